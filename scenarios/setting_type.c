/* SPDX-License-Identifier: GPL-3.0-or-later */
/* setting_type: the value types of the settings registry; see setting_type.h. */
#include "setting_type.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "parse.h"

enum { SETTING_NAMES_MAX = 256 }; /* entries of a list of names (unplanned types) */

static_assert((int)PARSE_FACTORS_MAX == (int)PLAN_CONTEXT_SWITCH_MAX, "one limit for factor lists");
static_assert(offsetof(plan_settings, n_context_switch) - offsetof(plan_settings, context_switch) ==
                  offsetof(setting_factors, n),
              "plan_settings: context_switch is followed by its count");
static_assert(offsetof(plan_team_settings, n_context_switch) -
                      offsetof(plan_team_settings, context_switch) ==
                  offsetof(setting_factors, n),
              "plan_team_settings: context_switch is followed by its count");
static_assert(offsetof(plan_team_settings, split_high) - offsetof(plan_team_settings, split_low) ==
                  sizeof(double),
              "plan_team_settings: split_low is followed by split_high");
static_assert(offsetof(plan, n_unplanned_types) - offsetof(plan, unplanned_types) ==
                  offsetof(setting_names, n),
              "plan: unplanned_types is followed by its count");
static_assert(sizeof(plan_period) == sizeof(int) && sizeof(plan_size_dist) == sizeof(int) &&
                  sizeof(plan_bootstrap) == sizeof(int) && sizeof(plan_split_draw) == sizeof(int) &&
                  sizeof(plan_pace) == sizeof(int),
              "choices are stored as int");
static_assert(sizeof(setting_value) >= sizeof(setting_factors), "a value holds a factor list");

/* ---- the shortest text that reads back as the same double: 0.8, not 0.80000000000000004 ---- */

static int setting_real_text(double x, char *buf, size_t size)
{
    char tmp[32];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(tmp, sizeof tmp, "%.*g", digits, x);
        if (strtod(tmp, NULL) == x)
            break;
    }
    return snprintf(buf, size, "%s", tmp);
}

/* Appends to buf[*used..size) like snprintf, keeping the total length in *used. */
static void setting_append(char *buf, size_t size, int *used, const char *text)
{
    size_t at = (size_t)*used < size ? (size_t)*used : size;
    int n = snprintf(buf + at, size - at, "%s", text);
    *used += n > 0 ? n : 0;
}

/* ---- date ---- */

static bool date_type_parse(const setting *s, const char *text, setting_source from,
                            setting_value *out)
{
    (void)s;
    (void)from;
    int32_t d;
    if (!parse_date(text, &d))
        return false;
    memcpy(out->bytes, &d, sizeof d);
    return true;
}

static int date_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    (void)s;
    (void)from;
    return snprintf(buf, size, "expected an existing date YYYY-MM-DD");
}

static int date_type_values(const setting *s, char *buf, size_t size)
{
    (void)s;
    return snprintf(buf, size, "a date");
}

static int date_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    (void)s;
    int32_t d;
    char text[DATE_TEXT_SIZE];
    memcpy(&d, value, sizeof d);
    return snprintf(buf, size, "%s", d == DATE_NONE ? "" : date_format(d, text));
}

static void date_type_none(void *value)
{
    int32_t d = DATE_NONE;
    memcpy(value, &d, sizeof d);
}

static void zero_none(void *value)
{
    (void)value; /* the caller's storage starts zeroed */
}

const setting_type setting_type_date = {SETTING_JSON_STRING, date_type_parse,  date_type_expected,
                                        date_type_values,    date_type_format, date_type_none};

/* ---- whole number: int32_t, or uint64_t when the entry's size is 8 ---- */

static bool whole_type_parse(const setting *s, const char *text, setting_source from,
                             setting_value *out)
{
    (void)from;
    long long x;
    if (!parse_whole(text, (long long)s->min, (long long)s->max, &x))
        return false;
    if (s->size == sizeof(uint64_t)) {
        uint64_t u = (uint64_t)x;
        memcpy(out->bytes, &u, sizeof u);
    } else {
        int32_t i = (int32_t)x;
        memcpy(out->bytes, &i, sizeof i);
    }
    return true;
}

static int whole_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    (void)from;
    return snprintf(buf, size, "expected a whole number%s%s in %lld..%lld", s->unit ? " of " : "",
                    s->unit ? s->unit : "", (long long)s->min, (long long)s->max);
}

static int whole_type_values(const setting *s, char *buf, size_t size)
{
    return snprintf(buf, size, "%lld..%lld", (long long)s->min, (long long)s->max);
}

static int whole_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    if (s->size == sizeof(uint64_t)) {
        uint64_t u;
        memcpy(&u, value, sizeof u);
        return snprintf(buf, size, "%" PRIu64, u);
    }
    int32_t i;
    memcpy(&i, value, sizeof i);
    return snprintf(buf, size, "%" PRId32, i);
}

const setting_type setting_type_whole = {SETTING_JSON_NUMBER, whole_type_parse,
                                         whole_type_expected, whole_type_values,
                                         whole_type_format,   zero_none};

/* ---- seed: any 64-bit unsigned number ---- */

static bool seed_type_parse(const setting *s, const char *text, setting_source from,
                            setting_value *out)
{
    (void)s;
    (void)from;
    uint64_t u;
    if (!parse_u64(text, &u))
        return false;
    memcpy(out->bytes, &u, sizeof u);
    return true;
}

static int seed_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    (void)s;
    (void)from;
    return snprintf(buf, size, "expected a whole number in 0..%" PRIu64, UINT64_MAX);
}

static int seed_type_values(const setting *s, char *buf, size_t size)
{
    (void)s;
    return snprintf(buf, size, "0..2^64-1");
}

const setting_type setting_type_seed = {SETTING_JSON_NUMBER, seed_type_parse,   seed_type_expected,
                                        seed_type_values,    whole_type_format, zero_none};

/* ---- number ---- */

static bool real_type_parse(const setting *s, const char *text, setting_source from,
                            setting_value *out)
{
    (void)from;
    double x;
    if (!parse_real(text, s->min, s->max, &x) || (s->min_open && !(x > s->min)))
        return false;
    memcpy(out->bytes, &x, sizeof x);
    return true;
}

static int real_type_values(const setting *s, char *buf, size_t size)
{
    if (s->min_open)
        return snprintf(buf, size, "> %g and at most %g", s->min, s->max);
    return snprintf(buf, size, "%g..%g", s->min, s->max);
}

static int real_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    (void)from;
    char range[64];
    real_type_values(s, range, sizeof range);
    return snprintf(buf, size, "expected a number %s%s", s->min_open ? "" : "in ", range);
}

static int real_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    (void)s;
    double x;
    memcpy(&x, value, sizeof x);
    return setting_real_text(x, buf, size);
}

const setting_type setting_type_real = {SETTING_JSON_NUMBER, real_type_parse,  real_type_expected,
                                        real_type_values,    real_type_format, zero_none};

/* ---- a list of factors: context switching's f(1), f(2), ... ---- */

static bool factors_type_parse(const setting *s, const char *text, setting_source from,
                               setting_value *out)
{
    setting_factors v = {{0}, 0};
    /* in a CSV field a comma needs quotes, so ';' and spaces separate too */
    bool csv = from == SETTING_FROM_CSV;
    if (!parse_factors(text, csv ? ",; \t" : ",", csv, s->min, s->max, v.f, &v.n))
        return false;
    memcpy(out->bytes, &v, SETTING_FACTORS_SIZE);
    return true;
}

static int factors_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    if (from == SETTING_FROM_CSV)
        return snprintf(buf, size,
                        "expected 1 to %d numbers, each > %g and <= %g, separated by ';', spaces "
                        "or commas",
                        PLAN_CONTEXT_SWITCH_MAX, s->min, s->max);
    return snprintf(buf, size, "expected 1 to %d comma-separated numbers, each > %g and <= %g",
                    PLAN_CONTEXT_SWITCH_MAX, s->min, s->max);
}

static int factors_type_values(const setting *s, char *buf, size_t size)
{
    return snprintf(buf, size, "1 to %d numbers, each > %g and <= %g", PLAN_CONTEXT_SWITCH_MAX,
                    s->min, s->max);
}

static int factors_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    (void)s;
    setting_factors v;
    memcpy(&v, value, SETTING_FACTORS_SIZE);
    int used = 0;
    for (int32_t k = 0; k < v.n; k++) {
        char num[32];
        setting_real_text(v.f[k], num, sizeof num);
        setting_append(buf, size, &used, k ? "," : "");
        setting_append(buf, size, &used, num);
    }
    if (size > 0 && used == 0)
        buf[0] = '\0';
    return used;
}

const setting_type setting_type_factors = {SETTING_JSON_NUMBERS,  factors_type_parse,
                                           factors_type_expected, factors_type_values,
                                           factors_type_format,   zero_none};

/* ---- a factor range LOW,HIGH (split) ---- */

static bool range_type_parse(const setting *s, const char *text, setting_source from,
                             setting_value *out)
{
    (void)from;
    double v[2];
    if (!parse_factor_range(text, s->min, s->max, &v[0], &v[1]))
        return false;
    memcpy(out->bytes, v, sizeof v);
    return true;
}

static int range_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    if (from == SETTING_FROM_CSV) /* one column holds one end */
        return snprintf(buf, size, "expected a %s factor > %g and at most %g", s->name, s->min,
                        s->max);
    return snprintf(buf, size,
                    "expected a %s factor range LOW,HIGH or one factor, with %g < LOW <= HIGH <= "
                    "%g",
                    s->name, s->min, s->max);
}

static int range_type_values(const setting *s, char *buf, size_t size)
{
    return snprintf(buf, size, "`LOW,HIGH` or one factor, %g < LOW <= HIGH <= %g", s->min, s->max);
}

static int range_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    (void)s;
    double v[2];
    char a[32], b[32];
    memcpy(v, value, sizeof v);
    setting_real_text(v[0], a, sizeof a);
    setting_real_text(v[1], b, sizeof b);
    return snprintf(buf, size, "%s,%s", a, b);
}

const setting_type setting_type_range = {SETTING_JSON_NUMBERS, range_type_parse,
                                         range_type_expected,  range_type_values,
                                         range_type_format,    zero_none};

/* ---- one of named choices ---- */

static bool choice_type_parse(const setting *s, const char *text, setting_source from,
                              setting_value *out)
{
    (void)from;
    for (int32_t i = 0; i < s->n_choices; i++)
        if (parse_same_name(text, s->choices[i].name)) {
            memcpy(out->bytes, &s->choices[i].value, sizeof(int));
            return true;
        }
    return false;
}

/* "a, b or c", each name between mark and mark. */
static int choice_list(const setting *s, const char *mark, char *buf, size_t size)
{
    int used = 0;
    if (size > 0)
        buf[0] = '\0';
    for (int32_t i = 0; i < s->n_choices; i++) {
        setting_append(buf, size, &used, i == 0 ? "" : i + 1 == s->n_choices ? " or " : ", ");
        setting_append(buf, size, &used, mark);
        setting_append(buf, size, &used, s->choices[i].name);
        setting_append(buf, size, &used, mark);
    }
    return used;
}

static int choice_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    (void)from;
    char list[256];
    choice_list(s, "", list, sizeof list);
    return snprintf(buf, size, "expected %s", list);
}

static int choice_type_values(const setting *s, char *buf, size_t size)
{
    return choice_list(s, "`", buf, size);
}

static int choice_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    int v;
    memcpy(&v, value, sizeof v);
    for (int32_t i = 0; i < s->n_choices; i++)
        if (s->choices[i].value == v)
            return snprintf(buf, size, "%s", s->choices[i].name);
    assert(!"a stored choice has a name");
    return snprintf(buf, size, "%d", v);
}

const setting_type setting_type_choice = {SETTING_JSON_STRING,  choice_type_parse,
                                          choice_type_expected, choice_type_values,
                                          choice_type_format,   zero_none};

/* ---- a list of names the plan owns (unplanned work types) ---- */

static bool names_type_parse(const setting *s, const char *text, setting_source from,
                             setting_value *out)
{
    (void)s;
    (void)from;
    (void)out;
    int32_t n = 0, named = 0;
    for (const char *a = text;; n++) {
        size_t len = strcspn(a, ",");
        size_t skip = strspn(a, " \t");
        named += skip < len;
        if (!a[len])
            break;
        a += len + 1;
    }
    return named > 0 && n < SETTING_NAMES_MAX;
}

static int names_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    (void)from;
    return snprintf(buf, size, "expected comma-separated %s", s->unit ? s->unit : "names");
}

static int names_type_values(const setting *s, char *buf, size_t size)
{
    (void)s;
    return snprintf(buf, size, "a comma-separated list");
}

static int names_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    (void)s;
    setting_names v;
    memcpy(&v, value, SETTING_NAMES_SIZE);
    int used = 0;
    if (size > 0)
        buf[0] = '\0';
    for (int32_t k = 0; k < v.n; k++) {
        setting_append(buf, size, &used, k ? "," : "");
        setting_append(buf, size, &used, v.names[k]);
    }
    return used;
}

const setting_type setting_type_names = {SETTING_JSON_STRINGS, names_type_parse,
                                         names_type_expected,  names_type_values,
                                         names_type_format,    zero_none};

/* ---- text kept as written ---- */

static bool text_type_parse(const setting *s, const char *text, setting_source from,
                            setting_value *out)
{
    (void)s;
    (void)from;
    (void)out;
    return *text != '\0';
}

static int text_type_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    (void)from;
    return snprintf(buf, size, "expected %s", s->unit ? s->unit : "a value");
}

static int text_type_values(const setting *s, char *buf, size_t size)
{
    (void)s;
    return snprintf(buf, size, "text");
}

/* The caller keeps the text: there is no stored value to format. */
static int text_type_format(const setting *s, const void *value, char *buf, size_t size)
{
    (void)s;
    (void)value;
    return snprintf(buf, size, "%s", "");
}

const setting_type setting_type_text = {SETTING_JSON_STRING, text_type_parse,  text_type_expected,
                                        text_type_values,    text_type_format, zero_none};
