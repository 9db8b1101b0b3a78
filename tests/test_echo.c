/* Repeated values (scrub/echo.c): a value found once is redacted wherever else it is repeated. */
/* clang-format off: older cmocka needs these before <cmocka.h> */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/echo_internal.h"

static const char RULE[] = "some_rule";

/* Findings of one text as "ENTITY:start-end ..." for one comparison. */
static void
render(const struct scrub_findings *f, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < f->n && at < cap; i++) {
        at += (size_t)snprintf(out + at, cap - at, "%s%s:%zu-%zu", i ? " " : "", f->v[i].entity,
                               f->v[i].start, f->v[i].end);
    }
}

static void
add(struct scrub_findings *f, const char *entity, size_t start, size_t end)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 4;
        f->v = realloc(f->v, f->cap * sizeof(*f->v));
    }
    f->v[f->n++] = (struct scrub_finding){entity, NULL, RULE, start, end, 0.9};
}

/* Note the findings [start, end) of `first`, then extend `second` and render its findings. */
static void
echo_of(const char *first, const char *entity, size_t start, size_t end, const char *second,
        char *out, size_t cap)
{
    struct echo_set s;
    struct scrub_findings f1, f2;
    struct err err;

    echo_set_init(&s);
    scrub_findings_init(&f1);
    scrub_findings_init(&f2);
    add(&f1, entity, start, end);
    assert_int_equal(echo_collect(&s, (const unsigned char *)first, &f1, &err), 0);
    echo_extend(&s, (const unsigned char *)second, strlen(second), &f2);
    render(&f2, out, cap);
    for (size_t i = 0; i < f2.n; i++) {
        assert_ptr_equal(f2.v[i].rule, RULE); /* the rule, and so the operator, is the first's */
    }
    scrub_findings_release(&f1);
    scrub_findings_release(&f2);
    echo_set_release(&s);
}

static void
echoed_user_name_is_found_at_every_whole_word_occurrence(void **state)
{
    char out[256];
    (void)state;
    /* "my login is zorblax_77": the value at 12-22 */
    echo_of("my login is zorblax_77", "USERNAME", 12, 22,
            "do not share zorblax_77, zorblax_77x or xzorblax_77; zorblax_77.", out, sizeof(out));
    assert_string_equal(out, "USERNAME:13-23 USERNAME:53-63");
}

static void
short_values_are_not_echoed(void **state)
{
    char out[256];
    (void)state;
    echo_of("pin 884", "API_KEY", 4, 7, "884 and 884", out, sizeof(out));
    assert_string_equal(out, "");
}

static void
a_covered_occurrence_is_left_to_its_finding(void **state)
{
    struct echo_set s;
    struct scrub_findings f;
    struct err err;
    char out[256];
    const char *text = "mail ana@x.org to ana@x.org";
    (void)state;

    echo_set_init(&s);
    scrub_findings_init(&f);
    add(&f, "EMAIL", 5, 14);
    assert_int_equal(echo_collect(&s, (const unsigned char *)text, &f, &err), 0);
    add(&f, "EMAIL", 18, 27);
    assert_int_equal(echo_extend(&s, (const unsigned char *)text, strlen(text), &f), 0);
    render(&f, out, sizeof(out));
    assert_string_equal(out, "EMAIL:5-14 EMAIL:18-27");
    scrub_findings_release(&f);
    echo_set_release(&s);
}

static void
one_word_name_is_not_taken_at_a_sentence_start_or_beside_a_capital(void **state)
{
    char out[256];
    (void)state;
    /* "my neighbour Kilback": 13-20 */
    echo_of("my neighbour Kilback", "PERSON", 13, 20,
            "Kilback parks. Talk to Kilback then. Kilback Industries, Mr Kilback, x.com/Kilback",
            out, sizeof(out));
    assert_string_equal(out, "PERSON:23-30");
}

static void
longer_value_wins_over_a_value_inside_it(void **state)
{
    struct echo_set s;
    struct scrub_findings f1, f2;
    struct err err;
    char out[256];
    const char *first = "user zorb_1 mail zorb_1@mail.org";
    const char *second = "write zorb_1@mail.org";
    (void)state;

    echo_set_init(&s);
    scrub_findings_init(&f1);
    scrub_findings_init(&f2);
    add(&f1, "USERNAME", 5, 11);
    add(&f1, "EMAIL", 17, 32);
    assert_int_equal(echo_collect(&s, (const unsigned char *)first, &f1, &err), 0);
    echo_extend(&s, (const unsigned char *)second, strlen(second), &f2);
    render(&f2, out, sizeof(out));
    assert_string_equal(out, "EMAIL:6-21");
    scrub_findings_release(&f1);
    scrub_findings_release(&f2);
    echo_set_release(&s);
}

static void
name_in_an_unspaced_script_is_found_beside_other_words(void **state)
{
    char out[256];
    (void)state;
    /* "我是張雅婷": the name is bytes 6-15; the reply "張雅婷你好" starts with it */
    echo_of("我是張雅婷", "PERSON", 6, 15, "张雅婷? 張雅婷你好", out, sizeof(out));
    assert_string_equal(out, "PERSON:11-20");
}

static void
reset_forgets_the_record(void **state)
{
    struct echo_set s;
    struct scrub_findings f;
    struct err err;
    const char *text = "login zorblax_77";
    (void)state;

    echo_set_init(&s);
    scrub_findings_init(&f);
    add(&f, "USERNAME", 6, 16);
    assert_int_equal(echo_collect(&s, (const unsigned char *)text, &f, &err), 0);
    assert_int_equal(s.n, 1);
    echo_set_reset(&s);
    assert_int_equal(s.n, 0);
    f.n = 0;
    assert_int_equal(echo_extend(&s, (const unsigned char *)text, strlen(text), &f), 0);
    scrub_findings_release(&f);
    echo_set_release(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(echoed_user_name_is_found_at_every_whole_word_occurrence),
        cmocka_unit_test(short_values_are_not_echoed),
        cmocka_unit_test(a_covered_occurrence_is_left_to_its_finding),
        cmocka_unit_test(one_word_name_is_not_taken_at_a_sentence_start_or_beside_a_capital),
        cmocka_unit_test(longer_value_wins_over_a_value_inside_it),
        cmocka_unit_test(name_in_an_unspaced_script_is_found_beside_other_words),
        cmocka_unit_test(reset_forgets_the_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
