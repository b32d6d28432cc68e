/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_fixture: plans built in memory for model tests, without files: teams with a given
 * history of daily completions, items, dependencies. Everything is heap-allocated the way
 * plan_load does, so plan_destroy() frees it. Start day is Monday 2027-01-04.
 */
#ifndef SHIPCAST_PLAN_FIXTURE_H
#define SHIPCAST_PLAN_FIXTURE_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan.h"

static inline int32_t fixture_start(void)
{
    int32_t d = 0;
    date_from_ymd(2027, 1, 4, &d); /* a Monday */
    return d;
}

static inline char *fixture_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    memcpy(c, s, n);
    return c;
}

static inline plan *fixture_plan(int32_t n_teams, int32_t max_items)
{
    plan *p = calloc(1, sizeof *p);
    p->n_teams = n_teams;
    p->teams = calloc((size_t)n_teams, sizeof *p->teams);
    p->items = calloc((size_t)max_items, sizeof *p->items);
    p->n_scenarios = 1;
    p->scenarios = calloc(1, sizeof *p->scenarios);
    p->scenarios[0].name = fixture_strdup("baseline");
    plan_settings *s = &p->scenarios[0].settings;
    s->start = fixture_start();
    s->horizon = DATE_NONE;
    s->history_end = s->start - 3;
    s->window_days = 90;
    s->trials = 1;
    s->seed = 1;
    s->interrupt_scale = 1.0;
    s->unplanned_effort = 1.0;
    s->capacity_scale = 1.0;
    const double weinberg[] = {1.0, 0.8, 0.6, 0.4, 0.25};
    memcpy(s->context_switch, weinberg, sizeof weinberg);
    s->n_context_switch = 5;
    s->cap_years = 1;
    s->period = PLAN_PERIOD_DAY;
    s->size_dist = PLAN_SIZE_UNIFORM;
    return p;
}

/* Team t: `people` now and during the history, WIP limit, and n history days whose planned
 * completions are planned[j] (unplanned 0, one stream). Weekly samples group the days by five,
 * each a week of five working days. */
static inline void fixture_team(plan *p, int32_t t, const char *name, double people, int32_t wip,
                                const int32_t *planned, int32_t n)
{
    plan_team *team = &p->teams[t];
    team->name = fixture_strdup(name);
    team->people = team->history_people = people;
    team->wip = wip;
    team->n_days = n;
    team->day_date = calloc((size_t)n, sizeof(int32_t));
    team->day_planned = calloc((size_t)n, sizeof(int32_t));
    team->day_unplanned = calloc((size_t)n, sizeof(int32_t));
    team->day_streams = calloc((size_t)n, sizeof(int32_t));
    /* history on consecutive working days from Monday 2026-11-02, five a week */
    int32_t monday = 0;
    date_from_ymd(2026, 11, 2, &monday);
    for (int32_t j = 0; j < n; j++) {
        team->day_date[j] = monday + 7 * (j / 5) + j % 5;
        team->day_planned[j] = planned[j];
        team->day_streams[j] = 1;
    }
    int32_t weeks = (n + 4) / 5;
    team->n_weeks = weeks;
    team->week_planned = calloc((size_t)weeks, sizeof(int32_t));
    team->week_unplanned = calloc((size_t)weeks, sizeof(int32_t));
    team->week_streams = calloc((size_t)weeks, sizeof(int32_t));
    team->week_working_days = calloc((size_t)weeks, sizeof(int32_t));
    for (int32_t j = 0; j < n; j++) {
        team->week_planned[j / 5] += planned[j];
        team->week_streams[j / 5] += 1;
        team->week_working_days[j / 5] += 1;
    }
}

/* A team whose every history day completed `per_day` planned items. */
static inline void fixture_constant_team(plan *p, int32_t t, const char *name, double people,
                                         int32_t wip, int32_t per_day)
{
    int32_t days[10];
    for (int j = 0; j < 10; j++)
        days[j] = per_day;
    fixture_team(p, t, name, people, wip, days, 10);
}

/* Appends an item of size low..high on team t; returns its index. */
static inline int32_t fixture_item(plan *p, const char *id, int32_t team, int32_t low, int32_t high,
                                   double priority)
{
    int32_t i = p->n_items++;
    plan_item *it = &p->items[i];
    it->id = fixture_strdup(id);
    it->title = fixture_strdup("");
    it->team = team;
    it->size_low = low;
    it->size_high = high;
    it->priority = priority;
    it->due = DATE_NONE;
    it->not_before = DATE_NONE;
    it->status = PLAN_ITEM_TODO;
    it->line = i + 2;
    return i;
}

static inline void fixture_dep(plan *p, int32_t item, int32_t prerequisite, int32_t lag)
{
    plan_item *it = &p->items[item];
    it->deps = realloc(it->deps, (size_t)(it->n_deps + 1) * sizeof *it->deps);
    it->deps[it->n_deps++] = (plan_dep){prerequisite, lag};
}

static inline void fixture_day_off(plan *p, int32_t team, int32_t date)
{
    plan_team *t = &p->teams[team];
    t->days_off = realloc(t->days_off, (size_t)(t->n_days_off + 1) * sizeof *t->days_off);
    t->days_off[t->n_days_off++] = date; /* callers add in date order */
}

/* Gives every scenario per-team settings from its global settings (as the loader does), so
 * tests can then change one team's values. */
static inline void fixture_team_settings(plan *p)
{
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        plan_scenario *sc = &p->scenarios[s];
        free(sc->teams);
        sc->teams = calloc((size_t)p->n_teams, sizeof *sc->teams);
        for (int32_t t = 0; t < p->n_teams; t++) {
            plan_team_settings *ts = &sc->teams[t];
            ts->wip = p->teams[t].wip;
            ts->interrupt_scale = sc->settings.interrupt_scale;
            ts->unplanned_effort = sc->settings.unplanned_effort;
            memcpy(ts->context_switch, sc->settings.context_switch, sizeof ts->context_switch);
            ts->n_context_switch = sc->settings.n_context_switch;
            ts->split_low = ts->split_high = 1.0;
            ts->capacity_scale = 1.0;
        }
    }
}

static inline void fixture_change(plan *p, int32_t scenario, int32_t team, plan_change_kind kind,
                                  int32_t from, int32_t until, double amount, int32_t ramp_days)
{
    plan_scenario *sc = &p->scenarios[scenario];
    sc->changes = realloc(sc->changes, (size_t)(sc->n_changes + 1) * sizeof *sc->changes);
    sc->changes[sc->n_changes++] = (plan_change){team, kind, from, until, amount, ramp_days, 0};
}

/* A risk on one item, active in every scenario. */
static inline void fixture_risk(plan *p, double probability, int32_t item, int32_t extra_low,
                                int32_t extra_high, int32_t delay_days)
{
    p->risks = realloc(p->risks, (size_t)(p->n_risks + 1) * sizeof *p->risks);
    plan_risk *r = &p->risks[p->n_risks];
    char id[16] = "risk-";
    id[5] = (char)('a' + p->n_risks % 26);
    *r = (plan_risk){fixture_strdup(id), probability, 1,          malloc(sizeof(int32_t)),
                     extra_low,          extra_high,  delay_days, 0};
    r->items[0] = item;
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        plan_scenario *sc = &p->scenarios[s];
        sc->risks = realloc(sc->risks, (size_t)(sc->n_risks + 1) * sizeof *sc->risks);
        sc->risks[sc->n_risks++] = p->n_risks;
    }
    p->n_risks++;
}

/* Adds a scenario copying the baseline's settings (and per-team settings, if any). */
static inline int32_t fixture_scenario(plan *p, const char *name)
{
    int32_t s = p->n_scenarios++;
    p->scenarios = realloc(p->scenarios, (size_t)p->n_scenarios * sizeof *p->scenarios);
    plan_scenario *sc = &p->scenarios[s];
    *sc = (plan_scenario){.name = fixture_strdup(name), .settings = p->scenarios[0].settings};
    if (p->scenarios[0].teams) {
        sc->teams = malloc((size_t)p->n_teams * sizeof *sc->teams);
        memcpy(sc->teams, p->scenarios[0].teams, (size_t)p->n_teams * sizeof *sc->teams);
    }
    sc->n_risks = p->scenarios[0].n_risks;
    if (sc->n_risks) {
        sc->risks = malloc((size_t)sc->n_risks * sizeof *sc->risks);
        memcpy(sc->risks, p->scenarios[0].risks, (size_t)sc->n_risks * sizeof *sc->risks);
    }
    return s;
}

#endif
