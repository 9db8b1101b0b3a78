/* One `content_warnings:` entry: a category with terms, patterns and a hit threshold. */
#include "scrub/pack_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define MAX_CATEGORIES 64 /* scrub_engine_warnings returns a 64-bit mask */

/*
 * Every hit of the terms regex contains each space-free piece of its term (a space in a term
 * matches any run of white space), so pieces of the terms are the category's trigger literals:
 *   - the longest piece of each term filters best;
 *   - the first piece of each term must occur too (with "se droguer", "droguer" and "se"). A
 *     one-letter first piece ("a good criminal") is followed by white space: "a" then the first
 *     byte of any white-space character;
 *   - one piece anchors the search, as it starts a bounded distance into the hit: a character
 *     for each one before it and a white-space run for each space. That is the first piece (the
 *     nearest the start, the narrowest windows) unless it is shorter than PIECE_MIN bytes ("a",
 *     "se", "no"), found inside most words: then the first one long enough, or the longest.
 */
#define PIECE_MIN 3

enum piece { PIECE_LONGEST, PIECE_FIRST, PIECE_ANCHOR };

static const char *
term_piece(const char *term, enum piece which, size_t *len)
{
    const char *best = NULL;

    *len = 0;
    for (const char *t = term; *t;) {
        size_t n = strcspn(t, " *");
        if (n > *len) {
            best = t;
            *len = n;
        }
        if (which == PIECE_FIRST || (which == PIECE_ANCHOR && *len >= PIECE_MIN)) {
            break;
        }
        t += n + (t[n] ? 1 : 0);
    }
    return best;
}

/* The first byte of each white-space character (\s): ASCII (a tab reads as a space) or Unicode
 * (U+0085, U+00A0, U+1680, U+2000-U+205F, U+3000). */
static const char space_starts[] = " \n\v\f\r\xc2\xe1\xe2\xe3";

static void
terms_literals(const struct string_list *terms, enum piece which, struct literal_set *out,
               struct literal_lead *lead)
{
    struct buf folded;
    struct err ignored;

    literal_set_release(out);
    *lead = (struct literal_lead){0, 0, 0, 0, 0};
    buf_init(&folded, BUF_NO_MAX);
    for (size_t i = 0; i < terms->n; i++) {
        size_t len, chars = 0, spaces = 0;
        const char *piece = term_piece(terms->v[i], which, &len);
        if (!piece || literals_fold((const unsigned char *)piece, len, &folded, &ignored) < 0 ||
            folded.len == 0) {
            literal_set_release(out); /* a term with no usable piece: always run */
            break;
        }
        if (which == PIECE_FIRST && folded.len == 1 && piece[len] == ' ') {
            for (const char *c = space_starts; *c; c++) {
                char two[3] = {(char)folded.data[0], *c, '\0'};
                literal_set_append(out, two);
            }
            continue;
        }
        literal_set_append(out, (const char *)folded.data);
        for (const char *c = terms->v[i]; c < piece; c++) {
            spaces += *c == ' ';
            chars += *c != ' ' && ((unsigned char)*c & 0xC0) != 0x80;
        }
        lead->chars = chars > lead->chars ? chars : lead->chars;
        lead->spaces = spaces > lead->spaces ? spaces : lead->spaces;
    }
    literal_set_unique(out);
    buf_release(&folded);
}

/* A category's compilation (rules_queue.c may run it on a helper thread during a load). */
struct category_job {
    struct compile_job base;
    struct warning_category *w; /* in place in the rule set's array, which never moves */
    struct string_list patterns;
    struct pack_cache *cache; /* or NULL */
};

static int
category_job_run(struct compile_job *base, struct err *err)
{
    struct category_job *job = (struct category_job *)base;
    struct warning_category *w = job->w;
    const struct string_list *terms = &w->terms, *patterns = &job->patterns;

    if (terms->n) {
        char *src = rules_words_regex(terms, true);
        int rc = rules_compile_gated(job->cache, src, PCRE2_CASELESS, w->file, w->line, w->name,
                                     "terms", &w->terms_re, &w->terms_ascii, &w->terms_gate, err);
        if (rc == 0) {
            struct literal_lead ignored;
            terms_literals(terms, PIECE_LONGEST, &w->terms_gate.lits, &ignored);
            terms_literals(terms, PIECE_FIRST, &w->terms_gate.lits2, &ignored);
            terms_literals(terms, PIECE_ANCHOR, &w->terms_gate.anchor, &w->terms_gate.anchor_lead);
        }
        free(src);
        if (rc < 0) {
            return -1;
        }
    }
    for (size_t i = 0; i < patterns->n; i++) {
        if (rules_compile_gated(job->cache, patterns->v[i], 0, w->file, w->line, w->name, "pattern",
                                &w->patterns[i], &w->patterns_ascii[i], &w->gates[i], err) < 0) {
            return -1;
        }
        w->sources[i] = xstrdup(patterns->v[i]);
        w->n_patterns++;
    }
    return 0;
}

static void
category_job_free(struct compile_job *base)
{
    struct category_job *job = (struct category_job *)base;

    string_list_release(&job->patterns);
    free(job);
}

/* Compile w (in place), its terms already in w->terms; takes patterns. */
static int
compile_category(const struct pack_ctx *c, struct warning_category *w, struct string_list *patterns,
                 struct err *err)
{
    struct category_job *job = xcalloc(1, sizeof(*job));
    size_t n = patterns->n ? patterns->n : 1;

    w->patterns = xcalloc(n, sizeof(*w->patterns));
    w->patterns_ascii = xcalloc(n, sizeof(*w->patterns_ascii));
    w->sources = xcalloc(n, sizeof(*w->sources));
    w->gates = xcalloc(n, sizeof(*w->gates));
    job->base.run = category_job_run;
    job->base.free = category_job_free;
    job->w = w;
    job->cache = compile_queue_cache(c->queue);
    job->patterns = *patterns;
    *patterns = (struct string_list){NULL, 0};
    return compile_queue_run(c->queue, &job->base, err);
}

static int
parse_key(const struct pack_ctx *c, const char *key, const yaml_node_t *v,
          struct warning_category *w, struct string_list *terms, struct string_list *patterns,
          struct err *err)
{
    if (!strcmp(key, "category")) {
        return 0;
    } else if (!strcmp(key, "description")) {
        return pack_string(c, v, w->name, key, &w->description, err);
    } else if (!strcmp(key, "not_covered")) {
        char *ignored = NULL;
        int rc = pack_string(c, v, w->name, key, &ignored, err);
        free(ignored);
        return rc;
    } else if (!strcmp(key, "terms")) {
        return pack_strings(c, v, w->name, key, terms, err);
    } else if (!strcmp(key, "patterns")) {
        size_t from = patterns->n;
        if (pack_strings(c, v, w->name, key, patterns, err) < 0) {
            return -1;
        }
        for (size_t i = from; i < patterns->n; i++) {
            if (pack_expand_in_place(c, &patterns->v[i], pack_line(v), w->name, key, err) < 0) {
                return -1;
            }
        }
        return 0;
    } else if (!strcmp(key, "min_hits")) {
        return pack_size(c, v, w->name, key, 1, 1000, &w->min_hits, err);
    } else if (!strcmp(key, "tests")) {
        return pack_tests(c, v, w->name, &w->tests_match, NULL, &w->tests_no_match, err);
    }
    return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': unknown key '%s'", c->file, pack_line(v),
                   w->name, key);
}

static int
find_name(const struct pack_ctx *c, const yaml_node_t *n, struct warning_category *w,
          struct err *err)
{
    const yaml_node_t *name = pack_map_get(c, n, "category");

    if (name) {
        return pack_string(c, name, NULL, "category", &w->name, err);
    }
    return err_set(err, ERR_PARSE, "%s:%zu: content warning has no 'category'", c->file,
                   pack_line(n));
}

int
pack_warning(const struct pack_ctx *c, const yaml_node_t *n, struct err *err)
{
    struct warning_category w;
    struct string_list terms = {NULL, 0}, patterns = {NULL, 0};
    struct scrub_rules *rs = c->rs;
    struct warning_category *slot;
    int rc = -1;

    memset(&w, 0, sizeof(w));
    w.min_hits = 1;
    w.file = rs->files[rs->n_files - 1];
    w.line = pack_line(n);
    if (n->type != YAML_MAPPING_NODE) {
        err_set(err, ERR_PARSE, "%s:%zu: content_warnings: expected a list of mappings", c->file,
                pack_line(n));
        goto out;
    }
    if (find_name(c, n, &w, err) < 0) {
        goto out;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *key = pack_scalar(yaml_document_get_node(c->doc, p->key));
        if (parse_key(c, key ? key : "?", yaml_document_get_node(c->doc, p->value), &w, &terms,
                      &patterns, err) < 0) {
            goto out;
        }
    }
    if (!terms.n && !patterns.n) {
        err_set(err, ERR_PARSE, "%s:%zu: rule '%s': needs 'terms' or 'patterns'", c->file, w.line,
                w.name);
        goto out;
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        if (!strcmp(rs->warnings[i].name, w.name)) {
            err_set(err, ERR_PARSE, "%s:%zu: rule '%s': category already defined at %s:%zu",
                    c->file, w.line, w.name, rs->warnings[i].file, rs->warnings[i].line);
            goto out;
        }
    }
    if (rs->n_warnings >= MAX_CATEGORIES) {
        err_set(err, ERR_LIMIT, "%s:%zu: rule '%s': more than %d content-warning categories",
                c->file, w.line, w.name, MAX_CATEGORIES);
        goto out;
    }
    /* Room for every category at once: queued compilations write into their category. */
    if (!rs->warnings) {
        rs->warnings = xcalloc(MAX_CATEGORIES, sizeof(*rs->warnings));
    }
    slot = &rs->warnings[rs->n_warnings];
    w.terms = terms; /* kept for the ASCII term matcher (warnings_terms.c) */
    terms = (struct string_list){NULL, 0};
    *slot = w;
    memset(&w, 0, sizeof(w));
    if (compile_category(c, slot, &patterns, err) < 0) {
        warning_category_release(slot); /* leaves it zeroed */
        goto out;
    }
    rs->n_warnings++;
    rc = 0;
out:
    warning_category_release(&w);
    string_list_release(&terms);
    string_list_release(&patterns);
    return rc;
}
