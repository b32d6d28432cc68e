/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvout: RFC 4180 writer; see csvout.h.
 *
 * Fields are written straight to the stream (stdio buffers them), so a field costs no
 * allocation. Numbers are formatted by snprintf and then rebuilt from their digits: the
 * integer digits, whatever the locale put as decimal point (',' in German, a multibyte
 * character in some locales), then the fraction digits. That keeps '.' without touching
 * LC_NUMERIC, which is process-wide and so not ours to change.
 */
#include "csvout.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "date.h"

void csvout_init(csvout *w, FILE *file)
{
    assert(w && file);
    w->file = file;
    w->separator = ',';
    w->decimal_point = '.';
    w->n_fields = 0;
    w->row_only_empty = false;
    w->error_errno = 0;
    w->failed = false;
}

static void csvout_put(csvout *w, const char *bytes, size_t n);

void csvout_init_format(csvout *w, FILE *file, const csvout_format *fmt)
{
    csvout_init(w, file);
    if (!fmt)
        return;
    if (fmt->decimal_comma) {
        w->separator = ';';
        w->decimal_point = ',';
    }
    if (fmt->bom)
        csvout_put(w, "\xEF\xBB\xBF", 3);
}

static void csvout_fail(csvout *w, int err)
{
    if (!w->failed) {
        w->failed = true;
        /* stdio may fail without setting errno (e.g. a stream already in error). */
        w->error_errno = err != 0 ? err : EIO;
    }
}

static void csvout_put(csvout *w, const char *bytes, size_t n)
{
    if (w->failed || n == 0)
        return;
    errno = 0;
    if (fwrite(bytes, 1, n, w->file) != n)
        csvout_fail(w, errno);
}

/* The separator before a field, and the bookkeeping for a row of one empty field. */
static void csvout_field_begin(csvout *w, bool empty)
{
    if (w->n_fields > 0)
        csvout_put(w, &w->separator, 1);
    w->row_only_empty = w->n_fields == 0 && empty;
    w->n_fields++;
}

void csvout_empty(csvout *w)
{
    assert(w);
    csvout_field_begin(w, true);
}

static bool csvout_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

void csvout_text(csvout *w, const char *text)
{
    assert(w && text);
    size_t len = strlen(text);
    if (len == 0) {
        csvout_empty(w);
        return;
    }
    /* text[0] is not NUL here, so strchr cannot match the terminator of the set. */
    bool neutralise = strchr("=+-@\t\r", text[0]) != NULL;
    /* After neutralising, the first byte written is the quote mark, not text[0]. */
    bool quote = (!neutralise && csvout_is_blank(text[0])) || csvout_is_blank(text[len - 1]) ||
                 strpbrk(text, "\"\r\n") != NULL || strchr(text, w->separator) != NULL;

    csvout_field_begin(w, false);
    if (quote)
        csvout_put(w, "\"", 1);
    if (neutralise)
        csvout_put(w, "'", 1);
    if (quote) {
        /* Each '"' is written twice: the segment up to and including it, then one more. */
        const char *p = text;
        const char *q;
        while ((q = strchr(p, '"')) != NULL) {
            csvout_put(w, p, (size_t)(q - p) + 1);
            csvout_put(w, "\"", 1);
            p = q + 1;
        }
        csvout_put(w, p, strlen(p));
        csvout_put(w, "\"", 1);
    } else {
        csvout_put(w, text, len);
    }
}

void csvout_int(csvout *w, int64_t value)
{
    assert(w);
    char buf[24]; /* "-9223372036854775808" is 20 characters */
    int n = snprintf(buf, sizeof buf, "%" PRId64, value);
    assert(n > 0 && (size_t)n < sizeof buf);
    csvout_field_begin(w, false);
    csvout_put(w, buf, (size_t)n);
}

static bool csvout_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

void csvout_double(csvout *w, double value, int decimals)
{
    assert(w);
    assert(decimals >= 0 && decimals <= CSVOUT_DECIMALS_MAX);
    if (!isfinite(value)) {
        csvout_empty(w);
        return;
    }
    /* DBL_MAX has 309 integer digits; with sign, a decimal point of a few bytes and 17
     * decimals the text stays well under 400. */
    char raw[400];
    int n = snprintf(raw, sizeof raw, "%.*f", decimals, value);
    assert(n > 0 && (size_t)n < sizeof raw);
    (void)n;

    char out[400];
    size_t o = 0;
    const char *p = raw;
    bool negative = *p == '-';
    if (negative)
        p++;
    bool all_zero = true;
    while (csvout_is_digit(*p)) {
        all_zero = all_zero && *p == '0';
        out[o++] = *p++;
    }
    if (decimals > 0) {
        while (*p != '\0' && !csvout_is_digit(*p))
            p++; /* the locale's decimal point, whatever its bytes */
        out[o++] = w->decimal_point;
        while (csvout_is_digit(*p)) {
            all_zero = all_zero && *p == '0';
            out[o++] = *p++;
        }
    }
    assert(o > 0 && *p == '\0');

    csvout_field_begin(w, false);
    /* A value that rounds to zero is written as zero: "-0.00" reads as a negative number
     * that is not there, and flips with the last bits of a sum. */
    if (negative && !all_zero)
        csvout_put(w, "-", 1);
    csvout_put(w, out, o);
}

void csvout_date(csvout *w, int32_t day_number)
{
    assert(w);
    if (day_number == DATE_NONE) {
        csvout_empty(w);
        return;
    }
    char buf[DATE_TEXT_SIZE];
    date_format(day_number, buf);
    csvout_field_begin(w, false);
    csvout_put(w, buf, strlen(buf));
}

void csvout_end_row(csvout *w)
{
    assert(w);
    if (w->n_fields == 1 && w->row_only_empty)
        csvout_put(w, "\"\"", 2);
    csvout_put(w, "\r\n", 2);
    w->n_fields = 0;
    w->row_only_empty = false;
}

status_code csvout_error(const csvout *w)
{
    assert(w);
    return w->failed ? STATUS_EIO : STATUS_OK;
}

status_code csvout_finish(csvout *w, const char *name, status *st)
{
    assert(w);
    if (!w->failed) {
        errno = 0;
        if (fflush(w->file) != 0)
            csvout_fail(w, errno);
        else if (ferror(w->file))
            csvout_fail(w, EIO);
    }
    if (w->failed)
        return status_set(st, STATUS_EIO, "cannot write %s: %s", name ? name : "CSV output",
                          strerror(w->error_errno));
    return STATUS_OK;
}
