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
    size_t cap; /* slots allocated in v, when more than n (0: exactly n) */
    /* v and its strings are one allocation (a gate read back from the pattern cache: a load
     * decodes some 35,000 literals): released as one, copied apart before it changes. */
    bool pooled;
};

void literal_set_release(struct literal_set *s);
/* A pooled set of n literals (lens[i] bytes each, not NUL-terminated, read from src in order):
 * one allocation. */
void literal_set_pool(struct literal_set *s, size_t n, const unsigned char *const *src,
                      const size_t *lens);
/* Add lit (already case-folded) unless present. */
void literal_set_add(struct literal_set *s, const char *lit);
/* Add lit without looking for it; literal_set_unique then sorts s and drops duplicates (for
 * sets of thousands, where literal_set_add's search would be quadratic). */
void literal_set_append(struct literal_set *s, const char *lit);
void literal_set_unique(struct literal_set *s);

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
/* Whether set holds one of English's most common words of at most max_word letters, alone or
 * with spaces around it (" the ", "for"): such a literal is in almost every text. */
bool literal_set_has_common_word(const struct literal_set *set, size_t max_word);

#define LITERALS_NO_LEAD SIZE_MAX
/*
 * A bound on how much a match consumes: bytes + chars * C + blanks * R + spaces * S + words * W,
 * where, in the text searched, C is the most bytes a character takes (1 in ASCII text, else
 * LITERALS_CHAR_BYTES_MAX), R is the longest run of spaces and tabs, S the longest run of bytes
 * that may belong to white space (ASCII white space, and the bytes that can encode a Unicode space:
 * 0xC2, 0xE1-0xE3 and continuation bytes) and W the longest run of word bytes (ASCII letters,
 * digits, '_' and any byte >= 0x80): "[ \\t]+", "\\s+" and "\\p{Ll}+" have no bound in general,
 * but in a given text they span at most R, S and W bytes. bytes == LITERALS_NO_LEAD: no bound.
 */
struct literal_lead {
    size_t bytes, chars, blanks, spaces, words;
};
#define LITERALS_CHAR_BYTES_MAX 4
/* The bound in bytes given C, R, S and W (SIZE_MAX when it overflows or there is none). */
size_t literals_lead_bytes(struct literal_lead lead, size_t c, size_t r, size_t s, size_t w);

/*
 * How many characters in a row every match has of each kind (0: none known): word characters
 * (ASCII letters, digits, '_'), hex digits and digits. Their caseless or Unicode matches are
 * non-ASCII, so a text whose longest run of such bytes and non-ASCII bytes is shorter cannot
 * match ("[0-9A-Fa-f]{12}" needs a hex run of 12; "\\d{3}-\\d{4}" a digit run of 4).
 */
struct literal_runs {
    size_t word, hex, digit;
};

/*
 * One pass over src gives everything the gates use:
 *  - first and second, as literals_required2 (returns how many sets were found);
 *  - an anchor: a third required set (possibly empty) whose literal begins within *lead of the
 *    start of every match (lead->bytes is LITERALS_NO_LEAD when there is none: an unbounded
 *    repetition before every candidate, \G, a backtracking verb), so a search only needs to try
 *    the start positions in the windows before the anchor's occurrences;
 *  - *runs: how many word characters, hex digits and digits in a row every match contains, from
 *    runs of atoms that match only such characters ("[A-F0-9]{12}", "\d{3}").
 */
size_t literals_analyse(const char *src, struct literal_set *first, struct literal_set *second,
                        struct literal_set *anchor, struct literal_lead *lead,
                        struct literal_runs *runs);
/*
 * The same, and *anchor_left: no ASCII word byte ([A-Za-z0-9_]) is right before the anchor's
 * literal wherever a match has it ("\\b(?:hi|hello)", "\\s+(?:rob|con)"), so an occurrence
 * after one ("hi" in "this") starts no window.
 */
size_t literals_analyse_left(const char *src, struct literal_set *first, struct literal_set *second,
                             struct literal_set *anchor, struct literal_lead *lead,
                             bool *anchor_left, struct literal_runs *runs);
/* The most a match of src can consume (bytes LITERALS_NO_LEAD: no bound known). */
struct literal_lead literals_width(const char *src);

/*
 * The index of the lowest set bit of b, which is not 0. Inline: bit-mask loops in the scans call
 * it for every hit.
 */
static inline unsigned
literals_lowest_bit(uint64_t b)
{
    return (unsigned)__builtin_ctzll(b); /* a GCC and Clang builtin: one instruction */
}

/* An Aho-Corasick automaton over the literals of many patterns (ids 0..n_ids-1). */
struct trigger_index;

struct trigger_index *trigger_index_new(size_t n_ids);
void trigger_index_free(struct trigger_index *t);
/* Every literal of set triggers pattern id. */
void trigger_index_add(struct trigger_index *t, size_t id, const struct literal_set *set);
/* The same, looked for in non-ASCII text only (something else answers for ASCII text). */
void trigger_index_add_non_ascii(struct trigger_index *t, size_t id, const struct literal_set *set);
/* Finish building; afterwards the index is read-only and may be shared between threads. */
int trigger_index_build(struct trigger_index *t, struct err *err);
/*
 * The same; the automata for non-ASCII text (of the literals without a byte >= 0x80, and of those
 * with one) are built on a thread of their own when threads > 1, else by the first scan of
 * non-ASCII text, and a scan of non-ASCII text waits for them (ASCII text has its own, built
 * before this returns).
 */
int trigger_index_build_on(struct trigger_index *t, unsigned threads, struct err *err);
size_t trigger_index_ids(const struct trigger_index *t);
/*
 * The states of the automaton of the literals without a byte >= 0x80 (built first if it is not
 * yet; with only ASCII literals, the one every text is scanned with) and, in *entry_bytes, the
 * size of one transition entry: 2 up to 65,536 states, else 4.
 */
size_t trigger_index_states(const struct trigger_index *t, size_t *entry_bytes);

/* Record where id's literals occur (see trigger_positions); call before adding its literals. */
void trigger_index_want_positions(struct trigger_index *t, size_t id);

/*
 * literals_store.c: what an index is asked to hold, written down before it is built (a recipe,
 * whose bytes key the index in the pattern cache), and a built index as bytes and back.
 */
struct trigger_recipe;
struct trigger_recipe *trigger_recipe_new(void);
void trigger_recipe_free(struct trigger_recipe *r);
/* trigger_index_add, trigger_index_add_non_ascii and trigger_index_want_positions, noted. */
void trigger_recipe_add(struct trigger_recipe *r, size_t id, const struct literal_set *set);
void trigger_recipe_add_non_ascii(struct trigger_recipe *r, size_t id,
                                  const struct literal_set *set);
void trigger_recipe_want_positions(struct trigger_recipe *r, size_t id);
/* The calls noted so far as bytes (owned by r): equal bytes, equal calls. */
const unsigned char *trigger_recipe_bytes(const struct trigger_recipe *r, size_t *len);
/* Make the noted calls on t (before trigger_index_build), in their order. */
void trigger_recipe_replay(const struct trigger_recipe *r, struct trigger_index *t);
/* A recipe of the calls of r on the ids that keep marks (keep[id] != 0), in their order. */
struct trigger_recipe *trigger_recipe_only(const struct trigger_recipe *r, const uint8_t *keep);
/*
 * Append t, built by trigger_index_build_on (not read back), to out: its automata for non-ASCII
 * text are built first if they are not yet.
 */
void trigger_index_encode(const struct trigger_index *t, struct buf *out);
/*
 * The index of n_ids ids that trigger_index_encode wrote to blob (which may go once this
 * returns); NULL, with nothing kept, when blob does not read back whole and consistent (damaged,
 * truncated, or of another number of ids). Scan it only after trigger_index_start.
 */
struct trigger_index *trigger_index_decode(size_t n_ids, const unsigned char *blob, size_t len);
/*
 * Make an index read back scannable, as trigger_index_build_on(threads) does one built here: the
 * table for ASCII text now, the others on a thread of their own or when first needed.
 */
void trigger_index_start(struct trigger_index *t, unsigned threads);
/* Whether t was read back by trigger_index_decode rather than built. */
bool trigger_index_read_back(const struct trigger_index *t);

/*
 * Where the literals of position-wanting ids start in a scanned text: for each id a list in
 * ascending order (list[id].first, then v[k].next), so a pattern can be tried only near its
 * literal.
 */
#define TRIGGER_NONE UINT32_MAX
struct trigger_position {
    size_t start;  /* offset of the literal's first byte */
    uint32_t next; /* next hit of the same id, or TRIGGER_NONE */
    uint32_t prev; /* the one before, or TRIGGER_NONE: a late hit is inserted from the end */
};
struct trigger_hit {
    size_t start;
    uint32_t id;
    uint32_t lane; /* the scan's stream that found it (in the padding: no bigger) */
};
/*
 * An id's list: its ends and how many hits it holds. One struct per id, not three arrays: a hit
 * reads and writes all three, and a scan's reset too, which as arrays cost three cache lines.
 */
struct trigger_list {
    uint32_t first, last, count;
};
struct trigger_positions {
    struct trigger_list *list; /* per id */
    uint32_t *touched;         /* the ids with hits, so the next scan resets only those */
    size_t n_touched;
    struct trigger_position *v;
    size_t n, cap, n_ids;
    bool overflow;     /* too many hits were found to record them all: do not use the lists */
    uint64_t *visited; /* scratch: a bit per state with ids whose ids the scan marked; all 0 between
                          scans */
    uint32_t *marked;  /* scratch: the states whose bit is set (n_visited * 64 slots) */
    size_t n_visited;  /* words */
    struct trigger_hit *pending; /* scratch: hits recorded after the stream or automaton that
                                    found them (a later stream's, those of the literals with a
                                    byte >= 0x80) */
    size_t n_pending, cap_pending;
};
void trigger_positions_init(struct trigger_positions *p, size_t n_ids);
void trigger_positions_release(struct trigger_positions *p);

/*
 * Mark in hit[id] (n_ids bytes, zeroed by the caller) every pattern one of whose literals occurs
 * in text, which must already be case-folded (see literals_fold), except that upper-case ASCII
 * letters and tabs read as their fold. So ASCII text needs no folding. pos (or NULL: no
 * positions wanted) gets the positions of the ids that want them. ascii tells that text has no
 * byte >= 0x80 (then a smaller automaton, of the ASCII literals alone, runs).
 */
void trigger_scan(const struct trigger_index *t, const unsigned char *text, size_t len, bool ascii,
                  uint8_t *hit, struct trigger_positions *pos);

/*
 * Case-fold text into out (replacing its content): ASCII letters are lowered byte for byte and a
 * tab becomes a space; any other character goes through ICU simple case folding.
 */
int literals_fold(const unsigned char *text, size_t len, struct buf *out, struct err *err);
/* The same; *aligned is true when every character kept its byte length, so offsets agree. */
int literals_fold_aligned(const unsigned char *text, size_t len, struct buf *out, bool *aligned,
                          struct err *err);

#endif
