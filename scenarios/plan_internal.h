/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_internal: what the files of plan_load share. Not part of the plan.h contract.
 *
 * A plan_loader holds everything a load needs besides the plan itself: file paths, lookups,
 * parsed-but-not-yet-resolved settings and history records. plan_load frees it on every exit
 * path, so the steps below never clean up after one another. Each step reads what earlier steps
 * left in the loader (plan.c lists the order and why).
 */
#ifndef SHIPCAST_PLAN_INTERNAL_H
#define SHIPCAST_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "import.h"
#include "parse.h"
#include "plan.h"
#include "setting.h"
#include "sha256.h"
#include "strmap.h"
#include "table.h"
#include "tz.h"

enum {
    PLAN_ID_MAX = 256,         /* bytes in an item id, team name or epic name */
    PLAN_TEAMS_MAX = 10000,    /* rows in teams.csv */
    PLAN_ITEMS_MAX = 100000,   /* rows in plan.csv */
    PLAN_SIZE_MAX = 1000000,   /* stories in an item, extra stories of a risk */
    PLAN_LAG_MAX = 3650,       /* working days of a lag, ramp or risk delay */
    PLAN_CHANGES_MAX = 1000000 /* changes.csv rows after expanding `*` teams */
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

/* One section of scenarios.ini: the settings it gives (bit i of `set` for registry entry i),
 * where each was written, and their values in the run or team struct where they live. */
typedef struct plan_ini_section {
    char *name;
    long line; /* 0 for a baseline the file does not name */
    uint64_t set;
    long key_line[SETTINGS_MAX];
    long key_column[SETTINGS_MAX]; /* column of the value */
    plan_settings run;             /* only the settings in `set` are meaningful */
    plan_team_settings team;       /* the same for settings kept per team (wip, split, ...) */
    long drop_line, drop_column;   /* where `drop` was written; 0: not in this section */
    long remove_line;              /* where `remove_dependency` was written; 0: not here */
    char *comment;                 /* its decision record so far (plan_scenario.comment) */
    size_t comment_len;
    bool comment_cut; /* the record reached PLAN_COMMENT_MAX */
} plan_ini_section;

/* One `key[team] = value` line of scenarios.ini. Team names are resolved once teams.csv is
 * read, so the line and columns are kept for the error. */
typedef struct plan_ini_team_key {
    int32_t section;
    int32_t setting; /* registry index of a per-team setting */
    char *team_name; /* as written, trimmed */
    int32_t team;    /* index into plan.teams, -1 until resolved */
    long line, key_column, team_column;
    plan_team_settings value; /* only the setting's field is meaningful */
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

/* One `A->B` of a `remove_dependency` line of a named scenario: B's dependency on A, removed
 * in that scenario. Ids are resolved once plan.csv is read (plan_assign.c). */
typedef struct plan_ini_removal {
    int32_t section;
    char *from_id, *to_id; /* as written, trimmed */
    long line, column;     /* the entry's column */
} plan_ini_removal;

/* [history] of scenarios.ini: the exports read instead of history.csv (plan_import.c). */
typedef struct plan_import plan_import;

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
    plan_ini_team_key *team_keys; /* file order until plan_settings_teams sorts them */
    int32_t n_team_keys, cap_team_keys;
    /* `drop` ids and `priority[ID]` lines in file order; as sections cannot repeat, the keys
     * of one section form one run, and the runs come in section order */
    plan_ini_item_key *item_keys;
    int32_t n_item_keys, cap_item_keys;
    /* `remove_dependency` entries in file order */
    plan_ini_removal *removals;
    int32_t n_removals, cap_removals;

    /* teams.csv's setting columns: values, and a bit per registry entry given */
    plan_team_settings *team_cols;
    uint64_t *team_cols_set;

    /* baseline-only values, resolved before history is read */
    int32_t history_end; /* DATE_NONE until known */
    int32_t window_days;
    int32_t history_start;  /* [baseline]'s, for teams without their own */
    bool start_from_option; /* --start replaced the baseline's start */

    /* calendar.csv */
    int32_t *global_off, n_global_off, cap_global_off;
    int32_t **team_off, *n_team_off, *cap_team_off;

    /* time zones, each loaded once: teams.csv's timezone column, [history]'s timezone */
    tz **zones;
    int32_t n_zones;
    int32_t *team_zone;  /* per team: index into zones, or -1 */
    plan_import *import; /* [history], or NULL */

    /* history.csv */
    history_record *recs;
    size_t n_recs, cap_recs;
    int32_t n_epics;
    int32_t latest_done;

    /* plan.csv: item id -> index; the scenario column of each item (-1: every scenario); where
     * its columns are, for messages given after the reading */
    strmap item_map;
    int32_t *item_section;
    table_info plan_table;

    /* changes.csv, expanded to one change per team; the scenario of each, -1 for all */
    plan_change *changes;
    int32_t *change_section;
    size_t n_changes, cap_changes;
    /* risks.csv: the scenario of each of p->risks, -1 for all */
    int32_t *risk_section;
} plan_loader;

/* ---- helpers (plan_common.c) ---- */

/* table_read of plan file f, recording whether it was found and its digest. */
status_code plan_read_table(plan_loader *L, int f, const table_spec *spec, table_row_fn row,
                            void *ctx, table_info *info);
/* table_value_error for a `scenario` column that names no scenario. */
status_code plan_scenario_error(status *st, const table *t, const csvread_row *row, int32_t col);
/* The column(s) of setting s starting at column col (setting_parse_columns): *given is false
 * when they are empty; errors name the column at fault. */
status_code plan_setting_columns(const table *t, const csvread_row *row, int32_t col,
                                 const setting *s, setting_value *value, bool *given, status *st);
/* An optional date column: DATE_NONE when empty, else a date or the error "expected". */
status_code plan_optional_date(const table *t, const csvread_row *row, int32_t col,
                               const char *expected, int32_t *out, status *st);
/* The section index of scenario name `name` ("" and "*" give -1 = every scenario); false if
 * there is no such section. */
bool plan_find_section(const plan_loader *L, const char *name, int32_t *section);
/* Grows *arr (element size elem) so that it holds at least need elements; new elements are
 * zeroed. False when out of memory (the array is unchanged). */
bool plan_reserve(void **arr, size_t elem, size_t need, size_t *cap);
/* STATUS_ENOMEM with the loader's message. */
status_code plan_nomem(plan_loader *L);
/* Appends a formatted warning to p->warnings. */
status_code plan_warn(plan_loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Where setting s was written in section `section`, else in [baseline]; false if in neither
 * (a default or a command-line value). */
bool plan_setting_place(const plan_loader *L, int32_t section, const setting *s, long *line,
                        long *column);

/* ---- time zones and [history] (plan_import.c) ---- */

/* The section [history] at line:column: a second one is an error. */
status_code plan_import_section(plan_loader *L, long line, long column);
/* A `key[bracket] = value` line of [history] (bracket NULL without one); columns of the key
 * and of the value. */
status_code plan_import_key(plan_loader *L, const char *key, const char *bracket, const char *value,
                            long line, long key_column, long value_column);
/* What only the whole file shows: [history] needs `files`, and cannot come with [baseline]'s
 * `unplanned`. */
status_code plan_import_check(plan_loader *L);
/* Team `team`'s zone from column col of a teams.csv row (empty: none). */
status_code plan_team_zone(plan_loader *L, const table *t, const csvread_row *row, int32_t col,
                           int32_t team);
/* A history.csv date of team `team` (-1: unknown) as plan_optional_date, in the team's zone
 * when it has one. */
status_code plan_history_date(plan_loader *L, const table *t, const csvread_row *row, int32_t col,
                              int32_t team, const char *expected, int32_t *out);
/* Reads [history]'s exports through the importer and hands each kept item to fn; warns about
 * dropped ones. */
typedef status_code (*plan_import_fn)(void *ctx, const import_item *it);
status_code plan_import_run(plan_loader *L, plan_import_fn fn, void *ctx);
/* Appends the exports read to p->files (after plan_files_fill's). */
status_code plan_import_files(plan_loader *L);
/* Frees the zones and [history]. */
void plan_import_fini(plan_loader *L);

/* ---- scenarios.ini (plan_ini.c splits the lines, plan_ini_keys.c gives keys meaning) ---- */

/* One line of scenarios.ini, split by its syntax: a section header or a key line. */
typedef struct plan_ini_line {
    const char *text; /* the whole line, for columns */
    long line;
    long column;     /* of the key, or of '[' of a section */
    bool is_section; /* [name]: name[0..name_len) */
    const char *name;
    size_t name_len;
    char *key;     /* trimmed; NUL-terminated in the line's copy */
    char *bracket; /* key[bracket]'s text, trimmed; NULL without brackets */
    char *value;   /* trimmed, possibly "" */
    char *comment; /* the text after the line's comment mark, untrimmed; NULL: no comment */
} plan_ini_line;

/* The 1-based byte column of `at`, a place in ln's text. */
long plan_ini_column(const plan_ini_line *ln, const char *at);
/* A key line outside [history] (ln->key set) of section `current` (-1 before the first, 0 the
 * baseline): an item what-if or a setting of the registry, kept in L; its value's text may be
 * modified. */
status_code plan_ini_key(plan_loader *L, const plan_ini_line *ln, int32_t current);
/* Sets the plan's list of names at setting s's place (s->plan_offset >= 0) from the
 * comma-separated text `list` that setting_parse accepted. */
status_code plan_ini_names(plan_loader *L, const setting *s, const char *list);

/* ---- the steps of plan_load, in order ---- */

/* scenarios.ini (if present) into L->sections and the unplanned types; window, history_end
 * (plan_ini.c). */
status_code plan_ini_read(plan_loader *L);
/* teams.csv and its setting columns (plan_teams.c). */
status_code plan_teams_read(plan_loader *L);
/* Resolves the team names of `key[team]` lines and rejects duplicates (plan_settings.c). */
status_code plan_settings_teams(plan_loader *L);
/* calendar.csv: every team's days_off (plan_teams.c). */
status_code plan_calendar_read(plan_loader *L);
/* history.csv into L->recs, then every team's samples and epic sizes (plan_history.c). */
status_code plan_history_read(plan_loader *L);
status_code plan_history_derive(plan_loader *L);
/* plan.csv: items, dependencies (acyclic), sizes from epics (plan_items.c). */
status_code plan_items_read(plan_loader *L);
/* plan.csv's column `name` as a 1-based field number for later messages; 0 when absent. */
long plan_items_column(const plan_loader *L, const char *name);
/* p->scenarios from the sections, defaults and overrides, with every scenario's per-team
 * values (plan_settings.c). */
status_code plan_settings_finish(plan_loader *L, const plan_overrides *ov);
/* Each scenario's items: plan.csv's scenario column, drop, priority[ID] (plan_assign.c). */
status_code plan_assign_items(plan_loader *L);
/* `remove_dependency` entries into each scenario's edge_removed (after plan_assign_items). */
status_code plan_assign_removals(plan_loader *L);
/* changes.csv and risks.csv, both optional (plan_changes.c, plan_risks.c). */
status_code plan_changes_read(plan_loader *L);
status_code plan_risks_read(plan_loader *L);
/* Hands each scenario its changes and risks (plan_assign.c). */
status_code plan_assign_rows(plan_loader *L);

#endif
