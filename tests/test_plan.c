/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of plan_load: a small hand-made plan whose derived samples were computed by hand,
 * settings, overrides and scenario inheritance, and every validation error with its exact
 * "file:line:column:" prefix. Each test writes its plan folder into a fresh temporary
 * directory: a valid plan first, then the file under test replaced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "date.h"
#include "plan.h"
#include "plan_dir_fixture.h"

/* Window 2026-11-02 (Mon) .. 2026-11-15 (Sun); 2026-11-11 is a company holiday and
 * 2026-11-13 a day off of team B only. */
static const char good_ini[] = "; run settings\n"
                               "[baseline]\n"
                               "history_end = 2026-11-15  # a Sunday\n"
                               "window = 14\n"
                               "trials = 500\n"
                               "\n"
                               "[shield]   ; on-call shield\n"
                               "interrupt_scale = 0.5\n"
                               "period = week\n"
                               "[late.start-2]\n"
                               "start = 2026-12-01\n"
                               "horizon = 2027-03-31\n";

static const char good_teams[] = "team,people,wip,history_people\n"
                                 "A,4,2,\n"
                                 "B,2.5,1,3\n";

static const char good_calendar[] = "date,team,kind\n"
                                    "2026-11-11,,holiday\n"
                                    "2026-11-13,B,offsite\n"
                                    "2026-11-11,all,duplicate of the holiday\n";

static const char good_history[] =
    "id,team,type,started,done,epic,ignored column\n"
    "a1,A,story,2026-10-20,2026-11-02,E1,x\n"
    "a2,A,Bug,,2026-11-03T09:30:00Z,,x\n"
    "a3,A,story,2026-11-01,2026-11-07,E2,x\n"  /* Saturday: counts on Monday 11-09 */
    "a4,A,story,2026-11-05,2026-11-11,E2,x\n"  /* holiday: counts on 11-12 */
    "a5,A,INCIDENT,2026-11-09,2026-11-09,,x\n" /* unplanned, any case */
    "a6,A,story,2026-11-10,,E3,x\n"            /* open: E3 in progress to history_end */
    "a7,A,story,2026-10-01,2026-10-05,E0,x\n"  /* before the window */
    "a8,A,story,,2026-11-01,,x\n"              /* Sunday before the window: Monday 11-02 */
    "a9,X,story,,2026-11-04,,x\n"              /* unknown team: ignored with a warning */
    "a10,A,story,2026-11-14,2026-11-12,,x\n"   /* done before started: warning */
    "a11,A,story,2026-11-13,2026-11-14,,x\n"   /* Saturday; next working day is outside */
    "b1,B,task,,2026-11-13,,x\n"               /* B's day off: moved past the window */
    "b2,B,ops,,2026-11-04 10:00,,x\n"
    /* enough working days with completions (5) for the sufficiency rule */
    "a12,A,story,,2026-11-04,,x\n"
    "a13,A,story,,2026-11-05,,x\n"
    "b3,B,task,,2026-11-02,,x\n"
    "b4,B,task,,2026-11-03,,x\n"
    "b5,B,task,,2026-11-05,,x\n"
    "b6,B,task,,2026-11-09,,x\n";

static const char good_plan[] =
    "\xEF\xBB\xBFid,team,title,size_low,size_high,depends_on,priority,due,not_before,done,"
    "status\r\n"
    "P1,A,\"Login, with \"\"SSO\"\"\",3,5,,1,2026-12-31,,,\r\n"
    "P2,A,\"Multi\r\nline title\",,,P1+3,,,,2,\r\n"
    "P3,B,Simple,4,,P1 ; P2;P1+2,2.5,,2026-12-01,,done\r\n";

static int setup(void **state)
{
    fixture *f = fixture_create("plan");
    if (!f)
        return -1;
    put(f, "scenarios.ini", good_ini);
    put(f, "teams.csv", good_teams);
    put(f, "calendar.csv", good_calendar);
    put(f, "history.csv", good_history);
    put(f, "plan.csv", good_plan);
    *state = f;
    return 0;
}

static int32_t day(int y, int m, int d)
{
    int32_t out = 0;
    assert_true(date_from_ymd(y, m, d, &out));
    return out;
}

static void assert_i32_array(const int32_t *got, const int32_t *want, int32_t n)
{
    for (int32_t i = 0; i < n; i++)
        if (got[i] != want[i])
            fail_msg("element %d: got %d, want %d", (int)i, (int)got[i], (int)want[i]);
}

/* ---- positive tests ---- */

static void derived_samples(void **state)
{
    fixture *f = *state;
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_teams, 2);
    const plan_team *a = &p->teams[0];
    assert_string_equal(a->name, "A");
    assert_true(a->people == 4.0 && a->history_people == 4.0);
    assert_int_equal(a->wip, 2);
    assert_int_equal(a->line, 2);

    const int32_t dates[] = {day(2026, 11, 2),  day(2026, 11, 3),  day(2026, 11, 4),
                             day(2026, 11, 5),  day(2026, 11, 6),  day(2026, 11, 9),
                             day(2026, 11, 10), day(2026, 11, 12), day(2026, 11, 13)};
    const int32_t planned[] = {2, 0, 1, 1, 0, 1, 0, 2, 0};
    const int32_t unplanned[] = {0, 1, 0, 0, 0, 1, 0, 0, 0};
    const int32_t streams[] = {2, 1, 1, 1, 1, 1, 2, 1, 1};
    assert_int_equal(a->n_days, 9);
    assert_i32_array(a->day_date, dates, 9);
    assert_i32_array(a->day_planned, planned, 9);
    assert_i32_array(a->day_unplanned, unplanned, 9);
    assert_i32_array(a->day_streams, streams, 9);

    const int32_t wp[] = {4, 3}, wu[] = {1, 1}, ws[] = {6, 5}, wd[] = {5, 4};
    assert_int_equal(a->n_weeks, 2);
    assert_i32_array(a->week_planned, wp, 2);
    assert_i32_array(a->week_unplanned, wu, 2);
    assert_i32_array(a->week_streams, ws, 2);
    assert_i32_array(a->week_working_days, wd, 2);

    const int32_t sizes[] = {1, 2, 1}; /* E1, E2, E0 in order of appearance; E3 is open */
    assert_int_equal(a->n_epics, 3);
    assert_i32_array(a->epic_sizes, sizes, 3);

    const int32_t off_a[] = {day(2026, 11, 11)};
    assert_int_equal(a->n_days_off, 1);
    assert_i32_array(a->days_off, off_a, 1);

    const plan_team *b = &p->teams[1];
    assert_true(b->people == 2.5 && b->history_people == 3.0);
    const int32_t off_b[] = {day(2026, 11, 11), day(2026, 11, 13)};
    assert_int_equal(b->n_days_off, 2);
    assert_i32_array(b->days_off, off_b, 2);
    assert_int_equal(b->n_days, 8);
    const int32_t b_unplanned[] = {0, 0, 1, 0, 0, 0, 0, 0};
    assert_i32_array(b->day_unplanned, b_unplanned, 8);
    const int32_t b_planned[] = {1, 1, 0, 1, 0, 1, 0, 0};
    assert_i32_array(b->day_planned, b_planned, 8);
    assert_int_equal(b->n_epics, 0);

    assert_true(plan_is_working_day(p, 0, day(2026, 11, 13)));
    assert_false(plan_is_working_day(p, 1, day(2026, 11, 13)));
    assert_false(plan_is_working_day(p, 0, day(2026, 11, 11)));
    assert_false(plan_is_working_day(p, 0, day(2026, 11, 14)));
    assert_int_equal(plan_find_team(p, "B"), 1);
    assert_int_equal(plan_find_team(p, "X"), -1);

    assert_int_equal(p->n_warnings, 2);
    assert_non_null(strstr(p->warnings[0], "1 row of teams not in teams.csv"));
    assert_non_null(strstr(p->warnings[1], "1 row with done before started"));
    plan_destroy(p);
}

static void items_quoting_and_status(void **state)
{
    fixture *f = *state;
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_items, 3);
    const plan_item *p1 = &p->items[0], *p2 = &p->items[1], *p3 = &p->items[2];
    assert_string_equal(p1->id, "P1");
    assert_string_equal(p1->title, "Login, with \"SSO\"");
    assert_int_equal(p1->line, 2);
    assert_int_equal(p1->size_low, 3);
    assert_int_equal(p1->size_high, 5);
    assert_false(p1->size_from_epics);
    assert_true(p1->priority == 1.0);
    assert_int_equal(p1->due, day(2026, 12, 31));
    assert_int_equal(p1->not_before, DATE_NONE);
    assert_int_equal(p1->status, PLAN_ITEM_TODO);
    assert_int_equal(p1->n_deps, 0);

    assert_string_equal(p2->title, "Multi\r\nline title");
    assert_int_equal(p2->line, 3);
    assert_true(p2->size_from_epics);
    assert_int_equal(p2->size_low, 1);
    assert_int_equal(p2->size_high, 2);
    assert_true(isinf(p2->priority) && p2->priority > 0);
    assert_int_equal(p2->done_stories, 2);
    assert_int_equal(p2->status, PLAN_ITEM_IN_PROGRESS);
    assert_int_equal(p2->n_deps, 1);
    assert_int_equal(p2->deps[0].item, 0);
    assert_int_equal(p2->deps[0].lag_days, 3);

    assert_int_equal(p3->line, 5); /* after the two-line title */
    assert_int_equal(p3->team, 1);
    assert_int_equal(p3->size_low, 4);
    assert_int_equal(p3->size_high, 4);
    assert_true(p3->priority == 2.5);
    assert_int_equal(p3->not_before, day(2026, 12, 1));
    assert_int_equal(p3->status, PLAN_ITEM_DONE);
    assert_int_equal(p3->n_deps, 2); /* P1 twice: merged, the longer lag kept */
    assert_int_equal(p3->deps[0].item, 0);
    assert_int_equal(p3->deps[0].lag_days, 2);
    assert_int_equal(p3->deps[1].item, 1);
    assert_int_equal(p3->deps[1].lag_days, 0);
    plan_destroy(p);
}

static void later_error_lines_after_quotes(void **state)
{
    fixture *f = *state;
    char text[1024];
    snprintf(text, sizeof text, "%sP4,A,x,abc,,,,,,,\r\n", good_plan);
    put(f, "plan.csv", text);
    load_fails(f, STATUS_EINPUT, "plan.csv", 6, 4, "size_low: expected a whole number >= 0");
    put(f, "plan.csv", "id,team,size_low,size_high\n\n\"P1\nstill P1\",A,1,2\n\n  \nP2,A,x,2\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 7, 3, "found 'x'");
}

static void settings_and_scenarios(void **state)
{
    fixture *f = *state;
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_scenarios, 3);
    const plan_settings *b = &p->scenarios[0].settings;
    assert_string_equal(p->scenarios[0].name, "baseline");
    assert_int_equal(p->scenarios[0].line, 2);
    assert_int_equal(b->history_end, day(2026, 11, 15));
    assert_int_equal(b->start, day(2026, 11, 16));
    assert_int_equal(b->horizon, DATE_NONE);
    assert_int_equal(b->window_days, 14);
    assert_true(b->trials == 500);
    assert_true(b->seed == 1);
    assert_true(b->interrupt_scale == 1.0 && b->unplanned_effort == 1.0);
    assert_int_equal(b->n_context_switch, 5);
    assert_true(b->context_switch[1] == 0.8 && b->context_switch[4] == 0.25);
    assert_int_equal(b->cap_years, 5);
    assert_int_equal(b->period, PLAN_PERIOD_DAY);
    assert_int_equal(b->size_dist, PLAN_SIZE_UNIFORM);

    const plan_scenario *s1 = &p->scenarios[1], *s2 = &p->scenarios[2];
    assert_string_equal(s1->name, "shield");
    assert_int_equal(s1->line, 7);
    assert_true(s1->settings.interrupt_scale == 0.5);
    assert_int_equal(s1->settings.period, PLAN_PERIOD_WEEK);
    assert_true(s1->settings.trials == 500);
    assert_int_equal(s1->settings.start, day(2026, 11, 16));
    assert_string_equal(s2->name, "late.start-2");
    assert_int_equal(s2->settings.start, day(2026, 12, 1));
    assert_int_equal(s2->settings.horizon, day(2027, 3, 31));
    assert_true(s2->settings.interrupt_scale == 1.0);

    assert_int_equal(p->n_unplanned_types, 5);
    assert_string_equal(p->unplanned_types[0], "bug");
    assert_int_equal(p->n_files, 5);
    assert_string_equal(p->files[0].name, "history.csv");
    assert_string_equal(p->files[4].name, "scenarios.ini");
    assert_int_equal(strlen(p->files[2].sha256), 64);
    plan_destroy(p);
}

static void overrides_reach_scenarios(void **state)
{
    fixture *f = *state;
    plan_overrides ov = {.start = day(2026, 11, 20),
                         .horizon = day(2027, 1, 31),
                         .trials = 777,
                         .seed = 42,
                         .has_seed = true};
    plan *p = load_ok(f, &ov);
    const plan_settings *b = &p->scenarios[0].settings, *s1 = &p->scenarios[1].settings,
                        *s2 = &p->scenarios[2].settings;
    assert_int_equal(b->start, day(2026, 11, 20));
    assert_int_equal(b->horizon, day(2027, 1, 31));
    assert_true(b->trials == 777 && b->seed == 42);
    assert_int_equal(s1->start, day(2026, 11, 20));
    assert_int_equal(s1->horizon, day(2027, 1, 31));
    assert_true(s1->trials == 777 && s1->seed == 42);
    assert_int_equal(s2->start, day(2026, 12, 1)); /* the scenario's own values win */
    assert_int_equal(s2->horizon, day(2027, 3, 31));
    plan_destroy(p);

    ov = (plan_overrides){.start = day(2026, 11, 10), .horizon = DATE_NONE};
    p = load_ok(f, &ov);
    assert_int_equal(p->n_warnings, 4); /* baseline and shield start inside the history */
    assert_non_null(strstr(p->warnings[2], "scenario 'baseline': start 2026-11-10"));
    plan_destroy(p);

    ov = (plan_overrides){.horizon = day(2026, 11, 1)};
    status st;
    assert_int_equal(plan_load(f->dir, &ov, &p, &st), STATUS_EINPUT);
    assert_null(p);
    assert_non_null(strstr(st.message, "--horizon: expected a date on or after start"));
}

static void defaults_without_ini_and_calendar(void **state)
{
    fixture *f = *state;
    drop(f, "scenarios.ini");
    drop(f, "calendar.csv");
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_scenarios, 1);
    assert_int_equal(p->scenarios[0].line, 0);
    const plan_settings *b = &p->scenarios[0].settings;
    assert_int_equal(b->history_end, day(2026, 11, 14)); /* latest done */
    assert_int_equal(b->start, day(2026, 11, 15));
    assert_int_equal(b->window_days, 90);
    assert_true(b->trials == 10000);
    assert_int_equal(p->n_files, 3);
    assert_int_equal(p->teams[0].n_days_off, 0);
    /* 90 days ending on Saturday 2026-11-14 would start 2026-08-17, but A's first record
     * (a7, started Thursday 2026-10-01) is later: no padding with days before the export.
     * 32 working days; whole weeks 2026-10-05 .. 2026-11-08. */
    assert_int_equal(p->teams[0].window_start, day(2026, 10, 1));
    assert_true(p->teams[0].window_shortened);
    assert_int_equal(p->teams[0].day_date[0], day(2026, 10, 1));
    assert_int_equal(p->teams[0].n_days, 32);
    assert_int_equal(p->teams[0].n_weeks, 5);
    plan_destroy(p);
}

static void unplanned_types_from_ini(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end=2026-11-15\nwindow=14\n"
        "unplanned = Story , task\n");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\nP3,B,1,1\n");
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_unplanned_types, 2);
    assert_string_equal(p->unplanned_types[0], "story");
    const plan_team *a = &p->teams[0];
    assert_int_equal(a->day_unplanned[0], 2); /* a1 and a8 are stories: now interruptions */
    assert_int_equal(a->day_planned[1], 1);   /* a2 is a Bug: now planned */
    plan_destroy(p);
}

static void sha256_of_files(void **state)
{
    fixture *f = *state;
    put(f, "teams.csv", "team,people,wip\nA,1,1\nB,1,1\n");
    plan *p = load_ok(f, NULL);
    assert_string_equal(p->files[1].name, "teams.csv");
    /* printf 'team,people,wip\nA,1,1\nB,1,1\n' | sha256sum */
    assert_string_equal(p->files[1].sha256,
                        "b71db4effd4b1edd000115d02e5eaddaed1c35a98c879fe501d0f6a233f18099");
    plan_destroy(p);
}

/* ---- errors ---- */

static void plan_errors(void **state)
{
    fixture *f = *state;
    const char *h = "id,team,title,size_low,size_high,depends_on,priority,due,not_before\n";
    char text[1024];
    struct {
        const char *rows;
        long line, column;
        const char *phrase;
    } cases[] = {
        {"P1,Z,t,1,2,,,,\n", 2, 2, "team: expected a team from teams.csv, found 'Z'"},
        {"P1,A,t,1,2,Q,,,\n", 2, 6, "unknown id 'Q'"},
        {"P1,A,t,1,2,,,,\nP1,A,t,1,2,,,,\n", 3, 1, "found 'P1' again (first on line 2)"},
        {"P1,A,t,5,3,,,,\n", 2, 5, "size_high: expected a whole number >= size_low (5), found '3'"},
        {"P1,A,t,-1,2,,,,\n", 2, 4, "size_low: expected a whole number >= 0"},
        {"P1,A,t,abc,2,,,,\n", 2, 4, "found 'abc'"},
        {"P1,A,t,1.5,2,,,,\n", 2, 4, "found '1.5'"},
        {"P1,A,t,1,99999999999999999999,,,,\n", 2, 5, "size_high: expected a whole number"},
        {"P1,A,t,1,2,,,2026-02-30,\n", 2, 8, "due: expected an existing date"},
        {"P1,A,t,1,2,,nan,,\n", 2, 7, "priority: expected a number"},
        {"P1,A,t,1,2,,inf,,\n", 2, 7, "priority: expected a number"},
        {"P1,A,t,1,2,,1e400,,\n", 2, 7, "priority: expected a number"},
        {"P1,A,t,1,2,P3,,,\nP2,A,t,1,2,P1,,,\nP3,A,t,1,2,P2,,,\n", 2, 6,
         "dependency cycle: P1 -> P3 -> P2 -> P1"},
        {"P0,A,t,1,2,,,,\nP1,A,t,1,2,P2,,,\nP2,A,t,1,2,P0;P1+1,,,\n", 3, 6,
         "dependency cycle: P1 -> P2 -> P1"},
        {"P1,A,t,1,2,P1,,,\n", 2, 6, "dependency cycle: P1 -> P1"},
        {"P1,A,t,1,2,,,,\nP2,A,t,1,2,P1+x,,,\n", 3, 6, "found lag 'x'"},
        {"P1,A,t,1,2,,,\n", 2, 9, "expected 9 fields as in the header (line 1), found 8"},
        {"P1,A,t,1,2,,,,,\n", 2, 10, "expected 9 fields as in the header (line 1), found 10"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, "%s%s", h, cases[i].rows);
        put(f, "plan.csv", text);
        load_fails(f, STATUS_EINPUT, "plan.csv", cases[i].line, cases[i].column, cases[i].phrase);
    }
    put(f, "plan.csv", "id,team,size_low\nP1,A,1\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 1, 1, "header: missing column 'size_high'");
    put(f, "plan.csv", "id,team,size_low,size_high,Owner\nP1,A,1,1,me\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 1, 5, "header: unknown column 'Owner'");
    put(f, "plan.csv", "id, Team ,size_low,size_high,TEAM\nP1,A,1,1,A\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 1, 5, "header: duplicated column 'team'");
    put(f, "plan.csv", "");
    load_fails(f, STATUS_EINPUT, "plan.csv", 1, 1, "empty file");
    put(f, "plan.csv", "\n\r\n  \n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 1, 1, "empty file");
    put(f, "plan.csv", "id,team,size_low,size_high\r\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 1, 1, "header only");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,\"2\nP2,A,1,1\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 2, 4, "unterminated quoted field");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\nP2,A,1\"x\",2\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 3, 3, "malformed quoting");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\n\"P2\"x,A,1,2\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 3, 1, "malformed quoting");
    put(f, "plan.csv", "id,team,size_low,size_high\r\nP1,A,,\r\n");
    put(f, "history.csv", "id,team,type,started,done\nh1,A,story,,2026-11-10\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 2, 3, "team 'A' has no finished epics");
}

static void encoding_errors(void **state)
{
    fixture *f = *state;
    put(f, "teams.csv", "team,people,wip\nA,4,2\nB\xFF,1,1\n");
    load_fails(f, STATUS_EINPUT, "teams.csv", 3, 1, "expected UTF-8 text, found byte 0xFF");
    put(f, "teams.csv", "team,people,wip\nA,4,2\n\"B\n\xC3\x28\",1,1\n");
    load_fails(f, STATUS_EINPUT, "teams.csv", 4, 1, "found byte 0xC3");
    put(f, "teams.csv", "team,people,wip\nA,4,2\nB,1,\xED\xA0\x80\n"); /* a surrogate */
    load_fails(f, STATUS_EINPUT, "teams.csv", 3, 3, "found byte 0xED");
    put(f, "teams.csv", "team,people,wip\nA,4,2\nB,1,1\xC0\xAF\n"); /* overlong '/' */
    load_fails(f, STATUS_EINPUT, "teams.csv", 3, 3, "found byte 0xC0");
    put(f, "teams.csv", "team,people,wip\n\xE2\x82\xAC,4,2\nB,1,1\n"); /* a euro sign is fine */
    load_fails(f, STATUS_EINPUT, "plan.csv", 2, 2, "found 'A'");
    put(f, "scenarios.ini", "[baseline]\ntrials = 5\xFE\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 2, 11, "found byte 0xFE");
}

static void team_and_calendar_errors(void **state)
{
    fixture *f = *state;
    struct {
        const char *text;
        long line, column;
        const char *phrase;
    } cases[] = {
        {"team,people,wip\nA,0,1\n", 2, 2, "people: expected a number > 0"},
        {"team,people,wip\nA,1e308,1\n", 2, 2, "found '1e308'"},
        {"team,people,wip\nA,NaN,1\n", 2, 2, "found 'NaN'"},
        {"team,people,wip\nA,,1\n", 2, 2, "found nothing"},
        {"team,people,wip\nA,2,0\n", 2, 3, "wip: expected a whole number in 1..100000"},
        {"team,people,wip\nA,2,1\nA,3,1\n", 3, 1, "found 'A' again (first on line 2)"},
        {"team,people,wip,history_people\nA,2,1,-1\n", 2, 4, "history_people"},
        {"team,people,wip,lead\nA,2,1,me\n", 1, 4, "unknown column 'lead'"},
        {"team,wip\nA,1\n", 1, 1, "missing column 'people'"},
        {"team,people,wip\n", 1, 1, "header only"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        put(f, "teams.csv", cases[i].text);
        load_fails(f, STATUS_EINPUT, "teams.csv", cases[i].line, cases[i].column, cases[i].phrase);
    }
    put(f, "teams.csv", good_teams);
    put(f, "calendar.csv", "date,team\n2026-02-30,\n");
    load_fails(f, STATUS_EINPUT, "calendar.csv", 2, 1, "date: expected an existing date");
    put(f, "calendar.csv", "date,team\n2026-02-10,Q\n");
    load_fails(f, STATUS_EINPUT, "calendar.csv", 2, 2, "team: expected a team from teams.csv");
    put(f, "calendar.csv", "date,team,note\n2026-02-10,A,x\n");
    load_fails(f, STATUS_EINPUT, "calendar.csv", 1, 3, "unknown column 'note'");
    put(f, "calendar.csv", "date,team\n"); /* no days off is allowed */
    plan_destroy(load_ok(f, NULL));
}

static void history_errors(void **state)
{
    fixture *f = *state;
    const char *h = "id,team,type,started,done\n";
    char text[512];
    struct {
        const char *rows;
        long line, column;
        const char *phrase;
    } cases[] = {
        {"h1,A,story,,2026-13-01\n", 2, 5, "done: expected an existing date"},
        {"h1,A,story,yesterday,2026-11-01\n", 2, 4, "found 'yesterday'"},
        {"h1,A,story,,2026-11-01\nh1,B,bug,,2026-11-02\n", 3, 1, "found 'h1' again"},
        {",A,story,,2026-11-01\n", 2, 1, "id: expected an id"},
        {"h1,A,,,2026-11-01\n", 2, 3, "type: expected a work type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, "%s%s", h, cases[i].rows);
        put(f, "history.csv", text);
        load_fails(f, STATUS_EINPUT, "history.csv", cases[i].line, cases[i].column,
                   cases[i].phrase);
    }
    put(f, "history.csv", "id,team,type,started\nh1,A,story,2026-11-01\n");
    load_fails(f, STATUS_EINPUT, "history.csv", 1, 1, "missing column 'done'");
    put(f, "history.csv", "id,team,type,started,done\n");
    load_fails(f, STATUS_EINPUT, "history.csv", 1, 1, "header only");

    /* Team B has no rows at all; then only rows before the window. */
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\nP2,A,1,1\nP3,B,1,1\n");
    put(f, "history.csv",
        "id,team,type,started,done\nh0,A,story,2026-11-02,\nh1,A,story,,2026-11-10\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 4, 2, "team 'B' has no history");
    put(f, "history.csv",
        "id,team,type,started,done\nh0,A,story,2026-11-02,\nh1,A,story,,2026-11-10\n"
        "h2,B,story,,2026-10-01\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 4, 2,
               "team 'B' has no completions in history.csv in the sampling window "
               "2026-11-02..2026-11-15");
    /* All working days of B in the window are days off. */
    put(f, "history.csv", good_history);
    put(f, "scenarios.ini", "[baseline]\nhistory_end=2026-11-15\nwindow=6\n[w]\nperiod=week\n");
    put(f, "calendar.csv", "date,team\n2026-11-13,B\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 2, 2, "team 'A' has no whole Monday-to-Sunday week");
    put(f, "scenarios.ini", "[baseline]\nhistory_end=2026-11-15\nwindow=3\n");
    put(f, "plan.csv", "id,team,size_low,size_high\nP3,B,1,1\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 2, 2, "team 'B' has no working days");
}

static void ini_errors(void **state)
{
    fixture *f = *state;
    struct {
        const char *text;
        long line, column;
        const char *phrase;
    } cases[] = {
        {"[baseline]\ntrials = 5\nfoo = 1\n", 3, 1, "unknown key 'foo'"},
        {"[baseline]\n[s1]\n[s1]\n", 3, 1, "found [s1] again (first on line 2)"},
        {"[baseline]\n[s1]\n[baseline]\n", 3, 1, "found [baseline] again"},
        {"[s1]\n  window = 30\n", 2, 3, "window can only be set in [baseline]"},
        {"[s1]\nseed = 3\n", 2, 1, "seed can only be set in [baseline]"},
        {"[baseline]\nstart = 2026-12-01\nhorizon = 2026-11-30\n", 3, 11,
         "horizon: expected a date on or after start (2026-12-01), found 2026-11-30"},
        {"[baseline]\nhorizon = 2026-12-31\n[s]\nstart = 2027-01-05\n", 4, 9,
         "[s]: horizon: expected a date on or after start (2027-01-05)"},
        {"trials = 5\n", 1, 1, "trials: expected a [section] line before the first key"},
        {"[baseline]\ntrials = 5\ntrials = 6\n", 3, 1, "found it again (first on line 2)"},
        {"[bad name]\n", 1, 1, "section: expected [name]"},
        {"[]\n", 1, 1, "section: expected [name]"},
        {"[baseline]\ntrials\n", 2, 1, "expected 'key = value'"},
        {"[baseline]\ntrials = \n", 2, 9, "trials: expected a value, found nothing"},
        {"[baseline]\ntrials = 0\n", 2, 10, "trials: expected a whole number in 1..1000000000"},
        {"[baseline]\nseed = 18446744073709551616\n", 2, 8, "seed: expected a whole number"},
        {"[baseline]\nseed = -1\n", 2, 8, "seed: expected a whole number"},
        {"[baseline]\nwindow = 3651\n", 2, 10, "window: expected"},
        {"[baseline]\ninterrupt_scale = 1.5\n", 2, 19, "interrupt_scale: expected"},
        {"[baseline]\ncontext_switch = 1,0,0.5\n", 2, 18, "context_switch: expected"},
        {"[baseline]\nperiod = month\n", 2, 10, "period: expected day or week"},
        {"[baseline]\nsize_distribution = beta\n", 2, 21, "size_distribution: expected"},
        {"[baseline]\nhistory_end = 2026-02-30\n", 2, 15, "history_end: expected an existing"},
        {"[baseline]\nunplanned = , ,\n", 2, 13, "unplanned: expected comma-separated"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        put(f, "scenarios.ini", cases[i].text);
        load_fails(f, STATUS_EINPUT, "scenarios.ini", cases[i].line, cases[i].column,
                   cases[i].phrase);
    }
}

static void ini_values(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "\xEF\xBB\xBF# header comment\r\n[baseline]\r\n"
        "history_end = 2026-11-15\r\nwindow = 14\r\n"
        "seed = 18446744073709551615\r\ncontext_switch = 1, 0.5 ; f\r\n"
        "cap_years = 100\r\nsize_distribution = LogNormal\r\n"
        "unplanned_effort = 0\r\n[a_b.c-1]\r\ncontext_switch = 0.9\r\n");
    plan *p = load_ok(f, NULL);
    const plan_settings *b = &p->scenarios[0].settings, *s = &p->scenarios[1].settings;
    assert_true(b->seed == UINT64_MAX);
    assert_int_equal(b->n_context_switch, 2);
    assert_true(b->context_switch[1] == 0.5);
    assert_int_equal(b->cap_years, 100);
    assert_int_equal(b->size_dist, PLAN_SIZE_LOGNORMAL);
    assert_true(b->unplanned_effort == 0.0);
    assert_string_equal(p->scenarios[1].name, "a_b.c-1");
    assert_int_equal(s->n_context_switch, 1);
    assert_true(s->context_switch[0] == 0.9);
    assert_int_equal(s->size_dist, PLAN_SIZE_LOGNORMAL);
    plan_destroy(p);
}

/* Each scenario's decision record: the comment on its section line and the comment lines
 * right below it, until a key, a blank line or the next section; comments above a section or
 * between keys belong to nobody; ';' in a drop list stays a value. */
static void scenario_comments(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "; the file's header: nobody's\r\n"
        "[baseline] ; run settings of Q1\r\n"
        "history_end = 2026-11-15\r\nwindow = 14\r\n"
        "; between keys: nobody's\r\n"
        "\r\n"
        "; above [shield]: nobody's\r\n"
        "[shield]   ;  Director, 2027-01-06: one engineer on call  \r\n"
        "# the rest keep working;  half the load stays\r\n"
        ";\r\n"
        ";   - indented, kept\r\n"
        "interrupt_scale = 0.5 ; a key's comment: nobody's\r\n"
        "; after a key: nobody's\r\n"
        "[below]\r\n"
        "; only below the line\r\n"
        "\r\n"
        "; after a blank line: nobody's\r\n"
        "period = week\r\n"
        "[bare]\r\n"
        "drop = P3; P2 # ids, then a comment\r\n"
        "[empty] ;\r\n"
        ";\r\n"
        "#\r\n");
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_scenarios, 5);
    assert_string_equal(p->scenarios[0].comment, "run settings of Q1");
    assert_string_equal(p->scenarios[1].name, "shield");
    assert_string_equal(p->scenarios[1].comment, " Director, 2027-01-06: one engineer on call\n"
                                                 "the rest keep working;  half the load stays\n"
                                                 "\n"
                                                 "  - indented, kept");
    assert_string_equal(p->scenarios[2].comment, "only below the line");
    assert_null(p->scenarios[3].comment);
    assert_int_equal(p->scenarios[3].item_in[2], 0); /* P3 and P2 dropped: ';' is a value */
    assert_int_equal(p->scenarios[3].item_in[1], 0);
    assert_null(p->scenarios[4].comment); /* empty comments make no record */
    plan_destroy(p);

    /* a long record is cut at PLAN_COMMENT_MAX bytes, on a character boundary */
    size_t cap = 3 * PLAN_COMMENT_MAX;
    char *ini = malloc(cap);
    assert_non_null(ini);
    size_t n = (size_t)snprintf(ini, cap,
                                "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n"
                                "[long]\n");
    for (int line = 0; line < 600; line++)
        n +=
            (size_t)snprintf(ini + n, cap - n, "; %03d: \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n",
                             line); /* 15 bytes and a newline: the cut falls inside an é */
    put(f, "scenarios.ini", ini);
    free(ini);
    p = load_ok(f, NULL);
    const char *long_record = p->scenarios[1].comment;
    size_t len = strlen(long_record);
    assert_true(len < PLAN_COMMENT_MAX && len > PLAN_COMMENT_MAX - 16);
    assert_memory_equal(long_record + len - 3, "\xE2\x80\xA6", 3);
    assert_memory_equal(long_record, "000: \xC3\xA9", 7);
    assert_memory_equal(long_record + len - 5, "\xC3\xA9", 2); /* a whole é before the cut */
    plan_destroy(p);
}

static void missing_files(void **state)
{
    fixture *f = *state;
    drop(f, "teams.csv");
    load_fails(f, STATUS_EINPUT, "teams.csv", 0, 0, "required file not found");
    put(f, "teams.csv", good_teams);
    drop(f, "history.csv");
    load_fails(f, STATUS_EINPUT, "history.csv", 0, 0, "required file not found");
    put(f, "history.csv", good_history);
    drop(f, "plan.csv");
    load_fails(f, STATUS_EINPUT, "plan.csv", 0, 0, "required file not found");
    plan *p = (plan *)1;
    status st;
    assert_int_equal(plan_load("/nonexistent/shipcast", NULL, &p, &st), STATUS_EINPUT);
    assert_null(p);
    assert_string_equal(st.message, "/nonexistent/shipcast/teams.csv: required file not found"
                                    " (a plan folder needs history.csv, teams.csv and plan.csv)");
}

/* ---- per-team settings, split factors, estimates, changes, risks ---- */

static const char ext_ini[] = "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n";

static void assert_factors(const plan_team_settings *t, const double *want, int32_t n)
{
    assert_int_equal(t->n_context_switch, n);
    for (int32_t i = 0; i < n; i++)
        if (t->context_switch[i] != want[i])
            fail_msg("context_switch[%d]: got %g, want %g", (int)i, t->context_switch[i], want[i]);
}

static void team_columns(void **state)
{
    fixture *f = *state;
    put(f, "teams.csv",
        "team,people,wip,history_people,interrupt_scale,unplanned_effort,context_switch,"
        "split_low,split_high,estimate_low,estimate_high,estimate_mode\n"
        "A,4,2,,0.25,2,\"1, 0.7;0.5  0.3\",1.2,1.5,,,\n"
        "B,2.5,1,3,,,,2,,,,\n"
        "C,3,2,,,,,,,2,6,3\n"
        "D,1,1,,,,,,,,4,\n");
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_teams, 4);
    const plan_team *a = &p->teams[0], *c = &p->teams[2], *d = &p->teams[3];
    assert_false(a->estimated);
    assert_true(a->estimate_low == 0.0 && a->estimate_high == 0.0 && a->estimate_mode == 0.0);
    assert_true(c->estimated);
    assert_true(c->estimate_low == 2.0 && c->estimate_high == 6.0 && c->estimate_mode == 3.0);
    assert_true(d->estimated); /* one of low/high alone: an exact rate, uniform */
    assert_true(d->estimate_low == 4.0 && d->estimate_high == 4.0 && isnan(d->estimate_mode));

    const plan_team_settings *ta = &p->scenarios[0].teams[0], *tb = &p->scenarios[0].teams[1];
    const double a_cs[] = {1.0, 0.7, 0.5, 0.3}, weinberg[] = {1.0, 0.8, 0.6, 0.4, 0.25};
    assert_int_equal(ta->wip, 2);
    assert_true(ta->interrupt_scale == 0.25 && ta->unplanned_effort == 2.0);
    assert_factors(ta, a_cs, 4);
    assert_true(ta->split_low == 1.2 && ta->split_high == 1.5);
    assert_int_equal(tb->wip, 1);
    assert_true(tb->interrupt_scale == 1.0 && tb->unplanned_effort == 1.0);
    assert_factors(tb, weinberg, 5);
    assert_true(tb->split_low == 2.0 && tb->split_high == 2.0);
    assert_true(p->scenarios[0].teams[2].split_low == 1.0);
    assert_true(p->scenarios[0].teams[2].split_high == 1.0);
    /* [shield] interrupt_scale = 0.5 beats teams.csv's column */
    assert_true(p->scenarios[1].teams[0].interrupt_scale == 0.5);
    assert_true(p->scenarios[1].teams[1].interrupt_scale == 0.5);
    assert_true(p->scenarios[1].teams[0].unplanned_effort == 2.0);
    plan_destroy(p);
}

static void item_split_columns(void **state)
{
    fixture *f = *state;
    put(f, "plan.csv",
        "id,team,size_low,size_high,split_low,split_high\n"
        "P1,A,1,2,1.1,1.3\nP2,A,1,2,,2\nP3,B,1,1,1.5,\nP4,B,1,1,,\n");
    plan *p = load_ok(f, NULL);
    assert_true(p->items[0].split_low == 1.1 && p->items[0].split_high == 1.3);
    assert_true(p->items[1].split_low == 2.0 && p->items[1].split_high == 2.0);
    assert_true(p->items[2].split_low == 1.5 && p->items[2].split_high == 1.5);
    assert_true(p->items[3].split_low == 0.0 && p->items[3].split_high == 0.0);
    plan_destroy(p);
}

static void ini_new_keys(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\nbootstrap = week_block\n"
        "split = 1, 1.5\nsplit_draw = Trial\n"
        "[s]\nbootstrap = day\nsplit = 2\nsplit_draw = item\nwip = 7\n"
        "  wip [ B ]  =  3   ; whitespace around is fine\n");
    plan *p = load_ok(f, NULL);
    const plan_scenario *b = &p->scenarios[0], *s = &p->scenarios[1];
    assert_int_equal(b->settings.bootstrap, PLAN_BOOTSTRAP_WEEK_BLOCK);
    assert_int_equal(b->settings.split_draw, PLAN_SPLIT_PER_TRIAL);
    assert_int_equal(s->settings.bootstrap, PLAN_BOOTSTRAP_DAY);
    assert_int_equal(s->settings.split_draw, PLAN_SPLIT_PER_ITEM);
    for (int k = 0; k < 2; k++) {
        assert_true(b->teams[k].split_low == 1.0 && b->teams[k].split_high == 1.5);
        assert_true(s->teams[k].split_low == 2.0 && s->teams[k].split_high == 2.0);
    }
    assert_int_equal(b->teams[0].wip, 2);
    assert_int_equal(b->teams[1].wip, 1);
    assert_int_equal(s->teams[0].wip, 7);
    assert_int_equal(s->teams[1].wip, 3);
    assert_int_equal(p->teams[0].wip, 2); /* teams.csv's value is kept */
    assert_int_equal(p->n_warnings, 2);
    plan_destroy(p);

    /* Without scenarios.ini every scenario still has its per-team values. */
    drop(f, "scenarios.ini");
    p = load_ok(f, NULL);
    assert_non_null(p->scenarios[0].teams);
    assert_int_equal(p->scenarios[0].teams[0].wip, 2);
    assert_true(p->scenarios[0].teams[0].split_low == 1.0);
    assert_int_equal(p->scenarios[0].settings.bootstrap, PLAN_BOOTSTRAP_WEEK_BLOCK);
    assert_int_equal(p->scenarios[0].n_changes, 0);
    assert_int_equal(p->scenarios[0].n_risks, 0);
    assert_int_equal(p->n_risks, 0);
    plan_destroy(p);

    /* [baseline] wip can never win over teams.csv: a warning says so. */
    put(f, "scenarios.ini", "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\nwip = 9\n");
    p = load_ok(f, NULL);
    assert_int_equal(p->scenarios[0].teams[0].wip, 2);
    assert_int_equal(p->n_warnings, 3);
    assert_non_null(strstr(p->warnings[2], "scenarios.ini:4: [baseline] wip = 9 has no effect"));
    plan_destroy(p);
}

/* interrupt_scale at all six levels; removing the strongest each time, each level wins in turn:
 * the scenario's key[team], its key, [baseline]'s key[team], teams.csv, [baseline]'s key, the
 * default. */
static void precedence_levels(void **state)
{
    fixture *f = *state;
    const double scen_a[] = {0.1, 0.2, 0.3, 0.4, 0.5, 1.0};
    const double base_a[] = {0.3, 0.3, 0.3, 0.4, 0.5, 1.0};
    const double scen_b[] = {0.2, 0.2, 0.5, 0.5, 0.5, 1.0};
    for (int removed = 0; removed < 6; removed++) {
        char ini[512];
        snprintf(ini, sizeof ini, "%s%s%s[s]\n%s%s", ext_ini,
                 removed < 5 ? "interrupt_scale = 0.5\n" : "",
                 removed < 3 ? "interrupt_scale[A] = 0.3\n" : "",
                 removed < 2 ? "interrupt_scale = 0.2\n" : "",
                 removed < 1 ? "interrupt_scale[A] = 0.1\n" : "");
        put(f, "scenarios.ini", ini);
        put(f, "teams.csv",
            removed < 4 ? "team,people,wip,history_people,interrupt_scale\nA,4,2,,0.4\nB,2.5,1,3,\n"
                        : "team,people,wip,history_people,interrupt_scale\nA,4,2,,\nB,2.5,1,3,\n");
        plan *p = load_ok(f, NULL);
        const plan_scenario *b = &p->scenarios[0], *s = &p->scenarios[1];
        if (s->teams[0].interrupt_scale != scen_a[removed] ||
            b->teams[0].interrupt_scale != base_a[removed] ||
            s->teams[1].interrupt_scale != scen_b[removed])
            fail_msg("%d levels removed: scenario A %g (want %g), baseline A %g (want %g), "
                     "scenario B %g (want %g)",
                     removed, s->teams[0].interrupt_scale, scen_a[removed],
                     b->teams[0].interrupt_scale, base_a[removed], s->teams[1].interrupt_scale,
                     scen_b[removed]);
        plan_destroy(p);
    }

    /* The other keys, mixed. */
    put(f, "teams.csv", "team,people,wip,unplanned_effort\nA,4,2,5\nB,2.5,1,\n");
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\nunplanned_effort = 2\n"
        "context_switch[B] = 0.9\nsplit[A] = 1.1,1.2\n"
        "[s]\nunplanned_effort[B] = 3\nwip[A] = 4\ncontext_switch = 1, 0.5\n");
    plan *p = load_ok(f, NULL);
    const plan_scenario *b = &p->scenarios[0], *s = &p->scenarios[1];
    const double weinberg[] = {1.0, 0.8, 0.6, 0.4, 0.25}, b_cs[] = {0.9}, s_cs[] = {1.0, 0.5};
    assert_true(b->teams[0].unplanned_effort == 5.0 && b->teams[1].unplanned_effort == 2.0);
    assert_true(s->teams[0].unplanned_effort == 5.0 && s->teams[1].unplanned_effort == 3.0);
    assert_true(b->settings.unplanned_effort == 2.0);
    assert_factors(&b->teams[0], weinberg, 5);
    assert_factors(&b->teams[1], b_cs, 1);
    assert_factors(&s->teams[0], s_cs, 2);
    assert_factors(&s->teams[1], s_cs, 2);
    assert_true(b->teams[0].split_low == 1.1 && b->teams[0].split_high == 1.2);
    assert_true(s->teams[0].split_low == 1.1 && s->teams[1].split_high == 1.0);
    assert_int_equal(b->teams[0].wip, 2);
    assert_int_equal(s->teams[0].wip, 4);
    assert_int_equal(s->teams[1].wip, 1);
    plan_destroy(p);
}

static void assert_change(const plan_change *c, int32_t team, plan_change_kind kind, int32_t from,
                          int32_t until, double amount, int32_t ramp, long line)
{
    if (c->team != team || c->kind != kind || c->from != from || c->until != until ||
        c->amount != amount || c->ramp_days != ramp || c->line != line)
        fail_msg("change of line %ld: team %d kind %d from %d until %d amount %g ramp %d; want "
                 "line %ld team %d kind %d from %d until %d amount %g ramp %d",
                 c->line, (int)c->team, (int)c->kind, (int)c->from, (int)c->until, c->amount,
                 (int)c->ramp_days, line, (int)team, (int)kind, (int)from, (int)until, amount,
                 (int)ramp);
}

static void changes_by_scenario(void **state)
{
    fixture *f = *state;
    put(f, "changes.csv",
        "scenario,team,kind,from,until,amount,ramp_days,note\n"
        ",A,join,2027-01-11,,,10,new hire\n"
        "shield,*,Absence,2027-02-01,2027-02-05,0.5,,offsite\n"
        "baseline,B,capacity_loss,2027-03-01,2027-03-05,25 %,,hack week\n"
        "*,all,leave,2027-03-15,,2,,\n"
        "late.start-2,B,capacity_loss,2027-01-04,2027-01-08,,,launch on-call\n");
    plan *p = load_ok(f, NULL);
    const int32_t join = day(2027, 1, 11), away = day(2027, 2, 1), back = day(2027, 2, 5);
    const int32_t loss = day(2027, 3, 1), leave = day(2027, 3, 15), launch = day(2027, 1, 4);
    const plan_scenario *b = &p->scenarios[0], *s = &p->scenarios[1], *l = &p->scenarios[2];
    assert_int_equal(b->n_changes, 4);
    assert_change(&b->changes[0], 0, PLAN_CHANGE_JOIN, join, DATE_NONE, 1.0, 10, 2);
    assert_change(&b->changes[1], 1, PLAN_CHANGE_CAPACITY_LOSS, loss, day(2027, 3, 5), 0.25, 0, 4);
    assert_change(&b->changes[2], 0, PLAN_CHANGE_LEAVE, leave, DATE_NONE, 2.0, 0, 5);
    assert_change(&b->changes[3], 1, PLAN_CHANGE_LEAVE, leave, DATE_NONE, 2.0, 0, 5);
    assert_int_equal(s->n_changes, 5);
    assert_change(&s->changes[0], 0, PLAN_CHANGE_JOIN, join, DATE_NONE, 1.0, 10, 2);
    assert_change(&s->changes[1], 0, PLAN_CHANGE_ABSENCE, away, back, 0.5, 0, 3);
    assert_change(&s->changes[2], 1, PLAN_CHANGE_ABSENCE, away, back, 0.5, 0, 3);
    assert_change(&s->changes[3], 0, PLAN_CHANGE_LEAVE, leave, DATE_NONE, 2.0, 0, 5);
    assert_int_equal(l->n_changes, 4);
    assert_change(&l->changes[3], 1, PLAN_CHANGE_CAPACITY_LOSS, launch, day(2027, 1, 8), 1.0, 0, 6);
    assert_int_equal(p->n_files, 6);
    assert_string_equal(p->files[4].name, "changes.csv");
    assert_int_equal(strlen(p->files[4].sha256), 64);
    assert_string_equal(p->files[5].name, "scenarios.ini");
    plan_destroy(p);

    put(f, "changes.csv", "team,kind,from\n"); /* no changes is allowed */
    p = load_ok(f, NULL);
    assert_int_equal(p->scenarios[1].n_changes, 0);
    plan_destroy(p);
}

static void risks_by_scenario(void **state)
{
    fixture *f = *state;
    put(f, "risks.csv",
        "id,scenario,probability,items,team,extra_low,extra_high,delay_days,note\n"
        "R1,,0.3,P3; P1;P3,,2,5,,vendor\n"
        "R2,shield,25%,,A,,3,4,\n"
        "R3,*,1,P2,,,,10,\n"
        "R4,late.start-2,0,P1,,1,,,\n");
    put(f, "changes.csv", "team,kind,from\nA,join,2027-01-04\n");
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_risks, 4);
    const plan_risk *r1 = &p->risks[0], *r2 = &p->risks[1], *r3 = &p->risks[2];
    assert_string_equal(r1->id, "R1");
    assert_true(r1->probability == 0.3);
    assert_int_equal(r1->n_items, 2);
    assert_int_equal(r1->items[0], 2);
    assert_int_equal(r1->items[1], 0);
    assert_int_equal(r1->extra_low, 2);
    assert_int_equal(r1->extra_high, 5);
    assert_int_equal(r1->delay_days, 0);
    assert_int_equal(r1->line, 2);
    assert_true(r2->probability == 0.25);
    assert_int_equal(r2->n_items, 2); /* every item of team A, in plan order */
    assert_int_equal(r2->items[0], 0);
    assert_int_equal(r2->items[1], 1);
    assert_int_equal(r2->extra_low, 3);
    assert_int_equal(r2->extra_high, 3);
    assert_int_equal(r2->delay_days, 4);
    assert_true(r3->probability == 1.0);
    assert_int_equal(r3->extra_high, 0);
    assert_int_equal(r3->delay_days, 10);
    const int32_t base[] = {0, 2}, shield[] = {0, 1, 2}, late[] = {0, 2, 3};
    assert_int_equal(p->scenarios[0].n_risks, 2);
    assert_i32_array(p->scenarios[0].risks, base, 2);
    assert_int_equal(p->scenarios[1].n_risks, 3);
    assert_i32_array(p->scenarios[1].risks, shield, 3);
    assert_int_equal(p->scenarios[2].n_risks, 3);
    assert_i32_array(p->scenarios[2].risks, late, 3);
    assert_int_equal(p->n_files, 7);
    assert_string_equal(p->files[4].name, "changes.csv");
    assert_string_equal(p->files[5].name, "risks.csv");
    assert_string_equal(p->files[6].name, "scenarios.ini");
    plan_destroy(p);

    /* A team without items: the risk is kept, affects nothing, and a warning says so. */
    put(f, "teams.csv", "team,people,wip\nA,4,2\nB,2,1\nC,1,1\n");
    put(f, "risks.csv", "id,probability,team,delay_days\nR1,0.5,C,3\n");
    p = load_ok(f, NULL);
    assert_int_equal(p->n_risks, 1);
    assert_int_equal(p->risks[0].n_items, 0);
    assert_non_null(strstr(p->warnings[p->n_warnings - 1],
                           "risks.csv:2: risk 'R1' names team 'C', which has no items"));
    plan_destroy(p);
}

static void estimated_teams(void **state)
{
    fixture *f = *state;
    put(f, "teams.csv",
        "team,people,wip,history_people,estimate_low,estimate_high,estimate_mode\n"
        "A,4,2,,,,\nB,2.5,1,3,1,3,\nC,2,1,,0,5,2\n");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\nP2,C,3,3\nP3,B,1,1\n");
    plan *p = load_ok(f, NULL); /* C has no history at all */
    assert_false(p->teams[0].estimated);
    assert_true(p->teams[1].estimated);
    assert_true(isnan(p->teams[1].estimate_mode));
    assert_true(p->teams[2].estimated);
    assert_true(p->teams[2].estimate_low == 0.0 && p->teams[2].estimate_high == 5.0 &&
                p->teams[2].estimate_mode == 2.0);
    assert_int_equal(p->n_warnings, 3);
    assert_non_null(strstr(p->warnings[2], "team 'B' has an estimate in teams.csv and 6 rows in "
                                           "history.csv: it is forecast from the estimate"));
    plan_destroy(p);

    /* An estimated team is exempt from the thin-history rule and from period = week. */
    put(f, "history.csv",
        "id,team,type,started,done\nh1,A,story,,2026-11-02\nh2,A,story,,2026-11-03\n"
        "h3,A,story,,2026-11-04\nh4,A,story,,2026-11-05\nh5,A,story,,2026-11-06\n"
        "h6,B,story,,2026-10-01\n");
    put(f, "scenarios.ini", "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\nperiod = week\n");
    p = load_ok(f, NULL);
    plan_destroy(p);
}

static void sufficiency_rule(void **state)
{
    fixture *f = *state;
    put(f, "history.csv",
        "id,team,type,started,done\nh1,A,story,,2026-11-02\nh2,A,story,,2026-11-03\n"
        "h3,A,bug,,2026-11-03\nh4,A,story,,2026-11-04\nh5,A,story,,2026-11-05\n"
        "h6,A,story,,2026-11-09\nb1,B,story,,2026-11-02\nb2,B,ops,,2026-11-12\n"
        "b3,B,ops,,2026-11-12\n");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\nP2,B,1,1\nP3,B,1,1\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 3, 2,
               "team 'B' has only 2 working days with completions in the sampling window "
               "2026-11-02..2026-11-15; at least 5 are needed");
    load_fails(f, STATUS_EINPUT, "plan.csv", 3, 2, "an estimate in teams.csv");
    load_fails(f, STATUS_EINPUT, "plan.csv", 3, 2, "widen `window`");
    load_fails(f, STATUS_EINPUT, "plan.csv", 3, 2, "or run with --force");

    plan_overrides ov = {.force = true};
    plan *p = load_ok(f, &ov);
    assert_int_equal(p->n_warnings, 1);
    assert_non_null(strstr(p->warnings[0], "team 'B' has only 2 working days with completions"));
    assert_non_null(strstr(p->warnings[0], "--force"));
    plan_destroy(p);

    /* No completions at all stays an error, force or not. */
    put(f, "history.csv",
        "id,team,type,started,done\nh1,A,story,,2026-11-02\nh2,A,story,,2026-11-03\n"
        "h3,A,bug,,2026-11-04\nh4,A,story,,2026-11-05\nh5,A,story,,2026-11-06\n"
        "b1,B,story,,2026-10-01\n");
    status st;
    p = (plan *)1;
    assert_int_equal(plan_load(f->dir, &ov, &p, &st), STATUS_EINPUT);
    assert_null(p);
    assert_non_null(strstr(st.message, "plan.csv:3:2: team 'B' has no completions"));
}

typedef struct bad_case {
    const char *text;
    long line, column;
    const char *phrase;
} bad_case;

static void check_cases(const fixture *f, const char *file, const char *header,
                        const bad_case *cases, size_t n)
{
    char text[1024];
    for (size_t i = 0; i < n; i++) {
        snprintf(text, sizeof text, "%s%s", header, cases[i].text);
        put(f, file, text);
        load_fails(f, STATUS_EINPUT, file, cases[i].line, cases[i].column, cases[i].phrase);
    }
}

static void change_errors(void **state)
{
    fixture *f = *state;
    const bad_case cases[] = {
        {",Q,join,2027-01-04,,,,\n", 2, 2, "team: expected a team from teams.csv, or '*' or 'all'"},
        {",A,join,2027-01-04,,-1,,\n", 2, 6,
         "amount: expected a number of people > 0 and at most 100000, or nothing for 1, found "
         "'-1'"},
        {",A,absence,2027-01-04,2027-01-05,0,,\n", 2, 6, "amount: expected a number of people > 0"},
        {",A,leave,2027-01-04,,50%,,\n", 2, 6, "amount: expected a number of people"},
        {",A,join,2027-01-04,,,-3,\n", 2, 7,
         "ramp_days: expected a whole number of working days in 0..3650"},
        {",A,leave,2027-01-04,,,3,\n", 2, 7,
         "ramp_days: expected nothing: a ramp-up applies to "
         "join only"},
        {",A,absence,2027-01-10,2027-01-04,,,\n", 2, 5,
         "until: expected a date on or after from (2027-01-10), found '2027-01-04'"},
        {",A,join,2027-01-04,2027-01-10,,,\n", 2, 5, "until: expected nothing for join"},
        {",A,leave,2027-01-04,2027-01-10,,,\n", 2, 5, "until: expected nothing for leave"},
        {",A,absence,2027-01-04,,,,\n", 2, 5, "until: expected the last day of the period"},
        {",A,capacity_loss,2027-01-04,2027-01-05,150%,,\n", 2, 6,
         "amount: expected the percentage of capacity lost, > 0 and at most 100"},
        {",A,capacity_loss,2027-01-04,2027-01-05,101,,\n", 2, 6, "found '101'"},
        {",A,capacity_loss,2027-01-04,2027-01-05,0%,,\n", 2, 6, "percentage of capacity lost"},
        {",A,hire,2027-01-04,,,,\n", 2, 3, "kind: expected join, leave, absence or capacity_loss"},
        {",A,join,2027-13-01,,,,\n", 2, 4, "from: expected an existing date"},
        {"nosuch,A,join,2027-01-04,,,,\n", 2, 1,
         "scenario: expected 'baseline' or a section name of scenarios.ini"},
        {",A,join,2027-01-04,,,,\n,A,join,2027-01-04,,,\n", 3, 8, "expected 8 fields"},
    };
    check_cases(f, "changes.csv", "scenario,team,kind,from,until,amount,ramp_days,note\n", cases,
                sizeof cases / sizeof *cases);
    put(f, "changes.csv", "scenario,team,kind,from,who\n,A,join,2027-01-04,me\n");
    load_fails(f, STATUS_EINPUT, "changes.csv", 1, 5, "header: unknown column 'who'");
    put(f, "changes.csv", "team,from\nA,2027-01-04\n");
    load_fails(f, STATUS_EINPUT, "changes.csv", 1, 1, "header: missing column 'kind'");
}

static void risk_errors(void **state)
{
    fixture *f = *state;
    const bad_case cases[] = {
        {"R1,,1.5,P1,,1,,,\n", 2, 3,
         "probability: expected a probability in 0..1, or a percentage"},
        {"R1,,150%,P1,,1,,,\n", 2, 3, "found '150%'"},
        {"R1,,-0.1,P1,,1,,,\n", 2, 3, "probability: expected"},
        {"R1,,0.5,P1,A,1,,,\n", 2, 5, "team: expected nothing when items are given"},
        {"R1,,0.5,,,1,,,\n", 2, 4,
         "expected the items or the team the risk affects, found "
         "neither"},
        {"R1,,0.5,P1;Q9,,1,,,\n", 2, 4,
         "items: expected ids of items in plan.csv separated by "
         "';', found unknown id 'Q9'"},
        {"R1,,0.5, ; ,,1,,,\n", 2, 4, "items: expected at least one item id"},
        {"R1,,0.5,P1,,1,,,\nR1,,0.5,P2,,1,,,\n", 3, 1,
         "id: expected a unique risk id, found 'R1' again (first on line 2)"},
        {",,0.5,P1,,1,,,\n", 2, 1, "id: expected a risk id"},
        {"R1,nosuch,0.5,P1,,1,,,\n", 2, 2, "scenario: expected 'baseline' or a section name"},
        {"R1,,0.5,P1,,5,3,,\n", 2, 7, "extra_high: expected a whole number >= extra_low (5)"},
        {"R1,,0.5,P1,,-1,,,\n", 2, 6, "extra_low: expected a whole number of stories >= 0"},
        {"R1,,0.5,P1,,,,0,\n", 2, 8, "this risk changes nothing"},
        {"R1,,0.5,P1,,0,0,,\n", 2, 8, "delay_days: expected extra stories"},
        {"R1,,0.5,P1,,,,-2,\n", 2, 8, "delay_days: expected a whole number of working days"},
        {"R1,,0.5,,Q,1,,,\n", 2, 5, "team: expected a team from teams.csv, found 'Q'"},
    };
    check_cases(f, "risks.csv",
                "id,scenario,probability,items,team,extra_low,extra_high,delay_days,note\n", cases,
                sizeof cases / sizeof *cases);
    put(f, "risks.csv", "id,probability,extra_low\nR1,0.5,1\n");
    load_fails(f, STATUS_EINPUT, "risks.csv", 1, 1, "header: missing column 'items' or 'team'");
    put(f, "risks.csv", "id,items,extra_low\nR1,P1,1\n");
    load_fails(f, STATUS_EINPUT, "risks.csv", 1, 1, "header: missing column 'probability'");
}

static void ini_team_key_errors(void **state)
{
    fixture *f = *state;
    const bad_case cases[] = {
        {"[baseline]\nfoo[A] = 1\n", 2, 1, "unknown key 'foo'"},
        {"[baseline]\nbogus = 1\n", 2, 1,
         "split_draw, pace, pace_half_life, pace_persistence, drop, priority[ID] or "
         "remove_dependency)"},
        {"[baseline]\ntrials[A] = 5\n", 2, 1, "trials[...]: unknown per-team key"},
        {"[baseline]\nwip[nosuchteam] = 2\n", 2, 5,
         "wip[nosuchteam]: expected a team from teams.csv between '[' and ']', found "
         "'nosuchteam'"},
        {"[s]\n  wip [ nosuch ] = 2\n", 2, 9, "expected a team from teams.csv"},
        {"[s]\nwip[A = 2\n", 2, 1, "expected 'key = value' or 'key[team] = value'"},
        {"[s]\nwip[] = 2\n", 2, 1, "wip[]: expected a team name"},
        {"[s]\nwip[A] = 2\nsplit[B] = 1\nwip[ A ] = 3\n", 4, 1,
         "wip[A]: expected each key once per section and team, found it again (first on line 2)"},
        {"[s]\nwip = 0\n", 2, 7, "wip: expected a whole number in 1..100000, found '0'"},
        {"[s]\nwip[A] = 100001\n", 2, 10, "wip[A]: expected a whole number in 1..100000"},
        {"[s]\nwip[A] =\n", 2, 9, "wip[A]: expected a value, found nothing"},
        {"[s]\ninterrupt_scale[B] = 2\n", 2, 22, "interrupt_scale[B]: expected a number in 0..1"},
        {"[s]\nsplit = 2,1\n", 2, 9, "split: expected a split factor range LOW,HIGH or one factor"},
        {"[s]\nsplit = 0\n", 2, 9, "split: expected a split factor range"},
        {"[s]\nsplit = 1,101\n", 2, 9, "split: expected"},
        {"[s]\nsplit = 1,2,3\n", 2, 9, "split: expected"},
        {"[s]\nsplit[A] = 1,\n", 2, 12, "split[A]: expected"},
        {"[s]\nbootstrap = weekly\n", 2, 13, "bootstrap: expected day or week_block"},
        {"[s]\nsplit_draw = team\n", 2, 14, "split_draw: expected item or trial"},
        {"[s]\nsplit_draw = item\nsplit_draw = trial\n", 3, 1, "found it again"},
    };
    check_cases(f, "scenarios.ini", "", cases, sizeof cases / sizeof *cases);
}

static void team_and_item_column_errors(void **state)
{
    fixture *f = *state;
    const bad_case teams[] = {
        {"team,people,wip,split_low,split_high\nA,4,2,2,1\nB,1,1,,\n", 2, 5,
         "split_high: expected a split factor >= split_low (2), found '1'"},
        {"team,people,wip,split_low,split_high\nA,4,2,0,1\nB,1,1,,\n", 2, 4,
         "split_low: expected a split factor > 0 and at most 100"},
        {"team,people,wip,estimate_low,estimate_high\nA,4,2,5,3\nB,1,1,,\n", 2, 5,
         "estimate_high: expected a number >= estimate_low (5), found '3'"},
        {"team,people,wip,estimate_low,estimate_high,estimate_mode\nA,4,2,1,3,4\n", 2, 6,
         "estimate_mode: expected the most likely value, between estimate_low and estimate_high "
         "(1..3)"},
        {"team,people,wip,estimate_low,estimate_high,estimate_mode\nA,4,2,,,2\n", 2, 6,
         "estimate_mode: expected nothing without estimate_low and estimate_high"},
        {"team,people,wip,estimate_low,estimate_high\nA,4,2,-1,3\n", 2, 4,
         "estimate_low: expected items per week"},
        {"team,people,wip,interrupt_scale\nA,4,2,2\n", 2, 4,
         "interrupt_scale: expected a number "
         "in 0..1"},
        {"team,people,wip,unplanned_effort\nA,4,2,11\n", 2, 4, "unplanned_effort: expected"},
        {"team,people,wip,context_switch\nA,4,2,1;0\n", 2, 4,
         "context_switch: expected 1 to 16 "
         "numbers"},
    };
    check_cases(f, "teams.csv", "", teams, sizeof teams / sizeof *teams);
    put(f, "teams.csv", good_teams);
    const bad_case items[] = {
        {"P1,A,1,2,3,2\n", 2, 6, "split_high: expected a split factor >= split_low (3)"},
        {"P1,A,1,2,101,\n", 2, 5, "split_low: expected a split factor > 0 and at most 100"},
        {"P1,A,1,2,,-1\n", 2, 6, "split_high: expected a split factor"},
    };
    check_cases(f, "plan.csv", "id,team,size_low,size_high,split_low,split_high\n", items,
                sizeof items / sizeof *items);
}

static void destroy_null(void **state)
{
    (void)state;
    plan_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(derived_samples, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(items_quoting_and_status, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(later_error_lines_after_quotes, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(settings_and_scenarios, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(scenario_comments, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(overrides_reach_scenarios, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(defaults_without_ini_and_calendar, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(unplanned_types_from_ini, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(sha256_of_files, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(plan_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(encoding_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(team_and_calendar_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(history_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(ini_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(ini_values, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(missing_files, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(team_columns, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(item_split_columns, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(ini_new_keys, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(precedence_levels, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(changes_by_scenario, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(risks_by_scenario, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(estimated_teams, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(sufficiency_rule, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(change_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(risk_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(ini_team_key_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(team_and_item_column_errors, setup, fixture_teardown),
        cmocka_unit_test(destroy_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
