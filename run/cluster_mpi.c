/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cluster: MPI ranks; see cluster.h. MPI errors end the job (the default handler,
 * MPI_ERRORS_ARE_FATAL, kept on purpose: a broken network is not something a process can
 * agree about), so MPI's return codes are not checked here; everything that can fail on our
 * side is agreed on with cluster_agree before the next collective step.
 */
#include "cluster.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>
#include <omp.h>

#include "sha256.h"

/* Words per MPI_Reduce call: an int count whatever the plan's size, and bounded scratch space
 * inside MPI (2^24 words: 64 or 128 MB). */
enum { REDUCE_CHUNK_WORDS = 1 << 24 };
/* Words per message of resource edges: a receiver that found no memory for a table can still
 * drain the messages into a buffer on its stack (32 KB), keeping sends and receives paired. */
enum { RESOURCE_CHUNK_WORDS = 1 << 12 };
enum { TAG_RESOURCE_COUNT = 1, TAG_RESOURCE_WORDS = 2 };

struct cluster {
    MPI_Comm comm; /* a duplicate of MPI_COMM_WORLD: our messages never meet a library's */
    int rank, size;
    int machine_size; /* processes on this process's machine (sharing its memory) */
};

status_code cluster_create(int *argc, char ***argv, cluster **out, status *st)
{
    *out = NULL;
    int provided = MPI_THREAD_SINGLE;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    /* OpenMP threads exist while MPI is used (by the main thread only): FUNNELED is needed */
    if (provided < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        return status_set(st, STATUS_ELIMIT,
                          "the MPI library does not support threads (MPI_THREAD_FUNNELED)");
    }
    cluster local = {MPI_COMM_NULL, 0, 1, 1};
    MPI_Comm_dup(MPI_COMM_WORLD, &local.comm);
    MPI_Comm_rank(local.comm, &local.rank);
    MPI_Comm_size(local.comm, &local.size);
    MPI_Comm machine;
    MPI_Comm_split_type(local.comm, MPI_COMM_TYPE_SHARED, local.rank, MPI_INFO_NULL, &machine);
    MPI_Comm_size(machine, &local.machine_size);
    MPI_Comm_free(&machine);
    cluster *c = malloc(sizeof *c);
    if (c)
        *c = local;
    status_code rc = cluster_agree(&local, c ? STATUS_OK : STATUS_ENOMEM, st);
    if (rc != STATUS_OK) {
        free(c);
        MPI_Comm_free(&local.comm);
        MPI_Finalize();
        return status_set(st, STATUS_ENOMEM, "out of memory");
    }
    *out = c;
    return STATUS_OK;
}

void cluster_destroy(cluster *c)
{
    if (!c)
        return;
    MPI_Comm_free(&c->comm);
    MPI_Finalize();
    free(c);
}

int cluster_rank(const cluster *c)
{
    return c ? c->rank : 0;
}

int cluster_size(const cluster *c)
{
    return c ? c->size : 1;
}

int cluster_threads_default(const cluster *c)
{
    (void)c;
    /* libgomp's default team size is the CPU count of the affinity mask, or OMP_NUM_THREADS */
    int n = omp_get_max_threads();
    return n >= 1 ? n : 1;
}

status_code cluster_agree(const cluster *c, status_code rc, status *st)
{
    if (!c || c->size == 1)
        return rc;
    int mine = rc == STATUS_OK ? c->size : c->rank, first = c->size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, c->comm);
    if (first == c->size)
        return STATUS_OK;
    int code = (int)rc;
    char message[STATUS_MESSAGE_MAX] = "";
    if (c->rank == first && st)
        memcpy(message, st->message, sizeof message);
    MPI_Bcast(&code, 1, MPI_INT, first, c->comm);
    MPI_Bcast(message, (int)sizeof message, MPI_CHAR, first, c->comm);
    message[sizeof message - 1] = '\0';
    if (first == 0)
        return status_set(st, (status_code)code, "%s", message);
    return status_set(st, (status_code)code, "rank %d: %s", first, message);
}

/* Adds lane `words` (n words of `type`) of every process onto rank 0, in chunks. */
static void reduce_lane(const cluster *c, void *words, size_t n, size_t word_size,
                        MPI_Datatype type, MPI_Op op)
{
    for (size_t at = 0; at < n; at += REDUCE_CHUNK_WORDS) {
        int count = (int)(n - at < REDUCE_CHUNK_WORDS ? n - at : REDUCE_CHUNK_WORDS);
        char *chunk = (char *)words + at * word_size;
        MPI_Reduce(c->rank == 0 ? MPI_IN_PLACE : chunk, chunk, count, type, op, 0, c->comm);
    }
}

status_code cluster_reduce_packed(const cluster *c, packed *pk, status *st)
{
    if (!c || c->size == 1)
        return STATUS_OK;
    /* the largest of each size and of its complement: equal sizes everywhere iff lo == hi */
    uint64_t mine[6] = {pk->n_sum32,
                        pk->n_sum64,
                        pk->n_max64,
                        ~(uint64_t)pk->n_sum32,
                        ~(uint64_t)pk->n_sum64,
                        ~(uint64_t)pk->n_max64};
    uint64_t all[6];
    MPI_Allreduce(mine, all, 6, MPI_UINT64_T, MPI_MAX, c->comm);
    for (int k = 0; k < 3; k++)
        if (all[k] != ~all[k + 3])
            return status_set(st, STATUS_EINPUT,
                              "the processes' statistics differ in size (from %" PRIu64
                              " to %" PRIu64 " words): every process must read the same plan "
                              "with the same options",
                              ~all[k + 3], all[k]);
    reduce_lane(c, pk->sum32, pk->n_sum32, sizeof *pk->sum32, MPI_UINT32_T, MPI_SUM);
    reduce_lane(c, pk->sum64, pk->n_sum64, sizeof *pk->sum64, MPI_UINT64_T, MPI_SUM);
    reduce_lane(c, pk->max64, pk->n_max64, sizeof *pk->max64, MPI_UINT64_T, MPI_MAX);
    return STATUS_OK;
}

/* ---- resource edges: a binomial tree onto rank 0 --------------------------------------- */

/* Sends f's resource edges (none when this process already failed: the failure travels by
 * the agreement that follows) to rank `to`. */
static status_code send_resources(const cluster *c, const forecast *f, int to, status_code rc,
                                  status *st)
{
    uint64_t n = 0, *words = NULL;
    if (rc == STATUS_OK) {
        size_t n_words = forecast_pack_resources(f, NULL);
        if ((words = malloc((n_words + 1) * sizeof *words)) != NULL) {
            forecast_pack_resources(f, words);
            n = n_words;
        } else {
            rc = status_set(st, STATUS_ENOMEM, "out of memory for the drivers to send");
        }
    }
    MPI_Send(&n, 1, MPI_UINT64_T, to, TAG_RESOURCE_COUNT, c->comm);
    for (uint64_t at = 0; at < n; at += RESOURCE_CHUNK_WORDS) {
        int count = (int)(n - at < RESOURCE_CHUNK_WORDS ? n - at : RESOURCE_CHUNK_WORDS);
        MPI_Send(words + at, count, MPI_UINT64_T, to, TAG_RESOURCE_WORDS, c->comm);
    }
    free(words);
    return rc;
}

/* Receives rank `from`'s resource edges and adds them into f. Every message is received,
 * also after a failure, so that the sender never waits. */
static status_code receive_resources(const cluster *c, forecast *f, int from, status_code rc,
                                     status *st)
{
    uint64_t n = 0;
    MPI_Recv(&n, 1, MPI_UINT64_T, from, TAG_RESOURCE_COUNT, c->comm, MPI_STATUS_IGNORE);
    uint64_t *words = NULL;
    if (rc == STATUS_OK && n > 0 && !(words = malloc(n * sizeof *words)))
        rc = status_set(st, STATUS_ENOMEM, "out of memory for the drivers of other processes");
    uint64_t drain[RESOURCE_CHUNK_WORDS] = {0};
    for (uint64_t at = 0; at < n; at += RESOURCE_CHUNK_WORDS) {
        int count = (int)(n - at < RESOURCE_CHUNK_WORDS ? n - at : RESOURCE_CHUNK_WORDS);
        MPI_Recv(words ? words + at : drain, count, MPI_UINT64_T, from, TAG_RESOURCE_WORDS, c->comm,
                 MPI_STATUS_IGNORE);
    }
    if (words && rc == STATUS_OK)
        rc = forecast_merge_resources(f, words, (size_t)n, st);
    free(words);
    return rc;
}

/* Rank r receives from r + 1, r + 2, r + 4, ... below its lowest set bit, then sends its
 * merged table to r minus that bit: log2(size) rounds, each table merged once. */
static status_code reduce_resources(const cluster *c, forecast *f, status *st)
{
    status_code rc = STATUS_OK;
    for (int step = 1; step < c->size; step <<= 1) {
        if (c->rank & step) {
            rc = send_resources(c, f, c->rank - step, rc, st);
            break;
        }
        if (c->rank + step < c->size)
            rc = receive_resources(c, f, c->rank + step, rc, st);
    }
    return cluster_agree(c, rc, st);
}

/* ---- the forecast -------------------------------------------------------------------------- */

/* Adds every process's statistics onto rank 0's f. */
static status_code reduce_forecast(const cluster *c, forecast *f, status *st)
{
    packed counted = {0}, pk = {0};
    forecast_pack(f, &counted);
    status_code rc = cluster_agree(c, packed_init(&pk, &counted, st), st);
    if (rc == STATUS_OK) {
        forecast_pack(f, &pk);
        rc = cluster_reduce_packed(c, &pk, st);
    }
    if (rc == STATUS_OK && c->rank == 0) {
        packed_rewind(&pk);
        forecast_unpack(f, &pk);
    }
    packed_fini(&pk);
    if (rc == STATUS_OK)
        rc = reduce_resources(c, f, st);
    return rc;
}

/* Fails every process unless all read the same input files with the same trials and seed. */
static status_code check_same_inputs(const cluster *c, const plan *p, status *st)
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    for (int32_t k = 0; k < p->n_files; k++) {
        sha256_update(&ctx, p->files[k].name, strlen(p->files[k].name) + 1);
        sha256_update(&ctx, p->files[k].sha256, sizeof p->files[k].sha256);
    }
    const plan_settings *base = &p->scenarios[0].settings;
    uint64_t run[2] = {base->trials, base->seed};
    sha256_update(&ctx, run, sizeof run);
    uint8_t mine[SHA256_DIGEST_SIZE], root[SHA256_DIGEST_SIZE];
    sha256_final(&ctx, mine);
    memcpy(root, mine, sizeof root);
    MPI_Bcast(root, (int)sizeof root, MPI_UINT8_T, 0, c->comm);
    status_code rc = STATUS_OK;
    if (memcmp(mine, root, sizeof root))
        rc = status_set(st, STATUS_EINPUT,
                        "its input files or options differ from rank 0's (SHA-256 of the "
                        "files, trials, seed): every process must read the same plan folder");
    return cluster_agree(c, rc, st);
}

/* The statistics of every process on this machine, and one packed copy each, must fit. */
static status_code check_machine_memory(const cluster *c, const plan *p,
                                        const forecast_options *opt, status *st)
{
    long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
    double limit = pages > 0 && page_size > 0 ? 0.75 * (double)pages * (double)page_size : 8e9;
    int n_threads = opt->n_threads >= 1 ? opt->n_threads : 1;
    /* forecast_statistics_bytes counts a set per thread and the merged one; the packed copy
     * is one set more */
    double sets = forecast_statistics_bytes(p, opt);
    double bytes = sets * (n_threads + 2.0) / (n_threads + 1.0) * c->machine_size;
    status_code rc = STATUS_OK;
    if (bytes > limit)
        rc = status_set(st, STATUS_ELIMIT,
                        "this run would need about %.1f GiB for the statistics of the %d "
                        "processes on one machine (%d threads each), more than it can give; "
                        "run fewer processes per machine, or lower --threads, cap_years or "
                        "the number of scenarios",
                        bytes / 1073741824.0, c->machine_size, n_threads);
    return cluster_agree(c, rc, st);
}

/* The runner's progress is the process's block; the caller wants the whole run's (roughly:
 * the blocks run at about the same pace). */
typedef struct scaled_progress {
    void (*on_progress)(void *arg, uint64_t done, uint64_t total);
    void *arg;
    uint64_t trials, block;
} scaled_progress;

static void scale_progress(void *arg, uint64_t done, uint64_t total)
{
    const scaled_progress *sp = arg;
    (void)total;
    /* done <= block <= 10^9 trials: the product fits */
    sp->on_progress(sp->arg, sp->block ? done * sp->trials / sp->block : sp->trials, sp->trials);
}

status_code cluster_forecast_run(const cluster *c, const plan *p, const forecast_options *opt,
                                 forecast **out, status *st)
{
    *out = NULL;
    if (!c || c->size == 1)
        return forecast_run(p, opt, out, st);
    status_code rc = check_same_inputs(c, p, st);
    if (rc == STATUS_OK)
        rc = check_machine_memory(c, p, opt, st);
    if (rc != STATUS_OK)
        return rc;
    uint64_t trials = p->scenarios[0].settings.trials;
    forecast_range range;
    cluster_block(trials, c->rank, c->size, &range.first_trial, &range.n_trials);
    scaled_progress sp = {opt->on_progress, opt->progress_arg, trials, range.n_trials};
    forecast_options mine = *opt;
    mine.range = &range;
    if (opt->on_progress) {
        mine.on_progress = scale_progress;
        mine.progress_arg = &sp;
    }
    forecast *f = NULL;
    rc = cluster_agree(c, forecast_run(p, &mine, &f, st), st);
    if (rc == STATUS_OK)
        rc = reduce_forecast(c, f, st);
    if (rc != STATUS_OK || c->rank != 0) {
        forecast_destroy(f);
        return rc;
    }
    *out = f;
    return STATUS_OK;
}
