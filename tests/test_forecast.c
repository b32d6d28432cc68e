/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the statistics: the percentile rule on hand-made tallies, merging, the summaries,
 * and an analytic oracle: one item of N stories worked at i.i.d. daily throughput, whose
 * finish-day distribution is computed exactly here by convolution and compared with 100,000
 * simulated trials.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "delivery.h"
#include "summary.h"
#include "plan_fixture.h"
#include "tally.h"

static void add_days(tally *t, const int32_t *days, int n)
{
    for (int i = 0; i < n; i++)
        tally_add(t, &days[i], NULL);
}

static void percentile_is_smallest_day_reaching_p(void **state)
{
    (void)state;
    tally *t = tally_create(1, 10, TALLY_NO_HORIZON);
    const int32_t days[] = {3, 0, 2, 1}; /* CDF: 0.25, 0.5, 0.75, 1 on days 0..3 */
    add_days(t, days, 4);
    assert_int_equal(tally_percentile(t, 0, 25), 0);
    assert_int_equal(tally_percentile(t, 0, 26), 1);
    assert_int_equal(tally_percentile(t, 0, 50), 1); /* CDF exactly 0.5 counts */
    assert_int_equal(tally_percentile(t, 0, 51), 2);
    assert_int_equal(tally_percentile(t, 0, 100), 3);
    double mean;
    assert_true(tally_mean_day(t, 0, &mean));
    assert_true(mean == 1.5);
    assert_int_equal(tally_count_by(t, 0, -1), 0);
    assert_int_equal(tally_count_by(t, 0, 1), 2);
    assert_int_equal(tally_count_by(t, 0, 100), 4);
    tally_destroy(t);
}

static void not_within_cap_is_later_than_every_day(void **state)
{
    (void)state;
    tally *t = tally_create(1, 5, TALLY_NO_HORIZON);
    const int32_t days[] = {1, TERMS_NOT_WITHIN_CAP, 7 /* past the cap */, TERMS_DONE_BEFORE_START};
    add_days(t, days, 4);
    assert_int_equal(tally_not_within_cap(t, 0), 2);
    assert_int_equal(tally_done_before_start(t, 0), 1);
    assert_int_equal(tally_percentile(t, 0, 25), TERMS_DONE_BEFORE_START);
    assert_int_equal(tally_percentile(t, 0, 50), 1);
    assert_int_equal(tally_percentile(t, 0, 51), TERMS_NOT_WITHIN_CAP);
    double mean;
    assert_true(tally_mean_day(t, 0, &mean));
    assert_true(mean == 1.0); /* only the trial finished within the cap after the start */
    int32_t first, last;
    assert_true(tally_day_range(t, 0, &first, &last));
    assert_int_equal(first, 1);
    assert_int_equal(last, 1);
    tally_destroy(t);
}

static void plan_row_and_done_by_horizon(void **state)
{
    (void)state;
    tally *t = tally_create(3, 30, 5);
    const int32_t a[] = {2, 9, TERMS_DONE_BEFORE_START}; /* 2 by day 5, plan 9 */
    const int32_t b[] = {6, 1, 4};                       /* 2 by day 5, plan 6 */
    const int32_t c[] = {1, TERMS_NOT_WITHIN_CAP, 3};    /* 2 by day 5, plan not in cap */
    const int32_t d[] = {0, 1, 2};                       /* 3 by day 5, plan 2 */
    tally_add(t, a, NULL);
    tally_add(t, b, NULL);
    tally_add(t, c, NULL);
    tally_add(t, d, NULL);
    int32_t whole = tally_plan_index(t);
    assert_int_equal(tally_not_within_cap(t, whole), 1);
    assert_int_equal(tally_percentile(t, whole, 50), 6);
    assert_int_equal(tally_percentile(t, whole, 75), 9);
    assert_int_equal(tally_percentile(t, whole, 76), TERMS_NOT_WITHIN_CAP);
    assert_int_equal(tally_done_by_horizon(t, 2), 3);
    assert_int_equal(tally_done_by_horizon(t, 3), 1);
    summary_scenario sc = {.name = "baseline", .t = t, .start = 1000, .horizon = 1005};
    assert_int_equal(summary_done_by_horizon(&sc, 25), 3); /* P(done >= 3) = 0.25 */
    assert_int_equal(summary_done_by_horizon(&sc, 85), 2);
    tally_destroy(t);
}

static void items_not_in_the_scenario_count_for_nothing(void **state)
{
    (void)state;
    tally *t = tally_create(2, 10, 3);
    const int32_t a[] = {2, TERMS_NOT_IN_SCENARIO};
    const int32_t b[] = {5, TERMS_NOT_IN_SCENARIO};
    tally_add(t, a, NULL);
    tally_add(t, b, NULL);
    int32_t whole = tally_plan_index(t);
    assert_int_equal(tally_percentile(t, whole, 50), 2); /* the plan is item 0 alone */
    assert_int_equal(tally_percentile(t, whole, 100), 5);
    assert_int_equal(tally_not_within_cap(t, 1), 0);
    assert_int_equal(tally_count_by(t, 1, 9), 0);
    assert_int_equal(tally_done_by_horizon(t, 1), 1); /* item 0 by day 3 in one trial */
    assert_int_equal(tally_done_by_horizon(t, 0), 1);
    assert_int_equal(tally_done_by_horizon(t, 2), 0);
    tally_destroy(t);
}

static void merge_equals_single_tally(void **state)
{
    (void)state;
    tally *all = tally_create(2, 20, 10), *x = tally_create(2, 20, 10),
          *y = tally_create(2, 20, 10);
    const uint8_t crit[] = {1, 0};
    for (int32_t k = 0; k < 40; k++) {
        int32_t f[2] = {k % 17, (k * 7) % 23 == 22 ? TERMS_NOT_WITHIN_CAP : (k * 7) % 23};
        tally_add(all, f, crit);
        tally_add(k % 3 ? x : y, f, crit);
    }
    tally_merge(x, y);
    for (int32_t item = 0; item <= 2; item++) {
        for (uint32_t pct = 1; pct <= 100; pct++)
            assert_int_equal(tally_percentile(x, item, pct), tally_percentile(all, item, pct));
        assert_int_equal(tally_not_within_cap(x, item), tally_not_within_cap(all, item));
        assert_int_equal(tally_critical(x, item), tally_critical(all, item));
    }
    assert_int_equal(tally_trials(x), 40);
    tally_destroy(all);
    tally_destroy(x);
    tally_destroy(y);
}

static void summary_of_an_item(void **state)
{
    (void)state;
    tally *t = tally_create(1, 40, 10);
    const int32_t days[] = {3, 10, 11, 30};
    add_days(t, days, 4);
    summary_scenario sc = {.name = "baseline", .t = t, .start = 20000, .horizon = 20010};
    summary_figures s;
    summary_compute(&sc, 0, 20003, &s);
    assert_int_equal(s.percentile_date[0], 20010); /* P50 */
    assert_int_equal(s.percentile_date[1], 20011); /* P70 */
    assert_int_equal(s.percentile_date[3], 20030); /* P95 */
    assert_int_equal(s.mean_date, 20014);          /* mean 13.5 rounds to 14 */
    assert_true(s.p_by_due == 0.25);
    assert_true(s.p_by_horizon == 0.5);
    assert_true(s.p_not_within_cap == 0.0);
    summary_compute(&sc, 0, DATE_NONE, &s);
    assert_true(isnan(s.p_by_due));
    tally_destroy(t);
}

/* ---- the convolution oracle ------------------------------------------------------------- */

enum { ORACLE_STORIES = 15, ORACLE_MAX_DAYS = 80, ORACLE_TRIALS = 100000 };

/* P(finished by working day n) = P(S_{n+1} >= N) for S_k the sum of k i.i.d. daily draws
 * from the history {0, 0, 1, 1, 2, 3}. */
static void exact_finish_cdf(double *cdf)
{
    const double pmf[4] = {2.0 / 6, 2.0 / 6, 1.0 / 6, 1.0 / 6};
    double dist[ORACLE_STORIES + 1] = {1.0}; /* sums capped at N (absorbing) */
    for (int n = 0; n < ORACLE_MAX_DAYS; n++) {
        double next[ORACLE_STORIES + 1] = {0};
        for (int s = 0; s <= ORACLE_STORIES; s++)
            for (int x = 0; x < 4; x++) {
                int t = s + x < ORACLE_STORIES ? s + x : ORACLE_STORIES;
                next[t] += dist[s] * pmf[x];
            }
        memcpy(dist, next, sizeof dist);
        cdf[n] = dist[ORACLE_STORIES];
    }
}

/* Calendar day offset of working day n from a Monday start without days off. */
static int32_t working_to_calendar(int n)
{
    return (int32_t)(n + 2 * (n / 5));
}

static void simulated_percentiles_match_convolution(void **state)
{
    (void)state;
    plan *p = fixture_plan(1, 1);
    const int32_t history[] = {0, 0, 1, 1, 2, 3};
    fixture_team(p, 0, "T", 1.0, 1, history, 6);
    fixture_item(p, "N", 0, ORACLE_STORIES, ORACLE_STORIES, 1.0);
    p->scenarios[0].settings.seed = 2027;
    delivery_model *m = NULL;
    delivery_trial *w = NULL;
    status st;
    assert_int_equal(delivery_model_create(p, 0, &m, &st), STATUS_OK);
    assert_int_equal(delivery_trial_create(m, &w, &st), STATUS_OK);
    tally *t = tally_create(1, delivery_model_cap_days(m) + 1, TALLY_NO_HORIZON);
    for (uint64_t k = 0; k < ORACLE_TRIALS; k++) {
        assert_int_equal(delivery_trial_run(w, m, k, &st), STATUS_OK);
        tally_add(t, delivery_trial_finish_days(w), NULL);
    }
    double cdf[ORACLE_MAX_DAYS];
    exact_finish_cdf(cdf);
    const uint32_t pcts[] = {50, 85, 95};
    for (size_t k = 0; k < sizeof pcts / sizeof *pcts; k++) {
        double p_target = pcts[k] / 100.0;
        int n = 0;
        while (cdf[n] < p_target)
            n++;
        /* The test is only meaningful if the exact CDF is clear of p on both sides by more
         * than 4.5 standard errors of a simulated CDF (sqrt(p(1-p)/trials)). */
        double se = sqrt(p_target * (1.0 - p_target) / ORACLE_TRIALS);
        assert_true(cdf[n] - p_target > 4.5 * se);
        assert_true(n > 0 && p_target - cdf[n - 1] > 4.5 * se);
        assert_int_equal(tally_percentile(t, 0, pcts[k]), working_to_calendar(n));
    }
    /* every simulated CDF value within 4.5 standard errors of the exact one */
    for (int n = 0; n < 30; n++) {
        double sim = (double)tally_count_by(t, 0, working_to_calendar(n)) / ORACLE_TRIALS;
        double se = sqrt(cdf[n] * (1.0 - cdf[n]) / ORACLE_TRIALS) + 1e-12;
        assert_true(fabs(sim - cdf[n]) <= 4.5 * se);
    }
    tally_destroy(t);
    delivery_trial_destroy(w);
    delivery_model_destroy(m);
    plan_destroy(p);
}

static void cut_line_is_the_likely_prefix_in_priority_order(void **state)
{
    (void)state;
    /* 20 trials, horizon day 5. P(by horizon): item 0 0.90, item 1 1.00, item 2 0.50, item 3
     * 0.85 (exactly the line: counts). Priorities 2, 1, 4, 3: the order is 1, 0, 3, 2, and the
     * first three are at least 0.85. */
    tally *t = tally_create(4, 30, 5);
    for (int k = 0; k < 20; k++) {
        const int32_t f[4] = {k < 18 ? 3 : 9, 1, k < 10 ? 2 : 7, k < 17 ? 5 : 6};
        tally_add(t, f, NULL);
    }
    const double priority[4] = {2.0, 1.0, 4.0, 3.0};
    summary_scenario sc = {
        .name = "s", .t = t, .start = 1000, .horizon = 1005, .priority = priority};
    int32_t order[4], n_order;
    assert_int_equal(summary_cut_line(&sc, 4, order, &n_order), 3);
    assert_int_equal(n_order, 4);
    const int32_t want[4] = {1, 0, 3, 2};
    assert_memory_equal(order, want, sizeof want);
    /* equal priorities keep index order; an item not in the scenario is left out */
    const double flat[4] = {1.0, 1.0, 1.0, 1.0};
    const uint8_t in[4] = {1, 1, 0, 1};
    sc.priority = flat;
    sc.item_in = in;
    assert_int_equal(summary_cut_line(&sc, 4, order, &n_order), 3);
    assert_int_equal(n_order, 3);
    assert_int_equal(order[2], 3);
    /* without a horizon there is no line */
    sc.horizon = DATE_NONE;
    assert_int_equal(summary_cut_line(&sc, 4, order, &n_order), -1);
    tally_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cut_line_is_the_likely_prefix_in_priority_order),
        cmocka_unit_test(percentile_is_smallest_day_reaching_p),
        cmocka_unit_test(not_within_cap_is_later_than_every_day),
        cmocka_unit_test(plan_row_and_done_by_horizon),
        cmocka_unit_test(merge_equals_single_tally),
        cmocka_unit_test(items_not_in_the_scenario_count_for_nothing),
        cmocka_unit_test(summary_of_an_item),
        cmocka_unit_test(simulated_percentiles_match_convolution),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
