/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvout: an RFC 4180 CSV writer onto a stdio stream.
 *
 * Rows are written field by field (csvout_text, csvout_int, csvout_double, csvout_date,
 * csvout_empty) and closed by csvout_end_row, which writes CRLF. Separators and quoting are
 * the writer's business: a field is quoted when it contains the separator (a comma), a double
 * quote, CR or LF, or starts or ends with a space or a tab; quotes inside are doubled. Bytes
 * are written as given (the caller supplies UTF-8).
 *
 * Formula injection: spreadsheets run a cell starting with '=', '+', '-' or '@' as a formula,
 * so a text field starting with one of those, a TAB or a CR gets a single quote prefixed
 * (OWASP's advice). Numeric and date fields are never changed; numbers must therefore go
 * through csvout_int/csvout_double, not csvout_text ("-5" as text is written as "'-5").
 *
 * Numbers use '.' as decimal point whatever LC_NUMERIC says.
 *
 * Spreadsheet variants (csvout_format, csvout_init_format): a UTF-8 byte-order mark before the
 * first row, which Excel needs to read UTF-8 rather than the machine's code page; and the
 * decimal comma, for locales whose spreadsheets read "0,85" as a number and "0.85" as text:
 * ';' between fields and ',' as decimal point. Dates stay ISO 8601 either way.
 *
 * Errors are sticky: the first failed write is remembered, later calls do nothing, and
 * csvout_finish reports it. Write calls therefore return nothing; check once at the end.
 *
 * Ownership: `csvout` is a small struct the caller owns (no allocation, no csvout_fini
 * needed); its fields are private. The FILE is borrowed: csvout never closes it, and
 * csvout_finish only flushes it.
 */
#ifndef SHIPCAST_CSVOUT_H
#define SHIPCAST_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"

enum { CSVOUT_DECIMALS_MAX = 17 }; /* more digits than a double holds are noise */

typedef struct csvout_format {
    bool bom;           /* EF BB BF before the first byte */
    bool decimal_comma; /* ';' separates fields, ',' is the decimal point */
} csvout_format;

typedef struct csvout {
    FILE *file;          /* borrowed */
    char separator;      /* ',' or ';' */
    char decimal_point;  /* '.' or ',' */
    size_t n_fields;     /* fields written in the current row */
    bool row_only_empty; /* the row so far is one empty field (see csvout_end_row) */
    int error_errno;     /* errno of the first failed write; valid if failed */
    bool failed;         /* a write failed: every later call is a no-op */
} csvout;

/* Prepares *w to write onto `file` (open for writing, borrowed until the last call). */
void csvout_init(csvout *w, FILE *file);

/* The same in a spreadsheet variant; fmt NULL is csvout_init. Writes the byte-order mark
 * at once when fmt->bom (a failure is sticky, as for any write). */
void csvout_init_format(csvout *w, FILE *file, const csvout_format *fmt);

/* A text field: quoted and neutralised as described above. `text` is a NUL-terminated string
 * (NULL is a broken invariant). An empty string is the same as csvout_empty. */
void csvout_text(csvout *w, const char *text);

/* An integer field in decimal, e.g. -42. */
void csvout_int(csvout *w, int64_t value);

/* A number with exactly `decimals` digits after the '.' (0..CSVOUT_DECIMALS_MAX; none and no
 * point when 0). Rounding is printf's: the exact binary value correctly rounded, an exact tie
 * to even (2.5 -> "2", 3.5 -> "4", 0.125 -> "0.12"; 2.675 is stored as 2.67499.. -> "2.67").
 * A result that rounds to zero is written without a minus sign ("-0.001" at 2 -> "0.00").
 * NaN and infinities are written as an empty field: CSV has no agreed spelling for them. */
void csvout_double(csvout *w, double value, int decimals);

/* A date field "YYYY-MM-DD" (see date.h); DATE_NONE is written as an empty field.
 * Precondition: day_number is DATE_NONE or a date of years 1..9999. */
void csvout_date(csvout *w, int32_t day_number);

/* An empty field. A row made of a single empty field is written as `""` so that it does not
 * read back as a blank line (which many readers, libcsv among them, skip). */
void csvout_empty(csvout *w);

/* Ends the current row with CRLF. */
void csvout_end_row(csvout *w);

/* STATUS_EIO if a write has failed so far, else STATUS_OK; does not flush, so a buffered
 * error may only show in csvout_finish. */
status_code csvout_error(const csvout *w);

/* Flushes the stream and reports the first write error, if any, as STATUS_EIO with
 * "cannot write NAME: reason" (`name` names the output in the message, e.g. its path).
 * The stream stays open. A row not ended by csvout_end_row is flushed as it is. */
status_code csvout_finish(csvout *w, const char *name, status *st);

#endif
