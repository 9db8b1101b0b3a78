/*
 * libarchive is used here (not only in release/) because it is the one well-kept library that
 * reads and writes every compression veil accepts through a single streaming API.
 */
#include "common/record.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/outfile.h"
#include "common/xalloc.h"
#include "common/banned.h"

#define CHUNK_SIZE ((size_t)1 << 16)
/* A line buffer that grew past this (a record longer than it) is freed once the record is used. */
#define RECORD_LINE_KEEP ((size_t)4 << 20)

struct record_reader {
    struct archive *a; /* NULL when reading a byte range of a plain file */
    FILE *fp;          /* the plain file, in range mode */
    unsigned char *own_chunk;
    uint64_t range_end; /* lines starting at or after this offset belong to the next shard */
    uint64_t range_base;
    char *path;
    const unsigned char *chunk; /* current block returned by libarchive */
    size_t chunk_len, chunk_pos;
    struct buf line; /* a line that spans blocks is assembled here */
    uint64_t line_no, bytes;
    int eof;
    int skipping;                                   /* discarding the rest of an oversized line */
    long (*stream_read)(void *ctx, const void **p); /* record_reader_open_stream */
    void *stream_ctx;
};

static int
archive_fail(struct archive *a, const char *path, const char *what, struct err *err)
{
    const char *msg = archive_error_string(a);
    return err_set(err, ERR_IO, "%s: %s: %s", path, what, msg ? msg : "unknown error");
}

int
record_reader_open(const char *path, size_t max_record, struct record_reader **out, struct err *err)
{
    struct record_reader *r = xcalloc(1, sizeof(*r));
    int rc;

    r->path = xstrdup(path);
    buf_init(&r->line, max_record);
    r->a = archive_read_new();
    archive_read_support_filter_all(r->a);
    archive_read_support_format_raw(r->a);
    archive_read_support_format_empty(r->a);
    if (strcmp(path, "-") == 0) {
        rc = archive_read_open_fd(r->a, 0, CHUNK_SIZE);
    } else {
        rc = archive_read_open_filename(r->a, path, CHUNK_SIZE);
    }
    if (rc != ARCHIVE_OK) {
        archive_fail(r->a, path, "cannot open", err);
        record_reader_free(r);
        return -1;
    }
    struct archive_entry *entry;
    rc = archive_read_next_header(r->a, &entry);
    if (rc == ARCHIVE_EOF) {
        r->eof = 1;
    } else if (rc != ARCHIVE_OK) {
        archive_fail(r->a, path, "cannot read", err);
        record_reader_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

static la_ssize_t
stream_cb(struct archive *a, void *ctx, const void **p)
{
    struct record_reader *r = ctx;
    long n = r->stream_read(r->stream_ctx, p);
    if (n < 0) {
        archive_set_error(a, EIO, "read failed");
        return -1;
    }
    return (la_ssize_t)n;
}

int
record_reader_open_stream(const char *name, size_t max_record,
                          long (*read)(void *ctx, const void **p), void *ctx,
                          struct record_reader **out, struct err *err)
{
    struct record_reader *r = xcalloc(1, sizeof(*r));
    struct archive_entry *entry;
    int rc;

    r->path = xstrdup(name);
    r->stream_read = read;
    r->stream_ctx = ctx;
    buf_init(&r->line, max_record);
    r->a = archive_read_new();
    archive_read_support_filter_all(r->a);
    archive_read_support_format_raw(r->a);
    archive_read_support_format_empty(r->a);
    if (archive_read_open(r->a, r, NULL, stream_cb, NULL) != ARCHIVE_OK) {
        archive_fail(r->a, name, "cannot open", err);
        record_reader_free(r);
        return -1;
    }
    rc = archive_read_next_header(r->a, &entry);
    if (rc == ARCHIVE_EOF) {
        r->eof = 1;
    } else if (rc != ARCHIVE_OK) {
        archive_fail(r->a, name, "cannot read", err);
        record_reader_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

/* Makes the next block current; returns 1, 0 at end, -1 on error. */
static int
next_chunk(struct record_reader *r, struct err *err)
{
    const void *p;
    size_t len;
    la_int64_t off;
    int rc;

    if (r->eof) {
        return 0;
    }
    if (r->fp) {
        len = fread(r->own_chunk, 1, CHUNK_SIZE, r->fp);
        if (len == 0) {
            if (ferror(r->fp)) {
                return err_set(err, ERR_IO, "%s: read failed: %s", r->path, strerror(errno));
            }
            r->eof = 1;
            return 0;
        }
        r->chunk = r->own_chunk;
        r->chunk_len = len;
        r->chunk_pos = 0;
        return 1;
    }
    rc = archive_read_data_block(r->a, &p, &len, &off);
    if (rc == ARCHIVE_EOF) {
        r->eof = 1;
        return 0;
    }
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        return archive_fail(r->a, r->path, "read failed (truncated or corrupt input?)", err);
    }
    r->chunk = p;
    r->chunk_len = len;
    r->chunk_pos = 0;
    return 1;
}

static void
trim_cr(struct span *line)
{
    if (line->len && line->p[line->len - 1] == '\r') {
        line->len--;
    }
}

/* An oversized line is an error; when it is not complete yet, the rest of it is skipped. */
static int
too_long(struct record_reader *r, int complete, struct err *err)
{
    r->skipping = !complete;
    buf_reset(&r->line);
    return err_set(err, ERR_LIMIT, "%s:%llu: record %llu is longer than the limit of %zu bytes",
                   r->path, (unsigned long long)r->line_no, (unsigned long long)r->line_no,
                   r->line.max);
}

int
record_reader_next(struct record_reader *r, struct span *line, struct err *err)
{
    int started = 0;

    buf_shrink(&r->line, RECORD_LINE_KEEP);
    for (;;) {
        if (r->chunk_pos == r->chunk_len) {
            int rc = next_chunk(r, err);
            if (rc < 0) {
                return -1;
            }
            if (rc == 0) {
                if (r->skipping) {
                    r->skipping = 0;
                    return 0;
                }
                if (!started) {
                    return 0;
                }
                line->p = r->line.data;
                line->len = r->line.len;
                trim_cr(line);
                return 1;
            }
        }
        const unsigned char *start = r->chunk + r->chunk_pos;
        size_t avail = r->chunk_len - r->chunk_pos;
        const unsigned char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;

        if (!started && !r->skipping) {
            if (r->fp && r->range_base + r->bytes >= r->range_end) {
                return 0; /* the next line starts in the next shard */
            }
            started = 1;
            r->line_no++;
        }
        r->chunk_pos += take + (nl ? 1 : 0);
        r->bytes += take + (nl ? 1 : 0);
        if (r->skipping) {
            if (nl) {
                r->skipping = 0;
                started = 0;
            }
            continue;
        }
        if (r->line.len + take > r->line.max) {
            return too_long(r, nl != NULL, err);
        }
        if (nl && r->line.len == 0) {
            /* The whole line is inside this block: hand out a view, no copy. */
            line->p = start;
            line->len = take;
            trim_cr(line);
            return 1;
        }
        if (buf_append(&r->line, start, take, err) < 0) {
            return -1;
        }
        if (nl) {
            line->p = r->line.data;
            line->len = r->line.len;
            trim_cr(line);
            return 1;
        }
    }
}

int
record_input_is_compressed(const char *path, struct err *err)
{
    static const struct {
        const unsigned char *magic;
        size_t len;
    } magics[] = {
        {(const unsigned char *)"\x1f\x8b", 2},         /* gzip */
        {(const unsigned char *)"\x28\xb5\x2f\xfd", 4}, /* zstd */
        {(const unsigned char *)"\xfd"
                                "7zXZ",
         5},                                            /* xz */
        {(const unsigned char *)"BZh", 3},              /* bzip2 */
        {(const unsigned char *)"\x04\x22\x4d\x18", 4}, /* lz4 */
    };
    unsigned char head[8];
    FILE *fp = fopen(path, "rb");
    size_t n;

    if (!fp) {
        return err_set(err, ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
    n = fread(head, 1, sizeof(head), fp);
    fclose(fp);
    for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
        if (n >= magics[i].len && memcmp(head, magics[i].magic, magics[i].len) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Position fp at the first line that starts at or after offset start. */
static int
seek_to_line_start(FILE *fp, const char *path, uint64_t start, uint64_t *base, struct err *err)
{
    int c;

    *base = start;
    if (start == 0) {
        return 0;
    }
    if (fseeko(fp, (off_t)(start - 1), SEEK_SET) != 0) {
        return err_set(err, ERR_IO, "%s: cannot seek: %s", path, strerror(errno));
    }
    *base = start - 1;
    while ((c = fgetc(fp)) != EOF) {
        (*base)++;
        if (c == '\n') {
            return 0;
        }
    }
    if (ferror(fp)) {
        return err_set(err, ERR_IO, "%s: read failed: %s", path, strerror(errno));
    }
    return 0;
}

int
record_reader_open_shard(const char *path, size_t max_record, unsigned k, unsigned n,
                         struct record_reader **out, struct err *err)
{
    struct record_reader *r;
    struct stat st;
    uint64_t start, end;
    char label[64];

    if (n <= 1) {
        return record_reader_open(path, max_record, out, err);
    }
    r = xcalloc(1, sizeof(*r));
    r->fp = fopen(path, "rb");
    if (!r->fp || fstat(fileno(r->fp), &st) != 0) {
        err_set(err, ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        record_reader_free(r);
        return -1;
    }
    start = (uint64_t)st.st_size * (k - 1) / n;
    end = (uint64_t)st.st_size * k / n;
    buf_init(&r->line, max_record);
    r->own_chunk = xmalloc(CHUNK_SIZE);
    r->range_end = end;
    if (seek_to_line_start(r->fp, path, start, &r->range_base, err) < 0) {
        record_reader_free(r);
        return -1;
    }
    /* Counting the lines before the shard would read the file up to it: messages give the
     * byte its first line starts at instead, and line numbers from there. */
    snprintf(label, sizeof(label), "[shard %u/%u from byte %" PRIu64 "]", k, n, r->range_base);
    r->path = xmalloc(strlen(path) + strlen(label) + 1);
    memcpy(r->path, path, strlen(path));
    memcpy(r->path + strlen(path), label, strlen(label) + 1);
    *out = r;
    return 0;
}

void
record_reader_drop_line(struct record_reader *r)
{
    buf_shrink(&r->line, RECORD_LINE_KEEP);
}

bool
record_reader_take_line(struct record_reader *r, const struct span *line, struct buf *out)
{
    struct buf mine = r->line;

    if (!r->line.data || line->p != r->line.data || out->len != 0 || line->len > out->max) {
        return false;
    }
    r->line.data = out->data;
    r->line.cap = out->cap;
    r->line.len = 0;
    out->data = mine.data;
    out->cap = mine.cap;
    out->len = line->len; /* without a '\r' before the newline */
    out->data[out->len] = '\0';
    return true;
}

uint64_t
record_reader_line(const struct record_reader *r)
{
    return r->line_no;
}

uint64_t
record_reader_bytes(const struct record_reader *r)
{
    return r->bytes;
}

const char *
record_reader_path(const struct record_reader *r)
{
    return r->path;
}

void
record_reader_free(struct record_reader *r)
{
    if (!r) {
        return;
    }
    if (r->a) {
        archive_read_free(r->a);
    }
    if (r->fp) {
        fclose(r->fp);
    }
    free(r->own_chunk);
    buf_release(&r->line);
    free(r->path);
    free(r);
}

struct record_writer {
    struct outfile *out;
    struct archive *a; /* NULL when writing plain bytes */
    uint64_t bytes;
    struct err cb_err; /* error raised inside a libarchive callback */
};

static la_ssize_t
write_cb(struct archive *a, void *ctx, const void *p, size_t n)
{
    struct record_writer *w = ctx;
    (void)a;
    if (outfile_write(w->out, p, n, &w->cb_err) < 0) {
        archive_set_error(a, 5, "%s", w->cb_err.msg);
        return -1;
    }
    return (la_ssize_t)n;
}

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
add_filter_for(struct archive *a, const char *path)
{
    if (ends_with(path, ".gz")) {
        /* No timestamp in the gzip header, so the same input gives the same bytes. */
        if (archive_write_add_filter_gzip(a) != ARCHIVE_OK) {
            return -1;
        }
        return archive_write_set_filter_option(a, "gzip", "timestamp", NULL) == ARCHIVE_OK ? 1 : -1;
    }
    if (ends_with(path, ".zst")) {
        return archive_write_add_filter_zstd(a) == ARCHIVE_OK ? 1 : -1;
    }
    if (ends_with(path, ".xz")) {
        return archive_write_add_filter_xz(a) == ARCHIVE_OK ? 1 : -1;
    }
    return 0;
}

static int
open_compressor(struct record_writer *w, const char *path, struct err *err)
{
    struct archive_entry *entry;
    int rc;

    w->a = archive_write_new();
    rc = add_filter_for(w->a, path);
    if (rc == 0) {
        archive_write_free(w->a);
        w->a = NULL;
        return 0;
    }
    if (rc < 0 || archive_write_set_format_raw(w->a) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(w->a, 1) != ARCHIVE_OK ||
        archive_write_open2(w->a, w, NULL, write_cb, NULL, NULL) != ARCHIVE_OK) {
        return archive_fail(w->a, path, "cannot set up compression", err);
    }
    entry = archive_entry_new();
    archive_entry_set_pathname(entry, "data");
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    rc = archive_write_header(w->a, entry);
    archive_entry_free(entry);
    if (rc != ARCHIVE_OK) {
        return archive_fail(w->a, path, "cannot set up compression", err);
    }
    return 0;
}

int
record_writer_open(const char *path, struct record_writer **out, struct err *err)
{
    struct record_writer *w = xcalloc(1, sizeof(*w));

    if (outfile_open(path, 0644, &w->out, err) < 0) {
        free(w);
        return -1;
    }
    if (strcmp(path, "-") != 0 && open_compressor(w, path, err) < 0) {
        record_writer_free(w);
        return -1;
    }
    *out = w;
    return 0;
}

int
record_writer_write(struct record_writer *w, const void *p, size_t n, struct err *err)
{
    w->bytes += n;
    if (!w->a) {
        return outfile_write(w->out, p, n, err);
    }
    if (n && archive_write_data(w->a, p, n) != (la_ssize_t)n) {
        return archive_fail(w->a, outfile_path(w->out), "write failed", err);
    }
    return 0;
}

int
record_writer_commit(struct record_writer *w, struct err *err)
{
    if (w->a) {
        int rc = archive_write_close(w->a);
        if (rc != ARCHIVE_OK) {
            return archive_fail(w->a, outfile_path(w->out), "write failed", err);
        }
    }
    return outfile_commit(w->out, err);
}

uint64_t
record_writer_bytes(const struct record_writer *w)
{
    return w->bytes;
}

int
record_writer_sha256(struct record_writer *w, char hex[65], uint64_t *size, struct err *err)
{
    return outfile_sha256(w->out, hex, size, err);
}

void
record_writer_free(struct record_writer *w)
{
    if (!w) {
        return;
    }
    if (w->a) {
        archive_write_free(w->a);
    }
    outfile_free(w->out);
    free(w);
}
