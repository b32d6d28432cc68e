/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json: GitHub's JSON (`gh issue list --json ...`) as the importer reads it with json-c:
 * arbitrary bytes as the export of one team, every failure an input error naming the file
 * (with a line and column for a value at fault), every success held to import.h's promises by
 * fuzz_check_import. The first byte chooses a time zone (bit 0: America/New_York) and whether
 * nothing counts as cancelled (bit 1); the rest is the file.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tz *new_york;
    status st;
    if (!new_york && tz_load(NULL, "America/New_York", &new_york, &st) != STATUS_OK)
        abort();
    const char *dir = fuzz_workdir();
    uint8_t bits = size > 0 ? data[0] : 0;
    fuzz_write_file(dir, "export", data + (size > 0), size > 0 ? size - 1 : 0);
    import_options o = {.format = IMPORT_GITHUB, .team = "web"};
    o.zone = bits & 1 ? new_york : NULL;
    o.cancelled = bits & 2 ? "" : NULL;
    fuzz_check_import(dir, "export", &o);
    return 0;
}
