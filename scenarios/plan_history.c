/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_history: history.csv into history records, then history_derive (history.h) for every
 * team.
 *
 * Rows are kept as small records while reading, because the window's end defaults to the
 * latest done and is known only at the end of the file. Rows of teams not in teams.csv are
 * counted for a warning and dropped; epics are numbered per team ("team:epic"). Without a
 * `type` column every item is planned; without a `started` column none has a start. A team's
 * time zone (teams.csv) places its timestamps on its dates.
 *
 * With a [history] section the items come from the tracker's exports instead, through the
 * importer (plan_import.c), and go through the same steps from plan_hist_keep on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

enum {
    HIST_COL_ID,
    HIST_COL_TEAM,
    HIST_COL_TYPE,
    HIST_COL_STARTED,
    HIST_COL_DONE,
    HIST_COL_EPIC,
    HIST_N_COLS
};
static const table_column plan_hist_cols[HIST_N_COLS] = {
    {"id", TABLE_REQUIRED},      {"team", TABLE_REQUIRED}, {"type", TABLE_OPTIONAL},
    {"started", TABLE_OPTIONAL}, {"done", TABLE_REQUIRED}, {"epic", TABLE_OPTIONAL}};

typedef struct plan_hist_ctx {
    plan_loader *L;
    strmap ids;   /* id -> line of its row */
    strmap epics; /* "team-index:epic" -> epic index */
    char *key;    /* scratch for epic keys */
    long n_unknown_team, n_done_before_started;
    char unknown_team[PLAN_ID_MAX + 1]; /* the first one, for the warning */
} plan_hist_ctx;

static bool plan_is_unplanned(const plan *p, const char *type)
{
    for (int32_t i = 0; i < p->n_unplanned_types; i++)
        if (parse_same_name(type, p->unplanned_types[i]))
            return true;
    return false;
}

/* "team:epic" as the epics' map key (an epic name is per team). Written by hand: snprintf
 * here cost a tenth of loading a million-row history. key holds 2 * PLAN_ID_MAX bytes. */
static int plan_epic_key(char *key, int32_t team, const char *epic, size_t epic_len)
{
    char digits[12];
    int n_digits = 0;
    uint32_t v = (uint32_t)team;
    do {
        digits[n_digits++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    int n = 0;
    while (n_digits > 0)
        key[n++] = digits[--n_digits];
    key[n++] = ':';
    memcpy(key + n, epic, epic_len);
    n += (int)epic_len;
    key[n] = '\0';
    return n;
}

/* The epic `name` (of len bytes, at most PLAN_ID_MAX) of team `team`: its index, a new one
 * for a name not seen in the team; -1 for none. */
static status_code plan_hist_epic(plan_hist_ctx *c, int32_t team, const char *name, size_t len,
                                  int32_t *epic)
{
    plan_loader *L = c->L;
    *epic = -1;
    if (len == 0)
        return STATUS_OK;
    int n = plan_epic_key(c->key, team, name, len);
    if (!(L->n_epics < INT32_MAX))
        return status_set(L->st, STATUS_ELIMIT, "too many epics in the history");
    if (strmap_insert(&c->epics, c->key, (size_t)n, L->n_epics, epic) != STATUS_OK)
        return plan_nomem(L);
    if (*epic < 0)
        *epic = L->n_epics++;
    return STATUS_OK;
}

/* Every item, from history.csv or an export (team name and epic at most PLAN_ID_MAX bytes;
 * rec.team -1 for a team not in teams.csv): the history record it makes, if any. */
static status_code plan_hist_keep(plan_hist_ctx *c, const char *team_name, history_record rec,
                                  const char *epic, size_t epic_len)
{
    plan_loader *L = c->L;
    if (rec.done != DATE_NONE && rec.started != DATE_NONE && rec.done < rec.started) {
        c->n_done_before_started++;
        rec.started = DATE_NONE;
    }
    if (rec.done != DATE_NONE && (L->latest_done == DATE_NONE || rec.done > L->latest_done))
        L->latest_done = rec.done;
    if (rec.team < 0) {
        if (c->n_unknown_team++ == 0)
            snprintf(c->unknown_team, sizeof c->unknown_team, "%s", team_name);
        return STATUS_OK;
    }
    status_code rc = plan_hist_epic(c, rec.team, epic, epic_len, &rec.epic);
    if (rc != STATUS_OK)
        return rc;
    if (!plan_reserve((void **)&L->recs, sizeof *L->recs, L->n_recs + 1, &L->cap_recs))
        return plan_nomem(L);
    L->recs[L->n_recs++] = rec;
    return STATUS_OK;
}

static status_code plan_hist_row(void *arg, const table *t, const csvread_row *row, status *st)
{
    plan_hist_ctx *c = arg;
    plan_loader *L = c->L;
    const char *id = table_get(t, row, HIST_COL_ID);
    size_t id_len = strlen(id);
    if (id_len == 0 || id_len > PLAN_ID_MAX)
        return table_value_error(st, t, row, HIST_COL_ID, "expected an id of 1 to 256 bytes");
    int32_t first_line;
    int32_t line = row->line > INT32_MAX ? INT32_MAX : (int32_t)row->line;
    if (strmap_insert(&c->ids, id, id_len, line, &first_line) != STATUS_OK)
        return plan_nomem(L);
    if (first_line >= 0)
        return table_error(st, STATUS_EINPUT, t, row, HIST_COL_ID,
                           "id: expected a unique id, found '%.*s' again (first on line %ld)",
                           parse_excerpt_len(id), id, (long)first_line);
    const char *team_name = table_get(t, row, HIST_COL_TEAM);
    size_t team_len = strlen(team_name);
    if (team_len == 0 || team_len > PLAN_ID_MAX)
        return table_value_error(st, t, row, HIST_COL_TEAM,
                                 "expected a team name of 1 to 256 bytes");
    const char *type = table_get(t, row, HIST_COL_TYPE);
    if (*type == '\0' && table_count(t, HIST_COL_TYPE) > 0)
        return table_value_error(st, t, row, HIST_COL_TYPE, "expected a work type");
    history_record rec = {.epic = -1, .unplanned = plan_is_unplanned(L->p, type)};
    rec.team = strmap_find(&L->team_map, team_name, team_len);
    status_code rc;
    static const char expected_date[] =
        "expected an existing date YYYY-MM-DD or an ISO 8601 timestamp, or nothing";
    if ((rc = plan_history_date(L, t, row, HIST_COL_STARTED, rec.team, expected_date,
                                &rec.started)) ||
        (rc = plan_history_date(L, t, row, HIST_COL_DONE, rec.team, expected_date, &rec.done)))
        return rc;
    const char *epic = table_get(t, row, HIST_COL_EPIC);
    size_t epic_len = strlen(epic);
    if (epic_len > PLAN_ID_MAX)
        return table_value_error(st, t, row, HIST_COL_EPIC,
                                 "expected an epic name of at most 256 bytes");
    return plan_hist_keep(c, team_name, rec, epic, epic_len);
}

/* An item of an export named in [history], through the same steps as a history.csv row. */
static status_code plan_hist_import_item(void *ctx, const import_item *it)
{
    plan_hist_ctx *c = ctx;
    history_record rec = {
        .epic = -1, .started = it->started, .done = it->done, .unplanned = it->unplanned};
    rec.team = strmap_find(&c->L->team_map, it->team, strlen(it->team));
    return plan_hist_keep(c, it->team, rec, it->epic, strlen(it->epic));
}

/* The window must start in year 1 or later; the message points at the window line, else
 * history_end's, else the file. */
static status_code plan_check_window(plan_loader *L)
{
    int32_t first_day;
    date_from_ymd(1, 1, 1, &first_day);
    if (L->history_end - L->window_days + 1 >= first_day)
        return STATUS_OK;
    long line = 0, column = 0;
    if (!plan_setting_place(L, 0, setting_find("window"), &line, &column))
        plan_setting_place(L, 0, setting_find("history_end"), &line, &column);
    return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line, column,
                         "window: expected a sampling window after year 1 (the window of %d days "
                         "ends on history_end)",
                         (int)L->window_days);
}

status_code plan_history_read(plan_loader *L)
{
    plan_hist_ctx c = {.L = L};
    strmap_init(&c.ids);
    strmap_init(&c.epics);
    L->latest_done = DATE_NONE;
    const table_spec spec = {.columns = plan_hist_cols,
                             .n_columns = HIST_N_COLS,
                             .allow_unknown = true,
                             .rows_required = true};
    status_code rc = STATUS_OK;
    c.key = malloc(2 * PLAN_ID_MAX + 16);
    if (!c.key)
        rc = plan_nomem(L);
    if (rc == STATUS_OK)
        rc = L->import ? plan_import_run(L, plan_hist_import_item, &c)
                       : plan_read_table(L, PLAN_FILE_HISTORY, &spec, plan_hist_row, &c, NULL);
    const char *source = L->import ? "the exports of [history]" : "history.csv";
    free(c.key);
    strmap_fini(&c.ids);
    strmap_fini(&c.epics);
    if (rc == STATUS_OK && c.n_unknown_team > 0)
        rc = plan_warn(L, "%s: %ld row%s of teams not in teams.csv (such as '%s') %s ignored",
                       source, c.n_unknown_team, c.n_unknown_team == 1 ? "" : "s", c.unknown_team,
                       c.n_unknown_team == 1 ? "was" : "were");
    if (rc == STATUS_OK && c.n_done_before_started > 0)
        rc = plan_warn(L, "%s: %ld row%s with done before started: their started was ignored",
                       source, c.n_done_before_started, c.n_done_before_started == 1 ? "" : "s");
    if (rc != STATUS_OK)
        return rc;
    if (L->history_end == DATE_NONE) {
        if (L->latest_done == DATE_NONE)
            return status_set_at(L->st, STATUS_EINPUT,
                                 L->paths[L->import ? PLAN_FILE_SCENARIOS : PLAN_FILE_HISTORY], 0,
                                 0,
                                 "done: expected at least one finished item %sto take "
                                 "history_end from, found none (or set history_end in "
                                 "scenarios.ini)",
                                 L->import ? "in the exports of [history] " : "");
        L->history_end = L->latest_done;
    }
    return plan_check_window(L);
}

status_code plan_history_derive(plan_loader *L)
{
    return history_derive(L->recs, L->n_recs, L->n_epics, L->history_end, L->window_days,
                          L->p->teams, L->p->n_teams, L->st);
}
