/*
 * The name lists (gazetteers) of `lookup` rules: loading a list into a hash set of folded keys,
 * cutting a text into words (ICU's UAX #29 rules, or a fast path for ASCII), and the scan that
 * looks every word up, longest entry first, and keeps the hits lexicon_context.c does not rule
 * out. See lexicon_internal.h.
 */
#include "scrub/lexicon_scan_internal.h"

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
#define LIST_FILE_MAX    ((size_t)64 << 20)

/*
 * The bits a filter reads of hash h, mixed: FNV-1a's top bits change little between words that
 * differ in their last bytes ("aaab", "aaac"), and a filter of them let most such words through.
 */
static uint64_t
bloom_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull; /* MurmurHash3's finaliser */
    return h ^ h >> 33;
}

/* The two bits of hash h: the first from the low bits of its mix, which pick its block too, and
 * the second in that block from its top BLOOM_BLOCK_LOG bits. */
static void
bloom_bits(const struct strset *set, uint64_t h, uint64_t *a, uint64_t *b)
{
    uint64_t m = bloom_mix(h);

    *a = m & (set->bloom_bits - 1);
    *b = (*a & ~(uint64_t)(BLOOM_BLOCK_BITS - 1)) | m >> (64 - BLOOM_BLOCK_LOG);
}

static bool
bloom_may_have(const struct strset *set, uint64_t h)
{
    uint64_t a, b;

    if (!set->bloom) {
        return false;
    }
    bloom_bits(set, h, &a, &b);
    return (set->bloom[a / 64] >> (a % 64) & 1) && (set->bloom[b / 64] >> (b % 64) & 1);
}

/* A filter of about BLOOM_BITS_PER_ENTRY bits per entry for n entries; only before the first
 * member is added. */
static void
bloom_size(struct strset *set, size_t n)
{
    size_t bits = BLOOM_BITS_MIN;

    while (bits < BLOOM_BITS_MAX && bits < size_mul(n, BLOOM_BITS_PER_ENTRY)) {
        bits *= 2;
    }
    free(set->bloom);
    set->bloom = xcalloc_lines(bits / 8);
    set->bloom_bits = bits;
}

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

bool
lexicon_strset_has(const struct strset *set, const unsigned char *s, size_t n)
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

bool
lexicon_strset_may_have(const struct strset *set, const unsigned char *s, size_t n)
{
    return n && bloom_may_have(set, hash_bytes(s, n));
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
    if (!set->n) {
        bloom_size(set, n);
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
    if (!set->bloom) {
        bloom_size(set, 0);
    }
    uint64_t a, b;
    bloom_bits(set, h, &a, &b);
    set->bloom[a / 64] |= (uint64_t)1 << (a % 64);
    set->bloom[b / 64] |= (uint64_t)1 << (b % 64);
    set->arena_len += n;
    set->n++;
}

static void
strset_release(struct strset *set)
{
    free(set->arena);
    free(set->slots);
    free(set->bloom);
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
a_word(unsigned char c)
{
    return lexicon_a_letter(c) || lexicon_a_digit(c) || c == '_';
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
    t->cell_break = false;
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
        c->letter |= (uint64_t)lexicon_a_letter(b) << k;
        c->digit |= (uint64_t)lexicon_a_digit(b) << k;
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
            next_letter = (uint64_t)lexicon_a_letter(s[base + m]) << 63;
            next_digit = (uint64_t)lexicon_a_digit(s[base + m]) << 63;
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

size_t
lexicon_count_code_points(const unsigned char *s, size_t n)
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
        if (!lexicon_a_letter(e[i])) {
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
        size_t cps = lexicon_count_code_points(e, n);
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
        *found = r == 0 && lexicon_strset_has(&lx->entries, sc->key.data, sc->key.len);
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

/*
 * Leetspeak: a word of ASCII letters with digits typed for some of them ("J0hn", "Sm1th",
 * "M4ria"), read as the letters (0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t). It starts with a letter and
 * has more letters than digits, so numbers, codes ("B2B", "4x4") and versions stay out.
 */
bool
lexicon_leet_word(const unsigned char *s, const struct token *t)
{
    size_t letters = 0, digits = 0;

    if (t->end - t->start < 3 || !lexicon_a_letter(s[t->start])) {
        return false;
    }
    for (size_t i = t->start; i < t->end; i++) {
        unsigned char c = s[i];
        if (lexicon_a_letter(c)) {
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
bool
lexicon_alternating_case(const unsigned char *s, const struct token *t)
{
    int changes = 0;

    /* most words keep one case over their first two letters: two bytes turn them away */
    if (t->end - t->start < 4 || !lexicon_a_letter(s[t->start]) ||
        !lexicon_a_letter(s[t->start + 1]) || !((s[t->start] ^ s[t->start + 1]) & 0x20)) {
        return false;
    }
    for (size_t i = t->start + 2; i < t->end; i++) {
        if (!lexicon_a_letter(s[i])) {
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
        if (lexicon_strset_has(&lx->entries, sc->key.data, sc->key.len)) {
            return 1;
        }
        if (!has_one) {
            break;
        }
    }
    return 0;
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
    out->v[out->n].cued = false;
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

    if (k > 1 && !lexicon_strset_has(&lx->heads, sc->fold.data + t->fold_off, t->fold_len)) {
        k = 1;
    }
    if (i + k > sc->ntoks) {
        k = sc->ntoks - i;
    }
    for (; k >= 1; k--) {
        if (k == 1) {
            /* one word: its folded form is the key, or that form without its accents */
            if (lexicon_strset_has(&lx->entries, sc->fold.data + t->fold_off, t->fold_len)) {
                *last = i;
                return 1;
            }
            if (lexicon_leet_word(s, t)) {
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
                if (r > 0 && lexicon_strset_has(&lx->entries, sc->key.data, sc->key.len)) {
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
        if (r == 0 && lexicon_strset_has(&lx->entries, sc->key.data, sc->key.len)) {
            *last = i + k - 1;
            return 1;
        }
    }
    return 0;
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
        if (lexicon_starts_lower(text, t) &&
            !(t->end - t->start >= 4 && text[t->start + 1] >= 'A' && text[t->start + 1] <= 'Z' &&
              lexicon_alternating_case(text, t))) {
            sc->lower[i / 64] |= (uint64_t)1 << (i % 64);
            if (lexicon_cue_ending_before(text, t->start)) {
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
        if ((flags & LEXICON_CAPITALIZED) && (flags & LEXICON_EXTEND_CAPITALIZED) &&
            (i = next_unmarked(sc, i, true)) >= sc->ntoks) {
            break;
        }
        if ((flags & LEXICON_CAPITALIZED) && (sc->lower[i / 64] >> (i % 64) & 1)) {
            const struct token *t = &sc->toks[i];
            /* a cued lower-case word (next_unmarked skipped the others) */
            if ((flags & LEXICON_EXTEND_CAPITALIZED) && lexicon_after_intro_cue(sc, text, i) &&
                (last = lexicon_lower_intro(sc, lx, text, len, i)) != SIZE_MAX) {
                push_hit(out, t->start, t->end, sc->toks[last].end);
                prev_end = last;
                i = last + 1;
                continue;
            }
            /* without `surname` (a list without everyday words) every lower-case word is
             * visited, and a listed one is a name after a word that takes a person ("call
             * jake morrison", "tell priya i said hi", "my sister fatima"), before a
             * possessive of a person's things ("olivia's new number"), or as the subject of
             * a clause with its surname ("ugh eunice welch from hr wrote me up"); the list's
             * Bloom filter turns most words away before any cue is read */
            if (!(flags & LEXICON_EXTEND_CAPITALIZED) && t->fold_len >= 3 &&
                lexicon_strset_has(&lx->entries, sc->fold.data + t->fold_off, t->fold_len)) {
                size_t inv = lexicon_inverted_surname(sc, lx, text, len, i);
                bool contact;
                if (inv != SIZE_MAX && (prev_end == SIZE_MAX || prev_end < inv) &&
                    lexicon_lower_cued_name(sc, lx, text, i, false) == i) {
                    /* "as mahlangu, aleksander": the surname before its given name */
                    push_hit(out, sc->toks[inv].start, t->end, t->end);
                    out->v[out->n - 1].cued = true;
                    prev_end = i;
                    i++;
                    continue;
                }
                contact = lexicon_after_contact_cue(sc, text, i) ||
                          lexicon_lower_possessive_owner(sc, text, i);
                size_t pair = lexicon_lower_pair(sc, lx, text, i, contact);
                size_t before = lexicon_lower_pair_before(sc, text, i);
                if (before != SIZE_MAX && (prev_end == SIZE_MAX || prev_end < before) &&
                    lexicon_lower_cued_name(sc, lx, text, i, false) == i) {
                    /* "njeri and marcus are getting married": the list knows one of them */
                    push_hit(out, sc->toks[before].start, sc->toks[before].end,
                             sc->toks[before].end);
                    out->v[out->n - 1].cued = true;
                    push_hit(out, t->start, t->end, t->end);
                    out->v[out->n - 1].cued = true;
                    prev_end = i;
                    i++;
                    continue;
                }
                if (pair != SIZE_MAX && lexicon_lower_cued_name(sc, lx, text, i, false) == i) {
                    /* "emily and jake are getting married", "invite emily and jake" */
                    push_hit(out, t->start, t->end, t->end);
                    out->v[out->n - 1].cued = true;
                    if (pair > i) {
                        push_hit(out, sc->toks[pair].start, sc->toks[pair].end, sc->toks[pair].end);
                        out->v[out->n - 1].cued = true;
                    }
                    prev_end = pair;
                    i = pair + 1;
                    continue;
                }
                if (((contact || lexicon_lower_subject_frame(sc, text, i) ||
                      lexicon_lower_question_frame(sc, text, i) ||
                      lexicon_after_relation_weak(sc, text, i)) &&
                     (last = lexicon_lower_cued_name(sc, lx, text, i, !contact)) != SIZE_MAX) ||
                    (last = lexicon_lower_field_name(sc, lx, text, len, i)) != SIZE_MAX) {
                    /* ...or with its surname after a relation word that needs one ("the
                     * husband is travis halloran"), or opening a field or a list item before a
                     * phone number or an address ("1. rohan mcallister - 73 Beech Grove") */
                    push_hit(out, t->start, t->end, sc->toks[last].end);
                    out->v[out->n - 1].cued = true;
                    prev_end = last;
                    i = last + 1;
                    continue;
                }
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
        if ((end = lexicon_form_label_end(sc, text, len, i)) != 0) {
            /* "Ad Soyad: Mehmet Demir": the label is not a name; the value is read next */
            i = end;
            continue;
        }
        end = last;
        if (flags & (LEXICON_CAPITALIZED | LEXICON_EXTEND_CAPITALIZED)) {
            end = lexicon_extend_surname(sc, text, i, last);
            if (lexicon_headed_by_place_or_title(sc, i, end)) {
                /* "River Thames", "Princess Leia": neither word is a private person's name */
                i = end + 1;
                continue;
            }
            if (end == last && (flags & LEXICON_EXTEND_CAPITALIZED) &&
                (first = lexicon_inverted_surname(sc, lx, text, len, i)) != SIZE_MAX &&
                (prev_end == SIZE_MAX || prev_end < first)) {
                /* "Kaplan, Jonas": the surname before its given name */
                push_hit(out, sc->toks[first].start, sc->toks[last].end, sc->toks[last].end);
                prev_end = last;
                i = last + 1;
                continue;
            }
            if ((end == last && (flags & LEXICON_EXTEND_CAPITALIZED)) ||
                lexicon_in_place_name(sc, text, i, end) ||
                (end == i && (lexicon_in_firm_name(sc, lx, text, i) ||
                              lexicon_acronym_in_prose(sc, text, i)))) {
                /* a first name alone is left to rules that can weigh context */
                i++;
                continue;
            }
        }
        if ((flags & LEXICON_CAPITALIZED) &&
            (lexicon_names_a_product(sc, text, i, last, end) ||
             (end == i && lexicon_lone_name_in_brand(sc, lx, text, len, i)))) {
            /* "my Ford Focus", "a Lincoln", "at Trader Joe's": a brand, not its founder */
            i = end + 1;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && end == i && lexicon_name_as_a_word(sc, text, i)) {
            /* "the Johnson family name's origin": a name asked about, not a person */
            i++;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && lexicon_invented_or_figure(sc, text, i)) {
            /* "a character named Marcus", "the composer Franz Schubert": not a private person */
            i = end + 1;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && lexicon_firm_suffix_after(sc, text, end)) {
            /* "Marvin-Morissette and Sons", "Tiffany & Co.": a firm named after its founders */
            i = end + 1;
            continue;
        }
        if ((flags & LEXICON_CAPITALIZED) && lexicon_names_a_work_or_eponym(sc, text, i, end)) {
            /* "the song Billie Jean", "storm Helene", "Murphy's law": not a person */
            i = end + 1;
            continue;
        }
        if (lexicon_names_an_animal(sc, text, i, end)) {
            /* the gazetteer is for people's names: a pet's name, surname and all, is not one */
            i = end + 1;
            continue;
        }
        first = i;
        if ((flags & LEXICON_CAPITALIZED) && !(flags & LEXICON_EXTEND_CAPITALIZED)) {
            first = lexicon_extend_given_name(sc, lx, text, i, prev_end);
        }
        push_hit(out, sc->toks[first].start, sc->toks[last].end, sc->toks[end].end);
        prev_end = end;
        i = end + 1;
    }
    return 0;
}

/*
 * Mark the words of a text read through its view that a tab of the original parts from the word
 * before: the view reads a tab as a blank, but a tab parts a table's cells ("Giulia
 * Conti\tFiat\tCC 746 SK"), never one name's words.
 */
static void
mark_cell_breaks(struct lexicon_scanner *sc, const unsigned char *text,
                 const struct norm_view *view)
{
    for (size_t i = 1; i < sc->ntoks; i++) {
        size_t s, e;
        if (sc->toks[i].start <= sc->toks[i - 1].end) {
            continue;
        }
        norm_view_span(view, sc->toks[i - 1].end, sc->toks[i].start, &s, &e);
        sc->toks[i].cell_break = e > s && memchr(text + s, '\t', e - s) != NULL;
    }
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
        if (!ascii && memchr(text, '\t', len)) {
            mark_cell_breaks(sc, text, view);
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
