/*
 * A pass over the finished view: digits read out as words among digits ("4 six one eight nine
 * five") read as the number, so the digit rules and their checks apply.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "scrub/digit_words_internal.h"

#include "common/banned.h"

/*
 * Digits read out as words among digits: "4 six one eight nine five", "four, one, five, 3",
 * "two-zero-six-2-0-5". A number token is a digit alone or a digit word (any language of
 * scrub/digit_words.c, up to NUMBER_WORD_MAX bytes); a mixed run is seven or more of them, a
 * separator of one to three of " ,.-/" or one line break where the number wraps between each two
 * (or a separator said as a word, "dash", "hyphen", "slash" or "dot", with them around it), holding
 * both a digit and a word. The view reads each token as its digit and drops the separators, so
 * "4 six one eight" reads "4618" and the usual checks (Luhn, SSN, phone) apply; a separator
 * said as a word, or a '-', '/' or '.' with blanks beside it, reads as its mark when the others
 * are blanks ("zero 5 slash 1 five slash two zero zero one" reads "05/15/2001", "one nine eight
 * 4 - zero one - one seven" "1984-01-17", as a date rule wants them). A run of words alone is the
 * digit-word rules' own (they refuse counting "one two three"), unless a separator word groups
 * it ("one zero slash one two slash six zero"), and digits alone are the digit rules'.
 */
#define NUMBER_RUN_MIN  7
#define NUMBER_WORD_MAX 16

static bool
word_byte(unsigned char c)
{
    return norm_ascii_letter(c) || c >= 0x80;
}

static bool
number_sep_byte(unsigned char c)
{
    return c == ' ' || c == ',' || c == '.' || c == '-' || c == '/' || c == '\n' || c == '\r';
}

/* Whether the n separator bytes at s hold no more than one line break (a blank line ends a
 * number) and a carriage return only before it. */
static bool
one_line_break(const unsigned char *s, size_t n)
{
    size_t lines = 0;

    for (size_t k = 0; k < n; k++) {
        lines += s[k] == '\n';
        if (s[k] == '\r' && (k + 1 == n || s[k + 1] != '\n')) {
            return false;
        }
    }
    return lines <= 1;
}

/*
 * The start of the one to three separator bytes (sep) that end at s[at], or at when there are
 * none, more, more than one line break, or they reach floor: the gap between two number tokens.
 */
static size_t
gap_before(const unsigned char *s, size_t at, size_t floor, bool (*sep)(unsigned char))
{
    size_t q = at;

    while (q > floor && at - q < 4 && sep(s[q - 1])) {
        q--;
    }
    if (q == at || at - q > 3 || q == floor || !one_line_break(s + q, at - q)) {
        return at;
    }
    return q;
}

/* The start of the letters and digits that end at s[q], at most max + 1 of them, never before
 * floor: where a token that ends at q may start. */
static size_t
word_run_before(const unsigned char *s, size_t q, size_t floor, size_t max)
{
    size_t w = q;

    while (w > floor && q - w <= max && (word_byte(s[w - 1]) || norm_ascii_alnum(s[w - 1]))) {
        w--;
    }
    return w;
}

/*
 * The digit the number token at s[i] stands for, or 0; *end is past it. s[i] must start a
 * word: i == 0 or s[i - 1] is not a letter or digit.
 */
static char
number_token(const unsigned char *s, size_t len, size_t i, size_t *end)
{
    size_t j = i;

    if (s[i] >= '0' && s[i] <= '9') {
        if (i + 1 < len && (norm_ascii_alnum(s[i + 1]) || s[i + 1] >= 0x80)) {
            return 0;
        }
        *end = i + 1;
        return (char)s[i];
    }
    while (j < len && word_byte(s[j]) && j - i <= NUMBER_WORD_MAX) {
        j++;
    }
    if (j - i < 2 || j - i > NUMBER_WORD_MAX || (j < len && norm_ascii_alnum(s[j]))) {
        return 0;
    }
    char d = digit_word(s + i, j - i);
    if (d != 0) {
        *end = j;
    }
    return d;
}

/* The separators said as words, and the marks they read as. */
static const char *const sep_words[] = {"dash", "hyphen", "slash", "dot"};
static const char sep_marks[] = {'-', '-', '/', '.'};

/* The mark of the separator word at s[i] (sep_word_len > 0 there). */
static char
sep_word_mark(const unsigned char *s)
{
    for (size_t w = 0; w < sizeof(sep_words) / sizeof(sep_words[0]); w++) {
        if ((s[0] | 0x20) == (unsigned char)sep_words[w][0] &&
            (s[1] | 0x20) == (unsigned char)sep_words[w][1]) {
            return sep_marks[w];
        }
    }
    return 0;
}

/*
 * The length of a separator said as a word at s[i] ("dash", "hyphen", "slash", "dot", any case,
 * with no letter or digit after it), or 0: "one eight two dash one three dash six 0 two three".
 */
static size_t
sep_word_len(const unsigned char *s, size_t len, size_t i)
{
    for (size_t w = 0; w < sizeof(sep_words) / sizeof(sep_words[0]); w++) {
        size_t m = strlen(sep_words[w]), k = 0;
        while (k < m && i + k < len && (s[i + k] | 0x20) == (unsigned char)sep_words[w][k]) {
            k++;
        }
        if (k == m && (i + m == len || !(norm_ascii_alnum(s[i + m]) || s[i + m] >= 0x80))) {
            return m;
        }
    }
    return 0;
}

/* The separator between two number tokens at s[i]: its length (one to three bytes, or a
 * separator word with one to three on each side), or 0. */
static size_t
number_sep(const unsigned char *s, size_t len, size_t i)
{
    size_t k = 0, w, k2 = 0;

    while (i + k < len && k < 4 && number_sep_byte(s[i + k])) {
        k++;
    }
    if (k == 0 || k > 3 || !one_line_break(s + i, k)) {
        return 0;
    }
    if ((w = sep_word_len(s, len, i + k)) == 0) {
        return k;
    }
    while (i + k + w + k2 < len && k2 < 4 && number_sep_byte(s[i + k + w + k2])) {
        k2++;
    }
    return k2 >= 1 && k2 <= 3 && one_line_break(s + i + k + w, k2) ? k + w + k2 : k;
}

/*
 * An identifier's prefix before a run of number tokens: one or two capitals alone as a word and
 * one space, right before s[i] ("K four eight two nine one zero four", "MR six four seven six
 * six 4 seven", "EX zero seven two two seven one C"). Such a run qualifies from
 * NUMBER_PREFIXED_MIN tokens, words alone too, unless it counts ("one two three four five six")
 * or follows the pronoun "I". Returns the prefix's length, 0 for none.
 */
#define NUMBER_PREFIXED_MIN 6

static size_t
number_prefix_len(const unsigned char *s, size_t i)
{
    size_t k = 0;

    if (i < 2 || s[i - 1] != ' ') {
        return 0;
    }
    while (k < 3 && i - 1 - k > 0 && s[i - 2 - k] >= 'A' && s[i - 2 - k] <= 'Z') {
        k++;
    }
    if (k == 0 || k > 2 ||
        (i - 1 - k > 0 && (norm_ascii_alnum(s[i - 2 - k]) || s[i - 2 - k] >= 0x80))) {
        return 0;
    }
    return k + 1;
}

/*
 * The mark the separator of m bytes at s reads as when a run keeps its marks: a separator
 * word's ("dash" '-', "slash" '/', "dot" '.'), or one '-', '/' or '.' with a blank beside it
 * ("1984 - 01"); 0 for blanks alone; -1 for any other (a comma, a mark typed between every two
 * characters, "4-6-1"), which makes the run drop every separator. *word tells a separator
 * word, *cased one in small letters or capitals alone (the one sep_word_scan finds).
 */
static int
sep_mark(const unsigned char *s, size_t m, bool *word, bool *cased)
{
    size_t lower = 0, upper = 0, marks = 0, blanks = 0, first = m;
    int mark = 0;

    for (size_t k = 0; k < m; k++) {
        bool letter = norm_ascii_letter(s[k]);
        lower += s[k] >= 'a' && s[k] <= 'z';
        upper += s[k] >= 'A' && s[k] <= 'Z';
        first = letter && first == m ? k : first;
        blanks += s[k] == ' ' || s[k] == '\n' || s[k] == '\r';
        if (s[k] == '-' || s[k] == '/' || s[k] == '.') {
            marks++;
            mark = s[k];
        }
    }
    *word = first < m;
    *cased = *word && (lower == 0 || upper == 0);
    if (*word) {
        return marks == 0 && lower + upper + blanks == m ? sep_word_mark(s + first) : -1;
    }
    if (blanks == m) {
        return 0;
    }
    return marks == 1 && blanks > 0 && marks + blanks == m ? mark : -1;
}

/*
 * The end of the mixed run of number tokens starting at s[i] (a word start), or i. *stop is
 * past the last token of the run read, qualified or not: a run starting at a later token of it
 * is a part of it and cannot qualify either, so callers go on from there (linear time). *marks
 * tells whether its separators read as their marks (see sep_mark).
 */
static size_t
number_run_end(const unsigned char *s, size_t len, size_t i, size_t *stop, bool *marks,
               size_t *work)
{
    size_t at = i, end = i, tokens = 0, words = 0, digits = 0, said = 0, cased = 0, lines = 0;
    size_t marked = 0, next;
    char d, prev = 0;
    bool counting = true, keeps = true, word = false, word_cased = false;
    int mark = 0;

    while (at < len && (++*work, d = number_token(s, len, at, &next)) != 0) {
        bool digit = next == at + 1 && s[at] == (unsigned char)d;
        counting = counting && (prev == 0 || d == prev + 1);
        prev = d;
        tokens++;
        digits += digit;
        words += !digit;
        end = next;
        /* the separator before this token counts, now that a token follows it */
        said += word;
        cased += word_cased;
        marked += mark > 0;
        keeps = keeps && mark >= 0;
        size_t m = next < len ? number_sep(s, len, next) : 0;
        /* a number wraps once: lines of a list ("1\none\n2\ntwo") end the run */
        if (m == 0 || (memchr(s + next, '\n', m) != NULL && lines++ > 0)) {
            break;
        }
        mark = sep_mark(s + next, m, &word, &word_cased);
        at = next + m;
    }
    *stop = end;
    *marks = marked > 0 && keeps;
    /* not counting ("one two three ..."), nor after the pronoun "I" */
    if (words > 0 && tokens >= NUMBER_PREFIXED_MIN && !counting && number_prefix_len(s, i) > 0 &&
        !(number_prefix_len(s, i) == 2 && s[i - 2] == 'I')) {
        return end;
    }
    /* words alone grouped by separator words: "one zero slash one two slash six zero" */
    if (words > 0 && tokens >= NUMBER_PREFIXED_MIN && !counting && *marks && said > 0 &&
        cased == said) {
        return end;
    }
    return tokens >= NUMBER_RUN_MIN && words > 0 && digits > 0 ? end : i;
}

/* The first space s[c] at or after from (from >= 1) with an ASCII capital before it, or len;
 * sixteen at a time. */
static size_t
capital_space(const unsigned char *s, size_t from, size_t len)
{
    size_t c = from;

#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi8('A' - 1), above = _mm_set1_epi8('Z' + 1);
    const __m128i space = _mm_set1_epi8(' ');
    for (; c + 16 <= len; c += 16) {
        __m128i before = _mm_loadu_si128((const __m128i *)(const void *)(s + c - 1));
        __m128i at = _mm_loadu_si128((const __m128i *)(const void *)(s + c));
        __m128i capital =
            _mm_and_si128(_mm_cmpgt_epi8(before, below), _mm_cmplt_epi8(before, above));
        int mask = _mm_movemask_epi8(_mm_and_si128(capital, _mm_cmpeq_epi8(at, space)));
        if (mask) {
            return c + (size_t)__builtin_ctz((unsigned)mask);
        }
    }
#endif
    for (; c < len; c++) {
        if (s[c] == ' ' && s[c - 1] >= 'A' && s[c - 1] <= 'Z') {
            return c;
        }
    }
    return len;
}

/*
 * Whether s holds a prefixed run of number words (see number_prefix_len), which the scan from
 * digits does not find when it holds none: each space after one or two capitals is looked at.
 */
static bool
has_prefixed_number_run(const unsigned char *s, size_t len)
{
    size_t work = 0, stop;

    /* most spaces follow a small letter: only one after a capital is looked at further */
    for (size_t c = capital_space(s, 1, len); c < len; c = capital_space(s, c + 1, len)) {
        size_t i = c + 1;
        bool marks;
        if (i < len && number_prefix_len(s, i) > 0 &&
            number_run_end(s, len, i, &stop, &marks, &work) > i) {
            return true;
        }
    }
    return false;
}

static bool
word_start(const unsigned char *s, size_t i)
{
    return i == 0 || !(norm_ascii_alnum(s[i - 1]) || s[i - 1] >= 0x80);
}

/* The offset of the first ASCII digit in s[from..len), or len; sixteen bytes at a time. */
size_t
norm_next_digit(const unsigned char *s, size_t from, size_t len)
{
    size_t i = from;

#if defined(__SSE2__)
    /* signed compares: bytes >= 0x80 are negative, so below '0' */
    const __m128i below = _mm_set1_epi8('0' - 1), above = _mm_set1_epi8('9' + 1);
    for (; i + 16 <= len; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        int mask =
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(b, below), _mm_cmplt_epi8(b, above)));
        if (mask) {
            return i + (size_t)__builtin_ctz((unsigned)mask);
        }
    }
#endif
    while (i < len && (s[i] < '0' || s[i] > '9')) {
        i++;
    }
    return i;
}

/*
 * The start of the number token before the one at s[at], or at when there is none: one to three
 * separator bytes back, then a digit alone or a digit word that ends there. Never before floor.
 */
static size_t
token_before(const unsigned char *s, size_t len, size_t at, size_t floor, size_t *work)
{
    size_t q = gap_before(s, at, floor, number_sep_byte), w, end = 0;

    if (q == at) {
        return at;
    }
    /* a separator word ("dash") and the separator bytes before it */
    for (w = q; w > floor && q - w < 6 && norm_ascii_letter(s[w - 1]); w--) {
    }
    if (w < q && word_start(s, w) && sep_word_len(s, len, w) == q - w) {
        size_t r = gap_before(s, w, floor, number_sep_byte);
        if (r == w) {
            return at;
        }
        q = r;
    }
    w = word_run_before(s, q, floor, NUMBER_WORD_MAX);
    ++*work;
    if (w == q || !word_start(s, w) || number_token(s, len, w, &end) == 0 || end != q) {
        return at;
    }
    return w;
}

/*
 * Whether s holds a mixed number run. Every run holds a digit alone: from each such digit (found
 * sixteen bytes at a time) the scan steps back token by token to where the run starts, never
 * into text an earlier digit's scan read, then reads the run forward once. *work counts the
 * tokens read either way, each of bounded cost: at most a few per byte of s, which
 * test_normalize checks on long adversarial texts (a scan that stepped back byte by byte over
 * read text was quadratic on 32 KiB of "1.1.1.", and one over every word costly on prose).
 */
static bool
number_run_scan(const unsigned char *s, size_t len, size_t *work)
{
    size_t done = 0;

    for (size_t i = norm_next_digit(s, 0, len); i < len; i = norm_next_digit(s, i + 1, len)) {
        if (i < done || !word_start(s, i) ||
            (i + 1 < len && (norm_ascii_alnum(s[i + 1]) || s[i + 1] >= 0x80))) {
            continue;
        }
        size_t p = i, back, stop = i;
        while ((back = token_before(s, len, p, done, work)) < p) {
            p = back;
        }
        bool marks;
        if (number_run_end(s, len, p, &stop, &marks, work) > p) {
            return true;
        }
        done = stop > i ? stop : i + 1;
    }
    return false;
}

/*
 * Digit words glued to digits: "73two 2 7five seven 3 4336", "seven 09 55six  6864",
 * "(4six one ) three three 4-seven 846". A glued token is digit runs of one to four digits and
 * digit words of three bytes or more, one after the other with nothing between them ("73two",
 * "416five", "9one", "5zero"); a glued run is tokens of that kind, digit words and digits alone
 * and groups of two to four digits, one to three of " ,.-/()" or one line break between each
 * two, that stands for seven digits at least and holds a glued token: a reader reads it as the
 * number, as the view then does (the separators dropped, unless they are all one '-', '.' or '/'
 * alone, which stays: "4one5-555-0134" reads "415-555-0134"). Without a glued token such groups are
 * only numbers, left to their own rules; "10am", "2nd" and "mp3" glue no digit word.
 */
#define GLUED_GROUP_MAX 4
#define GLUED_TOKEN_MAX 32 /* bytes */
#define GLUED_WORD_MIN  3  /* bytes of a digit word glued to a digit: "2do", "1un" stay */

/*
 * The end of the glued-grammar token at s[i] (a word start), or i when there is none; *pieces
 * is how many digits it stands for, *glued whether it holds both digits and digit words. With
 * out, writes each digit to out[k] and its piece's end to ends[k].
 */
static size_t
glued_token(const unsigned char *s, size_t len, size_t i, size_t *pieces, bool *glued, char *out,
            size_t *ends)
{
    size_t k = i, n = 0, digit_runs = 0, words = 0, short_words = 0;

    while (k < len && k - i < GLUED_TOKEN_MAX) {
        size_t j = k;
        if (s[k] >= '0' && s[k] <= '9') {
            while (j < len && s[j] >= '0' && s[j] <= '9' && j - k <= GLUED_GROUP_MAX) {
                j++;
            }
            if (j - k > GLUED_GROUP_MAX) {
                return i;
            }
            for (size_t d = k; d < j; d++) {
                if (out) {
                    out[n] = (char)s[d];
                    ends[n] = d + 1;
                }
                n++;
            }
            digit_runs++;
        } else if (word_byte(s[k])) {
            while (j < len && word_byte(s[j]) && j - k <= NUMBER_WORD_MAX) {
                j++;
            }
            char d = j - k >= 2 && j - k <= NUMBER_WORD_MAX ? digit_word(s + k, j - k) : 0;
            if (d == 0) {
                return i;
            }
            if (out) {
                out[n] = d;
                ends[n] = j;
            }
            n++;
            words++;
            short_words += j - k < GLUED_WORD_MIN;
        } else {
            break;
        }
        k = j;
    }
    if (k == i || (k < len && (norm_ascii_alnum(s[k]) || s[k] >= 0x80)) ||
        (digit_runs > 0 && words > 0 && short_words > 0)) {
        return i;
    }
    *pieces = n;
    *glued = digit_runs > 0 && words > 0;
    return k;
}

static bool
glued_sep_byte(unsigned char c)
{
    return number_sep_byte(c) || c == '(' || c == ')';
}

/* The separator after a glued run's token at s[i]: its length (one to three bytes, one line
 * break at most), or 0. */
static size_t
glued_sep(const unsigned char *s, size_t len, size_t i)
{
    size_t k = 0;

    while (i + k < len && k < 4 && glued_sep_byte(s[i + k])) {
        k++;
    }
    return k >= 1 && k <= 3 && one_line_break(s + i, k) ? k : 0;
}

/*
 * The end of the glued run starting at s[i] (a word start), or i when it does not qualify;
 * *stop is past the last token read (see number_run_end).
 */
static size_t
glued_run_end(const unsigned char *s, size_t len, size_t i, size_t *stop, unsigned char *mark,
              size_t *work)
{
    size_t at = i, end = i, pieces = 0, glued = 0, lines = 0, next, n;
    bool g;
    int one = 0; /* the one mark alone between every two tokens, -1 for anything else */

    while (at < len && (++*work, next = glued_token(s, len, at, &n, &g, NULL, NULL)) > at) {
        pieces += n;
        glued += g;
        if (end > i) {
            /* the separator before this token counts, now that a token follows it */
            bool alone = at - end == 1 && (s[end] == '-' || s[end] == '.' || s[end] == '/');
            one = !alone || (one != 0 && one != s[end]) ? -1 : s[end];
        }
        end = next;
        size_t m = glued_sep(s, len, next);
        if (m == 0 || (memchr(s + next, '\n', m) != NULL && lines++ > 0)) {
            break;
        }
        at = next + m;
    }
    *stop = end;
    *mark = end > i && one > 0 ? (unsigned char)one : 0;
    return pieces >= NUMBER_RUN_MIN && glued > 0 ? end : i;
}

/* The start of the glued-grammar token before the one at s[at], or at (see token_before). */
static size_t
glued_token_before(const unsigned char *s, size_t len, size_t at, size_t floor, size_t *work)
{
    size_t q = gap_before(s, at, floor, glued_sep_byte), w, n;
    bool g;

    if (q == at) {
        return at;
    }
    w = word_run_before(s, q, floor, GLUED_TOKEN_MAX);
    ++*work;
    if (w == q || !word_start(s, w) || glued_token(s, len, w, &n, &g, NULL, NULL) != q) {
        return at;
    }
    return w;
}

/*
 * Whether s holds a glued run. Every one holds a digit with an ASCII letter beside it: from
 * each such digit (found sixteen bytes at a time) the scan reads its token, and from a glued
 * one steps back token by token, never into text read before, and reads the run forward once.
 */
static bool
glued_run_scan(const unsigned char *s, size_t len, size_t *work)
{
    size_t done = 0;

    for (size_t i = norm_next_digit(s, 0, len); i < len; i = norm_next_digit(s, i + 1, len)) {
        if (i < done || !((i + 1 < len && norm_ascii_letter(s[i + 1])) ||
                          (i > 0 && norm_ascii_letter(s[i - 1])))) {
            continue;
        }
        size_t t = i, n, stop = i, back;
        bool g = false;
        while (t > done && i - t < GLUED_TOKEN_MAX &&
               (norm_ascii_alnum(s[t - 1]) || s[t - 1] >= 0x80)) {
            t--;
        }
        ++*work;
        size_t end = word_start(s, t) ? glued_token(s, len, t, &n, &g, NULL, NULL) : t;
        if (end > t && g) {
            size_t p = t;
            while ((back = glued_token_before(s, len, p, done, work)) < p) {
                p = back;
            }
            unsigned char mark;
            if (glued_run_end(s, len, p, &stop, &mark, work) > p) {
                return true;
            }
        }
        done = stop > i ? stop : i + 1;
        if (end > done) {
            done = end;
        }
    }
    return false;
}

/* Whether the three bytes at s start a separator word ("das", "dot", "sla", "hyp", any case). */
static bool
sep_word_head(const unsigned char *s)
{
    unsigned char a = s[0] | 0x20, b = s[1] | 0x20, c = s[2] | 0x20;

    return (a == 'd' && ((b == 'a' && c == 's') || (b == 'o' && c == 't'))) ||
           (a == 's' && b == 'l' && c == 'a') || (a == 'h' && b == 'y' && c == 'p');
}

/* The first space s[c] at or after from before a separator word's first three letters (see
 * sep_word_head), or len; sixteen at a time, as prose has few of them. */
static size_t
sep_word_space(const unsigned char *s, size_t from, size_t len)
{
    size_t c = from;

#if defined(__SSE2__)
    const __m128i fold = _mm_set1_epi8(0x20);
#define SEP_EQ(v, ch) _mm_cmpeq_epi8((v), _mm_set1_epi8(ch))
    for (; c + 19 <= len; c += 16) {
        __m128i at = _mm_loadu_si128((const __m128i *)(const void *)(s + c));
        __m128i b1 =
            _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + c + 1)), fold);
        __m128i b2 =
            _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + c + 2)), fold);
        __m128i b3 =
            _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + c + 3)), fold);
        __m128i d = _mm_and_si128(SEP_EQ(b1, 'd'),
                                  _mm_or_si128(_mm_and_si128(SEP_EQ(b2, 'a'), SEP_EQ(b3, 's')),
                                               _mm_and_si128(SEP_EQ(b2, 'o'), SEP_EQ(b3, 't'))));
        __m128i sl =
            _mm_and_si128(SEP_EQ(b1, 's'), _mm_and_si128(SEP_EQ(b2, 'l'), SEP_EQ(b3, 'a')));
        __m128i hy =
            _mm_and_si128(SEP_EQ(b1, 'h'), _mm_and_si128(SEP_EQ(b2, 'y'), SEP_EQ(b3, 'p')));
        __m128i head = _mm_or_si128(d, _mm_or_si128(sl, hy));
        int mask = _mm_movemask_epi8(_mm_and_si128(head, SEP_EQ(at, ' ')));
        if (mask) {
            return c + (size_t)__builtin_ctz((unsigned)mask);
        }
    }
#undef SEP_EQ
#endif
    for (; c + 3 < len; c++) {
        if (s[c] == ' ' && sep_word_head(s + c + 1)) {
            return c;
        }
    }
    return len;
}

/*
 * Whether s holds a run of number words grouped by separator words ("one zero slash one two
 * slash six zero"), which the scan from digits does not find when it holds no digit: from each
 * separator word the scan steps back to the run's start, never into text read before, and reads
 * the run forward once (linear, as number_run_scan).
 */
static bool
sep_word_scan(const unsigned char *s, size_t len, size_t *work)
{
    size_t done = 0;

    for (size_t c = sep_word_space(s, 0, len); c < len; c = sep_word_space(s, c + 1, len)) {
        size_t w = c + 1, m = sep_word_len(s, len, w), at, p, back, stop;
        ++*work;
        if (m == 0 || w < done) {
            continue;
        }
        for (at = w + m; at < len && at - w - m < 3 && number_sep_byte(s[at]); at++) {
        }
        p = token_before(s, len, at, done, work);
        if (p == at) {
            continue;
        }
        while ((back = token_before(s, len, p, done, work)) < p) {
            p = back;
        }
        bool marks;
        if (number_run_end(s, len, p, &stop, &marks, work) > p) {
            return true;
        }
        done = stop > w ? stop : w + 1;
    }
    return false;
}

bool
norm_has_number_run(const unsigned char *s, size_t len)
{
    size_t work = 0;

    return number_run_scan(s, len, &work) || has_prefixed_number_run(s, len) ||
           sep_word_scan(s, len, &work) || glued_run_scan(s, len, &work);
}

size_t
norm_number_run_work(const unsigned char *s, size_t len)
{
    size_t work = 0;

    number_run_scan(s, len, &work);
    sep_word_scan(s, len, &work);
    glued_run_scan(s, len, &work);
    return work;
}

/* Write the glued run t[i, end) (see glued_run_end) at view byte w as its digits, each standing
 * for its piece of the run, and mark (when not 0) between its tokens; returns the view byte
 * after them. */
static size_t
read_glued_run(struct norm_view *v, size_t w, size_t i, size_t end, unsigned char mark)
{
    const unsigned char *t = v->text.data;
    char out[GLUED_TOKEN_MAX];
    size_t ends[GLUED_TOKEN_MAX], n;
    bool g;

    while (i < end) {
        size_t next = glued_token(t, v->text.len, i, &n, &g, out, ends), from = i;
        for (size_t k = 0; k < n; k++) {
            norm_view_put(v, w++, from, ends[k], (unsigned char)out[k]);
            from = ends[k];
        }
        if (next < end && mark) {
            norm_view_move(v, w++, next);
        }
        i = next < end ? next + glued_sep(t, v->text.len, next) : next;
    }
    return w;
}

/* Read every mixed number run of the view as its digits (see number_run_end). */
void
norm_read_number_runs(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, work = 0;

    while (i < n) {
        size_t stop = i;
        bool marks = false;
        size_t end = word_start(t, i) ? number_run_end(t, n, i, &stop, &marks, &work) : i;
        size_t glued_stop = i;
        unsigned char glued_mark = 0;
        size_t glued_end =
            word_start(t, i) ? glued_run_end(t, n, i, &glued_stop, &glued_mark, &work) : i;
        if (glued_end > i && glued_end >= end) {
            w = read_glued_run(v, w, i, glued_end, glued_mark);
            i = glued_end;
            continue;
        }
        if (end == i) {
            /* a run that does not qualify is copied whole (see number_run_end) */
            do {
                norm_view_move(v, w++, i++);
            } while (i < stop);
            continue;
        }
        /* a one-capital prefix is the identifier's first character: "K 4829104" reads
         * "K4829104" (two stay apart: "MR 6476647", "EX 072271 C") */
        if (number_prefix_len(t, i) == 2 && w > 0 && t[w - 1] == ' ') {
            w--;
        }
        while (i < end) {
            size_t next = i;
            char d = number_token(t, n, i, &next);
            norm_view_put(v, w++, i, next, (unsigned char)d);
            size_t m = next < end ? number_sep(t, n, next) : 0;
            bool word, cased;
            int mark = marks && m > 0 ? sep_mark(t + next, m, &word, &cased) : 0;
            if (mark > 0) {
                norm_view_put(v, w++, next, next + m, (unsigned char)mark);
            }
            i = next + m;
        }
    }
    v->text.len = w;
    t[w] = '\0';
}
