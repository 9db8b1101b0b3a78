#ifndef VEIL_NORMALIZE_INTERNAL_H
#define VEIL_NORMALIZE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

struct err;

/*
 * A normalised view of a UTF-8 text for matching (rules with `flags: [normalized]`):
 *   - HTML/XML character references read as the character they stand for, before anything
 *     else: decimal "&#45;" and hex "&#x2D;" (the ';' required; not NUL or a surrogate;
 *     &#128;-&#159; as windows-1252, as HTML5 reads them) and a short table of named ones
 *     for punctuation, spaces, '@' and quotes ("&amp;", "&nbsp;", "&commat;", "&period;",
 *     "&hyphen;", "&lpar;", "&plus;"...). The character then goes through every step below
 *     ("&#xFF11;" -> "1", "&nbsp;" -> " ") and its span covers the whole reference. A view
 *     that spells a reference again ("&amp;#64;") is read again, up to four rounds. Read the
 *     same way: URL percent escapes of printable ASCII ("%40"), backslash escapes typed into
 *     text ("\u0034" for printable ASCII or a non-control character, "\x34" for printable
 *     ASCII), and quoted-printable "=40", "=2E", "=5F", "=2D", "=2B" (upper-case hex, between
 *     two ASCII letters or digits: "jane=40mail=2Ecom");
 *   - a number in a circle, in parentheses or with a full stop ("⑸", "⒈", "❶", "⓵", "⑩")
 *     read as its digits, where NFKC would give "(5)" or "1." or nothing, breaking a number;
 *   - framed letters and small capitals (Ⓙ ⒥ 🄹 🅙 🅹 ᴊ, a regional indicator that is not half
 *     of a flag) read as ASCII letters; a one-case form reads upper case where a word starts,
 *     lower case after a letter (lower case always with NORM_CASEFOLD);
 *   - separator look-alikes read as ASCII: ⁄ ∕ ⧸ ⟋ ╱ as '/', ⁃ ˗ ➖ as '-', ∶ ː ꞉ ⁚ ˸ ׃ as ':';
 *     between two digits (a colon also between hex digits), every punctuation whose ICU
 *     skeleton is '.', ':' or '/' and every script's FULL STOP, with the dots and bullets typed
 *     as separators ("10܁20܁3܁41", "14؍03؍1987", "415•555•0134"; the table digit_seps);
 *   - the braille blank U+2800 removed; a run of tatweels (U+0640) before a letter removed;
 *   - a run after U+202E (right-to-left override) up to U+202C, U+2069 or the end of the line,
 *     when ASCII once normalised, reversed to the order it is seen; each byte of it maps to the
 *     whole run, so map[] stays non-decreasing;
 *   - a number broken across two lines joined: at a separator ("14/03/\n1987"), or between two
 *     digits after a label with the break read as the number's one kind of separator or as
 *     nothing ("SSN: 726\n81-7127" -> "SSN: 726-81-7127", "acct # is 909556\n251842" -> one
 *     number; two numbers of a list and groups a space apart stay);
 *   - 'O'/'o' and 'l'/'I' typed for digits in a separated number read as 0 and 1
 *     ("81.2.69.l42"); spaced digits with their separators joined ("1 4 / 0 3 / 1 9 8 7");
 *     a word typed apart with one '.', '-' or '_' after each letter joined from four letters;
 *   - NFKC (full-width forms, ligatures, circled/superscript digits become plain characters);
 *   - default-ignorable and format (Cf) characters removed: ZWSP, ZWJ, ZWNJ, soft hyphen, BOM,
 *     word joiner, bidi controls, variation selectors, tag characters;
 *   - every decimal digit (Nd: Arabic-Indic, Devanagari, Thai...) mapped to its ASCII digit;
 *   - Unicode spaces (Zs, Zl, Zp, tab, NBSP) folded to ' '; "\n" and "\r" are kept;
 *   - dashes (Pd, U+2212 minus sign, U+FE63, U+FF0D) folded to '-';
 *   - curly single quotes/primes folded to '\'' and curly double quotes to '"' (so "I’m" matches
 *     a pattern written "I'm");
 *   - combining marks (Mn, Me) left after an ASCII character removed: the ones NFKC could not
 *     compose with it ("w" + tilde, a digit with U+0332 LOW LINE, a keycap), which only
 *     disguise it; the character's span covers them. A generic mark (the Combining
 *     Diacritical Marks blocks, marks for symbols, half marks) left after any other letter
 *     marks the cluster as decoration: its generic marks go, it is normalised again without
 *     them, and a letter that is an ASCII letter with marks reads as that letter (Zalgo over
 *     "é", half tildes over Cyrillic); a script's own marks (Hebrew points, harakat, Indic
 *     vowel signs) and composed accents stay;
 *   - with NORM_CASEFOLD, NFKC_Casefold instead of NFKC (ASCII and all scripts lower-cased,
 *     "ß" -> "ss");
 *   - with NORM_CONFUSABLES (a last pass over the view), in every white-space-delimited token
 *     that also holds an ASCII letter (a mixed-script token such as "jоhn@gmаil.com"), each
 *     non-ASCII letter whose ICU confusable skeleton is a single ASCII letter or digit, and that
 *     carries no combining mark, is replaced by it (Cyrillic "о" -> "o", Greek "ο" -> "o").
 *     Tokens wholly in Cyrillic or Greek are left alone, so rules written in those languages
 *     still match on the view, unless every letter of the token (two at least, no digit) is a
 *     look-alike and the token mixes scripts ("ЅЅΝ": Cyrillic and Greek) or stands among Latin
 *     words with no word of another script beside it ("my ѕос ѕес no:"). ASCII itself is
 *     never touched, so "m" and "1" stay what they are.
 *
 * Offsets. The view is built from "clusters" of the original: a character plus any following
 * characters that NFKC could combine with it (combining marks, Hangul jamo), with removed
 * characters inside a cluster belonging to it. Every normalised byte i produced by a cluster has
 * map[i] = the cluster's first original byte and map_end[i] = one past its last original byte.
 * A match [s, e) in the view therefore covers exactly the original bytes
 * [map[s], map_end[e - 1]) — the clusters that produced it, never an invisible character
 * before or after it. A character reference is one original unit: a cluster that holds its
 * character covers it whole. map[text.len] == map_end[text.len] == original length. The view
 * is idempotent: building the view of a view changes nothing (short of references nested more
 * than four deep).
 *
 * ENGINE NOTE (for scrub/detect*.c): for a `normalized` rule, build the view once per text
 * (norm_view_build), run the rule's regex over v.text, and translate every match with
 * norm_view_span; validators then see the view's bytes, already ASCII-digit. The engine
 * (subject.c) and the lexicon build it with NORM_CONFUSABLES: only mixed-script tokens change,
 * and it is what catches "jоhn@gmаil.com" or "Leonаrd" written with Cyrillic letters. When
 * norm_is_plain_ascii(text) is true and the rule is not casefolded, the view equals the text
 * and the build can be skipped (norm_view_build also detects this and copies in one pass); an
 * ASCII text with a character reference is not plain, so it gets a view that decodes it.
 */
enum norm_flags {
    NORM_CASEFOLD = 1u << 0,
    NORM_CONFUSABLES = 1u << 1,
};

struct norm_view {
    struct buf text; /* normalised UTF-8, NUL-terminated, no NULs unless the original had them */
    size_t *map;     /* text.len + 1 entries: original start of the producing cluster */
    size_t *map_end; /* text.len + 1 entries: original end of the producing cluster */
    size_t map_cap;  /* entries allocated in map and map_end */
    void *icu;       /* cached ICU objects and scratch buffers; opaque, owned by the view */
    size_t symbols_as_written;   /* while building: the rest of a symbol run read as itself ends
                                    here, so a run is read all one way */
    size_t marked_lo, marked_hi; /* while building: the last word judged by norm_word_all_marked */
    bool marked;                 /* and whether a mark sits on every letter of it */
    size_t disguised_lo, disguised_hi; /* while building: the last token norm_word_disguised read */
    bool disguised;                    /* and whether it is */
    bool dropped_invisible; /* while building: a character was read as nothing (ZWSP, a mark) */
};

/* A zeroed, empty view. Nothing is allocated until the first build. */
void norm_view_init(struct norm_view *v);
/* Frees everything including cached ICU objects; safe on an initialised or zeroed view. */
void norm_view_release(struct norm_view *v);
/*
 * True when s is pure ASCII with nothing that the view changes without NORM_CASEFOLD: every
 * byte < 0x80, no tab and no character reference it decodes ("AT&T" is plain, "&#64;" is not).
 * Scans eight bytes at a time, then looks at each '&'.
 */
int norm_is_plain_ascii(const unsigned char *s, size_t len);
/* The offset of the first ill-formed UTF-8 sequence in s, or len when there is none. */
size_t norm_invalid_utf8_at(const unsigned char *s, size_t len);
/*
 * The work the view's scan for digit words among digits does on s (bytes stepped back plus
 * tokens read), for tests that check it stays linear in len.
 */
size_t norm_number_run_work(const unsigned char *s, size_t len);
/*
 * The work the view's scan for digit words with marks on some letters ("ṣeven onẹ sìx") does on
 * s (bytes looked at plus bytes of tokens read), for tests that check it stays linear in len.
 */
size_t norm_marked_words_work(const unsigned char *s, size_t len);
/*
 * The work the view's scan for letters typed for digits ("81.2.69.l42") does on s (bytes read
 * back and forth from each digit), for tests that check it stays linear in len. The scan stops
 * at the first such token, so a test text should hold none.
 */
size_t norm_letter_digits_work(const unsigned char *s, size_t len);
/* The bytes the scan for words in leetspeak ("B34c0n Ro4d") reads in s, for a test that it
 * stays linear; it stops at the first pair, so a test text should hold none. */
size_t norm_leet_work(const unsigned char *s, size_t len);
/*
 * The bytes the scan for numbers broken across lines reads in s ("185.220.\n101.47"), for a
 * test that it stays linear.
 */
size_t norm_broken_number_work(const unsigned char *s, size_t len);
/*
 * The bytes the scan for values broken across lines reads in s ("MRN 6531\n6288"), for a test
 * that it stays linear.
 */
size_t norm_broken_value_work(const unsigned char *s, size_t len);
/*
 * Cue words in disguise (normalize_cues.c), the view's last step: leetspeak ("p4ssw0rd",
 * "4cc0un7"), a slip of the keys ("accoutn", "DOBB") and cue words typed apart and run together
 * ("b a n k a c c o u n t") read as the cue words of a short list. norm_has_cue_words tells
 * whether the ASCII text s holds one (so it is not plain); norm_read_cue_words reads them.
 */
bool norm_has_cue_words(const unsigned char *s, size_t len);
void norm_read_cue_words(struct norm_view *v, unsigned flags);
/* Whether normalize_cues.c's table of letter sets is its cue words' (for a test). */
bool norm_cue_masks_consistent(void);
/*
 * Replace v's text and maps by text[0, len) and map, map_end (cap entries each, cap > len),
 * taking ownership of all three; the entry at len is set by the caller.
 */
void norm_view_replace(struct norm_view *v, unsigned char *text, size_t len, size_t *map,
                       size_t *map_end, size_t cap);
/* True when every byte of s is < 0x80 (tabs allowed). Eight bytes at a time. */
int norm_is_ascii(const unsigned char *s, size_t len);
/*
 * Build the view of s (len bytes of UTF-8) into v, replacing any previous content; v can be
 * reused across calls and keeps its ICU objects. Invalid UTF-8 is ERR_PARSE naming the byte
 * offset; an ICU failure is ERR_DEP.
 */
int norm_view_build(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
                    struct err *err);
/*
 * The original byte span covered by the view span [start, end) (start <= end <= text.len).
 * An empty view span maps to the empty original span at map[start].
 */
void norm_view_span(const struct norm_view *v, size_t start, size_t end, size_t *orig_start,
                    size_t *orig_end);
/* The first view byte whose cluster starts at or after the original offset orig (the map is
 * in order): an original span [s, e) reads as [norm_view_offset(s), norm_view_offset(e)). */
size_t norm_view_offset(const struct norm_view *v, size_t orig);

#endif
