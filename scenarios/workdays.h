/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * workdays: a team's working days, the one definition the loader and the model share: Monday
 * to Friday, minus the team's days off (its own and company-wide calendar.csv rows), given as a
 * sorted list of distinct day numbers.
 */
#ifndef SHIPCAST_WORKDAYS_H
#define SHIPCAST_WORKDAYS_H

#include <stdbool.h>
#include <stdint.h>

/* True if date is a weekday and not in days_off[0..n_days_off) (sorted, distinct; may be NULL
 * when n_days_off is 0). */
bool workdays_is_working(const int32_t *days_off, int32_t n_days_off, int32_t date);

/* The first working day on or after date, and the last on or before it. Both terminate: a run
 * of non-working days is at most the list's length plus the weekends around it. */
int32_t workdays_next(const int32_t *days_off, int32_t n_days_off, int32_t date);
int32_t workdays_prev(const int32_t *days_off, int32_t n_days_off, int32_t date);

#endif
