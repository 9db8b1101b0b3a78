/*
 * Repeated values: what detection found once in a record is redacted wherever else the record
 * repeats it. A cue finds a value once ("my login is zorblax_77"); the reply that echoes it
 * ("do not share zorblax_77") has no cue, and without this the value would be released there.
 */
#ifndef VEIL_SCRUB_ECHO_INTERNAL_H
#define VEIL_SCRUB_ECHO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"
#include "scrub/scrub.h"

struct err;

/* One value to look for: its bytes in the set's arena and the finding it repeats. */
struct echo_value {
    size_t off, len;
    struct scrub_finding like; /* entity, subtype, rule and score of the first finding */
    bool name_word; /* a one-word name: not at a sentence's start, nor beside a capital */
};

struct echo_set {
    struct buf bytes; /* raw PII of one record: wiped by echo_set_reset */
    struct echo_value *v;
    size_t n, cap;
};

void echo_set_init(struct echo_set *s);
void echo_set_release(struct echo_set *s);
/* Forget (and wipe) the values of the record just done. */
void echo_set_reset(struct echo_set *s);

/* Note the values of text's findings. */
int echo_collect(struct echo_set *s, const unsigned char *text, const struct scrub_findings *f,
                 struct err *err);

/*
 * Add to f (sorted, disjoint) a finding for every whole-word occurrence in text of a noted value
 * that no finding covers yet. Returns how many were added.
 */
int echo_extend(const struct echo_set *s, const unsigned char *text, size_t len,
                struct scrub_findings *f);

#endif
