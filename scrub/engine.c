/* Engine lifetime and the one guarded call into pcre2_match. */
#include "scrub/engine_internal.h"
#include "scrub/profile_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucasemap.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define ENGINE_SCRATCH_MAX ((size_t)1 << 30)

struct scrub_engine *
scrub_engine_new(const struct scrub_rules *rules, const struct scrub_engine_opts *opts,
                 struct err *err)
{
    struct scrub_engine *e = xcalloc(1, sizeof(*e));

    e->rules = rules;
    if (opts) {
        e->opts = *opts;
    }
    if (!e->opts.mask_keep && !e->opts.mask_keep_set) {
        e->opts.mask_keep = 4;
    }
    if (!e->opts.mask_char) {
        e->opts.mask_char = '*';
    }
    if (e->opts.mask_char >= 0x80 || e->opts.mask_char < 0x20) {
        free(e);
        err_set(err, ERR_USAGE, "mask character must be printable ASCII");
        return NULL;
    }
    norm_view_init(&e->view);
    norm_view_init(&e->label_view);
    lexicon_hits_init(&e->hits);
    buf_init(&e->scratch, ENGINE_SCRATCH_MAX);
    buf_init(&e->column_key, ENGINE_SCRATCH_MAX);
    buf_init(&e->redacted, ENGINE_SCRATCH_MAX);
    scan_state_init(&e->scan_text, trigger_index_ids(rules->triggers));
    scan_state_init(&e->scan_view, trigger_index_ids(rules->triggers));
    e->scan_text.original = true;
    e->visit = xcalloc(rules->dispatch.words + 1, sizeof(*e->visit));
    e->visit_rules = xcalloc(rules->dispatch.rule_words + 1, sizeof(*e->visit_rules));
    e->n_requires_answers = rules->n_requires_shared;
    e->requires_answers = xcalloc(e->n_requires_answers + 1, sizeof(*e->requires_answers));
    e->n_listing = (rules->dispatch.n_ids + 15) / 16;
    e->listing = xcalloc(e->n_listing + 1, sizeof(*e->listing));
    for (size_t id = 0; id < rules->dispatch.n_ids; id++) {
        if (rules->dispatch.first[id + 1] > rules->dispatch.first[id]) {
            e->listing[id / 16] |= (uint16_t)(1u << (id % 16));
        }
    }
    buf_init(&e->view_key, ENGINE_SCRATCH_MAX);
    buf_init(&e->text_key, ENGINE_SCRATCH_MAX);
    buf_init(&e->plain_key, ENGINE_SCRATCH_MAX);
    e->md = pcre2_match_data_create(64, NULL);
    e->mctx = pcre2_match_context_create(NULL);
    e->jit = pcre2_jit_stack_create(32 * 1024, ENGINE_JIT_STACK_MAX, NULL);
    if (!e->md || !e->mctx || !e->jit) {
        scrub_engine_free(e);
        err_set(err, ERR_DEP, "cannot allocate PCRE2 match state");
        return NULL;
    }
    pcre2_jit_stack_assign(e->mctx, NULL, e->jit);
    pcre2_set_depth_limit(e->mctx, ENGINE_DEPTH_LIMIT);
    if (!(e->lexicon = lexicon_scanner_new(err))) {
        scrub_engine_free(e);
        return NULL;
    }
    return e;
}

void
scrub_engine_free(struct scrub_engine *e)
{
    if (!e) {
        return;
    }
    pcre2_match_data_free(e->md);
    pcre2_match_context_free(e->mctx);
    pcre2_jit_stack_free(e->jit);
    norm_view_release(&e->view);
    norm_view_release(&e->label_view);
    lexicon_scanner_free(e->lexicon);
    lexicon_hits_release(&e->hits);
    free(e->cands.v);
    free(e->placeholders.v);
    free(e->labels.v);
    free(e->cell_gaps.v);
    free(e->samples.v);
    free(e->decoys.v);
    free(e->masked.v);
    free(e->public_seen.v);
    EVP_MAC_free(e->mac);
    buf_release(&e->scratch);
    buf_release(&e->column_key);
    free(e->fields.v);
    buf_release(&e->redacted);
    scan_state_release(&e->scan_text);
    scan_state_release(&e->scan_view);
    free(e->visit);
    free(e->visit_rules);
    free(e->requires_answers);
    free(e->listing);
    buf_release(&e->view_key);
    buf_release(&e->text_key);
    buf_release(&e->plain_key);
    scrub_findings_release(&e->again);
    scrub_findings_release(&e->in_window);
    free(e->pieces.v);
    if (e->casemap) {
        ucasemap_close(e->casemap);
    }
    free(e);
}

int
engine_match(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s, size_t len,
             size_t start, const char *rule, struct err *err)
{
    return engine_match_upto(e, code, s, len, start, PCRE2_UNSET, rule, err);
}

static bool
limit_hit(int rc)
{
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
           rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/* A failed call as an error: ERR_LIMIT for a resource limit, ERR_DEP for anything else. */
static int
match_failed(int rc, size_t start, const char *rule, struct err *err)
{
    if (limit_hit(rc)) {
        return err_set(err, ERR_LIMIT, "rule '%s': regex budget exceeded at byte %zu", rule, start);
    }
    PCRE2_UCHAR msg[160];
    if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0) {
        memcpy(msg, "unknown error", sizeof("unknown error"));
    }
    return err_set(err, ERR_DEP, "rule '%s': regex match failed at byte %zu: %s", rule, start,
                   (const char *)msg);
}

/* Texts are valid UTF-8 (checked on input), so neither engine checks it again. */
static inline int
interpret(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s, size_t len,
          size_t start)
{
    return pcre2_match(code, s, len, start, PCRE2_NO_UTF_CHECK, e->md, e->mctx);
}

/*
 * The answer of whichever engine runs a call is the same: the interpreter's when it completes,
 * else the JIT code's (rules_jit.c says why). A regex without JIT code (VEIL_NO_JIT, or JIT
 * unavailable) makes pcre2_jit_match answer JIT_BADOPTION.
 */
static inline int
run_engines(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s, size_t len,
            size_t start)
{
    int rc, other;
    atomic_uint_least64_t *charge;
    /*
     * The interpreter is many times slower than JIT code on a long subject, even in a window an
     * offset limit bounds (one 3 MB record took 19 % longer): it takes short subjects only.
     */
    size_t span = len - start;
    const pcre2_code **known =
        &e->jit_known[((uintptr_t)code >> 4 ^ (uintptr_t)code >> 14) % ENGINE_JIT_KNOWN];

    if (*known != code) {
        if (!jit_ready(e->rules->jit, code, span > JIT_INTERPRET_SPAN_MAX, &charge)) {
            uint64_t t0 = charge ? profile_now() : 0;
            rc = interpret(e, code, s, len, start);
            if (charge) {
                atomic_fetch_add_explicit(charge, profile_now() - t0, memory_order_relaxed);
            }
            if (!limit_hit(rc) || !jit_ready(e->rules->jit, code, true, &charge)) {
                return rc;
            }
            other = pcre2_jit_match(code, s, len, start, 0, e->md, e->mctx);
            return other == PCRE2_ERROR_JIT_BADOPTION ? rc : other;
        }
        *known = code;
    }
    rc = pcre2_jit_match(code, s, len, start, 0, e->md, e->mctx);
    if (rc == PCRE2_ERROR_JIT_BADOPTION) {
        return interpret(e, code, s, len, start);
    }
    if (limit_hit(rc) && !limit_hit(other = interpret(e, code, s, len, start))) {
        return other;
    }
    return rc;
}

/* The call itself, inlined into both paths below so that the unprofiled one stays as cheap. */
static inline __attribute__((always_inline)) int
match_upto(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s, size_t len,
           size_t start, size_t limit, const char *rule, struct err *err)
{
    int rc;
    /* The budget grows with the text so long benign records pass; backtracking blow-ups do not. */
    size_t budget =
        size_add(ENGINE_MATCH_LIMIT_BASE, size_mul(len - start, ENGINE_MATCH_LIMIT_PER_BYTE));

    pcre2_set_match_limit(e->mctx, budget > UINT32_MAX ? UINT32_MAX : (uint32_t)budget);
    pcre2_set_offset_limit(e->mctx, limit);
    rc = run_engines(e, code, s, len, start);
    if (rc == PCRE2_ERROR_NOMATCH) {
        return 0;
    }
    if (rc >= 0) {
        /* rc == 0 means the ovector was too small; group 0 is still set. */
        return 1;
    }
    return match_failed(rc, start, rule, err);
}

/* The same, its time and result counted in the engine's profile (veil rules profile). */
static __attribute__((noinline)) int
match_profiled(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s, size_t len,
               size_t start, size_t limit, const char *rule, struct err *err)
{
    /* Profiled regexes are JIT-compiled before their first call: that is load time. */
    atomic_uint_least64_t *charge;
    uint64_t t0 = profile_now();
    (void)jit_ready(e->rules->jit, code, true, &charge);
    profile_count_jit(e->opts.profile, code, profile_now() - t0);
    t0 = profile_now();
    int rc = match_upto(e, code, s, len, start, limit, rule, err);
    profile_count(e->opts.profile, code, profile_now() - t0, rc > 0);
    return rc;
}

int
engine_match_upto(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s,
                  size_t len, size_t start, size_t limit, const char *rule, struct err *err)
{
    /* Off, profiling costs this one branch, always taken the same way in a run. */
    if (e->opts.profile) {
        return match_profiled(e, code, s, len, start, limit, rule, err);
    }
    return match_upto(e, code, s, len, start, limit, rule, err);
}

const struct rule *
engine_rule_of(const struct scrub_engine *e, const struct scrub_finding *f)
{
    for (size_t i = 0; i < e->rules->n_rules; i++) {
        if (e->rules->rules[i].name == f->rule) {
            return &e->rules->rules[i];
        }
    }
    return NULL;
}
