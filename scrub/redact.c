/*
 * scrub_engine_redact: every finding replaced by its operator's output. Placeholders use only
 * '[', ']', entity letters and lower-case hex, which the placeholder pass in resolve.c
 * recognises, so scrubbing the output again finds nothing new.
 */
#include "scrub/engine_internal.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include <string.h>
#include <unicode/ucasemap.h>
#include <unicode/utypes.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define PSEUDONYM_HEX 8

static enum scrub_operator
operator_for(const struct scrub_engine *e, const struct scrub_finding *f)
{
    const struct rule *r;

    for (size_t i = 0; i < e->opts.n_overrides; i++) {
        if (!strcmp(e->opts.overrides[i].entity, f->entity) &&
            e->opts.overrides[i].op != SCRUB_OP_DEFAULT) {
            return e->opts.overrides[i].op;
        }
    }
    r = engine_rule_of(e, f);
    if (r && r->op != SCRUB_OP_DEFAULT) {
        return r->op;
    }
    return SCRUB_OP_REPLACE;
}

static int
put_placeholder(struct buf *out, const char *entity, const char *hex, struct err *err)
{
    if (buf_putc(out, '[', err) < 0 || buf_append_str(out, entity, err) < 0) {
        return -1;
    }
    if (hex && (buf_putc(out, '_', err) < 0 || buf_append_str(out, hex, err) < 0)) {
        return -1;
    }
    return buf_putc(out, ']', err);
}

/* Keep the last mask_keep characters (not bytes); a value no longer than that is fully masked. */
static int
put_mask(const struct scrub_engine *e, const unsigned char *s, size_t len, struct buf *out,
         struct err *err)
{
    size_t chars = 0, keep_from = len, seen = 0;

    for (size_t i = 0; i < len; i++) {
        chars += (s[i] & 0xC0) != 0x80;
    }
    for (size_t i = 0; i < len; i++) {
        if ((s[i] & 0xC0) == 0x80) {
            continue;
        }
        if (chars > e->opts.mask_keep && seen == chars - e->opts.mask_keep) {
            keep_from = i;
            break;
        }
        if (buf_putc(out, e->opts.mask_char, err) < 0) {
            return -1;
        }
        seen++;
    }
    return buf_append(out, s + keep_from, len - keep_from, err);
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The value as pseudonymised: surrounding white space trimmed, then Unicode case-folded. */
static int
fold_value(struct scrub_engine *e, const unsigned char *s, size_t len, struct err *err)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t need;

    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1])) {
        len--;
    }
    if (len > INT32_MAX / 4) {
        return err_set(err, ERR_LIMIT, "value too long to pseudonymise");
    }
    if (!e->casemap && !(e->casemap = ucasemap_open(NULL, U_FOLD_CASE_DEFAULT, &status))) {
        return err_set(err, ERR_DEP, "ICU case map: %s", u_errorName(status));
    }
    buf_reset(&e->scratch);
    if (buf_grow(&e->scratch, len * 3 + 4, err) < 0) {
        return -1;
    }
    need = ucasemap_utf8FoldCase(e->casemap, (char *)e->scratch.data, (int32_t)(e->scratch.cap - 1),
                                 (const char *)s, (int32_t)len, &status);
    if (U_FAILURE(status) || need < 0) {
        return err_set(err, ERR_DEP, "ICU case folding: %s", u_errorName(status));
    }
    e->scratch.len = (size_t)need;
    return 0;
}

static int
hmac_hex(struct scrub_engine *e, char hex[PSEUDONYM_HEX + 1], struct err *err)
{
    static const char digits[] = "0123456789abcdef";
    char digest[] = "SHA256"; /* OSSL_PARAM wants a mutable pointer */
    OSSL_PARAM params[2];
    unsigned char md[32];
    size_t md_len = 0;
    EVP_MAC_CTX *ctx = NULL;
    int rc = -1;

    if (!e->mac && !(e->mac = EVP_MAC_fetch(NULL, "HMAC", NULL))) {
        ERR_clear_error();
        return err_set(err, ERR_DEP, "HMAC-SHA256 unavailable");
    }
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (!(ctx = EVP_MAC_CTX_new(e->mac)) ||
        EVP_MAC_init(ctx, e->opts.pseudonym_key, e->opts.pseudonym_key_len, params) != 1 ||
        EVP_MAC_update(ctx, e->scratch.data, e->scratch.len) != 1 ||
        EVP_MAC_final(ctx, md, &md_len, sizeof(md)) != 1 || md_len != sizeof(md)) {
        ERR_clear_error();
        err_set(err, ERR_DEP, "HMAC-SHA256 failed");
        goto out;
    }
    for (size_t i = 0; i < PSEUDONYM_HEX / 2; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[PSEUDONYM_HEX] = '\0';
    rc = 0;
out:
    EVP_MAC_CTX_free(ctx);
    OPENSSL_cleanse(md, sizeof(md));
    return rc;
}

static int
put_pseudonym(struct scrub_engine *e, const struct scrub_finding *f, const unsigned char *s,
              size_t len, struct buf *out, struct err *err)
{
    char hex[PSEUDONYM_HEX + 1];
    int rc;

    if (!e->opts.pseudonym_key || !e->opts.pseudonym_key_len) {
        return err_set(err, ERR_USAGE, "rule '%s': the pseudonym operator for '%s' needs a key",
                       f->rule, f->entity);
    }
    if (fold_value(e, s, len, err) < 0 || hmac_hex(e, hex, err) < 0) {
        return -1;
    }
    rc = put_placeholder(out, f->entity, hex, err);
    OPENSSL_cleanse(e->scratch.data, e->scratch.len);
    return rc;
}

static int
apply(struct scrub_engine *e, const struct scrub_finding *f, const unsigned char *text,
      struct buf *out, bool *drop, struct err *err)
{
    const unsigned char *s = text + f->start;
    size_t len = f->end - f->start;

    switch (operator_for(e, f)) {
    case SCRUB_OP_MASK:
        return put_mask(e, s, len, out, err);
    case SCRUB_OP_PSEUDONYM:
        return put_pseudonym(e, f, s, len, out, err);
    case SCRUB_OP_REDACT:
        return 0;
    case SCRUB_OP_DROP_RECORD:
        *drop = true;
        return put_placeholder(out, f->entity, NULL, err);
    case SCRUB_OP_DEFAULT:
    case SCRUB_OP_REPLACE:
        break;
    }
    return put_placeholder(out, f->entity, NULL, err);
}

int
scrub_engine_redact(struct scrub_engine *e, const unsigned char *text, size_t len,
                    const struct scrub_findings *findings, struct buf *out, bool *drop_record,
                    struct err *err)
{
    size_t pos = 0;
    bool drop = false;

    for (size_t i = 0; i < findings->n; i++) {
        const struct scrub_finding *f = &findings->v[i];
        if (f->start < pos || f->end < f->start || f->end > len) {
            return err_set(err, ERR_PARSE, "finding %zu: span [%zu, %zu) out of order or range", i,
                           f->start, f->end);
        }
        if (buf_append(out, text + pos, f->start - pos, err) < 0 ||
            apply(e, f, text, out, &drop, err) < 0) {
            return -1;
        }
        pos = f->end;
    }
    if (buf_append(out, text + pos, len - pos, err) < 0) {
        return -1;
    }
    if (drop_record) {
        *drop_record = drop;
    }
    return 0;
}
