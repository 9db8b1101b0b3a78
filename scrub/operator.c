/* Operator names as written in packs and on the command line. */
#include <string.h>

#include <jansson.h>

#include "scrub/scrub.h"

#include "common/banned.h"

static const struct {
    const char *name;
    enum scrub_operator op;
} operators[] = {
    {"default", SCRUB_OP_DEFAULT}, {"replace", SCRUB_OP_REPLACE},
    {"mask", SCRUB_OP_MASK},       {"pseudonym", SCRUB_OP_PSEUDONYM},
    {"redact", SCRUB_OP_REDACT},   {"drop-record", SCRUB_OP_DROP_RECORD},
};

int
scrub_operator_parse(const char *name, enum scrub_operator *op)
{
    for (size_t i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
        if (!strcmp(name, operators[i].name)) {
            *op = operators[i].op;
            return 0;
        }
    }
    return -1;
}

const char *
scrub_operator_name(enum scrub_operator op)
{
    for (size_t i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
        if (operators[i].op == op) {
            return operators[i].name;
        }
    }
    return "unknown";
}

char *
scrub_redaction_json(const struct scrub_engine_opts *opts)
{
    char mask_char[2] = {opts->mask_char ? (char)opts->mask_char : '*', '\0'};
    unsigned keep = opts->mask_keep || opts->mask_keep_set ? opts->mask_keep : 4;
    json_t *ops = json_object();
    json_t *root = json_pack("{ss sI so}", "mask_char", mask_char, "mask_keep", (json_int_t)keep,
                             "operators", ops);
    char *text = NULL;

    for (size_t i = 0; root && i < opts->n_overrides; i++) {
        const struct scrub_operator_override *o = &opts->overrides[i];
        if (o->op != SCRUB_OP_DEFAULT && !json_object_get(ops, o->entity)) {
            json_object_set_new(ops, o->entity, json_string(scrub_operator_name(o->op)));
        }
    }
    if (root) {
        text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
    }
    json_decref(root);
    return text;
}
