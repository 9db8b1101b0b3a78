/* The scrub pipeline: records in = out + skipped + quarantined, pseudonyms, stats, atomicity. */
/* clang-format off: older cmocka needs these before <cmocka.h> */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/log.h"
#include "scrub/pipeline_internal.h"
#include "scrub/scrub.h"

static const unsigned char key_a[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char key_b[32] = "fedcba9876543210fedcba9876543210";

struct fixture {
    char dir[64];
    struct scrub_rules *rules;
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct err err;

    log_init("test", LOG_QUIET);
    snprintf(f->dir, sizeof(f->dir), "/tmp/veil-test-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    assert_int_equal(scrub_rules_load(&f->rules, "tests/fixtures/pipeline/pack.yaml", &err), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    scrub_rules_free(f->rules);
    free(f);
    return 0;
}

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static char *
read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    static char data[1 << 16];
    size_t n;

    if (!fp) {
        return NULL;
    }
    n = fread(data, 1, sizeof(data) - 1, fp);
    data[n] = '\0';
    fclose(fp);
    return data;
}

static void
base_opts(struct scrub_opts *o, const struct fixture *f, const char *const *inputs, size_t n,
          const char *output)
{
    static const char *const hash[] = {"worker"};
    memset(o, 0, sizeof(*o));
    o->inputs = inputs;
    o->n_inputs = n;
    o->output = output;
    o->rules = f->rules;
    o->hash_fields = hash;
    o->n_hash_fields = 1;
    o->id_key = key_a;
    o->id_key_len = sizeof(key_a);
    o->no_warnings = true;
}

static void
pseudonym_is_stable_under_one_key_and_unlinkable_across_keys(void **state)
{
    char a1[SCRUB_PSEUDONYM_LEN + 1], a2[SCRUB_PSEUDONYM_LEN + 1], b[SCRUB_PSEUDONYM_LEN + 1];
    struct err err;
    (void)state;

    assert_int_equal(scrub_pseudonym_id(key_a, 32, (const unsigned char *)"worker-17", 9, a1, &err),
                     0);
    assert_int_equal(
        scrub_pseudonym_id(key_a, 32, (const unsigned char *)" worker-17\n", 11, a2, &err), 0);
    assert_int_equal(scrub_pseudonym_id(key_b, 32, (const unsigned char *)"worker-17", 9, b, &err),
                     0);
    assert_string_equal(a1, a2);
    assert_string_not_equal(a1, b);
    assert_int_equal(strlen(a1), SCRUB_PSEUDONYM_LEN);
    assert_memory_equal(a1, "w_", 2);
    assert_int_equal(strspn(a1 + 2, "0123456789abcdef"), 16);
}

static void
pseudonym_refuses_a_short_key(void **state)
{
    char out[SCRUB_PSEUDONYM_LEN + 1];
    struct err err;
    (void)state;

    assert_int_equal(scrub_pseudonym_id(key_a, 8, (const unsigned char *)"x", 1, out, &err), -1);
    assert_int_equal(err.kind, ERR_USAGE);
}

static void
json_writer_keeps_key_order_and_numbers_as_written(void **state)
{
    const char *in = "{\"z\":1,\"a\":0.1,\"m\":[2.0,-3,1e300,\"\\u0001\\\"x\"],\"n\":null}";
    json_error_t je;
    json_t *v = json_loads(in, 0, &je);
    struct buf out;
    struct err err;
    (void)state;

    buf_init(&out, BUF_NO_MAX);
    assert_int_equal(json_write_value(v, &out, &err), 0);
    assert_string_equal((char *)out.data,
                        "{\"z\":1,\"a\":0.1,\"m\":[2.0,-3,1e+300,\"\\u0001\\\"x\"],\"n\":null}");
    buf_release(&out);
    json_decref(v);
}

static void
scrub_keeps_every_record_and_leaves_no_raw_worker_id(void **state)
{
    struct fixture *f = *state;
    char in[128], out[128];
    const char *inputs[1] = {in};
    struct scrub_opts o;
    struct scrub_summary s;
    struct err err;

    snprintf(in, sizeof(in), "%s/in.jsonl", f->dir);
    snprintf(out, sizeof(out), "%s/out.jsonl", f->dir);
    write_file(in, "{\"worker\":\"ab12cd34\",\"text\":\"mail a@b.org or (415) 823-4567\"}\n"
                   "{\"worker\":\"ab12cd34\",\"text\":\"I am ab12cd34, no PII\"}\n"
                   "{\"worker\":4711,\"text\":\"hello\",\"n\":0.25}\n");
    base_opts(&o, f, inputs, 1, out);
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    assert_int_equal(s.records_in, 3);
    assert_int_equal(s.records_out, 3);
    assert_int_equal(s.detections, 2);
    const char *text = read_file(out);
    assert_non_null(text);
    assert_null(strstr(text, "ab12cd34"));
    assert_null(strstr(text, "4711"));
    assert_null(strstr(text, "a@b.org"));
    assert_non_null(strstr(text, "[EMAIL]"));
    assert_non_null(strstr(text, "\"n\":0.25"));
}

/* Scrub one record with the fixture's options; the output file's text. */
static const char *
scrub_one(const struct fixture *f, const char *record)
{
    char in[128], out[128];
    const char *inputs[1] = {in};
    struct scrub_opts o;
    struct scrub_summary s;
    struct err err;

    snprintf(in, sizeof(in), "%s/one.jsonl", f->dir);
    snprintf(out, sizeof(out), "%s/one.out.jsonl", f->dir);
    write_file(in, record);
    base_opts(&o, f, inputs, 1, out);
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    assert_int_equal(s.records_out, 1);
    return read_file(out);
}

/*
 * A changed string is rewritten only where a replacement goes: its other escapes stay as they
 * were written, and a value spelled with an escape (\u0040 for @) is replaced whole.
 */
static void
scrub_rewrites_only_the_replaced_bytes_of_a_string(void **state)
{
    const char *text =
        scrub_one(*state, "{\"text\":\"Caf\\u00e9 \\\"q\\\" a\\u0040b.org\\nend\\/\"}\n");

    assert_non_null(text);
    assert_string_equal(text, "{\"text\":\"Caf\\u00e9 \\\"q\\\" [EMAIL]\\nend\\/\"}\n");
}

/*
 * A raw worker ID inside a finding goes with the finding; standing alone, even twice in a row,
 * each occurrence becomes the pseudonym; glued to other letters it is not a whole token.
 */
static void
scrub_replaces_each_whole_raw_id_once_and_none_inside_a_finding(void **state)
{
    const char *text = scrub_one(
        *state,
        "{\"worker\":\"ab12cd34\",\"text\":\"ab12cd34@b.org, ab12cd34 ab12cd34. xab12cd34\"}\n");
    char pseudonym[64], want[256];

    assert_non_null(text);
    assert_int_equal(sscanf(text, "{\"worker\":\"%63[^\"]\"", pseudonym), 1);
    snprintf(want, sizeof(want), "{\"worker\":\"%s\",\"text\":\"[EMAIL], %s %s. xab12cd34\"}\n",
             pseudonym, pseudonym, pseudonym);
    assert_string_equal(text, want);
}

/*
 * A value found once (by its cue) is redacted wherever the record repeats it, in any field and
 * before or after the field it was found in, as a whole word only.
 */
static void
scrub_redacts_a_found_value_wherever_the_record_repeats_it(void **state)
{
    const char *text =
        scrub_one(*state, "{\"reply\":\"bye zorb_77\",\"text\":\"my login zorb_77, not "
                          "zorb_77x\",\"more\":\"zorb_77!\"}\n");

    assert_non_null(text);
    assert_string_equal(text, "{\"reply\":\"bye [USERNAME]\",\"text\":\"my login [USERNAME], "
                              "not zorb_77x\",\"more\":\"[USERNAME]!\"}\n");
}

static int
append_to_buf(void *arg, const void *p, size_t n, struct err *err)
{
    return buf_append(arg, p, n, err);
}

/*
 * A line of megabytes is read without a copy: its long string, escapes and all, is decoded where
 * it lies and written back, and the output lists the unchanged runs as spans of the line, with
 * only the replacement copied; written out, it is the line with the value replaced.
 */
static void
scrub_holds_a_long_line_once_and_writes_its_unchanged_runs_from_it(void **state)
{
    struct fixture *f = *state;
    const char *head = "{\"text\":\"", *value = "mail a@b.org \\\"q\\\"", *tail = "\",\"n\":1}";
    const size_t lines = 40000, line_len = 64; /* 2.5 MB of "a...a\n" */
    struct buf line, want, written;
    struct scrub_opts o;
    struct record_scrubber rs;
    struct run_stats stats;
    struct scrub_output out;
    enum record_outcome outcome;
    struct err err;
    size_t longest = 0;

    buf_init(&line, BUF_NO_MAX);
    buf_init(&want, BUF_NO_MAX);
    buf_init(&written, BUF_NO_MAX);
    buf_append_str(&line, head, &err);
    for (size_t i = 0; i < lines; i++) {
        for (size_t k = 0; k + 2 < line_len; k++) {
            buf_putc(&line, 'a', &err);
        }
        buf_append_str(&line, i == lines / 2 ? value : "\\n", &err);
    }
    buf_append_str(&line, tail, &err);
    buf_append(&want, line.data, line.len, &err);
    base_opts(&o, f, NULL, 0, NULL);
    run_stats_init(&stats);
    scrub_output_init(&out);
    assert_int_equal(record_scrubber_init(&rs, &o, &stats, &err), 0);

    assert_int_equal(
        record_scrub_line(&rs, "in", 1, line.data, line.len, &out, NULL, &outcome, &err), 0);
    assert_memory_equal(line.data, want.data, want.len); /* decoded in place, then restored */
    for (size_t i = 0; i < out.n; i++) {
        if (out.v[i].line) {
            assert_true(out.v[i].line >= line.data && out.v[i].line < line.data + line.len);
            longest = out.v[i].len > longest ? out.v[i].len : longest;
        }
    }
    assert_true(longest > line.len / 3);
    assert_true(out.buf.len < 4096);
    assert_int_equal(scrub_output_write(&out, append_to_buf, &written, &err), 0);
    size_t at = (size_t)(strstr((char *)want.data, "a@b.org") - (char *)want.data);
    buf_truncate(&want, at);
    buf_append_str(&want, "[EMAIL]", &err);
    buf_append_str(&want, (char *)line.data + at + strlen("a@b.org"), &err);
    buf_putc(&want, '\n', &err);
    assert_int_equal(written.len, want.len);
    assert_memory_equal(written.data, want.data, want.len);
    assert_int_equal(scrub_output_len(&out), want.len);

    record_scrubber_release(&rs);
    scrub_output_release(&out);
    run_stats_release(&stats);
    buf_release(&line);
    buf_release(&want);
    buf_release(&written);
}

static void
scrub_fail_mode_stops_and_leaves_no_output_file(void **state)
{
    struct fixture *f = *state;
    char in[128], out[128];
    const char *inputs[1] = {in};
    struct scrub_opts o;
    struct scrub_summary s;
    struct err err;

    snprintf(in, sizeof(in), "%s/bad.jsonl", f->dir);
    snprintf(out, sizeof(out), "%s/out-fail.jsonl", f->dir);
    write_file(in, "{\"text\":\"ok\"}\n{\"text\": truncated\n{\"text\":\"ok\"}\n");
    base_opts(&o, f, inputs, 1, out);
    assert_int_equal(scrub_run(&o, &s, &err), -1);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_non_null(strstr(err.msg, "bad.jsonl:2:"));
    assert_int_equal(access(out, F_OK), -1);
}

static void
scrub_quarantine_mode_counts_and_keeps_the_bad_line(void **state)
{
    struct fixture *f = *state;
    char in[128], out[128], q[128];
    const char *inputs[1] = {in};
    struct scrub_opts o;
    struct scrub_summary s;
    struct err err;

    snprintf(in, sizeof(in), "%s/bad2.jsonl", f->dir);
    snprintf(out, sizeof(out), "%s/out-q.jsonl", f->dir);
    snprintf(q, sizeof(q), "%s/quarantine.jsonl", f->dir);
    write_file(in, "{\"text\":\"ok\"}\n[1,2]\n{\"text\":\"\xff\"}\n\n{\"text\":\"ok\"}\n");
    base_opts(&o, f, inputs, 1, out);
    o.on_error = SCRUB_ON_ERROR_QUARANTINE;
    o.quarantine = q;
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    assert_int_equal(s.records_in, 4);
    assert_int_equal(s.records_out, 2);
    assert_int_equal(s.quarantined, 2);
    assert_string_equal(read_file(q), "[1,2]\n{\"text\":\"\xff\"}\n");
}

static void
scrub_output_is_identical_for_any_number_of_jobs(void **state)
{
    struct fixture *f = *state;
    char in[128], out1[128], out2[128];
    const char *inputs[1] = {in};
    struct scrub_opts o;
    struct scrub_summary s;
    struct err err;
    FILE *fp;

    snprintf(in, sizeof(in), "%s/many.jsonl", f->dir);
    fp = fopen(in, "w");
    assert_non_null(fp);
    for (int i = 0; i < 20000; i++) {
        fprintf(fp, "{\"worker\":%d,\"text\":\"record %d mail u%d@x.org\"}\n", i % 97, i, i);
    }
    assert_int_equal(fclose(fp), 0);
    snprintf(out1, sizeof(out1), "%s/j1.jsonl", f->dir);
    snprintf(out2, sizeof(out2), "%s/j3.jsonl", f->dir);
    base_opts(&o, f, inputs, 1, out1);
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    o.output = out2;
    o.jobs = 3;
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "cmp -s %s %s", out1, out2);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(s.records_out, 20000);
}

static void
stats_merge_of_shards_equals_one_run(void **state)
{
    struct fixture *f = *state;
    char a[128], b[128], all[128], sa[128], sb[128], sall[128], merged[128];
    const char *in_a[1] = {a}, *in_b[1] = {b}, *in_all[2] = {a, b};
    struct scrub_opts o;
    struct scrub_summary s;
    struct err err;

    snprintf(a, sizeof(a), "%s/a.jsonl", f->dir);
    snprintf(b, sizeof(b), "%s/b.jsonl", f->dir);
    write_file(a,
               "{\"worker\":\"w1\",\"text\":\"x@y.org\"}\n{\"worker\":\"w2\",\"text\":\"hi\"}\n");
    write_file(b, "{\"worker\":\"w1\",\"text\":\"(415) 823-4567\"}\n");
    snprintf(all, sizeof(all), "%s/out-all.jsonl", f->dir);
    snprintf(sa, sizeof(sa), "%s/sa.json", f->dir);
    snprintf(sb, sizeof(sb), "%s/sb.json", f->dir);
    snprintf(sall, sizeof(sall), "%s/sall.json", f->dir);
    snprintf(merged, sizeof(merged), "%s/merged.json", f->dir);
    base_opts(&o, f, in_a, 1, "/dev/null");
    o.stats_path = sa;
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    base_opts(&o, f, in_b, 1, "/dev/null");
    o.stats_path = sb;
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    base_opts(&o, f, in_all, 2, "/dev/null");
    o.stats_path = sall;
    assert_int_equal(scrub_run(&o, &s, &err), 0);
    const char *paths[2] = {sa, sb};
    assert_int_equal(scrub_stats_merge(paths, 2, merged, &err), 0);

    json_error_t je;
    json_t *m = json_load_file(merged, 0, &je), *one = json_load_file(sall, 0, &je);
    assert_non_null(m);
    assert_non_null(one);
    assert_true(json_equal(json_object_get(m, "records"), json_object_get(one, "records")));
    assert_true(json_equal(json_object_get(m, "detections"), json_object_get(one, "detections")));
    assert_true(json_equal(json_object_get(m, "pseudonyms"), json_object_get(one, "pseudonyms")));
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(json_object_get(m, "pseudonyms"), "worker"), "distinct")),
                     2);
    json_decref(m);
    json_decref(one);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pseudonym_is_stable_under_one_key_and_unlinkable_across_keys),
        cmocka_unit_test(pseudonym_refuses_a_short_key),
        cmocka_unit_test(json_writer_keeps_key_order_and_numbers_as_written),
        cmocka_unit_test(scrub_keeps_every_record_and_leaves_no_raw_worker_id),
        cmocka_unit_test(scrub_rewrites_only_the_replaced_bytes_of_a_string),
        cmocka_unit_test(scrub_replaces_each_whole_raw_id_once_and_none_inside_a_finding),
        cmocka_unit_test(scrub_redacts_a_found_value_wherever_the_record_repeats_it),
        cmocka_unit_test(scrub_holds_a_long_line_once_and_writes_its_unchanged_runs_from_it),
        cmocka_unit_test(scrub_fail_mode_stops_and_leaves_no_output_file),
        cmocka_unit_test(scrub_quarantine_mode_counts_and_keeps_the_bad_line),
        cmocka_unit_test(scrub_output_is_identical_for_any_number_of_jobs),
        cmocka_unit_test(stats_merge_of_shards_equals_one_run),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
