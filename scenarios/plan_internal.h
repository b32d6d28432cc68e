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
    PLAN_N_KEYS
};

typedef struct plan_ini_section {
    char *name;
    long line;
    uint32_t set; /* bit per plan_key given in this section */
    long key_line[PLAN_N_KEYS];
    long key_column[PLAN_N_KEYS]; /* column of the value */
    plan_settings settings;       /* only the keys in `set` are meaningful */
} plan_ini_section;

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
    bool unplanned_set; /* baseline gave `unplanned` */

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

    long plan_team_column; /* field number of plan.csv's team column, for messages */
} plan_loader;

/* Column description for plan_table_header. */
typedef struct plan_column {
    const char *name;
    bool required;
} plan_column;

enum { PLAN_TABLE_COLUMNS_MAX = 16 };

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

/* Number parsing without locale surprises: the whole text must be the number. */
bool plan_parse_whole(const char *s, long long lo, long long hi, long long *out);
bool plan_parse_u64(const char *s, uint64_t *out);
bool plan_parse_real(const char *s, double lo, double hi, double *out);
bool plan_parse_date(const char *s, int32_t *out);

/* ASCII case-insensitive equality. */
bool plan_name_equal(const char *a, const char *b);

/* Appends a formatted warning to p->warnings. */
status_code plan_warn(plan_loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Quoted excerpt of a value for messages: at most 60 bytes, cut on a character boundary. */
int plan_excerpt_len(const char *s);

/* Reads scenarios.ini (if present) into L->sections; resolves window and history_end. */
status_code plan_settings_read(plan_loader *L);
/* Builds p->scenarios from the sections, defaults and overrides, after history is known. */
status_code plan_settings_finish(plan_loader *L, const plan_overrides *ov);
/* Default settings before any file is read. */
void plan_settings_default(plan_settings *s);

/* Reads history.csv into L->recs (needs teams and unplanned types). */
status_code plan_history_read(plan_loader *L);
/* Fills every team's day and week samples and epic sizes (needs days off and history_end). */
status_code plan_history_derive(plan_loader *L);

#endif
