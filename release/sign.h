#ifndef VEIL_SIGN_H
#define VEIL_SIGN_H

/*
 * Ed25519 keys and signatures in minisign's file formats, so that veil and stock minisign (and,
 * for legacy signatures, OpenBSD signify) can check each other's work. A public key is a plain
 * value; a secret key is an opaque handle whose memory is wiped on free. Signatures are
 * minisign's prehashed "ED" form (Ed25519 over BLAKE2b-512 of the file); verification also
 * accepts the legacy "Ed" form. Errors: ERR_IO, ERR_PARSE (malformed key or signature file),
 * ERR_VERIFY (a well-formed signature that does not check out), ERR_DEP (library failure).
 */

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

struct err;

#define SIGN_KEYNUM_BYTES  8
#define SIGN_PUBLIC_BYTES  32
#define SIGN_PREHASH_BYTES 64
/* Key ids as users see them: minisign 0.12 prints 16 hex digits, 0.11 drops leading zeros. */
#define SIGN_KEY_ID_LEN 16

/* minisign's default scrypt cost (libsodium's "sensitive" limits: N=2^20, r=8, p=1). */
#define SIGN_KDF_OPS_DEFAULT 33554432ULL
#define SIGN_KDF_MEM_DEFAULT 1073741824ULL

struct sign_pubkey {
    unsigned char keynum[SIGN_KEYNUM_BYTES]; /* random id, little-endian u64 in the key id */
    unsigned char pk[SIGN_PUBLIC_BYTES];
};

struct sign_seckey;

/* scrypt cost for password-protected secret keys; minisign stores it in the key file. */
struct sign_kdf {
    uint64_t opslimit;
    uint64_t memlimit;
};

/*
 * Creates pub_path (minisign public key, mode 0644) and sec_path (minisign secret key, mode 0600,
 * O_EXCL unless force). password NULL writes an unencrypted key like `minisign -G -W`; otherwise
 * the key is encrypted with scrypt at kdf (NULL: minisign's defaults). Refuses to overwrite
 * either file without force. On success *pub holds the new public key (may be NULL).
 */
int sign_keygen(const char *pub_path, const char *sec_path, const char *password,
                const struct sign_kdf *kdf, int force, struct sign_pubkey *pub, struct err *err);

/*
 * The same key pair in memory: appends the public and secret key files' text to pub_text and
 * sec_text (the caller wipes sec_text with secure_wipe and releases both), for writers that put
 * the files in place themselves (keygen's all-or-nothing key set).
 */
int sign_keypair_new(const char *password, const struct sign_kdf *kdf, struct buf *pub_text,
                     struct buf *sec_text, struct sign_pubkey *pub, struct err *err);

/* Cryptographically secure random bytes (OpenSSL's DRBG). */
int sign_random(void *p, size_t n, struct err *err);

/* Reads a minisign public key file, or its base64 line. */
int sign_pubkey_load(const char *path, struct sign_pubkey *pub, struct err *err);
int sign_pubkey_parse(const char *origin, const char *text, size_t len, struct sign_pubkey *pub,
                      struct err *err);
/* Zero-padded uppercase hex of the key id (minisign 0.12 style) into out[17]. */
void sign_key_id(const struct sign_pubkey *pub, char out[SIGN_KEY_ID_LEN + 1]);
/* The same without leading zeros (minisign 0.11 style), as in 0.11's key file comments. */
void sign_key_id_short(const struct sign_pubkey *pub, char out[SIGN_KEY_ID_LEN + 1]);

/*
 * Loads a minisign secret key (veil's or minisign's, encrypted or not). password may be NULL for
 * an unencrypted key; a wrong password or a corrupted key is ERR_VERIFY. Free with
 * sign_seckey_free.
 */
int sign_seckey_load(const char *path, const char *password, struct sign_seckey **out,
                     struct err *err);
void sign_seckey_free(struct sign_seckey *sk);
void sign_seckey_public(const struct sign_seckey *sk, struct sign_pubkey *pub);
/* Whether the key file on disk is password-protected (so the CLI knows to ask). */
int sign_seckey_is_encrypted(const char *path, int *encrypted, struct err *err);

/* Reads the first line of a password file (newline removed). Free with sign_password_free. */
int sign_password_read(const char *path, char **out, struct err *err);
void sign_password_free(char *password);

/* BLAKE2b-512 of a byte stream: the prehash that "ED" signatures sign. */
struct sign_prehash;
int sign_prehash_new(struct sign_prehash **out, struct err *err);
int sign_prehash_update(struct sign_prehash *h, const void *p, size_t n, struct err *err);
int sign_prehash_final(struct sign_prehash *h, unsigned char out[SIGN_PREHASH_BYTES],
                       struct err *err);
void sign_prehash_free(struct sign_prehash *h);

/*
 * Appends a complete minisign signature file (4 lines) for a file whose BLAKE2b-512 is prehash.
 * trusted_comment must be printable and free of newlines. The untrusted comment names the key;
 * its SHA-256 is bound into the trusted comment (field "untrusted_sha256") so that no byte of the
 * signature file can change without verification failing.
 */
int sign_detached(const struct sign_seckey *sk, const unsigned char prehash[SIGN_PREHASH_BYTES],
                  const char *trusted_comment, struct buf *out, struct err *err);

/*
 * Appends a signify "embedded" signed message: an untrusted comment, a legacy "Ed" signature of
 * msg, then msg itself (what `signify -S -e` writes and `signify -C` checks).
 */
int sign_embedded(const struct sign_seckey *sk, const void *msg, size_t len, struct buf *out,
                  struct err *err);

/* The verdict on a signature file, for display. trusted_comment is owned by the caller. */
struct sign_verdict {
    char *trusted_comment; /* without the "trusted comment: " prefix; NUL-terminated */
    int prehashed;         /* 1 for "ED", 0 for legacy "Ed" */
};

/*
 * Checks the minisign signature file sig_path for the file at path with key pub: key id,
 * signature over the file (streamed for "ED"; legacy "Ed" reads files up to 1 GiB), and the
 * global signature over the trusted comment. On success fills *verdict (release with
 * sign_verdict_release). Messages name the signature file and what failed.
 */
int sign_verify_file(const struct sign_pubkey *pub, const char *path, const char *sig_path,
                     struct sign_verdict *verdict, struct err *err);
/* The same for a signature and a message held in memory (tests and fuzzing). */
int sign_verify_mem(const struct sign_pubkey *pub, const char *sig_origin, const char *sig_text,
                    size_t sig_len, const void *msg, size_t msg_len, struct sign_verdict *verdict,
                    struct err *err);
void sign_verdict_release(struct sign_verdict *verdict);

/*
 * Looks up field "name" in a minisign trusted comment of tab-separated "key:value" fields;
 * copies the value into out (NUL-terminated) and returns 1, 0 when absent, -1 if too long.
 */
int sign_comment_field(const char *comment, const char *name, char *out, size_t cap);

#endif
