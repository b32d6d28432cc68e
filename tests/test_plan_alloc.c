/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Allocation failure in plan_load and in the importer: the test is linked with -Wl,--wrap for
 * malloc, calloc, realloc and strdup, so every allocation of the plan loader (a static library)
 * goes through the wrappers below. The n-th allocation fails, for n = 0, 1, ... until a load
 * succeeds; each failing load must return STATUS_ENOMEM and no plan. Under ASan/LSan
 * (SHIPCAST_SANITIZE) a leak on any of these paths fails the run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "import.h"
#include "plan.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t size);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
char *__wrap_strdup(const char *s);

static long alloc_fail_at = -1; /* index of the allocation to fail; -1: none */
static long alloc_count;
static bool alloc_failed;

static bool alloc_fails(void)
{
    if (alloc_fail_at < 0)
        return false;
    if (alloc_count++ == alloc_fail_at) {
        alloc_failed = true;
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t size)
{
    return alloc_fails() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return alloc_fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *ptr, size_t size)
{
    return alloc_fails() ? NULL : __real_realloc(ptr, size);
}

char *__wrap_strdup(const char *s)
{
    return alloc_fails() ? NULL : __real_strdup(s);
}

/* Every input file, with every optional feature the loader allocates for. */
static const struct {
    const char *name, *text;
} files[] = {
    {"scenarios.ini",
     "[baseline]\nhistory_end = 2026-11-15\nwindow = 14\nunplanned = bug, ops\n"
     "wip[B] = 2\nsplit = 1,1.2\n[s1]\ninterrupt_scale[A] = 0.5\nwip = 3\n"
     "drop = P4\n[s2] ; why s2\n; and more\ncontext_switch[B] = 1, 0.5\nsplit[A] = 2\n"
     "priority[P2] = 0\n"},
    {"teams.csv", "team,people,wip,context_switch,estimate_low,estimate_high\n"
                  "A,4,2,1;0.5,,\nB,2,1,,,\nC,1,1,,1,3\n"},
    {"calendar.csv", "date,team\n2026-11-11,\n2026-11-13,B\n"},
    {"history.csv", "id,team,type,started,done,epic\n"
                    "a1,A,story,2026-11-01,2026-11-02,E1\na2,A,bug,,2026-11-03,\n"
                    "a3,A,story,2026-11-02,2026-11-04,E1\na4,A,story,,2026-11-05,E2\n"
                    "a5,A,story,,2026-11-06,\na6,A,story,2026-11-09,,E3\n"
                    "b1,B,story,,2026-11-02,\nb2,B,ops,,2026-11-03,\nb3,B,story,,2026-11-04,\n"
                    "b4,B,story,,2026-11-05,\nb5,B,story,,2026-11-06,\nx1,X,story,,2026-11-06,\n"},
    {"plan.csv", "id,team,size_low,size_high,depends_on,split_low,scenario\n"
                 "P1,A,1,3,,1.5,\nP2,A,,,P1+2,,\nP3,B,2,2,P1;P2,,\nP4,C,1,1,P3,,\nP5,A,1,1,,,s2\n"},
    {"changes.csv", "scenario,team,kind,from,until,amount,ramp_days\n,A,join,2027-01-04,,,5\n"
                    "s1,*,absence,2027-02-01,2027-02-03,,\n"
                    "baseline,B,capacity_loss,2027-01-05,2027-01-06,50%,\n"},
    {"risks.csv", "id,scenario,probability,items,team,extra_low,delay_days\n"
                  "R1,,0.5,P1;P3;P1,,2,\nR2,s2,30%,,A,,3\n"},
};

static void write_plan(const char *dir)
{
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        size_t n = strlen(files[i].text);
        assert_int_equal(fwrite(files[i].text, 1, n, fp), n);
        assert_int_equal(fclose(fp), 0);
    }
}

static void remove_plan(const char *dir)
{
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        unlink(path);
    }
    rmdir(dir);
}

/* Loads dir failing its n-th allocation, n = 0, 1, ... until a load succeeds: each failing
 * load must return STATUS_ENOMEM and no plan. Returns the number of failures injected. */
static long fail_every_allocation(const char *dir)
{
    long n = 0;
    for (;; n++) {
        alloc_fail_at = n;
        alloc_count = 0;
        alloc_failed = false;
        plan *p = (plan *)1;
        status st;
        status_code rc = plan_load(dir, NULL, &p, &st);
        alloc_fail_at = -1;
        if (!alloc_failed) {
            assert_int_equal(rc, STATUS_OK);
            plan_destroy(p);
            break;
        }
        if (rc != STATUS_ENOMEM || p != NULL)
            fail_msg("allocation %ld failed: got code %d, message \"%s\"", n, (int)rc, st.message);
    }
    print_message("%ld allocation failures injected\n", n);
    return n;
}

static void every_allocation_failure(void **state)
{
    (void)state;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/shipcast-alloc-XXXXXX");
    assert_non_null(mkdtemp(dir));
    write_plan(dir);
    status st;
    plan *p = NULL;
    if (plan_load(dir, NULL, &p, &st) != STATUS_OK) /* the plan itself is valid */
        fail_msg("%s", st.message);
    assert_int_equal(p->n_risks, 2);
    assert_int_equal(p->scenarios[1].n_changes, 4);
    assert_non_null(p->scenarios[1].item_in);
    assert_non_null(p->scenarios[2].item_priority);
    plan_destroy(p);
    long n = fail_every_allocation(dir);
    assert_true(n > 100); /* the wrappers did see the loader's allocations */
    remove_plan(dir);
}

/* The importer, on each sample export: every failing allocation gives STATUS_ENOMEM and no
 * result. */
static void every_import_allocation_failure(void **state)
{
    (void)state;
    tz *zone = NULL;
    status st;
    assert_int_equal(tz_load(NULL, "Europe/Berlin", &zone, &st), STATUS_OK);
    static const char *const samples[] = {"jira.csv",      "linear.csv",  "azure.csv",
                                          "changelog.csv", "github.json", "generic.csv"};
    long total = 0;
    for (size_t k = 0; k < sizeof samples / sizeof *samples; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/import/%s", SHIPCAST_TEST_DATA, samples[k]);
        const char *paths[2] = {path, path};
        import_options o = {.zone = zone, .team = strstr(path, ".json") ? "web" : NULL};
        o.map[IMPORT_FIELD_ID] = strstr(path, "generic") ? "Schlüssel" : NULL;
        o.map[IMPORT_FIELD_DONE] = strstr(path, "generic") ? "Erledigt" : NULL;
        o.has_date_form = strstr(path, "generic") != NULL;
        o.date_form = DATEFMT_DMY_DOT;
        for (long n = 0;; n++) {
            alloc_fail_at = n;
            alloc_count = 0;
            alloc_failed = false;
            import_result *r = (import_result *)1;
            status_code rc = import_run(paths, 2, &o, &r, &st);
            alloc_fail_at = -1;
            if (!alloc_failed) {
                if (rc != STATUS_OK)
                    fail_msg("%s: %s", samples[k], st.message);
                import_result_destroy(r);
                total += n;
                break;
            }
            if (rc != STATUS_ENOMEM || r != NULL)
                fail_msg("%s, allocation %ld failed: got code %d, message \"%s\"", samples[k], n,
                         (int)rc, st.message);
        }
    }
    print_message("%ld allocation failures injected\n", total);
    assert_true(total > 200);
    tz_destroy(zone);
}

/* A plan folder whose history is an export named in [history], its teams in time zones. */
static void every_history_section_allocation_failure(void **state)
{
    (void)state;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/shipcast-alloc-XXXXXX");
    assert_non_null(mkdtemp(dir));
    static const struct {
        const char *name, *text;
    } plan_files[] = {
        {"scenarios.ini", "[history]\nfiles = export.csv\ntimezone = Asia/Tokyo\n"},
        {"teams.csv", "team,people,wip,timezone\nA,2,1,Europe/Berlin\nB,2,1,\n"},
        {"plan.csv", "id,team,size_low,size_high\nP1,A,1,2\nP2,B,1,1\n"},
        {"export.csv", "id,team,type,started,done,epic,status\n"
                       "a1,A,story,2026-11-01T10:00:00Z,2026-11-02T23:30:00Z,E1,done\n"
                       "a2,A,bug,,2026-11-03,,done\na3,A,story,,2026-11-04,E1,done\n"
                       "a4,A,story,,2026-11-05,,done\na5,A,story,,2026-11-06,,done\na7,A,story,,"
                       "2026-11-09,,done\n"
                       "a6,A,story,,,,cancelled\nb1,B,story,,2026-11-02,,done\n"
                       "b2,B,story,,2026-11-03,,done\nb3,B,story,,2026-11-04,,done\n"
                       "b4,B,story,,2026-11-05,,done\nb5,B,story,,2026-11-06,,done\n"},
    };
    for (size_t i = 0; i < sizeof plan_files / sizeof *plan_files; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, plan_files[i].name);
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(fputs(plan_files[i].text, fp) >= 0, 1);
        assert_int_equal(fclose(fp), 0);
    }
    status st;
    plan *p = NULL;
    if (plan_load(dir, NULL, &p, &st) != STATUS_OK)
        fail_msg("%s", st.message);
    assert_true(p->n_warnings > 0); /* the cancelled item */
    plan_destroy(p);
    long n = fail_every_allocation(dir);
    assert_true(n > 50);
    for (size_t i = 0; i < sizeof plan_files / sizeof *plan_files; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, plan_files[i].name);
        unlink(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_allocation_failure),
                                       cmocka_unit_test(every_import_allocation_failure),
                                       cmocka_unit_test(every_history_section_allocation_failure)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
