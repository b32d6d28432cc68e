/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * run_record: run.json, what is needed to reproduce a run: shipcast's version, the plan folder,
 * every setting of the settings registry that shaped it (the run's own, each scenario's, and
 * each scenario's per-team values, under the keys scenarios.ini uses), a SHA-256 digest of
 * each input file, and the warnings. It holds nothing that varies between identical runs (no
 * clock, no thread count), so identical runs give identical bytes.
 */
#ifndef SHIPCAST_RUN_RECORD_H
#define SHIPCAST_RUN_RECORD_H

#include <stdio.h>

#include "plan.h"
#include "status.h"

/* Writes the record of a run of plan p (loaded from plan_dir) onto f (borrowed); the warnings
 * are the plan's followed by the run's own (run_warnings, may be NULL when n is 0). Returns
 * STATUS_EIO when f reports an error, STATUS_ENOMEM when a value's text finds no memory. */
status_code run_record_write(FILE *f, const char *plan_dir, const plan *p,
                             char *const *run_warnings, int32_t n_run_warnings, status *st);

/* As run_record_write, for a run spread over n_ranks processes (run/cluster.h): the record
 * then says "ranks": n_ranks, the one difference from a run in one process, which records no
 * ranks (n_ranks 1 writes what run_record_write does). */
status_code run_record_write_ranks(FILE *f, const char *plan_dir, const plan *p,
                                   char *const *run_warnings, int32_t n_run_warnings, int n_ranks,
                                   status *st);

#endif
