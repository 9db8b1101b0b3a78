/*
 * Content warnings: a category is present when its terms and patterns produce at least min_hits
 * distinct hits (the same word twice counts once). Non-ASCII text is matched on its normalised
 * view, so "k\u200bill" or full-width letters do not hide a term. A long text is read in
 * windows (window.c): each window counts the hits that start in its core, and a category's
 * distinct hits add up across the windows, so they are counted once each as in the whole text.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define MAX_DISTINCT 64

struct distinct {
    uint64_t seen[MAX_DISTINCT];
    size_t n;
};

/* FNV-1a over the ASCII-lower-cased hit: "Kill" and "kill" are one hit. */
static uint64_t
hit_hash(const unsigned char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i] >= 'A' && s[i] <= 'Z' ? (unsigned char)(s[i] + 32) : s[i];
        h = (h ^ c) * 0x100000001b3u;
    }
    return h;
}

static void
distinct_add(struct distinct *d, uint64_t h)
{
    for (size_t i = 0; i < d->n; i++) {
        if (d->seen[i] == h) {
            return;
        }
    }
    if (d->n < MAX_DISTINCT) {
        d->seen[d->n++] = h;
    }
}

/* The hits of a window that start in its core [from, to) count (window.c); the rest of the
 * window is there for the hits' context. */
struct core {
    size_t from, to;
};

static int
count_hits(struct scrub_engine *e, const struct gate *g, const pcre2_code *code, const char *name,
           const struct subject *sub, struct core core, size_t need, struct distinct *d,
           struct err *err)
{
    const unsigned char *s = sub->p;
    size_t pos = core.from, len = sub->len;
    struct search search;

    search_start(&search, g, code, name, sub, e->opts.no_prefilter);
    while (pos <= len && d->n < need) {
        PCRE2_SIZE *ov;
        int rc = search_next(e, &search, sub, pos, err);
        if (rc <= 0) {
            return rc;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        if (ov[0] >= core.to && core.to < len) {
            return 0;
        }
        if (ov[1] > ov[0]) {
            distinct_add(d, hit_hash(s + ov[0], ov[1] - ov[0]));
            pos = ov[1];
        } else {
            pos = ov[0] + 1;
            while (pos < len && (s[pos] & 0xC0) == 0x80) {
                pos++;
            }
        }
    }
    return 0;
}

static const pcre2_code *
pick(const pcre2_code *ucp, const pcre2_code *ascii_code, bool ascii)
{
    return ascii && ascii_code ? ascii_code : ucp;
}

/* terms: whether the term matcher found a term of w (1) or none (0), or -1 to ask the regex. */
/* d: the category's distinct hits so far, in this window and the ones before it. */
static int
category_present(struct scrub_engine *e, const struct warning_category *w, struct subject *sub,
                 struct core core, int terms, struct distinct *d, bool *present, struct err *err)
{
    size_t need = w->min_hits < MAX_DISTINCT ? w->min_hits : MAX_DISTINCT;

    if (terms >= 0) {
        if (terms > 0 && d->n == 0) {
            d->n = 1; /* min_hits is 1 for the categories the matcher answers for */
        }
    } else if (w->terms_re) {
        bool open;
        if (gate_open(e->rules, &w->terms_gate, -1, sub, e->opts.no_prefilter, &open, err) < 0 ||
            (open && count_hits(e, &w->terms_gate, pick(w->terms_re, w->terms_ascii, sub->ascii),
                                w->name, sub, core, need, d, err) < 0)) {
            return -1;
        }
    }
    for (size_t i = 0; i < w->n_patterns && d->n < need; i++) {
        bool open;
        if (!e->opts.no_prefilter && brief_surely_closed(&w->briefs[i], sub)) {
            continue;
        }
        if (gate_open(e->rules, &w->gates[i], -1, sub, e->opts.no_prefilter, &open, err) < 0) {
            return -1;
        }
        if (open &&
            count_hits(e, &w->gates[i], pick(w->patterns[i], w->patterns_ascii[i], sub->ascii),
                       w->name, sub, core, need, d, err) < 0) {
            return -1;
        }
    }
    *present = d->n >= need;
    return 0;
}

/* The subject's offset of original offset orig: the first view byte produced at or after it. */
static size_t
subject_offset(const struct subject *sub, size_t orig)
{
    size_t lo = 0, hi = sub->len;

    if (!sub->view) {
        return orig < sub->len ? orig : sub->len;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sub->view->map[mid] < orig) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The categories whose hits, with those starting in the window's core [core_lo, core_hi) of
 * text added to their tally, are now enough. */
static int
warnings_in(struct scrub_engine *e, const unsigned char *text, size_t len, size_t core_lo,
            size_t core_hi, uint64_t known, struct distinct *tally, uint64_t *categories,
            struct err *err)
{
    const struct scrub_rules *rs = e->rules;
    size_t n = rs->n_warnings < 64 ? rs->n_warnings : 64;
    uint64_t all = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
    struct subject sub;

    *categories = 0;
    if (!len || !n || (known & all) == all) {
        return 0;
    }
    if (subject_plain_ascii(e, text, len)) {
        subject_text(e, text, len, &sub);
    } else if (subject_view(e, text, len, &sub, err) < 0) {
        return -1;
    }
    struct core core = {subject_offset(&sub, core_lo), subject_offset(&sub, core_hi)};
    /* On ASCII text one walk of the term matcher answers for most categories' terms. */
    bool by_matcher = sub.ascii && rs->term_matcher && !e->opts.no_prefilter;
    uint64_t terms =
        by_matcher ? term_matcher_scan(rs->term_matcher, sub.p, sub.len, core.from, core.to) : 0;
    for (size_t i = 0; i < n; i++) {
        bool found;
        if (known & ((uint64_t)1 << i)) {
            continue;
        }
        int decided = by_matcher && rs->warnings[i].terms_by_matcher ? (int)(terms >> i & 1) : -1;
        if (category_present(e, &rs->warnings[i], &sub, core, decided, &tally[i], &found, err) <
            0) {
            return -1;
        }
        if (found) {
            *categories |= (uint64_t)1 << i;
        }
    }
    return 0;
}

/* A long text is read window by window (window.c), as detection reads it. */
int
scrub_engine_warnings_except(struct scrub_engine *e, const unsigned char *text, size_t len,
                             uint64_t known, uint64_t *categories, struct err *err)
{
    struct text_window w = {0};
    struct distinct tally[64]; /* per category, across the windows */
    uint64_t found = 0;

    *categories = 0;
    if (text_windows_check(e, text, len, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < e->rules->n_warnings && i < 64; i++) {
        tally[i].n = 0;
    }
    while (text_window_next(e, text, len, &w)) {
        uint64_t here;
        if (warnings_in(e, text + w.lo, w.hi - w.lo, w.core_lo - w.lo, w.core_hi - w.lo,
                        known | found, tally, &here, err) < 0) {
            return -1;
        }
        found |= here;
    }
    *categories = found;
    return 0;
}

int
scrub_engine_warnings(struct scrub_engine *e, const unsigned char *text, size_t len,
                      uint64_t *categories, struct err *err)
{
    return scrub_engine_warnings_except(e, text, len, 0, categories, err);
}
