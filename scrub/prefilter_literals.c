/*
 * Required literals from a regex source: a set of lower-case ASCII strings, one of which every
 * match must contain (case ignored). "(?i)\b(?:born on|date of birth)\s+..." requires "born on"
 * or "date of birth"; "(?:january|february|...)" requires one of the month names.
 *
 *   requirement(sequence)    = the most selective requirement of its required parts: a run of
 *                              literal characters, or a required group's requirement
 *   requirement(alternation) = the union of every branch's requirement (none if a branch has none)
 *
 * Like the byte prefilter this is conservative by construction: anything the scan does not
 * model (classes, escapes, optional parts, lookarounds, backreferences) contributes nothing and
 * ends a run, so the set can only be weaker than the truth, never wrong. It is used on ASCII
 * subjects only, where lower-casing the text is exact.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

#define LIT_MIN     3  /* shorter literals filter too little to be worth a search */
#define LIT_MAX_SET 64 /* larger unions cost more to search than they save */
#define RUN_MAX     64

struct lit_scan {
    const char *s;
    size_t i, n;
    bool give_up;
};

/* A set of literals; ok == false means "no requirement". */
struct lits {
    struct string_list v;
    bool ok;
};

static void
lits_release(struct lits *l)
{
    string_list_release(&l->v);
    l->ok = false;
}

static size_t
lits_min_len(const struct lits *l)
{
    size_t m = (size_t)-1;

    for (size_t i = 0; i < l->v.n; i++) {
        size_t n = strlen(l->v.v[i]);
        m = n < m ? n : m;
    }
    return l->v.n ? m : 0;
}

/* Keep the better of *best and *cand (longer shortest literal, then fewer literals). */
static void
keep_better(struct lits *best, struct lits *cand)
{
    size_t bm, cm;

    if (!cand->ok || lits_min_len(cand) < LIT_MIN || cand->v.n > LIT_MAX_SET) {
        lits_release(cand);
        return;
    }
    bm = best->ok ? lits_min_len(best) : 0;
    cm = lits_min_len(cand);
    if (!best->ok || cm > bm || (cm == bm && cand->v.n < best->v.n)) {
        lits_release(best);
        *best = *cand;
        memset(cand, 0, sizeof(*cand));
        return;
    }
    lits_release(cand);
}

static void
flush_run(char *run, size_t *len, struct lits *best)
{
    struct lits cand = {{NULL, 0}, true};

    if (*len >= LIT_MIN) {
        string_list_push(&cand.v, run, *len);
        keep_better(best, &cand);
    }
    *len = 0;
}

/* The quantifier after an atom: 0 none, 1 optional (?, *, {0), 2 required but repeatable. */
static int
quantifier(struct lit_scan *sc)
{
    int q = 0;

    if (sc->i >= sc->n) {
        return 0;
    }
    switch (sc->s[sc->i]) {
    case '?':
    case '*':
        q = 1;
        sc->i++;
        break;
    case '+':
        q = 2;
        sc->i++;
        break;
    case '{': {
        size_t k = sc->i + 1;
        while (k < sc->n && sc->s[k] >= '0' && sc->s[k] <= '9') {
            k++;
        }
        if (k == sc->i + 1 || k >= sc->n || (sc->s[k] != '}' && sc->s[k] != ',')) {
            return 0; /* a literal '{' */
        }
        q = sc->s[sc->i + 1] == '0' ? 1 : 2;
        while (sc->i < sc->n && sc->s[sc->i] != '}') {
            sc->i++;
        }
        sc->i += sc->i < sc->n;
        break;
    }
    default:
        return 0;
    }
    if (sc->i < sc->n && (sc->s[sc->i] == '?' || sc->s[sc->i] == '+')) {
        sc->i++;
    }
    return q;
}

static void
skip_class(struct lit_scan *sc)
{
    bool first = true;

    if (sc->i < sc->n && sc->s[sc->i] == '^') {
        sc->i++;
    }
    while (sc->i < sc->n && (sc->s[sc->i] != ']' || first)) {
        first = false;
        if (sc->s[sc->i] == '[' && sc->i + 1 < sc->n && sc->s[sc->i + 1] == ':') {
            const char *end = strstr(sc->s + sc->i, ":]");
            sc->i = end ? (size_t)(end - sc->s) + 2 : sc->n;
            continue;
        }
        sc->i += (sc->s[sc->i] == '\\' && sc->i + 1 < sc->n) ? 2 : 1;
    }
    sc->i += sc->i < sc->n;
}

static void
skip_escape(struct lit_scan *sc)
{
    char e = sc->i < sc->n ? sc->s[sc->i++] : '\0';

    if (e == 'Q') {
        const char *end = strstr(sc->s + sc->i, "\\E");
        sc->i = end ? (size_t)(end - sc->s) + 2 : sc->n;
    } else if (e == 'c') {
        sc->i += sc->i < sc->n;
    } else if (e && strchr("xpPgkNuo", e) && sc->i < sc->n && strchr("{<'", sc->s[sc->i])) {
        char close = sc->s[sc->i] == '{' ? '}' : sc->s[sc->i] == '<' ? '>' : '\'';
        while (sc->i < sc->n && sc->s[sc->i] != close) {
            sc->i++;
        }
        sc->i += sc->i < sc->n;
    } else if (e == 'p' || e == 'P') {
        sc->i += sc->i < sc->n; /* \pL */
    }
}

static struct lits scan_alt(struct lit_scan *sc);

/* After '(': the group's requirement, or none for lookarounds, conditionals and verbs. */
static struct lits
scan_group(struct lit_scan *sc)
{
    const char *g = sc->s + sc->i;
    bool skip = false;
    struct lits inner;

    if (g[0] == '?') {
        if (g[1] == '=' || g[1] == '!' || (g[1] == '<' && (g[2] == '=' || g[2] == '!')) ||
            g[1] == '(' || g[1] == '#' || g[1] == 'C' || g[1] == 'R' || g[1] == '|' ||
            (g[1] >= '0' && g[1] <= '9') || g[1] == '&' || g[1] == '+' || g[1] == '-' ||
            (g[1] == 'P' && (g[2] == '=' || g[2] == '>'))) {
            skip = true;
        }
        size_t k = 1;
        while (g[k] && strchr("imnsxJU^", g[k])) {
            if (g[k] == 'x') {
                sc->give_up = true;
            }
            k++;
        }
        if (g[k] == ')' && k > 1) {
            sc->i += k + 1;
            return (struct lits){{NULL, 0}, false}; /* "(?i)": an option setting, no group */
        }
        if (g[k] == ':' && k > 1) {
            sc->i += k + 1;
        } else if (!skip) {
            while (sc->i < sc->n && !strchr(":>'", sc->s[sc->i])) {
                sc->i++;
            }
            sc->i += sc->i < sc->n;
        }
    } else if (g[0] == '*') {
        skip = true;
    }
    inner = scan_alt(sc);
    sc->i += sc->i < sc->n; /* ')' */
    if (skip) {
        lits_release(&inner);
    }
    return inner;
}

/* A sequence up to '|', ')' or the end. */
static struct lits
scan_seq(struct lit_scan *sc)
{
    struct lits best = {{NULL, 0}, false};
    char run[RUN_MAX];
    size_t run_len = 0;

    while (sc->i < sc->n && sc->s[sc->i] != '|' && sc->s[sc->i] != ')' && !sc->give_up) {
        unsigned char c = (unsigned char)sc->s[sc->i++];
        if (c == '(') {
            struct lits g;
            flush_run(run, &run_len, &best);
            g = scan_group(sc);
            if (quantifier(sc) == 1) {
                lits_release(&g);
            }
            keep_better(&best, &g);
            continue;
        }
        if (c == '\\') {
            flush_run(run, &run_len, &best);
            skip_escape(sc);
            (void)quantifier(sc);
            continue;
        }
        if (c == '[') {
            flush_run(run, &run_len, &best);
            skip_class(sc);
            (void)quantifier(sc);
            continue;
        }
        if (c == '^' || c == '$') {
            flush_run(run, &run_len, &best);
            continue;
        }
        bool lit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == ' ' || c == '@' || c == ':' || c == '-' || c == '_' || c == '/';
        if (!lit) {
            flush_run(run, &run_len, &best);
            while (c >= 0x80 && sc->i < sc->n && ((unsigned char)sc->s[sc->i] & 0xC0) == 0x80) {
                sc->i++;
            }
            (void)quantifier(sc);
            continue;
        }
        int q = quantifier(sc);
        if (q == 1) {
            flush_run(run, &run_len, &best);
            continue;
        }
        if (run_len == RUN_MAX) {
            flush_run(run, &run_len, &best);
        }
        run[run_len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (q == 2) {
            flush_run(run, &run_len, &best);
        }
    }
    flush_run(run, &run_len, &best);
    return best;
}

/* Branches separated by '|': the union of their requirements, if every branch has one. */
static struct lits
scan_alt(struct lit_scan *sc)
{
    struct lits all = {{NULL, 0}, true};

    for (;;) {
        struct lits b = scan_seq(sc);
        if (!b.ok) {
            all.ok = false;
        }
        for (size_t k = 0; all.ok && k < b.v.n; k++) {
            string_list_push(&all.v, b.v.v[k], strlen(b.v.v[k]));
        }
        lits_release(&b);
        if (sc->i < sc->n && sc->s[sc->i] == '|' && !sc->give_up) {
            sc->i++;
            continue;
        }
        break;
    }
    if (!all.ok || sc->give_up || all.v.n > LIT_MAX_SET) {
        lits_release(&all);
    }
    return all;
}

void
prefilter_literals(const char *src, uint32_t options, struct string_list *out)
{
    struct lit_scan sc = {src, 0, strlen(src), (options & PCRE2_EXTENDED) != 0};
    struct lits all;

    if (sc.give_up) {
        return;
    }
    all = scan_alt(&sc);
    if (all.ok && sc.i >= sc.n && !sc.give_up && lits_min_len(&all) >= LIT_MIN) {
        *out = all.v;
        return;
    }
    lits_release(&all);
}

bool
regex_mentions_caseless(const char *src, uint32_t options)
{
    if (options & PCRE2_CASELESS) {
        return true;
    }
    for (const char *p = strstr(src, "(?"); p; p = strstr(p + 2, "(?")) {
        for (const char *q = p + 2; *q && strchr("imnsxJU^-", *q); q++) {
            if (*q == 'i') {
                return true;
            }
        }
    }
    return false;
}
