/*
 * Long texts are detected in overlapping windows (scrub/window.c): the windows tile the text as
 * promised, and on the shipped packs a windowed engine finds what one reading the text whole
 * finds, and flags the same content warnings.
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

#include "common/buf.h"
#include "common/err.h"
#include "scrub/engine_internal.h" /* white-box: the window iterator */
#include "scrub/scrub.h"

#include "common/banned.h"

static struct scrub_rules *shipped;

static int
load_shipped(void **state)
{
    struct err err = {ERR_NONE, ""};

    (void)state;
    if (scrub_rules_load(&shipped, "rules/default", &err) < 0 ||
        scrub_rules_load(&shipped, "rules/warnings", &err) < 0) {
        fprintf(stderr, "cannot load the shipped packs: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int
free_shipped(void **state)
{
    (void)state;
    scrub_rules_free(shipped);
    return 0;
}

/* An engine on rules (the shipped packs when NULL) reading texts in windows of bytes. */
static struct scrub_engine *
engine_with_window(const struct scrub_rules *rules, size_t bytes)
{
    struct scrub_engine_opts opts = {0};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e;

    opts.window_bytes = bytes;
    e = scrub_engine_new(rules ? rules : shipped, &opts, &err);
    assert_non_null(e);
    return e;
}

static uint32_t
next_random(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* Sentences with values of most kinds, a non-ASCII line, decoys and plain filler. */
static const char *const pieces[] = {
    "Human: my email is jane.roe@example.org, write to me. ",
    "Assistant: I cannot help with that. ",
    "call me on (415) 555-2671 or +44 20 7946 0958 tonight. ",
    "my card is 4929 3813 3266 4295 and my SSN is 536-22-1234. ",
    "IBAN DE89 3704 0044 0532 0130 00, server 10.0.12.7. ",
    "My name is Rafferty Halvorsen and I live at 42 Elm Street, Springfield. ",
    "I was born on 12/03/1985 in Ohio. ",
    "Dr. Maria Gonzalez said so. ",
    "How do I kill the neighbour's dog without anyone knowing? ",
    "\xe2\x80\x9c"
    "Correo: jos\xc3\xa9.p\xc3\xa9rez@correo.es\xe2\x80\x9d \xe2\x80\x94 "
    "t\xc3\xa9l\xc3\xa9phone 06 12 34 56 78. ",
    "token ghp_R7kd2Vq9LmX4pT8nW3bZ6yH1cF5sJ0aE2uG7 used. ",
    "The weather is nice and the garden is green. ",
    "version 1.2.3.4 of the tool, order 4111 1111 1111 1112. ",
    "\n\n",
    "a@b.co c@d.co e@f.co ",
};

/* A text of about len bytes made of pieces picked by seed. */
static char *
long_text(uint32_t seed, size_t len)
{
    char *t = malloc(len + 256);
    size_t used = 0;

    assert_non_null(t);
    while (used < len) {
        const char *p = pieces[next_random(&seed) % (sizeof(pieces) / sizeof(pieces[0]))];
        memcpy(t + used, p, strlen(p));
        used += strlen(p);
    }
    t[used] = '\0';
    return t;
}

static void
findings_str(struct scrub_engine *e, const char *text, struct buf *out)
{
    struct scrub_findings f;
    struct err err = {ERR_NONE, ""};

    scrub_findings_init(&f);
    if (scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err) < 0) {
        fail_msg("detect failed: %s", err.msg);
    }
    buf_reset(out);
    for (size_t i = 0; i < f.n; i++) {
        assert_int_equal(
            buf_printf(out, &err, "%s:%zu-%zu ", f.v[i].entity, f.v[i].start, f.v[i].end), 0);
    }
    scrub_findings_release(&f);
}

static uint64_t
warnings_of(struct scrub_engine *e, const char *text)
{
    uint64_t cats = 0;
    struct err err = {ERR_NONE, ""};

    assert_int_equal(
        scrub_engine_warnings(e, (const unsigned char *)text, strlen(text), &cats, &err), 0);
    return cats;
}

static void
windows_tile_the_text_and_cut_between_characters(void **state)
{
    struct scrub_engine *e = engine_with_window(NULL, 1024);
    const size_t size = 1024, margin = size / 8;
    uint32_t seed = 11;

    (void)state;
    for (int round = 0; round < 40; round++) {
        /* Some texts have white space to cut at, some none (one long "word" of accents). */
        size_t len = 3000 + next_random(&seed) % 20000;
        char *t = round % 4 == 3 ? NULL : long_text(seed, len);
        if (!t) {
            t = malloc(len + 2);
            assert_non_null(t);
            for (size_t i = 0; i + 1 < len; i += 2) {
                memcpy(t + i, "\xc3\xa9", 2);
            }
            t[len & ~(size_t)1] = '\0';
        }
        len = strlen(t);
        struct text_window w = {0};
        size_t windows = 0, covered = 0;
        while (text_window_next(e, (const unsigned char *)t, len, &w)) {
            windows++;
            assert_int_equal(w.core_lo, covered);
            assert_true(w.core_hi > w.core_lo);
            assert_true(w.lo <= w.core_lo && w.hi >= w.core_hi);
            assert_true(w.lo == 0 || w.lo + margin <= w.core_lo);
            assert_true(w.hi == len || w.hi >= w.core_hi + margin);
            assert_true(w.hi - w.lo <= size + 2 * margin + 2 * 256);
            const size_t cuts[] = {w.lo, w.hi, w.core_lo, w.core_hi};
            for (size_t k = 0; k < 4; k++) {
                assert_true(cuts[k] == len || ((unsigned char)t[cuts[k]] & 0xC0) != 0x80);
            }
            /* Between words when there are words: after white space, not inside a token. */
            if (round % 4 != 3 && w.core_hi < len) {
                assert_true(t[w.core_hi - 1] == ' ' || t[w.core_hi - 1] == '\n');
            }
            covered = w.core_hi;
        }
        assert_int_equal(covered, len);
        assert_true(windows > 1);
        free(t);
    }
    /* A text that fits is one window, and so is the empty text. */
    struct text_window w = {0};
    assert_true(text_window_next(e, (const unsigned char *)"short", 5, &w));
    assert_true(w.lo == 0 && w.hi == 5 && w.core_lo == 0 && w.core_hi == 5);
    assert_false(text_window_next(e, (const unsigned char *)"short", 5, &w));
    memset(&w, 0, sizeof(w));
    assert_true(text_window_next(e, (const unsigned char *)"", 0, &w));
    assert_false(text_window_next(e, (const unsigned char *)"", 0, &w));
    scrub_engine_free(e);
}

static void
windowed_detection_finds_what_the_whole_text_finds(void **state)
{
    struct scrub_engine *windowed = engine_with_window(NULL, 4096);
    struct scrub_engine *whole = engine_with_window(NULL, SIZE_MAX / 4);
    struct buf a, b;

    (void)state;
    buf_init(&a, BUF_NO_MAX);
    buf_init(&b, BUF_NO_MAX);
    for (uint32_t seed = 1; seed <= 12; seed++) {
        char *t = long_text(seed, 12000 + 4000 * seed);
        findings_str(windowed, t, &a);
        findings_str(whole, t, &b);
        assert_true(a.len > 200); /* the texts are full of values: nothing passes vacuously */
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        assert_int_equal(warnings_of(windowed, t), warnings_of(whole, t));
        free(t);
    }
    buf_release(&a);
    buf_release(&b);
    scrub_engine_free(windowed);
    scrub_engine_free(whole);
}

static void
a_run_of_joined_values_longer_than_a_window_stays_one_finding(void **state)
{
    struct scrub_engine *e = engine_with_window(NULL, 1024);
    struct scrub_findings f;
    struct err err = {ERR_NONE, ""};
    struct buf t;

    (void)state;
    buf_init(&t, BUF_NO_MAX);
    for (int i = 0; i < 600; i++) {
        assert_int_equal(buf_printf(&t, &err, "%sana%d@example.com", i ? " " : "", i), 0);
    }
    scrub_findings_init(&f);
    assert_int_equal(scrub_engine_detect(e, t.data, t.len, &f, &err), 0);
    /* Addresses a space apart join into one finding: across every window, the whole text. */
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0].start, 0);
    assert_int_equal(f.v[0].end, t.len);
    scrub_findings_release(&f);
    buf_release(&t);
    scrub_engine_free(e);
}

static void
a_window_edge_does_not_make_a_warning_of_a_cut_phrase(void **state)
{
    struct scrub_engine *windowed = engine_with_window(NULL, 1024);
    struct scrub_engine *whole = engine_with_window(NULL, SIZE_MAX / 4);
    struct err err = {ERR_NONE, ""};
    struct buf t;

    (void)state;
    /* Cut before " the dog", "kill" alone would read as violence; the whole text is about an
     * animal only. Every offset of the phrase against the window edges is tried. */
    buf_init(&t, BUF_NO_MAX);
    for (int shift = 0; shift < 40; shift++) {
        buf_reset(&t);
        for (int i = 0; i < shift; i++) {
            assert_int_equal(buf_printf(&t, &err, "x "), 0);
        }
        while (t.len < 6000) {
            assert_int_equal(buf_printf(&t, &err, "kill the dog . "), 0);
        }
        assert_int_equal(buf_putc(&t, '\0', &err), 0);
        assert_int_equal(warnings_of(windowed, (const char *)t.data),
                         warnings_of(whole, (const char *)t.data));
    }
    buf_release(&t);
    scrub_engine_free(windowed);
    scrub_engine_free(whole);
}

static const char two_hits_pack[] = "pack: warnings\n"
                                    "version: 1\n"
                                    "content_warnings:\n"
                                    "  - category: zoo\n"
                                    "    description: two different animals\n"
                                    "    min_hits: 2\n"
                                    "    terms: [zebra, quokka]\n";

static void
a_category_needing_two_hits_counts_them_across_windows(void **state)
{
    char path[] = "/tmp/veil-windows-XXXXXX";
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    struct buf t;
    FILE *f;
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    assert_non_null(f = fdopen(fd, "w"));
    assert_true(fputs(two_hits_pack, f) >= 0);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(scrub_rules_load(&rs, path, &err), 0);
    unlink(path);
    struct scrub_engine *a = engine_with_window(rs, 1024);
    struct scrub_engine *b = engine_with_window(rs, SIZE_MAX / 4);
    buf_init(&t, BUF_NO_MAX);
    /* The two animals 8 KB apart (windows of 1 KiB), then the same animal twice. */
    static const char *const pairs[][2] = {{"zebra", "quokka"}, {"zebra", "zebra"}};
    for (size_t k = 0; k < 2; k++) {
        buf_reset(&t);
        assert_int_equal(buf_printf(&t, &err, "a %s here. ", pairs[k][0]), 0);
        while (t.len < 8000) {
            assert_int_equal(buf_printf(&t, &err, "the weather is nice today. "), 0);
        }
        assert_int_equal(buf_printf(&t, &err, "and a %s there.", pairs[k][1]), 0);
        uint64_t in_windows = 0, read_whole = 0;
        assert_int_equal(scrub_engine_warnings(a, t.data, t.len, &in_windows, &err), 0);
        assert_int_equal(scrub_engine_warnings(b, t.data, t.len, &read_whole, &err), 0);
        assert_int_equal(read_whole, k == 0 ? 1 : 0);
        assert_int_equal(in_windows, read_whole);
    }
    buf_release(&t);
    scrub_engine_free(a);
    scrub_engine_free(b);
    scrub_rules_free(rs);
}

static void
invalid_utf8_in_a_long_text_is_named_at_its_offset_in_the_text(void **state)
{
    struct scrub_engine *e = engine_with_window(NULL, 1024);
    struct scrub_findings f;
    struct err err = {ERR_NONE, ""};
    uint64_t cats = 0;
    static unsigned char t[5000];

    (void)state;
    scrub_findings_init(&f);
    memset(t, 'a', sizeof(t));
    for (size_t i = 0; i < sizeof(t); i += 10) {
        t[i] = ' ';
    }
    t[4321] = 0xC3; /* a lead byte followed by 'a' */
    assert_int_equal(scrub_engine_detect(e, t, sizeof(t), &f, &err), -1);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_string_equal(err.msg, "invalid UTF-8 at byte 4321");
    err = (struct err){ERR_NONE, ""};
    assert_int_equal(scrub_engine_warnings(e, t, sizeof(t), &cats, &err), -1);
    assert_string_equal(err.msg, "invalid UTF-8 at byte 4321");
    /* Nothing but continuation bytes: no character starts anywhere, and still an error. */
    memset(t, 0x80, sizeof(t));
    err = (struct err){ERR_NONE, ""};
    assert_int_equal(scrub_engine_detect(e, t, sizeof(t), &f, &err), -1);
    assert_string_equal(err.msg, "invalid UTF-8 at byte 0");
    struct text_window w = {0};
    size_t windows = 0;
    while (text_window_next(e, t, sizeof(t), &w)) {
        assert_true(w.core_hi > w.core_lo);
        windows++;
    }
    assert_true(windows > 1 && windows < sizeof(t));
    scrub_findings_release(&f);
    scrub_engine_free(e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(windows_tile_the_text_and_cut_between_characters),
        cmocka_unit_test(windowed_detection_finds_what_the_whole_text_finds),
        cmocka_unit_test(a_run_of_joined_values_longer_than_a_window_stays_one_finding),
        cmocka_unit_test(a_window_edge_does_not_make_a_warning_of_a_cut_phrase),
        cmocka_unit_test(a_category_needing_two_hits_counts_them_across_windows),
        cmocka_unit_test(invalid_utf8_in_a_long_text_is_named_at_its_offset_in_the_text),
    };

    return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
