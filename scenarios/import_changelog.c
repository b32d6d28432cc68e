/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_changelog: status-change logs, one row per change of status, into work items; see
 * import_internal.h.
 *
 * An item started with its first move into a status of the "In Progress" category and was
 * done with its last move into the "Done" category, provided it is still there: its last
 * change (by time; the later row of two at one instant) decides. An item whose last move went
 * back to "In Progress" or "To Do" was reopened and is open; one whose last status is in the
 * `cancelled` list ("Can't Fix", "Won't Do", ...) is cancelled. An item's row without a change
 * (an issue never moved) makes it an open item without a start. Rows of one item need not be
 * together: they are collected by id, so the cost is one small record per item.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "import_internal.h"
#include "parse.h"

typedef struct import_cl_item {
    char *id, *team, *type, *epic, *last_status, *last_category;
    long line; /* its first row */
    long column[IMPORT_N_FIELDS];
    int32_t created;
    int64_t first_started_when, last_done_when, last_when;
    int32_t first_started, last_done;
    bool changed; /* has a status change */
} import_cl_item;

struct import_changelog {
    strmap ids;
    import_cl_item *items;
    size_t n, cap;
};

import_changelog *import_changelog_create(void)
{
    import_changelog *cl = calloc(1, sizeof *cl);
    if (cl)
        strmap_init(&cl->ids);
    return cl;
}

void import_changelog_destroy(import_changelog *cl)
{
    if (!cl)
        return;
    for (size_t i = 0; i < cl->n; i++) {
        import_cl_item *it = &cl->items[i];
        free(it->id);
        free(it->team);
        free(it->type);
        free(it->epic);
        free(it->last_status);
        free(it->last_category);
    }
    free(cl->items);
    strmap_fini(&cl->ids);
    free(cl);
}

/* Replaces *slot with a copy of s. */
static bool import_cl_set(char **slot, const char *s)
{
    char *copy = strdup(s);
    if (!copy)
        return false;
    free(*slot);
    *slot = copy;
    return true;
}

/* The record of raw's item, new when its id is. */
static status_code import_cl_item_of(importer *im, import_changelog *cl, const import_raw *raw,
                                     import_cl_item **out)
{
    int32_t found;
    if (cl->n >= IMPORT_ITEMS_MAX)
        return status_set(im->st, STATUS_ELIMIT, "more than %d work items", IMPORT_ITEMS_MAX);
    if (strmap_insert(&cl->ids, raw->id, strlen(raw->id), (int32_t)cl->n, &found) != STATUS_OK)
        return import_nomem(im);
    if (found >= 0) {
        *out = &cl->items[found];
        return STATUS_OK;
    }
    if (cl->n == cl->cap) {
        size_t cap = cl->cap ? 2 * cl->cap : 64;
        import_cl_item *items = realloc(cl->items, cap * sizeof *items);
        if (!items)
            return import_nomem(im);
        cl->items = items;
        cl->cap = cap;
    }
    import_cl_item *it = &cl->items[cl->n++];
    memset(it, 0, sizeof *it);
    it->line = raw->line;
    memcpy(it->column, raw->column, sizeof it->column);
    it->created = raw->created;
    it->first_started = it->last_done = DATE_NONE;
    if (!import_cl_set(&it->id, raw->id) || !import_cl_set(&it->team, raw->team) ||
        !import_cl_set(&it->type, raw->type) ||
        !import_cl_set(&it->epic, *raw->epic ? raw->epic : raw->parent) ||
        !import_cl_set(&it->last_status, "") || !import_cl_set(&it->last_category, ""))
        return import_nomem(im);
    *out = it;
    return STATUS_OK;
}

status_code import_changelog_add(importer *im, import_source *src, import_changelog *cl,
                                 const import_raw *raw, int64_t when, int32_t day)
{
    if (*raw->id == '\0')
        return status_set_at(im->st, STATUS_EINPUT, src->path, raw->line,
                             raw->column[IMPORT_FIELD_ID], "id: expected an id, found nothing");
    import_cl_item *it = NULL;
    status_code rc = import_cl_item_of(im, cl, raw, &it);
    if (rc != STATUS_OK || !it || day == DATE_NONE)
        return rc;
    if (parse_same_name(raw->category, "In Progress") &&
        (it->first_started == DATE_NONE || when < it->first_started_when)) {
        it->first_started = day;
        it->first_started_when = when;
    }
    if (import_list_has(&im->done_states, raw->category, strlen(raw->category)) &&
        (it->last_done == DATE_NONE || when >= it->last_done_when)) {
        it->last_done = day;
        it->last_done_when = when;
    }
    if (!it->changed || when >= it->last_when) {
        it->changed = true;
        it->last_when = when;
        if (!import_cl_set(&it->last_status, raw->status) ||
            !import_cl_set(&it->last_category, raw->category))
            return import_nomem(im);
    }
    return STATUS_OK;
}

status_code import_changelog_finish(importer *im, import_source *src, import_changelog *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        const import_cl_item *it = &cl->items[i];
        bool done = it->changed &&
                    import_list_has(&im->done_states, it->last_category, strlen(it->last_category));
        import_raw raw = {.line = it->line,
                          .id = it->id,
                          .team = it->team,
                          .type = it->type,
                          .status = it->last_status,
                          .resolution = "",
                          .category = it->last_category,
                          .epic = it->epic,
                          .parent = "",
                          .created = it->created,
                          .started = it->first_started,
                          .done = done ? it->last_done : DATE_NONE};
        memcpy(raw.column, it->column, sizeof raw.column);
        status_code rc = import_add(im, src, &raw);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}
