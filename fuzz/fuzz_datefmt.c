/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_datefmt: datefmt.h on arbitrary text, in every form. A text parses in form f exactly
 * when datefmt_candidates says so; a parsed stamp holds an existing date and a time of day in
 * range, and its day, as written or moved to a zone (Berlin and Kathmandu, loaded once: a DST
 * zone and a zone 45 minutes off the hour), is a date of years 1..9999 within a day of the date
 * as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "datefmt.h"
#include "fuzz.h"

static void fuzz_datefmt_fail(const char *what, const char *text)
{
    fprintf(stderr, "fuzz_datefmt: %s: '%s'\n", what, text);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tz *zones[2];
    if (!zones[0]) {
        status st;
        if (tz_load(NULL, "Europe/Berlin", &zones[0], &st) != STATUS_OK ||
            tz_load(NULL, "Asia/Kathmandu", &zones[1], &st) != STATUS_OK)
            abort();
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* the parsers read NUL-terminated text, as fields are */
    unsigned candidates = datefmt_candidates(text);
    for (int f = 0; f < DATEFMT_N_FORMS; f++) {
        datefmt_stamp s;
        memset(&s, 0x5a, sizeof s);
        datefmt_result r = datefmt_parse(text, (datefmt_form)f, &s);
        if ((r == DATEFMT_OK) != ((candidates >> f) & 1u))
            fuzz_datefmt_fail("candidates disagree with the parser", text);
        if (r != DATEFMT_OK)
            continue;
        int32_t written, day;
        if (!date_from_ymd(s.year, s.month, s.day, &written) || s.hour < 0 || s.hour > 23 ||
            s.minute < 0 || s.minute > 59 || s.second < 0 || s.second > 60)
            fuzz_datefmt_fail("a parsed stamp out of range", text);
        if (s.has_offset && (s.offset_seconds < -86400 || s.offset_seconds > 86400))
            fuzz_datefmt_fail("an offset beyond a day", text);
        if (!datefmt_day(&s, NULL, &day) || day != written)
            fuzz_datefmt_fail("the day as written is not the date", text);
        for (int z = 0; z < 2; z++)
            if (datefmt_day(&s, zones[z], &day) && (day < written - 2 || day > written + 2))
                fuzz_datefmt_fail("a zone moved the date by more than a day", text);
    }
    free(text);
    return 0;
}
