/* Operator names as written in packs and on the command line. */
#include <string.h>

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
