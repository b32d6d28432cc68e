/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_csv: one row, one work item: the CSV exports of Jira, Linear and Azure DevOps, and any
 * CSV with a mapping, read through the table reader (table.h); see import.h.
 *
 * Each field may have several columns (the preset's names for it, or the one --map names), and
 * each column may repeat (Jira repeats Labels, Sprint, Component/s): the first non-empty value
 * wins, except for labels, which are all kept. Unknown columns are ignored, as exports carry
 * dozens, and rows may stop short of the header (Linear drops a trailing empty field).
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "import_internal.h"
#include "parse.h"
#include "table.h"

typedef struct import_csv {
    importer *im;
    import_source *src;
    table_column cols[TABLE_COLUMNS_MAX];
    int32_t n_cols;
    int32_t col[IMPORT_N_FIELDS][IMPORT_CANDIDATES]; /* columns of each field, -1: none */
    bool mapped[IMPORT_N_FIELDS]; /* named by an option: the column must be there */
    bool team_is_path;
    const char **labels; /* the row's label fields */
    int32_t cap_labels;
    import_changelog *changelog; /* rows of a status-change log, or NULL */
} import_csv;

/* The column named `name`, added if new; -1 when there is no room. */
static int32_t import_csv_column(import_csv *c, const char *name)
{
    for (int32_t k = 0; k < c->n_cols; k++)
        if (parse_same_name(c->cols[k].name, name))
            return k;
    if (c->n_cols == TABLE_COLUMNS_MAX)
        return -1;
    c->cols[c->n_cols] = (table_column){name, TABLE_REPEATED};
    return c->n_cols++;
}

/* Every field's columns: the option's, else the preset's. */
static bool import_csv_columns(import_csv *c)
{
    const import_options *o = c->im->opt;
    const import_preset *p = c->src->preset;
    for (int f = 0; f < IMPORT_N_FIELDS; f++) {
        const char *names[IMPORT_CANDIDATES] = {NULL, NULL, NULL};
        const char *option = f == IMPORT_FIELD_TEAM && o->team_from ? o->team_from : o->map[f];
        if (option) {
            names[0] = option;
            c->mapped[f] = true;
        } else {
            memcpy(names, p->columns[f], sizeof names);
        }
        if (f == IMPORT_FIELD_TEAM && o->team)
            names[0] = NULL;
        for (int k = 0; k < IMPORT_CANDIDATES; k++) {
            c->col[f][k] = -1;
            if (names[k] && (c->col[f][k] = import_csv_column(c, names[k])) < 0)
                return false;
        }
    }
    c->team_is_path = p->team_is_path && !o->team && c->col[IMPORT_FIELD_TEAM][0] >= 0 &&
                      p->columns[IMPORT_FIELD_TEAM][0] &&
                      parse_same_name(c->cols[c->col[IMPORT_FIELD_TEAM][0]].name,
                                      p->columns[IMPORT_FIELD_TEAM][0]);
    return true;
}

static bool import_csv_has(const table *t, const import_csv *c, int f)
{
    for (int k = 0; k < IMPORT_CANDIDATES; k++)
        if (c->col[f][k] >= 0 && table_count(t, c->col[f][k]) > 0)
            return true;
    return false;
}

/* The header must have the columns the preset needs and the options name. */
static status_code import_csv_header(void *ctx, const table *t, long line, status *st)
{
    import_csv *c = ctx;
    const import_preset *p = c->src->preset;
    for (int f = 0; f < IMPORT_N_FIELDS; f++) {
        if (import_csv_has(t, c, f) || c->col[f][0] < 0)
            continue;
        const char *name = c->cols[c->col[f][0]].name;
        if (c->mapped[f])
            return status_set_at(st, STATUS_EINPUT, table_path(t), line, 1,
                                 "header: missing column '%s', named for the field %s", name,
                                 import_field_name((import_field)f));
        if (f == IMPORT_FIELD_TEAM)
            return status_set_at(st, STATUS_EINPUT, table_path(t), line, 1,
                                 "header: missing column '%s' that names the team of %s: give "
                                 "the team with --team NAME or --team-from COLUMN (team or "
                                 "team_from in [history])",
                                 name, p->tool);
        if (p->required & (1u << f))
            return status_set_at(st, STATUS_EINPUT, table_path(t), line, 1,
                                 "header: missing column '%s' of %s (field %s): export it, or "
                                 "name the column that holds it with --map %s=COLUMN (map[%s] "
                                 "in [history])",
                                 name, p->tool, import_field_name((import_field)f),
                                 import_field_name((import_field)f),
                                 import_field_name((import_field)f));
    }
    int32_t n = 0;
    for (int k = 0; k < IMPORT_CANDIDATES; k++)
        if (c->col[IMPORT_FIELD_LABELS][k] >= 0)
            n += table_count(t, c->col[IMPORT_FIELD_LABELS][k]);
    c->labels = calloc(n > 0 ? (size_t)n : 1, sizeof *c->labels);
    c->cap_labels = n;
    return c->labels ? STATUS_OK : import_nomem(c->im);
}

/* Field f of the row: its first non-empty value, and the column it is in (or the first). */
static const char *import_csv_get(const import_csv *c, const table *t, const csvread_row *row,
                                  int f, long *column)
{
    *column = c->col[f][0] >= 0 ? table_field(t, c->col[f][0]) : 0;
    for (int k = 0; k < IMPORT_CANDIDATES; k++) {
        int32_t col = c->col[f][k];
        if (col < 0)
            continue;
        for (int32_t n = 0; n < table_count(t, col); n++) {
            const char *v = table_get_nth(t, row, col, n);
            if (*v) {
                *column = table_field(t, col);
                return v;
            }
        }
    }
    return "";
}

/* The last part of a path such as Azure's "Fabrikam\\Web\\Payments". */
static const char *import_csv_last_part(const char *path)
{
    const char *last = path;
    for (const char *p = path; *p; p++)
        if ((*p == '\\' || *p == '/') && p[1])
            last = p + 1;
    while (*last == ' ' || *last == '\t')
        last++;
    return last;
}

static status_code import_csv_row(void *ctx, const table *t, const csvread_row *row, status *st)
{
    (void)st;
    import_csv *c = ctx;
    importer *im = c->im;
    const import_preset *p = c->src->preset;
    import_raw raw = {.line = row->line, .label_sep = p->label_sep};
    const char *v[IMPORT_N_FIELDS];
    for (int f = 0; f < IMPORT_N_FIELDS; f++)
        v[f] = import_csv_get(c, t, row, f, &raw.column[f]);
    raw.id = v[IMPORT_FIELD_ID];
    raw.team = im->opt->team ? im->opt->team : v[IMPORT_FIELD_TEAM];
    if (c->team_is_path)
        raw.team = import_csv_last_part(raw.team);
    raw.type = v[IMPORT_FIELD_TYPE];
    raw.status = v[IMPORT_FIELD_STATUS];
    raw.resolution = v[IMPORT_FIELD_RESOLUTION];
    raw.category = v[IMPORT_FIELD_CATEGORY];
    raw.epic = v[IMPORT_FIELD_EPIC];
    raw.parent = v[IMPORT_FIELD_PARENT];
    for (int k = 0; k < IMPORT_CANDIDATES; k++) {
        int32_t col = c->col[IMPORT_FIELD_LABELS][k];
        for (int32_t n = 0; col >= 0 && n < table_count(t, col) && raw.n_labels < c->cap_labels;
             n++)
            c->labels[raw.n_labels++] = table_get_nth(t, row, col, n);
    }
    raw.labels = c->labels;
    static const int date_fields[4] = {IMPORT_FIELD_CREATED, IMPORT_FIELD_STARTED,
                                       IMPORT_FIELD_DONE, IMPORT_FIELD_CHANGED};
    int32_t dates[4];
    int64_t when = 0;
    for (int k = 0; k < 4; k++) {
        int f = date_fields[k];
        const char *name = c->col[f][0] >= 0 ? c->cols[c->col[f][0]].name : "";
        status_code rc = import_date(im, c->src, v[f], raw.team, row->line, raw.column[f], name,
                                     &dates[k], k == 3 ? &when : NULL);
        if (rc != STATUS_OK)
            return rc;
    }
    raw.created = dates[0];
    raw.started = dates[1];
    raw.done = dates[2];
    int32_t changed = dates[3];
    if (c->changelog)
        return import_changelog_add(im, c->src, c->changelog, &raw, when, changed);
    const char *state = p->done_by_category ? raw.category : raw.status;
    raw.closed = import_list_has(&im->done_states, state, strlen(state));
    if (raw.done == DATE_NONE && raw.closed && p->done_by_category)
        raw.done = changed; /* moved to Done without a resolution date: when it moved */
    if (p->started_by_category && raw.started == DATE_NONE && !raw.closed &&
        parse_same_name(raw.category, "In Progress"))
        raw.started = changed;
    raw.cancelled = p->resolution_cancels && *raw.resolution;
    return import_add(im, c->src, &raw);
}

status_code import_read_csv(importer *im, import_source *src)
{
    import_csv c = {.im = im, .src = src};
    if (!import_csv_columns(&c))
        return status_set_at(im->st, STATUS_ELIMIT, src->path, 0, 0,
                             "more than %d columns named for import", TABLE_COLUMNS_MAX);
    const table_spec spec = {.columns = c.cols,
                             .n_columns = c.n_cols,
                             .allow_unknown = true,
                             .short_rows = true,
                             .header = import_csv_header};
    table_info info = {0};
    status_code rc = STATUS_OK;
    if (src->preset->format == IMPORT_CHANGELOG && !(c.changelog = import_changelog_create()))
        rc = import_nomem(im);
    if (rc == STATUS_OK)
        rc = table_read(src->path, &spec, import_csv_row, &c, &info, im->st);
    src->file->rows = info.n_rows;
    if (rc == STATUS_OK && c.changelog)
        rc = import_changelog_finish(im, src, c.changelog);
    import_changelog_destroy(c.changelog);
    free(c.labels);
    return rc;
}
