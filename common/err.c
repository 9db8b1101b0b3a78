#include "common/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/banned.h"

static void
mark_truncated(char *msg, size_t cap, int wanted)
{
    if (wanted >= 0 && (size_t)wanted >= cap && cap > 4) {
        memcpy(msg + cap - 4, "...", 4);
    }
}

int
err_set(struct err *err, enum err_kind kind, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!err) {
        return -1;
    }
    err->kind = kind;
    va_start(ap, fmt);
    n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    if (n < 0) {
        err->msg[0] = '\0';
    }
    mark_truncated(err->msg, sizeof(err->msg), n);
    return -1;
}

int
err_prefix(struct err *err, const char *fmt, ...)
{
    char prefix[256];
    char old[sizeof(err->msg)];
    va_list ap;
    int n;

    if (!err) {
        return -1;
    }
    va_start(ap, fmt);
    n = vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return -1;
    }
    memcpy(old, err->msg, sizeof(old));
    n = snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
    mark_truncated(err->msg, sizeof(err->msg), n);
    return -1;
}

void
err_clear(struct err *err)
{
    err->kind = ERR_NONE;
    err->msg[0] = '\0';
}

int
err_exit_code(const struct err *err)
{
    switch (err->kind) {
    case ERR_VERIFY:
        return 1;
    case ERR_DEP:
        return 3;
    default:
        return 2;
    }
}
