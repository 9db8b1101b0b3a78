#include "release/minisign_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/fdio.h"
#include "common/keyfile.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"

#include "common/banned.h"

unsigned long long
ms_le64_load(const unsigned char p[8])
{
    unsigned long long v = 0;

    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

void
ms_le64_store(unsigned char p[8], unsigned long long v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

int
ms_comment_ok(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return 0;
        }
    }
    return 1;
}

int
ms_split_lines(const char *origin, const char *text, size_t len, struct span *lines, size_t max,
               size_t *count, struct err *err)
{
    size_t n = 0, start = 0;

    if (memchr(text, '\0', len)) {
        return err_set(err, ERR_PARSE, "%s: contains a NUL byte", origin);
    }
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t line_len = end - start;
        if (n == max) {
            return err_set(err, ERR_PARSE, "%s:%zu: unexpected content after line %zu", origin,
                           n + 1, max);
        }
        if (line_len && text[start + line_len - 1] == '\r') {
            line_len--;
        }
        lines[n].p = (const unsigned char *)text + start;
        lines[n].len = line_len;
        n++;
        start = end + 1;
    }
    *count = n;
    return 0;
}

static int
has_prefix(const struct span *line, const char *prefix)
{
    size_t n = strlen(prefix);
    return line->len >= n && memcmp(line->p, prefix, n) == 0;
}

int
ms_pubkey_parse(const char *origin, const char *text, size_t len, unsigned char keynum[8],
                unsigned char pk[32], struct err *err)
{
    struct span lines[2];
    const struct span *b64;
    unsigned char raw[MS_PK_BYTES];
    size_t n;

    if (ms_split_lines(origin, text, len, lines, 2, &n, err) < 0) {
        return -1;
    }
    if (n == 2) {
        if (!has_prefix(&lines[0], MS_UNTRUSTED_PREFIX)) {
            return err_set(err, ERR_PARSE,
                           "%s:1: not a minisign public key: missing 'untrusted comment:'", origin);
        }
        b64 = &lines[1];
    } else if (n == 1) {
        b64 = &lines[0]; /* the bare base64 line, as `minisign -P` takes it */
    } else {
        return err_set(err, ERR_PARSE, "%s: not a minisign public key: empty", origin);
    }
    if (base64_decode_exact((const char *)b64->p, b64->len, raw, sizeof(raw)) < 0) {
        return err_set(err, ERR_PARSE, "%s:%zu: not a minisign public key: bad base64 key line",
                       origin, n);
    }
    if (raw[0] != 'E' || raw[1] != 'd') {
        return err_set(err, ERR_PARSE, "%s:%zu: unsupported public key algorithm (not Ed25519)",
                       origin, n);
    }
    memcpy(keynum, raw + 2, 8);
    memcpy(pk, raw + 10, 32);
    return 0;
}

int
ms_pubkey_format(const unsigned char keynum[8], const unsigned char pk[32], struct buf *out,
                 struct err *err)
{
    unsigned char raw[MS_PK_BYTES] = {'E', 'd'};

    memcpy(raw + 2, keynum, 8);
    memcpy(raw + 10, pk, 32);
    if (buf_printf(out, err, MS_UNTRUSTED_PREFIX "minisign public key %016llX\n",
                   ms_le64_load(keynum)) < 0 ||
        base64_append(out, raw, sizeof(raw), err) < 0 || buf_putc(out, '\n', err) < 0) {
        return -1;
    }
    return 0;
}

int
ms_seckey_parse(const char *origin, const char *text, size_t len, unsigned char blob[MS_SK_BYTES],
                struct err *err)
{
    struct span lines[2];
    size_t n;

    if (ms_split_lines(origin, text, len, lines, 2, &n, err) < 0) {
        return -1;
    }
    if (n != 2 || !has_prefix(&lines[0], MS_UNTRUSTED_PREFIX)) {
        return err_set(err, ERR_PARSE, "%s:1: not a minisign secret key", origin);
    }
    if (base64_decode_exact((const char *)lines[1].p, lines[1].len, blob, MS_SK_BYTES) < 0) {
        return err_set(err, ERR_PARSE, "%s:2: not a minisign secret key: bad base64 key line",
                       origin);
    }
    return 0;
}

int
ms_seckey_format(const unsigned char blob[MS_SK_BYTES], struct buf *out, struct err *err)
{
    /* minisign writes this comment even for unencrypted (-W) keys; keep its bytes. */
    if (buf_append_str(out, MS_UNTRUSTED_PREFIX "minisign encrypted secret key\n", err) < 0 ||
        base64_append(out, blob, MS_SK_BYTES, err) < 0 || buf_putc(out, '\n', err) < 0) {
        return -1;
    }
    return 0;
}

static char *
span_strdup(const unsigned char *p, size_t len)
{
    char *s = xmalloc(len + 1);
    memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

static int
parse_sig_line(const char *origin, const struct span *line, struct minisig *sig, struct err *err)
{
    unsigned char raw[MS_SIG_BYTES];

    if (base64_decode_exact((const char *)line->p, line->len, raw, sizeof(raw)) < 0) {
        return err_set(err, ERR_PARSE, "%s:2: malformed signature: bad base64 signature line",
                       origin);
    }
    if (!(raw[0] == 'E' && (raw[1] == 'D' || raw[1] == 'd'))) {
        return err_set(err, ERR_PARSE, "%s:2: unsupported signature algorithm", origin);
    }
    memcpy(sig->alg, raw, 2);
    memcpy(sig->keynum, raw + 2, 8);
    memcpy(sig->sig, raw + 10, 64);
    return 0;
}

int
ms_sig_parse(const char *origin, const char *text, size_t len, struct minisig *sig, struct err *err)
{
    struct span lines[4];
    size_t n, ulen = strlen(MS_UNTRUSTED_PREFIX), tlen = strlen(MS_TRUSTED_PREFIX);

    memset(sig, 0, sizeof(*sig));
    if (ms_split_lines(origin, text, len, lines, 4, &n, err) < 0) {
        return -1;
    }
    if (n != 4) {
        return err_set(err, ERR_PARSE, "%s: malformed signature: %zu lines, expected 4", origin, n);
    }
    if (len == 0 || text[len - 1] != '\n') {
        return err_set(err, ERR_PARSE, "%s:4: malformed signature: no final newline", origin);
    }
    if (!has_prefix(&lines[0], MS_UNTRUSTED_PREFIX) || lines[0].len > MS_UNTRUSTED_MAX ||
        !ms_comment_ok((const char *)lines[0].p, lines[0].len)) {
        return err_set(err, ERR_PARSE, "%s:1: malformed signature: bad untrusted comment line",
                       origin);
    }
    if (parse_sig_line(origin, &lines[1], sig, err) < 0) {
        return -1;
    }
    if (!has_prefix(&lines[2], MS_TRUSTED_PREFIX) || lines[2].len - tlen > MS_TRUSTED_MAX ||
        !ms_comment_ok((const char *)lines[2].p, lines[2].len)) {
        return err_set(err, ERR_PARSE, "%s:3: malformed signature: bad trusted comment line",
                       origin);
    }
    if (base64_decode_exact((const char *)lines[3].p, lines[3].len, sig->global_sig, 64) < 0) {
        return err_set(err, ERR_PARSE, "%s:4: malformed signature: bad base64 global signature",
                       origin);
    }
    sig->untrusted = span_strdup(lines[0].p + ulen, lines[0].len - ulen);
    sig->trusted = span_strdup(lines[2].p + tlen, lines[2].len - tlen);
    return 0;
}

int
ms_sig_format(const struct minisig *sig, struct buf *out, struct err *err)
{
    unsigned char raw[MS_SIG_BYTES];

    memcpy(raw, sig->alg, 2);
    memcpy(raw + 2, sig->keynum, 8);
    memcpy(raw + 10, sig->sig, 64);
    if (buf_printf(out, err, MS_UNTRUSTED_PREFIX "%s\n", sig->untrusted) < 0 ||
        base64_append(out, raw, sizeof(raw), err) < 0 ||
        buf_printf(out, err, "\n" MS_TRUSTED_PREFIX "%s\n", sig->trusted) < 0 ||
        base64_append(out, sig->global_sig, 64, err) < 0 || buf_putc(out, '\n', err) < 0) {
        return -1;
    }
    return 0;
}

void
ms_sig_release(struct minisig *sig)
{
    free(sig->untrusted);
    free(sig->trusted);
    sig->untrusted = sig->trusted = NULL;
}

int
ms_read_small_file(const char *path, size_t max, struct buf *out, struct err *err)
{
    unsigned char chunk[4096];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = -1;

    if (fd < 0) {
        return err_set(err, ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
    for (;;) {
        ssize_t r = fd_read(fd, chunk, sizeof(chunk), path, err);
        if (r < 0) {
            goto out;
        }
        if (r == 0) {
            break;
        }
        if (out->len + (size_t)r > max) {
            err_set(err, ERR_PARSE, "%s: too large for a key or signature file (over %zu bytes)",
                    path, max);
            goto out;
        }
        if (buf_append(out, chunk, (size_t)r, err) < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    secure_wipe(chunk, sizeof(chunk));
    close(fd);
    return rc;
}
