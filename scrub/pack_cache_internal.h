#ifndef VEIL_PACK_CACHE_INTERNAL_H
#define VEIL_PACK_CACHE_INTERNAL_H

/*
 * Results of a load other than one pattern's (the trigger index) in the pattern cache
 * (pack_cache.c; its other functions are in rules_internal.h), keyed by a digest of what they
 * were made from.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* XXH64_state_t's layout, so that a checksum's state lives on the stack */
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

struct err;
struct pack_cache;
struct scrub_rules;

#define PACK_CACHE_KEY_LEN 32

#define PACK_CACHE_BUILD_ID_MAX 64
/*
 * The GNU build id of the running executable (a digest the linker made of its bytes) into out,
 * and its length: 0 when it has none (the cache then hashes the executable's bytes instead).
 */
size_t pack_cache_build_id(unsigned char out[PACK_CACHE_BUILD_ID_MAX]);

/*
 * The key of a result of the given kind ("trigger-index-1": name and format version) made from
 * the bytes a then b (false when it cannot be computed: then use no cache). No pattern's key is
 * the digest of the same bytes: a kind holds a NUL after at least four bytes, a source none.
 */
bool pack_cache_key_of(const char *kind, const void *a, size_t na, const void *b, size_t nb,
                       unsigned char key[PACK_CACHE_KEY_LEN]);
/* The bytes kept under key, valid until pack_cache_close; false if none. Thread-safe. */
bool pack_cache_get_keyed(struct pack_cache *c, const unsigned char key[PACK_CACHE_KEY_LEN],
                          const unsigned char **blob, size_t *len);
/*
 * Keep blob (malloc'ed; the cache takes it) under key, in place of any entry there (one that did
 * not read back), whose bytes must no longer be in use. Thread-safe.
 */
void pack_cache_put_keyed(struct pack_cache *c, const unsigned char key[PACK_CACHE_KEY_LEN],
                          unsigned char *blob, size_t len);

/* pack_checksum.c: XXH64 (seed 0, libxxhash) of the cache file, fed in pieces. */
struct pack_checksum {
    XXH64_state_t state;
};
void pack_checksum_init(struct pack_checksum *c);
void pack_checksum_update(struct pack_checksum *c, const void *data, size_t n);
uint64_t pack_checksum_final(const struct pack_checksum *c);
/* The checksum of n bytes at data, in one call. */
uint64_t pack_checksum(const void *data, size_t n);

/*
 * rules_triggers.c: rules_build_triggers, with the trigger index read from c when an earlier
 * load built the same one, else built and kept there (c NULL: no cache); closes c.
 */
int rules_build_triggers_cached(struct scrub_rules *rs, struct pack_cache *c, unsigned threads,
                                struct err *err);

#endif
