/*
 * A pattern's form for ASCII subjects: every Unicode property (\p{Lu}, \P{L}, \pN) replaced by
 * the class of the ASCII characters it matches.
 *
 * PCRE2 plans no start-of-match shortcut for a pattern that can start with a property (no first
 * code unit, no start bitmap: a property is a table look-up it does not expand), so it tries a
 * match at every position of the subject, and reads each property character by character through
 * the Unicode tables. Most texts, and most normalised views, are ASCII, and most PERSON patterns
 * start with "\p{Lu}": as "[A-Z]", PCRE2 skips to the capitals (rule 87's Latin prefilter, 1,264
 * ASCII hh-rlhf texts: 1.20 -> 0.46 ms).
 *
 * On a subject with no byte >= 0x80 the two forms match alike, captures included: a property
 * and its class accept the same characters there, each property's set is PCRE2's own answer
 * (the property matched against every ASCII character, with the caseless option it has in the
 * pattern), no group is added but a non-capturing one, and lengths (look-behinds) are kept. A
 * property ignores the caseless option and a class does not: where (?i) is on, a set that is not
 * closed under case (\p{Lu}) becomes "(?-i:[A-Z])", and inside a class, where no option can be
 * turned off, the pattern is left as it is. So is any pattern with a construct this reader does
 * not follow: \Q...\E, verbs, callouts, (?xx) and options other than i m n s x U J.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

#include "common/banned.h"

/* How deep groups may nest before the rewrite gives up (the packs' deepest is about 12). */
#define ASCII_DEPTH_MAX 64
/* The properties one thread remembers the ASCII sets of (the packs use about 40 distinct). */
#define ASCII_MEMO_MAX 64
#define ASCII_PROP_MAX 48

/* A set of ASCII characters: bit c % 64 of w[c / 64]. */
struct ascii_set {
    uint64_t w[2];
};

struct memo_entry {
    char text[ASCII_PROP_MAX];
    bool caseless;
    struct ascii_set set;
};

/* Per thread: patterns compile on the load's helper threads too (rules_queue.c). */
static _Thread_local struct memo_entry memo[ASCII_MEMO_MAX];
static _Thread_local size_t n_memo;

static bool
set_has(const struct ascii_set *s, unsigned c)
{
    return (s->w[c / 64] >> (c % 64)) & 1;
}

/*
 * The ASCII characters the property escape text (e.g. "\\p{Lu}") matches, as PCRE2 says with the
 * caseless option on or off; false if it does not compile alone.
 */
static bool
property_set(const char *text, size_t len, bool caseless, struct ascii_set *out)
{
    for (size_t i = 0; i < n_memo; i++) {
        if (memo[i].caseless == caseless && strlen(memo[i].text) == len &&
            !memcmp(memo[i].text, text, len)) {
            *out = memo[i].set;
            return true;
        }
    }
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)text, len,
                                   PCRE2_UTF | PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0), &code,
                                   &offset, NULL);
    pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
    unsigned char all[128];

    if (!md) {
        pcre2_code_free(re);
        return false;
    }
    for (unsigned c = 0; c < 128; c++) {
        all[c] = (unsigned char)c;
    }
    memset(out, 0, sizeof(*out));
    /* each call finds the next member: one call per member, not per character */
    for (size_t at = 0; at < 128;) {
        if (pcre2_match(re, all, 128, at, 0, md, NULL) < 0) {
            break;
        }
        size_t m = pcre2_get_ovector_pointer(md)[0];
        if (m >= 128 || pcre2_get_ovector_pointer(md)[1] != m + 1) {
            pcre2_match_data_free(md);
            pcre2_code_free(re);
            return false; /* not one character: not a property */
        }
        out->w[m / 64] |= (uint64_t)1 << (m % 64);
        at = m + 1;
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    if (n_memo < ASCII_MEMO_MAX && len < ASCII_PROP_MAX) {
        memcpy(memo[n_memo].text, text, len);
        memo[n_memo].text[len] = '\0';
        memo[n_memo].caseless = caseless;
        memo[n_memo].set = *out;
        n_memo++;
    }
    return true;
}

/* Whether a caseless class of s's characters matches only them (no letter without its pair). */
static bool
case_closed(const struct ascii_set *s)
{
    for (unsigned c = 'A'; c <= 'Z'; c++) {
        if (set_has(s, c) != set_has(s, c + 32)) {
            return false;
        }
    }
    return true;
}

static bool
set_empty(const struct ascii_set *s)
{
    return !s->w[0] && !s->w[1];
}

bool
regex_property_outside_ascii(const char *text, size_t len, bool caseless)
{
    struct ascii_set s;

    return property_set(text, len, caseless, &s) && set_empty(&s);
}

/* The set as class members, ranges of hex escapes (no character is special then). */
static void
put_members(struct buf *out, const struct ascii_set *s)
{
    for (unsigned c = 0; c < 128;) {
        if (!set_has(s, c)) {
            c++;
            continue;
        }
        unsigned end = c;
        while (end + 1 < 128 && set_has(s, end + 1)) {
            end++;
        }
        char piece[24];
        int n = end > c ? snprintf(piece, sizeof(piece), "\\x{%x}-\\x{%x}", c, end)
                        : snprintf(piece, sizeof(piece), "\\x{%x}", c);
        (void)buf_append(out, piece, (size_t)n, NULL);
        c = end + 1;
    }
}

/* A class that matches no character at all. */
#define CLASS_NONE "[^\\x{0}-\\x{10ffff}]"

struct mode {
    bool caseless, extended;
};

struct reader {
    const char *s;
    size_t i, n;
    struct buf out;
    struct mode stack[ASCII_DEPTH_MAX];
    size_t depth;
    bool bail, changed;
};

static void
copy(struct reader *r, size_t len)
{
    if (r->i + len > r->n) {
        len = r->n - r->i;
    }
    (void)buf_append(&r->out, r->s + r->i, len, NULL);
    r->i += len;
}

/* The length of the property escape at s[i] ('\\' then 'p' or 'P'), 0 if malformed. */
static size_t
property_len(const struct reader *r, size_t i)
{
    size_t j = i + 2;

    if (j >= r->n) {
        return 0;
    }
    if (r->s[j] != '{') {
        return (unsigned char)r->s[j] < 0x80 ? 3 : 0;
    }
    const char *end = memchr(r->s + j, '}', r->n - j);
    return end ? (size_t)(end - (r->s + i)) + 1 : 0;
}

/* The length of any other escape at s[i], enough to step over it without misreading. */
static size_t
escape_len(struct reader *r, size_t i)
{
    if (i + 1 >= r->n) {
        r->bail = true;
        return 1;
    }
    char c = r->s[i + 1];
    if (c == 'Q' || c == 'E') {
        r->bail = true; /* quoting: not followed */
        return 2;
    }
    if (c == 'c') {
        return 3; /* \cX: X is taken as is, even '[' or '\\' */
    }
    size_t end = regex_escape_end(r->s, i);
    return end > i + 1 ? end - i : 2;
}

/* A property outside a class: its class, guarded from the caseless option when it must be. */
static void
property_outside(struct reader *r, size_t len)
{
    struct mode m = r->stack[r->depth];
    struct ascii_set set;

    if (len >= ASCII_PROP_MAX || !property_set(r->s + r->i, len, m.caseless, &set)) {
        r->bail = true;
        return;
    }
    r->i += len;
    r->changed = true;
    if (set_empty(&set)) {
        (void)buf_append_str(&r->out, CLASS_NONE, NULL);
        return;
    }
    bool guard = m.caseless && !case_closed(&set);
    (void)buf_append_str(&r->out, guard ? "(?-i:[" : "[", NULL);
    put_members(&r->out, &set);
    (void)buf_append_str(&r->out, guard ? "])" : "]", NULL);
}

/* A character class at s[i] ('['), its properties replaced by their members. */
static void class(struct reader *r)
{
    size_t end = regex_class_end(r->s, r->n, r->i);
    size_t j = r->i + 1;
    bool negated = false, any = false;
    struct buf body;

    if (!end) {
        r->bail = true;
        return;
    }
    if (j < end && r->s[j] == '^') {
        negated = true;
        j++;
    }
    buf_init(&body, BUF_NO_MAX);
    if (j < end && r->s[j] == ']') {
        (void)buf_putc(&body, ']', NULL); /* a ']' first is a member */
        j++;
    }
    while (j < end - 1 && !r->bail) {
        if (r->s[j] != '\\') {
            /* a '^' that a dropped property leaves first is still a member */
            if (r->s[j] == '^' && body.len == 0) {
                (void)buf_putc(&body, '\\', NULL);
            }
            (void)buf_putc(&body, r->s[j++], NULL);
            continue;
        }
        if (r->s[j + 1] != 'p' && r->s[j + 1] != 'P') {
            size_t len = escape_len(r, j);
            (void)buf_append(&body, r->s + j, len, NULL);
            j += len;
            continue;
        }
        size_t len = property_len(r, j);
        struct ascii_set set;
        /* a class member cannot be shielded from (?i); after a '-' a range would form */
        if (!len || len >= ASCII_PROP_MAX ||
            !property_set(r->s + j, len, r->stack[r->depth].caseless, &set) ||
            (r->stack[r->depth].caseless && !case_closed(&set)) ||
            (body.len && body.data[body.len - 1] == '-')) {
            r->bail = true;
            break;
        }
        put_members(&body, &set);
        any = true;
        j += len;
    }
    if (r->bail || !any) {
        buf_release(&body);
        if (!r->bail) {
            copy(r, end - r->i);
        }
        return;
    }
    r->changed = true;
    if (body.len == 0) {
        (void)buf_append_str(&r->out, negated ? "[\\x{0}-\\x{10ffff}]" : CLASS_NONE, NULL);
    } else {
        (void)buf_append_str(&r->out, negated ? "[^" : "[", NULL);
        (void)buf_append(&r->out, body.data, body.len, NULL);
        (void)buf_putc(&r->out, ']', NULL);
    }
    buf_release(&body);
    r->i = end;
}

/* Options at s[j] up to ':' or ')', applied to *m; false for anything but i m n s x U J ^ -. */
static bool
options(const struct reader *r, size_t *j, struct mode *m)
{
    bool on = true;

    for (; *j < r->n && r->s[*j] != ')' && r->s[*j] != ':'; (*j)++) {
        char c = r->s[*j];
        if (c == '-') {
            on = false;
        } else if (c == '^') {
            m->caseless = m->extended = false;
        } else if (c == 'i') {
            m->caseless = on;
        } else if (c == 'x') {
            if (*j + 1 < r->n && r->s[*j + 1] == 'x') {
                return false; /* (?xx): white space in classes is ignored too */
            }
            m->extended = on;
        } else if (!strchr("msnUJ", c)) {
            return false;
        }
    }
    return *j < r->n;
}

static void
push(struct reader *r, struct mode m)
{
    if (r->depth + 1 >= ASCII_DEPTH_MAX) {
        r->bail = true;
        return;
    }
    r->stack[++r->depth] = m;
}

/* A '(' at s[i]: the group's header copied, and its mode pushed (options set in place). */
static void
group_open(struct reader *r)
{
    const char *s = r->s;
    size_t i = r->i;
    struct mode m = r->stack[r->depth];

    if (i + 1 < r->n && s[i + 1] == '*') {
        r->bail = true; /* verbs: (*UCP) would change the rest */
        return;
    }
    if (i + 2 >= r->n || s[i + 1] != '?') {
        push(r, m);
        copy(r, 1);
        return;
    }
    char c = s[i + 2];
    if (c == '#') {
        const char *end = memchr(s + i, ')', r->n - i);
        if (!end) {
            r->bail = true;
            return;
        }
        copy(r, (size_t)(end - (s + i)) + 1);
        return;
    }
    if (c == 'C') {
        r->bail = true; /* callouts */
        return;
    }
    bool call = c == 'R' || c == '&' || (c >= '0' && c <= '9') ||
                ((c == '+' || c == '-') && i + 3 < r->n && s[i + 3] >= '0' && s[i + 3] <= '9') ||
                (c == 'P' && i + 3 < r->n && (s[i + 3] == '>' || s[i + 3] == '='));
    if (call) {
        /* a recursion, subroutine call or back-reference: no body */
        const char *end = memchr(s + i, ')', r->n - i);
        if (!end) {
            r->bail = true;
            return;
        }
        copy(r, (size_t)(end - (s + i)) + 1);
        return;
    }
    if (strchr("imnsxUJ^-", c)) {
        size_t j = i + 2;
        if (!options(r, &j, &m)) {
            r->bail = true;
            return;
        }
        if (s[j] == ')') {
            r->stack[r->depth] = m; /* to the end of the enclosing group */
        } else {
            push(r, m);
        }
        copy(r, j + 1 - i);
        return;
    }
    if (c == '(') {
        /* a condition: an assertion is read as a group of its own, a name or number skipped */
        push(r, m);
        if (i + 3 < r->n && (s[i + 3] == '?' || s[i + 3] == '*')) {
            copy(r, 2);
            return;
        }
        const char *end = memchr(s + i + 3, ')', r->n - i - 3);
        if (!end) {
            r->bail = true;
            return;
        }
        copy(r, (size_t)(end - (s + i)) + 1);
        return;
    }
    push(r, m); /* (?: (?= (?! (?<= (?<! (?> (?| (?<name> (?'name' (?P<name> */
    copy(r, 2);
}

/* White space and a '#' comment in extended mode; false at anything else. */
static bool
ignorable(struct reader *r)
{
    unsigned char c = (unsigned char)r->s[r->i];

    if (c == ' ' || (c >= '\t' && c <= '\r')) {
        copy(r, 1);
        return true;
    }
    if (c != '#') {
        return false;
    }
    size_t j = r->i;
    while (j < r->n && r->s[j] != '\n') {
        unsigned char d = (unsigned char)r->s[j++];
        /* where a comment ends under another newline convention: U+0085, U+2028, U+2029 */
        r->bail |= d == '\r' || (d == 0xC2 && j < r->n && (unsigned char)r->s[j] == 0x85) ||
                   (d == 0xE2 && j + 1 < r->n && (unsigned char)r->s[j] == 0x80 &&
                    ((unsigned char)r->s[j + 1] == 0xA8 || (unsigned char)r->s[j + 1] == 0xA9));
    }
    copy(r, j - r->i + (j < r->n));
    return true;
}

char *
regex_ascii(const char *src, uint32_t options)
{
    struct reader r = {.s = src, .n = strlen(src)};

    if (options & ~(uint32_t)(PCRE2_CASELESS | PCRE2_EXTENDED | PCRE2_MULTILINE | PCRE2_DOTALL |
                              PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT | PCRE2_UNGREEDY |
                              PCRE2_NO_AUTO_CAPTURE | PCRE2_DUPNAMES)) {
        return NULL;
    }
    if (!strstr(src, "\\p") && !strstr(src, "\\P")) {
        return NULL;
    }
    r.stack[0] = (struct mode){(options & PCRE2_CASELESS) != 0, (options & PCRE2_EXTENDED) != 0};
    buf_init(&r.out, BUF_NO_MAX);
    while (r.i < r.n && !r.bail) {
        char c = src[r.i];
        if (r.stack[r.depth].extended && ignorable(&r)) {
            continue;
        }
        if (c == '\\') {
            if (r.i + 1 < r.n && (src[r.i + 1] == 'p' || src[r.i + 1] == 'P')) {
                size_t len = property_len(&r, r.i);
                if (!len) {
                    r.bail = true;
                    break;
                }
                property_outside(&r, len);
            } else {
                copy(&r, escape_len(&r, r.i));
            }
        } else if (c == '[') {
            class(&r);
        } else if (c == '(') {
            group_open(&r);
        } else if (c == ')') {
            if (r.depth == 0) {
                r.bail = true;
                break;
            }
            r.depth--;
            copy(&r, 1);
        } else {
            copy(&r, 1);
        }
    }
    if (r.bail || !r.changed || r.depth != 0) {
        buf_release(&r.out);
        return NULL;
    }
    if (!r.out.data) {
        return NULL;
    }
    return (char *)buf_detach(&r.out, NULL); /* NUL-terminated (struct buf) */
}
