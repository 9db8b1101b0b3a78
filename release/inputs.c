/* What a release is made of: data files (valid JSONL, vouched for by stats) and audit gates. */
#include "release/release_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/fdio.h"
#include "common/record.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"

#include "common/banned.h"

static const char *
base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Every line a JSON object. Messages give the line and byte offset, never record text. */
static int
check_jsonl(const char *path, int64_t *records, struct err *err)
{
    struct record_reader *r = NULL;
    struct span line;
    json_error_t jerr;
    int got, rc = -1;

    if (record_reader_open(path, RECORD_DEFAULT_MAX, &r, err) < 0) {
        return -1;
    }
    *records = 0;
    while ((got = record_reader_next(r, &line, err)) == 1) {
        json_t *v = json_loadb((const char *)line.p, line.len, JSON_REJECT_DUPLICATES, &jerr);
        int is_object = v && json_is_object(v);
        json_decref(v);
        if (!v) {
            err_set(err, ERR_PARSE, "%s:%llu: not valid JSONL: %s at byte %d", path,
                    (unsigned long long)record_reader_line(r),
                    line.len == 0 ? "empty line" : "invalid JSON", jerr.position);
            goto out;
        }
        if (!is_object) {
            err_set(err, ERR_PARSE, "%s:%llu: not valid JSONL: record is not a JSON object", path,
                    (unsigned long long)record_reader_line(r));
            goto out;
        }
        (*records)++;
    }
    if (got < 0) {
        goto out;
    }
    if (*records == 0) {
        err_set(err, ERR_PARSE, "%s: no records", path);
        goto out;
    }
    rc = 0;
out:
    record_reader_free(r);
    return rc;
}

/* Size, SHA-256 and mtime of the file's bytes as they are on disk. */
static int
hash_file(const char *path, struct release_file *f, int64_t *mtime, struct err *err)
{
    unsigned char chunk[65536], md[SHA256_BYTES];
    struct digest *d = NULL;
    struct stat st;
    int fd, rc = -1;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return err_set(err, ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        err_set(err, ERR_USAGE, "%s: not a regular file", path);
        goto out;
    }
    if (digest_new(DIGEST_SHA256, &d, err) < 0) {
        goto out;
    }
    f->size = 0;
    for (;;) {
        ssize_t r = fd_read(fd, chunk, sizeof(chunk), path, err);
        if (r < 0) {
            goto out;
        }
        if (r == 0) {
            break;
        }
        f->size += (uint64_t)r;
        if (digest_update(d, chunk, (size_t)r, err) < 0) {
            goto out;
        }
    }
    if (digest_final(d, md, err) < 0) {
        goto out;
    }
    hex_encode(md, sizeof(md), f->sha256);
    *mtime = (int64_t)st.st_mtime;
    rc = 0;
out:
    digest_free(d);
    close(fd);
    return rc;
}

int
inputs_add_data(struct release_files *files, const char *const *paths, size_t n,
                int64_t *newest_mtime, struct err *err)
{
    struct buf arc;
    int rc = -1;

    buf_init(&arc, BUF_NO_MAX);
    if (n == 0) {
        return err_set(err, ERR_USAGE, "no data files given (--data)");
    }
    for (size_t i = 0; i < n; i++) {
        const char *base = base_name(paths[i]);
        struct release_file *f;
        int64_t mtime, records;

        if (access(paths[i], R_OK) != 0) {
            err_set(err, ERR_USAGE, "%s: missing input: %s", paths[i], strerror(errno));
            goto out;
        }
        if (!release_name_ok(base)) {
            err_set(err, ERR_USAGE,
                    "%s: file name must be [A-Za-z0-9._-] and not start with '.' so that every "
                    "checksum tool reads it the same",
                    paths[i]);
            goto out;
        }
        buf_reset(&arc);
        if (buf_printf(&arc, err, "data/%s", base) < 0) {
            goto out;
        }
        for (size_t j = 0; j < files->n; j++) {
            if (strcmp(files->v[j].path, (const char *)arc.data) == 0) {
                err_set(err, ERR_USAGE, "%s: two data files are both named '%s'", paths[i], base);
                goto out;
            }
        }
        if (check_jsonl(paths[i], &records, err) < 0) {
            goto out;
        }
        f = release_files_add(files, (const char *)arc.data);
        f->source = xstrdup(paths[i]);
        f->records = records;
        if (hash_file(paths[i], f, &mtime, err) < 0) {
            goto out;
        }
        if (mtime > *newest_mtime) {
            *newest_mtime = mtime;
        }
    }
    rc = 0;
out:
    buf_release(&arc);
    return rc;
}

static json_t *
load_json(const char *path, const char *what, struct err *err)
{
    json_error_t jerr;
    json_t *v = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

    if (!v) {
        if (access(path, R_OK) != 0) {
            err_set(err, ERR_USAGE, "%s: missing %s: %s", path, what, strerror(errno));
        } else {
            err_set(err, ERR_PARSE, "%s:%d: invalid %s JSON: %s", path, jerr.line, what, jerr.text);
        }
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        err_set(err, ERR_PARSE, "%s: %s is not a JSON object", path, what);
        return NULL;
    }
    return v;
}

int
inputs_load_stats(const char *const *paths, size_t n, json_t **out, struct err *err)
{
    json_t *all = json_array();

    for (size_t i = 0; i < n; i++) {
        json_t *s = load_json(paths[i], "stats file", err);
        const char *format;
        if (!s) {
            json_decref(all);
            return -1;
        }
        format = json_string_value(json_object_get(s, "format"));
        if (!format || strcmp(format, "veil-stats/1") != 0 ||
            !json_is_array(json_object_get(s, "outputs"))) {
            json_decref(s);
            json_decref(all);
            return err_set(err, ERR_PARSE,
                           "%s: not a veil stats file (want format \"veil-stats/1\" and outputs)",
                           paths[i]);
        }
        json_array_append_new(all, s);
    }
    *out = all;
    return 0;
}

/* The stats output with this sha256, or NULL. */
static json_t *
stats_output_for(json_t *stats, const char *sha256)
{
    size_t i, j;
    json_t *s, *o;

    json_array_foreach(stats, i, s)
    {
        json_array_foreach(json_object_get(s, "outputs"), j, o)
        {
            const char *h = json_string_value(json_object_get(o, "sha256"));
            if (h && strcmp(h, sha256) == 0) {
                return o;
            }
        }
    }
    return NULL;
}

/*
 * The card describes every stats output as data/<its basename>: each output must therefore be
 * one of the data files, under the same name, or the card would describe files not released.
 */
static int
check_outputs_released(const struct release_files *files, const char *const *stats_paths,
                       json_t *stats, struct err *err)
{
    size_t i, j;
    json_t *s, *o;

    json_array_foreach(stats, i, s)
    {
        json_array_foreach(json_object_get(s, "outputs"), j, o)
        {
            const char *h = json_string_value(json_object_get(o, "sha256"));
            const char *path = json_string_value(json_object_get(o, "path"));
            const struct release_file *match = NULL;
            for (size_t k = 0; h && k < files->n; k++) {
                if (files->v[k].source && strcmp(files->v[k].sha256, h) == 0) {
                    match = &files->v[k];
                }
            }
            if (!h || !path) {
                return err_set(err, ERR_PARSE, "%s: outputs[%zu]: needs path and sha256",
                               stats_paths[i], j);
            }
            if (!match) {
                return err_set(err, ERR_USAGE,
                               "%s: outputs[%zu] '%s' is not among the --data files (its sha256 "
                               "%.16s... matches none); release it too or drop this stats file",
                               stats_paths[i], j, base_name(path), h);
            }
            if (strcmp(match->path + strlen("data/"), base_name(path)) != 0) {
                return err_set(err, ERR_USAGE,
                               "%s: outputs[%zu] was written as '%s' but is released as '%s'; "
                               "keep the name veil scrub gave it so the card matches",
                               stats_paths[i], j, base_name(path), match->path);
            }
        }
    }
    return 0;
}

int
inputs_check_scrubbed(const struct release_files *files, const char *const *data_paths,
                      const char *const *stats_paths, json_t *stats, int allow, struct err *err)
{
    size_t k = 0;

    for (size_t i = 0; i < files->n; i++) {
        const struct release_file *f = &files->v[i];
        if (!f->source) {
            continue;
        }
        if (!allow && !stats_output_for(stats, f->sha256)) {
            return err_set(err, ERR_USAGE,
                           "%s: not the output of 'veil scrub': no --stats file lists its sha256 "
                           "%.16s... (pass the scrub stats, or --allow-unscrubbed)",
                           data_paths[k], f->sha256);
        }
        k++;
    }
    return check_outputs_released(files, stats_paths, stats, err);
}

/* Sums integer leaves of src into dst, recursing into objects; other values are skipped. */
static void
sum_into(json_t *dst, json_t *src)
{
    const char *key;
    json_t *v;

    json_object_foreach(src, key, v)
    {
        json_t *have = json_object_get(dst, key);
        if (json_is_integer(v)) {
            json_int_t base = json_is_integer(have) ? json_integer_value(have) : 0;
            json_object_set_new(dst, key, json_integer(base + json_integer_value(v)));
        } else if (json_is_object(v)) {
            if (!json_is_object(have)) {
                have = json_object();
                json_object_set_new(dst, key, have);
            }
            sum_into(have, v);
        }
    }
}

/* Pseudonym counts: "distinct" from the union of values (summing would double count). */
static json_t *
merge_pseudonyms(json_t *stats)
{
    json_t *sets = json_object(), *out = json_object(), *s, *field;
    const char *name;
    size_t i, j;

    json_array_foreach(stats, i, s)
    {
        json_object_foreach(json_object_get(s, "pseudonyms"), name, field)
        {
            json_t *set = json_object_get(sets, name), *v;
            if (!set) {
                set = json_object();
                json_object_set_new(sets, name, set);
            }
            json_array_foreach(json_object_get(field, "values"), j, v)
            {
                if (json_is_string(v)) {
                    json_object_set(set, json_string_value(v), json_true());
                }
            }
        }
    }
    json_object_foreach(sets, name, field)
    {
        json_object_set_new(out, name,
                            json_pack("{sI}", "distinct", (json_int_t)json_object_size(field)));
    }
    json_decref(sets);
    return out;
}

json_t *
inputs_merge_stats(json_t *stats)
{
    static const char *const summed[] = {"records", "bytes", "detections", "content_warnings",
                                         "fields"};
    json_t *merged = json_object(), *s;
    size_t i;

    if (json_array_size(stats) == 0) {
        json_decref(merged);
        return json_null();
    }
    json_array_foreach(stats, i, s)
    {
        for (size_t k = 0; k < sizeof(summed) / sizeof(summed[0]); k++) {
            json_t *part = json_object_get(s, summed[k]);
            json_t *have = json_object_get(merged, summed[k]);
            if (!json_is_object(part)) {
                continue;
            }
            if (!have) {
                have = json_object();
                json_object_set_new(merged, summed[k], have);
            }
            sum_into(have, part);
        }
    }
    json_object_set_new(merged, "pseudonyms", merge_pseudonyms(stats));
    json_object_set_new(merged, "files", json_integer((json_int_t)json_array_size(stats)));
    return merged;
}

static int
by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *
inputs_rules_digests(json_t *stats)
{
    json_t *set = json_object(), *out = json_array(), *s, *v;
    const char **keys, *key;
    size_t i, n = 0;

    json_array_foreach(stats, i, s)
    {
        const char *d = json_string_value(json_object_get(s, "rules_digest"));
        if (d) {
            json_object_set(set, d, json_true());
        }
    }
    keys = xcalloc(json_object_size(set) + 1, sizeof(*keys));
    json_object_foreach(set, key, v)
    {
        (void)v;
        keys[n++] = key;
    }
    /* sorted, so the manifest does not depend on the order of --stats */
    qsort(keys, n, sizeof(*keys), by_string);
    for (i = 0; i < n; i++) {
        json_array_append_new(out, json_string(keys[i]));
    }
    free(keys);
    json_decref(set);
    return out;
}

static int
check_score(const char *path, json_t *report, double min_recall, int force, struct err *err)
{
    json_t *overall = json_object_get(json_object_get(report, "leak"), "overall");
    json_t *ci = json_object_get(overall, "recall_ci95");
    double lo;

    if (min_recall < 0) {
        return 0;
    }
    if (!json_is_array(ci) || !json_is_number(json_array_get(ci, 0))) {
        return err_set(err, ERR_USAGE,
                       "%s: audit has no leak.overall.recall_ci95 to check --min-recall against",
                       path);
    }
    lo = json_number_value(json_array_get(ci, 0));
    if (lo < min_recall && !force) {
        return err_set(err, ERR_USAGE,
                       "%s: audit recall lower bound %.4f is below --min-recall %.4f (use --force "
                       "to release anyway)",
                       path, lo, min_recall);
    }
    return 0;
}

static int
check_leaks(const char *path, json_t *report, int force, struct err *err)
{
    json_t *findings = json_object_get(report, "findings");
    json_int_t n = json_is_integer(findings) ? json_integer_value(findings)
                   : json_is_array(findings) ? (json_int_t)json_array_size(findings)
                                             : -1;

    if (n < 0) {
        return err_set(err, ERR_PARSE, "%s: leak report has no 'findings' count", path);
    }
    if (n > 0 && !force) {
        return err_set(err, ERR_USAGE,
                       "%s: leak scan reported %lld finding(s) (use --force to release anyway)",
                       path, (long long)n);
    }
    return 0;
}

int
inputs_check_audit(const char *const *paths, size_t n, double min_recall, int force,
                   json_t **summary, struct err *err)
{
    json_t *out = json_object(), *score = NULL;
    int rc = -1;

    for (size_t i = 0; i < n; i++) {
        json_t *r = load_json(paths[i], "audit report", err);
        if (!r) {
            goto out;
        }
        const char *format = json_string_value(json_object_get(r, "format"));
        if (format ? strcmp(format, "veil-audit/1") == 0 : json_object_get(r, "leak") != NULL) {
            if (check_score(paths[i], r, min_recall, force, err) < 0) {
                json_decref(r);
                goto out;
            }
            score = json_object_get(json_object_get(r, "leak"), "overall");
            json_object_set_new(out, "score",
                                json_pack("{sO*sO*}", "records", json_object_get(r, "records"),
                                          "leak_overall", score));
        } else if (format ? strcmp(format, "veil-leaks/1") == 0
                          : json_object_get(r, "findings") != NULL) {
            if (check_leaks(paths[i], r, force, err) < 0) {
                json_decref(r);
                goto out;
            }
            json_object_set_new(out, "leaks",
                                json_pack("{sOsO*}", "findings", json_object_get(r, "findings"),
                                          "by_kind", json_object_get(r, "by_kind")));
        } else {
            json_decref(r);
            err_set(err, ERR_PARSE,
                    "%s: not a veil audit report (format \"veil-audit/1\" or \"veil-leaks/1\")",
                    paths[i]);
            goto out;
        }
        json_decref(r);
    }
    if (min_recall >= 0 && !json_object_get(out, "score") && !force) {
        err_set(err, ERR_USAGE, "--min-recall needs an audit score report (--audit)");
        goto out;
    }
    *summary = json_object_size(out) ? json_incref(out) : json_null();
    rc = 0;
out:
    json_decref(out);
    return rc;
}
