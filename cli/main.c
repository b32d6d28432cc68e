/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shipcast: the command line. The only place that reads argv, prints, installs signal
 * handlers, touches GSL's global error handler and chooses exit codes:
 * 0 success, 1 runtime failure (a write failed, stdout included), 2 usage or input error,
 * 130 interrupted.
 *
 * Options follow GNU conventions: long options as `--trials=5` or `--trials 5`, `--` ends
 * them, options and the plan folder in any order after the command. One table lists every
 * option with the commands that take it; each command's --help is printed from it, and the
 * test `cli-docs` checks that shipcast.1 and the bash completion name every option it lists.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cluster.h"
#include "date.h"
#include "backtest_cmd.h"
#include "fit_run.h"
#include "forecast_cmd.h"
#include "import_cmd.h"
#include "terms.h"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };
enum { MAX_THREADS = 1024 };

static volatile sig_atomic_t stop_requested = 0;

static void on_sigint(int signo)
{
    (void)signo;
    stop_requested = 1;
}

/* ---- the option table -------------------------------------------------------------------- */

enum { CMD_FORECAST = 1, CMD_FIT = 2, CMD_BACKTEST = 4, CMD_IMPORT = 8 };

typedef enum option_id {
    OPT_TRIALS,
    OPT_SEED,
    OPT_THREADS,
    OPT_OUT,
    OPT_START,
    OPT_HORIZON,
    OPT_FORCE,
    OPT_QUIET,
    OPT_EXCEL,
    OPT_DECIMAL_COMMA,
    OPT_SENSITIVITY,
    OPT_CALIBRATION,
    OPT_FROM,
    OPT_TO,
    OPT_EVERY,
    OPT_ITEMS,
    OPT_MIN_HISTORY,
    OPT_HELP,
    OPT_FORMAT,
    OPT_TEAM,
    OPT_TEAM_FROM,
    OPT_MAP,
    OPT_UNPLANNED,
    OPT_CANCELLED,
    OPT_EXCLUDED,
    OPT_DATE_FORMAT,
    OPT_TIMEZONE,
    OPT_OUT_FILE,
} option_id;

typedef struct cli_option {
    const char *name; /* without the leading "--" */
    option_id id;
    unsigned commands; /* CMD_* that take it */
    const char *value; /* the value's name in --help, NULL for a flag */
    const char *help;  /* one line; fit's own wording in fit_help when it differs */
    const char *fit_help;
} cli_option;

static const cli_option options[] = {
    {"trials", OPT_TRIALS, CMD_FORECAST | CMD_BACKTEST, "N",
     "Monte Carlo trials, 1..1000000000 (default: scenarios.ini, else 10000; backtest: 2000 "
     "per forecast)",
     NULL},
    {"seed", OPT_SEED, CMD_FORECAST | CMD_BACKTEST, "S",
     "master seed, 0..2^64-1 (default: scenarios.ini, else 1)", NULL},
    {"threads", OPT_THREADS, CMD_FORECAST | CMD_BACKTEST, "T",
     "worker threads; same results for any T (default: processors)", NULL},
    {"out", OPT_OUT, CMD_FORECAST | CMD_FIT | CMD_BACKTEST, "DIR",
     "output folder, created if missing (default: ./shipcast-out)", NULL},
    {"start", OPT_START, CMD_FORECAST, "DATE",
     "first simulated day, YYYY-MM-DD (default: the day after history_end)", NULL},
    {"horizon", OPT_HORIZON, CMD_FORECAST, "DATE",
     "date for P(done by horizon), YYYY-MM-DD (default: scenarios.ini)", NULL},
    {"force", OPT_FORCE, CMD_FORECAST | CMD_FIT, NULL,
     "forecast teams with fewer than 5 working days with completions",
     "accepted for symmetry with forecast (fit always shows such teams)"},
    {"quiet", OPT_QUIET, CMD_FORECAST | CMD_FIT | CMD_BACKTEST, NULL,
     "nothing on stdout, no progress line (warnings and errors still on stderr)", NULL},
    {"excel", OPT_EXCEL, CMD_FORECAST | CMD_FIT | CMD_BACKTEST, NULL,
     "CSV files start with a UTF-8 byte-order mark, for Excel", NULL},
    {"decimal-comma", OPT_DECIMAL_COMMA, CMD_FORECAST | CMD_FIT | CMD_BACKTEST, NULL,
     "with --excel: ';' between fields and ',' in numbers (e.g. German Excel)", NULL},
    {"sensitivity", OPT_SENSITIVITY, CMD_FORECAST, NULL,
     "also try one change at a time on the baseline (capacity x1.2, interruptions x0.5, WIP +/-1 "
     "per team, each dependency removed): sensitivity.csv",
     NULL},
    {"calibration", OPT_CALIBRATION, CMD_FORECAST, "DIR",
     "the report shows the track record in DIR, the output folder of shipcast backtest", NULL},
    {"from", OPT_FROM, CMD_BACKTEST, "DATE",
     "first checkpoint (default: the first date with a full window of history)", NULL},
    {"to", OPT_TO, CMD_BACKTEST, "DATE",
     "last checkpoint, at most 14 days before the history ends (default: 60 days before; "
     "targets that end past the history are censored)",
     NULL},
    {"every", OPT_EVERY, CMD_BACKTEST, "DAYS", "days between checkpoints, 1..3650 (default: 7)",
     NULL},
    {"items", OPT_ITEMS, CMD_BACKTEST, "N,...",
     "targets of 'when are the next N items done' (default: 1x, 2x, 4x the team's median "
     "four-week throughput)",
     NULL},
    {"min-history", OPT_MIN_HISTORY, CMD_BACKTEST, "DAYS",
     "a team takes part once its history spans this many days (default: the window)", NULL},
    {"help", OPT_HELP, CMD_FORECAST | CMD_FIT | CMD_BACKTEST | CMD_IMPORT, NULL, "this help", NULL},
    {"format", OPT_FORMAT, CMD_IMPORT, "FORMAT",
     "auto (default: recognised from the header), jira, linear, github, azure, changelog, csv",
     NULL},
    {"team", OPT_TEAM, CMD_IMPORT, "NAME", "the team of every item (needed for GitHub)", NULL},
    {"team-from", OPT_TEAM_FROM, CMD_IMPORT, "COLUMN", "the column naming each item's team", NULL},
    {"map", OPT_MAP, CMD_IMPORT, "FIELD=COLUMN",
     "take FIELD (id, team, type, started, done, epic, ...) from COLUMN; repeatable", NULL},
    {"unplanned", OPT_UNPLANNED, CMD_IMPORT, "LIST",
     "types and labels of interruptions, comma-separated (default: the format's)", NULL},
    {"cancelled", OPT_CANCELLED, CMD_IMPORT, "LIST",
     "statuses, resolutions and labels of cancelled items (default: the format's)", NULL},
    {"excluded", OPT_EXCLUDED, CMD_IMPORT, "LIST",
     "types and labels of epics and sub-tasks, left out (default: the format's)", NULL},
    {"date-format", OPT_DATE_FORMAT, CMD_IMPORT, "FORM",
     "iso, DD/MMM/YY, DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY (default: the format's)", NULL},
    {"timezone", OPT_TIMEZONE, CMD_IMPORT, "ZONE",
     "IANA time zone: timestamps with an offset count on its dates", NULL},
    {"out", OPT_OUT_FILE, CMD_IMPORT, "FILE", "write history.csv there (default: standard output)",
     NULL},
};
enum { N_OPTIONS = sizeof options / sizeof *options };

static const char general_help[] =
    "usage: shipcast forecast PLAN_DIR [options]\n"
    "       shipcast fit PLAN_DIR [options]\n"
    "       shipcast backtest PLAN_DIR [options]\n"
    "       shipcast import FILE... [options]\n"
    "       shipcast --help | --version\n"
    "\n"
    "Forecasts when the items of a quarterly plan will be done, from each team's own\n"
    "history, with a Monte Carlo simulation of the dependency graph.\n"
    "\n"
    "commands:\n"
    "  forecast  simulate the plan and its scenarios; write forecast.csv, distribution.csv,\n"
    "            scenarios.csv, burnup.csv, report.html and run.json\n"
    "  fit       is our data good enough? per-team history statistics and warnings (fit.csv)\n"
    "  backtest  how well would forecasts have matched the teams' own past? (backtest.csv,\n"
    "            calibration.csv)\n"
    "  import    a Jira, Linear, GitHub or Azure DevOps export (or any CSV) as history.csv\n"
    "\n"
    "'shipcast COMMAND --help' lists the options of a command. PLAN_DIR holds history.csv,\n"
    "teams.csv, plan.csv and optionally calendar.csv, changes.csv, risks.csv and\n"
    "scenarios.ini. Exit status: 0 ok, 1 runtime failure (e.g. a write failed), 2 usage or\n"
    "input error, 130 interrupted. See shipcast(1).\n";

static const char forecast_intro[] =
    "usage: shipcast forecast PLAN_DIR [options]\n"
    "\n"
    "Simulates the plan in PLAN_DIR and every scenario of its scenarios.ini on the same random\n"
    "numbers, and writes into the output folder, all together or not at all: forecast.csv,\n"
    "distribution.csv, scenarios.csv, burnup.csv, report.html (open it in a browser) and\n"
    "run.json. Prints a table of the baseline's items and of the scenarios.\n"
    "\n"
    "options:\n";

static const char fit_intro[] =
    "usage: shipcast fit PLAN_DIR [options]\n"
    "\n"
    "Is our data good enough? Per team: the history sample the forecast replays (zero days,\n"
    "mean, median and P85 of planned completions, unplanned share, streams per person), the\n"
    "capacity multipliers under the baseline WIP, stability between halves, epic sizes and\n"
    "warnings. Writes fit.csv into the output folder; exit status 0 also with warnings.\n"
    "\n"
    "options:\n";

static const char backtest_intro[] =
    "usage: shipcast backtest PLAN_DIR [options]\n"
    "\n"
    "Can we trust it? Walks forward through each team's history: at every checkpoint it\n"
    "forecasts from the history known then (when are the next N items done; how many are\n"
    "done within 14, 30 and 60 days) and compares with what happened. Writes backtest.csv\n"
    "(every forecast) and calibration.csv (how often reality fell within P50/P70/P85/P95,\n"
    "per team) into the output folder. plan.csv is not needed.\n"
    "\n"
    "options:\n";

static const char import_intro[] =
    "usage: shipcast import FILE... [options]\n"
    "\n"
    "Reads tracker exports (Jira CSV, Linear CSV, GitHub's gh issue list JSON, Azure DevOps\n"
    "query CSV, status-change logs, or any CSV with --map) and writes their work items as\n"
    "history.csv (id,team,type,started,done,epic). Standard error says which format each file\n"
    "was read as, and how many items were read, kept and dropped by reason, per team.\n"
    "See docs/import.md.\n"
    "\n"
    "options:\n";

static const char help_outro[] =
    "\n"
    "Long options take their value after '=' or as the next argument: --out=DIR, --out DIR.\n"
    "Exit status: 0 ok, 1 runtime failure (e.g. a write failed), 2 usage or input error,\n"
    "130 interrupted. See shipcast(1).\n";

static void print_command_help(unsigned command)
{
    fputs(command == CMD_FIT        ? fit_intro
          : command == CMD_BACKTEST ? backtest_intro
          : command == CMD_IMPORT   ? import_intro
                                    : forecast_intro,
          stdout);
    for (size_t k = 0; k < N_OPTIONS; k++) {
        const cli_option *o = &options[k];
        if (!(o->commands & command))
            continue;
        char left[40];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->value ? "=" : "",
                 o->value ? o->value : "");
        const char *help = command == CMD_FIT && o->fit_help ? o->fit_help : o->help;
        printf("  %-18s %s\n", left, help);
    }
    fputs(help_outro, stdout);
}

/* ---- parsing ----------------------------------------------------------------------------- */

static int usage_error(const char *fmt, const char *arg)
{
    fputs("shipcast: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'shipcast --help'.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_u64(const char *text, uint64_t max, uint64_t *out)
{
    if (!*text || *text == '-' || *text == '+' || *text == ' ')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

static bool parse_date_arg(const char *text, int32_t *out)
{
    return date_parse(text, strlen(text), out);
}

/* --items=N,N,...: 1 to BACKTEST_ITEMS_MAX whole numbers, each 1..100000. */
static int parse_items(const char *value, backtest_options *bt)
{
    char buf[256];
    if (strlen(value) >= sizeof buf)
        return usage_error("--items: expected up to 8 numbers of items separated by ',', found "
                           "'%s'",
                           value);
    memcpy(buf, value, strlen(value) + 1);
    bt->n_items = 0;
    for (char *tok = buf, *comma; tok; tok = comma ? comma + 1 : NULL) {
        if ((comma = strchr(tok, ',')))
            *comma = '\0';
        uint64_t n;
        if (bt->n_items >= BACKTEST_ITEMS_MAX || !parse_u64(tok, 100000, &n) || n == 0)
            return usage_error("--items: expected up to 8 numbers of items from 1 to 100000 "
                               "separated by ',', found '%s'",
                               value);
        bt->items[bt->n_items++] = (int32_t)n;
    }
    return 0;
}

typedef struct cli_args {
    forecast_cmd opt;
    backtest_options bt; /* backtest only */
    import_cmd imp;      /* import only */
    unsigned command;    /* CMD_* */
    const char *command_name;
    bool help;
} cli_args;

/* --map FIELD=COLUMN; returns 0 or an exit code. */
static int apply_map(const char *value, cli_args *a)
{
    const char *eq = strchr(value, '=');
    char field[32];
    size_t len = eq ? (size_t)(eq - value) : 0;
    import_field f;
    if (!eq || len == 0 || len >= sizeof field || eq[1] == '\0')
        return usage_error("--map: expected FIELD=COLUMN, found '%s'", value);
    memcpy(field, value, len);
    field[len] = '\0';
    if (!import_field_named(field, &f)) {
        fprintf(stderr, "shipcast: --map: unknown field '%s' (expected one of %s)\n", field,
                import_field_list());
        return EXIT_USAGE;
    }
    if (a->imp.options.map[f])
        return usage_error("--map: the field '%s' is mapped twice", import_field_name(f));
    a->imp.options.map[f] = eq + 1;
    return 0;
}

/* The options of `import`; returns 0 or an exit code. */
static int apply_import_option(const cli_option *o, const char *value, cli_args *a)
{
    import_options *io = &a->imp.options;
    switch (o->id) {
    case OPT_FORMAT:
        if (!import_format_named(value, &io->format)) {
            fprintf(stderr, "shipcast: --format: expected one of %s, found '%s'\n",
                    import_format_list(), value);
            return EXIT_USAGE;
        }
        break;
    case OPT_TEAM:
        if (!*value)
            return usage_error("--team: expected a team name%s", "");
        io->team = value;
        break;
    case OPT_TEAM_FROM:
        if (!*value)
            return usage_error("--team-from: expected a column name%s", "");
        io->team_from = value;
        break;
    case OPT_MAP:
        return apply_map(value, a);
    case OPT_UNPLANNED:
        io->unplanned = value;
        break;
    case OPT_CANCELLED:
        io->cancelled = value;
        break;
    case OPT_EXCLUDED:
        io->excluded = value;
        break;
    case OPT_DATE_FORMAT:
        if (!datefmt_form_named(value, &io->date_form)) {
            fprintf(stderr, "shipcast: --date-format: expected one of %s, found '%s'\n",
                    datefmt_form_list(), value);
            return EXIT_USAGE;
        }
        io->has_date_form = true;
        break;
    case OPT_TIMEZONE:
        a->imp.timezone = value;
        break;
    case OPT_OUT_FILE:
        if (!*value)
            return usage_error("--out: expected a file name%s", "");
        a->imp.out = value;
        break;
    default:
        break;
    }
    return 0;
}

/* Applies option o with its value ("" for flags); returns 0 or an exit code. */
static int apply_option(const cli_option *o, const char *value, cli_args *a)
{
    uint64_t n;
    switch (o->id) {
    case OPT_TRIALS:
        if (!parse_u64(value, TERMS_TRIALS_MAX, &n) || n == 0)
            return usage_error("--trials: expected a whole number from 1 to 1000000000, "
                               "found '%s'",
                               value);
        a->opt.overrides.trials = n;
        break;
    case OPT_SEED:
        if (!parse_u64(value, UINT64_MAX, &n))
            return usage_error("--seed: expected a whole number from 0 to "
                               "18446744073709551615, found '%s'",
                               value);
        a->opt.overrides.seed = n;
        a->opt.overrides.has_seed = true;
        break;
    case OPT_THREADS:
        if (!parse_u64(value, MAX_THREADS, &n) || n == 0)
            return usage_error("--threads: expected a whole number from 1 to 1024, found '%s'",
                               value);
        a->opt.n_threads = (int)n;
        break;
    case OPT_OUT:
        if (!*value)
            return usage_error("--out: expected a folder name%s", "");
        a->opt.out_dir = value;
        break;
    case OPT_START:
        if (!parse_date_arg(value, &a->opt.overrides.start))
            return usage_error("--start: expected a date YYYY-MM-DD, found '%s'", value);
        break;
    case OPT_HORIZON:
        if (!parse_date_arg(value, &a->opt.overrides.horizon))
            return usage_error("--horizon: expected a date YYYY-MM-DD, found '%s'", value);
        break;
    case OPT_FORCE:
        a->opt.overrides.force = true;
        break;
    case OPT_QUIET:
        a->opt.quiet = true;
        break;
    case OPT_EXCEL:
        a->opt.csv.bom = true;
        break;
    case OPT_DECIMAL_COMMA:
        a->opt.csv.decimal_comma = true;
        break;
    case OPT_SENSITIVITY:
        a->opt.sensitivity = true;
        break;
    case OPT_CALIBRATION:
        if (!*value)
            return usage_error("--calibration: expected the output folder of shipcast "
                               "backtest%s",
                               "");
        a->opt.calibration_dir = value;
        break;
    case OPT_FROM:
        if (!parse_date_arg(value, &a->bt.from))
            return usage_error("--from: expected a date YYYY-MM-DD, found '%s'", value);
        break;
    case OPT_TO:
        if (!parse_date_arg(value, &a->bt.to))
            return usage_error("--to: expected a date YYYY-MM-DD, found '%s'", value);
        break;
    case OPT_EVERY:
        if (!parse_u64(value, 3650, &n) || n == 0)
            return usage_error("--every: expected a whole number of days from 1 to 3650, found "
                               "'%s'",
                               value);
        a->bt.every_days = (int32_t)n;
        break;
    case OPT_MIN_HISTORY:
        if (!parse_u64(value, 36500, &n) || n == 0)
            return usage_error("--min-history: expected a whole number of days from 1 to 36500, "
                               "found '%s'",
                               value);
        a->bt.min_history_days = (int32_t)n;
        break;
    case OPT_ITEMS:
        return parse_items(value, &a->bt);
    case OPT_HELP:
        a->help = true;
        break;
    default:
        return apply_import_option(o, value, a);
    }
    return 0;
}

/* The option `name` of `command`, else of any command (for "not valid for"), else NULL. */
static const cli_option *find_option(const char *name, size_t len, unsigned command)
{
    const cli_option *any = NULL;
    for (size_t k = 0; k < N_OPTIONS; k++)
        if (strlen(options[k].name) == len && !strncmp(options[k].name, name, len)) {
            if (options[k].commands & command)
                return &options[k];
            if (!any)
                any = &options[k];
        }
    return any;
}

/* Reads the option at argv[*i] ("--name", "--name=value" or "-h"); returns 0 or an exit
 * code. */
static int parse_option(int argc, char **argv, int *i, cli_args *a)
{
    const char *arg = argv[*i];
    if (!strcmp(arg, "-h"))
        return apply_option(find_option("help", 4, a->command), "", a);
    if (strncmp(arg, "--", 2))
        return usage_error("unknown option '%s'", arg);
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const cli_option *o = find_option(name, len, a->command);
    if (!o)
        return usage_error("unknown option '%s'", arg);
    if (!(o->commands & a->command)) {
        fprintf(stderr, "shipcast: option --%s is not valid for %s\n", o->name, a->command_name);
        fprintf(stderr, "Try 'shipcast %s --help'.\n", a->command_name);
        return EXIT_USAGE;
    }
    if (!o->value) {
        if (eq) {
            fprintf(stderr, "shipcast: option --%s takes no value\n", o->name);
            return EXIT_USAGE;
        }
        return apply_option(o, "", a);
    }
    const char *value = eq ? eq + 1 : NULL;
    if (!value) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "shipcast: option --%s needs a value (--%s=%s)\n", o->name, o->name,
                    o->value);
            return EXIT_USAGE;
        }
        value = argv[++*i];
    }
    return apply_option(o, value, a);
}

/* --out must name a folder, or a path that can become one. */
static int check_out_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            return usage_error("--out: '%s' exists and is not a folder", dir);
    } else if (errno == ENOTDIR) {
        return usage_error("--out: a part of '%s' is a file, not a folder", dir);
    }
    return 0;
}

/* What `import` needs beyond each option on its own. */
static int check_import_args(const cli_args *a)
{
    const import_cmd *c = &a->imp;
    if (c->n_files == 0)
        return usage_error("import needs at least one export file%s", "");
    if (c->options.team && (c->options.team_from || c->options.map[IMPORT_FIELD_TEAM]))
        return usage_error("--team names every item's team: give it, or --team-from (or "
                           "--map team=COLUMN), not both%s",
                           "");
    if (c->options.team_from && c->options.map[IMPORT_FIELD_TEAM])
        return usage_error("--team-from and --map team= name the same column: give one%s", "");
    struct stat sb;
    if (c->out && stat(c->out, &sb) == 0 && S_ISDIR(sb.st_mode))
        return usage_error("--out: '%s' is a folder; expected a file name", c->out);
    if (c->out) {
        const char *slash = strrchr(c->out, '/');
        if (slash && slash != c->out) {
            char dir[4096];
            snprintf(dir, sizeof dir, "%.*s", (int)(slash - c->out), c->out);
            if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
                return usage_error("--out: the folder of '%s' does not exist", c->out);
        }
    }
    return 0;
}

static bool is_help_arg(const char *arg)
{
    return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

static int parse_args(int argc, char **argv, cli_args *a)
{
    a->opt.out_dir = "shipcast-out";
    a->opt.overrides.start = DATE_NONE;
    a->opt.overrides.horizon = DATE_NONE;
    int cpus = cluster_threads_default(a->opt.cluster);
    a->opt.n_threads = cpus <= MAX_THREADS ? cpus : 1;
    a->bt = backtest_options_default(a->opt.n_threads);
    if (argc < 2)
        return usage_error("%sno command given", "");
    const char *first = argv[1];
    if (first[0] == '-') {
        if (is_help_arg(first) || !strcmp(first, "--version")) {
            if (argc > 2)
                return usage_error("unexpected argument '%s'", argv[2]);
            a->help = is_help_arg(first);
            return 0;
        }
        return usage_error("expected a command (forecast, fit, backtest or import) before '%s'",
                           first);
    }
    if (!strcmp(first, "forecast"))
        a->command = CMD_FORECAST;
    else if (!strcmp(first, "fit"))
        a->command = CMD_FIT;
    else if (!strcmp(first, "backtest"))
        a->command = CMD_BACKTEST;
    else if (!strcmp(first, "import"))
        a->command = CMD_IMPORT;
    else
        return usage_error("unknown command '%s' (expected: forecast, fit, backtest or import)",
                           first);
    a->command_name = first;
    /* --help wins over everything else on the line, as in most GNU tools */
    for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
        if (is_help_arg(argv[i])) {
            a->help = true;
            return 0;
        }
    bool options_end = false;
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_end && !strcmp(arg, "--")) {
            options_end = true;
        } else if (!options_end && arg[0] == '-' && arg[1] != '\0') {
            int rc = parse_option(argc, argv, &i, a);
            if (rc)
                return rc;
        } else if (a->command == CMD_IMPORT) {
            a->imp.files[a->imp.n_files++] = arg;
        } else if (!a->opt.plan_dir) {
            a->opt.plan_dir = arg;
        } else {
            return usage_error("unexpected argument '%s'", arg);
        }
    }
    if (a->command == CMD_IMPORT)
        return check_import_args(a);
    if (!a->opt.plan_dir)
        return usage_error("%s needs a plan folder", a->command_name);
    if (a->opt.csv.decimal_comma && !a->opt.csv.bom)
        return usage_error("--decimal-comma adjusts --excel: give both%s", "");
    /* only rank 0 writes: another machine's view of the folder does not matter */
    return cluster_rank(a->opt.cluster) == 0 ? check_out_dir(a->opt.out_dir) : 0;
}

static int exit_code_of(status_code rc)
{
    switch (rc) {
    case STATUS_OK:
        return 0;
    case STATUS_EINPUT:
    case STATUS_ELIMIT:
        return EXIT_USAGE;
    case STATUS_EINTERRUPT:
        return EXIT_INTERRUPTED;
    case STATUS_ENOMEM:
    case STATUS_EIO:
        break;
    }
    return EXIT_RUNTIME;
}

/* Everything printed must have reached its file: a full disk or a closed pipe is a failure
 * (exit 1), not a silent success. */
static int finish_stdout(int code)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int err = errno ? errno : EIO;
        fprintf(stderr, "shipcast: cannot write standard output: %s\n", strerror(err));
        return code ? code : EXIT_RUNTIME;
    }
    return code;
}

static int run(cli_args *a)
{
    /* Library code checks its arguments; GSL must return errors, never abort. */
    gsl_set_error_handler_off();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    a->opt.stop = &stop_requested;
    a->opt.progress = !a->opt.quiet && isatty(STDERR_FILENO) != 0;

    status st;
    status_clear(&st);
    status_code code;
    if ((a->command == CMD_FIT || a->command == CMD_IMPORT) && cluster_rank(a->opt.cluster) != 0) {
        code = STATUS_OK; /* fit and import are one process's work: rank 0's */
    } else if (a->command == CMD_FIT) {
        fit_options fo = {a->opt.plan_dir, a->opt.out_dir, a->opt.overrides,
                          a->opt.quiet,    a->opt.csv,     a->opt.stop};
        code = fit_run(&fo, &st);
    } else if (a->command == CMD_BACKTEST) {
        a->bt.run.n_threads = a->opt.n_threads;
        a->bt.run.stop = a->opt.stop;
        if (a->opt.overrides.trials)
            a->bt.trials = a->opt.overrides.trials;
        backtest_cmd bc = {.plan_dir = a->opt.plan_dir,
                           .out_dir = a->opt.out_dir,
                           .overrides = a->opt.overrides,
                           .bt = a->bt,
                           .quiet = a->opt.quiet,
                           .progress = a->opt.progress,
                           .csv = a->opt.csv,
                           .cluster = a->opt.cluster};
        code = backtest_cmd_run(&bc, &st);
    } else if (a->command == CMD_IMPORT) {
        code = import_cmd_run(&a->imp, &st);
    } else {
        code = forecast_cmd_run(&a->opt, &st);
    }
    if (code == STATUS_EINTERRUPT)
        fputs("shipcast: interrupted; no output was written\n", stderr);
    else if (code != STATUS_OK)
        fprintf(stderr, "shipcast: %s\n", st.message);
    return exit_code_of(code);
}

int main(int argc, char **argv)
{
    cluster *c = NULL;
    status st;
    status_clear(&st);
    if (cluster_create(&argc, &argv, &c, &st) != STATUS_OK) {
        fprintf(stderr, "shipcast: %s\n", st.message);
        return EXIT_RUNTIME;
    }
    /* Under MPI every process runs this command; rank 0 alone speaks, so that a message
     * appears once. The others' failures reach rank 0 through cluster_agree. */
    if (cluster_rank(c) != 0) {
        /* a failing freopen closes the stream, which silences it as well */
        FILE *out = freopen("/dev/null", "w", stdout), *err = freopen("/dev/null", "w", stderr);
        (void)out;
        (void)err;
    }
    cli_args a;
    memset(&a, 0, sizeof a);
    a.opt.cluster = c;
    /* import's files are argv's own strings: room for all of them */
    a.imp.files = calloc((size_t)argc + 1, sizeof *a.imp.files);
    int rc = a.imp.files ? parse_args(argc, argv, &a) : EXIT_RUNTIME;
    if (!a.imp.files)
        fputs("shipcast: out of memory\n", stderr);
    /* every process follows rank 0's reading of the command line */
    if (cluster_agree(c, rc ? STATUS_EINPUT : STATUS_OK, NULL) != STATUS_OK && !rc)
        rc = EXIT_USAGE;
    if (rc == 0 && a.help && a.command)
        print_command_help(a.command);
    else if (rc == 0 && a.help)
        fputs(general_help, stdout);
    else if (rc == 0 && !a.command)
        printf("shipcast %s\n", SHIPCAST_VERSION);
    else if (rc == 0)
        rc = run(&a);
    free(a.imp.files);
    rc = finish_stdout(rc);
    cluster_destroy(c);
    return rc;
}
