/*
 * Paths that must read a value as the view does, not only as written: a disguise (an invisible
 * character, a mark, look-alike letters) must not leave part of a value outside its finding,
 * nor hide a cue or a field name (s20text's metamorphic tests).
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

static const char *const cap_pack = "recognizers:\n"
                                    "  - name: cap\n"
                                    "    supported_entity: PERSON\n"
                                    "    patterns: [{name: word, regex: '\\b[A-Z][a-z]+', "
                                    "score: 0.9}]\n";

static void
a_finding_takes_every_invisible_character_at_its_edges(void **state)
{
    struct scrub_rules *rs = load_yaml(cap_pack);

    (void)state;
    /* a tag character (U+E0041) after, a variation selector (U+FE0F) before */
    assert_detect(rs, "hi Ana\xf3\xa0\x81\x81 ok", "PERSON:3-10");
    assert_detect(rs,
                  "hi \xef\xb8\x8f"
                  "Ana ok",
                  "PERSON:3-9");
    /* the Arabic letter mark U+061C, the Hangul filler U+3164, the Mongolian separator U+180E */
    assert_detect(rs,
                  "hi \xd8\x9c"
                  "Ana\xe3\x85\xa4 ok",
                  "PERSON:3-11");
    assert_detect(rs, "hi Ana\xe1\xa0\x8e ok", "PERSON:3-9");
    /* a visible neighbour stays out: punctuation, a space, a letter of another word */
    assert_detect(rs, "hi \"Ana\" ok", "PERSON:4-7");
    scrub_rules_free(rs);
}

static void
a_finding_takes_the_marks_on_its_last_letter(void **state)
{
    struct scrub_rules *rs = load_yaml(cap_pack);

    (void)state;
    /* a long stroke overlay U+0336 and an enclosing circle U+20DD on the last letter */
    assert_detect(rs, "hi Ana\xcc\xb6 ok", "PERSON:3-8");
    assert_detect(rs, "hi Ana\xe2\x83\x9d\xcc\xb6 ok", "PERSON:3-11");
    /* a mark before the finding belongs to the letter before it, not to the finding */
    assert_detect(rs, "x\xcc\xb6 Ana ok", "PERSON:4-7");
    scrub_rules_free(rs);
}

static void
a_spelled_out_name_finding_takes_the_rest_of_its_lone_letters(void **state)
{
    /* the pattern stands for the view's reading, which stops at the first non-ASCII letter */
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: spaced\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: s, regex: '[A-Z](?: [a-z])+', "
                                       "score: 0.9}]\n");

    (void)state;
    /* "L a r r a" grows over "ñ a g a", "W i" over "ś n i a" */
    assert_detect(rs, "by L a r r a \xc3\xb1 a g a now", "PERSON:3-21");
    assert_detect(rs, "by W i \xc5\x9b n i a ok", "PERSON:3-15");
    /* a whole word after the last lone letter is not part of the name */
    assert_detect(rs,
                  "by L a r r a \xc3\xb1"
                  "ez ok",
                  "PERSON:3-12");
    /* the letters that follow must be apart by the same separator */
    assert_detect(rs, "by L a r r a-\xc3\xb1-a ok", "PERSON:3-12");
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_finding_takes_every_invisible_character_at_its_edges),
        cmocka_unit_test(a_finding_takes_the_marks_on_its_last_letter),
        cmocka_unit_test(a_spelled_out_name_finding_takes_the_rest_of_its_lone_letters),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
