/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of a forecast spread over processes (run/cluster.h, forecast_options.range and the
 * forecast's pack functions), on the bundled example:
 *   - cluster_block covers every unit once, in rank order, blocks differing by one at most;
 *   - the forecasts of the blocks of 2, 3 and 5 processes (1 or 2 threads each, some blocks
 *     empty), packed, added lane by lane and their resource edges merged, equal the forecast
 *     of every trial in one process: every statistic, every drivers row;
 *   - cluster_forecast_run, cluster_agree and cluster_reduce_packed on the cluster this program
 *     runs on: alone (any build), or under `mpirun -np 3` in an MPI build (ctest mpi-unit),
 *     where rank 0's forecast must equal one process's and a failure on the last rank must
 *     reach every rank with its message.
 * Under MPI every rank runs every test in the same order; the others' output is silenced and
 * their failures show in the exit status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cluster.h"
#include "date.h"
#include "forecast.h"

enum { TRIALS = 257 };

static plan *load_example(uint64_t trials)
{
    plan_overrides ov = {.start = DATE_NONE, .horizon = DATE_NONE, .trials = trials};
    plan *p = NULL;
    status st;
    status_code rc = plan_load(SHIPCAST_SOURCE_DIR "/examples/platform-q1", &ov, &p, &st);
    if (rc != STATUS_OK)
        fail_msg("%s", st.message);
    return p;
}

/* n_full: scenarios with every statistic (forecast_options.n_full_scenarios; -1: all) */
static forecast *run_range(const plan *p, int n_threads, int32_t n_full,
                           const forecast_range *range)
{
    forecast_options opt = forecast_options_default(n_threads);
    opt.n_full_scenarios = n_full;
    opt.range = range;
    forecast *f = NULL;
    status st;
    if (forecast_run(p, &opt, &f, &st) != STATUS_OK)
        fail_msg("%s", st.message);
    return f;
}

static packed pack_forecast(const forecast *f)
{
    packed counted = {0}, pk;
    forecast_pack(f, &counted);
    assert_int_equal(packed_init(&pk, &counted, NULL), STATUS_OK);
    forecast_pack(f, &pk);
    return pk;
}

/* Every statistic of a and b (forecasts of one plan with the same options) is the same. */
static void assert_same_forecast(const forecast *a, const forecast *b)
{
    packed pa = pack_forecast(a), pb = pack_forecast(b);
    assert_int_equal(pa.n_sum32, pb.n_sum32);
    assert_int_equal(pa.n_sum64, pb.n_sum64);
    assert_int_equal(pa.n_max64, pb.n_max64);
    assert_memory_equal(pa.sum32, pb.sum32, (pa.n_sum32 + 1) * sizeof *pa.sum32);
    assert_memory_equal(pa.sum64, pb.sum64, (pa.n_sum64 + 1) * sizeof *pa.sum64);
    assert_memory_equal(pa.max64, pb.max64, (pa.n_max64 + 1) * sizeof *pa.max64);
    packed_fini(&pa);
    packed_fini(&pb);
    for (int32_t s = 0; s < forecast_n_full_scenarios(a); s++) {
        drivers_row *ra, *rb;
        int32_t na, nb;
        assert_int_equal(drivers_rows(forecast_drivers(a, s), &ra, &na, NULL), STATUS_OK);
        assert_int_equal(drivers_rows(forecast_drivers(b, s), &rb, &nb, NULL), STATUS_OK);
        assert_int_equal(na, nb);
        for (int32_t k = 0; k < na; k++) { /* field by field: rows have padding */
            assert_int_equal(ra[k].kind, rb[k].kind);
            assert_int_equal(ra[k].a, rb[k].a);
            assert_int_equal(ra[k].b, rb[k].b);
            assert_memory_equal(&ra[k].share_plan_chain, &rb[k].share_plan_chain, sizeof(double));
            assert_memory_equal(&ra[k].share_late_chains, &rb[k].share_late_chains, sizeof(double));
            assert_memory_equal(&ra[k].share_waiting, &rb[k].share_waiting, sizeof(double));
        }
        free(ra);
        free(rb);
    }
}

static void block_covers_every_unit_once(void **state)
{
    (void)state;
    const uint64_t units[] = {0, 1, 2, 5, 1001, 1000000000};
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        for (int size = 1; size <= 7; size++) {
            uint64_t next = 0, least = UINT64_MAX, most = 0;
            for (int rank = 0; rank < size; rank++) {
                uint64_t first, count;
                cluster_block(units[u], rank, size, &first, &count);
                assert_true(first == next); /* contiguous, in rank order */
                next = first + count;
                least = count < least ? count : least;
                most = count > most ? count : most;
            }
            assert_true(next == units[u]);
            assert_true(most - least <= 1);
        }
    }
}

/* Every scenario full, or the first two (the others as the sensitivity analysis keeps them:
 * the plan's statistics only). */
static void check_parts(const plan *p, int32_t n_full)
{
    forecast *whole = run_range(p, 2, n_full, NULL);
    assert_true(tally_trials(forecast_tally(whole, 0)) == TRIALS);
    const int sizes[] = {2, 3, 5};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        int size = sizes[k];
        forecast *part[5] = {NULL};
        for (int rank = 0; rank < size; rank++) {
            forecast_range range;
            cluster_block(TRIALS, rank, size, &range.first_trial, &range.n_trials);
            part[rank] = run_range(p, 1 + rank % 2, n_full, &range);
            assert_true(tally_trials(forecast_tally(part[rank], 0)) == range.n_trials);
        }
        /* the lanes added onto part 0, as MPI_Reduce does onto rank 0; then the resource edges
         * of the others merged into it */
        packed sum = pack_forecast(part[0]);
        for (int rank = 1; rank < size; rank++) {
            packed pk = pack_forecast(part[rank]);
            packed_add(&sum, &pk);
            packed_fini(&pk);
        }
        packed_rewind(&sum);
        forecast_unpack(part[0], &sum);
        packed_fini(&sum);
        for (int rank = 1; rank < size; rank++) {
            size_t n = forecast_pack_resources(part[rank], NULL);
            uint64_t *words = malloc((n + 1) * sizeof *words);
            assert_non_null(words);
            assert_int_equal(forecast_pack_resources(part[rank], words), n);
            assert_int_equal(forecast_merge_resources(part[0], words, n, NULL), STATUS_OK);
            free(words);
        }
        assert_same_forecast(whole, part[0]);
        for (int rank = 0; rank < size; rank++)
            forecast_destroy(part[rank]);
    }
    forecast_destroy(whole);
}

static void parts_add_up_to_the_whole(void **state)
{
    (void)state;
    plan *p = load_example(TRIALS);
    assert_true(p->n_scenarios > 2);
    check_parts(p, -1);
    check_parts(p, 2);
    plan_destroy(p);
}

static void ranges_are_clipped_to_the_trials(void **state)
{
    (void)state;
    plan *p = load_example(TRIALS);
    const forecast_range past = {TRIALS + 5, 10}, across = {TRIALS - 7, 100}, none = {3, 0};
    forecast *f = run_range(p, 2, -1, &past);
    assert_true(tally_trials(forecast_tally(f, 0)) == 0);
    forecast_destroy(f);
    f = run_range(p, 2, -1, &across);
    assert_true(tally_trials(forecast_tally(f, 0)) == 7);
    forecast_destroy(f);
    f = run_range(p, 1, -1, &none);
    assert_true(tally_trials(forecast_tally(f, 0)) == 0);
    forecast_destroy(f);
    plan_destroy(p);
}

/* ---- on the cluster (collective: every rank runs these, in this order) -------------------- */

static void cluster_forecast_equals_one_process(void **state)
{
    const cluster *c = *state;
    plan *p = load_example(TRIALS);
    forecast_options opt = forecast_options_default(2);
    opt.n_full_scenarios = 3; /* and five scenarios with the plan's statistics only */
    forecast *f = NULL;
    status st;
    status_code rc = cluster_forecast_run(c, p, &opt, &f, &st);
    if (rc != STATUS_OK)
        fail_msg("%s", st.message);
    if (cluster_rank(c) == 0) {
        forecast *alone = run_range(p, 1, 3, NULL);
        assert_non_null(f);
        assert_same_forecast(alone, f);
        forecast_destroy(alone);
    } else {
        assert_null(f); /* rank 0 holds the results */
    }
    forecast_destroy(f);
    plan_destroy(p);
}

static void agreement_reaches_every_rank(void **state)
{
    const cluster *c = *state;
    int rank = cluster_rank(c), size = cluster_size(c);
    status st;
    status_clear(&st);
    assert_int_equal(cluster_agree(c, STATUS_OK, &st), STATUS_OK);
    /* the last rank fails: every rank learns it, with its message */
    status_code mine = STATUS_OK;
    if (rank == size - 1)
        mine = status_set(&st, STATUS_EIO, "cannot read the moon");
    assert_int_equal(cluster_agree(c, mine, &st), STATUS_EIO);
    char want[64];
    if (size == 1)
        snprintf(want, sizeof want, "cannot read the moon");
    else
        snprintf(want, sizeof want, "rank %d: cannot read the moon", size - 1);
    assert_string_equal(st.message, want);
    /* several fail: the lowest rank's failure wins */
    status_clear(&st);
    mine = status_set(&st, rank == 0 ? STATUS_EINPUT : STATUS_ENOMEM, "from rank %d", rank);
    assert_int_equal(cluster_agree(c, mine, &st), STATUS_EINPUT);
    assert_string_equal(st.message, "from rank 0");
}

static void reduce_packed_adds_onto_rank_0(void **state)
{
    const cluster *c = *state;
    int rank = cluster_rank(c), size = cluster_size(c);
    packed counted = {.at_sum32 = 2, .at_sum64 = 1, .at_max64 = 1}, pk;
    assert_int_equal(packed_init(&pk, &counted, NULL), STATUS_OK);
    const uint32_t words[2] = {0xffffffffu, (uint32_t)rank};
    packed_put_sum32s(&pk, words, 2);
    packed_put_sum64(&pk, (uint64_t)rank + 1);
    packed_put_max64(&pk, (uint64_t)rank); /* the last rank's wins */
    status st;
    assert_int_equal(cluster_reduce_packed(c, &pk, &st), STATUS_OK);
    packed_rewind(&pk);
    uint32_t got[2];
    packed_take_sum32s(&pk, got, 2);
    uint64_t sum = packed_take_sum64(&pk), max = packed_take_max64(&pk);
    if (rank == 0) {
        assert_int_equal(got[0], (uint32_t)(0u - (uint32_t)size)); /* size x (2^32 - 1) */
        assert_int_equal(got[1], (uint32_t)(size * (size - 1) / 2));
        assert_int_equal(sum, (uint64_t)(size * (size + 1) / 2));
        assert_int_equal(max, (uint64_t)(size - 1));
    } else { /* left as it was */
        assert_int_equal(got[1], (uint32_t)rank);
        assert_int_equal(sum, (uint64_t)rank + 1);
    }
    packed_fini(&pk);
    /* lanes that differ in size between ranks are refused everywhere, never reduced */
    packed odd = {0};
    counted.at_sum64 = 1 + (size_t)(rank == size - 1);
    assert_int_equal(packed_init(&odd, &counted, NULL), STATUS_OK);
    assert_int_equal(cluster_reduce_packed(c, &odd, &st), size > 1 ? STATUS_EINPUT : STATUS_OK);
    packed_fini(&odd);
}

int main(int argc, char **argv)
{
    cluster *c = NULL;
    status st;
    if (cluster_create(&argc, &argv, &c, &st) != STATUS_OK) {
        fprintf(stderr, "%s\n", st.message);
        return 1;
    }
    if (cluster_rank(c) != 0) {
        FILE *out = freopen("/dev/null", "w", stdout), *err = freopen("/dev/null", "w", stderr);
        (void)out;
        (void)err;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(block_covers_every_unit_once),
        cmocka_unit_test(parts_add_up_to_the_whole),
        cmocka_unit_test(ranges_are_clipped_to_the_trials),
        cmocka_unit_test_prestate(cluster_forecast_equals_one_process, c),
        cmocka_unit_test_prestate(agreement_reaches_every_rank, c),
        cmocka_unit_test_prestate(reduce_packed_adds_onto_rank_0, c),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    cluster_destroy(c);
    return failed;
}
