/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine: clock + event calendar + handler dispatch; see engine.h. */
#include "engine.h"

#include <assert.h>
#include <stdlib.h>

struct engine {
    event_queue *queue;
    double now;
    engine_handler handler;
    void *model;
};

engine *engine_create(size_t capacity_hint, engine_handler handler, void *model)
{
    engine *eng = calloc(1, sizeof *eng);
    if (!eng)
        return NULL;
    eng->queue = event_queue_create(capacity_hint);
    if (!eng->queue) {
        free(eng);
        return NULL;
    }
    eng->handler = handler;
    eng->model = model;
    return eng;
}

void engine_destroy(engine *eng)
{
    if (eng) {
        event_queue_destroy(eng->queue);
        free(eng);
    }
}

void engine_reset(engine *eng)
{
    event_queue_clear(eng->queue);
    eng->now = 0.0;
}

double engine_now(const engine *eng)
{
    return eng->now;
}

status_code engine_schedule(engine *eng, double time, int32_t priority, int32_t type,
                            int32_t subject, int32_t arg)
{
    assert(time >= eng->now); /* scheduling into the past is a model bug */
    return event_queue_push(eng->queue, time, priority, type, subject, arg);
}

status_code engine_step(engine *eng, bool *stepped)
{
    sim_event ev;
    *stepped = event_queue_pop(eng->queue, &ev);
    if (!*stepped)
        return STATUS_OK;
    eng->now = ev.time;
    return eng->handler(eng->model, eng, &ev);
}

status_code engine_run_until(engine *eng, double t_end)
{
    const sim_event *next;
    while ((next = event_queue_peek(eng->queue)) != NULL && next->time <= t_end) {
        bool stepped;
        status_code rc = engine_step(eng, &stepped);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}
