/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of a plan folder whose history comes from tracker exports named in [history]
 * (plan_import.c): the same samples as the equivalent history.csv, the exports' digests and
 * warnings, every [history] key error with its line and column, errors inside the exports
 * with theirs; and of teams.csv's timezone column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "date.h"
#include "plan.h"
#include "plan_dir_fixture.h"

static const char teams[] = "team,people,wip\nA,3,2\nB,2,1\n";
static const char plan_csv[] = "id,team,size_low,size_high\nP1,A,3,5\nP2,B,2,2\n";

/* A spreadsheet's export: its own names, ';', DD.MM.YYYY, a cancelled and an epic row. */
static const char export_csv[] = "Key;Squad;Kind;Start;End;Epic;State\n"
                                 "K1;A;Story;02.11.2026;03.11.2026;E1;done\n"
                                 "K2;A;Story;;04.11.2026;E1;done\n"
                                 "K3;A;Bug;;05.11.2026;;done\n"
                                 "K4;A;Story;05.11.2026;06.11.2026;E2;done\n"
                                 "K5;A;Story;09.11.2026;;E2;open\n"
                                 "K6;A;Story;;09.11.2026;;done\n"
                                 "K7;B;Story;;02.11.2026;;done\n"
                                 "K8;B;Story;;03.11.2026;;done\n"
                                 "K9;B;Story;;04.11.2026;;done\n"
                                 "K10;B;Story;;05.11.2026;;done\n"
                                 "K11;B;Incident;;06.11.2026;;done\n"
                                 "K12;B;Story;;06.11.2026;;dropped\n"
                                 "K13;B;Epic;01.11.2026;06.11.2026;;done\n"
                                 "K14;C;Story;;06.11.2026;;done\n";

/* The history.csv the export stands for. */
static const char history_csv[] = "id,team,type,started,done,epic\n"
                                  "K1,A,story,2026-11-02,2026-11-03,E1\n"
                                  "K2,A,story,,2026-11-04,E1\n"
                                  "K3,A,bug,,2026-11-05,\n"
                                  "K4,A,story,2026-11-05,2026-11-06,E2\n"
                                  "K5,A,story,2026-11-09,,E2\n"
                                  "K6,A,story,,2026-11-09,\n"
                                  "K7,B,story,,2026-11-02,\n"
                                  "K8,B,story,,2026-11-03,\n"
                                  "K9,B,story,,2026-11-04,\n"
                                  "K10,B,story,,2026-11-05,\n"
                                  "K11,B,incident,,2026-11-06,\n"
                                  "K14,C,story,,2026-11-06,\n";

static const char history_ini[] = "[baseline]\n"
                                  "window = 14\n"
                                  "\n"
                                  "[history]   ; the tracker's export\n"
                                  "files = export.csv\n"
                                  "format = csv\n"
                                  "map[id] = Key\n"
                                  "team_from = Squad\n"
                                  "map[type] = Kind\n"
                                  "map[started] = Start\n"
                                  "map[done] = End\n"
                                  "map[epic] = Epic\n"
                                  "map[status] = State\n"
                                  "cancelled = dropped\n"
                                  "date_format = DD.MM.YYYY\n";

static int setup(void **state)
{
    fixture *f = fixture_create("plan-import");
    if (!f)
        return -1;
    put(f, "teams.csv", teams);
    put(f, "plan.csv", plan_csv);
    put(f, "export.csv", export_csv);
    put(f, "scenarios.ini", history_ini);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    drop(*state, "export.csv");
    return fixture_teardown(state);
}

static void same_as_history_csv(void **state)
{
    fixture *f = *state;
    plan *a = load_ok(f, NULL);
    put(f, "scenarios.ini", "[baseline]\nwindow = 14\n");
    put(f, "history.csv", history_csv);
    plan *b = load_ok(f, NULL);
    drop(f, "history.csv");
    assert_int_equal(a->n_teams, b->n_teams);
    assert_int_equal(a->scenarios[0].settings.history_end, b->scenarios[0].settings.history_end);
    for (int32_t k = 0; k < a->n_teams; k++) {
        const plan_team *x = &a->teams[k], *y = &b->teams[k];
        assert_int_equal(x->n_days, y->n_days);
        assert_true(x->n_days > 0);
        for (int32_t d = 0; d < x->n_days; d++) {
            assert_int_equal(x->day_date[d], y->day_date[d]);
            assert_int_equal(x->day_planned[d], y->day_planned[d]);
            assert_int_equal(x->day_unplanned[d], y->day_unplanned[d]);
            assert_int_equal(x->day_streams[d], y->day_streams[d]);
        }
        assert_int_equal(x->n_epics, y->n_epics);
    }
    /* the export is an input of the run, with its digest; its drops are a warning */
    bool listed = false, warned = false;
    for (int32_t i = 0; i < a->n_files; i++)
        listed = listed ||
                 (strcmp(a->files[i].name, "export.csv") == 0 && strlen(a->files[i].sha256) == 64);
    assert_true(listed);
    for (int32_t i = 0; i < a->n_warnings; i++)
        warned = warned || strstr(a->warnings[i], "export.csv: 2 of 14 work items left out (1 "
                                                  "epic or sub-task, 1 cancelled or won't do)");
    assert_true(warned);
    plan_destroy(a);
    plan_destroy(b);
    /* a history.csv beside [history] is not read, and a warning says so */
    put(f, "scenarios.ini", history_ini);
    put(f, "history.csv", "this is no CSV that would load\"\n");
    a = load_ok(f, NULL);
    warned = false;
    for (int32_t i = 0; i < a->n_warnings; i++)
        warned = warned || strstr(a->warnings[i], "history.csv is not read");
    assert_true(warned);
    plan_destroy(a);
    drop(f, "history.csv");
}

static void history_key_errors(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *ini;
        long line, column;
        const char *phrase;
    } cases[] = {
        {"[history]\nformat = jira\n", 1, 1, "[history]: expected files ="},
        {"[history]\nfiles = export.csv\nfromat = csv\n", 3, 1,
         "unknown key 'fromat' in [history]; did you mean 'format'?"},
        {"[history]\nfiles = export.csv\nwindow = 3\n", 3, 1, "window cannot be set in [history]"},
        {"[history]\nfiles = export.csv\nsummary = x\n", 3, 1, "expected files, format, team"},
        {"[baseline]\nfiles = export.csv\n", 2, 1, "files can only be set in [history]"},
        {"[history]\nfiles = export.csv\nmap = Key\n", 3, 1, "map: expected 'map[FIELD] = COLUMN'"},
        {"[history]\nfiles = export.csv\nmap[summary] = Title\n", 3, 1,
         "map[summary]: unknown field (expected one of id, team"},
        {"[history]\nfiles = export.csv\nteam[A] = x\n", 3, 1, "team: expected 'team = value'"},
        {"[history]\nfiles = a.csv\nfiles = b.csv\n", 3, 1,
         "files: expected each key once per section, found it again (first on line 2)"},
        {"[history]\nfiles = a.csv\nmap[id] = A\nmap[id] = B\n", 4, 1,
         "map[id]: expected each key once"},
        {"[history]\nfiles = a.csv\n[history]\n", 3, 1, "found [history] again (first on line 1)"},
        {"[history]\nfiles = a.csv\nformat = trello\n", 3, 10,
         "format: expected auto, jira, linear, github, azure, changelog or csv, found 'trello'"},
        {"[history]\nfiles = a.csv\ndate_format = YYYY/MM/DD\n", 3, 15,
         "date_format: expected iso, DD/MMM/YY"},
        {"[history]\nfiles = a.csv\nteam =\n", 3, 7, "team: expected a value, found nothing"},
        {"[baseline]\nunplanned = bug\n[history]\nfiles = export.csv\n", 2, 13,
         "unplanned: with a [history] section"},
        {"[history]\nfiles = export.csv\nteam = A\nteam_from = Squad\n", 4, 13,
         "team_from: team (line 3) already names every item's team"},
        {"[history]\nfiles = export.csv\nteam_from = Squad\nmap[team] = Squad\n", 4, 13,
         "map[team]: team_from (line 3) already names the team's column"},
        {"[history]\nfiles = export.csv\ntimezone = Mars/Base\n", 3, 12,
         "timezone: unknown time zone 'Mars/Base'"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        put(f, "scenarios.ini", cases[k].ini);
        load_fails(f, STATUS_EINPUT, "scenarios.ini", cases[k].line, cases[k].column,
                   cases[k].phrase);
    }
}

/* Errors inside the exports name the export, its line and column. */
static void export_errors(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini", "[history]\nfiles = missing.csv\n");
    load_fails(f, STATUS_EINPUT, "missing.csv", 0, 0, "no such file");
    put(f, "scenarios.ini", history_ini);
    put(f, "export.csv", "Key;Squad;Kind;Start;End;Epic;State\nK1;A;Story;;31.11.2026;;done\n");
    load_fails(f, STATUS_EINPUT, "export.csv", 2, 5, "End: expected an existing date");
    put(f, "export.csv", "Key;Team;Kind;Start;End;Epic;State\n");
    load_fails(f, STATUS_EINPUT, "export.csv", 1, 1, "missing column 'Squad'");
    put(f, "export.csv", "Key;Squad;Kind;Start;End;Epic;State\nK1;A;Story;;;;open\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 0, 0,
               "expected at least one finished item in the exports of [history]");
    put(f, "export.csv", export_csv);
}

/* teams.csv's timezone: a team's timestamps on its own dates. */
static void team_time_zones(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini", "[baseline]\nwindow = 14\n");
    put(f, "history.csv", history_csv);
    /* the latest done, 23:30 UTC on 10 November, is the 11th in Berlin: history_end moves */
    FILE *fp = NULL;
    char path[128];
    snprintf(path, sizeof path, "%s/history.csv", f->dir);
    fp = fopen(path, "ab");
    assert_non_null(fp);
    fputs("K20,A,story,,2026-11-10T23:30:00Z,\n", fp);
    assert_int_equal(fclose(fp), 0);
    int32_t day10, day11;
    assert_true(date_from_ymd(2026, 11, 10, &day10));
    assert_true(date_from_ymd(2026, 11, 11, &day11));
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->scenarios[0].settings.history_end, day10);
    plan_destroy(p);
    put(f, "teams.csv", "team,people,wip,timezone\nA,3,2,Europe/Berlin\nB,2,1,\n");
    p = load_ok(f, NULL);
    assert_int_equal(p->scenarios[0].settings.history_end, day11);
    plan_destroy(p);
    /* the same zone for a team of the exports (one item: --force for its thin history) */
    const plan_overrides force = {.start = DATE_NONE, .horizon = DATE_NONE, .force = true};
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,3,5\n");
    put(f, "export.csv",
        "Key;Squad;Kind;Start;End;Epic;State\n"
        "K1;A;Story;;2026-11-10T23:30:00Z;;done\n");
    put(f, "scenarios.ini",
        "[history]\nfiles = export.csv\nformat = csv\nmap[id] = Key\n"
        "team_from = Squad\nmap[done] = End\n");
    p = load_ok(f, &force);
    assert_int_equal(p->scenarios[0].settings.history_end, day11);
    plan_destroy(p);
    /* [history]'s zone for teams without their own */
    put(f, "teams.csv", teams);
    put(f, "scenarios.ini",
        "[history]\nfiles = export.csv\nformat = csv\nmap[id] = Key\n"
        "team_from = Squad\nmap[done] = End\ntimezone = Asia/Tokyo\n");
    p = load_ok(f, &force);
    assert_int_equal(p->scenarios[0].settings.history_end, day11);
    plan_destroy(p);
    put(f, "plan.csv", plan_csv);
    put(f, "teams.csv", "team,people,wip,timezone\nA,3,2,Mars/Base\nB,2,1,\n");
    load_fails(f, STATUS_EINPUT, "teams.csv", 2, 4, "timezone: unknown time zone 'Mars/Base'");
    put(f, "teams.csv", teams);
    put(f, "export.csv", export_csv);
    put(f, "scenarios.ini", history_ini);
    drop(f, "history.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(same_as_history_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(history_key_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(export_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(team_time_zones, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
