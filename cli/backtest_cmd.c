/* SPDX-License-Identifier: GPL-3.0-or-later */
/* backtest_cmd: the `backtest` command; see backtest_cmd.h. */
#include "backtest_cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "date.h"
#include "outdir.h"
#include "progress.h"
#include "termtext.h"

static status_code write_outputs(const backtest_cmd *cmd, const backtest *b,
                                 const backtest_calibration *cal, int32_t n, status *st)
{
    outdir *o = NULL;
    status_code rc = outdir_begin_wait(cmd->out_dir, OUTDIR_LOCK_WAIT_MS, cmd->bt.run.stop, &o, st);
    FILE *out;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "backtest.csv", st))
                 ? backtest_write_rows(out, "backtest.csv", &cmd->csv, b, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "calibration.csv", st))
                 ? backtest_write_calibration(out, "calibration.csv", &cmd->csv, b, cal, n, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = outdir_commit(o, st);
    outdir_destroy(o);
    return rc;
}

static const char *share_cell(double share, char *buf, size_t size)
{
    if (isnan(share))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.0f%%", 100.0 * share);
    return buf;
}

enum { W_TEAM = 16 };

static void print_table(const backtest_cmd *cmd, const backtest *b, const backtest_calibration *cal,
                        int32_t n)
{
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE], team[4 * W_TEAM + 1];
    printf("shipcast backtest of %s: checkpoints %s..%s every %d days, %llu trials each\n",
           cmd->plan_dir, date_format(backtest_from(b), from), date_format(backtest_to(b), to),
           (int)cmd->bt.every_days, (unsigned long long)cmd->bt.trials);
    printf("\nhow often reality fell within the forecast (expected in brackets)\n");
    printf("%s %-8s %6s %13s %13s %13s %9s\n", termtext_cell(team, sizeof team, "team", W_TEAM),
           "target", "n", "<= P50", "<= P85", "<= P95", "PIT max");
    for (int32_t k = 0; k < n; k++) {
        const backtest_calibration *c = &cal[k];
        if (c->scope != BACKTEST_SCOPE_ALL && c->team >= 0)
            continue;
        char cells[3][40], a[16], e[16], pit[16]; /* "a (e)": 16 + 16 + 4 */
        const int levels[3] = {0, 2, 3};
        for (int l = 0; l < 3; l++)
            snprintf(cells[l], sizeof cells[l], "%s (%s)",
                     share_cell(c->coverage[levels[l]], a, sizeof a),
                     share_cell(c->perfect[levels[l]], e, sizeof e));
        double most = 0.0;
        for (int d = 0; d < 10; d++)
            most = c->pit_deciles[d] > most ? c->pit_deciles[d] : most;
        const char *name = c->team < 0 ? "(all)" : backtest_team_name(b, c->team);
        const char *scope = c->scope == BACKTEST_SCOPE_WHEN       ? "when"
                            : c->scope == BACKTEST_SCOPE_HOW_MANY ? "how many"
                                                                  : "all";
        printf("%s %-8s %6d %13s %13s %13s %9s\n", termtext_cell(team, sizeof team, name, W_TEAM),
               scope, (int)c->forecasts, cells[0], cells[1], cells[2],
               share_cell(c->forecasts ? most : (double)NAN, pit, sizeof pit));
    }
    printf("  a perfectly calibrated forecast scores the bracket; PIT max: the largest tenth of\n"
           "  the PIT values (10 %% when calibrated)\n");
    bool any = false;
    for (int32_t k = 0; k < n; k++)
        if (cal[k].flagged && cal[k].scope == BACKTEST_SCOPE_ALL) {
            printf(any ? "  %s\n" : "\nflags:\n  %s\n", cal[k].flag);
            any = true;
        }
    printf("\nwritten to %s/: backtest.csv calibration.csv\n", cmd->out_dir);
}

status_code backtest_cmd_run(const backtest_cmd *cmd, status *st)
{
    plan_overrides overrides = cmd->overrides;
    overrides.history_only = true;
    overrides.force = true; /* a thin team is simply left out where it has too little history */
    plan *p = NULL;
    status_code rc = plan_load(cmd->plan_dir, &overrides, &p, st);
    if (rc != STATUS_OK)
        return rc;
    for (int32_t w = 0; w < p->n_warnings; w++)
        fprintf(stderr, "shipcast: warning: %s\n", p->warnings[w]);
    backtest *b = NULL;
    backtest_calibration *cal = NULL;
    int32_t n = 0;
    backtest_options opt = cmd->bt;
    progress_line line = progress_start("backtesting", "forecasts");
    opt.on_progress = cmd->progress ? progress_draw : NULL;
    opt.progress_arg = &line;
    rc = backtest_run(p, &opt, &b, st);
    if (cmd->progress)
        progress_clear(&line);
    if (rc == STATUS_OK)
        rc = backtest_calibrate(b, &cal, &n, st);
    if (rc == STATUS_OK)
        rc = write_outputs(cmd, b, cal, n, st);
    if (rc == STATUS_OK && !cmd->quiet)
        print_table(cmd, b, cal, n);
    free(cal);
    backtest_destroy(b);
    plan_destroy(p);
    return rc;
}
