/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the loader's pure parts, without files: history_derive (history.h) on hand-made
 * records whose samples were worked out by hand, the working-day rule (workdays.h), and the
 * dependency-graph checks (depgraph.h).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "depgraph.h"
#include "history.h"
#include "workdays.h"

static int32_t day(int y, int m, int d)
{
    int32_t out = 0;
    assert_true(date_from_ymd(y, m, d, &out));
    return out;
}

static void assert_i32(const int32_t *got, int32_t n_got, const int32_t *want, int32_t n_want)
{
    assert_int_equal(n_got, n_want);
    for (int32_t i = 0; i < n_want; i++)
        if (got[i] != want[i])
            fail_msg("entry %d: got %d, expected %d", (int)i, (int)got[i], (int)want[i]);
}

/* A plan of n teams without days off, for history_derive's output and plan_destroy. */
static plan *teams_plan(int32_t n)
{
    plan *p = calloc(1, sizeof *p);
    assert_non_null(p);
    p->teams = calloc((size_t)n, sizeof *p->teams);
    assert_non_null(p->teams);
    p->n_teams = n;
    return p;
}

static void working_days(void **state)
{
    (void)state;
    int32_t off[] = {day(2026, 11, 11), day(2026, 11, 12)}; /* Wednesday, Thursday */
    assert_true(workdays_is_working(off, 2, day(2026, 11, 10)));
    assert_false(workdays_is_working(off, 2, day(2026, 11, 11)));
    assert_false(workdays_is_working(off, 2, day(2026, 11, 14))); /* Saturday */
    assert_true(workdays_is_working(NULL, 0, day(2026, 11, 11)));
    assert_int_equal(workdays_next(off, 2, day(2026, 11, 11)), day(2026, 11, 13));
    assert_int_equal(workdays_next(off, 2, day(2026, 11, 14)), day(2026, 11, 16));
    assert_int_equal(workdays_next(off, 2, day(2026, 11, 10)), day(2026, 11, 10));
    assert_int_equal(workdays_next(NULL, 0, day(2026, 11, 15)), day(2026, 11, 16));
    assert_int_equal(workdays_prev(off, 2, day(2026, 11, 12)), day(2026, 11, 10));
    assert_int_equal(workdays_prev(off, 2, day(2026, 11, 16)), day(2026, 11, 16));
    assert_int_equal(workdays_prev(NULL, 0, day(2026, 11, 15)), day(2026, 11, 13));
}

/* Window Mon 2026-11-02 .. Sun 2026-11-15; team 0 is off on Wed 11-11. */
static void derived_samples(void **state)
{
    (void)state;
    const int32_t N = DATE_NONE;
    plan *p = teams_plan(2);
    plan_team *teams = p->teams;
    teams[0].days_off = malloc(sizeof(int32_t));
    assert_non_null(teams[0].days_off);
    teams[0].days_off[0] = day(2026, 11, 11);
    teams[0].n_days_off = 1;
    const history_record recs[] = {
        {0, -1, N, day(2026, 11, 2), false},                /* P on 11-02 */
        {0, -1, N, day(2026, 11, 3), true},                 /* U on 11-03 */
        {0, -1, N, day(2026, 11, 7), false},                /* Saturday: 11-09 */
        {0, -1, N, day(2026, 11, 11), false},               /* day off: 11-12 */
        {0, -1, N, day(2026, 11, 1), false},                /* Sunday before: 11-02 */
        {0, -1, N, day(2026, 10, 30), false},               /* Friday before: outside */
        {0, -1, N, day(2026, 11, 14), false},               /* next working day outside */
        {0, -1, N, day(2026, 11, 20), false},               /* after history_end: open */
        {0, 0, day(2026, 11, 4), day(2026, 11, 10), false}, /* E0, P on 11-10 */
        {0, 0, day(2026, 11, 5), N, false},                 /* E0 open: to history_end */
        {0, 1, N, day(2026, 11, 3), false},                 /* E1 from its first done */
        {0, 1, N, day(2026, 11, 6), false},                 /* E1 to its last: size 2 */
        {0, 2, day(2026, 11, 20), N, false},                /* E2 not started yet */
        {0, 3, day(2026, 10, 1), day(2026, 10, 5), false},  /* E3 before the window: size 1 */
        {1, -1, N, day(2026, 11, 13), true},                /* team 1: U on 11-13 */
    };
    status st;
    assert_int_equal(
        history_derive(recs, sizeof recs / sizeof *recs, 4, day(2026, 11, 15), 14, teams, 2, &st),
        STATUS_OK);
    const int32_t dates[] = {day(2026, 11, 2),  day(2026, 11, 3),  day(2026, 11, 4),
                             day(2026, 11, 5),  day(2026, 11, 6),  day(2026, 11, 9),
                             day(2026, 11, 10), day(2026, 11, 12), day(2026, 11, 13)};
    const int32_t planned[] = {2, 1, 0, 0, 1, 1, 1, 1, 0};
    const int32_t unplanned[] = {0, 1, 0, 0, 0, 0, 0, 0, 0};
    const int32_t streams[] = {0, 1, 2, 2, 2, 1, 1, 1, 1};
    const plan_team *a = &teams[0];
    assert_i32(a->day_date, a->n_days, dates, 9);
    assert_i32(a->day_planned, a->n_days, planned, 9);
    assert_i32(a->day_unplanned, a->n_days, unplanned, 9);
    assert_i32(a->day_streams, a->n_days, streams, 9);
    const int32_t wp[] = {4, 3}, wu[] = {1, 0}, ws[] = {7, 4}, wd[] = {5, 4};
    assert_i32(a->week_planned, a->n_weeks, wp, 2);
    assert_i32(a->week_unplanned, a->n_weeks, wu, 2);
    assert_i32(a->week_streams, a->n_weeks, ws, 2);
    assert_i32(a->week_working_days, a->n_weeks, wd, 2);
    const int32_t sizes[] = {2, 1};
    assert_i32(a->epic_sizes, a->n_epics, sizes, 2);

    const plan_team *b = &teams[1];
    assert_int_equal(b->n_days, 10);
    assert_int_equal(b->day_unplanned[9], 1);
    assert_int_equal(b->day_date[9], day(2026, 11, 13));
    const int32_t bu[] = {0, 1}, bd[] = {5, 5};
    assert_i32(b->week_unplanned, b->n_weeks, bu, 2);
    assert_i32(b->week_working_days, b->n_weeks, bd, 2);
    assert_int_equal(b->n_epics, 0);
    plan_destroy(p);
}

/* Tuesday 11-03 .. Thursday 11-12: no whole Monday-to-Sunday week; an earlier history_end
 * makes a later done open. */
static void partial_weeks_and_cutoff(void **state)
{
    (void)state;
    plan *p = teams_plan(1);
    plan_team *team = p->teams;
    const history_record recs[] = {
        {0, 0, day(2026, 11, 3), day(2026, 11, 4), false},
        {0, 0, day(2026, 11, 4), day(2026, 11, 13), false}, /* done after history_end */
    };
    status st;
    assert_int_equal(history_derive(recs, 2, 1, day(2026, 11, 12), 10, team, 1, &st), STATUS_OK);
    assert_int_equal(team->n_days, 8);
    assert_int_equal(team->n_weeks, 0);
    assert_int_equal(team->n_epics, 0); /* the epic is still open as of history_end */
    assert_int_equal(team->day_streams[0], 1);
    assert_int_equal(team->day_streams[7], 1); /* open: in progress to history_end */
    assert_int_equal(team->day_planned[1], 1);
    plan_destroy(p);
}

/* Records finishing `per_day[b]` planned items on each working day of block b (20 working
 * days each, oldest first), for a team without days off ending on Friday 2026-11-13. */
static history_record *block_records(const int *per_day, int n_blocks, size_t *n)
{
    history_record *recs = calloc(2000, sizeof *recs);
    assert_non_null(recs);
    *n = 0;
    int32_t d = day(2026, 11, 13);
    for (int b = n_blocks - 1; b >= 0; b--)
        for (int k = 0; k < 20; d--) {
            if (date_weekday(d) >= 5)
                continue;
            for (int i = 0; i < per_day[b]; i++)
                recs[(*n)++] = (history_record){0, -1, d, d, false};
            k++;
        }
    return recs;
}

/* The team's drift: block log paces log((P_b + 1/2) / 20) against what independent days give,
 * worked by hand from the definition in history.h. */
static void pace_persistence(void **state)
{
    (void)state;
    const int blocks[] = {2, 0, 2};
    size_t n;
    history_record *recs = block_records(blocks, 3, &n);
    plan *p = teams_plan(1);
    p->teams->history_start = DATE_NONE; /* the first record bounds the year */
    status st;
    assert_int_equal(history_derive(recs, n, 0, day(2026, 11, 13), 90, p->teams, 1, &st),
                     STATUS_OK);
    assert_int_equal(p->teams->pace_blocks, 3);
    /* days: mean 4/3, variance 8/9; blocks: 40, 0, 40 */
    double hi = log(40.5 / 20), lo = log(0.5 / 20), mean = (2 * hi + lo) / 3;
    double var_x = (2 * (hi - mean) * (hi - mean) + (lo - mean) * (lo - mean)) / 2;
    double independent = 20 * (8.0 / 9) / ((20 * 4.0 / 3 + 0.5) * (20 * 4.0 / 3 + 0.5));
    assert_true(fabs(p->teams->pace_excess - (var_x - independent)) < 1e-12);
    plan_destroy(p);
    free(recs);

    /* a steady pace has no drift; two blocks are too few to tell */
    const int steady[] = {1, 1, 1, 1};
    recs = block_records(steady, 4, &n);
    p = teams_plan(1);
    p->teams->history_start = DATE_NONE;
    assert_int_equal(history_derive(recs, n, 0, day(2026, 11, 13), 90, p->teams, 1, &st),
                     STATUS_OK);
    assert_int_equal(p->teams->pace_blocks, 4);
    assert_true(p->teams->pace_excess == 0.0);
    plan_destroy(p);
    free(recs);
    recs = block_records(blocks, 2, &n);
    p = teams_plan(1);
    p->teams->history_start = DATE_NONE;
    assert_int_equal(history_derive(recs, n, 0, day(2026, 11, 13), 90, p->teams, 1, &st),
                     STATUS_OK);
    assert_int_equal(p->teams->pace_blocks, 2);
    assert_true(p->teams->pace_excess == 0.0);
    plan_destroy(p);
    free(recs);
}

/* items[i] depends on each of deps[i][..] (-1 ends a list). */
static plan_item *graph(int32_t n, const int32_t (*deps)[3])
{
    plan_item *items = calloc((size_t)n, sizeof *items);
    assert_non_null(items);
    for (int32_t i = 0; i < n; i++) {
        items[i].deps = calloc(3, sizeof *items[i].deps);
        assert_non_null(items[i].deps);
        for (int32_t k = 0; k < 3 && deps[i][k] >= 0; k++)
            items[i].deps[items[i].n_deps++] = (plan_dep){.item = deps[i][k]};
    }
    return items;
}

static void free_graph(plan_item *items, int32_t n)
{
    for (int32_t i = 0; i < n; i++)
        free(items[i].deps);
    free(items);
}

static void cycles(void **state)
{
    (void)state;
    int32_t cycle[8], len;
    status st;
    /* 0 -> 2 -> 1 -> 0: reported from item 0 */
    const int32_t a[][3] = {{2, -1, -1}, {0, -1, -1}, {1, -1, -1}};
    plan_item *items = graph(3, a);
    assert_int_equal(depgraph_find_cycle(items, 3, cycle, &len, &st), STATUS_OK);
    const int32_t want_a[] = {0, 2, 1};
    assert_i32(cycle, len, want_a, 3);
    free_graph(items, 3);
    /* the search enters 1 <-> 3 from 0 and 2; the answer starts at 1 */
    const int32_t b[][3] = {{1, -1, -1}, {3, -1, -1}, {3, -1, -1}, {4, 1, -1}, {-1, -1, -1}};
    items = graph(5, b);
    assert_int_equal(depgraph_find_cycle(items, 5, cycle, &len, &st), STATUS_OK);
    const int32_t want_b[] = {1, 3};
    assert_i32(cycle, len, want_b, 2);
    free_graph(items, 5);
    /* a diamond is no cycle */
    const int32_t c[][3] = {{1, 2, -1}, {3, -1, -1}, {3, -1, -1}, {-1, -1, -1}};
    items = graph(4, c);
    assert_int_equal(depgraph_find_cycle(items, 4, cycle, &len, &st), STATUS_OK);
    assert_int_equal(len, 0);
    free_graph(items, 4);
}

/* 100,000 items in a chain: no recursion, so no stack overflow; closing it is one cycle. */
static void long_chain(void **state)
{
    (void)state;
    enum { N = 100000 };
    plan_item *items = calloc(N, sizeof *items);
    plan_dep *deps = calloc(N, sizeof *deps);
    int32_t *cycle = malloc(N * sizeof *cycle), len;
    assert_true(items && deps && cycle);
    for (int32_t i = 0; i + 1 < N; i++) {
        deps[i].item = i + 1;
        items[i].deps = &deps[i];
        items[i].n_deps = 1;
    }
    status st;
    assert_int_equal(depgraph_find_cycle(items, N, cycle, &len, &st), STATUS_OK);
    assert_int_equal(len, 0);
    deps[N - 1].item = 0;
    items[N - 1].deps = &deps[N - 1];
    items[N - 1].n_deps = 1;
    assert_int_equal(depgraph_find_cycle(items, N, cycle, &len, &st), STATUS_OK);
    assert_int_equal(len, N);
    assert_int_equal(cycle[0], 0);
    assert_int_equal(cycle[N - 1], N - 1);
    free(items);
    free(deps);
    free(cycle);
}

static void outside(void **state)
{
    (void)state;
    const int32_t a[][3] = {{-1, -1, -1}, {0, 2, -1}, {-1, -1, -1}, {2, -1, -1}};
    plan_item *items = graph(4, a);
    int32_t dep = -1;
    const uint8_t all[] = {1, 1, 1, 1}, no_two[] = {1, 1, 0, 1}, no_one_two[] = {1, 0, 0, 1};
    assert_int_equal(depgraph_find_outside(items, 4, all, &dep), -1);
    assert_int_equal(depgraph_find_outside(items, 4, no_two, &dep), 1);
    assert_int_equal(dep, 2);
    assert_int_equal(depgraph_find_outside(items, 4, no_one_two, &dep), 3);
    assert_int_equal(dep, 2);
    free_graph(items, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(working_days),
        cmocka_unit_test(derived_samples),
        cmocka_unit_test(partial_weeks_and_cutoff),
        cmocka_unit_test(pace_persistence),
        cmocka_unit_test(cycles),
        cmocka_unit_test(long_chain),
        cmocka_unit_test(outside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
