/*
 * The compiled-pattern cache file reader (scrub/pack_cache.c) on arbitrary entries: the input,
 * framed as a cache file with its magic and a matching checksum (so the framing is what gets
 * read, not just the checksum), must read without touching a byte outside the file, and every
 * entry it takes must lie inside it. PCRE2's serialised codes are trusted only behind that
 * checksum, so entries are not decoded here.
 *
 * The input is also read as the trigger index's entry (scrub/literals_store.c), with the number
 * of ids it names: refused, or an index whose scans of ASCII and other text, positions listed,
 * stay inside its tables and the caller's arrays (the sanitizers check every access).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scrub/literals_internal.h"
#include "scrub/pack_cache_internal.h"
#include "scrub/rules_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAGIC         "veil-pattern-cache-2\n"
#define TRIGGER_MAGIC "veil-trigger-index-1\n"

/* The number of ids a stored trigger index names after its magic (0 when it names none). */
static size_t
ids_named(const uint8_t *data, size_t size)
{
    size_t at = sizeof(TRIGGER_MAGIC) - 1, n = 0;

    if (size <= at || memcmp(data, TRIGGER_MAGIC, at) != 0) {
        return 0;
    }
    for (unsigned shift = 0; at < size && shift < 35; shift += 7, at++) {
        n |= (size_t)(data[at] & 0x7F) << shift;
        if (!(data[at] & 0x80)) {
            break;
        }
    }
    return n;
}

static void
scan_with_trigger_index(const uint8_t *data, size_t size)
{
    static const char *const texts[] = {"a b ab ba xb xa bb b a zq w12 call me at 555",
                                        "\xc3\xa9x a\xc3\xa9 \xd0\xb6\xd0\xb6 x\xd0\xb6 bb w1"};
    size_t n_ids = ids_named(data, size);
    struct trigger_index *t;

    if (n_ids > (1u << 20) || !(t = trigger_index_decode(n_ids, data, size))) {
        return;
    }
    trigger_index_start(t, 1);
    for (size_t k = 0; k < 2; k++) {
        uint8_t *hit = calloc(n_ids + 1, 1);
        struct trigger_positions pos;
        if (!hit) {
            abort();
        }
        trigger_positions_init(&pos, n_ids);
        trigger_scan(t, (const unsigned char *)texts[k], strlen(texts[k]), k == 0, hit, &pos);
        trigger_positions_release(&pos);
        free(hit);
    }
    trigger_index_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/veil-fuzz-cache-XXXXXX";
    unsigned char trailer[8];
    struct pack_checksum sum;
    int fd = mkstemp(path);
    FILE *f;

    scan_with_trigger_index(data, size);
    if (fd < 0) {
        return 0;
    }
    pack_checksum_init(&sum);
    pack_checksum_update(&sum, MAGIC, sizeof(MAGIC) - 1);
    pack_checksum_update(&sum, data, size);
    blob_put_u64(trailer, pack_checksum_final(&sum));
    f = fdopen(fd, "wb");
    if (!f || fwrite(MAGIC, 1, sizeof(MAGIC) - 1, f) != sizeof(MAGIC) - 1 ||
        fwrite(data, 1, size, f) != size || fwrite(trailer, 1, sizeof(trailer), f) != 8) {
        if (f) {
            (void)fclose(f);
        }
        unlink(path);
        return 0;
    }
    (void)fclose(f);
    struct pack_cache *c = pack_cache_open_file(path);
    /* each entry takes at least its 32-byte key and 8-byte length */
    if (pack_cache_entries(c) > size / 40) {
        abort();
    }
    pack_cache_close(c); /* nothing was added: the file is not written again */
    unlink(path);
    return 0;
}
