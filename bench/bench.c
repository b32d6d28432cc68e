/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shipcast-bench: how fast a trial is, and how fast it could be on this machine.
 *
 * For each workload (the large reference plan, and a one-team backlog of 120 stories with a
 * 90-day history that this program writes itself) it measures, in one process:
 *   - microseconds per trial on one core: the model and the statistics, no output files
 *     (median of --repeat runs), with skipping (the default) and without (every team on every
 *     working day: the reference scheduler);
 *   - what a trial must do at least: capacity draws (one per working day on which a team has
 *     an item in progress; the model draws on no other day), stream keys (one per team and
 *     per item with a random size) and histogram updates;
 *   - the floor: that many keyed counter-based draws from a history table, stream keys and
 *     histogram updates in a tight loop, timed the same way. trial / floor is the figure to
 *     drive down. The floor as it was defined before draws were keyed by date (a draw on
 *     every working day of a team until its last item is done) is printed beside it;
 *   - the run loop (run/forecast.h) at 1 and 2 threads: trials per second and CPU seconds per
 *     trial (2 threads should cost no more CPU per trial than 1).
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
#include "forecast.h"
#include "plan.h"
#include "rng_stream.h"
#include "tally.h"

enum { MAX_REPEAT = 31, HISTORY_ROWS = 1000000, HISTORY_TEAMS = 40 };

static double clock_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now_seconds(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
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
    delivery_model *m;     /* skipping */
    delivery_model *plain; /* every team on every working day */
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
        delivery_model_create(wl->p, 0, &wl->plain, &st) != STATUS_OK ||
        delivery_trial_create(wl->m, &wl->w, &st) != STATUS_OK)
        die(name, &st);
    delivery_model_set_skipping(wl->plain, false);
    wl->t = tally_create(wl->p->n_items, delivery_model_cap_days(wl->m) + 1, TALLY_NO_HORIZON);
    if (!wl->t)
        die(name, NULL);
}

static void workload_close(workload *wl)
{
    tally_destroy(wl->t);
    delivery_trial_destroy(wl->w);
    delivery_model_destroy(wl->m);
    delivery_model_destroy(wl->plain);
    plan_destroy(wl->p);
}

static void run_trials(workload *wl, const delivery_model *m, uint64_t first, uint64_t n)
{
    status st;
    for (uint64_t k = first; k < first + n; k++) {
        if (delivery_trial_run(wl->w, m, k, &st) != STATUS_OK)
            die(wl->name, &st);
        tally_add(wl->t, delivery_trial_finish_days(wl->w), delivery_trial_critical(wl->w));
    }
}

/* Working days of `team` in [first, last] (day offsets, clipped to the cap). */
static uint64_t working_days(const plan *p, int32_t team, int32_t start, int32_t first,
                             int32_t last)
{
    uint64_t n = 0;
    for (int32_t d = first < 0 ? 0 : first; d <= last; d++)
        n += plan_is_working_day(p, team, start + d);
    return n;
}

typedef struct counts {
    double capacity_draws;   /* per trial: team-days with an item in progress */
    double draws_until_done; /* per trial: every working day until the team's last finish */
    double streams;          /* stream keys per trial: teams + items with a random size */
    double histogram_updates;
    int32_t samples; /* history samples of the first team (the floor's table size) */
} counts;

/* The draws of the last trial: each team draws on the working days on which it has an item
 * in progress, i.e. the union of its items' [start, finish] spans. */
static void count_draws(const workload *wl, uint8_t *busy, counts *c)
{
    const plan *p = wl->p;
    const int32_t *finish = delivery_trial_finish_days(wl->w);
    const int32_t *begin = delivery_trial_start_days(wl->w);
    int32_t start = p->scenarios[0].settings.start, cap = delivery_model_cap_days(wl->m);
    for (int32_t team = 0; team < p->n_teams; team++) {
        int32_t last = -1;
        memset(busy, 0, (size_t)cap + 1);
        for (int32_t i = 0; i < p->n_items; i++) {
            if (p->items[i].team != team || begin[i] < 0)
                continue;
            int32_t end = finish[i] > cap ? cap : finish[i];
            for (int32_t d = begin[i]; d <= end; d++)
                busy[d] = 1;
            last = end > last ? end : last;
        }
        for (int32_t d = 0; d <= cap; d++)
            c->capacity_draws += busy[d] && plan_is_working_day(p, team, start + d);
        c->draws_until_done += (double)working_days(p, team, start, 0, last);
    }
}

static counts count_per_trial(workload *wl, uint64_t n)
{
    status st;
    counts c = {0};
    uint8_t *busy = malloc((size_t)delivery_model_cap_days(wl->m) + 1);
    if (!busy)
        die(wl->name, NULL);
    for (uint64_t k = 0; k < n; k++) {
        if (delivery_trial_run(wl->w, wl->m, k, &st) != STATUS_OK)
            die(wl->name, &st);
        count_draws(wl, busy, &c);
    }
    free(busy);
    c.capacity_draws /= (double)n;
    c.draws_until_done /= (double)n;
    c.streams = wl->p->n_teams;
    for (int32_t i = 0; i < wl->p->n_items; i++)
        c.streams += wl->p->items[i].size_low != wl->p->items[i].size_high ||
                     wl->p->items[i].size_from_epics;
    c.histogram_updates = wl->p->n_items + 1;
    c.samples = wl->p->teams[0].n_days;
    return c;
}

/* ---- the floor ------------------------------------------------------------------------- */

/* n_trials trials of: `streams` stream keys, `draws` date-keyed draws from a table of
 * `samples` values summed, `updates` histogram increments. Returns a checksum so nothing is
 * optimised away. */
static double floor_loop(uint64_t n_trials, const counts *c, double draws_per_trial, uint64_t *hist,
                         int32_t n_bins)
{
    double *table = malloc((size_t)c->samples * sizeof *table);
    for (int32_t j = 0; j < c->samples; j++)
        table[j] = (double)(j % 4);
    uint64_t draws = (uint64_t)(draws_per_trial + 0.5);
    uint64_t streams = (uint64_t)c->streams, updates = (uint64_t)c->histogram_updates;
    uint64_t per_stream = draws / streams + 1;
    double sum = 0.0;
    for (uint64_t k = 0; k < n_trials; k++) {
        uint64_t left = draws;
        for (uint64_t s = 0; s < streams; s++) {
            uint64_t stream = rng_key_hash((rng_key){1, k, s, 1});
            uint64_t n = left < per_stream ? left : per_stream;
            for (uint64_t i = 0; i < n; i++)
                sum += table[rng_below(rng_at(stream, 20000 + i), (uint64_t)c->samples)];
            left -= n;
        }
        for (uint64_t u = 0; u < updates; u++)
            hist[((uint64_t)sum + u * 7) % (uint64_t)n_bins]++;
    }
    free(table);
    return sum;
}

/* ---- threads --------------------------------------------------------------------------- */

typedef struct run_figures {
    double trials_per_second;
    double cpu_us_per_trial;
} run_figures;

/* The run loop on `threads` threads: n trials of every scenario of the plan. */
static run_figures threaded(workload *wl, uint64_t n, int threads)
{
    uint64_t saved = wl->p->scenarios[0].settings.trials;
    wl->p->scenarios[0].settings.trials = n;
    forecast_options opt = forecast_options_default(threads);
    forecast *f = NULL;
    status st;
    double cpu0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID), t0 = now_seconds();
    if (forecast_run(wl->p, &opt, &f, &st) != STATUS_OK)
        die(wl->name, &st);
    double wall = now_seconds() - t0, cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    forecast_destroy(f);
    wl->p->scenarios[0].settings.trials = saved;
    return (run_figures){(double)n / wall, 1e6 * cpu / (double)n};
}

/* ---- the report ------------------------------------------------------------------------ */

static void bench_workload(const char *name, const char *dir, uint64_t n, int repeat)
{
    workload wl;
    workload_open(&wl, name, dir);
    counts c = count_per_trial(&wl, n < 2000 ? n : 2000);
    run_trials(&wl, wl.m, 0, n / 10 + 1); /* warm caches */
    double trial_us[MAX_REPEAT], plain_us[MAX_REPEAT], floor_us[MAX_REPEAT], old_us[MAX_REPEAT];
    int32_t n_bins = tally_days(wl.t);
    uint64_t *hist = calloc((size_t)n_bins, sizeof *hist);
    uint64_t n_plain = n / 10 + 1;
    volatile double sink = 0.0;
    for (int r = 0; r < repeat; r++) {
        double t0 = now_seconds();
        run_trials(&wl, wl.m, (uint64_t)r * n, n);
        double t1 = now_seconds();
        run_trials(&wl, wl.plain, (uint64_t)r * n, n_plain);
        double t2 = now_seconds();
        sink += floor_loop(n, &c, c.capacity_draws, hist, n_bins);
        double t3 = now_seconds();
        sink += floor_loop(n, &c, c.draws_until_done, hist, n_bins);
        double t4 = now_seconds();
        trial_us[r] = 1e6 * (t1 - t0) / (double)n;
        plain_us[r] = 1e6 * (t2 - t1) / (double)n_plain;
        floor_us[r] = 1e6 * (t3 - t2) / (double)n;
        old_us[r] = 1e6 * (t4 - t3) / (double)n;
    }
    (void)sink;
    free(hist);
    double trial = median(trial_us, repeat), plain = median(plain_us, repeat);
    double floor = median(floor_us, repeat), old_floor = median(old_us, repeat);
    run_figures one = threaded(&wl, n, 1), two = threaded(&wl, n, 2);
    printf("\n%s: %" PRId32 " items, %" PRId32 " teams, %" PRId32 " scenario(s); %" PRIu64
           " trials x %d runs\n",
           name, wl.p->n_items, wl.p->n_teams, wl.p->n_scenarios, n, repeat);
    printf("  per trial: %.1f capacity draws (%.1f working days until each team is done), %.0f "
           "stream keys, %.0f histogram updates\n",
           c.capacity_draws, c.draws_until_done, c.streams, c.histogram_updates);
    printf("  trial            %10.3f us/trial/core   (%.2f M trials/s/core)\n", trial,
           1.0 / trial);
    printf("  trial, plain     %10.3f us/trial/core   skipping is x%.2f faster\n", plain,
           plain / trial);
    printf("  floor            %10.3f us/trial/core   trial / floor = %.2f\n", floor,
           trial / floor);
    printf("  floor, old rule  %10.3f us/trial/core   trial / old floor = %.2f\n", old_floor,
           trial / old_floor);
    printf("  run loop         %10.0f trials/s at 1 thread, %.0f at 2 (x%.2f); CPU per trial "
           "%.3f us at 1, %.3f us at 2 (x%.2f)\n",
           one.trials_per_second, two.trials_per_second,
           two.trials_per_second / one.trials_per_second, one.cpu_us_per_trial,
           two.cpu_us_per_trial, two.cpu_us_per_trial / one.cpu_us_per_trial);
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
