#ifndef VEIL_LEXICON_INTERNAL_H
#define VEIL_LEXICON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

struct err;

/*
 * Word lists (the .txt files in rules/lexicons/) and whole-word scanning for them (the `lexicon:`
 * rule key).
 *
 * File format: UTF-8, one entry per line; blank lines and lines whose first non-blank character
 * is '#' are ignored, and " #" starts a trailing comment. An entry may have several words
 * ("de la Cruz", "Jean-Luc", "王小明"). Entries are stored NFKC-casefolded with white-space runs
 * collapsed to one space, in a hashed set.
 *
 * Scanning finds whole-word occurrences: word boundaries come from ICU's word break iterator
 * (UAX #29 plus dictionaries, so Chinese, Japanese and Thai segment into words) and a hit never
 * starts or ends inside a word. A hit may span several words separated by white space, '-' or an
 * apostrophe, or written with no separator (CJK); the longest entry wins and hits never overlap.
 * A possessive "'s" / "’s" after a name is not part of the hit ("Mary's" -> "Mary").
 * Pure-ASCII text takes a fast path with the same boundaries and no ICU calls; other text is
 * scanned through its normalised view (normalize_internal.h), so full-width, decomposed and
 * zero-width-split names match, and hits map back to exact original bytes.
 *
 * ENGINE NOTE (scrub/rules*.c, scrub/detect*.c): load once per rule with lexicon_parse (the
 * bytes you also feed to the pack digest) or lexicon_load; keep one lexicon_scanner per engine
 * (it holds an ICU break iterator, which is not thread-safe); call lexicon_scan per text with
 * LEXICON_CAPITALIZED when the rule has RULE_CAPITALIZED, and LEXICON_EXTEND_CAPITALIZED for a
 * rule flag `surname`, so only a first name followed by a capitalised surname is reported,
 * spanning both. Each hit is a candidate [start, end) scored like a pattern
 * match (rule score = the pattern-less base score 0.6 unless the rule says otherwise).
 */

struct lexicon;
struct lexicon_scanner;
struct norm_view;

struct lexicon_hit {
    size_t start, end; /* byte span [start, end) in the scanned text */
    size_t list_end;   /* end of the part found in the list; < end when extended over a surname */
    bool cued;         /* a lower-case name after a word that takes a person ("call jake") */
};

/* A growable array of hits; after lexicon_scan: sorted by start, non-overlapping. */
struct lexicon_hits {
    struct lexicon_hit *v;
    size_t n, cap;
};

enum lexicon_scan_flags {
    /*
     * drop hits whose first letter is lower-case (letters of caseless scripts pass), and extend
     * a hit over a following capitalised surname when there is one ("Donald Trump", not
     * "Donald"), so allow lists and overlap resolution see the whole name; without
     * LEXICON_EXTEND_CAPITALIZED a hit also grows back over one unlisted capitalised word that
     * is not a sentence word or title ("Bongani Whitfield"). Disguised names count as
     * capitalised: a word in aLtErNaTiNg case ("mArIa lOpEz") and a word with digits typed for
     * letters ("J0hn Sm1th", looked up as "john")
     */
    LEXICON_CAPITALIZED = 1u << 0,
    /*
     * report only hits followed by a capitalised word (a surname), extended over up to three such
     * words and name particles ("Maria de la Cruz", "José Manuel García Pérez"); English function
     * words, calendar words and "God" never count as a surname ("May God", "Thanks John How"),
     * and "Park"/"Lane" count only right after the name with no place cue ("Emeka Park", not
     * "in Jordan Park"). With LEXICON_CAPITALIZED it also reports a lower-case name and surname
     * right after "im", "i'm", "i am", "this is" or "name's" ("im raj fernandes lol").
     * LEXICON_CAPITALIZED alone (a list without everyday words) reports a lower-case listed
     * name, and the lower-case surname after it, after a word that takes a person ("call jake
     * morrison", "tell priya i said hi", "my sister fatima"), before a possessive of a person's
     * things ("olivia's new number"), and with its surname as the subject of a clause ("ugh
     * eunice welch from hr wrote me up"), after a relation or kin word that needs the surname
     * ("the wife cody beauchamp", "my grandpa tariq bouchard"), or opening a line or a list item
     * before a phone number, address or e-mail address ("1. rohan mcallister - 73 Beech
     * Grove"), as a chat line's speaker ("[9:06 PM] kwame flanagan: hey") or as the subject of
     * a question ("where does darnell hargrove live"); those hits are `cued`
     */
    LEXICON_EXTEND_CAPITALIZED = 1u << 1,
};

/*
 * Parse a word list held in memory; file names it in errors ("path:line: what failed: detail",
 * never the entry). Invalid UTF-8 and an entry longer than 256 bytes are ERR_PARSE; an empty list
 * is an error too. *out is owned by the caller (lexicon_free).
 */
int lexicon_parse(const unsigned char *data, size_t len, const char *file, struct lexicon **out,
                  struct err *err);
/* Read path and lexicon_parse it. */
int lexicon_load(const char *path, struct lexicon **out, struct err *err);
/* NULL is fine. */
void lexicon_free(struct lexicon *lx);
/* Distinct entries. */
size_t lexicon_size(const struct lexicon *lx);
/* *found = whether s (any case, any normalisation form) is an entry. ICU failure is ERR_DEP. */
int lexicon_contains(const struct lexicon *lx, const unsigned char *s, size_t len, bool *found,
                     struct err *err);

/* Per-thread scanning state (ICU word break iterator, scratch). NULL only with err set. */
struct lexicon_scanner *lexicon_scanner_new(struct err *err);
/* NULL is fine. */
void lexicon_scanner_free(struct lexicon_scanner *sc);
/*
 * Empty out, then append every hit of lx in text (len bytes of valid UTF-8). A non-ASCII text is
 * scanned through its normalised view (flags 0): pass it in view when the caller has built it,
 * or NULL. A view passed for an ASCII text is read too (a spaced-out name, a character
 * reference); with NULL an ASCII text is read as written. flags are lexicon_scan_flags.
 * Invalid UTF-8 is ERR_PARSE naming the offset; ICU failure is ERR_DEP.
 */
int lexicon_scan(struct lexicon_scanner *sc, const struct lexicon *lx, const unsigned char *text,
                 size_t len, const struct norm_view *view, unsigned flags, struct lexicon_hits *out,
                 struct err *err);

void lexicon_hits_init(struct lexicon_hits *h);
void lexicon_hits_release(struct lexicon_hits *h);

#endif
