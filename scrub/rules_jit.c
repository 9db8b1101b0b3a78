/*
 * JIT compilation of a rule set's regexes, each on its first use. JIT-compiling all of them (about
 * 700, a sixth of a millisecond each) was half of start-up, yet a corpus runs only some of them:
 * 388 on the hh-rlhf dialogue, the rest never pass their prefilters. On first use the regex is
 * compiled by the thread that wants it; another thread wanting the same one waits for it, so
 * every match of the set runs JIT code and the answers (resource limits included) never depend on
 * timing. JIT is an optimisation: the interpreter gives the same answers, and VEIL_NO_JIT=1 turns
 * it off so that valgrind, which cannot follow JIT-generated code, checks the engine
 * (make check-valgrind).
 */
#include "scrub/rules_internal.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

enum { JIT_TODO, JIT_BUSY, JIT_DONE };

/* An open-addressed set of the set's regexes, each with its JIT state. */
struct jit_table {
    pcre2_code **keys;
    atomic_uchar *state;
    size_t mask;
};

static bool
jit_wanted(void)
{
    const char *off = getenv("VEIL_NO_JIT");

    return !off || !*off || !strcmp(off, "0");
}

static size_t
slot_of(const struct jit_table *t, const pcre2_code *code)
{
    return (size_t)(((uintptr_t)code >> 4) * UINT64_C(0x9E3779B97F4A7C15) >> 20) & t->mask;
}

/* The slot holding code, or of the empty slot where it would go. */
static size_t
find(const struct jit_table *t, const pcre2_code *code)
{
    size_t i = slot_of(t, code);

    while (t->keys[i] && t->keys[i] != code) {
        i = (i + 1) & t->mask;
    }
    return i;
}

static void
add(struct jit_table *t, pcre2_code *code)
{
    size_t i, jit_size = 0;

    if (!code) {
        return;
    }
    i = find(t, code);
    if (t->keys[i]) {
        return;
    }
    t->keys[i] = code;
    /* A set loaded again keeps what earlier loads compiled (no match runs during a load). */
    (void)pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jit_size);
    atomic_init(&t->state[i], jit_size ? JIT_DONE : JIT_TODO);
}

static size_t
count(const struct scrub_rules *rs)
{
    size_t n = 1;

    for (size_t i = 0; i < rs->n_rules; i++) {
        n += 1 + 4 * rs->rules[i].n_patterns;
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        n += 2 + 2 * rs->warnings[i].n_patterns;
    }
    return n;
}

struct jit_table *
jit_table_build(const struct scrub_rules *rs)
{
    struct jit_table *t;
    size_t size = 64;

    if (!jit_wanted()) {
        return NULL;
    }
    while (size < 2 * count(rs)) {
        size *= 2;
    }
    t = xcalloc(1, sizeof(*t));
    t->keys = xcalloc(size, sizeof(*t->keys));
    t->state = xcalloc(size, sizeof(*t->state));
    t->mask = size - 1;
    add(t, rs->placeholder_re);
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        add(t, r->context_re);
        for (size_t k = 0; k < r->n_patterns; k++) {
            add(t, r->patterns[k].code);
            add(t, r->patterns[k].code_ascii);
            add(t, r->patterns[k].requires);
            add(t, r->patterns[k].requires_ascii);
        }
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        const struct warning_category *w = &rs->warnings[i];
        add(t, w->terms_re);
        add(t, w->terms_ascii);
        for (size_t k = 0; k < w->n_patterns; k++) {
            add(t, w->patterns[k]);
            add(t, w->patterns_ascii[k]);
        }
    }
    return t;
}

void
jit_table_free(struct jit_table *t)
{
    if (t) {
        free(t->keys);
        free(t->state);
        free(t);
    }
}

void
jit_prepare(struct jit_table *t, const pcre2_code *code)
{
    size_t i;
    unsigned char todo = JIT_TODO;

    if (!t) {
        return;
    }
    i = find(t, code);
    if (!t->keys[i] || atomic_load_explicit(&t->state[i], memory_order_acquire) == JIT_DONE) {
        return; /* not one of the set's regexes, or ready */
    }
    if (atomic_compare_exchange_strong(&t->state[i], &todo, JIT_BUSY)) {
        /* A failure leaves the interpreter to answer (engine_match), as without JIT. */
        (void)pcre2_jit_compile(t->keys[i], PCRE2_JIT_COMPLETE);
        atomic_store_explicit(&t->state[i], JIT_DONE, memory_order_release);
        return;
    }
    while (atomic_load_explicit(&t->state[i], memory_order_acquire) != JIT_DONE) {
        (void)sched_yield(); /* another thread compiles it: a millisecond at most */
    }
}
