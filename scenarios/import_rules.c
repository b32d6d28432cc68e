/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_rules: the rules every work item goes through, and the lists they read; see import.h.
 *
 * The readers call import_add once per work item. The rules live here alone, so that a Jira
 * row and a GitHub element meet the same ones, in the same order, counted the same way: an item
 * is counted under its file, its team and the total, then dropped for the first reason that
 * applies or kept with the type history.csv gets.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "import_internal.h"
#include "parse.h"

/* ---- lists ------------------------------------------------------------------------------ */

static char import_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

void import_list_free(import_list *list)
{
    for (int32_t i = 0; i < list->n; i++)
        free(list->names[i]);
    free(list->names);
    list->names = NULL;
    list->n = 0;
}

bool import_list_parse(import_list *list, const char *text)
{
    import_list_free(list);
    size_t max = 1;
    for (const char *c = text; *c; c++)
        max += *c == ',';
    list->names = calloc(max, sizeof *list->names);
    if (!list->names)
        return false;
    const char *entry;
    size_t len;
    for (const char *cursor = text; parse_list_next(&cursor, &entry, &len);) {
        char *name = malloc(len + 1);
        if (!name)
            return false;
        for (size_t i = 0; i < len; i++)
            name[i] = import_lower(entry[i]);
        name[len] = '\0';
        list->names[list->n++] = name;
    }
    return true;
}

bool import_list_has(const import_list *list, const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return false;
    for (int32_t i = 0; i < list->n; i++) {
        const char *name = list->names[i];
        size_t k = 0;
        while (k < len && name[k] && import_lower(s[k]) == name[k])
            k++;
        if (k == len && name[k] == '\0')
            return true;
    }
    return false;
}

status_code import_lists_for(importer *im, const import_preset *preset)
{
    const import_options *o = im->opt;
    if (!import_list_parse(&im->unplanned, o->unplanned ? o->unplanned : preset->unplanned) ||
        !import_list_parse(&im->cancelled, o->cancelled ? o->cancelled : preset->cancelled) ||
        !import_list_parse(&im->excluded, o->excluded ? o->excluded : preset->excluded) ||
        !import_list_parse(&im->done_states, preset->done_states))
        return import_nomem(im);
    return STATUS_OK;
}

/* Whether any label of raw is in list. */
static bool import_labels_in(const import_raw *raw, const import_list *list)
{
    for (int32_t k = 0; k < raw->n_labels; k++) {
        const char *cell = raw->labels[k];
        if (!raw->label_sep) {
            if (import_list_has(list, cell, strlen(cell)))
                return true;
            continue;
        }
        for (const char *a = cell;;) {
            size_t len = strcspn(a, (char[]){raw->label_sep, '\0'});
            if (import_list_has(list, a, len))
                return true;
            if (!a[len])
                break;
            a += len + 1;
        }
    }
    return false;
}

/* The first non-empty label of raw: [*s, *s + *len), or false. */
static bool import_first_label(const import_raw *raw, const char **s, size_t *len)
{
    for (int32_t k = 0; k < raw->n_labels; k++) {
        for (const char *a = raw->labels[k];;) {
            size_t n = raw->label_sep ? strcspn(a, (char[]){raw->label_sep, '\0'}) : strlen(a);
            const char *b = a, *e = a + n; /* trimmed as a CSV field would be */
            while (b < e && (*b == ' ' || *b == '\t'))
                b++;
            while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            if (e > b) {
                *s = b;
                *len = (size_t)(e - b);
                return true;
            }
            if (!a[n])
                break;
            a += n + 1;
        }
    }
    return false;
}

/* ---- the rules -------------------------------------------------------------------------- */

static status_code import_team_index(importer *im, const char *team, int32_t *out)
{
    import_result *r = im->res;
    size_t len = strlen(team);
    int32_t found;
    if (strmap_insert(&im->teams, team, len, r->n_teams, &found) != STATUS_OK)
        return import_nomem(im);
    if (found >= 0) {
        *out = found;
        return STATUS_OK;
    }
    size_t cap = (size_t)im->cap_teams;
    if ((size_t)r->n_teams + 1 > cap) {
        cap = cap ? 2 * cap : 16;
        import_team *t = realloc(r->teams, cap * sizeof *t);
        if (!t)
            return import_nomem(im);
        r->teams = t;
        im->cap_teams = (int32_t)cap;
    }
    import_team *t = &r->teams[r->n_teams];
    memset(t, 0, sizeof *t);
    if (!(t->team = strdup(team)))
        return import_nomem(im);
    *out = r->n_teams++;
    return STATUS_OK;
}

/* Adds to the counts of the file, the team and the total. */
static void import_tally(importer *im, import_source *src, int32_t team, int drop, bool done,
                         bool unplanned)
{
    import_count *counts[3] = {&src->file->count, &im->res->teams[team].count, &im->res->total};
    for (int k = 0; k < 3; k++) {
        import_count *c = counts[k];
        c->items++;
        if (drop >= 0) {
            c->dropped[drop]++;
            continue;
        }
        c->kept++;
        c->done += done;
        c->open += !done;
        c->unplanned += unplanned;
    }
}

static char *import_lower_copy(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++)
        out[i] = import_lower(s[i]);
    out[len] = '\0';
    return out;
}

/* The type history.csv gets: the tool's type or first label, lower-cased, unless the default
 * unplanned list would read it otherwise than the rules did. */
static char *import_written_type(importer *im, const import_raw *raw, bool unplanned)
{
    const char *s = raw->type;
    size_t len = strlen(s);
    if (len == 0 && !import_first_label(raw, &s, &len))
        len = 0;
    bool listed = len > 0 && import_list_has(&im->defaults, s, len);
    if (unplanned && !listed)
        return strdup("interrupt");
    if (!unplanned && (len == 0 || listed))
        return strdup("planned");
    return import_lower_copy(s, len);
}

/* An id, team or epic must be what history.csv accepts. */
static status_code import_check_name(importer *im, import_source *src, const import_raw *raw,
                                     import_field f, const char *value)
{
    size_t len = strlen(value);
    if (len <= IMPORT_NAME_MAX)
        return STATUS_OK;
    return status_set_at(im->st, STATUS_EINPUT, src->path, raw->line, raw->column[f],
                         "%s: expected at most %d bytes, found %zu", import_field_name(f),
                         IMPORT_NAME_MAX, len);
}

/* The first reason that drops raw (import_drop), or -1 to keep it. */
static int import_drop_reason(importer *im, const import_raw *raw, bool duplicate)
{
    if (duplicate)
        return IMPORT_DROP_DUPLICATE;
    if (!*raw->team)
        return IMPORT_DROP_NO_TEAM;
    if (import_list_has(&im->excluded, raw->type, strlen(raw->type)) ||
        import_labels_in(raw, &im->excluded))
        return IMPORT_DROP_EPIC;
    if (raw->cancelled || import_list_has(&im->cancelled, raw->status, strlen(raw->status)) ||
        import_list_has(&im->cancelled, raw->resolution, strlen(raw->resolution)) ||
        import_labels_in(raw, &im->cancelled))
        return IMPORT_DROP_CANCELLED;
    if (raw->closed && raw->done == DATE_NONE)
        return IMPORT_DROP_NO_DONE_DATE;
    if (raw->done != DATE_NONE && raw->created != DATE_NONE && raw->done < raw->created)
        return IMPORT_DROP_DONE_BEFORE_CREATED;
    return -1;
}

status_code import_add(importer *im, import_source *src, const import_raw *raw)
{
    status_code rc;
    if (strlen(raw->id) == 0)
        return status_set_at(im->st, STATUS_EINPUT, src->path, raw->line,
                             raw->column[IMPORT_FIELD_ID], "id: expected an id, found nothing");
    if ((rc = import_check_name(im, src, raw, IMPORT_FIELD_ID, raw->id)) ||
        (rc = import_check_name(im, src, raw, IMPORT_FIELD_TEAM, raw->team)) ||
        (rc = import_check_name(im, src, raw, IMPORT_FIELD_EPIC, raw->epic)) ||
        (rc = import_check_name(im, src, raw, IMPORT_FIELD_PARENT, raw->parent)))
        return rc;
    int32_t team = 0;
    if ((rc = import_team_index(im, raw->team, &team)) != STATUS_OK)
        return rc;
    import_result *r = im->res;
    int32_t first = -1;
    if (strmap_insert(&im->ids, raw->id, strlen(raw->id), r->n_items, &first) != STATUS_OK)
        return import_nomem(im);
    int drop = import_drop_reason(im, raw, first >= 0);
    bool unplanned = import_list_has(&im->unplanned, raw->type, strlen(raw->type)) ||
                     import_labels_in(raw, &im->unplanned);
    import_tally(im, src, team, drop, raw->done != DATE_NONE, unplanned);
    if (drop >= 0)
        return STATUS_OK;
    if ((size_t)r->n_items >= im->cap_items) {
        if (r->n_items >= IMPORT_ITEMS_MAX)
            return status_set_at(im->st, STATUS_ELIMIT, src->path, raw->line, 0,
                                 "more than %d work items", IMPORT_ITEMS_MAX);
        size_t cap = im->cap_items ? 2 * im->cap_items : 256;
        import_item *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return import_nomem(im);
        r->items = items;
        im->cap_items = cap;
    }
    import_item *it = &r->items[r->n_items];
    memset(it, 0, sizeof *it);
    r->n_items++; /* counted before the copies, so that a failed one is freed */
    const char *epic = *raw->epic ? raw->epic : raw->parent;
    it->id = strdup(raw->id);
    it->team = strdup(raw->team);
    it->epic = strdup(epic);
    it->type = import_written_type(im, raw, unplanned);
    if (!it->id || !it->team || !it->epic || !it->type)
        return import_nomem(im);
    it->started = raw->started;
    it->done = raw->done;
    it->unplanned = unplanned;
    it->path = src->file->path;
    it->line = raw->line;
    return STATUS_OK;
}
