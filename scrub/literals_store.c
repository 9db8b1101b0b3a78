/*
 * The trigger index as bytes, for the pattern cache: building its automata (adding some 37,000
 * literals to three tries, then their tables) was a third of a warm load. What a load asks the
 * index to hold is first written down as a recipe, whose digest keys the cache entry; a warm load
 * reads the built automata back instead of replaying the recipe.
 *
 * An automaton is stored as what its table is made from, in its final numbering: the byte
 * classes, each state's trie children, and the ids each state reports. The table itself (1.6 to
 * 7 MB each) is filled from the children when first needed, as build_one fills it (a row is its
 * failure state's with the state's own edges over it), which costs a copy per row, not a search
 * per literal byte. Every number read back is checked before it is used (a state, a class, an id,
 * a literal's length against the depth of the state reporting it, a tree over every state), so
 * a damaged entry is refused and the index built again, never scanned with.
 *
 * Numbers are LEB128 varints, so the entry stays small (a few hundred kilobytes): the cache file
 * is hashed whole at every start.
 */
#include "scrub/trigger_index_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define STORE_MAGIC     "veil-trigger-index-1\n"
#define STORE_MAGIC_LEN (sizeof(STORE_MAGIC) - 1)
#define STORE_HAS_ASCII 1u
#define STORE_HAS_WIDE  2u

/* ---- bytes ---- */

static void
put_varint(struct buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;

    do {
        tmp[n++] = (unsigned char)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
        v >>= 7;
    } while (v);
    (void)buf_append(b, tmp, n, NULL);
}

static void
put_byte(struct buf *b, unsigned char c)
{
    (void)buf_putc(b, c, NULL);
}

/* A reader over untrusted bytes: once ok is false, every read gives 0. */
struct reader {
    const unsigned char *p, *end;
    bool ok;
};

static unsigned char
get_byte(struct reader *r)
{
    if (!r->ok || r->p == r->end) {
        r->ok = false;
        return 0;
    }
    return *r->p++;
}

/* A varint of at most 32 bits: most are one byte (a class, a count, a short id). */
static inline uint32_t
get_u32(struct reader *r)
{
    uint64_t v = 0;

    if (r->ok && r->p < r->end && *r->p < 0x80) {
        return *r->p++;
    }

    for (unsigned shift = 0; shift < 35; shift += 7) {
        unsigned char c = get_byte(r);
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            if (v > UINT32_MAX) {
                break;
            }
            return r->ok ? (uint32_t)v : 0;
        }
    }
    r->ok = false;
    return 0;
}

static size_t
left(const struct reader *r)
{
    return (size_t)(r->end - r->p);
}

/* ---- the recipe ---- */

enum recipe_op { OP_ADD = 1, OP_ADD_NON_ASCII, OP_WANT_POSITIONS };

struct trigger_recipe {
    struct buf ops; /* op, id, then for an add the count and each literal with its NUL */
};

struct trigger_recipe *
trigger_recipe_new(void)
{
    struct trigger_recipe *r = xcalloc(1, sizeof(*r));

    buf_init(&r->ops, BUF_NO_MAX);
    return r;
}

void
trigger_recipe_free(struct trigger_recipe *r)
{
    if (r) {
        buf_release(&r->ops);
        free(r);
    }
}

static void
record_set(struct trigger_recipe *r, enum recipe_op op, size_t id, const struct literal_set *set)
{
    put_byte(&r->ops, (unsigned char)op);
    put_varint(&r->ops, id);
    put_varint(&r->ops, set->n);
    for (size_t i = 0; i < set->n; i++) {
        size_t n = strlen(set->v[i]);
        put_varint(&r->ops, n);
        (void)buf_append(&r->ops, set->v[i], n + 1, NULL);
    }
}

void
trigger_recipe_add(struct trigger_recipe *r, size_t id, const struct literal_set *set)
{
    record_set(r, OP_ADD, id, set);
}

void
trigger_recipe_add_non_ascii(struct trigger_recipe *r, size_t id, const struct literal_set *set)
{
    record_set(r, OP_ADD_NON_ASCII, id, set);
}

void
trigger_recipe_want_positions(struct trigger_recipe *r, size_t id)
{
    put_byte(&r->ops, OP_WANT_POSITIONS);
    put_varint(&r->ops, id);
}

const unsigned char *
trigger_recipe_bytes(const struct trigger_recipe *r, size_t *len)
{
    *len = r->ops.len;
    return r->ops.data;
}

/* The calls the recipe wrote down, in their order (it is this process's own: trusted). */
void
trigger_recipe_replay(const struct trigger_recipe *r, struct trigger_index *t)
{
    struct reader rd = {r->ops.data, r->ops.data + r->ops.len, true};
    struct literal_set set = {0};
    size_t cap = 0;

    while (rd.ok && rd.p < rd.end) {
        unsigned char op = get_byte(&rd);
        size_t id = get_u32(&rd);
        if (op == OP_WANT_POSITIONS) {
            trigger_index_want_positions(t, id);
            continue;
        }
        set.n = get_u32(&rd);
        if (set.n > cap) {
            cap = set.n;
            set.v = xrealloc(set.v, size_mul(cap, sizeof(*set.v)));
        }
        for (size_t i = 0; i < set.n; i++) {
            size_t n = get_u32(&rd);
            /* the literal's bytes and NUL, in the recipe */
            set.v[i] = (char *)r->ops.data + (rd.p - r->ops.data);
            rd.p += n + 1;
        }
        if (op == OP_ADD) {
            trigger_index_add(t, id, &set);
        } else {
            trigger_index_add_non_ascii(t, id, &set);
        }
    }
    free(set.v);
}

struct trigger_recipe *
trigger_recipe_only(const struct trigger_recipe *r, const uint8_t *keep)
{
    struct reader rd = {r->ops.data, r->ops.data + r->ops.len, true};
    struct trigger_recipe *out = trigger_recipe_new();

    while (rd.ok && rd.p < rd.end) {
        const unsigned char *from = rd.p;
        unsigned char op = get_byte(&rd);
        size_t id = get_u32(&rd);
        if (op != OP_WANT_POSITIONS) {
            for (size_t i = 0, n = get_u32(&rd); i < n; i++) {
                rd.p += get_u32(&rd) + 1; /* the literal and its NUL */
            }
        }
        if (keep[id]) {
            (void)buf_append(&out->ops, from, (size_t)(rd.p - from), NULL);
        }
    }
    return out;
}

/* ---- writing an index ---- */

/*
 * One automaton: its sizes and classes, each state's children (class, state), how many ids each
 * state from first_out on reports (positional ones first), then those ids with their lengths.
 */
static void
encode_one(const struct trigger_index *t, struct buf *b)
{
    const size_t n = t->n_nodes;
    uint32_t *old_of = xmalloc(size_mul(n, sizeof(*old_of)));

    for (size_t old = 0; old < n; old++) {
        old_of[t->final_of[old]] = (uint32_t)old;
    }
    put_varint(b, n);
    put_varint(b, t->n_cls);
    put_varint(b, t->max_len);
    put_varint(b, t->first_out);
    put_varint(b, t->first_pos);
    (void)buf_append(b, t->cls, sizeof(t->cls), NULL);
    for (size_t s = 0; s < n; s++) {
        const struct trie_node *node = &t->nodes[old_of[s]];
        size_t count = 0;
        for (uint32_t e = node->next_first; e != UINT32_MAX; e = t->edges[e].sibling) {
            count++;
        }
        put_varint(b, count);
        for (uint32_t e = node->next_first; e != UINT32_MAX; e = t->edges[e].sibling) {
            put_byte(b, t->cls[t->edges[e].byte]);
            put_varint(b, t->final_of[t->edges[e].to]);
        }
    }
    put_varint(b, t->range[n].start);
    for (size_t s = t->first_out; s < n; s++) {
        put_varint(b, t->range[s].mid - t->range[s].start);
        put_varint(b, t->range[s + 1].start - t->range[s].mid);
    }
    for (size_t a = 0; a < t->range[n].start; a++) {
        put_varint(b, t->out[a].id);
        put_byte(b, (unsigned char)t->out[a].len);
    }
    free(old_of);
}

void
trigger_index_encode(const struct trigger_index *t, struct buf *out)
{
    trigger_index_wait_built(t);
    (void)buf_append(out, STORE_MAGIC, STORE_MAGIC_LEN, NULL);
    put_varint(out, t->n_ids);
    put_byte(out,
             (unsigned char)((t->ascii ? STORE_HAS_ASCII : 0) | (t->wide ? STORE_HAS_WIDE : 0)));
    encode_one(t, out);
    if (t->ascii) {
        encode_one(t->ascii, out);
    }
    if (t->wide) {
        encode_one(t->wide, out);
    }
}

/* ---- reading one back ---- */

/* The header of an automaton and its byte classes. */
static bool
decode_sizes(struct reader *r, struct trigger_index *t)
{
    t->n_nodes = get_u32(r);
    t->n_cls = get_u32(r);
    t->max_len = get_u32(r);
    t->first_out = get_u32(r);
    t->first_pos = get_u32(r);
    /* each state takes at least a byte (its count of children): no huge allocation from a
     * damaged count */
    if (!r->ok || t->n_nodes == 0 || t->n_nodes >= UINT32_MAX || t->n_nodes > left(r) ||
        t->n_cls == 0 || t->n_cls > 256 || t->max_len > TRIGGER_LITERAL_MAX ||
        t->first_out > t->n_nodes || t->first_pos < t->first_out || t->first_pos > t->n_nodes ||
        left(r) < sizeof(t->cls)) {
        return false;
    }
    memcpy(t->cls, r->p, sizeof(t->cls));
    r->p += sizeof(t->cls);
    for (size_t c = 0; c < sizeof(t->cls); c++) {
        if (t->cls[c] >= t->n_cls) {
            return false;
        }
    }
    return true;
}

/*
 * The children: one tree over every state, rooted at 0, no deeper than max_len, a class used
 * once per state. depth gets each state's depth.
 */
static bool
decode_children(struct reader *r, struct trigger_index *t, uint8_t *depth)
{
    const size_t n = t->n_nodes;
    uint32_t *queue = xmalloc(size_mul(n, sizeof(*queue)));
    uint8_t *has_parent = xcalloc(n, 1);
    size_t total = 0, head = 0, tail = 0;
    bool ok = true;

    t->child_first = xmalloc(size_mul(n + 1, sizeof(*t->child_first)));
    t->child_to = xmalloc(size_mul(n, sizeof(*t->child_to)));
    t->child_cls = xmalloc(n);
    for (size_t s = 0; ok && s < n; s++) {
        uint64_t used[4] = {0};
        size_t count = get_u32(r);
        t->child_first[s] = (uint32_t)total;
        ok = r->ok && count <= n - 1 - total;
        for (size_t k = 0; ok && k < count; k++, total++) {
            unsigned char c = get_byte(r);
            uint32_t to = get_u32(r);
            ok = r->ok && c < t->n_cls && !(used[c / 64] >> (c % 64) & 1) && to > 0 && to < n &&
                 !has_parent[to];
            if (ok) {
                used[c / 64] |= (uint64_t)1 << (c % 64);
                has_parent[to] = 1;
                t->child_cls[total] = c;
                t->child_to[total] = to;
            }
        }
    }
    t->child_first[n] = (uint32_t)total;
    /* n - 1 edges, one into each state but the root: a tree when the root reaches them all */
    ok = ok && total == n - 1;
    if (ok) {
        depth[0] = 0;
        queue[tail++] = 0;
        while (ok && head < tail) {
            uint32_t s = queue[head++];
            for (uint32_t e = t->child_first[s]; ok && e < t->child_first[s + 1]; e++) {
                depth[t->child_to[e]] = (uint8_t)(depth[s] + 1);
                ok = depth[s] + 1u <= t->max_len;
                queue[tail++] = t->child_to[e];
            }
        }
        ok = ok && tail == n;
    }
    free(has_parent);
    free(queue);
    return ok;
}

/*
 * The ids: none before first_out, no positional ones before first_pos, each below n_ids and as
 * long as its state is deep at most (a literal ends where it is reported).
 */
static bool
decode_outputs(struct reader *r, struct trigger_index *t, const uint8_t *depth)
{
    const size_t n = t->n_nodes;
    size_t n_out = get_u32(r), k = 0;

    /* each id takes at least two bytes */
    if (!r->ok || n_out > left(r) / 2) {
        return false;
    }
    t->range = xcalloc(n + 1, sizeof(*t->range));
    t->out = xmalloc(size_mul(n_out + 1, sizeof(*t->out)));
    for (size_t s = t->first_out; s < n; s++) {
        size_t n_pos = get_u32(r), n_mark = get_u32(r);
        if (!r->ok || (s < t->first_pos && n_pos) || n_pos > n_out - k ||
            n_mark > n_out - k - n_pos) {
            return false;
        }
        t->range[s].start = (uint32_t)k;
        t->range[s].mid = (uint32_t)(k + n_pos);
        k += n_pos + n_mark;
    }
    for (size_t s = 0; s < t->first_out; s++) {
        t->range[s].start = t->range[s].mid = 0;
    }
    if (k != n_out) {
        return false;
    }
    t->range[n].start = (uint32_t)k;
    for (size_t s = t->first_out; s < n; s++) {
        for (uint32_t a = t->range[s].start; a < t->range[s + 1].start; a++) {
            uint32_t id = get_u32(r), len = get_byte(r);
            if (!r->ok || id >= t->n_ids || len > depth[s]) {
                return false;
            }
            t->out[a] = (struct trigger_out){id, len};
        }
    }
    return true;
}

static struct trigger_index *
decode_one(struct reader *r, size_t n_ids)
{
    struct trigger_index *t = trigger_index_alloc(n_ids);
    uint8_t *depth = NULL;
    bool ok = decode_sizes(r, t);

    if (ok) {
        depth = xmalloc(t->n_nodes);
        ok = decode_children(r, t, depth) && decode_outputs(r, t, depth);
    }
    free(depth);
    if (!ok) {
        trigger_index_free(t);
        return NULL;
    }
    return t;
}

struct trigger_index *
trigger_index_decode(size_t n_ids, const unsigned char *blob, size_t len)
{
    struct reader r = {blob, blob + len, len >= STORE_MAGIC_LEN};
    struct trigger_index *t = NULL;
    unsigned flags;

    if (!r.ok || memcmp(blob, STORE_MAGIC, STORE_MAGIC_LEN) != 0) {
        return NULL;
    }
    r.p += STORE_MAGIC_LEN;
    if (get_u32(&r) != n_ids || n_ids >= UINT32_MAX) {
        return NULL;
    }
    flags = get_byte(&r);
    if (!r.ok || flags & ~(STORE_HAS_ASCII | STORE_HAS_WIDE) || !(t = decode_one(&r, n_ids))) {
        return NULL;
    }
    if (flags & STORE_HAS_ASCII) {
        r.ok = (t->ascii = decode_one(&r, n_ids)) != NULL;
    }
    if (r.ok && flags & STORE_HAS_WIDE) {
        /* its scan reaches max_len - 1 bytes either side of a high byte */
        r.ok = (t->wide = decode_one(&r, n_ids)) != NULL && t->wide->max_len > 0;
    }
    if (!r.ok || r.p != r.end) {
        trigger_index_free(t);
        return NULL;
    }
    t->read_back = true;
    return t;
}

bool
trigger_index_read_back(const struct trigger_index *t)
{
    return t->read_back;
}
