/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvread: libcsv with line numbers, UTF-8 checks and a digest; see csvread.h.
 *
 * libcsv reports neither lines nor columns, and drops blank lines. We run it with
 * CSV_REPALL_NL so that every unquoted line end reaches the row callback (blank ones as rows
 * of no fields) and count newlines inside quoted fields ourselves: the line where the next row
 * starts is then always known. Strict mode turns stray quotes into errors; for those, the
 * offset libcsv stops at gives the physical line. The file is streamed in 64 KiB chunks, so a
 * 1 GiB history costs the memory of one row.
 *
 * Spreadsheets save "CSV" with ';' between fields where the decimal point is a comma, and
 * "text" with tabs; the separator is taken from the header line of the first chunk, where the
 * names of the columns never need one of the others unquoted.
 */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { CSVREAD_CHUNK = 65536 };

typedef struct csvread_state {
    const char *path;
    csvread_row_fn fn;
    void *ctx;
    status *st;
    status_code rc; /* first error; once set, callbacks do nothing */
    long line;      /* line where the current row starts */
    char separator;
    bool pending_cr;
    long row_newlines; /* newlines inside the current row's fields so far */
    char *buf;         /* the current row's fields, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t *offsets;
    char **fields;
    int32_t n_fields, fields_cap;
} csvread_state;

size_t csvread_utf8_valid_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            cp = c & 0x1Fu;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            cp = c & 0x0Fu;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            cp = c & 0x07u;
            min = 0x10000;
        } else {
            return i; /* NUL, continuation byte, overlong lead or beyond U+10FFFF */
        }
        if (len - i < n)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

/* Line ends in text: LF, CRLF, or a lone CR. */
static long csvread_count_newlines(const unsigned char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
            n++;
    return n;
}

static bool csvread_is_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static void csvread_on_field(void *data, size_t len, void *arg)
{
    csvread_state *r = arg;
    const unsigned char *s = data;
    if (r->rc != STATUS_OK)
        return;
    long column = (long)r->n_fields + 1;
    if (r->n_fields >= CSVREAD_FIELDS_MAX) {
        r->rc =
            status_set_at(r->st, STATUS_EINPUT, r->path, r->line, column,
                          "expected at most %d fields in a row, found more", CSVREAD_FIELDS_MAX);
        return;
    }
    if (len > CSVREAD_FIELD_MAX) {
        r->rc = status_set_at(r->st, STATUS_EINPUT, r->path, r->line, column,
                              "expected a field of at most %d bytes, found %zu bytes",
                              CSVREAD_FIELD_MAX, len);
        return;
    }
    size_t valid = s ? csvread_utf8_valid_prefix(s, len) : 0;
    if (s && valid < len) {
        long line = r->line + r->row_newlines + csvread_count_newlines(s, valid);
        r->rc = status_set_at(r->st, STATUS_EINPUT, r->path, line, column,
                              s[valid] == 0 ? "expected UTF-8 text, found a NUL byte"
                                            : "expected UTF-8 text, found byte 0x%02X",
                              (unsigned)s[valid]);
        return;
    }
    if (s)
        r->row_newlines += csvread_count_newlines(s, len);
    size_t a = 0, b = s ? len : 0; /* libcsv may pass NULL for an empty field */
    while (a < b && csvread_is_space(s[a]))
        a++;
    while (b > a && csvread_is_space(s[b - 1]))
        b--;
    if (r->n_fields == r->fields_cap) {
        int32_t cap = r->fields_cap ? 2 * r->fields_cap : 16;
        size_t *offsets = realloc(r->offsets, (size_t)cap * sizeof *offsets);
        if (!offsets)
            goto nomem;
        r->offsets = offsets;
        char **fields = realloc(r->fields, (size_t)cap * sizeof *fields);
        if (!fields)
            goto nomem;
        r->fields = fields;
        r->fields_cap = cap;
    }
    if (r->buf_cap - r->buf_len < b - a + 1) {
        size_t cap = r->buf_cap ? r->buf_cap : 256;
        while (cap - r->buf_len < b - a + 1)
            cap *= 2;
        char *buf = realloc(r->buf, cap);
        if (!buf)
            goto nomem;
        r->buf = buf;
        r->buf_cap = cap;
    }
    if (b > a)
        memcpy(r->buf + r->buf_len, s + a, b - a);
    r->buf[r->buf_len + (b - a)] = '\0';
    r->offsets[r->n_fields++] = r->buf_len;
    r->buf_len += b - a + 1;
    return;
nomem:
    r->rc = status_set(r->st, STATUS_ENOMEM, "%s: out of memory reading a row", r->path);
}

static void csvread_on_row(int c, void *arg)
{
    csvread_state *r = arg;
    if (r->rc != STATUS_OK)
        return;
    if (r->n_fields > 0) {
        bool blank = true;
        for (int32_t i = 0; i < r->n_fields; i++) {
            r->fields[i] = r->buf + r->offsets[i];
            if (r->fields[i][0] != '\0')
                blank = false;
        }
        if (!blank) {
            csvread_row row = {.line = r->line,
                               .n_fields = r->n_fields,
                               .fields = r->fields,
                               .separator = r->separator};
            status_code rc = r->fn(r->ctx, &row, r->st);
            if (rc != STATUS_OK) {
                r->rc = rc;
                return;
            }
        }
        r->line += r->row_newlines;
        r->row_newlines = 0;
        r->n_fields = 0;
        r->buf_len = 0;
        r->pending_cr = false;
    } else if (c == '\n' && r->pending_cr) {
        r->pending_cr = false; /* the LF of a CRLF whose CR ended the line */
        return;
    }
    if (c == '\r' || c == '\n') {
        r->line++;
        r->pending_cr = c == '\r';
    }
}

/* Opens path for reading, applying the missing-file and size rules. */
static status_code csvread_open(const char *path, bool optional, bool *found, FILE **out,
                                status *st)
{
    *out = NULL;
    if (found)
        *found = false;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT && optional)
            return STATUS_OK;
        if (errno == ENOENT)
            return status_set_at(st, STATUS_EINPUT, path, 0, 0,
                                 "required file not found (a plan folder needs history.csv, "
                                 "teams.csv and plan.csv)");
        return status_set_at(st, STATUS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0) {
        int err = errno;
        fclose(f);
        return status_set_at(st, STATUS_EIO, path, 0, 0, "cannot stat: %s", strerror(err));
    }
    if (S_ISDIR(sb.st_mode)) {
        fclose(f);
        return status_set_at(st, STATUS_EINPUT, path, 0, 0, "expected a file, found a folder");
    }
    if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > CSVREAD_FILE_MAX) {
        fclose(f);
        return status_set_at(st, STATUS_ELIMIT, path, 0, 0,
                             "file is larger than the limit of 1 GiB (%lld bytes)",
                             (long long)sb.st_size);
    }
    if (found)
        *found = true;
    *out = f;
    return STATUS_OK;
}

/* Reads up to cap bytes, retrying short reads; enforces the total size limit. */
static status_code csvread_chunk(FILE *f, const char *path, unsigned char *buf, size_t cap,
                                 size_t *n_out, uint64_t *total, status *st)
{
    size_t n = 0;
    while (n < cap) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        return status_set_at(st, STATUS_EIO, path, 0, 0, "read error");
    *total += n;
    if (*total > CSVREAD_FILE_MAX)
        return status_set_at(st, STATUS_ELIMIT, path, 0, 0,
                             "file is larger than the limit of 1 GiB");
    *n_out = n;
    return STATUS_OK;
}

/* Which of the separators c is: 0 ',', 1 ';', 2 tab, -1 none. */
static int csvread_separator_index(unsigned char c)
{
    return c == ',' ? 0 : c == ';' ? 1 : c == '\t' ? 2 : -1;
}

bool csvread_detect_separator(const unsigned char *s, size_t len, char seps[2], long *line)
{
    static const char names[3] = {',', ';', '\t'};
    size_t i = 0;
    long ln = 1;
    seps[0] = ',';
    seps[1] = 0;
    while (i < len) {
        long start = ln;
        bool quoted = false, content = false;
        int found[3] = {0, 0, 0}, order[3], n_kinds = 0;
        size_t j = i;
        for (; j < len; j++) {
            unsigned char c = s[j];
            bool newline = c == '\n' || (c == '\r' && (j + 1 == len || s[j + 1] != '\n'));
            if (quoted) {
                if (c == '"')
                    quoted = false; /* "" inside quotes closes and reopens: no harm */
                else if (c != ' ')
                    content = true;
                ln += newline;
                continue;
            }
            if (c == '"') {
                quoted = true;
                continue;
            }
            if (c == '\n' || c == '\r')
                break;
            int k = csvread_separator_index(c);
            if (k >= 0 && found[k]++ == 0)
                order[n_kinds++] = k;
            else if (k < 0 && c != ' ')
                content = true;
        }
        if (content) {
            *line = start;
            if (n_kinds > 0)
                seps[0] = names[order[0]];
            if (n_kinds > 1)
                seps[1] = names[order[1]];
            return n_kinds <= 1;
        }
        if (j < len && s[j] == '\r' && j + 1 < len && s[j + 1] == '\n')
            j++;
        ln++;
        i = j + 1;
    }
    *line = ln;
    return true;
}

/* A separator for messages: "','" or "tab". */
static const char *csvread_separator_name(char c)
{
    return c == ',' ? "','" : c == ';' ? "';'" : "tab";
}

/* With tab as the separator only the space pads a field; libcsv's default takes tab too. */
static int csvread_space_only(unsigned char c)
{
    return c == ' ';
}

status_code csvread_file(const char *path, bool optional, char separator, bool *found,
                         csvread_row_fn fn, void *ctx, char sha256_hex_out[SHA256_HEX_SIZE],
                         status *st)
{
    FILE *f = NULL;
    unsigned char *chunk = NULL;
    struct csv_parser parser;
    bool parser_live = false;
    csvread_state r = {.path = path,
                       .fn = fn,
                       .ctx = ctx,
                       .st = st,
                       .line = 1,
                       .separator = separator ? separator : ','};
    sha256_ctx hash;
    sha256_init(&hash);
    status_code rc = csvread_open(path, optional, found, &f, st);
    if (rc != STATUS_OK || !f)
        goto done;
    chunk = malloc(CSVREAD_CHUNK);
    if (!chunk || csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        rc = status_set(st, STATUS_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    parser_live = true;
    uint64_t total = 0;
    long physical_lines = 0; /* line ends in the bytes fed so far */
    bool first = true, prev_cr = false;
    for (;;) {
        size_t n = 0;
        rc = csvread_chunk(f, path, chunk, CSVREAD_CHUNK, &n, &total, st);
        if (rc != STATUS_OK || n == 0)
            break;
        sha256_update(&hash, chunk, n);
        size_t skip = 0;
        if (first && n >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
            skip = 3; /* the byte-order mark would otherwise stick to the first name */
        if (first) {
            char seps[2];
            long line = 1;
            if (separator == 0 && !csvread_detect_separator(chunk + skip, n - skip, seps, &line)) {
                rc =
                    status_set_at(st, STATUS_EINPUT, path, line, 1,
                                  "header: expected one separator between the column names, "
                                  "found both %s and %s outside quotes (save the file with "
                                  "one of ',', ';' or tab, or quote the names that hold the "
                                  "other)",
                                  csvread_separator_name(seps[0]), csvread_separator_name(seps[1]));
                break;
            }
            r.separator = separator ? separator : seps[0];
            csv_set_delim(&parser, (unsigned char)r.separator);
            if (r.separator == '\t')
                csv_set_space_func(&parser, csvread_space_only);
        }
        first = false;
        size_t fed =
            csv_parse(&parser, chunk + skip, n - skip, csvread_on_field, csvread_on_row, &r);
        if (r.rc != STATUS_OK) {
            rc = r.rc;
            break;
        }
        if (fed < n - skip) {
            if (csv_error(&parser) != CSV_EPARSE) {
                rc = status_set(st, STATUS_ENOMEM, "%s: out of memory", path);
                break;
            }
            /* A CRLF split across chunks would count twice; prev_cr corrects it. */
            long before = physical_lines + csvread_count_newlines(chunk + skip, fed);
            if (prev_cr && fed > 0 && chunk[skip] == '\n')
                before--;
            rc = status_set_at(st, STATUS_EINPUT, path, before + 1, (long)r.n_fields + 1,
                               "malformed quoting: expected a quote only at the start and end "
                               "of a field (write \"\" for a quote inside a quoted field)");
            break;
        }
        long lines = csvread_count_newlines(chunk + skip, n - skip);
        if (prev_cr && n > skip && chunk[skip] == '\n')
            lines--;
        physical_lines += lines;
        prev_cr = chunk[n - 1] == '\r';
    }
    if (rc == STATUS_OK) {
        if (csv_fini(&parser, csvread_on_field, csvread_on_row, &r) != 0) {
            if (csv_error(&parser) == CSV_EPARSE)
                rc = status_set_at(st, STATUS_EINPUT, path, r.line + r.row_newlines,
                                   (long)r.n_fields + 1,
                                   "unterminated quoted field: expected a closing quote "
                                   "before the end of the file");
            else
                rc = status_set(st, STATUS_ENOMEM, "%s: out of memory", path);
        } else {
            rc = r.rc;
        }
    }
    if (rc == STATUS_OK && sha256_hex_out) {
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_final(&hash, digest);
        sha256_hex(digest, sha256_hex_out);
    }
done:
    if (parser_live)
        csv_free(&parser);
    free(chunk);
    free(r.buf);
    free(r.offsets);
    free(r.fields);
    if (f)
        fclose(f);
    return rc;
}

status_code csvread_slurp(const char *path, bool optional, bool *found, char **text_out,
                          size_t *len_out, char sha256_hex_out[SHA256_HEX_SIZE], status *st)
{
    FILE *f = NULL;
    char *text = NULL;
    size_t len = 0, cap = 0;
    *text_out = NULL;
    *len_out = 0;
    status_code rc = csvread_open(path, optional, found, &f, st);
    if (rc != STATUS_OK || !f)
        goto done;
    uint64_t total = 0;
    for (;;) {
        if (cap - len < CSVREAD_CHUNK + 1) {
            size_t new_cap = cap ? 2 * cap : CSVREAD_CHUNK + 1;
            char *t = realloc(text, new_cap);
            if (!t) {
                rc = status_set(st, STATUS_ENOMEM, "%s: out of memory", path);
                goto done;
            }
            text = t;
            cap = new_cap;
        }
        size_t n = 0;
        rc = csvread_chunk(f, path, (unsigned char *)text + len, CSVREAD_CHUNK, &n, &total, st);
        if (rc != STATUS_OK)
            goto done;
        if (n == 0)
            break;
        len += n;
    }
    if (!text) {
        text = malloc(1);
        if (!text) {
            rc = status_set(st, STATUS_ENOMEM, "%s: out of memory", path);
            goto done;
        }
    }
    text[len] = '\0';
    if (sha256_hex_out) {
        sha256_ctx hash;
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_init(&hash);
        sha256_update(&hash, text, len);
        sha256_final(&hash, digest);
        sha256_hex(digest, sha256_hex_out);
    }
    *text_out = text;
    *len_out = len;
    text = NULL;
done:
    free(text);
    if (f)
        fclose(f);
    return rc;
}
