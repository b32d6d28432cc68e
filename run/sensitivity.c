/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sensitivity: one derived scenario per change to the baseline; see sensitivity.h. */
#include "sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capacity.h"
#include "date.h"
#include "paired.h"
#include "summary.h"

/* The changes' sizes: what a director would try first. */
static const double CAPACITY_FACTOR = 1.2, INTERRUPT_FACTOR = 0.5;

struct sensitivity {
    const plan *p;
    plan extended; /* p's fields, with the scenario list below */
    plan_scenario *scenarios;
    int32_t n_changes;
    sensitivity_change *changes;
    int32_t *edge_from, *edge_to; /* the plan's dependency edges in plan order */
    int32_t n_edges;
};

const char *sensitivity_change_name(sensitivity_kind kind)
{
    switch (kind) {
    case SENSITIVITY_CAPACITY:
        return "capacity x1.2";
    case SENSITIVITY_INTERRUPTS:
        return "interruptions x0.5";
    case SENSITIVITY_WIP_UP:
        return "wip +1";
    case SENSITIVITY_WIP_DOWN:
        return "wip -1";
    case SENSITIVITY_NO_DEPENDENCY:
        break;
    }
    return "remove dependency";
}

const char *sensitivity_target(const sensitivity *s, const sensitivity_change *c, char *buf,
                               size_t size)
{
    const plan *p = s->p;
    if (c->kind == SENSITIVITY_NO_DEPENDENCY)
        snprintf(buf, size, "%s->%s", p->items[s->edge_from[c->target]].id,
                 p->items[s->edge_to[c->target]].id);
    else
        snprintf(buf, size, "%s", p->teams[c->target].name);
    return buf;
}

void sensitivity_destroy(sensitivity *s)
{
    if (!s)
        return;
    for (int32_t k = 0; s->scenarios && k < s->n_changes; k++) {
        plan_scenario *sc = &s->scenarios[s->p->n_scenarios + k];
        free(sc->name);
        if (s->changes[k].kind == SENSITIVITY_NO_DEPENDENCY)
            free(sc->edge_removed);
        else
            free(sc->teams);
    }
    free(s->scenarios);
    free(s->changes);
    free(s->edge_from);
    free(s->edge_to);
    free(s);
}

/* The changes to try, in a fixed order: teams in teams.csv order (capacity, interruptions,
 * WIP up, WIP down), then dependencies in plan order. Teams without items in the baseline and
 * dependencies between items it does not have are left out. */
static status_code list_changes(sensitivity *s)
{
    const plan *p = s->p;
    const plan_scenario *base = &p->scenarios[0];
    int32_t max = 4 * p->n_teams + s->n_edges;
    s->changes = malloc(((size_t)max + 1) * sizeof *s->changes);
    if (!s->changes)
        return STATUS_ENOMEM;
    for (int32_t t = 0; t < p->n_teams; t++) {
        bool has_items = false;
        for (int32_t i = 0; i < p->n_items && !has_items; i++)
            has_items = p->items[i].team == t && (!base->item_in || base->item_in[i]);
        if (!has_items)
            continue;
        plan_team_settings ts;
        capacity_team_settings(p, 0, t, &ts);
        s->changes[s->n_changes++] = (sensitivity_change){SENSITIVITY_CAPACITY, t};
        s->changes[s->n_changes++] = (sensitivity_change){SENSITIVITY_INTERRUPTS, t};
        s->changes[s->n_changes++] = (sensitivity_change){SENSITIVITY_WIP_UP, t};
        if (ts.wip > 1)
            s->changes[s->n_changes++] = (sensitivity_change){SENSITIVITY_WIP_DOWN, t};
    }
    for (int32_t e = 0; e < s->n_edges; e++) {
        bool in =
            !base->item_in || (base->item_in[s->edge_from[e]] && base->item_in[s->edge_to[e]]);
        if (in)
            s->changes[s->n_changes++] = (sensitivity_change){SENSITIVITY_NO_DEPENDENCY, e};
    }
    return STATUS_OK;
}

/* Scenario `sc` becomes the baseline with change c. */
static status_code derive(const sensitivity *s, const sensitivity_change *c, plan_scenario *sc)
{
    const plan *p = s->p;
    *sc = p->scenarios[0]; /* borrows the baseline's changes, risks, items and priorities */
    sc->line = 0;
    char target[512];
    size_t len = strlen(sensitivity_change_name(c->kind)) + 32 +
                 strlen(sensitivity_target(s, c, target, sizeof target));
    sc->name = malloc(len);
    sc->teams = NULL;
    sc->edge_removed = NULL;
    if (!sc->name)
        return STATUS_ENOMEM;
    snprintf(sc->name, len, "sensitivity: %s %s", sensitivity_change_name(c->kind), target);
    if (c->kind == SENSITIVITY_NO_DEPENDENCY) {
        sc->teams = p->scenarios[0].teams; /* borrowed */
        sc->edge_removed = calloc((size_t)s->n_edges + 1, 1);
        if (!sc->edge_removed)
            return STATUS_ENOMEM;
        sc->edge_removed[c->target] = 1;
        return STATUS_OK;
    }
    /* zeroed, then filled: the analyzer cannot follow the loop to the target team */
    sc->teams = calloc((size_t)p->n_teams + 1, sizeof *sc->teams);
    if (!sc->teams)
        return STATUS_ENOMEM;
    for (int32_t t = 0; t < p->n_teams; t++)
        capacity_team_settings(p, 0, t, &sc->teams[t]);
    plan_team_settings *ts = &sc->teams[c->target];
    switch (c->kind) {
    case SENSITIVITY_CAPACITY:
        ts->capacity_scale *= CAPACITY_FACTOR;
        break;
    case SENSITIVITY_INTERRUPTS:
        ts->interrupt_scale *= INTERRUPT_FACTOR;
        break;
    case SENSITIVITY_WIP_UP:
        ts->wip++;
        break;
    case SENSITIVITY_WIP_DOWN:
        ts->wip--;
        break;
    case SENSITIVITY_NO_DEPENDENCY:
        break;
    }
    return STATUS_OK;
}

status_code sensitivity_create(const plan *p, sensitivity **out, status *st)
{
    *out = NULL;
    sensitivity *s = calloc(1, sizeof *s);
    if (!s)
        return status_set(st, STATUS_ENOMEM, "out of memory for the sensitivity analysis");
    s->p = p;
    for (int32_t i = 0; i < p->n_items; i++)
        s->n_edges += p->items[i].n_deps;
    s->edge_from = malloc(((size_t)s->n_edges + 1) * sizeof *s->edge_from);
    s->edge_to = malloc(((size_t)s->n_edges + 1) * sizeof *s->edge_to);
    status_code rc = s->edge_from && s->edge_to ? STATUS_OK : STATUS_ENOMEM;
    for (int32_t i = 0, e = 0; rc == STATUS_OK && i < p->n_items; i++)
        for (int32_t d = 0; d < p->items[i].n_deps; d++, e++) {
            s->edge_from[e] = p->items[i].deps[d].item;
            s->edge_to[e] = i;
        }
    if (rc == STATUS_OK)
        rc = list_changes(s);
    size_t n = (size_t)p->n_scenarios + (size_t)s->n_changes;
    if (rc == STATUS_OK && !(s->scenarios = calloc(n, sizeof *s->scenarios)))
        rc = STATUS_ENOMEM;
    if (rc == STATUS_OK)
        memcpy(s->scenarios, p->scenarios, (size_t)p->n_scenarios * sizeof *s->scenarios);
    for (int32_t k = 0; rc == STATUS_OK && k < s->n_changes; k++)
        rc = derive(s, &s->changes[k], &s->scenarios[p->n_scenarios + k]);
    if (rc != STATUS_OK) {
        sensitivity_destroy(s);
        return status_set(st, STATUS_ENOMEM, "out of memory for the sensitivity analysis");
    }
    s->extended = *p;
    s->extended.scenarios = s->scenarios;
    s->extended.n_scenarios = (int32_t)n;
    *out = s;
    return STATUS_OK;
}

const plan *sensitivity_plan(const sensitivity *s)
{
    return &s->extended;
}

int32_t sensitivity_n_changes(const sensitivity *s)
{
    return s->n_changes;
}

const sensitivity_change *sensitivity_changes(const sensitivity *s)
{
    return s->changes;
}

/* The plan's P85 finish date, or DATE_NONE beyond the cap. */
static int32_t plan_p85(const summary_scenario *view)
{
    summary_figures f;
    summary_compute(view, tally_plan_index(view->t), DATE_NONE, &f);
    int32_t d = f.percentile_date[2];
    return d == SUMMARY_NOT_WITHIN_CAP || d == SUMMARY_DONE_BEFORE_START ? DATE_NONE : d;
}

static double p_by_horizon(const summary_scenario *view)
{
    summary_figures f;
    summary_compute(view, tally_plan_index(view->t), DATE_NONE, &f);
    return f.p_by_horizon;
}

static int compare_rows(const void *a, const void *b)
{
    const sensitivity_row *x = a, *y = b;
    /* NAN (no pairs) last */
    bool xn = isnan(x->delta_plan_days_mean), yn = isnan(y->delta_plan_days_mean);
    if (xn != yn)
        return xn ? 1 : -1;
    if (!xn && x->delta_plan_days_mean != y->delta_plan_days_mean)
        return x->delta_plan_days_mean < y->delta_plan_days_mean ? -1 : 1;
    return (x->change > y->change) - (x->change < y->change);
}

status_code sensitivity_rows(const sensitivity *s, const forecast *f, sensitivity_row **out,
                             status *st)
{
    const plan *ext = &s->extended;
    summary_scenario *views = calloc((size_t)ext->n_scenarios, sizeof *views);
    summary_item *items = calloc((size_t)ext->n_items + 1, sizeof *items);
    sensitivity_row *rows = calloc((size_t)s->n_changes + 1, sizeof *rows);
    if (!views || !items || !rows) {
        free(views);
        free(items);
        free(rows);
        return status_set(st, STATUS_ENOMEM, "out of memory for the sensitivity analysis");
    }
    forecast_views(f, views, items);
    int32_t base_p85 = plan_p85(&views[0]);
    double base_by_horizon = p_by_horizon(&views[0]);
    for (int32_t k = 0; k < s->n_changes; k++) {
        const summary_scenario *v = &views[s->p->n_scenarios + k];
        sensitivity_row *r = &rows[k];
        r->change = k;
        int32_t p85 = plan_p85(v);
        r->delta_plan_p85_days =
            p85 == DATE_NONE || base_p85 == DATE_NONE ? (double)NAN : (double)(p85 - base_p85);
        double mean, half;
        if (paired_mean_ci95(&v->plan_delta_days, &mean, &half)) {
            r->delta_plan_days_mean = mean;
            r->delta_plan_days_ci95_low = mean - half;
            r->delta_plan_days_ci95_high = mean + half;
        } else {
            r->delta_plan_days_mean = r->delta_plan_days_ci95_low = r->delta_plan_days_ci95_high =
                (double)NAN;
        }
        r->delta_p_by_horizon = p_by_horizon(v) - base_by_horizon; /* NAN without a horizon */
    }
    qsort(rows, (size_t)s->n_changes, sizeof *rows, compare_rows);
    free(views);
    free(items);
    *out = rows;
    return STATUS_OK;
}

/* Days with 2 decimals and probabilities with 4, like scenarios.csv. */
enum { DAY_DECIMALS = 2, PROBABILITY_DECIMALS = 4 };

status_code sensitivity_write(FILE *f, const char *name, const csvout_format *fmt,
                              const sensitivity *s, const sensitivity_row *rows, status *st)
{
    static const char *const header[] = {"change",
                                         "target",
                                         "delta_plan_p85_days",
                                         "delta_plan_days_mean",
                                         "delta_plan_days_ci95_low",
                                         "delta_plan_days_ci95_high",
                                         "delta_p_by_horizon"};
    csvout w;
    csvout_init_format(&w, f, fmt);
    for (size_t k = 0; k < sizeof header / sizeof *header; k++)
        csvout_text(&w, header[k]);
    csvout_end_row(&w);
    for (int32_t k = 0; k < s->n_changes; k++) {
        const sensitivity_row *r = &rows[k];
        const sensitivity_change *c = &s->changes[r->change];
        char target[512];
        csvout_text(&w, sensitivity_change_name(c->kind));
        csvout_text(&w, sensitivity_target(s, c, target, sizeof target));
        csvout_double(&w, r->delta_plan_p85_days, 0);
        csvout_double(&w, r->delta_plan_days_mean, DAY_DECIMALS);
        csvout_double(&w, r->delta_plan_days_ci95_low, DAY_DECIMALS);
        csvout_double(&w, r->delta_plan_days_ci95_high, DAY_DECIMALS);
        csvout_double(&w, r->delta_p_by_horizon, PROBABILITY_DECIMALS);
        csvout_end_row(&w);
    }
    return csvout_finish(&w, name, st);
}
