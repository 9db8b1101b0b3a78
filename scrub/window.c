/*
 * Long texts are detected in overlapping windows, so a record of many megabytes costs time and
 * memory in proportion to its length, as a stream of short records does: the trigger scan's
 * positions, the normalised view and the gazetteer's tokens of one window at a time, and gates
 * that close on a window without their literals instead of opening on everything.
 *
 * The cores tile the text; a window is its core plus a margin of an eighth of the window size on
 * either side (16 KiB by default), and keeps the part in its core of each finding that reaches
 * it. A value whose match, look-behind or context words reach less than the margin beyond the
 * core is found as in the whole text; the longest value the default pack describes, a PEM
 * private key block, is one. Findings that meet at a core boundary are joined as resolve.c joins
 * them and overlaps are merged, so a long run of joined values stays one finding, and a
 * disagreement between two windows redacts more, never less.
 */
#include "scrub/engine_internal.h"

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

/* How far back from a core's cut to look for white space, so that a cut does not split a word. */
#define CUT_SEARCH 256
/* The smallest window size honoured (tests use small ones): a cut must move forward. */
#define WINDOW_MIN 64

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The start of the UTF-8 character at or before at (a window must be valid UTF-8 on its own). */
static size_t
char_start_before(const unsigned char *text, size_t len, size_t at)
{
    if (at >= len) {
        return len;
    }
    while (at > 0 && (text[at] & 0xC0) == 0x80) {
        at--;
    }
    return at;
}

/* The start of the character at or after at, or len (at may lie past the end). */
static size_t
char_start_after(const unsigned char *text, size_t len, size_t at)
{
    while (at < len && (text[at] & 0xC0) == 0x80) {
        at++;
    }
    return at < len ? at : len;
}

/* A cut at or before at, after floor: after white space when some is close, so that a window
 * or a core does not start inside a word (which would read as a word of its own); else at the
 * start of a character. */
static size_t
cut_before(const unsigned char *text, size_t len, size_t at, size_t floor)
{
    if (at >= len) {
        return len;
    }
    for (size_t p = at; p > floor && at - p < CUT_SEARCH; p--) {
        if (is_space(text[p - 1])) {
            return p;
        }
    }
    return char_start_before(text, len, at);
}

/* Where a window ends, at or after at: at white space when some is close. */
static size_t
window_end(const unsigned char *text, size_t len, size_t at)
{
    for (size_t p = at; p < len && p - at < CUT_SEARCH; p++) {
        if (is_space(text[p])) {
            return p;
        }
    }
    return char_start_after(text, len, at);
}

static size_t
window_size(const struct scrub_engine *e)
{
    size_t size = e->opts.window_bytes ? e->opts.window_bytes : SCRUB_WINDOW_BYTES;

    return size < WINDOW_MIN ? WINDOW_MIN : size;
}

/* Whether text of len bytes is read whole: a core and its two margins hold it. */
static bool
one_window(const struct scrub_engine *e, size_t len)
{
    const size_t size = window_size(e);

    return len <= size + 2 * (size / 8);
}

bool
text_window_next(const struct scrub_engine *e, const unsigned char *text, size_t len,
                 struct text_window *w)
{
    const size_t size = window_size(e), margin = size / 8;

    if (!w->started) {
        w->started = true;
        w->core_hi = 0;
        if (one_window(e, len)) {
            w->lo = w->core_lo = 0;
            w->hi = w->core_hi = len;
            return true;
        }
    } else if (w->core_hi >= len) {
        return false;
    }
    w->core_lo = w->core_hi;
    w->core_hi = len - w->core_lo <= size + margin
                     ? len
                     : cut_before(text, len, w->core_lo + size, w->core_lo + size / 2);
    if (w->core_hi <= w->core_lo) {
        w->core_hi = w->core_lo + size; /* no character start: the text is not UTF-8 */
    }
    w->lo = w->core_lo > margin ? cut_before(text, len, w->core_lo - margin, 0) : 0;
    w->hi = window_end(text, len, w->core_hi + margin);
    return true;
}

int
text_windows_check(const struct scrub_engine *e, const unsigned char *text, size_t len,
                   struct err *err)
{
    size_t bad;

    if (!one_window(e, len) && (bad = utf8_invalid_at(text, len)) < len) {
        return err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", bad);
    }
    return 0;
}

/* Append f (offsets in the whole text) to out, joined or merged with the last finding. */
static void
append_finding(struct scrub_findings *out, const struct scrub_finding *f, const unsigned char *text)
{
    struct scrub_finding *last = out->n ? &out->v[out->n - 1] : NULL;

    if (last && (f->start < last->end || finding_continues(last, f->entity, f->start, text))) {
        last->end = f->end > last->end ? f->end : last->end;
        last->score = f->score > last->score ? f->score : last->score;
        return;
    }
    if (out->n == out->cap) {
        out->cap = out->cap ? size_mul(out->cap, 2) : 16;
        out->v = xrealloc(out->v, size_mul(out->cap, sizeof(*out->v)));
    }
    out->v[out->n++] = *f;
}

int
scrub_engine_detect(struct scrub_engine *e, const unsigned char *text, size_t len,
                    struct scrub_findings *out, struct err *err)
{
    struct text_window w = {0};

    out->n = 0;
    if (e->opts.profile) {
        scrub_profile_text(e->opts.profile, len);
    }
    if (text_windows_check(e, text, len, err) < 0) {
        return -1;
    }
    while (text_window_next(e, text, len, &w)) {
        if (w.lo == 0 && w.hi == len) {
            return detect_stable(e, text, len, out, err);
        }
        if (detect_stable(e, text + w.lo, w.hi - w.lo, &e->in_window, err) < 0) {
            return -1;
        }
        for (size_t i = 0; i < e->in_window.n; i++) {
            struct scrub_finding f = e->in_window.v[i];
            f.start += w.lo;
            f.end += w.lo;
            /* A finding longer than the margin (values joined into one) can start before the
             * core: its part in the core is kept, and joins the previous window's. */
            if (f.start < w.core_hi && f.end > w.core_lo) {
                f.start = f.start > w.core_lo ? f.start : w.core_lo;
                append_finding(out, &f, text);
            }
        }
    }
    return 0;
}
