/* veil release: check the inputs, lay out NAME/, pack it reproducibly, sign it. */
#include "release/release.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/outfile.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"
#include "release/release_internal.h"
#include "release/sign.h"

#include "common/banned.h"

/* Everything a build holds; released in one place. */
struct build {
    const struct release_opts *o;
    struct sign_seckey *sk;
    char key_id[SIGN_KEY_ID_LEN + 1];
    struct release_files files;
    json_t *stats, *merged, *digests, *audit;
    struct card_meta meta;
    int64_t epoch;
    struct buf manifest, sums, sig, signify;
    char manifest_sha256[65];
};

static void
build_release(struct build *b)
{
    sign_seckey_free(b->sk);
    release_files_release(&b->files);
    json_decref(b->stats);
    json_decref(b->merged);
    json_decref(b->digests);
    json_decref(b->audit);
    card_meta_release(&b->meta);
    buf_release(&b->manifest);
    buf_release(&b->sums);
    buf_release(&b->sig);
    buf_release(&b->signify);
}

static const char *
base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int
check_options(const struct release_opts *o, struct err *err)
{
    enum tar_compression c;

    if (!o->name || !release_name_ok(o->name)) {
        return err_set(err, ERR_USAGE,
                       "--name '%s': use letters, digits, '.', '_' or '-', not starting with '.'",
                       o->name ? o->name : "");
    }
    if (!o->output || tar_compression_for(o->output, &c, err) < 0) {
        return o->output ? -1 : err_set(err, ERR_USAGE, "no output archive (-o NAME.tar.zst)");
    }
    if (strchr(base_name(o->output), ')')) {
        return err_set(err, ERR_USAGE, "%s: ')' in the archive name breaks signify's parser",
                       o->output);
    }
    if (!o->seckey) {
        return err_set(err, ERR_USAGE, "no signing key (--key veil.sec)");
    }
    if (!o->card_meta) {
        return err_set(err, ERR_USAGE,
                       "no --card-meta: a public release needs a licence and a data card");
    }
    return 0;
}

static int
add_text(struct release_files *files, const char *path, struct buf *text, struct err *err)
{
    struct release_file *f = release_files_add(files, path);
    size_t len;
    unsigned char *data = buf_detach(text, &len);

    return release_file_set_data(f, data, len, err);
}

/* The audit chart the card links to, copied as NAME/audit.svg (bounded like the card texts). */
static int
add_chart(struct release_files *files, const char *path, struct err *err)
{
    struct buf svg;
    FILE *fp = fopen(path, "rb");
    char chunk[8192];
    size_t n;
    int rc = -1;

    buf_init(&svg, RELEASE_TEXT_MAX);
    if (!fp) {
        return err_set(err, ERR_USAGE, "%s: missing audit chart: %s", path, strerror(errno));
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (buf_append(&svg, chunk, n, err) < 0) {
            err_prefix(err, "%s", path);
            goto out;
        }
    }
    if (ferror(fp)) {
        err_set(err, ERR_IO, "%s: read failed", path);
        goto out;
    }
    rc = add_text(files, "audit.svg", &svg, err);
out:
    fclose(fp);
    buf_release(&svg);
    return rc;
}

/* Card and content warning (release/card*.c), and the licence: the card's members of NAME/. */
static int
add_card_files(struct build *b, struct err *err)
{
    const struct release_opts *o = b->o;
    struct release_card_opts copts = {0};
    struct buf readme, warning, license;
    int rc = -1;

    copts.meta = o->card_meta;
    copts.stats = o->stats;
    copts.n_stats = o->n_stats;
    copts.audit = o->audit;
    copts.n_audit = o->n_audit;
    copts.categories = o->categories;
    copts.n_categories = o->n_categories;
    copts.data_dir = "data";
    copts.audit_svg = o->audit_svg ? "audit.svg" : NULL;
    buf_init(&readme, RELEASE_TEXT_MAX);
    buf_init(&warning, RELEASE_TEXT_MAX);
    buf_init(&license, RELEASE_TEXT_MAX);
    if (card_meta_load(o->card_meta, &b->meta, err) < 0 ||
        license_text(&b->meta, o->card_meta, &license, err) < 0 ||
        release_card_render(&copts, &readme, &warning, err) < 0 ||
        add_text(&b->files, "README.md", &readme, err) < 0 ||
        add_text(&b->files, "CONTENT_WARNING.md", &warning, err) < 0 ||
        add_text(&b->files, "LICENSE", &license, err) < 0 ||
        (o->audit_svg && add_chart(&b->files, o->audit_svg, err) < 0)) {
        goto out;
    }
    rc = 0;
out:
    buf_release(&readme);
    buf_release(&warning);
    buf_release(&license);
    return rc;
}

static int
load_key(struct build *b, struct err *err)
{
    struct sign_pubkey pub;

    if (sign_seckey_load(b->o->seckey, b->o->password, &b->sk, err) < 0) {
        return -1;
    }
    sign_seckey_public(b->sk, &pub);
    sign_key_id(&pub, b->key_id);
    return 0;
}

static int
gather_inputs(struct build *b, struct err *err)
{
    const struct release_opts *o = b->o;
    int64_t newest = 0;

    if (inputs_add_data(&b->files, o->data, o->n_data, &newest, err) < 0 ||
        inputs_load_stats(o->stats, o->n_stats, &b->stats, err) < 0 ||
        inputs_check_scrubbed(&b->files, o->data, o->stats, b->stats, o->allow_unscrubbed, err) <
            0 ||
        inputs_check_audit(o->audit, o->n_audit, o->min_recall, o->force, &b->audit, err) < 0) {
        return -1;
    }
    b->merged = inputs_merge_stats(b->stats);
    b->digests = inputs_rules_digests(b->stats);
    b->epoch = o->source_date_epoch >= 0 ? o->source_date_epoch : newest;
    return 0;
}

/* Adds a copy of text as a member (the build keeps text for the signature). */
static int
add_copy(struct release_files *files, const char *path, const struct buf *text, struct err *err)
{
    struct buf copy;
    int rc;

    buf_init(&copy, RELEASE_TEXT_MAX);
    rc = buf_append(&copy, text->data, text->len, err);
    if (rc == 0) {
        rc = add_text(files, path, &copy, err);
    }
    buf_release(&copy);
    return rc;
}

/* MANIFEST.json over the card and data files, added as a member itself. */
static int
write_manifest(struct build *b, struct err *err)
{
    struct manifest_info info = {b->o->name, b->key_id,  b->epoch, b->merged,
                                 b->audit,   b->digests, NULL};
    struct buf packer;
    int rc = -1;

    buf_init(&packer, BUF_NO_MAX);
    if (tar_packer_version(&packer, err) < 0) {
        goto out;
    }
    info.packer = (const char *)packer.data;
    release_files_sort(&b->files);
    if (manifest_write(&info, &b->files, &b->manifest, err) < 0 ||
        add_copy(&b->files, RELEASE_MANIFEST, &b->manifest, err) < 0) {
        goto out;
    }
    memcpy(b->manifest_sha256, b->files.v[b->files.n - 1].sha256, sizeof(b->manifest_sha256));
    rc = 0;
out:
    buf_release(&packer);
    return rc;
}

/* MANIFEST.json, then SHA256SUMS over every member including the manifest. */
static int
write_listings(struct build *b, struct err *err)
{
    if (write_manifest(b, err) < 0) {
        return -1;
    }
    release_files_sort(&b->files);
    if (sums_write(&b->files, &b->sums, err) < 0 ||
        add_copy(&b->files, RELEASE_SUMS, &b->sums, err) < 0) {
        return -1;
    }
    release_files_sort(&b->files);
    return 0;
}

/* Entries in byte order of their full path; "NAME/data/" sorts right before its files. */
static int
write_entries(struct build *b, struct tar_writer *w, struct err *err)
{
    struct buf dir;
    int rc = -1, data_dir_done = 0;

    buf_init(&dir, BUF_NO_MAX);
    if (buf_printf(&dir, err, "%s/", b->o->name) < 0 ||
        tar_writer_dir(w, (const char *)dir.data, err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < b->files.n; i++) {
        const struct release_file *f = &b->files.v[i];
        if (!data_dir_done && strncmp(f->path, "data/", 5) == 0) {
            buf_reset(&dir);
            if (buf_printf(&dir, err, "%s/data/", b->o->name) < 0 ||
                tar_writer_dir(w, (const char *)dir.data, err) < 0) {
                goto out;
            }
            data_dir_done = 1;
        }
        if (tar_writer_file(w, b->o->name, f, err) < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    buf_release(&dir);
    return rc;
}

/* The .minisig and the signify checksum file, both over the finished archive bytes. */
static int
sign_archive(struct build *b, const unsigned char sha256[32], const unsigned char b2[64],
             struct release_result *r, struct err *err)
{
    struct buf tc, sums_line;
    int rc = -1;

    buf_init(&tc, BUF_NO_MAX);
    buf_init(&sums_line, BUF_NO_MAX);
    hex_encode(sha256, 32, r->archive_sha256);
    if (buf_printf(&tc, err, "timestamp:%lld\tfile:%s\tmanifest_sha256:%s", (long long)b->epoch,
                   base_name(b->o->output), b->manifest_sha256) < 0 ||
        sign_detached(b->sk, b2, (const char *)tc.data, &b->sig, err) < 0 ||
        buf_printf(&sums_line, err, "SHA256 (%s) = %s\n", base_name(b->o->output),
                   r->archive_sha256) < 0 ||
        sign_embedded(b->sk, sums_line.data, sums_line.len, &b->signify, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    buf_release(&tc);
    buf_release(&sums_line);
    return rc;
}

static int
side_paths(const struct release_opts *o, struct release_result *r, struct err *err)
{
    const char *base = base_name(o->output);
    int dir_len = (int)(base - o->output);
    int n1 = snprintf(r->sig_path, sizeof(r->sig_path), "%s.minisig", o->output);
    int n2 =
        snprintf(r->sums_path, sizeof(r->sums_path), "%.*s%s.SHA256", dir_len, o->output, o->name);

    if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(r->sig_path) ||
        (size_t)n2 >= sizeof(r->sums_path)) {
        return err_set(err, ERR_USAGE, "%s: output path too long", o->output);
    }
    return 0;
}

/* Writes the archive, the signature and NAME.SHA256; all three appear only together. */
static int
write_outputs(struct build *b, struct release_result *r, struct err *err)
{
    unsigned char sha256[32], b2[64];
    struct tar_writer *w = NULL;
    struct outfile *sig = NULL, *sums = NULL;
    enum tar_compression c;
    int rc = -1;

    if (side_paths(b->o, r, err) < 0 || tar_compression_for(b->o->output, &c, err) < 0 ||
        tar_writer_open(b->o->output, c, b->epoch, &w, err) < 0 || write_entries(b, w, err) < 0 ||
        tar_writer_finish(w, sha256, b2, err) < 0 || sign_archive(b, sha256, b2, r, err) < 0 ||
        outfile_open(r->sig_path, 0644, &sig, err) < 0 ||
        outfile_write(sig, b->sig.data, b->sig.len, err) < 0 ||
        outfile_open(r->sums_path, 0644, &sums, err) < 0 ||
        outfile_write(sums, b->signify.data, b->signify.len, err) < 0 ||
        tar_writer_commit(w, err) < 0 || outfile_commit(sig, err) < 0 ||
        outfile_commit(sums, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    tar_writer_free(w);
    outfile_free(sig);
    outfile_free(sums);
    return rc;
}

int
release_build(const struct release_opts *opts, struct release_result *result, struct err *err)
{
    struct build b;
    int rc = -1;

    memset(&b, 0, sizeof(b));
    memset(result, 0, sizeof(*result));
    b.o = opts;
    buf_init(&b.manifest, RELEASE_TEXT_MAX);
    buf_init(&b.sums, RELEASE_TEXT_MAX);
    buf_init(&b.sig, BUF_NO_MAX);
    buf_init(&b.signify, BUF_NO_MAX);
    if (check_options(opts, err) < 0 || gather_inputs(&b, err) < 0 || add_card_files(&b, err) < 0 ||
        load_key(&b, err) < 0 || write_listings(&b, err) < 0 ||
        write_outputs(&b, result, err) < 0) {
        goto out;
    }
    memcpy(result->manifest_sha256, b.manifest_sha256, sizeof(result->manifest_sha256));
    memcpy(result->key_id, b.key_id, sizeof(result->key_id));
    result->files = b.files.n;
    rc = 0;
out:
    build_release(&b);
    return rc;
}
