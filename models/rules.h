/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules: what a team does on a day. This file and rules.c are the delivery model's
 * specification, executable (DESIGN.md "The model", rules 1-5):
 *
 *   - a trial starts by drawing every item's size (and the risks that happen); done items
 *     satisfy their dependents at once, in-progress items hold a WIP slot from the start;
 *   - an item is ready on its team's first working day after its last prerequisite finished,
 *     plus the edge's lag in that team's working days, and never before its earliest day
 *     (the start, its not_before date, a risk's delay);
 *   - on each of its working days a team first pulls ready items into its free WIP slots in
 *     priority order, then draws the day's capacity (capacity.h) and pours it into its active
 *     items at equal rates (processor sharing); an item whose work is done finishes that day
 *     and its slot is refilled at once from the ready set, the new item sharing what is left
 *     of the day (also when nothing is left); capacity with nothing to work on is lost;
 *   - a trial ends when every item is done or at the cap; the binding chains are walked back
 *     from the plan's last finishes and from the items that missed their due dates.
 *
 * Which team-days are simulated is not the rules' business: schedule.c calls
 * rules_team_day for every day on which something can change and rules_quiet_day for the
 * days in between, which is exactly what rules_team_day does on such a day. The rules never
 * call the scheduler: items whose ready day becomes known are left in the trial's outbox
 * (delivery_trial.newly_ready) for it to collect.
 *
 * All functions work on a trial workspace w whose model w->m is set; none allocates or fails.
 * Day arguments are day offsets from the scenario's start, 0..cap_days.
 */
#ifndef SHIPCAST_RULES_H
#define SHIPCAST_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "delivery_state.h"
#include "rng_stream.h"

/* Resets w for trial w->trial_idx: the trial's random streams, risks and sizes; done and
 * in-progress items; the items ready from the start go to the outbox. */
void rules_start_trial(delivery_trial *w);

/* Item `item`, waiting for this day, joins its team's ready set (its ready day has come). */
void rules_make_ready(delivery_trial *w, int32_t item);

/* The whole of team `team`'s working day `day`: pull, capacity, sharing, finishes, refills. */
void rules_team_day(delivery_trial *w, int32_t team, int32_t day);

/* Each active item's share of a day whose capacity before the level is `raw`: raw / n_active
 * at level 1 (exactly the plain model's division), else raw * (level / n_active). */
static inline double rules_day_share(const team_state *ts, double raw)
{
    return ts->level == 1.0 ? raw / ts->n_active : raw * (ts->level / ts->n_active);
}

/* Each active item's share of the team's working day `day` (n_active >= 1), from the share
 * tables when the team has them and its level is 1. */
static inline double rules_share(const delivery_trial *w, int32_t team, int32_t day)
{
    const team_model *tm = &w->m->teams[team];
    const team_state *ts = &w->teams[team];
    const double *shares = ts->level == 1.0 ? team_share_table(tm, ts->n_active) : NULL;
    if (shares)
        return shares[capacity_sample(&tm->capacity, ts->stream, day)];
    return rules_day_share(ts, capacity_on_day(&tm->capacity, ts->stream, day, ts->n_active));
}

/* A day on which each active item of a team with nothing to pull gets `share`: if no active
 * item finishes with it, the day is applied and true is returned; otherwise nothing changes
 * and the day needs rules_team_day. */
static inline bool rules_quiet_day(team_state *ts, double share)
{
    double work = ts->work_per_slot + share;
    if (work < ts->least_finish_at - WORK_EPSILON) {
        ts->work_per_slot = work;
        return true;
    }
    return false;
}

/* The quiet days of a stretch: rules_quiet_day for the team's working days of rank `rank`,
 * rank + 1, ... (workcal ranks) up to `end` (excluded) while they are quiet; with `kept` (room
 * for end - rank values) the work per slot after each day is stored there. Returns the rank
 * of the first day that is not quiet, or `end`. The same results as day by day, faster: the
 * table lookups and the stream position are taken out of the loop. */
int32_t rules_quiet_days(delivery_trial *w, int32_t team, int32_t rank, int32_t end, double *kept);

/* Marks the binding chains of the trial (delivery_chains): the plan's, from every item that
 * finished on its last day, and the late ones, from every due-dated item that missed its due
 * date. */
void rules_mark_chains(delivery_trial *w);

#endif
