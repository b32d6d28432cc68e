/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delivery_internal: the state the delivery model (delivery.c) and its shortcuts
 * (shortcuts.c) share. Not part of the model's interface: include delivery.h instead.
 */
#ifndef SHIPCAST_DELIVERY_INTERNAL_H
#define SHIPCAST_DELIVERY_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "capacity.h"
#include "delivery.h"
#include "engine.h"
#include "workcal.h"

enum { EVENT_ITEM_READY = 0, EVENT_WORKING_DAY = 1 };
enum { PRIORITY_READY = 0, PRIORITY_WORK = 1 };

/* No such day within the cap. */
#define DAY_NEVER INT32_MAX

/* held_by values besides a prerequisite's index */
enum { HELD_BY_TEAM = -1, HELD_BY_START = -2 };

enum item_state { ITEM_WAITING = 0, ITEM_READY, ITEM_ACTIVE, ITEM_DONE };

/* Work left below this is zero: sizes are whole stories and capacities are sums of products
 * of small numbers, so rounding errors are many orders of magnitude smaller. */
static const double WORK_EPSILON = 1e-9;

typedef struct team_model {
    workcal cal;
    capacity_model capacity;
    int32_t wip;
    double split_low, split_high; /* the team's split factor range */
    int32_t n_items;
    int32_t *items;  /* the team's items in priority order (rank -> item) */
    int32_t n_words; /* 64-bit words of the ready set */
    const int32_t *epic_sizes;
    int32_t n_epic_sizes;
} team_model;

typedef struct item_model {
    bool in_scenario; /* false: a scenario dropped it, or it belongs to another scenario */
    int32_t team;
    int32_t rank;
    int32_t size_low, size_high;
    bool from_epics;
    double split_low, split_high; /* this item's split factor range */
    plan_item_status status;
    int32_t done_stories;
    int32_t earliest; /* first working day on/after max(start, not_before), or DAY_NEVER */
    int32_t n_prereqs;
    int32_t n_ext_prereqs;                 /* prerequisites on other teams */
    int32_t first_dependent, n_dependents; /* into dependent_item / dependent_lag */
} item_model;

typedef struct risk_model {
    uint64_t index; /* in plan.risks: its random stream, the same in every scenario */
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
    int32_t *dependent_item;
    int32_t *dependent_lag;
    int32_t max_team_items;
    int32_t n_risks;
    risk_model *risks;
    bool shortcuts; /* run ahead and sleep (default): same results, less work */
};

typedef struct team_state {
    int32_t n_active;
    int32_t *active; /* item indices, up to the team's item count */
    uint64_t *ready; /* bit r set: the item of rank r is ready */
    int32_t unfinished;
    int32_t n_ready; /* bits set in ready */
    capacity_state capacity;
    /* What could still reach the team from outside: its waiting items with unfinished
     * prerequisites on other teams, and readiness events in the calendar. With neither, the
     * team's future depends on its own draws only and it runs ahead (run_ahead). */
    int32_t ext_waiting;
    int32_t ready_pending;
    int32_t *pending; /* own items made ready while running ahead */
    int32_t n_pending;
    bool finished_ahead;
    /* A team whose slots are all taken cannot change what it works on until one of its items
     * finishes: it sleeps until that day (sleep_until_completion), having drawn that day's
     * capacity already. -1 when awake; DAY_NEVER when nothing finishes within the cap. */
    int32_t wake_day;
    double stored_capacity;
    /* A team with a free slot and nothing ready sleeps too, speculatively: a readiness event
     * before its wake day rolls it back to this checkpoint (the day it fell asleep, its
     * stream, its weekly draw, its active items' work left) and replays the days in between. */
    bool speculative;
    int32_t checkpoint_day;
    uint64_t checkpoint_rng[4];
    capacity_state checkpoint_capacity;
    double *checkpoint_remaining; /* in active order */
} team_state;

struct delivery_trial {
    engine *eng;
    const delivery_model *m;
    uint64_t trial_idx;
    gsl_rng **capacity_rng; /* one stream per team */
    gsl_rng *size_rng;      /* reseeded per item */
    team_state *teams;
    int32_t *active_pool;
    uint64_t *ready_pool;
    double *remaining;
    uint8_t *state;
    int32_t *prereqs_left;
    int32_t *ready_day;
    int32_t *held_by;
    int32_t *start_day;
    int32_t *size; /* stories this trial, after split and risks */
    int32_t *finish_day;
    uint8_t *critical;
    int32_t *ext_left; /* per item: unfinished prerequisites on other teams */
    int32_t *pending_pool;
    int32_t running_ahead; /* the team running ahead, or -1 */
    bool starting;         /* in start_trial, before the first event */
    int32_t *live;         /* teams with unfinished items, in index order */
    int32_t n_live;
    int32_t next_day; /* the day of the WORKING_DAY event that counts; others are stale */
    double *checkpoint_pool;
    int32_t *extra_stories; /* from the risks that happened in this trial */
    int32_t *delay_days;
};

/* Fills free WIP slots from the ready set, highest priority first (delivery.c). */
void delivery_fill_slots(delivery_trial *w, int32_t team, int32_t day);

/* Shares `capacity` among the team's active items on `day`, finishing and refilling
 * (delivery.c). */
status_code delivery_pour_capacity(delivery_trial *w, int32_t team, int32_t day, double capacity);

/* shortcuts.c, after a team's day `day`: */
bool shortcuts_can_run_ahead(const delivery_trial *w, int32_t team);
status_code shortcuts_run_ahead(delivery_trial *w, int32_t team, int32_t day);
void shortcuts_sleep(delivery_trial *w, int32_t team, int32_t day);
/* On a readiness event for a speculatively sleeping team, and on a sleeping team's wake day. */
status_code shortcuts_roll_back(delivery_trial *w, int32_t team, int32_t day);
status_code shortcuts_wake(delivery_trial *w, int32_t team, int32_t day);

#endif
