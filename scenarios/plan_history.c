/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_history: history.csv and what is derived from it (docs/inputs.md, "What is derived").
 *
 * Rows are kept as small records while reading, because the window's end defaults to the
 * latest done and is known only at the end of the file. Derivation is linear: records and
 * epics are bucketed by team with a counting sort, and each team's window is a set of per-day
 * arrays (completions by day, epics in progress as a difference array), so a million rows and
 * a ten-year window cost O(rows + teams * window).
 *
 * History is seen as of history_end: a done after it is open, a start after it has not
 * happened (such an item is left out of epics), so an earlier history_end replays what was
 * known then.
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
static const plan_column plan_hist_cols[HIST_N_COLS] = {{"id", true},   {"team", true},
                                                        {"type", true}, {"started", true},
                                                        {"done", true}, {"epic", false}};

typedef struct plan_hist_ctx {
    plan_loader *L;
    plan_table t;
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

static status_code plan_hist_date(const plan_table *t, const csvread_row *row, int32_t col,
                                  int32_t *out, status *st)
{
    const char *v = plan_table_get(t, row, col);
    *out = DATE_NONE;
    if (*v != '\0' && !parse_date(v, out))
        return plan_value_error(st, t, row, col,
                                "expected an existing date YYYY-MM-DD or an ISO 8601 "
                                "timestamp, or nothing");
    return STATUS_OK;
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

static status_code plan_hist_row(void *arg, const csvread_row *row, status *st)
{
    plan_hist_ctx *c = arg;
    plan_table *t = &c->t;
    plan_loader *L = c->L;
    bool header;
    status_code rc = plan_table_row(t, row, &header, st);
    if (rc != STATUS_OK || header)
        return rc;
    const char *id = plan_table_get(t, row, HIST_COL_ID);
    size_t id_len = strlen(id);
    if (id_len == 0 || id_len > PLAN_ID_MAX)
        return plan_value_error(st, t, row, HIST_COL_ID, "expected an id of 1 to 256 bytes");
    int32_t first_line;
    int32_t line = row->line > INT32_MAX ? INT32_MAX : (int32_t)row->line;
    if (strmap_insert(&c->ids, id, id_len, line, &first_line) != STATUS_OK)
        return status_set(st, STATUS_ENOMEM, "out of memory reading history.csv");
    if (first_line >= 0)
        return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)t->field[HIST_COL_ID] + 1,
                             "id: expected a unique id, found '%.*s' again (first on line %ld)",
                             parse_excerpt_len(id), id, (long)first_line);
    const char *team_name = plan_table_get(t, row, HIST_COL_TEAM);
    size_t team_len = strlen(team_name);
    if (team_len == 0 || team_len > PLAN_ID_MAX)
        return plan_value_error(st, t, row, HIST_COL_TEAM,
                                "expected a team name of 1 to 256 bytes");
    const char *type = plan_table_get(t, row, HIST_COL_TYPE);
    if (*type == '\0')
        return plan_value_error(st, t, row, HIST_COL_TYPE, "expected a work type");
    plan_hist_rec rec = {.epic = -1};
    if ((rc = plan_hist_date(t, row, HIST_COL_STARTED, &rec.started, st)) ||
        (rc = plan_hist_date(t, row, HIST_COL_DONE, &rec.done, st)))
        return rc;
    if (rec.done != DATE_NONE && rec.started != DATE_NONE && rec.done < rec.started) {
        c->n_done_before_started++;
        rec.started = DATE_NONE;
    }
    if (rec.done != DATE_NONE && (L->latest_done == DATE_NONE || rec.done > L->latest_done))
        L->latest_done = rec.done;
    rec.team = strmap_find(&L->team_map, team_name, team_len);
    if (rec.team < 0) {
        if (c->n_unknown_team++ == 0)
            memcpy(c->unknown_team, team_name, team_len + 1);
        return STATUS_OK;
    }
    rec.unplanned = plan_is_unplanned(L->p, type);
    const char *epic = plan_table_get(t, row, HIST_COL_EPIC);
    size_t epic_len = strlen(epic);
    if (epic_len > PLAN_ID_MAX)
        return plan_value_error(st, t, row, HIST_COL_EPIC,
                                "expected an epic name of at most 256 bytes");
    if (epic_len > 0) {
        int n = plan_epic_key(c->key, rec.team, epic, epic_len);
        size_t cap = (size_t)L->cap_epics;
        if (n < 0 || !(L->n_epics < INT32_MAX))
            return status_set(st, STATUS_ELIMIT, "%s: too many epics", t->path);
        if (strmap_insert(&c->epics, c->key, (size_t)n, L->n_epics, &rec.epic) != STATUS_OK)
            return status_set(st, STATUS_ENOMEM, "out of memory reading history.csv");
        if (rec.epic < 0) {
            if (L->n_epics == L->cap_epics) {
                cap = cap ? 2 * cap : 64;
                int32_t *et = realloc(L->epic_team, cap * sizeof *et);
                if (!et)
                    return status_set(st, STATUS_ENOMEM, "out of memory reading history.csv");
                L->epic_team = et;
                L->cap_epics = (int32_t)cap;
            }
            L->epic_team[L->n_epics] = rec.team;
            rec.epic = L->n_epics++;
        }
    }
    if (L->n_recs == L->cap_recs) {
        size_t cap = L->cap_recs ? 2 * L->cap_recs : 1024;
        plan_hist_rec *recs = realloc(L->recs, cap * sizeof *recs);
        if (!recs)
            return status_set(st, STATUS_ENOMEM, "out of memory reading history.csv");
        L->recs = recs;
        L->cap_recs = cap;
    }
    L->recs[L->n_recs++] = rec;
    return STATUS_OK;
}

status_code plan_history_read(plan_loader *L)
{
    plan_hist_ctx c = {.L = L};
    strmap_init(&c.ids);
    strmap_init(&c.epics);
    L->latest_done = DATE_NONE;
    c.t = (plan_table){.path = L->paths[PLAN_FILE_HISTORY],
                       .cols = plan_hist_cols,
                       .n_cols = HIST_N_COLS,
                       .allow_unknown = true};
    status_code rc = STATUS_OK;
    c.key = malloc(2 * PLAN_ID_MAX + 16);
    if (!c.key)
        rc = status_set(L->st, STATUS_ENOMEM, "out of memory reading history.csv");
    if (rc == STATUS_OK)
        rc = csvread_file(L->paths[PLAN_FILE_HISTORY], false, &L->found[PLAN_FILE_HISTORY],
                          plan_hist_row, &c, L->sha[PLAN_FILE_HISTORY], L->st);
    free(c.key);
    strmap_fini(&c.ids);
    strmap_fini(&c.epics);
    if (rc == STATUS_OK)
        rc = plan_table_finish(&c.t, true, L->st);
    if (rc == STATUS_OK && c.n_unknown_team > 0)
        rc = plan_warn(L,
                       "history.csv: %ld row%s of teams not in teams.csv (such as '%s') %s "
                       "ignored",
                       c.n_unknown_team, c.n_unknown_team == 1 ? "" : "s", c.unknown_team,
                       c.n_unknown_team == 1 ? "was" : "were");
    if (rc == STATUS_OK && c.n_done_before_started > 0)
        rc = plan_warn(L,
                       "history.csv: %ld row%s with done before started: their started was "
                       "ignored",
                       c.n_done_before_started, c.n_done_before_started == 1 ? "" : "s");
    if (rc != STATUS_OK)
        return rc;
    if (L->history_end == DATE_NONE) {
        if (L->latest_done == DATE_NONE)
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_HISTORY], 0, 0,
                                 "done: expected at least one finished item to take "
                                 "history_end from, found none (or set history_end in "
                                 "scenarios.ini)");
        L->history_end = L->latest_done;
    }
    int32_t first_day;
    date_from_ymd(1, 1, 1, &first_day);
    if (L->history_end - L->window_days + 1 < first_day) {
        /* point at the window line, else history_end's, else the file */
        const plan_ini_section *base = L->n_sections > 0 ? &L->sections[0] : NULL;
        int key =
            base && (base->set & (1u << PLAN_KEY_WINDOW)) ? PLAN_KEY_WINDOW : PLAN_KEY_HISTORY_END;
        long line = base && (base->set & (1u << key)) ? base->key_line[key] : 0;
        long column = line ? base->key_column[key] : 0;
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line, column,
                             "window: expected a sampling window after year 1 (the window "
                             "of %d days ends on history_end)",
                             (int)L->window_days);
    }
    return STATUS_OK;
}

/* Per-epic facts as of history_end. */
typedef struct plan_epic_acc {
    int32_t first_started, first_done, last_done;
    int32_t n_planned;
    bool open;
} plan_epic_acc;

/* Workspace for one team's window, reused across teams. */
typedef struct plan_window {
    int32_t start, end, n; /* window days [start, end], n = end - start + 1 */
    bool *working;
    int32_t *next_working; /* index of the first working day at or after i, or -1 */
    int32_t *planned, *unplanned, *streams_diff;
} plan_window;

/* Counting sort: order[] lists 0..n-1 grouped by key (stable), first[k]..first[k+1]. */
static bool plan_bucket(size_t n, int32_t n_keys, int32_t (*key)(const void *, size_t),
                        const void *data, size_t **order_out, size_t **first_out)
{
    size_t *first = calloc((size_t)n_keys + 1, sizeof *first);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!first || !order) {
        free(first);
        free(order);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        first[key(data, i) + 1]++;
    for (int32_t k = 0; k < n_keys; k++)
        first[k + 1] += first[k];
    size_t *fill = malloc(((size_t)n_keys + 1) * sizeof *fill);
    if (!fill) {
        free(first);
        free(order);
        return false;
    }
    memcpy(fill, first, ((size_t)n_keys + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        order[fill[key(data, i)]++] = i;
    free(fill);
    *order_out = order;
    *first_out = first;
    return true;
}

static int32_t plan_rec_team(const void *data, size_t i)
{
    return ((const plan_hist_rec *)data)[i].team;
}

static int32_t plan_epic_team(const void *data, size_t i)
{
    return ((const int32_t *)data)[i];
}

static int32_t *plan_alloc_i32(size_t n)
{
    return calloc(n ? n : 1, sizeof(int32_t));
}

static status_code plan_derive_team(plan_loader *L, int32_t k, plan_window *w,
                                    const size_t *rec_order, size_t rec_from, size_t rec_to,
                                    const size_t *epic_order, size_t epic_from, size_t epic_to,
                                    const plan_epic_acc *acc)
{
    plan *p = L->p;
    plan_team *team = &p->teams[k];
    int32_t n = w->n;
    for (int32_t i = 0; i < n; i++) {
        w->working[i] = plan_is_working_day(p, k, w->start + i);
        w->planned[i] = w->unplanned[i] = 0;
    }
    memset(w->streams_diff, 0, ((size_t)n + 1) * sizeof *w->streams_diff);
    w->next_working[n] = -1;
    for (int32_t i = n - 1; i >= 0; i--)
        w->next_working[i] = w->working[i] ? i : w->next_working[i + 1];
    /* The last working day before the window: completions up to it stay outside. Runs of
     * non-working days are bounded by the team's days off plus weekends. */
    int32_t before = w->start - 1;
    while (!plan_is_working_day(p, k, before))
        before--;

    for (size_t r = rec_from; r < rec_to; r++) {
        const plan_hist_rec *rec = &L->recs[rec_order[r]];
        if (rec->done == DATE_NONE || rec->done > w->end || rec->done <= before)
            continue;
        int32_t at =
            rec->done < w->start ? w->next_working[0] : w->next_working[rec->done - w->start];
        if (at < 0)
            continue; /* moved past history_end */
        if (rec->unplanned)
            w->unplanned[at]++;
        else
            w->planned[at]++;
    }

    int32_t n_sizes = 0;
    team->epic_sizes = plan_alloc_i32(epic_to - epic_from);
    if (!team->epic_sizes)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    for (size_t e = epic_from; e < epic_to; e++) {
        const plan_epic_acc *a = &acc[epic_order[e]];
        int32_t from = a->first_started != DATE_NONE ? a->first_started : a->first_done;
        int32_t to = a->open ? w->end : a->last_done;
        if (!a->open && a->n_planned > 0)
            team->epic_sizes[n_sizes++] = a->n_planned;
        if (from == DATE_NONE || to == DATE_NONE)
            continue;
        if (from < w->start)
            from = w->start;
        if (to > w->end)
            to = w->end;
        if (from > to)
            continue;
        w->streams_diff[from - w->start]++;
        w->streams_diff[to - w->start + 1]--;
    }
    team->n_epics = n_sizes;

    int32_t n_days = 0;
    for (int32_t i = 0; i < n; i++)
        n_days += w->working[i];
    team->day_date = plan_alloc_i32((size_t)n_days);
    team->day_planned = plan_alloc_i32((size_t)n_days);
    team->day_unplanned = plan_alloc_i32((size_t)n_days);
    team->day_streams = plan_alloc_i32((size_t)n_days);
    if (!team->day_date || !team->day_planned || !team->day_unplanned || !team->day_streams)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    int32_t streams = 0, d = 0;
    for (int32_t i = 0; i < n; i++) {
        streams += w->streams_diff[i];
        w->streams_diff[i] = streams; /* now the count itself, for the weeks below */
        if (!w->working[i])
            continue;
        team->day_date[d] = w->start + i;
        team->day_planned[d] = w->planned[i];
        team->day_unplanned[d] = w->unplanned[i];
        team->day_streams[d] = streams;
        d++;
    }
    team->n_days = n_days;

    int32_t monday = (7 - date_weekday(w->start)) % 7; /* index of the first Monday */
    int32_t max_weeks = n / 7 + 1;
    team->week_planned = plan_alloc_i32((size_t)max_weeks);
    team->week_unplanned = plan_alloc_i32((size_t)max_weeks);
    team->week_streams = plan_alloc_i32((size_t)max_weeks);
    team->week_working_days = plan_alloc_i32((size_t)max_weeks);
    if (!team->week_planned || !team->week_unplanned || !team->week_streams ||
        !team->week_working_days)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    int32_t n_weeks = 0;
    for (int32_t m = monday; m + 6 < n; m += 7) {
        int32_t pl = 0, un = 0, str = 0, wd = 0;
        for (int32_t i = m; i < m + 7; i++)
            if (w->working[i]) {
                pl += w->planned[i];
                un += w->unplanned[i];
                str += w->streams_diff[i];
                wd++;
            }
        if (wd == 0)
            continue;
        team->week_planned[n_weeks] = pl;
        team->week_unplanned[n_weeks] = un;
        team->week_streams[n_weeks] = str;
        team->week_working_days[n_weeks] = wd;
        n_weeks++;
    }
    team->n_weeks = n_weeks;
    return STATUS_OK;
}

status_code plan_history_derive(plan_loader *L)
{
    plan *p = L->p;
    int32_t he = L->history_end;
    plan_window w = {.start = he - L->window_days + 1, .end = he, .n = L->window_days};
    size_t n = (size_t)w.n;
    status_code rc = STATUS_OK;
    plan_epic_acc *acc = calloc(L->n_epics > 0 ? (size_t)L->n_epics : 1, sizeof *acc);
    size_t *rec_order = NULL, *rec_first = NULL, *epic_order = NULL, *epic_first = NULL;
    w.working = calloc(n, sizeof *w.working);
    w.next_working = plan_alloc_i32(n + 1);
    w.planned = plan_alloc_i32(n);
    w.unplanned = plan_alloc_i32(n);
    w.streams_diff = plan_alloc_i32(n + 1);
    if (!acc || !w.working || !w.next_working || !w.planned || !w.unplanned || !w.streams_diff ||
        !plan_bucket(L->n_recs, p->n_teams, plan_rec_team, L->recs, &rec_order, &rec_first) ||
        !plan_bucket((size_t)L->n_epics, p->n_teams, plan_epic_team, L->epic_team, &epic_order,
                     &epic_first)) {
        rc = status_set(L->st, STATUS_ENOMEM, "out of memory deriving history");
        goto done;
    }
    for (int32_t e = 0; e < L->n_epics; e++)
        acc[e] = (plan_epic_acc){DATE_NONE, DATE_NONE, DATE_NONE, 0, false};
    for (size_t r = 0; r < L->n_recs; r++) {
        const plan_hist_rec *rec = &L->recs[r];
        if (rec->epic < 0 || (rec->started != DATE_NONE && rec->started > he))
            continue; /* not started as of history_end */
        plan_epic_acc *a = &acc[rec->epic];
        if (rec->started != DATE_NONE &&
            (a->first_started == DATE_NONE || rec->started < a->first_started))
            a->first_started = rec->started;
        if (rec->done != DATE_NONE && rec->done <= he) {
            if (a->first_done == DATE_NONE || rec->done < a->first_done)
                a->first_done = rec->done;
            if (a->last_done == DATE_NONE || rec->done > a->last_done)
                a->last_done = rec->done;
        } else {
            a->open = true;
        }
        a->n_planned += !rec->unplanned;
    }
    for (int32_t k = 0; k < p->n_teams && rc == STATUS_OK; k++)
        rc = plan_derive_team(L, k, &w, rec_order, rec_first[k], rec_first[k + 1], epic_order,
                              epic_first[k], epic_first[k + 1], acc);
done:
    free(acc);
    free(rec_order);
    free(rec_first);
    free(epic_order);
    free(epic_first);
    free(w.working);
    free(w.next_working);
    free(w.planned);
    free(w.unplanned);
    free(w.streams_diff);
    return rc;
}
