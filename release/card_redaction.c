/*
 * The provenance rows for how findings were redacted: the scrub's operators and mask settings
 * (its stats files' "redaction"), and a flag when the audit redacted otherwise. A mask that keeps
 * the last four digits leaves them in the release, and the audit's leak rule counts them only
 * when the audit redacted the same way, so an audit made with other operators measures another
 * release than this one.
 */
#include "release/card_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

/* The stats files' common redaction, or NULL (none recorded, by an older veil); *mixed is set
 * when they disagree. */
static json_t *
scrub_redaction(const struct card_facts *f, bool *mixed)
{
    json_t *seen = NULL;
    size_t i;
    json_t *s;

    *mixed = false;
    json_array_foreach(f->stats, i, s)
    {
        json_t *r = json_object_get(s, "redaction");
        if (!json_is_object(r)) {
            return NULL;
        }
        if (seen && !json_equal(seen, r)) {
            *mixed = true;
        }
        seen = r;
    }
    return seen;
}

/* "`PHONE`: mask, `EMAIL`: pseudonym; masks keep the last 4 characters (`*`)", or the default. */
static int
describe(json_t *r, struct buf *out, struct err *err)
{
    json_t *ops = json_object_get(r, "operators");
    const char *entity, *mask_char = json_string_value(json_object_get(r, "mask_char"));
    json_int_t keep = json_integer_value(json_object_get(r, "mask_keep"));
    bool first = true;
    json_t *op;

    if (json_object_size(ops) == 0) {
        return buf_append_str(out,
                              "each rule's operator (typed placeholders unless a rule says "
                              "otherwise)",
                              err);
    }
    json_object_foreach(ops, entity, op)
    {
        const char *name = json_string_value(op);
        if ((!first && buf_append_str(out, ", ", err) < 0) || card_fmt_code(out, entity, err) < 0 ||
            buf_append_str(out, ": ", err) < 0 || card_fmt_cell(out, name ? name : "?", err) < 0) {
            return -1;
        }
        first = false;
    }
    if (buf_printf(out, err,
                   "; other entities: each rule's operator; masks keep the last %lld "
                   "characters (mask character ",
                   (long long)keep) < 0 ||
        card_fmt_code(out, mask_char ? mask_char : "*", err) < 0 || buf_putc(out, ')', err) < 0) {
        return -1;
    }
    return 0;
}

int
card_rows_redaction(const struct card_facts *f, struct buf *out, struct err *err)
{
    bool mixed;
    json_t *scrub = scrub_redaction(f, &mixed);
    json_t *audit = f->audit ? json_object_get(f->audit, "redaction") : NULL;

    if (!scrub) {
        return 0;
    }
    if (buf_append_str(out, "| Redaction operators | ", err) < 0 ||
        (mixed ? buf_append_str(out, "mixed: the stats files disagree", err)
               : describe(scrub, out, err)) < 0 ||
        buf_append_str(out, " |\n", err) < 0) {
        return -1;
    }
    if (!mixed && json_is_object(audit) && !json_equal(audit, scrub) &&
        (buf_append_str(out,
                        "| **Audit redaction options** | differ from the scrub's, so the "
                        "audit's leak recall is not this release's: the audit used ",
                        err) < 0 ||
         describe(audit, out, err) < 0 || buf_append_str(out, " |\n", err) < 0)) {
        return -1;
    }
    return 0;
}
