/* Building releases: layout, reproducibility, refusals, and what stock tools make of them. */
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

static int
run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return system(cmd);
}

static void
assert_same_bytes(const char *a, const char *b)
{
    struct buf x, y;

    buf_init(&x, BUF_NO_MAX);
    buf_init(&y, BUF_NO_MAX);
    fx_read(a, &x);
    fx_read(b, &y);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.data, y.data, x.len);
    buf_release(&x);
    buf_release(&y);
}

static void
release_twice_gives_byte_identical_archive_and_signature(void **state)
{
    struct fx *f = *state;
    static const char *const exts[] = {"tar.zst", "tar.gz", "tar.xz"};
    char a[300], b[300];

    for (size_t i = 0; i < 3; i++) {
        snprintf(a, sizeof(a), "%s/one/testset.%s", f->dir, exts[i]);
        snprintf(b, sizeof(b), "%s/two/testset.%s", f->dir, exts[i]);
        assert_int_equal(run("mkdir -p '%s/one' '%s/two'", f->dir, f->dir), 0);
        fx_release(f, a);
        sleep(i == 0 ? 1 : 0); /* a clock leaking into the bytes would show */
        fx_release(f, b);
        assert_same_bytes(a, b);
        snprintf(a, sizeof(a), "%s/one/testset.%s.minisig", f->dir, exts[i]);
        snprintf(b, sizeof(b), "%s/two/testset.%s.minisig", f->dir, exts[i]);
        assert_same_bytes(a, b);
    }
}

static void
release_archive_has_the_layout_and_normalised_metadata(void **state)
{
    struct fx *f = *state;

    fx_release(f, f->out);
    assert_int_equal(run("cd '%s' && printf '%%s\\n' "
                         "'drwxr-xr-x 0/0 2023-11-14 22:13 testset/' "
                         "'-rw-r--r-- 0/0 2023-11-14 22:13 testset/CONTENT_WARNING.md' "
                         "'-rw-r--r-- 0/0 2023-11-14 22:13 testset/LICENSE' "
                         "'-rw-r--r-- 0/0 2023-11-14 22:13 testset/MANIFEST.json' "
                         "'-rw-r--r-- 0/0 2023-11-14 22:13 testset/README.md' "
                         "'-rw-r--r-- 0/0 2023-11-14 22:13 testset/SHA256SUMS' "
                         "'drwxr-xr-x 0/0 2023-11-14 22:13 testset/data/' "
                         "'-rw-r--r-- 0/0 2023-11-14 22:13 testset/data/train.jsonl' > want && "
                         "TZ=UTC tar --numeric-owner -tvf testset.tar.zst | "
                         "awk '{print $1, $2, $4, $5, $6}' | cmp -s - want",
                         f->dir),
                     0);
}

static void
stock_tools_accept_the_release(void **state)
{
    struct fx *f = *state;

    fx_release(f, f->out);
    assert_int_equal(run("minisign -Vq -m '%s' -p '%s'", f->out, f->pub), 0);
    assert_int_equal(run("cd '%s' && signify-openbsd -Cq -p veil.pub -x testset.SHA256", f->dir),
                     0);
    assert_int_equal(run("cd '%s' && mkdir x && tar xf testset.tar.zst -C x && cd x/testset && "
                         "sha256sum --quiet --strict -c SHA256SUMS",
                         f->dir),
                     0);
}

static void
manifest_records_files_key_id_stats_and_epoch(void **state)
{
    struct fx *f = *state;
    char id[SIGN_KEY_ID_LEN + 1];
    struct sign_pubkey pub;
    struct err err;

    fx_release(f, f->out);
    assert_int_equal(sign_pubkey_load(f->pub, &pub, &err), 0);
    sign_key_id(&pub, id);
    assert_int_equal(run("cd '%s' && tar xf testset.tar.zst && "
                         "grep -q '\"public_key_id\": \"%s\"' testset/MANIFEST.json && "
                         "grep -q '\"path\": \"data/train.jsonl\"' testset/MANIFEST.json && "
                         "grep -q '\"created\": \"2023-11-14T22:13:20Z\"' testset/MANIFEST.json &&"
                         " grep -q '\"violence\": 1' testset/MANIFEST.json && "
                         "grep -q '\"" FX_DIGEST "\"' testset/MANIFEST.json && "
                         "grep -q 'Permission is hereby granted' testset/LICENSE",
                         f->dir, id),
                     0);
}

static void
release_defaults_the_epoch_to_the_newest_input_mtime(void **state)
{
    struct fx *f = *state;
    const char *data[] = {f->data}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);
    struct release_result r;
    struct err err;

    assert_int_equal(run("touch -d @1600000000 '%s'", f->data), 0);
    o.source_date_epoch = -1;
    assert_int_equal(release_build(&o, &r, &err), 0);
    assert_int_equal(run("cd '%s' && tar xf testset.tar.zst && "
                         "grep -q '\"source_date_epoch\": 1600000000' testset/MANIFEST.json",
                         f->dir),
                     0);
}

/* Builds with one option changed and expects a refusal mentioning want. */
static void
expect_refusal(struct fx *f, struct release_opts *o, const char *want)
{
    struct release_result r;
    struct err err;

    err_clear(&err);
    assert_int_equal(release_build(o, &r, &err), -1);
    if (!strstr(err.msg, want)) {
        fail_msg("refusal '%s' does not mention '%s'", err.msg, want);
    }
    assert_int_not_equal(access(f->out, F_OK), 0);
}

static void
release_refuses_a_missing_input(void **state)
{
    struct fx *f = *state;
    const char *data[] = {fx_path(f, 0, "nope.jsonl")}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);

    expect_refusal(f, &o, "nope.jsonl: missing input");
}

static void
release_refuses_invalid_jsonl_naming_the_line(void **state)
{
    struct fx *f = *state;
    const char *bad = fx_path(f, 0, "bad.jsonl");
    const char *data[] = {bad}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);

    fx_write(bad, "{\"a\":1}\n{\"secret\": oops}\n", 26);
    o.allow_unscrubbed = 1;
    expect_refusal(f, &o, "bad.jsonl:2: not valid JSONL");
}

static void
release_refuses_data_no_stats_file_vouches_for(void **state)
{
    struct fx *f = *state;
    const char *other = fx_path(f, 0, "other.jsonl");
    const char *data[] = {f->data, other}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);
    struct release_result r;
    struct err err;

    fx_write(other, "{\"a\":1}\n", 8);
    o.n_data = 2;
    expect_refusal(f, &o, "other.jsonl: not the output of 'veil scrub'");
    o.allow_unscrubbed = 1;
    assert_int_equal(release_build(&o, &r, &err), 0);
}

static void
release_refuses_a_stats_output_that_is_not_released(void **state)
{
    struct fx *f = *state;
    const char *other = fx_path(f, 0, "other.jsonl");
    const char *data[] = {other}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);

    fx_write(other, "{\"a\":1}\n", 8);
    o.allow_unscrubbed = 1;
    expect_refusal(f, &o, "'train.jsonl' is not among the --data files");
}

static void
release_refuses_a_scrubbed_file_released_under_another_name(void **state)
{
    struct fx *f = *state;
    const char *renamed = fx_path(f, 0, "renamed.jsonl");
    const char *data[] = {renamed}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);

    assert_int_equal(rename(f->data, renamed), 0);
    expect_refusal(f, &o, "written as 'train.jsonl' but is released as 'data/renamed.jsonl'");
}

static void
release_refuses_recall_below_the_gate_unless_forced(void **state)
{
    struct fx *f = *state;
    const char *audit = fx_path(f, 0, "audit.json");
    const char *data[] = {f->data}, *stats[] = {f->stats}, *audits[] = {audit};
    struct release_opts o = fx_opts(f, data, stats);
    struct release_result r;
    struct err err;
    static const char report[] =
        "{\"format\":\"veil-audit/1\",\"records\":100,\"leak\":{\"overall\":{\"n\":50,"
        "\"tp\":45,\"fn\":5,\"recall\":0.9,\"recall_ci95\":[0.79,0.96],\"precision\":null,"
        "\"precision_ci95\":[0,1]}}}";

    fx_write(audit, report, strlen(report));
    o.audit = audits;
    o.n_audit = 1;
    o.min_recall = 0.8;
    expect_refusal(f, &o, "below --min-recall");
    o.min_recall = 0.75;
    assert_int_equal(release_build(&o, &r, &err), 0);
    assert_int_equal(run("rm '%s'", f->out), 0);
    o.min_recall = 0.8;
    o.force = 1;
    assert_int_equal(release_build(&o, &r, &err), 0);
}

static void
release_refuses_a_leak_report_with_findings(void **state)
{
    struct fx *f = *state;
    const char *leaks = fx_path(f, 0, "leaks.json");
    const char *data[] = {f->data}, *stats[] = {f->stats}, *audits[] = {leaks};
    struct release_opts o = fx_opts(f, data, stats);

    static const char report[] = "{\"format\":\"veil-leaks/1\",\"findings\":2,\"by_kind\":{},"
                                 "\"items\":[],\"scanned\":{\"files\":1,\"records\":2}}";

    fx_write(leaks, report, strlen(report));
    o.audit = audits;
    o.n_audit = 1;
    expect_refusal(f, &o, "2 finding(s)");
}

static void
release_refuses_a_name_that_could_escape_the_directory(void **state)
{
    struct fx *f = *state;
    const char *data[] = {f->data}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);

    o.name = "../up";
    expect_refusal(f, &o, "--name");
}

static void
release_refuses_a_licence_it_has_no_text_for(void **state)
{
    struct fx *f = *state;
    const char *data[] = {f->data}, *stats[] = {f->stats};
    struct release_opts o = fx_opts(f, data, stats);

    fx_write(f->meta, FX_META("other"), strlen(FX_META("other")));
    expect_refusal(f, &o, "license_link or license_details");
}

static void
veil_verifies_a_release_signed_by_stock_minisign(void **state)
{
    struct fx *f = *state;
    struct err err;

    /* minisign makes the key; veil releases with it; minisign re-signs the archive */
    assert_int_equal(run("minisign -G -W -f -p '%s' -s '%s' >/dev/null", f->pub, f->sec), 0);
    fx_release(f, f->out);
    assert_int_equal(run("minisign -S -s '%s' -m '%s' >/dev/null", f->sec, f->out), 0);
    assert_int_equal(fx_verify(f, f->out, 0, &err), 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(release_twice_gives_byte_identical_archive_and_signature),
        T(release_archive_has_the_layout_and_normalised_metadata),
        T(stock_tools_accept_the_release),
        T(manifest_records_files_key_id_stats_and_epoch),
        T(release_defaults_the_epoch_to_the_newest_input_mtime),
        T(release_refuses_a_missing_input),
        T(release_refuses_invalid_jsonl_naming_the_line),
        T(release_refuses_data_no_stats_file_vouches_for),
        T(release_refuses_a_stats_output_that_is_not_released),
        T(release_refuses_a_scrubbed_file_released_under_another_name),
        T(release_refuses_recall_below_the_gate_unless_forced),
        T(release_refuses_a_leak_report_with_findings),
        T(release_refuses_a_name_that_could_escape_the_directory),
        T(release_refuses_a_licence_it_has_no_text_for),
        T(veil_verifies_a_release_signed_by_stock_minisign),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
