#ifndef VEIL_ANCHOR_FIND_INTERNAL_H
#define VEIL_ANCHOR_FIND_INTERNAL_H

/*
 * Where a gate's anchor literals occur in a long text, found on demand (anchor_find.c). The
 * trigger scan lists the positions of the anchors it was built to list; a gate whose anchor it
 * does not list (a lead over 1 KiB, two-byte literals, a rule kept only beside another entity's
 * finding) searched the whole text, and in a window of 128 KiB most such anchors occur
 * somewhere. A long text finds them itself, once per text and anchor set.
 */

#include <stddef.h>
#include <stdint.h>

#include "scrub/literals_internal.h"

/* Each anchor set's positions in one text, ascending, in one array (offsets stay valid). */
struct anchor_finds {
    uint32_t *v;
    size_t n, cap;
    struct anchor_found {
        const struct literal_set *set;
        size_t off, n; /* its positions: v[off..off + n) */
        bool dense;    /* more than the search's limit: not listed */
    } * sets;
    size_t n_sets, cap_sets;
    uint64_t pair[65536 / 64]; /* scratch: a bit per two leading bytes of the set being found */
};

/* Forget the positions (a new text). */
void anchor_finds_clear(struct anchor_finds *f);
void anchor_finds_release(struct anchor_finds *f);

/*
 * The positions in folded (the text's case fold, aligned with it) where a literal of set starts,
 * found once per set and text: NULL when more than max occur (the search then reads the text
 * whole), else the entry. folded must be under 4 GiB.
 */
const struct anchor_found *anchor_finds_get(struct anchor_finds *f, const struct literal_set *set,
                                            const unsigned char *folded, size_t len, size_t max);

#endif
