/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table: header mapping over csvread; see table.h.
 *
 * The header maps each field to a column once; a repeated column's fields are chained through
 * next[] (a field's next field of the same column), so a row costs one index per lookup and no
 * allocation: the chain lives in the reader's state, sized for csvread's field limit.
 *
 * Decimal commas are turned into points in place, in the row's own buffer, before the callback
 * sees the row; the text as written is kept beside it (numbers are short) for messages.
 */
#include "table.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "suggest.h"

enum { TABLE_NUMBER_TEXT = 64 }; /* bytes of a number's text kept as written */

struct table {
    const char *path;
    char separator;
    uint32_t converted; /* columns whose field in the current row had decimal commas */
    char written[TABLE_COLUMNS_MAX][TABLE_NUMBER_TEXT];
    const table_spec *spec;
    table_row_fn row_fn;
    void *ctx;
    table_info *info;
    int32_t first[TABLE_COLUMNS_MAX]; /* first field of each column, or -1 */
    int32_t count[TABLE_COLUMNS_MAX]; /* fields of each column */
    int32_t n_header;
    int32_t next[CSVREAD_FIELDS_MAX]; /* next field of the same column, or -1 */
};

const char *table_path(const table *t)
{
    return t->path;
}

const char *table_name(const table *t, int32_t col)
{
    return t->spec->columns[col].name;
}

char table_separator(const table *t)
{
    return t->separator;
}

long table_field(const table *t, int32_t col)
{
    return (long)t->first[col] + 1;
}

int32_t table_count(const table *t, int32_t col)
{
    return t->count[col];
}

const char *table_get(const table *t, const csvread_row *row, int32_t col)
{
    int32_t f = t->first[col];
    return f >= 0 && f < row->n_fields ? row->fields[f] : "";
}

const char *table_get_nth(const table *t, const csvread_row *row, int32_t col, int32_t k)
{
    int32_t f = t->first[col];
    for (; f >= 0 && k > 0; k--)
        f = t->next[f];
    return f >= 0 && f < row->n_fields ? row->fields[f] : "";
}

status_code table_value_error(status *st, const table *t, const csvread_row *row, int32_t col,
                              const char *expected)
{
    const char *v = t->converted & ((uint32_t)1 << col) ? t->written[col] : table_get(t, row, col);
    int n = parse_excerpt_len(v);
    return status_set_at(st, STATUS_EINPUT, t->path, row->line, table_field(t, col),
                         "%s: %s, found %s%.*s%s%s", table_name(t, col), expected, *v ? "'" : "", n,
                         v, *v ? "'" : "nothing", (size_t)n < strlen(v) ? "..." : "");
}

status_code table_error(status *st, status_code code, const table *t, const csvread_row *row,
                        int32_t col, const char *fmt, ...)
{
    char msg[STATUS_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
    va_end(ap);
    if (n < 0)
        msg[0] = '\0';
    return status_set_at(st, code, t->path, row->line, table_field(t, col), "%s", msg);
}

/* "a, b, c": the spec's column names, for messages. */
static void table_column_list(const table_spec *spec, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < spec->n_columns && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", spec->columns[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static status_code table_unknown_column(const table *t, const csvread_row *row, int32_t f,
                                        status *st)
{
    const table_spec *spec = t->spec;
    const char *names[TABLE_COLUMNS_MAX];
    for (int32_t c = 0; c < spec->n_columns; c++)
        names[c] = spec->columns[c].name;
    const char *name = row->fields[f];
    int n = parse_excerpt_len(name);
    int32_t near = suggest_closest(name, names, spec->n_columns);
    if (near >= 0)
        return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)f + 1,
                             "header: unknown column '%.*s'; did you mean '%s'?", n, name,
                             names[near]);
    char list[512];
    table_column_list(spec, list, sizeof list);
    return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)f + 1,
                         "header: unknown column '%.*s' (expected columns: %s)", n, name, list);
}

static status_code table_header(table *t, const csvread_row *row, status *st)
{
    const table_spec *spec = t->spec;
    int32_t last[TABLE_COLUMNS_MAX];
    t->info->header_line = row->line;
    t->n_header = row->n_fields;
    for (int32_t c = 0; c < TABLE_COLUMNS_MAX; c++)
        t->first[c] = last[c] = -1;
    for (int32_t f = 0; f < row->n_fields; f++) {
        int32_t c = 0;
        while (c < spec->n_columns && !parse_same_name(row->fields[f], spec->columns[c].name))
            c++;
        t->next[f] = -1;
        if (c == spec->n_columns) {
            if (spec->allow_unknown)
                continue;
            return table_unknown_column(t, row, f, st);
        }
        if (t->first[c] >= 0 && spec->columns[c].presence != TABLE_REPEATED)
            return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)f + 1,
                                 "header: duplicated column '%s' (also field %d)",
                                 spec->columns[c].name, (int)t->first[c] + 1);
        if (last[c] < 0)
            t->first[c] = f;
        else
            t->next[last[c]] = f;
        last[c] = f;
        t->count[c]++;
    }
    for (int32_t c = 0; c < spec->n_columns; c++) {
        t->info->column[c] = table_field(t, c);
        if (spec->columns[c].presence == TABLE_REQUIRED && t->first[c] < 0) {
            char list[512];
            table_column_list(spec, list, sizeof list);
            return status_set_at(st, STATUS_EINPUT, t->path, row->line, 1,
                                 "header: missing column '%s' (expected columns: %s)",
                                 spec->columns[c].name, list);
        }
    }
    return spec->header ? spec->header(t->ctx, t, row->line, st) : STATUS_OK;
}

static bool table_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether v holds a point before exactly three digits ("1.234", "1.234,5") or both a point and
 * a comma: a thousands separator, or a number written for another locale. */
static bool table_number_ambiguous(const char *v)
{
    bool comma = strchr(v, ',') != NULL;
    for (const char *p = v; *p; p++) {
        if (*p != '.')
            continue;
        if (comma)
            return true;
        int digits = 0;
        while (table_is_digit(p[1 + digits]))
            digits++;
        if (digits == 3 && p > v && table_is_digit(p[-1]))
            return true;
    }
    return false;
}

/* Decimal commas of the number columns into points, where ';' separates. A comma becomes a
 * point only alone between digits ("6,5", "1;0,8" in a list); any other comma stays, for the
 * column's own parser to refuse as written. */
static status_code table_decimal_commas(table *t, const csvread_row *row, status *st)
{
    t->converted = 0;
    for (int32_t c = 0; c < t->spec->n_columns; c++) {
        int32_t f = t->first[c];
        if (!(t->spec->numbers & ((uint32_t)1 << c)) || f < 0 || f >= row->n_fields)
            continue;
        char *v = row->fields[f];
        size_t len = strlen(v);
        if (len >= TABLE_NUMBER_TEXT || !strpbrk(v, ".,"))
            continue;
        if (table_number_ambiguous(v))
            return table_error(st, STATUS_EINPUT, t, row, c,
                               "%s: expected a number with a decimal comma (the file is separated "
                               "by ';'), found '%s': a point here could separate thousands; "
                               "write 1234 or 1,234",
                               t->spec->columns[c].name, v);
        memcpy(t->written[c], v, len + 1);
        bool changed = false;
        for (size_t k = 1; k + 1 < len; k++) {
            if (v[k] != ',' || !table_is_digit(v[k - 1]) || !table_is_digit(v[k + 1]))
                continue;
            size_t a = k, b = k + 1; /* the run of digits and commas around it */
            while (a > 0 && (table_is_digit(v[a - 1]) || v[a - 1] == ','))
                a--;
            while (b < len && (table_is_digit(v[b]) || v[b] == ','))
                b++;
            if (memchr(v + a, ',', k - a) || memchr(v + k + 1, ',', b - k - 1))
                continue; /* "1,2,3": not one number */
            v[k] = '.';
            changed = true;
        }
        if (changed)
            t->converted |= (uint32_t)1 << c;
    }
    return STATUS_OK;
}

static status_code table_on_row(void *arg, const csvread_row *row, status *st)
{
    table *t = arg;
    if (t->info->header_line == 0) {
        t->separator = row->separator;
        return table_header(t, row, st);
    }
    if (row->n_fields != t->n_header && !(t->spec->short_rows && row->n_fields < t->n_header)) {
        int32_t at = row->n_fields < t->n_header ? row->n_fields : t->n_header;
        return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)at + 1,
                             "expected %d fields as in the header (line %ld), found %d%s",
                             (int)t->n_header, t->info->header_line, (int)row->n_fields,
                             t->separator == ';' && row->n_fields > t->n_header
                                 ? " (where ';' separates fields, a list such as A;B needs quotes: "
                                   "\"A;B\")"
                                 : "");
    }
    t->info->n_rows++;
    if (t->separator == ';') {
        status_code rc = table_decimal_commas(t, row, st);
        if (rc != STATUS_OK)
            return rc;
    }
    return t->row_fn(t->ctx, t, row, st);
}

status_code table_read(const char *path, const table_spec *spec, table_row_fn row, void *ctx,
                       table_info *info, status *st)
{
    table_info scratch = {0};
    table t = {
        .path = path, .spec = spec, .row_fn = row, .ctx = ctx, .info = info ? info : &scratch};
    memset(t.info, 0, sizeof *t.info);
    status_code rc = csvread_file(path, spec->optional_file, spec->separator, &t.info->found,
                                  table_on_row, &t, t.info->sha256, st);
    if (rc != STATUS_OK || !t.info->found)
        return rc;
    if (t.info->header_line == 0) {
        char list[512];
        table_column_list(spec, list, sizeof list);
        return status_set_at(st, STATUS_EINPUT, path, 1, 1,
                             "empty file: expected a header row with columns %s", list);
    }
    if (spec->rows_required && t.info->n_rows == 0)
        return status_set_at(st, STATUS_EINPUT, path, t.info->header_line, 1,
                             "header only: expected at least one row after the header");
    return STATUS_OK;
}
