/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report: report.html, the forecast on one self-contained page for the people who decide.
 *
 * One file, no network: inline SVG charts and CSS, no external fonts or scripts; it reads
 * fully without JavaScript (a few lines of script only make tables sortable) and prints. The
 * markup is polyglot (HTML that is well-formed XML, markup.h), so `xmllint --noout` checks it.
 * Sections, in the order a reader needs them:
 *   summary     the plan's P50/P85/P95, P(by horizon) and how many items by the horizon, in a
 *               product manager's words; the items at risk against their due dates; the cut
 *               line and the team flags when given; the run's warnings;
 *   burn-up     the baseline's fan (P5-P95 and P15-P85 bands of items done, the median, the
 *               scope, the horizon), then every other scenario's fan on the same axes;
 *   scenarios   plan finish P50-P95 intervals side by side, paired deltas with 95 % intervals,
 *               and each scenario's decision record when given;
 *   items       per team (teams in input order) in priority order, one row per item: its
 *               finish-date S-curve on an axis shared by all rows, P50/P85/P95 and the due
 *               date; compact enough for 500 items;
 *   drivers, sensitivity   when given;
 *   calibration "Can we trust it?", when a backtest's calibration.csv is given: a reliability
 *               chart of the pooled forecasts (stated probability against how often reality
 *               fell within), a table per team with the cells far from honest marked, the
 *               backtest's flags, all in a product manager's words;
 *   reproduce   version, command, seed, trials, settings per scenario, input SHA-256 digests.
 *
 * Everything comes in as plain data (report_input); optional parts are NULL or empty and their
 * sections are then left out, so a new kind of result adds a field here and a section in
 * report.c, nothing else. Colours come from one style sheet (Okabe-Ito's colour-blind-safe
 * blue and vermillion, the bands as lightness steps of one hue, markers also told apart by
 * shape and dash), so the charts survive greyscale printing.
 *
 * Borrowing: report_write reads `in` and everything it points to; it keeps nothing.
 */
#ifndef SHIPCAST_REPORT_H
#define SHIPCAST_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "burnup.h"
#include "status.h"
#include "summary.h"

/* An item is "at risk" when it is less likely than this to be done by its due date. */
#define REPORT_AT_RISK 0.85

typedef struct report_item {
    const char *id;
    const char *title; /* may be "" */
    int32_t team;      /* index into report_input.teams */
    double priority;   /* lower first; ties keep input order */
    int32_t due;       /* DATE_NONE if none */
} report_item;

typedef struct report_scenario {
    const summary_scenario *view; /* its statistics (tally, start, horizon, deltas, items in) */
    const burnup_curve *burnup;   /* its burn-up over the simulated span; NULL: no fan */
    /* The decision record: the scenario's comments in scenarios.ini; NULL when not known. */
    const char *comment;
} report_scenario;

/* One setting of one scenario, for "how to reproduce" (e.g. "baseline", "horizon",
 * "2027-03-31"). The report lists the baseline's settings, then each other scenario's as its
 * changes: give the baseline every setting and the others those in which they differ. */
typedef struct report_setting {
    const char *scenario;
    const char *key;
    const char *value;
} report_setting;

typedef struct report_input_file {
    const char *name;
    const char *sha256; /* lower-case hex */
} report_input_file;

typedef struct report_reproduce {
    const char *version;
    const char *command; /* the command line that repeats the run */
    uint64_t seed;
    uint64_t trials;
    const report_setting *settings;
    int32_t n_settings;
    const report_input_file *inputs;
    int32_t n_inputs;
} report_reproduce;

/* ---- optional sections (NULL or 0: left out) ---------------------------------------------- */

/* A flag raised about a team's data or model (thin history, unstable pace, extrapolation). */
typedef struct report_team_flag {
    const char *team;
    const char *flag;   /* short name, e.g. "compromised" */
    const char *detail; /* one sentence */
} report_team_flag;

/* What drives the date: an item, a dependency edge or a team, and the share of trials in
 * which it bound the plan's finish. */
typedef struct report_driver {
    const char *kind; /* "item", "edge" or "team" */
    const char *name; /* e.g. "PAY-02", "PAY-02 -> WEB-01", "payments" */
    double share;     /* 0..1 */
} report_driver;

/* One bar of a tornado chart: the plan's P85 moves by low_days / high_days when `setting`
 * takes its low / high value. */
typedef struct report_sensitivity {
    const char *setting;
    const char *low_value;
    const char *high_value;
    double low_days;
    double high_days;
} report_sensitivity;

/* The cut line: the items in priority order with their P(done by horizon); items from
 * `first_below` on fall below the line. */
typedef struct report_cut_line {
    int32_t n_items;
    const int32_t *items;       /* indices into report_input.items, in priority order */
    const double *p_by_horizon; /* n_items */
    int32_t first_below;
} report_cut_line;

/* The track record from a backtest (shipcast backtest's calibration.csv): how often reality
 * fell within the forecasts' percentiles, against how often an honest forecast would have
 * scored ("perfect": each forecast's own probability at its percentile, a little above the
 * nominal 50 %, 85 %, ... since percentiles are whole days or items). Shares are 0..1, NAN
 * where there was nothing to score. */
enum { REPORT_CALIBRATION_LEVELS = 4 }; /* P50, P70, P85, P95 */

/* The nominal levels of report_calibration_pooled's arrays: 50, 70, 85, 95. */
extern const int report_calibration_levels[REPORT_CALIBRATION_LEVELS];

/* One team: its `all` row (every forecast of the team, when and how many). */
typedef struct report_calibration_team {
    const char *team;
    int32_t forecasts;  /* scored (not censored) */
    double coverage[3]; /* P50, P85, P95 */
    double perfect[3];
    const char *flag; /* why to read its forecasts with care, one or two sentences; "" if none */
    bool in_plan;     /* the team has a row in this plan's teams.csv */
} report_calibration_team;

/* Every team's forecasts together, of one target kind. */
typedef struct report_calibration_pooled {
    int32_t forecasts; /* 0: no such forecasts */
    double coverage[REPORT_CALIBRATION_LEVELS];
    double perfect[REPORT_CALIBRATION_LEVELS];
    const char *flag; /* "" if none */
} report_calibration_pooled;

typedef struct report_calibration {
    const char *source; /* the backtest folder, as named on the command line */
    const report_calibration_team *teams;
    int32_t n_teams;
    /* pooled rows: "when is the work done" forecasts, "how many in D days" forecasts, both */
    report_calibration_pooled when, how_many, all;
    /* the plan's teams that have no row in the backtest */
    const char *const *no_record;
    int32_t n_no_record;
} report_calibration;

typedef struct report_input {
    const char *title; /* e.g. the plan folder's name */
    const char *const *teams;
    int32_t n_teams;
    const report_item *items; /* summary items' order: index i is item i of every view */
    int32_t n_items;
    const report_scenario *scenarios; /* [0] is the baseline */
    int32_t n_scenarios;
    const char *const *warnings; /* the run's warnings, shown in the summary */
    int32_t n_warnings;
    report_reproduce reproduce;
    /* optional */
    const report_team_flag *team_flags;
    int32_t n_team_flags;
    const report_driver *drivers;
    int32_t n_drivers;
    const report_sensitivity *sensitivity;
    int32_t n_sensitivity;
    const report_cut_line *cut_line;
    const report_calibration *calibration;
} report_input;

/* Writes the page onto f (borrowed). STATUS_EIO naming `name` on a write error, STATUS_ENOMEM.
 * Preconditions: n_scenarios >= 1, every view has trials. */
status_code report_write(FILE *f, const char *name, const report_input *in, status *st);

#endif
