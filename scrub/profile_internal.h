#ifndef VEIL_PROFILE_INTERNAL_H
#define VEIL_PROFILE_INTERNAL_H

/*
 * What `veil rules profile` counts (profile.c): for every regex of a rule set, the PCRE2 calls
 * engine_match_upto made with it, the matches they found and the time they took. A row is one
 * pattern as a rule author sees it: its UCP and ASCII codes count together, and its
 * prefilter_regex, a rule's context words and a category's terms get rows of their own.
 * A profile is filled by one engine at a time (no locks: `rules profile` runs one thread).
 */

#include "scrub/rules_internal.h"

struct profile_row {
    const char *rule;    /* rule or content-warning category name; borrowed from the rule set */
    const char *pattern; /* pattern name, "prefilter_regex", "context", "terms", ... (borrowed) */
    size_t index;        /* the pattern's index in its rule or category */
    const char *file;    /* borrowed; NULL for the placeholder regex */
    size_t line;
    bool warning; /* a content-warning category's regex */
    uint64_t calls, matches, ns;
    uint64_t jit_ns; /* JIT compilation of the regex (before its first timed call) */
};

/* Code pointer -> row, open addressing; n_slots is a power of two at least twice the codes. */
struct profile_slot {
    const pcre2_code *code;
    uint32_t row;
};

struct scrub_profile {
    struct profile_row *rows;
    size_t n_rows, cap;
    struct profile_slot *slots;
    size_t n_slots;
    struct profile_row other; /* calls with a code no row knows (none are expected) */
    uint64_t texts, bytes;    /* texts detected in, and their bytes */
};

/* A new empty row (fields copied from r, counters zeroed); returns its index. */
size_t profile_add_row(struct scrub_profile *p, const struct profile_row *r);
/* Count code's calls in row (a NULL code is ignored). */
void profile_map(struct scrub_profile *p, const pcre2_code *code, size_t row);
/* The row code counts in (&p->other when none). */
struct profile_row *profile_row_of(struct scrub_profile *p, const pcre2_code *code);
/* One PCRE2 call with code that took ns and found a match or not. */
void profile_count(struct scrub_profile *p, const pcre2_code *code, uint64_t ns, bool matched);
/* Time spent JIT-compiling code (or finding it compiled). */
void profile_count_jit(struct scrub_profile *p, const pcre2_code *code, uint64_t ns);
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t profile_now(void);
/* Row indices sorted by time, most first (ties by calls, then by row order); owned by caller. */
size_t *profile_order(const struct scrub_profile *p);

#endif
