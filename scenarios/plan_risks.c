/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_risks: risks.csv, the risk register (optional); see docs/inputs.md.
 *
 * Read after the items and scenarios exist: a risk names items (or a team, whose items it
 * then affects) and may belong to one scenario (plan_assign.c hands each scenario its risks).
 * Item lists are resolved here into distinct indices, so the model sees plain arrays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"

enum { PLAN_RISKS_MAX = 100000 };

enum {
    RISK_COL_ID,
    RISK_COL_SCENARIO,
    RISK_COL_PROBABILITY,
    RISK_COL_ITEMS,
    RISK_COL_TEAM,
    RISK_COL_EXTRA_LOW,
    RISK_COL_EXTRA_HIGH,
    RISK_COL_DELAY_DAYS,
    RISK_COL_NOTE,
    RISK_N_COLS
};
static const table_column plan_risk_cols[RISK_N_COLS] = {
    {"id", TABLE_REQUIRED},         {"scenario", TABLE_OPTIONAL},   {"probability", TABLE_REQUIRED},
    {"items", TABLE_OPTIONAL},      {"team", TABLE_OPTIONAL},       {"extra_low", TABLE_OPTIONAL},
    {"extra_high", TABLE_OPTIONAL}, {"delay_days", TABLE_OPTIONAL}, {"note", TABLE_OPTIONAL}};

typedef struct plan_risks_ctx {
    plan_loader *L;
    strmap ids;     /* risk id -> index */
    int32_t *stamp; /* per item: 1 + the last risk that listed it, to drop repeats */
    size_t cap, section_cap;
} plan_risks_ctx;

static status_code plan_risk_count(const table *t, const csvread_row *row, int32_t col, bool *given,
                                   int32_t *out, status *st)
{
    const char *v = table_get(t, row, col);
    long long x = 0;
    *given = *v != '\0';
    if (*given && !parse_whole(v, 0, col == RISK_COL_DELAY_DAYS ? PLAN_LAG_MAX : PLAN_SIZE_MAX, &x))
        return table_value_error(st, t, row, col,
                                 col == RISK_COL_DELAY_DAYS
                                     ? "expected a whole number of working days in 0..3650, or "
                                       "nothing"
                                     : "expected a whole number of stories >= 0 (at most "
                                       "1000000), or nothing");
    *out = (int32_t)x;
    return STATUS_OK;
}

static status_code plan_risk_fields(const table *t, const csvread_row *row, plan_risk *r,
                                    status *st)
{
    const char *v = table_get(t, row, RISK_COL_PROBABILITY);
    bool percent = false;
    size_t n = strlen(v);
    if (n > 0 && v[n - 1] == '%')
        percent = parse_percent(v, 0.0, 100.0, &r->probability, NULL);
    if (!percent && !parse_real(v, 0.0, 1.0, &r->probability))
        return table_value_error(st, t, row, RISK_COL_PROBABILITY,
                                 "expected a probability in 0..1, or a percentage such as 30%");
    bool has_low, has_high, has_delay;
    status_code rc;
    if ((rc = plan_risk_count(t, row, RISK_COL_EXTRA_LOW, &has_low, &r->extra_low, st)) ||
        (rc = plan_risk_count(t, row, RISK_COL_EXTRA_HIGH, &has_high, &r->extra_high, st)) ||
        (rc = plan_risk_count(t, row, RISK_COL_DELAY_DAYS, &has_delay, &r->delay_days, st)))
        return rc;
    if (has_low && has_high && r->extra_low > r->extra_high) {
        char expected[96];
        snprintf(expected, sizeof expected, "expected a whole number >= extra_low (%d)",
                 (int)r->extra_low);
        return table_value_error(st, t, row, RISK_COL_EXTRA_HIGH, expected);
    }
    if (!has_high)
        r->extra_high = r->extra_low;
    if (!has_low)
        r->extra_low = r->extra_high;
    if (r->extra_high == 0 && r->delay_days == 0) {
        int32_t col = table_field(t, RISK_COL_DELAY_DAYS)   ? RISK_COL_DELAY_DAYS
                      : table_field(t, RISK_COL_EXTRA_HIGH) ? RISK_COL_EXTRA_HIGH
                                                            : RISK_COL_EXTRA_LOW;
        return table_error(st, STATUS_EINPUT, t, row, col,
                           "%s: expected extra stories (extra_low, extra_high) or delay_days "
                           "above 0: this risk changes nothing",
                           table_name(t, col));
    }
    return STATUS_OK;
}

/* Turns the items text into distinct item indices in the order written. */
static status_code plan_risk_items(plan_risks_ctx *c, const table *t, const csvread_row *row,
                                   plan_risk *r, int32_t risk_idx, status *st)
{
    const char *text = table_get(t, row, RISK_COL_ITEMS);
    size_t max = 1;
    for (const char *s = text; *s; s++)
        max += *s == ';';
    char *copy = strdup(text);
    r->items = malloc(max * sizeof *r->items);
    if (!copy || !r->items) {
        free(copy);
        return plan_nomem(c->L);
    }
    status_code rc = STATUS_OK;
    for (char *rest = copy, *tok; rc == STATUS_OK && (tok = parse_next_entry(&rest, ';'));) {
        int32_t i = strmap_find(&c->L->item_map, tok, strlen(tok));
        if (i < 0)
            rc = table_error(st, STATUS_EINPUT, t, row, RISK_COL_ITEMS,
                             "items: expected ids of items in plan.csv separated by ';', found "
                             "unknown id '%.*s'",
                             parse_excerpt_len(tok), tok);
        else if (c->stamp[i] != risk_idx + 1) {
            c->stamp[i] = risk_idx + 1;
            r->items[r->n_items++] = i;
        }
    }
    free(copy);
    if (rc == STATUS_OK && r->n_items == 0)
        rc = table_value_error(st, t, row, RISK_COL_ITEMS,
                               "expected at least one item id of plan.csv");
    return rc;
}

static status_code plan_risk_team(plan_loader *L, const table *t, const csvread_row *row,
                                  plan_risk *r, status *st)
{
    const plan *p = L->p;
    const char *team = table_get(t, row, RISK_COL_TEAM);
    int32_t k = strmap_find(&L->team_map, team, strlen(team));
    if (k < 0)
        return table_value_error(st, t, row, RISK_COL_TEAM, "expected a team from teams.csv");
    int32_t n = 0;
    for (int32_t i = 0; i < p->n_items; i++)
        n += p->items[i].team == k;
    r->items = malloc((n ? (size_t)n : 1) * sizeof *r->items);
    if (!r->items)
        return plan_nomem(L);
    for (int32_t i = 0; i < p->n_items; i++)
        if (p->items[i].team == k)
            r->items[r->n_items++] = i;
    if (n == 0)
        return plan_warn(L,
                         "%s:%ld: risk '%s' names team '%s', which has no items in plan.csv: "
                         "it affects nothing",
                         table_path(t), row->line, r->id, p->teams[k].name);
    return STATUS_OK;
}

/* A risk names items or a team: one of the two columns must be there. */
static status_code plan_risk_header(void *arg, const table *t, long line, status *st)
{
    (void)arg;
    if (!table_field(t, RISK_COL_ITEMS) && !table_field(t, RISK_COL_TEAM))
        return status_set_at(st, STATUS_EINPUT, table_path(t), line, 1,
                             "header: missing column 'items' or 'team' (a risk affects the items "
                             "listed, or every item of a team)");
    return STATUS_OK;
}

static status_code plan_risk_row(void *arg, const table *t, const csvread_row *row, status *st)
{
    plan_risks_ctx *c = arg;
    plan_loader *L = c->L;
    plan *p = L->p;
    status_code rc;
    if (p->n_risks >= PLAN_RISKS_MAX)
        return status_set_at(st, STATUS_ELIMIT, table_path(t), row->line, 0, "more than %d risks",
                             PLAN_RISKS_MAX);
    const char *id = table_get(t, row, RISK_COL_ID);
    size_t id_len = strlen(id);
    if (id_len == 0 || id_len > PLAN_ID_MAX)
        return table_value_error(st, t, row, RISK_COL_ID, "expected a risk id of 1 to 256 bytes");
    int32_t existing;
    if (strmap_insert(&c->ids, id, id_len, p->n_risks, &existing) != STATUS_OK)
        return plan_nomem(L);
    if (existing >= 0)
        return table_error(st, STATUS_EINPUT, t, row, RISK_COL_ID,
                           "id: expected a unique risk id, found '%s' again (first on line %ld)",
                           id, p->risks[existing].line);
    int32_t section;
    if (!plan_find_section(L, table_get(t, row, RISK_COL_SCENARIO), &section))
        return plan_scenario_error(st, t, row, RISK_COL_SCENARIO);
    bool has_items = *table_get(t, row, RISK_COL_ITEMS) != '\0';
    bool has_team = *table_get(t, row, RISK_COL_TEAM) != '\0';
    if (has_items && has_team)
        return table_value_error(st, t, row, RISK_COL_TEAM,
                                 "expected nothing when items are given (a risk affects the items "
                                 "listed or every item of a team, not both)");
    if (!has_items && !has_team)
        return table_error(st, STATUS_EINPUT, t, row,
                           table_field(t, RISK_COL_ITEMS) ? RISK_COL_ITEMS : RISK_COL_TEAM,
                           "expected the items or the team the risk affects, found neither");
    plan_risk r = {.line = row->line};
    if ((rc = plan_risk_fields(t, row, &r, st)) != STATUS_OK)
        return rc;
    if (!plan_reserve((void **)&p->risks, sizeof *p->risks, (size_t)p->n_risks + 1, &c->cap) ||
        !plan_reserve((void **)&L->risk_section, sizeof *L->risk_section, (size_t)p->n_risks + 1,
                      &c->section_cap))
        return plan_nomem(L);
    r.id = strdup(id);
    L->risk_section[p->n_risks] = section;
    p->risks[p->n_risks++] = r; /* owned by the plan from here, even if strdup failed */
    plan_risk *rp = &p->risks[p->n_risks - 1];
    if (!rp->id)
        return plan_nomem(L);
    return has_items ? plan_risk_items(c, t, row, rp, p->n_risks - 1, st)
                     : plan_risk_team(L, t, row, rp, st);
}

status_code plan_risks_read(plan_loader *L)
{
    plan *p = L->p;
    plan_risks_ctx c = {.L = L};
    strmap_init(&c.ids);
    const table_spec spec = {.columns = plan_risk_cols,
                             .n_columns = RISK_N_COLS,
                             .optional_file = true,
                             .numbers = 1u << RISK_COL_PROBABILITY,
                             .header = plan_risk_header};
    status_code rc = STATUS_OK;
    c.stamp = calloc(p->n_items > 0 ? (size_t)p->n_items : 1, sizeof *c.stamp);
    if (!c.stamp)
        rc = plan_nomem(L);
    if (rc == STATUS_OK)
        rc = plan_read_table(L, PLAN_FILE_RISKS, &spec, plan_risk_row, &c, NULL);
    free(c.stamp);
    strmap_fini(&c.ids);
    return rc;
}
