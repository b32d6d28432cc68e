/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_tz: tz_parse on arbitrary bytes, as a zone file could hold them. A parse either fails
 * with an input error naming the zone, or gives a zone whose offset is defined at every
 * instant, from before the first transition to past the last (the footer's rule) and at the
 * extremes of time, and never beyond 26 hours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tz *z = NULL;
    status st;
    status_code rc = tz_parse(data, size, "Fuzz/Zone", &z, &st);
    if (rc != STATUS_OK) {
        if (z || (rc != STATUS_EINPUT && rc != STATUS_ENOMEM) || !strstr(st.message, "Fuzz/Zone")) {
            fprintf(stderr, "fuzz_tz: status %d, message '%s'\n", (int)rc, st.message);
            abort();
        }
        return 0;
    }
    static const int64_t instants[] = {
        INT64_MIN,  -62135596800, -2208988800, -1,           0,        1, 1000000000, 1774746000,
        2147483647, 2147483648,   4102444800,  253402300799, INT64_MAX};
    for (size_t k = 0; k < sizeof instants / sizeof *instants; k++) {
        int32_t off = tz_utc_offset(z, instants[k]);
        if (off < -26 * 3600 || off > 26 * 3600) {
            fprintf(stderr, "fuzz_tz: offset %d at %lld\n", (int)off, (long long)instants[k]);
            abort();
        }
    }
    /* a year of hours past 2100, where only the footer's rule speaks */
    for (int64_t t = 4102444800; t < 4102444800 + 366 * 86400; t += 3600 + 17)
        if (abs(tz_utc_offset(z, t)) > 26 * 3600)
            abort();
    tz_destroy(z);
    return 0;
}
