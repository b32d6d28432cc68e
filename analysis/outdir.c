/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outdir: write-to-temporary-then-rename output transactions; see outdir.h.
 *
 * The temporaries are created with open(O_CREAT | O_EXCL, 0666) under a name we pick,
 * rather than with mkstemp: mkstemp's files are mode 0600 whatever the umask, and fixing the
 * mode afterwards would need umask(), which is process-wide and racy. O_EXCL gives the same
 * guarantee as mkstemp (we never open a file someone else made); on a name clash we pick
 * another name.
 */
#include "outdir.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    OUTDIR_NAME_TRIES = 100,  /* 62^6 suffixes: a clash is rare, a hundred in a row is not chance */
    OUTDIR_SUFFIX_LENGTH = 6, /* the XXXXXX of ".NAME.tmp-XXXXXX" */
};

typedef struct outdir_file {
    char *final_path; /* dir/NAME */
    char *temp_path;  /* dir/.NAME.tmp-XXXXXX, exists until renamed or deleted */
    FILE *file;       /* NULL once closed */
} outdir_file;

struct outdir {
    char *dir;
    outdir_file *files;
    size_t n_files;
    size_t cap_files;
    uint64_t n_names_tried; /* varies the temporary names within this transaction */
    int lock_fd;            /* DIR/.shipcast.lock, locked; -1 once released */
    bool finished;          /* committed or aborted */
};

/* "dir/name" (no doubled '/' when dir ends with one), or NULL when out of memory.
 * `prefix` and `suffix` surround name, for the temporaries. */
static char *outdir_join(const char *dir, const char *prefix, const char *name, const char *suffix)
{
    size_t len_dir = strlen(dir);
    const char *sep = dir[len_dir - 1] == '/' ? "" : "/";
    size_t size = len_dir + strlen(sep) + strlen(prefix) + strlen(name) + strlen(suffix) + 1;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s%s%s%s%s", dir, sep, prefix, name, suffix);
    return path;
}

static bool outdir_is_folder(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Creates one level; an existing folder is fine. `whole` is the requested path, for
 * messages. */
static status_code outdir_make_one(const char *path, const char *whole, status *st)
{
    if (mkdir(path, 0777) == 0)
        return STATUS_OK;
    int err = errno;
    /* Whatever mkdir said (EEXIST, or EACCES on an existing parent we may not write), an
     * existing folder is what we want. */
    if (outdir_is_folder(path))
        return STATUS_OK;
    struct stat sb;
    if (err == EEXIST && stat(path, &sb) == 0)
        return status_set(st, STATUS_EIO, "cannot create output folder %s: %s is not a folder",
                          whole, path);
    return status_set(st, STATUS_EIO, "cannot create output folder %s: %s", whole, strerror(err));
}

/* mkdir -p: each prefix ending before a '/', then the whole path. */
static status_code outdir_make_dirs(const char *dir, status *st)
{
    if (outdir_is_folder(dir))
        return STATUS_OK;
    char *path = strdup(dir);
    if (!path)
        return status_set(st, STATUS_ENOMEM, "out of memory");
    status_code rc = STATUS_OK;
    for (char *p = path + 1; *p != '\0' && rc == STATUS_OK; p++) {
        if (*p == '/' && p[-1] != '/') {
            *p = '\0';
            rc = outdir_make_one(path, dir, st);
            *p = '/';
        }
    }
    if (rc == STATUS_OK)
        rc = outdir_make_one(path, dir, st);
    free(path);
    return rc;
}

/* Milliseconds of CLOCK_MONOTONIC, for the lock's deadline. */
static int64_t outdir_now_ms(void)
{
    struct timespec now = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The pid the holder wrote into the lock file, or 0 if it cannot be read (yet). */
static long outdir_holder_pid(int fd)
{
    char text[32];
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    char *end;
    long pid = strtol(text, &end, 10);
    return end != text && pid > 0 ? pid : 0;
}

/* Takes the folder's lock into *fd_out (-1 when the file system has no flock). */
static status_code outdir_lock(const char *dir, int wait_ms, const volatile sig_atomic_t *stop,
                               int *fd_out, status *st)
{
    *fd_out = -1;
    char *path = outdir_join(dir, "", OUTDIR_LOCK_NAME, "");
    if (!path)
        return status_set(st, STATUS_ENOMEM, "out of memory");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        int err = errno;
        status_code rc = status_set(st, STATUS_EIO, "cannot lock output folder %s: %s: %s", dir,
                                    path, strerror(err));
        free(path);
        return rc;
    }
    free(path);
    const int64_t deadline = outdir_now_ms() + (wait_ms > 0 ? wait_ms : 0);
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            break;
        int err = errno;
        if (err == EINTR)
            continue;
        if (err != EWOULDBLOCK) {
            close(fd); /* no locks on this file system: go on without */
            return STATUS_OK;
        }
        if (stop && *stop) {
            close(fd);
            return status_set(st, STATUS_EINTERRUPT, "interrupted");
        }
        if (outdir_now_ms() >= deadline) {
            long pid = outdir_holder_pid(fd);
            close(fd);
            char who[48] = "";
            if (pid > 0)
                snprintf(who, sizeof who, " (pid %ld)", pid);
            return status_set(st, STATUS_EIO,
                              "output folder %s is being written by another shipcast run%s; "
                              "gave up after %.1f s: wait for it to finish or choose another "
                              "--out",
                              dir, who, wait_ms / 1000.0);
        }
        struct timespec pause = {0, 20 * 1000000}; /* 20 ms: a commit takes a few renames */
        nanosleep(&pause, NULL);
    }
    /* Name ourselves for whoever waits next; a failure here only costs that message. */
    char text[32];
    int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
    bool named = ftruncate(fd, 0) == 0 && pwrite(fd, text, (size_t)n, 0) == n;
    (void)named;
    *fd_out = fd;
    return STATUS_OK;
}

static void outdir_unlock(outdir *o)
{
    if (o->lock_fd >= 0) {
        close(o->lock_fd); /* closing the last descriptor releases the flock */
        o->lock_fd = -1;
    }
}

status_code outdir_begin(const char *dir, outdir **out, status *st)
{
    return outdir_begin_wait(dir, OUTDIR_LOCK_WAIT_MS, NULL, out, st);
}

status_code outdir_begin_wait(const char *dir, int wait_ms, const volatile sig_atomic_t *stop,
                              outdir **out, status *st)
{
    assert(dir && out);
    *out = NULL;
    if (dir[0] == '\0')
        return status_set(st, STATUS_EINPUT, "the output folder name is empty");
    status_code rc = outdir_make_dirs(dir, st);
    if (rc != STATUS_OK)
        return rc;
    /* access() also reports a read-only file system; for root it ignores permission bits,
     * but so does the open that follows, so the answer is the one that matters. */
    if (access(dir, W_OK | X_OK) != 0)
        return status_set(st, STATUS_EIO, "cannot write into output folder %s: %s", dir,
                          strerror(errno));
    outdir *o = calloc(1, sizeof *o);
    if (!o || !(o->dir = strdup(dir))) {
        free(o);
        return status_set(st, STATUS_ENOMEM, "out of memory");
    }
    rc = outdir_lock(dir, wait_ms, stop, &o->lock_fd, st);
    if (rc != STATUS_OK) {
        free(o->dir);
        free(o);
        return rc;
    }
    *out = o;
    return STATUS_OK;
}

/* splitmix64's finaliser (Steele, Lea, Flood 2014): spreads every input bit over the
 * output, so that names differ in all places even for consecutive counters. */
static uint64_t outdir_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    x ^= x >> 31;
    return x;
}

/* A fresh suffix for the temporary of `o`: the process, the time and a counter, so that two
 * runs writing into the same folder at once do not even clash (O_EXCL would catch it). */
static void outdir_suffix(outdir *o, char out[OUTDIR_SUFFIX_LENGTH + 1])
{
    static const char digits[] = "0123456789"
                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                 "abcdefghijklmnopqrstuvwxyz";
    struct timespec now = {0, 0};
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t x = outdir_mix((uint64_t)getpid() ^ outdir_mix((uint64_t)now.tv_nsec) ^
                            outdir_mix((uint64_t)now.tv_sec + (o->n_names_tried++ << 32)) ^
                            (uint64_t)(uintptr_t)o);
    for (int i = 0; i < OUTDIR_SUFFIX_LENGTH; i++) {
        out[i] = digits[x % (sizeof digits - 1)];
        x /= sizeof digits - 1;
    }
    out[OUTDIR_SUFFIX_LENGTH] = '\0';
}

static bool outdir_name_is_plain(const char *name)
{
    return name[0] != '\0' && strchr(name, '/') == NULL && strcmp(name, ".") != 0 &&
           strcmp(name, "..") != 0;
}

static bool outdir_has_file(const outdir *o, const char *final_path)
{
    for (size_t i = 0; i < o->n_files; i++)
        if (strcmp(o->files[i].final_path, final_path) == 0)
            return true;
    return false;
}

/* Creates the temporary for f->final_path; fills f->temp_path and f->file. */
static status_code outdir_create_temp(outdir *o, const char *name, outdir_file *f, status *st)
{
    for (int attempt = 0; attempt < OUTDIR_NAME_TRIES; attempt++) {
        char suffix[OUTDIR_SUFFIX_LENGTH + 1];
        char tail[sizeof ".tmp-" + OUTDIR_SUFFIX_LENGTH];
        outdir_suffix(o, suffix);
        snprintf(tail, sizeof tail, ".tmp-%s", suffix);
        f->temp_path = outdir_join(o->dir, ".", name, tail);
        if (!f->temp_path)
            return status_set(st, STATUS_ENOMEM, "out of memory");
        int fd = open(f->temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            f->file = fdopen(fd, "wb");
            if (f->file)
                return STATUS_OK;
            int err = errno;
            close(fd);
            unlink(f->temp_path);
            free(f->temp_path);
            f->temp_path = NULL;
            return status_set(st, err == ENOMEM ? STATUS_ENOMEM : STATUS_EIO, "cannot write %s: %s",
                              f->final_path, strerror(err));
        }
        int err = errno;
        free(f->temp_path);
        f->temp_path = NULL;
        if (err != EEXIST)
            return status_set(st, STATUS_EIO, "cannot write %s: %s", f->final_path, strerror(err));
    }
    return status_set(st, STATUS_EIO, "cannot write %s: no free temporary name after %d tries",
                      f->final_path, OUTDIR_NAME_TRIES);
}

FILE *outdir_open(outdir *o, const char *name, status *st)
{
    assert(o && name && !o->finished);
    if (!outdir_name_is_plain(name)) {
        status_set(st, STATUS_EINPUT, "invalid output file name \"%s\": expected a plain file name",
                   name);
        return NULL;
    }
    if (o->n_files == o->cap_files) {
        size_t cap = o->cap_files ? 2 * o->cap_files : 8;
        outdir_file *files = realloc(o->files, cap * sizeof *files);
        if (!files) {
            status_set(st, STATUS_ENOMEM, "out of memory");
            return NULL;
        }
        o->files = files;
        o->cap_files = cap;
    }
    outdir_file f = {NULL, NULL, NULL};
    f.final_path = outdir_join(o->dir, "", name, "");
    if (!f.final_path) {
        status_set(st, STATUS_ENOMEM, "out of memory");
        return NULL;
    }
    if (outdir_has_file(o, f.final_path)) {
        /* The second rename would silently replace the first file. */
        status_set(st, STATUS_EINPUT, "output file %s is written twice in one run", f.final_path);
        free(f.final_path);
        return NULL;
    }
    /* Found now rather than at commit, where it would cost the whole run. */
    if (outdir_is_folder(f.final_path)) {
        status_set(st, STATUS_EIO, "cannot write %s: %s", f.final_path, strerror(EISDIR));
        free(f.final_path);
        return NULL;
    }
    if (outdir_create_temp(o, name, &f, st) != STATUS_OK) {
        free(f.final_path);
        return NULL;
    }
    o->files[o->n_files++] = f;
    return f.file;
}

/* Deletes the temporaries from index `from` on, closing their streams first. */
static void outdir_discard(outdir *o, size_t from)
{
    for (size_t i = from; i < o->n_files; i++) {
        outdir_file *f = &o->files[i];
        if (f->file) {
            fclose(f->file);
            f->file = NULL;
        }
        if (f->temp_path)
            unlink(f->temp_path);
    }
}

void outdir_abort(outdir *o)
{
    assert(o);
    if (o->finished)
        return;
    outdir_discard(o, 0);
    o->finished = true;
    outdir_unlock(o);
}

/* Puts one file's bytes on disk and closes it. The stream is closed even on failure. */
static status_code outdir_close_file(outdir_file *f, status *st)
{
    int err = 0;
    errno = 0;
    if (fflush(f->file) != 0)
        err = errno != 0 ? errno : EIO;
    else if (ferror(f->file))
        err = EIO; /* an earlier write failed; stdio keeps no errno for it */
    else if (fsync(fileno(f->file)) != 0)
        err = errno;
    if (fclose(f->file) != 0 && err == 0)
        err = errno;
    f->file = NULL;
    if (err != 0)
        return status_set(st, STATUS_EIO, "cannot write %s: %s", f->final_path, strerror(err));
    return STATUS_OK;
}

/* Makes the renames durable. A file system that cannot sync a folder says EINVAL; there is
 * nothing more to do there. */
static status_code outdir_sync_folder(const outdir *o, status *st)
{
    int fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = 0;
    if (fd < 0)
        err = errno;
    else if (fsync(fd) != 0 && errno != EINVAL)
        err = errno;
    if (fd >= 0)
        close(fd);
    if (err != 0)
        return status_set(st, STATUS_EIO,
                          "cannot sync output folder %s: %s (the files were replaced)", o->dir,
                          strerror(err));
    return STATUS_OK;
}

static status_code outdir_commit_files(outdir *o, status *st);

status_code outdir_commit(outdir *o, status *st)
{
    assert(o && !o->finished);
    o->finished = true;
    status_code rc = outdir_commit_files(o, st);
    outdir_unlock(o);
    return rc;
}

static status_code outdir_commit_files(outdir *o, status *st)
{
    status_code rc = STATUS_OK;
    for (size_t i = 0; i < o->n_files && rc == STATUS_OK; i++)
        rc = outdir_close_file(&o->files[i], st);
    /* Checked again just before renaming: a folder may have appeared since outdir_open. */
    for (size_t i = 0; i < o->n_files && rc == STATUS_OK; i++)
        if (outdir_is_folder(o->files[i].final_path))
            rc = status_set(st, STATUS_EIO, "cannot write %s: %s", o->files[i].final_path,
                            strerror(EISDIR));
    if (rc != STATUS_OK) {
        outdir_discard(o, 0);
        return rc;
    }
    for (size_t i = 0; i < o->n_files; i++) {
        outdir_file *f = &o->files[i];
        if (rename(f->temp_path, f->final_path) != 0) {
            int err = errno;
            outdir_discard(o, i);
            return status_set(st, STATUS_EIO,
                              "cannot replace %s: %s (%zu of %zu files were already replaced)",
                              f->final_path, strerror(err), i, o->n_files);
        }
        free(f->temp_path);
        f->temp_path = NULL; /* renamed: nothing left to delete */
    }
    return outdir_sync_folder(o, st);
}

void outdir_destroy(outdir *o)
{
    if (!o)
        return;
    outdir_abort(o);
    outdir_unlock(o);
    for (size_t i = 0; i < o->n_files; i++) {
        free(o->files[i].final_path);
        free(o->files[i].temp_path);
    }
    free(o->files);
    free(o->dir);
    free(o);
}
