/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast: the run loop; see forecast.h. The runner (sim/) spreads trials over threads; this
 * file says what one trial is (every scenario in turn on one workspace), what a thread keeps
 * (a tally and paired deltas per scenario) and how threads' results fold together.
 */
#include "forecast.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "delivery.h"
#include "drivers.h"
#include "runner.h"

/* The model's chain bits go straight into the tallies (bit 0) and drivers. */
_Static_assert((int)DRIVERS_PLAN == (int)DELIVERY_CHAIN_PLAN &&
                   (int)DRIVERS_LATE == (int)DELIVERY_CHAIN_LATE,
               "chain bits");
_Static_assert(DELIVERY_CHAIN_PLAN == 1, "tally_add counts bit 0 as the plan's chain");

struct forecast {
    const plan *p;
    int32_t n_scenarios;
    int32_t n_full; /* scenarios with every statistic; the others keep the plan's only */
    delivery_model **models;
    int32_t *n_days;      /* per scenario: tally days (cap + 1) */
    int32_t *horizon_day; /* per scenario: horizon offset or TALLY_NO_HORIZON */
    tally **tallies;      /* merged results per scenario */
    drivers **drivers;    /* merged binding chains per scenario */
    burnup **burnups;     /* merged items-done-by-date counts per scenario */
    paired_delta *plan_delta;
    paired_delta *done_delta;
    uint64_t first_trial; /* trial index of the runner's trial 0 (forecast_options.range) */
    int32_t n_edges;
    int32_t *edge_from, *edge_to; /* the plan's dependency edges, in plan order */
    double *plan_priority;        /* plan.csv's priorities, for scenarios that keep them */
};

typedef struct thread_ws {
    int32_t n_scenarios;
    delivery_trial *trial;
    tally **tallies;
    drivers **drivers;
    burnup **burnups;
    paired_delta *plan_delta;
    paired_delta *done_delta;
} thread_ws;

forecast_options forecast_options_default(int n_threads)
{
    return (forecast_options){.n_threads = n_threads, .skipping = true, .n_full_scenarios = -1};
}

static void thread_destroy(void *workspace)
{
    thread_ws *ws = workspace;
    if (!ws)
        return;
    delivery_trial_destroy(ws->trial);
    for (int32_t s = 0; ws->tallies && s < ws->n_scenarios; s++)
        tally_destroy(ws->tallies[s]);
    for (int32_t s = 0; ws->drivers && s < ws->n_scenarios; s++)
        drivers_destroy(ws->drivers[s]);
    for (int32_t s = 0; ws->burnups && s < ws->n_scenarios; s++)
        burnup_destroy(ws->burnups[s]);
    free(ws->tallies);
    free(ws->drivers);
    free(ws->burnups);
    free(ws->plan_delta);
    free(ws->done_delta);
    free(ws);
}

static void *thread_create(void *context, status *st)
{
    const forecast *f = context;
    size_t n = (size_t)f->n_scenarios;
    thread_ws *ws = calloc(1, sizeof *ws);
    if (!ws) {
        status_set(st, STATUS_ENOMEM, "out of memory for a thread workspace");
        return NULL;
    }
    ws->n_scenarios = f->n_scenarios;
    ws->tallies = calloc(n, sizeof *ws->tallies);
    ws->drivers = calloc(n, sizeof *ws->drivers);
    ws->burnups = calloc(n, sizeof *ws->burnups);
    ws->plan_delta = calloc(n, sizeof *ws->plan_delta);
    ws->done_delta = calloc(n, sizeof *ws->done_delta);
    bool ok = ws->tallies && ws->drivers && ws->burnups && ws->plan_delta && ws->done_delta;
    for (int32_t s = 0; ok && s < f->n_scenarios; s++) {
        if (s >= f->n_full) {
            ws->tallies[s] = tally_create_plan_only(f->p->n_items, f->n_days[s], f->horizon_day[s]);
            ok = ws->tallies[s] != NULL;
            continue;
        }
        ws->tallies[s] = tally_create(f->p->n_items, f->n_days[s], f->horizon_day[s]);
        ws->drivers[s] = drivers_create(f->p->n_items, f->n_edges, f->p->n_teams);
        ws->burnups[s] = burnup_create(f->p->scenarios[s].settings.start, f->n_days[s],
                                       f->horizon_day[s], f->p->n_items);
        ok = ws->tallies[s] != NULL && ws->drivers[s] != NULL && ws->burnups[s] != NULL;
    }
    if (!ok || delivery_trial_create(f->models[0], &ws->trial, st) != STATUS_OK) {
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
        if (finish[i] == TERMS_NOT_IN_SCENARIO)
            continue;
        if (finish[i] > last)
            last = finish[i];
        if (horizon_day != TALLY_NO_HORIZON && finish[i] <= horizon_day)
            n_done++;
    }
    *finish_date = last == TERMS_NOT_WITHIN_CAP ? INT32_MAX : start + last;
    *done = n_done;
}

/* The trial's binding chains into a drivers tally (the model's and the tally's layouts are
 * the same; the copy is of pointers). */
static status_code add_chains(drivers *d, const delivery_trial *trial, status *st)
{
    delivery_chains c;
    delivery_trial_chains(trial, &c);
    drivers_chains dc = {c.item,           c.edge,        c.team,
                         c.team_wait_days, c.chain_days,  c.n_resource,
                         c.resource_from,  c.resource_to, c.resource_bits};
    if (drivers_add(d, &dc) != STATUS_OK)
        return status_set(st, STATUS_ENOMEM, "out of memory for drivers");
    return STATUS_OK;
}

static status_code run_trial(void *context, void *workspace, uint64_t trial_idx, status *st)
{
    const forecast *f = context;
    thread_ws *ws = workspace;
    int32_t base_finish = 0, base_done = 0;
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        status_code rc =
            delivery_trial_run(ws->trial, f->models[s], f->first_trial + trial_idx, st);
        if (rc != STATUS_OK)
            return rc;
        const int32_t *finish = delivery_trial_finish_days(ws->trial);
        tally_add(ws->tallies[s], finish, delivery_trial_critical(ws->trial));
        if (s < f->n_full) {
            burnup_add(ws->burnups[s], finish);
            rc = add_chains(ws->drivers[s], ws->trial, st);
            if (rc != STATUS_OK)
                return rc;
        }
        int32_t finish_date, done;
        plan_outcome(finish, f->p->n_items, f->p->scenarios[s].settings.start, f->horizon_day[s],
                     &finish_date, &done);
        if (s == 0) {
            base_finish = finish_date;
            base_done = done;
            continue;
        }
        if (finish_date != INT32_MAX && base_finish != INT32_MAX)
            paired_add(&ws->plan_delta[s], (int64_t)finish_date - base_finish);
        if (f->horizon_day[s] != TALLY_NO_HORIZON && f->horizon_day[0] != TALLY_NO_HORIZON)
            paired_add(&ws->done_delta[s], (int64_t)done - base_done);
    }
    return STATUS_OK;
}

static status_code merge(void *context, void *workspace, status *st)
{
    forecast *f = context;
    thread_ws *ws = workspace;
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        tally_merge(f->tallies[s], ws->tallies[s]);
        paired_merge(&f->plan_delta[s], &ws->plan_delta[s]);
        paired_merge(&f->done_delta[s], &ws->done_delta[s]);
        if (s >= f->n_full)
            continue;
        burnup_merge(f->burnups[s], ws->burnups[s]);
        if (drivers_merge(f->drivers[s], ws->drivers[s]) != STATUS_OK)
            return status_set(st, STATUS_ENOMEM, "out of memory for drivers");
    }
    return STATUS_OK;
}

void forecast_destroy(forecast *f)
{
    if (!f)
        return;
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        if (f->models)
            delivery_model_destroy(f->models[s]);
        if (f->tallies)
            tally_destroy(f->tallies[s]);
        if (f->drivers)
            drivers_destroy(f->drivers[s]);
        if (f->burnups)
            burnup_destroy(f->burnups[s]);
    }
    free(f->models);
    free(f->tallies);
    free(f->drivers);
    free(f->burnups);
    free(f->edge_from);
    free(f->edge_to);
    free(f->plan_priority);
    free(f->n_days);
    free(f->horizon_day);
    free(f->plan_delta);
    free(f->done_delta);
    free(f);
}

/* Scenarios with every statistic under these options. */
static int32_t full_scenarios(const plan *p, const forecast_options *opt)
{
    int32_t n = opt->n_full_scenarios;
    return n < 0 || n > p->n_scenarios ? p->n_scenarios : n;
}

double forecast_statistics_bytes(const plan *p, const forecast_options *opt)
{
    /* one tally and one burn-up per scenario per thread plus the merged ones */
    double copies = (opt->n_threads >= 1 ? opt->n_threads : 1) + 1.0, bytes = 0.0;
    int32_t n_full = full_scenarios(p, opt);
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        double days = 365.0 * p->scenarios[s].settings.cap_years + 1.0;
        if (s >= n_full) {
            bytes += days * 4.0 * copies;
            continue;
        }
        bytes += ((double)p->n_items + 1.0) * days * 4.0 * copies;
        bytes += burnup_bytes(p->n_items, (int32_t)days) * copies;
    }
    return bytes;
}

static status_code check_memory(const plan *p, const forecast_options *opt, status *st)
{
    long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
    double bytes = forecast_statistics_bytes(p, opt);
    int n_threads = opt->n_threads >= 1 ? opt->n_threads : 1;
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

/* The plan's dependency edges in plan order (item by item, its depends_on in order): the
 * layout of the model's edge chain bits. */
static status_code build_edges(forecast *f)
{
    const plan *p = f->p;
    for (int32_t i = 0; i < p->n_items; i++)
        f->n_edges += p->items[i].n_deps;
    f->edge_from = malloc(((size_t)f->n_edges + 1) * sizeof *f->edge_from);
    f->edge_to = malloc(((size_t)f->n_edges + 1) * sizeof *f->edge_to);
    f->plan_priority = malloc(((size_t)p->n_items + 1) * sizeof *f->plan_priority);
    if (!f->edge_from || !f->edge_to || !f->plan_priority)
        return STATUS_ENOMEM;
    for (int32_t i = 0; i < p->n_items; i++)
        f->plan_priority[i] = p->items[i].priority;
    for (int32_t i = 0, e = 0; i < p->n_items; i++)
        for (int32_t d = 0; d < p->items[i].n_deps; d++, e++) {
            f->edge_from[e] = p->items[i].deps[d].item;
            f->edge_to[e] = i;
        }
    return STATUS_OK;
}

static status_code build(forecast *f, const plan *p, const forecast_options *opt, status *st)
{
    bool skipping = opt->skipping;
    f->p = p;
    f->n_scenarios = p->n_scenarios;
    f->n_full = full_scenarios(p, opt);
    size_t n = (size_t)p->n_scenarios;
    f->models = calloc(n, sizeof *f->models);
    f->tallies = calloc(n, sizeof *f->tallies);
    f->drivers = calloc(n, sizeof *f->drivers);
    f->burnups = calloc(n, sizeof *f->burnups);
    f->n_days = calloc(n, sizeof *f->n_days);
    f->horizon_day = calloc(n, sizeof *f->horizon_day);
    f->plan_delta = calloc(n, sizeof *f->plan_delta);
    f->done_delta = calloc(n, sizeof *f->done_delta);
    if (!f->models || !f->tallies || !f->drivers || !f->burnups || !f->n_days || !f->horizon_day ||
        !f->plan_delta || !f->done_delta || build_edges(f) != STATUS_OK)
        return status_set(st, STATUS_ENOMEM, "out of memory");
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        const plan_settings *set = &p->scenarios[s].settings;
        status_code rc = delivery_model_create(p, s, &f->models[s], st);
        if (rc != STATUS_OK)
            return rc;
        delivery_model_set_skipping(f->models[s], skipping);
        f->n_days[s] = delivery_model_cap_days(f->models[s]) + 1;
        f->horizon_day[s] =
            set->horizon == DATE_NONE ? TALLY_NO_HORIZON : set->horizon - set->start;
        if (s >= f->n_full) {
            f->tallies[s] = tally_create_plan_only(p->n_items, f->n_days[s], f->horizon_day[s]);
            if (!f->tallies[s])
                return status_set(st, STATUS_ENOMEM, "out of memory for statistics");
            continue;
        }
        f->tallies[s] = tally_create(p->n_items, f->n_days[s], f->horizon_day[s]);
        f->drivers[s] = drivers_create(p->n_items, f->n_edges, p->n_teams);
        f->burnups[s] = burnup_create(set->start, f->n_days[s], f->horizon_day[s], p->n_items);
        if (!f->tallies[s] || !f->drivers[s] || !f->burnups[s])
            return status_set(st, STATUS_ENOMEM, "out of memory for statistics");
    }
    return STATUS_OK;
}

status_code forecast_run(const plan *p, const forecast_options *opt, forecast **out, status *st)
{
    *out = NULL;
    int n_threads = opt->n_threads >= 1 ? opt->n_threads : 1;
    status_code rc = check_memory(p, opt, st);
    if (rc != STATUS_OK)
        return rc;
    forecast *f = calloc(1, sizeof *f);
    if (!f)
        return status_set(st, STATUS_ENOMEM, "out of memory");
    rc = build(f, p, opt, st);
    if (rc == STATUS_OK) {
        static const runner_ops ops = {thread_create, run_trial, merge, thread_destroy};
        runner_control control = {
            .n_threads = n_threads,
            .on_progress = opt->on_progress,
            .progress_arg = opt->progress_arg,
            .stop = opt->stop,
        };
        uint64_t trials = p->scenarios[0].settings.trials, n_trials = trials;
        if (opt->range) {
            f->first_trial = opt->range->first_trial < trials ? opt->range->first_trial : trials;
            n_trials = trials - f->first_trial;
            if (opt->range->n_trials < n_trials)
                n_trials = opt->range->n_trials;
        }
        rc = runner_run(&ops, f, n_trials, &control, st);
    }
    if (rc != STATUS_OK) {
        forecast_destroy(f);
        return rc;
    }
    *out = f;
    return STATUS_OK;
}

const tally *forecast_tally(const forecast *f, int32_t s)
{
    return f->tallies[s];
}

const drivers *forecast_drivers(const forecast *f, int32_t s)
{
    return f->drivers[s];
}

void forecast_edges(const forecast *f, int32_t *n_edges, const int32_t **from, const int32_t **to)
{
    *n_edges = f->n_edges;
    *from = f->edge_from;
    *to = f->edge_to;
}

const burnup *forecast_burnup(const forecast *f, int32_t s)
{
    return f->burnups[s];
}

void forecast_views(const forecast *f, summary_scenario *views, summary_item *items)
{
    const plan *p = f->p;
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        views[s] = (summary_scenario){
            .name = p->scenarios[s].name,
            .t = f->tallies[s],
            .start = p->scenarios[s].settings.start,
            .horizon = p->scenarios[s].settings.horizon,
            .plan_delta_days = f->plan_delta[s],
            .done_delta_items = f->done_delta[s],
            .item_in = p->scenarios[s].item_in,
            .priority =
                p->scenarios[s].item_priority ? p->scenarios[s].item_priority : f->plan_priority,
        };
    }
    for (int32_t i = 0; i < p->n_items; i++) {
        const plan_item *it = &p->items[i];
        items[i] = (summary_item){it->id, p->teams[it->team].name, it->title, it->due};
    }
}

void forecast_pack(const forecast *f, packed *pk)
{
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        tally_pack(f->tallies[s], pk);
        paired_pack(&f->plan_delta[s], pk);
        paired_pack(&f->done_delta[s], pk);
        if (s >= f->n_full)
            continue;
        burnup_pack(f->burnups[s], pk);
        drivers_pack(f->drivers[s], pk);
    }
}

void forecast_unpack(forecast *f, packed *pk)
{
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        tally_unpack(f->tallies[s], pk);
        paired_unpack(&f->plan_delta[s], pk);
        paired_unpack(&f->done_delta[s], pk);
        if (s >= f->n_full)
            continue;
        burnup_unpack(f->burnups[s], pk);
        drivers_unpack(f->drivers[s], pk);
    }
}

size_t forecast_pack_resources(const forecast *f, uint64_t *words)
{
    size_t n = 0;
    for (int32_t s = 0; s < f->n_scenarios; s++) {
        size_t k = 0;
        if (s < f->n_full)
            k = drivers_pack_resources(f->drivers[s], words ? words + n + 1 : NULL);
        if (words)
            words[n] = k;
        n += 1 + k;
    }
    return n;
}

status_code forecast_merge_resources(forecast *f, const uint64_t *words, size_t n_words, status *st)
{
    size_t n = 0;
    for (int32_t s = 0; s < f->n_scenarios && n < n_words; s++) {
        assert(words[n] <= n_words - n - 1 && (s < f->n_full || words[n] == 0));
        size_t k = (size_t)words[n];
        if (k && drivers_merge_resources(f->drivers[s], words + n + 1, k) != STATUS_OK)
            return status_set(st, STATUS_ENOMEM, "out of memory for drivers");
        n += 1 + k;
    }
    assert(n == n_words);
    return STATUS_OK;
}

int32_t forecast_n_full_scenarios(const forecast *f)
{
    return f->n_full;
}

double forecast_team_multiplier(const forecast *f, int32_t s, int32_t team)
{
    return delivery_model_team_multiplier(f->models[s], team);
}
