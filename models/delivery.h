/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delivery: the delivery process of a plan: its model per scenario and trials of it.
 *
 * A delivery_model is built once per scenario from a validated plan; it is immutable and
 * shared by all threads, and borrows the plan (which must outlive it). A delivery_trial is one
 * thread's workspace: delivery_trial_run() resets it and simulates trial k of a model, so that
 * trial k gives the same result on a fresh or a reused workspace, on any thread, and with
 * skipping on or off. Nothing is allocated inside a trial once the first trials have sized
 * the calendar.
 *
 * Where to read what: rules.h/rules.c are the model's rules (what a team does on a day,
 * DESIGN.md "The model"); schedule.c decides which team-days to simulate; capacity.h is the
 * capacity formula; workcal.h the working days. Engine time is whole days from the scenario's
 * start (day offsets); results are day offsets too.
 *
 * Randomness (the reproducibility contract): every random number is number n of the stream
 * rng_key{seed, trial, entity, purpose} (rng_stream.h), where entity is rng_name_hash of a
 * stable name and n is fixed by what is drawn:
 *   - a team's capacity: entity = team name, purpose CAPACITY, n = the date (day mode), or
 *     the date of the week's Monday (weekly draws, week blocks, estimates);
 *   - an item's size: entity = item id, purpose SIZE, n = 0 (base size), then 1 (its split
 *     factor, when drawn per item); exact sizes draw nothing;
 *   - a risk: entity = risk id, purpose RISK, n = 0 (happens?), 1 (extra stories);
 *   - the trial's split factor (split_draw = trial): entity 0, purpose SPLIT, n = 0.
 * Reordering input rows, adding an item or a team, another start date or another day off
 * leave every other number as it was; scenarios of one run share them (common random
 * numbers).
 */
#ifndef SHIPCAST_DELIVERY_H
#define SHIPCAST_DELIVERY_H

#include <stdbool.h>
#include <stdint.h>

#include "plan.h"
#include "status.h"
#include "terms.h"

/* Random-stream purposes. Append only: renumbering would change every result. */
enum delivery_purpose {
    DELIVERY_PURPOSE_CAPACITY = 1,
    DELIVERY_PURPOSE_SIZE = 2,
    DELIVERY_PURPOSE_SPLIT = 3,
    DELIVERY_PURPOSE_RISK = 4,
    DELIVERY_PURPOSE_PACE = 5
};

typedef struct delivery_model delivery_model;
typedef struct delivery_trial delivery_trial;

/* Builds the model of scenario `scenario_idx` (0 <= scenario_idx < p->n_scenarios) of plan p.
 * Errors: STATUS_ENOMEM (*out is NULL then). */
status_code delivery_model_create(const plan *p, int32_t scenario_idx, delivery_model **out,
                                  status *st);

/* Frees the model; NULL is a no-op. Workspaces used with it may outlive it. */
void delivery_model_destroy(delivery_model *m);

/* Skipping (the default): a team is simulated only on the days on which its work can change
 * other than by equal shares (schedule.h). Off, every team works every working day: the
 * reference. Both give the same bytes; tests run everything both ways. */
void delivery_model_set_skipping(delivery_model *m, bool enabled);

/* Days simulated at most: the trial stops at day offset delivery_model_cap_days(). */
int32_t delivery_model_cap_days(const delivery_model *m);

/* The capacity multiplier of `team` at the start with its WIP limit full (see
 * capacity_model_multiplier); NAN for estimated teams and teams without plan items. */
double delivery_model_team_multiplier(const delivery_model *m, int32_t team);

/* A workspace for trials of m's plan (any scenario of it). Errors: STATUS_ENOMEM. */
status_code delivery_trial_create(const delivery_model *m, delivery_trial **out, status *st);

/* Frees the workspace; NULL is a no-op. */
void delivery_trial_destroy(delivery_trial *w);

/* Simulates trial `trial_idx` of model m on workspace w, which must have been created for a
 * model of the same plan. Errors: STATUS_ENOMEM when the calendar could not grow. */
status_code delivery_trial_run(delivery_trial *w, const delivery_model *m, uint64_t trial_idx,
                               status *st);

/* Results of the last run, indexed like plan.items, valid until the next run on w: the finish
 * day offset from the start (or TERMS_DONE_BEFORE_START / TERMS_NOT_WITHIN_CAP /
 * TERMS_NOT_IN_SCENARIO); the day it took a WIP slot (-1 if it never did); its size in
 * stories (after split factors and risks). */
const int32_t *delivery_trial_finish_days(const delivery_trial *w);
const int32_t *delivery_trial_start_days(const delivery_trial *w);
const int32_t *delivery_trial_sizes(const delivery_trial *w);

/* Binding chains. What held an item last: the prerequisite whose hand-over made it ready
 * (an edge; with ties, every tied prerequisite), or its team's capacity/WIP when it had to
 * wait for a slot after it was ready (then the chain goes on through the item whose finish
 * freed the slot: a resource edge, from => to). The plan's chain is walked back from every
 * item that finished on the plan's last day (none when the plan did not finish within the
 * cap); the late chains from every due-dated item that finished after its due date (or not
 * within the cap). */
enum { DELIVERY_CHAIN_PLAN = 1, DELIVERY_CHAIN_LATE = 2 };

typedef struct delivery_chains {
    const uint8_t *item;           /* per item: DELIVERY_CHAIN_* bits */
    const uint8_t *edge;           /* per dependency edge, in plan order (item by item, its
                                      depends_on in order): DELIVERY_CHAIN_* bits */
    const uint8_t *team;           /* per team: bits of the chains with an item of the team */
    const int32_t *team_wait_days; /* per team: days items of the team on the plan's chain
                                      waited for one of its slots */
    int32_t chain_days;            /* the plan's chain in days: last finish + 1, or 0 */
    int32_t n_resource;            /* resource edges on a chain, in the order found */
    const int32_t *resource_from;
    const int32_t *resource_to;
    const uint8_t *resource_bits;
} delivery_chains;

/* The chains of the last run, valid until the next run on w. */
void delivery_trial_chains(const delivery_trial *w, delivery_chains *out);

/* Per item: DELIVERY_CHAIN_* bits (delivery_chains.item). */
const uint8_t *delivery_trial_critical(const delivery_trial *w);

#endif
