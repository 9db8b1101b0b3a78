/*
 * One cluster of characters through NFKC (or NFKC_Casefold) and the view's folds: removed
 * characters, quotes, dashes, separator look-alikes, marks left over a letter, framed letters,
 * symbols and enclosed numbers (the last three judged in normalize_symbols.c, marks in
 * normalize_marks.c). emit_cluster is called by the build for every non-ASCII cluster.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include "common/banned.h"

/*
 * UAX #15 "stream-safe" bound: a cluster is cut after this many non-starters, so a run of a
 * million combining marks costs linear time instead of ICU's quadratic canonical reordering.
 */
#define MAX_NONSTARTERS 30

/*
 * Combining marks drawn over or under a character as decoration, never as a letter's accent in
 * any orthography: overline, low line and double low line, the tilde, short and long stroke
 * overlays, the short and long solidus overlays, double overline, and the combining long
 * vertical line and ring overlays. Typed on every letter ("J̲o̲h̲n̲", "パ̲ス̲ワ̲ー̲ド̲") they only
 * underline or strike the text through, on any script.
 */
bool
norm_is_overlay_mark(UChar32 c)
{
    return c == 0x0305 || (c >= 0x0332 && c <= 0x0338) || c == 0x033F || c == 0x20D2 ||
           c == 0x20D3 || c == 0x20E5 || c == 0x20E6;
}

/*
 * norm_is_removed of a non-ASCII c of general category type. Besides the format and ignorable
 * characters: the braille blank (U+2800), drawn as nothing and typed into values as an
 * invisible filler.
 */
static int
is_removed_typed(UChar32 c, int8_t type)
{
    return type == U_FORMAT_CHAR || c == 0x2800 ||
           u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* Characters that carry no visible content and are dropped from the view. */
int
norm_is_removed(UChar32 c)
{
    if (c < 0x80) {
        return 0;
    }
    return is_removed_typed(c, u_charType(c));
}

static UChar32
fold_quote(UChar32 c)
{
    switch (c) {
    case 0x2018: /* left single quotation mark */
    case 0x2019: /* right single quotation mark */
    case 0x201B: /* single high-reversed-9 quotation mark */
    case 0x2032: /* prime */
    case 0x02BC: /* modifier letter apostrophe */
        return '\'';
    case 0x201C: /* left double quotation mark */
    case 0x201D: /* right double quotation mark */
    case 0x201F: /* double high-reversed-9 quotation mark */
    case 0x2033: /* double prime */
        return '"';
    default:
        return c;
    }
}

/*
 * Separators drawn with other characters: slashes (fraction and division slash, the
 * mathematical and box-drawing diagonals), dashes that are not dash punctuation (hyphen
 * bullet, modifier minus, heavy minus sign) and colons (ratio, modifier letter colons and
 * triangular colon, two-dot punctuation, Hebrew sof pasuq). A reader sees the ASCII
 * separator in "14⁄03⁄1987", "536➖22➖1947" and "fe80∶∶1"; the ASCII character, or 0.
 */
UChar32
norm_separator_lookalike(UChar32 c)
{
    switch (c) {
    case 0x2044: /* fraction slash */
    case 0x2215: /* division slash */
    case 0x29F8: /* big solidus */
    case 0x27CB: /* mathematical rising diagonal */
    case 0x2571: /* box drawings light diagonal upper right to lower left */
    case 0x3033: /* vertical kana repeat mark upper half */
        return '/';
    case 0x2043: /* hyphen bullet */
    case 0x02D7: /* modifier letter minus sign */
    case 0x2796: /* heavy minus sign */
        return '-';
    case 0x2236: /* ratio */
    case 0x02D0: /* modifier letter triangular colon */
    case 0xA789: /* modifier letter colon */
    case 0x205A: /* two dot punctuation */
    case 0x02F8: /* modifier letter raised colon */
    case 0x05C3: /* Hebrew punctuation sof pasuq */
    case 0xA4FD: /* Lisu letter tone mya jeu */
    case 0x1804: /* Mongolian colon */
        return ':';
    default:
        return 0;
    }
}

/* What normalised code point c becomes in the view; -1 to drop it. */
static UChar32
transform(UChar32 c)
{
    int8_t type;

    if (c < 0x80) {
        return c == '\t' ? ' ' : c;
    }
    if (norm_is_removed(c)) {
        return -1;
    }
    type = u_charType(c);
    if (type == U_DECIMAL_DIGIT_NUMBER) {
        return '0' + u_charDigitValue(c);
    }
    /* a line or paragraph separator and NEL end a line, as '\n' does */
    if (type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR || c == 0x85) {
        return '\n';
    }
    if (type == U_SPACE_SEPARATOR) {
        return ' ';
    }
    if (type == U_DASH_PUNCTUATION || c == 0x2212) {
        return '-';
    }
    UChar32 sep = norm_separator_lookalike(c); /* NFKC makes U+2044 of "½" */
    return sep ? sep : fold_quote(c);
}

static void
scratch_reserve(UChar **p, int32_t *cap, int32_t need)
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

/*
 * Collect the cluster that starts with c (already decoded, not removed) at [start, next):
 * every following character NFKC could combine with it, skipping removed characters in
 * between. Fills icu->in16 and returns the cluster's original end in *end.
 */
static int
gather_cluster(struct norm_icu *icu, const UNormalizer2 *nf, const unsigned char *s, size_t len,
               UChar32 c, size_t next, int32_t *n16, size_t *end, struct err *err)
{
    size_t j = next;
    int32_t n = 0, nonstarters = 0;

    scratch_reserve(&icu->in16, &icu->in16_cap, 2);
    U16_APPEND_UNSAFE(icu->in16, n, c);
    *end = next;
    while (j < len && s[j] >= 0x80 && nonstarters < MAX_NONSTARTERS) {
        UChar32 c2;
        size_t next2;
        if (norm_decode(s, len, j, &c2, &next2, err) < 0) {
            return -1;
        }
        if (!norm_is_removed(c2)) {
            if (unorm2_hasBoundaryBefore(nf, c2)) {
                break;
            }
            scratch_reserve(&icu->in16, &icu->in16_cap, n + 2);
            U16_APPEND_UNSAFE(icu->in16, n, c2);
            *end = next2;
            nonstarters++;
        }
        j = next2;
    }
    *n16 = n;
    return 0;
}

static int
normalise_cluster(struct norm_icu *icu, const UNormalizer2 *nf, int32_t n16, int32_t *out_n,
                  struct err *err)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t m;

    struct nf_memo *memo = NULL;

    scratch_reserve(&icu->out16, &icu->out16_cap, 64);
    if (n16 == 1) {
        memo = &icu->memo[(icu->in16[0] ^ icu->in16[0] >> 6) % NF_MEMO_SLOTS];
        if (memo->nf == nf && memo->in == icu->in16[0]) {
            memcpy(icu->out16, memo->out, (size_t)memo->n * sizeof(UChar));
            *out_n = memo->n;
            return 0;
        }
    }
    m = unorm2_normalize(nf, icu->in16, n16, icu->out16, icu->out16_cap, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        scratch_reserve(&icu->out16, &icu->out16_cap, m);
        m = unorm2_normalize(nf, icu->in16, n16, icu->out16, icu->out16_cap, &status);
    }
    if (U_FAILURE(status)) {
        return norm_icu_fail(err, "unorm2_normalize", status);
    }
    if (memo && m <= NF_MEMO_OUT) {
        memo->nf = nf;
        memo->in = icu->in16[0];
        memo->n = m;
        memcpy(memo->out, icu->out16, (size_t)m * sizeof(UChar));
    }
    *out_n = m;
    return 0;
}

/* Emit the decimal digits of value (0 to 50), produced by the original bytes [start, end). */
static int
emit_number(struct norm_view *v, int value, size_t start, size_t end, struct err *err)
{
    if (value >= 10 && norm_emit(v, '0' + value / 10, start, end, err) < 0) {
        return -1;
    }
    return norm_emit(v, '0' + value % 10, start, end, err);
}

/* Normalise and emit the non-ASCII cluster starting at s[*i]; advance *i past it. */
int
norm_emit_cluster(struct norm_view *v, struct norm_icu *icu, const UNormalizer2 *nf,
                  const unsigned char *s, size_t len, size_t *i, struct err *err)
{
    UChar32 c;
    size_t next = 0, end = 0;
    int32_t n16 = 0, m = 0, k = 0;

    if (norm_decode(s, len, *i, &c, &next, err) < 0) {
        return -1;
    }
    int8_t type = c < 0x80 ? U_UNASSIGNED : u_charType(c);
    if (c >= 0x80 && is_removed_typed(c, type)) {
        v->dropped_invisible = true;
        *i = next;
        return 0;
    }
    UChar32 as_ascii = c >= 0x80 ? norm_separator_lookalike(c) : 0;
    if (!as_ascii && c >= 0x80 && (norm_is_symbol_type(type) || u_isalpha(c))) {
        as_ascii = norm_framed_letter_at(v, s, len, *i, next, c, nf == icu->nfkc_cf);
    }
    if (as_ascii) {
        /* marks after it start a cluster of their own, dropped after the ASCII character */
        size_t start = *i;
        *i = next;
        return norm_emit(v, as_ascii, start, next, err);
    }
    int number = c >= 0x80 ? norm_enclosed_number(c, type) : -1;
    if (number >= 0) {
        /* marks after it start a cluster of their own, dropped after the ASCII digit */
        size_t start = *i;
        *i = next;
        return emit_number(v, number, start, next, err);
    }
    if (c >= 0x80 && norm_is_symbol_type(type) && !norm_is_postal_mark(c) &&
        *i >= v->symbols_as_written) {
        int rc = norm_symbol_as_space(v, s, len, i, err);
        if (rc != 0) {
            return rc < 0 ? -1 : 0;
        }
    }
    if (gather_cluster(icu, nf, s, len, c, next, &n16, &end, err) < 0 ||
        normalise_cluster(icu, nf, n16, &m, err) < 0) {
        return -1;
    }
    /* Marks left after an ASCII character are the ones no precomposed character absorbed ("w"
     * + tilde, a digit with a low line, a keycap): they only disguise it, so the view drops
     * them, and the character's span grows to cover them. So does a generic mark left after
     * any letter (see norm_leftover_decoration): the cluster is decorated, not spelled. */
    size_t at = v->text.len;
    bool after_ascii = at > 0 && v->text.data[at - 1] < 0x80, dropped = false;
    bool decorated = norm_leftover_decoration(icu->out16, m);
    if (decorated) {
        /* normalised again without them: what they kept apart composes, as in the view's view */
        if (normalise_cluster(icu, nf, norm_drop_generic_marks(icu->in16, n16), &m, err) < 0) {
            return -1;
        }
    }
    while (k < m) {
        UChar32 o;
        U16_NEXT(icu->out16, k, m, o);
        if ((after_ascii && norm_is_mark(o)) || norm_is_overlay_mark(o) ||
            (decorated && norm_is_generic_mark(o))) {
            dropped = true;
            continue;
        }
        /* a letter of a word marked all through, or of a decorated cluster, reads as its ASCII
         * letter */
        UChar32 base = o >= 0x80 && u_isalpha(o) ? norm_marked_ascii_base(o) : 0;
        if (base && (decorated || norm_word_all_marked(v, s, len, *i) ||
                     norm_word_disguised(v, s, len, *i))) {
            o = base;
        }
        /* NFKC_Casefold makes small capitals of some letters ("Ʀ" is "ʀ"): read them alike */
        UChar32 framed = o >= 0x80 && o < 0x1F1E6
                             ? norm_framed_letter_in_view(v, o, nf == icu->nfkc_cf, false)
                             : 0;
        o = framed ? framed : o;
        o = transform(o);
        if (o >= 0) {
            if (norm_emit(v, o, *i, end, err) < 0) {
                return -1;
            }
            after_ascii = o < 0x80;
        }
    }
    if (dropped && v->text.len == at && at > 0) {
        v->map_end[at - 1] = end; /* the cluster was only marks: they join the character */
    }
    *i = end;
    return 0;
}
