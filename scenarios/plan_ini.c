/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_ini: scenarios.ini into sections, `key[team]` lines and item what-ifs; see
 * docs/inputs.md.
 *
 * Each line is first split by its syntax alone (a section header, or `key = value` and
 * `key[bracket] = value`, comments cut), then given its meaning: a section here, a key of
 * [history] in plan_import.c, any other key in plan_ini_keys.c (an item what-if or a setting of
 * the registry). Columns in messages are byte columns of the line (1-based).
 *
 * The ini file is read first, because the baseline's window, history_end and unplanned types
 * decide how history.csv is read.
 *
 * Comments are dropped, except a section's decision record (plan.h, plan_scenario.comment):
 * the comment on its line and the comment lines right below it, until its first key, a blank
 * line or the next section. A comment above a section belongs to nobody (the file's own
 * header, or notes about what follows), as does one between keys.
 */
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"

enum { PLAN_INI_HISTORY = -2 }; /* `current` while in [history] (plan_import.c) */

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

long plan_ini_column(const plan_ini_line *ln, const char *at)
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
    return plan_ini_key(L, &ln, c->current);
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
