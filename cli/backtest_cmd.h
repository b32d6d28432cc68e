/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * backtest_cmd: the `backtest` command: plan folder in (plan.csv not needed), backtest.csv and
 * calibration.csv out, and a table of how often reality fell within the forecasts' P50/P85.
 * The walk itself is run/backtest.h's.
 */
#ifndef SHIPCAST_BACKTEST_CMD_H
#define SHIPCAST_BACKTEST_CMD_H

#include <stdbool.h>

#include "backtest.h"
#include "csvout.h"
#include "plan.h"
#include "status.h"

typedef struct backtest_cmd {
    const char *plan_dir;
    const char *out_dir;
    plan_overrides overrides; /* --seed */
    backtest_options bt;
    bool quiet;
    bool progress; /* a progress line on stderr */
    csvout_format csv;
} backtest_cmd;

/* Runs the command; prints its table (this is CLI code). */
status_code backtest_cmd_run(const backtest_cmd *cmd, status *st);

#endif
