/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * workcal: one team's working calendar over the days of a trial, as lookup tables.
 *
 * Day offsets t = 0..n_days count calendar days from the start date. A working day is a
 * Monday-Friday that is not one of the team's days off. The tables answer in O(1): the first
 * working day on or after t, how many working days precede t (its rank), the day of a rank,
 * and for weekly draws the Monday-Sunday week of t, the working days in that week and t's
 * position among them. Built once per scenario; read-only afterwards, so threads share it.
 * A workcal is caller storage (workcal_init/workcal_fini); it keeps no pointer into the plan.
 */
#ifndef SHIPCAST_WORKCAL_H
#define SHIPCAST_WORKCAL_H

#include <stdbool.h>
#include <stdint.h>

#include "plan.h"
#include "status.h"
#include "terms.h"

typedef struct workcal {
    int32_t n_days;        /* tables cover offsets 0..n_days */
    int32_t n_working;     /* working days in 0..n_days */
    int32_t *next_working; /* first working day >= t, or TERMS_DAY_NEVER */
    int32_t *rank_of_day;  /* working days before t */
    int32_t *day_of_rank;  /* the working day of each rank 0..n_working-1 */
    int32_t *week_index;   /* Monday-Sunday week of t, counted from the start's week */
    int32_t *week_days;    /* working days in t's week (counting days before the start) */
    int32_t *week_pos;     /* working days of t's week before t (counting days before start) */
} workcal;

/* Builds the calendar of `team` (0 <= team < p->n_teams) from date `start` over day offsets
 * 0..n_days (n_days >= 0; start + n_days a valid date). Errors: STATUS_ENOMEM (cal is then
 * empty, and workcal_fini on it is harmless). */
status_code workcal_init(workcal *cal, const plan *p, int32_t team, int32_t start, int32_t n_days);

/* Frees the tables; safe on a zeroed or already finalised calendar. */
void workcal_fini(workcal *cal);

/* Whether day offset t (0 <= t <= n_days) is a working day. */
static inline bool workcal_is_working(const workcal *cal, int32_t t)
{
    return cal->next_working[t] == t;
}

/* The working day that comes `n` working days after the first working day on or after
 * `day` (n = 0: that day itself), or TERMS_DAY_NEVER beyond the table. day may exceed n_days. */
static inline int32_t workcal_add_working_days(const workcal *cal, int32_t day, int32_t n)
{
    if (day > cal->n_days)
        return TERMS_DAY_NEVER;
    int32_t rank = cal->rank_of_day[day < 0 ? 0 : day] + n;
    return rank < cal->n_working ? cal->day_of_rank[rank] : TERMS_DAY_NEVER;
}

#endif
