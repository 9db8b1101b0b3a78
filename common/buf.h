#ifndef VEIL_BUF_H
#define VEIL_BUF_H

#include <stddef.h>

struct err;

/*
 * A growable byte buffer with a mandatory maximum. Invariants: data is NULL or points to cap
 * bytes; len <= cap; when data is non-NULL, data[len] == '\0' (so text can be printed), but the
 * content may contain NULs: always use len. Growing past max fails with ERR_LIMIT and leaves the
 * buffer unchanged; nothing is ever truncated.
 */
struct buf {
    unsigned char *data;
    size_t len, cap, max;
};

/* A borrowed view of bytes; the owner of p outlives the span. */
struct span {
    const unsigned char *p;
    size_t len;
};

#define BUF_NO_MAX ((size_t)-1)

void buf_init(struct buf *b, size_t max);
/* Frees the storage; the buffer can be reused after buf_init. Safe on a zeroed struct. */
void buf_release(struct buf *b);
/* Keeps the storage, sets len to 0. */
void buf_reset(struct buf *b);
/* Sets len to 0, and frees the storage when it is larger than keep bytes: a buffer that once
 * held a huge record does not hold on to that memory for the rest of the run. */
void buf_shrink(struct buf *b, size_t keep);
/* Shrinks len to n (n <= len), keeping the NUL terminator invariant. */
void buf_truncate(struct buf *b, size_t n);
/* Ensures room for extra more bytes (plus the terminating NUL). */
int buf_grow(struct buf *b, size_t extra, struct err *err);
int buf_append(struct buf *b, const void *p, size_t n, struct err *err);
int buf_append_str(struct buf *b, const char *s, struct err *err);
int buf_putc(struct buf *b, unsigned char c, struct err *err);
int buf_printf(struct buf *b, struct err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Hands the storage to the caller (who frees it) and re-initialises b with the same max. */
unsigned char *buf_detach(struct buf *b, size_t *len);

#endif
