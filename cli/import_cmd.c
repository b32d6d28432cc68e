/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_cmd: the `import` command; see import_cmd.h.
 *
 * Everything is read and checked before a byte is written, so a bad export leaves no output
 * at all. --out FILE is written to a hidden temporary beside it and renamed over it once
 * complete (and synced), so an earlier history.csv is never left half replaced.
 */
#include "import_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tz.h"

static const char *format_label(import_format f)
{
    switch (f) {
    case IMPORT_JIRA:
        return "Jira export";
    case IMPORT_LINEAR:
        return "Linear export";
    case IMPORT_GITHUB:
        return "GitHub issues JSON";
    case IMPORT_AZURE:
        return "Azure DevOps export";
    case IMPORT_CHANGELOG:
        return "status-change log";
    case IMPORT_CSV:
    case IMPORT_AUTO:
    case IMPORT_N_FORMATS:
        break;
    }
    return "CSV file";
}

/* "12 work items: 9 kept (7 done, 2 open; 3 unplanned), 3 dropped: 2 cancelled or won't do,
 * ..." */
static void print_count(const import_count *c)
{
    long dropped = c->items - c->kept;
    fprintf(stderr, "%ld work item%s: %ld kept (%ld done, %ld open; %ld unplanned), %ld dropped",
            c->items, c->items == 1 ? "" : "s", c->kept, c->done, c->open, c->unplanned, dropped);
    const char *sep = ": ";
    for (int d = 0; d < IMPORT_N_DROPS; d++)
        if (c->dropped[d] > 0) {
            fprintf(stderr, "%s%ld %s", sep, c->dropped[d], import_drop_name((import_drop)d));
            sep = ", ";
        }
    fputc('\n', stderr);
}

static void print_report(const import_result *r)
{
    for (int32_t i = 0; i < r->n_files; i++) {
        const import_file *f = &r->files[i];
        fprintf(stderr, "shipcast import: %s: %s", f->path, format_label(f->format));
        if (f->recognised)
            fprintf(stderr, " (chose --format %s: %s)", import_format_name(f->format),
                    f->signature);
        fprintf(stderr, "; %ld %s, ", f->rows,
                f->format == IMPORT_CHANGELOG ? "status changes"
                : f->format == IMPORT_GITHUB  ? "issues"
                                              : "rows");
        print_count(&f->count);
    }
    for (int32_t k = 0; k < r->n_teams; k++) {
        const import_team *t = &r->teams[k];
        fprintf(stderr, "  team %s: ", *t->team ? t->team : "(none)");
        print_count(&t->count);
    }
    fprintf(stderr, "  in all: ");
    print_count(&r->total);
}

/* Writes r to path through a temporary in the same folder, renamed over path when complete. */
static status_code write_file(const char *path, const import_result *r, status *st)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    size_t size = strlen(path) + 16;
    char *tmp = malloc(size);
    if (!tmp)
        return status_set(st, STATUS_ENOMEM, "out of memory writing %s", path);
    snprintf(tmp, size, "%.*s.%s.tmp-XXXXXX", (int)dir_len, path, path + dir_len);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return status_set(st, STATUS_EIO, "cannot write %s: %s", path, strerror(err));
    }
    mode_t mask = umask(0);
    umask(mask);
    status_code rc = STATUS_OK;
    FILE *f = fdopen(fd, "wb");
    if (!f || fchmod(fd, 0666 & ~mask) != 0) {
        rc = status_set(st, STATUS_EIO, "cannot write %s: %s", path, strerror(errno));
        if (!f)
            close(fd);
    } else {
        rc = import_write_history(r, f, st);
        if (rc == STATUS_OK && (fflush(f) != 0 || fsync(fd) != 0))
            rc = status_set(st, STATUS_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    if (f && fclose(f) != 0 && rc == STATUS_OK)
        rc = status_set(st, STATUS_EIO, "cannot write %s: %s", path, strerror(errno));
    if (rc == STATUS_OK && rename(tmp, path) != 0)
        rc = status_set(st, STATUS_EIO, "cannot write %s: %s", path, strerror(errno));
    if (rc != STATUS_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}

status_code import_cmd_run(const import_cmd *cmd, status *st)
{
    import_options o = cmd->options;
    tz *zone = NULL;
    status_code rc = STATUS_OK;
    if (cmd->timezone) {
        status inner;
        rc = tz_load(NULL, cmd->timezone, &zone, &inner);
        if (rc != STATUS_OK)
            return status_set(st, rc, "--timezone: %s", inner.message);
        o.zone = zone;
    }
    import_result *r = NULL;
    rc = import_run(cmd->files, cmd->n_files, &o, &r, st);
    if (rc == STATUS_OK) {
        if (cmd->out) {
            rc = write_file(cmd->out, r, st);
        } else {
            rc = import_write_history(r, stdout, st);
            if (rc == STATUS_OK && fflush(stdout) != 0)
                rc =
                    status_set(st, STATUS_EIO, "cannot write standard output: %s", strerror(errno));
        }
    }
    if (rc == STATUS_OK) {
        print_report(r);
        if (cmd->out)
            fprintf(stderr, "shipcast import: wrote %d work item%s to %s\n", (int)r->n_items,
                    r->n_items == 1 ? "" : "s", cmd->out);
    }
    import_result_destroy(r);
    tz_destroy(zone);
    return rc;
}
