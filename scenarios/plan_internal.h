/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_internal: what the files of plan_load share. Not part of the plan.h contract.
 *
 * A plan_loader holds everything a load needs besides the plan itself: file paths, lookups,
 * parsed-but-not-yet-resolved settings and history records. plan_load frees it on every exit
 * path, so the helpers below never clean up after one another.
 */
#ifndef SHIPCAST_PLAN_INTERNAL_H
#define SHIPCAST_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csvread.h"
#include "parse.h"
#include "plan.h"
#include "sha256.h"
#include "strmap.h"

enum {
    PLAN_ID_MAX = 256,      /* bytes in an item id, team name or epic name */
    PLAN_TEAMS_MAX = 10000, /* rows in teams.csv */
    PLAN_ITEMS_MAX = 100000 /* rows in plan.csv */
};

enum plan_file_idx {
    PLAN_FILE_HISTORY,
    PLAN_FILE_TEAMS,
    PLAN_FILE_PLAN,
    PLAN_FILE_CALENDAR,
    PLAN_FILE_CHANGES,
    PLAN_FILE_RISKS,
    PLAN_FILE_SCENARIOS,
    PLAN_N_FILES
};

/* Keys of scenarios.ini, in the documented order; the bit 1 << key marks it set. */
enum plan_key {
    PLAN_KEY_START,
    PLAN_KEY_HORIZON,
    PLAN_KEY_HISTORY_END,
    PLAN_KEY_WINDOW,
    PLAN_KEY_UNPLANNED,
    PLAN_KEY_TRIALS,
    PLAN_KEY_SEED,
    PLAN_KEY_INTERRUPT_SCALE,
    PLAN_KEY_UNPLANNED_EFFORT,
    PLAN_KEY_CONTEXT_SWITCH,
    PLAN_KEY_CAP_YEARS,
    PLAN_KEY_PERIOD,
    PLAN_KEY_SIZE_DISTRIBUTION,
    PLAN_KEY_BOOTSTRAP,
    PLAN_KEY_WIP,
    PLAN_KEY_SPLIT,
    PLAN_KEY_SPLIT_DRAW,
    PLAN_N_KEYS
};

/* The keys that also exist per team (`key[team]`, teams.csv columns, plan_team_settings). */
#define PLAN_TEAM_KEYS                                                                             \
    ((1u << PLAN_KEY_WIP) | (1u << PLAN_KEY_INTERRUPT_SCALE) | (1u << PLAN_KEY_UNPLANNED_EFFORT) | \
     (1u << PLAN_KEY_CONTEXT_SWITCH) | (1u << PLAN_KEY_SPLIT))

typedef struct plan_ini_section {
    char *name;
    long line;
    uint32_t set; /* bit per plan_key given in this section */
    long key_line[PLAN_N_KEYS];
    long key_column[PLAN_N_KEYS]; /* column of the value */
    plan_settings settings;       /* only the keys in `set` are meaningful */
    plan_team_settings values;    /* the same for the per-team keys (wip, split, ...) */
    long drop_line, drop_column;  /* where `drop` was written; 0: not in this section */
} plan_ini_section;

/* One `key[team] = value` line of scenarios.ini. Team names are resolved once teams.csv is
 * read, so the line and column are kept for the error. */
typedef struct plan_ini_team_key {
    int32_t section;
    int key;         /* a plan_key in PLAN_TEAM_KEYS */
    char *team_name; /* as written, trimmed */
    int32_t team;    /* index into plan.teams, -1 until resolved */
    long line, key_column, team_column;
    plan_team_settings value; /* only the field of `key` is meaningful */
} plan_ini_team_key;

/* One id of a `drop` line, or one `priority[ID] = value` line, of a named scenario. Item ids
 * are resolved once plan.csv is read, so the line and columns are kept for the error. */
typedef struct plan_ini_item_key {
    int32_t section;
    bool drop;    /* else priority[ID] */
    char *id;     /* as written, trimmed */
    int32_t item; /* index into plan.items, -1 until resolved */
    long line, key_column, id_column;
    double priority; /* priority[ID] only */
} plan_ini_item_key;

/* One history row of a team in teams.csv, as of history_end. */
typedef struct plan_hist_rec {
    int32_t team;
    int32_t epic;    /* index into plan_loader.epic_team, or -1 */
    int32_t started; /* DATE_NONE if empty or ignored */
    int32_t done;    /* DATE_NONE if open */
    bool unplanned;
} plan_hist_rec;

typedef struct plan_loader {
    status *st;
    plan *p;
    char *paths[PLAN_N_FILES]; /* dir + "/" + name */
    bool found[PLAN_N_FILES];
    char sha[PLAN_N_FILES][SHA256_HEX_SIZE];
    strmap team_map;

    /* scenarios.ini */
    plan_ini_section *sections; /* [0] is the baseline (name "baseline") */
    int32_t n_sections;
    bool unplanned_set;           /* baseline gave `unplanned` */
    plan_ini_team_key *team_keys; /* file order until plan_settings_teams sorts them */
    int32_t n_team_keys, cap_team_keys;
    /* `drop` ids and `priority[ID]` lines in file order; as sections cannot repeat, the keys
     * of one section form one run, and the runs come in section order */
    plan_ini_item_key *item_keys;
    int32_t n_item_keys, cap_item_keys;

    /* teams.csv's optional setting columns: values, and a bit per plan_key given */
    plan_team_settings *team_cols;
    uint32_t *team_cols_set;

    /* baseline-only values, resolved before history is read */
    int32_t history_end; /* DATE_NONE until known */
    int32_t window_days;

    /* calendar.csv */
    int32_t *global_off, n_global_off, cap_global_off;
    int32_t **team_off, *n_team_off, *cap_team_off;

    /* history.csv */
    plan_hist_rec *recs;
    size_t n_recs, cap_recs;
    int32_t *epic_team; /* team of each epic, in order of first appearance */
    int32_t n_epics, cap_epics;
    int32_t latest_done;

    /* plan.csv: item id -> index; the scenario column of each item (-1: every scenario); field
     * numbers of columns named in later messages (0 when absent) */
    strmap item_map;
    int32_t *item_section;
    long plan_team_column, plan_depends_column, plan_scenario_column;

    /* changes.csv, expanded to one change per team; the scenario of each, -1 for all */
    plan_change *changes;
    int32_t *change_section;
    size_t n_changes, cap_changes;
    /* risks.csv: the scenario of each of p->risks, -1 for all */
    int32_t *risk_section;
} plan_loader;

/* Column description for plan_table_header. */
typedef struct plan_column {
    const char *name;
    bool required;
} plan_column;

enum { PLAN_TABLE_COLUMNS_MAX = 16 };

enum {
    PLAN_SIZE_MAX = 1000000,   /* stories in an item, extra stories of a risk */
    PLAN_LAG_MAX = 3650,       /* working days of a lag, ramp or risk delay */
    PLAN_CHANGES_MAX = 1000000 /* changes.csv rows after expanding `*` teams */
};

typedef struct plan_table {
    const char *path;
    const plan_column *cols;
    int32_t n_cols;
    bool allow_unknown;                    /* history.csv: exports carry many columns */
    int32_t field[PLAN_TABLE_COLUMNS_MAX]; /* field index of each column, or -1 */
    int32_t n_header;
    long header_line;
    long n_rows; /* data rows seen */
} plan_table;

/* First row: maps names to fields. Later rows: checks the field count and counts the row.
 * Sets *is_header when row was the header. */
status_code plan_table_row(plan_table *t, const csvread_row *row, bool *is_header, status *st);

/* The value of column col (index into t->cols) in row; "" when the column is absent. */
const char *plan_table_get(const plan_table *t, const csvread_row *row, int32_t col);

/* Errors for an empty file or a header without rows; STATUS_OK when there were rows. */
status_code plan_table_finish(const plan_table *t, bool rows_required, status *st);

/* status_set_at for a value of column col: "path:line:field: name: <message>, found 'v'". */
status_code plan_value_error(status *st, const plan_table *t, const csvread_row *row, int32_t col,
                             const char *expected);
/* plan_value_error for a `scenario` column that names no scenario. */
status_code plan_scenario_error(status *st, const plan_table *t, const csvread_row *row,
                                int32_t col);

/* Grows *arr (element size elem) so that it holds at least need elements; new elements are
 * zeroed. False when out of memory (the array is unchanged). */
bool plan_reserve(void **arr, size_t elem, size_t need, size_t *cap);
/* STATUS_ENOMEM with the loader's message. */
status_code plan_nomem(plan_loader *L);
/* The section index of scenario name `name` ("" and "*" give -1 = every scenario); false if
 * there is no such section. */
bool plan_find_section(const plan_loader *L, const char *name, int32_t *section);

/* Copies key's value (a plan_key in PLAN_TEAM_KEYS) from src to dst. */
void plan_team_apply(plan_team_settings *dst, int key, const plan_team_settings *src);

/* Appends a formatted warning to p->warnings. */
status_code plan_warn(plan_loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads scenarios.ini (if present) into L->sections; resolves window and history_end. */
status_code plan_settings_read(plan_loader *L);
/* Resolves the team names of `key[team]` lines and rejects duplicates (needs teams.csv). */
status_code plan_settings_teams(plan_loader *L);
/* Builds p->scenarios from the sections, defaults and overrides, after history is known, with
 * every scenario's per-team values (needs teams.csv's setting columns). */
status_code plan_settings_finish(plan_loader *L, const plan_overrides *ov);
/* Default settings before any file is read. */
void plan_settings_default(plan_settings *s);

/* Reads history.csv into L->recs (needs teams and unplanned types). */
status_code plan_history_read(plan_loader *L);
/* Fills every team's day and week samples and epic sizes (needs days off and history_end). */
status_code plan_history_derive(plan_loader *L);

/* Reads changes.csv and risks.csv (both optional) and hands each scenario its changes and
 * risks (needs teams, items and p->scenarios). */
status_code plan_changes_read(plan_loader *L);
status_code plan_risks_read(plan_loader *L);
/* Resolves the ids of `drop` and `priority[ID]`, fills every scenario's item_in and
 * item_priority, and checks that no item of a scenario depends on one outside it and that no
 * scenario is left without items (needs items and p->scenarios). */
status_code plan_items_assign(plan_loader *L);

#endif
