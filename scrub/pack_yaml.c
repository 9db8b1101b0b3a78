/* Typed accessors over a libyaml document, with errors naming file, line, rule and key. */
#include "scrub/pack_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

size_t
pack_line(const yaml_node_t *n)
{
    return n ? n->start_mark.line + 1 : 0;
}

const char *
pack_scalar(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        return NULL;
    }
    return (const char *)n->data.scalar.value;
}

static int
expected(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
         const char *what, struct err *err)
{
    return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': key '%s': expected %s", c->file,
                   pack_line(n), rule ? rule : "?", key, what);
}

int
pack_string(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
            char **out, struct err *err)
{
    const char *s = pack_scalar(n);

    if (!s) {
        return expected(c, n, rule, key, "a string", err);
    }
    if (strlen(s) != n->data.scalar.length) {
        return expected(c, n, rule, key, "a string without NUL bytes", err);
    }
    free(*out);
    *out = xstrdup(s);
    return 0;
}

int
pack_number(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
            double lo, double hi, double *out, struct err *err)
{
    const char *s = pack_scalar(n);
    char *end;
    double v;

    if (!s || !*s) {
        return expected(c, n, rule, key, "a number", err);
    }
    errno = 0;
    v = strtod(s, &end);
    if (*end || errno || isnan(v) || v < lo || v > hi) {
        char what[96];
        (void)snprintf(what, sizeof(what), "a number from %g to %g", lo, hi);
        return expected(c, n, rule, key, what, err);
    }
    *out = v;
    return 0;
}

int
pack_size(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
          size_t lo, size_t hi, size_t *out, struct err *err)
{
    const char *s = pack_scalar(n);
    char *end;
    unsigned long long v;

    if (!s || *s < '0' || *s > '9') {
        return expected(c, n, rule, key, "a whole number", err);
    }
    errno = 0;
    v = strtoull(s, &end, 10);
    if (*end || errno || v < lo || v > hi) {
        char what[96];
        (void)snprintf(what, sizeof(what), "a whole number from %zu to %zu", lo, hi);
        return expected(c, n, rule, key, what, err);
    }
    *out = (size_t)v;
    return 0;
}

int
pack_bool(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
          bool *out, struct err *err)
{
    const char *s = pack_scalar(n);

    if (s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes"))) {
        *out = true;
        return 0;
    }
    if (s && (!strcasecmp(s, "false") || !strcasecmp(s, "no"))) {
        *out = false;
        return 0;
    }
    return expected(c, n, rule, key, "true or false", err);
}

int
pack_strings(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
             struct string_list *out, struct err *err)
{
    if (n && n->type == YAML_SCALAR_NODE) {
        if (strlen(pack_scalar(n)) != n->data.scalar.length) {
            return expected(c, n, rule, key, "strings without NUL bytes", err);
        }
        string_list_push(out, pack_scalar(n), n->data.scalar.length);
        return 0;
    }
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        return expected(c, n, rule, key, "a list of strings", err);
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        const yaml_node_t *item = yaml_document_get_node(c->doc, *it);
        const char *s = pack_scalar(item);
        if (!s || strlen(s) != item->data.scalar.length) {
            return expected(c, item ? item : n, rule, key, "a list of strings", err);
        }
        if (!*s) {
            return expected(c, item, rule, key, "non-empty strings", err);
        }
        string_list_push(out, s, item->data.scalar.length);
    }
    return 0;
}

/* A match example written {text: ..., finding: ...}: the finding must be a part of the text. */
static int
match_example(const struct pack_ctx *c, const yaml_node_t *n, const char *rule,
              struct string_list *match, struct string_list *findings, struct err *err)
{
    char *text = NULL, *finding = NULL;
    int rc = -1;

    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        const char *key = pack_scalar(k);
        if (key && !strcmp(key, "text")) {
            if (pack_string(c, v, rule, "tests.match.text", &text, err) < 0) {
                goto out;
            }
        } else if (key && !strcmp(key, "finding")) {
            if (pack_string(c, v, rule, "tests.match.finding", &finding, err) < 0) {
                goto out;
            }
        } else {
            err_set(err, ERR_PARSE, "%s:%zu: rule '%s': unknown key 'tests.match.%s'", c->file,
                    pack_line(k), rule ? rule : "?", key ? key : "?");
            goto out;
        }
    }
    if (!text || !*text || !finding || !*finding) {
        err_set(err, ERR_PARSE,
                "%s:%zu: rule '%s': key 'tests.match': expected a string or {text, finding}",
                c->file, pack_line(n), rule ? rule : "?");
        goto out;
    }
    if (!strstr(text, finding)) {
        err_set(err, ERR_PARSE,
                "%s:%zu: rule '%s': key 'tests.match': finding '%s' is not in its "
                "text",
                c->file, pack_line(n), rule ? rule : "?", finding);
        goto out;
    }
    string_list_push(match, text, strlen(text));
    string_list_push(findings, finding, strlen(finding));
    rc = 0;
out:
    free(text);
    free(finding);
    return rc;
}

/* `match:` examples: strings, and with findings (not NULL) {text, finding} mappings too. */
static int
match_examples(const struct pack_ctx *c, const yaml_node_t *n, const char *rule,
               struct string_list *match, struct string_list *findings, struct err *err)
{
    if (!findings || !n || n->type != YAML_SEQUENCE_NODE) {
        if (pack_strings(c, n, rule, "tests.match", match, err) < 0) {
            return -1;
        }
        while (findings && findings->n < match->n) {
            string_list_push(findings, "", 0);
        }
        return 0;
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        const yaml_node_t *item = yaml_document_get_node(c->doc, *it);
        int rc;
        if (item && item->type == YAML_MAPPING_NODE) {
            rc = match_example(c, item, rule, match, findings, err);
        } else {
            rc = pack_strings(c, item, rule, "tests.match", match, err);
            string_list_push(findings, "", 0); /* any extent */
        }
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

int
pack_tests(const struct pack_ctx *c, const yaml_node_t *n, const char *rule,
           struct string_list *match, struct string_list *findings, struct string_list *no_match,
           struct err *err)
{
    if (!n || n->type != YAML_MAPPING_NODE) {
        return expected(c, n, rule, "tests", "a mapping with match and no_match", err);
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        const char *key = pack_scalar(k);
        if (key && !strcmp(key, "match")) {
            if (match_examples(c, v, rule, match, findings, err) < 0) {
                return -1;
            }
        } else if (key && !strcmp(key, "no_match")) {
            if (pack_strings(c, v, rule, "tests.no_match", no_match, err) < 0) {
                return -1;
            }
        } else {
            return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': unknown key 'tests.%s'", c->file,
                           pack_line(k), rule ? rule : "?", key ? key : "?");
        }
    }
    return 0;
}

const yaml_node_t *
pack_map_get(const struct pack_ctx *c, const yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = pack_scalar(yaml_document_get_node(c->doc, p->key));
        if (k && !strcmp(k, key)) {
            return yaml_document_get_node(c->doc, p->value);
        }
    }
    return NULL;
}
