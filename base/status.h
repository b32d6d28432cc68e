/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * status: the error value every library function of shipcast returns.
 *
 * A function that can fail returns a status_code and, when given a non-NULL `status *`,
 * fills it with the code and a human-readable message. Messages about bad input name the
 * place as "file:line:column: what was expected" so the command line can print them as they
 * are. Library code never prints; only cli/ does. All errors go through status_set() or
 * status_set_at(): one place for a breakpoint.
 */
#ifndef SHIPCAST_STATUS_H
#define SHIPCAST_STATUS_H

#include <stddef.h>

typedef enum status_code {
    STATUS_OK = 0,
    STATUS_ENOMEM,    /* an allocation failed */
    STATUS_EINPUT,    /* the user's input is invalid: the message says where and why */
    STATUS_EIO,       /* a file could not be read or written */
    STATUS_ELIMIT,    /* the request exceeds a documented limit (memory, size) */
    STATUS_EINTERRUPT /* the run was asked to stop */
} status_code;

enum { STATUS_MESSAGE_MAX = 1024 };

typedef struct status {
    status_code code;
    char message[STATUS_MESSAGE_MAX];
} status;

/* Resets *st to STATUS_OK with an empty message. st may be NULL. */
void status_clear(status *st);

/* Sets code and a printf-style message; returns code so callers can `return status_set(..)`.
 * st may be NULL (the message is then dropped). */
status_code status_set(status *st, status_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As status_set, with the message prefixed "file:line:column: ". line or column <= 0 are
 * left out ("file:line: ", "file: "). */
status_code status_set_at(status *st, status_code code, const char *file, long line, long column,
                          const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A short English name for a code ("out of memory", "invalid input", ...). */
const char *status_code_name(status_code code);

#endif
