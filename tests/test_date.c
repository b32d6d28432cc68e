/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of date: conversions against known day numbers, validation, parsing, weekdays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"

static int32_t day_of(int y, int m, int d)
{
    int32_t out = 0;
    assert_true(date_from_ymd(y, m, d, &out));
    return out;
}

static void known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(day_of(1970, 1, 1), 0);
    assert_int_equal(day_of(2000, 3, 1), 11017);
    assert_int_equal(day_of(2026, 11, 22), 20779);
    assert_int_equal(day_of(1969, 12, 31), -1);
    assert_int_equal(day_of(1, 1, 1), -719162);
}

static void round_trip_every_day(void **state)
{
    (void)state;
    int32_t first = day_of(1, 1, 1), last = day_of(9999, 12, 31);
    for (int32_t d = first; d <= last; d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_int_equal(day_of(y, m, dd), d);
    }
}

static void invalid_dates(void **state)
{
    (void)state;
    int32_t out = 123;
    assert_false(date_from_ymd(2026, 2, 29, &out));
    assert_false(date_from_ymd(2026, 2, 30, &out));
    assert_false(date_from_ymd(1900, 2, 29, &out));
    assert_true(date_from_ymd(2000, 2, 29, &out));
    assert_true(date_from_ymd(2028, 2, 29, &out));
    assert_false(date_from_ymd(0, 1, 1, &out));
    assert_false(date_from_ymd(10000, 1, 1, &out));
    assert_false(date_from_ymd(2026, 13, 1, &out));
    assert_false(date_from_ymd(2026, 4, 31, &out));
}

static void weekdays(void **state)
{
    (void)state;
    assert_int_equal(date_weekday(day_of(2026, 11, 22)), 6); /* a Sunday */
    assert_int_equal(date_weekday(day_of(2026, 11, 23)), 0);
    assert_int_equal(date_weekday(day_of(1970, 1, 1)), 3);
    assert_int_equal(date_weekday(day_of(1969, 12, 29)), 0);
    assert_true(date_is_weekend(day_of(2026, 11, 21)));
    assert_false(date_is_weekend(day_of(2026, 11, 20)));
}

static bool parse(const char *s, int32_t *out)
{
    return date_parse(s, strlen(s), out);
}

static void parsing(void **state)
{
    (void)state;
    int32_t d;
    int32_t want = day_of(2026, 10, 14);
    const char *good[] = {"2026-10-14",
                          " 2026-10-14 ",
                          "2026-10-14T09:30",
                          "2026-10-14T09:30:00Z",
                          "2026-10-14T09:30:00.123+02:00",
                          "2026-10-14 23:59:59",
                          "2026-10-14T00:00:00-0500"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        d = 0;
        assert_true(parse(good[i], &d));
        assert_int_equal(d, want);
    }
    const char *bad[] = {
        "",           "2026-1-14",        "2026-10-14x",      "2026/10/14",  "2026-02-30",
        "0000-01-01", "10000-01-01",      "2026-10-14T25:00", "2026-10-14T", "2026-10-14T09:30:00.",
        "20261014",   "2026-10-14T09:30+"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(parse(bad[i], &d));
}

static void formatting(void **state)
{
    (void)state;
    char buf[DATE_TEXT_SIZE];
    assert_string_equal(date_format(day_of(2028, 2, 29), buf), "2028-02-29");
    assert_string_equal(date_format(day_of(1, 1, 1), buf), "0001-01-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_day_numbers), cmocka_unit_test(round_trip_every_day),
        cmocka_unit_test(invalid_dates),     cmocka_unit_test(weekdays),
        cmocka_unit_test(parsing),           cmocka_unit_test(formatting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
