/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_common: helpers every input file of a plan uses: header mapping, value errors in the
 * "file:line:column: name: expected ..., found '...'" form, and number and date parsing.
 *
 * Numbers go through strtoll/strtoull/strtod on text first checked to hold only the
 * characters of a plain decimal number, so "inf", "nan", hex floats and leading spaces never
 * reach them, and the locale is never touched.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

static char plan_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool plan_name_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (plan_lower(*a) != plan_lower(*b))
            return false;
    return *a == *b;
}

int plan_excerpt_len(const char *s)
{
    size_t n = strlen(s);
    if (n <= 60)
        return (int)n;
    n = 60;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

bool plan_parse_whole(const char *s, long long lo, long long hi, long long *out)
{
    if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+'))
        return false;
    for (const char *c = s + 1; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool plan_parse_u64(const char *s, uint64_t *out)
{
    /* strtoull would accept "-1" and wrap it to 2^64 - 1. */
    if (*s == '\0')
        return false;
    for (const char *c = s; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *out = (uint64_t)v;
    return true;
}

bool plan_parse_real(const char *s, double lo, double hi, double *out)
{
    bool digit = false;
    for (const char *c = s; *c; c++) {
        if (*c >= '0' && *c <= '9')
            digit = true;
        else if (!strchr("+-.eE", *c))
            return false;
    }
    if (!digit || !((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.'))
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool plan_parse_date(const char *s, int32_t *out)
{
    return date_parse(s, strlen(s), out);
}

status_code plan_warn(plan_loader *L, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    /* va_start is just above; clang-analyzer's valist checker reports it uninitialized when
     * this file is analysed together with others (a false positive). */
    int n = vsnprintf(buf, sizeof buf, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
    va_end(ap);
    if (n < 0)
        buf[0] = '\0';
    plan *p = L->p;
    char **w = realloc(p->warnings, ((size_t)p->n_warnings + 1) * sizeof *w);
    if (!w)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    p->warnings = w;
    w[p->n_warnings] = strdup(buf);
    if (!w[p->n_warnings])
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    p->n_warnings++;
    return STATUS_OK;
}

status_code plan_value_error(status *st, const plan_table *t, const csvread_row *row, int32_t col,
                             const char *expected)
{
    const char *v = plan_table_get(t, row, col);
    int n = plan_excerpt_len(v);
    return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)t->field[col] + 1,
                         "%s: %s, found %s%.*s%s%s", t->cols[col].name, expected, *v ? "'" : "", n,
                         v, *v ? "'" : "nothing", (size_t)n < strlen(v) ? "..." : "");
}

status_code plan_scenario_error(status *st, const plan_table *t, const csvread_row *row,
                                int32_t col)
{
    return plan_value_error(st, t, row, col,
                            "expected 'baseline' or a section name of scenarios.ini, or '*' or "
                            "nothing for every scenario");
}

const char *plan_table_get(const plan_table *t, const csvread_row *row, int32_t col)
{
    int32_t f = t->field[col];
    return f >= 0 && f < row->n_fields ? row->fields[f] : "";
}

static void plan_column_list(const plan_table *t, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < t->n_cols && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", t->cols[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

status_code plan_table_row(plan_table *t, const csvread_row *row, bool *is_header, status *st)
{
    char names[512];
    *is_header = t->header_line == 0;
    if (!*is_header) {
        if (row->n_fields != t->n_header) {
            int32_t at = row->n_fields < t->n_header ? row->n_fields : t->n_header;
            return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)at + 1,
                                 "expected %d fields as in the header (line %ld), found %d",
                                 (int)t->n_header, t->header_line, (int)row->n_fields);
        }
        t->n_rows++;
        return STATUS_OK;
    }
    t->header_line = row->line;
    t->n_header = row->n_fields;
    for (int32_t c = 0; c < t->n_cols; c++)
        t->field[c] = -1;
    for (int32_t f = 0; f < row->n_fields; f++) {
        const char *name = row->fields[f];
        int32_t c = 0;
        while (c < t->n_cols && !plan_name_equal(name, t->cols[c].name))
            c++;
        if (c == t->n_cols) {
            if (t->allow_unknown)
                continue;
            plan_column_list(t, names, sizeof names);
            int n = plan_excerpt_len(name);
            return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)f + 1,
                                 "header: unknown column '%.*s' (expected columns: %s)", n, name,
                                 names);
        }
        if (t->field[c] >= 0)
            return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)f + 1,
                                 "header: duplicated column '%s' (also field %d)", t->cols[c].name,
                                 (int)t->field[c] + 1);
        t->field[c] = f;
    }
    for (int32_t c = 0; c < t->n_cols; c++)
        if (t->cols[c].required && t->field[c] < 0) {
            plan_column_list(t, names, sizeof names);
            return status_set_at(st, STATUS_EINPUT, t->path, row->line, 1,
                                 "header: missing column '%s' (expected columns: %s)",
                                 t->cols[c].name, names);
        }
    return STATUS_OK;
}

status_code plan_table_finish(const plan_table *t, bool rows_required, status *st)
{
    char names[512];
    plan_column_list(t, names, sizeof names);
    if (t->header_line == 0)
        return status_set_at(st, STATUS_EINPUT, t->path, 1, 1,
                             "empty file: expected a header row with columns %s", names);
    if (rows_required && t->n_rows == 0)
        return status_set_at(st, STATUS_EINPUT, t->path, t->header_line, 1,
                             "header only: expected at least one row after the header");
    return STATUS_OK;
}

bool plan_parse_percent(const char *s, double lo, double hi, double *share, bool *had_sign)
{
    char buf[64];
    size_t n = strlen(s);
    bool sign = n > 0 && s[n - 1] == '%';
    if (sign)
        n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    double v;
    if (!plan_parse_real(buf, lo, hi, &v))
        return false;
    *share = v / 100.0;
    if (had_sign)
        *had_sign = sign;
    return true;
}

bool plan_parse_factors(const char *v, const char *seps, bool skip_empty, double *out,
                        int32_t *n_out)
{
    char buf[64];
    int32_t n = 0;
    for (const char *a = v;;) {
        size_t len = strcspn(a, seps);
        const char *b = a[len] ? a + len : NULL;
        while (len > 0 && (*a == ' ' || *a == '\t')) {
            a++;
            len--;
        }
        while (len > 0 && (a[len - 1] == ' ' || a[len - 1] == '\t'))
            len--;
        if (len > 0 || !skip_empty) {
            if (len == 0 || len >= sizeof buf || n == PLAN_CONTEXT_SWITCH_MAX)
                return false;
            memcpy(buf, a, len);
            buf[len] = '\0';
            double f;
            if (!plan_parse_real(buf, 0.0, 1.0, &f) || !(f > 0.0))
                return false;
            out[n++] = f;
        }
        if (!b)
            break;
        a = b + 1;
    }
    if (n == 0)
        return false;
    *n_out = n;
    return true;
}

bool plan_parse_split(const char *v, double *low, double *high)
{
    double f[2];
    int32_t n = 0;
    const char *comma = strchr(v, ',');
    if (comma && strchr(comma + 1, ','))
        return false;
    for (const char *a = v; n < 2;) {
        char buf[64];
        size_t len = strcspn(a, ",");
        const char *b = a[len] ? a + len : NULL;
        while (len > 0 && (*a == ' ' || *a == '\t')) {
            a++;
            len--;
        }
        while (len > 0 && (a[len - 1] == ' ' || a[len - 1] == '\t'))
            len--;
        if (len == 0 || len >= sizeof buf)
            return false;
        memcpy(buf, a, len);
        buf[len] = '\0';
        if (!plan_parse_real(buf, 0.0, 100.0, &f[n]) || !(f[n] > 0.0))
            return false;
        n++;
        if (!b)
            break;
        a = b + 1;
    }
    if (n == 1)
        f[1] = f[0];
    if (f[0] > f[1])
        return false;
    *low = f[0];
    *high = f[1];
    return true;
}

bool plan_reserve(void **arr, size_t elem, size_t need, size_t *cap)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    void *a = realloc(*arr, n * elem);
    if (!a)
        return false;
    memset((char *)a + *cap * elem, 0, (n - *cap) * elem);
    *arr = a;
    *cap = n;
    return true;
}

status_code plan_nomem(plan_loader *L)
{
    return status_set(L->st, STATUS_ENOMEM, "out of memory loading the plan");
}

char *plan_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

bool plan_find_section(const plan_loader *L, const char *name, int32_t *section)
{
    if (*name == '\0' || strcmp(name, "*") == 0) {
        *section = -1;
        return true;
    }
    for (int32_t s = 0; s < L->n_sections; s++)
        if (strcmp(L->sections[s].name, name) == 0) {
            *section = s;
            return true;
        }
    return false;
}

void plan_team_apply(plan_team_settings *dst, int key, const plan_team_settings *src)
{
    switch (key) {
    case PLAN_KEY_WIP:
        dst->wip = src->wip;
        break;
    case PLAN_KEY_INTERRUPT_SCALE:
        dst->interrupt_scale = src->interrupt_scale;
        break;
    case PLAN_KEY_UNPLANNED_EFFORT:
        dst->unplanned_effort = src->unplanned_effort;
        break;
    case PLAN_KEY_CONTEXT_SWITCH:
        memcpy(dst->context_switch, src->context_switch, sizeof dst->context_switch);
        dst->n_context_switch = src->n_context_switch;
        break;
    case PLAN_KEY_SPLIT:
        dst->split_low = src->split_low;
        dst->split_high = src->split_high;
        break;
    default:
        break;
    }
}
