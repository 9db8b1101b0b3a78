#include "scrub/normalize_internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/digit_words_internal.h"

#include "common/banned.h"

/*
 * UAX #15 "stream-safe" bound: a cluster is cut after this many non-starters, so a run of a
 * million combining marks costs linear time instead of ICU's quadratic canonical reordering.
 */
#define MAX_NONSTARTERS 30

/* confusable cache cell values for the BMP; any other value is the ASCII replacement */
#define CONF_UNKNOWN 0
#define CONF_NONE    1

/*
 * The normal form of a cluster of one UTF-16 unit, remembered: a text repeats the few it has
 * ("’", "—", "é"), and ICU's call costs hundreds of instructions. Slots are
 * direct-mapped; nf is NULL in an empty one.
 */
#define NF_MEMO_SLOTS 64
#define NF_MEMO_OUT   4

struct nf_memo {
    const UNormalizer2 *nf;
    UChar in;
    int32_t n;
    UChar out[NF_MEMO_OUT];
};

struct norm_icu {
    const UNormalizer2 *nfkc;    /* singleton owned by ICU, not closed */
    const UNormalizer2 *nfkc_cf; /* singleton owned by ICU, not closed */
    USpoofChecker *spoof;        /* opened on first NORM_CONFUSABLES build */
    unsigned char *conf_bmp;     /* 65536 cells, lazily allocated */
    UChar *in16, *out16;         /* cluster scratch buffers */
    int32_t in16_cap, out16_cap;
    struct norm_view decoded;  /* the text with its character references decoded */
    struct norm_view previous; /* the last round's view, while a reference it spells is read */
    struct nf_memo memo[NF_MEMO_SLOTS];
};

void
norm_view_init(struct norm_view *v)
{
    memset(v, 0, sizeof(*v));
    buf_init(&v->text, BUF_NO_MAX);
}

void
norm_view_release(struct norm_view *v)
{
    struct norm_icu *icu = NULL;

    if (!v) {
        return;
    }
    icu = v->icu;
    if (icu) {
        if (icu->spoof) {
            uspoof_close(icu->spoof);
        }
        free(icu->conf_bmp);
        free(icu->in16);
        free(icu->out16);
        norm_view_release(&icu->decoded);
        norm_view_release(&icu->previous);
        free(icu);
    }
    buf_release(&v->text);
    free(v->map);
    free(v->map_end);
    memset(v, 0, sizeof(*v));
}

int
norm_is_ascii(const unsigned char *s, size_t len)
{
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) {
            return 0;
        }
    }
    for (; i < len; i++) {
        if (s[i] >= 0x80) {
            return 0;
        }
    }
    return 1;
}

/* The offset of the first byte >= 0x80 in s[from..len), or len. */
static size_t
first_non_ascii(const unsigned char *s, size_t from, size_t len)
{
    size_t i = from;

#if defined(__SSE2__)
    for (; i + 16 <= len; i += 16) {
        int high = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (high) {
            return i + (size_t)__builtin_ctz((unsigned)high);
        }
    }
#endif
    while (i < len && s[i] < 0x80) {
        i++;
    }
    return i;
}

/*
 * Character references. HTML and XML text may spell a character as "&#45;", "&#x2D;" or
 * "&hyphen;"; the view reads the character instead, so "415&#45;555&#45;0134" is a phone
 * number. Numeric references need their ';' and a code point other than NUL or a surrogate;
 * &#128; to &#159; are read as the windows-1252 characters HTML5 takes them for. Named
 * references are the handful people write for punctuation, spaces, '@' and quotes: the full
 * HTML5 table (2,231 names) would let ordinary text such as "R&D;" become something else.
 */
struct named_reference {
    const char *name;
    UChar32 c;
};

static const struct named_reference NAMED_REFERENCES[] = {
    {"AMP", 0x26},
    {"amp", 0x26},
    {"apos", 0x27},
    {"ast", 0x2A},
    {"bsol", 0x5C},
    {"colon", 0x3A},
    {"comma", 0x2C},
    {"commat", 0x40},
    {"dash", 0x2010},
    {"dollar", 0x24},
    {"emsp", 0x2003},
    {"ensp", 0x2002},
    {"equals", 0x3D},
    {"excl", 0x21},
    {"grave", 0x60},
    {"GT", 0x3E},
    {"gt", 0x3E},
    {"hairsp", 0x200A},
    {"Hat", 0x5E},
    {"horbar", 0x2015},
    {"hyphen", 0x2010},
    {"lbrace", 0x7B},
    {"lbrack", 0x5B},
    {"lcub", 0x7B},
    {"ldquo", 0x201C},
    {"lowbar", 0x5F},
    {"lpar", 0x28},
    {"lrm", 0x200E},
    {"lsqb", 0x5B},
    {"lsquo", 0x2018},
    {"LT", 0x3C},
    {"lt", 0x3C},
    {"mdash", 0x2014},
    {"midast", 0x2A},
    {"minus", 0x2212},
    {"nbsp", 0xA0},
    {"ndash", 0x2013},
    {"NewLine", 0x0A},
    {"NonBreakingSpace", 0xA0},
    {"num", 0x23},
    {"numsp", 0x2007},
    {"percnt", 0x25},
    {"period", 0x2E},
    {"plus", 0x2B},
    {"puncsp", 0x2008},
    {"quest", 0x3F},
    {"QUOT", 0x22},
    {"quot", 0x22},
    {"rbrace", 0x7D},
    {"rbrack", 0x5D},
    {"rcub", 0x7D},
    {"rdquo", 0x201D},
    {"rlm", 0x200F},
    {"rpar", 0x29},
    {"rsqb", 0x5D},
    {"rsquo", 0x2019},
    {"semi", 0x3B},
    {"shy", 0xAD},
    {"sol", 0x2F},
    {"Tab", 0x09},
    {"thinsp", 0x2009},
    {"verbar", 0x7C},
    {"vert", 0x7C},
    {"ZeroWidthSpace", 0x200B},
    {"zwj", 0x200D},
    {"zwnj", 0x200C},
};

/* The longest name in NAMED_REFERENCES ("NonBreakingSpace"). */
#define NAMED_REFERENCE_MAX 16

/* What HTML5 reads &#128; to &#159; as: the windows-1252 characters of those bytes. */
static const uint16_t WINDOWS_1252_C1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int
digit_value(unsigned char c, bool hex)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20;
    return hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "&#NN;" or "&#xHH;" at s[i] (s[i + 1] is '#'): its code point and end, or false. */
static bool
numeric_reference(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *end)
{
    size_t j = i + 2, digits;
    bool hex = j < len && (s[j] | 0x20) == 'x';
    uint32_t v = 0;
    int d;

    j += hex;
    digits = j;
    for (; j < len && (d = digit_value(s[j], hex)) >= 0; j++) {
        /* past the last code point the value stops growing: leading zeros stay allowed */
        v = v > 0x10FFFF ? v : v * (hex ? 16u : 10u) + (uint32_t)d;
    }
    if (j == digits || j >= len || s[j] != ';' || v == 0 || v > 0x10FFFF ||
        (v >= 0xD800 && v <= 0xDFFF)) {
        return false;
    }
    *c = v >= 0x80 && v <= 0x9F ? WINDOWS_1252_C1[v - 0x80] : (UChar32)v;
    *end = j + 1;
    return true;
}

/* "&name;" at s[i] for a name in NAMED_REFERENCES: its code point and end, or false. */
static bool
named_reference(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *end)
{
    size_t j = i + 1, n;

    while (j < len && j - (i + 1) <= NAMED_REFERENCE_MAX &&
           (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') || (s[j] >= '0' && s[j] <= '9'))) {
        j++;
    }
    n = j - (i + 1);
    if (n == 0 || n > NAMED_REFERENCE_MAX || j >= len || s[j] != ';') {
        return false;
    }
    for (size_t k = 0; k < sizeof(NAMED_REFERENCES) / sizeof(NAMED_REFERENCES[0]); k++) {
        const char *name = NAMED_REFERENCES[k].name;
        if (strlen(name) == n && memcmp(name, s + i + 1, n) == 0) {
            *c = NAMED_REFERENCES[k].c;
            *end = j + 1;
            return true;
        }
    }
    return false;
}

/*
 * "%40" at s[i] (a '%'): a URL's percent escape of a printable ASCII character, as in
 * "mailto:jane.doe%40mail.com", "?tel=%2B14155550134", or a value escaped whole to hide it
 * ("%73%6B%2D..." spells "sk-...", "24%2E10%2E%342" spells "24.10.42"). An escape of a
 * control or non-ASCII byte stays as written: it spells no character on its own.
 */
static bool
percent_escape(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *end)
{
    int hi = i + 2 < len ? digit_value(s[i + 1], true) : -1;
    int lo = hi >= 0 ? digit_value(s[i + 2], true) : -1;
    int v = hi * 16 + lo;

    if (lo < 0 || v < 0x20 || v > 0x7e) {
        return false;
    }
    *c = v;
    *end = i + 3;
    return true;
}

/*
 * A JSON string's one-character escape at s[i] (a backslash), as a record pasted from a log or
 * an API reads ("{\"ssn\": \"531-24-1001\"}", "Name: Priya Raman\nDOB: ..."): \" \' \/ \\
 * read as the character, \n \r \t as the line break or tab unless a lower-case letter follows,
 * which is a path ("C:\Users\nadia", "\temp"), not an escape.
 */
static bool
simple_escape(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *end)
{
    if (len - i < 2) {
        return false;
    }
    switch (s[i + 1]) {
    case '"':
    case '\'':
    case '/':
    case '\\':
        *c = s[i + 1];
        break;
    case 'n':
    case 'r':
    case 't':
        if (i + 2 < len && s[i + 2] >= 'a' && s[i + 2] <= 'z') {
            return false;
        }
        *c = s[i + 1] == 'n' ? '\n' : s[i + 1] == 'r' ? '\r' : '\t';
        break;
    default:
        return false;
    }
    *end = i + 2;
    return true;
}

/*
 * "\u0034" or "\x34" at s[i] (a backslash): a program's escape typed into prose to spell a
 * value ("\u0034\u0031\u0035..." spells "415..."). \x takes two hex digits and must spell
 * printable ASCII (a higher byte is half of a UTF-8 sequence); \u takes four and may also
 * spell a character beyond ASCII, but no control character or surrogate. Otherwise a JSON
 * string's one-character escape (simple_escape).
 */
static bool
backslash_escape(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *end)
{
    size_t digits = i + 1 < len && s[i + 1] == 'u' ? 4 : i + 1 < len && s[i + 1] == 'x' ? 2 : 0;
    uint32_t v = 0;

    if (digits == 0) {
        return simple_escape(s, len, i, c, end);
    }
    if (len - i < 2 + digits) {
        return false;
    }
    for (size_t k = 0; k < digits; k++) {
        int d = digit_value(s[i + 2 + k], true);
        if (d < 0) {
            return false;
        }
        v = v * 16u + (uint32_t)d;
    }
    if (v < 0x20 || v == 0x7f || (digits == 2 && v > 0x7e) || (v >= 0x80 && v < 0xa0) ||
        (v >= 0xD800 && v <= 0xDFFF)) {
        return false;
    }
    *c = (UChar32)v;
    *end = i + 2 + digits;
    return true;
}

static bool
ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/*
 * "=40" at s[i] (an '='): quoted-printable, as a mail body spells "jane=40mail=2Ecom". Only
 * the characters of an address ('@', '.', '_', '-', '+'), in upper-case hex as the encoding
 * writes them, and only between two letters or digits: "x=40" and "width=2E5 cm" read as
 * written unless a word goes on after them.
 */
static bool
quoted_printable(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *end)
{
    static const char *const codes[] = {"40@", "2E.", "5F_", "2D-", "2B+"};

    if (i == 0 || len - i < 4 || !ascii_alnum(s[i - 1]) || !ascii_alnum(s[i + 3])) {
        return false;
    }
    for (size_t k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
        if (s[i + 1] == (unsigned char)codes[k][0] && s[i + 2] == (unsigned char)codes[k][1]) {
            *c = (unsigned char)codes[k][2];
            *end = i + 3;
            return true;
        }
    }
    return false;
}

/*
 * The character reference, percent escape, backslash escape or quoted-printable code at s[i]
 * (an ampersand, '%', a backslash or '='): its code point and end.
 */
static bool
reference_at(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *end)
{
    switch (s[i]) {
    case '%':
        return percent_escape(s, len, i, c, end);
    case '\\':
        return backslash_escape(s, len, i, c, end);
    case '=':
        return quoted_printable(s, len, i, c, end);
    default:
        break;
    }
    if (i + 1 < len && s[i + 1] == '#') {
        return numeric_reference(s, len, i, c, end);
    }
    return named_reference(s, len, i, c, end);
}

static bool
starts_reference(unsigned char c)
{
    return c == '&' || c == '%' || c == '\\' || c == '=';
}

/*
 * The first ampersand, '%', backslash or '=' in s[from, len), or len (s may be NULL when len is 0).
 * Every ASCII text is scanned for them, so sixteen bytes are compared at a time.
 */
static size_t
next_reference_start(const unsigned char *s, size_t from, size_t len)
{
    size_t i = from;

#if defined(__SSE2__)
    const __m128i amp = _mm_set1_epi8('&'), pct = _mm_set1_epi8('%');
    const __m128i bsl = _mm_set1_epi8('\\'), eq = _mm_set1_epi8('=');
    for (; i + 16 <= len; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, amp), _mm_cmpeq_epi8(b, pct)),
                                   _mm_or_si128(_mm_cmpeq_epi8(b, bsl), _mm_cmpeq_epi8(b, eq)));
        int mask = _mm_movemask_epi8(hit);
        if (mask) {
            return i + (size_t)__builtin_ctz((unsigned)mask);
        }
    }
#endif
    while (i < len && !starts_reference(s[i])) {
        i++;
    }
    return i < len ? i : len;
}

/* Whether s holds a character reference or percent escape the view decodes. */
static bool
has_reference(const unsigned char *s, size_t len)
{
    UChar32 c;
    size_t end;

    for (size_t at = next_reference_start(s, 0, len); at < len;
         at = next_reference_start(s, at + 1, len)) {
        if (reference_at(s, len, at, &c, &end)) {
            return true;
        }
    }
    return false;
}

/* True when every byte of s is < 0x80 and none is a tab. */
static bool
ascii_without_tab(const unsigned char *s, size_t len)
{
    const uint64_t high = 0x8080808080808080ull;
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t tabs = 0x0909090909090909ull;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w, t;
        memcpy(&w, s + i, 8);
        if (w & high) {
            return false;
        }
        /* a byte equal to '\t' becomes a zero byte in t; the classic has-zero-byte test */
        t = w ^ tabs;
        if ((t - ones) & ~t & high) {
            return false;
        }
    }
    for (; i < len; i++) {
        if (s[i] >= 0x80 || s[i] == '\t') {
            return false;
        }
    }
    return true;
}

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

static bool
spaced_unit(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' ||
           c == '.' || c == '_' || c == '-' || c == '+';
}

static bool
ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * The end of the spaced run starting at s[i] (just past its last unit), or i when none starts
 * there. s[i] must start a token: i == 0 or s[i - 1] is not a unit. *stop is past the last unit
 * read, qualified or not: a run starting at a later unit of it has fewer units and letters and
 * cannot qualify either, so callers skip to there ("1 1 1 ..." is read once, not once per unit).
 */
static bool
hex_digit(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
           (c == ':' && (after_digit || (digits > 0 && (before == ':' || hex_digit(before)))));
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

/*
 * A spaced run of one or two capitals and then digits alone is an identifier ("K 4 8 2 9 1 0 4",
 * "S 5 3 0 4 1 2 9 8 8"): SPACED_ID_DIGITS_MIN digits at least, SPACED_DIGITS_MAX at most.
 */
#define SPACED_ID_DIGITS_MIN 6

static size_t
spaced_run_end(const unsigned char *s, size_t len, size_t i, size_t *stop)
{
    size_t units = 0, letters = 0, digits = 0, marks = 0, at = i, end = i;
    unsigned char before = 0;
    bool id = s[i] >= 'A' && s[i] <= 'Z';

    /* a unit alone in its token ("a b cd" is a run of two: "cd" is a word), or before the
     * punctuation that ends a sentence or clause ("1 9 9 2." ends the run) */
    while (at < len &&
           (spaced_unit_after(s[at], before, digits) ||
            (letters >= SPACED_LETTERS_MIN && spaced_symbol(s[at]))) &&
           (at + 1 == len || !spaced_unit(s[at + 1]) || clause_end(s, len, at + 1))) {
        units++;
        letters += ascii_letter(s[at]);
        digits += s[at] >= '0' && s[at] <= '9';
        marks += spaced_mark(s[at]);
        /* capitals first, then digits only */
        id = id && (s[at] >= '0' && s[at] <= '9'
                        ? true
                        : digits == 0 && s[at] >= 'A' && s[at] <= 'Z' && letters <= 2);
        before = s[at];
        end = at + 1;
        if (at + 2 >= len || s[at + 1] != ' ') {
            break;
        }
        at += 2;
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
 * numbers is text ('|' and interpuncts: see join_interpunct_runs). Digits alone one '.', '-' or
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
    size_t m, at = i, units = 1, letters = ascii_letter(s[i]), marks = 0;

    if (i + 1 >= len || !(ascii_alnum(s[i]) || s[i] == '+')) {
        return i;
    }
    m = separator_len(s, len, i + 1);
    if (m == 0) {
        return i;
    }
    /* a unit alone on its line after another is inside a run read from its first unit: each
     * run of lines is read once, so a column of digits stays linear */
    if (s[i + 1] == '\n' && i >= 2 && s[i - 1] == '\n' &&
        (ascii_alnum(s[i - 2]) || spaced_mark(s[i - 2])) && (i == 2 || s[i - 3] == '\n')) {
        return i;
    }
    /* with a separator of blanks alone, the value's own separators are units too: "1  9  9  0
     * -  0  7" and "5\n3\n6\n-\n2\n2" read "1990-07" and "536-22" */
    bool blank = true;
    for (size_t k = i + 1; k <= i + m; k++) {
        blank = blank && (s[k] == ' ' || s[k] == '\n');
    }
    /* the next unit follows the same separator and stands alone */
    while (at + 1 + m < len && memcmp(s + at + 1, s + i + 1, m) == 0 &&
           (ascii_alnum(s[at + 1 + m]) ||
            (blank && spaced_mark(s[at + 1 + m]) &&
             (!spaced_mark(s[at]) || (s[at] == ':' && s[at + 1 + m] == ':')))) &&
           (at + 2 + m == len || !ascii_alnum(s[at + 2 + m]))) {
        at += 1 + m;
        units++;
        letters += ascii_letter(s[at]);
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
    return i == 0 || !spaced_unit(s[i - 1]);
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
static bool
has_spaced_run(const unsigned char *s, size_t len)
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

/* Copy view byte from to at (at <= from), with its map entries. */
static void
view_move(struct norm_view *v, size_t at, size_t from)
{
    v->text.data[at] = v->text.data[from];
    v->map[at] = v->map[from];
    v->map_end[at] = v->map_end[from];
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
static bool
spaced_words(const unsigned char *t, size_t from, size_t to)
{
    bool lower = false, upper = false, letter = false;

    for (size_t i = from; i < to; i += 2) {
        if (t[i] >= '0' && t[i] <= '9') {
            if (letter) {
                return false;
            }
            continue;
        }
        if (!ascii_letter(t[i])) {
            return false;
        }
        letter = true;
        lower |= t[i] >= 'a' && t[i] <= 'z';
        upper |= t[i] >= 'A' && t[i] <= 'Z';
    }
    return lower && upper;
}

static void
join_spaced_runs(struct norm_view *v)
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
                    view_move(v, w++, i++); /* read once: a run of units is not read again */
                }
                continue;
            }
            end = weak;
        }
        if (end == i) {
            view_move(v, w++, i++);
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
            view_move(v, w++, i); /* the leading '+' */
        }
        bool words = step == 2 && spaced_words(t, body, end);
        for (i = body; i < end; i += step) {
            if (words && i > body && i + 2 < end && t[i] >= 'A' && t[i] <= 'Z' &&
                ((t[i - 2] >= 'a' && t[i - 2] <= 'z') || (t[i - 2] >= '0' && t[i - 2] <= '9')) &&
                t[i + 2] >= 'a' && t[i + 2] <= 'z') {
                view_move(v, w++, i - 1); /* a capitalised word starts: its space stays */
            }
            view_move(v, w++, i);
        }
        i = end;
        last_run_end = w;
    }
    v->text.len = w;
    t[w] = '\0';
}

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

static bool
is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r';
}

/* Whether an '@' lies in the word of t[0, lo) and t[hi, n), up to white space either side. */
static bool
word_has_at(const unsigned char *t, size_t lo, size_t hi, size_t n)
{
    for (size_t k = lo; k > 0 && lo - k < DOT_ADDRESS_REACH && !is_space_byte(t[k - 1]); k--) {
        if (t[k - 1] == '@') {
            return true;
        }
    }
    for (size_t k = hi; k < n && k - hi < DOT_ADDRESS_REACH && !is_space_byte(t[k]); k++) {
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
        return (hex_digit(before) || before == ':') &&
               (hex_digit(t[i + m]) || (digit_sep_len(t, n, i + m, &next) > 0 && next == ':'));
    }
    return ascii == '.' && ascii_alnum(before) && ascii_alnum(t[i + m]) &&
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
static bool
has_digit_dot(const unsigned char *t, size_t n)
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
static void
fold_digit_dots(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0;

    while (i < n) {
        /* t[w - 1] is the byte before t[i] in the view as it is being rewritten */
        size_t m = 0;
        char ascii = 0;
        if (w > 0 && (ascii_alnum(t[w - 1]) || t[w - 1] == '+' || t[w - 1] == ':')) {
            m = digit_sep_len(t, n, i, &ascii);
            m = dot_reads(t, n, t[w - 1], w, i, m, ascii) ? m : 0;
        }
        if (m == 0) {
            view_move(v, w++, i++);
            continue;
        }
        if (t[w - 1] != '+') {
            size_t end = v->map_end[i + m - 1];
            view_move(v, w, i);
            t[w] = (unsigned char)ascii;
            v->map_end[w++] = end;
        }
        i += m;
    }
    v->text.len = w;
    t[w] = '\0';
}

/*
 * Joints: bytes typed inside a value that a reader skips.
 *  - String literals joined by an operator: "4111" + "1111", '0788' + '6996', "jane" . "@x.io":
 *    a closing quote after a character of a value (a letter, digit, @ . _ - +), the operator
 *    (+ . & || ..) with spaces around it, and an opening quote of the same kind before one.
 *  - A value wrapped onto a quoted line: "jane@exam\n> ple.com", "(813) 8\n> 87-1214": a line
 *    break and '>' (one space after it) between two characters of a value, where the line
 *    before does not itself start with '>' (inside a quoted block a line break is text) and the
 *    word it cuts holds a digit or '@' on one side, so "as follows\n> item" stays two words.
 *  - HTML markup inside a value: "415-5<span>55-26</span>71", "4081-4283<b></b>-7289",
 *    "156-5<!-- -->8-8005", "ana<b>.</b>souza@x.io": a run of bare tags of inline text elements
 *    (b, span, font...) and empty comments between two characters of a value reads as nothing;
 *    elsewhere, and for elements that break the line (br, p, td...), as nothing beside white
 *    space ("my name is <b>Ana</b>") and as one space between other characters ("Name:<br>Ana",
 *    "ssn<br/>531-24-1001"), so that markup never joins two words.
 * The length of the joint at t[i], or 0.
 */
static bool
value_byte(unsigned char c)
{
    return ascii_alnum(c) || c == '@' || c == '.' || c == '_' || c == '-' || c == '+' || c == ')' ||
           c == '(';
}

/* A byte a quoted chunk of a value may end or start with. */
static bool
literal_byte(unsigned char c)
{
    return ascii_alnum(c) || c == '@' || c == '.' || c == '_' || c == '-' || c == '+';
}

static size_t
literal_joint_len(const unsigned char *t, size_t n, size_t i)
{
    unsigned char q = t[i];
    size_t j = i + 1;

    /* most quotes are apostrophes inside a word ("don't"): the operator is looked for first */
    while (j < n && t[j] == ' ') {
        j++;
    }
    if (j == n || !(t[j] == '+' || t[j] == '.' || t[j] == '&' || t[j] == '|') || i == 0 ||
        !literal_byte(t[i - 1])) {
        return 0;
    }
    if (j + 1 < n && ((t[j] == '|' && t[j + 1] == '|') || (t[j] == '.' && t[j + 1] == '.'))) {
        j += 2;
    } else if (j < n && (t[j] == '+' || t[j] == '.' || t[j] == '&')) {
        j++;
    } else {
        return 0;
    }
    while (j < n && t[j] == ' ') {
        j++;
    }
    return j + 1 < n && t[j] == q && literal_byte(t[j + 1]) ? j + 1 - i : 0;
}

/* Whether the word around t[from, to) (up to white space either side) holds a digit or '@'. */
static bool
word_has_digit_or_at(const unsigned char *t, size_t n, size_t from, size_t to)
{
    while (from > 0 && value_byte(t[from - 1])) {
        from--;
    }
    while (to < n && value_byte(t[to])) {
        to++;
    }
    for (size_t k = from; k < to; k++) {
        if ((t[k] >= '0' && t[k] <= '9') || t[k] == '@') {
            return true;
        }
    }
    return false;
}

static size_t
wrap_joint_len(const unsigned char *t, size_t n, size_t i)
{
    size_t j = i + 1, line = i;

    if (j >= n || t[j] != '>' || i == 0 || !value_byte(t[i - 1])) {
        return 0;
    }
    j += (j + 1 < n && t[j + 1] == ' ') ? 2 : 1;
    if (j >= n || !value_byte(t[j])) {
        return 0;
    }
    while (line > 0 && t[line - 1] != '\n') {
        line--;
    }
    if (t[line] == '>') {
        return 0;
    }
    /* the word before the break, and the one after it */
    if (!word_has_digit_or_at(t, i, i, i) && !word_has_digit_or_at(t, n, j, j)) {
        return 0;
    }
    return j - i;
}

/*
 * Text-level HTML elements, whose tags sit inside running text (not <script>, <html>...): 1 for
 * an inline one, 2 for one that breaks the line (a line break, a paragraph, a cell), else 0.
 */
static int
text_element(const unsigned char *name, size_t len)
{
    static const char *const inline_names[] = {
        "a",    "abbr",   "b",      "bdi", "bdo", "big",  "cite", "code", "data", "del",  "dfn",
        "em",   "font",   "i",      "ins", "kbd", "mark", "nobr", "q",    "s",    "samp", "small",
        "span", "strike", "strong", "sub", "sup", "time", "tt",   "u",    "var",  "wbr"};
    static const char *const break_names[] = {"br", "p",   "div", "li",        "td", "th",
                                              "tr", "h1",  "h2",  "h3",        "h4", "h5",
                                              "h6", "pre", "hr",  "blockquote"};
    const char *const *lists[2] = {inline_names, break_names};
    const size_t counts[2] = {sizeof(inline_names) / sizeof(inline_names[0]),
                              sizeof(break_names) / sizeof(break_names[0])};

    for (int l = 0; l < 2; l++) {
        for (size_t k = 0; k < counts[l]; k++) {
            size_t j = 0;
            while (j < len && (name[j] | 0x20) == (unsigned char)lists[l][k][j]) {
                j++;
            }
            if (j == len && lists[l][k][len] == '\0') {
                return l + 1;
            }
        }
    }
    return 0;
}

/* Bytes a comment may hold: an empty one is what splits a value ("156-5<!-- -->8-8005"). */
#define MARKUP_COMMENT_MAX 32

/* How long a styling attribute's quoted value may be. */
#define MARKUP_ATTRIBUTE_MAX 48

/*
 * The end of the styling attributes at t[j] (after an opening tag's name), or j: each a space,
 * one of class, style, lang, dir, id or role, '=' and a quoted value of at most
 * MARKUP_ATTRIBUTE_MAX bytes with no '<', '>' or '@' ('<span class="x">', '<td style="...">').
 * Others (href, title, data-...) can hold the very value a rule looks for.
 */
static size_t
markup_attributes_end(const unsigned char *t, size_t n, size_t j)
{
    static const char *const names[] = {"class", "style", "lang", "dir", "id", "role"};

    for (;;) {
        size_t k = j + 1, a = 0, q;
        if (k >= n || t[j] != ' ') {
            return j;
        }
        for (; a < sizeof(names) / sizeof(names[0]); a++) {
            size_t m = strlen(names[a]);
            if (k + m < n && memcmp(t + k, names[a], m) == 0 && t[k + m] == '=') {
                k += m + 1;
                break;
            }
        }
        if (a == sizeof(names) / sizeof(names[0]) || k >= n || (t[k] != '"' && t[k] != '\'')) {
            return j;
        }
        for (q = k + 1; q < n && q - k <= MARKUP_ATTRIBUTE_MAX && t[q] != t[k]; q++) {
            if (t[q] == '<' || t[q] == '>' || t[q] == '@') {
                return j;
            }
        }
        if (q >= n || t[q] != t[k]) {
            return j;
        }
        j = q + 1;
    }
}

/*
 * The length of one bare tag of a text element ("<b>", "</span>", "<br/>", "<br />"), with
 * styling attributes only ('<span class="x">', see markup_attributes_end; never an 'a' tag's),
 * or one comment holding no letter or digit at t[i], or 0; *breaks is set for an element that
 * breaks the line. Other attributes are left as written: they can hold the very value a rule
 * looks for ('<a href="mailto:ana@x.io">'), and so can a comment with words in it.
 */
static size_t
markup_len(const unsigned char *t, size_t n, size_t i, bool *breaks)
{
    size_t j = i + 1, name;
    int kind;

    if (j + 2 < n && t[j] == '!' && t[j + 1] == '-' && t[j + 2] == '-') {
        for (j += 3; j + 2 < n && j < i + MARKUP_COMMENT_MAX && !ascii_alnum(t[j]); j++) {
            if (t[j] == '-' && t[j + 1] == '-' && t[j + 2] == '>') {
                return j + 3 - i;
            }
        }
        return 0;
    }
    j += j < n && t[j] == '/';
    name = j;
    while (j < n && j - name < 12 && (ascii_letter(t[j]) || (j > name && ascii_alnum(t[j])))) {
        j++;
    }
    if (j == name || (kind = text_element(t + name, j - name)) == 0) {
        return 0;
    }
    *breaks = *breaks || kind == 2;
    if (t[name - 1] != '/' && !(j - name == 1 && (t[name] | 0x20) == 'a')) {
        j = markup_attributes_end(t, n, j);
    }
    j += j + 1 < n && t[j] == ' ' && t[j + 1] == '/';
    j += j < n && t[j] == '/';
    return j < n && t[j] == '>' ? j + 1 - i : 0;
}

/* The length of the run of tags and comments at t[i] (t[i] == '<'), or 0; *space is set when
 * the run reads as one space rather than nothing. */
static size_t
markup_joint_len(const unsigned char *t, size_t n, size_t i, bool *space)
{
    size_t j = i, m, opens = 0, closes = 0;
    bool breaks = false, wbr = false;

    while (j < n && t[j] == '<' && (m = markup_len(t, n, j, &breaks)) > 0) {
        /* a comment counts as neither */
        opens += t[j + 1] != '/' && t[j + 1] != '!';
        closes += t[j + 1] == '/';
        wbr |= m >= 5 && (t[j + 1] | 0x20) == 'w' && (t[j + 2] | 0x20) == 'b' &&
               (t[j + 3] | 0x20) == 'r';
        j += m;
    }
    if (j == i) {
        return 0;
    }
    if (!breaks && (wbr || (opens > 0 && opens == closes))) {
        /* a word-break opportunity or an element with nothing in it is inside a word:
         * "3C:22:FB<b></b>:7A", "Tulip<wbr>!2291" */
        *space = false;
        return j - i;
    }
    unsigned char before = i > 0 ? t[i - 1] : ' ', after = j < n ? t[j] : ' ';
    bool blank_before = before == ' ' || before == '\n' || before == '\t';
    bool blank_after = after == ' ' || after == '\n' || after == '\t' || after == '<';
    *space =
        !blank_before && !blank_after && (breaks || !(value_byte(before) && value_byte(after)));
    return j - i;
}

static size_t
joint_len(const unsigned char *t, size_t n, size_t i, bool *space)
{
    *space = false;
    if (t[i] == '"' || t[i] == '\'') {
        return literal_joint_len(t, n, i);
    }
    if (t[i] == '<') {
        return markup_joint_len(t, n, i, space);
    }
    return t[i] == '\n' ? wrap_joint_len(t, n, i) : 0;
}

/*
 * Whether s holds a joint starting k bytes before a c. Quotes and the '>' of a quoted line (rarer
 * than its line break) are found by memchr, each then looked at.
 */
static bool
has_joint_of(const unsigned char *s, size_t len, unsigned char c, size_t k)
{
    if (len <= k) {
        return false; /* also an empty view, whose s may be NULL */
    }
    const unsigned char *p = s + k, *end = s + len;

    while (p < end && (p = memchr(p, c, (size_t)(end - p))) != NULL) {
        bool space;
        if (joint_len(s, len, (size_t)(p - s) - k, &space) > 0) {
            return true;
        }
        p++;
    }
    return false;
}

static bool
has_joint(const unsigned char *s, size_t len)
{
    return has_joint_of(s, len, '"', 0) || has_joint_of(s, len, '\'', 0) ||
           has_joint_of(s, len, '>', 1) || has_joint_of(s, len, '<', 0);
}

/* Read every joint of the view as nothing (markup between words as one space). The view only
 * shrinks. */
static void
drop_joints(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0;

    while (i < n) {
        bool space;
        size_t m = joint_len(t, n, i, &space);
        if (m == 0) {
            view_move(v, w++, i++);
            continue;
        }
        if (space) {
            size_t end = v->map_end[i + m - 1];
            view_move(v, w, i);
            t[w] = ' ';
            v->map_end[w++] = end;
        }
        i += m;
    }
    v->text.len = w;
    t[w] = '\0';
}

/*
 * Markdown emphasis typed inside a value: "453**9 1**488 0343 6467", "212**-67**-4420",
 * "kof**i_m**ensah88", "Pri**ya **Raman". A "**" (not three stars) between two value bytes
 * reads as nothing when another "**" beside a value byte lies within STARS_PAIR_REACH bytes on
 * its line, and so does that other one: the pair a renderer takes out. A lone "**" ("x**2") and
 * emphasis around a word ("**bold**") stay.
 */
#define STARS_PAIR_REACH 24

static bool
stars_at(const unsigned char *t, size_t n, size_t i)
{
    return i + 1 < n && t[i] == '*' && t[i + 1] == '*' && (i == 0 || t[i - 1] != '*') &&
           (i + 2 == n || t[i + 2] != '*');
}

/* A byte a value holds, for the emphasis inside it: value_byte's, '/' and ':' (a date's
 * slash before the stars in "03/ **14", a label's colon after them). */
static bool
stars_byte(unsigned char c)
{
    return value_byte(c) || c == '/' || c == ':';
}

/* Whether the "**" at t[i] sits between two value bytes (inner) or beside one (any). */
static bool
stars_inner(const unsigned char *t, size_t n, size_t i, bool any)
{
    bool before = i > 0 && stars_byte(t[i - 1]), after = i + 2 < n && stars_byte(t[i + 2]);

    return any ? before || after : before && after;
}

/*
 * The start of the other marker of the inner "**" at t[i] (see above), or i: the nearest after
 * it, else the nearest before it.
 */
static size_t
stars_partner(const unsigned char *t, size_t n, size_t i)
{
    for (size_t k = i + 2; k < n && k < i + 2 + STARS_PAIR_REACH && t[k] != '\n'; k++) {
        if (stars_at(t, n, k)) {
            return stars_inner(t, n, k, true) ? k : i;
        }
    }
    for (size_t k = i; k >= 2 && i - k < STARS_PAIR_REACH && t[k - 1] != '\n'; k--) {
        if (stars_at(t, n, k - 2)) {
            return stars_inner(t, n, k - 2, true) ? k - 2 : i;
        }
    }
    return i;
}

/* Whether t holds an inner "**" with a partner. */
static bool
has_inner_stars(const unsigned char *t, size_t n)
{
    const unsigned char *p = n ? memchr(t, '*', n) : NULL;

    while (p) {
        size_t i = (size_t)(p - t);
        if (stars_at(t, n, i) && stars_inner(t, n, i, false) && stars_partner(t, n, i) != i) {
            return true;
        }
        p = i + 1 < n ? memchr(t + i + 1, '*', n - i - 1) : NULL;
    }
    return false;
}

/* Drop every inner "**" and its partner (see above), all found on the view as it is before
 * the first goes. The view only shrinks. */
static void
drop_inner_stars(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i;
    unsigned char *gone = xcalloc(n, 1);

    for (i = 0; i + 1 < n; i++) {
        if (t[i] == '*' && stars_at(t, n, i) && stars_inner(t, n, i, false)) {
            size_t k = stars_partner(t, n, i);
            if (k != i) {
                gone[i] = gone[i + 1] = gone[k] = gone[k + 1] = 1;
            }
        }
    }
    for (i = 0; i < n; i++) {
        if (!gone[i]) {
            view_move(v, w++, i);
        }
    }
    free(gone);
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
    return ascii_alnum(c) || (c != '|' && c != '<' && c != '>' && c > ' ' && c < 0x7F &&
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

static bool
has_interpunct_run(const unsigned char *t, size_t n)
{
    size_t end, step;

    if (n == 0) {
        return false; /* an empty view's text may be NULL */
    }
    return (memchr(t, '|', n) || memchr(t, 0xC2, n) || memchr(t, 0xE2, n) || memchr(t, 0xE3, n)) &&
           next_interpunct_run(t, n, 0, &end, &step) < n;
}

/* Read every interpunct run of the view joined. The view only shrinks. */
static void
join_interpunct_runs(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, end, step;

    while (i < n) {
        size_t start = next_interpunct_run(t, n, i, &end, &step);
        while (i < start) {
            view_move(v, w++, i++);
        }
        if (start == n) {
            break;
        }
        for (size_t k = start; k < end; k += step) {
            view_move(v, w++, k);
        }
        i = end;
    }
    v->text.len = w;
    t[w] = '\0';
}

/*
 * Digits read out as words among digits: "4 six one eight nine five", "four, one, five, 3",
 * "two-zero-six-2-0-5". A number token is a digit alone or a digit word (English, Spanish,
 * French, German, Italian, Portuguese); a mixed run is seven or more of them, a separator of
 * one to three of " ,.-/" between each two (or a separator said as a word, "dash", "hyphen",
 * "slash" or "dot", with them around it), holding both a digit and a word. The view reads each
 * token as its digit and drops the separators, so "4 six one eight" reads "4618" and the usual
 * checks (Luhn, SSN, phone) apply. A run of words alone is the digit-word rules' own (they refuse
 * counting "one two three"), and digits alone are the digit rules'.
 */
#define NUMBER_RUN_MIN  7
#define NUMBER_WORD_MAX 8

static bool
word_byte(unsigned char c)
{
    return ascii_letter(c) || c >= 0x80;
}

static bool
number_sep_byte(unsigned char c)
{
    return c == ' ' || c == ',' || c == '.' || c == '-' || c == '/';
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
        if (i + 1 < len && (ascii_alnum(s[i + 1]) || s[i + 1] >= 0x80)) {
            return 0;
        }
        *end = i + 1;
        return (char)s[i];
    }
    while (j < len && word_byte(s[j]) && j - i <= NUMBER_WORD_MAX) {
        j++;
    }
    if (j - i < 2 || j - i > NUMBER_WORD_MAX || (j < len && ascii_alnum(s[j]))) {
        return 0;
    }
    char d = digit_word(s + i, j - i);
    if (d != 0) {
        *end = j;
    }
    return d;
}

/*
 * The length of a separator said as a word at s[i] ("dash", "hyphen", "slash", "dot", any case,
 * with no letter or digit after it), or 0: "one eight two dash one three dash six 0 two three".
 */
static size_t
sep_word_len(const unsigned char *s, size_t len, size_t i)
{
    static const char *const words[] = {"dash", "hyphen", "slash", "dot"};

    for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
        size_t m = strlen(words[w]), k = 0;
        while (k < m && i + k < len && (s[i + k] | 0x20) == (unsigned char)words[w][k]) {
            k++;
        }
        if (k == m && (i + m == len || !(ascii_alnum(s[i + m]) || s[i + m] >= 0x80))) {
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
    if (k == 0 || k > 3) {
        return 0;
    }
    if ((w = sep_word_len(s, len, i + k)) == 0) {
        return k;
    }
    while (i + k + w + k2 < len && k2 < 4 && number_sep_byte(s[i + k + w + k2])) {
        k2++;
    }
    return k2 >= 1 && k2 <= 3 ? k + w + k2 : k;
}

/*
 * The end of the mixed run of number tokens starting at s[i] (a word start), or i. *stop is
 * past the last token of the run read, qualified or not: a run starting at a later token of it
 * is a part of it and cannot qualify either, so callers go on from there (linear time).
 */
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
    if (k == 0 || k > 2 || (i - 1 - k > 0 && (ascii_alnum(s[i - 2 - k]) || s[i - 2 - k] >= 0x80))) {
        return 0;
    }
    return k + 1;
}

static size_t
number_run_end(const unsigned char *s, size_t len, size_t i, size_t *stop, size_t *work)
{
    size_t at = i, end = i, tokens = 0, words = 0, digits = 0, next;
    char d, prev = 0;
    bool counting = true;

    while (at < len && (++*work, d = number_token(s, len, at, &next)) != 0) {
        bool digit = next == at + 1 && s[at] == (unsigned char)d;
        counting = counting && (prev == 0 || d == prev + 1);
        prev = d;
        tokens++;
        digits += digit;
        words += !digit;
        end = next;
        size_t m = next < len ? number_sep(s, len, next) : 0;
        if (m == 0) {
            break;
        }
        at = next + m;
    }
    *stop = end;
    /* not counting ("one two three ..."), nor after the pronoun "I" */
    if (words > 0 && tokens >= NUMBER_PREFIXED_MIN && !counting && number_prefix_len(s, i) > 0 &&
        !(number_prefix_len(s, i) == 2 && s[i - 2] == 'I')) {
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
        if (i < len && number_prefix_len(s, i) > 0 && number_run_end(s, len, i, &stop, &work) > i) {
            return true;
        }
    }
    return false;
}

static bool
word_start(const unsigned char *s, size_t i)
{
    return i == 0 || !(ascii_alnum(s[i - 1]) || s[i - 1] >= 0x80);
}

/* The offset of the first ASCII digit in s[from..len), or len; sixteen bytes at a time. */
static size_t
next_digit(const unsigned char *s, size_t from, size_t len)
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
    size_t q = at, w, end = 0;

    while (q > floor && at - q < 4 && number_sep_byte(s[q - 1])) {
        q--;
    }
    if (q == at || at - q > 3 || q == floor) {
        return at;
    }
    /* a separator word ("dash") and the separator bytes before it */
    for (w = q; w > floor && q - w < 6 && ascii_letter(s[w - 1]); w--) {
    }
    if (w < q && word_start(s, w) && sep_word_len(s, len, w) == q - w) {
        size_t r = w;
        while (r > floor && w - r < 4 && number_sep_byte(s[r - 1])) {
            r--;
        }
        if (r == w || w - r > 3 || r == floor) {
            return at;
        }
        q = r;
    }
    w = q;
    while (w > floor && q - w <= NUMBER_WORD_MAX &&
           (word_byte(s[w - 1]) || ascii_alnum(s[w - 1]))) {
        w--;
    }
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

    for (size_t i = next_digit(s, 0, len); i < len; i = next_digit(s, i + 1, len)) {
        if (i < done || !word_start(s, i) ||
            (i + 1 < len && (ascii_alnum(s[i + 1]) || s[i + 1] >= 0x80))) {
            continue;
        }
        size_t p = i, back, stop = i;
        while ((back = token_before(s, len, p, done, work)) < p) {
            p = back;
        }
        if (number_run_end(s, len, p, &stop, work) > p) {
            return true;
        }
        done = stop > i ? stop : i + 1;
    }
    return false;
}

static bool
has_number_run(const unsigned char *s, size_t len)
{
    size_t work = 0;

    return number_run_scan(s, len, &work) || has_prefixed_number_run(s, len);
}

size_t
norm_number_run_work(const unsigned char *s, size_t len)
{
    size_t work = 0;

    number_run_scan(s, len, &work);
    return work;
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
 */
#define LETTER_DIGITS_MIN 4
/* how far back a token's start is looked for from a digit; a longer token is left alone */
#define LETTER_DIGITS_REACH 64

static bool
digit_letter(unsigned char c)
{
    return c == 'O' || c == 'o' || c == 'l' || c == 'I';
}

static bool
number_mark(unsigned char c)
{
    return c == '.' || c == '-' || c == '/' || c == ':';
}

static bool
number_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || digit_letter(c) || number_mark(c);
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
        if (number_mark(t[k])) {
            if (number_mark(t[k - 1])) {
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
    if (number_mark(t[k - 1])) {
        k--; /* a full stop or dash after the number is not part of it */
        marks--;
    } else {
        roman = roman || only_i;
    }
    *reads = digits >= LETTER_DIGITS_MIN && letters > 0 && letters < digits && marks > 0 &&
             !roman && (k == n || !(ascii_alnum(t[k]) || t[k] == '_' || t[k] >= 0x80));
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
        if (number_mark(t[k])) {
            return false;
        }
        digits += t[k] >= '0' && t[k] <= '9';
        letters += digit_letter(t[k]);
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
    if (k > 0 &&
        (ascii_alnum(t[k - 1]) || t[k - 1] == '_' || t[k - 1] >= 0x80 || number_byte(t[k - 1]))) {
        return p + 1;
    }
    while (number_mark(t[k])) {
        k++; /* a separator before the number is not part of it */
    }
    return k;
}

/*
 * Count the tokens of t that hold letters read as digits; with a view v (whose text t is),
 * read each of them as digits, else stop at the first. Each digit found (sixteen bytes at a
 * time) leads to its token, which is read once: the scan goes on past it.
 */
static size_t
letter_digits_scan(const unsigned char *t, size_t n, struct norm_view *v, size_t *work)
{
    size_t found = 0, floor = 0, p = 0;

    while ((p = next_digit(t, p, n)) < n) {
        size_t start = letter_digits_start(t, floor, p, work), end = p + 1;
        bool reads = false;
        if (start <= p) {
            end = letter_digits_end(t, n, start, &reads);
            reads = reads || letter_group_reads(t, n, start, end);
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
                if (digit_letter(t[k])) {
                    v->text.data[k] = t[k] == 'O' || t[k] == 'o' ? '0' : '1';
                }
            }
        }
        *work += end - p;
        floor = p = end;
    }
    return found;
}

static bool
has_letter_digits(const unsigned char *s, size_t len)
{
    size_t work = 0;

    return letter_digits_scan(s, len, NULL, &work) > 0;
}

size_t
norm_letter_digits_work(const unsigned char *s, size_t len)
{
    size_t work = 0;

    letter_digits_scan(s, len, NULL, &work);
    return work;
}

/*
 * The Arabic tatweel (U+0640) only stretches the letters either side of it ("محمـــد" is
 * "محمد"), so before a letter the view reads it as nothing. After a word's last letter it is
 * the mark of an abbreviation ("1402 هـ" for the Hijri year) and stays. Decided on the view
 * itself, before the steps that read a character's neighbours, so the view of the view agrees.
 */
static bool
tatweel_at(const unsigned char *t, size_t n, size_t i)
{
    return t[i] == 0xD9 && i + 1 < n && t[i + 1] == 0x80;
}

static bool
has_tatweel(const unsigned char *t, size_t n)
{
    const unsigned char *p = t;

    if (n == 0) {
        return false; /* an empty view has no buffer yet: memchr must not see NULL */
    }
    while ((p = memchr(p, 0xD9, n - (size_t)(p - t))) != NULL) {
        if (tatweel_at(t, n, (size_t)(p - t))) {
            return true;
        }
        p++;
    }
    return false;
}

/* Drop every run of tatweels with a letter after it from the view. The view only shrinks. */
static void
drop_tatweels(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0;

    while (i < n) {
        size_t j = i;
        while (tatweel_at(t, n, j)) {
            j += 2;
        }
        if (j == i) {
            view_move(v, w++, i++);
            continue;
        }
        UChar32 c = -1;
        int32_t k = 0, m = (int32_t)(n - j < 4 ? n - j : 4);
        if (j < n) {
            U8_NEXT(t + j, k, m, c);
        }
        if (c < 0 || !u_isalpha(c)) {
            while (i < j) {
                view_move(v, w++, i++);
            }
        }
        i = j;
    }
    v->text.len = w;
    t[w] = '\0';
}

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
    return ascii_alnum(c) || c == '_' || c >= 0x80;
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
    while (k > 0 && end - k < BROKEN_NUMBER_REACH && (t[k - 1] == sep || hex_digit(t[k - 1]))) {
        *seps += t[k - 1] == sep;
        k--;
    }
    return (k == 0 || !word_end_byte(t[k - 1])) && *seps < end - k ? k : end;
}

/* Whether the word of t starting at from is hex digits and sep, up to white space or ASCII
 * punctuation (see above). */
static bool
broken_word_after(const unsigned char *t, size_t n, size_t from, unsigned char sep, size_t *work)
{
    size_t k = from;

    while (k < n && k - from < BROKEN_NUMBER_REACH && (t[k] == sep || hex_digit(t[k]))) {
        k++;
    }
    *work += k - from;
    return k > from && (k == n || !word_end_byte(t[k]));
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
    return ascii_alnum(c) || number_mark(c) || c == '+';
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
        letters_before += ascii_letter(t[lo - 1]);
        /* a separator counts between two characters of the number, not as its edge */
        if (number_mark(t[lo - 1]) && lo >= 2 && ascii_alnum(t[lo - 2])) {
            note_separator(t[lo - 1], &sep);
        }
        lo--;
    }
    while (hi < n && hi - q < BROKEN_NUMBER_REACH && broken_digits_byte(t[hi])) {
        after += t[hi] >= '0' && t[hi] <= '9';
        letters_after += ascii_letter(t[hi]);
        if (number_mark(t[hi]) && hi + 1 < n && ascii_alnum(t[hi + 1])) {
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
    while (q < n && is_space_byte(t[q]) && q - p < 6 && lines < 2 && returns < 2) {
        lines += t[q] == '\n';
        returns += t[q] == '\r';
        q++;
    }
    *work += q - p;
    if (p == 0 || q == n || is_space_byte(t[q]) || lines > 1 || returns > 1 ||
        lines + returns == 0) {
        return p;
    }
    unsigned char a = t[p - 1], b = t[q];
    if (a >= '0' && a <= '9' && b >= '0' && b <= '9' && q - p == lines + returns &&
        broken_between_digits(t, n, p, q, joint, work)) {
        return q;
    }
    unsigned char sep = number_mark(a) ? a : number_mark(b) ? b : 0;
    if (!sep || number_mark(a) == number_mark(b) || !hex_digit(number_mark(a) ? b : a)) {
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

static bool
has_broken_number(const unsigned char *t, size_t n)
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
static void
join_broken_numbers(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0;

    while (i < n) {
        if (i > 0 && is_space_byte(t[i]) && !is_space_byte(t[i - 1])) {
            unsigned char joint;
            size_t work = 0, gap = broken_number_gap(t, n, i, &joint, &work);
            if (gap > i) {
                if (joint) {
                    size_t end = v->map_end[gap - 1];
                    view_move(v, w, i);
                    t[w] = joint;
                    v->map_end[w++] = end;
                }
                i = gap;
                continue;
            }
        }
        view_move(v, w++, i++);
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
    return ascii_alnum(c) || (c != 0 && strchr("_.@/+#$%&*!?~-", c) != NULL);
}

static bool
ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
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
        p->alnum += ascii_alnum(t[k]);
        p->digits += ascii_digit(t[k]);
        p->symbols += k < end && !ascii_alnum(t[k]);
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
        number &= ascii_digit(t[k]) || t[k] == '.' || t[k] == '/' || t[k] == '-' ||
                  (k == p->lo && t[k] == '+');
        spelled &= !ascii_alnum(t[k]) || k == p->lo || !ascii_alnum(t[k - 1]);
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

    if (k < n &&
        (t[k] == '\t' || t[k] == '(' || (t[k] == ';' && k + 1 < n && ascii_letter(t[k + 1])))) {
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
        if (!ascii_letter(t[k])) {
            return false;
        }
    }
    return true;
}

/* Whether the pieces a (ending at a line break) and b (starting the next line) read as the
 * two halves of one value (see above). */
static bool
value_halves(const unsigned char *t, size_t n, const struct piece *a, const struct piece *b)
{
    size_t lo = a->lo, p = a->hi, q = b->lo, hi = b->hi;
    unsigned char first = t[q], last = t[p - 1];

    if (a->alnum == 0 || b->alnum < 2 || whole_piece(t, a) || whole_piece(t, b) ||
        label_after(t, n, hi)) {
        return false; /* a rule line, a mark, a number or spelled word, the next label */
    }
    if (!(ascii_alnum(first) || strchr(".@_%!$&~", first) != NULL) || t[lo] == '-' ||
        (p - lo > 1 && !ascii_alnum(last) && !ascii_alnum(t[p - 2]))) {
        return false; /* a bullet, an option, "-----BEGIN ...-----" */
    }
    if (strchr(",;:!?", last) != NULL || (a->symbols == 0 && last == '.' && b->digits == 0)) {
        return false; /* a clause ends there */
    }
    if ((lo > 1 && t[lo - 1] == ' ' && ascii_digit(t[lo - 2])) ||
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
    if (hi < n && t[hi] == ' ' && hi + 1 < n && ascii_letter(t[hi + 1]) && b->digits < 2 &&
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
        return cued && !(first >= 'A' && first <= 'Z') && !ascii_digit(first);
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

static bool
has_broken_value(const unsigned char *t, size_t n)
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
static void
join_broken_values(struct norm_view *v)
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
        view_move(v, w++, i++);
    }
    free(gaps);
    v->text.len = w;
    t[w] = '\0';
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
           ascii_digit(t[lo + 2]) && ascii_digit(t[lo + 3]);
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

    if (i > 0 && (ascii_alnum(t[i - 1]) || strchr("_/.-@\\", t[i - 1]) != NULL)) {
        return i;
    }
    while (g < REGROUP_GROUPS) {
        lo[g] = k;
        while (k < n && ascii_alnum(t[k]) && k - lo[g] < 8) {
            k++;
        }
        if (k == lo[g] || (k < n && ascii_alnum(t[k]))) {
            return i;
        }
        hi[g++] = k;
        sep = regroup_sep_len(t, n, k, &k2);
        if (sep == 0 || (kind && k2 != kind) || k + sep >= n || !ascii_alnum(t[k + sep])) {
            break;
        }
        kind = k2;
        k += sep;
    }
    if (g < 3 || g == REGROUP_GROUPS || (k < n && (t[k] == '_' || t[k] == '/')) ||
        (k + 1 < n && (t[k] == '.' || t[k] == '-') && ascii_alnum(t[k + 1]))) {
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
            d += ascii_digit(t[m]);
            mac &= hex_digit(t[m]);
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
            while (b > 0 && ascii_alnum(t[b - 1]) && s - b < 8) {
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

static bool
has_regrouped_number(const unsigned char *t, size_t n)
{
    return has_regrouped_sep(t, n, '_') || has_regrouped_sep(t, n, '/') ||
           has_regrouped_sep(t, n, '.');
}

/* Read every regrouped number of the view with '-' between its groups. The view only shrinks. */
static void
read_regrouped_numbers(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, lo[REGROUP_GROUPS], hi[REGROUP_GROUPS], g = 0;

    while (i < n) {
        size_t end = ascii_alnum(t[i]) ? regrouped_end(t, n, i, lo, hi, &g) : i;
        if (end == i) {
            view_move(v, w++, i++);
            continue;
        }
        for (size_t j = 0; j < g; j++) {
            if (j > 0) {
                /* the separator reads as '-', mapped to all of it */
                size_t last = v->map_end[lo[j] - 1];
                view_move(v, w, hi[j - 1]);
                t[w] = '-';
                v->map_end[w++] = last;
            }
            for (size_t m = lo[j]; m < hi[j]; m++) {
                view_move(v, w++, m);
            }
        }
        i = end;
    }
    v->text.len = w;
    t[w] = '\0';
}

/* Read every mixed number run of the view as its digits (see number_run_end). */
static void
read_number_runs(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, work = 0;

    while (i < n) {
        size_t stop = i;
        size_t end = word_start(t, i) ? number_run_end(t, n, i, &stop, &work) : i;
        if (end == i) {
            /* a run that does not qualify is copied whole (see number_run_end) */
            do {
                view_move(v, w++, i++);
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
            size_t last = v->map_end[next - 1];
            view_move(v, w, i);
            t[w] = (unsigned char)d;
            v->map_end[w++] = last;
            i = next + (next < end ? number_sep(t, n, next) : 0);
        }
    }
    v->text.len = w;
    t[w] = '\0';
}

int
norm_is_plain_ascii(const unsigned char *s, size_t len)
{
    return ascii_without_tab(s, len) && !has_reference(s, len) && !has_spaced_run(s, len) &&
           !has_joint(s, len) && !has_interpunct_run(s, len) && !has_number_run(s, len) &&
           !has_letter_digits(s, len) && !has_broken_number(s, len) && !has_broken_value(s, len) &&
           !norm_has_cue_words(s, len) && !has_regrouped_number(s, len) && !has_inner_stars(s, len);
}

static int
icu_fail(struct err *err, const char *what, UErrorCode status)
{
    return err_set(err, ERR_DEP, "normalise: %s: %s", what, u_errorName(status));
}

static int
icu_get(struct norm_view *v, unsigned flags, struct norm_icu **out, struct err *err)
{
    struct norm_icu *icu = v->icu;
    UErrorCode status = U_ZERO_ERROR;

    if (!icu) {
        icu = xcalloc(1, sizeof(*icu));
        v->icu = icu;
        norm_view_init(&icu->decoded);
        norm_view_init(&icu->previous);
        icu->nfkc = unorm2_getNFKCInstance(&status);
        if (U_FAILURE(status)) {
            return icu_fail(err, "NFKC data", status);
        }
        icu->nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
        if (U_FAILURE(status)) {
            return icu_fail(err, "NFKC_Casefold data", status);
        }
    }
    if ((flags & NORM_CONFUSABLES) && !icu->spoof) {
        icu->spoof = uspoof_open(&status);
        if (U_FAILURE(status)) {
            icu->spoof = NULL;
            return icu_fail(err, "confusables data", status);
        }
        icu->conf_bmp = xcalloc(65536, 1);
    }
    *out = icu;
    return 0;
}

static void
map_reserve(struct norm_view *v, size_t extra)
{
    size_t need = size_add(size_add(v->text.len, extra), 1);
    size_t cap;

    if (need <= v->map_cap) {
        return;
    }
    cap = v->map_cap ? v->map_cap : 256;
    while (cap < need) {
        cap = size_mul(cap, 2);
    }
    v->map = xrealloc(v->map, size_mul(cap, sizeof(*v->map)));
    v->map_end = xrealloc(v->map_end, size_mul(cap, sizeof(*v->map_end)));
    v->map_cap = cap;
}

/* Append code point c, produced by the original bytes [start, end). */
static int
emit(struct norm_view *v, UChar32 c, size_t start, size_t end, struct err *err)
{
    uint8_t u8[U8_MAX_LENGTH];
    int32_t n = 0;
    size_t k;

    U8_APPEND_UNSAFE(u8, n, c);
    map_reserve(v, (size_t)n);
    for (k = 0; k < (size_t)n; k++) {
        v->map[v->text.len + k] = start;
        v->map_end[v->text.len + k] = end;
    }
    return buf_append(&v->text, u8, (size_t)n, err);
}

/* Decode the code point at s[i]; -1 on ill-formed UTF-8. */
static int
decode(const unsigned char *s, size_t len, size_t i, UChar32 *c, size_t *next, struct err *err)
{
    int32_t k = 0;
    int32_t n = (int32_t)(len - i < 4 ? len - i : 4);

    U8_NEXT(s + i, k, n, *c);
    if (*c < 0) {
        return err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", i);
    }
    *next = i + (size_t)k;
    return 0;
}

/*
 * Combining marks drawn over or under a character as decoration, never as a letter's accent in
 * any orthography: overline, low line and double low line, the tilde, short and long stroke
 * overlays, the short and long solidus overlays, double overline, and the combining long
 * vertical line and ring overlays. Typed on every letter ("J̲o̲h̲n̲", "パ̲ス̲ワ̲ー̲ド̲") they only
 * underline or strike the text through, on any script.
 */
static bool
is_overlay_mark(UChar32 c)
{
    return c == 0x0305 || (c >= 0x0332 && c <= 0x0338) || c == 0x033F || c == 0x20D2 ||
           c == 0x20D3 || c == 0x20E5 || c == 0x20E6;
}

/*
 * is_removed of a non-ASCII c of general category type. Besides the format and ignorable
 * characters: the braille blank (U+2800), drawn as nothing and typed into values as an
 * invisible filler.
 */
static int
is_removed_typed(UChar32 c, int8_t type)
{
    return type == U_FORMAT_CHAR || c == 0x2800 ||
           u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* Characters that carry no visible content and are dropped from the view. */
static int
is_removed(UChar32 c)
{
    if (c < 0x80) {
        return 0;
    }
    return is_removed_typed(c, u_charType(c));
}

static UChar32
fold_quote(UChar32 c)
{
    switch (c) {
    case 0x2018: /* left single quotation mark */
    case 0x2019: /* right single quotation mark */
    case 0x201B: /* single high-reversed-9 quotation mark */
    case 0x2032: /* prime */
    case 0x02BC: /* modifier letter apostrophe */
        return '\'';
    case 0x201C: /* left double quotation mark */
    case 0x201D: /* right double quotation mark */
    case 0x201F: /* double high-reversed-9 quotation mark */
    case 0x2033: /* double prime */
        return '"';
    default:
        return c;
    }
}

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
 * Separators drawn with other characters: slashes (fraction and division slash, the
 * mathematical and box-drawing diagonals), dashes that are not dash punctuation (hyphen
 * bullet, modifier minus, heavy minus sign) and colons (ratio, modifier letter colons and
 * triangular colon, two-dot punctuation, Hebrew sof pasuq). A reader sees the ASCII
 * separator in "14⁄03⁄1987", "536➖22➖1947" and "fe80∶∶1"; the ASCII character, or 0.
 */
static UChar32
separator_lookalike(UChar32 c)
{
    switch (c) {
    case 0x2044: /* fraction slash */
    case 0x2215: /* division slash */
    case 0x29F8: /* big solidus */
    case 0x27CB: /* mathematical rising diagonal */
    case 0x2571: /* box drawings light diagonal upper right to lower left */
    case 0x3033: /* vertical kana repeat mark upper half */
        return '/';
    case 0x2043: /* hyphen bullet */
    case 0x02D7: /* modifier letter minus sign */
    case 0x2796: /* heavy minus sign */
        return '-';
    case 0x2236: /* ratio */
    case 0x02D0: /* modifier letter triangular colon */
    case 0xA789: /* modifier letter colon */
    case 0x205A: /* two dot punctuation */
    case 0x02F8: /* modifier letter raised colon */
    case 0x05C3: /* Hebrew punctuation sof pasuq */
    case 0xA4FD: /* Lisu letter tone mya jeu */
    case 0x1804: /* Mongolian colon */
        return ':';
    default:
        return 0;
    }
}

/* What normalised code point c becomes in the view; -1 to drop it. */
static UChar32
transform(UChar32 c)
{
    int8_t type;

    if (c < 0x80) {
        return c == '\t' ? ' ' : c;
    }
    if (is_removed(c)) {
        return -1;
    }
    type = u_charType(c);
    if (type == U_DECIMAL_DIGIT_NUMBER) {
        return '0' + u_charDigitValue(c);
    }
    /* a line or paragraph separator and NEL end a line, as '\n' does */
    if (type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR || c == 0x85) {
        return '\n';
    }
    if (type == U_SPACE_SEPARATOR) {
        return ' ';
    }
    if (type == U_DASH_PUNCTUATION || c == 0x2212) {
        return '-';
    }
    UChar32 sep = separator_lookalike(c); /* NFKC makes U+2044 of "½" */
    return sep ? sep : fold_quote(c);
}

static void
scratch_reserve(UChar **p, int32_t *cap, int32_t need)
{
    int32_t n = *cap ? *cap : 64;

    if (need <= *cap) {
        return;
    }
    while (n < need) {
        n *= 2;
    }
    *p = xrealloc(*p, size_mul((size_t)n, sizeof(UChar)));
    *cap = n;
}

/*
 * Collect the cluster that starts with c (already decoded, not removed) at [start, next):
 * every following character NFKC could combine with it, skipping removed characters in
 * between. Fills icu->in16 and returns the cluster's original end in *end.
 */
static int
gather_cluster(struct norm_icu *icu, const UNormalizer2 *nf, const unsigned char *s, size_t len,
               UChar32 c, size_t next, int32_t *n16, size_t *end, struct err *err)
{
    size_t j = next;
    int32_t n = 0, nonstarters = 0;

    scratch_reserve(&icu->in16, &icu->in16_cap, 2);
    U16_APPEND_UNSAFE(icu->in16, n, c);
    *end = next;
    while (j < len && s[j] >= 0x80 && nonstarters < MAX_NONSTARTERS) {
        UChar32 c2;
        size_t next2;
        if (decode(s, len, j, &c2, &next2, err) < 0) {
            return -1;
        }
        if (!is_removed(c2)) {
            if (unorm2_hasBoundaryBefore(nf, c2)) {
                break;
            }
            scratch_reserve(&icu->in16, &icu->in16_cap, n + 2);
            U16_APPEND_UNSAFE(icu->in16, n, c2);
            *end = next2;
            nonstarters++;
        }
        j = next2;
    }
    *n16 = n;
    return 0;
}

static int
normalise_cluster(struct norm_icu *icu, const UNormalizer2 *nf, int32_t n16, int32_t *out_n,
                  struct err *err)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t m;

    struct nf_memo *memo = NULL;

    scratch_reserve(&icu->out16, &icu->out16_cap, 64);
    if (n16 == 1) {
        memo = &icu->memo[(icu->in16[0] ^ icu->in16[0] >> 6) % NF_MEMO_SLOTS];
        if (memo->nf == nf && memo->in == icu->in16[0]) {
            memcpy(icu->out16, memo->out, (size_t)memo->n * sizeof(UChar));
            *out_n = memo->n;
            return 0;
        }
    }
    m = unorm2_normalize(nf, icu->in16, n16, icu->out16, icu->out16_cap, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        scratch_reserve(&icu->out16, &icu->out16_cap, m);
        m = unorm2_normalize(nf, icu->in16, n16, icu->out16, icu->out16_cap, &status);
    }
    if (U_FAILURE(status)) {
        return icu_fail(err, "unorm2_normalize", status);
    }
    if (memo && m <= NF_MEMO_OUT) {
        memo->nf = nf;
        memo->in = icu->in16[0];
        memo->n = m;
        memcpy(memo->out, icu->out16, (size_t)m * sizeof(UChar));
    }
    *out_n = m;
    return 0;
}

static bool
is_view_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r';
}

/* A combining mark that may follow a character without changing what it reads as. */
static bool
is_mark(UChar32 c)
{
    int8_t type = u_charType(c);

    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK;
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
    return c >= 0 && (u_getCombiningClass(c) != 0 || is_mark(c));
}

/* The ASCII letter c decomposes to with combining marks only ("á" -> 'a'), or 0. */
static UChar32
marked_ascii_base(UChar32 c)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    UChar d[8];
    int32_t n, k = 0;
    UChar32 base, m;

    if (c < 0x80 || U_FAILURE(status)) {
        return 0;
    }
    n = unorm2_getDecomposition(nfd, c, d, 8, &status);
    if (U_FAILURE(status) || n < 2) {
        return 0;
    }
    U16_NEXT(d, k, n, base);
    if (!((base >= 'a' && base <= 'z') || (base >= 'A' && base <= 'Z'))) {
        return 0;
    }
    while (k < n) {
        U16_NEXT(d, k, n, m);
        if (!is_mark(m)) {
            return 0;
        }
    }
    return base;
}

/*
 * Combining marks of the generic blocks (Combining Diacritical Marks and their Extended and
 * Supplement blocks, the marks for symbols, the half marks): written over any script, not
 * part of one script's spelling the way Hebrew points, Arabic harakat or Indic vowel signs
 * are.
 */
static bool
is_generic_mark(UChar32 c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F);
}

/*
 * Whether the NFKC form of a cluster, out[0, n), keeps a generic mark after a letter that is
 * not ASCII: a mark no precomposed letter absorbed ("é" + diaeresis + acute from Zalgo text,
 * Cyrillic "д" + a half tilde, the "ž" of "ǅ" + horn). Spelling in any language composes or
 * carries its own script's marks, so such a cluster is decoration: the view drops its generic
 * marks and reads a letter that is an ASCII letter with marks as that letter.
 */
static bool
leftover_decoration(const UChar *out, int32_t n)
{
    int32_t k = 0;
    bool after_letter = false; /* the last character that is not a mark is such a letter */

    while (k < n) {
        UChar32 c;
        U16_NEXT(out, k, n, c);
        if (is_generic_mark(c)) {
            if (after_letter) {
                return true;
            }
        } else if (!is_mark(c)) {
            after_letter = c >= 0x80 && u_isalpha(c);
        }
    }
    return false;
}

/* Remove the generic marks from in[0, n) (all in the BMP); the new length. */
static int32_t
drop_generic_marks(UChar *in, int32_t n)
{
    int32_t w = 0;

    for (int32_t k = 0; k < n; k++) {
        if (!is_generic_mark(in[k])) {
            in[w++] = in[k];
        }
    }
    return w;
}

#define MARKED_WORD_MAX 64 /* characters of a word read so: names and handles are shorter */

/* The start of the run of characters that in takes which ends just before s[i]. */
static size_t
run_start(const unsigned char *s, size_t i, bool (*in)(UChar32))
{
    while (i > 0) {
        int32_t k = (int32_t)i;
        UChar32 c;
        U8_PREV(s, 0, k, c);
        if (!in(c)) {
            break;
        }
        i = (size_t)k;
    }
    return i;
}

/* The character at s[j] (j < len; a negative value for an invalid byte); *next is past it. */
static UChar32
next_char(const unsigned char *s, size_t len, size_t j, size_t *next)
{
    int32_t k = 0, m = (int32_t)(len - j < 4 ? len - j : 4);
    UChar32 c;

    U8_NEXT(s + j, k, m, c);
    *next = j + (size_t)k;
    return c;
}

/* Whether c belongs to a word as word_all_marked reads one. */
static bool
in_marked_word(UChar32 c)
{
    return c >= 0 && (u_isalpha(c) || is_mark(c) || is_removed(c));
}

/*
 * Whether the word around s[i] carries a mark on every letter ("d́áŕḱ", "Ĵőĥñ"): a disguise,
 * since no language writes a mark on each letter of a word, so the view reads its letters
 * without them. Three to MARKED_WORD_MAX letters, each an ASCII letter followed by a mark
 * or a letter that decomposes to one; anything else in the word (a bare letter, another
 * script) says no. Each word is judged once (v caches it), so a long word costs two passes,
 * not one a letter.
 */
static bool
word_all_marked(struct norm_view *v, const unsigned char *s, size_t len, size_t i)
{
    size_t start, j;
    int32_t letters = 0, chars = 0;
    bool pending = false, ok = true; /* pending: the last letter still wants its mark */

    if (i >= v->marked_lo && i < v->marked_hi) {
        return v->marked;
    }
    start = run_start(s, i, in_marked_word);
    for (j = start; j < len;) {
        size_t next;
        UChar32 c = next_char(s, len, j, &next);
        if (!in_marked_word(c)) {
            break;
        }
        chars++;
        if (is_mark(c)) {
            pending = false;
        } else if (u_isalpha(c)) {
            UChar32 base = marked_ascii_base(c);
            bool ascii = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            ok &= !pending && (base || ascii); /* not another script, nor a bare letter */
            letters++;
            pending = !base;
        }
        j = next;
    }
    v->marked_lo = start;
    v->marked_hi = j > start ? j : start + 1;
    v->marked = ok && !pending && letters >= 3 && chars <= 2 * MARKED_WORD_MAX;
    return v->marked;
}

/* Whether c belongs to a token as word_disguised reads one: a word, a key or a handle. */
static bool
in_disguised_token(UChar32 c)
{
    return in_marked_word(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Whether the token around s[i] (letters, marks, digits, '_' and '-') is disguised: it carries an
 * overlay or enclosing mark (a stroke through a letter, a low line, a circle around it), which no
 * language spells with, and its letters are ASCII letters, bare or with marks. Its marked letters
 * then read as their ASCII letters, as in a word marked all through: "ÀKI̵AZ⃝VQLẸEH̀T̵" is an
 * AKIA key, "Sa̲ntin̲o̲_Ḳuhl̲ṃa⃝n̲8̵3" a user name. A token of another script, or one with accents
 * alone ("Müller2"), is read as written.
 */
static bool
word_disguised(struct norm_view *v, const unsigned char *s, size_t len, size_t i)
{
    size_t start, j;
    int32_t letters = 0, chars = 0;
    bool ok = true, overlay = false;

    if (i >= v->disguised_lo && i < v->disguised_hi) {
        return v->disguised;
    }
    start = run_start(s, i, in_disguised_token);
    for (j = start; j < len;) {
        size_t next;
        UChar32 c = next_char(s, len, j, &next);
        if (!in_disguised_token(c)) {
            break;
        }
        chars++;
        if (is_mark(c)) {
            overlay |= is_overlay_mark(c) || u_charType(c) == U_ENCLOSING_MARK;
        } else if (u_isalpha(c)) {
            ok &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || marked_ascii_base(c) != 0;
            letters++;
        }
        j = next;
    }
    v->disguised_lo = start;
    v->disguised_hi = j > start ? j : start + 1;
    v->disguised = ok && overlay && letters >= 3 && chars <= 2 * MARKED_WORD_MAX;
    return v->disguised;
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
        vote->latin += ascii_letter((unsigned char)c);
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
        bool letter = c >= 0 && (u_isalpha(c) || is_mark(c));
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

/* Whether t[i] is a digit or a separator of a number (see number_mark), or the token's edge. */
static bool
number_edge(const unsigned char *t, size_t lo, size_t hi, size_t i)
{
    return i < lo || i >= hi || (t[i] >= '0' && t[i] <= '9') || number_mark(t[i]);
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
        if (letters == 3 || !a || !((a >= '0' && a <= '9') || digit_letter((unsigned char)a))) {
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
            if (i == 0 || is_view_space(t[i - 1])) {
                return 0;
            }
            e = i;
            while (i > 0 && !is_view_space(t[i - 1]) && e - i <= NEIGHBOUR_BYTES) {
                i--;
            }
            s = i;
        } else {
            while (i < n && t[i] == ' ' && read < NEIGHBOUR_BYTES) {
                i++;
                read++;
            }
            if (i == n || is_view_space(t[i])) {
                return 0;
            }
            s = i;
            while (i < n && !is_view_space(t[i]) && i - s <= NEIGHBOUR_BYTES) {
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
static void
fold_confusables(struct norm_view *v, struct norm_icu *icu, unsigned flags)
{
    const unsigned char *t = v->text.data;
    size_t n = v->text.len, r = 0, w = 0;

    while (r < n) {
        /* The tokens before the one that holds the next non-ASCII byte have nothing to fold:
         * they move as one piece, or stay where they are while nothing before them shrank. */
        size_t skip = first_non_ascii(t, r, n);
        while (skip < n && skip > r && !is_view_space(t[skip - 1])) {
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
        while (b < n && !is_view_space(t[b])) {
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
                    size_t end = v->map_end[i + (size_t)k - 1];
                    v->text.data[w] = (unsigned char)((flags & NORM_CASEFOLD) ? u_tolower(a) : a);
                    v->map[w] = v->map[i];
                    v->map_end[w] = end;
                    w++;
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

/* View bytes at..at+n come one for one from original bytes from..from+n (room reserved). */
static void
map_identity(struct norm_view *v, size_t at, size_t from, size_t n)
{
    size_t *m = v->map + at, *m_end = v->map_end + at, k = 0;

#if defined(__SSE2__) && SIZE_MAX == UINT64_MAX
    /* [from + k, from + k + 1): two offsets a store on x86-64 */
    __m128i pos = _mm_set_epi64x((long long)from + 1, (long long)from);
    const __m128i one = _mm_set1_epi64x(1), two = _mm_set1_epi64x(2);
    for (; k + 2 <= n; k += 2) {
        _mm_storeu_si128((__m128i *)(void *)(m + k), pos);
        _mm_storeu_si128((__m128i *)(void *)(m_end + k), _mm_add_epi64(pos, one));
        pos = _mm_add_epi64(pos, two);
    }
#endif
    for (; k < n; k++) {
        m[k] = from + k;
        m_end[k] = from + k + 1;
    }
}

static int
build_identity(struct norm_view *v, const unsigned char *s, size_t len, struct err *err)
{
    map_reserve(v, len);
    map_identity(v, 0, 0, len);
    return buf_append(&v->text, s, len, err);
}

/*
 * Emit the ASCII bytes s[from, to), each its own cluster (a tab becomes a space), in one
 * go: most of a non-ASCII text is ASCII between its few curly quotes.
 */
static int
emit_ascii_run(struct norm_view *v, const unsigned char *s, size_t from, size_t to, unsigned flags,
               struct err *err)
{
    size_t at = v->text.len, n = to - from;

    map_reserve(v, n);
    if (buf_append(&v->text, s + from, n, err) < 0) {
        return -1;
    }
    unsigned char *t = v->text.data + at;
    if (flags & NORM_CASEFOLD) {
        for (size_t k = 0; k < n; k++) {
            t[k] = t[k] == '\t'                 ? ' '
                   : t[k] >= 'A' && t[k] <= 'Z' ? (unsigned char)(t[k] + 32)
                                                : t[k];
        }
    } else {
        for (unsigned char *tab = memchr(t, '\t', n); tab;
             tab = memchr(tab + 1, '\t', n - (size_t)(tab + 1 - t))) {
            *tab = ' ';
        }
    }
    map_identity(v, at, from, n);
    return 0;
}

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
 * framed_letter(c), in the case it reads as where the view has got to (see framed_letter_at):
 * in a word with a digit, upper case; lower case in a case-folded view.
 */
static UChar32
framed_letter_in_view(const struct norm_view *v, UChar32 c, bool fold, bool code)
{
    bool caseless = false;
    UChar32 r = framed_letter(c, &caseless);

    if (r && r <= 'Z' &&
        (fold ||
         (caseless && !code && v->text.len > 0 && ascii_letter(v->text.data[v->text.len - 1])))) {
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
        if (is_space_byte(t[k - 1])) {
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
static UChar32
framed_letter_at(const struct norm_view *v, const unsigned char *s, size_t len, size_t start,
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
    return framed_letter_in_view(v, c, fold, caseless && framed_word_has_digit(v, s, len, next));
}

/*
 * A symbol (emoji and their skin tones, stars, arrows, check marks; the bullet and the like
 * are punctuation and stay) that crowdworkers type between the groups of a value:
 * "555🔥0134", "4164⭐4542⭐0214⭐9699".
 */
static bool
is_symbol_type(int8_t type)
{
    return type == U_OTHER_SYMBOL || type == U_MODIFIER_SYMBOL;
}

/*
 * A postal mark (〒, 〠, 〶) labels the postcode after it ("住所は〒150-0002"), as "No." labels a
 * number: it is part of the address, never a separator, and an address pattern needs it.
 */
static bool
is_postal_mark(UChar32 c)
{
    return c == 0x3012 || c == 0x3020 || c == 0x3036;
}

static bool
is_symbol_separator(UChar32 c)
{
    /* ASCII "^" and "`" stay */
    return c >= 0x80 && is_symbol_type(u_charType(c)) && !is_postal_mark(c);
}

/*
 * Whether the symbol c at s[i, next) reads as an ASCII letter or separator (a framed letter, a
 * look-alike separator), which a run of symbols does not take in.
 */
static bool
reads_as_ascii(const unsigned char *s, size_t len, size_t i, size_t next, UChar32 c)
{
    bool caseless = false;

    if (separator_lookalike(c)) {
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
        if (decode(s, len, i, &c, &next, err) < 0) {
            return -1;
        }
        if (c < 0x80 || !(is_removed(c) || is_symbol_separator(c)) ||
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
static int
symbol_as_space(struct norm_view *v, const unsigned char *s, size_t len, size_t *i, struct err *err)
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
    if (is_view_space(v->text.data[at - 1])) {
        /* a space of one line (' ', a tab, a Unicode space: what the view reads as ' ') */
        UChar32 beyond = -1;
        size_t past = end, next;
        if (after != '\n' && after != '\r' && is_space_char(after)) {
            if (decode(s, len, end, &after, &past, err) < 0) {
                return -1;
            }
            /* the character after the space as the view of the view will see it: past the
             * characters the view removes ("😒\t\u202cA" reads as "😒 A" would) */
            for (next = past; next < len && (beyond < 0 || is_removed(beyond));) {
                if (decode(s, len, next, &beyond, &next, err) < 0) {
                    return -1;
                }
            }
        }
        if (v->text.data[at - 1] != ' ' || at < 2 || is_view_space(v->text.data[at - 2]) ||
            past == end || beyond < 0 || is_space_char(beyond) || is_removed(beyond)) {
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
    if (emit(v, ' ', *i, end, err) < 0) {
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
static int
enclosed_number(UChar32 c, int8_t type)
{
    double value;

    if (type != U_OTHER_NUMBER || !((c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793) ||
                                    (c >= 0x1F100 && c <= 0x1F10C))) {
        return -1;
    }
    value = u_getNumericValue(c);
    return value >= 0 && value <= 50 && value == (double)(int)value ? (int)value : -1;
}

/* Emit the decimal digits of value (0 to 50), produced by the original bytes [start, end). */
static int
emit_number(struct norm_view *v, int value, size_t start, size_t end, struct err *err)
{
    if (value >= 10 && emit(v, '0' + value / 10, start, end, err) < 0) {
        return -1;
    }
    return emit(v, '0' + value % 10, start, end, err);
}

/* Normalise and emit the non-ASCII cluster starting at s[*i]; advance *i past it. */
static int
emit_cluster(struct norm_view *v, struct norm_icu *icu, const UNormalizer2 *nf,
             const unsigned char *s, size_t len, size_t *i, struct err *err)
{
    UChar32 c;
    size_t next = 0, end = 0;
    int32_t n16 = 0, m = 0, k = 0;

    if (decode(s, len, *i, &c, &next, err) < 0) {
        return -1;
    }
    int8_t type = c < 0x80 ? U_UNASSIGNED : u_charType(c);
    if (c >= 0x80 && is_removed_typed(c, type)) {
        *i = next;
        return 0;
    }
    UChar32 as_ascii = c >= 0x80 ? separator_lookalike(c) : 0;
    if (!as_ascii && c >= 0x80 && (is_symbol_type(type) || u_isalpha(c))) {
        as_ascii = framed_letter_at(v, s, len, *i, next, c, nf == icu->nfkc_cf);
    }
    if (as_ascii) {
        /* marks after it start a cluster of their own, dropped after the ASCII character */
        size_t start = *i;
        *i = next;
        return emit(v, as_ascii, start, next, err);
    }
    int number = c >= 0x80 ? enclosed_number(c, type) : -1;
    if (number >= 0) {
        /* marks after it start a cluster of their own, dropped after the ASCII digit */
        size_t start = *i;
        *i = next;
        return emit_number(v, number, start, next, err);
    }
    if (c >= 0x80 && is_symbol_type(type) && !is_postal_mark(c) && *i >= v->symbols_as_written) {
        int rc = symbol_as_space(v, s, len, i, err);
        if (rc != 0) {
            return rc < 0 ? -1 : 0;
        }
    }
    if (gather_cluster(icu, nf, s, len, c, next, &n16, &end, err) < 0 ||
        normalise_cluster(icu, nf, n16, &m, err) < 0) {
        return -1;
    }
    /* Marks left after an ASCII character are the ones no precomposed character absorbed ("w"
     * + tilde, a digit with a low line, a keycap): they only disguise it, so the view drops
     * them, and the character's span grows to cover them. So does a generic mark left after
     * any letter (see leftover_decoration): the cluster is decorated, not spelled. */
    size_t at = v->text.len;
    bool after_ascii = at > 0 && v->text.data[at - 1] < 0x80, dropped = false;
    bool decorated = leftover_decoration(icu->out16, m);
    if (decorated) {
        /* normalised again without them: what they kept apart composes, as in the view's view */
        if (normalise_cluster(icu, nf, drop_generic_marks(icu->in16, n16), &m, err) < 0) {
            return -1;
        }
    }
    while (k < m) {
        UChar32 o;
        U16_NEXT(icu->out16, k, m, o);
        if ((after_ascii && is_mark(o)) || is_overlay_mark(o) ||
            (decorated && is_generic_mark(o))) {
            dropped = true;
            continue;
        }
        /* a letter of a word marked all through, or of a decorated cluster, reads as its ASCII
         * letter */
        UChar32 base = o >= 0x80 && u_isalpha(o) ? marked_ascii_base(o) : 0;
        if (base &&
            (decorated || word_all_marked(v, s, len, *i) || word_disguised(v, s, len, *i))) {
            o = base;
        }
        /* NFKC_Casefold makes small capitals of some letters ("Ʀ" is "ʀ"): read them alike */
        UChar32 framed =
            o >= 0x80 && o < 0x1F1E6 ? framed_letter_in_view(v, o, nf == icu->nfkc_cf, false) : 0;
        o = framed ? framed : o;
        o = transform(o);
        if (o >= 0) {
            if (emit(v, o, *i, end, err) < 0) {
                return -1;
            }
            after_ascii = o < 0x80;
        }
    }
    if (dropped && v->text.len == at && at > 0) {
        v->map_end[at - 1] = end; /* the cluster was only marks: they join the character */
    }
    *i = end;
    return 0;
}

size_t
norm_invalid_utf8_at(const unsigned char *s, size_t len)
{
    size_t i = first_non_ascii(s, 0, len);

    while (i < len) {
        UChar32 c;
        int32_t k = 0;
        int32_t n = (int32_t)(len - i < 4 ? len - i : 4);
        U8_NEXT(s + i, k, n, c);
        if (c < 0) {
            return i;
        }
        i = first_non_ascii(s, i + (size_t)k, len);
    }
    return len;
}

/*
 * Copy s into d with each character reference replaced by its character, whose bytes map to the
 * whole reference; every other byte maps to itself.
 */
static int
decode_references(struct norm_view *d, const unsigned char *s, size_t len, struct err *err)
{
    size_t i = 0;

    buf_reset(&d->text);
    while (i < len) {
        size_t at = next_reference_start(s, i, len), end = 0;
        UChar32 c;
        if (at > i) {
            map_reserve(d, at - i);
            map_identity(d, d->text.len, i, at - i);
            if (buf_append(&d->text, s + i, at - i, err) < 0) {
                return -1;
            }
        }
        if (at == len) {
            break;
        }
        if (!reference_at(s, len, at, &c, &end)) {
            c = s[at]; /* a '&' or '%' that starts none */
            end = at + 1;
        }
        if (emit(d, c, at, end, err) < 0) {
            return -1;
        }
        i = end;
    }
    map_reserve(d, 0);
    d->map[d->text.len] = len;
    d->map_end[d->text.len] = len;
    return 0;
}

/*
 * v was built from the text inner is the view of: map each of its spans through inner's map to
 * the original, so a character covers every original byte its inner characters came from.
 */
static void
compose_map(struct norm_view *v, const struct norm_view *inner)
{
    for (size_t i = 0; i < v->text.len; i++) {
        v->map[i] = inner->map[v->map[i]];
        v->map_end[i] = inner->map_end[v->map_end[i] - 1];
    }
}

/*
 * Right-to-left override (U+202E): the characters after it, up to the closing U+202C, an
 * isolate's U+2069 or the end of the paragraph, are drawn from right to left, so
 * "\u202emoc.liamg@nhoj" is seen as "john@gmail.com". The view reads such a run in the order it
 * is seen when the run is ASCII once normalised (letters of a right-to-left script are drawn
 * that way anyway, and reordering anything else could change what NFKC makes of it). Every
 * byte of the run then covers the whole run, so the map stays in order.
 * The end of the run that starts at s[i] (just after the override).
 */
static size_t
override_run_end(const unsigned char *s, size_t len, size_t i)
{
    for (; i < len; i++) {
        if (s[i] == '\n' || s[i] == '\r') {
            break;
        }
        /* U+202C pop directional formatting, U+2069 pop directional isolate, U+2029 */
        if (s[i] == 0xE2 && i + 2 < len &&
            ((s[i + 1] == 0x80 && (s[i + 2] == 0xAC || s[i + 2] == 0xA9)) ||
             (s[i + 1] == 0x81 && s[i + 2] == 0xA9))) {
            break;
        }
    }
    return i;
}

static bool
override_at(const unsigned char *s, size_t len, size_t i)
{
    return s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0xAE;
}

/*
 * The end in s of the closer at s[end] that ends an override run (U+202C or U+2069), or end when
 * the run ends otherwise.
 */
static size_t
override_closer_end(const unsigned char *s, size_t len, size_t end)
{
    if (end + 2 < len && s[end] == 0xE2 &&
        ((s[end + 1] == 0x80 && s[end + 2] == 0xAC) ||
         (s[end + 1] == 0x81 && s[end + 2] == 0xA9))) {
        return end + 3;
    }
    return end;
}

/*
 * Reverse the view from byte from to its end when all of it is ASCII (see override_run_end).
 * Every byte of the run then covers the override at s[lo] and the run up to s[hi] (past its
 * closer): the disguise is the value's, and a value redacted without it leaves the marks that
 * flip whatever follows.
 */
static void
reverse_override_run(struct norm_view *v, size_t from, size_t lo, size_t hi)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len;

    if (n - from < 2 || !norm_is_ascii(t + from, n - from)) {
        return;
    }
    size_t first = lo, last = hi > v->map_end[n - 1] ? hi : v->map_end[n - 1];
    for (size_t a = from, b = n - 1; a < b; a++, b--) {
        unsigned char c = t[a];
        t[a] = t[b];
        t[b] = c;
    }
    for (size_t k = from; k < n; k++) {
        v->map[k] = first;
        v->map_end[k] = last;
    }
}

/* Build the view of s without its character references (see norm_view_build). */
static int
build_clusters(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
               struct err *err)
{
    struct norm_icu *icu = NULL;
    const UNormalizer2 *nf = NULL;
    size_t i = 0;

    if (!(flags & NORM_CASEFOLD) && ascii_without_tab(s, len)) {
        return build_identity(v, s, len, err);
    }
    if (icu_get(v, flags, &icu, err) < 0) {
        return -1;
    }
    nf = (flags & NORM_CASEFOLD) ? icu->nfkc_cf : icu->nfkc;
    v->symbols_as_written = 0;
    v->marked_lo = v->marked_hi = 0;
    v->disguised_lo = v->disguised_hi = 0;
    /* an override run being read: its end in s and where its view starts; override_read is
     * past the runs already scanned for their end, so each byte is scanned once */
    size_t override_end = 0, override_view = SIZE_MAX, override_read = 0, override_lo = 0;
    while (i < len) {
        if (override_view != SIZE_MAX && i >= override_end) {
            reverse_override_run(v, override_view, override_lo,
                                 override_closer_end(s, len, override_end));
            override_view = SIZE_MAX;
        }
        if (override_view == SIZE_MAX && i >= override_read && override_at(s, len, i)) {
            override_end = override_read = override_run_end(s, len, i + 3);
            override_view = v->text.len;
            override_lo = i;
        }
        /* an ASCII byte followed by ASCII (or the end) is a cluster of its own, stable in NFKC;
         * the one before a non-ASCII byte starts that byte's cluster */
        size_t f = first_non_ascii(s, i, len);
        size_t j = f == len ? len : f > i ? f - 1 : i;
        if (override_view != SIZE_MAX && j > override_end && override_end > i) {
            j = override_end;
        }
        if (j > i) {
            if (emit_ascii_run(v, s, i, j, flags, err) < 0) {
                return -1;
            }
            i = j;
        } else if (emit_cluster(v, icu, nf, s, len, &i, err) < 0) {
            return -1;
        }
    }
    if (override_view != SIZE_MAX) {
        reverse_override_run(v, override_view, override_lo, override_end);
    }
    if ((flags & NORM_CONFUSABLES) && v->text.len) {
        fold_confusables(v, icu, flags);
    }
    return 0;
}

/*
 * One round of the view: character references decoded first, so the character they stand for
 * goes through NFKC and the folds as if it had been written ("&#xFF11;" reads "1").
 */
static int
build_round(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
            struct err *err)
{
    struct norm_icu *icu = NULL;
    size_t bad;

    buf_reset(&v->text);
    if (!has_reference(s, len)) {
        return build_clusters(v, s, len, flags, err);
    }
    /* the decoded copy's offsets are not the text's: name the byte as it was written */
    if ((bad = norm_invalid_utf8_at(s, len)) < len) {
        return err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", bad);
    }
    if (icu_get(v, flags, &icu, err) < 0 || decode_references(&icu->decoded, s, len, err) < 0 ||
        build_clusters(v, icu->decoded.text.data, icu->decoded.text.len, flags, err) < 0) {
        return -1;
    }
    compose_map(v, &icu->decoded);
    return 0;
}

static void
swap_views(struct norm_view *a, struct norm_view *b)
{
    struct norm_view t = *a;

    a->text = b->text;
    a->map = b->map;
    a->map_end = b->map_end;
    a->map_cap = b->map_cap;
    b->text = t.text;
    b->map = t.map;
    b->map_end = t.map_end;
    b->map_cap = t.map_cap;
}

/*
 * Rounds of decoding: a view can spell a reference its text did not ("&amp;#64;" reads "&#64;",
 * and so does a full-width ampersand before "#64;"). Reading it too keeps the view of a view
 * equal to the view; the bound keeps "&amp;amp;amp;..." linear.
 */
#define MAX_REFERENCE_ROUNDS 4

void
norm_view_replace(struct norm_view *v, unsigned char *text, size_t len, size_t *map,
                  size_t *map_end, size_t cap)
{
    buf_reset(&v->text);
    (void)buf_append(&v->text, text, len, NULL);
    free(text);
    free(v->map);
    free(v->map_end);
    v->map = map;
    v->map_end = map_end;
    v->map_cap = cap;
}

int
norm_view_build(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
                struct err *err)
{
    int rc = -1;

    if (build_round(v, s, len, flags, err) < 0) {
        goto out;
    }
    for (int round = 1; round < MAX_REFERENCE_ROUNDS && has_reference(v->text.data, v->text.len);
         round++) {
        struct norm_icu *icu = NULL;
        if (icu_get(v, flags, &icu, err) < 0) {
            goto out;
        }
        swap_views(v, &icu->previous);
        if (build_round(v, icu->previous.text.data, icu->previous.text.len, flags, err) < 0) {
            goto out;
        }
        compose_map(v, &icu->previous);
    }
    if (has_tatweel(v->text.data, v->text.len)) {
        drop_tatweels(v);
    }
    if (has_broken_number(v->text.data, v->text.len)) {
        join_broken_numbers(v);
    }
    if (has_broken_value(v->text.data, v->text.len)) {
        join_broken_values(v);
    }
    if (has_joint(v->text.data, v->text.len)) {
        drop_joints(v);
    }
    if (has_inner_stars(v->text.data, v->text.len)) {
        drop_inner_stars(v);
    }
    if (has_interpunct_run(v->text.data, v->text.len)) {
        join_interpunct_runs(v);
    }
    if (has_number_run(v->text.data, v->text.len)) {
        read_number_runs(v);
    }
    if (has_digit_dot(v->text.data, v->text.len)) {
        fold_digit_dots(v);
    }
    if (has_regrouped_number(v->text.data, v->text.len)) {
        read_regrouped_numbers(v);
    }
    if (has_letter_digits(v->text.data, v->text.len)) {
        size_t work = 0;
        letter_digits_scan(v->text.data, v->text.len, v, &work);
    }
    if (has_spaced_run(v->text.data, v->text.len)) {
        join_spaced_runs(v);
    }
    norm_read_cue_words(v, flags);
    rc = 0;
out:
    if (rc < 0) {
        buf_reset(&v->text);
    }
    map_reserve(v, 0);
    v->map[v->text.len] = len;
    v->map_end[v->text.len] = len;
    return rc;
}

void
norm_view_span(const struct norm_view *v, size_t start, size_t end, size_t *orig_start,
               size_t *orig_end)
{
    if (start > v->text.len) {
        start = v->text.len;
    }
    if (end > v->text.len) {
        end = v->text.len;
    }
    *orig_start = v->map[start];
    *orig_end = end > start ? v->map_end[end - 1] : v->map[start];
}

size_t
norm_view_offset(const struct norm_view *v, size_t orig)
{
    size_t lo = 0, hi = v->text.len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->map[mid] < orig) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}
