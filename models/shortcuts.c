/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shortcuts: the days on which a team's work cannot change, simulated without the calendar.
 *
 * The plain simulation processes every team on every working day. Most of those days change
 * nothing but the work left: a team whose slots are all taken, or that nothing outside can
 * reach any more, or that has a free slot but nothing ready. For such a team the coming days
 * are a tight loop of draws and equal shares up to its next completion. Every shortcut makes
 * exactly the draws and the floating-point operations of the plain path, in the same order,
 * so results are byte-identical (test shortcuts_change_nothing compares them on random plans):
 *   - run ahead: a team that nothing outside can reach simulates all its remaining days at
 *     once; a single item alone is a sum of precomputed capacities;
 *   - sleep: a team whose work cannot change by itself until a completion skips to that day;
 *     with a free slot the sleep is speculative and a readiness event rolls it back to a
 *     checkpoint and replays the days before the event.
 */
#include "delivery_internal.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "rng_stream.h"

/* Moves the team's own items made ready while running ahead, whose day has come, into its
 * ready set. */
static void release_pending(delivery_trial *w, int32_t team, int32_t day)
{
    const delivery_model *m = w->m;
    team_state *ts = &w->teams[team];
    for (int32_t k = 0; k < ts->n_pending;) {
        int32_t item = ts->pending[k];
        if (w->ready_day[item] > day) {
            k++;
            continue;
        }
        const item_model *im = &m->items[item];
        w->state[item] = ITEM_READY;
        ts->ready[im->rank / 64] |= UINT64_C(1) << (im->rank % 64);
        ts->n_ready++;
        ts->pending[k] = ts->pending[--ts->n_pending];
    }
}

/* One active item that nothing can join before it finishes (its slot is the only one, or
 * nothing is ready or about to be): the days until it finishes are a sum of draws. Draws day
 * after day from *day and returns true on the day the item finishes, with that day's capacity
 * in *capacity, not yet poured; false past the cap. Each day does exactly what team_day would:
 * the same draw, and remaining -= capacity (with one item the share is the capacity). */
static bool run_single_item(delivery_trial *w, int32_t team, int32_t *day, double *capacity)
{
    const delivery_model *m = w->m;
    const team_model *tm = &m->teams[team];
    team_state *ts = &w->teams[team];
    gsl_rng *r = w->capacity_rng[team];
    int32_t item = ts->active[0];
    double left = w->remaining[item];
    const double *table = capacity_table(&tm->capacity, 1);
    if (table) {
        /* The hot loop of a one-team backlog: count working days by rank, map back once. */
        const workcal *cal = &tm->cal;
        uint64_t n = (uint64_t)tm->capacity.n_samples;
        int32_t rank = cal->rank_of_day[*day], last_rank = cal->rank_of_day[m->cap_days + 1];
        for (;;) {
            double c = table[rng_stream_below(r, n)];
            if (left - c <= WORK_EPSILON) { /* also when left <= c */
                w->remaining[item] = left;
                *day = cal->day_of_rank[rank];
                *capacity = c;
                return true;
            }
            left -= c;
            if (++rank >= last_rank) {
                w->remaining[item] = left;
                return false;
            }
        }
    }
    for (int32_t d = *day;;) {
        double c = capacity_draw(&tm->capacity, &ts->capacity, r, d, 1);
        if (left <= c || left - c <= WORK_EPSILON) {
            w->remaining[item] = left;
            *day = d;
            *capacity = c;
            return true;
        }
        left -= c;
        if (d >= m->cap_days || (d = tm->cal.next_working[d + 1]) > m->cap_days) {
            w->remaining[item] = left;
            return false;
        }
    }
}

static bool single_item_runs_alone(const delivery_trial *w, int32_t team)
{
    const team_state *ts = &w->teams[team];
    return ts->n_active == 1 && w->remaining[ts->active[0]] > WORK_EPSILON &&
           (w->m->teams[team].wip == 1 || (ts->n_ready == 0 && ts->n_pending == 0));
}

/* A team that nothing outside can reach any more (no waiting item depends on another team, no
 * readiness event is on its way) simulates all its remaining days at once, after `day`,
 * without the calendar. Its completions still schedule readiness events for other teams at
 * their (later) days; its own items made ready meanwhile wait in its pending list. The result
 * is the same as day by day: the same draws in the same order, the same sharing. */
status_code shortcuts_run_ahead(delivery_trial *w, int32_t team, int32_t day)
{
    const delivery_model *m = w->m;
    const team_model *tm = &m->teams[team];
    team_state *ts = &w->teams[team];
    status_code rc = STATUS_OK;
    w->running_ahead = team;
    ts->finished_ahead = true;
    int32_t d = day < m->cap_days ? tm->cal.next_working[day + 1] : DAY_NEVER;
    while (rc == STATUS_OK && ts->unfinished > 0 && d <= m->cap_days) {
        release_pending(w, team, d);
        delivery_fill_slots(w, team, d);
        double capacity;
        if (single_item_runs_alone(w, team)) {
            if (!run_single_item(w, team, &d, &capacity))
                break; /* not done within the cap */
            release_pending(w, team, d);
        } else {
            capacity =
                capacity_draw(&tm->capacity, &ts->capacity, w->capacity_rng[team], d, ts->n_active);
        }
        rc = delivery_pour_capacity(w, team, d, capacity);
        d = d < m->cap_days ? tm->cal.next_working[d + 1] : DAY_NEVER;
    }
    w->running_ahead = -1;
    return rc;
}

bool shortcuts_can_run_ahead(const delivery_trial *w, int32_t team)
{
    const team_state *ts = &w->teams[team];
    return w->m->shortcuts && ts->unfinished > 0 && ts->ext_waiting == 0 && ts->ready_pending == 0;
}

/* Simulates the team's working days from `d` (while d < end and within the cap) on which its
 * n active items share each day's capacity and none finishes: the same draw as team_day and
 * the same equal shares. Returns the first day on which an item would finish, with that day's
 * capacity drawn into *capacity but not poured, or DAY_NEVER. With no active items it only
 * draws, as team_day does on an idle day. */
static int32_t advance_days(delivery_trial *w, int32_t team, int32_t d, int32_t end,
                            double *capacity)
{
    const delivery_model *m = w->m;
    const team_model *tm = &m->teams[team];
    team_state *ts = &w->teams[team];
    int32_t n = ts->n_active;
    double least = HUGE_VAL;
    for (int32_t a = 0; a < n; a++)
        least = w->remaining[ts->active[a]] < least ? w->remaining[ts->active[a]] : least;
    const double *table = capacity_table(&tm->capacity, n);
    uint64_t n_samples = (uint64_t)tm->capacity.n_samples;
    gsl_rng *r = w->capacity_rng[team];
    double nd = n;
    /* With nothing in progress only the draw matters (a day-mode draw is one number). */
    bool draw_only = n == 0 && tm->capacity.mode == CAPACITY_DAY;
    for (; d < end && d <= m->cap_days;) {
        if (draw_only) {
            rng_stream_below(r, n_samples);
            if (d >= m->cap_days)
                break;
            d = tm->cal.next_working[d + 1];
            continue;
        }
        double c = table ? table[rng_stream_below(r, n_samples)]
                         : capacity_draw(&tm->capacity, &ts->capacity, r, d, n);
        if (n > 0 && c > WORK_EPSILON) { /* pour_capacity ignores smaller amounts */
            double share = c / nd;
            if (least * nd <= c || least - share <= WORK_EPSILON) {
                *capacity = c;
                return d;
            }
            for (int32_t a = 0; a < n; a++)
                w->remaining[ts->active[a]] -= share;
            least -= share;
        }
        if (d >= m->cap_days)
            break;
        d = tm->cal.next_working[d + 1];
    }
    return DAY_NEVER;
}

static void take_checkpoint(delivery_trial *w, int32_t team, int32_t day)
{
    team_state *ts = &w->teams[team];
    ts->speculative = true;
    ts->checkpoint_day = day;
    memcpy(ts->checkpoint_rng, w->capacity_rng[team]->state, sizeof ts->checkpoint_rng);
    ts->checkpoint_capacity = ts->capacity;
    for (int32_t a = 0; a < ts->n_active; a++)
        ts->checkpoint_remaining[a] = w->remaining[ts->active[a]];
}

/* After its day `day`, a team whose work cannot change by itself until one of its items
 * finishes goes to sleep until that day (wake_day), having simulated the days in between in a
 * tight loop and drawn that day's capacity. With all slots taken nothing else can change it.
 * With a free slot and nothing ready, a readiness event could: the sleep is speculative and
 * roll_back undoes it. A team with nothing in progress just waits for readiness. */
void shortcuts_sleep(delivery_trial *w, int32_t team, int32_t day)
{
    const delivery_model *m = w->m;
    const team_model *tm = &m->teams[team];
    team_state *ts = &w->teams[team];
    if (day >= m->cap_days)
        return;
    bool full = ts->n_active > 0 && ts->n_active >= tm->wip;
    if (!full) {
        if (ts->n_ready > 0 || ts->n_pending > 0)
            return;
        take_checkpoint(w, team, day);
    }
    if (ts->n_active == 0) {
        ts->wake_day = DAY_NEVER; /* until an item becomes ready */
        return;
    }
    ts->wake_day =
        advance_days(w, team, tm->cal.next_working[day + 1], DAY_NEVER, &ts->stored_capacity);
}

/* A readiness event for a speculatively sleeping team on day `day`: back to the checkpoint,
 * the days before `day` simulated again (the same draws; nothing finishes in them), and the
 * team awake for `day`, whose WORKING_DAY is made sure of. */
status_code shortcuts_roll_back(delivery_trial *w, int32_t team, int32_t day)
{
    const delivery_model *m = w->m;
    const team_model *tm = &m->teams[team];
    team_state *ts = &w->teams[team];
    memcpy(w->capacity_rng[team]->state, ts->checkpoint_rng, sizeof ts->checkpoint_rng);
    ts->capacity = ts->checkpoint_capacity;
    for (int32_t a = 0; a < ts->n_active; a++)
        w->remaining[ts->active[a]] = ts->checkpoint_remaining[a];
    double unused;
    int32_t first = tm->cal.next_working[ts->checkpoint_day + 1];
    int32_t stop = advance_days(w, team, first, day, &unused);
    assert(stop == DAY_NEVER); /* the sleep found no completion before its wake day */
    (void)stop;
    ts->speculative = false;
    ts->wake_day = -1;
    if (day >= w->next_day)
        return STATUS_OK;
    w->next_day = day; /* the later event becomes stale */
    return engine_schedule(w->eng, day, PRIORITY_WORK, EVENT_WORKING_DAY, 0, 0);
}

/* The day a sleeping team wakes: the capacity was drawn while it slept. */
status_code shortcuts_wake(delivery_trial *w, int32_t team, int32_t day)
{
    team_state *ts = &w->teams[team];
    ts->wake_day = -1;
    ts->speculative = false;
    delivery_fill_slots(w, team, day); /* nothing: no slot has been freed, nothing became ready */
    return delivery_pour_capacity(w, team, day, ts->stored_capacity);
}
