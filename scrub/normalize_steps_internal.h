#ifndef VEIL_NORMALIZE_STEPS_INTERNAL_H
#define VEIL_NORMALIZE_STEPS_INTERNAL_H

/*
 * What the files of the view (scrub/normalize*.c) share with each other, and nothing else uses:
 * the ICU objects a view caches, the byte tests and map helpers every step calls (inline, since
 * they run for every byte or character), and each step's entry points. The view's own interface
 * is scrub/normalize_internal.h. Files: normalize.c builds the view (ICU objects, the offset
 * map, the order of the steps); normalize_escapes.c reads character references and escapes;
 * normalize_clusters.c folds one cluster of characters; normalize_marks.c judges combining
 * marks; normalize_symbols.c reads framed letters, symbols and enclosed numbers;
 * normalize_lookalikes.c folds look-alike letters (NORM_CONFUSABLES); then passes over the
 * finished view: normalize_empty_units.c drops a separator doubled by an invisible unit,
 * normalize_broken.c joins values broken across lines, normalize_joints.c drops
 * bytes typed inside a value, normalize_marked_words.c and normalize_marked_address.c read digit
 * words and e-mail addresses with marks on some letters, normalize_number_words.c reads digit
 * words, normalize_numbers.c reads digit separators, letters typed for digits and regrouped
 * numbers, normalize_spaced.c joins writing typed apart, normalize_leet.c reads words in leetspeak,
 * normalize_cues.c reads cue words in disguise.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/normalize_internal.h"

/*
 * The normal form of a cluster of one UTF-16 unit, remembered: a text repeats the few it has
 * ("’", "—", "é"), and ICU's call costs hundreds of instructions. Slots are
 * direct-mapped; nf is NULL in an empty one.
 */
#define NF_MEMO_SLOTS 64
#define NF_MEMO_OUT   4

struct nf_memo {
    const UNormalizer2 *nf;
    UChar in;
    int32_t n;
    UChar out[NF_MEMO_OUT];
};

struct norm_icu {
    const UNormalizer2 *nfkc;    /* singleton owned by ICU, not closed */
    const UNormalizer2 *nfkc_cf; /* singleton owned by ICU, not closed */
    USpoofChecker *spoof;        /* opened on first NORM_CONFUSABLES build */
    unsigned char *conf_bmp;     /* 65536 cells, lazily allocated */
    UChar *in16, *out16;         /* cluster scratch buffers */
    int32_t in16_cap, out16_cap;
    struct norm_view decoded;  /* the text with its character references decoded */
    struct norm_view previous; /* the last round's view, while a reference it spells is read */
    struct nf_memo memo[NF_MEMO_SLOTS];
};

/* Letters typed for digits (normalize_numbers.c): the fewest digits of a token read so. */
#define LETTER_DIGITS_MIN 4

/* Bytes of the view. */
static inline bool
norm_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool
norm_ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline bool
norm_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static inline bool
norm_hex_digit(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool
norm_is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r';
}

static inline bool
norm_is_view_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r';
}

static inline bool
norm_digit_letter(unsigned char c)
{
    return c == 'O' || c == 'o' || c == 'l' || c == 'I';
}

static inline bool
norm_number_mark(unsigned char c)
{
    return c == '.' || c == '-' || c == '/' || c == ':';
}

/* The offset of the first byte >= 0x80 in s[from..len), or len. */
static inline size_t
norm_first_non_ascii(const unsigned char *s, size_t from, size_t len)
{
    size_t i = from;

#if defined(__SSE2__)
    for (; i + 16 <= len; i += 16) {
        int high = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (high) {
            return i + (size_t)__builtin_ctz((unsigned)high);
        }
    }
#endif
    while (i < len && s[i] < 0x80) {
        i++;
    }
    return i;
}

/* A combining mark that may follow a character without changing what it reads as. */
static inline bool
norm_is_mark(UChar32 c)
{
    int8_t type = u_charType(c);

    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK;
}

/* The offset map: room for extra more bytes and the end entry. */
static inline void
norm_map_reserve(struct norm_view *v, size_t extra)
{
    size_t need = size_add(size_add(v->text.len, extra), 1);
    size_t cap;

    if (need <= v->map_cap) {
        return;
    }
    cap = v->map_cap ? v->map_cap : 256;
    while (cap < need) {
        cap = size_mul(cap, 2);
    }
    v->map = xrealloc(v->map, size_mul(cap, sizeof(*v->map)));
    v->map_end = xrealloc(v->map_end, size_mul(cap, sizeof(*v->map_end)));
    v->map_cap = cap;
}

/* View bytes at..at+n come one for one from original bytes from..from+n (room reserved). */
static inline void
norm_map_identity(struct norm_view *v, size_t at, size_t from, size_t n)
{
    size_t *m = v->map + at, *m_end = v->map_end + at, k = 0;

#if defined(__SSE2__) && SIZE_MAX == UINT64_MAX
    /* [from + k, from + k + 1): two offsets a store on x86-64 */
    __m128i pos = _mm_set_epi64x((long long)from + 1, (long long)from);
    const __m128i one = _mm_set1_epi64x(1), two = _mm_set1_epi64x(2);
    for (; k + 2 <= n; k += 2) {
        _mm_storeu_si128((__m128i *)(void *)(m + k), pos);
        _mm_storeu_si128((__m128i *)(void *)(m_end + k), _mm_add_epi64(pos, one));
        pos = _mm_add_epi64(pos, two);
    }
#endif
    for (; k < n; k++) {
        m[k] = from + k;
        m_end[k] = from + k + 1;
    }
}

/* Copy view byte from to at (at <= from), with its map entries. */
static inline void
norm_view_move(struct norm_view *v, size_t at, size_t from)
{
    v->text.data[at] = v->text.data[from];
    v->map[at] = v->map[from];
    v->map_end[at] = v->map_end[from];
}

/*
 * Write c at view byte at, standing for the view's bytes [from, to) (at <= from < to): it covers
 * the original bytes they came from. The passes read a run of the view as one byte so.
 */
static inline void
norm_view_put(struct norm_view *v, size_t at, size_t from, size_t to, unsigned char c)
{
    size_t end = v->map_end[to - 1]; /* read first: at may be to - 1 */

    v->text.data[at] = c;
    v->map[at] = v->map[from];
    v->map_end[at] = end;
}

/* Append code point c, produced by the original bytes [start, end). */
static inline int
norm_emit(struct norm_view *v, UChar32 c, size_t start, size_t end, struct err *err)
{
    uint8_t u8[U8_MAX_LENGTH];
    int32_t n = 0;
    size_t k;

    U8_APPEND_UNSAFE(u8, n, c);
    norm_map_reserve(v, (size_t)n);
    for (k = 0; k < (size_t)n; k++) {
        v->map[v->text.len + k] = start;
        v->map_end[v->text.len + k] = end;
    }
    return buf_append(&v->text, u8, (size_t)n, err);
}

/* Decode the code point at s[i]; -1 on ill-formed UTF-8. */
static inline int
norm_decode(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *next, struct err *err)
{
    int32_t k = 0;
    int32_t n = (int32_t)(len - i < 4 ? len - i : 4);

    U8_NEXT(s + i, k, n, *c);
    if (*c < 0) {
        return err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", i);
    }
    *next = i + (size_t)k;
    return 0;
}

/* normalize.c: an ICU failure as ERR_DEP naming what failed; returns -1. */
int norm_icu_fail(struct err *err, const char *what, UErrorCode status);

/* normalize_escapes.c: character references and escapes, read before anything else. */
bool norm_has_reference(const unsigned char *s, size_t len);
int norm_decode_references(struct norm_view *d, const unsigned char *s, size_t len,
                           struct err *err);

/* normalize_clusters.c: one cluster of characters through NFKC and the folds. */
int norm_emit_cluster(struct norm_view *v, struct norm_icu *icu, const UNormalizer2 *nf,
                      const unsigned char *s, size_t len, size_t *i, struct err *err);
int norm_is_removed(UChar32 c);
UChar32 norm_separator_lookalike(UChar32 c);
bool norm_is_overlay_mark(UChar32 c);

/* normalize_marks.c: combining marks as decoration. */
bool norm_is_generic_mark(UChar32 c);
bool norm_leftover_decoration(const UChar *out, int32_t n);
int32_t norm_drop_generic_marks(UChar *in, int32_t n);
UChar32 norm_marked_ascii_base(UChar32 c);
UChar32 norm_marked_latin_base(UChar32 c);
bool norm_word_all_marked(struct norm_view *v, const unsigned char *s, size_t len, size_t i);
bool norm_word_disguised(struct norm_view *v, const unsigned char *s, size_t len, size_t i);

/* normalize_symbols.c: framed letters, symbols between characters, enclosed numbers. */
UChar32 norm_framed_letter_in_view(const struct norm_view *v, UChar32 c, bool fold, bool code);
UChar32 norm_framed_letter_at(const struct norm_view *v, const unsigned char *s, size_t len,
                              size_t start, size_t next, UChar32 c, bool fold);
bool norm_is_symbol_type(int8_t type);
bool norm_is_postal_mark(UChar32 c);
int norm_symbol_as_space(struct norm_view *v, const unsigned char *s, size_t len, size_t *i,
                         struct err *err);
int norm_enclosed_number(UChar32 c, int8_t type);

/* normalize_lookalikes.c: look-alike letters folded in mixed-script tokens (NORM_CONFUSABLES). */
void norm_fold_confusables(struct norm_view *v, struct norm_icu *icu, unsigned flags);

/*
 * The passes over the finished view, in the order norm_view_build runs them: each has_* tells
 * whether a text holds anything the pass changes (norm_is_plain_ascii asks them all), and the
 * pass rewrites the view in place; it only shrinks.
 */
bool norm_has_empty_unit(const struct norm_view *v);
void norm_drop_empty_units(struct norm_view *v);
bool norm_has_tatweel(const unsigned char *t, size_t n);
void norm_drop_tatweels(struct norm_view *v);
bool norm_has_broken_number(const unsigned char *t, size_t n);
void norm_join_broken_numbers(struct norm_view *v);
bool norm_has_broken_value(const unsigned char *t, size_t n);
void norm_join_broken_values(struct norm_view *v);
bool norm_has_joint(const unsigned char *s, size_t len);
void norm_drop_joints(struct norm_view *v);
bool norm_has_inner_stars(const unsigned char *t, size_t n);
void norm_drop_inner_stars(struct norm_view *v);
bool norm_has_interpunct_run(const unsigned char *t, size_t n);
void norm_join_interpunct_runs(struct norm_view *v);
bool norm_has_marked_address(const unsigned char *t, size_t n);
void norm_read_marked_addresses(struct norm_view *v);
bool norm_has_marked_number_words(const unsigned char *t, size_t n);
void norm_read_marked_number_words(struct norm_view *v);
bool norm_has_number_run(const unsigned char *s, size_t len);
void norm_read_number_runs(struct norm_view *v);
size_t norm_next_digit(const unsigned char *s, size_t from, size_t len);
bool norm_has_digit_dot(const unsigned char *t, size_t n);
void norm_fold_digit_dots(struct norm_view *v);
bool norm_has_regrouped_number(const unsigned char *t, size_t n);
void norm_read_regrouped_numbers(struct norm_view *v);
bool norm_has_letter_digits(const unsigned char *s, size_t len);
size_t norm_letter_digits_scan(const unsigned char *t, size_t n, struct norm_view *v, size_t *work);
bool norm_has_spaced_run(const unsigned char *s, size_t len);
bool norm_has_spaced_letter_run(const unsigned char *s, size_t len);
void norm_join_spaced_runs(struct norm_view *v);
bool norm_has_leet_words(const unsigned char *s, size_t len);
void norm_read_leet_words(struct norm_view *v);

#endif
