/*
 * Card metadata (card.yaml) on arbitrary bytes, rendered against a fixed valid stats file.
 * Invariants: an accepted file gives a README whose front matter parses as YAML and is a
 * mapping, rendering twice gives the same bytes, and a rejection always says why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "common/buf.h"
#include "common/err.h"
#include "release/release.h"
#include "tests/fuzz/fuzz_card.h"
#include "tests/fuzz/fuzz_temp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char stats_text[] =
    "{\"format\": \"veil-stats/1\", \"veil_version\": \"0.1.0\", \"rules_digest\": "
    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"id_key_id\": null, "
    "\"outputs\": [{\"path\": \"train.jsonl\", \"sha256\": "
    "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", \"bytes\": 10, "
    "\"records\": 2}], \"records\": {\"in\": 2, \"out\": 2, \"skipped\": 0, \"quarantined\": 0, "
    "\"dropped\": 0, \"blank\": 0}, \"detections\": {\"total\": 0, \"by_entity\": {}, "
    "\"by_field\": {}}, \"pseudonyms\": {}, \"content_warnings\": {\"field\": "
    "\"content_warnings\", \"records_with_any\": 1, \"by_category\": {\"violence\": 1}}}\n";

static void
front_matter_parses(const struct buf *readme)
{
    const char *text = (const char *)readme->data;
    const char *end = text ? strstr(text, "\n---\n") : NULL;
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root;

    if (!text || strncmp(text, "---\n", 4) != 0 || !end) {
        abort();
    }
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text + 4,
                                 (size_t)(end - text) - 3);
    if (!yaml_parser_load(&parser, &doc)) {
        abort();
    }
    root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        abort();
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char meta[] = "/tmp/veil_fuzz_cardmeta.XXXXXX";
    char stats[] = "/tmp/veil_fuzz_cardstats.XXXXXX";
    struct buf a;

    write_temp(meta, data, size);
    write_temp(stats, stats_text, strlen(stats_text));
    if (card_render_checked(meta, stats, &a) == 0) {
        front_matter_parses(&a);
    }
    buf_release(&a);
    unlink(meta);
    unlink(stats);
    return 0;
}
