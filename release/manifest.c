/* MANIFEST.json: every file's path, size and SHA-256, plus provenance; written deterministically.
 */
#include "release/release_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

static int
iso8601(int64_t epoch, char out[32], struct err *err)
{
    time_t t = (time_t)epoch;
    struct tm tm;

    if (!gmtime_r(&t, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        return err_set(err, ERR_USAGE, "source date epoch %lld is out of range", (long long)epoch);
    }
    return 0;
}

static json_t *
files_json(const struct release_files *files)
{
    json_t *a = json_array();

    for (size_t i = 0; i < files->n; i++) {
        const struct release_file *f = &files->v[i];
        json_t *o = json_pack("{sssIss}", "path", f->path, "size", (json_int_t)f->size, "sha256",
                              f->sha256);
        if (f->records >= 0) {
            json_object_set_new(o, "records", json_integer(f->records));
        }
        json_array_append_new(a, o);
    }
    return a;
}

int
manifest_write(const struct manifest_info *info, const struct release_files *files, struct buf *out,
               struct err *err)
{
    char created[32];
    json_t *m;
    char *text;
    int rc;

    if (iso8601(info->epoch, created, err) < 0) {
        return -1;
    }
    m = json_pack("{ss ss ss ss sI ss so sO* sO* sO* ss*}", "format", RELEASE_MANIFEST_FORMAT,
                  "name", info->name, "veil_version", VEIL_VERSION, "created", created,
                  "source_date_epoch", (json_int_t)info->epoch, "public_key_id", info->key_id,
                  "files", files_json(files), "stats", info->stats, "audit", info->audit,
                  "rules_digests", info->rules_digests, "packer", info->packer);
    if (!m) {
        return err_set(err, ERR_DEP, "manifest: cannot build JSON");
    }
    text = json_dumps(m, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(m);
    if (!text) {
        return err_set(err, ERR_DEP, "manifest: cannot serialise JSON");
    }
    rc = buf_printf(out, err, "%s\n", text);
    free(text);
    return rc;
}

static int
hex64_ok(const char *s)
{
    if (!s || strlen(s) != 64) {
        return 0;
    }
    for (int i = 0; i < 64; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            return 0;
        }
    }
    return 1;
}

static int
parse_file_entry(const char *origin, size_t i, json_t *e, struct manifest *m, struct err *err)
{
    const char *path = json_string_value(json_object_get(e, "path"));
    const char *sha = json_string_value(json_object_get(e, "sha256"));
    json_t *size = json_object_get(e, "size");
    struct release_file *f;

    if (!path || !hex64_ok(sha) || !json_is_integer(size) || json_integer_value(size) < 0) {
        return err_set(err, ERR_VERIFY, "%s: files[%zu]: needs path, size and sha256", origin, i);
    }
    if (!release_path_ok(path)) {
        return err_set(err, ERR_VERIFY, "%s: files[%zu]: unsafe path", origin, i);
    }
    if (strcmp(path, RELEASE_MANIFEST) == 0 || strcmp(path, RELEASE_SUMS) == 0) {
        return err_set(err, ERR_VERIFY, "%s: files[%zu]: '%s' cannot list itself", origin, i, path);
    }
    if (m->files.n && strcmp(m->files.v[m->files.n - 1].path, path) >= 0) {
        return err_set(err, ERR_VERIFY, "%s: files[%zu]: '%s' is duplicated or out of order",
                       origin, i, path);
    }
    f = release_files_add(&m->files, path);
    f->size = (uint64_t)json_integer_value(size);
    memcpy(f->sha256, sha, 65);
    return 0;
}

int
manifest_parse(const char *origin, const char *text, size_t len, struct manifest *m,
               struct err *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr), *files, *e;
    const char *format, *name, *key_id;
    int rc = -1;
    size_t i;

    memset(m, 0, sizeof(*m));
    if (!root) {
        /* jansson's text may quote the offending bytes: give only the position */
        return err_set(err, ERR_VERIFY, "%s:%d: invalid JSON at byte %d", origin, jerr.line,
                       jerr.position);
    }
    format = json_string_value(json_object_get(root, "format"));
    name = json_string_value(json_object_get(root, "name"));
    key_id = json_string_value(json_object_get(root, "public_key_id"));
    files = json_object_get(root, "files");
    if (!format || strcmp(format, RELEASE_MANIFEST_FORMAT) != 0) {
        err_set(err, ERR_VERIFY, "%s: not a veil manifest (format is not \"%s\")", origin,
                RELEASE_MANIFEST_FORMAT);
        goto out;
    }
    if (!name || !release_name_ok(name) || !json_is_array(files)) {
        err_set(err, ERR_VERIFY, "%s: manifest needs a safe 'name' and a 'files' array", origin);
        goto out;
    }
    if (key_id && (strlen(key_id) != 16 || strspn(key_id, "0123456789ABCDEF") != 16)) {
        err_set(err, ERR_VERIFY, "%s: 'public_key_id' is not 16 upper-case hex digits", origin);
        goto out;
    }
    m->name = xstrdup(name);
    m->key_id = key_id ? xstrdup(key_id) : NULL;
    json_array_foreach(files, i, e)
    {
        if (parse_file_entry(origin, i, e, m, err) < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    json_decref(root);
    if (rc < 0) {
        manifest_release(m);
    }
    return rc;
}

void
manifest_release(struct manifest *m)
{
    free(m->name);
    free(m->key_id);
    release_files_release(&m->files);
    m->name = m->key_id = NULL;
}

const struct release_file *
manifest_find(const struct manifest *m, const char *path)
{
    size_t lo = 0, hi = m->files.n;

    /* files are strictly sorted (checked when parsed) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->files.v[mid].path, path);
        if (c == 0) {
            return &m->files.v[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}
