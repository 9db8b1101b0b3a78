#ifndef VEIL_NORMALIZE_INTERNAL_H
#define VEIL_NORMALIZE_INTERNAL_H

#include <stddef.h>

#include "common/buf.h"

struct err;

/*
 * A normalised view of a UTF-8 text for matching: NFKC, default-ignorable and format characters
 * (Cf: ZWSP, ZWJ, soft hyphen, BOM...) removed, every Unicode decimal digit (Nd) mapped to ASCII,
 * Unicode spaces folded to ' ', dashes folded to '-', optionally case-folded and confusables
 * folded to their Latin skeleton. map[i] is the byte offset in the original of the character
 * that produced normalised byte i, and map[text.len] == original length, so a match [s, e) in
 * the view covers original bytes [map[s], map_end(e)) — see norm_view_span.
 */
enum norm_flags {
    NORM_CASEFOLD = 1u << 0,
    NORM_CONFUSABLES = 1u << 1,
};

struct norm_view {
    struct buf text;  /* normalised UTF-8 */
    size_t *map;      /* text.len + 1 entries */
    size_t map_cap;
    void *icu;        /* cached ICU objects; opaque */
};

void norm_view_init(struct norm_view *v);
void norm_view_release(struct norm_view *v);
/* True when s is pure ASCII with no byte that normalisation would change (the fast path). */
int norm_is_plain_ascii(const unsigned char *s, size_t len);
int norm_view_build(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
                    struct err *err);
/* The original byte span covered by the view span [start, end). */
void norm_view_span(const struct norm_view *v, size_t start, size_t end, size_t *orig_start,
                    size_t *orig_end);

#endif
