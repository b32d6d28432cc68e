/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit: is a team's history good enough to forecast from? Plain statistics of one team's day
 * samples, and the fit.csv writer.
 *
 * Input is what the plan loader derives for a team, as plain arrays (this layer knows no
 * plans): one sample per working day of the sampling window in date order, with P = planned
 * completions, U = unplanned completions and E = epics in progress (streams) that day, plus
 * the headcounts, the WIP limit and the context-switching table f(1..n) that the forecast
 * would use, and the team's historical epic sizes. Output is a small value struct
 * (fit_stats) of counts, shares, means, quantiles, the capacity multipliers of the DESIGN's
 * capacity formula, two stability measures and the sufficiency flags. Rules:
 *
 * - Quantiles are of the empirical distribution: the P85 is the smallest value v such that
 *   at least 85 % of the days have P <= v (the ceil(0.85 n)-th smallest); the median is the
 *   middle value, or the mean of the two middle values for an even count.
 * - unplanned_share = sum U / (sum P + sum U) over the window (NAN if nothing was done).
 * - Context factor = f(k_now) / mean_j f(k_j), with k_now = max(1, wip / people) and
 *   k_j = max(1, E_j / history_people); f is linear between the integer points of the table
 *   and flat past its end (terms.h: the model applies f the same function, day by day). The
 *   capacity multiplier is people / history_people times the context factor: the forecast's
 *   average capacity per day, relative to the history, when every WIP slot is busy and
 *   interruptions stay as they were.
 * - Stability is |mean(A) - mean(B)| / (max - min) of P over two halves A and B of the
 *   samples (0 if max == min, NAN if a half is empty):
 *   (a) interleaved: A and B alternate in date order in the pattern ABBA ABBA ... (positions
 *       1, 4, 5, 8, 9, ... are A; 2, 3, 6, 7, ... are B). Unlike odd/even positions, each
 *       block of four is balanced against a linear trend, so (a) measures day-to-day noise
 *       (would another sample of the same size tell the same story?) and not drift;
 *   (b) halves: A = the first floor(n/2) samples in date order, B = the last floor(n/2) (the
 *       middle sample of an odd count belongs to neither): this one catches drift.
 *   Either one at or above FIT_STABILITY_WARN is flagged.
 * - Sufficiency: fewer than FIT_MIN_PLANNED_DAYS days with P > 0 is flagged as compromising
 *   the forecast; fewer than FIT_MIN_COMPLETION_DAYS days with P + U > 0 as a sample the
 *   forecast refuses unless forced.
 *
 * Units: completions are work items (stories) per working day; streams per person is epics
 * per person; dates are day numbers (date.h). Inputs are borrowed, never kept. Library code:
 * nothing here prints.
 */
#ifndef SHIPCAST_FIT_H
#define SHIPCAST_FIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "csvout.h"
#include "status.h"

#define FIT_STABILITY_WARN 0.25 /* a stability measure at or above this is flagged */
enum {
    FIT_MIN_PLANNED_DAYS = 11,   /* fewer days with planned completions: compromised */
    FIT_MIN_COMPLETION_DAYS = 5, /* fewer days with any completion: refused unless forced */
    FIT_P85_PERCENT = 85
};

/* One team's history and the settings the forecast applies to it. Arrays have n_days
 * entries in date order (may be NULL when n_days == 0); epic_sizes has n_epics. */
typedef struct fit_team_input {
    int32_t n_days;               /* >= 0 */
    const int32_t *date;          /* day numbers, ascending */
    const int32_t *planned;       /* P >= 0 */
    const int32_t *unplanned;     /* U >= 0 */
    const int32_t *streams;       /* E >= 0 */
    double history_people;        /* > 0: headcount during the window */
    double people;                /* > 0: headcount now */
    int32_t wip;                  /* >= 1: the baseline WIP limit */
    const double *context_switch; /* f(1..n_context_switch), each in (0, 1] */
    int32_t n_context_switch;     /* >= 1 */
    int32_t n_epics;              /* >= 0 */
    const int32_t *epic_sizes;    /* stories, >= 0 */
    /* the sampling window: as asked (window_days ending on window_end) and where the team's
     * samples start (window_start; later when its history starts later: no padding) */
    int32_t window_days;
    int32_t window_end;
    int32_t window_start;
    bool window_shortened;
} fit_team_input;

/* The report of one team. A value that cannot be computed (no samples, no epics, nothing
 * done) is NAN, a date DATE_NONE, an integer statistic -1. */
typedef struct fit_stats {
    int32_t n_days;                /* working days sampled */
    int32_t first_date, last_date; /* first and last sampled day */
    int32_t days_with_planned;     /* days with P > 0 */
    int32_t days_with_completion;  /* days with P + U > 0 */
    double zero_share;             /* share of days with P == 0 */
    double planned_mean, planned_median;
    int32_t planned_p85;
    double unplanned_mean;
    double unplanned_share;         /* sum U / (sum P + sum U) */
    double streams_per_person_mean; /* mean of E / history_people */
    double streams_per_person_now;  /* k_now = max(1, wip / people) */
    double people_ratio;            /* people / history_people */
    double context_factor;          /* f(k_now) / mean f(k_j) */
    double capacity_multiplier;     /* people_ratio * context_factor */
    double stability_interleaved;   /* (a) above */
    double stability_halves;        /* (b) above */
    int32_t n_epics;
    int32_t epic_min, epic_max;
    double epic_median;
    bool unstable_interleaved; /* stability_interleaved >= FIT_STABILITY_WARN */
    bool unstable_halves;      /* stability_halves >= FIT_STABILITY_WARN */
    bool compromised;          /* days_with_planned < FIT_MIN_PLANNED_DAYS */
    bool refused;              /* days_with_completion < FIT_MIN_COMPLETION_DAYS */
    bool shortened;            /* the window starts later than asked: the history does */
    bool extrapolates;         /* capacity_multiplier outside FIT_MULTIPLIER_LOW..HIGH */
    int32_t window_days;       /* as asked */
    int32_t window_start;      /* where the team's samples start */
    int32_t window_end;
} fit_stats;

/* Capacity multipliers outside this range mean the forecast extrapolates far beyond what the
 * team's history shows (a team twice its size, juggling twice as much). */
#define FIT_MULTIPLIER_LOW  0.5
#define FIT_MULTIPLIER_HIGH 1.5

/* The flags a team's history can raise, in the order they are listed. */
typedef enum fit_flag {
    FIT_FLAG_REFUSED = 0,
    FIT_FLAG_COMPROMISED,
    FIT_FLAG_SHORTENED,
    FIT_FLAG_UNSTABLE_INTERLEAVED,
    FIT_FLAG_UNSTABLE_HALVES,
    FIT_FLAG_EXTRAPOLATES,
    FIT_N_FLAGS
} fit_flag;

/* Whether s raises flag f. */
bool fit_flag_raised(const fit_stats *s, fit_flag f);

/* Its name, as in fit.csv's warnings column: "refused", "compromised", "shortened",
 * "unstable_interleaved", "unstable_halves", "extrapolates". */
const char *fit_flag_name(fit_flag f);

/* What it means for this team, with what to do, as one sentence without the team's name
 * (snprintf's return value). */
int fit_flag_text(const fit_stats *s, fit_flag f, char *buf, size_t size);

/* Computes *out from *in. Preconditions (asserted; the plan loader guarantees them): counts
 * and sizes >= 0, history_people, people > 0, wip >= 1, 1 <= n_context_switch and every f in
 * (0, 1]. Returns STATUS_OK, or STATUS_ENOMEM (st says so; *out is then unspecified): the
 * quantiles sort a copy of the samples. */
status_code fit_team_stats(const fit_team_input *in, fit_stats *out, status *st);

/* The two stability measures (a) and (b) above of n values in date order. Exposed for tests;
 * fit_team_stats applies them to the planned completions. */
double fit_stability_interleaved(const int32_t *values, int32_t n);
double fit_stability_halves(const int32_t *values, int32_t n);

/* Where a team's capacity comes from. */
typedef enum fit_source {
    FIT_SOURCE_HISTORY = 0, /* forecast from its history: stats are valid */
    FIT_SOURCE_ESTIMATED,   /* from an estimate (teams.csv): no statistics */
    FIT_SOURCE_NONE         /* no history samples: no statistics */
} fit_source;

/* Name of a source as written in fit.csv: "history", "estimated", "none". */
const char *fit_source_name(fit_source source);

typedef struct fit_row {
    const char *team; /* borrowed */
    fit_source source;
    fit_stats stats; /* valid for FIT_SOURCE_HISTORY only */
} fit_row;

/* The header of fit.csv, comma-separated, without line end (for tests and documentation). */
extern const char fit_csv_header[];

/* Writes fit.csv onto f (borrowed): the header, then one row per entry of rows. Numbers have
 * 3 decimals; values that cannot be computed, and every statistic of a team without
 * FIT_SOURCE_HISTORY, are empty cells. The last column, `warnings`, lists the raised flags
 * separated by ';' (fit_flag_name, in fit_flag order). Returns
 * STATUS_OK or STATUS_EIO naming `name`. fmt as csvout_init_format (NULL: RFC 4180). */
status_code fit_write_csv(FILE *f, const char *name, const csvout_format *fmt, const fit_row *rows,
                          int32_t n_rows, status *st);

#endif
