/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * datefmt: the date forms trackers and spreadsheets write, each parsed exactly and never
 * guessed: "03/04/2026" is the 3rd of April or the 4th of March only because the caller names
 * a form. datefmt_candidates says which forms a text could be in, for messages and for presets
 * whose possible forms cannot be mistaken for one another.
 *
 * A parsed stamp keeps the calendar date, the time of day and an offset when the text has one;
 * datefmt_day places it on a day: with a zone, a stamp with an offset (or `Z`) moves to that
 * zone's local date, a stamp without one is already local; without a zone, the date as written.
 */
#ifndef SHIPCAST_DATEFMT_H
#define SHIPCAST_DATEFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "tz.h"

typedef enum datefmt_form {
    DATEFMT_ISO = 0,   /* 2026-11-21, 2026-11-21T15:04:05.123Z, 2026-11-21 15:04+01:00 */
    DATEFMT_DMMMY,     /* 21/Nov/26 3:04 PM, 21/Nov/2026 (Jira; English month names) */
    DATEFMT_DMY_DOT,   /* 21.11.2026, 21.11.2026 15:04 */
    DATEFMT_DMY_SLASH, /* 21/11/2026 */
    DATEFMT_MDY_SLASH, /* 11/21/2026 3:04:05 PM (US; Azure DevOps) */
    DATEFMT_N_FORMS
} datefmt_form;

/* What a text holds, before any zone applies. */
typedef struct datefmt_stamp {
    int year, month, day;
    bool has_time;
    int hour, minute, second;
    bool has_offset;        /* an offset or Z: the instant is known */
    int32_t offset_seconds; /* east of UTC */
} datefmt_stamp;

typedef enum datefmt_result {
    DATEFMT_OK = 0,
    DATEFMT_OTHER_FORM,  /* not written in this form */
    DATEFMT_NO_SUCH_DATE /* in this form, but no such date or time (2026-02-30, 25:00) */
} datefmt_result;

/* The form named `name` (ASCII case-insensitive): "iso" or "YYYY-MM-DD", "DD/MMM/YY",
 * "DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY"; false for any other. */
bool datefmt_form_named(const char *name, datefmt_form *out);

/* The form's name as datefmt_form_named reads it, and an example ("21/Nov/26 3:04 PM"). */
const char *datefmt_form_name(datefmt_form form);
const char *datefmt_form_example(datefmt_form form);

/* "iso, DD/MMM/YY, ...": every name, for messages. */
const char *datefmt_form_list(void);

/* Parses the whole of text (spaces around it allowed) in `form`. Time of day is optional in
 * every form: H:MM or H:MM:SS (ISO: with a fraction and an offset, Z, +HH, +HHMM or +HH:MM),
 * 24-hour or, outside ISO, 12-hour with AM or PM. Two-digit years are 1970..2069. *out is
 * set on DATEFMT_OK only. */
datefmt_result datefmt_parse(const char *text, datefmt_form form, datefmt_stamp *out);

/* Bit f set for every form f in which text parses (DATEFMT_OK). */
unsigned datefmt_candidates(const char *text);

/* The stamp's day number (date.h) in zone (NULL: as written); false when it falls outside
 * years 1..9999 once moved. */
bool datefmt_day(const datefmt_stamp *s, const tz *zone, int32_t *day);

#endif
