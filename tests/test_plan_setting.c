/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the settings registry (setting.h) and of "did you mean" (suggest.h): the table's
 * own rules (a scope needs a place to keep its value, every default parses and formats back
 * to itself, choices have names), known answers for parsing, formatting and messages, and the
 * registry seen through plan_load: unknown keys suggest the closest, per-team keys and teams.csv
 * columns come from the table.
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
#include "datefmt.h"
#include "import.h"
#include "plan.h"
#include "plan_dir_fixture.h"
#include "setting.h"
#include "suggest.h"

static void table_rules(void **state)
{
    (void)state;
    assert_true(setting_count() > 0 && setting_count() <= SETTINGS_MAX);
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        assert_int_equal(setting_index(s), i);
        bool history = s->scope == SETTING_SCOPE_HISTORY;
        assert_ptr_equal(history ? setting_find_history(s->name) : setting_find(s->name), s);
        assert_true(s->meaning && *s->meaning);
        /* exactly one of a default value and a default in words */
        if (!s->default_value == !s->default_doc)
            fail_msg("%s: needs exactly one of default_value and default_doc", s->name);
        for (int32_t j = 0; j < i; j++) /* unique among the keys of one kind of section */
            if (suggest_distance(s->name, setting_at(j)->name) == 0 &&
                history == (setting_at(j)->scope == SETTING_SCOPE_HISTORY))
                fail_msg("%s: declared twice", s->name);
        switch (s->scope) {
        case SETTING_SCOPE_TEAM:
            if (s->team_offset < 0)
                fail_msg("%s: a per-team setting needs a place in plan_team_settings", s->name);
            break;
        case SETTING_SCOPE_SCENARIO:
            if (s->run_offset < 0 || s->plan_offset >= 0)
                fail_msg("%s: a scenario setting needs a place in plan_settings", s->name);
            break;
        case SETTING_SCOPE_RUN:
            if (s->run_offset < 0 && s->plan_offset < 0)
                fail_msg("%s: a run setting needs a place in plan_settings or plan", s->name);
            break;
        case SETTING_SCOPE_HISTORY:
            if (s->run_offset >= 0 || s->team_offset >= 0 || s->plan_offset >= 0)
                fail_msg("%s: a [history] key is kept as text, in no settings struct", s->name);
            break;
        }
        if (setting_n_columns(s) > 0 && s->scope != SETTING_SCOPE_TEAM)
            fail_msg("%s: only per-team settings have teams.csv columns", s->name);
        if (s->n_choices > 0) {
            assert_true(s->n_choices >= 2);
            for (int32_t a = 0; a < s->n_choices; a++) {
                assert_true(s->choices[a].meaning && *s->choices[a].meaning);
                for (int32_t b = 0; b < a; b++)
                    assert_true(strcmp(s->choices[a].name, s->choices[b].name) != 0);
            }
        }
        assert_true(s->size > 0 && s->size <= sizeof(setting_value));
    }
    /* no two values overlap where they are kept */
    for (int32_t i = 0; i < setting_count(); i++)
        for (int32_t j = 0; j < i; j++) {
            const setting *a = setting_at(i), *b = setting_at(j);
            const ptrdiff_t pa[2] = {a->run_offset, a->team_offset};
            const ptrdiff_t pb[2] = {b->run_offset, b->team_offset};
            for (int k = 0; k < 2; k++)
                if (pa[k] >= 0 && pb[k] >= 0 && pa[k] < pb[k] + (ptrdiff_t)b->size &&
                    pb[k] < pa[k] + (ptrdiff_t)a->size)
                    fail_msg("%s and %s overlap", a->name, b->name);
        }
    assert_null(setting_find("no_such_setting"));
    /* the keys of [history] are found only there; `unplanned` is in both kinds */
    assert_null(setting_find("files"));
    assert_non_null(setting_find_history("files"));
    assert_null(setting_find_history("window"));
    assert_ptr_not_equal(setting_find("unplanned"), setting_find_history("unplanned"));
    /* the choices of format and date_format are the importer's names */
    const setting *format = setting_find_history("format");
    for (int32_t c = 0; c < format->n_choices; c++) {
        import_format f;
        assert_true(import_format_named(format->choices[c].name, &f));
        assert_int_equal(f, format->choices[c].value);
    }
    assert_int_equal(format->n_choices, IMPORT_N_FORMATS);
    const setting *forms = setting_find_history("date_format");
    for (int32_t c = 0; c < forms->n_choices; c++) {
        datefmt_form f;
        assert_true(datefmt_form_named(forms->choices[c].name, &f));
        assert_int_equal(f, forms->choices[c].value);
    }
    assert_int_equal(forms->n_choices, DATEFMT_N_FORMS);
    assert_ptr_equal(setting_find("Interrupt_Scale"), setting_find("interrupt_scale"));
}

/* Every default parses, and the stored default formats back to text that parses to the same
 * bytes. */
static void defaults_round_trip(void **state)
{
    (void)state;
    plan_settings run;
    plan_team_settings team;
    setting_defaults(&run, &team);
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        setting_value v;
        if (!s->default_value)
            continue;
        if (!setting_parse(s, s->default_value, SETTING_FROM_INI, &v))
            fail_msg("%s: default '%s' does not parse", s->name, s->default_value);
        const void *stored = s->run_offset >= 0 ? (const void *)((const char *)&run + s->run_offset)
                             : s->team_offset >= 0
                                 ? (const void *)((const char *)&team + s->team_offset)
                                 : NULL;
        if (!stored)
            continue; /* a list the plan owns: plan_load fills it */
        char text[256];
        assert_true(setting_format(s, stored, text, sizeof text) < (int)sizeof text);
        setting_value again;
        if (!setting_parse(s, text, SETTING_FROM_INI, &again))
            fail_msg("%s: formatted default '%s' does not parse", s->name, text);
        if (memcmp(again.bytes, stored, s->size) != 0)
            fail_msg("%s: '%s' does not read back as the default", s->name, text);
    }
}

/* The defaults docs/inputs.md and DESIGN.md promise. */
static void default_values(void **state)
{
    (void)state;
    plan_settings s;
    plan_team_settings t;
    setting_defaults(&s, &t);
    assert_int_equal(s.start, DATE_NONE);
    assert_int_equal(s.horizon, DATE_NONE);
    assert_int_equal(s.history_end, DATE_NONE);
    assert_int_equal(s.window_days, 90);
    assert_true(s.trials == 10000 && s.seed == 1);
    assert_true(s.interrupt_scale == 1.0 && s.unplanned_effort == 1.0);
    const double weinberg[] = {1.0, 0.8, 0.6, 0.4, 0.25};
    assert_int_equal(s.n_context_switch, 5);
    assert_memory_equal(s.context_switch, weinberg, sizeof weinberg);
    assert_int_equal(s.cap_years, 5);
    assert_int_equal(s.period, PLAN_PERIOD_DAY);
    assert_int_equal(s.size_dist, PLAN_SIZE_UNIFORM);
    assert_int_equal(s.bootstrap, PLAN_BOOTSTRAP_WEEK_BLOCK);
    assert_int_equal(s.split_draw, PLAN_SPLIT_PER_ITEM);
    assert_int_equal(s.pace, PLAN_PACE_LEVEL);
    assert_true(s.pace_half_life == 20.0 && s.pace_persistence == 1.0);
    assert_true(t.interrupt_scale == 1.0 && t.unplanned_effort == 1.0);
    assert_int_equal(t.n_context_switch, 5);
    assert_true(t.split_low == 1.0 && t.split_high == 1.0);
    assert_int_equal(t.wip, 0); /* none: teams.csv's required column sets it */
}

/* text -> stored value -> canonical text. */
static void assert_canonical(const char *name, const char *text, const char *want)
{
    const setting *s = setting_find(name);
    setting_value v;
    char out[256];
    assert_non_null(s);
    if (!setting_parse(s, text, SETTING_FROM_INI, &v))
        fail_msg("%s = %s does not parse", name, text);
    setting_format(s, v.bytes, out, sizeof out);
    assert_string_equal(out, want);
}

static void parse_and_format(void **state)
{
    (void)state;
    assert_canonical("context_switch", " 1 , 0.5,0.25", "1,0.5,0.25");
    assert_canonical("split", "1.2", "1.2,1.2");
    assert_canonical("split", "1, 1.3", "1,1.3");
    assert_canonical("period", "WEEK", "week");
    assert_canonical("bootstrap", "week_block", "week_block");
    assert_canonical("seed", "18446744073709551615", "18446744073709551615");
    assert_canonical("trials", "1000000000", "1000000000");
    assert_canonical("interrupt_scale", "0.1", "0.1");
    assert_canonical("start", "2027-01-04T09:00:00Z", "2027-01-04");
    const setting *s = setting_find("trials");
    setting_value v;
    assert_false(setting_parse(s, "1000000001", SETTING_FROM_INI, &v));
    assert_false(setting_parse(setting_find("context_switch"), "1;0.5", SETTING_FROM_INI, &v));
    assert_true(setting_parse(setting_find("context_switch"), "1;0.5 0.25", SETTING_FROM_CSV, &v));
    assert_false(setting_parse(setting_find("split"), "0", SETTING_FROM_INI, &v));
    assert_false(setting_parse(setting_find("unplanned"), " , ", SETTING_FROM_INI, &v));
    assert_int_equal(setting_json_of(setting_find("context_switch")), SETTING_JSON_NUMBERS);
    assert_int_equal(setting_json_of(setting_find("unplanned")), SETTING_JSON_STRINGS);
    assert_int_equal(setting_json_of(setting_find("horizon")), SETTING_JSON_STRING);
    assert_int_equal(setting_json_of(setting_find("window")), SETTING_JSON_NUMBER);
}

static void assert_expected(const char *name, setting_source from, const char *want)
{
    char buf[256];
    setting_expected(setting_find(name), from, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void messages(void **state)
{
    (void)state;
    assert_expected("window", SETTING_FROM_INI,
                    "expected a whole number of calendar days in 1..3650");
    assert_expected("trials", SETTING_FROM_INI, "expected a whole number in 1..1000000000");
    assert_expected("seed", SETTING_FROM_INI, "expected a whole number in 0..18446744073709551615");
    assert_expected("interrupt_scale", SETTING_FROM_INI, "expected a number in 0..1");
    assert_expected("period", SETTING_FROM_INI, "expected day or week");
    assert_expected("size_distribution", SETTING_FROM_INI,
                    "expected uniform, triangular or lognormal");
    assert_expected("context_switch", SETTING_FROM_CSV,
                    "expected 1 to 16 numbers, each > 0 and <= 1, separated by ';', spaces or "
                    "commas");
    assert_expected("split", SETTING_FROM_INI,
                    "expected a split factor range LOW,HIGH or one factor, with 0 < LOW <= HIGH "
                    "<= 100");
    char buf[128];
    setting_values(setting_find("bootstrap"), buf, sizeof buf);
    assert_string_equal(buf, "`day` or `week_block`");
    setting_values(setting_find("window"), buf, sizeof buf);
    assert_string_equal(buf, "1..3650");
}

static void columns(void **state)
{
    (void)state;
    setting_value v;
    bool given = true;
    int32_t bad = -1;
    char expected[256];
    const setting *split = setting_find("split"), *wip = setting_find("wip");
    const char *both[2] = {"2", "1"}, *none[2] = {"", ""}, *low[2] = {"1.5", ""};
    assert_false(setting_parse_columns(split, both, &v, &given, &bad, expected, sizeof expected));
    assert_int_equal(bad, 1);
    assert_string_equal(expected, "expected a split factor >= split_low (2)");
    assert_true(setting_parse_columns(split, none, &v, &given, &bad, expected, sizeof expected));
    assert_false(given);
    assert_true(setting_parse_columns(split, low, &v, &given, &bad, expected, sizeof expected));
    assert_true(given);
    double range[2];
    memcpy(range, v.bytes, sizeof range);
    assert_true(range[0] == 1.5 && range[1] == 1.5);
    const char *bad_low[2] = {"0", "2"};
    assert_false(
        setting_parse_columns(split, bad_low, &v, &given, &bad, expected, sizeof expected));
    assert_int_equal(bad, 0);
    assert_string_equal(expected, "expected a split factor > 0 and at most 100, or nothing");
    /* a required column: empty is an error, and the message has no "or nothing" */
    const char *empty[1] = {""};
    assert_false(setting_parse_columns(wip, empty, &v, &given, &bad, expected, sizeof expected));
    assert_string_equal(expected, "expected a whole number in 1..100000");
    assert_int_equal(setting_n_columns(split), 2);
    assert_int_equal(setting_n_columns(wip), 1);
    assert_int_equal(setting_n_columns(setting_find("period")), 0);
}

static void suggestions(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("interupt_scale", "interrupt_scale"), 1);
    assert_int_equal(suggest_distance("trails", "trials"), 1); /* a swap counts once */
    assert_int_equal(suggest_distance("WIP", "wip"), 0);
    assert_int_equal(suggest_distance("", "wip"), 3);
    assert_int_equal(suggest_distance("kitten", "sitting"), 3);
    const char *names[] = {"window", "wip", NULL, "split", "split_draw"};
    assert_int_equal(suggest_closest("windw", names, 5), 0);
    assert_int_equal(suggest_closest("wpi", names, 5), 1);
    assert_int_equal(suggest_closest("split_drew", names, 5), 4);
    assert_int_equal(suggest_closest("colour", names, 5), -1);
    assert_int_equal(suggest_closest("split", names, 5), -1); /* not misspelt */
    assert_int_equal(suggest_closest("ab", names, 5), -1);    /* too short to guess */
}

/* ---- through plan_load ---- */

static const char base_history[] = "id,team,type,started,done\n"
                                   "a1,A,story,,2026-11-02\na2,A,story,,2026-11-03\n"
                                   "a3,A,story,,2026-11-04\na4,A,story,,2026-11-05\n"
                                   "a5,A,story,,2026-11-06\n";

static int setup(void **state)
{
    fixture *f = fixture_create("setting");
    if (!f)
        return -1;
    put(f, "history.csv", base_history);
    put(f, "teams.csv", "team,people,wip\nA,3,2\n");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,A,1,2\n");
    put(f, "scenarios.ini", "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\n");
    *state = f;
    return 0;
}

static void unknown_keys(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini", "[baseline]\nwindow = 14\n\ninterupt_scale = 0.5\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 4, 1,
               "unknown key 'interupt_scale'; did you mean 'interrupt_scale'?");
    put(f, "scenarios.ini", "[s]\n  Split_Drew = trial\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 2, 3,
               "unknown key 'Split_Drew'; did you mean 'split_draw'?");
    put(f, "scenarios.ini", "[s]\npriorty[P1] = 1\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 2, 1,
               "unknown key 'priorty'; did you mean 'priority[ID]'?");
    put(f, "scenarios.ini", "[s]\ncolour = blue\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 2, 1,
               "unknown key 'colour' (expected start, horizon, history_end, history_start, window, "
               "unplanned, trials, seed, interrupt_scale, unplanned_effort, capacity_scale, "
               "context_switch, cap_years, period, size_distribution, bootstrap, wip, split, "
               "split_draw, pace, pace_half_life, pace_persistence, drop, priority[ID] or "
               "remove_dependency)");
    put(f, "scenarios.ini", "[s]\nperiod[A] = week\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 2, 1,
               "period[...]: unknown per-team key (expected interrupt_scale, unplanned_effort, "
               "capacity_scale, context_switch, wip or split before [team])");
}

/* A scenario that sets one setting keeps every other from the baseline, including the
 * neighbours of a list in plan_settings; the plan's own lists leave its other fields alone. */
static void scenario_inherits(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini",
        "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\ncap_years = 10\nunplanned = Bug\n"
        "interrupt_scale = 0.5\n[s]\ncontext_switch = 1,0.5\nsplit = 2\n");
    plan *p = load_ok(f, NULL);
    const plan_scenario *b = &p->scenarios[0], *s = &p->scenarios[1];
    assert_int_equal(s->settings.cap_years, 10);
    assert_int_equal(s->settings.n_context_switch, 2);
    assert_int_equal(b->settings.n_context_switch, 5);
    assert_true(s->teams[0].interrupt_scale == 0.5);
    assert_true(s->teams[0].split_low == 2.0 && s->teams[0].split_high == 2.0);
    assert_true(b->teams[0].split_low == 1.0);
    assert_int_equal(p->n_unplanned_types, 1);
    assert_string_equal(p->unplanned_types[0], "bug");
    assert_int_equal(p->n_files, 4);
    assert_string_equal(p->files[3].name, "scenarios.ini");
    plan_destroy(p);
}

/* A run past 9999-12-31 is refused where its start came from: history_end, or history.csv's
 * latest done when start and history_end are defaults. */
static void reach_messages(void **state)
{
    fixture *f = *state;
    put(f, "scenarios.ini", "[baseline]\nwindow = 14\nhistory_end = 9999-12-20\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 3, 15,
               "[baseline]: history_end: a run from the day after it, 9999-12-21, over cap_years "
               "= 5 would pass 9999-12-31");
    put(f, "scenarios.ini", "[baseline]\nwindow = 14\n");
    put(f, "history.csv", "id,team,type,started,done\na1,A,story,,9999-12-24\n");
    load_fails(f, STATUS_EINPUT, "history.csv", 0, 0,
               "done: a run from the day after the latest done, 9999-12-25, over cap_years = 5 "
               "would pass 9999-12-31");
    put(f, "scenarios.ini",
        "[baseline]\nwindow = 14\nhistory_end = 9998-06-01\ncap_years = 1\n[s]\ncap_years = 2\n");
    load_fails(f, STATUS_EINPUT, "scenarios.ini", 6, 13,
               "[s]: start: a run from 9998-06-02 over cap_years = 2 would pass 9999-12-31");
}

/* teams.csv's setting columns are the registry's; a misspelt one is suggested. */
static void team_columns(void **state)
{
    fixture *f = *state;
    put(f, "teams.csv", "team,people,wip,interupt_scale\nA,3,2,0.5\n");
    load_fails(f, STATUS_EINPUT, "teams.csv", 1, 4,
               "header: unknown column 'interupt_scale'; did you mean 'interrupt_scale'?");
    put(f, "teams.csv", "team,people\nA,3\n");
    load_fails(f, STATUS_EINPUT, "teams.csv", 1, 1, "header: missing column 'wip'");
    put(f, "teams.csv", "team,people,wip,split_high,unplanned_effort\nA,3,2,1.5,2\n");
    plan *p = load_ok(f, NULL);
    const plan_team_settings *t = &p->scenarios[0].teams[0];
    assert_int_equal(p->teams[0].wip, 2);
    assert_int_equal(t->wip, 2);
    assert_true(t->split_low == 1.5 && t->split_high == 1.5);
    assert_true(t->unplanned_effort == 2.0);
    assert_true(t->interrupt_scale == 1.0);
    plan_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_rules),
        cmocka_unit_test(defaults_round_trip),
        cmocka_unit_test(default_values),
        cmocka_unit_test(parse_and_format),
        cmocka_unit_test(messages),
        cmocka_unit_test(columns),
        cmocka_unit_test(suggestions),
        cmocka_unit_test_setup_teardown(unknown_keys, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(scenario_inherits, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(reach_messages, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(team_columns, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
