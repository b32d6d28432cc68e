/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of outdir: commit replaces, abort and every failure keep the old files byte for byte
 * and leave no temporaries. Failures are provoked in ways that also fail for root (the tests
 * may run as root): a path under a regular file, a folder where a file should go, a stream
 * redirected to /dev/full. Each test works in a fresh folder under the working directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "outdir.h"

enum { PATH_SIZE = 512 };

/* Each test's own folder, made by setup and removed by teardown. */
typedef struct fixture {
    char root[64];
} fixture;

static void remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        chmod(path, 0700); /* a test may have made it read-only */
        DIR *d = opendir(path);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[PATH_SIZE];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            remove_tree(child);
        }
        closedir(d);
        assert_int_equal(rmdir(path), 0);
    } else {
        assert_int_equal(unlink(path), 0);
    }
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    snprintf(fx->root, sizeof fx->root, "outdir-test-XXXXXX");
    if (!mkdtemp(fx->root)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    remove_tree(fx->root);
    free(fx);
    return 0;
}

/* fx->root/name into buf. */
static const char *path_in(const fixture *fx, const char *name, char buf[PATH_SIZE])
{
    int n = snprintf(buf, PATH_SIZE, "%s/%s", fx->root, name);
    assert_true(n > 0 && n < PATH_SIZE);
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* The whole file as a string; NULL if it does not exist. The caller frees. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = calloc(4096, 1);
    assert_non_null(text);
    size_t n = fread(text, 1, 4095, f);
    assert_false(ferror(f));
    text[n] = '\0';
    fclose(f);
    return text;
}

static void expect_content(const char *path, const char *want)
{
    char *got = read_text(path);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* How many entries of `dir` look like our temporaries. */
static int count_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp-") != NULL)
            n++;
    closedir(d);
    return n;
}

static outdir *begin_ok(const char *dir)
{
    outdir *o = NULL;
    status st;
    status_clear(&st);
    assert_int_equal(outdir_begin(dir, &o, &st), STATUS_OK);
    assert_non_null(o);
    return o;
}

static FILE *open_ok(outdir *o, const char *name)
{
    status st;
    status_clear(&st);
    FILE *f = outdir_open(o, name, &st);
    assert_non_null(f);
    assert_int_equal(st.code, STATUS_OK);
    return f;
}

static void creates_missing_folders(void **state)
{
    fixture *fx = *state;
    char dir[PATH_SIZE], again[PATH_SIZE];
    path_in(fx, "a/b//c", dir);
    outdir *o = begin_ok(dir);
    assert_int_equal(outdir_commit(o, NULL), STATUS_OK); /* no files is fine */
    outdir_destroy(o);
    path_in(fx, "a/b/c", again);
    struct stat sb;
    assert_int_equal(stat(again, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));

    path_in(fx, "a/b/c/", dir); /* an existing folder, with a trailing slash */
    o = begin_ok(dir);
    fputs("x", open_ok(o, "f.csv"));
    assert_int_equal(outdir_commit(o, NULL), STATUS_OK);
    outdir_destroy(o);
    path_in(fx, "a/b/c/f.csv", dir);
    expect_content(dir, "x");
}

static void commit_replaces_old_content(void **state)
{
    fixture *fx = *state;
    char old_path[PATH_SIZE], new_path[PATH_SIZE];
    path_in(fx, "forecast.csv", old_path);
    path_in(fx, "drivers.csv", new_path);
    write_text(old_path, "old forecast, longer than the new one\n");

    outdir *o = begin_ok(fx->root);
    fputs("new forecast\n", open_ok(o, "forecast.csv"));
    fputs("drivers\n", open_ok(o, "drivers.csv"));
    /* Before commit: the old file as it was, the new one absent, hidden temporaries. */
    expect_content(old_path, "old forecast, longer than the new one\n");
    assert_false(exists(new_path));
    assert_int_equal(count_temporaries(fx->root), 2);
    DIR *d = opendir(fx->root);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp-"))
            assert_true(strncmp(e->d_name, ".forecast.csv.tmp-", 18) == 0 ||
                        strncmp(e->d_name, ".drivers.csv.tmp-", 17) == 0);
    closedir(d);

    status st;
    status_clear(&st);
    assert_int_equal(outdir_commit(o, &st), STATUS_OK);
    outdir_destroy(o);
    expect_content(old_path, "new forecast\n");
    expect_content(new_path, "drivers\n");
    assert_int_equal(count_temporaries(fx->root), 0);
}

static void abort_keeps_old_files(void **state)
{
    fixture *fx = *state;
    char old_path[PATH_SIZE], new_path[PATH_SIZE];
    path_in(fx, "forecast.csv", old_path);
    path_in(fx, "new.csv", new_path);
    write_text(old_path, "old,\"bytes\"\r\n");

    outdir *o = begin_ok(fx->root);
    fputs("replacement", open_ok(o, "forecast.csv"));
    fputs("fresh", open_ok(o, "new.csv"));
    outdir_abort(o);
    outdir_abort(o); /* twice is harmless */
    expect_content(old_path, "old,\"bytes\"\r\n");
    assert_false(exists(new_path));
    assert_int_equal(count_temporaries(fx->root), 0);
    outdir_destroy(o);

    /* destroy without commit aborts too */
    o = begin_ok(fx->root);
    fputs("replacement", open_ok(o, "forecast.csv"));
    outdir_destroy(o);
    expect_content(old_path, "old,\"bytes\"\r\n");
    assert_int_equal(count_temporaries(fx->root), 0);
    outdir_destroy(NULL);
}

static void path_under_a_regular_file(void **state)
{
    fixture *fx = *state;
    char file[PATH_SIZE], dir[PATH_SIZE], want[PATH_SIZE * 3];
    path_in(fx, "plain", file);
    write_text(file, "I am a file");
    path_in(fx, "plain/sub/deeper", dir);

    outdir *kept = begin_ok(fx->root);
    outdir *o = kept; /* a failed begin must reset it to NULL */
    status st;
    status_clear(&st);
    assert_int_equal(outdir_begin(dir, &o, &st), STATUS_EIO);
    assert_null(o);
    snprintf(want, sizeof want, "cannot create output folder %s: %s is not a folder", dir, file);
    assert_string_equal(st.message, want);

    status_clear(&st);
    assert_int_equal(outdir_begin(file, &o, &st), STATUS_EIO);
    assert_null(o);
    snprintf(want, sizeof want, "cannot create output folder %s: %s is not a folder", file, file);
    assert_string_equal(st.message, want);
    expect_content(file, "I am a file");

    status_clear(&st);
    assert_int_equal(outdir_begin("", &o, &st), STATUS_EINPUT);
    assert_string_equal(st.message, "the output folder name is empty");
    outdir_destroy(kept);
}

static void unwritable_folder(void **state)
{
    fixture *fx = *state;
    if (geteuid() == 0)
        skip(); /* root writes through permission bits; the other tests cover root */
    char dir[PATH_SIZE], want[PATH_SIZE * 3];
    path_in(fx, "locked", dir);
    assert_int_equal(mkdir(dir, 0555), 0);
    outdir *o = NULL;
    status st;
    assert_int_equal(outdir_begin(dir, &o, &st), STATUS_EIO);
    assert_null(o);
    snprintf(want, sizeof want, "cannot write into output folder %s: Permission denied", dir);
    assert_string_equal(st.message, want);
}

static void name_taken_by_a_folder(void **state)
{
    fixture *fx = *state;
    char blocked[PATH_SIZE], other[PATH_SIZE], want[PATH_SIZE * 3];
    path_in(fx, "forecast.csv", blocked);
    path_in(fx, "scenarios.csv", other);
    assert_int_equal(mkdir(blocked, 0755), 0);

    outdir *o = begin_ok(fx->root);
    status st;
    status_clear(&st);
    assert_null(outdir_open(o, "forecast.csv", &st));
    assert_int_equal(st.code, STATUS_EIO);
    snprintf(want, sizeof want, "cannot write %s: Is a directory", blocked);
    assert_string_equal(st.message, want);
    assert_int_equal(count_temporaries(fx->root), 0);

    /* The transaction goes on after a failed open. */
    fputs("ok", open_ok(o, "scenarios.csv"));
    assert_int_equal(outdir_commit(o, NULL), STATUS_OK);
    outdir_destroy(o);
    expect_content(other, "ok");
}

static void folder_appears_before_commit(void **state)
{
    fixture *fx = *state;
    char first[PATH_SIZE], late[PATH_SIZE], want[PATH_SIZE * 3];
    path_in(fx, "a.csv", first);
    path_in(fx, "b.csv", late);
    write_text(first, "old a");

    outdir *o = begin_ok(fx->root);
    fputs("new a", open_ok(o, "a.csv"));
    fputs("new b", open_ok(o, "b.csv"));
    assert_int_equal(mkdir(late, 0755), 0); /* someone else takes the name meanwhile */
    status st;
    status_clear(&st);
    assert_int_equal(outdir_commit(o, &st), STATUS_EIO);
    snprintf(want, sizeof want, "cannot write %s: Is a directory", late);
    assert_string_equal(st.message, want);
    outdir_destroy(o);
    expect_content(first, "old a"); /* nothing renamed: a.csv was checked before */
    assert_int_equal(count_temporaries(fx->root), 0);
}

static void bad_names(void **state)
{
    fixture *fx = *state;
    outdir *o = begin_ok(fx->root);
    const char *bad[] = {"", "a/b", "/abs", ".", "..", "../escape"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        status st;
        status_clear(&st);
        assert_null(outdir_open(o, bad[i], &st));
        assert_int_equal(st.code, STATUS_EINPUT);
        assert_non_null(strstr(st.message, "expected a plain file name"));
    }
    fputs("1", open_ok(o, "once.csv"));
    status st;
    status_clear(&st);
    assert_null(outdir_open(o, "once.csv", &st));
    assert_int_equal(st.code, STATUS_EINPUT);
    assert_non_null(strstr(st.message, "once.csv is written twice in one run"));
    assert_int_equal(count_temporaries(fx->root), 1);
    outdir_destroy(o);
    assert_int_equal(count_temporaries(fx->root), 0);
}

static void write_failure_rolls_back(void **state)
{
    fixture *fx = *state;
    char a[PATH_SIZE], b[PATH_SIZE], c[PATH_SIZE], want[PATH_SIZE * 3];
    path_in(fx, "a.csv", a);
    path_in(fx, "b.csv", b);
    path_in(fx, "c.csv", c);
    write_text(a, "old a");
    write_text(b, "old b");

    outdir *o = begin_ok(fx->root);
    fputs("new a", open_ok(o, "a.csv"));
    FILE *fb = open_ok(o, "b.csv");
    fputs("new b", fb);
    fputs("new c", open_ok(o, "c.csv"));
    /* Make b's stream write to a full disk: its bytes are still in the stdio buffer. */
    int full = open("/dev/full", O_WRONLY);
    assert_true(full >= 0);
    assert_true(dup2(full, fileno(fb)) >= 0);
    close(full);

    status st;
    status_clear(&st);
    assert_int_equal(outdir_commit(o, &st), STATUS_EIO);
    snprintf(want, sizeof want, "cannot write %s: No space left on device", b);
    assert_string_equal(st.message, want);
    outdir_destroy(o);
    expect_content(a, "old a"); /* a was written fine, yet not renamed */
    expect_content(b, "old b");
    assert_false(exists(c));
    assert_int_equal(count_temporaries(fx->root), 0);
}

static void many_files(void **state)
{
    fixture *fx = *state;
    enum { N_FILES = 60 };
    outdir *o = begin_ok(fx->root);
    for (int i = 0; i < N_FILES; i++) {
        char name[32];
        snprintf(name, sizeof name, "file-%02d.csv", i);
        fprintf(open_ok(o, name), "content %d\r\n", i);
    }
    assert_int_equal(count_temporaries(fx->root), N_FILES);
    assert_int_equal(outdir_commit(o, NULL), STATUS_OK);
    outdir_destroy(o);
    assert_int_equal(count_temporaries(fx->root), 0);
    for (int i = 0; i < N_FILES; i++) {
        char name[32], path[PATH_SIZE], want[32];
        snprintf(name, sizeof name, "file-%02d.csv", i);
        snprintf(want, sizeof want, "content %d\r\n", i);
        expect_content(path_in(fx, name, path), want);
    }
}

static void mode_follows_umask(void **state)
{
    fixture *fx = *state;
    const mode_t masks[] = {022, 077};
    const mode_t modes[] = {0644, 0600};
    mode_t saved = umask(022);
    for (size_t i = 0; i < 2; i++) {
        umask(masks[i]);
        outdir *o = begin_ok(fx->root);
        fputs("x", open_ok(o, "m.csv"));
        assert_int_equal(outdir_commit(o, NULL), STATUS_OK);
        outdir_destroy(o);
        char path[PATH_SIZE];
        struct stat sb;
        assert_int_equal(stat(path_in(fx, "m.csv", path), &sb), 0);
        assert_int_equal(sb.st_mode & 0777, modes[i]);
    }
    umask(saved);
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A second transaction on a locked folder waits, then fails naming the holder's pid; a raised
 * stop flag ends the wait; once the first commits, the folder is free again. flock locks
 * belong to open files, so two transactions of one process exclude each other like two runs. */
static void lock_excludes_a_second_run(void **state)
{
    fixture *fx = *state;
    char dir[PATH_SIZE], lock[PATH_SIZE], want[PATH_SIZE * 2];
    path_in(fx, "shared", dir);
    path_in(fx, "shared/" OUTDIR_LOCK_NAME, lock);
    outdir *first = begin_ok(dir);
    char pid[32];
    snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    expect_content(lock, pid);

    outdir *second = NULL;
    status st;
    status_clear(&st);
    double t0 = seconds_now();
    assert_int_equal(outdir_begin_wait(dir, 200, NULL, &second, &st), STATUS_EIO);
    assert_true(seconds_now() - t0 >= 0.2);
    assert_null(second);
    snprintf(want, sizeof want,
             "output folder %s is being written by another shipcast run (pid %ld); gave up after "
             "0.2 s: wait for it to finish or choose another --out",
             dir, (long)getpid());
    assert_string_equal(st.message, want);

    volatile sig_atomic_t stop = 1;
    t0 = seconds_now();
    assert_int_equal(outdir_begin_wait(dir, 10000, &stop, &second, &st), STATUS_EINTERRUPT);
    assert_true(seconds_now() - t0 < 5.0);
    assert_null(second);

    fprintf(open_ok(first, "a.csv"), "first\n");
    assert_int_equal(outdir_commit(first, &st), STATUS_OK);
    /* committed: free for the next run, even before the handle is destroyed */
    assert_int_equal(outdir_begin_wait(dir, 0, NULL, &second, &st), STATUS_OK);
    outdir_destroy(first);
    /* aborted by destroy: free again */
    outdir_destroy(second);
    second = begin_ok(dir);
    outdir_destroy(second);
    expect_content(lock, pid); /* the lock file stays, naming the last holder */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(creates_missing_folders, setup, teardown),
        cmocka_unit_test_setup_teardown(commit_replaces_old_content, setup, teardown),
        cmocka_unit_test_setup_teardown(abort_keeps_old_files, setup, teardown),
        cmocka_unit_test_setup_teardown(path_under_a_regular_file, setup, teardown),
        cmocka_unit_test_setup_teardown(unwritable_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(name_taken_by_a_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(folder_appears_before_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_names, setup, teardown),
        cmocka_unit_test_setup_teardown(write_failure_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(many_files, setup, teardown),
        cmocka_unit_test_setup_teardown(mode_follows_umask, setup, teardown),
        cmocka_unit_test_setup_teardown(lock_excludes_a_second_run, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
