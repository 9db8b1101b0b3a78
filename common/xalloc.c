#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/banned.h"
#include "common/log.h"

static void
die_oom(size_t n)
{
    log_error("out of memory allocating %zu bytes", n);
    exit(3);
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        die_oom(n);
    }
    return p;
}

void *
xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) {
        die_oom(size_mul(count, size));
    }
    return p;
}

void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        die_oom(n);
    }
    return q;
}

void *
xcalloc_lines(size_t n)
{
    /* aligned_alloc wants a multiple of the alignment */
    size_t size = size_add(n ? n : 1, 63) & ~(size_t)63;
    void *p = aligned_alloc(64, size);
    if (!p) {
        die_oom(size);
    }
    memset(p, 0, size);
    return p;
}

char *
xstrdup(const char *s)
{
    return xmemdup(s, size_add(strlen(s), 1));
}

void *
xmemdup(const void *p, size_t n)
{
    void *q = xmalloc(n);
    if (n) {
        memcpy(q, p, n);
    }
    return q;
}

size_t
size_add(size_t a, size_t b)
{
    if (a > SIZE_MAX - b) {
        log_error("size overflow: %zu + %zu", a, b);
        exit(3);
    }
    return a + b;
}

size_t
size_mul(size_t a, size_t b)
{
    if (a && b > SIZE_MAX / a) {
        log_error("size overflow: %zu * %zu", a, b);
        exit(3);
    }
    return a * b;
}
