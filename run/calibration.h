/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calibration: reads back the calibration.csv that `shipcast backtest` writes, so that a
 * forecast can show its track record ("Can we trust it?") next to its dates.
 *
 * The file is read through the plan's CSV table reader (table.h): columns by name in any
 * order, messages "path:line:column: name: expected ..., found '...'". All three spreadsheet
 * variants backtest writes are read (csvout.h): plain (',' and '.'), --excel (a UTF-8
 * byte-order mark) and --excel --decimal-comma (';' between fields, "0,8500"); the separator is
 * told from the header line, and with ';' a decimal comma or point is accepted. Text cells
 * that csvout protected against formula injection (a "'" before a leading '=', '+', '-', '@',
 * tab or CR) are read back without that "'".
 *
 * Everything is validated: counts are whole numbers >= 0, shares lie in [0, 1], a target is
 * `when`, `how_many` or `all`; an empty share (backtest writes one where there is no value)
 * is allowed only in a row without scored forecasts; the coverages and the perfect scores
 * never fall from P50 to P95; the PIT deciles of a row with forecasts add up to 1; each team
 * (and the pooled team `(all)`) has exactly one row of each target, `all` counting what `when`
 * and `how_many` count, and `(all)` counting what the teams count. A file that breaks one of
 * these was not written by backtest, or was edited: the message names the cell.
 *
 * Ownership: a calibration owns its rows and their texts; calibration_destroy frees them.
 */
#ifndef SHIPCAST_CALIBRATION_H
#define SHIPCAST_CALIBRATION_H

#include <stdbool.h>
#include <stdint.h>

#include "backtest.h"
#include "sha256.h"
#include "status.h"

enum {
    CALIBRATION_TEAMS_MAX = 10000,   /* teams in one file, as in teams.csv */
    CALIBRATION_TEAM_BYTES_MAX = 256 /* bytes in a team name, as in teams.csv */
};

/* The pooled rows' team. */
#define CALIBRATION_POOLED "(all)"

/* One row of calibration.csv (docs/outputs.md). Shares are NAN where the cell is empty. */
typedef struct calibration_row {
    const char *team; /* as written (CALIBRATION_POOLED for the pooled rows) */
    bool pooled;
    backtest_scope target;
    int32_t forecasts; /* `checkpoints`: scored forecasts */
    int32_t censored;
    double coverage[BACKTEST_N_LEVELS]; /* P50, P70, P85, P95 */
    double perfect[BACKTEST_N_LEVELS];
    double pit_deciles[10];
    double median_abs_error; /* working days or items; NAN when empty */
    double pinball_vs_naive; /* NAN when empty */
    const char *flag;        /* "" when not flagged */
    long line;               /* in the file */
} calibration_row;

typedef struct calibration calibration;

/* Reads DIR/calibration.csv. dir is shown as given in messages. Errors: STATUS_EINPUT for a
 * missing folder or file (the message names the path and says what was expected) and for any
 * bad cell; STATUS_ELIMIT past CALIBRATION_TEAMS_MAX teams; STATUS_EIO when the file cannot be
 * read; STATUS_ENOMEM. *out is NULL on error. */
status_code calibration_read(const char *dir, calibration **out, status *st);

/* The same for a file named directly (what calibration_read does after checking the folder). */
status_code calibration_read_file(const char *path, calibration **out, status *st);

/* Frees c; NULL is a no-op. */
void calibration_destroy(calibration *c);

/* The rows in file order. */
int32_t calibration_n_rows(const calibration *c);
const calibration_row *calibration_rows(const calibration *c);

/* The row of team (NULL: the pooled rows) and target; NULL when there is none. */
const calibration_row *calibration_find(const calibration *c, const char *team,
                                        backtest_scope target);

/* The file read ("DIR/calibration.csv") and the SHA-256 of its bytes (lower-case hex). */
const char *calibration_path(const calibration *c);
const char *calibration_sha256(const calibration *c);

/* "when", "how_many" or "all": the target's name in the file. */
const char *calibration_target_name(backtest_scope target);

#endif
