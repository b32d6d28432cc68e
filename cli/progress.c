/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress: the progress line; see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <time.h>

#include "termtext.h"

static double monotonic_seconds(void)
{
    struct timespec t = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

progress_line progress_start(const char *doing, const char *units)
{
    return (progress_line){.doing = doing, .units = units, .started_s = monotonic_seconds()};
}

void progress_draw(void *arg, uint64_t done, uint64_t total)
{
    progress_line *line = arg;
    double now = monotonic_seconds();
    if (done < total && now - line->drawn_s < 0.25)
        return;
    line->drawn_s = now;
    double elapsed = now - line->started_s;
    char n_done[32], n_total[32], rate_text[32], left_text[32], text[192];
    termtext_count(n_done, sizeof n_done, done);
    termtext_count(n_total, sizeof n_total, total);
    if (elapsed > 0.05 && done > 0) {
        double rate = (double)done / elapsed;
        termtext_count(rate_text, sizeof rate_text, (uint64_t)rate);
        termtext_duration(left_text, sizeof left_text, (double)(total - done) / rate);
    } else {
        snprintf(rate_text, sizeof rate_text, "-");
        snprintf(left_text, sizeof left_text, "-");
    }
    int n = snprintf(text, sizeof text, "  %s: %s of %s %s (%d %%), %s %s/s, %s left", line->doing,
                     n_done, n_total, line->units, total ? (int)(100 * done / total) : 100,
                     rate_text, line->units, left_text);
    fprintf(stderr, "\r%s%*s", text, line->width > n ? line->width - n : 0, "");
    fflush(stderr);
    line->width = n;
}

void progress_clear(const progress_line *line)
{
    if (line->width > 0) {
        fprintf(stderr, "\r%*s\r", line->width, "");
        fflush(stderr);
    }
}
