/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules: the delivery model's rules; see rules.h for the summary. Read top to bottom: the
 * start of a trial (risks, sizes), readiness, a team's day (pull, capacity, sharing, finish,
 * refill), the binding chain.
 */
#include "rules.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "date.h"
#include "rng_stream.h"
#include "workcal.h"

static uint64_t stream_of(const delivery_trial *w, uint64_t entity, enum delivery_purpose purpose)
{
    return rng_key_stream(w->trial_key, entity, purpose);
}

/* ---- sizes and risks ------------------------------------------------------------------- */

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

/* The size before splitting: exact, from the item's range, or like a past epic. */
static int32_t draw_base_size(const delivery_model *m, const item_model *im, rng_counter *r)
{
    if (im->from_epics) {
        const team_model *tm = &m->teams[im->team];
        return tm->epic_sizes[rng_below(rng_counter_next(r), (uint64_t)tm->n_epic_sizes)];
    }
    if (im->size_low == im->size_high)
        return im->size_low;
    uint64_t span = (uint64_t)(im->size_high - im->size_low) + 1;
    switch (m->settings.size_dist) {
    case PLAN_SIZE_TRIANGULAR:
        return triangular_size(rng_unit_double(rng_counter_next(r)), im->size_low, im->size_high);
    case PLAN_SIZE_LOGNORMAL:
        return lognormal_size(rng_unit_double(rng_counter_next(r)), im->size_low, im->size_high);
    case PLAN_SIZE_UNIFORM:
        break;
    }
    return im->size_low + (int32_t)rng_below(rng_counter_next(r), span);
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
 * of the risks that happened. Its numbers come from its own stream, keyed by its id; split_u
 * is the trial's shared uniform when split_draw = trial. */
static int32_t draw_size(const delivery_trial *w, int32_t item, double split_u)
{
    const delivery_model *m = w->m;
    const item_model *im = &m->items[item];
    bool split = im->split_high != 1.0 || im->split_low != 1.0;
    bool random = im->from_epics || im->size_low != im->size_high ||
                  (split && m->settings.split_draw == PLAN_SPLIT_PER_ITEM);
    /* an exact size draws nothing: its stream's key need not be computed */
    rng_counter r = rng_counter_at(random ? stream_of(w, im->name_hash, DELIVERY_PURPOSE_SIZE) : 0);
    int32_t size = draw_base_size(m, im, &r);
    if (split) {
        double u = m->settings.split_draw == PLAN_SPLIT_PER_TRIAL
                       ? split_u
                       : rng_unit_double(rng_counter_next(&r));
        size = split_size(size, im->split_low + u * (im->split_high - im->split_low));
    }
    return size + w->extra_stories[item];
}

/* Draws every risk of the scenario once; one that happens adds its extra stories and delay
 * to each item it affects. A risk's stream is keyed by its id, so it happens in the same
 * trials in every scenario. */
static void draw_risks(delivery_trial *w)
{
    const delivery_model *m = w->m;
    for (int32_t k = 0; k < m->n_risks; k++) {
        const risk_model *risk = &m->risks[k];
        rng_counter r = rng_counter_at(stream_of(w, risk->name_hash, DELIVERY_PURPOSE_RISK));
        if (rng_unit_double(rng_counter_next(&r)) >= risk->probability)
            continue;
        uint64_t span = (uint64_t)(risk->extra_high - risk->extra_low) + 1;
        int32_t extra = risk->extra_low + (int32_t)rng_below(rng_counter_next(&r), span);
        for (int32_t i = 0; i < risk->n_items; i++) {
            w->extra_stories[risk->items[i]] += extra;
            w->delay_days[risk->items[i]] += risk->delay_days;
        }
    }
}

/* ---- readiness ------------------------------------------------------------------------- */

/* Fixes the ready day of an item whose prerequisites are all done: the latest of their
 * hand-over days and its earliest day, pushed back by the delay of the risks that hit it;
 * then hands the item to the scheduler (outbox), unless it is never ready within the cap. */
static void ready_day_known(delivery_trial *w, int32_t item)
{
    const delivery_model *m = w->m;
    const item_model *im = &m->items[item];
    int32_t day = w->ready_day[item];
    w->handover_day[item] = day;
    if (im->earliest >= day) {
        if (im->earliest > day || im->n_prereqs == 0)
            w->held_by[item] = HELD_BY_START;
        day = im->earliest;
    }
    if (w->delay_days[item] > 0 && day <= m->cap_days)
        day = workcal_add_working_days(&m->teams[im->team].cal, day, w->delay_days[item]);
    w->ready_day[item] = day;
    if (day <= m->cap_days)
        w->newly_ready[w->n_newly_ready++] = item;
}

void rules_make_ready(delivery_trial *w, int32_t item)
{
    const item_model *im = &w->m->items[item];
    team_state *ts = &w->teams[im->team];
    assert(w->state[item] == ITEM_WAITING);
    w->state[item] = ITEM_READY;
    ts->ready[im->rank / 64] |= UINT64_C(1) << (im->rank % 64);
    ts->n_ready++;
}

/* Prerequisite `item` finished on `day`: each dependent learns its hand-over day (the first
 * working day of its team after `day`, plus the edge's lag); the last prerequisite to finish
 * fixes its ready day. The latest prerequisite holds the dependent; between equals the first
 * in plan order, so the result does not depend on the order in which teams are processed. */
static void hand_over(delivery_trial *w, int32_t item, int32_t day)
{
    const delivery_model *m = w->m;
    const item_model *im = &m->items[item];
    const dependent_edge *edge = m->dependents + im->first_dependent;
    for (int32_t k = 0; k < im->n_dependents; k++, edge++) {
        int32_t dep = edge->item;
        int32_t when = workcal_add_working_days(edge->cal, day + 1, edge->lag);
        if (when > w->ready_day[dep] || w->held_by[dep] == HELD_BY_START ||
            (when == w->ready_day[dep] && item < w->held_by[dep])) {
            w->ready_day[dep] = when;
            w->held_by[dep] = item;
        }
        /* An in-progress item already holds a slot: its prerequisites no longer matter. */
        if (--w->prereqs_left[dep] == 0 && w->state[dep] == ITEM_WAITING)
            ready_day_known(w, dep);
    }
}

/* ---- a team's day ---------------------------------------------------------------------- */

static void activate(delivery_trial *w, team_state *ts, int32_t item, int32_t day, double work,
                     int32_t freed_by)
{
    w->state[item] = ITEM_ACTIVE;
    w->start_day[item] = day;
    w->freed_by[item] = freed_by;
    if (ts->head_start > 0.0) { /* the team's first item of the trial */
        work = work > ts->head_start ? work - ts->head_start : 0.0;
        ts->head_start = 0.0;
    }
    w->finish_at[item] = ts->work_per_slot + work;
    if (w->finish_at[item] < ts->least_finish_at)
        ts->least_finish_at = w->finish_at[item];
    ts->active[ts->n_active++] = item;
}

/* Pull: moves the highest-priority ready item into a free slot (freed by the finish of
 * `freed_by`, or -1); false if none is ready. */
static bool pull_one(delivery_trial *w, int32_t team, int32_t day, int32_t freed_by)
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
            int32_t item = tm->items[64 * k + bit];
            activate(w, ts, item, day, w->size[item], freed_by);
            return true;
        }
    }
    return false;
}

/* Fills the free slots at the start of a day. */
static inline void pull(delivery_trial *w, int32_t team, int32_t day)
{
    const team_model *tm = &w->m->teams[team];
    team_state *ts = &w->teams[team];
    while (ts->n_ready > 0 && ts->n_active < tm->wip && pull_one(w, team, day, -1)) {
    }
}

/* Refills the slots freed by the n items finished just now (in that order): the k-th item
 * pulled takes the k-th freed slot. */
static void refill(delivery_trial *w, int32_t team, int32_t day, const int32_t *finished, int32_t n)
{
    const team_model *tm = &w->m->teams[team];
    team_state *ts = &w->teams[team];
    for (int32_t k = 0; ts->n_ready > 0 && ts->n_active < tm->wip; k++)
        if (!pull_one(w, team, day, finished[k < n ? k : n - 1]))
            break;
}

static void finish(delivery_trial *w, int32_t item, int32_t day)
{
    w->state[item] = ITEM_DONE;
    w->finish_day[item] = day;
    w->teams[w->m->items[item].team].unfinished--;
    hand_over(w, item, day);
}

/* Finishes the active items whose work is done (W at their threshold), refilling each freed
 * slot at once, possibly with an item that is itself empty; after a finish W restarts from 0
 * (thresholds become work left), which keeps W small and its rounding far below
 * WORK_EPSILON. */
static void finish_done_items(delivery_trial *w, int32_t team, int32_t day)
{
    team_state *ts = &w->teams[team];
    for (;;) {
        double reached = ts->work_per_slot + WORK_EPSILON;
        if (ts->least_finish_at > reached)
            return;
        int32_t kept = 0, n_finished = 0;
        double least = HUGE_VAL;
        for (int32_t a = 0; a < ts->n_active; a++) {
            int32_t item = ts->active[a];
            if (w->finish_at[item] <= reached) {
                finish(w, item, day);
                w->finished[n_finished++] = item;
                continue;
            }
            w->finish_at[item] -= ts->work_per_slot;
            least = w->finish_at[item] < least ? w->finish_at[item] : least;
            ts->active[kept++] = item;
        }
        ts->n_active = kept;
        ts->work_per_slot = 0.0;
        ts->least_finish_at = least;
        refill(w, team, day, w->finished, n_finished);
    }
}

/* Processor sharing: all active items progress at equal rates; when the one with the least
 * work left is done, its slot is refilled from the ready set and the rest of the day is
 * shared again. */
static void pour(delivery_trial *w, int32_t team, int32_t day, double capacity)
{
    team_state *ts = &w->teams[team];
    for (;;) {
        finish_done_items(w, team, day);
        if (ts->n_active == 0 || capacity <= WORK_EPSILON ||
            rules_quiet_day(ts, capacity / ts->n_active))
            return;
        /* the least item is done within this day: share out what it takes, then go on */
        double used = (ts->least_finish_at - ts->work_per_slot) * ts->n_active;
        capacity = used < capacity ? capacity - used : 0.0;
        ts->work_per_slot = ts->least_finish_at;
    }
}

void rules_team_day(delivery_trial *w, int32_t team, int32_t day)
{
    team_state *ts = &w->teams[team];
    pull(w, team, day);
    if (ts->n_active == 0)
        return; /* nothing to work on: the day's capacity is lost */
    double raw = capacity_on_day(&w->m->teams[team].capacity, ts->stream, day, ts->n_active);
    if (!rules_quiet_day(ts, rules_day_share(ts, raw)))
        pour(w, team, day, raw * ts->level);
}

int32_t rules_quiet_days(delivery_trial *w, int32_t team, int32_t rank, int32_t end, double *kept)
{
    const team_model *tm = &w->m->teams[team];
    const capacity_model *cm = &tm->capacity;
    const int32_t *day_of_rank = tm->cal.day_of_rank;
    team_state *ts = &w->teams[team];
    /* a share is table[j] / a (level 1: the share tables) or table[j] * (level / a) */
    const double *shares = ts->level == 1.0 ? team_share_table(tm, ts->n_active) : NULL;
    const double *table = shares ? shares : capacity_table(cm, ts->n_active);
    if (!table) {
        for (; rank < end && rules_quiet_day(ts, rules_share(w, team, day_of_rank[rank])); rank++)
            if (kept)
                *kept++ = ts->work_per_slot;
        return rank;
    }
    /* rules_share and rules_quiet_day with the loop's constants hoisted; in day mode number
     * `date` of the stream is rng_at_base(base, day) with base at the start's date */
    bool by_day = cm->mode == CAPACITY_DAY;
    uint64_t base = rng_base(ts->stream, (uint64_t)(int64_t)cm->start);
    uint64_t n_samples = (uint64_t)cm->n_samples;
    double work = ts->work_per_slot, limit = ts->least_finish_at - WORK_EPSILON;
    double factor = ts->level / ts->n_active;
    for (; rank < end; rank++) {
        int32_t day = day_of_rank[rank];
        uint64_t j = by_day ? capacity_pick(cm, rng_at_base(base, (uint64_t)day), n_samples)
                            : capacity_sample(cm, ts->stream, day);
        double next = work + (shares ? table[j] : table[j] * factor);
        if (!(next < limit))
            break;
        work = next;
        if (kept)
            *kept++ = work;
    }
    ts->work_per_slot = work;
    return rank;
}

/* ---- the start of a trial -------------------------------------------------------------- */

/* pace = level: the team's pace level in this trial, exp(s Z) with Z standard normal by
 * inversion of number 0 of the team's pace stream (an open unit interval: no infinite Z), and
 * the work already done on its first item, uniform in [0, 1) story from number 1. History
 * counts whole items, so a level just below 1 would otherwise always need one more item's day
 * than a level just above it: the forecast's median would be late by about half an item. With
 * s = 0 (pace = plain): level 1 and no head start. */
static void draw_level(const delivery_trial *w, const team_model *tm, team_state *ts)
{
    double spread = tm->capacity.pace_spread;
    ts->level = 1.0;
    ts->head_start = 0.0;
    if (spread == 0.0)
        return;
    uint64_t stream = stream_of(w, tm->name_hash, DELIVERY_PURPOSE_PACE);
    double u = ((double)(rng_at(stream, 0) >> 11) + 0.5) * 0x1.0p-53;
    ts->level = exp(spread * gsl_cdf_ugaussian_Pinv(u));
    ts->head_start = rng_unit_double(rng_at(stream, 1));
}

static void reset(delivery_trial *w)
{
    const delivery_model *m = w->m;
    w->trial_key = rng_key_trial(m->settings.seed, w->trial_idx);
    for (int32_t i = 0; i < m->n_items; i++) {
        w->state[i] = ITEM_WAITING;
        w->prereqs_left[i] = m->items[i].n_prereqs;
        w->ready_day[i] = 0;
        w->held_by[i] = HELD_BY_START;
        w->start_day[i] = -1;
        w->finish_day[i] = TERMS_NOT_WITHIN_CAP;
        w->finish_at[i] = 0.0;
        w->extra_stories[i] = 0;
        w->delay_days[i] = 0;
    }
    for (int32_t t = 0; t < m->n_teams; t++) {
        team_state *ts = &w->teams[t];
        ts->n_active = 0;
        ts->unfinished = 0;
        ts->n_ready = 0;
        ts->work_per_slot = 0.0;
        ts->least_finish_at = HUGE_VAL;
        ts->stream = stream_of(w, m->teams[t].name_hash, DELIVERY_PURPOSE_CAPACITY);
        draw_level(w, &m->teams[t], ts);
        memset(ts->ready, 0, (size_t)m->teams[t].n_words * sizeof *ts->ready);
    }
    w->n_newly_ready = 0;
}

void rules_start_trial(delivery_trial *w)
{
    const delivery_model *m = w->m;
    reset(w);
    draw_risks(w);
    double split_u = 0.0;
    if (m->settings.split_draw == PLAN_SPLIT_PER_TRIAL)
        split_u = rng_unit_double(rng_at(stream_of(w, 0, DELIVERY_PURPOSE_SPLIT), 0));
    for (int32_t i = 0; i < m->n_items; i++) {
        const item_model *im = &m->items[i];
        if (!im->in_scenario) { /* nothing in the scenario depends on it (plan.h) */
            w->state[i] = ITEM_DONE;
            w->finish_day[i] = TERMS_NOT_IN_SCENARIO;
            w->size[i] = 0;
            continue;
        }
        w->size[i] = draw_size(w, i, split_u);
        if (im->status == PLAN_ITEM_DONE) {
            w->state[i] = ITEM_DONE;
            w->finish_day[i] = TERMS_DONE_BEFORE_START;
            continue;
        }
        team_state *ts = &w->teams[im->team];
        ts->unfinished++;
        if (im->status == PLAN_ITEM_IN_PROGRESS)
            activate(w, ts, i, 0, w->size[i] > im->done_stories ? w->size[i] - im->done_stories : 0,
                     -1);
    }
    /* Done prerequisites count as finished before the start. */
    for (int32_t i = 0; i < m->n_items; i++) {
        if (w->finish_day[i] != TERMS_DONE_BEFORE_START)
            continue;
        const item_model *im = &m->items[i];
        for (int32_t k = 0; k < im->n_dependents; k++)
            w->prereqs_left[m->dependents[im->first_dependent + k].item]--;
    }
    for (int32_t i = 0; i < m->n_items; i++)
        if (w->state[i] == ITEM_WAITING && w->prereqs_left[i] == 0)
            ready_day_known(w, i);
}

/* ---- the binding chains ---------------------------------------------------------------- */

/* Puts `item` on the chains of `bit` and on the walk's stack, once. */
static void walk_push(delivery_trial *w, int32_t item, uint8_t bit, int32_t *n_top)
{
    if (w->chain_item[item] & bit)
        return;
    w->chain_item[item] |= bit;
    w->walk[(*n_top)++] = item;
}

static void mark_resource(delivery_trial *w, int32_t item, uint8_t bit)
{
    /* an item has at most one resource edge into it: its entry is found by scanning the
     * short list (chains are a few dozen items) */
    for (int32_t k = 0; k < w->n_resource; k++) {
        if (w->resource_to[k] == item) {
            w->resource_bits[k] |= bit;
            return;
        }
    }
    w->resource_from[w->n_resource] = w->freed_by[item];
    w->resource_to[w->n_resource] = item;
    w->resource_bits[w->n_resource++] = bit;
}

/* Walks back from the items on the stack along what held each one last: the prerequisites
 * whose hand-over made it ready (every tied one), or its team's slots and the item whose finish
 * freed its slot. An item that never started waited for a slot to the cap (if it was ready)
 * or for prerequisites that never finished. */
static void walk_chains(delivery_trial *w, uint8_t bit, int32_t n_top)
{
    const delivery_model *m = w->m;
    while (n_top > 0) {
        int32_t item = w->walk[--n_top];
        const item_model *im = &m->items[item];
        const plan_item *pi = &m->p->items[item];
        int32_t start = w->start_day[item], ready = w->ready_day[item];
        w->chain_team[im->team] |= bit;
        if (start > ready) { /* waited for a slot */
            if (bit == DELIVERY_CHAIN_PLAN)
                w->team_wait_days[im->team] += start - ready;
            if (w->freed_by[item] >= 0) {
                mark_resource(w, item, bit);
                walk_push(w, w->freed_by[item], bit, &n_top);
            }
            continue;
        }
        if (start < 0 && ready <= m->cap_days)
            continue; /* ready, but no slot came free within the cap */
        if (start >= 0 && w->held_by[item] == HELD_BY_START)
            continue;
        for (int32_t d = 0; d < pi->n_deps; d++) {
            if (delivery_edge_removed(m, im->first_edge + d))
                continue;
            int32_t pre = pi->deps[d].item, f = w->finish_day[pre];
            bool holds = start < 0 ? f == TERMS_NOT_WITHIN_CAP
                                   : f >= 0 && f != TERMS_NOT_WITHIN_CAP &&
                                         workcal_add_working_days(&m->teams[im->team].cal, f + 1,
                                                                  pi->deps[d].lag_days) ==
                                             w->handover_day[item];
            if (!holds)
                continue;
            w->chain_edge[im->first_edge + d] |= bit;
            walk_push(w, pre, bit, &n_top);
        }
    }
}

/* The plan's chain, from every item that finished on the plan's last day. */
static void mark_plan_chain(delivery_trial *w)
{
    const delivery_model *m = w->m;
    int32_t last = -1, n_top = 0;
    for (int32_t i = 0; i < m->n_items; i++) {
        int32_t f = w->finish_day[i];
        if (f == TERMS_NOT_WITHIN_CAP)
            return; /* the plan did not finish: no finishing chain */
        if (f >= 0 && f != TERMS_NOT_IN_SCENARIO && f > last)
            last = f;
    }
    if (last < 0)
        return;
    w->chain_days = last + 1;
    for (int32_t i = 0; i < m->n_items; i++)
        if (w->finish_day[i] == last)
            walk_push(w, i, DELIVERY_CHAIN_PLAN, &n_top);
    walk_chains(w, DELIVERY_CHAIN_PLAN, n_top);
}

/* The late chains, from every due-dated item that finished after its due date. */
static void mark_late_chains(delivery_trial *w)
{
    const delivery_model *m = w->m;
    int32_t n_top = 0;
    for (int32_t i = 0; i < m->n_items; i++) {
        int32_t due = m->p->items[i].due, f = w->finish_day[i];
        if (due == DATE_NONE || f == TERMS_DONE_BEFORE_START || f == TERMS_NOT_IN_SCENARIO)
            continue;
        if (f == TERMS_NOT_WITHIN_CAP || f > due - m->settings.start)
            walk_push(w, i, DELIVERY_CHAIN_LATE, &n_top);
    }
    walk_chains(w, DELIVERY_CHAIN_LATE, n_top);
}

void rules_mark_chains(delivery_trial *w)
{
    const delivery_model *m = w->m;
    memset(w->chain_item, 0, (size_t)m->n_items);
    memset(w->chain_edge, 0, (size_t)m->n_edges);
    memset(w->chain_team, 0, (size_t)m->n_teams);
    memset(w->team_wait_days, 0, (size_t)m->n_teams * sizeof *w->team_wait_days);
    w->chain_days = 0;
    w->n_resource = 0;
    mark_plan_chain(w);
    mark_late_chains(w);
}
