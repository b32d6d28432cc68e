/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast: the run loop as a library: every scenario of a loaded plan, simulated over
 * threads, returned as streaming statistics.
 *
 * forecast_run() builds one delivery model per scenario and runs trials 0..trials-1 of the
 * baseline's `trials` setting (or a contiguous part of them: forecast_options.range). Trial k
 * simulates every scenario in turn on the same random numbers (common random numbers), so the
 * difference between a scenario and the baseline is measured within the trial (paired deltas), not
 * between two noisy runs. Each thread owns one trial workspace and one tally and burn-up per
 * scenario; these and the deltas are integer counts merged after the parallel region, so a result
 * is the same bytes for any thread count and whatever OpenMP grants (OMP_THREAD_LIMIT, OMP_DYNAMIC,
 * OMP_NUM_THREADS).
 *
 * Ownership: the result owns its statistics; it borrows the plan, which must outlive it.
 * Nothing here prints: progress is a callback. What the teams' histories say about the
 * forecast (thin, unstable, extrapolated) is run/verdicts.h's.
 */
#ifndef SHIPCAST_FORECAST_H
#define SHIPCAST_FORECAST_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "burnup.h"
#include "drivers.h"
#include "packed.h"
#include "paired.h"
#include "plan.h"
#include "status.h"
#include "summary.h"
#include "tally.h"

/* A part of a run's trials: [first_trial, first_trial + n_trials). */
typedef struct forecast_range {
    uint64_t first_trial;
    uint64_t n_trials;
} forecast_range;

typedef struct forecast_options {
    int n_threads; /* 1..1024 threads asked for; OpenMP may grant fewer: same results */
    /* false: the model simulates every team on every working day (the reference); true (the
     * default to use): it skips the team-days that cannot change anything. Same results. */
    bool skipping;
    /* Optional: called now and then from one thread with the trials finished so far. */
    void (*on_progress)(void *arg, uint64_t done, uint64_t total);
    void *progress_arg;
    /* Optional: a nonzero value stops the run with STATUS_EINTERRUPT (signal-safe). */
    volatile sig_atomic_t *stop;
    /* Scenarios 0..n_full_scenarios-1 keep every statistic; later ones (the sensitivity
     * analysis's) only the plan's finish and items done by the horizon: a plan-only tally, no
     * burn-up, no drivers. Negative (the default): every scenario is full. */
    int32_t n_full_scenarios;
    /* Optional, read during forecast_run only: run only these trials of the baseline's
     * `trials` (clipped to them); NULL runs them all. The statistics of parts that cover every
     * trial once, packed and added (forecast_pack), are those of one run of all the trials:
     * how run/cluster.h spreads a run over processes. */
    const forecast_range *range;
} forecast_options;

/* The options a command starts from: n_threads threads, skipping on, no progress, no stop,
 * every scenario full. */
forecast_options forecast_options_default(int n_threads);

typedef struct forecast forecast;

/* Runs every scenario of p. Errors: STATUS_ELIMIT when the statistics would not fit in about
 * three quarters of the machine's memory (nothing is allocated then), STATUS_ENOMEM,
 * STATUS_EINTERRUPT when *opt->stop was raised. On error *out is NULL. */
status_code forecast_run(const plan *p, const forecast_options *opt, forecast **out, status *st);

/* Frees the result; NULL is a no-op. */
void forecast_destroy(forecast *f);

/* Bytes the statistics of a run of p with options opt take (the figure forecast_run checks
 * against the machine's memory). */
double forecast_statistics_bytes(const plan *p, const forecast_options *opt);

/* The statistics of scenario s (0 = baseline), valid while f lives: finish days, and the
 * binding chains (what drives the dates). */
const tally *forecast_tally(const forecast *f, int32_t s);
const drivers *forecast_drivers(const forecast *f, int32_t s); /* NULL if not full */

/* The plan's dependency edges in the order drivers counts them (item by item, each item's
 * depends_on in order): prerequisite and dependent item indices; valid while f lives. */
void forecast_edges(const forecast *f, int32_t *n_edges, const int32_t **from, const int32_t **to);

/* The items-done-by-date counts of scenario s (burnup.csv, the report's fan), valid while f
 * lives. */
const burnup *forecast_burnup(const forecast *f, int32_t s); /* NULL if not full */

/* The summary views of every scenario and item, for the writers in analysis/: views has
 * p->n_scenarios entries and items p->n_items; both borrow from f and the plan. */
void forecast_views(const forecast *f, summary_scenario *views, summary_item *items);

/* Scenarios with every statistic (forecast_options.n_full_scenarios, resolved). */
int32_t forecast_n_full_scenarios(const forecast *f);

/* Appends the fixed-size statistics of every scenario (tallies, burn-ups, drivers but their
 * resource edges, paired deltas) to pk (packed.h). Two forecasts of the same plan with the same
 * options write the same layout, so the element-wise reduction of their words is the merge of
 * their statistics (whatever trials each ran). */
void forecast_pack(const forecast *f, packed *pk);

/* Reads words written by forecast_pack of a forecast of the same plan and options (or their
 * reduction) from pk, replacing f's fixed-size statistics; f's resource edges stay as they
 * are. */
void forecast_unpack(forecast *f, packed *pk);

/* Every scenario's resource edges (drivers.h) as words: per scenario, its number of words
 * (0 for scenarios without drivers) then drivers_pack_resources's words. Returns the total and
 * writes them to `words` unless it is NULL. */
size_t forecast_pack_resources(const forecast *f, uint64_t *words);

/* Adds n_words words written by forecast_pack_resources of a forecast of the same plan and
 * options into f's resource edges. STATUS_ENOMEM (f then holds part of them). */
status_code forecast_merge_resources(forecast *f, const uint64_t *words, size_t n_words,
                                     status *st);

/* How far scenario s takes `team` from its history at the start (capacity_model_multiplier
 * with the team's WIP limit full); NAN for estimated teams and teams without plan items. */
double forecast_team_multiplier(const forecast *f, int32_t s, int32_t team);

#endif
