/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * day_calendar: the event calendar of a simulation whose events fall on whole days.
 *
 * An event is (day, kind, subject); the calendar knows nothing of what they mean. Days are
 * taken in order (day_calendar_next_day), and a day's events kind by kind as the caller asks
 * (lower kinds first by convention) and, within a kind, in the order they were added. One
 * bucket per day replaces a heap: adding and taking an event are O(1), finding the next busy
 * day scans a bitmap a word (64 days) at a time, and ties cannot depend on floating-point
 * comparisons. Events may be added to the day being taken (a later kind, or the same kind:
 * it is taken in turn) and to any later day, never to an earlier one.
 *
 * Memory: a bitmap and two indices per day and kind, plus one entry per pending event; the
 * entry pool keeps its memory across day_calendar_clear(), so after the first trials have
 * grown it a trial allocates nothing.
 */
#ifndef SHIPCAST_DAY_CALENDAR_H
#define SHIPCAST_DAY_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "terms.h"

typedef struct day_calendar day_calendar;

/* A calendar of days 0..n_days-1 (n_days >= 1) and kinds 0..n_kinds-1 (1 <= n_kinds <= 8)
 * with room for `capacity_hint` pending events before it grows. NULL on allocation failure. */
day_calendar *day_calendar_create(int32_t n_days, int32_t n_kinds, size_t capacity_hint);

/* Frees the calendar; NULL is a no-op. */
void day_calendar_destroy(day_calendar *c);

/* Removes every event; keeps the memory. */
void day_calendar_clear(day_calendar *c);

/* Adds event (day, kind, subject), 0 <= day < n_days, 0 <= kind < n_kinds. STATUS_ENOMEM if
 * the entry pool could not grow (the calendar is unchanged). */
status_code day_calendar_add(day_calendar *c, int32_t day, int32_t kind, int32_t subject);

/* The first day >= from with an event, or TERMS_DAY_NEVER. */
int32_t day_calendar_next_day(const day_calendar *c, int32_t from);

/* Takes the first event of (day, kind) into *subject; false when there is none. */
bool day_calendar_take(day_calendar *c, int32_t day, int32_t kind, int32_t *subject);

#endif
