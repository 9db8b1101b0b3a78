/*
 * Walking the data files of a release, archived or extracted. Every JSONL file is scanned, not
 * only those under data/: a JSONL file anywhere in a release is published text all the same.
 */
#include "audit/audit_internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/record.h"
#include "common/xalloc.h"

#include "common/banned.h"

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static int
is_data_file(const char *name)
{
    return ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz") ||
           ends_with(name, ".jsonl.zst") || ends_with(name, ".jsonl.xz");
}

static int
each_line(struct record_reader *r, const char *file, release_line_fn fn, void *ctx, struct err *err)
{
    struct span line;
    int rc;

    while ((rc = record_reader_next(r, &line, err)) > 0) {
        if (fn(ctx, file, record_reader_line(r), line.p, line.len, err) < 0) {
            return -1;
        }
    }
    return rc;
}

/* ---- a directory ---- */

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct walk {
    const char *root;
    size_t max_record;
    release_line_fn fn;
    void *ctx;
    uint64_t files;
};

static int walk_dir(struct walk *w, const char *rel, struct err *err);

/* "a/b", or a copy of b when a is NULL. */
static char *
join(const char *a, const char *b)
{
    size_t la = a ? strlen(a) : 0, lb = strlen(b);
    char *s = xmalloc(size_add(size_add(la, lb), 2));

    if (a) {
        memcpy(s, a, la);
        s[la++] = '/';
    }
    memcpy(s + la, b, lb + 1);
    return s;
}

static int
walk_entry(struct walk *w, const char *rel, struct err *err)
{
    char *full = join(w->root, rel);
    struct record_reader *r = NULL;
    struct stat st;
    int rc = -1;

    /* lstat: a symlinked directory could loop or leave the release; a linked file is read. */
    if (lstat(full, &st) != 0) {
        err_set(err, ERR_IO, "%s: cannot stat: %s", full, strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = walk_dir(w, rel, err);
        goto out;
    }
    if (!is_data_file(rel)) {
        rc = 0;
        goto out;
    }
    w->files++;
    if (record_reader_open(full, w->max_record, &r, err) < 0 ||
        each_line(r, rel, w->fn, w->ctx, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    record_reader_free(r);
    free(full);
    return rc;
}

static int
walk_dir(struct walk *w, const char *rel, struct err *err)
{
    char *dir = rel ? join(w->root, rel) : xstrdup(w->root);
    char **names = NULL;
    size_t n = 0;
    DIR *d;
    struct dirent *e;
    int rc = -1;

    if (!(d = opendir(dir))) {
        err_set(err, ERR_IO, "%s: cannot open directory: %s", dir, strerror(errno));
        goto out;
    }
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
            continue;
        }
        names = xrealloc(names, size_mul(n + 1, sizeof(*names)));
        names[n++] = join(rel, e->d_name);
    }
    closedir(d);
    if (n > 1) {
        qsort(names, n, sizeof(*names), by_name);
    }
    for (size_t i = 0; i < n; i++) {
        if (walk_entry(w, names[i], err) < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
    free(dir);
    return rc;
}

/* ---- an archive ---- */

static long
member_read(void *ctx, const void **p)
{
    struct archive *a = ctx;
    size_t len = 0;
    la_int64_t off;

    for (;;) {
        int rc = archive_read_data_block(a, p, &len, &off);
        if (rc == ARCHIVE_EOF) {
            return 0;
        }
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
            return -1;
        }
        if (len) {
            return (long)len;
        }
    }
}

static int
walk_archive(const char *path, size_t max_record, release_line_fn fn, void *ctx, uint64_t *files,
             struct err *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *entry;
    int rc = -1, st;

    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        err_set(err, ERR_IO, "%s: cannot open release: %s", path, archive_error_string(a));
        goto out;
    }
    while ((st = archive_read_next_header(a, &entry)) == ARCHIVE_OK || st == ARCHIVE_WARN) {
        const char *name = archive_entry_pathname(entry);
        struct record_reader *r = NULL;
        if (archive_entry_filetype(entry) != AE_IFREG || !name || !is_data_file(name)) {
            continue;
        }
        (*files)++;
        int ok = record_reader_open_stream(name, max_record, member_read, a, &r, err) == 0 &&
                 each_line(r, name, fn, ctx, err) == 0;
        record_reader_free(r);
        if (!ok) {
            err_prefix(err, "%s", path);
            goto out;
        }
    }
    if (st != ARCHIVE_EOF) {
        err_set(err, ERR_IO, "%s: cannot read release: %s", path, archive_error_string(a));
        goto out;
    }
    rc = 0;
out:
    archive_read_free(a);
    return rc;
}

int
release_each_line(const char *release, size_t max_record, release_line_fn fn, void *ctx,
                  uint64_t *files, struct err *err)
{
    struct stat st;

    *files = 0;
    if (stat(release, &st) != 0) {
        return err_set(err, ERR_IO, "%s: cannot open release: %s", release, strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        struct walk w = {release, max_record, fn, ctx, 0};
        int rc = walk_dir(&w, NULL, err);
        *files = w.files;
        if (rc < 0) {
            return -1;
        }
    } else if (walk_archive(release, max_record, fn, ctx, files, err) < 0) {
        return -1;
    }
    if (*files == 0) {
        return err_set(err, ERR_PARSE, "%s: no *.jsonl data files in the release: nothing to scan",
                       release);
    }
    return 0;
}
