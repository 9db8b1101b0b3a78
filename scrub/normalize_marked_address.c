/*
 * A pass over the view: an e-mail address spelled out with marks on some of its letters read
 * without them ("taŕịqgömez36 aṭ fastmail DOT fm", "gary_gonzäléź [ạt] btinternet dot com",
 * "williams[dot]williạm82 ÁT protonmail[döt]com"), so the rules for spelled-out addresses see
 * "tariqgomez36 at fastmail DOT fm". The cluster fold keeps a word with one bare letter as
 * written (normalize_marks.c), and a language may write "át" or "dè"; an address may not.
 *
 * An address here is a local part, an "at" (the word alone between blanks, or in brackets:
 * "[at]", "(at)"), and a domain of two labels at least joined by dots ('.', " . ", "dot" alone
 * or in brackets), its last label two to six letters (a top-level domain). The local part may
 * hold dots too ("novak DOṬ christopher97", "benjamin.novak"). A label is ASCII letters, digits,
 * '_', '-', '+' and Latin letters with marks. When the address holds a Latin letter with marks,
 * each such letter of it, the "at" and the "dot"s included, reads as its ASCII letter, its span
 * covering it. Each "at" is read once, and what is read around it is bounded, so the pass stays
 * linear.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include <unicode/utf8.h>

#include "common/xalloc.h"

#include "common/banned.h"

/* The most bytes a label, and a whole side of the address, may take. */
#define LABEL_MAX 64
#define SIDE_MAX  192
/* Top-level domains are two to six letters. */
#define TLD_MIN 2
#define TLD_MAX 6

/* The Latin letter with marks at t[i] (its length in *len), or 0. */
static UChar32
marked_at(const unsigned char *t, size_t n, size_t i, size_t *len)
{
    UChar32 c;
    int32_t k = (int32_t)i;

    if (t[i] < 0xC0) {
        return 0;
    }
    U8_NEXT(t, k, (int32_t)n, c);
    *len = (size_t)k - i;
    return c < 0 ? 0 : norm_marked_latin_base(c);
}

/* The length of the letter of a label at t[i] (ASCII or a Latin letter with marks), or 0. */
static size_t
letter_len(const unsigned char *t, size_t n, size_t i)
{
    size_t len = 0;

    if (norm_ascii_letter(t[i])) {
        return 1;
    }
    return marked_at(t, n, i, &len) ? len : 0;
}

static size_t
label_char_len(const unsigned char *t, size_t n, size_t i)
{
    if (norm_ascii_digit(t[i]) || t[i] == '_' || t[i] == '-' || t[i] == '+') {
        return 1;
    }
    return letter_len(t, n, i);
}

/* Whether the letters t[i, e) fold to word (ASCII, lower case), marks dropped. */
static bool
folds_to(const unsigned char *t, size_t n, size_t i, size_t e, const char *word)
{
    size_t k = i, w = 0;

    while (k < e && word[w]) {
        size_t len = 1;
        UChar32 c = t[k] < 0x80 ? t[k] : marked_at(t, n, k, &len);
        if (c == 0 || (c | 0x20) != (unsigned char)word[w]) {
            return false;
        }
        k += len;
        w++;
    }
    return k == e && word[w] == '\0';
}

/* The end of the letters from t[i] (i when none). */
static size_t
letters_end(const unsigned char *t, size_t n, size_t i)
{
    size_t len;

    while (i < n && (len = letter_len(t, n, i)) > 0) {
        i += len;
    }
    return i;
}

/* The end of the label from t[i] (i when none, or longer than LABEL_MAX). */
static size_t
label_end(const unsigned char *t, size_t n, size_t i)
{
    size_t k = i, len;

    while (k < n && k - i <= LABEL_MAX && (len = label_char_len(t, n, k)) > 0) {
        k += len;
    }
    return k - i > LABEL_MAX ? i : k;
}

static size_t
blanks_end(const unsigned char *t, size_t n, size_t i)
{
    size_t k = i;

    while (k < n && k - i < 2 && t[k] == ' ') {
        k++;
    }
    return k;
}

static bool
opener(unsigned char c)
{
    return c == '[' || c == '(' || c == '{';
}

static bool
closer_of(unsigned char open, unsigned char c)
{
    return (open == '[' && c == ']') || (open == '(' && c == ')') || (open == '{' && c == '}');
}

/*
 * The end of word said as a separator at t[i] (right after a label), or i: the word in
 * brackets, blanks around them or not ("[at]", " (dot) "), or alone between blanks (" at ").
 */
static size_t
said_separator_end(const unsigned char *t, size_t n, size_t i, const char *word)
{
    size_t k = blanks_end(t, n, i), e;

    if (k < n && opener(t[k])) {
        e = letters_end(t, n, k + 1);
        if (e < n && closer_of(t[k], t[e]) && folds_to(t, n, k + 1, e, word)) {
            return blanks_end(t, n, e + 1);
        }
        return i;
    }
    e = letters_end(t, n, k);
    if (k > i && e > k && e < n && t[e] == ' ' && folds_to(t, n, k, e, word)) {
        return blanks_end(t, n, e);
    }
    return i;
}

/* The end of a dot between two labels at t[i], or i: '.', " . ", or "dot" said. */
static size_t
dot_end(const unsigned char *t, size_t n, size_t i)
{
    size_t k = blanks_end(t, n, i);

    if (k < n && t[k] == '.') {
        /* glued, or blanks both sides: a full stop and a blank end a sentence */
        size_t e = blanks_end(t, n, k + 1);
        return (k == i) == (e == k + 1) ? e : i;
    }
    return said_separator_end(t, n, i, "dot");
}

/*
 * The end of the domain from t[i] (just past its last label), or i: two labels at least joined
 * by dots, the last two to six letters. *marked tells whether it holds a letter with marks.
 */
static size_t
domain_end(const unsigned char *t, size_t n, size_t i, bool *marked)
{
    size_t k = label_end(t, n, i), end = i;

    while (k > i && k - i <= SIDE_MAX) {
        size_t d = dot_end(t, n, k), e;
        if (d == k || (e = label_end(t, n, d)) == d) {
            break;
        }
        /* a label ending the domain: letters alone, two to six of them */
        size_t first = d, letters = 0;
        while (first < e && letter_len(t, n, first) > 0) {
            first += letter_len(t, n, first);
            letters++;
        }
        if (first == e && letters >= TLD_MIN && letters <= TLD_MAX) {
            end = e;
        }
        k = e;
    }
    if (end == i) {
        return i;
    }
    for (size_t p = i; p < end; p++) {
        size_t len;
        *marked = *marked || marked_at(t, n, p, &len) != 0;
    }
    return end;
}

/* The start of the character that ends just before t[i] (i > 0). */
static size_t
char_start_before(const unsigned char *t, size_t i)
{
    size_t k = i - 1;

    while (k > 0 && i - k < 4 && (t[k] & 0xC0) == 0x80) {
        k--;
    }
    return k;
}

/* The start of the label ending just before t[e] (e when none). */
static size_t
label_start(const unsigned char *t, size_t n, size_t e)
{
    size_t k = e;

    while (k > 0 && e - k <= LABEL_MAX) {
        size_t p = char_start_before(t, k);
        if (label_char_len(t, n, p) != k - p) {
            break;
        }
        k = p;
    }
    return e - k > LABEL_MAX ? e : k;
}

/* The start of a dot ending just before t[e] (between two labels of the local part), or e. */
static size_t
dot_start(const unsigned char *t, size_t n, size_t e)
{
    size_t k = e;

    while (k > 0 && e - k < 2 && t[k - 1] == ' ') {
        k--;
    }
    if (k > 0 && t[k - 1] == '.') {
        k--;
        while (k > 0 && e - k < 5 && t[k - 1] == ' ') {
            k--;
        }
        return k;
    }
    /* "dot" said: in brackets or alone between blanks; its start is a label's end */
    size_t close = k > 0 && (t[k - 1] == ']' || t[k - 1] == ')' || t[k - 1] == '}') ? k - 1 : k;
    size_t s = close;
    while (s > 0 && close - s <= 16) {
        size_t p = char_start_before(t, s);
        if (letter_len(t, n, p) != s - p) {
            break;
        }
        s = p;
    }
    if (s == close || !folds_to(t, n, s, close, "dot")) {
        return e;
    }
    if (close < k) {
        if (s == 0 || !closer_of(t[s - 1], t[close])) {
            return e;
        }
        s--;
    } else if (k == e || s == 0 || t[s - 1] != ' ') {
        return e; /* a bare word needs blanks both sides */
    }
    while (s > 0 && close - s < 20 && t[s - 1] == ' ') {
        s--;
    }
    return s;
}

/*
 * The start of the local part ending just before t[e] (e when none): labels joined by dots.
 * *marked as for domain_end.
 */
static size_t
local_start(const unsigned char *t, size_t n, size_t e, bool *marked)
{
    size_t start = label_start(t, n, e), k = start;

    while (start < e && e - k <= SIDE_MAX) {
        size_t d = dot_start(t, n, k), s;
        if (d == k || (s = label_start(t, n, d)) == d) {
            break;
        }
        k = s;
    }
    if (start == e) {
        return e;
    }
    for (size_t p = k; p < e; p++) {
        size_t len;
        *marked = *marked || marked_at(t, n, p, &len) != 0;
    }
    return k;
}

/*
 * The first address from t[from] on with a letter with marks: its start, its end in *end; n
 * when none.
 */
static size_t
next_marked_address(const unsigned char *t, size_t n, size_t from, size_t *end)
{
    for (size_t i = from; i < n;) {
        /* an "at" follows a label: look only where a label ends */
        size_t len = label_char_len(t, n, i), after = i + len;
        if (len == 0 || (after < n && label_char_len(t, n, after) > 0)) {
            i += len ? len : 1;
            continue;
        }
        size_t a = said_separator_end(t, n, after, "at");
        i = after;
        if (a == after) {
            continue;
        }
        bool marked = false;
        size_t s = local_start(t, n, after, &marked);
        size_t e = domain_end(t, n, a, &marked);
        /* the "at" itself */
        for (size_t p = after, m; p < a; p++) {
            marked = marked || marked_at(t, n, p, &m) != 0;
        }
        if (s < after && e > a && marked && s >= from) {
            *end = e;
            return s;
        }
    }
    return n;
}

/* Whether t holds a Latin letter with marks at all (most views hold none). */
static bool
has_marked_letter(const unsigned char *t, size_t n)
{
    for (size_t i = norm_first_non_ascii(t, 0, n); i < n; i = norm_first_non_ascii(t, i + 1, n)) {
        size_t len;
        if (marked_at(t, n, i, &len)) {
            return true;
        }
    }
    return false;
}

bool
norm_has_marked_address(const unsigned char *t, size_t n)
{
    size_t end;

    return has_marked_letter(t, n) && next_marked_address(t, n, 0, &end) < n;
}

void
norm_read_marked_addresses(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, count = 0, cap = 0, *spans = NULL;

    /* found first, on the text as it is: the rewrite shrinks it, and the search reads back */
    for (size_t from = 0, end; (from = next_marked_address(t, n, from, &end)) < n; from = end) {
        if (count + 2 > cap) {
            cap = cap ? 2 * cap : 8;
            spans = xrealloc(spans, cap * sizeof(*spans));
        }
        spans[count++] = from;
        spans[count++] = end;
    }
    for (size_t k = 0; k < count; k += 2) {
        size_t start = spans[k], end = spans[k + 1];
        while (i < start) {
            norm_view_move(v, w++, i++);
        }
        while (i < end) {
            size_t len = 1;
            UChar32 base = marked_at(t, n, i, &len);
            if (base) {
                norm_view_put(v, w++, i, i + len, (unsigned char)base);
                i += len;
            } else {
                norm_view_move(v, w++, i++);
            }
        }
    }
    while (i < n) {
        norm_view_move(v, w++, i++);
    }
    free(spans);
    v->text.len = w;
    t[w] = '\0';
}
