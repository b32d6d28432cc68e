/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan: a plan folder as validated plain data.
 *
 * plan_load() reads PLAN_DIR/{history.csv, teams.csv, plan.csv, calendar.csv?, changes.csv?,
 * risks.csv?, scenarios.ini?},
 * validates everything and derives what the model needs: per team, its history in the
 * sampling window (one sample per working day, and one per calendar week), its historical epic
 * sizes and its days off. After a successful load every field below holds its documented
 * invariant, so the model never re-validates. On failure nothing is returned and the status
 * message names file, line, column and what was expected.
 *
 * Ownership: the plan owns every pointer inside it; plan_destroy() frees all. Dates are day
 * numbers (date.h); DATE_NONE means absent. Sizes are in stories (work items).
 */
#ifndef SHIPCAST_PLAN_H
#define SHIPCAST_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

enum { PLAN_CONTEXT_SWITCH_MAX = 16 };

/* Bytes of a scenario's decision record (plan_scenario.comment), its ending included. */
enum { PLAN_COMMENT_MAX = 4096 };

/* A plan team forecast from history needs at least this many working days with completions
 * (planned or unplanned) in the sampling window; with fewer, plan_load fails unless
 * plan_overrides.force (docs/inputs.md, teams.csv). */
enum { PLAN_MIN_COMPLETION_DAYS = 5 };

typedef enum plan_period { PLAN_PERIOD_DAY = 0, PLAN_PERIOD_WEEK } plan_period;

typedef enum plan_size_dist {
    PLAN_SIZE_UNIFORM = 0, /* uniform on the integers low..high */
    PLAN_SIZE_TRIANGULAR,  /* triangular on [low, high+1) with mode at the midpoint, floored */
    PLAN_SIZE_LOGNORMAL    /* log-normal with low/high as its 5th/95th percentiles, rounded */
} plan_size_dist;

typedef enum plan_bootstrap {
    PLAN_BOOTSTRAP_DAY = 0,   /* each working day draws one historical working day */
    PLAN_BOOTSTRAP_WEEK_BLOCK /* each week draws one historical week and replays its days */
} plan_bootstrap;

typedef enum plan_split_draw {
    PLAN_SPLIT_PER_ITEM = 0, /* every item draws its own split factor */
    PLAN_SPLIT_PER_TRIAL     /* one draw per trial (per team range), shared by its items */
} plan_split_draw;

typedef enum plan_pace {
    PLAN_PACE_PLAIN = 0, /* every historical sample equally likely, the team's pace as it was */
    PLAN_PACE_LEVEL      /* recent samples likelier, and a per-trial level of the team's pace */
} plan_pace;

typedef enum plan_item_status {
    PLAN_ITEM_TODO = 0,
    PLAN_ITEM_IN_PROGRESS, /* holds a WIP slot from the start; done_stories already finished */
    PLAN_ITEM_DONE         /* finished before the start; satisfies its dependents at once */
} plan_item_status;

/* Run settings: [baseline] of scenarios.ini, or a named scenario's copy of them with its
 * overrides applied. */
typedef struct plan_settings {
    int32_t start;           /* first simulated day; default history_end + 1 */
    int32_t horizon;         /* inclusive; DATE_NONE if not given */
    int32_t history_end;     /* last day of the sampling window; default latest done */
    int32_t history_start;   /* first day of the history export, for every team; DATE_NONE:
                                each team's first record (plan_team.history_start) */
    int32_t window_days;     /* calendar days in the sampling window, >= 1; default 90 */
    uint64_t trials;         /* 1..10^9 (statistics count in 32 bits); default 10000 */
    uint64_t seed;           /* master seed; default 1 */
    double interrupt_scale;  /* s in [0, 1]; default 1 (interruptions as in history) */
    double unplanned_effort; /* r >= 0; default 1 */
    double capacity_scale;   /* multiplies every team's capacity, (0, 100]; default 1 */
    /* f(1..n): productive share with k streams per person; f(1) > 0, all in (0, 1];
     * default 1, 0.8, 0.6, 0.4, 0.25 (Weinberg). */
    double context_switch[PLAN_CONTEXT_SWITCH_MAX];
    int32_t n_context_switch; /* >= 1 */
    int32_t cap_years;        /* 1..100; default 5: a trial never runs past 365 * cap_years days */
    plan_period period;       /* default PLAN_PERIOD_DAY */
    plan_size_dist size_dist; /* default PLAN_SIZE_UNIFORM */
    plan_bootstrap bootstrap; /* default PLAN_BOOTSTRAP_WEEK_BLOCK (a zeroed struct: day) */
    plan_split_draw split_draw; /* default PLAN_SPLIT_PER_ITEM */
    plan_pace pace;             /* default PLAN_PACE_LEVEL (a zeroed struct: plain) */
    double pace_half_life;      /* working days; 0: every sample equally likely */
    double pace_persistence;    /* k: weight of the team's own drift in the level's spread */
} plan_settings;

/* What a scenario makes of one team, after every level of setting is applied. For each key
 * the first of these that sets it wins: the scenario's `key[team]`, the scenario's `key`,
 * [baseline]'s `key[team]`, the team's column in teams.csv, [baseline]'s `key`, the default. */
typedef struct plan_team_settings {
    int32_t wip;             /* >= 1 */
    double interrupt_scale;  /* s in [0, 1] */
    double unplanned_effort; /* r in [0, 10] */
    double context_switch[PLAN_CONTEXT_SWITCH_MAX];
    int32_t n_context_switch;     /* >= 1 */
    double split_low, split_high; /* split factor range, 0 < low <= high <= 100; default 1, 1 */
    double capacity_scale;        /* multiplies the team's capacity, (0, 100]; default 1 */
} plan_team_settings;

typedef enum plan_change_kind {
    PLAN_CHANGE_JOIN = 0,     /* `amount` people join on `from`, ramping up over ramp_days */
    PLAN_CHANGE_LEAVE,        /* `amount` people leave on `from` */
    PLAN_CHANGE_ABSENCE,      /* `amount` people away from `from` to `until` inclusive */
    PLAN_CHANGE_CAPACITY_LOSS /* the team loses `amount` (0..1] of its capacity, from..until */
} plan_change_kind;

/* A dated change to a team's capacity (changes.csv). */
typedef struct plan_change {
    int32_t team;
    plan_change_kind kind;
    int32_t from;      /* first day it applies */
    int32_t until;     /* last day it applies (inclusive); DATE_NONE: open-ended */
    double amount;     /* people (> 0), or the share of capacity lost (0, 1] */
    int32_t ramp_days; /* JOIN only: working days to full productivity, >= 0 */
    long line;         /* line in changes.csv */
} plan_change;

/* A risk from risks.csv: with `probability`, drawn once per trial, it adds extra stories
 * (uniform on extra_low..extra_high, one draw per trial applied to each affected item) and/or
 * holds the affected items back by delay_days working days of their team. */
typedef struct plan_risk {
    char *id;
    double probability; /* [0, 1] */
    int32_t n_items;
    int32_t *items;                /* affected items (a team's row expands to all its items) */
    int32_t extra_low, extra_high; /* 0 <= low <= high */
    int32_t delay_days;            /* >= 0 */
    long line;                     /* line in risks.csv */
} plan_risk;

typedef struct plan_scenario {
    char *name; /* "baseline" for the first */
    plan_settings settings;
    plan_team_settings *teams; /* n_teams entries: this scenario's per-team values */
    int32_t n_changes;
    plan_change *changes; /* the changes.csv rows for every scenario and for this one */
    int32_t n_risks;
    int32_t *risks; /* indices into plan.risks active in this scenario */
    /* The items in this scenario (1) or not (0), n_items entries: plan.csv rows with a
     * `scenario` column belong to that scenario only, and a scenario's `drop` removes items.
     * No item in the scenario depends on one that is not. NULL: every item. */
    uint8_t *item_in;
    /* Each item's priority in this scenario (`priority[ID]` overrides plan.csv), n_items
     * entries; NULL: plan_item.priority. */
    double *item_priority;
    /* Dependencies this scenario removes (`remove_dependency = A->B`): one flag per dependency
     * edge in plan order (item by item, each item's deps in order); NULL: none. */
    uint8_t *edge_removed;
    long line; /* section line in scenarios.ini; 0 for a baseline without a file */
    /* The decision record: the comment on the section's line (`[wip-2] ; why`) and the comment
     * lines right below it, before its first key or a blank line, each without its `;` or `#`
     * and one space or tab, joined by newlines, otherwise verbatim; at most PLAN_COMMENT_MAX bytes
     * with its NUL (a longer record is cut on a character boundary and ends in an ellipsis,
     * U+2026). NULL when there is none. */
    char *comment;
} plan_scenario;

typedef struct plan_dep {
    int32_t item;     /* index of the prerequisite in plan.items */
    int32_t lag_days; /* working days of the dependent's team, >= 0 */
} plan_dep;

typedef struct plan_item {
    char *id;
    char *title;  /* may be "" */
    int32_t team; /* index into plan.teams */
    /* Inclusive size range in stories, 0 <= low <= high. from_epics: both columns were empty,
     * the size is drawn from the team's epic_sizes and low/high are that list's min/max. */
    int32_t size_low, size_high;
    bool size_from_epics;
    int32_t n_deps;
    plan_dep *deps;       /* distinct prerequisites, never the item itself; the graph is acyclic */
    double priority;      /* lower first; empty column = +HUGE_VAL; ties keep file order */
    int32_t due;          /* DATE_NONE if absent */
    int32_t not_before;   /* DATE_NONE if absent */
    int32_t done_stories; /* >= 0 */
    /* split factor range of this item; both 0 when not given (the team's range applies) */
    double split_low, split_high;
    plan_item_status status;
    long line; /* line of the row in plan.csv */
} plan_item;

typedef struct plan_team {
    char *name;
    double people;         /* > 0, now */
    double history_people; /* > 0, during the history window; default people */
    int32_t wip;           /* >= 1 (scenarios may override: plan_team_settings.wip) */
    /* Teams without history: capacity from an estimate in items per week (teams.csv
     * estimate_low/estimate_high/estimate_mode), drawn per week. estimated is false and the
     * three are 0 for teams forecast from history. mode is NAN for a uniform estimate. */
    bool estimated;
    double estimate_low, estimate_high, estimate_mode;
    /* The sampling window never starts before the team's first history record (the earliest
     * started or done of its rows, as of history_end): days before it are not empty days but
     * days before the export. history_start (teams.csv, or [baseline] for every team) sets
     * that bound by hand instead; DATE_NONE: the first record. window_start is the first day
     * of the team's window after the rule; window_shortened when that is later than
     * history_end - window + 1. */
    int32_t history_start;
    int32_t window_start;
    bool window_shortened;
    /* Days off of this team (its own and company-wide calendar rows), sorted, distinct. */
    int32_t n_days_off;
    int32_t *days_off;
    /* Day samples: one per working day of the team inside the window, in date order.
     * planned/unplanned = completions that day (a completion on a day off counts on the next
     * working day); streams = epics in progress that day. n_days >= 1 for plan teams that are
     * not estimated. */
    int32_t n_days;
    int32_t *day_date;
    int32_t *day_planned;
    int32_t *day_unplanned;
    int32_t *day_streams;
    /* Week samples: one per Monday-to-Sunday week lying entirely inside the window and having
     * at least one working day: totals over its working days, and how many there were. */
    int32_t n_weeks;
    int32_t *week_planned;
    int32_t *week_unplanned;
    int32_t *week_streams; /* sum over its working days of day_streams */
    int32_t *week_working_days;
    /* How persistent the team's pace has been (history.h): the variance of the log pace of
     * 20-working-day blocks over the last year beyond what independent days explain, >= 0,
     * from pace_blocks blocks (fewer than 3: unknown, and pace_excess is 0). */
    double pace_excess;
    int32_t pace_blocks;
    /* Sizes (stories) of the team's historical epics, see README; may be empty. */
    int32_t n_epics;
    int32_t *epic_sizes;
    long line; /* line in teams.csv */
} plan_team;

/* One work item of history.csv, as the plan keeps it (history.h derives the samples). */
typedef struct history_record {
    int32_t team;    /* 0..n_teams-1 */
    int32_t epic;    /* 0..n_epics-1, or -1; an epic's records all have the same team */
    int32_t started; /* DATE_NONE if not known */
    int32_t done;    /* DATE_NONE if open */
    bool unplanned;  /* an interruption (its type is in the unplanned set) */
} history_record;

typedef struct plan_file {
    char *name;      /* "history.csv", ... */
    char sha256[65]; /* lower-case hex digest of the file's bytes */
} plan_file;

typedef struct plan {
    int32_t n_teams;
    plan_team *teams; /* teams.csv order */
    int32_t n_items;
    plan_item *items;         /* plan.csv order */
    int32_t n_scenarios;      /* >= 1 */
    plan_scenario *scenarios; /* [0] is the baseline */
    int32_t n_risks;
    plan_risk *risks;       /* risks.csv order */
    char **unplanned_types; /* the type names counted as interruptions */
    int32_t n_unplanned_types;
    int32_t n_files;
    plan_file *files; /* the input files read, in the order above */
    int32_t n_warnings;
    char **warnings; /* things a user should know that do not stop a run */
    /* history.csv's rows of the plan's teams, as read: what the samples were derived from,
     * kept so that a backtest can derive them again as of an earlier day */
    history_record *records;
    size_t n_records;
    int32_t n_epics;
} plan;

/* Values given on the command line; they replace the [baseline] values, and scenarios that do
 * not override a key inherit them. DATE_NONE / 0 mean "not given". */
typedef struct plan_overrides {
    int32_t start;
    int32_t horizon;
    uint64_t trials;
    uint64_t seed;
    bool has_seed;
    /* Forecast teams whose history has fewer than 5 working days with completions (normally
     * an input error). */
    bool force;
    /* Only the history matters (a backtest): plan.csv, changes.csv and risks.csv are not
     * read, and the plan has no items. */
    bool history_only;
} plan_overrides;

/* Loads and validates the plan folder `dir`. overrides may be NULL. On success *out owns a new
 * plan and STATUS_OK is returned; otherwise *out is NULL and st says why (STATUS_EINPUT for
 * bad input, STATUS_EIO for unreadable files, STATUS_ENOMEM). */
status_code plan_load(const char *dir, const plan_overrides *overrides, plan **out, status *st);

/* Frees everything; NULL is a no-op. */
void plan_destroy(plan *p);

/* True if `date` is a working day of team `team` (Monday-Friday, not a day off). */
bool plan_is_working_day(const plan *p, int32_t team, int32_t date);

/* Index of the team named `name`, or -1. */
int32_t plan_find_team(const plan *p, const char *name);

#endif
