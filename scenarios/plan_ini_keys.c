/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_ini_keys: what a key line of scenarios.ini means, once plan_ini.c has split it; see
 * docs/inputs.md.
 *
 * A key outside [history] is one of the item what-ifs of a named scenario (`drop`,
 * `priority[ID]`, `remove_dependency`) or a setting of the registry (setting.h), whose scope
 * decides where it may be written and whose type parses its value. Team names and item ids are
 * resolved later, once teams.csv and plan.csv are read, so their places are kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"
#include "suggest.h"

enum { PLAN_TEAM_KEYS_MAX = 1000000, PLAN_ITEM_KEYS_MAX = 1000000 };

static status_code plan_push_item_key(plan_loader *L, const plan_ini_item_key *e, const char *id)
{
    if (L->n_item_keys >= PLAN_ITEM_KEYS_MAX)
        return status_set_at(L->st, STATUS_ELIMIT, L->paths[PLAN_FILE_SCENARIOS], e->line,
                             e->id_column, "more than %d dropped ids and priority[ID] keys",
                             PLAN_ITEM_KEYS_MAX);
    size_t cap = (size_t)L->cap_item_keys;
    if (!plan_reserve((void **)&L->item_keys, sizeof *L->item_keys, (size_t)L->n_item_keys + 1,
                      &cap))
        return plan_nomem(L);
    L->cap_item_keys = (int32_t)cap;
    char *copy = strdup(id);
    if (!copy)
        return plan_nomem(L);
    L->item_keys[L->n_item_keys] = *e;
    L->item_keys[L->n_item_keys++].id = copy;
    return STATUS_OK;
}

/* `drop = ID;ID;...` and `priority[ID] = NUMBER`: what-ifs about a named scenario's items. The
 * ids are looked up once plan.csv is read (plan_assign.c), so only their places are checked and
 * kept here. */
static status_code plan_ini_item_line(plan_loader *L, const plan_ini_line *ln, int32_t current)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    const char *id = ln->bracket;
    char *v = ln->value;
    bool drop = parse_same_name(ln->key, "drop");
    long line = ln->line, column = ln->column, v_column = plan_ini_column(ln, v);
    if (drop && id)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "drop: expected 'drop = ID;ID;...', without [...]");
    if (!drop && (!id || *id == '\0'))
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "priority: expected 'priority[ID] = NUMBER' with the id of an item "
                             "of plan.csv between '[' and ']'");
    char label[PLAN_ID_MAX + 16];
    if (drop)
        snprintf(label, sizeof label, "drop");
    else
        snprintf(label, sizeof label, "priority[%.*s]", parse_excerpt_len(id), id);
    if (current < 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s: expected a [section] line before the first key", label);
    if (current == 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             drop ? "%s can only be set in a scenario; remove the row from "
                                    "plan.csv instead"
                                  : "%s can only be set in a scenario; change the priority "
                                    "column of plan.csv instead",
                             label);
    plan_ini_section *sec = &L->sections[current];
    if (drop && sec->drop_line > 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "drop: expected each key once per section, found it again (first "
                             "on line %ld)",
                             sec->drop_line);
    if (*v == '\0' || (drop && v[strspn(v, "; \t")] == '\0'))
        return status_set_at(L->st, STATUS_EINPUT, path, line, v_column,
                             drop ? "%s: expected ids of items of plan.csv separated by ';', "
                                    "found nothing"
                                  : "%s: expected a value, found nothing",
                             label);
    plan_ini_item_key e = {
        .section = current, .drop = drop, .item = -1, .line = line, .key_column = column};
    if (!drop) {
        /* the same rule as plan.csv's priority column */
        if (!parse_real(v, -1e15, 1e15, &e.priority))
            return status_set_at(L->st, STATUS_EINPUT, path, line, v_column,
                                 "%s: expected a number (lower first), found '%.*s'", label,
                                 parse_excerpt_len(v), v);
        e.id_column = plan_ini_column(ln, id);
        return plan_push_item_key(L, &e, id);
    }
    sec->drop_line = line;
    sec->drop_column = v_column;
    for (char *rest = v, *tok; (tok = parse_next_entry(&rest, ';'));) {
        e.id_column = plan_ini_column(ln, tok);
        status_code rc = plan_push_item_key(L, &e, tok);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}

/* `remove_dependency = A->B;C->D`: dependencies a named scenario removes (B no longer waits
 * for A). The ids are looked up, and the dependency checked, once plan.csv is read. */
static status_code plan_ini_remove_line(plan_loader *L, const plan_ini_line *ln, int32_t current)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    long line = ln->line, column = ln->column, v_column = plan_ini_column(ln, ln->value);
    if (ln->bracket)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "remove_dependency: expected 'remove_dependency = A->B;C->D', "
                             "without [...]");
    if (current < 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "remove_dependency: expected a [section] line before the first key");
    if (current == 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "remove_dependency can only be set in a scenario; change the "
                             "depends_on column of plan.csv instead");
    plan_ini_section *sec = &L->sections[current];
    if (sec->remove_line > 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "remove_dependency: expected each key once per section, found it "
                             "again (first on line %ld)",
                             sec->remove_line);
    if (ln->value[strspn(ln->value, "; \t")] == '\0')
        return status_set_at(L->st, STATUS_EINPUT, path, line, v_column,
                             "remove_dependency: expected dependencies A->B separated by ';', "
                             "found nothing");
    sec->remove_line = line;
    for (char *rest = ln->value, *tok; (tok = parse_next_entry(&rest, ';'));) {
        long tok_column = plan_ini_column(ln, tok);
        char *arrow = strstr(tok, "->");
        if (!arrow)
            return status_set_at(L->st, STATUS_EINPUT, path, line, tok_column,
                                 "remove_dependency: expected A->B (B depends on A), found '%.*s'",
                                 parse_excerpt_len(tok), tok);
        *arrow = '\0';
        char *from = parse_trim(tok), *to = parse_trim(arrow + 2);
        if (*from == '\0' || *to == '\0')
            return status_set_at(L->st, STATUS_EINPUT, path, line, tok_column,
                                 "remove_dependency: expected A->B with two item ids");
        size_t cap = (size_t)L->cap_removals;
        if (!plan_reserve((void **)&L->removals, sizeof *L->removals, (size_t)L->n_removals + 1,
                          &cap))
            return plan_nomem(L);
        L->cap_removals = (int32_t)cap;
        plan_ini_removal *r = &L->removals[L->n_removals];
        *r = (plan_ini_removal){current, strdup(from), strdup(to), line, tok_column};
        L->n_removals++;
        if (!r->from_id || !r->to_id)
            return plan_nomem(L);
    }
    return STATUS_OK;
}

/* Whether s is listed among the keys of [baseline] and scenarios (per team: of key[team]). */
static bool plan_ini_listed(const setting *s, bool per_team)
{
    return per_team ? setting_per_team(s) : s->scope != SETTING_SCOPE_HISTORY;
}

/* "a, b or c" (last_sep " or "), or "a, b, c": the registry's keys, or those set per team. */
static void plan_ini_key_list(bool per_team, const char *last_sep, char *buf, size_t size)
{
    int32_t n = 0, total = 0;
    for (int32_t i = 0; i < setting_count(); i++)
        total += plan_ini_listed(setting_at(i), per_team);
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < setting_count() && used < size; i++) {
        const setting *s = setting_at(i);
        if (!plan_ini_listed(s, per_team))
            continue;
        n++;
        int w = snprintf(buf + used, size - used, "%s%s",
                         n == 1       ? ""
                         : n == total ? last_sep
                                      : ", ",
                         s->name);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* "unknown key 'x'", with the closest key when there is one, else the list of keys. */
static status_code plan_ini_unknown_key(const plan_loader *L, const plan_ini_line *ln)
{
    const char *names[SETTINGS_MAX + 3];
    int32_t n = 0;
    for (int32_t i = 0; i < setting_count(); i++)
        if (plan_ini_listed(setting_at(i), false))
            names[n++] = setting_at(i)->name;
    names[n++] = "drop";
    names[n++] = "priority";
    names[n++] = "remove_dependency";
    int32_t near = suggest_closest(ln->key, names, n);
    int len = parse_excerpt_len(ln->key);
    if (near >= 0)
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], ln->line,
                             ln->column, "unknown key '%.*s'; did you mean '%s%s'?", len, ln->key,
                             names[near], strcmp(names[near], "priority") == 0 ? "[ID]" : "");
    char list[1024];
    plan_ini_key_list(false, ", ", list, sizeof list);
    return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], ln->line, ln->column,
                         "unknown key '%.*s' (expected %s, drop, priority[ID] or "
                         "remove_dependency)",
                         len, ln->key, list);
}

/* Sets the plan's list of names at s's place (the unplanned types) from comma-separated text
 * that setting_parse accepted: trimmed, lower-cased, empty entries dropped. */
status_code plan_ini_names(plan_loader *L, const setting *s, const char *list)
{
    /* the plan's array and count at s's place (setting_names is their layout) */
    unsigned char *at = (unsigned char *)L->p + s->plan_offset;
    char ***names = (char ***)(void *)at;
    int32_t *n = (int32_t *)(void *)(at + offsetof(setting_names, n));
    for (int32_t i = 0; i < *n; i++)
        free((*names)[i]);
    free(*names);
    *n = 0;
    size_t max = 1;
    for (const char *c = list; *c; c++)
        max += *c == ',';
    if (!(*names = calloc(max, sizeof **names)))
        return plan_nomem(L);
    const char *a;
    size_t len;
    for (const char *cursor = list; parse_list_next(&cursor, &a, &len);) {
        char *name = malloc(len + 1);
        if (!name)
            return plan_nomem(L); /* the plan owns what is in the list */
        for (size_t i = 0; i < len; i++)
            name[i] = (a[i] >= 'A' && a[i] <= 'Z') ? (char)(a[i] - 'A' + 'a') : a[i];
        name[len] = '\0';
        (*names)[(*n)++] = name;
    }
    return STATUS_OK;
}

static status_code plan_push_team_key(plan_loader *L, const plan_ini_team_key *e, const char *team)
{
    if (L->n_team_keys >= PLAN_TEAM_KEYS_MAX)
        return status_set_at(L->st, STATUS_ELIMIT, L->paths[PLAN_FILE_SCENARIOS], e->line,
                             e->key_column, "more than %d per-team keys", PLAN_TEAM_KEYS_MAX);
    size_t cap = (size_t)L->cap_team_keys;
    if (!plan_reserve((void **)&L->team_keys, sizeof *L->team_keys, (size_t)L->n_team_keys + 1,
                      &cap))
        return plan_nomem(L);
    L->cap_team_keys = (int32_t)cap;
    char *copy = strdup(team);
    if (!copy)
        return plan_nomem(L);
    L->team_keys[L->n_team_keys] = *e;
    L->team_keys[L->n_team_keys++].team_name = copy;
    return STATUS_OK;
}

/* `key = value` or `key[team] = value` of a setting of the registry. */
static status_code plan_ini_setting_line(plan_loader *L, const plan_ini_line *ln, const setting *s,
                                         int32_t current)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    const char *team = ln->bracket;
    long line = ln->line, column = ln->column;
    int32_t i = setting_index(s);
    if (team && !setting_per_team(s)) {
        char list[512];
        plan_ini_key_list(true, " or ", list, sizeof list);
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s[...]: unknown per-team key (expected %s before [team])", s->name,
                             list);
    }
    if (team && *team == '\0')
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s[]: expected a team name between '[' and ']'", s->name);
    if (current < 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s: expected a [section] line before the first key", s->name);
    plan_ini_section *sec = &L->sections[current];
    if (current > 0 && s->scope == SETTING_SCOPE_RUN)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s can only be set in [baseline], found it in [%s]", s->name,
                             sec->name);
    if (!team && (sec->set & ((uint64_t)1 << i)))
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s: expected each key once per section, found it again (first "
                             "on line %ld)",
                             s->name, sec->key_line[i]);
    char label[PLAN_ID_MAX + 64];
    if (team)
        snprintf(label, sizeof label, "%s[%.*s]", s->name, parse_excerpt_len(team), team);
    else
        snprintf(label, sizeof label, "%s", s->name);
    long v_column = plan_ini_column(ln, ln->value);
    setting_value value;
    if (*ln->value == '\0')
        return status_set_at(L->st, STATUS_EINPUT, path, line, v_column,
                             "%s: expected a value, found nothing", label);
    if (!setting_parse(s, ln->value, SETTING_FROM_INI, &value)) {
        char expected[256];
        setting_expected(s, SETTING_FROM_INI, expected, sizeof expected);
        return status_set_at(L->st, STATUS_EINPUT, path, line, v_column, "%s: %s, found '%.*s'",
                             label, expected, parse_excerpt_len(ln->value), ln->value);
    }
    if (team) {
        plan_ini_team_key e = {.section = current,
                               .setting = i,
                               .team = -1,
                               .line = line,
                               .key_column = column,
                               .team_column = plan_ini_column(ln, team)};
        setting_store(s, &value, NULL, &e.value);
        return plan_push_team_key(L, &e, team);
    }
    if (s->plan_offset >= 0) {
        status_code rc = plan_ini_names(L, s, ln->value);
        if (rc != STATUS_OK)
            return rc;
    }
    setting_store(s, &value, &sec->run, &sec->team);
    sec->set |= (uint64_t)1 << i;
    sec->key_line[i] = line;
    sec->key_column[i] = v_column;
    return STATUS_OK;
}

status_code plan_ini_key(plan_loader *L, const plan_ini_line *ln, int32_t current)
{
    if (parse_same_name(ln->key, "drop") || parse_same_name(ln->key, "priority"))
        return plan_ini_item_line(L, ln, current);
    if (parse_same_name(ln->key, "remove_dependency"))
        return plan_ini_remove_line(L, ln, current);
    const setting *s = setting_find(ln->key);
    if (!s && setting_find_history(ln->key))
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], ln->line,
                             ln->column, "%s can only be set in [history]",
                             setting_find_history(ln->key)->name);
    if (!s)
        return plan_ini_unknown_key(L, ln);
    return plan_ini_setting_line(L, ln, s, current);
}
