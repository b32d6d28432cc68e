/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * history: what a team's past says, derived from plain records of work items (docs/inputs.md,
 * "What is derived"). A pure function of its arguments: the file loader feeds it history.csv,
 * tests and importers may feed it anything.
 *
 * For each team and each of its working days (workdays.h) in the sampling window
 * [history_end - window_days + 1, history_end]: P planned and U unplanned completions (a
 * completion on a day off counts on the team's next working day, if that is still in the
 * window) and E epics in progress. An epic is in progress from the earliest `started` of its
 * items (or, if none has one, its earliest `done`) to its latest `done`, or to history_end while
 * any of its items is open. Week samples sum the days of each Monday-to-Sunday week lying
 * entirely inside the window with at least one working day. A team's epic sizes are the planned
 * item counts of its epics whose items are all done.
 *
 * History is seen as of history_end: a done after it is open, a start after it has not
 * happened (such an item is left out of its epic), so an earlier history_end replays what was
 * known then. Cost: O(records + teams * window days).
 *
 * No padding: a team's samples start no earlier than its history_start when given, else its
 * first record (its earliest started or done as of history_end): the days before an export
 * begins are not days on which nothing was done. window_start and window_shortened say where
 * each team's window starts.
 */
#ifndef SHIPCAST_HISTORY_H
#define SHIPCAST_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "status.h"

/* Persistence of pace: over the last 365 calendar days (from the team's first record at the
 * earliest), planned completions in blocks of 20 working days counted back from history_end.
 * pace_excess is the variance of the blocks' log pace beyond what independent days would give
 * (docs/calibration.md), 0 with fewer than 3 blocks; pace_blocks says how many there were. */

/* history_record (one work item of history.csv) is declared in plan.h, which keeps them. */

/* Fills, for each of teams[0..n_teams), n_days and day_date/day_planned/day_unplanned/
 * day_streams, n_weeks and week_planned/week_unplanned/week_streams/week_working_days, and
 * n_epics/epic_sizes, window_start, window_shortened, pace_excess and pace_blocks, reading only its
 * days_off/n_days_off and history_start. The arrays are new (the teams own them; on failure some
 * may be set, for plan_destroy or the caller to free). window_days >= 1 and the window lies in
 * years 1..9999. Returns STATUS_OK or STATUS_ENOMEM. */
status_code history_derive(const history_record *recs, size_t n_recs, int32_t n_epics,
                           int32_t history_end, int32_t window_days, plan_team *teams,
                           int32_t n_teams, status *st);

/* Frees what history_derive allocated in team (its day, week and epic arrays) and sets those
 * pointers to NULL; safe on a team it never filled. */
void history_team_fini(plan_team *team);

#endif
