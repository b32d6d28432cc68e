/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_cmd: the report's input from a plan and a run; see report_cmd.h. */
#include "report_cmd.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "drivers.h"
#include "report.h"
#include "setting.h"

/* The strings built for one report, freed together. */
typedef struct text_pool {
    char **texts;
    size_t n, cap;
    bool failed;
} text_pool;

static const char *pool_printf(text_pool *pool, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *pool_printf(text_pool *pool, const char *fmt, ...)
{
    if (pool->failed)
        return "";
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (text && pool->n == pool->cap) {
        size_t cap = pool->cap ? 2 * pool->cap : 64;
        char **grown = realloc(pool->texts, cap * sizeof *grown);
        if (grown) {
            pool->texts = grown;
            pool->cap = cap;
        }
    }
    if (!text || pool->n == pool->cap) {
        free(text);
        pool->failed = true;
        return "";
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)len + 1, fmt, ap);
    va_end(ap);
    pool->texts[pool->n++] = text;
    return text;
}

static void pool_free(text_pool *pool)
{
    for (size_t k = 0; k < pool->n; k++)
        free(pool->texts[k]);
    free(pool->texts);
}

/* The folder's last name: "examples/platform-q1/" -> "platform-q1". */
static const char *plan_title(text_pool *pool, const char *plan_dir)
{
    size_t len = strlen(plan_dir);
    while (len > 1 && plan_dir[len - 1] == '/')
        len--;
    size_t from = len;
    while (from > 0 && plan_dir[from - 1] != '/')
        from--;
    return pool_printf(pool, "%.*s", (int)(len - from), plan_dir + from);
}

/* A word the shell reads back as it is. */
static const char *shell_word(text_pool *pool, const char *word)
{
    bool plain = *word != '\0';
    for (const char *s = word; *s && plain; s++)
        plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+:,=",
                       *s) != NULL;
    if (plain)
        return word;
    size_t len = strlen(word), o = 0;
    char *quoted = malloc(4 * len + 3);
    if (!quoted) {
        pool->failed = true;
        return "";
    }
    quoted[o++] = '\'';
    for (const char *s = word; *s; s++) {
        if (*s == '\'') {
            memcpy(quoted + o, "'\\''", 4);
            o += 4;
        } else {
            quoted[o++] = *s;
        }
    }
    quoted[o++] = '\'';
    quoted[o] = '\0';
    const char *out = pool_printf(pool, "%s", quoted);
    free(quoted);
    return out;
}

static const char *command_line(text_pool *pool, const char *plan_dir, const plan *p,
                                const char *calibration_dir)
{
    const plan_settings *base = &p->scenarios[0].settings;
    char start[DATE_TEXT_SIZE], horizon[DATE_TEXT_SIZE] = "";
    date_format(base->start, start);
    if (base->horizon != DATE_NONE)
        date_format(base->horizon, horizon);
    return pool_printf(
        pool, "shipcast forecast %s --trials=%" PRIu64 " --seed=%" PRIu64 " --start=%s%s%s%s%s",
        shell_word(pool, plan_dir), base->trials, base->seed, start,
        base->horizon != DATE_NONE ? " --horizon=" : "", horizon,
        calibration_dir ? " --calibration " : "",
        calibration_dir ? shell_word(pool, calibration_dir) : "");
}

static const char *number_text(text_pool *pool, double x)
{
    return pool_printf(pool, "%g", x);
}

/* A list of "key = value" settings of one scenario, growing. */
typedef struct setting_list {
    report_setting *items;
    int32_t n, cap;
} setting_list;

static void add_setting(text_pool *pool, setting_list *l, const char *scenario, const char *key,
                        const char *value)
{
    if (l->n == l->cap) {
        int32_t cap = l->cap ? 2 * l->cap : 32;
        report_setting *grown = realloc(l->items, (size_t)cap * sizeof *grown);
        if (!grown) {
            pool->failed = true;
            return;
        }
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->n++] = (report_setting){scenario, key, value};
}

/* The text of setting def's value in scenario s (the scenario's own, team -1), as run.json
 * writes it; "none" for a date not given; NULL when the scenario has no such value. */
static const char *registry_text(text_pool *pool, const plan *p, int32_t s, const setting *def)
{
    const void *value = setting_value_in(def, p, s, -1);
    if (!value)
        return NULL;
    char small[256];
    int n = setting_format(def, value, small, sizeof small);
    if (n <= 0)
        return "none";
    if (n < (int)sizeof small)
        return pool_printf(pool, "%s", small);
    char *big = malloc((size_t)n + 1);
    if (!big) {
        pool->failed = true;
        return NULL;
    }
    setting_format(def, value, big, (size_t)n + 1);
    const char *text = pool_printf(pool, "%s", big);
    free(big);
    return text;
}

/* One scenario's settings, every one of them: each setting of the registry (as run.json has
 * them), then the per-team values. */
static void scenario_settings(text_pool *pool, const plan *p, int32_t s, setting_list *l)
{
    const plan_scenario *sc = &p->scenarios[s];
    const plan_settings *set = &sc->settings;
    const char *name = sc->name;
    for (int32_t i = 0; i < setting_count(); i++) {
        const setting *def = setting_at(i);
        /* [history]'s keys are the loader's; split and wip: per team below */
        if (def->scope == SETTING_SCOPE_HISTORY || !strcmp(def->name, "split") ||
            !strcmp(def->name, "wip"))
            continue;
        const char *text = registry_text(pool, p, s, def);
        if (text)
            add_setting(pool, l, name, def->name, text);
    }
    /* Per team: the WIP limit always; interruption scale and split only where a team's value
     * is not the scenario's own (one "split" when every team has the same range). */
    bool same_split = true;
    for (int32_t t = 1; sc->teams && t < p->n_teams; t++)
        same_split = same_split && sc->teams[t].split_low == sc->teams[0].split_low &&
                     sc->teams[t].split_high == sc->teams[0].split_high;
    if (sc->teams && p->n_teams > 0 && same_split)
        add_setting(pool, l, name, "split",
                    pool_printf(pool, "%g,%g", sc->teams[0].split_low, sc->teams[0].split_high));
    for (int32_t t = 0; sc->teams && t < p->n_teams; t++) {
        const plan_team_settings *ts = &sc->teams[t];
        const char *team = p->teams[t].name;
        add_setting(pool, l, name, pool_printf(pool, "wip[%s]", team),
                    pool_printf(pool, "%" PRId32, ts->wip));
        if (ts->interrupt_scale != set->interrupt_scale)
            add_setting(pool, l, name, pool_printf(pool, "interrupt_scale[%s]", team),
                        number_text(pool, ts->interrupt_scale));
        if (!same_split)
            add_setting(pool, l, name, pool_printf(pool, "split[%s]", team),
                        pool_printf(pool, "%g,%g", ts->split_low, ts->split_high));
    }
    for (int32_t i = 0; i < p->n_items; i++) {
        bool in = !sc->item_in || sc->item_in[i];
        bool base_in = !p->scenarios[0].item_in || p->scenarios[0].item_in[i];
        if (in != base_in)
            add_setting(pool, l, name, in ? "adds" : "drop", p->items[i].id);
        double prio = sc->item_priority ? sc->item_priority[i] : p->items[i].priority;
        if (in && prio != p->items[i].priority)
            add_setting(pool, l, name, pool_printf(pool, "priority[%s]", p->items[i].id),
                        number_text(pool, prio));
    }
}

/* The baseline's settings, then for each other scenario those in which it differs from the
 * baseline (the whole record is run.json). */
static report_setting *collect_settings(text_pool *pool, const plan *p, int32_t *n_out)
{
    setting_list base = {NULL, 0, 0}, all = {NULL, 0, 0};
    scenario_settings(pool, p, 0, &base);
    for (int32_t k = 0; k < base.n; k++)
        add_setting(pool, &all, base.items[k].scenario, base.items[k].key, base.items[k].value);
    for (int32_t s = 1; s < p->n_scenarios; s++) {
        setting_list mine = {NULL, 0, 0};
        scenario_settings(pool, p, s, &mine);
        for (int32_t k = 0; k < mine.n; k++) {
            bool same = false;
            for (int32_t b = 0; b < base.n && !same; b++)
                same = !strcmp(base.items[b].key, mine.items[k].key) &&
                       !strcmp(base.items[b].value, mine.items[k].value);
            if (!same)
                add_setting(pool, &all, mine.items[k].scenario, mine.items[k].key,
                            mine.items[k].value);
        }
        free(mine.items);
    }
    free(base.items);
    if (pool->failed) {
        free(all.items);
        return NULL;
    }
    *n_out = all.n;
    if (!all.items) /* a plan always has settings; an empty list is still a valid array */
        all.items = calloc(1, sizeof *all.items);
    return all.items;
}

/* The baseline's strongest drivers (drivers.csv's first rows) in the report's words. */
enum { REPORT_DRIVERS_MAX = 15 };

static report_driver *collect_drivers(text_pool *pool, const plan *p, const forecast *f,
                                      int32_t *n_out)
{
    drivers_row *rows = NULL;
    int32_t n = 0, n_edges;
    const int32_t *from, *to;
    *n_out = 0;
    if (drivers_rows(forecast_drivers(f, 0), &rows, &n, NULL) != STATUS_OK)
        return NULL;
    forecast_edges(f, &n_edges, &from, &to);
    report_driver *out = calloc(REPORT_DRIVERS_MAX + 1, sizeof *out);
    for (int32_t k = 0; out && k < n && *n_out < REPORT_DRIVERS_MAX; k++) {
        const drivers_row *r = &rows[k];
        const char *name = NULL;
        switch (r->kind) {
        case DRIVERS_ITEM:
            name = p->items[r->a].id;
            break;
        case DRIVERS_EDGE:
            name = pool_printf(pool, "%s -> %s", p->items[from[r->a]].id, p->items[to[r->a]].id);
            break;
        case DRIVERS_RESOURCE:
            name = pool_printf(pool, "%s => %s (%s's slot)", p->items[r->a].id, p->items[r->b].id,
                               p->teams[p->items[r->b].team].name);
            break;
        case DRIVERS_TEAM:
            name = p->teams[r->a].name;
            break;
        }
        if (r->share_plan_chain > 0.0)
            out[(*n_out)++] =
                (report_driver){drivers_kind_name(r->kind), name, r->share_plan_chain};
    }
    free(rows);
    return out;
}

/* The tornado's bars: per team, its WIP -1 (low) / +1 (high), its capacity x1.2 and its
 * interruptions x0.5 (one side each), and each dependency removed; the paired mean days the
 * plan's finish moves. The REPORT_TORNADO_MAX largest swings, largest first. */
enum { REPORT_TORNADO_MAX = 15 };

static double swing(const report_sensitivity *r)
{
    return fmax(fabs(r->low_days), fabs(r->high_days));
}

static int compare_swing(const void *a, const void *b)
{
    double x = swing(a), y = swing(b);
    return (x < y) - (x > y);
}

static report_sensitivity *collect_tornado(text_pool *pool, const plan *p, const sensitivity *sens,
                                           const sensitivity_row *rows, int32_t *n_out)
{
    *n_out = 0;
    int32_t n = sens ? sensitivity_n_changes(sens) : 0;
    report_sensitivity *bars = calloc((size_t)n + 1, sizeof *bars);
    if (!bars)
        return NULL;
    const sensitivity_change *changes = sens ? sensitivity_changes(sens) : NULL;
    for (int32_t k = 0; k < n; k++) {
        const sensitivity_change *c = &changes[rows[k].change];
        double days = isnan(rows[k].delta_plan_days_mean) ? 0.0 : rows[k].delta_plan_days_mean;
        char target[512];
        sensitivity_target(sens, c, target, sizeof target);
        if (c->kind == SENSITIVITY_WIP_UP || c->kind == SENSITIVITY_WIP_DOWN) {
            /* one bar per team for both directions */
            const char *label = pool_printf(pool, "%s: WIP limit", target);
            report_sensitivity *bar = NULL;
            for (int32_t b = 0; b < *n_out && !bar; b++)
                if (strcmp(bars[b].setting, label) == 0)
                    bar = &bars[b];
            if (!bar) {
                bar = &bars[(*n_out)++];
                *bar = (report_sensitivity){label, "", "", 0.0, 0.0};
            }
            if (c->kind == SENSITIVITY_WIP_DOWN) {
                bar->low_value = "-1";
                bar->low_days = days;
            } else {
                bar->high_value = "+1";
                bar->high_days = days;
            }
            continue;
        }
        const char *label =
            c->kind == SENSITIVITY_NO_DEPENDENCY ? pool_printf(pool, "dependency %s", target)
            : c->kind == SENSITIVITY_CAPACITY    ? pool_printf(pool, "%s: capacity", target)
                                                 : pool_printf(pool, "%s: interruptions", target);
        const char *change = c->kind == SENSITIVITY_NO_DEPENDENCY ? "removed"
                             : c->kind == SENSITIVITY_CAPACITY    ? "x1.2"
                                                                  : "x0.5";
        bars[(*n_out)++] = (report_sensitivity){label, "", change, 0.0, days};
    }
    (void)p;
    qsort(bars, (size_t)*n_out, sizeof *bars, compare_swing);
    if (*n_out > REPORT_TORNADO_MAX)
        *n_out = REPORT_TORNADO_MAX;
    return bars;
}

/* "Can we trust it?" from a backtest's calibration.csv: per team its `all` row (in the file's
 * order) with the first flag of its rows, the pooled rows, and the plan's teams without a row.
 * The arrays are the store's; texts are borrowed from cal and p. */
typedef struct calibration_store {
    report_calibration in;
    report_calibration_team *teams;
    const char **no_record;
    uint8_t *in_plan; /* per row of cal */
} calibration_store;

static report_calibration_pooled pooled_row(const calibration *cal, backtest_scope target)
{
    report_calibration_pooled out = {0, {0}, {0}, ""};
    const calibration_row *r = calibration_find(cal, NULL, target);
    if (!r)
        return out;
    out.forecasts = r->forecasts;
    for (int l = 0; l < REPORT_CALIBRATION_LEVELS; l++) {
        out.coverage[l] = r->coverage[l];
        out.perfect[l] = r->perfect[l];
    }
    out.flag = r->flag;
    return out;
}

static bool collect_calibration(const plan *p, const calibration *cal, const char *dir,
                                calibration_store *out)
{
    int32_t n = calibration_n_rows(cal);
    const calibration_row *rows = calibration_rows(cal);
    out->teams = calloc((size_t)n + 1, sizeof *out->teams);
    out->no_record = calloc((size_t)p->n_teams + 1, sizeof *out->no_record);
    out->in_plan = calloc((size_t)n + 1, 1);
    if (!out->teams || !out->no_record || !out->in_plan)
        return false;
    int32_t n_no_record = 0, n_teams = 0;
    for (int32_t t = 0; t < p->n_teams; t++) {
        const calibration_row *r = calibration_find(cal, p->teams[t].name, BACKTEST_SCOPE_ALL);
        if (r && !r->pooled)
            out->in_plan[r - rows] = 1;
        else
            out->no_record[n_no_record++] = p->teams[t].name;
    }
    static const int levels[3] = {0, 2, 3}; /* P50, P85, P95 */
    for (int32_t k = 0; k < n; k++) {
        const calibration_row *r = &rows[k];
        if (r->pooled || r->target != BACKTEST_SCOPE_ALL)
            continue;
        report_calibration_team *t = &out->teams[n_teams++];
        *t = (report_calibration_team){.team = r->team,
                                       .forecasts = r->forecasts,
                                       .flag = r->flag,
                                       .in_plan = out->in_plan[k] != 0};
        for (int l = 0; l < 3; l++) {
            t->coverage[l] = r->coverage[levels[l]];
            t->perfect[l] = r->perfect[levels[l]];
        }
        /* the flag of both kinds together, else of one kind */
        for (int s = BACKTEST_SCOPE_WHEN; !*t->flag && s <= BACKTEST_SCOPE_HOW_MANY; s++) {
            const calibration_row *kind = calibration_find(cal, r->team, (backtest_scope)s);
            if (kind)
                t->flag = kind->flag;
        }
    }
    out->in = (report_calibration){.source = dir,
                                   .teams = out->teams,
                                   .n_teams = n_teams,
                                   .when = pooled_row(cal, BACKTEST_SCOPE_WHEN),
                                   .how_many = pooled_row(cal, BACKTEST_SCOPE_HOW_MANY),
                                   .all = pooled_row(cal, BACKTEST_SCOPE_ALL),
                                   .no_record = out->no_record,
                                   .n_no_record = n_no_record};
    return true;
}

static void calibration_store_fini(calibration_store *s)
{
    free(s->teams);
    free(s->no_record);
    free(s->in_plan);
}

status_code report_cmd_write(FILE *out, const char *name, const char *plan_dir, const plan *p,
                             const forecast *f, const summary_scenario *views,
                             const summary_item *items, const burnup_curve *curves,
                             const sensitivity *sens, const sensitivity_row *sens_rows,
                             const verdicts *vd, const calibration *cal,
                             const char *calibration_dir, status *st)
{
    text_pool pool = {NULL, 0, 0, false};
    size_t n_scen = (size_t)p->n_scenarios, n_items = (size_t)p->n_items;
    int32_t n_warnings = p->n_warnings, n_flags = verdicts_count(vd);
    report_team_flag *flags = calloc((size_t)n_flags + 1, sizeof *flags);
    for (int32_t k = 0; flags && k < n_flags; k++) {
        const verdict *v = verdicts_at(vd, k);
        /* the sentence without its "team 'NAME': " lead: the report shows the team beside it */
        const char *detail = strstr(v->text, "': ");
        flags[k] = (report_team_flag){p->teams[v->team].name, fit_flag_name(v->flag),
                                      detail ? detail + 3 : v->text};
    }
    report_item *ritems = calloc(n_items + 1, sizeof *ritems);
    report_scenario *rscen = calloc(n_scen, sizeof *rscen);
    const char **teams = calloc((size_t)p->n_teams + 1, sizeof *teams);
    const char **warnings = calloc((size_t)n_warnings + 1, sizeof *warnings);
    report_input_file *inputs = calloc((size_t)p->n_files + 2, sizeof *inputs);
    calibration_store cstore = {0};
    bool cal_ok = !cal || collect_calibration(p, cal, calibration_dir, &cstore);
    int32_t n_settings = 0;
    report_setting *settings = collect_settings(&pool, p, &n_settings);
    int32_t n_drivers = 0, n_bars = 0;
    report_driver *rdrivers = collect_drivers(&pool, p, f, &n_drivers);
    report_sensitivity *bars = collect_tornado(&pool, p, sens, sens_rows, &n_bars);
    /* the baseline's cut line, when it has a horizon */
    int32_t *cut_order = malloc(n_items * sizeof *cut_order + 1), n_cut = 0;
    double *cut_p = malloc(n_items * sizeof *cut_p + 1);
    int32_t cut_above = cut_order ? summary_cut_line(&views[0], p->n_items, cut_order, &n_cut) : -1;
    report_cut_line cut = {n_cut, cut_order, cut_p, cut_above};
    for (int32_t k = 0; cut_p && views[0].horizon != DATE_NONE && k < n_cut; k++)
        cut_p[k] =
            (double)tally_count_by(views[0].t, cut_order[k], views[0].horizon - views[0].start) /
            (double)tally_trials(views[0].t);
    status_code rc = STATUS_OK;
    if (!ritems || !rscen || !teams || !warnings || !inputs || !settings || !rdrivers ||
        !cut_order || !cut_p || !bars || !flags || !cal_ok) {
        rc = STATUS_ENOMEM;
        status_set(st, rc, "out of memory for the report");
    }
    if (rc == STATUS_OK) {
        const double *priority = p->scenarios[0].item_priority;
        for (int32_t i = 0; i < p->n_items; i++)
            ritems[i] = (report_item){items[i].id, items[i].title, p->items[i].team,
                                      priority ? priority[i] : p->items[i].priority, items[i].due};
        for (int32_t t = 0; t < p->n_teams; t++)
            teams[t] = p->teams[t].name;
        for (int32_t s = 0; s < p->n_scenarios; s++)
            rscen[s] = (report_scenario){&views[s], &curves[s], p->scenarios[s].comment};
        for (int32_t w = 0; w < n_warnings; w++)
            warnings[w] = p->warnings[w];
        int32_t n_inputs = p->n_files;
        for (int32_t k = 0; k < p->n_files; k++)
            inputs[k] = (report_input_file){p->files[k].name, p->files[k].sha256};
        if (cal)
            inputs[n_inputs++] =
                (report_input_file){calibration_path(cal), calibration_sha256(cal)};
        const plan_settings *base = &p->scenarios[0].settings;
        report_input in = {
            .title = plan_title(&pool, plan_dir),
            .teams = teams,
            .n_teams = p->n_teams,
            .items = ritems,
            .n_items = p->n_items,
            .scenarios = rscen,
            .n_scenarios = p->n_scenarios,
            .warnings = warnings,
            .n_warnings = n_warnings,
            .reproduce = {SHIPCAST_VERSION, command_line(&pool, plan_dir, p, calibration_dir),
                          base->seed, base->trials, settings, n_settings, inputs, n_inputs},
            .drivers = rdrivers,
            .n_drivers = n_drivers,
            .cut_line = cut_above >= 0 ? &cut : NULL,
            .sensitivity = bars,
            .n_sensitivity = n_bars,
            .team_flags = flags,
            .n_team_flags = n_flags,
            .calibration = cal ? &cstore.in : NULL,
        };
        if (pool.failed)
            rc = status_set(st, STATUS_ENOMEM, "out of memory for the report");
        else
            rc = report_write(out, name, &in, st);
    }
    free(ritems);
    free(rscen);
    free(teams);
    free(warnings);
    free(inputs);
    free(settings);
    free(rdrivers);
    free(bars);
    free(flags);
    free(cut_order);
    free(cut_p);
    calibration_store_fini(&cstore);
    pool_free(&pool);
    return rc;
}
