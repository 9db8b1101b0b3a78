/*
 * Factoring alternations (scrub/regex_factor.c) must never change a match: the rewrites it makes,
 * the constructs it leaves alone, and random and shipped patterns compared match for match
 * (every match's captures) with the patterns as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "scrub/rules_internal.h"

#include "common/banned.h"

#define BASE (PCRE2_UTF | PCRE2_UCP)

/*
 * Sanitizers slow the rewrite several times over: fewer random patterns keep make check quick.
 * They instrument regex_factor and rules_compile_factored, not PCRE2's matching, so the SAN build
 * still factors and compiles every shipped pattern but compares their matches on every
 * EXAMPLE_STRIDE-th example only (each rule's examples are consecutive, so every pack file keeps
 * some); the plain build compares them on all examples, and runs the comparison of PCRE2 with
 * itself (start shortcuts on and off), which runs no veil code.
 */
#if defined(__SANITIZE_ADDRESS__)
#define RANDOM_PATTERNS  2000
#define EXAMPLE_STRIDE   8
#define PCRE2_ONLY_TESTS 0
#else
#define RANDOM_PATTERNS  6000
#define EXAMPLE_STRIDE   1
#define PCRE2_ONLY_TESTS 1
#endif

/* What regex_factor makes of src ("=" when it leaves it alone). */
static void
assert_factored(const char *src, uint32_t options, const char *want)
{
    char *got = regex_factor(src, options);

    if (!strcmp(want, "=")) {
        if (got) {
            fail_msg("%s: rewritten to %s, expected as is", src, got);
        }
        return;
    }
    if (!got) {
        fail_msg("%s: left as is, expected %s", src, want);
    }
    assert_string_equal(got, want);
    free(got);
}

static void
alternatives_are_grouped_by_first_character_keeping_their_order(void **state)
{
    (void)state;
    assert_factored("(?:The|They|And)", 0, "(?:The(?:|y)|And)");
    assert_factored("(?:Mr|Mrs|Ms|Dr)", 0, "(?:M(?:r(?:|s)|s)|Dr)");
    assert_factored("x(?:ab|cd|ac)y", 0, "x(?:a(?:b|c)|cd)y");
    assert_factored("ab|cd|ac", 0, "a(?:b|c)|cd");
    assert_factored("(?:a\\.b|a\\.c)", 0, "(?:a\\.(?:b|c))");
    assert_factored("(?:ée|éa)", 0, "(?:é(?:e|a))");
    assert_factored("(?:ab|cd)", 0, "=");
}

static void
caseless_letters_share_a_branch_and_caseless_non_ascii_is_a_barrier(void **state)
{
    (void)state;
    assert_factored("(?:abc|Abd)", PCRE2_CASELESS, "(?:ab(?:c|d))");
    assert_factored("(?i:abc|Abd)", 0, "(?i:ab(?:c|d))");
    assert_factored("(?:abc|Abd)", 0, "=");
    assert_factored("(?:éa|éb)", PCRE2_CASELESS, "=");
    assert_factored("(?i:x(?-i:ab|Ab|ac))", 0, "(?i:x(?-i:a(?:b|c)|Ab))");
}

static void
alternatives_do_not_move_across_a_barrier(void **state)
{
    (void)state;
    assert_factored("(?:ab|\\dx|ac)", 0, "=");
    assert_factored("(?:ab|[a]x|ac)", 0, "=");
    assert_factored("(?:ab||ac)", 0, "=");
    assert_factored("(?:ab|ac|\\dx|ad|ae)", 0, "(?:a(?:b|c)|\\dx|a(?:d|e))");
    /* A quantified character is not part of the shared prefix. */
    assert_factored("(?:ab?|ac)", 0, "(?:a(?:b?|c))");
    assert_factored("(?:ab{2}|ac)", 0, "(?:a(?:b{2}|c))");
}

/* Extended mode: white space and comments between literals go, the rest is copied as written. */
static void
extended_mode_skips_white_space_and_comments(void **state)
{
    (void)state;
    assert_factored("(?:ab|ac)", PCRE2_EXTENDED, "(?:a(?:b|c))");
    assert_factored("(?x)(?: a b # one | two\n | a c # three\n )", 0, "(?x)(?:a(?:b|c))");
    assert_factored("(?x:a b|a c)", 0, "(?x:a(?:b|c))");
    /* A quantifier after white space still applies to the character before it. */
    assert_factored("(?x)(?:ab +|ac)", 0, "(?x)(?:a(?:b +|c))");
    /* A comment that ends the pattern gets a newline when it moves, so that nothing written after
     * it is lost. */
    assert_factored("(?x:ab|x|a\\d #c", 0, "=");
    assert_factored("(?x)ab|x|a\\d #c", 0, "(?x)ab|x|a\\d #c\n"); /* (?x) here: not factored */
    assert_factored("ab|x|a\\d #c", PCRE2_EXTENDED, "a(?:b|\\d #c\n)|x");
    /* Unicode pattern white space (U+200E here) is not read: the pattern stays as written. */
    assert_factored("(?x)(?:\xe2\x80\x8e"
                    "ab|ac)",
                    0, "=");
    assert_factored("(?:\xe2\x80\x8e"
                    "ab|\xe2\x80\x8e"
                    "ac)",
                    0,
                    "(?:\xe2\x80\x8e"
                    "a(?:b|c))");
}

static void
groups_that_capture_set_options_or_look_behind_are_left_alone(void **state)
{
    (void)state;
    assert_factored("(?:(a)b|(a)c)", 0, "=");
    assert_factored("(?:a(?<n>b)|ac)", 0, "=");
    assert_factored("(?<n>ab|ac)", 0, "(?<n>a(?:b|c))");
    assert_factored("(?:a(?i)b|ac)", 0, "=");
    assert_factored("(?<=ab|ac)x", 0, "=");
    assert_factored("(?<!ab|ac)x", 0, "=");
    assert_factored("(?<*ab|ac)x", 0, "=");
    assert_factored("(?*ab|ac)x", 0, "=");
    assert_factored("(?'n'ab|ac)", 0, "(?'n'a(?:b|c))");
    assert_factored("(?P<n>ab|ac)", 0, "(?P<n>a(?:b|c))");
    assert_factored("(?|ab|ac)", 0, "=");
    assert_factored("(?(?=a)ab|ac)", 0, "=");
    assert_factored("(?xx)(?:ab|ac)", 0, "=");
    assert_factored("(?:ab|ac)", PCRE2_EXTENDED_MORE, "=");
    assert_factored("\\Q(?:ab|ac)\\E", 0, "=");
    assert_factored("(*UTF)(?:ab|ac)", 0, "=");
    assert_factored("(?#c)(?:ab|ac)", 0, "=");
    assert_factored("(?:ab|ac", 0, "=");
    assert_factored("(?:ab|ac))", 0, "=");
}

/* ---- the same matches as written ---- */

/*
 * JIT-compiled where PCRE2 can (as the engine runs them): the comparisons below make millions of
 * match calls, several times faster than the interpreter's. A regex the JIT refuses is
 * interpreted; either way both sides of a comparison are compiled alike.
 */
static pcre2_code *
jit(pcre2_code *c)
{
    if (c) {
        (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    }
    return c;
}

static pcre2_code *
compile(const char *src, uint32_t options)
{
    int code;
    PCRE2_SIZE offset;

    return jit(
        pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code, &offset, NULL));
}

/*
 * Every match of a and b on subject, from the start and then from each match's end, with every
 * capture. Stops quietly at a match limit, which the two may reach at different points.
 */
static void
assert_same_matches(const pcre2_code *a, const pcre2_code *b, const char *what,
                    const unsigned char *subject, size_t len)
{
    pcre2_match_data *ma = pcre2_match_data_create_from_pattern(a, NULL);
    pcre2_match_data *mb = pcre2_match_data_create_from_pattern(b, NULL);
    pcre2_match_context *ctx = pcre2_match_context_create(NULL);
    size_t pos = 0;

    pcre2_set_match_limit(ctx, 200000);
    while (pos <= len) {
        int ra = pcre2_match(a, subject, len, pos, 0, ma, ctx);
        int rb = pcre2_match(b, subject, len, pos, 0, mb, ctx);
        if (ra == PCRE2_ERROR_MATCHLIMIT || rb == PCRE2_ERROR_MATCHLIMIT) {
            break;
        }
        if (ra != rb) {
            fail_msg("%s: %d against %d at %zu of \"%.*s\"", what, ra, rb, pos, (int)len,
                     (const char *)subject);
        }
        if (ra <= 0) {
            break;
        }
        PCRE2_SIZE *oa = pcre2_get_ovector_pointer(ma), *ob = pcre2_get_ovector_pointer(mb);
        for (int k = 0; k < 2 * ra; k++) {
            if (oa[k] != ob[k]) {
                fail_msg("%s: capture %d differs at %zu of \"%.*s\"", what, k / 2, pos, (int)len,
                         (const char *)subject);
            }
        }
        pos = oa[1] > pos ? oa[1] : pos + 1;
        while (pos < len && (subject[pos] & 0xC0) == 0x80) {
            pos++;
        }
    }
    pcre2_match_context_free(ctx);
    pcre2_match_data_free(ma);
    pcre2_match_data_free(mb);
}

/*
 * Compile src as written and as the engine does (rules_compile_factored) and compare them on each
 * subject; false when regex_factor leaves src alone.
 */
static bool
compare_on(const char *src, uint32_t options, const char *const *subjects, size_t n)
{
    pcre2_code *a = compile(src, options), *b;
    char *factored;
    int code;
    PCRE2_SIZE offset;

    if (!a) {
        return false;
    }
    factored = regex_factor(src, options);
    if (!factored) {
        pcre2_code_free(a);
        return false;
    }
    b = jit(rules_compile_factored(src, options, &code, &offset));
    if (!b) {
        fail_msg("%s: compiles as written, not as the engine compiles it", src);
    }
    for (size_t i = 0; i < n; i++) {
        assert_same_matches(a, b, src, (const unsigned char *)subjects[i], strlen(subjects[i]));
    }
    pcre2_code_free(a);
    pcre2_code_free(b);
    free(factored);
    return true;
}

/* PCRE2 10.42 misses a match of "(?=a<)(?:b?aa|a)" (not of the same regex as "(?:a|b?aa)"): the
 * factored form is kept only when PCRE2 plans the same shortcuts as for the regex as written. */
static void
a_factored_form_that_pcre2_plans_differently_is_not_used(void **state)
{
    const char *subjects[] = {"xaaaa<e", "xa<e", "xaaa|a<e"};

    (void)state;
    assert_true(compare_on("(?=a<)(?:<?aa|a|a<e)", 0, subjects, 3));
    assert_true(compare_on("(?=a<)(<?aaaa|a|a<e)", PCRE2_UTF | PCRE2_UCP, subjects, 3));
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned
pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Characters that collide in interesting ways: cases, the Kelvin sign (k), long s (s), é/É. */
static const char *const letters[] = {
    "a", "b", "A", "B", "k", "K", "\xe2\x84\xaa", "s", "S", "\xc5\xbf", "\xc3\xa9", "\xc3\x89"};
#define N_LETTERS (sizeof(letters) / sizeof(letters[0]))

/* Letters that match one another caselessly: a A, b B, k K and the Kelvin sign, s S and long s,
 * é É. */
static const char *const *
fold_set(const char *c)
{
    static const char *const sets[][4] = {
        {"a", "A", NULL, NULL},
        {"b", "B", NULL, NULL},
        {"k", "K", "\xe2\x84\xaa", NULL},
        {"s", "S", "\xc5\xbf", NULL},
        {"\xc3\xa9", "\xc3\x89", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
        for (size_t k = 0; sets[i][k]; k++) {
            if (!strncmp(c, sets[i][k], strlen(sets[i][k]))) {
                return sets[i];
            }
        }
    }
    return NULL;
}

static size_t
letter_len(const char *c)
{
    const char *const *set = fold_set(c);

    for (size_t k = 0; set && set[k]; k++) {
        if (!strncmp(c, set[k], strlen(set[k]))) {
            return strlen(set[k]);
        }
    }
    return 1;
}

static const char *
other_case(const char *c)
{
    const char *const *set = fold_set(c);
    size_t n = 0;

    while (set && set[n]) {
        n++;
    }
    return n ? set[pick((unsigned)n)] : "a";
}

static void
random_word(struct buf *b, unsigned max)
{
    unsigned n = pick(max + 1);

    for (unsigned i = 0; i < n; i++) {
        (void)buf_append_str(b, letters[pick(4) ? pick(5) : pick(N_LETTERS)], NULL);
    }
}

static void random_regex(struct buf *b, unsigned depth);

/* One item: a letter (maybe quantified), a class, an escape, or a group. */
static void
random_item(struct buf *b, unsigned depth)
{
    static const char *const atoms[] = {"[ab]",  "\\d",    ".",          "\\.",  "\\b",  "(?=a)",
                                        "(?!b)", "(?<=a)", "(?<!ab|ba)", "(?i)", "\\w+", "$"};
    static const char *const quantifiers[] = {"?", "*", "+", "{2}", "{1,2}", "??", "*+"};
    unsigned kind = pick(10);

    if (kind < 6 || depth > 2) {
        (void)buf_append_str(b, letters[pick(4) ? pick(5) : pick(N_LETTERS)], NULL);
    } else if (kind < 8) {
        static const char *const openers[] = {"(?:",  "(?:",   "(?:", "(",   "(?<n>",
                                              "(?i:", "(?-i:", "(?>", "(?=", "(?!"};
        const char *open = openers[pick(sizeof(openers) / sizeof(openers[0]))];
        if (!strcmp(open, "(?<n>") && b->data && strstr((const char *)b->data, "(?<n>")) {
            open = "(";
        }
        (void)buf_append_str(b, open, NULL);
        random_regex(b, depth + 1);
        (void)buf_putc(b, ')', NULL);
    } else {
        (void)buf_append_str(b, atoms[pick(sizeof(atoms) / sizeof(atoms[0]))], NULL);
        return;
    }
    if (!pick(4)) {
        (void)buf_append_str(b, quantifiers[pick(sizeof(quantifiers) / sizeof(quantifiers[0]))],
                             NULL);
    }
}

/* Alternatives that often share first characters, as word lists do. */
static void
random_regex(struct buf *b, unsigned depth)
{
    unsigned alts = 1 + pick(6);
    struct buf stem;

    buf_init(&stem, BUF_NO_MAX);
    random_word(&stem, 2);
    for (unsigned a = 0; a < alts; a++) {
        if (a) {
            (void)buf_putc(b, '|', NULL);
        }
        if (pick(3)) {
            (void)buf_append(b, stem.data, stem.len, NULL);
        } else if (stem.len) {
            /* The stem with its first letter in another case (or a letter that folds alike). */
            const char *first = other_case((const char *)stem.data);
            size_t skip = letter_len((const char *)stem.data);
            (void)buf_append_str(b, first, NULL);
            (void)buf_append(b, stem.data + skip, stem.len - skip, NULL);
        }
        unsigned items = pick(4);
        for (unsigned i = 0; i < items; i++) {
            random_item(b, depth);
        }
    }
    buf_release(&stem);
}

static void
random_patterns_match_the_same_factored_as_written(void **state)
{
    enum { PATTERNS = RANDOM_PATTERNS, SUBJECTS = 12 };
    char *subjects[SUBJECTS];
    size_t factored = 0;

    (void)state;
    for (unsigned round = 0; round < PATTERNS; round++) {
        struct buf re, text;
        buf_init(&re, BUF_NO_MAX);
        random_regex(&re, 0);
        for (unsigned s = 0; s < SUBJECTS; s++) {
            buf_init(&text, BUF_NO_MAX);
            for (unsigned k = pick(4); k > 0; k--) {
                random_word(&text, 6);
                (void)buf_append_str(&text, pick(3) ? "" : pick(2) ? " " : "1.", NULL);
            }
            subjects[s] = (char *)buf_detach(&text, NULL);
        }
        uint32_t options = PCRE2_UTF | (pick(2) ? PCRE2_UCP : 0) | (pick(2) ? PCRE2_CASELESS : 0) |
                           (pick(3) ? 0 : PCRE2_EXTENDED);
        factored += compare_on(re.data ? (const char *)re.data : "", options,
                               (const char *const *)subjects, SUBJECTS);
        for (unsigned s = 0; s < SUBJECTS; s++) {
            free(subjects[s]);
        }
        buf_release(&re);
    }
    /* The generator must exercise the rewrite, not only the cases it leaves alone. */
    assert_true(factored > PATTERNS / 4);
}

/* Every rule's and warning's examples, in pack order. */
static void
collect_all_examples(const struct scrub_rules *rs, const char ***out, size_t *n)
{
    size_t cap = 0;

    *n = 0;
    *out = NULL;
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct string_list *lists[] = {&rs->rules[i].tests_match,
                                             &rs->rules[i].tests_no_match};
        for (size_t l = 0; l < 2; l++) {
            for (size_t k = 0; k < lists[l]->n; k++) {
                if (*n == cap) {
                    cap = cap ? 2 * cap : 256;
                    *out = realloc(*out, cap * sizeof(**out));
                    assert_non_null(*out);
                }
                (*out)[(*n)++] = lists[l]->v[k];
            }
        }
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        const struct string_list *lists[] = {&rs->warnings[i].tests_match,
                                             &rs->warnings[i].tests_no_match};
        for (size_t l = 0; l < 2; l++) {
            for (size_t k = 0; k < lists[l]->n; k++) {
                if (*n == cap) {
                    cap = cap ? 2 * cap : 256;
                    *out = realloc(*out, cap * sizeof(**out));
                    assert_non_null(*out);
                }
                (*out)[(*n)++] = lists[l]->v[k];
            }
        }
    }
}

/* Texts for the shipped patterns: every rule's examples (every EXAMPLE_STRIDE-th under the
 * sanitizers), and pairs of them run together. */
static void
collect_examples(const struct scrub_rules *rs, const char ***out, size_t *n)
{
    size_t kept = 0;

    collect_all_examples(rs, out, n);
    for (size_t k = 0; k < *n; k += EXAMPLE_STRIDE) {
        (*out)[kept++] = (*out)[k];
    }
    *n = kept;
}

static void
shipped_patterns_match_the_same_factored_as_written(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    const char **examples;
    size_t n_examples, factored = 0, compared = 0;

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    assert_int_equal(scrub_rules_load(&rs, "rules/warnings", &err), 0);
    collect_examples(rs, &examples, &n_examples);
    /* All examples as one text too: matches next to other rules' text and across lines. */
    struct buf all;
    buf_init(&all, BUF_NO_MAX);
    for (size_t k = 0; k < n_examples; k++) {
        (void)buf_append_str(&all, examples[k], NULL);
        (void)buf_append_str(&all, k % 3 ? " " : "\n", NULL);
    }
    const char *joined[] = {(const char *)all.data};
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        uint32_t options = BASE | rule_regex_options(r);
        for (size_t k = 0; k < r->n_patterns; k++) {
            const char *src = r->patterns[k].source;
            compared++;
            if (compare_on(src, options, examples, n_examples)) {
                factored++;
                (void)compare_on(src, options, joined, 1);
                (void)compare_on(src, options & ~(uint32_t)PCRE2_UCP, examples, n_examples);
            }
        }
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        for (size_t k = 0; k < rs->warnings[i].n_patterns; k++) {
            compared++;
            if (compare_on(rs->warnings[i].sources[k], BASE, examples, n_examples)) {
                factored++;
                (void)compare_on(rs->warnings[i].sources[k], BASE, joined, 1);
            }
        }
    }
    print_message("%zu of %zu shipped patterns factored, compared on %zu examples\n", factored,
                  compared, n_examples);
    assert_true(factored > compared / 3);
    buf_release(&all);
    free(examples);
    scrub_rules_free(rs);
}

/*
 * PCRE2 10.42 can plan a wrong start-of-match shortcut (see the misplan test above), and not only
 * for factored regexes. Every shipped pattern, as written, finds the same matches on every rule's
 * examples with PCRE2's start-of-match optimisations turned off, so none of them is affected.
 */
static void
shipped_patterns_match_the_same_without_pcre2_start_shortcuts(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    const char **examples;
    size_t n_examples, compared = 0;

    (void)state;
    if (!PCRE2_ONLY_TESTS) {
        skip(); /* PCRE2 against itself: no veil code to instrument (see EXAMPLE_STRIDE) */
    }
    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    assert_int_equal(scrub_rules_load(&rs, "rules/warnings", &err), 0);
    collect_examples(rs, &examples, &n_examples);
    for (size_t i = 0; i < rs->n_rules + rs->n_warnings; i++) {
        bool is_rule = i < rs->n_rules;
        const struct rule *r = is_rule ? &rs->rules[i] : NULL;
        size_t n = is_rule ? r->n_patterns : rs->warnings[i - rs->n_rules].n_patterns;
        uint32_t options = BASE | (is_rule ? r->re_options : 0);
        if (is_rule && (r->flags & RULE_CASE_INSENSITIVE)) {
            options |= PCRE2_CASELESS;
        }
        for (size_t k = 0; k < n; k++) {
            const char *src =
                is_rule ? r->patterns[k].source : rs->warnings[i - rs->n_rules].sources[k];
            pcre2_code *a = compile(src, options);
            pcre2_code *b = compile(src, options | PCRE2_NO_START_OPTIMIZE);
            assert_non_null(a);
            assert_non_null(b);
            for (size_t e = 0; e < n_examples; e++) {
                assert_same_matches(a, b, src, (const unsigned char *)examples[e],
                                    strlen(examples[e]));
            }
            pcre2_code_free(a);
            pcre2_code_free(b);
            compared++;
        }
    }
    assert_true(compared > 300);
    free(examples);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alternatives_are_grouped_by_first_character_keeping_their_order),
        cmocka_unit_test(caseless_letters_share_a_branch_and_caseless_non_ascii_is_a_barrier),
        cmocka_unit_test(alternatives_do_not_move_across_a_barrier),
        cmocka_unit_test(extended_mode_skips_white_space_and_comments),
        cmocka_unit_test(groups_that_capture_set_options_or_look_behind_are_left_alone),
        cmocka_unit_test(a_factored_form_that_pcre2_plans_differently_is_not_used),
        cmocka_unit_test(random_patterns_match_the_same_factored_as_written),
        cmocka_unit_test(shipped_patterns_match_the_same_factored_as_written),
        cmocka_unit_test(shipped_patterns_match_the_same_without_pcre2_start_shortcuts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
