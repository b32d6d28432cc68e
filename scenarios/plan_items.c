/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_items: plan.csv, the quarter's items: sizes, dependencies, priorities, dates, status,
 * split ranges and the scenario an item belongs to; see docs/inputs.md.
 *
 * Dependencies are kept as text while reading, because an id may name a later row; once every
 * id is known they become (item, lag) pairs and the graph is checked for cycles (depgraph.h).
 * Items without a size take the range of their team's historical epic sizes, so this step comes
 * after history.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "depgraph.h"
#include "plan_internal.h"

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
static const table_column plan_item_cols[ITEM_N_COLS] = {
    {"id", TABLE_REQUIRED},         {"team", TABLE_REQUIRED},      {"title", TABLE_OPTIONAL},
    {"size_low", TABLE_REQUIRED},   {"size_high", TABLE_REQUIRED}, {"depends_on", TABLE_OPTIONAL},
    {"priority", TABLE_OPTIONAL},   {"due", TABLE_OPTIONAL},       {"not_before", TABLE_OPTIONAL},
    {"done", TABLE_OPTIONAL},       {"status", TABLE_OPTIONAL},    {"split_low", TABLE_OPTIONAL},
    {"split_high", TABLE_OPTIONAL}, {"scenario", TABLE_OPTIONAL}};

static const char *const plan_item_status_names[] = {
    [PLAN_ITEM_TODO] = "todo", [PLAN_ITEM_IN_PROGRESS] = "in_progress", [PLAN_ITEM_DONE] = "done"};

typedef struct plan_items_ctx {
    plan_loader *L;
    size_t cap;
    char **dep_text; /* raw depends_on per item */
    size_t dep_cap, section_cap;
} plan_items_ctx;

static status_code plan_item_size(const table *t, const csvread_row *row, int32_t col, bool *given,
                                  int32_t *out, status *st)
{
    const char *v = table_get(t, row, col);
    long long x;
    *given = *v != '\0';
    if (!*given)
        return STATUS_OK;
    if (!parse_whole(v, 0, PLAN_SIZE_MAX, &x))
        return table_value_error(st, t, row, col,
                                 "expected a whole number >= 0 (at most 1000000) or nothing");
    *out = (int32_t)x;
    return STATUS_OK;
}

/* size_low and size_high: one alone is an exact size, none means "like the team's epics". */
static status_code plan_item_sizes(const table *t, const csvread_row *row, plan_item *it,
                                   status *st)
{
    bool has_low, has_high;
    status_code rc;
    if ((rc = plan_item_size(t, row, ITEM_COL_SIZE_LOW, &has_low, &it->size_low, st)) ||
        (rc = plan_item_size(t, row, ITEM_COL_SIZE_HIGH, &has_high, &it->size_high, st)))
        return rc;
    if (has_low && has_high && it->size_low > it->size_high) {
        char expected[96];
        snprintf(expected, sizeof expected, "expected a whole number >= size_low (%d)",
                 (int)it->size_low);
        return table_value_error(st, t, row, ITEM_COL_SIZE_HIGH, expected);
    }
    if (has_low && !has_high)
        it->size_high = it->size_low;
    if (has_high && !has_low)
        it->size_low = it->size_high;
    it->size_from_epics = !has_low && !has_high;
    return STATUS_OK;
}

/* priority, due, not_before, done, status and the split range: what is optional. */
static status_code plan_item_details(const table *t, const csvread_row *row, plan_item *it,
                                     status *st)
{
    const char *v = table_get(t, row, ITEM_COL_PRIORITY);
    it->priority = HUGE_VAL;
    if (*v && !parse_real(v, -1e15, 1e15, &it->priority))
        return table_value_error(st, t, row, ITEM_COL_PRIORITY,
                                 "expected a number (lower first) or nothing");
    status_code rc;
    static const char expected_date[] = "expected an existing date YYYY-MM-DD or nothing";
    if ((rc = plan_optional_date(t, row, ITEM_COL_DUE, expected_date, &it->due, st)) ||
        (rc = plan_optional_date(t, row, ITEM_COL_NOT_BEFORE, expected_date, &it->not_before, st)))
        return rc;
    v = table_get(t, row, ITEM_COL_DONE);
    long long done = 0;
    if (*v && !parse_whole(v, 0, PLAN_SIZE_MAX, &done))
        return table_value_error(st, t, row, ITEM_COL_DONE,
                                 "expected a whole number >= 0 (stories finished) or nothing");
    it->done_stories = (int32_t)done;
    v = table_get(t, row, ITEM_COL_STATUS);
    it->status = done > 0 ? PLAN_ITEM_IN_PROGRESS : PLAN_ITEM_TODO;
    if (*v) {
        int k = parse_name_index(v, plan_item_status_names, PLAN_ITEM_DONE + 1);
        if (k < 0)
            return table_value_error(st, t, row, ITEM_COL_STATUS,
                                     "expected todo, in_progress, done or nothing");
        it->status = (plan_item_status)k;
    }
    /* the same range, values and messages as a team's split: the registry's `split` */
    setting_value value;
    bool given;
    if ((rc = plan_setting_columns(t, row, ITEM_COL_SPLIT_LOW, setting_find("split"), &value,
                                   &given, st)) != STATUS_OK)
        return rc;
    if (given) {
        double range[2];
        memcpy(range, value.bytes, sizeof range);
        it->split_low = range[0];
        it->split_high = range[1];
    }
    return STATUS_OK;
}

static status_code plan_item_row(void *arg, const table *t, const csvread_row *row, status *st)
{
    plan_items_ctx *c = arg;
    plan_loader *L = c->L;
    plan *p = L->p;
    if (p->n_items >= PLAN_ITEMS_MAX)
        return status_set_at(st, STATUS_ELIMIT, table_path(t), row->line, 0, "more than %d items",
                             PLAN_ITEMS_MAX);
    const char *id = table_get(t, row, ITEM_COL_ID);
    size_t id_len = strlen(id);
    if (id_len == 0 || id_len > PLAN_ID_MAX)
        return table_value_error(st, t, row, ITEM_COL_ID, "expected an id of 1 to 256 bytes");
    if (strchr(id, ';'))
        return table_value_error(st, t, row, ITEM_COL_ID, "expected an id without ';'");
    int32_t existing;
    if (strmap_insert(&L->item_map, id, id_len, p->n_items, &existing) != STATUS_OK)
        return plan_nomem(L);
    if (existing >= 0)
        return table_error(st, STATUS_EINPUT, t, row, ITEM_COL_ID,
                           "id: expected a unique id, found '%s' again (first on line %ld)", id,
                           p->items[existing].line);
    const char *team_name = table_get(t, row, ITEM_COL_TEAM);
    int32_t team = strmap_find(&L->team_map, team_name, strlen(team_name));
    if (team < 0)
        return table_value_error(st, t, row, ITEM_COL_TEAM, "expected a team from teams.csv");
    int32_t section;
    if (!plan_find_section(L, table_get(t, row, ITEM_COL_SCENARIO), &section))
        return plan_scenario_error(st, t, row, ITEM_COL_SCENARIO);
    plan_item it = {.team = team, .line = row->line};
    status_code rc;
    if ((rc = plan_item_sizes(t, row, &it, st)) || (rc = plan_item_details(t, row, &it, st)))
        return rc;
    size_t need = (size_t)p->n_items + 1;
    if (!plan_reserve((void **)&p->items, sizeof *p->items, need, &c->cap) ||
        !plan_reserve((void **)&c->dep_text, sizeof *c->dep_text, need, &c->dep_cap) ||
        !plan_reserve((void **)&L->item_section, sizeof *L->item_section, need, &c->section_cap))
        return plan_nomem(L);
    L->item_section[p->n_items] = section;
    it.id = strdup(id);
    it.title = strdup(table_get(t, row, ITEM_COL_TITLE));
    c->dep_text[p->n_items] = strdup(table_get(t, row, ITEM_COL_DEPENDS_ON));
    p->items[p->n_items++] = it; /* owned by the plan from here, even if a strdup failed */
    if (!it.id || !it.title || !c->dep_text[p->n_items - 1])
        return plan_nomem(L);
    return STATUS_OK;
}

/* An error in item it's depends_on, showing `what` (an excerpt) through fmt's %s. */
static status_code plan_dep_error(const plan_loader *L, const plan_item *it, const char *fmt,
                                  const char *what)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%.*s", parse_excerpt_len(what), what);
    return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_PLAN], it->line,
                         L->plan_table.column[ITEM_COL_DEPENDS_ON], fmt, buf);
}

/* The item a depends_on entry names, with its lag: "ID" or "ID+N". */
static status_code plan_dep_entry(const plan_loader *L, const plan_item *it, char *tok,
                                  int32_t *dep, long long *lag)
{
    *dep = strmap_find(&L->item_map, tok, strlen(tok));
    *lag = 0;
    if (*dep >= 0)
        return STATUS_OK;
    char *plus = strrchr(tok, '+');
    if (plus) {
        *plus = '\0';
        char *lag_text = parse_trim(plus + 1);
        tok = parse_trim(tok);
        *dep = strmap_find(&L->item_map, tok, strlen(tok));
        if (*dep >= 0 && !parse_whole(lag_text, 0, PLAN_LAG_MAX, lag))
            return plan_dep_error(L, it,
                                  "depends_on: expected ID or ID+N with N a whole number of "
                                  "working days in 0..3650, found lag '%s'",
                                  lag_text);
    }
    if (*dep < 0)
        return plan_dep_error(L, it,
                              "depends_on: expected ids of items in plan.csv separated by ';', "
                              "found unknown id '%s'",
                              tok);
    return STATUS_OK;
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
    for (char *rest = text, *tok; (tok = parse_next_entry(&rest, ';'));) {
        int32_t dep;
        long long lag;
        status_code rc = plan_dep_entry(c->L, it, tok, &dep, &lag);
        if (rc != STATUS_OK)
            return rc;
        if (dep == i) {
            char buf[2 * PLAN_ID_MAX + 8];
            snprintf(buf, sizeof buf, "%s -> %s", it->id, it->id);
            return plan_dep_error(c->L, it, "dependency cycle: %s", buf);
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

/* A cycle is reported at its first item in file order: "A -> B -> C -> A". */
static status_code plan_check_cycles(plan_loader *L)
{
    plan *p = L->p;
    int32_t *cycle = malloc((p->n_items > 0 ? (size_t)p->n_items : 1) * sizeof *cycle), n;
    if (!cycle)
        return plan_nomem(L);
    status_code rc = depgraph_find_cycle(p->items, p->n_items, cycle, &n, L->st);
    if (rc == STATUS_OK && n > 0) {
        char msg[STATUS_MESSAGE_MAX - 64];
        size_t used = 0;
        for (int32_t k = 0; k <= n && used < sizeof msg; k++) {
            int w = snprintf(msg + used, sizeof msg - used, "%s%s", k ? " -> " : "",
                             p->items[cycle[k % n]].id);
            if (w < 0)
                break;
            used += (size_t)w;
        }
        if (used >= sizeof msg)
            memcpy(msg + sizeof msg - 4, "...", 4);
        rc = status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_PLAN], p->items[cycle[0]].line,
                           L->plan_table.column[ITEM_COL_DEPENDS_ON], "dependency cycle: %s", msg);
    }
    free(cycle);
    return rc;
}

/* Items without a size draw from their team's epic sizes: their range is those sizes'. */
static status_code plan_sizes_from_epics(plan_loader *L)
{
    plan *p = L->p;
    for (int32_t i = 0; i < p->n_items; i++) {
        plan_item *it = &p->items[i];
        if (!it->size_from_epics)
            continue;
        const plan_team *team = &p->teams[it->team];
        if (team->n_epics == 0)
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_PLAN], it->line,
                                 L->plan_table.column[ITEM_COL_SIZE_LOW],
                                 "size_low, size_high: expected a size, found both empty, and "
                                 "team '%s' has no finished epics in history.csv to draw a size "
                                 "from",
                                 team->name);
        it->size_low = it->size_high = team->epic_sizes[0];
        for (int32_t k = 1; k < team->n_epics; k++) {
            if (team->epic_sizes[k] < it->size_low)
                it->size_low = team->epic_sizes[k];
            if (team->epic_sizes[k] > it->size_high)
                it->size_high = team->epic_sizes[k];
        }
    }
    return STATUS_OK;
}

status_code plan_items_read(plan_loader *L)
{
    plan *p = L->p;
    plan_items_ctx c = {.L = L};
    const table_spec spec = {.columns = plan_item_cols,
                             .n_columns = ITEM_N_COLS,
                             .rows_required = true,
                             .numbers = 1u << ITEM_COL_PRIORITY | 1u << ITEM_COL_SPLIT_LOW |
                                        1u << ITEM_COL_SPLIT_HIGH};
    status_code rc = plan_read_table(L, PLAN_FILE_PLAN, &spec, plan_item_row, &c, &L->plan_table);
    for (int32_t i = 0; i < p->n_items && rc == STATUS_OK; i++)
        rc = plan_item_deps(&c, i);
    if (rc == STATUS_OK)
        rc = plan_check_cycles(L);
    if (rc == STATUS_OK)
        rc = plan_sizes_from_epics(L);
    for (int32_t i = 0; i < p->n_items && c.dep_text; i++)
        free(c.dep_text[i]);
    free(c.dep_text);
    return rc;
}

/* Column numbers of plan.csv for other steps' messages. */
long plan_items_column(const plan_loader *L, const char *name)
{
    for (int32_t c = 0; c < ITEM_N_COLS; c++)
        if (strcmp(plan_item_cols[c].name, name) == 0)
            return L->plan_table.column[c];
    return 0;
}
