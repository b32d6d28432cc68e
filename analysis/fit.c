/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit: statistics of a team's history and fit.csv; see fit.h.
 *
 * Sums are kept in 64-bit integers and divided once, so the results do not depend on the
 * order of the samples beyond what the definitions say. The quantiles sort a copy: a window
 * holds at most a few thousand days, so O(n log n) once per team costs nothing.
 */
#include "fit.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "date.h"
#include "terms.h"

static const double NO_VALUE = (double)NAN;

enum { FIT_DECIMALS = 3 };

static int compare_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Median of n >= 1 sorted values. */
static double sorted_median(const int32_t *sorted, int32_t n)
{
    if (n % 2)
        return (double)sorted[n / 2];
    return ((double)sorted[n / 2 - 1] + (double)sorted[n / 2]) / 2.0;
}

/* Sorted copy of n >= 1 values, or NULL when out of memory. */
static int32_t *sorted_copy(const int32_t *values, int32_t n)
{
    int32_t *copy = malloc((size_t)n * sizeof *copy);
    if (!copy)
        return NULL;
    memcpy(copy, values, (size_t)n * sizeof *copy);
    qsort(copy, (size_t)n, sizeof *copy, compare_int32);
    return copy;
}

/* |mean(A) - mean(B)| / (max - min) over all n values; in_a(i) says which half value i is
 * in, in_b(i) likewise (a value may be in neither). */
typedef bool (*half_rule)(int32_t i, int32_t n);

static double stability(const int32_t *values, int32_t n, half_rule in_a, half_rule in_b)
{
    int64_t sum_a = 0, sum_b = 0, n_a = 0, n_b = 0;
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (int32_t i = 0; i < n; i++) {
        if (values[i] < lo)
            lo = values[i];
        if (values[i] > hi)
            hi = values[i];
        if (in_a(i, n)) {
            sum_a += values[i];
            n_a++;
        } else if (in_b(i, n)) {
            sum_b += values[i];
            n_b++;
        }
    }
    if (n_a == 0 || n_b == 0)
        return NO_VALUE;
    if (hi == lo)
        return 0.0;
    double diff = (double)sum_a / (double)n_a - (double)sum_b / (double)n_b;
    return fabs(diff) / ((double)hi - (double)lo);
}

/* ABBA ABBA ...: 0-based positions 0, 3 of each block of four are A. */
static bool abba_a(int32_t i, int32_t n)
{
    (void)n;
    return i % 4 == 0 || i % 4 == 3;
}

static bool abba_b(int32_t i, int32_t n)
{
    return !abba_a(i, n);
}

static bool first_half(int32_t i, int32_t n)
{
    return i < n / 2;
}

static bool second_half(int32_t i, int32_t n)
{
    return i >= n - n / 2;
}

double fit_stability_interleaved(const int32_t *values, int32_t n)
{
    return stability(values, n, abba_a, abba_b);
}

double fit_stability_halves(const int32_t *values, int32_t n)
{
    return stability(values, n, first_half, second_half);
}

static void check_input(const fit_team_input *in)
{
    assert(in->n_days >= 0 && in->n_epics >= 0);
    assert(in->n_days == 0 || (in->date && in->planned && in->unplanned && in->streams));
    assert(in->n_epics == 0 || in->epic_sizes);
    assert(in->history_people > 0.0 && in->people > 0.0 && in->wip >= 1);
    assert(in->context_switch && in->n_context_switch >= 1);
    for (int32_t k = 0; k < in->n_context_switch; k++)
        assert(in->context_switch[k] > 0.0 && in->context_switch[k] <= 1.0);
    (void)in;
}

/* Everything that needs no samples: the people ratio, k_now and the empty values. */
static void stats_init(const fit_team_input *in, fit_stats *out)
{
    *out = (fit_stats){
        .n_days = in->n_days,
        .first_date = DATE_NONE,
        .last_date = DATE_NONE,
        .zero_share = NO_VALUE,
        .planned_mean = NO_VALUE,
        .planned_median = NO_VALUE,
        .planned_p85 = -1,
        .unplanned_mean = NO_VALUE,
        .unplanned_share = NO_VALUE,
        .streams_per_person_mean = NO_VALUE,
        .people_ratio = in->people / in->history_people,
        .context_factor = NO_VALUE,
        .capacity_multiplier = NO_VALUE,
        .stability_interleaved = NO_VALUE,
        .stability_halves = NO_VALUE,
        .n_epics = in->n_epics,
        .epic_min = -1,
        .epic_max = -1,
        .epic_median = NO_VALUE,
    };
    out->streams_per_person_now = terms_streams_per_person((double)in->wip, in->people);
}

static void day_stats(const fit_team_input *in, fit_stats *out)
{
    int32_t n = in->n_days;
    int64_t sum_p = 0, sum_u = 0;
    double sum_k_per_person = 0.0, sum_f = 0.0;
    for (int32_t j = 0; j < n; j++) {
        assert(in->planned[j] >= 0 && in->unplanned[j] >= 0 && in->streams[j] >= 0);
        sum_p += in->planned[j];
        sum_u += in->unplanned[j];
        out->days_with_planned += in->planned[j] > 0;
        out->days_with_completion += in->planned[j] + in->unplanned[j] > 0;
        double per_person = (double)in->streams[j] / in->history_people;
        sum_k_per_person += per_person;
        sum_f += terms_context_share(
            in->context_switch, in->n_context_switch,
            terms_streams_per_person((double)in->streams[j], in->history_people));
    }
    if (n == 0)
        return;
    out->first_date = in->date[0];
    out->last_date = in->date[n - 1];
    out->zero_share = (double)(n - out->days_with_planned) / (double)n;
    out->planned_mean = (double)sum_p / (double)n;
    out->unplanned_mean = (double)sum_u / (double)n;
    if (sum_p + sum_u > 0)
        out->unplanned_share = (double)sum_u / (double)(sum_p + sum_u);
    out->streams_per_person_mean = sum_k_per_person / (double)n;
    double f_now =
        terms_context_share(in->context_switch, in->n_context_switch, out->streams_per_person_now);
    /* sum_f > 0: every f is > 0 and n >= 1 */
    out->context_factor = f_now / (sum_f / (double)n);
    out->capacity_multiplier =
        terms_capacity_multiplier(in->people, in->history_people, f_now, sum_f / (double)n);
    out->stability_interleaved = fit_stability_interleaved(in->planned, n);
    out->stability_halves = fit_stability_halves(in->planned, n);
}

status_code fit_team_stats(const fit_team_input *in, fit_stats *out, status *st)
{
    check_input(in);
    stats_init(in, out);
    day_stats(in, out);
    out->unstable_interleaved = out->stability_interleaved >= FIT_STABILITY_WARN;
    out->unstable_halves = out->stability_halves >= FIT_STABILITY_WARN;
    out->compromised = out->days_with_planned < FIT_MIN_PLANNED_DAYS;
    out->refused = out->days_with_completion < FIT_MIN_COMPLETION_DAYS;
    out->extrapolates =
        !isnan(out->capacity_multiplier) && (out->capacity_multiplier < FIT_MULTIPLIER_LOW ||
                                             out->capacity_multiplier > FIT_MULTIPLIER_HIGH);
    out->shortened = in->window_shortened;
    out->window_days = in->window_days;
    out->window_start = in->window_start;
    out->window_end = in->window_end;
    if (in->n_days > 0) {
        int32_t *sorted = sorted_copy(in->planned, in->n_days);
        if (!sorted)
            return status_set(st, STATUS_ENOMEM, "out of memory for the fit statistics");
        out->planned_median = sorted_median(sorted, in->n_days);
        /* the ceil(0.85 n)-th smallest, in integers: no rounding question at exact shares */
        int64_t rank = ((int64_t)FIT_P85_PERCENT * in->n_days + 99) / 100;
        out->planned_p85 = sorted[rank - 1];
        free(sorted);
    }
    if (in->n_epics > 0) {
        int32_t *sorted = sorted_copy(in->epic_sizes, in->n_epics);
        if (!sorted)
            return status_set(st, STATUS_ENOMEM, "out of memory for the fit statistics");
        out->epic_min = sorted[0];
        out->epic_max = sorted[in->n_epics - 1];
        out->epic_median = sorted_median(sorted, in->n_epics);
        free(sorted);
    }
    return STATUS_OK;
}

const char *fit_source_name(fit_source source)
{
    switch (source) {
    case FIT_SOURCE_HISTORY:
        return "history";
    case FIT_SOURCE_ESTIMATED:
        return "estimated";
    case FIT_SOURCE_NONE:
        break;
    }
    return "none";
}

/* ---- fit.csv --------------------------------------------------------------------------- */

const char fit_csv_header[] =
    "team,source,first_day,last_day,n_days,zero_share,planned_mean,planned_median,planned_p85,"
    "unplanned_mean,unplanned_share,streams_per_person_mean,days_with_planned,"
    "days_with_completion,people_ratio,streams_per_person_now,context_factor,"
    "capacity_multiplier,stability_interleaved,stability_halves,n_epics,epic_min,epic_median,"
    "epic_max,warnings";

static void write_number(csvout *w, double value)
{
    if (isnan(value))
        csvout_empty(w);
    else
        csvout_double(w, value, FIT_DECIMALS);
}

static void write_count(csvout *w, int32_t value)
{
    if (value < 0)
        csvout_empty(w);
    else
        csvout_int(w, value);
}

static void write_header(csvout *w)
{
    /* split the one documented header string, so the two can never disagree */
    char name[64];
    const char *p = fit_csv_header;
    while (*p) {
        size_t len = strcspn(p, ",");
        assert(len < sizeof name);
        memcpy(name, p, len);
        name[len] = '\0';
        csvout_text(w, name);
        p += len + (p[len] == ',');
    }
    csvout_end_row(w);
}

bool fit_flag_raised(const fit_stats *s, fit_flag f)
{
    switch (f) {
    case FIT_FLAG_REFUSED:
        return s->refused;
    case FIT_FLAG_COMPROMISED:
        return s->compromised;
    case FIT_FLAG_SHORTENED:
        return s->shortened;
    case FIT_FLAG_UNSTABLE_INTERLEAVED:
        return s->unstable_interleaved;
    case FIT_FLAG_UNSTABLE_HALVES:
        return s->unstable_halves;
    case FIT_FLAG_EXTRAPOLATES:
        return s->extrapolates;
    case FIT_N_FLAGS:
        break;
    }
    return false;
}

const char *fit_flag_name(fit_flag f)
{
    static const char *const names[FIT_N_FLAGS] = {"refused",         "compromised",
                                                   "shortened",       "unstable_interleaved",
                                                   "unstable_halves", "extrapolates"};
    return f < FIT_N_FLAGS ? names[f] : "";
}

int fit_flag_text(const fit_stats *s, fit_flag f, char *buf, size_t size)
{
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
    switch (f) {
    case FIT_FLAG_REFUSED:
        return snprintf(buf, size,
                        "only %" PRId32 " days with any completion in its window (fewer than %d): "
                        "a forecast is refused without --force; add history, widen `window`, or "
                        "give the team an estimate in teams.csv",
                        s->days_with_completion, FIT_MIN_COMPLETION_DAYS);
    case FIT_FLAG_COMPROMISED:
        return snprintf(buf, size,
                        "only %" PRId32 " days with planned completions (fewer than %d): "
                        "forecasts are compromised; widen `window` if its history allows",
                        s->days_with_planned, FIT_MIN_PLANNED_DAYS);
    case FIT_FLAG_SHORTENED:
        return snprintf(buf, size,
                        "its history starts later than the window asked for, so it samples "
                        "%s..%s (%" PRId32 " calendar days, not %" PRId32 "); if the team truly "
                        "had empty days before, set history_start (teams.csv or scenarios.ini)",
                        date_format(s->window_start, from), date_format(s->window_end, to),
                        s->window_end - s->window_start + 1, s->window_days);
    case FIT_FLAG_UNSTABLE_INTERLEAVED:
        return snprintf(buf, size,
                        "interleaved halves of its days differ by %.2f of the range (>= %.2f): "
                        "the sample is noisy for its size; a wider `window` helps",
                        s->stability_interleaved, FIT_STABILITY_WARN);
    case FIT_FLAG_UNSTABLE_HALVES:
        return snprintf(buf, size,
                        "the first and second half of its window differ by %.2f of the range "
                        "(>= %.2f): its pace changed; consider a shorter `window`",
                        s->stability_halves, FIT_STABILITY_WARN);
    case FIT_FLAG_EXTRAPOLATES:
        return snprintf(buf, size,
                        "works at %.2f times its historical capacity at the start (people and "
                        "juggling), outside [%.1f, %.1f]: the forecast extrapolates beyond its "
                        "history",
                        s->capacity_multiplier, FIT_MULTIPLIER_LOW, FIT_MULTIPLIER_HIGH);
    case FIT_N_FLAGS:
        break;
    }
    return snprintf(buf, size, "%s", "");
}

static void write_warnings(csvout *w, const fit_stats *s)
{
    char text[160] = "";
    size_t used = 0;
    for (int f = 0; f < FIT_N_FLAGS; f++) {
        if (!fit_flag_raised(s, (fit_flag)f))
            continue;
        int n = snprintf(text + used, sizeof text - used, "%s%s", used ? ";" : "",
                         fit_flag_name((fit_flag)f));
        if (n > 0 && (size_t)n < sizeof text - used)
            used += (size_t)n;
    }
    csvout_text(w, text);
}

static void write_stats(csvout *w, const fit_stats *s)
{
    csvout_date(w, s->first_date);
    csvout_date(w, s->last_date);
    csvout_int(w, s->n_days);
    write_number(w, s->zero_share);
    write_number(w, s->planned_mean);
    write_number(w, s->planned_median);
    write_count(w, s->planned_p85);
    write_number(w, s->unplanned_mean);
    write_number(w, s->unplanned_share);
    write_number(w, s->streams_per_person_mean);
    csvout_int(w, s->days_with_planned);
    csvout_int(w, s->days_with_completion);
    write_number(w, s->people_ratio);
    write_number(w, s->streams_per_person_now);
    write_number(w, s->context_factor);
    write_number(w, s->capacity_multiplier);
    write_number(w, s->stability_interleaved);
    write_number(w, s->stability_halves);
    csvout_int(w, s->n_epics);
    write_count(w, s->epic_min);
    write_number(w, s->epic_median);
    write_count(w, s->epic_max);
    write_warnings(w, s);
}

enum { FIT_N_STAT_COLUMNS = 23 }; /* columns after team and source */

status_code fit_write_csv(FILE *f, const char *name, const csvout_format *fmt, const fit_row *rows,
                          int32_t n_rows, status *st)
{
    csvout w;
    csvout_init_format(&w, f, fmt);
    write_header(&w);
    for (int32_t r = 0; r < n_rows; r++) {
        csvout_text(&w, rows[r].team);
        csvout_text(&w, fit_source_name(rows[r].source));
        if (rows[r].source == FIT_SOURCE_HISTORY) {
            write_stats(&w, &rows[r].stats);
        } else {
            for (int k = 0; k < FIT_N_STAT_COLUMNS; k++)
                csvout_empty(&w);
        }
        csvout_end_row(&w);
    }
    return csvout_finish(&w, name, st);
}
