/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table: the one reader of every CSV file of a plan folder. The first row names the columns;
 * every other row reaches a callback, its fields looked up by column.
 *
 * csvread turns bytes into rows (RFC 4180 through libcsv: quotes, UTF-8, the byte-order mark,
 * physical line numbers); table gives them meaning. Header names are matched to the table's
 * columns without regard to case or surrounding spaces, in any order. A required column must be
 * there; an optional one may be; a repeated one may come any number of times (tracker exports
 * repeat `Labels` and `Sprint`); any other name is an error that suggests the closest column,
 * unless the table allows unknown columns (exports carry many). Every row must have as many
 * fields as the header. Blank lines are skipped (csvread).
 *
 * Every message names "path:line:column: " where column is the 1-based field number; a value
 * error reads "name: expected ..., found 'value'". The separator is the one the header line uses
 * (',', ';' or tab: what spreadsheets save in some locales), unless the spec names one.
 *
 * Where ';' separates, the spreadsheet wrote decimal commas: in the columns marked as numbers a
 * comma between digits ("6,5") reaches the callback as a point ("6.5"); a point before exactly
 * three digits ("1.234") could be a thousands separator and is an error, as is a number with
 * both. Messages quote the field as the file has it.
 */
#ifndef SHIPCAST_TABLE_H
#define SHIPCAST_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "csvread.h"
#include "sha256.h"
#include "status.h"

enum { TABLE_COLUMNS_MAX = 32 }; /* bits of table_spec.numbers */

typedef enum table_presence {
    TABLE_OPTIONAL = 0, /* zero or one field of this name */
    TABLE_REQUIRED,     /* exactly one */
    TABLE_REPEATED      /* any number, in header order */
} table_presence;

typedef struct table_column {
    const char *name;
    table_presence presence;
} table_column;

typedef struct table table; /* the reader's state, seen by callbacks only */

/* Called once for every data row; anything but STATUS_OK stops the reading and is returned. */
typedef status_code (*table_row_fn)(void *ctx, const table *t, const csvread_row *row, status *st);

/* Called once after the header is mapped (may be NULL): checks that concern several columns. */
typedef status_code (*table_header_fn)(void *ctx, const table *t, long line, status *st);

typedef struct table_spec {
    const table_column *columns; /* 1..TABLE_COLUMNS_MAX; borrowed for the reading */
    int32_t n_columns;
    bool allow_unknown; /* ignore columns not in the list */
    bool optional_file; /* a missing file is no error (table_info.found is false) */
    bool rows_required; /* a header without rows is an error */
    bool short_rows;    /* a row may end early: its missing fields read as "" (tracker exports) */
    uint32_t numbers;   /* bit c: column c holds a number or a list of them (decimal commas) */
    char separator;     /* 0: the header line's (csvread_detect_separator) */
    table_header_fn header;
} table_spec;

/* What a reading leaves behind for messages given after it. */
typedef struct table_info {
    bool found;
    char sha256[SHA256_HEX_SIZE];   /* digest of the file's bytes when it was read whole */
    long header_line;               /* 0 when the file had no header */
    long n_rows;                    /* data rows */
    long column[TABLE_COLUMNS_MAX]; /* 1-based field of each column (its first field); 0: absent */
} table_info;

/* Reads path (shown as is in messages) with spec, calling row for each data row with ctx.
 * Errors: a missing required file, an empty file, a header-only file when rows are required,
 * header errors, field counts, and csvread's; then whatever the callbacks return. info may be
 * NULL; it is filled as far as the reading got. */
status_code table_read(const char *path, const table_spec *spec, table_row_fn row, void *ctx,
                       table_info *info, status *st);

/* The field of column col (index into spec.columns) in row, its first for a repeated column;
 * "" when the header has no such column. */
const char *table_get(const table *t, const csvread_row *row, int32_t col);

/* How many fields of the header belong to column col (0 or 1, or any number if repeated). */
int32_t table_count(const table *t, int32_t col);

/* The k-th field (0-based, header order) of column col in row; "" when k >= table_count. */
const char *table_get_nth(const table *t, const csvread_row *row, int32_t col, int32_t k);

/* The file's separator (',', ';' or tab); its numbers have decimal commas when it is ';'. */
char table_separator(const table *t);

/* 1-based field number of column col, 0 when absent. */
long table_field(const table *t, int32_t col);

/* The path given to table_read, and column col's name as the spec spells it. */
const char *table_path(const table *t);
const char *table_name(const table *t, int32_t col);

/* "path:line:field: name: EXPECTED, found 'value'" (or "found nothing") for column col of row;
 * returns STATUS_EINPUT. */
status_code table_value_error(status *st, const table *t, const csvread_row *row, int32_t col,
                              const char *expected);

/* A message of one's own at column col of row ("path:line:field: ..."); returns code. */
status_code table_error(status *st, status_code code, const table *t, const csvread_row *row,
                        int32_t col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
