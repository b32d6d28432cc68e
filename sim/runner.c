/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * runner: the OpenMP trial loop; see runner.h. Trials are handed out in chunks (dynamic
 * schedule: trials differ in length); which thread runs which trial does not matter to the
 * results. Workspaces live in an array indexed by thread number, so merging is in thread order.
 *
 * OpenMP may grant fewer threads than asked (OMP_THREAD_LIMIT, OMP_DYNAMIC, nested regions):
 * only the slots of threads that ran hold a workspace, and only those are merged. Each slot
 * has its own cache lines: threads write their status and progress next to each other, and
 * shared lines cost as much as the work on small trials.
 */
#include "runner.h"

#include <omp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

enum { RUNNER_CHUNK = 64, CACHE_LINE = 64 };

typedef struct thread_slot {
    _Alignas(CACHE_LINE) void *workspace; /* NULL: the thread did not run or failed */
    status_code rc;
    status st;
} thread_slot;

static bool stop_requested(const runner_control *control, const atomic_int *failed)
{
    return atomic_load_explicit(failed, memory_order_relaxed) || (control->stop && *control->stop);
}

status_code runner_run(const runner_ops *ops, void *ctx, uint64_t n_trials,
                       const runner_control *control, status *st)
{
    int n_threads = control->n_threads >= 1 ? control->n_threads : 1;
    /* sizeof is a multiple of the alignment, so every slot starts on its own line */
    thread_slot *slots = aligned_alloc(CACHE_LINE, (size_t)n_threads * sizeof *slots);
    if (!slots)
        return status_set(st, STATUS_ENOMEM, "out of memory for %d threads", n_threads);
    for (int i = 0; i < n_threads; i++) {
        slots[i].workspace = NULL;
        slots[i].rc = STATUS_OK;
        status_clear(&slots[i].st);
    }
    atomic_int failed = 0;
    atomic_uint_fast64_t done = 0;
    uint64_t n_chunks = (n_trials + RUNNER_CHUNK - 1) / RUNNER_CHUNK;

#pragma omp parallel num_threads(n_threads)
    {
        int tid = omp_get_thread_num(); /* < n_threads: a team is never larger than asked */
        thread_slot *slot = &slots[tid];
        slot->workspace = ops->thread_create(ctx, &slot->st);
        slot->rc = slot->workspace ? STATUS_OK : slot->st.code;
        if (slot->rc != STATUS_OK)
            atomic_store(&failed, 1);
#pragma omp barrier
#pragma omp for schedule(dynamic, 1)
        for (uint64_t chunk = 0; chunk < n_chunks; chunk++) {
            if (slot->rc != STATUS_OK || stop_requested(control, &failed))
                continue;
            uint64_t first = chunk * RUNNER_CHUNK;
            uint64_t last = first + RUNNER_CHUNK < n_trials ? first + RUNNER_CHUNK : n_trials;
            for (uint64_t t = first; t < last && slot->rc == STATUS_OK; t++)
                slot->rc = ops->run_trial(ctx, slot->workspace, t, &slot->st);
            if (slot->rc != STATUS_OK)
                atomic_store(&failed, 1);
            uint64_t so_far = atomic_fetch_add(&done, last - first) + (last - first);
            if (tid == 0 && control->on_progress)
                control->on_progress(control->progress_arg, so_far, n_trials);
        }
    }

    status_code rc = STATUS_OK;
    for (int i = 0; i < n_threads && rc == STATUS_OK; i++) {
        if (slots[i].rc != STATUS_OK) {
            rc = slots[i].rc;
            if (st)
                *st = slots[i].st;
        }
    }
    if (rc == STATUS_OK && control->stop && *control->stop)
        rc = status_set(st, STATUS_EINTERRUPT, "interrupted");
    for (int i = 0; i < n_threads && rc == STATUS_OK; i++)
        if (slots[i].workspace)
            rc = ops->merge(ctx, slots[i].workspace, st);
    for (int i = 0; i < n_threads; i++)
        ops->thread_destroy(slots[i].workspace);
    free(slots);
    return rc;
}
