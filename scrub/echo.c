/*
 * Repeated values: see echo_internal.h. A record's findings are noted while its strings are
 * detected; then every string of the record is searched for those exact bytes, as whole words,
 * and each occurrence no finding covers becomes a finding like the first one (same entity, rule
 * and so operator: a pseudonym repeats too). A one-word name is not taken at the start of a
 * sentence, where a capitalised word is no evidence of a name, nor beside another capitalised
 * word or inside a link. The words of a longer name are not looked for one by one: on hh-rlhf
 * that mostly repeated public figures' surnames, and it added false positives on held-out sets.
 */
#define _GNU_SOURCE /* memmem */
#include "scrub/echo_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/err.h"
#include "common/keyfile.h"
#include "common/xalloc.h"

#include "common/banned.h"

/* Shorter values ("12", "Al") would be found inside unrelated text. */
#define ECHO_MIN_BYTES 4
/* A one-word name is repeated only when a cue found it ("my name is Rose": 0.85), not a name
   list alone (0.6): on hh-rlhf those were mostly public or religious figures. */
#define ECHO_MIN_ONE_WORD_SCORE 0.7

void
echo_set_init(struct echo_set *s)
{
    memset(s, 0, sizeof(*s));
    buf_init(&s->bytes, BUF_NO_MAX);
}

void
echo_set_reset(struct echo_set *s)
{
    if (s->bytes.data) {
        secure_wipe(s->bytes.data, s->bytes.len);
    }
    buf_reset(&s->bytes);
    s->n = 0;
}

void
echo_set_release(struct echo_set *s)
{
    echo_set_reset(s);
    buf_release(&s->bytes);
    free(s->v);
    memset(s, 0, sizeof(*s));
}

static UChar32
first_cp(const unsigned char *p, size_t len)
{
    int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(p, i, (int32_t)(len < 4 ? len : 4), c);
    return c;
}

static UChar32
last_cp(const unsigned char *p, size_t len)
{
    size_t from = len > 4 ? len - 4 : 0;
    int32_t i = (int32_t)(len - from);
    UChar32 c = 0;
    U8_PREV(p + from, 0, i, c);
    return c;
}

/* Scripts written without blanks between words, where a name touches the words around it. */
static bool
unspaced_script(UChar32 c)
{
    return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0x1100 && c <= 0x11FF) || (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000;
}

static bool
is_blank_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool starts_sentence(const unsigned char *text, size_t at);

static bool
word_cp(UChar32 c)
{
    return c == '_' || (c >= 0 && u_isalnum(c)) || (c >= 0 && (U_GET_GC_MASK(c) & U_GC_M_MASK));
}

/* The occurrence [at, end) is a whole word, or touches only text of a script without blanks. */
static bool
whole_word(const unsigned char *text, size_t len, size_t at, size_t end)
{
    if (at > 0) {
        UChar32 before = last_cp(text, at), first = first_cp(text + at, end - at);
        if (word_cp(before) && !(unspaced_script(before) && unspaced_script(first))) {
            return false;
        }
    }
    if (end < len) {
        UChar32 after = first_cp(text + end, len - end), last = last_cp(text + at, end - at);
        if (word_cp(after) && !(unspaced_script(after) && unspaced_script(last))) {
            return false;
        }
    }
    return true;
}

/*
 * A name word stands alone: no capitalised word right before or after it ("Icahn Capital", "Saul
 * Centers Inc.") and no part of a link, address or handle around it ("inmail.com/Reynold.Ryan/").
 */
static bool
stands_alone(const unsigned char *text, size_t len, size_t at, size_t end)
{
    if (at > 0 && strchr("/.@_-#=&+~", text[at - 1])) {
        return false;
    }
    if (end < len && strchr("/@_-#=&+~", text[end])) {
        return false;
    }
    if (end + 1 < len && text[end] == '.' && !is_blank_byte(text[end + 1])) {
        return false;
    }
    if (end + 1 < len && text[end] == ' ') {
        UChar32 next = first_cp(text + end + 1, len - end - 1);
        if (next >= 0 && u_isupper(next)) {
            return false;
        }
    }
    if (at >= 2 && text[at - 1] == ' ') {
        size_t w = at - 1;
        while (w > 0 && !is_blank_byte(text[w - 1])) {
            w--;
        }
        UChar32 prev = first_cp(text + w, at - 1 - w);
        if (at - 1 > w && prev >= 0 && u_isupper(prev) && !starts_sentence(text, w)) {
            return false;
        }
    }
    return true;
}

/* Nothing but blanks and quotes between the start of a sentence (or of the text) and at. */
static bool
starts_sentence(const unsigned char *text, size_t at)
{
    while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t' || text[at - 1] == '"' ||
                      text[at - 1] == '\'' || text[at - 1] == '*')) {
        at--;
    }
    if (at == 0) {
        return true;
    }
    unsigned char c = text[at - 1];
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ':' || c == ';' ||
           c == '>' || c == '-' || c == '|';
}

static bool
has_alnum(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] >= 0x80 || (p[i] >= '0' && p[i] <= '9') ||
            ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')) {
            return true;
        }
    }
    return false;
}

static bool
noted(const struct echo_set *s, const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->v[i].len == len && memcmp(s->bytes.data + s->v[i].off, p, len) == 0) {
            return true;
        }
    }
    return false;
}

static int
note(struct echo_set *s, const unsigned char *p, size_t len, const struct scrub_finding *like,
     bool name_word, struct err *err)
{
    if (len < ECHO_MIN_BYTES || !has_alnum(p, len) || noted(s, p, len)) {
        return 0;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->v = xrealloc(s->v, size_mul(s->cap, sizeof(*s->v)));
    }
    size_t off = s->bytes.len;
    if (buf_append(&s->bytes, p, len, err) < 0) {
        return -1;
    }
    s->v[s->n++] = (struct echo_value){off, len, *like, name_word};
    return 0;
}

int
echo_collect(struct echo_set *s, const unsigned char *text, const struct scrub_findings *f,
             struct err *err)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct scrub_finding *x = &f->v[i];
        size_t a = x->start, b = x->end;
        while (a < b && is_blank_byte(text[a])) {
            a++;
        }
        while (b > a && is_blank_byte(text[b - 1])) {
            b--;
        }
        /* a capital is what made a one-word name (caseless scripts have no sentence starts) */
        bool one_word = memchr(text + a, ' ', b - a) == NULL && a < b &&
                        u_isupper(first_cp(text + a, b - a)) && strcmp(x->entity, "PERSON") == 0;
        if (one_word && x->score < ECHO_MIN_ONE_WORD_SCORE) {
            continue; /* a lone first name from a list ("Jesus", "Wagner") is weak evidence */
        }
        if (note(s, text + a, b - a, x, one_word, err) < 0) {
            return -1;
        }
    }
    return 0;
}

static bool
overlaps(const struct scrub_finding *v, size_t n, size_t at, size_t end)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].start < end && at < v[i].end) {
            return true;
        }
    }
    return false;
}

static int
by_start(const void *a, const void *b)
{
    const struct scrub_finding *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

int
echo_extend(const struct echo_set *s, const unsigned char *text, size_t len,
            struct scrub_findings *f)
{
    size_t before = f->n;
    size_t *order = xmalloc(size_mul(s->n ? s->n : 1, sizeof(*order)));

    /* Longer values first, so an address wins over the user name inside it. */
    for (size_t k = 0; k < s->n; k++) {
        size_t j = k;
        while (j > 0 && s->v[order[j - 1]].len < s->v[k].len) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
    for (size_t k = 0; k < s->n; k++) {
        const struct echo_value *e = &s->v[order[k]];
        const unsigned char *needle = s->bytes.data + e->off;
        size_t from = 0;
        while (from + e->len <= len) {
            const unsigned char *hit = memmem(text + from, len - from, needle, e->len);
            if (!hit) {
                break;
            }
            size_t at = (size_t)(hit - text), end = at + e->len;
            from = at + 1;
            if (!whole_word(text, len, at, end) || overlaps(f->v, f->n, at, end) ||
                (e->name_word &&
                 (starts_sentence(text, at) || !stands_alone(text, len, at, end)))) {
                continue;
            }
            if (f->n == f->cap) {
                f->cap = f->cap ? 2 * f->cap : 8;
                f->v = xrealloc(f->v, size_mul(f->cap, sizeof(*f->v)));
            }
            f->v[f->n] = e->like;
            f->v[f->n].start = at;
            f->v[f->n].end = end;
            f->n++;
            from = end;
        }
    }
    free(order);
    if (f->n > before) {
        qsort(f->v, f->n, sizeof(*f->v), by_start);
    }
    return (int)(f->n - before);
}
