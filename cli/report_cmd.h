/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_cmd: report.html for the `forecast` command: the plan, the run's statistics and its
 * burn-up curves turned into the report's plain input (analysis/report.h), then written.
 *
 * This is where the plan's notions meet the report's: team names, item priorities in the
 * baseline, each scenario's settings for "how to reproduce", the input digests, the warnings
 * of the load and of the run, and the command line that repeats the run. The optional
 * sections (team flags, drivers, sensitivity, cut line, calibration, scenario comments) are
 * left empty until the results they show exist.
 */
#ifndef SHIPCAST_REPORT_CMD_H
#define SHIPCAST_REPORT_CMD_H

#include <stdio.h>

#include "burnup.h"
#include "forecast.h"
#include "plan.h"
#include "sensitivity.h"
#include "verdicts.h"
#include "status.h"
#include "summary.h"

/* Writes report.html onto out (borrowed), named `name` in messages. views, items and curves
 * have the plan's scenarios and items (forecast_views, burnup_curve_compute); sens and its
 * rows (both NULL without --sensitivity) give the tornado chart; vd the team flags. STATUS_EIO,
 * STATUS_ENOMEM. */
status_code report_cmd_write(FILE *out, const char *name, const char *plan_dir, const plan *p,
                             const forecast *f, const summary_scenario *views,
                             const summary_item *items, const burnup_curve *curves,
                             const sensitivity *sens, const sensitivity_row *sens_rows,
                             const verdicts *vd, status *st);

#endif
