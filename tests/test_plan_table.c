/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of table.h, the one reader of every CSV file: header mapping (case, spaces, order),
 * required, optional, repeated and unknown columns, field counts, separators (given and
 * detected), decimal commas, short rows, the byte-order
 * mark, line numbers across quoted newlines, and every error with its "file:line:column:"
 * prefix. Each test writes one file into a fresh temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "table.h"

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/shipcast-table-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.csv", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void put(const fixture *f, const char *text)
{
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

enum { COL_ID, COL_NAME, COL_LABELS, COL_NOTE, N_COLS };
static const table_column cols[N_COLS] = {{"id", TABLE_REQUIRED},
                                          {"name", TABLE_REQUIRED},
                                          {"labels", TABLE_REPEATED},
                                          {"note", TABLE_OPTIONAL}};

/* What the callback saw: "line:id|name|label|...|note;" per row, a "|label" per labels column. */
typedef struct seen {
    char text[1024];
    size_t used;
    long fail_line; /* return an error on this row's line; 0: never */
} seen;

static status_code record_row(void *ctx, const table *t, const csvread_row *row, status *st)
{
    seen *s = ctx;
    if (row->line == s->fail_line)
        return table_value_error(st, t, row, COL_NAME, "expected a better name");
    int n = snprintf(s->text + s->used, sizeof s->text - s->used, "%ld:%s|%s", row->line,
                     table_get(t, row, COL_ID), table_get(t, row, COL_NAME));
    s->used += (size_t)n;
    for (int32_t k = 0; k < table_count(t, COL_LABELS); k++) {
        n = snprintf(s->text + s->used, sizeof s->text - s->used, "|%s",
                     table_get_nth(t, row, COL_LABELS, k));
        s->used += (size_t)n;
    }
    n = snprintf(s->text + s->used, sizeof s->text - s->used, "|%s;", table_get(t, row, COL_NOTE));
    s->used += (size_t)n;
    return STATUS_OK;
}

/* Only the id; for a one-column table. */
static status_code record_row_id(void *ctx, const table *t, const csvread_row *row, status *st)
{
    (void)st;
    seen *s = ctx;
    int n = snprintf(s->text + s->used, sizeof s->text - s->used, "%ld:%s;", row->line,
                     table_get(t, row, 0));
    s->used += (size_t)n;
    return STATUS_OK;
}

/* Refuses every id, as a whole-number column would refuse "7,5". */
static status_code record_id_error(void *ctx, const table *t, const csvread_row *row, status *st)
{
    (void)ctx;
    return table_value_error(st, t, row, COL_ID, "expected a whole number");
}

static table_spec spec_of(char separator)
{
    return (table_spec){
        .columns = cols, .n_columns = N_COLS, .rows_required = true, .separator = separator};
}

static void read_ok(const fixture *f, const table_spec *spec, const char *want, table_info *info)
{
    seen s = {.used = 0};
    status st;
    if (table_read(f->path, spec, record_row, &s, info, &st) != STATUS_OK)
        fail_msg("table_read: %s", st.message);
    assert_string_equal(s.text, want);
}

/* Expects an input error whose message is "path:line:column: " followed by text containing
 * phrase (column 0: "path:line: "). */
static void read_fails(const fixture *f, const table_spec *spec, long line, long column,
                       const char *phrase)
{
    seen s = {.used = 0};
    status st;
    char prefix[256];
    if (column > 0)
        snprintf(prefix, sizeof prefix, "%s:%ld:%ld: ", f->path, line, column);
    else
        snprintf(prefix, sizeof prefix, "%s:%ld: ", f->path, line);
    status_code rc = table_read(f->path, spec, record_row, &s, NULL, &st);
    if (rc != STATUS_EINPUT || strncmp(st.message, prefix, strlen(prefix)) != 0 ||
        !strstr(st.message, phrase))
        fail_msg("got %d \"%s\"; expected prefix \"%s\" and \"%s\"", (int)rc, st.message, prefix,
                 phrase);
}

static void header_by_name(void **state)
{
    fixture *f = *state;
    const table_spec spec = spec_of(0);
    table_info info;
    /* any order, any case, spaces around names; labels repeated, note absent */
    put(f, "\xEF\xBB\xBF Labels ,NAME,labels,Id\nx,Alpha,y,1\n\n,Beta,,2\r\n");
    read_ok(f, &spec, "2:1|Alpha|x|y|;4:2|Beta|||;", &info);
    assert_true(info.found);
    assert_int_equal(info.header_line, 1);
    assert_int_equal(info.n_rows, 2);
    assert_int_equal(info.column[COL_ID], 4);
    assert_int_equal(info.column[COL_NAME], 2);
    assert_int_equal(info.column[COL_LABELS], 1); /* the first of the repeated column */
    assert_int_equal(info.column[COL_NOTE], 0);
    /* a digest of the bytes: `printf 'id,name\n1,a\n' | sha256sum` */
    put(f, "id,name\n1,a\n");
    read_ok(f, &spec, "2:1|a|;", &info);
    assert_string_equal(info.sha256,
                        "b7773700b1468b27c88d7122034e23bc5af7703c70bc13fd545d8e08534dcf41");
}

static void quoted_lines(void **state)
{
    fixture *f = *state;
    const table_spec spec = spec_of(0);
    /* a quoted field spans lines 2-3: the next row starts on line 4 */
    put(f, "id,name,note\n1,\"two\nlines\",\"a, b\"\n2,\"say \"\"hi\"\"\",\n");
    read_ok(f, &spec, "2:1|two\nlines|a, b;4:2|say \"hi\"|;", NULL);
    seen s = {.fail_line = 4};
    status st;
    assert_int_equal(table_read(f->path, &spec, record_row, &s, NULL, &st), STATUS_EINPUT);
    char want[256];
    snprintf(want, sizeof want, "%s:4:2: name: expected a better name, found 'say \"hi\"'",
             f->path);
    assert_string_equal(st.message, want);
}

static void separators(void **state)
{
    fixture *f = *state;
    table_spec spec = spec_of(';');
    put(f, "id;name;note\n1;\"a;b\";1,5\n");
    read_ok(f, &spec, "2:1|a;b|1,5;", NULL);
    spec = spec_of('\t');
    put(f, "id\tname\tnote\n1\t two words \t\"x\ty\"\n2\t\t\n");
    read_ok(f, &spec, "2:1|two words|x\ty;3:2||;", NULL);
    /* with ';' as separator, a comma is part of a field */
    spec = spec_of(';');
    put(f, "id,name\n1,a\n");
    read_fails(f, &spec, 1, 1, "unknown column 'id,name'");
}

/* Separator 0: the header line's, whatever the rows hold; more than one kind there is an
 * error, quoted ones do not count, blank lines before the header are skipped. */
static void detected_separators(void **state)
{
    fixture *f = *state;
    const table_spec spec = spec_of(0);
    put(f, "\xEF\xBB\xBFid;name;note\r\n1;\"a;b\";1,5\r\n");
    read_ok(f, &spec, "2:1|a;b|1,5;", NULL);
    put(f, "\n  \n\t\t\nid\tname\n1\ttwo, words\n");
    read_ok(f, &spec, "5:1|two, words|;", NULL);
    put(f, "\"id;x\",name\n1,a\n");
    read_fails(f, &spec, 1, 1, "unknown column 'id;x'");
    put(f, "id,name;note\n1,a;b\n");
    read_fails(f, &spec, 1, 1, "found both ',' and ';' outside quotes");
    put(f, "\n\"a\nb\"\tid,name\n");
    read_fails(f, &spec, 2, 1, "found both tab and ','");
    put(f, "id\n1\n"); /* one column: nothing to detect, ',' */
    const table_column one[1] = {{"id", TABLE_REQUIRED}};
    const table_spec single = {.columns = one, .n_columns = 1};
    seen s = {.used = 0};
    status st;
    assert_int_equal(table_read(f->path, &single, record_row_id, &s, NULL, &st), STATUS_OK);
    char seps[2];
    long line = 0;
    assert_true(csvread_detect_separator((const unsigned char *)"a\tb", 3, seps, &line));
    assert_int_equal(seps[0], '\t');
    assert_int_equal(line, 1);
    assert_true(csvread_detect_separator((const unsigned char *)"", 0, seps, &line));
    assert_int_equal(seps[0], ',');
}

/* Where ';' separates, the number columns have decimal commas; a point before three digits is
 * ambiguous; messages quote the text as written; other columns and other separators are left
 * alone. */
static void decimal_commas(void **state)
{
    fixture *f = *state;
    table_spec spec = spec_of(0);
    spec.numbers = 1u << COL_NOTE | 1u << COL_ID;
    put(f, "id;name;note\n1;6,5;6,5\n2;x;\"1;0,8 0,25\"\n3;y;0.5\n4;z;1,2,3\n5;q;-2,5e3\n");
    read_ok(f, &spec, "2:1|6,5|6.5;3:2|x|1;0.8 0.25;4:3|y|0.5;5:4|z|1,2,3;6:5|q|-2.5e3;", NULL);
    put(f, "id;name;note\n1;a;1.234\n");
    read_fails(f, &spec, 2, 3, "note: expected a number with a decimal comma");
    put(f, "id;name;note\n1;a;1.234,5\n");
    read_fails(f, &spec, 2, 3, "found '1.234,5'");
    put(f, "id;name;note\n1;a;1,5.2\n");
    read_fails(f, &spec, 2, 3, "could separate thousands");
    /* the callback's own error quotes the field as written */
    put(f, "id;name;note\n7,5;a;1\n");
    seen s = {.used = 0};
    status st;
    assert_int_equal(table_read(f->path, &spec, record_id_error, &s, NULL, &st), STATUS_EINPUT);
    assert_non_null(strstr(st.message, ":2:1: id: expected a whole number, found '7,5'"));
    /* a comma file: commas are separators, points decimal points */
    put(f, "id,name,note\n1,a,1.234\n");
    read_ok(f, &spec, "2:1|a|1.234;", NULL);
}

/* short_rows: a row may end early (some exports drop trailing empty fields); never longer. */
static void short_rows(void **state)
{
    fixture *f = *state;
    table_spec spec = spec_of(0);
    put(f, "id,name,note\n1,a\n2,b,c\n");
    read_fails(f, &spec, 2, 3, "expected 3 fields");
    spec.short_rows = true;
    read_ok(f, &spec, "2:1|a|;3:2|b|c;", NULL);
    put(f, "id,name,note\n1,a,b,c\n");
    read_fails(f, &spec, 2, 4, "expected 3 fields");
}

static void header_errors(void **state)
{
    fixture *f = *state;
    const table_spec spec = spec_of(0);
    put(f, "id,nmae\n1,a\n");
    read_fails(f, &spec, 1, 2, "header: unknown column 'nmae'; did you mean 'name'?");
    put(f, "id,name,colour\n1,a,red\n");
    read_fails(f, &spec, 1, 3,
               "header: unknown column 'colour' (expected columns: id, name, labels, note)");
    put(f, "id,note\n1,a\n");
    read_fails(f, &spec, 1, 1, "header: missing column 'name' (expected columns: id, name,");
    put(f, "id,name,ID\n1,a,2\n");
    read_fails(f, &spec, 1, 3, "header: duplicated column 'id' (also field 1)");
    put(f, "");
    read_fails(f, &spec, 1, 1, "empty file: expected a header row with columns id, name");
    put(f, "\n \n");
    read_fails(f, &spec, 1, 1, "empty file");
    put(f, "\n\nid,name\n");
    read_fails(f, &spec, 3, 1, "header only: expected at least one row after the header");
    put(f, "id,name\n1,a\n2\n");
    read_fails(f, &spec, 3, 2, "expected 2 fields as in the header (line 1), found 1");
    put(f, "id,name\n1,a,b\n");
    read_fails(f, &spec, 2, 3, "expected 2 fields as in the header (line 1), found 3");
}

static void unknown_columns_allowed(void **state)
{
    fixture *f = *state;
    table_spec spec = spec_of(0);
    spec.allow_unknown = true;
    spec.rows_required = false;
    put(f, "Key,id,Summary,name\nK,1,S,a\n");
    read_ok(f, &spec, "2:1|a|;", NULL);
    put(f, "id,name\n");
    read_ok(f, &spec, "", NULL);
}

static void missing_files(void **state)
{
    fixture *f = *state;
    table_spec spec = spec_of(0);
    table_info info;
    status st;
    seen s = {.used = 0};
    assert_int_equal(table_read(f->path, &spec, record_row, &s, &info, &st), STATUS_EINPUT);
    assert_false(info.found);
    assert_non_null(strstr(st.message, "required file not found"));
    spec.optional_file = true;
    assert_int_equal(table_read(f->path, &spec, record_row, &s, &info, &st), STATUS_OK);
    assert_false(info.found);
}

static status_code header_needs_note(void *ctx, const table *t, long line, status *st)
{
    (void)ctx;
    if (!table_field(t, COL_NOTE))
        return status_set_at(st, STATUS_EINPUT, table_path(t), line, 1, "header: no %s",
                             table_name(t, COL_NOTE));
    return STATUS_OK;
}

static void header_hook(void **state)
{
    fixture *f = *state;
    table_spec spec = spec_of(0);
    spec.header = header_needs_note;
    put(f, "id,name\n1,a\n");
    read_fails(f, &spec, 1, 1, "header: no note");
    put(f, "id,name,note\n1,a,n\n");
    read_ok(f, &spec, "2:1|a|n;", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(header_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(quoted_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(separators, setup, teardown),
        cmocka_unit_test_setup_teardown(detected_separators, setup, teardown),
        cmocka_unit_test_setup_teardown(decimal_commas, setup, teardown),
        cmocka_unit_test_setup_teardown(short_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(header_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_columns_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_files, setup, teardown),
        cmocka_unit_test_setup_teardown(header_hook, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
