/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run_record: run.json; see run_record.h. Numbers are printed in the C locale (the CLI never
 * calls setlocale), in the shortest form that reads back exactly. */
#include "run_record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

/* The shortest of %.15g..%.17g that reads back as the same double: 0.8, not
 * 0.80000000000000004. */
static void json_number(FILE *f, double x)
{
    char buf[32];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, f);
}

static void json_date(FILE *f, int32_t date)
{
    if (date == DATE_NONE) {
        fputs("null", f);
        return;
    }
    char buf[DATE_TEXT_SIZE];
    fprintf(f, "\"%s\"", date_format(date, buf));
}

static const char *period_name(plan_period period)
{
    return period == PLAN_PERIOD_WEEK ? "week" : "day";
}

static const char *size_dist_name(plan_size_dist dist)
{
    switch (dist) {
    case PLAN_SIZE_TRIANGULAR:
        return "triangular";
    case PLAN_SIZE_LOGNORMAL:
        return "lognormal";
    case PLAN_SIZE_UNIFORM:
        break;
    }
    return "uniform";
}

static void write_scenario(FILE *f, const plan_scenario *sc)
{
    const plan_settings *s = &sc->settings;
    fputs("    {\"name\": ", f);
    json_string(f, sc->name);
    fputs(", \"start\": ", f);
    json_date(f, s->start);
    fputs(", \"horizon\": ", f);
    json_date(f, s->horizon);
    fputs(", \"interrupt_scale\": ", f);
    json_number(f, s->interrupt_scale);
    fputs(", \"unplanned_effort\": ", f);
    json_number(f, s->unplanned_effort);
    fputs(", \"context_switch\": [", f);
    for (int32_t k = 0; k < s->n_context_switch; k++) {
        fputs(k ? ", " : "", f);
        json_number(f, s->context_switch[k]);
    }
    fprintf(f, "], \"cap_years\": %" PRId32 ", \"period\": \"%s\", \"size_distribution\": \"%s\"}",
            s->cap_years, period_name(s->period), size_dist_name(s->size_dist));
}

status_code run_record_write_ranks(FILE *f, const char *plan_dir, const plan *p,
                                   char *const *run_warnings, int32_t n_run_warnings, int n_ranks,
                                   status *st)
{
    const plan_settings *base = &p->scenarios[0].settings;
    fprintf(f, "{\n  \"shipcast_version\": \"%s\",\n  \"plan_dir\": ", SHIPCAST_VERSION);
    json_string(f, plan_dir);
    fprintf(f, ",\n  \"trials\": %" PRIu64 ",\n  \"seed\": %" PRIu64 ",\n  \"history_end\": ",
            base->trials, base->seed);
    json_date(f, base->history_end);
    fprintf(f, ",\n  \"window_days\": %" PRId32 ",\n  \"unplanned_types\": [", base->window_days);
    for (int32_t k = 0; k < p->n_unplanned_types; k++) {
        fputs(k ? ", " : "", f);
        json_string(f, p->unplanned_types[k]);
    }
    fputs("],\n  \"scenarios\": [\n", f);
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        write_scenario(f, &p->scenarios[s]);
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
