/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_settings: the run settings of every scenario, from scenarios.ini's sections (plan_ini.c),
 * teams.csv's setting columns, the command line and the registry's defaults (setting.h).
 *
 * The scenarios' settings are completed after history is read, because start defaults to the
 * day after history_end. A scenario starts from the baseline after the command-line overrides,
 * so `--trials` reaches every scenario that does not set trials itself. Per-team values follow
 * the precedence of docs/inputs.md ("Per-team values"), for every per-team setting of the
 * registry alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

/* Orders `key[team]` lines by section, team, key, then line, so that a section's lines form one
 * run (found by binary search) and duplicates sit side by side. */
static int plan_cmp_team_key(const void *a, const void *b)
{
    const plan_ini_team_key *x = a, *y = b;
    if (x->section != y->section)
        return (x->section > y->section) - (x->section < y->section);
    if (x->team != y->team)
        return (x->team > y->team) - (x->team < y->team);
    if (x->setting != y->setting)
        return (x->setting > y->setting) - (x->setting < y->setting);
    return (x->line > y->line) - (x->line < y->line);
}

status_code plan_settings_teams(plan_loader *L)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    for (int32_t i = 0; i < L->n_team_keys; i++) {
        plan_ini_team_key *e = &L->team_keys[i];
        e->team = strmap_find(&L->team_map, e->team_name, strlen(e->team_name));
        if (e->team < 0)
            return status_set_at(L->st, STATUS_EINPUT, path, e->line, e->team_column,
                                 "%s[%.*s]: expected a team from teams.csv between '[' and ']', "
                                 "found '%.*s'",
                                 setting_at(e->setting)->name, parse_excerpt_len(e->team_name),
                                 e->team_name, parse_excerpt_len(e->team_name), e->team_name);
    }
    if (L->n_team_keys > 1)
        qsort(L->team_keys, (size_t)L->n_team_keys, sizeof *L->team_keys, plan_cmp_team_key);
    /* Report the repeat that comes first in the file, whatever the sort put first. */
    const plan_ini_team_key *dup = NULL, *orig = NULL;
    for (int32_t i = 1; i < L->n_team_keys; i++) {
        const plan_ini_team_key *x = &L->team_keys[i - 1], *y = &L->team_keys[i];
        if (x->section == y->section && x->team == y->team && x->setting == y->setting &&
            (!dup || y->line < dup->line)) {
            dup = y;
            orig = x;
            while (orig > L->team_keys && orig[-1].section == y->section &&
                   orig[-1].team == y->team && orig[-1].setting == y->setting)
                orig--;
        }
    }
    if (dup)
        return status_set_at(L->st, STATUS_EINPUT, path, dup->line, dup->key_column,
                             "%s[%s]: expected each key once per section and team, found it "
                             "again (first on line %ld)",
                             setting_at(dup->setting)->name, dup->team_name, orig->line);
    return STATUS_OK;
}

/* The run of L->team_keys belonging to section s: [*from, *to). */
static void plan_team_key_range(const plan_loader *L, int32_t s, int32_t *from, int32_t *to)
{
    int32_t lo = 0, hi = L->n_team_keys;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (L->team_keys[mid].section < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    *from = lo;
    while (lo < L->n_team_keys && L->team_keys[lo].section == s)
        lo++;
    *to = lo;
}

/* Copies every per-team setting given in section s into each team. */
static void plan_apply_section_teams(const plan_loader *L, int32_t s, plan_team_settings *teams)
{
    const plan_ini_section *sec = &L->sections[s];
    for (int32_t i = 0; i < setting_count(); i++)
        if (setting_per_team(setting_at(i)) && (sec->set & ((uint64_t)1 << i)))
            for (int32_t k = 0; k < L->p->n_teams; k++)
                setting_copy(setting_at(i), NULL, NULL, &teams[k], &sec->team);
}

static void plan_apply_team_keys(const plan_loader *L, int32_t s, plan_team_settings *teams)
{
    int32_t from, to;
    plan_team_key_range(L, s, &from, &to);
    for (int32_t i = from; i < to; i++) {
        const plan_ini_team_key *e = &L->team_keys[i];
        setting_copy(setting_at(e->setting), NULL, NULL, &teams[e->team], &e->value);
    }
}

/* Fills sc->teams for scenario s by applying the levels from the weakest to the strongest:
 * default, [baseline]'s key, teams.csv, [baseline]'s key[team], the scenario's key, the
 * scenario's key[team] (docs/inputs.md, "Per-team values"). */
static status_code plan_scenario_teams(plan_loader *L, int32_t s)
{
    plan *p = L->p;
    plan_scenario *sc = &p->scenarios[s];
    sc->teams = calloc(p->n_teams > 0 ? (size_t)p->n_teams : 1, sizeof *sc->teams);
    if (!sc->teams)
        return plan_nomem(L);
    for (int32_t k = 0; k < p->n_teams; k++)
        setting_defaults(NULL, &sc->teams[k]);
    plan_apply_section_teams(L, 0, sc->teams);
    for (int32_t k = 0; k < p->n_teams; k++)
        for (int32_t i = 0; i < setting_count(); i++)
            if (L->team_cols_set[k] & ((uint64_t)1 << i))
                setting_copy(setting_at(i), NULL, NULL, &sc->teams[k], &L->team_cols[k]);
    plan_apply_team_keys(L, 0, sc->teams);
    if (s > 0) {
        plan_apply_section_teams(L, s, sc->teams);
        plan_apply_team_keys(L, s, sc->teams);
    }
    return STATUS_OK;
}

/* Copies the settings given in sec into run. */
static void plan_apply_section(const plan_ini_section *sec, plan_settings *run)
{
    for (int32_t i = 0; i < setting_count(); i++)
        if (sec->set & ((uint64_t)1 << i))
            setting_copy(setting_at(i), run, &sec->run, NULL, NULL);
}

/* Where setting s was written in section sec alone. */
static bool plan_section_place(const plan_ini_section *sec, const setting *s, long *line,
                               long *column)
{
    int32_t i = setting_index(s);
    if (!(sec->set & ((uint64_t)1 << i)))
        return false;
    *line = sec->key_line[i];
    *column = sec->key_column[i];
    return true;
}

/* Where a scenario's horizon/start pair was written, for the horizon-before-start error: its
 * own section first, then the baseline; horizon before start in each. */
static bool plan_horizon_place(const plan_loader *L, int32_t s, long *line, long *column)
{
    const setting *horizon = setting_find("horizon"), *start = setting_find("start");
    for (int32_t k = 0; k < (s > 0 ? 2 : 1); k++) {
        const plan_ini_section *sec = &L->sections[k == 0 ? s : 0];
        if (plan_section_place(sec, horizon, line, column) ||
            plan_section_place(sec, start, line, column))
            return true;
    }
    return false;
}

/* A trial runs from start for up to cap_years (plus a week of calendar look-ahead); every
 * date it can reach must exist (year 9999 at the latest). */
static status_code plan_check_reach(const plan_loader *L, int32_t s, const plan_settings *set)
{
    int32_t last;
    date_from_ymd(9999, 12, 31, &last);
    const int32_t lookahead_days = 8;
    if ((int64_t)set->start + 365 * (int64_t)set->cap_years + lookahead_days <= last)
        return STATUS_OK;
    char a[DATE_TEXT_SIZE];
    date_format(set->start, a);
    long line = 0, column = 0;
    if (plan_setting_place(L, s, setting_find("start"), &line, &column) ||
        plan_setting_place(L, s, setting_find("cap_years"), &line, &column))
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line, column,
                             "[%s]: start: a run from %s over cap_years = %d would pass "
                             "9999-12-31; expected an earlier start or a smaller cap_years",
                             L->sections[s].name, a, (int)set->cap_years);
    if (L->start_from_option)
        return status_set(L->st, STATUS_EINPUT,
                          "start: a run from %s over cap_years = %d would pass 9999-12-31; "
                          "expected an earlier --start or a smaller cap_years",
                          a, (int)set->cap_years);
    /* start is the day after history_end: point at where that came from */
    if (plan_setting_place(L, 0, setting_find("history_end"), &line, &column))
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line, column,
                             "[%s]: history_end: a run from the day after it, %s, over cap_years "
                             "= %d would pass 9999-12-31; expected an earlier history_end, a "
                             "start, or a smaller cap_years",
                             L->sections[s].name, a, (int)set->cap_years);
    return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_HISTORY], 0, 0,
                         "done: a run from the day after the latest done, %s, over cap_years = %d "
                         "would pass 9999-12-31; expected an earlier history_end or a start in "
                         "scenarios.ini, or a smaller cap_years",
                         a, (int)set->cap_years);
}

/* The baseline's settings: defaults, [baseline], then the command line. */
static status_code plan_base_settings(plan_loader *L, const plan_overrides *ov, plan_settings *base)
{
    setting_defaults(base, NULL);
    plan_apply_section(&L->sections[0], base);
    base->history_end = L->history_end;
    if (ov) {
        L->start_from_option = ov->start != DATE_NONE && ov->start != 0;
        if (L->start_from_option)
            base->start = ov->start;
        if (ov->horizon != DATE_NONE && ov->horizon != 0)
            base->horizon = ov->horizon;
        const setting *trials = setting_find("trials");
        if (ov->trials > (uint64_t)trials->max)
            return status_set(L->st, STATUS_EINPUT,
                              "--trials: expected a whole number in 1..%llu, found %llu",
                              (unsigned long long)trials->max, (unsigned long long)ov->trials);
        if (ov->trials > 0)
            base->trials = ov->trials;
        if (ov->has_seed)
            base->seed = ov->seed;
    }
    if (base->start == DATE_NONE)
        base->start = base->history_end + 1;
    return STATUS_OK;
}

/* A scenario's dates: horizon not before start, a reachable end, and a warning when the
 * forecast starts inside the history it samples. */
static status_code plan_check_dates(plan_loader *L, int32_t s, const plan_settings *set)
{
    const char *name = L->sections[s].name;
    char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
    if (set->horizon != DATE_NONE && set->horizon < set->start) {
        long line = 0, column = 0;
        date_format(set->horizon, a);
        date_format(set->start, b);
        if (plan_horizon_place(L, s, &line, &column))
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line, column,
                                 "[%s]: horizon: expected a date on or after start (%s), found %s",
                                 name, b, a);
        return status_set(L->st, STATUS_EINPUT,
                          "--horizon: expected a date on or after start (%s), found %s", b, a);
    }
    status_code rc = plan_check_reach(L, s, set);
    if (rc != STATUS_OK || set->start > set->history_end)
        return rc;
    date_format(set->start, a);
    date_format(set->history_end, b);
    return plan_warn(L,
                     "scenario '%s': start %s is on or before history_end %s: the forecast "
                     "overlaps the history it samples",
                     name, a, b);
}

status_code plan_settings_finish(plan_loader *L, const plan_overrides *ov)
{
    plan *p = L->p;
    plan_settings base;
    status_code rc = plan_base_settings(L, ov, &base);
    if (rc != STATUS_OK)
        return rc;
    p->scenarios = calloc((size_t)L->n_sections, sizeof *p->scenarios);
    if (!p->scenarios)
        return plan_nomem(L);
    for (int32_t s = 0; s < L->n_sections; s++) {
        plan_scenario *sc = &p->scenarios[s];
        sc->name = strdup(L->sections[s].name);
        if (!sc->name)
            return plan_nomem(L);
        p->n_scenarios++;
        sc->line = L->sections[s].line;
        sc->settings = base;
        if (s > 0)
            plan_apply_section(&L->sections[s], &sc->settings);
        if ((rc = plan_check_dates(L, s, &sc->settings)) != STATUS_OK ||
            (rc = plan_scenario_teams(L, s)) != STATUS_OK)
            return rc;
    }
    /* teams.csv's wip column is required and ranks above [baseline]'s wip: say so rather than
     * ignore the key silently. */
    long line, column;
    if (plan_section_place(&L->sections[0], setting_find("wip"), &line, &column) && p->n_teams > 0)
        return plan_warn(L,
                         "%s:%ld: [baseline] wip = %d has no effect: each team's wip in "
                         "teams.csv comes first (set wip in a scenario, or wip[team] in "
                         "[baseline])",
                         L->paths[PLAN_FILE_SCENARIOS], line, (int)L->sections[0].team.wip);
    return STATUS_OK;
}
