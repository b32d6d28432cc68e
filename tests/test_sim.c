/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of sim: the day calendar's order (days, kinds, insertion) under random use, the
 * counter-based random numbers (SplitMix64 known answers, pinned keys, distinct streams,
 * uniformity over dates, exact rejection, GSL compatibility) and the runner's thread-count
 * invariance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "day_calendar.h"
#include "rng_alias.h"
#include "rng_stream.h"
#include "runner.h"

/* Takes every event of (day, kind) into out; returns how many. */
static int take_all(day_calendar *c, int32_t day, int32_t kind, int32_t *out)
{
    int n = 0;
    while (day_calendar_take(c, day, kind, &out[n]))
        n++;
    return n;
}

static void calendar_orders_days_kinds_and_insertion(void **state)
{
    (void)state;
    day_calendar *c = day_calendar_create(200, 2, 2); /* small pool: forces growth */
    assert_non_null(c);
    const struct {
        int32_t day, kind, subject;
    } in[] = {{130, 1, 0}, {3, 1, 1}, {3, 0, 2},   {130, 1, 3}, {64, 0, 4},
              {3, 1, 5},   {0, 1, 6}, {130, 0, 7}, {3, 0, 8},   {199, 0, 9}};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++)
        assert_int_equal(day_calendar_add(c, in[i].day, in[i].kind, in[i].subject), STATUS_OK);
    int32_t got[16];
    assert_int_equal(day_calendar_next_day(c, 0), 0);
    assert_int_equal(take_all(c, 0, 0, got), 0);
    assert_int_equal(take_all(c, 0, 1, got), 1);
    assert_int_equal(got[0], 6);
    assert_int_equal(day_calendar_next_day(c, 0), 3); /* day 0 is empty now */
    assert_int_equal(take_all(c, 3, 0, got), 2);
    assert_int_equal(got[0], 2);
    assert_int_equal(got[1], 8);
    /* an event added to the day being taken is taken in turn */
    assert_int_equal(day_calendar_add(c, 3, 1, 42), STATUS_OK);
    assert_int_equal(take_all(c, 3, 1, got), 3);
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], 5);
    assert_int_equal(got[2], 42);
    assert_int_equal(day_calendar_next_day(c, 4), 64); /* across a 64-day word */
    assert_int_equal(day_calendar_next_day(c, 65), 130);
    assert_int_equal(take_all(c, 130, 0, got), 1);
    assert_int_equal(day_calendar_next_day(c, 65), 130); /* kind 1 still pending */
    assert_int_equal(take_all(c, 130, 1, got), 2);
    assert_int_equal(got[0], 0);
    assert_int_equal(got[1], 3);
    assert_int_equal(day_calendar_next_day(c, 131), 199);
    assert_int_equal(day_calendar_next_day(c, 200), TERMS_DAY_NEVER);
    /* a clear forgets everything, and a day used before starts empty */
    day_calendar_clear(c);
    assert_int_equal(day_calendar_next_day(c, 0), TERMS_DAY_NEVER);
    assert_int_equal(day_calendar_add(c, 64, 1, 7), STATUS_OK);
    assert_int_equal(day_calendar_next_day(c, 0), 64);
    assert_int_equal(take_all(c, 64, 0, got), 0);
    assert_int_equal(take_all(c, 64, 1, got), 1);
    assert_int_equal(got[0], 7);
    day_calendar_destroy(c);
    day_calendar_destroy(NULL);
}

static void calendar_survives_random_use(void **state)
{
    (void)state;
    /* 20000 events on random days, taken day by day while more are added ahead: every event
     * comes out once, on its day, in insertion order within a (day, kind) */
    enum { DAYS = 1000, EVENTS = 20000 };
    day_calendar *c = day_calendar_create(DAYS, 3, 1);
    static int32_t day_of[EVENTS], kind_of[EVENTS];
    int32_t added = 0, taken = 0, last_subject[DAYS][3];
    for (int d = 0; d < DAYS; d++)
        for (int k = 0; k < 3; k++)
            last_subject[d][k] = -1;
    uint64_t x = 0;
    for (int32_t day = 0; day < DAYS; day++) {
        for (int i = 0; i < 20 && added < EVENTS; i++, added++) {
            x = rng_at(5, (uint64_t)added);
            day_of[added] = day + (int32_t)rng_below(x, (uint64_t)(DAYS - day));
            kind_of[added] = (int32_t)rng_below(rng_mix64(x), 3);
            assert_int_equal(day_calendar_add(c, day_of[added], kind_of[added], added), STATUS_OK);
        }
        int32_t next = day_calendar_next_day(c, day);
        assert_true(next >= day);
        for (int32_t k = 0; k < 3; k++) {
            int32_t subject;
            while (day_calendar_take(c, day, k, &subject)) {
                assert_int_equal(day_of[subject], day);
                assert_int_equal(kind_of[subject], k);
                assert_true(subject > last_subject[day][k]);
                last_subject[day][k] = subject;
                taken++;
            }
        }
    }
    assert_int_equal(taken, added);
    assert_int_equal(day_calendar_next_day(c, 0), TERMS_DAY_NEVER);
    day_calendar_destroy(c);
}

static void splitmix_known_answers(void **state)
{
    (void)state;
    /* Number n of stream s is output n of the SplitMix64 reference seeded with s: from seed 0
     * the reference's first outputs are 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4. */
    assert_true(rng_at(0, 0) == UINT64_C(0xe220a8397b1dcdaf));
    assert_true(rng_at(0, 1) == UINT64_C(0x6e789e6aa1b965f4));
    rng_counter r = rng_counter_at(0);
    assert_true(rng_counter_next(&r) == UINT64_C(0xe220a8397b1dcdaf));
    assert_true(rng_counter_next(&r) == UINT64_C(0x6e789e6aa1b965f4));
    /* names: FNV-1a (64-bit offset basis for "", the published digest of "a"), then mixed */
    assert_true(rng_name_hash("") == rng_mix64(UINT64_C(0xcbf29ce484222325)));
    assert_true(rng_name_hash("a") == rng_mix64(UINT64_C(0xaf63dc4c8601ec8c)));
}

static void keyed_streams_pinned(void **state)
{
    (void)state;
    /* Pinned: changing the keying would silently change every forecast. */
    uint64_t stream = rng_key_hash((rng_key){1, 0, rng_name_hash("payments"), 1});
    assert_true(stream == rng_key_hash((rng_key){1, 0, rng_name_hash("payments"), 1}));
    assert_true(stream == UINT64_C(0xa2d8599716dc8d8c));
    assert_true(rng_at(stream, 20822) == UINT64_C(0xeb5ac25a196369fb));
}

static void distinct_keys_give_distinct_streams(void **state)
{
    (void)state;
    enum { N = 4 * 4 * 4 * 4 };
    uint64_t first[N];
    int n = 0;
    for (uint64_t seed = 0; seed < 4; seed++)
        for (uint64_t trial = 0; trial < 4; trial++)
            for (uint64_t entity = 0; entity < 4; entity++)
                for (uint64_t purpose = 0; purpose < 4; purpose++)
                    first[n++] = rng_at(rng_key_hash((rng_key){seed, trial, entity, purpose}), 0);
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++)
            assert_true(first[i] != first[j]);
    /* seeds differing only above bit 32 are different streams (GSL's seeding would merge
     * them), and so are names differing in one letter */
    assert_true(rng_key_hash((rng_key){1, 0, 0, 0}) !=
                rng_key_hash((rng_key){1 + (UINT64_C(1) << 32), 0, 0, 0}));
    assert_true(rng_name_hash("team-a") != rng_name_hash("team-b"));
}

static void below_is_uniform_over_dates(void **state)
{
    (void)state;
    /* rng_below of consecutive counters (a team's days) in 6 cells, 600000 draws: chi-square
     * with 5 degrees of freedom; 20.5 is the 99.9 % quantile, so a correct generator fails
     * this with probability 0.001 for a random stream (and never for this fixed one). Also
     * the serial pairs (day d, day d + 1) in 36 cells: 35 degrees of freedom, 66.6. */
    uint64_t stream = rng_key_hash((rng_key){3, 1, 4, 1});
    uint64_t count[6] = {0}, pairs[36] = {0};
    const int n = 600000;
    uint64_t prev = 0;
    for (int i = 0; i < n; i++) {
        uint64_t k = rng_below(rng_at(stream, (uint64_t)(20000 + i)), 6);
        count[k]++;
        if (i > 0)
            pairs[6 * prev + k]++;
        prev = k;
    }
    double chi2 = 0.0, chi2_pairs = 0.0;
    for (int k = 0; k < 6; k++) {
        double d = (double)count[k] - n / 6.0;
        chi2 += d * d / (n / 6.0);
    }
    for (int k = 0; k < 36; k++) {
        double d = (double)pairs[k] - (n - 1) / 36.0;
        chi2_pairs += d * d / ((n - 1) / 36.0);
    }
    assert_true(chi2 < 20.5);
    assert_true(chi2_pairs < 66.6);
}

static void below_rejects_exactly(void **state)
{
    (void)state;
    /* n just above 2^63 rejects about half of all values: the result must stay below n, be a
     * pure function of x, and the accepted ones must be the multiply-shift value */
    const uint64_t n = (UINT64_C(1) << 63) + 1;
    int rejected = 0;
    for (uint64_t i = 0; i < 1000; i++) {
        uint64_t x = rng_at(77, i);
        uint64_t k = rng_below(x, n);
        assert_true(k < n);
        assert_true(k == rng_below(x, n));
        rng_u128 m = (rng_u128)x * n;
        if ((uint64_t)m < (0 - n) % n)
            rejected++;
        else
            assert_true(k == (uint64_t)(m >> 64));
    }
    assert_true(rejected > 400 && rejected < 600);
    assert_true(rng_below(UINT64_MAX, 1) == 0);
}

/* Alias draws over an even grid of random numbers hit every index in proportion to its
 * weight, within one draw per column at each end; a zero weight is never drawn; equal weights
 * give rng_below's index; bad weights are refused. */
static void alias_draws_in_proportion(void **state)
{
    (void)state;
    const double w[] = {1.0, 2.0, 3.0, 4.0, 0.0, 10.0, 0.5};
    const int32_t n = sizeof w / sizeof *w;
    rng_alias a;
    assert_int_equal(rng_alias_init(&a, w, n), STATUS_OK);
    enum { GRID_BITS = 20 };
    const uint64_t m = UINT64_C(1) << GRID_BITS;
    int64_t count[7] = {0};
    for (uint64_t k = 0; k < m; k++)
        count[rng_alias_draw(&a, k << (64 - GRID_BITS))]++;
    double sum = 0.0;
    for (int32_t j = 0; j < n; j++)
        sum += w[j];
    for (int32_t j = 0; j < n; j++) {
        double expected = (double)m * w[j] / sum;
        if (fabs((double)count[j] - expected) > 2.0 * n)
            fail_msg("index %d: %lld draws, expected %.1f", (int)j, (long long)count[j], expected);
    }
    assert_int_equal(count[4], 0);
    rng_alias_fini(&a);

    const double equal[] = {2.0, 2.0, 2.0, 2.0, 2.0};
    assert_int_equal(rng_alias_init(&a, equal, 5), STATUS_OK);
    for (uint64_t k = 0; k < 100000; k++) {
        uint64_t x = rng_at(UINT64_C(12345), k);
        assert_int_equal(rng_alias_draw(&a, x), (int32_t)rng_below(x, 5));
    }
    rng_alias_fini(&a);

    const double negative[] = {1.0, -1.0}, zeros[] = {0.0, 0.0}, nan_weight[] = {1.0, NAN};
    assert_int_equal(rng_alias_init(&a, negative, 2), STATUS_EINPUT);
    assert_int_equal(rng_alias_init(&a, zeros, 2), STATUS_EINPUT);
    assert_int_equal(rng_alias_init(&a, nan_weight, 2), STATUS_EINPUT);
    assert_int_equal(rng_alias_init(&a, w, 0), STATUS_EINPUT);
    rng_alias_fini(&a);
}

static void gsl_samplers_work_on_streams(void **state)
{
    (void)state;
    /* mean of 200000 standard normals: standard error 0.00224; 5 standard errors */
    gsl_rng *r = gsl_rng_alloc(rng_stream_type);
    rng_stream_seed(r, rng_key_hash((rng_key){5, 0, 0, 0}));
    double sum = 0.0, sum_sq = 0.0;
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double x = gsl_ran_ugaussian(r);
        sum += x;
        sum_sq += x * x;
    }
    assert_true(sum / n > -0.0112 && sum / n < 0.0112);
    assert_true(sum_sq / n > 0.98 && sum_sq / n < 1.02);
    assert_true(gsl_rng_max(r) == 0xffffffffUL);
    unsigned long k = gsl_rng_uniform_int(r, 10);
    assert_true(k < 10);
    /* the generator reads its stream in order */
    rng_stream_seed(r, 99);
    assert_true(gsl_rng_get(r) == (unsigned long)(rng_at(99, 0) >> 32));
    assert_true(gsl_rng_uniform(r) == rng_unit_double(rng_at(99, 1)));
    gsl_rng_free(r);
}

/* Runner: each trial adds a keyed random number into integer sums; any thread count must
 * give the same totals, and the trial count must be exact. */
typedef struct sum_ctx {
    uint64_t total;
    uint64_t trials;
    int fail_at;
} sum_ctx;

typedef struct sum_ws {
    uint64_t total, trials;
} sum_ws;

static void *sum_create(void *ctx, status *st)
{
    (void)ctx;
    (void)st;
    return calloc(1, sizeof(sum_ws));
}

static status_code sum_trial(void *ctx, void *ws, uint64_t k, status *st)
{
    sum_ctx *c = ctx;
    sum_ws *w = ws;
    if (c->fail_at >= 0 && k == (uint64_t)c->fail_at)
        return status_set(st, STATUS_EIO, "trial %d failed", c->fail_at);
    w->total += rng_key_hash((rng_key){9, k, 0, 0}) >> 20;
    w->trials++;
    return STATUS_OK;
}

static status_code sum_merge(void *ctx, void *ws, status *st)
{
    (void)st;
    sum_ctx *c = ctx;
    sum_ws *w = ws;
    c->total += w->total;
    c->trials += w->trials;
    return STATUS_OK;
}

static void sum_destroy(void *ws)
{
    free(ws);
}

static void runner_same_for_any_thread_count(void **state)
{
    (void)state;
    const runner_ops ops = {sum_create, sum_trial, sum_merge, sum_destroy};
    uint64_t totals[3];
    for (int threads = 1; threads <= 3; threads++) {
        sum_ctx ctx = {0, 0, -1};
        runner_control control = {.n_threads = threads};
        status st;
        assert_int_equal(runner_run(&ops, &ctx, 10007, &control, &st), STATUS_OK);
        assert_int_equal(ctx.trials, 10007);
        totals[threads - 1] = ctx.total;
    }
    assert_true(totals[0] == totals[1] && totals[1] == totals[2]);
}

static void runner_reports_errors_and_stops(void **state)
{
    (void)state;
    const runner_ops ops = {sum_create, sum_trial, sum_merge, sum_destroy};
    sum_ctx ctx = {0, 0, 500};
    runner_control control = {.n_threads = 2};
    status st;
    assert_int_equal(runner_run(&ops, &ctx, 10000, &control, &st), STATUS_EIO);
    assert_string_equal(st.message, "trial 500 failed");
    assert_int_equal(ctx.trials, 0); /* nothing merged */

    volatile sig_atomic_t stop = 1;
    sum_ctx ctx2 = {0, 0, -1};
    runner_control stopped = {.n_threads = 2, .stop = &stop};
    assert_int_equal(runner_run(&ops, &ctx2, 10000, &stopped, &st), STATUS_EINTERRUPT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_orders_days_kinds_and_insertion),
        cmocka_unit_test(calendar_survives_random_use),
        cmocka_unit_test(splitmix_known_answers),
        cmocka_unit_test(keyed_streams_pinned),
        cmocka_unit_test(distinct_keys_give_distinct_streams),
        cmocka_unit_test(below_is_uniform_over_dates),
        cmocka_unit_test(below_rejects_exactly),
        cmocka_unit_test(alias_draws_in_proportion),
        cmocka_unit_test(gsl_samplers_work_on_streams),
        cmocka_unit_test(runner_same_for_any_thread_count),
        cmocka_unit_test(runner_reports_errors_and_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
