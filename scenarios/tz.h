/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tz: the rules of one IANA time zone, read from its TZif file (RFC 8536) as the tzdata
 * package installs them under /usr/share/zoneinfo, so that a timestamp written with an offset
 * or `Z` can be placed on the calendar date of the team that did the work.
 *
 * Nothing here reads or sets the TZ variable or calls the C library's time-zone functions: the
 * rules are the file's transitions, and after the last of them its footer (a POSIX TZ string
 * such as "CET-1CEST,M3.5.0,M10.5.0/3"), which tzdata writes for every zone and which is all a
 * "slim" file has for times after 2037.
 *
 * A tz is immutable once made; any number of threads may read it. Times are seconds since
 * 1970-01-01T00:00:00Z (leap seconds not counted); offsets are seconds east of UTC.
 */
#ifndef SHIPCAST_TZ_H
#define SHIPCAST_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Where Debian's tzdata installs the zones. */
#define TZ_ZONEINFO_DIR "/usr/share/zoneinfo"

enum {
    TZ_NAME_MAX = 255,         /* bytes of a zone name */
    TZ_FILE_MAX = 1024 * 1024, /* bytes of a TZif file (tzdata's largest is a few KiB) */
};

typedef struct tz tz;

/* True for a name a zone file may have: components of letters, digits, '.', '_', '+' and '-'
 * separated by '/', none empty, "." or "..", at most TZ_NAME_MAX bytes ("Europe/Berlin",
 * "America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC"). */
bool tz_name_valid(const char *name);

/* Reads zone `name` (tz_name_valid) from zoneinfo_dir (NULL: TZ_ZONEINFO_DIR) into a new *out.
 * Errors (*out NULL): STATUS_EINPUT for an invalid or unknown name ("unknown time zone ...")
 * and for a file that is not TZif, STATUS_EIO when the file cannot be read, STATUS_ENOMEM. The
 * message names the zone, not a place in an input: the caller adds that. */
status_code tz_load(const char *zoneinfo_dir, const char *name, tz **out, status *st);

/* The same from the bytes of a TZif file (version 1 to 4), named `name` in messages. */
status_code tz_parse(const unsigned char *bytes, size_t len, const char *name, tz **out,
                     status *st);

/* Frees z; NULL is a no-op. */
void tz_destroy(tz *z);

/* The zone's name as given to tz_load / tz_parse. */
const char *tz_name(const tz *z);

/* The zone's offset from UTC, in seconds east, at the instant utc_seconds. */
int32_t tz_utc_offset(const tz *z, int64_t utc_seconds);

#endif
