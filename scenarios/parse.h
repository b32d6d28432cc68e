/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse: text to values for every input file, without locale surprises, and the small text
 * helpers their messages share.
 *
 * Each parser takes the whole NUL-terminated text (already trimmed by the caller where spaces
 * are allowed) and succeeds only if all of it is the value and the value lies in the stated
 * range; on failure *out is left alone. Numbers go through strtoll/strtoull/strtod on text first
 * checked to hold only the characters of a plain decimal number, so "inf", "nan", hex floats
 * and leading spaces never reach them, and the locale is never consulted (under a German locale
 * strtod would read "3.5" as 3, but only digits, sign, '.' and an exponent get this far, and
 * shipcast never calls setlocale).
 */
#ifndef SHIPCAST_PARSE_H
#define SHIPCAST_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most entries of a list of factors (parse_factors); the size of plan.h's context tables. */
enum { PARSE_FACTORS_MAX = 16 };

/* A whole number in [lo, hi], optionally signed. */
bool parse_whole(const char *s, long long lo, long long hi, long long *out);

/* A whole number in 0..2^64-1, unsigned ("-1" is refused, not wrapped). */
bool parse_u64(const char *s, uint64_t *out);

/* A finite decimal number in [lo, hi] ("1", "-2.5", ".5", "1e3"). */
bool parse_real(const char *s, double lo, double hi, double *out);

/* A date (date_parse): YYYY-MM-DD or an ISO 8601 timestamp; *out is a day number. */
bool parse_date(const char *s, int32_t *out);

/* A percentage "NN" or "NN%" (spaces allowed before '%') in [lo, hi], as a share: 50 -> 0.5.
 * *had_sign tells whether '%' was written; may be NULL. */
bool parse_percent(const char *s, double lo, double hi, double *share, bool *had_sign);

/* A list of 1..PARSE_FACTORS_MAX numbers in (lo, hi] separated by any of seps; spaces around
 * entries are dropped; empty entries are skipped if skip_empty, else rejected. */
bool parse_factors(const char *v, const char *seps, bool skip_empty, double lo, double hi,
                   double *out, int32_t *n_out);

/* A range "LOW,HIGH" or one value (then LOW = HIGH), lo < LOW <= HIGH <= hi. */
bool parse_factor_range(const char *v, double lo, double hi, double *low, double *high);

/* The next non-empty entry of a `sep`-separated list (`a; b;;c`), trimmed; NULL when none is
 * left. *rest walks the text, which is cut in place; empty entries are skipped, as spreadsheets
 * leave them. Start with *rest at the text. */
char *parse_next_entry(char **rest, char sep);

/* The next non-empty entry of a comma-separated list, trimmed of spaces and tabs, as
 * [*entry, *entry + *len), without changing the text; false when none is left. Start with
 * *cursor at the text. */
bool parse_list_next(const char **cursor, const char **entry, size_t *len);

/* The index of text among names[0..n) (ASCII case-insensitive), or -1. */
int parse_name_index(const char *text, const char *const *names, int n);

/* ASCII case-insensitive equality. */
bool parse_same_name(const char *a, const char *b);

/* Trims spaces and tabs in place; returns the first kept character. */
char *parse_trim(char *s);

/* Length of a quoted excerpt of s for messages: at most 60 bytes, cut on a character
 * boundary. */
int parse_excerpt_len(const char *s);

#endif
