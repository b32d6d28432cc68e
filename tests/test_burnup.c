/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of burnup: the date grid, the quantile rule against a brute-force oracle over stored
 * trials, agreement with summary_done_by_horizon at an exact 15 % boundary, merging in any
 * grouping, the simulated span, scope, and the CSV writer with its write errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "burnup.h"
#include "date.h"
#include "summary.h"
#include "tally.h"

static int32_t ymd(int y, int m, int d)
{
    int32_t out = DATE_NONE;
    assert_true(date_from_ymd(y, m, d, &out));
    return out;
}

/* Index of `date` in b's grid, or -1. */
static int32_t grid_index(const burnup *b, int32_t date)
{
    for (int32_t g = 0; g < burnup_n_dates(b); g++)
        if (burnup_date(b, g) == date)
            return g;
    return -1;
}

static void grid_is_weekdays_then_fridays(void **state)
{
    (void)state;
    int32_t start = ymd(2027, 1, 4); /* a Monday */
    burnup *b = burnup_create(start, 800, 5 /* Saturday 2027-01-09 */, 3);
    assert_non_null(b);
    assert_int_equal(burnup_date(b, 0), start);
    assert_true(grid_index(b, ymd(2027, 1, 9)) >= 0);      /* the horizon, a Saturday */
    assert_int_equal(grid_index(b, ymd(2027, 1, 10)), -1); /* a Sunday */
    assert_true(grid_index(b, start + 799) >= 0);          /* the cap's last day */
    int32_t weekdays = 0;
    for (int32_t g = 0; g < burnup_n_dates(b); g++) {
        int32_t d = burnup_date(b, g) - start;
        int wd = date_weekday(burnup_date(b, g));
        if (g > 0)
            assert_true(burnup_date(b, g) > burnup_date(b, g - 1));
        if (d == 5 || d == 799)
            continue;
        if (d < BURNUP_DAILY_DAYS) {
            assert_true(wd <= 4);
            weekdays++;
        } else {
            assert_int_equal(wd, 4); /* Friday */
        }
    }
    assert_int_equal(weekdays, 262); /* 52 weeks and 2 days (Mon, Tue) */
    /* 2028-01-07 is 368 days after the start: the first Friday-only date after daily ones */
    assert_true(grid_index(b, ymd(2028, 1, 7)) >= 0);
    assert_int_equal(grid_index(b, ymd(2028, 1, 6)), -1);
    assert_true(burnup_bytes(3, 800) >= 4.0 * 4.0 * burnup_n_dates(b));
    burnup_destroy(b);
}

/* A small deterministic generator for the oracle's trials (not the project's streams: any
 * sequence will do). */
static uint32_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*x >> 33);
}

enum { ORACLE_ITEMS = 6, ORACLE_DAYS = 40, ORACLE_TRIALS = 300 };

static int32_t random_finish(uint64_t *x)
{
    uint32_t r = lcg(x) % 100;
    if (r < 5)
        return TERMS_DONE_BEFORE_START;
    if (r < 10)
        return TERMS_NOT_WITHIN_CAP;
    if (r < 13)
        return ORACLE_DAYS + 3; /* past the cap: not done */
    return (int32_t)(lcg(x) % ORACLE_DAYS);
}

/* The rule of burnup.h, straight from the trials: the largest k with
 * #(trials with >= k done by day) * 100 >= (100 - percent) * trials. */
static int32_t oracle_quantile(int32_t finish[][ORACLE_ITEMS], int n_trials, int32_t day,
                               uint32_t percent)
{
    for (int32_t k = ORACLE_ITEMS; k > 0; k--) {
        uint64_t at_least = 0;
        for (int t = 0; t < n_trials; t++) {
            int32_t done = 0;
            for (int i = 0; i < ORACLE_ITEMS; i++) {
                int32_t f = finish[t][i];
                done += f == TERMS_DONE_BEFORE_START || (f >= 0 && f < ORACLE_DAYS && f <= day);
            }
            at_least += done >= k;
        }
        if (at_least * 100 >= (uint64_t)(100 - percent) * (uint64_t)n_trials)
            return k;
    }
    return 0;
}

static void quantiles_match_brute_force(void **state)
{
    (void)state;
    static int32_t finish[ORACLE_TRIALS][ORACLE_ITEMS];
    uint64_t x = 2027;
    int32_t start = ymd(2027, 1, 6); /* a Wednesday */
    burnup *b = burnup_create(start, ORACLE_DAYS, TALLY_NO_HORIZON, ORACLE_ITEMS);
    assert_non_null(b);
    for (int t = 0; t < ORACLE_TRIALS; t++) {
        for (int i = 0; i < ORACLE_ITEMS; i++)
            finish[t][i] = random_finish(&x);
        burnup_add(b, finish[t]);
    }
    assert_int_equal(burnup_trials(b), ORACLE_TRIALS);
    for (int32_t g = 0; g < burnup_n_dates(b); g++) {
        int32_t day = burnup_date(b, g) - start;
        for (uint32_t p = 1; p <= 99; p++)
            assert_int_equal(burnup_quantile(b, g, p),
                             oracle_quantile(finish, ORACLE_TRIALS, day, p));
    }
    /* the curve gives the same figures for its five percentiles */
    burnup_curve c;
    status st;
    status_clear(&st);
    assert_int_equal(burnup_curve_compute(b, &c, &st), STATUS_OK);
    assert_int_equal(c.scope, ORACLE_ITEMS);
    assert_int_equal(c.n_dates, burnup_n_dates(b)); /* some trial never finished: to the cap */
    for (int32_t g = 0; g < c.n_dates; g++)
        for (int q = 0; q < BURNUP_N_QUANTILES; q++)
            assert_int_equal(c.done[g][q], burnup_quantile(b, g, burnup_percents[q]));
    burnup_curve_fini(&c);
    burnup_destroy(b);
}

/* 20 trials, 3 of which have nothing done by the horizon: P(done >= 1) is exactly 85 %. The
 * burn-up's q15 at the horizon and summary_done_by_horizon(85) must both say 1. */
static void horizon_row_equals_done_by_horizon(void **state)
{
    (void)state;
    int32_t start = ymd(2027, 1, 4);
    int32_t horizon_day = 9;
    burnup *b = burnup_create(start, 30, horizon_day, 2);
    tally *t = tally_create(2, 30, horizon_day);
    assert_non_null(b);
    assert_non_null(t);
    for (int k = 0; k < 20; k++) {
        int32_t finish[2] = {k < 3 ? 12 : 4, k < 10 ? 20 : 9};
        burnup_add(b, finish);
        tally_add(t, finish, NULL);
    }
    summary_scenario view = {
        .name = "baseline", .t = t, .start = start, .horizon = start + horizon_day};
    burnup_curve c;
    status st;
    status_clear(&st);
    assert_int_equal(burnup_curve_compute(b, &c, &st), STATUS_OK);
    assert_true(c.horizon_row >= 0);
    assert_int_equal(c.date[c.horizon_row], start + horizon_day);
    assert_int_equal(c.done[c.horizon_row][1], summary_done_by_horizon(&view, 85));
    assert_int_equal(c.done[c.horizon_row][1], 1);
    assert_int_equal(c.done[c.horizon_row][2], summary_done_by_horizon(&view, 50));
    assert_int_equal(c.done[c.horizon_row][2], 2);
    /* span: the latest finish is day 20 (a Sunday): the curve ends on Monday, day 21 */
    assert_int_equal(c.date[c.n_dates - 1], start + 21);
    assert_int_equal(c.done[c.n_dates - 1][0], 2);
    burnup_curve_fini(&c);
    tally_destroy(t);
    burnup_destroy(b);
}

static void span_scope_and_codes(void **state)
{
    (void)state;
    int32_t start = ymd(2027, 1, 4);
    burnup *b = burnup_create(start, 100, 50, 3);
    assert_non_null(b);
    /* item 2 is not in the scenario; item 0 was done before the start */
    int32_t finish[3] = {TERMS_DONE_BEFORE_START, 3, TERMS_NOT_IN_SCENARIO};
    burnup_add(b, finish);
    burnup_curve c;
    status st;
    status_clear(&st);
    assert_int_equal(burnup_curve_compute(b, &c, &st), STATUS_OK);
    assert_int_equal(c.scope, 2);
    assert_int_equal(c.done[0][2], 1);                   /* day 0: the done item */
    assert_int_equal(c.done[3][2], 2);                   /* Thursday, day 3 */
    assert_int_equal(c.date[c.n_dates - 1], start + 50); /* extended to the horizon */
    assert_int_equal(c.horizon_row, c.n_dates - 1);
    burnup_curve_fini(&c);
    burnup_destroy(b);

    /* nothing finished, no horizon: one row */
    b = burnup_create(start, 100, TALLY_NO_HORIZON, 1);
    assert_non_null(b);
    int32_t none[1] = {TERMS_DONE_BEFORE_START};
    burnup_add(b, none);
    assert_int_equal(burnup_curve_compute(b, &c, &st), STATUS_OK);
    assert_int_equal(c.n_dates, 1);
    assert_int_equal(c.horizon_row, -1);
    burnup_curve_fini(&c);
    burnup_destroy(b);

    /* no trials: no rows */
    b = burnup_create(start, 10, TALLY_NO_HORIZON, 1);
    assert_non_null(b);
    assert_int_equal(burnup_curve_compute(b, &c, &st), STATUS_OK);
    assert_int_equal(c.n_dates, 0);
    burnup_curve_fini(&c);
    burnup_curve_fini(NULL);
    burnup_destroy(b);
    burnup_destroy(NULL);
}

static void merge_is_order_free(void **state)
{
    (void)state;
    int32_t start = ymd(2027, 1, 4);
    burnup *whole = burnup_create(start, ORACLE_DAYS, 17, ORACLE_ITEMS);
    burnup *part[3];
    for (int k = 0; k < 3; k++) {
        part[k] = burnup_create(start, ORACLE_DAYS, 17, ORACLE_ITEMS);
        assert_non_null(part[k]);
    }
    burnup *merged = burnup_create(start, ORACLE_DAYS, 17, ORACLE_ITEMS);
    assert_non_null(whole);
    assert_non_null(merged);
    uint64_t x = 7;
    for (int t = 0; t < 200; t++) {
        int32_t finish[ORACLE_ITEMS];
        for (int i = 0; i < ORACLE_ITEMS; i++)
            finish[i] = random_finish(&x);
        burnup_add(whole, finish);
        burnup_add(part[(t * 7) % 3], finish);
    }
    burnup_merge(merged, part[2]);
    burnup_merge(merged, part[0]);
    burnup_merge(merged, part[1]);
    burnup_curve a, m;
    status st;
    status_clear(&st);
    assert_int_equal(burnup_curve_compute(whole, &a, &st), STATUS_OK);
    assert_int_equal(burnup_curve_compute(merged, &m, &st), STATUS_OK);
    assert_int_equal(a.n_dates, m.n_dates);
    assert_int_equal(a.scope, m.scope);
    assert_memory_equal(a.date, m.date, (size_t)a.n_dates * sizeof *a.date);
    assert_memory_equal(a.done, m.done, (size_t)a.n_dates * sizeof *a.done);
    burnup_curve_fini(&a);
    burnup_curve_fini(&m);
    for (int k = 0; k < 3; k++)
        burnup_destroy(part[k]);
    burnup_destroy(merged);
    burnup_destroy(whole);
}

static void csv_bytes_and_write_error(void **state)
{
    (void)state;
    int32_t dates[2] = {ymd(2027, 1, 4), ymd(2027, 1, 5)};
    int32_t done[2][BURNUP_N_QUANTILES] = {{0, 0, 1, 1, 2}, {1, 1, 2, 2, 2}};
    burnup_curve c = {.n_dates = 2, .date = dates, .done = done, .scope = 2, .horizon_row = -1};
    const char *names[1] = {"base,line"};
    char *bytes = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&bytes, &len);
    assert_non_null(f);
    status st;
    status_clear(&st);
    assert_int_equal(burnup_write_csv(f, "burnup.csv", NULL, names, &c, 1, &st), STATUS_OK);
    fclose(f);
    assert_string_equal(bytes,
                        "scenario,date,done_q05,done_q15,done_q50,done_q85,done_q95,scope\r\n"
                        "\"base,line\",2027-01-04,0,0,1,1,2,2\r\n"
                        "\"base,line\",2027-01-05,1,1,2,2,2,2\r\n");
    free(bytes);

    f = fopen("/dev/full", "w");
    assert_non_null(f);
    assert_int_equal(burnup_write_csv(f, "out/burnup.csv", NULL, names, &c, 1, &st), STATUS_EIO);
    assert_string_equal(st.message, "cannot write out/burnup.csv: No space left on device");
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_is_weekdays_then_fridays),
        cmocka_unit_test(quantiles_match_brute_force),
        cmocka_unit_test(horizon_row_equals_done_by_horizon),
        cmocka_unit_test(span_scope_and_codes),
        cmocka_unit_test(merge_is_order_free),
        cmocka_unit_test(csv_bytes_and_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
