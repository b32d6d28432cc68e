/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_ini: scenarios.ini into sections, `key[team]` lines and item what-ifs; see
 * docs/inputs.md.
 *
 * Each line is first split by its syntax alone (a section header, or `key = value` and
 * `key[bracket] = value`, comments cut), then given its meaning: a section, one of the item
 * what-ifs (`drop`, `priority[ID]`), or a setting of the registry (setting.h), whose scope
 * decides where it may be written and whose type parses its value. Team names and item ids are
 * resolved later, once teams.csv and plan.csv are read, so their places are kept. Columns in
 * messages are byte columns of the line (1-based).
 *
 * The ini file is read first, because the baseline's window, history_end and unplanned types
 * decide how history.csv is read.
 *
 * Comments are dropped, except a section's decision record (plan.h, plan_scenario.comment):
 * the comment on its line and the comment lines right below it, until its first key, a blank
 * line or the next section. A comment above a section belongs to nobody (the file's own
 * header, or notes about what follows), as does one between keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"
#include "suggest.h"

enum { PLAN_TEAM_KEYS_MAX = 1000000, PLAN_ITEM_KEYS_MAX = 1000000 };
enum { PLAN_INI_HISTORY = -2 }; /* `current` while in [history] (plan_import.c) */

/* One line, split by its syntax: a section header or a key line. */
typedef struct plan_ini_line {
    const char *text; /* the whole line, for columns */
    long line;
    long column;     /* of the key, or of '[' of a section */
    bool is_section; /* [name]: name[0..name_len) */
    const char *name;
    size_t name_len;
    char *key;     /* trimmed; NUL-terminated in the line's copy */
    char *bracket; /* key[bracket]'s text, trimmed; NULL without brackets */
    char *value;   /* trimmed, possibly "" */
    char *comment; /* the text after the line's comment mark, untrimmed; NULL: no comment */
} plan_ini_line;

static bool plan_section_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/* True for a `key = ...` line (key in lower case). */
static bool plan_ini_line_is(const char *s, const char *key)
{
    while (*s == ' ' || *s == '\t')
        s++;
    for (const char *k = key; *k; k++, s++)
        if ((*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s) != *k)
            return false;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '=';
}

/* True for a `drop = ...` or `remove_dependency = ...` line: there ';' separates item ids,
 * as in plan.csv's depends_on, so only '#' starts its comment. */
static bool plan_ini_is_list(const char *s)
{
    return plan_ini_line_is(s, "drop") || plan_ini_line_is(s, "remove_dependency");
}

/* Splits text (modified in place) into *out; *blank for an empty or comment line. */
static status_code plan_ini_split(const plan_loader *L, char *text, long line, plan_ini_line *out,
                                  bool *blank)
{
    const char *path = L->paths[PLAN_FILE_SCENARIOS];
    char *end = text + strcspn(text, plan_ini_is_list(text) ? "#" : ";#");
    char *comment = *end ? end + 1 : NULL;
    *end = '\0';
    char *a = text;
    while (*a == ' ' || *a == '\t')
        a++;
    while (end > a && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        *--end = '\0';
    *blank = *a == '\0';
    *out = (plan_ini_line){
        .text = text, .line = line, .column = (long)(a - text) + 1, .comment = comment};
    if (*blank)
        return STATUS_OK;
    if (*a == '[') {
        char *close = strchr(a, ']'), *name = a + 1;
        while (*name == ' ' || *name == '\t')
            name++;
        char *name_end = close ? close : name;
        while (name_end > name && (name_end[-1] == ' ' || name_end[-1] == '\t'))
            name_end--;
        bool ok = close && close[1] == '\0' && name_end > name;
        for (char *c = name; ok && c < name_end; c++)
            ok = plan_section_char(*c);
        if (!ok || name_end - name > PLAN_ID_MAX)
            return status_set_at(L->st, STATUS_EINPUT, path, line, out->column,
                                 "section: expected [name] with a name of letters, digits, "
                                 "'-', '_' or '.', found '%.*s'",
                                 parse_excerpt_len(a), a);
        out->is_section = true;
        out->name = name;
        out->name_len = (size_t)(name_end - name);
        return STATUS_OK;
    }
    char *eq = strchr(a, '=');
    if (!eq)
        return status_set_at(L->st, STATUS_EINPUT, path, line, out->column,
                             "expected 'key = value' or '[section]', found '%.*s'",
                             parse_excerpt_len(a), a);
    *eq = '\0';
    out->key = parse_trim(a);
    out->value = parse_trim(eq + 1);
    char *open = strchr(out->key, '[');
    if (open) {
        char *close = strchr(open, ']');
        if (!close || close[1] != '\0')
            return status_set_at(L->st, STATUS_EINPUT, path, line, out->column,
                                 "expected 'key = value' or 'key[team] = value', found '%.*s'",
                                 parse_excerpt_len(out->key), out->key);
        *close = '\0';
        out->bracket = parse_trim(open + 1);
        *open = '\0';
        out->key = parse_trim(out->key);
    }
    return STATUS_OK;
}

static long plan_ini_column(const plan_ini_line *ln, const char *at)
{
    return (long)(at - ln->text) + 1;
}

static status_code plan_new_section(plan_loader *L, const plan_ini_line *ln, int32_t *current,
                                    size_t *cap)
{
    const char *name = ln->name;
    size_t len = ln->name_len;
    for (int32_t s = 0; s < L->n_sections; s++)
        if (L->sections[s].line > 0 && strlen(L->sections[s].name) == len &&
            memcmp(L->sections[s].name, name, len) == 0)
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], ln->line,
                                 ln->column,
                                 "section: expected a new section name, found [%s] again "
                                 "(first on line %ld)",
                                 L->sections[s].name, L->sections[s].line);
    if (len == 8 && memcmp(name, "baseline", 8) == 0) {
        L->sections[0].line = ln->line;
        *current = 0;
        return STATUS_OK;
    }
    if (len == 7 && memcmp(name, "history", 7) == 0) { /* reserved, like [baseline] */
        *current = PLAN_INI_HISTORY;
        return plan_import_section(L, ln->line, ln->column);
    }
    if (!plan_reserve((void **)&L->sections, sizeof *L->sections, (size_t)L->n_sections + 1, cap))
        return plan_nomem(L);
    plan_ini_section *sec = &L->sections[L->n_sections];
    setting_defaults(&sec->run, &sec->team);
    sec->line = ln->line;
    sec->name = malloc(len + 1);
    if (!sec->name)
        return plan_nomem(L);
    memcpy(sec->name, name, len);
    sec->name[len] = '\0';
    *current = L->n_sections++;
    return STATUS_OK;
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
static status_code plan_ini_names(plan_loader *L, const setting *s, const char *list)
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

typedef struct plan_ini_read_ctx {
    int32_t current; /* the section lines belong to, -1 before the first */
    int32_t record;  /* the section whose decision record is still open, or -1 */
    size_t cap_sections;
} plan_ini_read_ctx;

/* Adds one comment (the text after its mark) to section s's decision record: without one
 * leading space or tab and trailing white space, after a newline. Past PLAN_COMMENT_MAX the
 * record is cut on a character boundary and ends in an ellipsis. */
static status_code plan_ini_record(plan_loader *L, int32_t s, const char *comment)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    enum { ROOM = PLAN_COMMENT_MAX - sizeof ellipsis }; /* bytes of text an ellipsis leaves */
    plan_ini_section *sec = &L->sections[s];
    if (sec->comment_cut)
        return STATUS_OK;
    if (*comment == ' ' || *comment == '\t')
        comment++;
    size_t len = strlen(comment);
    while (len > 0 && strchr(" \t\r", comment[len - 1]))
        len--;
    if (len == 0 && sec->comment_len == 0)
        return STATUS_OK; /* a record starts with text */
    size_t sep = sec->comment_len > 0, have = sec->comment_len;
    size_t keep = len;
    if (have + sep + len > ROOM) {
        keep = have + sep < ROOM ? ROOM - have - sep : 0;
        while (keep > 0 && ((unsigned char)comment[keep] & 0xC0) == 0x80)
            keep--; /* not inside a character */
        sec->comment_cut = true;
    }
    char *grown = realloc(sec->comment, have + sep + keep + sizeof ellipsis);
    if (!grown)
        return plan_nomem(L);
    sec->comment = grown;
    if (sep && have + sep <= ROOM)
        grown[have++] = '\n';
    memcpy(grown + have, comment, keep);
    have += keep;
    if (sec->comment_cut) {
        memcpy(grown + have, ellipsis, sizeof ellipsis - 1);
        have += sizeof ellipsis - 1;
    }
    grown[have] = '\0';
    sec->comment_len = have;
    return STATUS_OK;
}

static status_code plan_ini_one_line(plan_loader *L, char *text, long line, plan_ini_read_ctx *c)
{
    plan_ini_line ln;
    bool blank;
    status_code rc = plan_ini_split(L, text, line, &ln, &blank);
    if (rc != STATUS_OK)
        return rc;
    if (blank) {
        /* a comment line goes on with the open record; an empty line ends it */
        if (ln.comment && c->record >= 0)
            return plan_ini_record(L, c->record, ln.comment);
        if (!ln.comment)
            c->record = -1;
        return STATUS_OK;
    }
    if (ln.is_section) {
        rc = plan_new_section(L, &ln, &c->current, &c->cap_sections);
        c->record = rc == STATUS_OK && c->current >= 0 ? c->current : -1; /* not [history] */
        if (c->record >= 0 && ln.comment)
            rc = plan_ini_record(L, c->record, ln.comment);
        return rc;
    }
    c->record = -1; /* a key ends the record */
    if (c->current == PLAN_INI_HISTORY)
        return plan_import_key(L, ln.key, ln.bracket, ln.value, ln.line, ln.column,
                               plan_ini_column(&ln, ln.value));
    if (parse_same_name(ln.key, "drop") || parse_same_name(ln.key, "priority"))
        return plan_ini_item_line(L, &ln, c->current);
    if (parse_same_name(ln.key, "remove_dependency"))
        return plan_ini_remove_line(L, &ln, c->current);
    const setting *s = setting_find(ln.key);
    if (!s && setting_find_history(ln.key))
        return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], ln.line,
                             ln.column, "%s can only be set in [history]",
                             setting_find_history(ln.key)->name);
    if (!s)
        return plan_ini_unknown_key(L, &ln);
    return plan_ini_setting_line(L, &ln, s, c->current);
}

/* Lines of text[0..len) (a whole file, NUL-terminated), each checked to be UTF-8. */
static status_code plan_ini_lines(plan_loader *L, char *text, size_t len)
{
    plan_ini_read_ctx c = {.current = -1, .record = -1, .cap_sections = 1};
    char *s = text;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    status_code rc = STATUS_OK;
    for (long line = 1; rc == STATUS_OK && s < text + len; line++) {
        char *nl = memchr(s, '\n', (size_t)(text + len - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(text + len - s);
        size_t valid = csvread_utf8_valid_prefix((const unsigned char *)s, n);
        if (valid < n)
            return status_set_at(L->st, STATUS_EINPUT, L->paths[PLAN_FILE_SCENARIOS], line,
                                 (long)valid + 1, "expected UTF-8 text, found byte 0x%02X",
                                 (unsigned)(unsigned char)s[valid]);
        s[n] = '\0';
        rc = plan_ini_one_line(L, s, line, &c);
        s += n + 1;
    }
    return rc;
}

status_code plan_ini_read(plan_loader *L)
{
    L->sections = calloc(1, sizeof *L->sections);
    if (!L->sections)
        return plan_nomem(L);
    L->n_sections = 1;
    setting_defaults(&L->sections[0].run, &L->sections[0].team);
    L->sections[0].name = strdup("baseline");
    if (!L->sections[0].name)
        return plan_nomem(L);
    char *text = NULL;
    size_t len = 0;
    status_code rc =
        csvread_slurp(L->paths[PLAN_FILE_SCENARIOS], true, &L->found[PLAN_FILE_SCENARIOS], &text,
                      &len, L->sha[PLAN_FILE_SCENARIOS], L->st);
    if (rc == STATUS_OK && text)
        rc = plan_ini_lines(L, text, len);
    free(text);
    /* a record ends with text: empty comment lines at its end are dropped */
    for (int32_t s = 0; rc == STATUS_OK && s < L->n_sections; s++) {
        plan_ini_section *sec = &L->sections[s];
        while (sec->comment_len > 0 && sec->comment[sec->comment_len - 1] == '\n')
            sec->comment[--sec->comment_len] = '\0';
    }
    /* the plan's lists not given in [baseline] take their defaults */
    for (int32_t i = 0; i < setting_count() && rc == STATUS_OK; i++) {
        const setting *s = setting_at(i);
        if (s->plan_offset >= 0 && !(L->sections[0].set & ((uint64_t)1 << i)))
            rc = plan_ini_names(L, s, s->default_value);
    }
    if (rc == STATUS_OK)
        rc = plan_import_check(L);
    if (rc != STATUS_OK)
        return rc;
    L->window_days = L->sections[0].run.window_days;
    L->history_end = L->sections[0].run.history_end;
    L->history_start = L->sections[0].run.history_start;
    return STATUS_OK;
}
