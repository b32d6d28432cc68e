/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shipcast-bench: how fast a trial is, and how fast it could be on this machine.
 *
 * For each workload (the large reference plan, and a one-team backlog of 120 stories with a
 * 90-day history that this program writes itself) it measures, in one process:
 *   - microseconds per trial on one core: the model and the statistics, no output files
 *     (median of --repeat runs);
 *   - random draws per trial (capacity draws: one per working day of each team until its
 *     items are done; stream seedings) and histogram updates per trial;
 *   - the floor: the same number of keyed stream seedings, draws from a history table and
 *     histogram updates in a tight loop, timed the same way. trial / floor is the figure to
 *     drive down;
 *   - the floor again with one stream for everything: what per-trial keyed streams cost;
 *   - trials per second through the OpenMP runner at 1 and 2 threads.
 * Then it writes a 1,000,000-row history and times loading it (plan_load, median of 3).
 * Wall-clock figures on shared machines are noisy: read ratios measured in one run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "date.h"
#include "delivery.h"
#include "plan.h"
#include "rng_stream.h"
#include "runner.h"
#include "tally.h"

enum { MAX_REPEAT = 31, HISTORY_ROWS = 1000000, HISTORY_TEAMS = 40 };

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void die(const char *what, const status *st)
{
    fprintf(stderr, "shipcast-bench: %s: %s\n", what, st ? st->message : strerror(errno));
    exit(1);
}

/* ---- workloads written here ------------------------------------------------------------ */

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        die(path, NULL);
    return f;
}

static void make_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        die(dir, NULL);
}

/* One team of 5, WIP 1, one item of 120 stories; 90 days of history ending 2026-12-18 with
 * completions from a fixed pseudo-random sequence (about 1.2 a working day). */
static void write_backlog(const char *dir)
{
    make_dir(dir);
    FILE *f = open_in(dir, "history.csv");
    fputs("id,team,type,started,done\n", f);
    int32_t end, day;
    date_from_ymd(2026, 12, 18, &end);
    uint64_t x = 12345;
    int n = 0;
    for (day = end - 89; day <= end; day++) {
        if (date_is_weekend(day))
            continue;
        x = rng_mix64(x + 0x9e3779b97f4a7c15u);
        int k = (int)(x % 4) + (int)((x >> 8) % 2) - 1; /* -1..3 -> 0..3, mean ~1.2 */
        char text[DATE_TEXT_SIZE];
        date_format(day, text);
        for (int i = 0; i < k; i++)
            fprintf(f, "B-%d,team,story,%s,%s\n", ++n, text, text);
    }
    fclose(f);
    f = open_in(dir, "teams.csv");
    fputs("team,people,wip\nteam,5,1\n", f);
    fclose(f);
    f = open_in(dir, "plan.csv");
    fputs("id,team,title,size_low,size_high\nBACKLOG,team,The backlog,120,120\n", f);
    fclose(f);
    f = open_in(dir, "scenarios.ini");
    fputs("[baseline]\nwindow = 90\nhistory_end = 2026-12-18\n", f);
    fclose(f);
}

/* HISTORY_ROWS history rows over HISTORY_TEAMS teams and two years, one small plan item per
 * team: a loading benchmark. */
static void write_big_history(const char *dir)
{
    make_dir(dir);
    FILE *f = open_in(dir, "history.csv");
    fputs("id,team,type,started,done,epic\n", f);
    int32_t end;
    date_from_ymd(2026, 12, 18, &end);
    static const char *const types[] = {"story", "task", "bug", "incident", "support"};
    for (int i = 0; i < HISTORY_ROWS; i++) {
        uint64_t x = rng_mix64((uint64_t)i);
        int32_t done = end - (int32_t)(x % 730);
        int32_t started = done - (int32_t)((x >> 16) % 9);
        char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
        fprintf(f, "H-%d,team-%02d,%s,%s,%s,E-%d\n", i, (int)((x >> 24) % HISTORY_TEAMS),
                types[(x >> 32) % 5], date_format(started, a), date_format(done, b),
                (int)((x >> 40) % 500));
    }
    fclose(f);
    f = open_in(dir, "teams.csv");
    fputs("team,people,wip\n", f);
    for (int t = 0; t < HISTORY_TEAMS; t++)
        fprintf(f, "team-%02d,6,2\n", t);
    fclose(f);
    f = open_in(dir, "plan.csv");
    fputs("id,team,title,size_low,size_high\n", f);
    for (int t = 0; t < HISTORY_TEAMS; t++)
        fprintf(f, "P-%d,team-%02d,item,3,8\n", t, t);
    fclose(f);
    f = open_in(dir, "scenarios.ini");
    fputs("[baseline]\nwindow = 365\n", f);
    fclose(f);
}

/* ---- trials on one core ---------------------------------------------------------------- */

typedef struct workload {
    const char *name;
    plan *p;
    delivery_model *m;
    delivery_trial *w;
    tally *t;
} workload;

static void workload_open(workload *wl, const char *name, const char *dir)
{
    status st;
    wl->name = name;
    if (plan_load(dir, NULL, &wl->p, &st) != STATUS_OK)
        die(dir, &st);
    if (delivery_model_create(wl->p, 0, &wl->m, &st) != STATUS_OK ||
        delivery_trial_create(wl->m, &wl->w, &st) != STATUS_OK)
        die(name, &st);
    wl->t = tally_create(wl->p->n_items, delivery_model_cap_days(wl->m) + 1, TALLY_NO_HORIZON);
    if (!wl->t)
        die(name, NULL);
}

static void workload_close(workload *wl)
{
    tally_destroy(wl->t);
    delivery_trial_destroy(wl->w);
    delivery_model_destroy(wl->m);
    plan_destroy(wl->p);
}

static void run_trials(workload *wl, uint64_t first, uint64_t n)
{
    status st;
    for (uint64_t k = first; k < first + n; k++) {
        if (delivery_trial_run(wl->w, wl->m, k, &st) != STATUS_OK)
            die(wl->name, &st);
        tally_add(wl->t, delivery_trial_finish_days(wl->w), delivery_trial_critical(wl->w));
    }
}

/* Capacity draws of the last trial: each team draws on every working day from the start until
 * its last item is done (or the cap). Day mode only (the benchmark workloads). */
static uint64_t capacity_draws(const workload *wl)
{
    const plan *p = wl->p;
    const int32_t *finish = delivery_trial_finish_days(wl->w);
    int32_t start = p->scenarios[0].settings.start, cap = delivery_model_cap_days(wl->m);
    uint64_t draws = 0;
    for (int32_t team = 0; team < p->n_teams; team++) {
        int32_t last = -1;
        for (int32_t i = 0; i < p->n_items; i++)
            if (p->items[i].team == team && finish[i] > last)
                last = finish[i] > cap ? cap : finish[i];
        for (int32_t d = 0; d <= last; d++)
            draws += plan_is_working_day(p, team, start + d);
    }
    return draws;
}

typedef struct counts {
    double capacity_draws; /* per trial */
    double seedings;       /* keyed streams seeded per trial: teams + items with a range */
    double histogram_updates;
    int32_t samples; /* history samples of the first team (the floor's table size) */
} counts;

static counts count_per_trial(workload *wl, uint64_t n)
{
    status st;
    counts c = {0};
    for (uint64_t k = 0; k < n; k++) {
        if (delivery_trial_run(wl->w, wl->m, k, &st) != STATUS_OK)
            die(wl->name, &st);
        c.capacity_draws += (double)capacity_draws(wl);
    }
    c.capacity_draws /= (double)n;
    c.seedings = wl->p->n_teams;
    for (int32_t i = 0; i < wl->p->n_items; i++)
        c.seedings += 1; /* every item's size stream is seeded, ranged or not */
    c.histogram_updates = wl->p->n_items + 1;
    c.samples = wl->p->teams[0].n_days;
    return c;
}

/* ---- the floor ------------------------------------------------------------------------- */

/* n_trials trials of: `seedings` keyed streams (or one stream for all when single), `draws`
 * draws from a table of `samples` values summed, `updates` histogram increments. Returns a
 * checksum so nothing is optimised away. */
static double floor_loop(uint64_t n_trials, const counts *c, bool single, uint64_t *hist,
                         int32_t n_bins)
{
    gsl_rng *r = gsl_rng_alloc(rng_stream_type);
    double *table = malloc((size_t)c->samples * sizeof *table);
    for (int32_t j = 0; j < c->samples; j++)
        table[j] = (double)(j % 4);
    uint64_t draws = (uint64_t)(c->capacity_draws + 0.5);
    uint64_t seedings = (uint64_t)c->seedings, updates = (uint64_t)c->histogram_updates;
    uint64_t per_stream = draws / seedings + 1;
    double sum = 0.0;
    rng_stream_seed(r, (rng_key){1, 0, 0, 0});
    for (uint64_t k = 0; k < n_trials; k++) {
        uint64_t left = draws;
        for (uint64_t s = 0; s < seedings; s++) {
            if (!single)
                rng_stream_seed(r, (rng_key){1, k, s, 1});
            uint64_t n = left < per_stream ? left : per_stream;
            for (uint64_t i = 0; i < n; i++)
                sum += table[rng_stream_below(r, (uint64_t)c->samples)];
            left -= n;
        }
        for (uint64_t u = 0; u < updates; u++)
            hist[((uint64_t)sum + u * 7) % (uint64_t)n_bins]++;
    }
    free(table);
    gsl_rng_free(r);
    return sum;
}

/* ---- threads --------------------------------------------------------------------------- */

typedef struct thread_ctx {
    const workload *wl;
    uint64_t merged;
} thread_ctx;

typedef struct thread_ws {
    delivery_trial *w;
    tally *t;
} thread_ws;

static void ws_destroy(void *p)
{
    thread_ws *ws = p;
    if (ws) {
        delivery_trial_destroy(ws->w);
        tally_destroy(ws->t);
        free(ws);
    }
}

static void *ws_create(void *ctx, status *st)
{
    const workload *wl = ((thread_ctx *)ctx)->wl;
    thread_ws *ws = calloc(1, sizeof *ws);
    if (!ws || delivery_trial_create(wl->m, &ws->w, st) != STATUS_OK) {
        ws_destroy(ws);
        return NULL;
    }
    ws->t = tally_create(wl->p->n_items, delivery_model_cap_days(wl->m) + 1, TALLY_NO_HORIZON);
    if (!ws->t) {
        ws_destroy(ws);
        return NULL;
    }
    return ws;
}

static status_code ws_trial(void *ctx, void *p, uint64_t k, status *st)
{
    const workload *wl = ((thread_ctx *)ctx)->wl;
    thread_ws *ws = p;
    status_code rc = delivery_trial_run(ws->w, wl->m, k, st);
    if (rc == STATUS_OK)
        tally_add(ws->t, delivery_trial_finish_days(ws->w), delivery_trial_critical(ws->w));
    return rc;
}

static status_code ws_merge(void *ctx, void *p, status *st)
{
    (void)st;
    ((thread_ctx *)ctx)->merged += tally_trials(((thread_ws *)p)->t);
    return STATUS_OK;
}

static double threaded_rate(const workload *wl, uint64_t n, int threads)
{
    const runner_ops ops = {ws_create, ws_trial, ws_merge, ws_destroy};
    thread_ctx ctx = {wl, 0};
    runner_control control = {.n_threads = threads};
    status st;
    double t0 = now_seconds();
    if (runner_run(&ops, &ctx, n, &control, &st) != STATUS_OK)
        die(wl->name, &st);
    return (double)n / (now_seconds() - t0);
}

/* ---- the report ------------------------------------------------------------------------ */

static void bench_workload(const char *name, const char *dir, uint64_t n, int repeat)
{
    workload wl;
    workload_open(&wl, name, dir);
    counts c = count_per_trial(&wl, n < 2000 ? n : 2000);
    run_trials(&wl, 0, n / 10 + 1); /* warm caches */
    double trial_us[MAX_REPEAT], keyed_us[MAX_REPEAT], single_us[MAX_REPEAT];
    int32_t n_bins = tally_days(wl.t);
    uint64_t *hist = calloc((size_t)n_bins, sizeof *hist);
    volatile double sink = 0.0;
    for (int r = 0; r < repeat; r++) {
        double t0 = now_seconds();
        run_trials(&wl, (uint64_t)r * n, n);
        double t1 = now_seconds();
        sink += floor_loop(n, &c, false, hist, n_bins);
        double t2 = now_seconds();
        sink += floor_loop(n, &c, true, hist, n_bins);
        double t3 = now_seconds();
        trial_us[r] = 1e6 * (t1 - t0) / (double)n;
        keyed_us[r] = 1e6 * (t2 - t1) / (double)n;
        single_us[r] = 1e6 * (t3 - t2) / (double)n;
    }
    (void)sink;
    free(hist);
    double trial = median(trial_us, repeat), keyed = median(keyed_us, repeat);
    double single = median(single_us, repeat);
    double rate1 = threaded_rate(&wl, n, 1), rate2 = threaded_rate(&wl, n, 2);
    printf("\n%s: %" PRId32 " items, %" PRId32 " teams; %" PRIu64 " trials x %d runs\n", name,
           wl.p->n_items, wl.p->n_teams, n, repeat);
    printf("  per trial: %.1f capacity draws, %.0f stream seedings, %.0f histogram updates\n",
           c.capacity_draws, c.seedings, c.histogram_updates);
    printf("  trial            %10.3f us/trial/core   (%.2f M trials/s/core)\n", trial,
           1.0 / trial);
    printf("  floor            %10.3f us/trial/core   trial / floor = %.2f\n", keyed,
           trial / keyed);
    printf("  floor, 1 stream  %10.3f us/trial/core   keyed streams cost %+.1f %%\n", single,
           100.0 * (keyed - single) / single);
    printf("  runner           %10.0f trials/s at 1 thread, %.0f at 2 (x%.2f)\n", rate1, rate2,
           rate2 / rate1);
    workload_close(&wl);
}

static void bench_loading(const char *dir, int repeat)
{
    double seconds[MAX_REPEAT];
    status st;
    for (int r = 0; r < repeat; r++) {
        plan *p = NULL;
        double t0 = now_seconds();
        if (plan_load(dir, NULL, &p, &st) != STATUS_OK)
            die(dir, &st);
        seconds[r] = now_seconds() - t0;
        plan_destroy(p);
    }
    printf("\nloading a %d-row history.csv (%d teams): %.3f s (median of %d)\n", HISTORY_ROWS,
           HISTORY_TEAMS, median(seconds, repeat), repeat);
}

int main(int argc, char **argv)
{
    uint64_t trials = 100000;
    int repeat = 5;
    const char *dirs[2] = {NULL, NULL};
    int n_dirs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--trials") && i + 1 < argc) {
            trials = strtoull(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
            repeat = (int)strtol(argv[++i], NULL, 10);
        } else if (n_dirs < 2) {
            dirs[n_dirs++] = argv[i];
        } else {
            n_dirs = 3;
        }
    }
    if (n_dirs != 2 || trials < 100 || repeat < 1 || repeat > MAX_REPEAT) {
        fputs("usage: shipcast-bench [--trials N>=100] [--repeat 1..31] LARGE_PLAN_DIR "
              "WORK_DIR\n",
              stderr);
        return 2;
    }
    gsl_set_error_handler_off();
    char backlog[4096], history[4096];
    snprintf(backlog, sizeof backlog, "%s/backlog", dirs[1]);
    snprintf(history, sizeof history, "%s/history-1m", dirs[1]);
    make_dir(dirs[1]);
    write_backlog(backlog);
    write_big_history(history);
    bench_workload("large plan", dirs[0], trials / 10, repeat);
    bench_workload("one-team backlog", backlog, trials, repeat);
    bench_loading(history, 3);
    return 0;
}
