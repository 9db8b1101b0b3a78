/*
 * detect_stable: detection whose redaction is stable, so scrub(scrub(x)) == scrub(x).
 *
 * Replacing a value can change what its neighbours look like: "a@b.comm123456789" has no word
 * boundary before the digits, "[EMAIL]123456789" does. So after a pass that found something, the
 * text is redacted as the replace operator would write it and detected again; anything new is
 * mapped back to original offsets and added, until a pass adds nothing. Text without findings
 * costs one pass, as before. Each pass can unlock one more link of a chain of adjacent values
 * ("Dr.Dr.Dr.": each "Dr." is followed by a word character until its neighbour is replaced), so
 * a text that has not settled after ENGINE_STABLE_ROUNDS passes fails closed (ERR_LIMIT) rather
 * than leave a detectable value in the output; real text settles in one or two.
 */
#include "scrub/engine_internal.h"

#include <stdlib.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define ENGINE_STABLE_ROUNDS 8

/*
 * Write text with every finding as "[ENTITY]" into e->redacted, recording in e->pieces, for
 * each finding, its span in the redacted text ([0] start, [1] end) in the same order.
 */
static int
redact_plain(struct scrub_engine *e, const unsigned char *text, size_t len,
             const struct scrub_findings *f, struct err *err)
{
    size_t pos = 0;

    buf_reset(&e->redacted);
    e->pieces.n = 0;
    for (size_t i = 0; i < f->n; i++) {
        size_t start;
        if (buf_append(&e->redacted, text + pos, f->v[i].start - pos, err) < 0) {
            return -1;
        }
        start = e->redacted.len;
        if (buf_printf(&e->redacted, err, "[%s]", f->v[i].entity) < 0) {
            return -1;
        }
        spans_push(&e->pieces, start, e->redacted.len);
        pos = f->v[i].end;
    }
    return buf_append(&e->redacted, text + pos, len - pos, err);
}

/*
 * The original offset of redacted offset r: inside a placeholder it is the finding's start
 * (or end, for an end offset); in a gap it shifts by what the placeholders before it changed.
 */
static size_t
to_original(const struct scrub_engine *e, const struct scrub_findings *f, size_t r, bool is_end)
{
    size_t shift_from = 0, orig_from = 0;

    for (size_t i = 0; i < e->pieces.n; i++) {
        size_t ps = e->pieces.v[i][0], pe = e->pieces.v[i][1];
        if (r < ps || (is_end && r == ps)) {
            break;
        }
        if (r < pe || (is_end && r == pe)) {
            return is_end ? f->v[i].end : f->v[i].start;
        }
        shift_from = pe;
        orig_from = f->v[i].end;
    }
    return orig_from + (r - shift_from);
}

static void
push_finding(struct scrub_engine *e, const struct scrub_finding *x, size_t start, size_t end)
{
    const struct rule *r = engine_rule_of(e, x);

    if (r && end > start) {
        candidates_push(&e->cands, start, end, x->score, r, false, CUE_NONE, false);
    }
}

int
detect_stable(struct scrub_engine *e, const unsigned char *text, size_t len,
              struct scrub_findings *out, struct err *err)
{
    if (detect_once(e, text, len, out, err) < 0) {
        return -1;
    }
    for (int round = 0; out->n; round++) {
        if (redact_plain(e, text, len, out, err) < 0 ||
            detect_once(e, e->redacted.data, e->redacted.len, &e->again, err) < 0) {
            return -1;
        }
        if (!e->again.n) {
            return 0;
        }
        if (round == ENGINE_STABLE_ROUNDS) {
            return err_set(err, ERR_LIMIT,
                           "redaction still uncovers new findings after %d passes (a chain of "
                           "adjacent values)",
                           ENGINE_STABLE_ROUNDS);
        }
        e->cands.n = 0;
        for (size_t i = 0; i < out->n; i++) {
            push_finding(e, &out->v[i], out->v[i].start, out->v[i].end);
        }
        for (size_t i = 0; i < e->again.n; i++) {
            const struct scrub_finding *x = &e->again.v[i];
            push_finding(e, x, to_original(e, out, x->start, false),
                         to_original(e, out, x->end, true));
        }
        out->n = 0;
        /* the redacted text's, and every finding here was judged by its own */
        e->cell_gaps.n = 0;
        e->samples.n = 0;
        e->decoys.n = 0;
        if (find_placeholders(e, text, len, err) < 0 ||
            resolve_findings(e, text, len, out, err) < 0) {
            return -1;
        }
    }
    return 0;
}
