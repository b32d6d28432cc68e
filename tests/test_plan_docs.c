/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * docs/inputs.md against the settings registry (setting.h). The tables of scenarios.ini's keys
 * in docs/inputs.md (those of [baseline] and scenarios, and those of [history]) are generated
 * from the registry, each between two marker lines; this test regenerates them and fails when
 * the file differs (a setting added, renamed, re-ranged or re-described without the docs, or
 * the docs edited by hand), and checks that every teams.csv column of a setting is in the
 * teams.csv table.
 *
 *   test_plan_docs            check (what ctest runs)
 *   test_plan_docs --update   rewrite the table in docs/inputs.md; review the diff like code
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "setting.h"

static const char docs_path[] = SHIPCAST_SOURCE_DIR "/docs/inputs.md";

/* The generated regions: the keys of [baseline] and scenarios, then those of [history]. */
static const struct region {
    const char *begin, *end;
    bool history;
} regions[] = {
    {"<!-- settings: generated from scenarios/setting.c by `test_plan_docs --update`; edit "
     "there -->\n",
     "<!-- end of settings -->\n", false},
    {"<!-- history settings: generated from scenarios/setting.c by `test_plan_docs --update`; "
     "edit there -->\n",
     "<!-- end of history settings -->\n", true},
};
enum { N_REGIONS = sizeof regions / sizeof *regions };

/* A growing string. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void text_add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (t->s && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        t->cap = 2 * (t->cap + (size_t)n + 64);
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
}

static const char *scope_text(const setting *s, char *buf, size_t size)
{
    switch (s->scope) {
    case SETTING_SCOPE_RUN:
        return "[baseline] only";
    case SETTING_SCOPE_SCENARIO:
        return "[baseline], scenarios";
    case SETTING_SCOPE_HISTORY:
        return strcmp(s->name, "map") == 0 ? "[history], as `map[FIELD]`" : "[history]";
    case SETTING_SCOPE_TEAM:
        if (setting_n_columns(s) == 2)
            snprintf(buf, size, "[baseline], scenarios, `%s[team]`, teams.csv `%s`, `%s`", s->name,
                     s->columns[0], s->columns[1]);
        else if (setting_n_columns(s) == 1)
            snprintf(buf, size, "[baseline], scenarios, `%s[team]`, teams.csv `%s`", s->name,
                     s->columns[0]);
        else
            snprintf(buf, size, "[baseline], scenarios, `%s[team]`", s->name);
        return buf;
    }
    return "";
}

/* A region's table, from the registry. */
static void generate(text *t, const struct region *r)
{
    text_add(t, "%s", r->begin);
    text_add(t, "| key | meaning | values | default | set in |\n|---|---|---|---|---|\n");
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        if ((s->scope == SETTING_SCOPE_HISTORY) != r->history)
            continue;
        char values[256], scope[256];
        setting_values(s, values, sizeof values);
        text_add(t, "| `%s` | %s", s->name, s->meaning);
        for (int32_t c = 0; c < s->n_choices; c++)
            text_add(t, "%s `%s`: %s", c ? ";" : ":", s->choices[c].name, s->choices[c].meaning);
        text_add(t, " | %s%s%s%s | ", values, s->unit ? " (" : "", s->unit ? s->unit : "",
                 s->unit ? ")" : "");
        if (s->default_value)
            text_add(t, "`%s`", s->default_value);
        else
            text_add(t, "%s", s->default_doc);
        text_add(t, " | %s |\n", scope_text(s, scope, sizeof scope));
    }
    text_add(t, "%s", r->end);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    text t = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        text_add(&t, "%.*s", (int)n, buf);
    fclose(f);
    text_add(&t, "%s", "");
    return t.s;
}

/* The generated region r of doc: [*begin, *end) including the markers. */
static void find_region(const char *doc, const struct region *r, const char **begin,
                        const char **end)
{
    *begin = strstr(doc, r->begin);
    if (!*begin)
        fail_msg("%s: no line \"%.*s\"", docs_path, (int)strlen(r->begin) - 1, r->begin);
    *end = strstr(*begin, r->end);
    if (!*end)
        fail_msg("%s: no line \"%.*s\"", docs_path, (int)strlen(r->end) - 1, r->end);
    *end += strlen(r->end);
}

static void region_matches_registry(const struct region *r)
{
    char *doc = read_file(docs_path);
    const char *begin, *end;
    find_region(doc, r, &begin, &end);
    text want = {0};
    generate(&want, r);
    size_t have = (size_t)(end - begin);
    if (have != want.len || memcmp(begin, want.s, have) != 0) {
        size_t at = 0;
        while (at < have && at < want.len && begin[at] == want.s[at])
            at++;
        const char *line = begin + at;
        while (line > begin && line[-1] != '\n')
            line--;
        const char *want_line = want.s + (line - begin);
        fail_msg("docs/inputs.md's settings table differs from the registry at\n  docs:     "
                 "%.*s\n  registry: %.*s\nrun test_plan_docs --update and review the diff",
                 (int)strcspn(line, "\n"), line, (int)strcspn(want_line, "\n"), want_line);
    }
    free(want.s);
    free(doc);
}

static void table_matches_registry(void **state)
{
    (void)state;
    for (int k = 0; k < N_REGIONS; k++)
        region_matches_registry(&regions[k]);
}

/* Every teams.csv column of a setting is in the teams.csv section's table. */
static void team_columns_documented(void **state)
{
    (void)state;
    char *doc = read_file(docs_path);
    const char *section = strstr(doc, "\n## teams.csv");
    assert_non_null(section);
    const char *next = strstr(section + 1, "\n## ");
    size_t len = next ? (size_t)(next - section) : strlen(section);
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        for (int32_t c = 0; c < setting_n_columns(s); c++) {
            char name[128];
            snprintf(name, sizeof name, "`%s`", s->columns[c]);
            const char *hit = strstr(section, name);
            if (!hit || hit >= section + len)
                fail_msg("docs/inputs.md, teams.csv: column %s of setting %s is not described",
                         name, s->name);
        }
    }
    free(doc);
}

/* Rewrites the generated regions of docs/inputs.md. */
static int update(void)
{
    char *doc = read_file(docs_path);
    for (int k = 0; k < N_REGIONS; k++) {
        const struct region *r = &regions[k];
        const char *begin = strstr(doc, r->begin), *end = begin ? strstr(begin, r->end) : NULL;
        if (!end) {
            fprintf(stderr, "%s: the marker lines %.*s are missing\n", docs_path,
                    (int)strlen(r->begin) - 1, r->begin);
            free(doc);
            return 1;
        }
        end += strlen(r->end);
        text t = {0};
        text_add(&t, "%.*s", (int)(begin - doc), doc);
        generate(&t, r);
        text_add(&t, "%s", end);
        free(doc);
        doc = t.s;
    }
    FILE *f = fopen(docs_path, "wb");
    size_t len = strlen(doc);
    int rc = !f || fwrite(doc, 1, len, f) != len;
    if (f && fclose(f) != 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "%s: cannot write\n", docs_path);
    else
        printf("updated %s\n", docs_path);
    free(doc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--update") == 0)
        return update();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_matches_registry),
        cmocka_unit_test(team_columns_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
