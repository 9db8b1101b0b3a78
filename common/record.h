#ifndef VEIL_RECORD_H
#define VEIL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

struct err;

/*
 * Line-oriented record I/O for JSONL datasets. The reader detects compression (gzip, zstd, xz,
 * bzip2, lz4 or none) by content, streams, and returns one line at a time without its "\n" or
 * "\r\n"; lines may be of any length up to max_record bytes, and a longer one is an ERR_LIMIT
 * error naming it, after which reading resumes at the next line. The writer compresses by the
 * output file's extension (.gz, .zst, .xz; anything else is plain) and appears at its path only
 * on commit (see outfile.h).
 */
struct record_reader;
struct record_writer;

#define RECORD_DEFAULT_MAX ((size_t)256 << 20)

/* path "-" reads stdin. */
int record_reader_open(const char *path, size_t max_record, struct record_reader **out,
                       struct err *err);
/*
 * Shard k of n (1-based) of a plain, uncompressed file: the lines that start in the byte range
 * [size*(k-1)/n, size*k/n). Every line belongs to exactly one shard, so the shards' outputs
 * concatenated in order equal the whole. Messages name the input as "path[shard k/n from byte
 * B]", B being where the shard's first line starts, and line numbers count from that line (1).
 * n <= 1 opens the whole input.
 */
int record_reader_open_shard(const char *path, size_t max_record, unsigned k, unsigned n,
                             struct record_reader **out, struct err *err);
/* Frees the storage of a line longer than a few megabytes once the caller has copied it (the
 * span record_reader_next gave is then invalid); shorter lines keep theirs for the next. */
void record_reader_drop_line(struct record_reader *r);
/*
 * Hands the line just read (line, from record_reader_next) to the empty buffer out when the
 * reader holds it in its own storage, by exchanging their storage: a line of many megabytes is
 * then not copied and held twice. Returns false, changing nothing, when it cannot (the caller
 * copies the line); the span is invalid after true.
 */
bool record_reader_take_line(struct record_reader *r, const struct span *line, struct buf *out);
/* 1 when the file starts with a gzip, zstd, xz, bzip2 or lz4 magic number, 0 when not. */
int record_input_is_compressed(const char *path, struct err *err);
/*
 * Reads lines from a caller's byte stream, e.g. a member of a tar archive, decompressing it by
 * content like a file. read(ctx, &p) returns the number of bytes at *p, 0 at the end or -1 on
 * error; ctx must outlive the reader. name is used in messages.
 */
int record_reader_open_stream(const char *name, size_t max_record,
                              long (*read)(void *ctx, const void **p), void *ctx,
                              struct record_reader **out, struct err *err);
/*
 * Reads the next line into *line (valid until the next call). Returns 1 for a line, 0 at end of
 * input, -1 on error (I/O, corrupt compression, or an oversized line: ERR_LIMIT, recoverable).
 */
int record_reader_next(struct record_reader *r, struct span *line, struct err *err);
/* 1-based number of the line last returned. */
uint64_t record_reader_line(const struct record_reader *r);
/* Uncompressed bytes consumed so far, newlines included. */
uint64_t record_reader_bytes(const struct record_reader *r);
const char *record_reader_path(const struct record_reader *r);
void record_reader_free(struct record_reader *r);

/* path "-" writes plain JSONL to stdout. */
int record_writer_open(const char *path, struct record_writer **out, struct err *err);
int record_writer_write(struct record_writer *w, const void *p, size_t n, struct err *err);
/* Finish compression, flush and rename into place. */
int record_writer_commit(struct record_writer *w, struct err *err);
/* Bytes written before compression. */
uint64_t record_writer_bytes(const struct record_writer *w);
/* SHA-256 and size of the file's bytes (compressed, if it is); once, after the commit. */
int record_writer_sha256(struct record_writer *w, char hex[65], uint64_t *size, struct err *err);
/* Removes the temporary file unless committed. NULL is fine. */
void record_writer_free(struct record_writer *w);

#endif
