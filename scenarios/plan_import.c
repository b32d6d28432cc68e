/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_import: the plan folder's history from elsewhere: the tracker exports a `[history]`
 * section of scenarios.ini names, read by the same importer as `shipcast import` (import.h),
 * and the time zones of teams.csv's `timezone` column that place history timestamps on dates.
 *
 * [history] keys are the registry's (setting.h, scope SETTING_SCOPE_HISTORY): each is checked
 * by its type when read and kept as text with its place, because what it means (a column, a
 * file) shows only once the exports are open. Zones are loaded once per name, however many
 * teams share one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "date.h"
#include "datefmt.h"
#include "plan_internal.h"
#include "suggest.h"

struct plan_import {
    long line, column;         /* of [history] */
    char *value[SETTINGS_MAX]; /* by registry index, or NULL */
    long key_line[SETTINGS_MAX], value_column[SETTINGS_MAX];
    char *map[IMPORT_N_FIELDS];
    long map_line[IMPORT_N_FIELDS], map_column[IMPORT_N_FIELDS];
    int32_t n_files; /* the exports read, with their digests */
    char **files;
    char (*sha)[SHA256_HEX_SIZE];
};

void plan_import_fini(plan_loader *L)
{
    for (int32_t i = 0; i < L->n_zones; i++)
        tz_destroy(L->zones[i]);
    free(L->zones);
    free(L->team_zone);
    plan_import *im = L->import;
    if (!im)
        return;
    for (int i = 0; i < SETTINGS_MAX; i++)
        free(im->value[i]);
    for (int f = 0; f < IMPORT_N_FIELDS; f++)
        free(im->map[f]);
    for (int32_t i = 0; i < im->n_files; i++)
        free(im->files[i]);
    free(im->files);
    free(im->sha);
    free(im);
}

/* ---- time zones ------------------------------------------------------------------------- */

/* The index of zone `name` in L->zones, loaded if new; *inner says why not. */
static status_code plan_zone_index(plan_loader *L, const char *name, int32_t *index, status *inner)
{
    for (int32_t i = 0; i < L->n_zones; i++)
        if (strcmp(tz_name(L->zones[i]), name) == 0) {
            *index = i;
            return STATUS_OK;
        }
    tz *z = NULL;
    status_code rc = tz_load(NULL, name, &z, inner);
    if (rc != STATUS_OK)
        return rc;
    tz **zones = realloc(L->zones, ((size_t)L->n_zones + 1) * sizeof *zones);
    if (!zones) {
        tz_destroy(z);
        return plan_nomem(L);
    }
    L->zones = zones;
    zones[L->n_zones] = z;
    *index = L->n_zones++;
    return STATUS_OK;
}

status_code plan_team_zone(plan_loader *L, const table *t, const csvread_row *row, int32_t col,
                           int32_t team)
{
    int32_t *zones = realloc(L->team_zone, ((size_t)team + 1) * sizeof *zones);
    if (!zones)
        return plan_nomem(L);
    L->team_zone = zones;
    zones[team] = -1;
    const char *name = table_get(t, row, col);
    if (*name == '\0')
        return STATUS_OK;
    status inner;
    status_code rc = plan_zone_index(L, name, &zones[team], &inner);
    if (rc == STATUS_EINPUT || rc == STATUS_EIO)
        return table_error(L->st, rc, t, row, col, "timezone: %s", inner.message);
    return rc == STATUS_OK ? rc : plan_nomem(L);
}

status_code plan_history_date(plan_loader *L, const table *t, const csvread_row *row, int32_t col,
                              int32_t team, const char *expected, int32_t *out)
{
    int32_t zone = team >= 0 && L->team_zone ? L->team_zone[team] : -1;
    if (zone < 0)
        return plan_optional_date(t, row, col, expected, out, L->st);
    const char *v = table_get(t, row, col);
    datefmt_stamp s;
    *out = DATE_NONE;
    if (*v == '\0')
        return STATUS_OK;
    if (datefmt_parse(v, DATEFMT_ISO, &s) != DATEFMT_OK || !datefmt_day(&s, L->zones[zone], out))
        return table_value_error(L->st, t, row, col, expected);
    return STATUS_OK;
}

/* The zone of team `name` for the importer: teams.csv's, or NULL. */
static const tz *plan_import_team_zone(void *ctx, const char *name)
{
    plan_loader *L = ctx;
    int32_t team = strmap_find(&L->team_map, name, strlen(name));
    int32_t zone = team >= 0 && L->team_zone ? L->team_zone[team] : -1;
    return zone >= 0 ? L->zones[zone] : NULL;
}

/* ---- [history] -------------------------------------------------------------------------- */

status_code plan_import_section(plan_loader *L, long line, long column)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    if (L->import)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "section: expected a new section name, found [history] again "
                             "(first on line %ld)",
                             L->import->line);
    if (!(L->import = calloc(1, sizeof *L->import)))
        return plan_nomem(L);
    L->import->line = line;
    L->import->column = column;
    return STATUS_OK;
}

/* "unknown key" in [history], with the closest of its keys. */
static status_code plan_import_unknown(plan_loader *L, const char *key, long line, long column)
{
    const char *names[SETTINGS_MAX];
    int32_t n = 0;
    for (int32_t i = 0; i < setting_count(); i++)
        if (setting_at(i)->scope == SETTING_SCOPE_HISTORY)
            names[n++] = setting_at(i)->name;
    int32_t near = suggest_closest(key, names, n);
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    int len = parse_excerpt_len(key);
    if (setting_find(key))
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%.*s cannot be set in [history]: it holds only the keys of the "
                             "exports (files, format, team, team_from, map[FIELD], unplanned, "
                             "cancelled, excluded, date_format, timezone)",
                             len, key);
    if (near >= 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "unknown key '%.*s' in [history]; did you mean '%s'?", len, key,
                             names[near]);
    return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                         "unknown key '%.*s' in [history] (expected files, format, team, "
                         "team_from, map[FIELD], unplanned, cancelled, excluded, date_format or "
                         "timezone)",
                         len, key);
}

status_code plan_import_key(plan_loader *L, const char *key, const char *bracket, const char *value,
                            long line, long key_column, long value_column)
{
    plan_import *im = L->import;
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    const setting *s = setting_find_history(key);
    if (!s)
        return plan_import_unknown(L, key, line, key_column);
    bool is_map = strcmp(s->name, "map") == 0;
    if (is_map != (bracket != NULL))
        return status_set_at(L->st, STATUS_EINPUT, path, line, key_column,
                             is_map ? "map: expected 'map[FIELD] = COLUMN'"
                                    : "%s: expected '%s = value', without [...]",
                             s->name, s->name);
    import_field field = IMPORT_FIELD_ID;
    if (is_map && !import_field_named(bracket, &field))
        return status_set_at(L->st, STATUS_EINPUT, path, line, key_column,
                             "map[%.*s]: unknown field (expected one of %s)",
                             parse_excerpt_len(bracket), bracket, import_field_list());
    int32_t i = setting_index(s);
    long first = is_map ? im->map_line[field] : im->key_line[i];
    if (first > 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, key_column,
                             "%s%s%s%s: expected each key once per section, found it again "
                             "(first on line %ld)",
                             s->name, is_map ? "[" : "", is_map ? import_field_name(field) : "",
                             is_map ? "]" : "", first);
    setting_value v;
    if (*value == '\0')
        return status_set_at(L->st, STATUS_EINPUT, path, line, value_column,
                             "%s: expected a value, found nothing", s->name);
    if (!setting_parse(s, value, SETTING_FROM_INI, &v)) {
        char expected[256];
        setting_expected(s, SETTING_FROM_INI, expected, sizeof expected);
        return status_set_at(L->st, STATUS_EINPUT, path, line, value_column, "%s: %s, found '%.*s'",
                             s->name, expected, parse_excerpt_len(value), value);
    }
    char *copy = strdup(value);
    if (!copy)
        return plan_nomem(L);
    if (is_map) {
        im->map[field] = copy;
        im->map_line[field] = line;
        im->map_column[field] = value_column;
    } else {
        im->value[i] = copy;
        im->key_line[i] = line;
        im->value_column[i] = value_column;
    }
    return STATUS_OK;
}

/* The text of [history] key `name`, or NULL; its place in *line, *column. */
static const char *plan_import_value(const plan_import *im, const char *name, long *line,
                                     long *column)
{
    int32_t i = setting_index(setting_find_history(name));
    if (line)
        *line = im->key_line[i];
    if (column)
        *column = im->value_column[i];
    return im->value[i];
}

status_code plan_import_check(plan_loader *L)
{
    plan_import *im = L->import;
    if (!im)
        return STATUS_OK;
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    if (!plan_import_value(im, "files", NULL, NULL))
        return status_set_at(L->st, STATUS_EINPUT, path, im->line, im->column,
                             "[history]: expected files = the exports that hold the history "
                             "(or remove the section to read history.csv)");
    long line, column;
    if (plan_setting_place(L, 0, setting_find("unplanned"), &line, &column))
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "unplanned: with a [history] section, the export's types and "
                             "labels counted as interruptions are set there (unplanned in "
                             "[history], line %ld)",
                             im->line);
    long team_line = 0, from_line = 0, from_column = 0;
    const char *team = plan_import_value(im, "team", &team_line, NULL);
    const char *from = plan_import_value(im, "team_from", &from_line, &from_column);
    const char *map = im->map[IMPORT_FIELD_TEAM];
    if (team && from)
        return status_set_at(L->st, STATUS_EINPUT, path, from_line, from_column,
                             "team_from: team (line %ld) already names every item's team: give "
                             "one of them",
                             team_line);
    if ((team || from) && map)
        return status_set_at(L->st, STATUS_EINPUT, path, im->map_line[IMPORT_FIELD_TEAM],
                             im->map_column[IMPORT_FIELD_TEAM],
                             "map[team]: %s (line %ld) already names %s: give one of them",
                             team ? "team" : "team_from", team ? team_line : from_line,
                             team ? "every item's team" : "the team's column");
    return STATUS_OK;
}

/* The import options of [history]; *zone is [history]'s zone (L->zones), or NULL. */
static status_code plan_import_options(plan_loader *L, import_options *o)
{
    plan_import *im = L->import;
    memset(o, 0, sizeof *o);
    setting_value v;
    const char *text;
    long line, column;
    if ((text = plan_import_value(im, "format", NULL, NULL))) {
        setting_parse(setting_find_history("format"), text, SETTING_FROM_INI, &v);
        int f;
        memcpy(&f, v.bytes, sizeof f);
        o->format = (import_format)f;
    }
    if ((text = plan_import_value(im, "date_format", NULL, NULL))) {
        setting_parse(setting_find_history("date_format"), text, SETTING_FROM_INI, &v);
        int f;
        memcpy(&f, v.bytes, sizeof f);
        o->date_form = (datefmt_form)f;
        o->has_date_form = true;
    }
    o->team = plan_import_value(im, "team", NULL, NULL);
    o->team_from = plan_import_value(im, "team_from", NULL, NULL);
    o->unplanned = plan_import_value(im, "unplanned", NULL, NULL);
    o->cancelled = plan_import_value(im, "cancelled", NULL, NULL);
    o->excluded = plan_import_value(im, "excluded", NULL, NULL);
    for (int f = 0; f < IMPORT_N_FIELDS; f++)
        o->map[f] = im->map[f];
    o->team_zone = plan_import_team_zone;
    o->team_zone_ctx = L;
    if ((text = plan_import_value(im, "timezone", &line, &column))) {
        status inner;
        int32_t zone;
        status_code rc = plan_zone_index(L, text, &zone, &inner);
        if (rc == STATUS_EINPUT || rc == STATUS_EIO)
            return status_set_at(L->st, rc, L->paths[PLAN_FILE_SCENARIOS], line, column,
                                 "timezone: %s", inner.message);
        if (rc != STATUS_OK)
            return plan_nomem(L);
        o->zone = L->zones[zone];
    }
    return STATUS_OK;
}

/* Whether a name of `files` stays inside the plan folder: not absolute, no `..` part. A plan
 * folder holds its inputs, so that its record (run.json's digests) describes all of them. */
static bool plan_import_inside(const char *name, size_t len)
{
    if (len > 0 && name[0] == '/')
        return false;
    for (size_t i = 0; i + 1 < len; i++)
        if (name[i] == '.' && name[i + 1] == '.' && (i == 0 || name[i - 1] == '/') &&
            (i + 2 == len || name[i + 2] == '/'))
            return false;
    return true;
}

/* The paths of `files` in the plan folder, and their count. */
static status_code plan_import_paths(plan_loader *L, char ***paths, int32_t *n)
{
    long line, column;
    const char *files = plan_import_value(L->import, "files", &line, &column);
    const char *history = L->paths[PLAN_FILE_HISTORY]; /* dir + "/history.csv" */
    size_t dir_len = strlen(history) - strlen("history.csv");
    size_t max = 1;
    for (const char *c = files; *c; c++)
        max += *c == ',';
    *n = 0;
    if (!(*paths = calloc(max, sizeof **paths)))
        return plan_nomem(L);
    const char *name;
    size_t len;
    for (const char *cursor = files; parse_list_next(&cursor, &name, &len);) {
        if (!plan_import_inside(name, len))
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line,
                                 column + (long)(name - files),
                                 "files: '%.*s' is outside the plan folder: expected names of "
                                 "files in it (copy the export there)",
                                 (int)(len > 200 ? 200 : len), name);
        size_t prefix = dir_len, size = prefix + len + 1;
        char *p = malloc(size);
        if (!p)
            return plan_nomem(L);
        snprintf(p, size, "%.*s%.*s", (int)prefix, history, (int)len, name);
        (*paths)[(*n)++] = p;
    }
    return STATUS_OK;
}

/* A warning per export from which items were left out, so that none is dropped silently. */
static status_code plan_import_warn(plan_loader *L, const import_result *r)
{
    status_code rc = STATUS_OK;
    for (int32_t i = 0; i < r->n_files && rc == STATUS_OK; i++) {
        const import_count *c = &r->files[i].count;
        long dropped = c->items - c->kept;
        if (dropped == 0)
            continue;
        char why[256] = "";
        size_t used = 0;
        for (int d = 0; d < IMPORT_N_DROPS; d++)
            if (c->dropped[d] > 0) {
                int n = snprintf(why + used, sizeof why - used, "%s%ld %s", used ? ", " : "",
                                 c->dropped[d], import_drop_name((import_drop)d));
                used += n > 0 && (size_t)n < sizeof why - used ? (size_t)n : 0;
            }
        const char *name = strrchr(r->files[i].path, '/');
        rc = plan_warn(L,
                       "%s: %ld of %ld work items left out (%s); `shipcast import` lists them "
                       "per team",
                       name ? name + 1 : r->files[i].path, dropped, c->items, why);
    }
    return rc;
}

/* The exports' digests, for run.json. */
static status_code plan_import_digests(plan_loader *L, char **paths, int32_t n)
{
    plan_import *im = L->import;
    im->files = calloc(n > 0 ? (size_t)n : 1, sizeof *im->files);
    im->sha = calloc(n > 0 ? (size_t)n : 1, sizeof *im->sha);
    if (!im->files || !im->sha)
        return plan_nomem(L);
    for (int32_t i = 0; i < n; i++) {
        char *text = NULL;
        size_t len = 0;
        status_code rc =
            csvread_slurp(paths[i], false, NULL, &text, &len, im->sha[im->n_files], L->st);
        free(text);
        if (rc != STATUS_OK)
            return rc;
        const char *dir_end = strrchr(L->paths[PLAN_FILE_HISTORY], '/');
        size_t dir_len = dir_end ? (size_t)(dir_end - L->paths[PLAN_FILE_HISTORY]) + 1 : 0;
        const char *name = strncmp(paths[i], L->paths[PLAN_FILE_HISTORY], dir_len) == 0
                               ? paths[i] + dir_len
                               : paths[i];
        if (!(im->files[im->n_files] = strdup(name)))
            return plan_nomem(L);
        im->n_files++;
    }
    return STATUS_OK;
}

status_code plan_import_run(plan_loader *L, plan_import_fn fn, void *ctx)
{
    import_options o;
    char **paths = NULL;
    int32_t n = 0;
    import_result *r = NULL;
    status_code rc = plan_import_options(L, &o);
    if (rc == STATUS_OK)
        rc = plan_import_paths(L, &paths, &n);
    if (rc == STATUS_OK)
        rc = import_run((const char *const *)paths, n, &o, &r, L->st);
    if (rc == STATUS_OK)
        rc = plan_import_digests(L, paths, n);
    for (int32_t i = 0; i < (r ? r->n_items : 0) && rc == STATUS_OK; i++)
        rc = fn(ctx, &r->items[i]);
    struct stat sb;
    if (rc == STATUS_OK && stat(L->paths[PLAN_FILE_HISTORY], &sb) == 0)
        rc = plan_warn(L, "history.csv is not read: [history] in scenarios.ini names the "
                          "exports that hold the history");
    if (rc == STATUS_OK)
        rc = plan_import_warn(L, r);
    import_result_destroy(r);
    for (int32_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

status_code plan_import_files(plan_loader *L)
{
    plan_import *im = L->import;
    if (!im || im->n_files == 0)
        return STATUS_OK;
    plan *p = L->p;
    plan_file *files =
        realloc(p->files, ((size_t)p->n_files + (size_t)im->n_files) * sizeof *files);
    if (!files)
        return plan_nomem(L);
    p->files = files;
    for (int32_t i = 0; i < im->n_files; i++) {
        plan_file *pf = &p->files[p->n_files];
        memcpy(pf->sha256, im->sha[i], sizeof pf->sha256);
        if (!(pf->name = strdup(im->files[i])))
            return plan_nomem(L);
        p->n_files++;
    }
    return STATUS_OK;
}
