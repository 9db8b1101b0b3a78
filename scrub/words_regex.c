/*
 * A word list as one regex, factored into a trie:
 * "(?<![\w])(?:k(?:ill|idnap[\w]*)|murder)(?![\w])". PCRE2 does not factor alternations itself, and
 * a flat alternation of a few hundred terms makes it try every branch at every position; the trie
 * tries one branch per distinct first character (five times faster on the warnings pack). Branches
 * split on whole UTF-8 characters, since a regex may not contain a partial one. A space in a term
 * matches any run of white space.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

#include "common/banned.h"

struct term {
    const char *s;
    size_t len;
    bool prefix; /* written with a trailing '*': any word ending */
};

static int
by_bytes(const void *a, const void *b)
{
    const struct term *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);

    if (c) {
        return c;
    }
    return x->len < y->len ? -1 : x->len > y->len;
}

static size_t
char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static void
put_char(struct buf *b, const char *c, size_t n)
{
    if (n == 1 && c[0] == ' ') {
        (void)buf_append_str(b, "\\s+", NULL);
        return;
    }
    if (n == 1 && strchr("\\^$.|?*+()[]{}#-/'\"", c[0])) {
        (void)buf_putc(b, '\\', NULL);
    }
    (void)buf_append(b, c, n, NULL);
}

/* Terms [lo, hi) share their first depth bytes; emit what may follow. */
static void
emit(struct buf *b, const struct term *t, size_t lo, size_t hi, size_t depth)
{
    bool end = false, star = false;
    size_t parts = 0, k = lo;

    while (k < hi && t[k].len == depth) {
        end = true;
        star |= t[k].prefix;
        k++;
    }
    for (size_t j = k; j < hi;) {
        size_t cl = char_len((unsigned char)t[j].s[depth]), m = j + 1;
        if (depth + cl > t[j].len) {
            cl = t[j].len - depth;
        }
        while (m < hi && t[m].len >= depth + cl && !memcmp(t[m].s + depth, t[j].s + depth, cl)) {
            m++;
        }
        parts++;
        j = m;
    }
    parts += star;
    if (!parts) {
        return;
    }
    bool wrap = parts > 1 || (end && !star);
    if (wrap) {
        (void)buf_append_str(b, "(?:", NULL);
    }
    for (size_t j = k, first = 1; j < hi; first = 0) {
        size_t cl = char_len((unsigned char)t[j].s[depth]), m = j + 1;
        if (depth + cl > t[j].len) {
            cl = t[j].len - depth; /* a truncated character: emitted as is, PCRE2 reports it */
        }
        while (m < hi && t[m].len >= depth + cl && !memcmp(t[m].s + depth, t[j].s + depth, cl)) {
            m++;
        }
        if (!first) {
            (void)buf_putc(b, '|', NULL);
        }
        put_char(b, t[j].s + depth, cl);
        emit(b, t, j, m, depth + cl);
        j = m;
    }
    if (star) {
        (void)buf_append_str(b, k < hi ? "|[\\w]*" : "[\\w]*", NULL);
    }
    if (wrap) {
        (void)buf_append_str(b, end && !star ? ")?" : ")", NULL);
    }
}

char *
rules_words_regex(const struct string_list *words, bool prefix_ok)
{
    struct term *t = xcalloc(words->n ? words->n : 1, sizeof(*t));
    struct buf b;

    for (size_t i = 0; i < words->n; i++) {
        size_t len = strlen(words->v[i]);
        t[i].s = words->v[i];
        t[i].prefix = prefix_ok && len > 1 && words->v[i][len - 1] == '*';
        t[i].len = t[i].prefix ? len - 1 : len;
    }
    qsort(t, words->n, sizeof(*t), by_bytes);
    buf_init(&b, BUF_NO_MAX);
    (void)buf_append_str(&b, "(?<![\\w])(?:", NULL);
    emit(&b, t, 0, words->n, 0);
    (void)buf_append_str(&b, ")(?![\\w])", NULL);
    free(t);
    return (char *)buf_detach(&b, NULL);
}

struct literal_lead
rules_words_width(const struct string_list *words, bool prefix_ok)
{
    struct literal_lead w = {0, 0, 0, 0, 0};

    for (size_t i = 0; i < words->n; i++) {
        size_t len = strlen(words->v[i]), spaces = 0;
        bool prefix = prefix_ok && len > 1 && words->v[i][len - 1] == '*';
        if (prefix) {
            len--;
        }
        for (size_t k = 0; k < len; k++) {
            spaces += words->v[i][k] == ' ';
        }
        /* each word's width is at most the most of each kind over all words */
        w.chars = len - spaces > w.chars ? len - spaces : w.chars;
        w.spaces = spaces > w.spaces ? spaces : w.spaces;
        w.words = prefix ? 1 : w.words;
    }
    return w;
}
