/* The profile behind `veil rules profile`: which row each PCRE2 call counts in, and the order. */
/* clang-format off: older cmocka needs these before <cmocka.h> */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/profile_internal.h"
#include "scrub/rules_internal.h"
#include "scrub/scrub.h"

#define FIXTURE "tests/fixtures/engine/basic.yaml"

static struct scrub_rules *
load(void)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    if (scrub_rules_load(&rs, FIXTURE, &err) < 0) {
        fail_msg("load failed: %s", err.msg);
    }
    return rs;
}

static const struct rule *
rule_named(const struct scrub_rules *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_rules; i++) {
        if (!strcmp(rs->rules[i].name, name)) {
            return &rs->rules[i];
        }
    }
    fail_msg("no rule %s", name);
    return NULL;
}

/* A pattern's UCP and ASCII codes are one row: calls, matches and time add up there. */
static void
calls_of_both_codes_of_a_pattern_add_up_in_its_row(void **state)
{
    struct scrub_rules *rs = load();
    struct scrub_profile *p = scrub_profile_new(rs);
    const struct rule_pattern *pat = &rule_named(rs, "email_address")->patterns[0];
    (void)state;

    assert_non_null(pat->code_ascii);
    profile_count(p, pat->code, 100, true);
    profile_count(p, pat->code_ascii, 50, false);
    profile_count(p, pat->code_ascii, 7, true);
    struct profile_row *r = profile_row_of(p, pat->code);
    assert_ptr_equal(r, profile_row_of(p, pat->code_ascii));
    assert_string_equal(r->rule, "email_address");
    assert_string_equal(r->pattern, "email");
    assert_int_equal(r->calls, 3);
    assert_int_equal(r->matches, 2);
    assert_int_equal(r->ns, 157);
    assert_int_equal(p->other.calls, 0);
    scrub_profile_free(p);
    scrub_rules_free(rs);
}

/* A code the rule set does not hold counts apart, never in some pattern's row. */
static void
an_unknown_code_counts_as_other(void **state)
{
    struct scrub_rules *rs = load();
    struct scrub_profile *p = scrub_profile_new(rs);
    int code;
    (void)state;

    profile_count(p, (const pcre2_code *)&code, 9, false);
    assert_int_equal(p->other.calls, 1);
    assert_int_equal(p->other.ns, 9);
    for (size_t i = 0; i < p->n_rows; i++) {
        assert_int_equal(p->rows[i].calls, 0);
    }
    scrub_profile_free(p);
    scrub_rules_free(rs);
}

/* Rows rank by time; equal times by calls, then in pack order. */
static void
rows_rank_by_time_then_calls_then_pack_order(void **state)
{
    struct scrub_rules *rs = load();
    struct scrub_profile *p = scrub_profile_new(rs);
    const pcre2_code *email = rule_named(rs, "email_address")->patterns[0].code;
    const pcre2_code *card = rule_named(rs, "card_number")->patterns[0].code;
    const pcre2_code *account = rule_named(rs, "account_number")->patterns[0].code;
    (void)state;

    profile_count(p, email, 10, false);
    profile_count(p, card, 30, false);
    profile_count(p, account, 5, false);
    profile_count(p, account, 5, false);
    size_t *order = profile_order(p);
    assert_ptr_equal(&p->rows[order[0]], profile_row_of(p, card));
    assert_ptr_equal(&p->rows[order[1]], profile_row_of(p, account));
    assert_ptr_equal(&p->rows[order[2]], profile_row_of(p, email));
    for (size_t i = 4; i < p->n_rows; i++) {
        assert_true(order[i - 1] < order[i]);
    }
    free(order);
    scrub_profile_free(p);
    scrub_rules_free(rs);
}

/* An engine given the profile counts every call it makes, and each text it detects in. */
static void
an_engine_with_a_profile_counts_its_calls_and_texts(void **state)
{
    struct scrub_rules *rs = load();
    struct scrub_profile *p = scrub_profile_new(rs);
    struct scrub_engine_opts opts = {.profile = p};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, &opts, &err);
    struct scrub_findings f;
    const char *text = "write to jane.doe@mail.org or bob@mail.org";
    (void)state;

    assert_non_null(e);
    scrub_findings_init(&f);
    assert_int_equal(scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err),
                     0);
    const struct profile_row *r =
        profile_row_of(p, rule_named(rs, "email_address")->patterns[0].code);
    assert_true(r->calls >= 3); /* two matches, then none */
    assert_int_equal(r->matches, 2);
    assert_int_equal(p->texts, 1);
    assert_int_equal(p->bytes, strlen(text));
    scrub_findings_release(&f);
    scrub_engine_free(e);
    scrub_profile_free(p);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calls_of_both_codes_of_a_pattern_add_up_in_its_row),
        cmocka_unit_test(an_unknown_code_counts_as_other),
        cmocka_unit_test(rows_rank_by_time_then_calls_then_pack_order),
        cmocka_unit_test(an_engine_with_a_profile_counts_its_calls_and_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
