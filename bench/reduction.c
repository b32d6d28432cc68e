/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shipcast-bench-reduction: the figures of a forecast spread over processes (run/cluster.h,
 * docs/cluster.md), measured in one process on a plan folder:
 *   - loading the plan (what every rank does first);
 *   - a trial's cost on one core (CPU seconds per trial, 1 thread);
 *   - the statistics a process holds per thread, and what it sends: the packed lanes
 *     (packed.h: their words and bytes, fixed by the plan) and the resource edges (their
 *     number grows with the trials: measured after this run's trials);
 *   - the local work of one reduction step: packing, adding two processes' lanes (what
 *     MPI_Reduce does at each level of its tree), unpacking, and packing and merging the
 *     resource edges (median of 5).
 * Wall-clock figures on shared machines are noisy; the sizes are exact.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "date.h"
#include "forecast.h"
#include "plan.h"

enum { REPEAT = 5 };

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v)
{
    qsort(v, REPEAT, sizeof *v, compare_double);
    return v[REPEAT / 2];
}

static int fail(const char *what, const status *st)
{
    fprintf(stderr, "shipcast-bench-reduction: %s: %s\n", what, st->message);
    return 1;
}

/* Milliseconds of the local steps of a reduction of f's statistics (medians). */
static int time_steps(forecast *f, const packed *counted, status *st)
{
    packed a, b;
    if (packed_init(&a, counted, st) != STATUS_OK || packed_init(&b, counted, st) != STATUS_OK)
        return fail("packing", st);
    size_t n_words = forecast_pack_resources(f, NULL);
    uint64_t *words = malloc((n_words + 1) * sizeof *words);
    if (!words)
        return fail("resource edges", st);
    double pack[REPEAT], add[REPEAT], unpack[REPEAT], edges[REPEAT];
    for (int k = 0; k < REPEAT; k++) {
        packed_rewind(&a);
        double t0 = seconds(CLOCK_MONOTONIC);
        forecast_pack(f, &a);
        double t1 = seconds(CLOCK_MONOTONIC);
        packed_add(&b, &a);
        double t2 = seconds(CLOCK_MONOTONIC);
        packed_rewind(&a);
        forecast_unpack(f, &a);
        double t3 = seconds(CLOCK_MONOTONIC);
        forecast_pack_resources(f, words);
        /* merging a table into itself: every key is met, none is new (a tree step's work
         * after the first, when the tables hold the same pairs) */
        if (forecast_merge_resources(f, words, n_words, st) != STATUS_OK)
            return fail("merging resource edges", st);
        double t4 = seconds(CLOCK_MONOTONIC);
        pack[k] = 1e3 * (t1 - t0);
        add[k] = 1e3 * (t2 - t1);
        unpack[k] = 1e3 * (t3 - t2);
        edges[k] = 1e3 * (t4 - t3);
    }
    printf("local steps (ms, median of %d): pack %.2f, add two processes' lanes %.2f, unpack "
           "%.2f, resource edges pack and merge %.2f\n",
           REPEAT, median(pack), median(add), median(unpack), median(edges));
    free(words);
    packed_fini(&a);
    packed_fini(&b);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t trials = 10000;
    const char *dir = NULL;
    int n_dirs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--trials") && i + 1 < argc) {
            trials = strtoull(argv[++i], NULL, 10);
        } else {
            dir = argv[i];
            n_dirs++;
        }
    }
    if (n_dirs != 1 || trials < 1 || trials > 1000000000) {
        fputs("usage: shipcast-bench-reduction PLAN_DIR [--trials N]\n", stderr);
        return 2;
    }
    gsl_set_error_handler_off();
    status st;
    plan_overrides ov = {.start = DATE_NONE, .horizon = DATE_NONE, .trials = trials};
    plan *p = NULL;
    double t0 = seconds(CLOCK_MONOTONIC);
    if (plan_load(dir, &ov, &p, &st) != STATUS_OK)
        return fail(dir, &st);
    double loaded = seconds(CLOCK_MONOTONIC) - t0;
    forecast_options opt = forecast_options_default(1);
    forecast *f = NULL;
    double cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID), wall0 = seconds(CLOCK_MONOTONIC);
    if (forecast_run(p, &opt, &f, &st) != STATUS_OK)
        return fail("forecast", &st);
    double cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0, wall = seconds(CLOCK_MONOTONIC) - wall0;
    packed counted = {0};
    forecast_pack(f, &counted);
    size_t n_words = forecast_pack_resources(f, NULL);
    size_t n_edges = (n_words - (size_t)p->n_scenarios) / 3;
    printf("%s: %" PRId32 " items, %" PRId32 " teams, %" PRId32 " scenarios\n", dir, p->n_items,
           p->n_teams, p->n_scenarios);
    printf("loading the plan: %.3f s\n", loaded);
    printf("a trial on one core: %.1f us CPU (%.1f us wall), over %" PRIu64 " trials\n",
           1e6 * cpu / (double)trials, 1e6 * wall / (double)trials, trials);
    printf("statistics per thread (a tally and a burn-up per scenario): %.2f MB\n",
           forecast_statistics_bytes(p, &opt) / 2e6); /* opt: 1 thread and the merged set */
    printf("packed lanes: %zu sum32 + %zu sum64 + %zu max64 words = %zu bytes (%.2f MB)\n",
           counted.at_sum32, counted.at_sum64, counted.at_max64, packed_bytes(&counted),
           (double)packed_bytes(&counted) / 1e6);
    printf("resource edges after %" PRIu64 " trials: %zu edges, %zu words = %zu bytes\n", trials,
           n_edges, n_words, n_words * sizeof(uint64_t));
    int rc = time_steps(f, &counted, &st);
    forecast_destroy(f);
    plan_destroy(p);
    return rc;
}
