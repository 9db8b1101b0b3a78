#ifndef VEIL_PACK_INTERNAL_H
#define VEIL_PACK_INTERNAL_H

/*
 * Reading one pack file's YAML document (libyaml's document API keeps every node's line, which
 * the error messages need). pack_yaml.c holds the typed accessors, pack_rule.c the recognizer
 * mapping, pack_warning.c the content_warnings mapping.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "scrub/rules_internal.h"

struct pack_ctx {
    yaml_document_t *doc;
    const char *file; /* path as given, for messages */
    const char *dir;  /* directory of the file, for lexicon paths */
    struct scrub_rules *rs;
    struct compile_queue *queue;      /* patterns compile there, or at once when NULL */
    uint32_t default_re_options;      /* from a file-wide global_regex_flags */
    struct pack_fragments *fragments; /* the pack's `fragments:` so far (pack_fragments.c) */
};

/* 1-based line of a node. */
size_t pack_line(const yaml_node_t *n);
/* A scalar's text (NUL-terminated by libyaml), or NULL when n is not a scalar. */
const char *pack_scalar(const yaml_node_t *n);
/* The value of key in mapping map, or NULL. */
const yaml_node_t *pack_map_get(const struct pack_ctx *c, const yaml_node_t *map, const char *key);
/* Typed reads; each fails with `file:line: rule 'r': key 'k': expected ...`. */
int pack_string(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
                char **out, struct err *err);
int pack_number(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
                double lo, double hi, double *out, struct err *err);
int pack_size(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
              size_t lo, size_t hi, size_t *out, struct err *err);
int pack_bool(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
              bool *out, struct err *err);
/* A list of strings; a lone scalar counts as a one-element list. */
int pack_strings(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
                 struct string_list *out, struct err *err);
/*
 * Read `tests: {match: [...], no_match: [...]}`. With findings (else NULL), a match example may be
 * {text, finding}: findings gets one entry per match example, "" for a plain string.
 */
int pack_tests(const struct pack_ctx *c, const yaml_node_t *n, const char *rule,
               struct string_list *match, struct string_list *findings,
               struct string_list *no_match, struct err *err);

/* pack_fragments.c: a pack's named regex pieces, used in patterns as `(?&&name)`. */
struct pack_fragments;
struct pack_fragments *pack_fragments_new(void);
void pack_fragments_free(struct pack_fragments *f);
/* Add the fragments of a `fragments:` mapping (each may use those defined before it). */
int pack_fragments_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err);
/*
 * src with every `(?&&name)` outside classes and quotes replaced by `(?:text)`: *out is NULL when
 * src has none (malloc'ed otherwise). An unknown name fails with `file:line: rule 'r': key 'k':
 * unknown fragment 'name' at offset N`.
 */
int pack_expand(const struct pack_ctx *c, const char *src, size_t line, const char *rule,
                const char *key, char **out, struct err *err);
/* The same, replacing *src (which may be NULL) when anything was expanded. */
int pack_expand_in_place(const struct pack_ctx *c, char **src, size_t line, const char *rule,
                         const char *key, struct err *err);

/* Add the lists of a `word_lists:` mapping (each may take in those defined before it). */
int pack_word_lists_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err);
/*
 * pack_strings for keys whose values are words: an entry `(?&&name)` stands for the words of
 * the pack's word list `name` (an unknown one is an error naming file, line, rule and key).
 */
int pack_words(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
               struct string_list *out, struct err *err);
/* The pack's `context_not_shared:` clauses so far (owned by the rule set). */
void pack_shared_add(const struct pack_ctx *c, const struct context_not_clause *k);
size_t pack_shared(const struct pack_ctx *c, const struct context_not_clause ***out);
/*
 * `allow_list_shared:` {entities, values}: values on the allow list of every later rule of those
 * entities. Read the list; the sorted value lists for entity (the rule set's), at most MAX.
 */
#define PACK_SHARED_ALLOW_MAX 8
int pack_shared_allow_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err);
size_t pack_shared_allow(const struct pack_ctx *c, const char *entity,
                         const struct string_list *out[PACK_SHARED_ALLOW_MAX]);
/* Read a `context_not_shared:` list (pack_rule.c): clauses for every later rule of an entity. */
int pack_shared_nots_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err);

/* Parse one `recognizers:` entry and append it (compiled) to c->rs. */
int pack_rule(const struct pack_ctx *c, const yaml_node_t *n, struct err *err);
/* Presidio's global_regex_flags (Python re bits) -> r->re_options. */
int pack_regex_flags(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r,
                     struct err *err);
/* Parse one `content_warnings:` entry and append it (compiled) to c->rs. */
int pack_warning(const struct pack_ctx *c, const yaml_node_t *n, struct err *err);

#endif
