/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvread: streams an RFC 4180 file through libcsv, one row at a time, with the line numbers
 * libcsv does not keep.
 *
 * Rows reach the callback with every field trimmed of surrounding spaces and NUL-terminated;
 * a row's line is the physical line where it starts (quoted fields may span lines). Blank
 * rows (no fields, or only empty ones) are skipped. A leading UTF-8 byte-order mark is dropped,
 * bytes that are not UTF-8 (and NUL bytes) are errors, as are unterminated or misplaced quotes.
 * The file's SHA-256 is computed over the bytes read. Errors name display_path, the line and
 * the 1-based field number. Header rows mean nothing here: table.h reads them.
 */
#ifndef SHIPCAST_CSVREAD_H
#define SHIPCAST_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"
#include "status.h"

enum {
    CSVREAD_FIELD_MAX = 65536, /* bytes in one field */
    CSVREAD_FIELDS_MAX = 4096  /* fields in one row */
};

#define CSVREAD_FILE_MAX ((uint64_t)1 << 30) /* bytes in one input file: 1 GiB */

typedef struct csvread_row {
    long line;
    int32_t n_fields;
    char **fields;  /* trimmed, NUL-terminated; valid only during the callback */
    char separator; /* the file's field separator: ',', ';' or tab */
} csvread_row;

/* Returns STATUS_OK to go on; anything else stops reading and is returned by csvread_file. */
typedef status_code (*csvread_row_fn)(void *ctx, const csvread_row *row, status *st);

/* Reads path (shown as is in messages) with fields separated by `separator`, or, when it is 0,
 * by the separator the header line uses (csvread_detect_separator: ';' and tab are what
 * spreadsheets save in some locales). If the file does not exist and optional is true, returns
 * STATUS_OK with *found = false; a missing required file is STATUS_EINPUT. sha256_hex receives
 * the digest of the file's bytes when the whole file was read. */
status_code csvread_file(const char *path, bool optional, char separator, bool *found,
                         csvread_row_fn fn, void *ctx, char sha256_hex_out[SHA256_HEX_SIZE],
                         status *st);

/* The separator of a file whose first bytes are s[0..len) (after any byte-order mark): the one
 * of ',', ';' and tab found outside quotes on its first line that is not blank (a line of
 * nothing but spaces, quotes and separators), ',' when that line has none. False when it has
 * more than one of them (which one separates is then anyone's guess): seps[0] and seps[1] are
 * then the first two found. seps[0] is the separator on success; *line is that line (1-based)
 * either way. */
bool csvread_detect_separator(const unsigned char *s, size_t len, char seps[2], long *line);

/* Reads a whole (small) file into a NUL-terminated buffer the caller frees; same rules for
 * missing files, size limit and digest as csvread_file. NUL bytes are reported as errors. */
status_code csvread_slurp(const char *path, bool optional, bool *found, char **text_out,
                          size_t *len_out, char sha256_hex_out[SHA256_HEX_SIZE], status *st);

/* Length of the valid UTF-8 prefix of s[0..len); equals len when all of it is valid. NUL
 * bytes count as invalid. */
size_t csvread_utf8_valid_prefix(const unsigned char *s, size_t len);

#endif
