/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast_run: the `forecast` command: plan folder in, forecast files and a table out.
 *
 * It wires the layers: load the plan, build one model per scenario, run the trials in
 * parallel with every scenario simulated on the same trial (common random numbers, paired
 * deltas), then write the outputs all-or-nothing and print the table.
 */
#ifndef SHIPCAST_FORECAST_RUN_H
#define SHIPCAST_FORECAST_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "plan.h"
#include "status.h"

typedef struct forecast_options {
    const char *plan_dir;
    const char *out_dir;
    plan_overrides overrides;
    int n_threads;
    bool progress;               /* draw a progress bar on stderr */
    bool quiet;                  /* no table on stdout */
    volatile sig_atomic_t *stop; /* raised by SIGINT */
} forecast_options;

/* Runs the command. Returns STATUS_OK, or the failure with *st set; prints the table and
 * warnings itself (this is CLI code). */
status_code forecast_run(const forecast_options *opt, status *st);

#endif
