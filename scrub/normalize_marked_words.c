/*
 * A pass over the view: digit words with marks on some of their letters, in a number read out,
 * read without the marks ("ṣeven onẹ sìx six five thrée", "fouṛ nine ẹight zero", "twò dạsh
 * nine"), so the rules for numbers read out see "seven one six six five three". The cluster
 * fold reads a word as ASCII only when a mark sits on every letter of it or an overlay mark on
 * one (normalize_marks.c); a word with one bare letter stays as written, since that is how
 * languages spell ("José", "Müller"). A digit word marked so is no spelling: no language writes
 * "sìx" or "ẹight" among other digit words.
 *
 * A run is MARKED_RUN_DIGITS_MIN or more tokens that each read as digits (one to four ASCII
 * digits, or a digit word of digit_words.c, as written or with its marks dropped), or as a
 * separator said as a word ("dash", "hyphen", "slash"), one to three of " ,.-/" between each
 * two; each token stands alone, not glued to a letter or digit. In a run, every token that is a
 * digit or separator word only once its marks go reads so: each marked letter becomes its ASCII
 * letter ("ẹ" reads 'e', one byte for the letter's two), and its span covers the letter. A word
 * that is a digit word as written ("zéro", "três", "fünf", "один") stays. The scan reads each
 * token at most twice, so it stays linear.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "scrub/digit_words_internal.h"

#include "common/banned.h"

/* Digit tokens a run needs: fewer is no number. */
#define MARKED_RUN_DIGITS_MIN 3
/* The longest word read, in folded bytes ("kahdeksan", "trattino"). */
#define MARKED_WORD_MAX 16
/* The most bytes between two tokens of a run. */
#define MARKED_GAP_MAX 3

enum marked_token {
    TOKEN_NONE,       /* anything else: ends a run */
    TOKEN_DIGIT,      /* reads as digits as written */
    TOKEN_SEP,        /* a separator word as written */
    TOKEN_MARKED,     /* a digit word once its marks go */
    TOKEN_MARKED_SEP, /* a separator word once its marks go */
};

static bool
gap_byte(unsigned char c)
{
    return c == ' ' || c == ',' || c == '.' || c == '-' || c == '/';
}

/* Whether a token may start or end beside the byte c: no letter, digit or part of a handle. */
static bool
token_edge(unsigned char c)
{
    return c < 0x80 && !norm_ascii_alnum(c) && c != '_' && c != '@';
}

/* A mark said as a word between the groups of a number read out (as the validators read it). */
static bool
separator_word(const char *w, size_t m)
{
    static const char *const words[] = {"dash", "hyphen", "slash"};

    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        size_t x = 0;
        while (x < m && strlen(words[k]) == m && (w[x] | 0x20) == words[k][x]) {
            x++;
        }
        if (m > 0 && x == m) {
            return true;
        }
    }
    return false;
}

/*
 * The token at t[i] (a token's start): its kind, and its end in *end (past the letters or
 * digits read, also for TOKEN_NONE, so a caller skips them).
 */
static enum marked_token
read_token_at(const unsigned char *t, size_t n, size_t i, size_t *end)
{
    char fold[MARKED_WORD_MAX];
    size_t k = i, m = 0;
    bool marked = false, other = false;

    if (norm_ascii_digit(t[i])) {
        while (k < n && norm_ascii_digit(t[k])) {
            k++;
        }
        *end = k;
        return k - i <= 4 && (k == n || token_edge(t[k])) ? TOKEN_DIGIT : TOKEN_NONE;
    }
    while (k < n) {
        if (norm_ascii_letter(t[k])) {
            if (m < MARKED_WORD_MAX) {
                fold[m] = (char)t[k];
            }
            m++;
            k++;
            continue;
        }
        if (t[k] < 0x80) {
            break;
        }
        UChar32 c;
        int32_t at = (int32_t)k;
        U8_NEXT(t, at, (int32_t)n, c);
        if (c < 0 || !u_isalpha(c)) {
            break;
        }
        UChar32 base = norm_marked_ascii_base(c);
        if (m < MARKED_WORD_MAX) {
            fold[m] = (char)base;
        }
        other |= base == 0;
        marked = true;
        m++;
        k = (size_t)at;
    }
    *end = k;
    if (k == i || (k < n && !token_edge(t[k]))) {
        return TOKEN_NONE;
    }
    if (digit_word(t + i, k - i)) {
        return TOKEN_DIGIT;
    }
    if (!marked) {
        return separator_word((const char *)t + i, k - i) ? TOKEN_SEP : TOKEN_NONE;
    }
    if (other || m > MARKED_WORD_MAX) {
        return TOKEN_NONE;
    }
    if (digit_word((const unsigned char *)fold, m)) {
        return TOKEN_MARKED;
    }
    return separator_word(fold, m) ? TOKEN_MARKED_SEP : TOKEN_NONE;
}

/* read_token_at, counting the bytes it reads in *work (for norm_marked_words_work). */
static enum marked_token
read_token(const unsigned char *t, size_t n, size_t i, size_t *end, size_t *work)
{
    enum marked_token kind = read_token_at(t, n, i, end);

    *work += *end - i + 1;
    return kind;
}

/* The start of the next token after the token ending at t[k], or n when the run ends there. */
static size_t
next_token(const unsigned char *t, size_t n, size_t k)
{
    size_t g = 0;

    while (k + g < n && g <= MARKED_GAP_MAX && gap_byte(t[k + g])) {
        g++;
    }
    return g == 0 || g > MARKED_GAP_MAX || k + g == n ? n : k + g;
}

/*
 * The first run from t[from] on that has a marked word to read: its start, and its end in *end;
 * n when there is none. *end is set only when a run is found.
 */
static size_t
next_marked_run(const unsigned char *t, size_t n, size_t from, size_t *end, size_t *work)
{
    for (size_t i = from; i < n;) {
        ++*work;
        if (!(norm_ascii_alnum(t[i]) || t[i] >= 0xC0) || (i > 0 && !token_edge(t[i - 1]))) {
            i++;
            continue;
        }
        size_t digits = 0, marked = 0, last = i, k = i, e;
        enum marked_token kind;
        while ((kind = read_token(t, n, k, &e, work)) != TOKEN_NONE) {
            marked += kind == TOKEN_MARKED || kind == TOKEN_MARKED_SEP;
            digits += kind == TOKEN_DIGIT || kind == TOKEN_MARKED;
            last = e;
            if ((k = next_token(t, n, e)) == n) {
                break;
            }
        }
        if (digits >= MARKED_RUN_DIGITS_MIN && marked > 0) {
            *end = last;
            return i;
        }
        /* a run from a later token of this one has fewer tokens: skip them all */
        i = last > i ? last : (e > i ? e : i + 1);
    }
    return n;
}

/*
 * Whether t holds a marked digit or separator word: most views hold none (their non-ASCII is a
 * curly quote or another script), so only a marked Latin letter has its word read, and the
 * runs are looked for when one is there.
 */
static bool
has_marked_word(const unsigned char *t, size_t n)
{
    for (size_t i = norm_first_non_ascii(t, 0, n); i < n; i = norm_first_non_ascii(t, i, n)) {
        UChar32 c;
        int32_t at = (int32_t)i;
        U8_NEXT(t, at, (int32_t)n, c);
        if (c < 0 || !norm_marked_latin_base(c)) {
            i = (size_t)at;
            continue;
        }
        /* back to the word's start (a word longer than a digit word's folded letters is none) */
        size_t k = i, e;
        while (k > 0 && i - k <= 4 * MARKED_WORD_MAX && !token_edge(t[k - 1])) {
            k--;
        }
        enum marked_token kind =
            k == 0 || token_edge(t[k - 1]) ? read_token_at(t, n, k, &e) : TOKEN_NONE;
        if (kind == TOKEN_MARKED || kind == TOKEN_MARKED_SEP) {
            return true;
        }
        /* past this word: its other letters need not be read again */
        while (at < (int32_t)n && !token_edge(t[at])) {
            at++;
        }
        i = (size_t)at;
    }
    return false;
}

bool
norm_has_marked_number_words(const unsigned char *t, size_t n)
{
    size_t end, work = 0;

    return has_marked_word(t, n) && next_marked_run(t, n, 0, &end, &work) < n;
}

size_t
norm_marked_words_work(const unsigned char *s, size_t len)
{
    size_t end, work = 0;

    for (size_t i = 0; i < len && (i = next_marked_run(s, len, i, &end, &work)) < len;) {
        i = end;
    }
    return work;
}

void
norm_read_marked_number_words(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, end = 0, work = 0;

    while (i < n) {
        size_t start = next_marked_run(t, n, i, &end, &work);
        while (i < start) {
            norm_view_move(v, w++, i++);
        }
        if (start == n) {
            break;
        }
        while (i < end) {
            size_t e;
            enum marked_token kind = read_token(t, n, i, &e, &work);
            bool fold = kind == TOKEN_MARKED || kind == TOKEN_MARKED_SEP;
            for (size_t k = i; k < e;) {
                UChar32 c;
                int32_t at = (int32_t)k;
                U8_NEXT(t, at, (int32_t)n, c);
                if (fold && t[k] >= 0x80) {
                    norm_view_put(v, w++, k, (size_t)at, (unsigned char)norm_marked_ascii_base(c));
                    k = (size_t)at;
                    continue;
                }
                while (k < (size_t)at) {
                    norm_view_move(v, w++, k++);
                }
            }
            i = e;
            /* the gap to the next token, copied as written */
            while (i < end && gap_byte(t[i])) {
                norm_view_move(v, w++, i++);
            }
        }
    }
    v->text.len = w;
    t[w] = '\0';
}
