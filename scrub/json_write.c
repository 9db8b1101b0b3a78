/*
 * A compact JSON writer over jansson values. jansson's own dump prints reals with 17 significant
 * digits (0.1 becomes 0.10000000000000001); a release must not rewrite its users' numbers, so
 * reals are printed in the shortest form that reads back to the same double.
 */
#include "scrub/pipeline_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/banned.h"
#include "common/err.h"

static int
write_string(const char *s, size_t len, struct buf *out, struct err *err)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;

    if (buf_putc(out, '"', err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];

        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        default:
            memcpy(u, "\\u00", 4);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            u[6] = '\0';
            esc = u;
        }
        if (buf_append(out, s + run, i - run, err) < 0 || buf_append_str(out, esc, err) < 0) {
            return -1;
        }
        run = i + 1;
    }
    if (buf_append(out, s + run, len - run, err) < 0) {
        return -1;
    }
    return buf_putc(out, '"', err);
}

static int
write_real(double d, struct buf *out, struct err *err)
{
    char tmp[40];

    if (!isfinite(d)) {
        return err_set(err, ERR_PARSE, "non-finite number cannot be written as JSON");
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
        if (strtod(tmp, NULL) == d) {
            break;
        }
    }
    if (!strpbrk(tmp, ".eEn")) {
        /* Keep it a real: "2" would read back as an integer. */
        size_t n = strlen(tmp);
        memcpy(tmp + n, ".0", 3);
    }
    return buf_append_str(out, tmp, err);
}

int
json_write_value(json_t *v, struct buf *out, struct err *err)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *item;
        int first = 1;
        if (buf_putc(out, '{', err) < 0) {
            return -1;
        }
        json_object_foreach(v, key, item)
        {
            if ((!first && buf_putc(out, ',', err) < 0) ||
                write_string(key, strlen(key), out, err) < 0 || buf_putc(out, ':', err) < 0 ||
                json_write_value(item, out, err) < 0) {
                return -1;
            }
            first = 0;
        }
        return buf_putc(out, '}', err);
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *item;
        if (buf_putc(out, '[', err) < 0) {
            return -1;
        }
        json_array_foreach(v, i, item)
        {
            if ((i && buf_putc(out, ',', err) < 0) || json_write_value(item, out, err) < 0) {
                return -1;
            }
        }
        return buf_putc(out, ']', err);
    }
    case JSON_STRING:
        return write_string(json_string_value(v), json_string_length(v), out, err);
    case JSON_INTEGER:
        return buf_printf(out, err, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    case JSON_REAL:
        return write_real(json_real_value(v), out, err);
    case JSON_TRUE:
        return buf_append_str(out, "true", err);
    case JSON_FALSE:
        return buf_append_str(out, "false", err);
    case JSON_NULL:
        return buf_append_str(out, "null", err);
    }
    return err_set(err, ERR_PARSE, "unknown JSON value type");
}
