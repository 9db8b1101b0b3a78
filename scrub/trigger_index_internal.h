#ifndef VEIL_TRIGGER_INDEX_INTERNAL_H
#define VEIL_TRIGGER_INDEX_INTERNAL_H

/*
 * The layout of the trigger index (trigger_index.c), shared with the code that stores it in the
 * pattern cache and reads it back (literals_store.c). Nothing else looks inside.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scrub/literals_internal.h"

/*
 * Literals are indexed by at most this many bytes (cut at a character boundary). A text holding
 * a literal holds its prefix at the same start, so a prefix is as sound a trigger and anchor;
 * it only lets a gate open a little more often. Measured with 16-bit tables up to 65,536 states
 * (session 13): whole literals add 2,100 states (23,455 to 25,577) and 0.7 MB of table, and
 * cost 0.1 % more instructions on hh-rlhf x3 and 0.05 % on Cyrillic text for the same output:
 * the gates they would keep closed are rare, so 16 stays.
 */
#define TRIGGER_LITERAL_MAX 16

struct trie_node {
    uint32_t next_first; /* first child edge in edges[], or UINT32_MAX */
    uint32_t fail;
    uint32_t out_first; /* first id in outs[] list, or UINT32_MAX */
};

struct trie_edge {
    uint32_t to, sibling;
    unsigned char byte;
};

struct out_item {
    uint32_t id, next;
    uint32_t len; /* bytes of the literal that ends here */
};

/*
 * Where a state's ids lie in out: positional ids from start, then, from mid, ids that only need
 * marking once per scan, up to the next state's start. One array of both: a scan reaching a
 * state with ids reads two of them, which as two arrays cost two cache misses.
 */
struct trigger_range {
    uint32_t start, mid;
};

/* An id a state reports, with the length of the literal it stands for (one load for both). */
struct trigger_out {
    uint32_t id, len;
};

struct trigger_index {
    size_t n_ids;
    uint8_t *want_pos; /* per id */
    struct trie_node *nodes;
    size_t n_nodes, cap_nodes;
    size_t max_len; /* bytes of the longest literal */
    struct trie_edge *edges;
    size_t n_edges, cap_edges;
    struct out_item *outs;
    size_t n_outs, cap_outs;
    /* Built: a DFA over byte classes. */
    uint8_t cls[256];
    size_t n_cls;
    uint32_t *delta;         /* n_nodes * n_cls */
    uint16_t *delta16;       /* the same in half the memory, when the states fit (NULL if not) */
    struct trigger_out *out; /* per node: ids reached through output links, flattened */
    struct trigger_range *range; /* n_nodes + 1: each state's ids in out (the last: its end) */
    /*
     * States are numbered so that those with ids come last: every state with ids is at least
     * first_out, every state with positional ids at least first_pos (a state past either may
     * have none: the root, which stays 0, can have ids only from an empty literal).
     */
    uint32_t first_out, first_pos;
    /*
     * The owner holds the literals without a byte >= 0x80 (those added for non-ASCII text only
     * included); ascii the same without those, for ASCII text (NULL when it would be the owner);
     * wide every literal with a byte >= 0x80 (NULL when there is none). Non-ASCII text is scanned
     * by the owner, then by wide only near its bytes >= 0x80: one table of every literal was
     * 14.4 MB, too big for the cache and a large part of a run's fixed memory.
     */
    struct trigger_index *ascii;
    struct trigger_index *wide;
    struct build_state *build; /* the owner's and wide's tables may still be being built */
    /* The trie's numbering when built here (old -> final), for trigger_index_encode. */
    uint32_t *final_of;
    /*
     * Read back instead (literals_store.c): the trie in final numbering, state s's children in
     * child_cls and child_to from child_first[s] to child_first[s + 1]; build_one fills the table
     * from them (nodes, edges and outs stay empty).
     */
    uint32_t *child_first, *child_to;
    uint8_t *child_cls;
    bool read_back; /* by trigger_index_decode */
};

/*
 * An automaton built on a thread of its own (trigger_index_build_on), or by the first scan that
 * needs it; scans wait for it.
 */
struct build_state {
    struct trigger_index *index;
    pthread_t thread;
    bool started;
    atomic_bool ready;
    atomic_bool claimed; /* a scan is building it */
};

/*
 * A transition entry is the bare next state: the numbering (outputs_last) says by a compare
 * whether it has ids, so no bit of the entry is spent on a flag and 16-bit entries number up to
 * 65,536 states.
 */
#define DELTA16_STATES_MAX ((size_t)UINT16_MAX + 1)

/* An index of n_ids ids with only its root. */
struct trigger_index *trigger_index_alloc(size_t n_ids);
/* Wait until every automaton of t is built (building them here if no thread does). */
void trigger_index_wait_built(const struct trigger_index *t);

#endif
