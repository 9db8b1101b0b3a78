#ifndef VEIL_ERR_H
#define VEIL_ERR_H

/*
 * One-line diagnostics. Fallible functions return 0 or -1 and fill a caller-owned struct err;
 * err_set() returns -1 so that a failure is `return err_set(err, ERR_PARSE, "...")`.
 * Messages follow `path:line: what failed: detail` and never contain PII or secrets.
 */

enum err_kind {
    ERR_NONE = 0,
    ERR_IO,     /* open/read/write/rename failed */
    ERR_PARSE,  /* malformed input: JSON, YAML, key, signature, gold file */
    ERR_LIMIT,  /* a configured bound was hit: record size, regex budget, bomb */
    ERR_DEP,    /* a library call failed (OpenSSL, ICU, PCRE2, libarchive) */
    ERR_VERIFY, /* a negative verdict: signature, checksum, leak */
    ERR_USAGE,  /* a bad option or option combination */
};

struct err {
    enum err_kind kind;
    char msg[512]; /* NUL-terminated; a truncated message ends in "..." */
};

/* Set kind and message; always returns -1. */
int err_set(struct err *err, enum err_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepend "prefix: " to the existing message (context added on the way up); returns -1. */
int err_prefix(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clear to ERR_NONE and an empty message. */
void err_clear(struct err *err);

/* Exit code for a failure of this kind: 1 for ERR_VERIFY, 3 for ERR_DEP, 2 otherwise. */
int err_exit_code(const struct err *err);

#endif
