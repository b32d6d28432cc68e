/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * history: samples and epic sizes from work-item records; see history.h.
 *
 * Derivation is linear: records and epics are bucketed by team with a counting sort, and each
 * team's window is a set of per-day arrays (completions by day, epics in progress as a
 * difference array), so a million records and a ten-year window cost O(records + teams *
 * window). The per-day arrays are one workspace reused across teams.
 */
#include "history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "workdays.h"

/* Per-epic facts as of history_end. */
typedef struct history_epic {
    int32_t team;
    int32_t first_started, first_done, last_done;
    int32_t n_planned;
    bool open;
} history_epic;

/* Workspace for one team's window, reused across teams. */
typedef struct history_window {
    int32_t start, end, n; /* window days [start, end], n = end - start + 1 */
    int32_t first;         /* the current team's first day, as an index (no padding) */
    bool *working;
    int32_t *next_working; /* index of the first working day at or after index i, or -1 */
    int32_t *planned, *unplanned, *streams_diff;
} history_window;

/* Counting sort: order[] lists the i in 0..n-1 with key(i) >= 0, grouped by key (stable);
 * group k is order[first[k]..first[k+1]). */
static bool history_bucket(size_t n, int32_t n_keys, int32_t (*key)(const void *, size_t),
                           const void *data, size_t **order_out, size_t **first_out)
{
    size_t *first = calloc((size_t)n_keys + 1, sizeof *first);
    size_t *fill = malloc(((size_t)n_keys + 1) * sizeof *fill);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!first || !fill || !order) {
        free(first);
        free(fill);
        free(order);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (key(data, i) >= 0)
            first[key(data, i) + 1]++;
    for (int32_t k = 0; k < n_keys; k++)
        first[k + 1] += first[k];
    memcpy(fill, first, ((size_t)n_keys + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        if (key(data, i) >= 0)
            order[fill[key(data, i)]++] = i;
    free(fill);
    *order_out = order;
    *first_out = first;
    return true;
}

static int32_t history_rec_team(const void *data, size_t i)
{
    return ((const history_record *)data)[i].team;
}

static int32_t history_epic_team(const void *data, size_t i)
{
    return ((const history_epic *)data)[i].team;
}

static int32_t *history_alloc(size_t n)
{
    return calloc(n ? n : 1, sizeof(int32_t));
}

/* Completions of the team's records by the day they count on. */
static void history_completions(const history_window *w, const plan_team *team,
                                const history_record *recs, const size_t *order, size_t from,
                                size_t to)
{
    /* completions up to the last working day before the window stay outside it */
    int32_t before = workdays_prev(team->days_off, team->n_days_off, w->start - 1);
    for (size_t r = from; r < to; r++) {
        const history_record *rec = &recs[order[r]];
        if (rec->done == DATE_NONE || rec->done > w->end || rec->done <= before)
            continue;
        /* inside the window a look-up; before it, the rule itself */
        int32_t at = rec->done >= w->start
                         ? w->next_working[rec->done - w->start]
                         : workdays_next(team->days_off, team->n_days_off, rec->done) - w->start;
        if (at < 0 || at >= w->n)
            continue; /* before the window, or moved past history_end */
        if (rec->unplanned)
            w->unplanned[at]++;
        else
            w->planned[at]++;
    }
}

/* Epic sizes, and the epics' spans as +1/-1 at their ends in streams_diff. */
static bool history_epics(const history_window *w, plan_team *team, const history_epic *epics,
                          const size_t *order, size_t from, size_t to)
{
    int32_t n_sizes = 0;
    team->epic_sizes = history_alloc(to - from);
    if (!team->epic_sizes)
        return false;
    for (size_t e = from; e < to; e++) {
        const history_epic *a = &epics[order[e]];
        int32_t first = a->first_started != DATE_NONE ? a->first_started : a->first_done;
        int32_t last = a->open ? w->end : a->last_done;
        if (!a->open && a->n_planned > 0)
            team->epic_sizes[n_sizes++] = a->n_planned;
        if (first == DATE_NONE || last == DATE_NONE)
            continue;
        if (first < w->start)
            first = w->start;
        if (last > w->end)
            last = w->end;
        if (first > last)
            continue;
        w->streams_diff[first - w->start]++;
        w->streams_diff[last - w->start + 1]--;
    }
    team->n_epics = n_sizes;
    return true;
}

/* One sample per working day from the team's first; streams_diff becomes the running count
 * itself. */
static bool history_days(const history_window *w, plan_team *team)
{
    int32_t n_days = 0;
    for (int32_t i = w->first; i < w->n; i++)
        n_days += w->working[i];
    team->day_date = history_alloc((size_t)n_days);
    team->day_planned = history_alloc((size_t)n_days);
    team->day_unplanned = history_alloc((size_t)n_days);
    team->day_streams = history_alloc((size_t)n_days);
    if (!team->day_date || !team->day_planned || !team->day_unplanned || !team->day_streams)
        return false;
    int32_t streams = 0, d = 0;
    for (int32_t i = 0; i < w->n; i++) {
        streams += w->streams_diff[i];
        w->streams_diff[i] = streams;
        if (!w->working[i] || i < w->first)
            continue;
        team->day_date[d] = w->start + i;
        team->day_planned[d] = w->planned[i];
        team->day_unplanned[d] = w->unplanned[i];
        team->day_streams[d] = streams;
        d++;
    }
    team->n_days = n_days;
    return true;
}

static bool history_weeks(const history_window *w, plan_team *team)
{
    /* index of the first Monday on or after the team's first day */
    int32_t monday = w->first + (7 - date_weekday(w->start + w->first)) % 7;
    int32_t max_weeks = w->n / 7 + 1;
    team->week_planned = history_alloc((size_t)max_weeks);
    team->week_unplanned = history_alloc((size_t)max_weeks);
    team->week_streams = history_alloc((size_t)max_weeks);
    team->week_working_days = history_alloc((size_t)max_weeks);
    if (!team->week_planned || !team->week_unplanned || !team->week_streams ||
        !team->week_working_days)
        return false;
    int32_t n_weeks = 0;
    for (int32_t m = monday; m + 6 < w->n; m += 7) {
        int32_t pl = 0, un = 0, str = 0, wd = 0;
        for (int32_t i = m; i < m + 7; i++)
            if (w->working[i]) {
                pl += w->planned[i];
                un += w->unplanned[i];
                str += w->streams_diff[i];
                wd++;
            }
        if (wd == 0)
            continue;
        team->week_planned[n_weeks] = pl;
        team->week_unplanned[n_weeks] = un;
        team->week_streams[n_weeks] = str;
        team->week_working_days[n_weeks] = wd;
        n_weeks++;
    }
    team->n_weeks = n_weeks;
    return true;
}

/* What each epic's records say as of history_end. */
static void history_epic_facts(const history_record *recs, size_t n_recs, int32_t history_end,
                               history_epic *epics, int32_t n_epics)
{
    for (int32_t e = 0; e < n_epics; e++)
        epics[e] = (history_epic){-1, DATE_NONE, DATE_NONE, DATE_NONE, 0, false};
    for (size_t r = 0; r < n_recs; r++) {
        const history_record *rec = &recs[r];
        if (rec->epic < 0)
            continue;
        history_epic *a = &epics[rec->epic];
        a->team = rec->team;
        if (rec->started != DATE_NONE && rec->started > history_end)
            continue; /* not started as of history_end */
        if (rec->started != DATE_NONE &&
            (a->first_started == DATE_NONE || rec->started < a->first_started))
            a->first_started = rec->started;
        if (rec->done != DATE_NONE && rec->done <= history_end) {
            if (a->first_done == DATE_NONE || rec->done < a->first_done)
                a->first_done = rec->done;
            if (a->last_done == DATE_NONE || rec->done > a->last_done)
                a->last_done = rec->done;
        } else {
            a->open = true;
        }
        a->n_planned += !rec->unplanned;
    }
}

/* The day the team's window may start (as of history_end): history_start when given, else its
 * earliest started or done; DATE_NONE when it has no record at all. */
/* The team's pace persistence (plan_team.pace_excess): planned completions of its working days
 * over the last PACE_YEAR calendar days (from its lower bound at the latest), in blocks of
 * PACE_BLOCK working days counted back from history_end. The log pace of a block,
 * log((P_b + 1/2) / B), varies by var(P_b) / (B m + 1/2)^2 = B v / (B m + 1/2)^2 when days are
 * independent (m, v: the days' mean and variance); what the blocks vary beyond that is the
 * pace's own drift. `count` is scratch room for PACE_YEAR values. */
enum { PACE_YEAR = 365, PACE_BLOCK = 20, PACE_MIN_BLOCKS = 3 };

static void history_pace(plan_team *team, const history_record *recs, const size_t *order,
                         size_t from, size_t to, int32_t lower, int32_t history_end, int32_t *count)
{
    int32_t first = history_end - PACE_YEAR + 1;
    if (lower != DATE_NONE && lower > first)
        first = lower;
    team->pace_excess = 0.0;
    team->pace_blocks = 0;
    if (first > history_end)
        return;
    int32_t n = history_end - first + 1;
    for (int32_t i = 0; i < n; i++)
        count[i] = workdays_is_working(team->days_off, team->n_days_off, first + i) ? 0 : -1;
    for (size_t r = from; r < to; r++) {
        const history_record *rec = &recs[order[r]];
        if (rec->unplanned || rec->done == DATE_NONE || rec->done < first ||
            rec->done > history_end)
            continue;
        int32_t at = workdays_next(team->days_off, team->n_days_off, rec->done) - first;
        if (at < n)
            count[at]++;
    }
    enum { MAX_BLOCKS = PACE_YEAR / PACE_BLOCK + 1 };
    double x[MAX_BLOCKS], block = 0.0, sum = 0.0, sum_sq = 0.0;
    int32_t nb = 0, in_block = 0;
    for (int32_t i = n - 1; i >= 0 && nb < MAX_BLOCKS; i--) {
        if (count[i] < 0)
            continue; /* not a working day */
        block += count[i];
        if (++in_block < PACE_BLOCK)
            continue;
        sum += block;
        x[nb++] = log((block + 0.5) / PACE_BLOCK);
        block = 0.0;
        in_block = 0;
    }
    team->pace_blocks = nb;
    if (nb < PACE_MIN_BLOCKS)
        return;
    double days = (double)nb * PACE_BLOCK, m = sum / days, mean_x = 0.0, var_x = 0.0;
    int32_t seen = 0;
    for (int32_t i = n - 1; i >= 0 && seen < nb * PACE_BLOCK; i--)
        if (count[i] >= 0) {
            sum_sq += (count[i] - m) * (count[i] - m);
            seen++;
        }
    for (int32_t b = 0; b < nb; b++)
        mean_x += x[b] / nb;
    for (int32_t b = 0; b < nb; b++)
        var_x += (x[b] - mean_x) * (x[b] - mean_x) / (nb - 1);
    double v = sum_sq / days, spread = PACE_BLOCK * m + 0.5;
    double independent = PACE_BLOCK * v / (spread * spread);
    team->pace_excess = var_x > independent ? var_x - independent : 0.0;
}

static int32_t history_lower_bound(const plan_team *team, const history_record *recs,
                                   const size_t *order, size_t from, size_t to, int32_t history_end)
{
    if (team->history_start != DATE_NONE)
        return team->history_start;
    int32_t first = DATE_NONE;
    for (size_t r = from; r < to; r++) {
        const history_record *rec = &recs[order[r]];
        if (rec->started != DATE_NONE && rec->started <= history_end &&
            (first == DATE_NONE || rec->started < first))
            first = rec->started;
        if (rec->done != DATE_NONE && rec->done <= history_end &&
            (first == DATE_NONE || rec->done < first))
            first = rec->done;
    }
    return first;
}

status_code history_derive(const history_record *recs, size_t n_recs, int32_t n_epics,
                           int32_t history_end, int32_t window_days, plan_team *teams,
                           int32_t n_teams, status *st)
{
    history_window w = {
        .start = history_end - window_days + 1, .end = history_end, .n = window_days};
    size_t n = (size_t)w.n;
    bool ok = true;
    history_epic *epics = calloc(n_epics > 0 ? (size_t)n_epics : 1, sizeof *epics);
    size_t *rec_order = NULL, *rec_first = NULL, *epic_order = NULL, *epic_first = NULL;
    w.working = calloc(n, sizeof *w.working);
    w.next_working = history_alloc(n + 1);
    w.planned = history_alloc(n);
    w.unplanned = history_alloc(n);
    w.streams_diff = history_alloc(n + 1);
    int32_t *pace_count = history_alloc(PACE_YEAR);
    if (epics)
        history_epic_facts(recs, n_recs, history_end, epics, n_epics);
    ok = epics && pace_count && w.working && w.next_working && w.planned && w.unplanned &&
         w.streams_diff &&
         history_bucket(n_recs, n_teams, history_rec_team, recs, &rec_order, &rec_first) &&
         history_bucket((size_t)n_epics, n_teams, history_epic_team, epics, &epic_order,
                        &epic_first);
    for (int32_t k = 0; k < n_teams && ok; k++) {
        plan_team *team = &teams[k];
        for (int32_t i = 0; i < w.n; i++) {
            w.working[i] = workdays_is_working(team->days_off, team->n_days_off, w.start + i);
            w.planned[i] = w.unplanned[i] = 0;
        }
        w.next_working[w.n] = -1;
        for (int32_t i = w.n - 1; i >= 0; i--)
            w.next_working[i] = w.working[i] ? i : w.next_working[i + 1];
        memset(w.streams_diff, 0, (n + 1) * sizeof *w.streams_diff);
        int32_t lower =
            history_lower_bound(team, recs, rec_order, rec_first[k], rec_first[k + 1], history_end);
        w.first = lower == DATE_NONE || lower <= w.start ? 0
                  : lower > w.end                        ? w.n
                                                         : lower - w.start;
        team->window_start = w.start + w.first;
        team->window_shortened = w.first > 0;
        history_completions(&w, team, recs, rec_order, rec_first[k], rec_first[k + 1]);
        history_pace(team, recs, rec_order, rec_first[k], rec_first[k + 1], lower, history_end,
                     pace_count);
        ok = history_epics(&w, team, epics, epic_order, epic_first[k], epic_first[k + 1]) &&
             history_days(&w, team) && history_weeks(&w, team);
    }
    free(epics);
    free(rec_order);
    free(rec_first);
    free(epic_order);
    free(epic_first);
    free(w.working);
    free(w.next_working);
    free(w.planned);
    free(w.unplanned);
    free(w.streams_diff);
    free(pace_count);
    return ok ? STATUS_OK : status_set(st, STATUS_ENOMEM, "out of memory deriving history");
}

void history_team_fini(plan_team *team)
{
    free(team->day_date);
    free(team->day_planned);
    free(team->day_unplanned);
    free(team->day_streams);
    free(team->week_planned);
    free(team->week_unplanned);
    free(team->week_streams);
    free(team->week_working_days);
    free(team->epic_sizes);
    team->day_date = team->day_planned = team->day_unplanned = team->day_streams = NULL;
    team->week_planned = team->week_unplanned = team->week_streams = NULL;
    team->week_working_days = team->epic_sizes = NULL;
}
