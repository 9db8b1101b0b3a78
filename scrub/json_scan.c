/*
 * Strict zero-copy JSON scanning for records (see json_scan_internal.h for why). Recursive
 * descent bounded by JSON_SCAN_MAX_DEPTH; every byte is validated, strings as UTF-8.
 */
#include "scrub/json_scan_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/err.h"
#include "common/xalloc.h"
#include "common/banned.h"

#define MAX_TOP_KEYS 4096

struct scanner {
    const unsigned char *p;
    size_t len, pos;
    struct json_scan *s;
    struct err *err;
    size_t top_keys[MAX_TOP_KEYS]; /* offsets of decoded top-level keys in s->scratch */
    size_t n_top_keys;
};

/* Bytes that end the fast run inside a string: '"', '\\', controls and non-ASCII. */
static bool
string_stop(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

/*
 * The first byte of p[pos, len) that ends the fast run (string_stop), or len. Sixteen bytes at a
 * time: the string values of dialogue run hundreds of bytes between two escapes (hh-rlhf x1: a
 * byte at a time, scanning its records took 52 million instructions; so, 10 million).
 */
static size_t
skip_plain(const unsigned char *p, size_t pos, size_t len)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  space = _mm_set1_epi8(0x20);
    for (; len - pos >= 16; pos += 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + pos));
        /* signed: a byte >= 0x80 is negative, so "below a space" holds the controls and it */
        __m128i stop =
            _mm_or_si128(_mm_cmplt_epi8(c, space),
                         _mm_or_si128(_mm_cmpeq_epi8(c, quote), _mm_cmpeq_epi8(c, backslash)));
        int mask = _mm_movemask_epi8(stop);
        if (mask) {
            return pos + (size_t)__builtin_ctz((unsigned)mask);
        }
    }
#endif
    while (pos < len && !string_stop(p[pos])) {
        pos++;
    }
    return pos;
}

static int
fail(struct scanner *sc, const char *what)
{
    return err_set(sc->err, ERR_PARSE, "invalid JSON at byte %zu: %s", sc->pos, what);
}

void
json_scan_init(struct json_scan *s)
{
    memset(s, 0, sizeof(*s));
    buf_init(&s->paths, BUF_NO_MAX);
    buf_init(&s->scratch, BUF_NO_MAX);
}

void
json_scan_release(struct json_scan *s)
{
    free(s->v);
    buf_release(&s->paths);
    buf_release(&s->scratch);
}

const char *
json_value_path(const struct json_scan *s, const struct json_value *v)
{
    return (const char *)s->paths.data + v->path_off;
}

static void
skip_ws(struct scanner *sc)
{
    while (sc->pos < sc->len) {
        unsigned char c = sc->p[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return;
        }
        sc->pos++;
    }
}

/* Length of the valid UTF-8 sequence at p (Unicode table 3-7), or 0. */
static size_t
utf8_sequence(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;

    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (avail < n || p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf) {
            return 0;
        }
    }
    return n;
}

static int
hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= (unsigned)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v |= (unsigned)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v |= (unsigned)(c - 'A' + 10);
        } else {
            return -1;
        }
    }
    *out = v;
    return 0;
}

/* Validates the escape at p[pos] == '\\'; advances past it. */
static int
scan_escape(struct scanner *sc)
{
    unsigned u, lo;

    if (sc->pos + 1 >= sc->len) {
        return fail(sc, "unterminated string");
    }
    switch (sc->p[sc->pos + 1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
        sc->pos += 2;
        return 0;
    case 'u':
        break;
    default:
        return fail(sc, "invalid escape");
    }
    if (sc->pos + 6 > sc->len || hex4(sc->p + sc->pos + 2, &u) < 0) {
        return fail(sc, "invalid \\u escape");
    }
    if (u >= 0xdc00 && u <= 0xdfff) {
        return fail(sc, "lone low surrogate in \\u escape");
    }
    if (u >= 0xd800 && u <= 0xdbff) {
        if (sc->pos + 12 > sc->len || sc->p[sc->pos + 6] != '\\' || sc->p[sc->pos + 7] != 'u' ||
            hex4(sc->p + sc->pos + 8, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff) {
            return fail(sc, "high surrogate without its low half in \\u escape");
        }
        sc->pos += 12;
        return 0;
    }
    sc->pos += 6;
    return 0;
}

static int
scan_string(struct scanner *sc, bool *escaped)
{
    *escaped = false;
    sc->pos++; /* the opening quote */
    for (;;) {
        sc->pos = skip_plain(sc->p, sc->pos, sc->len);
        if (sc->pos >= sc->len) {
            return fail(sc, "unterminated string");
        }
        unsigned char c = sc->p[sc->pos];
        if (c == '"') {
            sc->pos++;
            return 0;
        }
        if (c == '\\') {
            *escaped = true;
            if (scan_escape(sc) < 0) {
                return -1;
            }
        } else if (c < 0x20) {
            return fail(sc, "control character in string");
        } else {
            size_t n = utf8_sequence(sc->p + sc->pos, sc->len - sc->pos);
            if (n == 0) {
                return fail(sc, "invalid UTF-8");
            }
            sc->pos += n;
        }
    }
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int
scan_digits(struct scanner *sc)
{
    size_t start = sc->pos;
    while (sc->pos < sc->len && is_digit(sc->p[sc->pos])) {
        sc->pos++;
    }
    return sc->pos > start ? 0 : fail(sc, "digit expected");
}

static int
scan_number(struct scanner *sc, bool *integer)
{
    *integer = true;
    if (sc->p[sc->pos] == '-') {
        sc->pos++;
    }
    if (sc->pos < sc->len && sc->p[sc->pos] == '0') {
        sc->pos++;
    } else if (scan_digits(sc) < 0) {
        return -1;
    }
    if (sc->pos < sc->len && sc->p[sc->pos] == '.') {
        *integer = false;
        sc->pos++;
        if (scan_digits(sc) < 0) {
            return -1;
        }
    }
    if (sc->pos < sc->len && (sc->p[sc->pos] == 'e' || sc->p[sc->pos] == 'E')) {
        *integer = false;
        sc->pos++;
        if (sc->pos < sc->len && (sc->p[sc->pos] == '+' || sc->p[sc->pos] == '-')) {
            sc->pos++;
        }
        if (scan_digits(sc) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
scan_literal(struct scanner *sc)
{
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if (sc->len - sc->pos >= n && memcmp(sc->p + sc->pos, words[i], n) == 0) {
            sc->pos += n;
            return 0;
        }
    }
    return fail(sc, "unexpected character");
}

static struct json_value *
add_value(struct json_scan *s, enum json_value_kind kind, size_t start, size_t path_off,
          size_t path_len, unsigned depth)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = xrealloc(s->v, size_mul(s->cap, sizeof(*s->v)));
    }
    struct json_value *v = &s->v[s->n++];
    memset(v, 0, sizeof(*v));
    v->kind = kind;
    v->start = start;
    v->path_off = path_off;
    v->path_len = path_len;
    v->depth = depth;
    return v;
}

/* Appends "parent.key" (or "key") to the path arena; returns its offset. */
static size_t
push_path(struct json_scan *s, size_t parent_off, size_t parent_len, const unsigned char *key,
          size_t key_len, size_t *len, struct err *err)
{
    size_t off = s->paths.len;

    /* The parent lives in the same arena, which may move when it grows: grow first. */
    buf_grow(&s->paths, parent_len + key_len + 2, err);
    if (parent_len) {
        buf_append(&s->paths, s->paths.data + parent_off, parent_len, err);
        buf_putc(&s->paths, '.', err);
    }
    buf_append(&s->paths, key, key_len, err);
    *len = s->paths.len - off;
    buf_putc(&s->paths, '\0', err);
    return off;
}

static int scan_value(struct scanner *sc, unsigned depth, size_t path_off, size_t path_len);

/* Refuses a second top-level member of the same name: field options act on top-level names. */
static int
check_top_key(struct scanner *sc, const unsigned char *key, size_t len)
{
    struct json_scan *s = sc->s;

    for (size_t i = 0; i < sc->n_top_keys; i++) {
        const unsigned char *other = s->paths.data + sc->top_keys[i];
        if (strlen((const char *)other) == len && memcmp(other, key, len) == 0) {
            return err_set(sc->err, ERR_PARSE, "invalid JSON at byte %zu: duplicate key", sc->pos);
        }
    }
    if (sc->n_top_keys == MAX_TOP_KEYS) {
        return err_set(sc->err, ERR_LIMIT, "more than %d top-level keys", MAX_TOP_KEYS);
    }
    return 0;
}

static int
scan_member(struct scanner *sc, unsigned depth, size_t path_off, size_t path_len)
{
    struct json_scan *s = sc->s;
    size_t key_start = sc->pos, key_off, key_len;
    const unsigned char *key;
    size_t klen;
    bool escaped;

    if (sc->pos >= sc->len || sc->p[sc->pos] != '"') {
        return fail(sc, "object key expected");
    }
    if (scan_string(sc, &escaped) < 0) {
        return -1;
    }
    key = sc->p + key_start + 1;
    klen = sc->pos - key_start - 2;
    if (escaped) {
        buf_reset(&s->scratch);
        if (json_unescape(key, klen, &s->scratch, sc->err) < 0) {
            return -1;
        }
        key = s->scratch.data;
        klen = s->scratch.len;
    }
    if (depth == 1 && check_top_key(sc, key, klen) < 0) {
        return -1;
    }
    key_off = push_path(s, path_off, path_len, key, klen, &key_len, sc->err);
    if (depth == 1) {
        sc->top_keys[sc->n_top_keys++] = key_off;
    }
    skip_ws(sc);
    if (sc->pos >= sc->len || sc->p[sc->pos] != ':') {
        return fail(sc, "':' expected");
    }
    sc->pos++;
    skip_ws(sc);
    return scan_value(sc, depth, key_off, key_len);
}

static int
scan_container(struct scanner *sc, unsigned depth, size_t path_off, size_t path_len)
{
    unsigned char close = sc->p[sc->pos] == '{' ? '}' : ']';
    int first = 1;

    if (depth >= JSON_SCAN_MAX_DEPTH) {
        return err_set(sc->err, ERR_LIMIT, "invalid JSON at byte %zu: nested deeper than %d",
                       sc->pos, JSON_SCAN_MAX_DEPTH);
    }
    sc->pos++;
    for (;;) {
        skip_ws(sc);
        if (sc->pos >= sc->len) {
            return fail(sc, "unexpected end of record");
        }
        if (sc->p[sc->pos] == close && first) {
            sc->pos++;
            return 0;
        }
        int rc = close == '}' ? scan_member(sc, depth + 1, path_off, path_len)
                              : scan_value(sc, depth + 1, path_off, path_len);
        if (rc < 0) {
            return -1;
        }
        first = 0;
        skip_ws(sc);
        if (sc->pos < sc->len && sc->p[sc->pos] == ',') {
            sc->pos++;
            continue;
        }
        if (sc->pos < sc->len && sc->p[sc->pos] == close) {
            sc->pos++;
            return 0;
        }
        return fail(sc, close == '}' ? "',' or '}' expected" : "',' or ']' expected");
    }
}

static int
scan_value(struct scanner *sc, unsigned depth, size_t path_off, size_t path_len)
{
    size_t start = sc->pos;
    struct json_value *v;
    enum json_value_kind kind;
    bool flag = false;
    int rc;

    if (sc->pos >= sc->len) {
        return fail(sc, "value expected");
    }
    switch (sc->p[sc->pos]) {
    case '{':
    case '[':
        kind = sc->p[sc->pos] == '{' ? JV_OBJECT : JV_ARRAY;
        rc = scan_container(sc, depth, path_off, path_len);
        break;
    case '"':
        kind = JV_STRING;
        rc = scan_string(sc, &flag);
        break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        kind = JV_NUMBER;
        rc = scan_number(sc, &flag);
        break;
    default:
        kind = JV_LITERAL;
        rc = scan_literal(sc);
    }
    if (rc < 0) {
        return -1;
    }
    v = add_value(sc->s, kind, start, path_off, path_len, depth);
    v->end = sc->pos;
    v->escaped = kind == JV_STRING && flag;
    v->integer = kind == JV_NUMBER && flag;
    return 0;
}

int
json_scan_record(struct json_scan *s, const unsigned char *p, size_t len, struct err *err)
{
    struct scanner *sc = xmalloc(sizeof(*sc));
    int rc = -1;

    sc->p = p;
    sc->len = len;
    sc->pos = 0;
    sc->s = s;
    sc->err = err;
    sc->n_top_keys = 0;
    s->n = 0;
    buf_reset(&s->paths);
    buf_putc(&s->paths, '\0', err); /* offset 0 is the empty path */
    skip_ws(sc);
    if (sc->pos >= len || p[sc->pos] != '{') {
        if (sc->pos < len &&
            (p[sc->pos] == '[' || p[sc->pos] == '"' || p[sc->pos] == '-' || is_digit(p[sc->pos]) ||
             p[sc->pos] == 't' || p[sc->pos] == 'f' || p[sc->pos] == 'n')) {
            err_set(err, ERR_PARSE, "not a JSON object");
        } else {
            fail(sc, "'{' expected");
        }
        goto out;
    }
    if (scan_container(sc, 0, 0, 0) < 0) {
        goto out;
    }
    s->top_close = sc->pos - 1;
    s->top_empty = s->n == 0;
    skip_ws(sc);
    if (sc->pos != len) {
        fail(sc, "end of record expected");
        goto out;
    }
    rc = 0;
out:
    free(sc);
    return rc;
}

/* Bytes of code point cp in UTF-8. */
static size_t
utf8_len(unsigned cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Write code point cp as UTF-8 at out; returns its length. */
static size_t
utf8_encode(unsigned cp, unsigned char *out)
{
    size_t n = utf8_len(cp);

    if (n == 1) {
        out[0] = (unsigned char)cp;
    } else if (n == 2) {
        out[0] = (unsigned char)(0xc0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3f));
    } else if (n == 3) {
        out[0] = (unsigned char)(0xe0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (unsigned char)(0x80 | (cp & 0x3f));
    } else {
        out[0] = (unsigned char)(0xf0 | cp >> 18);
        out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
        out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        out[3] = (unsigned char)(0x80 | (cp & 0x3f));
    }
    return n;
}

static void
put_utf8(struct buf *out, unsigned cp, struct err *err)
{
    unsigned char b[4];

    buf_append(out, b, utf8_encode(cp, b), err);
}

/*
 * The escape at p[i] (a backslash): *cp what it decodes to (a simple escape's byte, or a code
 * point, surrogate pairs joined) and *n its length in p.
 */
static int
escape_at(const unsigned char *p, size_t len, size_t i, unsigned *cp, size_t *n, struct err *err)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    unsigned lo;

    if (i + 1 >= len) {
        return err_set(err, ERR_PARSE, "invalid escape");
    }
    unsigned char c = p[i + 1];
    const char *hit = c ? strchr(from, c) : NULL;
    if (hit) {
        *cp = (unsigned char)to[hit - from];
        *n = 2;
        return 0;
    }
    if (c != 'u' || i + 6 > len || hex4(p + i + 2, cp) < 0) {
        return err_set(err, ERR_PARSE, "invalid escape");
    }
    *n = 6;
    if (*cp >= 0xd800 && *cp <= 0xdbff) {
        if (i + 12 > len || p[i + 6] != '\\' || p[i + 7] != 'u' || hex4(p + i + 8, &lo) < 0 ||
            lo < 0xdc00 || lo > 0xdfff) {
            return err_set(err, ERR_PARSE, "invalid surrogate pair");
        }
        *cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
        *n = 12;
    } else if (*cp >= 0xdc00 && *cp <= 0xdfff) {
        return err_set(err, ERR_PARSE, "invalid surrogate pair");
    }
    return 0;
}

int
json_unescape(const unsigned char *p, size_t len, struct buf *out, struct err *err)
{
    size_t i = 0;

    while (i < len) {
        const unsigned char *bs = memchr(p + i, '\\', len - i);
        size_t run = bs ? (size_t)(bs - (p + i)) : len - i, n;
        unsigned cp;
        if (buf_append(out, p + i, run, err) < 0) {
            return -1;
        }
        i += run;
        if (!bs) {
            break;
        }
        if (escape_at(p, len, i, &cp, &n, err) < 0) {
            return -1;
        }
        put_utf8(out, cp, err);
        i += n;
    }
    return 0;
}

int
json_escaped_offsets(const unsigned char *p, size_t len, const size_t *dec, size_t n_dec,
                     size_t *esc, struct err *err)
{
    size_t i = 0, d = 0, k = 0;

    while (k < n_dec) {
        const unsigned char *bs = memchr(p + i, '\\', len - i);
        size_t run = bs ? (size_t)(bs - (p + i)) : len - i, n, out;
        unsigned cp;
        for (; k < n_dec && dec[k] <= d + run; k++) {
            esc[k] = i + (dec[k] - d);
        }
        i += run;
        d += run;
        if (!bs || k == n_dec) {
            break;
        }
        if (escape_at(p, len, i, &cp, &n, err) < 0) {
            return -1;
        }
        out = utf8_len(cp);
        if (k < n_dec && dec[k] < d + out) {
            return 1; /* inside the bytes of one escape: no offset of p stands for it */
        }
        i += n;
        d += out;
    }
    return k < n_dec;
}

/* The short escape json_escape_body writes for control character or quote c, or 0 (\u00xx). */
static char
short_escape(unsigned char c)
{
    switch (c) {
    case '"':
        return '"';
    case '\\':
        return '\\';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\t':
        return 't';
    case '\b':
        return 'b';
    case '\f':
        return 'f';
    default:
        return 0;
    }
}

static int
lower_hex(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The control character a canonical \u00xx at p stands for (p[0..6) in bounds), or -1. */
static int
canonical_u_escape(const unsigned char *p)
{
    int hi = lower_hex(p[4]), lo = lower_hex(p[5]);

    if (p[2] != '0' || p[3] != '0' || hi < 0 || lo < 0 || hi > 1) {
        return -1;
    }
    return short_escape((unsigned char)(hi << 4 | lo)) ? -1 : hi << 4 | lo;
}

/* Bytes of the UTF-8 character whose first byte is c. */
static size_t
utf8_len_of_lead(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * How an escape the decoded text does not tell is spelled, in a journal of in-place decoding:
 * before each such escape, the count of decoded bytes since the previous one ended (base 128,
 * most significant first, high bit clear), then its spelling (high bit set): FORM_SLASH for
 * "\/", FORM_U | case for one \uXXXX, FORM_PAIR_HI | case, FORM_PAIR_LO | case for a surrogate
 * pair (bit k of case: hex digit k is a capital). The decoded character gives the code point.
 */
#define FORM_SLASH   0x80
#define FORM_U       0x90
#define FORM_PAIR_HI 0xC0
#define FORM_PAIR_LO 0xD0

/* Bit k set when hex digit k of p[0..4) is a capital letter. */
static unsigned
hex_case(const unsigned char *p)
{
    unsigned mask = 0;

    for (int k = 0; k < 4; k++) {
        if (p[k] >= 'A' && p[k] <= 'F') {
            mask |= 1u << k;
        }
    }
    return mask;
}

/* Whether the escape p[i..i+n) spells its decoded character cp (k bytes) as json_escape_body
 * writes it. */
static bool
escape_is_canonical(const unsigned char *p, size_t i, size_t n, unsigned cp)
{
    if (cp >= 0x20 && cp != '"' && cp != '\\') {
        return false; /* written as itself */
    }
    if (short_escape((unsigned char)cp)) {
        return n == 2;
    }
    return n == 6 && canonical_u_escape(p + i) >= 0;
}

static int
put_gap(struct buf *journal, size_t gap, struct err *err)
{
    unsigned char b[10];
    size_t n = 0;

    do {
        b[sizeof(b) - 1 - n++] = (unsigned char)(gap & 0x7f);
        gap >>= 7;
    } while (gap);
    return buf_append(journal, b + sizeof(b) - n, n, err);
}

int
json_unescape_in_place(unsigned char *p, size_t len, struct buf *journal, size_t journal_max,
                       size_t *dec_len)
{
    size_t i = 0, d = 0, last = 0;
    struct err err;

    buf_reset(journal);
    /* First the journal, without changing p: a literal that needs too long a one is left. */
    while (i < len) {
        const unsigned char *bs = memchr(p + i, '\\', len - i);
        size_t run = bs ? (size_t)(bs - (p + i)) : len - i, n;
        unsigned cp;
        for (size_t k = i; k < i + run; k++) {
            if (p[k] < 0x20) {
                return 1; /* a raw control character would come back escaped */
            }
        }
        i += run;
        d += run;
        if (!bs) {
            break;
        }
        if (escape_at(p, len, i, &cp, &n, &err) < 0) {
            return 1; /* the caller's own decoding reports it */
        }
        if (!escape_is_canonical(p, i, n, cp)) {
            unsigned char form[2] = {FORM_SLASH, 0};
            size_t forms = 1;
            if (n == 6) {
                form[0] = (unsigned char)(FORM_U | hex_case(p + i + 2));
            } else if (n == 12) {
                form[0] = (unsigned char)(FORM_PAIR_HI | hex_case(p + i + 2));
                form[1] = (unsigned char)(FORM_PAIR_LO | hex_case(p + i + 8));
                forms = 2;
            }
            if (put_gap(journal, d - last, &err) < 0 ||
                buf_append(journal, form, forms, &err) < 0 || journal->len > journal_max) {
                return 1;
            }
            last = d + utf8_len(cp);
        }
        i += n;
        d += utf8_len(cp);
    }
    /* Then decode: every escape is at least as long as what it decodes to. */
    *dec_len = 0;
    for (i = 0; i < len;) {
        const unsigned char *bs = memchr(p + i, '\\', len - i);
        size_t run = bs ? (size_t)(bs - (p + i)) : len - i, n;
        unsigned cp;
        memmove(p + *dec_len, p + i, run);
        i += run;
        *dec_len += run;
        if (!bs) {
            break;
        }
        (void)escape_at(p, len, i, &cp, &n, &err);
        *dec_len += utf8_encode(cp, p + *dec_len);
        i += n;
    }
    return 0;
}

/* Write the escape of decoded p[i - 1] back, canonically, ending at p[*j]. */
static void
escape_down(unsigned char *p, size_t *i, size_t *j, size_t stop)
{
    static const char hex[] = "0123456789abcdef";

    while (*i > stop) {
        unsigned char c = p[--*i];
        char letter;
        if (c >= 0x20 && c != '"' && c != '\\') {
            p[--*j] = c;
        } else if ((letter = short_escape(c)) != 0) {
            p[--*j] = (unsigned char)letter;
            p[--*j] = '\\';
        } else {
            *j -= 6;
            memcpy(p + *j, "\\u00", 4);
            p[*j + 4] = (unsigned char)hex[c >> 4];
            p[*j + 5] = (unsigned char)hex[c & 15];
        }
    }
}

/* "\uXXXX" of v, hex digit k a capital when bit k of mask is set, ending at p[*j]. */
static void
put_u_down(unsigned char *p, size_t *j, unsigned v, unsigned mask)
{
    static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";

    *j -= 6;
    p[*j] = '\\';
    p[*j + 1] = 'u';
    for (int k = 0; k < 4; k++) {
        unsigned digit = v >> (12 - 4 * k) & 15;
        p[*j + 2 + k] = (unsigned char)(mask >> k & 1 ? upper[digit] : lower[digit]);
    }
}

/* The code point of the UTF-8 character p[0..n). */
static unsigned
utf8_decode(const unsigned char *p, size_t n)
{
    unsigned cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1fu : n == 3 ? p[0] & 0x0fu : p[0] & 0x07u;

    for (size_t k = 1; k < n; k++) {
        cp = cp << 6 | (p[k] & 0x3fu);
    }
    return cp;
}

void
json_escape_in_place(unsigned char *p, size_t dec_len, size_t len, const struct buf *journal)
{
    const unsigned char *jl = journal->data;
    size_t i = dec_len, j = len, q = 0, end = 0;

    /* Where the last journaled character ends: the gaps count from the end of the one before. */
    while (q < journal->len) {
        size_t gap = 0;
        while (jl[q] < 0x80) {
            gap = gap << 7 | jl[q++];
        }
        end += gap;
        end += jl[q] == FORM_SLASH ? 1 : utf8_len_of_lead(p[end]);
        q += (jl[q] & 0xF0) == FORM_PAIR_HI ? 2 : 1;
    }
    /* From the end: an escape is at least as long as its character, so writing never overtakes
     * reading. */
    while (q > 0) {
        unsigned char form = jl[--q], hi_form = 0;
        size_t start = end, gap = 0, shift = 0;
        if ((form & 0xF0) == FORM_PAIR_LO) {
            hi_form = jl[--q];
        }
        while (q > 0 && jl[q - 1] < 0x80) {
            gap |= (size_t)jl[--q] << shift;
            shift += 7;
        }
        do {
            start--;
        } while (form != FORM_SLASH && (p[start] & 0xC0) == 0x80);
        escape_down(p, &i, &j, end);
        unsigned cp = utf8_decode(p + start, end - start);
        if (form == FORM_SLASH) {
            j -= 2;
            memcpy(p + j, "\\/", 2);
        } else if (hi_form) {
            put_u_down(p, &j, 0xdc00 + ((cp - 0x10000) & 0x3ff), form & 15u);
            put_u_down(p, &j, 0xd800 + ((cp - 0x10000) >> 10), hi_form & 15u);
        } else {
            put_u_down(p, &j, cp, form & 15u);
        }
        i = start;
        end = start - gap;
    }
    escape_down(p, &i, &j, 0);
}

/* text's bytes as they go between the quotes of a JSON string. */
int
json_escape_body(struct buf *out, const unsigned char *text, size_t len, struct err *err)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;

    if (buf_grow(out, len, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = text[i];
        char esc[7];
        const char *e;

        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        switch (c) {
        case '"':
            e = "\\\"";
            break;
        case '\\':
            e = "\\\\";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\r':
            e = "\\r";
            break;
        case '\t':
            e = "\\t";
            break;
        case '\b':
            e = "\\b";
            break;
        case '\f':
            e = "\\f";
            break;
        default:
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            esc[6] = '\0';
            e = esc;
        }
        if (buf_append(out, text + run, i - run, err) < 0 || buf_append_str(out, e, err) < 0) {
            return -1;
        }
        run = i + 1;
    }
    return buf_append(out, text + run, len - run, err);
}

int
json_escape(struct buf *out, const unsigned char *text, size_t len, struct err *err)
{
    if (buf_grow(out, len + 2, err) < 0 || buf_putc(out, '"', err) < 0 ||
        json_escape_body(out, text, len, err) < 0) {
        return -1;
    }
    return buf_putc(out, '"', err);
}
