/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * backtest_out: the backtest's calibration figures and its two files; see backtest.h.
 *
 * A forecast at level X "covers" the actual when the actual came on or before its pX date
 * (when), or reached at least its pX count (how many). A perfectly calibrated forecast covers
 * with probability equal to its own probability at pX (a little above X, since percentiles are
 * whole days or items); the figure to compare with is that mean. The flag fires when a
 * coverage is more than 10 points from it over at least 10 forecasts, and further than chance
 * goes: three binomial standard deviations over the distinct checkpoints (a team's forecasts at
 * one checkpoint share its window and miss together, so 9 checkpoints are 9 trials, not 54).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtest.h"
#include "date.h"

enum { FLAG_MIN_FORECASTS = 10 };
static const double FLAG_POINTS = 0.10;

static bool covered(const backtest_row *r, int l)
{
    if (r->kind == BACKTEST_WHEN)
        return r->q[l] == DATE_NONE || (r->actual != DATE_NONE && r->actual <= r->q[l]);
    return r->actual >= r->q[l];
}

static bool in_scope(const backtest_row *r, int32_t team, backtest_scope scope)
{
    return (team < 0 || r->team == team) &&
           (scope == BACKTEST_SCOPE_ALL || (int)r->kind == (int)scope);
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Half the forecasts or more from a drifting window: the history is unstable. */
static bool mostly_unstable(const backtest_calibration *c)
{
    return c->forecasts >= FLAG_MIN_FORECASTS && 2 * c->unstable >= c->forecasts;
}

/* How far a coverage may stray from `perfect` before it says something: 10 points, or three
 * binomial standard deviations over `pairs` independent checkpoints if that is more (a team has
 * a dozen coverages: at two deviations one of them would stray by chance every other team). */
static double flag_margin(double perfect, int32_t pairs)
{
    double chance = 3.0 * sqrt(perfect * (1.0 - perfect) / (pairs > 0 ? pairs : 1));
    return chance > FLAG_POINTS ? chance : FLAG_POINTS;
}

/* The flag's sentences: the level farthest from what was expected beyond its margin, in
 * words; and a history whose window drifted at most checkpoints. */
static void flag_text(backtest_calibration *c, const char *team)
{
    int worst = -1;
    double gap = 0.0, most = 1.0;
    for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
        double g = c->coverage[l] - c->perfect[l];
        double beyond = fabs(g) / flag_margin(c->perfect[l], c->pairs);
        if (beyond > most) {
            most = beyond;
            gap = g;
            worst = l;
        }
    }
    bool missed = worst >= 0 && c->forecasts >= FLAG_MIN_FORECASTS;
    bool drifting = mostly_unstable(c);
    if (!missed && !drifting)
        return;
    c->flagged = true;
    int n = snprintf(c->flag, sizeof c->flag, "%s:", team);
    if (missed) {
        const char *what = c->scope == BACKTEST_SCOPE_HOW_MANY ? "reached the forecast's P%u count"
                                                               : "came by the forecast's P%u date";
        char lead[64];
        snprintf(lead, sizeof lead, what, backtest_levels[worst]);
        n += snprintf(c->flag + n, sizeof c->flag - (size_t)n,
                      " reality %s in %.0f %% of %d forecasts (%d checkpoints), where about "
                      "%.0f %% was expected: the forecasts were too %s. %s",
                      lead, 100.0 * c->coverage[worst], (int)c->forecasts, (int)c->pairs,
                      100.0 * c->perfect[worst], gap < 0.0 ? "optimistic" : "pessimistic",
                      gap < 0.0 ? "Its pace fell below its history's, or varies more than it "
                                  "shows: see shipcast fit (stability), and read its dates as "
                                  "later."
                                : "Its pace rose over its history (a ramping team, bulk "
                                  "closing): a shorter window follows it; read its dates as "
                                  "earlier.");
    }
    if (drifting && n > 0 && (size_t)n < sizeof c->flag)
        snprintf(c->flag + n, sizeof c->flag - (size_t)n,
                 " Its history is unstable: the window's two halves differed (fit: "
                 "unstable_halves) at %d of %d checkpoints' forecasts, so any one window "
                 "describes its pace poorly; a longer history, or one split where the team "
                 "changed, says more.",
                 (int)c->unstable, (int)c->forecasts);
}

static void calibrate(const backtest *b, int32_t team, backtest_scope scope,
                      backtest_calibration *c)
{
    const backtest_row *rows = backtest_rows(b);
    int32_t n_rows = backtest_n_rows(b);
    *c = (backtest_calibration){.team = team,
                                .scope = scope,
                                .median_abs_error = (double)NAN,
                                .pinball_vs_naive = (double)NAN};
    double *errors = malloc(((size_t)n_rows + 1) * sizeof *errors);
    double pinball = 0.0, naive = 0.0;
    int32_t n_errors = 0, last = -1;
    for (int32_t i = 0; i < n_rows; i++) {
        const backtest_row *r = &rows[i];
        if (!in_scope(r, team, scope))
            continue;
        if (r->censored) {
            c->censored++;
            continue;
        }
        c->forecasts++;
        c->unstable += r->unstable;
        /* rows of one checkpoint and team are adjacent (backtest.h) */
        c->pairs +=
            last < 0 || rows[last].checkpoint != r->checkpoint || rows[last].team != r->team;
        last = i;
        for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
            c->coverage[l] += covered(r, l);
            c->perfect[l] += r->own[l];
        }
        int decile = (int)floor(10.0 * r->pit);
        c->pit_deciles[decile < 0 ? 0 : decile > 9 ? 9 : decile] += 1.0;
        if (errors)
            errors[n_errors++] = r->abs_error;
        pinball += r->pinball;
        naive += r->pinball_naive;
    }
    if (c->forecasts > 0) {
        for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
            c->coverage[l] /= c->forecasts;
            c->perfect[l] /= c->forecasts;
        }
        for (int d = 0; d < 10; d++)
            c->pit_deciles[d] /= c->forecasts;
        if (scope != BACKTEST_SCOPE_ALL && errors && n_errors > 0) {
            qsort(errors, (size_t)n_errors, sizeof *errors, compare_double);
            c->median_abs_error = n_errors % 2
                                      ? errors[n_errors / 2]
                                      : 0.5 * (errors[n_errors / 2 - 1] + errors[n_errors / 2]);
        }
        if (naive > 0.0 && isfinite(naive))
            c->pinball_vs_naive = pinball / naive;
    } else {
        for (int l = 0; l < BACKTEST_N_LEVELS; l++)
            c->coverage[l] = c->perfect[l] = (double)NAN;
        for (int d = 0; d < 10; d++)
            c->pit_deciles[d] = (double)NAN;
    }
    free(errors);
}

status_code backtest_calibrate(const backtest *b, backtest_calibration **out, int32_t *n,
                               status *st)
{
    int32_t n_teams = backtest_n_teams(b);
    size_t cap = 3 * ((size_t)n_teams + 1);
    backtest_calibration *rows = calloc(cap, sizeof *rows);
    if (!rows)
        return status_set(st, STATUS_ENOMEM, "out of memory for the calibration");
    int32_t k = 0;
    for (int32_t team = 0; team <= n_teams; team++) {
        int32_t who = team < n_teams ? team : -1;
        bool any = false;
        for (int32_t i = 0; i < backtest_n_rows(b) && !any; i++)
            any = who < 0 || backtest_rows(b)[i].team == who;
        if (!any)
            continue;
        for (int s = 0; s < 3; s++, k++) {
            calibrate(b, who, (backtest_scope)s, &rows[k]);
            flag_text(&rows[k], who < 0 ? "all teams" : backtest_team_name(b, who));
        }
    }
    *out = rows;
    *n = k;
    return STATUS_OK;
}

/* ---- files ----------------------------------------------------------------------------- */

enum { SHARE_DECIMALS = 4, ERROR_DECIMALS = 1 };

static const char *kind_name(backtest_kind kind)
{
    return kind == BACKTEST_WHEN ? "when" : "how_many";
}

static const char *scope_name(backtest_scope scope)
{
    return scope == BACKTEST_SCOPE_WHEN       ? "when"
           : scope == BACKTEST_SCOPE_HOW_MANY ? "how_many"
                                              : "all";
}

static void header(csvout *w, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        csvout_text(w, names[k]);
    csvout_end_row(w);
}

/* A value of a `when` (a date) or `how many` (a count) row. */
static void value_cell(csvout *w, backtest_kind kind, int32_t v)
{
    if (kind == BACKTEST_WHEN)
        csvout_date(w, v);
    else if (v < 0)
        csvout_empty(w);
    else
        csvout_int(w, v);
}

status_code backtest_write_rows(FILE *f, const char *name, const csvout_format *fmt,
                                const backtest *b, status *st)
{
    static const char *const columns[] = {
        "checkpoint",  "team",   "kind", "target",       "censored",    "p50",
        "p70",         "p85",    "p95",  "prob_at_p50",  "prob_at_p70", "prob_at_p85",
        "prob_at_p95", "actual", "pit",  "abs_error_p50"};
    csvout w;
    csvout_init_format(&w, f, fmt);
    header(&w, columns, sizeof columns / sizeof *columns);
    for (int32_t i = 0; i < backtest_n_rows(b); i++) {
        const backtest_row *r = &backtest_rows(b)[i];
        csvout_date(&w, r->checkpoint);
        csvout_text(&w, backtest_team_name(b, r->team));
        csvout_text(&w, kind_name(r->kind));
        csvout_int(&w, r->target);
        csvout_text(&w, r->censored ? "yes" : "no");
        for (int l = 0; l < BACKTEST_N_LEVELS; l++)
            value_cell(&w, r->kind, r->q[l]);
        for (int l = 0; l < BACKTEST_N_LEVELS; l++)
            csvout_double(&w, r->own[l], SHARE_DECIMALS);
        value_cell(&w, r->kind,
                   r->censored ? (r->kind == BACKTEST_WHEN ? DATE_NONE : -1) : r->actual);
        csvout_double(&w, r->pit, SHARE_DECIMALS);
        csvout_double(&w, r->censored ? (double)NAN : r->abs_error, ERROR_DECIMALS);
        csvout_end_row(&w);
    }
    return csvout_finish(&w, name, st);
}

status_code backtest_write_calibration(FILE *f, const char *name, const csvout_format *fmt,
                                       const backtest *b, const backtest_calibration *rows,
                                       int32_t n, status *st)
{
    static const char *const columns[] = {
        "team",         "target",       "checkpoints",      "censored",         "coverage_p50",
        "coverage_p70", "coverage_p85", "coverage_p95",     "perfect_p50",      "perfect_p70",
        "perfect_p85",  "perfect_p95",  "pit_d1",           "pit_d2",           "pit_d3",
        "pit_d4",       "pit_d5",       "pit_d6",           "pit_d7",           "pit_d8",
        "pit_d9",       "pit_d10",      "median_abs_error", "pinball_vs_naive", "flag"};
    csvout w;
    csvout_init_format(&w, f, fmt);
    header(&w, columns, sizeof columns / sizeof *columns);
    for (int32_t i = 0; i < n; i++) {
        const backtest_calibration *c = &rows[i];
        csvout_text(&w, c->team < 0 ? "(all)" : backtest_team_name(b, c->team));
        csvout_text(&w, scope_name(c->scope));
        csvout_int(&w, c->forecasts);
        csvout_int(&w, c->censored);
        for (int l = 0; l < BACKTEST_N_LEVELS; l++)
            csvout_double(&w, c->coverage[l], SHARE_DECIMALS);
        for (int l = 0; l < BACKTEST_N_LEVELS; l++)
            csvout_double(&w, c->perfect[l], SHARE_DECIMALS);
        for (int d = 0; d < 10; d++)
            csvout_double(&w, c->pit_deciles[d], SHARE_DECIMALS);
        csvout_double(&w, c->median_abs_error, ERROR_DECIMALS);
        csvout_double(&w, c->pinball_vs_naive, SHARE_DECIMALS);
        csvout_text(&w, c->flag);
        csvout_end_row(&w);
    }
    return csvout_finish(&w, name, st);
}
