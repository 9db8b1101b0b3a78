/*
 * Regex compilation for rule packs: PCRE2 with UTF + UCP (JIT-compiled later, rules_jit.c), plus
 * the byte prefilter each pattern gets for free from PCRE2's own start-of-match analysis.
 */
#include "scrub/rules_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/pack_cache_internal.h"

#include "common/banned.h"

/* The one place PCRE2's error convention (code + offset) becomes a message. */
static int
compile_error(int code, PCRE2_SIZE offset, const char *file, size_t line, const char *rule,
              const char *what, struct err *err)
{
    PCRE2_UCHAR msg[256];

    if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0) {
        memcpy(msg, "unknown error", sizeof("unknown error"));
    }
    return err_set(err, ERR_PARSE, "%s:%zu: rule '%s': %s does not compile: %s at offset %zu", file,
                   line, rule, what, (const char *)msg, (size_t)offset);
}

/*
 * Whether PCRE2 plans the same start-of-match shortcuts for two compilations of one regex: first
 * code unit, start bitmap, required code unit, minimum length. PCRE2 10.42 can plan a wrong one
 * ("(?=a<)(?:b?aa|a)" misses the "a" before "<": it looks for the required "a" after the first
 * code unit, which the look-ahead gave); with the same plan as the regex as written, the factored
 * form can only be as right as that one.
 */
static bool
same_plan(const pcre2_code *a, const pcre2_code *b)
{
    static const uint32_t what[] = {PCRE2_INFO_FIRSTCODETYPE, PCRE2_INFO_FIRSTCODEUNIT,
                                    PCRE2_INFO_LASTCODETYPE, PCRE2_INFO_LASTCODEUNIT,
                                    PCRE2_INFO_MINLENGTH};
    const uint8_t *ma = NULL, *mb = NULL;

    for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
        uint32_t x = 0, y = 0;
        if (pcre2_pattern_info(a, what[i], &x) != pcre2_pattern_info(b, what[i], &y) || x != y) {
            return false;
        }
    }
    (void)pcre2_pattern_info(a, PCRE2_INFO_FIRSTBITMAP, &ma);
    (void)pcre2_pattern_info(b, PCRE2_INFO_FIRSTBITMAP, &mb);
    return (!ma && !mb) || (ma && mb && memcmp(ma, mb, 32) == 0);
}

/* src compiled; as factored (when not NULL) if PCRE2 plans the same shortcuts for both. */
static pcre2_code *
compile_checked(const char *src, const char *factored, uint32_t options, int *code,
                PCRE2_SIZE *offset)
{
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, code, offset, NULL);

    if (re && factored) {
        int ignored_code;
        PCRE2_SIZE ignored_offset;
        pcre2_code *f = pcre2_compile((PCRE2_SPTR)factored, PCRE2_ZERO_TERMINATED, options,
                                      &ignored_code, &ignored_offset, NULL);
        if (f && same_plan(re, f)) {
            pcre2_code_free(re);
            re = f;
        } else {
            pcre2_code_free(f);
        }
    }
    return re;
}

pcre2_code *
rules_compile_factored(const char *src, uint32_t options, int *code, PCRE2_SIZE *offset)
{
    char *factored = regex_factor(src, options);
    pcre2_code *re = compile_checked(src, factored, options, code, offset);

    free(factored);
    return re;
}

int
rules_compile_pair(const char *src, uint32_t options, const char *file, size_t line,
                   const char *rule, const char *what, pcre2_code **ucp, pcre2_code **ascii,
                   struct err *err)
{
    /* The rewrite reads only the caseless and extended options: one serves both variants. */
    char *factored = regex_factor(src, options);
    int code, ignored_code;
    PCRE2_SIZE offset, ignored_offset;

    *ucp = compile_checked(src, factored, options | PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT,
                           &code, &offset);
    if (!*ucp) {
        free(factored);
        return compile_error(code, offset, file, line, rule, what, err);
    }
    /* ASCII subjects read properties as plain classes, which PCRE2 can plan a start for */
    char *ascii_src = regex_ascii(src, options);
    if (ascii_src) {
        char *ascii_factored = regex_factor(ascii_src, options);
        *ascii =
            compile_checked(ascii_src, ascii_factored, options | PCRE2_UTF | PCRE2_USE_OFFSET_LIMIT,
                            &ignored_code, &ignored_offset);
        free(ascii_factored);
        free(ascii_src);
    }
    if (!ascii_src || !*ascii) {
        *ascii = compile_checked(src, factored, options | PCRE2_UTF | PCRE2_USE_OFFSET_LIMIT,
                                 &ignored_code, &ignored_offset);
    }
    free(factored);
    return 0;
}

/* One code as pcre2_serialize_encode writes it, into a malloc'ed blob; NULL when it cannot. */
static unsigned char *
regex_blob(const pcre2_code *re, size_t *len)
{
    uint8_t *bytes = NULL;
    PCRE2_SIZE size = 0;
    unsigned char *blob;

    if (pcre2_serialize_encode(&re, 1, &bytes, &size, NULL) < 0) {
        return NULL;
    }
    blob = xmalloc(size);
    memcpy(blob, bytes, size);
    pcre2_serialize_free(bytes);
    *len = size;
    return blob;
}

int
rules_compile_regex(struct pack_cache *c, const char *src, uint32_t options, const char *file,
                    size_t line, const char *rule, const char *what, pcre2_code **out,
                    struct err *err)
{
    unsigned char key[PACK_CACHE_KEY_LEN];
    const unsigned char *blob;
    unsigned char *kept;
    size_t len;
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = NULL;

    /* USE_OFFSET_LIMIT: windowed searches (detect.c) end each window with an offset limit. */
    options |= PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT;
    /* the context and not-clause word lists compile on every start: 6 % of a 400-record run */
    bool keyed = c && pack_cache_key_of("regex", src, strlen(src), &options, sizeof(options), key);
    if (keyed && pack_cache_get_keyed(c, key, &blob, &len) &&
        pcre2_serialize_get_number_of_codes(blob) == 1 &&
        pcre2_serialize_decode(&re, 1, blob, NULL) == 1) {
        *out = re;
        return 0;
    }
    re = rules_compile_factored(src, options, &code, &offset);
    if (!re) {
        return compile_error(code, offset, file, line, rule, what, err);
    }
    if (keyed && (kept = regex_blob(re, &len))) {
        pack_cache_put_keyed(c, key, kept, len); /* takes the bytes */
    }
    *out = re; /* JIT comes once the set is loaded (rules_jit.c) */
    return 0;
}

/*
 * A digit-based pattern (it uses \d or [0-9], or its rule has a validator) always runs on the
 * normalised view of non-ASCII text: Unicode digits, full-width forms and zero-width characters
 * are exactly how such values hide, and validators expect ASCII digits.
 */
static bool
digit_based(const struct rule *r, const char *src)
{
    return r->validator || strstr(src, "\\d") || strstr(src, "0-9");
}

/*
 * rules_compile_pair and gate_build of src, or what an earlier run kept of them (pack_cache.c),
 * whose result is kept in turn.
 */
int
rules_compile_gated(struct pack_cache *c, const char *src, uint32_t options, const char *file,
                    size_t line, const char *rule, const char *what, pcre2_code **ucp,
                    pcre2_code **ascii, struct gate *g, struct err *err)
{
    const unsigned char *blob = NULL;
    size_t len = 0;
    bool cached = c && pack_cache_get(c, src, options, &blob, &len);
    struct buf b;

    if (cached && pattern_blob_decode(blob, len, ucp, ascii, g)) {
        return 0;
    }
    if (rules_compile_pair(src, options, file, line, rule, what, ucp, ascii, err) < 0) {
        return -1;
    }
    gate_build(g, *ucp, *ascii, src, options);
    if (c && !cached) {
        buf_init(&b, BUF_NO_MAX);
        if (pattern_blob_encode(&b, *ucp, *ascii, g)) {
            pack_cache_put(c, src, options, b.data, b.len); /* takes the bytes */
            b.data = NULL;
        }
        buf_release(&b);
    }
    return 0;
}

/* One pattern's compilation (rules_queue.c may run it on a helper thread during a load). */
struct pattern_job {
    struct compile_job base;
    const char *file, *rule; /* for messages (the rule's own strings: its struct moves) */
    struct rule_pattern *p;
    char *src;       /* as compiled: the word-boundary wrap applied */
    char *prefilter; /* prefilter_regex, or NULL */
    size_t prefilter_line;
    uint32_t options;
    struct pack_cache *cache; /* or NULL */
};

static int
pattern_job_run(struct compile_job *base, struct err *err)
{
    struct pattern_job *job = (struct pattern_job *)base;
    struct rule_pattern *p = job->p;
    int group;

    if (rules_compile_gated(job->cache, job->src, job->options, job->file, p->line, job->rule,
                            p->is_deny ? "deny_list" : "pattern", &p->code, &p->code_ascii,
                            &p->gate, err) < 0) {
        return -1;
    }
    group = pcre2_substring_number_from_name(p->code, (PCRE2_SPTR) "pii");
    p->pii_group = group > 0 ? (uint32_t)group : 0;
    if (job->prefilter &&
        rules_compile_gated(job->cache, job->prefilter, job->options, job->file,
                            job->prefilter_line, job->rule, "prefilter_regex", &p->requires,
                            &p->requires_ascii, &p->requires_gate, err) < 0) {
        return -1;
    }
    return 0;
}

static void
pattern_job_free(struct compile_job *base)
{
    struct pattern_job *job = (struct pattern_job *)base;

    free(job->src);
    free(job->prefilter);
    free(job);
}

int
rules_compile_pattern(const struct rule *r, struct rule_pattern *p, const char *src,
                      const char *prefilter, size_t prefilter_line, struct compile_queue *q,
                      struct err *err)
{
    struct pattern_job *job = xcalloc(1, sizeof(*job));

    job->base.run = pattern_job_run;
    job->base.free = pattern_job_free;
    job->file = r->file;
    job->rule = r->name;
    job->p = p;
    job->cache = compile_queue_cache(q);
    job->options = rule_regex_options(r);
    if (r->flags & RULE_WORD_BOUNDARY) {
        size_t n = size_add(strlen(src), 32);
        job->src = xmalloc(n);
        (void)snprintf(job->src, n, "(?<![\\w])(?:%s)(?![\\w])", src);
    } else {
        job->src = xstrdup(src);
    }
    job->prefilter = prefilter ? xstrdup(prefilter) : NULL;
    p->requires_source = prefilter ? xstrdup(prefilter) : NULL;
    p->requires_shared = REQUIRES_SHARED_NONE;
    job->prefilter_line = prefilter_line;
    p->source = xstrdup(src);
    p->use_view =
        !(r->flags & RULE_RAW) && ((r->flags & RULE_NORMALIZED) || digit_based(r, p->source));
    return compile_queue_run(q, &job->base, err);
}

static void
append_escaped(struct buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (strchr("\\^$.|?*+()[]{}#-/ ", s[i]) && s[i] != '\0') {
            (void)buf_putc(b, '\\', NULL);
        }
        (void)buf_putc(b, (unsigned char)s[i], NULL);
    }
}

/* The digits and signs typed for a letter in leetspeak ("p4ssw0rd", "55N", "ph0ne"), or NULL. */
static const char *
leet_of(unsigned char c)
{
    switch (c | 0x20) {
    case 'a':
        return "4@";
    case 'e':
        return "3";
    case 'i':
        return "1!";
    case 'l':
        return "1";
    case 'o':
        return "0";
    case 's':
        return "5$";
    case 't':
        return "7";
    default:
        return NULL;
    }
}

/* Whether w is ASCII letters, or words of them one space apart when spaces is true. */
static bool
ascii_word(const char *w, size_t n, bool spaces)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i] | 0x20;
        if ((c < 'a' || c > 'z') &&
            !(spaces && w[i] == ' ' && i > 0 && i + 1 < n && w[i - 1] != ' ')) {
            return false;
        }
    }
    return n > 0;
}

/*
 * A context word of ASCII letters (or words of them) written in disguise, as people and
 * red-teamers do with a cue: in leetspeak, with a digit or sign for some letters ("p4ssw0rd",
 * "55N", "50c 5ec"; a letter must stay, so "731" is no "tel"), and a word of two to four letters
 * as an acronym with a dot or hyphen after each letter ("S.S.N.", "S-S-N", "P.I.N."). Look-alike
 * letters, fonts and zero-width marks are the view's: the context words are looked for there too.
 */
static void
append_disguised(struct buf *b, struct buf *tail, const char *w, size_t n)
{
    bool leet = false;

    for (size_t i = 0; i < n; i++) {
        leet = leet || leet_of((unsigned char)w[i]);
    }
    if (leet && n >= 3) {
        /* Its first letter as itself, then (in tail) as a stand-in: no character is both, so
         * this splits "[s5$]..." without changing what matches, and the first part starts with
         * a literal that regex_factor can merge with the other words (a look-ahead first is a
         * barrier to it, and was tried at every byte). The look-ahead for a letter holds
         * wherever the letter itself is. */
        const char *first = leet_of((unsigned char)w[0]);
        struct buf rest;
        buf_init(&rest, BUF_NO_MAX);
        for (size_t i = 1; i < n; i++) {
            const char *l = leet_of((unsigned char)w[i]);
            if (l) {
                /* "[a4@]" put together, not printed: 31,000 calls of buf_printf cost 50 M
                 * instructions (7 %) of a start */
                (void)buf_putc(&rest, '[', NULL);
                (void)buf_putc(&rest, (unsigned char)w[i], NULL);
                (void)buf_append_str(&rest, l, NULL);
                (void)buf_putc(&rest, ']', NULL);
            } else {
                (void)buf_putc(&rest, (unsigned char)w[i], NULL);
            }
        }
        (void)buf_append_str(&rest, "(?![0-9])", NULL);
        (void)buf_putc(b, '|', NULL);
        (void)buf_putc(b, (unsigned char)w[0], NULL);
        (void)buf_append(b, rest.data, rest.len, NULL);
        if (first) {
            /* the stand-in is no letter: the letter asked for is among the next n - 2 */
            (void)buf_putc(tail, '|', NULL);
            (void)buf_printf(tail, NULL, "[%s](?=.{0,%zu}[a-z])", first, n - 2);
            (void)buf_append(tail, rest.data, rest.len, NULL);
        }
        buf_release(&rest);
    }
    if (n >= 2 && n <= 4 && ascii_word(w, n, false)) {
        (void)buf_putc(b, '|', NULL);
        for (size_t i = 0; i < n; i++) {
            (void)buf_putc(b, (unsigned char)w[i], NULL);
            (void)buf_append_str(b, i + 1 < n ? "(?:\\. ?|-)" : "\\.?", NULL);
        }
    }
}

/* The stand-in alternatives of tail ("|[5$]..."), behind one test of their first byte, and
 * tail emptied: each starts with a digit or a sign. */
static void
append_stand_ins(struct buf *b, struct buf *tail)
{
    if (tail->len) {
        (void)buf_append_str(b, "|(?=[0-9@!$])(?:", NULL);
        (void)buf_append(b, tail->data + 1, tail->len - 1, NULL);
        (void)buf_putc(b, ')', NULL);
        buf_reset(tail);
    }
}

/*
 * Context words match at a word start, so "emails" counts for "email" (Presidio uses lemmas); a
 * word ending in a letter does not count before a digit, which makes another word of it ("ip" in
 * "IP68", "tel" in "tel2go"). A value right after its cue ("ip10.0.0.1") still counts: the window
 * before a candidate ends where it starts.
 */
static char *
context_regex(const struct string_list *words)
{
    struct buf b;

    struct buf tail;
    /* The stand-ins (digits and signs) for a first letter go last when no word starts with
     * such a byte, since no alternative starting with a letter can match where they do;
     * otherwise each stays beside its word. */
    bool last_ok = true;

    for (size_t i = 0; i < words->n; i++) {
        unsigned char c = (unsigned char)words->v[i][0] | 0x20;
        last_ok = last_ok && (c >= 0x80 || (c >= 'a' && c <= 'z'));
    }
    buf_init(&b, BUF_NO_MAX);
    buf_init(&tail, BUF_NO_MAX);
    (void)buf_append_str(&b, "(?<![\\w])(?:", NULL);
    for (size_t i = 0; i < words->n; i++) {
        size_t n = strlen(words->v[i]);
        unsigned char last = n ? (unsigned char)words->v[i][n - 1] : 0;
        if (i) {
            (void)buf_putc(&b, '|', NULL);
        }
        append_escaped(&b, words->v[i], n);
        if ((last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') || last >= 0x80) {
            (void)buf_append_str(&b, "(?![0-9])", NULL);
        }
        if (ascii_word(words->v[i], n, true)) {
            append_disguised(&b, &tail, words->v[i], n);
        }
        if (!last_ok) {
            append_stand_ins(&b, &tail);
        }
    }
    append_stand_ins(&b, &tail);
    buf_release(&tail);
    (void)buf_putc(&b, ')', NULL);
    return (char *)buf_detach(&b, NULL);
}

/*
 * context_not_gap words: whole words, unlike context words ("king" must not read "kingdom"), with
 * '*' for any ending; an entry that starts with punctuation (", the ceo", "'s album") may follow
 * a letter, the candidate's last.
 */
static char *
whole_words_regex(const struct string_list *words)
{
    static const char word_start[] = "(?<![\\w])";
    char *trie = rules_words_regex(words, true);
    struct buf b;

    buf_init(&b, BUF_NO_MAX);
    (void)buf_append_str(&b, "(?:(?<![\\w])|(?=[^\\w\\s]))", NULL);
    (void)buf_append_str(&b, trie + strlen(word_start), NULL);
    free(trie);
    return (char *)buf_detach(&b, NULL);
}

/*
 * Deny-list entries are literals bounded by non-word characters and matched case-insensitively,
 * as in Presidio; they become one extra pattern with score 1.0 that bypasses the validator.
 */
static int
compile_deny(struct rule *r, struct compile_queue *q, struct err *err)
{
    struct rule_pattern *p = &r->patterns[r->n_patterns]; /* reserved by the caller */
    struct buf b;
    int rc;

    buf_init(&b, BUF_NO_MAX);
    (void)buf_append_str(&b, "(?i)(?<![\\w])(?:", NULL);
    for (size_t i = 0; i < r->deny.n; i++) {
        if (i) {
            (void)buf_putc(&b, '|', NULL);
        }
        append_escaped(&b, r->deny.v[i], strlen(r->deny.v[i]));
    }
    /* Entries may end in punctuation ("Dr."), so only a word character may not follow. */
    (void)buf_append_str(&b, ")(?![\\w])", NULL);
    memset(p, 0, sizeof(*p));
    p->name = xstrdup("deny_list");
    p->score = RULE_DENY_SCORE;
    p->is_deny = true;
    p->line = r->line;
    r->n_patterns++;
    rc = rules_compile_pattern(r, p, (const char *)b.data, NULL, 0, q, err);
    buf_release(&b);
    return rc;
}

int
rules_compile_rule_extras(struct rule *r, struct compile_queue *q, struct err *err)
{
    if (r->deny.n && compile_deny(r, q, err) < 0) {
        return -1;
    }
    if (r->context.n) {
        char *src = context_regex(&r->context);
        int rc = rules_compile_regex(compile_queue_cache(q), src, PCRE2_CASELESS, r->file, r->line,
                                     r->name, "context", &r->context_re, err);
        free(src);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

int
rules_compile_not_clause(struct pack_cache *c, struct context_not_clause *k,
                         const struct string_list *words, const char *file, size_t line,
                         const char *rule, const char *key, struct err *err)
{
    struct string_list stems = {NULL, 0};
    char *src;
    int rc;

    /* Without gap a word matches at a word start already: a '*' for its ending goes, so one
     * word list serves clauses of both kinds. */
    for (size_t i = 0; !k->gap && i < words->n; i++) {
        size_t n = strlen(words->v[i]);
        string_list_push(&stems, words->v[i], n > 1 && words->v[i][n - 1] == '*' ? n - 1 : n);
    }
    src = k->gap ? whole_words_regex(words) : context_regex(&stems);
    if (k->gap) {
        k->width = rules_words_width(words, true);
    }
    rc = rules_compile_regex(c, src, PCRE2_CASELESS, file, line, rule, key, &k->re, err);
    free(src);
    string_list_release(&stems);
    return rc;
}

int
rules_compile_between(struct pack_cache *c, struct context_not_clause *k, const char *between,
                      const char *file, size_t line, const char *rule, const char *key,
                      struct err *err)
{
    struct buf b;
    int rc;

    /* the whole gap: matched with the gap alone as the subject, \A and \z are its ends */
    buf_init(&b, BUF_NO_MAX);
    (void)buf_append_str(&b, "\\A(?:", NULL);
    (void)buf_append_str(&b, between, NULL);
    (void)buf_append_str(&b, ")\\z", NULL);
    rc = rules_compile_regex(c, (const char *)b.data, 0, file, line, rule, key, &k->between, err);
    buf_release(&b);
    return rc;
}

int
rules_compile_placeholders(struct pack_cache *c, struct scrub_rules *rs, struct err *err)
{
    struct buf b;
    int rc;

    buf_init(&b, BUF_NO_MAX);
    (void)buf_append_str(&b, "\\[(?:", NULL);
    for (size_t i = 0; i < rs->n_rules; i++) {
        if (i) {
            (void)buf_putc(&b, '|', NULL);
        }
        append_escaped(&b, rs->rules[i].entity, strlen(rs->rules[i].entity));
    }
    if (!rs->n_rules) {
        (void)buf_append_str(&b, "(*FAIL)", NULL);
    }
    (void)buf_append_str(&b, ")(?:_[0-9a-f]{8})?\\]", NULL);
    pcre2_code_free(rs->placeholder_re);
    rs->placeholder_re = NULL;
    rc = rules_compile_regex(c, (const char *)b.data, 0, "(rule set)", 0, "placeholder",
                             "placeholder", &rs->placeholder_re, err);
    buf_release(&b);
    return rc;
}
