/*
 * The numbers of the card: stats files (doc/stats-format.md) and audit reports, checked field by
 * field before anything is rendered, so that a card never prints a guessed or defaulted value.
 */
#include "release/card_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "release/release_internal.h"

#include "common/banned.h"

static bool
is_count(json_t *v)
{
    return json_is_integer(v) && json_integer_value(v) >= 0;
}

static bool
is_hex(const char *s, size_t len)
{
    return s && strlen(s) == len && strspn(s, "0123456789abcdef") == len;
}

static int
want_count(const char *path, json_t *obj, const char *field, const char *key, struct err *err)
{
    if (!is_count(json_object_get(obj, key))) {
        return err_set(err, ERR_PARSE, "%s: field '%s%s%s': expected a non-negative integer", path,
                       field, *field ? "." : "", key);
    }
    return 0;
}

/* Every member of obj is a count ({"EMAIL": 5, ...}). */
static int
want_counts(const char *path, json_t *obj, const char *field, struct err *err)
{
    const char *key;
    json_t *v;

    if (!json_is_object(obj)) {
        return err_set(err, ERR_PARSE, "%s: field '%s': expected an object of counts", path, field);
    }
    json_object_foreach(obj, key, v)
    {
        if (!is_count(v)) {
            return err_set(err, ERR_PARSE, "%s: field '%s.%.64s': expected a non-negative integer",
                           path, field, key);
        }
    }
    return 0;
}

static int
check_outputs(const char *path, json_t *outputs, struct err *err)
{
    size_t i;
    json_t *o;

    json_array_foreach(outputs, i, o)
    {
        const char *p = json_string_value(json_object_get(o, "path"));
        if (!p || !*p || !is_hex(json_string_value(json_object_get(o, "sha256")), 64) ||
            !is_count(json_object_get(o, "records")) || !is_count(json_object_get(o, "bytes"))) {
            return err_set(err, ERR_PARSE,
                           "%s: field 'outputs[%zu]': expected path, sha256 (64 hex), records "
                           "and bytes",
                           path, i);
        }
    }
    return 0;
}

static int
check_fields(const char *path, json_t *fields, struct err *err)
{
    const char *name;
    json_t *v;

    if (!fields) {
        return 0;
    }
    if (!json_is_object(fields)) {
        return err_set(err, ERR_PARSE, "%s: field 'fields': expected an object", path);
    }
    json_object_foreach(fields, name, v)
    {
        if (!is_count(json_object_get(v, "strings")) || !is_count(json_object_get(v, "bytes"))) {
            return err_set(err, ERR_PARSE,
                           "%s: field 'fields.%.64s': expected strings and bytes counts", path,
                           name);
        }
    }
    return 0;
}

static int
check_pseudonyms(const char *path, json_t *ps, struct err *err)
{
    const char *name;
    json_t *v, *value;
    size_t i;

    if (!ps) {
        return 0;
    }
    if (!json_is_object(ps)) {
        return err_set(err, ERR_PARSE, "%s: field 'pseudonyms': expected an object", path);
    }
    json_object_foreach(ps, name, v)
    {
        json_t *values = json_object_get(v, "values");
        if (!is_count(json_object_get(v, "distinct")) || !json_is_array(values)) {
            return err_set(err, ERR_PARSE,
                           "%s: field 'pseudonyms.%.64s': expected distinct and values", path,
                           name);
        }
        json_array_foreach(values, i, value)
        {
            if (!json_is_string(value)) {
                return err_set(err, ERR_PARSE,
                               "%s: field 'pseudonyms.%.64s.values[%zu]': expected a string", path,
                               name, i);
            }
        }
        if (json_array_size(values) != (size_t)json_integer_value(json_object_get(v, "distinct"))) {
            return err_set(err, ERR_PARSE,
                           "%s: field 'pseudonyms.%.64s': distinct does not match its values", path,
                           name);
        }
    }
    return 0;
}

/* The stats' content-warning block, or NULL when the run labelled none (--no-warnings). */
static json_t *
warnings_of(json_t *stats)
{
    json_t *cw = json_object_get(stats, "content_warnings");
    return cw && json_is_null(json_object_get(cw, "field")) ? NULL : cw;
}

static int
check_warnings(const char *path, json_t *cw, struct err *err)
{
    if (!cw) {
        return 0;
    }
    if (!json_is_string(json_object_get(cw, "field")) ||
        want_count(path, cw, "content_warnings", "records_with_any", err) < 0) {
        return json_is_string(json_object_get(cw, "field"))
                   ? -1
                   : err_set(err, ERR_PARSE,
                             "%s: field 'content_warnings.field': expected a string", path);
    }
    return want_counts(path, json_object_get(cw, "by_category"), "content_warnings.by_category",
                       err);
}

static int
check_stats(const char *path, json_t *s, struct err *err)
{
    static const char *const records[] = {"in", "out", "skipped", "quarantined", "dropped"};
    json_t *rec = json_object_get(s, "records"), *det = json_object_get(s, "detections");
    json_t *key_id = json_object_get(s, "id_key_id");

    if (!json_is_string(json_object_get(s, "veil_version")) ||
        !is_hex(json_string_value(json_object_get(s, "rules_digest")), 64)) {
        return err_set(err, ERR_PARSE,
                       "%s: fields 'veil_version' and 'rules_digest' (64 hex) are required", path);
    }
    if (!json_is_null(key_id) && !is_hex(json_string_value(key_id), 16)) {
        return err_set(err, ERR_PARSE, "%s: field 'id_key_id': expected 16 hex digits or null",
                       path);
    }
    for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
        if (want_count(path, rec, "records", records[i], err) < 0) {
            return -1;
        }
    }
    if (want_count(path, det, "detections", "total", err) < 0 ||
        want_counts(path, json_object_get(det, "by_entity"), "detections.by_entity", err) < 0 ||
        want_counts(path, json_object_get(det, "by_field"), "detections.by_field", err) < 0 ||
        check_outputs(path, json_object_get(s, "outputs"), err) < 0 ||
        check_fields(path, json_object_get(s, "fields"), err) < 0 ||
        check_pseudonyms(path, json_object_get(s, "pseudonyms"), err) < 0 ||
        check_warnings(path, warnings_of(s), err) < 0) {
        return -1;
    }
    return 0;
}

static int
by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* qsort's base must not be NULL, even for zero elements. */
static void
sort_list(struct card_list *l)
{
    if (l->n > 1) {
        qsort(l->v, l->n, sizeof(*l->v), by_text);
    }
}

static void
list_add_distinct(struct card_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], s) == 0) {
            return;
        }
    }
    l->v = xrealloc(l->v, size_mul(l->n + 1, sizeof(*l->v)));
    l->v[l->n++] = xstrdup(s);
}

/* "train" unless the file name says validation/dev or test, as the Hub's own inference does. */
static const char *
split_of(const char *base)
{
    static const struct {
        const char *word, *split;
    } words[] = {{"train", "train"},      {"training", "train"}, {"validation", "validation"},
                 {"valid", "validation"}, {"val", "validation"}, {"dev", "validation"},
                 {"test", "test"},        {"testing", "test"},   {"eval", "test"}};
    const char *p = base;

    while (*p) {
        size_t n = strcspn(p, "._-");
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
            if (strlen(words[i].word) == n && strncmp(p, words[i].word, n) == 0) {
                return words[i].split;
            }
        }
        p += n + (p[n] ? 1 : 0);
    }
    return "train";
}

static int
by_output_path(const void *a, const void *b)
{
    return strcmp(((const struct card_output *)a)->path, ((const struct card_output *)b)->path);
}

static int
collect_outputs(const struct release_card_opts *opts, struct card_facts *f, struct err *err)
{
    const char *dir = opts->data_dir ? opts->data_dir : "data";
    size_t i, j;
    json_t *s, *o;

    json_array_foreach(f->stats, i, s)
    {
        json_array_foreach(json_object_get(s, "outputs"), j, o)
        {
            const char *p = json_string_value(json_object_get(o, "path"));
            const char *slash = strrchr(p, '/');
            const char *base = slash ? slash + 1 : p;
            struct card_output *out;
            if (!release_name_ok(base)) {
                return err_set(err, ERR_PARSE,
                               "%s: field 'outputs[%zu].path': file name '%.64s' cannot be "
                               "released (use letters, digits, '.', '_', '-')",
                               opts->stats[i], j, base);
            }
            f->outputs = xrealloc(f->outputs, size_mul(f->n_outputs + 1, sizeof(*f->outputs)));
            out = &f->outputs[f->n_outputs++];
            memset(out, 0, sizeof(*out));
            out->path = xmalloc(size_add(size_add(strlen(dir), strlen(base)), 2));
            memcpy(out->path, dir, strlen(dir));
            out->path[strlen(dir)] = '/';
            memcpy(out->path + strlen(dir) + 1, base, strlen(base) + 1);
            out->split = xstrdup(split_of(base));
            out->records = json_integer_value(json_object_get(o, "records"));
            out->bytes = json_integer_value(json_object_get(o, "bytes"));
            memcpy(out->sha256, json_string_value(json_object_get(o, "sha256")), 65);
        }
    }
    if (f->n_outputs > 1) {
        qsort(f->outputs, f->n_outputs, sizeof(*f->outputs), by_output_path);
    }
    for (i = 1; i < f->n_outputs; i++) {
        if (strcmp(f->outputs[i].path, f->outputs[i - 1].path) == 0) {
            return err_set(err, ERR_PARSE, "stats: two output files are both named '%s'",
                           f->outputs[i].path);
        }
    }
    return 0;
}

static void
collect_provenance(const struct release_card_opts *opts, struct card_facts *f)
{
    size_t i;
    json_t *s;

    json_array_foreach(f->stats, i, s)
    {
        json_t *cw = warnings_of(s);
        json_t *key_id = json_object_get(s, "id_key_id");
        list_add_distinct(&f->digests, json_string_value(json_object_get(s, "rules_digest")));
        list_add_distinct(&f->versions, json_string_value(json_object_get(s, "veil_version")));
        if (json_is_string(key_id)) {
            list_add_distinct(&f->key_ids, json_string_value(key_id));
        }
        if (cw && !f->warnings_field) {
            f->warnings_field = json_string_value(json_object_get(cw, "field"));
        }
        f->n_unclassified += cw ? 0 : 1;
    }
    sort_list(&f->digests);
    sort_list(&f->versions);
    sort_list(&f->key_ids);
    f->categories = opts->categories;
    f->n_categories = opts->n_categories;
}

static int
load_stats(const struct release_card_opts *opts, struct card_facts *f, struct err *err)
{
    const char *first = NULL;
    size_t i;
    json_t *s;

    if (opts->n_stats == 0) {
        return err_set(err, ERR_USAGE,
                       "card: no stats file (veil scrub --stats): the card's "
                       "numbers come from it");
    }
    if (inputs_load_stats(opts->stats, opts->n_stats, &f->stats, err) < 0) {
        return -1;
    }
    json_array_foreach(f->stats, i, s)
    {
        json_t *cw = warnings_of(s);
        const char *field = cw ? json_string_value(json_object_get(cw, "field")) : NULL;
        if (check_stats(opts->stats[i], s, err) < 0) {
            return -1;
        }
        if (field && first && strcmp(field, first) != 0) {
            return err_set(err, ERR_PARSE,
                           "%s: field 'content_warnings.field': '%.64s' differs from '%.64s' in "
                           "an earlier stats file",
                           opts->stats[i], field, first);
        }
        first = field ? field : first;
    }
    f->merged = inputs_merge_stats(f->stats);
    collect_provenance(opts, f);
    return collect_outputs(opts, f, err);
}

static bool
is_ratio_or_null(json_t *v)
{
    return json_is_null(v) ||
           (json_is_number(v) && json_number_value(v) >= 0.0 && json_number_value(v) <= 1.0);
}

static bool
is_interval(json_t *v)
{
    return json_is_array(v) && json_array_size(v) == 2 && is_ratio_or_null(json_array_get(v, 0)) &&
           json_is_number(json_array_get(v, 0)) && is_ratio_or_null(json_array_get(v, 1)) &&
           json_is_number(json_array_get(v, 1));
}

static int
check_metrics(const char *path, json_t *m, const char *field, const char *type, struct err *err)
{
    if (!is_count(json_object_get(m, "n")) || !is_count(json_object_get(m, "tp")) ||
        !is_count(json_object_get(m, "fn")) || !is_ratio_or_null(json_object_get(m, "recall")) ||
        !is_interval(json_object_get(m, "recall_ci95")) ||
        !is_ratio_or_null(json_object_get(m, "precision")) ||
        !is_interval(json_object_get(m, "precision_ci95"))) {
        return err_set(err, ERR_PARSE,
                       "%s: field '%s%s%.64s': expected n, tp, fn, recall, recall_ci95, "
                       "precision and precision_ci95",
                       path, field, type ? ".per_type." : ".overall", type ? type : "");
    }
    return 0;
}

static int
check_score(const char *path, json_t *a, struct err *err)
{
    static const char *const rules[] = {"leak", "overlap", "exact"};

    if (!is_count(json_object_get(a, "records"))) {
        return err_set(err, ERR_PARSE, "%s: field 'records': expected a non-negative integer",
                       path);
    }
    for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
        json_t *rule = json_object_get(a, rules[r]), *m;
        const char *type;
        if (!rule && r > 0) {
            continue;
        }
        if (check_metrics(path, json_object_get(rule, "overall"), rules[r], NULL, err) < 0) {
            return -1;
        }
        json_object_foreach(json_object_get(rule, "per_type"), type, m)
        {
            if (check_metrics(path, m, rules[r], type, err) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static int
check_leaks(const char *path, json_t *a, struct err *err)
{
    json_t *scanned = json_object_get(a, "scanned");

    if (want_count(path, a, "", "findings", err) < 0 ||
        want_counts(path, json_object_get(a, "by_kind"), "by_kind", err) < 0 ||
        want_count(path, scanned, "scanned", "files", err) < 0 ||
        want_count(path, scanned, "scanned", "records", err) < 0) {
        return -1;
    }
    return 0;
}

static int
load_audit(const char *path, struct card_facts *f, struct err *err)
{
    json_error_t jerr;
    json_t *a = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    const char *format = json_string_value(json_object_get(a, "format"));
    int rc = -1;

    if (!a) {
        if (access(path, R_OK) != 0) {
            return err_set(err, ERR_USAGE, "%s: cannot open audit report: %s", path,
                           strerror(errno));
        }
        return err_set(err, ERR_PARSE, "%s:%d: invalid audit JSON: %s", path, jerr.line, jerr.text);
    }
    if (format && strcmp(format, "veil-audit/1") == 0) {
        if (f->audit) {
            err_set(err, ERR_USAGE, "%s: a second audit score report (%s came first)", path,
                    f->audit_path);
        } else if (check_score(path, a, err) == 0) {
            f->audit = json_incref(a);
            f->audit_path = path;
            rc = 0;
        }
    } else if (format && strcmp(format, "veil-leaks/1") == 0) {
        if (f->leaks) {
            err_set(err, ERR_USAGE, "%s: a second leak report (%s came first)", path,
                    f->leaks_path);
        } else if (check_leaks(path, a, err) == 0) {
            f->leaks = json_incref(a);
            f->leaks_path = path;
            rc = 0;
        }
    } else {
        err_set(err, ERR_PARSE,
                "%s: field 'format': expected \"veil-audit/1\" (veil audit score --json) or "
                "\"veil-leaks/1\" (veil audit leaks --json)",
                path);
    }
    json_decref(a);
    return rc;
}

int
card_facts_load(const struct release_card_opts *opts, struct card_facts *f, struct err *err)
{
    memset(f, 0, sizeof(*f));
    if (load_stats(opts, f, err) < 0) {
        goto fail;
    }
    for (size_t i = 0; i < opts->n_audit; i++) {
        if (load_audit(opts->audit[i], f, err) < 0) {
            goto fail;
        }
    }
    f->audit_svg = opts->audit_svg;
    return 0;
fail:
    card_facts_release(f);
    return -1;
}

static void
list_free(struct card_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i]);
    }
    free(l->v);
}

void
card_facts_release(struct card_facts *f)
{
    for (size_t i = 0; i < f->n_outputs; i++) {
        free(f->outputs[i].path);
        free(f->outputs[i].split);
    }
    free(f->outputs);
    list_free(&f->digests);
    list_free(&f->versions);
    list_free(&f->key_ids);
    json_decref(f->stats);
    json_decref(f->merged);
    json_decref(f->audit);
    json_decref(f->leaks);
    memset(f, 0, sizeof(*f));
}

json_int_t
card_int(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

json_int_t
card_records(const struct card_facts *f)
{
    return card_int(json_object_get(f->merged, "records"), "out");
}

/* Insertion sort: these objects hold a few dozen keys, and qsort has no context argument. */
const char **
card_keys_by_count(json_t *obj, size_t *n)
{
    const char **keys = card_keys_sorted(obj, n);

    for (size_t i = 1; i < *n; i++) {
        const char *k = keys[i];
        json_int_t v = card_int(obj, k);
        size_t j = i;
        while (j > 0 && card_int(obj, keys[j - 1]) < v) {
            keys[j] = keys[j - 1];
            j--;
        }
        keys[j] = k;
    }
    return keys;
}

const char **
card_keys_sorted(json_t *obj, size_t *n)
{
    const char **keys = xcalloc(json_object_size(obj) + 1, sizeof(*keys));
    const char *key;
    json_t *v;

    *n = 0;
    json_object_foreach(obj, key, v)
    {
        keys[(*n)++] = key;
    }
    if (*n > 1) {
        qsort(keys, *n, sizeof(*keys), by_text);
    }
    return keys;
}
