/*
 * The header words of table columns, from every rule's column_headers, column_headers_weak,
 * column_companions and column_vetoes, folded once and sorted so that a header cell costs one
 * binary search.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define COLUMN_KEY_MAX ((size_t)1 << 12)

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Bytes a header cell may be wrapped in: Markdown emphasis and code, quotes, '#'. */
static bool
is_wrapper(unsigned char c)
{
    return c == '*' || c == '_' || c == '`' || c == '"' || c == '\'' || c == '#';
}

/* The full-width colon U+FF1A, as CJK headers write it. */
static bool
ends_with_wide_colon(const unsigned char *s, size_t n)
{
    return n >= 3 && s[n - 3] == 0xEF && s[n - 2] == 0xBC && s[n - 1] == 0x9A;
}

/* s[*from, *to) without what surrounds a header word; repeated as "**Name:**" nests them. */
static void
strip_header(const unsigned char *s, size_t *from, size_t *to)
{
    size_t a = *from, b = *to;
    size_t before;

    do {
        before = b - a;
        while (a < b && (is_blank(s[a]) || is_wrapper(s[a]))) {
            a++;
        }
        while (a < b && (is_blank(s[b - 1]) || is_wrapper(s[b - 1]) || s[b - 1] == ':')) {
            b--;
        }
        if (ends_with_wide_colon(s + a, b - a)) {
            b -= 3;
        }
        /* a format or note in brackets: "DOB (dd/mm/yyyy)", "Phone (mobile)" */
        if (b > a && s[b - 1] == ')') {
            size_t open = b - 1;
            while (open > a && s[open] != '(') {
                open--;
            }
            if (open > a && s[open] == '(') {
                b = open;
            }
        }
    } while (b - a != before);
    *from = a;
    *to = b;
}

int
column_key(const unsigned char *s, size_t n, struct buf *out, struct err *err)
{
    size_t a = 0, b = n, w = 0;

    strip_header(s, &a, &b);
    buf_reset(out);
    if (b - a > COLUMN_KEY_MAX) {
        return 0; /* no header word is this long: an empty key matches nothing */
    }
    if (literals_fold(s + a, b - a, out, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < out->len; i++) {
        unsigned char c = out->data[i];
        if (c != ' ' && c != '_' && c != '-' && c != '.') {
            out->data[w++] = c;
        }
    }
    buf_truncate(out, w);
    return 0;
}

bool
column_ocr_fold(struct buf *key)
{
    size_t w = 0;

    for (size_t i = 0; i < key->len; i++) {
        unsigned char c = key->data[i];
        if (c >= 0x80) {
            return false;
        }
        if (c == 'r' && i + 1 < key->len && key->data[i + 1] == 'n') {
            c = 'm'; /* "Usernarne" */
            i++;
        }
        key->data[w++] = c == 'a' || c == 'c' || c == 'e' || c == '0'   ? 'o'
                         : c == 'i' || c == '1' || c == '!' || c == '|' ? 'l'
                         : c == '5' || c == '$'                         ? 's'
                         : c == '8'                                     ? 'b'
                                                                        : c;
    }
    buf_truncate(key, w);
    return true;
}

static int
label_cmp(const void *pa, const void *pb)
{
    const struct column_label *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);

    if (c) {
        return c;
    }
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

static int
add_words(struct column_index *ix, const struct string_list *words, uint32_t rule,
          enum column_kind kind, struct buf *key, struct err *err)
{
    for (size_t i = 0; i < words->n; i++) {
        if (column_key((const unsigned char *)words->v[i], strlen(words->v[i]), key, err) < 0) {
            return -1;
        }
        if (!key->len) {
            continue;
        }
        if ((ix->n & (ix->n - 1)) == 0) { /* room for 1, 2, 4, 8... labels */
            ix->v = xrealloc(ix->v, size_mul(ix->n ? 2 * ix->n : 1, sizeof(*ix->v)));
        }
        ix->v[ix->n].key = xmalloc(size_add(key->len, 1));
        memcpy(ix->v[ix->n].key, key->data, key->len);
        ix->v[ix->n].key[key->len] = '\0';
        ix->v[ix->n].rule = rule;
        ix->v[ix->n].kind = kind;
        ix->n++;
    }
    return 0;
}

int
rules_build_columns(struct scrub_rules *rs, struct err *err)
{
    struct buf key;
    int rc = 0;

    column_index_release(&rs->columns);
    buf_init(&key, COLUMN_KEY_MAX * 4);
    for (size_t i = 0; i < rs->n_rules && rc == 0; i++) {
        const struct rule *r = &rs->rules[i];
        rs->columns.fields |= r->column_fields;
        if (add_words(&rs->columns, &r->column_headers, (uint32_t)i, COLUMN_STRONG, &key, err) <
                0 ||
            add_words(&rs->columns, &r->column_headers_weak, (uint32_t)i, COLUMN_WEAK, &key, err) <
                0 ||
            add_words(&rs->columns, &r->column_companions, (uint32_t)i, COLUMN_COMPANION, &key,
                      err) < 0 ||
            add_words(&rs->columns, &r->column_vetoes, (uint32_t)i, COLUMN_VETO, &key, err) < 0) {
            rc = -1;
        }
    }
    if (rc == 0 && rs->columns.n) {
        struct column_index *ix = &rs->columns;
        ix->ocr = xmalloc(size_mul(ix->n, sizeof(*ix->ocr)));
        for (size_t i = 0; i < ix->n; i++) {
            buf_reset(&key);
            if (buf_append(&key, ix->v[i].key, strlen(ix->v[i].key), err) < 0) {
                rc = -1;
                break;
            }
            if (column_ocr_fold(&key)) {
                ix->ocr[ix->n_ocr] = ix->v[i];
                ix->ocr[ix->n_ocr].key = xmalloc(size_add(key.len, 1));
                memcpy(ix->ocr[ix->n_ocr].key, key.data, key.len);
                ix->ocr[ix->n_ocr].key[key.len] = '\0';
                ix->n_ocr++;
            }
        }
        qsort(ix->v, ix->n, sizeof(*ix->v), label_cmp);
        if (ix->n_ocr) {
            qsort(ix->ocr, ix->n_ocr, sizeof(*ix->ocr), label_cmp);
        }
    }
    buf_release(&key);
    return rc;
}

/* strcmp of a NUL-terminated word against key[0, n). */
static int
key_cmp(const char *word, const unsigned char *key, size_t n)
{
    size_t wn = strlen(word);
    int c = memcmp(word, key, wn < n ? wn : n);

    if (c) {
        return c;
    }
    return wn < n ? -1 : wn > n;
}

/* The first of v[0, nv) whose key is key[0, n), or nv. */
static size_t
lookup_in(const struct column_label *v, size_t nv, const unsigned char *key, size_t n)
{
    size_t lo = 0, hi = nv;

    if (!n) {
        return nv;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(v[mid].key, key, n) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < nv && key_cmp(v[lo].key, key, n) == 0 ? lo : nv;
}

size_t
column_lookup(const struct column_index *ix, const unsigned char *key, size_t n)
{
    return lookup_in(ix->v, ix->n, key, n);
}

size_t
column_lookup_ocr(const struct column_index *ix, const unsigned char *key, size_t n)
{
    return lookup_in(ix->ocr, ix->n_ocr, key, n);
}

void
column_index_release(struct column_index *ix)
{
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->v[i].key);
    }
    for (size_t i = 0; i < ix->n_ocr; i++) {
        free(ix->ocr[i].key);
    }
    free(ix->v);
    free(ix->ocr);
    ix->v = NULL;
    ix->ocr = NULL;
    ix->n = 0;
    ix->n_ocr = 0;
    ix->fields = false;
}
