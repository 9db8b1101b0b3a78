/* The audit as Markdown, for people and for the data card: tables plus how each rule counts. */
#include "audit/audit.h"

#include <math.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "common/buf.h"
#include "common/err.h"

#include "common/banned.h"

static const char definitions[] =
    "## How matches are counted\n\n"
    "- **leak** (the release gate): a gold span is caught only when none of its alphanumeric\n"
    "  characters survive in the scrubbed text. A character survives when no redaction covers\n"
    "  it, or when the replacement keeps it in place (a mask that keeps the last digits).\n"
    "- **overlap**: a gold span is caught when some predicted span shares at least one byte\n"
    "  with it.\n"
    "- **exact**: a gold span is caught when some predicted span has the same start and end.\n"
    "- Matching ignores the entity label: a value redacted under the wrong label is gone all\n"
    "  the same. Label mix-ups are listed under *Type confusion*.\n"
    "- Precision: a predicted span that shares no byte with any gold span (of any type) is a\n"
    "  false positive under the leak and overlap rules; under the exact rule it is one unless\n"
    "  some gold span has its exact bounds. Per type, precision is over spans predicted with\n"
    "  that label.\n"
    "- Intervals are Wilson score 95 % intervals; F2 = 5PR / (4P + R), weighting recall four\n"
    "  times as much as precision (as presidio-research does). A dash means undefined (no gold\n"
    "  spans, or no predictions, of that type).\n\n";

static int
ratio_cell(struct buf *b, double v, const double ci[2], struct err *err)
{
    if (isnan(v)) {
        return buf_printf(b, err, " — |");
    }
    return buf_printf(b, err, " %.3f [%.3f, %.3f] |", v, ci[0], ci[1]);
}

/* Table cells must not contain '|' or line breaks; names are printable already. */
static int
name_cell(struct buf *b, const char *s, struct err *err)
{
    if (buf_putc(b, ' ', err) < 0) {
        return -1;
    }
    for (; *s; s++) {
        if ((*s == '|' || *s == '\\' || *s == '*' || *s == '_' || *s == '`') &&
            buf_putc(b, '\\', err) < 0) {
            return -1;
        }
        if (buf_putc(b, (unsigned char)*s, err) < 0) {
            return -1;
        }
    }
    return buf_append_str(b, " |", err);
}

static int
metrics_row(struct buf *b, const char *name, bool bold, const struct audit_metrics *m,
            struct err *err)
{
    const struct audit_counts *c = &m->c;

    if (buf_putc(b, '|', err) < 0) {
        return -1;
    }
    if (bold ? buf_printf(b, err, " **%s** |", name) < 0 : name_cell(b, name, err) < 0) {
        return -1;
    }
    if (buf_printf(b, err, " %llu | %llu | %llu |", (unsigned long long)c->n,
                   (unsigned long long)c->tp, (unsigned long long)c->fn) < 0 ||
        ratio_cell(b, m->recall, m->recall_ci, err) < 0 ||
        buf_printf(b, err, " %llu | %llu |", (unsigned long long)c->predicted,
                   (unsigned long long)c->fp) < 0 ||
        ratio_cell(b, m->precision, m->precision_ci, err) < 0) {
        return -1;
    }
    if (isnan(m->f2)) {
        return buf_append_str(b, " — |\n", err);
    }
    return buf_printf(b, err, " %.3f |\n", m->f2);
}

static int
rule_table(struct buf *b, const struct audit_report *r, enum audit_rule rule, struct err *err)
{
    if (buf_printf(b, err,
                   "## %s rule\n\n"
                   "| type | gold | caught | missed | recall (95 %% CI) | predicted | false pos. "
                   "| precision (95 %% CI) | F2 |\n"
                   "|---|--:|--:|--:|---|--:|--:|---|--:|\n",
                   audit_rule_name(rule)) < 0 ||
        metrics_row(b, "all", true, &r->overall[rule], err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < r->n_types; i++) {
        if (metrics_row(b, r->types[i].type, false, &r->types[i].rule[rule], err) < 0) {
            return -1;
        }
    }
    return buf_putc(b, '\n', err);
}

static int
confusion_table(struct buf *b, const struct audit_report *r, struct err *err)
{
    if (buf_append_str(b, "## Type confusion\n\n", err) < 0) {
        return -1;
    }
    if (r->n_confusion == 0) {
        return buf_append_str(b,
                              "No gold span was overlapped by a prediction of another "
                              "type.\n\n",
                              err);
    }
    if (buf_append_str(b, "| gold type | predicted as | spans |\n|---|---|--:|\n", err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < r->n_confusion; i++) {
        if (buf_putc(b, '|', err) < 0 || name_cell(b, r->confusion[i].gold_type, err) < 0 ||
            name_cell(b, r->confusion[i].predicted_type, err) < 0 ||
            buf_printf(b, err, " %llu |\n", (unsigned long long)r->confusion[i].count) < 0) {
            return -1;
        }
    }
    return buf_putc(b, '\n', err);
}

static int
misses_table(struct buf *b, const struct audit_report *r, struct err *err)
{
    if (buf_printf(b, err, "## Worst misses (%zu of %llu, leak rule)\n\n", r->n_misses,
                   (unsigned long long)r->n_missed) < 0) {
        return -1;
    }
    if (r->n_misses == 0) {
        return buf_append_str(b, "None.\n", err);
    }
    if (buf_append_str(b,
                       "Values are masked: only their type and length are shown.\n\n"
                       "| record | line | value | bytes | alnum chars left | redaction |\n"
                       "|---|--:|---|---|--:|---|\n",
                       err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < r->n_misses; i++) {
        const struct audit_miss *m = &r->misses[i];
        if (buf_putc(b, '|', err) < 0 || name_cell(b, m->record_id, err) < 0 ||
            buf_printf(b, err, " %llu | `[%s: %zu chars]` | %zu-%zu | %zu of %zu | %s |\n",
                       (unsigned long long)m->line, m->type, m->chars, m->start, m->end,
                       m->survived, m->alnum, m->touched ? "partial" : "none") < 0) {
            return -1;
        }
    }
    return 0;
}

int
audit_report_write_markdown(const struct audit_report *r, const char *path, struct err *err)
{
    struct buf b;
    int rc = -1;

    buf_init(&b, BUF_NO_MAX);
    if (buf_printf(&b, err,
                   "# Redaction audit\n\n%llu records, %llu gold spans, %llu predicted "
                   "spans.",
                   (unsigned long long)r->records,
                   (unsigned long long)r->overall[AUDIT_RULE_LEAK].c.n,
                   (unsigned long long)r->overall[AUDIT_RULE_LEAK].c.predicted) < 0) {
        goto out;
    }
    if (r->rules_digest[0] && buf_printf(&b, err, " Rules digest `%s`.", r->rules_digest) < 0) {
        goto out;
    }
    if (buf_append_str(&b, "\n\n", err) < 0 || buf_append_str(&b, definitions, err) < 0) {
        goto out;
    }
    static const enum audit_rule order[] = {AUDIT_RULE_LEAK, AUDIT_RULE_OVERLAP, AUDIT_RULE_EXACT};
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        if (rule_table(&b, r, order[k], err) < 0) {
            goto out;
        }
    }
    if (confusion_table(&b, r, err) < 0 || misses_table(&b, r, err) < 0 ||
        audit_write_file(path, b.data, b.len, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    buf_release(&b);
    return rc;
}
