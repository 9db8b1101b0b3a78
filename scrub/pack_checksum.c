/*
 * The pattern cache file's checksum: XXH64 (Yann Collet's xxHash, 64-bit, seed 0), which tells a
 * damaged or cut file from a whole one as surely as the SHA-256 it replaced (one chance in 2^64
 * for a random change), at a fraction of the cost: the file (8 MB for the default packs) is
 * checked at every start, and its SHA-256 was an eighth of a warm one-line run. The file is not
 * signed (whoever can write it can also fix a digest), so no cryptographic hash was buying more.
 * Four lanes of 8 bytes each per 32-byte stripe keep four multiplications in flight.
 */
#include "scrub/pack_cache_internal.h"

#include <string.h>

#include "common/banned.h"

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static uint64_t
rotl(uint64_t x, unsigned r)
{
    return x << r | x >> (64 - r);
}

/* Little-endian, whatever the host (one load on a little-endian one). */
static uint64_t
read64(const unsigned char *p)
{
    uint64_t v = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&v, p, sizeof(v));
#else
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
#endif
    return v;
}

static uint32_t
read32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
round64(uint64_t acc, uint64_t in)
{
    return rotl(acc + in * P2, 31) * P1;
}

static uint64_t
merge(uint64_t acc, uint64_t v)
{
    return (acc ^ round64(0, v)) * P1 + P4;
}

void
pack_checksum_init(struct pack_checksum *c)
{
    memset(c, 0, sizeof(*c));
    c->v[0] = P1 + P2;
    c->v[1] = P2;
    c->v[2] = 0;
    c->v[3] = 0 - P1;
}

static void
stripe(struct pack_checksum *c, const unsigned char *p)
{
    for (int i = 0; i < 4; i++) {
        c->v[i] = round64(c->v[i], read64(p + 8 * i));
    }
}

void
pack_checksum_update(struct pack_checksum *c, const void *data, size_t n)
{
    const unsigned char *p = data;

    c->total += n;
    if (c->n_tail) {
        size_t take = n < 32 - c->n_tail ? n : 32 - c->n_tail;
        memcpy(c->tail + c->n_tail, p, take);
        c->n_tail += take;
        p += take;
        n -= take;
        if (c->n_tail < 32) {
            return;
        }
        stripe(c, c->tail);
        c->n_tail = 0;
    }
    for (; n >= 32; p += 32, n -= 32) {
        stripe(c, p);
    }
    memcpy(c->tail, p, n);
    c->n_tail = n;
}

uint64_t
pack_checksum_final(const struct pack_checksum *c)
{
    const unsigned char *p = c->tail, *end = c->tail + c->n_tail;
    uint64_t h;

    if (c->total >= 32) {
        h = rotl(c->v[0], 1) + rotl(c->v[1], 7) + rotl(c->v[2], 12) + rotl(c->v[3], 18);
        for (int i = 0; i < 4; i++) {
            h = merge(h, c->v[i]);
        }
    } else {
        h = P5;
    }
    h += c->total;
    for (; end - p >= 8; p += 8) {
        h = rotl(h ^ round64(0, read64(p)), 27) * P1 + P4;
    }
    if (end - p >= 4) {
        h = rotl(h ^ read32(p) * P1, 23) * P2 + P3;
        p += 4;
    }
    for (; p < end; p++) {
        h = rotl(h ^ *p * P5, 11) * P1;
    }
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

uint64_t
pack_checksum(const void *data, size_t n)
{
    struct pack_checksum c;

    pack_checksum_init(&c);
    pack_checksum_update(&c, data, n);
    return pack_checksum_final(&c);
}
