/*
 * The compiled-pattern cache file reader (scrub/pack_cache.c) on arbitrary entries: the input,
 * framed as a cache file with its magic and a matching SHA-256 (so the framing is what gets
 * read, not just the digest check), must read without touching a byte outside the file, and
 * every entry it takes must lie inside it. PCRE2's serialised codes are trusted only behind that
 * digest, so entries are not decoded here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "scrub/rules_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAGIC "veil-pattern-cache-1\n"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/veil-fuzz-cache-XXXXXX";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dn = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int fd = mkstemp(path);
    FILE *f;

    if (fd < 0 || !ctx) {
        EVP_MD_CTX_free(ctx);
        return 0;
    }
    f = fdopen(fd, "wb");
    if (!f || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
        EVP_DigestUpdate(ctx, MAGIC, sizeof(MAGIC) - 1) != 1 ||
        EVP_DigestUpdate(ctx, data, size) != 1 || EVP_DigestFinal_ex(ctx, digest, &dn) != 1 ||
        fwrite(MAGIC, 1, sizeof(MAGIC) - 1, f) != sizeof(MAGIC) - 1 ||
        fwrite(data, 1, size, f) != size || fwrite(digest, 1, dn, f) != dn) {
        if (f) {
            (void)fclose(f);
        }
        unlink(path);
        EVP_MD_CTX_free(ctx);
        return 0;
    }
    (void)fclose(f);
    EVP_MD_CTX_free(ctx);
    struct pack_cache *c = pack_cache_open_file(path);
    /* each entry takes at least its 32-byte key and 8-byte length */
    if (pack_cache_entries(c) > size / 40) {
        abort();
    }
    pack_cache_close(c); /* nothing was added: the file is not written again */
    unlink(path);
    return 0;
}
