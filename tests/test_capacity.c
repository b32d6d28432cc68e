/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of capacity and workcal: the capacity formula term by term on constructed histories
 * (interruptions, context switching, people changes with ramps, absences, capacity losses),
 * week blocks, estimates, and the working-day tables. Day offsets count from Monday
 * 2027-01-04.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capacity.h"
#include "terms.h"
#include "plan_fixture.h"
#include "rng_stream.h"
#include "workcal.h"

typedef struct rig {
    plan *p;
    workcal cal;
    capacity_model cm;
    uint64_t stream; /* the team's capacity stream in a trial */
} rig;

/* The stream of trial `trial` for the rigs below. */
static uint64_t stream_of_trial(uint64_t trial)
{
    return rng_key_hash((rng_key){11, trial, 0, 1});
}

static void rig_open(rig *g, plan *p, int32_t scenario, int32_t team)
{
    g->p = p;
    status st;
    assert_int_equal(workcal_init(&g->cal, p, team, p->scenarios[scenario].settings.start, 400),
                     STATUS_OK);
    assert_int_equal(capacity_model_init(&g->cm, p, scenario, team, &g->cal, 10, &st), STATUS_OK);
    g->stream = stream_of_trial(0);
}

static void rig_close(rig *g)
{
    capacity_model_fini(&g->cm);
    workcal_fini(&g->cal);
    plan_destroy(g->p);
}

static void workcal_tables(void **state)
{
    (void)state;
    plan *p = fixture_plan(1, 1);
    fixture_constant_team(p, 0, "A", 1.0, 1, 1);
    fixture_day_off(p, 0, fixture_start() + 2); /* Wednesday off */
    workcal cal;
    assert_int_equal(workcal_init(&cal, p, 0, fixture_start(), 20), STATUS_OK);
    assert_true(workcal_is_working(&cal, 0));
    assert_false(workcal_is_working(&cal, 2));
    assert_false(workcal_is_working(&cal, 5));
    assert_int_equal(cal.next_working[2], 3);
    assert_int_equal(cal.next_working[5], 7);
    assert_int_equal(cal.rank_of_day[7], 4);                   /* Mon, Tue, Thu, Fri before */
    assert_int_equal(workcal_add_working_days(&cal, 1, 2), 4); /* Tue + 2 = Fri */
    assert_int_equal(workcal_add_working_days(&cal, 5, 0), 7);
    assert_int_equal(workcal_add_working_days(&cal, 21, 0), TERMS_DAY_NEVER);
    assert_int_equal(cal.week_days[0], 4);
    assert_int_equal(cal.week_days[7], 5);
    assert_int_equal(cal.week_pos[3], 2);
    assert_int_equal(cal.week_index[6], 0);
    assert_int_equal(cal.week_index[7], 1);
    workcal_fini(&cal);
    plan_destroy(p);
}

/* A team of `people` whose history days have planned P[j], unplanned U[j] and streams E[j]. */
static plan *history_plan(double people, const int32_t *planned, const int32_t *unplanned,
                          const int32_t *streams, int32_t n)
{
    plan *p = fixture_plan(1, 1);
    fixture_team(p, 0, "A", people, 1, planned, n);
    for (int32_t j = 0; j < n; j++) {
        p->teams[0].day_unplanned[j] = unplanned[j];
        p->teams[0].day_streams[j] = streams[j];
    }
    fixture_team_settings(p);
    return p;
}

static const int32_t P10[10] = {0, 3, 1, 4, 1, 5, 0, 2, 6, 2};
static const int32_t U10[10] = {2, 0, 1, 0, 3, 1, 0, 4, 0, 1};
static const int32_t E1[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

static void replay_is_exact(void **state)
{
    (void)state;
    /* s = 1, one person, one stream: every draw is exactly a historical P_j */
    rig g;
    rig_open(&g, history_plan(1.0, P10, U10, E1, 10), 0, 0);
    for (int32_t day = 0; day < 60; day++) {
        if (!workcal_is_working(&g.cal, day))
            continue;
        double c = capacity_on_day(&g.cm, g.stream, day, 1);
        uint64_t x = rng_at(g.stream, (uint64_t)(fixture_start() + day)); /* number `date` */
        assert_true(c == (double)P10[rng_below(x, 10)]);
        assert_true(c == capacity_formula(&g.cm, g.stream, day, 1));
    }
    rig_close(&g);
}

/* pace = level without recency: the level's spread is the relative sampling error of the
 * mean of the ten samples, sqrt(var / (mean^2 10)), with k^2 times the team's drift added;
 * and pace = plain has none. */
static void level_spread_by_hand(void **state)
{
    (void)state;
    double mean = 0.0, var = 0.0;
    for (int j = 0; j < 10; j++)
        mean += P10[j] / 10.0;
    for (int j = 0; j < 10; j++)
        var += (P10[j] - mean) * (P10[j] - mean) / 10.0;
    plan *p = history_plan(1.0, P10, U10, E1, 10);
    plan_settings *s = &p->scenarios[0].settings;
    s->pace = PLAN_PACE_LEVEL;
    s->pace_half_life = 0.0;
    s->pace_persistence = 2.0;
    p->teams[0].pace_excess = 0.04;
    rig g;
    rig_open(&g, p, 0, 0);
    double want = sqrt(var / (mean * mean * 10) + 4 * 0.04);
    assert_true(fabs(g.cm.pace_spread - want) < 1e-12);
    assert_int_equal(g.cm.pick.n, 0); /* every sample equally likely */
    rig_close(&g);
    rig_open(&g, history_plan(1.0, P10, U10, E1, 10), 0, 0); /* plain */
    assert_true(g.cm.pace_spread == 0.0);
    rig_close(&g);
}

/* With a half-life of 3 working days, sample j of 10 (oldest first) is drawn with probability
 * proportional to 2^(-(9 - j) / 3): each share of 400000 days within 4.5 standard errors. */
static void recent_samples_likelier(void **state)
{
    (void)state;
    plan *p = history_plan(1.0, P10, U10, E1, 10);
    p->scenarios[0].settings.pace = PLAN_PACE_LEVEL;
    p->scenarios[0].settings.pace_half_life = 3.0;
    rig g;
    rig_open(&g, p, 0, 0);
    assert_int_equal(g.cm.pick.n, 10);
    enum { N = 400000 };
    int32_t count[10] = {0};
    for (uint64_t i = 0; i < N; i++)
        count[capacity_pick(&g.cm, rng_at(g.stream, i), 10)]++;
    double total = 0.0;
    for (int j = 0; j < 10; j++)
        total += exp2(-(9 - j) / 3.0);
    for (int j = 0; j < 10; j++) {
        double want = exp2(-(9 - j) / 3.0) / total;
        double se = sqrt(want * (1 - want) / N);
        if (fabs((double)count[j] / N - want) > 4.5 * se)
            fail_msg("sample %d: drawn %.4f, want %.4f", j, (double)count[j] / N, want);
    }
    rig_close(&g);
}

static void interruption_scale_returns_unplanned_time(void **state)
{
    (void)state;
    /* s = 0, r = 1.5: each sample is P_j + 1.5 U_j exactly, so the mean rises by exactly
     * 1.5 mean(U) = 1.8 */
    plan *p = history_plan(1.0, P10, U10, E1, 10);
    p->scenarios[0].teams[0].interrupt_scale = 0.0;
    p->scenarios[0].teams[0].unplanned_effort = 1.5;
    rig g;
    rig_open(&g, p, 0, 0);
    double sum = 0.0, base = 0.0;
    for (int32_t j = 0; j < 10; j++) {
        assert_true(g.cm.sample_work[j] == P10[j] + 1.5 * U10[j]);
        sum += g.cm.sample_work[j];
        base += P10[j];
    }
    assert_true(fabs(sum / 10 - base / 10 - 1.8) < 1e-12);
    /* and the draws: mean over 200000 working days within 4.5 standard errors of 4.2 */
    double total = 0.0, total_sq = 0.0;
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double c = capacity_on_day(&g.cm, stream_of_trial((uint64_t)i), 0, 1);
        total += c;
        total_sq += c * c;
    }
    double mean = total / n, sd = sqrt(total_sq / n - mean * mean);
    assert_true(fabs(mean - 4.2) < 4.5 * sd / sqrt(n));
    rig_close(&g);
}

static void half_interruptions_behind_a_shield(void **state)
{
    (void)state;
    plan *p = history_plan(1.0, P10, U10, E1, 10);
    p->scenarios[0].teams[0].interrupt_scale = 0.5;
    rig g;
    rig_open(&g, p, 0, 0);
    for (int32_t j = 0; j < 10; j++)
        assert_true(g.cm.sample_work[j] == P10[j] + 0.5 * U10[j]);
    rig_close(&g);
}

static void context_switching_by_streams_per_person(void **state)
{
    (void)state;
    const double table[] = {1.0, 0.8, 0.6, 0.4, 0.25};
    assert_true(terms_context_share(table, 5, 1.0) == 1.0);
    assert_true(terms_context_share(table, 5, 0.3) == 1.0);
    assert_true(fabs(terms_context_share(table, 5, 2.5) - 0.7) < 1e-15);
    assert_true(terms_context_share(table, 5, 3.0) == 0.6);
    assert_true(terms_context_share(table, 5, 9.0) == 0.25); /* flat past the end */

    /* 2 people, history of 2 streams (k_j = 1): 4 items in progress (k = 2) give 0.8 of the
     * capacity, 5 give 0.7, 6 give 0.6; 2 or fewer give all of it */
    const int32_t streams[10] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    rig g;
    rig_open(&g, history_plan(2.0, P10, U10, streams, 10), 0, 0);
    const struct {
        int32_t active;
        double share;
    } cases[] = {{1, 1.0}, {2, 1.0}, {4, 0.8}, {5, 0.7}, {6, 0.6}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        for (uint64_t i = 0; i < 50; i++) {
            uint64_t stream = stream_of_trial(i);
            double c = capacity_on_day(&g.cm, stream, 0, cases[k].active);
            double want =
                P10[rng_below(rng_at(stream, (uint64_t)fixture_start()), 10)] * cases[k].share;
            assert_true(fabs(c - want) < 1e-12);
        }
    }
    rig_close(&g);
}

static void history_juggling_is_taken_out(void **state)
{
    (void)state;
    /* one person who ran 3 epics at once (f = 0.6) and now works on 1: capacity P_j / 0.6 */
    const int32_t three[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    rig g;
    rig_open(&g, history_plan(1.0, P10, U10, three, 10), 0, 0);
    for (int32_t j = 0; j < 10; j++)
        assert_true(g.cm.sample_f[j] == 0.6);
    rig_close(&g);
}

/* Constant history: 2 people finished 2 planned items every day, no streams. */
static plan *constant_pair(void)
{
    const int32_t two[10] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    const int32_t zero[10] = {0};
    return history_plan(2.0, two, zero, zero, 10);
}

static void joiner_ramps_up_day_by_day(void **state)
{
    (void)state;
    /* a third person joins on Wednesday with a 10-working-day ramp: on their k-th working
     * day they count as k/10 of a person, so capacity is 2 * (2 + k/10) / 2 = 2 + k/10 */
    plan *p = constant_pair();
    fixture_change(p, 0, 0, PLAN_CHANGE_JOIN, fixture_start() + 2, DATE_NONE, 1.0, 10);
    rig g;
    rig_open(&g, p, 0, 0);
    int32_t k = 0;
    for (int32_t day = 0; day < 35; day++) {
        if (!workcal_is_working(&g.cal, day))
            continue;
        double want_people = day < 2 ? 2.0 : 2.0 + (k < 10 ? k / 10.0 : 1.0);
        assert_true(fabs(capacity_people_at(&g.cm, day) - want_people) < 1e-12);
        double c = capacity_on_day(&g.cm, g.stream, day, 1);
        assert_true(fabs(c - want_people) < 1e-12);
        if (day >= 2)
            k++;
    }
    rig_close(&g);
}

static void ramp_started_before_the_start(void **state)
{
    (void)state;
    /* joined on the Monday two weeks before the start with a 20-day ramp: 10 working days
     * done, so half a person on day 0 and a full person from day offset 14 */
    plan *p = constant_pair();
    fixture_change(p, 0, 0, PLAN_CHANGE_JOIN, fixture_start() - 14, DATE_NONE, 1.0, 20);
    rig g;
    rig_open(&g, p, 0, 0);
    assert_true(fabs(capacity_people_at(&g.cm, 0) - 2.5) < 1e-12);
    assert_true(fabs(capacity_people_at(&g.cm, 7) - 2.75) < 1e-12);
    assert_true(fabs(capacity_people_at(&g.cm, 14) - 3.0) < 1e-12);
    rig_close(&g);
}

static void leavers_absences_and_losses(void **state)
{
    (void)state;
    plan *p = constant_pair();
    int32_t s = fixture_start();
    fixture_change(p, 0, 0, PLAN_CHANGE_ABSENCE, s + 7, s + 11, 1.0, 0); /* week 2 */
    fixture_change(p, 0, 0, PLAN_CHANGE_LEAVE, s + 21, DATE_NONE, 1.0, 0);
    fixture_change(p, 0, 0, PLAN_CHANGE_CAPACITY_LOSS, s + 1, s + 2, 0.5, 0); /* Tue-Wed */
    fixture_change(p, 0, 0, PLAN_CHANGE_LEAVE, s + 28, DATE_NONE, 1.0, 0);    /* nobody left */
    rig g;
    rig_open(&g, p, 0, 0);
    const struct {
        int32_t day;
        double capacity;
    } cases[] = {{0, 2.0},  {1, 1.0},  {2, 1.0},  {3, 2.0},  {7, 1.0},
                 {11, 1.0}, {14, 2.0}, {21, 1.0}, {28, 0.0}, {30, 0.0}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        assert_true(fabs(capacity_on_day(&g.cm, g.stream, cases[k].day, 1) - cases[k].capacity) <
                    1e-12);
    rig_close(&g);
}

static void week_blocks_replay_whole_weeks(void **state)
{
    (void)state;
    /* two historical weeks: steady (1 a day) and bursty (0, 5, 0, 5, 0). Each simulated
     * week replays one of them day by day. */
    const int32_t planned[10] = {1, 1, 1, 1, 1, 0, 5, 0, 5, 0};
    const int32_t zero[10] = {0};
    plan *p = history_plan(1.0, planned, zero, zero, 10);
    p->scenarios[0].settings.bootstrap = PLAN_BOOTSTRAP_WEEK_BLOCK;
    rig g;
    rig_open(&g, p, 0, 0);
    assert_int_equal(g.cm.n_blocks, 2);
    int seen[2] = {0, 0};
    for (int32_t week = 0; week < 40; week++) {
        double c[5];
        for (int32_t d = 0; d < 5; d++) {
            c[d] = capacity_on_day(&g.cm, g.stream, 7 * week + d, 1);
            /* the table path (week blocks have tables) is the formula, bit for bit */
            assert_non_null(capacity_table(&g.cm, 1));
            for (int32_t a = 1; a <= 10; a++)
                assert_true(capacity_on_day(&g.cm, g.stream, 7 * week + d, a) ==
                            capacity_formula(&g.cm, g.stream, 7 * week + d, a));
        }
        bool steady = c[0] == 1 && c[1] == 1 && c[2] == 1 && c[3] == 1 && c[4] == 1;
        bool bursty = c[0] == 0 && c[1] == 5 && c[2] == 0 && c[3] == 5 && c[4] == 0;
        assert_true(steady || bursty);
        seen[bursty]++;
    }
    assert_true(seen[0] > 0 && seen[1] > 0);
    rig_close(&g);
}

static void weekly_estimate(void **state)
{
    (void)state;
    /* a new team estimated at 4..6 items a week (uniform): each week's five days share one
     * draw equally; over 20000 weeks the mean is 5 within 4.5 standard errors (sd of a
     * uniform on [4, 6] is 2 / sqrt(12)) */
    plan *p = fixture_plan(1, 1);
    fixture_team(p, 0, "new", 3.0, 3, NULL, 0);
    p->teams[0].estimated = true;
    p->teams[0].estimate_low = 4.0;
    p->teams[0].estimate_high = 6.0;
    p->teams[0].estimate_mode = (double)NAN;
    fixture_team_settings(p);
    rig g;
    g.p = p;
    status st;
    assert_int_equal(workcal_init(&g.cal, p, 0, fixture_start(), 20 * 7 * 1000), STATUS_OK);
    assert_int_equal(capacity_model_init(&g.cm, p, 0, 0, &g.cal, 10, &st), STATUS_OK);
    g.stream = stream_of_trial(5);
    double total = 0.0;
    const int weeks = 20000;
    for (int32_t w = 0; w < weeks; w++) {
        double week = 0.0, first = capacity_on_day(&g.cm, g.stream, 7 * w, 3);
        for (int32_t d = 0; d < 5; d++) {
            double c = capacity_on_day(&g.cm, g.stream, 7 * w + d, 3);
            assert_true(c == first);
            week += c;
        }
        assert_true(week >= 4.0 - 1e-12 && week <= 6.0 + 1e-12);
        total += week;
    }
    assert_true(fabs(total / weeks - 5.0) < 4.5 * (2.0 / sqrt(12.0)) / sqrt(weeks));
    rig_close(&g);
}

static void tables_equal_the_formula(void **state)
{
    (void)state;
    /* the precomputed tables and the formula give the same bits for every day, stream and
     * number of items in progress (2 people, juggling history) */
    const int32_t streams[10] = {1, 2, 3, 2, 1, 4, 2, 2, 3, 1};
    rig g;
    rig_open(&g, history_plan(2.0, P10, U10, streams, 10), 0, 0);
    assert_non_null(capacity_table(&g.cm, 1));
    for (uint64_t trial = 0; trial < 20; trial++)
        for (int32_t day = 0; day < 60; day++)
            for (int32_t active = 1; active <= 10; active++) {
                uint64_t stream = stream_of_trial(trial);
                double a = capacity_on_day(&g.cm, stream, day, active);
                double b = capacity_formula(&g.cm, stream, day, active);
                assert_memory_equal(&a, &b, sizeof a);
            }
    rig_close(&g);
}

static void draws_follow_the_date_not_the_start(void **state)
{
    (void)state;
    /* The same date draws the same in a scenario that starts a week later, in every mode:
     * capacity is number `date` (or `Monday's date`) of the stream, not the n-th working day
     * since the start. A day off on Tuesday changes no other day either. */
    for (int mode = 0; mode < 3; mode++) {
        plan *p = history_plan(1.0, P10, U10, E1, 10);
        p->scenarios[0].settings.period = mode == 1 ? PLAN_PERIOD_WEEK : PLAN_PERIOD_DAY;
        p->scenarios[0].settings.bootstrap =
            mode == 2 ? PLAN_BOOTSTRAP_WEEK_BLOCK : PLAN_BOOTSTRAP_DAY;
        int32_t later = fixture_scenario(p, "later");
        p->scenarios[later].settings.start += 7;
        rig a, b;
        rig_open(&a, p, 0, 0);
        rig_open(&b, p, later, 0);
        b.p = NULL; /* owned by a */
        for (int32_t day = 0; day < 200; day++)
            if (workcal_is_working(&b.cal, day))
                assert_true(capacity_on_day(&a.cm, a.stream, day + 7, 1) ==
                            capacity_on_day(&b.cm, b.stream, day, 1));
        capacity_model_fini(&b.cm);
        workcal_fini(&b.cal);
        rig_close(&a);
    }
    plan *p = history_plan(1.0, P10, U10, E1, 10);
    rig plain;
    rig_open(&plain, p, 0, 0);
    double before[60];
    for (int32_t day = 0; day < 60; day++)
        before[day] = workcal_is_working(&plain.cal, day)
                          ? capacity_on_day(&plain.cm, plain.stream, day, 1)
                          : -1.0;
    capacity_model_fini(&plain.cm);
    workcal_fini(&plain.cal);
    fixture_day_off(p, 0, fixture_start() + 1);
    rig_open(&plain, p, 0, 0);
    for (int32_t day = 0; day < 60; day++)
        if (day != 1 && workcal_is_working(&plain.cal, day))
            assert_true(capacity_on_day(&plain.cm, plain.stream, day, 1) == before[day]);
    rig_close(&plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(workcal_tables),
        cmocka_unit_test(replay_is_exact),
        cmocka_unit_test(level_spread_by_hand),
        cmocka_unit_test(recent_samples_likelier),
        cmocka_unit_test(interruption_scale_returns_unplanned_time),
        cmocka_unit_test(half_interruptions_behind_a_shield),
        cmocka_unit_test(context_switching_by_streams_per_person),
        cmocka_unit_test(history_juggling_is_taken_out),
        cmocka_unit_test(joiner_ramps_up_day_by_day),
        cmocka_unit_test(ramp_started_before_the_start),
        cmocka_unit_test(leavers_absences_and_losses),
        cmocka_unit_test(week_blocks_replay_whole_weeks),
        cmocka_unit_test(weekly_estimate),
        cmocka_unit_test(tables_equal_the_formula),
        cmocka_unit_test(draws_follow_the_date_not_the_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
