/*
 * A compiled pattern as bytes, for the pattern cache (pack_cache.c): PCRE2's serialisation of
 * its two codes (UCP and ASCII), then its gate as gate_build leaves it: the plain fields as they
 * are in memory (the cache file is per executable, so the layout is this build's), then the three
 * literal sets, each a count and length-prefixed strings. Lengths are 8 bytes, little-endian.
 */
#include "scrub/rules_internal.h"

#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

#include "common/banned.h"

uint64_t
blob_get_u64(const unsigned char *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

void
blob_put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

static void
put_bytes(struct buf *b, const void *p, size_t n)
{
    unsigned char len[8];

    blob_put_u64(len, n);
    (void)buf_append(b, len, sizeof(len), NULL);
    (void)buf_append(b, p, n, NULL);
}

static void
put_set(struct buf *b, const struct literal_set *s)
{
    unsigned char n[8];

    blob_put_u64(n, s->n);
    (void)buf_append(b, n, sizeof(n), NULL);
    for (size_t i = 0; i < s->n; i++) {
        put_bytes(b, s->v[i], strlen(s->v[i]));
    }
}

bool
pattern_blob_encode(struct buf *b, const pcre2_code *ucp, const pcre2_code *ascii,
                    const struct gate *g)
{
    const pcre2_code *codes[2] = {ucp, ascii};
    uint8_t *bytes = NULL;
    PCRE2_SIZE size = 0;
    struct gate pod = *g;

    if (pcre2_serialize_encode(codes, ascii ? 2 : 1, &bytes, &size, NULL) < 0) {
        return false;
    }
    put_bytes(b, bytes, size);
    pcre2_serialize_free(bytes);
    memset(&pod.lits, 0, sizeof(pod.lits));
    memset(&pod.lits2, 0, sizeof(pod.lits2));
    memset(&pod.anchor, 0, sizeof(pod.anchor));
    put_bytes(b, &pod, sizeof(pod));
    put_set(b, &g->lits);
    put_set(b, &g->lits2);
    put_set(b, &g->anchor);
    return true;
}

struct reader {
    const unsigned char *p;
    size_t left;
    bool ok;
};

static const unsigned char *
get_bytes(struct reader *r, size_t *n)
{
    const unsigned char *at;
    uint64_t len;

    if (!r->ok || r->left < 8 || (len = blob_get_u64(r->p)) > r->left - 8) {
        r->ok = false;
        *n = 0;
        return NULL;
    }
    at = r->p + 8;
    *n = (size_t)len;
    r->p += 8 + *n;
    r->left -= 8 + *n;
    return at;
}

static void
get_set(struct reader *r, struct literal_set *s)
{
    uint64_t n;

    memset(s, 0, sizeof(*s));
    if (!r->ok || r->left < 8 || (n = blob_get_u64(r->p)) > r->left / 8) {
        r->ok = false;
        return;
    }
    r->p += 8;
    r->left -= 8;
    /* the literals as one allocation: a load reads some 35,000 of them back */
    enum { ON_STACK = 64 };
    const unsigned char *stack_src[ON_STACK] = {NULL}, **src = stack_src;
    size_t stack_lens[ON_STACK] = {0}, *lens = stack_lens, got = 0;
    if (n > ON_STACK) {
        src = xmalloc(size_mul((size_t)n, sizeof(*src)));
        lens = xmalloc(size_mul((size_t)n, sizeof(*lens)));
    }
    while (got < n && r->ok) {
        src[got] = get_bytes(r, &lens[got]);
        got += r->ok;
    }
    literal_set_pool(s, got, src, lens);
    if (src != stack_src) {
        free(src);
        free(lens);
    }
}

bool
pattern_blob_decode(const unsigned char *blob, size_t len, pcre2_code **ucp, pcre2_code **ascii,
                    struct gate *g)
{
    struct reader r = {blob, len, true};
    pcre2_code *codes[2] = {NULL, NULL};
    size_t n_codes_bytes, pod_len;
    const unsigned char *codes_bytes = get_bytes(&r, &n_codes_bytes);
    const unsigned char *pod = get_bytes(&r, &pod_len);
    int32_t n = r.ok ? pcre2_serialize_get_number_of_codes(codes_bytes) : -1;

    if (!r.ok || pod_len != sizeof(*g) || n < 1 || n > 2 ||
        pcre2_serialize_decode(codes, n, codes_bytes, NULL) != n) {
        return false;
    }
    memcpy(g, pod, sizeof(*g));
    get_set(&r, &g->lits);
    get_set(&r, &g->lits2);
    get_set(&r, &g->anchor);
    if (!r.ok || r.left != 0) {
        gate_release(g);
        memset(g, 0, sizeof(*g));
        pcre2_code_free(codes[0]);
        pcre2_code_free(codes[1]);
        return false;
    }
    *ucp = codes[0];
    *ascii = codes[1];
    return true;
}
