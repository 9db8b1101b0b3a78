/*
 * Shared fixtures for the release tests: a temporary directory with a key pair, a scrubbed-looking
 * data file, card metadata and a stats file vouching for the data; helpers to build a release
 * and to repack a release's entries (for hostile archives) and re-sign it with the same key.
 * Included by one test file each; every helper is static, and not every file uses them all.
 */
#pragma GCC diagnostic ignored "-Wunused-function"
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "release/release.h"
#include "release/sign.h"

/* Card metadata with every key the card requires; the licence varies. */
#define FX_META(license)                                                                           \
    "pretty_name: Test red-team set\nlicense: " license "\nlanguage: [en]\n"                       \
    "task_categories: [text-generation]\ndescription: Two test records.\n"                         \
    "curated_by: the veil tests\ncitation: \"@misc{t, title = {T}}\"\n"

#define FX_DIGEST "abcd000000000000000000000000000000000000000000000000000000000000"

struct fx {
    char dir[64];
    char path[16][256]; /* scratch paths, see fx_path */
    char data[256], meta[256], stats[256], sec[256], pub[256], out[256];
};

static const char *
fx_path(struct fx *f, int slot, const char *name)
{
    snprintf(f->path[slot], sizeof(f->path[slot]), "%s/%s", f->dir, name);
    return f->path[slot];
}

static void
fx_write(const char *path, const void *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(p, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

static void
fx_read(const char *path, struct buf *out)
{
    FILE *fp = fopen(path, "rb");
    char chunk[8192];
    size_t n;
    struct err err;

    assert_non_null(fp);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        assert_int_equal(buf_append(out, chunk, n, &err), 0);
    }
    assert_int_equal(fclose(fp), 0);
}

/* The SHA-256 of a file in hex, by OpenSSL directly (it once ran sha256sum through popen,
 * which failed now and then on a loaded machine). */
static void
fx_sha256_hex(const char *path, char hex[65])
{
    struct buf b;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    buf_init(&b, BUF_NO_MAX);
    fx_read(path, &b);
    assert_int_equal(EVP_Digest(b.data ? (const void *)b.data : (const void *)"", b.len, md, &n,
                                EVP_sha256(), NULL),
                     1);
    assert_int_equal(n, 32);
    for (unsigned int i = 0; i < n; i++) {
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    buf_release(&b);
}

/* Writes the data file and a stats file vouching for it, as `veil scrub --stats` would. */
static void
fx_set_data(struct fx *f, const char *data, size_t len, int records)
{
    char hex[65], stats[1024];

    fx_write(f->data, data, len);
    fx_sha256_hex(f->data, hex);
    snprintf(stats, sizeof(stats),
             "{\"format\":\"veil-stats/1\",\"veil_version\":\"0.1.0\",\"rules_digest\":"
             "\"" FX_DIGEST "\",\"id_key_id\":null,\"outputs\":[{\"path\":\"train.jsonl\","
             "\"sha256\":\"%s\",\"bytes\":%zu,\"records\":%d}],\"records\":{\"in\":%d,"
             "\"out\":%d,\"skipped\":0,\"quarantined\":0,\"dropped\":0,\"blank\":0},"
             "\"bytes\":{\"in\":%zu,\"out\":%zu},\"fields\":{},\"detections\":{\"total\":0,"
             "\"by_entity\":{},\"by_rule\":{},\"by_field\":{}},\"pseudonyms\":{},"
             "\"content_warnings\":{\"field\":\"content_warnings\",\"records_with_any\":1,"
             "\"by_category\":{\"violence\":1}},\"errors\":[]}",
             hex, len, records, records, records, len, len);
    fx_write(f->stats, stats, strlen(stats));
}

static int
fx_setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    static const char data[] = "{\"id\":\"w_0123456789abcdef\",\"text\":\"[EMAIL]\"}\n"
                               "{\"id\":\"w_fedcba9876543210\",\"text\":\"hello\"}\n";
    static const char meta[] = FX_META("mit");
    struct err err;

    snprintf(f->dir, sizeof(f->dir), "/tmp/veil_test_release.XXXXXX");
    if (!mkdtemp(f->dir)) {
        return -1;
    }
    snprintf(f->data, sizeof(f->data), "%s/train.jsonl", f->dir);
    snprintf(f->meta, sizeof(f->meta), "%s/card.yaml", f->dir);
    snprintf(f->stats, sizeof(f->stats), "%s/stats.json", f->dir);
    snprintf(f->sec, sizeof(f->sec), "%s/veil.sec", f->dir);
    snprintf(f->pub, sizeof(f->pub), "%s/veil.pub", f->dir);
    snprintf(f->out, sizeof(f->out), "%s/testset.tar.zst", f->dir);
    fx_set_data(f, data, strlen(data), 2);
    fx_write(f->meta, meta, strlen(meta));
    if (sign_keygen(f->pub, f->sec, NULL, NULL, 0, NULL, &err) < 0) {
        return -1;
    }
    *state = f;
    return 0;
}

static int
fx_teardown(void **state)
{
    struct fx *f = *state;
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) {
        return -1;
    }
    free(f);
    return 0;
}

/* Options for a release that should succeed; tests change one thing. */
static struct release_opts
fx_opts(struct fx *f, const char *const *data, const char *const *stats)
{
    struct release_opts o = {0};

    o.name = "testset";
    o.data = data;
    o.n_data = 1;
    o.card_meta = f->meta;
    o.stats = stats;
    o.n_stats = 1;
    o.seckey = f->sec;
    o.output = f->out;
    o.source_date_epoch = 1700000000;
    o.min_recall = -1;
    return o;
}

static void
fx_release(struct fx *f, const char *output)
{
    const char *data[] = {f->data}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);
    struct release_result r;
    struct err err;

    o.output = output;
    if (release_build(&o, &r, &err) < 0) {
        fail_msg("release failed: %s", err.msg);
    }
}

/* ---- hostile archives: a release's entries, changed and repacked ---- */

struct ent {
    char path[256];
    unsigned type;  /* AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR */
    char link[256]; /* symlink target or hardlink source */
    int hardlink;
    struct buf data;
};

struct ents {
    struct ent v[32];
    size_t n;
};

static void
ents_read(const char *archive, struct ents *es)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    struct err err;

    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    assert_int_equal(archive_read_open_filename(a, archive, 10240), ARCHIVE_OK);
    es->n = 0;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        struct ent *x = &es->v[es->n++];
        char chunk[4096];
        la_ssize_t r;
        memset(x, 0, sizeof(*x));
        snprintf(x->path, sizeof(x->path), "%s", archive_entry_pathname(e));
        x->type = archive_entry_filetype(e);
        buf_init(&x->data, BUF_NO_MAX);
        while ((r = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
            assert_int_equal(buf_append(&x->data, chunk, (size_t)r, &err), 0);
        }
    }
    archive_read_free(a);
}

static void
ents_release(struct ents *es)
{
    for (size_t i = 0; i < es->n; i++) {
        buf_release(&es->v[i].data);
    }
    es->n = 0;
}

static struct ent *
ents_find(struct ents *es, const char *path)
{
    for (size_t i = 0; i < es->n; i++) {
        if (strcmp(es->v[i].path, path) == 0) {
            return &es->v[i];
        }
    }
    fail_msg("no entry %s", path);
    return NULL;
}

static void
ents_remove(struct ents *es, const char *path)
{
    struct ent *x = ents_find(es, path);
    size_t i = (size_t)(x - es->v);

    buf_release(&x->data);
    memmove(&es->v[i], &es->v[i + 1], (es->n - i - 1) * sizeof(*x));
    es->n--;
}

static struct ent *
ents_add(struct ents *es, const char *path, unsigned type, const char *content)
{
    struct ent *x = &es->v[es->n++];
    struct err err;

    memset(x, 0, sizeof(*x));
    snprintf(x->path, sizeof(x->path), "%s", path);
    x->type = type;
    buf_init(&x->data, BUF_NO_MAX);
    if (content) {
        assert_int_equal(buf_append_str(&x->data, content, &err), 0);
    }
    return x;
}

static void
ents_write(const char *path, const struct ents *es)
{
    struct archive *a = archive_write_new();

    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_zstd(a);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (size_t i = 0; i < es->n; i++) {
        const struct ent *x = &es->v[i];
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, x->path);
        archive_entry_set_filetype(e, x->type);
        archive_entry_set_perm(e, 0644);
        if (x->type == AE_IFLNK) {
            archive_entry_set_symlink(e, x->link);
        }
        if (x->hardlink) {
            archive_entry_set_hardlink(e, x->link);
        }
        if (x->type == AE_IFREG && !x->hardlink) {
            archive_entry_set_size(e, (la_int64_t)x->data.len);
        }
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        if (x->data.len && x->type == AE_IFREG && !x->hardlink) {
            assert_int_equal(archive_write_data(a, x->data.data, x->data.len),
                             (la_ssize_t)x->data.len);
        }
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

/* Signs the file at path with the fixture key, as veil does (trusted comment given). */
static void
fx_sign(struct fx *f, const char *path, const char *tc)
{
    struct sign_seckey *sk = NULL;
    struct sign_prehash *h = NULL;
    unsigned char ph[SIGN_PREHASH_BYTES];
    struct buf data, sig;
    char sig_path[300];
    struct err err;

    buf_init(&data, BUF_NO_MAX);
    buf_init(&sig, BUF_NO_MAX);
    fx_read(path, &data);
    assert_int_equal(sign_seckey_load(f->sec, NULL, &sk, &err), 0);
    assert_int_equal(sign_prehash_new(&h, &err), 0);
    assert_int_equal(sign_prehash_update(h, data.data, data.len, &err), 0);
    assert_int_equal(sign_prehash_final(h, ph, &err), 0);
    assert_int_equal(sign_detached(sk, ph, tc, &sig, &err), 0);
    snprintf(sig_path, sizeof(sig_path), "%s.minisig", path);
    fx_write(sig_path, sig.data, sig.len);
    sign_prehash_free(h);
    sign_seckey_free(sk);
    buf_release(&data);
    buf_release(&sig);
}

/* Verifies path with the fixture's public key; returns 0 or -1 and leaves the message. */
static int
fx_verify(struct fx *f, const char *path, uint64_t max_total, struct err *err)
{
    struct verify_opts o = {0};
    struct verify_result r;

    o.archive = path;
    o.pubkey = f->pub;
    o.max_total = max_total;
    if (release_verify(&o, &r, err) < 0) {
        return -1;
    }
    verify_result_release(&r);
    return 0;
}
