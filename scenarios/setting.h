/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * setting: the registry of run settings. Every key of scenarios.ini ([baseline], scenarios,
 * `key[team]`) and every teams.csv column that sets one is declared once, in one table in
 * setting.c: name, value type, range, default, unit, scope and a one-line meaning, and where
 * the value lives in plan_settings / plan_team_settings / plan. The ini parser, teams.csv's
 * setting columns, run.json and docs/inputs.md all read that table (docs through a test that
 * fails on drift), so adding a setting is one entry there plus the code that uses the value.
 *
 * Values have a small set of types (a date, a whole number, a seed, a number, a list of
 * factors, a factor range, one of named choices, a list of names); each type knows how to
 * parse, describe, format and default its values, as a gsl_rng_type knows how to seed and draw.
 * Enumerations are choices: their names are in the table, read by the parser, run.json and the
 * docs alike.
 *
 * The registry is constant data: nothing here allocates or keeps state.
 */
#ifndef SHIPCAST_SETTING_H
#define SHIPCAST_SETTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan.h"

/* Room for the registry's entries: a section's "given" set is one bit per entry. */
enum { SETTINGS_MAX = 64 };

typedef enum setting_scope {
    SETTING_SCOPE_RUN = 0,  /* [baseline] only: one value for the whole run */
    SETTING_SCOPE_SCENARIO, /* [baseline] and any scenario */
    SETTING_SCOPE_TEAM,     /* as SCENARIO, and per team: `key[team]`, teams.csv columns */
    /* [history] only: how the plan's tracker exports are read instead of history.csv
     * (import.h). The loader keeps these values as text and hands them to the importer, so
     * they have no place in plan_settings (every offset -1); their names may repeat those of
     * the other scopes, since a section holds keys of one kind only. */
    SETTING_SCOPE_HISTORY
} setting_scope;

/* Where a text comes from: some types read lists differently in a CSV field, where a comma
 * would need quotes. */
typedef enum setting_source { SETTING_FROM_INI = 0, SETTING_FROM_CSV } setting_source;

/* How run.json writes a value's canonical text (setting_format). */
typedef enum setting_json {
    SETTING_JSON_NUMBER,  /* a number */
    SETTING_JSON_STRING,  /* a string; empty text is null (a date not given) */
    SETTING_JSON_NUMBERS, /* comma-separated numbers: an array of numbers */
    SETTING_JSON_STRINGS  /* comma-separated names: an array of strings */
} setting_json;

/* One named value of a choice setting (an enumeration of plan.h). */
typedef struct setting_choice {
    const char *name; /* as written in scenarios.ini and run.json */
    int value;        /* the enum constant */
    const char *meaning;
} setting_choice;

typedef struct setting_type setting_type; /* parse, describe, format: setting.c */

typedef struct setting {
    const char *name; /* the key, in scenarios.ini and run.json */
    const setting_type *type;
    const char *unit;          /* what a number counts ("calendar days"), or NULL */
    const char *default_value; /* text parsed for the default; NULL: none, or computed */
    const char *default_doc;   /* the default in words when default_value is NULL */
    const char *meaning;       /* one line, for docs/inputs.md */
    const setting_choice *choices;
    /* teams.csv columns holding a team's value (a range has two: low, high), or NULL. */
    const char *columns[2];
    double min, max; /* bounds of a number, of each factor, or of a range's ends */
    /* Where the value lives; -1 where it does not. A team-scope setting lives per team and may
     * also live per scenario; a value the plan owns (a list of names) lives in struct plan. */
    ptrdiff_t run_offset;  /* in plan_settings */
    ptrdiff_t team_offset; /* in plan_team_settings */
    ptrdiff_t plan_offset; /* in plan */
    size_t size;           /* bytes of the stored value */
    int32_t n_choices;
    setting_scope scope;
    bool min_open;        /* min itself is not allowed */
    bool column_required; /* teams.csv must have the column, and a value in every row */
} setting;

/* A list of names as the plan owns it (plan.unplanned_types and its count): the value of a
 * setting with a plan_offset, as laid out there. */
typedef struct setting_names {
    char **names;
    int32_t n;
} setting_names;
/* Its bytes as stored, up to the end of the count: a struct's trailing padding would overwrite
 * the field that follows in struct plan. */
#define SETTING_NAMES_SIZE (offsetof(setting_names, n) + sizeof(int32_t))

/* A parsed value of any type, before it is stored (setting_store). */
typedef union setting_value {
    double align;
    unsigned char bytes[(PLAN_CONTEXT_SWITCH_MAX + 1) * sizeof(double)];
} setting_value;

/* The registry, in documented order: entries 0..setting_count()-1. */
int32_t setting_count(void);
const setting *setting_at(int32_t i);

/* The entry named `name` (ASCII case-insensitive) among the keys of [baseline] and scenarios
 * (setting_find), or among those of [history] (setting_find_history); NULL when none is. */
const setting *setting_find(const char *name);
const setting *setting_find_history(const char *name);

/* The entry's index in the registry. */
int32_t setting_index(const setting *s);

/* Whether it is given as `key[team]`, and how many teams.csv columns it has (0..2). */
bool setting_per_team(const setting *s);
int32_t setting_n_columns(const setting *s);

/* Parses text (trimmed, non-empty) into *out. A list of names (a value the plan owns) is only
 * checked here; plan_load keeps the list. False when text is no valid value. */
bool setting_parse(const setting *s, const char *text, setting_source from, setting_value *out);

/* The teams.csv columns of s: texts[0..setting_n_columns). Empty texts are "not given" (then
 * *given is false and *out untouched) unless the column is required. On failure returns false
 * with *bad the index of the column at fault and expected its message ("expected ...", with ",
 * or nothing" where a column may be empty). */
bool setting_parse_columns(const setting *s, const char *const *texts, setting_value *out,
                           bool *given, int32_t *bad, char *expected, size_t size);

/* "expected ..." for a text that setting_parse refused; returns the length (snprintf). */
int setting_expected(const setting *s, setting_source from, char *buf, size_t size);

/* The valid values in words ("1..3650", "`day` or `week`"), for the docs. */
int setting_values(const setting *s, char *buf, size_t size);

/* The canonical text of a stored value (as it would be written in scenarios.ini): the length
 * it needs, as snprintf; a date not given is "". value: setting_value_in. */
int setting_format(const setting *s, const void *value, char *buf, size_t size);
setting_json setting_json_of(const setting *s);

/* The default of every setting stored in run / team (either may be NULL): the parsed
 * default_value, or none (DATE_NONE for dates, 0 otherwise). */
void setting_defaults(plan_settings *run, plan_team_settings *team);

/* Stores v into the places of s that are given (NULL: skipped). */
void setting_store(const setting *s, const setting_value *v, plan_settings *run,
                   plan_team_settings *team);

/* Copies s's value from src to dst where s lives there (run or team; NULL pairs skipped). */
void setting_copy(const setting *s, plan_settings *run_dst, const plan_settings *run_src,
                  plan_team_settings *team_dst, const plan_team_settings *team_src);

/* Where s's value of scenario `scenario` (and team `team`, or -1 for the scenario's own) is in
 * a loaded plan, for setting_format; NULL when s has no value there (a team-only setting asked
 * per scenario, or a plan without per-team values). */
const void *setting_value_in(const setting *s, const plan *p, int32_t scenario, int32_t team);

#endif
