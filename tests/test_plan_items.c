/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the directors' what-ifs about the item list (plan.h, plan_scenario.item_in and
 * item_priority): plan.csv's `scenario` column adds an item to one scenario, scenarios.ini's
 * `drop` removes items from one and `priority[ID]` reorders them. Known answers for the arrays
 * of every scenario, and every error with its exact "file:line:column:" prefix. Each test
 * writes a small valid plan into a fresh temporary directory and replaces the file under test.
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

#include "plan.h"
#include "plan_dir_fixture.h"

/* Window 2026-11-02 (Mon) .. 2026-11-15 (Sun): five working days with completions per team. */
static const char base_history[] = "id,team,type,started,done\n"
                                   "a1,A,story,,2026-11-02\n"
                                   "a2,A,story,,2026-11-03\n"
                                   "a3,A,story,,2026-11-04\n"
                                   "a4,A,story,,2026-11-05\n"
                                   "a5,A,story,,2026-11-06\n"
                                   "b1,B,story,,2026-11-09\n"
                                   "b2,B,story,,2026-11-10\n"
                                   "b3,B,story,,2026-11-11\n"
                                   "b4,B,story,,2026-11-12\n"
                                   "b5,B,story,,2026-11-13\n";

static const char base_teams[] = "team,people,wip\nA,3,2\nB,2,1\n";

/* P2 and P3 need P1, P4 needs P3. */
static const char base_plan[] = "id,team,size_low,size_high,depends_on,priority\n"
                                "P1,A,1,2,,1\n"
                                "P2,A,1,2,P1,2\n"
                                "P3,B,1,2,P1,3\n"
                                "P4,B,1,2,P3,\n";

static const char base_ini[] = "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n[s]\n";

static int setup(void **state)
{
    fixture *f = fixture_create("items");
    if (!f)
        return -1;
    put(f, "history.csv", base_history);
    put(f, "teams.csv", base_teams);
    put(f, "plan.csv", base_plan);
    put(f, "scenarios.ini", base_ini);
    *state = f;
    return 0;
}

/* Loads expecting an input error at dir/file:line:column: containing phrase. */
static void load_fails_input(const fixture *f, const char *file, long line, long column,
                             const char *phrase)
{
    load_fails(f, STATUS_EINPUT, file, line, column, phrase);
}

static const plan_scenario *scenario(const plan *p, const char *name)
{
    for (int32_t s = 0; s < p->n_scenarios; s++)
        if (strcmp(p->scenarios[s].name, name) == 0)
            return &p->scenarios[s];
    fail_msg("no scenario '%s'", name);
    return NULL;
}

/* want: one character per item, '1' in the scenario, '0' not. */
static void assert_items_in(const plan *p, const char *name, const char *want)
{
    const plan_scenario *sc = scenario(p, name);
    assert_int_equal(strlen(want), p->n_items);
    assert_non_null(sc->item_in);
    for (int32_t i = 0; i < p->n_items; i++)
        if (sc->item_in[i] != (want[i] == '1'))
            fail_msg("[%s] item %s: item_in %d, expected %c", name, p->items[i].id,
                     (int)sc->item_in[i], want[i]);
}

static void nothing_changes_gives_null(void **state)
{
    fixture *f = *state;
    /* a scenario column of empty and '*' values is today's behaviour */
    put(f, "plan.csv",
        "id,team,size_low,size_high,depends_on,priority,scenario\n"
        "P1,A,1,2,,1,\nP2,A,1,2,P1,2,*\n");
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_scenarios, 2);
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        assert_null(p->scenarios[s].item_in);
        assert_null(p->scenarios[s].item_priority);
    }
    plan_destroy(p);
}

static void add_drop_and_reprioritise(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n"
        "[cut]\n"
        "DROP = P4 ; P3;;P4   # the stretch goals; a repeated id counts once\n"
        "[rush]\n"
        "priority[P4] = 0.5\n"
        "priority[ P2 ] = -1  ; before P1\n"
        "[extra]\n"
        "[mine]\n");
    put(f, "plan.csv",
        "id,team,size_low,size_high,depends_on,priority,scenario\n"
        "P1,A,1,2,,1,\n"
        "P2,A,1,2,P1,2,*\n"
        "P3,B,1,2,P1,3,\n"
        "P4,B,1,2,P3,,\n"
        "N1,A,3,3,P1;P2,0.5,extra\n"
        "N2,B,1,1,,,rush\n"
        "B1,B,1,1,P1,,baseline\n");
    plan *p = load_ok(f, NULL);
    assert_int_equal(p->n_items, 7);
    assert_int_equal(p->n_scenarios, 5);
    /* scenario-only rows are absent from every other scenario, the baseline included */
    assert_items_in(p, "baseline", "1111001");
    assert_null(scenario(p, "baseline")->item_priority);
    assert_items_in(p, "cut", "1100000");
    assert_null(scenario(p, "cut")->item_priority);
    assert_items_in(p, "rush", "1111010");
    const double *prio = scenario(p, "rush")->item_priority;
    assert_non_null(prio);
    const double want[] = {1.0, -1.0, 3.0, 0.5, 0.5, HUGE_VAL, HUGE_VAL};
    for (int32_t i = 0; i < p->n_items; i++)
        assert_true(prio[i] == want[i]);
    assert_items_in(p, "extra", "1111100");
    assert_null(scenario(p, "extra")->item_priority);
    assert_items_in(p, "mine", "1111000");
    /* plan.csv's priorities are untouched */
    assert_true(p->items[1].priority == 2.0);
    assert_true(isinf(p->items[3].priority));
    plan_destroy(p);
}

static void remove_dependencies(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n"
        "[mocked]\n"
        "remove_dependency = P3->P4 ; P1 -> P3   # a mock; ';' is no comment here\n"
        "[other]\n");
    plan *p = load_ok(f, NULL);
    /* plan order of the edges: P2's (P1), P3's (P1), P4's (P3) */
    assert_null(scenario(p, "baseline")->edge_removed);
    assert_null(scenario(p, "other")->edge_removed);
    const uint8_t *removed = scenario(p, "mocked")->edge_removed;
    assert_non_null(removed);
    assert_int_equal(removed[0], 0);
    assert_int_equal(removed[1], 1);
    assert_int_equal(removed[2], 1);
    plan_destroy(p);
}

/* The baseline keeps every item while a scenario changes only priorities. */
static void priority_only(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n[s]\n"
        "priority[P4] = 1e-3\n");
    plan *p = load_ok(f, NULL);
    assert_null(p->scenarios[0].item_in);
    assert_null(p->scenarios[0].item_priority);
    assert_null(p->scenarios[1].item_in);
    assert_non_null(p->scenarios[1].item_priority);
    assert_true(p->scenarios[1].item_priority[3] == 1e-3);
    assert_true(p->scenarios[1].item_priority[0] == 1.0);
    plan_destroy(p);
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
        load_fails_input(f, file, cases[i].line, cases[i].column, cases[i].phrase);
    }
}

static void ini_errors(void **state)
{
    fixture *f = *state;
    const bad_case cases[] = {
        {"drop = P4\n", 4, 1,
         "drop can only be set in a scenario; remove the row from plan.csv instead"},
        {"priority[P4] = 1\n", 4, 1,
         "priority[P4] can only be set in a scenario; change the priority column of plan.csv"},
        {"[s]\ndrop = P4; NOPE\n", 5, 12,
         "drop: expected ids of items of plan.csv separated by "
         "';', found unknown id 'NOPE'"},
        {"[s]\ndrop = p4\n", 5, 8, "found unknown id 'p4'"}, /* ids are case-sensitive */
        {"[s]\npriority[NOPE] = 1\n", 5, 10,
         "priority[NOPE]: expected the id of an item of plan.csv between '[' and ']', found "
         "unknown id 'NOPE'"},
        {"[s]\npriority[P4] = 1\npriority[P3] = 1\npriority[ P4 ] = 2\n", 7, 1,
         "priority[P4]: expected each key once per section and item, found it again (first on "
         "line 5)"},
        {"[s]\npriority[P4] = soon\n", 5, 16,
         "priority[P4]: expected a number (lower first), "
         "found 'soon'"},
        {"[s]\npriority[P4] = nan\n", 5, 16, "expected a number"},
        {"[s]\npriority[P4] =\n", 5, 15, "priority[P4]: expected a value, found nothing"},
        {"[s]\npriority = 1\n", 5, 1, "priority: expected 'priority[ID] = NUMBER'"},
        {"[s]\npriority[] = 1\n", 5, 1, "priority: expected 'priority[ID] = NUMBER'"},
        {"[s]\ndrop[P4] = 1\n", 5, 1, "drop: expected 'drop = ID;ID;...', without [...]"},
        {"[s]\ndrop =\n", 5, 7,
         "drop: expected ids of items of plan.csv separated by ';', "
         "found nothing"},
        {"[s]\ndrop = ; ;\n", 5, 8, "found nothing"},
        {"[s]\ndrop = P4\ndrop = P3\n", 6, 1,
         "drop: expected each key once per section, found it again (first on line 5)"},
        {"[s]\ndrop = P3\n", 5, 8,
         "[s]: drop: P3 is needed by P4 (depends_on); drop P4 too or remove the dependency"},
        {"[s]\ndrop = P4;P2;P1\n", 5, 8, "[s]: drop: P1 is needed by P3 (depends_on); drop P3 too"},
        {"[s]\ndrop = P1;P2;P3;P4\n", 5, 8,
         "[s]: drop: expected at least one item left in the scenario, found none"},
        {"[s]\ndrop = P4\npriority[P4] = 1\n", 6, 1,
         "[s]: priority[P4]: P4 is dropped in this scenario (line 5)"},
        {"[s]\npriority[P4] = 1\ndrop = P4\n", 5, 1, "P4 is dropped in this scenario (line 6)"},
        {"remove_dependency = P3->P4\n", 4, 1,
         "remove_dependency can only be set in a scenario; change the depends_on column"},
        {"[s]\nremove_dependency = P4->P3\n", 5, 21,
         "[s]: remove_dependency: P3 does not depend on P4 in plan.csv (line 4)"},
        {"[s]\nremove_dependency = P3->NOPE\n", 5, 21,
         "remove_dependency: expected ids of items of plan.csv in A->B, found unknown id 'NOPE'"},
        {"[s]\nremove_dependency = P3, P4\n", 5, 21,
         "remove_dependency: expected A->B (B depends on A), found 'P3, P4'"},
        {"[s]\nremove_dependency = ->P4\n", 5, 21, "expected A->B with two item ids"},
        {"[s]\nremove_dependency = ;\n", 5, 21, "expected dependencies A->B separated by ';'"},
        {"[s]\nremove_dependency[P4] = P3->P4\n", 5, 1, "without [...]"},
        {"[s]\nremove_dependency = P3->P4\nremove_dependency = P1->P3\n", 6, 1,
         "remove_dependency: expected each key once per section, found it again (first on "
         "line 5)"},
        {"[s]\ndrop = P4\nremove_dependency = P3->P4\n", 6, 21,
         "[s]: remove_dependency: P3->P4: P4 is not in this scenario"},
    };
    check_cases(f, "scenarios.ini", "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n", cases,
                sizeof cases / sizeof *cases);
}

static void plan_column_errors(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini", "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n[s]\n[t]\n");
    const bad_case cases[] = {
        {"P1,A,1,2,,nosuch\n", 2, 6,
         "scenario: expected 'baseline' or a section name of scenarios.ini, or '*' or nothing "
         "for every scenario, found 'nosuch'"},
        {"P1,A,1,2,,S\n", 2, 6, "found 'S'"}, /* names match exactly */
        {"P1,A,1,2,,s\nP2,A,1,2,,t\n", 2, 6,
         "scenario: expected at least one item in every scenario, found none in baseline"},
        {"P1,A,1,2,,baseline\nP2,A,1,2,,t\n", 2, 6,
         "found none in s: every row names another scenario"},
        /* the dependent is in every scenario, its prerequisite in one */
        {"P1,A,1,2,,s\nP2,A,1,2,P1,\n", 3, 5,
         "depends_on: P1 exists only in scenario s, but P2 is in scenario baseline too"},
        /* both scenario-only, in different scenarios; baseline has P3 */
        {"P3,B,1,1,,\nP1,A,1,2,,s\nP2,A,1,2,P1,t\n", 4, 5,
         "depends_on: P1 exists only in scenario s, but P2 is in scenario t too"},
        {"P3,B,1,1,,\nP1,A,1,2,,baseline\nP2,A,1,2,P1,t\n", 4, 5,
         "depends_on: P1 exists only in scenario baseline"},
    };
    check_cases(f, "plan.csv", "id,team,size_low,size_high,depends_on,scenario\n", cases,
                sizeof cases / sizeof *cases);
}

/* A key about an item that another scenario adds is a mistake, not a no-op. */
static void keys_about_other_scenarios_items(void **state)
{
    fixture *f = *state;
    put(f, "plan.csv", "id,team,size_low,size_high,scenario\nP1,A,1,1,\nN1,A,1,1,t\n");
    const bad_case cases[] = {
        {"[s]\ndrop = N1\n[t]\n", 5, 8,
         "[s]: drop: N1 exists only in scenario t (plan.csv line 3), so it is not in this "
         "scenario anyway"},
        {"[t]\n[s]\npriority[N1] = 2\n", 6, 10, "[s]: priority[N1]: N1 exists only in scenario t"},
    };
    check_cases(f, "scenarios.ini", "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n", cases,
                sizeof cases / sizeof *cases);
    /* in its own scenario both are fine */
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n[t]\n"
        "priority[N1] = 2\n[u]\ndrop = P1\n");
    put(f, "plan.csv", "id,team,size_low,size_high,scenario\nP1,A,1,1,\nN1,A,1,1,t\nP2,A,1,1,\n");
    plan *p = load_ok(f, NULL);
    assert_items_in(p, "baseline", "101");
    assert_null(p->scenarios[1].item_in);
    assert_true(p->scenarios[1].item_priority[1] == 2.0);
    assert_items_in(p, "u", "001");
    plan_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(nothing_changes_gives_null, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(add_drop_and_reprioritise, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(remove_dependencies, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(priority_only, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(ini_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(plan_column_errors, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(keys_about_other_scenarios_items, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
