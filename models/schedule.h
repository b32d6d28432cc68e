/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule: which team-days a trial simulates, and in what order.
 *
 * The rules (rules.h) say what a team does on a day; this module walks the days. Two
 * schedulers give the same bytes, because they make the same rule calls for each team in the
 * same order (teams are independent within a day: nothing a team does on day d reaches
 * another before d + 1):
 *   - plain: every working day of every team with unfinished items, in day order: the
 *     reference, the model as written;
 *   - skipping (the default): a team is visited only on the days on which its work can change
 *     other than by equal shares: when one of its items finishes, or when an item becomes
 *     ready while it has a free slot. The days in between are rules_quiet_day calls in a
 *     tight loop, run ahead when the team is left (a sleep until its next finish). A team
 *     with a free slot sleeps speculatively: it keeps the work per slot of each day it ran
 *     ahead, so an item that becomes ready before the sleep's end takes it back to the
 *     evening before in O(1); draws are pure functions of the date, so nothing is replayed.
 *     Days come from a day-bucket calendar (sim/day_calendar.h): readiness events before team
 *     visits on each day.
 *
 * A schedule is one thread's workspace, created for a model and usable with every model of
 * the same plan (same teams and items).
 */
#ifndef SHIPCAST_SCHEDULE_H
#define SHIPCAST_SCHEDULE_H

#include "delivery_state.h"
#include "status.h"

/* A workspace for trials of m's plan. NULL on allocation failure. */
schedule *schedule_create(const delivery_model *m);

/* Frees it; NULL is a no-op. */
void schedule_destroy(schedule *s);

/* Runs the trial that rules_start_trial(w) has set up, to its end or the cap, with the
 * scheduler w->m->skipping selects. STATUS_ENOMEM if the calendar could not grow. */
status_code schedule_run(delivery_trial *w);

#endif
