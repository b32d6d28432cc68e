/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of run.json (cli/run_record.c) against the settings registry: the record of a run of
 * the bundled example is valid JSON in which every run-scope setting stands at the top, every
 * scenario-scope setting in each scenario and every per-team setting in each scenario's record
 * of each team, with the values the scenarios set. The names come from the registry, so a new
 * setting that run.json forgot fails here. A small JSON reader (below) checks the syntax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "plan.h"
#include "plan_dir_fixture.h"
#include "run_record.h"
#include "setting.h"

/* ---- a JSON reader: enough for run.json ---- */

typedef enum json_kind {
    JSON_OBJECT,
    JSON_ARRAY,
    JSON_STRING,
    JSON_NUMBER,
    JSON_LITERAL
} json_kind;

typedef struct json {
    json_kind kind;
    char *key;  /* within an object */
    char *text; /* string contents, number or literal as written */
    struct json **items;
    int n_items;
} json;

static void json_free(json *j)
{
    if (!j)
        return;
    for (int i = 0; i < j->n_items; i++)
        json_free(j->items[i]);
    free(j->items);
    free(j->key);
    free(j->text);
    free(j);
}

static const char *json_space(const char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    return s;
}

/* A string starting at *s ('"'), unescaped (\uXXXX kept as is); NULL on bad syntax. */
static char *json_read_string(const char **s)
{
    const char *a = *s + 1;
    size_t n = 0;
    char *out = malloc(strlen(a) + 1);
    assert_non_null(out);
    for (; *a && *a != '"'; a++) {
        if ((unsigned char)*a < 0x20)
            break;
        if (*a == '\\') {
            a++;
            if (!*a || !strchr("\"\\/bfnrtu", *a))
                break;
        }
        out[n++] = *a;
    }
    if (*a != '"') {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    *s = a + 1;
    return out;
}

static json *json_parse_value(const char **s);

/* The members of an object or the items of an array, up to `close`. */
static json *json_parse_list(const char **s, json_kind kind, char close)
{
    json *j = calloc(1, sizeof *j);
    assert_non_null(j);
    j->kind = kind;
    *s = json_space(*s + 1);
    if (**s == close) {
        (*s)++;
        return j;
    }
    for (;;) {
        char *key = NULL;
        if (kind == JSON_OBJECT) {
            if (**s != '"' || !(key = json_read_string(s)))
                break;
            *s = json_space(*s);
            if (**s != ':') {
                free(key);
                break;
            }
            *s = json_space(*s + 1);
        }
        json *item = json_parse_value(s);
        if (!item) {
            free(key);
            break;
        }
        item->key = key;
        j->items = realloc(j->items, (size_t)(j->n_items + 1) * sizeof *j->items);
        assert_non_null(j->items);
        j->items[j->n_items++] = item;
        *s = json_space(*s);
        if (**s == ',') {
            *s = json_space(*s + 1);
            continue;
        }
        if (**s == close) {
            (*s)++;
            return j;
        }
        break;
    }
    json_free(j);
    return NULL;
}

static json *json_parse_value(const char **s)
{
    *s = json_space(*s);
    if (**s == '{')
        return json_parse_list(s, JSON_OBJECT, '}');
    if (**s == '[')
        return json_parse_list(s, JSON_ARRAY, ']');
    json *j = calloc(1, sizeof *j);
    assert_non_null(j);
    if (**s == '"') {
        j->kind = JSON_STRING;
        j->text = json_read_string(s);
    } else {
        const char *a = *s;
        size_t n = strspn(a, "-+.0123456789eE");
        j->kind = n ? JSON_NUMBER : JSON_LITERAL;
        if (!n)
            n = strncmp(a, "null", 4) == 0 || strncmp(a, "true", 4) == 0 ? 4
                : strncmp(a, "false", 5) == 0                            ? 5
                                                                         : 0;
        if (n) {
            j->text = strndup(a, n);
            *s = a + n;
        }
        if (n && j->kind == JSON_NUMBER) { /* the whole token must be a number */
            char *end;
            strtod(j->text, &end);
            if (*end) {
                free(j->text);
                j->text = NULL;
            }
        }
    }
    if (!j->text) {
        json_free(j);
        return NULL;
    }
    return j;
}

static json *json_parse(const char *text)
{
    const char *s = text;
    json *j = json_parse_value(&s);
    if (j && *json_space(s)) {
        json_free(j);
        return NULL;
    }
    return j;
}

static const json *json_get(const json *j, const char *key)
{
    for (int i = 0; j && i < j->n_items; i++)
        if (j->items[i]->key && strcmp(j->items[i]->key, key) == 0)
            return j->items[i];
    return NULL;
}

/* ---- the tests ---- */

/* run.json of plan p (with the backtest cal, may be NULL), parsed. */
static json *record_with(const plan *p, const run_record_calibration *cal)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    char run_warning_text[] = "a warning of the run", *run_warning = run_warning_text;
    status st;
    assert_int_equal(run_record_write(f, "plan", p, &run_warning, 1, cal, &st), STATUS_OK);
    assert_int_equal(fclose(f), 0);
    json *j = json_parse(text);
    if (!j)
        fail_msg("run.json is not JSON:\n%s", text);
    free(text);
    return j;
}

static json *record_of(const plan *p)
{
    return record_with(p, NULL);
}

/* Every registry entry of `scope` is a member of object o. */
static void assert_scope(const json *o, setting_scope scope, const char *where)
{
    assert_non_null(o);
    assert_int_equal(o->kind, JSON_OBJECT);
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        if (s->scope == scope && !json_get(o, s->name))
            fail_msg("run.json: %s has no \"%s\"", where, s->name);
    }
}

static const json *scenario(const json *r, const char *name)
{
    const json *list = json_get(r, "scenarios");
    for (int i = 0; list && i < list->n_items; i++)
        if (strcmp(json_get(list->items[i], "name")->text, name) == 0)
            return list->items[i];
    fail_msg("no scenario %s", name);
    return NULL;
}

/* The value of `key` for team `team` in scenario `name`, as written. */
static const json *team_value(const json *r, const char *name, const char *team, const char *key)
{
    const json *teams = json_get(scenario(r, name), "teams");
    for (int i = 0; teams && i < teams->n_items; i++)
        if (strcmp(json_get(teams->items[i], "team")->text, team) == 0)
            return json_get(teams->items[i], key);
    fail_msg("no team %s in %s", team, name);
    return NULL;
}

static void every_setting_in_scope(void **state)
{
    (void)state;
    plan *p = NULL;
    status st;
    if (plan_load(SHIPCAST_SOURCE_DIR "/examples/platform-q1", NULL, &p, &st) != STATUS_OK)
        fail_msg("%s", st.message);
    json *r = record_of(p);
    assert_scope(r, SETTING_SCOPE_RUN, "the run");
    const json *list = json_get(r, "scenarios");
    assert_non_null(list);
    assert_int_equal(list->n_items, p->n_scenarios);
    for (int i = 0; i < list->n_items; i++) {
        const json *sc = list->items[i];
        assert_string_equal(json_get(sc, "name")->text, p->scenarios[i].name);
        assert_scope(sc, SETTING_SCOPE_SCENARIO, p->scenarios[i].name);
        const json *teams = json_get(sc, "teams");
        assert_non_null(teams);
        assert_int_equal(teams->n_items, p->n_teams);
        for (int k = 0; k < teams->n_items; k++) {
            assert_string_equal(json_get(teams->items[k], "team")->text, p->teams[k].name);
            assert_scope(teams->items[k], SETTING_SCOPE_TEAM, p->teams[k].name);
        }
    }
    /* values the example's scenarios set */
    assert_string_equal(json_get(r, "seed")->text, "42");
    assert_string_equal(json_get(r, "window")->text, "120");
    assert_int_equal(json_get(r, "unplanned")->n_items, 5);
    assert_string_equal(json_get(r, "unplanned")->items[0]->text, "bug");
    assert_string_equal(team_value(r, "oncall-shield", "web", "interrupt_scale")->text, "0.5");
    assert_string_equal(team_value(r, "baseline", "web", "interrupt_scale")->text, "1");
    assert_string_equal(team_value(r, "wip-2", "payments", "wip")->text, "2");
    assert_string_equal(team_value(r, "wip-2", "identity", "wip")->text, "2");
    assert_string_equal(team_value(r, "juggle-identity", "identity", "wip")->text, "8");
    const json *split = team_value(r, "scope-growth", "mobile", "split");
    assert_int_equal(split->n_items, 2);
    assert_string_equal(split->items[1]->text, "1.3");
    assert_string_equal(json_get(scenario(r, "scope-growth"), "split_draw")->text, "trial");
    assert_string_equal(json_get(scenario(r, "weekly"), "period")->text, "week");
    assert_string_equal(json_get(scenario(r, "baseline"), "bootstrap")->text, "week_block");
    assert_string_equal(json_get(scenario(r, "baseline"), "pace")->text, "level");
    const json *cs = team_value(r, "baseline", "payments", "context_switch");
    assert_int_equal(cs->n_items, 5);
    assert_string_equal(cs->items[1]->text, "0.8");
    const json *warnings = json_get(r, "warnings");
    assert_string_equal(warnings->items[warnings->n_items - 1]->text, "a warning of the run");
    json_free(r);
    plan_destroy(p);
}

/* A horizon not given is null; a long list of types, JSON strings with escapes, per-team keys. */
static void values_of_a_small_plan(void **state)
{
    (void)state;
    fixture *f = fixture_create("record");
    assert_non_null(f);
    put(f, "history.csv",
        "id,team,type,started,done\na1,A,story,,2026-11-02\na2,A,story,,2026-11-03\n"
        "a3,A,story,,2026-11-04\na4,A,story,,2026-11-05\na5,A,story,,2026-11-06\n");
    put(f, "teams.csv",
        "team,people,wip,context_switch,estimate_low\n\"A \"\"quoted\"\"\",3,2,1;0.7,2\n");
    put(f, "plan.csv", "id,team,size_low,size_high\nP1,\"A \"\"quoted\"\"\",1,2\n");
    char ini[2048] = "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\nunplanned = ";
    for (int k = 0; k < 60; k++) /* a list longer than a small buffer */
        snprintf(ini + strlen(ini), sizeof ini - strlen(ini), "%stype-number-%d", k ? "," : "", k);
    snprintf(ini + strlen(ini), sizeof ini - strlen(ini),
             "\n[s]\nhorizon = 2027-03-31\nsplit[A \"quoted\"] = 1.5\n");
    put(f, "scenarios.ini", ini);
    plan *p = load_ok(f, NULL);
    json *r = record_of(p);
    assert_int_equal(json_get(r, "unplanned")->n_items, 60);
    assert_string_equal(json_get(r, "unplanned")->items[59]->text, "type-number-59");
    assert_int_equal(json_get(scenario(r, "baseline"), "horizon")->kind, JSON_LITERAL);
    assert_string_equal(json_get(scenario(r, "baseline"), "horizon")->text, "null");
    assert_string_equal(json_get(scenario(r, "s"), "horizon")->text, "2027-03-31");
    const json *teams = json_get(scenario(r, "s"), "teams");
    assert_string_equal(json_get(teams->items[0], "team")->text, "A \"quoted\"");
    assert_string_equal(json_get(teams->items[0], "split")->items[0]->text, "1.5");
    assert_string_equal(json_get(teams->items[0], "context_switch")->items[1]->text, "0.7");
    assert_null(json_get(r, "calibration")); /* only with --calibration */
    json_free(r);
    /* the backtest shown as the track record: its folder, file and digest */
    const run_record_calibration cal = {"bt \"q1\"", "bt \"q1\"/calibration.csv", "00ab"};
    r = record_with(p, &cal);
    const json *c = json_get(r, "calibration");
    assert_non_null(c);
    assert_string_equal(json_get(c, "dir")->text, "bt \"q1\"");
    assert_string_equal(json_get(c, "file")->text, "bt \"q1\"/calibration.csv");
    assert_string_equal(json_get(c, "sha256")->text, "00ab");
    assert_non_null(json_get(r, "warnings"));
    json_free(r);
    plan_destroy(p);
    fixture_teardown((void **)&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_setting_in_scope),
        cmocka_unit_test(values_of_a_small_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
