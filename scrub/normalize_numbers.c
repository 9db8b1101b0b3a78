/*
 * Passes over the finished view that read a number written with the wrong marks: separators
 * drawn with other characters ("415•555•0134"), letters typed for digits ("81.2.69.l42") and
 * numbers regrouped with a separator numbers are not written with ("405_690_0485").
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <unicode/utf8.h>

#include "common/banned.h"

/*
 * A separator drawn with another character between the digits of a value: a middle dot or
 * bullet ("+·6·5·9·4", "415•555•0134"), another script's full stop ("10܁20܁3܁41",
 * "45꘎33꘎32꘎156"), an Arabic date separator ("14؍03؍1987"), a colon or slash look-alike that
 * is punctuation elsewhere ("fe80܃܃1", "14᜵03᜵1987"). The view reads it as its ASCII
 * separator, and a dot after a '+' as nothing (the plus sign leads the number). Elsewhere it
 * stays: "col·legi", a list's "• item" and every sentence's full stop are text. Decided on the
 * view itself, so the view of the view agrees.
 *
 * The table is Unicode's own list, not a hand pick: every punctuation or symbol character
 * (and modifier letter) that NFKC leaves alone and whose ICU confusable skeleton is '.', ':'
 * or '/', plus every punctuation named FULL STOP or PUNCTUATION DOT in some script (read as
 * '.'), plus the dots and bullets typed as separators; dashes are Pd and folded already. The
 * code points, in order, with the ASCII each reads as:
 */
static const struct digit_sep {
    UChar32 c;
    char ascii;
} digit_seps[] = {
    {0x00B7, '.'},  /* middle dot (U+0387 Greek ano teleia folds to it) */
    {0x0589, '.'},  /* Armenian full stop */
    {0x060D, '/'},  /* Arabic date separator */
    {0x066B, '.'},  /* Arabic decimal separator */
    {0x06D4, '.'},  /* Arabic full stop */
    {0x0701, '.'},  /* Syriac supralinear full stop */
    {0x0702, '.'},  /* Syriac sublinear full stop */
    {0x0703, ':'},  /* Syriac supralinear colon */
    {0x0704, ':'},  /* Syriac sublinear colon */
    {0x1362, '.'},  /* Ethiopic full stop */
    {0x1427, '.'},  /* Canadian syllabics final middle dot */
    {0x16EB, '.'},  /* runic single punctuation */
    {0x16EC, ':'},  /* runic multiple punctuation */
    {0x1735, '/'},  /* Philippine single punctuation */
    {0x1803, '.'},  /* Mongolian full stop */
    {0x1809, '.'},  /* Mongolian Manchu full stop */
    {0x2022, '.'},  /* bullet */
    {0x2027, '.'},  /* hyphenation point */
    {0x2041, '/'},  /* caret insertion point */
    {0x2219, '.'},  /* bullet operator */
    {0x22C5, '.'},  /* dot operator */
    {0x2981, '.'},  /* Z notation spot */
    {0x2CF9, '.'},  /* Coptic Old Nubian full stop */
    {0x2CFE, '.'},  /* Coptic full stop */
    {0x2E31, '.'},  /* word separator middle dot */
    {0x2E3C, '.'},  /* stenographic full stop */
    {0x3002, '.'},  /* ideographic full stop (U+FF61 folds to it) */
    {0x30FB, '.'},  /* katakana middle dot (U+FF65 folds to it) */
    {0x31D3, '/'},  /* CJK stroke sp */
    {0xA4F8, '.'},  /* Lisu letter tone mya ti, a raised dot */
    {0xA4FF, '.'},  /* Lisu punctuation full stop */
    {0xA60E, '.'},  /* Vai full stop */
    {0xA6F3, '.'},  /* Bamum full stop */
    {0x10A50, '.'}, /* Kharoshthi punctuation dot */
    {0x16AF5, '.'}, /* Bassa Vah full stop */
    {0x16E98, '.'}, /* Medefaidrin full stop */
    {0x1BC9F, '.'}, /* Duployan punctuation Chinook full stop */
    {0x1D23A, '/'}, /* Greek instrumental notation symbol-47 */
    {0x1DA88, '.'}, /* SignWriting full stop */
};

/* The length of the digit separator's UTF-8 at t[i] (see digit_seps), with its ASCII, or 0. */
static size_t
digit_sep_len(const unsigned char *t, size_t n, size_t i, char *ascii)
{
    size_t lo = 0, hi = sizeof(digit_seps) / sizeof(digit_seps[0]);
    int32_t k = 0, m = (int32_t)(n - i < 4 ? n - i : 4);
    UChar32 c;

    if (i >= n || t[i] < 0xc2) {
        return 0;
    }
    U8_NEXT(t + i, k, m, c);
    while (c >= 0 && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (digit_seps[mid].c == c) {
            *ascii = digit_seps[mid].ascii;
            return (size_t)k;
        }
        if (digit_seps[mid].c < c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

static bool
view_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/*
 * How far an address is looked for around a dot: an e-mail address is at most 254 bytes, and
 * the bound keeps a long run of dotted words linear.
 */
#define DOT_ADDRESS_REACH 128

/* Whether an '@' lies in the word of t[0, lo) and t[hi, n), up to white space either side. */
static bool
word_has_at(const unsigned char *t, size_t lo, size_t hi, size_t n)
{
    for (size_t k = lo; k > 0 && lo - k < DOT_ADDRESS_REACH && !norm_is_space_byte(t[k - 1]); k--) {
        if (t[k - 1] == '@') {
            return true;
        }
    }
    for (size_t k = hi; k < n && k - hi < DOT_ADDRESS_REACH && !norm_is_space_byte(t[k]); k++) {
        if (t[k] == '@') {
            return true;
        }
    }
    return false;
}

/*
 * Whether the digit separator of m bytes at t[i], read as ascii, reads so, the byte before it
 * being before (the view may be rewritten up to there): between two digits, a dot also after
 * a '+' and between two letters or digits of an e-mail address ("jane。doe@mail。com"), a
 * colon also between hex digits and next to another colon.
 */
static bool
dot_reads(const unsigned char *t, size_t n, unsigned char before, size_t lo, size_t i, size_t m,
          char ascii)
{
    if (m == 0 || i + m >= n) {
        return false;
    }
    if ((view_digit(before) || (before == '+' && ascii == '.')) && view_digit(t[i + m])) {
        return true;
    }
    if (ascii == ':') {
        /* an IPv6 address's hex groups, and its "::" ("fe80܃܃1") */
        char next = 0;
        return (norm_hex_digit(before) || before == ':') &&
               (norm_hex_digit(t[i + m]) || (digit_sep_len(t, n, i + m, &next) > 0 && next == ':'));
    }
    return ascii == '.' && norm_ascii_alnum(before) && norm_ascii_alnum(t[i + m]) &&
           word_has_at(t, lo, i + m, n);
}

/* Whether a digit separator that reads as one starts at t[i]. */
static bool
digit_dot_at(const unsigned char *t, size_t n, size_t i)
{
    char ascii = 0;
    size_t m = i > 0 ? digit_sep_len(t, n, i, &ascii) : 0;

    return m > 0 && dot_reads(t, n, t[i - 1], i, i, m, ascii);
}

/*
 * Whether the view holds a digit separator (see digit_seps). Every dot has a high byte: eight
 * bytes at a time are tested for one, and only those looked at (views are mostly ASCII).
 */
bool
norm_has_digit_dot(const unsigned char *t, size_t n)
{
    const uint64_t high = 0x8080808080808080ull;
    size_t p = 0;

    for (; p + 8 <= n; p += 8) {
        uint64_t a;
        memcpy(&a, t + p, 8);
        if ((a & high) == 0) {
            continue;
        }
        for (size_t q = p; q < p + 8; q++) {
            if (t[q] >= 0xc2 && digit_dot_at(t, n, q)) {
                return true;
            }
        }
    }
    for (; p < n; p++) {
        if (t[p] >= 0xc2 && digit_dot_at(t, n, p)) {
            return true;
        }
    }
    return false;
}

/* Read every digit separator of the view as its ASCII (see digit_seps). The view only shrinks.
 */
void
norm_fold_digit_dots(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0;

    while (i < n) {
        /* t[w - 1] is the byte before t[i] in the view as it is being rewritten */
        size_t m = 0;
        char ascii = 0;
        if (w > 0 && (norm_ascii_alnum(t[w - 1]) || t[w - 1] == '+' || t[w - 1] == ':')) {
            m = digit_sep_len(t, n, i, &ascii);
            m = dot_reads(t, n, t[w - 1], w, i, m, ascii) ? m : 0;
        }
        if (m == 0) {
            norm_view_move(v, w++, i++);
            continue;
        }
        if (t[w - 1] != '+') {
            norm_view_put(v, w++, i, i + m, (unsigned char)ascii);
        }
        i += m;
    }
    v->text.len = w;
    t[w] = '\0';
}

/*
 * Letters typed for digits: 'O' or 'o' for 0, 'l' or 'I' for 1, inside a number written with
 * separators ("81.2.69.l42", "l4/O3/l987", "4l2-67-33O9"). The view reads them as the digits
 * they stand for where the whole token (up to a byte that is not a letter or digit) is digits,
 * such letters and the separators . - / : one at a time, with four digits at least and fewer
 * such letters than digits, so "O2", "l0", "I-405", "COVID-19" and words stay as written. A
 * group of capital I alone between separators is a Roman numeral: "14.III.1987" is 14 March.
 * A number written in groups one space apart ("634 l85 771", "26O 335 179", "4539 l488 0343")
 * has its letters read too, in a group of two to four such characters with fewer letters than
 * digits, one space from a group of two to four digits.
 * (LETTER_DIGITS_MIN, in normalize_steps_internal.h: the look-alike fold asks it too)
 */
/* how far back a token's start is looked for from a digit; a longer token is left alone */
#define LETTER_DIGITS_REACH 64

static bool
number_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || norm_digit_letter(c) || norm_number_mark(c);
}

/*
 * The end of the number token starting at t[i] (t[i] a digit or digit letter, the byte before
 * it none of these and no letter or digit); *reads when it holds letters the view reads as
 * digits (see above).
 */
static size_t
letter_digits_end(const unsigned char *t, size_t n, size_t i, bool *reads)
{
    size_t k = i, digits = 0, letters = 0, marks = 0;
    bool roman = false, only_i = true;

    for (; k < n && number_byte(t[k]); k++) {
        if (norm_number_mark(t[k])) {
            if (norm_number_mark(t[k - 1])) {
                break;
            }
            roman = roman || only_i;
            only_i = true;
            marks++;
        } else if (t[k] >= '0' && t[k] <= '9') {
            digits++;
            only_i = false;
        } else {
            letters++;
            only_i = only_i && t[k] == 'I';
        }
    }
    if (norm_number_mark(t[k - 1])) {
        k--; /* a full stop or dash after the number is not part of it */
        marks--;
    } else {
        roman = roman || only_i;
    }
    *reads = digits >= LETTER_DIGITS_MIN && letters > 0 && letters < digits && marks > 0 &&
             !roman && (k == n || !(norm_ascii_alnum(t[k]) || t[k] == '_' || t[k] >= 0x80));
    return k;
}

/* Whether t[from, to) is a group of digits alone, two to four of them. */
static bool
digit_group(const unsigned char *t, size_t from, size_t to)
{
    if (to - from < 2 || to - from > 4) {
        return false;
    }
    for (size_t k = from; k < to; k++) {
        if (t[k] < '0' || t[k] > '9') {
            return false;
        }
    }
    return true;
}

/*
 * Whether the token t[i, end) (no separator in it, a space or the text's edge either side) is a
 * group of a number written in groups whose letters the view reads as digits (see above).
 */
static bool
letter_group_reads(const unsigned char *t, size_t n, size_t i, size_t end)
{
    size_t digits = 0, letters = 0, k;

    if (end - i < 2 || end - i > 4 || (i > 0 && t[i - 1] != ' ') || (end < n && t[end] != ' ')) {
        return false;
    }
    for (k = i; k < end; k++) {
        if (norm_number_mark(t[k])) {
            return false;
        }
        digits += t[k] >= '0' && t[k] <= '9';
        letters += norm_digit_letter(t[k]);
    }
    if (letters == 0 || letters >= digits) {
        return false;
    }
    /* the group before it, or the one after it */
    for (k = i > 0 ? i - 1 : 0; k > 0 && i - 1 - k < 4 && t[k - 1] >= '0' && t[k - 1] <= '9'; k--) {
    }
    if (i >= 3 && (k == 0 || t[k - 1] == ' ' || t[k - 1] == '\n') && digit_group(t, k, i - 1)) {
        return true;
    }
    for (k = end + 1; k < n && k - end - 1 < 4 && t[k] >= '0' && t[k] <= '9'; k++) {
    }
    return end + 3 <= n && (k == n || t[k] == ' ' || t[k] == '\n' || t[k] == ',' || t[k] == '.') &&
           digit_group(t, end + 1, k);
}

/*
 * The start of the token holding the digit at t[p], going back no further than floor; p + 1
 * when that token may not hold letters for digits: the byte before it is a letter, a digit,
 * '_', a separator or not ASCII (a look-alike dot the view kept), or the token is longer than
 * LETTER_DIGITS_REACH.
 */
static size_t
letter_digits_start(const unsigned char *t, size_t floor, size_t p, size_t *work)
{
    size_t k = p;

    while (k > floor && p - k < LETTER_DIGITS_REACH && number_byte(t[k - 1])) {
        k--;
    }
    *work += p - k;
    if (k > 0 && (norm_ascii_alnum(t[k - 1]) || t[k - 1] == '_' || t[k - 1] >= 0x80 ||
                  number_byte(t[k - 1]))) {
        return p + 1;
    }
    while (norm_number_mark(t[k])) {
        k++; /* a separator before the number is not part of it */
    }
    return k;
}

/*
 * A number written in groups whose letters for digits no group shows on its own: "+l 343 35O
 * 74l8", "92876 O44l4", "(99l) 495-8644", "O7985 674 672", "O745O94l894", an IBAN "DK68 l387
 * 3775 O489 l7", "CHO8 9O89 954l 7723 4l39 4" or "BR567l523O8Ol786425l39O49l2CD". A letter run is
 * tokens of digits, such letters and the separators . - / : (a digit in each), one space, '(' or
 * ')' apart ("+l (988) 935-l763"), ten digits at least once its letters read ("20l9 12345"
 * stays) and no more such letters than half the digits; it may open with '+' and a token of 'l' or
 * 'I' alone (a country code, "+l 343"), or with an IBAN's two capitals glued to its first token
 * ("DK68", "CHO8"), and such a run of one token ends with up to two capitals ("...l2CD"). Its
 * letters read as digits, the capitals stay; a token glued to a word, a letter token inside ("555
 * 1234 I"), and a Roman numeral group stay.
 */
#define LETTER_RUN_DIGITS_MIN 10 /* digits and letters read as digits: a phone number's */

static bool
upper_byte(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool
run_boundary(unsigned char c)
{
    return !(norm_ascii_alnum(c) || c == '_' || c >= 0x80);
}

/*
 * The letter run around the digit at t[p] (see above), looking back no further than floor: its
 * bounds [*from, *to) and where its letters start being read, *read (after a prefix's
 * capitals). False when there is none; *to is then past the tokens read, which a later run
 * check need not read again.
 */
static bool
letter_run(const unsigned char *t, size_t n, size_t floor, size_t p, size_t *from, size_t *to,
           size_t *read, size_t *work)
{
    size_t k = p, digits = 0, letters = 0, tokens = 0, end, at;
    bool iban = false;

    while (k > floor && p - k < LETTER_DIGITS_REACH && number_byte(t[k - 1])) {
        k--;
    }
    *work += p - k;
    *from = *read = k;
    *to = p + 1;
    if (k >= floor + 2 && upper_byte(t[k - 1]) && upper_byte(t[k - 2]) &&
        (k == 2 || run_boundary(t[k - 3]))) {
        iban = true; /* "DK68", "CHO8": the capitals stay */
        *from = k - 2;
    } else if (k > 0 && !run_boundary(t[k - 1])) {
        return false;
    } else {
        /* "+l 343", "+l (988)": a country code's 1 typed as a letter */
        size_t q = k;
        q -= q > floor && t[q - 1] == '(';
        q -= q > floor && t[q - 1] == ' ';
        size_t u = q;
        while (u > floor && q - u < 2 && (t[u - 1] == 'l' || t[u - 1] == 'I')) {
            u--;
        }
        if (u < q && q < k && u > floor && t[u - 1] == '+' && (u == 1 || run_boundary(t[u - 2]))) {
            letters += q - u;
            *from = u - 1;
            *read = u;
        }
    }
    for (at = k;; tokens++) {
        size_t d = 0, l = 0;
        for (end = at; end < n && end - at < LETTER_DIGITS_REACH && number_byte(t[end]); end++) {
            d += t[end] >= '0' && t[end] <= '9';
            l += norm_digit_letter(t[end]);
        }
        *work += end - at;
        while (end > at && norm_number_mark(t[end - 1])) {
            end--; /* a full stop after the number is not part of it */
        }
        size_t tail = end;
        if (iban && tokens == 0) {
            while (tail < n && tail - end < 2 && upper_byte(t[tail]) &&
                   !norm_digit_letter(t[tail])) {
                tail++;
            }
        }
        if (d == 0 || (tail < n && !run_boundary(t[tail]))) {
            break;
        }
        digits += d;
        letters += l;
        *to = tail;
        if (tail > end) {
            break; /* the capitals end it */
        }
        size_t s = end;
        s += s < n && t[s] == ')';
        s += s < n && t[s] == ' ';
        s += s < n && t[s] == '(';
        if (s == end || s >= n || !number_byte(t[s])) {
            break;
        }
        at = s;
    }
    if (*to <= k) {
        *to = p + 1;
        return false;
    }
    return digits + letters >= LETTER_RUN_DIGITS_MIN && letters > 0 && 2 * letters <= digits;
}

/*
 * Count the tokens of t that hold letters read as digits; with a view v (whose text t is),
 * read each of them as digits, else stop at the first. Each digit found (sixteen bytes at a
 * time) leads to its token, which is read once: the scan goes on past it.
 */
size_t
norm_letter_digits_scan(const unsigned char *t, size_t n, struct norm_view *v, size_t *work)
{
    size_t found = 0, floor = 0, p = 0, run_checked = 0;

    while ((p = norm_next_digit(t, p, n)) < n) {
        size_t start = letter_digits_start(t, floor, p, work), end = p + 1;
        bool reads = false;
        if (start <= p) {
            end = letter_digits_end(t, n, start, &reads);
            reads = reads || letter_group_reads(t, n, start, end);
        }
        if (!reads && p >= run_checked) {
            size_t from, to, read;
            if (letter_run(t, n, floor, p, &from, &to, &read, work)) {
                start = read;
                end = to;
                reads = true;
            }
            run_checked = to;
        }
        while (end < n && number_byte(t[end])) {
            end++; /* the rest of a token that does not qualify */
        }
        if (reads) {
            if (!v) {
                return 1;
            }
            found++;
            for (size_t k = start; k < end; k++) {
                if (norm_digit_letter(t[k])) {
                    v->text.data[k] = t[k] == 'O' || t[k] == 'o' ? '0' : '1';
                }
            }
        }
        *work += end - p;
        floor = p = end;
    }
    return found;
}

bool
norm_has_letter_digits(const unsigned char *s, size_t len)
{
    size_t work = 0;

    return norm_letter_digits_scan(s, len, NULL, &work) > 0;
}

size_t
norm_letter_digits_work(const unsigned char *s, size_t len)
{
    size_t work = 0;

    norm_letter_digits_scan(s, len, NULL, &work);
    return work;
}

/*
 * A number regrouped with a separator numbers are not written with: "405_690_0485",
 * "+1_305_785_4399", "419_73_0609", "517/770/8404", "880/667/508", "DE64/3031/9677/9585/9322/01",
 * "GB85 . UNDM . 2271 . 1861 . 0635 . 68", "D1234_56789_01234", "a4_83_e7_12_9c_5d",
 * "1991_07_22". Three groups or more of ASCII letters and digits, one
 * kind of separator between them ('_', '/' or " . "), read with '-' for it when:
 *   - every group is digits, two of them three digits or more and seven digits in all (a date,
 *     "12/25/2024" or "2024/12/25", a fraction and "1_2_3" stay), all of them with '/'
 *     ("120/80/1000" is limits, "21/815/08150" a German tax number as written), and the
 *     separator no " . " ("385 . 32 . 7225" stays); or the first group is an IBAN's country
 *     and check digits ("DE64") and every other group four letters or digits, the last one to
 *     four; a first group may start with one or two capitals (a licence: "D1234_56789_01234");
 *     with '_' also a MAC's six hex pairs and a date (four, two and two digits, or two, two
 *     and four), with '/' a French phone number's five pairs ("06/12/34/56/78");
 *   - the run starts a word (not after a letter, digit, '_', '/', '.', '-', '@' or '\\': an
 *     identifier, a path or an address goes on there) and ends one (no letter, digit or the
 *     separator after it, nor '.' or '-' before a letter or digit).
 * At most REGROUP_GROUPS groups are read.
 */
#define REGROUP_GROUPS 10

static size_t
regroup_sep_len(const unsigned char *t, size_t n, size_t k, unsigned char *kind)
{
    if (k < n && (t[k] == '_' || t[k] == '/')) {
        *kind = t[k];
        return 1;
    }
    if (k + 2 < n && t[k] == ' ' && t[k + 1] == '.' && t[k + 2] == ' ') {
        *kind = '.';
        return 3;
    }
    return 0;
}

static bool
iban_head(const unsigned char *t, size_t lo, size_t hi)
{
    return hi - lo == 4 && t[lo] >= 'A' && t[lo] <= 'Z' && t[lo + 1] >= 'A' && t[lo + 1] <= 'Z' &&
           norm_ascii_digit(t[lo + 2]) && norm_ascii_digit(t[lo + 3]);
}

/*
 * The end of the regrouped number starting at t[i] (see above), or i; its groups' starts and
 * ends go to lo[] and hi[] and their count to *groups.
 */
static size_t
regrouped_end(const unsigned char *t, size_t n, size_t i, size_t *lo, size_t *hi, size_t *groups)
{
    unsigned char kind = 0, k2 = 0;
    size_t g = 0, k = i, sep;

    if (i > 0 && (norm_ascii_alnum(t[i - 1]) || strchr("_/.-@\\", t[i - 1]) != NULL)) {
        return i;
    }
    while (g < REGROUP_GROUPS) {
        lo[g] = k;
        while (k < n && norm_ascii_alnum(t[k]) && k - lo[g] < 8) {
            k++;
        }
        if (k == lo[g] || (k < n && norm_ascii_alnum(t[k]))) {
            return i;
        }
        hi[g++] = k;
        sep = regroup_sep_len(t, n, k, &k2);
        if (sep == 0 || (kind && k2 != kind) || k + sep >= n || !norm_ascii_alnum(t[k + sep])) {
            break;
        }
        kind = k2;
        k += sep;
    }
    if (g < 3 || g == REGROUP_GROUPS || (k < n && (t[k] == '_' || t[k] == '/')) ||
        (k + 1 < n && (t[k] == '.' || t[k] == '-') && norm_ascii_alnum(t[k + 1]))) {
        return i;
    }
    size_t digits = 0, long_groups = 0, head = 0;
    bool numeric = true, iban = iban_head(t, lo[0], hi[0]), mac = g == 6 && kind == '_';
    /* a licence's letter or two before the first group's digits ("D1234_56789_01234") */
    while (head < 2 && lo[0] + head < hi[0] && t[lo[0] + head] >= 'A' && t[lo[0] + head] <= 'Z') {
        head++;
    }
    for (size_t j = 0; j < g; j++) {
        size_t d = 0, from = j == 0 ? lo[0] + head : lo[j];
        for (size_t m = lo[j]; m < hi[j]; m++) {
            d += norm_ascii_digit(t[m]);
            mac &= norm_hex_digit(t[m]);
        }
        numeric &= d == hi[j] - from && d > 0;
        iban &= j == 0 || hi[j] - lo[j] == 4 || (j == g - 1 && hi[j] - lo[j] < 4);
        mac &= hi[j] - lo[j] == 2;
        digits += d;
        long_groups += d >= 3;
    }
    /* a French number's five pairs after '/' ("06/12/34/56/78"), never a date's three groups */
    bool pairs = kind == '/' && g == 5 && numeric && head == 0 && t[lo[0]] == '0' && digits == 10;
    /* a date with '_' for its separator, year first or last ("1991_07_22", "22_07_1991") */
    bool date = kind == '_' && g == 3 && numeric && head == 0 &&
                ((hi[0] - lo[0] == 4 && hi[1] - lo[1] == 2 && hi[2] - lo[2] == 2) ||
                 (hi[0] - lo[0] == 2 && hi[1] - lo[1] == 2 && hi[2] - lo[2] == 4));
    /* " . " only in an IBAN ("385 . 32 . 7225" is no number); '/' only between groups of three
     * digits or more ("120/80/1000" is limits, "21/815/08150" a tax number's own form); a MAC's
     * six hex pairs with '_' ("a4_83_e7_12_9c_5d") */
    if (!iban && !mac && !date && !pairs &&
        (!numeric || long_groups < 2 || digits < 7 || kind == '.' ||
         (kind == '/' && long_groups < g))) {
        return i;
    }
    *groups = g;
    return k;
}

/* Whether a regrouped number's first separator of kind c ('_', '/' or the '.' of " . ") is in
 * t; memchr finds each candidate (most texts hold few). */
static bool
has_regrouped_sep(const unsigned char *t, size_t n, unsigned char c)
{
    size_t lo[REGROUP_GROUPS], hi[REGROUP_GROUPS], g;
    const unsigned char *x = n ? memchr(t, c, n) : NULL;

    while (x) {
        size_t i = (size_t)(x - t), s = c == '.' ? i - 1 : i, b = s;
        if (i > 0 && (c != '.' || t[i - 1] == ' ')) {
            while (b > 0 && norm_ascii_alnum(t[b - 1]) && s - b < 8) {
                b--;
            }
            if (b < s && regrouped_end(t, n, b, lo, hi, &g) > b) {
                return true;
            }
        }
        x = i + 1 < n ? memchr(t + i + 1, c, n - i - 1) : NULL;
    }
    return false;
}

bool
norm_has_regrouped_number(const unsigned char *t, size_t n)
{
    return has_regrouped_sep(t, n, '_') || has_regrouped_sep(t, n, '/') ||
           has_regrouped_sep(t, n, '.');
}

/* Read every regrouped number of the view with '-' between its groups. The view only shrinks. */
void
norm_read_regrouped_numbers(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, lo[REGROUP_GROUPS], hi[REGROUP_GROUPS], g = 0;

    while (i < n) {
        size_t end = norm_ascii_alnum(t[i]) ? regrouped_end(t, n, i, lo, hi, &g) : i;
        if (end == i) {
            norm_view_move(v, w++, i++);
            continue;
        }
        for (size_t j = 0; j < g; j++) {
            if (j > 0) {
                /* the separator reads as '-', mapped to all of it */
                norm_view_put(v, w++, hi[j - 1], lo[j], '-');
            }
            for (size_t m = lo[j]; m < hi[j]; m++) {
                norm_view_move(v, w++, m);
            }
        }
        i = end;
    }
    v->text.len = w;
    t[w] = '\0';
}
