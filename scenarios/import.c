/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import: the driver, the dates of each file, the result and history.csv out; see import.h.
 *
 * Each file is looked at first: a JSON text is GitHub's, anything else a CSV file whose header
 * names the preset when none is given. The readers then call import_add once per work item;
 * the rules it applies live in import_rules.c alone. A file's dates are held to one form.
 */
#include "import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "date.h"
#include "import_internal.h"
#include "parse.h"
#include "setting.h"

status_code import_nomem(importer *im)
{
    return status_set(im->st, STATUS_ENOMEM, "out of memory importing");
}

/* ---- dates ------------------------------------------------------------------------------ */

/* "DD/MM/YYYY or MM/DD/YYYY": the forms in bits, for messages. */
static void import_form_names(unsigned bits, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int f = 0; f < DATEFMT_N_FORMS && used < size; f++)
        if (bits & (1u << f)) {
            bits &= ~(1u << f);
            int n = snprintf(buf + used, size - used, "%s%s", datefmt_form_name((datefmt_form)f),
                             bits == 0                  ? ""
                             : (bits & (bits - 1)) == 0 ? " or "
                                                        : ", ");
            used += n > 0 ? (size_t)n : 0;
        }
}

static datefmt_form import_first_form(unsigned bits)
{
    int f = 0;
    while (f < DATEFMT_N_FORMS - 1 && !(bits & (1u << f)))
        f++;
    return (datefmt_form)f;
}

/* The error for a date that is in none of src's forms (or, before src's form is known, in
 * several). */
static status_code import_date_error(importer *im, import_source *src, const char *text, long line,
                                     long column, const char *name)
{
    char expected[128], found[128];
    unsigned forms = src->form >= 0 ? 1u << src->form : src->forms;
    unsigned could = datefmt_candidates(text);
    int n = parse_excerpt_len(text);
    import_form_names(forms, expected, sizeof expected);
    import_form_names(could, found, sizeof found);
    datefmt_stamp s;
    for (int f = 0; f < DATEFMT_N_FORMS; f++)
        if ((forms & (1u << f)) && datefmt_parse(text, (datefmt_form)f, &s) == DATEFMT_NO_SUCH_DATE)
            return status_set_at(im->st, STATUS_EINPUT, src->path, line, column,
                                 "%s: expected an existing date, found '%.*s' (no such date or "
                                 "time in the form %s)",
                                 name, n, text, datefmt_form_name((datefmt_form)f));
    if (src->form >= 0 && could == 0)
        return status_set_at(im->st, STATUS_EINPUT, src->path, line, column,
                             "%s: expected a date in the form %s as on line %ld, found '%.*s'",
                             name, expected, src->form_line, n, text);
    if (src->form >= 0)
        return status_set_at(im->st, STATUS_EINPUT, src->path, line, column,
                             "%s: expected a date in the form %s as on line %ld, found '%.*s' "
                             "(%s): dates of one file must all have one form",
                             name, expected, src->form_line, n, text, found);
    if (could & (could - 1))
        return status_set_at(im->st, STATUS_EINPUT, src->path, line, column,
                             "%s: ambiguous date '%.*s': it could be %s; dates are never guessed: "
                             "give the form with --date-format (or date_format in [history])",
                             name, n, text, found);
    if (could)
        return status_set_at(im->st, STATUS_EINPUT, src->path, line, column,
                             "%s: expected a date in the form %s (such as %s), found '%.*s', a "
                             "date %s: if the whole file is written so, give --date-format %s "
                             "(or date_format in [history])",
                             name, expected, datefmt_form_example(import_first_form(forms)), n,
                             text, found, found);
    return status_set_at(im->st, STATUS_EINPUT, src->path, line, column,
                         "%s: expected a date in the form %s (such as %s), found '%.*s'", name,
                         expected, datefmt_form_example(import_first_form(forms)), n, text);
}

status_code import_date(importer *im, import_source *src, const char *text, const char *team,
                        long line, long column, const char *name, int32_t *out, int64_t *when)
{
    *out = DATE_NONE;
    if (*text == '\0')
        return STATUS_OK;
    if (src->form < 0) {
        unsigned could = datefmt_candidates(text) & src->forms;
        if (could == 0 || (could & (could - 1)))
            return import_date_error(im, src, text, line, column, name);
        src->form = (int)import_first_form(could);
        src->form_line = line;
    }
    datefmt_stamp s;
    if (datefmt_parse(text, (datefmt_form)src->form, &s) != DATEFMT_OK)
        return import_date_error(im, src, text, line, column, name);
    const tz *zone =
        im->opt->team_zone && *team ? im->opt->team_zone(im->opt->team_zone_ctx, team) : NULL;
    if (!zone) /* a team's own zone first, then the one for all */
        zone = im->opt->zone;
    if (when) {
        int32_t written = 0;
        date_from_ymd(s.year, s.month, s.day, &written);
        *when = (int64_t)written * 86400 + s.hour * 3600 + s.minute * 60 + s.second -
                (s.has_offset ? s.offset_seconds : 0);
    }
    if (!datefmt_day(&s, zone, out))
        return status_set_at(im->st, STATUS_EINPUT, src->path, line, column,
                             "%s: expected a date in years 1 to 9999 in time zone %s, found '%s'",
                             name, tz_name(zone), text);
    return STATUS_OK;
}

/* ---- the driver ------------------------------------------------------------------------- */

/* Whether the file's first character (after a byte-order mark and white space) opens JSON. */
static status_code import_is_json(importer *im, const char *path, bool *json)
{
    FILE *f = fopen(path, "rb");
    *json = false;
    if (!f) {
        /* a name that cannot be a file is the input's fault, not the machine's */
        int e = errno;
        if (e == ENOENT || e == ENAMETOOLONG || e == ENOTDIR)
            return status_set_at(im->st, STATUS_EINPUT, path, 0, 0, "%s",
                                 e == ENOENT ? "no such file" : strerror(e));
        return status_set_at(im->st, STATUS_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    unsigned char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t i = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
    while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    *json = i < n && (buf[i] == '[' || buf[i] == '{');
    return STATUS_OK;
}

/* The header of a CSV file, for recognising its preset. */
typedef struct import_header {
    char **names;
    int32_t n;
    long line;
} import_header;

static status_code import_on_header(void *ctx, const csvread_row *row, status *st)
{
    (void)st;
    import_header *h = ctx;
    h->names = calloc((size_t)row->n_fields, sizeof *h->names);
    if (!h->names)
        return STATUS_ENOMEM;
    h->line = row->line;
    for (int32_t i = 0; i < row->n_fields; i++) {
        if (!(h->names[i] = strdup(row->fields[i])))
            return STATUS_ENOMEM;
        h->n++;
    }
    return STATUS_EINTERRUPT; /* one row is all it takes */
}

static void import_header_free(import_header *h)
{
    for (int32_t i = 0; i < h->n; i++)
        free(h->names[i]);
    free(h->names);
}

/* "a, b, c" of the header's first names, for messages. */
static void import_header_excerpt(const import_header *h, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < h->n && used + 4 < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%.40s", i ? ", " : "", h->names[i]);
        used += n > 0 ? (size_t)n : 0;
        if (i == 7 && h->n > 8) {
            snprintf(buf + used, size > used ? size - used : 0, ", ...");
            break;
        }
    }
}

/* The preset of a CSV file under --format auto. */
static status_code import_recognise(importer *im, import_source *src)
{
    import_header h = {0};
    status_code rc = csvread_file(src->path, false, 0, NULL, import_on_header, &h, NULL, im->st);
    if (rc == STATUS_EINTERRUPT)
        rc = STATUS_OK;
    else if (rc == STATUS_ENOMEM)
        rc = import_nomem(im);
    if (rc == STATUS_OK && h.n == 0)
        rc = status_set_at(im->st, STATUS_EINPUT, src->path, 1, 1,
                           "empty file: expected an export with a header row");
    if (rc == STATUS_OK) {
        src->preset = import_preset_recognise((const char *const *)h.names, h.n);
        bool mapped =
            !src->preset && im->opt->map[IMPORT_FIELD_ID] && im->opt->map[IMPORT_FIELD_DONE];
        if (mapped) /* no tool's header, but --map names what a CSV file needs */
            src->preset = import_preset_of(IMPORT_CSV);
        if (!src->preset) {
            char names[400];
            import_header_excerpt(&h, names, sizeof names);
            rc = status_set_at(im->st, STATUS_EINPUT, src->path, h.line, 1,
                               "header: unknown format: expected the header of a Jira, Linear "
                               "or Azure DevOps export, a status-change log or a CSV file with "
                               "columns id and done, found '%s' (name the format with --format "
                               "and its columns with --map)",
                               names);
        } else {
            import_file *file = src->file;
            size_t used = 0;
            if (mapped)
                snprintf(file->signature, sizeof file->signature, "--map names its id and done");
            for (int s = 0; s < 3 && src->preset->signature[s] && !mapped; s++) {
                int n = snprintf(file->signature + used, sizeof file->signature - used, "%s%s",
                                 s ? ", " : "its columns ", src->preset->signature[s]);
                used += n > 0 ? (size_t)n : 0;
            }
            file->recognised = true;
        }
    }
    import_header_free(&h);
    return rc;
}

static status_code import_one(importer *im, const char *path)
{
    import_result *r = im->res;
    import_file *file = &r->files[r->n_files];
    memset(file, 0, sizeof *file);
    if (!(file->path = strdup(path)))
        return import_nomem(im);
    r->n_files++;
    import_source src = {.path = path, .file = file, .form = -1};
    bool json;
    status_code rc = import_is_json(im, path, &json);
    if (rc != STATUS_OK)
        return rc;
    import_format f = im->opt->format;
    if (json && f != IMPORT_AUTO && f != IMPORT_GITHUB)
        return status_set_at(im->st, STATUS_EINPUT, path, 1, 1,
                             "expected a CSV file for --format %s, found JSON (GitHub's JSON is "
                             "--format github)",
                             import_format_name(f));
    if (!json && f == IMPORT_GITHUB)
        return status_set_at(im->st, STATUS_EINPUT, path, 1, 1,
                             "expected the JSON of gh issue list for --format github, found no "
                             "JSON array");
    if (json) {
        src.preset = import_preset_of(IMPORT_GITHUB);
        file->recognised = f == IMPORT_AUTO;
        snprintf(file->signature, sizeof file->signature, "a JSON array");
    } else if (f == IMPORT_AUTO) {
        if ((rc = import_recognise(im, &src)) != STATUS_OK)
            return rc;
    } else {
        src.preset = import_preset_of(f);
    }
    file->format = src.preset->format;
    src.forms = im->opt->has_date_form ? 1u << im->opt->date_form : src.preset->date_forms;
    if ((rc = import_lists_for(im, src.preset)) != STATUS_OK)
        return rc;
    return json ? import_read_json(im, &src) : import_read_csv(im, &src);
}

status_code import_run(const char *const *paths, int32_t n_paths, const import_options *opt,
                       import_result **out, status *st)
{
    *out = NULL;
    importer im = {.opt = opt, .st = st};
    strmap_init(&im.ids);
    strmap_init(&im.teams);
    status_code rc = STATUS_OK;
    const setting *u = setting_find("unplanned");
    if (n_paths < 1) {
        status_set(st, STATUS_EINPUT, "import: expected at least one file");
        rc = STATUS_EINPUT; /* spelled out: the analyzer cannot see status_set's return value */
    } else if (!(im.res = calloc(1, sizeof *im.res)) ||
               !(im.res->files = calloc((size_t)n_paths, sizeof *im.res->files)) ||
               !import_list_parse(&im.defaults, u->default_value)) {
        import_nomem(&im);
        rc = STATUS_ENOMEM;
    }
    for (int32_t i = 0; i < n_paths && rc == STATUS_OK; i++)
        rc = import_one(&im, paths[i]);
    import_list_free(&im.unplanned);
    import_list_free(&im.cancelled);
    import_list_free(&im.excluded);
    import_list_free(&im.done_states);
    import_list_free(&im.defaults);
    strmap_fini(&im.ids);
    strmap_fini(&im.teams);
    if (rc != STATUS_OK) {
        import_result_destroy(im.res);
        return rc;
    }
    *out = im.res;
    return STATUS_OK;
}

void import_result_destroy(import_result *r)
{
    if (!r)
        return;
    for (int32_t i = 0; i < r->n_items; i++) {
        free(r->items[i].id);
        free(r->items[i].team);
        free(r->items[i].type);
        free(r->items[i].epic);
    }
    free(r->items);
    for (int32_t i = 0; i < r->n_files; i++)
        free(r->files[i].path);
    free(r->files);
    for (int32_t i = 0; i < r->n_teams; i++)
        free(r->teams[i].team);
    free(r->teams);
    free(r);
}

/* ---- history.csv ------------------------------------------------------------------------ */

static void import_put_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && *s != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

status_code import_write_history(const import_result *r, FILE *f, status *st)
{
    fputs("id,team,type,started,done,epic\r\n", f);
    for (int32_t i = 0; i < r->n_items; i++) {
        const import_item *it = &r->items[i];
        char started[DATE_TEXT_SIZE] = "", done[DATE_TEXT_SIZE] = "";
        if (it->started != DATE_NONE)
            date_format(it->started, started);
        if (it->done != DATE_NONE)
            date_format(it->done, done);
        import_put_field(f, it->id);
        fputc(',', f);
        import_put_field(f, it->team);
        fputc(',', f);
        import_put_field(f, it->type);
        fprintf(f, ",%s,%s,", started, done);
        import_put_field(f, it->epic);
        fputs("\r\n", f);
    }
    if (ferror(f))
        return status_set(st, STATUS_EIO, "cannot write history.csv: %s", strerror(errno));
    return STATUS_OK;
}
