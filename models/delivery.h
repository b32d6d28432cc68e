/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delivery: the delivery process of a plan as event handlers on the engine.
 *
 * A delivery_model is built once per scenario from a validated plan; it is immutable and
 * shared by all threads. A delivery_trial is one thread's workspace (engine, random streams,
 * per-item and per-team state): delivery_trial_run() resets it and simulates trial k, so that
 * trial k gives the same result on a fresh or a reused workspace, on any thread. Nothing is
 * allocated inside a trial.
 *
 * Model semantics (DESIGN.md "The model"): each team works on its working days; at the start
 * of a day it fills free WIP slots from its ready items in priority order, then draws one
 * historical day (or week) of capacity,
 *     C = (P_j + (1 - s) U_j r) * people / history_people * f(k_now) / f(k_j),
 * and pours it into its active items at equal rates (processor sharing), refilling a freed
 * slot at once. Dependencies are finish-to-start with lags in the dependent team's working
 * days. Engine time is calendar days from the start date; results are day offsets.
 */
#ifndef SHIPCAST_DELIVERY_H
#define SHIPCAST_DELIVERY_H

#include <stdbool.h>
#include <stdint.h>

#include "plan.h"
#include "status.h"

/* finish day of an item that was done before the start */
#define DELIVERY_DONE_BEFORE_START (-1)
/* finish day of an item that is not in the scenario (dropped, or another scenario's) */
#define DELIVERY_NOT_IN_SCENARIO (INT32_MIN + 1)
/* finish day of an item that did not finish within the cap */
#define DELIVERY_NOT_WITHIN_CAP INT32_MAX

/* Random-stream purposes. Append only: renumbering would change every result. */
enum delivery_purpose {
    DELIVERY_PURPOSE_CAPACITY = 1,
    DELIVERY_PURPOSE_SIZE = 2,
    DELIVERY_PURPOSE_SPLIT = 3,
    DELIVERY_PURPOSE_RISK = 4
};

typedef struct delivery_model delivery_model;
typedef struct delivery_trial delivery_trial;

/* Builds the model of scenario `scenario_idx` of plan p (borrowed: it must outlive the
 * model). */
status_code delivery_model_create(const plan *p, int32_t scenario_idx, delivery_model **out,
                                  status *st);
void delivery_model_destroy(delivery_model *m);

/* Shortcuts (the default): teams that nothing outside can reach any more run ahead to their
 * end in one go, and teams whose slots are all taken sleep until their next completion, both
 * without the event calendar. Disabling them gives the same results more slowly: tests use it
 * as the straightforward day-by-day reference. */
void delivery_model_set_shortcuts(delivery_model *m, bool enabled);

/* Days simulated at most: the trial stops at day offset delivery_model_cap_days(). */
int32_t delivery_model_cap_days(const delivery_model *m);

/* The capacity multiplier of `team` at the start with its WIP limit full (see
 * capacity_model_multiplier); NAN for estimated teams and teams without plan items. */
double delivery_model_team_multiplier(const delivery_model *m, int32_t team);

status_code delivery_trial_create(const delivery_model *m, delivery_trial **out, status *st);
void delivery_trial_destroy(delivery_trial *w);

/* Simulates trial `trial_idx` of model m on workspace w (which must have been created for a
 * model of the same plan). */
status_code delivery_trial_run(delivery_trial *w, const delivery_model *m, uint64_t trial_idx,
                               status *st);

/* Results of the last run, indexed like plan.items: the finish day offset from the start (or
 * DELIVERY_DONE_BEFORE_START / DELIVERY_NOT_WITHIN_CAP / DELIVERY_NOT_IN_SCENARIO), and
 * whether the item lies on the chain of constraints that set the plan's last finish (1) or
 * not (0). Valid until the next run on w. */
const int32_t *delivery_trial_finish_days(const delivery_trial *w);
const uint8_t *delivery_trial_critical(const delivery_trial *w);
/* Each item's size in stories in the last run (after split factors and risks). */
const int32_t *delivery_trial_sizes(const delivery_trial *w);

#endif
