/*
 * Keyed pseudonyms for worker IDs. HMAC rather than a plain or salted hash: anyone who can list
 * candidate IDs could reverse an unkeyed hash by trying them all (FORMATS.md, ENISA 2019).
 */
#include "scrub/scrub.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <string.h>

#include "common/banned.h"
#include "common/err.h"
#include "common/keyfile.h"

static const char id_domain[] = "rt-worker-id/v1"; /* the NUL after it is part of the input */

static int
openssl_fail(const char *what, struct err *err)
{
    unsigned long code = ERR_get_error();
    char detail[256] = "unknown error";

    if (code) {
        ERR_error_string_n(code, detail, sizeof(detail));
    }
    ERR_clear_error();
    return err_set(err, ERR_DEP, "%s: %s", what, detail);
}

static int
hmac_sha256(const unsigned char *key, size_t key_len, const unsigned char *a, size_t a_len,
            const unsigned char *b, size_t b_len, unsigned char out[32], struct err *err)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = NULL;
    char digest[] = "SHA256"; /* OSSL_PARAM wants a mutable pointer */
    OSSL_PARAM params[2];
    size_t out_len = 0;
    int rc = -1;

    if (!mac || !(ctx = EVP_MAC_CTX_new(mac))) {
        openssl_fail("HMAC-SHA256 unavailable", err);
        goto out;
    }
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_init(ctx, key, key_len, params) != 1 || EVP_MAC_update(ctx, a, a_len) != 1 ||
        EVP_MAC_update(ctx, b, b_len) != 1 || EVP_MAC_final(ctx, out, &out_len, 32) != 1 ||
        out_len != 32) {
        openssl_fail("HMAC-SHA256 failed", err);
        goto out;
    }
    rc = 0;
out:
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    return rc;
}

static void
to_hex(const unsigned char *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int
scrub_pseudonym_id(const unsigned char *key, size_t key_len, const unsigned char *id, size_t id_len,
                   char *out, struct err *err)
{
    unsigned char mac[32];

    if (!key || key_len < SCRUB_ID_KEY_MIN) {
        return err_set(err, ERR_USAGE, "an ID key of at least %d bytes is needed",
                       SCRUB_ID_KEY_MIN);
    }
    while (id_len && is_space(id[0])) {
        id++;
        id_len--;
    }
    while (id_len && is_space(id[id_len - 1])) {
        id_len--;
    }
    if (hmac_sha256(key, key_len, (const unsigned char *)id_domain, sizeof(id_domain), id, id_len,
                    mac, err) < 0) {
        return -1;
    }
    out[0] = 'w';
    out[1] = '_';
    to_hex(mac, 8, out + 2);
    secure_wipe(mac, sizeof(mac));
    return 0;
}

int
scrub_key_id(const unsigned char *key, size_t key_len, char out[17], struct err *err)
{
    unsigned char mac[32];
    static const char label[] = "key-id";

    if (hmac_sha256(key, key_len, (const unsigned char *)label, strlen(label),
                    (const unsigned char *)"", 0, mac, err) < 0) {
        return -1;
    }
    to_hex(mac, 8, out);
    return 0;
}
