/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * runner: runs independent trials in parallel with OpenMP, reproducibly.
 *
 * Each thread creates one workspace, runs trials on it in any order, and the workspaces are
 * merged serially in thread order after the parallel region. Reproducibility whatever the
 * thread count rests on two duties of the caller: a trial's randomness depends only on its
 * index (rng_stream keys), and what a workspace accumulates merges exactly in any grouping
 * (integer counts and sums, never floating-point sums). The runner never prints: progress is a
 * callback, called from one thread only, and a stop flag may be raised from a signal handler.
 */
#ifndef SHIPCAST_RUNNER_H
#define SHIPCAST_RUNNER_H

#include <signal.h>
#include <stdint.h>

#include "status.h"

typedef struct runner_ops {
    /* Creates a thread's workspace; NULL with *st set on failure. Called inside the parallel
     * region, once per thread. */
    void *(*thread_create)(void *ctx, status *st);
    /* Runs trial `trial_idx` on the workspace. */
    status_code (*run_trial)(void *ctx, void *workspace, uint64_t trial_idx, status *st);
    /* Folds a workspace's results into ctx; called serially, in thread order. */
    status_code (*merge)(void *ctx, void *workspace, status *st);
    /* Frees a workspace (NULL allowed). */
    void (*thread_destroy)(void *workspace);
} runner_ops;

typedef struct runner_control {
    int n_threads; /* >= 1 */
    /* Optional: called now and then with trials finished so far; from one thread only. */
    void (*on_progress)(void *arg, uint64_t done, uint64_t total);
    void *progress_arg;
    /* Optional: when it points to a nonzero value, trials stop and the run returns
     * STATUS_EINTERRUPT. Safe to set from a signal handler. */
    volatile sig_atomic_t *stop;
} runner_control;

/* Runs trials 0..n_trials-1. On error the first failing thread's status is returned (others
 * stop early) and nothing is merged. */
status_code runner_run(const runner_ops *ops, void *ctx, uint64_t n_trials,
                       const runner_control *control, status *st);

#endif
