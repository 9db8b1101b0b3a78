#ifndef VEIL_JSON_SCAN_INTERNAL_H
#define VEIL_JSON_SCAN_INTERNAL_H

/*
 * A strict, zero-copy scanner for one JSONL record. jansson builds a DOM and re-serialises it,
 * which costs more than all of veil's detection on typical records; this scanner only validates
 * (RFC 8259 grammar, UTF-8, escapes, surrogate pairs, nesting, duplicate keys) and reports where
 * each value sits in the line, so unchanged bytes are copied through untouched and only the
 * strings that change are re-encoded. The differential fuzz target checks it against jansson.
 */

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

struct err;

#define JSON_SCAN_MAX_DEPTH 64

enum json_value_kind { JV_STRING, JV_NUMBER, JV_LITERAL, JV_OBJECT, JV_ARRAY };

/* A value of the record. Spans are byte offsets into the line. */
struct json_value {
    enum json_value_kind kind;
    size_t start, end;         /* the value's bytes; strings include their quotes */
    size_t path_off, path_len; /* dotted key path in the scan's path arena (arrays add nothing) */
    unsigned depth;            /* 1 for members of the top-level object */
    bool escaped;              /* a string with backslash escapes */
    bool integer;              /* a number with no fraction or exponent */
};

/* The values of one record, in document order (containers after their contents). */
struct json_scan {
    struct json_value *v;
    size_t n, cap;
    struct buf paths;   /* path arena: each path NUL-terminated */
    struct buf scratch; /* decoded keys */
    size_t top_close;   /* offset of the top-level object's closing brace */
    bool top_empty;     /* the top-level object has no members */
};

void json_scan_init(struct json_scan *s);
void json_scan_release(struct json_scan *s);

/*
 * Scan p[0..len) as one JSON object (surrounding white space allowed). On error returns -1 with
 * a message "invalid JSON at byte N: what" (never quoting the input).
 */
int json_scan_record(struct json_scan *s, const unsigned char *p, size_t len, struct err *err);

/* The NUL-terminated path of v. */
const char *json_value_path(const struct json_scan *s, const struct json_value *v);

/* Decode the contents of a JSON string literal (without its quotes) into out (appended). */
int json_unescape(const unsigned char *p, size_t len, struct buf *out, struct err *err);

/*
 * Where the decoded offsets dec[0..n_dec) (ascending, each at most the decoded length) of the
 * string literal p[0..len) (without its quotes) lie in p: esc[k]. Returns 0; 1 when one of them
 * falls inside the bytes a single escape decodes to (no offset of p stands for it), or past the
 * end; -1 with err on an invalid escape.
 */
int json_escaped_offsets(const unsigned char *p, size_t len, const size_t *dec, size_t n_dec,
                         size_t *esc, struct err *err);

/*
 * Decode the string literal p[0..len) (without its quotes) where it lies, into *dec_len bytes
 * (what json_unescape gives), noting in journal how each escape json_escape_body would not
 * write is spelled, so that json_escape_in_place writes the literal back byte for byte. Returns
 * 1, with p unchanged, when the journal would pass journal_max bytes, the literal holds a raw
 * control character, or an escape is invalid (json_unescape reports it).
 */
int json_unescape_in_place(unsigned char *p, size_t len, struct buf *journal, size_t journal_max,
                           size_t *dec_len);
/* Undo json_unescape_in_place: the decoded p[0..dec_len) escaped back into the literal of len
 * bytes it was, with the spellings journal holds. */
void json_escape_in_place(unsigned char *p, size_t dec_len, size_t len, const struct buf *journal);

/* Append text as a JSON string literal, quotes included. */
int json_escape(struct buf *out, const unsigned char *text, size_t len, struct err *err);
/* The same without the quotes: the bytes as they go inside a string literal. */
int json_escape_body(struct buf *out, const unsigned char *text, size_t len, struct err *err);

#endif
