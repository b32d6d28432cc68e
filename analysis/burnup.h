/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * burnup: "how many items by when", streamed over trials in integer counts.
 *
 * For every date of a fixed grid a burn-up keeps the distribution of the number of items done
 * by that date: count(g, k) = trials in which exactly k items were done on or before grid date
 * g. burnup.csv and the report's fan chart are its quantiles per date.
 *
 * The grid: every Monday-to-Friday date from the start up to 366 days after it, then only
 * Fridays, up to the last day of the cap; the horizon (when it lies inside) and the cap's
 * last day are always grid dates, so that the horizon's row exists and nothing that finishes
 * within the cap falls off the end. An item finishing on day d counts as done from the first
 * grid date on or after d; an item done before the start counts from the first grid date.
 *
 * Cost, stated: a trial's done-count is a step function of the grid index, so a trial adds one
 * count where its path starts and two (-1 at the old count, +1 at the new) where it steps, in
 * a difference table of (n_items + 1) x n_dates 32-bit counters kept modulo 2^32; the count
 * itself is a prefix sum over the grid, exact because no count exceeds the trials (at most
 * 10^9). So a trial costs O(items + the grid dates up to its last finish), and memory is
 * 4 bytes per item and grid date, about 1.9 KB per item at the default 5-year cap (263 weekdays
 * in the first year, then 209 Fridays: 474 dates), fixed at creation whatever the trials:
 * a quarter of the tally's 4 bytes per item and calendar day. burnup_bytes() is the figure.
 *
 * The simulated span, the dates burnup_curve_compute returns: from the first grid date to the
 * first grid date on or after the latest finish within the cap seen in any trial (then every
 * trial's count has stopped moving), extended to the horizon if that is later; to the cap's
 * last day if any trial left an item not done within the cap (its curve never reaches scope).
 *
 * Quantiles of a count: done_qP is the smallest k with P(done <= k) > P %, equivalently the
 * largest k with P(done >= k) >= (100 - P) %: "at least done_q15 items with 85 %". This is
 * summary_done_by_horizon's rule, so done_q15 and done_q50 at the horizon equal
 * scenarios.csv's done_by_horizon_p85 and _p50 exactly, in integer arithmetic.
 *
 * Merging adds counters, so results are the same bytes for any spread of trials over threads.
 * Items TERMS_NOT_IN_SCENARIO (tally.h codes) count for nothing, not even for the scope.
 * Not thread-safe: one burnup per thread, merged after.
 */
#ifndef SHIPCAST_BURNUP_H
#define SHIPCAST_BURNUP_H

#include <stdint.h>
#include <stdio.h>

#include "csvout.h"
#include "packed.h"
#include "status.h"

/* Past this many days from the start the grid keeps only Fridays. */
enum { BURNUP_DAILY_DAYS = 366 };

enum { BURNUP_N_QUANTILES = 5 };
extern const uint32_t burnup_percents[BURNUP_N_QUANTILES]; /* 5, 15, 50, 85, 95 */

typedef struct burnup burnup;

/* A burn-up of n_items items (>= 0) over day offsets 0..n_days-1 (n_days >= 1) from
 * start_date (a date of date.h); horizon_day is the horizon's offset or TALLY_NO_HORIZON
 * (a horizon outside 0..n_days-1 adds no grid date). NULL on allocation failure. */
burnup *burnup_create(int32_t start_date, int32_t n_days, int32_t horizon_day, int32_t n_items);
void burnup_destroy(burnup *b);

/* Bytes a burn-up of n_items over n_days takes, at most (for the memory check). */
double burnup_bytes(int32_t n_items, int32_t n_days);

/* Adds one trial: each item's finish day offset or a code of tally.h (TERMS_DONE_BEFORE_START,
 * TERMS_NOT_WITHIN_CAP, TERMS_NOT_IN_SCENARIO); offsets outside 0..n_days-1 are "not done". */
void burnup_add(burnup *b, const int32_t *finish_day);

/* Adds src's counts into dst; both created with the same arguments. */
void burnup_merge(burnup *dst, const burnup *src);

/* Appends b's counts to pk (packed.h): the difference table (sum32, wrapping like the table),
 * the trials (sum64), and the scope, the latest grid date reached and whether a trial left
 * an item unfinished (max64: a burn-up without trials has scope 0). The layout depends only
 * on the creation arguments. */
void burnup_pack(const burnup *b, packed *pk);

/* Reads counts written by burnup_pack of a burn-up created alike (or their reduction) from
 * pk, replacing b's. */
void burnup_unpack(burnup *b, packed *pk);

uint64_t burnup_trials(const burnup *b);

/* The grid: n dates, and the date of grid index g (0 <= g < burnup_n_dates). */
int32_t burnup_n_dates(const burnup *b);
int32_t burnup_date(const burnup *b, int32_t g);

/* The quantiles of one scenario's burn-up over its simulated span, as plain data. */
typedef struct burnup_curve {
    int32_t n_dates;
    int32_t *date;                       /* n_dates dates, increasing */
    int32_t (*done)[BURNUP_N_QUANTILES]; /* per date: done_q05 .. done_q95 (burnup_percents) */
    int32_t scope;                       /* items in the scenario */
    int32_t horizon_row;                 /* row of the horizon, or -1 */
} burnup_curve;

/* Fills *out (owned by the caller: burnup_curve_fini) with the quantiles of b over the span.
 * Without trials the curve has no rows. STATUS_ENOMEM on allocation failure (*out is then
 * empty). */
status_code burnup_curve_compute(const burnup *b, burnup_curve *out, status *st);
void burnup_curve_fini(burnup_curve *c);

/* The same rule for any date of the grid: the P-th quantile (1 <= percent <= 99) of the items
 * done by grid date g. O(n_items + g * n_items); for tests and spot checks. */
int32_t burnup_quantile(const burnup *b, int32_t g, uint32_t percent);

/* burnup.csv: scenario,date,done_q05,done_q15,done_q50,done_q85,done_q95,scope, one row per
 * date of each scenario's curve. f is borrowed; fmt as csvout_init_format; STATUS_EIO on a
 * write error (named `name`). */
status_code burnup_write_csv(FILE *f, const char *name, const csvout_format *fmt,
                             const char *const *scenario_names, const burnup_curve *curves,
                             int32_t n_scenarios, status *st);

#endif
