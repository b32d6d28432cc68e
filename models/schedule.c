/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule: the plain and the skipping scheduler; see schedule.h.
 */
#include "schedule.h"

#include <assert.h>
#include <stdlib.h>

#include "day_calendar.h"
#include "rules.h"
#include "workcal.h"

enum { KIND_READY = 0, KIND_VISIT = 1, N_KINDS = 2 };

/* Days a speculative sleep runs ahead before the team is visited anyway: the work per slot
 * of each is kept for a roll-back. Most sleeps end at a finish well before. */
enum { SLEEP_DAYS_MAX = 64 };

/* No visit pending: the team is idle (waiting for readiness) or done. */
#define NO_WAKE (-1)

typedef struct team_sleep {
    int32_t wake_day;   /* the pending visit, NO_WAKE, or TERMS_DAY_NEVER (runs to the cap) */
    int32_t last_visit; /* the day of the last visit */
    /* a speculative sleep: W at the end of the last visit and after each day run ahead */
    bool speculative;
    int32_t first_rank; /* rank of the first working day after the last visit */
    int32_t n_kept;
    double work_at_visit;
    double work_after[SLEEP_DAYS_MAX];
} team_sleep;

struct schedule {
    int32_t n_teams;
    day_calendar *calendar;
    team_sleep *teams;
};

schedule *schedule_create(const delivery_model *m)
{
    schedule *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n_teams = m->n_teams;
    s->calendar = day_calendar_create(m->n_days, N_KINDS, 2 * ((size_t)m->n_items + 1));
    s->teams = calloc((size_t)m->n_teams + 1, sizeof *s->teams);
    if (!s->calendar || !s->teams) {
        schedule_destroy(s);
        return NULL;
    }
    return s;
}

void schedule_destroy(schedule *s)
{
    if (!s)
        return;
    day_calendar_destroy(s->calendar);
    free(s->teams);
    free(s);
}

/* Puts the items whose ready day the rules fixed into the calendar. */
static status_code collect_ready(delivery_trial *w)
{
    for (int32_t k = 0; k < w->n_newly_ready; k++) {
        int32_t item = w->newly_ready[k];
        status_code rc = day_calendar_add(w->sched->calendar, w->ready_day[item], KIND_READY, item);
        if (rc != STATUS_OK)
            return rc;
    }
    w->n_newly_ready = 0;
    return STATUS_OK;
}

/* ---- plain: every working day of every team -------------------------------------------- */

static bool anything_can_change(const delivery_trial *w, int32_t from)
{
    if (day_calendar_next_day(w->sched->calendar, from) != TERMS_DAY_NEVER)
        return true;
    for (int32_t t = 0; t < w->m->n_teams; t++)
        if (w->teams[t].n_active > 0 || w->teams[t].n_ready > 0)
            return true;
    return false;
}

static status_code run_plain(delivery_trial *w)
{
    const delivery_model *m = w->m;
    day_calendar *cal = w->sched->calendar;
    for (int32_t day = 0; day <= m->cap_days && anything_can_change(w, day); day++) {
        int32_t item;
        while (day_calendar_take(cal, day, KIND_READY, &item))
            rules_make_ready(w, item);
        for (int32_t t = 0; t < m->n_teams; t++) {
            if (w->teams[t].unfinished == 0 || !workcal_is_working(&m->teams[t].cal, day))
                continue;
            rules_team_day(w, t, day);
            status_code rc = collect_ready(w);
            if (rc != STATUS_OK)
                return rc;
        }
    }
    return STATUS_OK;
}

/* ---- skipping: visits on the days that change something -------------------------------- */

static status_code wake_on(delivery_trial *w, int32_t team, int32_t day)
{
    w->sched->teams[team].wake_day = day;
    return day <= w->m->cap_days ? day_calendar_add(w->sched->calendar, day, KIND_VISIT, team)
                                 : STATUS_OK;
}

/* After its visit on `day`, the team runs ahead over the days on which its active items only
 * share capacity, and sleeps until the first day that changes more: a finish (or, for a
 * speculative sleep, the end of what it keeps). An idle team waits for readiness. */
static status_code sleep_after(delivery_trial *w, int32_t team, int32_t day)
{
    const delivery_model *m = w->m;
    const workcal *cal = &m->teams[team].cal;
    team_state *ts = &w->teams[team];
    team_sleep *sl = &w->sched->teams[team];
    sl->last_visit = day;
    if (ts->unfinished == 0 || ts->n_active == 0) {
        sl->wake_day = NO_WAKE;
        return STATUS_OK;
    }
    /* with a free slot (and so nothing ready), readiness may cut the sleep short */
    sl->speculative = ts->n_active < m->teams[team].wip;
    sl->work_at_visit = ts->work_per_slot;
    sl->first_rank = cal->rank_of_day[day + 1];
    int32_t end = cal->rank_of_day[m->cap_days + 1]; /* working days within the cap */
    int32_t rank;
    if (sl->speculative) {
        int32_t kept_end =
            end - sl->first_rank > SLEEP_DAYS_MAX ? sl->first_rank + SLEEP_DAYS_MAX : end;
        rank = rules_quiet_days(w, team, sl->first_rank, kept_end, sl->work_after);
        sl->n_kept = rank - sl->first_rank;
    } else {
        rank = rules_quiet_days(w, team, sl->first_rank, end, NULL);
    }
    return wake_on(w, team, rank < end ? cal->day_of_rank[rank] : TERMS_DAY_NEVER);
}

/* Item `item` is ready on `day`: a team that is idle, or asleep with a free slot, must work
 * that day with it; a speculative sleep goes back to the evening before. */
static status_code item_ready(delivery_trial *w, int32_t item, int32_t day)
{
    const delivery_model *m = w->m;
    int32_t team = m->items[item].team;
    team_state *ts = &w->teams[team];
    team_sleep *sl = &w->sched->teams[team];
    rules_make_ready(w, item);
    if (sl->wake_day == day)
        return STATUS_OK; /* already visiting today */
    if (ts->n_active > 0) {
        if (ts->n_active >= m->teams[team].wip)
            return STATUS_OK; /* all slots taken: nothing changes before its finish */
        int32_t before = m->teams[team].cal.rank_of_day[day] - sl->first_rank;
        assert(sl->speculative && before >= 0 && before <= sl->n_kept);
        ts->work_per_slot = before == 0 ? sl->work_at_visit : sl->work_after[before - 1];
    }
    return wake_on(w, team, day);
}

static status_code run_day(delivery_trial *w, int32_t day)
{
    day_calendar *cal = w->sched->calendar;
    status_code rc = STATUS_OK;
    int32_t subject;
    while (rc == STATUS_OK && day_calendar_take(cal, day, KIND_READY, &subject))
        rc = item_ready(w, subject, day);
    while (rc == STATUS_OK && day_calendar_take(cal, day, KIND_VISIT, &subject)) {
        team_sleep *sl = &w->sched->teams[subject];
        if (sl->wake_day != day || sl->last_visit == day)
            continue; /* superseded by an earlier visit */
        rules_team_day(w, subject, day);
        rc = collect_ready(w);
        if (rc == STATUS_OK)
            rc = sleep_after(w, subject, day);
    }
    return rc;
}

static status_code run_skipping(delivery_trial *w)
{
    const delivery_model *m = w->m;
    status_code rc = STATUS_OK;
    /* teams with items in progress work from their first working day */
    for (int32_t t = 0; t < m->n_teams && rc == STATUS_OK; t++) {
        team_sleep *sl = &w->sched->teams[t];
        sl->wake_day = NO_WAKE;
        sl->last_visit = -1;
        if (w->teams[t].n_active > 0)
            rc = wake_on(w, t, m->teams[t].cal.next_working[0]);
    }
    for (int32_t day = day_calendar_next_day(w->sched->calendar, 0);
         rc == STATUS_OK && day <= m->cap_days;
         day = day_calendar_next_day(w->sched->calendar, day + 1))
        rc = run_day(w, day);
    return rc;
}

status_code schedule_run(delivery_trial *w)
{
    day_calendar_clear(w->sched->calendar);
    status_code rc = collect_ready(w);
    if (rc == STATUS_OK)
        rc = w->m->skipping ? run_skipping(w) : run_plain(w);
    return rc;
}
