/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shipcast: the command line. The only place that reads argv, prints, installs signal
 * handlers, touches GSL's global error handler and chooses exit codes:
 * 0 success, 1 runtime failure, 2 usage or input error, 130 interrupted.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "date.h"
#include "fit_run.h"
#include "forecast_cmd.h"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };
enum { MAX_THREADS = 1024 };
static const uint64_t MAX_TRIALS = 1000000000u;

static volatile sig_atomic_t stop_requested = 0;

static void on_sigint(int signo)
{
    (void)signo;
    stop_requested = 1;
}

static const char usage_text[] =
    "usage: shipcast forecast PLAN_DIR [options]\n"
    "       shipcast fit PLAN_DIR [--out DIR] [--force] [--quiet]\n"
    "       shipcast --help | --version\n"
    "\n"
    "Forecasts when the items of a quarterly plan will be done, from each team's own\n"
    "history, with a Monte Carlo simulation of the dependency graph.\n"
    "\n"
    "options of forecast:\n"
    "  --trials N      Monte Carlo trials (1..1000000000; default: scenarios.ini or 10000)\n"
    "  --seed S        master seed, 0..2^64-1 (default: scenarios.ini or 1)\n"
    "  --threads T     worker threads (default: the number of processors)\n"
    "  --out DIR       output folder (default: ./shipcast-out)\n"
    "  --start DATE    first simulated day, YYYY-MM-DD (default: the day after history_end)\n"
    "  --horizon DATE  date for P(done by horizon), YYYY-MM-DD\n"
    "  --quiet         no table on stdout\n"
    "  --force         forecast teams with fewer than 5 days with completions\n"
    "\n"
    "fit: is our data good enough? Per team: the history sample (zero days, mean, median and\n"
    "P85 of planned completions, unplanned share, streams per person), the capacity\n"
    "multipliers under the baseline WIP, stability between halves, epic sizes, and warnings.\n"
    "Writes fit.csv into --out (default ./shipcast-out); shows every team (--force is\n"
    "implied). Exit status 0 also when there are warnings.\n"
    "\n"
    "PLAN_DIR holds history.csv, teams.csv, plan.csv and optionally calendar.csv and\n"
    "scenarios.ini; see the README. Outputs: forecast.csv, distribution.csv, scenarios.csv,\n"
    "run.json. Exit status: 0 ok, 1 runtime failure, 2 usage or input error, 130 interrupted.\n";

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

typedef struct cli_args {
    forecast_cmd opt;
    bool help, version;
    const char *command;
    const char *forecast_only; /* the first option given that only forecast takes */
} cli_args;

/* Reads one option at argv[*i]; returns 0 or an exit code. */
static int parse_option(int argc, char **argv, int *i, cli_args *a)
{
    const char *name = argv[*i];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        a->help = true;
        return 0;
    }
    if (!strcmp(name, "--version")) {
        a->version = true;
        return 0;
    }
    if (!strcmp(name, "--quiet")) {
        a->opt.quiet = true;
        return 0;
    }
    if (!strcmp(name, "--force")) {
        a->opt.overrides.force = true;
        return 0;
    }
    static const char *const with_value[] = {"--trials", "--seed",  "--threads",
                                             "--out",    "--start", "--horizon"};
    bool known = false;
    for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
        known = known || !strcmp(name, with_value[k]);
    if (!known)
        return usage_error("unknown option '%s'", name);
    if (*i + 1 >= argc)
        return usage_error("option %s needs a value", name);
    const char *value = argv[++*i];
    if (strcmp(name, "--out") && !a->forecast_only)
        a->forecast_only = name;
    uint64_t n;
    if (!strcmp(name, "--trials")) {
        if (!parse_u64(value, MAX_TRIALS, &n) || n == 0)
            return usage_error("--trials: expected a whole number from 1 to 1000000000, "
                               "found '%s'",
                               value);
        a->opt.overrides.trials = n;
    } else if (!strcmp(name, "--seed")) {
        if (!parse_u64(value, UINT64_MAX, &n))
            return usage_error("--seed: expected a whole number from 0 to "
                               "18446744073709551615, found '%s'",
                               value);
        a->opt.overrides.seed = n;
        a->opt.overrides.has_seed = true;
    } else if (!strcmp(name, "--threads")) {
        if (!parse_u64(value, MAX_THREADS, &n) || n == 0)
            return usage_error("--threads: expected a whole number from 1 to 1024, found '%s'",
                               value);
        a->opt.n_threads = (int)n;
    } else if (!strcmp(name, "--out")) {
        if (!*value)
            return usage_error("--out: expected a folder name%s", "");
        a->opt.out_dir = value;
    } else if (!strcmp(name, "--start")) {
        if (!parse_date_arg(value, &a->opt.overrides.start))
            return usage_error("--start: expected a date YYYY-MM-DD, found '%s'", value);
    } else {
        if (!parse_date_arg(value, &a->opt.overrides.horizon))
            return usage_error("--horizon: expected a date YYYY-MM-DD, found '%s'", value);
    }
    return 0;
}

static int parse_args(int argc, char **argv, cli_args *a)
{
    a->opt.out_dir = "shipcast-out";
    a->opt.overrides.start = DATE_NONE;
    a->opt.overrides.horizon = DATE_NONE;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    a->opt.n_threads = cpus > 0 && cpus <= MAX_THREADS ? (int)cpus : 1;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            int rc = parse_option(argc, argv, &i, a);
            if (rc)
                return rc;
        } else if (!a->command) {
            a->command = argv[i];
        } else if (!a->opt.plan_dir) {
            a->opt.plan_dir = argv[i];
        } else {
            return usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (a->help || a->version)
        return 0;
    if (!a->command)
        return usage_error("%sno command given", "");
    bool fit = !strcmp(a->command, "fit");
    if (strcmp(a->command, "forecast") && !fit)
        return usage_error("unknown command '%s' (expected: forecast or fit)", a->command);
    if (!a->opt.plan_dir)
        return usage_error("%s needs a plan folder", a->command);
    if (fit && a->forecast_only)
        return usage_error("option %s is not valid for fit", a->forecast_only);
    return 0;
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

int main(int argc, char **argv)
{
    cli_args a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    if (a.help) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (a.version) {
        printf("shipcast %s\n", SHIPCAST_VERSION);
        return 0;
    }
    /* Library code checks its arguments; GSL must return errors, never abort. */
    gsl_set_error_handler_off();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    a.opt.stop = &stop_requested;
    a.opt.progress = isatty(STDERR_FILENO) != 0;

    status st;
    status_clear(&st);
    status_code code;
    if (!strcmp(a.command, "fit")) {
        fit_options fo = {a.opt.plan_dir, a.opt.out_dir, a.opt.overrides, a.opt.quiet};
        code = fit_run(&fo, &st);
    } else {
        code = forecast_cmd_run(&a.opt, &st);
    }
    if (code == STATUS_EINTERRUPT)
        fputs("shipcast: interrupted; no output was written\n", stderr);
    else if (code != STATUS_OK)
        fprintf(stderr, "shipcast: %s\n", st.message);
    return exit_code_of(code);
}
