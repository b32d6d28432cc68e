/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * backtest: walk-forward forecasts scored against what happened. Histories are written by a
 * seeded generator here (a team finishing a Poisson number of planned items each working
 * day), so what the backtest should find is known: calibration on a stationary history, a
 * flag on a team whose pace steps down, and forecasts that never read past their checkpoint.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "backtest.h"
#include "date.h"
#include "plan_dir_fixture.h"
#include "tally.h"

/* ---- histories ------------------------------------------------------------------------- */

typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void append(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char line[256];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof line);
    if (t->n + (size_t)n + 1 > t->cap) {
        t->cap = 2 * (t->n + (size_t)n + 1);
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->n, line, (size_t)n + 1);
    t->n += (size_t)n;
}

/* SplitMix64: the generator's own numbers, apart from shipcast's. */
static double uniform(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

static int poisson(uint64_t *state, double mean)
{
    double limit = exp(-mean), product = uniform(state);
    int k = 0;
    while (product > limit) {
        product *= uniform(state);
        k++;
    }
    return k;
}

typedef struct team_spec {
    const char *name;
    double rate, rate_after; /* planned items per working day, before and after `step` */
    int32_t step;            /* DATE_NONE: no step */
} team_spec;

static int32_t day(const char *iso)
{
    int32_t d;
    assert_true(date_parse(iso, strlen(iso), &d));
    return d;
}

/* history.csv of teams finishing Poisson(rate) planned items on each weekday of
 * [first, last], started and done the same day. */
static char *history(const team_spec *teams, int n_teams, int32_t first, int32_t last,
                     uint64_t seed)
{
    text t = {0};
    append(&t, "id,team,type,started,done\n");
    int id = 0;
    for (int k = 0; k < n_teams; k++) {
        uint64_t state = seed * 1000 + (uint64_t)k;
        for (int32_t d = first; d <= last; d++) {
            if (date_weekday(d) >= 5)
                continue;
            double rate = teams[k].step != DATE_NONE && d >= teams[k].step ? teams[k].rate_after
                                                                           : teams[k].rate;
            char iso[DATE_TEXT_SIZE];
            date_format(d, iso);
            for (int n = poisson(&state, rate); n > 0; n--)
                append(&t, "T-%d,%s,story,%s,%s\n", ++id, teams[k].name, iso, iso);
        }
    }
    return t.s;
}

/* settings: more [baseline] lines ("" for none) */
static void write_plan(const fixture *f, const team_spec *teams, int n_teams, const char *first,
                       const char *last, uint64_t seed, const char *settings)
{
    char *h = history(teams, n_teams, day(first), day(last), seed);
    put(f, "history.csv", h);
    free(h);
    text t = {0};
    append(&t, "team,people,wip,history_people\n");
    for (int k = 0; k < n_teams; k++)
        append(&t, "%s,1,1,1\n", teams[k].name);
    put(f, "teams.csv", t.s);
    free(t.s);
    char ini[256];
    snprintf(ini, sizeof ini, "[baseline]\nhistory_end = %s\nwindow = 90\nseed = 11\n%s", last,
             settings);
    put(f, "scenarios.ini", ini);
}

static plan *load_history(const fixture *f)
{
    plan_overrides ov = {.start = DATE_NONE, .horizon = DATE_NONE, .history_only = true};
    return load_ok(f, &ov);
}

static backtest *run(const plan *p, backtest_options opt)
{
    backtest *b = NULL;
    status st;
    if (backtest_run(p, &opt, &b, &st) != STATUS_OK)
        fail_msg("backtest_run failed: %s", st.message);
    return b;
}

static int setup(void **state)
{
    *state = fixture_create("backtest");
    return *state ? 0 : -1;
}

static backtest_options quick_options(uint64_t trials)
{
    backtest_options opt = backtest_options_default(1);
    opt.trials = trials;
    return opt;
}

static const backtest_calibration *find(const backtest_calibration *cal, int32_t n, int32_t team,
                                        backtest_scope scope)
{
    for (int32_t k = 0; k < n; k++)
        if (cal[k].team == team && cal[k].scope == scope)
            return &cal[k];
    fail_msg("no calibration row for team %d", (int)team);
    return NULL;
}

/* ---- tests ----------------------------------------------------------------------------- */

/* Three teams, two years of i.i.d. days: pooled P50 and P85 coverage within three binomial
 * standard deviations (over the checkpoint-team pairs, the independent units: a pair's six
 * forecasts share its history) of the forecasts' own probability. */
static void stationary_history_is_calibrated(void **state)
{
    const fixture *f = *state;
    const team_spec teams[] = {
        {"a", 1.0, 1.0, DATE_NONE}, {"b", 2.5, 2.5, DATE_NONE}, {"c", 0.6, 0.6, DATE_NONE}};
    write_plan(f, teams, 3, "2024-01-01", "2025-12-31", 5, "");
    plan *p = load_history(f);
    backtest *b = run(p, quick_options(400));
    backtest_calibration *cal = NULL;
    int32_t n = 0;
    status st;
    assert_int_equal(backtest_calibrate(b, &cal, &n, &st), STATUS_OK);
    int32_t pairs = 0;
    for (int32_t r = 0; r < backtest_n_rows(b); r++)
        pairs += backtest_rows(b)[r].kind == BACKTEST_HOW_MANY && backtest_rows(b)[r].target == 14;
    assert_true(pairs >= 200);
    for (int s = BACKTEST_SCOPE_WHEN; s <= BACKTEST_SCOPE_HOW_MANY; s++) {
        const backtest_calibration *c = find(cal, n, -1, (backtest_scope)s);
        for (int l = 0; l < BACKTEST_N_LEVELS; l += 2) { /* P50, P85 */
            double pi = c->perfect[l], tolerance = 3.0 * sqrt(pi * (1.0 - pi) / pairs);
            if (fabs(c->coverage[l] - pi) > tolerance)
                fail_msg("%s P%u: coverage %.3f, perfect %.3f, tolerance %.3f over %d pairs",
                         s == BACKTEST_SCOPE_WHEN ? "when" : "how many", backtest_levels[l],
                         c->coverage[l], pi, tolerance, (int)pairs);
        }
        double most = 0.0;
        for (int d = 0; d < 10; d++)
            most = fmax(most, c->pit_deciles[d]);
        assert_true(most < 0.16);
    }
    for (int32_t k = 0; k < n; k++)
        if (cal[k].flagged)
            fail_msg("flagged on a stationary history: %s", cal[k].flag);
    free(cal);
    backtest_destroy(b);
    plan_destroy(p);
}

/* Team b's pace halves a year in; team a keeps its own: b is flagged (too optimistic), a is
 * not. */
static void step_change_flags_that_team_only(void **state)
{
    const fixture *f = *state;
    const team_spec teams[] = {{"a", 1.5, 1.5, DATE_NONE}, {"b", 1.5, 0.5, day("2025-01-01")}};
    /* the plain pace: its 90-day window takes a quarter to forget the old pace, which is what
     * the flag has to catch (the level model follows the change within weeks) */
    write_plan(f, teams, 2, "2024-01-01", "2025-06-30", 9, "pace = plain\n");
    plan *p = load_history(f);
    backtest *b = run(p, quick_options(300));
    backtest_calibration *cal = NULL;
    int32_t n = 0;
    status st;
    assert_int_equal(backtest_calibrate(b, &cal, &n, &st), STATUS_OK);
    const backtest_calibration *a_all = find(cal, n, 0, BACKTEST_SCOPE_ALL);
    const backtest_calibration *b_all = find(cal, n, 1, BACKTEST_SCOPE_ALL);
    assert_false(a_all->flagged);
    assert_true(b_all->flagged);
    assert_non_null(strstr(b_all->flag, "b: "));
    assert_non_null(strstr(b_all->flag, "too optimistic"));
    assert_true(b_all->coverage[0] < b_all->perfect[0] - 0.10);
    free(cal);
    backtest_destroy(b);
    plan_destroy(p);
}

/* The forecasts at checkpoint t of a history and of the same history with everything after t
 * changed (other done dates, more items): the same percentiles and probabilities, bit for bit;
 * only the actuals differ. */
static void no_look_ahead(void **state)
{
    const fixture *f = *state;
    const team_spec before[] = {{"a", 1.2, 1.2, DATE_NONE}};
    const team_spec after[] = {{"a", 1.2, 3.0, day("2025-06-01")}};
    backtest_options opt = quick_options(300);
    opt.from = opt.to = day("2025-05-31");
    backtest *runs[2];
    plan *plans[2];
    for (int v = 0; v < 2; v++) {
        write_plan(f, v ? after : before, 1, "2025-01-01", "2025-09-30", 4, "");
        plans[v] = load_history(f);
        runs[v] = run(plans[v], opt);
    }
    assert_int_equal(backtest_n_rows(runs[0]), 6);
    assert_int_equal(backtest_n_rows(runs[1]), 6);
    int differ = 0;
    for (int32_t r = 0; r < 6; r++) {
        const backtest_row *x = &backtest_rows(runs[0])[r], *y = &backtest_rows(runs[1])[r];
        assert_int_equal(x->target, y->target);
        assert_memory_equal(x->q, y->q, sizeof x->q);
        assert_memory_equal(x->own, y->own, sizeof x->own);
        differ += x->actual != y->actual;
    }
    assert_true(differ >= 4);
    for (int v = 0; v < 2; v++) {
        backtest_destroy(runs[v]);
        plan_destroy(plans[v]);
    }
}

/* Every `when` target is the forecast of one item of exactly N stories started the day after
 * the checkpoint: the same dates as a forecast of that plan with the same seed. */
static void when_is_one_item_of_n(void **state)
{
    const fixture *f = *state;
    const team_spec teams[] = {{"a", 1.3, 1.3, DATE_NONE}};
    write_plan(f, teams, 1, "2025-01-01", "2025-09-30", 6, "");
    backtest_options opt = quick_options(500);
    opt.from = opt.to = day("2025-06-13");
    opt.n_items = 1;
    opt.items[0] = 17;
    plan *p = load_history(f);
    backtest *b = run(p, opt);
    const backtest_row *r = &backtest_rows(b)[0];
    assert_int_equal(r->kind, BACKTEST_WHEN);
    assert_int_equal(r->target, 17);

    put(f, "plan.csv", "id,team,title,size_low,size_high,priority\nX,a,seventeen,17,17,1\n");
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2025-06-13\nstart = 2025-06-14\n"
        "window = 90\nseed = 11\ntrials = 500\n");
    plan_overrides ov = {.start = DATE_NONE, .horizon = DATE_NONE};
    plan *q = load_ok(f, &ov);
    forecast *fc = NULL;
    status st;
    forecast_options fo = forecast_options_default(1);
    assert_int_equal(forecast_run(q, &fo, &fc, &st), STATUS_OK);
    for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
        int32_t d = tally_percentile(forecast_tally(fc, 0), 0, backtest_levels[l]);
        assert_int_equal(r->q[l], day("2025-06-14") + d);
    }
    drop(f, "plan.csv");
    forecast_destroy(fc);
    plan_destroy(q);
    backtest_destroy(b);
    plan_destroy(p);
}

/* Checkpoints must lie in the history and leave room for the largest horizon. */
static void checkpoints_outside_the_history_are_errors(void **state)
{
    const fixture *f = *state;
    const team_spec teams[] = {{"a", 1.0, 1.0, DATE_NONE}};
    write_plan(f, teams, 1, "2025-01-01", "2025-09-30", 2, "");
    plan *p = load_history(f);
    struct {
        const char *from, *to, *phrase;
    } cases[] = {{"2024-12-31", NULL, "--from: expected a checkpoint inside the history"},
                 {NULL, "2025-09-17", "--to: a checkpoint on 2025-09-17 would look past the end"},
                 {"2025-08-01", "2025-07-01", "no checkpoint"}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        backtest_options opt = quick_options(100);
        if (cases[c].from)
            opt.from = day(cases[c].from);
        if (cases[c].to)
            opt.to = day(cases[c].to);
        backtest *b = NULL;
        status st;
        assert_int_equal(backtest_run(p, &opt, &b, &st), STATUS_EINPUT);
        assert_null(b);
        if (!strstr(st.message, cases[c].phrase))
            fail_msg("expected '%s' in: %s", cases[c].phrase, st.message);
    }
    plan_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stationary_history_is_calibrated, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(step_change_flags_that_team_only, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(no_look_ahead, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(when_is_one_item_of_n, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(checkpoints_outside_the_history_are_errors, setup,
                                        fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
