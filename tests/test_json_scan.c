/* The zero-copy record scanner: strict validation, spans, paths, escapes. */
/* clang-format off: older cmocka needs these before <cmocka.h> */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/json_scan_internal.h"

static int
scan(struct json_scan *s, const char *text, struct err *err)
{
    return json_scan_record(s, (const unsigned char *)text, strlen(text), err);
}

static void
scanner_reports_each_value_with_its_span_and_path(void **state)
{
    const char *rec = " {\"a\": \"x\\ny\", \"b\": {\"c\": [1, -2.5e3, \"z\"]}, \"d\": null} ";
    struct json_scan s;
    struct err err;
    (void)state;

    json_scan_init(&s);
    assert_int_equal(scan(&s, rec, &err), 0);
    assert_int_equal(s.n, 7); /* "x\ny", 1, -2.5e3, "z", [..], {..}, null */
    assert_int_equal(s.v[0].kind, JV_STRING);
    assert_true(s.v[0].escaped);
    assert_string_equal(json_value_path(&s, &s.v[0]), "a");
    assert_memory_equal(rec + s.v[0].start, "\"x\\ny\"", 6);
    assert_string_equal(json_value_path(&s, &s.v[1]), "b.c");
    assert_true(s.v[1].integer);
    assert_false(s.v[2].integer);
    assert_int_equal(s.v[4].kind, JV_ARRAY);
    assert_int_equal(s.v[5].kind, JV_OBJECT);
    assert_int_equal(s.v[5].depth, 1);
    assert_int_equal(s.v[6].kind, JV_LITERAL);
    assert_int_equal(rec[s.top_close], '}');
    json_scan_release(&s);
}

static void
scanner_rejects_what_rfc_8259_rejects(void **state)
{
    static const char *const bad[] = {
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00x\"}",
        "{\"a\":tru}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":1} x",
        "{\"a\":\"\t\"}",
        "{\"a\":\"\xc0\xaf\"}",
        "{\"a\":\"\xed\xa0\x80\"}",
        "{\"a\":[1 2]}",
        "{\"a\":\"\xf4\x90\x80\x80\"}",
        "{",
        "",
        "{\"a\":\"unterminated}",
    };
    struct json_scan s;
    struct err err;
    (void)state;

    json_scan_init(&s);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (scan(&s, bad[i], &err) != -1) {
            fail_msg("accepted invalid record %zu", i);
        }
        assert_int_equal(err.kind, ERR_PARSE);
        assert_non_null(strstr(err.msg, "JSON"));
    }
    json_scan_release(&s);
}

static void
scanner_says_not_an_object_for_other_json(void **state)
{
    struct json_scan s;
    struct err err;
    (void)state;

    json_scan_init(&s);
    assert_int_equal(scan(&s, "[1,2]", &err), -1);
    assert_string_equal(err.msg, "not a JSON object");
    json_scan_release(&s);
}

static void
scanner_refuses_duplicate_top_level_keys_even_when_escaped(void **state)
{
    struct json_scan s;
    struct err err;
    (void)state;

    json_scan_init(&s);
    assert_int_equal(scan(&s, "{\"id\":1,\"i\\u0064\":2}", &err), -1);
    assert_non_null(strstr(err.msg, "duplicate key"));
    assert_int_equal(scan(&s, "{\"a\":{\"k\":1},\"b\":{\"k\":2}}", &err), 0);
    json_scan_release(&s);
}

static void
scanner_limits_nesting_depth(void **state)
{
    char deep[300];
    struct json_scan s;
    struct err err;
    (void)state;

    memset(deep, '[', sizeof(deep));
    memcpy(deep, "{\"a\":", 5);
    deep[sizeof(deep) - 1] = '\0';
    json_scan_init(&s);
    assert_int_equal(scan(&s, deep, &err), -1);
    assert_int_equal(err.kind, ERR_LIMIT);
    json_scan_release(&s);
}

static void
unescape_then_escape_round_trips_every_escape(void **state)
{
    const char *raw = "a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0000z";
    struct buf out, back;
    struct err err;
    (void)state;

    buf_init(&out, BUF_NO_MAX);
    buf_init(&back, BUF_NO_MAX);
    assert_int_equal(json_unescape((const unsigned char *)raw, strlen(raw), &out, &err), 0);
    assert_int_equal(out.len, 20);
    assert_memory_equal(out.data, "a\"b\\c/d\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80\0z", 20);
    assert_int_equal(json_escape(&back, out.data, out.len, &err), 0);
    assert_string_equal((char *)back.data,
                        "\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\xc3\xa9\xf0\x9f\x98\x80\\u0000z\"");
    buf_release(&out);
    buf_release(&back);
}

/* Decodes lit in place and escapes it back; the decoded bytes must be json_unescape's. */
static void
round_trip_in_place(const char *lit, size_t len)
{
    unsigned char *p = malloc(len + 1);
    struct buf want, journal;
    struct err err;
    size_t dec;

    buf_init(&want, BUF_NO_MAX);
    buf_init(&journal, BUF_NO_MAX);
    memcpy(p, lit, len);
    assert_int_equal(json_unescape((const unsigned char *)lit, len, &want, &err), 0);
    assert_int_equal(json_unescape_in_place(p, len, &journal, len, &dec), 0);
    assert_int_equal(dec, want.len);
    assert_memory_equal(p, want.data, dec);
    json_escape_in_place(p, dec, len, &journal);
    assert_memory_equal(p, lit, len);
    free(p);
    buf_release(&want);
    buf_release(&journal);
}

/*
 * A literal decodes where it lies to what json_unescape gives, and escapes back to itself byte
 * for byte: the escapes json_escape writes from the decoded bytes alone, the others (\/, \u for
 * a printable, non-ASCII or astral character, in either case, a control character spelled long)
 * from the journal; random mixes of all of them too. A literal whose journal would be too long,
 * or that holds a raw control character, is left as it was.
 */
static void
literal_decodes_in_place_and_escapes_back_byte_for_byte(void **state)
{
    static const char *const pieces[] = {"a",
                                         "\xc3\xa9",
                                         "/",
                                         "\\\"",
                                         "\\\\",
                                         "\\/",
                                         "\\b",
                                         "\\f",
                                         "\\n",
                                         "\\r",
                                         "\\t",
                                         "\\u0001",
                                         "\\u001f",
                                         "\\u001F",
                                         "\\u000a",
                                         "\\u0041",
                                         "\\u00e9",
                                         "\\u00E9",
                                         "\\u2019",
                                         "\\ud83d\\ude00",
                                         "\\uD83D\\uDe00",
                                         " ",
                                         "\xf0\x9f\x98\x80"};
    const size_t n_pieces = sizeof(pieces) / sizeof(pieces[0]);
    unsigned char lit[] = "ab\\u00e9cd";
    struct buf journal;
    size_t dec;
    char mix[4096];
    (void)state;

    for (size_t i = 0; i < n_pieces; i++) {
        round_trip_in_place(pieces[i], strlen(pieces[i]));
    }
    srand(29);
    for (int round = 0; round < 500; round++) {
        size_t len = 0, count = (size_t)(rand() % 40);
        for (size_t k = 0; k < count; k++) {
            const char *piece = pieces[(size_t)rand() % n_pieces];
            memcpy(mix + len, piece, strlen(piece));
            len += strlen(piece);
        }
        round_trip_in_place(mix, len);
    }
    buf_init(&journal, BUF_NO_MAX);
    assert_int_equal(json_unescape_in_place(lit, strlen((char *)lit), &journal, 1, &dec), 1);
    assert_string_equal((char *)lit, "ab\\u00e9cd");
    assert_int_equal(json_unescape_in_place((unsigned char[]){'a', 1, 'b'}, 3, &journal, 9, &dec),
                     1);
    buf_release(&journal);
}

/*
 * Decoded offsets map to the escaped literal's bytes: before, between and after escapes of every
 * length (2, 6 and the 12 of a surrogate pair); an offset inside what one escape decodes to, or
 * past the end, has no such byte; an invalid escape is an error.
 */
static void
decoded_offsets_map_into_the_escaped_literal(void **state)
{
    /* decoded: a \n b é(2) c 😀(4) d  ->  offsets 0 1 2 3 5 6 10 11 */
    const char *lit = "a\\nb\\u00e9c\\ud83d\\ude00d";
    const size_t dec[] = {0, 1, 2, 3, 5, 6, 10, 11};
    const size_t want[] = {0, 1, 3, 4, 10, 11, 23, 24};
    size_t esc[8], inside[] = {4}, past[] = {12}, whole[] = {0, 0};
    struct err err;
    (void)state;

    assert_int_equal(
        json_escaped_offsets((const unsigned char *)lit, strlen(lit), dec, 8, esc, &err), 0);
    assert_memory_equal(esc, want, sizeof(want));
    assert_int_equal(
        json_escaped_offsets((const unsigned char *)lit, strlen(lit), inside, 1, esc, &err), 1);
    inside[0] = 8; /* the third byte of the emoji */
    assert_int_equal(
        json_escaped_offsets((const unsigned char *)lit, strlen(lit), inside, 1, esc, &err), 1);
    assert_int_equal(
        json_escaped_offsets((const unsigned char *)lit, strlen(lit), past, 1, esc, &err), 1);
    assert_int_equal(json_escaped_offsets((const unsigned char *)"x\\q", 3, whole, 2, esc, &err),
                     0);
    whole[1] = 2;
    assert_int_equal(json_escaped_offsets((const unsigned char *)"x\\q", 3, whole, 2, esc, &err),
                     -1);
    assert_int_equal(err.kind, ERR_PARSE);
}

/*
 * The string scan reads sixteen bytes at a time: each byte that stops it (the closing quote, an
 * escape, a control character, a non-ASCII byte, valid or not) is found at every offset of a
 * block and of the tail after the last whole block.
 */
static void
string_scan_finds_each_stop_at_every_offset(void **state)
{
    static const struct {
        const char *stop;
        int rc;
        bool escaped;
    } cases[] = {
        {"\"", 0, false},
        {"\\n\"", 0, true},
        {"\\u00e9\"", 0, true},
        {"\xc3\xa9\"", 0, false},
        {"\xe2\x80\x99\"", 0, false},
        {"\x01\"", -1, false},
        {"\x1f\"", -1, false},
        {"\xc3\"", -1, false},
        {"\x80\"", -1, false},
        {"\xff\"", -1, false},
        {"\xed\xa0\x80\"", -1, false},
    };
    char rec[128];
    struct json_scan s;
    struct err err;
    (void)state;

    json_scan_init(&s);
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        for (size_t at = 0; at < 40; at++) {
            size_t n = 0;
            n += (size_t)snprintf(rec + n, sizeof(rec) - n, "{\"k\": \"");
            memset(rec + n, 'a', at);
            n += at;
            n += (size_t)snprintf(rec + n, sizeof(rec) - n, "%s}", cases[c].stop);
            assert_int_equal(scan(&s, rec, &err), cases[c].rc);
            if (cases[c].rc == 0) {
                assert_int_equal(s.n, 1);
                assert_int_equal(s.v[0].kind, JV_STRING);
                assert_int_equal(s.v[0].escaped, cases[c].escaped);
                assert_int_equal(s.v[0].end, n - 1); /* up to the closing quote, included */
            }
        }
    }
    json_scan_release(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scanner_reports_each_value_with_its_span_and_path),
        cmocka_unit_test(scanner_rejects_what_rfc_8259_rejects),
        cmocka_unit_test(scanner_says_not_an_object_for_other_json),
        cmocka_unit_test(scanner_refuses_duplicate_top_level_keys_even_when_escaped),
        cmocka_unit_test(scanner_limits_nesting_depth),
        cmocka_unit_test(unescape_then_escape_round_trips_every_escape),
        cmocka_unit_test(literal_decodes_in_place_and_escapes_back_byte_for_byte),
        cmocka_unit_test(decoded_offsets_map_into_the_escaped_literal),
        cmocka_unit_test(string_scan_finds_each_stop_at_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
