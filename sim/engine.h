/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine: a steppable discrete-event engine: a clock, an event calendar and one handler.
 *
 * Time is a double in calendar days from the start of a trial. The engine pops events in
 * (time, priority, insertion) order, advances the clock to each and hands it to the model's
 * handler, which may schedule more events (never in the past). The engine knows nothing about
 * what events mean. One engine serves one trial at a time: engine_reset() makes it ready for the
 * next, keeping its memory. It never prints; a handler's error stops the run and is returned.
 */
#ifndef SHIPCAST_ENGINE_H
#define SHIPCAST_ENGINE_H

#include <stdbool.h>

#include "event_queue.h"
#include "status.h"

typedef struct engine engine;

/* Handles one event. Returning anything but STATUS_OK stops the run with that code. */
typedef status_code (*engine_handler)(void *model, engine *eng, const sim_event *ev);

/* An engine calling `handler(model, ...)` for every event; `model` is borrowed. NULL on
 * allocation failure. */
engine *engine_create(size_t capacity_hint, engine_handler handler, void *model);
void engine_destroy(engine *eng);

/* Empties the calendar and sets the clock to 0. */
void engine_reset(engine *eng);

double engine_now(const engine *eng);

/* Schedules an event at `time` >= engine_now(). STATUS_ENOMEM if the calendar cannot grow. */
status_code engine_schedule(engine *eng, double time, int32_t priority, int32_t type,
                            int32_t subject, int32_t arg);

/* Processes the next event, if any: *stepped says whether there was one. */
status_code engine_step(engine *eng, bool *stepped);

/* Processes every event with time <= t_end, in order. Events after t_end stay scheduled. */
status_code engine_run_until(engine *eng, double t_end);

#endif
