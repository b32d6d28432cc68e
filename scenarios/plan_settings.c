/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_settings: scenarios.ini and the run settings of every scenario.
 *
 * The ini file is read first, because the baseline's window, history_end and unplanned types
 * decide how history.csv is read; the scenarios' settings are completed last, because start
 * defaults to the day after history_end. A scenario starts from the baseline after the command
 * line overrides, so `--trials` reaches every scenario that does not set trials itself.
 * Columns in messages are byte columns of the line (1-based).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan_internal.h"

enum { PLAN_UNPLANNED_TYPES_MAX = 256, PLAN_TRIALS_MAX = 1000000000 };

typedef struct plan_key_info {
    const char *name;
    bool in_scenarios;
} plan_key_info;

static const plan_key_info plan_keys[PLAN_N_KEYS] = {
    [PLAN_KEY_START] = {"start", true},
    [PLAN_KEY_HORIZON] = {"horizon", true},
    [PLAN_KEY_HISTORY_END] = {"history_end", false},
    [PLAN_KEY_WINDOW] = {"window", false},
    [PLAN_KEY_UNPLANNED] = {"unplanned", false},
    [PLAN_KEY_TRIALS] = {"trials", false},
    [PLAN_KEY_SEED] = {"seed", false},
    [PLAN_KEY_INTERRUPT_SCALE] = {"interrupt_scale", true},
    [PLAN_KEY_UNPLANNED_EFFORT] = {"unplanned_effort", true},
    [PLAN_KEY_CONTEXT_SWITCH] = {"context_switch", true},
    [PLAN_KEY_CAP_YEARS] = {"cap_years", true},
    [PLAN_KEY_PERIOD] = {"period", true},
    [PLAN_KEY_SIZE_DISTRIBUTION] = {"size_distribution", true},
    [PLAN_KEY_BOOTSTRAP] = {"bootstrap", true},
    [PLAN_KEY_WIP] = {"wip", true},
    [PLAN_KEY_SPLIT] = {"split", true},
    [PLAN_KEY_SPLIT_DRAW] = {"split_draw", true},
};

enum { PLAN_WIP_MAX = 1000, PLAN_TEAM_KEYS_MAX = 1000000, PLAN_ITEM_KEYS_MAX = 1000000 };

static const char plan_default_unplanned[] = "bug,incident,support,ops,interrupt";

void plan_settings_default(plan_settings *s)
{
    static const double weinberg[] = {1.0, 0.8, 0.6, 0.4, 0.25};
    memset(s, 0, sizeof *s);
    s->start = DATE_NONE;
    s->horizon = DATE_NONE;
    s->history_end = DATE_NONE;
    s->window_days = 90;
    s->trials = 10000;
    s->seed = 1;
    s->interrupt_scale = 1.0;
    s->unplanned_effort = 1.0;
    memcpy(s->context_switch, weinberg, sizeof weinberg);
    s->n_context_switch = 5;
    s->cap_years = 5;
    s->period = PLAN_PERIOD_DAY;
    s->size_dist = PLAN_SIZE_UNIFORM;
    s->bootstrap = PLAN_BOOTSTRAP_DAY;
    s->split_draw = PLAN_SPLIT_PER_ITEM;
}

/* The default per-team values, before teams.csv's wip (which is always given) is applied. */
static void plan_team_settings_default(plan_team_settings *t)
{
    plan_settings s;
    plan_settings_default(&s);
    memset(t, 0, sizeof *t);
    t->wip = 1;
    t->interrupt_scale = s.interrupt_scale;
    t->unplanned_effort = s.unplanned_effort;
    memcpy(t->context_switch, s.context_switch, sizeof t->context_switch);
    t->n_context_switch = s.n_context_switch;
    t->split_low = t->split_high = 1.0;
}

/* Sets p->unplanned_types from a comma-separated list; false on an empty entry list. */
static status_code plan_set_unplanned(plan_loader *L, const char *list, bool *ok)
{
    plan *p = L->p;
    for (int32_t i = 0; i < p->n_unplanned_types; i++)
        free(p->unplanned_types[i]);
    free(p->unplanned_types);
    p->unplanned_types = NULL;
    p->n_unplanned_types = 0;
    size_t max = 1;
    for (const char *c = list; *c; c++)
        max += *c == ',';
    *ok = false;
    if (max > PLAN_UNPLANNED_TYPES_MAX)
        return STATUS_OK;
    p->unplanned_types = calloc(max, sizeof *p->unplanned_types);
    if (!p->unplanned_types)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    for (const char *a = list; *a;) {
        const char *b = a;
        while (*b && *b != ',')
            b++;
        const char *e = b;
        while (a < e && (*a == ' ' || *a == '\t'))
            a++;
        while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > a) {
            char *type = malloc((size_t)(e - a) + 1);
            if (!type)
                return status_set(L->st, STATUS_ENOMEM, "out of memory");
            for (size_t i = 0; i < (size_t)(e - a); i++)
                type[i] = (a[i] >= 'A' && a[i] <= 'Z') ? (char)(a[i] - 'A' + 'a') : a[i];
            type[e - a] = '\0';
            p->unplanned_types[p->n_unplanned_types++] = type;
        }
        a = *b ? b + 1 : b;
    }
    *ok = p->n_unplanned_types > 0;
    return STATUS_OK;
}

/* Parses value v of key into s, and the per-team keys also into ts; returns the expectation
 * text on failure, NULL on success. */
static const char *plan_parse_key(int key, const char *v, plan_settings *s, plan_team_settings *ts)
{
    long long x;
    switch (key) {
    case PLAN_KEY_START:
    case PLAN_KEY_HORIZON:
    case PLAN_KEY_HISTORY_END: {
        int32_t d;
        if (!parse_date(v, &d))
            return "expected an existing date YYYY-MM-DD";
        if (key == PLAN_KEY_START)
            s->start = d;
        else if (key == PLAN_KEY_HORIZON)
            s->horizon = d;
        else
            s->history_end = d;
        return NULL;
    }
    case PLAN_KEY_WINDOW:
        if (!parse_whole(v, 1, 3650, &x))
            return "expected a whole number of calendar days in 1..3650";
        s->window_days = (int32_t)x;
        return NULL;
    case PLAN_KEY_UNPLANNED:
        return NULL; /* kept as text; see plan_set_unplanned */
    case PLAN_KEY_TRIALS:
        if (!parse_whole(v, 1, PLAN_TRIALS_MAX, &x))
            return "expected a whole number in 1..1000000000";
        s->trials = (uint64_t)x;
        return NULL;
    case PLAN_KEY_SEED:
        if (!parse_u64(v, &s->seed))
            return "expected a whole number in 0..18446744073709551615";
        return NULL;
    case PLAN_KEY_INTERRUPT_SCALE:
        if (!parse_real(v, 0.0, 1.0, &s->interrupt_scale))
            return "expected a number in 0..1";
        ts->interrupt_scale = s->interrupt_scale;
        return NULL;
    case PLAN_KEY_UNPLANNED_EFFORT:
        if (!parse_real(v, 0.0, 10.0, &s->unplanned_effort))
            return "expected a number in 0..10";
        ts->unplanned_effort = s->unplanned_effort;
        return NULL;
    case PLAN_KEY_CONTEXT_SWITCH:
        if (!parse_factors(v, ",", false, 0.0, 1.0, s->context_switch, &s->n_context_switch))
            return "expected 1 to 16 comma-separated numbers, each > 0 and <= 1";
        memcpy(ts->context_switch, s->context_switch, sizeof ts->context_switch);
        ts->n_context_switch = s->n_context_switch;
        return NULL;
    case PLAN_KEY_CAP_YEARS:
        if (!parse_whole(v, 1, 100, &x))
            return "expected a whole number of years in 1..100";
        s->cap_years = (int32_t)x;
        return NULL;
    case PLAN_KEY_PERIOD:
        if (parse_same_name(v, "day"))
            s->period = PLAN_PERIOD_DAY;
        else if (parse_same_name(v, "week"))
            s->period = PLAN_PERIOD_WEEK;
        else
            return "expected day or week";
        return NULL;
    case PLAN_KEY_SIZE_DISTRIBUTION:
        if (parse_same_name(v, "uniform"))
            s->size_dist = PLAN_SIZE_UNIFORM;
        else if (parse_same_name(v, "triangular"))
            s->size_dist = PLAN_SIZE_TRIANGULAR;
        else if (parse_same_name(v, "lognormal"))
            s->size_dist = PLAN_SIZE_LOGNORMAL;
        else
            return "expected uniform, triangular or lognormal";
        return NULL;
    case PLAN_KEY_BOOTSTRAP:
        if (parse_same_name(v, "day"))
            s->bootstrap = PLAN_BOOTSTRAP_DAY;
        else if (parse_same_name(v, "week_block"))
            s->bootstrap = PLAN_BOOTSTRAP_WEEK_BLOCK;
        else
            return "expected day or week_block";
        return NULL;
    case PLAN_KEY_WIP:
        if (!parse_whole(v, 1, PLAN_WIP_MAX, &x))
            return "expected a whole number in 1..1000";
        ts->wip = (int32_t)x;
        return NULL;
    case PLAN_KEY_SPLIT:
        if (!parse_factor_range(v, 0.0, 100.0, &ts->split_low, &ts->split_high))
            return "expected a split factor range LOW,HIGH or one factor, with 0 < LOW <= HIGH "
                   "<= 100";
        return NULL;
    case PLAN_KEY_SPLIT_DRAW:
        if (parse_same_name(v, "item"))
            s->split_draw = PLAN_SPLIT_PER_ITEM;
        else if (parse_same_name(v, "trial"))
            s->split_draw = PLAN_SPLIT_PER_TRIAL;
        else
            return "expected item or trial";
        return NULL;
    default:
        return "unknown key";
    }
}

static bool plan_section_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

static status_code plan_new_section(plan_loader *L, const char *name, size_t len, long line,
                                    long column, int32_t *current)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    for (int32_t s = 0; s < L->n_sections; s++)
        if (L->sections[s].line > 0 && strlen(L->sections[s].name) == len &&
            memcmp(L->sections[s].name, name, len) == 0)
            return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                                 "section: expected a new section name, found [%s] again "
                                 "(first on line %ld)",
                                 L->sections[s].name, L->sections[s].line);
    if (len == 8 && memcmp(name, "baseline", 8) == 0) {
        L->sections[0].line = line;
        *current = 0;
        return STATUS_OK;
    }
    plan_ini_section *sections =
        realloc(L->sections, ((size_t)L->n_sections + 1) * sizeof *sections);
    if (!sections)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    L->sections = sections;
    plan_ini_section *sec = &sections[L->n_sections];
    memset(sec, 0, sizeof *sec);
    plan_settings_default(&sec->settings);
    sec->line = line;
    sec->name = malloc(len + 1);
    if (!sec->name)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    memcpy(sec->name, name, len);
    sec->name[len] = '\0';
    *current = L->n_sections++;
    return STATUS_OK;
}

/* True for a `drop = ...` line: there ';' separates item ids, as in plan.csv's depends_on,
 * so only '#' starts its comment. */
static bool plan_ini_is_drop(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    for (const char *k = "drop"; *k; k++, s++)
        if ((*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s) != *k)
            return false;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '=';
}

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

/* `drop = ID;ID;...` and `priority[ID] = NUMBER` (key is one of the two, id the text between
 * brackets or NULL): what-ifs about a named scenario's items. The ids are looked up once
 * plan.csv is read (plan_items_assign), so only their places are checked and kept here. */
static status_code plan_ini_item_line(plan_loader *L, const char *text, long line, long column,
                                      const char *key, const char *id, char *v, int32_t current)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    bool drop = parse_same_name(key, "drop");
    long v_column = (long)(v - text) + 1;
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
        e.id_column = (long)(id - text) + 1;
        return plan_push_item_key(L, &e, id);
    }
    sec->drop_line = line;
    sec->drop_column = v_column;
    for (char *tok = v, *next; tok; tok = next) {
        char *semi = strchr(tok, ';');
        next = semi ? semi + 1 : NULL;
        if (semi)
            *semi = '\0';
        tok = parse_trim(tok);
        if (*tok == '\0')
            continue; /* "a;" and "a;;b", as in depends_on */
        e.id_column = (long)(tok - text) + 1;
        status_code rc = plan_push_item_key(L, &e, tok);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}

static status_code plan_ini_line(plan_loader *L, char *text, long line, int32_t *current)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    /* comments, also after a value */
    char *end = text + strcspn(text, plan_ini_is_drop(text) ? "#" : ";#");
    *end = '\0';
    char *a = text;
    while (*a == ' ' || *a == '\t')
        a++;
    while (end > a && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        *--end = '\0';
    if (*a == '\0')
        return STATUS_OK;
    long column = (long)(a - text) + 1;
    if (*a == '[') {
        char *close = strchr(a, ']');
        char *name = a + 1;
        while (*name == ' ' || *name == '\t')
            name++;
        char *name_end = close ? close : name;
        while (name_end > name && (name_end[-1] == ' ' || name_end[-1] == '\t'))
            name_end--;
        bool ok = close && close[1] == '\0' && name_end > name;
        for (char *c = name; ok && c < name_end; c++)
            ok = plan_section_char(*c);
        if (!ok || name_end - name > PLAN_ID_MAX)
            return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                                 "section: expected [name] with a name of letters, digits, "
                                 "'-', '_' or '.', found '%.*s'",
                                 parse_excerpt_len(a), a);
        return plan_new_section(L, name, (size_t)(name_end - name), line, column, current);
    }
    char *eq = strchr(a, '=');
    if (!eq)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "expected 'key = value' or '[section]', found '%.*s'",
                             parse_excerpt_len(a), a);
    char *key_end = eq;
    while (key_end > a && (key_end[-1] == ' ' || key_end[-1] == '\t'))
        key_end--;
    *key_end = '\0';
    char *v = eq + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    long v_column = (long)(v - text) + 1;
    /* key[team]: the team name is resolved once teams.csv is read */
    char *team = NULL;
    char *open = strchr(a, '[');
    if (open) {
        char *close = strchr(open, ']');
        if (!close || close[1] != '\0')
            return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                                 "expected 'key = value' or 'key[team] = value', found '%.*s'",
                                 parse_excerpt_len(a), a);
        *close = '\0';
        team = parse_trim(open + 1);
        while (open > a && (open[-1] == ' ' || open[-1] == '\t'))
            open--;
        *open = '\0';
    }
    if (parse_same_name(a, "drop") || parse_same_name(a, "priority"))
        return plan_ini_item_line(L, text, line, column, a, team, v, *current);
    int key = 0;
    while (key < PLAN_N_KEYS && !parse_same_name(a, plan_keys[key].name))
        key++;
    if (key == PLAN_N_KEYS)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "unknown key '%.*s' (expected start, horizon, history_end, window, "
                             "unplanned, trials, seed, interrupt_scale, unplanned_effort, "
                             "context_switch, cap_years, period, size_distribution, bootstrap, "
                             "wip, split, split_draw, drop or priority[ID])",
                             parse_excerpt_len(a), a);
    if (team && !(PLAN_TEAM_KEYS & (1u << key)))
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s[...]: unknown per-team key (expected wip, interrupt_scale, "
                             "unplanned_effort, context_switch or split before [team])",
                             plan_keys[key].name);
    if (team && *team == '\0')
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s[]: expected a team name between '[' and ']'", plan_keys[key].name);
    if (*current < 0)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s: expected a [section] line before the first key",
                             plan_keys[key].name);
    plan_ini_section *sec = &L->sections[*current];
    if (*current > 0 && !plan_keys[key].in_scenarios)
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s can only be set in [baseline], found it in [%s]",
                             plan_keys[key].name, sec->name);
    if (!team && (sec->set & (1u << key)))
        return status_set_at(L->st, STATUS_EINPUT, path, line, column,
                             "%s: expected each key once per section, found it again (first "
                             "on line %ld)",
                             plan_keys[key].name, sec->key_line[key]);
    char label[PLAN_ID_MAX + 64];
    int team_len = team ? parse_excerpt_len(team) : 0;
    if (team)
        snprintf(label, sizeof label, "%s[%.*s]", plan_keys[key].name, team_len, team);
    else
        snprintf(label, sizeof label, "%s", plan_keys[key].name);
    if (*v == '\0')
        return status_set_at(L->st, STATUS_EINPUT, path, line, v_column,
                             "%s: expected a value, found nothing", label);
    if (team) {
        plan_settings scratch;
        plan_ini_team_key e = {.section = *current,
                               .key = key,
                               .team = -1,
                               .line = line,
                               .key_column = column,
                               .team_column = (long)(team - text) + 1};
        plan_settings_default(&scratch);
        const char *expected = plan_parse_key(key, v, &scratch, &e.value);
        if (expected)
            return status_set_at(L->st, STATUS_EINPUT, path, line, v_column, "%s: %s, found '%.*s'",
                                 label, expected, parse_excerpt_len(v), v);
        if (L->n_team_keys >= PLAN_TEAM_KEYS_MAX)
            return status_set_at(L->st, STATUS_ELIMIT, path, line, column,
                                 "more than %d per-team keys", PLAN_TEAM_KEYS_MAX);
        size_t cap = (size_t)L->cap_team_keys;
        if (!plan_reserve((void **)&L->team_keys, sizeof *L->team_keys, (size_t)L->n_team_keys + 1,
                          &cap))
            return plan_nomem(L);
        L->cap_team_keys = (int32_t)cap;
        e.team_name = strdup(team);
        if (!e.team_name)
            return plan_nomem(L);
        L->team_keys[L->n_team_keys++] = e;
        return STATUS_OK;
    }
    const char *expected = plan_parse_key(key, v, &sec->settings, &sec->values);
    if (key == PLAN_KEY_UNPLANNED) {
        bool ok;
        status_code rc = plan_set_unplanned(L, v, &ok);
        if (rc != STATUS_OK)
            return rc;
        if (!ok)
            expected = "expected comma-separated work types";
        L->unplanned_set = true;
    }
    if (expected)
        return status_set_at(L->st, STATUS_EINPUT, path, line, v_column, "%s: %s, found '%.*s'",
                             label, expected, parse_excerpt_len(v), v);
    sec->set |= 1u << key;
    sec->key_line[key] = line;
    sec->key_column[key] = v_column;
    return STATUS_OK;
}

status_code plan_settings_read(plan_loader *L)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    L->sections = calloc(1, sizeof *L->sections);
    if (!L->sections)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    L->n_sections = 1;
    plan_settings_default(&L->sections[0].settings);
    L->sections[0].name = strdup("baseline");
    if (!L->sections[0].name)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");

    char *text = NULL;
    size_t len = 0;
    status_code rc = csvread_slurp(path, true, &L->found[PLAN_FILE_SCENARIOS], &text, &len,
                                   L->sha[PLAN_FILE_SCENARIOS], L->st);
    if (rc == STATUS_OK && text) {
        char *s = text;
        if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        int32_t current = -1;
        for (long line = 1; rc == STATUS_OK && s < text + len; line++) {
            char *nl = memchr(s, '\n', (size_t)(text + len - s));
            size_t n = nl ? (size_t)(nl - s) : (size_t)(text + len - s);
            size_t valid = csvread_utf8_valid_prefix((const unsigned char *)s, n);
            if (valid < n) {
                rc = status_set_at(L->st, STATUS_EINPUT, path, line, (long)valid + 1,
                                   "expected UTF-8 text, found byte 0x%02X",
                                   (unsigned)(unsigned char)s[valid]);
                break;
            }
            s[n] = '\0';
            rc = plan_ini_line(L, s, line, &current);
            s += n + 1;
        }
    }
    free(text);
    if (rc != STATUS_OK)
        return rc;
    if (!L->unplanned_set) {
        bool ok;
        rc = plan_set_unplanned(L, plan_default_unplanned, &ok);
        if (rc != STATUS_OK)
            return rc;
    }
    const plan_settings *b = &L->sections[0].settings;
    L->window_days = b->window_days;
    L->history_end = b->history_end;
    return STATUS_OK;
}

/* Orders `key[team]` lines by section, team, key, then line, so that a section's lines form one
 * run (found by binary search) and duplicates sit side by side. */
static int plan_cmp_team_key(const void *a, const void *b)
{
    const plan_ini_team_key *x = a, *y = b;
    if (x->section != y->section)
        return (x->section > y->section) - (x->section < y->section);
    if (x->team != y->team)
        return (x->team > y->team) - (x->team < y->team);
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
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
                                 plan_keys[e->key].name, parse_excerpt_len(e->team_name),
                                 e->team_name, parse_excerpt_len(e->team_name), e->team_name);
    }
    if (L->n_team_keys > 1)
        qsort(L->team_keys, (size_t)L->n_team_keys, sizeof *L->team_keys, plan_cmp_team_key);
    /* Report the repeat that comes first in the file, whatever the sort put first. */
    const plan_ini_team_key *dup = NULL, *orig = NULL;
    for (int32_t i = 1; i < L->n_team_keys; i++) {
        const plan_ini_team_key *x = &L->team_keys[i - 1], *y = &L->team_keys[i];
        if (x->section == y->section && x->team == y->team && x->key == y->key &&
            (!dup || y->line < dup->line)) {
            dup = y;
            orig = x;
            while (orig > L->team_keys && orig[-1].section == y->section &&
                   orig[-1].team == y->team && orig[-1].key == y->key)
                orig--;
        }
    }
    if (dup)
        return status_set_at(L->st, STATUS_EINPUT, path, dup->line, dup->key_column,
                             "%s[%s]: expected each key once per section and team, found it "
                             "again (first on line %ld)",
                             plan_keys[dup->key].name, dup->team_name, orig->line);
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

static void plan_apply_section_teams(const plan_loader *L, int32_t s, plan_team_settings *teams)
{
    const plan_ini_section *sec = &L->sections[s];
    for (int32_t k = 0; k < L->p->n_teams; k++)
        for (int key = 0; key < PLAN_N_KEYS; key++)
            if (sec->set & PLAN_TEAM_KEYS & (1u << key))
                plan_team_apply(&teams[k], key, &sec->values);
}

static void plan_apply_team_keys(const plan_loader *L, int32_t s, plan_team_settings *teams)
{
    int32_t from, to;
    plan_team_key_range(L, s, &from, &to);
    for (int32_t i = from; i < to; i++) {
        const plan_ini_team_key *e = &L->team_keys[i];
        plan_team_apply(&teams[e->team], e->key, &e->value);
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
        plan_team_settings_default(&sc->teams[k]);
    plan_apply_section_teams(L, 0, sc->teams);
    for (int32_t k = 0; k < p->n_teams; k++) {
        sc->teams[k].wip = p->teams[k].wip;
        for (int key = 0; key < PLAN_N_KEYS; key++)
            if (L->team_cols_set[k] & (1u << key))
                plan_team_apply(&sc->teams[k], key, &L->team_cols[k]);
    }
    plan_apply_team_keys(L, 0, sc->teams);
    if (s > 0) {
        plan_apply_section_teams(L, s, sc->teams);
        plan_apply_team_keys(L, s, sc->teams);
    }
    return STATUS_OK;
}

/* Copies the keys set in sec into s. */
static void plan_apply_section(const plan_ini_section *sec, plan_settings *s)
{
    const plan_settings *v = &sec->settings;
    for (int key = 0; key < PLAN_N_KEYS; key++) {
        if (!(sec->set & (1u << key)))
            continue;
        switch (key) {
        case PLAN_KEY_START:
            s->start = v->start;
            break;
        case PLAN_KEY_HORIZON:
            s->horizon = v->horizon;
            break;
        case PLAN_KEY_HISTORY_END:
            s->history_end = v->history_end;
            break;
        case PLAN_KEY_WINDOW:
            s->window_days = v->window_days;
            break;
        case PLAN_KEY_TRIALS:
            s->trials = v->trials;
            break;
        case PLAN_KEY_SEED:
            s->seed = v->seed;
            break;
        case PLAN_KEY_INTERRUPT_SCALE:
            s->interrupt_scale = v->interrupt_scale;
            break;
        case PLAN_KEY_UNPLANNED_EFFORT:
            s->unplanned_effort = v->unplanned_effort;
            break;
        case PLAN_KEY_CONTEXT_SWITCH:
            memcpy(s->context_switch, v->context_switch, sizeof s->context_switch);
            s->n_context_switch = v->n_context_switch;
            break;
        case PLAN_KEY_CAP_YEARS:
            s->cap_years = v->cap_years;
            break;
        case PLAN_KEY_PERIOD:
            s->period = v->period;
            break;
        case PLAN_KEY_SIZE_DISTRIBUTION:
            s->size_dist = v->size_dist;
            break;
        case PLAN_KEY_BOOTSTRAP:
            s->bootstrap = v->bootstrap;
            break;
        case PLAN_KEY_SPLIT_DRAW:
            s->split_draw = v->split_draw;
            break;
        default: /* wip and split live in plan_team_settings: plan_scenario_teams */
            break;
        }
    }
}

/* Where a scenario's horizon/start pair was written, for the horizon-before-start error. */
static bool plan_horizon_place(const plan_loader *L, int32_t s, long *line, long *column)
{
    const plan_ini_section *secs[2] = {&L->sections[s], &L->sections[0]};
    const int keys[2] = {PLAN_KEY_HORIZON, PLAN_KEY_START};
    for (int i = 0; i < (s > 0 ? 2 : 1); i++)
        for (int k = 0; k < 2; k++)
            if (secs[i]->set & (1u << keys[k])) {
                *line = secs[i]->key_line[keys[k]];
                *column = secs[i]->key_column[keys[k]];
                return true;
            }
    return false;
}

/* Where `key` was written for scenario s (its own section, else the baseline's); false if
 * it was not written (a default or a command-line value). */
static bool plan_key_place(const plan_loader *L, int32_t s, int key, long *line, long *column)
{
    const plan_ini_section *secs[2] = {&L->sections[s], &L->sections[0]};
    for (int i = 0; i < (s > 0 ? 2 : 1); i++)
        if (secs[i]->set & (1u << key)) {
            *line = secs[i]->key_line[key];
            *column = secs[i]->key_column[key];
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
    if (plan_key_place(L, s, PLAN_KEY_START, &line, &column) ||
        plan_key_place(L, s, PLAN_KEY_CAP_YEARS, &line, &column))
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line, column,
                             "[%s]: start: a run from %s over cap_years = %d would pass "
                             "9999-12-31; expected an earlier start or a smaller cap_years",
                             L->sections[s].name, a, (int)set->cap_years);
    return status_set(L->st, STATUS_EINPUT,
                      "start: a run from %s over cap_years = %d would pass 9999-12-31; expected "
                      "an earlier --start or a smaller cap_years",
                      a, (int)set->cap_years);
}

status_code plan_settings_finish(plan_loader *L, const plan_overrides *ov)
{
    plan *p = L->p;
    plan_settings base;
    plan_settings_default(&base);
    plan_apply_section(&L->sections[0], &base);
    base.history_end = L->history_end;
    if (ov) {
        if (ov->start != DATE_NONE && ov->start != 0)
            base.start = ov->start;
        if (ov->horizon != DATE_NONE && ov->horizon != 0)
            base.horizon = ov->horizon;
        if (ov->trials > PLAN_TRIALS_MAX)
            return status_set(L->st, STATUS_EINPUT,
                              "--trials: expected a whole number in 1..1000000000, found %llu",
                              (unsigned long long)ov->trials);
        if (ov->trials > 0)
            base.trials = ov->trials;
        if (ov->has_seed)
            base.seed = ov->seed;
    }
    if (base.start == DATE_NONE)
        base.start = base.history_end + 1;
    p->scenarios = calloc((size_t)L->n_sections, sizeof *p->scenarios);
    if (!p->scenarios)
        return status_set(L->st, STATUS_ENOMEM, "out of memory");
    for (int32_t s = 0; s < L->n_sections; s++) {
        plan_scenario *sc = &p->scenarios[s];
        sc->name = strdup(L->sections[s].name);
        if (!sc->name)
            return status_set(L->st, STATUS_ENOMEM, "out of memory");
        p->n_scenarios++;
        sc->line = L->sections[s].line;
        sc->settings = base;
        if (s > 0)
            plan_apply_section(&L->sections[s], &sc->settings);
        const plan_settings *set = &sc->settings;
        char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
        if (set->horizon != DATE_NONE && set->horizon < set->start) {
            long line = 0, column = 0;
            date_format(set->horizon, a);
            date_format(set->start, b);
            if (plan_horizon_place(L, s, &line, &column))
                return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line,
                                     column,
                                     "[%s]: horizon: expected a date on or after start (%s), "
                                     "found %s",
                                     sc->name, b, a);
            return status_set(L->st, STATUS_EINPUT,
                              "--horizon: expected a date on or after start (%s), found %s", b, a);
        }
        status_code reach = plan_check_reach(L, s, set);
        if (reach != STATUS_OK)
            return reach;
        if (set->start <= set->history_end) {
            date_format(set->start, a);
            date_format(set->history_end, b);
            status_code rc = plan_warn(L,
                                       "scenario '%s': start %s is on or before history_end %s: "
                                       "the forecast overlaps the history it samples",
                                       sc->name, a, b);
            if (rc != STATUS_OK)
                return rc;
        }
        status_code rc = plan_scenario_teams(L, s);
        if (rc != STATUS_OK)
            return rc;
    }
    /* teams.csv's wip column is required and ranks above [baseline]'s wip: say so rather than
     * ignore the key silently. */
    const plan_ini_section *b0 = &L->sections[0];
    if (b0->set & (1u << PLAN_KEY_WIP) && p->n_teams > 0)
        return plan_warn(L,
                         "%s:%ld: [baseline] wip = %d has no effect: each team's wip in "
                         "teams.csv comes first (set wip in a scenario, or wip[team] in "
                         "[baseline])",
                         L->paths[PLAN_FILE_SCENARIOS], b0->key_line[PLAN_KEY_WIP],
                         (int)b0->values.wip);
    return STATUS_OK;
}
