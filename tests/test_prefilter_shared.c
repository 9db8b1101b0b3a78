/*
 * A prefilter_regex that several patterns have (same regex, same options) is answered once per
 * subject of a text (scrub/detect.c requires_met): each pattern must find what it finds with a
 * prefilter of its own, text after text, on the text and on its normalised view alike.
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

/* Three patterns in two rules share the prefilter "gamma", the second with no literal of its own
 * (its gate opens on any text: the prefilter decides); the second rule reads the view. */
#define SHARED_PACK                                                                                \
    "recognizers:\n"                                                                               \
    "  - name: after_gamma\n"                                                                      \
    "    supported_entity: ALPHA\n"                                                                \
    "    patterns:\n"                                                                              \
    "      - name: gamma_then_word\n"                                                              \
    "        regex: 'gamma (?<pii>[a-z]{5})\\b'\n"                                                 \
    "        prefilter_regex: 'gamma'\n"                                                           \
    "        score: 0.8\n"                                                                         \
    "      - name: six_letters\n"                                                                  \
    "        regex: '\\b(?<pii>[a-z]{6})\\b'\n"                                                    \
    "        prefilter_regex: 'gamma'\n"                                                           \
    "        score: 0.8\n"                                                                         \
    "  - name: gamma_in_view\n"                                                                    \
    "    supported_entity: BETA\n"                                                                 \
    "    flags: [normalized]\n"                                                                    \
    "    patterns:\n"                                                                              \
    "      - name: gamma_then_number\n"                                                            \
    "        regex: 'gamma (?<pii>[a-z]{4})\\b'\n"                                                 \
    "        prefilter_regex: 'gamma'\n"                                                           \
    "        score: 0.8\n"

static void
patterns_sharing_a_prefilter_find_what_they_find_alone(void **state)
{
    struct scrub_rules *rs = load_yaml(SHARED_PACK);
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    char out[256];

    (void)state;
    assert_non_null(e);
    detect_str(e, "x gamma delta", out, sizeof(out));
    assert_string_equal(out, "ALPHA:8-13");
    /* the next text's answer is its own: no "gamma" here */
    detect_str(e, "x omega delta", out, sizeof(out));
    assert_string_equal(out, "");
    detect_str(e, "stable gamma zeta", out, sizeof(out));
    assert_string_equal(out, "ALPHA:0-6 BETA:13-17");
    /* full-width letters: only the view holds "gamma", so only the rule that reads it finds
     * (the text's answer, no, is not the view's) */
    detect_str(e, "\xef\xbd\x87\xef\xbd\x81\xef\xbd\x8d\xef\xbd\x8d\xef\xbd\x81 zeta stable", out,
               sizeof(out));
    assert_string_equal(out, "BETA:16-20");
    detect_str(e, "x gamma delta", out, sizeof(out));
    assert_string_equal(out, "ALPHA:8-13");
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patterns_sharing_a_prefilter_find_what_they_find_alone),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
