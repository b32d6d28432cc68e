/* SPDX-License-Identifier: GPL-3.0-or-later */
/* forecast_cmd: the `forecast` command; see forecast_cmd.h. */
#include "forecast_cmd.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "burnup.h"
#include "date.h"
#include "drivers.h"
#include "forecast.h"
#include "outdir.h"
#include "progress.h"
#include "report_cmd.h"
#include "sensitivity.h"
#include "verdicts.h"
#include "run_record.h"
#include "summary.h"
#include "termtext.h"

/* ---- outputs ----------------------------------------------------------------------------- */

static const char *const output_names[] = {"forecast.csv", "distribution.csv", "scenarios.csv",
                                           "burnup.csv",   "drivers.csv",      "report.html",
                                           "run.json"};

/* The names drivers.csv needs, borrowed from the plan (the arrays are the caller's). */
typedef struct names_store {
    drivers_names names;
    const char **item_id, **item_team, **team_name;
} names_store;

static status_code names_init(names_store *ns, const plan *p, const forecast *f)
{
    ns->item_id = malloc(((size_t)p->n_items + 1) * sizeof *ns->item_id);
    ns->item_team = malloc(((size_t)p->n_items + 1) * sizeof *ns->item_team);
    ns->team_name = malloc(((size_t)p->n_teams + 1) * sizeof *ns->team_name);
    if (!ns->item_id || !ns->item_team || !ns->team_name)
        return STATUS_ENOMEM;
    for (int32_t i = 0; i < p->n_items; i++) {
        ns->item_id[i] = p->items[i].id;
        ns->item_team[i] = p->teams[p->items[i].team].name;
    }
    for (int32_t t = 0; t < p->n_teams; t++)
        ns->team_name[t] = p->teams[t].name;
    ns->names = (drivers_names){.n_items = p->n_items,
                                .n_teams = p->n_teams,
                                .item_id = ns->item_id,
                                .item_team = ns->item_team,
                                .team_name = ns->team_name};
    forecast_edges(f, &ns->names.n_edges, &ns->names.edge_from, &ns->names.edge_to);
    return STATUS_OK;
}

static void names_fini(names_store *ns)
{
    free(ns->item_id);
    free(ns->item_team);
    free(ns->team_name);
}

static status_code write_drivers(FILE *out, const csvout_format *fmt, const plan *p,
                                 const forecast *f, const names_store *ns, status *st)
{
    /* one scenario after the other into one file: the byte-order mark only at its start */
    csvout_format later = *fmt;
    later.bom = false;
    status_code rc = STATUS_OK;
    for (int32_t s = 0; rc == STATUS_OK && s < p->n_scenarios; s++)
        rc = drivers_write(out, "drivers.csv", s == 0 ? fmt : &later, s == 0, p->scenarios[s].name,
                           forecast_drivers(f, s), &ns->names, st);
    return rc;
}

static status_code write_outputs(const forecast_cmd *cmd, const plan *p, const forecast *f,
                                 const summary_scenario *views, const summary_item *items,
                                 const burnup_curve *curves, const names_store *ns,
                                 const sensitivity *sens, const sensitivity_row *sens_rows,
                                 const verdicts *vd, status *st)
{
    int32_t n_warnings = verdicts_count(vd);
    char *const *warnings = verdicts_texts(vd);
    const csvout_format *fmt = &cmd->csv;
    const char **names = calloc((size_t)p->n_scenarios, sizeof *names);
    if (!names)
        return status_set(st, STATUS_ENOMEM, "out of memory");
    for (int32_t s = 0; s < p->n_scenarios; s++)
        names[s] = p->scenarios[s].name;
    outdir *o = NULL;
    status_code rc = outdir_begin_wait(cmd->out_dir, OUTDIR_LOCK_WAIT_MS, cmd->stop, &o, st);
    FILE *out;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "forecast.csv", st))
                 ? summary_write_items(out, "forecast.csv", fmt, views, p->n_scenarios, items,
                                       p->n_items, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "distribution.csv", st))
                 ? summary_write_distribution(out, "distribution.csv", fmt, views, p->n_scenarios,
                                              items, p->n_items, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "scenarios.csv", st))
                 ? summary_write_scenarios(out, "scenarios.csv", fmt, views, p->n_scenarios, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "burnup.csv", st))
                 ? burnup_write_csv(out, "burnup.csv", fmt, names, curves, p->n_scenarios, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "report.html", st))
                 ? report_cmd_write(out, "report.html", cmd->plan_dir, p, f, views, items, curves,
                                    sens, sens_rows, vd, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "drivers.csv", st)) ? write_drivers(out, fmt, p, f, ns, st)
                                                       : st->code;
    if (rc == STATUS_OK && sens)
        rc = (out = outdir_open(o, "sensitivity.csv", st))
                 ? sensitivity_write(out, "sensitivity.csv", fmt, sens, sens_rows, st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = (out = outdir_open(o, "run.json", st))
                 ? run_record_write_ranks(out, cmd->plan_dir, p, warnings, n_warnings,
                                          cluster_size(cmd->cluster), st)
                 : st->code;
    if (rc == STATUS_OK)
        rc = outdir_commit(o, st);
    outdir_destroy(o);
    free(names);
    return rc;
}

/* ---- the table on stdout ------------------------------------------------------------------ */

/* Column widths: the two tables fit 100 columns (97 characters). */
enum {
    W_ID = 10,
    W_TEAM = 12,
    W_TITLE = 26,
    W_DATE = 10,
    W_SHARE = 6,
    W_SCENARIO = 16,
    W_DONE = 8,
    W_DELTA = 22,
};

static const char *date_cell(int32_t date, char *buf)
{
    if (date == SUMMARY_NOT_WITHIN_CAP)
        return "not in cap";
    if (date == SUMMARY_DONE_BEFORE_START)
        return "done";
    if (date == DATE_NONE)
        return "-";
    return date_format(date, buf);
}

static const char *probability_cell(double p, char *buf, size_t size)
{
    if (isnan(p))
        return "-";
    snprintf(buf, size, "%3.0f%%", 100.0 * p);
    return buf;
}

static const char *count_cell(int32_t k, char *buf, size_t size)
{
    if (k < 0)
        return "-";
    snprintf(buf, size, "%" PRId32, k);
    return buf;
}

/* "+8.0 [+7.6, +8.3]"; whole days once a figure reaches 100, to stay in the column. */
static const char *delta_cell(const paired_delta *d, bool baseline, char *buf, size_t size)
{
    double mean, half;
    if (baseline)
        return "";
    if (!paired_mean_ci95(d, &mean, &half))
        return "-";
    int decimals = fabs(mean) + half >= 99.95 ? 0 : 1;
    double low = mean - half, high = mean + half, tiny = decimals ? 0.05 : 0.5;
    /* what rounds to zero is written +0.0, never -0.0 */
    snprintf(buf, size, "%+.*f [%+.*f, %+.*f]", decimals, fabs(mean) < tiny ? 0.0 : mean, decimals,
             fabs(low) < tiny ? 0.0 : low, decimals, fabs(high) < tiny ? 0.0 : high);
    return buf;
}

static void print_items_table(const summary_scenario *view, const summary_item *items,
                              int32_t n_items)
{
    char id[4 * W_ID + 1], team[4 * W_TEAM + 1], title[4 * W_TITLE + 1];
    printf("\n%s %s %s %-*s %-*s %-*s %*s %*s\n", termtext_cell(id, sizeof id, "item", W_ID),
           termtext_cell(team, sizeof team, "team", W_TEAM),
           termtext_cell(title, sizeof title, "title", W_TITLE), W_DATE, "P50", W_DATE, "P85",
           W_DATE, "P95", W_SHARE, "by due", W_SHARE, "by hor");
    for (int32_t i = 0; i < n_items; i++) {
        if (view->item_in && !view->item_in[i])
            continue;
        summary_figures s;
        summary_compute(view, i, items[i].due, &s);
        char b50[DATE_TEXT_SIZE], b85[DATE_TEXT_SIZE], b95[DATE_TEXT_SIZE], pd[16], ph[16];
        printf("%s %s %s %-*s %-*s %-*s %*s %*s\n", termtext_cell(id, sizeof id, items[i].id, W_ID),
               termtext_cell(team, sizeof team, items[i].team, W_TEAM),
               termtext_cell(title, sizeof title, items[i].title, W_TITLE), W_DATE,
               date_cell(s.percentile_date[0], b50), W_DATE, date_cell(s.percentile_date[2], b85),
               W_DATE, date_cell(s.percentile_date[3], b95), W_SHARE,
               probability_cell(s.p_by_due, pd, sizeof pd), W_SHARE,
               probability_cell(s.p_by_horizon, ph, sizeof ph));
    }
}

/* The baseline's cut line in one sentence. */
static void print_cut_line(const summary_scenario *view, const summary_item *items, int32_t n_items)
{
    int32_t *order = malloc(((size_t)n_items + 1) * sizeof *order), n_order;
    if (!order)
        return;
    int32_t above = summary_cut_line(view, n_items, order, &n_order);
    if (above >= 0) {
        char horizon[DATE_TEXT_SIZE];
        printf("\ncut line: %" PRId32 " of %" PRId32
               " items, in priority order, are each at least %.0f %% likely by %s\n",
               above, n_order, 100.0 * SUMMARY_CUT_LINE, date_format(view->horizon, horizon));
        if (above < n_order) {
            int32_t first = order[above];
            double p = (double)tally_count_by(view->t, first, view->horizon - view->start) /
                       (double)tally_trials(view->t);
            printf("          the next, %s, is %.0f %% likely\n", items[first].id, 100.0 * p);
        }
    }
    free(order);
}

static void print_scenarios_table(const summary_scenario *views, int32_t n)
{
    char name[4 * W_SCENARIO + 1];
    printf("\n%s %-*s %-*s %-*s %*s %*s %*s %*s\n",
           termtext_cell(name, sizeof name, "scenario", W_SCENARIO), W_DATE, "plan P50", W_DATE,
           "plan P85", W_DATE, "plan P95", W_SHARE, "by hor", W_DONE, "done P50", W_DONE,
           "done P85", W_DELTA, "vs baseline (days)");
    for (int32_t s = 0; s < n; s++) {
        summary_figures sum;
        summary_compute(&views[s], tally_plan_index(views[s].t), DATE_NONE, &sum);
        char b50[DATE_TEXT_SIZE], b85[DATE_TEXT_SIZE], b95[DATE_TEXT_SIZE], ph[16], d50[16],
            d85[16], delta[64];
        printf("%s %-*s %-*s %-*s %*s %*s %*s %*s\n",
               termtext_cell(name, sizeof name, views[s].name, W_SCENARIO), W_DATE,
               date_cell(sum.percentile_date[0], b50), W_DATE,
               date_cell(sum.percentile_date[2], b85), W_DATE,
               date_cell(sum.percentile_date[3], b95), W_SHARE,
               probability_cell(sum.p_by_horizon, ph, sizeof ph), W_DONE,
               count_cell(summary_done_by_horizon(&views[s], 50), d50, sizeof d50), W_DONE,
               count_cell(summary_done_by_horizon(&views[s], 85), d85, sizeof d85), W_DELTA,
               delta_cell(&views[s].plan_delta_days, s == 0, delta, sizeof delta));
    }
}

/* The baseline's five strongest drivers, in plain words. */
static void print_drivers(const plan *p, const forecast *f, const names_store *ns)
{
    drivers_row *rows = NULL;
    int32_t n = 0;
    if (drivers_rows(forecast_drivers(f, 0), &rows, &n, NULL) != STATUS_OK)
        return;
    printf("\nwhat drives the plan's end (baseline):\n");
    for (int32_t k = 0; k < n && k < 5; k++) {
        const drivers_row *r = &rows[k];
        int percent = (int)lround(100.0 * r->share_plan_chain);
        if (percent == 0)
            break;
        const char *const *id = ns->item_id;
        switch (r->kind) {
        case DRIVERS_TEAM:
            printf("  %s's capacity held the plan's end in %d %% of futures\n", ns->team_name[r->a],
                   percent);
            break;
        case DRIVERS_EDGE:
            printf("  %s waited for %s on the plan's binding chain in %d %% of futures\n",
                   id[ns->names.edge_to[r->a]], id[ns->names.edge_from[r->a]], percent);
            break;
        case DRIVERS_RESOURCE:
            printf("  %s waited for %s to free a %s slot in %d %% of futures\n", id[r->b], id[r->a],
                   p->teams[p->items[r->b].team].name, percent);
            break;
        case DRIVERS_ITEM:
            printf("  %s lay on the plan's binding chain in %d %% of futures\n", id[r->a], percent);
            break;
        }
    }
    free(rows);
}

/* The five changes that move the plan's end most, in plain words. */
static void print_sensitivity(const sensitivity *sens, const sensitivity_row *rows)
{
    printf("\nwhat would move the plan's end most (one change at a time, same futures):\n");
    int32_t n = sensitivity_n_changes(sens), shown = 0;
    for (int32_t k = 0; k < n && shown < 5; k++) {
        const sensitivity_row *r = &rows[k];
        if (isnan(r->delta_plan_days_mean) || r->delta_plan_days_mean > -0.05)
            break;
        const sensitivity_change *c = &sensitivity_changes(sens)[r->change];
        char target[512];
        printf("  %s %s: %.1f days [%.1f, %.1f]\n", sensitivity_change_name(c->kind),
               sensitivity_target(sens, c, target, sizeof target), r->delta_plan_days_mean,
               r->delta_plan_days_ci95_low, r->delta_plan_days_ci95_high);
        shown++;
    }
    if (shown == 0)
        printf("  no single change brings it forward\n");
}

static void print_tables(const forecast_cmd *cmd, const plan *p, const forecast *f,
                         const summary_scenario *views, const summary_item *items,
                         const names_store *ns, const sensitivity *sens,
                         const sensitivity_row *sens_rows)
{
    const plan_settings *base = &p->scenarios[0].settings;
    char start[DATE_TEXT_SIZE], horizon[DATE_TEXT_SIZE], n_items[48], n_teams[48], trials[48];
    printf("shipcast forecast of %s: %s, %s, %s, seed %" PRIu64 "\n", cmd->plan_dir,
           termtext_plural(n_items, sizeof n_items, p->n_items, "item", "items"),
           termtext_plural(n_teams, sizeof n_teams, p->n_teams, "team", "teams"),
           termtext_plural(trials, sizeof trials, (int64_t)base->trials, "trial", "trials"),
           base->seed);
    printf("start %s, horizon %s (baseline)\n", date_format(base->start, start),
           base->horizon == DATE_NONE ? "none" : date_format(base->horizon, horizon));
    print_items_table(&views[0], items, p->n_items);
    print_cut_line(&views[0], items, p->n_items);
    print_scenarios_table(views, p->n_scenarios);
    print_drivers(p, f, ns);
    if (sens)
        print_sensitivity(sens, sens_rows);
    printf("\nwritten to %s/:", cmd->out_dir);
    for (size_t k = 0; k < sizeof output_names / sizeof *output_names; k++)
        printf(" %s", output_names[k]);
    printf(sens ? " sensitivity.csv\n" : "\n");
}

/* ---- the command ------------------------------------------------------------------------- */

/* Runs the forecast of run_plan: the plan's n_full scenarios, then any the sensitivity analysis
 * adds. */
static status_code simulate(const forecast_cmd *cmd, const plan *run_plan, int32_t n_full,
                            forecast **out, status *st)
{
    progress_line line = progress_start("simulating", "trials");
    forecast_options opt = forecast_options_default(cmd->n_threads);
    opt.n_full_scenarios = n_full;
    opt.on_progress = cmd->progress ? progress_draw : NULL;
    opt.progress_arg = &line;
    opt.stop = cmd->stop;
    status_code rc = cluster_forecast_run(cmd->cluster, run_plan, &opt, out, st);
    if (cmd->progress)
        progress_clear(&line);
    return rc;
}

static status_code compute_curves(const plan *p, const forecast *f, burnup_curve *curves,
                                  status *st)
{
    for (int32_t s = 0; s < p->n_scenarios; s++) {
        status_code rc = burnup_curve_compute(forecast_burnup(f, s), &curves[s], st);
        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}

status_code forecast_cmd_run(const forecast_cmd *cmd, status *st)
{
    plan *p = NULL;
    status_code rc =
        cluster_agree(cmd->cluster, plan_load(cmd->plan_dir, &cmd->overrides, &p, st), st);
    if (rc != STATUS_OK) {
        plan_destroy(p); /* loaded here, not by another process */
        return rc;
    }
    for (int32_t w = 0; w < p->n_warnings; w++)
        fprintf(stderr, "shipcast: warning: %s\n", p->warnings[w]);
    sensitivity *sens = NULL;
    sensitivity_row *sens_rows = NULL;
    if (cmd->sensitivity)
        rc = cluster_agree(cmd->cluster, sensitivity_create(p, &sens, st), st);
    const plan *run_plan = sens ? sensitivity_plan(sens) : p;
    forecast *f = NULL;
    if (rc == STATUS_OK)
        rc = simulate(cmd, run_plan, p->n_scenarios, &f, st);
    if (rc == STATUS_OK && !f) { /* another process (rank 0) holds the results */
        sensitivity_destroy(sens);
        plan_destroy(p);
        return STATUS_OK;
    }
    if (rc == STATUS_OK && sens)
        rc = sensitivity_rows(sens, f, &sens_rows, st);
    summary_scenario *views = calloc((size_t)run_plan->n_scenarios, sizeof *views);
    summary_item *items = calloc((size_t)p->n_items + 1, sizeof *items);
    burnup_curve *curves = calloc((size_t)p->n_scenarios, sizeof *curves);
    names_store ns = {0};
    verdicts *vd = NULL;
    if (rc == STATUS_OK && (!views || !items || !curves || names_init(&ns, p, f) != STATUS_OK)) {
        status_set(st, STATUS_ENOMEM, "out of memory");
        rc = STATUS_ENOMEM;
    }
    if (rc == STATUS_OK)
        rc = verdicts_create(p, f, &vd, st);
    if (rc == STATUS_OK) {
        /* what the teams' histories say, once per run */
        for (int32_t k = 0; k < verdicts_count(vd); k++)
            fprintf(stderr, "shipcast: warning: %s\n", verdicts_at(vd, k)->text);
        forecast_views(f, views, items);
        rc = compute_curves(p, f, curves, st);
    }
    if (rc == STATUS_OK)
        rc = write_outputs(cmd, p, f, views, items, curves, &ns, sens, sens_rows, vd, st);
    if (rc == STATUS_OK && !cmd->quiet)
        print_tables(cmd, p, f, views, items, &ns, sens, sens_rows);
    names_fini(&ns);
    for (int32_t s = 0; curves && s < p->n_scenarios; s++)
        burnup_curve_fini(&curves[s]);
    free(curves);
    free(views);
    free(items);
    verdicts_destroy(vd);
    forecast_destroy(f);
    free(sens_rows);
    sensitivity_destroy(sens);
    plan_destroy(p);
    return rc;
}
