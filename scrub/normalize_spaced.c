/*
 * Passes over the finished view that join writing typed apart: spaced-out ("j o h n @ m a i l"),
 * separated ("j.o.h.n", "1-9-6-1") and interpunct ("1·9·6·1", "@|e|l|s|a") runs read as the
 * word or value they spell.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/banned.h"

/*
 * Spaced-out writing: "B o n g a n i   K a u r", "j o h n @ m a i l . c o m". A unit is one
 * ASCII letter, digit or one of the characters of an address (or a password's symbol once three
 * letters are in: spaced_symbol); a run is three or more units, each alone between single
 * spaces, with at least three letters among them (so "1 2 3" and ". . ." stay as written:
 * spaced digits have rules of their own), or one or two capitals and then digits alone (an
 * identifier: SPACED_ID_DIGITS_MIN).
 */
#define SPACED_UNITS_MIN   3
#define SPACED_LETTERS_MIN 3

/*
 * A letter of another script with case is a unit too ("J o s é   M ü l l e r", "З о я",
 * "Ν ί κ ο ς"): the length of the cased letter (upper or lower case: Latin, Greek, Cyrillic,
 * Armenian...) whose first byte is s[i], or 0. A letter of a script without case (Han, Arabic,
 * Thai) is not: spaces between them are that script's own, or no disguise of a Latin value.
 */
static size_t
spaced_letter_len(const unsigned char *s, size_t len, size_t i)
{
    UChar32 c = 0;
    int32_t k = (int32_t)i;

    if (s[i] < 0xC2 || s[i] > 0xEF) {
        return 0;
    }
    U8_NEXT(s, k, (int32_t)len, c);
    return c >= 0 && (u_isULowercase(c) || u_isUUppercase(c)) ? (size_t)k - i : 0;
}

/* Whether the character before s[i] is a letter of another script that has case (its last byte
 * is s[i - 1]). */
static bool
spaced_letter_before(const unsigned char *s, size_t i)
{
    size_t k = i;

    if (i == 0 || s[i - 1] < 0x80) {
        return false;
    }
    while (k > 0 && i - k < 3 && (s[k - 1] & 0xC0) == 0x80) {
        k--;
    }
    return k > 0 && spaced_letter_len(s, i, k - 1) == i - (k - 1);
}

static bool
spaced_unit(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' ||
           c == '.' || c == '_' || c == '-' || c == '+';
}

/*
 * Whether c is a unit of a spaced run whose previous unit is before (0 for none), the run
 * holding digits so far: '/' and ':' only after a digit, and ':' also after another ':' or a
 * hex letter of a run with digits ("1 4 / 0 3", "f e 8 0 : : 1"), so a spaced word before a
 * colon ("N a m e : J o e") still reads as a word and a colon.
 */
static bool
spaced_unit_after(unsigned char c, unsigned char before, size_t digits)
{
    bool after_digit = before >= '0' && before <= '9';

    if (spaced_unit(c)) {
        return true;
    }
    return (c == '/' && after_digit) ||
           (c == ':' && (after_digit || (digits > 0 && (before == ':' || norm_hex_digit(before)))));
}

static bool
spaced_mark(unsigned char c)
{
    return c == '.' || c == '-' || c == '/' || c == ':';
}

/*
 * A spaced run of digits qualifies with its separators typed apart too ("1 4 / 0 3 / 1 9 8 7",
 * "8 1 . 2 . 6 9 . 1 4 2"): six digits and a separator at least, so "1 . 2 . 3" and a row of
 * scores stay, and digits alone are left to their rules; twelve at most (an IP address), so a
 * card number spaced out stays for the card rules that read it so.
 */
#define SPACED_DIGITS_MIN 6
#define SPACED_DIGITS_MAX 12

/* Whether s[i] is a full stop or comma that ends a clause: white space or the end follows. */
static bool
clause_end(const unsigned char *s, size_t len, size_t i)
{
    return (s[i] == '.' || s[i] == ',') &&
           (i + 1 == len || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\r');
}

/* A password's symbol, a unit of a spaced run once it holds three letters ("T u l i p ! 2 2");
 * not '#', which a spaced cue word's number sign is ("l i c # 1"). */
static bool
spaced_symbol(unsigned char c)
{
    return c == '!' || c == '$' || c == '%' || c == '&' || c == '*' || c == '?';
}

/* The length of the unit of a spaced run at s[at] (an ASCII unit or a cased letter of another
 * script), given the run's previous unit, digits and letters so far; 0 when none is there. */
static size_t
spaced_run_unit_len(const unsigned char *s, size_t len, size_t at, unsigned char before,
                    size_t digits, size_t letters)
{
    if (s[at] < 0x80) {
        return spaced_unit_after(s[at], before, digits) ||
                       (letters >= SPACED_LETTERS_MIN && spaced_symbol(s[at]))
                   ? 1
                   : 0;
    }
    return spaced_letter_len(s, len, at);
}

/*
 * A spaced run of one or two capitals and then digits alone is an identifier ("K 4 8 2 9 1 0 4",
 * "S 5 3 0 4 1 2 9 8 8"): SPACED_ID_DIGITS_MIN digits at least, SPACED_DIGITS_MAX at most.
 */
#define SPACED_ID_DIGITS_MIN 6

/*
 * The end of the spaced run starting at s[i] (just past its last unit), or i when none starts
 * there. s[i] must start a token: i == 0 or s[i - 1] is not a unit. *stop is past the last unit
 * read, qualified or not: a run starting at a later unit of it has fewer units and letters and
 * cannot qualify either, so callers skip to there ("1 1 1 ..." is read once, not once per unit).
 */
static size_t
spaced_run_end(const unsigned char *s, size_t len, size_t i, size_t *stop)
{
    size_t units = 0, letters = 0, digits = 0, marks = 0, at = i, end = i, u = 0;
    unsigned char before = 0;
    bool id = s[i] >= 'A' && s[i] <= 'Z';

    /* a unit alone in its token ("a b cd" is a run of two: "cd" is a word), or before the
     * punctuation that ends a sentence or clause ("1 9 9 2." ends the run) */
    while (at < len && (u = spaced_run_unit_len(s, len, at, before, digits, letters)) > 0 &&
           (at + u == len || !(spaced_unit(s[at + u]) || spaced_letter_len(s, len, at + u)) ||
            clause_end(s, len, at + u))) {
        units++;
        letters += norm_ascii_letter(s[at]) || u > 1;
        digits += s[at] >= '0' && s[at] <= '9';
        marks += spaced_mark(s[at]);
        /* capitals first, then digits only */
        id = id && (s[at] >= '0' && s[at] <= '9'
                        ? true
                        : digits == 0 && s[at] >= 'A' && s[at] <= 'Z' && letters <= 2);
        before = s[at];
        end = at + u;
        if (at + u + 1 >= len || s[at + u] != ' ') {
            break;
        }
        at += u + 1;
    }
    *stop = end;
    if (units >= SPACED_UNITS_MIN && letters >= SPACED_LETTERS_MIN) {
        return end;
    }
    if (id && digits >= SPACED_ID_DIGITS_MIN && digits <= SPACED_DIGITS_MAX) {
        return end;
    }
    return digits >= SPACED_DIGITS_MIN && digits <= SPACED_DIGITS_MAX && marks > 0 &&
                   !spaced_mark(before)
               ? end
               : i;
}

/*
 * Separated writing: a value typed one character at a time with the same separator after every
 * character, a separator other than one space: "6_4_6_6_9_7_0_6_3_0", "+/2/7/8/0/5/2/9/1",
 * "N  L  3  4  I  T  T  I", "I . L . 2 . 6 . 2 . 5". A unit is an ASCII letter or digit (a '+'
 * may lead); a separator is two to four spaces, or one of _ / . - ~ with up to three spaces
 * either side, the same bytes every time. Seven units at least (a phone number's digits), so
 * "1.2.3", "v-1-2" and an IP address stay as written; ',' is left out, since a list of small
 * numbers is text ('|' and interpuncts: see norm_join_interpunct_runs). Digits alone one '.', '-'
 * or
 * '/' apart stay too: the digit rules read them, and the separators are their evidence.
 */
#define SEPARATED_UNITS_MIN   7
#define SEPARATED_LETTERS_MIN 4

static bool
separator_mark(unsigned char c)
{
    return c == '_' || c == '/' || c == '.' || c == '-' || c == '~';
}

/* The length of the separator at s[i], or 0. */
static size_t
separator_len(const unsigned char *s, size_t len, size_t i)
{
    size_t a = 0, b = 0;

    if (s[i] == '\n') {
        return 1; /* one character a line */
    }
    while (i + a < len && s[i + a] == ' ' && a < 4) {
        a++;
    }
    if (a <= 3 && i + a < len && separator_mark(s[i + a])) {
        while (i + a + 1 + b < len && s[i + a + 1 + b] == ' ' && b < 3) {
            b++;
        }
        return a + 1 + b;
    }
    return a >= 2 ? a : 0;
}

/*
 * The end of the separated run starting at s[i] (just past its last unit), or i when none starts
 * there; *step is the distance from one unit to the next. s[i] must start a token.
 */
static size_t
separated_run_end(const unsigned char *s, size_t len, size_t i, size_t *step)
{
    size_t m, at = i, units = 1, letters = norm_ascii_letter(s[i]), marks = 0;

    if (i + 1 >= len || !(norm_ascii_alnum(s[i]) || s[i] == '+')) {
        return i;
    }
    m = separator_len(s, len, i + 1);
    if (m == 0) {
        return i;
    }
    /* a unit alone on its line after another is inside a run read from its first unit: each
     * run of lines is read once, so a column of digits stays linear */
    if (s[i + 1] == '\n' && i >= 2 && s[i - 1] == '\n' &&
        (norm_ascii_alnum(s[i - 2]) || spaced_mark(s[i - 2])) && (i == 2 || s[i - 3] == '\n')) {
        return i;
    }
    /* with a separator of blanks alone, the value's own separators are units too: "1  9  9  0
     * -  0  7" and "5\n3\n6\n-\n2\n2" read "1990-07" and "536-22" */
    bool blank = true;
    for (size_t k = i + 1; k <= i + m; k++) {
        blank = blank && (s[k] == ' ' || s[k] == '\n');
    }
    /* with a separator of one mark, the value's own marks typed as units too ("4.0.6.-.6.8",
     * "0-5-9---1-0"), one between two characters: "406-68", "059-10" */
    bool one_mark = m == 1 && separator_mark(s[i + 1]);
    /* the next unit follows the same separator and stands alone */
    while (at + 1 + m < len && memcmp(s + at + 1, s + i + 1, m) == 0 &&
           (norm_ascii_alnum(s[at + 1 + m]) ||
            ((blank || one_mark) && spaced_mark(s[at + 1 + m]) &&
             (!spaced_mark(s[at]) || (s[at] == ':' && s[at + 1 + m] == ':')))) &&
           (at + 2 + m == len || !norm_ascii_alnum(s[at + 2 + m]))) {
        at += 1 + m;
        units++;
        letters += norm_ascii_letter(s[at]);
        marks += spaced_mark(s[at]);
    }
    if (spaced_mark(s[at])) {
        at -= 1 + m; /* a separator after the value is not part of it */
        units--;
        marks--;
    }
    *step = 1 + m;
    /* digits one '.', '-' or '/' apart are the digit rules' own evidence ("7.1.3.8.6.1.8.8.0.4"
     * is a phone number typed apart, where "7138618804" is any number); so are digits one to a
     * line, unless their separators are typed between them */
    if (letters == 0 && marks == 0 && m == 1 && s[i + 1] != '_' && s[i + 1] != '~') {
        return i;
    }
    /* a word or name typed apart ("J.o.h.n", "L-u-k-a-s", "D_a_n"): letters alone, four at least */
    if (letters == units && units >= SEPARATED_LETTERS_MIN && m == 1) {
        return at + 1;
    }
    return units >= SEPARATED_UNITS_MIN ? at + 1 : i;
}

/*
 * The end of the spaced or separated run starting at s[i], or i; *step as above (2 for a spaced
 * run), and *body where its stepped units start: i, or past a '+' written apart from a
 * separated run of digits ("+ 4 . 4 . 7 ..." reads "+447..."). s[i] must start a token.
 */
static size_t
run_end(const unsigned char *s, size_t len, size_t i, size_t *step, size_t *body,
        size_t *spaced_read)
{
    size_t end;

    *body = i;
    if (s[i] == '+') {
        size_t k = i + 1;
        while (k < len && k < i + 4 && (s[k] == ' ' || separator_mark(s[k]))) {
            k++;
        }
        if (k > i + 1 && k < len && s[k] >= '0' && s[k] <= '9' &&
            (end = separated_run_end(s, len, k, step)) > k) {
            *body = k;
            return end;
        }
    }
    end = separated_run_end(s, len, i, step);
    if (end > i) {
        return end;
    }
    *step = 2;
    if (i < *spaced_read) {
        return i; /* inside a spaced run already read that did not qualify */
    }
    end = spaced_run_end(s, len, i, spaced_read);
    return end;
}

static bool
token_start(const unsigned char *s, size_t i)
{
    return i == 0 || !(spaced_unit(s[i - 1]) || spaced_letter_before(s, i));
}

/* Whether a separated run starts at s[p]. */
static bool
separated_run_at(const unsigned char *s, size_t len, size_t p)
{
    size_t step;

    return token_start(s, p) && separated_run_end(s, len, p, &step) > p;
}

/*
 * Whether a spaced run starts at s[p - 1], given spaces at s[p] and s[p + 2]. *spaced_read is
 * past the units already read (callers go forward): a run starting before it did not qualify.
 */
static bool
spaced_run_at(const unsigned char *s, size_t len, size_t p, size_t *spaced_read)
{
    return p >= 1 && p + 3 < len && p - 1 >= *spaced_read && spaced_unit(s[p - 1]) &&
           spaced_unit(s[p + 1]) && (p == 1 || !spaced_unit(s[p - 2])) &&
           spaced_run_end(s, len, p - 1, spaced_read) > p - 1;
}

/*
 * Whether a spaced or separated run starts just before s[q], given s[q] == s[q + 2]: every run
 * holds two equal bytes two apart, a space or a separator mark ("u u u", "6_4_6", "N  L  3",
 * "I . L . 2"), the first of them in its first separator.
 */
static bool
run_near(const unsigned char *s, size_t len, size_t q, size_t *spaced_read)
{
    size_t p = q;

    if (s[q] != ' ') {
        return (separator_mark(s[q]) || s[q] == '\n') && q >= 1 && separated_run_at(s, len, q - 1);
    }
    if (spaced_run_at(s, len, q, spaced_read)) {
        return true;
    }
    /* a wide separator holds a mark or two spaces; its unit is just before its spaces */
    if (!(separator_mark(s[q + 1]) || s[q + 1] == ' ' || (q > 0 && s[q - 1] == ' '))) {
        return false;
    }
    /* at most four spaces back (a separator's longest run), so a run of blanks stays linear */
    while (p > 0 && q - p < 4 && s[p - 1] == ' ') {
        p--;
    }
    return p >= 1 && s[p - 1] != ' ' && separated_run_at(s, len, p - 1);
}

/*
 * Whether s holds a spaced or separated run (the view joins it). Every run has two equal bytes
 * two apart (see run_near): eight positions at a time are tested for that, and only those
 * looked at.
 */
bool
norm_has_spaced_run(const unsigned char *s, size_t len)
{
    const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    size_t p = 0, spaced_read = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; p + 10 <= len; p += 8) {
        uint64_t a, b;
        memcpy(&a, s + p, 8);
        memcpy(&b, s + p + 2, 8);
        uint64_t same = a ^ b; /* zero where the bytes two apart are equal */
        uint64_t hit = (same - ones) & ~same & high;
        /* the has-zero test can flag a byte after a true zero: each flag is checked below */
        for (; hit; hit &= hit - 1) {
            size_t q = p + (size_t)(__builtin_ctzll(hit) >> 3); /* the first byte is lowest */
            if (s[q] == s[q + 2] && (s[q] == ' ' || s[q] == '\n' || separator_mark(s[q])) &&
                run_near(s, len, q, &spaced_read)) {
                return true;
            }
        }
    }
#endif
    for (; p + 2 < len; p++) {
        if (s[p] == s[p + 2] && (s[p] == ' ' || s[p] == '\n' || separator_mark(s[p])) &&
            run_near(s, len, p, &spaced_read)) {
            return true;
        }
    }
    return false;
}

/*
 * Whether s holds a spaced run that starts at a cased letter of another script ("З о я",
 * "Ñ u s t a"): norm_has_spaced_run finds a run through two of its ASCII units; this one looks
 * at each letter of another script alone before a space. Only a view is asked (an ASCII text
 * has none), so the plain ASCII test does not pay for it.
 */
bool
norm_has_spaced_letter_run(const unsigned char *s, size_t len)
{
    size_t spaced_read = 0, q = norm_first_non_ascii(s, 0, len);

    for (; q < len; q++) {
        size_t u, stop = 0;
        if (s[q] < 0xC2 || q < spaced_read || (u = spaced_letter_len(s, len, q)) == 0 ||
            q + u + 1 >= len || s[q + u] != ' ' || !token_start(s, q)) {
            continue;
        }
        if (spaced_run_end(s, len, q, &stop) > q) {
            return true;
        }
        spaced_read = stop;
    }
    return false;
}

/* The gap of two to four spaces between two spaced words at t[i]: its length, or 0. */
static size_t
word_gap_len(const unsigned char *t, size_t n, size_t i)
{
    size_t a = 0;

    while (i + a < n && t[i + a] == ' ' && a < 5) {
        a++;
    }
    return a >= 2 && a <= 4 && i + a < n ? a : 0;
}

/*
 * Whether a short spaced word (too few units or letters to be a run on its own: "m y", "i s",
 * "1 4") that ends at t[end] joins as a word of a spaced sentence: a joined run ends a gap of two
 * to four spaces before it (the view is rewritten up to w, the run ending at last_run_end), or
 * such a gap leads to a run that qualifies after it. So "m y   n a m e   i s   J o e" reads
 * "my name is Joe", and "M a r   1 4   1 9 8 7" reads "Mar 14 1987".
 */
static bool
word_joins_runs(const struct norm_view *v, size_t w, size_t last_run_end, size_t end,
                size_t spaced_read)
{
    const unsigned char *t = v->text.data;
    size_t n = v->text.len, gap, step = 2, body = 0;

    if (last_run_end != SIZE_MAX && w >= last_run_end + 2 && w <= last_run_end + 4) {
        bool only_spaces = true;
        for (size_t k = last_run_end; k < w; k++) {
            only_spaces = only_spaces && t[k] == ' ';
        }
        if (only_spaces) {
            return true;
        }
    }
    gap = word_gap_len(t, n, end);
    /* spaced_read is a copy: the run after is read again when the join reaches it */
    return gap > 0 && run_end(t, n, end + gap, &step, &body, &spaced_read) > end + gap;
}

/*
 * Join every spaced run of the view into a word ("B o b" reads "Bob"), and read the gap of
 * spaces between two runs as one space ("B o b   L e e" reads "Bob Lee"); a separated run
 * loses its separators ("6_4_6_6_9_7_0" reads "6466970"). The view only
 * shrinks; a dropped space lies between the bytes either side of it, so a span over the word
 * still covers it.
 */
/*
 * Whether the spaced run t[from, to) (units one space apart) spells words run together, to be
 * read apart where a capitalised word starts ("P r i y a R a m a n" -> "Priya Raman", "4 1 8
 * B i r c h w o o d L a n e" -> "418 Birchwood Lane"): letters of both cases alone, after
 * digits at most, so a key or a password with symbols or digits inside stays one token.
 */
/* The length of the unit of a spaced run at t[i] that was read as one: one byte, or a cased
 * letter of another script. */
static size_t
spaced_unit_len(const unsigned char *t, size_t n, size_t i)
{
    return t[i] < 0x80 ? 1 : spaced_letter_len(t, n, i);
}

/* The case of the letter of a spaced run at t[i]: 'u', 'l', or 0 for anything else. */
static char
spaced_case(const unsigned char *t, size_t n, size_t i)
{
    UChar32 c = 0;
    int32_t k = (int32_t)i;

    if (t[i] < 0x80) {
        return t[i] >= 'a' && t[i] <= 'z' ? 'l' : t[i] >= 'A' && t[i] <= 'Z' ? 'u' : 0;
    }
    U8_NEXT(t, k, (int32_t)n, c);
    return c < 0 ? 0 : u_isUUppercase(c) ? 'u' : u_isULowercase(c) ? 'l' : 0;
}

static bool
spaced_words(const unsigned char *t, size_t n, size_t from, size_t to)
{
    bool lower = false, upper = false, letter = false;

    for (size_t i = from; i < to; i += spaced_unit_len(t, n, i) + 1) {
        char c = spaced_case(t, n, i);
        if (t[i] >= '0' && t[i] <= '9') {
            if (letter) {
                return false;
            }
            continue;
        }
        if (c == 0) {
            return false;
        }
        letter = true;
        lower |= c == 'l';
        upper |= c == 'u';
    }
    return lower && upper;
}

void
norm_join_spaced_runs(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, last_run_end = SIZE_MAX, spaced_read = 0;

    while (i < n) {
        size_t step = 2, body = i;
        size_t end = token_start(t, i) ? run_end(t, n, i, &step, &body, &spaced_read) : i;
        if (end == i && token_start(t, i) && spaced_unit(t[i])) {
            size_t weak = i;
            spaced_run_end(t, n, i, &weak);
            if (weak > i && !word_joins_runs(v, w, last_run_end, weak, spaced_read)) {
                while (i < weak) {
                    norm_view_move(v, w++, i++); /* read once: a run of units is not read again */
                }
                continue;
            }
            end = weak;
        }
        if (end == i) {
            norm_view_move(v, w++, i++);
            continue;
        }
        /* the spaces since the previous run's end were copied: keep one of them */
        if (last_run_end != SIZE_MAX && w > last_run_end + 1) {
            bool only_spaces = true;
            for (size_t k = last_run_end; k < w; k++) {
                only_spaces = only_spaces && t[k] == ' ';
            }
            if (only_spaces) {
                w = last_run_end + 1;
            }
        }
        if (body > i) {
            norm_view_move(v, w++, i); /* the leading '+' */
        }
        if (step != 2) {
            for (i = body; i < end; i += step) {
                norm_view_move(v, w++, i);
            }
            i = end;
            last_run_end = w;
            continue;
        }
        /* a spaced run: its units are one byte or a letter of another script, a space apart */
        bool words = spaced_words(t, n, body, end);
        i = body;
        for (size_t prev = SIZE_MAX, u = 0; i < end; prev = i, i += u + 1) {
            u = spaced_unit_len(t, n, i);
            if (words && prev != SIZE_MAX && i + u + 1 < end && spaced_case(t, n, i) == 'u' &&
                (spaced_case(t, n, prev) == 'l' || norm_ascii_digit(t[prev])) &&
                spaced_case(t, n, i + u + 1) == 'l') {
                norm_view_move(v, w++, i - 1); /* a capitalised word starts: its space stays */
            }
            for (size_t k = 0; k < u; k++) {
                norm_view_move(v, w++, i + k);
            }
        }
        i = end;
        last_run_end = w;
    }
    v->text.len = w;
    t[w] = '\0';
}

/*
 * A value typed one character at a time between interpuncts or bars: "1·9·6·1·0·6·2·8",
 * "b•c•1•q•8•t•x", "h·t·t·p·s·:·/·/·w·w·w", "@|e|l|s|a|_|o|f|f", "8 · 2 · 9 · 9 · 4". Every
 * unit is one ASCII letter, digit or mark a value holds (@ . _ - + : / # ~ ,), every separator
 * the same interpunct (U+00B7, U+2022, U+2219, U+22C5, U+30FB) with the same blanks around it
 * each time (none or one space a side), or '|' with none, INTERPUNCT_UNITS_MIN units at least.
 * The view reads the units joined. Runs of longer groups ("192·168·1·1") and a table's spaced
 * cells ("| 1 | 2 | 3 |") stay: digit separators and tables are read elsewhere.
 */
#define INTERPUNCT_UNITS_MIN 7

static bool
interpunct_unit(unsigned char c)
{
    return norm_ascii_alnum(c) || (c != '|' && c != '<' && c != '>' && c > ' ' && c < 0x7F &&
                                   strchr("@._-+:/#~,", c) != NULL);
}

/* The length of the interpunct or bar at t[i] (no blanks), or 0. */
static size_t
interpunct_len(const unsigned char *t, size_t n, size_t i)
{
    if (t[i] == '|') {
        return 1;
    }
    if (i + 1 < n && t[i] == 0xC2 && t[i + 1] == 0xB7) {
        return 2;
    }
    if (i + 2 < n && ((t[i] == 0xE2 && t[i + 1] == 0x80 && t[i + 2] == 0xA2) ||
                      (t[i] == 0xE2 && t[i + 1] == 0x88 && t[i + 2] == 0x99) ||
                      (t[i] == 0xE2 && t[i + 1] == 0x8B && t[i + 2] == 0x85) ||
                      (t[i] == 0xE3 && t[i + 1] == 0x83 && t[i + 2] == 0xBB))) {
        return 3;
    }
    return 0;
}

/* The separator (blanks, interpunct, blanks) at t[i], or 0. */
static size_t
interpunct_sep_len(const unsigned char *t, size_t n, size_t i)
{
    size_t a = i < n && t[i] == ' ', m;

    if (i + a >= n || (m = interpunct_len(t, n, i + a)) == 0) {
        return 0;
    }
    if (t[i + a] == '|') {
        return a ? 0 : m; /* a bar with blanks around it divides a table's cells */
    }
    return a + m + (i + a + m < n && t[i + a + m] == ' ');
}

/*
 * The end of the interpunct run whose first unit is t[i] (just past its last unit), or i; *step
 * is a unit and its separator.
 */
/* Whether the unit at t[k] stands alone: the text ends after it, or a separator of length m, a
 * byte that is no unit, or a full stop or comma ending the sentence ("... 4|7|9. use it"). */
static bool
interpunct_unit_alone(const unsigned char *t, size_t n, size_t k, size_t m)
{
    unsigned char c = k + 1 < n ? t[k + 1] : ' ';

    if (k + 1 == n || !interpunct_unit(c) || interpunct_sep_len(t, n, k + 1) == m) {
        return true;
    }
    return strchr(".,;:!?", c) != NULL && (k + 2 == n || !interpunct_unit(t[k + 2]));
}

/*
 * The end of the interpunct run whose first unit is t[i] (just past its last unit), or i; *step
 * is a unit and its separator.
 */
static size_t
interpunct_run_end(const unsigned char *t, size_t n, size_t i, size_t *step)
{
    size_t m, at = i, units = 1;

    if (!interpunct_unit(t[i]) || (i > 0 && (interpunct_unit(t[i - 1]) || t[i - 1] >= 0x80)) ||
        (m = interpunct_sep_len(t, n, i + 1)) == 0) {
        return i;
    }
    while (at + 1 + m < n && memcmp(t + at + 1, t + i + 1, m) == 0 &&
           interpunct_unit(t[at + 1 + m]) && interpunct_unit_alone(t, n, at + 1 + m, m)) {
        at += 1 + m;
        units++;
    }
    *step = 1 + m;
    return units >= INTERPUNCT_UNITS_MIN ? at + 1 : i;
}

/* The first interpunct run of t from from on: its first unit, or n. */
static size_t
next_interpunct_run(const unsigned char *t, size_t n, size_t from, size_t *end, size_t *step)
{
    for (size_t i = from; i + 1 < n; i++) {
        if (interpunct_len(t, n, i + 1) ||
            (t[i + 1] == ' ' && i + 2 < n && interpunct_len(t, n, i + 2))) {
            size_t e = interpunct_run_end(t, n, i, step);
            if (e > i) {
                *end = e;
                return i;
            }
        }
    }
    return n;
}

bool
norm_has_interpunct_run(const unsigned char *t, size_t n)
{
    size_t end, step;

    if (n == 0) {
        return false; /* an empty view's text may be NULL */
    }
    return (memchr(t, '|', n) || memchr(t, 0xC2, n) || memchr(t, 0xE2, n) || memchr(t, 0xE3, n)) &&
           next_interpunct_run(t, n, 0, &end, &step) < n;
}

/* Read every interpunct run of the view joined. The view only shrinks. */
void
norm_join_interpunct_runs(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, end, step;

    while (i < n) {
        size_t start = next_interpunct_run(t, n, i, &end, &step);
        while (i < start) {
            norm_view_move(v, w++, i++);
        }
        if (start == n) {
            break;
        }
        for (size_t k = start; k < end; k += step) {
            norm_view_move(v, w++, k);
        }
        i = end;
    }
    v->text.len = w;
    t[w] = '\0';
}
