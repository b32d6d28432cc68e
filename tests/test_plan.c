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

static const char *const file_names[] = {"history.csv", "teams.csv", "plan.csv", "calendar.csv",
                                         "scenarios.ini"};

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
    "b2,B,ops,,2026-11-04 10:00,,x\n";

static const char good_plan[] =
    "\xEF\xBB\xBFid,team,title,size_low,size_high,depends_on,priority,due,not_before,done,"
    "status\r\n"
    "P1,A,\"Login, with \"\"SSO\"\"\",3,5,,1,2026-12-31,,,\r\n"
    "P2,A,\"Multi\r\nline title\",,,P1+3,,,,2,\r\n"
    "P3,B,Simple,4,,P1 ; P2;P1+2,2.5,,2026-12-01,,done\r\n";

typedef struct fixture {
    char dir[64];
} fixture;

static void put(const fixture *f, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static void drop(const fixture *f, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    unlink(path);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/shipcast-plan-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    put(f, "scenarios.ini", good_ini);
    put(f, "teams.csv", good_teams);
    put(f, "calendar.csv", good_calendar);
    put(f, "history.csv", good_history);
    put(f, "plan.csv", good_plan);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof file_names / sizeof *file_names; i++)
        drop(f, file_names[i]);
    rmdir(f->dir);
    free(f);
    return 0;
}

static int32_t day(int y, int m, int d)
{
    int32_t out = 0;
    assert_true(date_from_ymd(y, m, d, &out));
    return out;
}

static plan *load_ok(const fixture *f, const plan_overrides *ov)
{
    plan *p = NULL;
    status st;
    status_code rc = plan_load(f->dir, ov, &p, &st);
    if (rc != STATUS_OK)
        fail_msg("plan_load failed: %s", st.message);
    assert_non_null(p);
    return p;
}

/* Loads expecting failure: code, message starting with dir/file:line:column: and containing
 * phrase. column 0 means "file:line:"; line 0 "file:". */
static void load_fails(const fixture *f, status_code code, const char *file, long line, long column,
                       const char *phrase)
{
    plan *p = (plan *)1;
    status st;
    char prefix[256];
    if (line > 0 && column > 0)
        snprintf(prefix, sizeof prefix, "%s/%s:%ld:%ld: ", f->dir, file, line, column);
    else if (line > 0)
        snprintf(prefix, sizeof prefix, "%s/%s:%ld: ", f->dir, file, line);
    else
        snprintf(prefix, sizeof prefix, "%s/%s: ", f->dir, file);
    status_code rc = plan_load(f->dir, NULL, &p, &st);
    assert_null(p);
    if (rc != code || strncmp(st.message, prefix, strlen(prefix)) != 0 ||
        !strstr(st.message, phrase))
        fail_msg("got code %d message \"%s\"; expected code %d, prefix \"%s\", phrase \"%s\"",
                 (int)rc, st.message, (int)code, prefix, phrase);
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
    const int32_t planned[] = {2, 0, 0, 0, 0, 1, 0, 2, 0};
    const int32_t unplanned[] = {0, 1, 0, 0, 0, 1, 0, 0, 0};
    const int32_t streams[] = {2, 1, 1, 1, 1, 1, 2, 1, 1};
    assert_int_equal(a->n_days, 9);
    assert_i32_array(a->day_date, dates, 9);
    assert_i32_array(a->day_planned, planned, 9);
    assert_i32_array(a->day_unplanned, unplanned, 9);
    assert_i32_array(a->day_streams, streams, 9);

    const int32_t wp[] = {2, 3}, wu[] = {1, 1}, ws[] = {6, 5}, wd[] = {5, 4};
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
    for (int32_t d = 0; d < b->n_days; d++)
        assert_int_equal(b->day_planned[d], 0);
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
    /* 90 days ending on Saturday 2026-11-14: 2026-08-17 (Mon) .. 2026-11-14. */
    assert_int_equal(p->teams[0].day_date[0], day(2026, 8, 17));
    assert_int_equal(p->teams[0].n_days, 65);
    assert_int_equal(p->teams[0].n_weeks, 12);
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
        {"team,people,wip\nA,2,0\n", 2, 3, "wip: expected a whole number >= 1"},
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
    put(f, "history.csv", "id,team,type,done\nh1,A,story,2026-11-01\n");
    load_fails(f, STATUS_EINPUT, "history.csv", 1, 1, "missing column 'started'");
    put(f, "history.csv", "id,team,type,started,done\n");
    load_fails(f, STATUS_EINPUT, "history.csv", 1, 1, "header only");

    /* Team B has no rows at all; then only rows before the window. */
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\nP2,A,1,1\nP3,B,1,1\n");
    put(f, "history.csv", "id,team,type,started,done\nh1,A,story,,2026-11-10\n");
    load_fails(f, STATUS_EINPUT, "plan.csv", 4, 2, "team 'B' has no history");
    put(f, "history.csv",
        "id,team,type,started,done\nh1,A,story,,2026-11-10\n"
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

static void destroy_null(void **state)
{
    (void)state;
    plan_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(derived_samples, setup, teardown),
        cmocka_unit_test_setup_teardown(items_quoting_and_status, setup, teardown),
        cmocka_unit_test_setup_teardown(later_error_lines_after_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(settings_and_scenarios, setup, teardown),
        cmocka_unit_test_setup_teardown(overrides_reach_scenarios, setup, teardown),
        cmocka_unit_test_setup_teardown(defaults_without_ini_and_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(unplanned_types_from_ini, setup, teardown),
        cmocka_unit_test_setup_teardown(sha256_of_files, setup, teardown),
        cmocka_unit_test_setup_teardown(plan_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(encoding_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(team_and_calendar_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(history_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(ini_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(ini_values, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_files, setup, teardown),
        cmocka_unit_test(destroy_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
