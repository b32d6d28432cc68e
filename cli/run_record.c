/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * run_record: run.json; see run_record.h.
 *
 * The settings come from the registry (setting.h), so a setting added there is recorded
 * without a change here: run-scope settings at the top, scenario-scope ones in each scenario,
 * per-team ones in each scenario's "teams". Each value is the registry's canonical text of it
 * (as scenarios.ini would take it back) turned into JSON by the kind the registry gives: a
 * number, a string (null for a date not given), or an array of either. Numbers are printed in
 * the C locale (the CLI never calls setlocale), in the shortest form that reads back exactly.
 */
#include "run_record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "setting.h"

static void json_string_n(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; c < (const unsigned char *)s + n; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

static void json_string(FILE *f, const char *s)
{
    json_string_n(f, s, strlen(s));
}

/* The canonical text as JSON: a list becomes an array of its comma-separated entries. */
static void json_value(FILE *f, setting_json kind, const char *text)
{
    switch (kind) {
    case SETTING_JSON_NUMBER:
        fputs(text, f);
        return;
    case SETTING_JSON_STRING:
        if (*text)
            json_string(f, text);
        else
            fputs("null", f);
        return;
    case SETTING_JSON_NUMBERS:
    case SETTING_JSON_STRINGS:
        fputc('[', f);
        for (const char *a = text; *a;) {
            size_t n = strcspn(a, ",");
            if (a != text)
                fputs(", ", f);
            if (kind == SETTING_JSON_NUMBERS)
                fwrite(a, 1, n, f);
            else
                json_string_n(f, a, n);
            a += n + (a[n] == ',');
        }
        fputc(']', f);
        return;
    }
}

/* `SEP"name": value` for setting s at value; STATUS_ENOMEM if its text does not fit and no
 * room can be had. */
static status_code write_setting(FILE *f, const char *sep, const setting *s, const void *value,
                                 status *st)
{
    char small[256], *text = small;
    int n = setting_format(s, value, small, sizeof small);
    if (n >= (int)sizeof small) { /* a long list of unplanned types */
        text = malloc((size_t)n + 1);
        if (!text)
            return status_set(st, STATUS_ENOMEM, "out of memory writing run.json");
        setting_format(s, value, text, (size_t)n + 1);
    }
    fprintf(f, "%s\"%s\": ", sep, s->name);
    json_value(f, setting_json_of(s), text);
    if (text != small)
        free(text);
    return STATUS_OK;
}

/* Every setting of the given scope: of scenario `scenario` and team `team` (-1: its own). */
static status_code write_settings(FILE *f, const plan *p, setting_scope scope, int32_t scenario,
                                  int32_t team, status *st)
{
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        const void *value = setting_value_in(s, p, scenario, team);
        if (s->scope != scope || !value)
            continue;
        status_code rc = write_setting(f, ", ", s, value, st);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}

static status_code write_scenario(FILE *f, const plan *p, int32_t s, status *st)
{
    const plan_scenario *sc = &p->scenarios[s];
    fputs("    {\"name\": ", f);
    json_string(f, sc->name);
    status_code rc = write_settings(f, p, SETTING_SCOPE_SCENARIO, s, -1, st);
    if (rc != STATUS_OK || !sc->teams) {
        fputs("}", f);
        return rc;
    }
    fputs(",\n     \"teams\": [\n", f);
    for (int32_t k = 0; k < p->n_teams && rc == STATUS_OK; k++) {
        fputs("      {\"team\": ", f);
        json_string(f, p->teams[k].name);
        rc = write_settings(f, p, SETTING_SCOPE_TEAM, s, k, st);
        fputs(k + 1 < p->n_teams ? "},\n" : "}\n", f);
    }
    fputs("     ]}", f);
    return rc;
}

status_code run_record_write_ranks(FILE *f, const char *plan_dir, const plan *p,
                                   char *const *run_warnings, int32_t n_run_warnings, int n_ranks,
                                   status *st)
{
    fprintf(f, "{\n  \"shipcast_version\": \"%s\",\n  \"plan_dir\": ", SHIPCAST_VERSION);
    json_string(f, plan_dir);
    for (int32_t i = 0; i < setting_count(); i++) { /* the run's own settings, one a line */
        const setting *s = setting_at(i);
        if (s->scope != SETTING_SCOPE_RUN)
            continue;
        status_code rc = write_setting(f, ",\n  ", s, setting_value_in(s, p, 0, -1), st);
        if (rc != STATUS_OK)
            return rc;
    }
    fputs(",\n  \"scenarios\": [\n", f);
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        status_code rc = write_scenario(f, p, s, st);
        if (rc != STATUS_OK)
            return rc;
        fputs(s + 1 < p->n_scenarios ? ",\n" : "\n", f);
    }
    fputs("  ],\n  \"inputs\": [\n", f);
    for (int32_t k = 0; k < p->n_files; k++) {
        fputs("    {\"file\": ", f);
        json_string(f, p->files[k].name);
        fprintf(f, ", \"sha256\": \"%s\"}%s\n", p->files[k].sha256, k + 1 < p->n_files ? "," : "");
    }
    fputs("  ],\n", f);
    if (n_ranks > 1)
        fprintf(f, "  \"ranks\": %d,\n", n_ranks);
    fputs("  \"warnings\": [", f);
    int32_t n = p->n_warnings + n_run_warnings;
    for (int32_t k = 0; k < n; k++) {
        fputs(k ? ",\n    " : "\n    ", f);
        json_string(f, k < p->n_warnings ? p->warnings[k] : run_warnings[k - p->n_warnings]);
    }
    fputs(n ? "\n  ]\n}\n" : "]\n}\n", f);
    if (ferror(f))
        return status_set(st, STATUS_EIO, "cannot write run.json: %s", strerror(errno));
    return STATUS_OK;
}

status_code run_record_write(FILE *f, const char *plan_dir, const plan *p,
                             char *const *run_warnings, int32_t n_run_warnings, status *st)
{
    return run_record_write_ranks(f, plan_dir, p, run_warnings, n_run_warnings, 1, st);
}
