/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_calibration: the reader of a backtest's calibration.csv (run/calibration.h) on any
 * bytes, as `forecast --calibration` meets them: every separator and decimal mark, byte-order
 * marks, quotes, missing and repeated rows. A success must hold every promise of the header
 * (shares in [0, 1], empty only without forecasts, rising coverage, whole groups whose `all`
 * and `(all)` rows add up, lookups that find each row); a failure must be an input error (or
 * a limit) naming the file. Leaks count as crashes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calibration.h"
#include "fuzz.h"

static char fuzz_calibration_path[128];

static void fuzz_calibration_remove(void)
{
    unlink(fuzz_calibration_path);
}

static void fuzz_check_share(double v, bool empty_ok)
{
    if (isnan(v) ? !empty_ok : !(v >= 0.0 && v <= 1.0))
        abort();
}

static void fuzz_check_row(const calibration *c, const calibration_row *r)
{
    if (!r->team || !r->team[0] || strlen(r->team) > CALIBRATION_TEAM_BYTES_MAX || !r->flag ||
        r->forecasts < 0 || r->censored < 0 || r->line < 2)
        abort();
    if (r->pooled != (strcmp(r->team, CALIBRATION_POOLED) == 0))
        abort();
    bool empty_ok = r->forecasts == 0;
    for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
        fuzz_check_share(r->coverage[l], empty_ok);
        fuzz_check_share(r->perfect[l], empty_ok);
        if (l > 0 && r->coverage[l] < r->coverage[l - 1])
            abort();
    }
    for (int d = 0; d < 10; d++)
        fuzz_check_share(r->pit_deciles[d], empty_ok);
    if ((!isnan(r->median_abs_error) && !(r->median_abs_error >= 0.0)) ||
        (!isnan(r->pinball_vs_naive) && !(r->pinball_vs_naive >= 0.0)))
        abort();
    /* the group is whole and adds up */
    const calibration_row *kind[3];
    for (int s = 0; s < 3; s++)
        if (!(kind[s] = calibration_find(c, r->pooled ? NULL : r->team, (backtest_scope)s)))
            abort();
    if (kind[r->target] != r)
        abort();
    if ((int64_t)kind[0]->forecasts + kind[1]->forecasts != kind[2]->forecasts ||
        (int64_t)kind[0]->censored + kind[1]->censored != kind[2]->censored)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_workdir();
    if (!fuzz_calibration_path[0]) {
        snprintf(fuzz_calibration_path, sizeof fuzz_calibration_path, "%s/calibration.csv", dir);
        atexit(fuzz_calibration_remove); /* runs before the work folder is removed */
    }
    fuzz_write_file(dir, "calibration.csv", data, size);
    calibration *c = NULL;
    status st;
    status_clear(&st);
    status_code rc = calibration_read(dir, &c, &st);
    if (rc == STATUS_OK) {
        if (!c || strcmp(calibration_path(c), fuzz_calibration_path) != 0 ||
            strlen(calibration_sha256(c)) != 64)
            abort();
        int64_t teams[3] = {0, 0, 0};
        const calibration_row *pooled = calibration_find(c, NULL, BACKTEST_SCOPE_ALL);
        for (int32_t k = 0; k < calibration_n_rows(c); k++) {
            const calibration_row *r = &calibration_rows(c)[k];
            fuzz_check_row(c, r);
            if (!r->pooled)
                teams[r->target] += r->forecasts;
        }
        /* (all) counts what the teams count */
        if (calibration_n_rows(c) > 0 && (!pooled || pooled->forecasts != teams[2]))
            abort();
        calibration_destroy(c);
    } else if (c || (rc != STATUS_EINPUT && rc != STATUS_ELIMIT) ||
               strncmp(st.message, fuzz_calibration_path, strlen(fuzz_calibration_path)) != 0) {
        fprintf(stderr, "fuzz_calibration: status %d, message '%s'\n", (int)rc, st.message);
        abort();
    }
    return 0;
}
