/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_common: the work folder, plan parts and plan invariants of the fuzz targets (fuzz.h).
 *
 * Invariants are checked after every successful plan_load: a loader that accepts garbage and
 * hands the model a reversed range or a dangling index is as wrong as one that crashes, only
 * quieter. The checks restate plan.h; they do not re-derive the history.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "date.h"
#include "fuzz.h"
#include "import.h"
#include "plan.h"
#include "setting.h"

/* The plan files in the order of the parts of an input. */
static const char *const fuzz_plan_files[] = {"history.csv",  "teams.csv",     "plan.csv",
                                              "calendar.csv", "scenarios.ini", "changes.csv",
                                              "risks.csv",    "export",        "history-rt.csv"};
enum { FUZZ_N_FILES = sizeof fuzz_plan_files / sizeof *fuzz_plan_files };

static char fuzz_dir[64];

static void fuzz_remove_workdir(void)
{
    char path[128];
    for (int i = 0; i < FUZZ_N_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", fuzz_dir, fuzz_plan_files[i]);
        unlink(path);
    }
    rmdir(fuzz_dir);
}

const char *fuzz_workdir(void)
{
    if (fuzz_dir[0])
        return fuzz_dir;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/shipcast-fuzz-XXXXXX", base);
    if (!mkdtemp(fuzz_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fuzz_remove_workdir);
    return fuzz_dir;
}

void fuzz_write_file(const char *dir, const char *name, const uint8_t *bytes, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!bytes) {
        unlink(path);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(bytes, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

void fuzz_write_parts(const char *dir, const uint8_t *data, size_t size)
{
    size_t pos = 0;
    for (int i = 0; i < FUZZ_N_FILES; i++) {
        if (pos > size) {
            fuzz_write_file(dir, fuzz_plan_files[i], NULL, 0);
            continue;
        }
        const uint8_t *sep = memchr(data + pos, FUZZ_PART_SEPARATOR, size - pos);
        size_t end = sep ? (size_t)(sep - data) : size;
        size_t len = end - pos;
        bool absent = len == 1 && data[pos] == (uint8_t)FUZZ_PART_ABSENT[0];
        /* the last file takes the rest, separators included, so no byte is ignored */
        if (i == FUZZ_N_FILES - 1)
            len = size - pos;
        fuzz_write_file(dir, fuzz_plan_files[i], absent ? NULL : data + pos, len);
        pos = end + 1;
    }
}

static void fuzz_fail(const char *what, long index)
{
    fprintf(stderr, "fuzz: plan invariant broken: %s (index %ld)\n", what, index);
    abort();
}

static bool fuzz_is_date(int32_t d)
{
    int32_t lo = 0, hi = 0;
    return date_from_ymd(1, 1, 1, &lo) && date_from_ymd(9999, 12, 31, &hi) && d >= lo && d <= hi;
}

static void fuzz_check_settings(const plan_settings *s, long i)
{
    if (!fuzz_is_date(s->start) || !fuzz_is_date(s->history_end))
        fuzz_fail("start or history_end not a date", i);
    if (s->horizon != DATE_NONE && !fuzz_is_date(s->horizon))
        fuzz_fail("horizon not a date", i);
    if (s->window_days < 1 || s->trials < 1)
        fuzz_fail("window or trials < 1", i);
    if (!(s->interrupt_scale >= 0 && s->interrupt_scale <= 1))
        fuzz_fail("interrupt_scale outside 0..1", i);
    if (!(s->unplanned_effort >= 0) || !isfinite(s->unplanned_effort))
        fuzz_fail("unplanned_effort not finite >= 0", i);
    if (s->n_context_switch < 1 || s->n_context_switch > PLAN_CONTEXT_SWITCH_MAX)
        fuzz_fail("n_context_switch", i);
    for (int k = 0; k < s->n_context_switch; k++)
        if (!(s->context_switch[k] > 0 && s->context_switch[k] <= 1))
            fuzz_fail("context_switch outside (0, 1]", i);
    if (s->cap_years < 1 || s->cap_years > 100)
        fuzz_fail("cap_years outside 1..100", i);
}

/* Every value of the settings registry, of every scenario (and team, for per-team ones), is a
 * value its type accepts: formatted, it parses back to the same bytes. A date not given formats
 * as "" and is skipped. */
static void fuzz_check_registry(const plan *p)
{
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        for (long sc = 0; sc < p->n_scenarios; sc++)
            for (int32_t team = -1; team < (s->scope == SETTING_SCOPE_TEAM ? p->n_teams : 0);
                 team++) {
                const void *v = setting_value_in(s, p, (int32_t)sc, team);
                if (!v)
                    continue;
                char text[4096];
                int n = setting_format(s, v, text, sizeof text);
                if (n <= 0 || n >= (int)sizeof text)
                    continue; /* a date not given, or a list too long to check here */
                setting_value back;
                if (!setting_parse(s, text, SETTING_FROM_INI, &back))
                    fuzz_fail(s->name, sc);
                if (s->plan_offset < 0 && memcmp(back.bytes, v, s->size) != 0)
                    fuzz_fail(s->name, sc);
            }
    }
}

void fuzz_check_plan(const plan *p)
{
    fuzz_check_registry(p);
    if (p->n_scenarios < 1 || !p->scenarios)
        fuzz_fail("no baseline scenario", 0);
    for (long i = 0; i < p->n_scenarios; i++) {
        fuzz_check_settings(&p->scenarios[i].settings, i);
        /* a decision record is text: within its limit, whole UTF-8, no empty end */
        const char *record = p->scenarios[i].comment;
        size_t len = record ? strlen(record) : 0;
        if (record && (len == 0 || len >= PLAN_COMMENT_MAX || record[len - 1] == '\n' ||
                       csvread_utf8_valid_prefix((const unsigned char *)record, len) != len))
            fuzz_fail("decision record", i);
    }
    for (long t = 0; t < p->n_teams; t++) {
        const plan_team *team = &p->teams[t];
        if (!team->name || !team->name[0])
            fuzz_fail("team without name", t);
        if (!(team->people > 0) || !(team->history_people > 0) || !isfinite(team->people) ||
            !isfinite(team->history_people))
            fuzz_fail("people not finite > 0", t);
        if (team->wip < 1)
            fuzz_fail("wip < 1", t);
        if (team->n_days < 0 || team->n_weeks < 0 || team->n_epics < 0 || team->n_days_off < 0)
            fuzz_fail("negative count", t);
        for (int32_t k = 0; k < team->n_days; k++)
            if (team->day_planned[k] < 0 || team->day_unplanned[k] < 0 ||
                team->day_streams[k] < 0 || (k > 0 && team->day_date[k] <= team->day_date[k - 1]))
                fuzz_fail("day samples negative or out of order", t);
        for (int32_t k = 1; k < team->n_days_off; k++)
            if (team->days_off[k] <= team->days_off[k - 1])
                fuzz_fail("days off not sorted and distinct", t);
        for (int32_t k = 0; k < team->n_epics; k++)
            if (team->epic_sizes[k] < 0)
                fuzz_fail("negative epic size", t);
    }
    for (long i = 0; i < p->n_items; i++) {
        const plan_item *it = &p->items[i];
        if (!it->id || !it->id[0] || !it->title)
            fuzz_fail("item without id or title", i);
        if (it->team < 0 || it->team >= p->n_teams)
            fuzz_fail("item team out of range", i);
        if (it->size_low < 0 || it->size_low > it->size_high)
            fuzz_fail("size range reversed or negative", i);
        if (it->done_stories < 0)
            fuzz_fail("done_stories < 0", i);
        if (isnan(it->priority))
            fuzz_fail("priority NaN", i);
        for (int32_t k = 0; k < it->n_deps; k++) {
            const plan_dep *d = &it->deps[k];
            if (d->item < 0 || d->item >= p->n_items || d->item == i || d->lag_days < 0)
                fuzz_fail("dependency out of range, on itself, or with a negative lag", i);
        }
    }
}

static void fuzz_import_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: import: %s (%s)\n", what, detail);
    abort();
}

static void fuzz_check_count(const import_count *c, const char *where)
{
    long sum = c->kept;
    for (int d = 0; d < IMPORT_N_DROPS; d++) {
        if (c->dropped[d] < 0)
            fuzz_import_fail("a negative count", where);
        sum += c->dropped[d];
    }
    if (sum != c->items || c->done + c->open != c->kept || c->unplanned > c->kept)
        fuzz_import_fail("counts that do not add up", where);
}

/* history.csv written from r, imported again as a CSV file: the same items. */
static void fuzz_import_round_trip(const char *dir, const import_result *r)
{
    char path[256];
    snprintf(path, sizeof path, "%s/history-rt.csv", dir);
    FILE *f = fopen(path, "wb");
    status st;
    if (!f || import_write_history(r, f, &st) != STATUS_OK || fclose(f) != 0)
        fuzz_import_fail("cannot write history.csv", path);
    import_options again = {.format = IMPORT_CSV, .excluded = "", .cancelled = ""};
    import_result *b = NULL;
    const char *paths[1] = {path};
    if (import_run(paths, 1, &again, &b, &st) != STATUS_OK)
        fuzz_import_fail("the history.csv written does not read back", st.message);
    if (b->n_items != r->n_items)
        fuzz_import_fail("history.csv read back has another number of items", path);
    for (int32_t i = 0; i < r->n_items; i++) {
        const import_item *x = &r->items[i], *y = &b->items[i];
        if (strcmp(x->id, y->id) || strcmp(x->team, y->team) || strcmp(x->type, y->type) ||
            strcmp(x->epic, y->epic) || x->started != y->started || x->done != y->done ||
            x->unplanned != y->unplanned)
            fuzz_import_fail("an item reads back otherwise", x->id);
    }
    import_result_destroy(b);
}

void fuzz_check_import(const char *dir, const char *name, const import_options *o)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    const char *paths[1] = {path};
    import_result *r = NULL;
    status st;
    status_code rc = import_run(paths, 1, o, &r, &st);
    if (rc != STATUS_OK) {
        if (r || (rc != STATUS_EINPUT && rc != STATUS_ELIMIT) ||
            strncmp(st.message, path, strlen(path)) != 0)
            fuzz_import_fail("a failure that is no input error naming the file", st.message);
        return;
    }
    if (r->n_files != 1 || r->files[0].count.kept != r->n_items || r->total.kept != r->n_items)
        fuzz_import_fail("kept items and items disagree", path);
    fuzz_check_count(&r->total, "total");
    fuzz_check_count(&r->files[0].count, "file");
    long team_items = 0;
    for (int32_t k = 0; k < r->n_teams; k++) {
        fuzz_check_count(&r->teams[k].count, r->teams[k].team);
        team_items += r->teams[k].count.items;
    }
    if (team_items != r->total.items)
        fuzz_import_fail("teams do not add up to the total", path);
    for (int32_t i = 0; i < r->n_items; i++) {
        const import_item *it = &r->items[i];
        size_t id = strlen(it->id), team = strlen(it->team), epic = strlen(it->epic);
        if (id == 0 || id > 256 || team == 0 || team > 256 || epic > 256 || !*it->type)
            fuzz_import_fail("an item history.csv would refuse", it->id);
        if (it->done != DATE_NONE && !fuzz_is_date(it->done))
            fuzz_import_fail("a done that is no date", it->id);
        if (it->started != DATE_NONE && !fuzz_is_date(it->started))
            fuzz_import_fail("a start that is no date", it->id);
        for (const char *c = it->type; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                fuzz_import_fail("a type not in lower case", it->type);
    }
    fuzz_import_round_trip(dir, r);
    import_result_destroy(r);
}
