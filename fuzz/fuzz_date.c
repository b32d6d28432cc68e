/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_date: date_parse on arbitrary bytes (exactly `size` of them, no terminating NUL, so
 * ASan sees any read past the end), and the round trips the header promises:
 * date_parse -> date_format -> date_parse gives the same day, and date_to_ymd ->
 * date_from_ymd gives it back, always within years 1..9999. The first 12 bytes, read as
 * three integers, also go through date_from_ymd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"

static void date_round_trip(int32_t day, const char *how)
{
    char buf[DATE_TEXT_SIZE + 8];
    memset(buf, 'x', sizeof buf);
    date_format(day, buf);
    if (strlen(buf) != DATE_TEXT_SIZE - 1) {
        fprintf(stderr, "fuzz_date: %s: date_format(%d) wrote '%s'\n", how, (int)day, buf);
        abort();
    }
    int32_t again = DATE_NONE;
    if (!date_parse(buf, strlen(buf), &again) || again != day) {
        fprintf(stderr, "fuzz_date: %s: '%s' parses back as %d, not %d\n", how, buf, (int)again,
                (int)day);
        abort();
    }
    int y = 0, m = 0, d = 0;
    date_to_ymd(day, &y, &m, &d);
    int32_t back = DATE_NONE;
    if (y < 1 || y > 9999 || !date_from_ymd(y, m, d, &back) || back != day) {
        fprintf(stderr, "fuzz_date: %s: day %d -> %d-%d-%d -> %d\n", how, (int)day, y, m, d,
                (int)back);
        abort();
    }
    int wd = date_weekday(day);
    if (wd < 0 || wd > 6)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes: libFuzzer's buffer is already exact, but the copy makes
     * the no-NUL contract explicit whatever the runner. */
    char *text = calloc(size ? size : 1, 1); /* calloc: GCC cannot see that size 0 reads nothing */
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    int32_t day = DATE_NONE;
    if (date_parse(text, size, &day))
        date_round_trip(day, "parse");
    free(text);

    if (size >= 12) {
        int32_t ymd[3];
        memcpy(ymd, data, sizeof ymd);
        int32_t out = DATE_NONE;
        if (date_from_ymd(ymd[0], ymd[1], ymd[2], &out)) {
            int y = 0, m = 0, d = 0;
            date_to_ymd(out, &y, &m, &d);
            if (y != ymd[0] || m != ymd[1] || d != ymd[2]) {
                fprintf(stderr, "fuzz_date: %d-%d-%d -> %d -> %d-%d-%d\n", (int)ymd[0], (int)ymd[1],
                        (int)ymd[2], (int)out, y, m, d);
                abort();
            }
            date_round_trip(out, "ymd");
        }
    }
    return 0;
}
