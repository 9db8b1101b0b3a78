#ifndef VEIL_RELEASE_MINISIGN_INTERNAL_H
#define VEIL_RELEASE_MINISIGN_INTERNAL_H

/*
 * minisign's text files, byte for byte (FORMATS.md §3a): two-line public and secret keys and the
 * four-line signature. Parsing is strict: exact lengths, canonical base64, the comment prefixes,
 * printable comments, and nothing after the last line but one newline.
 */

#include <stddef.h>

#include "common/buf.h"

struct err;

#define MS_UNTRUSTED_PREFIX "untrusted comment: "
#define MS_TRUSTED_PREFIX   "trusted comment: "
#define MS_UNTRUSTED_MAX    1024
#define MS_TRUSTED_MAX      8192

/* Secret key blob: offsets of minisign's seckey struct (158 bytes). */
#define MS_SK_SIG_ALG 0
#define MS_SK_KDF_ALG 2
#define MS_SK_CHK_ALG 4
#define MS_SK_SALT    6
#define MS_SK_OPS     38
#define MS_SK_MEM     46
#define MS_SK_KEYNUM  54
#define MS_SK_SECRET  62
#define MS_SK_CHK     126
#define MS_SK_BYTES   158
/* The scrypt stream covers keynum || secret || chk. */
#define MS_SK_ENCRYPTED_BYTES (MS_SK_BYTES - MS_SK_KEYNUM)

#define MS_PK_BYTES  42
#define MS_SIG_BYTES 74

/* Invariant: pk is the public key of seed; the struct is wiped before it is freed. */
struct sign_seckey {
    unsigned char keynum[8];
    unsigned char seed[32]; /* the Ed25519 secret; libsodium's sk is seed || pk */
    unsigned char pk[32];
};

struct minisig {
    unsigned char alg[2]; /* "ED" prehashed or "Ed" legacy */
    unsigned char keynum[8];
    unsigned char sig[64];
    char *untrusted; /* the first line without its prefix; owned */
    char *trusted;   /* the trusted comment without its prefix; owned */
    unsigned char global_sig[64];
};

/*
 * Splits text into at most max lines (CR/LF trimmed); *count is the number found. Fails with a
 * message naming origin on NUL bytes, too many lines or a missing final newline on a full file.
 */
int ms_split_lines(const char *origin, const char *text, size_t len, struct span *lines, size_t max,
                   size_t *count, struct err *err);

int ms_pubkey_parse(const char *origin, const char *text, size_t len, unsigned char keynum[8],
                    unsigned char pk[32], struct err *err);
int ms_pubkey_format(const unsigned char keynum[8], const unsigned char pk[32], struct buf *out,
                     struct err *err);

/* Text <-> the 158-byte blob; the blob is not interpreted here. */
int ms_seckey_parse(const char *origin, const char *text, size_t len,
                    unsigned char blob[MS_SK_BYTES], struct err *err);
int ms_seckey_format(const unsigned char blob[MS_SK_BYTES], struct buf *out, struct err *err);

int ms_sig_parse(const char *origin, const char *text, size_t len, struct minisig *sig,
                 struct err *err);
int ms_sig_format(const struct minisig *sig, struct buf *out, struct err *err);
void ms_sig_release(struct minisig *sig);

/* Printable ASCII or UTF-8 continuation/lead bytes; no control characters. */
int ms_comment_ok(const char *s, size_t len);

/* Little-endian u64 load/store as minisign does. */
unsigned long long ms_le64_load(const unsigned char p[8]);
void ms_le64_store(unsigned char p[8], unsigned long long v);

/* Reads a small text file (key or signature) up to max bytes into out. */
int ms_read_small_file(const char *path, size_t max, struct buf *out, struct err *err);

#endif
