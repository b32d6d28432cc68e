/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the report's writers: markup escaping (every byte XML cannot carry), locale-free
 * numbers, date ticks and labels, and report_write on hand-made statistics: sections present
 * or left out with their optional inputs, text from the plan escaped, the page well-formed XML
 * (checked by xmllint when it is installed), write errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "date.h"
#include "markup.h"
#include "report.h"
#include "svg.h"

/* What a markup writer wrote, as a string the caller frees. */
typedef struct sink {
    char *bytes;
    size_t len;
    FILE *file;
    markup m;
} sink;

static void sink_open(sink *s)
{
    s->bytes = NULL;
    s->len = 0;
    s->file = open_memstream(&s->bytes, &s->len);
    assert_non_null(s->file);
    markup_init(&s->m, s->file);
}

static char *sink_close(sink *s)
{
    status st;
    assert_int_equal(markup_finish(&s->m, "memory", &st), STATUS_OK);
    fclose(s->file);
    return s->bytes;
}

static void expect_text(const char *in, const char *want)
{
    sink s;
    sink_open(&s);
    markup_text(&s.m, in);
    char *got = sink_close(&s);
    assert_string_equal(got, want);
    free(got);
}

#define FFFD "\xEF\xBF\xBD"

static void escaping(void **state)
{
    (void)state;
    expect_text("plain", "plain");
    expect_text("a<b>&\"'c", "a&lt;b&gt;&amp;&quot;&#39;c");
    expect_text("]]> --> <!--", "]]&gt; --&gt; &lt;!--");
    expect_text("Zoë 漢字 🚀", "Zoë 漢字 🚀");
    expect_text("tab\tnew\nline", "tab\tnew\nline");
    expect_text("bell\x07 cr\r", "bell" FFFD " cr" FFFD);
    expect_text("\xC3(", FFFD "(");                       /* truncated sequence */
    expect_text("\xC0\xAF", FFFD FFFD);                   /* overlong '/' */
    expect_text("\xED\xA0\x80", FFFD FFFD FFFD);          /* a UTF-16 surrogate */
    expect_text("\xEF\xBF\xBE", FFFD FFFD FFFD);          /* U+FFFE: not an XML char */
    expect_text("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* past U+10FFFF */
    expect_text("", "");
    sink s;
    sink_open(&s);
    markup_text(&s.m, NULL); /* nothing */
    char *got = sink_close(&s);
    assert_string_equal(got, "");
    free(got);
}

static void numbers(void **state)
{
    (void)state;
    /* a comma locale, when the machine has one, must not change anything */
    const char *locale = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    sink s;
    sink_open(&s);
    const double values[] = {12.345, -0.04, -1.25, 0.0, 1e15, (double)NAN, 7.0};
    const int decimals[] = {1, 1, 1, 0, 1, 1, 3};
    for (size_t k = 0; k < sizeof values / sizeof *values; k++) {
        markup_num(&s.m, values[k], decimals[k]);
        markup_raw(&s.m, " ");
    }
    markup_date(&s.m, 0);
    char *got = sink_close(&s);
    assert_string_equal(got, "12.3 0.0 -1.3 0 1000000000000.0 0.0 7.000 1970-01-01");
    free(got);
    if (locale)
        setlocale(LC_NUMERIC, "C");
}

static int32_t ymd(int y, int m, int d)
{
    int32_t out = DATE_NONE;
    assert_true(date_from_ymd(y, m, d, &out));
    return out;
}

static void date_ticks(void **state)
{
    (void)state;
    int32_t ticks[SVG_TICKS_MAX];
    svg_tick_kind kind;
    char label[16];
    /* a quarter: month starts */
    int n = svg_date_ticks(ymd(2027, 1, 4), ymd(2027, 6, 30), 10, ticks, &kind);
    assert_int_equal(kind, SVG_TICK_MONTH);
    assert_int_equal(n, 5);
    assert_int_equal(ticks[0], ymd(2027, 2, 1));
    assert_int_equal(ticks[4], ymd(2027, 6, 1));
    assert_string_equal(svg_date_label(ticks[0], kind, true, label), "Feb 2027");
    assert_string_equal(svg_date_label(ticks[1], kind, false, label), "Mar");
    assert_string_equal(svg_date_label(ymd(2028, 1, 1), kind, false, label), "Jan 2028");
    /* three weeks: Mondays */
    n = svg_date_ticks(ymd(2027, 1, 6), ymd(2027, 1, 27), 10, ticks, &kind);
    assert_int_equal(kind, SVG_TICK_WEEK);
    assert_int_equal(n, 3);
    assert_int_equal(ticks[0], ymd(2027, 1, 11));
    assert_string_equal(svg_date_label(ticks[0], kind, false, label), "11 Jan");
    /* a year with at most 5 ticks: quarters */
    n = svg_date_ticks(ymd(2027, 1, 1), ymd(2027, 12, 31), 5, ticks, &kind);
    assert_int_equal(kind, SVG_TICK_MONTH);
    assert_int_equal(n, 4);
    assert_int_equal(ticks[1], ymd(2027, 4, 1));
    /* five years, 6 ticks: years */
    n = svg_date_ticks(ymd(2027, 1, 4), ymd(2031, 12, 31), 6, ticks, &kind);
    assert_int_equal(kind, SVG_TICK_YEAR);
    assert_int_equal(n, 4);
    assert_int_equal(ticks[0], ymd(2028, 1, 1));
    assert_string_equal(svg_date_label(ticks[0], kind, false, label), "2028");
    assert_int_equal(svg_date_ticks(10, 5, 5, ticks, &kind), 0);
    svg_scale sc = {10, 20, 0, 100};
    assert_true(svg_map(&sc, 15) == 50.0);
    svg_scale flat = {3, 3, 7, 9};
    assert_true(svg_map(&flat, 3) == 7.0);
}

/* Two items over 40 days, two scenarios; item 1 is due on day 10 but finishes around day 20:
 * at risk. */
typedef struct fixture {
    tally *t[2];
    burnup *b[2];
    burnup_curve curve[2];
    summary_scenario view[2];
    report_scenario scen[2];
    report_item items[2];
    const char *teams[2];
    report_setting settings[3];
    report_input_file inputs[1];
    const char *warnings[1];
    report_input in;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    int32_t start = ymd(2027, 1, 4);
    for (int s = 0; s < 2; s++) {
        fx->t[s] = tally_create(2, 40, 15);
        fx->b[s] = burnup_create(start, 40, 15, 2);
        if (!fx->t[s] || !fx->b[s])
            return -1;
        for (int k = 0; k < 50; k++) {
            int32_t finish[2] = {3 + k % 5 - s, 18 + k % 7 - 2 * s};
            tally_add(fx->t[s], finish, NULL);
            burnup_add(fx->b[s], finish);
        }
        status st;
        if (burnup_curve_compute(fx->b[s], &fx->curve[s], &st) != STATUS_OK)
            return -1;
        paired_delta d = {0, 0, 0};
        for (int k = 0; k < 50; k++)
            paired_add(&d, -2 - k % 2);
        fx->view[s] = (summary_scenario){.name = s ? "<faster>" : "baseline",
                                         .t = fx->t[s],
                                         .start = start,
                                         .horizon = start + 15,
                                         .plan_delta_days = d,
                                         .done_delta_items = d};
        fx->scen[s] = (report_scenario){&fx->view[s], &fx->curve[s], NULL};
    }
    fx->scen[1].comment = "Director: ship <checkout> & park the rest";
    fx->teams[0] = "payments";
    fx->teams[1] = "web & apps";
    fx->items[0] = (report_item){"PAY-1", "Refunds", 0, 1.0, start + 30};
    fx->items[1] = (report_item){"WEB-1", "Checkout <v2>", 1, 2.0, start + 10};
    fx->settings[0] = (report_setting){"baseline", "horizon", "2027-01-19"};
    fx->settings[1] = (report_setting){"baseline", "wip[web]", "3"};
    fx->settings[2] = (report_setting){"<faster>", "wip[web]", "2"};
    fx->inputs[0] = (report_input_file){"plan.csv", "00ff"};
    fx->warnings[0] = "team web works at 2.00 times its historical capacity";
    fx->in = (report_input){
        .title = "q1 & more",
        .teams = fx->teams,
        .n_teams = 2,
        .items = fx->items,
        .n_items = 2,
        .scenarios = fx->scen,
        .n_scenarios = 2,
        .warnings = fx->warnings,
        .n_warnings = 1,
        .reproduce = {"9.9.9", "shipcast forecast 'q1 & more' --seed=3", 3, 50, fx->settings, 3,
                      fx->inputs, 1},
    };
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    for (int s = 0; s < 2; s++) {
        tally_destroy(fx->t[s]);
        burnup_destroy(fx->b[s]);
        burnup_curve_fini(&fx->curve[s]);
    }
    free(fx);
    return 0;
}

static char *write_page(const report_input *in)
{
    char *bytes = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&bytes, &len);
    assert_non_null(f);
    status st;
    status_clear(&st);
    assert_int_equal(report_write(f, "report.html", in, &st), STATUS_OK);
    fclose(f);
    return bytes;
}

/* xmllint's verdict on the page (0: well-formed), or -1 when xmllint is not installed. */
static int xmllint(const char *page)
{
    if (system("command -v xmllint >/dev/null 2>&1") != 0)
        return -1;
    FILE *p = popen("xmllint --noout - 2>&1", "w");
    assert_non_null(p);
    fputs(page, p);
    int rc = pclose(p);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}

static void count_occurrences(const char *page, const char *needle, int want)
{
    int n = 0;
    for (const char *p = page; (p = strstr(p, needle)) != NULL; p++)
        n++;
    assert_int_equal(n, want);
}

static void core_sections(void **state)
{
    fixture *fx = *state;
    char *page = write_page(&fx->in);
    assert_non_null(strstr(page, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""));
    for (const char *const *id =
             (const char *const[]){"summary", "burnup", "scenarios", "items", "reproduce", NULL};
         *id; id++) {
        char want[64];
        snprintf(want, sizeof want, "<section id=\"%s\">", *id);
        assert_non_null(strstr(page, want));
    }
    /* optional sections are left out without their inputs */
    assert_null(strstr(page, "id=\"drivers\""));
    assert_null(strstr(page, "id=\"sensitivity\""));
    assert_null(strstr(page, "id=\"calibration\""));
    assert_null(strstr(page, "The cut line"));
    assert_null(strstr(page, "Team flags"));
    /* escaped text from the plan, nothing raw */
    assert_non_null(strstr(page, "Forecast: q1 &amp; more"));
    assert_non_null(strstr(page, "Checkout &lt;v2&gt;"));
    assert_non_null(strstr(page, "Director: ship &lt;checkout&gt; &amp; park the rest"));
    assert_non_null(strstr(page, "web &amp; apps"));
    assert_null(strstr(page, "<faster>"));
    assert_null(strstr(page, "<v2>"));
    /* WEB-1 misses its due date in every trial: at risk, in the summary and its row */
    assert_non_null(strstr(page, "1 of 2 items with a due date is at risk"));
    count_occurrences(page, "<span class=\"badge\">at risk</span>", 1);
    /* one fan per scenario, a curve per item, the deltas */
    count_occurrences(page, "<path class=\"band-outer\"", 2);
    count_occurrences(page, "<path class=\"cdf\"", 2);
    assert_non_null(strstr(page, "class=\"deltas\""));
    assert_non_null(strstr(page, "\xE2\x88\x92"
                                 "2.5 d")); /* the paired delta, a real minus */
    assert_non_null(strstr(page, "<code>wip[web] = 2</code>"));
    assert_non_null(strstr(page, "team web works at 2.00 times"));
    int lint = xmllint(page);
    assert_true(lint == 0 || lint == -1);
    free(page);
}

static void optional_sections(void **state)
{
    fixture *fx = *state;
    report_input in = fx->in;
    report_team_flag flags[1] = {{"web", "compromised", "only 8 days with planned work"}};
    report_driver drivers[2] = {{"item", "WEB-1", 0.7}, {"edge", "PAY-1 -> WEB-1", 0.3}};
    report_sensitivity sens[1] = {{"interrupt_scale", "0.5", "1.5", -12.0, 9.5}};
    int32_t order[2] = {0, 1};
    double p_by_horizon[2] = {0.95, 0.4};
    report_cut_line cut = {2, order, p_by_horizon, 1};
    /* web's P50 is 26 points low (marked, too optimistic), <pay> has too few forecasts to be
     * marked, and a team outside the plan and one without a record are named */
    report_calibration_team teams[3] = {
        {"web", 40, {0.28, 0.80, 0.90}, {0.54, 0.87, 0.96}, "web: reality came later", true},
        {"<pay>", 4, {0.0, 0.25, 0.5}, {0.53, 0.86, 0.95}, "", true},
        {"old-team", 0, {NAN, NAN, NAN}, {NAN, NAN, NAN}, "", false}};
    const char *no_record[1] = {"mobile & co"};
    report_calibration cal = {
        .source = "bt/<out>",
        .teams = teams,
        .n_teams = 3,
        .when = {22, {0.3, 0.5, 0.7, 0.9}, {0.52, 0.71, 0.86, 0.95}, "all teams: too optimistic"},
        .how_many = {22, {0.6, 0.8, 0.95, 1.0}, {0.55, 0.72, 0.87, 0.96}, ""},
        .all = {44, {0.45, 0.65, 0.825, 0.95}, {0.535, 0.715, 0.865, 0.955}, ""},
        .no_record = no_record,
        .n_no_record = 1};
    in.team_flags = flags;
    in.n_team_flags = 1;
    in.drivers = drivers;
    in.n_drivers = 2;
    in.sensitivity = sens;
    in.n_sensitivity = 1;
    in.cut_line = &cut;
    in.calibration = &cal;
    char *page = write_page(&in);
    assert_non_null(strstr(page, "<section id=\"drivers\">"));
    assert_non_null(strstr(page, "PAY-1 -&gt; WEB-1"));
    assert_non_null(strstr(page, "<section id=\"sensitivity\">"));
    assert_non_null(strstr(page, "class=\"tornado\""));
    assert_non_null(strstr(page, "<section id=\"calibration\">"));
    assert_non_null(strstr(page, "<h2>Can we trust it?</h2>"));
    assert_non_null(strstr(page, "<code>bt/&lt;out&gt;</code>"));
    assert_non_null(strstr(page, "class=\"reliability\""));
    count_occurrences(page, "class=\"mk-when\"/>", 4 + 1); /* and the key's */
    assert_non_null(strstr(page,
                           "&quot;when&quot; forecasts at P85: stated 86 %, reality fell within "
                           "in 70 % of 22"));
    count_occurrences(page, "<td class=\"cal off\">", 1); /* web's P50 only */
    assert_non_null(strstr(page, "<td class=\"cal off\"><span class=\"mark\">\xE2\x96\xBC</span> "
                                 "was 28 % <span class=\"should\">(should be 54 %)</span></td>"));
    assert_non_null(strstr(page, "<td class=\"cal\">was 0 % <span"));
    assert_non_null(strstr(page, "&lt;pay&gt;"));
    assert_non_null(strstr(page, "old-team <span class=\"muted\">(not in this plan)</span>"));
    assert_non_null(strstr(page, "No track record for mobile &amp; co"));
    assert_non_null(strstr(page, "<li><b>web:</b> reality came later</li>"));
    assert_non_null(
        strstr(page, "<li><b>All teams, &quot;when&quot; forecasts:</b> too optimistic</li>"));
    /* the summary's headline: the pooled P85, 4 points from honest */
    assert_non_null(strstr(page, "reality came within the forecast's P85 in <b>83 %</b> of 44 "
                                 "forecasts, where honest forecasts would have scored 87 %: "
                                 "close, so the P85 dates above have kept their promise. The "
                                 "backtest flagged <b>1 of 3 teams</b>: read that team's dates "
                                 "with care."));
    assert_non_null(strstr(page, "cut line"));
    assert_non_null(strstr(page, "only 8 days with planned work"));
    int lint = xmllint(page);
    assert_true(lint == 0 || lint == -1);
    free(page);
}

static void write_error(void **state)
{
    fixture *fx = *state;
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    status st;
    status_clear(&st);
    assert_int_equal(report_write(f, "out/report.html", &fx->in, &st), STATUS_EIO);
    assert_string_equal(st.message, "cannot write out/report.html: No space left on device");
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escaping),
        cmocka_unit_test(numbers),
        cmocka_unit_test(date_ticks),
        cmocka_unit_test_setup_teardown(core_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(optional_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(write_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
