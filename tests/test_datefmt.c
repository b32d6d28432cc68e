/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of datefmt.h: every form with and without a time of day, 12-hour clocks, two-digit
 * years, texts that are in another form or name no such date, the candidates of ambiguous
 * texts, and the day a stamp falls on in a zone on both sides of DST changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "datefmt.h"

/* text in form parses to the date y-m-d and the time h:mi:s. */
static void parses(const char *text, datefmt_form form, int y, int m, int d, int h, int mi, int s)
{
    datefmt_stamp st;
    datefmt_result r = datefmt_parse(text, form, &st);
    if (r != DATEFMT_OK)
        fail_msg("'%s' as %s: result %d", text, datefmt_form_name(form), (int)r);
    if (st.year != y || st.month != m || st.day != d || st.hour != h || st.minute != mi ||
        st.second != s)
        fail_msg("'%s' as %s: %04d-%02d-%02d %02d:%02d:%02d", text, datefmt_form_name(form),
                 st.year, st.month, st.day, st.hour, st.minute, st.second);
}

static void refuses(const char *text, datefmt_form form, datefmt_result want)
{
    datefmt_stamp st;
    datefmt_result r = datefmt_parse(text, form, &st);
    if (r != want)
        fail_msg("'%s' as %s: result %d, expected %d", text, datefmt_form_name(form), (int)r,
                 (int)want);
}

static void forms(void **state)
{
    (void)state;
    parses("2026-11-21", DATEFMT_ISO, 2026, 11, 21, 0, 0, 0);
    parses(" 2026-11-21T15:04:05.123Z ", DATEFMT_ISO, 2026, 11, 21, 15, 4, 5);
    parses("2020-06-01T15:49:02.582000+00:00", DATEFMT_ISO, 2020, 6, 1, 15, 49, 2);
    parses("2026-02-25 16:38:58.679", DATEFMT_ISO, 2026, 2, 25, 16, 38, 58);
    parses("2026-11-21 15:04+0130", DATEFMT_ISO, 2026, 11, 21, 15, 4, 0);
    parses("2026-11-21T15:04-05", DATEFMT_ISO, 2026, 11, 21, 15, 4, 0);
    parses("21/Nov/26 3:04 PM", DATEFMT_DMMMY, 2026, 11, 21, 15, 4, 0);
    parses("02/Mar/26 12:39 AM", DATEFMT_DMMMY, 2026, 3, 2, 0, 39, 0);
    parses("2/mar/2026 12:39 pm", DATEFMT_DMMMY, 2026, 3, 2, 12, 39, 0);
    parses("15/Jul/99", DATEFMT_DMMMY, 1999, 7, 15, 0, 0, 0);
    parses("15/Jul/69 23:59", DATEFMT_DMMMY, 2069, 7, 15, 23, 59, 0);
    parses("21.11.2026", DATEFMT_DMY_DOT, 2026, 11, 21, 0, 0, 0);
    parses("1.2.2026 7:05:09", DATEFMT_DMY_DOT, 2026, 2, 1, 7, 5, 9);
    parses("21/11/2026 15:04", DATEFMT_DMY_SLASH, 2026, 11, 21, 15, 4, 0);
    parses("11/21/2026 3:04:05 PM", DATEFMT_MDY_SLASH, 2026, 11, 21, 15, 4, 5);
    parses("3/4/2026 6:55:03 AM", DATEFMT_MDY_SLASH, 2026, 3, 4, 6, 55, 3);

    datefmt_stamp st;
    assert_int_equal(datefmt_parse("2026-11-21T15:04:05+02:00", DATEFMT_ISO, &st), DATEFMT_OK);
    assert_true(st.has_offset && st.has_time);
    assert_int_equal(st.offset_seconds, 7200);
    assert_int_equal(datefmt_parse("21/Nov/26 3:04 PM", DATEFMT_DMMMY, &st), DATEFMT_OK);
    assert_false(st.has_offset);

    /* other forms */
    refuses("21/11/2026", DATEFMT_ISO, DATEFMT_OTHER_FORM);
    refuses("2026-11-21", DATEFMT_DMY_SLASH, DATEFMT_OTHER_FORM);
    refuses("21/Nov/26 3:04 PM", DATEFMT_DMY_SLASH, DATEFMT_OTHER_FORM);
    refuses("21/Nov/266", DATEFMT_DMMMY, DATEFMT_OTHER_FORM);
    refuses("21/Foo/26", DATEFMT_DMMMY, DATEFMT_OTHER_FORM);
    refuses("21.11.26", DATEFMT_DMY_DOT, DATEFMT_OTHER_FORM);
    refuses("2026-11-21T15", DATEFMT_ISO, DATEFMT_OTHER_FORM);
    refuses("2026-11-21 15:04 PM", DATEFMT_ISO, DATEFMT_OTHER_FORM);
    refuses("11/21/2026 3:04 XM", DATEFMT_MDY_SLASH, DATEFMT_OTHER_FORM);
    refuses("11/21/2026T3:04", DATEFMT_MDY_SLASH, DATEFMT_OTHER_FORM);
    refuses("", DATEFMT_ISO, DATEFMT_OTHER_FORM);
    refuses("2026-11-211", DATEFMT_ISO, DATEFMT_OTHER_FORM);
    /* the form, but no such date or time */
    refuses("2026-02-30", DATEFMT_ISO, DATEFMT_NO_SUCH_DATE);
    refuses("0000-01-01", DATEFMT_ISO, DATEFMT_NO_SUCH_DATE);
    refuses("31/04/2026", DATEFMT_DMY_SLASH, DATEFMT_NO_SUCH_DATE);
    refuses("21/11/2026", DATEFMT_MDY_SLASH, DATEFMT_NO_SUCH_DATE);
    refuses("11/21/2026 13:04 PM", DATEFMT_MDY_SLASH, DATEFMT_NO_SUCH_DATE);
    refuses("11/21/2026 0:04 AM", DATEFMT_MDY_SLASH, DATEFMT_NO_SUCH_DATE);
    refuses("2026-11-21T24:00", DATEFMT_ISO, DATEFMT_NO_SUCH_DATE);
    refuses("2026-11-21T10:00+24:00", DATEFMT_ISO, DATEFMT_NO_SUCH_DATE);
    refuses("29/Feb/27", DATEFMT_DMMMY, DATEFMT_NO_SUCH_DATE);
}

static void names_and_candidates(void **state)
{
    (void)state;
    datefmt_form f;
    assert_true(datefmt_form_named("dd/mm/yyyy", &f));
    assert_int_equal(f, DATEFMT_DMY_SLASH);
    assert_true(datefmt_form_named("YYYY-MM-DD", &f));
    assert_int_equal(f, DATEFMT_ISO);
    assert_true(datefmt_form_named("ISO", &f));
    assert_int_equal(f, DATEFMT_ISO);
    assert_false(datefmt_form_named("DD-MM-YYYY", &f));
    for (int k = 0; k < DATEFMT_N_FORMS; k++) {
        assert_true(datefmt_form_named(datefmt_form_name((datefmt_form)k), &f));
        assert_int_equal(f, k);
        assert_non_null(strstr(datefmt_form_list(), datefmt_form_name((datefmt_form)k)));
        /* each example is in its own form */
        char example[64];
        snprintf(example, sizeof example, "%s", datefmt_form_example((datefmt_form)k));
        char * or = strstr(example, " or ");
        if (or)
            * or = '\0';
        assert_true(datefmt_candidates(example) & (1u << k));
    }
    assert_int_equal(datefmt_candidates("03/04/2026"),
                     1u << DATEFMT_DMY_SLASH | 1u << DATEFMT_MDY_SLASH);
    assert_int_equal(datefmt_candidates("21/11/2026"), 1u << DATEFMT_DMY_SLASH);
    assert_int_equal(datefmt_candidates("11/21/2026"), 1u << DATEFMT_MDY_SLASH);
    assert_int_equal(datefmt_candidates("2026-11-21 15:04"), 1u << DATEFMT_ISO);
    assert_int_equal(datefmt_candidates("21/Nov/26 3:04 PM"), 1u << DATEFMT_DMMMY);
    assert_int_equal(datefmt_candidates("yesterday"), 0);
}

/* The day of text (ISO) in zone `name` (NULL: as written). */
static int32_t day_in(const char *text, const char *name)
{
    datefmt_stamp st;
    assert_int_equal(datefmt_parse(text, DATEFMT_ISO, &st), DATEFMT_OK);
    tz *z = NULL;
    status s;
    if (name && tz_load(NULL, name, &z, &s) != STATUS_OK)
        fail_msg("%s", s.message);
    int32_t day = DATE_NONE;
    assert_true(datefmt_day(&st, z, &day));
    tz_destroy(z);
    return day;
}

static int32_t ymd(int y, int m, int d)
{
    int32_t day = 0;
    assert_true(date_from_ymd(y, m, d, &day));
    return day;
}

static void days_in_zones(void **state)
{
    (void)state;
    /* without a zone: the date as written, whatever the offset */
    assert_int_equal(day_in("2026-03-28T23:30:00Z", NULL), ymd(2026, 3, 28));
    assert_int_equal(day_in("2026-03-28T23:30:00-05:00", NULL), ymd(2026, 3, 28));
    /* Berlin, spring forward on 29 March 2026 (01:00 UTC) */
    assert_int_equal(day_in("2026-03-28T22:59:59Z", "Europe/Berlin"), ymd(2026, 3, 28));
    assert_int_equal(day_in("2026-03-28T23:00:00Z", "Europe/Berlin"), ymd(2026, 3, 29));
    assert_int_equal(day_in("2026-03-29T21:59:59Z", "Europe/Berlin"), ymd(2026, 3, 29));
    assert_int_equal(day_in("2026-03-29T22:00:00Z", "Europe/Berlin"), ymd(2026, 3, 30));
    /* Berlin, fall back on 25 October 2026 (01:00 UTC) */
    assert_int_equal(day_in("2026-10-24T22:00:00Z", "Europe/Berlin"), ymd(2026, 10, 25));
    assert_int_equal(day_in("2026-10-25T22:59:59Z", "Europe/Berlin"), ymd(2026, 10, 25));
    assert_int_equal(day_in("2026-10-25T23:00:00Z", "Europe/Berlin"), ymd(2026, 10, 26));
    /* an offset other than UTC's, and a naive (local) timestamp */
    assert_int_equal(day_in("2026-03-29T01:30:00+02:00", "Europe/Berlin"), ymd(2026, 3, 29));
    assert_int_equal(day_in("2026-03-29T06:30:00+09:00", "Europe/Berlin"), ymd(2026, 3, 28));
    assert_int_equal(day_in("2026-03-28 23:30", "Europe/Berlin"), ymd(2026, 3, 28));
    /* New York, spring forward on 8 March 2026 (07:00 UTC) */
    assert_int_equal(day_in("2026-03-08T04:59:59Z", "America/New_York"), ymd(2026, 3, 7));
    assert_int_equal(day_in("2026-03-08T05:00:00Z", "America/New_York"), ymd(2026, 3, 8));
    assert_int_equal(day_in("2026-03-09T03:59:59Z", "America/New_York"), ymd(2026, 3, 8));
    assert_int_equal(day_in("2026-03-09T04:00:00Z", "America/New_York"), ymd(2026, 3, 9));
    /* east of UTC: the next day already */
    assert_int_equal(day_in("2026-06-30T19:00:00Z", "Pacific/Auckland"), ymd(2026, 7, 1));
    /* moved past the supported years */
    datefmt_stamp st;
    assert_int_equal(datefmt_parse("9999-12-31T23:00:00Z", DATEFMT_ISO, &st), DATEFMT_OK);
    tz *z = NULL;
    status s;
    assert_int_equal(tz_load(NULL, "Asia/Tokyo", &z, &s), STATUS_OK);
    int32_t day = 7;
    assert_false(datefmt_day(&st, z, &day));
    assert_int_equal(day, 7);
    tz_destroy(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forms),
        cmocka_unit_test(names_and_candidates),
        cmocka_unit_test(days_in_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
