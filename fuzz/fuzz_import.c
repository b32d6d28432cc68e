/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_import: the importer (import.h) on an arbitrary export, read as each preset reads it.
 * The first byte of an input chooses the options; the rest is the file:
 *   bits 0-2  format: auto, jira, linear, azure, changelog, csv, github, auto
 *   bit 3     --team t
 *   bit 4     --timezone Europe/Berlin
 *   bit 5     --date-format DD/MM/YYYY
 *   bit 6     nothing cancelled or excluded
 *   bit 7     --team-from team
 * fuzz_check_import (fuzz_common.c) holds a success to import.h's promises, a history.csv
 * read back included.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const import_format formats[8] = {IMPORT_AUTO,   IMPORT_JIRA,      IMPORT_LINEAR,
                                             IMPORT_AZURE,  IMPORT_CHANGELOG, IMPORT_CSV,
                                             IMPORT_GITHUB, IMPORT_AUTO};
    static tz *berlin;
    status st;
    if (!berlin && tz_load(NULL, "Europe/Berlin", &berlin, &st) != STATUS_OK)
        abort();
    const char *dir = fuzz_workdir();
    uint8_t bits = size > 0 ? data[0] : 0;
    fuzz_write_file(dir, "export", data + (size > 0), size > 0 ? size - 1 : 0);
    import_options o = {.format = formats[bits & 7]};
    o.team = bits & 8 ? "t" : NULL;
    o.zone = bits & 16 ? berlin : NULL;
    o.has_date_form = (bits & 32) != 0;
    o.date_form = DATEFMT_DMY_SLASH;
    o.cancelled = bits & 64 ? "" : NULL;
    o.excluded = bits & 64 ? "" : NULL;
    o.team_from = bits & 128 && !(bits & 8) ? "team" : NULL;
    fuzz_check_import(dir, "export", &o);
    return 0;
}
