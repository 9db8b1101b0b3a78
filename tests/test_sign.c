/* Keys and signatures in minisign format, checked against the stock minisign tool too. */
/* older cmocka needs these before <cmocka.h> */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "release/sign.h"

#include "common/banned.h"

/* Cheap scrypt cost for tests; minisign reads the cost from the key file. */
static const struct sign_kdf fast_kdf = {1048576, 16777216};

struct fixture {
    char dir[64];
    char pub[128], sec[128], file[128], sig[128];
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    FILE *fp;

    snprintf(f->dir, sizeof(f->dir), "/tmp/veil_test_sign.XXXXXX");
    if (!mkdtemp(f->dir)) {
        return -1;
    }
    snprintf(f->pub, sizeof(f->pub), "%s/k.pub", f->dir);
    snprintf(f->sec, sizeof(f->sec), "%s/k.sec", f->dir);
    snprintf(f->file, sizeof(f->file), "%s/data.bin", f->dir);
    snprintf(f->sig, sizeof(f->sig), "%s/data.bin.minisig", f->dir);
    fp = fopen(f->file, "wb");
    if (!fp || fputs("hello, release\n", fp) < 0 || fclose(fp) != 0) {
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[256];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) {
        return -1;
    }
    free(f);
    return 0;
}

static int
run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return system(cmd);
}

static void
write_text(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static void
read_text(const char *path, struct buf *out)
{
    FILE *fp = fopen(path, "rb");
    char chunk[4096];
    size_t n;
    struct err err;

    assert_non_null(fp);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        assert_int_equal(buf_append(out, chunk, n, &err), 0);
    }
    assert_int_equal(fclose(fp), 0);
}

/* Signs f->file with the key at f->sec into f->sig. */
static void
sign_fixture_file(struct fixture *f, const char *password, const char *comment)
{
    struct sign_seckey *sk = NULL;
    struct sign_prehash *h = NULL;
    unsigned char ph[SIGN_PREHASH_BYTES];
    struct buf data, sig;
    struct err err;

    buf_init(&data, BUF_NO_MAX);
    buf_init(&sig, BUF_NO_MAX);
    read_text(f->file, &data);
    assert_int_equal(sign_seckey_load(f->sec, password, &sk, &err), 0);
    assert_int_equal(sign_prehash_new(&h, &err), 0);
    assert_int_equal(sign_prehash_update(h, data.data, data.len, &err), 0);
    assert_int_equal(sign_prehash_final(h, ph, &err), 0);
    assert_int_equal(sign_detached(sk, ph, comment, &sig, &err), 0);
    write_text(f->sig, (const char *)sig.data, sig.len);
    sign_prehash_free(h);
    sign_seckey_free(sk);
    buf_release(&data);
    buf_release(&sig);
}

static void
keygen_writes_secret_key_with_mode_0600_and_refuses_to_overwrite(void **state)
{
    struct fixture *f = *state;
    struct stat st;
    struct err err;

    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, NULL, &err), 0);
    assert_int_equal(stat(f->sec, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "already exists"));
    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 1, NULL, &err), 0);
}

static void
signature_verifies_and_stock_minisign_accepts_it(void **state)
{
    struct fixture *f = *state;
    struct sign_pubkey pub;
    struct sign_verdict v = {0};
    struct err err;

    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, &pub, &err), 0);
    sign_fixture_file(f, NULL, "file:data.bin");
    assert_int_equal(sign_verify_file(&pub, f->file, f->sig, &v, &err), 0);
    assert_int_equal(v.prehashed, 1);
    assert_non_null(strstr(v.trusted_comment, "file:data.bin"));
    sign_verdict_release(&v);
    assert_int_equal(run("minisign -Vq -m '%s' -p '%s' -x '%s'", f->file, f->pub, f->sig), 0);
}

static void
verify_accepts_signature_made_by_stock_minisign_with_unencrypted_key(void **state)
{
    struct fixture *f = *state;
    struct sign_pubkey pub;
    struct sign_verdict v = {0};
    struct err err;

    assert_int_equal(run("minisign -G -W -p '%s' -s '%s' >/dev/null", f->pub, f->sec), 0);
    assert_int_equal(run("minisign -S -s '%s' -m '%s' >/dev/null", f->sec, f->file), 0);
    assert_int_equal(sign_pubkey_load(f->pub, &pub, &err), 0);
    assert_int_equal(sign_verify_file(&pub, f->file, f->sig, &v, &err), 0);
    sign_verdict_release(&v);
    /* and veil can sign with minisign's key */
    sign_fixture_file(f, NULL, "from veil");
    assert_int_equal(run("minisign -Vq -m '%s' -p '%s'", f->file, f->pub), 0);
}

static void
verify_accepts_legacy_signature_from_stock_minisign(void **state)
{
    struct fixture *f = *state;
    struct sign_pubkey pub;
    struct sign_verdict v = {0};
    struct err err;

    assert_int_equal(run("minisign -G -W -p '%s' -s '%s' >/dev/null", f->pub, f->sec), 0);
    assert_int_equal(run("minisign -S -l -s '%s' -m '%s' >/dev/null", f->sec, f->file), 0);
    assert_int_equal(sign_pubkey_load(f->pub, &pub, &err), 0);
    assert_int_equal(sign_verify_file(&pub, f->file, f->sig, &v, &err), 0);
    assert_int_equal(v.prehashed, 0);
    sign_verdict_release(&v);
}

static void
encrypted_key_works_with_stock_minisign_and_rejects_wrong_password(void **state)
{
    struct fixture *f = *state;
    struct sign_seckey *sk = NULL;
    struct err err;

    assert_int_equal(sign_keygen(f->pub, f->sec, "correct horse", &fast_kdf, 0, NULL, &err), 0);
    assert_int_equal(sign_seckey_load(f->sec, "wrong horse", &sk, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    assert_non_null(strstr(err.msg, "wrong password"));
    assert_int_equal(sign_seckey_load(f->sec, NULL, &sk, &err), -1);
    assert_non_null(strstr(err.msg, "encrypted"));
    /* minisign reads the password from stdin when it is not a terminal */
    assert_int_equal(
        run("echo 'correct horse' | minisign -S -s '%s' -m '%s' >/dev/null 2>&1", f->sec, f->file),
        0);
    assert_int_equal(run("minisign -Vq -m '%s' -p '%s'", f->file, f->pub), 0);
}

static void
key_ids_print_in_both_minisign_styles(void **state)
{
    /* keynum is little-endian: this is key id 0754B0259E16FBF2, which 0.11 shows unpadded */
    struct sign_pubkey pub = {.keynum = {0xF2, 0xFB, 0x16, 0x9E, 0x25, 0xB0, 0x54, 0x07}};
    char id[SIGN_KEY_ID_LEN + 1], id_short[SIGN_KEY_ID_LEN + 1];

    (void)state;
    sign_key_id(&pub, id);
    sign_key_id_short(&pub, id_short);
    assert_string_equal(id, "0754B0259E16FBF2");
    assert_string_equal(id_short, "754B0259E16FBF2");
}

static void
verify_rejects_signature_from_another_key_naming_both_ids(void **state)
{
    struct fixture *f = *state;
    struct sign_pubkey other;
    char other_pub[160], other_sec[160];
    struct err err;

    snprintf(other_pub, sizeof(other_pub), "%s/o.pub", f->dir);
    snprintf(other_sec, sizeof(other_sec), "%s/o.sec", f->dir);
    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, NULL, &err), 0);
    assert_int_equal(sign_keygen(other_pub, other_sec, NULL, NULL, 0, &other, &err), 0);
    sign_fixture_file(f, NULL, "x");
    assert_int_equal(sign_verify_file(&other, f->file, f->sig, NULL, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    assert_non_null(strstr(err.msg, "key id"));
}

static void
verify_rejects_every_single_bit_flip_in_the_signature_file(void **state)
{
    struct fixture *f = *state;
    struct sign_pubkey pub;
    struct buf sig, msg;
    struct err err;
    size_t rejected = 0, total = 0;

    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, &pub, &err), 0);
    sign_fixture_file(f, NULL, "timestamp:1700000000\tfile:data.bin");
    buf_init(&sig, BUF_NO_MAX);
    buf_init(&msg, BUF_NO_MAX);
    read_text(f->sig, &sig);
    read_text(f->file, &msg);
    assert_int_equal(
        sign_verify_mem(&pub, "s", (const char *)sig.data, sig.len, msg.data, msg.len, NULL, &err),
        0);
    for (size_t i = 0; i < sig.len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            sig.data[i] ^= (unsigned char)(1u << bit);
            total++;
            if (sign_verify_mem(&pub, "s", (const char *)sig.data, sig.len, msg.data, msg.len, NULL,
                                &err) < 0) {
                rejected++;
            }
            sig.data[i] ^= (unsigned char)(1u << bit);
        }
    }
    assert_int_equal(rejected, total);
    buf_release(&sig);
    buf_release(&msg);
}

static void
verify_rejects_a_flipped_bit_in_the_signed_file(void **state)
{
    struct fixture *f = *state;
    struct sign_pubkey pub;
    struct err err;

    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, &pub, &err), 0);
    sign_fixture_file(f, NULL, "x");
    write_text(f->file, "hello, releasf\n", 15);
    assert_int_equal(sign_verify_file(&pub, f->file, f->sig, NULL, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    assert_non_null(strstr(err.msg, "signature does not match"));
}

static void
verify_reports_missing_signature_file_as_a_verdict(void **state)
{
    struct fixture *f = *state;
    struct sign_pubkey pub;
    struct err err;

    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, &pub, &err), 0);
    assert_int_equal(sign_verify_file(&pub, f->file, f->sig, NULL, &err), -1);
    assert_int_equal(err.kind, ERR_VERIFY);
    assert_non_null(strstr(err.msg, "data.bin.minisig"));
}

static void
embedded_signature_is_accepted_by_signify(void **state)
{
    struct fixture *f = *state;
    struct sign_seckey *sk = NULL;
    struct buf out;
    struct err err;
    char listing[160];
    const char *msg = "SHA256 (data.bin) = "
                      "5d1a5a7bbd7d6ea3eb9d7c3e8dfba0d8a2c1ef3c7a8c1cfc01a27fb0c0b2fb8e\n";

    assert_int_equal(sign_keygen(f->pub, f->sec, NULL, NULL, 0, NULL, &err), 0);
    assert_int_equal(sign_seckey_load(f->sec, NULL, &sk, &err), 0);
    buf_init(&out, BUF_NO_MAX);
    assert_int_equal(sign_embedded(sk, msg, strlen(msg), &out, &err), 0);
    snprintf(listing, sizeof(listing), "%s/list.SHA256", f->dir);
    write_text(listing, (const char *)out.data, out.len);
    /* signature valid, checksum deliberately wrong: -C must fail on the checksum, not the sig */
    assert_int_equal(run("cd '%s' && signify-openbsd -V -e -p k.pub -x list.SHA256 -m - "
                         ">/dev/null 2>&1",
                         f->dir),
                     0);
    assert_int_not_equal(
        run("cd '%s' && signify-openbsd -C -p k.pub -x list.SHA256 >/dev/null 2>&1", f->dir), 0);
    sign_seckey_free(sk);
    buf_release(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            keygen_writes_secret_key_with_mode_0600_and_refuses_to_overwrite, setup, teardown),
        cmocka_unit_test_setup_teardown(signature_verifies_and_stock_minisign_accepts_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            verify_accepts_signature_made_by_stock_minisign_with_unencrypted_key, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_accepts_legacy_signature_from_stock_minisign, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            encrypted_key_works_with_stock_minisign_and_rejects_wrong_password, setup, teardown),
        cmocka_unit_test(key_ids_print_in_both_minisign_styles),
        cmocka_unit_test_setup_teardown(verify_rejects_signature_from_another_key_naming_both_ids,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(verify_rejects_every_single_bit_flip_in_the_signature_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(verify_rejects_a_flipped_bit_in_the_signed_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(verify_reports_missing_signature_file_as_a_verdict, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(embedded_signature_is_accepted_by_signify, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
