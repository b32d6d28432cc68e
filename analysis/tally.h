/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tally: streaming statistics of trial results, in integer counts.
 *
 * For every item, and for the plan as a whole (the last finish of all items), a tally keeps a
 * histogram of the finish day offset over 0..n_days-1, a count of "not within cap" (any later
 * finish) and of "done before the start", the sum of finish days, and how often the item sat
 * on the critical chain; for the plan also the distribution of how many items were done by the
 * horizon. Memory is fixed at creation and does not grow with the number of trials. Everything
 * is an integer, so merging tallies gives the same bytes in any order: results do not depend
 * on how trials were spread over threads.
 */
#ifndef SHIPCAST_TALLY_H
#define SHIPCAST_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#include "packed.h"
#include "terms.h"

/* finish-day codes: TERMS_DONE_BEFORE_START, TERMS_NOT_WITHIN_CAP, TERMS_NOT_IN_SCENARIO
 * (terms.h), the model's */
/* horizon_day when there is no horizon */
#define TALLY_NO_HORIZON INT32_MIN

typedef struct tally tally;

/* A tally of n_items items over day offsets 0..n_days-1 (n_days >= 1). horizon_day is the
 * horizon's day offset (may be negative) or TALLY_NO_HORIZON. NULL on allocation failure. */
tally *tally_create(int32_t n_items, int32_t n_days, int32_t horizon_day);
void tally_destroy(tally *t);

/* The same, keeping only the plan's statistics (its finish and the items done by the horizon):
 * for runs that ask only about the whole plan (the sensitivity analysis), at 4 bytes per day
 * instead of 4 per item and day. Per-item functions then take tally_plan_index() only. */
tally *tally_create_plan_only(int32_t n_items, int32_t n_days, int32_t horizon_day);

/* Adds one trial: each item's finish day offset (or a code above) and its chain flags (bit 0
 * set: on the plan's binding chain; other bits are ignored; critical may be NULL). Items
 * TERMS_NOT_IN_SCENARIO count for nothing: not for the plan's finish, not for the items done
 * by the horizon. */
void tally_add(tally *t, const int32_t *finish_day, const uint8_t *critical);

/* Adds src's counts into dst; both created with the same sizes. */
void tally_merge(tally *dst, const tally *src);

/* Appends t's counts to pk (packed.h); the layout depends only on how t was created (its
 * sizes, plan-only or not). */
void tally_pack(const tally *t, packed *pk);

/* Reads counts written by tally_pack of a tally created alike (or their reduction) from pk,
 * replacing t's. */
void tally_unpack(tally *t, packed *pk);

uint64_t tally_trials(const tally *t);
int32_t tally_items(const tally *t);
int32_t tally_days(const tally *t);

/* The plan's index in the per-item functions below: its finish is the last item's finish,
 * "not within cap" if any item is. */
int32_t tally_plan_index(const tally *t);

/* Trials in which `item` was finished on or before day offset `day` (done-before-start
 * counts as finished before every day). */
uint64_t tally_count_by(const tally *t, int32_t item, int32_t day);
/* Trials in which `item` finished exactly on day offset `day` (0 <= day < n_days). */
uint64_t tally_count_on(const tally *t, int32_t item, int32_t day);
uint64_t tally_not_within_cap(const tally *t, int32_t item);
uint64_t tally_done_before_start(const tally *t, int32_t item);
uint64_t tally_critical(const tally *t, int32_t item);

/* The p-th percentile (0 < percent <= 100) of the finish day: the smallest day offset whose
 * cumulative count reaches percent% of the trials; TERMS_DONE_BEFORE_START if the item was
 * done before the start in that many trials, TERMS_NOT_WITHIN_CAP if the percentile lies
 * beyond the cap. Exact integer arithmetic. */
int32_t tally_percentile(const tally *t, int32_t item, uint32_t percent);

/* Mean finish day over the trials that finished within the cap after the start; false if
 * there were none. */
bool tally_mean_day(const tally *t, int32_t item, double *mean_day);

/* First and last day offset with a nonzero count, or false if all counts are zero. */
bool tally_day_range(const tally *t, int32_t item, int32_t *first, int32_t *last);

/* Trials in which exactly k items (0 <= k <= n_items) were finished by the horizon; all zero
 * without a horizon. */
uint64_t tally_done_by_horizon(const tally *t, int32_t k);

#endif
