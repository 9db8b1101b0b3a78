#include "release/crypto_internal.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

int
openssl_error(struct err *err, const char *what)
{
    unsigned long code = ERR_get_error();
    char reason[256] = "unknown error";

    if (code) {
        ERR_error_string_n(code, reason, sizeof(reason));
    }
    while (ERR_get_error()) {
    }
    return err_set(err, ERR_DEP, "%s: %s", what, reason);
}

int
crypto_random(void *p, size_t n, struct err *err)
{
    if (n > (size_t)0x7fffffff || RAND_bytes(p, (int)n) != 1) {
        return openssl_error(err, "random bytes");
    }
    return 0;
}

static EVP_PKEY *
private_key(const unsigned char seed[ED25519_SEED_BYTES], struct err *err)
{
    EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, ED25519_SEED_BYTES);
    if (!k) {
        openssl_error(err, "ed25519 private key");
    }
    return k;
}

int
ed25519_public_from_seed(const unsigned char seed[ED25519_SEED_BYTES],
                         unsigned char pk[ED25519_PUBLIC_BYTES], struct err *err)
{
    EVP_PKEY *k = private_key(seed, err);
    size_t len = ED25519_PUBLIC_BYTES;
    int rc = -1;

    if (!k) {
        return -1;
    }
    if (EVP_PKEY_get_raw_public_key(k, pk, &len) != 1 || len != ED25519_PUBLIC_BYTES) {
        openssl_error(err, "ed25519 public key");
        goto out;
    }
    rc = 0;
out:
    EVP_PKEY_free(k);
    return rc;
}

int
ed25519_keypair(unsigned char seed[ED25519_SEED_BYTES], unsigned char pk[ED25519_PUBLIC_BYTES],
                struct err *err)
{
    if (crypto_random(seed, ED25519_SEED_BYTES, err) < 0) {
        return -1;
    }
    return ed25519_public_from_seed(seed, pk, err);
}

int
ed25519_sign(const unsigned char seed[ED25519_SEED_BYTES], const void *msg, size_t len,
             unsigned char sig[ED25519_SIG_BYTES], struct err *err)
{
    EVP_PKEY *k = private_key(seed, err);
    EVP_MD_CTX *ctx = NULL;
    size_t siglen = ED25519_SIG_BYTES;
    int rc = -1;

    if (!k) {
        return -1;
    }
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) != 1 ||
        EVP_DigestSign(ctx, sig, &siglen, msg, len) != 1 || siglen != ED25519_SIG_BYTES) {
        openssl_error(err, "ed25519 sign");
        goto out;
    }
    rc = 0;
out:
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(k);
    return rc;
}

int
ed25519_verify(const unsigned char pk[ED25519_PUBLIC_BYTES], const void *msg, size_t len,
               const unsigned char sig[ED25519_SIG_BYTES], struct err *err)
{
    EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pk, ED25519_PUBLIC_BYTES);
    EVP_MD_CTX *ctx = NULL;
    int rc = -1, ok;

    if (!k) {
        return openssl_error(err, "ed25519 public key");
    }
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) != 1) {
        openssl_error(err, "ed25519 verify");
        goto out;
    }
    ok = EVP_DigestVerify(ctx, sig, ED25519_SIG_BYTES, msg, len);
    /* A bad signature also leaves an entry in the error queue; it is a verdict, not a fault. */
    while (ERR_get_error()) {
    }
    if (ok != 1) {
        err_set(err, ERR_VERIFY, "signature does not match");
        goto out;
    }
    rc = 0;
out:
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(k);
    return rc;
}

struct digest {
    EVP_MD_CTX *ctx;
};

int
digest_new(enum digest_kind kind, struct digest **out, struct err *err)
{
    struct digest *d = xcalloc(1, sizeof(*d));
    const EVP_MD *md = kind == DIGEST_SHA256 ? EVP_sha256() : EVP_blake2b512();

    d->ctx = EVP_MD_CTX_new();
    if (!d->ctx || EVP_DigestInit_ex(d->ctx, md, NULL) != 1) {
        digest_free(d);
        return openssl_error(err, "digest init");
    }
    *out = d;
    return 0;
}

int
digest_update(struct digest *d, const void *p, size_t n, struct err *err)
{
    if (n && EVP_DigestUpdate(d->ctx, p, n) != 1) {
        return openssl_error(err, "digest update");
    }
    return 0;
}

int
digest_final(struct digest *d, unsigned char *out, struct err *err)
{
    if (EVP_DigestFinal_ex(d->ctx, out, NULL) != 1) {
        return openssl_error(err, "digest final");
    }
    return 0;
}

void
digest_free(struct digest *d)
{
    if (!d) {
        return;
    }
    EVP_MD_CTX_free(d->ctx);
    free(d);
}

int
sha256_mem(const void *p, size_t n, unsigned char out[SHA256_BYTES], struct err *err)
{
    if (EVP_Digest(p, n, out, NULL, EVP_sha256(), NULL) != 1) {
        return openssl_error(err, "sha256");
    }
    return 0;
}

static int
sodium_ready(struct err *err)
{
    if (sodium_init() < 0) {
        return err_set(err, ERR_DEP, "libsodium: initialisation failed");
    }
    return 0;
}

int
blake2b256(const void *p, size_t n, unsigned char out[32], struct err *err)
{
    if (sodium_ready(err) < 0) {
        return -1;
    }
    if (crypto_generichash(out, 32, p, n, NULL, 0) != 0) {
        return err_set(err, ERR_DEP, "libsodium: blake2b failed");
    }
    return 0;
}

int
scrypt_stream(const char *password, const unsigned char salt[32], unsigned long long opslimit,
              size_t memlimit, unsigned char *out, size_t n, struct err *err)
{
    if (sodium_ready(err) < 0) {
        return -1;
    }
    if (crypto_pwhash_scryptsalsa208sha256(out, n, password, strlen(password), salt, opslimit,
                                           memlimit) != 0) {
        return err_set(err, ERR_DEP,
                       "scrypt key derivation failed (ops %llu, mem %zu bytes): out of memory?",
                       opslimit, memlimit);
    }
    return 0;
}

int
base64_append(struct buf *out, const unsigned char *p, size_t n, struct err *err)
{
    size_t need = 4 * ((n + 2) / 3);

    if (n > (size_t)0x3fffffff) {
        return err_set(err, ERR_LIMIT, "base64: input too long");
    }
    if (buf_grow(out, need + 1, err) < 0) {
        return -1;
    }
    EVP_EncodeBlock(out->data + out->len, p, (int)n);
    out->len += need;
    out->data[out->len] = '\0';
    return 0;
}

int
base64_decode_exact(const char *s, size_t len, unsigned char *out, size_t n)
{
    size_t raw = 3 * (len / 4);
    unsigned char *tmp, *again;
    int rc = -1;

    /* Canonical text for n bytes has exactly this length; anything else is not ours. */
    if (len != 4 * ((n + 2) / 3) || len == 0) {
        return -1;
    }
    tmp = xmalloc(raw + 1);
    again = xmalloc(len + 1);
    if (EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)len) != (int)raw) {
        goto out;
    }
    /* Re-encoding must give back the same text: this rejects spare bits and odd padding. */
    EVP_EncodeBlock(again, tmp, (int)n);
    if (memcmp(again, s, len) != 0) {
        goto out;
    }
    memcpy(out, tmp, n);
    rc = 0;
out:
    OPENSSL_cleanse(tmp, raw + 1);
    free(tmp);
    free(again);
    return rc;
}

void
hex_encode(const unsigned char *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}
