/*
 * A pattern's ASCII form (scrub/regex_ascii.c) must match exactly as the pattern does on ASCII
 * subjects: the rewrites it makes, the constructs it leaves alone, and random and shipped patterns
 * compared match for match (every capture) with the patterns as written.
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

/* As the engine compiles a pattern's ASCII code (rules_compile_pair). */
#define ASCII_OPTIONS (PCRE2_UTF | PCRE2_USE_OFFSET_LIMIT)

#if defined(__SANITIZE_ADDRESS__)
#define RANDOM_PATTERNS 1000
#else
#define RANDOM_PATTERNS 4000
#endif

/* What regex_ascii makes of src ("=" when it leaves it alone). */
static void
assert_ascii(const char *src, uint32_t options, const char *want)
{
    char *got = regex_ascii(src, options);

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

#define UPPER "\\x{41}-\\x{5a}"
#define LOWER "\\x{61}-\\x{7a}"

static void
properties_become_classes_of_their_ascii_characters(void **state)
{
    (void)state;
    assert_ascii("\\p{Lu}[a-z]+", 0, "[" UPPER "][a-z]+");
    assert_ascii("\\pL", 0, "[" UPPER LOWER "]");
    assert_ascii("[\\p{L}\\p{M}-]{1,41}", 0, "[" UPPER LOWER "-]{1,41}");
    assert_ascii("\\P{L}", 0, "[\\x{0}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7f}]");
    assert_ascii("[^\\p{Ll}\\d]", 0, "[^" LOWER "\\d]");
    assert_ascii("\\p{Nd}", 0, "[\\x{30}-\\x{39}]");
    /* look-behinds keep their lengths */
    assert_ascii("\\p{Lu}(?<![\\p{L}\\p{M}]\\p{Lu})", 0,
                 "[" UPPER "](?<![" UPPER LOWER "][" UPPER "])");
}

/* A script with no ASCII letter matches nothing, alone or in a class; a class it leaves empty
 * matches nothing (or, negated, anything), and a '^' it leaves first stays a member. */
static void
properties_with_no_ascii_character_match_nothing(void **state)
{
    (void)state;
    assert_ascii("\\p{Han}{1,4}", 0, "[^\\x{0}-\\x{10ffff}]{1,4}");
    assert_ascii("[\\p{Han}x]", 0, "[x]");
    assert_ascii("[\\p{Han}]", 0, "[^\\x{0}-\\x{10ffff}]");
    assert_ascii("[^\\p{Han}]", 0, "[\\x{0}-\\x{10ffff}]");
    assert_ascii("[\\p{Han}^]", 0, "[\\^]");
    assert_ascii("[]\\p{Han}]", 0, "[]]");
}

/* A property ignores (?i) and a class does not: a set that is not closed under case is kept
 * from it, and a class that would need that is left as it is. */
static void
the_caseless_option_is_followed_through_groups(void **state)
{
    (void)state;
    assert_ascii("(?i)\\p{Lu}", 0, "(?i)(?-i:[" UPPER "])");
    assert_ascii("\\p{Ll}", PCRE2_CASELESS, "(?-i:[" LOWER "])");
    assert_ascii("(?i)\\p{L}", 0, "(?i)[" UPPER LOWER "]");
    assert_ascii("(?i:a)\\p{Lu}", 0, "(?i:a)[" UPPER "]");
    assert_ascii("(a(?i)b)\\p{Lu}", 0, "(a(?i)b)[" UPPER "]");
    /* an option set in one alternative holds in the next ones */
    assert_ascii("(?:a(?i)b|\\p{Lu})", 0, "(?:a(?i)b|(?-i:[" UPPER "]))");
    assert_ascii("(?i)(?^)\\p{Lu}", 0, "(?i)(?^)[" UPPER "]");
    assert_ascii("(?i)(?-i:\\p{Lu})", 0, "(?i)(?-i:[" UPPER "])");
    assert_ascii("(?i)[\\p{Lu}x]", 0, "=");
    assert_ascii("(?i)[\\p{L}x]", 0, "(?i)[" UPPER LOWER "x]");
    /* a condition's name, a call and a back-reference are no groups */
    assert_ascii("(?<a>x)(?(a)(?i)y|z)\\p{Lu}(?&a)\\k<a>(?1)", 0,
                 "(?<a>x)(?(a)(?i)y|z)[" UPPER "](?&a)\\k<a>(?1)");
    assert_ascii("(?(?=a)(?i)\\p{Lu}|b)", 0, "(?(?=a)(?i)(?-i:[" UPPER "])|b)");
}

static void
extended_mode_comments_are_copied_as_written(void **state)
{
    (void)state;
    assert_ascii("(?x) \\p{Lu} # a comment: (, [ and \\p{L}\n x", 0,
                 "(?x) [" UPPER "] # a comment: (, [ and \\p{L}\n x");
    assert_ascii("\\p{Lu} # [\n", PCRE2_EXTENDED, "[" UPPER "] # [\n");
    /* without (?x) a '#' is a character */
    assert_ascii("#[\\p{Lu}]", 0, "#[" UPPER "]");
}

static void
constructs_it_does_not_follow_are_left_alone(void **state)
{
    (void)state;
    assert_ascii("[a-z]+", 0, "=");
    assert_ascii("\\Q\\p{L}\\E", 0, "=");
    assert_ascii("(*UCP)\\p{L}", 0, "=");
    assert_ascii("(?xx)[\\p{L} ]", 0, "=");
    assert_ascii("(?C1)\\p{L}", 0, "=");
    assert_ascii("(\\p{L}", 0, "=");
    assert_ascii("\\p{L})", 0, "=");
    assert_ascii("\\p{L}", PCRE2_EXTENDED_MORE, "=");
    assert_ascii("\\p{Nonsense}", 0, "=");
    /* a '-' before a property would make a range of its first member */
    assert_ascii("[a-z-\\p{Lu}]", 0, "=");
}

/* ---- the same matches as written ---- */

static pcre2_code *
compile(const char *src, uint32_t options)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *c =
        pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code, &offset, NULL);

    if (c) {
        (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    }
    return c;
}

/* Every match of a and b on subject, from the start and from each match's end, every capture. */
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
    }
    pcre2_match_context_free(ctx);
    pcre2_match_data_free(ma);
    pcre2_match_data_free(mb);
}

/*
 * src as written and in its ASCII form, compared on each (ASCII) subject; the ASCII form also
 * with PCRE2's start-of-match shortcuts off (it gets shortcuts src had not: PCRE2 10.42 can plan
 * a wrong one). False when regex_ascii leaves src alone.
 */
static bool
compare_on(const char *src, uint32_t options, const char *const *subjects, size_t n)
{
    char *ascii = regex_ascii(src, options);

    if (!ascii) {
        return false;
    }
    pcre2_code *a = compile(src, options | ASCII_OPTIONS);
    pcre2_code *b = compile(ascii, options | ASCII_OPTIONS);
    pcre2_code *c = compile(ascii, options | ASCII_OPTIONS | PCRE2_NO_START_OPTIMIZE);
    if (!a || !b || !c) {
        fail_msg("%s: ASCII form %s does not compile (or the pattern does not)", src, ascii);
    }
    uint32_t ca = 0, cb = 0;
    (void)pcre2_pattern_info(a, PCRE2_INFO_CAPTURECOUNT, &ca);
    (void)pcre2_pattern_info(b, PCRE2_INFO_CAPTURECOUNT, &cb);
    assert_int_equal(ca, cb);
    for (size_t i = 0; i < n; i++) {
        assert_same_matches(a, b, src, (const unsigned char *)subjects[i], strlen(subjects[i]));
        assert_same_matches(b, c, ascii, (const unsigned char *)subjects[i], strlen(subjects[i]));
    }
    pcre2_code_free(a);
    pcre2_code_free(b);
    pcre2_code_free(c);
    free(ascii);
    return true;
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

static const char *const atoms[] = {
    "\\p{Lu}",      "\\p{Ll}",      "\\p{L}",     "\\P{L}",      "\\pN", "\\p{P}", "\\p{Han}",
    "[\\p{Lu}\\d]", "[^\\p{Ll}]",   "[\\p{L}-]",  "[^\\p{Han}]", "a",    "B",      "k",
    "[a-c]",        "\\d",          " ",          "\\b",         ".",    "(?i)",   "(?-i)",
    "(?<=\\p{L})",  "(?<!\\p{Lu})", "(?=\\p{Ll})"};
#define N_ATOMS (sizeof(atoms) / sizeof(atoms[0]))

static void
random_regex(struct buf *b, unsigned depth)
{
    static const char *const opens[] = {"(?:", "(", "(?i:", "(?-i:", "(?>"};
    static const char *const quants[] = {"", "", "", "?", "+", "*", "{1,3}", "+?", "*+"};
    unsigned n = 1 + pick(4);

    for (unsigned i = 0; i < n; i++) {
        if (depth < 3 && pick(4) == 0) {
            (void)buf_append_str(b, opens[pick(5)], NULL);
            random_regex(b, depth + 1);
            if (pick(3) == 0) {
                (void)buf_putc(b, '|', NULL);
                random_regex(b, depth + 1);
            }
            (void)buf_putc(b, ')', NULL);
        } else {
            const char *atom = atoms[pick(N_ATOMS)];
            (void)buf_append_str(b, atom, NULL);
            if (!strcmp(atom, "(?i)") || !strcmp(atom, "(?-i)")) {
                continue; /* an option setting takes no quantifier */
            }
        }
        (void)buf_append_str(b, quants[pick(9)], NULL);
    }
}

static void
random_patterns_match_the_same_in_ascii_form(void **state)
{
    static const char *const subjects[] = {
        "Anna Kowalski met bob", "aB cD eF",    "KELVIN k K 12,5!", "x-Y_z 9 Q?",  "",
        "Hello, World.",         "a1B2c3 D4e5", "ABC def GHI",      "(a) [B] {c}",
    };
    struct buf b;
    size_t rewritten = 0;

    (void)state;
    buf_init(&b, BUF_NO_MAX);
    for (unsigned i = 0; i < RANDOM_PATTERNS; i++) {
        buf_reset(&b);
        random_regex(&b, 0);
        const char *src = (const char *)b.data;
        int code;
        PCRE2_SIZE offset;
        pcre2_code *probe = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, ASCII_OPTIONS,
                                          &code, &offset, NULL);
        if (!probe) {
            continue; /* a quantified assertion or look-behind PCRE2 refuses */
        }
        pcre2_code_free(probe);
        uint32_t options = pick(4) == 0 ? PCRE2_CASELESS : 0;
        rewritten += compare_on(src, options, subjects, sizeof(subjects) / sizeof(subjects[0]));
    }
    print_message("%zu of %d random patterns rewritten\n", rewritten, RANDOM_PATTERNS);
    assert_true(rewritten > RANDOM_PATTERNS / 2);
    buf_release(&b);
}

/* Every example of every rule, as ASCII (other bytes dropped), one by one and all together. */
static char **
ascii_examples(const struct scrub_rules *rs, size_t *n)
{
    size_t cap = 256;
    char **out = malloc(cap * sizeof(*out));
    struct buf all;

    assert_non_null(out);
    buf_init(&all, BUF_NO_MAX);
    *n = 0;
    for (size_t i = 0; i < rs->n_rules + rs->n_warnings; i++) {
        bool is_rule = i < rs->n_rules;
        const struct string_list *lists[] = {
            is_rule ? &rs->rules[i].tests_match : &rs->warnings[i - rs->n_rules].tests_match,
            is_rule ? &rs->rules[i].tests_no_match : &rs->warnings[i - rs->n_rules].tests_no_match};
        for (size_t l = 0; l < 2; l++) {
            for (size_t k = 0; k < lists[l]->n; k++) {
                const char *e = lists[l]->v[k];
                char *a = malloc(strlen(e) + 1), *w = a;
                assert_non_null(a);
                for (; *e; e++) {
                    if (!((unsigned char)*e & 0x80)) {
                        *w++ = *e;
                    }
                }
                *w = '\0';
                (void)buf_append_str(&all, a, NULL);
                (void)buf_append_str(&all, *n % 3 ? " " : "\n", NULL);
                if (*n + 1 == cap) {
                    cap *= 2;
                    out = realloc(out, cap * sizeof(*out));
                    assert_non_null(out);
                }
                out[(*n)++] = a;
            }
        }
    }
    out[(*n)++] = (char *)buf_detach(&all, NULL);
    return out;
}

static void
shipped_patterns_match_the_same_in_ascii_form(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    size_t n_examples, rewritten = 0, compared = 0;

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    assert_int_equal(scrub_rules_load(&rs, "rules/warnings", &err), 0);
    char **examples = ascii_examples(rs, &n_examples);
    const char *const *subjects = (const char *const *)examples;
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->n_patterns; k++) {
            compared++;
            rewritten +=
                compare_on(r->patterns[k].source, rule_regex_options(r), subjects, n_examples);
        }
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        for (size_t k = 0; k < rs->warnings[i].n_patterns; k++) {
            compared++;
            rewritten += compare_on(rs->warnings[i].sources[k], 0, subjects, n_examples);
        }
    }
    print_message("%zu of %zu shipped patterns rewritten, compared on %zu examples\n", rewritten,
                  compared, n_examples);
    assert_true(rewritten > compared / 4);
    for (size_t k = 0; k < n_examples; k++) {
        free(examples[k]);
    }
    free(examples);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(properties_become_classes_of_their_ascii_characters),
        cmocka_unit_test(properties_with_no_ascii_character_match_nothing),
        cmocka_unit_test(the_caseless_option_is_followed_through_groups),
        cmocka_unit_test(extended_mode_comments_are_copied_as_written),
        cmocka_unit_test(constructs_it_does_not_follow_are_left_alone),
        cmocka_unit_test(random_patterns_match_the_same_in_ascii_form),
        cmocka_unit_test(shipped_patterns_match_the_same_in_ascii_form),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
