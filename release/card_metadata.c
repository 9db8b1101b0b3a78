/*
 * card.yaml: the part of the card only a person can write. A fixed table of keys; an unknown
 * key is an error (a typo would otherwise silently drop a section), and so is a missing
 * required one, named with the reason it is required.
 */
#include "release/card_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define META_MAX ((size_t)1 << 20)

enum kind {
    LINE, /* one line of text */
    TEXT, /* Markdown, may span lines */
    LIST, /* a sequence of one-line strings (a lone scalar counts as one) */
};

enum need { OPTIONAL, HUB, CARD };

static const struct key_spec {
    const char *key;
    enum kind kind;
    size_t offset;
    enum need need;
} keys[] = {
    {"pretty_name", LINE, offsetof(struct card_metadata, pretty_name), HUB},
    {"license", LINE, offsetof(struct card_metadata, license), HUB},
    {"language", LIST, offsetof(struct card_metadata, language), HUB},
    {"task_categories", LIST, offsetof(struct card_metadata, task_categories), HUB},
    {"description", TEXT, offsetof(struct card_metadata, description), CARD},
    {"curated_by", LINE, offsetof(struct card_metadata, curated_by), CARD},
    {"citation", TEXT, offsetof(struct card_metadata, citation), CARD},
    {"license_name", LINE, offsetof(struct card_metadata, license_name), OPTIONAL},
    {"license_link", LINE, offsetof(struct card_metadata, license_link), OPTIONAL},
    {"homepage", LINE, offsetof(struct card_metadata, homepage), OPTIONAL},
    {"repository", LINE, offsetof(struct card_metadata, repository), OPTIONAL},
    {"paper", LINE, offsetof(struct card_metadata, paper), OPTIONAL},
    {"contact", LINE, offsetof(struct card_metadata, contact), OPTIONAL},
    {"funded_by", LINE, offsetof(struct card_metadata, funded_by), OPTIONAL},
    {"shared_by", LINE, offsetof(struct card_metadata, shared_by), OPTIONAL},
    {"card_authors", LINE, offsetof(struct card_metadata, card_authors), OPTIONAL},
    {"tags", LIST, offsetof(struct card_metadata, tags), OPTIONAL},
    {"source_datasets", LIST, offsetof(struct card_metadata, source_datasets), OPTIONAL},
    {"task_ids", LIST, offsetof(struct card_metadata, task_ids), OPTIONAL},
    {"annotations_creators", LIST, offsetof(struct card_metadata, annotations_creators), OPTIONAL},
    {"language_creators", LIST, offsetof(struct card_metadata, language_creators), OPTIONAL},
    {"motivation", TEXT, offsetof(struct card_metadata, motivation), OPTIONAL},
    {"composition", TEXT, offsetof(struct card_metadata, composition), OPTIONAL},
    {"collection_process", TEXT, offsetof(struct card_metadata, collection_process), OPTIONAL},
    {"annotation_process", TEXT, offsetof(struct card_metadata, annotation_process), OPTIONAL},
    {"preprocessing", TEXT, offsetof(struct card_metadata, preprocessing), OPTIONAL},
    {"uses", TEXT, offsetof(struct card_metadata, uses), OPTIONAL},
    {"out_of_scope_uses", TEXT, offsetof(struct card_metadata, out_of_scope_uses), OPTIONAL},
    {"bias_risks_limitations", TEXT, offsetof(struct card_metadata, bias_risks_limitations),
     OPTIONAL},
    {"distribution", TEXT, offsetof(struct card_metadata, distribution), OPTIONAL},
    {"maintenance", TEXT, offsetof(struct card_metadata, maintenance), OPTIONAL},
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static size_t
line_of(const yaml_node_t *n)
{
    return n->start_mark.line + 1;
}

/* Control characters other than tab and newline would corrupt Markdown and YAML output. */
static bool
clean_text(const char *s, bool multiline)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\t' && (*p != '\n' || !multiline)) || *p == 0x7f) {
            return false;
        }
    }
    return true;
}

static int
read_string(const char *path, const yaml_node_t *v, const struct key_spec *k, char **out,
            struct err *err)
{
    const char *s;

    if (v->type != YAML_SCALAR_NODE) {
        return err_set(err, ERR_PARSE, "%s:%zu: key '%s': expected %s", path, line_of(v), k->key,
                       k->kind == TEXT ? "text" : "a one-line string");
    }
    s = (const char *)v->data.scalar.value;
    if (strlen(s) != v->data.scalar.length) {
        return err_set(err, ERR_PARSE, "%s:%zu: key '%s': contains a NUL byte", path, line_of(v),
                       k->key);
    }
    if (!clean_text(s, k->kind == TEXT)) {
        return err_set(err, ERR_PARSE, "%s:%zu: key '%s': control character%s in the value", path,
                       line_of(v), k->key, k->kind == TEXT ? "" : " or line break");
    }
    if (strspn(s, " \t\n") == strlen(s)) {
        return err_set(err, ERR_PARSE, "%s:%zu: key '%s': empty value", path, line_of(v), k->key);
    }
    *out = xstrdup(s);
    return 0;
}

static int
read_list(const char *path, yaml_document_t *doc, const yaml_node_t *v, const struct key_spec *k,
          struct card_list *out, struct err *err)
{
    const struct key_spec item = {k->key, LINE, 0, OPTIONAL};

    if (v->type == YAML_SCALAR_NODE) {
        out->v = xcalloc(1, sizeof(*out->v));
        out->n = 1;
        return read_string(path, v, &item, &out->v[0], err);
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        return err_set(err, ERR_PARSE, "%s:%zu: key '%s': expected a list of strings", path,
                       line_of(v), k->key);
    }
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
        const yaml_node_t *e = yaml_document_get_node(doc, *i);
        if (!e || e->type != YAML_SCALAR_NODE) {
            return err_set(err, ERR_PARSE, "%s:%zu: key '%s': expected a list of strings", path,
                           e ? line_of(e) : line_of(v), k->key);
        }
        out->v = xrealloc(out->v, size_mul(out->n + 1, sizeof(*out->v)));
        out->v[out->n] = NULL;
        if (read_string(path, e, &item, &out->v[out->n++], err) < 0) {
            return -1;
        }
    }
    if (out->n == 0) {
        return err_set(err, ERR_PARSE, "%s:%zu: key '%s': empty list", path, line_of(v), k->key);
    }
    return 0;
}

static int
read_key(const char *path, yaml_document_t *doc, const yaml_node_t *key, const yaml_node_t *v,
         struct card_metadata *m, bool seen[N_KEYS], struct err *err)
{
    const char *name = key->type == YAML_SCALAR_NODE ? (const char *)key->data.scalar.value : "";

    for (size_t i = 0; i < N_KEYS; i++) {
        if (strcmp(keys[i].key, name) != 0) {
            continue;
        }
        if (seen[i]) {
            return err_set(err, ERR_PARSE, "%s:%zu: key '%s' appears twice", path, line_of(key),
                           name);
        }
        seen[i] = true;
        if (keys[i].kind == LIST) {
            return read_list(path, doc, v, &keys[i],
                             (struct card_list *)(void *)((char *)m + keys[i].offset), err);
        }
        return read_string(path, v, &keys[i], (char **)(void *)((char *)m + keys[i].offset), err);
    }
    return err_set(err, ERR_PARSE, "%s:%zu: unknown key '%.64s' (examples/card.yaml lists them)",
                   path, line_of(key), name);
}

static int
slurp(const char *path, struct buf *b, struct err *err)
{
    FILE *fp = fopen(path, "rb");
    unsigned char chunk[8192];
    size_t n;
    int rc = -1;

    if (!fp) {
        return err_set(err, ERR_USAGE, "%s: cannot open card metadata: %s", path, strerror(errno));
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (buf_append(b, chunk, n, err) < 0) {
            err_set(err, ERR_LIMIT, "%s: card metadata larger than %zu bytes", path, META_MAX);
            goto out;
        }
    }
    if (ferror(fp)) {
        err_set(err, ERR_IO, "%s: read failed: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    fclose(fp);
    return rc;
}

static bool
is_code(const char *s, size_t min, size_t max)
{
    size_t n = 0;

    for (; s[n] >= 'a' && s[n] <= 'z'; n++) {
    }
    if (n < min || n > max) {
        return false;
    }
    for (s += n; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-')) {
            return false;
        }
    }
    return true;
}

/* Hub licence ids are lower-case SPDX-like: "mit", "cc-by-nc-sa-4.0", "other". */
static bool
is_license_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) || strlen(s) > 64) {
        return false;
    }
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr(".+-", *s))) {
            return false;
        }
    }
    return true;
}

static bool
is_url(const char *s)
{
    return (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) &&
           !strpbrk(s, " <>\"");
}

/* A BibTeX entry: "@type{key," ... "}" with balanced braces. */
static bool
is_bibtex(const char *s)
{
    long depth = 0;
    bool opened = false;

    s += strspn(s, " \t\n");
    if (*s != '@' || !strchr(s, '{')) {
        return false;
    }
    for (; *s; s++) {
        depth += *s == '{' ? 1 : *s == '}' ? -1 : 0;
        opened = opened || *s == '{';
        if (depth < 0) {
            return false;
        }
    }
    return opened && depth == 0;
}

/* The Hub's closed vocabulary for annotations_creators and language_creators. */
static int
check_creators(const char *path, const char *key, const struct card_list *l, struct err *err)
{
    static const char *const known[] = {"crowdsourced",      "expert-generated", "found",
                                        "machine-generated", "no-annotation",    "other"};

    for (size_t i = 0; i < l->n; i++) {
        size_t k = 0;
        while (k < sizeof(known) / sizeof(known[0]) && strcmp(l->v[i], known[k]) != 0) {
            k++;
        }
        if (k == sizeof(known) / sizeof(known[0])) {
            return err_set(err, ERR_PARSE,
                           "%s: key '%s': '%.64s' is not one of crowdsourced, expert-generated, "
                           "found, machine-generated, no-annotation, other",
                           path, key, l->v[i]);
        }
    }
    return 0;
}

static int
validate(const char *path, const struct card_metadata *m, const bool seen[N_KEYS], struct err *err)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        if (!seen[i] && keys[i].need != OPTIONAL) {
            return err_set(err, ERR_USAGE, "%s: missing required key '%s' (%s)", path, keys[i].key,
                           keys[i].need == HUB ? "the Hugging Face Hub requires it"
                                               : "the data card requires it");
        }
    }
    if (!is_license_id(m->license)) {
        return err_set(err, ERR_PARSE,
                       "%s: key 'license': '%.64s' is not a Hub licence id (lower case, e.g. "
                       "mit, cc-by-4.0, other)",
                       path, m->license);
    }
    if (strcmp(m->license, "other") == 0 && (!m->license_name || !m->license_link)) {
        return err_set(err, ERR_USAGE,
                       "%s: missing required key '%s' (the Hub requires it with license: other)",
                       path, m->license_name ? "license_link" : "license_name");
    }
    for (size_t i = 0; i < m->language.n; i++) {
        if (!is_code(m->language.v[i], 2, 3)) {
            return err_set(err, ERR_PARSE,
                           "%s: key 'language': '%.32s' is not an ISO 639 code (e.g. en, fr)", path,
                           m->language.v[i]);
        }
    }
    for (size_t i = 0; i < m->task_categories.n; i++) {
        if (!is_code(m->task_categories.v[i], 1, 64)) {
            return err_set(err, ERR_PARSE,
                           "%s: key 'task_categories': '%.64s' is not a Hub task id (e.g. "
                           "text-generation)",
                           path, m->task_categories.v[i]);
        }
    }
    if (check_creators(path, "annotations_creators", &m->annotations_creators, err) < 0 ||
        check_creators(path, "language_creators", &m->language_creators, err) < 0) {
        return -1;
    }
    if (!is_bibtex(m->citation)) {
        return err_set(err, ERR_PARSE,
                       "%s: key 'citation': not a BibTeX entry (@misc{key, title = {...}, ...})",
                       path);
    }
    const char *urls[] = {m->homepage, m->repository, m->paper, m->license_link};
    const char *url_keys[] = {"homepage", "repository", "paper", "license_link"};
    for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
        if (urls[i] && !is_url(urls[i])) {
            return err_set(err, ERR_PARSE, "%s: key '%s': expected an http(s) URL", path,
                           url_keys[i]);
        }
    }
    return 0;
}

int
card_metadata_load(const char *path, struct card_metadata *m, struct err *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    const yaml_node_t *root;
    struct buf text;
    bool seen[N_KEYS] = {false}, have_doc = false;
    int rc = -1;

    memset(m, 0, sizeof(*m));
    buf_init(&text, META_MAX);
    yaml_parser_initialize(&parser);
    if (slurp(path, &text, err) < 0) {
        goto out;
    }
    yaml_parser_set_input_string(&parser, text.data ? text.data : (const unsigned char *)"",
                                 text.len);
    if (!yaml_parser_load(&parser, &doc)) {
        err_set(err, ERR_PARSE, "%s:%zu: invalid YAML: %s", path, parser.problem_mark.line + 1,
                parser.problem ? parser.problem : "parse error");
        goto out;
    }
    have_doc = true;
    root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        err_set(err, ERR_PARSE, "%s:%zu: card metadata must be a YAML mapping of keys", path,
                root ? line_of(root) : 1);
        goto out;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        if (!k || !v || read_key(path, &doc, k, v, m, seen, err) < 0) {
            goto out;
        }
    }
    if (validate(path, m, seen, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    if (have_doc) {
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    buf_release(&text);
    if (rc < 0) {
        card_metadata_release(m);
    }
    return rc;
}

static void
list_release(struct card_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i]);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void
card_metadata_release(struct card_metadata *m)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        char *slot = (char *)m + keys[i].offset;
        if (keys[i].kind == LIST) {
            list_release((struct card_list *)(void *)slot);
        } else {
            free(*(char **)(void *)slot);
            *(char **)(void *)slot = NULL;
        }
    }
}
