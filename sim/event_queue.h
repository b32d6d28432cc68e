/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * event_queue: the event calendar, a binary min-heap of events.
 *
 * Events are ordered by (time, priority, sequence): earlier time first, then lower priority
 * value, then insertion order. The sequence counter restarts at event_queue_clear(), so a
 * replayed trial pops ties in exactly the same order on any thread. The heap keeps its memory
 * across clears: after the first trials have grown it, a trial allocates nothing.
 * A binary heap is O(log n) per push and pop; the plans here keep a few dozen events pending
 * (one per team and a few item readiness events), where a heap beats calendar queues.
 */
#ifndef SHIPCAST_EVENT_QUEUE_H
#define SHIPCAST_EVENT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct sim_event {
    double time;      /* engine time: calendar days from the start */
    int32_t priority; /* lower first among equal times */
    int32_t type;     /* what happens; meaning is the model's */
    int32_t subject;  /* the entity it happens to (model's meaning) */
    int32_t arg;      /* a free argument (model's meaning) */
    uint64_t seq;     /* insertion order, set by the queue */
} sim_event;

typedef struct event_queue event_queue;

/* A queue with room for `capacity_hint` events before it grows. NULL on allocation failure. */
event_queue *event_queue_create(size_t capacity_hint);
void event_queue_destroy(event_queue *q);

/* Removes all events and restarts the sequence counter; keeps the memory. */
void event_queue_clear(event_queue *q);

/* Adds an event (its seq is assigned here). STATUS_ENOMEM if growing failed (q unchanged). */
status_code event_queue_push(event_queue *q, double time, int32_t priority, int32_t type,
                             int32_t subject, int32_t arg);

/* Removes the first event into *out; false if the queue is empty. */
bool event_queue_pop(event_queue *q, sim_event *out);

/* The first event without removing it, or NULL if empty. */
const sim_event *event_queue_peek(const event_queue *q);

size_t event_queue_size(const event_queue *q);

#endif
