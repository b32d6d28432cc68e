/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tally: per-item day histograms in one block (items x days, row-major, plan last), so a trial
 * touches one counter per item; see tally.h.
 */
#include "tally.h"

#include <assert.h>
#include <stdlib.h>

typedef struct item_counts {
    uint64_t not_within_cap;
    uint64_t done_before_start;
    uint64_t critical;
    uint64_t sum_days; /* over trials finished within the cap after the start */
} item_counts;

struct tally {
    int32_t n_items; /* items; the plan is row n_items */
    bool plan_only;  /* only the plan's row is stored (as row 0) */
    int32_t n_days;
    int32_t horizon_day;
    uint64_t trials;
    /* (n_items + 1) x n_days. 32 bits are enough: a cell never counts more than the trials,
     * at most 10^9 (plan.h), and halve the largest allocation of a run. */
    uint32_t *days;
    item_counts *counts;       /* n_items + 1 */
    uint64_t *done_by_horizon; /* n_items + 1 */
};

/* Rows stored: every item's and the plan's, or the plan's alone. */
static size_t stored_rows(const tally *t)
{
    return t->plan_only ? 1 : (size_t)t->n_items + 1;
}

/* The stored row of an item (or of the plan, n_items). */
static size_t stored(const tally *t, int32_t item)
{
    assert(item >= 0 && item <= t->n_items && (!t->plan_only || item == t->n_items));
    return t->plan_only ? 0 : (size_t)item;
}

static tally *create(int32_t n_items, int32_t n_days, int32_t horizon_day, bool plan_only)
{
    assert(n_items >= 0 && n_days >= 1);
    tally *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->plan_only = plan_only;
    t->n_items = n_items;
    size_t rows = stored_rows(t);
    t->n_days = n_days;
    t->horizon_day = horizon_day;
    t->days = calloc(rows * (size_t)n_days, sizeof *t->days);
    t->counts = calloc(rows, sizeof *t->counts);
    t->done_by_horizon = calloc((size_t)n_items + 1, sizeof *t->done_by_horizon);
    if (!t->days || !t->counts || !t->done_by_horizon) {
        tally_destroy(t);
        return NULL;
    }
    return t;
}

tally *tally_create(int32_t n_items, int32_t n_days, int32_t horizon_day)
{
    return create(n_items, n_days, horizon_day, false);
}

tally *tally_create_plan_only(int32_t n_items, int32_t n_days, int32_t horizon_day)
{
    return create(n_items, n_days, horizon_day, true);
}

void tally_destroy(tally *t)
{
    if (t) {
        free(t->days);
        free(t->counts);
        free(t->done_by_horizon);
        free(t);
    }
}

static void add_finish(tally *t, size_t row, int32_t day)
{
    item_counts *c = &t->counts[row];
    if (day == TERMS_DONE_BEFORE_START) {
        c->done_before_start++;
    } else if (day >= 0 && day < t->n_days) {
        t->days[row * (size_t)t->n_days + (size_t)day]++;
        c->sum_days += (uint64_t)day;
    } else {
        c->not_within_cap++;
    }
}

void tally_add(tally *t, const int32_t *finish_day, const uint8_t *critical)
{
    int32_t plan_day = TERMS_DONE_BEFORE_START;
    int32_t done = 0;
    for (int32_t i = 0; i < t->n_items; i++) {
        int32_t day = finish_day[i];
        if (day == TERMS_NOT_IN_SCENARIO)
            continue;
        if (!t->plan_only) {
            add_finish(t, (size_t)i, day);
            if (critical && (critical[i] & 1))
                t->counts[i].critical++;
        }
        if (day > plan_day)
            plan_day = day;
        if (t->horizon_day != TALLY_NO_HORIZON && day <= t->horizon_day)
            done++;
    }
    add_finish(t, stored(t, t->n_items), plan_day);
    t->done_by_horizon[done]++;
    t->trials++;
}

void tally_merge(tally *dst, const tally *src)
{
    assert(dst->n_items == src->n_items && dst->n_days == src->n_days &&
           dst->plan_only == src->plan_only);
    size_t rows = stored_rows(dst), cells = rows * (size_t)dst->n_days;
    for (size_t k = 0; k < cells; k++)
        dst->days[k] += src->days[k];
    for (size_t k = 0; k < rows; k++) {
        dst->counts[k].not_within_cap += src->counts[k].not_within_cap;
        dst->counts[k].done_before_start += src->counts[k].done_before_start;
        dst->counts[k].critical += src->counts[k].critical;
        dst->counts[k].sum_days += src->counts[k].sum_days;
    }
    for (size_t k = 0; k <= (size_t)dst->n_items; k++)
        dst->done_by_horizon[k] += src->done_by_horizon[k];
    dst->trials += src->trials;
}

void tally_pack(const tally *t, packed *pk)
{
    size_t rows = stored_rows(t), items = (size_t)t->n_items + 1;
    packed_put_sum32s(pk, t->days, rows * (size_t)t->n_days);
    for (size_t k = 0; k < rows; k++) {
        packed_put_sum64(pk, t->counts[k].not_within_cap);
        packed_put_sum64(pk, t->counts[k].done_before_start);
        packed_put_sum64(pk, t->counts[k].critical);
        packed_put_sum64(pk, t->counts[k].sum_days);
    }
    for (size_t k = 0; k < items; k++)
        packed_put_sum64(pk, t->done_by_horizon[k]);
    packed_put_sum64(pk, t->trials);
}

void tally_unpack(tally *t, packed *pk)
{
    size_t rows = stored_rows(t), items = (size_t)t->n_items + 1;
    packed_take_sum32s(pk, t->days, rows * (size_t)t->n_days);
    for (size_t k = 0; k < rows; k++) {
        t->counts[k].not_within_cap = packed_take_sum64(pk);
        t->counts[k].done_before_start = packed_take_sum64(pk);
        t->counts[k].critical = packed_take_sum64(pk);
        t->counts[k].sum_days = packed_take_sum64(pk);
    }
    for (size_t k = 0; k < items; k++)
        t->done_by_horizon[k] = packed_take_sum64(pk);
    t->trials = packed_take_sum64(pk);
}

uint64_t tally_trials(const tally *t)
{
    return t->trials;
}

int32_t tally_items(const tally *t)
{
    return t->n_items;
}

int32_t tally_days(const tally *t)
{
    return t->n_days;
}

int32_t tally_plan_index(const tally *t)
{
    return t->n_items;
}

static const uint32_t *row_of(const tally *t, int32_t item)
{
    return t->days + stored(t, item) * (size_t)t->n_days;
}

uint64_t tally_count_by(const tally *t, int32_t item, int32_t day)
{
    const uint32_t *row = row_of(t, item);
    uint64_t n = t->counts[stored(t, item)].done_before_start;
    int32_t last = day < t->n_days ? day : t->n_days - 1;
    for (int32_t d = 0; d <= last; d++)
        n += row[d];
    return n;
}

uint64_t tally_count_on(const tally *t, int32_t item, int32_t day)
{
    assert(day >= 0 && day < t->n_days);
    return row_of(t, item)[day];
}

uint64_t tally_not_within_cap(const tally *t, int32_t item)
{
    return t->counts[stored(t, item)].not_within_cap;
}

uint64_t tally_done_before_start(const tally *t, int32_t item)
{
    return t->counts[stored(t, item)].done_before_start;
}

uint64_t tally_critical(const tally *t, int32_t item)
{
    return t->counts[stored(t, item)].critical;
}

int32_t tally_percentile(const tally *t, int32_t item, uint32_t percent)
{
    assert(percent >= 1 && percent <= 100);
    /* count / trials >= percent / 100, compared exactly as count * 100 >= percent * trials */
    const uint64_t need = (uint64_t)percent * t->trials;
    uint64_t n = t->counts[stored(t, item)].done_before_start;
    if (n * 100 >= need)
        return TERMS_DONE_BEFORE_START;
    const uint32_t *row = row_of(t, item);
    for (int32_t d = 0; d < t->n_days; d++) {
        n += row[d];
        if (n * 100 >= need)
            return d;
    }
    return TERMS_NOT_WITHIN_CAP;
}

bool tally_mean_day(const tally *t, int32_t item, double *mean_day)
{
    const item_counts *c = &t->counts[stored(t, item)];
    uint64_t n = t->trials - c->not_within_cap - c->done_before_start;
    if (n == 0)
        return false;
    *mean_day = (double)c->sum_days / (double)n;
    return true;
}

bool tally_day_range(const tally *t, int32_t item, int32_t *first, int32_t *last)
{
    const uint32_t *row = row_of(t, item);
    int32_t lo = 0, hi = t->n_days - 1;
    while (lo <= hi && row[lo] == 0)
        lo++;
    if (lo > hi)
        return false;
    while (row[hi] == 0)
        hi--;
    *first = lo;
    *last = hi;
    return true;
}

uint64_t tally_done_by_horizon(const tally *t, int32_t k)
{
    assert(k >= 0 && k <= t->n_items);
    return t->done_by_horizon[k];
}
