/*
 * Context words (Presidio's context enhancement): a candidate below min_score is kept when one of
 * its rule's context words starts within context_window bytes before or after it, which adds
 * context_boost to its score.
 *
 * The window does not count bytes of strong findings or of veil's placeholders, and a context
 * word inside either does not count. So the window covers the same words before and after
 * scrubbing ("account jane@mail.org 123456789" and "account [EMAIL] 123456789" decide the number
 * alike), which keeps scrub(scrub(x)) == scrub(x).
 */
#include "scrub/engine_internal.h"

#include <stdlib.h>

#include "common/banned.h"

static int
by_span(const void *a, const void *b)
{
    const size_t *x = a, *y = b;

    return x[0] < y[0] ? -1 : x[0] > y[0];
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

/* A context word starting in [from, to) whose match lies outside masked spans. */
static int
search(struct scrub_engine *e, const struct rule *r, const unsigned char *text, size_t from,
       size_t to, bool *found, struct err *err)
{
    size_t pos = from;

    while (pos < to) {
        PCRE2_SIZE *ov;
        int rc = engine_match(e, r->context_re, text, to, pos, r->name, err);
        if (rc <= 0) {
            return rc;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        if (!overlaps_masked(&e->masked, ov[0], ov[1] > ov[0] ? ov[1] : ov[0] + 1)) {
            *found = true;
            return 0;
        }
        pos = to_char_start(text, to, ov[0] + 1);
    }
    return 0;
}

static int
has_context(struct scrub_engine *e, const struct candidate *c, const unsigned char *text,
            size_t len, bool *found, struct err *err)
{
    const struct rule *r = c->rule;
    size_t before = window_edge(&e->masked, c->start, len, r->context_window, -1);
    size_t after = window_edge(&e->masked, c->end, len, r->context_window, 1);

    *found = false;
    before = to_char_start(text, c->start, before);
    after = to_char_start(text, len, after);
    if (search(e, r, text, before, c->start, found, err) < 0) {
        return -1;
    }
    if (!*found && search(e, r, text, c->end, after, found, err) < 0) {
        return -1;
    }
    return 0;
}

int
context_resolve(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    struct candidates *c = &e->cands;
    size_t kept = 0;
    bool changed = true, any = false;

    for (size_t i = 0; i < c->n; i++) {
        any |= c->v[i].needs_context;
    }
    /*
     * To a fixed point: a candidate lifted by context becomes a placeholder after scrubbing, so
     * it must stop counting in its neighbours' windows now, as it will then.
     */
    while (any && changed) {
        changed = false;
        build_masked(e);
        for (size_t i = 0; i < c->n; i++) {
            struct candidate *x = &c->v[i];
            bool found;
            if (!x->needs_context) {
                continue;
            }
            if (has_context(e, x, text, len, &found, err) < 0) {
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
