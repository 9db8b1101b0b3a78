/*
 * Values in SQL INSERT statements, found by what their column is called, as detect_columns.c
 * does for tables: a pasted database dump names its columns once and lists the values after
 * ("INSERT INTO users (name, ssn, passport) VALUES ('Ada Byron', '531-24-1001', 'K4829104'),
 * (...);"), so the values lack the cue words every other rule needs. Each quoted or bare value of
 * a row is judged under its column's header words (label_cells.c); a row whose count of values
 * differs from the column list's is left, as is a statement with no column list.
 */
#define _GNU_SOURCE /* memmem */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define SQL_COLUMNS_MAX 32 /* columns read from one statement's list */
#define SQL_ROWS_MAX    64 /* rows read from one statement */

struct sql_cell {
    size_t s, e; /* the value without its quotes */
};

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A byte of an SQL word: a keyword is no part of a longer name ("bulk_insert", "insert_log"). */
static bool
word_byte(unsigned char c)
{
    return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t
skip_space(const unsigned char *t, size_t len, size_t i)
{
    while (i < len && is_space(t[i])) {
        i++;
    }
    return i;
}

/* Whether t[i..] starts with word (ASCII, any case) and no letter follows it. */
static bool
keyword_at(const unsigned char *t, size_t len, size_t i, const char *word)
{
    size_t n = strlen(word);
    if (i + n > len) {
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        if ((t[i + k] | 0x20) != word[k]) {
            return false;
        }
    }
    return i + n == len || !word_byte(t[i + n]);
}

/* A table or column name, bare or quoted with "", `` or []: its end, or 0 for none. */
static size_t
identifier(const unsigned char *t, size_t len, size_t i, size_t *s, size_t *e)
{
    unsigned char close = i < len && t[i] == '"'   ? '"'
                          : i < len && t[i] == '`' ? '`'
                          : i < len && t[i] == '[' ? ']'
                                                   : 0;
    if (close) {
        const unsigned char *q = i + 1 < len ? memchr(t + i + 1, close, len - i - 1) : NULL;
        if (!q || q == t + i + 1 || q - (t + i) > 128) {
            return 0;
        }
        *s = i + 1;
        *e = (size_t)(q - t);
        return *e + 1;
    }
    *s = i;
    while (i < len && i - *s < 128 && (word_byte(t[i]) || t[i] == '.' || t[i] >= 0x80)) {
        i++;
    }
    *e = i;
    return i > *s ? i : 0;
}

/* One value of a row: a quoted string ('' and \' inside), or a bare word or number. */
static size_t
value(const unsigned char *t, size_t len, size_t i, struct sql_cell *c)
{
    if (i < len && (t[i] == '\'' || t[i] == '"')) {
        unsigned char q = t[i];
        size_t j = i + 1;
        while (j < len && j - i <= LABEL_VALUE_MAX + 1) {
            if (t[j] == '\\' && j + 1 < len) {
                j += 2;
            } else if (t[j] == q && j + 1 < len && t[j + 1] == q) {
                j += 2;
            } else if (t[j] == q) {
                c->s = i + 1;
                c->e = j;
                return j + 1;
            } else {
                j++;
            }
        }
        return 0;
    }
    c->s = i;
    while (i < len && t[i] != ',' && t[i] != ')' && !is_space(t[i]) &&
           i - c->s <= LABEL_VALUE_MAX) {
        i++;
    }
    c->e = i;
    return i > c->s ? i : 0;
}

/* A parenthesised list of n_max items at most read by item(): its end past ')', or 0. */
static size_t
row(const unsigned char *t, size_t len, size_t i, struct sql_cell *cells, size_t n_max, size_t *n,
    bool names)
{
    *n = 0;
    i = skip_space(t, len, i);
    if (i >= len || t[i] != '(') {
        return 0;
    }
    for (i++;;) {
        i = skip_space(t, len, i);
        if (*n == n_max) {
            return 0;
        }
        size_t end = names ? identifier(t, len, i, &cells[*n].s, &cells[*n].e)
                           : value(t, len, i, &cells[*n]);
        if (!end) {
            return 0;
        }
        (*n)++;
        i = skip_space(t, len, end);
        if (i < len && t[i] == ',') {
            i++;
        } else if (i < len && t[i] == ')') {
            return i + 1;
        } else {
            return 0;
        }
    }
}

static bool
all_digits(const unsigned char *t, size_t s, size_t e)
{
    for (size_t k = s; k < e; k++) {
        if (t[k] < '0' || t[k] > '9') {
            return false;
        }
    }
    return e > s;
}

/*
 * A row with more values than columns may hold a bare number written with thousands commas
 * ("(3,602,881, 'Ada Byron', ...)", as a report or spreadsheet exports an id): the comma is read
 * as the value separator and every later value falls under the wrong column, so the row is left.
 * Join each bare run of one to three digits followed, with no blank, by groups of exactly three
 * ("3" "602" "881" -> "3,602,881"); whether the row now fits its column list is the caller's to
 * judge, so a row of small numbers that really are separate values still fits when it did.
 */
static void
join_digit_groups(const unsigned char *t, struct sql_cell *cells, size_t *n)
{
    size_t out = 0;

    for (size_t k = 0; k < *n; k++) {
        struct sql_cell c = cells[k];
        if (all_digits(t, c.s, c.e) && c.e - c.s <= 3) {
            while (k + 1 < *n && cells[k + 1].s == c.e + 1 && t[c.e] == ',' &&
                   cells[k + 1].e - cells[k + 1].s == 3 &&
                   all_digits(t, cells[k + 1].s, cells[k + 1].e)) {
                c.e = cells[++k].e;
            }
        }
        cells[out++] = c;
    }
    *n = out;
}

/* The statement whose INSERT keyword is at i: its rows' values judged; the end of what was read. */
static int
read_insert(struct scrub_engine *e, const unsigned char *t, size_t len, size_t i, size_t *next,
            struct err *err)
{
    struct sql_cell cols[SQL_COLUMNS_MAX], vals[SQL_COLUMNS_MAX];
    struct label_names names[SQL_COLUMNS_MAX];
    size_t n_cols, n_vals, s, en, support = 0;
    bool any = false;

    *next = i + 6;
    i = skip_space(t, len, i + 6);
    if (!keyword_at(t, len, i, "into")) {
        return 0;
    }
    i = skip_space(t, len, i + 4);
    if (!(i = identifier(t, len, i, &s, &en))) {
        return 0;
    }
    if (!(i = row(t, len, i, cols, SQL_COLUMNS_MAX, &n_cols, true)) || n_cols < 2) {
        return 0;
    }
    for (size_t k = 0; k < n_cols; k++) {
        if (label_lookup(e, t + cols[k].s, cols[k].e - cols[k].s, &names[k], err) < 0) {
            return -1;
        }
        any |= names[k].n > 0;
        support += label_supports(&names[k]);
    }
    i = skip_space(t, len, i);
    if (!any || !keyword_at(t, len, i, "values")) {
        return 0;
    }
    label_apply_vetoes(names, n_cols);
    i += 6;
    for (size_t r = 0; r < SQL_ROWS_MAX; r++) {
        size_t end = row(t, len, i, vals, SQL_COLUMNS_MAX, &n_vals, false);
        if (!end) {
            break;
        }
        if (n_vals > n_cols) {
            join_digit_groups(t, vals, &n_vals);
        }
        for (size_t k = 0; n_vals == n_cols && k < n_cols; k++) {
            bool weak_ok = support > (size_t)label_supports(&names[k]);
            if (names[k].n && vals[k].e > vals[k].s &&
                label_take(e, &names[k], weak_ok, t, vals[k].s, vals[k].e, CUE_NONE, err) < 0) {
                return -1;
            }
        }
        i = skip_space(t, len, end);
        *next = i;
        if (i >= len || t[i] != ',') {
            break;
        }
        i++;
    }
    return 0;
}

/* The next "insert" (any case) at or after at, as a word: its offset, or len. */
static size_t
next_insert(const unsigned char *text, size_t len, size_t at)
{
    while (at + 6 <= len) {
        const unsigned char *lo = memmem(text + at, len - at, "nsert", 5);
        const unsigned char *up = memmem(text + at, len - at, "NSERT", 5);
        const unsigned char *hit = !lo ? up : !up ? lo : lo < up ? lo : up;
        if (!hit) {
            return len;
        }
        size_t i = (size_t)(hit - text);
        if (i > 0 && keyword_at(text, len, i - 1, "insert") &&
            (i == 1 || !word_byte(text[i - 2]))) {
            return i - 1;
        }
        at = i + 1;
    }
    return len;
}

int
detect_sql(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    size_t at;

    if (!e->rules->columns.n) {
        return 0;
    }
    for (at = next_insert(text, len, 0); at < len; at = next_insert(text, len, at)) {
        size_t next;
        if (read_insert(e, text, len, at, &next, err) < 0) {
            return -1;
        }
        at = next > at ? next : at + 1;
    }
    return 0;
}
