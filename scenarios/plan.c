/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan: plan_load's driver, the checks across files, and the plan's accessors and destructor;
 * see plan.h. Each input file has its own step (plan_internal.h lists them).
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
#include "history.h"
#include "plan_internal.h"
#include "workdays.h"

static const char *const plan_file_names[PLAN_N_FILES] = {
    "history.csv", "teams.csv", "plan.csv",     "calendar.csv",
    "changes.csv", "risks.csv", "scenarios.ini"};

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
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
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
    long column = plan_items_column(L, "team");
    for (int pass = 0; pass < 2 && rc == STATUS_OK; pass++) {
        for (int32_t i = 0; i < p->n_items && rc == STATUS_OK; i++) {
            const plan_item *it = &p->items[i];
            const plan_team *team = &p->teams[it->team];
            if (first[it->team] != i || team->estimated)
                continue;
            /* the team's own window: it starts at its first record at the earliest */
            date_format(team->window_start > he ? he : team->window_start, from);
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
    return plan_import_files(L);
}

static void plan_loader_fini(plan_loader *L)
{
    for (int f = 0; f < PLAN_N_FILES; f++)
        free(L->paths[f]);
    strmap_fini(&L->team_map);
    for (int32_t s = 0; L->sections && s < L->n_sections; s++) {
        free(L->sections[s].name);
        free(L->sections[s].comment);
    }
    free(L->sections);
    for (int32_t i = 0; i < L->n_team_keys; i++)
        free(L->team_keys[i].team_name);
    free(L->team_keys);
    for (int32_t i = 0; i < L->n_item_keys; i++)
        free(L->item_keys[i].id);
    free(L->item_keys);
    for (int32_t i = 0; i < L->n_removals; i++) {
        free(L->removals[i].from_id);
        free(L->removals[i].to_id);
    }
    free(L->removals);
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
    plan_import_fini(L);
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
    bool items = !overrides || !overrides->history_only;
    if ((rc = plan_ini_read(&L)) || (rc = plan_teams_read(&L)) || (rc = plan_settings_teams(&L)) ||
        (rc = plan_calendar_read(&L)) || (rc = plan_history_read(&L)) ||
        (rc = plan_history_derive(&L)) || (items && (rc = plan_items_read(&L))) ||
        (rc = plan_settings_finish(&L, overrides)) || (items && (rc = plan_assign_items(&L))) ||
        (items && (rc = plan_assign_removals(&L))) || (items && (rc = plan_changes_read(&L))) ||
        (items && (rc = plan_risks_read(&L))) || (rc = plan_assign_rows(&L)) ||
        (rc = plan_check_teams(&L, overrides)) || (rc = plan_files_fill(&L)))
        goto done;
    /* the plan keeps the history's records */
    L.p->records = L.recs;
    L.p->n_records = L.n_recs;
    L.p->n_epics = L.n_epics;
    L.recs = NULL;
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
        history_team_fini(t);
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
        free(p->scenarios[s].edge_removed);
        free(p->scenarios[s].comment);
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
    free(p->records);
    for (int32_t i = 0; i < p->n_warnings; i++)
        free(p->warnings[i]);
    free(p->warnings);
    free(p);
}

bool plan_is_working_day(const plan *p, int32_t team, int32_t date)
{
    const plan_team *t = &p->teams[team];
    return workdays_is_working(t->days_off, t->n_days_off, date);
}

int32_t plan_find_team(const plan *p, const char *name)
{
    for (int32_t k = 0; k < p->n_teams; k++)
        if (strcmp(p->teams[k].name, name) == 0)
            return k;
    return -1;
}
