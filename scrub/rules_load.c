/*
 * scrub_rules_load: a pack file or a directory of them, parsed with libyaml's document API and
 * appended to a rule set. A failed load leaves the rule set exactly as it was before the call.
 */
#include "scrub/pack_cache_internal.h"
#include "scrub/pack_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define PACK_MAX_BYTES ((size_t)16 << 20)

int
rules_read_file(const char *path, const char *what, struct buf *b, struct err *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = NULL;
    unsigned char chunk[65536];
    struct stat st;
    size_t n;
    int rc = -1;

    if (fd < 0) {
        return err_set(err, ERR_IO, "%s: cannot open %s: %s", path, what, strerror(errno));
    }
    /* Only regular files: a FIFO or device named by a pack could block or never end. */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(err, ERR_IO, "%s: %s is not a regular file", path, what);
    }
    if (!(f = fdopen(fd, "rb"))) {
        close(fd);
        return err_set(err, ERR_IO, "%s: cannot open %s: %s", path, what, strerror(errno));
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (buf_append(b, chunk, n, err) < 0) {
            err_set(err, ERR_LIMIT, "%s: %s larger than %zu bytes", path, what, b->max);
            goto out;
        }
    }
    if (ferror(f)) {
        err_set(err, ERR_IO, "%s: cannot read %s", path, what);
        goto out;
    }
    rc = 0;
out:
    fclose(f);
    return rc;
}

static int
parse_top_key(struct pack_ctx *c, const char *key, const yaml_node_t *v, struct err *err)
{
    if (!strcmp(key, "recognizers") || !strcmp(key, "content_warnings")) {
        int (*one)(const struct pack_ctx *, const yaml_node_t *, struct err *) =
            key[0] == 'r' ? pack_rule : pack_warning;
        if (v->type != YAML_SEQUENCE_NODE) {
            return err_set(err, ERR_PARSE, "%s:%zu: key '%s': expected a list", c->file,
                           pack_line(v), key);
        }
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
             it++) {
            if (one(c, yaml_document_get_node(c->doc, *it), err) < 0) {
                return -1;
            }
        }
        return 0;
    }
    if (!strcmp(key, "pack") || !strcmp(key, "description") || !strcmp(key, "version")) {
        return pack_scalar(v) ? 0
                              : err_set(err, ERR_PARSE, "%s:%zu: key '%s': expected a scalar",
                                        c->file, pack_line(v), key);
    }
    if (!strcmp(key, "supported_languages")) {
        struct string_list langs = {NULL, 0};
        int rc = pack_strings(c, v, "(pack)", key, &langs, err);
        string_list_release(&langs);
        return rc;
    }
    if (!strcmp(key, "global_regex_flags") || !strcmp(key, "fragments") ||
        !strcmp(key, "word_lists") || !strcmp(key, "context_not_shared") ||
        !strcmp(key, "allow_list_shared")) {
        return 0; /* read before the recognizers, see parse_document */
    }
    return err_set(err, ERR_PARSE, "%s:%zu: unknown top-level key '%s'", c->file, pack_line(v),
                   key);
}

static int
parse_document(struct pack_ctx *c, struct err *err)
{
    const yaml_node_t *root = yaml_document_get_root_node(c->doc);
    const yaml_node_t *flags, *fragments, *lists, *shared;

    if (!root) {
        return err_set(err, ERR_PARSE, "%s:1: empty rule pack", c->file);
    }
    if (root->type != YAML_MAPPING_NODE) {
        return err_set(err, ERR_PARSE,
                       "%s:%zu: rule pack: expected a mapping with "
                       "'recognizers' or 'content_warnings'",
                       c->file, pack_line(root));
    }
    /* Presidio's file-wide flags apply to every recognizer, whatever the key order. */
    flags = pack_map_get(c, root, "global_regex_flags");
    if (flags) {
        struct rule probe;
        char pack_name[] = "(pack)";
        memset(&probe, 0, sizeof(probe));
        probe.name = pack_name;
        if (pack_regex_flags(c, flags, &probe, err) < 0) {
            return -1;
        }
        c->default_re_options = probe.re_options;
    }
    /* ...and so do its fragments, for the patterns of every file loaded after it too. */
    fragments = pack_map_get(c, root, "fragments");
    if (fragments && pack_fragments_read(c, fragments, err) < 0) {
        return -1;
    }
    /* ...its word lists, and the context_not clauses it shares by entity (which use them) */
    lists = pack_map_get(c, root, "word_lists");
    if (lists && pack_word_lists_read(c, lists, err) < 0) {
        return -1;
    }
    shared = pack_map_get(c, root, "context_not_shared");
    if (shared && pack_shared_nots_read(c, shared, err) < 0) {
        return -1;
    }
    shared = pack_map_get(c, root, "allow_list_shared");
    if (shared && pack_shared_allow_read(c, shared, err) < 0) {
        return -1;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const char *key = pack_scalar(k);
        if (!key) {
            return err_set(err, ERR_PARSE, "%s:%zu: top-level key is not a string", c->file,
                           pack_line(k));
        }
        if (parse_top_key(c, key, yaml_document_get_node(c->doc, p->value), err) < 0) {
            return -1;
        }
    }
    return 0;
}

static char *
dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    size_t n;
    char *dir;

    if (!slash) {
        return xstrdup(".");
    }
    n = (size_t)(slash - path) + (slash == path); /* "/x.yaml" lives in "/" */
    dir = xmalloc(n + 1);
    memcpy(dir, path, n);
    dir[n] = '\0';
    return dir;
}

static int
load_file(struct scrub_rules *rs, const char *path, struct compile_queue *q,
          struct pack_fragments *fragments, struct err *err)
{
    struct buf bytes;
    yaml_parser_t parser;
    yaml_document_t doc;
    struct pack_ctx c;
    char *dir = NULL;
    bool have_doc = false;
    int rc = -1;

    buf_init(&bytes, PACK_MAX_BYTES);
    memset(&c, 0, sizeof(c));
    if (!yaml_parser_initialize(&parser)) {
        return err_set(err, ERR_DEP, "%s: cannot initialise the YAML parser", path);
    }
    /* Grow first so data is never NULL: libyaml asserts on a NULL input even when empty. */
    if (buf_grow(&bytes, 1, err) < 0 || rules_read_file(path, "rule pack", &bytes, err) < 0) {
        goto out;
    }
    if (EVP_DigestUpdate(rs->digest, bytes.data, bytes.len) != 1) {
        err_set(err, ERR_DEP, "%s: SHA-256 update failed", path);
        goto out;
    }
    rs->files = xrealloc(rs->files, size_mul(rs->n_files + 1, sizeof(*rs->files)));
    rs->files[rs->n_files++] = xstrdup(path);
    yaml_parser_set_input_string(&parser, bytes.data, bytes.len);
    if (!yaml_parser_load(&parser, &doc)) {
        err_set(err, ERR_PARSE, "%s:%zu: invalid YAML: %s%s%s", path,
                (size_t)parser.problem_mark.line + 1, parser.problem ? parser.problem : "error",
                parser.context ? " " : "", parser.context ? parser.context : "");
        goto out;
    }
    have_doc = true;
    c.doc = &doc;
    c.file = path;
    c.dir = dir = dir_of(path);
    c.rs = rs;
    c.queue = q;
    c.fragments = fragments;
    rc = parse_document(&c, err);
out:
    if (have_doc) {
        yaml_document_delete(&doc);
    }
    free(dir);
    yaml_parser_delete(&parser);
    buf_release(&bytes);
    return rc;
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_pack_name(const char *name)
{
    size_t n = strlen(name);

    return name[0] != '.' &&
           ((n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml")));
}

static int
load_dir(struct scrub_rules *rs, const char *path, struct compile_queue *q,
         struct pack_fragments *fragments, struct err *err)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    int rc = -1;

    if (!d) {
        return err_set(err, ERR_IO, "%s: cannot open rule directory: %s", path, strerror(errno));
    }
    while ((e = readdir(d))) {
        if (is_pack_name(e->d_name)) {
            names = xrealloc(names, size_mul(n + 1, sizeof(*names)));
            names[n++] = xstrdup(e->d_name);
        }
    }
    closedir(d);
    if (!n) {
        err_set(err, ERR_PARSE, "%s: no *.yaml rule packs in directory", path);
        goto out;
    }
    qsort(names, n, sizeof(*names), compare_names);
    for (size_t i = 0; i < n; i++) {
        size_t len = size_add(size_add(strlen(path), strlen(names[i])), 2);
        char *full = xmalloc(len);
        (void)snprintf(full, len, "%s/%s", path, names[i]);
        rc = load_file(rs, full, q, fragments, err);
        free(full);
        if (rc < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
    return rc;
}

static struct scrub_rules *
rules_new(struct err *err)
{
    struct scrub_rules *rs = xcalloc(1, sizeof(*rs));

    rs->digest = EVP_MD_CTX_new();
    if (!rs->digest || EVP_DigestInit_ex(rs->digest, EVP_sha256(), NULL) != 1) {
        scrub_rules_free(rs);
        err_set(err, ERR_DEP, "cannot initialise SHA-256");
        return NULL;
    }
    return rs;
}

/* Undo a failed load: drop what it appended and restore the digest state. */
static void
roll_back(struct scrub_rules *rs, size_t n_rules, size_t n_warnings, size_t n_files,
          EVP_MD_CTX *saved)
{
    while (rs->n_rules > n_rules) {
        rule_release(&rs->rules[--rs->n_rules]);
    }
    while (rs->n_warnings > n_warnings) {
        warning_category_release(&rs->warnings[--rs->n_warnings]);
    }
    while (rs->n_files > n_files) {
        free(rs->files[--rs->n_files]);
    }
    (void)EVP_MD_CTX_copy_ex(rs->digest, saved);
}

/*
 * Load the packs at paths, in order, into rs (which may keep some of them on failure). Patterns
 * compile on threads - 1 helpers meanwhile, through cache (or NULL); a failed one is the first
 * error, as it came first.
 */
static int
load_packs(struct scrub_rules *rs, const char *const *paths, size_t n, unsigned threads,
           struct pack_cache *cache, struct err *err)
{
    struct compile_queue *q = compile_queue_new(threads, cache);
    struct err compile_err;
    int rc = 0;

    for (size_t i = 0; i < n && rc == 0; i++) {
        /* Fragments are a pack's own: each path starts without any. */
        struct pack_fragments *fragments = pack_fragments_new();
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            rc = err_set(err, ERR_IO, "%s: cannot open rule pack: %s", paths[i], strerror(errno));
        } else if ((S_ISDIR(st.st_mode) ? load_dir(rs, paths[i], q, fragments, err)
                                        : load_file(rs, paths[i], q, fragments, err)) < 0 ||
                   rules_compile_placeholders(cache, rs, err) < 0) {
            rc = -1;
        }
        pack_fragments_free(fragments);
    }
    if (compile_queue_finish(q, &compile_err) < 0) {
        *err = compile_err;
        rc = -1;
    }
    return rc;
}

/*
 * What needs the whole set, once it is loaded: the trigger index (through cache, or NULL, which
 * it closes) and the JIT table.
 */
static int
finish(struct scrub_rules *rs, struct pack_cache *cache, unsigned threads, struct err *err)
{
    int rc = rules_build_triggers_cached(rs, cache, threads, err);

    if (rc == 0) {
        rc = rules_build_columns(rs, err);
    }
    jit_table_free(rs->jit);
    rs->jit = jit_table_build(rs);
    rs->any_normalized = false;
    for (size_t i = 0; i < rs->n_rules; i++) {
        rs->any_normalized |= (rs->rules[i].flags & RULE_NORMALIZED) != 0;
    }
    return rc;
}

int
scrub_rules_load_many(struct scrub_rules **rules, const char *const *paths, size_t n,
                      unsigned threads, struct err *err)
{
    struct scrub_rules *rs = *rules;
    bool created = false;
    EVP_MD_CTX *saved = NULL;
    struct pack_cache *cache = NULL;
    size_t n_rules, n_warnings, n_files;
    int rc = -1;

    if (!rs) {
        if (!(rs = rules_new(err))) {
            return -1;
        }
        created = true;
    }
    n_rules = rs->n_rules;
    n_warnings = rs->n_warnings;
    n_files = rs->n_files;
    saved = EVP_MD_CTX_new();
    if (!saved || EVP_MD_CTX_copy_ex(saved, rs->digest) != 1) {
        err_set(err, ERR_DEP, "cannot copy the SHA-256 state");
    } else {
        cache = pack_cache_open();
        rc = load_packs(rs, paths, n, threads, cache, err);
        rules_forget_allow_file(rs); /* the next load reads (and digests) the file again */
    }
    if (rc == 0) {
        rc = finish(rs, cache, threads, err); /* closes the cache */
    } else {
        pack_cache_close(cache);
    }
    if (rc < 0) {
        roll_back(rs, n_rules, n_warnings, n_files, saved);
        if (created) {
            scrub_rules_free(rs);
            rs = NULL;
        } else {
            struct err ignored;
            (void)finish(rs, NULL, 1, &ignored); /* trigger ids again match the rules kept */
        }
    }
    EVP_MD_CTX_free(saved);
    *rules = rs;
    return rc;
}

int
scrub_rules_load(struct scrub_rules **rules, const char *path, struct err *err)
{
    return scrub_rules_load_many(rules, &path, 1, 1, err);
}
