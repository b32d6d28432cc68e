/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * backtest: how well shipcast's forecasts would have matched a team's own past.
 *
 * Walk forward: at each checkpoint t (every `every_days` from `from` to `to`) and for each team
 * whose history up to t is long enough, forecast from the history known at t only (its samples
 * derived as of history_end = t; nothing after t is read), with the team's window and capacity
 * mode, as the team was then (people = history_people), without changes, risks or juggling
 * (context factor 1) and with interruptions as they were (interrupt_scale 1):
 *   - when: when are the next N planned items done (N = 1x, 2x and 4x the team's median
 *     four-week throughput at t, or the --items given): the items one after another, WIP 1,
 *     so the N-th is done when the capacity since t adds up to N;
 *   - how many: how many planned items are done within 14, 30 and 60 calendar days of t.
 * Then compare with what happened: the day the N-th planned item after t was done (a done on a
 * day off counts on the team's next working day), or the count. A target still open at the end
 * of the history is censored (left out, counted). Every forecast is an ordinary run of the run
 * loop (forecast.h) on a one-team plan: the same model, the same random numbers.
 *
 * What is computed per forecast: its P50/P70/P85/P95 (dates for `when`, counts for `how
 * many`: the count reached with that probability), the actual, its randomised PIT value
 * F(a - 1) + u (F(a) - F(a - 1)) (u keyed by seed, checkpoint, team and target), the
 * forecast's own probability at each of its percentiles (what a perfectly calibrated forecast
 * would score), the P50's absolute error, and pinball losses of the forecast and of a straight
 * line at the window's average rate. backtest_calibrate sums them per team and kind.
 *
 * Ownership: a backtest owns its rows; it borrows the plan, which must outlive it.
 */
#ifndef SHIPCAST_BACKTEST_H
#define SHIPCAST_BACKTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "csvout.h"
#include "forecast.h"
#include "plan.h"
#include "status.h"

enum { BACKTEST_ITEMS_MAX = 8, BACKTEST_N_HORIZONS = 3, BACKTEST_N_LEVELS = 4 };

/* 50, 70, 85, 95 */
extern const uint32_t backtest_levels[BACKTEST_N_LEVELS];
/* 14, 30, 60 calendar days */
extern const int32_t backtest_horizons[BACKTEST_N_HORIZONS];

typedef struct backtest_options {
    int32_t from, to;   /* first and last checkpoint; DATE_NONE: the defaults */
    int32_t every_days; /* >= 1; default 7 */
    int32_t n_items;    /* 0: N = 1x, 2x, 4x the median four-week throughput */
    int32_t items[BACKTEST_ITEMS_MAX];
    int32_t min_history_days; /* a team takes part at t once its history up to t spans this
                                 many days; 0: the window (a full window) */
    uint64_t trials;          /* per forecast, >= 1 */
    forecast_options run;     /* threads and stop (its progress callback is not used) */
    /* This process's share of the forecasts (checkpoint-team pairs, in order): block `part` of
     * n_parts (cluster_block); part 0 of 1, the default, is all of them. */
    int part, n_parts;
    /* Optional: called after each checkpoint with the forecasts (checkpoint-team pairs) done
     * so far and in all (of this part). */
    void (*on_progress)(void *arg, uint64_t done, uint64_t total);
    void *progress_arg;
} backtest_options;

/* The defaults: checkpoints from the first date with a full window to the last that leaves
 * the largest horizon inside the history, every 7 days, default targets, 2000 trials. A later
 * `to` may be given, up to the last date that leaves the shortest horizon inside: the targets
 * that end past the history are censored. */
backtest_options backtest_options_default(int n_threads);

typedef enum backtest_kind { BACKTEST_WHEN = 0, BACKTEST_HOW_MANY } backtest_kind;

typedef struct backtest_row {
    int32_t checkpoint; /* date t */
    int32_t team;
    backtest_kind kind;
    int32_t target; /* N items (when) or D calendar days (how many) */
    /* the history ends before the target is known: for a when, before the forecast's P95
     * date (a forecast-only rule, so the scored ones are not the fast futures only) */
    bool censored;
    bool unstable; /* the window at t drifts: fit's stability between halves is flagged */
    /* the forecast's P50, P70, P85, P95: dates (when; DATE_NONE beyond the cap) or counts */
    int32_t q[BACKTEST_N_LEVELS];
    double own[BACKTEST_N_LEVELS]; /* its probability at them: P(done by q) or P(count >= q) */
    /* date or count; DATE_NONE / -1 when censored; DATE_NONE for a when not censored whose
     * items were not all done by the end of the history (past its P95: covered by none) */
    int32_t actual;
    double pit;                    /* NAN when censored */
    double abs_error;              /* |P50 - actual|: working days or items */
    double pinball, pinball_naive; /* summed over the levels 50, 85, 95 */
} backtest_row;

typedef struct backtest backtest;

/* Runs the backtest of plan p (loaded with history_only or not; its items are ignored).
 * Errors: STATUS_EINPUT for checkpoints outside the history or whose shortest horizon ends
 * past it (the message names the option), STATUS_ENOMEM, STATUS_EINTERRUPT. */
status_code backtest_run(const plan *p, const backtest_options *opt, backtest **out, status *st);

void backtest_destroy(backtest *b);

/* Replaces b's rows with `rows` (n rows in backtest_rows' order, a malloc'ed array b takes
 * over): a backtest run in parts, its rows gathered. STATUS_OK. */
status_code backtest_replace_rows(backtest *b, backtest_row *rows, int32_t n, status *st);

/* The rows in order: checkpoint, team, kind, target. */
int32_t backtest_n_rows(const backtest *b);
const backtest_row *backtest_rows(const backtest *b);

/* The checkpoints the run used. */
int32_t backtest_from(const backtest *b);
int32_t backtest_to(const backtest *b);

/* The plan's teams, by index (the rows' team). */
int32_t backtest_n_teams(const backtest *b);
const char *backtest_team_name(const backtest *b, int32_t team);

/* One row of calibration.csv: a team (or all of them, team -1) and a kind (or both). */
typedef enum backtest_scope {
    BACKTEST_SCOPE_WHEN = 0,
    BACKTEST_SCOPE_HOW_MANY,
    BACKTEST_SCOPE_ALL
} backtest_scope;

typedef struct backtest_calibration {
    int32_t team; /* -1: every team */
    backtest_scope scope;
    int32_t forecasts; /* not censored */
    int32_t censored;
    double coverage[BACKTEST_N_LEVELS]; /* share of actuals within the forecast's pX */
    double perfect[BACKTEST_N_LEVELS];  /* mean of the forecasts' own probability at pX */
    double pit_deciles[10];             /* share of PIT values in each tenth */
    double median_abs_error;            /* NAN for BACKTEST_SCOPE_ALL */
    double pinball_vs_naive;            /* NAN without a naive loss */
    int32_t unstable; /* of the row's forecasts, those from a drifting window (fit) */
    /* distinct checkpoint-team pairs among them: the forecasts of one pair share a window, so
     * these, not the forecasts, are the independent trials chance is judged over */
    int32_t pairs;
    bool flagged;
    char flag[768]; /* a plain-language reason and what to do; "" when not flagged */
} backtest_calibration;

/* The calibration rows: per team (teams.csv order) when, how_many, all; then every team.
 * *out is a new array the caller frees. STATUS_ENOMEM. */
status_code backtest_calibrate(const backtest *b, backtest_calibration **out, int32_t *n,
                               status *st);

/* backtest.csv and calibration.csv. STATUS_EIO naming `name`. */
status_code backtest_write_rows(FILE *f, const char *name, const csvout_format *fmt,
                                const backtest *b, status *st);
status_code backtest_write_calibration(FILE *f, const char *name, const csvout_format *fmt,
                                       const backtest *b, const backtest_calibration *rows,
                                       int32_t n, status *st);

#endif
