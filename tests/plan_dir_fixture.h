/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_dir_fixture: plan folders written into a fresh temporary directory, for loader tests:
 * write a file, remove one, load expecting success, or load expecting an error whose message
 * starts with "dir/file:line:column: " and contains a phrase.
 */
#ifndef SHIPCAST_PLAN_DIR_FIXTURE_H
#define SHIPCAST_PLAN_DIR_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"

typedef struct fixture {
    char dir[64];
} fixture;

static const char *const fixture_file_names[] = {"history.csv",  "teams.csv",   "plan.csv",
                                                 "calendar.csv", "changes.csv", "risks.csv",
                                                 "scenarios.ini"};

static inline void put(const fixture *f, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static inline void drop(const fixture *f, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    unlink(path);
}

/* A new empty plan folder /tmp/shipcast-TAG-XXXXXX; NULL on failure. */
static inline fixture *fixture_create(const char *tag)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    snprintf(f->dir, sizeof f->dir, "/tmp/shipcast-%s-XXXXXX", tag);
    if (!mkdtemp(f->dir)) {
        free(f);
        return NULL;
    }
    return f;
}

static inline int fixture_teardown(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof fixture_file_names / sizeof *fixture_file_names; i++)
        drop(f, fixture_file_names[i]);
    rmdir(f->dir);
    free(f);
    return 0;
}

static inline plan *load_ok(const fixture *f, const plan_overrides *ov)
{
    plan *p = NULL;
    status st;
    if (plan_load(f->dir, ov, &p, &st) != STATUS_OK)
        fail_msg("plan_load failed: %s", st.message);
    assert_non_null(p);
    return p;
}

/* Loads expecting failure with `code` and a message starting with dir/file:line:column: and
 * containing phrase. column 0 means "file:line:"; line 0 "file:". */
static inline void load_fails(const fixture *f, status_code code, const char *file, long line,
                              long column, const char *phrase)
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

#endif
