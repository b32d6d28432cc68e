/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tz: TZif files (RFC 8536) and the POSIX TZ rule in their footer; see tz.h.
 *
 * A file has a version 1 block with 32-bit times and, from version 2 on, the same data again
 * with 64-bit times followed by the footer; we read the 64-bit block when there is one. Every
 * count is checked against the bytes left before it is multiplied, so a hostile file can ask
 * for nothing larger than itself. Leap-second records are skipped: the zones of tzdata's
 * default ("posix") tree have none, and a date never moves by a leap second anyway.
 *
 * The footer's rule gives, for any year, the instants DST starts and ends: a date rule (Jn,
 * n or Mm.w.d) plus a local time of day, read on the clock in force before the change. Rules
 * whose DST spans the new year (the southern hemisphere, or Dublin's negative DST in winter)
 * have the start after the end within a year.
 */
#include "tz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"

enum { TZ_DAY = 86400, TZ_UTOFF_MAX = 26 * 3600 };

/* A date rule of the footer: Jn (kind 'J', a = n), n (kind 'N', a = n), Mm.w.d (kind 'M',
 * a = month, b = week, c = weekday, 0 Sunday); time of day in seconds (may be negative or past
 * 24 h, RFC 8536 section 3.3.1). */
typedef struct tz_when {
    char kind;
    int a, b, c;
    int32_t time;
} tz_when;

typedef struct tz_rule {
    int32_t std_utoff, dst_utoff; /* seconds east of UTC */
    bool has_dst;
    tz_when start, end;
} tz_rule;

struct tz {
    char *name;
    int32_t n_times;
    int64_t *times;  /* transition instants, strictly ascending */
    uint8_t *types;  /* the type in force from each transition on */
    int32_t n_types; /* >= 1 */
    int32_t *utoffs; /* each type's offset */
    bool has_rule;   /* a footer rule for times after the last transition */
    tz_rule rule;
};

bool tz_name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > TZ_NAME_MAX)
        return false;
    const char *part = name;
    for (const char *c = name;; c++) {
        if (*c == '/' || *c == '\0') {
            size_t n = (size_t)(c - part);
            if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && !memcmp(part, "..", 2)))
                return false;
            if (*c == '\0')
                return true;
            part = c + 1;
            continue;
        }
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '+' || *c == '-';
        if (!ok)
            return false;
    }
}

void tz_destroy(tz *z)
{
    if (!z)
        return;
    free(z->name);
    free(z->times);
    free(z->types);
    free(z->utoffs);
    free(z);
}

const char *tz_name(const tz *z)
{
    return z->name;
}

/* ---- the footer: POSIX TZ strings ------------------------------------------------------- */

/* A zone abbreviation: three or more letters, or <...> of letters, digits, '+' and '-'. */
static bool tz_rule_abbr(const char **p)
{
    const char *s = *p;
    size_t n = 0;
    if (*s == '<') {
        s++;
        while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
               (s[n] >= '0' && s[n] <= '9') || s[n] == '+' || s[n] == '-')
            n++;
        if (n < 3 || s[n] != '>')
            return false;
        *p = s + n + 1;
        return true;
    }
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))
        n++;
    if (n < 3)
        return false;
    *p = s + n;
    return true;
}

static bool tz_rule_number(const char **p, int lo, int hi, int *out)
{
    const char *s = *p;
    int v = 0, digits = 0;
    while (*s >= '0' && *s <= '9' && digits < 4) {
        v = v * 10 + (*s++ - '0');
        digits++;
    }
    if (digits == 0 || (*s >= '0' && *s <= '9') || v < lo || v > hi)
        return false;
    *p = s;
    *out = v;
    return true;
}

/* [+-]hh[:mm[:ss]] in seconds, hours up to max_hours. */
static bool tz_rule_time(const char **p, int max_hours, int32_t *out)
{
    const char *s = *p;
    int sign = 1, h, m = 0, sec = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if (!tz_rule_number(&s, 0, max_hours, &h))
        return false;
    if (*s == ':') {
        s++;
        if (!tz_rule_number(&s, 0, 59, &m))
            return false;
        if (*s == ':') {
            s++;
            if (!tz_rule_number(&s, 0, 59, &sec))
                return false;
        }
    }
    *p = s;
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
}

/* ",date[/time]" of a DST rule. */
static bool tz_rule_when(const char **p, tz_when *w)
{
    const char *s = *p;
    if (*s++ != ',')
        return false;
    w->time = 2 * 3600;
    w->b = w->c = 0;
    if (*s == 'J') {
        s++;
        w->kind = 'J';
        if (!tz_rule_number(&s, 1, 365, &w->a))
            return false;
    } else if (*s == 'M') {
        s++;
        w->kind = 'M';
        if (!tz_rule_number(&s, 1, 12, &w->a) || *s++ != '.' || !tz_rule_number(&s, 1, 5, &w->b) ||
            *s++ != '.' || !tz_rule_number(&s, 0, 6, &w->c))
            return false;
    } else {
        w->kind = 'N';
        if (!tz_rule_number(&s, 0, 365, &w->a))
            return false;
    }
    if (*s == '/') {
        s++;
        if (!tz_rule_time(&s, 167, &w->time))
            return false;
    }
    *p = s;
    return true;
}

/* The footer's TZ string (NUL-terminated), e.g. "CET-1CEST,M3.5.0,M10.5.0/3" or "<+03>-3". */
static bool tz_rule_parse(const char *s, tz_rule *r)
{
    int32_t off;
    memset(r, 0, sizeof *r);
    if (!tz_rule_abbr(&s) || !tz_rule_time(&s, 24, &off))
        return false;
    r->std_utoff = -off; /* POSIX offsets count hours west */
    if (*s == '\0')
        return true;
    if (!tz_rule_abbr(&s))
        return false;
    r->has_dst = true;
    r->dst_utoff = r->std_utoff + 3600;
    if (*s != ',' && *s != '\0') {
        if (!tz_rule_time(&s, 24, &off))
            return false;
        r->dst_utoff = -off;
    }
    if (*s == '\0') { /* POSIX leaves the dates to the implementation: the US rules */
        r->start = (tz_when){'M', 3, 2, 0, 2 * 3600};
        r->end = (tz_when){'M', 11, 1, 0, 2 * 3600};
        return true;
    }
    return tz_rule_when(&s, &r->start) && tz_rule_when(&s, &r->end) && *s == '\0';
}

/* The day number of rule date w in year (1..9999). */
static int32_t tz_when_day(const tz_when *w, int year)
{
    int32_t jan1 = 0, first = 0;
    date_from_ymd(year, 1, 1, &jan1);
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (w->kind == 'J') /* 1..365, February 29 never counted */
        return jan1 + w->a - 1 + (leap && w->a >= 60);
    if (w->kind == 'N')
        return jan1 + w->a;
    date_from_ymd(year, w->a, 1, &first);
    int32_t next = first + 31; /* the first of the next month */
    if (w->a < 12)
        date_from_ymd(year, w->a + 1, 1, &next);
    int sunday_based = (date_weekday(first) + 1) % 7; /* date_weekday: 0 = Monday */
    int32_t day = first + (w->c - sunday_based + 7) % 7 + 7 * (w->b - 1);
    while (day >= next)
        day -= 7; /* week 5: the last such weekday */
    return day;
}

static int32_t tz_rule_offset(const tz_rule *r, int64_t t)
{
    if (!r->has_dst)
        return r->std_utoff;
    int64_t local_day = (t + r->std_utoff) / TZ_DAY - ((t + r->std_utoff) % TZ_DAY < 0);
    int y, m, d;
    date_to_ymd((int32_t)local_day, &y, &m, &d);
    if (y < 1)
        y = 1;
    if (y > 9999)
        y = 9999;
    int64_t start = (int64_t)tz_when_day(&r->start, y) * TZ_DAY + r->start.time - r->std_utoff;
    int64_t end = (int64_t)tz_when_day(&r->end, y) * TZ_DAY + r->end.time - r->dst_utoff;
    bool dst = start < end ? t >= start && t < end : !(t >= end && t < start);
    return dst ? r->dst_utoff : r->std_utoff;
}

/* ---- TZif ------------------------------------------------------------------------------- */

typedef struct tz_counts {
    uint64_t isut, isstd, leap, time, type, chr;
} tz_counts;

static uint32_t tz_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t tz_be64(const unsigned char *p)
{
    uint64_t v = (uint64_t)tz_be32(p) << 32 | tz_be32(p + 4);
    return v > (uint64_t)INT64_MAX ? -(int64_t)(~v) - 1 : (int64_t)v;
}

static int32_t tz_be32s(const unsigned char *p)
{
    uint32_t v = tz_be32(p);
    return v > (uint32_t)INT32_MAX ? -(int32_t)(~v) - 1 : (int32_t)v;
}

/* The header at p[0..len): version and counts; false when it is no TZif header. */
static bool tz_header(const unsigned char *p, size_t len, unsigned char *version, tz_counts *c)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return false;
    *version = p[4];
    if (*version != 0 && *version < '2')
        return false;
    c->isut = tz_be32(p + 20);
    c->isstd = tz_be32(p + 24);
    c->leap = tz_be32(p + 28);
    c->time = tz_be32(p + 32);
    c->type = tz_be32(p + 36);
    c->chr = tz_be32(p + 40);
    /* each count is below 2^32, so the sum of products below fits in 64 bits */
    return c->type >= 1 && c->type <= 256 && (c->isut == 0 || c->isut == c->type) &&
           (c->isstd == 0 || c->isstd == c->type);
}

/* Bytes of the data block after a header with counts c and times of time_size bytes. */
static uint64_t tz_block_size(const tz_counts *c, unsigned time_size)
{
    return c->time * time_size + c->time + c->type * 6 + c->chr + c->leap * (time_size + 4) +
           c->isstd + c->isut;
}

/* The data block at p (checked to hold tz_block_size bytes) into z. */
static status_code tz_block(tz *z, const unsigned char *p, const tz_counts *c, unsigned time_size,
                            status *st)
{
    z->n_times = (int32_t)c->time;
    z->n_types = (int32_t)c->type;
    z->times = malloc((c->time ? c->time : 1) * sizeof *z->times);
    z->types = malloc(c->time ? c->time : 1);
    z->utoffs = malloc(c->type * sizeof *z->utoffs);
    if (!z->times || !z->types || !z->utoffs)
        return status_set(st, STATUS_ENOMEM, "out of memory reading time zone '%s'", z->name);
    for (uint64_t i = 0; i < c->time; i++) {
        z->times[i] = time_size == 8 ? tz_be64(p + 8 * i) : tz_be32s(p + 4 * i);
        if (i > 0 && z->times[i] <= z->times[i - 1])
            return status_set(st, STATUS_EINPUT,
                              "time zone '%s': expected transition times in ascending order",
                              z->name);
    }
    p += c->time * time_size;
    for (uint64_t i = 0; i < c->time; i++) {
        z->types[i] = p[i];
        if (p[i] >= c->type)
            return status_set(st, STATUS_EINPUT, "time zone '%s': transition of an unknown type",
                              z->name);
    }
    p += c->time;
    for (uint64_t k = 0; k < c->type; k++, p += 6) {
        z->utoffs[k] = tz_be32s(p);
        if (z->utoffs[k] < -TZ_UTOFF_MAX || z->utoffs[k] > TZ_UTOFF_MAX || p[4] > 1 ||
            p[5] >= c->chr)
            return status_set(st, STATUS_EINPUT,
                              "time zone '%s': expected local time types with offsets within "
                              "26 hours",
                              z->name);
    }
    return STATUS_OK;
}

status_code tz_parse(const unsigned char *bytes, size_t len, const char *name, tz **out, status *st)
{
    *out = NULL;
    tz *z = calloc(1, sizeof *z);
    if (!z || !(z->name = strdup(name))) {
        free(z);
        return status_set(st, STATUS_ENOMEM, "out of memory reading time zone '%s'", name);
    }
    unsigned char version = 0;
    tz_counts c;
    status_code rc = STATUS_OK;
    const unsigned char *p = bytes, *end = bytes + len;
    if (!tz_header(p, len, &version, &c) || tz_block_size(&c, 4) > len - 44) {
        rc = status_set(st, STATUS_EINPUT, "time zone '%s': expected a TZif file (RFC 8536)", name);
        goto done;
    }
    p += 44;
    unsigned time_size = 4;
    if (version >= '2') { /* skip the 32-bit data to the 64-bit header and block */
        p += tz_block_size(&c, 4);
        if (!tz_header(p, (size_t)(end - p), &version, &c) ||
            tz_block_size(&c, 8) > (uint64_t)(end - p) - 44) {
            rc = status_set(st, STATUS_EINPUT,
                            "time zone '%s': expected a second TZif header with 64-bit data", name);
            goto done;
        }
        p += 44;
        time_size = 8;
    }
    rc = tz_block(z, p, &c, time_size, st);
    if (rc != STATUS_OK)
        goto done;
    p += tz_block_size(&c, time_size);
    if (time_size == 8) { /* the footer: "\nTZ string\n", the file's end */
        const unsigned char *nl =
            p < end && *p == '\n' ? memchr(p + 1, '\n', (size_t)(end - p - 1)) : NULL;
        char rule[256];
        size_t n = nl ? (size_t)(nl - p - 1) : 0;
        if (!nl || nl + 1 != end || n >= sizeof rule) {
            rc = status_set(st, STATUS_EINPUT,
                            "time zone '%s': expected a footer line with a TZ rule at the end",
                            name);
            goto done;
        }
        memcpy(rule, p + 1, n);
        rule[n] = '\0';
        z->has_rule = n > 0;
        if (n > 0 && !tz_rule_parse(rule, &z->rule)) {
            rc = status_set(st, STATUS_EINPUT,
                            "time zone '%s': expected a POSIX TZ rule in the footer, found '%s'",
                            name, rule);
            goto done;
        }
    }
done:
    if (rc != STATUS_OK) {
        tz_destroy(z);
        return rc;
    }
    *out = z;
    return STATUS_OK;
}

status_code tz_load(const char *zoneinfo_dir, const char *name, tz **out, status *st)
{
    *out = NULL;
    const char *dir = zoneinfo_dir ? zoneinfo_dir : TZ_ZONEINFO_DIR;
    if (!tz_name_valid(name))
        return status_set(st, STATUS_EINPUT,
                          "unknown time zone '%.60s': expected an IANA name such as Europe/Berlin "
                          "or America/New_York",
                          name);
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);
    if (!path)
        return status_set(st, STATUS_ENOMEM, "out of memory reading time zone '%s'", name);
    snprintf(path, size, "%s/%s", dir, name);
    unsigned char *bytes = NULL;
    status_code rc = STATUS_OK;
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f) {
        rc = errno == ENOENT || errno == ENOTDIR
                 ? status_set(st, STATUS_EINPUT,
                              "unknown time zone '%s': expected an IANA name such as "
                              "Europe/Berlin or America/New_York (there is no %s)",
                              name, path)
                 : status_set(st, STATUS_EIO, "time zone '%s': cannot open %s: %s", name, path,
                              strerror(errno));
    } else if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > TZ_FILE_MAX) {
        rc = status_set(st, STATUS_EINPUT,
                        "unknown time zone '%s': %s is not a time zone file (expected a name "
                        "such as Europe/Berlin)",
                        name, path);
    } else if (!(bytes = malloc((size_t)sb.st_size + 1))) {
        rc = status_set(st, STATUS_ENOMEM, "out of memory reading time zone '%s'", name);
    } else {
        size_t n = fread(bytes, 1, (size_t)sb.st_size + 1, f);
        if (ferror(f))
            rc = status_set(st, STATUS_EIO, "time zone '%s': cannot read %s", name, path);
        else
            rc = tz_parse(bytes, n, name, out, st);
    }
    if (f)
        fclose(f);
    free(bytes);
    free(path);
    return rc;
}

int32_t tz_utc_offset(const tz *z, int64_t t)
{
    /* years 1..9999: all a date can be */
    const int64_t lo = -62135596800, hi = 253402300799;
    if (t < lo)
        t = lo;
    if (t > hi)
        t = hi;
    if (z->n_times == 0)
        return z->has_rule ? tz_rule_offset(&z->rule, t) : z->utoffs[0];
    if (t < z->times[0])
        return z->utoffs[0]; /* RFC 8536 3.2: type 0 before the first transition */
    if (t >= z->times[z->n_times - 1] && z->has_rule)
        return tz_rule_offset(&z->rule, t);
    int32_t a = 0, b = z->n_times - 1; /* the last transition at or before t */
    while (a < b) {
        int32_t mid = a + (b - a + 1) / 2;
        if (z->times[mid] <= t)
            a = mid;
        else
            b = mid - 1;
    }
    return z->utoffs[z->types[a]];
}
