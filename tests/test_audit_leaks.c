/* The leak scan: smuggled raw worker IDs, planted canaries and residual PII are all found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "common/err.h"
#include "common/record.h"
#include "scrub/scrub.h"

#define PACK "tests/fixtures/audit/pack.yaml"

struct fixture {
    char dir[64];
    char raw[128], release[128], data[160], canaries[128], gz[160];
};

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    snprintf(f->dir, sizeof(f->dir), "/tmp/veil-test-leaks-XXXXXX");
    if (!mkdtemp(f->dir)) {
        return -1;
    }
    snprintf(f->raw, sizeof(f->raw), "%s/raw.jsonl", f->dir);
    snprintf(f->release, sizeof(f->release), "%s/rel", f->dir);
    snprintf(f->data, sizeof(f->data), "%s/rel/data", f->dir);
    snprintf(f->canaries, sizeof(f->canaries), "%s/canaries.txt", f->dir);
    mkdir(f->release, 0755);
    mkdir(f->data, 0755);
    snprintf(f->gz, sizeof(f->gz), "%s/rel/data/part-1.jsonl", f->dir);
    write_file(f->raw, "{\"worker\": \"WKR-7781\", \"transcript\": \"raw text\"}\n"
                       "{\"worker\": \"wkr-0002\"}\n"
                       "{\"worker\": 1042}\n"
                       "{\"worker\": \"ab\"}\n");
    write_file(f->canaries, "# planted\n"
                            "zyx.canary.31@example.org\n"
                            "\n");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void
write_release(struct fixture *f, const char *jsonl)
{
    write_file(f->gz, jsonl);
}

static int
scan(struct fixture *f, bool with_key, const struct scrub_rules *rules, struct audit_leak_report *r,
     struct err *err)
{
    static const char *const fields[] = {"worker"};
    static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
    const char *raw[] = {f->raw};
    struct audit_leaks_opts o = {.raw = raw,
                                 .n_raw = 1,
                                 .release = f->release,
                                 .hash_fields = fields,
                                 .n_hash_fields = 1,
                                 .id_key = with_key ? key : NULL,
                                 .id_key_len = with_key ? sizeof(key) : 0,
                                 .canaries = f->canaries,
                                 .rules = rules};
    audit_leak_report_init(r);
    return audit_leaks_scan(&o, r, err);
}

static void
leaks_clean_release_has_no_findings(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f,
                  "{\"worker\": \"w_0123456789abcdef\", \"transcript\": \"order #104213 ok\"}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.files, 1);
    assert_int_equal(r.records, 1);
    assert_int_equal(r.strings, 2);
    assert_int_equal(r.raw_ids, 3); /* "ab" is too short to look for */
    assert_int_equal(r.short_ids_skipped, 1);
    assert_int_equal(r.canaries, 1);
    audit_leak_report_release(&r);
}

static void
leaks_finds_a_raw_worker_id_smuggled_into_a_text_field(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f, "{\"worker\": \"w_0123456789abcdef\"}\n"
                     "{\"worker\": \"w_0123456789abcdef\", \"meta\": {\"notes\": [\"by wkr-7781 "
                     "today\"]}}\n");
    assert_int_equal(scan(f, true, NULL, &r, &err), 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.by_kind[AUDIT_LEAK_RAW_ID], 1);
    assert_string_equal(r.items[0].file, "data/part-1.jsonl");
    assert_int_equal(r.items[0].record, 2);
    assert_string_equal(r.items[0].field, "meta.notes[0]");
    assert_non_null(strstr(r.items[0].detail, "hash field 'worker'"));
    assert_non_null(strstr(r.items[0].detail, "pseudonym w_"));
    assert_non_null(strstr(r.items[0].detail, "at byte 3"));
    assert_null(strstr(r.items[0].detail, "7781")); /* never the value itself */
    audit_leak_report_release(&r);
}

/* Hundreds of IDs of many lengths: every one smuggled once is found once. */
static void
leaks_finds_every_one_of_many_ids(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;
    FILE *raw = fopen(f->raw, "w"), *rel = fopen(f->gz, "w");

    for (int i = 0; i < 300; i++) {
        fprintf(raw, "{\"worker\": \"id%0*d\"}\n{\"worker\": \"id%0*d\"}\n", 2 + i % 9, i,
                2 + i % 9, i);
        fprintf(rel, "{\"t\": \"said ID%0*d.\"}\n", 2 + i % 9, i);
    }
    fclose(raw);
    fclose(rel);
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.raw_ids, 300);
    assert_int_equal(r.n, 300);
    for (size_t i = 0; i < r.n; i++) {
        assert_int_equal(r.items[i].record, i + 1);
    }
    audit_leak_report_release(&r);
}

static void
leaks_finds_a_numeric_id_only_as_a_whole_token(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f, "{\"t\": \"order #104213 and a1042 are fine\"}\n"
                     "{\"t\": \"worker 1042.\"}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].record, 2);
    audit_leak_report_release(&r);
}

static void
leaks_finds_a_worker_id_left_unhashed_in_a_numeric_field(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f, "{\"worker\": 1042, \"rating\": 10420}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].field, "worker (number)");
    assert_int_equal(r.items[0].kind, AUDIT_LEAK_RAW_ID);
    audit_leak_report_release(&r);
}

static void
leaks_masks_an_id_used_as_a_key_in_the_field_path(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(
        f, "{\"by_worker\": {\"WKR-7781\": {\"note\": \"see zyx.canary.31@example.org\"}}}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.items[0].field, "by_worker.******** (key)");
    assert_int_equal(r.items[0].kind, AUDIT_LEAK_RAW_ID);
    assert_string_equal(r.items[1].field, "by_worker.********.note");
    assert_int_equal(r.items[1].kind, AUDIT_LEAK_CANARY);
    audit_leak_report_release(&r);
}

static void
leaks_finds_a_planted_canary_in_any_case(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f, "{\"transcript\": \"mail ZYX.Canary.31@example.org now\"}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].kind, AUDIT_LEAK_CANARY);
    assert_non_null(strstr(r.items[0].detail, "line 2 of the canaries file"));
    assert_null(strstr(r.items[0].detail, "canary.31"));
    audit_leak_report_release(&r);
}

static void
leaks_lists_canaries_never_planted_in_the_raw_input(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f, "{}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_true(r.raw_scanned_for_canaries);
    assert_int_equal(r.n_unplanted, 1);
    assert_int_equal(r.unplanted[0], 2); /* its line in the canaries file */
    audit_leak_report_release(&r);

    write_file(f->raw, "{\"worker\": \"wkr-1\", \"t\": [\"to zyx.canary.31@example.org\"]}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.n_unplanted, 0);
    assert_int_equal(r.n, 0);
    audit_leak_report_release(&r);
}

static void
leaks_finds_residual_pii_with_the_rule_pack(void **state)
{
    struct fixture *f = *state;
    struct scrub_rules *rules = NULL;
    struct audit_leak_report r;
    struct err err;

    if (scrub_rules_load(&rules, PACK, &err) < 0) {
        fail_msg("%s", err.msg);
    }
    write_release(f, "{\"transcript\": \"write to [EMAIL] or to jo@leak.example.net\"}\n");
    assert_int_equal(scan(f, false, rules, &r, &err), 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].kind, AUDIT_LEAK_RESIDUAL);
    assert_non_null(strstr(r.items[0].detail, "EMAIL detected by rule 'fixture_email' at bytes "
                                              "23-42"));
    audit_leak_report_release(&r);
    scrub_rules_free(rules);
}

static void
leaks_reads_compressed_data_files(void **state)
{
    struct fixture *f = *state;
    struct record_writer *w;
    struct audit_leak_report r;
    struct err err;
    static const char line[] = "{\"t\": \"by wkr-0002\"}\n";

    snprintf(f->gz + strlen(f->gz), sizeof(f->gz) - strlen(f->gz), ".zst");
    assert_int_equal(record_writer_open(f->gz, &w, &err), 0);
    assert_int_equal(record_writer_write(w, line, sizeof(line) - 1, &err), 0);
    assert_int_equal(record_writer_commit(w, &err), 0);
    record_writer_free(w);
    assert_int_equal(scan(f, false, NULL, &r, &err), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].file, "data/part-1.jsonl.zst");
    audit_leak_report_release(&r);
}

static void
leaks_refuses_a_release_without_data_files(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    assert_int_equal(scan(f, false, NULL, &r, &err), -1);
    assert_non_null(strstr(err.msg, "no *.jsonl data files"));
    audit_leak_report_release(&r);
}

static void
leaks_refuses_a_canary_too_short_to_mean_anything(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f, "{}\n");
    write_file(f->canaries, "good-canary-value\nabc\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), -1);
    assert_non_null(strstr(err.msg, "canaries.txt:2: canary is shorter than 4 bytes"));
    audit_leak_report_release(&r);
}

static void
leaks_names_the_record_of_bad_json_in_the_release(void **state)
{
    struct fixture *f = *state;
    struct audit_leak_report r;
    struct err err;

    write_release(f, "{}\n{\"t\": oops}\n");
    assert_int_equal(scan(f, false, NULL, &r, &err), -1);
    assert_non_null(strstr(err.msg, "data/part-1.jsonl:2: record 2: invalid JSON"));
    audit_leak_report_release(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(leaks_clean_release_has_no_findings, setup, teardown),
        cmocka_unit_test_setup_teardown(leaks_finds_a_raw_worker_id_smuggled_into_a_text_field,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(leaks_finds_every_one_of_many_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(leaks_finds_a_numeric_id_only_as_a_whole_token, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(leaks_finds_a_worker_id_left_unhashed_in_a_numeric_field,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(leaks_masks_an_id_used_as_a_key_in_the_field_path, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(leaks_finds_a_planted_canary_in_any_case, setup, teardown),
        cmocka_unit_test_setup_teardown(leaks_finds_residual_pii_with_the_rule_pack, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(leaks_lists_canaries_never_planted_in_the_raw_input, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(leaks_reads_compressed_data_files, setup, teardown),
        cmocka_unit_test_setup_teardown(leaks_refuses_a_release_without_data_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(leaks_refuses_a_canary_too_short_to_mean_anything, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(leaks_names_the_record_of_bad_json_in_the_release, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
