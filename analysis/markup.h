/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * markup: a writer of polyglot markup (HTML that is also well-formed XML) onto a stdio stream.
 *
 * The report is one file that browsers read as HTML and `xmllint --noout` reads as XML, so
 * every byte of text must be safe in both: markup_text escapes & < > " ' and replaces what
 * XML 1.0 forbids (control characters other than tab and newline, bytes that are not UTF-8)
 * by U+FFFD, so no title from a plan can break the document or inject markup. Literal markup
 * goes through markup_raw, formatted markup through markup_printf, which is for numbers and
 * the writer's own constant strings only, never for user text (there is no %s escaping).
 *
 * Numbers: markup_num writes a fixed number of decimals with '.', whatever LC_NUMERIC says
 * (the digits are computed, not printf'd with %f), so SVG coordinates never come out as
 * "12,5" under a German locale.
 *
 * Errors are sticky, as in csvout: the first failed write is remembered, later calls do
 * nothing, markup_finish reports it. The struct is the caller's (no allocation); the FILE is
 * borrowed.
 */
#ifndef SHIPCAST_MARKUP_H
#define SHIPCAST_MARKUP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"

typedef struct markup {
    FILE *file;  /* borrowed */
    int err;     /* errno of the first failed write */
    bool failed; /* a write failed: every later call is a no-op */
} markup;

void markup_init(markup *m, FILE *file);

/* Trusted markup, written as is. */
void markup_raw(markup *m, const char *text);

/* Text, escaped for element content and attribute values alike; NULL writes nothing. */
void markup_text(markup *m, const char *text);

/* Trusted markup with printf formatting: integers and constant strings only. */
void markup_printf(markup *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A number with `decimals` digits after '.' (0..6), trailing zeros kept; NaN and infinities
 * are written as 0 (a coordinate must be a number). */
void markup_num(markup *m, double value, int decimals);

/* A date "YYYY-MM-DD" (date.h day number). */
void markup_date(markup *m, int32_t day_number);

/* Flushes the stream and returns STATUS_EIO "cannot write NAME: reason" if any write failed. */
status_code markup_finish(markup *m, const char *name, status *st);

#endif
