/* minisign signatures: prehashed detached signing, signify's embedded form, and verification. */
#include "release/sign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/fdio.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"
#include "release/minisign_internal.h"

#include "common/banned.h"

#define SIG_FILE_MAX (MS_UNTRUSTED_MAX + MS_TRUSTED_MAX + 512)
/* Legacy signatures sign the whole file in memory; signify has the same bound. */
#define LEGACY_FILE_MAX ((size_t)1 << 30)
#define BINDING_FIELD   "untrusted_sha256"

struct sign_prehash {
    struct digest *d;
};

int
sign_prehash_new(struct sign_prehash **out, struct err *err)
{
    struct sign_prehash *h = xcalloc(1, sizeof(*h));

    if (digest_new(DIGEST_BLAKE2B512, &h->d, err) < 0) {
        free(h);
        return -1;
    }
    *out = h;
    return 0;
}

int
sign_prehash_update(struct sign_prehash *h, const void *p, size_t n, struct err *err)
{
    return digest_update(h->d, p, n, err);
}

int
sign_prehash_final(struct sign_prehash *h, unsigned char out[SIGN_PREHASH_BYTES], struct err *err)
{
    return digest_final(h->d, out, err);
}

void
sign_prehash_free(struct sign_prehash *h)
{
    if (!h) {
        return;
    }
    digest_free(h->d);
    free(h);
}

static int
untrusted_line_digest(const char *untrusted, char hex[2 * SHA256_BYTES + 1], struct err *err)
{
    unsigned char md[SHA256_BYTES];
    struct buf line;
    int rc;

    buf_init(&line, BUF_NO_MAX);
    rc = buf_printf(&line, err, MS_UNTRUSTED_PREFIX "%s", untrusted);
    if (rc == 0) {
        rc = sha256_mem(line.data, line.len, md, err);
    }
    if (rc == 0) {
        hex_encode(md, sizeof(md), hex);
    }
    buf_release(&line);
    return rc;
}

/* global_sig = Ed25519(sig || trusted comment), as minisign computes it. */
static int
global_message(const struct minisig *sig, struct buf *msg, struct err *err)
{
    return buf_append(msg, sig->sig, sizeof(sig->sig), err) < 0 ||
                   buf_append_str(msg, sig->trusted, err) < 0
               ? -1
               : 0;
}

int
sign_detached(const struct sign_seckey *sk, const unsigned char prehash[SIGN_PREHASH_BYTES],
              const char *trusted_comment, struct buf *out, struct err *err)
{
    struct minisig sig = {.alg = {'E', 'D'}};
    struct sign_pubkey pub;
    char id[SIGN_KEY_ID_LEN + 1], hex[2 * SHA256_BYTES + 1];
    struct buf tc, gmsg, untrusted;
    int rc = -1;

    buf_init(&tc, MS_TRUSTED_MAX);
    buf_init(&gmsg, BUF_NO_MAX);
    buf_init(&untrusted, BUF_NO_MAX);
    if (!ms_comment_ok(trusted_comment, strlen(trusted_comment))) {
        err_set(err, ERR_USAGE, "trusted comment contains control characters");
        goto out;
    }
    sign_seckey_public(sk, &pub);
    sign_key_id(&pub, id);
    memcpy(sig.keynum, sk->keynum, 8);
    if (buf_printf(&untrusted, err, "signature from veil secret key %s", id) < 0) {
        goto out;
    }
    sig.untrusted = (char *)buf_detach(&untrusted, NULL);
    if (untrusted_line_digest(sig.untrusted, hex, err) < 0 ||
        buf_printf(&tc, err, "%s\t" BINDING_FIELD ":%s", trusted_comment, hex) < 0) {
        goto out;
    }
    sig.trusted = (char *)buf_detach(&tc, NULL);
    if (ed25519_sign(sk->seed, prehash, SIGN_PREHASH_BYTES, sig.sig, err) < 0 ||
        global_message(&sig, &gmsg, err) < 0 ||
        ed25519_sign(sk->seed, gmsg.data, gmsg.len, sig.global_sig, err) < 0 ||
        ms_sig_format(&sig, out, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    ms_sig_release(&sig);
    buf_release(&tc);
    buf_release(&gmsg);
    buf_release(&untrusted);
    return rc;
}

int
sign_embedded(const struct sign_seckey *sk, const void *msg, size_t len, struct buf *out,
              struct err *err)
{
    unsigned char raw[MS_SIG_BYTES] = {'E', 'd'};
    struct sign_pubkey pub;
    char id[SIGN_KEY_ID_LEN + 1];

    sign_seckey_public(sk, &pub);
    sign_key_id(&pub, id);
    memcpy(raw + 2, sk->keynum, 8);
    if (ed25519_sign(sk->seed, msg, len, raw + 10, err) < 0 ||
        buf_printf(out, err, MS_UNTRUSTED_PREFIX "verify with veil.pub (key id %s)\n", id) < 0 ||
        base64_append(out, raw, sizeof(raw), err) < 0 || buf_putc(out, '\n', err) < 0 ||
        buf_append(out, msg, len, err) < 0) {
        return -1;
    }
    return 0;
}

int
sign_comment_field(const char *comment, const char *name, char *out, size_t cap)
{
    size_t name_len = strlen(name);
    const char *p = comment;

    while (*p) {
        const char *end = strchr(p, '\t');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > name_len && memcmp(p, name, name_len) == 0 && p[name_len] == ':') {
            size_t vlen = len - name_len - 1;
            if (vlen + 1 > cap) {
                return -1;
            }
            memcpy(out, p + name_len + 1, vlen);
            out[vlen] = '\0';
            return 1;
        }
        p += len + (end ? 1 : 0);
    }
    return 0;
}

/* Checks everything but the file signature: key id, global signature, the binding field. */
static int
check_envelope(const struct sign_pubkey *pub, const char *origin, const struct minisig *sig,
               struct err *err)
{
    char want[SIGN_KEY_ID_LEN + 1], got[SIGN_KEY_ID_LEN + 1];
    char bound[2 * SHA256_BYTES + 2], actual[2 * SHA256_BYTES + 1];
    struct sign_pubkey signer;
    struct buf gmsg;
    int found, rc = -1;

    if (memcmp(sig->keynum, pub->keynum, 8) != 0) {
        memcpy(signer.keynum, sig->keynum, 8);
        sign_key_id(pub, want);
        sign_key_id(&signer, got);
        return err_set(err, ERR_VERIFY, "%s: signed by key id %s, but the public key has key id %s",
                       origin, got, want);
    }
    buf_init(&gmsg, BUF_NO_MAX);
    if (global_message(sig, &gmsg, err) < 0) {
        goto out;
    }
    if (ed25519_verify(pub->pk, gmsg.data, gmsg.len, sig->global_sig, err) < 0) {
        if (err->kind == ERR_VERIFY) {
            err_set(err, ERR_VERIFY,
                    "%s:3: trusted comment was altered (its global signature does not match)",
                    origin);
        }
        goto out;
    }
    found = sign_comment_field(sig->trusted, BINDING_FIELD, bound, sizeof(bound));
    if (found != 0) {
        if (found < 0 || untrusted_line_digest(sig->untrusted, actual, err) < 0 ||
            strcmp(bound, actual) != 0) {
            err_set(err, ERR_VERIFY, "%s:1: untrusted comment was altered after signing", origin);
            goto out;
        }
    }
    rc = 0;
out:
    buf_release(&gmsg);
    return rc;
}

static int
check_file_signature(const struct sign_pubkey *pub, const char *origin, const char *file,
                     const struct minisig *sig, const void *msg, size_t len, struct err *err)
{
    if (ed25519_verify(pub->pk, msg, len, sig->sig, err) < 0) {
        if (err->kind == ERR_VERIFY) {
            return err_set(err, ERR_VERIFY, "%s:2: signature does not match '%s'", origin, file);
        }
        return -1;
    }
    return 0;
}

static void
fill_verdict(struct minisig *sig, struct sign_verdict *verdict)
{
    if (!verdict) {
        return;
    }
    verdict->prehashed = sig->alg[1] == 'D';
    verdict->trusted_comment = sig->trusted;
    sig->trusted = NULL;
}

int
sign_verify_mem(const struct sign_pubkey *pub, const char *sig_origin, const char *sig_text,
                size_t sig_len, const void *msg, size_t msg_len, struct sign_verdict *verdict,
                struct err *err)
{
    unsigned char prehash[SIGN_PREHASH_BYTES];
    struct sign_prehash *h = NULL;
    struct minisig sig;
    int rc = -1;

    if (ms_sig_parse(sig_origin, sig_text, sig_len, &sig, err) < 0) {
        return -1;
    }
    if (check_envelope(pub, sig_origin, &sig, err) < 0) {
        goto out;
    }
    if (sig.alg[1] == 'D') {
        if (sign_prehash_new(&h, err) < 0 || sign_prehash_update(h, msg, msg_len, err) < 0 ||
            sign_prehash_final(h, prehash, err) < 0 ||
            check_file_signature(pub, sig_origin, "message", &sig, prehash, sizeof(prehash), err) <
                0) {
            goto out;
        }
    } else if (check_file_signature(pub, sig_origin, "message", &sig, msg, msg_len, err) < 0) {
        goto out;
    }
    fill_verdict(&sig, verdict);
    rc = 0;
out:
    sign_prehash_free(h);
    ms_sig_release(&sig);
    return rc;
}

static int
prehash_fd(const char *path, int fd, unsigned char out[SIGN_PREHASH_BYTES], struct err *err)
{
    unsigned char chunk[65536];
    struct sign_prehash *h = NULL;
    int rc = -1;

    if (sign_prehash_new(&h, err) < 0) {
        return -1;
    }
    for (;;) {
        ssize_t r = fd_read(fd, chunk, sizeof(chunk), path, err);
        if (r < 0) {
            goto out;
        }
        if (r == 0) {
            break;
        }
        if (sign_prehash_update(h, chunk, (size_t)r, err) < 0) {
            goto out;
        }
    }
    rc = sign_prehash_final(h, out, err);
out:
    sign_prehash_free(h);
    return rc;
}

static int
verify_legacy_fd(const struct sign_pubkey *pub, const char *sig_path, const char *path, int fd,
                 const struct minisig *sig, struct err *err)
{
    struct stat st;
    void *map;
    int rc;

    if (fstat(fd, &st) != 0) {
        return err_set(err, ERR_IO, "%s: cannot stat: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > LEGACY_FILE_MAX) {
        return err_set(err, ERR_LIMIT,
                       "%s: legacy (non-prehashed) signatures are checked only for regular "
                       "files up to 1 GiB",
                       path);
    }
    if (st.st_size == 0) {
        return check_file_signature(pub, sig_path, path, sig, "", 0, err);
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        return err_set(err, ERR_IO, "%s: cannot map: %s", path, strerror(errno));
    }
    rc = check_file_signature(pub, sig_path, path, sig, map, (size_t)st.st_size, err);
    munmap(map, (size_t)st.st_size);
    return rc;
}

int
sign_verify_file(const struct sign_pubkey *pub, const char *path, const char *sig_path,
                 struct sign_verdict *verdict, struct err *err)
{
    unsigned char prehash[SIGN_PREHASH_BYTES];
    struct minisig sig = {0};
    struct buf text;
    int fd = -1, rc = -1;

    buf_init(&text, BUF_NO_MAX);
    if (ms_read_small_file(sig_path, SIG_FILE_MAX, &text, err) < 0) {
        if (err->kind == ERR_IO) {
            err->kind = ERR_VERIFY; /* a missing signature is a failed verification */
        }
        goto out;
    }
    if (ms_sig_parse(sig_path, text.len ? (const char *)text.data : "", text.len, &sig, err) < 0) {
        err->kind = ERR_VERIFY;
        goto out;
    }
    if (check_envelope(pub, sig_path, &sig, err) < 0) {
        goto out;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err_set(err, ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        goto out;
    }
    if (sig.alg[1] == 'D') {
        if (prehash_fd(path, fd, prehash, err) < 0 ||
            check_file_signature(pub, sig_path, path, &sig, prehash, sizeof(prehash), err) < 0) {
            goto out;
        }
    } else if (verify_legacy_fd(pub, sig_path, path, fd, &sig, err) < 0) {
        goto out;
    }
    fill_verdict(&sig, verdict);
    rc = 0;
out:
    if (fd >= 0) {
        close(fd);
    }
    ms_sig_release(&sig);
    buf_release(&text);
    return rc;
}

void
sign_verdict_release(struct sign_verdict *verdict)
{
    free(verdict->trusted_comment);
    verdict->trusted_comment = NULL;
}
