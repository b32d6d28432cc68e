/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * packed: a module's integer statistics laid out as flat arrays of words, so that processes
 * can combine them with a plain element-wise reduction (MPI_Reduce with MPI_SUM or MPI_MAX, in
 * run/cluster.h) and the module can read the combined counts back.
 *
 * Three lanes, by the rule that combines two words:
 *   sum32  32-bit counters added modulo 2^32 (day histograms, the burn-up's difference table,
 *          whose cells wrap on purpose);
 *   sum64  64-bit counters added modulo 2^64 (trials, sums; a signed sum travels as its two's
 *          complement, exact as long as the true total fits);
 *   max64  the larger word wins ("the latest grid date any trial reached", "some trial left
 *          an item unfinished": 0 or 1).
 * A module writes its counts in an order fixed by its creation sizes, never by its contents,
 * so two processes that created a module alike write the same layout and the reduction of
 * their arrays is the module's own merge.
 *
 * Two passes: a zeroed packed (`packed pk = {0}`) only counts the words written into it;
 * packed_init then allocates lanes of those sizes, to be written from the start, and
 * packed_rewind moves back to the start to read the words (after the reduction) in the same
 * order. Writing or reading past a lane's size is a broken invariant (assert).
 */
#ifndef SHIPCAST_PACKED_H
#define SHIPCAST_PACKED_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct packed {
    uint32_t *sum32; /* NULL: counting only */
    uint64_t *sum64;
    uint64_t *max64;
    size_t n_sum32, n_sum64, n_max64;    /* words each lane holds */
    size_t at_sum32, at_sum64, at_max64; /* the next word to write or read */
} packed;

/* Allocates lanes of the sizes a counting pass found (counted->at_*), zeroed, positioned at the
 * start. On STATUS_ENOMEM *pk is empty (packed_fini is still allowed). */
status_code packed_init(packed *pk, const packed *counted, status *st);

/* Frees the lanes; a zeroed packed is fine. */
void packed_fini(packed *pk);

/* Back to the first word of every lane. */
void packed_rewind(packed *pk);

/* dst's words combined with src's by each lane's rule: what the MPI reduction does, for one
 * process (tests, a serial merge). Both laid out alike (same sizes). */
void packed_add(packed *dst, const packed *src);

/* Writing: one word, or n words from an array. */
void packed_put_sum32s(packed *pk, const uint32_t *words, size_t n);
void packed_put_sum64(packed *pk, uint64_t word);
void packed_put_max64(packed *pk, uint64_t word);

/* Reading, in the order written. */
void packed_take_sum32s(packed *pk, uint32_t *words, size_t n);
uint64_t packed_take_sum64(packed *pk);
uint64_t packed_take_max64(packed *pk);

/* Bytes of the words written so far into the three lanes: after a counting pass, the size of
 * the reduction. */
size_t packed_bytes(const packed *pk);

#endif
