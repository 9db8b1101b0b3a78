#ifndef VEIL_LOG_H
#define VEIL_LOG_H

/*
 * Diagnostics to stderr, prefixed with the program name. The level and name are the only mutable
 * globals in veil; main sets them once. Never log record text, PII or key material: log rule
 * ids, record numbers and byte offsets instead.
 */

enum log_level { LOG_QUIET = 0, LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_init(const char *progname, enum log_level level);
enum log_level log_get_level(void);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
