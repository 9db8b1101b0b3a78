/*
 * Interval estimates for the audit. Wilson rather than the normal ("Wald") interval because
 * audits are small and recall sits near 1, where Wald collapses to a zero-width interval at
 * k == n and can leave [0, 1]; Wilson stays inside [0, 1] and is honest at the edges.
 */
#include "audit/audit.h"

#include <math.h>

#include "common/banned.h"

/* The 97.5th percentile of the standard normal distribution. */
#define Z95 1.959963984540054

void
audit_wilson95(uint64_t k, uint64_t n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    double nn = (double)n;
    double p = (double)k / nn;
    double z2 = Z95 * Z95;
    double denom = 1.0 + z2 / nn;
    double centre = (p + z2 / (2.0 * nn)) / denom;
    double half = Z95 * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;

    /* At k == 0 and k == n the bound is exactly 0 or 1; rounding must not push it past. */
    *lo = k == 0 ? 0.0 : fmax(0.0, centre - half);
    *hi = k == n ? 1.0 : fmin(1.0, centre + half);
}

static double
ratio(uint64_t k, uint64_t n)
{
    return n == 0 ? NAN : (double)k / (double)n;
}

void
audit_metrics_from_counts(const struct audit_counts *c, struct audit_metrics *m)
{
    uint64_t correct = c->predicted - c->fp;

    m->c = *c;
    m->recall = ratio(c->tp, c->n);
    audit_wilson95(c->tp, c->n, &m->recall_ci[0], &m->recall_ci[1]);
    m->precision = ratio(correct, c->predicted);
    audit_wilson95(correct, c->predicted, &m->precision_ci[0], &m->precision_ci[1]);
    if (isnan(m->recall) || isnan(m->precision)) {
        m->f2 = NAN;
    } else if (m->recall + m->precision <= 0.0) {
        m->f2 = 0.0;
    } else {
        /* F-beta with beta = 2: recall weighs four times as much as precision. */
        m->f2 = 5.0 * m->precision * m->recall / (4.0 * m->precision + m->recall);
    }
}

const char *
audit_rule_name(enum audit_rule rule)
{
    switch (rule) {
    case AUDIT_RULE_EXACT:
        return "exact";
    case AUDIT_RULE_OVERLAP:
        return "overlap";
    case AUDIT_RULE_LEAK:
        return "leak";
    default:
        return "?";
    }
}
