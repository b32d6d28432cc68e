/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * terms: the arithmetic and the limits that the model (models/) and the data-quality report
 * (analysis/fit) share, in one place so they cannot drift apart. See DESIGN.md rule 1 and
 * models/capacity.h for the capacity formula these terms belong to.
 *
 *   - f(k): the context-switching table f(1..n) read at k streams per person: f(1) for
 *     k <= 1, linear between integer points, f(n) past the end (Weinberg's rule of thumb is
 *     about one person juggling projects, so k counts streams per person);
 *   - k = max(1, streams / people);
 *   - the capacity multiplier of a team at the start: people now / people in the history
 *     times f(k now) / (the mean over history days of f(k_j)): 1 replays the history.
 *
 * And the values every layer agrees on: the most trials a run may have (statistics count in
 * 32 bits), the finish-day codes the model hands to the statistics, and "no such day".
 */
#ifndef SHIPCAST_TERMS_H
#define SHIPCAST_TERMS_H

#include <stdint.h>

/* Trials per run: 1..TERMS_TRIALS_MAX (per-day counts are 32-bit). */
#define TERMS_TRIALS_MAX UINT64_C(1000000000)

/* Finish day codes besides day offsets 0.. from the start. */
#define TERMS_DONE_BEFORE_START (-1)            /* done before the start (status done) */
#define TERMS_NOT_WITHIN_CAP    INT32_MAX       /* not done within cap_years */
#define TERMS_NOT_IN_SCENARIO   (INT32_MIN + 1) /* not in this scenario: counts for nothing */

/* No such day (beyond every table and cap). The same value as TERMS_NOT_WITHIN_CAP: a day
 * that never comes is later than every day. */
#define TERMS_DAY_NEVER INT32_MAX

/* f(k) of a table of n >= 1 values in (0, 1]. */
double terms_context_share(const double *table, int32_t n, double k);

/* k = max(1, streams / people), people > 0. */
double terms_streams_per_person(double streams, double people);

/* The capacity multiplier: people_now / history_people * f_now / f_history_mean, with
 * history_people, f_history_mean > 0; 0 when people_now <= 0. */
double terms_capacity_multiplier(double people_now, double history_people, double f_now,
                                 double f_history_mean);

#endif
