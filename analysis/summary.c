/* SPDX-License-Identifier: GPL-3.0-or-later */
/* summary: summaries and CSV writers; see summary.h. */
#include "summary.h"

#include <math.h>
#include <stdlib.h>

#include "csvout.h"
#include "date.h"

const uint32_t summary_percentiles[SUMMARY_N_PERCENTILES] = {50, 70, 85, 95};

/* Probabilities are written with 4 decimals: Monte Carlo error at 10^4..10^6 trials is larger
 * than the last digit anyway. */
enum { PROBABILITY_DECIMALS = 4, DISTRIBUTION_DECIMALS = 6, DELTA_DECIMALS = 2 };

/* Not a number: an empty cell. */
static const double NO_VALUE = (double)NAN;

static double share(uint64_t count, uint64_t trials)
{
    return trials ? (double)count / (double)trials : NO_VALUE;
}

static int32_t offset_of(int32_t date, int32_t start)
{
    return date - start;
}

void summary_compute(const summary_scenario *sc, int32_t item, int32_t due, summary_figures *out)
{
    const tally *t = sc->t;
    uint64_t trials = tally_trials(t);
    for (int k = 0; k < SUMMARY_N_PERCENTILES; k++) {
        int32_t day = tally_percentile(t, item, summary_percentiles[k]);
        out->percentile_date[k] = day == TERMS_NOT_WITHIN_CAP      ? SUMMARY_NOT_WITHIN_CAP
                                  : day == TERMS_DONE_BEFORE_START ? SUMMARY_DONE_BEFORE_START
                                                                   : sc->start + day;
    }
    double mean;
    out->mean_date = tally_mean_day(t, item, &mean) ? sc->start + (int32_t)lround(mean) : DATE_NONE;
    out->p_by_due = due == DATE_NONE
                        ? NO_VALUE
                        : share(tally_count_by(t, item, offset_of(due, sc->start)), trials);
    out->p_by_horizon =
        sc->horizon == DATE_NONE
            ? NO_VALUE
            : share(tally_count_by(t, item, offset_of(sc->horizon, sc->start)), trials);
    out->p_not_within_cap = share(tally_not_within_cap(t, item), trials);
    out->criticality = share(tally_critical(t, item), trials);
}

int32_t summary_done_by_horizon(const summary_scenario *sc, uint32_t percent)
{
    if (sc->horizon == DATE_NONE)
        return -1;
    const tally *t = sc->t;
    uint64_t at_least = 0, need = (uint64_t)percent * tally_trials(t);
    for (int32_t k = tally_items(t); k >= 0; k--) {
        at_least += tally_done_by_horizon(t, k);
        if (at_least * 100 >= need)
            return k;
    }
    return 0;
}

/* Sorts item indices by (priority, index): insertion sort, the lists are a plan's items and
 * this runs once per scenario and output. */
static void sort_by_priority(int32_t *order, int32_t n, const double *priority)
{
    for (int32_t k = 1; k < n; k++) {
        int32_t item = order[k], j = k;
        while (j > 0 && (priority[order[j - 1]] > priority[item] ||
                         (priority[order[j - 1]] == priority[item] && order[j - 1] > item))) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = item;
    }
}

int32_t summary_cut_line(const summary_scenario *sc, int32_t n_items, int32_t *order,
                         int32_t *n_order)
{
    int32_t n = 0;
    for (int32_t i = 0; i < n_items; i++)
        if (!sc->item_in || sc->item_in[i])
            order[n++] = i;
    if (sc->priority)
        sort_by_priority(order, n, sc->priority);
    *n_order = n;
    if (sc->horizon == DATE_NONE)
        return -1;
    uint64_t trials = tally_trials(sc->t);
    int32_t above = 0;
    while (above < n &&
           share(tally_count_by(sc->t, order[above], offset_of(sc->horizon, sc->start)), trials) >=
               SUMMARY_CUT_LINE)
        above++;
    return above;
}

static void write_date_cell(csvout *w, int32_t date)
{
    if (date == SUMMARY_NOT_WITHIN_CAP || date == SUMMARY_DONE_BEFORE_START)
        csvout_empty(w);
    else
        csvout_date(w, date);
}

static void write_probability(csvout *w, double p)
{
    if (isnan(p))
        csvout_empty(w);
    else
        csvout_double(w, p, PROBABILITY_DECIMALS);
}

static void write_header(csvout *w, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        csvout_text(w, names[i]);
    csvout_end_row(w);
}

status_code summary_write_items(FILE *f, const char *name, const csvout_format *fmt,
                                const summary_scenario *sc, int32_t n_scenarios,
                                const summary_item *items, int32_t n_items, status *st)
{
    static const char *const header[] = {"scenario",     "id",
                                         "team",         "title",
                                         "p50",          "p70",
                                         "p85",          "p95",
                                         "mean",         "p_by_due",
                                         "p_by_horizon", "p_not_within_cap",
                                         "criticality",  "above_cut_line"};
    int32_t *order = malloc(((size_t)n_items + 1) * sizeof *order);
    uint8_t *above = malloc((size_t)n_items + 1);
    if (!order || !above) {
        free(order);
        free(above);
        return status_set(st, STATUS_ENOMEM, "out of memory writing %s", name);
    }
    csvout w;
    csvout_init_format(&w, f, fmt);
    write_header(&w, header, (int)(sizeof header / sizeof *header));
    for (int32_t s = 0; s < n_scenarios; s++) {
        int32_t n_order, n_above = summary_cut_line(&sc[s], n_items, order, &n_order);
        for (int32_t k = 0; k < n_order; k++)
            above[order[k]] = k < n_above;
        for (int32_t i = 0; i < n_items; i++) {
            if (sc[s].item_in && !sc[s].item_in[i])
                continue;
            summary_figures sum;
            summary_compute(&sc[s], i, items[i].due, &sum);
            csvout_text(&w, sc[s].name);
            csvout_text(&w, items[i].id);
            csvout_text(&w, items[i].team);
            csvout_text(&w, items[i].title);
            for (int k = 0; k < SUMMARY_N_PERCENTILES; k++)
                write_date_cell(&w, sum.percentile_date[k]);
            csvout_date(&w, sum.mean_date);
            write_probability(&w, sum.p_by_due);
            write_probability(&w, sum.p_by_horizon);
            write_probability(&w, sum.p_not_within_cap);
            write_probability(&w, sum.criticality);
            if (n_above < 0)
                csvout_empty(&w);
            else
                csvout_text(&w, above[i] ? "yes" : "no");
            csvout_end_row(&w);
        }
    }
    free(order);
    free(above);
    return csvout_finish(&w, name, st);
}

/* One row per day from the item's first to its last finishing day: the S-curve. Items done
 * before the start have no rows. */
static void write_item_distribution(csvout *w, const summary_scenario *sc, int32_t item,
                                    const char *id)
{
    int32_t first, last;
    if (!tally_day_range(sc->t, item, &first, &last))
        return;
    uint64_t trials = tally_trials(sc->t);
    uint64_t cumulative = tally_count_by(sc->t, item, first - 1);
    for (int32_t d = first; d <= last; d++) {
        cumulative += tally_count_on(sc->t, item, d);
        csvout_text(w, sc->name);
        csvout_text(w, id);
        csvout_date(w, sc->start + d);
        csvout_double(w, share(cumulative, trials), DISTRIBUTION_DECIMALS);
        csvout_end_row(w);
    }
}

status_code summary_write_distribution(FILE *f, const char *name, const csvout_format *fmt,
                                       const summary_scenario *sc, int32_t n_scenarios,
                                       const summary_item *items, int32_t n_items, status *st)
{
    static const char *const header[] = {"scenario", "id", "date", "cumulative_probability"};
    csvout w;
    csvout_init_format(&w, f, fmt);
    write_header(&w, header, (int)(sizeof header / sizeof *header));
    for (int32_t s = 0; s < n_scenarios; s++) {
        for (int32_t i = 0; i < n_items; i++)
            if (!sc[s].item_in || sc[s].item_in[i])
                write_item_distribution(&w, &sc[s], i, items[i].id);
        write_item_distribution(&w, &sc[s], tally_plan_index(sc[s].t), "(plan)");
    }
    return csvout_finish(&w, name, st);
}

static void write_delta(csvout *w, const paired_delta *p, bool baseline)
{
    double mean, half;
    if (baseline || !paired_mean_ci95(p, &mean, &half)) {
        csvout_empty(w);
        csvout_empty(w);
        csvout_empty(w);
        return;
    }
    csvout_double(w, mean, DELTA_DECIMALS);
    csvout_double(w, mean - half, DELTA_DECIMALS);
    csvout_double(w, mean + half, DELTA_DECIMALS);
}

static void write_count_or_empty(csvout *w, int32_t k)
{
    if (k < 0)
        csvout_empty(w);
    else
        csvout_int(w, k);
}

status_code summary_write_scenarios(FILE *f, const char *name, const csvout_format *fmt,
                                    const summary_scenario *sc, int32_t n_scenarios, status *st)
{
    static const char *const header[] = {"scenario",
                                         "plan_p50",
                                         "plan_p85",
                                         "plan_p95",
                                         "p_plan_by_horizon",
                                         "p_plan_not_within_cap",
                                         "done_by_horizon_p50",
                                         "done_by_horizon_p85",
                                         "delta_plan_days_mean",
                                         "delta_plan_days_ci95_low",
                                         "delta_plan_days_ci95_high",
                                         "delta_done_items_mean",
                                         "delta_done_items_ci95_low",
                                         "delta_done_items_ci95_high"};
    csvout w;
    csvout_init_format(&w, f, fmt);
    write_header(&w, header, (int)(sizeof header / sizeof *header));
    for (int32_t s = 0; s < n_scenarios; s++) {
        summary_figures sum;
        summary_compute(&sc[s], tally_plan_index(sc[s].t), DATE_NONE, &sum);
        csvout_text(&w, sc[s].name);
        write_date_cell(&w, sum.percentile_date[0]);
        write_date_cell(&w, sum.percentile_date[2]);
        write_date_cell(&w, sum.percentile_date[3]);
        write_probability(&w, sum.p_by_horizon);
        write_probability(&w, sum.p_not_within_cap);
        write_count_or_empty(&w, summary_done_by_horizon(&sc[s], 50));
        write_count_or_empty(&w, summary_done_by_horizon(&sc[s], 85));
        write_delta(&w, &sc[s].plan_delta_days, s == 0);
        write_delta(&w, &sc[s].done_delta_items, s == 0);
        csvout_end_row(&w);
    }
    return csvout_finish(&w, name, st);
}
