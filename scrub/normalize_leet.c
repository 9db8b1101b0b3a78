/*
 * A pass over the finished view: words written in leetspeak, digits typed for letters ("Hann4
 * N0g4", "B34c0n Ro4d, Aus71n", "45hl3y.qu1nlan@0utl00k.c0m"), read as their letters, so the
 * name, address and e-mail rules see "Hanna Noga", "Beacon Road, Austin", "ashley.quinlan@
 * outlook.com".
 *
 * A leet word is letters with digits typed for some of them: three to LEET_WORD_MAX bytes, its
 * digits all ones that stand for a letter (0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t, 9 g), never three
 * in a row, at least two letters and at most one digit more than letters, small letters after
 * its first byte, a letter that is no hex digit (so "a1b3c5" of a hash stays), starting with a
 * letter or one or two digits before a small letter, and no ordinal or time ("4th", "10am").
 * One such word alone is as likely a password or a handle ("Adm1n99", "tulip7") as a disguise:
 * the view reads them only in pairs, two leet words one or two words apart within a phrase
 * (words joined by a space, a comma, or a hyphen before a capital), or anywhere in one address
 * ("b37h4ny.mar5h18@ou7100k.c0m"), and never after a secret's cue ("password: B34c0n Ro4d" is
 * the secret). Words of a key or a host name joined by '-', '.' or '_' ("sk-ant-api03-...")
 * are no phrase.
 * Each digit reads as its letter in place (one byte for one), '1' as 'l' at a word's edge and
 * 'i' inside it ("Kry5t41" "Krystal", "P1otr0w1cz" "Piotrowicz"), a word's first digit as a
 * capital when the other word of the pair starts with one ("4rcad3 Boy3r" "Arcade Boyer").
 * The words it writes hold no digit, so the view of the view is the view.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "scrub/digit_words_internal.h"

#include "common/banned.h"

#define LEET_WORD_MAX 24
/* The longest digit word in bytes (NUMBER_WORD_MAX of the number-word step). */
#define NUMBER_WORD_LONGEST 8
/* How far back a secret's cue is looked for before a pair. */
#define LEET_CUE_REACH 32

static bool
leet_word_byte(unsigned char c)
{
    return norm_ascii_alnum(c) || c >= 0x80;
}

static bool
leet_digit(unsigned char c)
{
    return c == '0' || c == '1' || c == '3' || c == '4' || c == '5' || c == '7' || c == '9';
}

static bool
leet_sep_byte(unsigned char c)
{
    return c == ' ' || c == ',' || c == '.' || c == '@' || c == '-' || c == '_';
}

/* Whether t[lo, hi) (a whole word) is an ordinal or a time: digits, then "st", "nd", "rd",
 * "th", "am" or "pm" ("4th", "10am"). */
static bool
ordinal_or_time(const unsigned char *t, size_t lo, size_t hi)
{
    size_t k = lo;

    while (k < hi && norm_ascii_digit(t[k])) {
        k++;
    }
    if (k == lo || hi - k != 2) {
        return false;
    }
    unsigned char a = t[k] | 0x20, b = t[k + 1] | 0x20;
    return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
           (a == 't' && b == 'h') || (a == 'a' && b == 'm') || (a == 'p' && b == 'm');
}

/* Whether the word t[lo, hi) is a leet word (see above). */
static bool
leet_word(const unsigned char *t, size_t lo, size_t hi)
{
    size_t digits = 0, letters = 0, run = 0;
    bool plain = false;

    if (hi - lo < 3 || hi - lo > LEET_WORD_MAX) {
        return false;
    }
    for (size_t k = lo; k < hi; k++) {
        unsigned char c = t[k];
        if (norm_ascii_digit(c)) {
            if (!leet_digit(c) || ++run > 2) {
                return false;
            }
            digits++;
            continue;
        }
        run = 0;
        if (c >= 0x80) {
            /* a letter of another script: count it once, at its lead byte */
            letters += c >= 0xC0;
            plain = true;
            continue;
        }
        if (k > lo && c >= 'A' && c <= 'Z') {
            return false; /* a capital inside: a code or a key, not a word */
        }
        letters++;
        plain |= (c | 0x20) > 'f';
    }
    if (digits == 0 || letters < 2 || letters + 1 < digits || !plain) {
        return false;
    }
    /* digits first (two at most) go on in a small letter: "45hl3y", "5prin9f131d" */
    size_t k = lo;
    while (k < hi && norm_ascii_digit(t[k])) {
        k++;
    }
    if (k > lo && (k - lo > 2 || !(t[k] >= 'a' && t[k] <= 'z'))) {
        return false;
    }
    /* digits at its end only ("mp3", "Av3"): a tag or a version unless four letters lead */
    bool inner = false;
    for (size_t j = lo; j < hi && !inner; j++) {
        inner = norm_ascii_digit(t[j]) && j + 1 < hi && !norm_ascii_digit(t[j + 1]);
    }
    if (!inner && letters < 4) {
        return false;
    }
    return !ordinal_or_time(t, lo, hi);
}

/* Whether the word t[lo, hi) is a secret's cue ("password", "pin", "key", "token"...). */
static bool
secret_cue(const unsigned char *t, size_t lo, size_t hi)
{
    static const char *const cues[] = {"pass", "pw", "pin", "key", "secret", "token", "code"};

    for (size_t c = 0; c < sizeof(cues) / sizeof(cues[0]); c++) {
        size_t m = strlen(cues[c]), j = 0;
        while (j < m && lo + j < hi && (t[lo + j] | 0x20) == (unsigned char)cues[c][j]) {
            j++;
        }
        if (j == m) {
            return true;
        }
    }
    return false;
}

/* Read the leet word t[lo, hi) as its letters, in place; upper tells a first digit's case. */
static void
leet_fold(unsigned char *t, size_t lo, size_t hi, bool upper)
{
    for (size_t k = lo; k < hi; k++) {
        unsigned char c = t[k], r;
        switch (c) {
        case '0':
            r = 'o';
            break;
        case '1':
            r = k == lo || k + 1 == hi ? 'l' : 'i';
            break;
        case '3':
            r = 'e';
            break;
        case '4':
            r = 'a';
            break;
        case '5':
            r = 's';
            break;
        case '7':
            r = 't';
            break;
        case '9':
            r = 'g';
            break;
        default:
            continue;
        }
        t[k] = k == lo && upper ? (unsigned char)(r - 'a' + 'A') : r;
    }
}

/* Whether the leet word t[lo, hi) reads as a digit word ("f0ur", "s1x"): it stays, as the
 * digit words it would write are read by an earlier step of the view (number words). */
static bool
spells_digit(const unsigned char *t, size_t lo, size_t hi)
{
    unsigned char w[NUMBER_WORD_LONGEST];

    if (hi - lo > sizeof(w)) {
        return false;
    }
    for (size_t k = lo; k < hi; k++) {
        w[k - lo] = t[k];
    }
    leet_fold(w, 0, hi - lo, false);
    return digit_word(w, hi - lo) != 0;
}

/* Whether the unspaced token t[lo, ...) (up to white space) holds an '@'; *end is its end. */
static bool
token_has_at(const unsigned char *t, size_t n, size_t lo, size_t *end)
{
    size_t e = lo;
    bool at = false;

    while (e < n && t[e] != ' ' && t[e] != '\n' && t[e] != '\t' && t[e] != '\r') {
        at |= t[e] == '@';
        e++;
    }
    *end = e;
    return at;
}

/*
 * Find the pairs of leet words of t[0, n) (see above) and, with fold, read them; returns whether
 * there is one. *work counts the bytes read: each once in the scan, and each of an unspaced token
 * once more when a pair inside it asks whether it is an address.
 */
static bool
leet_scan(unsigned char *t, size_t n, bool fold, size_t *work)
{
    size_t i = 0, words = 0, last_lo = 0, last_hi = 0, last_at = 0, cue_end = 0;
    size_t token = 0, token_lo = 0, last_token = 0, asked = SIZE_MAX;
    bool have = false, found = false, cue = false, address = false;

    while (i < n) {
        if (!leet_word_byte(t[i])) {
            /* a phrase goes on over ' ', ", " or a '-' before a capital ("Aubry-Shek0n1"); the
             * words of one token over '.', '@', '-', '_' too, as an address's */
            size_t k = i;
            while (k < n && k - i < 3 && leet_sep_byte(t[k])) {
                k++;
            }
            bool space = memchr(t + i, ' ', k - i) != NULL;
            bool joins = k > i && k - i <= 2 && k < n && leet_word_byte(t[k]);
            if (joins && space) {
                joins = t[i] == ' ' || (t[i] == ',' && t[i + 1] == ' ');
            }
            have = have && joins;
            if (k == i || space) {
                token++;
                token_lo = k > i ? k : i + 1;
            }
            *work += k > i ? k - i : 1;
            i = k > i ? k : i + 1;
            continue;
        }
        size_t lo = i;
        while (i < n && leet_word_byte(t[i])) {
            i++;
        }
        *work += i - lo;
        words++;
        if (secret_cue(t, lo, i)) {
            cue = true;
            cue_end = i;
        }
        if (!leet_word(t, lo, i) || spells_digit(t, lo, i)) {
            continue;
        }
        bool near = have && words - last_at <= 2;
        /* in one token: a hyphen right before a capital ("Matt14-Sum4n"), or an address */
        if (near && token == last_token &&
            !(lo == last_hi + 1 && t[last_hi] == '-' &&
              ((t[lo] >= 'A' && t[lo] <= 'Z') || t[lo] >= 0x80))) {
            if (asked != token) {
                size_t end;
                address = token_has_at(t, n, token_lo, &end);
                *work += end - token_lo;
                asked = token;
            }
            near = address;
        }
        if (near && !(cue && last_lo - cue_end <= LEET_CUE_REACH)) {
            found = true;
            if (!fold) {
                return true;
            }
            bool cap_last = t[last_lo] >= 'A' && t[last_lo] <= 'Z';
            bool cap_this = t[lo] >= 'A' && t[lo] <= 'Z';
            leet_fold(t, last_lo, last_hi, cap_this);
            leet_fold(t, lo, i, cap_last);
        }
        have = true;
        last_lo = lo;
        last_hi = i;
        last_at = words;
        last_token = token;
    }
    return found;
}

bool
norm_has_leet_words(const unsigned char *s, size_t len)
{
    size_t work = 0;

    /* the scan only reads when it does not fold */
    return leet_scan((unsigned char *)(uintptr_t)s, len, false, &work);
}

size_t
norm_leet_work(const unsigned char *s, size_t len)
{
    size_t work = 0;

    leet_scan((unsigned char *)(uintptr_t)s, len, false, &work);
    return work;
}

void
norm_read_leet_words(struct norm_view *v)
{
    size_t work = 0;

    leet_scan(v->text.data, v->text.len, true, &work);
}
