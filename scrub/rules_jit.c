/*
 * JIT compilation of a rule set's regexes, each once PCRE2's interpreter has spent about what
 * compiling it costs on it (at most JIT_AFTER_INTERPRETED_NS). JIT code is faster per call for most
 * regexes, but compiling costs from a tenth of a millisecond to tens of them (the large cue
 * alternations), and a corpus calls many regexes rarely: on hh-rlhf x1, JIT-compiling every regex
 * called cost as much time as all of their calls. This is the ski-rental rule: a regex is
 * interpreted until it has cost about what compiling it costs, judged from its compiled size
 * (compile_cost_ns), and at most JIT_AFTER_INTERPRETED_NS. Measured (task-clock, quiet machine,
 * alternated, against JIT on first call) with 0.5 ms for every regex: hh-rlhf x1 -11 %, 30 KB
 * records -15 %, x10 +2 % (noise level); 2 ms instead of 0.5 ms cost x10 +3 %. The cost by size
 * (most regexes compile in 0.1 to 0.3 ms) then took hh-rlhf x1 -3.7 % and x10 -2.0 % more (medians,
 * loaded machine): the interpreter's share of x10 went from 11 % to 7.5 %. A call over a long
 * subject compiles at once: the interpreter is many times slower there, even inside a window. The
 * thread that decides compiles; another thread wanting the same regex waits for it. Which engine
 * answers a call depends on timing, so the answers must not: both engines agree on every match they
 * complete, and when one stops at a resource limit engine.c asks the other (the interpreter's
 * answer when it completes, else the JIT's), whichever ran first. VEIL_NO_JIT=1 turns JIT off so
 * that valgrind, which cannot follow JIT-generated code, checks the engine (make check-valgrind).
 */
#include "scrub/rules_internal.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

enum { JIT_TODO, JIT_BUSY, JIT_DONE };

/* An open-addressed set of the set's regexes, each with its JIT state, interpreted time and
 * the interpreted time after which it is compiled. */
struct jit_table {
    pcre2_code **keys;
    atomic_uchar *state;
    atomic_uint_least64_t *interpreted_ns;
    uint64_t *after_ns;
    size_t mask;
};

/*
 * What compiling a regex costs, from its compiled size: about 60 ns a byte and 20 us more
 * (median of 463 compilations of the default packs' regexes on hh-rlhf: 0.1 ms at 1 KiB,
 * 0.3 ms at 4 KiB, 0.56 ms at 8 KiB). A regex is interpreted until it has cost about that,
 * and never more than JIT_AFTER_INTERPRETED_NS: the rent paid equals the price of buying.
 */
#define JIT_COMPILE_NS_BASE     UINT64_C(20000)
#define JIT_COMPILE_NS_PER_BYTE UINT64_C(60)

static uint64_t
compile_cost_ns(const pcre2_code *code)
{
    size_t size = 0;
    uint64_t ns;

    (void)pcre2_pattern_info(code, PCRE2_INFO_SIZE, &size);
    ns = JIT_COMPILE_NS_BASE + JIT_COMPILE_NS_PER_BYTE * (uint64_t)size;
    return ns < JIT_AFTER_INTERPRETED_NS ? ns : JIT_AFTER_INTERPRETED_NS;
}

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
    atomic_init(&t->interpreted_ns[i], 0);
    t->after_ns[i] = compile_cost_ns(code);
}

static size_t
count(const struct scrub_rules *rs)
{
    size_t n = 1;

    for (size_t i = 0; i < rs->n_rules; i++) {
        n += 2 + 4 * rs->rules[i].n_patterns;
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        n += 2 + 2 * rs->warnings[i].n_patterns;
    }
    return n + 2 * rs->n_not_clauses;
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
    t->interpreted_ns = xcalloc(size, sizeof(*t->interpreted_ns));
    t->after_ns = xcalloc(size, sizeof(*t->after_ns));
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
    for (size_t i = 0; i < rs->n_not_clauses; i++) {
        add(t, rs->not_clauses[i]->re);
        add(t, rs->not_clauses[i]->between);
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
        free(t->interpreted_ns);
        free(t->after_ns);
        free(t);
    }
}

/* Compiles slot i's regex unless it is compiled; waits while another thread compiles it. */
static void
compile_slot(struct jit_table *t, size_t i)
{
    unsigned char todo = JIT_TODO;

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

bool
jit_ready(struct jit_table *t, const pcre2_code *code, bool now, atomic_uint_least64_t **charge)
{
    size_t i;

    *charge = NULL;
    if (!t) {
        return false;
    }
    i = find(t, code);
    if (!t->keys[i]) {
        return true; /* not one of the set's: pcre2_jit_match says whether it has JIT code */
    }
    if (atomic_load_explicit(&t->state[i], memory_order_acquire) == JIT_DONE) {
        return true;
    }
    if (!now &&
        atomic_load_explicit(&t->interpreted_ns[i], memory_order_relaxed) < t->after_ns[i]) {
        *charge = &t->interpreted_ns[i];
        return false;
    }
    compile_slot(t, i);
    return true;
}

uint64_t
jit_after_ns(const struct jit_table *t, const pcre2_code *code)
{
    size_t i;

    if (!t) {
        return 0;
    }
    i = find(t, code);
    return t->keys[i] ? t->after_ns[i] : 0;
}

uint64_t
jit_interpreted_ns(const struct jit_table *t, const pcre2_code *code)
{
    size_t i;

    if (!t) {
        return 0;
    }
    i = find(t, code);
    return t->keys[i] ? atomic_load_explicit(&t->interpreted_ns[i], memory_order_relaxed) : 0;
}
