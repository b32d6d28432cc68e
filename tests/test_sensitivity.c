/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the sensitivity analysis (run/sensitivity.h) on a plan with constant throughput,
 * where every delta is exact: a chain A1 -> B1 -> C1 over three teams and a slack item on a
 * fourth, one story a day each. Day offsets count from Monday 2027-01-04.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "forecast.h"
#include "plan_fixture.h"
#include "sensitivity.h"

/* A1 (3 stories) finishes Wednesday (day 2); B1 (2) is ready Thursday, done Friday (4); C1
 * (6) is ready Monday (7) and done the Monday after (14): the plan's end. S (1) on D is slack. */
static plan *chain_plan(void)
{
    plan *p = fixture_plan(4, 4);
    const char *names[4] = {"A", "B", "C", "D"};
    for (int32_t t = 0; t < 4; t++)
        fixture_constant_team(p, t, names[t], 1.0, 1, 1);
    int32_t a1 = fixture_item(p, "A1", 0, 3, 3, 1.0);
    int32_t b1 = fixture_item(p, "B1", 1, 2, 2, 1.0);
    int32_t c1 = fixture_item(p, "C1", 2, 6, 6, 1.0);
    fixture_item(p, "S", 3, 1, 1, 1.0);
    fixture_dep(p, b1, a1, 0);
    fixture_dep(p, c1, b1, 0);
    p->scenarios[0].settings.trials = 64;
    return p;
}

/* The row of the change of `kind` on `target`. */
static const sensitivity_row *row_of(const sensitivity *s, const sensitivity_row *rows,
                                     sensitivity_kind kind, int32_t target)
{
    for (int32_t k = 0; k < sensitivity_n_changes(s); k++) {
        const sensitivity_change *c = &sensitivity_changes(s)[rows[k].change];
        if (c->kind == kind && c->target == target)
            return &rows[k];
    }
    fail_msg("no row for change %d on %d", (int)kind, (int)target);
    return NULL;
}

static void deltas_are_exact_on_constant_throughput(void **state)
{
    (void)state;
    plan *p = chain_plan();
    sensitivity *s = NULL;
    status st;
    assert_int_equal(sensitivity_create(p, &s, &st), STATUS_OK);
    /* 4 teams x (capacity, interruptions, WIP +1; WIP -1 is skipped at WIP 1) + 2 edges */
    assert_int_equal(sensitivity_n_changes(s), 4 * 3 + 2);
    forecast_options opt = forecast_options_default(2);
    opt.n_full_scenarios = p->n_scenarios;
    forecast *f = NULL;
    assert_int_equal(forecast_run(sensitivity_plan(s), &opt, &f, &st), STATUS_OK);
    sensitivity_row *rows = NULL;
    assert_int_equal(sensitivity_rows(s, f, &rows, &st), STATUS_OK);
    /* +20 % for the slack team moves nothing, exactly */
    const sensitivity_row *slack = row_of(s, rows, SENSITIVITY_CAPACITY, 3);
    assert_true(slack->delta_plan_days_mean == 0.0);
    assert_true(slack->delta_plan_days_ci95_low == 0.0 && slack->delta_plan_days_ci95_high == 0.0);
    assert_true(slack->delta_plan_p85_days == 0.0);
    /* +20 % on C: 1.2 a day does C1's 6 stories by Friday (11): 3 days earlier */
    const sensitivity_row *c = row_of(s, rows, SENSITIVITY_CAPACITY, 2);
    assert_true(c->delta_plan_days_mean == -3.0);
    assert_true(c->delta_plan_p85_days == -3.0);
    /* without B1 -> C1, C1 starts Monday (0) and ends the Monday after (7) */
    const sensitivity_row *edge = row_of(s, rows, SENSITIVITY_NO_DEPENDENCY, 1);
    assert_true(edge->delta_plan_days_mean == -7.0);
    /* no interruptions in this history: halving them changes nothing */
    assert_true(row_of(s, rows, SENSITIVITY_INTERRUPTS, 0)->delta_plan_days_mean == 0.0);
    /* ranked: the largest gain first */
    assert_int_equal(sensitivity_changes(s)[rows[0].change].kind, SENSITIVITY_NO_DEPENDENCY);
    for (int32_t k = 1; k < sensitivity_n_changes(s); k++)
        assert_true(rows[k - 1].delta_plan_days_mean <= rows[k].delta_plan_days_mean);
    /* without a horizon there is no P(by horizon) */
    assert_true(isnan(rows[0].delta_p_by_horizon));
    char buf[64];
    assert_string_equal(
        sensitivity_target(s, &sensitivity_changes(s)[rows[0].change], buf, sizeof buf), "B1->C1");
    free(rows);
    forecast_destroy(f);
    sensitivity_destroy(s);
    plan_destroy(p);
}

static void wip_minus_one_only_above_one(void **state)
{
    (void)state;
    plan *p = chain_plan();
    p->teams[1].wip = 3;
    sensitivity *s = NULL;
    status st;
    assert_int_equal(sensitivity_create(p, &s, &st), STATUS_OK);
    int wip_down = 0;
    for (int32_t k = 0; k < sensitivity_n_changes(s); k++)
        if (sensitivity_changes(s)[k].kind == SENSITIVITY_WIP_DOWN) {
            wip_down++;
            assert_int_equal(sensitivity_changes(s)[k].target, 1);
        }
    assert_int_equal(wip_down, 1);
    /* the derived scenarios keep the plan's own in front */
    assert_int_equal(sensitivity_plan(s)->n_scenarios, 1 + sensitivity_n_changes(s));
    assert_string_equal(sensitivity_plan(s)->scenarios[0].name, "baseline");
    sensitivity_destroy(s);
    sensitivity_destroy(NULL);
    plan_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deltas_are_exact_on_constant_throughput),
        cmocka_unit_test(wip_minus_one_only_above_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
