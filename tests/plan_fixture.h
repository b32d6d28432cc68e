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
    for (int32_t j = 0; j < n; j++) {
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

#endif
