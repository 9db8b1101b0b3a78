/* End to end over the fixture gold and pack, then each report format read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "audit/audit.h"
#include "common/err.h"
#include "scrub/scrub.h"

#define GOLD "tests/fixtures/audit/gold.jsonl"
#define PACK "tests/fixtures/audit/pack.yaml"

struct fixture {
    struct scrub_rules *rules;
    struct audit_report report;
    char dir[64], out[128];
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct err err;
    struct audit_score_opts o = {.gold_path = GOLD};

    snprintf(f->dir, sizeof(f->dir), "/tmp/veil-test-report-XXXXXX");
    if (!mkdtemp(f->dir) || scrub_rules_load(&f->rules, PACK, &err) < 0) {
        return -1;
    }
    o.rules = f->rules;
    if (audit_score_run(&o, &f->report, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->out);
    rmdir(f->dir);
    audit_report_release(&f->report);
    scrub_rules_free(f->rules);
    free(f);
    return 0;
}

static char *
slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *s = calloc(1, 1 << 17);
    size_t n = fp ? fread(s, 1, (1 << 17) - 1, fp) : 0;
    if (fp) {
        fclose(fp);
    }
    s[n] = '\0';
    return s;
}

/*
 * The fixture: 7 gold spans. Caught outright: the two plain e-mails, and both spans of the
 * record whose secret drops it (its person is never detected, yet nothing of it is published).
 * The accented e-mail keeps "zoë." (partial), the masked account keeps 4 digits (exact match,
 * still a leak), the other person is not detected at all. Leak 4/7, overlap 5/7 (the dropped
 * person overlaps nothing), exact 4/7 (the accented e-mail's prediction starts late);
 * 5 predictions, none outside gold.
 */
static void
score_run_counts_the_fixture_by_hand(void **state)
{
    struct fixture *f = *state;
    const struct audit_report *r = &f->report;

    assert_int_equal(r->records, 6);
    assert_int_equal(r->overall[AUDIT_RULE_LEAK].c.n, 7);
    assert_int_equal(r->overall[AUDIT_RULE_LEAK].c.tp, 4);
    assert_int_equal(r->overall[AUDIT_RULE_OVERLAP].c.tp, 5);
    assert_int_equal(r->overall[AUDIT_RULE_EXACT].c.tp, 4);
    assert_int_equal(r->overall[AUDIT_RULE_LEAK].c.predicted, 5);
    assert_int_equal(r->overall[AUDIT_RULE_LEAK].c.fp, 0);
    assert_int_equal(r->overall[AUDIT_RULE_EXACT].c.fp, 1);
    assert_int_equal(strlen(r->rules_digest), 64);
}

static void
score_run_reports_the_planted_miss_first_and_masked(void **state)
{
    struct fixture *f = *state;
    const struct audit_report *r = &f->report;

    assert_int_equal(r->n_missed, 3);
    assert_string_equal(r->misses[0].record_id, "g3");
    assert_string_equal(r->misses[0].type, "PERSON");
    assert_false(r->misses[0].touched);
    assert_int_equal(r->misses[0].chars, 21);
    assert_string_equal(r->misses[1].type, "ACCOUNT");
    assert_int_equal(r->misses[1].survived, 4);
}

static void
json_report_has_the_documented_shape(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_error_t je;

    snprintf(f->out, sizeof(f->out), "%s/audit.json", f->dir);
    assert_int_equal(audit_report_write_json(&f->report, f->out, &err), 0);
    json_t *root = json_load_file(f->out, 0, &je);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "records")), 6);
    static const char *const rules[] = {"leak", "overlap", "exact"};
    static const char *const keys[] = {
        "n", "tp", "fn", "fp", "recall", "recall_ci95", "precision", "precision_ci95", "f2"};
    for (size_t k = 0; k < 3; k++) {
        json_t *rule = json_object_get(root, rules[k]);
        json_t *overall = json_object_get(rule, "overall");
        json_t *email = json_object_get(json_object_get(rule, "per_type"), "EMAIL");
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            assert_non_null(json_object_get(overall, keys[i]));
            assert_non_null(json_object_get(email, keys[i]));
        }
        assert_int_equal(json_array_size(json_object_get(overall, "recall_ci95")), 2);
    }
    json_t *leak = json_object_get(root, "leak");
    double recall = json_real_value(json_object_get(json_object_get(leak, "overall"), "recall"));
    assert_true(recall > 0.5714 && recall < 0.5715); /* 4/7, printed to 6 significant digits */
    /* PERSON was never predicted: its precision is undefined, so null */
    json_t *person = json_object_get(json_object_get(leak, "per_type"), "PERSON");
    assert_true(json_is_null(json_object_get(person, "precision")));
    json_decref(root);
    char *text = slurp(f->out);
    assert_null(strstr(text, "Quentin")); /* misses are masked */
    free(text);
}

static void
markdown_report_defines_each_rule_and_masks_misses(void **state)
{
    struct fixture *f = *state;
    struct err err;

    snprintf(f->out, sizeof(f->out), "%s/audit.md", f->dir);
    assert_int_equal(audit_report_write_markdown(&f->report, f->out, &err), 0);
    char *md = slurp(f->out);
    assert_non_null(strstr(md, "## How matches are counted"));
    assert_non_null(strstr(md, "**leak** (the release gate)"));
    assert_non_null(strstr(md, "**overlap**"));
    assert_non_null(strstr(md, "**exact**"));
    assert_non_null(strstr(md, "| **all** | 7 | 4 | 3 | 0.571 [0.250, 0.842] |"));
    assert_non_null(strstr(md, "`[PERSON: 21 chars]`"));
    assert_null(strstr(md, "Quentin"));
    free(md);
}

static void
svg_report_draws_one_bar_per_gold_type_plus_overall(void **state)
{
    struct fixture *f = *state;
    struct err err;

    snprintf(f->out, sizeof(f->out), "%s/audit.svg", f->dir);
    assert_int_equal(audit_report_write_svg(&f->report, f->out, &err), 0);
    char *svg = slurp(f->out);
    assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
    assert_non_null(strstr(svg, "</svg>\n"));
    size_t groups = 0;
    for (const char *p = svg; (p = strstr(p, "<g>")); p++) {
        groups++;
    }
    assert_int_equal(groups, 5); /* all, ACCOUNT, EMAIL, PERSON, SECRET */
    assert_non_null(strstr(svg, ">PERSON</text>"));
    free(svg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(score_run_counts_the_fixture_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(score_run_reports_the_planted_miss_first_and_masked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(json_report_has_the_documented_shape, setup, teardown),
        cmocka_unit_test_setup_teardown(markdown_report_defines_each_rule_and_masks_misses, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(svg_report_draws_one_bar_per_gold_type_plus_overall, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
