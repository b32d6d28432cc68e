/* SPDX-License-Identifier: GPL-3.0-or-later */
/* forecast_cmd: the `forecast` command; see forecast_cmd.h. */
#include "forecast_cmd.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "forecast.h"
#include "outdir.h"
#include "run_record.h"
#include "summary.h"

/* ---- progress -------------------------------------------------------------------------- */

typedef struct progress_bar {
    int last_percent;
} progress_bar;

static void draw_progress(void *arg, uint64_t done, uint64_t total)
{
    progress_bar *bar = arg;
    int percent = total ? (int)(100 * done / total) : 100;
    if (percent == bar->last_percent)
        return;
    bar->last_percent = percent;
    enum { WIDTH = 40 };
    char cells[WIDTH + 1];
    int filled = percent * WIDTH / 100;
    for (int i = 0; i < WIDTH; i++)
        cells[i] = i < filled ? '#' : '.';
    cells[WIDTH] = '\0';
    fprintf(stderr, "\r  simulating [%s] %3d%%", cells, percent);
    fflush(stderr);
}

/* ---- outputs --------------------------------------------------------------------------- */

static status_code write_burnup(outdir *o, const plan *p, const forecast *f, status *st)
{
    size_t n = (size_t)p->n_scenarios;
    burnup_curve *curves = calloc(n, sizeof *curves);
    const char **names = calloc(n, sizeof *names);
    status_code rc = curves && names ? STATUS_OK : status_set(st, STATUS_ENOMEM, "out of memory");
    for (int32_t s = 0; rc == STATUS_OK && s < p->n_scenarios; s++) {
        names[s] = p->scenarios[s].name;
        rc = burnup_curve_compute(forecast_burnup(f, s), &curves[s], st);
    }
    FILE *out;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "burnup.csv", st))
                 ? burnup_write_csv(out, "burnup.csv", NULL, names, curves, p->n_scenarios, st)
                 : st->code;
    for (size_t s = 0; curves && s < n; s++)
        burnup_curve_fini(&curves[s]);
    free(curves);
    free(names);
    return rc;
}

static status_code write_outputs(const forecast_cmd *cmd, const plan *p, const forecast *f,
                                 const summary_scenario *views, const summary_item *items,
                                 status *st)
{
    int32_t n_warnings;
    char *const *warnings = forecast_warnings(f, &n_warnings);
    outdir *o = NULL;
    status_code rc = outdir_begin_wait(cmd->out_dir, OUTDIR_LOCK_WAIT_MS, cmd->stop, &o, st);
    FILE *out;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "forecast.csv", st))
                 ? summary_write_items(out, "forecast.csv", NULL, views, p->n_scenarios, items,
                                       p->n_items, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "distribution.csv", st))
                 ? summary_write_distribution(out, "distribution.csv", NULL, views, p->n_scenarios,
                                              items, p->n_items, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "scenarios.csv", st))
                 ? summary_write_scenarios(out, "scenarios.csv", NULL, views, p->n_scenarios, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = write_burnup(o, p, f, st);
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "run.json", st))
                 ? run_record_write(out, cmd->plan_dir, p, warnings, n_warnings, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = outdir_commit(o, st);
    outdir_destroy(o);
    return rc;
}

/* ---- the table on stdout --------------------------------------------------------------- */

static const char *date_cell(int32_t date, char *buf)
{
    if (date == SUMMARY_NOT_WITHIN_CAP)
        return "not in cap";
    if (date == SUMMARY_DONE_BEFORE_START)
        return "done";
    if (date == DATE_NONE)
        return "-";
    return date_format(date, buf);
}

static const char *probability_cell(double p, char *buf, size_t size)
{
    if (isnan(p))
        return "-";
    snprintf(buf, size, "%3.0f%%", 100.0 * p);
    return buf;
}

static void print_items_table(const summary_scenario *view, const summary_item *items,
                              int32_t n_items)
{
    printf("\n%-12s %-14s %-30s %-10s %-10s %-10s %6s %6s\n", "item", "team", "title", "P50", "P85",
           "P95", "by due", "by hor");
    for (int32_t i = 0; i < n_items; i++) {
        if (view->item_in && !view->item_in[i])
            continue;
        summary_figures s;
        summary_compute(view, i, items[i].due, &s);
        char b50[DATE_TEXT_SIZE], b85[DATE_TEXT_SIZE], b95[DATE_TEXT_SIZE], pd[16], ph[16];
        printf("%-12.12s %-14.14s %-30.30s %-10s %-10s %-10s %6s %6s\n", items[i].id, items[i].team,
               items[i].title, date_cell(s.percentile_date[0], b50),
               date_cell(s.percentile_date[2], b85), date_cell(s.percentile_date[3], b95),
               probability_cell(s.p_by_due, pd, sizeof pd),
               probability_cell(s.p_by_horizon, ph, sizeof ph));
    }
}

static void print_scenarios_table(const summary_scenario *views, int32_t n)
{
    printf("\n%-20s %-10s %-10s %-10s %8s %9s %9s %22s\n", "scenario", "plan P50", "plan P85",
           "plan P95", "by hor", "done P50", "done P85", "vs baseline (days)");
    for (int32_t s = 0; s < n; s++) {
        summary_figures sum;
        summary_compute(&views[s], tally_plan_index(views[s].t), DATE_NONE, &sum);
        char b50[DATE_TEXT_SIZE], b85[DATE_TEXT_SIZE], b95[DATE_TEXT_SIZE], ph[16], delta[64];
        double mean, half;
        if (s > 0 && paired_mean_ci95(&views[s].plan_delta_days, &mean, &half))
            snprintf(delta, sizeof delta, "%+.1f [%+.1f, %+.1f]", mean, mean - half, mean + half);
        else
            snprintf(delta, sizeof delta, "%s", s == 0 ? "" : "-");
        int32_t d50 = summary_done_by_horizon(&views[s], 50);
        int32_t d85 = summary_done_by_horizon(&views[s], 85);
        printf("%-20.20s %-10s %-10s %-10s %8s %9" PRId32 " %9" PRId32 " %22s\n", views[s].name,
               date_cell(sum.percentile_date[0], b50), date_cell(sum.percentile_date[2], b85),
               date_cell(sum.percentile_date[3], b95),
               probability_cell(sum.p_by_horizon, ph, sizeof ph), d50, d85, delta);
    }
}

static void print_tables(const forecast_cmd *cmd, const plan *p, const summary_scenario *views,
                         const summary_item *items)
{
    const plan_settings *base = &p->scenarios[0].settings;
    char start[DATE_TEXT_SIZE], horizon[DATE_TEXT_SIZE];
    printf("shipcast forecast of %s: %" PRId32 " items, %" PRId32 " teams, %" PRIu64
           " trials, seed %" PRIu64 "\n",
           cmd->plan_dir, p->n_items, p->n_teams, base->trials, base->seed);
    printf("start %s, horizon %s (baseline)\n", date_format(base->start, start),
           base->horizon == DATE_NONE ? "none" : date_format(base->horizon, horizon));
    print_items_table(&views[0], items, p->n_items);
    print_scenarios_table(views, p->n_scenarios);
    printf("\nwritten to %s/: forecast.csv distribution.csv scenarios.csv run.json\n",
           cmd->out_dir);
}

/* ---- the command ----------------------------------------------------------------------- */

static status_code simulate(const forecast_cmd *cmd, const plan *p, forecast **out, status *st)
{
    progress_bar bar = {-1};
    forecast_options opt = forecast_options_default(cmd->n_threads);
    opt.on_progress = cmd->progress ? draw_progress : NULL;
    opt.progress_arg = &bar;
    opt.stop = cmd->stop;
    status_code rc = forecast_run(p, &opt, out, st);
    if (cmd->progress)
        fprintf(stderr, "\r%60s\r", "");
    return rc;
}

status_code forecast_cmd_run(const forecast_cmd *cmd, status *st)
{
    plan *p = NULL;
    status_code rc = plan_load(cmd->plan_dir, &cmd->overrides, &p, st);
    if (rc != STATUS_OK)
        return rc;
    for (int32_t w = 0; w < p->n_warnings; w++)
        fprintf(stderr, "shipcast: warning: %s\n", p->warnings[w]);
    forecast *f = NULL;
    rc = simulate(cmd, p, &f, st);
    summary_scenario *views = calloc((size_t)p->n_scenarios, sizeof *views);
    summary_item *items = calloc((size_t)p->n_items + 1, sizeof *items);
    if (rc == STATUS_OK && (!views || !items))
        rc = status_set(st, STATUS_ENOMEM, "out of memory");
    if (rc == STATUS_OK) {
        int32_t n_warnings;
        char *const *warnings = forecast_warnings(f, &n_warnings);
        for (int32_t w = 0; w < n_warnings; w++)
            fprintf(stderr, "shipcast: warning: %s\n", warnings[w]);
        forecast_views(f, views, items);
        rc = write_outputs(cmd, p, f, views, items, st);
    }
    if (rc == STATUS_OK && !cmd->quiet)
        print_tables(cmd, p, views, items);
    free(views);
    free(items);
    forecast_destroy(f);
    plan_destroy(p);
    return rc;
}
