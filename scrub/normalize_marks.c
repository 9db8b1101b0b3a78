/*
 * Combining marks as decoration: the generic marks (overlines, strokes, Zalgo) that disguise a
 * letter rather than accent it, the ASCII letter a marked letter stands for, and whether the
 * word or token around a character carries a mark on every letter. Asked by the cluster fold
 * (normalize_clusters.c), which drops such marks.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "common/banned.h"

/* The ASCII letter c decomposes to with combining marks only ("á" -> 'a'), or 0. */
UChar32
norm_marked_ascii_base(UChar32 c)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    UChar d[8];
    int32_t n, k = 0;
    UChar32 base, m;

    if (c < 0x80 || U_FAILURE(status)) {
        return 0;
    }
    n = unorm2_getDecomposition(nfd, c, d, 8, &status);
    if (U_FAILURE(status) || n < 2) {
        return 0;
    }
    U16_NEXT(d, k, n, base);
    if (!((base >= 'a' && base <= 'z') || (base >= 'A' && base <= 'Z'))) {
        return 0;
    }
    while (k < n) {
        U16_NEXT(d, k, n, m);
        if (!norm_is_mark(m)) {
            return 0;
        }
    }
    return base;
}

/*
 * The ASCII letter a Latin letter with marks stands for ("ẹ" -> 'e'), or 0: only letters of the
 * Latin blocks (Latin-1, Extended-A and B, Extended Additional) are asked, so a text in another
 * script does not pay for a decomposition per letter.
 */
UChar32
norm_marked_latin_base(UChar32 c)
{
    return (c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF) ? norm_marked_ascii_base(c)
                                                                     : 0;
}

/*
 * Combining marks of the generic blocks (Combining Diacritical Marks and their Extended and
 * Supplement blocks, the marks for symbols, the half marks): written over any script, not
 * part of one script's spelling the way Hebrew points, Arabic harakat or Indic vowel signs
 * are.
 */
bool
norm_is_generic_mark(UChar32 c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F);
}

/*
 * Whether the NFKC form of a cluster, out[0, n), keeps a generic mark after a letter that is
 * not ASCII: a mark no precomposed letter absorbed ("é" + diaeresis + acute from Zalgo text,
 * Cyrillic "д" + a half tilde, the "ž" of "ǅ" + horn). Spelling in any language composes or
 * carries its own script's marks, so such a cluster is decoration: the view drops its generic
 * marks and reads a letter that is an ASCII letter with marks as that letter.
 */
bool
norm_leftover_decoration(const UChar *out, int32_t n)
{
    int32_t k = 0;
    bool after_letter = false; /* the last character that is not a mark is such a letter */

    while (k < n) {
        UChar32 c;
        U16_NEXT(out, k, n, c);
        if (norm_is_generic_mark(c)) {
            if (after_letter) {
                return true;
            }
        } else if (!norm_is_mark(c)) {
            after_letter = c >= 0x80 && u_isalpha(c);
        }
    }
    return false;
}

/* Remove the generic marks from in[0, n) (all in the BMP); the new length. */
int32_t
norm_drop_generic_marks(UChar *in, int32_t n)
{
    int32_t w = 0;

    for (int32_t k = 0; k < n; k++) {
        if (!norm_is_generic_mark(in[k])) {
            in[w++] = in[k];
        }
    }
    return w;
}

#define MARKED_WORD_MAX 64 /* characters of a word read so: names and handles are shorter */

/* The start of the run of characters that in takes which ends just before s[i]. */
static size_t
run_start(const unsigned char *s, size_t i, bool (*in)(UChar32))
{
    while (i > 0) {
        int32_t k = (int32_t)i;
        UChar32 c;
        U8_PREV(s, 0, k, c);
        if (!in(c)) {
            break;
        }
        i = (size_t)k;
    }
    return i;
}

/* The character at s[j] (j < len; a negative value for an invalid byte); *next is past it. */
static UChar32
next_char(const unsigned char *s, size_t len, size_t j, size_t *next)
{
    int32_t k = 0, m = (int32_t)(len - j < 4 ? len - j : 4);
    UChar32 c;

    U8_NEXT(s + j, k, m, c);
    *next = j + (size_t)k;
    return c;
}

/* Whether c belongs to a word as norm_word_all_marked reads one. */
static bool
in_marked_word(UChar32 c)
{
    return c >= 0 && (u_isalpha(c) || norm_is_mark(c) || norm_is_removed(c));
}

/*
 * Whether the word around s[i] carries a mark on every letter ("d́áŕḱ", "Ĵőĥñ"): a disguise,
 * since no language writes a mark on each letter of a word, so the view reads its letters
 * without them. Three to MARKED_WORD_MAX letters, each an ASCII letter followed by a mark
 * or a letter that decomposes to one; anything else in the word (a bare letter, another
 * script) says no. Each word is judged once (v caches it), so a long word costs two passes,
 * not one a letter.
 */
bool
norm_word_all_marked(struct norm_view *v, const unsigned char *s, size_t len, size_t i)
{
    size_t start, j;
    int32_t letters = 0, chars = 0;
    bool pending = false, ok = true; /* pending: the last letter still wants its mark */

    if (i >= v->marked_lo && i < v->marked_hi) {
        return v->marked;
    }
    start = run_start(s, i, in_marked_word);
    for (j = start; j < len;) {
        size_t next;
        UChar32 c = next_char(s, len, j, &next);
        if (!in_marked_word(c)) {
            break;
        }
        chars++;
        if (norm_is_mark(c)) {
            pending = false;
        } else if (u_isalpha(c)) {
            UChar32 base = norm_marked_ascii_base(c);
            bool ascii = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            ok &= !pending && (base || ascii); /* not another script, nor a bare letter */
            letters++;
            pending = !base;
        }
        j = next;
    }
    v->marked_lo = start;
    v->marked_hi = j > start ? j : start + 1;
    v->marked = ok && !pending && letters >= 3 && chars <= 2 * MARKED_WORD_MAX;
    return v->marked;
}

/* Whether c belongs to a token as norm_word_disguised reads one: a word, a key or a handle. */
static bool
in_disguised_token(UChar32 c)
{
    return in_marked_word(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Whether the token around s[i] (letters, marks, digits, '_' and '-') is disguised: it carries an
 * overlay or enclosing mark (a stroke through a letter, a low line, a circle around it), which no
 * language spells with, and its letters are ASCII letters, bare or with marks. Its marked letters
 * then read as their ASCII letters, as in a word marked all through: "ÀKI̵AZ⃝VQLẸEH̀T̵" is an
 * AKIA key, "Sa̲ntin̲o̲_Ḳuhl̲ṃa⃝n̲8̵3" a user name. A token of another script, or one with accents
 * alone ("Müller2"), is read as written.
 */
bool
norm_word_disguised(struct norm_view *v, const unsigned char *s, size_t len, size_t i)
{
    size_t start, j;
    int32_t letters = 0, chars = 0;
    bool ok = true, overlay = false;

    if (i >= v->disguised_lo && i < v->disguised_hi) {
        return v->disguised;
    }
    start = run_start(s, i, in_disguised_token);
    for (j = start; j < len;) {
        size_t next;
        UChar32 c = next_char(s, len, j, &next);
        if (!in_disguised_token(c)) {
            break;
        }
        chars++;
        if (norm_is_mark(c)) {
            overlay |= norm_is_overlay_mark(c) || u_charType(c) == U_ENCLOSING_MARK;
        } else if (u_isalpha(c)) {
            ok &=
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || norm_marked_ascii_base(c) != 0;
            letters++;
        }
        j = next;
    }
    v->disguised_lo = start;
    v->disguised_hi = j > start ? j : start + 1;
    v->disguised = ok && overlay && letters >= 3 && chars <= 2 * MARKED_WORD_MAX;
    return v->disguised;
}
