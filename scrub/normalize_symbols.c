/*
 * Characters drawn rather than written: framed letters and small capitals read as ASCII
 * letters, a run of symbols between two words read as one space, and numbers in a circle or
 * with a full stop read as their digits. Asked by the cluster fold (normalize_clusters.c).
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/banned.h"

/*
 * Letters drawn in a frame or as small capitals: circled (Ⓙⓞⓗⓝ), parenthesised (⒥, 🄙),
 * squared (🄹), negative circled (🅙), negative squared (🅹), regional indicators (🇯) and
 * Latin small capitals (ᴊᴏʜɴ). NFKC leaves most of them alone, or reads them as "(j)", and
 * the symbols among them would otherwise read as a separator. The ASCII letter c is, or 0;
 * *caseless when the form has one case only, so it cannot tell how the letter was meant.
 */
/* U+1D00 to U+1D22: the small capitals among them (the others are turned or barred letters)
 */
static const char SMALL_CAPITALS[0x23] = {
    [0x00] = 'A', [0x04] = 'C', [0x05] = 'D', [0x07] = 'E', [0x0A] = 'J',
    [0x0B] = 'K', [0x0D] = 'M', [0x0F] = 'O', [0x18] = 'P', [0x1B] = 'T',
    [0x1C] = 'U', [0x20] = 'V', [0x21] = 'W', [0x22] = 'Z'};

static UChar32
framed_letter(UChar32 c, bool *caseless)
{
    *caseless = true;
    if (c >= 0x24B6 && c <= 0x24E9) {
        *caseless = false;
        return c <= 0x24CF ? 'A' + (c - 0x24B6) : 'a' + (c - 0x24D0);
    }
    if (c >= 0x249C && c <= 0x24B5) {
        return 'A' + (c - 0x249C);
    }
    if (c >= 0x1F110 && c <= 0x1F189) {
        int k = (int)((c - 0x1F110) % 0x20);
        return k < 26 && c != 0x1F12A && c != 0x1F12B ? 'A' + k : 0;
    }
    if (c >= 0x1F1E6 && c <= 0x1F1FF) {
        return 'A' + (c - 0x1F1E6);
    }
    if (c >= 0x1D00 && c <= 0x1D22) {
        return (UChar32)(unsigned char)SMALL_CAPITALS[c - 0x1D00];
    }
    switch (c) {
    case 0x0299:
        return 'B';
    case 0x0262:
        return 'G';
    case 0x029C:
        return 'H';
    case 0x026A:
        return 'I';
    case 0x029F:
        return 'L';
    case 0x0274:
        return 'N';
    case 0x0280:
        return 'R';
    case 0x028F:
        return 'Y';
    case 0xA730:
        return 'F';
    case 0xA731:
        return 'S';
    case 0xA7AF:
        return 'Q';
    default:
        return 0;
    }
}

/*
 * framed_letter(c), in the case it reads as where the view has got to (see norm_framed_letter_at):
 * in a word with a digit, upper case; lower case in a case-folded view.
 */
UChar32
norm_framed_letter_in_view(const struct norm_view *v, UChar32 c, bool fold, bool code)
{
    bool caseless = false;
    UChar32 r = framed_letter(c, &caseless);

    if (r && r <= 'Z' &&
        (fold || (caseless && !code && v->text.len > 0 &&
                  norm_ascii_letter(v->text.data[v->text.len - 1])))) {
        r += 'a' - 'A';
    }
    return r;
}

/* How far a word's digits are looked for either side of a framed letter. */
#define FRAMED_WORD_REACH 64

/*
 * Whether the word around a framed letter, in the view so far and in s from next on (up to
 * white space either side), holds a digit: "ɢʙ69 ʙᴀʀᴄ" is a code ("GB69"), not a name.
 */
static bool
framed_word_has_digit(const struct norm_view *v, const unsigned char *s, size_t len, size_t next)
{
    const unsigned char *t = v->text.data;

    for (size_t k = v->text.len; k > 0 && v->text.len - k < FRAMED_WORD_REACH; k--) {
        if (norm_is_space_byte(t[k - 1])) {
            break;
        }
        if (t[k - 1] >= '0' && t[k - 1] <= '9') {
            return true;
        }
    }
    for (size_t i = next; i < len && i - next < FRAMED_WORD_REACH;) {
        UChar32 c = s[i];
        int32_t k = 0, n = (int32_t)(len - i < 4 ? len - i : 4);
        if (c >= 0x80) {
            U8_NEXT(s + i, k, n, c);
        } else {
            k = 1;
        }
        if (c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
            (c >= 0x80 && u_isUWhiteSpace(c))) {
            break;
        }
        if ((c >= '0' && c <= '9') ||
            (c >= 0x80 && (u_isdigit(c) || u_charType(c) == U_OTHER_NUMBER))) {
            return true;
        }
        i += (size_t)k;
    }
    return false;
}

/* Whether a regional indicator letter is encoded at s[i] (four bytes F0 9F 87 A6-BF). */
static bool
regional_at(const unsigned char *s, size_t len, size_t i)
{
    return i + 4 <= len && s[i] == 0xF0 && s[i + 1] == 0x9F && s[i + 2] == 0x87 &&
           s[i + 3] >= 0xA6 && s[i + 3] <= 0xBF;
}

/*
 * The letter the framed letter c at s[start, next) reads as in the view, or 0. A one-case
 * form reads as upper case where a word starts and lower case after a letter, as a name or
 * a word is written ("🄼🄰🅁🄸🄰" reads "Maria", "🄲01🅇00" reads "C01X00"). Two regional
 * indicators side by side are a flag ("🇺🇸"), not letters.
 */
UChar32
norm_framed_letter_at(const struct norm_view *v, const unsigned char *s, size_t len, size_t start,
                      size_t next, UChar32 c, bool fold)
{
    if (c >= 0x1F1E6 && c <= 0x1F1FF &&
        ((start >= 4 && regional_at(s, len, start - 4)) || regional_at(s, len, next))) {
        return 0;
    }
    bool caseless = false;
    if (!framed_letter(c, &caseless)) {
        return 0;
    }
    return norm_framed_letter_in_view(v, c, fold,
                                      caseless && framed_word_has_digit(v, s, len, next));
}

/*
 * A symbol (emoji and their skin tones, stars, arrows, check marks; the bullet and the like
 * are punctuation and stay) that crowdworkers type between the groups of a value:
 * "555🔥0134", "4164⭐4542⭐0214⭐9699".
 */
bool
norm_is_symbol_type(int8_t type)
{
    return type == U_OTHER_SYMBOL || type == U_MODIFIER_SYMBOL;
}

/*
 * A postal mark (〒, 〠, 〶) labels the postcode after it ("住所は〒150-0002"), as "No." labels a
 * number: it is part of the address, never a separator, and an address pattern needs it.
 */
bool
norm_is_postal_mark(UChar32 c)
{
    return c == 0x3012 || c == 0x3020 || c == 0x3036;
}

static bool
is_symbol_separator(UChar32 c)
{
    /* ASCII "^" and "`" stay */
    return c >= 0x80 && norm_is_symbol_type(u_charType(c)) && !norm_is_postal_mark(c);
}

/*
 * Whether the symbol c at s[i, next) reads as an ASCII letter or separator (a framed letter, a
 * look-alike separator), which a run of symbols does not take in.
 */
static bool
reads_as_ascii(const unsigned char *s, size_t len, size_t i, size_t next, UChar32 c)
{
    bool caseless = false;

    if (norm_separator_lookalike(c)) {
        return true;
    }
    if (c >= 0x1F1E6 && c <= 0x1F1FF) {
        return !((i >= 4 && regional_at(s, len, i - 4)) || regional_at(s, len, next));
    }
    return framed_letter(c, &caseless) != 0;
}

/*
 * The end of the run of symbols (and removed characters, such as the variation selectors
 * and joiners of emoji sequences) starting at s[i], and in *after the character after it
 * (-1 at the end of the text).
 */
static int
symbol_run_end(const unsigned char *s, size_t len, size_t i, size_t *end, UChar32 *after,
               struct err *err)
{
    *after = -1;
    while (i < len) {
        UChar32 c;
        size_t next;
        if (norm_decode(s, len, i, &c, &next, err) < 0) {
            return -1;
        }
        if (c < 0x80 || !(norm_is_removed(c) || is_symbol_separator(c)) ||
            reads_as_ascii(s, len, i, next, c)) {
            *after = c;
            break;
        }
        i = next;
    }
    *end = i;
    return 0;
}

/* Whether a character reads as white space in the view. */
static bool
is_space_char(UChar32 c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c >= 0x80 && u_isUWhiteSpace(c));
}

/*
 * A run of symbols between two characters that are not spaces reads as one space, as the
 * separator it stands for: "688🔥77🔥3305" is read as "688 77 3305". Between two single
 * spaces it reads as nothing, with the space after it: "218 📞 463" is read as "218 463",
 * and so it does right before or after an '@' ("jane😀@mail.com" is read as
 * "jane@mail.com"). Anywhere else (beside more space, or at either end) a symbol is read as
 * itself. True when the run at s[*i] was emitted as a space or joined the space before it.
 */
int
norm_symbol_as_space(struct norm_view *v, const unsigned char *s, size_t len, size_t *i,
                     struct err *err)
{
    size_t at = v->text.len, end = 0;
    UChar32 after;

    if (symbol_run_end(s, len, *i, &end, &after, err) < 0) {
        return -1;
    }
    v->symbols_as_written = end; /* unless one of the cases below reads the run otherwise */
    if (at == 0 || after < 0) {
        return 0;
    }
    if (norm_is_view_space(v->text.data[at - 1])) {
        /* a space of one line (' ', a tab, a Unicode space: what the view reads as ' ') */
        UChar32 beyond = -1;
        size_t past = end, next;
        if (after != '\n' && after != '\r' && is_space_char(after)) {
            if (norm_decode(s, len, end, &after, &past, err) < 0) {
                return -1;
            }
            /* the character after the space as the view of the view will see it: past the
             * characters the view removes ("😒\t\u202cA" reads as "😒 A" would) */
            for (next = past; next < len && (beyond < 0 || norm_is_removed(beyond));) {
                if (norm_decode(s, len, next, &beyond, &next, err) < 0) {
                    return -1;
                }
            }
        }
        if (v->text.data[at - 1] != ' ' || at < 2 || norm_is_view_space(v->text.data[at - 2]) ||
            past == end || beyond < 0 || is_space_char(beyond) || norm_is_removed(beyond)) {
            return 0;
        }
        v->map_end[at - 1] = past; /* the space before covers the symbols and the one after */
        *i = past;
        return 1;
    }
    if ((after == '@' || v->text.data[at - 1] == '@') &&
        !(at >= 2 && v->text.data[at - 2] == ' ')) {
        /* beside the '@' of an address a symbol separates nothing: "jane😀@mail.com"; in an
         * address typed one character at a time ("e🔥@🔥m") it separates them as elsewhere */
        v->map_end[at - 1] = end;
        *i = end;
        return 1;
    }
    if (is_space_char(after)) {
        return 0;
    }
    if (norm_emit(v, ' ', *i, end, err) < 0) {
        return -1;
    }
    *i = end;
    return 1;
}

/*
 * A digit or number in a circle, in parentheses or with a full stop ("⑸", "⒈", "❶", "⓵"),
 * as typed one per digit to spell a value: "⑸⑼⑵" is "592". NFKC reads some of these as
 * "(5)" or "5." and leaves the dingbat and double-circled ones alone, which breaks the number
 * either way; the view reads each as its value's digits. Its value, or -1.
 */
int
norm_enclosed_number(UChar32 c, int8_t type)
{
    double value;

    if (type != U_OTHER_NUMBER || !((c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793) ||
                                    (c >= 0x1F100 && c <= 0x1F10C))) {
        return -1;
    }
    value = u_getNumericValue(c);
    return value >= 0 && value <= 50 && value == (double)(int)value ? (int)value : -1;
}
