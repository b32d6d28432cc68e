/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cluster: the processes of one run (MPI ranks), and a forecast spread over them.
 *
 * A forecast on N processes splits the trials into N contiguous blocks (cluster_block): each
 * process runs its block with its own threads (run/forecast.h), then the integer statistics
 * are added up exactly onto process 0, which alone writes the outputs. Trial k's random
 * numbers depend only on k and counts add in any grouping, so the result is the same bytes as
 * one process running every trial, for any N and any threads per process.
 *
 * The reduction: the fixed-size statistics are packed into three lanes (packed.h) and reduced
 * onto rank 0 with MPI_Reduce (MPI_SUM, MPI_MAX) in chunks of at most 2^24 words; the drivers'
 * resource edges, a table whose keys differ between processes, go up a binomial tree of
 * point-to-point messages, each process merging what it receives before passing its table on,
 * so no process ever holds more than two tables.
 *
 * Failure: every collective step ends in an agreement (cluster_agree): if any process failed
 * (bad input, no memory, interrupted), all return the failure of the lowest-ranked failing
 * process, with its message, so that rank 0 can report it once and no process waits forever
 * for another. A process that dies (a signal, a lost node) is the launcher's to handle: mpirun
 * and srun end the whole job. Before running, the processes compare the SHA-256 digests of the
 * input files they read and the sizes of their statistics, so that processes that read
 * different files fail with a message instead of adding up unrelated counts.
 *
 * Built with -DSHIPCAST_MPI=ON this is MPI (cluster_mpi.c); otherwise a single process
 * (cluster_serial.c) with the same functions, so callers never test for MPI. Every function
 * accepts a NULL cluster as "this process alone". Functions marked collective must be called
 * by every process of the cluster, in the same order. MPI is used only by the thread that
 * created the cluster and never inside a parallel region (MPI_THREAD_FUNNELED).
 */
#ifndef SHIPCAST_CLUSTER_H
#define SHIPCAST_CLUSTER_H

#include <stdint.h>

#include "forecast.h"
#include "packed.h"
#include "plan.h"
#include "status.h"

typedef struct cluster cluster;

/* Joins the run's processes (MPI_Init_thread with argc and argv, which MPI may edit). Call it
 * once per process, before anything else; cluster_destroy ends it. STATUS_ENOMEM, or
 * STATUS_ELIMIT when MPI cannot give the thread support needed. */
status_code cluster_create(int *argc, char ***argv, cluster **out, status *st);

/* Leaves the run (MPI_Finalize); NULL is a no-op. Collective. */
void cluster_destroy(cluster *c);

/* This process's rank (0..size-1) and the number of processes. */
int cluster_rank(const cluster *c);
int cluster_size(const cluster *c);

/* The threads a process should use when the user names none: with MPI, the CPUs the process
 * may run on (its affinity mask as the launcher set it, or OMP_NUM_THREADS), so that ranks
 * sharing a machine do not oversubscribe it; alone, the machine's online processors. At
 * least 1. */
int cluster_threads_default(const cluster *c);

/* The contiguous block of n work units (trials, checkpoints) of process `rank` of `size`:
 * the first n % size processes take one unit more. Blocks cover 0..n-1 once, in rank order. */
static inline void cluster_block(uint64_t n, int rank, int size, uint64_t *first, uint64_t *count)
{
    uint64_t r = (uint64_t)rank, per = n / (uint64_t)size, extra = n % (uint64_t)size;
    *first = r * per + (r < extra ? r : extra);
    *count = per + (r < extra ? 1 : 0);
}

/* Collective: every process passes its outcome rc (with *st set when rc is not STATUS_OK).
 * Returns STATUS_OK if every process succeeded; otherwise, on every process, the code of the
 * lowest-ranked failing process, its message copied into *st (prefixed "rank R: " when R is
 * not 0). st may be NULL. */
status_code cluster_agree(const cluster *c, status_code rc, status *st);

/* Collective: adds up the lanes of every process's pk (laid out alike: same sizes) onto rank
 * 0, by each lane's rule; the other processes' pk are left as they were. STATUS_EINPUT, on
 * every process and with nothing reduced, when the processes' lanes differ in size. */
status_code cluster_reduce_packed(const cluster *c, packed *pk, status *st);

/* Collective: a forecast of plan p (loaded by every process from the same files, with the
 * same overrides) spread over the processes: each runs its block of the trials with opt
 * (whose range must be NULL), and the statistics are added up onto rank 0. On success *out is
 * the forecast of every trial on rank 0, the same as forecast_run's, and NULL on the other
 * processes. Errors as forecast_run's, agreed; STATUS_EINPUT when the processes read
 * different input files; STATUS_ELIMIT when the statistics of the processes sharing a machine
 * would not fit in it. On error *out is NULL everywhere. */
status_code cluster_forecast_run(const cluster *c, const plan *p, const forecast_options *opt,
                                 forecast **out, status *st);

#endif
