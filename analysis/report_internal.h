/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_internal: what report.c (the document) and report_charts.c (the SVG charts) share.
 * Not part of the report's contract; see report.h.
 */
#ifndef SHIPCAST_REPORT_INTERNAL_H
#define SHIPCAST_REPORT_INTERNAL_H

#include "markup.h"
#include "report.h"
#include "svg.h"

/* One writing of the page: the input, the figures computed once, the shared date axis. */
typedef struct report_ctx {
    markup m;
    const report_input *in;
    summary_figures *item_figures; /* baseline, per item */
    summary_figures *plan_figures; /* per scenario, the whole plan */
    int32_t axis_first;            /* the date axis shared by the fans and the item curves */
    int32_t axis_last;
} report_ctx;

/* Sizes of the charts, in CSS pixels (user units). */
enum {
    REPORT_FAN_WIDTH = 960,
    REPORT_FAN_HEIGHT = 340,
    REPORT_SMALL_FAN_WIDTH = 460,
    REPORT_SMALL_FAN_HEIGHT = 200,
    REPORT_SPARK_WIDTH = 320,
    REPORT_SPARK_HEIGHT = 22,
};

/* The fan of one scenario (its burn-up must not be NULL); small: a small multiple. */
void report_chart_fan(report_ctx *c, int32_t scenario, bool small);
/* Plan finish P50-P95 of every scenario on the shared axis. */
void report_chart_scenarios(report_ctx *c);
/* Paired deltas of the plan's finish against the baseline, with 95 % intervals. */
void report_chart_deltas(report_ctx *c);
/* The date axis above the item curves, and one item's S-curve (baseline). */
void report_chart_spark_axis(report_ctx *c);
void report_chart_spark(report_ctx *c, int32_t item);
/* The key to the item curves' marks. */
void report_chart_spark_legend(report_ctx *c);
/* The tornado chart of the sensitivity section. */
void report_chart_tornado(report_ctx *c);
/* The reliability chart of "Can we trust it?": the pooled `when` and `how many` forecasts'
 * stated probability (across) against how often reality fell within (up), and the diagonal. */
void report_chart_reliability(report_ctx *c);

/* A percentage for people: "85 %", "<1 %", ">99 %", "-" for NaN. buf at least 8 bytes. */
char *report_percent(double p, char *buf);

#endif
