/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * day_calendar: one FIFO list per (day, kind) in an entry pool, and a bitmap of busy days;
 * see day_calendar.h. A day's list heads are set up when its first event arrives (its bit
 * goes from 0 to 1), so clearing only zeroes the bitmap.
 */
#include "day_calendar.h"

#include <assert.h>
#include <stdlib.h>

enum { KINDS_MAX = 8, NO_ENTRY = -1 };

typedef struct entry {
    int32_t subject;
    int32_t next; /* the next entry of the same (day, kind), or NO_ENTRY */
} entry;

struct day_calendar {
    int32_t n_days, n_kinds;
    int32_t n_words;
    uint64_t *busy; /* bit d: day d has events */
    int32_t *head;  /* per day and kind: first entry */
    int32_t *tail;  /* per day and kind: last entry */
    entry *pool;
    int32_t n_used, capacity;
    int32_t free_list; /* taken entries, reused before the pool grows */
};

day_calendar *day_calendar_create(int32_t n_days, int32_t n_kinds, size_t capacity_hint)
{
    assert(n_days >= 1 && n_kinds >= 1 && n_kinds <= KINDS_MAX);
    day_calendar *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n_days = n_days;
    c->n_kinds = n_kinds;
    c->n_words = (n_days + 63) / 64;
    c->capacity = capacity_hint > 16 && capacity_hint < INT32_MAX / 2 ? (int32_t)capacity_hint : 16;
    size_t slots = (size_t)n_days * (size_t)n_kinds;
    c->busy = calloc((size_t)c->n_words, sizeof *c->busy);
    c->head = malloc(slots * sizeof *c->head);
    c->tail = malloc(slots * sizeof *c->tail);
    c->pool = malloc((size_t)c->capacity * sizeof *c->pool);
    if (!c->busy || !c->head || !c->tail || !c->pool) {
        day_calendar_destroy(c);
        return NULL;
    }
    c->free_list = NO_ENTRY;
    return c;
}

void day_calendar_destroy(day_calendar *c)
{
    if (!c)
        return;
    free(c->busy);
    free(c->head);
    free(c->tail);
    free(c->pool);
    free(c);
}

void day_calendar_clear(day_calendar *c)
{
    for (int32_t k = 0; k < c->n_words; k++)
        c->busy[k] = 0;
    c->n_used = 0;
    c->free_list = NO_ENTRY;
}

static int32_t new_entry(day_calendar *c)
{
    if (c->free_list != NO_ENTRY) {
        int32_t e = c->free_list;
        c->free_list = c->pool[e].next;
        return e;
    }
    if (c->n_used == c->capacity) {
        if (c->capacity > INT32_MAX / 2)
            return NO_ENTRY;
        int32_t grown_capacity = 2 * c->capacity;
        entry *grown = realloc(c->pool, (size_t)grown_capacity * sizeof *grown);
        if (!grown)
            return NO_ENTRY;
        c->pool = grown;
        c->capacity = grown_capacity;
    }
    return c->n_used++;
}

status_code day_calendar_add(day_calendar *c, int32_t day, int32_t kind, int32_t subject)
{
    assert(day >= 0 && day < c->n_days && kind >= 0 && kind < c->n_kinds);
    int32_t e = new_entry(c);
    if (e == NO_ENTRY)
        return STATUS_ENOMEM;
    uint64_t bit = UINT64_C(1) << (day % 64);
    int32_t *head = c->head + (size_t)day * (size_t)c->n_kinds;
    int32_t *tail = c->tail + (size_t)day * (size_t)c->n_kinds;
    if (!(c->busy[day / 64] & bit)) {
        c->busy[day / 64] |= bit;
        for (int32_t k = 0; k < c->n_kinds; k++)
            head[k] = tail[k] = NO_ENTRY;
    }
    c->pool[e] = (entry){subject, NO_ENTRY};
    if (tail[kind] == NO_ENTRY)
        head[kind] = e;
    else
        c->pool[tail[kind]].next = e;
    tail[kind] = e;
    return STATUS_OK;
}

int32_t day_calendar_next_day(const day_calendar *c, int32_t from)
{
    if (from < 0)
        from = 0;
    if (from >= c->n_days)
        return TERMS_DAY_NEVER;
    int32_t k = from / 64;
    uint64_t word = c->busy[k] & (~UINT64_C(0) << (from % 64));
    for (;;) {
        if (word)
            return 64 * k + __builtin_ctzll(word);
        if (++k >= c->n_words)
            return TERMS_DAY_NEVER;
        word = c->busy[k];
    }
}

bool day_calendar_take(day_calendar *c, int32_t day, int32_t kind, int32_t *subject)
{
    assert(day >= 0 && day < c->n_days && kind >= 0 && kind < c->n_kinds);
    if (!(c->busy[day / 64] & (UINT64_C(1) << (day % 64))))
        return false;
    int32_t *head = c->head + (size_t)day * (size_t)c->n_kinds;
    int32_t e = head[kind];
    if (e == NO_ENTRY)
        return false;
    *subject = c->pool[e].subject;
    head[kind] = c->pool[e].next;
    c->pool[e].next = c->free_list;
    c->free_list = e;
    if (head[kind] != NO_ENTRY)
        return true;
    c->tail[(size_t)day * (size_t)c->n_kinds + (size_t)kind] = NO_ENTRY;
    for (int32_t k = 0; k < c->n_kinds; k++)
        if (head[k] != NO_ENTRY)
            return true;
    c->busy[day / 64] &= ~(UINT64_C(1) << (day % 64)); /* the day is empty */
    return true;
}
