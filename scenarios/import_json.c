/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_json: GitHub issues as `gh issue list --state all --json
 * number,title,labels,createdAt,closedAt,state,stateReason` writes them: a JSON array of
 * objects, read with json-c; see import.h.
 *
 * An issue is done when its state is CLOSED, at closedAt, unless its stateReason (NOT_PLANNED)
 * or a label is in the `cancelled` list; its type is its first label; its id is the file's
 * name and its number ("shop#412"), as numbers repeat across repositories. GitHub has no
 * teams, so --team names the one team of a repository's issues.
 *
 * json-c keeps no positions, so a message about a value finds it again in the text: a small
 * scan counts the array's elements and finds the key inside the one at fault, to name its line
 * and column as every other input error does.
 */
#include <json-c/json.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "date.h"
#include "import_internal.h"
#include "parse.h"

typedef struct import_json {
    importer *im;
    import_source *src;
    const char *text;
    size_t len;
} import_json;

/* Line and column (1-based) of byte offset `at`. */
static void import_json_place(const import_json *j, size_t at, long *line, long *column)
{
    long ln = 1;
    size_t start = 0;
    for (size_t i = 0; i < at && i < j->len; i++)
        if (j->text[i] == '\n') {
            ln++;
            start = i + 1;
        }
    *line = ln;
    *column = (long)(at - start) + 1;
}

/* Where the value of `key` in the element-th element of the top-level array starts (the
 * element itself when key is NULL or absent). */
static void import_json_locate(const import_json *j, int64_t element, const char *key, long *line,
                               long *column)
{
    const char *s = j->text;
    size_t n = j->len, i = 0, elem_at = 0, key_len = key ? strlen(key) : 0;
    int depth = 0;
    int64_t index = -1;
    bool want = false; /* the next value at depth 1 starts an element */
    for (; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (depth == 1 && want) { /* an element starts here */
            want = false;
            if (++index > element)
                break;
            elem_at = i;
        }
        if (c == '"') {
            size_t start = ++i;
            while (i < n && s[i] != '"')
                i += s[i] == '\\' ? 2 : 1;
            size_t end = i < n ? i : n;
            if (index == element && depth == 2 && key && end - start == key_len &&
                memcmp(s + start, key, key_len) == 0) {
                size_t v = end + 1;
                while (v < n &&
                       (s[v] == ' ' || s[v] == '\t' || s[v] == '\r' || s[v] == '\n' || s[v] == ':'))
                    v++;
                import_json_place(j, v, line, column);
                return;
            }
        } else if (c == '{' || c == '[') {
            want = ++depth == 1;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',' && depth == 1) {
            want = true;
        }
    }
    import_json_place(j, elem_at, line, column);
}

static status_code import_json_error(const import_json *j, int64_t element, const char *key,
                                     const char *fmt, const char *arg)
{
    long line, column;
    import_json_locate(j, element, key, &line, &column);
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    return status_set_at(j->im->st, STATUS_EINPUT, j->src->path, line, column, "issue %lld: %s%s%s",
                         (long long)element + 1, key ? key : "", key ? ": " : "", msg);
}

/* json-c lets some byte sequences through (overlong forms such as C0 B3) that are no UTF-8,
 * as every other input must be (csvread.h). */
static status_code import_json_utf8(const import_json *j, int64_t element, const char *key,
                                    const char *text)
{
    size_t len = strlen(text);
    size_t valid = csvread_utf8_valid_prefix((const unsigned char *)text, len);
    if (valid == len)
        return STATUS_OK;
    char byte[8];
    snprintf(byte, sizeof byte, "0x%02X", (unsigned)(unsigned char)text[valid]);
    return import_json_error(j, element, key, "expected UTF-8 text, found byte %s", byte);
}

/* The string at key of o: "" for null or absent when optional, else an error. */
static status_code import_json_string(const import_json *j, json_object *o, int64_t element,
                                      const char *key, bool optional, const char **out)
{
    json_object *v = NULL;
    *out = "";
    if (!json_object_object_get_ex(o, key, &v))
        return optional ? STATUS_OK
                        : import_json_error(j, element, NULL,
                                            "expected the key '%s' (export with gh issue list "
                                            "--state all --json number,title,labels,createdAt,"
                                            "closedAt,state,stateReason)",
                                            key);
    if (!v && optional)
        return STATUS_OK; /* null */
    if (!json_object_is_type(v, json_type_string))
        return import_json_error(j, element, key, "expected a string%s", "");
    *out = json_object_get_string(v);
    return import_json_utf8(j, element, key, *out);
}

static status_code import_json_issue(import_json *j, json_object *o, int64_t element,
                                     const char **labels, size_t cap_labels)
{
    importer *im = j->im;
    if (!json_object_is_type(o, json_type_object))
        return import_json_error(j, element, NULL, "expected an object of an issue%s", "");
    json_object *number = NULL, *list = NULL;
    if (!json_object_object_get_ex(o, "number", &number) ||
        !json_object_is_type(number, json_type_int))
        return import_json_error(j, element, "number", "expected the issue's number%s", "");
    /* numbers repeat across repositories: the file's name (its repository's export) keeps
     * the ids of several files apart */
    const char *base = strrchr(j->src->path, '/');
    base = base ? base + 1 : j->src->path;
    const char *dot = strrchr(base, '.');
    int stem = (int)(dot && dot > base ? dot - base : (ptrdiff_t)strlen(base));
    char id[IMPORT_NAME_MAX];
    snprintf(id, sizeof id, "%.*s#%lld", stem > 200 ? 200 : stem, base,
             (long long)json_object_get_int64(number));
    const char *state, *reason, *created, *closed;
    status_code rc;
    if ((rc = import_json_string(j, o, element, "state", false, &state)) ||
        (rc = import_json_string(j, o, element, "stateReason", true, &reason)) ||
        (rc = import_json_string(j, o, element, "createdAt", false, &created)) ||
        (rc = import_json_string(j, o, element, "closedAt", true, &closed)))
        return rc;
    bool is_closed = parse_same_name(state, "CLOSED");
    if (!is_closed && !parse_same_name(state, "OPEN"))
        return import_json_error(j, element, "state", "expected OPEN or CLOSED, found '%s'", state);
    import_raw raw = {.id = id,
                      .team = im->opt->team,
                      .type = "",
                      .status = state,
                      .resolution = reason,
                      .category = "",
                      .epic = "",
                      .parent = "",
                      .closed = is_closed,
                      .labels = labels,
                      .created = DATE_NONE,
                      .started = DATE_NONE,
                      .done = DATE_NONE};
    import_json_locate(j, element, NULL, &raw.line, &raw.column[IMPORT_FIELD_ID]);
    if (json_object_object_get_ex(o, "labels", &list) && list) {
        if (!json_object_is_type(list, json_type_array))
            return import_json_error(j, element, "labels", "expected an array of labels%s", "");
        size_t n = json_object_array_length(list);
        for (size_t k = 0; k < n && (size_t)raw.n_labels < cap_labels; k++) {
            json_object *label = json_object_array_get_idx(list, k), *name = NULL;
            if (json_object_is_type(label, json_type_string))
                labels[raw.n_labels] = json_object_get_string(label);
            else if (json_object_object_get_ex(label, "name", &name) &&
                     json_object_is_type(name, json_type_string))
                labels[raw.n_labels] = json_object_get_string(name);
            else
                return import_json_error(j, element, "labels", "expected labels with a name%s", "");
            if ((rc = import_json_utf8(j, element, "labels", labels[raw.n_labels++])) != STATUS_OK)
                return rc;
        }
    }
    long line, column;
    import_json_locate(j, element, "createdAt", &line, &column);
    if ((rc = import_date(im, j->src, created, raw.team, line, column, "createdAt", &raw.created,
                          NULL)) != STATUS_OK)
        return rc;
    if (is_closed) {
        import_json_locate(j, element, "closedAt", &line, &column);
        if ((rc = import_date(im, j->src, closed, raw.team, line, column, "closedAt", &raw.done,
                              NULL)) != STATUS_OK)
            return rc;
    }
    return import_add(im, j->src, &raw);
}

/* The whole text as a JSON array, parsed strictly (UTF-8 checked, nothing after it). */
static status_code import_json_parse(import_json *j, json_object **out)
{
    *out = NULL;
    if (j->len > (size_t)INT32_MAX)
        return status_set_at(j->im->st, STATUS_ELIMIT, j->src->path, 0, 0,
                             "expected a JSON file of at most 2 GiB");
    json_tokener *tok = json_tokener_new_ex(64);
    if (!tok)
        return import_nomem(j->im);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    size_t skip = j->len >= 3 && !memcmp(j->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    json_object *o = json_tokener_parse_ex(tok, j->text + skip, (int)(j->len - skip));
    enum json_tokener_error err = json_tokener_get_error(tok);
    size_t end = skip + json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    while (o && end < j->len && strchr(" \t\r\n", j->text[end]))
        end++;
    long line, column;
    if (!o || end < j->len) {
        const char *why = o                              ? "something follows the array"
                          : err == json_tokener_continue ? "the text ends inside a value"
                                                         : json_tokener_error_desc(err);
        import_json_place(j, end, &line, &column);
        json_object_put(o);
        return status_set_at(j->im->st, STATUS_EINPUT, j->src->path, line, column,
                             "expected JSON (%s)", why);
    }
    if (!json_object_is_type(o, json_type_array)) {
        json_object_put(o);
        return status_set_at(j->im->st, STATUS_EINPUT, j->src->path, 1, 1,
                             "expected a JSON array of issues (gh issue list --json ...)");
    }
    *out = o;
    return STATUS_OK;
}

status_code import_read_json(importer *im, import_source *src)
{
    const import_options *o = im->opt;
    for (int f = 0; f < IMPORT_N_FIELDS; f++)
        if (o->map[f] || o->team_from)
            return status_set_at(im->st, STATUS_EINPUT, src->path, 0, 0,
                                 "GitHub's JSON has no columns to map: its keys are fixed "
                                 "(--map and --team-from are for CSV files)");
    if (!o->team || !*o->team)
        return status_set_at(im->st, STATUS_EINPUT, src->path, 0, 0,
                             "GitHub's JSON names no team: give it with --team NAME (team in "
                             "[history])");
    char *text = NULL;
    size_t len = 0;
    status_code rc = csvread_slurp(src->path, false, NULL, &text, &len, NULL, im->st);
    if (rc != STATUS_OK)
        return rc;
    import_json j = {.im = im, .src = src, .text = text, .len = len};
    json_object *array = NULL;
    const char **labels = NULL;
    rc = import_json_parse(&j, &array);
    size_t n = rc == STATUS_OK ? json_object_array_length(array) : 0;
    size_t cap_labels = 0;
    for (size_t i = 0; i < n; i++) { /* room for the most labels of any issue */
        json_object *list = NULL, *issue = json_object_array_get_idx(array, i);
        if (json_object_object_get_ex(issue, "labels", &list) &&
            json_object_is_type(list, json_type_array) &&
            json_object_array_length(list) > cap_labels)
            cap_labels = json_object_array_length(list);
    }
    if (rc == STATUS_OK && !(labels = calloc(cap_labels ? cap_labels : 1, sizeof *labels)))
        rc = import_nomem(im);
    for (size_t i = 0; i < n && rc == STATUS_OK; i++)
        rc = import_json_issue(&j, json_object_array_get_idx(array, i), (int64_t)i, labels,
                               cap_labels);
    src->file->rows = (long)n;
    free(labels);
    json_object_put(array);
    free(text);
    return rc;
}
