/*
 * Alternations of words, factored into a trie before PCRE2 compiles them.
 *
 * PCRE2 tries a group's alternatives one by one: the negative look-ahead of 300 capitalised
 * function words in the PERSON patterns ran 300 comparisons at every capital letter of every
 * window. Grouped by first character, "(?:The|They|And)" becomes "(?:The(?:|y)|And)" and a
 * position tries one branch per distinct first character.
 *
 * The rewrite never changes what matches, captures included. Two alternatives whose first
 * characters are distinct literals cannot both match at one position, so moving one past the
 * other changes nothing; alternatives with the same first character keep their order, so the
 * first one that can match still wins. Anything else stays where it is: an alternative that does
 * not start with a literal (a class, an escape such as \d, a group, an empty one) is a barrier
 * no other alternative moves across, and a group is left alone when any of its alternatives
 * holds a capture (moving it would renumber groups), when it sets an option inline, and inside
 * look-behinds (whose branches must keep their lengths), conditionals and branch resets.
 * Caseless, ASCII letters are compared without case; a caseless non-ASCII first character is a
 * barrier (Unicode case folding is PCRE2's business). Extended mode, \Q...\E, comments, verbs
 * and callouts leave the whole pattern as it is.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

#include "common/banned.h"

struct lit {
    size_t at, len; /* the character's source text, an escape included */
    unsigned key;   /* the character compared (ASCII lower-cased when caseless) or KEY_NONE */
};

#define KEY_NONE 0xFFFFFFFFu

struct alt {
    struct lit *lits; /* the literal characters it starts with */
    size_t n_lits, cap_lits;
    struct buf rest; /* the rewritten source after them */
};

struct parser {
    const char *s;
    size_t i, n;
    bool bail; /* a construct this rewrite does not handle: keep the pattern as it is */
};

/* The options that change how a literal reads: i, and x (white space and # comments ignored). */
struct mode {
    bool caseless, extended;
};

static void group_body(struct parser *p, struct mode mode, bool factor, struct buf *out,
                       bool *captures);

static bool
is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t
utf8_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/*
 * Past the white space and # comments from s[i] in extended mode (i itself otherwise). Unicode
 * pattern white space, and comments a newline convention other than LF could end early, bail.
 */
static size_t
ignorable_end(struct parser *p, size_t i, bool extended)
{
    const char *s = p->s;

    while (extended && i < p->n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            i++;
        } else if (c == '#') {
            while (i < p->n && s[i] != '\n') {
                unsigned char d = (unsigned char)s[i++];
                p->bail |= d == '\r' || d == '\v' || d == '\f' || d >= 0x80;
            }
        } else {
            if ((c == 0xC2 && i + 1 < p->n && (unsigned char)s[i + 1] == 0x85) ||
                (c == 0xE2 && i + 2 < p->n && (unsigned char)s[i + 1] == 0x80 &&
                 strchr("\x8e\x8f\xa8\xa9", s[i + 2]))) {
                p->bail = true; /* U+0085, U+200E, U+200F, U+2028, U+2029 */
            }
            break;
        }
    }
    return i;
}

/* Copy the white space and comments at p->i (extended mode), ending any comment with a newline. */
static void
copy_ignorable(struct parser *p, bool extended, struct buf *out)
{
    size_t end = ignorable_end(p, p->i, extended);

    if (end > p->i) {
        (void)buf_append(out, p->s + p->i, end - p->i, NULL);
        if (end == p->n && memchr(p->s + p->i, '#', end - p->i)) {
            (void)buf_putc(out, '\n', NULL); /* what follows once factored must not be comment */
        }
        p->i = end;
    }
}

/* Whether a quantifier follows s[i]: then the atom before it is not a plain literal. */
static bool
quantifier_at(struct parser *p, size_t i, bool extended)
{
    i = ignorable_end(p, i, extended);
    return i < p->n && strchr("*+?{", p->s[i]) != NULL;
}

/* Skip a quantifier (and its lazy or possessive mark), copying it. */
static void
copy_quantifier(struct parser *p, bool extended, struct buf *out)
{
    if (!quantifier_at(p, p->i, extended)) {
        return;
    }
    copy_ignorable(p, extended, out);
    size_t from = p->i;
    if (p->s[p->i] == '{') {
        size_t j = p->i + 1;
        while (j < p->n && ((p->s[j] >= '0' && p->s[j] <= '9') || p->s[j] == ',')) {
            j++;
        }
        if (j < p->n && p->s[j] == '}' && j > p->i + 1) {
            p->i = j + 1;
        } else {
            p->i++; /* a literal '{': copied as is, it is not part of any literal run */
            (void)buf_append(out, p->s + from, p->i - from, NULL);
            return;
        }
    } else {
        p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '?')) {
        p->i++;
    }
    (void)buf_append(out, p->s + from, p->i - from, NULL);
}

/* The length of the escape at s[i] ('\\'); sets bail for \Q, \E and other oddities. */
static size_t
escape_len(struct parser *p, size_t i)
{
    size_t j = i + 1;

    if (j >= p->n) {
        p->bail = true;
        return 1;
    }
    unsigned char c = (unsigned char)p->s[j];
    if (c >= 0x80) {
        return 1 + utf8_len(c);
    }
    if (!is_alnum(c)) {
        return 2;
    }
    if (c == 'Q' || c == 'E') {
        p->bail = true;
        return 2;
    }
    j++;
    if (c == 'c') {
        return j < p->n ? 3 : 2;
    }
    if (c >= '0' && c <= '9') {
        while (j < p->n && p->s[j] >= '0' && p->s[j] <= '9') {
            j++;
        }
        return j - i;
    }
    if (j < p->n && strchr("xopPNgk", c)) {
        char close = p->s[j] == '{' ? '}' : p->s[j] == '<' ? '>' : p->s[j] == '\'' ? '\'' : 0;
        if (close) {
            const char *end = memchr(p->s + j + 1, close, p->n - j - 1);
            if (!end) {
                p->bail = true;
                return j - i;
            }
            return (size_t)(end - (p->s + i)) + 1;
        }
        if (c == 'x') {
            while (j < p->n && j < i + 4 && strchr("0123456789abcdefABCDEF", p->s[j])) {
                j++;
            }
        } else if (c == 'g' || c == 'p' || c == 'P') {
            j += j < p->n && (p->s[j] == '-' || p->s[j] == '+' || is_alnum((unsigned char)p->s[j]));
            while (c == 'g' && j < p->n && p->s[j] >= '0' && p->s[j] <= '9') {
                j++;
            }
        }
    }
    return j - i;
}

/* Copy a character class, which starts at s[i] ('['). */
static void
copy_class(struct parser *p, struct buf *out)
{
    size_t end = regex_class_end(p->s, p->n, p->i);

    if (!end) {
        p->bail = true;
        p->i = p->n;
        return;
    }
    (void)buf_append(out, p->s + p->i, end - p->i, NULL);
    p->i = end;
}

/* Copy a group's body untouched (up to, not including, its ')'); *captures if it holds one. */
static void
copy_body(struct parser *p, struct mode mode, struct buf *out, bool *captures)
{
    struct buf ignored;

    buf_init(&ignored, BUF_NO_MAX);
    size_t from = p->i;
    group_body(p, mode, false, &ignored, captures);
    (void)buf_append(out, p->s + from, p->i - from, NULL);
    buf_release(&ignored);
}

/* Options at s[j] up to ':' or ')', applied to *mode; anything but i x m s n U J bails (so does xx,
 * which ignores white space in classes too). */
static size_t
options(struct parser *p, size_t j, struct mode *mode)
{
    bool on = true;

    while (j < p->n && p->s[j] != ')' && p->s[j] != ':') {
        char c = p->s[j];
        if (c == '-') {
            on = false;
        } else if (c == '^') {
            mode->caseless = mode->extended = false;
        } else if (c == 'i') {
            mode->caseless = on;
        } else if (c == 'x' && !(j + 1 < p->n && p->s[j + 1] == 'x')) {
            mode->extended = on;
        } else if (!strchr("msnUJ", c)) {
            p->bail = true;
        }
        j++;
    }
    if (j >= p->n) {
        p->bail = true;
    }
    return j;
}

/* Whether (? at s[j - 2] is a call: (?R), (?1), (?-1), (?+1), (?&name), (?P>name). */
static bool
is_call(const struct parser *p, size_t j)
{
    char c = p->s[j], d = j + 1 < p->n ? p->s[j + 1] : '\0';

    return c == 'R' || c == '&' || (c >= '0' && c <= '9') ||
           ((c == '+' || c == '-') && d >= '0' && d <= '9') || (c == 'P' && d == '>');
}

/*
 * A group, from its '(' to its ')' and any quantifier after it, rewritten into out. *mode is the
 * state outside it, which an option setting such as (?i) changes for the rest of the enclosing
 * group (*option_set then tells the caller); *captures is set when it is or holds a capture.
 */
static void
group(struct parser *p, struct mode *mode, struct buf *out, bool *captures, bool *option_set)
{
    const char *s = p->s;
    size_t at = p->i, j = p->i + 1;
    struct mode inner = *mode;
    bool raw = false;
    char c = j + 1 < p->n && s[j] == '?' ? s[j + 1] : '\0';

    if (j < p->n && s[j] == '*') {
        p->bail = true; /* verbs: (*UTF), (*SKIP)... */
        return;
    }
    if (j < p->n && s[j] == '?') {
        j++;
        if (c == '#' || c == 'C') {
            p->bail = true; /* comments, callouts */
            return;
        }
        if (is_call(p, j)) {
            const char *end = memchr(s + j, ')', p->n - j);
            if (!end) {
                p->bail = true;
                return;
            }
            p->i = (size_t)(end - s) + 1;
            (void)buf_append(out, s + at, p->i - at, NULL);
            copy_quantifier(p, mode->extended, out);
            return;
        }
        if (c == ':' || c == '>' || c == '=' || c == '!') {
            j++;
        } else if (c == '|' || c == '(') {
            raw = true; /* branch reset, conditional */
            j += c == '|';
        } else if (c == '<' && j + 1 < p->n && (s[j + 1] == '=' || s[j + 1] == '!')) {
            raw = true; /* look-behind */
            j += 2;
        } else if (c == '<' || c == '\'' || (c == 'P' && j + 1 < p->n && s[j + 1] == '<')) {
            *captures = true; /* named group: (?<name>, (?'name', (?P<name> */
            size_t name = j + (c == 'P' ? 2 : 1);
            char close = c == '\'' ? '\'' : '>';
            j = name;
            while (j < p->n && (is_alnum((unsigned char)s[j]) || s[j] == '_')) {
                j++;
            }
            if (j == name || j >= p->n || s[j] != close) {
                p->bail = true; /* (?<*...) and other forms this rewrite does not know */
                return;
            }
            j++;
        } else {
            j = options(p, j, &inner);
            if (p->bail) {
                return;
            }
            if (s[j] == ')') {
                *mode = inner;
                *option_set = true;
                p->i = j + 1;
                (void)buf_append(out, s + at, p->i - at, NULL);
                return;
            }
            j++;
        }
    } else {
        *captures = true;
    }
    if (j > p->n) {
        p->bail = true;
        return;
    }
    (void)buf_append(out, s + at, j - at, NULL);
    p->i = j;
    if (raw) {
        copy_body(p, inner, out, captures);
    } else {
        group_body(p, inner, true, out, captures);
    }
    if (p->bail || p->i >= p->n || s[p->i] != ')') {
        p->bail = true;
        return;
    }
    (void)buf_putc(out, ')', NULL);
    p->i++;
    copy_quantifier(p, mode->extended, out);
}

static void
alt_add_lit(struct alt *a, size_t at, size_t len, unsigned key)
{
    if (a->n_lits == a->cap_lits) {
        a->cap_lits = a->cap_lits ? 2 * a->cap_lits : 8;
        a->lits = xrealloc(a->lits, a->cap_lits * sizeof(*a->lits));
    }
    a->lits[a->n_lits++] = (struct lit){at, len, key};
}

/* The key of the literal character at s[at] (len bytes, after any backslash). */
static unsigned
lit_key(const char *c, size_t len, bool caseless)
{
    unsigned char b = (unsigned char)c[0];

    if (len == 1) {
        return caseless && b >= 'A' && b <= 'Z' ? b + 32u : b;
    }
    if (caseless) {
        return KEY_NONE;
    }
    unsigned key = 0;
    for (size_t k = 0; k < len; k++) {
        key = key << 8 | (unsigned char)c[k];
    }
    return key; /* UTF-8 of at most 4 bytes: distinct characters, distinct keys */
}

/* Emit alternatives alts[0..n), of which the first depth literal characters are already out. */
static void
emit_alts(const struct parser *p, struct alt *const *alts, size_t n, size_t depth, struct buf *out)
{
    struct alt **group = xcalloc(n ? n : 1, sizeof(*group));
    bool *done = xcalloc(n ? n : 1, sizeof(*done));
    bool first = true;

    for (size_t k = 0; k < n; k++) {
        if (done[k]) {
            continue;
        }
        const struct alt *a = alts[k];
        size_t m = 0;
        group[m++] = alts[k];
        done[k] = true;
        if (depth < a->n_lits && a->lits[depth].key != KEY_NONE) {
            /* Later alternatives with the same character, up to the next barrier. */
            for (size_t q = k + 1; q < n; q++) {
                const struct alt *b = alts[q];
                if (depth >= b->n_lits || b->lits[depth].key == KEY_NONE) {
                    break;
                }
                if (!done[q] && b->lits[depth].key == a->lits[depth].key) {
                    group[m++] = alts[q];
                    done[q] = true;
                }
            }
        }
        if (!first) {
            (void)buf_putc(out, '|', NULL);
        }
        first = false;
        if (m == 1) {
            for (size_t d = depth; d < a->n_lits; d++) {
                (void)buf_append(out, p->s + a->lits[d].at, a->lits[d].len, NULL);
            }
            (void)buf_append(out, a->rest.data, a->rest.len, NULL);
            continue;
        }
        /* The characters every member shares: "The|They" gives "The(?:|y)". */
        size_t common = depth + 1;
        for (bool same = true; same; common += same) {
            for (size_t q = 0; q < m && same; q++) {
                same = common < group[q]->n_lits && group[q]->lits[common].key != KEY_NONE &&
                       group[q]->lits[common].key == a->lits[common].key;
            }
        }
        for (size_t d = depth; d < common; d++) {
            (void)buf_append(out, p->s + a->lits[d].at, a->lits[d].len, NULL);
        }
        (void)buf_append_str(out, "(?:", NULL);
        emit_alts(p, group, m, common, out);
        (void)buf_putc(out, ')', NULL);
    }
    free(group);
    free(done);
}

/*
 * A group's body, from p->i to its closing ')' (not consumed) or the end of the pattern,
 * rewritten into out; its alternatives are factored when factor is set and none captures.
 */
static void
group_body(struct parser *p, struct mode mode, bool factor, struct buf *out, bool *captures)
{
    struct alt **alts = NULL;
    size_t n = 0, cap = 0;
    bool any_capture = false;

    for (;;) {
        struct alt *a = xcalloc(1, sizeof(*a));
        bool prefix = true, cap_here = false;
        buf_init(&a->rest, BUF_NO_MAX);
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            alts = xrealloc(alts, cap * sizeof(*alts));
        }
        alts[n++] = a;
        while (!p->bail && p->i < p->n && p->s[p->i] != '|' && p->s[p->i] != ')') {
            const char *s = p->s;
            size_t at = p->i;
            unsigned char c = (unsigned char)s[at];
            if (ignorable_end(p, at, mode.extended) > at || p->bail) {
                if (prefix) {
                    p->i = ignorable_end(p, at, mode.extended); /* between literals: dropped */
                } else {
                    copy_ignorable(p, mode.extended, &a->rest);
                }
                continue;
            }
            if (c == '(') {
                bool option_set = false;
                group(p, &mode, &a->rest, &cap_here, &option_set);
                factor &= !option_set; /* keys before and after it would differ */
                prefix = false;
                continue;
            }
            if (c == '[') {
                copy_class(p, &a->rest);
                copy_quantifier(p, mode.extended, &a->rest);
                prefix = false;
                continue;
            }
            size_t len = c == '\\' ? escape_len(p, at) : c >= 0x80 ? utf8_len(c) : 1;
            if (at + len > p->n) {
                p->bail = true;
                break;
            }
            /* A literal: any character but . ^ $ and escapes of letters or digits (\d, \b). */
            bool literal =
                c == '\\' ? !is_alnum((unsigned char)s[at + 1]) : !strchr(".^$*+?{}", (char)c);
            p->i = at + len;
            if (prefix && literal && !quantifier_at(p, p->i, mode.extended)) {
                const char *ch = c == '\\' ? s + at + 1 : s + at;
                alt_add_lit(a, at, len, lit_key(ch, c == '\\' ? len - 1 : len, mode.caseless));
                continue;
            }
            prefix = false;
            (void)buf_append(&a->rest, s + at, len, NULL);
            copy_quantifier(p, mode.extended, &a->rest);
        }
        any_capture |= cap_here;
        if (p->bail || p->i >= p->n || p->s[p->i] != '|') {
            break;
        }
        p->i++;
    }
    *captures |= any_capture;
    if (!p->bail) {
        if (factor && !any_capture && n > 1) {
            emit_alts(p, alts, n, 0, out);
        } else {
            for (size_t k = 0; k < n; k++) {
                if (k) {
                    (void)buf_putc(out, '|', NULL);
                }
                emit_alts(p, &alts[k], 1, 0, out);
            }
        }
    }
    for (size_t k = 0; k < n; k++) {
        free(alts[k]->lits);
        buf_release(&alts[k]->rest);
        free(alts[k]);
    }
    free(alts);
}

char *
regex_factor(const char *src, uint32_t options)
{
    struct parser p = {src, 0, strlen(src), false};
    struct buf out;
    bool captures = false;

    if (options & (PCRE2_EXTENDED_MORE | PCRE2_LITERAL)) {
        return NULL;
    }
    buf_init(&out, BUF_NO_MAX);
    struct mode mode = {(options & PCRE2_CASELESS) != 0, (options & PCRE2_EXTENDED) != 0};
    group_body(&p, mode, true, &out, &captures);
    if (p.bail || p.i != p.n || (out.len == p.n && (p.n == 0 || memcmp(out.data, src, p.n) == 0))) {
        buf_release(&out);
        return NULL;
    }
    return (char *)buf_detach(&out, NULL);
}
