/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shipcast-genplan: writes a complete, plausible plan folder (history.csv, teams.csv,
 * plan.csv, calendar.csv, scenarios.ini in the format of docs/inputs.md) from a seed.
 *
 * The generated world. Each team finishes work items on its working days (Monday to Friday
 * minus company holidays and its own days off): planned items (story, task) and unplanned
 * ones (bug, incident, support), each a Poisson number per day around the team's means, so
 * zero days are common and a busy day has three or four. A planned item mostly belongs to one
 * of the one to four epics the team runs at a time; an epic is opened with a target of 4..20
 * planned items and closes when it reaches it, so epics overlap and their count varies. Some
 * teams have an incident week, when unplanned work runs at several times its usual rate, and
 * on-call people close the odd incident on a weekend. Items start a few working days before
 * they finish (unplanned ones sooner); some support tickets carry no start. On the last day of
 * the history the running epics still have open items (done empty), and a few bugs are open.
 * A small share of dates are written as ISO timestamps rather than plain dates.
 *
 * Two worlds: `example` is the bundled quarterly plan of a platform group (five teams, a
 * hand-written plan table with titles, ranges, cross-team dependencies and due dates, over
 * about seven months of seeded history); `large` is the benchmark (twelve teams, 240 items with
 * about 300 dependencies on earlier items, a year of history). Only the history, the large
 * teams and the large plan are random; everything is a pure function of the seed, drawn from
 * generators seeded per (seed, purpose, team), so the output is byte-identical for one seed.
 */
#include "date.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---------------------------------------------------------------------------------------- */
/* Parameters of the generated worlds.                                                      */
/* ---------------------------------------------------------------------------------------- */

enum {
    MAX_TEAMS = 12,
    MAX_EPICS = 4,      /* epics a team runs at once, at most */
    MAX_DEPS = 6,       /* prerequisites of one plan item, at most */
    ID_SIZE = 32,       /* plan and history ids, epic names, with their NUL */
    TITLE_SIZE = 96,    /* plan titles */
    DEPS_SIZE = 128,    /* a formatted depends_on cell */
    WHEN_SIZE = 32,     /* a formatted date or timestamp */
    PATH_SIZE = 4096,   /* an output path */
    SIZE_NONE = -1,     /* an empty size cell */
    HISTORY_KEY0 = 1000 /* first history key number of every team (PAY-1000) */
};

#define DEFAULT_SEED UINT64_C(2027)

/* Epics. */
enum { EPIC_MIN_ITEMS = 4, EPIC_MAX_ITEMS = 20 };
static const double EPIC_START_CHANCE_PER_DAY = 0.06; /* opening another while below max */
static const double PLANNED_IN_EPIC_SHARE = 0.85;     /* the rest are loose tasks/stories */
static const double STORY_SHARE = 0.8;                /* planned items: story, else task */

/* Cycle times: working days from start to done, Poisson with these means. */
static const double PLANNED_CYCLE_MEAN_DAYS = 3.0;
static const double UNPLANNED_CYCLE_MEAN_DAYS = 0.7;
static const double SUPPORT_WITHOUT_START_SHARE = 0.4;

/* Unplanned types, usual and during an incident week (cumulative thresholds: bug, incident,
 * else support). */
static const double BUG_SHARE = 0.55, INCIDENT_SHARE = 0.15;
static const double BURST_BUG_SHARE = 0.5, BURST_INCIDENT_SHARE = 0.4;

/* The edges of the history. */
static const double WEEKEND_INCIDENT_CHANCE = 0.04;    /* per team and weekend day */
static const double TIMESTAMP_SHARE = 0.015;           /* dates written with a time of day */
enum { OFFICE_FIRST_HOUR = 8, OFFICE_LAST_HOUR = 17 }; /* of those timestamps */
enum { OPEN_PER_EPIC_MAX = 3, OPEN_BUGS_MAX = 2, OPEN_STARTED_WITHIN_DAYS = 8 };

/* The large (benchmark) world. */
enum {
    LARGE_TEAMS = 12,
    LARGE_ITEMS = 240,
    LARGE_EDGES = 300,
    LARGE_DEP_REACH = 96, /* prerequisites come from the previous this-many items */
    LARGE_SIZE_MIN = 3,
    LARGE_SIZE_MAX = 15,
    LARGE_SPREAD_MAX = 6, /* size_high - size_low, at most */
    LARGE_LAG_MAX = 5,
    LARGE_PRIORITY_TIER = 10,   /* items per priority value */
    LARGE_DUE_FIRST_DAYS = 30,  /* due dates run from start + this ... */
    LARGE_DUE_SPAN_DAYS = 170,  /* ... over this many days, with ... */
    LARGE_DUE_JITTER_DAYS = 30, /* ... this much noise */
    LARGE_OFFSITES = 4,
    LARGE_PEOPLE_MIN = 4,
    LARGE_PEOPLE_MAX = 9,
    LARGE_WIP_MIN = 2,
    LARGE_WIP_MAX = 4,
    LARGE_EPICS_MIN = 2, /* the most epics at once is drawn from LARGE_EPICS_MIN..MAX_EPICS */
    LARGE_BURST_DAYS = 5,
    LARGE_OFFSITE_WEEK_MIN = 2, /* offsites fall this many weeks after the start ... */
    LARGE_OFFSITE_WEEK_MAX = 20 /* ... up to this many */
};
static const double LARGE_PLANNED_MIN = 0.9, LARGE_PLANNED_MAX = 2.4; /* per working day */
static const double LARGE_UNPLANNED_MIN = 0.2, LARGE_UNPLANNED_MAX = 0.6;
static const double LARGE_OWN_TEAM_DEP_SHARE = 0.35;
static const double LARGE_ANY_TEAM_DEP_SHARE = 0.05; /* else one of three neighbour teams */
static const double LARGE_LAG_SHARE = 0.3;
static const double LARGE_EXACT_SIZE_SHARE = 0.1;
static const double LARGE_DUE_SHARE = 0.4;
static const double LARGE_BURST_FACTOR = 4.0;
static const int LARGE_NEIGHBOUR_OFFSETS[3] = {1, 2, 5};

/* ---------------------------------------------------------------------------------------- */
/* Random numbers: xoshiro256** seeded through splitmix64.                                  */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
    uint64_t s[4];
} rng;

/* Purposes of the generators; append only, so existing outputs never change. */
enum purpose { PURPOSE_HISTORY = 1, PURPOSE_LARGE_TEAMS = 2, PURPOSE_LARGE_PLAN = 3 };

static uint64_t splitmix64_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A generator for (seed, purpose, index): the three are mixed, then expanded by splitmix64. */
static void rng_init(rng *r, uint64_t seed, enum purpose purpose, int index)
{
    uint64_t state = seed;
    uint64_t key = splitmix64_next(&state) ^ ((uint64_t)purpose << 32) ^ (uint64_t)index;
    state = key;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64_next(&state);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform on [0, 1) with 53 random bits. */
static double rng_uniform(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static bool rng_chance(rng *r, double p)
{
    return rng_uniform(r) < p;
}

/* Uniform on the integers lo..hi (lo <= hi), without modulo bias (rejection). */
static int rng_between(rng *r, int lo, int hi)
{
    uint64_t span = (uint64_t)((int64_t)hi - lo) + 1;
    uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t x;
    do
        x = rng_next(r);
    while (x >= limit);
    return lo + (int)(x % span);
}

static double rng_range(rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_uniform(r);
}

/* Poisson by Knuth's multiplication method: exact, and fast for the small means used here. */
static int rng_poisson(rng *r, double mean)
{
    double limit = exp(-mean), product = rng_uniform(r);
    int n = 0;
    while (product > limit) {
        product *= rng_uniform(r);
        n++;
    }
    return n;
}

/* ---------------------------------------------------------------------------------------- */
/* The world: teams, days off, incident weeks, the plan.                                    */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
    char name[24];
    char key[8]; /* prefix of its ids: PAY-1000, PAY-01 */
    int people;
    int history_people;
    int wip;
    int max_epics;          /* 1..MAX_EPICS */
    double planned_per_day; /* mean planned completions per working day */
    double unplanned_per_day;
} team_spec;

typedef struct {
    const char *date; /* YYYY-MM-DD */
    const char *team; /* NULL: every team */
    const char *kind;
} day_off_row;

typedef struct {
    int32_t day;
    int team; /* -1: every team */
    const char *kind;
} day_off;

typedef struct {
    int team;
    int32_t first_day;
    int n_days;    /* calendar days */
    double factor; /* multiplies the unplanned rate */
} incident_burst;

typedef struct {
    char id[ID_SIZE];
    char team[24];
    char title[TITLE_SIZE];
    int size_low, size_high; /* SIZE_NONE: empty */
    char depends_on[DEPS_SIZE];
    int priority;
    char due[DATE_TEXT_SIZE]; /* "" when none */
    char not_before[DATE_TEXT_SIZE];
    int done; /* stories finished; 0 writes an empty cell */
    char status[16];
} plan_item;

enum { MAX_DAYS_OFF = 64, MAX_BURSTS = 2 * MAX_TEAMS };

typedef struct {
    const char *mode;
    uint64_t seed;
    team_spec teams[MAX_TEAMS];
    int n_teams;
    int32_t history_first, history_end;
    day_off days_off[MAX_DAYS_OFF];
    int n_days_off;
    incident_burst bursts[MAX_BURSTS];
    int n_bursts;
    plan_item *items; /* owned */
    int n_items;
    const char *scenarios_title; /* the first comment line of scenarios.ini */
    const char *scenarios_body;  /* the sections, after a generated-by comment */
    const char **item_scenario;  /* per item: NULL (every scenario) or its one scenario; or
                                  * NULL for a world without scenario-only items (owned) */
    const char *changes_csv;     /* changes.csv as written, or NULL for none */
    const char *risks_csv;       /* risks.csv as written, or NULL for none */
} world;

/* ------------------------------ the bundled example -------------------------------------- */

static const char EXAMPLE_HISTORY_FIRST[] = "2026-05-04";
static const char EXAMPLE_HISTORY_END[] = "2026-12-18";

/* clang-format off */
static const team_spec EXAMPLE_TEAMS[] = {
    /* name            key    people  history_people  wip  max epics  planned/day  unplanned/day */
    {"payments",       "PAY", 6,      6,              3,   3,         1.1,         0.35},
    {"identity",       "IDN", 4,      4,              2,   2,         0.8,         0.3},
    {"mobile",         "MOB", 5,      4,              3,   3,         0.85,        0.3}, /* a hire */
    {"data-platform",  "DAT", 7,      7,              4,   4,         1.2,         0.4},
    {"web",            "WEB", 5,      5,              3,   3,         1.0,         0.35},
};
/* clang-format on */

static const day_off_row EXAMPLE_DAYS_OFF[] = {
    {"2026-05-25", NULL, "holiday"},
    {"2026-09-24", "data-platform", "offsite"},
    {"2026-09-25", "data-platform", "offsite"},
    {"2026-12-24", NULL, "holiday"},
    {"2026-12-25", NULL, "holiday"},
    {"2026-12-31", NULL, "holiday"},
    {"2027-01-01", NULL, "holiday"},
    {"2027-02-11", "mobile", "offsite"},
    {"2027-02-12", "mobile", "offsite"},
    {"2027-03-26", NULL, "holiday"},
};

static const struct {
    const char *team, *first_day;
    int n_days;
    double factor;
} EXAMPLE_BURSTS[] = {
    {"payments", "2026-10-12", 5, 5.0}, /* the card-processor outage week */
    {"web", "2026-06-15", 5, 3.0},
};

#define N_ (SIZE_NONE)
static const plan_item EXAMPLE_PLAN[] = {
    /* id, team, title, low, high, depends_on, priority, due, not_before, done, status */
    {"IDN-01", "identity", "Session service: token rotation", 5, 5, "", 1, "", "", 5, "done"},
    {"IDN-02", "identity", "Passkeys: enrol, sign-in and recovery", 8, 13, "IDN-01", 1,
     "2027-02-26", "", 0, ""},
    {"IDN-03", "identity", "SSO for enterprise accounts (SAML)", 5, 8, "", 2, "2027-03-12", "", 0,
     ""},
    {"IDN-04", "identity", "Account deletion API for GDPR requests", 3, 5, "", 2, "2027-02-12", "",
     0, ""},
    {"IDN-05", "identity", "Risk scoring on login", 5, 8, "DAT-02", 3, "", "", 0, ""},
    {"IDN-06", "identity", "Retire \"legacy\" OAuth clients", 3, 5, "", 4, "", "", 0, ""},
    {"IDN-07", "identity", "Admin audit log", N_, N_, "", 5, "", "", 0, ""},

    {"PAY-01", "payments", "Checkout v2: new payment sheet", 8, 13, "IDN-01", 1, "2027-02-19", "",
     4, "in_progress"},
    {"PAY-02", "payments", "3-D Secure 2 challenge flow", 5, 8, "PAY-01", 1, "2027-03-05", "", 0,
     ""},
    {"PAY-03", "payments", "Apple Pay and Google Pay in checkout v2", 5, 8, "PAY-01;MOB-02+2", 2,
     "2027-03-19", "", 0, ""},
    {"PAY-04", "payments", "Refunds API, partial and multi-currency", 5, 13, "", 2, "2027-03-12",
     "", 0, ""},
    {"PAY-05", "payments", "Ledger export to the data warehouse", 3, 5, "DAT-01+2", 3, "", "", 0,
     ""},
    {"PAY-06", "payments", "Chargeback dashboard for support", 3, 5, "PAY-05;WEB-03", 4, "", "", 0,
     ""},
    {"PAY-07", "payments", "Payout reconciliation job", 5, 5, "", 5, "", "", 0, ""},
    {"PAY-08", "payments", "-40% false card declines (fraud rules tuning)", 5, 8, "DAT-02+5", 3,
     "2027-03-31", "", 0, ""},
    {"PAY-09", "payments", "Express checkout for returning customers", 5, 8, "PAY-01", 3, "", "", 0,
     ""},

    {"DAT-01", "data-platform", "Event pipeline: schema registry", 5, 8, "", 1, "2027-02-05", "", 0,
     ""},
    {"DAT-02", "data-platform", "Real-time feature store for risk models", 8, 13, "DAT-01", 1,
     "2027-03-12", "", 0, ""},
    {"DAT-03", "data-platform", "Warehouse migration to columnar storage", 13, 20, "", 3,
     "2027-03-31", "", 0, ""},
    {"DAT-04", "data-platform", "Product analytics events for checkout v2", 3, 5, "PAY-01+2;WEB-01",
     2, "2027-03-19", "", 0, ""},
    {"DAT-05", "data-platform", "GDPR deletion propagation to the warehouse", 3, 8, "IDN-04+2", 2,
     "2027-03-19", "", 0, ""},
    {"DAT-06", "data-platform", "Cost dashboards per team", N_, N_, "", 5, "", "", 0, ""},

    {"MOB-01", "mobile", "Design system 3.0 components in the app", 5, 8, "", 2, "", "", 0, ""},
    {"MOB-02", "mobile", "Wallet tokens SDK for iOS and Android", 5, 8, "", 1, "2027-02-19", "", 0,
     ""},
    {"MOB-03", "mobile", "Passkeys in the mobile app", 5, 8, "IDN-02+2", 1, "2027-03-19", "", 0,
     ""},
    {"MOB-04", "mobile", "Checkout v2 in the app", 8, 13, "PAY-01;PAY-02+2;MOB-01", 1, "2027-03-26",
     "", 0, ""},
    {"MOB-05", "mobile", "Offline mode for order history", 5, 13, "", 4, "", "", 0, ""},
    {"MOB-06", "mobile", "Push notification preferences", 3, N_, "", 5, "", "", 0, ""},
    {"MOB-07", "mobile", "Crash-free sessions to 99.8%", 3, 5, "", 3, "", "", 0, ""},

    {"WEB-01", "web", "Checkout v2 web front end", 8, 13, "PAY-01", 1, "2027-03-05", "", 0, ""},
    {"WEB-02", "web", "Passkeys sign-in on the web", 3, 5, "IDN-02+2", 1, "2027-03-12", "", 0, ""},
    {"WEB-03", "web", "Support console: payment timeline", 3, 5, "PAY-04", 3, "", "", 0, ""},
    {"WEB-04", "web", "Accessibility fixes (WCAG 2.2 AA)", 5, 8, "", 2, "2027-03-31", "", 0, ""},
    {"WEB-05", "web", "Enterprise SSO settings page", 3, 5, "IDN-03+2", 3, "2027-03-31", "", 0, ""},
    {"WEB-06", "web", "Marketing site on the new CMS", 5, 8, "", 4, "", "2027-02-01", 0, ""},
    {"WEB-07", "web", "Core Web Vitals budget in CI", N_, 3, "", 5, "", "", 0, ""},
};
#undef N_

static const char EXAMPLE_SCENARIOS_TITLE[] =
    "Platform group, Q1 2027: run settings and the what-ifs asked for in planning.";
static const char EXAMPLE_SCENARIOS[] =
    "[baseline]\n"
    "history_end = 2026-12-18 ; the day of the tracker export\n"
    "start = 2027-01-04       ; first working day of the quarter\n"
    "horizon = 2027-03-31     ; the quarter's last day\n"
    "window = 120             ; four months: the teams as they work today, incident week "
    "included\n"
    "trials = 10000\n"
    "seed = 42\n"
    "\n"
    "; Each scenario's comments, on its section line and right below it, are its decision\n"
    "; record: the report shows them beside its numbers.\n"
    "\n"
    "[oncall-shield]\n"
    "; Director, 2027-01-06: each team puts one engineer a week on call and support duty, so\n"
    "; that pages and tickets stop scattering everybody. Half the interruption load is expected\n"
    "; to stay with the rest of the team (escalations, reviews of fixes).\n"
    "interrupt_scale = 0.5\n"
    "\n"
    "[weekly] ; A check of the model, not a decision.\n"
    "; Capacity drawn per team-week rather than per day keeps the within-week correlation of\n"
    "; bad weeks (the payments incident week) in the forecast.\n"
    "period = week\n"
    "\n"
    "[hire-payments]\n"
    "; Engineering manager: payments hires a senior engineer on 1 February (changes.csv rows\n"
    "; of scenario hire-payments); four weeks until fully productive.\n"
    "\n"
    "[wip-2] ; Director: stop juggling.\n"
    "; Payments and data-platform take at most two items at once.\n"
    "wip[payments] = 2\n"
    "wip[data-platform] = 2\n"
    "\n"
    "[juggle-identity]\n"
    "; Director: what if identity starts everything at once? Eight items in progress for\n"
    "; four people is two projects each: Weinberg's 80 % of the time goes into work.\n"
    "wip[identity] = 8\n"
    "\n"
    "[q1-focus]\n"
    "; Director, 2027-01-06: checkout first. The admin audit log waits for Q2; card-decline\n"
    "; tuning (PAY-08) jumps the queue because sales asked for it.\n"
    "drop = IDN-07\n"
    "priority[PAY-08] = 0\n"
    "\n"
    "[scope-growth]\n"
    "; Planning poker rarely survives contact: stories split, scope grows by 0-30 %, one draw\n"
    "; per trial (a whole trial is optimistic or pessimistic).\n"
    "split = 1.0,1.3\n"
    "split_draw = trial\n";

/* Dated capacity changes: facts for every scenario (an absence, a hack week) and the hire
 * that only the hire-payments scenario assumes. */
static const char EXAMPLE_CHANGES[] =
    "scenario,team,kind,from,until,amount,ramp_days,note\n"
    ",identity,absence,2027-02-01,2027-04-30,1,,parental leave\n"
    ",web,capacity_loss,2027-03-08,2027-03-12,50%,,hack week\n"
    ",data-platform,leave,2027-03-01,,1,,moves to the ML team\n"
    "hire-payments,payments,join,2027-02-01,,1,20,senior engineer (offer signed): see PAY-09\n";

/* Items that exist in one scenario only (plan.csv's scenario column). */
static const struct {
    const char *id, *scenario;
} EXAMPLE_SCENARIO_ITEMS[] = {
    {"PAY-09", "hire-payments"}, /* only with the hire */
};

/* The risk register the teams keep. */
static const char EXAMPLE_RISKS[] =
    "id,scenario,probability,items,team,extra_low,extra_high,delay_days,note\n"
    "psp-certification,,25%,PAY-02,,3,8,,card scheme re-certification fails once\n"
    "vendor-sdk,,0.3,MOB-02,,,,5,wallet vendor ships its SDK late\n"
    "gdpr-legal-review,,0.2,IDN-04;DAT-05,,2,4,3,legal asks for changes\n";

/* ------------------------------ the large (benchmark) world ------------------------------ */

static const char LARGE_HISTORY_FIRST[] = "2025-12-22";
static const char LARGE_HISTORY_END[] = "2026-12-18";
static const char LARGE_START[] = "2027-01-04";

static const char *const LARGE_TEAM_NAMES[LARGE_TEAMS][2] = {
    {"payments", "PAY"},  {"identity", "IDN"}, {"mobile", "MOB"},      {"data-platform", "DAT"},
    {"web", "WEB"},       {"search", "SRC"},   {"growth", "GRO"},      {"infrastructure", "INF"},
    {"messaging", "MSG"}, {"billing", "BIL"},  {"ml-platform", "MLP"}, {"security", "SEC"},
};

static const day_off_row LARGE_HOLIDAYS[] = {
    {"2025-12-24", NULL, "holiday"}, {"2025-12-25", NULL, "holiday"},
    {"2025-12-31", NULL, "holiday"}, {"2026-01-01", NULL, "holiday"},
    {"2026-04-03", NULL, "holiday"}, {"2026-05-25", NULL, "holiday"},
    {"2026-12-24", NULL, "holiday"}, {"2026-12-25", NULL, "holiday"},
    {"2026-12-31", NULL, "holiday"}, {"2027-01-01", NULL, "holiday"},
    {"2027-03-26", NULL, "holiday"}, {"2027-05-31", NULL, "holiday"},
    {"2027-12-24", NULL, "holiday"}, {"2027-12-31", NULL, "holiday"},
};

static const char *const LARGE_VERBS[] = {
    "Migrate", "Rebuild", "Harden",    "Automate", "Instrument", "Launch",
    "Split",   "Retire",  "Scale out", "Redesign", "Localise",   "Speed up",
};

static const char *const LARGE_OBJECTS[] = {
    "order history",        "search index",         "billing ledger", "login flow",
    "notification fan-out", "feature flags",        "reporting jobs", "partner API",
    "audit trail",          "image pipeline",       "rate limiter",   "onboarding emails",
    "config service",       "mobile release train", "fraud rules",    "data retention",
};

static const char LARGE_SCENARIOS_TITLE[] =
    "Benchmark plan: 12 teams, 240 items, about 300 dependencies, a year of history.";
static const char LARGE_SCENARIOS[] = "[baseline]\n"
                                      "history_end = 2026-12-18\n"
                                      "start = 2027-01-04\n"
                                      "horizon = 2027-06-30 ; six months\n"
                                      "window = 365         ; the whole year of history\n"
                                      "trials = 10000\n"
                                      "seed = 42\n"
                                      "\n"
                                      "[oncall-shield]\n"
                                      "; Half the interruptions absorbed by an on-call rotation.\n"
                                      "interrupt_scale = 0.5\n";

/* ---------------------------------------------------------------------------------------- */
/* Calendars.                                                                               */
/* ---------------------------------------------------------------------------------------- */

static bool is_day_off(const world *w, int team, int32_t day)
{
    for (int i = 0; i < w->n_days_off; i++)
        if (w->days_off[i].day == day && (w->days_off[i].team < 0 || w->days_off[i].team == team))
            return true;
    return false;
}

static bool is_working_day(const world *w, int team, int32_t day)
{
    return !date_is_weekend(day) && !is_day_off(w, team, day);
}

/* The team's working day n working days before `day` (n = 0: `day` itself). */
static int32_t working_days_before(const world *w, int team, int32_t day, int n)
{
    while (n > 0) {
        day--;
        if (is_working_day(w, team, day))
            n--;
    }
    return day;
}

/* The unplanned-rate multiplier of the team's incident weeks (1 outside them). */
static double burst_factor(const world *w, int team, int32_t day)
{
    for (int i = 0; i < w->n_bursts; i++) {
        const incident_burst *b = &w->bursts[i];
        if (b->team == team && day >= b->first_day && day < b->first_day + b->n_days)
            return b->factor;
    }
    return 1.0;
}

/* ---------------------------------------------------------------------------------------- */
/* Building a world.                                                                        */
/* ---------------------------------------------------------------------------------------- */

/* Day number of a date written in this file's tables (known good). */
static int32_t table_day(const char *text)
{
    int32_t day = DATE_NONE;
    if (!date_parse(text, strlen(text), &day))
        abort();
    return day;
}

static int team_index(const world *w, const char *name)
{
    for (int t = 0; t < w->n_teams; t++)
        if (strcmp(w->teams[t].name, name) == 0)
            return t;
    return -1;
}

static void add_day_off(world *w, int32_t day, int team, const char *kind)
{
    if (w->n_days_off == MAX_DAYS_OFF)
        abort(); /* the tables above outgrew MAX_DAYS_OFF */
    w->days_off[w->n_days_off++] = (day_off){day, team, kind};
}

static void add_day_off_rows(world *w, const day_off_row *rows, size_t n_rows)
{
    for (size_t i = 0; i < n_rows; i++) {
        int team = rows[i].team ? team_index(w, rows[i].team) : -1;
        add_day_off(w, table_day(rows[i].date), team, rows[i].kind);
    }
}

static void add_burst(world *w, int team, int32_t first_day, int n_days, double factor)
{
    if (w->n_bursts == MAX_BURSTS)
        abort();
    w->bursts[w->n_bursts++] = (incident_burst){team, first_day, n_days, factor};
}

static bool build_example(world *w)
{
    size_t n_teams = sizeof EXAMPLE_TEAMS / sizeof EXAMPLE_TEAMS[0];
    memcpy(w->teams, EXAMPLE_TEAMS, sizeof EXAMPLE_TEAMS);
    w->n_teams = (int)n_teams;
    w->history_first = table_day(EXAMPLE_HISTORY_FIRST);
    w->history_end = table_day(EXAMPLE_HISTORY_END);
    add_day_off_rows(w, EXAMPLE_DAYS_OFF, sizeof EXAMPLE_DAYS_OFF / sizeof EXAMPLE_DAYS_OFF[0]);
    for (size_t i = 0; i < sizeof EXAMPLE_BURSTS / sizeof EXAMPLE_BURSTS[0]; i++)
        add_burst(w, team_index(w, EXAMPLE_BURSTS[i].team), table_day(EXAMPLE_BURSTS[i].first_day),
                  EXAMPLE_BURSTS[i].n_days, EXAMPLE_BURSTS[i].factor);
    w->n_items = (int)(sizeof EXAMPLE_PLAN / sizeof EXAMPLE_PLAN[0]);
    w->items = malloc(sizeof EXAMPLE_PLAN);
    if (!w->items)
        return false;
    memcpy(w->items, EXAMPLE_PLAN, sizeof EXAMPLE_PLAN);
    w->item_scenario = calloc((size_t)w->n_items, sizeof *w->item_scenario);
    if (!w->item_scenario)
        return false;
    for (size_t k = 0; k < sizeof EXAMPLE_SCENARIO_ITEMS / sizeof EXAMPLE_SCENARIO_ITEMS[0]; k++)
        for (int i = 0; i < w->n_items; i++)
            if (strcmp(w->items[i].id, EXAMPLE_SCENARIO_ITEMS[k].id) == 0)
                w->item_scenario[i] = EXAMPLE_SCENARIO_ITEMS[k].scenario;
    w->scenarios_title = EXAMPLE_SCENARIOS_TITLE;
    w->scenarios_body = EXAMPLE_SCENARIOS;
    w->changes_csv = EXAMPLE_CHANGES;
    w->risks_csv = EXAMPLE_RISKS;
    return true;
}

static void large_teams(world *w, rng *r)
{
    w->n_teams = LARGE_TEAMS;
    for (int t = 0; t < LARGE_TEAMS; t++) {
        team_spec *spec = &w->teams[t];
        snprintf(spec->name, sizeof spec->name, "%s", LARGE_TEAM_NAMES[t][0]);
        snprintf(spec->key, sizeof spec->key, "%s", LARGE_TEAM_NAMES[t][1]);
        spec->people = rng_between(r, LARGE_PEOPLE_MIN, LARGE_PEOPLE_MAX);
        spec->history_people = spec->people;
        spec->wip = rng_between(r, LARGE_WIP_MIN, LARGE_WIP_MAX);
        spec->planned_per_day = rng_range(r, LARGE_PLANNED_MIN, LARGE_PLANNED_MAX);
        spec->unplanned_per_day = rng_range(r, LARGE_UNPLANNED_MIN, LARGE_UNPLANNED_MAX);
        spec->max_epics = rng_between(r, LARGE_EPICS_MIN, MAX_EPICS);
    }
}

/* One incident week per team somewhere in the history, and two-day offsites (Thursday and
 * Friday) for a few teams during the plan. */
static void large_calendar(world *w, rng *r)
{
    add_day_off_rows(w, LARGE_HOLIDAYS, sizeof LARGE_HOLIDAYS / sizeof LARGE_HOLIDAYS[0]);
    int n_weeks = (w->history_end - w->history_first) / 7;
    for (int t = 0; t < w->n_teams; t++) {
        int32_t monday = w->history_first + 7 * rng_between(r, 1, n_weeks - 1);
        add_burst(w, t, monday, LARGE_BURST_DAYS, LARGE_BURST_FACTOR);
    }
    int32_t start = table_day(LARGE_START);
    for (int i = 0; i < LARGE_OFFSITES; i++) {
        int team = i * (w->n_teams / LARGE_OFFSITES);
        int32_t thursday;
        do
            thursday =
                start + 7 * rng_between(r, LARGE_OFFSITE_WEEK_MIN, LARGE_OFFSITE_WEEK_MAX) + 3;
        while (is_day_off(w, team, thursday) || is_day_off(w, team, thursday + 1));
        add_day_off(w, thursday, team, "offsite");
        add_day_off(w, thursday + 1, team, "offsite");
    }
}

/* Appends "ID" or "ID+LAG" to a depends_on cell. */
static void append_dependency(plan_item *item, const char *prereq_id, int lag)
{
    size_t used = strlen(item->depends_on);
    size_t room = sizeof item->depends_on - used;
    const char *sep = used ? ";" : "";
    int n = lag > 0 ? snprintf(item->depends_on + used, room, "%s%s+%d", sep, prereq_id, lag)
                    : snprintf(item->depends_on + used, room, "%s%s", sep, prereq_id);
    if (n < 0 || (size_t)n >= room)
        abort(); /* MAX_DEPS ids always fit DEPS_SIZE */
}

static void large_item(world *w, rng *r, int i, int32_t start)
{
    plan_item *item = &w->items[i];
    const team_spec *team = &w->teams[i % w->n_teams];
    int nv = (int)(sizeof LARGE_VERBS / sizeof LARGE_VERBS[0]);
    int no = (int)(sizeof LARGE_OBJECTS / sizeof LARGE_OBJECTS[0]);
    memset(item, 0, sizeof *item);
    snprintf(item->id, sizeof item->id, "%s-%02d", team->key, i / w->n_teams + 1);
    snprintf(item->team, sizeof item->team, "%s", team->name);
    snprintf(item->title, sizeof item->title, "%s %s", LARGE_VERBS[rng_between(r, 0, nv - 1)],
             LARGE_OBJECTS[rng_between(r, 0, no - 1)]);
    if (rng_chance(r, LARGE_EXACT_SIZE_SHARE)) {
        item->size_low = rng_between(r, LARGE_SIZE_MIN, LARGE_SIZE_MAX);
        item->size_high = SIZE_NONE;
    } else {
        item->size_low = rng_between(r, LARGE_SIZE_MIN, LARGE_SIZE_MAX - 1);
        int high_max = item->size_low + LARGE_SPREAD_MAX;
        item->size_high = rng_between(r, item->size_low + 1,
                                      high_max < LARGE_SIZE_MAX ? high_max : LARGE_SIZE_MAX);
    }
    item->priority = 1 + i / LARGE_PRIORITY_TIER;
    if (rng_chance(r, LARGE_DUE_SHARE)) {
        int32_t due = start + LARGE_DUE_FIRST_DAYS + i * LARGE_DUE_SPAN_DAYS / LARGE_ITEMS +
                      rng_between(r, 0, LARGE_DUE_JITTER_DAYS);
        date_format(due - date_weekday(due) + 4, item->due); /* that week's Friday */
    }
}

static int large_prereq_team(rng *r, int team, int n_teams)
{
    double u = rng_uniform(r);
    if (u < LARGE_OWN_TEAM_DEP_SHARE)
        return team;
    if (u < LARGE_OWN_TEAM_DEP_SHARE + LARGE_ANY_TEAM_DEP_SHARE)
        return rng_between(r, 0, n_teams - 1);
    return (team + LARGE_NEIGHBOUR_OFFSETS[rng_between(r, 0, 2)]) % n_teams;
}

/* A random earlier item of team `prereq_team` within LARGE_DEP_REACH of `dependent`, or -1.
 * Items are dealt to teams in turn (item i belongs to team i % n_teams). */
static int large_prereq_item(rng *r, int dependent, int prereq_team, int n_teams)
{
    int lo = dependent > LARGE_DEP_REACH ? dependent - LARGE_DEP_REACH : 0;
    int first = lo + ((prereq_team - lo % n_teams) + n_teams) % n_teams;
    if (first >= dependent)
        return -1;
    int n_candidates = (dependent - 1 - first) / n_teams + 1;
    return first + n_teams * rng_between(r, 0, n_candidates - 1);
}

typedef struct {
    int prereq[MAX_DEPS];
    int n;
} dep_list;

static bool dep_list_has(const dep_list *deps, int prereq)
{
    for (int k = 0; k < deps->n; k++)
        if (deps->prereq[k] == prereq)
            return true;
    return false;
}

/* Exactly LARGE_EDGES dependencies, each on a lower-numbered item (so the graph is acyclic),
 * mostly within the team or on one of its three neighbour teams. */
static bool large_dependencies(world *w, rng *r)
{
    dep_list *deps = calloc((size_t)w->n_items, sizeof *deps);
    if (!deps)
        return false;
    int n_edges = 0;
    for (long attempt = 0; n_edges < LARGE_EDGES && attempt < 1000L * LARGE_EDGES; attempt++) {
        int dependent = rng_between(r, w->n_teams, w->n_items - 1);
        int team = large_prereq_team(r, dependent % w->n_teams, w->n_teams);
        int prereq = large_prereq_item(r, dependent, team, w->n_teams);
        dep_list *d = &deps[dependent];
        if (prereq < 0 || d->n == MAX_DEPS || dep_list_has(d, prereq))
            continue;
        d->prereq[d->n++] = prereq;
        int lag = rng_chance(r, LARGE_LAG_SHARE) ? rng_between(r, 1, LARGE_LAG_MAX) : 0;
        append_dependency(&w->items[dependent], w->items[prereq].id, lag);
        n_edges++;
    }
    free(deps);
    return n_edges == LARGE_EDGES;
}

static bool build_large(world *w)
{
    rng r;
    rng_init(&r, w->seed, PURPOSE_LARGE_TEAMS, 0);
    large_teams(w, &r);
    w->history_first = table_day(LARGE_HISTORY_FIRST);
    w->history_end = table_day(LARGE_HISTORY_END);
    large_calendar(w, &r);

    rng_init(&r, w->seed, PURPOSE_LARGE_PLAN, 0);
    w->n_items = LARGE_ITEMS;
    w->items = calloc(LARGE_ITEMS, sizeof *w->items);
    if (!w->items)
        return false;
    int32_t start = table_day(LARGE_START);
    for (int i = 0; i < LARGE_ITEMS; i++)
        large_item(w, &r, i, start);
    w->scenarios_title = LARGE_SCENARIOS_TITLE;
    w->scenarios_body = LARGE_SCENARIOS;
    return large_dependencies(w, &r);
}

/* ---------------------------------------------------------------------------------------- */
/* CSV output (RFC 4180, LF line ends).                                                     */
/* ---------------------------------------------------------------------------------------- */

static bool csv_needs_quotes(const char *field)
{
    size_t len = strlen(field);
    return strpbrk(field, ",\"\r\n") != NULL ||
           (len > 0 && (field[0] == ' ' || field[len - 1] == ' '));
}

static void csv_put_field(FILE *out, const char *field)
{
    if (!csv_needs_quotes(field)) {
        fputs(field, out);
        return;
    }
    fputc('"', out);
    for (const char *p = field; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void csv_put_row(FILE *out, const char *const *fields, size_t n_fields)
{
    for (size_t i = 0; i < n_fields; i++) {
        if (i > 0)
            fputc(',', out);
        csv_put_field(out, fields[i]);
    }
    fputc('\n', out);
}

/* Writes a whole number into buf, or "" for `none`. */
static const char *int_text(int value, int none, char buf[16])
{
    if (value == none)
        buf[0] = '\0';
    else
        snprintf(buf, 16, "%d", value);
    return buf;
}

/* ---------------------------------------------------------------------------------------- */
/* History: one simulated day at a time, every team in turn.                                */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
    char name[ID_SIZE];
    int32_t opened_day; /* none of its items starts earlier */
    int target_items;   /* planned items when it closes */
    int done_items;
} epic_state;

typedef struct {
    rng rng;
    epic_state epics[MAX_EPICS]; /* running now */
    int n_epics;
    int n_epics_opened;
    int next_key;
} team_history;

typedef struct {
    const world *w;
    FILE *out;
    team_history teams[MAX_TEAMS];
} history_writer;

/* "YYYY-MM-DD", now and then as a timestamp in office hours; "" for DATE_NONE. */
static const char *when_text(rng *r, int32_t day, char buf[WHEN_SIZE])
{
    if (day == DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    date_format(day, buf);
    if (rng_chance(r, TIMESTAMP_SHARE))
        snprintf(buf + DATE_TEXT_SIZE - 1, WHEN_SIZE - (DATE_TEXT_SIZE - 1), "T%02d:%02d:00Z",
                 rng_between(r, OFFICE_FIRST_HOUR, OFFICE_LAST_HOUR), 5 * rng_between(r, 0, 11));
    return buf;
}

static void history_put_row(history_writer *hw, int team, const char *type, int32_t started,
                            int32_t done, const char *epic)
{
    team_history *th = &hw->teams[team];
    char id[ID_SIZE], started_text[WHEN_SIZE], done_text[WHEN_SIZE];
    snprintf(id, sizeof id, "%s-%d", hw->w->teams[team].key, th->next_key++);
    const char *fields[] = {id,
                            hw->w->teams[team].name,
                            type,
                            when_text(&th->rng, started, started_text),
                            when_text(&th->rng, done, done_text),
                            epic};
    csv_put_row(hw->out, fields, sizeof fields / sizeof fields[0]);
}

static int32_t latest(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

static void open_epic(team_history *th, const team_spec *spec, int32_t day)
{
    epic_state *e = &th->epics[th->n_epics++];
    th->n_epics_opened++;
    snprintf(e->name, sizeof e->name, "%s-E%02d", spec->key, th->n_epics_opened);
    e->target_items = rng_between(&th->rng, EPIC_MIN_ITEMS, EPIC_MAX_ITEMS);
    e->done_items = 0;
    e->opened_day = day;
}

static void close_epic(team_history *th, int k)
{
    th->epics[k] = th->epics[--th->n_epics];
}

/* At least one epic always runs; another opens now and then while below the team's max.
 * Called before the day's completions, so an epic closing today and one opening tomorrow never
 * overlap: the team never has more than max_epics streams in progress. */
static void keep_epics_running(team_history *th, const team_spec *spec, int32_t day)
{
    if (th->n_epics == 0)
        open_epic(th, spec, day);
    else if (th->n_epics < spec->max_epics && rng_chance(&th->rng, EPIC_START_CHANCE_PER_DAY))
        open_epic(th, spec, day);
}

static void put_planned(history_writer *hw, int team, int32_t day)
{
    team_history *th = &hw->teams[team];
    const char *type = rng_chance(&th->rng, STORY_SHARE) ? "story" : "task";
    int32_t started =
        working_days_before(hw->w, team, day, rng_poisson(&th->rng, PLANNED_CYCLE_MEAN_DAYS));
    if (th->n_epics == 0 || !rng_chance(&th->rng, PLANNED_IN_EPIC_SHARE)) {
        history_put_row(hw, team, type, started, day, "");
        return;
    }
    int k = rng_between(&th->rng, 0, th->n_epics - 1);
    epic_state *e = &th->epics[k];
    /* The first item starts the day the epic opens, so the team never goes without one. */
    started = e->done_items == 0 ? e->opened_day : latest(started, e->opened_day);
    history_put_row(hw, team, type, started, day, e->name);
    if (++e->done_items == e->target_items)
        close_epic(th, k);
}

static const char *unplanned_type(rng *r, bool in_burst)
{
    double bug = in_burst ? BURST_BUG_SHARE : BUG_SHARE;
    double incident = in_burst ? BURST_INCIDENT_SHARE : INCIDENT_SHARE;
    double u = rng_uniform(r);
    return u < bug ? "bug" : u < bug + incident ? "incident" : "support";
}

static void put_unplanned(history_writer *hw, int team, int32_t day, bool in_burst)
{
    team_history *th = &hw->teams[team];
    const char *type = unplanned_type(&th->rng, in_burst);
    int32_t started = DATE_NONE;
    if (strcmp(type, "support") != 0 || !rng_chance(&th->rng, SUPPORT_WITHOUT_START_SHARE))
        started =
            working_days_before(hw->w, team, day, rng_poisson(&th->rng, UNPLANNED_CYCLE_MEAN_DAYS));
    history_put_row(hw, team, type, started, day, "");
}

static void history_team_day(history_writer *hw, int team, int32_t day)
{
    const world *w = hw->w;
    team_history *th = &hw->teams[team];
    const team_spec *spec = &w->teams[team];
    if (is_day_off(w, team, day))
        return;
    if (date_is_weekend(day)) {
        if (rng_chance(&th->rng, WEEKEND_INCIDENT_CHANCE))
            history_put_row(hw, team, "incident", day, day, "");
        return;
    }
    keep_epics_running(th, spec, day);
    double factor = burst_factor(w, team, day);
    int n_planned = rng_poisson(&th->rng, spec->planned_per_day);
    int n_unplanned = rng_poisson(&th->rng, spec->unplanned_per_day * factor);
    for (int i = 0; i < n_planned; i++)
        put_planned(hw, team, day);
    for (int i = 0; i < n_unplanned; i++)
        put_unplanned(hw, team, day, factor > 1.0);
}

/* What is still open on the last day: a few items of every running epic, a bug or two. */
static void history_open_items(history_writer *hw, int team)
{
    team_history *th = &hw->teams[team];
    const world *w = hw->w;
    for (int k = 0; k < th->n_epics; k++) {
        const epic_state *e = &th->epics[k];
        int left = e->target_items - e->done_items;
        int n_open = rng_between(&th->rng, 1, OPEN_PER_EPIC_MAX);
        for (int i = 0; i < n_open && i < left; i++) {
            int back = rng_between(&th->rng, 0, OPEN_STARTED_WITHIN_DAYS);
            int32_t started = working_days_before(w, team, w->history_end, back);
            history_put_row(hw, team, "story", latest(started, e->opened_day), DATE_NONE, e->name);
        }
    }
    int n_bugs = rng_between(&th->rng, 0, OPEN_BUGS_MAX);
    for (int i = 0; i < n_bugs; i++) {
        int back = rng_between(&th->rng, 0, OPEN_STARTED_WITHIN_DAYS);
        int32_t started = working_days_before(w, team, w->history_end, back);
        history_put_row(hw, team, "bug", started, DATE_NONE, "");
    }
}

static void write_history(const world *w, FILE *out)
{
    history_writer hw = {.w = w, .out = out};
    for (int t = 0; t < w->n_teams; t++) {
        rng_init(&hw.teams[t].rng, w->seed, PURPOSE_HISTORY, t);
        hw.teams[t].next_key = HISTORY_KEY0;
    }
    static const char *const header[] = {"id", "team", "type", "started", "done", "epic"};
    csv_put_row(out, header, sizeof header / sizeof header[0]);
    for (int32_t day = w->history_first; day <= w->history_end; day++)
        for (int t = 0; t < w->n_teams; t++)
            history_team_day(&hw, t, day);
    for (int t = 0; t < w->n_teams; t++)
        history_open_items(&hw, t);
}

/* ---------------------------------------------------------------------------------------- */
/* The other files.                                                                         */
/* ---------------------------------------------------------------------------------------- */

static void write_teams(const world *w, FILE *out)
{
    static const char *const header[] = {"team", "people", "wip", "history_people"};
    csv_put_row(out, header, sizeof header / sizeof header[0]);
    for (int t = 0; t < w->n_teams; t++) {
        const team_spec *spec = &w->teams[t];
        char people[16], wip[16], history_people[16];
        const char *fields[] = {spec->name, int_text(spec->people, -1, people),
                                int_text(spec->wip, -1, wip),
                                int_text(spec->history_people, -1, history_people)};
        csv_put_row(out, fields, sizeof fields / sizeof fields[0]);
    }
}

static void write_plan(const world *w, FILE *out)
{
    static const char *const header[] = {"id",         "team",       "title",    "size_low",
                                         "size_high",  "depends_on", "priority", "due",
                                         "not_before", "done",       "status",   "scenario"};
    bool scenarios = w->item_scenario != NULL;
    size_t n_columns = sizeof header / sizeof header[0] - (scenarios ? 0 : 1);
    csv_put_row(out, header, n_columns);
    for (int i = 0; i < w->n_items; i++) {
        const plan_item *item = &w->items[i];
        char low[16], high[16], priority[16], done[16];
        const char *fields[] = {item->id,
                                item->team,
                                item->title,
                                int_text(item->size_low, SIZE_NONE, low),
                                int_text(item->size_high, SIZE_NONE, high),
                                item->depends_on,
                                int_text(item->priority, 0, priority),
                                item->due,
                                item->not_before,
                                int_text(item->done, 0, done),
                                item->status,
                                scenarios && w->item_scenario[i] ? w->item_scenario[i] : ""};
        csv_put_row(out, fields, n_columns);
    }
}

static int compare_days_off(const void *a, const void *b)
{
    const day_off *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->team > y->team) - (x->team < y->team);
}

static void write_calendar(const world *w, FILE *out)
{
    day_off sorted[MAX_DAYS_OFF];
    memcpy(sorted, w->days_off, (size_t)w->n_days_off * sizeof sorted[0]);
    qsort(sorted, (size_t)w->n_days_off, sizeof sorted[0], compare_days_off);
    static const char *const header[] = {"date", "team", "kind"};
    csv_put_row(out, header, sizeof header / sizeof header[0]);
    for (int i = 0; i < w->n_days_off; i++) {
        char date[DATE_TEXT_SIZE];
        const char *team = sorted[i].team < 0 ? "" : w->teams[sorted[i].team].name;
        const char *fields[] = {date_format(sorted[i].day, date), team, sorted[i].kind};
        csv_put_row(out, fields, sizeof fields / sizeof fields[0]);
    }
}

static void write_scenarios(const world *w, FILE *out)
{
    fprintf(out, "; %s\n", w->scenarios_title);
    fprintf(out, "; Written by shipcast-genplan %s --seed %" PRIu64 ".\n\n", w->mode, w->seed);
    fputs(w->scenarios_body, out);
}

/* ---------------------------------------------------------------------------------------- */
/* Files and folders.                                                                       */
/* ---------------------------------------------------------------------------------------- */

/* mkdir -p: creates every missing folder of `path`. */
static bool make_folders(const char *path)
{
    char buf[PATH_SIZE];
    int n = snprintf(buf, sizeof buf, "%s", path);
    if (n < 0 || (size_t)n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return false;
    }
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return false;
    struct stat st;
    if (stat(buf, &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return false;
    }
    return true;
}

static void write_changes(const world *w, FILE *out)
{
    fputs(w->changes_csv, out);
}

static void write_risks(const world *w, FILE *out)
{
    fputs(w->risks_csv, out);
}

typedef void (*file_writer)(const world *w, FILE *out);

/* Writes dir/name through a temporary file and a rename, so a failure leaves no half file.
 * On failure, prints what went wrong. */
static bool write_file(const world *w, const char *dir, const char *name, file_writer writer)
{
    char path[PATH_SIZE], tmp[PATH_SIZE];
    int n1 = snprintf(path, sizeof path, "%s/%s", dir, name);
    int n2 = snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof path || (size_t)n2 >= sizeof tmp) {
        fprintf(stderr, "shipcast-genplan: %s/%s: path too long\n", dir, name);
        return false;
    }
    FILE *out = fopen(tmp, "w");
    if (!out) {
        fprintf(stderr, "shipcast-genplan: %s: %s\n", tmp, strerror(errno));
        return false;
    }
    writer(w, out);
    bool ok = !ferror(out);
    ok = (fclose(out) == 0) && ok;
    if (ok && rename(tmp, path) == 0)
        return true;
    fprintf(stderr, "shipcast-genplan: %s: %s\n", path, strerror(errno));
    remove(tmp);
    return false;
}

static bool write_plan_folder(const world *w, const char *dir)
{
    if (!make_folders(dir)) {
        fprintf(stderr, "shipcast-genplan: %s: %s\n", dir, strerror(errno));
        return false;
    }
    return write_file(w, dir, "teams.csv", write_teams) &&
           write_file(w, dir, "calendar.csv", write_calendar) &&
           write_file(w, dir, "history.csv", write_history) &&
           write_file(w, dir, "plan.csv", write_plan) &&
           (!w->changes_csv || write_file(w, dir, "changes.csv", write_changes)) &&
           (!w->risks_csv || write_file(w, dir, "risks.csv", write_risks)) &&
           write_file(w, dir, "scenarios.ini", write_scenarios);
}

/* ---------------------------------------------------------------------------------------- */
/* Command line.                                                                            */
/* ---------------------------------------------------------------------------------------- */

static void print_usage(FILE *out)
{
    fprintf(out,
            "usage: shipcast-genplan [--seed N] example|large OUTDIR\n"
            "\n"
            "Writes a plan folder (history.csv, teams.csv, plan.csv, calendar.csv,\n"
            "scenarios.ini; see docs/inputs.md) into OUTDIR, creating it if missing.\n"
            "\n"
            "  example    the bundled quarterly plan of a five-team platform group\n"
            "             (examples/platform-q1)\n"
            "  large      the benchmark plan: 12 teams, 240 items, %d dependencies,\n"
            "             a year of history\n"
            "  --seed N   seed of the generator, 0..18446744073709551615 (default %" PRIu64 ");\n"
            "             the same seed writes the same bytes\n"
            "  --help     this text\n",
            LARGE_EDGES, DEFAULT_SEED);
}

static bool parse_seed(const char *text, uint64_t *seed)
{
    if (text[0] < '0' || text[0] > '9')
        return false;
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *seed = (uint64_t)value;
    return true;
}

typedef struct {
    const char *mode;
    const char *outdir;
    uint64_t seed;
} options;

/* Returns 0 to go on, -1 after --help, or 2 on bad arguments. */
static int parse_options(int argc, char **argv, options *opt)
{
    const char *positional[2] = {NULL, NULL};
    int n_positional = 0;
    opt->seed = DEFAULT_SEED;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_usage(stdout);
            return -1;
        }
        if (strcmp(arg, "--seed") == 0 || strncmp(arg, "--seed=", 7) == 0) {
            const char *value = arg[6] == '=' ? arg + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!value || !parse_seed(value, &opt->seed)) {
                fprintf(stderr, "shipcast-genplan: --seed: expected a whole number "
                                "0..18446744073709551615\n");
                return 2;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "shipcast-genplan: unknown option '%s'\n", arg);
            return 2;
        } else if (n_positional < 2) {
            positional[n_positional++] = arg;
        } else {
            fprintf(stderr, "shipcast-genplan: unexpected argument '%s'\n", arg);
            return 2;
        }
    }
    if (n_positional != 2 ||
        (strcmp(positional[0], "example") != 0 && strcmp(positional[0], "large") != 0)) {
        fprintf(stderr, "shipcast-genplan: expected 'example' or 'large' and an OUTDIR\n");
        return 2;
    }
    opt->mode = positional[0];
    opt->outdir = positional[1];
    return 0;
}

int main(int argc, char **argv)
{
    options opt;
    int status = parse_options(argc, argv, &opt);
    if (status == -1)
        return 0;
    if (status != 0) {
        print_usage(stderr);
        return status;
    }
    world *w = calloc(1, sizeof *w);
    if (!w) {
        fprintf(stderr, "shipcast-genplan: out of memory\n");
        return 1;
    }
    w->mode = opt.mode;
    w->seed = opt.seed;
    bool built = strcmp(opt.mode, "example") == 0 ? build_example(w) : build_large(w);
    if (!built)
        fprintf(stderr, "shipcast-genplan: could not build the %s plan\n", opt.mode);
    bool ok = built && write_plan_folder(w, opt.outdir);
    free(w->items);
    free(w->item_scenario);
    free(w);
    return ok ? 0 : 1;
}
