/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * backtest: walk-forward forecasts of one team at a time; see backtest.h. Each forecast is a
 * run of the run loop on a one-team plan built here: the team as it was at the checkpoint
 * (samples derived as of that day), and K unit items in a row, so that item N's finish is
 * "when are N done" and the items done by a day are "how many".
 */
#include "backtest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "date.h"
#include "fit.h"
#include "history.h"
#include "rng_stream.h"
#include "tally.h"

const uint32_t backtest_levels[BACKTEST_N_LEVELS] = {50, 70, 85, 95};
const int32_t backtest_horizons[BACKTEST_N_HORIZONS] = {14, 30, 60};

/* The PIT's tie-breaking numbers: a purpose apart from the model's (delivery.h). */
enum { PURPOSE_PIT = 101 };
/* Pinball levels: the forecast's 50th, 85th and 95th percentiles. */
static const double PINBALL_LEVELS[3] = {0.50, 0.85, 0.95};
/* Four weeks of working days: the block of "median four-week throughput". */
enum { FOUR_WEEKS_WORKING_DAYS = 20, UNIT_ITEMS_MAX = 200000 };
static const double DEFAULT_MULTIPLES[3] = {1.0, 2.0, 4.0};

backtest_options backtest_options_default(int n_threads)
{
    return (backtest_options){.from = DATE_NONE,
                              .to = DATE_NONE,
                              .every_days = 7,
                              .trials = 2000,
                              .run = forecast_options_default(n_threads),
                              .n_parts = 1};
}

struct backtest {
    const plan *p;
    int32_t from, to;
    backtest_row *rows;
    int32_t n_rows, cap_rows;
};

/* ---- one team's history ---------------------------------------------------------------- */

typedef struct team_history {
    history_record *records; /* the team's, with team 0 */
    size_t n_records;
    int32_t first_record; /* earliest started or done; DATE_NONE without records */
    int32_t *done_days;   /* planned completions: the working day each counts on, ascending */
    int32_t n_done;
} team_history;

static int compare_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The first working day of team k on or after `day`. */
static int32_t working_on_or_after(const plan *p, int32_t k, int32_t day)
{
    while (!plan_is_working_day(p, k, day))
        day++;
    return day;
}

static status_code team_history_init(team_history *h, const plan *p, int32_t k)
{
    *h = (team_history){.first_record = DATE_NONE};
    size_t n = 0;
    for (size_t r = 0; r < p->n_records; r++)
        n += p->records[r].team == k;
    h->records = malloc((n ? n : 1) * sizeof *h->records);
    h->done_days = malloc((n ? n : 1) * sizeof *h->done_days);
    if (!h->records || !h->done_days)
        return STATUS_ENOMEM;
    for (size_t r = 0; r < p->n_records; r++) {
        history_record rec = p->records[r];
        if (rec.team != k)
            continue;
        rec.team = 0;
        h->records[h->n_records++] = rec;
        int32_t first =
            rec.started != DATE_NONE && (rec.done == DATE_NONE || rec.started < rec.done)
                ? rec.started
                : rec.done;
        if (first != DATE_NONE && (h->first_record == DATE_NONE || first < h->first_record))
            h->first_record = first;
        if (rec.done != DATE_NONE && !rec.unplanned)
            h->done_days[h->n_done++] = working_on_or_after(p, k, rec.done);
    }
    qsort(h->done_days, (size_t)h->n_done, sizeof *h->done_days, compare_int32);
    return STATUS_OK;
}

static void team_history_fini(team_history *h)
{
    free(h->records);
    free(h->done_days);
}

/* Planned completions counted on days in (t, until]. */
static int32_t done_between(const team_history *h, int32_t t, int32_t until)
{
    int32_t n = 0;
    for (int32_t i = 0; i < h->n_done; i++)
        n += h->done_days[i] > t && h->done_days[i] <= until;
    return n;
}

/* The day the n-th planned completion after t counts on, or DATE_NONE if the history ends
 * first. */
static int32_t nth_done_after(const team_history *h, int32_t t, int32_t n)
{
    for (int32_t i = 0; i < h->n_done; i++)
        if (h->done_days[i] > t && --n == 0)
            return h->done_days[i];
    return DATE_NONE;
}

/* Working days of team k in (t, day]. */
static int32_t working_days_between(const plan *p, int32_t k, int32_t t, int32_t day)
{
    int32_t n = 0;
    for (int32_t d = t + 1; d <= day; d++)
        n += plan_is_working_day(p, k, d);
    return n;
}

/* ---- the one-team plan ----------------------------------------------------------------- */

typedef struct team_plan {
    plan p;
    char name[16]; /* the scenario's name */
    plan_team team;
    plan_scenario scenario;
    plan_item *items;
    char **ids;
    int32_t cap_items;
} team_plan;

static status_code team_plan_reserve(team_plan *tp, int32_t n_items)
{
    if (n_items <= tp->cap_items)
        return STATUS_OK;
    /* one spare, as elsewhere: never a zero-byte allocation */
    plan_item *items = realloc(tp->items, ((size_t)n_items + 1) * sizeof *items);
    if (!items)
        return STATUS_ENOMEM;
    tp->items = items;
    char **ids = realloc(tp->ids, ((size_t)n_items + 1) * sizeof *ids);
    if (!ids)
        return STATUS_ENOMEM;
    tp->ids = ids;
    for (int32_t i = tp->cap_items; i < n_items; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", (int)i + 1);
        if (!(tp->ids[i] = strdup(id)))
            return STATUS_ENOMEM;
        tp->cap_items = i + 1;
    }
    return STATUS_OK;
}

static void team_plan_fini(team_plan *tp)
{
    for (int32_t i = 0; i < tp->cap_items; i++)
        free(tp->ids[i]);
    free(tp->ids);
    free(tp->items);
}

/* Team k of p as it was at checkpoint t: samples as of t, people as then, WIP 1. */
static status_code team_at(team_plan *tp, const plan *p, int32_t k, const team_history *h,
                           int32_t t, status *st)
{
    const plan_team *src = &p->teams[k];
    plan_team *team = &tp->team;
    *team = (plan_team){.name = src->name,
                        .people = src->history_people,
                        .history_people = src->history_people,
                        .wip = 1,
                        .history_start = src->history_start,
                        .n_days_off = src->n_days_off,
                        .days_off = src->days_off,
                        .line = src->line};
    return history_derive(h->records, h->n_records, p->n_epics, t,
                          p->scenarios[0].settings.window_days, team, 1, st);
}

/* The settings of a forecast at t: the baseline's model and window, interruptions as they
 * were, no juggling factor. */
static plan_settings settings_at(const plan *p, const backtest_options *opt, int32_t t)
{
    plan_settings s = p->scenarios[0].settings;
    s.start = t + 1;
    s.horizon = DATE_NONE;
    s.history_end = t;
    s.trials = opt->trials;
    s.interrupt_scale = 1.0;
    s.unplanned_effort = 1.0;
    s.capacity_scale = 1.0;
    s.context_switch[0] = 1.0;
    s.n_context_switch = 1;
    return s;
}

static void build_plan(team_plan *tp, const plan *p, const backtest_options *opt, int32_t t,
                       int32_t n_items)
{
    for (int32_t i = 0; i < n_items; i++)
        tp->items[i] = (plan_item){.id = tp->ids[i],
                                   .title = tp->ids[i],
                                   .team = 0,
                                   .size_low = 1,
                                   .size_high = 1,
                                   .priority = (double)i,
                                   .due = DATE_NONE,
                                   .not_before = DATE_NONE,
                                   .status = PLAN_ITEM_TODO};
    snprintf(tp->name, sizeof tp->name, "backtest");
    tp->scenario = (plan_scenario){.name = tp->name, .settings = settings_at(p, opt, t)};
    tp->p = (plan){.n_teams = 1,
                   .teams = &tp->team,
                   .n_items = n_items,
                   .items = tp->items,
                   .n_scenarios = 1,
                   .scenarios = &tp->scenario,
                   .unplanned_types = p->unplanned_types,
                   .n_unplanned_types = p->n_unplanned_types};
}

/* ---- targets ----------------------------------------------------------------------------- */

/* Planned completions in runs of 20 working days of the samples: the median, and the most. */
static void four_week_counts(const plan_team *team, double *median, int32_t *most)
{
    int32_t n = team->n_days, k = FOUR_WEEKS_WORKING_DAYS;
    *most = 0;
    if (n < k) {
        int32_t total = 0;
        for (int32_t j = 0; j < n; j++)
            total += team->day_planned[j];
        *median = n ? (double)total * k / n : 0.0;
        *most = (int32_t)ceil(*median);
        return;
    }
    int32_t n_blocks = n - k + 1, sum = 0;
    int32_t *sums = malloc((size_t)n_blocks * sizeof *sums);
    for (int32_t j = 0; j < k; j++)
        sum += team->day_planned[j];
    for (int32_t b = 0; b < n_blocks; b++) {
        if (sums)
            sums[b] = sum;
        *most = sum > *most ? sum : *most;
        if (b + k < n)
            sum += team->day_planned[b + k] - team->day_planned[b];
    }
    if (!sums) {
        *median = (double)*most;
        return;
    }
    qsort(sums, (size_t)n_blocks, sizeof *sums, compare_int32);
    *median = n_blocks % 2 ? sums[n_blocks / 2]
                           : 0.5 * ((double)sums[n_blocks / 2 - 1] + sums[n_blocks / 2]);
    free(sums);
}

/* The N of the `when` targets: the options' list, or 1x, 2x, 4x the median four-week
 * throughput (at least 1, distinct). Returns how many. */
static int32_t when_targets(const backtest_options *opt, double median, int32_t *out)
{
    if (opt->n_items > 0) {
        memcpy(out, opt->items, (size_t)opt->n_items * sizeof *out);
        return opt->n_items;
    }
    int32_t n = 0;
    for (int m = 0; m < 3; m++) {
        int32_t v = (int32_t)lround(DEFAULT_MULTIPLES[m] * median);
        v = v < 1 ? 1 : v;
        if (n == 0 || out[n - 1] != v)
            out[n++] = v;
    }
    return n;
}

/* ---- scoring --------------------------------------------------------------------------- */

static double pinball(double y, double q, double tau)
{
    return (y - q) * (tau - (y < q ? 1.0 : 0.0));
}

static double unit_random(const plan *p, int32_t k, int32_t t, backtest_kind kind, int32_t target)
{
    uint64_t purpose = PURPOSE_PIT + (uint64_t)kind * 1000000 + (uint64_t)target;
    rng_key key = {p->scenarios[0].settings.seed, (uint64_t)(int64_t)t,
                   rng_name_hash(p->teams[k].name), purpose};
    return rng_unit_double(rng_at(rng_key_hash(key), 0));
}

/* F(d) of item i: P(done on or before day offset d). */
static double cdf(const tally *tl, int32_t item, int32_t day)
{
    return (double)tally_count_by(tl, item, day) / (double)tally_trials(tl);
}

static void score_when(backtest_row *r, const plan *p, int32_t k, const team_history *h,
                       const tally *tl, double rate)
{
    int32_t t = r->checkpoint, start = t + 1, item = r->target - 1;
    int32_t cap_day = tally_days(tl) - 1;
    for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
        int32_t d = tally_percentile(tl, item, backtest_levels[l]);
        bool beyond = d == TERMS_NOT_WITHIN_CAP;
        r->q[l] = beyond ? DATE_NONE : start + d;
        r->own[l] = beyond ? 1.0 : cdf(tl, item, d);
    }
    /* Scored only when the history runs to the forecast's P95 date: a choice made by the
     * forecast alone. Leaving out the forecasts whose N items were not all done by the end
     * would keep the futures that went fast and make every forecast look pessimistic. */
    int32_t end = p->scenarios[0].settings.history_end, q95 = r->q[BACKTEST_N_LEVELS - 1];
    r->censored = q95 == DATE_NONE || q95 > end;
    r->actual = r->censored ? DATE_NONE : nth_done_after(h, t, r->target);
    if (r->censored) {
        r->pit = (double)NAN;
        return;
    }
    /* not done by the end (past every percentile): known to lie beyond it, at least */
    bool open = r->actual == DATE_NONE;
    int32_t actual = open ? end + 1 : r->actual;
    int32_t a = actual - start;
    double lo = a > 0 ? cdf(tl, item, a - 1) : 0.0,
           hi = a > cap_day ? cdf(tl, item, cap_day) : cdf(tl, item, a);
    if (a > cap_day)
        lo = hi;
    if (open)
        hi = 1.0; /* anywhere after the end, beyond the cap included */
    r->pit = lo + unit_random(p, k, t, BACKTEST_WHEN, r->target) * (hi - lo);
    /* errors and losses in working days from t (for an open forecast, at least these) */
    double y = working_days_between(p, k, t, actual);
    int32_t q50 = r->q[0] != DATE_NONE ? r->q[0] : start + cap_day;
    r->abs_error = fabs(working_days_between(p, k, t, q50) - y);
    for (int l = 0; l < 3; l++) {
        int32_t d = tally_percentile(tl, item, (uint32_t)lround(100.0 * PINBALL_LEVELS[l]));
        int32_t qd = d == TERMS_NOT_WITHIN_CAP ? start + cap_day : start + d;
        r->pinball += pinball(y, working_days_between(p, k, t, qd), PINBALL_LEVELS[l]);
        r->pinball_naive += rate > 0.0 ? pinball(y, r->target / rate, PINBALL_LEVELS[l]) : HUGE_VAL;
    }
}

/* P(count >= c) by day offset `day` (c >= 1): item c - 1 done by then; 1 for c <= 0. */
static double at_least(const tally *tl, int32_t c, int32_t day, int32_t n_items)
{
    if (c <= 0)
        return 1.0;
    if (c > n_items)
        return 0.0;
    return cdf(tl, c - 1, day);
}

static void score_how_many(backtest_row *r, const plan *p, int32_t k, const team_history *h,
                           const tally *tl, double rate)
{
    int32_t t = r->checkpoint, day = r->target - 1, n = tally_items(tl);
    for (int l = 0; l < BACKTEST_N_LEVELS; l++) {
        double want = backtest_levels[l] / 100.0;
        int32_t c = 0;
        while (c < n && at_least(tl, c + 1, day, n) >= want)
            c++;
        r->q[l] = c;
        r->own[l] = at_least(tl, c, day, n);
    }
    int32_t until = t + r->target;
    r->censored = until > p->scenarios[0].settings.history_end;
    if (r->censored) {
        r->actual = -1;
        r->pit = (double)NAN;
        return;
    }
    int32_t a = done_between(h, t, until);
    r->actual = a;
    /* F(c) = P(count <= c) = 1 - P(count >= c + 1) */
    double lo = 1.0 - at_least(tl, a, day, n), hi = 1.0 - at_least(tl, a + 1, day, n);
    r->pit = lo + unit_random(p, k, t, BACKTEST_HOW_MANY, r->target) * (hi - lo);
    r->abs_error = fabs((double)(r->q[0] - a));
    double naive = rate * working_days_between(p, k, t, until);
    for (int l = 0; l < 3; l++) {
        /* the level's quantile: the smallest c with P(count <= c) >= level */
        int32_t c = 0;
        while (c < n && 1.0 - at_least(tl, c + 1, day, n) < PINBALL_LEVELS[l])
            c++;
        r->pinball += pinball(a, c, PINBALL_LEVELS[l]);
        r->pinball_naive += pinball(a, naive, PINBALL_LEVELS[l]);
    }
}

/* ---- the walk -------------------------------------------------------------------------- */

static status_code add_row(backtest *b, const backtest_row *r)
{
    if (b->n_rows == b->cap_rows) {
        int32_t cap = b->cap_rows ? 2 * b->cap_rows : 64;
        backtest_row *grown = realloc(b->rows, (size_t)cap * sizeof *grown);
        if (!grown)
            return STATUS_ENOMEM;
        b->rows = grown;
        b->cap_rows = cap;
    }
    b->rows[b->n_rows++] = *r;
    return STATUS_OK;
}

/* The forecasts of team k at checkpoint t, into b's rows. */
static status_code checkpoint_team(backtest *b, team_plan *tp, int32_t k, const team_history *h,
                                   int32_t t, const backtest_options *opt,
                                   const forecast_options *run, status *st)
{
    const plan *p = b->p;
    status_code rc = team_at(tp, p, k, h, t, st);
    double median = 0.0;
    int32_t most = 0, n_planned = 0;
    if (rc == STATUS_OK) {
        four_week_counts(&tp->team, &median, &most);
        for (int32_t j = 0; j < tp->team.n_days; j++)
            n_planned += tp->team.day_planned[j];
    }
    if (rc != STATUS_OK || tp->team.n_days == 0 || n_planned == 0) {
        history_team_fini(&tp->team);
        return rc; /* nothing to forecast from */
    }
    double rate = (double)n_planned / tp->team.n_days;
    bool unstable =
        fit_stability_halves(tp->team.day_planned, tp->team.n_days) >= FIT_STABILITY_WARN;
    int32_t targets[BACKTEST_ITEMS_MAX];
    int32_t n_targets = when_targets(opt, median, targets), n_items = 0;
    for (int32_t j = 0; j < n_targets; j++)
        n_items = targets[j] > n_items ? targets[j] : n_items;
    /* enough unit items that 60 days almost surely do not use them all */
    int32_t need = (int32_t)ceil(3.5 * most) + 10;
    n_items = need > n_items ? need : n_items;
    n_items = n_items < UNIT_ITEMS_MAX ? n_items : UNIT_ITEMS_MAX;
    forecast *f = NULL;
    if ((rc = team_plan_reserve(tp, n_items)) != STATUS_OK)
        rc = status_set(st, rc, "out of memory for the backtest");
    if (rc == STATUS_OK) {
        build_plan(tp, p, opt, t, n_items);
        rc = forecast_run(&tp->p, run, &f, st);
    }
    for (int32_t j = 0; rc == STATUS_OK && j < n_targets; j++) {
        backtest_row r = {.checkpoint = t,
                          .team = k,
                          .kind = BACKTEST_WHEN,
                          .target = targets[j],
                          .unstable = unstable};
        score_when(&r, p, k, h, forecast_tally(f, 0), rate);
        if (add_row(b, &r) != STATUS_OK)
            rc = status_set(st, STATUS_ENOMEM, "out of memory for the backtest");
    }
    for (int32_t j = 0; rc == STATUS_OK && j < BACKTEST_N_HORIZONS; j++) {
        backtest_row r = {.checkpoint = t,
                          .team = k,
                          .kind = BACKTEST_HOW_MANY,
                          .target = backtest_horizons[j],
                          .unstable = unstable};
        score_how_many(&r, p, k, h, forecast_tally(f, 0), rate);
        if (add_row(b, &r) != STATUS_OK)
            rc = status_set(st, STATUS_ENOMEM, "out of memory for the backtest");
    }
    forecast_destroy(f);
    history_team_fini(&tp->team);
    return rc;
}

/* The checkpoints: the defaults, checked against the history. */
static status_code resolve_range(backtest *b, const backtest_options *opt, const team_history *h,
                                 int32_t min_history, status *st)
{
    const plan *p = b->p;
    int32_t end = p->scenarios[0].settings.history_end;
    int32_t first = DATE_NONE, largest = backtest_horizons[BACKTEST_N_HORIZONS - 1],
            shortest = backtest_horizons[0];
    for (int32_t k = 0; k < p->n_teams; k++)
        if (h[k].first_record != DATE_NONE && (first == DATE_NONE || h[k].first_record < first))
            first = h[k].first_record;
    char a[DATE_TEXT_SIZE], c[DATE_TEXT_SIZE];
    if (first == DATE_NONE)
        return status_set(st, STATUS_EINPUT, "history.csv: no records of the teams to backtest");
    b->from = opt->from != DATE_NONE ? opt->from : first + min_history - 1;
    b->to = opt->to != DATE_NONE ? opt->to : end - largest;
    if (b->from < first)
        return status_set(st, STATUS_EINPUT,
                          "--from: expected a checkpoint inside the history, on or after its "
                          "first record %s, found %s",
                          date_format(first, a), date_format(b->from, c));
    if (b->to > end - shortest)
        return status_set(st, STATUS_EINPUT,
                          "--to: a checkpoint on %s would look past the end of the history "
                          "(%s): even its shortest horizon (%d days) ends later; expected a date "
                          "on or before %s",
                          date_format(b->to, a), date_format(end, c), (int)shortest,
                          date_format(end - shortest, (char[DATE_TEXT_SIZE]){0}));
    if (b->from > b->to)
        return status_set(st, STATUS_EINPUT,
                          "no checkpoint: the first (%s) comes after the last (%s); the history "
                          "needs %d days before the first (the window, or --min-history) and "
                          "%d after the last (%d with --to)",
                          date_format(b->from, a), date_format(b->to, c), (int)min_history,
                          (int)largest, (int)shortest);
    return STATUS_OK;
}

/* Whether team k is forecast at checkpoint t: a measured team whose history up to t spans
 * min_history days. */
static bool takes_part(const plan *p, int32_t k, const team_history *h, int32_t t,
                       int32_t min_history)
{
    return !p->teams[k].estimated && h->first_record != DATE_NONE &&
           t - h->first_record + 1 >= min_history;
}

status_code backtest_run(const plan *p, const backtest_options *opt, backtest **out, status *st)
{
    *out = NULL;
    backtest *b = calloc(1, sizeof *b);
    team_history *h = calloc((size_t)p->n_teams + 1, sizeof *h);
    team_plan tp = {0};
    status_code rc = b && h ? STATUS_OK : STATUS_ENOMEM;
    if (b)
        b->p = p;
    for (int32_t k = 0; rc == STATUS_OK && k < p->n_teams; k++)
        rc = team_history_init(&h[k], p, k);
    if (rc != STATUS_OK)
        status_set(st, rc, "out of memory for the backtest");
    int32_t min_history =
        opt->min_history_days > 0 ? opt->min_history_days : p->scenarios[0].settings.window_days;
    if (rc == STATUS_OK)
        rc = resolve_range(b, opt, h, min_history, st);
    uint64_t total = 0, first = 0, count = 0, pair = 0;
    for (int32_t t = b ? b->from : 0; rc == STATUS_OK && t <= b->to; t += opt->every_days)
        for (int32_t k = 0; k < p->n_teams; k++)
            total += takes_part(p, k, &h[k], t, min_history);
    cluster_block(total, opt->part, opt->n_parts > 0 ? opt->n_parts : 1, &first, &count);
    forecast_options run = opt->run;
    run.on_progress = NULL;
    for (int32_t t = b ? b->from : 0; rc == STATUS_OK && t <= b->to; t += opt->every_days) {
        for (int32_t k = 0; rc == STATUS_OK && k < p->n_teams; k++) {
            if (!takes_part(p, k, &h[k], t, min_history))
                continue;
            if (pair < first || pair >= first + count)
                ; /* another process's */
            else if (opt->run.stop && *opt->run.stop)
                rc = status_set(st, STATUS_EINTERRUPT, "interrupted");
            else
                rc = checkpoint_team(b, &tp, k, &h[k], t, opt, &run, st);
            pair++;
        }
        uint64_t done = pair < first ? 0 : pair - first < count ? pair - first : count;
        if (rc == STATUS_OK && opt->on_progress && pair > first)
            opt->on_progress(opt->progress_arg, done, count);
    }
    for (int32_t k = 0; h && k < p->n_teams; k++)
        team_history_fini(&h[k]);
    free(h);
    team_plan_fini(&tp);
    if (rc != STATUS_OK) {
        backtest_destroy(b);
        return rc;
    }
    *out = b;
    return STATUS_OK;
}

void backtest_destroy(backtest *b)
{
    if (!b)
        return;
    free(b->rows);
    free(b);
}

status_code backtest_replace_rows(backtest *b, backtest_row *rows, int32_t n, status *st)
{
    (void)st;
    free(b->rows);
    b->rows = rows;
    b->n_rows = b->cap_rows = n;
    return STATUS_OK;
}

int32_t backtest_n_rows(const backtest *b)
{
    return b->n_rows;
}

const backtest_row *backtest_rows(const backtest *b)
{
    return b->rows;
}

int32_t backtest_from(const backtest *b)
{
    return b->from;
}

int32_t backtest_to(const backtest *b)
{
    return b->to;
}

int32_t backtest_n_teams(const backtest *b)
{
    return b->p->n_teams;
}

const char *backtest_team_name(const backtest *b, int32_t team)
{
    return b->p->teams[team].name;
}
