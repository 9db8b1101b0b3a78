/*
 * scrub_engine_detect: every rule's candidates, judged and resolved into findings.
 *
 * Speed comes from three things: one pass computes the set of bytes present in the text, and a
 * pattern whose prefilter needs a byte the text lacks (an '@', a digit) is skipped without a
 * regex call; the normalised view is built only for text that is not plain ASCII (a non-ASCII
 * byte, a tab, a character reference such as "&#64;") and only used by rules that need it; and
 * all match state lives in the engine, so nothing is allocated per record.
 */
#include "scrub/engine_internal.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

size_t
utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            /* ASCII runs, most of any text, eight bytes at a time */
            uint64_t w;
            while (i + 8 <= len && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0)) {
                i += 8;
            }
            i += i < len && s[i] < 0x80;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return i;
        }
        if (len - i <= n) {
            return i;
        }
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
            return i;
        }
        i += n + 1;
    }
    return len;
}

static size_t
next_char(const unsigned char *s, size_t len, size_t i)
{
    i++;
    while (i < len && (s[i] & 0xC0) == 0x80) {
        i++;
    }
    return i;
}

/*
 * What a match read before its value [s, ...) as evidence of its type: the lead's length when it
 * holds a letter ("DL# ", "passport no. "), CUE_NONE when it holds none (a blank, a bracket: the
 * value is found by its shape).
 */
static size_t
cue_before(const unsigned char *p, size_t ms, size_t s)
{
    for (size_t i = ms; i < s; i++) {
        if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z') {
            return s - ms;
        }
        if (p[i] >= 0x80) {
            return s - ms; /* a letter of another script, most likely */
        }
    }
    return CUE_NONE;
}

/* One candidate from a raw span [s, end) of sub; view spans are mapped back to the original. */
static int
take(struct scrub_engine *e, const struct rule *r, const struct subject *sub, size_t s, size_t end,
     double base, bool bypass, size_t cue)
{
    double score;
    enum verdict v;
    size_t os = s, oe = end;

    if (end <= s) {
        return 0;
    }
    v = candidate_judge(e, r, sub->p + s, end - s, base, bypass, &score);
    if (v == VERDICT_DROP) {
        return 0;
    }
    if (sub->view) {
        norm_view_span(sub->view, s, end, &os, &oe);
    }
    if (v == VERDICT_ALLOWED) {
        candidates_push(&e->samples, os, oe, score, r, false, CUE_NONE, false);
        return 0;
    }
    size_t lead = cue == CUE_NONE ? CUE_NONE : s - cue, le;
    if (sub->view && cue != CUE_NONE) {
        norm_view_span(sub->view, s - cue, s, &lead, &le); /* where the cue starts, as written */
    }
    if (oe > os) {
        candidates_push(&e->cands, os, oe, score, r, v == VERDICT_CONTEXT, lead, false);
    }
    return 0;
}

static int
run_pattern(struct scrub_engine *e, const struct rule *r, const struct rule_pattern *p,
            const pcre2_code *code, struct subject *sub, struct err *err)
{
    size_t pos = 0;
    struct search search;
    struct led_search led;

    if (p->led) {
        if (led_start(e, &led, r, p, code, sub, err) < 0) {
            return -1;
        }
    } else {
        search_start(&search, &p->gate, code, r->name, sub, e->opts.no_prefilter);
    }
    while (pos <= sub->len) {
        PCRE2_SIZE *ov;
        size_t ms, me, s, end;
        int rc = p->led ? led_next(e, &led, sub, pos, err) : search_next(e, &search, sub, pos, err);
        if (rc <= 0) {
            return rc;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        ms = ov[0];
        me = ov[1];
        s = ms;
        end = me;
        if (p->pii_group && p->pii_group < pcre2_get_ovector_count(e->md) &&
            ov[2 * p->pii_group] != PCRE2_UNSET) {
            s = ov[2 * p->pii_group];
            end = ov[2 * p->pii_group + 1];
        }
        if (take(e, r, sub, s, end, p->score, p->is_deny, cue_before(sub->p, ms, s)) < 0) {
            return -1;
        }
        /* An empty match must still move the scan forward by a character. */
        pos = me > ms ? me : next_char(sub->p, sub->len, ms);
    }
    return 0;
}

/*
 * A rule's lexicon over the text, read through its view unless the text is plain (an ASCII
 * text can still hold a disguise the view undoes, such as a spaced-out name).
 */
static int
run_lexicon(struct scrub_engine *e, const struct rule *r, const unsigned char *text, size_t len,
            const struct subject *orig, bool plain, struct err *err)
{
    unsigned flags = 0;

    if (r->flags & RULE_CAPITALIZED) {
        flags |= LEXICON_CAPITALIZED;
    }
    if (r->flags & RULE_SURNAME) {
        flags |= LEXICON_EXTEND_CAPITALIZED;
    }
    const struct norm_view *view = NULL;
    if (!plain) {
        struct subject v;
        if (subject_view(e, text, len, &v, err) < 0) {
            return -1;
        }
        view = v.view;
    }
    if (lexicon_scan(e->lexicon, r->lexicon, text, len, view, flags, &e->hits, err) < 0) {
        return err_prefix(err, "rule '%s'", r->name);
    }
    for (size_t i = 0; i < e->hits.n; i++) {
        /* the hit as written is judged below; as the view reads it, against the allow list */
        if (view && candidate_allowed_in_view(r, view, e->hits.v[i].start, e->hits.v[i].end)) {
            candidates_push(&e->samples, e->hits.v[i].start, e->hits.v[i].end, r->lexicon_score, r,
                            false, CUE_NONE, false);
            continue;
        }
        /* a lower-case name after "call", "tell", "my sister" is cued by those words: it needs
         * no other context */
        double base = e->hits.v[i].cued && r->lexicon_score < 0.6 ? 0.6 : r->lexicon_score;
        if (take(e, r, orig, e->hits.v[i].start, e->hits.v[i].end, base, false, CUE_NONE) < 0) {
            return -1;
        }
    }
    return 0;
}

#define REQUIRES_BYTES_PER_WINDOW 128

/*
 * Whether the pattern's prefilter_regex matches somewhere in the subject (1) or not (0). It is
 * gated and windowed by its own literals as patterns are, so a text without them costs no
 * regex call, and one with them costs calls near them only.
 */
static int
requires_met(struct scrub_engine *e, const struct rule *r, const struct rule_pattern *p,
             struct subject *sub, struct err *err)
{
    struct search search;
    bool open;
    struct requires_answer *known = NULL;

    /* a prefilter other patterns share is answered once per subject of a text */
    if (p->requires_shared < e->n_requires_answers) {
        known = &e->requires_answers[p->requires_shared];
        if (known->text == e->text_serial && known->subject == sub->p) {
            return known->met;
        }
    }
    if (gate_open(e->rules, &p->requires_gate, -1, sub, false, &open, err) < 0) {
        return -1;
    }
    if (!open) {
        if (known) {
            *known = (struct requires_answer){e->text_serial, sub->p, false};
        }
        return 0;
    }
    /* Only one match is wanted: one call over the whole text (about 1.5 cycles a byte) beats a
     * call per window (a few hundred cycles each) unless anchors are rare, which anchors on
     * single bytes (':' '.') are not; counting those would also fold the text. An anchor the
     * scan does not list is found by the search in a long text (search_start). */
    search_start(&search, &p->requires_gate,
                 sub->ascii && p->requires_ascii ? p->requires_ascii : p->requires, r->name, sub,
                 p->requires_gate.anchor_kind == ANCHOR_BY_BYTE);
    if (search.anchors > sub->len / REQUIRES_BYTES_PER_WINDOW) {
        search.windowed = false;
    }
    int rc = search_next(e, &search, sub, 0, err);
    if (known && rc >= 0) {
        *known = (struct requires_answer){e->text_serial, sub->p, rc > 0};
    }
    return rc;
}

/* The texts a rule's patterns read: the original, and the normalised view once one needs it. */
struct rule_subjects {
    struct subject orig, view;
    bool plain, built;
};

static inline bool
visit_bit(const uint64_t *visit, size_t k)
{
    return (visit[k / 64] >> (k % 64)) & 1;
}

/* The ids of chunk c (16c to 16c + 15) that are hit, as bits. */
static inline unsigned
hit_chunk(const uint8_t *hit, size_t c)
{
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(hit + 16 * c));
    return ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) & 0xFFFFu;
#else
    unsigned bits = 0;
    for (unsigned j = 0; j < 16; j++) {
        bits |= (unsigned)(hit[16 * c + j] != 0) << j;
    }
    return bits;
#endif
}

/* Mark in visit the patterns listed under the ids hit (those in mask only, unless NULL). Only
 * the ids that list a pattern are read (e->listing): fewer than half of all ids do. Sixteen ids
 * a step: a branch per id, taken a third of the time, mispredicted often. */
static void
visit_listed(const struct scrub_engine *e, uint64_t *visit, const uint8_t *hit,
             const uint64_t *mask)
{
    const struct pattern_dispatch *d = &e->rules->dispatch;

    for (size_t c = 0; c < e->n_listing; c++) {
        if (!e->listing[c]) {
            continue;
        }
        for (unsigned b = hit_chunk(hit, c) & e->listing[c]; b; b &= b - 1) {
            size_t id = 16 * c + (size_t)__builtin_ctz(b);
            for (uint32_t j = d->first[id]; j < d->first[id + 1]; j++) {
                uint32_t k = d->listed[j];
                if (!mask || visit_bit(mask, k)) {
                    visit[k / 64] |= (uint64_t)1 << (k % 64);
                }
            }
        }
    }
}

/*
 * Take out of visit the patterns (of mask only, unless NULL) whose brief needs a longer run than
 * the subject has: the brief would close them (brief_surely_closed), one by one, after a load
 * of each. In ordinary prose, most patterns every text visits need a run of digits.
 */
void
drop_short_runs(const struct pattern_dispatch *d, const struct subject *sub, uint64_t *visit,
                const uint64_t *mask)
{
    const size_t have[RUN_LEVEL_KINDS] = {sub->word_run, sub->hex_run, sub->digit_run};
    const uint64_t *closed[RUN_LEVEL_KINDS];
    size_t n = 0;

    if (!sub->measured) {
        return;
    }
    for (size_t kind = 0; kind < RUN_LEVEL_KINDS; kind++) {
        const struct run_levels *l = &d->runs[kind];
        size_t i = 0;
        while (i < l->n && l->least[i] <= have[kind]) {
            i++;
        }
        if (i < l->n) {
            closed[n++] = l->closed + i * d->words;
        }
    }
    for (size_t w = 0; n && w < d->words; w++) {
        uint64_t c = 0;
        for (size_t j = 0; j < n; j++) {
            c |= closed[j][w];
        }
        visit[w] &= ~(mask ? c & mask[w] : c);
    }
}

/*
 * Which patterns this text may open, into e->visit: those no trigger keys, and those whose key
 * the trigger scan of their subject found, less those that need a longer run than their
 * subject has. In a text that is not plain, the patterns that read the text itself (not its
 * view) are all visited: their gates decide, as the text is measured and scanned only if one
 * of them asks.
 */
static int
plan_visits(struct scrub_engine *e, struct rule_subjects *rs, const unsigned char *text, size_t len,
            struct err *err)
{
    const struct pattern_dispatch *d = &e->rules->dispatch;
    uint64_t *visit = e->visit;

    if (e->opts.no_prefilter) {
        memset(visit, 0xff, d->words * sizeof(*visit));
        return 0;
    }
    memcpy(visit, d->always, d->words * sizeof(*visit));
    if (rs->plain) {
        if (subject_scan(e->rules, &rs->orig, err) < 0) {
            return -1;
        }
        visit_listed(e, visit, rs->orig.scan->hit, NULL);
        drop_short_runs(d, &rs->orig, visit, NULL);
        return 0;
    }
    if (!rs->built && subject_view(e, text, len, &rs->view, err) < 0) {
        return -1;
    }
    rs->built = true;
    if (subject_scan(e->rules, &rs->view, err) < 0) {
        return -1;
    }
    for (size_t w = 0; w < d->words; w++) {
        visit[w] |= ~d->on_view[w];
    }
    visit_listed(e, visit, rs->view.scan->hit, d->on_view);
    drop_short_runs(d, &rs->view, visit, d->on_view);
    return 0;
}

/* One rule's lexicon and patterns (those e->visit marks); brief is its first pattern's. */
static int
run_rule(struct scrub_engine *e, size_t i, const struct gate_brief *brief, struct rule_subjects *rs,
         const unsigned char *text, size_t len, struct err *err)
{
    const struct rule *r = &e->rules->rules[i];
    const struct rule_brief *rb = &e->rules->rule_briefs[i];
    size_t at = e->rules->dispatch.rule_at[i];

    if (rb->lexicon && run_lexicon(e, r, text, len, &rs->orig, rs->plain, err) < 0) {
        return -1;
    }
    for (size_t k = 0; k < rb->n_patterns; k++, brief++) {
        struct subject *sub = &rs->orig;
        bool open;
        if (!visit_bit(e->visit, at + k)) {
            continue;
        }
        if (!rs->plain && brief->use_view) {
            if (!rs->built && subject_view(e, text, len, &rs->view, err) < 0) {
                return -1;
            }
            rs->built = true;
            sub = &rs->view;
        }
        /* most gates close here, on the packed brief: the pattern itself is not read */
        if (!e->opts.no_prefilter && brief_surely_closed(brief, sub)) {
            continue;
        }
        /* the rule's patterns and requires_trigger and the pattern's prefilters are read from
         * the briefs too: the rule and the pattern's first and last cache lines are loaded
         * only if it runs */
        const struct rule_pattern *p = &rb->patterns[k];
        if (gate_open(e->rules, &p->gate, brief->declared, sub, e->opts.no_prefilter, &open, err) <
            0) {
            return -1;
        }
        /* in a long text, a pattern with a prefilter_lead searches for its prefilter itself
         * (detect_led.c) */
        if (open && (brief->requires & BRIEF_REQUIRES) && !e->opts.no_prefilter &&
            !((brief->requires & BRIEF_LED) && sub->len >= LED_WINDOWS_MIN)) {
            int rc = requires_met(e, r, p, sub, err);
            if (rc < 0) {
                return -1;
            }
            open = rc > 0;
        }
        if (open && run_pattern(e, r, p, sub->ascii && p->code_ascii ? p->code_ascii : p->code, sub,
                                err) < 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * Every rule that has a lexicon or a pattern this text may open (plan_visits), in order, except
 * those that keep candidates only beside another entity's finding: they run last, and only when
 * the text has such a finding (always with no_prefilter, which skips nothing).
 */
static int
run_rules(struct scrub_engine *e, const unsigned char *text, size_t len, bool plain,
          struct err *err)
{
    const struct scrub_rules *rules = e->rules;
    struct rule_subjects rs = {.plain = plain, .built = false};

    e->text_serial++; /* the shared prefilters' answers were another text's */
    if (plain) {
        subject_text(e, text, len, &rs.orig);
    } else {
        subject_text_lazy(e, text, len, &rs.orig); /* the patterns that run on it measure it */
    }
    if (plan_visits(e, &rs, text, len, err) < 0) {
        return -1;
    }
    /* the rules of the patterns to visit, and every rule with a lexicon; those of the patterns
     * every text that is not plain visits are known beforehand, and setting them pattern by
     * pattern was a tenth of the time a short text takes. Those of the patterns no trigger
     * keys are set one by one: most of them need digits, and ordinary text drops them
     * (drop_short_runs), so their rules are not visited at all. */
    const struct pattern_dispatch *d = &rules->dispatch;
    uint64_t *rv = e->visit_rules;
    const bool text_all = !plain || e->opts.no_prefilter;
    for (size_t w = 0; w < d->rule_words; w++) {
        rv[w] = d->lexicon_rules[w] | (text_all ? d->text_rules[w] : 0);
    }
    for (size_t w = 0; w < d->words; w++) {
        uint64_t known = text_all ? ~d->on_view[w] : 0;
        for (uint64_t b = e->visit[w] & ~known; b; b &= b - 1) {
            size_t k = w * 64 + (size_t)__builtin_ctzll(b);
            if (k < d->n_patterns) {
                uint32_t i = d->rule_of[k];
                rv[i / 64] |= (uint64_t)1 << (i % 64);
            }
        }
    }
    /* in order, those that keep candidates beside another entity's finding last */
    for (int late = 0; late < 2; late++) {
        for (size_t w = 0; w < d->rule_words; w++) {
            uint64_t b = late ? rv[w] & d->after_rules[w] : rv[w] & ~d->after_rules[w];
            for (; b; b &= b - 1) {
                size_t i = w * 64 + (size_t)__builtin_ctzll(b);
                if (late && !e->opts.no_prefilter &&
                    !context_entity_found(e, &rules->rules[i], text)) {
                    continue;
                }
                if (run_rule(e, i, rules->briefs + d->rule_at[i], &rs, text, len, err) < 0) {
                    return -1;
                }
            }
        }
    }
    return 0;
}

int
detect_once(struct scrub_engine *e, const unsigned char *text, size_t len,
            struct scrub_findings *out, struct err *err)
{
    size_t bad;
    bool plain;

    out->n = 0;
    e->cands.n = 0;
    e->samples.n = 0;
    e->decoys.n = 0;
    e->labels.n = 0;
    e->cell_gaps.n = 0;
    if (!len) {
        return 0;
    }
    plain = subject_plain_ascii(e, text, len);
    if (!plain && (bad = utf8_invalid_at(text, len)) < len) {
        return err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", bad);
    }
    if (find_placeholders(e, text, len, err) < 0 || detect_columns(e, text, len, err) < 0 ||
        detect_sql(e, text, len, err) < 0 || detect_html_tables(e, text, len, err) < 0 ||
        detect_fields(e, text, len, err) < 0 || detect_trailing_labels(e, text, len, err) < 0 ||
        detect_scanned_lines(e, text, len, err) < 0 || detect_answers(e, text, len, err) < 0 ||
        run_rules(e, text, len, plain, err) < 0 || context_resolve(e, text, len, err) < 0) {
        return -1;
    }
    return resolve_findings(e, text, len, out, err);
}
