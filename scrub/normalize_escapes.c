/*
 * The view's first step: character references ("&#64;", "&commat;"), URL percent escapes,
 * backslash escapes and quoted-printable codes read as the character they spell, before NFKC
 * and the folds see it, with the character's span covering the whole reference.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/buf.h"

#include "common/banned.h"

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

    if (i == 0 || len - i < 4 || !norm_ascii_alnum(s[i - 1]) || !norm_ascii_alnum(s[i + 3])) {
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
bool
norm_has_reference(const unsigned char *s, size_t len)
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

/*
 * Copy s into d with each character reference replaced by its character, whose bytes map to the
 * whole reference; every other byte maps to itself.
 */
int
norm_decode_references(struct norm_view *d, const unsigned char *s, size_t len, struct err *err)
{
    size_t i = 0;

    buf_reset(&d->text);
    while (i < len) {
        size_t at = next_reference_start(s, i, len), end = 0;
        UChar32 c;
        if (at > i) {
            norm_map_reserve(d, at - i);
            norm_map_identity(d, d->text.len, i, at - i);
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
        if (norm_emit(d, c, at, end, err) < 0) {
            return -1;
        }
        i = end;
    }
    norm_map_reserve(d, 0);
    d->map[d->text.len] = len;
    d->map_end[d->text.len] = len;
    return 0;
}
