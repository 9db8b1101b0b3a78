/*
 * `veil audit score`: scrub every gold text with the rule pack and score what survives. What
 * survives is worked out per finding: the bytes between findings pass through unchanged, and of
 * a finding's bytes only those its replacement keeps in place (a mask keeping the last digits:
 * the common prefix and suffix of original and replacement) survive.
 */
#include "audit/audit.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "common/err.h"
#include "common/record.h"
#include "common/xalloc.h"
#include "scrub/scrub.h"

#include "common/banned.h"

/*
 * The audit never publishes its output, but rules whose operator is `pseudonym` need a key to
 * produce a replacement at all; a fixed one keeps runs reproducible.
 */
static const unsigned char audit_pseudonym_key[32] = "veil-audit-fixed-pseudonym-key!";

struct run {
    struct scrub_engine *engine;
    struct scrub_findings findings;
    struct buf replacement;
    struct audit_span *pred;
    struct audit_range *kept;
    size_t cap_pred, cap_kept, n_kept;
};

static void
keep(struct run *r, size_t start, size_t end)
{
    if (start >= end) {
        return;
    }
    if (r->n_kept && r->kept[r->n_kept - 1].end == start) {
        r->kept[r->n_kept - 1].end = end;
        return;
    }
    if (r->n_kept == r->cap_kept) {
        r->cap_kept = r->cap_kept ? r->cap_kept * 2 : 16;
        r->kept = xrealloc(r->kept, size_mul(r->cap_kept, sizeof(*r->kept)));
    }
    r->kept[r->n_kept].start = start;
    r->kept[r->n_kept].end = end;
    r->n_kept++;
}

/* Length of the common prefix (or suffix) of a and b, cut back to a character boundary of a. */
static size_t
common_prefix(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    size_t n = 0;
    while (n < alen && n < blen && a[n] == b[n]) {
        n++;
    }
    while (n > 0 && !utf8_is_boundary(a, alen, n)) {
        n--;
    }
    return n;
}

static size_t
common_suffix(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    size_t n = 0;
    while (n < alen && n < blen && a[alen - 1 - n] == b[blen - 1 - n]) {
        n++;
    }
    while (n > 0 && !utf8_is_boundary(a, alen, alen - n)) {
        n--;
    }
    return n;
}

/* Which bytes of finding f survive its replacement; *dropped when it drops the record. */
static int
finding_kept(struct run *r, const unsigned char *text, const struct scrub_finding *f, bool *dropped,
             struct err *err)
{
    struct scrub_finding one = *f;
    struct scrub_findings single = {&one, 1, 1};
    const unsigned char *orig = text + f->start;
    size_t olen = f->end - f->start;
    bool drop = false;

    one.start = 0;
    one.end = olen;
    buf_reset(&r->replacement);
    if (scrub_engine_redact(r->engine, orig, olen, &single, &r->replacement, &drop, err) < 0) {
        return -1;
    }
    *dropped = *dropped || drop;
    if (r->replacement.len == 0) {
        return 0; /* removed outright: nothing of it survives */
    }
    size_t pre = common_prefix(orig, olen, r->replacement.data, r->replacement.len);
    size_t suf =
        common_suffix(orig + pre, olen - pre, r->replacement.data + pre, r->replacement.len - pre);
    keep(r, f->start, f->start + pre);
    keep(r, f->end - suf, f->end);
    return 0;
}

static int
score_record(struct run *r, struct audit_scorer *sc, const struct audit_gold_record *g,
             struct err *err)
{
    size_t pos = 0;
    bool dropped = false;

    if (scrub_engine_detect(r->engine, g->text, g->len, &r->findings, err) < 0) {
        return -1;
    }
    if (r->findings.n > r->cap_pred) {
        r->cap_pred = r->findings.n;
        r->pred = xrealloc(r->pred, size_mul(r->cap_pred, sizeof(*r->pred)));
    }
    r->n_kept = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const struct scrub_finding *f = &r->findings.v[i];
        r->pred[i].type = f->entity;
        r->pred[i].start = f->start;
        r->pred[i].end = f->end;
        keep(r, pos, f->start);
        if (finding_kept(r, g->text, f, &dropped, err) < 0) {
            return -1;
        }
        pos = f->end;
    }
    keep(r, pos, g->len);
    /* A dropped record publishes nothing: every span in it is caught. */
    audit_scorer_add(sc, g, r->pred, r->findings.n, r->kept, dropped ? 0 : r->n_kept);
    return 0;
}

int
audit_score_run(const struct audit_score_opts *opts, struct audit_report *report, struct err *err)
{
    struct scrub_engine_opts eo = {.pseudonym_key = audit_pseudonym_key,
                                   .pseudonym_key_len = sizeof(audit_pseudonym_key),
                                   .redact_fictional_phones = opts->redact_fictional_phones,
                                   .overrides = opts->overrides,
                                   .n_overrides = opts->n_overrides,
                                   .mask_keep = opts->mask_keep,
                                   .mask_keep_set = opts->mask_keep_set,
                                   .mask_char = opts->mask_char};
    struct record_reader *rd = NULL;
    struct audit_scorer *sc = audit_scorer_new();
    struct run r = {0};
    struct span line;
    uint64_t n_records = 0;
    int rc = -1, more;

    scrub_findings_init(&r.findings);
    buf_init(&r.replacement, BUF_NO_MAX);
    if (!(r.engine = scrub_engine_new(opts->rules, &eo, err)) ||
        record_reader_open(opts->gold_path,
                           opts->max_record ? opts->max_record : RECORD_DEFAULT_MAX, &rd,
                           err) < 0) {
        goto out;
    }
    while ((more = record_reader_next(rd, &line, err)) > 0) {
        struct audit_gold_record g;
        if (audit_line_is_blank(line.p, line.len)) {
            continue;
        }
        if (audit_gold_parse(opts->gold_path, record_reader_line(rd), line.p, line.len, &g, err) <
            0) {
            goto out;
        }
        int st = score_record(&r, sc, &g, err);
        n_records++;
        audit_gold_record_release(&g);
        if (st < 0) {
            err_prefix(err, "%s:%llu: record %llu", opts->gold_path,
                       (unsigned long long)record_reader_line(rd),
                       (unsigned long long)record_reader_line(rd));
            goto out;
        }
    }
    if (more < 0) {
        goto out;
    }
    if (n_records == 0) {
        /* Scoring nothing would pass every gate but the interval one: refuse it outright. */
        err_set(err, ERR_PARSE, "%s: no gold records to score", opts->gold_path);
        goto out;
    }
    audit_scorer_report(sc, report);
    scrub_rules_digest(opts->rules, report->rules_digest);
    report->redact_fictional_phones = opts->redact_fictional_phones;
    if (!(report->redaction = scrub_redaction_json(&eo))) {
        err_set(err, ERR_DEP, "%s: cannot describe the redaction options", opts->gold_path);
        goto out;
    }
    rc = 0;
out:
    record_reader_free(rd);
    scrub_engine_free(r.engine);
    scrub_findings_release(&r.findings);
    buf_release(&r.replacement);
    free(r.pred);
    free(r.kept);
    audit_scorer_free(sc);
    return rc;
}
