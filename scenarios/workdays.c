/* SPDX-License-Identifier: GPL-3.0-or-later */
/* workdays: working days from weekends and a sorted list of days off; see workdays.h. */
#include "workdays.h"

#include <stdlib.h>

#include "date.h"

static int workdays_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

bool workdays_is_working(const int32_t *days_off, int32_t n_days_off, int32_t date)
{
    if (date_is_weekend(date))
        return false;
    /* bsearch's array must not be NULL, even when empty */
    return n_days_off == 0 ||
           !bsearch(&date, days_off, (size_t)n_days_off, sizeof date, workdays_cmp);
}

int32_t workdays_next(const int32_t *days_off, int32_t n_days_off, int32_t date)
{
    while (!workdays_is_working(days_off, n_days_off, date))
        date++;
    return date;
}

int32_t workdays_prev(const int32_t *days_off, int32_t n_days_off, int32_t date)
{
    while (!workdays_is_working(days_off, n_days_off, date))
        date--;
    return date;
}
