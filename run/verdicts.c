/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verdicts: fit statistics and flags of a plan's teams; see verdicts.h. */
#include "verdicts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity.h"

/* fit's "refused" flag predicts the loader's refusal: same count (days with P + U > 0). */
_Static_assert((int)FIT_MIN_COMPLETION_DAYS == (int)PLAN_MIN_COMPLETION_DAYS,
               "fit and the plan loader disagree on the days with completions needed");

struct verdicts {
    fit_row *rows;
    verdict *list;
    char **texts;
    int32_t n, cap;
};

/* What fit reads of team k: its samples and the baseline's settings for it (into *ts, which
 * *in points into: the caller's, to outlive the call). */
static void team_input(const plan *p, int32_t k, plan_team_settings *ts, fit_team_input *in)
{
    const plan_team *t = &p->teams[k];
    const plan_settings *base = &p->scenarios[0].settings;
    capacity_team_settings(p, 0, k, ts);
    *in = (fit_team_input){
        .n_days = t->n_days,
        .date = t->day_date,
        .planned = t->day_planned,
        .unplanned = t->day_unplanned,
        .streams = t->day_streams,
        .history_people = t->history_people,
        .people = t->people,
        .wip = ts->wip,
        .context_switch = ts->context_switch,
        .n_context_switch = ts->n_context_switch,
        .n_epics = t->n_epics,
        .epic_sizes = t->epic_sizes,
        .window_days = base->window_days,
        .window_end = base->history_end,
        .window_start = t->window_start,
        .window_shortened = t->window_shortened,
    };
}

static status_code compute_rows(const plan *p, fit_row *rows, status *st)
{
    for (int32_t k = 0; k < p->n_teams; k++) {
        const plan_team *t = &p->teams[k];
        rows[k].team = t->name;
        if (t->estimated) {
            rows[k].source = FIT_SOURCE_ESTIMATED;
            continue;
        }
        if (t->n_days == 0) {
            rows[k].source = FIT_SOURCE_NONE;
            continue;
        }
        rows[k].source = FIT_SOURCE_HISTORY;
        plan_team_settings ts;
        fit_team_input in;
        team_input(p, k, &ts, &in);
        status_code rc = fit_team_stats(&in, &rows[k].stats, st);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}

static status_code add(verdicts *v, int32_t team, fit_flag flag, const char *name, const char *text)
{
    if (v->n == v->cap) {
        int32_t cap = v->cap ? 2 * v->cap : 8;
        verdict *grown = realloc(v->list, (size_t)cap * sizeof *grown);
        if (!grown)
            return STATUS_ENOMEM;
        v->list = grown;
        v->cap = cap;
    }
    size_t len = strlen(name) + strlen(text) + 16;
    /* written in place, so that the analyzers see who owns the text */
    verdict *slot = &v->list[v->n];
    slot->text = malloc(len);
    if (!slot->text)
        return STATUS_ENOMEM;
    snprintf(slot->text, len, "team '%s': %s", name, text);
    slot->team = team;
    slot->flag = flag;
    v->n++;
    return STATUS_OK;
}

/* Whether some scenario of the plan has items of team t. */
static bool team_has_items(const plan *p, int32_t t)
{
    for (int32_t i = 0; i < p->n_items; i++)
        if (p->items[i].team == t)
            return true;
    return false;
}

/* "capacity at the start, against its history (people and juggling): 0.45 in juggle-identity;
 * 1.62 in hire, wip-2; outside ...", or "2.00 in every scenario": the scenarios whose model puts
 * the team's multiplier out of range, grouped by the value shown; empty when none does. */
static void extrapolation_text(const plan *p, const forecast *f, int32_t t, char *buf, size_t size)
{
    int32_t n = forecast_n_full_scenarios(f), n_out = 0;
    char values[64][16];
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t s = 0; s < n && s < 64; s++) {
        double x = forecast_team_multiplier(f, s, t);
        values[s][0] = '\0';
        if (isnan(x) || (x >= FIT_MULTIPLIER_LOW && x <= FIT_MULTIPLIER_HIGH))
            continue;
        snprintf(values[s], sizeof values[s], "%.2f", x);
        n_out++;
    }
    for (int32_t s = 0; s < n && s < 64; s++) {
        if (!values[s][0])
            continue;
        bool seen = false;
        for (int32_t e = 0; e < s && !seen; e++)
            seen = strcmp(values[e], values[s]) == 0;
        if (seen)
            continue;
        int w = snprintf(
            buf + used, size - used, "%s%s",
            used ? "; " : "capacity at the start, against its history (people and juggling): ",
            values[s]);
        used += w > 0 && (size_t)w < size - used ? (size_t)w : 0;
        int in = 0;
        for (int32_t e = s; e < n && e < 64; e++)
            in += strcmp(values[e], values[s]) == 0;
        if (in == n) {
            w = snprintf(buf + used, size - used, " in every scenario");
            used += w > 0 && (size_t)w < size - used ? (size_t)w : 0;
            break;
        }
        for (int32_t e = s, k = 0; e < n && e < 64; e++) {
            if (strcmp(values[e], values[s]) != 0)
                continue;
            w = snprintf(buf + used, size - used, "%s%s", k++ ? ", " : " in ",
                         p->scenarios[e].name);
            used += w > 0 && (size_t)w < size - used ? (size_t)w : 0;
        }
    }
    if (n_out > 0)
        snprintf(buf + used, size - used,
                 ", outside [%.1f, %.1f]: the forecast extrapolates beyond its history; see "
                 "shipcast fit",
                 FIT_MULTIPLIER_LOW, FIT_MULTIPLIER_HIGH);
}

static status_code collect(verdicts *v, const plan *p, const forecast *f)
{
    char text[1024];
    for (int32_t t = 0; t < p->n_teams; t++) {
        const fit_row *row = &v->rows[t];
        if (f && !team_has_items(p, t))
            continue;
        for (int flag = 0; row->source == FIT_SOURCE_HISTORY && flag < FIT_N_FLAGS; flag++) {
            if (flag == FIT_FLAG_EXTRAPOLATES && f) {
                extrapolation_text(p, f, t, text, sizeof text);
                if (text[0] == '\0')
                    continue;
            } else if (!fit_flag_raised(&row->stats, (fit_flag)flag)) {
                continue;
            } else {
                fit_flag_text(&row->stats, (fit_flag)flag, text, sizeof text);
            }
            if (add(v, t, (fit_flag)flag, p->teams[t].name, text) != STATUS_OK)
                return STATUS_ENOMEM;
        }
    }
    return STATUS_OK;
}

status_code verdicts_create(const plan *p, const forecast *f, verdicts **out, status *st)
{
    *out = NULL;
    verdicts *v = calloc(1, sizeof *v);
    if (!v || !(v->rows = calloc((size_t)p->n_teams + 1, sizeof *v->rows))) {
        verdicts_destroy(v);
        return status_set(st, STATUS_ENOMEM, "out of memory for the fit statistics");
    }
    status_code rc = compute_rows(p, v->rows, st);
    if (rc == STATUS_OK && (collect(v, p, f) != STATUS_OK ||
                            !(v->texts = malloc(((size_t)v->n + 1) * sizeof *v->texts)))) {
        status_set(st, STATUS_ENOMEM, "out of memory for the fit statistics");
        rc = STATUS_ENOMEM; /* spelt out: the analyzer does not see status_set's result */
    }
    if (rc != STATUS_OK) {
        verdicts_destroy(v);
        return rc;
    }
    for (int32_t k = 0; k < v->n; k++)
        v->texts[k] = v->list[k].text;
    *out = v;
    return STATUS_OK;
}

void verdicts_destroy(verdicts *v)
{
    if (!v)
        return;
    for (int32_t k = 0; k < v->n; k++)
        free(v->list[k].text);
    free(v->list);
    free(v->texts);
    free(v->rows);
    free(v);
}

const fit_row *verdicts_rows(const verdicts *v)
{
    return v->rows;
}

int32_t verdicts_count(const verdicts *v)
{
    return v->n;
}

const verdict *verdicts_at(const verdicts *v, int32_t k)
{
    return &v->list[k];
}

char *const *verdicts_texts(const verdicts *v)
{
    return v->texts;
}
