/*
 * Fuzz the engine on arbitrary text with tests/fixtures/engine/fuzz.yaml (replace operators
 * only). For valid UTF-8 it asserts that the output is valid UTF-8, that every byte outside a
 * finding is unchanged (the output is exactly the gaps and "[ENTITY]" placeholders), that no
 * finding survives in the output, and so that scrub(scrub(x)) == scrub(x); and that an engine
 * that skips nothing (no_prefilter) finds exactly the same. Invalid UTF-8 must be an ERR_PARSE
 * error, never a crash or a silent pass; valid text may fail only closed (ERR_LIMIT), as a chain
 * of adjacent values that does not settle does. An engine reading the text in the smallest
 * windows must fail alike and give well-formed findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "scrub/scrub.h"

#include "common/banned.h"

#define FUZZ_PACK "tests/fixtures/engine/fuzz.yaml" /* run from the repository root */

static bool
valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n = c < 0x80                   ? 0
                   : (c >= 0xC2 && c <= 0xDF) ? 1
                   : (c >= 0xE0 && c <= 0xEF) ? 2
                   : (c >= 0xF0 && c <= 0xF4) ? 3
                                              : 4;
        uint32_t cp = n == 0 ? c : n == 1 ? (c & 0x1Fu) : n == 2 ? (c & 0x0Fu) : (c & 0x07u);
        if (n == 4 || len - i <= n) {
            return n == 0 && len - i >= 1;
        }
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

/* The output the replace operator must produce: gaps copied, findings as "[ENTITY]". */
static void
expected_output(const unsigned char *text, size_t len, const struct scrub_findings *f,
                struct buf *out)
{
    size_t pos = 0;

    for (size_t i = 0; i < f->n; i++) {
        if (f->v[i].start < pos || f->v[i].end > len || f->v[i].end <= f->v[i].start) {
            abort(); /* findings must be sorted, in range, non-empty and non-overlapping */
        }
        (void)buf_append(out, text + pos, f->v[i].start - pos, NULL);
        (void)buf_printf(out, NULL, "[%s]", f->v[i].entity);
        pos = f->v[i].end;
    }
    (void)buf_append(out, text + pos, len - pos, NULL);
}

/* The prefilters are an optimisation: an engine that runs every pattern must agree. */
static bool
same_as_exhaustive(const struct scrub_rules *rules, const uint8_t *data, size_t size,
                   const struct scrub_findings *f)
{
    struct scrub_engine_opts opts = {0};
    struct scrub_findings g;
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e;
    bool same;

    opts.no_prefilter = true;
    if (!(e = scrub_engine_new(rules, &opts, &err))) {
        abort();
    }
    scrub_findings_init(&g);
    same = scrub_engine_detect(e, data, size, &g, &err) == 0 && g.n == f->n;
    for (size_t i = 0; same && i < g.n; i++) {
        same = g.v[i].start == f->v[i].start && g.v[i].end == f->v[i].end &&
               g.v[i].rule == f->v[i].rule;
    }
    scrub_findings_release(&g);
    scrub_engine_free(e);
    return same;
}

/*
 * Long texts are read in windows (scrub/window.c); with the smallest window every input of a few
 * hundred bytes is cut several times, at random characters. Invalid UTF-8 must still be a parse
 * error, valid text may fail only closed, and findings must be well formed, on character bounds.
 */
static bool
windowed_is_well_formed(const struct scrub_rules *rules, const uint8_t *data, size_t size,
                        int whole_rc, const struct err *whole_err)
{
    struct scrub_engine_opts opts = {0};
    struct scrub_findings g;
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e;
    bool ok;

    opts.window_bytes = 1; /* raised to the smallest size the engine honours */
    if (!(e = scrub_engine_new(rules, &opts, &err))) {
        abort();
    }
    scrub_findings_init(&g);
    int rc = scrub_engine_detect(e, data, size, &g, &err);
    /* Invalid UTF-8 is a parse error in both; a limit may fall in one window and not another. */
    ok = whole_rc < 0 && whole_err->kind == ERR_PARSE ? rc < 0 && err.kind == ERR_PARSE
                                                      : rc == 0 || err.kind == ERR_LIMIT;
    for (size_t i = 0; ok && rc == 0 && i < g.n; i++) {
        ok = g.v[i].start < g.v[i].end && g.v[i].end <= size &&
             (i == 0 || g.v[i - 1].end <= g.v[i].start) && (data[g.v[i].start] & 0xC0) != 0x80 &&
             (g.v[i].end == size || (data[g.v[i].end] & 0xC0) != 0x80);
    }
    scrub_findings_release(&g);
    scrub_engine_free(e);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct scrub_rules *rules; /* loaded once: the harness owns this process */
    struct scrub_engine *e;
    struct scrub_findings f, again;
    struct buf out, want;
    struct err err = {ERR_NONE, ""};
    bool drop = false;

    if (!rules && scrub_rules_load(&rules, FUZZ_PACK, &err) < 0) {
        abort();
    }
    if (!(e = scrub_engine_new(rules, NULL, &err))) {
        abort();
    }
    scrub_findings_init(&f);
    scrub_findings_init(&again);
    buf_init(&out, BUF_NO_MAX);
    buf_init(&want, BUF_NO_MAX);
    int rc = scrub_engine_detect(e, data, size, &f, &err);
    if (!windowed_is_well_formed(rules, data, size, rc, &err)) {
        abort();
    }
    if (rc < 0) {
        /* Invalid UTF-8 is a parse error; valid text may only fail closed (ERR_LIMIT). */
        if (valid_utf8(data, size) ? err.kind != ERR_LIMIT : err.kind != ERR_PARSE) {
            abort();
        }
        goto out;
    }
    if (!valid_utf8(data, size)) {
        abort();
    }
    if (scrub_engine_redact(e, data, size, &f, &out, &drop, &err) < 0 || drop) {
        abort();
    }
    expected_output(data, size, &f, &want);
    if (want.len != out.len || (out.len && memcmp(want.data, out.data, out.len) != 0)) {
        abort();
    }
    if (!valid_utf8(out.data, out.len)) {
        abort();
    }
    if (scrub_engine_detect(e, out.data, out.len, &again, &err) < 0 || again.n != 0) {
        abort();
    }
    if (!same_as_exhaustive(rules, data, size, &f)) {
        abort();
    }
out:
    buf_release(&want);
    buf_release(&out);
    scrub_findings_release(&again);
    scrub_findings_release(&f);
    scrub_engine_free(e);
    return 0;
}
