/*
 * The right context of a regex (scrub/regex_right.c): where its `pii` group starts and the bytes
 * it can start with. A window is skipped on it without a PCRE2 call, so it must hold for every
 * match: the readings of typical cue-then-value patterns, the constructs it refuses, and every
 * match of every shipped pattern on every rule's examples.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/rules_internal.h"

#include "common/banned.h"

#define BASE (PCRE2_UTF | PCRE2_UCP)

static bool
has(const uint64_t first[4], unsigned char c)
{
    return first[c / 64] >> (c % 64) & 1;
}

/* regex_right_context without the regex before the value. */
static bool
right_context(const char *src, uint32_t options, size_t *least, uint64_t first[4])
{
    char *before;
    bool ok = regex_right_context(src, options, &before, least, first);

    free(before);
    return ok;
}

static void
a_capitalised_value_after_a_cue_starts_on_a_capital(void **state)
{
    const char *src =
        "(?i:\\bi[ \\t]+am[ \\t]+)(?<pii>(?!(?:The|And)\\b)(?:O['’])?\\p{Lu}\\p{Ll}+)";
    size_t least;
    char *before;
    uint64_t first[4];

    (void)state;
    assert_true(regex_right_context(src, BASE, &before, &least, first));
    assert_string_equal(before, "(?i:\\bi[ \\t]+am[ \\t]+)");
    free(before);
    assert_int_equal(least, 5); /* "i am " */
    assert_true(has(first, 'A') && has(first, 'O') && has(first, 'Z') && has(first, 0xC3));
    assert_false(has(first, 'a') || has(first, 'g') || has(first, ' ') || has(first, '0'));
}

static void
optional_items_add_their_bytes_and_caseless_adds_the_other_case(void **state)
{
    size_t least;
    char *before;
    uint64_t first[4];

    (void)state;
    assert_true(regex_right_context("x(?<pii>[0-9]?[a-c]d)", BASE, &before, &least, first));
    assert_string_equal(before, "x");
    free(before);
    assert_int_equal(least, 1);
    assert_true(has(first, '5') && has(first, 'b'));
    assert_false(has(first, 'd') || has(first, 'B'));
    assert_true(right_context("x(?<pii>(?i:q)|\\.)", BASE, &least, first));
    assert_true(has(first, 'q') && has(first, 'Q') && has(first, '.'));
    assert_false(has(first, 'x'));
    assert_true(right_context("(?<pii>[A-C])", BASE | PCRE2_CASELESS, &least, first));
    assert_true(has(first, 'b') && has(first, 'B'));
    /* \p{Lu} is not widened by caseless matching in PCRE2 */
    assert_true(right_context("(?<pii>\\p{Lu})", BASE | PCRE2_CASELESS, &least, first));
    assert_false(has(first, 'b'));
    /* an option turned off for a group is an option, not a relative call */
    assert_true(right_context("(?i:no[ \\t]+)(?<pii>(?-i:[a-z])\\d)", BASE | PCRE2_CASELESS, &least,
                              first));
    assert_true(has(first, 'q'));
    assert_false(has(first, 'Q') || has(first, '5'));
    assert_int_equal(least, 3);
}

static void
what_it_cannot_follow_gives_no_context(void **state)
{
    static const char *const refused[] = {
        "(?<pii>a)|b",           /* top-level alternation */
        "a(?<pii>b*)",           /* the value can be empty */
        "(a)(?<pii>\\1)",        /* a back reference */
        "(?i)a(?<pii>b)",        /* an option that lasts into the value */
        "a(?<pii>(?(1)b|c))",    /* a conditional */
        "a(?<pii>\\Qb\\E)",      /* quoting */
        "(?<x>a)(?<pii>\\k<x>)", /* a named back reference */
        "(a)(?<pii>(?-1))",      /* a relative subroutine call */
        "(?<pii>(?+1))(a)",      /* and one forward */
        "(?:a(?<pii>b))",        /* not at the top level */
        "abc",                   /* no value group */
        "a(?<pii>{b)",           /* a brace PCRE2 reads as a literal */
    };
    size_t least;
    uint64_t first[4];

    (void)state;
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        assert_false(right_context(refused[i], BASE, &least, first));
    }
    assert_false(right_context("a(?<pii>b)", BASE | PCRE2_EXTENDED, &least, first));
}

/* Every match of src in text: its pii group starts on a byte of first, least or more bytes in. */
static size_t
check_matches(const char *src, uint32_t options, size_t least, const uint64_t first[4],
              const char *text)
{
    int code_err;
    PCRE2_SIZE offset, len = strlen(text), at = 0;
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code_err, &offset, NULL);
    size_t n = 0;

    assert_non_null(code);
    uint32_t group = (uint32_t)pcre2_substring_number_from_name(code, (PCRE2_SPTR) "pii");
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    while (at <= len && pcre2_match(code, (PCRE2_SPTR)text, len, at, 0, md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (ov[2 * group] != PCRE2_UNSET) {
            assert_true(ov[2 * group] - ov[0] >= least);
            assert_true(ov[2 * group] < len);
            assert_true(has(first, (unsigned char)text[ov[2 * group]]));
            n++;
        }
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80) {
            at++;
        }
    }
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return n;
}

static void
extended_mode_and_called_groups_are_read_as_written_out(void **state)
{
    static const char *const refused[] = {
        "(?x) a (?-x: b ) (?<pii> c )",            /* extended mode turned off */
        "(?x) a{1, 3} (?<pii> c )",                /* a brace read differently by versions */
        "(?<pii>(?&w))(?(DEFINE)(?<w>a(?&w)?))",   /* a recursive call */
        "(?i:(?<w>a))b(?<pii>(?&w))",              /* defined under options of its own */
        "a(?<pii>(?&w))(?(DEFINE)(?<w>b)(?<w>c))", /* defined twice */
        "a(?<pii>(?&v))(?(DEFINE)(?<w>b))",        /* not defined */
    };
    const char *src =
        "(?x) (?i: this | that ) [ \\t]+ # the cue, then ( a name\n"
        "  (?<pii> (?&w) (?: [ \\t]+ (?&w) )? )\n"
        "  (?(DEFINE) (?<w> (?! (?&stop) \\b ) \\p{Lu} \\p{Ll}+ ) (?<stop> Mr | Dr ) )";
    size_t least;
    char *before;
    uint64_t first[4];

    (void)state;
    assert_true(regex_right_context(src, BASE, &before, &least, first));
    assert_string_equal(before, "(?i:this|that)[ \\t]+");
    free(before);
    assert_int_equal(least, 5);
    assert_true(has(first, 'K') && has(first, 0xC3));
    assert_false(has(first, 'k') || has(first, ' ') || has(first, 't'));
    assert_int_equal(check_matches(src, BASE, least, first, "this Kabir person, that Ana Li guy"),
                     2);
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        assert_false(right_context(refused[i], BASE, &least, first));
    }
}

static void
shipped_patterns_start_their_value_where_their_context_says(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    size_t with_context = 0, matches = 0;

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        uint32_t options = BASE | rule_regex_options(r);
        for (size_t k = 0; k < r->n_patterns; k++) {
            const char *src = r->patterns[k].source;
            size_t least;
            uint64_t first[4];
            if (!right_context(src, options, &least, first)) {
                continue;
            }
            with_context++;
            for (size_t e = 0; e < r->tests_match.n; e++) {
                matches += check_matches(src, options, least, first, r->tests_match.v[e]);
                matches += check_matches(src, options & ~(uint32_t)PCRE2_UCP, least, first,
                                         r->tests_match.v[e]);
            }
        }
    }
    print_message("%zu shipped patterns with a right context, %zu matches checked\n", with_context,
                  matches);
    assert_true(with_context > 100);
    assert_true(matches > with_context);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_capitalised_value_after_a_cue_starts_on_a_capital),
        cmocka_unit_test(optional_items_add_their_bytes_and_caseless_adds_the_other_case),
        cmocka_unit_test(what_it_cannot_follow_gives_no_context),
        cmocka_unit_test(extended_mode_and_called_groups_are_read_as_written_out),
        cmocka_unit_test(shipped_patterns_start_their_value_where_their_context_says),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
