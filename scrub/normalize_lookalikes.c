/*
 * NORM_CONFUSABLES, the last pass of a view's build before the passes over ASCII: look-alike
 * letters of another script ("jоhn@gmаil.com" with Cyrillic "о" and "а") folded to the ASCII
 * letter or digit they copy, in mixed-script tokens and by how the token's neighbours vote.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "common/banned.h"

/* confusable cache cell values for the BMP; any other value is the ASCII replacement */
#define CONF_UNKNOWN 0
#define CONF_NONE    1

/* The single ASCII letter or digit a non-ASCII letter is confusable with, or 0. */
static UChar32
confusable_ascii(struct norm_icu *icu, UChar32 c)
{
    UChar src[2], skel[8];
    int32_t n = 0, m;
    UErrorCode status = U_ZERO_ERROR;
    UChar32 r = 0;

    if (c < 0x10000 && icu->conf_bmp[c] != CONF_UNKNOWN) {
        return icu->conf_bmp[c] == CONF_NONE ? 0 : icu->conf_bmp[c];
    }
    U16_APPEND_UNSAFE(src, n, c);
    m = uspoof_getSkeleton(icu->spoof, 0, src, n, skel, 8, &status);
    if (U_SUCCESS(status) && m == 1 && skel[0] < 0x80 && u_isalnum(skel[0])) {
        r = skel[0];
        /* the skeleton's prototype for I/l/1 is 'l'; an upper-case look-alike reads as 'I' */
        if (r == 'l' && u_isupper(c)) {
            r = 'I';
        }
    }
    if (c < 0x10000) {
        icu->conf_bmp[c] = r ? (unsigned char)r : CONF_NONE;
    }
    return r;
}

/*
 * Whether a combining mark follows at t[i]: a look-alike carrying a mark is left alone,
 * since its ASCII replacement would compose with the mark ("у" + grave -> "ỳ") on a second
 * pass.
 */
static bool
before_mark(const unsigned char *t, size_t n, size_t i)
{
    UChar32 c;
    int32_t k = 0;
    int32_t m = (int32_t)(n - i < 4 ? n - i : 4);

    if (i >= n || t[i] < 0x80) {
        return false;
    }
    U8_NEXT(t + i, k, m, c);
    return c >= 0 && (u_getCombiningClass(c) != 0 || norm_is_mark(c));
}

/* Move the view's character [from, next) to offset to (to <= from), with its map entries.
 */
static void
move_char(struct norm_view *v, size_t to, size_t from, size_t next)
{
    memmove(v->text.data + to, v->text.data + from, next - from);
    memmove(v->map + to, v->map + from, (next - from) * sizeof(*v->map));
    memmove(v->map_end + to, v->map_end + from, (next - from) * sizeof(*v->map_end));
}

/*
 * How a token's letters vote on folding: Latin letters (ASCII or not) for it, letters of
 * another script that have no ASCII look-alike against it; look-alikes (Cyrillic "а", Greek
 * "ο") are what would be folded and do not vote.
 */
struct script_vote {
    size_t latin, other;
};

static void
vote_letter(struct norm_icu *icu, UChar32 c, struct script_vote *vote)
{
    UErrorCode status = U_ZERO_ERROR;

    if (c < 0x80) {
        vote->latin += norm_ascii_letter((unsigned char)c);
    } else if (u_isalpha(c)) {
        if (uscript_getScript(c, &status) == USCRIPT_LATIN) {
            vote->latin++;
        } else if (!confusable_ascii(icu, c)) {
            vote->other++;
        }
    }
}

/* The votes of the letters in t[from, to) (whole UTF-8 characters). */
static struct script_vote
count_votes(struct norm_icu *icu, const unsigned char *t, size_t from, size_t to)
{
    struct script_vote vote = {0, 0};

    for (size_t i = from; i < to;) {
        UChar32 c;
        int32_t k = 0;
        int32_t m = (int32_t)(to - i < 4 ? to - i : 4);
        U8_NEXT(t + i, k, m, c);
        vote_letter(icu, c, &vote);
        i += (size_t)k;
    }
    return vote;
}

/* The end of the run of letters and marks starting at t[i], or of the non-letters there. */
static size_t
letter_run_end(const unsigned char *t, size_t to, size_t i)
{
    bool letters = false;

    for (size_t at = i; at < to;) {
        UChar32 c;
        int32_t k = 0;
        int32_t m = (int32_t)(to - at < 4 ? to - at : 4);
        U8_NEXT(t + at, k, m, c);
        bool letter = c >= 0 && (u_isalpha(c) || norm_is_mark(c));
        if (at == i) {
            letters = letter;
        } else if (letter != letters) {
            return at;
        }
        at += (size_t)k;
    }
    return to;
}

/* How many ASCII digits t[from, to) holds. */
static size_t
ascii_digits(const unsigned char *t, size_t from, size_t to)
{
    size_t k = 0;

    for (size_t i = from; i < to; i++) {
        k += t[i] >= '0' && t[i] <= '9';
    }
    return k;
}

/* Whether t[i] is a digit or a separator of a number (see norm_number_mark), or the token's edge.
 */
static bool
number_edge(const unsigned char *t, size_t lo, size_t hi, size_t i)
{
    return i < lo || i >= hi || (t[i] >= '0' && t[i] <= '9') || norm_number_mark(t[i]);
}

/*
 * Whether the run of letters t[i, run_end) of the token t[lo, hi) is typed for digits inside a
 * number ("ЗО/12/1968", "62.21О.18.4О" with Cyrillic letters): at most three letters, each a
 * look-alike of a digit or of O, o, l, I (which the letters-for-digits step reads as digits),
 * between digits or separators, in a token of four digits at least (the caller's test). Such
 * a token holds no ASCII letter, so the script vote does not decide it.
 */
static bool
digit_lookalike_run(struct norm_icu *icu, const unsigned char *t, size_t lo, size_t hi, size_t i,
                    size_t run_end)
{
    size_t letters = 0;

    /* i == lo: i - 1 wraps to SIZE_MAX, the token's edge */
    if (!number_edge(t, lo, hi, i - 1) || !number_edge(t, lo, hi, run_end)) {
        return false;
    }
    for (size_t at = i; at < run_end; letters++) {
        UChar32 c, a;
        int32_t k = 0;
        int32_t m = (int32_t)(run_end - at < 4 ? run_end - at : 4);
        U8_NEXT(t + at, k, m, c);
        a = c >= 0x80 ? confusable_ascii(icu, c) : 0;
        if (letters == 3 || !a ||
            !((a >= '0' && a <= '9') || norm_digit_letter((unsigned char)a))) {
            return false;
        }
        at += (size_t)k;
    }
    return true;
}

/*
 * A token without ASCII letters or digits whose letters (two at least) are all look-alikes of
 * ASCII letters from scripts other than Latin: "ЅЅΝ" (Cyrillic Ѕ, Greek Ν), "ѕос" (Cyrillic).
 * *mixed tells whether they come from two scripts or more.
 */
static bool
lookalike_token(struct norm_icu *icu, const unsigned char *t, size_t from, size_t to, bool *mixed)
{
    UScriptCode first = USCRIPT_INVALID_CODE;
    size_t letters = 0;

    *mixed = false;
    for (size_t i = from; i < to;) {
        UChar32 c;
        int32_t k = 0;
        int32_t m = (int32_t)(to - i < 4 ? to - i : 4);
        U8_NEXT(t + i, k, m, c);
        i += (size_t)k;
        if (c >= '0' && c <= '9') {
            return false;
        }
        if (c < 0x80 || !u_isalpha(c)) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(c, &status);
        if (script == USCRIPT_LATIN || !confusable_ascii(icu, c)) {
            return false;
        }
        *mixed = *mixed || (letters && script != first);
        first = letters++ ? first : script;
    }
    return letters >= 2;
}

/*
 * Whether t[from, to) is an identifier's prefix of one to three look-alike capitals of another
 * script and then four digits or more, with '-' between groups ("К4829104", "РТ-448812").
 */
static bool
lookalike_prefix(struct norm_icu *icu, const unsigned char *t, size_t from, size_t to)
{
    size_t letters = 0, digits = 0;

    for (size_t i = from; i < to;) {
        UChar32 c;
        int32_t k = 0;
        int32_t m = (int32_t)(to - i < 4 ? to - i : 4);
        U8_NEXT(t + i, k, m, c);
        i += (size_t)k;
        if (c >= '0' && c <= '9') {
            digits++;
        } else if (c == '-' && digits + letters > 0) {
            continue;
        } else if (digits == 0 && letters < 3 && c >= 0x80 && u_isupper(c) &&
                   confusable_ascii(icu, c)) {
            UErrorCode status = U_ZERO_ERROR;
            if (uscript_getScript(c, &status) == USCRIPT_LATIN) {
                return false;
            }
            letters++;
        } else {
            return false;
        }
    }
    return letters > 0 && digits >= 4;
}

/* How far lookalike_neighbour reads for a word, so the pass stays linear. */
#define NEIGHBOUR_BYTES 64

/*
 * The script of the nearest token with letters before t[at] (back) or from t[at] on, on the same
 * line and within NEIGHBOUR_BYTES: 1 when its Latin letters win the vote or it is a word of
 * look-alikes of two scripts (it folds), -1 when letters without an ASCII look-alike win, 0 for
 * none. Other tokens of look-alikes alone are passed over.
 */
static int
lookalike_neighbour(struct norm_icu *icu, const unsigned char *t, size_t n, size_t at, bool back)
{
    size_t i = at, read = 0;

    while (read < NEIGHBOUR_BYTES) {
        size_t s, e;
        if (back) {
            while (i > 0 && t[i - 1] == ' ' && read < NEIGHBOUR_BYTES) {
                i--;
                read++;
            }
            if (i == 0 || norm_is_view_space(t[i - 1])) {
                return 0;
            }
            e = i;
            while (i > 0 && !norm_is_view_space(t[i - 1]) && e - i <= NEIGHBOUR_BYTES) {
                i--;
            }
            s = i;
        } else {
            while (i < n && t[i] == ' ' && read < NEIGHBOUR_BYTES) {
                i++;
                read++;
            }
            if (i == n || norm_is_view_space(t[i])) {
                return 0;
            }
            s = i;
            while (i < n && !norm_is_view_space(t[i]) && i - s <= NEIGHBOUR_BYTES) {
                i++;
            }
            e = i;
        }
        if (e - s > NEIGHBOUR_BYTES) {
            return 0;
        }
        read += e - s;
        struct script_vote vote = count_votes(icu, t, s, e);
        bool mixed = false;
        if (vote.latin != vote.other) {
            return vote.latin > vote.other ? 1 : -1;
        }
        if (lookalike_token(icu, t, s, e, &mixed) && mixed) {
            return 1; /* folds whatever is beside it, so it reads Latin from either side */
        }
    }
    return 0;
}

/*
 * NORM_CONFUSABLES, as a pass over the finished view: in every white-space-delimited token
 * that holds an ASCII letter (a mixed-script token such as "jоhn@gmаil.com", judged after
 * NFKC so full-width and mathematical letters count), replace each non-ASCII letter whose
 * confusable skeleton is one ASCII letter or digit by it. Tokens wholly in Cyrillic or
 * Greek stay readable, and so does a word of another script inside a token: each run of
 * letters is folded when its Latin letters outnumber its letters that have no ASCII
 * look-alike ("gmаil", "раураl"), and a run of look-alikes alone follows the token's vote
 * ("соm" in "jоhn@gmаil.соm"), so "ID-картка" and "PDF-файл" keep their Cyrillic words for
 * the rules that look for them. A replacement is never longer than the letter it replaces,
 * so the pass works in place; the ASCII byte inherits the letter's cluster span. Judging on
 * the view makes the view idempotent.
 */
void
norm_fold_confusables(struct norm_view *v, struct norm_icu *icu, unsigned flags)
{
    const unsigned char *t = v->text.data;
    size_t n = v->text.len, r = 0, w = 0;

    while (r < n) {
        /* The tokens before the one that holds the next non-ASCII byte have nothing to fold:
         * they move as one piece, or stay where they are while nothing before them shrank. */
        size_t skip = norm_first_non_ascii(t, r, n);
        while (skip < n && skip > r && !norm_is_view_space(t[skip - 1])) {
            skip--;
        }
        if (skip > r) {
            if (w != r) {
                move_char(v, w, r, skip);
            }
            w += skip - r;
            r = skip;
            continue;
        }
        size_t b = r, i;
        bool letter = false, non_ascii = false;
        while (b < n && !norm_is_view_space(t[b])) {
            letter = letter || ((t[b] | 0x20) >= 'a' && (t[b] | 0x20) <= 'z');
            non_ascii = non_ascii || t[b] >= 0x80;
            b++;
        }
        if (b == r) {
            b = r + 1; /* a space: copied as it is */
        }
        /* a word of look-alikes alone folds when it mixes scripts, which no language spells
         * that way, or sits among Latin words with none of another script beside it ("my
         * ЅЅΝ:", "| ѕос ѕес nо |"); a Russian "сор" among Russian words stays */
        bool mixed = false,
             lookalikes = !letter && non_ascii && lookalike_token(icu, t, r, b, &mixed);
        /* and so does an identifier's prefix of look-alikes among Latin words ("К4829104") */
        if (!lookalikes && !letter && non_ascii && lookalike_prefix(icu, t, r, b)) {
            lookalikes = true;
        }
        if (lookalikes && !mixed) {
            int before = lookalike_neighbour(icu, t, w, w, true);
            int after = lookalike_neighbour(icu, t, n, b, false);
            lookalikes = before >= 0 && after >= 0 && before + after > 0;
        }
        if (!non_ascii ||
            (!letter && !lookalikes &&
             (b - r < 2 * LETTER_DIGITS_MIN || ascii_digits(t, r, b) < LETTER_DIGITS_MIN))) {
            /* nothing to replace: the token moves as a whole, if anything before it shrank
             */
            if (w != r) {
                move_char(v, w, r, b);
            }
            w += b - r;
            r = b;
            continue;
        }
        struct script_vote token = count_votes(icu, t, r, b);
        bool token_folds = token.latin > token.other;
        for (i = r; i < b;) {
            size_t run_end = letter_run_end(t, b, i);
            struct script_vote run = count_votes(icu, t, i, run_end);
            bool fold =
                lookalikes ||
                (letter ? run.latin > run.other || (run.latin == 0 && run.other == 0 && token_folds)
                        : digit_lookalike_run(icu, t, r, b, i, run_end));
            for (; i < run_end;) {
                UChar32 c, a = 0;
                int32_t k = 0;
                int32_t m = (int32_t)(run_end - i < 4 ? run_end - i : 4);
                U8_NEXT(t + i, k, m, c);
                if (fold && c >= 0x80 && u_isalpha(c) && !before_mark(t, b, i + (size_t)k)) {
                    a = confusable_ascii(icu, c);
                }
                if (a) {
                    norm_view_put(v, w++, i, i + (size_t)k,
                                  (unsigned char)((flags & NORM_CASEFOLD) ? u_tolower(a) : a));
                } else {
                    if (w != i) {
                        move_char(v, w, i, i + (size_t)k);
                    }
                    w += (size_t)k;
                }
                i += (size_t)k;
            }
        }
        r = b;
    }
    v->text.len = w;
    v->text.data[w] = '\0';
}
