/* SPDX-License-Identifier: GPL-3.0-or-later */
/* workcal: per-team working-day tables; see workcal.h. */
#include "workcal.h"

#include <stdlib.h>

#include "date.h"

static status_code build_weeks(workcal *cal, const plan *p, int32_t team, int32_t start)
{
    size_t n = (size_t)cal->n_days + 1;
    cal->week_index = malloc(n * sizeof *cal->week_index);
    cal->week_days = malloc(n * sizeof *cal->week_days);
    cal->week_pos = malloc(n * sizeof *cal->week_pos);
    if (!cal->week_index || !cal->week_days || !cal->week_pos)
        return STATUS_ENOMEM;
    /* Weeks are counted over all their days, also those before the start, so a first
     * partial week gets its proportional share of a weekly draw. */
    int32_t monday = start - date_weekday(start);
    for (int32_t t = 0; t <= cal->n_days;) {
        int32_t week = (start + t - monday) / 7;
        int32_t week_start = monday + 7 * week;
        int32_t count = 0;
        int32_t pos[7];
        for (int32_t d = 0; d < 7; d++) {
            pos[d] = count;
            count += plan_is_working_day(p, team, week_start + d);
        }
        for (; t <= cal->n_days && start + t < week_start + 7; t++) {
            cal->week_index[t] = week;
            cal->week_days[t] = count;
            cal->week_pos[t] = pos[start + t - week_start];
        }
    }
    return STATUS_OK;
}

status_code workcal_init(workcal *cal, const plan *p, int32_t team, int32_t start, int32_t n_days)
{
    *cal = (workcal){.n_days = n_days};
    size_t n = (size_t)n_days + 1;
    cal->next_working = malloc(n * sizeof *cal->next_working);
    cal->rank_of_day = malloc(n * sizeof *cal->rank_of_day);
    cal->day_of_rank = malloc(n * sizeof *cal->day_of_rank);
    if (!cal->next_working || !cal->rank_of_day || !cal->day_of_rank) {
        workcal_fini(cal);
        return STATUS_ENOMEM;
    }
    int32_t rank = 0;
    for (int32_t t = 0; t <= n_days; t++) {
        cal->rank_of_day[t] = rank;
        if (plan_is_working_day(p, team, start + t))
            cal->day_of_rank[rank++] = t;
    }
    cal->n_working = rank;
    int32_t next = TERMS_DAY_NEVER;
    for (int32_t t = n_days; t >= 0; t--) {
        if (rank > 0 && cal->day_of_rank[rank - 1] == t)
            next = cal->day_of_rank[--rank];
        cal->next_working[t] = next;
    }
    status_code rc = build_weeks(cal, p, team, start);
    if (rc != STATUS_OK)
        workcal_fini(cal);
    return rc;
}

void workcal_fini(workcal *cal)
{
    free(cal->next_working);
    free(cal->rank_of_day);
    free(cal->day_of_rank);
    free(cal->week_index);
    free(cal->week_days);
    free(cal->week_pos);
    *cal = (workcal){0};
}
