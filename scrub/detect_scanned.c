/*
 * Lines of a scanned or retyped form whose separator was misread: "_DOB; 01/16/2001 .", "|
 * Blrthdate. Dec 10 1981 ~", "_DO8    22.05.1945 |", "Patient ID - MR724092". A line opens (after
 * blanks and the marks a scan leaves: '|', '_', '.', '~', '*', '>', '-') with one to four words
 * that a rule's column words name strongly (label_lookup, misread letters included), then a
 * ';', '.', ',' or '-' glued to the last word (not an abbreviation's dot: "ת.ז.", "No.") or
 * standing alone, or two blanks or more; the
 * rest of the line is the value, judged by the rule's column_cell shape. A ':' or '=' after the
 * words is detect_fields.c's.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define SCANNED_KEY_WORDS 4   /* words a label may have */
#define SCANNED_LINE_MAX  320 /* bytes of a line worth reading: a longer one is prose */

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_scan_mark(unsigned char c)
{
    return c == '|' || c == '_' || c == '.' || c == '~' || c == '*' || c == '>' || c == '-';
}

static bool
is_misread_separator(unsigned char c)
{
    return c == ';' || c == '.' || c == ',' || c == '-';
}

/*
 * Whether the word s[0, n) before a '.' is an abbreviation the dot belongs to ("No.", "ת.ז.",
 * "D.O.B."): a short word, or one with a dot inside. Its dot separates nothing.
 */
static bool
abbreviation(const unsigned char *s, size_t n)
{
    return n < 4 || memchr(s, '.', n) != NULL;
}

/* The words [ks, ke) name a strong rule and [vs, ve) has its shape: a candidate, *taken. */
static int
take(struct scrub_engine *e, const unsigned char *text, size_t ks, size_t ke, size_t vs, size_t ve,
     bool *taken, struct err *err)
{
    struct label_names nm;

    *taken = false;
    if (label_lookup(e, text + ks, ke - ks, &nm, err) < 0) {
        return -1;
    }
    label_keep_strong(&nm);
    if (!nm.n || ve <= vs) {
        return 0;
    }
    size_t before = e->cands.n;
    if (label_take(e, &nm, false, text, vs, ve, ks, err) < 0) {
        return -1;
    }
    /* a value of the label's shape came: the words were its label */
    if (e->cands.n > before) {
        *taken = true;
        spans_push(&e->labels, ks + nm.from, ke);
    }
    return 0;
}

/* The line [ls, le): its opening words, a misread separator, the value. */
static int
read_line(struct scrub_engine *e, const unsigned char *text, size_t ls, size_t le, struct err *err)
{
    size_t i = ls;

    while (i < le && (is_blank(text[i]) || is_scan_mark(text[i]))) {
        i++;
    }
    size_t ks = i;
    for (int words = 0; words < SCANNED_KEY_WORDS && i < le; words++) {
        size_t we = i;
        while (we < le && !is_blank(text[we])) {
            we++;
        }
        if (we == i || memchr(text + i, ':', we - i) || memchr(text + i, '=', we - i)) {
            return 0; /* a field's key: detect_fields.c */
        }
        size_t ke = we, vs = we;
        bool separated = false;
        if (is_misread_separator(text[we - 1]) && we - 1 > i &&
            !(text[we - 1] == '.' && abbreviation(text + i, we - 1 - i))) {
            ke = we - 1; /* "_DOB;", "Blrthdate." */
            separated = true;
        }
        while (vs < le && is_blank(text[vs])) {
            vs++;
        }
        if (!separated && vs + 1 < le && is_misread_separator(text[vs]) && is_blank(text[vs + 1])) {
            separated = true; /* "Patient ID - MR724092" */
            vs += 2;
            while (vs < le && is_blank(text[vs])) {
                vs++;
            }
        }
        separated |= vs - we >= 2 && vs < le; /* "_DO8    22.05.1945" */
        if (separated && vs < le) {
            bool taken;
            if (take(e, text, ks, ke, vs, le, &taken, err) < 0) {
                return -1;
            }
            if (taken) {
                return 0;
            }
        }
        if (ke < we) {
            return 0; /* a separator ended the words: what follows is the value or prose */
        }
        i = vs;
    }
    return 0;
}

int
detect_scanned_lines(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    size_t ls = 0;

    if (!e->rules->columns.n) {
        return 0; /* no rule has column words */
    }
    while (ls < len) {
        const unsigned char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;

        if (le - ls <= SCANNED_LINE_MAX && read_line(e, text, ls, le, err) < 0) {
            return -1;
        }
        ls = nl ? le + 1 : len;
    }
    return 0;
}
