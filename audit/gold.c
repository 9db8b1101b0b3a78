/*
 * Gold (labelled) records. Everything a scorer relies on is checked here once, so the scoring
 * code can trust spans: in range, on UTF-8 boundaries, equal to their stated value, and never
 * two overlapping spans of one type (which would count one value twice).
 */
#include "audit/audit.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define MAX_TYPE_LEN 64
#define MAX_ID_LEN   80

struct ctx {
    const char *path;
    uint64_t line;
    struct err *err;
};

static int
bad(const struct ctx *c, const char *field, const char *what)
{
    return err_set(c->err, ERR_PARSE, "%s:%llu: record %llu field '%s': %s", c->path,
                   (unsigned long long)c->line, (unsigned long long)c->line, field, what);
}

static int
bad_span(const struct ctx *c, size_t i, const char *key, const char *what)
{
    char field[64];
    snprintf(field, sizeof(field), "spans[%zu]%s%s", i, *key ? "." : "", key);
    return bad(c, field, what);
}

static int
valid_type(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_TYPE_LEN) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.')) {
            return 0;
        }
    }
    return 1;
}

/* A display form of the id: printable ASCII only, so a report can never carry odd bytes. */
static char *
id_display(const json_t *id, uint64_t line)
{
    struct buf b;
    struct err e;
    const char *s = NULL;
    char *dumped = NULL;

    buf_init(&b, BUF_NO_MAX);
    if (!id || json_is_null(id)) {
        buf_printf(&b, &e, "line %llu", (unsigned long long)line);
        return (char *)buf_detach(&b, NULL);
    }
    if (json_is_string(id)) {
        s = json_string_value(id);
    } else {
        dumped = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
        s = dumped ? dumped : "?";
    }
    for (size_t i = 0; s[i] && b.len < MAX_ID_LEN; i++) {
        unsigned char ch = (unsigned char)s[i];
        buf_putc(&b, ch >= 0x20 && ch < 0x7f ? ch : '?', &e);
    }
    free(dumped);
    return (char *)buf_detach(&b, NULL);
}

static int
get_offset(const struct ctx *c, size_t i, const json_t *span, const char *key, size_t len,
           size_t *out)
{
    const json_t *v = json_object_get(span, key);
    char what[96];

    if (!v) {
        return bad_span(c, i, key, "missing");
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0) {
        return bad_span(c, i, key, "not a non-negative integer");
    }
    json_int_t off = json_integer_value(v);
    if ((unsigned long long)off > (unsigned long long)len) {
        snprintf(what, sizeof(what), "offset %lld is past the end of the text (%zu bytes)",
                 (long long)off, len);
        return bad_span(c, i, key, what);
    }
    *out = (size_t)off;
    return 0;
}

static int
parse_span(const struct ctx *c, size_t i, const json_t *js, const unsigned char *text, size_t len,
           struct audit_gold_span *out)
{
    const json_t *type = json_object_get(js, "type");
    const json_t *value = json_object_get(js, "value");
    char what[96];

    if (!json_is_object(js)) {
        return bad_span(c, i, "", "not an object");
    }
    if (!json_is_string(type) || !valid_type(json_string_value(type))) {
        return bad_span(c, i, "type", "not a name of 1-64 letters, digits, '_', '-' or '.'");
    }
    if (get_offset(c, i, js, "start", len, &out->start) < 0 ||
        get_offset(c, i, js, "end", len, &out->end) < 0) {
        return -1;
    }
    if (out->start >= out->end) {
        snprintf(what, sizeof(what), "empty or reversed span %zu-%zu", out->start, out->end);
        return bad_span(c, i, "end", what);
    }
    if (!utf8_is_boundary(text, len, out->start)) {
        snprintf(what, sizeof(what), "offset %zu is inside a UTF-8 character", out->start);
        return bad_span(c, i, "start", what);
    }
    if (!utf8_is_boundary(text, len, out->end)) {
        snprintf(what, sizeof(what), "offset %zu is inside a UTF-8 character", out->end);
        return bad_span(c, i, "end", what);
    }
    if (value) {
        if (!json_is_string(value)) {
            return bad_span(c, i, "value", "not a string");
        }
        size_t vlen = json_string_length(value);
        if (vlen != out->end - out->start ||
            memcmp(json_string_value(value), text + out->start, vlen) != 0) {
            return bad_span(c, i, "value", "differs from the text bytes at start-end");
        }
    }
    out->type = xstrdup(json_string_value(type));
    return 0;
}

static int
by_type_then_start(const void *a, const void *b)
{
    const struct audit_gold_span *x = a, *y = b;
    int t = strcmp(x->type, y->type);
    if (t) {
        return t;
    }
    return x->start < y->start ? -1 : x->start > y->start;
}

static int
by_start(const void *a, const void *b)
{
    const struct audit_gold_span *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    if (x->end != y->end) {
        return x->end < y->end ? -1 : 1;
    }
    return strcmp(x->type, y->type);
}

/* Two spans of one type that overlap would be one value labelled twice, or a labelling slip. */
static int
check_overlaps(const struct ctx *c, struct audit_gold_span *spans, size_t n)
{
    char what[160];

    qsort(spans, n, sizeof(*spans), by_type_then_start);
    for (size_t i = 1; i < n; i++) {
        if (!strcmp(spans[i].type, spans[i - 1].type) && spans[i].start < spans[i - 1].end) {
            snprintf(what, sizeof(what), "%s spans %zu-%zu and %zu-%zu overlap", spans[i].type,
                     spans[i - 1].start, spans[i - 1].end, spans[i].start, spans[i].end);
            return bad(c, "spans", what);
        }
    }
    qsort(spans, n, sizeof(*spans), by_start);
    return 0;
}

static int
parse_spans(const struct ctx *c, const json_t *arr, struct audit_gold_record *rec)
{
    size_t n = json_array_size(arr);

    rec->spans = xcalloc(n ? n : 1, sizeof(*rec->spans));
    for (size_t i = 0; i < n; i++) {
        if (parse_span(c, i, json_array_get(arr, i), rec->text, rec->len, &rec->spans[i]) < 0) {
            return -1;
        }
        rec->n_spans++;
    }
    return check_overlaps(c, rec->spans, rec->n_spans);
}

int
audit_gold_parse(const char *path, uint64_t line, const unsigned char *json, size_t len,
                 struct audit_gold_record *rec, struct err *err)
{
    struct ctx c = {path, line, err};
    json_t *root = NULL;
    int rc = -1;

    memset(rec, 0, sizeof(*rec));
    rec->line = line;
    if (json_parse_record(path, line, json, len, JSON_REJECT_DUPLICATES, &root, err) < 0) {
        goto out;
    }
    if (!json_is_object(root)) {
        bad(&c, "(record)", "not a JSON object");
        goto out;
    }
    const json_t *text = json_object_get(root, "text");
    const json_t *spans = json_object_get(root, "spans");
    if (!json_is_string(text)) {
        bad(&c, "text", text ? "not a string" : "missing");
        goto out;
    }
    if (!json_is_array(spans)) {
        bad(&c, "spans", spans ? "not an array" : "missing");
        goto out;
    }
    rec->len = json_string_length(text);
    rec->text = xmemdup(json_string_value(text), rec->len + 1);
    rec->id = id_display(json_object_get(root, "id"), line);
    if (parse_spans(&c, spans, rec) < 0) {
        goto out;
    }
    rc = 0;
out:
    if (rc < 0) {
        audit_gold_record_release(rec);
    }
    json_decref(root);
    return rc;
}

void
audit_gold_record_release(struct audit_gold_record *rec)
{
    for (size_t i = 0; i < rec->n_spans; i++) {
        free(rec->spans[i].type);
    }
    free(rec->spans);
    free(rec->text);
    free(rec->id);
    memset(rec, 0, sizeof(*rec));
}
