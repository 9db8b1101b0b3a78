/* Verifying releases: hostile archives each rejected with a message naming the problem. */
/* older cmocka needs these before <cmocka.h> */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "tests/test_release_helpers.h"

#include "common/banned.h"

#define DATA "testset/data/train.jsonl"

/* The manifest's SHA-256, for a trusted comment that binds it as veil's does. */
static void
manifest_comment(const struct ents *es, char *tc, size_t cap)
{
    char hex[65] = "";
    const char *tmp = "/tmp/veil_test_manifest.json";
    for (size_t i = 0; i < es->n; i++) {
        if (strcmp(es->v[i].path, "testset/MANIFEST.json") == 0) {
            fx_write(tmp, es->v[i].data.data, es->v[i].data.len);
            fx_sha256_hex(tmp, hex);
            unlink(tmp);
        }
    }
    snprintf(tc, cap, "timestamp:0\tfile:hostile.tar.zst\tmanifest_sha256:%s", hex);
}

/* Repacks es as a validly signed archive and expects verify to fail mentioning want. */
static void
expect_rejected(struct fx *f, struct ents *es, uint64_t max_total, const char *want)
{
    const char *path = fx_path(f, 1, "hostile.tar.zst");
    char tc[256];
    struct err err;

    manifest_comment(es, tc, sizeof(tc));
    ents_write(path, es);
    fx_sign(f, path, tc);
    err_clear(&err);
    assert_int_equal(fx_verify(f, path, max_total, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    if (!strstr(err.msg, want)) {
        fail_msg("message '%s' does not mention '%s'", err.msg, want);
    }
    ents_release(es);
}

static void
load_release(struct fx *f, struct ents *es)
{
    fx_release(f, f->out);
    ents_read(f->out, es);
}

static void
verify_accepts_an_unchanged_repack(void **state)
{
    struct fx *f = *state;
    struct ents es;
    const char *path = fx_path(f, 1, "same.tar.zst");
    char tc[256];
    struct err err;

    load_release(f, &es);
    manifest_comment(&es, tc, sizeof(tc));
    ents_write(path, &es);
    fx_sign(f, path, tc);
    assert_int_equal(fx_verify(f, path, 0, &err), 0);
    ents_release(&es);
}

static void
verify_rejects_an_absolute_path(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_add(&es, "/etc/cron.d/x", AE_IFREG, "x");
    expect_rejected(*state, &es, 0, "entry '/etc/cron.d/x': absolute path");
}

static void
verify_rejects_a_dotdot_component(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_add(&es, "testset/../evil", AE_IFREG, "x");
    expect_rejected(*state, &es, 0, "entry 'testset/../evil': '..' component");
}

static void
verify_rejects_a_path_with_terminal_escapes_without_printing_them(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_add(&es, "testset/\x1b[2Jcleared", AE_IFREG, "x");
    expect_rejected(*state, &es, 0, "entry 'testset/\\x1b[2Jcleared': control or non-ASCII");
}

static void
verify_rejects_a_symlink(void **state)
{
    struct ents es;
    struct ent *x;
    load_release(*state, &es);
    x = ents_add(&es, "testset/data/link", AE_IFLNK, NULL);
    snprintf(x->link, sizeof(x->link), "/etc/passwd");
    expect_rejected(*state, &es, 0, "entry 'testset/data/link': symlink not allowed");
}

static void
verify_rejects_a_hardlink(void **state)
{
    struct ents es;
    struct ent *x;
    load_release(*state, &es);
    x = ents_add(&es, "testset/data/hard", AE_IFREG, NULL);
    x->hardlink = 1;
    snprintf(x->link, sizeof(x->link), DATA);
    expect_rejected(*state, &es, 0, "entry 'testset/data/hard': hardlink not allowed");
}

static void
verify_rejects_a_device(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_add(&es, "testset/data/dev", AE_IFCHR, NULL);
    expect_rejected(*state, &es, 0, "entry 'testset/data/dev': device not allowed");
}

static void
verify_rejects_a_duplicate_entry(void **state)
{
    struct ents es;
    struct err err;
    struct ent *copy;
    load_release(*state, &es);
    copy = ents_add(&es, DATA, AE_IFREG, NULL);
    assert_int_equal(buf_append(&copy->data, ents_find(&es, DATA)->data.data,
                                ents_find(&es, DATA)->data.len, &err),
                     0);
    expect_rejected(*state, &es, 0, "entry '" DATA "': duplicate entry");
}

static void
verify_rejects_a_directory_the_manifest_does_not_imply(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_add(&es, "testset/empty/", AE_IFDIR, NULL);
    expect_rejected(*state, &es, 0, "entry 'testset/empty/': directory not in the manifest");
}

static void
verify_rejects_a_file_not_in_the_manifest(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_add(&es, "testset/data/extra.jsonl", AE_IFREG, "{}\n");
    expect_rejected(*state, &es, 0, "entry 'testset/data/extra.jsonl': not in the manifest");
}

static void
verify_rejects_a_manifest_file_missing_from_the_archive(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_remove(&es, DATA);
    expect_rejected(*state, &es, 0, "entry '" DATA "': in the manifest but missing");
}

static void
verify_rejects_a_file_shorter_than_its_manifest_size(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_find(&es, DATA)->data.len -= 1;
    expect_rejected(*state, &es, 0, "entry '" DATA "': size");
}

static void
verify_rejects_a_file_larger_than_its_manifest_size_as_a_bomb(void **state)
{
    struct ents es;
    struct err err;
    load_release(*state, &es);
    assert_int_equal(buf_append_str(&ents_find(&es, DATA)->data, "{\"more\":1}\n", &err), 0);
    expect_rejected(*state, &es, 0, "entry '" DATA "': larger than its manifest size");
}

static void
verify_rejects_a_hash_mismatch(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_find(&es, DATA)->data.data[3] ^= 1;
    expect_rejected(*state, &es, 0, "entry '" DATA "': sha256 does not match the manifest");
}

static void
verify_rejects_a_tampered_checksum_list(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_find(&es, "testset/SHA256SUMS")->data.data[0] ^= 1;
    expect_rejected(*state, &es, 0, "SHA256SUMS");
}

static void
verify_rejects_content_beyond_the_total_limit(void **state)
{
    struct ents es;
    load_release(*state, &es);
    expect_rejected(*state, &es, 100, "exceeds the 100-byte limit");
}

static void
verify_rejects_an_entry_outside_the_release_directory(void **state)
{
    struct ents es;
    load_release(*state, &es);
    ents_add(&es, "other/file", AE_IFREG, "x");
    expect_rejected(*state, &es, 0, "entry 'other/file': outside the release directory");
}

static void
verify_rejects_truncated_compression(void **state)
{
    struct fx *f = *state;
    const char *path = fx_path(f, 1, "cut.tar.zst");
    struct buf data;
    struct err err;

    fx_release(f, f->out);
    buf_init(&data, BUF_NO_MAX);
    fx_read(f->out, &data);
    fx_write(path, data.data, data.len - 40);
    fx_sign(f, path, "timestamp:0\tfile:cut.tar.zst");
    assert_int_equal(fx_verify(f, path, 0, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    if (!strstr(err.msg, "truncated")) {
        fail_msg("%s", err.msg);
    }
    buf_release(&data);
}

/* Incompressible records, so the archive is large and a cut lands inside the data stream. */
static void
release_random_data(struct fx *f, size_t records)
{
    struct buf data;
    unsigned char raw[96];
    char hex[2 * sizeof(raw) + 1];
    struct err err;

    buf_init(&data, BUF_NO_MAX);
    for (size_t i = 0; i < records; i++) {
        assert_int_equal(sign_random(raw, sizeof(raw), &err), 0);
        for (size_t k = 0; k < sizeof(raw); k++) {
            snprintf(hex + 2 * k, 3, "%02x", raw[k]);
        }
        assert_int_equal(buf_printf(&data, &err, "{\"text\":\"%s\"}\n", hex), 0);
    }
    fx_set_data(f, (const char *)data.data, data.len, (int)records);
    fx_release(f, f->out);
    buf_release(&data);
}

static void
verify_rejects_compression_cut_inside_the_data(void **state)
{
    struct fx *f = *state;
    const char *path = fx_path(f, 1, "cut.tar.zst");
    struct buf data;
    struct err err;

    release_random_data(f, 3000);
    buf_init(&data, BUF_NO_MAX);
    fx_read(f->out, &data);
    assert_true(data.len > 300000);
    fx_write(path, data.data, data.len * 6 / 10);
    fx_sign(f, path, "timestamp:0\tfile:cut.tar.zst");
    assert_int_equal(fx_verify(f, path, 0, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    if (!strstr(err.msg, "entry 'testset/data/train.jsonl': corrupted or truncated")) {
        fail_msg("%s", err.msg);
    }
    buf_release(&data);
}

static void
verify_rejects_corrupted_compressed_bytes_even_when_re_signed(void **state)
{
    struct fx *f = *state;
    const char *path = fx_path(f, 1, "bad.tar.zst");
    struct buf data;
    struct err err;

    release_random_data(f, 3000);
    buf_init(&data, BUF_NO_MAX);
    fx_read(f->out, &data);
    data.data[data.len / 2] ^= 0x40;
    fx_write(path, data.data, data.len);
    fx_sign(f, path, "timestamp:0\tfile:bad.tar.zst");
    assert_int_equal(fx_verify(f, path, 0, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    assert_non_null(strstr(err.msg, "testset/data/train.jsonl"));
    buf_release(&data);
}

static void
verify_rejects_a_trusted_comment_naming_another_manifest(void **state)
{
    struct fx *f = *state;
    struct err err;

    fx_release(f, f->out);
    fx_sign(f, f->out,
            "timestamp:0\tfile:testset.tar.zst\tmanifest_sha256:"
            "0000000000000000000000000000000000000000000000000000000000000000");
    assert_int_equal(fx_verify(f, f->out, 0, &err), -1);
    assert_non_null(strstr(err.msg, "different MANIFEST.json"));
}

static void
verify_rejects_a_signature_by_another_key(void **state)
{
    struct fx *f = *state;
    struct err err;

    fx_release(f, f->out);
    assert_int_equal(
        sign_keygen(fx_path(f, 2, "o.pub"), fx_path(f, 3, "o.sec"), NULL, NULL, 0, NULL, &err), 0);
    snprintf(f->pub, sizeof(f->pub), "%s", f->path[2]);
    assert_int_equal(fx_verify(f, f->out, 0, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    assert_non_null(strstr(err.msg, "key id"));
}

static void
verify_rejects_a_missing_signature(void **state)
{
    struct fx *f = *state;
    char sig[300];
    struct err err;

    fx_release(f, f->out);
    snprintf(sig, sizeof(sig), "%s.minisig", f->out);
    assert_int_equal(unlink(sig), 0);
    assert_int_equal(fx_verify(f, f->out, 0, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    assert_non_null(strstr(err.msg, ".minisig"));
}

/* Flips one bit at 500 positions spread over the whole archive, first and last bytes included. */
static void
verify_rejects_a_flipped_bit_anywhere_in_the_archive(void **state)
{
    struct fx *f = *state;
    struct buf data;
    struct err err;
    size_t accepted = 0, tried = 0;

    fx_release(f, f->out);
    buf_init(&data, BUF_NO_MAX);
    fx_read(f->out, &data);
    assert_int_equal(fx_verify(f, f->out, 0, &err), 0);
    for (size_t k = 0; k <= 500; k++) {
        size_t i = k * (data.len - 1) / 500;
        unsigned char bit = (unsigned char)(1u << (k % 8));
        data.data[i] ^= bit;
        fx_write(f->out, data.data, data.len);
        if (fx_verify(f, f->out, 0, &err) == 0) {
            accepted++;
        }
        data.data[i] ^= bit;
        tried++;
    }
    assert_true(tried >= 500);
    assert_int_equal(accepted, 0);
    buf_release(&data);
}

static void
verify_extracts_only_after_every_check_passed(void **state)
{
    struct fx *f = *state;
    struct verify_opts o = {0};
    struct verify_result r;
    struct ents es;
    const char *dir = fx_path(f, 4, "extracted");
    const char *path = fx_path(f, 1, "hostile.tar.zst");
    char tc[256], probe[300];
    struct err err;

    load_release(f, &es);
    ents_add(&es, "testset/zzz-extra", AE_IFREG, "late");
    manifest_comment(&es, tc, sizeof(tc));
    ents_write(path, &es);
    fx_sign(f, path, tc);
    ents_release(&es);
    o.archive = path;
    o.pubkey = f->pub;
    o.extract_dir = dir;
    assert_int_equal(release_verify(&o, &r, &err), -1);
    snprintf(probe, sizeof(probe), "rmdir '%s'", dir); /* fails unless empty */
    assert_int_equal(system(probe), 0);
    o.archive = f->out;
    assert_int_equal(release_verify(&o, &r, &err), 0);
    verify_result_release(&r);
    snprintf(probe, sizeof(probe), "%s/testset/data/train.jsonl", dir);
    assert_int_equal(access(probe, R_OK), 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(verify_accepts_an_unchanged_repack),
        T(verify_rejects_an_absolute_path),
        T(verify_rejects_a_dotdot_component),
        T(verify_rejects_a_path_with_terminal_escapes_without_printing_them),
        T(verify_rejects_a_symlink),
        T(verify_rejects_a_hardlink),
        T(verify_rejects_a_device),
        T(verify_rejects_a_duplicate_entry),
        T(verify_rejects_a_directory_the_manifest_does_not_imply),
        T(verify_rejects_a_file_not_in_the_manifest),
        T(verify_rejects_a_manifest_file_missing_from_the_archive),
        T(verify_rejects_a_file_shorter_than_its_manifest_size),
        T(verify_rejects_a_file_larger_than_its_manifest_size_as_a_bomb),
        T(verify_rejects_a_hash_mismatch),
        T(verify_rejects_a_tampered_checksum_list),
        T(verify_rejects_content_beyond_the_total_limit),
        T(verify_rejects_an_entry_outside_the_release_directory),
        T(verify_rejects_truncated_compression),
        T(verify_rejects_compression_cut_inside_the_data),
        T(verify_rejects_corrupted_compressed_bytes_even_when_re_signed),
        T(verify_rejects_a_trusted_comment_naming_another_manifest),
        T(verify_rejects_a_signature_by_another_key),
        T(verify_rejects_a_missing_signature),
        T(verify_rejects_a_flipped_bit_anywhere_in_the_archive),
        T(verify_extracts_only_after_every_check_passed),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
