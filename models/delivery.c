/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delivery: teams pouring bootstrapped daily capacity into prioritised, dependent items.
 *
 * Two event types drive a trial. ITEM_READY (priority 0) puts an item into its team's ready
 * set; WORKING_DAY (priority 1) begins a day on which at least one team with unfinished items
 * works: each such team fills its WIP slots, draws its capacity and shares it. Readiness sorts
 * before work on the same day, as DESIGN.md requires. One event serves all teams of a day
 * because nothing a team does on day d can reach another team before day d + 1 (an item is
 * ready on the first working day after its prerequisite finished): the teams of one day are
 * independent, and one event per day instead of one per team and day cuts the calendar's work
 * by the number of teams. A team works every working day until all its items are done and
 * draws capacity on each of them even when idle: the n-th working day always uses the n-th
 * draw of the team's stream, which keeps scenarios of one run on common random numbers.
 *
 * Working-day arithmetic (workcal) and everything about a day's capacity (capacity) are
 * precomputed per team and scenario; this file is the flow of items: sizes, readiness, WIP,
 * sharing, and the risks of a trial. shortcuts.c skips the days on which a team's work cannot
 * change (the same results with less work); delivery_internal.h holds what both share.
 */
#include "delivery.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "capacity.h"
#include "date.h"
#include "engine.h"
#include "rng_stream.h"
#include "workcal.h"

#include "delivery_internal.h"

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
    m->dependent_item = malloc(((size_t)n_edges + 1) * sizeof *m->dependent_item);
    m->dependent_lag = malloc(((size_t)n_edges + 1) * sizeof *m->dependent_lag);
    int32_t *fill = calloc((size_t)p->n_items + 1, sizeof *fill);
    if (!m->items || !m->dependent_item || !m->dependent_lag || !fill) {
        free(fill);
        return STATUS_ENOMEM;
    }
    for (int32_t i = 0; i < p->n_items; i++)
        for (int32_t d = 0; d < p->items[i].n_deps; d++)
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
        im->team = pi->team;
        im->size_low = pi->size_low;
        im->size_high = pi->size_high;
        im->from_epics = pi->size_from_epics;
        im->status = pi->status;
        im->done_stories = pi->done_stories;
        im->n_prereqs = pi->n_deps;
        int32_t first = pi->not_before != DATE_NONE && pi->not_before > m->settings.start
                            ? pi->not_before - m->settings.start
                            : 0;
        const workcal *cal = &m->teams[pi->team].cal;
        assert(cal->next_working); /* build_teams made every team's calendar */
        im->earliest = first <= m->n_days ? cal->next_working[first] : DAY_NEVER;
        bool own_split = pi->split_low > 0.0;
        im->split_low = own_split ? pi->split_low : m->teams[pi->team].split_low;
        im->split_high = own_split ? pi->split_high : m->teams[pi->team].split_high;
        for (int32_t d = 0; d < pi->n_deps; d++) {
            int32_t pre = pi->deps[d].item;
            int32_t slot = m->items[pre].first_dependent + fill[pre]++;
            im->n_ext_prereqs += p->items[pre].team != pi->team;
            m->dependent_item[slot] = i;
            m->dependent_lag[slot] = pi->deps[d].lag_days;
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
    for (int32_t i = 0; i < p->n_items; i++)
        m->teams[p->items[i].team].n_items++;
    for (int32_t t = 0; t < m->n_teams; t++) {
        team_model *tm = &m->teams[t];
        tm->items = malloc(((size_t)tm->n_items + 1) * sizeof *tm->items);
        if (!tm->items)
            return STATUS_ENOMEM;
        tm->n_words = (tm->n_items + 63) / 64;
        if (tm->n_items > m->max_team_items)
            m->max_team_items = tm->n_items;
        tm->n_items = 0;
    }
    for (int32_t i = 0; i < p->n_items; i++) {
        team_model *tm = &m->teams[p->items[i].team];
        tm->items[tm->n_items++] = i;
    }
    ranked_item *order = malloc(((size_t)m->max_team_items + 1) * sizeof *order);
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
        tm->epic_sizes = p->teams[t].epic_sizes;
        tm->n_epic_sizes = p->teams[t].n_epics;
        if (workcal_init(&tm->cal, p, t, m->settings.start, m->n_days) != STATUS_OK)
            return status_set(st, STATUS_ENOMEM, "out of memory building the model");
        status_code rc =
            capacity_model_init(&tm->capacity, p, scenario, t, &tm->cal, team_item_count(p, t), st);
        if (rc != STATUS_OK)
            return rc;
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
            (risk_model){(uint64_t)sc->risks[k], r->probability, r->extra_low, r->extra_high,
                         r->delay_days,          r->n_items,     r->items};
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
    m->shortcuts = true;
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
    }
    free(m->teams);
    free(m->items);
    free(m->dependent_item);
    free(m->dependent_lag);
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

void delivery_model_set_shortcuts(delivery_model *m, bool enabled)
{
    m->shortcuts = enabled;
}

int32_t delivery_model_cap_days(const delivery_model *m)
{
    return m->cap_days;
}

/* ---- workspace ------------------------------------------------------------------------- */

static status_code trial_handle(void *model, engine *eng, const sim_event *ev);

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
    bool ok = true;
    w->eng = engine_create(2 * n_teams + n_items, trial_handle, w);
    w->capacity_rng = calloc(n_teams, sizeof *w->capacity_rng);
    w->size_rng = gsl_rng_alloc(rng_stream_type);
    w->teams = calloc(n_teams, sizeof *w->teams);
    w->active_pool = malloc(n_items * sizeof *w->active_pool);
    w->ready_pool = calloc(n_words, sizeof *w->ready_pool);
    w->remaining = malloc(n_items * sizeof *w->remaining);
    w->state = malloc(n_items * sizeof *w->state);
    w->prereqs_left = malloc(n_items * sizeof *w->prereqs_left);
    w->ready_day = malloc(n_items * sizeof *w->ready_day);
    w->held_by = malloc(n_items * sizeof *w->held_by);
    w->start_day = malloc(n_items * sizeof *w->start_day);
    w->finish_day = malloc(n_items * sizeof *w->finish_day);
    w->critical = malloc(n_items * sizeof *w->critical);
    w->size = malloc(n_items * sizeof *w->size);
    w->live = malloc(n_teams * sizeof *w->live);
    w->ext_left = malloc(n_items * sizeof *w->ext_left);
    w->pending_pool = malloc(n_items * sizeof *w->pending_pool);
    w->checkpoint_pool = malloc(n_items * sizeof *w->checkpoint_pool);
    w->extra_stories = malloc(n_items * sizeof *w->extra_stories);
    w->delay_days = malloc(n_items * sizeof *w->delay_days);
    ok = w->size && w->live && w->ext_left && w->pending_pool && w->checkpoint_pool &&
         w->extra_stories && w->delay_days && w->eng && w->capacity_rng && w->size_rng &&
         w->teams && w->active_pool && w->ready_pool && w->remaining && w->state &&
         w->prereqs_left && w->ready_day && w->held_by && w->start_day && w->finish_day &&
         w->critical;
    for (int32_t t = 0; ok && t < m->n_teams; t++) {
        w->capacity_rng[t] = gsl_rng_alloc(rng_stream_type);
        ok = w->capacity_rng[t] != NULL;
    }
    if (ok) {
        int32_t *active = w->active_pool, *pending = w->pending_pool;
        uint64_t *ready = w->ready_pool;
        double *checkpoint = w->checkpoint_pool;
        for (int32_t t = 0; t < m->n_teams; t++) {
            w->teams[t].checkpoint_remaining = checkpoint;
            checkpoint += m->teams[t].n_items;
            w->teams[t].active = active;
            w->teams[t].pending = pending;
            w->teams[t].ready = ready;
            active += m->teams[t].n_items;
            pending += m->teams[t].n_items;
            ready += m->teams[t].n_words;
        }
    }
    w->m = m;
    if (!ok) {
        delivery_trial_destroy(w);
        return status_set(st, STATUS_ENOMEM, "out of memory for a trial workspace");
    }
    *out = w;
    return STATUS_OK;
}

void delivery_trial_destroy(delivery_trial *w)
{
    if (!w)
        return;
    engine_destroy(w->eng);
    for (int32_t t = 0; w->capacity_rng && t < w->m->n_teams; t++)
        if (w->capacity_rng[t])
            gsl_rng_free(w->capacity_rng[t]);
    free(w->capacity_rng);
    if (w->size_rng)
        gsl_rng_free(w->size_rng);
    free(w->teams);
    free(w->active_pool);
    free(w->ready_pool);
    free(w->remaining);
    free(w->state);
    free(w->prereqs_left);
    free(w->ready_day);
    free(w->held_by);
    free(w->start_day);
    free(w->finish_day);
    free(w->critical);
    free(w->size);
    free(w->live);
    free(w->ext_left);
    free(w->pending_pool);
    free(w->checkpoint_pool);
    free(w->extra_stories);
    free(w->delay_days);
    free(w);
}

const int32_t *delivery_trial_finish_days(const delivery_trial *w)
{
    return w->finish_day;
}

const int32_t *delivery_trial_sizes(const delivery_trial *w)
{
    return w->size;
}

const uint8_t *delivery_trial_critical(const delivery_trial *w)
{
    return w->critical;
}

/* ---- sizes ----------------------------------------------------------------------------- */

/* Triangular on [low, high + 1) with its mode at the midpoint, by inversion; floored. */
static int32_t triangular_size(double u, int32_t low, int32_t high)
{
    double a = low, b = (double)high + 1.0, c = 0.5 * (a + b);
    double x = u < 0.5 ? a + sqrt(u * (b - a) * (c - a)) : b - sqrt((1.0 - u) * (b - a) * (b - c));
    int32_t size = (int32_t)floor(x);
    return size > high ? high : size;
}

/* Log-normal whose 5th and 95th percentiles are low and high (low taken as at least 1). */
static int32_t lognormal_size(double u, int32_t low, int32_t high)
{
    const double z95 = 1.6448536269514722; /* standard normal 95th percentile */
    double lo = log(low >= 1 ? (double)low : 1.0), hi = log(high >= 1 ? (double)high : 1.0);
    double mu = 0.5 * (lo + hi), sigma = (hi - lo) / (2.0 * z95);
    double z = gsl_cdf_ugaussian_Pinv(u > 0.0 ? u : 0x1.0p-53);
    double x = round(exp(mu + sigma * z));
    const double max_size = 1e6; /* beyond any plan; keeps the cast defined */
    return (int32_t)(x < max_size ? x : max_size);
}

/* The size before splitting: exact, from the item's range, or like a past epic. Uses the
 * item's own stream, seeded here. */
static int32_t draw_base_size(delivery_trial *w, int32_t item)
{
    const delivery_model *m = w->m;
    const item_model *im = &m->items[item];
    if (im->from_epics) {
        const team_model *tm = &m->teams[im->team];
        return tm->epic_sizes[rng_stream_below(w->size_rng, (uint64_t)tm->n_epic_sizes)];
    }
    if (im->size_low == im->size_high)
        return im->size_low;
    uint64_t span = (uint64_t)(im->size_high - im->size_low) + 1;
    switch (m->settings.size_dist) {
    case PLAN_SIZE_TRIANGULAR:
        return triangular_size(rng_unit_double(rng_stream_next(w->size_rng)), im->size_low,
                               im->size_high);
    case PLAN_SIZE_LOGNORMAL:
        return lognormal_size(rng_unit_double(rng_stream_next(w->size_rng)), im->size_low,
                              im->size_high);
    case PLAN_SIZE_UNIFORM:
        break;
    }
    return im->size_low + (int32_t)rng_stream_below(w->size_rng, span);
}

/* ceil(size x factor), where products that should be whole (10 x 1.1) may land a rounding
 * error above a whole number: such an error must not add a story. */
static int32_t split_size(int32_t size, double factor)
{
    const double max_size = 1e6; /* beyond any plan; keeps the cast defined */
    double x = ceil((double)size * factor - 1e-9);
    return (int32_t)(x < max_size ? x : max_size);
}

/* The item's size in this trial: base size, times its split factor, plus the extra stories
 * of the risks that happened. split_u is the trial's shared uniform with split_draw = trial. */
static int32_t draw_size(delivery_trial *w, int32_t item, double split_u)
{
    const delivery_model *m = w->m;
    const item_model *im = &m->items[item];
    bool split = im->split_high != 1.0 || im->split_low != 1.0;
    bool random = im->from_epics || im->size_low != im->size_high ||
                  (split && m->settings.split_draw == PLAN_SPLIT_PER_ITEM);
    if (random) { /* an exact size needs no stream: seeding is a tenth of a small trial */
        rng_key key = {m->settings.seed, w->trial_idx, (uint64_t)item, DELIVERY_PURPOSE_SIZE};
        rng_stream_seed(w->size_rng, key);
    }
    int32_t size = draw_base_size(w, item);
    if (split) {
        double u = m->settings.split_draw == PLAN_SPLIT_PER_TRIAL
                       ? split_u
                       : rng_unit_double(rng_stream_next(w->size_rng));
        size = split_size(size, im->split_low + u * (im->split_high - im->split_low));
    }
    return size + w->extra_stories[item];
}

/* Draws every risk of the scenario once; one that happens adds its extra stories and delay
 * to each item it affects. A risk's stream depends on its place in risks.csv, so it happens
 * in the same trials in every scenario. */
static void draw_risks(delivery_trial *w)
{
    const delivery_model *m = w->m;
    for (int32_t k = 0; k < m->n_risks; k++) {
        const risk_model *r = &m->risks[k];
        rng_key key = {m->settings.seed, w->trial_idx, r->index, DELIVERY_PURPOSE_RISK};
        rng_stream_seed(w->size_rng, key);
        if (rng_unit_double(rng_stream_next(w->size_rng)) >= r->probability)
            continue;
        uint64_t span = (uint64_t)(r->extra_high - r->extra_low) + 1;
        int32_t extra = r->extra_low + (int32_t)rng_stream_below(w->size_rng, span);
        for (int32_t i = 0; i < r->n_items; i++) {
            w->extra_stories[r->items[i]] += extra;
            w->delay_days[r->items[i]] += r->delay_days;
        }
    }
}

/* ---- the trial ------------------------------------------------------------------------- */

/* The working day of `team` that comes `lag` working days after the first working day after
 * `day`, or DAY_NEVER beyond the cap. */
static int32_t ready_after(const team_model *tm, int32_t day, int32_t lag)
{
    return workcal_add_working_days(&tm->cal, day + 1, lag);
}

static status_code schedule_ready(delivery_trial *w, int32_t item)
{
    const delivery_model *m = w->m;
    const item_model *im = &m->items[item];
    int32_t day = w->ready_day[item];
    if (im->earliest >= day) {
        if (im->earliest > day || im->n_prereqs == 0)
            w->held_by[item] = HELD_BY_START;
        day = im->earliest;
    }
    if (w->delay_days[item] > 0 && day <= m->cap_days)
        day = workcal_add_working_days(&m->teams[im->team].cal, day, w->delay_days[item]);
    w->ready_day[item] = day;
    if (day > m->cap_days)
        return STATUS_OK; /* never ready within the cap */
    team_state *ts = &w->teams[im->team];
    if (im->team == w->running_ahead) {
        ts->pending[ts->n_pending++] = item;
        return STATUS_OK;
    }
    if (w->starting && day == m->teams[im->team].cal.next_working[0]) {
        /* ready on the team's first working day: nothing can look at its ready set before,
         * so it may join it now rather than through the calendar */
        w->state[item] = ITEM_READY;
        ts->ready[im->rank / 64] |= UINT64_C(1) << (im->rank % 64);
        ts->n_ready++;
        return STATUS_OK;
    }
    ts->ready_pending++;
    return engine_schedule(w->eng, day, PRIORITY_READY, EVENT_ITEM_READY, item, 0);
}

static status_code finish_item(delivery_trial *w, int32_t item, int32_t day)
{
    const delivery_model *m = w->m;
    const item_model *im = &m->items[item];
    w->state[item] = ITEM_DONE;
    w->finish_day[item] = day;
    w->remaining[item] = 0.0;
    w->teams[im->team].unfinished--;
    for (int32_t k = 0; k < im->n_dependents; k++) {
        int32_t dep = m->dependent_item[im->first_dependent + k];
        int32_t lag = m->dependent_lag[im->first_dependent + k];
        int32_t dep_team = m->items[dep].team;
        int32_t when = ready_after(&m->teams[dep_team], day, lag);
        if (dep_team != im->team && --w->ext_left[dep] == 0 && w->state[dep] == ITEM_WAITING)
            w->teams[dep_team].ext_waiting--;
        /* the latest prerequisite holds the item; between equals the first in plan order, so
         * the result does not depend on the order in which teams are processed */
        if (when > w->ready_day[dep] || w->held_by[dep] == HELD_BY_START ||
            (when == w->ready_day[dep] && item < w->held_by[dep])) {
            w->ready_day[dep] = when;
            w->held_by[dep] = item;
        }
        /* An in-progress item already holds a slot: its prerequisites no longer matter. */
        if (--w->prereqs_left[dep] == 0 && w->state[dep] == ITEM_WAITING) {
            status_code rc = schedule_ready(w, dep);
            if (rc != STATUS_OK)
                return rc;
        }
    }
    return STATUS_OK;
}

static void activate(delivery_trial *w, team_state *ts, int32_t item, int32_t day)
{
    w->state[item] = ITEM_ACTIVE;
    w->start_day[item] = day;
    ts->active[ts->n_active++] = item;
}

/* Moves the highest-priority ready item into a free slot; false if none is ready. */
static bool fill_one_slot(delivery_trial *w, int32_t team, int32_t day)
{
    const team_model *tm = &w->m->teams[team];
    team_state *ts = &w->teams[team];
    if (ts->n_ready == 0)
        return false;
    for (int32_t k = 0; k < tm->n_words; k++) {
        if (ts->ready[k]) {
            int32_t bit = __builtin_ctzll(ts->ready[k]);
            ts->ready[k] &= ts->ready[k] - 1;
            ts->n_ready--;
            activate(w, ts, tm->items[64 * k + bit], day);
            return true;
        }
    }
    return false;
}

void delivery_fill_slots(delivery_trial *w, int32_t team, int32_t day)
{
    const team_model *tm = &w->m->teams[team];
    team_state *ts = &w->teams[team];
    while (ts->n_active < tm->wip && fill_one_slot(w, team, day)) {
    }
}

/* Finishes the active items with no work left, refilling each freed slot at once (possibly
 * with an item that is itself empty), and returns the least work left among the others
 * (HUGE_VAL if none). */
static status_code finish_empty_items(delivery_trial *w, int32_t team, int32_t day, double *least)
{
    const team_model *tm = &w->m->teams[team];
    team_state *ts = &w->teams[team];
    double min = HUGE_VAL;
    for (int32_t a = 0; a < ts->n_active;) {
        int32_t item = ts->active[a];
        double r = w->remaining[item];
        if (r > WORK_EPSILON) {
            min = r < min ? r : min;
            a++;
            continue;
        }
        ts->active[a] = ts->active[--ts->n_active];
        status_code rc = finish_item(w, item, day);
        if (rc != STATUS_OK)
            return rc;
        if (ts->n_active < tm->wip)
            fill_one_slot(w, team, day);
        a = 0; /* the order changed; active lists are a handful of items */
        min = HUGE_VAL;
    }
    *least = min;
    return STATUS_OK;
}

/* Processor sharing: all active items progress at equal rates; the one with the least work
 * left finishes first and its slot is refilled at once from the ready set. */
status_code delivery_pour_capacity(delivery_trial *w, int32_t team, int32_t day, double capacity)
{
    team_state *ts = &w->teams[team];
    for (;;) {
        double least;
        status_code rc = finish_empty_items(w, team, day, &least);
        if (rc != STATUS_OK)
            return rc;
        if (ts->n_active == 0 || capacity <= WORK_EPSILON)
            return STATUS_OK;
        double n = ts->n_active;
        if (least * n <= capacity) {
            capacity -= least * n;
            for (int32_t a = 0; a < ts->n_active; a++) {
                double *r = &w->remaining[ts->active[a]];
                *r = *r == least ? 0.0 : *r - least;
            }
        } else {
            /* capacity < least * n: every item keeps work unless rounding leaves a trace
             * below WORK_EPSILON, which one more pass finishes */
            double share = capacity / n;
            bool emptied = false;
            for (int32_t a = 0; a < ts->n_active; a++) {
                double *r = &w->remaining[ts->active[a]];
                *r -= share;
                emptied = emptied || *r <= WORK_EPSILON;
            }
            if (!emptied)
                return STATUS_OK;
            capacity = 0.0;
        }
    }
}

static status_code team_day(delivery_trial *w, int32_t team, int32_t day)
{
    const team_model *tm = &w->m->teams[team];
    team_state *ts = &w->teams[team];
    delivery_fill_slots(w, team, day);
    double capacity =
        capacity_draw(&tm->capacity, &ts->capacity, w->capacity_rng[team], day, ts->n_active);
    return delivery_pour_capacity(w, team, day, capacity);
}

/* Day `day` for every team that still has work: those working that day work (those that
 * nothing outside can reach any more run ahead to their end; those whose slots are all taken
 * sleep until their next completion); teams that are done leave the live list; the next
 * WORKING_DAY is the earliest day on which a live team works. */
static status_code working_day(delivery_trial *w, int32_t day)
{
    const delivery_model *m = w->m;
    if (day != w->next_day)
        return STATUS_OK; /* stale: an earlier WORKING_DAY was scheduled after this one */
    int32_t next = DAY_NEVER, n_live = 0;
    for (int32_t k = 0; k < w->n_live; k++) {
        int32_t t = w->live[k];
        const team_model *tm = &m->teams[t];
        team_state *ts = &w->teams[t];
        if (ts->wake_day > day) { /* asleep */
            w->live[n_live++] = t;
            next = ts->wake_day < next ? ts->wake_day : next;
            continue;
        }
        if (workcal_is_working(&tm->cal, day)) {
            status_code rc = ts->wake_day == day ? shortcuts_wake(w, t, day) : team_day(w, t, day);
            if (rc == STATUS_OK && shortcuts_can_run_ahead(w, t))
                rc = shortcuts_run_ahead(w, t, day);
            else if (rc == STATUS_OK && m->shortcuts && ts->unfinished > 0)
                shortcuts_sleep(w, t, day);
            if (rc != STATUS_OK)
                return rc;
        }
        if (ts->unfinished == 0 || ts->finished_ahead ||
            (ts->wake_day == DAY_NEVER && !ts->speculative))
            continue;
        w->live[n_live++] = t;
        int32_t t_next = ts->wake_day > day  ? ts->wake_day
                         : day < m->cap_days ? tm->cal.next_working[day + 1]
                                             : DAY_NEVER;
        if (t_next < next)
            next = t_next;
    }
    w->n_live = n_live;
    w->next_day = next;
    if (next > m->cap_days)
        return STATUS_OK;
    return engine_schedule(w->eng, next, PRIORITY_WORK, EVENT_WORKING_DAY, 0, 0);
}

static status_code trial_handle(void *model, engine *eng, const sim_event *ev)
{
    delivery_trial *w = model;
    int32_t day = (int32_t)engine_now(eng);
    if (ev->type == EVENT_ITEM_READY) {
        int32_t item = ev->subject;
        const item_model *im = &w->m->items[item];
        w->state[item] = ITEM_READY;
        team_state *ts = &w->teams[im->team];
        ts->ready[im->rank / 64] |= UINT64_C(1) << (im->rank % 64);
        ts->n_ready++;
        ts->ready_pending--;
        return ts->speculative ? shortcuts_roll_back(w, im->team, day) : STATUS_OK;
    }
    return working_day(w, day);
}

static void reset_items(delivery_trial *w)
{
    const delivery_model *m = w->m;
    for (int32_t i = 0; i < m->n_items; i++) {
        const item_model *im = &m->items[i];
        w->state[i] = ITEM_WAITING;
        w->prereqs_left[i] = im->n_prereqs;
        w->ready_day[i] = 0;
        w->held_by[i] = HELD_BY_START;
        w->start_day[i] = -1;
        w->finish_day[i] = DELIVERY_NOT_WITHIN_CAP;
        w->critical[i] = 0;
        w->remaining[i] = 0.0;
        w->extra_stories[i] = 0;
        w->delay_days[i] = 0;
        w->ext_left[i] = im->n_ext_prereqs;
    }
    w->running_ahead = -1;
    for (int32_t t = 0; t < m->n_teams; t++) {
        team_state *ts = &w->teams[t];
        ts->n_active = 0;
        ts->unfinished = 0;
        ts->n_ready = 0;
        ts->ext_waiting = 0;
        ts->ready_pending = 0;
        ts->n_pending = 0;
        ts->finished_ahead = false;
        ts->wake_day = -1;
        ts->speculative = false;
        capacity_state_reset(&ts->capacity);
        memset(ts->ready, 0, (size_t)m->teams[t].n_words * sizeof *ts->ready);
    }
}

/* Sizes, done items and in-progress items; then the first readiness and work events. */
static status_code start_trial(delivery_trial *w)
{
    const delivery_model *m = w->m;
    status_code rc = STATUS_OK;
    draw_risks(w);
    double split_u = 0.0;
    if (m->settings.split_draw == PLAN_SPLIT_PER_TRIAL) {
        rng_key key = {m->settings.seed, w->trial_idx, 0, DELIVERY_PURPOSE_SPLIT};
        split_u = rng_unit_double(rng_key_hash(key));
    }
    for (int32_t i = 0; i < m->n_items; i++) {
        const item_model *im = &m->items[i];
        if (!im->in_scenario) { /* nothing in the scenario depends on it (plan.h) */
            w->state[i] = ITEM_DONE;
            w->finish_day[i] = DELIVERY_NOT_IN_SCENARIO;
            w->size[i] = 0;
            continue;
        }
        int32_t size = draw_size(w, i, split_u);
        w->size[i] = size;
        if (im->status == PLAN_ITEM_DONE) {
            w->state[i] = ITEM_DONE;
            w->finish_day[i] = DELIVERY_DONE_BEFORE_START;
            continue;
        }
        w->teams[im->team].unfinished++;
        if (im->status == PLAN_ITEM_IN_PROGRESS) {
            int32_t left = size > im->done_stories ? size - im->done_stories : 0;
            w->remaining[i] = left;
            activate(w, &w->teams[im->team], i, 0);
            w->held_by[i] = HELD_BY_START;
        } else {
            w->remaining[i] = size;
        }
    }
    /* Done prerequisites count as finished before the start. */
    for (int32_t i = 0; i < m->n_items; i++) {
        const item_model *im = &m->items[i];
        if (w->finish_day[i] != DELIVERY_DONE_BEFORE_START)
            continue;
        for (int32_t k = 0; k < im->n_dependents; k++) {
            int32_t dep = m->dependent_item[im->first_dependent + k];
            w->prereqs_left[dep]--;
            w->ext_left[dep] -= m->items[dep].team != im->team;
        }
    }
    for (int32_t i = 0; i < m->n_items; i++)
        if (w->state[i] == ITEM_WAITING && w->ext_left[i] > 0)
            w->teams[m->items[i].team].ext_waiting++;
    w->starting = true;
    for (int32_t i = 0; rc == STATUS_OK && i < m->n_items; i++)
        if (w->state[i] == ITEM_WAITING && w->prereqs_left[i] == 0)
            rc = schedule_ready(w, i);
    w->starting = false;
    int32_t first = DAY_NEVER;
    w->n_live = 0;
    for (int32_t t = 0; t < m->n_teams; t++) {
        if (w->teams[t].unfinished == 0)
            continue;
        w->live[w->n_live++] = t;
        if (m->teams[t].cal.next_working[0] < first)
            first = m->teams[t].cal.next_working[0];
    }
    w->next_day = first;
    if (rc == STATUS_OK && first <= m->cap_days)
        rc = engine_schedule(w->eng, first, PRIORITY_WORK, EVENT_WORKING_DAY, 0, 0);
    return rc;
}

/* Marks the chain that set the plan's last finish: from the last item to finish, back through
 * each prerequisite that made it wait, as long as the item started the day it became ready. */
static void mark_critical_chain(delivery_trial *w)
{
    const delivery_model *m = w->m;
    int32_t last = -1;
    for (int32_t i = 0; i < m->n_items; i++) {
        int32_t f = w->finish_day[i];
        if (f == DELIVERY_NOT_WITHIN_CAP)
            return; /* the plan did not finish: no finishing chain */
        if (f != DELIVERY_DONE_BEFORE_START && f != DELIVERY_NOT_IN_SCENARIO &&
            (last < 0 || f > w->finish_day[last]))
            last = i;
    }
    for (int32_t i = last; i >= 0 && !w->critical[i];) {
        w->critical[i] = 1;
        if (w->held_by[i] < 0 || w->start_day[i] != w->ready_day[i])
            break;
        i = w->held_by[i];
    }
}

status_code delivery_trial_run(delivery_trial *w, const delivery_model *m, uint64_t trial_idx,
                               status *st)
{
    assert(m->n_items == w->m->n_items && m->n_teams == w->m->n_teams);
    w->m = m;
    w->trial_idx = trial_idx;
    engine_reset(w->eng);
    reset_items(w);
    for (int32_t t = 0; t < m->n_teams; t++) {
        rng_key key = {m->settings.seed, trial_idx, (uint64_t)t, DELIVERY_PURPOSE_CAPACITY};
        rng_stream_seed(w->capacity_rng[t], key);
    }
    status_code rc = start_trial(w);
    if (rc == STATUS_OK)
        rc = engine_run_until(w->eng, m->cap_days);
    if (rc != STATUS_OK)
        return status_set(st, rc, "out of memory in trial %llu", (unsigned long long)trial_idx);
    mark_critical_chain(w);
    return STATUS_OK;
}
