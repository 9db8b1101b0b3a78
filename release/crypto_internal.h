#ifndef VEIL_RELEASE_CRYPTO_INTERNAL_H
#define VEIL_RELEASE_CRYPTO_INTERNAL_H

/*
 * The primitives behind release/: OpenSSL 3 for Ed25519, SHA-256, BLAKE2b-512, base64 and
 * randomness; libsodium only for unkeyed BLAKE2b-256 and minisign's scrypt (OpenSSL 3.0 has
 * neither in the form minisign uses, see /work/shared/FORMATS.md). Every OpenSSL error queue is
 * drained into a struct err here and nowhere else.
 */

#include <stddef.h>

#include "common/buf.h"

struct err;

#define ED25519_SEED_BYTES   32
#define ED25519_PUBLIC_BYTES 32
#define ED25519_SIG_BYTES    64
#define BLAKE2B512_BYTES     64
#define SHA256_BYTES         32

/* Drains OpenSSL's error queue into err (ERR_DEP, "what: reason"); returns -1. */
int openssl_error(struct err *err, const char *what);

int crypto_random(void *p, size_t n, struct err *err);

/* A fresh key pair; the seed is the secret (libsodium's sk is seed || pk). */
int ed25519_keypair(unsigned char seed[ED25519_SEED_BYTES], unsigned char pk[ED25519_PUBLIC_BYTES],
                    struct err *err);
int ed25519_public_from_seed(const unsigned char seed[ED25519_SEED_BYTES],
                             unsigned char pk[ED25519_PUBLIC_BYTES], struct err *err);
int ed25519_sign(const unsigned char seed[ED25519_SEED_BYTES], const void *msg, size_t len,
                 unsigned char sig[ED25519_SIG_BYTES], struct err *err);
/* 0 when the signature is valid, -1 with ERR_VERIFY (or ERR_DEP) otherwise. */
int ed25519_verify(const unsigned char pk[ED25519_PUBLIC_BYTES], const void *msg, size_t len,
                   const unsigned char sig[ED25519_SIG_BYTES], struct err *err);

/* Streaming digests over OpenSSL's EVP; _free(NULL) is fine. */
enum digest_kind { DIGEST_SHA256, DIGEST_BLAKE2B512 };
struct digest;
int digest_new(enum digest_kind kind, struct digest **out, struct err *err);
int digest_update(struct digest *d, const void *p, size_t n, struct err *err);
/* Writes the digest (32 or 64 bytes) to out; the digest cannot be updated afterwards. */
int digest_final(struct digest *d, unsigned char *out, struct err *err);
void digest_free(struct digest *d);
/* One-shot SHA-256 of a memory block. */
int sha256_mem(const void *p, size_t n, unsigned char out[SHA256_BYTES], struct err *err);

/* Unkeyed BLAKE2b with a 32-byte output (libsodium crypto_generichash). */
int blake2b256(const void *p, size_t n, unsigned char out[32], struct err *err);
/* minisign's key stream: crypto_pwhash_scryptsalsa208sha256 over the password. */
int scrypt_stream(const char *password, const unsigned char salt[32], unsigned long long opslimit,
                  size_t memlimit, unsigned char *out, size_t n, struct err *err);

/* Standard base64 with '=' padding, appended to out. */
int base64_append(struct buf *out, const unsigned char *p, size_t n, struct err *err);
/*
 * Decodes exactly n bytes from the canonical base64 text s[0..len); any other length, stray
 * character, wrong padding or non-zero spare bits is rejected (returns -1, err unset), so that a
 * flipped bit in a signature file can never decode to the same bytes.
 */
int base64_decode_exact(const char *s, size_t len, unsigned char *out, size_t n);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void hex_encode(const unsigned char *p, size_t n, char *out);

#endif
