/*
 * Values given before their label, one to a line, as people list what they paste: "737-25-5199
 * = my ssn", "@gal-farsi_ = my username", "3413 865445 39076 is the card number", "MR724092 <-
 * patient id". The label ends the line (a trailing '.', '!', ';', ',' or ':' aside; a line
 * ending in '?' asks for a value, it gives none) and a rule's column words name it strongly as
 * they stand (label_cells.c, as table headers and field keys do, but with no qualifier: "123456
 * is the most common password" is prose). A separator ('=', '<-', '←', a dash, or 'is' / 'was'
 * / 'es' / 'est' / 'ist') comes between value and label, a possessive or article may come
 * before the label. The value runs from the line's start (after a speaker and a bullet) to the
 * separator and must have the rule's column_cell shape; a word that points at a value ("Here
 * is the dob") is none. A label in brackets after its value is detect_fields.c's.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define TRAILING_LABEL_WORDS 4   /* words a label may have (a qualifier included) */
#define TRAILING_LINE_MAX    512 /* bytes of a line worth reading: a longer one is prose */

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_end_mark(unsigned char c)
{
    return c == '.' || c == '!' || c == ';' || c == ',' || c == ':';
}

/* Words that open a sentence about a value rather than give it: "Here is the dob", "What is my
 * SSN", "Below is my username". */
static bool
is_pointer_word(const unsigned char *s, size_t n)
{
    static const char *const words[] = {
        "here",  "this",   "that", "it",       "what",      "which",  "there", "where",
        "who",   "how",    "why",  "when",     "below",     "above",  "mine",  "yours",
        "hers",  "theirs", "ours", "what's",   "whats",     "here's", "heres", "that's",
        "thats", "it's",   "its",  "attached", "following", "next",
    };
    return label_is_word(s, n, words, sizeof(words) / sizeof(*words));
}

static size_t
skip_blanks_back(const unsigned char *text, size_t lo, size_t i)
{
    while (i > lo && is_blank(text[i - 1])) {
        i--;
    }
    return i;
}

/* The start of the word (a run of non-blank bytes) that ends at i. */
static size_t
word_start(const unsigned char *text, size_t lo, size_t i)
{
    while (i > lo && !is_blank(text[i - 1])) {
        i--;
    }
    return i;
}

static bool
word_is(const unsigned char *s, size_t n, const char *const *words, size_t n_words)
{
    return label_is_word(s, n, words, n_words);
}

/* Words between value and label that say whose it is or which one: "my", "the", "su". */
static bool
is_determiner(const unsigned char *s, size_t n)
{
    static const char *const words[] = {
        "my",    "the",  "his",  "her",   "their", "our",  "your", "its", "mi",   "mis", "su",
        "sus",   "mon",  "ma",   "mes",   "son",   "sa",   "ses",  "le",  "la",   "el",  "mein",
        "meine", "dein", "sein", "seine", "ihr",   "ihre", "die",  "der", "das",  "il",  "mio",
        "mia",   "suo",  "sua",  "meu",   "minha", "seu",  "o",    "a",   "mijn", "de",  "het",
    };
    return word_is(s, n, words, sizeof(words) / sizeof(*words));
}

/* A separator word between a value and its label. */
static bool
is_separator(const unsigned char *s, size_t n)
{
    static const char *const words[] = {"is", "was", "es", "est", "ist", "é", "è", "=", "<-", "<--",
                                        "-",  "--",  "->", "=>",  "→",   "←", "–", "—", "==", ":="};
    return word_is(s, n, words, sizeof(words) / sizeof(*words));
}

/* Where the value starts on a line beginning at ls: after blanks, a speaker and one bullet. */
static size_t
value_start(const unsigned char *text, size_t ls, size_t end)
{
    static const char *const speakers[] = {"Human:", "Assistant:", "User:", "H:", "A:"};
    size_t i = ls;

    while (i < end && is_blank(text[i])) {
        i++;
    }
    for (size_t k = 0; k < sizeof(speakers) / sizeof(*speakers); k++) {
        size_t n = strlen(speakers[k]);
        if (end - i > n && memcmp(text + i, speakers[k], n) == 0) {
            i += n;
            break;
        }
    }
    while (i < end && is_blank(text[i])) {
        i++;
    }
    if (i + 1 < end && (text[i] == '-' || text[i] == '*' || text[i] == '|' || text[i] == '>') &&
        is_blank(text[i + 1])) {
        i += 2;
    } else if (i + 3 < end && memcmp(text + i, "\xE2\x80\xA2", 3) == 0 && is_blank(text[i + 3])) {
        i += 4; /* "• " */
    }
    while (i < end && is_blank(text[i])) {
        i++;
    }
    return i;
}

/* The label [ls, le) names a strong rule: take [vs, ve) as its value. */
static int
take(struct scrub_engine *e, const unsigned char *text, size_t ls, size_t le, size_t vs, size_t ve,
     bool *taken, struct err *err)
{
    struct label_names nm;

    *taken = false;
    if (ve <= vs || ve - vs > LABEL_VALUE_MAX || is_pointer_word(text + vs, ve - vs)) {
        return 0;
    }
    if (label_lookup(e, text + ls, le - ls, &nm, err) < 0) {
        return -1;
    }
    /* "the most common password", "MAC address": after a value, a qualified word is prose */
    if (nm.from) {
        return 0;
    }
    label_keep_strong(&nm);
    if (!nm.n) {
        return 0;
    }
    *taken = true;
    spans_push(&e->labels, ls + nm.from, le);
    /* the label names the value where it stands: its evidence is the value's own */
    return label_take(e, &nm, false, text, vs, ve, vs, err);
}

/* A line [ls, le) that ends "value SEP [determiner] label". */
static int
read_separated(struct scrub_engine *e, const unsigned char *text, size_t ls, size_t le,
               struct err *err)
{
    size_t starts[TRAILING_LABEL_WORDS], n = 0, i = le;

    while (n < TRAILING_LABEL_WORDS && i > ls) {
        size_t ws = word_start(text, ls, i);
        if (ws == i) {
            break;
        }
        starts[n++] = ws;
        i = skip_blanks_back(text, ls, ws);
    }
    /* the longest label first: "card number" before "number" */
    for (size_t k = n; k-- > 0;) {
        size_t lab_s = starts[k], before = skip_blanks_back(text, ls, lab_s), ws, vs, ve;
        bool taken;

        if (before == ls || before == lab_s) {
            continue;
        }
        ws = word_start(text, ls, before);
        if (is_determiner(text + ws, before - ws)) {
            before = skip_blanks_back(text, ls, ws);
            if (before == ls) {
                continue;
            }
            ws = word_start(text, ls, before);
        }
        if (!is_separator(text + ws, before - ws)) {
            continue;
        }
        vs = value_start(text, ls, ws);
        ve = skip_blanks_back(text, vs, ws);
        if (take(e, text, lab_s, le, vs, ve, &taken, err) < 0) {
            return -1;
        }
        if (taken) {
            return 0;
        }
    }
    return 0;
}

int
detect_trailing_labels(struct scrub_engine *e, const unsigned char *text, size_t len,
                       struct err *err)
{
    size_t ls = 0;

    if (!e->rules->columns.n) {
        return 0; /* no rule has column words */
    }
    while (ls < len) {
        const unsigned char *nl = memchr(text + ls, '\n', len - ls);
        size_t next = nl ? (size_t)(nl - text) + 1 : len, le = nl ? (size_t)(nl - text) : len;

        le = skip_blanks_back(text, ls, le);
        while (le > ls && is_end_mark(text[le - 1])) {
            le--;
        }
        le = skip_blanks_back(text, ls, le);
        /* a question asks for a value ("what is your dob?"): detect_answer.c reads its answer */
        if (le > ls && le - ls <= TRAILING_LINE_MAX && text[le - 1] != '?') {
            if (read_separated(e, text, ls, le, err) < 0) {
                return -1;
            }
        }
        ls = next;
    }
    return 0;
}
