/* Key pairs in minisign's formats: create, load (decrypting like minisign), and passwords. */
#include "release/sign.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/keyfile.h"
#include "common/outfile.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"
#include "release/minisign_internal.h"

#include "common/banned.h"

#define KEY_FILE_MAX 4096
/* Refuse scrypt costs beyond this when loading: a hostile key file must not exhaust memory. */
#define KDF_MEM_LOAD_MAX (4ULL << 30)

/* minisign's checksum: BLAKE2b-256 over sig_alg || keynum || sk (seed || pk). */
static int
seckey_checksum(const unsigned char blob[MS_SK_BYTES], unsigned char chk[32], struct err *err)
{
    unsigned char in[2 + 8 + 64];
    int rc;

    memcpy(in, blob + MS_SK_SIG_ALG, 2);
    memcpy(in + 2, blob + MS_SK_KEYNUM, 8);
    memcpy(in + 10, blob + MS_SK_SECRET, 64);
    rc = blake2b256(in, sizeof(in), chk, err);
    secure_wipe(in, sizeof(in));
    return rc;
}

/* XORs scrypt's stream over keynum || sk || chk: the same operation encrypts and decrypts. */
static int
seckey_crypt(unsigned char blob[MS_SK_BYTES], const char *password, struct err *err)
{
    unsigned char stream[MS_SK_ENCRYPTED_BYTES];
    unsigned long long ops = ms_le64_load(blob + MS_SK_OPS);
    unsigned long long mem = ms_le64_load(blob + MS_SK_MEM);

    if (mem > KDF_MEM_LOAD_MAX) {
        return err_set(err, ERR_LIMIT, "scrypt memory limit %llu bytes is beyond %llu", mem,
                       (unsigned long long)KDF_MEM_LOAD_MAX);
    }
    if (scrypt_stream(password, blob + MS_SK_SALT, ops, (size_t)mem, stream, sizeof(stream), err) <
        0) {
        return -1;
    }
    for (size_t i = 0; i < sizeof(stream); i++) {
        blob[MS_SK_KEYNUM + i] ^= stream[i];
    }
    secure_wipe(stream, sizeof(stream));
    return 0;
}

static int
build_seckey_blob(const unsigned char keynum[8], const unsigned char seed[32],
                  const unsigned char pk[32], const char *password, const struct sign_kdf *kdf,
                  unsigned char blob[MS_SK_BYTES], struct err *err)
{
    memset(blob, 0, MS_SK_BYTES);
    memcpy(blob + MS_SK_SIG_ALG, "Ed", 2);
    memcpy(blob + MS_SK_CHK_ALG, "B2", 2);
    memcpy(blob + MS_SK_KEYNUM, keynum, 8);
    memcpy(blob + MS_SK_SECRET, seed, 32);
    memcpy(blob + MS_SK_SECRET + 32, pk, 32);
    /* minisign -W leaves chk zero; we write the real one so stricter readers accept it too. */
    if (seckey_checksum(blob, blob + MS_SK_CHK, err) < 0) {
        return -1;
    }
    if (!password) {
        return 0;
    }
    memcpy(blob + MS_SK_KDF_ALG, "Sc", 2);
    ms_le64_store(blob + MS_SK_OPS, kdf ? kdf->opslimit : SIGN_KDF_OPS_DEFAULT);
    ms_le64_store(blob + MS_SK_MEM, kdf ? kdf->memlimit : SIGN_KDF_MEM_DEFAULT);
    if (crypto_random(blob + MS_SK_SALT, 32, err) < 0) {
        return -1;
    }
    return seckey_crypt(blob, password, err);
}

int
sign_random(void *p, size_t n, struct err *err)
{
    return crypto_random(p, n, err);
}

static int
refuse_existing(const char *path, int force, struct err *err)
{
    if (!force && access(path, F_OK) == 0) {
        return err_set(err, ERR_USAGE, "%s: already exists (use --force to overwrite)", path);
    }
    return 0;
}

static int
write_public(const char *path, const struct buf *text, struct err *err)
{
    struct outfile *f = NULL;
    int rc = -1;

    if (outfile_open(path, 0644, &f, err) < 0 || outfile_write(f, text->data, text->len, err) < 0 ||
        outfile_commit(f, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    outfile_free(f);
    return rc;
}
int
sign_keypair_new(const char *password, const struct sign_kdf *kdf, struct buf *pub_text,
                 struct buf *sec_text, struct sign_pubkey *pub, struct err *err)
{
    unsigned char seed[ED25519_SEED_BYTES], pk[ED25519_PUBLIC_BYTES], keynum[8];
    unsigned char blob[MS_SK_BYTES];
    int rc = -1;

    if (ed25519_keypair(seed, pk, err) < 0 || crypto_random(keynum, sizeof(keynum), err) < 0 ||
        build_seckey_blob(keynum, seed, pk, password, kdf, blob, err) < 0 ||
        ms_seckey_format(blob, sec_text, err) < 0 ||
        ms_pubkey_format(keynum, pk, pub_text, err) < 0) {
        goto out;
    }
    if (pub) {
        memcpy(pub->keynum, keynum, 8);
        memcpy(pub->pk, pk, 32);
    }
    rc = 0;
out:
    secure_wipe(seed, sizeof(seed));
    secure_wipe(blob, sizeof(blob));
    return rc;
}

int
sign_keygen(const char *pub_path, const char *sec_path, const char *password,
            const struct sign_kdf *kdf, int force, struct sign_pubkey *pub, struct err *err)
{
    struct buf pub_text, sec_text;
    int rc = -1;

    buf_init(&pub_text, BUF_NO_MAX);
    buf_init(&sec_text, BUF_NO_MAX);
    if (refuse_existing(pub_path, force, err) < 0 || refuse_existing(sec_path, force, err) < 0 ||
        sign_keypair_new(password, kdf, &pub_text, &sec_text, pub, err) < 0 ||
        secret_file_write(sec_path, sec_text.data, sec_text.len, force, err) < 0) {
        goto out;
    }
    if (write_public(pub_path, &pub_text, err) < 0) {
        unlink(sec_path); /* half a key pair is worse than none */
        goto out;
    }
    rc = 0;
out:
    if (sec_text.data) {
        secure_wipe(sec_text.data, sec_text.len);
    }
    buf_release(&sec_text);
    buf_release(&pub_text);
    return rc;
}

int
sign_pubkey_parse(const char *origin, const char *text, size_t len, struct sign_pubkey *pub,
                  struct err *err)
{
    return ms_pubkey_parse(origin, text, len, pub->keynum, pub->pk, err);
}

int
sign_pubkey_load(const char *path, struct sign_pubkey *pub, struct err *err)
{
    struct buf text;
    int rc = -1;

    buf_init(&text, BUF_NO_MAX);
    if (ms_read_small_file(path, KEY_FILE_MAX, &text, err) < 0) {
        goto out;
    }
    rc = sign_pubkey_parse(path, text.len ? (const char *)text.data : "", text.len, pub, err);
out:
    buf_release(&text);
    return rc;
}

void
sign_key_id(const struct sign_pubkey *pub, char out[SIGN_KEY_ID_LEN + 1])
{
    static const char digits[] = "0123456789ABCDEF";
    unsigned long long v = ms_le64_load(pub->keynum);

    for (int i = SIGN_KEY_ID_LEN - 1; i >= 0; i--) {
        out[i] = digits[v & 15];
        v >>= 4;
    }
    out[SIGN_KEY_ID_LEN] = '\0';
}

void
sign_key_id_short(const struct sign_pubkey *pub, char out[SIGN_KEY_ID_LEN + 1])
{
    char full[SIGN_KEY_ID_LEN + 1];
    size_t skip = 0;

    sign_key_id(pub, full);
    while (skip < SIGN_KEY_ID_LEN - 1 && full[skip] == '0') {
        skip++;
    }
    memcpy(out, full + skip, SIGN_KEY_ID_LEN + 1 - skip);
}

static int
load_blob(const char *path, unsigned char blob[MS_SK_BYTES], struct err *err)
{
    struct buf text;
    int rc = -1;

    buf_init(&text, BUF_NO_MAX);
    if (ms_read_small_file(path, KEY_FILE_MAX, &text, err) < 0 ||
        ms_seckey_parse(path, text.len ? (const char *)text.data : "", text.len, blob, err) < 0) {
        goto out;
    }
    if (memcmp(blob + MS_SK_SIG_ALG, "Ed", 2) != 0 || memcmp(blob + MS_SK_CHK_ALG, "B2", 2) != 0) {
        err_set(err, ERR_PARSE, "%s: unsupported secret key algorithm", path);
        goto out;
    }
    if (memcmp(blob + MS_SK_KDF_ALG, "Sc", 2) != 0 &&
        memcmp(blob + MS_SK_KDF_ALG, "\0\0", 2) != 0) {
        err_set(err, ERR_PARSE, "%s: unsupported key derivation algorithm", path);
        goto out;
    }
    rc = 0;
out:
    if (text.data) {
        secure_wipe(text.data, text.len);
    }
    buf_release(&text);
    return rc;
}

int
sign_seckey_is_encrypted(const char *path, int *encrypted, struct err *err)
{
    unsigned char blob[MS_SK_BYTES];

    if (load_blob(path, blob, err) < 0) {
        return -1;
    }
    *encrypted = memcmp(blob + MS_SK_KDF_ALG, "Sc", 2) == 0;
    secure_wipe(blob, sizeof(blob));
    return 0;
}

static int
check_blob(const char *path, const unsigned char blob[MS_SK_BYTES], int encrypted, struct err *err)
{
    static const unsigned char zero[32];
    unsigned char chk[32], pk[32];
    int rc = -1;

    if (seckey_checksum(blob, chk, err) < 0) {
        return -1;
    }
    /* minisign -W keys carry no checksum; the public-key check below still catches damage. */
    if (memcmp(chk, blob + MS_SK_CHK, 32) != 0 &&
        (encrypted || memcmp(blob + MS_SK_CHK, zero, 32) != 0)) {
        err_set(err, ERR_VERIFY, "%s: %s", path,
                encrypted ? "wrong password for this secret key"
                          : "corrupted secret key: checksum mismatch");
        goto out;
    }
    if (ed25519_public_from_seed(blob + MS_SK_SECRET, pk, err) < 0) {
        goto out;
    }
    if (memcmp(pk, blob + MS_SK_SECRET + 32, 32) != 0) {
        err_set(err, ERR_VERIFY, "%s: corrupted secret key: public half does not match", path);
        goto out;
    }
    rc = 0;
out:
    secure_wipe(chk, sizeof(chk));
    return rc;
}

int
sign_seckey_load(const char *path, const char *password, struct sign_seckey **out, struct err *err)
{
    unsigned char blob[MS_SK_BYTES];
    struct sign_seckey *sk = NULL;
    int encrypted, rc = -1;

    if (load_blob(path, blob, err) < 0) {
        return -1;
    }
    encrypted = memcmp(blob + MS_SK_KDF_ALG, "Sc", 2) == 0;
    if (encrypted && !password) {
        err_set(err, ERR_USAGE, "%s: secret key is encrypted: give --password-file", path);
        goto out;
    }
    if (encrypted && seckey_crypt(blob, password, err) < 0) {
        err_prefix(err, "%s", path);
        goto out;
    }
    if (check_blob(path, blob, encrypted, err) < 0) {
        goto out;
    }
    sk = xcalloc(1, sizeof(*sk));
    memcpy(sk->keynum, blob + MS_SK_KEYNUM, 8);
    memcpy(sk->seed, blob + MS_SK_SECRET, 32);
    memcpy(sk->pk, blob + MS_SK_SECRET + 32, 32);
    *out = sk;
    rc = 0;
out:
    secure_wipe(blob, sizeof(blob));
    return rc;
}

void
sign_seckey_free(struct sign_seckey *sk)
{
    if (!sk) {
        return;
    }
    secure_wipe(sk, sizeof(*sk));
    free(sk);
}

void
sign_seckey_public(const struct sign_seckey *sk, struct sign_pubkey *pub)
{
    memcpy(pub->keynum, sk->keynum, 8);
    memcpy(pub->pk, sk->pk, 32);
}

int
sign_password_read(const char *path, char **out, struct err *err)
{
    struct buf text;
    size_t n;
    int rc = -1;

    buf_init(&text, BUF_NO_MAX);
    if (ms_read_small_file(path, KEY_FILE_MAX, &text, err) < 0) {
        goto out;
    }
    for (n = 0; n < text.len && text.data[n] != '\n' && text.data[n] != '\r'; n++) {
    }
    if (n == 0) {
        err_set(err, ERR_USAGE, "%s:1: empty password", path);
        goto out;
    }
    if (memchr(text.data, '\0', n)) {
        err_set(err, ERR_PARSE, "%s:1: password contains a NUL byte", path);
        goto out;
    }
    *out = xmemdup(text.data, n + 1);
    (*out)[n] = '\0';
    rc = 0;
out:
    if (text.data) {
        secure_wipe(text.data, text.len);
    }
    buf_release(&text);
    return rc;
}

void
sign_password_free(char *password)
{
    if (!password) {
        return;
    }
    secure_wipe(password, strlen(password));
    free(password);
}
