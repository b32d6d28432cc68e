/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_common: helpers every input file of a plan uses: header mapping, value errors in the
 * "file:line:column: name: expected ..., found '...'" form, warnings and growing arrays.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

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
    int n = parse_excerpt_len(v);
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
        while (c < t->n_cols && !parse_same_name(name, t->cols[c].name))
            c++;
        if (c == t->n_cols) {
            if (t->allow_unknown)
                continue;
            plan_column_list(t, names, sizeof names);
            int n = parse_excerpt_len(name);
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
