/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * setting: the registry of run settings; see setting.h.
 *
 * An entry is a row of data and its type a row of functions (setting_type.h): nothing here
 * branches on a setting's name. To add a setting, add its row below (and its field in plan.h
 * where it has none yet); the parser, teams.csv, run.json and the docs' table follow.
 */
#include "setting.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "datefmt.h"
#include "import.h"
#include "parse.h"
#include "setting_type.h"
#include "terms.h"

/* ---- the registry ---- */

static const setting_choice setting_periods[] = {
    {"day", PLAN_PERIOD_DAY, "capacity drawn per working day from daily samples"},
    {"week", PLAN_PERIOD_WEEK,
     "capacity drawn once per team-week from weekly totals and spread evenly over its working "
     "days"}};

static const setting_choice setting_size_dists[] = {
    {"uniform", PLAN_SIZE_UNIFORM, "uniform on the whole numbers low..high"},
    {"triangular", PLAN_SIZE_TRIANGULAR, "triangular with its mode in the middle of the range"},
    {"lognormal", PLAN_SIZE_LOGNORMAL,
     "log-normal with low and high as its 5th and 95th percentiles"}};

static const setting_choice setting_bootstraps[] = {
    {"day", PLAN_BOOTSTRAP_DAY, "each working day draws one historical working day"},
    {"week_block", PLAN_BOOTSTRAP_WEEK_BLOCK,
     "each week draws one historical Monday-to-Sunday week and replays its working days in order "
     "(keeps the within-week correlation of bad weeks)"}};

static const setting_choice setting_split_draws[] = {
    {"item", PLAN_SPLIT_PER_ITEM, "every item draws its own factor"},
    {"trial", PLAN_SPLIT_PER_TRIAL,
     "one uniform number per trial places every item in its range: a trial is uniformly "
     "optimistic or pessimistic"}};

static const setting_choice setting_paces[] = {
    {"plain", PLAN_PACE_PLAIN,
     "every sample of the window equally likely: the team's pace exactly as it was"},
    {"level", PLAN_PACE_LEVEL,
     "recent samples likelier (pace_half_life), and each trial draws a level for each team's "
     "pace, as wide as the window's evidence and the team's own drift allow "
     "(docs/calibration.md)"}};

static const setting_choice setting_import_formats[] = {
    {"auto", IMPORT_AUTO, "recognised from each file's header (a JSON file is GitHub's)"},
    {"jira", IMPORT_JIRA, "Jira, Export CSV (all fields)"},
    {"linear", IMPORT_LINEAR, "Linear's CSV export"},
    {"github", IMPORT_GITHUB, "the JSON of gh issue list"},
    {"azure", IMPORT_AZURE, "an Azure DevOps query exported to CSV"},
    {"changelog", IMPORT_CHANGELOG, "a status-change log, one row per change"},
    {"csv", IMPORT_CSV, "any CSV file, its columns named by map[FIELD]"}};

static const setting_choice setting_date_forms[] = {
    {"iso", DATEFMT_ISO, "2026-11-21, 2026-11-21T15:04:05Z"},
    {"DD/MMM/YY", DATEFMT_DMMMY, "21/Nov/26 3:04 PM"},
    {"DD.MM.YYYY", DATEFMT_DMY_DOT, "21.11.2026"},
    {"DD/MM/YYYY", DATEFMT_DMY_SLASH, "21/11/2026"},
    {"MM/DD/YYYY", DATEFMT_MDY_SLASH, "11/21/2026 3:04:05 PM"}};

#define SETTING_CHOICES(list) .choices = (list), .n_choices = sizeof(list) / sizeof *(list)
/* A [history] key: the loader keeps its text (plan_import.c); it lives nowhere else. */
#define SETTING_IN_HISTORY                                                                         \
    .scope = SETTING_SCOPE_HISTORY, .run_offset = -1, .team_offset = -1, .plan_offset = -1,        \
    .size = 1
/* Where a value lives: only there (the other offsets -1), with its size. */
#define SETTING_IN_RUN(field)                                                                      \
    .run_offset = offsetof(plan_settings, field), .team_offset = -1, .plan_offset = -1,            \
    .size = sizeof(((plan_settings *)0)->field)
#define SETTING_IN_TEAM(field)                                                                     \
    .run_offset = -1, .team_offset = offsetof(plan_team_settings, field), .plan_offset = -1,       \
    .size = sizeof(((plan_team_settings *)0)->field)
#define SETTING_IN_BOTH(field)                                                                     \
    .run_offset = offsetof(plan_settings, field),                                                  \
    .team_offset = offsetof(plan_team_settings, field), .plan_offset = -1,                         \
    .size = sizeof(((plan_settings *)0)->field)

static const setting setting_table[] = {
    {.name = "start",
     .type = &setting_type_date,
     .default_doc = "the day after `history_end`",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "first simulated day",
     SETTING_IN_RUN(start)},
    {.name = "horizon",
     .type = &setting_type_date,
     .default_doc = "none",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "date for P(by horizon), inclusive (e.g. the quarter's last day)",
     SETTING_IN_RUN(horizon)},
    {.name = "history_end",
     .type = &setting_type_date,
     .default_doc = "the latest `done` in history.csv",
     .scope = SETTING_SCOPE_RUN,
     .meaning = "last day of the history export; the sampling window ends on it",
     SETTING_IN_RUN(history_end)},
    {.name = "history_start",
     .type = &setting_type_date,
     .default_doc = "each team's first record (its earliest `started` or `done`)",
     .scope = SETTING_SCOPE_RUN,
     .meaning = "first day of the history export: no team's sampling window starts before it "
                "(teams.csv `history_start` per team); days between it and a team's first "
                "record are empty days",
     SETTING_IN_RUN(history_start)},
    {.name = "window",
     .type = &setting_type_whole,
     .min = 1,
     .max = 3650,
     .unit = "calendar days",
     .default_value = "90",
     .scope = SETTING_SCOPE_RUN,
     .meaning = "length of the sampling window, ending on `history_end`",
     SETTING_IN_RUN(window_days)},
    {.name = "unplanned",
     .type = &setting_type_names,
     .unit = "work types",
     .default_value = "bug,incident,support,ops,interrupt",
     .scope = SETTING_SCOPE_RUN,
     .meaning = "history.csv types counted as interruptions (case-insensitive)",
     .run_offset = -1,
     .team_offset = -1,
     .plan_offset = offsetof(plan, unplanned_types),
     .size = SETTING_NAMES_SIZE},
    {.name = "trials",
     .type = &setting_type_whole,
     .min = 1,
     .max = (double)TERMS_TRIALS_MAX,
     .default_value = "10000",
     .scope = SETTING_SCOPE_RUN,
     .meaning = "Monte Carlo trials (`--trials` replaces it)",
     SETTING_IN_RUN(trials)},
    {.name = "seed",
     .type = &setting_type_seed,
     .default_value = "1",
     .scope = SETTING_SCOPE_RUN,
     .meaning = "master seed of every random stream (`--seed` replaces it)",
     SETTING_IN_RUN(seed)},
    {.name = "interrupt_scale",
     .type = &setting_type_real,
     .min = 0,
     .max = 1,
     .default_value = "1",
     .scope = SETTING_SCOPE_TEAM,
     .meaning = "s: share of the historical interruption load that remains (0.5: half behind an "
                "on-call shield)",
     SETTING_IN_BOTH(interrupt_scale),
     .columns = {"interrupt_scale"}},
    {.name = "unplanned_effort",
     .type = &setting_type_real,
     .min = 0,
     .max = 10,
     .default_value = "1",
     .scope = SETTING_SCOPE_TEAM,
     .meaning = "r: stories of planned work one interruption displaces",
     SETTING_IN_BOTH(unplanned_effort),
     .columns = {"unplanned_effort"}},
    {.name = "capacity_scale",
     .type = &setting_type_real,
     .min = 0,
     .max = 100,
     .min_open = true,
     .default_value = "1",
     .scope = SETTING_SCOPE_TEAM,
     .meaning = "multiplies the team's capacity on every day (1.2: a fifth more); the "
                "sensitivity analysis tries 1.2 per team",
     SETTING_IN_BOTH(capacity_scale),
     .columns = {"capacity_scale"}},
    {.name = "context_switch",
     .type = &setting_type_factors,
     .min = 0,
     .max = 1,
     .min_open = true,
     .default_value = "1,0.8,0.6,0.4,0.25",
     .scope = SETTING_SCOPE_TEAM,
     .meaning = "f(1), f(2), ...: productive share with k streams per person (Weinberg)",
     .run_offset = offsetof(plan_settings, context_switch),
     .team_offset = offsetof(plan_team_settings, context_switch),
     .plan_offset = -1,
     .size = SETTING_FACTORS_SIZE,
     .columns = {"context_switch"}},
    {.name = "cap_years",
     .type = &setting_type_whole,
     .min = 1,
     .max = 100,
     .unit = "years",
     .default_value = "5",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "a trial stops after this many years; items not done by then are \"not within "
                "cap\"",
     SETTING_IN_RUN(cap_years)},
    {.name = "period",
     .type = &setting_type_choice,
     .default_value = "day",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "how capacity is drawn",
     SETTING_CHOICES(setting_periods),
     SETTING_IN_RUN(period)},
    {.name = "size_distribution",
     .type = &setting_type_choice,
     .default_value = "uniform",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "how an item's size is drawn from its range",
     SETTING_CHOICES(setting_size_dists),
     SETTING_IN_RUN(size_dist)},
    {.name = "bootstrap",
     .type = &setting_type_choice,
     .default_value = "week_block",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "how historical days are drawn",
     SETTING_CHOICES(setting_bootstraps),
     SETTING_IN_RUN(bootstrap)},
    {.name = "wip",
     .type = &setting_type_whole,
     .min = 1,
     .max = 100000,
     .default_doc = "teams.csv `wip`",
     .scope = SETTING_SCOPE_TEAM,
     .meaning = "WIP limit: the most plan items a team works on at once",
     SETTING_IN_TEAM(wip),
     .columns = {"wip"},
     .column_required = true},
    {.name = "split",
     .type = &setting_type_range,
     .min = 0,
     .max = 100,
     .min_open = true,
     .default_value = "1",
     .scope = SETTING_SCOPE_TEAM,
     .meaning = "split / scope-growth factor range: an item's drawn size is multiplied by a "
                "factor from it, rounded up (plan.csv's split_low/split_high override it per "
                "item)",
     .run_offset = -1,
     .team_offset = offsetof(plan_team_settings, split_low),
     .plan_offset = -1,
     .size = 2 * sizeof(double),
     .columns = {"split_low", "split_high"}},
    {.name = "split_draw",
     .type = &setting_type_choice,
     .default_value = "item",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "how split factors are drawn",
     SETTING_CHOICES(setting_split_draws),
     SETTING_IN_RUN(split_draw)},
    {.name = "pace",
     .type = &setting_type_choice,
     .default_value = "level",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "how a team's pace is drawn from its history",
     SETTING_CHOICES(setting_paces),
     SETTING_IN_RUN(pace)},
    {.name = "pace_half_life",
     .type = &setting_type_real,
     .min = 0,
     .max = 3650,
     .unit = "working days",
     .default_value = "20",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "with pace = level, a sample this much older is half as likely (0: all equally)",
     SETTING_IN_RUN(pace_half_life)},
    {.name = "pace_persistence",
     .type = &setting_type_real,
     .min = 0,
     .max = 10,
     .default_value = "1",
     .scope = SETTING_SCOPE_SCENARIO,
     .meaning = "with pace = level, how much of the team's past drift between 20-day blocks the "
                "level's spread carries (0: only the window's sampling error)",
     SETTING_IN_RUN(pace_persistence)},
    /* [history]: the exports to read instead of history.csv (docs/import.md) */
    {.name = "files",
     .type = &setting_type_names,
     .unit = "file names in the plan folder",
     .default_doc = "none: history.csv is read",
     .meaning = "the tracker exports that hold the history, read by the importer (`shipcast "
                "import`)",
     SETTING_IN_HISTORY},
    {.name = "format",
     .type = &setting_type_choice,
     .default_value = "auto",
     .meaning = "the exports' format",
     SETTING_CHOICES(setting_import_formats),
     SETTING_IN_HISTORY},
    {.name = "team",
     .type = &setting_type_text,
     .unit = "a team name",
     .default_doc = "the format's team column",
     .meaning = "the team of every work item (GitHub's issues name none)",
     SETTING_IN_HISTORY},
    {.name = "team_from",
     .type = &setting_type_text,
     .unit = "a column name",
     .default_doc = "Jira: Project key; Linear: Team; Azure: the last part of Area Path",
     .meaning = "the column naming each work item's team",
     SETTING_IN_HISTORY},
    {.name = "map",
     .type = &setting_type_text,
     .unit = "a column name",
     .default_doc = "the format's columns",
     .meaning = "`map[FIELD] = COLUMN`: take FIELD (id, team, type, started, done, epic, status, "
                "resolution, parent, created, labels, category, changed) from COLUMN",
     SETTING_IN_HISTORY},
    {.name = "unplanned",
     .type = &setting_type_names,
     .unit = "types and labels",
     .default_doc = "the format's (docs/import.md)",
     .meaning = "types and labels of interruptions in the exports (case-insensitive)",
     SETTING_IN_HISTORY},
    {.name = "cancelled",
     .type = &setting_type_names,
     .unit = "statuses, resolutions and labels",
     .default_doc = "the format's (docs/import.md)",
     .meaning = "statuses, resolutions and labels of cancelled work items, which are left out",
     SETTING_IN_HISTORY},
    {.name = "excluded",
     .type = &setting_type_names,
     .unit = "types and labels",
     .default_doc = "the format's: epics and sub-tasks",
     .meaning = "types and labels of work items left out of throughput (epics, sub-tasks)",
     SETTING_IN_HISTORY},
    {.name = "date_format",
     .type = &setting_type_choice,
     .default_doc = "the forms the format's tool writes",
     .meaning = "the form of every date of the exports",
     SETTING_CHOICES(setting_date_forms),
     SETTING_IN_HISTORY},
    {.name = "timezone",
     .type = &setting_type_text,
     .unit = "an IANA time zone such as Europe/Berlin",
     .default_doc = "teams.csv `timezone`, else dates as written",
     .meaning = "timestamps with an offset or Z count on this zone's dates, for teams without "
                "a teams.csv `timezone`",
     SETTING_IN_HISTORY},
};

enum { SETTING_COUNT = sizeof setting_table / sizeof *setting_table };
static_assert((int)SETTING_COUNT <= (int)SETTINGS_MAX,
              "a section's given set has one bit per setting");

int32_t setting_count(void)
{
    return SETTING_COUNT;
}

const setting *setting_at(int32_t i)
{
    assert(i >= 0 && i < SETTING_COUNT);
    return &setting_table[i];
}

/* The entry named `name` among those of [history] or among the others. */
static const setting *setting_find_in(const char *name, bool history)
{
    for (int32_t i = 0; i < SETTING_COUNT; i++)
        if ((setting_table[i].scope == SETTING_SCOPE_HISTORY) == history &&
            parse_same_name(name, setting_table[i].name))
            return &setting_table[i];
    return NULL;
}

const setting *setting_find(const char *name)
{
    return setting_find_in(name, false);
}

const setting *setting_find_history(const char *name)
{
    return setting_find_in(name, true);
}

int32_t setting_index(const setting *s)
{
    return (int32_t)(s - setting_table);
}

bool setting_per_team(const setting *s)
{
    return s->scope == SETTING_SCOPE_TEAM;
}

int32_t setting_n_columns(const setting *s)
{
    return s->columns[0] ? (s->columns[1] ? 2 : 1) : 0;
}

bool setting_parse(const setting *s, const char *text, setting_source from, setting_value *out)
{
    return s->type->parse(s, text, from, out);
}

int setting_expected(const setting *s, setting_source from, char *buf, size_t size)
{
    return s->type->expected(s, from, buf, size);
}

int setting_values(const setting *s, char *buf, size_t size)
{
    return s->type->values(s, buf, size);
}

int setting_format(const setting *s, const void *value, char *buf, size_t size)
{
    return s->type->format(s, value, buf, size);
}

setting_json setting_json_of(const setting *s)
{
    return s->type->json;
}

/* A range in two columns: each end alone is an exact factor, both make a range. */
static bool setting_parse_pair(const setting *s, const char *const *texts, setting_value *out,
                               bool *given, int32_t *bad, char *expected, size_t size)
{
    double v[2] = {0.0, 0.0};
    for (int32_t k = 0; k < 2; k++) {
        setting_value one;
        if (!*texts[k])
            continue;
        if (!setting_parse(s, texts[k], SETTING_FROM_CSV, &one)) {
            int n = setting_expected(s, SETTING_FROM_CSV, expected, size);
            snprintf(expected + n, size > (size_t)n ? size - (size_t)n : 0, ", or nothing");
            *bad = k;
            return false;
        }
        memcpy(&v[k], one.bytes, sizeof v[k]);
    }
    if (*texts[0] && *texts[1] && v[0] > v[1]) {
        snprintf(expected, size, "expected a %s factor >= %s (%g)", s->name, s->columns[0], v[0]);
        *bad = 1;
        return false;
    }
    if (!*texts[1])
        v[1] = v[0];
    if (!*texts[0])
        v[0] = v[1];
    *given = *texts[0] || *texts[1];
    if (*given)
        memcpy(out->bytes, v, sizeof v);
    return true;
}

bool setting_parse_columns(const setting *s, const char *const *texts, setting_value *out,
                           bool *given, int32_t *bad, char *expected, size_t size)
{
    *given = false;
    if (setting_n_columns(s) == 2)
        return setting_parse_pair(s, texts, out, given, bad, expected, size);
    if (!*texts[0] && !s->column_required)
        return true;
    if (!setting_parse(s, texts[0], SETTING_FROM_CSV, out)) {
        int n = setting_expected(s, SETTING_FROM_CSV, expected, size);
        if (!s->column_required)
            snprintf(expected + n, size > (size_t)n ? size - (size_t)n : 0, ", or nothing");
        *bad = 0;
        return false;
    }
    *given = true;
    return true;
}

void setting_defaults(plan_settings *run, plan_team_settings *team)
{
    if (run)
        memset(run, 0, sizeof *run);
    if (team)
        memset(team, 0, sizeof *team);
    for (int32_t i = 0; i < SETTING_COUNT; i++) {
        const setting *s = &setting_table[i];
        setting_value v;
        memset(&v, 0, sizeof v);
        if (s->default_value) {
            bool ok = setting_parse(s, s->default_value, SETTING_FROM_INI, &v);
            assert(ok && "every default parses (tests/test_plan_setting.c)");
            (void)ok;
        } else {
            s->type->none(v.bytes);
        }
        setting_store(s, &v, run, team);
    }
}

void setting_store(const setting *s, const setting_value *v, plan_settings *run,
                   plan_team_settings *team)
{
    if (run && s->run_offset >= 0)
        memcpy((unsigned char *)run + s->run_offset, v->bytes, s->size);
    if (team && s->team_offset >= 0)
        memcpy((unsigned char *)team + s->team_offset, v->bytes, s->size);
}

void setting_copy(const setting *s, plan_settings *run_dst, const plan_settings *run_src,
                  plan_team_settings *team_dst, const plan_team_settings *team_src)
{
    if (run_dst && run_src && s->run_offset >= 0)
        memcpy((unsigned char *)run_dst + s->run_offset,
               (const unsigned char *)run_src + s->run_offset, s->size);
    if (team_dst && team_src && s->team_offset >= 0)
        memcpy((unsigned char *)team_dst + s->team_offset,
               (const unsigned char *)team_src + s->team_offset, s->size);
}

const void *setting_value_in(const setting *s, const plan *p, int32_t scenario, int32_t team)
{
    if (s->plan_offset >= 0)
        return (const unsigned char *)p + s->plan_offset;
    const plan_scenario *sc = &p->scenarios[scenario];
    if (team >= 0)
        return sc->teams && s->team_offset >= 0
                   ? (const unsigned char *)&sc->teams[team] + s->team_offset
                   : NULL;
    return s->run_offset >= 0 ? (const unsigned char *)&sc->settings + s->run_offset : NULL;
}
