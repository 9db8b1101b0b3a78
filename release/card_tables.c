/*
 * The card's generated tables. Every number here is read from the validated stats and audit
 * reports (struct card_facts) or computed from them (shares, means, collision bounds); none is
 * typed in, so a regenerated card always agrees with its inputs.
 */
#include "release/card_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

int
card_table_records(const struct card_facts *f, struct buf *out, struct err *err)
{
    json_int_t records = 0, bytes = 0;

    if (f->n_outputs == 0) {
        return buf_append_str(out,
                              "The stats list no output file (the scrub wrote to standard "
                              "output), so no data file can be named here.\n\n",
                              err);
    }
    if (buf_append_str(out,
                       "| File | Split | Records | Bytes | SHA-256 |\n"
                       "|---|---|---:|---:|---|\n",
                       err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < f->n_outputs; i++) {
        const struct card_output *o = &f->outputs[i];
        records += o->records;
        bytes += o->bytes;
        if (buf_append_str(out, "| ", err) < 0 || card_fmt_code(out, o->path, err) < 0 ||
            buf_printf(out, err, " | %s | ", o->split) < 0 ||
            card_fmt_int(out, o->records, err) < 0 || buf_append_str(out, " | ", err) < 0 ||
            card_fmt_int(out, o->bytes, err) < 0 ||
            buf_printf(out, err, " | `%s` |\n", o->sha256) < 0) {
            return -1;
        }
    }
    if (buf_append_str(out, "| **Total** | | **", err) < 0 || card_fmt_int(out, records, err) < 0 ||
        buf_append_str(out, "** | **", err) < 0 || card_fmt_int(out, bytes, err) < 0 ||
        buf_append_str(out, "** | |\n\n", err) < 0) {
        return -1;
    }
    return 0;
}

int
card_table_fields(const struct card_facts *f, struct buf *out, struct err *err)
{
    json_t *fields = json_object_get(f->merged, "fields");
    size_t n = 0;
    const char **keys = card_keys_sorted(fields, &n);
    int rc = -1;

    if (n == 0) {
        rc = buf_append_str(out, "The stats hold no per-field sizes.\n\n", err);
        goto out;
    }
    if (buf_append_str(out,
                       "Sizes of the string fields, as counted by `veil scrub`:\n\n"
                       "| Field | Strings | Bytes | Mean bytes per string |\n"
                       "|---|---:|---:|---:|\n",
                       err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_object_get(fields, keys[i]);
        json_int_t strings = card_int(v, "strings"), bytes = card_int(v, "bytes");
        if (buf_append_str(out, "| ", err) < 0 || card_fmt_code(out, keys[i], err) < 0 ||
            buf_append_str(out, " | ", err) < 0 || card_fmt_int(out, strings, err) < 0 ||
            buf_append_str(out, " | ", err) < 0 || card_fmt_int(out, bytes, err) < 0 ||
            (strings ? buf_printf(out, err, " | %.1f |\n", (double)bytes / (double)strings)
                     : buf_append_str(out, " | n/a |\n", err)) < 0) {
            goto out;
        }
    }
    rc = buf_putc(out, '\n', err);
out:
    free(keys);
    return rc;
}

int
card_table_scrub(const struct card_facts *f, struct buf *out, struct err *err)
{
    static const struct {
        const char *key, *label;
    } rows[] = {{"in", "Records read"},
                {"out", "Records released"},
                {"skipped", "Skipped as invalid input"},
                {"quarantined", "Quarantined as invalid input (not released)"},
                {"dropped", "Dropped by a drop-record rule"},
                {"blank", "Blank lines ignored"}};
    json_t *rec = json_object_get(f->merged, "records");

    if (buf_append_str(out, "| Step | Records |\n|---|---:|\n", err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (buf_printf(out, err, "| %s | ", rows[i].label) < 0 ||
            card_fmt_int(out, card_int(rec, rows[i].key), err) < 0 ||
            buf_append_str(out, " |\n", err) < 0) {
            return -1;
        }
    }
    return buf_putc(out, '\n', err);
}

static int
count_table(json_t *counts, const char *heading, json_int_t total, struct buf *out, struct err *err)
{
    size_t n = 0;
    const char **keys = card_keys_by_count(counts, &n);
    int rc = -1;

    if (buf_printf(out, err, "| %s | Redactions | Share |\n|---|---:|---:|\n", heading) < 0) {
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_int_t c = card_int(counts, keys[i]);
        if (buf_append_str(out, "| ", err) < 0 || card_fmt_code(out, keys[i], err) < 0 ||
            buf_append_str(out, " | ", err) < 0 || card_fmt_int(out, c, err) < 0 ||
            buf_append_str(out, " | ", err) < 0 || card_fmt_share(out, c, total, err) < 0 ||
            buf_append_str(out, " |\n", err) < 0) {
            goto out;
        }
    }
    rc = buf_putc(out, '\n', err);
out:
    free(keys);
    return rc;
}

int
card_table_redactions(const struct card_facts *f, struct buf *out, struct err *err)
{
    json_t *det = json_object_get(f->merged, "detections");
    json_int_t total = card_int(det, "total");

    if (buf_append_str(out, "Personal data found and redacted: ", err) < 0 ||
        card_fmt_int(out, total, err) < 0 || buf_append_str(out, " spans in ", err) < 0 ||
        card_fmt_int(out, card_records(f), err) < 0 ||
        buf_append_str(out, " released records.\n\n", err) < 0) {
        return -1;
    }
    if (total == 0) {
        return 0;
    }
    if (buf_append_str(out, "By entity type:\n\n", err) < 0 ||
        count_table(json_object_get(det, "by_entity"), "Entity type", total, out, err) < 0) {
        return -1;
    }
    if (json_object_size(json_object_get(det, "by_field")) == 0) {
        return 0;
    }
    return buf_append_str(out, "By field:\n\n", err) < 0 ||
                   count_table(json_object_get(det, "by_field"), "Field", total, out, err) < 0
               ? -1
               : 0;
}

/* Birthday bound for n pseudonyms of 64 bits: 1 - exp(-n(n-1) / 2^65). */
static double
collision_bound(json_int_t n)
{
    double d = (double)n;
    return -expm1(-d * (d - 1.0) / ldexp(1.0, 65));
}

static int
pseudonym_rows(json_t *ps, struct buf *out, struct err *err)
{
    size_t n = 0;
    const char **keys = card_keys_sorted(ps, &n);
    int rc = -1;

    if (buf_append_str(out,
                       "| Field | Distinct pseudonyms | Chance of any collision |\n"
                       "|---|---:|---:|\n",
                       err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_int_t d = card_int(json_object_get(ps, keys[i]), "distinct");
        if (buf_append_str(out, "| ", err) < 0 || card_fmt_code(out, keys[i], err) < 0 ||
            buf_append_str(out, " | ", err) < 0 || card_fmt_int(out, d, err) < 0 ||
            buf_printf(out, err, " | %.1e |\n", collision_bound(d)) < 0) {
            goto out;
        }
    }
    rc = buf_putc(out, '\n', err);
out:
    free(keys);
    return rc;
}

int
card_section_pseudonyms(const struct card_facts *f, struct buf *out, struct err *err)
{
    json_t *ps = json_object_get(f->merged, "pseudonyms");

    if (json_object_size(ps) == 0) {
        return buf_append_str(out,
                              "No field was pseudonymised: the stats record no "
                              "`--hash-field`.\n\n",
                              err);
    }
    if (buf_append_str(
            out,
            "Worker identifiers were replaced by keyed pseudonyms: `w_` followed by the first 16 "
            "hex digits (64 bits) of HMAC-SHA256 under a secret release key, computed over a "
            "domain-separation label and the identifier with surrounding white space trimmed. "
            "The key is not released, so a pseudonym cannot be reversed or recomputed from a "
            "guessed identifier.\n\n",
            err) < 0 ||
        pseudonym_rows(ps, out, err) < 0) {
        return -1;
    }
    if (f->key_ids.n > 0) {
        if (buf_append_str(out, "Key fingerprint", err) < 0 ||
            buf_append_str(out,
                           f->key_ids.n > 1 ? "s (more than one key was used; pseudonyms "
                                              "from different keys never match): "
                                            : ": ",
                           err) < 0) {
            return -1;
        }
        for (size_t i = 0; i < f->key_ids.n; i++) {
            if (buf_printf(out, err, "%s`%s`", i ? ", " : "", f->key_ids.v[i]) < 0) {
                return -1;
            }
        }
        if (buf_append_str(out,
                           " (HMAC-SHA256 of \"key-id\", truncated; it identifies the key "
                           "without revealing it).\n\n",
                           err) < 0) {
            return -1;
        }
    }
    return buf_append_str(
        out,
        "What linkage remains: all records of one worker share one pseudonym within this "
        "release, so per-worker counts and behaviour can be studied. Without the key nobody can "
        "link a pseudonym to a person or to an identifier in another dataset. Releases made "
        "with different keys (veil recommends a new key per release) cannot be joined on "
        "pseudonyms; releases sharing a key fingerprint can. The collision chance is the "
        "birthday bound for 64-bit values.\n\n",
        err);
}

static int
ci_cell(json_t *ci, struct buf *out, struct err *err)
{
    if (card_fmt_ratio(out, json_array_get(ci, 0), err) < 0 ||
        buf_append_str(out, " – ", err) < 0 ||
        card_fmt_ratio(out, json_array_get(ci, 1), err) < 0) {
        return -1;
    }
    return 0;
}

static int
metric_row(const char *label, json_t *m, struct buf *out, struct err *err)
{
    if (buf_printf(out, err, "| %s | ", label) < 0 ||
        card_fmt_ratio(out, json_object_get(m, "recall"), err) < 0 ||
        buf_append_str(out, " | ", err) < 0 ||
        ci_cell(json_object_get(m, "recall_ci95"), out, err) < 0 ||
        buf_append_str(out, " | ", err) < 0 || card_fmt_int(out, card_int(m, "tp"), err) < 0 ||
        buf_append_str(out, " of ", err) < 0 || card_fmt_int(out, card_int(m, "n"), err) < 0 ||
        buf_append_str(out, " |\n", err) < 0) {
        return -1;
    }
    return 0;
}

static int
audit_per_type(json_t *per_type, struct buf *out, struct err *err)
{
    size_t n = 0;
    const char **keys = card_keys_sorted(per_type, &n);
    int rc = -1;

    if (buf_append_str(out,
                       "Leak recall by entity type:\n\n"
                       "| Entity type | Leak recall | 95% CI | Caught |\n"
                       "|---|---:|---:|---:|\n",
                       err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        struct buf label;
        buf_init(&label, BUF_NO_MAX);
        int r = buf_append_str(&label, "`", err) < 0 || card_fmt_cell(&label, keys[i], err) < 0 ||
                        buf_append_str(&label, "`", err) < 0
                    ? -1
                    : metric_row((const char *)label.data, json_object_get(per_type, keys[i]), out,
                                 err);
        buf_release(&label);
        if (r < 0) {
            goto out;
        }
    }
    rc = buf_putc(out, '\n', err);
out:
    free(keys);
    return rc;
}

static int
audit_leak_scan(const struct card_facts *f, struct buf *out, struct err *err)
{
    json_t *scanned = json_object_get(f->leaks, "scanned");

    if (!f->leaks) {
        return 0;
    }
    if (buf_append_str(out, "A leak scan of the released files (`veil audit leaks`) checked ",
                       err) < 0 ||
        card_fmt_int(out, card_int(scanned, "records"), err) < 0 ||
        buf_append_str(out, " records in ", err) < 0 ||
        card_fmt_int(out, card_int(scanned, "files"), err) < 0 ||
        buf_printf(out, err,
                   " file%s for raw worker IDs, planted canaries and residual personal data, "
                   "and reported ",
                   card_int(scanned, "files") == 1 ? "" : "s") < 0 ||
        card_fmt_int(out, card_int(f->leaks, "findings"), err) < 0 ||
        buf_printf(out, err, " finding%s.\n\n", card_int(f->leaks, "findings") == 1 ? "" : "s") <
            0) {
        return -1;
    }
    return 0;
}

int
card_section_audit(const struct card_facts *f, struct buf *out, struct err *err)
{
    json_t *a = f->audit, *leak = json_object_get(a, "leak");

    if (!a) {
        return buf_append_str(out,
                              "No redaction audit was supplied for this card: the recall "
                              "of the scrubbing is unmeasured.\n\n",
                              err) < 0 ||
                       audit_leak_scan(f, out, err) < 0
                   ? -1
                   : 0;
    }
    if (buf_append_str(out,
                       "Redaction recall was measured on a labelled (gold) sample "
                       "of ",
                       err) < 0 ||
        card_fmt_int(out, card_int(a, "records"), err) < 0 ||
        buf_append_str(out,
                       " records with `veil audit score`. A span counts as *leaked* when "
                       "any of its letters or digits survive the scrub; intervals are "
                       "Wilson 95% intervals.\n\n"
                       "| Measure | Recall | 95% CI | Gold spans caught |\n"
                       "|---|---:|---:|---:|\n",
                       err) < 0 ||
        metric_row("Leak recall (nothing survives)", json_object_get(leak, "overall"), out, err) <
            0 ||
        (json_object_get(a, "overlap") &&
         metric_row("Overlap recall (a redaction touches the span)",
                    json_object_get(json_object_get(a, "overlap"), "overall"), out, err) < 0) ||
        (json_object_get(a, "exact") &&
         metric_row("Exact recall (same start and end)",
                    json_object_get(json_object_get(a, "exact"), "overall"), out, err) < 0) ||
        buf_append_str(out, "\nPrecision of the redactions (leak rule): ", err) < 0 ||
        card_fmt_ratio(out, json_object_get(json_object_get(leak, "overall"), "precision"), err) <
            0 ||
        buf_append_str(out, " (95% CI ", err) < 0 ||
        ci_cell(json_object_get(json_object_get(leak, "overall"), "precision_ci95"), out, err) <
            0 ||
        buf_append_str(out, ").\n\n", err) < 0 ||
        audit_per_type(json_object_get(leak, "per_type"), out, err) < 0) {
        return -1;
    }
    if (f->audit_svg &&
        (buf_append_str(out, "![Leak recall by entity type](", err) < 0 ||
         card_fmt_cell(out, f->audit_svg, err) < 0 || buf_append_str(out, ")\n\n", err) < 0)) {
        return -1;
    }
    return audit_leak_scan(f, out, err);
}

static int
code_list(const struct card_list *l, struct buf *out, struct err *err)
{
    for (size_t i = 0; i < l->n; i++) {
        if (buf_append_str(out, i ? ", " : "", err) < 0 || card_fmt_code(out, l->v[i], err) < 0) {
            return -1;
        }
    }
    return 0;
}

/* A report's "detection" option: 1 set, 0 not set, -1 not recorded (an older veil). */
static int
detection_option(const json_t *report, const char *name)
{
    const json_t *v = json_object_get(json_object_get(report, "detection"), name);

    return json_is_boolean(v) ? json_is_true(v) : -1;
}

/*
 * How the scrub runs treated the numbers of exchange 555, which no subscriber has: "left",
 * "redacted", "mixed" or NULL (unrecorded).
 */
static const char *
fictional_phones_policy(const struct card_facts *f, int *scrub_value)
{
    int seen = -1;
    size_t i;
    json_t *s;

    json_array_foreach(f->stats, i, s)
    {
        int v = detection_option(s, "redact_fictional_phones");
        if (v < 0) {
            return NULL;
        }
        if (seen >= 0 && v != seen) {
            return "mixed";
        }
        seen = v;
    }
    *scrub_value = seen;
    return seen < 0 ? NULL : seen ? "redacted" : "left as they are (no line can have one)";
}

/* Rows for the detection options of the scrub, and of the audit when it differs. */
static int
detection_rows(const struct card_facts *f, struct buf *out, struct err *err)
{
    int scrub_value = -1;
    const char *policy = fictional_phones_policy(f, &scrub_value);
    int audit_value = f->audit ? detection_option(f->audit, "redact_fictional_phones") : -1;

    if (policy &&
        buf_printf(out, err, "| Fictional phone numbers (exchange 555) | %s |\n", policy) < 0) {
        return -1;
    }
    if (scrub_value >= 0 && audit_value >= 0 && audit_value != scrub_value &&
        buf_printf(out, err,
                   "| **Audit detection options** | differ from the scrub's: the audit %s reserved "
                   "fictional phone numbers |\n",
                   audit_value ? "redacted" : "left") < 0) {
        return -1;
    }
    return 0;
}

int
card_table_provenance(const struct card_facts *f, struct buf *out, struct err *err)
{
    const char *audit_digest = json_string_value(json_object_get(f->audit, "rules_digest"));

    if (buf_printf(out, err,
                   "| Item | Value |\n|---|---|\n| Card generated by | veil %s |\n"
                   "| Scrubbed by | veil ",
                   VEIL_VERSION) < 0 ||
        code_list(&f->versions, out, err) < 0 ||
        buf_append_str(out, " |\n| Rule-pack digest (SHA-256) | ", err) < 0 ||
        code_list(&f->digests, out, err) < 0 ||
        buf_printf(out, err, " |\n| Stats files | %zu |\n", json_array_size(f->stats)) < 0 ||
        detection_rows(f, out, err) < 0 || card_rows_redaction(f, out, err) < 0) {
        return -1;
    }
    if (f->key_ids.n &&
        (buf_append_str(out, "| ID-key fingerprint | ", err) < 0 ||
         code_list(&f->key_ids, out, err) < 0 || buf_append_str(out, " |\n", err) < 0)) {
        return -1;
    }
    if (audit_digest &&
        (buf_append_str(out, "| Audit rule-pack digest | ", err) < 0 ||
         card_fmt_code(out, audit_digest, err) < 0 || buf_append_str(out, " |\n", err) < 0)) {
        return -1;
    }
    return buf_putc(out, '\n', err);
}
