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
/* How far apart two leet words of one address may stand. */
#define LEET_ADDRESS_GAP 64

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

static bool
space_byte(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The gap of joining bytes at t[k] (one or two of " ,.@-_"): its end, or k when there is none;
 * *spaced tells a space in it, *phrase a gap that joins words of a phrase (" ", ", "). */
static size_t
join_gap(const unsigned char *t, size_t n, size_t k, bool *spaced, bool *phrase)
{
    size_t e = k;

    while (e < n && e - k < 3 && leet_sep_byte(t[e])) {
        e++;
    }
    if (e == k || e - k > 2) {
        return k;
    }
    *spaced = memchr(t + k, ' ', e - k) != NULL;
    *phrase = t[k] == ' ' || (t[k] == ',' && (e - k == 1 || t[k + 1] == ' '));
    return e;
}

/*
 * Whether the leet words t[a_lo, a_hi) and t[b_lo, b_hi) stand together (see above): one or two
 * joining gaps and at most one word between them, all within a phrase, or all inside one token
 * that holds an '@' (*cache remembers the last token looked at, so each is read once), or a
 * hyphen before a capital right between them.
 */
struct token_cache {
    size_t lo, hi;
    bool at;
};

static bool
token_at(const unsigned char *t, size_t n, size_t a_lo, struct token_cache *cache, size_t *work)
{
    if (!(cache->lo <= a_lo && a_lo < cache->hi)) {
        size_t lo = a_lo, hi = a_lo;
        while (lo > 0 && !space_byte(t[lo - 1])) {
            lo--;
        }
        cache->at = false;
        while (hi < n && !space_byte(t[hi])) {
            cache->at |= t[hi] == '@';
            hi++;
        }
        *work += hi - lo;
        cache->lo = lo;
        cache->hi = hi;
    }
    return cache->at;
}

static bool
leet_near(const unsigned char *t, size_t n, size_t a_lo, size_t a_hi, size_t b_lo,
          struct token_cache *cache, size_t *work)
{
    size_t k = a_hi, gaps = 0;
    bool spaced = false, phrase = true;

    if (b_lo - a_hi > LEET_ADDRESS_GAP) {
        return false;
    }
    *work += b_lo - a_hi;
    /* inside one address, any of its words go together ("b37h4ny.mar5h18@ou7100k.c0m") */
    bool unspaced = true;
    for (size_t j = a_hi; j < b_lo && unspaced; j++) {
        unspaced = !space_byte(t[j]);
    }
    if (unspaced && !(b_lo == a_hi + 1 && t[a_hi] == '-')) {
        return token_at(t, n, a_lo, cache, work);
    }
    while (k < b_lo) {
        bool sp = false, ph = false;
        size_t e = join_gap(t, n, k, &sp, &ph);
        if (e == k || ++gaps > 2) {
            return false;
        }
        spaced |= sp;
        phrase = phrase && (ph || !sp);
        k = e;
        if (k < b_lo) {
            /* the one word between them */
            if (gaps > 1) {
                return false;
            }
            while (k < b_lo && leet_word_byte(t[k])) {
                k++;
            }
        }
    }
    if (k != b_lo) {
        return false;
    }
    if (spaced) {
        return phrase;
    }
    if (gaps == 1 && b_lo == a_hi + 1 && t[a_hi] == '-' &&
        ((t[b_lo] >= 'A' && t[b_lo] <= 'Z') || t[b_lo] >= 0x80)) {
        return true;
    }
    return token_at(t, n, a_lo, cache, work);
}

/* Whether a secret's cue word starts within LEET_CUE_REACH bytes before t[lo]. */
static bool
after_secret_cue(const unsigned char *t, size_t lo, size_t *work)
{
    size_t from = lo > LEET_CUE_REACH ? lo - LEET_CUE_REACH : 0;

    *work += lo - from;
    for (size_t k = from; k < lo; k++) {
        if ((k == 0 || !norm_ascii_alnum(t[k - 1])) && norm_ascii_letter(t[k])) {
            size_t e = k;
            while (e < lo && norm_ascii_alnum(t[e])) {
                e++;
            }
            if (secret_cue(t, k, e)) {
                return true;
            }
        }
    }
    return false;
}

/*
 * Find the pairs of leet words of t[0, n) (see above) and, with fold, read them; returns whether
 * there is one. Every leet word holds a digit: the scan goes from digit to digit (sixteen bytes
 * at a time between them), reads each digit's word once, and looks between two leet words and
 * before a pair only. *work counts the bytes read.
 */
static bool
leet_scan(unsigned char *t, size_t n, bool fold, size_t *work)
{
    size_t prev_lo = 0, prev_hi = 0, next = 0;
    bool have = false, found = false;
    struct token_cache cache = {0, 0, false};

    for (size_t i = norm_next_digit(t, 0, n); i < n; i = norm_next_digit(t, next, n)) {
        size_t lo = i, hi = i + 1;
        while (lo > next && leet_word_byte(t[lo - 1])) {
            lo--;
        }
        while (hi < n && leet_word_byte(t[hi])) {
            hi++;
        }
        *work += (i - lo) + (hi - i);
        next = hi;
        if ((lo > 0 && leet_word_byte(t[lo - 1])) || !leet_word(t, lo, hi) ||
            spells_digit(t, lo, hi)) {
            continue;
        }
        if (have && leet_near(t, n, prev_lo, prev_hi, lo, &cache, work) &&
            !after_secret_cue(t, prev_lo, work)) {
            found = true;
            if (!fold) {
                return true;
            }
            bool cap_prev = t[prev_lo] >= 'A' && t[prev_lo] <= 'Z';
            bool cap_this = t[lo] >= 'A' && t[lo] <= 'Z';
            leet_fold(t, prev_lo, prev_hi, cap_this);
            leet_fold(t, lo, hi, cap_prev);
        }
        have = true;
        prev_lo = lo;
        prev_hi = hi;
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
