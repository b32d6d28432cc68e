/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * burnup: a difference table over (grid date, items done) per trial step; see burnup.h.
 * Counters are uint32_t and wrap on purpose: a cell of the difference table may go "negative"
 * while the prefix sums, the real counts, stay between 0 and the trials.
 */
#include "burnup.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>

#include "date.h"
#include "tally.h"

const uint32_t burnup_percents[BURNUP_N_QUANTILES] = {5, 15, 50, 85, 95};

struct burnup {
    int32_t start_date;
    int32_t n_days;
    int32_t n_items;
    int32_t n_dates;
    int32_t horizon_g; /* grid index of the horizon, or -1 */
    int32_t *grid_day; /* n_dates day offsets */
    int32_t *grid_of;  /* n_days: first grid index on or after the day */
    uint32_t *diff;    /* n_dates x (n_items + 1), row-major by grid date */
    uint32_t *hits;    /* n_dates scratch: items first counted at each grid index */
    uint64_t trials;
    int32_t scope;   /* items in the scenario (the same in every trial) */
    int32_t last_g;  /* latest grid index at which any trial's count moved, -1 if none */
    bool unfinished; /* some trial left an item not done within the cap */
};

static bool burnup_on_grid(int32_t start_date, int32_t day, int32_t n_days, int32_t horizon_day)
{
    if (day == n_days - 1 || day == horizon_day)
        return true;
    int wd = date_weekday(start_date + day);
    return day < BURNUP_DAILY_DAYS ? wd <= 4 : wd == 4;
}

static int32_t burnup_max_dates(int32_t n_days)
{
    /* at most 5 weekdays in any 7 days, 1 Friday per 7 days after, plus horizon and last day */
    int32_t daily = n_days < BURNUP_DAILY_DAYS ? n_days : BURNUP_DAILY_DAYS;
    int32_t rest = n_days - daily;
    return (daily + 6) / 7 * 5 + (rest + 6) / 7 + 2;
}

double burnup_bytes(int32_t n_items, int32_t n_days)
{
    double dates = (double)burnup_max_dates(n_days);
    return ((double)n_items + 1.0) * dates * 4.0 + (double)n_days * 4.0 + dates * 8.0;
}

burnup *burnup_create(int32_t start_date, int32_t n_days, int32_t horizon_day, int32_t n_items)
{
    assert(n_days >= 1 && n_items >= 0);
    burnup *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->start_date = start_date;
    b->n_days = n_days;
    b->n_items = n_items;
    b->horizon_g = -1;
    b->last_g = -1;
    int32_t max_dates = burnup_max_dates(n_days);
    b->grid_day = malloc((size_t)max_dates * sizeof *b->grid_day);
    b->grid_of = malloc((size_t)n_days * sizeof *b->grid_of);
    b->hits = calloc((size_t)max_dates, sizeof *b->hits);
    b->diff = calloc((size_t)max_dates * ((size_t)n_items + 1), sizeof *b->diff);
    if (!b->grid_day || !b->grid_of || !b->hits || !b->diff) {
        burnup_destroy(b);
        return NULL;
    }
    /* Backwards, so that each day knows the first grid date on or after it. */
    int32_t n = 0;
    for (int32_t d = 0; d < n_days; d++)
        if (burnup_on_grid(start_date, d, n_days, horizon_day))
            b->grid_day[n++] = d;
    assert(n <= max_dates);
    b->n_dates = n;
    for (int32_t d = n_days - 1, g = n - 1; d >= 0; d--) {
        if (g > 0 && b->grid_day[g - 1] >= d)
            g--;
        b->grid_of[d] = g;
        if (d == horizon_day)
            b->horizon_g = g;
    }
    return b;
}

void burnup_destroy(burnup *b)
{
    if (b) {
        free(b->grid_day);
        free(b->grid_of);
        free(b->hits);
        free(b->diff);
        free(b);
    }
}

void burnup_add(burnup *b, const int32_t *finish_day)
{
    const size_t cols = (size_t)b->n_items + 1;
    int32_t in = 0, last = -1;
    for (int32_t i = 0; i < b->n_items; i++) {
        int32_t day = finish_day[i];
        if (day == TERMS_NOT_IN_SCENARIO)
            continue;
        in++;
        int32_t g;
        if (day == TERMS_DONE_BEFORE_START)
            g = 0;
        else if (day >= 0 && day < b->n_days)
            g = b->grid_of[day];
        else
            continue; /* not done within the cap */
        b->hits[g]++;
        if (g > last)
            last = g;
    }
    /* The path starts at 0 done on grid date 0 (counted at read time through b->trials) and
     * steps where items finish. */
    uint32_t done = 0;
    for (int32_t g = 0; g <= last; g++) {
        if (b->hits[g] == 0)
            continue;
        uint32_t *row = b->diff + (size_t)g * cols;
        row[done]--;
        done += b->hits[g];
        row[done]++;
        b->hits[g] = 0;
    }
    assert(b->trials == 0 || b->scope == in);
    b->scope = in;
    if (last > b->last_g)
        b->last_g = last;
    if ((int32_t)done < in)
        b->unfinished = true;
    b->trials++;
}

void burnup_merge(burnup *dst, const burnup *src)
{
    assert(dst->n_items == src->n_items && dst->n_dates == src->n_dates);
    size_t cells = (size_t)dst->n_dates * ((size_t)dst->n_items + 1);
    for (size_t k = 0; k < cells; k++)
        dst->diff[k] += src->diff[k];
    if (src->trials > 0)
        dst->scope = src->scope;
    if (src->last_g > dst->last_g)
        dst->last_g = src->last_g;
    dst->unfinished = dst->unfinished || src->unfinished;
    dst->trials += src->trials;
}

void burnup_pack(const burnup *b, packed *pk)
{
    packed_put_sum32s(pk, b->diff, (size_t)b->n_dates * ((size_t)b->n_items + 1));
    packed_put_sum64(pk, b->trials);
    packed_put_max64(pk, (uint64_t)b->scope);
    packed_put_max64(pk, (uint64_t)b->last_g + 1); /* -1 (none) wraps to 0, the least */
    packed_put_max64(pk, b->unfinished);
}

void burnup_unpack(burnup *b, packed *pk)
{
    packed_take_sum32s(pk, b->diff, (size_t)b->n_dates * ((size_t)b->n_items + 1));
    b->trials = packed_take_sum64(pk);
    b->scope = (int32_t)packed_take_max64(pk);
    b->last_g = (int32_t)packed_take_max64(pk) - 1;
    b->unfinished = packed_take_max64(pk) != 0;
}

uint64_t burnup_trials(const burnup *b)
{
    return b->trials;
}

int32_t burnup_n_dates(const burnup *b)
{
    return b->n_dates;
}

int32_t burnup_date(const burnup *b, int32_t g)
{
    assert(g >= 0 && g < b->n_dates);
    return b->start_date + b->grid_day[g];
}

/* The largest k with (trials with done >= k) * 100 >= (100 - percent) * trials, from the
 * counts per k (the cumulated difference table at one grid date). */
static int32_t burnup_quantile_of(const uint32_t *count, int32_t n_items, uint64_t trials,
                                  uint32_t percent)
{
    const uint64_t need = (uint64_t)(100 - percent) * trials;
    uint64_t at_least = 0;
    for (int32_t k = n_items; k > 0; k--) {
        at_least += count[k];
        if (at_least * 100 >= need)
            return k;
    }
    return 0;
}

/* Adds grid row g of the difference table into count (n_items + 1 running sums). */
static void burnup_step(const burnup *b, int32_t g, uint32_t *count)
{
    const size_t cols = (size_t)b->n_items + 1;
    const uint32_t *row = b->diff + (size_t)g * cols;
    for (size_t k = 0; k < cols; k++)
        count[k] += row[k];
}

int32_t burnup_quantile(const burnup *b, int32_t g, uint32_t percent)
{
    assert(g >= 0 && g < b->n_dates && percent >= 1 && percent <= 99);
    uint32_t *count = calloc((size_t)b->n_items + 1, sizeof *count);
    if (!count)
        return -1;
    count[0] = (uint32_t)b->trials;
    for (int32_t h = 0; h <= g; h++)
        burnup_step(b, h, count);
    int32_t q = burnup_quantile_of(count, b->n_items, b->trials, percent);
    free(count);
    return q;
}

void burnup_curve_fini(burnup_curve *c)
{
    if (c) {
        free(c->date);
        free(c->done);
        *c = (burnup_curve){.horizon_row = -1};
    }
}

status_code burnup_curve_compute(const burnup *b, burnup_curve *out, status *st)
{
    *out = (burnup_curve){.scope = b->scope, .horizon_row = -1};
    if (b->trials == 0)
        return STATUS_OK;
    int32_t end = b->unfinished ? b->n_dates - 1 : (b->last_g > 0 ? b->last_g : 0);
    if (b->horizon_g > end)
        end = b->horizon_g;
    int32_t n = end + 1;
    uint32_t *count = calloc((size_t)b->n_items + 1, sizeof *count);
    out->date = malloc((size_t)n * sizeof *out->date);
    out->done = malloc((size_t)n * sizeof *out->done);
    if (!count || !out->date || !out->done) {
        free(count);
        burnup_curve_fini(out);
        return status_set(st, STATUS_ENOMEM, "out of memory for the burn-up");
    }
    count[0] = (uint32_t)b->trials;
    for (int32_t g = 0; g < n; g++) {
        burnup_step(b, g, count);
        out->date[g] = burnup_date(b, g);
        for (int q = 0; q < BURNUP_N_QUANTILES; q++)
            out->done[g][q] = burnup_quantile_of(count, b->n_items, b->trials, burnup_percents[q]);
    }
    free(count);
    out->n_dates = n;
    out->horizon_row = b->horizon_g;
    return STATUS_OK;
}

status_code burnup_write_csv(FILE *f, const char *name, const csvout_format *fmt,
                             const char *const *scenario_names, const burnup_curve *curves,
                             int32_t n_scenarios, status *st)
{
    static const char *const header[] = {"scenario", "date",     "done_q05", "done_q15",
                                         "done_q50", "done_q85", "done_q95", "scope"};
    csvout w;
    csvout_init_format(&w, f, fmt);
    for (size_t i = 0; i < sizeof header / sizeof *header; i++)
        csvout_text(&w, header[i]);
    csvout_end_row(&w);
    for (int32_t s = 0; s < n_scenarios; s++) {
        const burnup_curve *c = &curves[s];
        for (int32_t g = 0; g < c->n_dates; g++) {
            csvout_text(&w, scenario_names[s]);
            csvout_date(&w, c->date[g]);
            for (int q = 0; q < BURNUP_N_QUANTILES; q++)
                csvout_int(&w, c->done[g][q]);
            csvout_int(&w, c->scope);
            csvout_end_row(&w);
        }
    }
    return csvout_finish(&w, name, st);
}
