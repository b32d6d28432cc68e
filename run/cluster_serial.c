/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cluster: one process, for builds without MPI; see cluster.h. Every function does what the
 * MPI version does for a cluster of one, so a command behaves the same in both builds.
 */
#include "cluster.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

struct cluster {
    int size; /* always 1: a struct needs a member */
};

status_code cluster_create(int *argc, char ***argv, cluster **out, status *st)
{
    (void)argc;
    (void)argv;
    *out = calloc(1, sizeof **out);
    if (!*out)
        return status_set(st, STATUS_ENOMEM, "out of memory");
    (*out)->size = 1;
    return STATUS_OK;
}

void cluster_destroy(cluster *c)
{
    free(c);
}

int cluster_rank(const cluster *c)
{
    (void)c;
    return 0;
}

int cluster_size(const cluster *c)
{
    (void)c;
    return 1;
}

int cluster_threads_default(const cluster *c)
{
    (void)c;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 1 ? 1 : cpus > INT_MAX ? INT_MAX : (int)cpus;
}

status_code cluster_agree(const cluster *c, status_code rc, status *st)
{
    (void)c;
    (void)st;
    return rc;
}

status_code cluster_reduce_packed(const cluster *c, packed *pk, status *st)
{
    (void)c;
    (void)pk;
    (void)st;
    return STATUS_OK;
}

status_code cluster_forecast_run(const cluster *c, const plan *p, const forecast_options *opt,
                                 forecast **out, status *st)
{
    (void)c;
    return forecast_run(p, opt, out, st);
}
