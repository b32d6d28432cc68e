/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of packed statistics (packed.h and the pack/unpack functions of tally, burnup, drivers
 * and paired): each lane's rule (wrapping sums, maxima), and for every module, parts of a set
 * of trials packed, added lane by lane and unpacked give the counts of all the trials at once,
 * including parts without trials. calloc is wrapped (-Wl,--wrap=calloc) so that the
 * allocation failures of packed_init and of a growing resource-edge table can be provoked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "burnup.h"
#include "drivers.h"
#include "packed.h"
#include "paired.h"
#include "tally.h"

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

static long calloc_fail_at = -1; /* index of the calloc to fail from now on; -1: none */

void *__wrap_calloc(size_t n, size_t size)
{
    if (calloc_fail_at >= 0 && calloc_fail_at-- == 0)
        return NULL;
    return __real_calloc(n, size);
}

/* A small deterministic generator for made-up trials. */
static uint32_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*x >> 33);
}

/* *pk = new lanes holding obj's counts: a counting pass, then the writing pass, which must
 * fill every lane exactly. */
#define PACK_NEW(pack, obj, pk)                                                                    \
    do {                                                                                           \
        packed counted_ = {0};                                                                     \
        pack(obj, &counted_);                                                                      \
        assert_int_equal(packed_init(pk, &counted_, NULL), STATUS_OK);                             \
        pack(obj, pk);                                                                             \
        assert_int_equal((pk)->at_sum32, (pk)->n_sum32);                                           \
        assert_int_equal((pk)->at_sum64, (pk)->n_sum64);                                           \
        assert_int_equal((pk)->at_max64, (pk)->n_max64);                                           \
    } while (0)

static void assert_same_lanes(const packed *a, const packed *b)
{
    assert_int_equal(a->n_sum32, b->n_sum32);
    assert_int_equal(a->n_sum64, b->n_sum64);
    assert_int_equal(a->n_max64, b->n_max64);
    /* packed_init allocates one word more, zeroed: never an empty comparison */
    assert_memory_equal(a->sum32, b->sum32, (a->n_sum32 + 1) * sizeof *a->sum32);
    assert_memory_equal(a->sum64, b->sum64, (a->n_sum64 + 1) * sizeof *a->sum64);
    assert_memory_equal(a->max64, b->max64, (a->n_max64 + 1) * sizeof *a->max64);
}

static void lanes_combine_by_their_rule(void **state)
{
    (void)state;
    packed counted = {0};
    const uint32_t three[3] = {0xffffffffu, 7, 0};
    packed_put_sum32s(&counted, three, 3);
    packed_put_sum64(&counted, UINT64_MAX);
    packed_put_max64(&counted, 5);
    packed_put_max64(&counted, 9);
    assert_int_equal(counted.at_sum32, 3);
    assert_int_equal(counted.at_sum64, 1);
    assert_int_equal(counted.at_max64, 2);
    assert_int_equal(packed_bytes(&counted), 3 * 4 + 3 * 8);

    packed a, b;
    assert_int_equal(packed_init(&a, &counted, NULL), STATUS_OK);
    assert_int_equal(packed_init(&b, &counted, NULL), STATUS_OK);
    packed_put_sum32s(&a, three, 3);
    packed_put_sum64(&a, UINT64_MAX);
    packed_put_max64(&a, 5);
    packed_put_max64(&a, 9);
    const uint32_t other[3] = {2, 1, 0};
    packed_put_sum32s(&b, other, 3);
    packed_put_sum64(&b, 3);
    packed_put_max64(&b, 6);
    packed_put_max64(&b, 0);
    packed_add(&a, &b);
    packed_rewind(&a);
    uint32_t got[3];
    packed_take_sum32s(&a, got, 3);
    assert_int_equal(got[0], 1); /* 0xffffffff + 2 wraps, as the burn-up's cells do */
    assert_int_equal(got[1], 8);
    assert_int_equal(got[2], 0);
    assert_true(packed_take_sum64(&a) == 2); /* modulo 2^64 */
    assert_int_equal(packed_take_max64(&a), 6);
    assert_int_equal(packed_take_max64(&a), 9);
    packed_fini(&a);
    packed_fini(&b);
    packed_fini(&b); /* a finished packed is zeroed: twice is fine */
}

static void init_failure_leaves_an_empty_packed(void **state)
{
    (void)state;
    packed counted = {.at_sum32 = 10, .at_sum64 = 4, .at_max64 = 2};
    for (long k = 0; k < 3; k++) {
        packed pk;
        status st;
        calloc_fail_at = k;
        assert_int_equal(packed_init(&pk, &counted, &st), STATUS_ENOMEM);
        calloc_fail_at = -1;
        assert_int_equal(st.code, STATUS_ENOMEM);
        assert_null(pk.sum32);
        assert_null(pk.sum64);
        assert_null(pk.max64);
        packed_fini(&pk);
    }
}

/* ---- tally -------------------------------------------------------------------------------- */

enum { N_ITEMS = 5, N_DAYS = 30, HORIZON = 12, N_TRIALS = 60 };

static void random_finishes(uint64_t *x, int32_t *finish, uint8_t *critical)
{
    for (int32_t i = 0; i < N_ITEMS; i++) {
        uint32_t r = lcg(x) % 40;
        finish[i] = r < 32   ? (int32_t)r - 1
                    : r < 36 ? TERMS_NOT_WITHIN_CAP
                             : TERMS_DONE_BEFORE_START;
        if (i == 4)
            finish[i] = TERMS_NOT_IN_SCENARIO;
        critical[i] = (uint8_t)(lcg(x) & 3);
    }
}

static packed pack_tally(const tally *t)
{
    packed pk;
    PACK_NEW(tally_pack, t, &pk);
    return pk;
}

static tally *new_tally(bool plan_only)
{
    tally *t = plan_only ? tally_create_plan_only(N_ITEMS, N_DAYS, HORIZON)
                         : tally_create(N_ITEMS, N_DAYS, HORIZON);
    assert_non_null(t);
    return t;
}

/* Full tallies, and plan-only ones (the sensitivity analysis's: one stored row). */
static void check_tally_parts(bool plan_only)
{
    tally *all = new_tally(plan_only);
    tally *part[3] = {new_tally(plan_only), new_tally(plan_only), new_tally(plan_only)};
    uint64_t x = 11; /* part[2] runs no trial */
    for (int k = 0; k < N_TRIALS; k++) {
        int32_t finish[N_ITEMS];
        uint8_t critical[N_ITEMS];
        random_finishes(&x, finish, critical);
        tally_add(all, finish, critical);
        tally_add(part[k < 23 ? 0 : 1], finish, critical);
    }
    packed sum = pack_tally(part[0]);
    for (int k = 1; k < 3; k++) {
        packed pk = pack_tally(part[k]);
        packed_add(&sum, &pk);
        packed_fini(&pk);
    }
    tally *merged = new_tally(plan_only);
    packed_rewind(&sum);
    tally_unpack(merged, &sum);
    assert_int_equal(sum.at_sum32, sum.n_sum32); /* everything read back */
    assert_int_equal(sum.at_sum64, sum.n_sum64);
    assert_int_equal(tally_trials(merged), N_TRIALS);
    packed want = pack_tally(all), got = pack_tally(merged);
    assert_same_lanes(&want, &got);
    for (int32_t i = plan_only ? N_ITEMS : 0; i <= N_ITEMS; i++)
        assert_int_equal(tally_percentile(merged, i, 85), tally_percentile(all, i, 85));
    assert_int_equal(tally_done_by_horizon(merged, 2), tally_done_by_horizon(all, 2));
    packed_fini(&want);
    packed_fini(&got);
    packed_fini(&sum);
    tally_destroy(merged);
    tally_destroy(all);
    for (int k = 0; k < 3; k++)
        tally_destroy(part[k]);
}

static void tally_parts_add_up_to_the_whole(void **state)
{
    (void)state;
    check_tally_parts(false);
    check_tally_parts(true);
    /* a plan-only tally packs one day row, not one per item */
    tally *full = new_tally(false), *plan = new_tally(true);
    packed a = {0}, b = {0};
    tally_pack(full, &a);
    tally_pack(plan, &b);
    assert_int_equal(a.at_sum32, (N_ITEMS + 1) * N_DAYS);
    assert_int_equal(b.at_sum32, N_DAYS);
    tally_destroy(full);
    tally_destroy(plan);
}

/* ---- burnup ------------------------------------------------------------------------------- */

static packed pack_burnup(const burnup *b)
{
    packed pk;
    PACK_NEW(burnup_pack, b, &pk);
    return pk;
}

static void assert_same_curves(const burnup *a, const burnup *b)
{
    burnup_curve ca, cb;
    assert_int_equal(burnup_curve_compute(a, &ca, NULL), STATUS_OK);
    assert_int_equal(burnup_curve_compute(b, &cb, NULL), STATUS_OK);
    assert_int_equal(ca.n_dates, cb.n_dates);
    assert_int_equal(ca.scope, cb.scope);
    assert_int_equal(ca.horizon_row, cb.horizon_row);
    assert_memory_equal(ca.date, cb.date, (size_t)ca.n_dates * sizeof *ca.date);
    assert_memory_equal(ca.done, cb.done, (size_t)ca.n_dates * sizeof *ca.done);
    burnup_curve_fini(&ca);
    burnup_curve_fini(&cb);
}

static void burnup_parts_add_up_to_the_whole(void **state)
{
    (void)state;
    const int32_t start = 20000; /* any date */
    enum { DAYS = 500 };         /* past the daily year: Fridays too */
    burnup *all = burnup_create(start, DAYS, HORIZON, N_ITEMS);
    burnup *part[3];
    for (int k = 0; k < 3; k++)
        part[k] = burnup_create(start, DAYS, HORIZON, N_ITEMS);
    uint64_t x = 5;
    for (int k = 0; k < N_TRIALS; k++) {
        int32_t finish[N_ITEMS];
        for (int32_t i = 0; i < N_ITEMS; i++)
            finish[i] = (int32_t)(lcg(&x) % 40) * (i + 1);
        /* one trial of part 1 alone leaves an item unfinished, and reaches far */
        if (k == 40) {
            finish[0] = TERMS_NOT_WITHIN_CAP;
            finish[1] = DAYS - 3;
        }
        burnup_add(all, finish);
        burnup_add(part[k < 30 ? 0 : 1], finish);
    }
    packed sum = pack_burnup(part[2]); /* the empty part first: its scope 0 must not win */
    for (int k = 0; k < 2; k++) {
        packed pk = pack_burnup(part[k]);
        packed_add(&sum, &pk);
        packed_fini(&pk);
    }
    burnup *merged = burnup_create(start, DAYS, HORIZON, N_ITEMS);
    packed_rewind(&sum);
    burnup_unpack(merged, &sum);
    assert_int_equal(burnup_trials(merged), N_TRIALS);
    packed want = pack_burnup(all), got = pack_burnup(merged);
    assert_same_lanes(&want, &got);
    assert_same_curves(all, merged);
    /* and the curve reaches the cap's last day, as the unfinished trial demands */
    burnup_curve c;
    assert_int_equal(burnup_curve_compute(merged, &c, NULL), STATUS_OK);
    assert_int_equal(c.date[c.n_dates - 1], start + DAYS - 1);
    burnup_curve_fini(&c);
    /* an empty burn-up packs to zeros everywhere but the last-date lane's "none" */
    packed empty = pack_burnup(part[2]);
    assert_int_equal(empty.max64[0], 0);
    assert_int_equal(empty.max64[1], 0);
    assert_int_equal(empty.max64[2], 0);
    packed_fini(&empty);
    packed_fini(&want);
    packed_fini(&got);
    packed_fini(&sum);
    burnup_destroy(merged);
    burnup_destroy(all);
    for (int k = 0; k < 3; k++)
        burnup_destroy(part[k]);
}

/* ---- drivers ------------------------------------------------------------------------------ */

enum { D_ITEMS = 6, D_EDGES = 3, D_TEAMS = 2, D_MAX_RESOURCE = 4 };

/* One made-up trial's chains; resource pairs drawn among the items, so parts see different
 * pairs. */
static void add_random_chains(drivers *d1, drivers *d2, uint64_t *x)
{
    uint8_t item[D_ITEMS], edge[D_EDGES], team[D_TEAMS], bits[D_MAX_RESOURCE];
    int32_t wait[D_TEAMS], from[D_MAX_RESOURCE], to[D_MAX_RESOURCE];
    for (int i = 0; i < D_ITEMS; i++)
        item[i] = (uint8_t)(lcg(x) & 3);
    for (int e = 0; e < D_EDGES; e++)
        edge[e] = (uint8_t)(lcg(x) & 3);
    for (int t = 0; t < D_TEAMS; t++) {
        team[t] = (uint8_t)(lcg(x) & 3);
        wait[t] = (int32_t)(lcg(x) % 9);
    }
    int32_t n = (int32_t)(lcg(x) % (D_MAX_RESOURCE + 1));
    for (int32_t k = 0; k < n; k++) {
        from[k] = (int32_t)(lcg(x) % D_ITEMS);
        to[k] = (int32_t)(lcg(x) % D_ITEMS);
        bits[k] = (uint8_t)(1 + lcg(x) % 3);
    }
    drivers_chains c = {item, edge, team, wait, (int32_t)(lcg(x) % 50), n, from, to, bits};
    assert_int_equal(drivers_add(d1, &c), STATUS_OK);
    if (d2)
        assert_int_equal(drivers_add(d2, &c), STATUS_OK);
}

static packed pack_drivers(const drivers *d)
{
    packed pk;
    PACK_NEW(drivers_pack, d, &pk);
    return pk;
}

static void assert_same_rows(const drivers *a, const drivers *b)
{
    drivers_row *ra, *rb;
    int32_t na, nb;
    assert_int_equal(drivers_rows(a, &ra, &na, NULL), STATUS_OK);
    assert_int_equal(drivers_rows(b, &rb, &nb, NULL), STATUS_OK);
    assert_int_equal(na, nb);
    for (int32_t k = 0; k < na; k++) {
        assert_int_equal(ra[k].kind, rb[k].kind);
        assert_int_equal(ra[k].a, rb[k].a);
        assert_int_equal(ra[k].b, rb[k].b);
        assert_true(ra[k].share_plan_chain == rb[k].share_plan_chain);
        assert_true(ra[k].share_late_chains == rb[k].share_late_chains);
        assert_memory_equal(&ra[k].share_waiting, &rb[k].share_waiting, sizeof(double));
    }
    free(ra);
    free(rb);
}

static uint64_t *resource_words(const drivers *d, size_t *n)
{
    *n = drivers_pack_resources(d, NULL);
    uint64_t *words = malloc((*n + 1) * sizeof *words);
    assert_non_null(words);
    assert_int_equal(drivers_pack_resources(d, words), *n);
    return words;
}

static void drivers_parts_add_up_to_the_whole(void **state)
{
    (void)state;
    drivers *all = drivers_create(D_ITEMS, D_EDGES, D_TEAMS);
    drivers *part[3];
    for (int k = 0; k < 3; k++)
        part[k] = drivers_create(D_ITEMS, D_EDGES, D_TEAMS);
    uint64_t x = 3;
    for (int k = 0; k < N_TRIALS; k++)
        add_random_chains(part[k % 2], all, &x);
    /* the fixed counts by the lanes, onto part 0 as rank 0 would; then the resource edges */
    packed sum = pack_drivers(part[0]);
    for (int k = 1; k < 3; k++) {
        packed pk = pack_drivers(part[k]);
        packed_add(&sum, &pk);
        packed_fini(&pk);
    }
    packed_rewind(&sum);
    drivers_unpack(part[0], &sum);
    for (int k = 1; k < 3; k++) {
        size_t n;
        uint64_t *words = resource_words(part[k], &n);
        assert_int_equal(n % 3, 0);
        assert_int_equal(drivers_merge_resources(part[0], words, n), STATUS_OK);
        free(words);
    }
    assert_int_equal(drivers_trials(part[0]), N_TRIALS);
    packed want = pack_drivers(all), got = pack_drivers(part[0]);
    assert_same_lanes(&want, &got);
    assert_same_rows(all, part[0]);
    assert_int_equal(drivers_pack_resources(part[2], NULL), 0); /* no trials, no pairs */
    packed_fini(&want);
    packed_fini(&got);
    packed_fini(&sum);
    drivers_destroy(all);
    for (int k = 0; k < 3; k++)
        drivers_destroy(part[k]);
}

static void drivers_merge_resources_out_of_memory(void **state)
{
    (void)state;
    /* more pairs than the table's first 64 slots hold at half load: it must grow */
    enum { PAIRS = 40 };
    drivers *src = drivers_create(PAIRS + 1, 0, 1), *dst = drivers_create(PAIRS + 1, 0, 1);
    uint8_t item[PAIRS + 1] = {0}, team[1] = {0}, bits[PAIRS];
    int32_t wait[1] = {0}, from[PAIRS], to[PAIRS];
    for (int32_t k = 0; k < PAIRS; k++) {
        from[k] = k;
        to[k] = k + 1;
        bits[k] = DRIVERS_PLAN;
    }
    drivers_chains c = {item, NULL, team, wait, 1, PAIRS, from, to, bits};
    assert_int_equal(drivers_add(src, &c), STATUS_OK);
    size_t n;
    uint64_t *words = resource_words(src, &n);
    assert_int_equal(n, 3 * PAIRS);
    calloc_fail_at = 0;
    assert_int_equal(drivers_merge_resources(dst, words, n), STATUS_ENOMEM);
    calloc_fail_at = -1;
    /* the table stays usable: merging again holds every pair */
    assert_int_equal(drivers_merge_resources(dst, words, n), STATUS_OK);
    size_t n_dst = drivers_pack_resources(dst, NULL);
    assert_int_equal(n_dst, n);
    free(words);
    drivers_destroy(src);
    drivers_destroy(dst);
}

/* ---- paired ------------------------------------------------------------------------------- */

static void paired_sums_travel_as_twos_complement(void **state)
{
    (void)state;
    paired_delta a = {0}, b = {0}, all = {0};
    const int64_t deltas[] = {-5, -7, 3, -2000000000, 12}; /* squares fit int64 */
    for (int k = 0; k < 5; k++) {
        paired_add(k < 2 ? &a : &b, deltas[k]);
        paired_add(&all, deltas[k]);
    }
    packed pa, pb;
    PACK_NEW(paired_pack, &a, &pa);
    PACK_NEW(paired_pack, &b, &pb);
    assert_int_equal(pa.n_sum64, 3);
    packed_add(&pa, &pb);
    packed_rewind(&pa);
    paired_delta got = {0};
    paired_unpack(&got, &pa);
    assert_true(got.n == all.n);
    assert_true(got.sum == all.sum);
    assert_true(got.sum == -1999999997);
    assert_true(got.sum_sq == all.sum_sq);
    packed_fini(&pa);
    packed_fini(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lanes_combine_by_their_rule),
        cmocka_unit_test(init_failure_leaves_an_empty_packed),
        cmocka_unit_test(tally_parts_add_up_to_the_whole),
        cmocka_unit_test(burnup_parts_add_up_to_the_whole),
        cmocka_unit_test(drivers_parts_add_up_to_the_whole),
        cmocka_unit_test(drivers_merge_resources_out_of_memory),
        cmocka_unit_test(paired_sums_travel_as_twos_complement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
