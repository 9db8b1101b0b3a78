/*
 * The trigger index: an Aho-Corasick automaton over the required literals of every pattern
 * (literals.c finds them), built once per pack, on a thread of its own or by the first scan that
 * needs it, and scanned over each text to tell which patterns can match and where. The layout is
 * in trigger_index_internal.h, shared with literals_store.c, which keeps it in the pattern cache.
 */
#include "scrub/literals_internal.h"
#include "scrub/trigger_index_internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

static uint32_t
new_node(struct trigger_index *t)
{
    if (t->n_nodes == t->cap_nodes) {
        t->cap_nodes = t->cap_nodes ? 2 * t->cap_nodes : 256;
        t->nodes = xrealloc(t->nodes, size_mul(t->cap_nodes, sizeof(*t->nodes)));
    }
    t->nodes[t->n_nodes] = (struct trie_node){UINT32_MAX, 0, UINT32_MAX};
    return (uint32_t)t->n_nodes++;
}

struct trigger_index *
trigger_index_alloc(size_t n_ids)
{
    struct trigger_index *t = xcalloc(1, sizeof(*t));
    t->n_ids = n_ids;
    t->want_pos = xcalloc(n_ids + 1, 1);
    new_node(t);
    return t;
}

struct trigger_index *
trigger_index_new(size_t n_ids)
{
    struct trigger_index *t = trigger_index_alloc(n_ids);
    t->ascii = trigger_index_alloc(n_ids);
    t->wide = trigger_index_alloc(n_ids);
    return t;
}

void
trigger_index_free(struct trigger_index *t)
{
    if (!t) {
        return;
    }
    if (t->build && t->build->started) {
        (void)pthread_join(t->build->thread, NULL);
    }
    free(t->build);
    free(t->nodes);
    free(t->edges);
    free(t->outs);
    free(t->delta);
    free(t->delta16);
    free(t->out);
    free(t->range);
    free(t->want_pos);
    free(t->final_of);
    free(t->child_first);
    free(t->child_to);
    free(t->child_cls);
    trigger_index_free(t->ascii);
    trigger_index_free(t->wide);
    free(t);
}

void
trigger_index_want_positions(struct trigger_index *t, size_t id)
{
    t->want_pos[id] = 1;
    if (t->ascii) {
        t->ascii->want_pos[id] = 1;
    }
    if (t->wide) {
        t->wide->want_pos[id] = 1;
    }
}

void
trigger_positions_init(struct trigger_positions *p, size_t n_ids)
{
    memset(p, 0, sizeof(*p));
    p->n_ids = n_ids;
    p->list = xmalloc(size_mul(n_ids + 1, sizeof(*p->list)));
    p->touched = xmalloc(size_mul(n_ids + 1, sizeof(*p->touched)));
    for (size_t id = 0; id <= n_ids; id++) {
        p->list[id] = (struct trigger_list){TRIGGER_NONE, TRIGGER_NONE, 0};
    }
}

void
trigger_positions_release(struct trigger_positions *p)
{
    free(p->list);
    free(p->touched);
    free(p->visited);
    free(p->marked);
    free(p->v);
    free(p->pending);
    memset(p, 0, sizeof(*p));
}

/* Past this many recorded hits in one text the lists are dropped (searches run unwindowed). */
#define TRIGGER_POSITIONS_MAX ((size_t)1 << 22)

/*
 * A new entry for a hit of id, not yet linked, or TRIGGER_NONE once there are too many. Inline:
 * as a call of its own it cost record_position a quarter more.
 */
static inline uint32_t
new_position(struct trigger_positions *p, uint32_t id, size_t start)
{
    uint32_t k;

    if (p->overflow) {
        return TRIGGER_NONE;
    }
    if (p->n == TRIGGER_POSITIONS_MAX) {
        p->overflow = true;
        return TRIGGER_NONE;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->v = xrealloc(p->v, size_mul(p->cap, sizeof(*p->v)));
    }
    k = (uint32_t)p->n++;
    if (p->list[id].count++ == 0) {
        p->touched[p->n_touched++] = id;
    }
    p->v[k].start = start;
    p->v[k].next = TRIGGER_NONE;
    p->v[k].prev = TRIGGER_NONE;
    return k;
}

/* Add a hit to id's list, which stays in ascending order of start. */
static void
record_position(struct trigger_positions *p, uint32_t id, size_t start)
{
    uint32_t k = new_position(p, id, start);
    struct trigger_list *l = &p->list[id];

    if (k == TRIGGER_NONE) {
        return;
    }
    if (l->last == TRIGGER_NONE) {
        l->first = l->last = k;
    } else if (p->v[l->last].start <= start) {
        p->v[k].prev = l->last;
        p->v[l->last].next = k;
        l->last = k;
    } else if (p->v[l->first].start > start) {
        /* a longer literal ending later can start before shorter ones ending earlier */
        p->v[k].next = l->first;
        p->v[l->first].prev = k;
        l->first = k;
    } else {
        /*
         * Between the first and the last. The hits it goes before ended at most one literal's
         * length ago, so they are found walking back from the last: from the first, a long text
         * with many hits of one id took time quadratic in their number.
         */
        uint32_t at = l->last;
        while (p->v[at].start > start) {
            at = p->v[at].prev;
        }
        p->v[k].prev = at;
        p->v[k].next = p->v[at].next;
        p->v[p->v[at].next].prev = k;
        p->v[at].next = k;
    }
}

static int
by_id_then_start(const void *a, const void *b)
{
    const struct trigger_hit *x = a, *y = b;

    if (x->id != y->id) {
        return x->id < y->id ? -1 : 1;
    }
    return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Merge hits[0..n) of id, in ascending order of start, into its list: one walk forward. Hits
 * from a second automaton fall anywhere in the list, so inserting each walking back from the
 * last (record_position) would be quadratic in their number.
 */
static void
merge_run(struct trigger_positions *p, uint32_t id, const struct trigger_hit *hits, size_t n)
{
    uint32_t before = TRIGGER_NONE, at = p->list[id].first;

    for (size_t h = 0; h < n; h++) {
        while (at != TRIGGER_NONE && p->v[at].start <= hits[h].start) {
            before = at;
            at = p->v[at].next;
        }
        uint32_t k = new_position(p, id, hits[h].start);
        if (k == TRIGGER_NONE) {
            return;
        }
        p->v[k].prev = before;
        p->v[k].next = at;
        if (before == TRIGGER_NONE) {
            p->list[id].first = k;
        } else {
            p->v[before].next = k;
        }
        if (at == TRIGGER_NONE) {
            p->list[id].last = k;
        } else {
            p->v[at].prev = k;
        }
        before = k;
    }
}

/* Merge the pending hits (in any order) into the lists, then forget them. */
static void
merge_pending(struct trigger_positions *p)
{
    size_t a = 0;

    if (!p->n_pending) {
        return; /* pending may be NULL, which qsort must not be given */
    }
    qsort(p->pending, p->n_pending, sizeof(*p->pending), by_id_then_start);
    while (a < p->n_pending && !p->overflow) {
        size_t b = a + 1;
        while (b < p->n_pending && p->pending[b].id == p->pending[a].id) {
            b++;
        }
        merge_run(p, p->pending[a].id, p->pending + a, b - a);
        a = b;
    }
    p->n_pending = 0;
}

size_t
trigger_index_ids(const struct trigger_index *t)
{
    return t->n_ids;
}

static uint32_t
child(const struct trigger_index *t, uint32_t node, unsigned char b)
{
    for (uint32_t e = t->nodes[node].next_first; e != UINT32_MAX; e = t->edges[e].sibling) {
        if (t->edges[e].byte == b) {
            return t->edges[e].to;
        }
    }
    return UINT32_MAX;
}

/* Positions need every literal length; presence needs only the id (want_pos says which). */
static void
add_out(struct trigger_index *t, uint32_t node, uint32_t id, uint32_t len)
{
    for (uint32_t o = t->nodes[node].out_first; o != UINT32_MAX; o = t->outs[o].next) {
        if (t->outs[o].id == id && (!t->want_pos[id] || t->outs[o].len == len)) {
            return;
        }
    }
    if (t->n_outs == t->cap_outs) {
        t->cap_outs = t->cap_outs ? 2 * t->cap_outs : 64;
        t->outs = xrealloc(t->outs, size_mul(t->cap_outs, sizeof(*t->outs)));
    }
    t->outs[t->n_outs] = (struct out_item){id, t->nodes[node].out_first, len};
    t->nodes[node].out_first = (uint32_t)t->n_outs++;
}

/* Whether one of the first n bytes of s is >= 0x80. */
static bool
has_non_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            return true;
        }
    }
    return false;
}

/* The bytes of lit that are indexed. */
static size_t
indexed_len(const char *lit)
{
    size_t n = strlen(lit);

    if (n > TRIGGER_LITERAL_MAX) {
        n = TRIGGER_LITERAL_MAX;
        while (n > 0 && ((unsigned char)lit[n] & 0xC0) == 0x80) {
            n--;
        }
    }
    return n;
}

/* Index the first n bytes of lit. */
static void
add_literal(struct trigger_index *t, size_t id, const char *lit, size_t n)
{
    uint32_t node = 0;

    for (const unsigned char *b = (const unsigned char *)lit; b < (const unsigned char *)lit + n;
         b++) {
        uint32_t next = child(t, node, *b);
        if (next == UINT32_MAX) {
            next = new_node(t);
            if (t->n_edges == t->cap_edges) {
                t->cap_edges = t->cap_edges ? 2 * t->cap_edges : 256;
                t->edges = xrealloc(t->edges, size_mul(t->cap_edges, sizeof(*t->edges)));
            }
            t->edges[t->n_edges] = (struct trie_edge){next, t->nodes[node].next_first, *b};
            t->nodes[node].next_first = (uint32_t)t->n_edges++;
        }
        node = next;
    }
    add_out(t, node, (uint32_t)id, (uint32_t)n);
    t->max_len = n > t->max_len ? n : t->max_len;
}

/*
 * A literal goes to wide when the bytes indexed have one >= 0x80, else to the owner (a long
 * literal cut to an ASCII prefix too: the scan of wide covers only bytes near a high one).
 */
static void
add_for_any_text(struct trigger_index *t, size_t id, const char *lit, size_t n)
{
    add_literal(t->wide && has_non_ascii(lit, n) ? t->wide : t, id, lit, n);
}

void
trigger_index_add(struct trigger_index *t, size_t id, const struct literal_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        size_t n = indexed_len(set->v[i]);
        add_for_any_text(t, id, set->v[i], n);
        if (t->ascii && !has_non_ascii(set->v[i], strlen(set->v[i]))) {
            add_literal(t->ascii, id, set->v[i], n);
        }
    }
}

void
trigger_index_add_non_ascii(struct trigger_index *t, size_t id, const struct literal_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        add_for_any_text(t, id, set->v[i], indexed_len(set->v[i]));
    }
}

/* The transition table has 16-bit entries when the states fit, else 32-bit ones. */
static uint32_t
delta_get(const struct trigger_index *t, size_t i)
{
    return t->delta16 ? t->delta16[i] : t->delta[i];
}

static void
delta_set(struct trigger_index *t, size_t i, uint32_t to)
{
    if (t->delta16) {
        t->delta16[i] = (uint16_t)to;
    } else {
        t->delta[i] = to;
    }
}

static void
delta_copy_row(struct trigger_index *t, uint32_t to, uint32_t from)
{
    size_t n = t->n_cls;

    if (t->delta16) {
        memcpy(t->delta16 + (size_t)to * n, t->delta16 + (size_t)from * n, n * sizeof(*t->delta16));
    } else {
        memcpy(t->delta + (size_t)to * n, t->delta + (size_t)from * n, n * sizeof(*t->delta));
    }
}

static void build_one(struct trigger_index *t);

/* What only non-ASCII text needs: the owner (unless ASCII text uses it too) and wide. */
static void
build_rest(struct trigger_index *t)
{
    if (t->ascii) {
        build_one(t);
    }
    if (t->wide) {
        build_one(t->wide);
    }
}

static void *
build_in_background(void *arg)
{
    struct trigger_index *t = arg;

    build_rest(t);
    atomic_store_explicit(&t->build->ready, true, memory_order_release);
    return NULL;
}

int
trigger_index_build_on(struct trigger_index *t, unsigned threads, struct err *err)
{
    /* The same states and ids: no literal is for non-ASCII text only, the owner will do. */
    if (t->ascii && t->ascii->n_nodes == t->n_nodes && t->ascii->n_outs == t->n_outs) {
        trigger_index_free(t->ascii);
        t->ascii = NULL;
    }
    if (t->wide && t->wide->n_outs == 0) {
        trigger_index_free(t->wide); /* no literal has a byte >= 0x80 */
        t->wide = NULL;
    }
    /* The one limit (the ASCII automaton has fewer states than the owner). */
    if (t->n_nodes >= UINT32_MAX || (t->wide && t->wide->n_nodes >= UINT32_MAX)) {
        return err_set(err, ERR_LIMIT, "trigger index: %zu states is too many",
                       t->wide && t->wide->n_nodes > t->n_nodes ? t->wide->n_nodes : t->n_nodes);
    }
    trigger_index_start(t, threads);
    return 0;
}

void
trigger_index_start(struct trigger_index *t, unsigned threads)
{
    build_one(t->ascii ? t->ascii : t); /* the automaton for ASCII text */
    /*
     * Most texts, and the normalised views of most others, are ASCII: with a thread to spare,
     * the automata for the rest are built while the first texts are scanned; without one, by
     * the first text that needs them (a run on ASCII text never builds their tables).
     */
    t->build = xcalloc(1, sizeof(*t->build));
    t->build->index = t;
    atomic_init(&t->build->ready, !t->ascii && !t->wide);
    atomic_init(&t->build->claimed, false);
    if (threads > 1 && (t->ascii || t->wide) &&
        pthread_create(&t->build->thread, NULL, build_in_background, t) == 0) {
        t->build->started = true;
    }
}

int
trigger_index_build(struct trigger_index *t, struct err *err)
{
    return trigger_index_build_on(t, 1, err);
}

/* The automata for non-ASCII text once built: the first scan to need them builds them, others
 * wait for that. */
void
trigger_index_wait_built(const struct trigger_index *t)
{
    struct build_state *b = t->build;

    if (atomic_load_explicit(&b->ready, memory_order_acquire)) {
        return;
    }
    if (!b->started && !atomic_exchange_explicit(&b->claimed, true, memory_order_acq_rel)) {
        build_rest(b->index);
        atomic_store_explicit(&b->ready, true, memory_order_release);
        return;
    }
    while (!atomic_load_explicit(&b->ready, memory_order_acquire)) {
        (void)sched_yield();
    }
}

/*
 * Number the states breadth-first, so the root and the shallow states a scan of ordinary text
 * spends most of its time in have neighbouring rows: a few kilobytes of the table stay in the
 * first-level cache instead of rows scattered over all of it (the scan waits on those loads).
 */
static void
renumber_breadth_first(struct trigger_index *t)
{
    uint32_t *order = xmalloc(size_mul(t->n_nodes, sizeof(*order)));
    uint32_t *new_id = xmalloc(size_mul(t->n_nodes, sizeof(*new_id)));
    struct trie_node *nodes = xmalloc(size_mul(t->n_nodes, sizeof(*nodes)));
    size_t head = 0, tail = 0;

    order[tail++] = 0;
    while (head < tail) {
        uint32_t n = order[head++];
        new_id[n] = (uint32_t)(head - 1);
        for (uint32_t e = t->nodes[n].next_first; e != UINT32_MAX; e = t->edges[e].sibling) {
            order[tail++] = t->edges[e].to;
        }
    }
    for (size_t n = 0; n < t->n_nodes; n++) {
        nodes[new_id[n]] = t->nodes[n];
    }
    for (size_t e = 0; e < t->n_edges; e++) {
        t->edges[e].to = new_id[t->edges[e].to];
    }
    free(t->nodes);
    t->nodes = nodes;
    t->cap_nodes = t->n_nodes;
    free(order);
    free(new_id);
}

/* 0: state n reports no id; 1: only ids to mark once; 2: ids whose positions are wanted too. */
static unsigned
output_kind(const struct trigger_index *t, uint32_t n)
{
    unsigned kind = 0;

    for (uint32_t o = t->nodes[n].out_first; o != UINT32_MAX; o = t->outs[o].next) {
        if (t->want_pos[t->outs[o].id]) {
            return 2;
        }
        kind = 1;
    }
    return kind;
}

/* Move every row of the table to its state's new number (order[new] = old), one cycle at a time. */
static void
permute_rows(struct trigger_index *t, const uint32_t *order)
{
    const size_t n = t->n_cls, row = n * (t->delta16 ? sizeof(*t->delta16) : sizeof(*t->delta));
    unsigned char *base = t->delta16 ? (unsigned char *)t->delta16 : (unsigned char *)t->delta;
    unsigned char *tmp = xmalloc(row);
    uint8_t *done = xcalloc(t->n_nodes, 1);

    for (size_t start = 0; start < t->n_nodes; start++) {
        size_t at = start;
        if (done[start]) {
            continue;
        }
        memcpy(tmp, base + start * row, row);
        while (order[at] != start) {
            memcpy(base + at * row, base + (size_t)order[at] * row, row);
            done[at] = 1;
            at = order[at];
        }
        memcpy(base + at * row, tmp, row);
        done[at] = 1;
    }
    free(done);
    free(tmp);
}

/* The ids of each state (by its new number), positional ones first, flattened into out. */
static void
flatten_outputs(struct trigger_index *t, const uint32_t *order)
{
    size_t k = 0;

    t->range = xcalloc(t->n_nodes + 1, sizeof(*t->range));
    t->out = xmalloc(size_mul(t->n_outs + 1, sizeof(*t->out)));
    for (size_t n = 0; n < t->n_nodes; n++) {
        t->range[n].start = (uint32_t)k;
        for (int positional = 1; positional >= 0; positional--) {
            if (!positional) {
                t->range[n].mid = (uint32_t)k;
            }
            for (uint32_t o = t->nodes[order[n]].out_first; o != UINT32_MAX; o = t->outs[o].next) {
                if ((t->want_pos[t->outs[o].id] != 0) == positional) {
                    t->out[k++] = (struct trigger_out){t->outs[o].id, t->outs[o].len};
                }
            }
        }
    }
    t->range[t->n_nodes].start = (uint32_t)k;
}

/*
 * Renumber the built automaton: the root stays 0 (scans start there), then the states without
 * ids, then those with ids to mark once, then those with positional ids, each group breadth-first
 * as before. A scan then tells by one compare of the next state whether it has anything to do:
 * no flag bit in the table, so 16-bit entries reach 65,536 states instead of 32,768.
 */
static void
outputs_last(struct trigger_index *t)
{
    const size_t n = t->n_nodes, total = size_mul(n, t->n_cls);
    uint32_t *order = xmalloc(size_mul(n, sizeof(*order)));
    uint32_t *new_id = xmalloc(size_mul(n, sizeof(*new_id)));
    uint8_t *kind = xmalloc(n);
    size_t next = 0;

    for (size_t s = 0; s < n; s++) {
        kind[s] = (uint8_t)output_kind(t, (uint32_t)s);
    }
    order[next++] = 0;
    for (unsigned k = 0; k <= 2; k++) {
        for (size_t s = 1; s < n; s++) {
            if (kind[s] == k) {
                order[next++] = (uint32_t)s;
            }
        }
    }
    t->first_out = t->first_pos = (uint32_t)n;
    for (size_t s = n; s-- > 0;) {
        new_id[order[s]] = (uint32_t)s;
        t->first_out = kind[order[s]] >= 1 ? (uint32_t)s : t->first_out;
        t->first_pos = kind[order[s]] == 2 ? (uint32_t)s : t->first_pos;
    }
    permute_rows(t, order);
    if (t->delta16) {
        for (size_t i = 0; i < total; i++) {
            t->delta16[i] = (uint16_t)new_id[t->delta16[i]];
        }
    } else {
        for (size_t i = 0; i < total; i++) {
            t->delta[i] = new_id[t->delta[i]];
        }
    }
    flatten_outputs(t, order);
    free(kind);
    t->final_of = new_id;
    free(order);
}

size_t
trigger_index_states(const struct trigger_index *t, size_t *entry_bytes)
{
    trigger_index_wait_built(t);
    *entry_bytes = t->delta16 ? sizeof(*t->delta16) : sizeof(*t->delta);
    return t->n_nodes;
}

/*
 * The scan reads one entry per byte: a smaller table stays in cache. Only the root's row needs
 * zeroing: every other row is copied from its failure state's before its own edges.
 */
static void
alloc_table(struct trigger_index *t)
{
    if (t->n_nodes <= DELTA16_STATES_MAX) {
        t->delta16 = xmalloc(size_mul(size_mul(t->n_nodes, t->n_cls), sizeof(*t->delta16)));
        memset(t->delta16, 0, t->n_cls * sizeof(*t->delta16));
    } else {
        t->delta = xmalloc(size_mul(size_mul(t->n_nodes, t->n_cls), sizeof(*t->delta)));
        memset(t->delta, 0, t->n_cls * sizeof(*t->delta));
    }
}

/*
 * The table of an index read back, whose children trigger_index_decode checked form one tree
 * over every state with classes below n_cls: build_one's failure links and rows, in the final
 * numbering. A row is its failure state's with the state's own edges over it; the failure state
 * is shallower, so in breadth-first order every row copied is ready.
 */
static void
fill_table(struct trigger_index *t)
{
    const size_t nc = t->n_cls;
    uint32_t *queue = xmalloc(size_mul(t->n_nodes, sizeof(*queue)));
    uint32_t *fail = xcalloc(t->n_nodes, sizeof(*fail));
    size_t head = 0, tail = 0;

    alloc_table(t);
    queue[tail++] = 0;
    while (head < tail) {
        uint32_t s = queue[head++], f = fail[s];
        if (s) {
            delta_copy_row(t, s, f);
        }
        for (uint32_t e = t->child_first[s]; e < t->child_first[s + 1]; e++) {
            uint32_t c = t->child_to[e];
            fail[c] = s ? delta_get(t, (size_t)f * nc + t->child_cls[e]) : 0;
            delta_set(t, (size_t)s * nc + t->child_cls[e], c);
            queue[tail++] = c;
        }
    }
    free(fail);
    free(queue);
    free(t->child_first);
    free(t->child_to);
    free(t->child_cls);
    t->child_first = t->child_to = NULL;
    t->child_cls = NULL;
}

/* Breadth-first: failure links, then the full transition table over byte classes. */
static void
build_one(struct trigger_index *t)
{
    if (t->child_first) {
        fill_table(t); /* read back: the classes, ids and numbering are known */
        return;
    }
    uint32_t *queue;
    size_t head = 0, tail = 0;

    renumber_breadth_first(t);
    queue = xmalloc(size_mul(t->n_nodes, sizeof(*queue)));
    memset(t->cls, 0, sizeof(t->cls));
    t->n_cls = 1;
    /*
     * Classes of the bytes of ordinary text come first, so the part of a row that a scan reads
     * most is a cache line or two rather than spread over the whole row.
     */
    for (const char *c = " etaoinshrdlcumwfgypbvkjxqz0123456789.,'-"; *c; c++) {
        for (size_t e = 0; e < t->n_edges; e++) {
            if (t->edges[e].byte == (unsigned char)*c) {
                t->cls[(unsigned char)*c] = (uint8_t)t->n_cls++;
                break;
            }
        }
    }
    for (size_t e = 0; e < t->n_edges; e++) {
        if (!t->cls[t->edges[e].byte]) {
            t->cls[t->edges[e].byte] = (uint8_t)t->n_cls++;
        }
    }
    /*
     * Literals are folded, so no upper-case ASCII letter or tab is on an edge: reading them as
     * their fold (a letter's lower case, a tab's space) lets ASCII text be scanned unfolded.
     */
    for (int c = 'A'; c <= 'Z'; c++) {
        t->cls[c] = t->cls[c] ? t->cls[c] : t->cls[c + 32];
    }
    t->cls['\t'] = t->cls['\t'] ? t->cls['\t'] : t->cls[' '];
    alloc_table(t);
    /* Root transitions: to a child, or back to the root. */
    for (uint32_t e = t->nodes[0].next_first; e != UINT32_MAX; e = t->edges[e].sibling) {
        delta_set(t, t->cls[t->edges[e].byte], t->edges[e].to);
        t->nodes[t->edges[e].to].fail = 0;
        queue[tail++] = t->edges[e].to;
    }
    while (head < tail) {
        uint32_t n = queue[head++];
        uint32_t f = t->nodes[n].fail;
        /* Inherit the failure state's row, then override with our own edges. */
        delta_copy_row(t, n, f);
        for (uint32_t o = t->nodes[f].out_first; o != UINT32_MAX; o = t->outs[o].next) {
            add_out(t, n, t->outs[o].id, t->outs[o].len);
        }
        for (uint32_t e = t->nodes[n].next_first; e != UINT32_MAX; e = t->edges[e].sibling) {
            uint32_t c = t->edges[e].to;
            t->nodes[c].fail = delta_get(t, (size_t)f * t->n_cls + t->cls[t->edges[e].byte]);
            delta_set(t, (size_t)n * t->n_cls + t->cls[t->edges[e].byte], c);
            queue[tail++] = c;
        }
    }
    free(queue);
    outputs_last(t);
}

/* What a scan writes to, and its scratch. */
struct scan {
    const struct trigger_index *t;
    uint8_t *hit;
    struct trigger_positions *pos; /* NULL: no positions wanted */
    uint64_t *seen;   /* a bit per state from first_out on: its ids to mark once are marked */
    uint32_t *marked; /* those bits set (less first_out), cleared when the scan ends */
    size_t n_marked;
    bool defer; /* every position goes to pos->pending, merged when the scan ends (wide's) */
};

/* The ids state s marks only once per scan, marked the first time it is reached (k: its bit). */
static void
mark_first(struct scan *sc, uint32_t s, uint32_t k)
{
    const struct trigger_index *t = sc->t;

    sc->seen[k / 64] |= (uint64_t)1 << (k % 64);
    sc->marked[sc->n_marked++] = k;
    for (uint32_t a = t->range[s].mid, end = t->range[s + 1].start; a < end; a++) {
        sc->hit[t->out[a].id] = 1;
    }
}

/* Inline: a quarter of the bytes of ordinary text reach a state with ids, mostly seen before. */
static inline void
mark_once(struct scan *sc, uint32_t s)
{
    uint32_t k = s - sc->t->first_out;

    if (!(sc->seen[k / 64] & (uint64_t)1 << (k % 64))) {
        mark_first(sc, s, k);
    }
}

/* The outputs of state s reached at text[i]: the positional ids, marked and recorded. */
static void
listed_outputs(const struct trigger_index *t, uint32_t s, size_t i, uint8_t *hit,
               struct trigger_positions *pos)
{
    for (uint32_t a = t->range[s].start, m = t->range[s].mid; a < m; a++) {
        hit[t->out[a].id] = 1;
        if (pos) {
            record_position(pos, t->out[a].id, i + 1 - t->out[a].len);
        }
    }
}

/* The same for a later stream (lane): recorded once the first is done, to keep the lists cheap. */
static void
listed_outputs_later(const struct trigger_index *t, uint32_t s, size_t i, uint8_t *hit,
                     struct trigger_positions *pos, uint32_t lane)
{
    for (uint32_t a = t->range[s].start, m = t->range[s].mid; a < m; a++) {
        hit[t->out[a].id] = 1;
        if (!pos) {
            continue;
        }
        if (pos->n_pending == pos->cap_pending) {
            pos->cap_pending = pos->cap_pending ? 2 * pos->cap_pending : 64;
            pos->pending =
                xrealloc(pos->pending, size_mul(pos->cap_pending, sizeof(*pos->pending)));
        }
        pos->pending[pos->n_pending++] =
            (struct trigger_hit){i + 1 - t->out[a].len, t->out[a].id, lane};
    }
}

/* State s (at least first_out) reached at text[i]. */
static inline void
reached(struct scan *sc, uint32_t s, size_t i)
{
    if (s >= sc->t->first_pos) {
        if (sc->defer) {
            listed_outputs_later(sc->t, s, i, sc->hit, sc->pos, 0);
        } else {
            listed_outputs(sc->t, s, i, sc->hit, sc->pos);
        }
    }
    mark_once(sc, s);
}

/* Note that a later stream (lane) reached state s, with positional ids, at text[j]. */
static void
note_state(struct trigger_positions *pos, uint32_t s, size_t j, uint32_t lane)
{
    if (pos->n_pending == pos->cap_pending) {
        pos->cap_pending = pos->cap_pending ? 2 * pos->cap_pending : 64;
        pos->pending = xrealloc(pos->pending, size_mul(pos->cap_pending, sizeof(*pos->pending)));
    }
    pos->pending[pos->n_pending++] = (struct trigger_hit){j, s, lane};
}

/*
 * The same in a later stream (lane), which lists positions only from mid on. Its positions are
 * recorded once the first stream is done: a scan that merges into the lists (wide's) notes each
 * id's hit, any other the state alone, whose ids are then listed in the order a single stream
 * lists them. A state lists several positional ids, and each was noted, then recorded: the scan
 * of hh-rlhf x1 ran 5 % more instructions.
 */
static inline void
reached_later(struct scan *sc, uint32_t s, size_t j, size_t mid, uint32_t lane)
{
    if (s >= sc->t->first_pos && j >= mid) {
        if (sc->defer || !sc->pos) {
            listed_outputs_later(sc->t, s, j, sc->hit, sc->pos, lane);
        } else {
            note_state(sc->pos, s, j, lane);
        }
    }
    mark_once(sc, s);
}

/*
 * One transition per byte, and one compare: most states have no ids, and those that do are
 * numbered from first_out on. Two loops rather than a test of the entry size at every byte.
 */
static void
scan_one16(struct scan *sc, const unsigned char *text, size_t from, size_t to)
{
    const struct trigger_index *t = sc->t;
    const uint16_t *d = t->delta16;
    const size_t nc = t->n_cls;
    const uint32_t first_out = t->first_out;
    uint32_t s = 0;

    for (size_t i = from; i < to; i++) {
        s = d[(size_t)s * nc + t->cls[text[i]]];
        if (s >= first_out) {
            reached(sc, s, i);
        }
    }
}

static void
scan_one32(struct scan *sc, const unsigned char *text, size_t from, size_t to)
{
    const struct trigger_index *t = sc->t;
    const uint32_t *d = t->delta;
    const size_t nc = t->n_cls;
    const uint32_t first_out = t->first_out;
    uint32_t s = 0;

    for (size_t i = from; i < to; i++) {
        s = d[(size_t)s * nc + t->cls[text[i]]];
        if (s >= first_out) {
            reached(sc, s, i);
        }
    }
}

/* Texts at least this long are scanned as four streams (when no literal is too long for it). */
#define SCAN_LANES_MIN 256

/* Steps of scan_four16 between two readings of the states with ids it reached. */
#define LANE_BLOCK 128

/*
 * Four quarters of the text scanned at once, to overlap the latency of their table loads (each
 * step waits on the previous one's): the table is megabytes and the rest of a text's work evicts
 * it between texts, so most steps wait on the last-level cache. A quarter of ordinary text's bytes
 * reach a state with ids, at random, so a test after each step mispredicts often, and each
 * misprediction drops the loads in flight: the steps of a block only note, without a branch, the
 * states with ids they reach, handled after the block (hh-rlhf x10: the scan's share of the run
 * 10.9 -> 9.4 %, two streams with a test per step before). Lane k (1-3) starts from the root
 * max_len - 1 bytes before its quarter: from the quarter on, its state is the one a single scan
 * would be in, as no literal is longer. It lists only positions that end in its quarter (states
 * reached before are real occurrences, so they count for presence), recorded after the scan lane
 * by lane, so that every list is filled in the order a single scan fills it.
 */
static void
scan_four16(struct scan *sc, const unsigned char *text, size_t from, size_t to)
{
    const struct trigger_index *t = sc->t;
    const uint16_t *d = t->delta16;
    const uint8_t *cls = t->cls;
    const size_t nc = t->n_cls, part = (to - from) / 4, r = t->max_len - 1;
    const size_t q[4] = {from, from + part, from + 2 * part, from + 3 * part};
    const size_t start[4] = {from, q[1] - r, q[2] - r, q[3] - r};
    const size_t end[4] = {q[1], q[2], q[3], to};
    const uint32_t first_out = t->first_out;
    struct trigger_positions *pos = sc->pos;
    uint32_t st[4] = {0, 0, 0, 0};
    uint32_t found[4][LANE_BLOCK]; /* state | step << 16 (delta16: states fit 16 bits) */
    size_t n_found[4];

    /* lane 0 is the shortest: the others finish alone */
    for (size_t done = 0; done < part;) {
        size_t steps = part - done < LANE_BLOCK ? part - done : LANE_BLOCK;
        const unsigned char *p0 = text + start[0] + done, *p1 = text + start[1] + done,
                            *p2 = text + start[2] + done, *p3 = text + start[3] + done;
        uint32_t s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
        size_t n0 = 0, n1 = 0, n2 = 0, n3 = 0;
        for (uint32_t k = 0; k < steps; k++) {
            s0 = d[(size_t)s0 * nc + cls[p0[k]]];
            s1 = d[(size_t)s1 * nc + cls[p1[k]]];
            s2 = d[(size_t)s2 * nc + cls[p2[k]]];
            s3 = d[(size_t)s3 * nc + cls[p3[k]]];
            found[0][n0] = s0 | k << 16;
            found[1][n1] = s1 | k << 16;
            found[2][n2] = s2 | k << 16;
            found[3][n3] = s3 | k << 16;
            n0 += s0 >= first_out;
            n1 += s1 >= first_out;
            n2 += s2 >= first_out;
            n3 += s3 >= first_out;
        }
        st[0] = s0, st[1] = s1, st[2] = s2, st[3] = s3;
        n_found[0] = n0, n_found[1] = n1, n_found[2] = n2, n_found[3] = n3;
        for (uint32_t lane = 0; lane < 4; lane++) {
            for (size_t f = 0; f < n_found[lane]; f++) {
                uint32_t s = found[lane][f] & 0xffff;
                size_t at = start[lane] + done + (found[lane][f] >> 16);
                if (lane == 0) {
                    reached(sc, s, at);
                } else {
                    reached_later(sc, s, at, q[lane], lane);
                }
            }
        }
        done += steps;
    }
    for (uint32_t lane = 1; lane < 4; lane++) {
        uint32_t s = st[lane];
        for (size_t at = start[lane] + part; at < end[lane]; at++) {
            s = d[(size_t)s * nc + cls[text[at]]];
            if (s >= first_out) {
                reached_later(sc, s, at, q[lane], lane);
            }
        }
    }
    if (pos && !sc->defer) {
        /* the states noted (id holds the state), lane by lane */
        for (uint32_t lane = 1; lane < 4; lane++) {
            for (size_t k = 0; k < pos->n_pending; k++) {
                if (pos->pending[k].lane == lane) {
                    listed_outputs(t, pos->pending[k].id, pos->pending[k].start, sc->hit, pos);
                }
            }
        }
        pos->n_pending = 0;
    }
}

/* Scan text[from..to) from the root: as four streams when it is long enough. */
static void
scan_span(struct scan *sc, const unsigned char *text, size_t from, size_t to)
{
    const struct trigger_index *t = sc->t;
    const size_t n = to - from;

    if (t->delta16 && n >= SCAN_LANES_MIN && t->max_len > 0 && t->max_len < n / 8) {
        scan_four16(sc, text, from, to);
    } else if (t->delta16) {
        scan_one16(sc, text, from, to);
    } else {
        scan_one32(sc, text, from, to);
    }
}

#define HIGH_BITS 0x8080808080808080ull

static uint64_t
load_word(const unsigned char *p)
{
    uint64_t w;

    memcpy(&w, p, sizeof(w));
    return w;
}

/* The first byte >= 0x80 in text[from..len), or len: eight bytes at a time. */
static size_t
next_high(const unsigned char *text, size_t from, size_t len)
{
    while (from + 8 <= len && !(load_word(text + from) & HIGH_BITS)) {
        from += 8;
    }
    while (from < len && text[from] < 0x80) {
        from++;
    }
    return from;
}

/* The last byte >= 0x80 in text[from..to), or SIZE_MAX: eight bytes at a time from the end. */
static size_t
last_high(const unsigned char *text, size_t from, size_t to)
{
    while (to >= from + 8 && !(load_word(text + to - 8) & HIGH_BITS)) {
        to -= 8;
    }
    while (to > from) {
        if (text[--to] >= 0x80) {
            return to;
        }
    }
    return SIZE_MAX;
}

/*
 * Scan wide over the bytes within max_len - 1 of a byte >= 0x80: each of its literals holds one,
 * so every occurrence lies in one such window. Overlapping or touching windows make one stretch,
 * scanned from the root (as two streams when long: in Cyrillic text it is the whole text); a
 * stretch grows while another high byte lies within twice the reach of its last one (found from
 * the end of that range: in Cyrillic text at once). Positions are merged into the lists the
 * owner's scan made.
 */
static void
scan_stretches(struct scan *sc, const unsigned char *text, size_t len)
{
    const size_t reach = sc->t->max_len - 1;
    size_t p, at = 0;

    while ((p = next_high(text, at, len)) < len) {
        size_t from = p > reach ? p - reach : 0, q;
        while (p + 1 < len &&
               (q = last_high(text, p + 1, len - p > 2 * reach + 2 ? p + 2 * reach + 2 : len)) !=
                   SIZE_MAX) {
            p = q;
        }
        at = len - p > reach + 1 ? p + reach + 1 : len;
        scan_span(sc, text, from, at);
    }
    if (sc->pos) {
        merge_pending(sc->pos);
    }
}

/* Forget the last scan's positions: only the ids it recorded (a memset of every id cost more). */
static void
positions_reset(struct trigger_positions *pos)
{
    pos->n = 0;
    pos->n_pending = 0;
    pos->overflow = false;
    for (size_t k = 0; k < pos->n_touched; k++) {
        uint32_t id = pos->touched[k];
        pos->list[id] = (struct trigger_list){TRIGGER_NONE, TRIGGER_NONE, 0};
    }
    pos->n_touched = 0;
}

/* Words of the bitmap of a scan of t (a bit per state with ids). */
static size_t
seen_words(const struct trigger_index *t)
{
    return t ? (t->n_nodes - t->first_out + 63) / 64 + 1 : 0;
}

/*
 * A state with ids is handled when reached: positional ids every time, the others the first
 * time only (a bit per state with ids, cleared for the states marked when the scan ends). So a
 * scan costs nothing per state of the automaton, only per byte and per state with ids reached:
 * a bitmap of every state, cleared and swept at every call, cost more than the pass over a short
 * text.
 */
void
trigger_scan(const struct trigger_index *t, const unsigned char *text, size_t len, bool ascii,
             uint8_t *hit, struct trigger_positions *pos)
{
    const struct trigger_index *wide = NULL;

    if (!ascii) {
        trigger_index_wait_built(t);
        wide = t->wide;
    } else if (t->ascii) {
        t = t->ascii;
    } /* else the owner, built with the index */
    const size_t own = seen_words(t), words = own + seen_words(wide);
    struct scan sc = {t, hit, pos, NULL, NULL, 0, false},
                sw = {wide, hit, pos, NULL, NULL, 0, true};

    if (pos) {
        positions_reset(pos);
        if (pos->n_visited < words) {
            free(pos->visited);
            free(pos->marked);
            pos->visited = xcalloc(words, sizeof(*pos->visited));
            pos->marked = xmalloc(size_mul(words * 64, sizeof(*pos->marked)));
            pos->n_visited = words;
        }
        sc.seen = pos->visited;
        sc.marked = pos->marked;
    } else {
        sc.seen = xcalloc(words, sizeof(*sc.seen));
        sc.marked = xmalloc(size_mul(words * 64, sizeof(*sc.marked)));
    }
    scan_span(&sc, text, 0, len);
    if (wide) {
        /* its own part of the bitmaps */
        sw.seen = sc.seen + own;
        sw.marked = sc.marked + own * 64;
        scan_stretches(&sw, text, len);
    }
    for (size_t k = 0; k < sc.n_marked; k++) {
        sc.seen[sc.marked[k] / 64] = 0;
    }
    for (size_t k = 0; k < sw.n_marked; k++) {
        sw.seen[sw.marked[k] / 64] = 0;
    }
    if (!pos) {
        free(sc.seen);
        free(sc.marked);
    }
}
