/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * date: calendar dates as day numbers.
 *
 * A date is an int32_t counting days since 1970-01-01 (day 0) in the proleptic Gregorian
 * calendar. Dates exist only at the edges (parsing inputs, writing outputs); the engine works
 * in days from the start of a run. Supported years are 1..9999; DATE_NONE marks "no date".
 */
#ifndef SHIPCAST_DATE_H
#define SHIPCAST_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_NONE INT32_MIN
enum { DATE_TEXT_SIZE = 11 }; /* "YYYY-MM-DD" and its terminating NUL */

/* Day number of year-month-day. Returns false (and leaves *out alone) if the date does not
 * exist (2026-02-30, month 13, year 0 or 10000). */
bool date_from_ymd(int year, int month, int day, int32_t *out);

/* Inverse of date_from_ymd for any day produced by it. */
void date_to_ymd(int32_t day_number, int *year, int *month, int *day);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(int32_t day_number);

static inline bool date_is_weekend(int32_t day_number)
{
    return date_weekday(day_number) >= 5;
}

/* Parses exactly `len` bytes of text as a date: "YYYY-MM-DD", or an ISO 8601 timestamp
 * "YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM]" (also with a space instead of 'T'),
 * whose calendar date is taken as written. Leading and trailing spaces are ignored.
 * Returns false on anything else, including impossible dates. */
bool date_parse(const char *text, size_t len, int32_t *out);

/* Writes "YYYY-MM-DD" into buf (at least DATE_TEXT_SIZE bytes); returns buf. */
char *date_format(int32_t day_number, char *buf);

#endif
