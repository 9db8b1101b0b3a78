/*
 * Anchors a long text finds itself (anchor_find.c): where a set's literals start, once per text,
 * and a search that tries its pattern near them alone, finding what a search of everything does.
 */
/* clang-format off: older cmocka needs these before <cmocka.h> */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "scrub/anchor_find_internal.h"
#include "scrub/profile_internal.h"
#include "scrub/rules_internal.h"
#include "scrub/scrub.h"

#define FIXTURE "tests/fixtures/engine/long_anchor.yaml"

static const struct anchor_found *
find(struct anchor_finds *f, const struct literal_set *set, const char *text, size_t max)
{
    return anchor_finds_get(f, set, (const unsigned char *)text, strlen(text), max);
}

/* Every start of every literal, ascending, overlapping ones and one-byte literals included. */
static void
finds_every_start_of_every_literal_in_order(void **state)
{
    char ab[] = "ab", bab[] = "bab", at[] = "@";
    char *v[] = {ab, bab, at};
    struct literal_set set = {.v = v, .n = 3};
    struct anchor_finds f;
    (void)state;

    memset(&f, 0, sizeof(f));
    const struct anchor_found *e = find(&f, &set, "xabab@ba\nab", 100);
    assert_non_null(e);
    const uint32_t want[] = {1, 2, 3, 5, 9};
    assert_int_equal(e->n, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(f.v[e->off + i], want[i]);
    }
    /* the end of the text ends a literal: "a" alone at the end is no "ab" */
    anchor_finds_clear(&f);
    e = find(&f, &set, "a", 100);
    assert_non_null(e);
    assert_int_equal(e->n, 0);
    anchor_finds_release(&f);
}

/* More than the limit: no list (the search reads the text whole); a set is found once a text. */
static void
a_dense_set_gives_no_list_and_each_set_is_found_once(void **state)
{
    char ab[] = "ab", zz[] = "zz";
    char *a[] = {ab}, *b[] = {zz};
    struct literal_set dense = {.v = a, .n = 1}, rare = {.v = b, .n = 1};
    struct anchor_finds f;
    (void)state;

    memset(&f, 0, sizeof(f));
    assert_null(find(&f, &dense, "ab ab ab ab zz", 3));
    const struct anchor_found *e = find(&f, &rare, "ab ab ab ab zz", 3);
    assert_non_null(e);
    assert_int_equal(e->n, 1);
    assert_int_equal(f.v[e->off], 12);
    /* the same set again reads the list kept, not this text (which the caller would not pass) */
    assert_ptr_equal(find(&f, &rare, "zz zz", 3), e);
    assert_int_equal(f.n_sets, 2);
    anchor_finds_clear(&f);
    e = find(&f, &rare, "zz zz", 3);
    assert_int_equal(e->n, 2);
    anchor_finds_release(&f);
}

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

/* A text of about n bytes of prose with the given pieces spread through it. */
static void
long_text(struct buf *b, size_t n, const char **pieces, size_t n_pieces)
{
    static const char filler[] = "the quick brown fox jumps over the lazy dog. ";
    size_t every = n / (n_pieces + 1);
    struct err err = {ERR_NONE, ""};

    buf_init(b, BUF_NO_MAX);
    for (size_t k = 0; k < n_pieces; k++) {
        while (b->len < (k + 1) * every) {
            assert_int_equal(buf_append(b, filler, sizeof(filler) - 1, &err), 0);
        }
        assert_int_equal(buf_append(b, pieces[k], strlen(pieces[k]), &err), 0);
    }
    assert_int_equal(buf_append(b, filler, sizeof(filler) - 1, &err), 0);
}

static size_t
detect(struct scrub_rules *rs, bool no_prefilter, struct scrub_profile *p, const struct buf *text,
       struct scrub_findings *f)
{
    struct scrub_engine_opts opts = {.profile = p, .no_prefilter = no_prefilter};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, &opts, &err);

    assert_non_null(e);
    scrub_findings_init(f);
    assert_int_equal(scrub_engine_detect(e, text->data, text->len, f, &err), 0);
    scrub_engine_free(e);
    return f->n;
}

/*
 * The pattern of a rule kept only beside an e-mail address has an anchor ("zork") the scan does
 * not list. In a long text it is tried in one window per occurrence, not over the whole text,
 * and finds what a search of everything finds.
 */
static void
a_long_text_tries_an_unlisted_anchor_pattern_near_its_occurrences(void **state)
{
    const char *pieces[] = {" zork1 ", " jane.doe@mail.org zorkina ", " zork2 "};
    struct scrub_rules *rs = load();
    struct scrub_profile *p = scrub_profile_new(rs);
    struct scrub_findings f, all;
    struct buf text;
    (void)state;

    long_text(&text, 40000, pieces, 3);
    detect(rs, false, p, &text, &f);
    const struct profile_row *r = NULL;
    for (size_t i = 0; i < rs->n_rules; i++) {
        if (!strcmp(rs->rules[i].name, "zork_handle")) {
            r = profile_row_of(p, rs->rules[i].patterns[0].code_ascii);
        }
    }
    assert_non_null(r);
    assert_int_equal(r->matches, 1);
    /* a window at each "zork" (three), then two in the redacted text's re-read; one search of
     * the whole text would be two calls (the match, then none) and one */
    assert_int_equal(r->calls, 5);
    detect(rs, true, NULL, &text, &all);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.n, all.n);
    for (size_t i = 0; i < f.n; i++) {
        assert_int_equal(f.v[i].start, all.v[i].start);
        assert_int_equal(f.v[i].end, all.v[i].end);
        assert_string_equal(f.v[i].rule, all.v[i].rule);
    }
    scrub_findings_release(&f);
    scrub_findings_release(&all);
    buf_release(&text);
    scrub_profile_free(p);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_every_start_of_every_literal_in_order),
        cmocka_unit_test(a_dense_set_gives_no_list_and_each_set_is_found_once),
        cmocka_unit_test(a_long_text_tries_an_unlisted_anchor_pattern_near_its_occurrences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
