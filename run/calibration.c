/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calibration: calibration.csv read back; see calibration.h.
 *
 * Cells are checked one row at a time while the table reader streams the file; what concerns
 * several rows (one row per team and target, the sums of `all` and `(all)`) is checked once
 * the file is read, against groups of rows keyed by team name (a hash map, so a file of 10,000
 * teams costs no more than reading it).
 */
#include "calibration.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"
#include "strmap.h"
#include "table.h"

enum {
    COL_TEAM,
    COL_TARGET,
    COL_CHECKPOINTS,
    COL_CENSORED,
    COL_COVERAGE,                                   /* 4 columns */
    COL_PERFECT = COL_COVERAGE + BACKTEST_N_LEVELS, /* 4 columns */
    COL_PIT = COL_PERFECT + BACKTEST_N_LEVELS,      /* 10 columns */
    COL_MEDIAN_ABS_ERROR = COL_PIT + 10,
    COL_PINBALL,
    COL_FLAG,
    N_COLS
};

static const table_column columns[N_COLS] = {{"team", TABLE_REQUIRED},
                                             {"target", TABLE_REQUIRED},
                                             {"checkpoints", TABLE_REQUIRED},
                                             {"censored", TABLE_REQUIRED},
                                             {"coverage_p50", TABLE_REQUIRED},
                                             {"coverage_p70", TABLE_REQUIRED},
                                             {"coverage_p85", TABLE_REQUIRED},
                                             {"coverage_p95", TABLE_REQUIRED},
                                             {"perfect_p50", TABLE_REQUIRED},
                                             {"perfect_p70", TABLE_REQUIRED},
                                             {"perfect_p85", TABLE_REQUIRED},
                                             {"perfect_p95", TABLE_REQUIRED},
                                             {"pit_d1", TABLE_REQUIRED},
                                             {"pit_d2", TABLE_REQUIRED},
                                             {"pit_d3", TABLE_REQUIRED},
                                             {"pit_d4", TABLE_REQUIRED},
                                             {"pit_d5", TABLE_REQUIRED},
                                             {"pit_d6", TABLE_REQUIRED},
                                             {"pit_d7", TABLE_REQUIRED},
                                             {"pit_d8", TABLE_REQUIRED},
                                             {"pit_d9", TABLE_REQUIRED},
                                             {"pit_d10", TABLE_REQUIRED},
                                             {"median_abs_error", TABLE_REQUIRED},
                                             {"pinball_vs_naive", TABLE_REQUIRED},
                                             {"flag", TABLE_REQUIRED}};

/* Rounding to 4 decimals moves each of ten deciles by at most 0.00005; a hand-rounded file
 * may be coarser. What is further from 1 than this is not a distribution. */
static const double PIT_SUM_TOLERANCE = 0.005;

enum { N_TARGETS = 3 };

/* The rows of one team (or of the pooled team): the index of each target's row, or -1. */
typedef struct calibration_group {
    int32_t row[N_TARGETS];
} calibration_group;

struct calibration {
    char *path;
    char sha256[SHA256_HEX_SIZE];
    calibration_row *rows;
    char **texts; /* 2 per row: its team and its flag, owned */
    int32_t n_rows, cap_rows, cap_texts;
    calibration_group *groups; /* per team in order of first appearance; the pooled one too */
    int32_t n_groups, cap_groups;
    strmap by_team; /* team name -> group */
};

/* ---- small helpers ------------------------------------------------------------------------ */

const char *calibration_target_name(backtest_scope target)
{
    return target == BACKTEST_SCOPE_WHEN       ? "when"
           : target == BACKTEST_SCOPE_HOW_MANY ? "how_many"
                                               : "all";
}

static status_code calibration_nomem(status *st)
{
    return status_set(st, STATUS_ENOMEM, "out of memory reading calibration.csv");
}

/* Grows *array of elements of `size` to hold n, doubling. */
static bool calibration_reserve(void **array, size_t size, int32_t n, int32_t *cap)
{
    if (n <= *cap)
        return true;
    int32_t want = *cap ? 2 * *cap : 16;
    while (want < n)
        want *= 2;
    void *grown = realloc(*array, (size_t)want * size);
    if (!grown)
        return false;
    *array = grown;
    *cap = want;
    return true;
}

/* The text of a cell as the file meant it: csvout puts "'" before a text that a spreadsheet
 * would take for a formula; that "'" is not part of the name. */
static const char *calibration_unprotect(const char *s)
{
    return s[0] == '\'' && s[1] != '\0' && strchr("=+-@\t\r", s[1]) ? s + 1 : s;
}

/* A number written with '.' or, in a ';'-separated file, with a decimal comma. */
static bool calibration_number(const char *s, char separator, double lo, double hi, double *out)
{
    char buf[64];
    size_t len = strlen(s);
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len + 1);
    char *comma = strchr(buf, ',');
    if (comma) {
        /* one decimal comma, and only where ';' separates the fields */
        if (separator != ';' || strchr(comma + 1, ',') || strchr(buf, '.'))
            return false;
        *comma = '.';
    }
    return parse_real(buf, lo, hi, out);
}

/* ',' or ';': whichever of the two comes first on the header line (after a byte-order mark);
 * ',' when neither does (the table reader then names what is missing). */
static char calibration_separator(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ',';
    char head[4096];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    size_t from = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (size_t k = from; k < n && head[k] != '\n' && head[k] != '\r'; k++)
        if (head[k] == ',' || head[k] == ';')
            return head[k];
    return ',';
}

/* ---- one row ------------------------------------------------------------------------------ */

typedef struct calibration_reader {
    calibration *c;
    char separator;
} calibration_reader;

static status_code calibration_count_cell(const table *t, const csvread_row *row, int32_t col,
                                          int32_t *out, status *st)
{
    long long v;
    if (!parse_whole(table_get(t, row, col), 0, INT32_MAX, &v))
        return table_value_error(st, t, row, col,
                                 "expected a whole number of forecasts from 0 to 2147483647");
    *out = (int32_t)v;
    return STATUS_OK;
}

/* A share in [0, 1]; empty (NAN) only where the row has no scored forecasts. */
static status_code calibration_share_cell(const calibration_reader *r, const table *t,
                                          const csvread_row *row, int32_t col, bool empty_ok,
                                          double *out, status *st)
{
    const char *v = table_get(t, row, col);
    if (*v == '\0' && empty_ok) {
        *out = (double)NAN;
        return STATUS_OK;
    }
    if (*v == '\0')
        return table_value_error(st, t, row, col,
                                 "expected a share from 0 to 1 (empty only in a row without "
                                 "scored forecasts)");
    if (!calibration_number(v, r->separator, 0.0, 1.0, out))
        return table_value_error(st, t, row, col,
                                 r->separator == ';' ? "expected a share from 0 to 1 (0,85 is 85 %)"
                                                     : "expected a share from 0 to 1 (0.85 is "
                                                       "85 %)");
    return STATUS_OK;
}

/* A number >= 0, or nothing. */
static status_code calibration_optional_cell(const calibration_reader *r, const table *t,
                                             const csvread_row *row, int32_t col,
                                             const char *expected, double *out, status *st)
{
    const char *v = table_get(t, row, col);
    *out = (double)NAN;
    if (*v != '\0' && !calibration_number(v, r->separator, 0.0, 1e15, out))
        return table_value_error(st, t, row, col, expected);
    return STATUS_OK;
}

/* P50 to P95 of a row never fall: what a forecast's P70 covers, its P85 covers too. */
static status_code calibration_rising(const table *t, const csvread_row *row, int32_t col0,
                                      const double *v, status *st)
{
    for (int l = 1; l < BACKTEST_N_LEVELS; l++) {
        if (isnan(v[l - 1]) || isnan(v[l]) || v[l] >= v[l - 1])
            continue;
        char expected[160];
        snprintf(expected, sizeof expected,
                 "expected at least %s's %.4f: what a forecast's P%u covers, its P%u covers too",
                 table_name(t, col0 + l - 1), v[l - 1], (unsigned)backtest_levels[l - 1],
                 (unsigned)backtest_levels[l]);
        return table_value_error(st, t, row, col0 + l, expected);
    }
    return STATUS_OK;
}

/* The row's group (created at its team's first row); a second row of the same target is an
 * error. */
static status_code calibration_group_add(calibration *c, const table *t, const csvread_row *row,
                                         const calibration_row *cr, int32_t index, status *st)
{
    int32_t existing = -1;
    size_t len = strlen(cr->team);
    if (strmap_insert(&c->by_team, cr->team, len, c->n_groups, &existing) != STATUS_OK)
        return calibration_nomem(st);
    int32_t g = existing;
    if (g < 0) {
        if (c->n_groups >= CALIBRATION_TEAMS_MAX + 1)
            return table_error(st, STATUS_ELIMIT, t, row, COL_TEAM,
                               "team: more than %d teams (the limit of teams.csv)",
                               CALIBRATION_TEAMS_MAX);
        if (!calibration_reserve((void **)&c->groups, sizeof *c->groups, c->n_groups + 1,
                                 &c->cap_groups))
            return calibration_nomem(st);
        g = c->n_groups++;
        for (int k = 0; k < N_TARGETS; k++)
            c->groups[g].row[k] = -1;
    }
    int32_t *slot = &c->groups[g].row[cr->target];
    if (*slot >= 0)
        return table_error(st, STATUS_EINPUT, t, row, COL_TEAM,
                           "team '%.*s', target %s: expected one row per team and target, found "
                           "a second (the first on line %ld)",
                           parse_excerpt_len(cr->team), cr->team,
                           calibration_target_name(cr->target), c->rows[*slot].line);
    *slot = index;
    return STATUS_OK;
}

static status_code calibration_on_row(void *ctx, const table *t, const csvread_row *row, status *st)
{
    calibration_reader *r = ctx;
    calibration *c = r->c;
    calibration_row cr = {.line = row->line};
    const char *team = calibration_unprotect(table_get(t, row, COL_TEAM));
    if (*team == '\0' || strlen(team) > CALIBRATION_TEAM_BYTES_MAX)
        return table_value_error(st, t, row, COL_TEAM,
                                 "expected a team name of 1 to 256 bytes, or (all)");
    static const char *const targets[N_TARGETS] = {"when", "how_many", "all"};
    int target = parse_name_index(table_get(t, row, COL_TARGET), targets, N_TARGETS);
    if (target < 0)
        return table_value_error(st, t, row, COL_TARGET, "expected when, how_many or all");
    cr.target = (backtest_scope)target;
    cr.pooled = strcmp(team, CALIBRATION_POOLED) == 0;
    status_code rc = calibration_count_cell(t, row, COL_CHECKPOINTS, &cr.forecasts, st);
    if (rc == STATUS_OK)
        rc = calibration_count_cell(t, row, COL_CENSORED, &cr.censored, st);
    bool empty_ok = cr.forecasts == 0;
    for (int l = 0; rc == STATUS_OK && l < BACKTEST_N_LEVELS; l++)
        rc = calibration_share_cell(r, t, row, COL_COVERAGE + l, empty_ok, &cr.coverage[l], st);
    for (int l = 0; rc == STATUS_OK && l < BACKTEST_N_LEVELS; l++)
        rc = calibration_share_cell(r, t, row, COL_PERFECT + l, empty_ok, &cr.perfect[l], st);
    for (int d = 0; rc == STATUS_OK && d < 10; d++)
        rc = calibration_share_cell(r, t, row, COL_PIT + d, empty_ok, &cr.pit_deciles[d], st);
    if (rc == STATUS_OK)
        rc = calibration_optional_cell(r, t, row, COL_MEDIAN_ABS_ERROR,
                                       "expected a number of working days or items, at least 0, "
                                       "or nothing",
                                       &cr.median_abs_error, st);
    if (rc == STATUS_OK)
        rc = calibration_optional_cell(r, t, row, COL_PINBALL,
                                       "expected a ratio of losses, at least 0, or nothing",
                                       &cr.pinball_vs_naive, st);
    if (rc == STATUS_OK)
        rc = calibration_rising(t, row, COL_COVERAGE, cr.coverage, st);
    if (rc == STATUS_OK)
        rc = calibration_rising(t, row, COL_PERFECT, cr.perfect, st);
    if (rc != STATUS_OK)
        return rc;
    if (cr.forecasts > 0) {
        double sum = 0.0;
        bool all = true;
        for (int d = 0; d < 10; d++) {
            all = all && !isnan(cr.pit_deciles[d]);
            sum += isnan(cr.pit_deciles[d]) ? 0.0 : cr.pit_deciles[d];
        }
        if (all && fabs(sum - 1.0) > PIT_SUM_TOLERANCE)
            return table_error(st, STATUS_EINPUT, t, row, COL_PIT + 9,
                               "pit_d1..pit_d10: expected shares of the forecasts that add up "
                               "to 1, found a sum of %.4f",
                               sum);
    }
    /* keep it: the texts' array grows with the rows' (two texts a row) */
    if (!calibration_reserve((void **)&c->rows, sizeof *c->rows, c->n_rows + 1, &c->cap_rows))
        return calibration_nomem(st);
    if (c->cap_texts < 2 * c->cap_rows) {
        char **texts = realloc(c->texts, 2 * (size_t)c->cap_rows * sizeof *texts);
        if (!texts)
            return calibration_nomem(st);
        c->texts = texts;
        c->cap_texts = 2 * c->cap_rows;
    }
    char **slots = &c->texts[2 * c->n_rows];
    slots[0] = strdup(team);
    slots[1] = strdup(calibration_unprotect(table_get(t, row, COL_FLAG)));
    if (!slots[0] || !slots[1]) {
        free(slots[0]);
        free(slots[1]);
        return calibration_nomem(st);
    }
    cr.team = slots[0];
    cr.flag = slots[1];
    c->rows[c->n_rows] = cr;
    c->n_rows++;
    return calibration_group_add(c, t, row, &c->rows[c->n_rows - 1], c->n_rows - 1, st);
}

/* ---- what concerns several rows ----------------------------------------------------------- */

/* Every team has a row of each target; `all` counts what `when` and `how_many` count. */
static status_code calibration_check_group(const calibration *c, const table_info *info,
                                           const calibration_group *g, status *st)
{
    const calibration_row *first = NULL;
    for (int k = 0; k < N_TARGETS; k++)
        if (g->row[k] >= 0 && (!first || c->rows[g->row[k]].line < first->line))
            first = &c->rows[g->row[k]];
    assert(first && c->rows); /* a group is made at its first row */
    for (int k = 0; k < N_TARGETS; k++)
        if (g->row[k] < 0)
            return status_set_at(st, STATUS_EINPUT, c->path, first->line, info->column[COL_TEAM],
                                 "team '%.*s': expected a row for each target (when, how_many "
                                 "and all), found no %s row",
                                 parse_excerpt_len(first->team), first->team,
                                 calibration_target_name((backtest_scope)k));
    const calibration_row *when = &c->rows[g->row[BACKTEST_SCOPE_WHEN]];
    const calibration_row *how = &c->rows[g->row[BACKTEST_SCOPE_HOW_MANY]];
    const calibration_row *all = &c->rows[g->row[BACKTEST_SCOPE_ALL]];
    int64_t forecasts = (int64_t)when->forecasts + how->forecasts;
    int64_t censored = (int64_t)when->censored + how->censored;
    if (all->forecasts != forecasts || all->censored != censored) {
        bool f = all->forecasts != forecasts;
        return status_set_at(st, STATUS_EINPUT, c->path, all->line,
                             info->column[f ? COL_CHECKPOINTS : COL_CENSORED],
                             "%s: expected %lld, the sum of the team's when and how_many rows "
                             "(lines %ld and %ld), found %d",
                             f ? "checkpoints" : "censored", (long long)(f ? forecasts : censored),
                             when->line, how->line, (int)(f ? all->forecasts : all->censored));
    }
    return STATUS_OK;
}

/* The pooled rows count what the teams' rows count, target by target. */
static status_code calibration_check_pooled(const calibration *c, const table_info *info,
                                            status *st)
{
    int32_t pooled = strmap_find(&c->by_team, CALIBRATION_POOLED, strlen(CALIBRATION_POOLED));
    if (c->n_groups == 0)
        return STATUS_OK;
    if (pooled < 0)
        return status_set_at(st, STATUS_EINPUT, c->path, 0, 0,
                             "expected the rows of team %s (every team's forecasts together) "
                             "after the teams' rows, found none",
                             CALIBRATION_POOLED);
    for (int k = 0; k < N_TARGETS; k++) {
        int64_t forecasts = 0, censored = 0;
        for (int32_t g = 0; g < c->n_groups; g++) {
            if (g == pooled)
                continue;
            forecasts += c->rows[c->groups[g].row[k]].forecasts;
            censored += c->rows[c->groups[g].row[k]].censored;
        }
        const calibration_row *p = &c->rows[c->groups[pooled].row[k]];
        if (p->forecasts != forecasts || p->censored != censored) {
            bool f = p->forecasts != forecasts;
            return status_set_at(
                st, STATUS_EINPUT, c->path, p->line,
                info->column[f ? COL_CHECKPOINTS : COL_CENSORED],
                "%s: expected %lld, the sum of the teams' %s rows, found %d",
                f ? "checkpoints" : "censored", (long long)(f ? forecasts : censored),
                calibration_target_name((backtest_scope)k), (int)(f ? p->forecasts : p->censored));
        }
    }
    return STATUS_OK;
}

/* ---- the file ----------------------------------------------------------------------------- */

status_code calibration_read_file(const char *path, calibration **out, status *st)
{
    *out = NULL;
    calibration *c = calloc(1, sizeof *c);
    if (!c)
        return calibration_nomem(st);
    strmap_init(&c->by_team);
    c->path = strdup(path);
    if (!c->path) {
        calibration_destroy(c);
        return calibration_nomem(st);
    }
    calibration_reader r = {c, calibration_separator(path)};
    table_spec spec = {.columns = columns,
                       .n_columns = N_COLS,
                       .allow_unknown = false,
                       .optional_file = true,
                       .rows_required = false,
                       .separator = r.separator};
    table_info info;
    status_code rc = table_read(path, &spec, calibration_on_row, &r, &info, st);
    if (rc == STATUS_OK && !info.found)
        rc = status_set_at(st, STATUS_EINPUT, path, 0, 0,
                           "no such file: expected the calibration.csv that shipcast backtest "
                           "writes (shipcast backtest PLAN_DIR --out DIR)");
    for (int32_t g = 0; rc == STATUS_OK && g < c->n_groups; g++)
        rc = calibration_check_group(c, &info, &c->groups[g], st);
    if (rc == STATUS_OK)
        rc = calibration_check_pooled(c, &info, st);
    if (rc != STATUS_OK) {
        calibration_destroy(c);
        return rc;
    }
    memcpy(c->sha256, info.sha256, sizeof c->sha256);
    *out = c;
    return STATUS_OK;
}

status_code calibration_read(const char *dir, calibration **out, status *st)
{
    *out = NULL;
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return status_set_at(st, STATUS_EINPUT, dir, 0, 0,
                                 "no such folder: expected the output folder of shipcast "
                                 "backtest, holding calibration.csv");
        return status_set_at(st, STATUS_EIO, dir, 0, 0, "cannot open: %s", strerror(errno));
    }
    if (!S_ISDIR(sb.st_mode))
        return status_set_at(st, STATUS_EINPUT, dir, 0, 0,
                             "expected a folder (the output folder of shipcast backtest, holding "
                             "calibration.csv), found a file");
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    char *path = malloc(len + sizeof "/calibration.csv");
    if (!path)
        return calibration_nomem(st);
    snprintf(path, len + sizeof "/calibration.csv", "%.*s/calibration.csv", (int)len, dir);
    status_code rc = calibration_read_file(path, out, st);
    free(path);
    return rc;
}

void calibration_destroy(calibration *c)
{
    if (!c)
        return;
    for (int32_t k = 0; c->texts && k < 2 * c->n_rows; k++)
        free(c->texts[k]);
    free(c->texts);
    free(c->rows);
    free(c->groups);
    strmap_fini(&c->by_team);
    free(c->path);
    free(c);
}

int32_t calibration_n_rows(const calibration *c)
{
    return c->n_rows;
}

const calibration_row *calibration_rows(const calibration *c)
{
    return c->rows;
}

const calibration_row *calibration_find(const calibration *c, const char *team,
                                        backtest_scope target)
{
    const char *name = team ? team : CALIBRATION_POOLED;
    int32_t g = strmap_find(&c->by_team, name, strlen(name));
    if (g < 0 || (int)target < 0 || (int)target >= N_TARGETS)
        return NULL;
    int32_t k = c->groups[g].row[target];
    return k >= 0 ? &c->rows[k] : NULL;
}

const char *calibration_path(const calibration *c)
{
    return c->path;
}

const char *calibration_sha256(const calibration *c)
{
    return c->sha256;
}
