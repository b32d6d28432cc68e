/* SPDX-License-Identifier: GPL-3.0-or-later */
/* termtext: terminal table cells; see termtext.h. */
#include "termtext.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */

/* Bytes of the UTF-8 character starting at s (1 for a stray continuation or bad byte). */
static size_t char_bytes(const unsigned char *s)
{
    size_t n = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 1;
    return n;
}

int termtext_width(const char *text)
{
    int width = 0;
    for (const unsigned char *s = (const unsigned char *)text; *s; s += char_bytes(s))
        width++;
    return width;
}

char *termtext_cell(char *buf, size_t size, const char *text, int width)
{
    if (size == 0)
        return buf;
    int total = termtext_width(text);
    int keep = total > width ? width - 1 : total;
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (int k = 0; k < keep && o + 4 < size; k++) {
        size_t n = char_bytes(s);
        if (*s < 0x20 || *s == 0x7F) {
            buf[o++] = ' ';
        } else {
            memcpy(buf + o, s, n);
            o += n;
        }
        s += n;
    }
    if (total > width && width > 0 && o + sizeof ellipsis <= size) {
        memcpy(buf + o, ellipsis, sizeof ellipsis - 1);
        o += sizeof ellipsis - 1;
        keep++;
    }
    for (int k = keep; k < width && o + 1 < size; k++)
        buf[o++] = ' ';
    buf[o] = '\0';
    return buf;
}

char *termtext_count(char *buf, size_t size, uint64_t n)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%" PRIu64, n);
    size_t o = 0;
    for (int k = 0; k < len && o + 1 < size; k++) {
        if (k > 0 && (len - k) % 3 == 0 && o + 2 < size)
            buf[o++] = ',';
        buf[o++] = digits[k];
    }
    buf[o] = '\0';
    return buf;
}

char *termtext_duration(char *buf, size_t size, double seconds)
{
    long s = seconds < 0 ? 0 : seconds > 1e8 ? 100000000L : (long)(seconds + 0.5);
    if (s < 60)
        snprintf(buf, size, "%ld s", s);
    else if (s < 3600)
        snprintf(buf, size, "%ld min %ld s", s / 60, s % 60);
    else
        snprintf(buf, size, "%ld h %ld min", s / 3600, s % 3600 / 60);
    return buf;
}

char *termtext_plural(char *buf, size_t size, int64_t n, const char *singular, const char *plural)
{
    char count[32];
    termtext_count(count, sizeof count, (uint64_t)(n < 0 ? 0 : n));
    snprintf(buf, size, "%s %s", count, n == 1 ? singular : plural);
    return buf;
}
