/*
 * Passes over the finished view that drop what is typed inside a value: joints (string
 * literals joined by an operator, a quoted line's "> ", inline HTML markup), Markdown emphasis
 * inside a number, group separators no number uses ("518|379|870|..."), and the Arabic tatweel
 * that only stretches a word.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/xalloc.h"

#include "common/banned.h"

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
 *  - A line continued: a backslash at a line's end after a character of a value, with up to
 *    two blanks before it and a character of a value starting the next line ("806-4 \<LF>8-6628",
 *    "katherine_fl \<LF>ores@gmx.net"), reads as nothing, blanks and all, as a shell or C reads
 *    it; a continued line of code goes on indented and stays. And a hyphen at a line's end
 *    between characters of a value (a blank allowed either side), as a reader takes a word
 *    hyphenated where it wraps ("F7T2-<LF> HDMO", "fairbanks.t@-<LF>fastmail.com", "Matilda
 *    -<LF>Holcombe", "Goh S-<LF>hu Fen", "0044-<LF> 0532"): the hyphen and the break read as
 *    nothing; between two digits with no blank ("823-<LF>2134", "415-<LF>555-0134") the break
 *    alone, the hyphen being the number's own. A dash under a heading, a list's bullet and "--"
 *    stay.
 * The length of the joint at t[i], or 0.
 */
static bool
value_byte(unsigned char c)
{
    return norm_ascii_alnum(c) || c == '@' || c == '.' || c == '_' || c == '-' || c == '+' ||
           c == ')' || c == '(';
}

/* A byte a quoted chunk of a value may end or start with. */
static bool
literal_byte(unsigned char c)
{
    return norm_ascii_alnum(c) || c == '@' || c == '.' || c == '_' || c == '-' || c == '+';
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

/* The end of the line break at t[i] ("\n" or "\r\n"), or i when none is there. */
static size_t
line_break_end(const unsigned char *t, size_t n, size_t i)
{
    size_t k = i + (i < n && t[i] == '\r');

    return k < n && t[k] == '\n' ? k + 1 : i;
}

/* A backslash continuing a line: blanks (up to two) from t[i], the backslash and the break. */
static size_t
continued_joint_len(const unsigned char *t, size_t n, size_t i)
{
    size_t k = i, j;

    if (i == 0 || !value_byte(t[i - 1]) || t[i - 1] == '\\') {
        return 0;
    }
    while (k < n && k - i < 2 && t[k] == ' ') {
        k++;
    }
    if (k >= n || t[k] != '\\' || (j = line_break_end(t, n, k + 1)) == k + 1) {
        return 0;
    }
    return j < n && value_byte(t[j]) && t[j] != '-' ? j - i : 0;
}

/*
 * A hyphen at t[i] where a value wraps: the length of the hyphen and the line break after it, or
 * 0. Between two digits with no blank it is a number's own separator ("823-<LF>2134",
 * "415-<LF>555-0134"): *keep says to read the break alone as nothing.
 */
static size_t
hyphen_joint_len(const unsigned char *t, size_t n, size_t i, bool *keep)
{
    size_t j = line_break_end(t, n, i + 1), b = i, a;

    *keep = false;
    if (j == i + 1 || j >= n || i == 0) {
        return 0;
    }
    b -= t[i - 1] == ' '; /* the byte before the hyphen, past one blank */
    a = j + (t[j] == ' ');
    if (b == 0 || a >= n || !value_byte(t[b - 1]) || t[b - 1] == '-' || !value_byte(t[a]) ||
        t[a] == '-') {
        return 0;
    }
    *keep = b == i && a == j && norm_ascii_digit(t[b - 1]) && norm_ascii_digit(t[a]);
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
        for (j += 3; j + 2 < n && j < i + MARKUP_COMMENT_MAX && !norm_ascii_alnum(t[j]); j++) {
            if (t[j] == '-' && t[j + 1] == '-' && t[j + 2] == '>') {
                return j + 3 - i;
            }
        }
        return 0;
    }
    j += j < n && t[j] == '/';
    name = j;
    while (j < n && j - name < 12 &&
           (norm_ascii_letter(t[j]) || (j > name && norm_ascii_alnum(t[j])))) {
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

/*
 * A group separator no number format uses, typed between the groups of a value: "518|379|870|
 * 128|535|2", "PL|05|69|94|...", "5183~7987~0128~5352". The token is three groups at least of
 * one to four ASCII letters or digits, each two one '|', '~', '^' or '#' apart (the same one),
 * eight digits at least and four letters at most, starting and ending with a group and standing
 * apart from other value bytes; every separator reads as nothing, so the card, IBAN, SSN and
 * phone checks see the number. A table row ("|1|2|"), a list of words, "a#b" and an IP stay.
 */
#define GROUP_MAX     4
#define GROUP_REACH   80
#define GROUPS_MIN    3
#define GROUP_DIGITS  8
#define GROUP_LETTERS 4

static bool
group_separator(unsigned char c)
{
    return c == '|' || c == '~' || c == '^' || c == '#';
}

/* Whether c may stand beside a grouped token (white space or punctuation that no value uses
 * inside it). */
static bool
group_edge(unsigned char c)
{
    return !norm_ascii_alnum(c) && c < 0x80 && strchr("@/:-_.+*&%$=", c) == NULL;
}

/* Count the groups of the token around the separator t[i] in one direction (dir -1 or +1). */
static bool
group_side(const unsigned char *t, size_t n, size_t i, int dir, size_t *groups, size_t *digits,
           size_t *letters)
{
    unsigned char c = t[i];
    size_t k = i, len = 0;

    for (;;) {
        if (dir < 0 ? k == 0 : k + 1 >= n) {
            break;
        }
        k = dir < 0 ? k - 1 : k + 1;
        if ((dir < 0 ? i - k : k - i) > GROUP_REACH) {
            return false;
        }
        unsigned char b = t[k];
        if (norm_ascii_alnum(b)) {
            if (++len > GROUP_MAX) {
                return false;
            }
            *digits += norm_ascii_digit(b);
            *letters += norm_ascii_letter(b);
            continue;
        }
        if (b == c && len > 0) {
            ++*groups;
            len = 0;
            continue;
        }
        /* a full stop ends a sentence after the value ("531~24~1001.") */
        bool stop = b == '.' && dir > 0 && (k + 1 == n || !norm_ascii_alnum(t[k + 1]));
        if ((!group_edge(b) && !stop) || len == 0) {
            return false; /* a separator with no group after it, or a value byte beside */
        }
        break;
    }
    *groups += len > 0;
    return len > 0;
}

static size_t
group_joint_len(const unsigned char *t, size_t n, size_t i)
{
    size_t groups = 0, digits = 0, letters = 0;

    if (!group_separator(t[i]) || !group_side(t, n, i, -1, &groups, &digits, &letters) ||
        !group_side(t, n, i, 1, &groups, &digits, &letters)) {
        return 0;
    }
    return groups >= GROUPS_MIN && digits >= GROUP_DIGITS && letters <= GROUP_LETTERS ? 1 : 0;
}

static size_t
joint_len(const unsigned char *t, size_t n, size_t i, bool *space)
{
    *space = false;
    if (group_separator(t[i])) {
        return group_joint_len(t, n, i);
    }
    if (t[i] == '"' || t[i] == '\'') {
        return literal_joint_len(t, n, i);
    }
    if (t[i] == '<') {
        return markup_joint_len(t, n, i, space);
    }
    if (t[i] == ' ' || t[i] == '\\') {
        return continued_joint_len(t, n, i);
    }
    return t[i] == '\n' ? wrap_joint_len(t, n, i) : 0;
}

/* Whether s holds a line continued by a backslash or a hyphen (see above): each line break is
 * looked at, and the bytes before it. */
static bool
has_continued_line(const unsigned char *s, size_t len)
{
    const unsigned char *p = len ? memchr(s, '\n', len) : NULL;

    while (p) {
        size_t c = (size_t)(p - s), e = c - (c > 0 && s[c - 1] == '\r');
        bool keep;
        if (e > 0 && s[e - 1] == '-' && hyphen_joint_len(s, len, e - 1, &keep) > 0) {
            return true;
        }
        if (e > 0 && s[e - 1] == '\\') {
            size_t k = e - 1;
            while (k > 0 && e - 1 - k < 2 && s[k - 1] == ' ') {
                k--;
            }
            if (continued_joint_len(s, len, k) > 0) {
                return true;
            }
        }
        p = c + 1 < len ? memchr(p + 1, '\n', len - c - 1) : NULL;
    }
    return false;
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

bool
norm_has_joint(const unsigned char *s, size_t len)
{
    return has_joint_of(s, len, '"', 0) || has_joint_of(s, len, '\'', 0) ||
           has_joint_of(s, len, '>', 1) || has_joint_of(s, len, '<', 0) ||
           has_joint_of(s, len, '|', 0) || has_joint_of(s, len, '~', 0) ||
           has_joint_of(s, len, '^', 0) || has_joint_of(s, len, '#', 0) ||
           has_continued_line(s, len);
}

/* Read every joint of the view as nothing (markup between words as one space). The view only
 * shrinks. */
void
norm_drop_joints(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, groups = 0, g = 0;

    /* a group separator and a hyphen at a line's end are judged on the text as written, before
     * any byte moves: each hyphen's position goes in hy[], its length in hy_len[] (negative when
     * the hyphen stays and its break alone goes) */
    for (size_t k = 0; k < n; k++) {
        groups += group_joint_len(t, n, k) > 0;
    }
    size_t *at = xmalloc(size_mul(groups + 1, sizeof(*at)));
    for (size_t k = 0; k < n && g < groups; k++) {
        if (group_joint_len(t, n, k) > 0) {
            at[g++] = k;
        }
    }
    size_t hyphens = 0, h = 0;
    for (const unsigned char *p = n ? memchr(t, '\n', n) : NULL; p;
         p = (size_t)(p - t) + 1 < n ? memchr(p + 1, '\n', n - (size_t)(p - t) - 1) : NULL) {
        hyphens++;
    }
    size_t *hy = xmalloc(size_mul(hyphens + 1, sizeof(*hy)));
    size_t *hy_len = xmalloc(size_mul(hyphens + 1, sizeof(*hy_len)));
    bool *hy_keep = xmalloc(hyphens + 1);
    hyphens = 0;
    for (size_t k = 1; k < n; k++) {
        bool keep;
        size_t m = t[k - 1] == '-' && (t[k] == '\n' || t[k] == '\r')
                       ? hyphen_joint_len(t, n, k - 1, &keep)
                       : 0;
        if (m > 0) {
            hy[hyphens] = k - 1;
            hy_len[hyphens] = m;
            hy_keep[hyphens++] = keep;
            k += m - 1;
        }
    }
    g = 0;
    while (i < n) {
        bool space;
        if (g < groups && at[g] == i) {
            g++;
            i++;
            continue;
        }
        if (h < hyphens && hy[h] == i) {
            if (hy_keep[h]) {
                norm_view_move(v, w++, i); /* the number's own hyphen: its break alone goes */
            }
            i += hy_len[h++];
            continue;
        }
        size_t m = group_separator(t[i]) ? 0 : joint_len(t, n, i, &space);
        if (m == 0) {
            norm_view_move(v, w++, i++);
            continue;
        }
        if (space) {
            norm_view_put(v, w++, i, i + m, ' ');
        }
        i += m;
    }
    free(at);
    free(hy);
    free(hy_len);
    free(hy_keep);
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
bool
norm_has_inner_stars(const unsigned char *t, size_t n)
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
void
norm_drop_inner_stars(struct norm_view *v)
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
            norm_view_move(v, w++, i);
        }
    }
    free(gone);
    v->text.len = w;
    t[w] = '\0';
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

bool
norm_has_tatweel(const unsigned char *t, size_t n)
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
void
norm_drop_tatweels(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0;

    while (i < n) {
        size_t j = i;
        while (tatweel_at(t, n, j)) {
            j += 2;
        }
        if (j == i) {
            norm_view_move(v, w++, i++);
            continue;
        }
        UChar32 c = -1;
        int32_t k = 0, m = (int32_t)(n - j < 4 ? n - j : 4);
        if (j < n) {
            U8_NEXT(t + j, k, m, c);
        }
        if (c < 0 || !u_isalpha(c)) {
            while (i < j) {
                norm_view_move(v, w++, i++);
            }
        }
        i = j;
    }
    v->text.len = w;
    t[w] = '\0';
}
