#include "scrub/lexicon_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/literals_internal.h"
#include "scrub/normalize_internal.h"

#include "common/banned.h"

#define ENTRY_MAX 256 /* bytes of one list entry */
/* bytes of a whole list: its keys (folded, at most 3 bytes per byte) keep 32-bit offsets */
#define LEXICON_TEXT_MAX ((size_t)1 << 30)
#define MAX_TOKENS       8 /* words one entry may span */
#define GAP_MAX          3 /* bytes of a folded separator between the words of one entry */
#define SURNAME_WORDS    3 /* capitalised words a hit may grow over ("José Manuel García Pérez") */
#define LIST_FILE_MAX    ((size_t)64 << 20)

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
 * hash) answers most of those lookups from 8 KiB.
 */
#define BLOOM_BITS ((size_t)1 << 16)

struct strset {
    unsigned char *arena;
    size_t arena_len, arena_cap;
    struct slot *slots;
    size_t nslots, n;
    uint64_t bloom[BLOOM_BITS / 64];
};

static uint64_t
bloom_bits(uint64_t h, unsigned shift)
{
    return (h >> shift) & (BLOOM_BITS - 1);
}

static bool
bloom_may_have(const struct strset *set, uint64_t h)
{
    uint64_t a = bloom_bits(h, 32), b = bloom_bits(h, 48);

    return (set->bloom[a / 64] >> (a % 64) & 1) && (set->bloom[b / 64] >> (b % 64) & 1);
}

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

/* ---- the string set ---- */

static uint64_t
hash_bytes(const unsigned char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static struct slot *
strset_find(const struct strset *set, const unsigned char *s, size_t n, uint64_t h)
{
    size_t i;

    if (!set->nslots) {
        return NULL;
    }
    for (i = h & (set->nslots - 1);; i = (i + 1) & (set->nslots - 1)) {
        struct slot *sl = &set->slots[i];
        if (!sl->len) {
            return sl;
        }
        if (sl->hash == (uint32_t)h && sl->len == n && !memcmp(set->arena + sl->off, s, n)) {
            return sl;
        }
    }
}

static bool
strset_has(const struct strset *set, const unsigned char *s, size_t n)
{
    const struct slot *sl;

    if (!n) {
        return false;
    }
    uint64_t h = hash_bytes(s, n);
    if (!bloom_may_have(set, h)) {
        return false;
    }
    sl = strset_find(set, s, n, h);
    return sl && sl->len;
}

static void
strset_grow(struct strset *set)
{
    struct slot *old = set->slots;
    size_t oldn = set->nslots, i;

    set->nslots = oldn ? size_mul(oldn, 2) : 1024;
    set->slots = xcalloc(set->nslots, sizeof(*set->slots));
    for (i = 0; i < oldn; i++) {
        if (old[i].len) {
            *strset_find(set, set->arena + old[i].off, old[i].len, old[i].hash) = old[i];
        }
    }
    free(old);
}

/* Room for n entries and bytes of keys, so a list of known size is added without a rehash. */
static void
strset_reserve(struct strset *set, size_t n, size_t bytes)
{
    size_t nslots = 1024;

    while (nslots < size_mul(n, 2)) {
        nslots = size_mul(nslots, 2);
    }
    if (!set->n && nslots > set->nslots) {
        free(set->slots);
        set->slots = xcalloc(nslots, sizeof(*set->slots));
        set->nslots = nslots;
    }
    if (bytes > set->arena_cap) {
        set->arena = xrealloc(set->arena, bytes);
        set->arena_cap = bytes;
    }
}

static void
strset_add(struct strset *set, const unsigned char *s, size_t n)
{
    uint64_t h = hash_bytes(s, n);
    struct slot *sl;

    if (!n) {
        return;
    }
    if (size_mul(set->n + 1, 2) > set->nslots) {
        strset_grow(set);
    }
    sl = strset_find(set, s, n, h);
    if (sl->len) {
        return;
    }
    if (size_add(set->arena_len, n) > set->arena_cap) {
        set->arena_cap = size_mul(size_add(set->arena_cap, n), 2);
        set->arena = xrealloc(set->arena, set->arena_cap);
    }
    memcpy(set->arena + set->arena_len, s, n);
    sl->hash = (uint32_t)h;
    sl->off = (uint32_t)set->arena_len;
    sl->len = (uint32_t)n;
    set->bloom[bloom_bits(h, 32) / 64] |= (uint64_t)1 << (bloom_bits(h, 32) % 64);
    set->bloom[bloom_bits(h, 48) / 64] |= (uint64_t)1 << (bloom_bits(h, 48) % 64);
    set->arena_len += n;
    set->n++;
}

static void
strset_release(struct strset *set)
{
    free(set->arena);
    free(set->slots);
}

/* ---- folding ---- */

static int
icu_fail(struct err *err, const char *what, UErrorCode status)
{
    return err_set(err, ERR_DEP, "lexicon: %s: %s", what, u_errorName(status));
}

static void
u16_reserve(UChar **p, int32_t *cap, int32_t need)
{
    int32_t n = *cap ? *cap : 64;

    if (need <= *cap) {
        return;
    }
    while (n < need) {
        n *= 2;
    }
    *p = xrealloc(*p, size_mul((size_t)n, sizeof(UChar)));
    *cap = n;
}

/* Typographic apostrophes and dashes read as their ASCII forms inside names. */
static void
fold_punct_utf16(UChar *u, int32_t n)
{
    int32_t i;

    for (i = 0; i < n; i++) {
        if (u[i] == 0x2019 || u[i] == 0x2018 || u[i] == 0x02BC) {
            u[i] = '\'';
        } else if ((u[i] >= 0x2010 && u[i] <= 0x2015) || u[i] == 0x2212) {
            u[i] = '-';
        }
    }
}

/* Append the NFKC-casefolded form of s to out. */
static int
fold_append(struct lexicon_scanner *sc, const unsigned char *s, size_t n, struct buf *out,
            struct err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0, m, n8 = 0;
    size_t i;
    bool ascii = true;

    for (i = 0; i < n && ascii; i++) {
        ascii = s[i] < 0x80;
    }
    if (ascii) {
        if (buf_grow(out, n, err) < 0) {
            return -1;
        }
        for (i = 0; i < n; i++) {
            unsigned char c = s[i];
            out->data[out->len++] = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
        }
        out->data[out->len] = '\0';
        return 0;
    }
    if (n > INT32_MAX / 4) {
        return err_set(err, ERR_LIMIT, "lexicon: word of %zu bytes", n);
    }
    u16_reserve(&sc->u16a, &sc->u16a_cap, (int32_t)n + 1);
    u_strFromUTF8(sc->u16a, sc->u16a_cap, &n16, (const char *)s, (int32_t)n, &st);
    if (U_FAILURE(st)) {
        return icu_fail(err, "u_strFromUTF8", st);
    }
    u16_reserve(&sc->u16b, &sc->u16b_cap, n16 * 3 + 8);
    m = unorm2_normalize(sc->nfkc_cf, sc->u16a, n16, sc->u16b, sc->u16b_cap, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        st = U_ZERO_ERROR;
        u16_reserve(&sc->u16b, &sc->u16b_cap, m);
        m = unorm2_normalize(sc->nfkc_cf, sc->u16a, n16, sc->u16b, sc->u16b_cap, &st);
    }
    if (U_FAILURE(st)) {
        return icu_fail(err, "unorm2_normalize", st);
    }
    fold_punct_utf16(sc->u16b, m);
    if (buf_grow(out, (size_t)m * 3, err) < 0) {
        return -1;
    }
    u_strToUTF8((char *)out->data + out->len, (int32_t)(out->cap - out->len), &n8, sc->u16b, m,
                &st);
    if (U_FAILURE(st)) {
        return icu_fail(err, "u_strToUTF8", st);
    }
    out->len += (size_t)n8;
    out->data[out->len] = '\0';
    return 0;
}

/*
 * Write the folded word w without its accents into sc->key: NFD, then every non-spacing mark
 * dropped ("ezekiél" -> "ezekiel"). 1 when that removed something, 0 when w has no accent.
 */
static int
strip_marks(struct lexicon_scanner *sc, const unsigned char *w, size_t n, struct err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0, m, kept = 0, i, n8 = 0;

    if (n > INT32_MAX / 4) {
        return err_set(err, ERR_LIMIT, "lexicon: word of %zu bytes", n);
    }
    u16_reserve(&sc->u16a, &sc->u16a_cap, (int32_t)n + 1);
    u_strFromUTF8(sc->u16a, sc->u16a_cap, &n16, (const char *)w, (int32_t)n, &st);
    if (U_FAILURE(st)) {
        return icu_fail(err, "u_strFromUTF8", st);
    }
    u16_reserve(&sc->u16b, &sc->u16b_cap, n16 * 4 + 8);
    m = unorm2_normalize(sc->nfd, sc->u16a, n16, sc->u16b, sc->u16b_cap, &st);
    if (U_FAILURE(st)) {
        return icu_fail(err, "unorm2_normalize", st);
    }
    for (i = 0; i < m; i++) {
        if (u_charType(sc->u16b[i]) != U_NON_SPACING_MARK) {
            sc->u16b[kept++] = sc->u16b[i];
        }
    }
    if (kept == m) {
        return 0;
    }
    buf_reset(&sc->key);
    if (buf_grow(&sc->key, (size_t)kept * 3, err) < 0) {
        return -1;
    }
    u_strToUTF8((char *)sc->key.data, (int32_t)sc->key.cap, &n8, sc->u16b, kept, &st);
    if (U_FAILURE(st)) {
        return icu_fail(err, "u_strToUTF8", st);
    }
    sc->key.len = (size_t)n8;
    return 1;
}

/* ---- tokenising ---- */

static bool
a_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
a_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool
a_word(unsigned char c)
{
    return a_letter(c) || a_digit(c) || c == '_';
}

static void
push_token(struct lexicon_scanner *sc, const unsigned char *s, size_t start, size_t end)
{
    struct token *t;

    if (sc->ntoks == sc->toks_cap) {
        sc->toks_cap = sc->toks_cap ? size_mul(sc->toks_cap, 2) : 64;
        sc->toks = xrealloc(sc->toks, size_mul(sc->toks_cap, sizeof(*sc->toks)));
    }
    t = &sc->toks[sc->ntoks++];
    t->start = start;
    t->end = end;
    t->possessive = false;
    /* cut a possessive "'s" / "’s" after at least two characters */
    if (end - start >= 4 && (s[end - 1] == 's' || s[end - 1] == 'S') && s[end - 2] == '\'') {
        t->end = end - 2;
        t->possessive = true;
    } else if (end - start >= 6 && (s[end - 1] == 's' || s[end - 1] == 'S') &&
               !memcmp(s + end - 4, "\xe2\x80\x99", 3)) {
        t->end = end - 4;
        t->possessive = true;
    }
}

/*
 * ASCII words as ICU's UAX #29 rules delimit them: letters and digits join, '_' joins anything,
 * '.' and '\'' join two letters, '.' ',' ';' '\'' join two digits. Found 64 bytes at a time: a
 * byte is in a word when it is a word byte or a joiner between the right neighbours, and a word
 * is a run of such bytes (a joiner needs a word byte on each side, so it never starts one).
 */
struct ascii_classes {
    uint64_t letter, digit, word, join_letters, join_digits;
};

static void
classify_ascii(const unsigned char *s, size_t n, struct ascii_classes *c)
{
    size_t k = 0;

    memset(c, 0, sizeof(*c));
#if defined(__SSE2__)
    /* ASCII bytes compare as signed: letters by their lower case, digits, '_' and joiners. */
    const __m128i lo_a = _mm_set1_epi8('a' - 1), hi_z = _mm_set1_epi8('z' + 1);
    const __m128i lo_0 = _mm_set1_epi8('0' - 1), hi_9 = _mm_set1_epi8('9' + 1);
    const __m128i case_bit = _mm_set1_epi8(0x20), under = _mm_set1_epi8('_');
    const __m128i dot = _mm_set1_epi8('.'), quote = _mm_set1_epi8('\''), comma = _mm_set1_epi8(','),
                  semi = _mm_set1_epi8(';');
    for (; k + 16 <= n; k += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
        __m128i l = _mm_or_si128(b, case_bit);
        __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(l, lo_a), _mm_cmplt_epi8(l, hi_z));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, lo_0), _mm_cmplt_epi8(b, hi_9));
        __m128i j1 = _mm_or_si128(_mm_cmpeq_epi8(b, dot), _mm_cmpeq_epi8(b, quote));
        __m128i j2 =
            _mm_or_si128(j1, _mm_or_si128(_mm_cmpeq_epi8(b, comma), _mm_cmpeq_epi8(b, semi)));
        __m128i w = _mm_or_si128(_mm_or_si128(alpha, digit), _mm_cmpeq_epi8(b, under));
        c->letter |= (uint64_t)(uint16_t)_mm_movemask_epi8(alpha) << k;
        c->digit |= (uint64_t)(uint16_t)_mm_movemask_epi8(digit) << k;
        c->word |= (uint64_t)(uint16_t)_mm_movemask_epi8(w) << k;
        c->join_letters |= (uint64_t)(uint16_t)_mm_movemask_epi8(j1) << k;
        c->join_digits |= (uint64_t)(uint16_t)_mm_movemask_epi8(j2) << k;
    }
#endif
    for (; k < n; k++) {
        unsigned char b = s[k];
        c->letter |= (uint64_t)a_letter(b) << k;
        c->digit |= (uint64_t)a_digit(b) << k;
        c->word |= (uint64_t)a_word(b) << k;
        c->join_letters |= (uint64_t)(b == '.' || b == '\'') << k;
        c->join_digits |= (uint64_t)(b == '.' || b == '\'' || b == ',' || b == ';') << k;
    }
}

static void
tokenize_ascii(struct lexicon_scanner *sc, const unsigned char *s, size_t n)
{
    uint64_t prev_letter = 0, prev_digit = 0, prev_in = 0; /* of the byte before the block */
    size_t open = 0;

    for (size_t base = 0; base < n; base += 64) {
        size_t m = n - base < 64 ? n - base : 64;
        struct ascii_classes c;
        uint64_t next_letter = 0, next_digit = 0; /* of the byte after the block */
        classify_ascii(s + base, m, &c);
        if (base + m < n) {
            next_letter = (uint64_t)a_letter(s[base + m]) << 63;
            next_digit = (uint64_t)a_digit(s[base + m]) << 63;
        }
        uint64_t between_letters = (c.letter << 1 | prev_letter) & (c.letter >> 1 | next_letter);
        uint64_t between_digits = (c.digit << 1 | prev_digit) & (c.digit >> 1 | next_digit);
        uint64_t in =
            c.word | (c.join_letters & between_letters) | (c.join_digits & between_digits);
        uint64_t before = in << 1 | prev_in;
        /* bit k: a word starts at k, or the word in progress ended just before k */
        uint64_t edges = in ^ before;
        if (m < 64) {
            edges &= ((uint64_t)1 << m << 1) - 1; /* bit m: a word running to the end */
        }
        for (; edges; edges &= edges - 1) {
            size_t at = base + literals_lowest_bit(edges);
            if (at < n && (in >> (at - base) & 1)) {
                open = at;
            } else {
                push_token(sc, s, open, at);
            }
        }
        prev_letter = c.letter >> 63;
        prev_digit = c.digit >> 63;
        prev_in = in >> 63;
    }
    if (prev_in && n % 64 == 0) {
        push_token(sc, s, open, n);
    }
}

/* The ASCII lower case of s[0..n) into out. */
static void
lower_ascii(const unsigned char *s, size_t n, unsigned char *out)
{
    size_t i = 0;

#if defined(__SSE2__)
    const __m128i lo_a = _mm_set1_epi8('A' - 1), hi_z = _mm_set1_epi8('Z' + 1),
                  case_bit = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(b, lo_a), _mm_cmplt_epi8(b, hi_z));
        _mm_storeu_si128((__m128i *)(void *)(out + i),
                         _mm_or_si128(b, _mm_and_si128(upper, case_bit)));
    }
#endif
    for (; i < n; i++) {
        out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (unsigned char)(s[i] + 32) : s[i];
    }
}

static int
check_utf8(const unsigned char *s, size_t n, struct err *err)
{
    size_t bad = norm_invalid_utf8_at(s, n);

    return bad < n ? err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", bad) : 0;
}

static int
tokenize_icu(struct lexicon_scanner *sc, const unsigned char *s, size_t n, struct err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t prev, b;

    if (check_utf8(s, n, err) < 0) {
        return -1;
    }
    if (n > INT32_MAX) {
        return err_set(err, ERR_LIMIT, "lexicon: text of %zu bytes is too long to scan", n);
    }
    utext_openUTF8(&sc->ut, (const char *)s, (int64_t)n, &st);
    ubrk_setUText(sc->bi, &sc->ut, &st);
    if (U_FAILURE(st)) {
        return icu_fail(err, "word break iterator", st);
    }
    prev = ubrk_first(sc->bi);
    while ((b = ubrk_next(sc->bi)) != UBRK_DONE) {
        if (ubrk_getRuleStatus(sc->bi) >= UBRK_WORD_NONE_LIMIT) {
            push_token(sc, s, (size_t)prev, (size_t)b);
        }
        prev = b;
    }
    return 0;
}

/* Split s into words and fold each. */
static int
tokenize(struct lexicon_scanner *sc, const unsigned char *s, size_t n, struct err *err)
{
    size_t i;

    sc->scanned_valid = false;
    sc->marks_valid = false;
    sc->ntoks = 0;
    buf_reset(&sc->fold);
    if (norm_is_ascii(s, n)) {
        /* ASCII folds byte for byte: lower the text once, each word is where it was */
        tokenize_ascii(sc, s, n);
        if (buf_grow(&sc->fold, n, err) < 0) {
            return -1;
        }
        lower_ascii(s, n, sc->fold.data);
        sc->fold.len = n;
        sc->fold.data[n] = '\0';
        for (i = 0; i < sc->ntoks; i++) {
            sc->toks[i].fold_off = sc->toks[i].start;
            sc->toks[i].fold_len = sc->toks[i].end - sc->toks[i].start;
        }
        return 0;
    }
    if (tokenize_icu(sc, s, n, err) < 0) {
        return -1;
    }
    for (i = 0; i < sc->ntoks; i++) {
        struct token *t = &sc->toks[i];
        t->fold_off = sc->fold.len;
        if (fold_append(sc, s + t->start, t->end - t->start, &sc->fold, err) < 0) {
            return -1;
        }
        t->fold_len = sc->fold.len - t->fold_off;
    }
    return 0;
}

/*
 * The folded separator between words a and b, or -1 when they cannot belong to one entry:
 * white space (no line break) reads as one ' ', and the rest may only be '.', '-' or an
 * apostrophe, GAP_MAX bytes at most ("Jean-Luc", "St. John", "王小明" with no separator).
 */
static int
fold_gap(const unsigned char *s, const struct token *a, const struct token *b, char *out,
         size_t *outn)
{
    size_t i = a->end, n = 0;

    if (a->possessive) {
        return -1;
    }
    while (i < b->start) {
        unsigned char c = s[i];
        char f;
        if (c == ' ' || c == '\t') {
            f = ' ';
            i++;
        } else if (c == 0xc2 && i + 1 < b->start && s[i + 1] == 0xa0) {
            f = ' ';
            i += 2;
        } else if (c == '.' || c == '-' || c == '\'') {
            f = (char)c;
            i++;
        } else if (c == 0xe2 && i + 2 < b->start && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0x99 || s[i + 2] == 0x90 || s[i + 2] == 0x91)) {
            f = s[i + 2] == 0x99 ? '\'' : '-';
            i += 3;
        } else {
            return -1;
        }
        if (f == ' ' && n > 0 && out[n - 1] == ' ') {
            continue;
        }
        if (n == GAP_MAX) {
            return -1;
        }
        out[n++] = f;
    }
    *outn = n;
    return 0;
}

/* Build the key of words [i, j] into sc->key: 0, 1 when they are not joinable, -1 on error. */
static int
build_key(struct lexicon_scanner *sc, const unsigned char *s, size_t i, size_t j, struct err *err)
{
    size_t k;

    buf_reset(&sc->key);
    for (k = i; k <= j; k++) {
        const struct token *t = &sc->toks[k];
        if (k > i) {
            char gap[GAP_MAX];
            size_t gn = 0;
            if (fold_gap(s, &sc->toks[k - 1], t, gap, &gn) < 0) {
                return 1;
            }
            if (buf_append(&sc->key, gap, gn, err) < 0) {
                return -1;
            }
        }
        if (buf_append(&sc->key, sc->fold.data + t->fold_off, t->fold_len, err) < 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- loading ---- */

static struct lexicon_scanner *
scanner_new(struct err *err)
{
    struct lexicon_scanner *sc = xcalloc(1, sizeof(*sc));
    UErrorCode st = U_ZERO_ERROR;
    UText init = UTEXT_INITIALIZER;

    sc->ut = init;
    buf_init(&sc->fold, BUF_NO_MAX);
    buf_init(&sc->key, BUF_NO_MAX);
    buf_init(&sc->scanned, BUF_NO_MAX);
    norm_view_init(&sc->view);
    sc->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_SUCCESS(st)) {
        sc->nfd = unorm2_getNFDInstance(&st);
    }
    if (U_SUCCESS(st)) {
        sc->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    }
    if (U_FAILURE(st)) {
        icu_fail(err, "word break iterator", st);
        lexicon_scanner_free(sc);
        return NULL;
    }
    return sc;
}

struct lexicon_scanner *
lexicon_scanner_new(struct err *err)
{
    return scanner_new(err);
}

void
lexicon_scanner_free(struct lexicon_scanner *sc)
{
    if (!sc) {
        return;
    }
    if (sc->bi) {
        ubrk_close(sc->bi);
    }
    utext_close(&sc->ut);
    free(sc->toks);
    free(sc->lower);
    free(sc->cued);
    buf_release(&sc->fold);
    buf_release(&sc->key);
    buf_release(&sc->scanned);
    free(sc->u16a);
    free(sc->u16b);
    norm_view_release(&sc->view);
    free(sc);
}

static bool
has_caseless_letter(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        UChar32 c;
        int32_t k = 0;
        int32_t m = (int32_t)(n - i < 4 ? n - i : 4);
        U8_NEXT(s + i, k, m, c);
        if (c >= 0x80 && u_isalpha(c) && !u_isupper(c) && !u_islower(c)) {
            return true;
        }
        i += (size_t)k;
    }
    return false;
}

static size_t
count_code_points(const unsigned char *s, size_t n)
{
    size_t i, cps = 0;

    for (i = 0; i < n; i++) {
        cps += (s[i] & 0xc0) != 0x80;
    }
    return cps;
}

/* Add one entry (already trimmed, comment removed) to lx. */
/*
 * Whether entry e[0..n) is ASCII letters only (52,142 of the 53,387 names of the shipped lists):
 * such an entry is one word whose key is its lower case, heads no longer entry and has no
 * caseless letter, so it is added without a word break pass.
 */
static bool
one_ascii_word(const unsigned char *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!a_letter(e[i])) {
            return false;
        }
    }
    return n > 0;
}

static int
add_entry(struct lexicon *lx, struct lexicon_scanner *sc, const unsigned char *e, size_t n,
          const char *file, size_t line, struct err *err)
{
    size_t words;
    int r;

    if (n > ENTRY_MAX) {
        return err_set(err, ERR_PARSE, "%s:%zu: entry too long: %zu bytes (at most %d)", file, line,
                       n, ENTRY_MAX);
    }
    if (one_ascii_word(e, n)) {
        /* what tokenize and build_key make of it: one word, its key the word in lower case */
        unsigned char key[ENTRY_MAX];
        lower_ascii(e, n, key);
        strset_add(&lx->entries, key, n);
        return 0;
    }
    if (check_utf8(e, n, err) < 0) {
        return err_prefix(err, "%s:%zu", file, line);
    }
    if (tokenize(sc, e, n, err) < 0) {
        return err_prefix(err, "%s:%zu", file, line);
    }
    if (!sc->ntoks) {
        return err_set(err, ERR_PARSE, "%s:%zu: entry has no word", file, line);
    }
    r = build_key(sc, e, 0, sc->ntoks - 1, err);
    if (r < 0) {
        return -1;
    }
    if (r > 0) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: entry's words are separated by something other than space, '-', "
                       "'.' or an apostrophe",
                       file, line);
    }
    strset_add(&lx->entries, sc->key.data, sc->key.len);
    if (sc->ntoks == 1 && !norm_is_ascii(sc->key.data, sc->key.len)) {
        /* fold both sides: "José" in a list is found as "Jose" and "Josè" too */
        r = strip_marks(sc, sc->fold.data + sc->toks[0].fold_off, sc->toks[0].fold_len, err);
        if (r < 0) {
            return -1;
        }
        if (r > 0) {
            strset_add(&lx->entries, sc->key.data, sc->key.len);
        }
    }
    words = sc->ntoks;
    /* text may segment a name of a caseless script into more words than the entry alone */
    if (has_caseless_letter(e, n)) {
        size_t cps = count_code_points(e, n);
        words = cps > words ? cps : words;
    }
    if (words > 1) {
        const struct token *t = &sc->toks[0];
        strset_add(&lx->heads, sc->fold.data + t->fold_off, t->fold_len);
        if (has_caseless_letter(e, n)) {
            /* in running text the first word may be any prefix of the entry's first word */
            size_t k;
            for (k = 1; k < t->fold_len; k++) {
                if ((sc->fold.data[t->fold_off + k] & 0xc0) != 0x80) {
                    strset_add(&lx->heads, sc->fold.data + t->fold_off, k);
                }
            }
        }
    }
    if (words > lx->max_tokens) {
        lx->max_tokens = words > MAX_TOKENS ? MAX_TOKENS : words;
    }
    return 0;
}

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The entry on one line: comment removed, trimmed. */
static void
line_entry(const unsigned char *p, size_t n, size_t *start, size_t *len)
{
    size_t a = 0, b = n, i;

    while (a < b && is_blank(p[a])) {
        a++;
    }
    if (a < b && p[a] == '#') {
        b = a;
    }
    for (i = a; i < b; i++) {
        if (p[i] == '#' && i > a && is_blank(p[i - 1])) {
            b = i;
            break;
        }
    }
    while (b > a && is_blank(p[b - 1])) {
        b--;
    }
    *start = a;
    *len = b - a;
}

static size_t
count_lines(const unsigned char *data, size_t len)
{
    size_t n = 1;

    for (const unsigned char *p = data, *end = data + len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
        n++;
    }
    return n;
}

int
lexicon_parse(const unsigned char *data, size_t len, const char *file, struct lexicon **out,
              struct err *err)
{
    struct lexicon *lx = xcalloc(1, sizeof(*lx));
    struct lexicon_scanner *sc = NULL;
    size_t pos = 0, line = 0;
    int rc = -1;

    *out = NULL;
    lx->max_tokens = 1;
    if (len > LEXICON_TEXT_MAX) {
        err_set(err, ERR_LIMIT, "%s: word list too large: %zu bytes (at most %zu)", file, len,
                LEXICON_TEXT_MAX);
        goto out;
    }
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
        pos = 3;
    }
    sc = scanner_new(err);
    if (!sc) {
        err_prefix(err, "%s", file);
        goto out;
    }
    /* One entry a line, its key about as long: sized once rather than grown and rehashed. */
    strset_reserve(&lx->entries, count_lines(data + pos, len - pos), len - pos);
    while (pos < len) {
        const unsigned char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len, a, n;
        line++;
        line_entry(data + pos, end - pos, &a, &n);
        if (n && add_entry(lx, sc, data + pos + a, n, file, line, err) < 0) {
            goto out;
        }
        pos = end + 1;
    }
    if (!lx->entries.n) {
        err_set(err, ERR_PARSE, "%s:%zu: word list has no entry", file, line);
        goto out;
    }
    *out = lx;
    lx = NULL;
    rc = 0;
out:
    lexicon_scanner_free(sc);
    lexicon_free(lx);
    return rc;
}

int
lexicon_load(const char *path, struct lexicon **out, struct err *err)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    unsigned char chunk[65536];
    size_t n;
    int rc = -1;

    *out = NULL;
    buf_init(&b, LIST_FILE_MAX);
    if (!f) {
        return err_set(err, ERR_IO, "%s: cannot open word list: %s", path, strerror(errno));
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (buf_append(&b, chunk, n, err) < 0) {
            err_prefix(err, "%s", path);
            goto out;
        }
    }
    if (ferror(f)) {
        err_set(err, ERR_IO, "%s: read failed", path);
        goto out;
    }
    rc = lexicon_parse(b.data ? b.data : (const unsigned char *)"", b.len, path, out, err);
out:
    fclose(f);
    buf_release(&b);
    return rc;
}

void
lexicon_free(struct lexicon *lx)
{
    if (!lx) {
        return;
    }
    strset_release(&lx->entries);
    strset_release(&lx->heads);
    free(lx);
}

size_t
lexicon_size(const struct lexicon *lx)
{
    return lx->entries.n;
}

int
lexicon_contains(const struct lexicon *lx, const unsigned char *s, size_t len, bool *found,
                 struct err *err)
{
    struct lexicon_scanner *sc = scanner_new(err);
    int rc = -1, r;

    *found = false;
    if (!sc) {
        return -1;
    }
    if (tokenize(sc, s, len, err) < 0) {
        goto out;
    }
    rc = 0;
    if (sc->ntoks) {
        r = build_key(sc, s, 0, sc->ntoks - 1, err);
        if (r < 0) {
            rc = -1;
            goto out;
        }
        *found = r == 0 && strset_has(&lx->entries, sc->key.data, sc->key.len);
    }
out:
    lexicon_scanner_free(sc);
    return rc;
}

/* ---- scanning ---- */

void
lexicon_hits_init(struct lexicon_hits *h)
{
    memset(h, 0, sizeof(*h));
}

void
lexicon_hits_release(struct lexicon_hits *h)
{
    free(h->v);
    memset(h, 0, sizeof(*h));
}

static UChar32
first_code_point(const unsigned char *s, size_t n)
{
    UChar32 c;
    int32_t k = 0;
    int32_t m = (int32_t)(n < 4 ? n : 4);

    U8_NEXT(s, k, m, c);
    return c;
}

/* Lower-case first letter: not a name in a text that capitalises names. */
static bool
starts_lower(const unsigned char *s, const struct token *t)
{
    unsigned char c = s[t->start];

    if (c < 0x80) {
        return c >= 'a' && c <= 'z';
    }
    return u_islower(first_code_point(s + t->start, t->end - t->start));
}

static bool
word_in(const struct lexicon_scanner *sc, const struct token *t, const char *const *words, size_t n)
{
    const unsigned char *w = sc->fold.data + t->fold_off;

    /* the first byte rules out most words before their length is taken */
    for (size_t i = 0; i < n; i++) {
        if (t->fold_len && (unsigned char)words[i][0] == w[0] && t->fold_len == strlen(words[i]) &&
            !memcmp(w, words[i], t->fold_len)) {
            return true;
        }
    }
    return false;
}

#define WORD_IN(sc, t, list) word_in(sc, t, list, sizeof(list) / sizeof(list[0]))

/*
 * Capitalised English words that follow a first name in running text but are not surnames:
 * sentence starts after a missing full stop ("Thanks John How are you"), the pronoun-like and
 * function words, calendar words, religious words ("May God") and US states ("Orlando Florida").
 */
static const char *const non_surnames[] = {
    "i",
    "im",
    "i'm",
    "ive",
    "id",
    "ill",
    "you",
    "your",
    "youre",
    "he",
    "she",
    "it",
    "its",
    "we",
    "they",
    "them",
    "his",
    "her",
    "our",
    "their",
    "me",
    "my",
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "if",
    "so",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "to",
    "with",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "am",
    "do",
    "does",
    "did",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "shall",
    "not",
    "no",
    "yes",
    "ok",
    "okay",
    "what",
    "who",
    "whom",
    "why",
    "how",
    "when",
    "where",
    "which",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "then",
    "than",
    "thanks",
    "thank",
    "please",
    "hi",
    "hello",
    "hey",
    "dear",
    "sorry",
    "well",
    "oh",
    "also",
    "just",
    "said",
    "says",
    "asked",
    "told",
    "wrote",
    "called",
    "named",
    "god",
    "lord",
    "jesus",
    "christ",
    "allah",
    /* "Mia Madre", "Tu Padre", "Ay Dios": Romance family and religious words after a word
     * that is also a first name */
    "madre",
    "padre",
    "dios",
    "deus",
    "dieu",
    "nonna",
    "nonno",
    "abuela",
    "abuelo",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "english",
    "american",
    "christmas",
    "easter",
    "assistant",
    "human",
    "ai",
    "impression",
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "wisconsin",
    "wyoming",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
};

/*
 * Words that make the capitalised words before them the name of a place, street or
 * organisation ("St Joseph Academy", "Margaretta Diner", "Apollo Global Management").
 */
static const char *const place_org_words[] = {
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "court",
    "ct",
    "place",
    "pl",
    "way",
    "parkway",
    "highway",
    "hwy",
    "square",
    "terrace",
    "nw",
    "ne",
    "sw",
    "se",
    "park",
    "hills",
    "heights",
    "springs",
    "falls",
    "valley",
    "beach",
    "island",
    "islands",
    "bay",
    "harbor",
    "harbour",
    "lake",
    "river",
    "mountain",
    "mountains",
    "county",
    "city",
    "state",
    "university",
    "college",
    "school",
    "academy",
    "institute",
    "hospital",
    "clinic",
    "church",
    "cathedral",
    "temple",
    "mosque",
    "synagogue",
    "hotel",
    "motel",
    "inn",
    "diner",
    "cafe",
    "restaurant",
    "bar",
    "pub",
    "grill",
    "bakery",
    "bank",
    "company",
    "companies",
    "co",
    "inc",
    "corp",
    "corporation",
    "llc",
    "ltd",
    "group",
    "holdings",
    "partners",
    "management",
    "properties",
    "capital",
    "ventures",
    "industries",
    "centers",
    "center",
    "centre",
    "foundation",
    "society",
    "association",
    "club",
    "team",
    "festival",
    "museum",
    "theater",
    "theatre",
    "stadium",
    "arena",
    "mall",
    "market",
    "station",
    "airport",
    "news",
    "times",
    "post",
    "journal",
    "tribune",
    "herald",
    "gazette",
    "magazine",
    "records",
    "studios",
    "pictures",
    "entertainment",
    "media",
    "network",
    "airlines",
    "motors",
    "laws",
    "law",
    "act",
    "award",
    "awards",
    "prize",
    "foods",
    "sauce",
    "show",
    "movie",
    "film",
    "series",
    "day",
    "year",
    "wars",
    "building",
    "office",
    /* landforms and landmarks: "Grace Bay", "Victoria Falls", "Charles Creek", "Lucy Pier" */
    "creek",
    "canyon",
    "forest",
    "gardens",
    "pier",
    "peak",
    "cove",
    "reef",
    "coast",
    "gulf",
    "peninsula",
    "glacier",
    "volcano",
    "province",
    "district",
    "borough",
    "township",
    "memorial",
    "monument",
    /*
     * car models after a maker named like a person: "Ford Mustang", "Mercedes Benz", "Lincoln
     * Navigator"; a surname is never one of these
     */
    "mustang",
    "fiesta",
    "bronco",
    "taurus",
    "explorer",
    "raptor",
    "benz",
    "navigator",
    "aviator",
};

/*
 * Capitalised words that open a sentence, address someone or give a title, folded: a capitalised
 * word before a lone name that is none of these is the start of the same name ("Bongani
 * Whitfield", where only "Whitfield" is listed); "Tell Whitfield", "Officer Whitfield" stay.
 */
static const char *const sentence_words[] = {
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "so",
    "if",
    "when",
    "then",
    "that",
    "this",
    "there",
    "here",
    "what",
    "who",
    "which",
    "where",
    "why",
    "how",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "has",
    "have",
    "had",
    "can",
    "could",
    "will",
    "would",
    "should",
    "may",
    "might",
    "must",
    "not",
    "no",
    "yes",
    "yeah",
    "ok",
    "okay",
    "oh",
    "hi",
    "hey",
    "hello",
    "dear",
    "thanks",
    "thank",
    "please",
    "sorry",
    "well",
    "also",
    "just",
    "only",
    "even",
    "still",
    "now",
    "after",
    "before",
    "because",
    "since",
    "while",
    "with",
    "for",
    "from",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "about",
    "like",
    "as",
    "he",
    "she",
    "it",
    "we",
    "they",
    "you",
    "me",
    "him",
    "her",
    "them",
    "my",
    "your",
    "his",
    "its",
    "our",
    "their",
    "tell",
    "ask",
    "call",
    "text",
    "email",
    "find",
    "get",
    "give",
    "send",
    "let",
    "make",
    "help",
    "kill",
    "hurt",
    "hate",
    "love",
    "meet",
    "met",
    "saw",
    "see",
    "said",
    "says",
    "told",
    "asked",
    "poor",
    "old",
    "young",
    "little",
    "big",
    "sweet",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "madam",
    "uncle",
    "aunt",
    "cousin",
    "brother",
    "sister",
    "mom",
    "dad",
    "mum",
    "grandma",
    "grandpa",
    "officer",
    "coach",
    "saint",
    "father",
    "mother",
    "pastor",
    "judge",
    "king",
    "queen",
    "prince",
    "princess",
    "lord",
    "lady",
    "president",
    "senator",
    "governor",
    "mayor",
    "captain",
    "detective",
    "agent",
    "human",
    "assistant",
    "user",
    "subject",
    "name",
    "every",
    "some",
    "any",
    "all",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "maybe",
    "representative",
    "congressman",
    "congresswoman",
    "congressperson",
    "rep",
    "sen",
    "gov",
    "sheriff",
    "general",
    "sergeant",
    "lieutenant",
    "colonel",
    "chief",
    "minister",
    "secretary",
    "chairman",
    "director",
    "manager",
    "doctor",
    "nurse",
    "professor",
    "reverend",
    "bishop",
    "rabbi",
    "imam",
    "deputy",
    "commissioner",
    "ambassador",
    "justice",
    "attorney",
    "baby",
};

/*
 * Place words that are also common surnames ("Emeka Park", "Mei Lane"): right after a first
 * name, with no other capitalised word around, they end the name, unless a house number, an
 * article or a preposition of place stands before it ("12 Jackson Park", "in Hyde Park"). Day,
 * Post, Court and Law are surnames too, but far more often "Victoria Day", "Washington Post".
 */
static const char *const surname_place_words[] = {"park", "lane"};

/* Words before a place name that rule out "first name + surname" for surname_place_words. */
static const char *const place_lead_words[] = {"the",    "in",     "near", "across", "through",
                                               "around", "inside", "into", "outside"};

/*
 * Vietnamese titles and kinship words, folded: they stand before a name ("Bà Trưng", "Ông
 * Nam"), so a listed word right before one is not that person's first name: "Hai Bà Trưng" is
 * a district ("the two Trưng ladies"), not Hai.
 */
static const char *const vietnamese_titles[] = {"bà",  "ông", "cô", "chú",  "bác",
                                                "chị", "cậu", "dì", "thầy", "cụ"};

/* Capitalised words before a first name that make it part of a place name ("San Antonio"). */
static const char *const place_prefixes[] = {
    "san",
    "santa",
    "santo",
    "sao",
    "st",
    "saint",
    "los",
    "las",
    "el",
    "la",
    "new",
    "west",
    "east",
    "north",
    "south",
    "fort",
    "ft",
    "mount",
    "mt",
    "lake",
    "port",
    "cape",
    "upper",
    "lower",
    "greater",
    "old",
    "little",
    "big",
    "polo",
    "puerto",
    "costa",
    "porto",
    "rio",
    /* not a place, but it opens the names of help lines and charities ("SOS Amitié") */
    "sos",
};

/*
 * Leetspeak: a word of ASCII letters with digits typed for some of them ("J0hn", "Sm1th",
 * "M4ria"), read as the letters (0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t). It starts with a letter and
 * has more letters than digits, so numbers, codes ("B2B", "4x4") and versions stay out.
 */
static bool
leet_word(const unsigned char *s, const struct token *t)
{
    size_t letters = 0, digits = 0;

    if (t->end - t->start < 3 || !a_letter(s[t->start])) {
        return false;
    }
    for (size_t i = t->start; i < t->end; i++) {
        unsigned char c = s[i];
        if (a_letter(c)) {
            letters++;
        } else if (c == '0' || c == '1' || c == '3' || c == '4' || c == '5' || c == '7') {
            digits++;
        } else if (c != '\'' && c != '-') {
            return false;
        }
    }
    return digits > 0 && letters > digits;
}

/*
 * aLtErNaTiNg case: four or more ASCII letters whose case changes at least three times, the
 * first time between the first two ("mArIa", "lOpEz"), a disguise, not a sentence word;
 * "iPhone" and "eBay" change twice.
 */
static bool
alternating_case(const unsigned char *s, const struct token *t)
{
    int changes = 0;

    /* most words keep one case over their first two letters: two bytes turn them away */
    if (t->end - t->start < 4 || !a_letter(s[t->start]) || !a_letter(s[t->start + 1]) ||
        !((s[t->start] ^ s[t->start + 1]) & 0x20)) {
        return false;
    }
    for (size_t i = t->start + 2; i < t->end; i++) {
        if (!a_letter(s[i])) {
            return false;
        }
        if ((s[i] ^ s[i - 1]) & 0x20) {
            changes++;
        }
    }
    return changes >= 2;
}

/* Look up the letters a leet word stands for; 1 when found (its key is left in sc->key). */
static int
leet_lookup(struct lexicon_scanner *sc, const struct lexicon *lx, const struct token *t,
            struct err *err)
{
    static const char one_as[] = {'i', 'l'};
    const unsigned char *f = sc->fold.data + t->fold_off;

    for (size_t k = 0; k < sizeof(one_as); k++) {
        bool has_one = false;
        buf_reset(&sc->key);
        if (buf_append(&sc->key, f, t->fold_len, err) < 0) {
            return -1;
        }
        for (size_t i = 0; i < sc->key.len; i++) {
            unsigned char *c = &sc->key.data[i];
            switch (*c) {
            case '0':
                *c = 'o';
                break;
            case '1':
                *c = (unsigned char)one_as[k];
                has_one = true;
                break;
            case '3':
                *c = 'e';
                break;
            case '4':
                *c = 'a';
                break;
            case '5':
                *c = 's';
                break;
            case '7':
                *c = 't';
                break;
            default:
                break;
            }
        }
        if (strset_has(&lx->entries, sc->key.data, sc->key.len)) {
            return 1;
        }
        if (!has_one) {
            break;
        }
    }
    return 0;
}

/* A word that looks like a surname: upper-case first letter, two or more letters. */
static bool
is_capitalised_word(const struct lexicon_scanner *sc, const unsigned char *s, const struct token *t)
{
    UChar32 c = first_code_point(s + t->start, t->end - t->start);
    size_t i;

    if (alternating_case(s, t) || (u_isupper(c) && leet_word(s, t))) {
        /* a disguised surname ("lOpEz", "Sm1th") */
        return !WORD_IN(sc, t, non_surnames) && !WORD_IN(sc, t, place_org_words);
    }
    if (!(u_isupper(c) || u_istitle(c)) || count_code_points(s + t->start, t->end - t->start) < 2 ||
        WORD_IN(sc, t, non_surnames) || WORD_IN(sc, t, place_org_words)) {
        return false;
    }
    for (i = t->start; i < t->end; i++) {
        if (s[i] < 0x80 && !a_letter(s[i]) && s[i] != '\'' && s[i] != '-') {
            return false;
        }
    }
    return true;
}

static bool
is_particle(const struct lexicon_scanner *sc, const struct token *t)
{
    static const char *const particles[] = {"de", "da", "di", "del", "della", "der", "den", "van",
                                            "von", "la", "le", "du", "dos", "das", "bin", "ibn",
                                            "al", "ter", "ten", "y", "zu",
                                            /* Irish and Arabic: "Ó Briain", "Ní Bhriain" */
                                            "ó", "ní", "nic", "uí", "mhic", "bint"};

    return WORD_IN(sc, t, particles);
}

/* Two words separated by plain spaces on one line. */
static bool
space_between(const unsigned char *s, const struct token *a, const struct token *b)
{
    size_t i;

    if (a->possessive || b->start == a->end || b->start - a->end > 2) {
        return false;
    }
    for (i = a->end; i < b->start; i++) {
        if (s[i] != ' ') {
            return false;
        }
    }
    return true;
}

/* Word a is an abbreviation with its full stop right before b: "St. Louis", "Mt. Vernon". */
static bool
abbreviation_before(const unsigned char *s, const struct token *a, const struct token *b)
{
    return !a->possessive && b->start == a->end + 2 && s[a->end] == '.' && s[a->end + 1] == ' ';
}

/* A short all-capitals word: an acronym ("VIN", "LA"), not a name. */
static bool
is_acronym(const unsigned char *s, const struct token *t)
{
    size_t i;

    if (t->end - t->start > 3) {
        return false;
    }
    for (i = t->start; i < t->end; i++) {
        if (!(s[i] >= 'A' && s[i] <= 'Z')) {
            return false;
        }
    }
    return true;
}

/* A word of two or more ASCII capitals and nothing else. */
static bool
all_capitals(const unsigned char *s, const struct token *t)
{
    if (t->end - t->start < 2) {
        return false;
    }
    for (size_t i = t->start; i < t->end; i++) {
        if (!(s[i] >= 'A' && s[i] <= 'Z')) {
            return false;
        }
    }
    return true;
}

/*
 * A lone word in capitals among words that are not is an acronym or a format ("the JSON file",
 * "send it as PDF"), not a name; in shouted text ("I HATE KEVIN") a neighbour is in capitals too.
 */
static bool
acronym_in_prose(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    return all_capitals(s, &sc->toks[w]) && !(w > 0 && all_capitals(s, &sc->toks[w - 1])) &&
           !(w + 1 < sc->ntoks && all_capitals(s, &sc->toks[w + 1]));
}

/* US state and Canadian province codes, as postal addresses write them after a town. */
static const char *const region_codes[] = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
    "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
    "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR",
    "AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK", "YT", "NT", "NU",
};

/*
 * A lone name right before ", " and a state or province code is a town ("in Macon, GA 31201",
 * "Reno, NV", "Flint, MI"): the code is written in capitals, as addresses do.
 */
static bool
town_before_region(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *t = &sc->toks[w], *c;
    size_t i = t->end;

    if (w + 1 >= sc->ntoks || t->possessive || i >= sc->scan_len || s[i] != ',') {
        return false;
    }
    c = &sc->toks[w + 1];
    for (i++; i < c->start; i++) {
        if (s[i] != ' ') {
            return false;
        }
    }
    if (c->end - c->start != 2) {
        return false;
    }
    for (size_t k = 0; k < sizeof(region_codes) / sizeof(region_codes[0]); k++) {
        if (!memcmp(s + c->start, region_codes[k], 2)) {
            return c->end >= sc->scan_len || !a_letter(s[c->end]);
        }
    }
    return false;
}

/*
 * A capitalised hit that is really part of a place or organisation name: a place prefix right
 * before it ("San Antonio", "West LA"), a hyphenated compound ("Wal-Mart"), an acronym, or a
 * place/organisation word right after its last word ("Joseph Academy", "Hyatt Hotel").
 */
static bool
in_place_name(const struct lexicon_scanner *sc, const unsigned char *s, size_t first, size_t last)
{
    size_t at = sc->toks[first].start;

    if (at >= 2 && s[at - 1] == '-' && (s[at - 2] >= 0x80 || a_letter(s[at - 2]))) {
        return true;
    }
    if (first == last && (is_acronym(s, &sc->toks[first]) || town_before_region(sc, s, first))) {
        return true;
    }
    if (first > 0 &&
        (space_between(s, &sc->toks[first - 1], &sc->toks[first]) ||
         abbreviation_before(s, &sc->toks[first - 1], &sc->toks[first])) &&
        !starts_lower(s, &sc->toks[first - 1]) &&
        WORD_IN(sc, &sc->toks[first - 1], place_prefixes)) {
        return true;
    }
    if (first + 1 < sc->ntoks && space_between(s, &sc->toks[first], &sc->toks[first + 1]) &&
        WORD_IN(sc, &sc->toks[first + 1], vietnamese_titles)) {
        return true;
    }
    return last + 1 < sc->ntoks && space_between(s, &sc->toks[last], &sc->toks[last + 1]) &&
           !starts_lower(s, &sc->toks[last + 1]) &&
           WORD_IN(sc, &sc->toks[last + 1], place_org_words);
}

/*
 * Listed names that head a place or a royal or fictional title when a capitalised word follows:
 * "River Thames", "Lake Titicaca", "Mount Rainier", "Novi Sad" (Serbian "new"), "Princess
 * Leia", "King Charles". A person with such a first name is then missed, but the place or the
 * public figure is far more common in text than the private River or Prince.
 */
static const char *const name_heads_of_places[] = {
    "river",  "lake",  "mount", "novi",    "nova",  "novo",     "princess", "prince",
    "king",   "queen", "duke",  "duchess", "lord",  "lady",     "emperor",  "empress",
    "sultan", "tsar",  "czar",  "pharaoh", "baron", "baroness",
};

/* The hit over words first..end starts with a place or title head and has a word after it. */
static bool
headed_by_place_or_title(const struct lexicon_scanner *sc, size_t first, size_t end)
{
    return end > first && WORD_IN(sc, &sc->toks[first], name_heads_of_places);
}

/* The word joined to word w by an '&' after it (dir > 0) or before it, or SIZE_MAX. */
static size_t
ampersand_partner(const struct lexicon_scanner *sc, const unsigned char *s, size_t w, int dir)
{
    size_t from, to, i;

    if (dir > 0 ? w + 1 >= sc->ntoks || sc->toks[w].possessive : w == 0) {
        return SIZE_MAX;
    }
    from = dir > 0 ? sc->toks[w].end : sc->toks[w - 1].end;
    to = dir > 0 ? sc->toks[w + 1].start : sc->toks[w].start;
    for (i = from; i < to && s[i] == ' '; i++) {
    }
    if (i == to || s[i] != '&') {
        return SIZE_MAX;
    }
    for (i++; i < to && s[i] == ' '; i++) {
    }
    return i == to ? (dir > 0 ? w + 1 : w - 1) : SIZE_MAX;
}

/* Words t and u fold alike. */
static bool
same_word(const struct lexicon_scanner *sc, const struct token *t, const struct token *u)
{
    return t->fold_len == u->fold_len &&
           !memcmp(sc->fold.data + t->fold_off, sc->fold.data + u->fold_off, t->fold_len);
}

/*
 * A lone first name joined by '&' to a capitalised word that is not one is a firm's name
 * ("Ernst & Young", "Marks & Spencer", "Simon & Schuster"), and so is one joined to itself
 * ("Johnson & Johnson": two people are not named alike); two first names are a couple.
 */
static bool
in_firm_name(const struct lexicon_scanner *sc, const struct lexicon *lx, const unsigned char *s,
             size_t w)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t p = ampersand_partner(sc, s, w, dir);
        if (p == SIZE_MAX) {
            continue;
        }
        if (same_word(sc, &sc->toks[w], &sc->toks[p]) ||
            (is_capitalised_word(sc, s, &sc->toks[p]) &&
             !strset_has(&lx->entries, sc->fold.data + sc->toks[p].fold_off,
                         sc->toks[p].fold_len))) {
            return true;
        }
    }
    return false;
}

/*
 * Goods and the places that sell them, in the singular and plural, folded: a name right before
 * one is a brand or a store ("my Ford truck", "Wendy's fries", "a Dell laptop"), unless it is
 * possessive ("Joe's car" is Joe's). The last ones are appliances and their after-sales words
 * ("my Dyson vacuum", "I told Dyson support").
 */
static const char *const product_words[] = {
    "car",     "cars",      "truck",      "trucks",      "van",         "suv",       "pickup",
    "sedan",   "coupe",     "jeep",       "vehicle",     "motorcycle",  "motorbike", "bike",
    "scooter", "tractor",   "engine",     "dealership",  "dealer",      "model",     "brand",
    "laptop",  "computer",  "phone",      "tablet",      "printer",     "tv",        "store",
    "stores",  "shop",      "outlet",     "restaurant",  "restaurants", "franchise", "burger",
    "burgers", "fries",     "shake",      "ice",         "cookies",     "cereal",    "soda",
    "cola",    "beer",      "whiskey",    "paint",       "paints",      "shoes",     "sneakers",
    "jeans",   "shirt",     "handbag",    "bag",         "perfume",     "products",  "product",
    "stock",   "shares",    "company",    "corporation", "inc",         "ltd",       "headquarters",
    "factory", "logo",      "vacuum",     "vacuums",     "dryer",       "hairdryer", "purifier",
    "heater",  "appliance", "appliances", "support",     "warranty",    "charger",   "battery",
    "camera",  "console",   "headphones", "earbuds",
};

/*
 * Determiners that put a thing, not a person, before a capitalised first name: an article before
 * a name alone ("a Ford", "sneak into a Wendy's kitchen"; "I found a Polly Maxwell" with a
 * surname is a person), a possessive before one with a surname-like word after it ("my Ford
 * Focus", "her Louis Vuitton bag"; "my Sarah" alone may be a person).
 */
static const char *const article_words[] = {"a", "an"};
static const char *const possessive_words[] = {"my", "your", "his", "her", "our", "their"};

/* The hit over words first..last (last ends its list part at word list_last) is a product. */
static bool
names_a_product(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                size_t list_last, size_t last)
{
    if (first > 0 && space_between(s, &sc->toks[first - 1], &sc->toks[first]) &&
        (last > list_last ? WORD_IN(sc, &sc->toks[first - 1], possessive_words)
                          : WORD_IN(sc, &sc->toks[first - 1], article_words))) {
        return true;
    }
    return last + 1 < sc->ntoks && space_between(s, &sc->toks[last], &sc->toks[last + 1]) &&
           starts_lower(s, &sc->toks[last + 1]) && WORD_IN(sc, &sc->toks[last + 1], product_words);
}

/* End of the possessive "'s" after token t (t->possessive), in bytes. */
static size_t
possessive_end(const unsigned char *s, const struct token *t)
{
    return t->end + (s[t->end] == '\'' ? 2 : 4);
}

/* Words after a possessive name that make it a chain, not a person ("Wendy's fries"). */
static const char *const chain_words[] = {
    "ice",   "fries",     "burger", "burgers", "nuggets",   "menu",  "franchise",
    "chain", "locations", "stock",  "shares",  "products",  "brand", "drive-thru",
    "drive", "frosty",    "coffee", "donuts",  "doughnuts", "shake", "shakes",
};

/* Prepositions before a place: "at Trader Joe's", "went to Wendy's". */
static const char *const place_prepositions[] = {"at",   "to",     "from", "in",
                                                 "into", "inside", "near", "outside"};

/* Capitalised words before a name that address or relate a person ("Uncle Joe's"). */
static const char *const person_before_words[] = {
    "uncle", "aunt",   "auntie",   "cousin", "grandma", "grandpa", "brother",   "sister", "mr",
    "mrs",   "ms",     "dr",       "dear",   "hi",      "hey",     "hello",     "thanks", "officer",
    "coach", "saint",  "st",       "father", "mother",  "sir",     "lady",      "lord",   "king",
    "queen", "prince", "princess", "pastor", "nurse",   "judge",   "professor", "my",     "our",
    "his",   "her",    "their",    "your",   "little",  "big",     "old",       "young",  "poor",
};

/*
 * The possessive word w names a chain or a shop, not a person's thing: a chain word after it
 * ("Ben & Jerry's ice cream", "Wendy's fries"), or a preposition of place before it with no noun
 * after it ("at Trader Joe's", "went to Wendy's."); first is where the name starts.
 */
static bool
possessive_shop(const struct lexicon_scanner *sc, const unsigned char *s, size_t first, size_t w,
                size_t n)
{
    const struct token *t = &sc->toks[w];
    size_t i;

    if (!t->possessive) {
        return false;
    }
    i = possessive_end(s, t);
    if (w + 1 < sc->ntoks && sc->toks[w + 1].start == i + 1 && s[i] == ' ' &&
        WORD_IN(sc, &sc->toks[w + 1], chain_words)) {
        return true;
    }
    if (first == 0 || !WORD_IN(sc, &sc->toks[first - 1], place_prepositions) ||
        sc->toks[first].start != sc->toks[first - 1].end + 1) {
        return false;
    }
    /* used as a place: punctuation, the end, or a line break after the "'s" */
    while (i < n && s[i] == ' ') {
        i++;
    }
    return i == n || !((s[i] >= 'a' && s[i] <= 'z') || s[i] >= 0x80);
}

/*
 * A first name alone (word w) that is part of a brand or a firm's name: a possessive that names
 * a shop (possessive_shop; also through "Ben & Jerry's"), a capitalised word that is neither a
 * name nor a person word right before a possessive ("Trader Joe's"), a possessive noun right
 * before it ("my sister's Ford"), or a hyphenated compound with a lower-case word or a
 * patronymic ("Chick-fil-A", "Harley-Davidson"; "Mary-Kate" is two names).
 */
static bool
lone_name_in_brand(const struct lexicon_scanner *sc, const struct lexicon *lx,
                   const unsigned char *s, size_t n, size_t w)
{
    const struct token *t = &sc->toks[w];
    size_t p = ampersand_partner(sc, s, w, -1), q = ampersand_partner(sc, s, w, 1);
    size_t first = p != SIZE_MAX ? p : w;

    if (possessive_shop(sc, s, first, w, n) || (q != SIZE_MAX && possessive_shop(sc, s, w, q, n))) {
        return true;
    }
    if (w > 0) {
        const struct token *b = &sc->toks[w - 1];
        if (b->possessive && possessive_end(s, b) + 1 == t->start && s[t->start - 1] == ' ') {
            return true;
        }
        if (t->possessive && space_between(s, b, t) && is_capitalised_word(sc, s, b) &&
            !WORD_IN(sc, b, person_before_words) &&
            !strset_has(&lx->entries, sc->fold.data + b->fold_off, b->fold_len) && w > 1 &&
            sc->toks[w - 2].end + 1 == b->start && s[b->start - 1] == ' ') {
            return true;
        }
    }
    if (!t->possessive && t->end + 1 < n && s[t->end] == '-' && w + 1 < sc->ntoks &&
        sc->toks[w + 1].start == t->end + 1) {
        const struct token *c = &sc->toks[w + 1];
        const unsigned char *f = sc->fold.data + c->fold_off;
        size_t m = c->fold_len;
        /* a patronymic ends the pair as a surname would: "Harley-Davidson", "Sherwin-Williams" */
        bool patronymic = m > 3 && (f[m - 1] == 's' || (f[m - 1] == 'n' && f[m - 3] == 's'));
        return patronymic || starts_lower(s, c);
    }
    return false;
}

/*
 * Field labels of forms that name a name, folded: "Ad Soyad:", "Nom Prénom:", "Vorname
 * Nachname:", "Nome Cognome:", "Apellido Nombre:" ("adi": the view reads a dotless ı as i). Words
 * before a ':' from this list are a label, never the name that follows it.
 */
static const char *const label_words[] = {
    "ad",        "adı",        "soyad",        "soyadı",    "adi",       "soyadi",   "soyisim",
    "soyismi",   "ismi",       "isim",         "nom",       "prénom",    "prenom",   "prénoms",
    "vorname",   "nachname",   "familienname", "name",      "nome",      "cognome",  "apellido",
    "apellidos", "nombre",     "nombres",      "sobrenome", "imię",      "imie",     "nazwisko",
    "voornaam",  "achternaam", "naam",         "surname",   "firstname", "lastname", "förnamn",
    "efternamn", "fornavn",    "etternavn",    "efternavn", "etunimi",   "sukunimi", "jméno",
    "příjmení",  "nume",       "prenume",      "имя",       "фамилия",   "full",     "first",
    "last",      "given",      "family",       "completo",  "complet",   "und",      "e",
    "y",         "et",         "ve",
};

/* Words w.. are label words up to a ':' (a form's label): the index after the ':' run, else 0. */
static size_t
form_label_end(const struct lexicon_scanner *sc, const unsigned char *s, size_t n, size_t w)
{
    size_t k = w, i;

    /* most hits have no ':' in the gaps after their next three words: no list to walk */
    for (k = w; k < w + 3 && k < sc->ntoks; k++) {
        size_t to = k + 1 < sc->ntoks ? sc->toks[k + 1].start : n;
        for (i = sc->toks[k].end; i < to && s[i] != ':'; i++) {
        }
        if (i < to) {
            break;
        }
    }
    if (k == w + 3 || k == sc->ntoks) {
        return 0;
    }
    k = w;
    while (k < sc->ntoks && WORD_IN(sc, &sc->toks[k], label_words)) {
        size_t to = k + 1 < sc->ntoks ? sc->toks[k + 1].start : SIZE_MAX;
        i = sc->toks[k].end;
        while (i < to &&
               (s[i] == ' ' || s[i] == '\t' || s[i] == '/' || s[i] == '-' || s[i] == ',')) {
            i++;
        }
        if (i < to && s[i] == ':') {
            return k + 1;
        }
        if (i != to) {
            return 0;
        }
        k++;
    }
    return 0;
}

/* Up to two name particles after word j followed by a capitalised word: its index, else 0. */
static size_t
after_particles(const struct lexicon_scanner *sc, const unsigned char *s, size_t j)
{
    size_t k = j, n;

    for (n = 0; n < 2 && k + 2 < sc->ntoks; n++) {
        const struct token *p = &sc->toks[k + 1];
        if (!is_particle(sc, p) || !space_between(s, &sc->toks[k], p) ||
            !space_between(s, p, &sc->toks[k + 2])) {
            return 0;
        }
        k++;
        if (is_capitalised_word(sc, s, &sc->toks[k + 1])) {
            return k + 1;
        }
    }
    return 0;
}

/* Token t folds to the n bytes of word. */
static bool
folds_to(const struct lexicon_scanner *sc, const struct token *t, const char *word, size_t n)
{
    return t->fold_len == n && !memcmp(sc->fold.data + t->fold_off, word, n);
}

/*
 * The "y" after word j joins a second surname to a single one ("José Ortega y Gasset") and two
 * given names ("María y Juan", both people); after two surnames or before another particle it
 * is "and" between a name and a title or another name ("Gabriel García Márquez y Cien años",
 * "Vincent van Gogh y Van Dyck"), and the hit stops before it, so the allow list sees the name.
 */
static bool
joins_another_name(const struct lexicon_scanner *sc, size_t j, size_t taken)
{
    if (j + 2 >= sc->ntoks || !folds_to(sc, &sc->toks[j + 1], "y", 1)) {
        return false;
    }
    return taken >= 2 || is_particle(sc, &sc->toks[j + 2]);
}

/* Two words joined by one hyphen ("Moloi-Dower"). */
static bool
hyphen_between(const unsigned char *s, const struct token *a, const struct token *b)
{
    return !a->possessive && b->start == a->end + 1 && s[a->end] == '-';
}

/* Word b is a middle initial ("L." or "L") between a and the capitalised word after it. */
static bool
middle_initial(const struct lexicon_scanner *sc, const unsigned char *s, size_t b)
{
    const struct token *t = &sc->toks[b], *c;
    size_t i = t->end;

    if (b + 1 >= sc->ntoks || t->end - t->start != 1 ||
        !(s[t->start] >= 'A' && s[t->start] <= 'Z')) {
        return false;
    }
    i += i < sc->toks[b + 1].start && s[i] == '.';
    c = &sc->toks[b + 1];
    return i + 1 == c->start && s[i] == ' ' && is_capitalised_word(sc, s, c);
}

/*
 * Word w, right after the first name at word first, is a place word that is a surname here
 * ("Emeka Park called"): capitalised, no further capitalised or place word after it, and no
 * number, article or preposition of place before the first name ("12 Jackson Park", "in Hyde
 * Park", "the Lincoln Park zoo" stay places).
 */
static bool
place_word_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t first, size_t w)
{
    const struct token *t = &sc->toks[w];

    if (starts_lower(s, t) || !WORD_IN(sc, t, surname_place_words)) {
        return false;
    }
    if (w + 1 < sc->ntoks && space_between(s, t, &sc->toks[w + 1]) &&
        !starts_lower(s, &sc->toks[w + 1])) {
        return false;
    }
    if (first == 0) {
        return true;
    }
    const struct token *b = &sc->toks[first - 1];
    if (space_between(s, b, &sc->toks[first]) && !starts_lower(s, b) &&
        !WORD_IN(sc, b, sentence_words)) {
        return false; /* "Don Bosco Park": a longer capitalised name, a place's */
    }
    return !(a_digit(s[b->start]) || WORD_IN(sc, b, place_lead_words));
}

/* Word t looks like a patronymic surname longer than a given name: "Davidson", "Williams". */
static bool
long_patronymic(const struct lexicon_scanner *sc, const struct token *t)
{
    const unsigned char *f = sc->fold.data + t->fold_off;
    size_t m = t->fold_len;

    return m > 5 && (f[m - 1] == 's' || (f[m - 1] == 'n' && f[m - 3] == 's'));
}

/*
 * Grow a hit ending at word j over following capitalised words; the new last word index. The
 * second half of a double-barrelled surname ("Moloi-Dower") is part of its word, not another one,
 * and a middle initial right after the first name ("Wei L. Zhang") leads to the surname.
 */
static size_t
extend_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t first, size_t j)
{
    size_t taken = 0, k;

    while (j + 1 < sc->ntoks) {
        const struct token *a = &sc->toks[j], *b = &sc->toks[j + 1];
        if (taken && hyphen_between(s, a, b) && is_capitalised_word(sc, s, b)) {
            j++;
            continue;
        }
        if (!taken && j == first && hyphen_between(s, a, b) && is_capitalised_word(sc, s, b) &&
            !long_patronymic(sc, b) && j + 2 < sc->ntoks && space_between(s, b, &sc->toks[j + 2]) &&
            is_capitalised_word(sc, s, &sc->toks[j + 2])) {
            /* a hyphenated given name before a surname ("Mei-Ling Szabó", "Jean-Louis Roy");
             * a surname after the hyphen is a firm's ("Harley-Davidson Sportster") */
            j++;
            continue;
        }
        if (!taken && space_between(s, a, b) && middle_initial(sc, s, j + 1)) {
            j += 2;
            taken++;
            continue;
        }
        if (taken == SURNAME_WORDS || !space_between(s, a, b)) {
            break;
        }
        if (is_capitalised_word(sc, s, b)) {
            j++;
            taken++;
            continue;
        }
        if (joins_another_name(sc, j, taken)) {
            break;
        }
        if ((k = after_particles(sc, s, j)) != 0) {
            j = k;
            taken++;
            continue;
        }
        if (!taken && place_word_surname(sc, s, first, j + 1)) {
            j++;
        }
        break;
    }
    return j;
}

/*
 * Animals and pets in English, Spanish, French, German, Italian, Portuguese and Dutch, folded.
 * A name given to one is a pet's name, not a person's ("my dog Max", "mi perro se llama Toby").
 * "llama" is left out: it is also the Spanish "is called", which names people too.
 */
static const char *const animal_words[] = {
    "dog",        "dogs",        "doggy",      "doggie",    "doggo",    "puppy",     "pup",
    "cat",        "cats",        "kitten",     "kitty",     "kitteh",   "tomcat",    "horse",
    "pony",       "mare",        "stallion",   "foal",      "gelding",  "donkey",    "mule",
    "parrot",     "parakeet",    "budgie",     "cockatiel", "cockatoo", "canary",    "bird",
    "hamster",    "gerbil",      "rabbit",     "bunny",     "ferret",   "guinea",    "chinchilla",
    "hedgehog",   "rat",         "mouse",      "turtle",    "tortoise", "snake",     "python",
    "lizard",     "gecko",       "iguana",     "fish",      "goldfish", "betta",     "goat",
    "cow",        "calf",        "bull",       "sheep",     "lamb",     "pig",       "piglet",
    "hen",        "chicken",     "rooster",    "duck",      "goose",    "pet",       "pets",
    "dachshund",  "poodle",      "labrador",   "retriever", "terrier",  "beagle",    "bulldog",
    "chihuahua",  "husky",       "spaniel",    "pitbull",   "pug",      "corgi",     "collie",
    "rottweiler", "doberman",    "greyhound",  "schnauzer", "tabby",    "alpaca",    "perro",
    "perra",      "perrito",     "perrita",    "cachorro",  "cachorra", "gato",      "gata",
    "gatito",     "gatita",      "caballo",    "yegua",     "loro",     "pájaro",    "conejo",
    "hámster",    "mascota",     "tortuga",    "pez",       "chien",    "chienne",   "chiot",
    "chat",       "chatte",      "chaton",     "cheval",    "jument",   "perroquet", "oiseau",
    "lapin",      "tortue",      "poisson",    "hund",      "hündin",   "welpe",     "katze",
    "kater",      "kätzchen",    "pferd",      "vogel",     "papagei",  "hase",      "kaninchen",
    "haustier",   "cane",        "cagnolino",  "cagnolina", "cucciolo", "gatto",     "gattino",
    "gattina",    "cavallo",     "pappagallo", "coniglio",  "criceto",  "uccellino", "cão",
    "cadela",     "cachorrinho", "gatinho",    "gatinha",   "cavalo",   "papagaio",  "coelho",
    "hond",       "hondje",      "kat",        "poes",      "paard",    "konijn",
};

/*
 * Words that may stand between an animal word and the name it is given ("my dog is called
 * Max", "the horse named Lucky Star", "mi perro se llama Toby", "mein Hund heißt Rex").
 */
static const char *const naming_words[] = {
    "is",      "was",     "called",  "named",    "name",     "nicknamed", "whose",   "se",
    "llama",   "llamaba", "llamado", "llamada",  "es",       "s'appelle", "appelle", "s'appelait",
    "appelé",  "appelée", "nommé",   "nommée",   "est",      "heisst",    "hiess",   "namens",
    "ist",     "si",      "chiama",  "chiamava", "chiamato", "chiamata",  "è",       "chama",
    "chamava", "chamado", "chamada", "é",        "heet",     "heette",    "genaamd",
};

/* Determiners between a name and the animal word after it ("Max the dog", "Bella, my cat"). */
static const char *const pet_determiners[] = {
    "the",  "my",    "our",   "his",    "her", "their", "a",  "mi", "mon", "ma",  "notre",
    "mein", "meine", "unser", "unsere", "il",  "la",    "le", "el", "o",   "mio", "mia",
};

/* A verb between a name and "my dog" that says what the named one is. */
static const char *const copulas[] = {"is", "was", "es", "est", "ist", "è", "é"};

/*
 * The bytes between word a and word b hold no sentence or line break: only blanks, commas,
 * colons, dashes, brackets and quotes (and the "'s" a possessive word left out).
 */
static bool
same_clause(const unsigned char *s, const struct token *a, const struct token *b)
{
    size_t i = a->end;

    if (a->possessive) {
        i += s[i] == '\'' ? 2 : 4;
    }
    if (i > b->start || b->start - i > 4) {
        return false;
    }
    for (; i < b->start; i++) {
        if (!memchr(" ,:-()\"'", s[i], 8)) {
            return false;
        }
    }
    return true;
}

/*
 * The hit over words first..last names an animal: an animal word before it with at most three
 * naming words between ("our cat Bella Jones", "my dog is called Max"), or one after it behind
 * at most a determiner ("Max the dog", "Bella (our cat)"), or "is" and one ("Max is my dog").
 */
static bool
names_an_animal(const struct lexicon_scanner *sc, const unsigned char *s, size_t first, size_t last)
{
    size_t k = first, steps;

    for (steps = 0; k > 0 && steps < 4; steps++) {
        const struct token *p = &sc->toks[k - 1];
        if (!same_clause(s, p, &sc->toks[k])) {
            break;
        }
        if (WORD_IN(sc, p, animal_words)) {
            return true;
        }
        if (!WORD_IN(sc, p, naming_words)) {
            break;
        }
        k--;
    }
    k = last + 1;
    if (k + 1 < sc->ntoks && same_clause(s, &sc->toks[last], &sc->toks[k]) &&
        WORD_IN(sc, &sc->toks[k], copulas) && WORD_IN(sc, &sc->toks[k + 1], pet_determiners)) {
        k++; /* "Sparkles is our hamster" */
    }
    if (k < sc->ntoks && same_clause(s, &sc->toks[k - 1], &sc->toks[k]) &&
        WORD_IN(sc, &sc->toks[k], pet_determiners)) {
        k++;
    }
    return k < sc->ntoks && k > last + 1 && same_clause(s, &sc->toks[k - 1], &sc->toks[k]) &&
           WORD_IN(sc, &sc->toks[k], animal_words);
}

/* Words for a name as a word ("the name", "surname", "last names"), folded. */
static const char *const name_words[] = {"name",      "names",     "surname",  "surnames",
                                         "lastname",  "lastnames", "nickname", "nicknames",
                                         "firstname", "firstnames"};

/* Words that study a name as a word: where it comes from, what it means, how common it is. */
static const char *const name_study_words[] = {
    "origin",        "origins",   "originate",  "originated", "meaning",   "meanings",
    "mean",          "means",     "meant",      "etymology",  "derived",   "derive",
    "derives",       "popular",   "popularity", "common",     "commonest", "rare",
    "rarest",        "spelled",   "spelt",      "spelling",   "pronounce", "pronounced",
    "pronunciation", "translate", "translates", "heritage",   "ancestry",
};

static const char *const come_words[] = {"come", "comes", "came"};

/* Words that make the name next to them someone's: a possessive or a relation. */
static const char *const owner_words[] = {
    "my",        "his",       "her",      "their",    "our",      "your",       "its",
    "whose",     "friend",    "friends",  "boss",     "neighbor", "neighbour",  "coworker",
    "colleague", "wife",      "husband",  "son",      "daughter", "girlfriend", "boyfriend",
    "teacher",   "classmate", "roommate", "landlord", "ex",       "named",      "called",
};

/* Word k and word k + 1 are in one sentence: no '.', '!', '?', ';' or line break between. */
static bool
same_sentence(const struct lexicon_scanner *sc, const unsigned char *s, size_t k)
{
    for (size_t i = sc->toks[k].end; i < sc->toks[k + 1].start; i++) {
        if (memchr(".!?;\n\r", s[i], 6)) {
            return false;
        }
    }
    return true;
}

/* Word k is a name word; the index of its first word with "last", "family", "first" before. */
static size_t
name_phrase_start(const struct lexicon_scanner *sc, size_t k)
{
    while (k > 0 && (folds_to(sc, &sc->toks[k - 1], "last", 4) ||
                     folds_to(sc, &sc->toks[k - 1], "family", 6) ||
                     folds_to(sc, &sc->toks[k - 1], "first", 5) ||
                     folds_to(sc, &sc->toks[k - 1], "given", 5) ||
                     folds_to(sc, &sc->toks[k - 1], "baby", 4))) {
        k--;
    }
    return k;
}

/* Words between a name and the name word after it that keep it the subject ("X is a ... name"). */
static const char *const name_link_words[] = {"is", "was", "a", "an", "the"};

/* Words that, between a name and a later name word, show the name is not what is asked about. */
static const char *const name_break_words[] = {"of",      "for",       "to",      "about",
                                               "from",    "origin",    "origins", "meaning",
                                               "history", "etymology", "with",    "and"};

/*
 * The name word naming word w: right before it ("the name Olivia", "surname Kowalski"), right
 * after it ("the Johnson family name", "a Smith surname"), or after a copula or article and a
 * few describing words ("Nguyen the most common Vietnamese last name", "is Olivia a popular
 * name"); its index, else SIZE_MAX.
 */
static size_t
name_word_for(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    if (w > 0 && same_sentence(sc, s, w - 1) && WORD_IN(sc, &sc->toks[w - 1], name_words)) {
        return w - 1;
    }
    for (size_t k = w + 1; k < sc->ntoks && k - w <= 6 && same_sentence(sc, s, k - 1); k++) {
        const struct token *t = &sc->toks[k];
        if (WORD_IN(sc, t, name_words)) {
            return k;
        }
        if ((k == w + 1 && !WORD_IN(sc, t, name_link_words) && name_phrase_start(sc, k + 1) != k) ||
            WORD_IN(sc, t, name_break_words)) {
            /* "Johnson family name" passes through "family"; "told Darnell the origin of the
             * surname" stops at "of" */
            if (!(k + 1 < sc->ntoks && name_phrase_start(sc, k + 1) <= k &&
                  WORD_IN(sc, &sc->toks[k + 1], name_words))) {
                return SIZE_MAX;
            }
        }
    }
    return SIZE_MAX;
}

/*
 * A lone first name (word w) asked about as a word, not as someone: a name word names it ("the
 * name Olivia", "the Johnson family name", "is Nguyen the most common last name") and its
 * sentence asks where it comes from, what it means, how it is spelled or how common it is. A name
 * that is someone's stays: the name itself possessive ("Olivia's surname"), a relation or
 * possessive word right before it ("my friend Olivia"), or one before the name word ("what does
 * my last name, Kowalski, mean").
 */
static bool
name_as_a_word(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    size_t lo = w, hi = w, k, b;
    bool studied = false;

    if (sc->toks[w].possessive || (w > 0 && WORD_IN(sc, &sc->toks[w - 1], owner_words)) ||
        (k = name_word_for(sc, s, w)) == SIZE_MAX) {
        return false;
    }
    b = name_phrase_start(sc, k);
    if (b > 0 && WORD_IN(sc, &sc->toks[b - 1], owner_words)) {
        return false;
    }
    while (lo > 0 && w - lo < 16 && same_sentence(sc, s, lo - 1)) {
        lo--;
    }
    while (hi + 1 < sc->ntoks && hi - w < 16 && same_sentence(sc, s, hi)) {
        hi++;
    }
    for (size_t j = lo; j <= hi && !studied; j++) {
        /* "where does the name Garcia come from" */
        studied = WORD_IN(sc, &sc->toks[j], name_study_words) ||
                  (j < hi && WORD_IN(sc, &sc->toks[j], come_words) &&
                   folds_to(sc, &sc->toks[j + 1], "from", 4));
    }
    return studied;
}

/*
 * Words before a name that make it the title of a work, or the name of a storm or a ship ("the
 * song Billie Jean", "tropical storm Helene", "the yacht Mary Ann"), folded.
 */
static const char *const work_words[] = {
    "song",   "songs",    "single",    "track",    "album",   "film",    "movie",   "show",
    "series", "sitcom",   "book",      "novel",    "poem",    "play",    "musical", "opera",
    "ballet", "painting", "sculpture", "statue",   "episode", "cartoon", "anime",   "manga",
    "comic",  "game",     "hurricane", "storm",    "typhoon", "cyclone", "ship",    "yacht",
    "vessel", "tanker",   "steamship", "schooner",
};

/* Work words that name storms and ships, whatever follows. */
static const char *const storm_words[] = {"hurricane", "storm",   "typhoon", "cyclone",
                                          "ship",      "yacht",   "vessel",  "tanker",
                                          "steamship", "schooner"};

/* Lower-case words that may follow a work's title ("the film Annie Hall by Woody Allen"). */
static const char *const after_title_words[] = {
    "by",  "is",   "was",   "from", "on",    "in",    "and",      "or",        "with",   "for",
    "to",  "has",  "had",   "came", "comes", "about", "starring", "featuring", "are",    "were",
    "hit", "made", "makes", "will", "still", "again", "itself",   "remake",    "sequel",
};

/* Words after a possessive name that make it an eponym ("Murphy's law", "Pascal's triangle"). */
static const char *const eponym_words[] = {
    "law",       "laws",    "theorem",    "theorems",     "triangle",   "method",
    "principle", "razor",   "constant",   "equation",     "equations",  "paradox",
    "syndrome",  "disease", "effect",     "conjecture",   "hypothesis", "formula",
    "algorithm", "lemma",   "inequality", "distribution", "transform",  "maneuver",
    "manoeuvre", "reflex",  "phenomenon", "fallacy",      "dilemma",    "wager",
    "cube",      "comet",   "palsy",      "sarcoma",      "lymphoma",
};

/* Words after an eponym word that make it a person's thing again ("Kevin's law firm"). */
static const char *const eponym_breakers[] = {
    "firm", "school",   "office",      "degree",    "class",   "student", "students",
    "exam", "practice", "enforcement", "professor", "results", "result",  "score",
};

/*
 * The hit over words first..last names a work, a storm or a ship (a work word right before it:
 * "the song Billie Jean", "storm Helene"), or is an eponym (its last word possessive before a
 * law, theorem, method or disease word: "Murphy's law", "Newton's method", "Bell's palsy").
 */
static bool
names_a_work_or_eponym(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                       size_t last)
{
    const struct token *t = &sc->toks[last];

    if (first > 0 && same_clause(s, &sc->toks[first - 1], &sc->toks[first]) &&
        !sc->toks[first - 1].possessive && WORD_IN(sc, &sc->toks[first - 1], work_words)) {
        /* "the song Kevin wrote": a verb after it makes the name the one who made the work */
        return WORD_IN(sc, &sc->toks[first - 1], storm_words) || last + 1 >= sc->ntoks ||
               !same_clause(s, t, &sc->toks[last + 1]) || !starts_lower(s, &sc->toks[last + 1]) ||
               WORD_IN(sc, &sc->toks[last + 1], after_title_words);
    }
    if (!t->possessive || last + 1 >= sc->ntoks) {
        return false;
    }
    size_t i = possessive_end(s, t);
    if (sc->toks[last + 1].start != i + 1 || s[i] != ' ' ||
        !WORD_IN(sc, &sc->toks[last + 1], eponym_words)) {
        return false;
    }
    return last + 2 >= sc->ntoks || !same_clause(s, &sc->toks[last + 1], &sc->toks[last + 2]) ||
           !WORD_IN(sc, &sc->toks[last + 2], eponym_breakers);
}

/*
 * Words that make the name after them an invented one: a character of a story, game or role
 * play, or a made-up example ("a character named Marcus", "the protagonist Elena Vasquez", "my
 * D&D character is called Thorin", "a fake name like John Smith"), folded.
 */
static const char *const fiction_words[] = {
    "character", "characters", "protagonist", "antagonist",   "villain",    "heroine",
    "avatar",    "oc",         "npc",         "fictional",    "fictitious", "imaginary",
    "made-up",   "fake",       "placeholder", "pseudonymous", "invented",   "hypothetical",
};

/* Words that may stand between such a word and the name ("character is called", "fake name like").
 */
static const char *const fiction_links[] = {
    "named", "called", "is", "was",    "name", "names", "the", "a",    "an",
    "like",  "such",   "as", "person", "man",  "woman", "guy", "girl", "kid",
};

/*
 * Words that put a historical or public figure's name after them: the figure named as such ("the
 * historical figure Marcus Aurelius", "the composer Franz Schubert", "the Roman emperor Nero",
 * "the explorer Ernest Shackleton"), folded.
 */
static const char *const figure_words[] = {
    "figure",      "emperor",      "empress",   "pharaoh",       "tsar",       "czar",
    "sultan",      "caliph",       "pope",      "saint",         "prophet",    "apostle",
    "philosopher", "composer",     "poet",      "novelist",      "playwright", "inventor",
    "explorer",    "conquistador", "physicist", "mathematician", "astronomer", "chemist",
    "sculptor",    "general",      "admiral",   "warlord",       "dictator",
};

/* Possessives and articles before a figure word that make the figure someone's ("my poet friend").
 */
static const char *const figure_owners[] = {"my", "his", "her", "our", "your", "their"};

/*
 * The hit starting at word first is an invented name (a fiction word at most three linking words
 * before it) or a figure named as such (a figure word right before it, not "my composer X").
 */
static bool
invented_or_figure(const struct lexicon_scanner *sc, const unsigned char *s, size_t first)
{
    size_t k = first;

    if (first > 0 && same_clause(s, &sc->toks[first - 1], &sc->toks[first]) &&
        !sc->toks[first - 1].possessive && WORD_IN(sc, &sc->toks[first - 1], figure_words) &&
        starts_lower(s, &sc->toks[first - 1]) &&
        !(first > 1 && WORD_IN(sc, &sc->toks[first - 2], figure_owners))) {
        return true;
    }
    for (size_t steps = 0; k > 0 && steps < 4; steps++) {
        const struct token *p = &sc->toks[k - 1];
        if (!same_clause(s, p, &sc->toks[k])) {
            return false;
        }
        if (WORD_IN(sc, p, fiction_words)) {
            return true;
        }
        if (!WORD_IN(sc, p, fiction_links)) {
            return false;
        }
        k--;
    }
    return false;
}

/* Words that end a firm's name after "and" or '&' ("Marvin-Morissette and Sons", "Tiffany & Co.").
 */
static const char *const firm_suffixes[] = {"sons",    "son",      "daughters",  "co",
                                            "company", "partners", "associates", "brothers",
                                            "bros",    "sisters"};

/* Only blanks and one '&' between bytes a and b. */
static bool
ampersand_only(const unsigned char *s, size_t a, size_t b)
{
    bool amp = false;

    for (size_t i = a; i < b; i++) {
        if (s[i] == '&' && !amp) {
            amp = true;
        } else if (s[i] != ' ') {
            return false;
        }
    }
    return amp;
}

/* The hit ending at word last is followed by "and Sons", "& Co." and the like: a firm's name. */
static bool
firm_suffix_after(const struct lexicon_scanner *sc, const unsigned char *s, size_t last)
{
    size_t k = last + 1;

    if (k >= sc->ntoks || sc->toks[last].possessive) {
        return false;
    }
    if (hyphen_between(s, &sc->toks[last], &sc->toks[k]) && !starts_lower(s, &sc->toks[k])) {
        /* the second founder of "Marvin-Morissette and Sons" */
        last = k++;
        if (k >= sc->ntoks || sc->toks[last].possessive) {
            return false;
        }
    }
    if (folds_to(sc, &sc->toks[k], "and", 3) && same_clause(s, &sc->toks[last], &sc->toks[k])) {
        k++;
        if (k >= sc->ntoks || !same_clause(s, &sc->toks[k - 1], &sc->toks[k])) {
            return false;
        }
    } else if (!ampersand_only(s, sc->toks[last].end, sc->toks[k].start)) {
        return false;
    }
    return !starts_lower(s, &sc->toks[k]) && WORD_IN(sc, &sc->toks[k], firm_suffixes);
}

static void
push_hit(struct lexicon_hits *out, size_t start, size_t list_end, size_t end)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? size_mul(out->cap, 2) : 16;
        out->v = xrealloc(out->v, size_mul(out->cap, sizeof(*out->v)));
    }
    out->v[out->n].start = start;
    out->v[out->n].list_end = list_end;
    out->v[out->n].end = end;
    out->n++;
}

/*
 * Vietnamese marks tones with the accents other languages add to names, so its words without
 * them are names of the list ("Phòng" reads "Phong"): a text with a letter only Vietnamese
 * uses (o and u with a horn, the precomposed letters of U+1EA0..U+1EF9) is matched as written.
 */
static bool
has_vietnamese_letter(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if ((s[i] == 0xc6 &&
             (s[i + 1] == 0xa0 || s[i + 1] == 0xa1 || s[i + 1] == 0xaf || s[i + 1] == 0xb0)) ||
            (s[i] == 0xe1 && i + 2 < n && (s[i + 1] == 0xba || s[i + 1] == 0xbb))) {
            return true;
        }
    }
    return false;
}

/* The longest entry starting at word i: its last word index, or -1 for none. */
static int
longest_at(struct lexicon_scanner *sc, const struct lexicon *lx, const unsigned char *s, size_t i,
           size_t *last, struct err *err)
{
    const struct token *t = &sc->toks[i];
    size_t k = lx->max_tokens;

    if (k > 1 && !strset_has(&lx->heads, sc->fold.data + t->fold_off, t->fold_len)) {
        k = 1;
    }
    if (i + k > sc->ntoks) {
        k = sc->ntoks - i;
    }
    for (; k >= 1; k--) {
        if (k == 1) {
            /* one word: its folded form is the key, or that form without its accents */
            if (strset_has(&lx->entries, sc->fold.data + t->fold_off, t->fold_len)) {
                *last = i;
                return 1;
            }
            if (leet_word(s, t)) {
                int r = leet_lookup(sc, lx, t, err);
                if (r != 0) {
                    *last = i;
                    return r;
                }
                break;
            }
            if (sc->strip_accents == 0 && t->fold_len &&
                !norm_is_ascii(sc->fold.data + t->fold_off, t->fold_len)) {
                sc->strip_accents = has_vietnamese_letter(s, sc->scan_len) ? -1 : 1;
            }
            if (sc->strip_accents > 0 && !norm_is_ascii(sc->fold.data + t->fold_off, t->fold_len)) {
                int r = strip_marks(sc, sc->fold.data + t->fold_off, t->fold_len, err);
                if (r < 0) {
                    return -1;
                }
                if (r > 0 && strset_has(&lx->entries, sc->key.data, sc->key.len)) {
                    *last = i;
                    return 1;
                }
            }
            break;
        }
        int r = build_key(sc, s, i, i + k - 1, err);
        if (r < 0) {
            return -1;
        }
        if (r == 0 && strset_has(&lx->entries, sc->key.data, sc->key.len)) {
            *last = i + k - 1;
            return 1;
        }
    }
    return 0;
}

/*
 * The lone hit at word w grows back over one capitalised word right before it on the same line:
 * not a sentence word or title, a place prefix, an acronym or a listed name, and not part of the
 * hit before (which ended at word prev_end). The new first word index.
 */
static size_t
extend_given_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                  const unsigned char *s, size_t w, size_t prev_end)
{
    const struct token *b;

    if (w == 0 || (prev_end != SIZE_MAX && prev_end + 1 >= w)) {
        return w;
    }
    b = &sc->toks[w - 1];
    if (!space_between(s, b, &sc->toks[w]) || !is_capitalised_word(sc, s, b) ||
        all_capitals(s, b) || WORD_IN(sc, b, sentence_words) || WORD_IN(sc, b, place_prefixes) ||
        strset_has(&lx->entries, sc->fold.data + b->fold_off, b->fold_len)) {
        return w;
    }
    return w - 1;
}

/*
 * Listed names that are everyday words in lower case ("this is grace period", "i'm frank
 * about it"): a lower-case introduction never starts with one.
 */
static const char *const word_names[] = {
    "al",      "amber",   "angel", "april",     "august",    "autumn",  "bill",     "bo",
    "bob",     "chance",  "chase", "christian", "crystal",   "dawn",    "december", "don",
    "drew",    "ed",      "faith", "frank",     "gene",      "grace",   "grant",    "guy",
    "hi",      "hope",    "jack",  "january",   "joy",       "july",    "june",     "lane",
    "mark",    "melody",  "miles", "nick",      "november",  "october", "pat",      "penny",
    "ray",     "river",   "roman", "rose",      "september", "sue",     "summer",   "sunday",
    "trinity", "tuesday", "wade",  "wednesday", "will",      "sunny",   "hunter",   "mason",
    "sonny",   "lil",     "king",  "major",     "rich",      "sky",     "star",     "honey",
};

/*
 * Lower-case words that follow a name without being a surname ("im sam lol", "this is mike
 * speaking", "i'm alex too"): chat words, function words, adverbs and greetings.
 */
static const char *const not_lower_surnames[] = {
    "and",   "but",     "or",    "so",    "not",    "just",  "also",    "only",   "really",
    "very",  "too",     "again", "btw",   "lol",    "lmao",  "haha",    "hehe",   "rofl",
    "xd",    "here",    "there", "now",   "then",   "today", "tonight", "from",   "with",
    "in",    "at",      "on",    "of",    "for",    "by",    "to",      "the",    "a",
    "an",    "is",      "was",   "am",    "are",    "be",    "bro",     "dude",   "man",
    "sir",   "jr",      "sr",    "yet",   "though", "tho",   "anyway",  "ok",     "okay",
    "yes",   "yeah",    "no",    "nope",  "hi",     "hey",   "hello",   "thanks", "please",
    "sorry", "right",   "sure",  "fine",  "good",   "well",  "back",    "home",   "myself",
    "who",   "what",    "when",  "where", "why",    "how",   "which",   "that",   "this",
    "if",    "because", "since", "as",    "like",   "i",     "im",      "i'm",    "you",
    "your",  "my",      "me",    "we",    "it",     "he",    "she",     "they",   "here's",
    "tired", "sad",     "happy", "bored", "new",    "old",   "still",   "again",  "alone",
    "about", "out",     "up",    "down",  "off",    "over",  "all",     "pretty", "kinda",
};

/* Words after a lower-case name and surname that end the introduction ("im raj fernandes lol"). */
static const char *const intro_enders[] = {"and", "lol", "lmao", "haha", "here", "from",    "i",
                                           "im",  "i'm", "btw",  "but",  "so",   "speaking"};

/* Only blanks between byte a and byte b. */
static bool
blanks_only(const unsigned char *s, size_t a, size_t b)
{
    for (; a < b; a++) {
        if (s[a] != ' ' && s[a] != '\t') {
            return false;
        }
    }
    return true;
}

/*
 * Every introduction cue ends in 'm' or 's' and a space before the name (im, i'm, am, is,
 * name's): two bytes of the text turn most lower-case words away before their token is read.
 */
static bool
cue_ending_before(const unsigned char *s, size_t at)
{
    return at >= 2 && s[at - 1] == ' ' && ((s[at - 2] | 0x20) == 'm' || (s[at - 2] | 0x20) == 's');
}

/*
 * Word w follows a self-introduction: "im", "i'm", "i am", "this is", "name is", "name's". It runs
 * for every lower-case word of every text, so lengths are compared before any byte is read.
 */
static bool
after_intro_cue(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *p, *q;

    if (w == 0) {
        return false;
    }
    p = &sc->toks[w - 1];
    if (p->fold_len == 4) {
        /* "my name's raj fernandes" */
        return p->possessive && folds_to(sc, p, "name", 4) &&
               possessive_end(s, p) < sc->toks[w].start &&
               blanks_only(s, possessive_end(s, p), sc->toks[w].start);
    }
    if (p->fold_len != 2 && p->fold_len != 3) {
        return false;
    }
    if (!space_between(s, p, &sc->toks[w])) {
        return false;
    }
    if (folds_to(sc, p, "im", 2) || folds_to(sc, p, "i'm", 3)) {
        return true;
    }
    if (w < 2 || !space_between(s, &sc->toks[w - 2], p)) {
        return false;
    }
    q = &sc->toks[w - 2];
    if (folds_to(sc, p, "am", 2)) {
        return folds_to(sc, q, "i", 1);
    }
    return folds_to(sc, p, "is", 2) && (folds_to(sc, q, "this", 4) || folds_to(sc, q, "name", 4));
}

/* Word w is a lower-case surname: letters only, three or more, no chat word or -ing verb. */
static bool
lower_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *t = &sc->toks[w];
    const unsigned char *f = sc->fold.data + t->fold_off;
    size_t m = t->fold_len;

    if (!starts_lower(s, t) || m < 3 || WORD_IN(sc, t, not_lower_surnames) ||
        (m > 4 && !memcmp(f + m - 3, "ing", 3))) {
        return false;
    }
    for (size_t i = t->start; i < t->end; i++) {
        if (s[i] < 0x80 && !a_letter(s[i]) && s[i] != '-' && s[i] != '\'') {
            return false;
        }
    }
    return true;
}

/*
 * A lower-case first name and surname after a self-introduction ("im raj fernandes lol", "this
 * is mateus papadopoulos"): word w is a listed name that is not an everyday word, the next word
 * a lower-case surname, and the introduction ends after it (punctuation, a line end, the text's
 * end or a chat word); the surname is word w + 1.
 */
static bool
lower_intro(const struct lexicon_scanner *sc, const struct lexicon *lx, const unsigned char *s,
            size_t n, size_t w)
{
    const struct token *t = &sc->toks[w];
    size_t i;

    /* the caller saw the cue; the list's Bloom filter turns most words away before a list of
     * words is walked */
    if (w + 1 >= sc->ntoks || !strset_has(&lx->entries, sc->fold.data + t->fold_off, t->fold_len) ||
        WORD_IN(sc, t, word_names) || !space_between(s, t, &sc->toks[w + 1]) ||
        sc->toks[w + 1].possessive || !lower_surname(sc, s, w + 1)) {
        return false;
    }
    i = sc->toks[w + 1].end;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
    }
    if (i == n || memchr(".,!?;:)\n\r", s[i], 10)) {
        return true;
    }
    return w + 2 < sc->ntoks && sc->toks[w + 2].start == i &&
           WORD_IN(sc, &sc->toks[w + 2], intro_enders);
}

/* Mark the words of text no capitalised entry starts at, and the cued ones among them. */
static void
mark_lower_words(struct lexicon_scanner *sc, const unsigned char *text)
{
    size_t words = sc->ntoks / 64 + 1;

    if (words > sc->marks_cap) {
        sc->marks_cap = size_mul(words, 2);
        sc->lower = xrealloc(sc->lower, size_mul(sc->marks_cap, sizeof(*sc->lower)));
        sc->cued = xrealloc(sc->cued, size_mul(sc->marks_cap, sizeof(*sc->cued)));
    }
    memset(sc->lower, 0, words * sizeof(*sc->lower));
    memset(sc->cued, 0, words * sizeof(*sc->cued));
    for (size_t i = 0; i < sc->ntoks; i++) {
        const struct token *t = &sc->toks[i];
        if (starts_lower(text, t) && !(t->end - t->start >= 4 && text[t->start + 1] >= 'A' &&
                                       text[t->start + 1] <= 'Z' && alternating_case(text, t))) {
            sc->lower[i / 64] |= (uint64_t)1 << (i % 64);
            if (cue_ending_before(text, t->start)) {
                sc->cued[i / 64] |= (uint64_t)1 << (i % 64);
            }
        }
    }
    sc->marks_text = text;
    sc->marks_valid = true;
}

/* The first word at or after i that is not marked lower (or is cued, when cued counts); ntoks
 * or more when there is none. */
static size_t
next_unmarked(const struct lexicon_scanner *sc, size_t i, bool cued)
{
    for (size_t w = i / 64; w <= sc->ntoks / 64; w++) {
        uint64_t open = ~sc->lower[w] | (cued ? sc->cued[w] : 0);
        if (w == i / 64) {
            open &= ~(uint64_t)0 << (i % 64);
        }
        if (open) {
            return w * 64 + (size_t)__builtin_ctzll(open);
        }
    }
    return sc->ntoks;
}

/* Every hit of lx in text (already normalised, or plain ASCII, and tokenised), in its offsets. */
static int
scan_words(struct lexicon_scanner *sc, const struct lexicon *lx, const unsigned char *text,
           size_t len, unsigned flags, struct lexicon_hits *out, struct err *err)
{
    size_t i = 0, prev_end = SIZE_MAX;

    sc->scan_len = len;
    if ((flags & LEXICON_CAPITALIZED) && (!sc->marks_valid || sc->marks_text != text)) {
        mark_lower_words(sc, text);
    }
    while (i < sc->ntoks) {
        size_t last, end, first;
        int r;
        /* A capitalised entry cannot start at a lower-case word: skip the lookups, unless a
         * self-introduction puts a lower-case name and surname there, or the word is typed
         * in alternating case ("mArIa"). */
        if ((flags & LEXICON_CAPITALIZED) &&
            (i = next_unmarked(sc, i, flags & LEXICON_EXTEND_CAPITALIZED)) >= sc->ntoks) {
            break;
        }
        if ((flags & LEXICON_CAPITALIZED) && (sc->lower[i / 64] >> (i % 64) & 1)) {
            /* a cued lower-case word (next_unmarked skipped the others) */
            if (after_intro_cue(sc, text, i) && lower_intro(sc, lx, text, len, i)) {
                push_hit(out, sc->toks[i].start, sc->toks[i].end, sc->toks[i + 1].end);
                prev_end = i + 1;
                i += 2;
                continue;
            }
            i++;
            continue;
        }
        r = longest_at(sc, lx, text, i, &last, err);
        if (r < 0) {
            return -1;
        }
        if (r == 0) {
            i++;
            continue;
        }
        if ((end = form_label_end(sc, text, len, i)) != 0) {
            /* "Ad Soyad: Mehmet Demir": the label is not a name; the value is read next */
            i = end;
            continue;
        }
        end = last;
        if (flags & (LEXICON_CAPITALIZED | LEXICON_EXTEND_CAPITALIZED)) {
            end = extend_surname(sc, text, i, last);
            if (headed_by_place_or_title(sc, i, end)) {
                /* "River Thames", "Princess Leia": neither word is a private person's name */
                i = end + 1;
                continue;
            }
            if ((end == last && (flags & LEXICON_EXTEND_CAPITALIZED)) ||
                in_place_name(sc, text, i, end) ||
                (end == i && (in_firm_name(sc, lx, text, i) || acronym_in_prose(sc, text, i)))) {
                /* a first name alone is left to rules that can weigh context */
                i++;
                continue;
            }
        }
        if ((flags & LEXICON_CAPITALIZED) &&
            (names_a_product(sc, text, i, last, end) ||
             (end == i && lone_name_in_brand(sc, lx, text, len, i)))) {
            /* "my Ford Focus", "a Lincoln", "at Trader Joe's": a brand, not its founder */
            i = end + 1;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && end == i && name_as_a_word(sc, text, i)) {
            /* "the Johnson family name's origin": a name asked about, not a person */
            i++;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && invented_or_figure(sc, text, i)) {
            /* "a character named Marcus", "the composer Franz Schubert": not a private person */
            i = end + 1;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && firm_suffix_after(sc, text, end)) {
            /* "Marvin-Morissette and Sons", "Tiffany & Co.": a firm named after its founders */
            i = end + 1;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && names_a_work_or_eponym(sc, text, i, end)) {
            /* "the song Billie Jean", "storm Helene", "Murphy's law": not a person */
            i = end + 1;
            continue;
        }
        if (names_an_animal(sc, text, i, end)) {
            /* the gazetteer is for people's names: a pet's name, surname and all, is not one */
            i = end + 1;
            continue;
        }
        first = i;
        if ((flags & LEXICON_CAPITALIZED) && !(flags & LEXICON_EXTEND_CAPITALIZED)) {
            first = extend_given_name(sc, lx, text, i, prev_end);
        }
        push_hit(out, sc->toks[first].start, sc->toks[last].end, sc->toks[end].end);
        prev_end = end;
        i = end + 1;
    }
    return 0;
}

/*
 * Non-ASCII text is scanned through its normalised view, so a name written in full-width
 * letters, decomposed (NFD), or with a zero-width space inside ("Jes\u200bsica", which word
 * breaking would otherwise split in two) is still one word; hits map back to exactly the
 * original bytes that produced them.
 */
int
lexicon_scan(struct lexicon_scanner *sc, const struct lexicon *lx, const unsigned char *text,
             size_t len, const struct norm_view *view, unsigned flags, struct lexicon_hits *out,
             struct err *err)
{
    size_t i;
    bool ascii = !view && norm_is_ascii(text, len); /* a view given is read, ASCII text or not */
    bool same = sc->scanned_valid && sc->scanned.len == len &&
                (len == 0 || memcmp(sc->scanned.data, text, len) == 0);

    out->n = 0;
    if (!ascii && !view) {
        if (!same && norm_view_build(&sc->view, text, len, NORM_CONFUSABLES, err) < 0) {
            sc->scanned_valid = false;
            return -1;
        }
        view = &sc->view;
    }
    if (!same) {
        sc->scanned_valid = false;
        if (tokenize(sc, ascii ? text : view->text.data, ascii ? len : view->text.len, err) < 0) {
            return -1;
        }
        sc->strip_accents = ascii ? -1 : 0;
        buf_reset(&sc->scanned);
        sc->scanned_valid = buf_append(&sc->scanned, text, len, err) == 0;
    }
    if (ascii) {
        return scan_words(sc, lx, text, len, flags, out, err);
    }
    if (scan_words(sc, lx, view->text.data, view->text.len, flags, out, err) < 0) {
        return -1;
    }
    for (i = 0; i < out->n; i++) {
        struct lexicon_hit *h = &out->v[i];
        size_t s, e, le;
        norm_view_span(view, h->start, h->end, &s, &e);
        norm_view_span(view, h->start, h->list_end, &s, &le);
        h->start = s;
        h->end = e;
        h->list_end = le;
    }
    return 0;
}
