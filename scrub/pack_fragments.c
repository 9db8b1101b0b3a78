/*
 * A pack's `fragments:`: named pieces of regex that its patterns use as `(?&&name)`, expanded at
 * load time into `(?:text)`. PCRE2 refuses "(?&&" (a subroutine call needs a name after one '&'),
 * so no regex that compiles today changes meaning. A fragment is visible in its own file and in
 * every file of the same pack loaded after it (a directory loads in name order); the expanded
 * regex is what compiles, what the pattern cache is keyed by and what lint reads, and the
 * fragments' text is in the pack bytes the rule-set digest covers.
 */
#include "scrub/pack_internal.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define FRAGMENT_NAME_MAX 64
/* Expansions of expansions are expanded already, so this bounds only a pack's own nesting. */
#define FRAGMENT_BYTES_MAX ((size_t)1 << 20)

struct fragment {
    char *name;
    char *text; /* expanded */
    bool group; /* text is one group already, used as written (else inside "(?:...)") */
    const char *file;
    size_t line;
};

/* A `word_lists:` entry: words that word-list keys take in as `(?&&name)` (pack_words). */
struct word_list {
    char *name;
    struct string_list words;
    const char *file;
    size_t line;
};

struct pack_fragments {
    struct fragment *v;
    size_t n;
    struct word_list *lists;
    size_t n_lists;
    /* `context_not_shared:` clauses so far, owned by the rule set (pack_rule appends them) */
    const struct context_not_clause **shared;
    size_t n_shared;
    /* `allow_list_shared:` entries so far: entities[i] and values[i] (sorted, the rule set's) */
    struct string_list *allow_entities;
    const struct string_list **allow_values;
    size_t n_allow;
};

struct pack_fragments *
pack_fragments_new(void)
{
    return xcalloc(1, sizeof(struct pack_fragments));
}

void
pack_fragments_free(struct pack_fragments *f)
{
    if (!f) {
        return;
    }
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].name);
        free(f->v[i].text);
    }
    for (size_t i = 0; i < f->n_lists; i++) {
        free(f->lists[i].name);
        string_list_release(&f->lists[i].words);
    }
    for (size_t i = 0; i < f->n_allow; i++) {
        string_list_release(&f->allow_entities[i]);
    }
    free(f->v);
    free(f->lists);
    free(f->shared);
    free(f->allow_entities);
    free(f->allow_values);
    free(f);
}

static const struct fragment *
lookup(const struct pack_fragments *f, const char *name, size_t n)
{
    for (size_t i = 0; f && i < f->n; i++) {
        if (strlen(f->v[i].name) == n && !memcmp(f->v[i].name, name, n)) {
            return &f->v[i];
        }
    }
    return NULL;
}

static const struct word_list *
lookup_list(const struct pack_fragments *f, const char *name, size_t n)
{
    for (size_t i = 0; f && i < f->n_lists; i++) {
        if (strlen(f->lists[i].name) == n && !memcmp(f->lists[i].name, name, n)) {
            return &f->lists[i];
        }
    }
    return NULL;
}

static bool
name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

/* The length of a reference's name at s (just after "(?&&"), up to its ')'; 0 if malformed. */
static size_t
ref_name_len(const char *s)
{
    size_t n = 0;

    while (n <= FRAGMENT_NAME_MAX && name_char(s[n], n == 0)) {
        n++;
    }
    return n && n <= FRAGMENT_NAME_MAX && s[n] == ')' ? n : 0;
}

int
pack_expand(const struct pack_ctx *c, const char *src, size_t line, const char *rule,
            const char *key, char **out, struct err *err)
{
    size_t n = strlen(src), i = 0, from = 0;
    struct buf b;
    int rc = -1;

    *out = NULL;
    if (!strstr(src, "(?&&")) {
        return 0;
    }
    buf_init(&b, FRAGMENT_BYTES_MAX);
    while (i < n) {
        if (src[i] == '\\' && src[i + 1] == 'Q') {
            const char *end = strstr(src + i + 2, "\\E");
            i = end ? (size_t)(end - src) + 2 : n;
        } else if (src[i] == '\\') {
            i = regex_escape_end(src, i);
        } else if (src[i] == '[') {
            size_t end = regex_class_end(src, n, i);
            i = end ? end : i + 1; /* PCRE2 refuses an unclosed class; let it say so */
        } else if (!strncmp(src + i, "(?&&", 4)) {
            size_t len = ref_name_len(src + i + 4);
            const struct fragment *fr = len ? lookup(c->fragments, src + i + 4, len) : NULL;
            if (!fr && len && lookup_list(c->fragments, src + i + 4, len)) {
                err_set(err, ERR_PARSE,
                        "%s:%zu: rule '%s': key '%s': '%.*s' at offset %zu is a word list, "
                        "not a fragment",
                        c->file, line, rule, key, (int)len, src + i + 4, i);
                goto out;
            }
            if (!fr) {
                /* a file tested alone does not see its pack's 00-fragments.yaml: say where
                 * fragments come from */
                err_set(err, ERR_PARSE, "%s:%zu: rule '%s': key '%s': %s '%.*s' at offset %zu%s",
                        c->file, line, rule, key,
                        len ? "unknown fragment" : "expected a fragment name and ')' after",
                        len ? (int)len : 4, src + i + (len ? 4 : 0), i,
                        len ? " (fragments come from this file and the files of its pack "
                              "loaded before it)"
                            : "");
                goto out;
            }
            if (buf_append(&b, src + from, i - from, err) < 0 ||
                (!fr->group && buf_append_str(&b, "(?:", err) < 0) ||
                buf_append_str(&b, fr->text, err) < 0 ||
                (!fr->group && buf_putc(&b, ')', err) < 0)) {
                err_set(err, ERR_LIMIT, "%s:%zu: rule '%s': key '%s': expands past %zu bytes",
                        c->file, line, rule, key, FRAGMENT_BYTES_MAX);
                goto out;
            }
            i += 4 + len + 1;
            from = i;
        } else {
            i++;
        }
    }
    if (buf_append(&b, src + from, n - from, err) < 0 || buf_putc(&b, '\0', err) < 0) {
        err_set(err, ERR_LIMIT, "%s:%zu: rule '%s': key '%s': expands past %zu bytes", c->file,
                line, rule, key, FRAGMENT_BYTES_MAX);
        goto out;
    }
    *out = (char *)buf_detach(&b, NULL);
    rc = 0;
out:
    buf_release(&b);
    return rc;
}

int
pack_expand_in_place(const struct pack_ctx *c, char **src, size_t line, const char *rule,
                     const char *key, struct err *err)
{
    char *expanded;

    if (!*src || pack_expand(c, *src, line, rule, key, &expanded, err) < 0) {
        return *src ? -1 : 0;
    }
    if (expanded) {
        free(*src);
        *src = expanded;
    }
    return 0;
}

/*
 * Whether s is one group from its first byte to its last: then a quantifier after a reference
 * applies to all of it as written, and a pattern that used the text before it was a fragment
 * compiles to the same bytes.
 */
static bool
one_group(const char *s)
{
    bool alternation;
    size_t end;

    if (s[0] != '(' || s[1] == '*') {
        return false;
    }
    end = regex_group_end(s, 1, &alternation);
    return end && s[end] == ')' && s[end + 1] == '\0';
}

/* One `name: regex` of a `fragments:` mapping, expanded with the fragments before it. */
static int
add_fragment(const struct pack_ctx *c, const yaml_node_t *k, const yaml_node_t *v, struct err *err)
{
    struct pack_fragments *f = c->fragments;
    const char *name = pack_scalar(k);
    const struct fragment *old;
    char *text = NULL;
    size_t len = name ? strlen(name) : 0;

    bool ok = name && len && len <= FRAGMENT_NAME_MAX;

    for (size_t i = 0; ok && i < len; i++) {
        ok = name_char(name[i], i == 0);
    }
    if (!ok) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: key 'fragments': '%s': a name is up to %d letters, digits and "
                       "'_', not starting with a digit",
                       c->file, pack_line(k), name ? name : "?", FRAGMENT_NAME_MAX);
    }
    if ((old = lookup(f, name, len))) {
        return err_set(err, ERR_PARSE, "%s:%zu: fragment '%s': already defined at %s:%zu", c->file,
                       pack_line(k), name, old->file, old->line);
    }
    if (lookup_list(f, name, len)) {
        const struct word_list *l = lookup_list(f, name, len);
        return err_set(err, ERR_PARSE, "%s:%zu: fragment '%s': already a word list at %s:%zu",
                       c->file, pack_line(k), name, l->file, l->line);
    }
    if (pack_string(c, v, "(pack)", "fragments", &text, err) < 0) {
        return -1;
    }
    if (!*text) {
        free(text);
        return err_set(err, ERR_PARSE, "%s:%zu: fragment '%s': empty", c->file, pack_line(v), name);
    }
    if (pack_expand_in_place(c, &text, pack_line(v), "(pack)", "fragments", err) < 0) {
        free(text);
        return -1;
    }
    f->v = xrealloc(f->v, size_mul(f->n + 1, sizeof(*f->v)));
    /* c->file may be a temporary path; the rule set's copy lives as long as this table. */
    f->v[f->n++] = (struct fragment){xstrdup(name), text, one_group(text),
                                     c->rs->files[c->rs->n_files - 1], pack_line(k)};
    return 0;
}

int
pack_fragments_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err)
{
    if (n->type != YAML_MAPPING_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: key 'fragments': expected a mapping of names to "
                       "regexes",
                       c->file, pack_line(n));
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        if (add_fragment(c, yaml_document_get_node(c->doc, p->key),
                         yaml_document_get_node(c->doc, p->value), err) < 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * Word lists: the same names as fragments (one name space), for the keys whose values are words
 * (context, context_not, allow_list, deny_list, names): an entry written `(?&&name)` stands for
 * every word of the list, so a list of public roles or of placeholder persons is written once.
 */
static int
expand_words(const struct pack_ctx *c, size_t line, const char *rule, const char *key,
             struct string_list *words, struct err *err)
{
    struct string_list out = {NULL, 0};
    bool any = false;

    for (size_t i = 0; i < words->n && !any; i++) {
        any = !strncmp(words->v[i], "(?&&", 4);
    }
    if (!any) {
        return 0;
    }
    for (size_t i = 0; i < words->n; i++) {
        const char *w = words->v[i];
        size_t len = strncmp(w, "(?&&", 4) ? 0 : ref_name_len(w + 4);
        const struct word_list *l = len ? lookup_list(c->fragments, w + 4, len) : NULL;
        if (strncmp(w, "(?&&", 4)) {
            string_list_push(&out, w, strlen(w));
            continue;
        }
        if (!l || w[4 + len + 1] != '\0') {
            err_set(err, ERR_PARSE,
                    "%s:%zu: rule '%s': key '%s': unknown word list '%s' (word lists come from "
                    "this file and the files of its pack loaded before it)",
                    c->file, line, rule, key, w);
            string_list_release(&out);
            return -1;
        }
        for (size_t j = 0; j < l->words.n; j++) {
            string_list_push(&out, l->words.v[j], strlen(l->words.v[j]));
        }
    }
    string_list_release(words);
    *words = out;
    return 0;
}

int
pack_words(const struct pack_ctx *c, const yaml_node_t *n, const char *rule, const char *key,
           struct string_list *out, struct err *err)
{
    struct string_list words = {NULL, 0};

    if (pack_strings(c, n, rule, key, &words, err) < 0 ||
        expand_words(c, pack_line(n), rule, key, &words, err) < 0) {
        string_list_release(&words);
        return -1;
    }
    for (size_t i = 0; i < words.n; i++) {
        string_list_push(out, words.v[i], strlen(words.v[i]));
    }
    string_list_release(&words);
    return 0;
}

/* One `name: [words]` of a `word_lists:` mapping; it may take in the lists before it. */
static int
add_list(const struct pack_ctx *c, const yaml_node_t *k, const yaml_node_t *v, struct err *err)
{
    struct pack_fragments *f = c->fragments;
    const char *name = pack_scalar(k);
    size_t len = name ? strlen(name) : 0;
    struct word_list l = {NULL, {NULL, 0}, c->rs->files[c->rs->n_files - 1], pack_line(k)};
    const struct word_list *old;
    bool ok = name && len && len <= FRAGMENT_NAME_MAX;

    for (size_t i = 0; ok && i < len; i++) {
        ok = name_char(name[i], i == 0);
    }
    if (!ok) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: key 'word_lists': '%s': a name is up to %d letters, digits and "
                       "'_', not starting with a digit",
                       c->file, pack_line(k), name ? name : "?", FRAGMENT_NAME_MAX);
    }
    if ((old = lookup_list(f, name, len))) {
        return err_set(err, ERR_PARSE, "%s:%zu: word list '%s': already defined at %s:%zu", c->file,
                       pack_line(k), name, old->file, old->line);
    }
    if (lookup(f, name, len)) {
        const struct fragment *fr = lookup(f, name, len);
        return err_set(err, ERR_PARSE, "%s:%zu: word list '%s': already a fragment at %s:%zu",
                       c->file, pack_line(k), name, fr->file, fr->line);
    }
    if (pack_words(c, v, "(pack)", "word_lists", &l.words, err) < 0) {
        string_list_release(&l.words);
        return -1;
    }
    l.name = xstrdup(name);
    f->lists = xrealloc(f->lists, size_mul(f->n_lists + 1, sizeof(*f->lists)));
    f->lists[f->n_lists++] = l;
    return 0;
}

int
pack_word_lists_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err)
{
    if (n->type != YAML_MAPPING_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: key 'word_lists': expected a mapping of names to lists of words",
                       c->file, pack_line(n));
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        if (add_list(c, yaml_document_get_node(c->doc, p->key),
                     yaml_document_get_node(c->doc, p->value), err) < 0) {
            return -1;
        }
    }
    return 0;
}

void
pack_shared_add(const struct pack_ctx *c, const struct context_not_clause *k)
{
    struct pack_fragments *f = c->fragments;

    f->shared = xrealloc(f->shared, size_mul(f->n_shared + 1, sizeof(*f->shared)));
    f->shared[f->n_shared++] = k;
}

size_t
pack_shared(const struct pack_ctx *c, const struct context_not_clause ***out)
{
    *out = c->fragments ? c->fragments->shared : NULL;
    return c->fragments ? c->fragments->n_shared : 0;
}

/* One {entities, values} of `allow_list_shared:`. */
static int
add_shared_allow(const struct pack_ctx *c, const yaml_node_t *n, struct err *err)
{
    struct pack_fragments *f = c->fragments;
    const yaml_node_t *ents = pack_map_get(c, n, "entities");
    const yaml_node_t *vals = pack_map_get(c, n, "values");
    struct string_list e = {NULL, 0}, *v;
    struct scrub_rules *rs = c->rs;

    if (n->type != YAML_MAPPING_NODE || !ents || !vals ||
        n->data.mapping.pairs.top - n->data.mapping.pairs.start != 2) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: key 'allow_list_shared': expected a list of {entities, values}",
                       c->file, pack_line(n));
    }
    v = xcalloc(1, sizeof(*v)); /* after the shape check: an error there leaves nothing behind */
    if (pack_strings(c, ents, "(pack)", "allow_list_shared.entities", &e, err) < 0 ||
        pack_words(c, vals, "(pack)", "allow_list_shared.values", v, err) < 0) {
        string_list_release(&e);
        string_list_release(v);
        free(v);
        return -1;
    }
    /* sorted once and kept with the allow-list files: rules point at it as at a file's lines */
    allow_list_sort(v);
    rs->allow_files =
        xrealloc(rs->allow_files, size_mul(rs->n_allow_files + 1, sizeof(*rs->allow_files)));
    rs->allow_files[rs->n_allow_files++] = v;
    f->allow_entities =
        xrealloc(f->allow_entities, size_mul(f->n_allow + 1, sizeof(*f->allow_entities)));
    f->allow_values = xrealloc(f->allow_values, size_mul(f->n_allow + 1, sizeof(*f->allow_values)));
    f->allow_entities[f->n_allow] = e;
    f->allow_values[f->n_allow++] = v;
    return 0;
}

int
pack_shared_allow_read(const struct pack_ctx *c, const yaml_node_t *n, struct err *err)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: key 'allow_list_shared': expected a list of {entities, values}",
                       c->file, pack_line(n));
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        if (add_shared_allow(c, yaml_document_get_node(c->doc, *it), err) < 0) {
            return -1;
        }
    }
    return 0;
}

size_t
pack_shared_allow(const struct pack_ctx *c, const char *entity,
                  const struct string_list *out[PACK_SHARED_ALLOW_MAX])
{
    const struct pack_fragments *f = c->fragments;
    size_t n = 0;

    for (size_t i = 0; f && i < f->n_allow && n < PACK_SHARED_ALLOW_MAX; i++) {
        for (size_t k = 0; k < f->allow_entities[i].n; k++) {
            if (!strcmp(f->allow_entities[i].v[k], entity)) {
                out[n++] = f->allow_values[i];
                break;
            }
        }
    }
    return n;
}
