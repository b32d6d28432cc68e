/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz: what the libFuzzer targets share.
 *
 * Each target defines LLVMFuzzerTestOneInput (declared here because the build's
 * -Wmissing-prototypes would reject it otherwise). A target aborts on any broken promise of
 * the code under test, so that libFuzzer records the input as a crash; ASan and UBSan catch
 * the rest, and LeakSanitizer checks that plan_destroy frees everything plan_load made.
 *
 * Plan folders travel as one input: the files' bytes in the order of fuzz_plan_files,
 * separated by the byte FUZZ_PART_SEPARATOR (ASCII record separator, which no plan file
 * needs). A part holding exactly FUZZ_PART_ABSENT means "no such file"; parts missing at the
 * end are absent files too.
 */
#ifndef SHIPCAST_FUZZ_H
#define SHIPCAST_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_PART_SEPARATOR '\x1e'
#define FUZZ_PART_ABSENT    "\x18"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Creates the folder once per process (under /dev/shm when it exists: no disk writes per
 * input) and removes it at exit; returns its path, or aborts. */
const char *fuzz_workdir(void);

/* Writes the parts of data into dir as the plan files, removing the files whose part is
 * absent. Aborts on an I/O error (that is the harness failing, not the code under test). */
void fuzz_write_parts(const char *dir, const uint8_t *data, size_t size);

/* Writes exactly len bytes to dir/name, or removes it when bytes is NULL. */
void fuzz_write_file(const char *dir, const char *name, const uint8_t *bytes, size_t len);

/* Aborts with a message when a loaded plan breaks an invariant plan.h promises. */
struct plan;
void fuzz_check_plan(const struct plan *p);

/* Runs the importer on dir/name with options o and aborts when a success breaks import.h's
 * promises (every item counted once, names history.csv accepts, a history.csv written from the
 * result reads back as the same items) or a failure is anything but an error about the input
 * naming the file. */
struct import_options;
void fuzz_check_import(const char *dir, const char *name, const struct import_options *o);

#endif
