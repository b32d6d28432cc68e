/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_charts: the report's SVG charts; see report_internal.h.
 *
 * Every chart that shows dates uses the one axis of report_ctx (the baseline's start to the
 * latest plan P95 of any scenario), so the fans, the scenario intervals and 500 item curves
 * line up when read down the page. What lies beyond the axis is cut at its end and marked.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "report_internal.h"

static svg_scale date_scale(const report_ctx *c, double px_from, double px_to)
{
    return (svg_scale){(double)c->axis_first, (double)c->axis_last, px_from, px_to};
}

static bool is_date(int32_t d)
{
    return d != DATE_NONE && d != SUMMARY_NOT_WITHIN_CAP && d != SUMMARY_DONE_BEFORE_START;
}

/* Vertical grid lines and date labels along the bottom (labels below y_labels; none when
 * y_labels < 0). */
static void date_grid(report_ctx *c, const svg_scale *x, double y_top, double y_bottom,
                      double y_labels, int max_ticks)
{
    int32_t ticks[SVG_TICKS_MAX];
    svg_tick_kind kind;
    int n = svg_date_ticks(c->axis_first, c->axis_last, max_ticks, ticks, &kind);
    for (int k = 0; k < n; k++) {
        double px = svg_map(x, ticks[k]);
        svg_line(&c->m, px, y_top, px, y_bottom, "grid");
        if (y_labels >= 0) {
            char label[16];
            svg_text(&c->m, px, y_labels, "middle", "tick",
                     svg_date_label(ticks[k], kind, k == 0, label));
        }
    }
}

/* The horizon as a dashed line with its label at the top (label NULL: none). */
static void horizon_line(report_ctx *c, const svg_scale *x, int32_t horizon, double y_top,
                         double y_bottom, const char *label)
{
    if (horizon == DATE_NONE || horizon < c->axis_first || horizon > c->axis_last)
        return;
    double px = svg_map(x, horizon);
    svg_line(&c->m, px, y_top, px, y_bottom, "horizon");
    if (label)
        svg_text(&c->m, px + 4, y_bottom - 6, "start", "note halo", label);
}

/* Nice steps for a count axis 0..max: 1, 2, 5, 10, 20, 50... with at most `max_ticks`. */
static int32_t count_step(int32_t max, int max_ticks)
{
    static const int32_t mantissa[] = {1, 2, 5};
    for (int32_t decade = 1; decade <= 100000000; decade *= 10)
        for (size_t k = 0; k < 3; k++)
            if (max / (mantissa[k] * decade) < max_ticks)
                return mantissa[k] * decade;
    return 1000000000;
}

/* One band of the fan: quantile lo up along the dates, quantile hi back. */
static void fan_band(report_ctx *c, const burnup_curve *b, int32_t n_rows, int lo, int hi,
                     const svg_scale *x, const svg_scale *y, const char *cls)
{
    svg_path p;
    svg_path_begin(&p, &c->m, cls);
    for (int32_t r = 0; r < n_rows; r++)
        svg_path_to(&p, svg_map(x, b->date[r]), svg_map(y, b->done[r][lo]));
    for (int32_t r = n_rows - 1; r >= 0; r--)
        svg_path_to(&p, svg_map(x, b->date[r]), svg_map(y, b->done[r][hi]));
    svg_path_end(&p, true);
}

/* The median of a fan, on the rows within the axis. */
static void median_line(report_ctx *c, const burnup_curve *b, const svg_scale *x,
                        const svg_scale *y, const char *cls)
{
    svg_path p;
    svg_path_begin(&p, &c->m, cls);
    for (int32_t r = 0; r < b->n_dates && b->date[r] <= c->axis_last; r++)
        svg_path_to(&p, svg_map(x, b->date[r]), svg_map(y, b->done[r][2]));
    svg_path_end(&p, false);
}

void report_chart_fan(report_ctx *c, int32_t scenario, bool small)
{
    const report_scenario *sc = &c->in->scenarios[scenario];
    const burnup_curve *b = sc->burnup;
    int width = small ? REPORT_SMALL_FAN_WIDTH : REPORT_FAN_WIDTH;
    int height = small ? REPORT_SMALL_FAN_HEIGHT : REPORT_FAN_HEIGHT;
    double left = small ? 34 : 44, right = width - 14, top = small ? 24 : 16, bottom = height - 26;
    char label[300];
    snprintf(label, sizeof label, "Burn-up of scenario %.200s: items done by date", sc->view->name);
    svg_open(&c->m, width, height, small ? "fan small" : "fan", label);
    if (small)
        svg_text(&c->m, left, 14, "start", "chart-title", sc->view->name);
    svg_scale x = date_scale(c, left, right);
    /* One count axis for every fan: the largest scope of any scenario. */
    int32_t scope = 1;
    for (int32_t s = 0; s < c->in->n_scenarios; s++)
        if (c->in->scenarios[s].burnup && c->in->scenarios[s].burnup->scope > scope)
            scope = c->in->scenarios[s].burnup->scope;
    svg_scale y = {0, (double)scope, bottom, top};
    /* count grid and labels */
    int32_t step = count_step(scope, small ? 4 : 6);
    for (int32_t k = 0; k <= scope; k += step) {
        double py = svg_map(&y, k);
        svg_line(&c->m, left, py, right, py, "grid");
        char text[16];
        snprintf(text, sizeof text, "%d", (int)k);
        svg_text(&c->m, left - 4, py + 4, "end", "tick", text);
    }
    date_grid(c, &x, top, bottom, bottom + 16, small ? 5 : 10);
    /* the rows on the axis; one more past its end would draw outside the frame */
    int32_t n_rows = 0;
    while (n_rows < b->n_dates && b->date[n_rows] <= c->axis_last)
        n_rows++;
    if (n_rows > 0) {
        fan_band(c, b, n_rows, 0, 4, &x, &y, "band-outer");
        fan_band(c, b, n_rows, 1, 3, &x, &y, "band-inner");
    }
    /* A scenario's small fan carries the baseline's median, to compare against. */
    const burnup_curve *base = c->in->scenarios[0].burnup;
    if (small && base)
        median_line(c, base, &x, &y, "base-median");
    if (n_rows > 0)
        median_line(c, b, &x, &y, "median");
    double scope_y = svg_map(&y, b->scope);
    svg_line(&c->m, left, scope_y, right, scope_y, "scope");
    char scope_text[48];
    snprintf(scope_text, sizeof scope_text, "scope: %d item%s", (int)b->scope,
             b->scope == 1 ? "" : "s");
    svg_text(&c->m, right - 2, scope_y + 13, "end", "note halo", scope_text);
    horizon_line(c, &x, sc->view->horizon, top, bottom, small ? NULL : "horizon");
    svg_line(&c->m, left, bottom, right, bottom, "axis");
    svg_line(&c->m, left, top, left, bottom, "axis");
    svg_close(&c->m);
}

/* Interval rows on the shared axis: one per scenario. */
enum { ROW_HEIGHT = 26, LABEL_WIDTH = 170 };

void report_chart_scenarios(report_ctx *c)
{
    const report_input *in = c->in;
    int width = REPORT_FAN_WIDTH;
    double left = LABEL_WIDTH, right = width - 14, top = 10;
    double bottom = top + ROW_HEIGHT * in->n_scenarios;
    int height = (int)bottom + 28;
    svg_open(&c->m, width, height, "intervals",
             "The whole plan's finish date per scenario: P50 to P95, P85 marked");
    svg_scale x = date_scale(c, left, right);
    date_grid(c, &x, top, bottom, bottom + 16, 10);
    horizon_line(c, &x, in->scenarios[0].view->horizon, top, bottom, NULL);
    for (int32_t s = 0; s < in->n_scenarios; s++) {
        const summary_figures *f = &c->plan_figures[s];
        double cy = top + ROW_HEIGHT * (s + 0.5);
        svg_text(&c->m, left - 8, cy + 4, "end", s == 0 ? "label base" : "label",
                 in->scenarios[s].view->name);
        int32_t p50 = f->percentile_date[0], p85 = f->percentile_date[2],
                p95 = f->percentile_date[3];
        if (!is_date(p50))
            continue;
        double x50 = svg_map(&x, p50);
        double x95 = is_date(p95) && p95 <= c->axis_last ? svg_map(&x, p95) : right;
        svg_rect(&c->m, x50, cy - 6, x95 - x50, 12, s == 0 ? "interval base" : "interval");
        if (is_date(p85) && p85 <= c->axis_last)
            svg_rect(&c->m, svg_map(&x, p85) - 1.5, cy - 9, 3, 18, "p85");
        svg_circle(&c->m, x50, cy, 4, "p50");
        if (!is_date(p95) || p95 > c->axis_last)
            svg_text(&c->m, right - 2, cy + 4, "end", "note", "\xE2\x86\x92"); /* → */
    }
    svg_line(&c->m, left, bottom, right, bottom, "axis");
    svg_close(&c->m);
}

void report_chart_deltas(report_ctx *c)
{
    const report_input *in = c->in;
    double extent = 1.0;
    for (int32_t s = 1; s < in->n_scenarios; s++) {
        double mean, half;
        if (paired_mean_ci95(&in->scenarios[s].view->plan_delta_days, &mean, &half))
            extent = fmax(extent, fabs(mean) + half);
    }
    extent = ceil(extent * 1.1);
    int width = REPORT_FAN_WIDTH;
    double left = LABEL_WIDTH, right = width - 14, top = 10;
    double bottom = top + ROW_HEIGHT * (in->n_scenarios - 1);
    svg_open(&c->m, width, (int)bottom + 28, "deltas",
             "Plan finish against the baseline, in days, with 95 % intervals");
    svg_scale x = {-extent, extent, left, right};
    int32_t step = count_step((int32_t)extent, 5);
    for (int32_t k = -(int32_t)extent / step * step; k <= extent; k += step) {
        double px = svg_map(&x, k);
        svg_line(&c->m, px, top, px, bottom, k == 0 ? "zero" : "grid");
        char text[24];
        snprintf(text, sizeof text, k == 0 ? "0" : "%+d", (int)k);
        svg_text(&c->m, px, bottom + 16, "middle", "tick", text);
    }
    for (int32_t s = 1; s < in->n_scenarios; s++) {
        double cy = top + ROW_HEIGHT * (s - 0.5);
        svg_text(&c->m, left - 8, cy + 4, "end", "label", in->scenarios[s].view->name);
        double mean, half;
        if (!paired_mean_ci95(&in->scenarios[s].view->plan_delta_days, &mean, &half))
            continue;
        svg_line(&c->m, svg_map(&x, mean - half), cy, svg_map(&x, mean + half), cy, "whisker");
        svg_line(&c->m, svg_map(&x, mean - half), cy - 5, svg_map(&x, mean - half), cy + 5,
                 "whisker");
        svg_line(&c->m, svg_map(&x, mean + half), cy - 5, svg_map(&x, mean + half), cy + 5,
                 "whisker");
        svg_circle(&c->m, svg_map(&x, mean), cy, 4.5, mean <= 0 ? "delta earlier" : "delta later");
    }
    svg_text(&c->m, left, bottom + 16, "start", "note", "earlier");
    svg_text(&c->m, right, bottom + 16, "end", "note", "later");
    svg_close(&c->m);
}

enum { SPARK_PAD = 3 };

void report_chart_spark_axis(report_ctx *c)
{
    svg_open(&c->m, REPORT_SPARK_WIDTH, 18, "spark-axis", "Dates of the item curves");
    svg_scale x = date_scale(c, SPARK_PAD, REPORT_SPARK_WIDTH - SPARK_PAD);
    date_grid(c, &x, 14, 18, 11, 5);
    svg_close(&c->m);
}

/* A percentile date's mark: P50 a dot on the curve, P85 a bar across, P95 a ring. */
static void spark_mark(report_ctx *c, const svg_scale *x, const svg_scale *y, int32_t date,
                       double level, int kind)
{
    if (!is_date(date) || date > c->axis_last)
        return;
    double px = svg_map(x, date), py = svg_map(y, level);
    if (kind == 0)
        svg_circle(&c->m, px, py, 2.6, "p50");
    else if (kind == 1)
        svg_rect(&c->m, px - 1, SPARK_PAD - 1, 2, REPORT_SPARK_HEIGHT - 2 * SPARK_PAD + 2, "p85");
    else
        svg_circle(&c->m, px, py, 2.6, "p95");
}

void report_chart_spark(report_ctx *c, int32_t item)
{
    const report_input *in = c->in;
    const summary_scenario *view = in->scenarios[0].view;
    const summary_figures *f = &c->item_figures[item];
    const report_item *it = &in->items[item];
    char label[400], p85[DATE_TEXT_SIZE] = "-";
    if (is_date(f->percentile_date[2]))
        date_format(f->percentile_date[2], p85);
    snprintf(label, sizeof label,
             "%.256s: cumulative probability of being done by each date (P85 %s)", it->id, p85);
    svg_open(&c->m, REPORT_SPARK_WIDTH, REPORT_SPARK_HEIGHT, "spark", label);
    double left = SPARK_PAD, right = REPORT_SPARK_WIDTH - SPARK_PAD;
    double top = SPARK_PAD, bottom = REPORT_SPARK_HEIGHT - SPARK_PAD;
    svg_scale x = date_scale(c, left, right);
    svg_scale y = {0.0, 1.0, bottom, top};
    svg_rect(&c->m, left, top, right - left, bottom - top, "spark-bg");
    date_grid(c, &x, top, bottom, -1, 5);
    horizon_line(c, &x, view->horizon, top, bottom, NULL);

    /* The S-curve: cumulative share done, a point where it changes (and where it starts and
     * stops changing), filled down to the axis. */
    const tally *t = view->t;
    uint64_t trials = tally_trials(t);
    int32_t days = tally_days(t);
    int32_t from = c->axis_first - view->start, to = c->axis_last - view->start;
    uint64_t count = tally_count_by(t, item, from - 1);
    svg_path p;
    svg_path_begin(&p, &c->m, "cdf");
    svg_path_to(&p, left, bottom);
    double share = trials ? (double)count / (double)trials : 0.0;
    svg_path_to(&p, left, svg_map(&y, share));
    int32_t last_point = from - 1; /* day of the last point written */
    for (int32_t d = from < 0 ? 0 : from; d <= to && d < days; d++) {
        uint64_t on = tally_count_on(t, item, d);
        if (on == 0)
            continue;
        double px = svg_map(&x, view->start + d);
        if (d - 1 > last_point) /* flat until the day before */
            svg_path_to(&p, svg_map(&x, view->start + d - 1), svg_map(&y, share));
        last_point = d;
        count += on;
        share = (double)count / (double)trials;
        svg_path_to(&p, px, svg_map(&y, share));
    }
    /* Past its last finish the curve stays where it is: drawn on only when some trials never
     * finish on the axis (not within the cap, or later), so finished curves stop short and
     * rows differ where they matter. */
    double stop = last_point >= from ? svg_map(&x, view->start + last_point) : left;
    if (count < trials)
        stop = right;
    svg_path_to(&p, stop, svg_map(&y, share));
    svg_path_to(&p, stop, bottom);
    svg_path_end(&p, true);

    if (f->percentile_date[3] == SUMMARY_NOT_WITHIN_CAP ||
        (is_date(f->percentile_date[3]) && f->percentile_date[3] > c->axis_last))
        svg_text(&c->m, right - 1, bottom - 2, "end", "note", "\xE2\x86\x92");
    spark_mark(c, &x, &y, f->percentile_date[0], 0.50, 0);
    spark_mark(c, &x, &y, f->percentile_date[2], 0.85, 1);
    spark_mark(c, &x, &y, f->percentile_date[3], 0.95, 2);
    if (it->due != DATE_NONE && it->due >= c->axis_first && it->due <= c->axis_last) {
        double px = svg_map(&x, it->due);
        svg_line(&c->m, px, top, px, bottom, "due");
        svg_diamond(&c->m, px, bottom - 3, 3.5, "due-mark");
    }
    svg_close(&c->m);
}

void report_chart_spark_legend(report_ctx *c)
{
    svg_open(&c->m, 760, 24, "legend", "Key to the item curves");
    svg_rect(&c->m, 2, 5, 26, 14, "cdf");
    svg_text(&c->m, 32, 16, "start", "note", "share of trials done by the date");
    svg_circle(&c->m, 230, 12, 2.6, "p50");
    svg_text(&c->m, 236, 16, "start", "note", "P50");
    svg_rect(&c->m, 272, 4, 2, 16, "p85");
    svg_text(&c->m, 278, 16, "start", "note", "P85");
    svg_circle(&c->m, 318, 12, 2.6, "p95");
    svg_text(&c->m, 324, 16, "start", "note", "P95");
    svg_line(&c->m, 364, 4, 364, 20, "due");
    svg_diamond(&c->m, 364, 17, 3.5, "due-mark");
    svg_text(&c->m, 372, 16, "start", "note", "due date");
    svg_line(&c->m, 440, 4, 440, 20, "horizon");
    svg_text(&c->m, 446, 16, "start", "note", "horizon");
    svg_text(&c->m, 506, 16, "start", "note", "\xE2\x86\x92 P95 later than the axis shows");
    svg_close(&c->m);
}

void report_chart_tornado(report_ctx *c)
{
    const report_input *in = c->in;
    double extent = 1.0;
    for (int32_t k = 0; k < in->n_sensitivity; k++)
        extent = fmax(extent,
                      fmax(fabs(in->sensitivity[k].low_days), fabs(in->sensitivity[k].high_days)));
    extent = ceil(extent * 1.1);
    int width = REPORT_FAN_WIDTH;
    double left = LABEL_WIDTH, right = width - 14, top = 10;
    double bottom = top + ROW_HEIGHT * in->n_sensitivity;
    svg_open(&c->m, width, (int)bottom + 28, "tornado",
             "How far the plan's P85 moves when one setting changes, in days");
    svg_scale x = {-extent, extent, left, right};
    svg_line(&c->m, svg_map(&x, 0), top, svg_map(&x, 0), bottom, "zero");
    for (int32_t k = 0; k < in->n_sensitivity; k++) {
        const report_sensitivity *r = &in->sensitivity[k];
        double cy = top + ROW_HEIGHT * (k + 0.5);
        svg_text(&c->m, left - 8, cy + 4, "end", "label", r->setting);
        double x0 = svg_map(&x, 0);
        double xl = svg_map(&x, r->low_days), xh = svg_map(&x, r->high_days);
        svg_rect(&c->m, fmin(x0, xl), cy - 8, fabs(xl - x0), 7, "bar-low");
        svg_rect(&c->m, fmin(x0, xh), cy + 1, fabs(xh - x0), 7, "bar-high");
    }
    char text[32];
    snprintf(text, sizeof text, "-%d days", (int)extent);
    svg_text(&c->m, left, bottom + 16, "start", "tick", text);
    snprintf(text, sizeof text, "+%d days", (int)extent);
    svg_text(&c->m, right, bottom + 16, "end", "tick", text);
    svg_close(&c->m);
}

char *report_percent(double p, char *buf)
{
    if (isnan(p))
        snprintf(buf, 8, "-");
    else if (p > 0 && p < 0.005)
        snprintf(buf, 8, "<1 %%");
    else if (p < 1 && p > 0.995)
        snprintf(buf, 8, ">99 %%");
    else
        snprintf(buf, 8, "%d %%", (int)lround(100 * p));
    return buf;
}

/* ---- reliability ---------------------------------------------------------------------------- */

enum { REL_WIDTH = 640, REL_HEIGHT = 420, REL_LEFT = 58, REL_TOP = 24, REL_SIZE = 330 };

/* The lower end of both axes: 40 %, or lower in steps of 10 points to show every mark. */
static double reliability_floor(const report_calibration *cal)
{
    double lo = 0.4;
    const report_calibration_pooled *series[2] = {&cal->when, &cal->how_many};
    for (int s = 0; s < 2; s++)
        for (int l = 0; series[s]->forecasts > 0 && l < REPORT_CALIBRATION_LEVELS; l++) {
            double v[2] = {series[s]->coverage[l], series[s]->perfect[l]};
            for (int k = 0; k < 2; k++)
                if (!isnan(v[k]) && v[k] < lo)
                    lo = floor(10.0 * v[k] + 1e-9) / 10.0;
        }
    return lo < 0.0 ? 0.0 : lo;
}

/* One series: a line through its levels and a mark at each, with a tooltip. */
static void reliability_series(report_ctx *c, const report_calibration_pooled *p,
                               const svg_scale *x, const svg_scale *y, bool when)
{
    if (p->forecasts <= 0)
        return;
    svg_path path;
    svg_path_begin(&path, &c->m, when ? "rel-when" : "rel-how");
    for (int l = 0; l < REPORT_CALIBRATION_LEVELS; l++)
        if (!isnan(p->coverage[l]) && !isnan(p->perfect[l]))
            svg_path_to(&path, svg_map(x, p->perfect[l]), svg_map(y, p->coverage[l]));
    svg_path_end(&path, false);
    for (int l = 0; l < REPORT_CALIBRATION_LEVELS; l++) {
        if (isnan(p->coverage[l]) || isnan(p->perfect[l]))
            continue;
        char tip[200], stated[8], real[8];
        snprintf(tip, sizeof tip,
                 "\"%s\" forecasts at P%d: stated %s, reality fell within in %s of %d",
                 when ? "when" : "how many", report_calibration_levels[l],
                 report_percent(p->perfect[l], stated), report_percent(p->coverage[l], real),
                 (int)p->forecasts);
        svg_group_open(&c->m, "rel-point", tip);
        double px = svg_map(x, p->perfect[l]), py = svg_map(y, p->coverage[l]);
        if (when)
            svg_circle(&c->m, px, py, 5, "mk-when");
        else
            svg_diamond(&c->m, px, py, 6.5, "mk-how");
        svg_group_close(&c->m);
    }
}

void report_chart_reliability(report_ctx *c)
{
    const report_calibration *cal = c->in->calibration;
    double lo = reliability_floor(cal);
    double left = REL_LEFT, top = REL_TOP, right = left + REL_SIZE, bottom = top + REL_SIZE;
    svg_open(&c->m, REL_WIDTH, REL_HEIGHT, "reliability",
             "Reliability of past forecasts: the probability they stated against how often "
             "reality fell within, for every team together");
    svg_scale x = {lo, 1.0, left, right}, y = {lo, 1.0, bottom, top};
    /* within 10 points of the diagonal, clipped to the square */
    svg_path band;
    svg_path_begin(&band, &c->m, "rel-band");
    const double corners[6][2] = {{lo, lo},   {lo + 0.1, lo}, {1.0, 0.9},
                                  {1.0, 1.0}, {0.9, 1.0},     {lo, lo + 0.1}};
    for (int k = 0; k < 6; k++)
        svg_path_to(&band, svg_map(&x, corners[k][0]), svg_map(&y, corners[k][1]));
    svg_path_end(&band, true);
    for (int k = 0; lo + 0.1 * k <= 1.0 + 1e-9; k++) {
        double v = lo + 0.1 * k, px = svg_map(&x, v), py = svg_map(&y, v);
        svg_line(&c->m, px, top, px, bottom, "grid");
        svg_line(&c->m, left, py, right, py, "grid");
        char label[8];
        snprintf(label, sizeof label, "%d %%", (int)lround(100.0 * v));
        svg_text(&c->m, px, bottom + 16, "middle", "tick", label);
        svg_text(&c->m, left - 6, py + 4, "end", "tick", label);
    }
    svg_line(&c->m, left, bottom, right, top, "diag");
    svg_line(&c->m, left, bottom, right, bottom, "axis");
    svg_line(&c->m, left, top, left, bottom, "axis");
    /* which percentile each column of marks is: under the axis, at the stated probability */
    for (int l = 0; l < REPORT_CALIBRATION_LEVELS; l++) {
        double sum = 0.0;
        int n = 0;
        const report_calibration_pooled *series[2] = {&cal->when, &cal->how_many};
        for (int s = 0; s < 2; s++)
            if (series[s]->forecasts > 0 && !isnan(series[s]->perfect[l])) {
                sum += series[s]->perfect[l];
                n++;
            }
        char label[8];
        snprintf(label, sizeof label, "P%d", report_calibration_levels[l]);
        if (n > 0)
            svg_text(&c->m, svg_map(&x, sum / n), bottom + 31, "middle", "label", label);
    }
    svg_text(&c->m, (left + right) / 2, bottom + 50, "middle", "note",
             "what the forecasts stated (their P50, P70, P85, P95)");
    svg_text(&c->m, left - 40, top - 10, "start", "note",
             "how often reality fell within \xE2\x86\x91");
    reliability_series(c, &cal->how_many, &x, &y, false);
    reliability_series(c, &cal->when, &x, &y, true);
    /* the key, beside the square */
    double kx = right + 32;
    svg_line(&c->m, kx, top + 16, kx + 34, top + 16, "rel-when");
    svg_circle(&c->m, kx + 17, top + 16, 5, "mk-when");
    svg_text(&c->m, kx + 44, top + 20, "start", "label", "\"when will they be done?\"");
    svg_line(&c->m, kx, top + 42, kx + 34, top + 42, "rel-how");
    svg_diamond(&c->m, kx + 17, top + 42, 6.5, "mk-how");
    svg_text(&c->m, kx + 44, top + 46, "start", "label", "\"how many in 14-60 days?\"");
    svg_line(&c->m, kx, top + 68, kx + 34, top + 68, "diag");
    svg_text(&c->m, kx + 44, top + 72, "start", "label", "honest: as often as stated");
    svg_rect(&c->m, kx, top + 86, 34, 12, "rel-band");
    svg_text(&c->m, kx + 44, top + 96, "start", "label", "within 10 points");
    static const char *const notes[] = {
        "Above the diagonal: reality did", "better than stated (pessimistic).",
        "Below it: worse than stated", "(optimistic: dates came later).", NULL};
    for (int k = 0; notes[k]; k++)
        svg_text(&c->m, kx, top + 134 + 16 * k + (k >= 2 ? 8 : 0), "start", "note", notes[k]);
    svg_close(&c->m);
}
