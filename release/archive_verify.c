/*
 * Streams a release archive once and checks every entry: safe relative path under one top
 * directory, regular files and directories only, no duplicates, each file listed in
 * MANIFEST.json with the same size and SHA-256, SHA256SUMS agreeing with both, and bounded
 * sizes so that a decompression bomb stops at its first excess byte. Extraction, when asked for,
 * writes into a private temporary directory that becomes visible only after every check passed.
 */
#include "release/archive_verify_internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"

#include "common/banned.h"

#define MAX_ENTRIES 100000

struct verifier {
    const char *archive;
    const struct archive_check_opts *opts;
    char *top;
    struct manifest m;
    int have_manifest;
    struct buf manifest_text, sums_text;
    struct release_files seen; /* regular files: path relative to top, size, sha256 */
    json_t *names;             /* every entry path, for duplicates */
    json_t *dirs;              /* directory entries, relative to top without the final '/' */
    uint64_t total;
    size_t entries;
};

/* Control bytes and non-ASCII become \xNN, so a hostile name cannot drive the terminal. */
static const char *
shown(const char *path, char *out, size_t cap)
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;

    for (const unsigned char *p = (const unsigned char *)path; *p && o + 5 < cap; p++) {
        if (*p >= 0x20 && *p < 0x7f) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = digits[*p >> 4];
            out[o++] = digits[*p & 15];
        }
    }
    out[o] = '\0';
    return out;
}

/* Names the first problem with an entry path, or NULL when it is a safe relative path. */
static const char *
path_problem(const char *path)
{
    const char *p = path;

    if (path[0] == '\0') {
        return "empty path";
    }
    if (path[0] == '/') {
        return "absolute path";
    }
    for (const char *c = path; *c; c++) {
        if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f) {
            return "control or non-ASCII byte in path";
        }
    }
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            return "'..' component";
        }
        if (len == 1 && p[0] == '.') {
            return "'.' component";
        }
        if (len == 0) {
            return "empty component";
        }
        p += len + (slash ? 1 : 0);
    }
    if (strchr(path, '\\')) {
        return "backslash in path";
    }
    return NULL;
}

static const char *
type_problem(struct archive_entry *e)
{
    if (archive_entry_hardlink(e)) {
        return "hardlink";
    }
    switch (archive_entry_filetype(e)) {
    case AE_IFREG:
    case AE_IFDIR:
        return NULL;
    case AE_IFLNK:
        return "symlink";
    case AE_IFCHR:
    case AE_IFBLK:
        return "device";
    default:
        return "special file";
    }
}

/* Checks the path and type; sets *rel to the part after "top/" (empty for the top itself). */
static int
check_entry_name(struct verifier *v, struct archive_entry *e, const char *path, char **rel,
                 struct err *err)
{
    const char *problem = path_problem(path), *slash;
    char safe[256];
    size_t top_len;

    if (problem) {
        /* every later message may print the path: it is printable ASCII from here on */
        return err_set(err, ERR_VERIFY, "%s: entry '%s': %s", v->archive,
                       shown(path, safe, sizeof(safe)), problem);
    }
    if ((problem = type_problem(e))) {
        return err_set(err, ERR_VERIFY, "%s: entry '%s': %s not allowed", v->archive, path,
                       problem);
    }
    if (json_object_get(v->names, path)) {
        return err_set(err, ERR_VERIFY, "%s: entry '%s': duplicate entry", v->archive, path);
    }
    json_object_set_new(v->names, path, json_true());
    slash = strchr(path, '/');
    top_len = slash ? (size_t)(slash - path) : strlen(path);
    if (!v->top) {
        v->top = xmemdup(path, top_len + 1);
        v->top[top_len] = '\0';
    } else if (strlen(v->top) != top_len || memcmp(v->top, path, top_len) != 0) {
        return err_set(err, ERR_VERIFY, "%s: entry '%s': outside the release directory '%s/'",
                       v->archive, path, v->top);
    }
    *rel = xstrdup(slash ? slash + 1 : "");
    return 0;
}

static int
make_dirs_for(struct verifier *v, const char *rel, int is_dir, struct err *err)
{
    struct buf path;
    int rc = -1;

    buf_init(&path, BUF_NO_MAX);
    if (buf_printf(&path, err, "%s/%s/", v->opts->extract_tmp, v->top) < 0) {
        goto out;
    }
    for (const char *p = rel;;) {
        const char *slash = strchr(p, '/');
        if (mkdir((const char *)path.data, 0755) != 0 && errno != EEXIST) {
            err_set(err, ERR_IO, "%s: cannot create: %s", (const char *)path.data, strerror(errno));
            goto out;
        }
        if (!slash && !is_dir) {
            break;
        }
        if (!slash || !*p) {
            break;
        }
        if (buf_append(&path, p, (size_t)(slash - p + 1), err) < 0) {
            goto out;
        }
        p = slash + 1;
    }
    rc = 0;
out:
    buf_release(&path);
    return rc;
}

static int
open_extract_file(struct verifier *v, const char *rel, int *fd, struct err *err)
{
    struct buf path;
    int rc = -1;

    *fd = -1;
    if (!v->opts->extract_tmp) {
        return 0;
    }
    buf_init(&path, BUF_NO_MAX);
    if (make_dirs_for(v, rel, 0, err) < 0 ||
        buf_printf(&path, err, "%s/%s/%s", v->opts->extract_tmp, v->top, rel) < 0) {
        goto out;
    }
    *fd = open((const char *)path.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (*fd < 0) {
        err_set(err, ERR_IO, "%s: cannot create: %s", (const char *)path.data, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    buf_release(&path);
    return rc;
}

static int
write_all(int fd, const void *p, size_t n, const char *what, struct err *err)
{
    const unsigned char *b = p;

    while (n) {
        ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return err_set(err, ERR_IO, "%s: write failed: %s", what, strerror(errno));
        }
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

/* How many bytes this entry may hold, by what the manifest (if already read) says. */
static int
entry_limit(struct verifier *v, const char *path, const char *rel, uint64_t *limit,
            struct buf **keep, struct err *err)
{
    const struct release_file *mf;

    *keep = NULL;
    if (strcmp(rel, RELEASE_MANIFEST) == 0) {
        *keep = &v->manifest_text;
        *limit = RELEASE_TEXT_MAX;
        return 0;
    }
    if (strcmp(rel, RELEASE_SUMS) == 0) {
        *keep = &v->sums_text;
        *limit = RELEASE_TEXT_MAX;
        return 0;
    }
    if (!v->have_manifest) {
        /* only the card's text files sort before MANIFEST.json; they are small */
        *limit = RELEASE_TEXT_MAX;
        return 0;
    }
    mf = manifest_find(&v->m, rel);
    if (!mf) {
        return err_set(err, ERR_VERIFY, "%s: entry '%s': not in the manifest", v->archive, path);
    }
    *limit = mf->size;
    return 0;
}

static int
too_big(struct verifier *v, const char *path, uint64_t have, uint64_t limit, struct err *err)
{
    if (have > limit) {
        return err_set(err, ERR_VERIFY,
                       "%s: entry '%s': larger than its manifest size (%llu bytes; possible "
                       "decompression bomb)",
                       v->archive, path, (unsigned long long)limit);
    }
    if (v->total > v->opts->max_total) {
        return err_set(err, ERR_VERIFY,
                       "%s: entry '%s': archive content exceeds the %llu-byte limit (possible "
                       "decompression bomb)",
                       v->archive, path, (unsigned long long)v->opts->max_total);
    }
    return 0;
}

/* Reads one file's data: counted, bounded, hashed, kept or extracted. */
static int
read_file_data(struct verifier *v, struct archive *a, struct archive_entry *e, const char *path,
               const char *rel, struct err *err)
{
    unsigned char chunk[65536], md[SHA256_BYTES];
    struct digest *d = NULL;
    struct buf *keep;
    struct release_file *f;
    uint64_t limit = 0, size = 0;
    int fd = -1, rc = -1;

    if (entry_limit(v, path, rel, &limit, &keep, err) < 0) {
        return -1;
    }
    if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 &&
        too_big(v, path, (uint64_t)archive_entry_size(e), limit, err) < 0) {
        return -1;
    }
    if (digest_new(DIGEST_SHA256, &d, err) < 0 || open_extract_file(v, rel, &fd, err) < 0) {
        goto out;
    }
    for (;;) {
        la_ssize_t r = archive_read_data(a, chunk, sizeof(chunk));
        if (r < 0) {
            err_set(err, ERR_VERIFY, "%s: entry '%s': corrupted or truncated: %s", v->archive, path,
                    archive_error_string(a) ? archive_error_string(a) : "read error");
            goto out;
        }
        if (r == 0) {
            break;
        }
        size += (uint64_t)r;
        v->total += (uint64_t)r;
        if (too_big(v, path, size, limit, err) < 0 || digest_update(d, chunk, (size_t)r, err) < 0 ||
            (keep && buf_append(keep, chunk, (size_t)r, err) < 0) ||
            (fd >= 0 && write_all(fd, chunk, (size_t)r, path, err) < 0)) {
            goto out;
        }
    }
    if (digest_final(d, md, err) < 0) {
        goto out;
    }
    f = release_files_add(&v->seen, rel);
    f->size = size;
    hex_encode(md, sizeof(md), f->sha256);
    rc = 0;
out:
    if (fd >= 0 && close(fd) != 0 && rc == 0) {
        rc = err_set(err, ERR_IO, "%s: close failed: %s", path, strerror(errno));
    }
    digest_free(d);
    return rc;
}

/* Once MANIFEST.json is read, the files seen before it must be in it too. */
static int
load_manifest(struct verifier *v, struct err *err)
{
    struct buf origin;
    int rc;

    buf_init(&origin, BUF_NO_MAX);
    if (buf_printf(&origin, err, "%s: %s/" RELEASE_MANIFEST, v->archive, v->top) < 0) {
        buf_release(&origin);
        return -1;
    }
    rc = manifest_parse((const char *)origin.data,
                        v->manifest_text.len ? (const char *)v->manifest_text.data : "",
                        v->manifest_text.len, &v->m, err);
    buf_release(&origin);
    if (rc < 0) {
        return -1;
    }
    v->have_manifest = 1;
    for (size_t i = 0; i < v->seen.n; i++) {
        const char *rel = v->seen.v[i].path;
        if (strcmp(rel, RELEASE_MANIFEST) != 0 && strcmp(rel, RELEASE_SUMS) != 0 &&
            !manifest_find(&v->m, rel)) {
            return err_set(err, ERR_VERIFY, "%s: entry '%s/%s': not in the manifest", v->archive,
                           v->top, rel);
        }
    }
    return 0;
}

static int
check_one_entry(struct verifier *v, struct archive *a, struct archive_entry *e, struct err *err)
{
    const char *path = archive_entry_pathname(e);
    char *rel = NULL;
    int rc = -1, is_dir;

    if (!path) {
        return err_set(err, ERR_VERIFY, "%s: entry %zu has no usable name", v->archive, v->entries);
    }
    if (check_entry_name(v, e, path, &rel, err) < 0) {
        goto out;
    }
    is_dir = archive_entry_filetype(e) == AE_IFDIR;
    if (is_dir) {
        size_t n = strlen(rel);
        json_object_setn_new(v->dirs, rel, n && rel[n - 1] == '/' ? n - 1 : n, json_true());
        rc = v->opts->extract_tmp ? make_dirs_for(v, rel, 1, err) : 0;
        goto out;
    }
    if (!*rel) {
        err_set(err, ERR_VERIFY, "%s: entry '%s': a file where the release directory should be",
                v->archive, path);
        goto out;
    }
    if (read_file_data(v, a, e, path, rel, err) < 0) {
        goto out;
    }
    rc = strcmp(rel, RELEASE_MANIFEST) == 0 ? load_manifest(v, err) : 0;
out:
    free(rel);
    return rc;
}

/* v->seen is sorted by check_totals before it is searched; its paths are unique. */
static const struct release_file *
seen_find(const struct verifier *v, const char *rel)
{
    size_t lo = 0, hi = v->seen.n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v->seen.v[mid].path, rel);
        if (c == 0) {
            return &v->seen.v[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

/* A directory entry is allowed only as the top or a parent of a manifest file. */
static int
check_dirs(struct verifier *v, struct err *err)
{
    json_t *parents = json_object(), *unused;
    const char *dir;
    int rc = 0;

    json_object_set_new(parents, "", json_true());
    for (size_t i = 0; i < v->m.files.n; i++) {
        const char *p = v->m.files.v[i].path, *slash;
        for (slash = strchr(p, '/'); slash; slash = strchr(slash + 1, '/')) {
            json_object_setn_new(parents, p, (size_t)(slash - p), json_true());
        }
    }
    json_object_foreach(v->dirs, dir, unused)
    {
        if (!json_object_get(parents, dir)) {
            rc = err_set(err, ERR_VERIFY, "%s: entry '%s/%s/': directory not in the manifest",
                         v->archive, v->top, dir);
            break;
        }
    }
    json_decref(parents);
    return rc;
}

static int
check_manifest_files(struct verifier *v, struct err *err)
{
    for (size_t i = 0; i < v->m.files.n; i++) {
        const struct release_file *want = &v->m.files.v[i], *got = seen_find(v, want->path);
        if (!got) {
            return err_set(err, ERR_VERIFY,
                           "%s: entry '%s/%s': in the manifest but missing from the archive",
                           v->archive, v->top, want->path);
        }
        if (got->size != want->size) {
            return err_set(err, ERR_VERIFY, "%s: entry '%s/%s': size %llu, manifest says %llu",
                           v->archive, v->top, want->path, (unsigned long long)got->size,
                           (unsigned long long)want->size);
        }
        if (strcmp(got->sha256, want->sha256) != 0) {
            return err_set(err, ERR_VERIFY, "%s: entry '%s/%s': sha256 does not match the manifest",
                           v->archive, v->top, want->path);
        }
    }
    return 0;
}

/* SHA256SUMS lists exactly the manifest's files plus MANIFEST.json, with the archive's hashes. */
static int
check_sums_list(struct verifier *v, struct err *err)
{
    struct release_files sums = {0};
    int rc = -1;

    if (sums_parse(RELEASE_SUMS, v->sums_text.len ? (const char *)v->sums_text.data : "",
                   v->sums_text.len, &sums, err) < 0) {
        err_prefix(err, "%s: %s", v->archive, v->top);
        goto out;
    }
    if (sums.n != v->m.files.n + 1) {
        err_set(err, ERR_VERIFY, "%s: entry '%s/%s': lists %zu files, expected %zu", v->archive,
                v->top, RELEASE_SUMS, sums.n, v->m.files.n + 1);
        goto out;
    }
    for (size_t i = 0; i < sums.n; i++) {
        const struct release_file *got = seen_find(v, sums.v[i].path);
        if (!got || strcmp(got->sha256, sums.v[i].sha256) != 0 ||
            (strcmp(sums.v[i].path, RELEASE_MANIFEST) != 0 &&
             !manifest_find(&v->m, sums.v[i].path))) {
            err_set(err, ERR_VERIFY, "%s: entry '%s/%s': line for '%s' does not match the archive",
                    v->archive, v->top, RELEASE_SUMS, sums.v[i].path);
            goto out;
        }
    }
    rc = 0;
out:
    release_files_release(&sums);
    return rc;
}

/* After the last entry: everything present, consistent, and under the name the manifest says. */
static int
check_totals(struct verifier *v, struct archive_check_result *res, struct err *err)
{
    const struct release_file *mf_seen;

    release_files_sort(&v->seen);
    if (!v->top) {
        return err_set(err, ERR_VERIFY, "%s: the archive is empty", v->archive);
    }
    if (!v->have_manifest || !seen_find(v, RELEASE_SUMS)) {
        return err_set(err, ERR_VERIFY, "%s: no %s/%s in the archive", v->archive, v->top,
                       v->have_manifest ? RELEASE_SUMS : RELEASE_MANIFEST);
    }
    if (strcmp(v->m.name, v->top) != 0) {
        return err_set(err, ERR_VERIFY,
                       "%s: manifest names the release '%s' but it unpacks to '%s/'", v->archive,
                       v->m.name, v->top);
    }
    if (check_dirs(v, err) < 0 || check_manifest_files(v, err) < 0 || check_sums_list(v, err) < 0) {
        return -1;
    }
    mf_seen = seen_find(v, RELEASE_MANIFEST);
    memcpy(res->manifest_sha256, mf_seen->sha256, sizeof(res->manifest_sha256));
    res->files = v->seen.n;
    res->bytes = v->total;
    res->name = xstrdup(v->top);
    res->manifest_key_id = v->m.key_id ? xstrdup(v->m.key_id) : NULL;
    return 0;
}

static struct archive *
open_reader(const char *path, struct err *err)
{
    struct archive *a = archive_read_new();

    if (!a || archive_read_support_filter_zstd(a) != ARCHIVE_OK ||
        archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
        archive_read_support_filter_xz(a) != ARCHIVE_OK ||
        archive_read_support_format_tar(a) != ARCHIVE_OK) {
        err_set(err, ERR_DEP, "%s: cannot set up the archive reader", path);
        if (a) {
            archive_read_free(a);
        }
        return NULL;
    }
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        err_set(err, ERR_VERIFY, "%s: not a readable tar archive (corrupted or truncated?): %s",
                path, archive_error_string(a) ? archive_error_string(a) : "unknown format");
        archive_read_free(a);
        return NULL;
    }
    return a;
}

int
archive_check(const char *path, const struct archive_check_opts *opts,
              struct archive_check_result *res, struct err *err)
{
    struct verifier v;
    struct archive *a;
    struct archive_entry *e;
    int r, rc = -1;

    memset(&v, 0, sizeof(v));
    memset(res, 0, sizeof(*res));
    v.archive = path;
    v.opts = opts;
    v.names = json_object();
    v.dirs = json_object();
    buf_init(&v.manifest_text, RELEASE_TEXT_MAX);
    buf_init(&v.sums_text, RELEASE_TEXT_MAX);
    a = open_reader(path, err);
    if (!a) {
        goto out;
    }
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        if (++v.entries > MAX_ENTRIES) {
            err_set(err, ERR_VERIFY, "%s: more than %d entries", path, MAX_ENTRIES);
            goto out;
        }
        if (check_one_entry(&v, a, e, err) < 0) {
            goto out;
        }
    }
    if (r != ARCHIVE_EOF) {
        err_set(err, ERR_VERIFY, "%s: corrupted or truncated after entry %zu: %s", path, v.entries,
                archive_error_string(a) ? archive_error_string(a) : "read error");
        goto out;
    }
    rc = check_totals(&v, res, err);
out:
    if (a) {
        archive_read_free(a);
    }
    free(v.top);
    manifest_release(&v.m);
    buf_release(&v.manifest_text);
    buf_release(&v.sums_text);
    release_files_release(&v.seen);
    json_decref(v.names);
    json_decref(v.dirs);
    return rc;
}

void
archive_check_result_release(struct archive_check_result *res)
{
    free(res->name);
    free(res->manifest_key_id);
    memset(res, 0, sizeof(*res));
}
