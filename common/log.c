#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "common/banned.h"

static const char *g_progname = "veil";
static enum log_level g_level = LOG_WARN;

void
log_init(const char *progname, enum log_level level)
{
    g_progname = progname;
    g_level = level;
}

enum log_level
log_get_level(void)
{
    return g_level;
}

static void
vlog(enum log_level level, const char *tag, const char *fmt, va_list ap)
{
    if (level > g_level) {
        return;
    }
    fprintf(stderr, "%s: %s", g_progname, tag);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

#define DEFINE_LOG(name, level, tag)                                                               \
    void name(const char *fmt, ...)                                                                \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        vlog(level, tag, fmt, ap);                                                                 \
        va_end(ap);                                                                                \
    }

DEFINE_LOG(log_error, LOG_ERROR, "error: ")
DEFINE_LOG(log_warn, LOG_WARN, "warning: ")
DEFINE_LOG(log_info, LOG_INFO, "")
DEFINE_LOG(log_debug, LOG_DEBUG, "debug: ")
