/* The terminal summary of `veil audit score`: overall lines, per-type leak recall, worst misses. */
#include "audit/audit.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

static void
print_ratio(FILE *out, const char *what, double v, const double ci[2])
{
    if (isnan(v)) {
        fprintf(out, "  %s -", what);
    } else {
        fprintf(out, "  %s %.3f [%.3f, %.3f]", what, v, ci[0], ci[1]);
    }
}

static void
print_overall(FILE *out, const struct audit_report *r)
{
    static const enum audit_rule order[] = {AUDIT_RULE_LEAK, AUDIT_RULE_OVERLAP, AUDIT_RULE_EXACT};
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        const struct audit_metrics *m = &r->overall[order[k]];
        fprintf(out, "%-8s", audit_rule_name(order[k]));
        print_ratio(out, "recall", m->recall, m->recall_ci);
        print_ratio(out, "precision", m->precision, m->precision_ci);
        if (isnan(m->f2)) {
            fprintf(out, "  F2 -\n");
        } else {
            fprintf(out, "  F2 %.3f\n", m->f2);
        }
    }
}

static void
print_types(FILE *out, const struct audit_report *r)
{
    fprintf(out, "\n%-22s %6s %6s %6s  %s\n", "type", "gold", "caught", "fp",
            "leak recall [95% CI]");
    for (size_t i = 0; i < r->n_types; i++) {
        const struct audit_metrics *m = &r->types[i].rule[AUDIT_RULE_LEAK];
        fprintf(out, "%-22s %6llu %6llu %6llu ", r->types[i].type, (unsigned long long)m->c.n,
                (unsigned long long)m->c.tp, (unsigned long long)m->c.fp);
        if (isnan(m->recall)) {
            fprintf(out, " -\n");
        } else {
            fprintf(out, " %.3f [%.3f, %.3f]\n", m->recall, m->recall_ci[0], m->recall_ci[1]);
        }
    }
}

static void
print_misses(FILE *out, const struct audit_report *r)
{
    if (r->n_confusion) {
        fprintf(out, "\ngold spans redacted under another label:\n");
    }
    for (size_t i = 0; i < r->n_confusion; i++) {
        fprintf(out, "  %s as %s: %llu\n", r->confusion[i].gold_type,
                r->confusion[i].predicted_type, (unsigned long long)r->confusion[i].count);
    }
    if (r->n_misses == 0) {
        fprintf(out, "\nno gold span leaked\n");
        return;
    }
    fprintf(out, "\nworst misses (%zu of %llu; values masked):\n", r->n_misses,
            (unsigned long long)r->n_missed);
    for (size_t i = 0; i < r->n_misses; i++) {
        const struct audit_miss *m = &r->misses[i];
        fprintf(out,
                "  record %s (line %llu): [%s: %zu chars] at bytes %zu-%zu, %zu of %zu "
                "alnum chars left, %s\n",
                m->record_id, (unsigned long long)m->line, m->type, m->chars, m->start, m->end,
                m->survived, m->alnum, m->touched ? "partly redacted" : "not redacted");
    }
}

int
audit_report_print(const struct audit_report *r, FILE *out, struct err *err)
{
    fprintf(out, "%llu records, %llu gold spans, %llu predicted spans\n",
            (unsigned long long)r->records, (unsigned long long)r->overall[0].c.n,
            (unsigned long long)r->overall[0].c.predicted);
    print_overall(out, r);
    print_types(out, r);
    print_misses(out, r);
    if (fflush(out) != 0 || ferror(out)) {
        return err_set(err, ERR_IO, "cannot write the audit summary: %s", strerror(errno));
    }
    return 0;
}
