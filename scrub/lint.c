/*
 * scrub_rules_lint: a structural scan of each regex source for shapes that backtrack
 * catastrophically. It does not parse PCRE2 fully; it tracks groups, classes and escapes well
 * enough to see quantifiers applied to groups that already repeat:
 *   - nested quantifiers: (a+)+, (.*)*, (\w+\s?)*
 *   - a repeated alternation whose branches can start alike: (a|ab)+, (\w|\d)*
 *   - .* (or .+) unanchored at both ends of the pattern
 *   - an unbounded run (x*, x+, x{n,}) that every start position reads again: one at the start of
 *     the pattern, or at the start of a look-around the pattern starts with (lint_starts)
 * Possessive quantifiers (x++) and atomic groups (?>...) cannot backtrack and are not flagged
 * as nested, but a possessive run at the start is still read again from every position.
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
 * Runs read again from every start position (lint_starts). A search tries a pattern at every
 * position its first bytes allow; whatever it reads before its first fixed atom, it reads again
 * from the next position: an unbounded run there ("\p{Arabic}{2,}", "[ \t]*cue") reads to the
 * end of a long run of its characters from each of them, and so does one at the start of a
 * look-around evaluated there ("(?!(?:[^\s]+[ \t]+){0,2}bank)"). On a 32 KB run that is
 * 500 M steps: ten such patterns once made test_rules_pathological take 30 minutes. A bounded run
 * ({1,40}) costs at most its bound per position.
 */
struct starts {
    struct lint_ctx *c;
    const char *s;
    size_t n;
    int depth;
    int rc;
    /* a \b or a look-behind that something must precede ("(?<=[,;|])", "(?<![^\s\"])") on
     * the way: a match starts only there, not anywhere inside a run */
    bool pinned;
    /* the last "(?<!X)" on the way, X one atom (s[guard, guard + guard_len)), or guard_len 0 */
    size_t guard, guard_len;
    struct err *err;
};

/*
 * Whether every character the atom inner matches, the atom outer matches too, judged on a sample
 * of characters (ASCII and letters, digits and blanks of other scripts): a run of inner after
 * "(?<!outer)" then cannot start inside itself. Caseless when the pattern says (?i) anywhere.
 */
static bool
covers(const char *src, const char *outer, size_t on, const char *inner, size_t in)
{
    static const char *const samples[] = {
        "\t", "\xc2\xa0", "é",  "ß",  "ñ", "ж", "Ж", "α", "Ω",
        "ა",  "ա",        "Ա",  "ክ",  "क", "ि", "ع", "پ", "ش",
        "א",  "中",       "カ", "한", "ก", "ั",  "٣", "०", "\xe3\x80\x80",
        "、", "。"};
    uint32_t options = PCRE2_UTF | PCRE2_UCP | (strstr(src, "(?i") ? PCRE2_CASELESS : 0);
    pcre2_code *re[2] = {NULL, NULL};
    pcre2_match_data *md = NULL;
    bool ok = false;

    for (int k = 0; k < 2; k++) {
        char pat[512];
        int code;
        PCRE2_SIZE off;
        size_t n = k ? in : on;
        if (n > sizeof(pat) - 8) {
            goto out;
        }
        (void)snprintf(pat, sizeof(pat), "^(?:%.*s)$", (int)n, k ? inner : outer);
        if (!(re[k] = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, options, &code, &off,
                                    NULL))) {
            goto out;
        }
    }
    md = pcre2_match_data_create(1, NULL);
    ok = md != NULL;
    for (int c = 0; ok && c < 0x7f + (int)(sizeof(samples) / sizeof(samples[0])); c++) {
        char ascii[2] = {(char)c, '\0'};
        const char *x = c < 0x7f ? ascii : samples[c - 0x7f];
        size_t len = c < 0x7f ? (c ? 1 : 0) : strlen(x);
        if (!len) {
            continue;
        }
        if (pcre2_match(re[1], (PCRE2_SPTR)x, len, 0, 0, md, NULL) >= 0 &&
            pcre2_match(re[0], (PCRE2_SPTR)x, len, 0, 0, md, NULL) < 0) {
            ok = false;
        }
    }
out:
    pcre2_match_data_free(md);
    pcre2_code_free(re[0]);
    pcre2_code_free(re[1]);
    return ok;
}

static size_t
atom_end(const char *s, size_t n, size_t i)
{
    if (s[i] == '\\' && s[i + 1] == 'Q') {
        const char *end = strstr(s + i + 2, "\\E");
        return end ? (size_t)(end - s) + 2 : n;
    }
    if (s[i] == '\\') {
        return regex_escape_end(s, i);
    }
    if (s[i] == '[') {
        size_t end = regex_class_end(s, n, i);
        return end ? end : n;
    }
    return i + 1;
}

/* The ')' closing the group opened at s[i], or n. */
static size_t
close_of(const char *s, size_t n, size_t i)
{
    bool alternation;
    size_t end = regex_group_end(s, i + 1, &alternation);

    return end && end < n ? end : n;
}

enum group_kind { G_PLAIN, G_LOOK, G_SKIP, G_OPTION, G_OTHER };

/* What the group at s[i] is, and where its body starts. */
static enum group_kind
group_kind(const char *s, size_t i, size_t *body)
{
    const char *p = s + i;

    *body = i + 1;
    if (!strncmp(p, "(?=", 3) || !strncmp(p, "(?!", 3)) {
        *body = i + 3;
        return G_LOOK;
    }
    if (!strncmp(p, "(?<=", 4) || !strncmp(p, "(?<!", 4)) {
        *body = i + 4;
        return G_LOOK;
    }
    if (!strncmp(p, "(?#", 3) || p[1] == '*') {
        return G_SKIP;
    }
    if (!strncmp(p, "(?(", 3) || !strncmp(p, "(?|", 3) || !strncmp(p, "(?&", 3) ||
        !strncmp(p, "(?P>", 4) || p[2] == 'R' || p[2] == '+' || (p[2] >= '0' && p[2] <= '9')) {
        return G_OTHER; /* conditions, branch resets and calls: the walk stops there */
    }
    if (p[1] != '?') {
        return G_PLAIN;
    }
    if (p[2] == '<' || p[2] == '\'' || (p[2] == 'P' && p[3] == '<')) {
        const char *end = strchr(p + 3, p[2] == '\'' ? '\'' : '>');
        *body = end ? (size_t)(end - s) + 1 : i + 2;
        return end ? G_PLAIN : G_OTHER;
    }
    for (size_t k = i + 2; s[k]; k++) {
        if (s[k] == ':') {
            *body = k + 1;
            return G_PLAIN; /* (?:, (?i:, (?>: read through, as a plain group */
        }
        if (s[k] == ')') {
            *body = k + 1;
            return G_OPTION; /* (?i) and the like */
        }
        if (s[k] == '>' && k == i + 2) {
            *body = k + 1;
            return G_PLAIN;
        }
    }
    return G_OTHER;
}

static bool starts_walk(struct starts *w, size_t i, size_t end, bool in_look);

/* Each branch of the group body [i, end): whether every one can match nothing (so what follows the
 * group is at the start too). */
static bool
starts_branches(struct starts *w, size_t i, size_t end, bool in_look)
{
    bool all_empty = true, pinned = w->pinned;
    size_t guard = w->guard, guard_len = w->guard_len;

    while (i <= end) {
        size_t k = i;
        int d = 0;
        while (k < end && !(d == 0 && w->s[k] == '|')) {
            if (w->s[k] == '\\' || w->s[k] == '[') {
                k = atom_end(w->s, end, k);
                continue;
            }
            d += w->s[k] == '(' ? 1 : w->s[k] == ')' ? -1 : 0;
            k++;
        }
        all_empty = starts_walk(w, i, k, in_look) && all_empty;
        w->pinned = pinned; /* what one branch passed, the next did not */
        w->guard = guard;
        w->guard_len = guard_len;
        i = k + 1;
    }
    return all_empty;
}

static void
flag_run(struct starts *w, size_t at, size_t atom_len, bool in_look)
{
    if (w->guard_len && covers(w->s, w->s + w->guard, w->guard_len, w->s + at, atom_len)) {
        return;
    }
    if (w->rc == 0 && !w->pinned) {
        w->rc = warn(w->c,
                     in_look ? "unbounded run at the start of a look-around the pattern starts "
                               "with, read again from every position (bound it, {1,40})"
                             : "unbounded run at the start of the pattern, read again from every "
                               "position (bound it, {1,40}, or keep it from starting inside "
                               "itself, (?<!x)x+)",
                     at, w->err);
    }
}

/*
 * Walk s[i, end) while nothing fixed has been read: flag unbounded runs, look into look-arounds
 * and the branches of groups. True when the whole span can match nothing.
 */
static bool
starts_walk(struct starts *w, size_t i, size_t end, bool in_look)
{
    const char *s = w->s;

    if (++w->depth > MAX_DEPTH) {
        w->depth--;
        return false;
    }
    while (i < end) {
        size_t next, qlen, body;
        bool possessive, skippable;
        int q;
        if (s[i] == '^' || !strncmp(s + i, "\\A", 2) || !strncmp(s + i, "\\G", 2)) {
            w->depth--;
            return false; /* anchored: no search from every position */
        }
        w->pinned |= !strncmp(s + i, "\\b", 2);
        if (s[i] == '$' || !strncmp(s + i, "\\b", 2) || !strncmp(s + i, "\\B", 2) ||
            !strncmp(s + i, "\\K", 2) || !strncmp(s + i, "\\z", 2) || !strncmp(s + i, "\\Z", 2)) {
            i += s[i] == '$' ? 1 : 2;
            continue;
        }
        if (s[i] == '(') {
            enum group_kind k = group_kind(s, i, &body);
            size_t close = close_of(s, w->n, i);
            q = quantifier(s + close + 1, &qlen, &possessive);
            next = close + 1 + (close < w->n ? qlen : 0);
            if (k == G_SKIP || k == G_OPTION) {
                i = k == G_OPTION ? body : next;
                continue;
            }
            if (k == G_OTHER) {
                break;
            }
            if (k == G_LOOK) {
                (void)starts_branches(w, body, close, true);
                w->pinned |= !strncmp(s + i, "(?<=", 4) || !strncmp(s + i, "(?<![^", 6);
                if (!strncmp(s + i, "(?<!", 4) && atom_end(s, close, body) == close) {
                    w->guard = body;
                    w->guard_len = close - body;
                }
                i = next;
                continue;
            }
            skippable = starts_branches(w, body, close, in_look);
            if (skippable || (q && (s[close + 1] == '*' || s[close + 1] == '?' ||
                                    !strncmp(s + close + 1, "{0", 2)))) {
                i = next;
                continue;
            }
            break;
        }
        next = atom_end(s, end, i);
        q = quantifier(s + next, &qlen, &possessive);
        /* PCRE2 anchors a leading .* itself (it starts only at a line's start) */
        if (q == 2 && !(s[i] == '.' && !in_look && w->depth == 1)) {
            flag_run(w, i, next - i, in_look);
        }
        if (q && (s[next] == '*' || s[next] == '?' || !strncmp(s + next, "{0", 2))) {
            i = next + qlen;
            continue;
        }
        break;
    }
    w->depth--;
    return i >= end;
}

static int
lint_starts(struct lint_ctx *c, const char *s, struct err *err)
{
    struct starts w = {c, s, strlen(s), 0, 0, false, 0, 0, err};

    (void)starts_walk(&w, 0, w.n, false);
    return w.rc;
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
                lint_starts(&c, p->source, err) < 0 || lint_reads_original(&c, r, p, err) < 0) {
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
            if (lint_source(&c, w->sources[k], err) < 0 || lint_ends(&c, w->sources[k], err) < 0 ||
                lint_starts(&c, w->sources[k], err) < 0) {
                return -1;
            }
        }
    }
    *warnings = c.warnings;
    return 0;
}
