/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * datefmt: date forms as small recursive-descent parsers over a cursor; see datefmt.h.
 *
 * Each form first has to match in shape (digits, separators, month names where they belong);
 * only then are the values checked, so that "31/04/2026" in DD/MM/YYYY is "no such date" and
 * not "another form", and a message can say which it was.
 */
#include "datefmt.h"

#include <string.h>

#include "date.h"

typedef struct datefmt_cursor {
    const char *p, *end;
} datefmt_cursor;

static const struct {
    const char *name;
    const char *example;
} datefmt_forms[DATEFMT_N_FORMS] = {
    [DATEFMT_ISO] = {"iso", "2026-11-21 or 2026-11-21T15:04:05Z"},
    [DATEFMT_DMMMY] = {"DD/MMM/YY", "21/Nov/26 3:04 PM"},
    [DATEFMT_DMY_DOT] = {"DD.MM.YYYY", "21.11.2026 15:04"},
    [DATEFMT_DMY_SLASH] = {"DD/MM/YYYY", "21/11/2026 15:04"},
    [DATEFMT_MDY_SLASH] = {"MM/DD/YYYY", "11/21/2026 3:04:05 PM"},
};

static const char datefmt_months[12][4] = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};

static char datefmt_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool datefmt_same(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (datefmt_lower(*a) != datefmt_lower(*b))
            return false;
    return *a == *b;
}

bool datefmt_form_named(const char *name, datefmt_form *out)
{
    for (int f = 0; f < DATEFMT_N_FORMS; f++)
        if (datefmt_same(name, datefmt_forms[f].name)) {
            *out = (datefmt_form)f;
            return true;
        }
    if (datefmt_same(name, "YYYY-MM-DD")) {
        *out = DATEFMT_ISO;
        return true;
    }
    return false;
}

const char *datefmt_form_name(datefmt_form form)
{
    return datefmt_forms[form].name;
}

const char *datefmt_form_example(datefmt_form form)
{
    return datefmt_forms[form].example;
}

const char *datefmt_form_list(void)
{
    return "iso, DD/MMM/YY, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY";
}

/* between min and max digits; false (cursor unmoved) with fewer */
static bool datefmt_digits(datefmt_cursor *c, int min, int max, int *value)
{
    const char *p = c->p;
    int v = 0, n = 0;
    while (p < c->end && *p >= '0' && *p <= '9' && n < max) {
        v = v * 10 + (*p++ - '0');
        n++;
    }
    if (n < min || (p < c->end && *p >= '0' && *p <= '9'))
        return false;
    c->p = p;
    *value = v;
    return true;
}

/* exactly n digits, whatever follows (the hours of "+0130") */
static bool datefmt_fixed(datefmt_cursor *c, int n, int *value)
{
    if (c->end - c->p < n)
        return false;
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (c->p[i] < '0' || c->p[i] > '9')
            return false;
        v = v * 10 + (c->p[i] - '0');
    }
    c->p += n;
    *value = v;
    return true;
}

static bool datefmt_char(datefmt_cursor *c, char ch)
{
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

static bool datefmt_spaces(datefmt_cursor *c)
{
    const char *start = c->p;
    while (c->p < c->end && *c->p == ' ')
        c->p++;
    return c->p > start;
}

/* A month name (three letters, English) into 1..12. */
static bool datefmt_month_name(datefmt_cursor *c, int *month)
{
    if (c->end - c->p < 3)
        return false;
    for (int m = 0; m < 12; m++) {
        if (datefmt_lower(c->p[0]) == datefmt_months[m][0] &&
            datefmt_lower(c->p[1]) == datefmt_months[m][1] &&
            datefmt_lower(c->p[2]) == datefmt_months[m][2]) {
            c->p += 3;
            *month = m + 1;
            return true;
        }
    }
    return false;
}

/* "Z", "+HH", "+HHMM" or "+HH:MM" (or '-'), into seconds east. Shape only; ranges checked by
 * the caller. */
static bool datefmt_offset(datefmt_cursor *c, datefmt_stamp *s, bool *bad)
{
    if (datefmt_char(c, 'Z') || datefmt_char(c, 'z')) {
        s->has_offset = true;
        s->offset_seconds = 0;
        return true;
    }
    if (c->p >= c->end || (*c->p != '+' && *c->p != '-'))
        return false;
    int sign = *c->p++ == '-' ? -1 : 1, hh, mm = 0;
    if (!datefmt_fixed(c, 2, &hh))
        return false;
    if (datefmt_char(c, ':')) {
        if (!datefmt_digits(c, 2, 2, &mm))
            return false;
    } else if (c->p < c->end) {
        if (!datefmt_digits(c, 2, 2, &mm))
            return false;
    }
    *bad = *bad || hh > 23 || mm > 59;
    s->has_offset = true;
    s->offset_seconds = sign * (hh * 3600 + mm * 60);
    return true;
}

/* ISO time of day after 'T' or ' ': HH:MM[:SS[.fraction]][offset]. */
static bool datefmt_iso_time(datefmt_cursor *c, datefmt_stamp *s, bool *bad)
{
    if (!datefmt_digits(c, 2, 2, &s->hour) || !datefmt_char(c, ':') ||
        !datefmt_digits(c, 2, 2, &s->minute))
        return false;
    if (datefmt_char(c, ':')) {
        if (!datefmt_digits(c, 2, 2, &s->second))
            return false;
        if (datefmt_char(c, '.') || datefmt_char(c, ',')) {
            const char *digits = c->p;
            while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
                c->p++;
            if (c->p == digits)
                return false;
        }
    }
    s->has_time = true;
    if (c->p < c->end && !datefmt_offset(c, s, bad))
        return false;
    return true;
}

/* A local time of day after a date: spaces, H:MM[:SS], then optionally AM or PM. */
static bool datefmt_clock(datefmt_cursor *c, datefmt_stamp *s, bool *bad)
{
    if (!datefmt_spaces(c) || !datefmt_digits(c, 1, 2, &s->hour) || !datefmt_char(c, ':') ||
        !datefmt_digits(c, 2, 2, &s->minute))
        return false;
    if (datefmt_char(c, ':') && !datefmt_digits(c, 2, 2, &s->second))
        return false;
    s->has_time = true;
    datefmt_cursor save = *c;
    datefmt_spaces(c);
    if (c->end - c->p == 2 && (datefmt_lower(c->p[1]) == 'm') &&
        (datefmt_lower(c->p[0]) == 'a' || datefmt_lower(c->p[0]) == 'p')) {
        bool pm = datefmt_lower(c->p[0]) == 'p';
        c->p += 2;
        *bad = *bad || s->hour < 1 || s->hour > 12;
        s->hour = s->hour % 12 + (pm ? 12 : 0);
        return true;
    }
    *c = save;
    return true;
}

static int datefmt_century(int yy, int n_digits)
{
    return n_digits == 4 ? yy : yy < 70 ? 2000 + yy : 1900 + yy;
}

/* The date part of each form; the time follows. */
static bool datefmt_date(datefmt_cursor *c, datefmt_form form, datefmt_stamp *s)
{
    int a, b;
    const char *year_at;
    switch (form) {
    case DATEFMT_ISO:
        return datefmt_digits(c, 4, 4, &s->year) && datefmt_char(c, '-') &&
               datefmt_digits(c, 2, 2, &s->month) && datefmt_char(c, '-') &&
               datefmt_digits(c, 2, 2, &s->day);
    case DATEFMT_DMMMY:
        if (!datefmt_digits(c, 1, 2, &s->day) || !datefmt_char(c, '/') ||
            !datefmt_month_name(c, &s->month) || !datefmt_char(c, '/'))
            return false;
        year_at = c->p;
        if (!datefmt_digits(c, 2, 4, &s->year) || c->p - year_at == 3)
            return false;
        s->year = datefmt_century(s->year, (int)(c->p - year_at));
        return true;
    case DATEFMT_DMY_DOT:
    case DATEFMT_DMY_SLASH:
    case DATEFMT_MDY_SLASH: {
        char sep = form == DATEFMT_DMY_DOT ? '.' : '/';
        if (!datefmt_digits(c, 1, 2, &a) || !datefmt_char(c, sep) || !datefmt_digits(c, 1, 2, &b) ||
            !datefmt_char(c, sep) || !datefmt_digits(c, 4, 4, &s->year))
            return false;
        s->day = form == DATEFMT_MDY_SLASH ? b : a;
        s->month = form == DATEFMT_MDY_SLASH ? a : b;
        return true;
    }
    case DATEFMT_N_FORMS:
        break;
    }
    return false;
}

datefmt_result datefmt_parse(const char *text, datefmt_form form, datefmt_stamp *out)
{
    datefmt_cursor c = {text, text + strlen(text)};
    while (c.p < c.end && *c.p == ' ')
        c.p++;
    while (c.end > c.p && c.end[-1] == ' ')
        c.end--;
    datefmt_stamp s;
    memset(&s, 0, sizeof s);
    bool bad = false;
    if (!datefmt_date(&c, form, &s))
        return DATEFMT_OTHER_FORM;
    if (c.p < c.end) {
        bool ok = form == DATEFMT_ISO ? (datefmt_char(&c, 'T') || datefmt_char(&c, ' ')) &&
                                            datefmt_iso_time(&c, &s, &bad)
                                      : datefmt_clock(&c, &s, &bad);
        if (!ok || c.p != c.end)
            return DATEFMT_OTHER_FORM;
    }
    int32_t day;
    if (bad || s.hour > 23 || s.minute > 59 || s.second > 60 ||
        !date_from_ymd(s.year, s.month, s.day, &day))
        return DATEFMT_NO_SUCH_DATE;
    *out = s;
    return DATEFMT_OK;
}

unsigned datefmt_candidates(const char *text)
{
    unsigned bits = 0;
    datefmt_stamp s;
    for (int f = 0; f < DATEFMT_N_FORMS; f++)
        if (datefmt_parse(text, (datefmt_form)f, &s) == DATEFMT_OK)
            bits |= 1u << f;
    return bits;
}

bool datefmt_day(const datefmt_stamp *s, const tz *zone, int32_t *day)
{
    int32_t d, first, last;
    if (!date_from_ymd(s->year, s->month, s->day, &d))
        return false;
    if (!zone || !s->has_offset) {
        *day = d;
        return true;
    }
    int64_t utc =
        (int64_t)d * 86400 + s->hour * 3600 + s->minute * 60 + s->second - s->offset_seconds;
    int64_t local = utc + tz_utc_offset(zone, utc);
    int64_t local_day = local / 86400 - (local % 86400 < 0);
    date_from_ymd(1, 1, 1, &first);
    date_from_ymd(9999, 12, 31, &last);
    if (local_day < first || local_day > last)
        return false;
    *day = (int32_t)local_day;
    return true;
}
