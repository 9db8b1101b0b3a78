#ifndef VEIL_OUTFILE_H
#define VEIL_OUTFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct err;

/*
 * An output file that appears at its path only when complete: bytes go to a temporary file in the
 * same directory, and outfile_commit() flushes, fsyncs and renames it into place. Freeing an
 * uncommitted outfile removes the temporary file, so a failed or interrupted run never leaves a
 * file at the output path that looks complete. Path "-" writes straight to stdout.
 */
struct outfile;

/* mode is the permission of the final file (0644 for data, 0600 for secrets). */
int outfile_open(const char *path, unsigned mode, struct outfile **out, struct err *err);
int outfile_write(struct outfile *f, const void *p, size_t n, struct err *err);
/* Flush, fsync, close and rename into place. The outfile must still be freed. */
int outfile_commit(struct outfile *f, struct err *err);
/* The SHA-256 (lowercase hex) and size of every byte written; once, when writing is over. */
int outfile_sha256(struct outfile *f, char hex[65], uint64_t *size, struct err *err);
/* Frees; removes the temporary file unless committed. NULL is fine. */
void outfile_free(struct outfile *f);
const char *outfile_path(const struct outfile *f);
/*
 * Unlink the temporary file of every outfile not yet committed. Async-signal-safe: for a SIGTERM
 * or SIGINT handler, so an interrupted run leaves nothing behind.
 */
void outfile_remove_temporaries(void);

#endif
