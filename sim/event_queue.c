/* SPDX-License-Identifier: GPL-3.0-or-later */
/* event_queue: binary min-heap on (time, priority, seq); see event_queue.h. */
#include "event_queue.h"

#include <stdlib.h>

struct event_queue {
    sim_event *heap;
    size_t size;
    size_t capacity;
    uint64_t next_seq;
};

event_queue *event_queue_create(size_t capacity_hint)
{
    event_queue *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->capacity = capacity_hint ? capacity_hint : 16;
    q->heap = malloc(q->capacity * sizeof *q->heap);
    if (!q->heap) {
        free(q);
        return NULL;
    }
    return q;
}

void event_queue_destroy(event_queue *q)
{
    if (q) {
        free(q->heap);
        free(q);
    }
}

void event_queue_clear(event_queue *q)
{
    q->size = 0;
    q->next_seq = 0;
}

static bool event_before(const sim_event *a, const sim_event *b)
{
    if (a->time != b->time)
        return a->time < b->time;
    if (a->priority != b->priority)
        return a->priority < b->priority;
    return a->seq < b->seq;
}

status_code event_queue_push(event_queue *q, double time, int32_t priority, int32_t type,
                             int32_t subject, int32_t arg)
{
    if (q->size == q->capacity) {
        size_t cap = q->capacity * 2;
        sim_event *grown = realloc(q->heap, cap * sizeof *grown);
        if (!grown)
            return STATUS_ENOMEM;
        q->heap = grown;
        q->capacity = cap;
    }
    sim_event ev = {.time = time,
                    .priority = priority,
                    .type = type,
                    .subject = subject,
                    .arg = arg,
                    .seq = q->next_seq++};
    size_t i = q->size++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!event_before(&ev, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = ev;
    return STATUS_OK;
}

bool event_queue_pop(event_queue *q, sim_event *out)
{
    if (q->size == 0)
        return false;
    *out = q->heap[0];
    sim_event last = q->heap[--q->size];
    size_t i = 0, n = q->size;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && event_before(&q->heap[child + 1], &q->heap[child]))
            child++;
        if (!event_before(&q->heap[child], &last))
            break;
        q->heap[i] = q->heap[child];
        i = child;
    }
    if (n > 0)
        q->heap[i] = last;
    return true;
}

const sim_event *event_queue_peek(const event_queue *q)
{
    return q->size ? &q->heap[0] : NULL;
}

size_t event_queue_size(const event_queue *q)
{
    return q->size;
}
