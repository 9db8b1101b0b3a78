/* Scoring math on small cases worked out by hand (the expected numbers are in the comments). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "common/err.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 5e-5)

static void
wilson_matches_published_values_for_8_of_10(void **state)
{
    double lo, hi;
    (void)state;
    /* Newcombe (1998), method 3: 8/10 -> 0.4902 to 0.9433. */
    audit_wilson95(8, 10, &lo, &hi);
    NEAR(lo, 0.4902);
    NEAR(hi, 0.9433);
}

static void
wilson_is_exactly_zero_or_one_at_the_edges(void **state)
{
    double lo, hi;
    (void)state;
    audit_wilson95(0, 10, &lo, &hi); /* 0/10 -> [0, 0.2775] */
    assert_true(lo == 0.0);
    NEAR(hi, 0.2775);
    audit_wilson95(10, 10, &lo, &hi); /* 10/10 -> [0.7225, 1] */
    NEAR(lo, 0.7225);
    assert_true(hi == 1.0);
    audit_wilson95(1, 1, &lo, &hi); /* 1/1 -> [0.2065, 1] */
    NEAR(lo, 0.2065);
    assert_true(hi == 1.0);
}

static void
wilson_with_no_trials_is_the_whole_unit_interval(void **state)
{
    double lo, hi;
    (void)state;
    audit_wilson95(0, 0, &lo, &hi);
    assert_true(lo == 0.0 && hi == 1.0);
}

static void
metrics_give_recall_precision_and_f2(void **state)
{
    /* recall 3/4, precision 4/5, F2 = 5 * 0.8 * 0.75 / (3.2 + 0.75) = 0.759494 */
    struct audit_counts c = {.n = 4, .tp = 3, .fn = 1, .predicted = 5, .fp = 1};
    struct audit_metrics m;
    (void)state;
    audit_metrics_from_counts(&c, &m);
    NEAR(m.recall, 0.75);
    NEAR(m.precision, 0.8);
    NEAR(m.f2, 0.759494);
    double lo, hi;
    audit_wilson95(3, 4, &lo, &hi);
    NEAR(m.recall_ci[0], lo);
    NEAR(m.recall_ci[1], hi);
}

static void
metrics_of_an_empty_type_are_undefined_not_zero(void **state)
{
    struct audit_counts c = {0};
    struct audit_metrics m;
    (void)state;
    audit_metrics_from_counts(&c, &m);
    assert_true(isnan(m.recall));
    assert_true(isnan(m.precision));
    assert_true(isnan(m.f2));
    assert_true(m.recall_ci[0] == 0.0 && m.recall_ci[1] == 1.0);
    assert_true(m.precision_ci[0] == 0.0 && m.precision_ci[1] == 1.0);
}

static void
metrics_with_nothing_right_have_zero_f2(void **state)
{
    struct audit_counts c = {.n = 2, .tp = 0, .fn = 2, .predicted = 3, .fp = 3};
    struct audit_metrics m;
    (void)state;
    audit_metrics_from_counts(&c, &m);
    assert_true(m.recall == 0.0 && m.precision == 0.0 && m.f2 == 0.0);
}

/* ---- the scorer ---- */

#define SAMPLE_LEN 34 /* strlen("mail bob@x.io or call 555 1234 now") */

/* Gold: EMAIL over "bob@x.io" (5-13) and PHONE over "555 1234" (22-30). */
static struct audit_gold_record
parse_gold(const char *json)
{
    struct audit_gold_record g;
    struct err err;
    if (audit_gold_parse("gold.jsonl", 7, (const unsigned char *)json, strlen(json), &g, &err) <
        0) {
        fail_msg("%s", err.msg);
    }
    return g;
}

static struct audit_gold_record
sample_gold(void)
{
    return parse_gold("{\"id\": \"r1\", \"text\": \"mail bob@x.io or call 555 1234 now\", "
                      "\"spans\": [{\"type\": \"PHONE\", \"start\": 22, \"end\": 30}, "
                      "{\"type\": \"EMAIL\", \"start\": 5, \"end\": 13, \"value\": "
                      "\"bob@x.io\"}]}");
}

static const struct audit_metrics *
type_metrics(const struct audit_report *r, const char *type, enum audit_rule rule)
{
    for (size_t i = 0; i < r->n_types; i++) {
        if (!strcmp(r->types[i].type, type)) {
            return &r->types[i].rule[rule];
        }
    }
    fail_msg("type %s not in report", type);
    return NULL;
}

/*
 * Predictions: EMAIL exactly, PHONE only over "555 " (so "1234" survives), and a spurious
 * PERSON over "mail". Kept ranges are everything not predicted.
 */
static void
scorer_counts_a_partial_redaction_as_a_leak_but_an_overlap_hit(void **state)
{
    struct audit_gold_record g = sample_gold();
    struct audit_span pred[] = {{"PERSON", 0, 4}, {"EMAIL", 5, 13}, {"PHONE", 22, 26}};
    struct audit_range kept[] = {{4, 5}, {13, 22}, {26, SAMPLE_LEN}};
    struct audit_scorer *s = audit_scorer_new();
    struct audit_report r;
    (void)state;

    audit_scorer_add(s, &g, pred, 3, kept, 3);
    audit_scorer_report(s, &r);
    assert_int_equal(r.records, 1);
    /* leak: EMAIL caught, PHONE leaked; PERSON is the one false positive */
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.n, 2);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.tp, 1);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.fn, 1);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.predicted, 3);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.fp, 1);
    /* overlap: both caught */
    assert_int_equal(r.overall[AUDIT_RULE_OVERLAP].c.tp, 2);
    assert_int_equal(r.overall[AUDIT_RULE_OVERLAP].c.fp, 1);
    /* exact: only EMAIL; the short PHONE prediction is a false positive too */
    assert_int_equal(r.overall[AUDIT_RULE_EXACT].c.tp, 1);
    assert_int_equal(r.overall[AUDIT_RULE_EXACT].c.fp, 2);
    NEAR(r.overall[AUDIT_RULE_LEAK].recall, 0.5);
    NEAR(r.overall[AUDIT_RULE_LEAK].precision, 2.0 / 3.0);

    assert_int_equal(r.n_types, 3);
    assert_string_equal(r.types[0].type, "EMAIL"); /* sorted by name */
    assert_string_equal(r.types[2].type, "PHONE");
    NEAR(type_metrics(&r, "EMAIL", AUDIT_RULE_LEAK)->recall, 1.0);
    NEAR(type_metrics(&r, "PHONE", AUDIT_RULE_LEAK)->recall, 0.0);
    const struct audit_metrics *person = type_metrics(&r, "PERSON", AUDIT_RULE_LEAK);
    assert_int_equal(person->c.n, 0);
    assert_true(isnan(person->recall));
    NEAR(person->precision, 0.0);

    assert_int_equal(r.n_missed, 1);
    assert_int_equal(r.n_misses, 1);
    assert_string_equal(r.misses[0].type, "PHONE");
    assert_string_equal(r.misses[0].record_id, "r1");
    assert_int_equal(r.misses[0].line, 7);
    assert_int_equal(r.misses[0].chars, 8);
    assert_int_equal(r.misses[0].alnum, 7);
    assert_int_equal(r.misses[0].survived, 4);
    assert_true(r.misses[0].touched);
    audit_report_release(&r);
    audit_scorer_free(s);
    audit_gold_record_release(&g);
}

static void
scorer_lists_a_value_redacted_under_another_label_as_confusion_not_a_miss(void **state)
{
    struct audit_gold_record g = sample_gold();
    struct audit_span pred[] = {{"EMAIL", 5, 13}, {"NATIONAL_ID", 22, 30}};
    struct audit_range kept[] = {{0, 5}, {13, 22}, {30, SAMPLE_LEN}};
    struct audit_scorer *s = audit_scorer_new();
    struct audit_report r;
    (void)state;

    audit_scorer_add(s, &g, pred, 2, kept, 3);
    audit_scorer_report(s, &r);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.tp, 2);
    assert_int_equal(r.overall[AUDIT_RULE_EXACT].c.tp, 2);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.fp, 0);
    assert_int_equal(r.n_confusion, 1);
    assert_string_equal(r.confusion[0].gold_type, "PHONE");
    assert_string_equal(r.confusion[0].predicted_type, "NATIONAL_ID");
    assert_int_equal(r.confusion[0].count, 1);
    assert_int_equal(r.n_missed, 0);
    audit_report_release(&r);
    audit_scorer_free(s);
    audit_gold_record_release(&g);
}

static void
scorer_counts_a_mask_that_keeps_digits_as_a_leak(void **state)
{
    struct audit_gold_record g = sample_gold();
    /* Both predicted exactly, but the phone's replacement keeps "34" in place. */
    struct audit_span pred[] = {{"EMAIL", 5, 13}, {"PHONE", 22, 30}};
    struct audit_range kept[] = {{0, 5}, {13, 22}, {28, SAMPLE_LEN}};
    struct audit_scorer *s = audit_scorer_new();
    struct audit_report r;
    (void)state;

    audit_scorer_add(s, &g, pred, 2, kept, 3);
    audit_scorer_report(s, &r);
    assert_int_equal(r.overall[AUDIT_RULE_EXACT].c.tp, 2);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.tp, 1);
    assert_int_equal(r.misses[0].survived, 2);
    audit_report_release(&r);
    audit_scorer_free(s);
    audit_gold_record_release(&g);
}

static void
scorer_ranks_untouched_misses_before_partial_ones(void **state)
{
    struct audit_gold_record g = parse_gold(
        "{\"text\": \"Zoë Ng and Al Bo\", \"spans\": [{\"type\": \"PERSON\", \"start\": 0, "
        "\"end\": 7}, {\"type\": \"PERSON\", \"start\": 12, \"end\": 17}]}");
    /* "Zoë" redacted, "Ng" left; "Al Bo" left entirely. */
    struct audit_span pred[] = {{"PERSON", 0, 4}};
    struct audit_range kept[] = {{4, 17}};
    struct audit_scorer *s = audit_scorer_new();
    struct audit_report r;
    (void)state;

    audit_scorer_add(s, &g, pred, 1, kept, 1);
    audit_scorer_report(s, &r);
    assert_int_equal(r.n_missed, 2);
    assert_int_equal(r.misses[0].start, 12);
    assert_false(r.misses[0].touched);
    assert_int_equal(r.misses[0].alnum, 4);
    assert_int_equal(r.misses[1].start, 0);
    assert_true(r.misses[1].touched);
    assert_int_equal(r.misses[1].chars, 6); /* Z o ë space N g */
    assert_int_equal(r.misses[1].alnum, 5);
    assert_int_equal(r.misses[1].survived, 2);
    audit_report_release(&r);
    audit_scorer_free(s);
    audit_gold_record_release(&g);
}

/*
 * "555\u200b１２" (bytes 5-17): the zero-width space (bytes 8-11) carries nothing, a fullwidth
 * digit (3 bytes each) is a digit all the same.
 */
static void
scorer_ignores_invisible_characters_but_not_fullwidth_digits(void **state)
{
    struct audit_gold_record g = parse_gold(
        "{\"text\": \"call 555\\u200b\\uff11\\uff12\", \"spans\": [{\"type\": \"PHONE\", "
        "\"start\": 5, \"end\": 17}]}");
    struct audit_range zwsp_left[] = {{8, 11}};
    struct audit_range digit_left[] = {{14, 17}};
    struct audit_scorer *s = audit_scorer_new();
    struct audit_report r;
    (void)state;

    assert_int_equal(g.len, 17);
    audit_scorer_add(s, &g, NULL, 0, zwsp_left, 1);
    audit_scorer_add(s, &g, NULL, 0, digit_left, 1);
    audit_scorer_report(s, &r);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.n, 2);
    assert_int_equal(r.overall[AUDIT_RULE_LEAK].c.tp, 1);
    assert_int_equal(r.misses[0].alnum, 5);
    assert_int_equal(r.misses[0].survived, 1);
    assert_int_equal(r.misses[0].chars, 6);
    audit_report_release(&r);
    audit_scorer_free(s);
    audit_gold_record_release(&g);
}

static void
scorer_with_no_records_reports_undefined_recall(void **state)
{
    struct audit_scorer *s = audit_scorer_new();
    struct audit_report r;
    (void)state;

    audit_scorer_report(s, &r);
    assert_int_equal(r.records, 0);
    assert_int_equal(r.n_types, 0);
    assert_true(isnan(r.overall[AUDIT_RULE_LEAK].recall));
    assert_true(r.overall[AUDIT_RULE_LEAK].recall_ci[0] == 0.0);
    audit_report_release(&r);
    audit_scorer_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_matches_published_values_for_8_of_10),
        cmocka_unit_test(wilson_is_exactly_zero_or_one_at_the_edges),
        cmocka_unit_test(wilson_with_no_trials_is_the_whole_unit_interval),
        cmocka_unit_test(metrics_give_recall_precision_and_f2),
        cmocka_unit_test(metrics_of_an_empty_type_are_undefined_not_zero),
        cmocka_unit_test(metrics_with_nothing_right_have_zero_f2),
        cmocka_unit_test(scorer_counts_a_partial_redaction_as_a_leak_but_an_overlap_hit),
        cmocka_unit_test(scorer_lists_a_value_redacted_under_another_label_as_confusion_not_a_miss),
        cmocka_unit_test(scorer_counts_a_mask_that_keeps_digits_as_a_leak),
        cmocka_unit_test(scorer_ranks_untouched_misses_before_partial_ones),
        cmocka_unit_test(scorer_ignores_invisible_characters_but_not_fullwidth_digits),
        cmocka_unit_test(scorer_with_no_records_reports_undefined_recall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
