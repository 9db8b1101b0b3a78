/*
 * The scrubbed records of a batch on their way out (struct scrub_output): bytes, and for a long
 * line the spans of it that stay as they were, so that the line is not copied whole a second
 * time between scrubbing and writing.
 */
#include "scrub/pipeline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

void
scrub_output_init(struct scrub_output *o)
{
    memset(o, 0, sizeof(*o));
    buf_init(&o->buf, BUF_NO_MAX);
}

void
scrub_output_reset(struct scrub_output *o, size_t keep)
{
    buf_shrink(&o->buf, keep);
    o->n = 0;
    o->flushed = 0;
}

void
scrub_output_release(struct scrub_output *o)
{
    buf_release(&o->buf);
    free(o->v);
    memset(o, 0, sizeof(*o));
}

static void
push(struct scrub_output *o, const unsigned char *line, size_t off, size_t len)
{
    if (len == 0) {
        return;
    }
    if (o->n == o->cap) {
        o->cap = o->cap ? size_mul(o->cap, 2) : 16;
        o->v = xrealloc(o->v, size_mul(o->cap, sizeof(*o->v)));
    }
    o->v[o->n++] = (struct output_piece){line, off, len};
}

void
scrub_output_span(struct scrub_output *o, const unsigned char *p, size_t len)
{
    push(o, NULL, o->flushed, o->buf.len - o->flushed);
    o->flushed = o->buf.len;
    push(o, p, 0, len);
}

size_t
scrub_output_len(const struct scrub_output *o)
{
    size_t len = o->buf.len - o->flushed;

    for (size_t i = 0; i < o->n; i++) {
        len += o->v[i].len;
    }
    return len;
}

int
scrub_output_write(const struct scrub_output *o,
                   int (*write)(void *arg, const void *p, size_t n, struct err *err), void *arg,
                   struct err *err)
{
    for (size_t i = 0; i < o->n; i++) {
        const struct output_piece *piece = &o->v[i];
        const unsigned char *p = piece->line ? piece->line : o->buf.data + piece->off;
        if (write(arg, p, piece->len, err) < 0) {
            return -1;
        }
    }
    return write(arg, o->buf.data + o->flushed, o->buf.len - o->flushed, err);
}
