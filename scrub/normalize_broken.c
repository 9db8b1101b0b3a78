/*
 * Passes over the finished view that join a value broken across two lines where it wraps: a
 * number ("185.220.\n101.47", "SSN: 726\n81-7127") and any other value ("key: c9FNvCMs\nxf4"),
 * each when both sides read as halves of one value and never two words of prose.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

/*
 * A number broken across two lines where it wraps: "14/03/\n1987", "185.220.\n101.47",
 * "2a02:810d\n:4b3f::5". The line break (with blanks around it, no blank line) goes when the
 * word before it is hex digits and one separator (. / - :) only and holds two of them with the
 * one at the break ("1.\n2." of a list holds one), and the word after it is made of the same
 * (a word ends at white space or ASCII punctuation);
 * the separator sits at the break's one side, a digit at the other. Both words are ASCII, so
 * no earlier step of the view reads them otherwise once joined. How far a word is looked at:
 */
#define BROKEN_NUMBER_REACH 48

/* Whether c goes on a word (a letter, digit, '_' or non-ASCII) rather than ending it. */
static bool
word_end_byte(unsigned char c)
{
    return norm_ascii_alnum(c) || c == '_' || c >= 0x80;
}

/*
 * The start of the word of t ending at end (hex digits and sep, after white space or ASCII
 * punctuation), or end when there is none. A word of separators alone is a rule line ("----"
 * under a heading), not part of a number.
 */
static size_t
broken_word_start(const unsigned char *t, size_t end, unsigned char sep, size_t *seps)
{
    size_t k = end;

    *seps = 0;
    while (k > 0 && end - k < BROKEN_NUMBER_REACH &&
           (t[k - 1] == sep || norm_hex_digit(t[k - 1]))) {
        *seps += t[k - 1] == sep;
        k--;
    }
    return (k == 0 || !word_end_byte(t[k - 1])) && *seps < end - k ? k : end;
}

/* Whether the word of t starting at from is hex digits and sep, up to white space or ASCII
 * punctuation (see above), with a digit: a list's bullet on the next line ("570-670-2284\n-
 * Kenji") is no half of the number above it. */
static bool
broken_word_after(const unsigned char *t, size_t n, size_t from, unsigned char sep, size_t *work)
{
    size_t k = from, digits = 0;

    while (k < n && k - from < BROKEN_NUMBER_REACH && (t[k] == sep || norm_hex_digit(t[k]))) {
        digits += t[k] != sep;
        k++;
    }
    *work += k - from;
    return digits > 0 && (k == n || !word_end_byte(t[k]));
}

/*
 * A number broken between two of its digits after a label ("my acct # is 909556\n251842",
 * "SSN: 726\n81-7127", "ID -> A412\n4786"): the line break has no blank beside it, the words
 * either side are letters, digits and separators (. / - : +) with two digits at least each, no
 * more letters than digits, and BROKEN_DIGITS_MIN digits together, and a label mark comes just
 * before the number on its line (see label_before), so two numbers on consecutive lines of a
 * list ("totals 45260181\n59083012", "rooms 174-56\n2937") stay. The break reads as the
 * number's one kind of separator ("726-81-7127"), or as nothing where it has none; groups a
 * space apart ("415 555\n2134") stay as written.
 */
#define BROKEN_DIGITS_MIN 6

static bool
broken_digits_byte(unsigned char c)
{
    return norm_ascii_alnum(c) || norm_number_mark(c) || c == '+';
}

/* How far back label_before looks past quotes, brackets and blanks for the label's mark. */
#define LABEL_GAP 8

/* Whether t[0, k) ends in the word w (after white space or at the start). */
static bool
word_before_is(const unsigned char *t, size_t k, const char *w)
{
    size_t m = strlen(w);

    return k >= m && memcmp(t + k - m, w, m) == 0 &&
           (k == m || t[k - m - 1] == ' ' || t[k - m - 1] == '\n');
}

/*
 * Whether the number starting at t[lo] follows a label on its line: a colon, '#', '=', an arrow
 * ("->", "=>", "→") or "is"/"was", with blanks, quotes or brackets between ("acct # is 909556",
 * "ID -> 6531", 'DL: "U020'). Two numbers on consecutive lines of a list have none.
 */
static bool
label_before(const unsigned char *t, size_t lo, size_t *work)
{
    size_t k = lo;

    while (k > 0 && lo - k < LABEL_GAP && strchr(" \t\"'([{<`*", t[k - 1]) != NULL) {
        k--;
    }
    *work += lo - k;
    if (k == 0) {
        return false;
    }
    if (t[k - 1] == ':' || t[k - 1] == '#' || t[k - 1] == '=' || t[k - 1] == '>' ||
        (k >= 3 && t[k - 3] == 0xE2 && t[k - 2] == 0x86 && t[k - 1] == 0x92)) {
        return true;
    }
    return lo - k > 0 && (word_before_is(t, k, "is") || word_before_is(t, k, "was"));
}

/* Note the separator c of a broken number in *sep: 0 for none yet, 1 for two kinds. */
static void
note_separator(unsigned char c, unsigned char *sep)
{
    if (*sep == 0) {
        *sep = c;
    } else if (*sep != c) {
        *sep = 1;
    }
}

/* Whether the line break t[p, q) breaks a number between two digits (see above); *joint is what
 * it reads as, a separator or 0 for nothing. */
static bool
broken_between_digits(const unsigned char *t, size_t n, size_t p, size_t q, unsigned char *joint,
                      size_t *work)
{
    size_t lo = p, hi = q, before = 0, after = 0, letters_before = 0, letters_after = 0;
    unsigned char sep = 0;

    while (lo > 0 && p - lo < BROKEN_NUMBER_REACH && broken_digits_byte(t[lo - 1])) {
        before += t[lo - 1] >= '0' && t[lo - 1] <= '9';
        letters_before += norm_ascii_letter(t[lo - 1]);
        /* a separator counts between two characters of the number, not as its edge */
        if (norm_number_mark(t[lo - 1]) && lo >= 2 && norm_ascii_alnum(t[lo - 2])) {
            note_separator(t[lo - 1], &sep);
        }
        lo--;
    }
    while (hi < n && hi - q < BROKEN_NUMBER_REACH && broken_digits_byte(t[hi])) {
        after += t[hi] >= '0' && t[hi] <= '9';
        letters_after += norm_ascii_letter(t[hi]);
        if (norm_number_mark(t[hi]) && hi + 1 < n && norm_ascii_alnum(t[hi + 1])) {
            note_separator(t[hi], &sep);
        }
        hi++;
    }
    *work += (p - lo) + (hi - q);
    /* a word runs on into other bytes (non-ASCII, '_', '@'...): not a number's edge */
    if ((lo > 0 && word_end_byte(t[lo - 1])) ||
        (hi < n && (word_end_byte(t[hi]) || t[hi] == '@')) || before < 2 || after < 2 ||
        before + after < BROKEN_DIGITS_MIN || letters_before > before || letters_after > after) {
        return false;
    }
    /* groups one space apart on either line ("415 555\n2134", "Jul 24\n1977") are as likely
     * two numbers or a date; two kinds of separator are no one number */
    if ((lo >= 2 && t[lo - 1] == ' ' && t[lo - 2] >= '0' && t[lo - 2] <= '9') ||
        (hi + 1 < n && t[hi] == ' ' && t[hi + 1] >= '0' && t[hi + 1] <= '9') || sep == 1) {
        return false;
    }
    *joint = sep;
    return label_before(t, lo, work);
}

/*
 * The end of the white space starting at t[p] (after a word) when it is a broken number's line
 * break (see above), or p. Adds the bytes it read to *work.
 */
static size_t
broken_number_gap(const unsigned char *t, size_t n, size_t p, unsigned char *joint, size_t *work)
{
    size_t q = p, lines = 0, returns = 0, seps;

    *joint = 0;
    while (q < n && norm_is_space_byte(t[q]) && q - p < 6 && lines < 2 && returns < 2) {
        lines += t[q] == '\n';
        returns += t[q] == '\r';
        q++;
    }
    *work += q - p;
    if (p == 0 || q == n || norm_is_space_byte(t[q]) || lines > 1 || returns > 1 ||
        lines + returns == 0) {
        return p;
    }
    unsigned char a = t[p - 1], b = t[q];
    if (a >= '0' && a <= '9' && b >= '0' && b <= '9' && q - p == lines + returns &&
        broken_between_digits(t, n, p, q, joint, work)) {
        return q;
    }
    unsigned char sep = norm_number_mark(a) ? a : norm_number_mark(b) ? b : 0;
    if (!sep || norm_number_mark(a) == norm_number_mark(b) ||
        !norm_hex_digit(norm_number_mark(a) ? b : a)) {
        return p;
    }
    size_t lo = broken_word_start(t, p, sep, &seps);
    *work += p - lo;
    if (lo == p || seps + (b == sep) < 2 || !broken_word_after(t, n, q, sep, work)) {
        return p;
    }
    return q;
}

/*
 * The start of the blanks and carriage return before the line break at t[i] (a gap is at most
 * six bytes and holds one line break).
 */
static size_t
space_start(const unsigned char *t, size_t i)
{
    size_t k = i;

    while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\r') && i - k < 6) {
        k--;
    }
    return k;
}

/* How many line breaks of t[0, n) are a broken number's, up to stop of them. */
static size_t
broken_number_scan(const unsigned char *t, size_t n, size_t stop, size_t *work)
{
    /* an empty text may have no buffer yet, and memchr(NULL, c, 0) is undefined */
    const unsigned char *c = n ? memchr(t, '\n', n) : NULL;
    size_t found = 0;

    while (c && found < stop) {
        size_t p = space_start(t, (size_t)(c - t));
        *work += (size_t)(c - t) - p;
        unsigned char joint;
        found += broken_number_gap(t, n, p, &joint, work) > p;
        size_t next = (size_t)(c - t) + 1;
        c = next < n ? memchr(t + next, '\n', n - next) : NULL;
    }
    return found;
}

bool
norm_has_broken_number(const unsigned char *t, size_t n)
{
    size_t work = 0;

    return broken_number_scan(t, n, 1, &work) > 0;
}

size_t
norm_broken_number_work(const unsigned char *s, size_t len)
{
    size_t work = 0;

    broken_number_scan(s, len, SIZE_MAX, &work);
    return work;
}

/* Join every broken number of the view (see broken_number_gap). The view only shrinks. */
void
norm_join_broken_numbers(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0;

    while (i < n) {
        if (i > 0 && norm_is_space_byte(t[i]) && !norm_is_space_byte(t[i - 1])) {
            unsigned char joint;
            size_t work = 0, gap = broken_number_gap(t, n, i, &joint, &work);
            if (gap > i) {
                if (joint) {
                    norm_view_put(v, w++, i, gap, joint);
                }
                i = gap;
                continue;
            }
        }
        norm_view_move(v, w++, i++);
    }
    v->text.len = w;
    t[w] = '\0';
}

/*
 * A value broken by one bare line break where it wraps: "key: c9FNvCMs\nxf4!76wc", "user
 * name=whita\nker627", "https://twitte\nr.com/x", "dwayne.delacroix\n@outlook.com", "pw:
 * Toei@4\n226Soc", "(MU08\nBSF)". The break ("\n" or "\r\n", no blank beside it) goes when the
 * piece before it and the piece after it (runs of piece bytes, see piece_byte) read as the two
 * halves of one value, never as the last word of a line and the first of the next:
 *   - two numbers are broken_number_gap's to join (after a label only);
 *   - the second piece starts with a letter, a digit or one of . @ _ % ! $ & ~ (never a bullet
 *     or an option), holds two letters or digits and is no plain word: it holds a digit or a
 *     symbol (a full stop or mark ending it aside) or mixes cases after its first letter, or
 *     it is capitals alone that end the value after a first piece of letters and digits;
 *   - the first piece holds a letter or digit and a digit or symbol too, or is a word right
 *     after ':', '=' or " is " (the cue's: "user name=whita\nker627") that a small letter,
 *     '.', '@' or '_' goes on from (a label's value starts with a capital or digit:
 *     "IBAN\nDE81..."), and
 *     does not end a clause (, ; : ! ?, or a full stop before a piece with no digit) nor
 *     with two marks ("-----BEGIN PUBLIC KEY-----\nMFkw...");
 *   - the first piece is no key on a line of its own (letters joined by '_' or '-':
 *     "github_token\nghp_..."), which names the next line rather than starting it;
 *   - neither piece is a number alone or a word spelled one letter at a time ("S-S-N"), nor the
 *     end of digits grouped by spaces; the first is no whole e-mail address ("a@b.org\nend/");
 *     the second holds no '@' after its first byte (an address of its own), starts no link, and
 *     is not followed by the next field's label or a call;
 *   - the second goes on into words on its line ("notes3 follow below") only when it holds
 *     two digits, a symbol or mixed case;
 *   - a list stays a list: no join when the second piece ends its line and the next line starts
 *     with another piece holding a digit or symbol, or the first piece starts its line and the
 *     line before ends with one; nor two links, one per line.
 * The joined value is ASCII, so no earlier step of the view reads it otherwise. How far a piece
 * is looked at (an sk-proj key is longer: its head and tail still join within the reach):
 */
#define BROKEN_VALUE_REACH 96

/* A byte a piece of a broken value is made of. */
static bool
piece_byte(unsigned char c)
{
    return norm_ascii_alnum(c) || (c != 0 && strchr("_.@/+#$%&*!?~-", c) != NULL);
}

struct piece {
    size_t lo, hi;        /* t[lo, hi) */
    size_t alnum, digits; /* letters and digits, and digits alone */
    size_t symbols;       /* other bytes, not counting full stops or marks that end it */
    bool mixed_case;      /* a capital after its first byte and a small letter */
};

static void
piece_read(const unsigned char *t, size_t lo, size_t hi, struct piece *p)
{
    size_t end = hi;
    bool lower = false, capital = false;

    while (end > lo && strchr(".!?", t[end - 1]) != NULL) {
        end--;
    }
    p->lo = lo;
    p->hi = hi;
    p->alnum = p->digits = p->symbols = 0;
    for (size_t k = lo; k < hi; k++) {
        p->alnum += norm_ascii_alnum(t[k]);
        p->digits += norm_ascii_digit(t[k]);
        p->symbols += k < end && !norm_ascii_alnum(t[k]);
        lower |= t[k] >= 'a' && t[k] <= 'z';
        capital |= k > lo && t[k] >= 'A' && t[k] <= 'Z';
    }
    p->mixed_case = lower && capital;
}

/* Whether the piece is a number alone (digits and . / -, '+' first) or a word spelled one
 * letter at a time between marks ("p-a-s-s", "D.O.B"). */
static bool
whole_piece(const unsigned char *t, const struct piece *p)
{
    bool number = p->digits > 0, spelled = p->alnum > 1;

    for (size_t k = p->lo; k < p->hi; k++) {
        number &= norm_ascii_digit(t[k]) || t[k] == '.' || t[k] == '/' || t[k] == '-' ||
                  (k == p->lo && t[k] == '+');
        spelled &= !norm_ascii_alnum(t[k]) || k == p->lo || !norm_ascii_alnum(t[k - 1]);
    }
    return number || spelled;
}

/* Whether t[k, hi) are capitals alone. */
static bool
capitals_only(const unsigned char *t, size_t k, size_t hi)
{
    for (; k < hi; k++) {
        if (t[k] < 'A' || t[k] > 'Z') {
            return false;
        }
    }
    return true;
}

/* Whether t[lo, hi) starts with the NUL-free string s. */
static bool
piece_starts(const unsigned char *t, size_t lo, size_t hi, const char *s)
{
    size_t m = strlen(s);

    return hi - lo >= m && memcmp(t + lo, s, m) == 0;
}

/* Whether t[lo, hi) holds "://". */
static bool
piece_links(const unsigned char *t, size_t lo, size_t hi)
{
    for (size_t k = lo; k + 3 <= hi; k++) {
        if (t[k] == ':' && t[k + 1] == '/' && t[k + 2] == '/') {
            return true;
        }
    }
    return false;
}

/* Whether the next field's label follows t[hi] ("\nDOB: ...", "\nTEL;TYPE=", "\nAPI_TOKEN="), or
 * a call ("\nos.path.join(a)"). */
static bool
label_after(const unsigned char *t, size_t n, size_t hi)
{
    size_t k = hi;

    if (k < n && (t[k] == '\t' || t[k] == '(' ||
                  (t[k] == ';' && k + 1 < n && norm_ascii_letter(t[k + 1])))) {
        return true;
    }
    while (k < n && k - hi < 3 && t[k] == ' ') {
        k++;
    }
    return k < n && (t[k] == ':' || t[k] == '=');
}

/*
 * Whether the piece [lo, hi) starts its line (back) or ends it (!back) and the line before ends
 * (back) or the line after starts (!back) with a piece holding a digit or symbol too: an item
 * of a list.
 */
static bool
listed_piece(const unsigned char *t, size_t n, size_t lo, size_t hi, bool back, size_t *work)
{
    size_t a, b, k;

    if (back) {
        if (lo == 0 || t[lo - 1] != '\n') {
            return false;
        }
        /* the line before: the run of piece bytes that ends it */
        b = lo - 1;
        b -= b > 0 && t[b - 1] == '\r';
        for (a = b; a > 0 && b - a < BROKEN_VALUE_REACH && piece_byte(t[a - 1]); a--) {
        }
    } else {
        k = hi + (hi < n && t[hi] == '\r');
        if (k >= n || t[k] != '\n') {
            return false;
        }
        a = k + 1;
        for (b = a; b < n && b - a < BROKEN_VALUE_REACH && piece_byte(t[b]); b++) {
        }
    }
    *work += b - a;
    struct piece p;
    piece_read(t, a, b, &p);
    return a < b && p.digits + p.symbols > 0;
}

/* Whether t[lo, hi) is a whole e-mail address: an '@' after its first byte and a dot after the
 * '@' followed by two letters or more up to its end ("a@b.org"; not "a@b.c" nor "a@outl"). */
static bool
complete_address(const unsigned char *t, size_t lo, size_t hi)
{
    size_t at = 0, dot = 0;

    for (size_t k = lo + 1; k < hi; k++) {
        if (t[k] == '@' && at == 0) {
            at = k;
        } else if (t[k] == '.' && at != 0) {
            dot = k;
        }
    }
    if (dot == 0 || hi - dot < 3) {
        return false;
    }
    for (size_t k = dot + 1; k < hi; k++) {
        if (!norm_ascii_letter(t[k])) {
            return false;
        }
    }
    return true;
}

/*
 * Whether the piece is a key ending a line of keys: letters joined by '_' or '-', with only
 * words of letters, '_' and '-' before it on its line ("github_token\nghp_...", "API-KEY\n...",
 * a TSV header "slack_bot_token\tbank_iban\nxoxb-...", whose tab the view reads as a blank):
 * a header naming the next line's value, not the first half of it.
 */
static bool
key_line(const unsigned char *t, const struct piece *a)
{
    size_t k = a->lo;

    if (a->digits || !a->symbols) {
        return false;
    }
    for (size_t i = a->lo; i < a->hi; i++) {
        if (!norm_ascii_letter(t[i]) && t[i] != '_' && t[i] != '-') {
            return false;
        }
    }
    while (k > 0 && (norm_ascii_letter(t[k - 1]) || t[k - 1] == '_' || t[k - 1] == '-' ||
                     t[k - 1] == ' ' || t[k - 1] == '\t')) {
        k--;
    }
    return k == 0 || t[k - 1] == '\n';
}

/* Whether the pieces a (ending at a line break) and b (starting the next line) read as the
 * two halves of one value (see above). */
static bool
value_halves(const unsigned char *t, size_t n, const struct piece *a, const struct piece *b)
{
    size_t lo = a->lo, p = a->hi, q = b->lo, hi = b->hi;
    unsigned char first = t[q], last = t[p - 1];

    if (a->alnum == 0 || b->alnum < 2 || whole_piece(t, a) || whole_piece(t, b) ||
        label_after(t, n, hi) || key_line(t, a)) {
        return false; /* a rule line, a mark, a number or spelled word, the next label, a key */
    }
    if (hi - q >= 2 && t[hi - 1] == '#' && capitals_only(t, q, hi - 1) &&
        (hi == n || t[hi] == ' ' || t[hi] == '\t' || t[hi] == '\r' || t[hi] == '\n')) {
        return false; /* the next line's label in capitals with a number sign ("DL# D1234567") */
    }
    if (!(norm_ascii_alnum(first) || strchr(".@_%!$&~", first) != NULL) || t[lo] == '-' ||
        (p - lo > 1 && !norm_ascii_alnum(last) && !norm_ascii_alnum(t[p - 2]))) {
        return false; /* a bullet, an option, "-----BEGIN ...-----" */
    }
    if (strchr(",;:!?", last) != NULL || (a->symbols == 0 && last == '.' && b->digits == 0)) {
        return false; /* a clause ends there */
    }
    if ((lo > 1 && t[lo - 1] == ' ' && norm_ascii_digit(t[lo - 2])) ||
        memchr(t + q + 1, '@', hi - q - 1) != NULL ||
        (piece_links(t, lo, p) && piece_links(t, q, hi)) || piece_starts(t, q, hi, "http") ||
        piece_starts(t, q, hi, "www.") || complete_address(t, lo, p)) {
        return false; /* digits grouped by spaces, an address or link of its own, or one that
                       * is whole before the break ("a@b.org\nend/") */
    }
    /* a plate's letters after its digits ("(MU08\nBSF)") end the value there; a label in
     * capitals has its value after it ("9R0\nTEL +1...") */
    bool capitals = a->digits > 0 && a->alnum > a->digits && hi - q == b->alnum &&
                    capitals_only(t, q, hi) && (hi == n || t[hi] != ' ');
    if (b->digits + b->symbols == 0 && !b->mixed_case && !capitals) {
        return false; /* a plain word */
    }
    if (hi < n && t[hi] == ' ' && hi + 1 < n && norm_ascii_letter(t[hi + 1]) && b->digits < 2 &&
        b->symbols == 0 && !b->mixed_case) {
        return false; /* a word with a digit going on into words: "notes3 follow below" */
    }
    if (a->digits + a->symbols == 0) {
        /* a word: the value when right after the cue's ':', '=' or "is" and going on in a
         * small letter or '.', '@', '_' (a label's value starts with a capital or a digit) */
        bool cued =
            lo > 0 && (t[lo - 1] == ':' || t[lo - 1] == '=' ||
                       (t[lo - 1] == ' ' && lo > 1 && (t[lo - 2] == ':' || t[lo - 2] == '=')) ||
                       (lo > 3 && memcmp(t + lo - 4, " is ", 4) == 0));
        return cued && !(first >= 'A' && first <= 'Z') && !norm_ascii_digit(first);
    }
    return true;
}

/*
 * The end of the line break starting at t[p] (after a piece) when it is a broken value's (see
 * above), or p. Adds the bytes it read to *work.
 */
static size_t
broken_value_gap(const unsigned char *t, size_t n, size_t p, size_t *work)
{
    size_t q = p + (t[p] == '\r'), lo, hi;

    if (p == 0 || q >= n || t[q] != '\n' || ++q >= n || !piece_byte(t[p - 1]) ||
        !piece_byte(t[q])) {
        return p;
    }
    for (lo = p; lo > 0 && p - lo < BROKEN_VALUE_REACH && piece_byte(t[lo - 1]); lo--) {
    }
    for (hi = q; hi < n && hi - q < BROKEN_VALUE_REACH && piece_byte(t[hi]); hi++) {
    }
    *work += (p - lo) + (hi - q);
    if ((lo > 0 && piece_byte(t[lo - 1])) || (hi < n && piece_byte(t[hi]))) {
        return p; /* past the reach: no value */
    }
    struct piece a, b;
    piece_read(t, lo, p, &a);
    piece_read(t, q, hi, &b);
    if (!value_halves(t, n, &a, &b)) {
        return p;
    }
    if (listed_piece(t, n, q, hi, false, work) || listed_piece(t, n, lo, p, true, work)) {
        return p;
    }
    return q;
}

/* How many line breaks of t[0, n) are a broken value's, up to stop of them; with gaps, each
 * one's start and end go there in turn. The text is read as it is, before any join. */
static size_t
broken_value_scan(const unsigned char *t, size_t n, size_t stop, size_t *work, size_t *gaps)
{
    /* an empty text may have no buffer yet, and memchr(NULL, c, 0) is undefined */
    const unsigned char *c = n ? memchr(t, '\n', n) : NULL;
    size_t found = 0;

    while (c && found < stop) {
        size_t i = (size_t)(c - t), p = i > 0 && t[i - 1] == '\r' ? i - 1 : i;
        size_t q = broken_value_gap(t, n, p, work);
        if (q > p) {
            if (gaps) {
                gaps[2 * found] = p;
                gaps[2 * found + 1] = q;
            }
            found++;
        }
        c = i + 1 < n ? memchr(t + i + 1, '\n', n - i - 1) : NULL;
    }
    return found;
}

bool
norm_has_broken_value(const unsigned char *t, size_t n)
{
    size_t work = 0;

    return broken_value_scan(t, n, 1, &work, NULL) > 0;
}

size_t
norm_broken_value_work(const unsigned char *s, size_t len)
{
    size_t work = 0;

    broken_value_scan(s, len, SIZE_MAX, &work, NULL);
    return work;
}

/*
 * Join every broken value of the view (see broken_value_gap). The breaks are all found before
 * the first is taken out, so each is judged on the text as written. The view only shrinks.
 */
void
norm_join_broken_values(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, work = 0, k = 0;
    size_t count = broken_value_scan(t, n, SIZE_MAX, &work, NULL);
    size_t *gaps = xmalloc(size_mul(count, 2 * sizeof(*gaps)));

    broken_value_scan(t, n, count, &work, gaps);
    while (i < n) {
        if (k < count && i == gaps[2 * k]) {
            i = gaps[2 * k + 1];
            k++;
            continue;
        }
        norm_view_move(v, w++, i++);
    }
    free(gaps);
    v->text.len = w;
    t[w] = '\0';
}
