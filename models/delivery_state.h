/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delivery_state: the data of the delivery model, shared by its three files and by nothing
 * else (include delivery.h instead):
 *   - delivery.c builds the immutable model of a scenario and the per-thread trial workspace;
 *   - rules.c is what a team does on a day (the specification, executable);
 *   - schedule.c decides which team-days need simulating and calls the rules.
 * The model part is read-only during trials; the trial part is one thread's, reset per trial.
 */
#ifndef SHIPCAST_DELIVERY_STATE_H
#define SHIPCAST_DELIVERY_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "capacity.h"
#include "delivery.h"
#include "workcal.h"

/* held_by of an item that nothing but the start (or its not_before date) held */
enum { HELD_BY_START = -2 };

enum item_state { ITEM_WAITING = 0, ITEM_READY, ITEM_ACTIVE, ITEM_DONE };

/* Work left below this is zero: sizes are whole stories and capacities are sums of products
 * of small numbers, so rounding errors are many orders of magnitude smaller. */
#define WORK_EPSILON 1e-9

/* ---- the model (one scenario, immutable) ------------------------------------------------ */

typedef struct team_model {
    workcal cal;
    capacity_model capacity;
    uint64_t name_hash; /* the team's entity in random keys */
    int32_t wip;
    double split_low, split_high; /* the team's split factor range */
    int32_t n_items;
    int32_t *items;      /* the team's items in priority order (rank -> item) */
    int32_t n_words;     /* 64-bit words of the ready set */
    int32_t *epic_sizes; /* the team's historical epic sizes, sorted (an owned copy) */
    int32_t n_epic_sizes;
    /* Where capacity has tables (capacity_table): each active item's share of a day, per
     * sample, with a = 1..n_share_tables items in progress: capacity_table(a)[j] / a, the
     * same division the rules make. NULL otherwise. */
    double *share_tables;
    int32_t n_share_tables;
} team_model;

/* The shares of the samples with n_active items in progress, or NULL. */
static inline const double *team_share_table(const team_model *tm, int32_t n_active)
{
    if (n_active < 1 || n_active > tm->n_share_tables)
        return NULL;
    return tm->share_tables + (size_t)(n_active - 1) * (size_t)tm->capacity.n_samples;
}

typedef struct item_model {
    bool in_scenario;   /* false: a scenario dropped it, or it belongs to another scenario */
    uint64_t name_hash; /* the item's entity in random keys */
    int32_t team;
    int32_t rank;
    int32_t size_low, size_high;
    bool from_epics;
    double split_low, split_high; /* this item's split factor range */
    plan_item_status status;
    int32_t done_stories;
    int32_t earliest; /* first working day on/after max(start, not_before), or TERMS_DAY_NEVER */
    int32_t n_prereqs;
    int32_t first_edge;                    /* plan order index of its first depends_on edge */
    int32_t first_dependent, n_dependents; /* into delivery_model.dependents */
} item_model;

/* A dependency edge seen from its prerequisite: the dependent, the lag in the dependent's
 * working days, and the dependent team's calendar (where the lag is counted). */
typedef struct dependent_edge {
    int32_t item;
    int32_t lag;
    const workcal *cal;
} dependent_edge;

typedef struct risk_model {
    uint64_t name_hash; /* the risk's entity: the same trials in every scenario */
    double probability;
    int32_t extra_low, extra_high;
    int32_t delay_days;
    int32_t n_items;
    const int32_t *items;
} risk_model;

struct delivery_model {
    const plan *p;
    const plan_scenario *scenario;
    plan_settings settings;
    int32_t n_teams, n_items;
    int32_t cap_days; /* last day offset a team may work */
    int32_t n_days;   /* cap_days + 1 */
    team_model *teams;
    item_model *items;
    dependent_edge *dependents; /* by prerequisite: item_model.first_dependent.. */
    int32_t n_edges;            /* dependency edges of the plan */
    int32_t n_risks;
    risk_model *risks;
    bool skipping; /* schedule.c skips the team-days that cannot change anything */
};

/* Whether the model's scenario removes plan edge `edge` (remove_dependency). */
static inline bool delivery_edge_removed(const delivery_model *m, int32_t edge)
{
    return m->scenario->edge_removed && m->scenario->edge_removed[edge];
}

/* ---- one trial (one thread's workspace) -------------------------------------------------- */

/* What the rules keep per team. Processor sharing in "work per slot": W is the work each
 * active item has received since the team's last completion (every active item receives the
 * same), and an active item finishes when W reaches its threshold finish_at[item] (its work
 * left at the last completion, or its size when it started since). A day without a completion
 * adds capacity / n_active to W and touches no item. */
typedef struct team_state {
    int32_t n_active;
    int32_t *active; /* item indices, up to the team's item count */
    uint64_t *ready; /* bit r set: the item of rank r is ready */
    int32_t n_ready; /* bits set in ready */
    int32_t unfinished;
    double work_per_slot;   /* W */
    double least_finish_at; /* min finish_at over the active items; HUGE_VAL with none */
    uint64_t stream;        /* the team's capacity stream in this trial */
    double level;           /* the team's pace level in this trial (pace = level), else 1 */
    double head_start;      /* stories already done on the team's first item (pace = level) */
} team_state;

typedef struct schedule schedule;

struct delivery_trial {
    const delivery_model *m;
    uint64_t trial_idx;
    uint64_t trial_key; /* rng_key_trial(seed, trial_idx) */
    team_state *teams;
    uint8_t *state;
    double *finish_at; /* active items: W at which the item is done */
    int32_t *prereqs_left;
    int32_t *ready_day;    /* the day the item is (or will be) ready, once known */
    int32_t *held_by;      /* the prerequisite that made it wait last, or HELD_BY_START */
    int32_t *handover_day; /* the latest hand-over day of its prerequisites (before delays) */
    int32_t *freed_by;     /* items that took a freed slot: the item whose finish freed it */
    int32_t *finished;     /* scratch: the items finished in one step of a team's day */
    int32_t *start_day;
    int32_t *size; /* stories this trial, after split and risks */
    int32_t *finish_day;
    /* the binding chains (rules_mark_chains; see delivery_chains) */
    uint8_t *chain_item;
    uint8_t *chain_edge;
    uint8_t *chain_team;
    int32_t *team_wait_days;
    int32_t chain_days;
    int32_t n_resource;
    int32_t *resource_from, *resource_to;
    uint8_t *resource_bits;
    int32_t *walk;          /* the chain walk's stack */
    int32_t *extra_stories; /* from the risks that happened in this trial */
    int32_t *delay_days;
    /* The rules' outbox: items whose ready day became known, for the scheduler to put in the
     * calendar (the rules never call the scheduler). */
    int32_t *newly_ready;
    int32_t n_newly_ready;
    schedule *sched; /* the scheduler's own state (schedule.c) */
    /* pools the team states point into */
    int32_t *active_pool;
    uint64_t *ready_pool;
};

#endif
