/*
 * Patterns with a declared `prefilter_lead: N`: a match counts only when a match of the
 * pattern's prefilter_regex starts at most N characters after the match's start. The rule says
 * where its cheap part lies, so the prefilter's matches can anchor the search: in a long text
 * the pattern is tried only at the starts in [q - N characters, q] before each prefilter match
 * q. A cue-then-number pattern whose cue list is too common to anchor on (phone words, then up
 * to six words, then the digits its prefilter finds) otherwise ran over every 128 KiB window of
 * a long record. In a short text the pattern is searched as usual and each match is checked.
 *
 * Both ways find the same matches: the starts where the pattern matches and the condition
 * holds, left to right, each search resuming at the end of the match before. A match that
 * fails the check is skipped by one character, not its length, as the windows would.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/banned.h"

/* n characters back from at (at the text's start at most). */
static size_t
back_chars(const struct subject *sub, size_t at, size_t n)
{
    if (sub->ascii) {
        return at > n ? at - n : 0;
    }
    for (size_t k = 0; k < n && at > 0; k++) {
        at--;
        while (at > 0 && (sub->p[at] & 0xC0) == 0x80) {
            at--;
        }
    }
    return at;
}

size_t
led_chars_on(const unsigned char *s, size_t len, size_t at, size_t n)
{
    for (size_t k = 0; k < n && at < len; k++) {
        at++;
        while (at < len && (s[at] & 0xC0) == 0x80) {
            at++;
        }
    }
    return at;
}

/* n characters on from at in sub (its end at most). */
static size_t
on_chars(const struct subject *sub, size_t at, size_t n)
{
    if (sub->ascii) {
        return sub->len - at > n ? at + n : sub->len;
    }
    return led_chars_on(sub->p, sub->len, at, n);
}

/* Where the search after an empty or refused match at at resumes. */
static size_t
next_char(const struct subject *sub, size_t at)
{
    return at < sub->len ? on_chars(sub, at, 1) : at + 1;
}

int
led_start(struct scrub_engine *e, struct led_search *l, const struct rule *r,
          const struct rule_pattern *p, const pcre2_code *code, struct subject *sub,
          struct err *err)
{
    bool open = true;

    memset(l, 0, sizeof(*l));
    l->p = p;
    l->code = code;
    l->pre = sub->ascii && p->requires_ascii ? p->requires_ascii : p->requires;
    l->name = r->name;
    l->windowed = !e->opts.no_prefilter && sub->len >= LED_WINDOWS_MIN;
    /* (a short text is searched only once its prefilter matched somewhere: run_rule) */
    if (l->windowed && gate_open(e->rules, &p->requires_gate, -1, sub, false, &open, err) < 0) {
        return -1;
    }
    l->closed = !open;
    if (l->windowed) {
        search_start(&l->pre_search, &p->requires_gate, l->pre, r->name, sub, false);
    } else {
        search_start(&l->own, &p->gate, code, r->name, sub, e->opts.no_prefilter);
    }
    return 0;
}

/* The next prefilter match start not yet taken into a window, or SIZE_MAX; -1 on error. */
static int
peek_q(struct scrub_engine *e, struct led_search *l, const struct subject *sub, size_t *q,
       struct err *err)
{
    if (!l->have_q && !l->pre_done) {
        int rc = l->pre_pos <= sub->len ? search_next(e, &l->pre_search, sub, l->pre_pos, err) : 0;
        if (rc < 0) {
            return -1;
        }
        if (rc == 0) {
            l->pre_done = true;
        } else {
            l->next_q = pcre2_get_ovector_pointer(e->md)[0];
            l->pre_pos = next_char(sub, l->next_q); /* every start: matches may overlap */
            l->have_q = true;
        }
    }
    *q = l->have_q ? l->next_q : SIZE_MAX;
    return 0;
}

static int
next_windowed(struct scrub_engine *e, struct led_search *l, const struct subject *sub, size_t pos,
              struct err *err)
{
    const size_t lead = l->p->prefilter_lead;
    size_t q;

    for (;;) {
        if (!l->have_window) {
            if (peek_q(e, l, sub, &q, err) < 0) {
                return -1;
            }
            if (q == SIZE_MAX) {
                return 0;
            }
            l->have_q = false;
            l->lo = back_chars(sub, q, lead);
            l->hi = q;
            /* windows that overlap or touch make one */
            for (;;) {
                if (peek_q(e, l, sub, &q, err) < 0) {
                    return -1;
                }
                if (q == SIZE_MAX || back_chars(sub, q, lead) > l->hi + 1) {
                    break;
                }
                l->hi = q;
                l->have_q = false;
            }
            l->have_window = true;
        }
        if (l->hi >= pos) {
            /* A match keeps the window: the next search may start in it again. */
            int rc = engine_match_upto(e, l->code, sub->p, sub->len, l->lo > pos ? l->lo : pos,
                                       l->hi, l->name, err);
            if (rc != 0) {
                return rc;
            }
        }
        l->have_window = false;
    }
}

static int
next_checked(struct scrub_engine *e, struct led_search *l, const struct subject *sub, size_t pos,
             struct err *err)
{
    while (pos <= sub->len) {
        int rc = search_next(e, &l->own, sub, pos, err);
        if (rc <= 0) {
            return rc;
        }
        size_t ms = pcre2_get_ovector_pointer(e->md)[0];
        rc = engine_match_upto(e, l->pre, sub->p, sub->len, ms,
                               on_chars(sub, ms, l->p->prefilter_lead), l->name, err);
        if (rc < 0) {
            return -1;
        }
        if (rc > 0) {
            /* the check overwrote the match data: the same match again, from the same start */
            return engine_match_upto(e, l->code, sub->p, sub->len, ms, ms, l->name, err);
        }
        pos = next_char(sub, ms);
    }
    return 0;
}

int
led_next(struct scrub_engine *e, struct led_search *l, const struct subject *sub, size_t pos,
         struct err *err)
{
    if (l->closed) {
        return 0;
    }
    return l->windowed ? next_windowed(e, l, sub, pos, err) : next_checked(e, l, sub, pos, err);
}
