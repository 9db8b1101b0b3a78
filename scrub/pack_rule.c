/*
 * One `recognizers:` entry: Presidio's keys plus veil's. Every key is known or an error, so a typo
 * ("contxt:") is caught at load time instead of silently weakening a rule.
 */
#include "scrub/pack_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/validate_internal.h"

#include "common/banned.h"

/* Python `re` flag bits used by Presidio's global_regex_flags. */
#define PY_RE_IGNORECASE 2
#define PY_RE_MULTILINE  8
#define PY_RE_DOTALL     16
#define PY_RE_VERBOSE    64

struct pattern_src {
    char *name;
    char *regex;
    char *prefilter_regex; /* optional: a cheaper regex every text it matches in also matches */
    size_t prefilter_lead; /* optional: a prefilter match starts this many characters in, at most */
    char *ungated;         /* optional: why the pattern (or its prefilter) runs on every text */
    double score;
    size_t line, prefilter_line, prefilter_lead_line;
};

/* A context_not clause as read, before its words compile. */
struct not_src {
    struct string_list words, names, entities;
    size_t window[2]; /* [0] SIZE_MAX: the rule's context_window */
    bool gap;
    const struct validator *failing;
    char *between; /* `between:` (gap clauses): the regex the gap must be, or NULL */
    size_t line, between_line;
};

struct rule_src {
    struct not_src own;   /* context_not, context_not_window, context_not_gap */
    struct not_src *more; /* context_not_more */
    size_t n_more;
    struct pattern_src *patterns;
    size_t n_patterns;
    char *validator;
    char *lexicon;
    size_t lexicon_line;
    size_t validator_line;
    char *allow_file;
    size_t allow_file_line;
    char *column_cell;
    size_t column_cell_line;
};

static void
not_src_release(struct not_src *k)
{
    string_list_release(&k->words);
    string_list_release(&k->names);
    string_list_release(&k->entities);
    free(k->between);
}

static void
rule_src_release(struct rule_src *s)
{
    not_src_release(&s->own);
    for (size_t i = 0; i < s->n_more; i++) {
        not_src_release(&s->more[i]);
    }
    free(s->more);
    for (size_t i = 0; i < s->n_patterns; i++) {
        free(s->patterns[i].name);
        free(s->patterns[i].regex);
        free(s->patterns[i].prefilter_regex);
        free(s->patterns[i].ungated);
    }
    free(s->patterns);
    free(s->validator);
    free(s->lexicon);
    free(s->allow_file);
    free(s->column_cell);
}

static int
unknown_key(const struct pack_ctx *c, const yaml_node_t *k, const char *rule, const char *key,
            struct err *err)
{
    return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': unknown key '%s'", c->file, pack_line(k),
                   rule ? rule : "?", key ? key : "?");
}

static int
parse_pattern(const struct pack_ctx *c, const yaml_node_t *n, const char *rule,
              struct pattern_src *p, struct err *err)
{
    bool have_score = false;

    p->line = pack_line(n);
    if (n->type != YAML_MAPPING_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key 'patterns': expected a list of "
                       "{name, regex, score}",
                       c->file, pack_line(n), rule);
    }
    for (yaml_node_pair_t *it = n->data.mapping.pairs.start; it < n->data.mapping.pairs.top; it++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, it->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, it->value);
        const char *key = pack_scalar(k);
        int rc;
        if (key && !strcmp(key, "name")) {
            rc = pack_string(c, v, rule, "patterns.name", &p->name, err);
        } else if (key && !strcmp(key, "regex")) {
            rc = pack_string(c, v, rule, "patterns.regex", &p->regex, err);
            p->line = pack_line(v);
        } else if (key && !strcmp(key, "prefilter_regex")) {
            rc = pack_string(c, v, rule, "patterns.prefilter_regex", &p->prefilter_regex, err);
            p->prefilter_line = pack_line(v);
        } else if (key && !strcmp(key, "prefilter_lead")) {
            rc = pack_size(c, v, rule, "patterns.prefilter_lead", 0, PREFILTER_LEAD_MAX,
                           &p->prefilter_lead, err);
            p->prefilter_lead_line = pack_line(v);
        } else if (key && !strcmp(key, "score")) {
            rc = pack_number(c, v, rule, "patterns.score", 0.0, 1.0, &p->score, err);
            have_score = true;
        } else if (key && !strcmp(key, "ungated")) {
            rc = pack_string(c, v, rule, "patterns.ungated", &p->ungated, err);
            if (rc == 0 && !*p->ungated) {
                return err_set(err, ERR_PARSE,
                               "%s:%zu: rule '%s': key 'patterns.ungated': say why the pattern "
                               "runs on every text",
                               c->file, pack_line(v), rule);
            }
        } else {
            return unknown_key(c, k, rule, key ? key : "?", err);
        }
        if (rc < 0) {
            return -1;
        }
    }
    if (!p->regex || !*p->regex) {
        return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': pattern has no 'regex'", c->file,
                       pack_line(n), rule);
    }
    if (pack_expand_in_place(c, &p->regex, p->line, rule, "patterns.regex", err) < 0 ||
        pack_expand_in_place(c, &p->prefilter_regex, p->prefilter_line, rule,
                             "patterns.prefilter_regex", err) < 0) {
        return -1;
    }
    if (!have_score) {
        return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': pattern has no 'score'", c->file,
                       pack_line(n), rule);
    }
    if (p->prefilter_lead_line && !p->prefilter_regex) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key 'patterns.prefilter_lead': needs a "
                       "'prefilter_regex' in the same pattern",
                       c->file, p->prefilter_lead_line, rule);
    }
    if (!p->name) {
        p->name = xstrdup("pattern");
    }
    return 0;
}

static int
parse_patterns(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, struct rule_src *s,
               struct err *err)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': key 'patterns': expected a list",
                       c->file, pack_line(n), rule);
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        s->patterns = xrealloc(s->patterns, size_mul(s->n_patterns + 1, sizeof(*s->patterns)));
        memset(&s->patterns[s->n_patterns], 0, sizeof(*s->patterns));
        s->n_patterns++;
        if (parse_pattern(c, yaml_document_get_node(c->doc, *it), rule,
                          &s->patterns[s->n_patterns - 1], err) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Presidio's supported_languages items are "en" or {language: en, context: [...]}. */
static int
parse_languages(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r, struct err *err)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        return pack_strings(c, n, r->name, "supported_languages", &r->languages, err);
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        const yaml_node_t *item = yaml_document_get_node(c->doc, *it);
        const yaml_node_t *lang, *ctx;
        if (item->type != YAML_MAPPING_NODE) {
            if (pack_strings(c, item, r->name, "supported_languages", &r->languages, err) < 0) {
                return -1;
            }
            continue;
        }
        lang = pack_map_get(c, item, "language");
        ctx = pack_map_get(c, item, "context");
        if (!lang || pack_strings(c, lang, r->name, "supported_languages.language", &r->languages,
                                  err) < 0) {
            return lang ? -1
                        : err_set(err, ERR_PARSE,
                                  "%s:%zu: rule '%s': language entry has "
                                  "no 'language'",
                                  c->file, pack_line(item), r->name);
        }
        if (ctx &&
            pack_strings(c, ctx, r->name, "supported_languages.context", &r->context, err) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
parse_flags(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r, struct err *err)
{
    struct string_list names = {NULL, 0};
    int rc = -1;

    if (pack_strings(c, n, r->name, "flags", &names, err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < names.n; i++) {
        if (!strcmp(names.v[i], "case_insensitive")) {
            r->flags |= RULE_CASE_INSENSITIVE;
        } else if (!strcmp(names.v[i], "normalized")) {
            r->flags |= RULE_NORMALIZED;
        } else if (!strcmp(names.v[i], "word_boundary")) {
            r->flags |= RULE_WORD_BOUNDARY;
        } else if (!strcmp(names.v[i], "capitalized")) {
            r->flags |= RULE_CAPITALIZED;
        } else if (!strcmp(names.v[i], "surname")) {
            r->flags |= RULE_SURNAME;
        } else if (!strcmp(names.v[i], "raw")) {
            r->flags |= RULE_RAW;
        } else {
            err_set(err, ERR_PARSE, "%s:%zu: rule '%s': unknown flag '%s'", c->file, pack_line(n),
                    r->name, names.v[i]);
            goto out;
        }
    }
    if ((r->flags & RULE_RAW) && (r->flags & RULE_NORMALIZED)) {
        err_set(err, ERR_PARSE,
                "%s:%zu: rule '%s': flags 'raw' and 'normalized' exclude each other", c->file,
                pack_line(n), r->name);
        goto out;
    }
    rc = 0;
out:
    string_list_release(&names);
    return rc;
}

int
pack_regex_flags(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r, struct err *err)
{
    size_t v;

    if (pack_size(c, n, r->name, "global_regex_flags", 0, 1u << 16, &v, err) < 0) {
        return -1;
    }
    r->re_options = 0;
    if (v & PY_RE_IGNORECASE) {
        r->re_options |= PCRE2_CASELESS;
    }
    if (v & PY_RE_MULTILINE) {
        r->re_options |= PCRE2_MULTILINE;
    }
    if (v & PY_RE_DOTALL) {
        r->re_options |= PCRE2_DOTALL;
    }
    if (v & PY_RE_VERBOSE) {
        r->re_options |= PCRE2_EXTENDED;
    }
    return 0;
}

static int
parse_operator(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r, struct err *err)
{
    const char *s = pack_scalar(n);

    if (!s || scrub_operator_parse(s, &r->op) < 0 || r->op == SCRUB_OP_DEFAULT) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key 'operator': expected replace, "
                       "mask, pseudonym, redact or drop-record",
                       c->file, pack_line(n), r->name);
    }
    return 0;
}

static int
parse_type(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r, struct err *err)
{
    const char *s = pack_scalar(n);

    if (s && !strcmp(s, "custom")) {
        return 0;
    }
    return err_set(err, ERR_PARSE,
                   "%s:%zu: rule '%s': key 'type': only 'custom' recognizers "
                   "can be loaded (predefined ones are Presidio Python classes)",
                   c->file, pack_line(n), r->name);
}

/* Declared prefilter literals, stored ASCII-lower-cased for a case-insensitive search. */
static int
parse_prefilter(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r, struct err *err)
{
    if (pack_strings(c, n, r->name, "prefilter", &r->requires, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < r->requires.n; i++) {
        for (char *p = r->requires.v[i]; *p; p++) {
            if (*p >= 'A' && *p <= 'Z') {
                *p = (char)(*p + 32);
            }
        }
    }
    return 0;
}

/* Entity names appear in placeholders ("[EMAIL]"), which must never look like PII themselves. */
static bool
entity_name_ok(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))) {
        return false;
    }
    for (; *s; s++) {
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_' ||
              (*s >= '0' && *s <= '9'))) {
            return false;
        }
    }
    return true;
}

/* Entity types (as in supported_entity) whose findings near a candidate count as context. */
static int
parse_context_entities(const struct pack_ctx *c, const yaml_node_t *n, struct rule *r,
                       struct err *err)
{
    if (pack_strings(c, n, r->name, "context_entities", &r->context_entities, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < r->context_entities.n; i++) {
        if (!entity_name_ok(r->context_entities.v[i])) {
            return err_set(err, ERR_PARSE,
                           "%s:%zu: rule '%s': key 'context_entities': '%s' is not an entity "
                           "name (letters, digits and '_' starting with a letter)",
                           c->file, pack_line(n), r->name, r->context_entities.v[i]);
        }
    }
    return 0;
}

/* A context_not window: bytes on both sides, or [before, after]. */
static int
parse_window_pair(const struct pack_ctx *c, const yaml_node_t *v, const char *rule, const char *key,
                  size_t w[2], struct err *err)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        if (pack_size(c, v, rule, key, 0, 4096, &w[0], err) < 0) {
            return -1;
        }
        w[1] = w[0];
        return 0;
    }
    if (v->data.sequence.items.top - v->data.sequence.items.start != 2) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key '%s': expected a whole number or [before, after]",
                       c->file, pack_line(v), rule, key);
    }
    for (size_t i = 0; i < 2; i++) {
        if (pack_size(c, yaml_document_get_node(c->doc, v->data.sequence.items.start[i]), rule, key,
                      0, 4096, &w[i], err) < 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * One clause of `context_not_more:` (in a rule) or `context_not_shared:` (in a pack, with
 * `entities`): {words, window, gap, names, failing}.
 */
static int
parse_clause(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
             bool shared, struct not_src *k, struct err *err)
{
    char name[64];

    k->window[0] = SIZE_MAX;
    k->line = pack_line(n);
    if (n->type != YAML_MAPPING_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key '%s': expected a list of {words, window, gap%s}",
                       c->file, pack_line(n), rule, key, shared ? ", entities" : "");
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        const char *sub = pack_scalar(kn);
        int rc;
        (void)snprintf(name, sizeof(name), "%s.%s", key, sub ? sub : "?");
        if (sub && !strcmp(sub, "words")) {
            rc = pack_words(c, v, rule, name, &k->words, err);
        } else if (sub && !strcmp(sub, "words_file")) {
            char *path = NULL;
            rc = pack_string(c, v, rule, name, &path, err);
            if (rc == 0) {
                rc = rules_read_words_file(c->rs, c->file, rule, c->dir, path, pack_line(v),
                                           &k->words, err);
            }
            free(path);
        } else if (sub && !strcmp(sub, "between")) {
            free(k->between);
            k->between = NULL;
            k->between_line = pack_line(v);
            rc = pack_string(c, v, rule, name, &k->between, err);
        } else if (sub && !strcmp(sub, "names")) {
            rc = pack_words(c, v, rule, name, &k->names, err);
        } else if (sub && !strcmp(sub, "window")) {
            rc = parse_window_pair(c, v, rule, name, k->window, err);
        } else if (sub && !strcmp(sub, "gap")) {
            rc = pack_bool(c, v, rule, name, &k->gap, err);
        } else if (sub && !strcmp(sub, "failing")) {
            char *check = NULL;
            rc = pack_string(c, v, rule, name, &check, err);
            if (rc == 0 && !(k->failing = validator_find(check))) {
                rc = err_set(err, ERR_PARSE, "%s:%zu: rule '%s': key '%s': unknown validator '%s'",
                             c->file, pack_line(v), rule, name, check);
            }
            free(check);
        } else if (sub && shared && !strcmp(sub, "entities")) {
            rc = pack_strings(c, v, rule, name, &k->entities, err);
        } else {
            return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': unknown key '%s'", c->file,
                           pack_line(kn), rule, name);
        }
        if (rc < 0) {
            return -1;
        }
    }
    if (!k->words.n) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key '%s': a clause needs 'words' or 'words_file'",
                       c->file, k->line, rule, key);
    }
    if (k->between && !k->gap) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key '%s.between': only a clause with 'gap: true' "
                       "measures a gap",
                       c->file, k->between_line, rule, key);
    }
    if (shared && !k->entities.n) {
        return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': key '%s': a clause needs 'entities'",
                       c->file, k->line, rule, key);
    }
    return 0;
}

static int
parse_more(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, struct rule_src *s,
           struct err *err)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key 'context_not_more': expected a list of {words, "
                       "window, gap}",
                       c->file, pack_line(n), rule);
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        s->more = xrealloc(s->more, size_mul(s->n_more + 1, sizeof(*s->more)));
        memset(&s->more[s->n_more], 0, sizeof(*s->more));
        if (parse_clause(c, yaml_document_get_node(c->doc, *it), rule, "context_not_more", false,
                         &s->more[s->n_more++], err) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Compile clause k (window SIZE_MAX: window) into a clause of the rule set. */
static int
make_clause(const struct pack_ctx *c, struct not_src *k, size_t window, const char *rule,
            const char *key, struct context_not_clause **out, struct err *err)
{
    struct scrub_rules *rs = c->rs;
    struct context_not_clause *cl = xcalloc(1, sizeof(*cl));

    rs->not_clauses =
        xrealloc(rs->not_clauses, size_mul(rs->n_not_clauses + 1, sizeof(*rs->not_clauses)));
    rs->not_clauses[rs->n_not_clauses++] = cl; /* freed with the set, whatever happens next */
    cl->window[0] = k->window[0] == SIZE_MAX ? window : k->window[0];
    cl->window[1] = k->window[0] == SIZE_MAX ? window : k->window[1];
    cl->gap = k->gap;
    cl->failing = k->failing;
    cl->names = k->names;
    cl->entities = k->entities;
    memset(&k->names, 0, sizeof(k->names));
    memset(&k->entities, 0, sizeof(k->entities));
    *out = cl;
    if (k->between &&
        rules_compile_between(compile_queue_cache(c->queue), cl, k->between,
                              rs->files[rs->n_files - 1], k->between_line, rule, key, err) < 0) {
        return -1;
    }
    return rules_compile_not_clause(compile_queue_cache(c->queue), cl, &k->words,
                                    rs->files[rs->n_files - 1], k->line, rule, key, err);
}

static void
rule_add_clause(struct rule *r, const struct context_not_clause *cl)
{
    r->nots = xrealloc(r->nots, size_mul(r->n_nots + 1, sizeof(*r->nots)));
    r->nots[r->n_nots++] = cl;
}

/*
 * The rule's clauses: its own, its context_not_more, then the pack's shared ones for its entity;
 * and the pack's shared allow-list values for its entity.
 */
static int
attach_clauses(const struct pack_ctx *c, struct rule *r, struct rule_src *s, struct err *err)
{
    const struct context_not_clause **shared;
    size_t n_shared = pack_shared(c, &shared);
    struct context_not_clause *cl;

    if (s->own.words.n) {
        s->own.line = r->line;
        if (make_clause(c, &s->own, r->context_window, r->name, "context_not", &cl, err) < 0) {
            return -1;
        }
        rule_add_clause(r, cl);
    }
    for (size_t i = 0; i < s->n_more; i++) {
        if (make_clause(c, &s->more[i], r->context_window, r->name, "context_not_more", &cl, err) <
            0) {
            return -1;
        }
        rule_add_clause(r, cl);
    }
    for (size_t i = 0; i < n_shared; i++) {
        for (size_t j = 0; j < shared[i]->entities.n; j++) {
            if (!strcmp(shared[i]->entities.v[j], r->entity)) {
                rule_add_clause(r, shared[i]);
                break;
            }
        }
    }
    /* one shared list and no allow_list_file: the rule points at it as at a file's lines */
    const struct string_list *lists[PACK_SHARED_ALLOW_MAX];
    size_t n_lists = pack_shared_allow(c, r->entity, lists);
    if (n_lists == 1 && !s->allow_file) {
        r->allow_file = lists[0];
    } else if (n_lists) {
        for (size_t i = 0; i < n_lists; i++) {
            for (size_t j = 0; j < lists[i]->n; j++) {
                string_list_push(&r->allow, lists[i]->v[j], strlen(lists[i]->v[j]));
            }
        }
        allow_list_sort(&r->allow);
    }
    return 0;
}

int
pack_shared_nots_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: key 'context_not_shared': expected a list of {entities, words, "
                       "window, gap}",
                       c->file, pack_line(n));
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        struct not_src k;
        struct context_not_clause *cl;
        int rc;
        memset(&k, 0, sizeof(k));
        rc = parse_clause(c, yaml_document_get_node(c->doc, *it), "(pack)", "context_not_shared",
                          true, &k, err);
        if (rc == 0) {
            rc = make_clause(c, &k, RULE_DEFAULT_CONTEXT_WINDOW, "(pack)", "context_not_shared",
                             &cl, err);
            if (rc == 0) {
                pack_shared_add(c, cl);
            }
        }
        not_src_release(&k);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

/* One key of a recognizer; the name is already known. */
static int
parse_key(const struct pack_ctx *c, const char *key, const yaml_node_t *v, struct rule *r,
          struct rule_src *s, struct err *err)
{
    const char *n = r->name;

    if (!strcmp(key, "name")) {
        return 0;
    } else if (!strcmp(key, "supported_entity")) {
        return pack_string(c, v, n, key, &r->entity, err);
    } else if (!strcmp(key, "supported_language") || !strcmp(key, "supported_languages")) {
        return parse_languages(c, v, r, err);
    } else if (!strcmp(key, "patterns")) {
        return parse_patterns(c, v, n, s, err);
    } else if (!strcmp(key, "context")) {
        return pack_words(c, v, n, key, &r->context, err);
    } else if (!strcmp(key, "context_not")) {
        return pack_words(c, v, n, key, &s->own.words, err);
    } else if (!strcmp(key, "context_not_gap")) {
        return pack_bool(c, v, n, key, &s->own.gap, err);
    } else if (!strcmp(key, "context_not_window")) {
        return parse_window_pair(c, v, n, key, s->own.window, err);
    } else if (!strcmp(key, "context_not_more")) {
        return parse_more(c, v, n, s, err);
    } else if (!strcmp(key, "context_entities")) {
        return parse_context_entities(c, v, r, err);
    } else if (!strcmp(key, "deny_list")) {
        return pack_words(c, v, n, key, &r->deny, err);
    } else if (!strcmp(key, "deny_list_score")) {
        double ignored;
        return pack_number(c, v, n, key, 0.0, 1.0, &ignored, err);
    } else if (!strcmp(key, "enabled")) {
        return pack_bool(c, v, n, key, &r->enabled, err);
    } else if (!strcmp(key, "type")) {
        return parse_type(c, v, r, err);
    } else if (!strcmp(key, "global_regex_flags")) {
        return pack_regex_flags(c, v, r, err);
    } else if (!strcmp(key, "subtype")) {
        return pack_string(c, v, n, key, &r->subtype, err);
    } else if (!strcmp(key, "validator")) {
        s->validator_line = pack_line(v);
        return pack_string(c, v, n, key, &s->validator, err);
    } else if (!strcmp(key, "allow_list_file")) {
        s->allow_file_line = pack_line(v);
        return pack_string(c, v, n, key, &s->allow_file, err);
    } else if (!strcmp(key, "allow_list")) {
        if (pack_words(c, v, n, key, &r->allow, err) < 0) {
            return -1;
        }
        allow_list_sort(&r->allow);
        return 0;
    } else if (!strcmp(key, "context_window")) {
        return pack_size(c, v, n, key, 0, 4096, &r->context_window, err);
    } else if (!strcmp(key, "context_boost")) {
        return pack_number(c, v, n, key, 0.0, 1.0, &r->context_boost, err);
    } else if (!strcmp(key, "min_score")) {
        return pack_number(c, v, n, key, 0.0, 1.0, &r->min_score, err);
    } else if (!strcmp(key, "operator")) {
        return parse_operator(c, v, r, err);
    } else if (!strcmp(key, "flags")) {
        return parse_flags(c, v, r, err);
    } else if (!strcmp(key, "lexicon")) {
        s->lexicon_line = pack_line(v);
        return pack_string(c, v, n, key, &s->lexicon, err);
    } else if (!strcmp(key, "prefilter")) {
        return parse_prefilter(c, v, r, err);
    } else if (!strcmp(key, "score")) {
        return pack_number(c, v, n, key, 0.0, 1.0, &r->lexicon_score, err);
    } else if (!strcmp(key, "column_headers")) {
        return pack_strings(c, v, n, key, &r->column_headers, err);
    } else if (!strcmp(key, "column_headers_weak")) {
        return pack_strings(c, v, n, key, &r->column_headers_weak, err);
    } else if (!strcmp(key, "column_companions")) {
        return pack_strings(c, v, n, key, &r->column_companions, err);
    } else if (!strcmp(key, "column_vetoes")) {
        return pack_strings(c, v, n, key, &r->column_vetoes, err);
    } else if (!strcmp(key, "column_fields")) {
        return pack_bool(c, v, n, key, &r->column_fields, err);
    } else if (!strcmp(key, "column_cell")) {
        s->column_cell_line = pack_line(v);
        return pack_string(c, v, n, key, &s->column_cell, err) < 0
                   ? -1
                   : pack_expand_in_place(c, &s->column_cell, s->column_cell_line, n, key, err);
    } else if (!strcmp(key, "tests")) {
        return pack_tests(c, v, n, &r->tests_match, &r->tests_finding, &r->tests_no_match, err);
    } else if (!strcmp(key, "description")) {
        char *ignored = NULL;
        int rc = pack_string(c, v, n, key, &ignored, err);
        free(ignored);
        return rc;
    }
    return -2;
}

static int
check_rule(const struct pack_ctx *c, const struct rule *r, const struct rule_src *s,
           struct err *err)
{
    if (!r->entity) {
        return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': missing 'supported_entity'", c->file,
                       r->line, r->name);
    }
    if (!entity_name_ok(r->entity)) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key 'supported_entity': expected "
                       "letters, digits and '_' starting with a letter",
                       c->file, r->line, r->name);
    }
    if (!s->n_patterns && !r->deny.n && !s->lexicon && !r->column_headers.n &&
        !r->column_headers_weak.n) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': needs 'patterns', 'deny_list', 'lexicon' or "
                       "'column_headers'",
                       c->file, r->line, r->name);
    }
    if (r->column_vetoes.n && !r->column_headers_weak.n) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key 'column_vetoes': needs 'column_headers_weak' "
                       "(a veto only silences weak words)",
                       c->file, r->line, r->name);
    }
    if (s->column_cell && !r->column_headers.n && !r->column_headers_weak.n) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule '%s': key 'column_cell': needs 'column_headers' or "
                       "'column_headers_weak'",
                       c->file, s->column_cell_line, r->name);
    }
    for (size_t i = 0; i < c->rs->n_rules; i++) {
        if (!strcmp(c->rs->rules[i].name, r->name)) {
            return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': name already used by %s:%zu",
                           c->file, r->line, r->name, c->rs->rules[i].file, c->rs->rules[i].line);
        }
    }
    return 0;
}

static int
compile_rule(const struct pack_ctx *c, struct rule *r, const struct rule_src *s, struct err *err)
{
    if (s->validator && !(r->validator = validator_find(s->validator))) {
        return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': unknown validator '%s'", c->file,
                       s->validator_line, r->name, s->validator);
    }
    if (s->lexicon &&
        rules_attach_lexicon(r, c->dir, s->lexicon, s->lexicon_line, c->rs->digest, err) < 0) {
        return -1;
    }
    if (s->allow_file &&
        rules_attach_allow_file(c->rs, r, c->dir, s->allow_file, s->allow_file_line, err) < 0) {
        return -1;
    }
    if (s->column_cell) {
        uint32_t options = PCRE2_ANCHORED | PCRE2_ENDANCHORED | rule_regex_options(r);
        if (rules_compile_regex(compile_queue_cache(c->queue), s->column_cell, options, c->file,
                                s->column_cell_line, r->name, "column_cell", &r->column_cell,
                                err) < 0) {
            return -1;
        }
    }
    /* Room for the deny-list pattern too: queued compilations hold pointers into this array. */
    r->patterns = xcalloc(s->n_patterns + 1, sizeof(*r->patterns));
    for (size_t i = 0; i < s->n_patterns; i++) {
        struct rule_pattern *p = &r->patterns[i];
        p->name = xstrdup(s->patterns[i].name);
        p->score = s->patterns[i].score;
        p->line = s->patterns[i].line;
        p->led = s->patterns[i].prefilter_lead_line != 0;
        p->prefilter_lead = s->patterns[i].prefilter_lead;
        p->ungated = s->patterns[i].ungated ? xstrdup(s->patterns[i].ungated) : NULL;
        r->n_patterns++;
        if (rules_compile_pattern(r, p, s->patterns[i].regex, s->patterns[i].prefilter_regex,
                                  s->patterns[i].prefilter_line, c->queue, err) < 0) {
            return -1;
        }
    }
    return rules_compile_rule_extras(r, c->queue, err);
}

static void
rule_defaults(struct rule *r, const struct pack_ctx *c, const yaml_node_t *n)
{
    memset(r, 0, sizeof(*r));
    r->context_window = RULE_DEFAULT_CONTEXT_WINDOW;
    r->context_boost = RULE_DEFAULT_CONTEXT_BOOST;
    r->min_score = RULE_DEFAULT_MIN_SCORE;
    r->lexicon_score = RULE_DEFAULT_LEXICON_SCORE;
    r->enabled = true;
    r->re_options = c->default_re_options;
    r->file = c->rs->files[c->rs->n_files - 1];
    r->line = pack_line(n);
}

int
pack_rule(const struct pack_ctx *c, const yaml_node_t *n, struct err *err)
{
    struct rule r;
    struct rule_src s;
    const yaml_node_t *name;
    int rc = -1;

    rule_defaults(&r, c, n);
    memset(&s, 0, sizeof(s));
    s.own.window[0] = SIZE_MAX; /* the rule's context_window unless it says */
    if (n->type != YAML_MAPPING_NODE) {
        err_set(err, ERR_PARSE, "%s:%zu: recognizers: expected a list of mappings", c->file,
                pack_line(n));
        goto out;
    }
    /* Presidio names a recognizer after its entity when `name` is absent. */
    name = pack_map_get(c, n, "name");
    if (!name) {
        name = pack_map_get(c, n, "supported_entity");
    }
    if (!name) {
        err_set(err, ERR_PARSE, "%s:%zu: recognizer has neither 'name' nor 'supported_entity'",
                c->file, pack_line(n));
        goto out;
    }
    if (pack_string(c, name, NULL, "name", &r.name, err) < 0) {
        goto out;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const char *key = pack_scalar(k);
        int krc =
            key ? parse_key(c, key, yaml_document_get_node(c->doc, p->value), &r, &s, err) : -2;
        if (krc == -2) {
            unknown_key(c, k, r.name, key, err);
        }
        if (krc < 0) {
            goto out;
        }
    }
    if (check_rule(c, &r, &s, err) < 0 || attach_clauses(c, &r, &s, err) < 0 ||
        compile_rule(c, &r, &s, err) < 0) {
        goto out;
    }
    if (r.enabled) {
        struct scrub_rules *rs = c->rs;
        if (rs->n_rules == rs->cap_rules) {
            /* Doubling: a rule is large and a pack set has over a thousand of them. */
            rs->cap_rules = rs->cap_rules ? 2 * rs->cap_rules : 64;
            rs->rules = xrealloc(rs->rules, size_mul(rs->cap_rules, sizeof(*rs->rules)));
        }
        rs->rules[rs->n_rules++] = r;
        memset(&r, 0, sizeof(r));
    }
    rc = 0;
out:
    if (r.n_patterns) {
        compile_queue_drain(c->queue); /* before its patterns go: queued jobs write into them */
    }
    rule_release(&r);
    rule_src_release(&s);
    return rc;
}
