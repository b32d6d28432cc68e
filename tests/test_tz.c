/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of tz.h: known offsets on both sides of DST changes (northern and southern hemisphere,
 * Dublin's negative DST), the footer rule past the last transition, hand-made TZif files of
 * every version, names and malformed files; and an oracle: the C library's own reading of the
 * same zone files (localtime_r under TZ, set here in the test, never in the library) for every
 * six hours of 1900..2120 in zones with odd rules.
 */
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "date.h"
#include "tz.h"

/* Seconds since the epoch of a UTC date and time. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    int32_t day = 0;
    assert_true(date_from_ymd(y, mo, d, &day));
    return (int64_t)day * 86400 + h * 3600 + mi * 60 + s;
}

static tz *load(const char *name)
{
    tz *z = NULL;
    status st;
    if (tz_load(NULL, name, &z, &st) != STATUS_OK)
        fail_msg("tz_load(%s): %s", name, st.message);
    assert_string_equal(tz_name(z), name);
    return z;
}

static void known_offsets(void **state)
{
    (void)state;
    tz *berlin = load("Europe/Berlin");
    /* 2026-03-29: clocks go from 02:00 CET to 03:00 CEST at 01:00 UTC; back on 25 October */
    assert_int_equal(tz_utc_offset(berlin, utc(2026, 3, 29, 0, 59, 59)), 3600);
    assert_int_equal(tz_utc_offset(berlin, utc(2026, 3, 29, 1, 0, 0)), 7200);
    assert_int_equal(tz_utc_offset(berlin, utc(2026, 10, 25, 0, 59, 59)), 7200);
    assert_int_equal(tz_utc_offset(berlin, utc(2026, 10, 25, 1, 0, 0)), 3600);
    /* past the file's last transition (2037): the footer rule */
    assert_int_equal(tz_utc_offset(berlin, utc(2100, 3, 28, 0, 59, 59)), 3600);
    assert_int_equal(tz_utc_offset(berlin, utc(2100, 3, 28, 1, 0, 0)), 7200);
    assert_int_equal(tz_utc_offset(berlin, utc(9999, 12, 31, 23, 0, 0)), 3600);
    assert_int_equal(tz_utc_offset(berlin, INT64_MIN),
                     tz_utc_offset(berlin, utc(1, 1, 1, 0, 0, 0)));
    tz_destroy(berlin);

    tz *ny = load("America/New_York");
    assert_int_equal(tz_utc_offset(ny, utc(2026, 3, 8, 6, 59, 59)), -5 * 3600);
    assert_int_equal(tz_utc_offset(ny, utc(2026, 3, 8, 7, 0, 0)), -4 * 3600);
    assert_int_equal(tz_utc_offset(ny, utc(2060, 11, 7, 5, 59, 59)), -4 * 3600);
    assert_int_equal(tz_utc_offset(ny, utc(2060, 11, 7, 6, 0, 0)), -5 * 3600);
    tz_destroy(ny);

    tz *sydney = load("Australia/Sydney"); /* DST across the new year */
    assert_int_equal(tz_utc_offset(sydney, utc(2100, 1, 1, 0, 0, 0)), 11 * 3600);
    assert_int_equal(tz_utc_offset(sydney, utc(2100, 7, 1, 0, 0, 0)), 10 * 3600);
    tz_destroy(sydney);

    tz *dublin = load("Europe/Dublin"); /* "IST-1GMT0,M10.5.0,M3.5.0/1": DST in winter */
    assert_int_equal(tz_utc_offset(dublin, utc(2100, 1, 1, 0, 0, 0)), 0);
    assert_int_equal(tz_utc_offset(dublin, utc(2100, 7, 1, 0, 0, 0)), 3600);
    tz_destroy(dublin);

    tz *kolkata = load("Asia/Kolkata");
    assert_int_equal(tz_utc_offset(kolkata, utc(2026, 6, 1, 0, 0, 0)), 19800);
    tz_destroy(kolkata);
    tz *u = load("UTC");
    assert_int_equal(tz_utc_offset(u, utc(2026, 6, 1, 0, 0, 0)), 0);
    tz_destroy(u);
}

/* The C library reads the same files: it must agree at every instant we try. */
static void agrees_with_libc(void **state)
{
    (void)state;
    static const char *const zones[] = {
        "Europe/Berlin",     "America/New_York", "Australia/Sydney", "Europe/Dublin",
        "America/Sao_Paulo", "Asia/Tehran",      "Pacific/Apia",     "Australia/Lord_Howe",
        "Africa/Casablanca", "America/Santiago", "Asia/Kathmandu",   "Pacific/Chatham"};
    const char *saved = getenv("TZ");
    char *old = saved ? strdup(saved) : NULL;
    long compared = 0;
    for (size_t k = 0; k < sizeof zones / sizeof *zones; k++) {
        tz *z = load(zones[k]);
        char env[300];
        snprintf(env, sizeof env, ":%s", zones[k]);
        setenv("TZ", env, 1);
        tzset();
        for (int64_t t = utc(1900, 1, 1, 0, 0, 0); t < utc(2120, 1, 1, 0, 0, 0);
             t += 6 * 3600 + 7) {
            time_t tt = (time_t)t;
            struct tm tm;
            assert_non_null(localtime_r(&tt, &tm));
            if (tm.tm_gmtoff != tz_utc_offset(z, t))
                fail_msg("%s at %lld: libc %ld, tz %d", zones[k], (long long)t, tm.tm_gmtoff,
                         (int)tz_utc_offset(z, t));
            compared++;
        }
        tz_destroy(z);
    }
    if (old)
        setenv("TZ", old, 1);
    else
        unsetenv("TZ");
    tzset();
    free(old);
    assert_true(compared > 3000000);
}

/* ---- hand-made files -------------------------------------------------------------------- */

typedef struct bytes {
    unsigned char b[1024];
    size_t n;
} bytes;

static void put32(bytes *o, uint32_t v)
{
    for (int i = 3; i >= 0; i--)
        o->b[o->n++] = (unsigned char)(v >> (8 * i));
}

static void put64(bytes *o, int64_t v)
{
    put32(o, (uint32_t)((uint64_t)v >> 32));
    put32(o, (uint32_t)v);
}

/* A header: version, then isut, isstd, leap, time, type and char counts. */
static void header(bytes *o, char version, uint32_t time, uint32_t type, uint32_t chr)
{
    memcpy(o->b + o->n, "TZif", 4);
    o->n += 4;
    o->b[o->n++] = (unsigned char)version;
    memset(o->b + o->n, 0, 15);
    o->n += 15;
    put32(o, 0);
    put32(o, 0);
    put32(o, 0);
    put32(o, time);
    put32(o, type);
    put32(o, chr);
}

/* One transition at `at` from type 0 (offset off0) to type 1 (off1); 64-bit when wide. */
static void block(bytes *o, bool wide, int64_t at, int32_t off0, int32_t off1)
{
    if (wide)
        put64(o, at);
    else
        put32(o, (uint32_t)at);
    o->b[o->n++] = 1;
    put32(o, (uint32_t)off0);
    o->b[o->n++] = 0;
    o->b[o->n++] = 0;
    put32(o, (uint32_t)off1);
    o->b[o->n++] = 1;
    o->b[o->n++] = 4;
    memcpy(o->b + o->n, "AAA\0BBB\0", 8);
    o->n += 8;
}

/* A version-2 file with one transition at `at` and the footer rule `footer`. */
static bytes v2_file(int64_t at, const char *footer)
{
    bytes o = {.n = 0};
    header(&o, '2', 1, 2, 8);
    block(&o, false, at, 0, 3600);
    header(&o, '2', 1, 2, 8);
    block(&o, true, at, 0, 3600);
    o.n += (size_t)snprintf((char *)o.b + o.n, sizeof o.b - o.n, "\n%s\n", footer);
    return o;
}

static tz *parse_ok(const bytes *o)
{
    tz *z = NULL;
    status st;
    if (tz_parse(o->b, o->n, "Test/Zone", &z, &st) != STATUS_OK)
        fail_msg("tz_parse: %s", st.message);
    return z;
}

static void parse_fails(const bytes *o, const char *phrase)
{
    tz *z = (tz *)1;
    status st;
    assert_int_equal(tz_parse(o->b, o->n, "Test/Zone", &z, &st), STATUS_EINPUT);
    assert_null(z);
    if (!strstr(st.message, phrase) || !strstr(st.message, "Test/Zone"))
        fail_msg("message \"%s\" lacks \"%s\"", st.message, phrase);
}

static void handmade_files(void **state)
{
    (void)state;
    /* version 1: 32-bit times, no footer: the last type stays */
    bytes v1 = {.n = 0};
    header(&v1, 0, 1, 2, 8);
    block(&v1, false, 1000, -3600, 7200);
    tz *z = parse_ok(&v1);
    assert_int_equal(tz_utc_offset(z, 999), -3600);
    assert_int_equal(tz_utc_offset(z, 1000), 7200);
    assert_int_equal(tz_utc_offset(z, utc(3000, 1, 1, 0, 0, 0)), 7200);
    tz_destroy(z);
    /* version 2 with a rule after the transition; before it, type 0 */
    bytes f = v2_file(1000, "<+0330>-3:30<+0430>,J1/0,J365/25");
    z = parse_ok(&f);
    assert_int_equal(tz_utc_offset(z, 0), 0);
    assert_int_equal(tz_utc_offset(z, utc(2050, 6, 1, 0, 0, 0)), 16200); /* DST all year */
    tz_destroy(z);
    /* an empty footer: no rule, the last transition's type forever */
    f = v2_file(1000, "");
    z = parse_ok(&f);
    assert_int_equal(tz_utc_offset(z, utc(2050, 6, 1, 0, 0, 0)), 3600);
    tz_destroy(z);
    /* a DST rule without dates takes the US dates; "n" counts from 0 with February 29 */
    f = v2_file(1000, "EST5EDT");
    z = parse_ok(&f);
    assert_int_equal(tz_utc_offset(z, utc(2050, 7, 1, 0, 0, 0)), -4 * 3600);
    assert_int_equal(tz_utc_offset(z, utc(2050, 1, 1, 0, 0, 0)), -5 * 3600);
    tz_destroy(z);
    f = v2_file(1000, "XXX0YYY,59/0,60/0"); /* leap year: day 59 is February 29 */
    z = parse_ok(&f);
    assert_int_equal(tz_utc_offset(z, utc(2048, 2, 29, 12, 0, 0)), 3600);
    assert_int_equal(tz_utc_offset(z, utc(2048, 3, 1, 12, 0, 0)), 0);
    tz_destroy(z);
    f = v2_file(1000, "XXX0YYY,J60/0,J61/0"); /* Jn never counts February 29: J60 is 1 March */
    z = parse_ok(&f);
    assert_int_equal(tz_utc_offset(z, utc(2048, 2, 29, 12, 0, 0)), 0);
    assert_int_equal(tz_utc_offset(z, utc(2048, 3, 1, 12, 0, 0)), 3600);
    assert_int_equal(tz_utc_offset(z, utc(2048, 3, 2, 12, 0, 0)), 0);
    tz_destroy(z);

    /* malformed files: each named, none accepted */
    bytes bad = v1;
    memcpy(bad.b, "TZiX", 4);
    parse_fails(&bad, "expected a TZif file");
    bad = v1;
    bad.n -= 3;
    parse_fails(&bad, "expected a TZif file");
    bad = v1;
    bad.b[44 + 4] = 7; /* transition to type 7 of 2 */
    parse_fails(&bad, "unknown type");
    bad = v1;
    bad.b[44 + 5] = 0x7F; /* an offset of about +2^31 s */
    parse_fails(&bad, "within 26 hours");
    static const char *const footers[] = {"CET-1CEST,M3.5.0",
                                          "CE-1",
                                          "CET-25",
                                          "CET-1CEST,M13.1.0,M10.5.0",
                                          "CET-1CEST,J0,J365",
                                          "<AB>-1",
                                          "CET-1CEST,M3.5.0,M10.5.0/168",
                                          "CET-1CEST,M3.5.0,M10.5.0 "};
    for (size_t k = 0; k < sizeof footers / sizeof *footers; k++) {
        f = v2_file(1000, footers[k]);
        parse_fails(&f, "POSIX TZ rule");
    }
    f = v2_file(1000, "CET-1");
    f.n--; /* no closing newline */
    parse_fails(&f, "footer");
    f = v2_file(1000, "CET-1");
    f.b[f.n++] = 'x'; /* bytes after the footer */
    parse_fails(&f, "footer");
    /* two transitions out of order */
    bytes two = {.n = 0};
    header(&two, 0, 2, 1, 4);
    put32(&two, 500);
    put32(&two, 400);
    two.b[two.n++] = 0;
    two.b[two.n++] = 0;
    put32(&two, 0);
    two.b[two.n++] = 0;
    two.b[two.n++] = 0;
    memcpy(two.b + two.n, "UTC\0", 4);
    two.n += 4;
    parse_fails(&two, "ascending");
}

static void names_and_files(void **state)
{
    (void)state;
    assert_true(tz_name_valid("Europe/Berlin"));
    assert_true(tz_name_valid("America/Argentina/Buenos_Aires"));
    assert_true(tz_name_valid("Etc/GMT+5"));
    static const char *const bad[] = {
        "",    "/etc/passwd",     "../etc/passwd", "Europe/../../etc", "Europe//Berlin", "Europe/",
        "a b", "Europe/Berlin\n", "./UTC"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        if (tz_name_valid(bad[k]))
            fail_msg("'%s' accepted as a zone name", bad[k]);
    char longer[TZ_NAME_MAX + 2];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_false(tz_name_valid(longer));

    tz *z = (tz *)1;
    status st;
    assert_int_equal(tz_load(NULL, "Mars/Olympus_Mons", &z, &st), STATUS_EINPUT);
    assert_null(z);
    assert_non_null(strstr(st.message, "unknown time zone 'Mars/Olympus_Mons'"));
    assert_non_null(strstr(st.message, "Europe/Berlin"));
    assert_int_equal(tz_load(NULL, "../../etc/passwd", &z, &st), STATUS_EINPUT);
    assert_non_null(strstr(st.message, "unknown time zone"));
    assert_int_equal(tz_load(NULL, "Europe", &z, &st), STATUS_EINPUT); /* a folder */
    assert_non_null(strstr(st.message, "not a time zone file"));
    assert_int_equal(tz_load(NULL, "iso3166.tab", &z, &st), STATUS_EINPUT); /* text */
    assert_non_null(strstr(st.message, "TZif"));
    /* another folder of zones */
    char dir[] = "/tmp/shipcast-tz-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/Test", dir);
    bytes f = v2_file(0, "<+05>-5");
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(f.b, 1, f.n, fp), f.n);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(tz_load(dir, "Test", &z, &st), STATUS_OK);
    assert_int_equal(tz_utc_offset(z, utc(2030, 1, 1, 0, 0, 0)), 5 * 3600);
    tz_destroy(z);
    unlink(path);
    rmdir(dir);
    tz_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_offsets),
        cmocka_unit_test(agrees_with_libc),
        cmocka_unit_test(handmade_files),
        cmocka_unit_test(names_and_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
