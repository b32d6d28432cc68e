/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * setting_type: the value types of the settings registry (setting.h), each a row of functions
 * as a gsl_rng_type is: parse a text, say what was expected, describe the valid values for the
 * docs, format a stored value canonically, and give the value of "none". Internal to
 * scenarios/: setting.c's table points at them.
 *
 * Values move as bytes (memcpy) between a setting_value and their place in plan_settings,
 * plan_team_settings or plan; the layouts a type assumes there (a factor list followed by its
 * count, a range's low followed by its high, a name list followed by its count) are checked at
 * compile time in setting_type.c.
 */
#ifndef SHIPCAST_SETTING_TYPE_H
#define SHIPCAST_SETTING_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "setting.h"

struct setting_type {
    setting_json json; /* how run.json writes format's text */
    /* text (trimmed, non-empty) into *out; false when it is no valid value */
    bool (*parse)(const setting *s, const char *text, setting_source from, setting_value *out);
    /* "expected ..." for a refused text; "the valid values" for the docs; the canonical text of
     * a stored value: each returns its length, as snprintf */
    int (*expected)(const setting *s, setting_source from, char *buf, size_t size);
    int (*values)(const setting *s, char *buf, size_t size);
    int (*format)(const setting *s, const void *value, char *buf, size_t size);
    /* the value of an entry without a default, in zeroed storage */
    void (*none)(void *value);
};

/* A list of factors as stored in plan_settings / plan_team_settings: the entries, then their
 * count. */
typedef struct setting_factors {
    double f[PLAN_CONTEXT_SWITCH_MAX];
    int32_t n;
} setting_factors;
/* Its bytes as stored, up to the end of the count: a struct's trailing padding would overwrite
 * the field that follows (cap_years in plan_settings). */
#define SETTING_FACTORS_SIZE (offsetof(setting_factors, n) + sizeof(int32_t))

/* a date (int32_t day number; none: DATE_NONE) */
extern const setting_type setting_type_date;
/* a whole number in [min, max] (int32_t, or uint64_t when the entry's size is 8) */
extern const setting_type setting_type_whole;
/* any 64-bit unsigned number (uint64_t) */
extern const setting_type setting_type_seed;
/* a number in [min, max], (min, max] if min_open (double) */
extern const setting_type setting_type_real;
/* 1..PLAN_CONTEXT_SWITCH_MAX factors in (min, max], then their count */
extern const setting_type setting_type_factors;
/* a factor range LOW,HIGH in (min, max] (two doubles) */
extern const setting_type setting_type_range;
/* one of the entry's choices (int) */
extern const setting_type setting_type_choice;
/* comma-separated names the plan owns (setting_names); parsing only checks them */
extern const setting_type setting_type_names;
/* any text, kept by the caller as written ([history]: file, team and column names); parsing
 * only checks that there is some */
extern const setting_type setting_type_text;

#endif
