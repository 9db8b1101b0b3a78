/*
 * Context words (Presidio's context enhancement): a candidate below min_score is kept when one of
 * its rule's context words starts within context_window bytes before or after it, which adds
 * context_boost to its score. A context_not word within context_not_window drops a candidate
 * whatever its score.
 *
 * The window does not count bytes of strong findings or of veil's placeholders, and a context
 * word inside either does not count. So the window covers the same words before and after
 * scrubbing ("account jane@mail.org 123456789" and "account [EMAIL] 123456789" decide the number
 * alike), which keeps scrub(scrub(x)) == scrub(x).
 *
 * A rule's context_entities count too (Presidio's context from other recognizers): a finding of
 * one of those entities, from another rule, that starts in the same window on the same line ("|
 * Ada Lovelace | +44 20 7946 0000 |"). Its placeholder counts the same, for the same reason.
 */
#include "scrub/engine_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "scrub/validate_internal.h"

#include "common/banned.h"

static int
by_span(const void *a, const void *b)
{
    const size_t *x = a, *y = b;

    return x[0] < y[0] ? -1 : x[0] > y[0];
}

static int
by_start(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;

    return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Strong candidates and placeholders as sorted, merged spans. Spans one byte apart merge too,
 * as resolve.c merges "John" + " " + "Smith" into one finding (one placeholder).
 */
static void
build_masked(struct scrub_engine *e)
{
    struct spans *m = &e->masked;
    size_t kept = 0;

    m->n = 0;
    for (size_t i = 0; i < e->cands.n; i++) {
        if (!e->cands.v[i].needs_context) {
            spans_push(m, e->cands.v[i].start, e->cands.v[i].end);
        }
    }
    for (size_t i = 0; i < e->placeholders.n; i++) {
        spans_push(m, e->placeholders.v[i][0], e->placeholders.v[i][1]);
    }
    if (m->n > 1) {
        qsort(m->v, m->n, sizeof(*m->v), by_span);
    }
    for (size_t i = 0; i < m->n; i++) {
        if (kept && m->v[i][0] <= m->v[kept - 1][1] + 1) {
            if (m->v[i][1] > m->v[kept - 1][1]) {
                m->v[kept - 1][1] = m->v[i][1];
            }
            continue;
        }
        m->v[kept][0] = m->v[i][0];
        m->v[kept][1] = m->v[i][1];
        kept++;
    }
    m->n = kept;
}

/* The masked span containing byte i, or NULL. */
static const size_t *
masked_at(const struct spans *m, size_t i)
{
    size_t lo = 0, hi = m->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid][1] <= i) {
            lo = mid + 1;
        } else if (m->v[mid][0] > i) {
            hi = mid;
        } else {
            return m->v[mid];
        }
    }
    return NULL;
}

/*
 * The first unmasked byte at i or after it, before to (else to); *seg is where the unmasked run
 * it starts ends: the next masked span's start, or to. A word that overlaps no masked span starts
 * in such a run, so a search steps over masked spans instead of reading them: a window walks
 * over them for free, and where they join end to end ("Ana Bob Cleo Dan ..." in a list of names)
 * reading them made every candidate's search start at the text's start.
 */
static size_t
unmasked_from(const struct spans *m, size_t i, size_t to, size_t *seg)
{
    size_t lo = 0, hi = m->n;

    while (lo < hi) { /* the first span that ends after i */
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid][1] <= i) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    while (lo < m->n && m->v[lo][0] <= i) { /* i is masked: skip to the span's end */
        i = m->v[lo][1];
        lo++;
    }
    if (i >= to) {
        *seg = to;
        return to;
    }
    *seg = lo < m->n && m->v[lo][0] < to ? m->v[lo][0] : to;
    return i;
}

/* unmasked_from in view v: view bytes whose original byte is masked are stepped over. */
static size_t
view_unmasked_from(const struct spans *m, const struct norm_view *v, size_t p, size_t end,
                   size_t *seg)
{
    size_t o, oseg;

    if (p >= end) {
        *seg = end;
        return end;
    }
    o = unmasked_from(m, v->map[p], SIZE_MAX, &oseg);
    if (o != v->map[p]) {
        p = norm_view_offset(v, o);
    }
    if (p >= end) {
        *seg = end;
        return end;
    }
    *seg = oseg == SIZE_MAX ? end : norm_view_offset(v, oseg);
    *seg = *seg < end ? *seg : end;
    return p;
}

static bool
overlaps_masked(const struct spans *m, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++) {
        const size_t *span = masked_at(m, i);
        if (span) {
            return true;
        }
    }
    return false;
}

static size_t
to_char_start(const unsigned char *t, size_t len, size_t i)
{
    while (i < len && (t[i] & 0xC0) == 0x80) {
        i++;
    }
    return i;
}

/* Walk window unmasked bytes back from s (dir < 0) or forward from s (dir > 0). */
static size_t
window_edge(const struct spans *m, size_t s, size_t len, size_t window, int dir)
{
    size_t pos = s;

    while (window) {
        const size_t *span;
        if (dir < 0 ? pos == 0 : pos >= len) {
            break;
        }
        span = masked_at(m, dir < 0 ? pos - 1 : pos);
        if (span) {
            pos = dir < 0 ? span[0] : span[1];
            continue;
        }
        pos = dir < 0 ? pos - 1 : pos + 1;
        window--;
    }
    return pos;
}

/* A word of re starting in [from, to) whose match lies outside masked spans. */
static int
search(struct scrub_engine *e, const struct rule *r, const pcre2_code *re,
       const unsigned char *text, size_t from, size_t to, bool *found, struct err *err)
{
    size_t seg, pos = unmasked_from(&e->masked, from, to, &seg);

    while (pos < to) {
        PCRE2_SIZE *ov;
        int rc = engine_match_upto(e, re, text, to, pos, seg - 1, r->name, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            pos = unmasked_from(&e->masked, seg, to, &seg);
            continue;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        if (!overlaps_masked(&e->masked, ov[0], ov[1] > ov[0] ? ov[1] : ov[0] + 1)) {
            *found = true;
            return 0;
        }
        pos = unmasked_from(&e->masked, to_char_start(text, to, ov[0] + 1), to, &seg);
    }
    return 0;
}

/*
 * window_edge in the view: walk back from view byte p (dir < 0) or forward (dir > 0) over
 * unmasked view bytes worth window bytes. A letter or digit costs one byte however it is drawn
 * (a mathematical bold letter is four bytes as written), punctuation and spaces cost what they
 * take in the original (a curly quote three), so only a disguised word reads nearer than it is
 * written. A view byte is masked when the original bytes it came from are.
 */
static size_t
view_window_edge(const struct spans *m, const struct norm_view *v, size_t p, size_t window, int dir)
{
    const unsigned char *t = v->text.data;

    while (window) {
        const size_t *span;
        size_t q = dir < 0 ? p - 1 : p, cost = 1;
        if (dir < 0 ? p == 0 : p >= v->text.len) {
            break;
        }
        span = masked_at(m, v->map[q]);
        if (span) {
            p = norm_view_offset(v, dir < 0 ? span[0] : span[1]);
            continue;
        }
        if (t[q] < 0x80 && !((t[q] | 0x20) >= 'a' && (t[q] | 0x20) <= 'z') &&
            !(t[q] >= '0' && t[q] <= '9')) {
            cost = v->map_end[q] - v->map[q];
        }
        if (cost > window) {
            break;
        }
        p = dir < 0 ? p - 1 : p + 1;
        window -= cost;
    }
    return p;
}

/*
 * The same search in the view, over the view bytes of the original [from, to) and the window
 * counted in view bytes, whichever reaches farther: a cue typed in disguise ("ｍｙ ｉｐ", "ɪᴘ",
 * "I\u200bP", a Cyrillic letter in "ip") counts as the cue, and a cue in a font of four bytes a
 * letter ("𝐬𝐨𝐜𝐢𝐚𝐥 𝐬𝐞𝐜𝐮𝐫𝐢𝐭𝐲 𝐧𝐮𝐦𝐛𝐞𝐫") is as near as it reads. A word the view reads is masked when
 * the original bytes it came from are.
 */
static int
search_view(struct scrub_engine *e, const struct rule *r, const pcre2_code *re, size_t window,
            const struct norm_view *v, size_t from, size_t to, int dir, bool *found,
            struct err *err)
{
    const unsigned char *t = v->text.data;
    size_t pos = norm_view_offset(v, from), end = norm_view_offset(v, to), edge, seg;

    if (dir < 0) {
        edge = view_window_edge(&e->masked, v, end, window, -1);
        pos = edge < pos ? to_char_start(t, end, edge) : pos;
    } else {
        edge = view_window_edge(&e->masked, v, pos, window, 1);
        end = edge > end ? to_char_start(t, v->text.len, edge) : end;
    }

    pos = view_unmasked_from(&e->masked, v, pos, end, &seg);
    while (pos < end) {
        PCRE2_SIZE *ov;
        size_t s, e_orig;
        int rc = engine_match_upto(e, re, t, end, pos, seg - 1, r->name, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            pos = view_unmasked_from(&e->masked, v, seg, end, &seg);
            continue;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        norm_view_span(v, ov[0], ov[1] > ov[0] ? ov[1] : ov[0] + 1, &s, &e_orig);
        if (!overlaps_masked(&e->masked, s, e_orig)) {
            *found = true;
            return 0;
        }
        pos = view_unmasked_from(&e->masked, v, to_char_start(t, end, ov[0] + 1), end, &seg);
    }
    return 0;
}

/*
 * Line breaks as the view reads them: LF, CR, and NEL (C2 85), LINE SEPARATOR (E2 80 A8) and
 * PARAGRAPH SEPARATOR (E2 80 A9), so that a name is not lifted by an entity on what the rules
 * see as another line. A break ending just before text[p], not reaching below lo:
 */
static bool
line_break_before(const unsigned char *text, size_t lo, size_t p)
{
    const unsigned char *t = text + p;

    return (p > lo && (t[-1] == '\n' || t[-1] == '\r')) ||
           (p >= lo + 2 && t[-2] == 0xC2 && t[-1] == 0x85) ||
           (p >= lo + 3 && t[-3] == 0xE2 && t[-2] == 0x80 && (t[-1] == 0xA8 || t[-1] == 0xA9));
}

/* ...and one starting at text[p], ending by hi. */
static bool
line_break_at(const unsigned char *text, size_t p, size_t hi)
{
    const unsigned char *t = text + p;

    return (p < hi && (t[0] == '\n' || t[0] == '\r')) ||
           (p + 2 <= hi && t[0] == 0xC2 && t[1] == 0x85) ||
           (p + 3 <= hi && t[0] == 0xE2 && t[1] == 0x80 && (t[2] == 0xA8 || t[2] == 0xA9));
}

/* Whether the rule names entity among its context_entities. */
static bool
names_entity(const struct rule *r, const char *entity, size_t len)
{
    for (size_t i = 0; i < r->context_entities.n; i++) {
        const char *x = r->context_entities.v[i];
        if (!strncmp(x, entity, len) && x[len] == '\0') {
            return true;
        }
    }
    return false;
}

/* Whether the placeholder text[s, e) ("[PHONE]", "[PHONE_3fa91c2e]") stands for one of r's. */
static bool
placeholder_named(const struct rule *r, const unsigned char *text, size_t s, size_t e)
{
    const char *inner = (const char *)text + s + 1;
    size_t len = e - s - 2;

    if (names_entity(r, inner, len)) {
        return true;
    }
    return len > 9 && inner[len - 9] == '_' && names_entity(r, inner, len - 9);
}

/* The first index of the sorted x[0, n) whose start is at or after pos. */
static size_t
first_from(const struct candidate *x, size_t n, size_t pos)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid].start < pos) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/*
 * Whether the span [s, end) lies outside c on c's line: before c it must reach the line (end past
 * line_lo), after c start before the line ends (line_hi).
 */
static bool
on_line_beside(const struct candidate *c, size_t s, size_t end, size_t line_lo, size_t line_hi)
{
    if (end <= c->start) {
        return end > line_lo;
    }
    return s >= c->end && s < line_hi;
}

/*
 * A strong finding (e->cands sorted by start) or placeholder of one of c's context entities,
 * starting in [before, after) on c's line.
 */
static bool
has_entity_context(const struct scrub_engine *e, const struct candidate *c,
                   const unsigned char *text, size_t before, size_t after)
{
    const struct rule *r = c->rule;
    const struct candidates *cs = &e->cands;
    size_t line_lo = c->start, line_hi = c->end;

    while (line_lo > before && !line_break_before(text, before, line_lo)) {
        line_lo--;
    }
    while (line_hi < after && !line_break_at(text, line_hi, after)) {
        line_hi++;
    }
    for (size_t i = first_from(cs->v, cs->n, before); i < cs->n && cs->v[i].start < after; i++) {
        const struct candidate *x = &cs->v[i];
        if (!x->needs_context && x->rule != r &&
            names_entity(r, x->rule->entity, strlen(x->rule->entity)) &&
            on_line_beside(c, x->start, x->end, line_lo, line_hi)) {
            return true;
        }
    }
    for (size_t i = 0; i < e->placeholders.n; i++) {
        size_t s = e->placeholders.v[i][0], end = e->placeholders.v[i][1];
        if (s >= before && s < after && on_line_beside(c, s, end, line_lo, line_hi) &&
            placeholder_named(r, text, s, end)) {
            return true;
        }
    }
    return false;
}

bool
context_entity_found(const struct scrub_engine *e, const struct rule *r, const unsigned char *text)
{
    for (size_t i = 0; i < e->cands.n; i++) {
        const struct rule *x = e->cands.v[i].rule;
        if (x != r && names_entity(r, x->entity, strlen(x->entity))) {
            return true;
        }
    }
    for (size_t i = 0; i < e->placeholders.n; i++) {
        if (placeholder_named(r, text, e->placeholders.v[i][0], e->placeholders.v[i][1])) {
            return true;
        }
    }
    return false;
}

/*
 * Whether a word of re (a context regex) starts within window[0] unmasked bytes before c or
 * window[1] after it, in the text as written or in view (the normalised view of text when it is
 * not plain ASCII, else NULL); [*before, *after) is the window in the text.
 */
static int
words_near(struct scrub_engine *e, const struct candidate *c, const pcre2_code *re,
           const size_t window[2], const unsigned char *text, size_t len,
           const struct norm_view *view, size_t *before, size_t *after, bool *found,
           struct err *err)
{
    const struct rule *r = c->rule;

    *found = false;
    *before = to_char_start(text, c->start, window_edge(&e->masked, c->start, len, window[0], -1));
    *after = to_char_start(text, len, window_edge(&e->masked, c->end, len, window[1], 1));
    if (!re) {
        return 0;
    }
    if ((*before < c->start && search(e, r, re, text, *before, c->start, found, err) < 0) ||
        (!*found && *after > c->end && search(e, r, re, text, c->end, *after, found, err) < 0)) {
        return -1;
    }
    if (!*found && view &&
        ((window[0] &&
          search_view(e, r, re, window[0], view, *before, c->start, -1, found, err) < 0) ||
         (!*found && window[1] &&
          search_view(e, r, re, window[1], view, c->end, *after, 1, found, err) < 0))) {
        return -1;
    }
    return 0;
}

static int
has_context(struct scrub_engine *e, const struct candidate *c, const unsigned char *text,
            size_t len, const struct norm_view *view, bool *found, struct err *err)
{
    const struct rule *r = c->rule;
    const size_t window[2] = {r->context_window, r->context_window};
    size_t before, after;

    if (words_near(e, c, r->context_re, window, text, len, view, &before, &after, found, err) < 0) {
        return -1;
    }
    if (!*found && r->context_entities.n) {
        *found = has_entity_context(e, c, text, before, after);
    }
    return 0;
}

/*
 * The end of a generational suffix right after a name that ends at p (", Jr.", " Sr", ", II.",
 * " III"), or p when none follows: it is the name's, so "Robert Hale, Jr., the CEO" is an
 * apposition as "Robert Hale, the CEO" is.
 */
static size_t
after_generation(const unsigned char *text, size_t len, size_t p)
{
    static const char *const suffixes[] = {"Jr", "Sr", "Jnr", "Snr", "III", "II", "IV"};
    size_t q = p < len && text[p] == ',' ? p + 1 : p;

    if (q >= len || text[q] != ' ') {
        return p;
    }
    q++;
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        size_t n = strlen(suffixes[i]), e = q + n;
        if (e > len || memcmp(text + q, suffixes[i], n)) {
            continue;
        }
        if (e < len && text[e] == '.') {
            e++;
        }
        if (e == len || !((text[e] | 0x20) >= 'a' && (text[e] | 0x20) <= 'z')) {
            return e;
        }
    }
    return p;
}

/* The longest context_not entry a search before a candidate allows for, in bytes. */
#define NOT_WORD_MAX 96

/*
 * Whether text[s, e) leaves the line or the cell it starts in: a line break, a tab or a '|'. A
 * gap clause's word is near its candidate only in the same line and cell: "EG" (Egypt) ending a
 * CSV row is no "e.g." before the next row's name ("...,EG\n9890,Keegan Bouchard,...").
 */
static bool
gap_leaves_cell(const unsigned char *text, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++) {
        if (text[i] == '\n' || text[i] == '\r' || text[i] == '\t' || text[i] == '|') {
            return true;
        }
    }
    return false;
}

/*
 * Whether text[s, e) is a gap clause k's word may stand across: anything, or with `between:`
 * what that regex matches whole ("Barack Obama was born on 4 August 1961" and not "a fan of
 * Obama, my dad was born on ...").
 */
static int
gap_allowed(struct scrub_engine *e, const struct context_not_clause *k, const unsigned char *text,
            size_t s, size_t end, const char *rule, bool *ok, struct err *err)
{
    int rc;

    *ok = true;
    if (!k->between) {
        return 0;
    }
    rc = engine_match_upto(e, k->between, text + s, end - s, 0, 0, rule, err);
    *ok = rc > 0;
    return rc < 0 ? -1 : 0;
}

/*
 * context_not_gap: a context_not word of c's rule outside masked spans, at most
 * context_not_window[0] unmasked bytes between its end and c, or [1] between c and its start:
 * the gap is measured, so "actress Ann Lee" is near for a window of 1, and "an actress named Ann
 * Lee" is not; and on the candidate's line and in its cell (gap_leaves_cell). In the text as
 * written only: these words are roles, not cues in disguise.
 */
static int
negated(struct scrub_engine *e, const struct candidate *c, const struct context_not_clause *k,
        const unsigned char *text, size_t len, bool *found, struct err *err)
{
    const struct rule *r = c->rule;
    size_t near_end = window_edge(&e->masked, c->start, len, k->window[0], -1);
    size_t pos = to_char_start(
        text, c->start, window_edge(&e->masked, c->start, len, k->window[0] + NOT_WORD_MAX, -1));
    size_t from = after_generation(text, len, c->end);
    size_t limit = window_edge(&e->masked, from, len, k->window[1], 1), seg, end;
    /*
     * A word that ends at near_end or later starts at most a match's width before it: the
     * search starts there, not a whole NOT_WORD_MAX back (for person_first_name's roles, 98
     * start positions a candidate tried, most of them inside words that end long before). Not
     * measured across masked spans the walk stepped over (it reads every byte, and masked names
     * end to end would make that the whole text before each candidate): the search steps over
     * them itself.
     */
    size_t width = c->start - pos <= 2 * (k->window[0] + NOT_WORD_MAX)
                       ? subject_width_bytes(k->width, text + pos, c->start - pos)
                       : SIZE_MAX;

    if (near_end > pos && width < near_end - pos) {
        pos = to_char_start(text, c->start, near_end - width);
    }
    *found = false;
    /* before: a word that ends in [near_end, c->start] */
    pos = unmasked_from(&e->masked, pos, c->start, &seg);
    while (pos < c->start) {
        PCRE2_SIZE *ov;
        int rc = engine_match_upto(e, k->re, text, c->start, pos, seg - 1, r->name, err);
        if (rc < 0) {
            return -1;
        }
        if (rc == 0) {
            pos = unmasked_from(&e->masked, seg, c->start, &seg);
            continue;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        size_t w0 = ov[0], w1 = ov[1];
        if (w1 >= near_end && w1 > w0 && !overlaps_masked(&e->masked, w0, w1) &&
            !gap_leaves_cell(text, w1, c->start)) {
            bool ok;
            if (gap_allowed(e, k, text, w1, c->start, r->name, &ok, err) < 0) {
                return -1;
            }
            if (ok) {
                *found = true;
                return 0;
            }
        }
        pos = unmasked_from(&e->masked, to_char_start(text, c->start, w0 + 1), c->start, &seg);
    }
    /* after: a word that starts in [c->end, limit], past the name's generational suffix */
    end = limit < len ? limit + 1 : len;
    pos = unmasked_from(&e->masked, from, end, &seg);
    while (pos < end) {
        PCRE2_SIZE *ov;
        int rc = engine_match_upto(e, k->re, text, len, pos, seg - 1, r->name, err);
        if (rc < 0) {
            return -1;
        }
        if (rc == 0) {
            pos = unmasked_from(&e->masked, seg, end, &seg);
            continue;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        size_t w0 = ov[0], w1 = ov[1];
        if (w1 > w0 && !overlaps_masked(&e->masked, w0, w1) && !gap_leaves_cell(text, c->end, w0)) {
            bool ok;
            if (gap_allowed(e, k, text, c->end, w0, r->name, &ok, err) < 0) {
                return -1;
            }
            if (ok) {
                *found = true;
                return 0;
            }
        }
        pos = unmasked_from(&e->masked, to_char_start(text, len, w0 + 1), end, &seg);
    }
    return 0;
}

/* The end of the first word of text[s, e): its first blank, or e. */
static size_t
first_word_end(const unsigned char *text, size_t s, size_t e)
{
    size_t i = s;

    while (i < e && text[i] != ' ' && text[i] != '\t') {
        i++;
    }
    return i;
}

/* The last word of text[s, e): from after its last blank. */
static size_t
last_word_start(const unsigned char *text, size_t s, size_t e)
{
    size_t i = e;

    while (i > s && text[i - 1] != ' ' && text[i - 1] != '\t') {
        i--;
    }
    return i;
}

/*
 * Whether candidate x names again the one that d named: the same bytes, or the last word of d
 * alone ("Mr. Jordan" after "Congress person Jim Jordan") or its first ("Pete" of a search link
 * after "Congress person Pete Sessions"), or d's bytes with more before them
 * ("Which Cameron Diaz" after "actress Cameron Diaz"; d of two words or more) or d's own span with
 * more around it (another rule's "Robert Hale, Jr." over "Robert Hale"). Both of the same entity.
 */
static bool
names_again(const struct candidate *d, const struct candidate *x, const unsigned char *text)
{
    size_t lw = last_word_start(text, d->start, d->end), n = x->end - x->start;
    size_t dn = d->end - d->start;

    if (strcmp(d->rule->entity, x->rule->entity)) {
        return false;
    }
    if (x->start <= d->start && x->end >= d->end) {
        return true;
    }
    /* a longer name ending in a one-word one ("Mary Cher" after "singer Cher") is someone else */
    if (lw > d->start && n >= dn && !memcmp(text + x->end - dn, text + d->start, dn) &&
        (n == dn || text[x->end - dn - 1] == ' ' || text[x->end - dn - 1] == '\t')) {
        return true;
    }
    if (lw > d->start && n == first_word_end(text, d->start, d->end) - d->start &&
        !memcmp(text + x->start, text + d->start, n)) {
        return true;
    }
    return lw > d->start && n == d->end - lw && !memcmp(text + x->start, text + lw, n);
}

/* An empty table of at least twice n slots (n > 0), or no table (n == 0). */
static void
public_verdicts_clear(struct public_verdicts *t, size_t n)
{
    size_t cap = 16;

    if (!n) {
        return;
    }
    while (cap < 2 * n) {
        cap *= 2;
    }
    if (cap > t->cap) {
        free(t->v);
        t->v = xcalloc(cap, sizeof(*t->v));
        t->cap = cap;
        return;
    }
    t->cap = cap;
    memset(t->v, 0, cap * sizeof(*t->v));
}

/*
 * Whether candidate x is part of a public figure's name the text writes whole. The answer
 * depends only on x's rule and bytes, and finding it reads the whole text, so each distinct
 * (rule, bytes) is judged once per text: judging every candidate anew was quadratic, and 32 KiB
 * of "pass Ana Ana ..." took 17 s.
 */
static bool
public_part(struct scrub_engine *e, const struct candidate *x, const unsigned char *text,
            size_t len)
{
    struct public_verdicts *t = &e->public_seen;
    size_t n = x->end - x->start;
    uint64_t h = 14695981039346656037u ^ (uint64_t)(uintptr_t)x->rule;

    for (size_t k = 0; k < n; k++) {
        h = (h ^ text[x->start + k]) * 1099511628211u; /* FNV-1a */
    }
    for (size_t k = (size_t)h & (t->cap - 1);; k = (k + 1) & (t->cap - 1)) {
        struct public_verdict *s = &t->v[k];
        if (!s->rule) {
            s->rule = x->rule;
            s->start = x->start;
            s->n = n;
            s->part = candidate_part_of_allowed_name(x->rule, text, len, x->start, x->end);
            return s->part;
        }
        if (s->rule == x->rule && s->n == n && !memcmp(text + s->start, text + x->start, n)) {
            return s->part;
        }
    }
}

/*
 * Drop every PERSON candidate that is the part of a public figure's name a rule knows, where the
 * text writes the name whole: "Hillary was..." after "Hillary Clinton", "Clinton had...",
 * "Malone" in "rapper Post Malone" (a first-name rule took only the word it knows), "Christian
 * Andersen" in "Hans Christian Andersen" (the gazetteer's hit starts at the name it knows).
 */
static void
drop_public_parts(struct scrub_engine *e, const unsigned char *text, size_t len)
{
    struct candidates *c = &e->cands;
    size_t kept = 0, people = 0;

    for (size_t i = 0; i < c->n; i++) {
        people += !strcmp(c->v[i].rule->entity, "PERSON");
    }
    public_verdicts_clear(&e->public_seen, people);
    for (size_t i = 0; i < c->n; i++) {
        const struct candidate *x = &c->v[i];
        if (strcmp(x->rule->entity, "PERSON") || !public_part(e, x, text, len)) {
            c->v[kept++] = c->v[i];
        }
    }
    c->n = kept;
}

/*
 * Whether the character that starts at s (at most n bytes) continues a word: an ASCII letter,
 * digit or '_', or any other non-ASCII character than the punctuation and spaces of Latin-1
 * (« » NBSP), of General Punctuation („ “ ” ‘ ’ – —) and of CJK (「 」 、 。).
 */
static bool
word_char(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80) {
        unsigned char l = (unsigned char)(s[0] | 0x20);
        return (l >= 'a' && l <= 'z') || (s[0] >= '0' && s[0] <= '9') || s[0] == '_';
    }
    if (s[0] == 0xC2 && n > 1) {
        return s[1] < 0xA0;
    }
    return !(n > 1 &&
             ((s[0] == 0xE2 && (s[1] == 0x80 || s[1] == 0x81)) || (s[0] == 0xE3 && s[1] == 0x80)));
}

/* The start of the UTF-8 character that ends at text[p] (p > 0). */
static size_t
char_before(const unsigned char *text, size_t p)
{
    size_t i = p - 1;

    while (i > 0 && p - i < 4 && (text[i] & 0xC0) == 0x80) {
        i--;
    }
    return i;
}

/*
 * Whether clause k applies to candidate c: it has no names, or c is one of them or a part of one
 * ("Tal" of "Fulano de Tal") where the text has it whole (ASCII case ignored, not inside a word).
 */
static bool
clause_applies(const struct context_not_clause *k, const struct candidate *c,
               const unsigned char *text, size_t len)
{
    for (size_t i = 0; i < k->names.n; i++) {
        size_t n = strlen(k->names.v[i]);
        size_t lo = c->end >= n ? c->end - n : 0;
        if (c->end - c->start > n) {
            continue;
        }
        for (size_t p = lo; p <= c->start && p + n <= len; p++) {
            if (!strncasecmp(k->names.v[i], (const char *)text + p, n) &&
                (p == 0 || !word_char(text + char_before(text, p), p - char_before(text, p))) &&
                (p + n == len || !word_char(text + p + n, len - p - n))) {
                return true;
            }
        }
    }
    return k->names.n == 0;
}

/*
 * Whether candidate c passes check v, as the view reads it when there is one (a check reads ASCII
 * digits: "１２３..." is 123...).
 */
static bool
passes(const struct validator *v, const struct candidate *c, const unsigned char *text,
       const struct norm_view *view)
{
    if (view && view->text.len) {
        size_t vs = norm_view_offset(view, c->start), ve = norm_view_offset(view, c->end);
        return ve > vs && v->check(view->text.data + vs, ve - vs);
    }
    return v->check(text + c->start, c->end - c->start);
}

/*
 * Drop every candidate with a word of one of its rule's context_not clauses near it, strong or
 * not: "born as a startup on March 3, 2011" is no one's birth date. Before any candidate is
 * lifted, so a dropped one neither masks a window nor counts as a context entity. When the clause
 * that dropped it counts the gap, every other candidate of its entity that names it again in the
 * same text goes with it: a public figure introduced as "actress Ann Lee" is one in "Ann Lee's
 * address" and "Mr. Lee" too.
 */
static int
drop_negated(struct scrub_engine *e, const unsigned char *text, size_t len,
             const struct norm_view *view, struct err *err)
{
    struct candidates *c = &e->cands;
    size_t kept = 0, n_drop = 0;
    /* 1: a context_not word is near it, 2: also by a gap clause, 3: it names such a one again */
    unsigned char *drop;
    bool any = false;

    for (size_t i = 0; i < c->n && !any; i++) {
        any = c->v[i].rule->n_nots != 0;
    }
    if (!any) {
        return 0;
    }
    build_masked(e);
    drop = xcalloc(c->n, 1);
    for (size_t i = 0; i < c->n; i++) {
        const struct rule *r = c->v[i].rule;
        for (size_t k = 0; k < r->n_nots && !drop[i]; k++) {
            const struct context_not_clause *cl = r->nots[k];
            size_t before, after;
            bool found = false;
            int rc = 0;
            if (!clause_applies(cl, &c->v[i], text, len) ||
                (cl->failing && passes(cl->failing, &c->v[i], text, view))) {
                continue;
            } else if (cl->gap) {
                rc = negated(e, &c->v[i], cl, text, len, &found, err);
            } else {
                rc = words_near(e, &c->v[i], cl->re, cl->window, text, len, view, &before, &after,
                                &found, err);
            }
            if (rc < 0) {
                free(drop);
                return -1;
            }
            drop[i] = found ? (cl->gap ? 2 : 1) : 0;
            if (found && cl->failing) {
                candidates_push(&e->decoys, c->v[i].start, c->v[i].end, c->v[i].score, r, false,
                                CUE_NONE, false);
            }
        }
        n_drop += drop[i] != 0;
    }
    for (size_t i = 0; n_drop && i < c->n; i++) {
        for (size_t j = 0; drop[i] == 2 && j < c->n; j++) {
            if (!drop[j] && names_again(&c->v[i], &c->v[j], text)) {
                drop[j] = 3;
            }
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        if (!drop[i]) {
            c->v[kept++] = c->v[i];
        }
    }
    c->n = kept;
    free(drop);
    return 0;
}

/*
 * Drop every candidate inside a label (a header cell or a field's key that names a rule): "PPT
 * NO" after "| Name |" and "Drivers Lic" on the line after "Name: ..." read as names, but they
 * name the value beside them.
 */
static void
drop_labels(struct scrub_engine *e)
{
    struct candidates *c = &e->cands;
    size_t kept = 0;

    for (size_t i = 0; i < c->n; i++) {
        bool inside = false;
        for (size_t k = 0; k < e->labels.n && !inside; k++) {
            inside = c->v[i].start >= e->labels.v[k][0] && c->v[i].end <= e->labels.v[k][1];
        }
        if (!inside) {
            c->v[kept++] = c->v[i];
        }
    }
    c->n = kept;
}

int
context_resolve(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    struct candidates *c = &e->cands;
    size_t kept = 0;
    bool changed = true, any = false, by_entity = false, negated = false;

    if (e->labels.n) {
        drop_labels(e);
    }
    drop_public_parts(e, text, len);
    for (size_t i = 0; i < c->n; i++) {
        any |= c->v[i].needs_context;
        by_entity |= c->v[i].needs_context && c->v[i].rule->context_entities.n;
        negated |= c->v[i].rule->n_nots != 0;
    }
    /* has_entity_context looks findings up by start (resolve_findings sorts them anyway). */
    if (by_entity && c->n > 1) {
        qsort(c->v, c->n, sizeof(*c->v), by_start);
    }
    /*
     * To a fixed point: a candidate lifted by context becomes a placeholder after scrubbing, so
     * it must stop counting in its neighbours' windows now, as it will then.
     */
    /* Cue words are looked for in the view too, where the text has one (subject.c keeps it). */
    const struct norm_view *view = NULL;
    if ((any || negated) && !subject_plain_ascii(e, text, len)) {
        struct subject sub;
        if (subject_view(e, text, len, &sub, err) < 0) {
            return -1;
        }
        view = sub.view;
    }
    if (negated && drop_negated(e, text, len, view, err) < 0) {
        return -1;
    }
    while (any && changed) {
        changed = false;
        build_masked(e);
        for (size_t i = 0; i < c->n; i++) {
            struct candidate *x = &c->v[i];
            bool found;
            if (!x->needs_context) {
                continue;
            }
            if (has_context(e, x, text, len, view, &found, err) < 0) {
                return -1;
            }
            if (found) {
                double s = x->score + x->rule->context_boost;
                x->score = s > 1.0 ? 1.0 : s;
                x->needs_context = false;
                changed = true;
            }
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        if (!c->v[i].needs_context) {
            c->v[kept++] = c->v[i];
        }
    }
    c->n = kept;
    return 0;
}
