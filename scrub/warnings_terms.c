/*
 * Content-warning terms on ASCII text, without PCRE2: one walk of a trie of every category's
 * terms at each word start tells which categories have a term in the text.
 *
 * A category's terms compile to "(?<![\w])(?:term|term|...)(?![\w])", caseless, a space in a term
 * matching any run of white space and a trailing '*' any word ending (words_regex.c). With
 * min_hits 1 a category only needs to know whether that regex matches anywhere, and on ASCII text
 * the answer is a walk: \w is [A-Za-z0-9_], \s is [\t\n\v\f\r ], letters compare without case.
 * The trie holds the categories whose answer it gives exactly; the others (min_hits above 1, a
 * term with a control character, a non-ASCII character that PCRE2 matches to an ASCII one, such
 * as the Kelvin sign to 'k') keep the regex. A term with any other non-ASCII character cannot
 * match ASCII text and is left out. tests/fuzz/fuzz_gating.c and the warnings tests compare the
 * result with the regex run everywhere.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

#define NONE      UINT32_MAX
#define ENDS_HERE 0x80000000u

struct term_node {
    uint64_t ends;        /* categories with a term ending here: (?![\w]) must follow */
    uint64_t prefix_ends; /* categories with a term "...*" ending here: any word ending follows */
    uint32_t space;       /* the node after a white-space run, or NONE */
    uint32_t spaces; /* how many spaces in a row the term has there: a run of at least as many */
};

struct term_matcher {
    struct term_node *nodes;
    size_t n_nodes, cap_nodes;
    /* After building: next[node * n_cls + cls[byte]] is the child (0: none, the root being no
     * one's child), with ENDS_HERE when some term ends there; letters share a class with their
     * capitals, white space has none. */
    uint8_t cls[256];
    size_t n_cls;
    uint32_t *next;
    uint8_t word[256]; /* \w: [A-Za-z0-9_] */
};

/* Children while building: a singly linked list per node, flattened once at the end. */
struct build_edge {
    unsigned char byte;
    uint32_t to, next;
};

struct builder {
    struct term_matcher *m;
    struct build_edge *edges;
    size_t n_edges, cap_edges;
    uint32_t *first; /* per node */
    size_t cap_first;
};

static bool
is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static unsigned char
lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static uint32_t
new_node(struct builder *b)
{
    struct term_matcher *m = b->m;

    if (m->n_nodes == m->cap_nodes) {
        m->cap_nodes = m->cap_nodes ? 2 * m->cap_nodes : 256;
        m->nodes = xrealloc(m->nodes, m->cap_nodes * sizeof(*m->nodes));
        b->first = xrealloc(b->first, m->cap_nodes * sizeof(*b->first));
    }
    m->nodes[m->n_nodes] = (struct term_node){0, 0, NONE, 0};
    b->first[m->n_nodes] = NONE;
    return (uint32_t)m->n_nodes++;
}

static uint32_t
child(struct builder *b, uint32_t node, unsigned char byte)
{
    for (uint32_t e = b->first[node]; e != NONE; e = b->edges[e].next) {
        if (b->edges[e].byte == byte) {
            return b->edges[e].to;
        }
    }
    uint32_t to = new_node(b);
    if (b->n_edges == b->cap_edges) {
        b->cap_edges = b->cap_edges ? 2 * b->cap_edges : 256;
        b->edges = xrealloc(b->edges, b->cap_edges * sizeof(*b->edges));
    }
    b->edges[b->n_edges] = (struct build_edge){byte, to, b->first[node]};
    b->first[node] = (uint32_t)b->n_edges++;
    return to;
}

/* The node after a run of spaces white-space units; NONE if the node has one of another length. */
static uint32_t
space_child(struct builder *b, uint32_t node, uint32_t spaces)
{
    struct term_node *n = &b->m->nodes[node];

    if (n->space == NONE) {
        uint32_t to = new_node(b);
        n = &b->m->nodes[node]; /* new_node may have moved the array */
        n->space = to;
        n->spaces = spaces;
    }
    return n->spaces == spaces ? n->space : NONE;
}

/* Add term (ASCII, no control characters) for category bit; false if the trie cannot hold it. */
static bool
add_term(struct builder *b, const char *term, size_t len, bool prefix, uint64_t bit)
{
    uint32_t node = 0;

    for (size_t i = 0; i < len;) {
        if (term[i] == ' ') {
            uint32_t spaces = 0;
            while (i < len && term[i] == ' ') {
                spaces++;
                i++;
            }
            node = space_child(b, node, spaces);
            if (node == NONE) {
                return false; /* "a b" and "a  b": rare enough to leave to the regex */
            }
        } else {
            node = child(b, node, lower((unsigned char)term[i++]));
        }
    }
    if (prefix) {
        b->m->nodes[node].prefix_ends |= bit;
    } else {
        b->m->nodes[node].ends |= bit;
    }
    return true;
}

/* Whether PCRE2 matches the character c (UTF-8) caselessly to some ASCII character. */
static bool
folds_to_ascii(const char *c, size_t n)
{
    static const uint32_t options[] = {PCRE2_UTF | PCRE2_CASELESS,
                                       PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS};
    unsigned char ascii[127];
    bool found = false;

    for (size_t i = 0; i < sizeof(ascii); i++) {
        ascii[i] = (unsigned char)(i + 1);
    }
    for (size_t k = 0; k < 2 && !found; k++) {
        int code;
        PCRE2_SIZE offset;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)c, n, options[k], &code, &offset, NULL);
        if (!re) {
            return true; /* cannot tell: leave the category to the regex */
        }
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        found = pcre2_match(re, ascii, sizeof(ascii), 0, 0, md, NULL) >= 0;
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
    return found;
}

enum term_kind { TERM_ASCII, TERM_NEVER_IN_ASCII, TERM_UNSUPPORTED };

static enum term_kind
classify(const char *term, size_t len)
{
    enum term_kind kind = TERM_ASCII;

    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)term[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) {
                return TERM_UNSUPPORTED;
            }
            i++;
            continue;
        }
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (i + n > len || folds_to_ascii(term + i, n)) {
            return TERM_UNSUPPORTED;
        }
        kind = TERM_NEVER_IN_ASCII;
        i += n;
    }
    return kind;
}

/* Whether every term of w can be decided by the trie (then added to it). */
static bool
add_category(struct builder *b, const struct warning_category *w, uint64_t bit)
{
    for (size_t i = 0; i < w->terms.n; i++) {
        const char *term = w->terms.v[i];
        size_t len = strlen(term);
        bool prefix = len > 1 && term[len - 1] == '*';
        if (prefix) {
            len--;
        }
        switch (classify(term, len)) {
        case TERM_UNSUPPORTED:
            return false;
        case TERM_NEVER_IN_ASCII:
            continue;
        case TERM_ASCII:
            break;
        }
        if (len > 0 && !add_term(b, term, len, prefix, bit)) {
            return false;
        }
    }
    return true;
}

/* Clear bit from every node: a category found unsupported part-way leaves no trace. */
static void
remove_category(struct term_matcher *m, uint64_t bit)
{
    for (size_t i = 0; i < m->n_nodes; i++) {
        m->nodes[i].ends &= ~bit;
        m->nodes[i].prefix_ends &= ~bit;
    }
}

struct term_matcher *
term_matcher_build(struct scrub_rules *rs)
{
    struct term_matcher *m = xcalloc(1, sizeof(*m));
    struct builder b = {m, NULL, 0, 0, NULL, 0};
    bool any = false;

    new_node(&b);
    for (size_t i = 0; i < rs->n_warnings && i < 64; i++) {
        struct warning_category *w = &rs->warnings[i];
        uint64_t bit = (uint64_t)1 << i;
        w->terms_by_matcher = false;
        if (w->min_hits != 1 || !w->terms_re) {
            continue;
        }
        if (add_category(&b, w, bit)) {
            w->terms_by_matcher = true;
            any = true;
        } else {
            remove_category(m, bit);
        }
    }
    /* The children as a table over byte classes, rows in breadth-first order: the rows of the
     * short prefixes, which most walks read, lie together. */
    m->n_cls = 1;
    for (size_t e = 0; e < b.n_edges; e++) {
        unsigned char c = b.edges[e].byte;
        if (!m->cls[c]) {
            m->cls[c] = (uint8_t)m->n_cls++;
            if (c >= 'a' && c <= 'z') {
                m->cls[c - 32] = m->cls[c];
            }
        }
    }
    uint32_t *order = xmalloc(m->n_nodes * sizeof(*order)),
             *rank = xmalloc(m->n_nodes * sizeof(*rank));
    size_t head = 0, tail = 0;
    order[tail++] = 0;
    while (head < tail) {
        uint32_t n = order[head++];
        for (uint32_t e = b.first[n]; e != NONE; e = b.edges[e].next) {
            order[tail++] = b.edges[e].to;
        }
        if (m->nodes[n].space != NONE) {
            order[tail++] = m->nodes[n].space;
        }
    }
    for (size_t k = 0; k < tail; k++) {
        rank[order[k]] = (uint32_t)k;
    }
    struct term_node *nodes = xmalloc(m->n_nodes * sizeof(*nodes));
    m->next = xcalloc(m->n_nodes * m->n_cls, sizeof(*m->next));
    for (size_t k = 0; k < tail; k++) {
        uint32_t n = order[k];
        nodes[k] = m->nodes[n];
        if (nodes[k].space != NONE) {
            nodes[k].space = rank[nodes[k].space];
        }
        for (uint32_t e = b.first[n]; e != NONE; e = b.edges[e].next) {
            uint32_t to = b.edges[e].to;
            bool ends = m->nodes[to].ends || m->nodes[to].prefix_ends;
            m->next[k * m->n_cls + m->cls[b.edges[e].byte]] = rank[to] | (ends ? ENDS_HERE : 0);
        }
    }
    free(m->nodes);
    m->nodes = nodes;
    m->n_nodes = tail;
    free(order);
    free(rank);
    for (size_t c = 0; c < 256; c++) {
        m->word[c] = is_word((unsigned char)c);
    }
    free(b.edges);
    free(b.first);
    if (!any) {
        term_matcher_free(m);
        return NULL;
    }
    return m;
}

void
term_matcher_free(struct term_matcher *m)
{
    if (!m) {
        return;
    }
    free(m->nodes);
    free(m->next);
    free(m);
}

/* The categories of terms ending at node n, with text[i] (or the end) after them. */
static uint64_t
ends_at(const struct term_matcher *m, uint32_t n, const unsigned char *text, size_t len, size_t i)
{
    const struct term_node *node = &m->nodes[n];

    return node->prefix_ends | (i == len || !m->word[text[i]] ? node->ends : 0);
}

/* The categories of terms starting at text[p]: one walk down the trie. */
static uint64_t
walk(const struct term_matcher *m, const unsigned char *text, size_t len, size_t p)
{
    const uint8_t *cls = m->cls;
    uint64_t found = 0;
    uint32_t n = 0;

    for (size_t i = p; i < len;) {
        unsigned char c = text[i];
        if (cls[c]) {
            uint32_t e = m->next[n * m->n_cls + cls[c]];
            if (!e) {
                break;
            }
            n = e & ~ENDS_HERE;
            i++;
            if (e & ENDS_HERE) {
                found |= ends_at(m, n, text, len, i);
            }
        } else if (is_space(c) && m->nodes[n].space != NONE) {
            const struct term_node *node = &m->nodes[n];
            size_t run = 1;
            while (i + run < len && is_space(text[i + run])) {
                run++;
            }
            if (run < node->spaces) {
                break;
            }
            n = node->space;
            /* A term ending after the spaces may stop before the last one, at a space. */
            found |= run > node->spaces ? m->nodes[n].ends : 0;
            i += run;
            found |= ends_at(m, n, text, len, i);
        } else {
            break;
        }
    }
    return found;
}

uint64_t
term_matcher_scan(const struct term_matcher *m, const unsigned char *text, size_t len)
{
    const uint8_t *word = m->word;
    uint64_t found = 0;

    /* (?<![\w]): a term starts at the text's start or after a non-word byte. */
    for (size_t p = 0; p < len;) {
        found |= walk(m, text, len, p);
        if (!word[text[p]]) {
            p++;
            continue;
        }
        while (p < len && word[text[p]]) {
            p++;
        }
        p++; /* after a word byte: no start there */
    }
    return found;
}
