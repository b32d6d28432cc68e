/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng_alias: draws from a fixed discrete distribution (index j with probability w_j / sum w)
 * with one 64-bit random number, in constant time: Walker's alias method (Walker, "An
 * efficient method for generating discrete random variables with general distributions", ACM
 * TOMS 1977), tables built as in Vose (IEEE TSE 1991).
 *
 * One number x gives both parts of a draw: the column j = floor(x n / 2^64) (the high half of
 * the 128-bit product, as rng_below) and the coin (the low half, uniform within the column):
 * keep j when the coin is below cut[j], else take alias[j]. So a weighted draw is the same
 * pure function of x as an unweighted one, and with equal weights it is rng_below's column
 * exactly (every cut is 2^64 - 1 and nothing is aliased... apart from a column's very top,
 * which has probability 2^-64). The column's bias without rng_below's rejection step is below
 * n / 2^64.
 *
 * An rng_alias owns its tables; immutable after rng_alias_init, shared by threads.
 */
#ifndef SHIPCAST_RNG_ALIAS_H
#define SHIPCAST_RNG_ALIAS_H

#include <stdint.h>

#include "rng_stream.h"
#include "status.h"

typedef struct rng_alias {
    int32_t n;
    uint64_t *cut;  /* keep the column when the coin is below this */
    int32_t *alias; /* the column's other index */
} rng_alias;

/* Builds the tables of weights w[0..n-1] (finite, >= 0, not all 0; n >= 1) into caller storage.
 * STATUS_ENOMEM (a is then empty), STATUS_EINPUT for weights that break the rule. */
status_code rng_alias_init(rng_alias *a, const double *w, int32_t n);

/* Frees the tables; safe on a zeroed or finalised value. */
void rng_alias_fini(rng_alias *a);

/* The index drawn by the random number x. */
static inline int32_t rng_alias_draw(const rng_alias *a, uint64_t x)
{
    uint64_t n = (uint64_t)a->n;
    rng_u128 m = (rng_u128)x * n;
    int32_t j = (int32_t)(m >> 64);
    return (uint64_t)m < a->cut[j] ? j : a->alias[j];
}

#endif
