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
 * match ASCII text and is left out. Terms of more than 32,767 trie nodes, or of more than 63
 * distinct bytes (a letter and its capital count once, white space once), are not built into a
 * trie at all: every category keeps its regex. tests/fuzz/fuzz_gating.c and the warnings tests
 * compare the result with the regex run everywhere.
 *
 * The trie's edges are on byte classes, white space being one class: a space in a term is an
 * edge to a node that loops on white space, so "\s+" needs no code of its own. A walk is a
 * chain of dependent loads, so four run side by side, and the trie is laid out for the cache:
 * a node is a 16-byte row holding a bit per class it has an edge on and the row of its first
 * child, the children following in class order (a popcount finds the one for a class). Each
 * node's children lie together, right after the children of the node's previous sibling's
 * subtree, so a walk down a chain of single children reads consecutive rows.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/xalloc.h"

#include "common/banned.h"

#define NONE      UINT32_MAX
#define SPACE     0x01 /* the edge byte of a space in a term: terms hold no control character */
#define ENDS_HERE 0x8000u
#define DEAD      0 /* row 0: every entry leads back to it */
#define LANES     4

struct term_node {
    uint64_t ends;        /* categories with a term ending here: (?![\w]) must follow */
    uint64_t prefix_ends; /* categories with a term "...*" ending here: any word ending follows */
    uint32_t spaces;      /* at a node with a space edge: how many spaces the terms have there */
    bool loops;           /* the last node of a run of spaces: more white space stays here */
};

#define ROW_ENDS  0x1u /* a term ends at the row: its node says which (nodes[row]) */
#define ROW_LOOPS 0x2u /* more white space stays at the row */

/* A node of the built trie (16 bytes): its children are rows first, first + 1, ..., one for
 * each class in `classes`, in class order. */
struct term_row {
    uint64_t classes; /* bit c: an edge on byte class c */
    uint32_t first;
    uint32_t flags; /* ROW_ENDS, ROW_LOOPS */
};

struct term_matcher {
    struct term_node *nodes; /* after building: by row, what ends where ROW_ENDS is set */
    size_t n_nodes, cap_nodes;
    /*
     * After building: rows[row] is a node of the trie, row DEAD (0) the one with no edges.
     * Letters share a byte class with their capitals, and the six white-space bytes have one;
     * class 0 holds the bytes no term has, and at most 64 classes are used.
     */
    uint8_t cls[256];
    size_t n_cls;
    size_t space_cls; /* the white-space class, 0 when no term has a space */
    struct term_row *rows;
    uint32_t root;         /* its row */
    uint8_t word[256];     /* \w: [A-Za-z0-9_] */
    bool word_starts_only; /* no term starts with white space or punctuation */
    /*
     * A bit per triple of byte classes: whether a walk from the root over those three bytes
     * passes a term's end or is still alive after them. Where it is not, the walk can find
     * nothing, and most word starts of ordinary text ("the", "and") are ruled out at the cost of
     * one bit test instead of a walk.
     */
    uint64_t *first3;
    uint32_t *first3_rank; /* per word of first3: the bits set in the words before it */
    /*
     * Where first3 lets a walk start, one entry per bit set in first3, in their order: the row a
     * walk from the root reaches over those three classes, ENDS_HERE when a term ends on the way
     * (the walk then starts from the root, to check what follows each end). A walk so starts
     * three bytes in: their first steps were three dependent loads. Only the triples first3 lets
     * through have an entry (643 of 50,653 with the shipped warnings pack: a table of 1.3 KB
     * instead of 100 KB), so the lookup stays in cache.
     */
    uint16_t *after3;
    /*
     * A hashed bit per quadruple of byte classes (first4_bit): set when a walk over those four
     * bytes passes a term's end or is still alive after them (any fourth byte, when a term ends
     * in the first three). Of the word starts first3 lets through, six in ten die on their
     * fourth byte; this bitmap, asked first, turns them away before the loads of a walk, which
     * mostly miss the cache (the detection pass runs between two texts).
     */
    uint64_t *first4;
};

/* Byte classes, class 0 included: a row has a bit for each (first3 then takes 32 KiB). */
#define TERM_CLASSES_MAX 64
/* first4's bits: 2^15 (4 KiB), of which the shipped warnings pack sets 2,790 or so. */
#define FIRST4_LOG2 15

/* Children while building: a singly linked list per node. */
struct build_edge {
    unsigned char byte;
    uint32_t to, next;
};

struct builder {
    struct term_matcher *m;
    struct build_edge *edges;
    size_t n_edges, cap_edges;
    uint32_t *first; /* per node */
};

static bool
is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
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
    m->nodes[m->n_nodes] = (struct term_node){0, 0, 0, false};
    b->first[m->n_nodes] = NONE;
    return (uint32_t)m->n_nodes++;
}

static uint32_t
find_child(const struct builder *b, uint32_t node, unsigned char byte)
{
    for (uint32_t e = b->first[node]; e != NONE; e = b->edges[e].next) {
        if (b->edges[e].byte == byte) {
            return b->edges[e].to;
        }
    }
    return NONE;
}

static uint32_t
child(struct builder *b, uint32_t node, unsigned char byte)
{
    uint32_t to = find_child(b, node, byte);

    if (to != NONE) {
        return to;
    }
    to = new_node(b);
    if (b->n_edges == b->cap_edges) {
        b->cap_edges = b->cap_edges ? 2 * b->cap_edges : 256;
        b->edges = xrealloc(b->edges, b->cap_edges * sizeof(*b->edges));
    }
    b->edges[b->n_edges] = (struct build_edge){byte, to, b->first[node]};
    b->first[node] = (uint32_t)b->n_edges++;
    return to;
}

/*
 * The node after a run of `spaces` spaces in a term: a chain of that many nodes, the last of
 * which loops on white space. NONE if the node already has a run of another length ("a b" and
 * "a  b" would need both a loop and an edge there: rare enough to leave to the regex).
 */
static uint32_t
after_spaces(struct builder *b, uint32_t node, uint32_t spaces)
{
    if (find_child(b, node, SPACE) != NONE && b->m->nodes[node].spaces != spaces) {
        return NONE;
    }
    b->m->nodes[node].spaces = spaces;
    for (uint32_t k = 0; k < spaces; k++) {
        node = child(b, node, SPACE);
    }
    b->m->nodes[node].loops = true;
    return node;
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
            node = after_spaces(b, node, spaces);
            if (node == NONE) {
                return false;
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

/* The bits set in x: SWAR, since the build targets no CPU with a popcount instruction. */
static uint32_t
bits_set(uint64_t x)
{
    x -= (x >> 1) & UINT64_C(0x5555555555555555);
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
    return (uint32_t)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* The bits set in x below bit c (c < 64): the rank of a class among a row's children. */
static uint32_t
bits_below(uint64_t x, size_t c)
{
    return bits_set(x & (((uint64_t)1 << c) - 1));
}

/* One step of a walk: the row after byte class c from row (DEAD leads only to DEAD). */
static uint32_t
step(const struct term_matcher *m, uint32_t row, size_t c)
{
    const struct term_row *t = &m->rows[row];

    if (t->classes >> c & 1) {
        return t->first + bits_below(t->classes, c);
    }
    return c == m->space_cls && (t->flags & ROW_LOOPS) ? row : DEAD;
}

static size_t
edge_class(const struct term_matcher *m, const struct build_edge *e)
{
    return m->cls[e->byte == SPACE ? ' ' : e->byte];
}

/* The children of node in class order (one per class: at most TERM_CLASSES_MAX). */
static size_t
sorted_children(const struct term_matcher *m, const struct builder *b, uint32_t node,
                const struct build_edge **out)
{
    size_t n = 0;

    for (uint32_t e = b->first[node]; e != NONE; e = b->edges[e].next) {
        size_t k = n++;
        while (k > 0 && edge_class(m, out[k - 1]) > edge_class(m, &b->edges[e])) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = &b->edges[e];
    }
    return n;
}

/*
 * The rows, after the dead one: the root, its children, then depth first, each node's children
 * as one block (the walk's next row is the block's first plus the class's rank in it). Too many
 * nodes for 15 bits or too many classes for a row's 64 bits, and the matcher is not built
 * (every category keeps its regex).
 */
static bool
build_table(struct term_matcher *m, const struct builder *b)
{
    m->n_cls = 1;
    for (size_t e = 0; e < b->n_edges; e++) {
        unsigned char c = b->edges[e].byte == SPACE ? ' ' : b->edges[e].byte;
        if (m->cls[c]) {
            continue;
        }
        if (c == ' ') {
            for (const char *w = " \t\n\v\f\r"; *w; w++) {
                m->cls[(unsigned char)*w] = (uint8_t)m->n_cls;
            }
        }
        m->cls[c] = (uint8_t)m->n_cls;
        if (c >= 'a' && c <= 'z') {
            m->cls[c - 32] = (uint8_t)m->n_cls;
        }
        m->n_cls++;
    }
    m->space_cls = m->cls[' '];
    size_t rows = m->n_nodes + 1;
    if (rows >= ENDS_HERE || m->n_cls > TERM_CLASSES_MAX) {
        return false;
    }
    uint32_t *rank = xmalloc(m->n_nodes * sizeof(*rank));
    uint32_t *stack = xmalloc(m->n_nodes * sizeof(*stack));
    const struct build_edge *kids[TERM_CLASSES_MAX];
    size_t depth = 0;
    uint32_t next = 1;
    struct term_row *out = xcalloc(rows, sizeof(*out));
    struct term_node *nodes = xcalloc(rows, sizeof(*nodes));

    rank[0] = next++;
    stack[depth++] = 0;
    while (depth > 0) {
        uint32_t n = stack[--depth], row = rank[n];
        size_t k = sorted_children(m, b, n, kids);
        nodes[row] = m->nodes[n];
        out[row].first = k ? next : DEAD;
        out[row].flags = (m->nodes[n].ends || m->nodes[n].prefix_ends ? ROW_ENDS : 0) |
                         (m->nodes[n].loops ? ROW_LOOPS : 0);
        for (size_t i = 0; i < k; i++) {
            out[row].classes |= (uint64_t)1 << edge_class(m, kids[i]);
            rank[kids[i]->to] = next++;
        }
        for (size_t i = k; i-- > 0;) { /* the first child's block comes next */
            stack[depth++] = kids[i]->to;
        }
    }
    free(m->nodes);
    m->nodes = nodes;
    m->rows = out;
    m->n_nodes = rows;
    m->root = rank[0];
    free(rank);
    free(stack);
    m->word_starts_only = true;
    for (size_t c = 0; c < 256; c++) {
        m->word[c] = is_word((unsigned char)c);
        m->word_starts_only &= m->word[c] || step(m, m->root, m->cls[c]) == DEAD;
    }
    return true;
}

/* The bit of first4 for the classes of a triple (triple_at) and a fourth byte. */
static size_t
first4_bit(const struct term_matcher *m, size_t triple, size_t d)
{
    uint32_t quad = (uint32_t)(triple * m->n_cls + d); /* below 64^4 */

    return (size_t)((quad * UINT32_C(0x9E3779B1)) >> (32 - FIRST4_LOG2));
}

static void
first4_set(struct term_matcher *m, size_t triple, size_t d)
{
    size_t bit = first4_bit(m, triple, d);

    m->first4[bit / 64] |= (uint64_t)1 << (bit % 64);
}

static void
build_first3(struct term_matcher *m)
{
    const size_t nc = m->n_cls, words = (nc * nc * nc + 63) / 64;
    size_t n_after3 = 0;
    m->first3 = xcalloc(words, sizeof(*m->first3));
    m->first3_rank = xcalloc(words, sizeof(*m->first3_rank));
    m->after3 = xcalloc(nc * nc * nc, sizeof(*m->after3)); /* trimmed below */
    m->first4 = xcalloc(((size_t)1 << FIRST4_LOG2) / 64, sizeof(*m->first4));
    for (size_t a = 0; a < nc; a++) {
        uint32_t ra = step(m, m->root, a);
        for (size_t b = 0; b < nc; b++) {
            uint32_t rb = step(m, ra, b);
            for (size_t c = 0; c < nc; c++) {
                uint32_t rc = step(m, rb, c);
                bool ends = (m->rows[ra].flags | m->rows[rb].flags | m->rows[rc].flags) & ROW_ENDS;
                size_t bit = (a * nc + b) * nc + c;
                if (!ends && rc == DEAD) {
                    continue;
                }
                m->first3[bit / 64] |= (uint64_t)1 << (bit % 64);
                m->after3[n_after3++] = ends ? ENDS_HERE : (uint16_t)rc; /* in bit order */
                /* the fourth byte: any after an end, else one the walk from rc goes on with */
                for (size_t d = 0; d < nc; d++) {
                    if (ends || step(m, rc, d) != DEAD) {
                        first4_set(m, bit, d);
                    }
                }
            }
        }
    }
    m->after3 = xrealloc(m->after3, (n_after3 ? n_after3 : 1) * sizeof(*m->after3));
    for (size_t w = 0, below = 0; w < words; w++) {
        m->first3_rank[w] = (uint32_t)below;
        below += bits_set(m->first3[w]);
    }
}

/* The classes of text[at..at+3) as an index of first3 and after3; bytes past the end read as
 * class 0. */
static size_t
triple_at(const struct term_matcher *m, const unsigned char *text, size_t len, size_t at)
{
    const size_t nc = m->n_cls;
    if (at + 2 < len) { /* one test instead of two on all but the text's last bytes */
        return ((size_t)m->cls[text[at]] * nc + m->cls[text[at + 1]]) * nc + m->cls[text[at + 2]];
    }
    size_t a = m->cls[text[at]];
    size_t b = at + 1 < len ? m->cls[text[at + 1]] : 0;
    size_t c = at + 2 < len ? m->cls[text[at + 2]] : 0;

    return (a * nc + b) * nc + c;
}

struct term_matcher *
term_matcher_build(struct scrub_rules *rs)
{
    struct term_matcher *m = xcalloc(1, sizeof(*m));
    struct builder b = {m, NULL, 0, 0, NULL};
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
    bool built = any && build_table(m, &b);
    free(b.edges);
    free(b.first);
    if (!built) {
        for (size_t i = 0; i < rs->n_warnings; i++) {
            rs->warnings[i].terms_by_matcher = false;
        }
        term_matcher_free(m);
        return NULL;
    }
    build_first3(m);
    return m;
}

void
term_matcher_free(struct term_matcher *m)
{
    if (!m) {
        return;
    }
    free(m->nodes);
    free(m->rows);
    free(m->first3);
    free(m->first3_rank);
    free(m->after3);
    free(m->first4);
    free(m);
}

/* The categories of the terms ending at row, entered before text[i]: text[i] must not be a word
 * byte, unless the term takes any word ending. */
static uint64_t
ends_at(const struct term_matcher *m, uint32_t row, const unsigned char *text, size_t len, size_t i)
{
    const struct term_node *node = &m->nodes[row];

    return node->prefix_ends | (i == len || !m->word[text[i]] ? node->ends : 0);
}

/* A walk from start: three bytes in when its entry (start_entry) allows it, else from the root. */
struct walk {
    uint32_t row;
    size_t at; /* the next byte to read */
};

static struct walk
walk_from(const struct term_matcher *m, uint32_t start, uint32_t entry)
{
    if (!(entry & ENDS_HERE)) {
        return (struct walk){entry, (size_t)start + 3};
    }
    return (struct walk){m->root, start};
}

/*
 * The categories of terms starting at starts[0..n) (entries[k]: where the walk from starts[k]
 * starts, start_entry): LANES walks down the trie side by side, a lane taking the next start as
 * soon as its walk dies, since walks differ in length.
 */
static uint64_t
walk_all(const struct term_matcher *m, const unsigned char *text, size_t len,
         const uint32_t *starts, const uint32_t *entries, size_t n)
{
    const uint8_t *cls = m->cls;
    uint64_t found = 0;
    struct walk lane[LANES];
    size_t next = 0;

    for (size_t l = 0; l < LANES; l++) {
        lane[l] = (struct walk){DEAD, len};
    }
    for (;;) {
        uint32_t alive = 0;
        for (size_t l = 0; l < LANES; l++) {
            if (lane[l].row == DEAD && next < n) {
                lane[l] = walk_from(m, starts[next], entries[next]);
                next++;
            }
            alive |= lane[l].row;
        }
        if (!alive) {
            break;
        }
        for (size_t l = 0; l < LANES; l++) {
            size_t at = lane[l].at;
            uint32_t row = lane[l].row;
            if (m->rows[row].flags & ROW_ENDS) {
                found |= ends_at(m, row, text, len, at);
            }
            lane[l].row = step(m, row, at < len ? cls[text[at]] : 0); /* class 0: no edge */
            lane[l].at = at + 1;
        }
    }
    return found;
}

/* Bit k set when text[k] (k < n <= 64, ASCII) is a word byte. */
static uint64_t
word_mask(const struct term_matcher *m, const unsigned char *text, size_t n)
{
    uint64_t mask = 0;
    size_t k = 0;

#if defined(__SSE2__)
    /* ASCII bytes compare as signed: letters by their lower case, digits, '_'. */
    const __m128i lo_a = _mm_set1_epi8('a' - 1), hi_z = _mm_set1_epi8('z' + 1);
    const __m128i lo_0 = _mm_set1_epi8('0' - 1), hi_9 = _mm_set1_epi8('9' + 1);
    const __m128i under = _mm_set1_epi8('_'), case_bit = _mm_set1_epi8(0x20);
    for (; k + 16 <= n; k += 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(text + k));
        __m128i l = _mm_or_si128(c, case_bit);
        __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(l, lo_a), _mm_cmplt_epi8(l, hi_z));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(c, lo_0), _mm_cmplt_epi8(c, hi_9));
        __m128i w = _mm_or_si128(_mm_or_si128(alpha, digit), _mm_cmpeq_epi8(c, under));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(w) << k;
    }
#endif
    for (; k < n; k++) {
        mask |= (uint64_t)m->word[text[k]] << k;
    }
    return mask;
}

/*
 * Where a walk for a term starting at text[at] (its first three classes: triple t) starts: DEAD
 * when none can start there (first4's bit for the four bytes, then first3's, which is exact),
 * ENDS_HERE for a walk from the root, else the row three bytes in.
 */
static uint32_t
start_entry(const struct term_matcher *m, const unsigned char *text, size_t len, size_t at,
            size_t t)
{
    size_t bit = first4_bit(m, t, at + 3 < len ? m->cls[text[at + 3]] : 0);
    if (!(m->first4[bit / 64] >> (bit % 64) & 1)) {
        return DEAD;
    }
    uint64_t word = m->first3[t / 64];
    if (!(word >> (t % 64) & 1)) {
        return DEAD;
    }
    return m->after3[m->first3_rank[t / 64] + bits_below(word, t % 64)];
}

uint64_t
term_matcher_scan(const struct term_matcher *m, const unsigned char *text, size_t len, size_t from,
                  size_t to)
{
    uint32_t starts[64], entries[64];
    uint64_t found = 0;
    size_t first = from - from % 64, end = to < len ? to : len;
    /* prev: whether the byte before the block is a word byte */
    uint64_t prev = first > 0 ? m->word[text[first - 1]] : 0;

    /* (?<![\w]): a term starts at the text's start or after a non-word byte; when every term
     * starts with a word byte, only where a run of them starts. */
    for (size_t base = first; base < end; base += 64) {
        size_t n = len - base < 64 ? len - base : 64, k = 0;
        uint64_t w = word_mask(m, text + base, n);
        uint64_t cand = ~(w << 1 | prev);
        if (m->word_starts_only) {
            cand &= w;
        } else if (n < 64) {
            cand &= ((uint64_t)1 << n) - 1;
        }
        if (base < from) {
            cand &= ~(uint64_t)0 << (from - base);
        }
        if (end - base < 64) {
            cand &= ((uint64_t)1 << (end - base)) - 1;
        }
        for (; cand; cand &= cand - 1) {
            size_t at = base + literals_lowest_bit(cand);
            size_t t = triple_at(m, text, len, at);
            uint32_t entry = start_entry(m, text, len, at, t);
            if (entry != DEAD) {
                entries[k] = entry;
                starts[k++] = (uint32_t)at;
            }
        }
        found |= walk_all(m, text, len, starts, entries, k);
        prev = w >> 63;
    }
    return found;
}
