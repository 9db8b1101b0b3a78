/*
 * Prefilters: necessary conditions for a pattern to match, tested against the set of bytes a
 * text contains (one pass per text), so most rules are skipped without a regex call. Two
 * sources, both conservative (they may let a text through, never wrongly reject one):
 *   - PCRE2's own analysis: the start-of-match bitmap or first code unit, and the required
 *     ("last") code unit;
 *   - a scan of the regex source for atoms every match must contain: a literal '@', "\d",
 *     a class like [:/]. PCRE2 reports none of these once a pattern starts with \b or a
 *     lookbehind, which is how most PII patterns start.
 * With UCP, \d and caseless 'k'/'s' also match non-ASCII characters; for subjects that may
 * hold them, such atoms are widened (and so never chosen), while atoms like '@' or ':' still
 * filter non-ASCII text.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/xalloc.h"

#include "common/banned.h"

#define MAX_ATOMS 32

static void
set_add(struct byte_set *s, unsigned c)
{
    s->bits[(c >> 6) & 3] |= (uint64_t)1 << (c & 63);
}

static bool
set_has(const struct byte_set *s, unsigned c)
{
    return (s->bits[(c >> 6) & 3] >> (c & 63)) & 1u;
}

/*
 * Callers mark bytes with plain stores into a 256-byte table (no dependency between iterations,
 * unlike or-ing bits into four words); the table is folded into bits once per text.
 */
void
byte_set_from_table(const unsigned char seen[256], struct byte_set *out)
{
    memset(out, 0, sizeof(*out));
#if defined(__SSE2__)
    /* Sixteen cells a step: every text is measured, and this ran 2,500 instructions a text. */
    const __m128i zero = _mm_setzero_si128();
    for (unsigned c = 0; c < 256; c += 16) {
        __m128i cells = _mm_loadu_si128((const __m128i *)(const void *)(seen + c));
        unsigned empty = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(cells, zero));
        out->bits[c >> 6] |= (uint64_t)(~empty & 0xFFFFu) << (c & 63);
    }
#else
    for (unsigned c = 0; c < 256; c++) {
        out->bits[c >> 6] |= (uint64_t)(seen[c] != 0) << (c & 63);
    }
#endif
}

bool
byte_set_ascii(const struct byte_set *s)
{
    return !(s->bits[2] | s->bits[3]);
}

bool
prefilter_pass(const struct prefilter *pre, const struct byte_set *present)
{
    for (size_t i = 0; i < pre->n_need; i++) {
        const uint64_t *n = pre->need[i].bits;
        const uint64_t *p = present->bits;
        if (!((n[0] & p[0]) | (n[1] & p[1]) | (n[2] & p[2]) | (n[3] & p[3]))) {
            return false;
        }
    }
    return true;
}

static void
add_literal(struct byte_set *s, unsigned c, bool caseless)
{
    set_add(s, c);
    if (caseless && c >= 'a' && c <= 'z') {
        set_add(s, c - 32);
    } else if (caseless && c >= 'A' && c <= 'Z') {
        set_add(s, c + 32);
    }
}

/*
 * A literal code unit PCRE2 says every match contains. PCRE2 may record it caselessly without
 * telling us, so an ASCII letter admits both cases; a non-ASCII byte is not used at all, because
 * its case partner is a different byte sequence.
 */
static bool
literal_unit_set(uint32_t unit, struct byte_set *s)
{
    memset(s, 0, sizeof(*s));
    if (unit >= 0x80) {
        return false;
    }
    add_literal(s, unit, true);
    return true;
}

void
prefilter_from_code(const pcre2_code *code, struct prefilter *pre)
{
    uint32_t type = 0, unit = 0, last = 0;
    const uint8_t *bitmap = NULL;

    memset(pre, 0, sizeof(*pre));
    /* FIRSTCODETYPE 1 is a fixed first code unit; otherwise a start bitmap may still exist. */
    if (pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
        pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0) {
        if (literal_unit_set(unit, &pre->need[pre->n_need])) {
            pre->n_need++;
        }
    } else if (pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 && bitmap) {
        /* The start bitmap is exact (the matcher itself skips with it). */
        struct byte_set *s = &pre->need[pre->n_need++];
        memset(s, 0, sizeof(*s));
        for (unsigned c = 0; c < 256; c++) {
            if (bitmap[c / 8] & (1u << (c % 8))) {
                set_add(s, c);
            }
        }
    }
    if (pcre2_pattern_info(code, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1 &&
        pcre2_pattern_info(code, PCRE2_INFO_LASTCODEUNIT, &last) == 0 &&
        literal_unit_set(last, &pre->need[pre->n_need])) {
        pre->n_need++;
    }
}

/* ---- the regex source scan ---- */

struct scan {
    const char *s;
    size_t i, n;
    bool caseless;
    bool give_up;       /* something the scan does not model: stop adding atoms */
    size_t depth;       /* groups open around the scan */
    bool never;         /* the sequence read holds (*FAIL), (*F) or (?!): it never matches */
    bool at_bar;        /* the scan stopped after a top-level '|' (another branch follows) */
    bool ascii_subject; /* for ASCII subjects: an atom of bytes >= 0x80 closes them all */
};

/* Every byte >= 0x80: what a character no ASCII byte spells has one of. */
static void
high_bytes(struct byte_set *s)
{
    s->bits[2] = s->bits[3] = ~(uint64_t)0;
}

/* An atom only non-ASCII characters match (high_bytes, no ASCII byte). */
static bool
high_only(const struct byte_set *s)
{
    return !(s->bits[0] | s->bits[1]) && (s->bits[2] | s->bits[3]);
}

/* Whether the property escape src[from, to) ("\\p{Han}") matches only characters beyond ASCII. */
static bool
property_beyond_ascii(const struct scan *sc, size_t from, size_t to)
{
    return sc->ascii_subject && to > from + 2 && sc->s[from + 1] == 'p' &&
           regex_property_outside_ascii(sc->s + from, to - from, sc->caseless);
}

struct atoms {
    struct byte_set v[MAX_ATOMS];
    size_t n;
};

static void
atoms_push(struct atoms *a, const struct byte_set *s)
{
    if (a->n < MAX_ATOMS) {
        a->v[a->n++] = *s;
    }
}

static void
digits(struct byte_set *s)
{
    for (unsigned c = '0'; c <= '9'; c++) {
        set_add(s, c);
    }
}

/* Skip "{...}", "<...>" or '...' after \x, \p, \g, \k. */
static void
skip_braced(struct scan *sc)
{
    if (sc->i < sc->n && (sc->s[sc->i] == '{' || sc->s[sc->i] == '<' || sc->s[sc->i] == '\'')) {
        char close = sc->s[sc->i] == '{' ? '}' : sc->s[sc->i] == '<' ? '>' : '\'';
        while (sc->i < sc->n && sc->s[sc->i] != close) {
            sc->i++;
        }
        sc->i += sc->i < sc->n;
    }
}

/* An escape after '\'; *set is filled and true returned when it is a required-byte atom. */
static bool
scan_escape(struct scan *sc, struct byte_set *set, bool *zero_width)
{
    size_t from = sc->i - 1; /* the backslash */
    unsigned char e = (unsigned char)sc->s[sc->i++];

    *zero_width = false;
    if (e == 'd') {
        digits(set);
        return true;
    }
    if (strchr("bBAzZGK", e) && e) {
        *zero_width = true;
        return false;
    }
    if (e == 'Q') {
        const char *end = strstr(sc->s + sc->i, "\\E");
        sc->i = end ? (size_t)(end - sc->s) + 2 : sc->n;
        return false;
    }
    if (strchr("xpPgkNuoc", e) && e) {
        if (e == 'c') {
            sc->i += sc->i < sc->n;
        }
        skip_braced(sc);
        if (property_beyond_ascii(sc, from, sc->i)) {
            high_bytes(set);
            return true;
        }
        return false;
    }
    if (e < 0x80 && !((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'))) {
        add_literal(set, e, sc->caseless);
        return true;
    }
    return false;
}

/* A class "[...]"; true with *set filled when every member is an ASCII byte the scan knows. */
static bool
scan_class(struct scan *sc, struct byte_set *set)
{
    bool ok = true, first = true;
    /* every member so far is a property only characters beyond ASCII have ("[\\p{Han}]") */
    bool beyond = sc->i < sc->n && sc->s[sc->i] != '^';
    unsigned prev = 256;

    if (sc->i < sc->n && sc->s[sc->i] == '^') {
        ok = false;
        sc->i++;
    }
    while (sc->i < sc->n && (sc->s[sc->i] != ']' || first)) {
        unsigned char c = (unsigned char)sc->s[sc->i++];
        first = false;
        if (c == '[' && sc->i < sc->n && sc->s[sc->i] == ':') {
            const char *end = strstr(sc->s + sc->i, ":]");
            sc->i = end ? (size_t)(end - sc->s) + 2 : sc->n;
            ok = false;
            beyond = false;
            continue;
        }
        if (c == '\\' && sc->i < sc->n) {
            unsigned char e = (unsigned char)sc->s[sc->i++];
            if (e == 'd') {
                digits(set);
            } else if (e < 0x80 && !((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') ||
                                     (e >= 'A' && e <= 'Z'))) {
                add_literal(set, e, sc->caseless);
                prev = e;
                beyond = false;
                continue;
            } else {
                size_t from = sc->i - 2;
                if (e == 'x' || e == 'p' || e == 'P') {
                    skip_braced(sc);
                }
                ok = false;
                if (property_beyond_ascii(sc, from, sc->i)) {
                    prev = 256;
                    continue;
                }
            }
            beyond = false;
            prev = 256;
            continue;
        }
        if (c >= 0x80) {
            ok = false;
            beyond = false;
            prev = 256;
            continue;
        }
        if (c == '-' && prev < 256 && sc->i < sc->n && sc->s[sc->i] != ']' &&
            (unsigned char)sc->s[sc->i] < 0x80 && sc->s[sc->i] != '\\') {
            unsigned hi = (unsigned char)sc->s[sc->i++];
            for (unsigned k = prev; k <= hi; k++) {
                add_literal(set, k, sc->caseless);
            }
            prev = 256;
            beyond = false;
            continue;
        }
        add_literal(set, c, sc->caseless);
        prev = c;
        beyond = false;
    }
    sc->i += sc->i < sc->n;
    if (beyond && !first) {
        memset(set, 0, sizeof(*set));
        high_bytes(set);
        return true;
    }
    return ok;
}

/* After an atom: true when its quantifier makes it optional ("?", "*", "{0,"). */
static bool
optional_quantifier(struct scan *sc)
{
    bool optional = false;

    if (sc->i >= sc->n) {
        return false;
    }
    switch (sc->s[sc->i]) {
    case '?':
    case '*':
        optional = true;
        sc->i++;
        break;
    case '+':
        sc->i++;
        break;
    case '{':
        if (sc->i + 1 < sc->n && (sc->s[sc->i + 1] == '0' || sc->s[sc->i + 1] == ',')) {
            optional = true;
        }
        while (sc->i < sc->n && sc->s[sc->i] != '}') {
            sc->i++;
        }
        sc->i += sc->i < sc->n;
        break;
    default:
        return false;
    }
    if (sc->i < sc->n && (sc->s[sc->i] == '?' || sc->s[sc->i] == '+')) {
        sc->i++;
    }
    return optional;
}

static void scan_seq(struct scan *sc, struct atoms *out, bool *alternation);

/* A group after '('; its atoms join out when it is required and has no alternation. */
static void
scan_group(struct scan *sc, struct atoms *out)
{
    struct atoms inner;
    bool alternation = false, lookaround = false;
    const char *g = sc->s + sc->i;
    /* "(?=X)" and "(?<=X)": X is in the text too, before or after the match */
    bool positive = g[0] == '?' && (g[1] == '=' || (g[1] == '<' && g[2] == '='));

    inner.n = 0;
    if (g[0] == '?') {
        if (g[1] == '=' || g[1] == '!' || (g[1] == '<' && (g[2] == '=' || g[2] == '!')) ||
            g[1] == '(' || g[1] == '#' || g[1] == 'C' || g[1] == 'R' ||
            (g[1] >= '0' && g[1] <= '9') || g[1] == '&' || g[1] == '+' || g[1] == '|') {
            lookaround = true;
        }
        /* Option settings: "(?i)" applies to the rest, "(?i:" to the group. */
        size_t k = 1;
        bool on = true;
        while (g[k] && strchr("imnsxJU-^", g[k])) {
            if (g[k] == '-') {
                on = false;
            } else if (g[k] == 'i' && on) {
                sc->caseless = true;
            } else if (g[k] == 'x') {
                sc->give_up = true;
            }
            k++;
        }
        if (g[k] == ')' && k > 1) {
            sc->i += k + 1;
            return; /* "(?i)": stays in force (conservative: caseless only widens sets) */
        }
        if (g[k] == ':' && k > 1) {
            sc->i += k + 1;
        } else if (!lookaround) {
            /* (?:  (?>  (?<name>  (?P<name>  (?'name' */
            while (sc->i < sc->n && !strchr(":>'", sc->s[sc->i])) {
                sc->i++;
            }
            sc->i += sc->i < sc->n;
        }
    } else if (g[0] == '*') {
        lookaround = true; /* (*VERB) */
    }
    /* (*FAIL), (*F) and (?!) fail wherever they are tried; (*ACCEPT) ends a match before
     * what follows it, which this scan would require */
    bool fails = (g[0] == '*' && (!strncmp(g, "*FAIL)", 6) || !strncmp(g, "*F)", 3) ||
                                  !strncmp(g, "*FAIL:", 6) || !strncmp(g, "*F:", 3))) ||
                 !strncmp(g, "?!)", 3);
    bool outer_never = sc->never;
    if (positive) {
        sc->i += g[1] == '=' ? 2 : 3; /* its content, not "?=" or "?<=", is what it requires */
    }
    sc->give_up |= g[0] == '*' && !strncmp(g, "*ACCEPT", 7);
    sc->never = false;
    sc->depth++;
    scan_seq(sc, &inner, &alternation);
    sc->depth--;
    sc->i += sc->i < sc->n; /* the ')' */
    bool optional = optional_quantifier(sc);
    /* a failure, or a plain group of one branch that fails, fails the sequence around it */
    sc->never = outer_never || ((fails || (sc->never && !lookaround && !alternation)) && !optional);
    if (optional || (lookaround && !positive) || alternation) {
        return;
    }
    for (size_t k = 0; k < inner.n; k++) {
        atoms_push(out, &inner.v[k]);
    }
}

static void
scan_seq(struct scan *sc, struct atoms *out, bool *alternation)
{
    while (sc->i < sc->n && sc->s[sc->i] != ')' && !sc->give_up) {
        unsigned char c = (unsigned char)sc->s[sc->i++];
        struct byte_set set;
        bool have = false, zero_width = false;
        memset(&set, 0, sizeof(set));
        if (c == '|') {
            *alternation = true;
            if (sc->depth == 0) {
                sc->at_bar = true; /* prefilter_add_source reads the next branch */
                return;
            }
            continue;
        }
        if (c == '(') {
            scan_group(sc, out);
            continue;
        }
        if (c == '\\' && sc->i < sc->n) {
            have = scan_escape(sc, &set, &zero_width);
        } else if (c == '[') {
            have = scan_class(sc, &set);
        } else if (c == '^' || c == '$') {
            zero_width = true;
        } else if (c < 0x80 && c != '.') {
            add_literal(&set, c, sc->caseless);
            have = true;
        } else if (c >= 0x80) {
            while (sc->i < sc->n && ((unsigned char)sc->s[sc->i] & 0xC0) == 0x80) {
                sc->i++;
            }
        }
        if (zero_width) {
            continue;
        }
        if (!optional_quantifier(sc) && have) {
            atoms_push(out, &set);
        }
    }
}

/* How common the bytes of s are in prose: lower is a better filter. */
static unsigned
set_cost(const struct byte_set *s)
{
    unsigned cost = 0;

    for (unsigned c = 0; c < 128; c++) {
        if (!set_has(s, c)) {
            continue;
        }
        if (c == ' ' || c == 'e' || c == 't' || c == 'a' || c == 'o') {
            cost += 40;
        } else if (c >= 'a' && c <= 'z') {
            cost += 8;
        } else if ((c >= 'A' && c <= 'Z') || c == '.' || c == ',') {
            cost += 3;
        } else {
            cost += 1;
        }
    }
    return cost;
}

#define USEFUL_COST 30

/*
 * For a subject that may hold non-ASCII text, widen an atom to every non-ASCII byte where UCP
 * could match beyond ASCII: \d matches any decimal digit, and caseless 'k' and 's' match
 * U+212A KELVIN SIGN and U+017F LONG S.
 */
static void
widen_for_unicode(struct byte_set *s, bool caseless)
{
    bool wide = false;

    for (unsigned c = '0'; c <= '9'; c++) {
        wide |= set_has(s, c);
    }
    if (caseless) {
        wide |= set_has(s, 'k') || set_has(s, 'K') || set_has(s, 's') || set_has(s, 'S');
    }
    if (wide) {
        s->bits[2] = s->bits[3] = ~(uint64_t)0;
    }
}

void
prefilter_add_source(struct prefilter *pre, const char *src, bool caseless, bool any_subject)
{
    struct scan sc = {src, 0, strlen(src), caseless, false, 0, false, false, !any_subject};
    struct atoms atoms, branch;
    size_t live = 0; /* top-level branches that can match */

    /* A top-level branch that never matches requires nothing: X(*SKIP)(*FAIL)|Y, "skip X and
     * search on", requires what Y does. Any other top-level '|': no atom is required. */
    atoms.n = 0;
    do {
        bool alternation = false;
        branch.n = 0;
        sc.never = false;
        sc.at_bar = false;
        scan_seq(&sc, &branch, &alternation);
        if (!sc.never) {
            live++;
            atoms = branch;
        }
    } while (sc.at_bar);
    if (live != 1 || sc.i < sc.n) {
        return; /* several branches that match (or an unbalanced ')') */
    }
    for (size_t k = 0; any_subject && k < atoms.n; k++) {
        widen_for_unicode(&atoms.v[k], sc.caseless);
    }
    /* On ASCII subjects a character beyond ASCII closes every gate at once. */
    for (size_t k = 0; !any_subject && k < atoms.n && pre->n_need < PREFILTER_MAX; k++) {
        if (high_only(&atoms.v[k])) {
            pre->need[pre->n_need++] = atoms.v[k];
            break;
        }
    }
    while (pre->n_need < PREFILTER_MAX) {
        size_t best = atoms.n;
        unsigned best_cost = USEFUL_COST;
        for (size_t k = 0; k < atoms.n; k++) {
            unsigned cost = set_cost(&atoms.v[k]);
            if (cost && cost < best_cost && byte_set_ascii(&atoms.v[k])) {
                best = k;
                best_cost = cost;
            }
        }
        if (best == atoms.n) {
            return;
        }
        pre->need[pre->n_need++] = atoms.v[best];
        memset(&atoms.v[best], 0, sizeof(atoms.v[best]));
    }
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

void
gate_build(struct gate *g, const pcre2_code *code, const pcre2_code *code_ascii, const char *src,
           uint32_t options)
{
    prefilter_from_code(code, &g->pre);
    if (code_ascii) {
        prefilter_from_code(code_ascii, &g->pre_ascii);
    } else {
        g->pre_ascii = g->pre;
    }
    g->trigger = -1;
    g->trigger2 = -1;
    g->trigger_anchor = -1;
    g->anchor_kind = ANCHOR_NONE;
    g->left_word_first = regex_left_context(src, options, true);
    g->left_other_first = regex_left_context(src, options, false);
    g->left = LEFT_ANY;
    g->right = false;
    if (options & PCRE2_EXTENDED) {
        /* The literal analyser models (?x); the byte scans do not. */
        size_t n = strlen(src);
        char *x = xmalloc(n + 5);
        memcpy(x, "(?x)", 4);
        memcpy(x + 4, src, n + 1);
        literals_analyse_left(x, &g->lits, &g->lits2, &g->anchor, &g->anchor_lead,
                              &g->anchor_after_non_word, &g->runs);
        free(x);
        return;
    }
    char *before;
    if (regex_right_context(src, options, &before, &g->right_least, g->right_first)) {
        g->right_most = literals_width(before);
        g->right = g->right_most.bytes != LITERALS_NO_LEAD;
        free(before);
    }
    bool caseless = regex_mentions_caseless(src, options);
    prefilter_add_source(&g->pre_ascii, src, caseless, false);
    prefilter_add_source(&g->pre, src, caseless, true);
    literals_analyse_left(src, &g->lits, &g->lits2, &g->anchor, &g->anchor_lead,
                          &g->anchor_after_non_word, &g->runs);
}

void
gate_release(struct gate *g)
{
    literal_set_release(&g->lits);
    literal_set_release(&g->lits2);
    literal_set_release(&g->anchor);
}
