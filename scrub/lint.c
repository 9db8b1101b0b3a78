/*
 * scrub_rules_lint: a structural scan of each regex source for shapes that backtrack
 * catastrophically. It does not parse PCRE2 fully; it tracks groups, classes and escapes well
 * enough to see quantifiers applied to groups that already repeat:
 *   - nested quantifiers: (a+)+, (.*)*, (\w+\s?)*
 *   - a repeated alternation whose branches can start alike: (a|ab)+, (\w|\d)*
 *   - .* (or .+) unanchored at both ends of the pattern
 * Possessive quantifiers (x++) and atomic groups (?>...) cannot backtrack and are not flagged.
 * The engine's match limit still stops a runaway pattern at run time (ERR_LIMIT); lint finds it
 * before a dataset does. It also notes, without counting it as a warning, a costly reading of
 * non-ASCII text (lint_reads_original).
 */
#include "scrub/rules_internal.h"

#include <stdio.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define MAX_DEPTH    64
#define MAX_BRANCHES 32

struct group {
    bool repeats; /* contains an unbounded quantifier */
    bool atomic;  /* (?>...) */
    size_t n_branches;
    char first[MAX_BRANCHES][3]; /* the first atom of each branch, as text ("a", "\w", ".") */
};

struct lint_ctx {
    FILE *out;
    size_t warnings;
    const char *file, *rule;
    size_t line;
};

/* One line of the report: the rule's place, what was found, and (for a warning) where. */
static int
report(struct lint_ctx *c, const char *what, const char *where, size_t offset, struct err *err)
{
    if (fprintf(c->out, "%s:%zu: rule '%s': %s%s", c->file, c->line, c->rule, what, where) < 0 ||
        (*where && fprintf(c->out, "%zu", offset) < 0) || fputc('\n', c->out) == EOF) {
        return err_set(err, ERR_IO, "cannot write the lint report");
    }
    return 0;
}

static int
warn(struct lint_ctx *c, const char *what, size_t offset, struct err *err)
{
    c->warnings++;
    return report(c, what, " at offset ", offset, err);
}

/* The quantifier at s: 0 none, 1 bounded, 2 unbounded; *len its length (with lazy/possessive). */
static int
quantifier(const char *s, size_t *len, bool *possessive)
{
    int kind = 0;

    *len = 0;
    *possessive = false;
    if (*s == '*' || *s == '+') {
        kind = 2;
        *len = 1;
    } else if (*s == '?') {
        kind = 1;
        *len = 1;
    } else if (*s == '{') {
        const char *p = s + 1;
        while (*p >= '0' && *p <= '9') {
            p++;
        }
        if (p == s + 1 && *p != ',') {
            return 0;
        }
        kind = 1;
        if (*p == ',') {
            p++;
            kind = (*p == '}') ? 2 : 1;
            while (*p >= '0' && *p <= '9') {
                p++;
            }
        }
        if (*p != '}') {
            return 0;
        }
        *len = (size_t)(p - s) + 1;
    }
    if (kind && (s[*len] == '+' || s[*len] == '?')) {
        *possessive = s[*len] == '+';
        (*len)++;
    }
    return kind;
}

static bool
broad_atom(const char *a)
{
    return !strcmp(a, ".") || !strcmp(a, "[") || !strcmp(a, "\\w") || !strcmp(a, "\\S") ||
           !strcmp(a, "\\D") || !strcmp(a, "\\W") || !strcmp(a, "\\X") || !strcmp(a, "\\p");
}

/* Branches that can begin with the same character make a repeated alternation ambiguous. */
static bool
branches_overlap(const struct group *g)
{
    for (size_t i = 0; i < g->n_branches; i++) {
        if (broad_atom(g->first[i])) {
            return g->n_branches > 1;
        }
        for (size_t k = i + 1; k < g->n_branches; k++) {
            if (g->first[i][0] && !strcmp(g->first[i], g->first[k])) {
                return true;
            }
        }
    }
    return false;
}

static void
note_first(struct group *g, const char *s, bool *at_branch_start)
{
    if (!*at_branch_start || g->n_branches == 0 || g->n_branches > MAX_BRANCHES) {
        return;
    }
    char *f = g->first[g->n_branches - 1];
    f[0] = s[0];
    f[1] = s[0] == '\\' ? s[1] : '\0';
    f[2] = '\0';
    *at_branch_start = false;
}

/* Skip a character class starting at s[i] == '['; returns the index after its ']' (or the end). */
static size_t
skip_class(const char *s, size_t i)
{
    size_t end = regex_class_end(s, strlen(s), i);

    return end ? end : strlen(s);
}

static int
close_group(struct lint_ctx *c, struct group *stack, size_t *depth, const char *s, size_t *i,
            struct err *err)
{
    struct group g = stack[--(*depth)];
    size_t qlen;
    bool possessive;
    int q = quantifier(s + *i + 1, &qlen, &possessive);

    if (q == 2 && !possessive && !g.atomic) {
        if (g.repeats &&
            warn(c, "nested quantifier (a repeated group repeats inside)", *i, err) < 0) {
            return -1;
        }
        if (!g.repeats && g.n_branches > 1 && branches_overlap(&g) &&
            warn(c, "repeated alternation with overlapping branches", *i, err) < 0) {
            return -1;
        }
    }
    if (*depth && (g.repeats || (q == 2 && !possessive))) {
        stack[*depth - 1].repeats = true;
    }
    *i += qlen;
    return 0;
}

static int
lint_source(struct lint_ctx *c, const char *s, struct err *err)
{
    struct group stack[MAX_DEPTH];
    size_t depth = 1, n = strlen(s);
    bool at_start = true;

    memset(stack, 0, sizeof(stack));
    stack[0].n_branches = 1;
    for (size_t i = 0; i < n; i++) {
        struct group *g = &stack[depth - 1];
        size_t qlen;
        bool possessive;
        if (s[i] == '\\' && s[i + 1] == 'Q') {
            const char *end = strstr(s + i + 2, "\\E");
            note_first(g, s + i + 2, &at_start);
            i = end ? (size_t)(end - s) + 1 : n;
            continue;
        }
        if (s[i] == '(') {
            if (depth == MAX_DEPTH) {
                return 0;
            }
            memset(&stack[depth], 0, sizeof(stack[depth]));
            stack[depth].n_branches = 1;
            stack[depth].atomic = !strncmp(s + i, "(?>", 3) || !strncmp(s + i, "(*atomic:", 9);
            depth++;
            at_start = true;
            /* Skip the group's (?:, (?<name>, (?= ... header so it is not read as an atom. */
            if (s[i + 1] == '?') {
                i++;
                while (i + 1 < n && s[i + 1] != ')' && s[i + 1] != ':' && s[i + 1] != '>' &&
                       s[i + 1] != '=' && s[i + 1] != '!') {
                    i++;
                }
                if (i + 1 < n && s[i + 1] != ')') {
                    i++;
                }
            }
            continue;
        }
        if (s[i] == ')' && depth > 1) {
            if (close_group(c, stack, &depth, s, &i, err) < 0) {
                return -1;
            }
            at_start = false;
            continue;
        }
        if (s[i] == '|') {
            g->n_branches++;
            at_start = true;
            continue;
        }
        note_first(g, s + i, &at_start);
        if (s[i] == '[') {
            i = skip_class(s, i) - 1;
        } else if (s[i] == '\\' && s[i + 1]) {
            i++;
        }
        if (quantifier(s + i + 1, &qlen, &possessive) == 2 && !possessive) {
            g->repeats = true;
        }
        i += qlen;
    }
    return 0;
}

static bool
dot_star(const char *s)
{
    return (s[0] == '.' && (s[1] == '*' || s[1] == '+'));
}

static int
lint_ends(struct lint_ctx *c, const char *s, struct err *err)
{
    size_t n = strlen(s);

    if (n >= 4 && dot_star(s) && dot_star(s + n - 2) && !(n >= 3 && s[n - 3] == '\\')) {
        return warn(c, "unanchored .* at both ends", 0, err);
    }
    return 0;
}

/*
 * A pattern that reads the original of a text that is not plain ASCII (not normalized, not
 * digit-based) and whose gate needs the trigger scan makes every such text be case-folded and
 * scanned a second time, besides its view: three person rules without `normalized` once cost 6 %
 * of a run that way. A rule that must see the text as written says so with `raw`.
 */
static int
lint_reads_original(struct lint_ctx *c, const struct rule *r, const struct rule_pattern *p,
                    struct err *err)
{
    const struct gate *g = &p->gate;
    bool scans = g->trigger >= 0 || g->trigger2 >= 0 || r->requires_trigger >= 0 ||
                 (g->anchor_kind != ANCHOR_NONE && g->trigger_anchor >= 0);

    if (p->use_view || (r->flags & RULE_RAW) || !scans) {
        return 0;
    }
    /* A cost, not a risk: printed, not counted, so a Presidio pack without veil's flags lints
     * clean. */
    return report(c,
                  "note: reads the original of non-ASCII text, whose trigger scan then runs twice "
                  "(flags: [normalized] reads the view; [raw] if it must see the text as written)",
                  "", 0, err);
}

int
scrub_rules_lint(const struct scrub_rules *rules, FILE *out, size_t *warnings, struct err *err)
{
    struct lint_ctx c = {out, 0, NULL, NULL, 0};

    for (size_t i = 0; i < rules->n_rules; i++) {
        const struct rule *r = &rules->rules[i];
        for (size_t k = 0; k < r->n_patterns; k++) {
            const struct rule_pattern *p = &r->patterns[k];
            if (p->is_deny) {
                continue;
            }
            c.file = r->file;
            c.rule = r->name;
            c.line = p->line;
            if (lint_source(&c, p->source, err) < 0 || lint_ends(&c, p->source, err) < 0 ||
                lint_reads_original(&c, r, p, err) < 0) {
                return -1;
            }
        }
    }
    for (size_t i = 0; i < rules->n_warnings; i++) {
        const struct warning_category *w = &rules->warnings[i];
        for (size_t k = 0; k < w->n_patterns; k++) {
            c.file = w->file;
            c.rule = w->name;
            c.line = w->line;
            if (lint_source(&c, w->sources[k], err) < 0 || lint_ends(&c, w->sources[k], err) < 0) {
                return -1;
            }
        }
    }
    *warnings = c.warnings;
    return 0;
}
