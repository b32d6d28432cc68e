/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_teams: teams.csv (the teams, their people, estimates and setting columns) and
 * calendar.csv (their days off); see docs/inputs.md.
 *
 * teams.csv's columns are its own (team, people, history_people, estimate_*) followed by the
 * columns the settings registry names for per-team settings (wip, interrupt_scale, split_low,
 * ...): a new per-team setting with a column needs no change here. The values of those columns
 * are kept in the loader as one level of the settings' precedence (plan_settings.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

/* ---- teams.csv ---- */

enum {
    TEAM_COL_TEAM,
    TEAM_COL_PEOPLE,
    TEAM_COL_HISTORY_PEOPLE,
    TEAM_COL_ESTIMATE_LOW,
    TEAM_COL_ESTIMATE_HIGH,
    TEAM_COL_ESTIMATE_MODE,
    TEAM_COL_HISTORY_START,
    TEAM_COL_TIMEZONE,
    TEAM_N_OWN_COLS /* the registry's columns follow */
};
static const table_column plan_team_own_cols[TEAM_N_OWN_COLS] = {
    {"team", TABLE_REQUIRED},           {"people", TABLE_REQUIRED},
    {"history_people", TABLE_OPTIONAL}, {"estimate_low", TABLE_OPTIONAL},
    {"estimate_high", TABLE_OPTIONAL},  {"estimate_mode", TABLE_OPTIONAL},
    {"history_start", TABLE_OPTIONAL},  {"timezone", TABLE_OPTIONAL}};

enum { PLAN_ESTIMATE_MAX = 1000000 }; /* items per week */

typedef struct plan_teams_ctx {
    plan_loader *L;
    table_column cols[TABLE_COLUMNS_MAX];
    int32_t n_cols;
    const setting *col_setting[TABLE_COLUMNS_MAX]; /* the setting whose first column it is */
    size_t cap, cols_cap, set_cap;
} plan_teams_ctx;

/* estimate_low/high/mode: one of low and high alone is an exact rate, as for sizes. */
static status_code plan_team_estimate(const table *t, const csvread_row *row, plan_team *team,
                                      status *st)
{
    const char *lo = table_get(t, row, TEAM_COL_ESTIMATE_LOW);
    const char *hi = table_get(t, row, TEAM_COL_ESTIMATE_HIGH);
    const char *mo = table_get(t, row, TEAM_COL_ESTIMATE_MODE);
    double low = 0.0, high = 0.0, mode = (double)NAN;
    static const char expected_rate[] =
        "expected items per week, a number >= 0 and at most 1000000, or nothing";
    if (*lo && !parse_real(lo, 0.0, PLAN_ESTIMATE_MAX, &low))
        return table_value_error(st, t, row, TEAM_COL_ESTIMATE_LOW, expected_rate);
    if (*hi && !parse_real(hi, 0.0, PLAN_ESTIMATE_MAX, &high))
        return table_value_error(st, t, row, TEAM_COL_ESTIMATE_HIGH, expected_rate);
    if (*mo && !parse_real(mo, 0.0, PLAN_ESTIMATE_MAX, &mode))
        return table_value_error(st, t, row, TEAM_COL_ESTIMATE_MODE, expected_rate);
    if (!*lo && !*hi) {
        if (*mo)
            return table_value_error(st, t, row, TEAM_COL_ESTIMATE_MODE,
                                     "expected nothing without estimate_low and estimate_high");
        return STATUS_OK;
    }
    char expected[128];
    if (*lo && *hi && low > high) {
        snprintf(expected, sizeof expected, "expected a number >= estimate_low (%g)", low);
        return table_value_error(st, t, row, TEAM_COL_ESTIMATE_HIGH, expected);
    }
    if (!*hi)
        high = low;
    if (!*lo)
        low = high;
    if (*mo && (mode < low || mode > high)) {
        snprintf(expected, sizeof expected,
                 "expected the most likely value, between estimate_low and estimate_high "
                 "(%g..%g), or nothing",
                 low, high);
        return table_value_error(st, t, row, TEAM_COL_ESTIMATE_MODE, expected);
    }
    team->estimated = true;
    team->estimate_low = low;
    team->estimate_high = high;
    team->estimate_mode = mode;
    return STATUS_OK;
}

/* The registry's columns of this row: the team's level of its per-team settings. */
static status_code plan_team_setting_columns(const plan_teams_ctx *c, const table *t,
                                             const csvread_row *row, plan_team_settings *v,
                                             uint64_t *set, status *st)
{
    *set = 0;
    for (int32_t col = TEAM_N_OWN_COLS; col < c->n_cols; col++) {
        const setting *s = c->col_setting[col];
        if (!s)
            continue; /* the second column of a range, read with the first */
        setting_value value;
        bool given;
        status_code rc = plan_setting_columns(t, row, col, s, &value, &given, st);
        if (rc != STATUS_OK)
            return rc;
        if (given) {
            setting_store(s, &value, NULL, v);
            *set |= (uint64_t)1 << setting_index(s);
        }
    }
    return STATUS_OK;
}

static status_code plan_team_row(void *arg, const table *t, const csvread_row *row, status *st)
{
    plan_teams_ctx *c = arg;
    plan_loader *L = c->L;
    plan *p = L->p;
    const char *name = table_get(t, row, TEAM_COL_TEAM);
    size_t len = strlen(name);
    if (len == 0 || len > PLAN_ID_MAX)
        return table_value_error(st, t, row, TEAM_COL_TEAM,
                                 "expected a team name of 1 to 256 bytes");
    if (p->n_teams >= PLAN_TEAMS_MAX)
        return status_set_at(st, STATUS_ELIMIT, table_path(t), row->line, 0, "more than %d teams",
                             PLAN_TEAMS_MAX);
    int32_t existing;
    if (strmap_insert(&L->team_map, name, len, p->n_teams, &existing) != STATUS_OK)
        return plan_nomem(L);
    if (existing >= 0)
        return table_error(st, STATUS_EINPUT, t, row, TEAM_COL_TEAM,
                           "team: expected a unique team name, found '%s' again (first on line "
                           "%ld)",
                           name, p->teams[existing].line);
    double people, history_people;
    if (!parse_real(table_get(t, row, TEAM_COL_PEOPLE), 0.0, 1e5, &people) || !(people > 0.0))
        return table_value_error(st, t, row, TEAM_COL_PEOPLE,
                                 "expected a number > 0 and at most 100000");
    const char *hp = table_get(t, row, TEAM_COL_HISTORY_PEOPLE);
    if (*hp == '\0')
        history_people = people;
    else if (!parse_real(hp, 0.0, 1e5, &history_people) || !(history_people > 0.0))
        return table_value_error(st, t, row, TEAM_COL_HISTORY_PEOPLE,
                                 "expected a number > 0 and at most 100000, or nothing");
    plan_team_settings cols;
    uint64_t set;
    setting_defaults(NULL, &cols);
    status_code rc;
    if ((rc = plan_team_setting_columns(c, t, row, &cols, &set, st)) != STATUS_OK)
        return rc;
    plan_team team = {.people = people,
                      .history_people = history_people,
                      .wip = cols.wip, /* the column is required */
                      .history_start = L->history_start,
                      .line = row->line};
    if ((rc = plan_optional_date(t, row, TEAM_COL_HISTORY_START,
                                 "expected the first day of the team's history export, "
                                 "YYYY-MM-DD, or nothing",
                                 &team.history_start, st)) != STATUS_OK)
        return rc;
    if (team.history_start == DATE_NONE)
        team.history_start = L->history_start;
    if ((rc = plan_team_estimate(t, row, &team, st)) != STATUS_OK)
        return rc;
    size_t need = (size_t)p->n_teams + 1;
    if (!plan_reserve((void **)&p->teams, sizeof *p->teams, need, &c->cap) ||
        !plan_reserve((void **)&L->team_cols, sizeof *L->team_cols, need, &c->cols_cap) ||
        !plan_reserve((void **)&L->team_cols_set, sizeof *L->team_cols_set, need, &c->set_cap))
        return plan_nomem(L);
    if ((rc = plan_team_zone(L, t, row, TEAM_COL_TIMEZONE, p->n_teams)) != STATUS_OK)
        return rc;
    team.name = strdup(name);
    if (!team.name)
        return plan_nomem(L);
    L->team_cols[p->n_teams] = cols;
    L->team_cols_set[p->n_teams] = set;
    p->teams[p->n_teams++] = team;
    return STATUS_OK;
}

status_code plan_teams_read(plan_loader *L)
{
    plan_teams_ctx c = {.L = L};
    memcpy(c.cols, plan_team_own_cols, sizeof plan_team_own_cols);
    c.n_cols = TEAM_N_OWN_COLS;
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *s = setting_at(i);
        for (int32_t k = 0; k < setting_n_columns(s); k++) {
            c.col_setting[c.n_cols] = k == 0 ? s : NULL;
            c.cols[c.n_cols++] =
                (table_column){s->columns[k], s->column_required ? TABLE_REQUIRED : TABLE_OPTIONAL};
        }
    }
    /* every column but the team's name, first day and zone holds numbers: people, estimates,
     * the settings' */
    const table_spec spec = {
        .columns = c.cols,
        .n_columns = c.n_cols,
        .rows_required = true,
        .numbers = ~(1u << TEAM_COL_TEAM | 1u << TEAM_COL_HISTORY_START | 1u << TEAM_COL_TIMEZONE)};
    return plan_read_table(L, PLAN_FILE_TEAMS, &spec, plan_team_row, &c, NULL);
}

/* ---- calendar.csv ---- */

enum { CAL_COL_DATE, CAL_COL_TEAM, CAL_COL_KIND, CAL_N_COLS };
static const table_column plan_cal_cols[CAL_N_COLS] = {
    {"date", TABLE_REQUIRED}, {"team", TABLE_OPTIONAL}, {"kind", TABLE_OPTIONAL}};

static bool plan_push_day(int32_t **arr, int32_t *n, int32_t *cap, int32_t day)
{
    size_t c = (size_t)*cap;
    if (!plan_reserve((void **)arr, sizeof **arr, (size_t)*n + 1, &c))
        return false;
    *cap = (int32_t)c;
    (*arr)[(*n)++] = day;
    return true;
}

static status_code plan_cal_row(void *arg, const table *t, const csvread_row *row, status *st)
{
    plan_loader *L = arg;
    int32_t day;
    if (!parse_date(table_get(t, row, CAL_COL_DATE), &day))
        return table_value_error(st, t, row, CAL_COL_DATE, "expected an existing date YYYY-MM-DD");
    const char *team = table_get(t, row, CAL_COL_TEAM);
    bool ok;
    if (*team == '\0' || strcmp(team, "*") == 0 || parse_same_name(team, "all")) {
        ok = plan_push_day(&L->global_off, &L->n_global_off, &L->cap_global_off, day);
    } else {
        int32_t k = strmap_find(&L->team_map, team, strlen(team));
        if (k < 0)
            return table_value_error(st, t, row, CAL_COL_TEAM,
                                     "expected a team from teams.csv, or '*' or 'all' or "
                                     "nothing for every team");
        ok = plan_push_day(&L->team_off[k], &L->n_team_off[k], &L->cap_team_off[k], day);
    }
    return ok ? STATUS_OK : plan_nomem(L);
}

static int plan_cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Fills every team's days_off: its own and the company-wide ones, sorted, distinct. */
status_code plan_calendar_read(plan_loader *L)
{
    plan *p = L->p;
    size_t n = p->n_teams > 0 ? (size_t)p->n_teams : 1;
    L->team_off = calloc(n, sizeof *L->team_off);
    L->n_team_off = calloc(n, sizeof *L->n_team_off);
    L->cap_team_off = calloc(n, sizeof *L->cap_team_off);
    if (!L->team_off || !L->n_team_off || !L->cap_team_off)
        return plan_nomem(L);
    const table_spec spec = {
        .columns = plan_cal_cols, .n_columns = CAL_N_COLS, .optional_file = true};
    status_code rc = plan_read_table(L, PLAN_FILE_CALENDAR, &spec, plan_cal_row, L, NULL);
    if (rc != STATUS_OK)
        return rc;
    for (int32_t k = 0; k < p->n_teams; k++) {
        plan_team *team = &p->teams[k];
        size_t total = (size_t)L->n_global_off + (size_t)L->n_team_off[k];
        team->days_off = malloc((total ? total : 1) * sizeof *team->days_off);
        if (!team->days_off)
            return plan_nomem(L);
        if (L->n_global_off)
            memcpy(team->days_off, L->global_off, (size_t)L->n_global_off * sizeof(int32_t));
        if (L->n_team_off[k])
            memcpy(team->days_off + L->n_global_off, L->team_off[k],
                   (size_t)L->n_team_off[k] * sizeof(int32_t));
        qsort(team->days_off, total, sizeof *team->days_off, plan_cmp_i32);
        int32_t m = 0;
        for (size_t i = 0; i < total; i++)
            if (m == 0 || team->days_off[m - 1] != team->days_off[i])
                team->days_off[m++] = team->days_off[i];
        team->n_days_off = m;
    }
    return STATUS_OK;
}
