#ifndef VEIL_AUDIT_INTERNAL_H
#define VEIL_AUDIT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

struct err;

/* ---- UTF-8 (text already validated, e.g. by jansson) ---- */

/* True when offset off of s[0..len) starts a character (or is len). */
bool utf8_is_boundary(const unsigned char *s, size_t len, size_t off);
/* Decode the character at s[*i] and advance *i; invalid bytes decode as U+FFFD, one at a time. */
uint32_t utf8_next(const unsigned char *s, size_t len, size_t *i);
/* Characters (code points) in s[0..len). */
size_t utf8_count(const unsigned char *s, size_t len);
/*
 * Whether a character is a letter or digit for the leak rule. Without ICU in audit/, non-ASCII
 * characters count as alphanumeric unless they sit in a known space, punctuation or symbol block:
 * when unsure, a character is one more that must not survive (the strict side).
 */
bool audit_is_alnum(uint32_t cp);

/* ---- input and output ---- */

/* True for a line of only spaces and tabs (skipped in JSONL inputs, never an error). */
bool audit_line_is_blank(const unsigned char *p, size_t len);

/* Write p[0..n) to path through an outfile (appears only when complete; "-" is stdout). */
int audit_write_file(const char *path, const void *p, size_t n, struct err *err);
/* Write a jansson value as indented JSON plus a newline, keys in insertion order. */
struct json_t;
int audit_write_json(const char *path, const struct json_t *root, struct err *err);

/* ---- JSON paths (sample and leaks) ---- */

/*
 * Parse one JSONL record (NULs in strings allowed). On failure: an ERR_PARSE error
 * "path:line: record N: invalid JSON at byte B: what" that never quotes the input.
 * flags are extra jansson decoding flags. The caller decrefs *out.
 */
int json_parse_record(const char *path, uint64_t line, const unsigned char *p, size_t len,
                      size_t flags, struct json_t **out, struct err *err);

/* The value at a dotted path of object keys ("meta.worker_id"), or NULL. Borrowed. */
struct json_t *json_path_get(const struct json_t *root, const char *path);

enum json_text {
    JSON_TEXT_STRING, /* a string value */
    JSON_TEXT_KEY,    /* an object key */
    JSON_TEXT_NUMBER, /* an integer, as decimal digits: IDs are often numbers */
};

/*
 * Calls fn for every text under v: string values, object keys and integers, depth first in
 * document order, with the dotted path of the value ("transcript", "turns[2].text"). Stops and
 * returns -1 when fn does.
 */
typedef int (*json_string_fn)(void *ctx, const char *path, const unsigned char *s, size_t len,
                              enum json_text kind, struct err *err);
int json_each_string(const struct json_t *v, json_string_fn fn, void *ctx, struct err *err);

/* ---- multi-string search (raw IDs and canaries) ---- */

/*
 * A set of needles found in text by a Rabin-Karp pass per distinct needle length, comparing
 * ASCII letters case-insensitively (a smuggled ID in other case is still a leak).
 */
struct needles;

struct needles *needles_new(void);
void needles_free(struct needles *n);
/* Adds a copy; returns its index, or the index of an equal needle already present. */
size_t needles_add(struct needles *n, const unsigned char *s, size_t len);
size_t needles_count(const struct needles *n);
const unsigned char *needles_get(const struct needles *n, size_t i, size_t *len);
/*
 * Calls found(ctx, needle index, offset) for every occurrence in text, in order of needle
 * length then offset. Stops and returns -1 when found returns -1.
 */
int needles_scan(const struct needles *n, const unsigned char *text, size_t len,
                 int (*found)(void *ctx, size_t needle, size_t off), void *ctx);

/* ---- reading a release ---- */

/* Called for each line of each data file; file is the path inside the release. */
typedef int (*release_line_fn)(void *ctx, const char *file, uint64_t line, const unsigned char *p,
                               size_t len, struct err *err);

/*
 * Every *.jsonl, *.jsonl.gz, *.jsonl.zst and *.jsonl.xz file of a release, whether it is an
 * archive libarchive reads (tar with any compression) or an extracted directory, in name order
 * for a directory and archive order otherwise. *files counts them; none at all is an error,
 * since a scan of nothing must not pass.
 */
int release_each_line(const char *release, size_t max_record, release_line_fn fn, void *ctx,
                      uint64_t *files, struct err *err);

#endif
