/*
 * Finding many fixed strings (raw worker IDs, canaries) in every text of a release. Rabin-Karp
 * with one rolling hash per distinct needle length: IDs and canaries come in a few lengths, so
 * a scan costs a few hash updates per byte however many needles there are.
 */
#include "audit/audit_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

#define BASE 0x100000001b3ULL /* odd, so B^k mod 2^64 never vanishes */

struct needle {
    unsigned char *s; /* case-folded copy */
    size_t len;
    uint64_t hash;
};

/* Needles of one length in an open-addressing table of indices (SIZE_MAX = empty). */
struct group {
    size_t len;
    uint64_t top; /* BASE^(len-1), to remove the leaving byte */
    size_t *slots;
    size_t n_slots, count;
};

struct needles {
    struct needle *v;
    size_t n, cap;
    struct group *groups;
    size_t n_groups;
};

static unsigned char
fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static uint64_t
hash_of(const unsigned char *s, size_t len)
{
    uint64_t h = 0;
    for (size_t i = 0; i < len; i++) {
        h = h * BASE + fold(s[i]);
    }
    return h;
}

struct needles *
needles_new(void)
{
    return xcalloc(1, sizeof(struct needles));
}

void
needles_free(struct needles *n)
{
    if (!n) {
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        free(n->v[i].s);
    }
    for (size_t i = 0; i < n->n_groups; i++) {
        free(n->groups[i].slots);
    }
    free(n->groups);
    free(n->v);
    free(n);
}

static struct group *
group_for(struct needles *n, size_t len)
{
    for (size_t i = 0; i < n->n_groups; i++) {
        if (n->groups[i].len == len) {
            return &n->groups[i];
        }
    }
    n->groups = xrealloc(n->groups, size_mul(n->n_groups + 1, sizeof(*n->groups)));
    struct group *g = &n->groups[n->n_groups++];
    memset(g, 0, sizeof(*g));
    g->len = len;
    g->top = 1;
    for (size_t i = 1; i < len; i++) {
        g->top *= BASE;
    }
    return g;
}

static void
slot_put(size_t *slots, size_t n_slots, uint64_t hash, size_t idx)
{
    size_t i = (size_t)hash & (n_slots - 1);
    while (slots[i] != SIZE_MAX) {
        i = (i + 1) & (n_slots - 1);
    }
    slots[i] = idx;
}

static void
group_grow(struct needles *n, struct group *g)
{
    size_t n_slots = g->n_slots ? g->n_slots * 2 : 16;
    size_t *slots = xmalloc(size_mul(n_slots, sizeof(*slots)));

    memset(slots, 0xff, n_slots * sizeof(*slots));
    for (size_t i = 0; i < g->n_slots; i++) {
        if (g->slots[i] != SIZE_MAX) {
            slot_put(slots, n_slots, n->v[g->slots[i]].hash, g->slots[i]);
        }
    }
    free(g->slots);
    g->slots = slots;
    g->n_slots = n_slots;
}

/* Index of the needle equal to s (compared folded) in g, or SIZE_MAX. */
static size_t
group_find(const struct needles *n, const struct group *g, uint64_t hash, const unsigned char *s)
{
    if (!g->n_slots) {
        return SIZE_MAX;
    }
    for (size_t i = (size_t)hash & (g->n_slots - 1); g->slots[i] != SIZE_MAX;
         i = (i + 1) & (g->n_slots - 1)) {
        const struct needle *nd = &n->v[g->slots[i]];
        if (nd->hash != hash) {
            continue;
        }
        size_t k = 0;
        while (k < g->len && nd->s[k] == fold(s[k])) {
            k++;
        }
        if (k == g->len) {
            return g->slots[i];
        }
    }
    return SIZE_MAX;
}

size_t
needles_add(struct needles *n, const unsigned char *s, size_t len)
{
    uint64_t hash = hash_of(s, len);
    struct group *g = group_for(n, len);
    size_t found = group_find(n, g, hash, s);

    if (found != SIZE_MAX) {
        return found;
    }
    if (n->n == n->cap) {
        n->cap = n->cap ? n->cap * 2 : 16;
        n->v = xrealloc(n->v, size_mul(n->cap, sizeof(*n->v)));
    }
    struct needle *nd = &n->v[n->n];
    nd->s = xmalloc(len ? len : 1);
    for (size_t i = 0; i < len; i++) {
        nd->s[i] = fold(s[i]);
    }
    nd->len = len;
    nd->hash = hash;
    if (2 * (g->count + 1) > g->n_slots) {
        group_grow(n, g);
    }
    slot_put(g->slots, g->n_slots, hash, n->n);
    g->count++;
    return n->n++;
}

size_t
needles_count(const struct needles *n)
{
    return n->n;
}

const unsigned char *
needles_get(const struct needles *n, size_t i, size_t *len)
{
    *len = n->v[i].len;
    return n->v[i].s;
}

static int
scan_group(const struct needles *n, const struct group *g, const unsigned char *text, size_t len,
           int (*found)(void *ctx, size_t needle, size_t off), void *ctx)
{
    if (g->len == 0 || g->len > len) {
        return 0;
    }
    uint64_t h = hash_of(text, g->len);
    for (size_t off = 0;; off++) {
        size_t idx = group_find(n, g, h, text + off);
        if (idx != SIZE_MAX && found(ctx, idx, off) < 0) {
            return -1;
        }
        if (off + g->len >= len) {
            return 0;
        }
        h = (h - fold(text[off]) * g->top) * BASE + fold(text[off + g->len]);
    }
}

int
needles_scan(const struct needles *n, const unsigned char *text, size_t len,
             int (*found)(void *ctx, size_t needle, size_t off), void *ctx)
{
    for (size_t i = 0; i < n->n_groups; i++) {
        if (scan_group(n, &n->groups[i], text, len, found, ctx) < 0) {
            return -1;
        }
    }
    return 0;
}
