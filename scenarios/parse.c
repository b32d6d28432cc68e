/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse: text to values; see parse.h. */
#include "parse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static char parse_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool parse_same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (parse_lower(*a) != parse_lower(*b))
            return false;
    return *a == *b;
}

int parse_excerpt_len(const char *s)
{
    size_t n = strlen(s);
    if (n <= 60)
        return (int)n;
    n = 60;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

char *parse_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

char *parse_next_entry(char **rest, char sep)
{
    while (*rest) {
        char *entry = *rest, *end = strchr(entry, sep);
        *rest = end ? end + 1 : NULL;
        if (end)
            *end = '\0';
        entry = parse_trim(entry);
        if (*entry)
            return entry;
    }
    return NULL;
}

bool parse_list_next(const char **cursor, const char **entry, size_t *len)
{
    for (const char *a = *cursor; *a;) {
        size_t n = strcspn(a, ",");
        const char *b = a, *e = a + n;
        a = a[n] ? a + n + 1 : a + n;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > b) {
            *cursor = a;
            *entry = b;
            *len = (size_t)(e - b);
            return true;
        }
    }
    return false;
}

int parse_name_index(const char *text, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (parse_same_name(text, names[i]))
            return i;
    return -1;
}

bool parse_whole(const char *s, long long lo, long long hi, long long *out)
{
    if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+'))
        return false;
    for (const char *c = s + 1; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool parse_u64(const char *s, uint64_t *out)
{
    /* strtoull would accept "-1" and wrap it to 2^64 - 1. */
    if (*s == '\0')
        return false;
    for (const char *c = s; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *out = (uint64_t)v;
    return true;
}

bool parse_real(const char *s, double lo, double hi, double *out)
{
    bool digit = false;
    for (const char *c = s; *c; c++) {
        if (*c >= '0' && *c <= '9')
            digit = true;
        else if (!strchr("+-.eE", *c))
            return false;
    }
    if (!digit || !((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.'))
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool parse_date(const char *s, int32_t *out)
{
    return date_parse(s, strlen(s), out);
}

bool parse_percent(const char *s, double lo, double hi, double *share, bool *had_sign)
{
    char buf[64];
    size_t n = strlen(s);
    bool sign = n > 0 && s[n - 1] == '%';
    if (sign)
        n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    double v;
    if (!parse_real(buf, lo, hi, &v))
        return false;
    *share = v / 100.0;
    if (had_sign)
        *had_sign = sign;
    return true;
}

/* The entry [a, a + len) without surrounding spaces, as a number in (lo, hi]. */
static bool parse_entry(const char *a, size_t len, double lo, double hi, double *out)
{
    char buf[64];
    while (len > 0 && (*a == ' ' || *a == '\t')) {
        a++;
        len--;
    }
    while (len > 0 && (a[len - 1] == ' ' || a[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, a, len);
    buf[len] = '\0';
    return parse_real(buf, lo, hi, out) && *out > lo;
}

/* Whether [a, a + len) holds nothing but spaces. */
static bool parse_blank(const char *a, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (a[i] != ' ' && a[i] != '\t')
            return false;
    return true;
}

bool parse_factors(const char *v, const char *seps, bool skip_empty, double lo, double hi,
                   double *out, int32_t *n_out)
{
    double f[PARSE_FACTORS_MAX];
    int32_t n = 0;
    for (const char *a = v;;) {
        size_t len = strcspn(a, seps);
        if (!(skip_empty && parse_blank(a, len))) {
            if (n == PARSE_FACTORS_MAX || !parse_entry(a, len, lo, hi, &f[n]))
                return false;
            n++;
        }
        if (!a[len])
            break;
        a += len + 1;
    }
    if (n == 0)
        return false;
    memcpy(out, f, (size_t)n * sizeof *f);
    *n_out = n;
    return true;
}

bool parse_factor_range(const char *v, double lo, double hi, double *low, double *high)
{
    double f[2];
    size_t len = strcspn(v, ",");
    if (!parse_entry(v, len, lo, hi, &f[0]))
        return false;
    f[1] = f[0];
    if (v[len] &&
        (strchr(v + len + 1, ',') || !parse_entry(v + len + 1, strlen(v + len + 1), lo, hi, &f[1])))
        return false;
    if (f[0] > f[1])
        return false;
    *low = f[0];
    *high = f[1];
    return true;
}
