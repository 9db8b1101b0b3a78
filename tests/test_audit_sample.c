/* Held-out sampling: reproducible, uniform, stratified, and its complement is the rest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "common/err.h"

struct fixture {
    char dir[64];
    char input[96], sheet[96], rest[96];
};

/* 40 "chat" and 10 "plain lm" records with ids 1..50. */
static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    FILE *fp;

    snprintf(f->dir, sizeof(f->dir), "/tmp/veil-test-sample-XXXXXX");
    if (!f || !mkdtemp(f->dir)) {
        return -1;
    }
    snprintf(f->input, sizeof(f->input), "%s/in.jsonl", f->dir);
    snprintf(f->sheet, sizeof(f->sheet), "%s/sheet.jsonl", f->dir);
    snprintf(f->rest, sizeof(f->rest), "%s/rest.jsonl", f->dir);
    fp = fopen(f->input, "w");
    for (int i = 1; i <= 50; i++) {
        fprintf(fp,
                "{\"id\": %d, \"model_type\": \"%s\", \"transcript\": \"text %d\", "
                "\"rating\": 2}\n",
                i, i % 5 == 0 ? "plain lm" : "chat", i);
    }
    fclose(fp);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->input);
    unlink(f->sheet);
    unlink(f->rest);
    rmdir(f->dir);
    free(f);
    return 0;
}

static char *
slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *s = calloc(1, 1 << 16);
    size_t n = fp ? fread(s, 1, (1 << 16) - 1, fp) : 0;
    if (fp) {
        fclose(fp);
    }
    s[n] = '\0';
    return s;
}

static size_t
count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p++) {
        n++;
    }
    return n;
}

static void
draw(struct fixture *f, uint64_t n, uint64_t seed, const char *stratify, bool rest)
{
    static const char *const fields[] = {"transcript"};
    struct audit_sample_opts o = {.input = f->input,
                                  .output = f->sheet,
                                  .complement = rest ? f->rest : NULL,
                                  .n = n,
                                  .seed = seed,
                                  .stratify = stratify,
                                  .fields = fields,
                                  .n_fields = 1};
    struct audit_sample_summary sum;
    struct err err;
    if (audit_sample(&o, &sum, &err) < 0) {
        fail_msg("%s", err.msg);
    }
    assert_int_equal(sum.records, 50);
}

static void
sample_is_reproducible_for_a_seed_and_changes_with_it(void **state)
{
    struct fixture *f = *state;

    draw(f, 10, 7, NULL, false);
    char *a = slurp(f->sheet);
    draw(f, 10, 7, NULL, false);
    char *b = slurp(f->sheet);
    draw(f, 10, 8, NULL, false);
    char *c = slurp(f->sheet);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    free(a);
    free(b);
    free(c);
}

static void
sample_writes_gold_lines_with_empty_spans(void **state)
{
    struct fixture *f = *state;

    draw(f, 10, 1, NULL, false);
    char *s = slurp(f->sheet);
    size_t lines = 0;
    for (char *line = s, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        struct audit_gold_record g;
        struct err err;
        if (audit_gold_parse("sheet", ++lines, (unsigned char *)line, (size_t)(nl - line), &g,
                             &err) < 0) {
            fail_msg("%s", err.msg);
        }
        assert_int_equal(g.n_spans, 0);
        assert_non_null(strstr(g.id, ":transcript"));
        audit_gold_record_release(&g);
    }
    assert_int_equal(lines, 10);
    free(s);
}

static void
sample_larger_than_the_input_takes_every_record(void **state)
{
    struct fixture *f = *state;

    draw(f, 500, 3, NULL, false);
    char *s = slurp(f->sheet);
    assert_int_equal(count(s, "\n"), 50);
    free(s);
}

static void
sample_stratified_is_proportional(void **state)
{
    struct fixture *f = *state;

    /* 40 chat, 10 plain lm: 10 draws split 8 and 2 */
    draw(f, 10, 5, "model_type", false);
    char *s = slurp(f->sheet);
    assert_int_equal(count(s, "\"stratum\":\"chat\""), 8);
    assert_int_equal(count(s, "\"stratum\":\"plain lm\""), 2);
    free(s);
}

static void
sample_complement_is_every_other_record(void **state)
{
    struct fixture *f = *state;

    draw(f, 10, 9, NULL, true);
    char *sheet = slurp(f->sheet), *rest = slurp(f->rest);
    assert_int_equal(count(rest, "\n"), 40);
    for (int i = 1; i <= 50; i++) {
        char in_sheet[32], in_rest[32];
        snprintf(in_sheet, sizeof(in_sheet), "\"id\":\"%d:transcript\"", i);
        snprintf(in_rest, sizeof(in_rest), "{\"id\": %d,", i);
        assert_int_equal(count(sheet, in_sheet) + count(rest, in_rest), 1);
    }
    free(sheet);
    free(rest);
}

/* 200 seeds x 5 of 50: each record is expected 20 times; a bias toward early or late lines
 * would push some far outside [5, 40]. Deterministic, since the keys are SHA-256. */
static void
sample_picks_every_record_about_equally_often(void **state)
{
    struct fixture *f = *state;
    int hits[51] = {0};

    for (uint64_t seed = 0; seed < 200; seed++) {
        draw(f, 5, seed, NULL, false);
        char *s = slurp(f->sheet);
        for (int i = 1; i <= 50; i++) {
            char id[32];
            snprintf(id, sizeof(id), "\"id\":\"%d:transcript\"", i);
            hits[i] += (int)count(s, id);
        }
        free(s);
    }
    for (int i = 1; i <= 50; i++) {
        assert_in_range(hits[i], 5, 40);
    }
}

static void
sample_names_a_malformed_line_whether_drawn_or_not(void **state)
{
    struct fixture *f = *state;
    struct audit_sample_opts o = {.input = f->input, .output = f->sheet, .n = 1, .seed = 1};
    struct audit_sample_summary sum;
    struct err err;
    FILE *fp = fopen(f->input, "w");

    fputs("{\"t\": \"a\"}\n{\"t\": \"b\"}\n{\"t\": jane}\n", fp);
    fclose(fp);
    assert_int_equal(audit_sample(&o, &sum, &err), -1);
    assert_non_null(strstr(err.msg, "in.jsonl:3: record 3: invalid JSON"));
    assert_null(strstr(err.msg, "jane"));
    assert_int_equal(access(f->sheet, F_OK), -1); /* no partial worksheet */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sample_is_reproducible_for_a_seed_and_changes_with_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(sample_writes_gold_lines_with_empty_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(sample_larger_than_the_input_takes_every_record, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sample_stratified_is_proportional, setup, teardown),
        cmocka_unit_test_setup_teardown(sample_complement_is_every_other_record, setup, teardown),
        cmocka_unit_test_setup_teardown(sample_names_a_malformed_line_whether_drawn_or_not, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sample_picks_every_record_about_equally_often, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
