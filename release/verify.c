/* veil verify: signature first, then every entry, then (optionally) extraction by rename. */
/* nftw() is an XSI function */
#define _XOPEN_SOURCE 700
#include "release/release.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "release/archive_verify_internal.h"
#include "release/sign.h"

#include "common/banned.h"

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes a temporary extraction tree; it holds only what we wrote (no symlinks are created). */
static void
remove_tree(const char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The trusted comment binds the manifest: a veil signature names MANIFEST.json's SHA-256. */
static int
check_comment(const struct verify_opts *o, const char *sig_path, const char *tc,
              const struct archive_check_result *res, struct err *err)
{
    char want[80];
    int found = sign_comment_field(tc, "manifest_sha256", want, sizeof(want));

    (void)o;
    if (found < 0 || (found == 1 && strcmp(want, res->manifest_sha256) != 0)) {
        return err_set(err, ERR_VERIFY,
                       "%s: trusted comment names a different MANIFEST.json than the archive "
                       "holds",
                       sig_path);
    }
    return 0;
}

static int
check_key_id(const char *archive, const char *signer, const struct archive_check_result *res,
             struct err *err)
{
    if (res->manifest_key_id && strcmp(res->manifest_key_id, signer) != 0) {
        return err_set(err, ERR_VERIFY,
                       "%s: MANIFEST.json names public key id %s but the signature is by %s",
                       archive, res->manifest_key_id, signer);
    }
    return 0;
}

static int
make_extract_tmp(const char *dir, struct buf *tmp, struct err *err)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        return err_set(err, ERR_IO, "%s: cannot create: %s", dir, strerror(errno));
    }
    if (buf_printf(tmp, err, "%s/.veil-extract-XXXXXX", dir) < 0) {
        return -1;
    }
    if (!mkdtemp((char *)tmp->data)) {
        return err_set(err, ERR_IO, "%s: cannot create a temporary directory: %s", dir,
                       strerror(errno));
    }
    return 0;
}

static int
publish_extracted(const char *dir, const char *tmp, const char *name, struct err *err)
{
    struct buf from, to;
    int rc = -1;

    buf_init(&from, BUF_NO_MAX);
    buf_init(&to, BUF_NO_MAX);
    if (buf_printf(&from, err, "%s/%s", tmp, name) < 0 ||
        buf_printf(&to, err, "%s/%s", dir, name) < 0) {
        goto out;
    }
    if (access((const char *)to.data, F_OK) == 0) {
        err_set(err, ERR_IO, "%s: already exists; not overwriting it", (const char *)to.data);
        goto out;
    }
    if (rename((const char *)from.data, (const char *)to.data) != 0) {
        err_set(err, ERR_IO, "%s: cannot move into place: %s", (const char *)to.data,
                strerror(errno));
        goto out;
    }
    rc = 0;
out:
    buf_release(&from);
    buf_release(&to);
    return rc;
}

int
release_verify(const struct verify_opts *o, struct verify_result *result, struct err *err)
{
    struct archive_check_opts copts = {o->max_total ? o->max_total : VERIFY_DEFAULT_MAX_TOTAL,
                                       NULL};
    struct archive_check_result res = {0};
    struct sign_verdict verdict = {0};
    struct sign_pubkey pub;
    struct buf sig_path, tmp;
    int rc = -1;

    memset(result, 0, sizeof(*result));
    buf_init(&sig_path, BUF_NO_MAX);
    buf_init(&tmp, BUF_NO_MAX);
    if (sign_pubkey_load(o->pubkey, &pub, err) < 0) {
        goto out;
    }
    if (o->sig ? buf_append_str(&sig_path, o->sig, err)
               : buf_printf(&sig_path, err, "%s.minisig", o->archive)) {
        goto out;
    }
    if (sign_verify_file(&pub, o->archive, (const char *)sig_path.data, &verdict, err) < 0) {
        goto out;
    }
    sign_key_id(&pub, result->key_id);
    if (o->extract_dir) {
        if (make_extract_tmp(o->extract_dir, &tmp, err) < 0) {
            goto out;
        }
        copts.extract_tmp = (const char *)tmp.data;
    }
    if (archive_check(o->archive, &copts, &res, err) < 0 ||
        check_comment(o, (const char *)sig_path.data, verdict.trusted_comment, &res, err) < 0 ||
        check_key_id(o->archive, result->key_id, &res, err) < 0) {
        goto out;
    }
    if (o->extract_dir && publish_extracted(o->extract_dir, copts.extract_tmp, res.name, err) < 0) {
        goto out;
    }
    snprintf(result->name, sizeof(result->name), "%s", res.name);
    result->files = res.files;
    result->bytes = res.bytes;
    result->prehashed = verdict.prehashed;
    result->trusted_comment = verdict.trusted_comment;
    verdict.trusted_comment = NULL;
    rc = 0;
out:
    if (copts.extract_tmp) {
        remove_tree(copts.extract_tmp);
    }
    archive_check_result_release(&res);
    sign_verdict_release(&verdict);
    buf_release(&sig_path);
    buf_release(&tmp);
    return rc;
}

void
verify_result_release(struct verify_result *result)
{
    free(result->trusted_comment);
    result->trusted_comment = NULL;
}
