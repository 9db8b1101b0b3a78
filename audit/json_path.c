#include "audit/audit_internal.h"

#include <jansson.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

int
json_parse_record(const char *path, uint64_t line, const unsigned char *p, size_t len, size_t flags,
                  json_t **out, struct err *err)
{
    json_error_t je;

    *out = json_loadb((const char *)p, len, flags | JSON_ALLOW_NUL, &je);
    if (*out) {
        return 0;
    }
    /* jansson's message may quote the input ("near 'jane@...'"): keep only what precedes it. */
    const char *near = strstr(je.text, " near ");
    int what = near ? (int)(near - je.text) : (int)strlen(je.text);
    return err_set(err, ERR_PARSE, "%s:%llu: record %llu: invalid JSON at byte %d: %.*s", path,
                   (unsigned long long)line, (unsigned long long)line, je.position, what, je.text);
}

json_t *
json_path_get(const json_t *root, const char *path)
{
    const json_t *v = root;

    while (v && *path) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        v = json_is_object(v) ? json_object_getn(v, path, len) : NULL;
        path += len + (dot ? 1 : 0);
    }
    return (json_t *)(uintptr_t)v; /* jansson's getters take const but return mutable */
}

struct walker {
    json_string_fn fn;
    void *ctx;
    struct buf path;
};

static int
walk(struct walker *w, const json_t *v, struct err *err)
{
    size_t mark = w->path.len;
    int rc = 0;

    if (json_is_string(v)) {
        return w->fn(w->ctx, (const char *)w->path.data,
                     (const unsigned char *)json_string_value(v), json_string_length(v),
                     JSON_TEXT_STRING, err);
    }
    if (json_is_integer(v)) {
        char num[32];
        int n = snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
        return w->fn(w->ctx, (const char *)w->path.data, (const unsigned char *)num, (size_t)n,
                     JSON_TEXT_NUMBER, err);
    }
    if (json_is_array(v)) {
        for (size_t i = 0; rc == 0 && i < json_array_size(v); i++) {
            w->path.len = mark;
            rc = buf_printf(&w->path, err, "[%zu]", i);
            rc = rc < 0 ? rc : walk(w, json_array_get(v, i), err);
        }
    } else if (json_is_object(v)) {
        const char *key;
        size_t key_len;
        json_t *child;
        json_object_keylen_foreach((json_t *)(uintptr_t)v, key, key_len, child)
        {
            w->path.len = mark;
            if ((mark && buf_putc(&w->path, '.', err) < 0) ||
                buf_append(&w->path, key, key_len, err) < 0 ||
                w->fn(w->ctx, (const char *)w->path.data, (const unsigned char *)key, key_len,
                      JSON_TEXT_KEY, err) < 0 ||
                walk(w, child, err) < 0) {
                rc = -1;
                break;
            }
        }
    }
    w->path.len = mark;
    if (w->path.data) {
        w->path.data[mark] = '\0';
    }
    return rc;
}

int
json_each_string(const json_t *v, json_string_fn fn, void *ctx, struct err *err)
{
    struct walker w = {fn, ctx, {0}};
    int rc;

    buf_init(&w.path, BUF_NO_MAX);
    if (buf_append(&w.path, "", 0, err) < 0) {
        return -1;
    }
    rc = walk(&w, v, err);
    buf_release(&w.path);
    return rc;
}
