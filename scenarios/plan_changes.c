/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_changes: changes.csv, people joining, leaving or away and planned capacity losses
 * (optional); see docs/inputs.md.
 *
 * Read after the scenarios exist, because a row may name one scenario (plan_assign.c hands
 * each scenario its rows). A row for every team (`*`, `all`) is expanded here into one change
 * per team, so the model sees only plain per-team changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

enum { PLAN_PEOPLE_MAX = 100000 };

enum {
    CHG_COL_SCENARIO,
    CHG_COL_TEAM,
    CHG_COL_KIND,
    CHG_COL_FROM,
    CHG_COL_UNTIL,
    CHG_COL_AMOUNT,
    CHG_COL_RAMP_DAYS,
    CHG_COL_NOTE,
    CHG_N_COLS
};
static const table_column plan_change_cols[CHG_N_COLS] = {
    {"scenario", TABLE_OPTIONAL},  {"team", TABLE_REQUIRED},  {"kind", TABLE_REQUIRED},
    {"from", TABLE_REQUIRED},      {"until", TABLE_OPTIONAL}, {"amount", TABLE_OPTIONAL},
    {"ramp_days", TABLE_OPTIONAL}, {"note", TABLE_OPTIONAL}};

static const char *const plan_change_kinds[] = {[PLAN_CHANGE_JOIN] = "join",
                                                [PLAN_CHANGE_LEAVE] = "leave",
                                                [PLAN_CHANGE_ABSENCE] = "absence",
                                                [PLAN_CHANGE_CAPACITY_LOSS] = "capacity_loss"};

typedef struct plan_changes_ctx {
    plan_loader *L;
    size_t section_cap;
} plan_changes_ctx;

/* from and until: a join or leave lasts (no until), an absence or loss is a period. */
static status_code plan_change_dates(const table *t, const csvread_row *row, plan_change *ch,
                                     status *st)
{
    if (!parse_date(table_get(t, row, CHG_COL_FROM), &ch->from))
        return table_value_error(st, t, row, CHG_COL_FROM, "expected an existing date YYYY-MM-DD");
    const char *until = table_get(t, row, CHG_COL_UNTIL);
    bool lasting = ch->kind == PLAN_CHANGE_JOIN || ch->kind == PLAN_CHANGE_LEAVE;
    ch->until = DATE_NONE;
    if (lasting && *until)
        return table_value_error(st, t, row, CHG_COL_UNTIL,
                                 ch->kind == PLAN_CHANGE_JOIN
                                     ? "expected nothing for join (a join lasts; end it with a "
                                       "leave row)"
                                     : "expected nothing for leave (a leave lasts; undo it with a "
                                       "join row)");
    if (lasting)
        return STATUS_OK;
    if (!parse_date(until, &ch->until))
        return table_value_error(st, t, row, CHG_COL_UNTIL,
                                 "expected the last day of the period, an existing date "
                                 "YYYY-MM-DD");
    if (ch->until < ch->from) {
        char from[DATE_TEXT_SIZE], expected[96];
        date_format(ch->from, from);
        snprintf(expected, sizeof expected, "expected a date on or after from (%s)", from);
        return table_value_error(st, t, row, CHG_COL_UNTIL, expected);
    }
    return STATUS_OK;
}

static status_code plan_change_fields(const table *t, const csvread_row *row, plan_change *ch,
                                      status *st)
{
    const char *kind = table_get(t, row, CHG_COL_KIND);
    int k = parse_name_index(kind, plan_change_kinds, PLAN_CHANGE_CAPACITY_LOSS + 1);
    if (k < 0)
        return table_value_error(st, t, row, CHG_COL_KIND,
                                 "expected join, leave, absence or capacity_loss");
    ch->kind = (plan_change_kind)k;
    status_code rc = plan_change_dates(t, row, ch, st);
    if (rc != STATUS_OK)
        return rc;
    const char *amount = table_get(t, row, CHG_COL_AMOUNT);
    ch->amount = 1.0;
    if (ch->kind == PLAN_CHANGE_CAPACITY_LOSS) {
        if (*amount &&
            (!parse_percent(amount, 0.0, 100.0, &ch->amount, NULL) || !(ch->amount > 0.0)))
            return table_value_error(st, t, row, CHG_COL_AMOUNT,
                                     "expected the percentage of capacity lost, > 0 and at most "
                                     "100 (a '%' sign is allowed), or nothing for 100");
    } else if (*amount &&
               (!parse_real(amount, 0.0, PLAN_PEOPLE_MAX, &ch->amount) || !(ch->amount > 0.0))) {
        return table_value_error(st, t, row, CHG_COL_AMOUNT,
                                 "expected a number of people > 0 and at most 100000, or "
                                 "nothing for 1");
    }
    const char *ramp = table_get(t, row, CHG_COL_RAMP_DAYS);
    if (*ramp && ch->kind != PLAN_CHANGE_JOIN)
        return table_value_error(st, t, row, CHG_COL_RAMP_DAYS,
                                 "expected nothing: a ramp-up applies to join only");
    long long r = 0;
    if (*ramp && !parse_whole(ramp, 0, PLAN_LAG_MAX, &r))
        return table_value_error(st, t, row, CHG_COL_RAMP_DAYS,
                                 "expected a whole number of working days in 0..3650, or nothing "
                                 "for 0");
    ch->ramp_days = (int32_t)r;
    return STATUS_OK;
}

static status_code plan_push_change(plan_changes_ctx *c, const plan_change *ch, int32_t section)
{
    plan_loader *L = c->L;
    if (L->n_changes >= PLAN_CHANGES_MAX)
        return status_set_at(L->st, STATUS_ELIMIT, L->paths[PLAN_FILE_CHANGES], ch->line, 0,
                             "more than %d changes (after expanding rows for every team)",
                             PLAN_CHANGES_MAX);
    if (!plan_reserve((void **)&L->changes, sizeof *L->changes, L->n_changes + 1,
                      &L->cap_changes) ||
        !plan_reserve((void **)&L->change_section, sizeof *L->change_section, L->n_changes + 1,
                      &c->section_cap))
        return plan_nomem(L);
    L->changes[L->n_changes] = *ch;
    L->change_section[L->n_changes] = section;
    L->n_changes++;
    return STATUS_OK;
}

static status_code plan_change_row(void *arg, const table *t, const csvread_row *row, status *st)
{
    plan_changes_ctx *c = arg;
    plan_loader *L = c->L;
    int32_t section;
    if (!plan_find_section(L, table_get(t, row, CHG_COL_SCENARIO), &section))
        return plan_scenario_error(st, t, row, CHG_COL_SCENARIO);
    const char *team = table_get(t, row, CHG_COL_TEAM);
    bool every = strcmp(team, "*") == 0 || parse_same_name(team, "all");
    int32_t k = every ? -1 : strmap_find(&L->team_map, team, strlen(team));
    if (!every && k < 0)
        return table_value_error(st, t, row, CHG_COL_TEAM,
                                 "expected a team from teams.csv, or '*' or 'all' for every team");
    plan_change ch = {.line = row->line};
    status_code rc = plan_change_fields(t, row, &ch, st);
    for (int32_t i = every ? 0 : k; i < (every ? L->p->n_teams : k + 1) && rc == STATUS_OK; i++) {
        ch.team = i;
        rc = plan_push_change(c, &ch, section);
    }
    return rc;
}

status_code plan_changes_read(plan_loader *L)
{
    plan_changes_ctx c = {.L = L};
    const table_spec spec = {.columns = plan_change_cols,
                             .n_columns = CHG_N_COLS,
                             .optional_file = true,
                             .numbers = 1u << CHG_COL_AMOUNT};
    return plan_read_table(L, PLAN_FILE_CHANGES, &spec, plan_change_row, &c, NULL);
}
