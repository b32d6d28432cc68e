/* SPDX-License-Identifier: GPL-3.0-or-later */
/* status: error values with messages; see status.h. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

void status_clear(status *st)
{
    if (st) {
        st->code = STATUS_OK;
        st->message[0] = '\0';
    }
}

status_code status_set(status *st, status_code code, const char *fmt, ...)
{
    if (st) {
        va_list ap;
        st->code = code;
        va_start(ap, fmt);
        vsnprintf(st->message, sizeof st->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

status_code status_set_at(status *st, status_code code, const char *file, long line, long column,
                          const char *fmt, ...)
{
    if (st) {
        int n;
        st->code = code;
        if (line > 0 && column > 0)
            n = snprintf(st->message, sizeof st->message, "%s:%ld:%ld: ", file, line, column);
        else if (line > 0)
            n = snprintf(st->message, sizeof st->message, "%s:%ld: ", file, line);
        else
            n = snprintf(st->message, sizeof st->message, "%s: ", file);
        size_t offset = n < 0 ? 0 : (size_t)n;
        if (offset < sizeof st->message) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(st->message + offset, sizeof st->message - offset, fmt, ap);
            va_end(ap);
        }
    }
    return code;
}

const char *status_code_name(status_code code)
{
    switch (code) {
    case STATUS_OK:
        return "ok";
    case STATUS_ENOMEM:
        return "out of memory";
    case STATUS_EINPUT:
        return "invalid input";
    case STATUS_EIO:
        return "input/output error";
    case STATUS_ELIMIT:
        return "limit exceeded";
    case STATUS_EINTERRUPT:
        return "interrupted";
    }
    return "unknown error";
}
