/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan: plan_load's driver, teams.csv, calendar.csv and plan.csv, the dependency graph, and
 * the plan's accessors and destructor; see plan.h.
 *
 * The order of reading follows what each file needs: scenarios.ini (unplanned types, window,
 * history_end), teams.csv (team names), calendar.csv (days off), history.csv (samples),
 * plan.csv (items; sizes may come from epic sizes), then the scenarios' settings (start
 * defaults to the day after history_end) and items (plan.csv's scenario column, drop and
 * priority[ID] need every section and every id). All state of a load lives in one plan_loader that
 * the single exit path of plan_load frees.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

static const char *const plan_file_names[PLAN_N_FILES] = {
    "history.csv", "teams.csv", "plan.csv",     "calendar.csv",
    "changes.csv", "risks.csv", "scenarios.ini"};

/* ---- teams.csv ---- */

enum {
    TEAM_COL_TEAM,
    TEAM_COL_PEOPLE,
    TEAM_COL_WIP,
    TEAM_COL_HISTORY_PEOPLE,
    TEAM_COL_INTERRUPT_SCALE,
    TEAM_COL_UNPLANNED_EFFORT,
    TEAM_COL_CONTEXT_SWITCH,
    TEAM_COL_SPLIT_LOW,
    TEAM_COL_SPLIT_HIGH,
    TEAM_COL_ESTIMATE_LOW,
    TEAM_COL_ESTIMATE_HIGH,
    TEAM_COL_ESTIMATE_MODE,
    TEAM_N_COLS
};
static const plan_column plan_team_cols[TEAM_N_COLS] = {{"team", true},
                                                        {"people", true},
                                                        {"wip", true},
                                                        {"history_people", false},
                                                        {"interrupt_scale", false},
                                                        {"unplanned_effort", false},
                                                        {"context_switch", false},
                                                        {"split_low", false},
                                                        {"split_high", false},
                                                        {"estimate_low", false},
                                                        {"estimate_high", false},
                                                        {"estimate_mode", false}};

enum { PLAN_ESTIMATE_MAX = 1000000 }; /* items per week */

typedef struct plan_teams_ctx {
    plan_loader *L;
    plan_table t;
    size_t cap, cols_cap, set_cap;
} plan_teams_ctx;

/* The split factor range of columns col_low/col_high (teams.csv or plan.csv): one alone is an
 * exact factor; both empty leave *given false and low = high = 0. */
static status_code plan_split_columns(const plan_table *t, const csvread_row *row, int32_t col_low,
                                      int32_t col_high, bool *given, double *low, double *high,
                                      status *st)
{
    const char *lo = plan_table_get(t, row, col_low), *hi = plan_table_get(t, row, col_high);
    *low = *high = 0.0;
    if (*lo && (!parse_real(lo, 0.0, 100.0, low) || !(*low > 0.0)))
        return plan_value_error(st, t, row, col_low,
                                "expected a split factor > 0 and at most 100, or nothing");
    if (*hi && (!parse_real(hi, 0.0, 100.0, high) || !(*high > 0.0)))
        return plan_value_error(st, t, row, col_high,
                                "expected a split factor > 0 and at most 100, or nothing");
    if (*lo && *hi && *low > *high) {
        char expected[96];
        snprintf(expected, sizeof expected, "expected a split factor >= split_low (%g)", *low);
        return plan_value_error(st, t, row, col_high, expected);
    }
    if (*lo && !*hi)
        *high = *low;
    if (*hi && !*lo)
        *low = *high;
    *given = *lo || *hi;
    return STATUS_OK;
}

/* estimate_low/high/mode: one of low and high alone is an exact rate, as for sizes. */
static status_code plan_team_estimate(const plan_table *t, const csvread_row *row, plan_team *team,
                                      status *st)
{
    const char *lo = plan_table_get(t, row, TEAM_COL_ESTIMATE_LOW);
    const char *hi = plan_table_get(t, row, TEAM_COL_ESTIMATE_HIGH);
    const char *mo = plan_table_get(t, row, TEAM_COL_ESTIMATE_MODE);
    double low = 0.0, high = 0.0, mode = (double)NAN;
    static const char expected_rate[] =
        "expected items per week, a number >= 0 and at most 1000000, or nothing";
    if (*lo && !parse_real(lo, 0.0, PLAN_ESTIMATE_MAX, &low))
        return plan_value_error(st, t, row, TEAM_COL_ESTIMATE_LOW, expected_rate);
    if (*hi && !parse_real(hi, 0.0, PLAN_ESTIMATE_MAX, &high))
        return plan_value_error(st, t, row, TEAM_COL_ESTIMATE_HIGH, expected_rate);
    if (*mo && !parse_real(mo, 0.0, PLAN_ESTIMATE_MAX, &mode))
        return plan_value_error(st, t, row, TEAM_COL_ESTIMATE_MODE, expected_rate);
    if (!*lo && !*hi) {
        if (*mo)
            return plan_value_error(st, t, row, TEAM_COL_ESTIMATE_MODE,
                                    "expected nothing without estimate_low and estimate_high");
        return STATUS_OK;
    }
    char expected[128];
    if (*lo && *hi && low > high) {
        snprintf(expected, sizeof expected, "expected a number >= estimate_low (%g)", low);
        return plan_value_error(st, t, row, TEAM_COL_ESTIMATE_HIGH, expected);
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
        return plan_value_error(st, t, row, TEAM_COL_ESTIMATE_MODE, expected);
    }
    team->estimated = true;
    team->estimate_low = low;
    team->estimate_high = high;
    team->estimate_mode = mode;
    return STATUS_OK;
}

/* interrupt_scale, unplanned_effort, context_switch and split_low/high: the team's level of
 * the per-team settings (see plan_team_settings). */
static status_code plan_team_setting_columns(const plan_table *t, const csvread_row *row,
                                             plan_team_settings *v, uint32_t *set, status *st)
{
    const char *x = plan_table_get(t, row, TEAM_COL_INTERRUPT_SCALE);
    *set = 0;
    if (*x) {
        if (!parse_real(x, 0.0, 1.0, &v->interrupt_scale))
            return plan_value_error(st, t, row, TEAM_COL_INTERRUPT_SCALE,
                                    "expected a number in 0..1, or nothing");
        *set |= 1u << PLAN_KEY_INTERRUPT_SCALE;
    }
    x = plan_table_get(t, row, TEAM_COL_UNPLANNED_EFFORT);
    if (*x) {
        if (!parse_real(x, 0.0, 10.0, &v->unplanned_effort))
            return plan_value_error(st, t, row, TEAM_COL_UNPLANNED_EFFORT,
                                    "expected a number in 0..10, or nothing");
        *set |= 1u << PLAN_KEY_UNPLANNED_EFFORT;
    }
    x = plan_table_get(t, row, TEAM_COL_CONTEXT_SWITCH);
    if (*x) {
        /* a comma would split the CSV field unless quoted, so ';' and spaces also separate */
        if (!parse_factors(x, ",; \t", true, 0.0, 1.0, v->context_switch, &v->n_context_switch))
            return plan_value_error(st, t, row, TEAM_COL_CONTEXT_SWITCH,
                                    "expected 1 to 16 numbers, each > 0 and <= 1, separated by "
                                    "';', spaces or commas, or nothing");
        *set |= 1u << PLAN_KEY_CONTEXT_SWITCH;
    }
    bool split;
    status_code rc = plan_split_columns(t, row, TEAM_COL_SPLIT_LOW, TEAM_COL_SPLIT_HIGH, &split,
                                        &v->split_low, &v->split_high, st);
    if (rc != STATUS_OK)
        return rc;
    if (split)
        *set |= 1u << PLAN_KEY_SPLIT;
    return STATUS_OK;
}

static status_code plan_team_row(void *arg, const csvread_row *row, status *st)
{
    plan_teams_ctx *c = arg;
    plan_table *t = &c->t;
    plan_loader *L = c->L;
    plan *p = L->p;
    bool header;
    status_code rc = plan_table_row(t, row, &header, st);
    if (rc != STATUS_OK || header)
        return rc;
    const char *name = plan_table_get(t, row, TEAM_COL_TEAM);
    size_t len = strlen(name);
    if (len == 0 || len > PLAN_ID_MAX)
        return plan_value_error(st, t, row, TEAM_COL_TEAM,
                                "expected a team name of 1 to 256 bytes");
    if (p->n_teams >= PLAN_TEAMS_MAX)
        return status_set_at(st, STATUS_ELIMIT, t->path, row->line, 0, "more than %d teams",
                             PLAN_TEAMS_MAX);
    int32_t existing;
    if (strmap_insert(&L->team_map, name, len, p->n_teams, &existing) != STATUS_OK)
        return plan_nomem(L);
    if (existing >= 0)
        return status_set_at(st, STATUS_EINPUT, t->path, row->line,
                             (long)t->field[TEAM_COL_TEAM] + 1,
                             "team: expected a unique team name, found '%s' again (first on "
                             "line %ld)",
                             name, p->teams[existing].line);
    double people, history_people;
    long long wip;
    if (!parse_real(plan_table_get(t, row, TEAM_COL_PEOPLE), 0.0, 1e5, &people) || !(people > 0.0))
        return plan_value_error(st, t, row, TEAM_COL_PEOPLE,
                                "expected a number > 0 and at most 100000");
    if (!parse_whole(plan_table_get(t, row, TEAM_COL_WIP), 1, 100000, &wip))
        return plan_value_error(st, t, row, TEAM_COL_WIP,
                                "expected a whole number >= 1 and at most 100000");
    const char *hp = plan_table_get(t, row, TEAM_COL_HISTORY_PEOPLE);
    if (*hp == '\0')
        history_people = people;
    else if (!parse_real(hp, 0.0, 1e5, &history_people) || !(history_people > 0.0))
        return plan_value_error(st, t, row, TEAM_COL_HISTORY_PEOPLE,
                                "expected a number > 0 and at most 100000, or nothing");
    plan_team team = {
        .people = people, .history_people = history_people, .wip = (int32_t)wip, .line = row->line};
    plan_team_settings cols = {0};
    uint32_t set;
    if ((rc = plan_team_setting_columns(t, row, &cols, &set, st)) != STATUS_OK ||
        (rc = plan_team_estimate(t, row, &team, st)) != STATUS_OK)
        return rc;
    size_t need = (size_t)p->n_teams + 1;
    if (!plan_reserve((void **)&p->teams, sizeof *p->teams, need, &c->cap) ||
        !plan_reserve((void **)&L->team_cols, sizeof *L->team_cols, need, &c->cols_cap) ||
        !plan_reserve((void **)&L->team_cols_set, sizeof *L->team_cols_set, need, &c->set_cap))
        return plan_nomem(L);
    team.name = strdup(name);
    if (!team.name)
        return plan_nomem(L);
    L->team_cols[p->n_teams] = cols;
    L->team_cols_set[p->n_teams] = set;
    p->teams[p->n_teams++] = team;
    return STATUS_OK;
}

static status_code plan_teams_read(plan_loader *L)
{
    plan_teams_ctx c = {.L = L};
    c.t = (plan_table){
        .path = L->paths[PLAN_FILE_TEAMS], .cols = plan_team_cols, .n_cols = TEAM_N_COLS};
    status_code rc = csvread_file(L->paths[PLAN_FILE_TEAMS], false, &L->found[PLAN_FILE_TEAMS],
                                  plan_team_row, &c, L->sha[PLAN_FILE_TEAMS], L->st);
    if (rc == STATUS_OK)
        rc = plan_table_finish(&c.t, true, L->st);
    return rc;
}

/* ---- calendar.csv ---- */

enum { CAL_COL_DATE, CAL_COL_TEAM, CAL_COL_KIND, CAL_N_COLS };
static const plan_column plan_cal_cols[CAL_N_COLS] = {
    {"date", true}, {"team", false}, {"kind", false}};

typedef struct plan_cal_ctx {
    plan_loader *L;
    plan_table t;
} plan_cal_ctx;

static bool plan_push_day(int32_t **arr, int32_t *n, int32_t *cap, int32_t day)
{
    size_t c = (size_t)*cap;
    if (!plan_reserve((void **)arr, sizeof **arr, (size_t)*n + 1, &c))
        return false;
    *cap = (int32_t)c;
    (*arr)[(*n)++] = day;
    return true;
}

static status_code plan_cal_row(void *arg, const csvread_row *row, status *st)
{
    plan_cal_ctx *c = arg;
    plan_table *t = &c->t;
    plan_loader *L = c->L;
    bool header;
    status_code rc = plan_table_row(t, row, &header, st);
    if (rc != STATUS_OK || header)
        return rc;
    int32_t day;
    if (!parse_date(plan_table_get(t, row, CAL_COL_DATE), &day))
        return plan_value_error(st, t, row, CAL_COL_DATE, "expected an existing date YYYY-MM-DD");
    const char *team = plan_table_get(t, row, CAL_COL_TEAM);
    bool ok;
    if (*team == '\0' || strcmp(team, "*") == 0 || parse_same_name(team, "all")) {
        ok = plan_push_day(&L->global_off, &L->n_global_off, &L->cap_global_off, day);
    } else {
        int32_t k = strmap_find(&L->team_map, team, strlen(team));
        if (k < 0)
            return plan_value_error(st, t, row, CAL_COL_TEAM,
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
static status_code plan_calendar_read(plan_loader *L)
{
    plan *p = L->p;
    size_t n = p->n_teams > 0 ? (size_t)p->n_teams : 1;
    L->team_off = calloc(n, sizeof *L->team_off);
    L->n_team_off = calloc(n, sizeof *L->n_team_off);
    L->cap_team_off = calloc(n, sizeof *L->cap_team_off);
    if (!L->team_off || !L->n_team_off || !L->cap_team_off)
        return plan_nomem(L);
    plan_cal_ctx c = {.L = L};
    c.t = (plan_table){
        .path = L->paths[PLAN_FILE_CALENDAR], .cols = plan_cal_cols, .n_cols = CAL_N_COLS};
    status_code rc = csvread_file(L->paths[PLAN_FILE_CALENDAR], true, &L->found[PLAN_FILE_CALENDAR],
                                  plan_cal_row, &c, L->sha[PLAN_FILE_CALENDAR], L->st);
    if (rc == STATUS_OK && L->found[PLAN_FILE_CALENDAR])
        rc = plan_table_finish(&c.t, false, L->st);
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

/* ---- plan.csv ---- */

enum {
    ITEM_COL_ID,
    ITEM_COL_TEAM,
    ITEM_COL_TITLE,
    ITEM_COL_SIZE_LOW,
    ITEM_COL_SIZE_HIGH,
    ITEM_COL_DEPENDS_ON,
    ITEM_COL_PRIORITY,
    ITEM_COL_DUE,
    ITEM_COL_NOT_BEFORE,
    ITEM_COL_DONE,
    ITEM_COL_STATUS,
    ITEM_COL_SPLIT_LOW,
    ITEM_COL_SPLIT_HIGH,
    ITEM_COL_SCENARIO,
    ITEM_N_COLS
};
static const plan_column plan_item_cols[ITEM_N_COLS] = {
    {"id", true},          {"team", true},        {"title", false},    {"size_low", true},
    {"size_high", true},   {"depends_on", false}, {"priority", false}, {"due", false},
    {"not_before", false}, {"done", false},       {"status", false},   {"split_low", false},
    {"split_high", false}, {"scenario", false}};

typedef struct plan_items_ctx {
    plan_loader *L;
    plan_table t;
    size_t cap;
    char **dep_text; /* raw depends_on per item */
    size_t dep_cap, section_cap;
} plan_items_ctx;

static status_code plan_item_size(const plan_table *t, const csvread_row *row, int32_t col,
                                  bool *given, int32_t *out, status *st)
{
    const char *v = plan_table_get(t, row, col);
    long long x;
    *given = *v != '\0';
    if (!*given)
        return STATUS_OK;
    if (!parse_whole(v, 0, PLAN_SIZE_MAX, &x))
        return plan_value_error(st, t, row, col,
                                "expected a whole number >= 0 (at most 1000000) or nothing");
    *out = (int32_t)x;
    return STATUS_OK;
}

static status_code plan_item_date(const plan_table *t, const csvread_row *row, int32_t col,
                                  int32_t *out, status *st)
{
    const char *v = plan_table_get(t, row, col);
    *out = DATE_NONE;
    if (*v != '\0' && !parse_date(v, out))
        return plan_value_error(st, t, row, col, "expected an existing date YYYY-MM-DD or nothing");
    return STATUS_OK;
}

static status_code plan_item_row(void *arg, const csvread_row *row, status *st)
{
    plan_items_ctx *c = arg;
    plan_table *t = &c->t;
    plan_loader *L = c->L;
    plan *p = L->p;
    bool header;
    status_code rc = plan_table_row(t, row, &header, st);
    if (rc != STATUS_OK || header)
        return rc;
    if (p->n_items >= PLAN_ITEMS_MAX)
        return status_set_at(st, STATUS_ELIMIT, t->path, row->line, 0, "more than %d items",
                             PLAN_ITEMS_MAX);
    const char *id = plan_table_get(t, row, ITEM_COL_ID);
    size_t id_len = strlen(id);
    if (id_len == 0 || id_len > PLAN_ID_MAX)
        return plan_value_error(st, t, row, ITEM_COL_ID, "expected an id of 1 to 256 bytes");
    if (strchr(id, ';'))
        return plan_value_error(st, t, row, ITEM_COL_ID, "expected an id without ';'");
    int32_t existing;
    if (strmap_insert(&L->item_map, id, id_len, p->n_items, &existing) != STATUS_OK)
        return plan_nomem(L);
    if (existing >= 0)
        return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)t->field[ITEM_COL_ID] + 1,
                             "id: expected a unique id, found '%s' again (first on line %ld)", id,
                             p->items[existing].line);
    const char *team_name = plan_table_get(t, row, ITEM_COL_TEAM);
    int32_t team = strmap_find(&L->team_map, team_name, strlen(team_name));
    if (team < 0)
        return plan_value_error(st, t, row, ITEM_COL_TEAM, "expected a team from teams.csv");
    int32_t section;
    if (!plan_find_section(L, plan_table_get(t, row, ITEM_COL_SCENARIO), &section))
        return plan_scenario_error(st, t, row, ITEM_COL_SCENARIO);

    plan_item it = {.team = team, .line = row->line};
    bool has_low, has_high;
    if ((rc = plan_item_size(t, row, ITEM_COL_SIZE_LOW, &has_low, &it.size_low, st)) ||
        (rc = plan_item_size(t, row, ITEM_COL_SIZE_HIGH, &has_high, &it.size_high, st)))
        return rc;
    if (has_low && has_high && it.size_low > it.size_high) {
        char expected[96];
        snprintf(expected, sizeof expected, "expected a whole number >= size_low (%d)",
                 (int)it.size_low);
        return plan_value_error(st, t, row, ITEM_COL_SIZE_HIGH, expected);
    }
    if (has_low && !has_high)
        it.size_high = it.size_low;
    if (has_high && !has_low)
        it.size_low = it.size_high;
    it.size_from_epics = !has_low && !has_high;

    const char *v = plan_table_get(t, row, ITEM_COL_PRIORITY);
    it.priority = HUGE_VAL;
    if (*v && !parse_real(v, -1e15, 1e15, &it.priority))
        return plan_value_error(st, t, row, ITEM_COL_PRIORITY,
                                "expected a number (lower first) or nothing");
    if ((rc = plan_item_date(t, row, ITEM_COL_DUE, &it.due, st)) ||
        (rc = plan_item_date(t, row, ITEM_COL_NOT_BEFORE, &it.not_before, st)))
        return rc;
    v = plan_table_get(t, row, ITEM_COL_DONE);
    long long done = 0;
    if (*v && !parse_whole(v, 0, PLAN_SIZE_MAX, &done))
        return plan_value_error(st, t, row, ITEM_COL_DONE,
                                "expected a whole number >= 0 (stories finished) or nothing");
    it.done_stories = (int32_t)done;
    v = plan_table_get(t, row, ITEM_COL_STATUS);
    if (*v == '\0')
        it.status = done > 0 ? PLAN_ITEM_IN_PROGRESS : PLAN_ITEM_TODO;
    else if (parse_same_name(v, "todo"))
        it.status = PLAN_ITEM_TODO;
    else if (parse_same_name(v, "in_progress"))
        it.status = PLAN_ITEM_IN_PROGRESS;
    else if (parse_same_name(v, "done"))
        it.status = PLAN_ITEM_DONE;
    else
        return plan_value_error(st, t, row, ITEM_COL_STATUS,
                                "expected todo, in_progress, done or nothing");
    bool split;
    if ((rc = plan_split_columns(t, row, ITEM_COL_SPLIT_LOW, ITEM_COL_SPLIT_HIGH, &split,
                                 &it.split_low, &it.split_high, st)) != STATUS_OK)
        return rc;

    if (!plan_reserve((void **)&p->items, sizeof *p->items, (size_t)p->n_items + 1, &c->cap) ||
        !plan_reserve((void **)&c->dep_text, sizeof *c->dep_text, (size_t)p->n_items + 1,
                      &c->dep_cap) ||
        !plan_reserve((void **)&L->item_section, sizeof *L->item_section, (size_t)p->n_items + 1,
                      &c->section_cap))
        return plan_nomem(L);
    L->item_section[p->n_items] = section;
    it.id = strdup(id);
    it.title = strdup(plan_table_get(t, row, ITEM_COL_TITLE));
    c->dep_text[p->n_items] = strdup(plan_table_get(t, row, ITEM_COL_DEPENDS_ON));
    p->items[p->n_items++] = it; /* owned by the plan from here, even if a strdup failed */
    if (!it.id || !it.title || !c->dep_text[p->n_items - 1])
        return plan_nomem(L);
    return STATUS_OK;
}

static status_code plan_dep_error(plan_items_ctx *c, const plan_item *it, const char *fmt,
                                  const char *what)
{
    int n = parse_excerpt_len(what);
    char buf[128];
    snprintf(buf, sizeof buf, "%.*s", n, what);
    return status_set_at(c->L->st, STATUS_EINPUT, c->t.path, it->line,
                         (long)c->t.field[ITEM_COL_DEPENDS_ON] + 1, fmt, buf);
}

/* Turns item i's depends_on text into distinct (item, lag) pairs. */
static status_code plan_item_deps(plan_items_ctx *c, int32_t i)
{
    plan *p = c->L->p;
    plan_item *it = &p->items[i];
    char *text = c->dep_text[i];
    size_t max = 1;
    for (const char *s = text; *s; s++)
        max += *s == ';';
    it->deps = calloc(max, sizeof *it->deps);
    if (!it->deps)
        return plan_nomem(c->L);
    for (char *tok = text, *next; tok; tok = next) {
        char *semi = strchr(tok, ';');
        next = semi ? semi + 1 : NULL;
        if (semi)
            *semi = '\0';
        tok = parse_trim(tok);
        if (*tok == '\0')
            continue; /* "a;" and "a;;b": spreadsheets leave such separators */
        int32_t dep = strmap_find(&c->L->item_map, tok, strlen(tok));
        long long lag = 0;
        if (dep < 0) {
            char *plus = strrchr(tok, '+');
            if (plus) {
                *plus = '\0';
                char *lag_text = parse_trim(plus + 1);
                char *base = parse_trim(tok);
                dep = strmap_find(&c->L->item_map, base, strlen(base));
                if (dep >= 0 && !parse_whole(lag_text, 0, PLAN_LAG_MAX, &lag))
                    return plan_dep_error(c, it,
                                          "depends_on: expected ID or ID+N with N a whole "
                                          "number of working days in 0..3650, found lag '%s'",
                                          lag_text);
                tok = base;
            }
            if (dep < 0)
                return plan_dep_error(c, it,
                                      "depends_on: expected ids of items in plan.csv separated "
                                      "by ';', found unknown id '%s'",
                                      tok);
        }
        if (dep == i) {
            char buf[2 * PLAN_ID_MAX + 8];
            snprintf(buf, sizeof buf, "%s -> %s", it->id, it->id);
            return plan_dep_error(c, it, "dependency cycle: %s", buf);
        }
        int32_t k = 0;
        while (k < it->n_deps && it->deps[k].item != dep)
            k++;
        if (k == it->n_deps)
            it->deps[it->n_deps++] = (plan_dep){.item = dep, .lag_days = (int32_t)lag};
        else if (lag > it->deps[k].lag_days)
            it->deps[k].lag_days = (int32_t)lag; /* the longest hand-off of a repeated id */
    }
    return STATUS_OK;
}

/* Reports the cycle stack[from..top] (prerequisite edges) starting at its first item in file
 * order, so the message does not depend on where the search entered the cycle. */
static status_code plan_cycle_error(plan_items_ctx *c, const int32_t *stack, int32_t from,
                                    int32_t top)
{
    plan *p = c->L->p;
    int32_t n = top - from + 1, first = 0;
    for (int32_t k = 1; k < n; k++)
        if (stack[from + k] < stack[from + first])
            first = k;
    char msg[STATUS_MESSAGE_MAX - 64];
    size_t used = 0;
    for (int32_t k = 0; k <= n && used < sizeof msg; k++) {
        const char *id = p->items[stack[from + (first + k) % n]].id;
        int w = snprintf(msg + used, sizeof msg - used, "%s%s", k ? " -> " : "", id);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= sizeof msg)
        memcpy(msg + sizeof msg - 4, "...", 4);
    const plan_item *it = &p->items[stack[from + first]];
    return status_set_at(c->L->st, STATUS_EINPUT, c->t.path, it->line,
                         (long)c->t.field[ITEM_COL_DEPENDS_ON] + 1, "dependency cycle: %s", msg);
}

/* Iterative depth-first search: chains of 100000 items must not overflow the C stack. */
static status_code plan_check_cycles(plan_items_ctx *c)
{
    plan *p = c->L->p;
    size_t n = (size_t)p->n_items;
    status_code rc = STATUS_OK;
    unsigned char *color = calloc(n ? n : 1, 1); /* 0 new, 1 on the stack, 2 finished */
    int32_t *stack = malloc((n ? n : 1) * sizeof *stack);
    int32_t *next = calloc(n ? n : 1, sizeof *next);
    int32_t *pos = malloc((n ? n : 1) * sizeof *pos);
    if (!color || !stack || !next || !pos) {
        rc = plan_nomem(c->L);
        goto done;
    }
    for (int32_t root = 0; root < p->n_items && rc == STATUS_OK; root++) {
        if (color[root])
            continue;
        int32_t top = 0;
        stack[0] = root;
        pos[root] = 0;
        color[root] = 1;
        while (top >= 0) {
            int32_t u = stack[top];
            if (next[u] == p->items[u].n_deps) {
                color[u] = 2;
                top--;
                continue;
            }
            int32_t v = p->items[u].deps[next[u]++].item;
            if (color[v] == 1) {
                rc = plan_cycle_error(c, stack, pos[v], top);
                break;
            }
            if (color[v] == 0) {
                color[v] = 1;
                stack[++top] = v;
                pos[v] = top;
            }
        }
    }
done:
    free(color);
    free(stack);
    free(next);
    free(pos);
    return rc;
}

static status_code plan_items_read(plan_loader *L)
{
    plan *p = L->p;
    plan_items_ctx c = {.L = L};
    c.t = (plan_table){
        .path = L->paths[PLAN_FILE_PLAN], .cols = plan_item_cols, .n_cols = ITEM_N_COLS};
    status_code rc = csvread_file(L->paths[PLAN_FILE_PLAN], false, &L->found[PLAN_FILE_PLAN],
                                  plan_item_row, &c, L->sha[PLAN_FILE_PLAN], L->st);
    if (rc == STATUS_OK)
        rc = plan_table_finish(&c.t, true, L->st);
    L->plan_team_column = (long)c.t.field[ITEM_COL_TEAM] + 1;
    L->plan_depends_column = (long)c.t.field[ITEM_COL_DEPENDS_ON] + 1;
    L->plan_scenario_column = (long)c.t.field[ITEM_COL_SCENARIO] + 1;
    for (int32_t i = 0; i < p->n_items && rc == STATUS_OK; i++)
        rc = plan_item_deps(&c, i);
    if (rc == STATUS_OK)
        rc = plan_check_cycles(&c);
    for (int32_t i = 0; i < p->n_items && rc == STATUS_OK; i++) {
        plan_item *it = &p->items[i];
        if (!it->size_from_epics)
            continue;
        const plan_team *team = &p->teams[it->team];
        if (team->n_epics == 0) {
            rc = status_set_at(L->st, STATUS_EINPUT, c.t.path, it->line,
                               (long)c.t.field[ITEM_COL_SIZE_LOW] + 1,
                               "size_low, size_high: expected a size, found both empty, and "
                               "team '%s' has no finished epics in history.csv to draw a size "
                               "from",
                               team->name);
            break;
        }
        it->size_low = it->size_high = team->epic_sizes[0];
        for (int32_t k = 1; k < team->n_epics; k++) {
            if (team->epic_sizes[k] < it->size_low)
                it->size_low = team->epic_sizes[k];
            if (team->epic_sizes[k] > it->size_high)
                it->size_high = team->epic_sizes[k];
        }
    }
    for (int32_t i = 0; i < p->n_items && c.dep_text; i++)
        free(c.dep_text[i]);
    free(c.dep_text);
    return rc;
}

/* ---- checks across files ---- */

/* Every team with plan items needs samples to draw capacity from, unless it has an estimate.
 * Teams are checked in the order of their first item. What no --force can fix (nothing to
 * sample) is reported before a thin sample, so a user never forces past the first only to
 * meet the second. */
static status_code plan_check_teams(plan_loader *L, const plan_overrides *ov)
{
    plan *p = L->p;
    bool weekly = false, force = ov && ov->force;
    for (int32_t s = 0; s < p->n_scenarios; s++)
        weekly = weekly || p->scenarios[s].settings.period == PLAN_PERIOD_WEEK;
    int32_t he = p->scenarios[0].settings.history_end;
    int32_t ws = he - p->scenarios[0].settings.window_days + 1;
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
    date_format(ws, from);
    date_format(he, to);
    size_t n_teams = p->n_teams > 0 ? (size_t)p->n_teams : 1;
    int32_t *first = malloc(n_teams * sizeof *first); /* first item of each team, or -1 */
    long *n_rows = calloc(n_teams, sizeof *n_rows);
    if (!first || !n_rows) {
        free(first);
        free(n_rows);
        return plan_nomem(L);
    }
    for (int32_t k = 0; k < p->n_teams; k++)
        first[k] = -1;
    for (int32_t i = p->n_items - 1; i >= 0; i--)
        first[p->items[i].team] = i;
    for (size_t r = 0; r < L->n_recs; r++)
        n_rows[L->recs[r].team]++;
    status_code rc = STATUS_OK;
    for (int32_t k = 0; k < p->n_teams && rc == STATUS_OK; k++)
        if (p->teams[k].estimated && n_rows[k] > 0)
            rc = plan_warn(L,
                           "team '%s' has an estimate in teams.csv and %ld row%s in history.csv: "
                           "it is forecast from the estimate, its history is not used",
                           p->teams[k].name, n_rows[k], n_rows[k] == 1 ? "" : "s");
    const char *path = L->paths[PLAN_FILE_PLAN];
    long column = L->plan_team_column;
    for (int pass = 0; pass < 2 && rc == STATUS_OK; pass++) {
        for (int32_t i = 0; i < p->n_items && rc == STATUS_OK; i++) {
            const plan_item *it = &p->items[i];
            const plan_team *team = &p->teams[it->team];
            if (first[it->team] != i || team->estimated)
                continue;
            long completions = 0, active_days = 0;
            for (int32_t d = 0; d < team->n_days; d++) {
                long c = (long)team->day_planned[d] + team->day_unplanned[d];
                completions += c;
                active_days += c > 0;
            }
            if (pass == 1) {
                if (active_days >= PLAN_MIN_COMPLETION_DAYS)
                    continue;
                if (force)
                    rc = plan_warn(L,
                                   "team '%s' has only %ld working day%s with completions in the "
                                   "sampling window %s..%s (at least %d are needed): forecast "
                                   "anyway because of --force; its dates rest on a thin sample",
                                   team->name, active_days, active_days == 1 ? "" : "s", from, to,
                                   PLAN_MIN_COMPLETION_DAYS);
                else
                    rc = status_set_at(
                        L->st, STATUS_EINPUT, path, it->line, column,
                        "team '%s' has only %ld working day%s with completions in the sampling "
                        "window %s..%s; at least %d are needed to forecast from history. Add "
                        "history, widen `window` in scenarios.ini, give the team an estimate in "
                        "teams.csv (estimate_low, estimate_high), or run with --force",
                        team->name, active_days, active_days == 1 ? "" : "s", from, to,
                        PLAN_MIN_COMPLETION_DAYS);
                continue;
            }
            if (n_rows[it->team] == 0)
                rc = status_set_at(L->st, STATUS_EINPUT, path, it->line, column,
                                   "team '%s' has no history: no rows in history.csv, so nothing "
                                   "to sample in the window %s..%s (give it an estimate in "
                                   "teams.csv: estimate_low, estimate_high)",
                                   team->name, from, to);
            else if (team->n_days == 0)
                rc = status_set_at(L->st, STATUS_EINPUT, path, it->line, column,
                                   "team '%s' has no working days in the sampling window %s..%s "
                                   "(weekends and calendar.csv days off)",
                                   team->name, from, to);
            else if (completions == 0)
                rc = status_set_at(L->st, STATUS_EINPUT, path, it->line, column,
                                   "team '%s' has no completions in history.csv in "
                                   "the sampling window %s..%s",
                                   team->name, from, to);
            else if (weekly && team->n_weeks == 0)
                rc = status_set_at(L->st, STATUS_EINPUT, path, it->line, column,
                                   "team '%s' has no whole Monday-to-Sunday week with a working "
                                   "day in the sampling window %s..%s, needed for period = week",
                                   team->name, from, to);
        }
    }
    free(first);
    free(n_rows);
    return rc;
}

static status_code plan_files_fill(plan_loader *L)
{
    plan *p = L->p;
    p->files = calloc(PLAN_N_FILES, sizeof *p->files);
    if (!p->files)
        return plan_nomem(L);
    for (int f = 0; f < PLAN_N_FILES; f++) {
        if (!L->found[f])
            continue;
        plan_file *pf = &p->files[p->n_files];
        pf->name = strdup(plan_file_names[f]);
        if (!pf->name)
            return plan_nomem(L);
        memcpy(pf->sha256, L->sha[f], sizeof pf->sha256);
        p->n_files++;
    }
    return STATUS_OK;
}

static void plan_loader_fini(plan_loader *L)
{
    for (int f = 0; f < PLAN_N_FILES; f++)
        free(L->paths[f]);
    strmap_fini(&L->team_map);
    for (int32_t s = 0; s < L->n_sections; s++)
        free(L->sections[s].name);
    free(L->sections);
    for (int32_t i = 0; i < L->n_team_keys; i++)
        free(L->team_keys[i].team_name);
    free(L->team_keys);
    for (int32_t i = 0; i < L->n_item_keys; i++)
        free(L->item_keys[i].id);
    free(L->item_keys);
    strmap_fini(&L->item_map);
    free(L->item_section);
    free(L->team_cols);
    free(L->team_cols_set);
    free(L->changes);
    free(L->change_section);
    free(L->risk_section);
    free(L->global_off);
    if (L->team_off && L->p)
        for (int32_t k = 0; k < L->p->n_teams; k++)
            free(L->team_off[k]);
    free(L->team_off);
    free(L->n_team_off);
    free(L->cap_team_off);
    free(L->recs);
    free(L->epic_team);
}

status_code plan_load(const char *dir, const plan_overrides *overrides, plan **out, status *st)
{
    plan_loader L = {.st = st, .history_end = DATE_NONE, .window_days = 90};
    status_code rc = STATUS_OK;
    strmap_init(&L.team_map);
    strmap_init(&L.item_map);
    status_clear(st);
    if (out)
        *out = NULL;
    if (!dir || !out) {
        status_set(st, STATUS_EINPUT, "plan_load: no plan folder given");
        rc = STATUS_EINPUT; /* spelled out: the analyzer cannot see status_set's return value */
        goto done;
    }
    L.p = calloc(1, sizeof *L.p);
    if (!L.p) {
        rc = plan_nomem(&L);
        goto done;
    }
    size_t dir_len = strlen(dir);
    for (int f = 0; f < PLAN_N_FILES; f++) {
        size_t size = dir_len + strlen(plan_file_names[f]) + 2;
        L.paths[f] = malloc(size);
        if (!L.paths[f]) {
            rc = plan_nomem(&L);
            goto done;
        }
        snprintf(L.paths[f], size, "%s/%s", dir, plan_file_names[f]);
    }
    if ((rc = plan_settings_read(&L)) || (rc = plan_teams_read(&L)) ||
        (rc = plan_settings_teams(&L)) || (rc = plan_calendar_read(&L)) ||
        (rc = plan_history_read(&L)) || (rc = plan_history_derive(&L)) ||
        (rc = plan_items_read(&L)) || (rc = plan_settings_finish(&L, overrides)) ||
        (rc = plan_items_assign(&L)) || (rc = plan_changes_read(&L)) ||
        (rc = plan_risks_read(&L)) || (rc = plan_check_teams(&L, overrides)) ||
        (rc = plan_files_fill(&L)))
        goto done;
done:
    plan_loader_fini(&L);
    if (rc != STATUS_OK) {
        plan_destroy(L.p);
        return rc;
    }
    *out = L.p;
    return STATUS_OK;
}

void plan_destroy(plan *p)
{
    if (!p)
        return;
    for (int32_t k = 0; k < p->n_teams; k++) {
        plan_team *t = &p->teams[k];
        free(t->name);
        free(t->days_off);
        free(t->day_date);
        free(t->day_planned);
        free(t->day_unplanned);
        free(t->day_streams);
        free(t->week_planned);
        free(t->week_unplanned);
        free(t->week_streams);
        free(t->week_working_days);
        free(t->epic_sizes);
    }
    free(p->teams);
    for (int32_t i = 0; i < p->n_items; i++) {
        free(p->items[i].id);
        free(p->items[i].title);
        free(p->items[i].deps);
    }
    free(p->items);
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        free(p->scenarios[s].name);
        free(p->scenarios[s].teams);
        free(p->scenarios[s].changes);
        free(p->scenarios[s].risks);
        free(p->scenarios[s].item_in);
        free(p->scenarios[s].item_priority);
    }
    free(p->scenarios);
    for (int32_t r = 0; r < p->n_risks; r++) {
        free(p->risks[r].id);
        free(p->risks[r].items);
    }
    free(p->risks);
    for (int32_t i = 0; i < p->n_unplanned_types; i++)
        free(p->unplanned_types[i]);
    free(p->unplanned_types);
    for (int32_t i = 0; i < p->n_files; i++)
        free(p->files[i].name);
    free(p->files);
    for (int32_t i = 0; i < p->n_warnings; i++)
        free(p->warnings[i]);
    free(p->warnings);
    free(p);
}

bool plan_is_working_day(const plan *p, int32_t team, int32_t date)
{
    if (date_is_weekend(date))
        return false;
    const plan_team *t = &p->teams[team];
    /* bsearch's array must not be NULL, even when empty */
    return t->n_days_off == 0 ||
           !bsearch(&date, t->days_off, (size_t)t->n_days_off, sizeof date, plan_cmp_i32);
}

int32_t plan_find_team(const plan *p, const char *name)
{
    for (int32_t k = 0; k < p->n_teams; k++)
        if (strcmp(p->teams[k].name, name) == 0)
            return k;
    return -1;
}
