/* Gold parsing: good records load; every kind of bad record is an error naming line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "common/err.h"

static int
parse(const char *json, struct audit_gold_record *g, struct err *err)
{
    return audit_gold_parse("gold.jsonl", 12, (const unsigned char *)json, strlen(json), g, err);
}

/* Parse a bad line; the message must name the file, line and field and not echo the text. */
static void
expect_error(const char *json, const char *field, const char *what)
{
    struct audit_gold_record g;
    struct err err;

    err_clear(&err);
    assert_int_equal(parse(json, &g, &err), -1);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_non_null(strstr(err.msg, "gold.jsonl:12: record 12"));
    if (field) {
        assert_non_null(strstr(err.msg, field));
    }
    assert_non_null(strstr(err.msg, what));
    assert_null(strstr(err.msg, "jane"));
    assert_null(g.text);
    assert_null(g.spans);
}

static void
gold_parses_spans_sorted_by_start(void **state)
{
    struct audit_gold_record g;
    struct err err;
    (void)state;

    assert_int_equal(parse("{\"id\": 7, \"text\": \"mail jane@x.io or 555\", \"spans\": ["
                           "{\"type\": \"PHONE\", \"start\": 18, \"end\": 21},"
                           "{\"type\": \"EMAIL\", \"start\": 5, \"end\": 14, \"value\": "
                           "\"jane@x.io\"}]}",
                           &g, &err),
                     0);
    assert_string_equal(g.id, "7");
    assert_int_equal(g.line, 12);
    assert_int_equal(g.len, 21);
    assert_int_equal(g.n_spans, 2);
    assert_string_equal(g.spans[0].type, "EMAIL");
    assert_int_equal(g.spans[0].start, 5);
    assert_string_equal(g.spans[1].type, "PHONE");
    audit_gold_record_release(&g);
}

static void
gold_without_id_is_named_by_its_line(void **state)
{
    struct audit_gold_record g;
    struct err err;
    (void)state;

    assert_int_equal(parse("{\"text\": \"nothing\", \"spans\": []}", &g, &err), 0);
    assert_string_equal(g.id, "line 12");
    assert_int_equal(g.n_spans, 0);
    audit_gold_record_release(&g);
}

static void
gold_allows_overlapping_spans_of_different_types(void **state)
{
    struct audit_gold_record g;
    struct err err;
    (void)state;

    assert_int_equal(parse("{\"text\": \"jane@x.io\", \"spans\": ["
                           "{\"type\": \"EMAIL\", \"start\": 0, \"end\": 9},"
                           "{\"type\": \"PERSON\", \"start\": 0, \"end\": 4}]}",
                           &g, &err),
                     0);
    assert_int_equal(g.n_spans, 2);
    audit_gold_record_release(&g);
}

static void
gold_rejects_offset_past_the_end(void **state)
{
    (void)state;
    expect_error(
        "{\"text\": \"jane\", \"spans\": [{\"type\": \"PERSON\", \"start\": 0, \"end\": 5}]}",
        "spans[0].end", "past the end of the text (4 bytes)");
}

static void
gold_rejects_offset_inside_a_utf8_character(void **state)
{
    (void)state;
    /* "zoë": ë is bytes 2-3, so 3 splits it */
    expect_error("{\"text\": \"zo\\u00eb\", \"spans\": [{\"type\": \"PERSON\", \"start\": 0, "
                 "\"end\": 3}]}",
                 "spans[0].end", "inside a UTF-8 character");
}

static void
gold_rejects_value_that_differs_from_the_text(void **state)
{
    (void)state;
    expect_error("{\"text\": \"call jane\", \"spans\": [{\"type\": \"PERSON\", \"start\": 5, "
                 "\"end\": 9, \"value\": \"joan\"}]}",
                 "spans[0].value", "differs from the text");
}

static void
gold_rejects_overlapping_spans_of_one_type(void **state)
{
    (void)state;
    expect_error("{\"text\": \"jane doe x\", \"spans\": ["
                 "{\"type\": \"PERSON\", \"start\": 0, \"end\": 8},"
                 "{\"type\": \"PERSON\", \"start\": 5, \"end\": 10}]}",
                 "'spans'", "PERSON spans 0-8 and 5-10 overlap");
}

static void
gold_rejects_empty_and_reversed_spans(void **state)
{
    (void)state;
    expect_error(
        "{\"text\": \"jane\", \"spans\": [{\"type\": \"PERSON\", \"start\": 2, \"end\": 2}]}",
        "spans[0].end", "empty or reversed");
    expect_error(
        "{\"text\": \"jane\", \"spans\": [{\"type\": \"PERSON\", \"start\": 3, \"end\": 1}]}",
        "spans[0].end", "empty or reversed");
}

static void
gold_rejects_missing_and_mistyped_fields(void **state)
{
    (void)state;
    expect_error("{\"spans\": []}", "'text'", "missing");
    expect_error("{\"text\": \"jane\"}", "'spans'", "missing");
    expect_error("{\"text\": \"jane\", \"spans\": {}}", "'spans'", "not an array");
    expect_error("{\"text\": \"jane\", \"spans\": [{\"start\": 0, \"end\": 1}]}", "spans[0].type",
                 "not a name");
    expect_error("{\"text\": \"jane\", \"spans\": [{\"type\": \"A B\", \"start\": 0, \"end\": 1}]}",
                 "spans[0].type", "not a name");
    expect_error("{\"text\": \"jane\", \"spans\": [{\"type\": \"P\", \"start\": -1, \"end\": 1}]}",
                 "spans[0].start", "non-negative integer");
    expect_error("{\"text\": \"jane\", \"spans\": [{\"type\": \"P\", \"start\": 0}]}",
                 "spans[0].end", "missing");
    expect_error("{\"text\": \"jane\", \"spans\": [3]}", "spans[0]", "not an object");
    expect_error("[1, 2]", NULL, "not a JSON object");
}

static void
gold_invalid_json_message_does_not_quote_the_input(void **state)
{
    (void)state;
    expect_error("{\"text\": \"jane\" jane@x.io}", NULL, "invalid JSON at byte");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gold_parses_spans_sorted_by_start),
        cmocka_unit_test(gold_without_id_is_named_by_its_line),
        cmocka_unit_test(gold_allows_overlapping_spans_of_different_types),
        cmocka_unit_test(gold_rejects_offset_past_the_end),
        cmocka_unit_test(gold_rejects_offset_inside_a_utf8_character),
        cmocka_unit_test(gold_rejects_value_that_differs_from_the_text),
        cmocka_unit_test(gold_rejects_overlapping_spans_of_one_type),
        cmocka_unit_test(gold_rejects_empty_and_reversed_spans),
        cmocka_unit_test(gold_rejects_missing_and_mistyped_fields),
        cmocka_unit_test(gold_invalid_json_message_does_not_quote_the_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
