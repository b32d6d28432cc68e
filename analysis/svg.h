/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * svg: the few SVG primitives the report's charts need, written inline through markup.
 *
 * Shapes carry a CSS class, never inline colours: the report's style sheet decides the
 * palette (and its print and greyscale variants) in one place. Coordinates are user units
 * with one decimal. Every chart opens with svg_open, which gives it a viewBox (so it scales
 * with the page), role="img" and a <title> (its accessible name and tooltip).
 *
 * Dates on axes: svg_date_ticks picks "nice" tick dates (Mondays, month starts, quarters,
 * years) for a date range, at most max_ticks of them, and svg_date_label spells them for
 * people ("4 Jan", "1 Feb 2027"). Linear scales are svg_scale values.
 */
#ifndef SHIPCAST_SVG_H
#define SHIPCAST_SVG_H

#include <stdbool.h>
#include <stdint.h>

#include "markup.h"

/* A linear map from data (from..to) to user units (px_from..px_to). */
typedef struct svg_scale {
    double from, to;
    double px_from, px_to;
} svg_scale;

/* The position of v; a degenerate domain (from == to) maps to px_from. */
double svg_map(const svg_scale *s, double v);

/* <svg> with width x height user units, a class and an accessible label; svg_close ends it. */
void svg_open(markup *m, int width, int height, const char *cls, const char *label);
void svg_close(markup *m);

/* <g class=..>, optionally with a <title> tooltip (NULL: none); svg_group_close ends it. */
void svg_group_open(markup *m, const char *cls, const char *tooltip);
void svg_group_close(markup *m);

void svg_rect(markup *m, double x, double y, double w, double h, const char *cls);
void svg_line(markup *m, double x1, double y1, double x2, double y2, const char *cls);
void svg_circle(markup *m, double cx, double cy, double r, const char *cls);
/* A diamond (a square on its corner) of half-diagonal r: the due-date marker. */
void svg_diamond(markup *m, double cx, double cy, double r, const char *cls);
/* anchor: "start", "middle" or "end". */
void svg_text(markup *m, double x, double y, const char *anchor, const char *cls, const char *text);

/* A path from points: svg_path_begin, svg_path_to for each point (the first moves), then
 * svg_path_end (close: a closed shape). */
typedef struct svg_path {
    markup *m;
    bool started;
} svg_path;
void svg_path_begin(svg_path *p, markup *m, const char *cls);
void svg_path_to(svg_path *p, double x, double y);
void svg_path_end(svg_path *p, bool close);

enum { SVG_TICKS_MAX = 16 };

/* How ticks are spaced, for their labels. */
typedef enum svg_tick_kind { SVG_TICK_WEEK, SVG_TICK_MONTH, SVG_TICK_YEAR } svg_tick_kind;

/* Up to max_ticks (<= SVG_TICKS_MAX) nice dates within first..last into ticks; returns how
 * many, and in *kind how they are spaced. */
int svg_date_ticks(int32_t first, int32_t last, int max_ticks, int32_t *ticks, svg_tick_kind *kind);

/* The label of a tick: "4 Jan" for weeks, "Feb" or "Jan 2027" (January and the first tick
 * carry the year) for months, "2027" for years. buf at least 16 bytes. */
char *svg_date_label(int32_t date, svg_tick_kind kind, bool with_year, char *buf);

#endif
