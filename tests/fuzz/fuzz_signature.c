/*
 * minisign signature files on arbitrary bytes, verified against a fixed key and message. Besides
 * "no crash": a signature that verifies must hand back its trusted comment, and verifying must
 * be deterministic (the same input gives the same verdict and message twice).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "release/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The key and message the seed corpus was signed with (minisign -G -W, then veil and minisign). */
static const char pub_line[] = "RWTLmYoMBrTt6OQ2B7WA/9iF+tSCIleXGlEukJkCF0DkDPvRrJN6cJDI";
static const char message[] = "veil fuzz message\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sign_pubkey pub;
    struct sign_verdict v1 = {0}, v2 = {0};
    struct err e1, e2;
    int r1, r2;

    err_clear(&e1);
    err_clear(&e2);
    if (sign_pubkey_parse("fuzz", pub_line, strlen(pub_line), &pub, &e1) < 0) {
        abort();
    }
    r1 = sign_verify_mem(&pub, "sig", (const char *)data, size, message, strlen(message), &v1, &e1);
    r2 = sign_verify_mem(&pub, "sig", (const char *)data, size, message, strlen(message), &v2, &e2);
    if (r1 != r2 || strcmp(e1.msg, e2.msg) != 0) {
        abort();
    }
    if (r1 == 0 && (!v1.trusted_comment || e1.kind != ERR_NONE)) {
        abort();
    }
    if (r1 < 0 && (e1.msg[0] == '\0' || v1.trusted_comment)) {
        abort();
    }
    /* the public key parser on the same bytes */
    (void)sign_pubkey_parse("fuzz", (const char *)data, size, &pub, &e1);
    sign_verdict_release(&v1);
    sign_verdict_release(&v2);
    return 0;
}
