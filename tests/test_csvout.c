/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of csvout: exact bytes for every kind of field, quoting and neutralising, number
 * formatting (rounding, negative zero, non-finite, a comma-decimal locale when the machine
 * has one), a round trip through libcsv as an independent reader, and write errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <csv.h>

#include "csvout.h"
#include "date.h"

/* A csvout writing into memory. */
typedef struct sink {
    char *bytes;
    size_t len;
    FILE *file;
    csvout w;
} sink;

static void sink_open(sink *s)
{
    s->bytes = NULL;
    s->len = 0;
    s->file = open_memstream(&s->bytes, &s->len);
    assert_non_null(s->file);
    csvout_init(&s->w, s->file);
}

/* Finishes the writer and checks it wrote exactly `want`. */
static void sink_expect(sink *s, const char *want)
{
    status st;
    status_clear(&st);
    assert_int_equal(csvout_finish(&s->w, "memory", &st), STATUS_OK);
    assert_int_equal(fclose(s->file), 0);
    assert_string_equal(s->bytes, want);
    assert_int_equal(s->len, strlen(want));
    free(s->bytes);
}

/* One text field as a row of its own. */
static void expect_text(const char *text, const char *want)
{
    sink s;
    sink_open(&s);
    csvout_text(&s.w, text);
    csvout_end_row(&s.w);
    sink_expect(&s, want);
}

/* One number as a row of its own. */
static void expect_double(double value, int decimals, const char *want)
{
    sink s;
    sink_open(&s);
    csvout_double(&s.w, value, decimals);
    csvout_end_row(&s.w);
    sink_expect(&s, want);
}

static void plain_rows(void **state)
{
    (void)state;
    sink s;
    sink_open(&s);
    csvout_text(&s.w, "scenario");
    csvout_text(&s.w, "id");
    csvout_text(&s.w, "p50");
    csvout_end_row(&s.w);
    csvout_text(&s.w, "baseline");
    csvout_int(&s.w, 17);
    csvout_text(&s.w, "Login page (v2)");
    csvout_end_row(&s.w);
    sink_expect(&s, "scenario,id,p50\r\nbaseline,17,Login page (v2)\r\n");
}

static void quoting(void **state)
{
    (void)state;
    expect_text("a,b", "\"a,b\"\r\n");
    expect_text("say \"hi\"", "\"say \"\"hi\"\"\"\r\n");
    expect_text("\"", "\"\"\"\"\r\n");
    expect_text("\"\"x\"", "\"\"\"\"\"x\"\"\"\r\n");
    expect_text("line 1\nline 2", "\"line 1\nline 2\"\r\n");
    expect_text("line 1\r\nline 2", "\"line 1\r\nline 2\"\r\n");
    expect_text("end\r", "\"end\r\"\r\n");
    expect_text(" leading", "\" leading\"\r\n");
    expect_text("trailing ", "\"trailing \"\r\n");
    expect_text("tab\t", "\"tab\t\"\r\n");
    expect_text("in side", "in side\r\n");
    expect_text("caf\xc3\xa9", "caf\xc3\xa9\r\n"); /* UTF-8 passes through */
    expect_text("'already'", "'already'\r\n");
}

static void neutralising(void **state)
{
    (void)state;
    expect_text("=1+1", "'=1+1\r\n");
    expect_text("+33 6 12", "'+33 6 12\r\n");
    expect_text("-5", "'-5\r\n");
    expect_text("@SUM(A1:A9)", "'@SUM(A1:A9)\r\n");
    expect_text("\tx", "'\tx\r\n"); /* the tab is no longer leading: no quotes needed */
    expect_text("\rx", "\"'\rx\"\r\n");
    expect_text("=HYPERLINK(\"http://e.x\",\"go\")",
                "\"'=HYPERLINK(\"\"http://e.x\"\",\"\"go\"\")\"\r\n");
    expect_text("=a,b", "\"'=a,b\"\r\n");
    expect_text("-", "'-\r\n");
    expect_text("a=b", "a=b\r\n");
    expect_text("x-1", "x-1\r\n");
}

static void numbers_are_never_neutralised(void **state)
{
    (void)state;
    sink s;
    sink_open(&s);
    csvout_int(&s.w, -42);
    csvout_int(&s.w, 0);
    csvout_int(&s.w, INT64_MIN);
    csvout_int(&s.w, INT64_MAX);
    csvout_double(&s.w, -1.5, 1);
    csvout_end_row(&s.w);
    sink_expect(&s, "-42,0,-9223372036854775808,9223372036854775807,-1.5\r\n");
}

static void doubles(void **state)
{
    (void)state;
    expect_double(3.14159, 2, "3.14\r\n");
    expect_double(3.14159, 0, "3\r\n");
    expect_double(0.5, 3, "0.500\r\n");
    expect_double(-0.25, 2, "-0.25\r\n");
    expect_double(1e6, 0, "1000000\r\n");
    expect_double(1e20, 1, "100000000000000000000.0\r\n");
    expect_double(0.1, 17, "0.10000000000000001\r\n");
}

static void largest_double(void **state)
{
    (void)state;
    /* The longest text there is: 309 digits, a sign, a point and the most decimals. */
    sink s;
    sink_open(&s);
    csvout_double(&s.w, -DBL_MAX, CSVOUT_DECIMALS_MAX);
    csvout_end_row(&s.w);
    assert_int_equal(csvout_finish(&s.w, "memory", NULL), STATUS_OK);
    assert_int_equal(fclose(s.file), 0);
    assert_int_equal(s.len, 1 + 309 + 1 + CSVOUT_DECIMALS_MAX + 2);
    assert_memory_equal(s.bytes, "-17976931348623157", 18);
    assert_memory_equal(s.bytes + 1 + 309, ".00000000000000000\r\n", 1 + CSVOUT_DECIMALS_MAX + 2);
    free(s.bytes);
}

static void rounding(void **state)
{
    (void)state;
    /* Exact ties go to even; everything else is the exact binary value rounded. */
    expect_double(2.5, 0, "2\r\n");
    expect_double(3.5, 0, "4\r\n");
    expect_double(0.125, 2, "0.12\r\n");
    expect_double(0.375, 2, "0.38\r\n");
    expect_double(2.675, 2, "2.67\r\n"); /* stored as 2.67499999... */
    expect_double(0.9999, 3, "1.000\r\n");
    expect_double(-2.5, 0, "-2\r\n");
    expect_double(9.995, 2, "9.99\r\n"); /* stored as 9.99499999... */
}

static void negative_zero(void **state)
{
    (void)state;
    expect_double(-0.0, 0, "0\r\n");
    expect_double(-0.0, 2, "0.00\r\n");
    expect_double(-0.001, 2, "0.00\r\n");
    expect_double(-0.5, 0, "0\r\n"); /* a tie, to even: zero */
    expect_double(-0.006, 2, "-0.01\r\n");
}

static void non_finite(void **state)
{
    (void)state;
    sink s;
    sink_open(&s);
    csvout_double(&s.w, NAN, 2);
    csvout_double(&s.w, INFINITY, 2);
    csvout_double(&s.w, -INFINITY, 0);
    csvout_end_row(&s.w);
    sink_expect(&s, ",,\r\n");
}

static void comma_locale(void **state)
{
    (void)state;
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8", "fr_FR.utf8"};
    const char *found = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !found; i++)
        if (setlocale(LC_NUMERIC, names[i]) && strcmp(localeconv()->decimal_point, ",") == 0)
            found = names[i];
    if (!found) {
        setlocale(LC_NUMERIC, "C");
        skip(); /* no comma-decimal locale installed here */
    }
    sink s;
    sink_open(&s);
    csvout_double(&s.w, 3.25, 2);
    csvout_double(&s.w, -1234567.5, 1);
    csvout_double(&s.w, 7.0, 0);
    csvout_int(&s.w, 1234567);
    csvout_end_row(&s.w);
    setlocale(LC_NUMERIC, "C");
    sink_expect(&s, "3.25,-1234567.5,7,1234567\r\n");
}

static void dates(void **state)
{
    (void)state;
    int32_t day = 0;
    assert_true(date_from_ymd(2026, 11, 22, &day));
    sink s;
    sink_open(&s);
    csvout_date(&s.w, day);
    csvout_date(&s.w, DATE_NONE);
    csvout_date(&s.w, 0);
    csvout_end_row(&s.w);
    sink_expect(&s, "2026-11-22,,1970-01-01\r\n");
}

static void empty_fields(void **state)
{
    (void)state;
    sink s;
    sink_open(&s);
    csvout_empty(&s.w); /* one empty field: must not look like a blank line */
    csvout_end_row(&s.w);
    csvout_text(&s.w, ""); /* the same, through csvout_text */
    csvout_end_row(&s.w);
    csvout_empty(&s.w);
    csvout_empty(&s.w);
    csvout_end_row(&s.w);
    csvout_text(&s.w, "a");
    csvout_empty(&s.w);
    csvout_end_row(&s.w);
    csvout_empty(&s.w);
    csvout_text(&s.w, "a");
    csvout_end_row(&s.w);
    csvout_end_row(&s.w); /* a row of no field is a blank line, as asked */
    sink_expect(&s, "\"\"\r\n\"\"\r\n,\r\na,\r\n,a\r\n\r\n");
}

/* libcsv as an independent reader: what we write reads back as what we meant. */
typedef struct read_back {
    char fields[16][64];
    size_t n_fields;
    size_t n_rows;
} read_back;

static void on_field(void *data, size_t len, void *ctx)
{
    read_back *r = ctx;
    assert_true(r->n_fields < 16 && len < 64);
    memcpy(r->fields[r->n_fields], data, len);
    r->fields[r->n_fields][len] = '\0';
    r->n_fields++;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    read_back *r = ctx;
    r->n_rows++;
}

static void round_trip_through_libcsv(void **state)
{
    (void)state;
    const char *texts[] = {" padded ", "a,b", "q\"uo\"te", "two\r\nlines", "tab\t", "", "plain"};
    size_t n_texts = sizeof texts / sizeof *texts;
    sink s;
    sink_open(&s);
    for (size_t i = 0; i < n_texts; i++)
        csvout_text(&s.w, texts[i]);
    csvout_text(&s.w, "=2*3");
    csvout_double(&s.w, -0.75, 2);
    csvout_end_row(&s.w);
    status st;
    assert_int_equal(csvout_finish(&s.w, "memory", &st), STATUS_OK);
    assert_int_equal(fclose(s.file), 0);

    struct csv_parser p;
    read_back r;
    memset(&r, 0, sizeof r);
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    assert_int_equal(csv_parse(&p, s.bytes, s.len, on_field, on_row, &r), s.len);
    assert_int_equal(csv_fini(&p, on_field, on_row, &r), 0);
    csv_free(&p);
    free(s.bytes);

    assert_int_equal(r.n_rows, 1);
    assert_int_equal(r.n_fields, n_texts + 2);
    for (size_t i = 0; i < n_texts; i++)
        assert_string_equal(r.fields[i], texts[i]);
    assert_string_equal(r.fields[n_texts], "'=2*3");
    assert_string_equal(r.fields[n_texts + 1], "-0.75");
}

static void write_error_at_flush(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    csvout w;
    csvout_init(&w, f);
    csvout_text(&w, "doomed");
    csvout_end_row(&w);
    assert_int_equal(csvout_error(&w), STATUS_OK); /* still in the buffer */
    status st;
    status_clear(&st);
    assert_int_equal(csvout_finish(&w, "out/forecast.csv", &st), STATUS_EIO);
    assert_int_equal(st.code, STATUS_EIO);
    assert_string_equal(st.message, "cannot write out/forecast.csv: No space left on device");
    assert_int_equal(csvout_error(&w), STATUS_EIO);
    fclose(f);
}

static void write_error_is_sticky(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    assert_int_equal(setvbuf(f, NULL, _IONBF, 0), 0); /* every write reaches the device */
    csvout w;
    csvout_init(&w, f);
    csvout_int(&w, 1);
    assert_int_equal(csvout_error(&w), STATUS_EIO);
    csvout_text(&w, "later writes are skipped");
    csvout_end_row(&w);
    status st;
    status_clear(&st);
    assert_int_equal(csvout_finish(&w, NULL, &st), STATUS_EIO);
    assert_string_equal(st.message, "cannot write CSV output: No space left on device");
    assert_int_equal(csvout_finish(&w, "x", NULL), STATUS_EIO); /* NULL status is allowed */
    fclose(f);
}

/* The spreadsheet variants: a BOM first; ';' and ',' with the decimal comma, quoting on ';'
 * (not on ','), dates and integers unchanged. */
static void spreadsheet_formats(void **state)
{
    (void)state;
    const csvout_format bom = {.bom = true};
    const csvout_format comma = {.bom = true, .decimal_comma = true};
    sink s;
    sink_open(&s);
    csvout_init_format(&s.w, s.file, &bom);
    csvout_text(&s.w, "Zoë");
    csvout_double(&s.w, 0.25, 2);
    csvout_end_row(&s.w);
    sink_expect(&s, "\xEF\xBB\xBFZoë,0.25\r\n");

    sink_open(&s);
    csvout_init_format(&s.w, s.file, &comma);
    csvout_text(&s.w, "a,b");
    csvout_text(&s.w, "c;d");
    csvout_double(&s.w, -1.5, 3);
    csvout_int(&s.w, -7);
    csvout_date(&s.w, 0);
    csvout_empty(&s.w);
    csvout_end_row(&s.w);
    sink_expect(&s, "\xEF\xBB\xBF"
                    "a,b;\"c;d\";-1,500;-7;1970-01-01;\r\n");

    sink_open(&s);
    csvout_init_format(&s.w, s.file, NULL); /* NULL: plain RFC 4180 */
    csvout_text(&s.w, "c;d");
    csvout_double(&s.w, 0.5, 1);
    csvout_end_row(&s.w);
    sink_expect(&s, "c;d,0.5\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_rows),
        cmocka_unit_test(quoting),
        cmocka_unit_test(neutralising),
        cmocka_unit_test(numbers_are_never_neutralised),
        cmocka_unit_test(doubles),
        cmocka_unit_test(largest_double),
        cmocka_unit_test(rounding),
        cmocka_unit_test(negative_zero),
        cmocka_unit_test(non_finite),
        cmocka_unit_test(comma_locale),
        cmocka_unit_test(dates),
        cmocka_unit_test(empty_fields),
        cmocka_unit_test(round_trip_through_libcsv),
        cmocka_unit_test(write_error_at_flush),
        cmocka_unit_test(write_error_is_sticky),
        cmocka_unit_test(spreadsheet_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
