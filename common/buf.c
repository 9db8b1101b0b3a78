#include "common/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/banned.h"
#include "common/err.h"
#include "common/xalloc.h"

void
buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void
buf_release(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void
buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data) {
        b->data[0] = '\0';
    }
}

void
buf_shrink(struct buf *b, size_t keep)
{
    if (b->cap > keep) {
        size_t max = b->max;
        buf_release(b);
        buf_init(b, max);
        return;
    }
    buf_reset(b);
}

void
buf_truncate(struct buf *b, size_t n)
{
    if (n < b->len) {
        b->len = n;
        b->data[n] = '\0';
    }
}

int
buf_grow(struct buf *b, size_t extra, struct err *err)
{
    size_t need = size_add(size_add(b->len, extra), 1);
    size_t cap;

    if (need - 1 > b->max) {
        return err_set(err, ERR_LIMIT, "buffer limit of %zu bytes exceeded", b->max);
    }
    if (need <= b->cap) {
        return 0;
    }
    cap = b->cap ? b->cap : 64;
    while (cap < need) {
        cap = size_add(cap, cap / 2 + 64);
    }
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0';
    return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n, struct err *err)
{
    if (buf_grow(b, n, err) < 0) {
        return -1;
    }
    if (n) {
        memcpy(b->data + b->len, p, n);
    }
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int
buf_append_str(struct buf *b, const char *s, struct err *err)
{
    return buf_append(b, s, strlen(s), err);
}

int
buf_putc(struct buf *b, unsigned char c, struct err *err)
{
    if (b->len + 1 < b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
    }
    return buf_append(b, &c, 1, err);
}

int
buf_printf(struct buf *b, struct err *err, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return err_set(err, ERR_IO, "formatting failed");
    }
    if (buf_grow(b, (size_t)n, err) < 0) {
        return -1;
    }
    va_start(ap, fmt);
    n = vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

unsigned char *
buf_detach(struct buf *b, size_t *len)
{
    unsigned char *p = b->data;

    if (!p) {
        p = xcalloc(1, 1);
    }
    if (len) {
        *len = b->len;
    }
    buf_init(b, b->max);
    return p;
}
