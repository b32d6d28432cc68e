/* SPDX-License-Identifier: GPL-3.0-or-later */
/* svg: chart primitives; see svg.h. */
#include "svg.h"

#include <stdio.h>

#include "date.h"

double svg_map(const svg_scale *s, double v)
{
    if (s->to == s->from)
        return s->px_from;
    return s->px_from + (v - s->from) / (s->to - s->from) * (s->px_to - s->px_from);
}

void svg_open(markup *m, int width, int height, const char *cls, const char *label)
{
    markup_printf(m,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\" role=\"img\" class=\"",
                  width, height, width, height);
    markup_text(m, cls);
    markup_raw(m, "\" aria-label=\"");
    markup_text(m, label);
    markup_raw(m, "\"><title>");
    markup_text(m, label);
    markup_raw(m, "</title>");
}

void svg_close(markup *m)
{
    markup_raw(m, "</svg>");
}

void svg_group_open(markup *m, const char *cls, const char *tooltip)
{
    markup_raw(m, "<g class=\"");
    markup_text(m, cls);
    markup_raw(m, "\">");
    if (tooltip) {
        markup_raw(m, "<title>");
        markup_text(m, tooltip);
        markup_raw(m, "</title>");
    }
}

void svg_group_close(markup *m)
{
    markup_raw(m, "</g>");
}

static void svg_attr(markup *m, const char *name, double v)
{
    markup_printf(m, " %s=\"", name);
    markup_num(m, v, 1);
    markup_raw(m, "\"");
}

static void svg_class(markup *m, const char *cls)
{
    if (cls) {
        markup_raw(m, " class=\"");
        markup_text(m, cls);
        markup_raw(m, "\"");
    }
}

void svg_rect(markup *m, double x, double y, double w, double h, const char *cls)
{
    markup_raw(m, "<rect");
    svg_attr(m, "x", x);
    svg_attr(m, "y", y);
    svg_attr(m, "width", w > 0 ? w : 0);
    svg_attr(m, "height", h > 0 ? h : 0);
    svg_class(m, cls);
    markup_raw(m, "/>");
}

void svg_line(markup *m, double x1, double y1, double x2, double y2, const char *cls)
{
    markup_raw(m, "<line");
    svg_attr(m, "x1", x1);
    svg_attr(m, "y1", y1);
    svg_attr(m, "x2", x2);
    svg_attr(m, "y2", y2);
    svg_class(m, cls);
    markup_raw(m, "/>");
}

void svg_circle(markup *m, double cx, double cy, double r, const char *cls)
{
    markup_raw(m, "<circle");
    svg_attr(m, "cx", cx);
    svg_attr(m, "cy", cy);
    svg_attr(m, "r", r);
    svg_class(m, cls);
    markup_raw(m, "/>");
}

void svg_diamond(markup *m, double cx, double cy, double r, const char *cls)
{
    svg_path p;
    svg_path_begin(&p, m, cls);
    svg_path_to(&p, cx, cy - r);
    svg_path_to(&p, cx + r, cy);
    svg_path_to(&p, cx, cy + r);
    svg_path_to(&p, cx - r, cy);
    svg_path_end(&p, true);
}

void svg_text(markup *m, double x, double y, const char *anchor, const char *cls, const char *text)
{
    markup_raw(m, "<text");
    svg_attr(m, "x", x);
    svg_attr(m, "y", y);
    markup_printf(m, " text-anchor=\"%s\"", anchor);
    svg_class(m, cls);
    markup_raw(m, ">");
    markup_text(m, text);
    markup_raw(m, "</text>");
}

void svg_path_begin(svg_path *p, markup *m, const char *cls)
{
    p->m = m;
    p->started = false;
    markup_raw(m, "<path");
    svg_class(m, cls);
    markup_raw(m, " d=\"");
}

void svg_path_to(svg_path *p, double x, double y)
{
    markup_raw(p->m, p->started ? "L" : "M");
    markup_num(p->m, x, 1);
    markup_raw(p->m, " ");
    markup_num(p->m, y, 1);
    p->started = true;
}

void svg_path_end(svg_path *p, bool close)
{
    markup_raw(p->m, close && p->started ? "Z\"/>" : "\"/>");
}

/* The first day of the month of date, moved on by `months`. */
static int32_t svg_month_start(int32_t date, int months)
{
    int y, mo, d;
    date_to_ymd(date, &y, &mo, &d);
    int index = y * 12 + (mo - 1) + months;
    int32_t out = date;
    if (!date_from_ymd(index / 12, index % 12 + 1, 1, &out))
        return INT32_MAX; /* past year 9999: no more ticks */
    return out;
}

int svg_date_ticks(int32_t first, int32_t last, int max_ticks, int32_t *ticks, svg_tick_kind *kind)
{
    if (max_ticks > SVG_TICKS_MAX)
        max_ticks = SVG_TICKS_MAX;
    if (max_ticks < 1 || last < first)
        return 0;
    int32_t days = last - first;
    /* weeks while they fit, else months in steps of 1, 2, 3, 6 or 12 */
    static const int week_steps[] = {1, 2};
    for (size_t k = 0; k < sizeof week_steps / sizeof *week_steps; k++) {
        int32_t step = 7 * week_steps[k];
        if (days / step + 1 > max_ticks)
            continue;
        int32_t monday = first + (7 - date_weekday(first)) % 7;
        int n = 0;
        for (int32_t d = monday; d <= last && n < max_ticks; d += step)
            ticks[n++] = d;
        *kind = SVG_TICK_WEEK;
        return n;
    }
    static const int month_steps[] = {1, 2, 3, 6, 12, 24, 60, 120, 600, 1200};
    for (size_t k = 0; k < sizeof month_steps / sizeof *month_steps; k++) {
        int step = month_steps[k];
        /* the first month start on or after `first` that is a multiple of the step within
         * the year (quarters on Jan/Apr/Jul/Oct) or of the years */
        int y, mo, d;
        date_to_ymd(first, &y, &mo, &d);
        int32_t t = svg_month_start(first, d == 1 ? 0 : 1);
        while (t != INT32_MAX) {
            date_to_ymd(t, &y, &mo, &d);
            if (step >= 12 ? mo == 1 && y % (step / 12) == 0 : (mo - 1) % step == 0)
                break;
            t = svg_month_start(t, 1);
        }
        int n = 0;
        for (; t != INT32_MAX && t <= last; t = svg_month_start(t, step)) {
            if (n == max_ticks) {
                n = -1; /* too many at this step */
                break;
            }
            ticks[n++] = t;
        }
        if (n < 0)
            continue;
        *kind = step >= 12 ? SVG_TICK_YEAR : SVG_TICK_MONTH;
        return n;
    }
    return 0;
}

char *svg_date_label(int32_t date, svg_tick_kind kind, bool with_year, char *buf)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, mo, d;
    date_to_ymd(date, &y, &mo, &d);
    switch (kind) {
    case SVG_TICK_WEEK:
        if (with_year)
            snprintf(buf, 16, "%d %s %d", d, months[mo - 1], y);
        else
            snprintf(buf, 16, "%d %s", d, months[mo - 1]);
        break;
    case SVG_TICK_MONTH:
        if (with_year || mo == 1)
            snprintf(buf, 16, "%s %d", months[mo - 1], y);
        else
            snprintf(buf, 16, "%s", months[mo - 1]);
        break;
    case SVG_TICK_YEAR:
        snprintf(buf, 16, "%d", y);
        break;
    }
    return buf;
}
