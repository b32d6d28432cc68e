/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report: the document around the charts; see report.h. Sections are functions of the plain
 * input in reading order; the charts are in report_charts.c. Text that comes from the plan
 * (ids, titles, team and scenario names, comments) only ever goes through markup_text.
 */
#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_internal.h"

/* ---- small writers -------------------------------------------------------------------------- */

static bool is_date(int32_t d)
{
    return d != DATE_NONE && d != SUMMARY_NOT_WITHIN_CAP && d != SUMMARY_DONE_BEFORE_START;
}

static void text(report_ctx *c, const char *s)
{
    markup_text(&c->m, s);
}

static void raw(report_ctx *c, const char *s)
{
    markup_raw(&c->m, s);
}

/* A date as people read it in a table: ISO, or what the marker means. */
static void date_text(report_ctx *c, int32_t date)
{
    if (date == SUMMARY_NOT_WITHIN_CAP)
        raw(c, "not within cap");
    else if (date == SUMMARY_DONE_BEFORE_START)
        raw(c, "done");
    else if (date == DATE_NONE)
        raw(c, "-");
    else
        markup_date(&c->m, date);
}

/* <td> with a date, sortable by its ISO text (markers sort after every date). */
static void date_cell(report_ctx *c, int32_t date)
{
    raw(c, is_date(date) ? "<td class=\"num\">" : "<td class=\"num\" data-v=\"9999\">");
    date_text(c, date);
    raw(c, "</td>");
}

static void percent_cell(report_ctx *c, double p)
{
    char buf[8];
    if (isnan(p)) {
        raw(c, "<td class=\"num\" data-v=\"-1\">-</td>");
        return;
    }
    raw(c, "<td class=\"num\" data-v=\"");
    markup_num(&c->m, p, 4);
    raw(c, "\">");
    text(c, report_percent(p, buf));
    raw(c, "</td>");
}

static void count_text(report_ctx *c, uint64_t n)
{
    char digits[24], out[32];
    int len = snprintf(digits, sizeof digits, "%" PRIu64, n);
    size_t o = 0;
    for (int k = 0; k < len; k++) {
        if (k > 0 && (len - k) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[k];
    }
    out[o] = '\0';
    raw(c, out);
}

/* "+8.0", "\xE2\x88\x92" "3.5" (a real minus sign), "0.0" for what rounds to zero. */
static void signed_number(report_ctx *c, double v)
{
    raw(c, v >= 0.05 ? "+" : v <= -0.05 ? "\xE2\x88\x92" : "");
    markup_num(&c->m, fabs(v) < 0.05 ? 0.0 : fabs(v), 1);
}

/* "+8.0 days [+7.6, +8.3]" or "-"; stacked: the interval on a line of its own */
static void delta_text(report_ctx *c, const paired_delta *d, const char *unit, bool stacked)
{
    double mean, half;
    if (!paired_mean_ci95(d, &mean, &half)) {
        raw(c, "-");
        return;
    }
    signed_number(c, mean);
    raw(c, unit);
    raw(c, stacked ? "<br/><span class=\"ci\">[" : " <span class=\"ci\">[");
    signed_number(c, mean - half);
    raw(c, ", ");
    signed_number(c, mean + half);
    raw(c, "]</span>");
}

/* ---- the page ------------------------------------------------------------------------------- */

/* Okabe & Ito's colour-blind-safe palette: blue #0072B2, sky #56B4E9, vermillion #D55E00.
 * Bands are lightness steps of one blue, so they stay apart in greyscale; markers also
 * differ in shape (dot, bar, ring, diamond) and dash. No web fonts: the reader's own. */
static const char style_sheet[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,"
    "sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:1000px;padding:16px 24px;"
    "line-height:1.45;font-size:15px}"
    "h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:28px 0 8px;"
    "border-bottom:2px solid #0072B2;padding-bottom:2px}h3{font-size:16px;margin:18px 0 4px}"
    "p.meta,.muted{color:#555}nav a{margin-right:14px}a{color:#0060a0}"
    "ul.headline{padding-left:20px}ul.headline li{margin:4px 0}"
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:6px 0 10px}"
    "th,td{padding:2px 8px;text-align:left;vertical-align:middle;border-bottom:1px solid #e6e6e6}"
    "th{font-size:13px;color:#333;border-bottom:1px solid #999;vertical-align:bottom}"
    "td.num,th.num{text-align:right;white-space:nowrap}td.id{white-space:nowrap;font-weight:600}"
    "td.title{max-width:260px}td.curve{padding:0 4px;line-height:0}"
    "table.items td{font-size:13px;padding:1px 6px}table.items td.title{font-size:13px}"
    "tr.risk td.pdue{font-weight:700}span.badge{display:inline-block;font-size:11px;"
    "font-weight:700;padding:0 5px;border:1px solid #D55E00;color:#a63f00;border-radius:3px;"
    "margin-left:4px}"
    "span.ci{color:#555;font-size:12px}td.same{color:#aaa}code,pre{font-family:"
    "'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px}pre{background:#f4f4f4;"
    "padding:6px 8px;white-space:pre-wrap;word-break:break-all}"
    "blockquote{margin:4px 0;padding:2px 10px;border-left:3px solid #56B4E9;color:#333}"
    "svg{max-width:100%;height:auto;display:block}div.fans{display:flex;flex-wrap:wrap;"
    "gap:8px 24px}"
    "svg text{font-size:11px;fill:#444}svg text.chart-title{font-size:13px;font-weight:700;"
    "fill:#1a1a1a}svg text.label{font-size:12px;fill:#1a1a1a}svg text.base{font-weight:700}"
    "svg text.note{font-size:11px;fill:#333}svg text.halo{paint-order:stroke;stroke:#fff;"
    "stroke-width:3px;stroke-linejoin:round}.base-median{fill:none;stroke:#555;stroke-width:1.5;"
    "stroke-dasharray:5 3}"
    ".grid{stroke:#e3e3e3;stroke-width:1}.axis{stroke:#888;stroke-width:1}"
    ".zero{stroke:#444;stroke-width:1}"
    ".band-outer{fill:#d4e6f5}.band-inner{fill:#7fb0d9}.median{fill:none;stroke:#08306b;"
    "stroke-width:2.5}.scope{stroke:#1a1a1a;stroke-width:1.5;stroke-dasharray:7 4}"
    ".horizon{stroke:#1a1a1a;stroke-width:1.5;stroke-dasharray:2 3}"
    ".interval{fill:#9cc9ea}.interval.base{fill:#0072B2}.p85{fill:#1a1a1a}"
    ".p50{fill:#08306b;stroke:#fff;stroke-width:1}.p95{fill:#fff;stroke:#08306b;"
    "stroke-width:1.3}"
    ".whisker{stroke:#1a1a1a;stroke-width:1.5}.delta.earlier{fill:#0072B2}"
    ".delta.later{fill:#D55E00}"
    ".spark-bg{fill:#fafafa}.cdf{fill:#b9d7ee;stroke:#0072B2;stroke-width:1}"
    ".due{stroke:#D55E00;stroke-width:1.5;stroke-dasharray:3 2}.due-mark{fill:#D55E00}"
    ".bar-low{fill:#0072B2}.bar-high{fill:#D55E00}"
    "th[aria-sort]{text-decoration:underline}"
    "@media print{body{max-width:none;font-size:10pt;padding:0}nav{display:none}"
    "h2{break-after:avoid}svg,tr,blockquote{break-inside:avoid}a{color:inherit}}";

/* Sorting by a column's header, if scripts run; without them the tables are in their
 * printed order. Written without '<' and '&' so that the page stays well-formed XML. */
static const char sort_script[] =
    "(function(){function key(r,i){var c=r.cells[i];return c.getAttribute('data-v')||"
    "c.textContent}document.querySelectorAll('table.sortable').forEach(function(t){"
    "if(!t.tHead){return}var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,"
    "function(h,i){h.tabIndex=0;h.title='sort by this column';h.addEventListener('click',"
    "function(){var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows),d=h.getAttribute("
    "'aria-sort')==='ascending'?-1:1;Array.prototype.forEach.call(hs,function(x){"
    "x.removeAttribute('aria-sort')});h.setAttribute('aria-sort',d===1?'ascending':"
    "'descending');rs.sort(function(x,y){return d*key(x,i).localeCompare(key(y,i),"
    "undefined,{numeric:true})});rs.forEach(function(r){b.appendChild(r)})})})})})();";

static void write_head(report_ctx *c)
{
    const report_input *in = c->in;
    raw(c, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" "
           "xml:lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
           "<title>Forecast: ");
    text(c, in->title);
    raw(c, "</title>\n<style>");
    raw(c, style_sheet);
    raw(c, "</style>\n</head>\n<body>\n<header>\n<h1>Forecast: ");
    text(c, in->title);
    raw(c, "</h1>\n<p class=\"meta\">");
    const summary_scenario *base = in->scenarios[0].view;
    count_text(c, tally_trials(base->t));
    raw(c, " simulated futures (trials) of the plan from ");
    markup_date(&c->m, base->start);
    if (base->horizon != DATE_NONE) {
        raw(c, ", horizon ");
        markup_date(&c->m, base->horizon);
    }
    markup_printf(&c->m, "; %d scenario%s. Dates are ISO 8601 (year-month-day).</p>\n",
                  (int)in->n_scenarios, in->n_scenarios == 1 ? "" : "s");
    raw(c, "<nav><a href=\"#summary\">Summary</a><a href=\"#burnup\">How many by when</a>");
    if (in->n_scenarios > 1)
        raw(c, "<a href=\"#scenarios\">Scenarios</a>");
    raw(c, "<a href=\"#items\">Items</a>");
    if (in->n_drivers > 0)
        raw(c, "<a href=\"#drivers\">Drivers</a>");
    if (in->n_sensitivity > 0)
        raw(c, "<a href=\"#sensitivity\">Sensitivity</a>");
    if (in->calibration)
        raw(c, "<a href=\"#calibration\">Calibration</a>");
    raw(c, "<a href=\"#reproduce\">How to reproduce</a></nav>\n</header>\n<main>\n");
}

static int32_t items_in(const summary_scenario *v, int32_t n_items)
{
    int32_t n = 0;
    for (int32_t i = 0; i < n_items; i++)
        n += !v->item_in || v->item_in[i];
    return n;
}

/* Items at risk, least likely first: indices into items, count returned. */
typedef struct risk_entry {
    double p;
    int32_t item;
} risk_entry;

static int compare_risk(const void *a, const void *b)
{
    const risk_entry *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

static void write_risk_table(report_ctx *c, const risk_entry *risk, int32_t n_risk)
{
    enum { SHOWN = 15 };
    const report_input *in = c->in;
    raw(c, "<table class=\"sortable\"><thead><tr><th>item</th><th>team</th><th>title</th>"
           "<th class=\"num\">due</th><th class=\"num\">P85</th>"
           "<th class=\"num\">P(by due)</th></tr></thead><tbody>\n");
    for (int32_t k = 0; k < n_risk && k < SHOWN; k++) {
        int32_t i = risk[k].item;
        const report_item *it = &in->items[i];
        raw(c, "<tr><td class=\"id\">");
        text(c, it->id);
        raw(c, "</td><td>");
        text(c, in->teams[it->team]);
        raw(c, "</td><td class=\"title\">");
        text(c, it->title);
        raw(c, "</td>");
        date_cell(c, it->due);
        date_cell(c, c->item_figures[i].percentile_date[2]);
        percent_cell(c, risk[k].p);
        raw(c, "</tr>\n");
    }
    raw(c, "</tbody></table>\n");
    if (n_risk > SHOWN)
        markup_printf(&c->m,
                      "<p class=\"muted\">and %d more, marked <span class=\"badge\">at "
                      "risk</span> under <a href=\"#items\">Items</a>.</p>\n",
                      (int)(n_risk - SHOWN));
}

static void write_cut_line(report_ctx *c)
{
    const report_input *in = c->in;
    const report_cut_line *cut = in->cut_line;
    raw(c, "<h3>The cut line</h3>\n<p>In priority order, the items above the line are likely "
           "by the horizon; those below it are not.</p>\n<table><thead><tr><th>item</th>"
           "<th>title</th><th class=\"num\">P(by horizon)</th></tr></thead><tbody>\n");
    for (int32_t k = 0; k < cut->n_items; k++) {
        const report_item *it = &in->items[cut->items[k]];
        if (k == cut->first_below)
            raw(c, "<tr><td colspan=\"3\"><b>\xE2\x80\x94 cut line \xE2\x80\x94</b></td></tr>\n");
        raw(c, "<tr><td class=\"id\">");
        text(c, it->id);
        raw(c, "</td><td class=\"title\">");
        text(c, it->title);
        raw(c, "</td>");
        percent_cell(c, cut->p_by_horizon[k]);
        raw(c, "</tr>\n");
    }
    raw(c, "</tbody></table>\n");
}

/* The scenario with the earliest mean plan finish against the baseline, or -1. */
static int32_t best_scenario(const report_input *in, double *mean_out, double *half_out)
{
    int32_t best = -1;
    for (int32_t s = 1; s < in->n_scenarios; s++) {
        double mean, half;
        if (paired_mean_ci95(&in->scenarios[s].view->plan_delta_days, &mean, &half) &&
            (best < 0 || mean < *mean_out)) {
            best = s;
            *mean_out = mean;
            *half_out = half;
        }
    }
    return best;
}

static status_code write_summary(report_ctx *c, status *st)
{
    const report_input *in = c->in;
    const summary_scenario *base = in->scenarios[0].view;
    const summary_figures *plan = &c->plan_figures[0];
    int32_t n_in = items_in(base, in->n_items);
    raw(c, "<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"headline\">\n");
    markup_printf(&c->m, "<li><b>The whole plan (%d item%s)</b> is done by <b>", (int)n_in,
                  n_in == 1 ? "" : "s");
    date_text(c, plan->percentile_date[2]);
    raw(c, "</b> with 85 % probability; by ");
    date_text(c, plan->percentile_date[0]);
    raw(c, " with 50 % and by ");
    date_text(c, plan->percentile_date[3]);
    raw(c, " with 95 %.</li>\n");
    if (base->horizon != DATE_NONE) {
        char p[8];
        raw(c, "<li><b>By the horizon, ");
        markup_date(&c->m, base->horizon);
        raw(c, ":</b> the whole plan is done with ");
        text(c, report_percent(plan->p_by_horizon, p));
        int32_t d85 = summary_done_by_horizon(base, 85);
        markup_printf(&c->m,
                      " probability; at least <b>%d of %d item%s</b> %s done with 85 %% "
                      "probability, %d with 50 %%.</li>\n",
                      (int)d85, (int)n_in, n_in == 1 ? "" : "s", d85 == 1 ? "is" : "are",
                      (int)summary_done_by_horizon(base, 50));
    } else {
        raw(c, "<li>No horizon is set (<code>horizon</code> in scenarios.ini or "
               "<code>--horizon</code>): the how-many chart below answers for any date.</li>\n");
    }
    if (plan->p_not_within_cap > 0) {
        char p[8];
        raw(c, "<li><b>Warning:</b> in ");
        text(c, report_percent(plan->p_not_within_cap, p));
        raw(c, " of the trials some item was not done within the cap (cap_years): a team "
               "without capacity, or an item stuck behind one.</li>\n");
    }
    /* items at risk against their due dates */
    risk_entry *risk = calloc((size_t)in->n_items + 1, sizeof *risk);
    if (!risk)
        return status_set(st, STATUS_ENOMEM, "out of memory for the report");
    int32_t n_risk = 0, n_due = 0;
    for (int32_t i = 0; i < in->n_items; i++) {
        if ((base->item_in && !base->item_in[i]) || in->items[i].due == DATE_NONE)
            continue;
        n_due++;
        double p = c->item_figures[i].p_by_due;
        if (!isnan(p) && p < REPORT_AT_RISK)
            risk[n_risk++] = (risk_entry){p, i};
    }
    qsort(risk, (size_t)n_risk, sizeof *risk, compare_risk);
    if (n_due == 0)
        raw(c, "<li>No item has a due date.</li>\n");
    else if (n_risk == 0)
        markup_printf(&c->m,
                      "<li><b>Due dates:</b> no item is at risk: %s %d item%s with a due date "
                      "%s at least %d %% likely to be done by it.</li>\n",
                      n_due == 1 ? "the" : "all", (int)n_due, n_due == 1 ? "" : "s",
                      n_due == 1 ? "is" : "are", (int)lround(100 * REPORT_AT_RISK));
    else
        markup_printf(&c->m,
                      "<li><b>Due dates:</b> %d of %d item%s with a due date %s at risk (less "
                      "than %d %% likely to be done by it).</li>\n",
                      (int)n_risk, (int)n_due, n_due == 1 ? "" : "s", n_risk == 1 ? "is" : "are",
                      (int)lround(100 * REPORT_AT_RISK));
    double mean = 0, half = 0;
    int32_t best = best_scenario(in, &mean, &half);
    if (best > 0) {
        markup_printf(&c->m,
                      "<li><b>Scenarios:</b> %d compared with the baseline on the same "
                      "random numbers; the earliest plan finish is <b>",
                      (int)(in->n_scenarios - 1));
        text(c, in->scenarios[best].view->name);
        raw(c, "</b>: ");
        delta_text(c, &in->scenarios[best].view->plan_delta_days, " days", false);
        raw(c, " against the baseline (mean, 95 % interval).</li>\n");
    }
    raw(c, "</ul>\n");
    if (n_risk > 0) {
        raw(c, "<h3>Items at risk against their due date</h3>\n");
        write_risk_table(c, risk, n_risk);
    }
    free(risk);
    if (in->cut_line)
        write_cut_line(c);
    if (in->n_team_flags > 0) {
        raw(c, "<h3>Team flags</h3>\n<ul>\n");
        for (int32_t k = 0; k < in->n_team_flags; k++) {
            raw(c, "<li><b>");
            text(c, in->team_flags[k].team);
            raw(c, "</b> <span class=\"badge\">");
            text(c, in->team_flags[k].flag);
            raw(c, "</span> ");
            text(c, in->team_flags[k].detail);
            raw(c, "</li>\n");
        }
        raw(c, "</ul>\n");
    }
    if (in->n_warnings > 0) {
        raw(c, "<h3>Things to know about this run</h3>\n<ul>\n");
        for (int32_t k = 0; k < in->n_warnings; k++) {
            raw(c, "<li>");
            text(c, in->warnings[k]);
            raw(c, "</li>\n");
        }
        raw(c, "</ul>\n");
    }
    raw(c, "</section>\n");
    return STATUS_OK;
}

static void write_burnup(report_ctx *c)
{
    const report_input *in = c->in;
    raw(c, "<section id=\"burnup\">\n<h2>How many by when</h2>\n<p>Items done by each date "
           "in the simulated futures: the dark line is the median, the darker band holds 70 % "
           "of the futures (P15 to P85), the light band 90 % (P5 to P95). Read "
           "\"at least\" from the lower edge of the darker band: with 85 % probability at "
           "least that many items are done by that date.</p>\n");
    if (in->scenarios[0].burnup)
        report_chart_fan(c, 0, false);
    bool any = false;
    for (int32_t s = 1; s < in->n_scenarios; s++)
        any = any || in->scenarios[s].burnup;
    if (any) {
        raw(c,
            "<h3>Every scenario, on the same axes</h3>\n<p class=\"muted\">The dashed line is the "
            "baseline's median.</p>\n<div class=\"fans\">\n");
        for (int32_t s = 1; s < in->n_scenarios; s++)
            if (in->scenarios[s].burnup)
                report_chart_fan(c, s, true);
        raw(c, "</div>\n");
    }
    raw(c, "</section>\n");
}

static void write_scenarios(report_ctx *c)
{
    const report_input *in = c->in;
    if (in->n_scenarios < 2)
        return;
    raw(c, "<section id=\"scenarios\">\n<h2>Scenarios side by side</h2>\n<p>When the whole "
           "plan is done: the bar runs from P50 (dot) to P95, the black mark is P85, the dotted "
           "line is the baseline's horizon. Every "
           "scenario is simulated on the same random numbers as the baseline, so the "
           "differences below are the scenario's effect, with their 95 % Monte Carlo "
           "intervals.</p>\n");
    report_chart_scenarios(c);
    raw(c, "<h3>Plan finish against the baseline (days)</h3>\n");
    report_chart_deltas(c);
    raw(c, "<table class=\"sortable\"><thead><tr><th>scenario</th><th class=\"num\">plan "
           "P50</th><th class=\"num\">plan P85</th><th class=\"num\">plan P95</th>"
           "<th class=\"num\">P(plan by horizon)</th><th class=\"num\">items by horizon "
           "(85 %)</th><th class=\"num\">plan finish vs baseline</th><th class=\"num\">items "
           "by horizon vs baseline</th></tr></thead><tbody>\n");
    for (int32_t s = 0; s < in->n_scenarios; s++) {
        const summary_scenario *v = in->scenarios[s].view;
        const summary_figures *f = &c->plan_figures[s];
        raw(c, "<tr><td class=\"id\">");
        text(c, v->name);
        raw(c, "</td>");
        date_cell(c, f->percentile_date[0]);
        date_cell(c, f->percentile_date[2]);
        date_cell(c, f->percentile_date[3]);
        percent_cell(c, f->p_by_horizon);
        int32_t d85 = summary_done_by_horizon(v, 85);
        if (d85 < 0)
            raw(c, "<td class=\"num\">-</td>");
        else
            markup_printf(&c->m, "<td class=\"num\">%d</td>", (int)d85);
        raw(c, "<td class=\"num\">");
        if (s == 0)
            raw(c, "(baseline)");
        else
            delta_text(c, &v->plan_delta_days, " d", true);
        raw(c, "</td><td class=\"num\">");
        if (s > 0)
            delta_text(c, &v->done_delta_items, "", true);
        raw(c, "</td></tr>\n");
    }
    raw(c, "</tbody></table>\n");
    bool comments = false;
    for (int32_t s = 0; s < in->n_scenarios; s++)
        comments = comments || in->scenarios[s].comment;
    if (comments) {
        raw(c, "<h3>Decision record</h3>\n");
        for (int32_t s = 0; s < in->n_scenarios; s++) {
            if (!in->scenarios[s].comment)
                continue;
            raw(c, "<p><b>");
            text(c, in->scenarios[s].view->name);
            raw(c, "</b></p><blockquote>");
            text(c, in->scenarios[s].comment);
            raw(c, "</blockquote>\n");
        }
    }
    raw(c, "</section>\n");
}

/* Display order of the items: by team, then priority, then input order. */
typedef struct item_key {
    int32_t team;
    double priority;
    int32_t index;
} item_key;

static int compare_items(const void *a, const void *b)
{
    const item_key *x = a, *y = b;
    if (x->team != y->team)
        return x->team < y->team ? -1 : 1;
    if (x->priority != y->priority)
        return x->priority < y->priority ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static void write_item_row(report_ctx *c, int32_t i)
{
    const report_item *it = &c->in->items[i];
    const summary_figures *f = &c->item_figures[i];
    bool risk = it->due != DATE_NONE && !isnan(f->p_by_due) && f->p_by_due < REPORT_AT_RISK;
    raw(c, risk ? "<tr class=\"risk\"><td class=\"id\">" : "<tr><td class=\"id\">");
    text(c, it->id);
    raw(c, "</td><td class=\"title\">");
    text(c, it->title);
    if (risk)
        raw(c, " <span class=\"badge\">at risk</span>");
    raw(c, "</td><td class=\"curve\">");
    report_chart_spark(c, i);
    raw(c, "</td>");
    date_cell(c, f->percentile_date[0]);
    date_cell(c, f->percentile_date[2]);
    date_cell(c, f->percentile_date[3]);
    date_cell(c, it->due);
    if (risk)
        raw(c, "<td class=\"num pdue\">");
    else
        raw(c, "<td class=\"num\">");
    char p[8];
    text(c, report_percent(f->p_by_due, p));
    raw(c, "</td></tr>\n");
}

static status_code write_items(report_ctx *c, status *st)
{
    const report_input *in = c->in;
    const summary_scenario *base = in->scenarios[0].view;
    item_key *keys = calloc((size_t)in->n_items + 1, sizeof *keys);
    if (!keys)
        return status_set(st, STATUS_ENOMEM, "out of memory for the report");
    int32_t n = 0, n_other = 0;
    for (int32_t i = 0; i < in->n_items; i++) {
        if (base->item_in && !base->item_in[i]) {
            n_other++;
            continue;
        }
        keys[n++] = (item_key){in->items[i].team, in->items[i].priority, i};
    }
    qsort(keys, (size_t)n, sizeof *keys, compare_items);
    raw(c, "<section id=\"items\">\n<h2>Items</h2>\n<p>Per team, in priority order: each "
           "item's chance of being done by each date (the curve rises from 0 to 100 % on the "
           "dates shared by every row), with its P50, P85 and P95 dates and its due date. "
           "Baseline scenario");
    if (n_other > 0)
        markup_printf(&c->m, "; %d item%s that only other scenarios add are in forecast.csv",
                      (int)n_other, n_other == 1 ? "" : "s");
    raw(c, ".</p>\n");
    report_chart_spark_legend(c);
    for (int32_t k = 0; k < n;) {
        int32_t team = keys[k].team, end = k;
        while (end < n && keys[end].team == team)
            end++;
        markup_printf(&c->m, "<h3 id=\"team-%d\">", (int)team);
        text(c, in->teams[team]);
        markup_printf(&c->m, " <span class=\"muted\">(%d item%s)</span></h3>\n", (int)(end - k),
                      end - k == 1 ? "" : "s");
        raw(c, "<table class=\"items sortable\"><thead><tr><th>item</th><th>title</th>"
               "<th class=\"curve\">");
        report_chart_spark_axis(c);
        raw(c, "</th><th class=\"num\">P50</th><th class=\"num\">P85</th><th class=\"num\">"
               "P95</th><th class=\"num\">due</th><th class=\"num\">P(by due)</th></tr></thead>"
               "<tbody>\n");
        for (; k < end; k++)
            write_item_row(c, keys[k].index);
        raw(c, "</tbody></table>\n");
    }
    raw(c, "</section>\n");
    free(keys);
    return STATUS_OK;
}

static void write_drivers(report_ctx *c)
{
    const report_input *in = c->in;
    raw(c, "<section id=\"drivers\">\n<h2>What drives the date</h2>\n<p>How often each item, "
           "dependency or team bound the whole plan's finish.</p>\n<table class=\"sortable\">"
           "<thead><tr><th>kind</th><th>name</th><th class=\"num\">share of trials</th>"
           "</tr></thead><tbody>\n");
    for (int32_t k = 0; k < in->n_drivers; k++) {
        raw(c, "<tr><td>");
        text(c, in->drivers[k].kind);
        raw(c, "</td><td>");
        text(c, in->drivers[k].name);
        raw(c, "</td>");
        percent_cell(c, in->drivers[k].share);
        raw(c, "</tr>\n");
    }
    raw(c, "</tbody></table>\n</section>\n");
}

static void write_sensitivity(report_ctx *c)
{
    const report_input *in = c->in;
    raw(c, "<section id=\"sensitivity\">\n<h2>Sensitivity</h2>\n<p>How many days the plan's "
           "finish moves, on average over the same simulated futures, when one thing changes "
           "and nothing else: its low (blue, upper bar) or high (vermillion, lower bar) value. "
           "Negative is earlier.</p>\n");
    report_chart_tornado(c);
    raw(c, "<table><thead><tr><th>setting</th><th>low</th><th class=\"num\">days</th>"
           "<th>high</th><th class=\"num\">days</th></tr></thead><tbody>\n");
    for (int32_t k = 0; k < in->n_sensitivity; k++) {
        const report_sensitivity *r = &in->sensitivity[k];
        raw(c, "<tr><td>");
        text(c, r->setting);
        raw(c, "</td><td>");
        text(c, r->low_value);
        raw(c, "</td><td class=\"num\">");
        markup_num(&c->m, r->low_days, 1);
        raw(c, "</td><td>");
        text(c, r->high_value);
        raw(c, "</td><td class=\"num\">");
        markup_num(&c->m, r->high_days, 1);
        raw(c, "</td></tr>\n");
    }
    raw(c, "</tbody></table>\n</section>\n");
}

static void write_calibration(report_ctx *c)
{
    const report_calibration *cal = c->in->calibration;
    raw(c, "<section id=\"calibration\">\n<h2>Can we trust it? Calibration</h2>\n<p>From the "
           "backtest in <code>");
    text(c, cal->source);
    raw(c, "</code>: how often reality fell within the forecasts' percentiles.</p>\n<table>"
           "<thead><tr><th>percentile</th><th class=\"num\">should be</th><th class=\"num\">was"
           "</th><th class=\"num\">forecasts</th></tr></thead><tbody>\n");
    for (int32_t k = 0; k < cal->n_rows; k++) {
        raw(c, "<tr><td>");
        text(c, cal->label[k]);
        raw(c, "</td>");
        percent_cell(c, cal->nominal[k]);
        percent_cell(c, cal->observed[k]);
        raw(c, "<td class=\"num\">");
        count_text(c, (uint64_t)(cal->n_forecasts[k] > 0 ? cal->n_forecasts[k] : 0));
        raw(c, "</td></tr>\n");
    }
    raw(c, "</tbody></table>\n</section>\n");
}

static void write_settings(report_ctx *c)
{
    const report_input *in = c->in;
    const report_reproduce *r = &in->reproduce;
    if (r->n_settings == 0)
        return;
    const char *base_name = in->scenarios[0].view->name;
    raw(c, "<h3>Settings of the baseline</h3>\n<table><tbody>\n");
    for (int32_t k = 0; k < r->n_settings; k++) {
        if (strcmp(r->settings[k].scenario, base_name))
            continue;
        raw(c, "<tr><td><code>");
        text(c, r->settings[k].key);
        raw(c, "</code></td><td>");
        text(c, r->settings[k].value);
        raw(c, "</td></tr>\n");
    }
    raw(c, "</tbody></table>\n");
    if (in->n_scenarios < 2)
        return;
    raw(c, "<h3>What each scenario changes</h3>\n<table><tbody>\n");
    for (int32_t s = 1; s < in->n_scenarios; s++) {
        const char *name = in->scenarios[s].view->name;
        raw(c, "<tr><td class=\"id\">");
        text(c, name);
        raw(c, "</td><td>");
        int32_t shown = 0;
        for (int32_t k = 0; k < r->n_settings; k++) {
            if (strcmp(r->settings[k].scenario, name))
                continue;
            raw(c, shown++ ? "; <code>" : "<code>");
            text(c, r->settings[k].key);
            raw(c, " = ");
            text(c, r->settings[k].value);
            raw(c, "</code>");
        }
        if (shown == 0)
            raw(c, "<span class=\"muted\">no setting (changes.csv or risks.csv rows of its "
                   "own)</span>");
        raw(c, "</td></tr>\n");
    }
    raw(c, "</tbody></table>\n");
}

static void write_reproduce(report_ctx *c)
{
    const report_reproduce *r = &c->in->reproduce;
    raw(c, "<section id=\"reproduce\">\n<h2>How to reproduce</h2>\n<p>The same inputs (the "
           "digests below), version and command give the same numbers, byte for byte, on any "
           "number of threads.</p>\n<pre><code>");
    text(c, r->command);
    raw(c, "</code></pre>\n<table><tbody><tr><th>shipcast</th><td>");
    text(c, r->version);
    raw(c, "</td></tr><tr><th>seed</th><td>");
    count_text(c, r->seed);
    raw(c, "</td></tr><tr><th>trials</th><td>");
    count_text(c, r->trials);
    raw(c, "</td></tr></tbody></table>\n");
    write_settings(c);
    if (r->n_inputs > 0) {
        raw(c, "<h3>Inputs</h3>\n<table><thead><tr><th>file</th><th>SHA-256</th></tr></thead>"
               "<tbody>\n");
        for (int32_t k = 0; k < r->n_inputs; k++) {
            raw(c, "<tr><td>");
            text(c, r->inputs[k].name);
            raw(c, "</td><td><code>");
            text(c, r->inputs[k].sha256);
            raw(c, "</code></td></tr>\n");
        }
        raw(c, "</tbody></table>\n");
    }
    raw(c, "</section>\n");
}

/* The shared date axis: from the earliest start to the latest plan P95 (or horizon) of any
 * scenario, with a little room; a plan not done within the cap falls back on its P85, then on
 * the items' latest P95, so one stuck item does not squeeze every curve into a corner. */
static void choose_axis(report_ctx *c)
{
    const report_input *in = c->in;
    int32_t first = in->scenarios[0].view->start, last = first;
    for (int32_t s = 0; s < in->n_scenarios; s++) {
        const summary_scenario *v = in->scenarios[s].view;
        const summary_figures *f = &c->plan_figures[s];
        if (v->start < first)
            first = v->start;
        int32_t end = is_date(f->percentile_date[3])   ? f->percentile_date[3]
                      : is_date(f->percentile_date[2]) ? f->percentile_date[2]
                                                       : DATE_NONE;
        if (end != DATE_NONE && end > last)
            last = end;
        if (v->horizon != DATE_NONE && v->horizon > last)
            last = v->horizon;
    }
    for (int32_t i = 0; i < in->n_items; i++) {
        int32_t p95 = c->item_figures[i].percentile_date[3];
        if (is_date(p95) && p95 > last)
            last = p95;
    }
    if (last - first < 28)
        last = first + 28;
    c->axis_first = first;
    c->axis_last = last + (last - first) / 40 + 1;
}

status_code report_write(FILE *f, const char *name, const report_input *in, status *st)
{
    report_ctx c;
    memset(&c, 0, sizeof c);
    markup_init(&c.m, f);
    c.in = in;
    c.item_figures = calloc((size_t)in->n_items + 1, sizeof *c.item_figures);
    c.plan_figures = calloc((size_t)in->n_scenarios, sizeof *c.plan_figures);
    status_code rc = STATUS_OK;
    if (!c.item_figures || !c.plan_figures) {
        rc = STATUS_ENOMEM;
        status_set(st, rc, "out of memory for the report");
    }
    if (rc == STATUS_OK) {
        const summary_scenario *base = in->scenarios[0].view;
        for (int32_t i = 0; i < in->n_items; i++)
            summary_compute(base, i, in->items[i].due, &c.item_figures[i]);
        for (int32_t s = 0; s < in->n_scenarios; s++) {
            const summary_scenario *v = in->scenarios[s].view;
            summary_compute(v, tally_plan_index(v->t), DATE_NONE, &c.plan_figures[s]);
        }
        choose_axis(&c);
        write_head(&c);
        rc = write_summary(&c, st);
    }
    if (rc == STATUS_OK) {
        write_burnup(&c);
        write_scenarios(&c);
        rc = write_items(&c, st);
    }
    if (rc == STATUS_OK) {
        if (in->n_drivers > 0)
            write_drivers(&c);
        if (in->n_sensitivity > 0)
            write_sensitivity(&c);
        if (in->calibration)
            write_calibration(&c);
        write_reproduce(&c);
        raw(&c, "</main>\n<footer><p class=\"muted\">Made by shipcast ");
        text(&c, in->reproduce.version);
        raw(&c, ". A forecast is a distribution of dates, not a promise: re-run it as work "
                "gets done.</p></footer>\n<script>");
        raw(&c, sort_script);
        raw(&c, "</script>\n</body>\n</html>\n");
        rc = markup_finish(&c.m, name, st);
    }
    free(c.item_figures);
    free(c.plan_figures);
    return rc;
}
