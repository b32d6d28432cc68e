/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calibration: calibration.csv read back. A backtest of a small generated history is written
 * in each spreadsheet variant (plain, --excel, --excel --decimal-comma) and read back equal to
 * what was written; then every kind of bad cell, row and file gives its file:line:column
 * message. The program is linked with -Wl,--wrap for the allocators, so that the reader can be
 * made to fail at its n-th allocation, for every n (tests/run.cmake).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <sys/stat.h>

#include "backtest.h"
#include "calibration.h"
#include "date.h"
#include "plan_dir_fixture.h"

/* ---- allocation failure ---------------------------------------------------------------- */

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
    if (alloc_fail_at < 0 || alloc_count++ != alloc_fail_at)
        return false;
    alloc_failed = true;
    return true;
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

/* ---- a backtest to write --------------------------------------------------------------- */

typedef struct strbuf {
    char *s;
    size_t n, cap;
} strbuf;

static void append(strbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(strbuf *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char line[512];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof line);
    if (t->n + (size_t)n + 1 > t->cap) {
        t->cap = 2 * (t->n + (size_t)n + 1);
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->n, line, (size_t)n + 1);
    t->n += (size_t)n;
}

static int32_t day(const char *iso)
{
    int32_t d;
    assert_true(date_parse(iso, strlen(iso), &d));
    return d;
}

/* Two teams finishing planned items on weekdays in a fixed pattern: "-ops" (a name a
 * spreadsheet would take for a formula) slows to a third a year in, so its forecasts are
 * flagged and its flag starts with '-'; "Zoë;team" keeps its pace and has a ';' to quote. */
static void write_history(const fixture *f)
{
    static const int pattern[] = {2, 0, 1, 3, 1, 0, 2, 1, 1, 2, 4, 0, 1};
    const char *const names[] = {"-ops", "Zoë;team"};
    int32_t first = day("2024-01-01"), last = day("2025-06-30"), step = day("2025-01-01");
    strbuf t = {0};
    append(&t, "id,team,type,started,done\n");
    int id = 0;
    for (int k = 0; k < 2; k++)
        for (int32_t d = first, i = 0; d <= last; d++) {
            if (date_weekday(d) >= 5)
                continue;
            int n = pattern[(i++ + 5 * k) % 13];
            if (k == 0 && d >= step)
                n = n / 3;
            char iso[DATE_TEXT_SIZE];
            date_format(d, iso);
            for (; n > 0; n--)
                append(&t, "T-%d,%s,story,%s,%s\n", ++id, names[k], iso, iso);
        }
    put(f, "history.csv", t.s);
    free(t.s);
    put(f, "teams.csv", "team,people,wip,history_people\n-ops,1,1,1\nZoë;team,1,1,1\n");
    put(f, "scenarios.ini", "[baseline]\nhistory_end = 2025-06-30\nwindow = 90\nseed = 3\n");
}

typedef struct world {
    fixture *f;
    plan *p;
    backtest *b;
    backtest_calibration *cal;
    int32_t n_cal;
} world;

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    if (!w || !(w->f = fixture_create("calibration")))
        return -1;
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    free(w->cal);
    backtest_destroy(w->b);
    plan_destroy(w->p);
    drop(w->f, "calibration.csv");
    void *f = w->f;
    free(w);
    return fixture_teardown(&f);
}

static void run_backtest(world *w)
{
    write_history(w->f);
    plan_overrides ov = {.start = DATE_NONE, .horizon = DATE_NONE, .history_only = true};
    w->p = load_ok(w->f, &ov);
    backtest_options opt = backtest_options_default(1);
    opt.trials = 200;
    opt.every_days = 14;
    status st;
    if (backtest_run(w->p, &opt, &w->b, &st) != STATUS_OK)
        fail_msg("backtest_run: %s", st.message);
    assert_int_equal(backtest_calibrate(w->b, &w->cal, &w->n_cal, &st), STATUS_OK);
    assert_int_equal(w->n_cal, 9);
}

static void path_of(const fixture *f, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", f->dir, name);
}

static void write_calibration(const world *w, const csvout_format *fmt)
{
    char path[128];
    path_of(w->f, "calibration.csv", path, sizeof path);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    status st;
    assert_int_equal(backtest_write_calibration(fp, path, fmt, w->b, w->cal, w->n_cal, &st),
                     STATUS_OK);
    assert_int_equal(fclose(fp), 0);
}

/* Equal up to the file's 4 (shares) or 1 (errors) decimals; NAN is an empty cell. A value
 * halfway between two decimals (0.03125) is off by exactly half a unit, give or take binary
 * rounding. */
static void assert_close(double written, double read, double tolerance, const char *what)
{
    if (isnan(written) != isnan(read) ||
        (!isnan(written) && fabs(written - read) > tolerance * (1.0 + 1e-9)))
        fail_msg("%s: wrote %.6f, read %.6f", what, written, read);
}

static void assert_reads_back(const world *w)
{
    calibration *c = NULL;
    status st;
    if (calibration_read(w->f->dir, &c, &st) != STATUS_OK)
        fail_msg("calibration_read: %s", st.message);
    assert_int_equal(calibration_n_rows(c), w->n_cal);
    bool flagged = false;
    for (int32_t k = 0; k < w->n_cal; k++) {
        const backtest_calibration *b = &w->cal[k];
        const calibration_row *r = &calibration_rows(c)[k];
        const char *team = b->team < 0 ? CALIBRATION_POOLED : backtest_team_name(w->b, b->team);
        assert_string_equal(r->team, team);
        assert_int_equal(r->pooled, b->team < 0);
        assert_int_equal(r->target, b->scope);
        assert_int_equal(r->forecasts, b->forecasts);
        assert_int_equal(r->censored, b->censored);
        assert_int_equal(r->line, k + 2);
        for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
            assert_close(b->coverage[l], r->coverage[l], 5e-5, "coverage");
            assert_close(b->perfect[l], r->perfect[l], 5e-5, "perfect");
        }
        for (int d = 0; d < 10; d++)
            assert_close(b->pit_deciles[d], r->pit_deciles[d], 5e-5, "pit");
        assert_close(b->median_abs_error, r->median_abs_error, 0.05, "median_abs_error");
        assert_close(b->pinball_vs_naive, r->pinball_vs_naive, 5e-5, "pinball_vs_naive");
        assert_string_equal(r->flag, b->flag);
        flagged = flagged || *r->flag == '-';
        assert_ptr_equal(calibration_find(c, b->team < 0 ? NULL : team, b->scope), r);
    }
    assert_true(flagged); /* a flag starting with '-' came back without csvout's "'" */
    assert_null(calibration_find(c, "nobody", BACKTEST_SCOPE_ALL));
    char path[128];
    path_of(w->f, "calibration.csv", path, sizeof path);
    assert_string_equal(calibration_path(c), path);
    assert_int_equal(strlen(calibration_sha256(c)), 64);
    calibration_destroy(c);
}

static void round_trip_in_every_variant(void **state)
{
    world *w = *state;
    run_backtest(w);
    const csvout_format formats[] = {{false, false}, {true, false}, {true, true}};
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
        write_calibration(w, &formats[k]);
        assert_reads_back(w);
    }
    /* the decimal-comma file really is one: ';' between fields, "0,xxxx" shares */
    char path[128];
    path_of(w->f, "calibration.csv", path, sizeof path);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char head[512] = "";
    assert_true(fread(head, 1, sizeof head - 1, fp) > 0);
    fclose(fp);
    assert_memory_equal(head, "\xEF\xBB\xBFteam;target;checkpoints;", 27);
    assert_non_null(strstr(head, ";0,"));
    calibration_destroy(NULL);
}

/* ---- bad input ----------------------------------------------------------------------------- */

enum { N_FIELDS = 25, N_LINES = 7 };

static const char header[] =
    "team,target,checkpoints,censored,coverage_p50,coverage_p70,coverage_p85,coverage_p95,"
    "perfect_p50,perfect_p70,perfect_p85,perfect_p95,pit_d1,pit_d2,pit_d3,pit_d4,pit_d5,pit_d6,"
    "pit_d7,pit_d8,pit_d9,pit_d10,median_abs_error,pinball_vs_naive,flag";

/* A good file: team a (lines 2-4), then (all) (lines 5-7). */
static const char *const good_rows[N_LINES - 1] = {
    "a,when,10,2,0.5000,0.7000,0.8000,0.9000,0.5200,0.7100,0.8600,0.9500,0.1,0.1,0.1,0.1,0.1,0.1,"
    "0.1,0.1,0.1,0.1,3.0,0.8000,",
    "a,how_many,10,0,0.6000,0.7000,0.9000,1.0000,0.5500,0.7200,0.8700,0.9600,0.1,0.1,0.1,0.1,0.1,"
    "0.1,0.1,0.1,0.1,0.1,1.5,0.9000,",
    "a,all,20,2,0.5500,0.7000,0.8500,0.9500,0.5350,0.7150,0.8650,0.9550,0.1,0.1,0.1,0.1,0.1,0.1,"
    "0.1,0.1,0.1,0.1,,0.8500,\"a: reality came by the forecast's P50 date in 55 %, \"\"fine\"\"\"",
    "(all),when,10,2,0.5000,0.7000,0.8000,0.9000,0.5200,0.7100,0.8600,0.9500,0.1,0.1,0.1,0.1,0.1,"
    "0.1,0.1,0.1,0.1,0.1,3.0,0.8000,",
    "(all),how_many,10,0,0.6000,0.7000,0.9000,1.0000,0.5500,0.7200,0.8700,0.9600,0.1,0.1,0.1,0.1,"
    "0.1,0.1,0.1,0.1,0.1,0.1,1.5,0.9000,",
    "(all),all,20,2,0.5500,0.7000,0.8500,0.9500,0.5350,0.7150,0.8650,0.9550,0.1,0.1,0.1,0.1,0.1,"
    "0.1,0.1,0.1,0.1,0.1,,0.8500,"};

/* The good file with the field `column` (1-based) of line `line` (2..7) replaced by value, or
 * the whole line when column is 0 (NULL: left out), and `extra` appended. */
static char *file_with(long line, int column, const char *value, const char *extra)
{
    strbuf t = {0};
    append(&t, "%s\r\n", header);
    for (long l = 2; l <= N_LINES; l++) {
        const char *row = good_rows[l - 2];
        if (l != line) {
            append(&t, "%s\r\n", row);
            continue;
        }
        if (column == 0) {
            if (value)
                append(&t, "%s\r\n", value);
            continue;
        }
        /* split on the first 24 commas (the flag, last, may hold commas in quotes) */
        const char *start = row;
        for (int f = 1; f < column; f++)
            start = strchr(start, ',') + 1;
        const char *end = column < N_FIELDS ? strchr(start, ',') : start + strlen(start);
        append(&t, "%.*s%s%s\r\n", (int)(start - row), row, value, end);
    }
    if (extra)
        append(&t, "%s", extra);
    return t.s;
}

/* Reads text as dir/calibration.csv, expecting code and a message that starts with
 * "dir/calibration.csv:line:column: " (line 0: no place; column 0: no column) and contains
 * phrase. Takes text. */
static void read_fails(const fixture *f, char *text, status_code code, long line, long column,
                       const char *phrase)
{
    put(f, "calibration.csv", text);
    free(text);
    char prefix[256];
    if (line > 0 && column > 0)
        snprintf(prefix, sizeof prefix, "%s/calibration.csv:%ld:%ld: ", f->dir, line, column);
    else
        snprintf(prefix, sizeof prefix, "%s/calibration.csv: ", f->dir);
    calibration *c = (calibration *)1;
    status st;
    status_code rc = calibration_read(f->dir, &c, &st);
    assert_null(c);
    if (rc != code || strncmp(st.message, prefix, strlen(prefix)) != 0 ||
        !strstr(st.message, phrase))
        fail_msg("got code %d message \"%s\"; expected code %d, prefix \"%s\", phrase \"%s\"",
                 (int)rc, st.message, (int)code, prefix, phrase);
}

static void bad_cells(void **state)
{
    const fixture *f = ((world *)*state)->f;
    read_fails(f, file_with(2, 2, "whenever", NULL), STATUS_EINPUT, 2, 2,
               "target: expected when, how_many or all, found 'whenever'");
    read_fails(f, file_with(3, 1, "", NULL), STATUS_EINPUT, 3, 1,
               "team: expected a team name of 1 to 256 bytes, or (all), found nothing");
    read_fails(f, file_with(2, 3, "-1", NULL), STATUS_EINPUT, 2, 3,
               "checkpoints: expected a whole number of forecasts from 0 to 2147483647, found "
               "'-1'");
    read_fails(f, file_with(2, 4, "1.5", NULL), STATUS_EINPUT, 2, 4,
               "censored: expected a whole number of forecasts");
    read_fails(f, file_with(2, 4, "3000000000", NULL), STATUS_EINPUT, 2, 4,
               "censored: expected a whole number of forecasts");
    read_fails(f, file_with(2, 5, "1.2", NULL), STATUS_EINPUT, 2, 5,
               "coverage_p50: expected a share from 0 to 1 (0.85 is 85 %), found '1.2'");
    read_fails(f, file_with(2, 5, "85%", NULL), STATUS_EINPUT, 2, 5,
               "coverage_p50: expected a share from 0 to 1");
    read_fails(f, file_with(4, 9, "nan", NULL), STATUS_EINPUT, 4, 9,
               "perfect_p50: expected a share");
    read_fails(f, file_with(2, 12, "", NULL), STATUS_EINPUT, 2, 12,
               "perfect_p95: expected a share from 0 to 1 (empty only in a row without scored "
               "forecasts), found nothing");
    read_fails(f, file_with(2, 6, "0.4000", NULL), STATUS_EINPUT, 2, 6,
               "coverage_p70: expected at least coverage_p50's 0.5000: what a forecast's P50 "
               "covers, its P70 covers too, found '0.4000'");
    read_fails(f, file_with(3, 11, "0.9900", NULL), STATUS_EINPUT, 3, 12,
               "perfect_p95: expected at least perfect_p85's 0.9900");
    read_fails(f, file_with(2, 13, "0.5", NULL), STATUS_EINPUT, 2, 22,
               "pit_d1..pit_d10: expected shares of the forecasts that add up to 1, found a sum "
               "of 1.4000");
    read_fails(f, file_with(2, 23, "-3", NULL), STATUS_EINPUT, 2, 23,
               "median_abs_error: expected a number of working days or items, at least 0, or "
               "nothing, found '-3'");
    read_fails(f, file_with(2, 24, "x", NULL), STATUS_EINPUT, 2, 24,
               "pinball_vs_naive: expected a ratio of losses, at least 0, or nothing, found 'x'");
    /* a decimal comma in a ','-separated file splits the field */
    read_fails(f, file_with(2, 5, "0,5", NULL), STATUS_EINPUT, 2, 26,
               "expected 25 fields as in the header (line 1), found 26");
}

static void bad_rows_and_files(void **state)
{
    const fixture *f = ((world *)*state)->f;
    read_fails(f, file_with(0, 0, NULL, good_rows[0]), STATUS_EINPUT, 8, 1,
               "team 'a', target when: expected one row per team and target, found a second "
               "(the first on line 2)");
    read_fails(f, file_with(4, 0, NULL, NULL), STATUS_EINPUT, 2, 1,
               "team 'a': expected a row for each target (when, how_many and all), found no all "
               "row");
    read_fails(f, file_with(4, 3, "21", NULL), STATUS_EINPUT, 4, 3,
               "checkpoints: expected 20, the sum of the team's when and how_many rows (lines 2 "
               "and 3), found 21");
    read_fails(f, file_with(4, 4, "1", NULL), STATUS_EINPUT, 4, 4, "censored: expected 2");
    /* the pooled rows count what the teams count */
    char *text = file_with(5, 3, "11", NULL);
    char *all = strstr(text, "(all),all,20");
    all[11] = '1'; /* (all),all,21 */
    read_fails(f, text, STATUS_EINPUT, 5, 3,
               "checkpoints: expected 10, the sum of the teams' when rows, found 11");
    text = file_with(0, 0, NULL, NULL);
    *strstr(text, "(all),when") = '\0';
    read_fails(f, text, STATUS_EINPUT, 0, 0,
               "expected the rows of team (all) (every team's forecasts together)");
    /* header errors, field counts, an empty file */
    text = file_with(0, 0, NULL, NULL);
    memcpy(strstr(text, ",flag"), ",flog", 5);
    read_fails(f, text, STATUS_EINPUT, 1, 25,
               "header: unknown column 'flog'; did you mean 'flag'?");
    read_fails(f, file_with(3, 0, "a,how_many,10", NULL), STATUS_EINPUT, 3, 4,
               "expected 25 fields as in the header (line 1), found 3");
    text = malloc(1);
    *text = '\0';
    read_fails(f, text, STATUS_EINPUT, 1, 1, "empty file: expected a header row");
    text = strdup("team,target\r\na,when\r\n");
    read_fails(f, text, STATUS_EINPUT, 1, 1, "header: missing column 'checkpoints'");
    text = strdup("team,target,\"checkpoints\r\n");
    read_fails(f, text, STATUS_EINPUT, 1, 3, "unterminated quoted field");
}

static void decimal_comma_and_bom(void **state)
{
    const fixture *f = ((world *)*state)->f;
    /* the good file in the --excel --decimal-comma spelling: a byte-order mark, ';' between
     * fields and decimal commas (only the flag of line 4 has a comma, in quotes) */
    char *plain = file_with(0, 0, NULL, NULL);
    for (char *c = plain; *c; c++)
        if (*c == ',' || *c == '.')
            *c = *c == ',' ? ';' : ',';
    strbuf t = {0};
    append(&t, "\xEF\xBB\xBF");
    size_t len = strlen(plain);
    t.s = realloc(t.s, t.n + len + 1);
    assert_non_null(t.s);
    memcpy(t.s + t.n, plain, len + 1);
    free(plain);
    put(f, "calibration.csv", t.s);
    calibration *c = NULL;
    status st;
    if (calibration_read(f->dir, &c, &st) != STATUS_OK)
        fail_msg("decimal comma: %s", st.message);
    assert_int_equal(calibration_n_rows(c), 6);
    const calibration_row *a = calibration_find(c, "a", BACKTEST_SCOPE_ALL);
    assert_non_null(a);
    assert_true(fabs(a->coverage[2] - 0.85) < 1e-12);
    assert_true(isnan(a->median_abs_error));
    assert_string_equal(a->flag, "a: reality came by the forecast's P50 date in 55 %; \"fine\"");
    assert_true(calibration_find(c, NULL, BACKTEST_SCOPE_WHEN)->pooled);
    calibration_destroy(c);
    /* a decimal point is read there too; a comma and a point together are no number */
    char *cell = strstr(t.s, "0,5000");
    memcpy(cell, "0.5000", 6);
    put(f, "calibration.csv", t.s);
    if (calibration_read(f->dir, &c, &st) != STATUS_OK)
        fail_msg("decimal point: %s", st.message);
    calibration_destroy(c);
    memcpy(cell, "1.0,50", 6);
    read_fails(f, t.s, STATUS_EINPUT, 2, 5,
               "coverage_p50: expected a share from 0 to 1 (0,85 is 85 %), found '1.0,50'");
}

static void empty_and_protected(void **state)
{
    const fixture *f = ((world *)*state)->f;
    /* a backtest that scored nothing: the header alone */
    put(f, "calibration.csv", header);
    calibration *c = NULL;
    status st;
    assert_int_equal(calibration_read(f->dir, &c, &st), STATUS_OK);
    assert_int_equal(calibration_n_rows(c), 0);
    calibration_destroy(c);
    /* no scored forecasts: the shares may be empty; a name csvout protected loses its "'" */
    strbuf t = {0};
    append(&t, "%s\n", header);
    const char *targets[] = {"when", "how_many", "all"};
    for (int k = 0; k < 6; k++)
        append(&t, "%s,%s,0,%d,,,,,,,,,,,,,,,,,,,,,%s\n", k < 3 ? "'=x" : "(all)", targets[k % 3],
               k % 3 == 2 ? 8 : 4, k == 2 ? "'-x: unstable" : "");
    put(f, "calibration.csv", t.s);
    free(t.s);
    if (calibration_read(f->dir, &c, &st) != STATUS_OK)
        fail_msg("empty shares: %s", st.message);
    const calibration_row *x = calibration_find(c, "=x", BACKTEST_SCOPE_ALL);
    assert_non_null(x);
    assert_true(isnan(x->coverage[0]) && isnan(x->pit_deciles[9]) && isnan(x->pinball_vs_naive));
    assert_int_equal(x->censored, 8);
    assert_string_equal(x->flag, "-x: unstable");
    calibration_destroy(c);
}

static void missing_folder_and_file(void **state)
{
    const fixture *f = ((world *)*state)->f;
    calibration *c = (calibration *)1;
    status st;
    char dir[160];
    snprintf(dir, sizeof dir, "%s/no-such-folder", f->dir);
    assert_int_equal(calibration_read(dir, &c, &st), STATUS_EINPUT);
    assert_null(c);
    char expected[256];
    snprintf(expected, sizeof expected,
             "%s: no such folder: expected the output folder of "
             "shipcast backtest",
             dir);
    assert_non_null(strstr(st.message, expected));
    drop(f, "calibration.csv");
    assert_int_equal(calibration_read(f->dir, &c, &st), STATUS_EINPUT);
    snprintf(expected, sizeof expected,
             "%s/calibration.csv: no such file: expected the "
             "calibration.csv that shipcast backtest writes",
             f->dir);
    assert_string_equal(strstr(st.message, f->dir), st.message);
    assert_non_null(strstr(st.message, expected));
    /* a trailing '/' is the same folder; a file is not a folder */
    put(f, "calibration.csv", header);
    snprintf(dir, sizeof dir, "%s//", f->dir);
    assert_int_equal(calibration_read(dir, &c, &st), STATUS_OK);
    calibration_destroy(c);
    snprintf(dir, sizeof dir, "%s/calibration.csv", f->dir);
    assert_int_equal(calibration_read(dir, &c, &st), STATUS_EINPUT);
    assert_non_null(strstr(st.message, "expected a folder"));
    assert_int_equal(calibration_read_file(dir, &c, &st), STATUS_OK);
    calibration_destroy(c);
}

/* The reader fails cleanly at each of its allocations: STATUS_ENOMEM, no calibration, and
 * (under ASan) nothing leaked. */
static void every_allocation_failure(void **state)
{
    const fixture *f = ((world *)*state)->f;
    char *good = file_with(0, 0, NULL, NULL);
    put(f, "calibration.csv", good);
    free(good);
    long n = 0;
    for (;; n++) {
        alloc_fail_at = n;
        alloc_count = 0;
        alloc_failed = false;
        calibration *c = (calibration *)1;
        status st;
        status_code rc = calibration_read(f->dir, &c, &st);
        alloc_fail_at = -1;
        if (!alloc_failed) {
            assert_int_equal(rc, STATUS_OK);
            assert_int_equal(calibration_n_rows(c), 6);
            calibration_destroy(c);
            break;
        }
        if (rc != STATUS_ENOMEM)
            fail_msg("allocation %ld failed: status %d, %s", n, (int)rc, st.message);
        assert_null(c);
    }
    assert_true(n >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(round_trip_in_every_variant, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_rows_and_files, setup, teardown),
        cmocka_unit_test_setup_teardown(decimal_comma_and_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_and_protected, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_folder_and_file, setup, teardown),
        cmocka_unit_test_setup_teardown(every_allocation_failure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
