/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress: a progress line on stderr for the commands that run long (forecast's trials,
 * backtest's forecasts), redrawn at most a few times a second: what is done, the rate so far
 * and the time left at that rate. CLI code: it prints.
 */
#ifndef SHIPCAST_PROGRESS_H
#define SHIPCAST_PROGRESS_H

#include <stdint.h>

typedef struct progress_line {
    const char *doing; /* "simulating" */
    const char *units; /* "trials" */
    double started_s;
    double drawn_s;
    int width; /* characters of the last line drawn, to blank it */
} progress_line;

/* A line that starts its clock now. */
progress_line progress_start(const char *doing, const char *units);

/* The on_progress callback of forecast_options and backtest_options: arg is a progress_line. */
void progress_draw(void *arg, uint64_t done, uint64_t total);

/* Blanks the line, if one was drawn. */
void progress_clear(const progress_line *line);

#endif
