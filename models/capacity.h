/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capacity: how much work one team can do on one working day, in stories.
 *
 * DESIGN.md rule 1: the day draws one historical sample j (a day, a week's total spread over
 * its working days, or the next day of a drawn historical week) and gets
 *     C = (P_j + (1 - s) U_j r) * people(t) / history_people * f(k_now) / f(k_j) * a * L(t)
 * where s is the interruption scale, r the unplanned effort, f the context-switching table
 * indexed by streams per person (k = max(1, streams / people), linear between integer points,
 * flat past the end), a the capacity_scale what-if (1 unless a scenario or the sensitivity
 * analysis sets it), and L(t) the product of (1 - loss) of the planned capacity losses in
 * force. people(t) follows the team's joiners (ramping up linearly), leavers and absences.
 * Teams without history draw a weekly total from their estimate instead of P_j + ....
 *
 * With no changes, s = 1 and k_now = k_j every factor is exactly 1 and history replays
 * exactly.
 *
 * With pace = level the draw favours recent samples, and the rules multiply the day's capacity
 * by the team's level in the trial (rules.h); neither changes anything with pace = plain.
 *
 * Randomness: a day's capacity is a pure function of the team's stream in the trial (a key,
 * see rng_stream.h), the calendar date and the items in progress. The day's number of the
 * stream is the date itself (the Monday's date for weekly draws), never the day's rank from
 * the start: another start date, or one more day off, leaves every other day's draw as it
 * was, and scenarios of one run see the same draws on the same dates (common random
 * numbers). Nothing is carried from day to day, so there is no per-trial capacity state.
 *
 * A capacity_model is one team in one scenario, immutable after capacity_model_init and
 * shared by threads; it borrows the team's workcal, which must outlive it.
 */
#ifndef SHIPCAST_CAPACITY_H
#define SHIPCAST_CAPACITY_H

#include <stdint.h>

#include "plan.h"
#include "rng_alias.h"
#include "rng_stream.h"
#include "status.h"
#include "workcal.h"

typedef enum capacity_mode {
    CAPACITY_DAY = 0,    /* one historical working day per working day */
    CAPACITY_WEEK,       /* one historical week's total per week, spread evenly */
    CAPACITY_WEEK_BLOCK, /* one historical week per week, its days replayed in order */
    CAPACITY_ESTIMATE    /* a weekly total from the team's estimate, spread evenly */
} capacity_mode;

typedef struct capacity_model {
    const workcal *cal;   /* borrowed */
    int32_t start;        /* date of day offset 0 */
    int32_t first_monday; /* date of the Monday of the start's week: week w's draw is keyed
                             by first_monday + 7 w */
    capacity_mode mode;
    int32_t n_samples;
    double *sample_work; /* P + (1 - s) U r of each day (or week) sample */
    double *sample_f;    /* f(k_j) of each sample */
    int32_t n_blocks;    /* week blocks: runs of day samples in one Monday-Sunday week */
    int32_t *block_first;
    int32_t *block_len;
    double estimate_low, estimate_high, estimate_mode; /* items per week; mode NAN: uniform */
    double f_reference;    /* f(k) the estimate assumes: the team at its WIP limit */
    double people_now;     /* teams.csv people */
    double history_people; /* the denominator of the people term */
    double *people_at;     /* people(t) for t = 0..n_days, or NULL when constant */
    double *loss_at;       /* L(t), or NULL when there is no capacity loss */
    double scale;          /* capacity_scale: a what-if factor on every day, > 0 */
    double context[PLAN_CONTEXT_SWITCH_MAX];
    int32_t n_context;
    /* With constant people: f(k_now) for 0..max_active items in progress, and the people
     * ratio, precomputed (a draw is then two table reads and two products). */
    double *f_by_active;
    int32_t max_active;
    double people_ratio;
    /* Day and week-block modes with constant people and no losses: the capacity of each sample with
     * a items in progress (1 <= a <= n_active_tables), exactly as capacity_formula computes it;
     * NULL otherwise. A team whose active items cannot change then needs one random number and one
     * table read per day (capacity_table). */
    double *active_tables;
    int32_t n_active_tables;
    /* pace = level (docs/calibration.md): which sample (or week block) a random number picks,
     * recent ones likelier; n 0 when every sample is equally likely. And the spread s of the
     * per-trial log level of the team's pace (0: no level): the window's sampling error of the
     * mean, var / (mean^2 n_eff), plus k^2 times the team's own drift (plan_team.pace_excess);
     * 0 with pace = plain. */
    rng_alias pick;
    double pace_spread;
} capacity_model;

/* The sample (week block in week-block mode) that random number x picks among n. */
static inline uint64_t capacity_pick(const capacity_model *cm, uint64_t x, uint64_t n)
{
    return cm->pick.n > 0 ? (uint64_t)rng_alias_draw(&cm->pick, x) : rng_below(x, n);
}

/* Most items in progress with a precomputed capacity table; beyond it the formula is
 * evaluated day by day. */
enum { CAPACITY_TABLES_MAX = 16 };

/* The capacities of the samples with `n_active` items in progress, or NULL if not
 * precomputed (day and week-block modes with constant people and no losses have them): then
 * table[capacity_sample(cm, stream, day)] is what capacity_on_day returns for that day. */
static inline const double *capacity_table(const capacity_model *cm, int32_t n_active)
{
    if (!cm->active_tables || n_active < 1 || n_active > cm->n_active_tables)
        return NULL;
    return cm->active_tables + (size_t)(n_active - 1) * (size_t)cm->n_samples;
}

/* The random number of a day in day mode: number `date` of the team's stream. */
static inline uint64_t capacity_day_number(const capacity_model *cm, uint64_t stream, int32_t day)
{
    return rng_at(stream, (uint64_t)(int64_t)(cm->start + day));
}

/* The day sample that working day `day` replays, in day mode (one picked by number `date`) and
 * week-block mode (the week picked by number `Monday's date`, its day in order). */
static inline uint64_t capacity_sample(const capacity_model *cm, uint64_t stream, int32_t day)
{
    if (cm->mode == CAPACITY_WEEK_BLOCK) {
        int32_t monday = cm->first_monday + 7 * cm->cal->week_index[day];
        uint64_t block =
            capacity_pick(cm, rng_at(stream, (uint64_t)(int64_t)monday), (uint64_t)cm->n_blocks);
        int32_t pos = cm->cal->week_pos[day], len = cm->block_len[block];
        /* a short week (a holiday, the window's edge) starts over: pos % len, rarely needed */
        return (uint64_t)cm->block_first[block] + (uint64_t)(pos < len ? pos : pos % len);
    }
    return capacity_pick(cm, capacity_day_number(cm, stream, day), (uint64_t)cm->n_samples);
}

/* The settings scenario `scenario` gives team `team`: its per-team values when the plan has
 * them, else the scenario's global settings and the team's WIP. */
void capacity_team_settings(const plan *p, int32_t scenario, int32_t team, plan_team_settings *out);

/* Builds the model of `team` (0 <= team < p->n_teams) in `scenario` into caller storage cm.
 * cal must be that team's calendar from the scenario's start and outlive cm; p too (the
 * model keeps no pointer into p, but reads it here); max_active >= 0 is the most items the
 * team can have in progress (its item count). Errors: STATUS_ENOMEM (cm is then finalised). */
status_code capacity_model_init(capacity_model *cm, const plan *p, int32_t scenario, int32_t team,
                                const workcal *cal, int32_t max_active, status *st);

/* Frees what init allocated; safe on a zeroed or already finalised model. */
void capacity_model_fini(capacity_model *cm);

/* How far this scenario takes the team from its history at the start, with `wip` items in
 * progress: people now / history_people x f(k_now) / mean_j f(k_j). 1 replays the history; far
 * from 1 the forecast extrapolates. NAN for estimated teams and teams without samples. */
double capacity_model_multiplier(const capacity_model *cm, int32_t wip);

/* people(t) at day offset t (0 <= t <= cal->n_days), after joiners' ramps, leavers and
 * absences; 0 or less when everybody is away or gone (the capacity is then 0). */
double capacity_people_at(const capacity_model *cm, int32_t day);

/* The formula for day offset `day` (a working day of the team's calendar, 0 <= day <=
 * cal->n_days) with n_active >= 0 items in progress, drawing from `stream` (the team's key in
 * this trial). Always >= 0. Use capacity_on_day, which takes the table path when it can. */
double capacity_formula(const capacity_model *cm, uint64_t stream, int32_t day, int32_t n_active);

/* Capacity of working day `day` (0 <= day <= cal->n_days) with n_active >= 0 items in
 * progress, in stories, >= 0: the same value whichever path computes it (tables are built
 * with the formula's operations, in its order). */
static inline double capacity_on_day(const capacity_model *cm, uint64_t stream, int32_t day,
                                     int32_t n_active)
{
    const double *table = capacity_table(cm, n_active);
    if (table)
        return table[capacity_sample(cm, stream, day)];
    return capacity_formula(cm, stream, day, n_active);
}

#endif
