/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_changes: changes.csv (people joining, leaving, away; capacity losses) and risks.csv
 * (the risk register), both optional; see docs/inputs.md.
 *
 * Both files are read after the scenarios exist, because a row may name one scenario. A row
 * for every team (`*`, `all`) is expanded here into one change per team, and a risk's team into
 * that team's items, so the model sees only plain per-team changes and item lists. Each
 * scenario then gets a copy of the changes that apply to it, in file order: the model walks one
 * array per scenario and never filters.
 *
 * The same file hands each scenario its items (plan.csv's scenario column, scenarios.ini's
 * `drop` and `priority[ID]`): like a change, an added or dropped item is a what-if, resolved
 * here once every id is known, into per-scenario arrays the model indexes by item.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

enum { PLAN_PEOPLE_MAX = 100000, PLAN_RISKS_MAX = 100000 };

/* ---- changes.csv ---- */

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
static const plan_column plan_change_cols[CHG_N_COLS] = {
    {"scenario", false}, {"team", true},    {"kind", true},       {"from", true},
    {"until", false},    {"amount", false}, {"ramp_days", false}, {"note", false}};

typedef struct plan_changes_ctx {
    plan_loader *L;
    plan_table t;
    size_t section_cap;
} plan_changes_ctx;

static status_code plan_change_fields(const plan_table *t, const csvread_row *row, plan_change *ch,
                                      status *st)
{
    const char *kind = plan_table_get(t, row, CHG_COL_KIND);
    if (parse_same_name(kind, "join"))
        ch->kind = PLAN_CHANGE_JOIN;
    else if (parse_same_name(kind, "leave"))
        ch->kind = PLAN_CHANGE_LEAVE;
    else if (parse_same_name(kind, "absence"))
        ch->kind = PLAN_CHANGE_ABSENCE;
    else if (parse_same_name(kind, "capacity_loss"))
        ch->kind = PLAN_CHANGE_CAPACITY_LOSS;
    else
        return plan_value_error(st, t, row, CHG_COL_KIND,
                                "expected join, leave, absence or capacity_loss");
    if (!parse_date(plan_table_get(t, row, CHG_COL_FROM), &ch->from))
        return plan_value_error(st, t, row, CHG_COL_FROM, "expected an existing date YYYY-MM-DD");
    const char *until = plan_table_get(t, row, CHG_COL_UNTIL);
    bool lasting = ch->kind == PLAN_CHANGE_JOIN || ch->kind == PLAN_CHANGE_LEAVE;
    ch->until = DATE_NONE;
    if (lasting && *until)
        return plan_value_error(st, t, row, CHG_COL_UNTIL,
                                ch->kind == PLAN_CHANGE_JOIN
                                    ? "expected nothing for join (a join lasts; end it with a "
                                      "leave row)"
                                    : "expected nothing for leave (a leave lasts; undo it with a "
                                      "join row)");
    if (!lasting) {
        if (!parse_date(until, &ch->until))
            return plan_value_error(st, t, row, CHG_COL_UNTIL,
                                    "expected the last day of the period, an existing date "
                                    "YYYY-MM-DD");
        if (ch->until < ch->from) {
            char from[DATE_TEXT_SIZE], expected[96];
            date_format(ch->from, from);
            snprintf(expected, sizeof expected, "expected a date on or after from (%s)", from);
            return plan_value_error(st, t, row, CHG_COL_UNTIL, expected);
        }
    }
    const char *amount = plan_table_get(t, row, CHG_COL_AMOUNT);
    if (ch->kind == PLAN_CHANGE_CAPACITY_LOSS) {
        ch->amount = 1.0;
        if (*amount &&
            (!parse_percent(amount, 0.0, 100.0, &ch->amount, NULL) || !(ch->amount > 0.0)))
            return plan_value_error(st, t, row, CHG_COL_AMOUNT,
                                    "expected the percentage of capacity lost, > 0 and at most "
                                    "100 (a '%' sign is allowed), or nothing for 100");
    } else {
        ch->amount = 1.0;
        if (*amount &&
            (!parse_real(amount, 0.0, PLAN_PEOPLE_MAX, &ch->amount) || !(ch->amount > 0.0)))
            return plan_value_error(st, t, row, CHG_COL_AMOUNT,
                                    "expected a number of people > 0 and at most 100000, or "
                                    "nothing for 1");
    }
    const char *ramp = plan_table_get(t, row, CHG_COL_RAMP_DAYS);
    if (*ramp && ch->kind != PLAN_CHANGE_JOIN)
        return plan_value_error(st, t, row, CHG_COL_RAMP_DAYS,
                                "expected nothing: a ramp-up applies to join only");
    long long r = 0;
    if (*ramp && !parse_whole(ramp, 0, PLAN_LAG_MAX, &r))
        return plan_value_error(st, t, row, CHG_COL_RAMP_DAYS,
                                "expected a whole number of working days in 0..3650, or nothing "
                                "for 0");
    ch->ramp_days = (int32_t)r;
    return STATUS_OK;
}

static status_code plan_push_change(plan_changes_ctx *c, const plan_change *ch, int32_t section)
{
    plan_loader *L = c->L;
    if (L->n_changes >= PLAN_CHANGES_MAX)
        return status_set_at(L->st, STATUS_ELIMIT, c->t.path, ch->line, 0,
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

static status_code plan_change_row(void *arg, const csvread_row *row, status *st)
{
    plan_changes_ctx *c = arg;
    plan_table *t = &c->t;
    plan_loader *L = c->L;
    bool header;
    status_code rc = plan_table_row(t, row, &header, st);
    if (rc != STATUS_OK || header)
        return rc;
    int32_t section;
    if (!plan_find_section(L, plan_table_get(t, row, CHG_COL_SCENARIO), &section))
        return plan_scenario_error(st, t, row, CHG_COL_SCENARIO);
    const char *team = plan_table_get(t, row, CHG_COL_TEAM);
    bool every = strcmp(team, "*") == 0 || parse_same_name(team, "all");
    int32_t k = every ? -1 : strmap_find(&L->team_map, team, strlen(team));
    if (!every && k < 0)
        return plan_value_error(st, t, row, CHG_COL_TEAM,
                                "expected a team from teams.csv, or '*' or 'all' for every team");
    plan_change ch = {.line = row->line};
    if ((rc = plan_change_fields(t, row, &ch, st)) != STATUS_OK)
        return rc;
    for (int32_t i = every ? 0 : k; i < (every ? L->p->n_teams : k + 1) && rc == STATUS_OK; i++) {
        ch.team = i;
        rc = plan_push_change(c, &ch, section);
    }
    return rc;
}

/* Copies into every scenario the changes for all scenarios and its own, in file order. */
static status_code plan_changes_assign(plan_loader *L)
{
    plan *p = L->p;
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        plan_scenario *sc = &p->scenarios[s];
        size_t n = 0;
        for (size_t i = 0; i < L->n_changes; i++)
            n += L->change_section[i] < 0 || L->change_section[i] == s;
        sc->changes = malloc((n ? n : 1) * sizeof *sc->changes);
        if (!sc->changes)
            return plan_nomem(L);
        for (size_t i = 0; i < L->n_changes; i++)
            if (L->change_section[i] < 0 || L->change_section[i] == s)
                sc->changes[sc->n_changes++] = L->changes[i];
    }
    return STATUS_OK;
}

status_code plan_changes_read(plan_loader *L)
{
    plan_changes_ctx c = {.L = L};
    c.t = (plan_table){
        .path = L->paths[PLAN_FILE_CHANGES], .cols = plan_change_cols, .n_cols = CHG_N_COLS};
    status_code rc = csvread_file(L->paths[PLAN_FILE_CHANGES], true, &L->found[PLAN_FILE_CHANGES],
                                  plan_change_row, &c, L->sha[PLAN_FILE_CHANGES], L->st);
    if (rc == STATUS_OK && L->found[PLAN_FILE_CHANGES])
        rc = plan_table_finish(&c.t, false, L->st);
    if (rc == STATUS_OK)
        rc = plan_changes_assign(L);
    return rc;
}

/* ---- risks.csv ---- */

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
static const plan_column plan_risk_cols[RISK_N_COLS] = {
    {"id", true},          {"scenario", false},   {"probability", true},
    {"items", false},      {"team", false},       {"extra_low", false},
    {"extra_high", false}, {"delay_days", false}, {"note", false}};

typedef struct plan_risks_ctx {
    plan_loader *L;
    plan_table t;
    strmap ids;      /* risk id -> index */
    strmap item_ids; /* plan item id -> index */
    int32_t *stamp;  /* per item: 1 + the last risk that listed it, to drop repeats */
    size_t cap, section_cap;
} plan_risks_ctx;

static status_code plan_risk_count(const plan_table *t, const csvread_row *row, int32_t col,
                                   bool *given, int32_t *out, status *st)
{
    const char *v = plan_table_get(t, row, col);
    long long x = 0;
    *given = *v != '\0';
    if (*given &&
        !parse_whole(v, 0, col == RISK_COL_DELAY_DAYS ? PLAN_LAG_MAX : PLAN_SIZE_MAX, &x))
        return plan_value_error(st, t, row, col,
                                col == RISK_COL_DELAY_DAYS
                                    ? "expected a whole number of working days in 0..3650, or "
                                      "nothing"
                                    : "expected a whole number of stories >= 0 (at most "
                                      "1000000), or nothing");
    *out = (int32_t)x;
    return STATUS_OK;
}

static status_code plan_risk_fields(const plan_table *t, const csvread_row *row, plan_risk *r,
                                    status *st)
{
    const char *v = plan_table_get(t, row, RISK_COL_PROBABILITY);
    bool percent = false;
    size_t n = strlen(v);
    if (n > 0 && v[n - 1] == '%')
        percent = parse_percent(v, 0.0, 100.0, &r->probability, NULL);
    if (!percent && !parse_real(v, 0.0, 1.0, &r->probability))
        return plan_value_error(st, t, row, RISK_COL_PROBABILITY,
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
        return plan_value_error(st, t, row, RISK_COL_EXTRA_HIGH, expected);
    }
    if (!has_high)
        r->extra_high = r->extra_low;
    if (!has_low)
        r->extra_low = r->extra_high;
    if (r->extra_high == 0 && r->delay_days == 0) {
        int32_t col = t->field[RISK_COL_DELAY_DAYS] >= 0   ? RISK_COL_DELAY_DAYS
                      : t->field[RISK_COL_EXTRA_HIGH] >= 0 ? RISK_COL_EXTRA_HIGH
                                                           : RISK_COL_EXTRA_LOW;
        return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)t->field[col] + 1,
                             "%s: expected extra stories (extra_low, extra_high) or delay_days "
                             "above 0: this risk changes nothing",
                             t->cols[col].name);
    }
    return STATUS_OK;
}

/* Turns the items text into distinct item indices in the order written. */
static status_code plan_risk_items(plan_risks_ctx *c, const csvread_row *row, plan_risk *r,
                                   int32_t risk_idx, status *st)
{
    const char *text = plan_table_get(&c->t, row, RISK_COL_ITEMS);
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
    for (char *tok = copy, *next; tok && rc == STATUS_OK; tok = next) {
        char *semi = strchr(tok, ';');
        next = semi ? semi + 1 : NULL;
        if (semi)
            *semi = '\0';
        tok = parse_trim(tok);
        if (*tok == '\0')
            continue;
        int32_t i = strmap_find(&c->item_ids, tok, strlen(tok));
        if (i < 0)
            rc = status_set_at(st, STATUS_EINPUT, c->t.path, row->line,
                               (long)c->t.field[RISK_COL_ITEMS] + 1,
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
        rc = plan_value_error(st, &c->t, row, RISK_COL_ITEMS,
                              "expected at least one item id of plan.csv");
    return rc;
}

static status_code plan_risk_team(plan_risks_ctx *c, const csvread_row *row, plan_risk *r,
                                  status *st)
{
    plan_loader *L = c->L;
    const plan *p = L->p;
    const char *team = plan_table_get(&c->t, row, RISK_COL_TEAM);
    int32_t k = strmap_find(&L->team_map, team, strlen(team));
    if (k < 0)
        return plan_value_error(st, &c->t, row, RISK_COL_TEAM, "expected a team from teams.csv");
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
                         c->t.path, row->line, r->id, p->teams[k].name);
    return STATUS_OK;
}

static status_code plan_risk_row(void *arg, const csvread_row *row, status *st)
{
    plan_risks_ctx *c = arg;
    plan_table *t = &c->t;
    plan_loader *L = c->L;
    plan *p = L->p;
    bool header;
    status_code rc = plan_table_row(t, row, &header, st);
    if (rc != STATUS_OK)
        return rc;
    if (header) {
        if (t->field[RISK_COL_ITEMS] < 0 && t->field[RISK_COL_TEAM] < 0)
            return status_set_at(st, STATUS_EINPUT, t->path, row->line, 1,
                                 "header: missing column 'items' or 'team' (a risk affects "
                                 "the items listed, or every item of a team)");
        return STATUS_OK;
    }
    if (p->n_risks >= PLAN_RISKS_MAX)
        return status_set_at(st, STATUS_ELIMIT, t->path, row->line, 0, "more than %d risks",
                             PLAN_RISKS_MAX);
    const char *id = plan_table_get(t, row, RISK_COL_ID);
    size_t id_len = strlen(id);
    if (id_len == 0 || id_len > PLAN_ID_MAX)
        return plan_value_error(st, t, row, RISK_COL_ID, "expected a risk id of 1 to 256 bytes");
    int32_t existing;
    if (strmap_insert(&c->ids, id, id_len, p->n_risks, &existing) != STATUS_OK)
        return plan_nomem(L);
    if (existing >= 0)
        return status_set_at(st, STATUS_EINPUT, t->path, row->line, (long)t->field[RISK_COL_ID] + 1,
                             "id: expected a unique risk id, found '%s' again (first on line "
                             "%ld)",
                             id, p->risks[existing].line);
    int32_t section;
    if (!plan_find_section(L, plan_table_get(t, row, RISK_COL_SCENARIO), &section))
        return plan_scenario_error(st, t, row, RISK_COL_SCENARIO);
    bool has_items = *plan_table_get(t, row, RISK_COL_ITEMS) != '\0';
    bool has_team = *plan_table_get(t, row, RISK_COL_TEAM) != '\0';
    if (has_items && has_team)
        return plan_value_error(st, t, row, RISK_COL_TEAM,
                                "expected nothing when items are given (a risk affects the items "
                                "listed or every item of a team, not both)");
    if (!has_items && !has_team)
        return status_set_at(
            st, STATUS_EINPUT, t->path, row->line,
            (long)t->field[t->field[RISK_COL_ITEMS] >= 0 ? RISK_COL_ITEMS : RISK_COL_TEAM] + 1,
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
    return has_items ? plan_risk_items(c, row, rp, p->n_risks - 1, st)
                     : plan_risk_team(c, row, rp, st);
}

static status_code plan_risks_assign(plan_loader *L)
{
    plan *p = L->p;
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        plan_scenario *sc = &p->scenarios[s];
        sc->risks = malloc((p->n_risks > 0 ? (size_t)p->n_risks : 1) * sizeof *sc->risks);
        if (!sc->risks)
            return plan_nomem(L);
        for (int32_t r = 0; r < p->n_risks; r++)
            if (L->risk_section[r] < 0 || L->risk_section[r] == s)
                sc->risks[sc->n_risks++] = r;
    }
    return STATUS_OK;
}

status_code plan_risks_read(plan_loader *L)
{
    plan *p = L->p;
    plan_risks_ctx c = {.L = L};
    strmap_init(&c.ids);
    strmap_init(&c.item_ids);
    c.t = (plan_table){
        .path = L->paths[PLAN_FILE_RISKS], .cols = plan_risk_cols, .n_cols = RISK_N_COLS};
    status_code rc = STATUS_OK;
    c.stamp = calloc(p->n_items > 0 ? (size_t)p->n_items : 1, sizeof *c.stamp);
    if (!c.stamp)
        rc = plan_nomem(L);
    for (int32_t i = 0, existing; i < p->n_items && rc == STATUS_OK; i++)
        if (strmap_insert(&c.item_ids, p->items[i].id, strlen(p->items[i].id), i, &existing) !=
            STATUS_OK)
            rc = plan_nomem(L);
    if (rc == STATUS_OK)
        rc = csvread_file(L->paths[PLAN_FILE_RISKS], true, &L->found[PLAN_FILE_RISKS],
                          plan_risk_row, &c, L->sha[PLAN_FILE_RISKS], L->st);
    if (rc == STATUS_OK && L->found[PLAN_FILE_RISKS])
        rc = plan_table_finish(&c.t, false, L->st);
    if (rc == STATUS_OK)
        rc = plan_risks_assign(L);
    free(c.stamp);
    strmap_fini(&c.ids);
    strmap_fini(&c.item_ids);
    return rc;
}

/* ---- the items of each scenario: plan.csv's scenario column, drop, priority[ID] ---- */

/* Looks up the ids of `drop` and `priority[ID]`. */
static status_code plan_item_keys_resolve(plan_loader *L)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    for (int32_t k = 0; k < L->n_item_keys; k++) {
        plan_ini_item_key *e = &L->item_keys[k];
        e->item = strmap_find(&L->item_map, e->id, strlen(e->id));
        if (e->item >= 0)
            continue;
        int n = parse_excerpt_len(e->id);
        if (e->drop)
            return status_set_at(L->st, STATUS_EINPUT, path, e->line, e->id_column,
                                 "drop: expected ids of items of plan.csv separated by ';', "
                                 "found unknown id '%.*s' (on a drop line only '#' starts a "
                                 "comment)",
                                 n, e->id);
        return status_set_at(L->st, STATUS_EINPUT, path, e->line, e->id_column,
                             "priority[%.*s]: expected the id of an item of plan.csv between "
                             "'[' and ']', found unknown id '%.*s'",
                             n, e->id, n, e->id);
    }
    return STATUS_OK;
}

/* Applies section s's run item_keys[from..to) to in[] (n_items flags, set on entry for the
 * items of the scenario) and prio[] (n_items priorities); seen[] holds 0 on entry and on
 * return. A key about an item that is not in the scenario anyway is an error: it means the
 * director expects something that will not happen. */
static status_code plan_item_keys_apply(plan_loader *L, int32_t s, int32_t from, int32_t to,
                                        uint8_t *in, double *prio, long *seen)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    const plan *p = L->p;
    const char *name = L->sections[s].name;
    status_code rc = STATUS_OK;
    /* drops first, so a priority[ID] of a dropped item is caught whatever the line order */
    for (int32_t k = from; k < to && rc == STATUS_OK; k++) {
        const plan_ini_item_key *e = &L->item_keys[k];
        int32_t own = L->item_section[e->item];
        if (own >= 0 && own != s)
            rc = status_set_at(L->st, STATUS_EINPUT, path, e->line, e->id_column,
                               "[%s]: %s%s%s: %s exists only in scenario %s (plan.csv line %ld), "
                               "so it is not in this scenario anyway",
                               name, e->drop ? "drop" : "priority[", e->drop ? "" : e->id,
                               e->drop ? "" : "]", e->id, L->sections[own].name,
                               p->items[e->item].line);
        else if (e->drop)
            in[e->item] = 0;
    }
    for (int32_t k = from; k < to && rc == STATUS_OK; k++) {
        const plan_ini_item_key *e = &L->item_keys[k];
        if (e->drop)
            continue;
        if (seen[e->item])
            rc = status_set_at(L->st, STATUS_EINPUT, path, e->line, e->key_column,
                               "priority[%s]: expected each key once per section and item, found "
                               "it again (first on line %ld)",
                               e->id, seen[e->item]);
        else if (!in[e->item])
            rc = status_set_at(L->st, STATUS_EINPUT, path, e->line, e->key_column,
                               "[%s]: priority[%s]: %s is dropped in this scenario (line %ld)",
                               name, e->id, e->id, L->sections[s].drop_line);
        seen[e->item] = e->line;
        prio[e->item] = e->priority;
    }
    for (int32_t k = from; k < to; k++)
        seen[L->item_keys[k].item] = 0;
    return rc;
}

/* Scenario s must keep an item, and an item in it must not depend on one outside it. The
 * error points at what to edit: the drop line, or the plan.csv row of the dependent. */
static status_code plan_items_check(plan_loader *L, int32_t s, const uint8_t *in)
{
    const plan *p = L->p;
    const plan_ini_section *sec = &L->sections[s];
    int32_t kept = 0;
    for (int32_t i = 0; i < p->n_items; i++) {
        if (!in[i])
            continue;
        kept++;
        const plan_item *it = &p->items[i];
        for (int32_t d = 0; d < it->n_deps; d++) {
            int32_t pre = it->deps[d].item, own = L->item_section[pre];
            if (in[pre])
                continue;
            if (own >= 0 && own != s)
                return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_PLAN], it->line,
                                     L->plan_depends_column,
                                     "depends_on: %s exists only in scenario %s, but %s is in "
                                     "scenario %s too; give both the same scenario or remove "
                                     "the dependency",
                                     p->items[pre].id, L->sections[own].name, it->id, sec->name);
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS],
                                 sec->drop_line, sec->drop_column,
                                 "[%s]: drop: %s is needed by %s (depends_on); drop %s too or "
                                 "remove the dependency",
                                 sec->name, p->items[pre].id, it->id, it->id);
        }
    }
    if (kept > 0)
        return STATUS_OK;
    if (sec->drop_line > 0)
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], sec->drop_line,
                             sec->drop_column,
                             "[%s]: drop: expected at least one item left in the scenario, "
                             "found none",
                             sec->name);
    return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_PLAN], p->items[0].line,
                         L->plan_scenario_column,
                         "scenario: expected at least one item in every scenario, found none in "
                         "%s: every row names another scenario",
                         sec->name);
}

status_code plan_items_assign(plan_loader *L)
{
    plan *p = L->p;
    size_t n = p->n_items > 0 ? (size_t)p->n_items : 1;
    status_code rc = plan_item_keys_resolve(L);
    if (rc != STATUS_OK)
        return rc;
    uint8_t *in = malloc(n);
    long *seen = calloc(n, sizeof *seen);
    double *prio = malloc(n * sizeof *prio);
    if (!in || !seen || !prio) {
        rc = plan_nomem(L);
        goto done;
    }
    int32_t k = 0; /* the item keys come in runs per section, in section order */
    for (int32_t s = 0; s < p->n_scenarios && rc == STATUS_OK; s++) {
        plan_scenario *sc = &p->scenarios[s];
        int32_t from = k;
        bool has_priority = false;
        for (; k < L->n_item_keys && L->item_keys[k].section == s; k++)
            has_priority = has_priority || !L->item_keys[k].drop;
        bool all = true;
        for (int32_t i = 0; i < p->n_items; i++) {
            in[i] = L->item_section[i] < 0 || L->item_section[i] == s;
            prio[i] = p->items[i].priority;
        }
        if ((rc = plan_item_keys_apply(L, s, from, k, in, prio, seen)) != STATUS_OK ||
            (rc = plan_items_check(L, s, in)) != STATUS_OK)
            break;
        for (int32_t i = 0; i < p->n_items; i++)
            all = all && in[i];
        /* NULL when nothing changes, so the model's common case stays the plain item list */
        if (!all) {
            if (!(sc->item_in = malloc(n))) {
                rc = plan_nomem(L);
                break;
            }
            memcpy(sc->item_in, in, (size_t)p->n_items);
        }
        if (has_priority) {
            if (!(sc->item_priority = malloc(n * sizeof *sc->item_priority))) {
                rc = plan_nomem(L);
                break;
            }
            memcpy(sc->item_priority, prio, (size_t)p->n_items * sizeof *prio);
        }
    }
    assert(rc != STATUS_OK || k == L->n_item_keys);
done:
    free(in);
    free(seen);
    free(prio);
    return rc;
}
