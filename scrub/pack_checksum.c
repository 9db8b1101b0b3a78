/*
 * The pattern cache file's checksum: XXH64 (seed 0, from Debian's libxxhash), which tells a
 * damaged or cut file from a whole one as surely as the SHA-256 it replaced (one chance in 2^64
 * for a random change), at a fraction of the cost: the file (8 MB for the default packs) is
 * checked at every start, and its SHA-256 was an eighth of a warm one-line run. The file is not
 * signed (whoever can write it can also fix a digest), so no cryptographic hash was buying more.
 */
#include "scrub/pack_cache_internal.h"

#include "common/banned.h"

void
pack_checksum_init(struct pack_checksum *c)
{
    (void)XXH64_reset(&c->state, 0);
}

void
pack_checksum_update(struct pack_checksum *c, const void *data, size_t n)
{
    (void)XXH64_update(&c->state, data, n);
}

uint64_t
pack_checksum_final(const struct pack_checksum *c)
{
    return XXH64_digest(&c->state);
}

uint64_t
pack_checksum(const void *data, size_t n)
{
    return XXH64(data, n, 0);
}
