/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capacity: a team's daily capacity; see capacity.h. Everything that does not depend on the
 * trial (samples with the scenario's s and r folded in, f(k_j), people(t), losses) is
 * precomputed here, so a draw is one keyed random number, two table reads and a few
 * products; in day mode with constant people, one random number and one table read.
 */
#include "capacity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "rng_stream.h"
#include "terms.h"

/* Ramps start at most this many days before the start date are complete by then: ramp_days is
 * at most 3650 working days, which is fewer calendar days. */
enum { RAMP_LOOKBACK_DAYS = 5200 };

void capacity_team_settings(const plan *p, int32_t scenario, int32_t team, plan_team_settings *out)
{
    const plan_scenario *sc = &p->scenarios[scenario];
    if (sc->teams) {
        *out = sc->teams[team];
        return;
    }
    const plan_settings *s = &sc->settings;
    *out = (plan_team_settings){.wip = p->teams[team].wip,
                                .interrupt_scale = s->interrupt_scale,
                                .unplanned_effort = s->unplanned_effort,
                                .n_context_switch = s->n_context_switch,
                                .split_low = 1.0,
                                .split_high = 1.0,
                                .capacity_scale = s->capacity_scale};
    memcpy(out->context_switch, s->context_switch, sizeof out->context_switch);
}

static status_code build_samples(capacity_model *cm, const plan_team *pt,
                                 const plan_team_settings *ts)
{
    bool weekly = cm->mode == CAPACITY_WEEK;
    int32_t n = weekly ? pt->n_weeks : pt->n_days;
    cm->n_samples = n;
    if (n == 0)
        return STATUS_OK; /* no plan items or estimated: the loader guarantees samples else */
    cm->sample_work = malloc((size_t)n * sizeof *cm->sample_work);
    cm->sample_f = malloc((size_t)n * sizeof *cm->sample_f);
    if (!cm->sample_work || !cm->sample_f)
        return STATUS_ENOMEM;
    double keep = 1.0 - ts->interrupt_scale;
    for (int32_t j = 0; j < n; j++) {
        double planned = weekly ? pt->week_planned[j] : pt->day_planned[j];
        double unplanned = weekly ? pt->week_unplanned[j] : pt->day_unplanned[j];
        double streams =
            weekly ? (double)pt->week_streams[j] / pt->week_working_days[j] : pt->day_streams[j];
        /* With s = 1 the interruption term is exactly zero, so history replays exactly. */
        cm->sample_work[j] =
            keep > 0.0 ? planned + keep * unplanned * ts->unplanned_effort : planned;
        cm->sample_f[j] = terms_context_share(
            cm->context, cm->n_context, terms_streams_per_person(streams, pt->history_people));
    }
    return STATUS_OK;
}

/* Week blocks: the day samples are in date order, so each Monday-Sunday week is a run. */
static status_code build_blocks(capacity_model *cm, const plan_team *pt)
{
    int32_t n = pt->n_days;
    cm->block_first = malloc(((size_t)n + 1) * sizeof *cm->block_first);
    cm->block_len = malloc(((size_t)n + 1) * sizeof *cm->block_len);
    if (!cm->block_first || !cm->block_len)
        return STATUS_ENOMEM;
    cm->n_blocks = 0;
    for (int32_t j = 0; j < n; j++) {
        int32_t monday = pt->day_date[j] - date_weekday(pt->day_date[j]);
        int32_t b = cm->n_blocks;
        if (b > 0) {
            int32_t prev = pt->day_date[cm->block_first[b - 1]];
            if (prev - date_weekday(prev) == monday) {
                cm->block_len[b - 1]++;
                continue;
            }
        }
        cm->block_first[b] = j;
        cm->block_len[b] = 1;
        cm->n_blocks++;
    }
    return STATUS_OK;
}

/* Working days of the team in [from, start) for a date before the start, counted through the
 * plan's calendar; 0 for later dates. */
static int32_t working_days_before_start(const plan *p, int32_t team, int32_t start, int32_t from)
{
    int32_t count = 0;
    int32_t first = from > start - RAMP_LOOKBACK_DAYS ? from : start - RAMP_LOOKBACK_DAYS;
    for (int32_t d = first; d < start; d++)
        count += plan_is_working_day(p, team, d);
    return count;
}

static void apply_change(capacity_model *cm, const plan *p, int32_t team, int32_t start,
                         const plan_change *c)
{
    const workcal *cal = cm->cal;
    if (c->from - start > cal->n_days || (c->until != DATE_NONE && c->until < start))
        return; /* entirely outside the simulated days */
    /* Working days since the change at day offset t: before_start + rank(t) - rank(from). */
    int32_t before_start = working_days_before_start(p, team, start, c->from);
    int32_t from_rank = c->from > start ? cal->rank_of_day[c->from - start] : 0;
    /* build_changes allocated the array each kind writes (people_at or loss_at) */
    double *people_at = cm->people_at, *loss_at = cm->loss_at;
    bool is_loss = c->kind == PLAN_CHANGE_CAPACITY_LOSS;
    if ((is_loss && !loss_at) || (!is_loss && !people_at))
        return;
    for (int32_t t = 0; t <= cal->n_days; t++) {
        int32_t date = start + t;
        if (date < c->from || (c->until != DATE_NONE && date > c->until))
            continue;
        switch (c->kind) {
        case PLAN_CHANGE_JOIN: {
            double share = 1.0;
            if (c->ramp_days > 0) {
                int32_t k = before_start + cal->rank_of_day[t] - from_rank;
                share = k >= c->ramp_days ? 1.0 : (double)k / c->ramp_days;
            }
            people_at[t] += c->amount * share;
            break;
        }
        case PLAN_CHANGE_LEAVE:
        case PLAN_CHANGE_ABSENCE:
            people_at[t] -= c->amount;
            break;
        case PLAN_CHANGE_CAPACITY_LOSS:
            loss_at[t] *= 1.0 - c->amount;
            break;
        }
    }
}

static status_code build_changes(capacity_model *cm, const plan *p, int32_t scenario, int32_t team)
{
    const plan_scenario *sc = &p->scenarios[scenario];
    bool people = false, loss = false;
    for (int32_t k = 0; k < sc->n_changes; k++) {
        if (sc->changes[k].team != team)
            continue;
        if (sc->changes[k].kind == PLAN_CHANGE_CAPACITY_LOSS)
            loss = true;
        else
            people = true;
    }
    int32_t n_days = cm->cal->n_days;
    size_t n = (size_t)n_days + 1;
    if (people && !(cm->people_at = calloc(n, sizeof *cm->people_at)))
        return STATUS_ENOMEM;
    if (loss && !(cm->loss_at = calloc(n, sizeof *cm->loss_at)))
        return STATUS_ENOMEM;
    for (int32_t t = 0; t <= n_days; t++) {
        if (people)
            cm->people_at[t] = cm->people_now;
        if (loss)
            cm->loss_at[t] = 1.0;
    }
    for (int32_t k = 0; k < sc->n_changes; k++)
        if (sc->changes[k].team == team)
            apply_change(cm, p, team, sc->settings.start, &sc->changes[k]);
    return STATUS_OK;
}

static capacity_mode mode_of(const plan_team *pt, const plan_settings *s)
{
    if (pt->estimated)
        return CAPACITY_ESTIMATE;
    if (s->period == PLAN_PERIOD_WEEK)
        return CAPACITY_WEEK;
    if (s->bootstrap == PLAN_BOOTSTRAP_WEEK_BLOCK)
        return CAPACITY_WEEK_BLOCK;
    return CAPACITY_DAY;
}

/* Working days between sample j (or block j) and the newest one: samples are in date order,
 * a week counts five. */
static double sample_age(const capacity_model *cm, int32_t j)
{
    switch (cm->mode) {
    case CAPACITY_WEEK:
        return 5.0 * (cm->n_samples - 1 - j);
    case CAPACITY_WEEK_BLOCK:
        return 5.0 * (cm->n_blocks - 1 - j);
    default:
        return (double)(cm->n_samples - 1 - j);
    }
}

/* The spread of the log level: the relative sampling error of the weighted mean of the samples'
 * work, sqrt(var / (mean^2 n_eff)) with Kish's effective size n_eff = (sum w)^2 / sum w^2,
 * together with k times the team's own drift. weight[j] is sample j's weight. */
static double pace_spread(const capacity_model *cm, const double *weight, double excess,
                          double persistence)
{
    double sum_w = 0.0, sum_w2 = 0.0, sum = 0.0, sum_sq = 0.0;
    for (int32_t j = 0; j < cm->n_samples; j++) {
        double w = weight[j], x = cm->sample_work[j];
        sum_w += w;
        sum_w2 += w * w;
        sum += w * x;
        sum_sq += w * x * x;
    }
    double mean = sum / sum_w;
    if (!(mean > 0.0))
        return 0.0; /* nothing done in the window: there is no pace to scale */
    double var = sum_sq / sum_w - mean * mean;
    double n_eff = sum_w * sum_w / sum_w2;
    double sampling = (var > 0.0 ? var : 0.0) / (mean * mean * n_eff);
    return sqrt(sampling + persistence * persistence * excess);
}

/* pace = level: the recency weights (an alias table, unless every weight is 1) and the spread
 * of the per-trial level. */
static status_code build_pace(capacity_model *cm, const plan_team *pt, const plan_settings *s)
{
    if (s->pace != PLAN_PACE_LEVEL || cm->mode == CAPACITY_ESTIMATE || cm->n_samples == 0)
        return STATUS_OK;
    int32_t n = cm->n_samples;
    int32_t n_pick = cm->mode == CAPACITY_WEEK_BLOCK ? cm->n_blocks : n;
    double *weight = malloc((size_t)n * sizeof *weight);
    double *pick = malloc(((size_t)n_pick + 1) * sizeof *pick); /* + 1: never a zero-byte block */
    status_code rc = weight && pick ? STATUS_OK : STATUS_ENOMEM;
    if (rc == STATUS_OK) {
        double h = s->pace_half_life;
        for (int32_t j = 0; j < n_pick; j++)
            pick[j] = h > 0.0 ? exp2(-sample_age(cm, j) / h) : 1.0;
        for (int32_t j = 0; j < n_pick && cm->mode == CAPACITY_WEEK_BLOCK; j++)
            for (int32_t d = 0; d < cm->block_len[j]; d++)
                weight[cm->block_first[j] + d] = pick[j];
        if (cm->mode != CAPACITY_WEEK_BLOCK)
            memcpy(weight, pick, (size_t)n * sizeof *weight);
        cm->pace_spread = pace_spread(cm, weight, pt->pace_excess, s->pace_persistence);
        /* the newest weight is 1, so they are never all 0 */
        if (h > 0.0 && n_pick > 1)
            rc = rng_alias_init(&cm->pick, pick, n_pick);
    }
    free(weight);
    free(pick);
    return rc;
}

/* f(k_now) by items in progress, for teams whose people do not change. */
static status_code build_active_table(capacity_model *cm, int32_t max_active)
{
    cm->max_active = max_active;
    cm->people_ratio =
        cm->people_now == cm->history_people ? 1.0 : cm->people_now / cm->history_people;
    if (cm->people_at)
        return STATUS_OK;
    cm->f_by_active = malloc(((size_t)max_active + 1) * sizeof *cm->f_by_active);
    if (!cm->f_by_active)
        return STATUS_ENOMEM;
    for (int32_t a = 0; a <= max_active; a++)
        cm->f_by_active[a] = terms_context_share(cm->context, cm->n_context,
                                                 terms_streams_per_person(a, cm->people_now));
    bool by_day = cm->mode == CAPACITY_DAY || cm->mode == CAPACITY_WEEK_BLOCK;
    if (!by_day || cm->loss_at || max_active < 1 || cm->n_samples == 0)
        return STATUS_OK;
    int32_t n_tables = max_active < CAPACITY_TABLES_MAX ? max_active : CAPACITY_TABLES_MAX;
    cm->active_tables = malloc((size_t)n_tables * (size_t)cm->n_samples * sizeof(double));
    if (!cm->active_tables)
        return STATUS_ENOMEM;
    cm->n_active_tables = n_tables;
    for (int32_t a = 1; a <= n_tables; a++) {
        double *table = cm->active_tables + (size_t)(a - 1) * (size_t)cm->n_samples;
        for (int32_t j = 0; j < cm->n_samples; j++) {
            /* the same operations, in the same order, as capacity_formula's constant-people
             * path */
            double multiplier = cm->people_ratio * (cm->f_by_active[a] / cm->sample_f[j]);
            if (cm->scale != 1.0)
                multiplier *= cm->scale;
            double work = cm->sample_work[j];
            table[j] = work > 0.0 ? work * multiplier : 0.0;
        }
    }
    return STATUS_OK;
}

status_code capacity_model_init(capacity_model *cm, const plan *p, int32_t scenario, int32_t team,
                                const workcal *cal, int32_t max_active, status *st)
{
    const plan_team *pt = &p->teams[team];
    const plan_settings *s = &p->scenarios[scenario].settings;
    plan_team_settings ts;
    capacity_team_settings(p, scenario, team, &ts);
    *cm = (capacity_model){.cal = cal,
                           .start = s->start,
                           .first_monday = s->start - date_weekday(s->start),
                           .mode = mode_of(pt, s),
                           .people_now = pt->people,
                           .history_people = pt->estimated ? pt->people : pt->history_people,
                           .estimate_low = pt->estimate_low,
                           .estimate_high = pt->estimate_high,
                           .estimate_mode = pt->estimate_mode,
                           .n_context = ts.n_context_switch,
                           .scale = ts.capacity_scale};
    memcpy(cm->context, ts.context_switch, sizeof cm->context);
    /* An estimate describes the team as it works now: at its WIP limit. */
    cm->f_reference = terms_context_share(cm->context, cm->n_context,
                                          terms_streams_per_person(pt->wip, pt->people));
    status_code rc = STATUS_OK;
    if (cm->mode != CAPACITY_ESTIMATE)
        rc = build_samples(cm, pt, &ts);
    if (rc == STATUS_OK && cm->mode == CAPACITY_WEEK_BLOCK)
        rc = build_blocks(cm, pt);
    if (rc == STATUS_OK)
        rc = build_pace(cm, pt, s);
    if (rc == STATUS_OK)
        rc = build_changes(cm, p, scenario, team);
    if (rc == STATUS_OK)
        rc = build_active_table(cm, max_active);
    if (rc != STATUS_OK) {
        capacity_model_fini(cm);
        return status_set(st, rc, "out of memory building the capacity of team %s", pt->name);
    }
    return STATUS_OK;
}

void capacity_model_fini(capacity_model *cm)
{
    free(cm->sample_work);
    free(cm->sample_f);
    free(cm->block_first);
    free(cm->block_len);
    free(cm->people_at);
    free(cm->loss_at);
    free(cm->f_by_active);
    free(cm->active_tables);
    rng_alias_fini(&cm->pick);
    cm->sample_work = cm->sample_f = cm->people_at = cm->loss_at = cm->f_by_active = NULL;
    cm->active_tables = NULL;
    cm->block_first = cm->block_len = NULL;
}

double capacity_model_multiplier(const capacity_model *cm, int32_t wip)
{
    if (cm->mode == CAPACITY_ESTIMATE || cm->n_samples == 0)
        return (double)NAN;
    double people = capacity_people_at(cm, 0);
    double f_history = 0.0;
    for (int32_t j = 0; j < cm->n_samples; j++)
        f_history += cm->sample_f[j];
    f_history /= cm->n_samples;
    double f_now =
        terms_context_share(cm->context, cm->n_context, terms_streams_per_person(wip, people));
    return terms_capacity_multiplier(people, cm->history_people, f_now, f_history);
}

double capacity_people_at(const capacity_model *cm, int32_t day)
{
    return cm->people_at ? cm->people_at[day] : cm->people_now;
}

/* A weekly total from the estimate: uniform, or triangular by inversion when a mode is
 * given. */
static double estimate_week(const capacity_model *cm, double u)
{
    double a = cm->estimate_low, b = cm->estimate_high, c = cm->estimate_mode;
    if (isnan(c) || b <= a)
        return a + u * (b - a);
    double cut = (c - a) / (b - a);
    return u < cut ? a + sqrt(u * (b - a) * (c - a)) : b - sqrt((1.0 - u) * (b - a) * (b - c));
}

/* The random number of day `day`'s week: number `Monday's date` of the stream. */
static uint64_t week_number(const capacity_model *cm, uint64_t stream, int32_t day)
{
    int32_t monday = cm->first_monday + 7 * cm->cal->week_index[day];
    return rng_at(stream, (uint64_t)(int64_t)monday);
}

/* Work of the day's sample and the f(k) of the history it came from. */
static double draw_sample(const capacity_model *cm, uint64_t stream, int32_t day, double *f_history)
{
    const workcal *cal = cm->cal;
    uint64_t j;
    switch (cm->mode) {
    case CAPACITY_WEEK:
        j = capacity_pick(cm, week_number(cm, stream, day), (uint64_t)cm->n_samples);
        *f_history = cm->sample_f[j];
        return cm->sample_work[j] / cal->week_days[day];
    case CAPACITY_WEEK_BLOCK:
        j = capacity_sample(cm, stream, day);
        *f_history = cm->sample_f[j];
        return cm->sample_work[j];
    case CAPACITY_ESTIMATE:
        *f_history = cm->f_reference;
        return estimate_week(cm, rng_unit_double(week_number(cm, stream, day))) /
               cal->week_days[day];
    case CAPACITY_DAY:
        break;
    }
    j = capacity_pick(cm, capacity_day_number(cm, stream, day), (uint64_t)cm->n_samples);
    *f_history = cm->sample_f[j];
    return cm->sample_work[j];
}

double capacity_formula(const capacity_model *cm, uint64_t stream, int32_t day, int32_t n_active)
{
    double f_history;
    double work = draw_sample(cm, stream, day, &f_history);
    if (cm->f_by_active && n_active <= cm->max_active) {
        double multiplier = cm->people_ratio * (cm->f_by_active[n_active] / f_history);
        if (cm->scale != 1.0)
            multiplier *= cm->scale;
        if (cm->loss_at)
            multiplier *= cm->loss_at[day];
        return work > 0.0 ? work * multiplier : 0.0;
    }
    double people = cm->people_at ? cm->people_at[day] : cm->people_now;
    if (people <= 0.0 || work <= 0.0)
        return 0.0;
    double f_now =
        terms_context_share(cm->context, cm->n_context, terms_streams_per_person(n_active, people));
    /* Equal factors give exactly 1, so unchanged conditions replay history exactly. */
    double people_ratio = people == cm->history_people ? 1.0 : people / cm->history_people;
    double multiplier = people_ratio * (f_now / f_history);
    if (cm->scale != 1.0)
        multiplier *= cm->scale;
    if (cm->loss_at)
        multiplier *= cm->loss_at[day];
    return work * multiplier;
}
