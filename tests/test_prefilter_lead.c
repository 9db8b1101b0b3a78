/*
 * `prefilter_lead:` (scrub/detect_led.c): a pattern's match counts only when its prefilter
 * regex matches at most that many characters after the match's start, and a long text is
 * searched only in the windows that condition leaves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "scrub/scrub.h"
#include "tests/test_scrub_helpers.h"

#include "common/banned.h"

/* A cue, up to six words, then eight digits; the prefilter finds the digits. */
#define LED_PACK(lead)                                                                             \
    "recognizers:\n"                                                                               \
    "  - name: cued_number\n"                                                                      \
    "    supported_entity: NUMBER\n"                                                               \
    "    patterns:\n"                                                                              \
    "      - name: cue_words_number\n"                                                             \
    "        regex: '(?<![a-z])(?:cue|call)(?:[ ]+[a-zé日本]+){0,6}[ "                          \
    "]+(?<pii>[0-9]{8})(?![0-9])'\n"                                                               \
    "        prefilter_regex: '[0-9]{8}'\n"                                                        \
    "        prefilter_lead: " lead "\n"                                                           \
    "        score: 0.8\n"

static void
prefilter_lead_keeps_a_match_only_with_a_prefilter_match_within_the_lead(void **state)
{
    struct scrub_rules *wide = load_yaml(LED_PACK("40")), *tight = load_yaml(LED_PACK("12"));
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *w = scrub_engine_new(wide, NULL, &err);
    struct scrub_engine *t = scrub_engine_new(tight, NULL, &err);
    char out[256];

    (void)state;
    /* the digits start 18 characters after the cue: within 40, not within 12 */
    detect_str(w, "cue me at home on 12345678", out, sizeof(out));
    assert_string_equal(out, "NUMBER:18-26");
    detect_str(t, "cue me at home on 12345678", out, sizeof(out));
    assert_string_equal(out, "");
    /* within 12: found by both */
    detect_str(t, "call me 12345678", out, sizeof(out));
    assert_string_equal(out, "NUMBER:8-16");
    /* characters, not bytes: 'é' and '日本' are two and three bytes each */
    detect_str(t, "cue é 日本 12345678", out, sizeof(out));
    assert_string_equal(out, "NUMBER:14-22");
    scrub_engine_free(w);
    scrub_engine_free(t);
    scrub_rules_free(wide);
    scrub_rules_free(tight);
}

static uint64_t
next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/*
 * Long texts are searched in windows before each prefilter match; an engine that skips nothing
 * searches them whole and checks each match. On random long texts (cues, words, digit runs of
 * every length, multi-byte letters, matches that overlap and crowd together) both must find
 * exactly the same spans.
 */
static void
prefilter_lead_windows_find_what_a_whole_text_search_finds(void **state)
{
    static const char *const pieces[] = {" cue",  " call",     " a",         " word",     " é",
                                         " 日本", " 12345678", " 123456789", " 1234567",  "\n",
                                         "x",     "  ",        "cue",        " 87654321", " zz"};
    struct scrub_rules *rs = load_yaml(LED_PACK("30"));
    struct scrub_engine_opts exhaustive = {.no_prefilter = true};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_engine *all = scrub_engine_new(rs, &exhaustive, &err);
    static char text[24000], got[65536], want[65536];
    uint64_t x = 0x9E3779B97F4A7C15ull;
    size_t found = 0;

    (void)state;
    for (int iter = 0; iter < 60; iter++) {
        size_t len = 0, target = 4096 + next_random(&x) % 16000;
        /* sparse or crowded digit runs, so windows stand alone or merge */
        unsigned digits_every = iter % 3 == 0 ? 3 : iter % 3 == 1 ? 40 : 400;
        while (len < target) {
            uint64_t r = next_random(&x);
            const char *p = r % digits_every == 0 ? pieces[6 + r / 7 % 3] : pieces[r / 11 % 15];
            if (r / 13 % 9 == 0) {
                p = pieces[r / 17 % 2]; /* cues often enough to reach the digits */
            }
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
        text[len] = '\0';
        detect_str(e, text, got, sizeof(got));
        detect_str(all, text, want, sizeof(want));
        assert_string_equal(got, want);
        found += strlen(want) > 0;
    }
    assert_true(found > 30); /* the texts did have matches to compare */
    scrub_engine_free(e);
    scrub_engine_free(all);
    scrub_rules_free(rs);
}

/* `veil rules test` names a match example whose prefilter match lies beyond the lead. */
static void
rules_test_reports_a_match_example_beyond_the_prefilter_lead(void **state)
{
    struct scrub_rules *rs = load_yaml(LED_PACK("12") "    tests:\n"
                                                      "      match: ['call me 12345678',"
                                                      " 'cue me at home on 12345678']\n");
    struct err err = {ERR_NONE, ""};
    char *report = NULL;
    size_t size = 0, failures = 0;
    FILE *out = open_memstream(&report, &size);

    (void)state;
    assert_non_null(out);
    assert_int_equal(scrub_rules_test(rs, out, &failures, &err), 0);
    assert_int_equal(fclose(out), 0);
    assert_non_null(strstr(report, "match example 2: pattern 'cue_words_number' matches but its "
                                   "prefilter_regex does not within its prefilter_lead of 12"));
    assert_null(strstr(report, "match example 1:"));
    free(report);
    scrub_rules_free(rs);
}

static void
expect_load_error(const char *yaml, const char *want)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    assert_int_equal(load_yaml_into(yaml, &rs, &err), -1);
    assert_null(rs);
    if (!strstr(err.msg, want)) {
        fail_msg("error \"%s\" does not say \"%s\"", err.msg, want);
    }
}

static void
prefilter_lead_without_a_prefilter_or_out_of_range_is_refused_with_its_line(void **state)
{
    (void)state;
    expect_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: X\n"
                      "    patterns:\n"
                      "      - name: p\n"
                      "        regex: 'x[0-9]'\n"
                      "        prefilter_lead: 4\n"
                      "        score: 0.5\n",
                      ":7: rule 'r': key 'patterns.prefilter_lead': needs a 'prefilter_regex'");
    expect_load_error(LED_PACK("5000"), "'patterns.prefilter_lead'");
    expect_load_error(LED_PACK("-1"), "'patterns.prefilter_lead'");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prefilter_lead_keeps_a_match_only_with_a_prefilter_match_within_the_lead),
        cmocka_unit_test(prefilter_lead_windows_find_what_a_whole_text_search_finds),
        cmocka_unit_test(rules_test_reports_a_match_example_beyond_the_prefilter_lead),
        cmocka_unit_test(
            prefilter_lead_without_a_prefilter_or_out_of_range_is_refused_with_its_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
