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
write_temp(char *path, const void *p, size_t n)
{
    int fd = mkstemp(path);
    FILE *fp;

    if (fd < 0 || !(fp = fdopen(fd, "wb"))) {
        abort();
    }
    if (fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
        abort();
    }
}

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
    const char *stats_list[] = {stats};
    struct release_card_opts opts;
    struct buf a, b;
    struct err err;

    write_temp(meta, data, size);
    write_temp(stats, stats_text, strlen(stats_text));
    memset(&opts, 0, sizeof(opts));
    opts.meta = meta;
    opts.stats = stats_list;
    opts.n_stats = 1;
    buf_init(&a, BUF_NO_MAX);
    buf_init(&b, BUF_NO_MAX);
    err_clear(&err);
    if (release_card_render(&opts, &a, NULL, &err) == 0) {
        front_matter_parses(&a);
        if (release_card_render(&opts, &b, NULL, &err) != 0 || a.len != b.len ||
            memcmp(a.data, b.data, a.len) != 0) {
            abort();
        }
    } else if (err.msg[0] == '\0') {
        abort();
    }
    buf_release(&a);
    buf_release(&b);
    unlink(meta);
    unlink(stats);
    return 0;
}
