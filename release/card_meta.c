/* The card metadata fields release needs, read from the top-level mapping of card.yaml. */
#include "release/release_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

static char **
field_for(struct card_meta *meta, const char *key)
{
    if (strcmp(key, "pretty_name") == 0) {
        return &meta->pretty_name;
    }
    if (strcmp(key, "license") == 0) {
        return &meta->license;
    }
    if (strcmp(key, "license_name") == 0) {
        return &meta->license_name;
    }
    if (strcmp(key, "license_link") == 0) {
        return &meta->license_link;
    }
    if (strcmp(key, "license_details") == 0) {
        return &meta->license_details;
    }
    return NULL;
}

/* A scalar value, or the first scalar of a sequence (the Hub allows `license: [mit]`). */
static char *
node_text(yaml_document_t *doc, yaml_node_t *v)
{
    if (v->type == YAML_SEQUENCE_NODE &&
        v->data.sequence.items.start < v->data.sequence.items.top) {
        v = yaml_document_get_node(doc, *v->data.sequence.items.start);
    }
    if (!v || v->type != YAML_SCALAR_NODE) {
        return NULL;
    }
    return xstrdup((const char *)v->data.scalar.value);
}

int
card_meta_load(const char *path, struct card_meta *meta, struct err *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root;
    FILE *fp = fopen(path, "rb");
    int rc = -1;

    memset(meta, 0, sizeof(*meta));
    if (!fp) {
        return err_set(err, ERR_USAGE, "%s: missing card metadata: %s", path, strerror(errno));
    }
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    if (!yaml_parser_load(&parser, &doc)) {
        err_set(err, ERR_PARSE, "%s:%zu: invalid YAML: %s", path, parser.problem_mark.line + 1,
                parser.problem ? parser.problem : "parse error");
        yaml_parser_delete(&parser);
        fclose(fp);
        return -1;
    }
    root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        err_set(err, ERR_PARSE, "%s:1: card metadata must be a YAML mapping", path);
        goto out;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        char **slot;
        if (!k || !v || k->type != YAML_SCALAR_NODE) {
            continue;
        }
        slot = field_for(meta, (const char *)k->data.scalar.value);
        if (slot && !*slot) {
            *slot = node_text(&doc, v);
        }
    }
    rc = 0;
out:
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(fp);
    if (rc < 0) {
        card_meta_release(meta);
    }
    return rc;
}

void
card_meta_release(struct card_meta *meta)
{
    free(meta->pretty_name);
    free(meta->license);
    free(meta->license_name);
    free(meta->license_link);
    free(meta->license_details);
    memset(meta, 0, sizeof(*meta));
}
