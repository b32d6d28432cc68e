/* SPDX-License-Identifier: GPL-3.0-or-later */
/* markup: polyglot markup writer; see markup.h. */
#include "markup.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "date.h"

void markup_init(markup *m, FILE *file)
{
    assert(m && file);
    m->file = file;
    m->err = 0;
    m->failed = false;
}

static void markup_put(markup *m, const char *bytes, size_t n)
{
    if (m->failed || n == 0)
        return;
    errno = 0;
    if (fwrite(bytes, 1, n, m->file) != n) {
        m->failed = true;
        m->err = errno ? errno : EIO;
    }
}

void markup_raw(markup *m, const char *text)
{
    markup_put(m, text, strlen(text));
}

/* Length of the valid UTF-8 sequence at s that XML allows, or 0. Overlong forms, surrogates
 * and code points past U+10FFFF are not valid UTF-8; U+FFFE and U+FFFF are not XML
 * characters. */
static size_t markup_char_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' ? 1 : 0;
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || s[0] > 0xF4)
        return 0;
    uint32_t cp = s[0] & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    static const uint32_t min_of[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_of[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF)
        return 0;
    return n;
}

void markup_text(markup *m, const char *text)
{
    if (!text)
        return;
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *run = s; /* bytes written as they are, not yet flushed */
    while (*s) {
        const char *escape = NULL;
        size_t n = 1;
        switch (*s) {
        case '&':
            escape = "&amp;";
            break;
        case '<':
            escape = "&lt;";
            break;
        case '>':
            escape = "&gt;";
            break;
        case '"':
            escape = "&quot;";
            break;
        case '\'':
            escape = "&#39;";
            break;
        default:
            n = markup_char_length(s);
            if (n == 0) {
                escape = "\xEF\xBF\xBD"; /* U+FFFD for a byte XML cannot carry */
                n = 1;
            }
        }
        if (escape) {
            markup_put(m, (const char *)run, (size_t)(s - run));
            markup_raw(m, escape);
            run = s + n;
        }
        s += n;
    }
    markup_put(m, (const char *)run, (size_t)(s - run));
}

void markup_printf(markup *m, const char *fmt, ...)
{
    if (m->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    if (vfprintf(m->file, fmt, ap) < 0) {
        m->failed = true;
        m->err = errno ? errno : EIO;
    }
    va_end(ap);
}

void markup_num(markup *m, double value, int decimals)
{
    assert(decimals >= 0 && decimals <= 6);
    static const int64_t scale_of[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    int64_t scale = scale_of[decimals];
    /* |value| is a coordinate or a share here; beyond 1e12 it is a bug upstream, clamped */
    double v = isfinite(value) ? fmax(-1e12, fmin(1e12, value)) : 0.0;
    int64_t scaled = (int64_t)llround(v * (double)scale);
    bool negative = scaled < 0;
    uint64_t mag = negative ? (uint64_t)(-scaled) : (uint64_t)scaled;
    char buf[48];
    int len;
    if (decimals == 0)
        len = snprintf(buf, sizeof buf, "%s%" PRIu64, negative ? "-" : "", mag);
    else
        len = snprintf(buf, sizeof buf, "%s%" PRIu64 ".%0*" PRIu64, negative ? "-" : "",
                       mag / (uint64_t)scale, decimals, mag % (uint64_t)scale);
    markup_put(m, buf, (size_t)len);
}

void markup_date(markup *m, int32_t day_number)
{
    char buf[DATE_TEXT_SIZE];
    markup_raw(m, date_format(day_number, buf));
}

status_code markup_finish(markup *m, const char *name, status *st)
{
    if (!m->failed) {
        errno = 0;
        if (fflush(m->file) != 0 || ferror(m->file)) {
            m->failed = true;
            m->err = errno ? errno : EIO;
        }
    }
    if (m->failed)
        return status_set(st, STATUS_EIO, "cannot write %s: %s", name, strerror(m->err));
    return STATUS_OK;
}
