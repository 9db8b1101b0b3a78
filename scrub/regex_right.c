/*
 * Where a regex's `pii` group starts and what byte it can start with, read off its source: most
 * PII patterns are a cue, then the value ("(?i:\bi[ \t]+am[ \t]+)(?<pii>\p{Lu}..."). The trigger
 * scan finds the cue's words, and each hit cost a PCRE2 call, yet in chat text the word after
 * "I am" is rarely a capital. A window whose bytes where the value could start hold none it can
 * start with cannot match, so the search (subject.c) skips it without a call.
 *
 * The split is the `(?<pii>` group at the top level of a regex with no top-level '|': every
 * match is then a match of the part before it (P) followed by one of the rest. The first bytes
 * are those of the group's first item that must consume a character (lookarounds and other
 * assertions consume none, an optional item adds its bytes and goes on), over-approximated:
 * any non-ASCII character counts as every byte >= 0x80, a negated or unusual class as every
 * byte. P's least width in characters comes from here too (a lower bound in bytes); its most,
 * which depends on the text's runs of blanks, from the literal analyser (literals_width).
 * Anything not modelled (back references, conditionals, \Q, a group with an option setting of
 * its own at the top level, a nullable group) gives no split.
 *
 * A regex written in extended mode ("(?x)" first, and nowhere turned off) is read without its
 * white space and comments, and a call of a named group ("(?&w)", as the DEFINE blocks of the
 * PERSON patterns write a name word) as that group's body written in its place, when the group
 * is defined at the top level or in a top-level DEFINE: PCRE2 matches a called group as the
 * group itself, under the options of its definition, which are then the regex's own.
 */
#include "scrub/rules_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

#include "common/banned.h"

struct byte_bits {
    uint64_t w[4];
};

static void
bit_set(struct byte_bits *b, unsigned c)
{
    b->w[c / 64] |= (uint64_t)1 << (c % 64);
}

static void
bits_range(struct byte_bits *b, unsigned lo, unsigned hi)
{
    for (unsigned c = lo; c <= hi; c++) {
        bit_set(b, c);
    }
}

static void
bits_all(struct byte_bits *b)
{
    memset(b->w, 0xFF, sizeof(b->w));
}

static void
bits_high(struct byte_bits *b)
{
    b->w[2] = b->w[3] = ~(uint64_t)0;
}

static void
bits_or(struct byte_bits *to, const struct byte_bits *from)
{
    for (size_t i = 0; i < 4; i++) {
        to->w[i] |= from->w[i];
    }
}

/* An ASCII character, and its other case when caseless. */
static void
bits_char(struct byte_bits *b, unsigned c, bool caseless)
{
    bit_set(b, c);
    if (caseless && isalpha((int)c)) {
        bit_set(b, (unsigned)(islower((int)c) ? toupper((int)c) : tolower((int)c)));
    }
}

static void
bits_word(struct byte_bits *b)
{
    bits_range(b, 'a', 'z');
    bits_range(b, 'A', 'Z');
    bits_range(b, '0', '9');
    bit_set(b, '_');
    bits_high(b);
}

/* \p{...} and \P{...} (at s[i] == '\\'): the bytes, and the index past it; 0 if malformed. */
static size_t
property_bits(const char *s, size_t i, struct byte_bits *b)
{
    bool negated = s[i + 1] == 'P';
    const char *name = s + i + 3, *end = s[i + 2] == '{' ? strchr(name, '}') : NULL;

    if (!end) {
        return 0;
    }
    size_t n = (size_t)(end - name);
    if (negated || (n && name[0] == '^')) {
        bits_all(b);
    } else if ((n == 2 && (!strncmp(name, "Lu", 2) || !strncmp(name, "Lt", 2)))) {
        bits_range(b, 'A', 'Z');
        bits_high(b);
    } else if (n == 2 && !strncmp(name, "Ll", 2)) {
        bits_range(b, 'a', 'z');
        bits_high(b);
    } else if ((n == 1 && name[0] == 'L') || (n == 2 && !strncmp(name, "L&", 2))) {
        bits_range(b, 'a', 'z');
        bits_range(b, 'A', 'Z');
        bits_high(b);
    } else if ((n == 1 && name[0] == 'N') || (n == 2 && !strncmp(name, "Nd", 2))) {
        bits_range(b, '0', '9');
        bits_high(b);
    } else {
        bits_all(b); /* a script or another category: not worth modelling */
    }
    return (size_t)(end - s) + 1;
}

/*
 * The escape at s[i] ('\\') as one character's bytes; *zero_width for an assertion. Returns the
 * index past it, or 0 for what is not modelled.
 */
static size_t
escape_bits(const char *s, size_t i, bool caseless, struct byte_bits *b, bool *zero_width)
{
    unsigned char c = (unsigned char)s[i + 1];

    *zero_width = false;
    switch (c) {
    case 'b':
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
        *zero_width = true;
        return i + 2;
    case 'd':
        bits_range(b, '0', '9');
        bits_high(b);
        return i + 2;
    case 'w':
        bits_word(b);
        return i + 2;
    case 's':
        bits_range(b, '\t', '\r');
        bit_set(b, ' ');
        bits_high(b);
        return i + 2;
    case 'h':
        bit_set(b, '\t');
        bit_set(b, ' ');
        bits_high(b);
        return i + 2;
    case 'v':
        bits_range(b, '\n', '\r');
        bits_high(b);
        return i + 2;
    case 'D':
    case 'W':
    case 'S':
    case 'H':
    case 'V':
    case 'N':
    case 'R':
    case 'X':
        bits_all(b);
        return i + 2;
    case 'p':
    case 'P':
        return property_bits(s, i, b);
    case 't':
    case 'n':
    case 'r':
    case 'f': /* the control character the letter names */
        bit_set(b, (unsigned char)"\t\n\r\f"[strchr("tnrf", c) - "tnrf"]);
        return i + 2;
    case 'x':
        bits_all(b); /* \xhh or \x{...}: any byte, and the index past it */
        if (s[i + 2] == '{') {
            const char *end = strchr(s + i + 3, '}');
            return end ? (size_t)(end - s) + 1 : 0;
        }
        return isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3]) ? i + 4 : 0;
    default:
        if (c && c < 0x80 && !isalnum(c)) {
            bits_char(b, c, caseless); /* an escaped punctuation character is itself */
            return i + 2;
        }
        return 0; /* back references, \Q, \K, \c, octal...: not modelled */
    }
}

/* A character class at s[i] ('['): its bytes, and the index past it; 0 if malformed. */
static size_t
class_bits(const char *s, size_t i, bool caseless, struct byte_bits *b)
{
    size_t end = regex_class_end(s, strlen(s), i), j = i + 1;

    if (!end) {
        return 0;
    }
    if (s[j] == '^') {
        bits_all(b);
        return end;
    }
    while (j < end - 1) {
        unsigned char c = (unsigned char)s[j];
        if (c == '\\') {
            bool zero_width;
            size_t next = escape_bits(s, j, caseless, b, &zero_width);
            if (!next || zero_width || next > end - 1) {
                bits_all(b); /* \b in a class is a backspace; anything odd: every byte */
                return end;
            }
            j = next;
        } else if (c == '[' && strchr(":.=", s[j + 1])) {
            bits_all(b); /* POSIX classes */
            return end;
        } else if (c >= 0x80) {
            bits_high(b);
            j++;
        } else if (s[j + 1] == '-' && j + 2 < end - 1 && s[j + 2] != '\\' &&
                   (unsigned char)s[j + 2] < 0x80) {
            for (unsigned k = c; k <= (unsigned char)s[j + 2]; k++) {
                bits_char(b, k, caseless);
            }
            j += 3;
        } else if (s[j + 1] == '-' && j + 2 < end - 1) {
            bits_all(b); /* a range to an escape or a non-ASCII character */
            return end;
        } else {
            bits_char(b, c, caseless);
            j++;
        }
    }
    return end;
}

/* A quantifier at s[i]: its least count (0 or more), the index past it; no quantifier: 1, i. */
static size_t
quantifier_at(const char *s, size_t i, size_t *least)
{
    *least = 1;
    if (s[i] == '?' || s[i] == '*') {
        *least = 0;
        i++;
    } else if (s[i] == '+') {
        i++;
    } else if (s[i] == '{' && (isdigit((unsigned char)s[i + 1]) || s[i + 1] == ',')) {
        size_t k = i + 1, n = 0;
        while (isdigit((unsigned char)s[k])) {
            n = n * 10 + (size_t)(s[k++] - '0');
            if (n > 1000000) {
                return 0;
            }
        }
        while (isdigit((unsigned char)s[k]) || s[k] == ',') {
            k++;
        }
        if (s[k] != '}') {
            return 0;
        }
        *least = n;
        i = k + 1;
    } else {
        return i;
    }
    if (s[i] == '?' || s[i] == '+') {
        i++; /* lazy or possessive: the same counts */
    }
    return i;
}

/* What a sequence or alternation of s[i..end) shows: its first bytes and least width. */
struct walk {
    struct byte_bits first; /* bytes a non-empty match can start with */
    bool nullable;          /* it can match the empty string */
    size_t least;           /* characters every match has */
};

static bool alternation_walk(const char *s, size_t i, size_t end, bool caseless, struct walk *w);

/*
 * The group at s[i] ('('): its body's walk, *zero_width for lookarounds, *next past it. False
 * for groups not modelled (option settings that last, conditionals, verbs, recursion).
 */
static bool
group_walk(const char *s, size_t i, bool caseless, struct walk *w, bool *zero_width, size_t *next)
{
    const char *g = s + i + 1;
    size_t body = i + 1;

    *zero_width = false;
    if (g[0] == '*') {
        return false;
    }
    if (g[0] == '?') {
        if (g[1] == '=' || g[1] == '!' || (g[1] == '<' && (g[2] == '=' || g[2] == '!'))) {
            *zero_width = true;
        } else if (g[1] == ':' || g[1] == '>') {
            body = i + 3;
        } else if (g[1] == '<' || g[1] == '\'' || (g[1] == 'P' && g[2] == '<')) {
            const char *end = strchr(g, g[1] == '\'' ? '\'' : '>');
            if (g[1] == '\'') {
                end = strchr(g + 2, '\'');
            }
            if (!end) {
                return false;
            }
            body = (size_t)(end - s) + 1;
        } else {
            size_t k = 1;
            bool on = true;
            while (g[k] && strchr("imnsJU-^", g[k])) {
                if (g[k] == '-') {
                    on = false;
                } else if (g[k] == 'i') {
                    caseless = on;
                }
                k++;
            }
            if (k == 1 || g[k] != ':') {
                return false; /* "(?i)" lasting to the end, "(?x", "(?(", "(?R", "(?1"... */
            }
            body = i + 1 + k + 1;
        }
    }
    bool alternation;
    size_t close = regex_group_end(s, body, &alternation);
    if (!close || s[close] != ')') {
        return false;
    }
    *next = close + 1;
    return *zero_width || alternation_walk(s, body, close, caseless, w);
}

/* One item at s[*i]: the walk of its one repetition; false when not modelled. */
static bool
item_walk(const char *s, size_t *i, bool caseless, struct walk *item, bool *zero_width)
{
    unsigned char c = (unsigned char)s[*i];
    size_t next = *i + 1;

    memset(item, 0, sizeof(*item));
    item->least = 1;
    *zero_width = false;
    if (c == '(') {
        if (!group_walk(s, *i, caseless, item, zero_width, &next)) {
            return false;
        }
    } else if (c == '\\') {
        next = escape_bits(s, *i, caseless, &item->first, zero_width);
        if (!next) {
            return false;
        }
    } else if (c == '[') {
        next = class_bits(s, *i, caseless, &item->first);
        if (!next) {
            return false;
        }
    } else if (c == '^' || c == '$') {
        *zero_width = true;
    } else if (c == '.') {
        bits_all(&item->first);
    } else if (c == ')' || c == '|' || c == '?' || c == '*' || c == '+' || c == '{') {
        return false;
    } else if (c >= 0x80) {
        bits_high(&item->first);
        while (((unsigned char)s[next] & 0xC0) == 0x80) {
            next++;
        }
    } else {
        bits_char(&item->first, c, caseless);
    }
    *i = next;
    return true;
}

/* A sequence of items: s[i..end) with no '|' at its level. */
static bool
sequence_walk(const char *s, size_t i, size_t end, bool caseless, struct walk *w)
{
    bool open = true; /* every item so far can be empty: the next one's bytes may come first */

    memset(w, 0, sizeof(*w));
    while (i < end) {
        struct walk item;
        bool zero_width;
        size_t least;
        if (!item_walk(s, &i, caseless, &item, &zero_width)) {
            return false;
        }
        i = quantifier_at(s, i, &least);
        if (!i || i > end) {
            return false;
        }
        if (zero_width) {
            continue; /* a quantified assertion too: it consumes nothing either way */
        }
        if (open) {
            bits_or(&w->first, &item.first);
        }
        bool empty = least == 0 || item.nullable;
        w->least += least * item.least;
        open = open && empty;
    }
    w->nullable = open;
    return true;
}

static bool
alternation_walk(const char *s, size_t i, size_t end, bool caseless, struct walk *w)
{
    size_t depth = 0, start = i;
    bool first_branch = true;

    memset(w, 0, sizeof(*w));
    for (size_t k = i; k <= end; k++) {
        if (k < end && s[k] == '\\') {
            k++;
            continue;
        }
        if (k < end && s[k] == '[') {
            k = regex_class_end(s, end, k);
            if (!k) {
                return false;
            }
            k--;
            continue;
        }
        if (k < end && s[k] == '(') {
            depth++;
        } else if (k < end && s[k] == ')') {
            depth--;
        } else if (k == end || (s[k] == '|' && depth == 0)) {
            struct walk branch;
            if (!sequence_walk(s, start, k, caseless, &branch)) {
                return false;
            }
            bits_or(&w->first, &branch.first);
            w->nullable = w->nullable || branch.nullable;
            w->least = first_branch || branch.least < w->least ? branch.least : w->least;
            first_branch = false;
            start = k + 1;
        }
    }
    return true;
}

/* Constructs whose meaning depends on other groups, or that this reading does not follow. */
static bool
has_unmodelled(const char *s)
{
    static const char *const refused[] = {"(?|", "(?(", "(?R", "(?&", "(?P=", "(?P>",
                                          "\\g", "\\k", "\\Q", "\\K", "(?x",  "(*"};

    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        if (strstr(s, refused[i])) {
            return true;
        }
    }
    for (const char *p = strchr(s, '\\'); p; p = strchr(p + 2, '\\')) {
        if (p[1] >= '1' && p[1] <= '9') {
            return true; /* \1: a back reference (or an octal escape) */
        }
        if (!p[1]) {
            break;
        }
    }
    for (const char *p = strstr(s, "(?"); p; p = strstr(p + 2, "(?")) {
        char c = p[2] == '+' || p[2] == '-' ? p[3] : p[2];
        if (c >= '0' && c <= '9') {
            return true; /* (?1), (?-1), (?+1): a subroutine call ("(?-i:" is an option) */
        }
    }
    return false;
}

#define NO_SPLIT SIZE_MAX

/* The index of "(?<pii>" at the top level of s, or NO_SPLIT (none, or a top-level '|'). */
static size_t
top_level_pii(const char *s)
{
    size_t n = strlen(s), depth = 0, at = NO_SPLIT;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (s[i] == '[') {
            i = regex_class_end(s, n, i);
            if (!i) {
                return NO_SPLIT;
            }
            i--;
        } else if (s[i] == '(') {
            if (depth == 0 && at == NO_SPLIT && !strncmp(s + i, "(?<pii>", 7)) {
                at = i;
            }
            if (depth == 0 && s[i + 1] == '?' && s[i + 2] && strchr("imnsxJU-^", s[i + 2])) {
                size_t k = i + 2;
                while (s[k] && strchr("imnsxJU-^", s[k])) {
                    k++;
                }
                if (s[k] == ')') {
                    return NO_SPLIT; /* "(?i)": an option that lasts into the value */
                }
            }
            depth++;
        } else if (s[i] == ')') {
            depth--;
        } else if (s[i] == '|' && depth == 0) {
            return NO_SPLIT;
        }
    }
    return at;
}

/* A flattened copy may grow to this many bytes (each call copies a body). */
#define FLAT_MAX ((size_t)64 * 1024)
/* Calls within called bodies are followed this deep. */
#define CALL_DEPTH_MAX 8

static bool
x_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * src after its leading "(?x)" without the white space and '#' comments extended mode skips, into
 * out (NUL-terminated). False when another option group sets or clears x (or ^), at \Q, or at a
 * brace quantifier with white space inside, which PCRE2 versions read differently.
 */
static bool
drop_extended(const char *s, struct buf *out)
{
    size_t n = strlen(s), i = 4;
    struct err ignored;

    while (i < n) {
        size_t end = i + 1;
        if (s[i] == '\\') {
            if (s[i + 1] == 'Q') {
                return false;
            }
            end = regex_escape_end(s, i);
        } else if (s[i] == '[') {
            if (!(end = regex_class_end(s, n, i))) {
                return false;
            }
        } else if (x_space(s[i])) {
            i++;
            continue;
        } else if (s[i] == '#') {
            const char *nl = strchr(s + i, '\n');
            i = nl ? (size_t)(nl - s) + 1 : n;
            continue;
        } else if (s[i] == '(' && s[i + 1] == '?') {
            for (size_t k = i + 2; s[k] && strchr("imnsxJU-^", s[k]); k++) {
                if (s[k] == 'x' || s[k] == '^') {
                    return false;
                }
            }
        } else if (s[i] == '{') {
            size_t k = i + 1;
            bool blank = false;
            while (isdigit((unsigned char)s[k]) || s[k] == ',' || x_space(s[k])) {
                blank |= x_space(s[k++]);
            }
            if (blank && s[k] == '}') {
                return false;
            }
        }
        buf_append(out, s + i, end - i, &ignored);
        i = end;
    }
    buf_putc(out, '\0', &ignored);
    out->len--;
    return true;
}

/*
 * The body of the group named name[0, n) in s: where it starts (*body) and its closing ')'
 * (*close). Only a group defined once, at the top level or in a top-level DEFINE, whose options
 * are those of the regex.
 */
static bool
definition_of(const char *s, const char *name, size_t n, size_t *body, size_t *close)
{
    size_t len = strlen(s), depth = 0, define_close = 0, found = 0;
    bool alternation;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\') {
            i = regex_escape_end(s, i) - 1;
        } else if (s[i] == '[') {
            if (!(i = regex_class_end(s, len, i))) {
                return false;
            }
            i--;
        } else if (s[i] == ')') {
            depth--;
        } else if (s[i] == '(') {
            if (depth == 0 && !strncmp(s + i, "(?(DEFINE)", 10)) {
                define_close = regex_group_end(s, i + 1, &alternation);
            }
            bool top = depth == 0 || (depth == 1 && define_close > i);
            if (!strncmp(s + i, "(?<", 3) && !strncmp(s + i + 3, name, n) && s[i + 3 + n] == '>') {
                if (found || !top) {
                    return false;
                }
                found = i + 4 + n;
            }
            depth++;
        }
    }
    if (!found || !(*close = regex_group_end(s, found, &alternation)) || s[*close] != ')') {
        return false;
    }
    *body = found;
    return true;
}

/*
 * s[from, to) into out with each "(?&name)" as "(?:" and the named group's body, called groups
 * followed up to CALL_DEPTH_MAX deep and never into themselves, and DEFINE groups left out.
 */
static bool
inline_calls(const char *s, size_t from, size_t to, struct buf *out, size_t *calling, size_t depth)
{
    struct err ignored;
    bool alternation;

    for (size_t i = from; i < to;) {
        size_t end = i + 1;
        if (s[i] == '\\') {
            end = regex_escape_end(s, i);
        } else if (s[i] == '[') {
            if (!(end = regex_class_end(s, strlen(s), i))) {
                return false;
            }
        } else if (!strncmp(s + i, "(?(DEFINE)", 10)) {
            if (!(end = regex_group_end(s, i + 1, &alternation)) || s[end] != ')') {
                return false;
            }
            i = end + 1;
            continue;
        } else if (!strncmp(s + i, "(?&", 3)) {
            const char *name = s + i + 3;
            size_t n =
                strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
            size_t body, close;
            if (!n || name[n] != ')' || depth == CALL_DEPTH_MAX ||
                !definition_of(s, name, n, &body, &close)) {
                return false;
            }
            for (size_t k = 0; k < depth; k++) {
                if (calling[k] == body) {
                    return false; /* recursion */
                }
            }
            calling[depth] = body;
            buf_append(out, "(?:", 3, &ignored);
            if (!inline_calls(s, body, close, out, calling, depth + 1)) {
                return false;
            }
            buf_putc(out, ')', &ignored);
            i += 3 + n + 1;
            continue;
        }
        buf_append(out, s + i, end - i, &ignored);
        if (out->len > FLAT_MAX) {
            return false;
        }
        i = end;
    }
    return true;
}

/*
 * src as the reading above takes it: without extended mode's white space and comments, and with
 * its calls of named groups written out (a new string), or NULL when it cannot be read so.
 */
static char *
flatten(const char *src)
{
    struct buf plain, flat;
    size_t calling[CALL_DEPTH_MAX];
    struct err ignored;
    char *out = NULL;

    buf_init(&plain, BUF_NO_MAX);
    buf_init(&flat, BUF_NO_MAX);
    if (!strncmp(src, "(?x)", 4) ? !drop_extended(src, &plain)
                                 : buf_append(&plain, src, strlen(src) + 1, &ignored) < 0) {
        goto out;
    }
    const char *s = (const char *)plain.data;
    if (!strstr(s, "(?&")) {
        out = xstrdup(s);
        goto out;
    }
    if (strstr(s, "(?'") || strstr(s, "(?P<") ||
        !inline_calls(s, 0, strlen(s), &flat, calling, 0)) {
        goto out;
    }
    buf_putc(&flat, '\0', &ignored);
    out = xstrdup((const char *)flat.data);
out:
    buf_release(&plain);
    buf_release(&flat);
    return out;
}

bool
regex_right_context(const char *src, uint32_t options, char **before, size_t *least_before,
                    uint64_t first[4])
{
    *before = NULL;
    if (options & (PCRE2_EXTENDED | PCRE2_EXTENDED_MORE | PCRE2_LITERAL)) {
        return false;
    }
    char *flat = flatten(src);
    bool ok = false;
    if (!flat || has_unmodelled(flat)) {
        goto out;
    }
    size_t at = top_level_pii(flat);
    if (at == NO_SPLIT) {
        goto out;
    }
    bool caseless = (options & PCRE2_CASELESS) != 0, zero_width;
    struct walk before_value, value;
    size_t next;
    if (!sequence_walk(flat, 0, at, caseless, &before_value) ||
        !group_walk(flat, at, caseless, &value, &zero_width, &next) || value.nullable) {
        goto out;
    }
    *before = xmalloc(at + 1);
    memcpy(*before, flat, at);
    (*before)[at] = '\0';
    *least_before = before_value.least;
    memcpy(first, value.first.w, sizeof(value.first.w));
    ok = true;
out:
    free(flat);
    return ok;
}
