/*
 * Validators named by rule packs (`validator: luhn`): the table, the shared helpers, and the
 * generic checks (payment cards, IBAN, SSN, network addresses, phone numbers, dates, entropy).
 * National identity numbers live in validate_national.c, cryptocurrency addresses in
 * validate_crypto.c. A check answers "is this candidate plausible as what the rule claims";
 * it never allocates and sees only the matched bytes.
 */
#include "scrub/validate_internal.h"

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "scrub/digit_words_internal.h"
#include "scrub/validate_checks_internal.h"

#include "common/banned.h"

static bool
is_separator(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '.' || c == '/' ||
           c == '_';
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char
to_upper(unsigned char c)
{
    return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 'a' + 'A') : c;
}

static unsigned char
to_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

bool
validate_compact(const unsigned char *s, size_t len, char *out, size_t cap, size_t *n)
{
    size_t k = 0;

    for (size_t i = 0; i < len; i++) {
        if (is_separator(s[i])) {
            continue;
        }
        if (!is_digit(s[i]) && !is_alpha(s[i])) {
            return false;
        }
        if (k == cap) {
            return false;
        }
        out[k++] = (char)to_upper(s[i]);
    }
    *n = k;
    return true;
}

bool
validate_all_digits(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)d[i])) {
            return false;
        }
    }
    return true;
}

bool
validate_all_same(const char *d, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (d[i] != d[0]) {
            return false;
        }
    }
    return true;
}

/* Compact s into buf and require between min and max characters, all digits. */
static bool
compact_digits(const unsigned char *s, size_t len, char *buf, size_t min, size_t max, size_t *n)
{
    if (!validate_compact(s, len, buf, VALIDATE_MAX_CHARS, n)) {
        return false;
    }
    return *n >= min && *n <= max && validate_all_digits(buf, *n);
}

bool
validate_luhn_digits(const char *d, size_t n)
{
    unsigned sum = 0;
    bool dbl = false;

    for (size_t i = n; i-- > 0;) {
        unsigned v = (unsigned)(d[i] - '0');
        if (dbl) {
            v *= 2;
            if (v > 9) {
                v -= 9;
            }
        }
        sum += v;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

/*
 * Payment cards and other Luhn numbers. A run of one repeated digit passes the arithmetic for
 * some lengths (0000..., 5555...) but is never issued, so it is rejected.
 */
static bool
check_luhn(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    if (!compact_digits(s, len, d, 8, 19, &n) || validate_all_same(d, n)) {
        return false;
    }
    return validate_luhn_digits(d, n);
}

/* Whether s[0..len) is one of words, ASCII letters compared without case. */
static bool
word_is_one_of(const unsigned char *s, size_t len, const char *const *words, size_t n_words)
{
    for (size_t k = 0; k < n_words; k++) {
        size_t m = strlen(words[k]), x = 0;
        while (m == len && x < len &&
               (s[x] < 0x80 ? (unsigned char)(s[x] | 0x20) : s[x]) == (unsigned char)words[k][x]) {
            x++;
        }
        if (m == len && x == len) {
            return true;
        }
    }
    return false;
}

/* A mark said as a word between the groups of a number read out, as the digit_word_sep
 * fragment of the default pack lists them ("dash", "hyphen", "slash", "guión", "tiret"...). */
static bool
separator_word(const unsigned char *s, size_t len)
{
    static const char *const words[] = {"dash",  "hyphen", "slash",  "gui\xc3\xb3n",
                                        "guion", "tiret",  "strich", "trattino"};

    return word_is_one_of(s, len, words, sizeof(words) / sizeof(words[0]));
}

/* The word "plus" before a number read out, in the languages of the digit words ("plus",
 * "más", "mais", "плюс"): it reads as '+'. */
static bool
plus_word(const unsigned char *s, size_t len)
{
    static const char *const words[] = {"plus", "m\xc3\xa1s", "mas", "mais",
                                        "\xd0\xbf\xd0\xbb\xd1\x8e\xd1\x81"};

    return word_is_one_of(s, len, words, sizeof(words) / sizeof(words[0]));
}

/* "double" or "triple" said before a digit word ("double five"): how often it says the digit, or
 * 0. */
static unsigned
repeat_word(const unsigned char *s, size_t len)
{
    static const char *const twice[] = {"double"}, *const thrice[] = {"triple"};

    return word_is_one_of(s, len, twice, 1) ? 2 : word_is_one_of(s, len, thrice, 1) ? 3 : 0;
}

/*
 * The digits of a number read out as digit words, digits mixed in or not: each word reads as
 * its digit and anything else between two of them separates; a mark said as a word ("dash")
 * separates too, "double" and "triple" say the next word's digit that many times ("double
 * five"), and with plus_ok a "plus" said first reads as *plus. Any other word fails.
 */
static bool
words_to_digits(const unsigned char *s, size_t len, unsigned char *d, size_t cap, size_t *n,
                bool plus_ok, bool *plus)
{
    unsigned repeat = 1;

    *n = 0;
    *plus = false;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        char c = 0;
        if (is_digit(s[i])) {
            c = (char)s[i];
            j = i + 1;
        } else if (is_alpha(s[i]) || s[i] >= 0x80) {
            while (j < len && (is_alpha(s[j]) || s[j] >= 0x80)) {
                j++;
            }
            if ((c = digit_word(s + i, j - i)) == 0) {
                unsigned times = repeat_word(s + i, j - i);
                if (repeat > 1) {
                    return false; /* "double" before anything but a digit */
                }
                if (separator_word(s + i, j - i)) {
                    i = j; /* a mark said as a word between groups: "... five dash zero ..." */
                    continue;
                }
                if (times) {
                    repeat = times;
                    i = j;
                    continue;
                }
                if (plus_ok && *n == 0 && !*plus && plus_word(s + i, j - i)) {
                    *plus = true;
                    i = j;
                    continue;
                }
                return false;
            }
        } else {
            *plus = *plus || (s[i] == '+' && *n == 0);
            i++;
            continue;
        }
        for (; repeat > 0; repeat--) {
            if (*n == cap) {
                return false;
            }
            d[(*n)++] = (unsigned char)c;
        }
        repeat = 1;
        i = j;
    }
    return repeat == 1; /* not "double" at the end */
}

/*
 * A card number read out as digit words ("six zero one one, one two three four ..."), digits
 * mixed in or not: each word reads as its digit and anything else between two of them
 * separates, then the card check above. A mark said as a word ("dash") separates too; any
 * other word that is not a digit word fails the candidate.
 */
static bool
check_luhn_words(const unsigned char *s, size_t len)
{
    unsigned char d[VALIDATE_MAX_CHARS];
    size_t n = 0;
    bool plus;

    return words_to_digits(s, len, d, sizeof(d), &n, false, &plus) && check_luhn(d, n);
}

/*
 * A phone number read out as digit words in any language of the table ("восемь девять один
 * шесть ...", "plus trois trois six un ..."), "plus" said first or not: seven to fifteen digits,
 * not one digit repeated, and no count of six digits up or down ("один два три четыре пять
 * шесть", "uno dos tres cuatro cinco seis siete"), which is counting, not a number. The phone
 * check's national formats are not asked: a number read out is written for a reader, without
 * the separators they judge by.
 */
static bool
check_phone_words(const unsigned char *s, size_t len)
{
    unsigned char d[VALIDATE_MAX_CHARS];
    size_t n = 0, up = 1, down = 1;
    bool plus;

    if (!words_to_digits(s, len, d, sizeof(d), &n, true, &plus) || n < 7 || n > 15 ||
        validate_all_same((const char *)d, n)) {
        return false;
    }
    for (size_t k = 1; k < n; k++) {
        up = d[k] == d[k - 1] + 1 ? up + 1 : 1;
        down = d[k] + 1 == d[k - 1] ? down + 1 : 1;
        if (up >= 6 || down >= 6) {
            return false;
        }
    }
    return true;
}

static const unsigned char verhoeff_d[10][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
};

static const unsigned char verhoeff_p[8][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
};

bool
validate_verhoeff_digits(const char *d, size_t n)
{
    unsigned c = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned digit = (unsigned)(d[n - 1 - i] - '0');
        c = verhoeff_d[c][verhoeff_p[i % 8][digit]];
    }
    return c == 0;
}

static bool
check_verhoeff(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    if (!compact_digits(s, len, d, 2, VALIDATE_MAX_CHARS, &n) || validate_all_same(d, n)) {
        return false;
    }
    return validate_verhoeff_digits(d, n);
}

/* IBAN lengths per country (ISO 13616 registry). */
static const struct {
    char cc[3];
    unsigned char len;
} iban_lengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

static bool
check_iban(const unsigned char *s, size_t len)
{
    char c[VALIDATE_MAX_CHARS];
    size_t n;
    size_t want = 0;
    unsigned rem = 0;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n < 15 || n > 34) {
        return false;
    }
    if (!is_alpha((unsigned char)c[0]) || !is_alpha((unsigned char)c[1]) ||
        !is_digit((unsigned char)c[2]) || !is_digit((unsigned char)c[3])) {
        return false;
    }
    for (size_t i = 0; i < sizeof(iban_lengths) / sizeof(iban_lengths[0]); i++) {
        if (c[0] == iban_lengths[i].cc[0] && c[1] == iban_lengths[i].cc[1]) {
            want = iban_lengths[i].len;
            break;
        }
    }
    if (want != n) {
        return false;
    }
    /* Mod 97 over BBAN + country + check digits, letters expanded to 10..35, digit by digit. */
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)c[(k + 4) % n];
        if (is_digit(ch)) {
            rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
        } else {
            unsigned v = (unsigned)(ch - 'A') + 10;
            rem = (rem * 100 + v) % 97;
        }
    }
    return rem == 1;
}

/* SSA rules: no area 000, 666 or 900-999, no group 00, no serial 0000. */
static bool
check_us_ssn(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    if (!compact_digits(s, len, d, 9, 9, &n)) {
        return false;
    }
    if (memcmp(d, "000", 3) == 0 || memcmp(d, "666", 3) == 0 || d[0] == '9') {
        return false;
    }
    if (memcmp(d + 3, "00", 2) == 0 || memcmp(d + 5, "0000", 4) == 0) {
        return false;
    }
    return !validate_all_same(d, n);
}

/* Dotted quad, each octet 0..255 without leading zeros (which mark version strings, not IPs). */
static bool
check_ipv4(const unsigned char *s, size_t len)
{
    unsigned octets = 0, value = 0, digits = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (digits == 0 || value > 255) {
                return false;
            }
            octets++;
            value = 0;
            digits = 0;
            continue;
        }
        if (!is_digit(s[i]) || (digits == 1 && value == 0)) {
            return false;
        }
        value = value * 10 + (unsigned)(s[i] - '0');
        if (++digits > 3) {
            return false;
        }
    }
    return octets == 4;
}

/*
 * inet_pton decides; besides, the address must carry at least four hex digits, so that
 * "::", "a::b" or "1::2" (C++ scopes, ratios) are not taken for addresses, and eight groups
 * of at most two hex digits with no "::" are a byte dump or EUI-64 ("40:cc:a8:5f:0f:54:f3:04").
 */
/* True when s has no "::" (every group written out). */
static bool
no_double_colon(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] == ':' && s[i + 1] == ':') {
            return false;
        }
    }
    return true;
}

static bool
check_ipv6(const unsigned char *s, size_t len)
{
    char buf[64];
    unsigned char addr[16];
    size_t hex = 0, run = 0, longest = 0;

    if (len < 3 || len >= sizeof(buf)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] != ':' && s[i] != '.' && !is_digit(s[i]) &&
            !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')) {
            return false;
        }
        hex += s[i] != ':' && s[i] != '.';
        run = s[i] == ':' ? 0 : run + 1;
        longest = run > longest ? run : longest;
    }
    if (longest <= 2 && no_double_colon(s, len)) {
        return false;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (inet_pton(AF_INET6, buf, addr) != 1) {
        return false;
    }
    return hex >= 4;
}

static int
hex_value(unsigned char c)
{
    if (is_digit(c)) {
        return c - '0';
    }
    c = to_lower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/*
 * 48-bit MAC as six pairs joined by one separator (':' or '-'), Cisco's three dotted quads,
 * or twelve bare hex digits. The all-zero and broadcast addresses identify nobody.
 */
static bool
check_mac(const unsigned char *s, size_t len)
{
    unsigned char sep;
    size_t group, nibbles = 0;
    bool zero = true, ones = true;

    if (len == 12) {
        sep = 0;
        group = 12;
    } else if (len == 17) {
        sep = s[2];
        group = 2;
    } else if (len == 14) {
        sep = s[4];
        group = 4;
    } else {
        return false;
    }
    /* pairs a space apart only come from a rule that reads a MAC's name before them */
    if ((group == 2 && sep != ':' && sep != '-' && sep != ' ') || (group == 4 && sep != '.')) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if ((i + 1) % (group + 1) == 0) {
            if (s[i] != sep) {
                return false;
            }
            continue;
        }
        int v = hex_value(s[i]);
        if (v < 0) {
            return false;
        }
        zero = zero && v == 0;
        ones = ones && v == 15;
        nibbles++;
    }
    return nibbles == 12 && !zero && !ones;
}

/* ---- phone numbers ---- */

/* Length of the ITU country code at the start of d (1..3), or 0 when none is assigned. */
static size_t
country_code_len(const char *d, size_t n)
{
    static const char two[] = "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 "
                              "55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98";
    static const char three_prefix[] = "21 22 23 24 25 26 29 35 37 38 42 50 59 67 68 69 80 85 "
                                       "87 88 96 97 99";
    static const char unassigned[] = "210 211 214 215 217 219 259 292 293 294 295 296 384 422 "
                                     "424 425 426 427 428 429 671 684 693 694 695 696 697 698 "
                                     "699 801 802 803 804 805 806 807 809 851 854 857 858 859 "
                                     "871 872 873 874 875 876 877 879 884 885 887 889 969 978 "
                                     "990 997 999";
    char k[4] = {0};

    if (n < 3) {
        return 0;
    }
    if (d[0] == '1' || d[0] == '7') {
        return 1;
    }
    if (d[0] == '0') {
        return 0;
    }
    memcpy(k, d, 2);
    if (strstr(two, k) != NULL) {
        return 2;
    }
    if (strstr(three_prefix, k) == NULL) {
        return 0;
    }
    memcpy(k, d, 3);
    return strstr(unassigned, k) == NULL ? 3 : 0;
}

/*
 * NANP: the area code is [2-9]XX and not an N11 service code. The exchange is left alone:
 * numbers written in examples and fiction ("555-123-4567") break the exchange rules but are
 * still meant as phone numbers, and the area-code rule already keeps "123-456-7890" out.
 */
static bool
nanp_ok(const char *d)
{
    return d[0] >= '2' && !(d[1] == '1' && d[2] == '1');
}

/*
 * The digits of a phone candidate, skipping separators, brackets and the "(0)" trunk marker
 * written inside international numbers, and stopping at an extension ("x123", "ext. 12").
 * One line break ("\n", "\r\n" or "\r") counts as a separator: patterns accept a number
 * wrapped once by a chat window or an Enter inside the value, and so is one blank line (two
 * breaks with only blanks between them: a value split across lines as it was pasted), but
 * two breaks with anything else between them are two lines of something else. *plus says
 * whether it started with '+' (or "00").
 */
static bool
phone_digits(const unsigned char *s, size_t len, char *d, size_t cap, size_t *n, bool *plus)
{
    size_t k = 0;
    bool broken = false;

    *plus = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == '\r' || c == '\n') {
            if (broken) {
                return false;
            }
            broken = true;
            i += c == '\r' && i + 1 < len && s[i + 1] == '\n';
            /* a blank line: blanks, then a second break, are the same break */
            size_t j = i + 1;
            while (j < len && (s[j] == ' ' || s[j] == '\t')) {
                j++;
            }
            if (j < len && (s[j] == '\r' || s[j] == '\n')) {
                i = j + (s[j] == '\r' && j + 1 < len && s[j + 1] == '\n');
            }
            continue;
        }
        if (c == '+' && k == 0 && !*plus) {
            *plus = true;
            continue;
        }
        /* URL-encoded: "%2B" is the plus sign, "%20" a space (a number copied from a link). */
        if (c == '%' && i + 2 < len && s[i + 1] == '2' &&
            ((s[i + 2] | 0x20) == 'b' ? k == 0 && !*plus : s[i + 2] == '0')) {
            *plus = *plus || (s[i + 2] | 0x20) == 'b';
            i += 2;
            continue;
        }
        if (c == '(' && i + 2 < len && s[i + 1] == '0' && s[i + 2] == ')' && (*plus || k > 0)) {
            i += 2;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
            continue;
        }
        if ((c == 'x' || c == 'X' || c == 'e' || c == 'E') && k >= 7) {
            break;
        }
        if (!is_digit(c) || k == cap) {
            return false;
        }
        d[k++] = (char)c;
    }
    if (!*plus && k > 2 && d[0] == '0' && d[1] == '0') {
        memmove(d, d + 2, k - 2);
        k -= 2;
        *plus = true;
    }
    *n = k;
    return true;
}

/*
 * A parenthesised area code ("(123) 456-7890") is written as a phone number by construction,
 * so the NANP area-code rule, which exists to keep other 3-3-4 digit groups out, is waived.
 */
static bool
check_phone(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;
    bool plus, paren = memchr(s, '(', len) != NULL;

    if (!phone_digits(s, len, d, sizeof(d), &n, &plus) || n < 7 || validate_all_same(d, n)) {
        return false;
    }
    if (plus) {
        size_t cc = country_code_len(d, n);
        if (cc == 0 || n < 8 || n > 15) {
            return false;
        }
        if (d[0] == '1') {
            return n == 11 && (paren || nanp_ok(d + 1));
        }
        return d[cc] != '0' || n - cc >= 9;
    }
    if (n == 10 && paren && s[0] == '(') {
        return true;
    }
    if (n == 10 && d[0] != '0' && d[0] != '1') {
        return nanp_ok(d);
    }
    if (n == 11 && d[0] == '1') {
        return paren || nanp_ok(d + 1);
    }
    if (d[0] == '0') {
        /* A national number behind a trunk prefix (UK 07..., DE 030 901820, FR 06...). */
        return n >= 9 && n <= 12 && d[1] != '0';
    }
    if (n == 7) {
        return d[0] >= '2';
    }
    return false;
}

/*
 * A number under a label that says it is a phone (a phone column, "mobile: ...", an .env
 * ONCALL_PHONE=): the phone check, or a national number of eight or nine digits without a trunk
 * prefix, the plans that have none (Denmark, Norway, Singapore, Hong Kong: 8 digits; Peru's and
 * Chile's mobiles: 9), written unseparated or in groups apart by blanks ("39524132", "8201 3102",
 * "925 841 941", "33 97 76 70"). The shape alone is too weak for a bare number, which the plain
 * check refuses. A '-', '.' or '/' between the groups ("2010-2015", "14.03.1987") and an
 * unseparated YYYYMMDD date ("home = 20240101") are something else.
 */
static bool
check_phone_labelled(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;
    bool plus;

    if (check_phone(s, len)) {
        return true;
    }
    for (size_t i = 0; i < len; i++) {
        if (!(s[i] >= '0' && s[i] <= '9') && s[i] != ' ') {
            return false;
        }
    }
    if (!phone_digits(s, len, d, sizeof(d), &n, &plus) || plus || n < 8 || n > 9 || d[0] < '2' ||
        validate_all_same(d, n)) {
        return false;
    }
    if (n == 8 && (d[0] == '1' || d[0] == '2') && (d[1] == '9' || d[1] == '0')) {
        int year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        int month = (d[4] - '0') * 10 + (d[5] - '0'), day = (d[6] - '0') * 10 + (d[7] - '0');
        if (year >= 1900 && year <= 2099 && validate_calendar_date(year, month, day)) {
            return false;
        }
    }
    return true;
}

/* ---- dates ---- */

bool
validate_calendar_date(int year, int month, int day)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) {
        return false;
    }
    if (month == 2 && day == 29 && year >= 0) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }
    return true;
}

/* Month number from an English, German, French or Spanish name or abbreviation, else 0. */
static int
month_from_word(const char *w, size_t n)
{
    static const char *const names[] = {
        "jan",  "feb",  "mar", "apr", "may", "jun", "jul",  "aug",  "sep",  "oct",  "nov",
        "dec",  "jän",  "mär", "mai", "okt", "dez", "janv", "févr", "fevr", "mars", "avr",
        "juin", "juil", "aoû", "aou", "déc", "ene", "abr",  "ago",  "dic",  "set",
    };
    static const int months[] = {1,  2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 3, 5,  10,
                                 12, 1, 2, 2, 3, 4, 6, 7, 8, 8,  12, 1,  4, 8, 12, 9};
    char low[16];

    if (n < 3 || n >= sizeof(low)) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)to_lower((unsigned char)w[i]);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t k = strlen(names[i]);
        if (n >= k && memcmp(low, names[i], k) == 0) {
            return months[i];
        }
    }
    return 0;
}

struct date_parts {
    int num[4];
    size_t num_len[4];
    size_t n_num;
    int month; /* from a month name, 0 when none */
};

/* Month number of a Roman numeral I..XII in either case ("2.IV.1979", "3 vii 1985"), else 0. */
static int
month_from_roman(const char *w, size_t n)
{
    static const char *const romans[] = {"i",   "ii",   "iii", "iv", "v",  "vi",
                                         "vii", "viii", "ix",  "x",  "xi", "xii"};
    char low[8];

    if (n == 0 || n > 4) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)to_lower((unsigned char)w[i]);
    }
    for (size_t i = 0; i < sizeof(romans) / sizeof(romans[0]); i++) {
        if (strlen(romans[i]) == n && memcmp(low, romans[i], n) == 0) {
            return (int)i + 1;
        }
    }
    return 0;
}

/*
 * Words a written date may carry besides its numbers and month: ordinal suffixes ("2nd",
 * French "1er"), linking words ("14th of March", "August the 5th", "2 de abril") and a
 * weekday before it ("Monday, April 2, 1979"). Compared case-insensitively.
 */
static bool
date_filler(const unsigned char *w, size_t n)
{
    static const char *const filler[] = {
        "st",   "nd",    "rd",       "th",  "of",     "de",      "the",      "der",       "le",
        "er",   "mon",   "monday",   "tue", "tues",   "tuesday", "wed",      "wednesday", "thu",
        "thur", "thurs", "thursday", "fri", "friday", "sat",     "saturday", "sun",       "sunday",
    };
    char low[16];

    if (n >= sizeof(low)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)to_lower(w[i]);
    }
    for (size_t k = 0; k < sizeof(filler) / sizeof(filler[0]); k++) {
        if (strlen(filler[k]) == n && memcmp(filler[k], low, n) == 0) {
            return true;
        }
    }
    return false;
}

/* Split a date candidate into numbers and at most one month name; other words must be filler. */
static bool
date_tokens(const unsigned char *s, size_t len, struct date_parts *p)
{
    size_t i = 0;

    memset(p, 0, sizeof(*p));
    while (i < len) {
        size_t j = i;
        if (is_digit(s[i])) {
            int v = 0;
            while (j < len && is_digit(s[j]) && j - i < 5) {
                v = v * 10 + (s[j] - '0');
                j++;
            }
            if ((j < len && is_digit(s[j])) || p->n_num == 4) {
                return false;
            }
            p->num[p->n_num] = v;
            p->num_len[p->n_num++] = j - i;
        } else if (is_alpha(s[i]) || s[i] >= 0x80) {
            while (j < len && (is_alpha(s[j]) || s[j] >= 0x80)) {
                j++;
            }
            int m = month_from_word((const char *)s + i, j - i);
            if (m == 0 && p->n_num == 1) {
                /* a Roman month stands between the day and the year */
                m = month_from_roman((const char *)s + i, j - i);
            }
            /* A run with no ASCII letter is a CJK unit mark (年 月 日) or similar: filler. */
            bool skip = true;
            for (size_t k = i; k < j; k++) {
                skip = skip && s[k] >= 0x80;
            }
            skip = skip || date_filler(s + i, j - i);
            if (m != 0 && p->month == 0) {
                p->month = m;
            } else if (!skip) {
                return false;
            }
        } else {
            j++;
        }
        i = j;
    }
    return true;
}

/* A year written with four digits must be 1900..2099; two digits are taken as they come. */
static bool
year_ok(int v, size_t digits)
{
    return digits == 2 || (digits == 4 && v >= 1900 && v <= 2099);
}

/*
 * Eight digits in a row after a birth cue ("DOB=19850314", "dob 14031985"): year first, or
 * year last with the day and month in either order.
 */
static bool
check_compact_date(const unsigned char *s)
{
    int a = (s[0] - '0') * 10 + (s[1] - '0'), b = (s[2] - '0') * 10 + (s[3] - '0');
    int c = (s[4] - '0') * 10 + (s[5] - '0'), d = (s[6] - '0') * 10 + (s[7] - '0');
    int head = a * 100 + b, tail = c * 100 + d;

    if (year_ok(head, 4) && validate_calendar_date(head, c, d)) {
        return true;
    }
    return year_ok(tail, 4) &&
           (validate_calendar_date(tail, b, a) || validate_calendar_date(tail, a, b));
}

static bool
check_date(const unsigned char *s, size_t len)
{
    struct date_parts p;

    if (len == 8 && validate_all_digits((const char *)s, 8)) {
        return check_compact_date(s);
    }
    if (!date_tokens(s, len, &p)) {
        return false;
    }
    if (p.month != 0) {
        /* "March 14, 1985", "14th of March 1985", "March 14", "March 1985" */
        if (p.n_num == 1) {
            if (p.num_len[0] == 4) {
                return year_ok(p.num[0], 4);
            }
            return p.num_len[0] <= 2 && validate_calendar_date(2000, p.month, p.num[0]);
        }
        if (p.n_num != 2) {
            return false;
        }
        for (int k = 0; k < 2; k++) {
            int day = p.num[k], year = p.num[1 - k];
            if (p.num_len[k] <= 2 && year_ok(year, p.num_len[1 - k]) &&
                validate_calendar_date(year, p.month, day)) {
                return true;
            }
        }
        return false;
    }
    if (p.n_num != 3) {
        return false;
    }
    if (p.num_len[0] == 4) {
        return year_ok(p.num[0], 4) && p.num_len[1] <= 2 && p.num_len[2] <= 2 &&
               validate_calendar_date(p.num[0], p.num[1], p.num[2]);
    }
    if (p.num_len[0] > 2 || p.num_len[1] > 2 || !year_ok(p.num[2], p.num_len[2])) {
        return false;
    }
    return validate_calendar_date(p.num[2], p.num[1], p.num[0]) ||
           validate_calendar_date(p.num[2], p.num[0], p.num[1]);
}

/* ---- generic secrets ---- */

/* Count the '_'/'-'-separated parts of s that are lower-case words of 3+ letters. */
static unsigned
word_parts(const unsigned char *s, size_t len)
{
    unsigned words = 0;
    size_t run = 0;
    bool only_lower = true;

    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '_' || s[i] == '-') {
            words += only_lower && run >= 3;
            run = 0;
            only_lower = true;
            continue;
        }
        only_lower = only_lower && s[i] >= 'a' && s[i] <= 'z';
        run++;
    }
    return words;
}

/*
 * A secret is a placeholder when eight or more of one filler character stand where the random
 * part goes ("ghp_xxxxxxxx...", "sk-XXXXXXXX...", "AKIA00000000..."; a random token has such a
 * run about once in 10^13), or when it is the jwt.io debugger's sample token, copied into
 * tutorials everywhere: its claims begin {"sub":"1234567890","name":"John Doe" whatever its
 * header, key or signature.
 */
static bool
is_placeholder(const unsigned char *s, size_t len)
{
    static const char jwt_sample[] = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lI";
    size_t run = 0;

    for (size_t i = 0; i < len; i++) {
        run = i > 0 && s[i] == s[i - 1] ? run + 1 : 1;
        if (run >= 8 && s[i] != '\0' && strchr("xX*#0", s[i]) != NULL) {
            return true;
        }
        if ((i == 0 || s[i - 1] == '.') && len - i >= sizeof(jwt_sample) - 1 &&
            memcmp(s + i, jwt_sample, sizeof(jwt_sample) - 1) == 0) {
            return true;
        }
    }
    return false;
}

static bool
check_not_placeholder(const unsigned char *s, size_t len)
{
    return !is_placeholder(s, len);
}

/*
 * A generic secret next to "password"/"token" is kept only when it looks machine-made: at
 * least 12 characters, letters mixed with digits or both cases, and 3.0 bits of Shannon
 * entropy per character. English words, repeated characters, short numbers, file paths and
 * snake_case or SHOUTING_CASE identifiers ("card_keys_sorted", "$VEIL_ID_KEY", "key_mode_0600")
 * stay below it, and placeholders are refused.
 */
static bool
check_entropy(const unsigned char *s, size_t len)
{
    unsigned counts[256] = {0};
    unsigned classes = 0;
    bool lower = false, upper = false, digit = false, other = false;
    double h = 0.0;

    if (len < 12 || len > 512 || is_placeholder(s, len)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c <= ' ' || c == 0x7f) {
            return false;
        }
        counts[c]++;
        lower = lower || (c >= 'a' && c <= 'z');
        upper = upper || (c >= 'A' && c <= 'Z');
        digit = digit || is_digit(c);
        other = other || (!is_alpha(c) && !is_digit(c));
    }
    classes = (unsigned)lower + (unsigned)upper + (unsigned)digit + (unsigned)other;
    if (!((digit && (lower || upper)) || (lower && upper)) || word_parts(s, len) >= 2) {
        return false;
    }
    for (size_t c = 0; c < 256; c++) {
        if (counts[c] != 0) {
            double p = (double)counts[c] / (double)len;
            h -= p * log2(p);
        }
    }
    return classes >= 2 && h >= 3.0;
}

/* The 6-bit value of a base64 or base64url character, or -1. */
static int
base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (is_digit(c)) {
        return c - '0' + 52;
    }
    return c == '+' || c == '-' ? 62 : c == '/' || c == '_' ? 63 : -1;
}

/* Words that make a decoded sentence a credential after all ("my password is ..."), lower case. */
static const char *const credential_words[] = {"pass",  "pwd", "pin",  "secret", "token",
                                               "login", "key", "code", "ssn",    "card"};

/*
 * True when s is base64 of a line of prose: it decodes whole, and the bytes are printable
 * ASCII words separated by spaces, mostly letters, with no digit, ':' or '@' and no credential
 * word ("Hello world", "How do I pick a lock?"). That is a sentence someone encoded to slip it
 * past a filter, not a credential; HTTP Basic's "user:password", tokens and "my pin is 4821" are
 * not such sentences.
 */
static bool
decodes_to_prose(const unsigned char *s, size_t len)
{
    unsigned acc = 0, bits = 0;
    size_t out = 0, spaces = 0, letters = 0;
    char text[400];

    while (len > 0 && s[len - 1] == '=') {
        len--;
    }
    if (len % 4 == 1 || len / 4 * 3 + 2 >= sizeof(text)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        int v = base64_value(s[i]);
        if (v < 0) {
            return false;
        }
        acc = ((acc << 6) | (unsigned)v) & 0xffffu;
        bits += 6;
        if (bits < 8) {
            continue;
        }
        bits -= 8;
        unsigned char c = (unsigned char)((acc >> bits) & 0xffu);
        if (c == ' ') {
            if (out == 0) {
                return false;
            }
            spaces++;
        } else if (is_alpha(c)) {
            letters++;
        } else if (c < 0x20 || c > 0x7e || c == ':' || c == '@' || is_digit(c)) {
            return false;
        }
        text[out++] = (char)to_lower(c);
    }
    text[out] = '\0';
    for (size_t k = 0; k < sizeof(credential_words) / sizeof(credential_words[0]); k++) {
        if (strstr(text, credential_words[k]) != NULL) {
            return false;
        }
    }
    return spaces >= 1 && 3 * letters >= 2 * (out - spaces);
}

/* An encoded secret: random-looking (entropy), and not base64 of a sentence. */
static bool
check_encoded_secret(const unsigned char *s, size_t len)
{
    return check_entropy(s, len) && !decodes_to_prose(s, len);
}

/* ---- health insurance numbers ---- */

/* A letter of the US Medicare Beneficiary Identifier: A-Z without S L O I B Z, which CMS
 * leaves out so that none is read as a digit. */
static bool
mbi_letter(char c)
{
    return c >= 'A' && c <= 'Z' && strchr("SLOIBZ", c) == NULL;
}

/*
 * US Medicare Beneficiary Identifier (CMS's published layout, 1EG4-TE5-MK73): eleven
 * characters, dashes after the fourth and seventh optional. Position 1 is 1-9, 4, 7, 10 and 11
 * are digits, 2, 5, 8 and 9 letters, 3 and 6 either. There is no check digit, so this only
 * rules out the shapes CMS never issues (an O or an I where a letter goes, a letter where a
 * digit goes).
 */
static bool
check_us_mbi(const unsigned char *s, size_t len)
{
    static const char layout[] = "NLAN"
                                 "LAN"
                                 "LLNN"; /* N digit, L letter, A either */
    char c[VALIDATE_MAX_CHARS];
    size_t n;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 11 || c[0] == '0') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        bool digit = is_digit((unsigned char)c[i]);
        if ((layout[i] == 'N' && !digit) || (layout[i] == 'L' && !mbi_letter(c[i])) ||
            (layout[i] == 'A' && !digit && !mbi_letter(c[i]))) {
            return false;
        }
    }
    return true;
}

/*
 * German Krankenversichertennummer (the unchangeable part on the eGK, A123456780): a letter
 * and nine digits. The letter becomes two digits (A = 01 ... Z = 26); with the first eight
 * digits that makes ten, weighted 1 2 1 2 ..., each product's digits summed, and the last
 * digit of the total is the check digit.
 */
static bool
check_de_kvnr(const unsigned char *s, size_t len)
{
    char c[VALIDATE_MAX_CHARS];
    unsigned d[10];
    unsigned sum = 0;
    size_t n;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 10 ||
        !is_alpha((unsigned char)c[0]) || !validate_all_digits(c + 1, 9)) {
        return false;
    }
    unsigned letter = (unsigned)(c[0] - 'A' + 1);
    d[0] = letter / 10;
    d[1] = letter % 10;
    for (size_t i = 0; i < 8; i++) {
        d[i + 2] = (unsigned)(c[i + 1] - '0');
    }
    for (size_t i = 0; i < 10; i++) {
        unsigned p = d[i] * (i % 2 == 0 ? 1u : 2u);
        sum += p / 10 + p % 10;
    }
    return sum % 10 == (unsigned)(c[9] - '0');
}

/*
 * German social insurance (pension) number, 15 070649 C 103: area (2 digits), birth date
 * (ddmmyy), the initial of the birth name, a serial (2 digits) and a check digit. The letter
 * becomes two digits (A = 01 ... Z = 26); the twelve digits are weighted 2 1 2 5 7 1 2 1 2 1 2 1,
 * each product's digits summed, and the last digit of the total is the check digit.
 */
static bool
check_de_svnr(const unsigned char *s, size_t len)
{
    static const unsigned weights[12] = {2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1};
    char c[VALIDATE_MAX_CHARS];
    unsigned d[12];
    unsigned sum = 0;
    size_t n;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 12 ||
        !validate_all_digits(c, 8) || !is_alpha((unsigned char)c[8]) ||
        !validate_all_digits(c + 9, 3)) {
        return false;
    }
    int day = (c[2] - '0') * 10 + (c[3] - '0');
    int month = (c[4] - '0') * 10 + (c[5] - '0');
    if (day < 1 || day > 31 || month < 1 || month > 12) {
        return false;
    }
    unsigned letter = (unsigned)(c[8] - 'A' + 1);
    for (size_t i = 0; i < 8; i++) {
        d[i] = (unsigned)(c[i] - '0');
    }
    d[8] = letter / 10;
    d[9] = letter % 10;
    d[10] = (unsigned)(c[9] - '0');
    d[11] = (unsigned)(c[10] - '0');
    for (size_t i = 0; i < 12; i++) {
        unsigned p = d[i] * weights[i];
        sum += p / 10 + p % 10;
    }
    return sum % 10 == (unsigned)(c[11] - '0');
}

/*
 * A number read out the way people say it, in English: digits one by one ("four one two"),
 * "oh" for zero, pairs ("twelve", "fifty five", "forty"), "double"/"triple" before a digit
 * ("double five"), "hundred" after one ("eight hundred"); anything not a letter separates.
 * At least one pair, "double"/"triple" or "hundred" must be there (a run of single digit words
 * is the other digit-word rules' own). Writes the digits to d (NUL-free) and their count to
 * *n; false for any other word or too many digits.
 */
static const char *const spoken_teens[] = {"ten",      "eleven",  "twelve",  "thirteen",
                                           "fourteen", "fifteen", "sixteen", "seventeen",
                                           "eighteen", "nineteen"};
static const char *const spoken_units[] = {"zero", "oh",  "one",   "two",   "three", "four",
                                           "five", "six", "seven", "eight", "nine"};
static const char *const spoken_tens[] = {"twenty", "thirty",  "forty",  "fifty",
                                          "sixty",  "seventy", "eighty", "ninety"};

static int
spoken_word_index(const unsigned char *s, size_t len, const char *const *words, size_t count)
{
    for (size_t k = 0; k < count; k++) {
        size_t m = strlen(words[k]), x = 0;
        if (m != len) {
            continue;
        }
        while (x < len && (unsigned char)(s[x] | 0x20) == (unsigned char)words[k][x]) {
            x++;
        }
        if (x == len) {
            return (int)k;
        }
    }
    return -1;
}

static bool
spoken_word_is(const unsigned char *s, size_t len, const char *w)
{
    return spoken_word_index(s, len, &w, 1) == 0;
}

static bool
spoken_digits(const unsigned char *s, size_t len, char *d, size_t cap, size_t *n)
{
    size_t k = 0, i = 0;
    unsigned repeat = 0; /* "double" 2, "triple" 3: the next digit that many times */
    bool pairs = false, tens_open = false;

    while (i < len) {
        if (!is_alpha(s[i])) {
            if (s[i] >= 0x80 || is_digit(s[i])) {
                return false;
            }
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && is_alpha(s[j])) {
            j++;
        }
        const unsigned char *w = s + i;
        size_t m = j - i;
        int t = spoken_word_index(w, m, spoken_units, 11);
        i = j;
        if (t >= 0) {
            char unit = t < 2 ? '0' : (char)('1' + t - 2);
            if (tens_open && unit != '0') {
                d[k - 1] = unit; /* "fifty five": the tens word's 0 becomes the unit */
                tens_open = false;
                continue;
            }
            tens_open = false;
            for (unsigned r = repeat ? repeat : 1; r > 0; r--) {
                if (k == cap) {
                    return false;
                }
                d[k++] = unit;
            }
            repeat = 0;
            continue;
        }
        if (repeat != 0) {
            return false; /* "double" before anything but a digit */
        }
        tens_open = false;
        if (spoken_word_is(w, m, "double") || spoken_word_is(w, m, "triple")) {
            repeat = (w[0] | 0x20) == 'd' ? 2 : 3;
            pairs = true;
            continue;
        }
        if (spoken_word_is(w, m, "hundred")) {
            if (k == 0 || k + 2 > cap) {
                return false;
            }
            d[k++] = '0';
            d[k++] = '0';
            pairs = true;
            continue;
        }
        if ((t = spoken_word_index(w, m, spoken_teens, 10)) >= 0 ||
            (t = spoken_word_index(w, m, spoken_tens, 8)) >= 0) {
            bool teen = spoken_word_index(w, m, spoken_teens, 10) >= 0;
            if (k + 2 > cap) {
                return false;
            }
            d[k++] = teen ? '1' : (char)('2' + t);
            d[k++] = teen ? (char)('0' + t) : '0';
            tens_open = !teen;
            pairs = true;
            continue;
        }
        return false;
    }
    *n = k;
    return pairs && repeat == 0 && k > 0;
}

/* A phone number read out in pairs or groups (see spoken_digits), then the phone check. */
static bool
check_phone_spoken(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    return spoken_digits(s, len, d, sizeof(d), &n) && n <= 15 &&
           check_phone((const unsigned char *)d, n);
}

/* An SSN read out in pairs or groups (see spoken_digits), then the SSA check. */
static bool
check_us_ssn_spoken(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    return spoken_digits(s, len, d, sizeof(d), &n) && n == 9 &&
           check_us_ssn((const unsigned char *)d, n);
}

/* A card number read out in pairs or groups (see spoken_digits), then the card check. */
static bool
check_luhn_spoken(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    return spoken_digits(s, len, d, sizeof(d), &n) && n >= 13 && n <= 19 &&
           check_luhn((const unsigned char *)d, n);
}

/* ---- the table ---- */

static const struct validator validators[] = {
    {"luhn", check_luhn, true},
    {"luhn_words", check_luhn_words, true},
    {"phone_words", check_phone_words, false},
    {"iban", check_iban, true},
    {"us_ssn", check_us_ssn, false},
    {"ipv4", check_ipv4, false},
    {"ipv6", check_ipv6, false},
    {"mac", check_mac, false},
    {"phone", check_phone, false},
    {"phone_labelled", check_phone_labelled, false},
    {"phone_spoken", check_phone_spoken, false},
    {"not_freephone", check_not_freephone, false},
    {"us_ssn_spoken", check_us_ssn_spoken, false},
    {"luhn_spoken", check_luhn_spoken, true},
    {"btc_base58check", validate_btc_base58check, true},
    {"btc_bech32", validate_btc_bech32, true},
    {"eth_eip55", validate_eth_eip55, false},
    {"verhoeff", check_verhoeff, true},
    {"date", check_date, false},
    {"entropy", check_entropy, false},
    {"encoded_secret", check_encoded_secret, false},
    {"not_placeholder", check_not_placeholder, false},
    {"uk_nino", validate_uk_nino, false},
    {"uk_nhs", validate_uk_nhs, true},
    {"ca_sin", validate_ca_sin, true},
    {"es_dni", validate_es_dni, true},
    {"es_nie", validate_es_nie, true},
    {"it_codice_fiscale", validate_it_codice_fiscale, true},
    {"fr_nir", validate_fr_nir, true},
    {"de_tax_id", validate_de_tax_id, true},
    {"pl_pesel", validate_pl_pesel, true},
    {"nl_bsn", validate_nl_bsn, true},
    {"in_aadhaar", validate_in_aadhaar, true},
    {"in_pan", validate_in_pan, false},
    {"br_cpf", validate_br_cpf, true},
    {"cn_resident_id", validate_cn_resident_id, true},
    {"kr_rrn", validate_kr_rrn, true},
    {"jp_my_number", validate_jp_my_number, true},
    {"au_tfn", validate_au_tfn, true},
    {"au_medicare", validate_au_medicare, true},
    {"sg_nric", validate_sg_nric, true},
    {"tr_tckn", validate_tr_tckn, true},
    {"pt_nif", validate_pt_nif, true},
    {"ae_emirates_id", validate_ae_emirates_id, true},
    {"ru_snils", validate_ru_snils, true},
    {"se_personnummer", validate_se_personnummer, true},
    {"gr_amka", validate_gr_amka, true},
    {"cz_rodne_cislo", validate_cz_rodne_cislo, true},
    {"ua_rnokpp", validate_ua_rnokpp, true},
    {"vn_cccd", validate_vn_cccd, false},
    {"id_nik", validate_id_nik, false},
    {"ro_cnp", validate_ro_cnp, true},
    {"fi_hetu", validate_fi_hetu, true},
    {"dk_cpr", validate_dk_cpr, false},
    {"dk_cpr_mod11", validate_dk_cpr_mod11, true},
    {"no_fnr", validate_no_fnr, true},
    {"hu_taj", validate_hu_taj, true},
    {"th_id", validate_th_id, true},
    {"il_id", validate_il_id, true},
    {"sa_id", validate_sa_id, true},
    {"nz_ird", validate_nz_ird, true},
    {"ie_ppsn", validate_ie_ppsn, true},
    {"za_id", validate_za_id, true},
    {"ir_national_code", validate_ir_national_code, true},
    {"my_mykad", validate_my_mykad, false},
    {"eg_national_id", validate_eg_national_id, false},
    {"rs_jmbg", validate_rs_jmbg, true},
    {"hr_oib", validate_hr_oib, true},
    {"bg_egn", validate_bg_egn, true},
    {"lt_asmens_kodas", validate_lt_asmens_kodas, true},
    {"ch_ahv", validate_ch_ahv, true},
    {"be_nrn", validate_be_nrn, true},
    {"at_svnr", validate_at_svnr, true},
    {"tw_id", validate_tw_id, true},
    {"lv_personas_kods", validate_lv_personas_kods, true},
    /* one digit in ten: the layout of the zone is what makes it a document number */
    {"mrz_check", validate_mrz_check, false},
    {"us_mbi", check_us_mbi, false},
    /* a one-in-ten check digit: it rules numbers out but does not make a bare one certain */
    {"de_kvnr", check_de_kvnr, false},
    {"de_svnr", check_de_svnr, true},
    {NULL, NULL, false},
};

const struct validator *
validator_table(void)
{
    return validators;
}

const struct validator *
validator_find(const char *name)
{
    for (const struct validator *v = validators; v->name != NULL; v++) {
        if (strcmp(v->name, name) == 0) {
            return v;
        }
    }
    return NULL;
}
