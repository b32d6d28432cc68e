/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit_run: the `fit` command; see fit_run.h.
 *
 * The statistics and flags come from run/verdicts.h, the same that `forecast` states; this
 * file prints them and writes fit.csv.
 */
#include "fit_run.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "date.h"
#include "fit.h"
#include "outdir.h"
#include "termtext.h"
#include "verdicts.h"

static status_code write_outputs(const fit_options *opt, const fit_row *rows, int32_t n_rows,
                                 status *st)
{
    outdir *o = NULL;
    status_code rc = outdir_begin_wait(opt->out_dir, OUTDIR_LOCK_WAIT_MS, opt->stop, &o, st);
    if (rc == STATUS_OK) {
        FILE *f = outdir_open(o, "fit.csv", st);
        rc = f ? fit_write_csv(f, "fit.csv", &opt->csv, rows, n_rows, st) : st->code;
    }
    if (rc == STATUS_OK)
        rc = outdir_commit(o, st);
    outdir_destroy(o);
    return rc;
}

/* ---- the table on stdout --------------------------------------------------------------- */

/* A number with `decimals`, or "-" when it cannot be computed. */
static const char *num(double value, int decimals, char *buf, size_t size)
{
    if (isnan(value))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.*f", decimals, value);
    return buf;
}

static const char *percent(double share, char *buf, size_t size)
{
    if (isnan(share))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.0f%%", 100.0 * share);
    return buf;
}

static const char *count(int32_t value, char *buf, size_t size)
{
    if (value < 0)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%" PRId32, value);
    return buf;
}

static const char *no_stats_text(fit_source source)
{
    return source == FIT_SOURCE_ESTIMATED ? "estimated (capacity from teams.csv, no history)"
                                          : "no history samples in the window";
}

/* The team column: 12 characters, cut with an ellipsis (the tables fit 100 columns). */
enum { W_TEAM = 12, TEAM_CELL_SIZE = 4 * W_TEAM + 1 };

static const char *team_cell(const char *team, char cell[TEAM_CELL_SIZE])
{
    return termtext_cell(cell, TEAM_CELL_SIZE, team, W_TEAM);
}

static void print_sample_table(const fit_row *rows, int32_t n)
{
    char cell[TEAM_CELL_SIZE];
    printf("\nhistory sample: planned (P) and unplanned (U) completions per working day\n");
    printf("%-12s %-10s %-10s %5s %5s %6s %5s %4s %6s %7s %8s %5s %5s\n", "team", "first", "last",
           "days", "zero", "P mean", "P med", "P85", "U mean", "U share", "str/pers", "P>0",
           "done");
    for (int32_t r = 0; r < n; r++) {
        if (rows[r].source != FIT_SOURCE_HISTORY) {
            printf("%s %s\n", team_cell(rows[r].team, cell), no_stats_text(rows[r].source));
            continue;
        }
        const fit_stats *s = &rows[r].stats;
        char first[DATE_TEXT_SIZE], last[DATE_TEXT_SIZE], b[7][16];
        printf(
            "%s %-10s %-10s %5" PRId32 " %5s %6s %5s %4s %6s %7s %8s %5" PRId32 " %5" PRId32 "\n",
            team_cell(rows[r].team, cell), date_format(s->first_date, first),
            date_format(s->last_date, last), s->n_days, percent(s->zero_share, b[0], sizeof b[0]),
            num(s->planned_mean, 2, b[1], sizeof b[1]),
            num(s->planned_median, 1, b[2], sizeof b[2]), count(s->planned_p85, b[3], sizeof b[3]),
            num(s->unplanned_mean, 2, b[4], sizeof b[4]),
            percent(s->unplanned_share, b[5], sizeof b[5]),
            num(s->streams_per_person_mean, 2, b[6], sizeof b[6]), s->days_with_planned,
            s->days_with_completion);
    }
    printf("  zero: share of days without planned completions; P85: 85 %% of days finished at "
           "most this many;\n  str/pers: epics in progress per person (mean); P>0: days with "
           "planned completions;\n  done: days with any completion\n");
}

static void print_capacity_table(const fit_row *rows, int32_t n)
{
    char cell[TEAM_CELL_SIZE];
    printf("\ncapacity multipliers under the baseline WIP; stability of P (0 = halves agree); "
           "epic sizes\n");
    printf("%-12s %7s %8s %7s %10s %11s %6s %5s %4s %6s %4s\n", "team", "people", "str/pers",
           "context", "multiplier", "interleaved", "halves", "epics", "min", "median", "max");
    for (int32_t r = 0; r < n; r++) {
        if (rows[r].source != FIT_SOURCE_HISTORY) {
            printf("%s %s\n", team_cell(rows[r].team, cell), no_stats_text(rows[r].source));
            continue;
        }
        const fit_stats *s = &rows[r].stats;
        char b[9][16];
        printf("%s %7s %8s %7s %10s %11s %6s %5" PRId32 " %4s %6s %4s\n",
               team_cell(rows[r].team, cell), num(s->people_ratio, 2, b[0], sizeof b[0]),
               num(s->streams_per_person_now, 2, b[1], sizeof b[1]),
               num(s->context_factor, 2, b[2], sizeof b[2]),
               num(s->capacity_multiplier, 2, b[3], sizeof b[3]),
               num(s->stability_interleaved, 2, b[4], sizeof b[4]),
               num(s->stability_halves, 2, b[5], sizeof b[5]), s->n_epics,
               count(s->epic_min, b[6], sizeof b[6]), num(s->epic_median, 1, b[7], sizeof b[7]),
               count(s->epic_max, b[8], sizeof b[8]));
    }
    printf("  people: people now / then; str/pers: streams per person now = max(1, WIP / "
           "people);\n  context: f(now) / mean f(then) of the context_switch table; multiplier: "
           "people x context;\n  interleaved, halves: |difference of the means| / range of P "
           "(warning at %.2f)\n",
           FIT_STABILITY_WARN);
}

static void print_report(const fit_options *opt, const plan *p, const verdicts *vd)
{
    const fit_row *rows = verdicts_rows(vd);
    const plan_settings *base = &p->scenarios[0].settings;
    char end[DATE_TEXT_SIZE];
    printf("shipcast fit of %s: %" PRId32 " teams, window of %" PRId32 " calendar days ending %s\n",
           opt->plan_dir, p->n_teams, base->window_days, date_format(base->history_end, end));
    print_sample_table(rows, p->n_teams);
    print_capacity_table(rows, p->n_teams);
    printf("\nwarnings:\n");
    int n_warnings = 0;
    for (int32_t r = 0; r < p->n_teams; r++) {
        if (rows[r].source == FIT_SOURCE_NONE) {
            printf("  team '%s': no history samples in the window: it cannot be forecast from "
                   "history\n",
                   rows[r].team);
            n_warnings++;
        }
    }
    for (int32_t k = 0; k < verdicts_count(vd); k++, n_warnings++)
        printf("  %s\n", verdicts_at(vd, k)->text);
    if (n_warnings == 0)
        printf("  none: every team's sample is large, stable, whole and close to its history\n");
    printf("\nwritten to %s/: fit.csv\n", opt->out_dir);
}

/* ---- the command ----------------------------------------------------------------------- */

status_code fit_run(const fit_options *opt, status *st)
{
    plan_overrides overrides = opt->overrides;
    overrides.force = true; /* show weak samples rather than refuse them: see fit_run.h */
    plan *p = NULL;
    status_code rc = plan_load(opt->plan_dir, &overrides, &p, st);
    if (rc != STATUS_OK)
        return rc;
    for (int32_t w = 0; w < p->n_warnings; w++)
        fprintf(stderr, "shipcast: warning: %s\n", p->warnings[w]);
    verdicts *vd = NULL;
    rc = verdicts_create(p, NULL, &vd, st);
    if (rc == STATUS_OK)
        rc = write_outputs(opt, verdicts_rows(vd), p->n_teams, st);
    if (rc == STATUS_OK && !opt->quiet)
        print_report(opt, p, vd);
    verdicts_destroy(vd);
    plan_destroy(p);
    return rc;
}
