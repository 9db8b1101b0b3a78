/*
 * The reproducible tar: pax-restricted (plain ustar headers unless a path needs more), fixed
 * mtime, uid/gid 0, empty owner names, modes 0644/0755, no xattrs or ACLs (entries are built by
 * hand, never read from disk), and compressor headers without timestamps. The caller adds
 * entries in sorted order. Bytes are hashed as they are written, so the signature covers exactly
 * what reached the file.
 */
#include "release/release_internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/fdio.h"
#include "common/outfile.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"

#include "common/banned.h"

struct tar_writer {
    struct archive *a;
    struct outfile *out;
    struct digest *sha256, *b2;
    int64_t mtime;
    struct err write_err; /* the first failure inside the write callback */
};

static int
archive_failed(struct tar_writer *w, const char *what, struct err *err)
{
    if (w->write_err.kind != ERR_NONE) {
        *err = w->write_err;
        return -1;
    }
    return err_set(err, ERR_DEP, "%s: %s: %s", outfile_path(w->out), what,
                   archive_error_string(w->a) ? archive_error_string(w->a) : "libarchive error");
}

static la_ssize_t
write_cb(struct archive *a, void *ctx, const void *p, size_t n)
{
    struct tar_writer *w = ctx;

    (void)a;
    if (outfile_write(w->out, p, n, &w->write_err) < 0 ||
        digest_update(w->sha256, p, n, &w->write_err) < 0 ||
        digest_update(w->b2, p, n, &w->write_err) < 0) {
        return -1;
    }
    return (la_ssize_t)n;
}

int
tar_packer_version(struct buf *out, struct err *err)
{
    /* archive_version_details() would do, but it leaks a buffer per call in 3.6.2 */
    const char *zlib = archive_zlib_version(), *xz = archive_liblzma_version();
    const char *zstd = archive_libzstd_version();

    return buf_printf(out, err, "%s zlib/%s liblzma/%s libzstd/%s", archive_version_string(),
                      zlib ? zlib : "none", xz ? xz : "none", zstd ? zstd : "none");
}

int
tar_compression_for(const char *path, enum tar_compression *out, struct err *err)
{
    static const struct {
        const char *ext;
        enum tar_compression c;
    } table[] = {{".tar.zst", TAR_ZSTD}, {".tar.gz", TAR_GZIP}, {".tar.xz", TAR_XZ}};
    size_t n = strlen(path);

    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        size_t e = strlen(table[i].ext);
        if (n > e && strcmp(path + n - e, table[i].ext) == 0) {
            *out = table[i].c;
            return 0;
        }
    }
    return err_set(err, ERR_USAGE, "%s: output must end in .tar.zst, .tar.gz or .tar.xz", path);
}

/* Fixed levels: the compressed bytes depend on them, so defaults must not drift. */
static int
add_filter(struct tar_writer *w, enum tar_compression c)
{
    switch (c) {
    case TAR_ZSTD:
        return archive_write_add_filter_zstd(w->a) == ARCHIVE_OK &&
               archive_write_set_filter_option(w->a, "zstd", "compression-level", "9") ==
                   ARCHIVE_OK;
    case TAR_GZIP:
        /* gzip stores time(NULL) in its header unless told not to */
        return archive_write_add_filter_gzip(w->a) == ARCHIVE_OK &&
               archive_write_set_filter_option(w->a, "gzip", "timestamp", NULL) == ARCHIVE_OK &&
               archive_write_set_filter_option(w->a, "gzip", "compression-level", "9") ==
                   ARCHIVE_OK;
    case TAR_XZ:
        return archive_write_add_filter_xz(w->a) == ARCHIVE_OK &&
               archive_write_set_filter_option(w->a, "xz", "compression-level", "6") == ARCHIVE_OK;
    }
    return 0;
}

int
tar_writer_open(const char *path, enum tar_compression c, int64_t mtime, struct tar_writer **out,
                struct err *err)
{
    struct tar_writer *w = xcalloc(1, sizeof(*w));

    w->mtime = mtime;
    if (outfile_open(path, 0644, &w->out, err) < 0 ||
        digest_new(DIGEST_SHA256, &w->sha256, err) < 0 ||
        digest_new(DIGEST_BLAKE2B512, &w->b2, err) < 0) {
        tar_writer_free(w);
        return -1;
    }
    w->a = archive_write_new();
    if (!w->a || archive_write_set_format_pax_restricted(w->a) != ARCHIVE_OK || !add_filter(w, c) ||
        archive_write_set_bytes_in_last_block(w->a, 1) != ARCHIVE_OK ||
        archive_write_open2(w->a, w, NULL, write_cb, NULL, NULL) != ARCHIVE_OK) {
        archive_failed(w, "cannot start archive", err);
        tar_writer_free(w);
        return -1;
    }
    *out = w;
    return 0;
}

static struct archive_entry *
new_entry(const struct tar_writer *w, const char *path, int is_dir, uint64_t size)
{
    struct archive_entry *e = archive_entry_new();

    archive_entry_set_pathname(e, path);
    archive_entry_set_filetype(e, is_dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e, is_dir ? 0755 : 0644);
    archive_entry_set_size(e, is_dir ? 0 : (la_int64_t)size);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_mtime(e, (time_t)w->mtime, 0);
    return e;
}

int
tar_writer_dir(struct tar_writer *w, const char *path, struct err *err)
{
    struct archive_entry *e = new_entry(w, path, 1, 0);
    int rc = 0;

    if (archive_write_header(w->a, e) != ARCHIVE_OK) {
        rc = archive_failed(w, path, err);
    }
    archive_entry_free(e);
    return rc;
}

static int
write_data(struct tar_writer *w, const char *name, const void *p, size_t n, struct err *err)
{
    if (n && archive_write_data(w->a, p, n) != (la_ssize_t)n) {
        return archive_failed(w, name, err);
    }
    return 0;
}

/* Copies the on-disk file, hashing it again: a file changed since it was checked is refused. */
static int
copy_source(struct tar_writer *w, const struct release_file *f, const char *name, struct err *err)
{
    unsigned char chunk[65536], md[SHA256_BYTES];
    char hex[65];
    struct digest *d = NULL;
    uint64_t total = 0;
    int fd, rc = -1;

    fd = open(f->source, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return err_set(err, ERR_IO, "%s: cannot open: %s", f->source, strerror(errno));
    }
    if (digest_new(DIGEST_SHA256, &d, err) < 0) {
        goto out;
    }
    for (;;) {
        ssize_t r = fd_read(fd, chunk, sizeof(chunk), f->source, err);
        if (r < 0) {
            goto out;
        }
        if (r == 0 || total + (uint64_t)r > f->size) {
            break;
        }
        total += (uint64_t)r;
        if (digest_update(d, chunk, (size_t)r, err) < 0 ||
            write_data(w, name, chunk, (size_t)r, err) < 0) {
            goto out;
        }
    }
    if (digest_final(d, md, err) < 0) {
        goto out;
    }
    hex_encode(md, sizeof(md), hex);
    if (total != f->size || strcmp(hex, f->sha256) != 0) {
        err_set(err, ERR_IO, "%s: changed while the release was being built", f->source);
        goto out;
    }
    rc = 0;
out:
    digest_free(d);
    close(fd);
    return rc;
}

int
tar_writer_file(struct tar_writer *w, const char *prefix, const struct release_file *f,
                struct err *err)
{
    struct archive_entry *e;
    struct buf name;
    int rc = -1;

    buf_init(&name, BUF_NO_MAX);
    if (buf_printf(&name, err, "%s/%s", prefix, f->path) < 0) {
        goto out;
    }
    e = new_entry(w, (const char *)name.data, 0, f->size);
    if (archive_write_header(w->a, e) != ARCHIVE_OK) {
        archive_entry_free(e);
        archive_failed(w, (const char *)name.data, err);
        goto out;
    }
    archive_entry_free(e);
    if (f->source ? copy_source(w, f, (const char *)name.data, err)
                  : write_data(w, (const char *)name.data, f->data, (size_t)f->size, err)) {
        goto out;
    }
    rc = 0;
out:
    buf_release(&name);
    return rc;
}

int
tar_writer_finish(struct tar_writer *w, unsigned char sha256[32], unsigned char b2[64],
                  struct err *err)
{
    if (archive_write_close(w->a) != ARCHIVE_OK) {
        return archive_failed(w, "cannot finish archive", err);
    }
    if (digest_final(w->sha256, sha256, err) < 0 || digest_final(w->b2, b2, err) < 0) {
        return -1;
    }
    return 0;
}

int
tar_writer_commit(struct tar_writer *w, struct err *err)
{
    return outfile_commit(w->out, err);
}

void
tar_writer_free(struct tar_writer *w)
{
    if (!w) {
        return;
    }
    if (w->a) {
        archive_write_free(w->a);
    }
    outfile_free(w->out);
    digest_free(w->sha256);
    digest_free(w->b2);
    free(w);
}
