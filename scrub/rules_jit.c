/*
 * JIT compilation of a rule set's regexes, done once a set is loaded rather than pattern by
 * pattern, so that it can run on several threads (it is most of the start-up time: about 700
 * regexes, a third of a millisecond each). PCRE2 compiles different patterns on different
 * threads safely; each pattern is taken by exactly one thread. JIT is an optimisation: the
 * interpreter gives the same answers, and VEIL_NO_JIT=1 turns it off so that valgrind, which
 * cannot follow JIT-generated code, checks the engine (make check-valgrind).
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

static bool
jit_wanted(void)
{
    const char *off = getenv("VEIL_NO_JIT");

    return !off || !*off || !strcmp(off, "0");
}

static void
push(struct jit_pool *p, pcre2_code *code)
{
    if (!code) {
        return;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->codes = xrealloc(p->codes, size_mul(p->cap, sizeof(*p->codes)));
    }
    p->codes[p->n++] = code;
}

/* Every regex of the set (patterns already compiled come back at once from PCRE2). */
static void
collect(struct jit_pool *p, const struct scrub_rules *rs)
{
    push(p, rs->placeholder_re);
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        push(p, r->context_re);
        for (size_t k = 0; k < r->n_patterns; k++) {
            push(p, r->patterns[k].code);
            push(p, r->patterns[k].code_ascii);
            push(p, r->patterns[k].requires);
            push(p, r->patterns[k].requires_ascii);
        }
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        const struct warning_category *w = &rs->warnings[i];
        push(p, w->terms_re);
        push(p, w->terms_ascii);
        for (size_t k = 0; k < w->n_patterns; k++) {
            push(p, w->patterns[k]);
            push(p, w->patterns_ascii[k]);
        }
    }
}

static void *
work(void *arg)
{
    struct jit_pool *p = arg;
    size_t i;

    while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
        (void)pcre2_jit_compile(p->codes[i], PCRE2_JIT_COMPLETE);
    }
    return NULL;
}

void
jit_pool_start(struct jit_pool *p, const struct scrub_rules *rs, unsigned threads)
{
    memset(p, 0, sizeof(*p));
    atomic_init(&p->next, 0);
    if (!jit_wanted()) {
        return;
    }
    collect(p, rs);
    for (unsigned t = 1; t < threads && t <= JIT_POOL_HELPERS_MAX && t < p->n; t++) {
        if (pthread_create(&p->helpers[p->n_helpers], NULL, work, p) != 0) {
            break; /* the calling thread compiles what the missing helpers would have */
        }
        p->n_helpers++;
    }
}

void
jit_pool_finish(struct jit_pool *p)
{
    (void)work(p);
    for (size_t t = 0; t < p->n_helpers; t++) {
        (void)pthread_join(p->helpers[t], NULL);
    }
    free(p->codes);
    memset(p, 0, sizeof(*p));
}
