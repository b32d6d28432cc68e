/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * paired: the mean of paired differences between two scenarios, with its Monte Carlo error.
 *
 * Scenarios of one run share their random numbers trial by trial (common random numbers), so
 * the difference of a quantity between two scenarios in the same trial is mostly the effect of
 * the scenario. Differences are whole days or whole items, kept as exact integer sums, so
 * merging is order-free and results do not depend on the thread count.
 */
#ifndef SHIPCAST_PAIRED_H
#define SHIPCAST_PAIRED_H

#include <stdbool.h>
#include <stdint.h>

#include "packed.h"

typedef struct paired_delta {
    uint64_t n;
    int64_t sum;
    uint64_t sum_sq;
} paired_delta;

static inline void paired_add(paired_delta *p, int64_t delta)
{
    p->n++;
    p->sum += delta;
    p->sum_sq += (uint64_t)(delta * delta);
}

static inline void paired_merge(paired_delta *dst, const paired_delta *src)
{
    dst->n += src->n;
    dst->sum += src->sum;
    dst->sum_sq += src->sum_sq;
}

/* Appends p's sums to pk (packed.h, sum64; the signed sum as its two's complement). */
void paired_pack(const paired_delta *p, packed *pk);

/* Reads sums written by paired_pack (or their reduction) from pk, replacing p's. */
void paired_unpack(paired_delta *p, packed *pk);

/* Mean difference and the half-width of its 95 % confidence interval (normal approximation,
 * 1.96 standard errors); false with fewer than two pairs. */
bool paired_mean_ci95(const paired_delta *p, double *mean, double *half_width);

#endif
