/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * date: day-number arithmetic. The conversion counts days in 400-year eras of 146097 days,
 * with years starting on 1 March so that the leap day falls at the end of the year; that keeps
 * both directions free of tables and branches on the month.
 */
#include "date.h"

#include <stdio.h>

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : len[month - 1];
}

bool date_from_ymd(int year, int month, int day, int32_t *out)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return false;
    int y = month <= 2 ? year - 1 : year;
    int era = y / 400; /* y >= 0 here, so plain division is floor */
    int yoe = y - era * 400;
    int mp = (month + 9) % 12; /* March = 0 */
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = (int32_t)(era * 146097 + doe - 719468);
    return true;
}

void date_to_ymd(int32_t day_number, int *year, int *month, int *day)
{
    int z = day_number + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

int date_weekday(int32_t day_number)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int w = (int)((day_number % 7 + 7) % 7);
    return (w + 3) % 7;
}

/* Reads exactly n decimal digits at *p; advances *p. */
static bool read_digits(const char **p, const char *end, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || **p < '0' || **p > '9')
            return false;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    *value = v;
    return true;
}

static bool expect_char(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return true;
    }
    return false;
}

/* The time part after 'T' or ' ': HH:MM[:SS[.frac]][Z|+HH:MM|-HH:MM|+HHMM]. */
static bool parse_time_part(const char *p, const char *end)
{
    int hh, mm, ss;
    if (!read_digits(&p, end, 2, &hh) || !expect_char(&p, end, ':') ||
        !read_digits(&p, end, 2, &mm) || hh > 23 || mm > 59)
        return false;
    if (expect_char(&p, end, ':')) {
        if (!read_digits(&p, end, 2, &ss) || ss > 60)
            return false;
        if (expect_char(&p, end, '.') || expect_char(&p, end, ',')) {
            const char *digits = p;
            while (p < end && *p >= '0' && *p <= '9')
                p++;
            if (p == digits)
                return false;
        }
    }
    if (p == end || expect_char(&p, end, 'Z'))
        return p == end;
    if (*p == '+' || *p == '-') {
        int oh, om;
        p++;
        if (!read_digits(&p, end, 2, &oh) || oh > 23)
            return false;
        expect_char(&p, end, ':');
        if (!read_digits(&p, end, 2, &om) || om > 59)
            return false;
        return p == end;
    }
    return false;
}

bool date_parse(const char *text, size_t len, int32_t *out)
{
    const char *p = text, *end = text + len;
    while (p < end && *p == ' ')
        p++;
    while (end > p && end[-1] == ' ')
        end--;
    int y, m, d;
    if (!read_digits(&p, end, 4, &y) || !expect_char(&p, end, '-') ||
        !read_digits(&p, end, 2, &m) || !expect_char(&p, end, '-') || !read_digits(&p, end, 2, &d))
        return false;
    if (p != end) {
        if (*p != 'T' && *p != ' ')
            return false;
        if (!parse_time_part(p + 1, end))
            return false;
    }
    return date_from_ymd(y, m, d, out);
}

/* Writes n decimal digits of v (0 <= v < 10^n) at p. Dates are written by the ten thousand
 * in output files; this is several times cheaper than snprintf. */
static void put_digits(char *p, int n, int v)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

char *date_format(int32_t day_number, char *buf)
{
    int y, m, d;
    date_to_ymd(day_number, &y, &m, &d);
    if (y >= 1 && y <= 9999) {
        put_digits(buf, 4, y);
        buf[4] = '-';
        put_digits(buf + 5, 2, m);
        buf[7] = '-';
        put_digits(buf + 8, 2, d);
        buf[10] = '\0';
        return buf;
    }
    snprintf(buf, DATE_TEXT_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return buf;
}
