/*
 * The data card: front matter the Hub can parse, tables equal to the stats, byte-identical
 * regeneration, and errors that name the file, line and key.
 */
/* older cmocka needs these before <cmocka.h> */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "common/buf.h"
#include "common/err.h"
#include "release/release.h"

#include "common/banned.h"

static const char meta_text[] = "pretty_name: 'Test: \"quoted\" # not a comment'\n"
                                "license: cc-by-4.0\n"
                                "language: [en, fr]\n"
                                "task_categories: [text-generation]\n"
                                "tags: [red-teaming]\n"
                                "description: A fixture for the card tests.\n"
                                "curated_by: the tests\n"
                                "citation: |\n"
                                "  @misc{fixture, title = {Fixture}, year = {2026}}\n";

static const char stats_text[] =
    "{\"format\": \"veil-stats/1\", \"veil_version\": \"0.1.0\",\n"
    " \"rules_digest\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\n"
    " \"id_key_id\": \"0123456789abcdef\",\n"
    " \"outputs\": [{\"path\": \"/somewhere/train.jsonl.zst\", \"sha256\":\n"
    "   \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\n"
    "   \"bytes\": 4567, \"records\": 1234}],\n"
    " \"records\": {\"in\": 1240, \"out\": 1234, \"skipped\": 4, \"quarantined\": 2,\n"
    "   \"dropped\": 0, \"blank\": 0},\n"
    " \"bytes\": {\"in\": 100000, \"out\": 99000},\n"
    " \"fields\": {\"transcript\": {\"strings\": 1234, \"bytes\": 98720}},\n"
    " \"detections\": {\"total\": 50, \"by_entity\": {\"PHONE\": 20, \"EMAIL\": 30},\n"
    "   \"by_rule\": {}, \"by_field\": {\"transcript\": 50}},\n"
    " \"pseudonyms\": {\"red_team_member_id\": {\"distinct\": 3, \"values\":\n"
    "   [\"w_0000000000000001\", \"w_0000000000000002\", \"w_0000000000000003\"]}},\n"
    " \"content_warnings\": {\"field\": \"content_warnings\", \"records_with_any\": 300,\n"
    "   \"by_category\": {\"hate\": 45, \"violence\": 120}},\n"
    " \"errors\": []}\n";

static const char audit_text[] =
    "{\"format\": \"veil-audit/1\", \"records\": 25,\n"
    " \"leak\": {\"overall\": {\"n\": 40, \"tp\": 38, \"fn\": 2, \"predicted\": 38, \"fp\": 0,\n"
    "   \"recall\": 0.95, \"recall_ci95\": [0.835, 0.986], \"precision\": 1.0,\n"
    "   \"precision_ci95\": [0.908, 1.0], \"f2\": 0.96},\n"
    "  \"per_type\": {\"PHONE\": {\"n\": 20, \"tp\": 18, \"fn\": 2, \"predicted\": 18, \"fp\": 0,\n"
    "   \"recall\": 0.9, \"recall_ci95\": [0.699, 0.972], \"precision\": 1.0,\n"
    "   \"precision_ci95\": [0.824, 1.0], \"f2\": 0.92},\n"
    "   \"EMAIL\": {\"n\": 20, \"tp\": 20, \"fn\": 0, \"predicted\": 20, \"fp\": 0,\n"
    "   \"recall\": 1.0, \"recall_ci95\": [0.839, 1.0], \"precision\": 1.0,\n"
    "   \"precision_ci95\": [0.839, 1.0], \"f2\": 1.0}}}}\n";

static const struct release_card_category categories[] = {
    {"violence", "Physical harm to people."},
    {"hate", "Slurs and demeaning talk about groups."},
    {"sexual", "Sexual acts and talk."},
};

struct fx {
    char dir[64];
    char meta[128], stats[128], audit[128], extra[128];
    const char *stats_list[2];
    const char *audit_list[1];
    struct release_card_opts opts;
    struct buf readme, warning;
    struct err err;
};

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    snprintf(f->dir, sizeof(f->dir), "/tmp/veil-card-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->meta, sizeof(f->meta), "%s/card.yaml", f->dir);
    snprintf(f->stats, sizeof(f->stats), "%s/stats.json", f->dir);
    snprintf(f->audit, sizeof(f->audit), "%s/audit.json", f->dir);
    snprintf(f->extra, sizeof(f->extra), "%s/extra.json", f->dir);
    write_file(f->meta, meta_text);
    write_file(f->stats, stats_text);
    write_file(f->audit, audit_text);
    f->stats_list[0] = f->stats;
    f->audit_list[0] = f->audit;
    f->opts.meta = f->meta;
    f->opts.stats = f->stats_list;
    f->opts.n_stats = 1;
    f->opts.audit = f->audit_list;
    f->opts.n_audit = 1;
    f->opts.categories = categories;
    f->opts.n_categories = sizeof(categories) / sizeof(categories[0]);
    buf_init(&f->readme, BUF_NO_MAX);
    buf_init(&f->warning, BUF_NO_MAX);
    err_clear(&f->err);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    const char *names[] = {f->meta, f->stats, f->audit, f->extra};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        unlink(names[i]);
    }
    rmdir(f->dir);
    buf_release(&f->readme);
    buf_release(&f->warning);
    free(f);
    return 0;
}

static void
render_ok(struct fx *f)
{
    int rc = release_card_render(&f->opts, &f->readme, &f->warning, &f->err);
    if (rc != 0) {
        fail_msg("render failed: %s", f->err.msg);
    }
}

static void
render_fails(struct fx *f, enum err_kind kind, const char *needle)
{
    assert_int_equal(release_card_render(&f->opts, &f->readme, &f->warning, &f->err), -1);
    assert_int_equal(f->err.kind, kind);
    if (!strstr(f->err.msg, needle)) {
        fail_msg("error '%s' does not contain '%s'", f->err.msg, needle);
    }
}

static void
assert_contains(const struct buf *b, const char *needle)
{
    if (!b->data || !strstr((const char *)b->data, needle)) {
        fail_msg("output lacks: %s", needle);
    }
}

/* The YAML between the leading "---" lines, parsed with libyaml into doc. */
static void
parse_front_matter(const struct buf *readme, yaml_document_t *doc)
{
    const char *text = (const char *)readme->data;
    const char *end = strstr(text + 4, "\n---\n");
    yaml_parser_t parser;

    assert_memory_equal(text, "---\n", 4);
    assert_non_null(end);
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text + 4,
                                 (size_t)(end - text - 3));
    assert_int_equal(yaml_parser_load(&parser, doc), 1);
    yaml_parser_delete(&parser);
    assert_non_null(yaml_document_get_root_node(doc));
}

static yaml_node_t *
get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    assert_int_equal(map->type, YAML_MAPPING_NODE);
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0) {
            return yaml_document_get_node(doc, p->value);
        }
    }
    fail_msg("front matter lacks key '%s'", key);
    return NULL;
}

static const char *
item(yaml_document_t *doc, yaml_node_t *seq, size_t i)
{
    assert_int_equal(seq->type, YAML_SEQUENCE_NODE);
    assert_true(seq->data.sequence.items.start + i < seq->data.sequence.items.top);
    yaml_node_t *n = yaml_document_get_node(doc, seq->data.sequence.items.start[i]);
    assert_int_equal(n->type, YAML_SCALAR_NODE);
    return (const char *)n->data.scalar.value;
}

static const char *
scalar(yaml_node_t *n)
{
    assert_int_equal(n->type, YAML_SCALAR_NODE);
    return (const char *)n->data.scalar.value;
}

static void
front_matter_parses_with_libyaml_and_has_the_hub_keys(void **state)
{
    struct fx *f = *state;
    yaml_document_t doc;
    yaml_node_t *root, *configs, *files;

    render_ok(f);
    parse_front_matter(&f->readme, &doc);
    root = yaml_document_get_root_node(&doc);
    assert_string_equal(scalar(get(&doc, root, "pretty_name")), "Test: \"quoted\" # not a comment");
    assert_string_equal(scalar(get(&doc, root, "license")), "cc-by-4.0");
    assert_string_equal(item(&doc, get(&doc, root, "language"), 1), "fr");
    assert_string_equal(scalar(get(&doc, root, "multilinguality")), "multilingual");
    assert_string_equal(item(&doc, get(&doc, root, "size_categories"), 0), "1K<n<10K");
    assert_string_equal(item(&doc, get(&doc, root, "task_categories"), 0), "text-generation");
    assert_string_equal(item(&doc, get(&doc, root, "tags"), 0), "not-for-all-audiences");
    assert_string_equal(item(&doc, get(&doc, root, "tags"), 1), "red-teaming");
    configs = get(&doc, root, "configs");
    assert_int_equal(configs->type, YAML_SEQUENCE_NODE);
    yaml_node_t *def = yaml_document_get_node(&doc, configs->data.sequence.items.start[0]);
    assert_string_equal(scalar(get(&doc, def, "config_name")), "default");
    files = get(&doc, def, "data_files");
    yaml_node_t *train = yaml_document_get_node(&doc, files->data.sequence.items.start[0]);
    assert_string_equal(scalar(get(&doc, train, "split")), "train");
    assert_string_equal(scalar(get(&doc, train, "path")), "data/train.jsonl.zst");
    yaml_document_delete(&doc);
}

static void
tables_match_the_stats(void **state)
{
    struct fx *f = *state;

    render_ok(f);
    assert_contains(&f->readme, "| `data/train.jsonl.zst` | train | 1234 | 4567 | `bbbbbbbb");
    assert_contains(&f->readme, "| Records read | 1240 |\n| Records released | 1234 |\n"
                                "| Skipped as invalid input | 4 |\n"
                                "| Quarantined as invalid input (not released) | 2 |\n");
    assert_contains(&f->readme, "| `transcript` | 1234 | 98720 | 80.0 |");
    /* by count, then name: EMAIL (30) before PHONE (20) */
    assert_contains(&f->readme, "| `EMAIL` | 30 | 60.0% |\n| `PHONE` | 20 | 40.0% |\n");
    assert_contains(&f->readme, "Personal data found and redacted: 50 spans in 1234");
    assert_contains(&f->readme, "| `violence` | 120 | 9.7% | Physical harm to people. |\n"
                                "| `hate` | 45 | 3.6% | Slurs and demeaning talk about groups. |\n"
                                "| `sexual` | 0 | 0.0% | Sexual acts and talk. |\n");
    assert_contains(&f->readme, "flagged 300 of 1234 records (24.3%): violence (120), hate (45).");
    assert_contains(&f->readme, "| `red_team_member_id` | 3 | 1.6e-19 |");
    assert_contains(&f->readme, "Key fingerprint: `0123456789abcdef`");
    assert_contains(&f->readme, "| Rule-pack digest (SHA-256) | `aaaaaaaa");
}

static void
audit_recall_is_shown_with_its_interval(void **state)
{
    struct fx *f = *state;

    f->opts.audit_svg = "audit.svg";
    render_ok(f);
    assert_contains(&f->readme,
                    "| Leak recall (nothing survives) | 95.0% | 83.5% – 98.6% | 38 of 40 |");
    assert_contains(&f->readme, "| `EMAIL` | 100.0% | 83.9% – 100.0% | 20 of 20 |\n"
                                "| `PHONE` | 90.0% | 69.9% – 97.2% | 18 of 20 |\n");
    assert_contains(&f->readme, "Precision of the redactions (leak rule): 100.0% (95% CI 90.8%");
    assert_contains(&f->readme, "![Leak recall by entity type](audit.svg)");
}

static void
card_without_audit_says_recall_is_unmeasured(void **state)
{
    struct fx *f = *state;

    f->opts.n_audit = 0;
    render_ok(f);
    assert_contains(&f->readme, "No redaction audit was supplied");
    assert_null(strstr((const char *)f->readme.data, "Leak recall"));
}

static void
card_is_byte_identical_when_regenerated(void **state)
{
    struct fx *f = *state;
    struct buf again, again_warning;

    render_ok(f);
    buf_init(&again, BUF_NO_MAX);
    buf_init(&again_warning, BUF_NO_MAX);
    assert_int_equal(release_card_render(&f->opts, &again, &again_warning, &f->err), 0);
    assert_int_equal(again.len, f->readme.len);
    assert_int_equal(memcmp(again.data, f->readme.data, again.len), 0);
    assert_int_equal(again_warning.len, f->warning.len);
    assert_int_equal(memcmp(again_warning.data, f->warning.data, again_warning.len), 0);
    buf_release(&again);
    buf_release(&again_warning);
}

static void
content_warning_file_has_counts_and_descriptions(void **state)
{
    struct fx *f = *state;

    render_ok(f);
    assert_contains(&f->warning, "# Content warning: Test: \"quoted\" # not a comment\n\n> ");
    assert_contains(&f->warning, "| `violence` | 120 | 9.7% |\n| `hate` | 45 | 3.6% |\n"
                                 "| `sexual` | 0 | 0.0% |\n");
    assert_contains(&f->warning, "### violence\n\nPhysical harm to people.\n");
    assert_contains(&f->warning, "Read this file before viewing the data");
    assert_contains(&f->readme, "Read CONTENT_WARNING.md before viewing the data");
}

static void
unclassified_stats_are_called_out_in_the_banner(void **state)
{
    struct fx *f = *state;
    char *text = strdup(stats_text);
    char *cw = strstr(text, " \"content_warnings\"");

    assert_non_null(cw);
    memcpy(cw, " \"errors\": []}\n", strlen(" \"errors\": []}\n") + 1);
    write_file(f->stats, text);
    free(text);
    render_ok(f);
    assert_contains(&f->readme, "were not classified into content-warning categories");
    assert_contains(&f->warning, "No content-warning classification was run");
}

static void
counts_are_summed_over_several_stats_files(void **state)
{
    struct fx *f = *state;
    char *text = strdup(stats_text);
    char *p = strstr(text, "train.jsonl.zst");

    memcpy(p, "test.jsonl.zst\" ", 16); /* same length: "train.jsonl.zst\"" */
    p = strstr(text, "w_0000000000000003");
    memcpy(p, "w_0000000000000009", 18);
    write_file(f->extra, text);
    free(text);
    f->stats_list[1] = f->extra;
    f->opts.n_stats = 2;
    render_ok(f);
    assert_contains(&f->readme, "| Records released | 2468 |");
    assert_contains(&f->readme, "| `EMAIL` | 60 | 60.0% |");
    assert_contains(&f->readme, "flagged 600 of 2468 records (24.3%)");
    assert_contains(&f->readme, "| `red_team_member_id` | 4 |");
    assert_contains(&f->readme, "| **Total** | | **2468** | **9134** | |");
    assert_contains(&f->readme, "  - split: \"test\"\n    path: \"data/test.jsonl.zst\"\n");
}

static void
size_category_follows_the_record_count(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *records, *category;
    } cases[] = {{"999", "n<1K"}, {"1000", "1K<n<10K"}, {"100000", "100K<n<1M"}};

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[sizeof(stats_text) + 16], want[64];
        const char *at = strstr(stats_text, "\"out\": 1234");
        int n = snprintf(text, sizeof(text), "%.*s\"out\": %s%s", (int)(at - stats_text),
                         stats_text, cases[i].records, at + strlen("\"out\": 1234"));
        assert_true(n > 0 && (size_t)n < sizeof(text));
        write_file(f->stats, text);
        buf_reset(&f->readme);
        render_ok(f);
        snprintf(want, sizeof(want), "size_categories:\n- \"%s\"\n", cases[i].category);
        assert_contains(&f->readme, want);
    }
}

static void
missing_license_is_an_error_naming_the_key(void **state)
{
    struct fx *f = *state;
    const char *no_license = strstr(meta_text, "language:");
    char text[sizeof(meta_text)];

    snprintf(text, sizeof(text), "pretty_name: x\n%s", no_license);
    write_file(f->meta, text);
    render_fails(f, ERR_USAGE, "card.yaml: missing required key 'license' (the Hugging Face Hub");
}

static void
unknown_key_is_an_error_naming_its_line(void **state)
{
    struct fx *f = *state;
    char text[sizeof(meta_text) + 32];

    snprintf(text, sizeof(text), "%slicence: mit\n", meta_text);
    write_file(f->meta, text);
    render_fails(f, ERR_PARSE, "card.yaml:10: unknown key 'licence'");
}

static void
citation_must_be_bibtex(void **state)
{
    struct fx *f = *state;
    char text[sizeof(meta_text)];
    const char *cite = strstr(meta_text, "citation:");

    snprintf(text, sizeof(text), "%.*scitation: Fixture et al. 2026\n", (int)(cite - meta_text),
             meta_text);
    write_file(f->meta, text);
    render_fails(f, ERR_PARSE, "key 'citation': not a BibTeX entry");
}

static void
license_other_needs_a_name_and_link(void **state)
{
    struct fx *f = *state;
    char text[sizeof(meta_text) + 32];
    const char *rest = strstr(meta_text, "language:");

    snprintf(text, sizeof(text), "pretty_name: x\nlicense: other\nlicense_name: Custom\n%s", rest);
    write_file(f->meta, text);
    render_fails(f, ERR_USAGE, "missing required key 'license_link'");
}

static void
creators_outside_the_hub_vocabulary_are_refused(void **state)
{
    struct fx *f = *state;
    char text[sizeof(meta_text) + 64];

    snprintf(text, sizeof(text), "%sannotations_creators: [volunteers]\n", meta_text);
    write_file(f->meta, text);
    render_fails(f, ERR_PARSE, "key 'annotations_creators': 'volunteers' is not one of");
}

static void
stats_with_a_negative_count_are_rejected(void **state)
{
    struct fx *f = *state;
    char text[sizeof(stats_text) + 8];
    const char *at = strstr(stats_text, "\"skipped\": 4");

    snprintf(text, sizeof(text), "%.*s\"skipped\": -4%s", (int)(at - stats_text), stats_text,
             at + strlen("\"skipped\": 4"));
    write_file(f->stats, text);
    render_fails(f, ERR_PARSE, "stats.json: field 'records.skipped': expected a non-negative");
}

static void
a_second_score_report_is_refused(void **state)
{
    struct fx *f = *state;
    const char *two[] = {f->audit, f->audit};

    f->opts.audit = two;
    f->opts.n_audit = 2;
    render_fails(f, ERR_USAGE, "a second audit score report");
}

static void
missing_stats_file_names_the_path(void **state)
{
    struct fx *f = *state;

    unlink(f->stats);
    render_fails(f, ERR_USAGE, "stats.json: missing stats file");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(front_matter_parses_with_libyaml_and_has_the_hub_keys,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(tables_match_the_stats, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_recall_is_shown_with_its_interval, setup, teardown),
        cmocka_unit_test_setup_teardown(card_without_audit_says_recall_is_unmeasured, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(card_is_byte_identical_when_regenerated, setup, teardown),
        cmocka_unit_test_setup_teardown(content_warning_file_has_counts_and_descriptions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unclassified_stats_are_called_out_in_the_banner, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(counts_are_summed_over_several_stats_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(size_category_follows_the_record_count, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_license_is_an_error_naming_the_key, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unknown_key_is_an_error_naming_its_line, setup, teardown),
        cmocka_unit_test_setup_teardown(citation_must_be_bibtex, setup, teardown),
        cmocka_unit_test_setup_teardown(license_other_needs_a_name_and_link, setup, teardown),
        cmocka_unit_test_setup_teardown(creators_outside_the_hub_vocabulary_are_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(stats_with_a_negative_count_are_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_score_report_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_stats_file_names_the_path, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
