#ifndef VEIL_LEXICON_SCAN_INTERNAL_H
#define VEIL_LEXICON_SCAN_INTERNAL_H

/*
 * What the two files of the name lists share and nothing else uses: the string set, the list,
 * the scanner with the words of the text, and the functions one file calls in the other.
 * lexicon.c loads, cuts and looks up; lexicon_context.c judges a hit by the words around it.
 * The lists' interface is lexicon_internal.h.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "common/buf.h"
#include "scrub/lexicon_internal.h"
#include "scrub/normalize_internal.h"

/* An open-addressing set of byte strings, all stored in one arena. */
/*
 * 12 bytes, so the 26,000 names of a lexicon take 0.8 MB of slots, not 1.6: the table is touched
 * once per capitalised word of the text. The low 32 bits of the hash place and tag a key
 * (tables stay under 2^32 slots); offsets fit as a list is at most LEXICON_TEXT_MAX bytes.
 */
struct slot {
    uint32_t hash;
    uint32_t off;
    uint32_t len; /* 0 marks an empty slot (the empty string is never stored) */
};

/*
 * Most words looked up are not in the set ("Human", "What"), and the slots of a list of
 * thousands of names do not stay in cache: a small Bloom filter (two bits of each member's
 * hash) answers most of those lookups from a few KiB. It has BLOOM_BITS_MIN bits, or about
 * BLOOM_BITS_PER_ENTRY per entry of a list whose size is known beforehand: a list of 26,000
 * first names set 55 % of 65,536 bits, and the filter let 30 % of the words through. Both bits
 * of a hash lie in one block of BLOOM_BLOCK_BITS, a cache line: a look-up waits for one line,
 * not two (with 8 bits an entry a block holds 64 entries on average, and the filter lets as
 * many words through as one whose bits lie anywhere).
 */
#define BLOOM_BITS_MIN       ((size_t)1 << 16)
#define BLOOM_BITS_MAX       ((size_t)1 << 24)
#define BLOOM_BITS_PER_ENTRY 8
#define BLOOM_BLOCK_LOG      9 /* a block of 2^9 bits: 64 bytes */
#define BLOOM_BLOCK_BITS     ((size_t)1 << BLOOM_BLOCK_LOG)

struct strset {
    unsigned char *arena;
    size_t arena_len, arena_cap;
    struct slot *slots;
    size_t nslots, n;
    uint64_t *bloom;   /* NULL until the first member; aligned to a cache line */
    size_t bloom_bits; /* a power of two, at least BLOOM_BLOCK_BITS */
};

struct lexicon {
    struct strset entries;
    struct strset heads; /* first word of every entry of several words */
    size_t max_tokens;
};

/* A word of the text, as ICU's word break iterator delimits it. */
struct token {
    size_t start, end;         /* bytes in the text; end excludes a possessive 's */
    size_t fold_off, fold_len; /* NFKC-casefolded form in scanner.fold */
    bool possessive;           /* "'s" / "’s" followed and was cut off */
    bool cell_break;           /* a tab of the original text lies between it and the word before */
};

struct lexicon_scanner {
    UBreakIterator *bi;
    UText ut;
    const UNormalizer2 *nfkc_cf; /* ICU singleton, not closed */
    const UNormalizer2 *nfd;     /* ICU singleton, not closed */
    struct token *toks;
    size_t ntoks, toks_cap;
    struct buf fold; /* folded words, back to back */
    struct buf key;  /* the lookup key being built */
    UChar *u16a, *u16b;
    int32_t u16a_cap, u16b_cap;
    struct norm_view view; /* non-ASCII texts are scanned through their normalised view */
    /*
     * whether words of the scanned text are looked up without their accents too: 0 not yet
     * known, 1 yes, -1 no (ASCII text, or a letter only Vietnamese uses); decided at the first
     * word that needs it, since a scan of the text costs more than most texts' look-ups
     */
    int strip_accents;
    size_t scan_len; /* bytes of the text scan_words reads */
    /* Two rules (full names, first names) scan the same text in turn: its view and words are
     * kept, keyed by the text's bytes, until another text is tokenised. */
    struct buf scanned;
    bool scanned_valid;
    /*
     * The words a capitalised entry cannot start at, found once for both rules (bit i of
     * lower[i / 64]: word i starts in lower case and is not in alternating case), and those of
     * them a self-introduction cue ends before (cued); valid for the words of marks_text.
     */
    uint64_t *lower, *cued;
    size_t marks_cap; /* 64-bit words of each */
    const unsigned char *marks_text;
    bool marks_valid;
};

#define SURNAME_WORDS 3 /* capitalised words a hit may grow over ("José Manuel García Pérez") */

/* Bytes and words of the text. */
static inline bool
lexicon_a_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline bool
lexicon_a_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline UChar32
lexicon_first_code_point(const unsigned char *s, size_t n)
{
    UChar32 c;
    int32_t k = 0;
    int32_t m = (int32_t)(n < 4 ? n : 4);

    U8_NEXT(s, k, m, c);
    return c;
}

/* Lower-case first letter: not a name in a text that capitalises names. */
static inline bool
lexicon_starts_lower(const unsigned char *s, const struct token *t)
{
    unsigned char c = s[t->start];

    if (c < 0x80) {
        return c >= 'a' && c <= 'z';
    }
    return u_islower(lexicon_first_code_point(s + t->start, t->end - t->start));
}

/* lexicon.c: the string set, counting and spelling of words. */
bool lexicon_alternating_case(const unsigned char *s, const struct token *t);
size_t lexicon_count_code_points(const unsigned char *s, size_t n);
bool lexicon_leet_word(const unsigned char *s, const struct token *t);
bool lexicon_strset_has(const struct strset *set, const unsigned char *s, size_t n);
/* Whether the set's Bloom filter lets s through (every member, and a few others). */
bool lexicon_strset_may_have(const struct strset *set, const unsigned char *s, size_t n);

/*
 * lexicon_context.c: whether a hit of a list is a private person's name where it stands: the
 * words before and after it can make it a place, a firm, a brand, a work, a storm, an animal, an
 * invented or public figure, or grow it over a surname or back over a given name.
 */
bool lexicon_acronym_in_prose(const struct lexicon_scanner *sc, const unsigned char *s, size_t w);
bool lexicon_after_intro_cue(const struct lexicon_scanner *sc, const unsigned char *s, size_t w);
bool lexicon_cue_ending_before(const unsigned char *s, size_t at);
bool lexicon_after_contact_cue(const struct lexicon_scanner *sc, const unsigned char *s, size_t w);
bool lexicon_after_relation_weak(const struct lexicon_scanner *sc, const unsigned char *s,
                                 size_t w);
bool lexicon_lower_possessive_owner(const struct lexicon_scanner *sc, const unsigned char *s,
                                    size_t w);
size_t lexicon_lower_pair_before(const struct lexicon_scanner *sc, const unsigned char *s,
                                 size_t w);
size_t lexicon_lower_pair(const struct lexicon_scanner *sc, const struct lexicon *lx,
                          const unsigned char *s, size_t w, bool cued);
size_t lexicon_lower_field_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                                const unsigned char *s, size_t n, size_t w);
bool lexicon_lower_question_frame(const struct lexicon_scanner *sc, const unsigned char *s,
                                  size_t w);
bool lexicon_lower_subject_frame(const struct lexicon_scanner *sc, const unsigned char *s,
                                 size_t w);
size_t lexicon_lower_cued_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                               const unsigned char *s, size_t w, bool surname);
size_t lexicon_extend_given_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                                 const unsigned char *s, size_t w, size_t prev_end);
size_t lexicon_extend_surname(const struct lexicon_scanner *sc, const unsigned char *s,
                              size_t first, size_t j);
bool lexicon_firm_suffix_after(const struct lexicon_scanner *sc, const unsigned char *s,
                               size_t last);
size_t lexicon_form_label_end(const struct lexicon_scanner *sc, const unsigned char *s, size_t n,
                              size_t w);
bool lexicon_headed_by_place_or_title(const struct lexicon_scanner *sc, size_t first, size_t end);
bool lexicon_in_firm_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                          const unsigned char *s, size_t w);
bool lexicon_in_place_name(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                           size_t last);
size_t lexicon_inverted_surname(const struct lexicon_scanner *sc, const struct lexicon *lx,
                                const unsigned char *s, size_t n, size_t w);
bool lexicon_invented_or_figure(const struct lexicon_scanner *sc, const unsigned char *s,
                                size_t first);
bool lexicon_lone_name_in_brand(const struct lexicon_scanner *sc, const struct lexicon *lx,
                                const unsigned char *s, size_t n, size_t w);
size_t lexicon_lower_intro(const struct lexicon_scanner *sc, const struct lexicon *lx,
                           const unsigned char *s, size_t n, size_t w);
bool lexicon_name_as_a_word(const struct lexicon_scanner *sc, const unsigned char *s, size_t w);
bool lexicon_names_a_product(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                             size_t list_last, size_t last);
bool lexicon_names_a_work_or_eponym(const struct lexicon_scanner *sc, const unsigned char *s,
                                    size_t first, size_t last);
bool lexicon_names_an_animal(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                             size_t last);

#endif
