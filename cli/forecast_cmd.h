/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast_cmd: the `forecast` command: plan folder in, forecast files and a table out.
 *
 * It loads the plan, hands it to the run loop (run/forecast.h), writes the outputs
 * all-or-nothing and prints warnings, progress and the table. The simulation itself lives in
 * the library; this is the command's wiring.
 */
#ifndef SHIPCAST_FORECAST_CMD_H
#define SHIPCAST_FORECAST_CMD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "cluster.h"
#include "csvout.h"
#include "plan.h"
#include "status.h"

typedef struct forecast_cmd {
    const char *plan_dir;
    const char *out_dir;
    plan_overrides overrides;
    int n_threads;
    bool progress;               /* draw a progress bar on stderr */
    bool quiet;                  /* no table on stdout */
    bool sensitivity;            /* --sensitivity: sensitivity.csv */
    csvout_format csv;           /* --excel, --decimal-comma */
    volatile sig_atomic_t *stop; /* raised by SIGINT */
    const cluster *cluster;      /* the run's processes (NULL: this one alone); rank 0 writes */
} forecast_cmd;

/* Runs the command. Returns STATUS_OK, or the failure with *st set; prints the table and
 * warnings itself (this is CLI code). */
status_code forecast_cmd_run(const forecast_cmd *cmd, status *st);

#endif
