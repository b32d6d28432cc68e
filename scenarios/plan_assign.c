/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_assign: what belongs to each scenario. Items: plan.csv's `scenario` column adds an item
 * to one scenario, scenarios.ini's `drop` removes items from one and `priority[ID]` reorders
 * them. Rows of changes.csv and risks.csv: those for every scenario and those naming it.
 *
 * Like a change, an added or dropped item is a what-if, resolved here once every id and
 * section is known into per-scenario arrays the model indexes (NULL where a scenario changes
 * nothing, so the common case stays the plain plan). A scenario's items must be closed under
 * dependencies (depgraph.h): an item in it cannot depend on one that is not.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "depgraph.h"
#include "plan_internal.h"

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
    int32_t pre, i = depgraph_find_outside(p->items, p->n_items, in, &pre);
    if (i >= 0) {
        const plan_item *it = &p->items[i];
        int32_t own = L->item_section[pre];
        if (own >= 0 && own != s)
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_PLAN], it->line,
                                 plan_items_column(L, "depends_on"),
                                 "depends_on: %s exists only in scenario %s, but %s is in "
                                 "scenario %s too; give both the same scenario or remove "
                                 "the dependency",
                                 p->items[pre].id, L->sections[own].name, it->id, sec->name);
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], sec->drop_line,
                             sec->drop_column,
                             "[%s]: drop: %s is needed by %s (depends_on); drop %s too or "
                             "remove the dependency",
                             sec->name, p->items[pre].id, it->id, it->id);
    }
    int32_t kept = 0;
    for (int32_t k = 0; k < p->n_items; k++)
        kept += in[k] != 0;
    if (kept > 0)
        return STATUS_OK;
    if (sec->drop_line > 0)
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], sec->drop_line,
                             sec->drop_column,
                             "[%s]: drop: expected at least one item left in the scenario, "
                             "found none",
                             sec->name);
    return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_PLAN], p->items[0].line,
                         plan_items_column(L, "scenario"),
                         "scenario: expected at least one item in every scenario, found none in "
                         "%s: every row names another scenario",
                         sec->name);
}

status_code plan_assign_items(plan_loader *L)
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

/* `remove_dependency`: each A->B must be a dependency of plan.csv (B depends on A), both
 * items in the scenario; it becomes a flag in the scenario's edge_removed (plan order). */
status_code plan_assign_removals(plan_loader *L)
{
    plan *p = L->p;
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    int32_t n_edges = 0;
    for (int32_t i = 0; i < p->n_items; i++)
        n_edges += p->items[i].n_deps;
    for (int32_t k = 0; k < L->n_removals; k++) {
        const plan_ini_removal *r = &L->removals[k];
        plan_scenario *sc = &p->scenarios[r->section];
        int32_t from = strmap_find(&L->item_map, r->from_id, strlen(r->from_id));
        int32_t to = strmap_find(&L->item_map, r->to_id, strlen(r->to_id));
        const char *unknown = from < 0 ? r->from_id : to < 0 ? r->to_id : NULL;
        if (unknown)
            return status_set_at(L->st, STATUS_EINPUT, path, r->line, r->column,
                                 "remove_dependency: expected ids of items of plan.csv in A->B, "
                                 "found unknown id '%.*s'",
                                 parse_excerpt_len(unknown), unknown);
        int32_t edge = -1, first = 0;
        for (int32_t i = 0; i < to; i++)
            first += p->items[i].n_deps;
        for (int32_t d = 0; d < p->items[to].n_deps; d++)
            if (p->items[to].deps[d].item == from)
                edge = first + d;
        if (edge < 0)
            return status_set_at(L->st, STATUS_EINPUT, path, r->line, r->column,
                                 "[%s]: remove_dependency: %s does not depend on %s in plan.csv "
                                 "(line %ld)",
                                 sc->name, r->to_id, r->from_id, p->items[to].line);
        if ((sc->item_in && !sc->item_in[to]) || (sc->item_in && !sc->item_in[from]))
            return status_set_at(L->st, STATUS_EINPUT, path, r->line, r->column,
                                 "[%s]: remove_dependency: %s->%s: %s is not in this scenario",
                                 sc->name, r->from_id, r->to_id,
                                 sc->item_in[to] ? r->from_id : r->to_id);
        if (!sc->edge_removed && !(sc->edge_removed = calloc((size_t)n_edges + 1, 1)))
            return plan_nomem(L);
        sc->edge_removed[edge] = 1;
    }
    return STATUS_OK;
}

/* Copies into every scenario the changes for all scenarios and its own, in file order, and
 * the indices of its risks. */
status_code plan_assign_rows(plan_loader *L)
{
    plan *p = L->p;
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        plan_scenario *sc = &p->scenarios[s];
        size_t n = 0;
        for (size_t i = 0; i < L->n_changes; i++)
            n += L->change_section[i] < 0 || L->change_section[i] == s;
        sc->changes = malloc((n ? n : 1) * sizeof *sc->changes);
        sc->risks = malloc((p->n_risks > 0 ? (size_t)p->n_risks : 1) * sizeof *sc->risks);
        if (!sc->changes || !sc->risks)
            return plan_nomem(L);
        for (size_t i = 0; i < L->n_changes; i++)
            if (L->change_section[i] < 0 || L->change_section[i] == s)
                sc->changes[sc->n_changes++] = L->changes[i];
        for (int32_t r = 0; r < p->n_risks; r++)
            if (L->risk_section[r] < 0 || L->risk_section[r] == s)
                sc->risks[sc->n_risks++] = r;
    }
    return STATUS_OK;
}
