/*
 * A gate's anchor literals found in a long text by one pass over its fold: a bit per pair of
 * leading bytes tells where a literal of two bytes or more may start (one load a byte), the
 * literals with that first byte are then compared; a one-byte literal sets every pair it leads
 * and is then looked up in a byte table.
 */
#include "scrub/anchor_find_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

#define NO_LITERAL UINT32_MAX

void
anchor_finds_clear(struct anchor_finds *f)
{
    f->n = 0;
    f->n_sets = 0;
}

void
anchor_finds_release(struct anchor_finds *f)
{
    free(f->v);
    free(f->sets);
    memset(f, 0, sizeof(*f));
}

static void
push(struct anchor_finds *f, size_t at)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 1024;
        f->v = xrealloc(f->v, size_mul(f->cap, sizeof(*f->v)));
    }
    f->v[f->n++] = (uint32_t)at;
}

/* Appends the starts of set's literals in text to f->v; false once more than max are found. */
static bool
find_all(struct anchor_finds *f, const struct literal_set *set, const unsigned char *text,
         size_t len, size_t max)
{
    uint64_t *pair = f->pair;
    bool single[256] = {false};
    uint32_t head[256];
    uint32_t *next = xmalloc(size_mul(set->n ? set->n : 1, sizeof(*next)));
    size_t *lens = xmalloc(size_mul(set->n ? set->n : 1, sizeof(*lens)));
    size_t found = 0;
    bool ok = true;

    memset(pair, 0, sizeof(f->pair));
    for (size_t c = 0; c < 256; c++) {
        head[c] = NO_LITERAL;
    }
    for (size_t j = set->n; j-- > 0;) {
        const unsigned char *lit = (const unsigned char *)set->v[j];
        lens[j] = strlen(set->v[j]);
        if (lens[j] == 1) {
            /* every pair it leads stops the pass, which then checks the byte alone */
            single[lit[0]] = true;
            memset(&pair[lit[0] * 4], 0xff, 4 * sizeof(*pair)); /* the bits lit[0] << 8 | x */
        } else if (lens[j] > 1) {
            unsigned k = (unsigned)lit[0] << 8 | lit[1];
            pair[k / 64] |= (uint64_t)1 << (k % 64);
            next[j] = head[lit[0]];
            head[lit[0]] = (uint32_t)j;
        }
    }
    for (size_t i = 0; i < len && ok; i++) {
        /* on to the next pair that may start a literal (the last byte can only be one alone:
         * the longer literals do not fit there) */
        while (i + 1 < len) {
            unsigned k = (unsigned)text[i] << 8 | text[i + 1];
            if (pair[k / 64] >> (k % 64) & 1) {
                break;
            }
            i++;
        }
        unsigned c = text[i];
        bool hit = single[c];
        for (uint32_t j = head[c]; j != NO_LITERAL && !hit; j = next[j]) {
            hit = lens[j] <= len - i && memcmp(set->v[j], text + i, lens[j]) == 0;
        }
        if (hit) {
            ok = ++found <= max;
            push(f, i);
        }
    }
    free(next);
    free(lens);
    return ok;
}

const struct anchor_found *
anchor_finds_get(struct anchor_finds *f, const struct literal_set *set, const unsigned char *folded,
                 size_t len, size_t max)
{
    struct anchor_found *e = NULL;

    for (size_t i = 0; i < f->n_sets; i++) {
        if (f->sets[i].set == set) {
            e = &f->sets[i];
            break;
        }
    }
    if (!e) {
        if (f->n_sets == f->cap_sets) {
            f->cap_sets = f->cap_sets ? 2 * f->cap_sets : 32;
            f->sets = xrealloc(f->sets, size_mul(f->cap_sets, sizeof(*f->sets)));
        }
        e = &f->sets[f->n_sets++];
        e->set = set;
        e->off = f->n;
        e->dense = !find_all(f, set, folded, len, max);
        e->n = e->dense ? 0 : f->n - e->off;
        if (e->dense) {
            f->n = e->off;
        }
    }
    /* Dense under another limit reads as dense: a search of the whole text is never wrong. */
    return e->dense || e->n > max ? NULL : e;
}
