/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit_run: the `fit` command; see fit_run.h.
 *
 * The baseline's per-team settings (plan_scenario.teams) give each team's WIP limit and
 * context-switching table; a plan loaded before those existed has teams == NULL, and then
 * the teams.csv WIP and the baseline's table apply, which is what the model did then.
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

/* fit's "refused" flag predicts the loader's refusal: same count (days with P + U > 0). */
_Static_assert((int)FIT_MIN_COMPLETION_DAYS == (int)PLAN_MIN_COMPLETION_DAYS,
               "fit and the plan loader disagree on the days with completions needed");

static void team_input(const plan *p, int32_t k, fit_team_input *in)
{
    const plan_team *t = &p->teams[k];
    const plan_scenario *base = &p->scenarios[0];
    const plan_team_settings *ts = base->teams ? &base->teams[k] : NULL;
    *in = (fit_team_input){
        .n_days = t->n_days,
        .date = t->day_date,
        .planned = t->day_planned,
        .unplanned = t->day_unplanned,
        .streams = t->day_streams,
        .history_people = t->history_people,
        .people = t->people,
        .wip = ts ? ts->wip : t->wip,
        .context_switch = ts ? ts->context_switch : base->settings.context_switch,
        .n_context_switch = ts ? ts->n_context_switch : base->settings.n_context_switch,
        .n_epics = t->n_epics,
        .epic_sizes = t->epic_sizes,
    };
}

static status_code compute_rows(const plan *p, fit_row *rows, status *st)
{
    for (int32_t k = 0; k < p->n_teams; k++) {
        const plan_team *t = &p->teams[k];
        rows[k].team = t->name;
        if (t->estimated) {
            rows[k].source = FIT_SOURCE_ESTIMATED;
            continue;
        }
        if (t->n_days == 0) {
            rows[k].source = FIT_SOURCE_NONE;
            continue;
        }
        rows[k].source = FIT_SOURCE_HISTORY;
        fit_team_input in;
        team_input(p, k, &in);
        status_code rc = fit_team_stats(&in, &rows[k].stats, st);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}

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

/* Prints the warnings of one team; returns how many. */
static int print_team_warnings(const fit_row *row)
{
    const char *team = row->team;
    if (row->source == FIT_SOURCE_NONE) {
        printf("  %s: no history samples in the window: it cannot be forecast from history\n",
               team);
        return 1;
    }
    if (row->source != FIT_SOURCE_HISTORY)
        return 0;
    const fit_stats *s = &row->stats;
    int n = 0;
    if (s->refused) {
        printf("  %s: only %" PRId32 " days with any completion (fewer than %d): a forecast is "
               "refused without --force\n",
               team, s->days_with_completion, FIT_MIN_COMPLETION_DAYS);
        n++;
    }
    if (s->compromised) {
        printf("  %s: only %" PRId32 " days with planned completions (fewer than %d): forecasts "
               "are compromised\n",
               team, s->days_with_planned, FIT_MIN_PLANNED_DAYS);
        n++;
    }
    if (s->unstable_interleaved) {
        printf("  %s: interleaved halves of the days differ by %.2f of the range (>= %.2f): the "
               "sample is noisy for its size\n",
               team, s->stability_interleaved, FIT_STABILITY_WARN);
        n++;
    }
    if (s->unstable_halves) {
        printf("  %s: first and second half of the window differ by %.2f of the range (>= "
               "%.2f): throughput changed; consider a shorter window\n",
               team, s->stability_halves, FIT_STABILITY_WARN);
        n++;
    }
    return n;
}

static void print_report(const fit_options *opt, const plan *p, const fit_row *rows)
{
    const plan_settings *base = &p->scenarios[0].settings;
    char end[DATE_TEXT_SIZE];
    printf("shipcast fit of %s: %" PRId32 " teams, window of %" PRId32 " calendar days ending %s\n",
           opt->plan_dir, p->n_teams, base->window_days, date_format(base->history_end, end));
    print_sample_table(rows, p->n_teams);
    print_capacity_table(rows, p->n_teams);
    printf("\nwarnings:\n");
    int n_warnings = 0;
    for (int32_t r = 0; r < p->n_teams; r++)
        n_warnings += print_team_warnings(&rows[r]);
    if (n_warnings == 0)
        printf("  none: every team's sample is large and stable enough\n");
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
    fit_row *rows = calloc((size_t)p->n_teams + 1, sizeof *rows);
    if (!rows) {
        status_set(st, STATUS_ENOMEM, "out of memory");
        rc = STATUS_ENOMEM;
    }
    if (rc == STATUS_OK)
        rc = compute_rows(p, rows, st);
    if (rc == STATUS_OK)
        rc = write_outputs(opt, rows, p->n_teams, st);
    if (rc == STATUS_OK && !opt->quiet)
        print_report(opt, p, rows);
    free(rows);
    plan_destroy(p);
    return rc;
}
