/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of fit: every statistic on a ten-day history computed by hand (the arithmetic is in
 * the comments), the issue's stability example exactly, the split rules on trends and odd
 * counts, the P85 rule at an exact 85 % share, the context-switching table, sufficiency
 * flags, an empty history, and fit.csv byte for byte, including a write error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "fit.h"
#include "terms.h"

#define TOL 1e-9

/* cmocka 1.1's assert_float_equal compares floats; these numbers need doubles. */
static void check_near(double got, double want, double tol, int line)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("line %d: got %.12g, expected %.12g (tolerance %g)", line, got, want, tol);
}
#define assert_near(got, want, tol) check_near((got), (want), (tol), __LINE__)

static const double weinberg[] = {1.0, 0.8, 0.6, 0.4, 0.25};

/* The constructed history: ten working days from Monday 2026-10-05 to Friday 2026-10-16. */
enum { N_DAYS = 10 };
static const int32_t planned[N_DAYS] = {2, 0, 1, 3, 1, 0, 2, 1, 1, 2};
static const int32_t unplanned[N_DAYS] = {1, 2, 0, 0, 1, 0, 0, 0, 1, 0};
static const int32_t streams[N_DAYS] = {2, 4, 6, 8, 4, 4, 2, 2, 12, 4};
static const int32_t epics[] = {5, 2, 9, 3};

static void working_days(int32_t *dates, int32_t n)
{
    int32_t d;
    assert_true(date_from_ymd(2026, 10, 5, &d));
    for (int32_t k = 0; k < n; d++) {
        if (!date_is_weekend(d))
            dates[k++] = d;
    }
}

static fit_team_input history_input(int32_t *dates)
{
    working_days(dates, N_DAYS);
    return (fit_team_input){
        .n_days = N_DAYS,
        .date = dates,
        .planned = planned,
        .unplanned = unplanned,
        .streams = streams,
        .history_people = 4.0,
        .people = 6.0,
        .wip = 9,
        .context_switch = weinberg,
        .n_context_switch = 5,
        .n_epics = 4,
        .epic_sizes = epics,
    };
}

static void hand_computed_history(void **state)
{
    (void)state;
    int32_t dates[N_DAYS];
    fit_team_input in = history_input(dates);
    fit_stats s;
    status st;
    status_clear(&st);
    assert_int_equal(fit_team_stats(&in, &s, &st), STATUS_OK);

    int32_t first, last;
    assert_true(date_from_ymd(2026, 10, 5, &first));
    assert_true(date_from_ymd(2026, 10, 16, &last));
    assert_int_equal(s.n_days, 10);
    assert_int_equal(s.first_date, first);
    assert_int_equal(s.last_date, last);
    /* P: two zero days of ten; sum 13; sorted 0 0 1 1 1 1 2 2 2 3: median (1+1)/2, P85 the
     * ceil(8.5) = 9th smallest = 2 (8 of 10 days are <= 1, too few) */
    assert_int_equal(s.days_with_planned, 8);
    assert_near(s.zero_share, 0.2, TOL);
    assert_near(s.planned_mean, 1.3, TOL);
    assert_near(s.planned_median, 1.0, TOL);
    assert_int_equal(s.planned_p85, 2);
    /* U: sum 5 over ten days; share 5 / (13 + 5); day 2 has only U, day 6 nothing */
    assert_near(s.unplanned_mean, 0.5, TOL);
    assert_near(s.unplanned_share, 5.0 / 18.0, TOL);
    assert_int_equal(s.days_with_completion, 9);
    /* E / 4 people: .5 1 1.5 2 1 1 .5 .5 3 1, mean 12 / 10 */
    assert_near(s.streams_per_person_mean, 1.2, TOL);
    /* k_j = max(1, E/4): 1 1 1.5 2 1 1 1 1 3 1 -> f: 1 1 .9 .8 1 1 1 1 .6 1, mean 0.93;
     * k_now = 9 wip / 6 people = 1.5 -> f = 0.9 */
    assert_near(s.streams_per_person_now, 1.5, TOL);
    assert_near(s.people_ratio, 1.5, TOL);
    assert_near(s.context_factor, 0.9 / 0.93, TOL);
    assert_near(s.capacity_multiplier, 1.5 * 0.9 / 0.93, TOL);
    /* (a) ABBA: A = positions 1,4,5,8,9 = 2 3 1 1 1 (mean 1.6), B = 0 1 0 2 2 (mean 1.0);
     * range 3 - 0: 0.6 / 3 */
    assert_near(s.stability_interleaved, 0.2, TOL);
    /* (b) 2 0 1 3 1 (1.4) vs 0 2 1 1 2 (1.2): 0.2 / 3 */
    assert_near(s.stability_halves, 0.2 / 3.0, TOL);
    assert_false(s.unstable_interleaved);
    assert_false(s.unstable_halves);
    /* 8 days with planned completions < 11; 9 days with any completion >= 5 */
    assert_true(s.compromised);
    assert_false(s.refused);
    /* epics 5 2 9 3: sorted 2 3 5 9 */
    assert_int_equal(s.n_epics, 4);
    assert_int_equal(s.epic_min, 2);
    assert_int_equal(s.epic_max, 9);
    assert_near(s.epic_median, 4.0, TOL);
}

/* The issue's example: {1,3,5,3,7,8} -> halves {1,3,7} and {3,5,8} -> 0.238. ABBA takes
 * positions 1, 4, 5 (values 1, 3, 7) and 2, 3, 6 (values 3, 5, 8). */
static void issue_example_interleaved(void **state)
{
    (void)state;
    const int32_t v[] = {1, 3, 5, 3, 7, 8};
    double a = fit_stability_interleaved(v, 6);
    assert_near(a, (16.0 / 3.0 - 11.0 / 3.0) / 7.0, TOL);
    assert_near(a, 0.238, 1e-3);
    /* date-order halves of the same: {1,3,5} (3) vs {3,7,8} (6): 3 / 7 */
    assert_near(fit_stability_halves(v, 6), 3.0 / 7.0, TOL);
}

/* A steady trend is drift, not noise: ABBA cancels it exactly, the halves see all of it. */
static void trend_split_rules(void **state)
{
    (void)state;
    const int32_t trend[] = {0, 1, 2, 3, 4, 5, 6, 7};
    assert_near(fit_stability_interleaved(trend, 8), 0.0, TOL);
    assert_near(fit_stability_halves(trend, 8), 4.0 / 7.0, TOL);
    /* odd count: the middle day belongs to neither half: {1} vs {5} over range 9 - 1 */
    const int32_t odd[] = {1, 9, 5};
    assert_near(fit_stability_halves(odd, 3), 0.5, TOL);
    /* ABBA on five: A = 1st, 4th, 5th = 1, 4, 5 (10/3); B = 2, 3 (2.5); range 4 */
    const int32_t five[] = {1, 2, 3, 4, 5};
    assert_near(fit_stability_interleaved(five, 5), (10.0 / 3.0 - 2.5) / 4.0, TOL);
    /* all equal: 0; one value: a half is empty, no measure */
    const int32_t same[] = {2, 2, 2, 2};
    assert_near(fit_stability_interleaved(same, 4), 0.0, TOL);
    assert_near(fit_stability_halves(same, 4), 0.0, TOL);
    assert_true(isnan(fit_stability_interleaved(same, 1)));
    assert_true(isnan(fit_stability_halves(same, 1)));
}

/* P85 at an exact share: of 1..20, 17 is the smallest v with 17/20 = 85 % of days <= v. */
static void p85_rule(void **state)
{
    (void)state;
    int32_t p[20], zero[20], dates[20];
    for (int32_t k = 0; k < 20; k++) {
        p[k] = 20 - k; /* unsorted on purpose */
        zero[k] = 0;
        dates[k] = k;
    }
    fit_team_input in = {.n_days = 20,
                         .date = dates,
                         .planned = p,
                         .unplanned = zero,
                         .streams = zero,
                         .history_people = 1.0,
                         .people = 1.0,
                         .wip = 1,
                         .context_switch = weinberg,
                         .n_context_switch = 5};
    fit_stats s;
    assert_int_equal(fit_team_stats(&in, &s, NULL), STATUS_OK);
    assert_int_equal(s.planned_p85, 17);
    assert_near(s.planned_median, 10.5, TOL);
    /* 20 planned days, no unplanned work, one stream per person then and now */
    assert_false(s.compromised);
    assert_false(s.refused);
    assert_near(s.unplanned_share, 0.0, TOL);
    assert_near(s.context_factor, 1.0, TOL);
    assert_near(s.capacity_multiplier, 1.0, TOL);
    /* 20 19 .. 11 vs 10 .. 1: 10 / 19 */
    assert_true(s.unstable_halves);
    assert_near(s.stability_halves, 10.0 / 19.0, TOL);
    assert_int_equal(s.n_epics, 0);
    assert_int_equal(s.epic_min, -1);
    assert_true(isnan(s.epic_median));
}

static void context_share_table(void **state)
{
    (void)state;
    assert_near(terms_context_share(weinberg, 5, 0.5), 1.0, TOL);
    assert_near(terms_context_share(weinberg, 5, 1.0), 1.0, TOL);
    assert_near(terms_context_share(weinberg, 5, 2.5), 0.7, TOL);
    assert_near(terms_context_share(weinberg, 5, 4.5), 0.325, TOL);
    assert_near(terms_context_share(weinberg, 5, 5.0), 0.25, TOL);
    assert_near(terms_context_share(weinberg, 5, 9.0), 0.25, TOL);
    const double one[] = {0.9};
    assert_near(terms_context_share(one, 1, 3.0), 0.9, TOL);
}

/* Three days with completions (one planned, two unplanned only): refused and compromised. */
static void sparse_history_flags(void **state)
{
    (void)state;
    const int32_t p[] = {0, 0, 1, 0, 0, 0, 0};
    const int32_t u[] = {0, 1, 0, 0, 0, 0, 1};
    const int32_t e[] = {0, 0, 0, 0, 0, 0, 0};
    const int32_t d[] = {1, 2, 3, 4, 5, 8, 9};
    fit_team_input in = {.n_days = 7,
                         .date = d,
                         .planned = p,
                         .unplanned = u,
                         .streams = e,
                         .history_people = 2.0,
                         .people = 1.0,
                         .wip = 3,
                         .context_switch = weinberg,
                         .n_context_switch = 5};
    fit_stats s;
    assert_int_equal(fit_team_stats(&in, &s, NULL), STATUS_OK);
    assert_int_equal(s.days_with_planned, 1);
    assert_int_equal(s.days_with_completion, 3);
    assert_true(s.compromised);
    assert_true(s.refused);
    assert_near(s.zero_share, 6.0 / 7.0, TOL);
    assert_int_equal(s.planned_p85, 0); /* ceil(5.95) = 6th of 0 0 0 0 0 0 1 */
    assert_near(s.unplanned_share, 2.0 / 3.0, TOL);
    /* now 3 items on 1 person: f(3) = 0.6 against f(1) = 1 then; half the people */
    assert_near(s.context_factor, 0.6, TOL);
    assert_near(s.capacity_multiplier, 0.3, TOL);
}

/* No samples: nothing to compute, every flag raised, no crash on the NULL arrays. */
static void empty_history(void **state)
{
    (void)state;
    fit_team_input in = {.history_people = 3.0,
                         .people = 3.0,
                         .wip = 2,
                         .context_switch = weinberg,
                         .n_context_switch = 5};
    fit_stats s;
    assert_int_equal(fit_team_stats(&in, &s, NULL), STATUS_OK);
    assert_int_equal(s.n_days, 0);
    assert_int_equal(s.first_date, DATE_NONE);
    assert_true(isnan(s.planned_mean) && isnan(s.zero_share) && isnan(s.context_factor));
    assert_true(isnan(s.stability_interleaved) && isnan(s.stability_halves));
    assert_int_equal(s.planned_p85, -1);
    assert_near(s.people_ratio, 1.0, TOL);
    assert_true(s.compromised && s.refused);
    assert_false(s.unstable_interleaved || s.unstable_halves);
}

static void csv_bytes(void **state)
{
    (void)state;
    int32_t dates[N_DAYS];
    fit_team_input in = history_input(dates);
    fit_row rows[2] = {{.team = "alpha", .source = FIT_SOURCE_HISTORY},
                       {.team = "=beta", .source = FIT_SOURCE_ESTIMATED}};
    assert_int_equal(fit_team_stats(&in, &rows[0].stats, NULL), STATUS_OK);
    char *bytes = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&bytes, &len);
    assert_non_null(f);
    status st;
    status_clear(&st);
    assert_int_equal(fit_write_csv(f, "fit.csv", NULL, rows, 2, &st), STATUS_OK);
    assert_int_equal(fclose(f), 0);
    char want[2048];
    snprintf(want, sizeof want,
             "%s\r\n"
             "alpha,history,2026-10-05,2026-10-16,10,0.200,1.300,1.000,2,0.500,0.278,1.200,8,9,"
             "1.500,1.500,0.968,1.452,0.200,0.067,4,2,4.000,9,compromised\r\n"
             "'=beta,estimated,,,,,,,,,,,,,,,,,,,,,,,\r\n",
             fit_csv_header);
    assert_string_equal(bytes, want);
    free(bytes);
    /* 25 columns in the header, as in every row */
    size_t commas = 0;
    for (const char *p = fit_csv_header; *p; p++)
        commas += *p == ',';
    assert_int_equal(commas, 24);
}

static void csv_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    fit_row row = {.team = "t", .source = FIT_SOURCE_NONE};
    status st;
    status_clear(&st);
    assert_int_equal(fit_write_csv(f, "out/fit.csv", NULL, &row, 1, &st), STATUS_EIO);
    assert_non_null(strstr(st.message, "out/fit.csv"));
    fclose(f);
}

static void source_names(void **state)
{
    (void)state;
    assert_string_equal(fit_source_name(FIT_SOURCE_HISTORY), "history");
    assert_string_equal(fit_source_name(FIT_SOURCE_ESTIMATED), "estimated");
    assert_string_equal(fit_source_name(FIT_SOURCE_NONE), "none");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_computed_history), cmocka_unit_test(issue_example_interleaved),
        cmocka_unit_test(trend_split_rules),     cmocka_unit_test(p85_rule),
        cmocka_unit_test(context_share_table),   cmocka_unit_test(sparse_history_flags),
        cmocka_unit_test(empty_history),         cmocka_unit_test(csv_bytes),
        cmocka_unit_test(csv_write_error),       cmocka_unit_test(source_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
