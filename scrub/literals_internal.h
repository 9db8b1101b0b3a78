#ifndef VEIL_LITERALS_INTERNAL_H
#define VEIL_LITERALS_INTERNAL_H

/*
 * Literal triggers: the cheapest way to not run a regex. From a pattern's source we derive a set
 * of literals such that every match of the pattern contains at least one of them (case-folded);
 * one Aho-Corasick pass over the case-folded text then says which patterns can possibly match,
 * and the others are skipped. The derivation is conservative: whatever the analyser does not
 * understand yields "no trigger", and the pattern always runs.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

struct err;

struct literal_set {
    char **v; /* case-folded UTF-8, NUL-terminated */
    size_t n;
};

void literal_set_release(struct literal_set *s);
/* Add lit (already case-folded) unless present. */
void literal_set_add(struct literal_set *s, const char *lit);

/*
 * Fill out with literals one of which every match of the PCRE2 pattern src must contain.
 * Returns true when such a set was found, false when the pattern must always run.
 */
bool literals_required(const char *src, struct literal_set *out);
/*
 * The same with up to two independent requirements: every match contains one literal of first
 * and, when the result is 2, also one of second. Returns how many sets were found (0 to 2).
 */
size_t literals_required2(const char *src, struct literal_set *first, struct literal_set *second);

/* An Aho-Corasick automaton over the literals of many patterns (ids 0..n_ids-1). */
struct trigger_index;

struct trigger_index *trigger_index_new(size_t n_ids);
void trigger_index_free(struct trigger_index *t);
/* Every literal of set triggers pattern id. */
void trigger_index_add(struct trigger_index *t, size_t id, const struct literal_set *set);
/* Finish building; afterwards the index is read-only and may be shared between threads. */
int trigger_index_build(struct trigger_index *t, struct err *err);
size_t trigger_index_ids(const struct trigger_index *t);

/*
 * Mark in hit[id] (n_ids bytes, zeroed by the caller) every pattern one of whose literals occurs
 * in text, which must already be case-folded (see literals_fold).
 */
void trigger_scan(const struct trigger_index *t, const unsigned char *text, size_t len,
                  uint8_t *hit);

/*
 * Case-fold text into out (replacing its content): ASCII letters are lowered byte for byte;
 * any other text goes through ICU full case folding. *folded_ascii says which path was taken.
 */
int literals_fold(const unsigned char *text, size_t len, struct buf *out, struct err *err);

#endif
