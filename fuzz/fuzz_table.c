/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_table: the CSV table reader (table.h) on its own, with what the plan files do not use
 * yet: ';' and tab separators, repeated columns, unknown columns allowed or not, an optional
 * file. The first byte of an input chooses the options, the rest is the file. Every field of
 * every column is read through the accessors; a success must have counted a header and its
 * rows, a failure must be an input error naming the file.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "table.h"

enum { COL_ID, COL_NAME, COL_LABELS, COL_SPRINT, N_COLS };
static const table_column fuzz_columns[N_COLS] = {{"id", TABLE_REQUIRED},
                                                  {"name", TABLE_OPTIONAL},
                                                  {"labels", TABLE_REPEATED},
                                                  {"sprint", TABLE_REPEATED}};

static char fuzz_table_path[128];

static void fuzz_table_remove(void)
{
    unlink(fuzz_table_path);
}

static status_code fuzz_row(void *ctx, const table *t, const csvread_row *row, status *st)
{
    long *rows = ctx;
    (*rows)++;
    for (int32_t c = 0; c < N_COLS; c++) {
        int32_t n = table_count(t, c);
        if ((n > 1 && fuzz_columns[c].presence != TABLE_REPEATED) || n > row->n_fields ||
            (n > 0) != (table_field(t, c) > 0) || table_field(t, c) > row->n_fields)
            abort();
        for (int32_t k = 0; k <= n; k++) {
            const char *v = table_get_nth(t, row, c, k);
            if (!v || (k == n && *v) || (k == 0 && strcmp(v, table_get(t, row, c)) != 0))
                abort();
        }
    }
    /* an error at a column must name the file, the row's line and the field */
    if (row->n_fields > 0 && strcmp(row->fields[0], "fail") == 0)
        return table_value_error(st, t, row, COL_ID, "expected no 'fail'");
    return STATUS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char separators[4] = {',', ';', '\t', 0};
    const char *dir = fuzz_workdir();
    if (!fuzz_table_path[0]) {
        snprintf(fuzz_table_path, sizeof fuzz_table_path, "%s/table.csv", dir);
        atexit(fuzz_table_remove); /* runs before the work folder is removed */
    }
    uint8_t options = size > 0 ? data[0] : 0;
    const table_spec spec = {.columns = fuzz_columns,
                             .n_columns = N_COLS,
                             .separator = separators[options & 3],
                             .allow_unknown = (options & 4) != 0,
                             .rows_required = (options & 8) != 0,
                             .optional_file = (options & 16) != 0};
    /* bit 5: no file at all */
    fuzz_write_file(dir, "table.csv", options & 32 ? NULL : data + (size > 0),
                    size > 0 ? size - 1 : 0);
    long rows = 0;
    table_info info;
    status st;
    status_clear(&st);
    status_code rc = table_read(fuzz_table_path, &spec, fuzz_row, &rows, &info, &st);
    if (rc == STATUS_OK) {
        if (info.found && (info.header_line < 1 || info.n_rows != rows || info.column[COL_ID] < 1))
            abort();
        if (!info.found && !spec.optional_file)
            abort();
    } else if ((rc != STATUS_EINPUT && rc != STATUS_ELIMIT) ||
               strncmp(st.message, fuzz_table_path, strlen(fuzz_table_path)) != 0) {
        fprintf(stderr, "fuzz_table: status %d, message '%s'\n", (int)rc, st.message);
        abort();
    }
    return 0;
}
