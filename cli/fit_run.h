/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit_run: the `fit` command: is our data good enough? Plan folder in, fit.csv and a table
 * out.
 *
 * It loads the plan, hands each team's day samples and baseline settings to analysis/fit as
 * plain arrays, writes fit.csv all-or-nothing through outdir, and prints one row per team
 * and then the warnings. The plan is always loaded as with --force: a team with too few
 * days with completions is exactly what this command is for, so it is shown (and flagged),
 * not refused. Warnings about the data are findings, not failures: the exit status stays 0.
 */
#ifndef SHIPCAST_FIT_RUN_H
#define SHIPCAST_FIT_RUN_H

#include <signal.h>
#include <stdbool.h>

#include "csvout.h"
#include "plan.h"
#include "status.h"

typedef struct fit_options {
    const char *plan_dir;
    const char *out_dir;
    plan_overrides overrides;    /* force is set regardless, see above */
    bool quiet;                  /* no table on stdout */
    csvout_format csv;           /* --excel, --decimal-comma */
    volatile sig_atomic_t *stop; /* raised by SIGINT while waiting for the folder's lock */
} fit_options;

/* Runs the command. Returns STATUS_OK (also when the data raise warnings), or the failure
 * with *st set: STATUS_EINPUT for a bad plan, STATUS_EIO if fit.csv cannot be written,
 * STATUS_ENOMEM. Prints the table itself (this is CLI code). */
status_code fit_run(const fit_options *opt, status *st);

#endif
