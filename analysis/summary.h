/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary: summaries of tallies and the CSV files made of them.
 *
 * It turns a tally per scenario into what users read: per item the P50/P70/P85/P95 finish
 * dates, mean, P(by due), P(by horizon), P(not within cap) and criticality (forecast.csv), the
 * cumulative probability per item and date (distribution.csv), and per scenario the plan's
 * finish percentiles, the items done by the horizon and paired deltas against the baseline
 * with 95 % intervals (scenarios.csv). Inputs are plain data; nothing here knows plans.
 * Dates are day numbers (date.h); tallies count day offsets from each scenario's start.
 */
#ifndef SHIPCAST_SUMMARY_H
#define SHIPCAST_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "csvout.h"
#include "paired.h"
#include "status.h"
#include "tally.h"

enum { SUMMARY_N_PERCENTILES = 4 };
extern const uint32_t summary_percentiles[SUMMARY_N_PERCENTILES]; /* 50, 70, 85, 95 */

typedef struct summary_item {
    const char *id;
    const char *team;
    const char *title;
    int32_t due; /* DATE_NONE if none */
} summary_item;

typedef struct summary_scenario {
    const char *name;
    const tally *t;
    int32_t start;   /* date of day offset 0 */
    int32_t horizon; /* DATE_NONE if none */
    /* paired differences against the baseline (scenario 0): plan finish days and items done
     * by the horizon; unused for the baseline */
    paired_delta plan_delta_days;
    paired_delta done_delta_items;
    /* which items are in this scenario (n_items flags; NULL: all): the others get no rows */
    const uint8_t *item_in;
    /* each item's priority in this scenario (n_items; lower first, ties in index order):
     * the order of the cut line */
    const double *priority;
} summary_scenario;

/* A date column: a date, or one of these markers. */
#define SUMMARY_NOT_WITHIN_CAP    INT32_MAX
#define SUMMARY_DONE_BEFORE_START (INT32_MAX - 1)

typedef struct summary_figures {
    int32_t percentile_date[SUMMARY_N_PERCENTILES]; /* or a marker above */
    int32_t mean_date;   /* DATE_NONE if no trial finished within the cap after start */
    double p_by_due;     /* NAN without a due date */
    double p_by_horizon; /* NAN without a horizon */
    double p_not_within_cap;
    double criticality; /* share of trials on the critical chain */
} summary_figures;

/* Summary of item `item` (or tally_plan_index() for the whole plan) in scenario sc. */
void summary_compute(const summary_scenario *sc, int32_t item, int32_t due, summary_figures *out);

/* The cut line: the scenario's items in priority order (into `order`, room for n_items),
 * and how many of them lie above the line: the longest prefix of that order whose items are
 * each done by the horizon with probability >= SUMMARY_CUT_LINE (0.85). Returns that count,
 * or -1 without a horizon (order is filled all the same). *n_order gets the items in the
 * scenario. STATUS-free: order is caller storage. */
#define SUMMARY_CUT_LINE 0.85
int32_t summary_cut_line(const summary_scenario *sc, int32_t n_items, int32_t *order,
                         int32_t *n_order);

/* Items done by the horizon with at least `percent` % confidence: the largest k with
 * P(done >= k) >= percent/100; -1 without a horizon. */
int32_t summary_done_by_horizon(const summary_scenario *sc, uint32_t percent);

/* The three CSV files; f is borrowed; fmt as csvout_init_format (NULL: RFC 4180); STATUS_EIO
 * on a write error (named `name`). */
status_code summary_write_items(FILE *f, const char *name, const csvout_format *fmt,
                                const summary_scenario *sc, int32_t n_scenarios,
                                const summary_item *items, int32_t n_items, status *st);
status_code summary_write_distribution(FILE *f, const char *name, const csvout_format *fmt,
                                       const summary_scenario *sc, int32_t n_scenarios,
                                       const summary_item *items, int32_t n_items, status *st);
status_code summary_write_scenarios(FILE *f, const char *name, const csvout_format *fmt,
                                    const summary_scenario *sc, int32_t n_scenarios, status *st);

#endif
