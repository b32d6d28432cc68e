/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_cmd: the `import` command: tracker exports in, a normalised history.csv out (a file,
 * written whole or not at all, or standard output), and on standard error what became of every
 * row. The reading and the rules are the library's (scenarios/import.h); this is the wiring.
 */
#ifndef SHIPCAST_IMPORT_CMD_H
#define SHIPCAST_IMPORT_CMD_H

#include <stdint.h>

#include "import.h"
#include "status.h"

typedef struct import_cmd {
    const char **files; /* the exports, n_files >= 1 */
    int32_t n_files;
    const char *out;        /* a file, or NULL for standard output */
    const char *timezone;   /* an IANA name, or NULL */
    import_options options; /* everything else, parsed by the command line */
} import_cmd;

/* Runs the command. Returns STATUS_OK, or the failure with *st set (STATUS_EINPUT for bad
 * input or options, STATUS_EIO when the output cannot be written); prints the report itself. */
status_code import_cmd_run(const import_cmd *cmd, status *st);

#endif
