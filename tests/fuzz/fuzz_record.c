/*
 * The record reader and scanner on arbitrary bytes. Differential: every line the scanner accepts
 * must be an object jansson accepts too, and every object jansson accepts (within the scanner's
 * documented limits: depth, top-level duplicates) the scanner must accept, with unescaped string
 * values equal to jansson's. And every decoded offset the escaped-offset map places in a literal
 * splits the literal where decoding its prefix gives exactly that many bytes.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/json_scan_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Offsets 0 and the end always map; any offset that maps splits literal and text alike. */
static void
check_offsets(const uint8_t *lit, size_t len, const struct buf *dec)
{
    struct buf pre;
    struct err err;
    size_t past = dec->len + 1, e;

    buf_init(&pre, BUF_NO_MAX);
    for (size_t d = 0; d <= dec->len && d < 64; d++) {
        int rc = json_escaped_offsets(lit, len, &d, 1, &e, &err);
        if (rc < 0 || (rc > 0 && (d == 0 || d == dec->len))) {
            abort();
        }
        if (rc > 0) {
            continue;
        }
        buf_reset(&pre);
        if (e > len || json_unescape(lit, e, &pre, &err) < 0 || pre.len != d ||
            (d && memcmp(pre.data, dec->data, d) != 0)) {
            abort();
        }
    }
    if (json_escaped_offsets(lit, len, &past, 1, &e, &err) != 1) {
        abort();
    }
    buf_release(&pre);
}

static void
check_strings(const struct json_scan *s, const uint8_t *data, json_t *root)
{
    const char *key;
    json_t *v;
    struct buf b;
    struct err err;

    /* Compare the top-level string members: decoded bytes must equal jansson's. */
    buf_init(&b, BUF_NO_MAX);
    for (size_t i = 0; i < s->n; i++) {
        const struct json_value *jv = &s->v[i];
        if (jv->depth != 1 || jv->kind != JV_STRING) {
            continue;
        }
        json_object_foreach(root, key, v)
        {
            if (strcmp(key, json_value_path(s, jv)) != 0) {
                continue;
            }
            buf_reset(&b);
            if (json_unescape(data + jv->start + 1, jv->end - jv->start - 2, &b, &err) < 0 ||
                !json_is_string(v) || json_string_length(v) != b.len ||
                (b.len && memcmp(json_string_value(v), b.data, b.len) != 0)) {
                abort();
            }
            check_offsets(data + jv->start + 1, jv->end - jv->start - 2, &b);
        }
    }
    buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct json_scan s;
    struct err err;
    json_error_t je;

    json_scan_init(&s);
    int ours = json_scan_record(&s, data, size, &err);
    json_t *root = json_loadb((const char *)data, size,
                              JSON_ALLOW_NUL | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    int theirs = root && json_is_object(root) ? 0 : -1;
    if (ours == 0 && theirs != 0) {
        /* jansson refuses numbers it cannot store (huge integers, overflowing reals) and
         * duplicate keys below the top level, which the scanner passes through unchanged. */
        if (!root && !strstr(je.text, "too big") && !strstr(je.text, "overflow") &&
            !strstr(je.text, "duplicate") && !strstr(je.text, "NUL")) {
            abort();
        }
    }
    /* jansson's lexer treats a raw NUL byte as the end of input; the scanner refuses it. */
    int has_nul = memchr(data, 0, size) != NULL;
    if (ours != 0 && theirs == 0 && !has_nul && err.kind != ERR_LIMIT &&
        !strstr(err.msg, "duplicate")) {
        abort();
    }
    if (ours == 0 && theirs == 0) {
        check_strings(&s, data, root);
    }
    json_decref(root);
    json_scan_release(&s);
    return 0;
}
