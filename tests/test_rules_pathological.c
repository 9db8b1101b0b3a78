/*
 * Every pattern of every shipped rule (rules/default and rules/warnings, loaded by the real loader)
 * against adversarial text of tens of KB: long runs of one character, digit groups, near-miss
 * emails, IBANs and cards, capitalised word runs, mixed scripts with combining marks and
 * zero-width characters, and each pattern's own trigger words followed by such runs. Every call
 * must end with a result or fail closed with ERR_LIMIT (PCRE2's match and depth limits, set as
 * the engine sets them): never crash, hang past the limits, or fail another way. Work is bounded
 * by those limits, not timed; the slowest patterns are printed for information only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/engine_internal.h"
#include "scrub/rules_internal.h"
#include "scrub/scrub.h"

#include "common/banned.h"

/*
 * Sanitizers slow the engine (not PCRE2) several times over: smaller texts keep make asan quick
 * (the plain build runs twice the length, which is where a slow pattern shows: at 16 KiB a
 * pattern whose work grows with the square of the text already needs 64 times the budget per
 * byte; 32 KiB took three minutes of CPU, a fifth of make check's). The scans of each
 * pattern on its own run PCRE2 alone, which the sanitizers do not instrument: the SAN build skips
 * them (the plain build runs them, on longer texts) and keeps the runs through the engine.
 */
#ifndef SHAPE_BYTES
#if defined(__SANITIZE_ADDRESS__)
#define SHAPE_BYTES (8 * 1024)
#else
#define SHAPE_BYTES (16 * 1024)
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PCRE2_ONLY_TESTS 0
#else
#define PCRE2_ONLY_TESTS 1
#endif
#define AIMED_UNITS 10 /* text units after each trigger word in an aimed chunk */
#define SLOWEST     8

static const char *const packs[] = {"rules/default", "rules/warnings"};

/*
 * A text is a unit repeated to SHAPE_BYTES. Adversarial text may hit a limit (the engine then
 * fails closed); benign units are text a user could type, and a limit there is a failure: a rule
 * that runs out of budget on them would fail real records.
 */
struct shape {
    const char *name;
    const char *unit;
    bool benign;
};

static const struct shape shapes[] = {
    {"word char run", "a", false},
    {"capital run", "Z", false},
    {"digit run", "7", false},
    {"digits 0-9", "1234567890", false},
    {"digit groups, spaces", "1234 ", false},
    {"digit groups, dashes", "12-34-", false},
    {"digit groups, dots", "123.456.", false},
    {"digit groups, slashes", "12/34/", false},
    {"digit groups, commas", "1,234,", false},
    {"near-miss card", "4111 1111 1111 111 ", false},
    {"near-miss card, dashes", "4111-1111-1111-11-", false},
    {"near-miss phone", "+1 (555) 01", false},
    {"near-miss phone, dots", "555.01.", false},
    {"near-miss IBAN", "GB82 WEST 1234 5698 7654 ", false},
    {"near-miss IBAN, packed", "DE8937040044053201300", false},
    {"near-miss SSN", "078-05-112", false},
    {"a@ run", "a@", false},
    {"a. run", "a.", false},
    {"a- run", "a-", false},
    {"a_ run", "a_", false},
    {"a' run", "a'", false},
    {"near-miss email", "john.smith@example", false},
    {"near-miss email, dots", "a.b.c.d@e.", false},
    {"at-dot run", "@.", false},
    {"dotted quad run", "1.1.1.1.", false},
    {"colon hex run", "a:b:c:", false},
    {"url path run", "http://a.b/", false},
    {"www run", "www.", false},
    {"hex run", "deadbeef", false},
    {"base64 run", "QUJD+/9z", false},
    {"key prefix run", "sk_live_", false},
    {"spaces", " ", false},
    {"tabs", "\t", false},
    {"spaces and tabs", " \t", false},
    {"newlines", "\n", false},
    {"punctuation", "()[]{}<>\"\\", false},
    {"alternating case words", "aBcDeFgH ", false},
    {"alternating case run", "aB", false},
    {"capitalised words", "Ana Bob Cleo Dan ", true},
    {"capitalised names with particles", "Maria de la Cruz O'Brien-Smith ", true},
    {"title and names", "Mr. John F. Smith ", true},
    {"name announcements", "my name is Ana Bob and ", true},
    {"street run", "12 Main Street ", true},
    {"dates", "born on 01/02/1990, ", true},
    {"sentence", "Hello, I would like to know how to bake a cake for a birthday party. ", true},
    {"sentence with numbers",
     "I bought 3 apples and 12 pears on 5 May 2021 for $4.50 at the shop. ", true},
    {"accented words", "Zo\xc3\xab na\xc3\xafve caf\xc3\xa9 ", true},
    {"cyrillic words", "\xd0\x90\xd0\xbd\xd0\xb0 \xd0\x91\xd0\xbe\xd0\xb1 ", true},
    {"combining marks", "e\xcc\x81", false},
    {"letter and combining run", "Ae\xcc\x81\xcc\x81", false},
    {"zero-width space run", "a\xe2\x80\x8b", false},
    {"zero-width joiner digits", "1\xe2\x80\x8d", false},
    {"soft hyphen digits", "12\xc2\xad", false},
    {"fullwidth digits", "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93 ", false},
    {"arabic-indic digits", "\xd9\xa3\xd9\xa4", false},
    {"mixed scripts", "a\xd0\x96\xce\xa9\xe4\xb8\xad\xd9\x85\xc3\x9f\xef\xac\x81\xf0\x9f\x98\x80",
     false},
    {"mixed scripts, marks and zero-width",
     "\xc3\x89\xe2\x80\x8b\xd0\x96\xcc\x81 \xe2\x80\x8c\xce\xb1\xcd\x85\xe2\x80\x8d", false},
};

#define N_SHAPES (sizeof(shapes) / sizeof(shapes[0]))

/* Units an aimed text puts after a pattern's trigger words. */
static const char *const aimed_units[] = {
    "a", "7", "1234 ", "Ana ", " ", "a.", "a@", "\xc3\xa9", "1\xe2\x80\x8b", "-",
};

#define N_AIMED (sizeof(aimed_units) / sizeof(aimed_units[0]))

struct text {
    unsigned char *p;
    size_t len;
    bool ascii;
};

static void
text_repeat(struct text *t, const char *prefix, const char *unit, size_t limit)
{
    size_t pl = strlen(prefix), ul = strlen(unit);

    t->p = xmalloc(limit + 1);
    t->len = 0;
    if (pl + ul > limit) {
        pl = 0;
    }
    while (t->len + pl + ul <= limit) {
        memcpy(t->p + t->len, prefix, pl);
        t->len += pl;
        memcpy(t->p + t->len, unit, ul);
        t->len += ul;
        if (pl) {
            for (size_t k = 1; k < AIMED_UNITS && t->len + ul <= limit; k++) {
                memcpy(t->p + t->len, unit, ul);
                t->len += ul;
            }
        }
    }
    t->ascii = true;
    for (size_t i = 0; i < t->len; i++) {
        t->ascii = t->ascii && t->p[i] < 0x80;
    }
}

/* PCRE2 state set up exactly as scrub_engine_new() does. */
struct matcher {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
};

static void
matcher_init(struct matcher *m)
{
    m->md = pcre2_match_data_create(64, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    m->jit = pcre2_jit_stack_create(32 * 1024, ENGINE_JIT_STACK_MAX, NULL);
    assert_non_null(m->md);
    assert_non_null(m->mctx);
    assert_non_null(m->jit);
    pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    pcre2_set_depth_limit(m->mctx, ENGINE_DEPTH_LIMIT);
}

static void
matcher_release(struct matcher *m)
{
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit);
}

static bool
is_limit(int rc)
{
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
           rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/*
 * Every match of code in t, scanning on after each one as the engine does, each call with the
 * engine's budget. Returns 0 when the scan ends, 1 at a resource limit, or PCRE2's other error.
 */
static int
scan(struct matcher *m, const pcre2_code *code, const struct text *t)
{
    size_t pos = 0;

    while (pos <= t->len) {
        size_t budget = ENGINE_MATCH_LIMIT_BASE + ENGINE_MATCH_LIMIT_PER_BYTE * (t->len - pos);
        PCRE2_SIZE *ov;
        int rc;

        pcre2_set_match_limit(m->mctx, budget > UINT32_MAX ? UINT32_MAX : (uint32_t)budget);
        rc = pcre2_match(code, t->p, t->len, pos, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            return 0;
        }
        if (is_limit(rc)) {
            return 1;
        }
        if (rc < 0) {
            return rc;
        }
        ov = pcre2_get_ovector_pointer(m->md);
        pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (pos < t->len && (t->p[pos] & 0xC0) == 0x80) {
            pos++;
        }
    }
    return 0;
}

/* One compiled regex of the shipped packs, with what the report names it by. */
struct target {
    char label[160];
    const pcre2_code *code, *code_ascii;
    const struct gate *gate; /* or NULL */
    double seconds, worst;   /* in all texts; in the slowest one */
    const char *worst_shape;
    size_t limits;
};

struct targets {
    struct target *v;
    size_t n, cap;
};

static void
add_target(struct targets *ts, const pcre2_code *code, const pcre2_code *code_ascii,
           const struct gate *gate, const char *file, size_t line, const char *what,
           const char *name)
{
    struct target *t;

    if (!code) {
        return;
    }
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? 2 * ts->cap : 256;
        ts->v = xrealloc(ts->v, ts->cap * sizeof(*ts->v));
    }
    t = &ts->v[ts->n++];
    memset(t, 0, sizeof(*t));
    (void)snprintf(t->label, sizeof(t->label), "%s:%zu %s/%s", file, line, what, name);
    t->code = code;
    t->code_ascii = code_ascii;
    t->gate = gate;
}

static void
collect_targets(const struct scrub_rules *rs, struct targets *ts)
{
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        for (size_t j = 0; j < r->n_patterns; j++) {
            const struct rule_pattern *p = &r->patterns[j];
            assert_non_null(p->code); /* nothing is skipped unseen */
            add_target(ts, p->code, p->code_ascii, &p->gate, r->file, p->line, r->name,
                       p->name ? p->name : "deny_list");
        }
        add_target(ts, r->context_re, NULL, NULL, r->file, r->line, r->name, "context");
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        const struct warning_category *w = &rs->warnings[i];
        add_target(ts, w->terms_re, w->terms_ascii, &w->terms_gate, w->file, w->line, w->name,
                   "terms");
        for (size_t j = 0; j < w->n_patterns; j++) {
            char name[32];
            (void)snprintf(name, sizeof(name), "pattern %zu", j + 1);
            add_target(ts, w->patterns[j], w->patterns_ascii ? w->patterns_ascii[j] : NULL,
                       &w->gates[j], w->file, w->line, w->name, name);
        }
    }
    add_target(ts, rs->placeholder_re, NULL, NULL, "(engine)", 0, "placeholders", "placeholder");
}

static struct scrub_rules *
load_shipped(void)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    for (size_t i = 0; i < sizeof(packs) / sizeof(packs[0]); i++) {
        if (scrub_rules_load(&rs, packs[i], &err) < 0) {
            fail_msg("%s: %s", packs[i], err.msg);
        }
    }
    return rs;
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run one text through target t (the ASCII code too when the text allows it). */
static void
run_target(struct matcher *m, struct target *t, const struct text *x, const char *shape,
           bool benign)
{
    const pcre2_code *codes[2] = {t->code, x->ascii ? t->code_ascii : NULL};
    double t0 = now();

    for (size_t c = 0; c < 2; c++) {
        int rc;
        if (!codes[c]) {
            continue;
        }
        rc = scan(m, codes[c], x);
        if (rc < 0) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(rc, msg, sizeof(msg));
            fail_msg("%s on '%s': pcre2 error %d: %s", t->label, shape, rc, (const char *)msg);
        }
        if (rc == 1 && benign) {
            fail_msg("%s: regex budget exceeded on '%s', text a user could type", t->label, shape);
        }
        if (rc == 1) {
            t->limits++;
            print_message("  limit: %s on '%s'%s\n", t->label, shape, c ? " (ASCII code)" : "");
        }
    }
    t0 = now() - t0;
    t->seconds += t0;
    if (t0 > t->worst) {
        t->worst = t0;
        t->worst_shape = shape;
    }
}

/* Text aimed at t: its trigger words (both sets), each followed by AIMED_UNITS units. */
static bool
aimed_text(const struct target *t, const char *unit, struct text *x)
{
    char prefix[256];

    if (!t->gate || !t->gate->lits.n) {
        return false;
    }
    (void)snprintf(prefix, sizeof(prefix), "%s %s", t->gate->lits.v[0],
                   t->gate->lits2.n ? t->gate->lits2.v[0] : "");
    text_repeat(x, prefix, unit, SHAPE_BYTES);
    return true;
}

static int
by_seconds(const void *a, const void *b)
{
    double x = ((const struct target *)a)->seconds, y = ((const struct target *)b)->seconds;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void
every_pattern_finishes_or_fails_closed_on_adversarial_text(void **state)
{
    struct scrub_rules *rs;
    struct targets ts = {0};
    struct matcher m;
    size_t limits = 0, runs = 0;
    double total = 0;

    (void)state;
    if (!PCRE2_ONLY_TESTS) {
        skip(); /* PCRE2 alone: nothing of veil's to instrument (see SHAPE_BYTES) */
    }
    rs = load_shipped();
    collect_targets(rs, &ts);
    assert_true(ts.n > 100);
    matcher_init(&m);
    for (size_t s = 0; s < N_SHAPES; s++) {
        struct text x;
        text_repeat(&x, "", shapes[s].unit, SHAPE_BYTES);
        for (size_t i = 0; i < ts.n; i++, runs++) {
            run_target(&m, &ts.v[i], &x, shapes[s].name, shapes[s].benign);
        }
        free(x.p);
    }
    for (size_t i = 0; i < ts.n; i++) {
        for (size_t u = 0; u < N_AIMED; u++) {
            struct text x;
            if (aimed_text(&ts.v[i], aimed_units[u], &x)) {
                run_target(&m, &ts.v[i], &x, "aimed", false);
                runs++;
                free(x.p);
            }
        }
    }
    for (size_t i = 0; i < ts.n; i++) {
        limits += ts.v[i].limits;
        total += ts.v[i].seconds;
    }
    qsort(ts.v, ts.n, sizeof(*ts.v), by_seconds);
    print_message("%zu regexes x %zu texts of %d bytes, plus %zu aimed at their trigger words: "
                  "%zu runs in %.1f s, %zu at a limit; slowest (informative):\n",
                  ts.n, N_SHAPES, SHAPE_BYTES, runs - ts.n * N_SHAPES, runs, total, limits);
    for (size_t i = 0; i < SLOWEST && i < ts.n; i++) {
        print_message("  %6.3f s  %s (slowest text: '%s', %.3f s)\n", ts.v[i].seconds,
                      ts.v[i].label, ts.v[i].worst_shape, ts.v[i].worst);
    }
    matcher_release(&m);
    free(ts.v);
    scrub_rules_free(rs);
}

/* The limits the test relies on are real: a catastrophic pattern stops at them, fails closed. */
static void
a_catastrophic_pattern_stops_at_the_engine_limits(void **state)
{
    int errcode;
    PCRE2_SIZE offset;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR) "^(?:a|aa)+$", PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP, &errcode, &offset, NULL);
    struct matcher m;
    struct text x;

    (void)state;
    assert_non_null(code);
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    matcher_init(&m);
    text_repeat(&x, "", "a", 64);
    x.p[x.len - 1] = '!';
    assert_int_equal(scan(&m, code, &x), 1);
    free(x.p);
    matcher_release(&m);
    pcre2_code_free(code);
}

/*
 * Through the public engine: detection (with its normalised view, lexicons and stability passes)
 * and warnings. Returns how many texts failed closed.
 */
static size_t
engine_run(struct scrub_rules *rs, const char *what, bool no_prefilter, const struct text *texts,
           double *seconds)
{
    struct scrub_engine_opts opts = {0};
    struct scrub_findings found;
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e;
    size_t limits = 0;
    double t0 = now();

    opts.no_prefilter = no_prefilter;
    e = scrub_engine_new(rs, &opts, &err);
    if (!e) {
        fail_msg("%s: %s", what, err.msg);
    }
    scrub_findings_init(&found);
    for (size_t s = 0; s < N_SHAPES; s++) {
        uint64_t categories = 0;
        int rc = scrub_engine_detect(e, texts[s].p, texts[s].len, &found, &err);
        if (rc == 0 && scrub_rules_warning_count(rs) > 0) {
            rc = scrub_engine_warnings(e, texts[s].p, texts[s].len, &categories, &err);
        }
        if (rc < 0 && err.kind != ERR_LIMIT) {
            fail_msg("%s on '%s': %s", what, shapes[s].name, err.msg);
        }
        if (rc < 0 && shapes[s].benign) {
            fail_msg("%s on '%s', text a user could type: %s", what, shapes[s].name, err.msg);
        }
        if (rc < 0) {
            limits++;
            print_message("  limit: %s on '%s': %s\n", what, shapes[s].name, err.msg);
        }
    }
    scrub_findings_release(&found);
    scrub_engine_free(e);
    *seconds = now() - t0;
    return limits;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of dir, sorted (the caller frees each and the array). */
static char **
pack_files(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **v = NULL;

    assert_non_null(d);
    *n = 0;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0) {
            size_t size = strlen(dir) + len + 2;
            v = xrealloc(v, (*n + 1) * sizeof(*v));
            v[*n] = xmalloc(size);
            (void)snprintf(v[*n], size, "%s/%s", dir, de->d_name);
            (*n)++;
        }
    }
    closedir(d);
    qsort(v, *n, sizeof(*v), by_name);
    return v;
}

/*
 * The pack file at path on its own, with its pack's shared fragments (00-fragments.yaml beside
 * it, which a directory loads first): both linked into a directory of their own (beside a link
 * to the pack's ../lexicons, which rules name relative to their file), loaded as one pack.
 */
static int
load_alone(const char *path, struct scrub_rules **rs, struct err *err)
{
    char top[] = "/tmp/veil-alone-XXXXXX", dir[64], frag[512], lex[512], full[4096];
    char link_frag[96], link_file[600], link_lex[96];
    const char *slash = strrchr(path, '/');
    int rc;

    (void)snprintf(frag, sizeof(frag), "%.*s/00-fragments.yaml", (int)(slash - path), path);
    if (access(frag, R_OK) != 0 || !strcmp(frag, path)) {
        return scrub_rules_load(rs, path, err);
    }
    assert_non_null(mkdtemp(top));
    (void)snprintf(dir, sizeof(dir), "%s/pack", top);
    assert_int_equal(mkdir(dir, 0700), 0);
    (void)snprintf(lex, sizeof(lex), "%.*s/../lexicons", (int)(slash - path), path);
    (void)snprintf(link_lex, sizeof(link_lex), "%s/lexicons", top);
    assert_non_null(realpath(lex, full));
    assert_int_equal(symlink(full, link_lex), 0);
    assert_non_null(realpath(frag, full));
    (void)snprintf(link_frag, sizeof(link_frag), "%s/00-fragments.yaml", dir);
    assert_int_equal(symlink(full, link_frag), 0);
    assert_non_null(realpath(path, full));
    (void)snprintf(link_file, sizeof(link_file), "%s/%s", dir, slash + 1);
    assert_int_equal(symlink(full, link_file), 0);
    rc = scrub_rules_load(rs, dir, err);
    unlink(link_file);
    unlink(link_frag);
    rmdir(dir);
    unlink(link_lex);
    rmdir(top);
    return rc;
}

static void
every_pack_file_finishes_or_fails_closed_through_the_engine(void **state)
{
    struct text texts[N_SHAPES];
    struct scrub_rules *all;
    size_t files = 0, limits = 0;
    double seconds, total = 0, slowest = 0;
    const char *slowest_file = "";
    char **paths[2];
    size_t n_paths[2];

    (void)state;
    for (size_t s = 0; s < N_SHAPES; s++) {
        text_repeat(&texts[s], "", shapes[s].unit, SHAPE_BYTES);
    }
    /* Each file on its own with every pattern run on every text (no prefilter skips any). */
    for (size_t k = 0; k < 2; k++) {
        paths[k] = pack_files(packs[k], &n_paths[k]);
        for (size_t i = 0; i < n_paths[k]; i++, files++) {
            struct scrub_rules *rs = NULL;
            struct err err = {ERR_NONE, ""};
            if (load_alone(paths[k][i], &rs, &err) < 0) {
                fail_msg("%s: %s", paths[k][i], err.msg);
            }
            limits += engine_run(rs, paths[k][i], true, texts, &seconds);
            total += seconds;
            if (seconds > slowest) {
                slowest = seconds;
                slowest_file = paths[k][i];
            }
            scrub_rules_free(rs);
        }
    }
    assert_true(files > 20);
    /* And the shipped set as veil scrub runs it, prefilters on. */
    all = load_shipped();
    limits += engine_run(all, "rules/default + rules/warnings", false, texts, &seconds);
    print_message("%zu pack files x %zu texts through the engine in %.1f s (slowest: %s, %.2f s); "
                  "the whole set with prefilters: %.2f s; %zu texts failed closed\n",
                  files, N_SHAPES, total, slowest_file, slowest, seconds, limits);
    scrub_rules_free(all);
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < n_paths[k]; i++) {
            free(paths[k][i]);
        }
        free(paths[k]);
    }
    for (size_t s = 0; s < N_SHAPES; s++) {
        free(texts[s].p);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_catastrophic_pattern_stops_at_the_engine_limits),
        cmocka_unit_test(every_pattern_finishes_or_fails_closed_on_adversarial_text),
        cmocka_unit_test(every_pack_file_finishes_or_fails_closed_through_the_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
