/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outdir: all-or-nothing output into a folder.
 *
 * A run writes several files (forecast.csv, distribution.csv, ...). They are written through
 * one outdir transaction: outdir_begin, outdir_open for each file, then outdir_commit, which
 * replaces all the old files, or, on failure, none (outdir_abort does the same on purpose).
 * Each file is first written to a hidden temporary ".NAME.tmp-XXXXXX" in the same folder,
 * and commit renames it onto NAME. Until the renames start, the old files are untouched and
 * a failure deletes every temporary; a crash at any point leaves old or new files, never a
 * half file (at worst a stray hidden temporary).
 *
 * Limits, stated: rename(2) is atomic per file, not across files. Commit checks everything it
 * can before the first rename (every file flushed, synced and closed without error, no final
 * name taken by a folder); a rename that still fails part way (a disk error, another process
 * racing us) leaves the earlier files replaced, and the error says how many.
 *
 * Concurrent runs: the folder is the unit. outdir_begin takes an exclusive lock on
 * DIR/.shipcast.lock (flock(2), released by the kernel however the process ends) and holds it
 * until commit, abort or destroy, so the renames of two transactions never interleave: the
 * folder always holds one run's whole set. The holder writes its pid into the lock file so
 * that a waiting run can name it. The lock file stays (deleting it would let a third run lock
 * a new file while the second still waits on the old one). On a file system without flock
 * (some network mounts) the transaction goes on unlocked.
 *
 * Files are created like fopen(.., "w") would: mode 0666 less the umask (not mkstemp's 0600,
 * which would make the outputs unreadable to others). Commit fsyncs each file and then the
 * folder, so that after a crash the new names never point at empty files; that costs a disk
 * round trip per file, paid once per run.
 *
 * Ownership: outdir_begin creates the handle; the caller frees it with outdir_destroy. The
 * FILE pointers from outdir_open belong to the outdir: write to them, never fclose them; they
 * are invalid after commit, abort or destroy. Library code never prints: every failure comes
 * back as a status with a message naming the path. Not thread-safe: one thread per outdir.
 */
#ifndef SHIPCAST_OUTDIR_H
#define SHIPCAST_OUTDIR_H

#include <signal.h>
#include <stdio.h>

#include "status.h"

#define OUTDIR_LOCK_NAME ".shipcast.lock"
enum { OUTDIR_LOCK_WAIT_MS = 60000 }; /* outdir_begin's wait for another run's lock */

typedef struct outdir outdir;

/* Starts a transaction writing into folder `dir`, creating it and its missing parents
 * (like mkdir -p) and checking it is writable. On success *out is the new handle; on failure
 * *out is NULL and the status says why: STATUS_EINPUT for an empty name, STATUS_EIO when a
 * part of the path is not a folder or the folder cannot be created or written,
 * STATUS_ENOMEM. */
status_code outdir_begin(const char *dir, outdir **out, status *st);

/* outdir_begin with an explicit wait for the folder's lock: up to wait_ms milliseconds (0:
 * try once), then STATUS_EIO "output folder DIR is being written by another shipcast run
 * (pid N) ...". stop (may be NULL): a nonzero value while waiting gives STATUS_EINTERRUPT. */
status_code outdir_begin_wait(const char *dir, int wait_ms, const volatile sig_atomic_t *stop,
                              outdir **out, status *st);

/* Creates the temporary for final file `name` (a plain file name: no '/', not "." or "..")
 * and returns a stream open for writing (binary), owned by the outdir. Returns NULL with
 * STATUS_EINPUT for a bad name or a name already opened in this transaction, STATUS_EIO if
 * `name` exists as a folder or the temporary cannot be created, STATUS_ENOMEM. A failed open
 * leaves nothing behind; the transaction stays usable. Precondition: not committed or
 * aborted. */
FILE *outdir_open(outdir *o, const char *name, status *st);

/* Flushes, checks, fsyncs and closes every file, renames each onto its final name, then
 * fsyncs the folder. On a failure before the renames, deletes every temporary, renames
 * nothing and returns STATUS_EIO naming the file ("cannot write out/forecast.csv: No space
 * left on device"). Either way the transaction is over: the streams are closed and only
 * outdir_destroy remains to call. Precondition: not committed or aborted. */
status_code outdir_commit(outdir *o, status *st);

/* Closes and deletes every temporary; the old files stay as they were. Does nothing after
 * commit or a previous abort. */
void outdir_abort(outdir *o);

/* Aborts if neither committed nor aborted, then frees. NULL is a no-op. */
void outdir_destroy(outdir *o);

#endif
