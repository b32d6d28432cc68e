/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_internal: what the files of the importer share (import.c the driver, the dates and the
 * result, import_rules.c the rules and their lists, import_presets.c the tools' columns,
 * import_csv.c, import_changelog.c and import_json.c the readers). Not part of the import.h
 * contract.
 *
 * A reader turns what it reads into import_raw items (borrowed strings, valid for one call)
 * and hands each to import_add, which applies the rules of import.h. Dates go through
 * import_date, which holds each file to one form.
 */
#ifndef SHIPCAST_IMPORT_INTERNAL_H
#define SHIPCAST_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "import.h"
#include "strmap.h"

enum {
    IMPORT_NAME_MAX = 256, /* bytes of an id, team or epic (history.csv's limit) */
    IMPORT_CANDIDATES = 3, /* header names a preset knows for one field */
    IMPORT_ITEMS_MAX = 10000000
};

/* A tool's export: where each field is, what its defaults are. */
typedef struct import_preset {
    const char *name;         /* as --format names it */
    const char *tool;         /* "a Jira export", for messages */
    const char *signature[3]; /* header names that together recognise it */
    /* the header names of each field, by preference; NULL-ended */
    const char *columns[IMPORT_N_FIELDS][IMPORT_CANDIDATES];
    const char *unplanned; /* default lists */
    const char *cancelled;
    const char *excluded;
    const char *done_states; /* statuses (or categories) that mean finished, or "" */
    import_format format;
    unsigned required;        /* bit f: field f must have a column */
    unsigned date_forms;      /* bits of the datefmt forms its tool writes */
    bool done_by_category;    /* done_states are read from the category, not the status */
    bool started_by_category; /* an open item "In Progress" started when its category changed */
    bool resolution_cancels;  /* any resolution at all means cancelled (Linear's Canceled) */
    bool team_is_path;        /* the preset's team column is a path: its last part */
    char label_sep;           /* labels within one field: ',' or ';'; 0: one per field */
} import_preset;

/* The preset of format f (not IMPORT_AUTO). */
const import_preset *import_preset_of(import_format f);
/* The preset whose signature the header names[0..n) carries, or NULL; IMPORT_GITHUB is never
 * chosen this way (it is JSON). */
const import_preset *import_preset_recognise(const char *const *names, int32_t n);

/* A comma-separated list, trimmed and lower-cased. */
typedef struct import_list {
    char **names;
    int32_t n;
} import_list;

/* Sets list to text's comma-separated entries, trimmed and lower-cased; empty ones skipped.
 * False when out of memory (list then holds what was parsed; import_list_free frees it). */
bool import_list_parse(import_list *list, const char *text);
/* Frees list's names and empties it; an empty list is a no-op. */
void import_list_free(import_list *list);
/* Whether [s, s + len) is (ASCII case-insensitively, trimmed) one of list's names. */
bool import_list_has(const import_list *list, const char *s, size_t len);

/* One work item as a reader sees it. Strings are borrowed; "" for none. */
typedef struct import_raw {
    long line;                    /* its row (JSON: the element's line) */
    long column[IMPORT_N_FIELDS]; /* where each field is on that line, 0 when unknown */
    const char *id, *team, *type, *status, *resolution, *category, *epic, *parent;
    const char *const *labels; /* n_labels fields, each holding labels separated by label_sep */
    int32_t n_labels;
    char label_sep;
    int32_t created, started, done; /* DATE_NONE when empty */
    bool closed;                    /* finished by its status, dated or not */
    bool cancelled; /* cancelled by the tool's own mark (GitHub's NOT_PLANNED, Linear's date) */
} import_raw;

/* The state of one file being read. */
typedef struct import_source {
    const char *path;
    const import_preset *preset;
    import_file *file; /* its entry in the result */
    unsigned forms;    /* the forms its dates may have */
    int form;          /* the form its dates have, -1 until the first date */
    long form_line;    /* where that first date was */
} import_source;

typedef struct importer {
    const import_options *opt;
    status *st;
    import_result *res;
    import_list unplanned, cancelled, excluded, done_states;
    import_list defaults; /* history.csv's default unplanned types */
    strmap ids, teams;
    size_t cap_items;
    int32_t cap_teams;
} importer;

/* Sets the lists of a preset (options first). */
status_code import_lists_for(importer *im, const import_preset *preset);

/* Reads src: a CSV export (import_csv.c; a changelog's rows go to import_changelog.c) or
 * GitHub's JSON (import_json.c). */
status_code import_read_csv(importer *im, import_source *src);
status_code import_read_json(importer *im, import_source *src);

/* A status-change log: rows collected per work item, then one import_add each, in the order
 * the items first appear. raw is one status change: its status and category are where it
 * went, `when` the instant (seconds; naive stamps as written) and `day` the day of the change;
 * DATE_NONE for an item's row without a change. */
typedef struct import_changelog import_changelog;
import_changelog *import_changelog_create(void);
void import_changelog_destroy(import_changelog *cl);
status_code import_changelog_add(importer *im, import_source *src, import_changelog *cl,
                                 const import_raw *raw, int64_t when, int32_t day);
status_code import_changelog_finish(importer *im, import_source *src, import_changelog *cl);

/* The rules: counts raw under its team and file, drops it or keeps it. */
status_code import_add(importer *im, import_source *src, const import_raw *raw);

/* text (trimmed) as a date of src at line:column (field `name`, for messages) in the zone of
 * `team`: DATE_NONE when empty. when (may be NULL) gets the stamp in seconds, to order changes
 * within a day: UTC for stamps with an offset, as written for the others. */
status_code import_date(importer *im, import_source *src, const char *text, const char *team,
                        long line, long column, const char *name, int32_t *out, int64_t *when);

/* STATUS_ENOMEM with the importer's message. */
status_code import_nomem(importer *im);

#endif
