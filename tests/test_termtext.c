/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of termtext: cells counted in characters, cut with an ellipsis, counts, durations,
 * plurals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "termtext.h"

static void cells(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(termtext_cell(buf, sizeof buf, "abc", 5), "abc  ");
    assert_string_equal(termtext_cell(buf, sizeof buf, "abcdef", 5), "abcd\xE2\x80\xA6");
    assert_string_equal(termtext_cell(buf, sizeof buf, "abcde", 5), "abcde");
    /* characters, not bytes: "Zoë" is 3 wide, é is never cut in half */
    assert_string_equal(termtext_cell(buf, sizeof buf, "Zoë", 4), "Zoë ");
    assert_string_equal(termtext_cell(buf, sizeof buf, "ééééé", 3), "éé\xE2\x80\xA6");
    assert_int_equal(termtext_width(termtext_cell(buf, sizeof buf, "漢字テキスト", 4)), 4);
    /* control characters become spaces */
    assert_string_equal(termtext_cell(buf, sizeof buf, "a\tb\nc", 5), "a b c");
    assert_int_equal(termtext_width("Zoë…"), 4);
    /* a buffer too small for width never overflows */
    char tiny[6];
    memset(tiny, 'x', sizeof tiny);
    termtext_cell(tiny, sizeof tiny, "abcdefghijkl", 10);
    assert_non_null(memchr(tiny, '\0', sizeof tiny));
    memset(tiny, 'x', sizeof tiny);
    termtext_cell(tiny, sizeof tiny, "abcdefghij", 10);
    assert_non_null(memchr(tiny, '\0', sizeof tiny));
}

static void counts_durations_plurals(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(termtext_count(buf, sizeof buf, 0), "0");
    assert_string_equal(termtext_count(buf, sizeof buf, 999), "999");
    assert_string_equal(termtext_count(buf, sizeof buf, 1000), "1,000");
    assert_string_equal(termtext_count(buf, sizeof buf, 1234567), "1,234,567");
    assert_string_equal(termtext_duration(buf, sizeof buf, 44.6), "45 s");
    assert_string_equal(termtext_duration(buf, sizeof buf, 725), "12 min 5 s");
    assert_string_equal(termtext_duration(buf, sizeof buf, 12000), "3 h 20 min");
    assert_string_equal(termtext_duration(buf, sizeof buf, -3), "0 s");
    assert_string_equal(termtext_plural(buf, sizeof buf, 1, "team", "teams"), "1 team");
    assert_string_equal(termtext_plural(buf, sizeof buf, 5, "team", "teams"), "5 teams");
    assert_string_equal(termtext_plural(buf, sizeof buf, 0, "item", "items"), "0 items");
    assert_string_equal(termtext_plural(buf, sizeof buf, 10000, "trial", "trials"),
                        "10,000 trials");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cells),
        cmocka_unit_test(counts_durations_plurals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
