/*
 * scrub_engine_detect: every rule's candidates, judged and resolved into findings.
 *
 * Speed comes from three things: one pass computes the set of bytes present in the text, and a
 * pattern whose prefilter needs a byte the text lacks (an '@', a digit) is skipped without a
 * regex call; the normalised view is built only for non-ASCII text and only used by rules that
 * need it; and all match state lives in the engine, so nothing is allocated per record.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

/* Offset of the first invalid UTF-8 sequence, or len when valid. */
static size_t
utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            i++;
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

/* One candidate from a raw span [s, end) of sub; view spans are mapped back to the original. */
static int
take(struct scrub_engine *e, const struct rule *r, const struct subject *sub, size_t s, size_t end,
     double base, bool bypass)
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
    if (oe > os) {
        candidates_push(&e->cands, os, oe, score, r, v == VERDICT_CONTEXT);
    }
    return 0;
}

static int
run_pattern(struct scrub_engine *e, const struct rule *r, const struct rule_pattern *p,
            const pcre2_code *code, const struct subject *sub, struct err *err)
{
    size_t pos = 0;
    struct search search;

    search_start(&search, e->rules, &p->gate, code, r->name, sub, e->opts.no_prefilter);
    while (pos <= sub->len) {
        PCRE2_SIZE *ov;
        size_t ms, me, s, end;
        int rc = search_next(e, &search, sub, pos, err);
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
        if (take(e, r, sub, s, end, p->score, p->is_deny) < 0) {
            return -1;
        }
        /* An empty match must still move the scan forward by a character. */
        pos = me > ms ? me : next_char(sub->p, sub->len, ms);
    }
    return 0;
}

static int
run_lexicon(struct scrub_engine *e, const struct rule *r, const unsigned char *text, size_t len,
            const struct subject *orig, struct err *err)
{
    unsigned flags = 0;

    if (r->flags & RULE_CAPITALIZED) {
        flags |= LEXICON_CAPITALIZED;
    }
    if (r->flags & RULE_SURNAME) {
        flags |= LEXICON_EXTEND_CAPITALIZED;
    }
    if (lexicon_scan(e->lexicon, r->lexicon, text, len, flags, &e->hits, err) < 0) {
        return err_prefix(err, "rule '%s'", r->name);
    }
    for (size_t i = 0; i < e->hits.n; i++) {
        if (take(e, r, orig, e->hits.v[i].start, e->hits.v[i].end, r->lexicon_score, false) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The trigger scan of a subject, run once, on first use. */
static int
scan_triggers(const struct scrub_rules *rs, struct subject *sub, struct err *err)
{
    size_t n = trigger_index_ids(rs->triggers);

    if (sub->scanned) {
        return 0;
    }
    memset(sub->hit, 0, n);
    if (literals_fold_aligned(sub->p, sub->len, sub->folded, &sub->aligned, err) < 0) {
        return -1;
    }
    trigger_scan(rs->triggers, sub->folded->data, sub->folded->len, sub->hit,
                 sub->aligned ? sub->pos : NULL);
    sub->scanned = true;
    return 0;
}

void
search_start(struct search *s, const struct scrub_rules *rs, const struct gate *g,
             const pcre2_code *code, const char *name, const struct subject *sub, bool everything)
{
    int32_t id = g->trigger_anchor;
    size_t lead = g->anchor_lead, min, max;

    s->code = code;
    s->name = name;
    s->windowed = false;
    if (everything || id < 0 || lead == LITERALS_NO_LEAD || !sub->scanned || !sub->aligned ||
        !sub->pos || sub->pos->overflow) {
        return;
    }
    /* A literal of length L..M ending at E starts in [E - M, E - L]; a match starts at most
     * lead bytes before it. */
    trigger_index_lengths(rs->triggers, (size_t)id, &min, &max);
    s->windowed = true;
    s->have_window = false;
    s->before = lead > SIZE_MAX - max ? SIZE_MAX : max + lead;
    s->after = min;
    s->next_hit = sub->pos->first[id];
}

int
search_next(struct scrub_engine *e, struct search *s, const struct subject *sub, size_t pos,
            struct err *err)
{
    const struct trigger_positions *tp = sub->pos;

    if (!s->windowed) {
        return engine_match(e, s->code, sub->p, sub->len, pos, s->name, err);
    }
    for (;;) {
        int rc;
        if (!s->have_window) {
            if (s->next_hit == TRIGGER_NONE) {
                return 0;
            }
            /* The window of this hit, merged with those that overlap or touch it. */
            const struct trigger_position *h = &tp->v[s->next_hit];
            s->lo = h->end > s->before ? h->end - s->before : 0;
            s->hi = h->end - s->after;
            s->next_hit = h->next;
            while (s->next_hit != TRIGGER_NONE) {
                const struct trigger_position *n = &tp->v[s->next_hit];
                if ((n->end > s->before ? n->end - s->before : 0) > s->hi + 1) {
                    break;
                }
                s->hi = n->end - s->after;
                s->next_hit = n->next;
            }
            s->have_window = true;
        }
        if (s->hi >= pos) {
            /* A match keeps the window: the next search may start in it again. */
            rc = engine_match_upto(e, s->code, sub->p, sub->len, s->lo > pos ? s->lo : pos, s->hi,
                                   s->name, err);
            if (rc != 0) {
                return rc;
            }
        }
        s->have_window = false;
    }
}

int
gate_open(const struct scrub_rules *rs, const struct gate *g, int32_t declared, struct subject *sub,
          bool everything, bool *open, struct err *err)
{
    bool ascii = sub->ascii;

    *open = true;
    if (everything) {
        return 0;
    }
    if (!prefilter_pass(ascii ? &g->pre_ascii : &g->pre, &sub->present)) {
        *open = false;
        return 0;
    }
    if (g->trigger < 0 && g->trigger2 < 0 && g->trigger_anchor < 0 && declared < 0) {
        return 0;
    }
    if (scan_triggers(rs, sub, err) < 0) {
        return -1;
    }
    *open = (declared < 0 || sub->hit[declared]) && (g->trigger < 0 || sub->hit[g->trigger]) &&
            (g->trigger2 < 0 || sub->hit[g->trigger2]) &&
            (g->trigger_anchor < 0 || sub->hit[g->trigger_anchor]);
    return 0;
}

/* Build the view on first use; a text that normalisation leaves alone never pays for it. */
static int
view_subject(struct scrub_engine *e, const unsigned char *text, size_t len, struct subject *view,
             bool *built, struct err *err)
{
    if (*built) {
        return 0;
    }
    if (norm_view_build(&e->view, text, len, 0, err) < 0) {
        return -1;
    }
    view->p = e->view.text.data ? e->view.text.data : (const unsigned char *)"";
    view->len = e->view.text.len;
    view->view = &e->view;
    byte_set_of(view->p, view->len, &view->present);
    view->ascii = byte_set_ascii(&view->present);
    view->folded = &e->fold_view;
    view->hit = e->hit_view;
    view->pos = &e->pos_view;
    view->scanned = false;
    *built = true;
    return 0;
}

static int
run_rules(struct scrub_engine *e, const unsigned char *text, size_t len, bool plain,
          struct err *err)
{
    struct subject orig = {
        .p = text, .len = len, .folded = &e->fold_text, .hit = e->hit_text, .pos = &e->pos_text};
    struct subject view = {.folded = &e->fold_view, .hit = e->hit_view, .pos = &e->pos_view};
    bool built = false;

    byte_set_of(text, len, &orig.present);
    orig.ascii = byte_set_ascii(&orig.present);
    for (size_t i = 0; i < e->rules->n_rules; i++) {
        const struct rule *r = &e->rules->rules[i];
        if (r->lexicon && run_lexicon(e, r, text, len, &orig, err) < 0) {
            return -1;
        }
        for (size_t k = 0; k < r->n_patterns; k++) {
            const struct rule_pattern *p = &r->patterns[k];
            struct subject *sub = &orig;
            bool open;
            if (!plain && p->use_view) {
                if (view_subject(e, text, len, &view, &built, err) < 0) {
                    return -1;
                }
                sub = &view;
            }
            if (gate_open(e->rules, &p->gate, r->requires_trigger, sub, e->opts.no_prefilter, &open,
                          err) < 0) {
                return -1;
            }
            if (!open) {
                continue;
            }
            if (run_pattern(e, r, p, sub->ascii && p->code_ascii ? p->code_ascii : p->code, sub,
                            err) < 0) {
                return -1;
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
    if (!len) {
        return 0;
    }
    plain = norm_is_plain_ascii(text, len) != 0;
    if (!plain && (bad = utf8_invalid_at(text, len)) < len) {
        return err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", bad);
    }
    if (find_placeholders(e, text, len, err) < 0 || run_rules(e, text, len, plain, err) < 0 ||
        context_resolve(e, text, len, err) < 0) {
        return -1;
    }
    return resolve_findings(e, text, len, out, err);
}
