/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import: the exports people already have (Jira, Linear, GitHub, Azure DevOps, status-change
 * logs, any CSV with a column mapping) as the work items of a history.csv; docs/import.md.
 *
 * One pass reads every file with its preset (named, or recognised from the header), turns each
 * row, JSON element or group of status changes into a work item, and applies the same rules to
 * all of them: an item is dropped for exactly one reason (no team, a duplicate id, an epic or
 * sub-task, cancelled, finished without a completion date, done before it was created) and
 * counted under it, per file and per team, so that nothing is dropped silently. A kept item is
 * classified planned or unplanned from its type and labels; its type is written so that the
 * default `unplanned` list of history.csv reads it the same way (an unplanned "Defect" becomes
 * `interrupt`, a planned "Bug" `planned`).
 *
 * Dates are never guessed: each preset names the forms its tool writes, the first date of a
 * file fixes its form, and every other date must be in it; a timestamp with an offset moves to
 * the team's time zone when one is given. Input errors name file, line and column.
 *
 * The options are borrowed for the call; the result owns everything in it.
 */
#ifndef SHIPCAST_IMPORT_H
#define SHIPCAST_IMPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "datefmt.h"
#include "status.h"
#include "tz.h"

typedef enum import_format {
    IMPORT_AUTO = 0, /* recognised from each file's header (or JSON) */
    IMPORT_JIRA,
    IMPORT_LINEAR,
    IMPORT_GITHUB,
    IMPORT_AZURE,
    IMPORT_CHANGELOG,
    IMPORT_CSV,
    IMPORT_N_FORMATS
} import_format;

/* What a column can be mapped to (`--map FIELD=COLUMN`, `map[FIELD]`). */
typedef enum import_field {
    IMPORT_FIELD_ID = 0,
    IMPORT_FIELD_TEAM,
    IMPORT_FIELD_TYPE,
    IMPORT_FIELD_STARTED,
    IMPORT_FIELD_DONE,
    IMPORT_FIELD_EPIC,
    IMPORT_FIELD_STATUS,
    IMPORT_FIELD_RESOLUTION,
    IMPORT_FIELD_PARENT,
    IMPORT_FIELD_CREATED,
    IMPORT_FIELD_LABELS,
    IMPORT_FIELD_CATEGORY, /* status category (Jira's To Do / In Progress / Done) */
    IMPORT_FIELD_CHANGED,  /* when the status (category) last changed */
    IMPORT_N_FIELDS
} import_field;

/* Why an item was left out, in the order the reasons are tried. */
typedef enum import_drop {
    IMPORT_DROP_DUPLICATE = 0, /* its id came before (in this file or an earlier one) */
    IMPORT_DROP_NO_TEAM,       /* no team */
    IMPORT_DROP_EPIC,          /* an epic or sub-task (`excluded` types and labels) */
    IMPORT_DROP_CANCELLED,     /* cancelled, won't do, duplicate... (`cancelled`) */
    IMPORT_DROP_NO_DONE_DATE,  /* finished by its status, without a completion date */
    IMPORT_DROP_DONE_BEFORE_CREATED,
    IMPORT_N_DROPS
} import_drop;

typedef struct import_options {
    import_format format;
    const char *team;                 /* every item's team, or NULL */
    const char *team_from;            /* the column naming each item's team, or NULL */
    const char *map[IMPORT_N_FIELDS]; /* the column of each field, NULL: the preset's */
    /* comma-separated, case-insensitive lists; NULL: the preset's */
    const char *unplanned; /* types and labels of interruptions */
    const char *cancelled; /* statuses, resolutions and labels of cancelled items */
    const char *excluded;  /* types and labels of epics and sub-tasks */
    bool has_date_form;    /* date_form replaces the preset's forms */
    datefmt_form date_form;
    const tz *zone; /* timestamps with an offset move to this zone's date; borrowed; NULL */
    /* A team's own zone or NULL (teams.csv), asked for each date; it wins over `zone`. NULL:
     * none. */
    const tz *(*team_zone)(void *ctx, const char *team);
    void *team_zone_ctx;
} import_options;

/* A kept work item, as history.csv has it. */
typedef struct import_item {
    char *id;
    char *team;
    char *type;            /* lower case; never empty */
    char *epic;            /* "" for none */
    int32_t started, done; /* DATE_NONE when empty */
    bool unplanned;
    const char *path; /* the file it came from (an entry of import_result.files) */
    long line;        /* its first row there */
} import_item;

/* Items and what became of them. */
typedef struct import_count {
    long items;                       /* work items read: kept + every dropped */
    long kept, done, open, unplanned; /* kept = done + open; unplanned among kept */
    long dropped[IMPORT_N_DROPS];
} import_count;

typedef struct import_file {
    char *path;
    import_format format; /* the preset used */
    bool recognised;      /* chosen by IMPORT_AUTO */
    char signature[160];  /* the header names it was recognised by */
    long rows;            /* data rows (JSON: elements; changelogs: status changes) */
    import_count count;
} import_file;

typedef struct import_team {
    char *team; /* "" for items without one */
    import_count count;
} import_team;

typedef struct import_result {
    int32_t n_items;
    import_item *items; /* in the order of the files and their rows */
    int32_t n_files;
    import_file *files;
    int32_t n_teams;
    import_team *teams; /* in the order they first appear */
    import_count total;
} import_result;

/* The format named `name` ("auto", "jira", "linear", "github", "azure", "changelog", "csv";
 * ASCII case-insensitive). */
bool import_format_named(const char *name, import_format *out);
const char *import_format_name(import_format f);
/* The field named `name` ("id", "team", ..., "changed"). */
bool import_field_named(const char *name, import_field *out);
const char *import_field_name(import_field f);
/* "id, team, ...": every field, and every format, for messages. */
const char *import_field_list(void);
const char *import_format_list(void);
/* A reason in words ("cancelled or won't do"). */
const char *import_drop_name(import_drop d);

/* Reads paths[0..n_paths) with opt into a new *out. Errors (*out NULL): STATUS_EINPUT for bad
 * input or options that do not fit the files (the message names file, line and column),
 * STATUS_EIO, STATUS_ELIMIT, STATUS_ENOMEM. */
status_code import_run(const char *const *paths, int32_t n_paths, const import_options *opt,
                       import_result **out, status *st);

/* Frees r; NULL is a no-op. */
void import_result_destroy(import_result *r);

/* Writes r's items as history.csv (id,team,type,started,done,epic; RFC 4180, CRLF) to f.
 * STATUS_EIO when a write fails. */
status_code import_write_history(const import_result *r, FILE *f, status *st);

#endif
