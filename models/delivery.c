/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delivery: the model of a scenario and the trial workspace; see delivery.h.
 *
 * Building a model precomputes everything that does not change between trials: each team's
 * working calendar and capacity tables, its items in priority order (priority, then plan
 * order), the dependency graph as lists of dependents with their lags, the items' earliest
 * days and split ranges, and the digests of the names that key the random streams. A trial is
 * then: the rules' start (sizes, risks), the scheduler's run, the rules' binding chain.
 */
#include "delivery.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "capacity.h"
#include "date.h"
#include "delivery_state.h"
#include "rng_stream.h"
#include "rules.h"
#include "schedule.h"
#include "workcal.h"

/* ---- model construction ---------------------------------------------------------------- */

/* A team's item with its sort key: (priority, file order). */
typedef struct ranked_item {
    double priority;
    int32_t item;
} ranked_item;

static int compare_ranked(const void *a, const void *b)
{
    const ranked_item *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority < y->priority ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

static status_code build_items(delivery_model *m)
{
    const plan *p = m->p;
    int32_t n_edges = 0;
    for (int32_t i = 0; i < p->n_items; i++)
        n_edges += p->items[i].n_deps;
    m->items = calloc((size_t)p->n_items + 1, sizeof *m->items);
    m->dependents = malloc(((size_t)n_edges + 1) * sizeof *m->dependents);
    int32_t *fill = calloc((size_t)p->n_items + 1, sizeof *fill);
    if (!m->items || !m->dependents || !fill) {
        free(fill);
        return STATUS_ENOMEM;
    }
    m->n_edges = n_edges;
    for (int32_t i = 0, edge = 0; i < p->n_items; i++) {
        m->items[i].first_edge = edge;
        edge += p->items[i].n_deps;
    }
    for (int32_t i = 0; i < p->n_items; i++)
        for (int32_t d = 0; d < p->items[i].n_deps; d++)
            if (!delivery_edge_removed(m, m->items[i].first_edge + d))
                m->items[p->items[i].deps[d].item].n_dependents++;
    int32_t offset = 0;
    for (int32_t i = 0; i < p->n_items; i++) {
        m->items[i].first_dependent = offset;
        offset += m->items[i].n_dependents;
    }
    for (int32_t i = 0; i < p->n_items; i++) {
        const plan_item *pi = &p->items[i];
        item_model *im = &m->items[i];
        im->in_scenario = !m->scenario->item_in || m->scenario->item_in[i];
        im->name_hash = rng_name_hash(pi->id);
        im->team = pi->team;
        im->size_low = pi->size_low;
        im->size_high = pi->size_high;
        im->from_epics = pi->size_from_epics;
        im->status = pi->status;
        im->done_stories = pi->done_stories;
        im->n_prereqs = 0;
        int32_t first = pi->not_before != DATE_NONE && pi->not_before > m->settings.start
                            ? pi->not_before - m->settings.start
                            : 0;
        const workcal *cal = &m->teams[pi->team].cal;
        assert(cal->next_working); /* build_teams made every team's calendar */
        im->earliest = first <= m->n_days ? cal->next_working[first] : TERMS_DAY_NEVER;
        bool own_split = pi->split_low > 0.0;
        im->split_low = own_split ? pi->split_low : m->teams[pi->team].split_low;
        im->split_high = own_split ? pi->split_high : m->teams[pi->team].split_high;
        for (int32_t d = 0; d < pi->n_deps; d++) {
            if (delivery_edge_removed(m, im->first_edge + d))
                continue; /* this scenario removes the dependency */
            im->n_prereqs++;
            int32_t pre = pi->deps[d].item;
            int32_t slot = m->items[pre].first_dependent + fill[pre]++;
            m->dependents[slot] = (dependent_edge){i, pi->deps[d].lag_days, cal};
        }
    }
    free(fill);
    return STATUS_OK;
}

/* An item's priority in the model's scenario (priority[ID] there, else plan.csv's). */
static double item_priority(const delivery_model *m, int32_t item)
{
    const double *own = m->scenario->item_priority;
    return own ? own[item] : m->p->items[item].priority;
}

static status_code build_team_items(delivery_model *m)
{
    const plan *p = m->p;
    int32_t max_team_items = 0;
    for (int32_t i = 0; i < p->n_items; i++)
        m->teams[p->items[i].team].n_items++;
    for (int32_t t = 0; t < m->n_teams; t++) {
        team_model *tm = &m->teams[t];
        tm->items = malloc(((size_t)tm->n_items + 1) * sizeof *tm->items);
        if (!tm->items)
            return STATUS_ENOMEM;
        tm->n_words = (tm->n_items + 63) / 64;
        if (tm->n_items > max_team_items)
            max_team_items = tm->n_items;
        tm->n_items = 0;
    }
    for (int32_t i = 0; i < p->n_items; i++) {
        team_model *tm = &m->teams[p->items[i].team];
        tm->items[tm->n_items++] = i;
    }
    ranked_item *order = malloc(((size_t)max_team_items + 1) * sizeof *order);
    if (!order)
        return STATUS_ENOMEM;
    for (int32_t t = 0; t < m->n_teams; t++) {
        team_model *tm = &m->teams[t];
        for (int32_t r = 0; r < tm->n_items; r++)
            order[r] = (ranked_item){item_priority(m, tm->items[r]), tm->items[r]};
        qsort(order, (size_t)tm->n_items, sizeof *order, compare_ranked);
        for (int32_t r = 0; r < tm->n_items; r++) {
            tm->items[r] = order[r].item;
            m->items[order[r].item].rank = r;
        }
    }
    free(order);
    return STATUS_OK;
}

static int32_t team_item_count(const plan *p, int32_t team)
{
    int32_t n = 0;
    for (int32_t i = 0; i < p->n_items; i++)
        n += p->items[i].team == team;
    return n;
}

static int compare_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The team's epic sizes in ascending order: a draw picks an index, and the order of the
 * history's rows must not decide which size an index means. */
static status_code copy_epic_sizes(team_model *tm, const plan_team *pt)
{
    tm->n_epic_sizes = pt->n_epics;
    tm->epic_sizes = malloc(((size_t)pt->n_epics + 1) * sizeof *tm->epic_sizes);
    if (!tm->epic_sizes)
        return STATUS_ENOMEM;
    if (pt->n_epics > 0) {
        memcpy(tm->epic_sizes, pt->epic_sizes, (size_t)pt->n_epics * sizeof *tm->epic_sizes);
        qsort(tm->epic_sizes, (size_t)pt->n_epics, sizeof *tm->epic_sizes, compare_int32);
    }
    return STATUS_OK;
}

/* The share tables of a team whose capacity has tables (see team_model). */
static status_code build_share_tables(team_model *tm, int32_t max_active)
{
    int32_t n_tables = 0, n_samples = tm->capacity.n_samples;
    while (n_tables < max_active && capacity_table(&tm->capacity, n_tables + 1))
        n_tables++;
    if (n_tables == 0)
        return STATUS_OK;
    tm->share_tables = malloc((size_t)n_tables * (size_t)n_samples * sizeof *tm->share_tables);
    if (!tm->share_tables)
        return STATUS_ENOMEM;
    tm->n_share_tables = n_tables;
    for (int32_t a = 1; a <= n_tables; a++) {
        const double *table = capacity_table(&tm->capacity, a);
        double *shares = tm->share_tables + (size_t)(a - 1) * (size_t)n_samples;
        for (int32_t j = 0; j < n_samples; j++)
            shares[j] = table[j] / a;
    }
    return STATUS_OK;
}

static status_code build_teams(delivery_model *m, int32_t scenario, status *st)
{
    const plan *p = m->p;
    m->teams = calloc((size_t)p->n_teams + 1, sizeof *m->teams);
    if (!m->teams)
        return status_set(st, STATUS_ENOMEM, "out of memory building the model");
    for (int32_t t = 0; t < p->n_teams; t++) {
        team_model *tm = &m->teams[t];
        plan_team_settings ts;
        capacity_team_settings(p, scenario, t, &ts);
        tm->wip = ts.wip;
        tm->split_low = ts.split_low;
        tm->split_high = ts.split_high;
        tm->name_hash = rng_name_hash(p->teams[t].name);
        if (copy_epic_sizes(tm, &p->teams[t]) != STATUS_OK)
            return status_set(st, STATUS_ENOMEM, "out of memory building the model");
        if (workcal_init(&tm->cal, p, t, m->settings.start, m->n_days) != STATUS_OK)
            return status_set(st, STATUS_ENOMEM, "out of memory building the model");
        status_code rc =
            capacity_model_init(&tm->capacity, p, scenario, t, &tm->cal, team_item_count(p, t), st);
        if (rc != STATUS_OK)
            return rc;
        if (build_share_tables(tm, team_item_count(p, t)) != STATUS_OK)
            return status_set(st, STATUS_ENOMEM, "out of memory building the model");
    }
    return STATUS_OK;
}

static status_code build_risks(delivery_model *m, int32_t scenario)
{
    const plan *p = m->p;
    const plan_scenario *sc = &p->scenarios[scenario];
    m->n_risks = sc->n_risks;
    m->risks = calloc((size_t)sc->n_risks + 1, sizeof *m->risks);
    if (!m->risks)
        return STATUS_ENOMEM;
    for (int32_t k = 0; k < sc->n_risks; k++) {
        const plan_risk *r = &p->risks[sc->risks[k]];
        m->risks[k] =
            (risk_model){rng_name_hash(r->id), r->probability, r->extra_low, r->extra_high,
                         r->delay_days,        r->n_items,     r->items};
    }
    return STATUS_OK;
}

status_code delivery_model_create(const plan *p, int32_t scenario_idx, delivery_model **out,
                                  status *st)
{
    *out = NULL;
    assert(scenario_idx >= 0 && scenario_idx < p->n_scenarios);
    delivery_model *m = calloc(1, sizeof *m);
    if (!m)
        return status_set(st, STATUS_ENOMEM, "out of memory building the model");
    m->p = p;
    m->scenario = &p->scenarios[scenario_idx];
    m->settings = m->scenario->settings;
    m->n_teams = p->n_teams;
    m->n_items = p->n_items;
    m->cap_days = 365 * m->settings.cap_years;
    m->n_days = m->cap_days + 1;
    m->skipping = true;
    status_code rc = build_teams(m, scenario_idx, st);
    if (rc == STATUS_OK && (build_items(m) != STATUS_OK || build_team_items(m) != STATUS_OK ||
                            build_risks(m, scenario_idx) != STATUS_OK))
        rc = status_set(st, STATUS_ENOMEM, "out of memory building the model");
    if (rc != STATUS_OK) {
        delivery_model_destroy(m);
        return rc;
    }
    *out = m;
    return STATUS_OK;
}

void delivery_model_destroy(delivery_model *m)
{
    if (!m)
        return;
    for (int32_t t = 0; m->teams && t < m->n_teams; t++) {
        team_model *tm = &m->teams[t];
        capacity_model_fini(&tm->capacity);
        workcal_fini(&tm->cal);
        free(tm->items);
        free(tm->epic_sizes);
        free(tm->share_tables);
    }
    free(m->teams);
    free(m->items);
    free(m->dependents);
    free(m->risks);
    free(m);
}

double delivery_model_team_multiplier(const delivery_model *m, int32_t team)
{
    const team_model *tm = &m->teams[team];
    if (tm->n_items == 0)
        return (double)NAN;
    return capacity_model_multiplier(&tm->capacity, tm->wip);
}

void delivery_model_set_skipping(delivery_model *m, bool enabled)
{
    m->skipping = enabled;
}

int32_t delivery_model_cap_days(const delivery_model *m)
{
    return m->cap_days;
}

/* ---- workspace ------------------------------------------------------------------------- */

status_code delivery_trial_create(const delivery_model *m, delivery_trial **out, status *st)
{
    *out = NULL;
    delivery_trial *w = calloc(1, sizeof *w);
    if (!w)
        return status_set(st, STATUS_ENOMEM, "out of memory for a trial workspace");
    size_t n_items = (size_t)m->n_items + 1, n_teams = (size_t)m->n_teams + 1;
    size_t n_words = 1;
    for (int32_t t = 0; t < m->n_teams; t++)
        n_words += (size_t)m->teams[t].n_words;
    w->m = m;
    w->teams = calloc(n_teams, sizeof *w->teams);
    w->active_pool = malloc(n_items * sizeof *w->active_pool);
    w->ready_pool = calloc(n_words, sizeof *w->ready_pool);
    w->state = malloc(n_items * sizeof *w->state);
    w->finish_at = malloc(n_items * sizeof *w->finish_at);
    w->prereqs_left = malloc(n_items * sizeof *w->prereqs_left);
    w->ready_day = malloc(n_items * sizeof *w->ready_day);
    w->held_by = malloc(n_items * sizeof *w->held_by);
    w->start_day = malloc(n_items * sizeof *w->start_day);
    w->size = malloc(n_items * sizeof *w->size);
    w->finish_day = malloc(n_items * sizeof *w->finish_day);
    size_t n_edges = (size_t)m->n_edges + 1;
    w->handover_day = malloc(n_items * sizeof *w->handover_day);
    w->freed_by = malloc(n_items * sizeof *w->freed_by);
    w->finished = malloc(n_items * sizeof *w->finished);
    w->chain_item = malloc(n_items * sizeof *w->chain_item);
    w->chain_edge = malloc(n_edges * sizeof *w->chain_edge);
    w->chain_team = malloc(n_teams * sizeof *w->chain_team);
    w->team_wait_days = malloc(n_teams * sizeof *w->team_wait_days);
    w->resource_from = malloc(n_items * sizeof *w->resource_from);
    w->resource_to = malloc(n_items * sizeof *w->resource_to);
    w->resource_bits = malloc(n_items * sizeof *w->resource_bits);
    w->walk = malloc(n_items * sizeof *w->walk);
    w->extra_stories = malloc(n_items * sizeof *w->extra_stories);
    w->delay_days = malloc(n_items * sizeof *w->delay_days);
    w->newly_ready = malloc(n_items * sizeof *w->newly_ready);
    w->sched = schedule_create(m);
    bool ok = w->teams && w->active_pool && w->ready_pool && w->state && w->finish_at &&
              w->prereqs_left && w->ready_day && w->held_by && w->start_day && w->size &&
              w->finish_day && w->handover_day && w->freed_by && w->finished && w->chain_item &&
              w->chain_edge && w->chain_team && w->team_wait_days && w->resource_from &&
              w->resource_to && w->resource_bits && w->walk && w->extra_stories && w->delay_days &&
              w->newly_ready && w->sched;
    if (!ok) {
        delivery_trial_destroy(w);
        return status_set(st, STATUS_ENOMEM, "out of memory for a trial workspace");
    }
    int32_t *active = w->active_pool;
    uint64_t *ready = w->ready_pool;
    for (int32_t t = 0; t < m->n_teams; t++) {
        w->teams[t].active = active;
        w->teams[t].ready = ready;
        active += m->teams[t].n_items;
        ready += m->teams[t].n_words;
    }
    *out = w;
    return STATUS_OK;
}

void delivery_trial_destroy(delivery_trial *w)
{
    if (!w)
        return;
    schedule_destroy(w->sched);
    free(w->teams);
    free(w->active_pool);
    free(w->ready_pool);
    free(w->state);
    free(w->finish_at);
    free(w->prereqs_left);
    free(w->ready_day);
    free(w->held_by);
    free(w->start_day);
    free(w->size);
    free(w->finish_day);
    free(w->handover_day);
    free(w->freed_by);
    free(w->finished);
    free(w->chain_item);
    free(w->chain_edge);
    free(w->chain_team);
    free(w->team_wait_days);
    free(w->resource_from);
    free(w->resource_to);
    free(w->resource_bits);
    free(w->walk);
    free(w->extra_stories);
    free(w->delay_days);
    free(w->newly_ready);
    free(w);
}

const int32_t *delivery_trial_finish_days(const delivery_trial *w)
{
    return w->finish_day;
}

const int32_t *delivery_trial_start_days(const delivery_trial *w)
{
    return w->start_day;
}

const int32_t *delivery_trial_sizes(const delivery_trial *w)
{
    return w->size;
}

const uint8_t *delivery_trial_critical(const delivery_trial *w)
{
    return w->chain_item;
}

void delivery_trial_chains(const delivery_trial *w, delivery_chains *out)
{
    *out = (delivery_chains){.item = w->chain_item,
                             .edge = w->chain_edge,
                             .team = w->chain_team,
                             .team_wait_days = w->team_wait_days,
                             .chain_days = w->chain_days,
                             .n_resource = w->n_resource,
                             .resource_from = w->resource_from,
                             .resource_to = w->resource_to,
                             .resource_bits = w->resource_bits};
}

status_code delivery_trial_run(delivery_trial *w, const delivery_model *m, uint64_t trial_idx,
                               status *st)
{
    assert(m->n_items == w->m->n_items && m->n_teams == w->m->n_teams);
    w->m = m;
    w->trial_idx = trial_idx;
    rules_start_trial(w);
    status_code rc = schedule_run(w);
    if (rc != STATUS_OK)
        return status_set(st, rc, "out of memory in trial %llu", (unsigned long long)trial_idx);
    rules_mark_chains(w);
    return STATUS_OK;
}
