/*
 * --operator, --mask-char and --mask-keep: how findings are redacted. Shared by `veil scrub`
 * and `veil audit score`, because an audit measures the redaction the release had (a mask that
 * keeps the last four digits leaves them in the text, and the leak rule counts them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/banned.h"
#include "common/err.h"
#include "common/xalloc.h"

static int
parse_operator(struct cli_redaction *r, const char *arg, struct err *err)
{
    const char *eq = strchr(arg, '=');
    struct scrub_operator_override *o;

    if (!eq || eq == arg) {
        return err_set(err, ERR_USAGE, "--operator wants ENTITY=OPERATOR, got '%s'", arg);
    }
    if (r->n == sizeof(r->overrides) / sizeof(r->overrides[0])) {
        return err_set(err, ERR_USAGE, "too many --operator options");
    }
    o = &r->overrides[r->n];
    if (scrub_operator_parse(eq + 1, &o->op) < 0) {
        return err_set(err, ERR_USAGE, "--operator %s: unknown operator '%s'", arg, eq + 1);
    }
    char *entity = xmalloc((size_t)(eq - arg) + 1);
    memcpy(entity, arg, (size_t)(eq - arg));
    entity[eq - arg] = '\0';
    o->entity = entity;
    r->n++;
    return 0;
}

int
cli_redaction_option(struct cli_redaction *r, enum cli_redaction_opt opt, const char *arg,
                     struct err *err)
{
    switch (opt) {
    case CLI_REDACTION_OPERATOR:
        return parse_operator(r, arg, err);
    case CLI_REDACTION_MASK_CHAR:
        if (strlen(arg) != 1 || (unsigned char)arg[0] >= 0x80 || (unsigned char)arg[0] < 0x20) {
            return err_set(err, ERR_USAGE, "--mask-char wants one printable ASCII character");
        }
        r->mask_char = (unsigned char)arg[0];
        return 0;
    case CLI_REDACTION_MASK_KEEP: {
        char *end;
        long n = strtol(arg, &end, 10);
        if (*end || end == arg || n < 0 || n > 64) {
            return err_set(err, ERR_USAGE, "--mask-keep: '%s' is not a number from 0 to 64", arg);
        }
        r->mask_keep = (unsigned)n;
        r->mask_keep_set = true;
        return 0;
    }
    }
    return err_set(err, ERR_USAGE, "unknown redaction option");
}

void
cli_redaction_apply(const struct cli_redaction *r, struct scrub_engine_opts *eo)
{
    eo->overrides = r->overrides;
    eo->n_overrides = r->n;
    eo->mask_char = r->mask_char;
    eo->mask_keep = r->mask_keep;
    eo->mask_keep_set = r->mask_keep_set;
}

void
cli_redaction_release(struct cli_redaction *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free((void *)(uintptr_t)r->overrides[i].entity);
    }
    r->n = 0;
}
