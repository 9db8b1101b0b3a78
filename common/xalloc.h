#ifndef VEIL_XALLOC_H
#define VEIL_XALLOC_H

#include <stddef.h>

/*
 * Allocation that cannot fail: on out-of-memory or size overflow these print one line and exit
 * with status 3. veil is a CLI, and OOM branches cannot be tested, so none are written.
 */

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* n zeroed bytes starting on a 64-byte boundary (a cache line); released with free(). */
void *xcalloc_lines(size_t n);
char *xstrdup(const char *s);
void *xmemdup(const void *p, size_t n);

/* a + b and a * b, dying on overflow. */
size_t size_add(size_t a, size_t b);
size_t size_mul(size_t a, size_t b);

#endif
