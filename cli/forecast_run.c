/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast_run: the `forecast` command; see forecast_run.h.
 *
 * Each thread owns one trial workspace and one tally per scenario. Trial k runs every
 * scenario in turn on the same random streams, so the plan-finish difference between a
 * scenario and the baseline is measured within the trial (paired), not between two noisy
 * runs. Tallies hold integer counts, so the merged result is the same for any thread count.
 */
#include "forecast_run.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "delivery.h"
#include "forecast_out.h"
#include "outdir.h"
#include "run_record.h"
#include "runner.h"
#include "tally.h"

/* The model's finish codes go straight into the tallies. */
_Static_assert(DELIVERY_DONE_BEFORE_START == TALLY_DONE_BEFORE_START, "finish codes");
_Static_assert(DELIVERY_NOT_WITHIN_CAP == TALLY_NOT_WITHIN_CAP, "finish codes");
_Static_assert(DELIVERY_NOT_IN_SCENARIO == TALLY_NOT_IN_SCENARIO, "finish codes");

typedef struct run_ctx {
    const plan *p;
    int32_t n_scenarios;
    delivery_model **models;
    int32_t *n_days;      /* per scenario: tally days (cap + 1) */
    int32_t *horizon_day; /* per scenario: horizon offset or TALLY_NO_HORIZON */
    tally **tallies;      /* merged results per scenario */
    paired_delta *plan_delta;
    paired_delta *done_delta;
    char **warnings; /* the run's own warnings (the plan has its own) */
    int32_t n_warnings;
} run_ctx;

typedef struct thread_ws {
    int32_t n_scenarios;
    delivery_trial *trial;
    tally **tallies;
    paired_delta *plan_delta;
    paired_delta *done_delta;
} thread_ws;

static void thread_destroy(void *workspace)
{
    thread_ws *ws = workspace;
    if (!ws)
        return;
    delivery_trial_destroy(ws->trial);
    for (int32_t s = 0; ws->tallies && s < ws->n_scenarios; s++)
        tally_destroy(ws->tallies[s]);
    free(ws->tallies);
    free(ws->plan_delta);
    free(ws->done_delta);
    free(ws);
}

static void *thread_create(void *context, status *st)
{
    run_ctx *ctx = context;
    size_t n = (size_t)ctx->n_scenarios;
    thread_ws *ws = calloc(1, sizeof *ws);
    if (!ws) {
        status_set(st, STATUS_ENOMEM, "out of memory for a thread workspace");
        return NULL;
    }
    ws->n_scenarios = ctx->n_scenarios;
    ws->tallies = calloc(n, sizeof *ws->tallies);
    ws->plan_delta = calloc(n, sizeof *ws->plan_delta);
    ws->done_delta = calloc(n, sizeof *ws->done_delta);
    bool ok = ws->tallies && ws->plan_delta && ws->done_delta;
    for (int32_t s = 0; ok && s < ctx->n_scenarios; s++) {
        ws->tallies[s] = tally_create(ctx->p->n_items, ctx->n_days[s], ctx->horizon_day[s]);
        ok = ws->tallies[s] != NULL;
    }
    if (!ok || delivery_trial_create(ctx->models[0], &ws->trial, st) != STATUS_OK) {
        thread_destroy(ws);
        status_set(st, STATUS_ENOMEM, "out of memory for a thread workspace");
        return NULL;
    }
    return ws;
}

/* The plan's finish date in a trial (INT32_MAX if not within cap) and the items done by the
 * horizon. */
static void plan_outcome(const int32_t *finish, int32_t n_items, int32_t start, int32_t horizon_day,
                         int32_t *finish_date, int32_t *done)
{
    int32_t last = -1, n_done = 0;
    for (int32_t i = 0; i < n_items; i++) {
        if (finish[i] == DELIVERY_NOT_IN_SCENARIO)
            continue;
        if (finish[i] > last)
            last = finish[i];
        if (horizon_day != TALLY_NO_HORIZON && finish[i] <= horizon_day)
            n_done++;
    }
    *finish_date = last == DELIVERY_NOT_WITHIN_CAP ? INT32_MAX : start + last;
    *done = n_done;
}

static status_code run_trial(void *context, void *workspace, uint64_t trial_idx, status *st)
{
    run_ctx *ctx = context;
    thread_ws *ws = workspace;
    int32_t base_finish = 0, base_done = 0;
    for (int32_t s = 0; s < ctx->n_scenarios; s++) {
        status_code rc = delivery_trial_run(ws->trial, ctx->models[s], trial_idx, st);
        if (rc != STATUS_OK)
            return rc;
        const int32_t *finish = delivery_trial_finish_days(ws->trial);
        tally_add(ws->tallies[s], finish, delivery_trial_critical(ws->trial));
        int32_t finish_date, done;
        plan_outcome(finish, ctx->p->n_items, ctx->p->scenarios[s].settings.start,
                     ctx->horizon_day[s], &finish_date, &done);
        if (s == 0) {
            base_finish = finish_date;
            base_done = done;
            continue;
        }
        if (finish_date != INT32_MAX && base_finish != INT32_MAX)
            paired_add(&ws->plan_delta[s], (int64_t)finish_date - base_finish);
        if (ctx->horizon_day[s] != TALLY_NO_HORIZON && ctx->horizon_day[0] != TALLY_NO_HORIZON)
            paired_add(&ws->done_delta[s], (int64_t)done - base_done);
    }
    return STATUS_OK;
}

static status_code merge(void *context, void *workspace, status *st)
{
    (void)st;
    run_ctx *ctx = context;
    thread_ws *ws = workspace;
    for (int32_t s = 0; s < ctx->n_scenarios; s++) {
        tally_merge(ctx->tallies[s], ws->tallies[s]);
        paired_merge(&ctx->plan_delta[s], &ws->plan_delta[s]);
        paired_merge(&ctx->done_delta[s], &ws->done_delta[s]);
    }
    return STATUS_OK;
}

static void run_ctx_fini(run_ctx *ctx)
{
    for (int32_t s = 0; s < ctx->n_scenarios; s++) {
        if (ctx->models)
            delivery_model_destroy(ctx->models[s]);
        if (ctx->tallies)
            tally_destroy(ctx->tallies[s]);
    }
    free(ctx->models);
    free(ctx->tallies);
    free(ctx->n_days);
    free(ctx->horizon_day);
    free(ctx->plan_delta);
    free(ctx->done_delta);
    for (int32_t k = 0; k < ctx->n_warnings; k++)
        free(ctx->warnings[k]);
    free(ctx->warnings);
}

/* Bytes the tallies will take: one per scenario per thread plus the merged ones. */
static double tally_bytes(const plan *p, int n_threads)
{
    double bytes = 0.0;
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        double days = 365.0 * p->scenarios[s].settings.cap_years + 1.0;
        bytes += ((double)p->n_items + 1.0) * days * 4.0 * (n_threads + 1.0);
    }
    return bytes;
}

static status_code check_memory(const plan *p, int n_threads, status *st)
{
    long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
    double bytes = tally_bytes(p, n_threads);
    /* Leave a quarter of the machine to everything else. */
    double limit = pages > 0 && page_size > 0 ? 0.75 * (double)pages * (double)page_size : 8e9;
    if (bytes > limit)
        return status_set(st, STATUS_ELIMIT,
                          "this run would need about %.1f GiB for its statistics (%" PRId32
                          " items x %d threads x %" PRId32
                          " scenarios over cap_years), more than this machine can give; "
                          "lower cap_years, --threads or the number of scenarios",
                          bytes / 1073741824.0, p->n_items, n_threads, p->n_scenarios);
    return STATUS_OK;
}

static status_code run_ctx_init(run_ctx *ctx, const plan *p, status *st)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->p = p;
    ctx->n_scenarios = p->n_scenarios;
    size_t n = (size_t)p->n_scenarios;
    ctx->models = calloc(n, sizeof *ctx->models);
    ctx->tallies = calloc(n, sizeof *ctx->tallies);
    ctx->n_days = calloc(n, sizeof *ctx->n_days);
    ctx->horizon_day = calloc(n, sizeof *ctx->horizon_day);
    ctx->plan_delta = calloc(n, sizeof *ctx->plan_delta);
    ctx->done_delta = calloc(n, sizeof *ctx->done_delta);
    if (!ctx->models || !ctx->tallies || !ctx->n_days || !ctx->horizon_day || !ctx->plan_delta ||
        !ctx->done_delta)
        return status_set(st, STATUS_ENOMEM, "out of memory");
    for (int32_t s = 0; s < ctx->n_scenarios; s++) {
        const plan_settings *set = &p->scenarios[s].settings;
        status_code rc = delivery_model_create(p, s, &ctx->models[s], st);
        if (rc != STATUS_OK)
            return rc;
        ctx->n_days[s] = delivery_model_cap_days(ctx->models[s]) + 1;
        ctx->horizon_day[s] =
            set->horizon == DATE_NONE ? TALLY_NO_HORIZON : set->horizon - set->start;
        ctx->tallies[s] = tally_create(p->n_items, ctx->n_days[s], ctx->horizon_day[s]);
        if (!ctx->tallies[s])
            return status_set(st, STATUS_ENOMEM, "out of memory for statistics");
    }
    return STATUS_OK;
}

/* Capacity multipliers outside this range mean the forecast extrapolates far beyond what the
 * team's history shows (a team twice its size, juggling twice as much): worth a warning. */
static const double MULTIPLIER_LOW = 0.5, MULTIPLIER_HIGH = 1.5;

static status_code add_warning(run_ctx *ctx, const char *text)
{
    size_t len = strlen(text) + 1;
    char **grown = realloc(ctx->warnings, (size_t)(ctx->n_warnings + 1) * sizeof *grown);
    if (!grown)
        return STATUS_ENOMEM;
    ctx->warnings = grown;
    if (!(grown[ctx->n_warnings] = malloc(len)))
        return STATUS_ENOMEM;
    memcpy(grown[ctx->n_warnings++], text, len);
    return STATUS_OK;
}

static status_code check_multipliers(run_ctx *ctx, status *st)
{
    const plan *p = ctx->p;
    for (int32_t s = 0; s < ctx->n_scenarios; s++) {
        for (int32_t t = 0; t < p->n_teams; t++) {
            double x = delivery_model_team_multiplier(ctx->models[s], t);
            if (isnan(x) || (x >= MULTIPLIER_LOW && x <= MULTIPLIER_HIGH))
                continue;
            char text[512];
            snprintf(text, sizeof text,
                     "scenario %s: team %s works at %.2f times its historical capacity at the "
                     "start (people and juggling), outside [%.1f, %.1f]: the forecast "
                     "extrapolates beyond the history; see shipcast fit",
                     p->scenarios[s].name, p->teams[t].name, x, MULTIPLIER_LOW, MULTIPLIER_HIGH);
            if (add_warning(ctx, text) != STATUS_OK)
                return status_set(st, STATUS_ENOMEM, "out of memory");
        }
    }
    return STATUS_OK;
}

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

static void fill_views(const run_ctx *ctx, forecast_scenario *views, forecast_item *items)
{
    const plan *p = ctx->p;
    for (int32_t s = 0; s < ctx->n_scenarios; s++) {
        views[s] = (forecast_scenario){
            .name = p->scenarios[s].name,
            .t = ctx->tallies[s],
            .start = p->scenarios[s].settings.start,
            .horizon = p->scenarios[s].settings.horizon,
            .plan_delta_days = ctx->plan_delta[s],
            .done_delta_items = ctx->done_delta[s],
            .item_in = p->scenarios[s].item_in,
        };
    }
    for (int32_t i = 0; i < p->n_items; i++) {
        const plan_item *it = &p->items[i];
        items[i] = (forecast_item){it->id, p->teams[it->team].name, it->title, it->due};
    }
}

static status_code write_outputs(const forecast_options *opt, const run_ctx *ctx,
                                 const forecast_scenario *views, const forecast_item *items,
                                 status *st)
{
    outdir *o = NULL;
    status_code rc = outdir_begin(opt->out_dir, &o, st);
    FILE *f;
    if (rc == STATUS_OK)
        rc = (f = outdir_open(o, "forecast.csv", st))
                 ? forecast_write_items(f, "forecast.csv", views, ctx->n_scenarios, items,
                                        ctx->p->n_items, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (f = outdir_open(o, "distribution.csv", st))
                 ? forecast_write_distribution(f, "distribution.csv", views, ctx->n_scenarios,
                                               items, ctx->p->n_items, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (f = outdir_open(o, "scenarios.csv", st))
                 ? forecast_write_scenarios(f, "scenarios.csv", views, ctx->n_scenarios, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (f = outdir_open(o, "run.json", st))
                 ? run_record_write(f, opt->plan_dir, ctx->p, ctx->warnings, ctx->n_warnings, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = outdir_commit(o, st);
    outdir_destroy(o);
    return rc;
}

/* ---- the table on stdout --------------------------------------------------------------- */

static const char *date_cell(int32_t date, char *buf)
{
    if (date == FORECAST_NOT_WITHIN_CAP)
        return "not in cap";
    if (date == FORECAST_DONE_BEFORE_START)
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

static void print_items_table(const forecast_scenario *view, const forecast_item *items,
                              int32_t n_items)
{
    printf("\n%-12s %-14s %-30s %-10s %-10s %-10s %6s %6s\n", "item", "team", "title", "P50", "P85",
           "P95", "by due", "by hor");
    for (int32_t i = 0; i < n_items; i++) {
        if (view->item_in && !view->item_in[i])
            continue;
        item_summary s;
        forecast_summarise(view, i, items[i].due, &s);
        char b50[DATE_TEXT_SIZE], b85[DATE_TEXT_SIZE], b95[DATE_TEXT_SIZE], pd[16], ph[16];
        printf("%-12.12s %-14.14s %-30.30s %-10s %-10s %-10s %6s %6s\n", items[i].id, items[i].team,
               items[i].title, date_cell(s.percentile_date[0], b50),
               date_cell(s.percentile_date[2], b85), date_cell(s.percentile_date[3], b95),
               probability_cell(s.p_by_due, pd, sizeof pd),
               probability_cell(s.p_by_horizon, ph, sizeof ph));
    }
}

static void print_scenarios_table(const forecast_scenario *views, int32_t n)
{
    printf("\n%-20s %-10s %-10s %-10s %8s %9s %9s %22s\n", "scenario", "plan P50", "plan P85",
           "plan P95", "by hor", "done P50", "done P85", "vs baseline (days)");
    for (int32_t s = 0; s < n; s++) {
        item_summary sum;
        forecast_summarise(&views[s], tally_plan_index(views[s].t), DATE_NONE, &sum);
        char b50[DATE_TEXT_SIZE], b85[DATE_TEXT_SIZE], b95[DATE_TEXT_SIZE], ph[16], delta[64];
        double mean, half;
        if (s > 0 && paired_mean_ci95(&views[s].plan_delta_days, &mean, &half))
            snprintf(delta, sizeof delta, "%+.1f [%+.1f, %+.1f]", mean, mean - half, mean + half);
        else
            snprintf(delta, sizeof delta, "%s", s == 0 ? "" : "-");
        int32_t d50 = forecast_done_by_horizon(&views[s], 50);
        int32_t d85 = forecast_done_by_horizon(&views[s], 85);
        printf("%-20.20s %-10s %-10s %-10s %8s %9" PRId32 " %9" PRId32 " %22s\n", views[s].name,
               date_cell(sum.percentile_date[0], b50), date_cell(sum.percentile_date[2], b85),
               date_cell(sum.percentile_date[3], b95),
               probability_cell(sum.p_by_horizon, ph, sizeof ph), d50, d85, delta);
    }
}

static void print_tables(const forecast_options *opt, const run_ctx *ctx,
                         const forecast_scenario *views, const forecast_item *items)
{
    const plan_settings *base = &ctx->p->scenarios[0].settings;
    char start[DATE_TEXT_SIZE], horizon[DATE_TEXT_SIZE];
    printf("shipcast forecast of %s: %" PRId32 " items, %" PRId32 " teams, %" PRIu64
           " trials, seed %" PRIu64 "\n",
           opt->plan_dir, ctx->p->n_items, ctx->p->n_teams, base->trials, base->seed);
    printf("start %s, horizon %s (baseline)\n", date_format(base->start, start),
           base->horizon == DATE_NONE ? "none" : date_format(base->horizon, horizon));
    print_items_table(&views[0], items, ctx->p->n_items);
    print_scenarios_table(views, ctx->n_scenarios);
    printf("\nwritten to %s/: forecast.csv distribution.csv scenarios.csv run.json\n",
           opt->out_dir);
}

/* ---- the command ----------------------------------------------------------------------- */

static status_code simulate(const forecast_options *opt, run_ctx *ctx, status *st)
{
    static const runner_ops ops = {thread_create, run_trial, merge, thread_destroy};
    progress_bar bar = {-1};
    runner_control control = {
        .n_threads = opt->n_threads,
        .on_progress = opt->progress ? draw_progress : NULL,
        .progress_arg = &bar,
        .stop = opt->stop,
    };
    status_code rc = runner_run(&ops, ctx, ctx->p->scenarios[0].settings.trials, &control, st);
    if (opt->progress)
        fprintf(stderr, "\r%60s\r", "");
    return rc;
}

status_code forecast_run(const forecast_options *opt, status *st)
{
    plan *p = NULL;
    status_code rc = plan_load(opt->plan_dir, &opt->overrides, &p, st);
    if (rc != STATUS_OK)
        return rc;
    for (int32_t w = 0; w < p->n_warnings; w++)
        fprintf(stderr, "shipcast: warning: %s\n", p->warnings[w]);
    run_ctx ctx;
    rc = check_memory(p, opt->n_threads, st);
    if (rc == STATUS_OK)
        rc = run_ctx_init(&ctx, p, st);
    else
        memset(&ctx, 0, sizeof ctx);
    if (rc == STATUS_OK)
        rc = check_multipliers(&ctx, st);
    for (int32_t w = 0; rc == STATUS_OK && w < ctx.n_warnings; w++)
        fprintf(stderr, "shipcast: warning: %s\n", ctx.warnings[w]);
    if (rc == STATUS_OK)
        rc = simulate(opt, &ctx, st);
    forecast_scenario *views = calloc((size_t)p->n_scenarios, sizeof *views);
    forecast_item *items = calloc((size_t)p->n_items + 1, sizeof *items);
    if (rc == STATUS_OK && (!views || !items)) {
        status_set(st, STATUS_ENOMEM, "out of memory");
        rc = STATUS_ENOMEM;
    }
    if (rc == STATUS_OK) {
        fill_views(&ctx, views, items);
        rc = write_outputs(opt, &ctx, views, items, st);
    }
    if (rc == STATUS_OK && !opt->quiet)
        print_tables(opt, &ctx, views, items);
    free(views);
    free(items);
    run_ctx_fini(&ctx);
    plan_destroy(p);
    return rc;
}
