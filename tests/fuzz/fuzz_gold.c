/*
 * Gold lines are hand-edited by annotators: fuzz the parser and, for lines it accepts, check the
 * invariants the scorer relies on and score the record both untouched and fully redacted.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "common/err.h"

static void
check_invariants(const struct audit_gold_record *g)
{
    for (size_t i = 0; i < g->n_spans; i++) {
        const struct audit_gold_span *s = &g->spans[i];
        assert(s->start < s->end && s->end <= g->len);
        assert(s->start == 0 || (g->text[s->start] & 0xC0) != 0x80);
        assert(s->end == g->len || (g->text[s->end] & 0xC0) != 0x80);
        assert(i == 0 || g->spans[i - 1].start <= s->start);
    }
}

static void
score(const struct audit_gold_record *g, int redact_all)
{
    struct audit_scorer *sc = audit_scorer_new();
    struct audit_span *pred = calloc(g->n_spans + 1, sizeof(*pred));
    struct audit_range all = {0, g->len};
    struct audit_report r;

    for (size_t i = 0; redact_all && i < g->n_spans; i++) {
        pred[i].type = g->spans[i].type;
        pred[i].start = g->spans[i].start;
        pred[i].end = g->spans[i].end;
    }
    /* Redacting every gold span exactly leaves nothing of them; keeping everything leaks all. */
    audit_scorer_add(sc, g, pred, redact_all ? g->n_spans : 0, redact_all ? NULL : &all,
                     redact_all ? 0 : 1);
    audit_scorer_report(sc, &r);
    for (int k = 0; k < AUDIT_RULE_COUNT; k++) {
        const struct audit_counts *c = &r.overall[k].c;
        assert(c->n == g->n_spans && c->tp + c->fn == c->n && c->fp == 0);
        /* Untouched text still "catches" a span with no letter or digit under the leak rule. */
        assert(redact_all ? c->tp == c->n : (c->tp == 0 || k == AUDIT_RULE_LEAK));
    }
    audit_report_release(&r);
    audit_scorer_free(sc);
    free(pred);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct audit_gold_record g;
    struct err err;

    if (audit_gold_parse("fuzz.jsonl", 1, data, size, &g, &err) < 0) {
        assert(err.kind == ERR_PARSE);
        assert(strncmp(err.msg, "fuzz.jsonl:1: record 1", 22) == 0);
        return 0;
    }
    check_invariants(&g);
    score(&g, 0);
    score(&g, 1);
    audit_gold_record_release(&g);
    return 0;
}
