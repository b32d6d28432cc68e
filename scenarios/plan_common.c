/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_common: helpers the steps of plan_load share: reading a plan file as a table, scenario
 * names, warnings and growing arrays; see plan_internal.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

status_code plan_read_table(plan_loader *L, int f, const table_spec *spec, table_row_fn row,
                            void *ctx, table_info *info)
{
    table_info local = {0};
    table_info *out = info ? info : &local;
    status_code rc = table_read(L->paths[f], spec, row, ctx, out, L->st);
    L->found[f] = out->found;
    memcpy(L->sha[f], out->sha256, sizeof L->sha[f]);
    return rc;
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
        return plan_nomem(L);
    p->warnings = w;
    w[p->n_warnings] = strdup(buf);
    if (!w[p->n_warnings])
        return plan_nomem(L);
    p->n_warnings++;
    return STATUS_OK;
}

status_code plan_scenario_error(status *st, const table *t, const csvread_row *row, int32_t col)
{
    return table_value_error(st, t, row, col,
                             "expected 'baseline' or a section name of scenarios.ini, or '*' or "
                             "nothing for every scenario");
}

status_code plan_setting_columns(const table *t, const csvread_row *row, int32_t col,
                                 const setting *s, setting_value *value, bool *given, status *st)
{
    const char *texts[2] = {table_get(t, row, col),
                            setting_n_columns(s) == 2 ? table_get(t, row, col + 1) : ""};
    int32_t bad;
    char expected[256];
    if (!setting_parse_columns(s, texts, value, given, &bad, expected, sizeof expected))
        return table_value_error(st, t, row, col + bad, expected);
    return STATUS_OK;
}

status_code plan_optional_date(const table *t, const csvread_row *row, int32_t col,
                               const char *expected, int32_t *out, status *st)
{
    const char *v = table_get(t, row, col);
    *out = DATE_NONE;
    if (*v != '\0' && !parse_date(v, out))
        return table_value_error(st, t, row, col, expected);
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

bool plan_setting_place(const plan_loader *L, int32_t section, const setting *s, long *line,
                        long *column)
{
    int32_t i = setting_index(s);
    const plan_ini_section *secs[2] = {&L->sections[section], &L->sections[0]};
    for (int k = 0; k < (section > 0 ? 2 : 1); k++)
        if (secs[k]->set & ((uint64_t)1 << i)) {
            *line = secs[k]->key_line[i];
            *column = secs[k]->key_column[i];
            return true;
        }
    return false;
}
