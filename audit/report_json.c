/*
 * The machine-readable audit (`veil audit score --json`), read by tests/recall.sh, the release
 * manifest and the data card. Shape: {"records", "exact"|"overlap"|"leak": {"overall",
 * "per_type"}, ...}; an undefined ratio (zero denominator) is null, never a made-up number.
 */
#include "audit/audit.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "common/err.h"

#include "common/banned.h"

static json_t *
real_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *
interval(const double ci[2])
{
    return json_pack("[ff]", ci[0], ci[1]);
}

static json_t *
metrics_json(const struct audit_metrics *m)
{
    return json_pack("{sI sI sI sI sI so so so so so}", "n", (json_int_t)m->c.n, "tp",
                     (json_int_t)m->c.tp, "fn", (json_int_t)m->c.fn, "predicted",
                     (json_int_t)m->c.predicted, "fp", (json_int_t)m->c.fp, "recall",
                     real_or_null(m->recall), "recall_ci95", interval(m->recall_ci), "precision",
                     real_or_null(m->precision), "precision_ci95", interval(m->precision_ci), "f2",
                     real_or_null(m->f2));
}

static json_t *
rule_json(const struct audit_report *r, enum audit_rule rule)
{
    json_t *per_type = json_object();
    for (size_t i = 0; i < r->n_types; i++) {
        json_object_set_new(per_type, r->types[i].type, metrics_json(&r->types[i].rule[rule]));
    }
    return json_pack("{so so}", "overall", metrics_json(&r->overall[rule]), "per_type", per_type);
}

static json_t *
confusion_json(const struct audit_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->n_confusion; i++) {
        json_array_append_new(a, json_pack("{ss ss sI}", "gold", r->confusion[i].gold_type,
                                           "predicted", r->confusion[i].predicted_type, "count",
                                           (json_int_t)r->confusion[i].count));
    }
    return a;
}

static json_t *
misses_json(const struct audit_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->n_misses; i++) {
        const struct audit_miss *m = &r->misses[i];
        json_array_append_new(a, json_pack("{ss sI ss sI sI sI sI sI sb}", "record", m->record_id,
                                           "line", (json_int_t)m->line, "type", m->type, "start",
                                           (json_int_t)m->start, "end", (json_int_t)m->end, "chars",
                                           (json_int_t)m->chars, "alnum", (json_int_t)m->alnum,
                                           "survived", (json_int_t)m->survived, "partial",
                                           m->touched));
    }
    return a;
}

int
audit_report_write_json(const struct audit_report *r, const char *path, struct err *err)
{
    json_t *root =
        json_pack("{ss sI}", "format", "veil-audit/1", "records", (json_int_t)r->records);
    int rc;

    if (!root) {
        return err_set(err, ERR_DEP, "%s: cannot build the audit JSON", path);
    }
    if (r->rules_digest[0]) {
        json_object_set_new(root, "rules_digest", json_string(r->rules_digest));
        json_object_set_new(
            root, "detection",
            json_pack("{sb}", "redact_fictional_phones", r->redact_fictional_phones));
    }
    if (r->redaction) {
        json_object_set_new(root, "redaction", json_loads(r->redaction, 0, NULL));
    }
    for (int k = 0; k < AUDIT_RULE_COUNT; k++) {
        json_object_set_new(root, audit_rule_name((enum audit_rule)k),
                            rule_json(r, (enum audit_rule)k));
    }
    json_object_set_new(root, "confusion", confusion_json(r));
    json_object_set_new(root, "missed", json_integer((json_int_t)r->n_missed));
    json_object_set_new(root, "worst_misses", misses_json(r));
    rc = audit_write_json(path, root, err);
    json_decref(root);
    return rc;
}
