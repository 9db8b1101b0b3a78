/*
 * Run statistics: accumulated per worker, merged, written as the stats file and read back for
 * `veil stats merge`. Counters only (no timings), so shard stats merge to the single-run stats.
 */
#include "scrub/pipeline_internal.h"

#include <openssl/evp.h>
#include <string.h>

#include "common/banned.h"
#include "common/err.h"
#include "common/keyfile.h"
#include "common/outfile.h"
#include "common/xalloc.h"

#define MAX_ERRORS   1000
#define STATS_FORMAT "veil-stats/1"

void
run_stats_init(struct run_stats *s)
{
    memset(s, 0, sizeof(*s));
    s->by_entity = json_object();
    s->by_rule = json_object();
    s->by_field = json_object();
    s->fields = json_object();
    s->pseudonyms = json_object();
    s->warnings = json_object();
    s->errors = json_array();
    s->outputs = json_array();
}

void
run_stats_release(struct run_stats *s)
{
    json_decref(s->by_entity);
    json_decref(s->by_rule);
    json_decref(s->by_field);
    json_decref(s->fields);
    json_decref(s->pseudonyms);
    json_decref(s->warnings);
    json_decref(s->errors);
    json_decref(s->outputs);
    memset(s, 0, sizeof(*s));
}

void
stats_count(json_t *map, const char *key, uint64_t n)
{
    json_t *v = json_object_get(map, key);
    if (v) {
        json_integer_set(v, json_integer_value(v) + (json_int_t)n);
    } else {
        json_object_set_new(map, key, json_integer((json_int_t)n));
    }
}

static void
merge_counts(json_t *dst, json_t *src)
{
    const char *key;
    json_t *v;
    json_object_foreach(src, key, v)
    {
        if (json_is_object(v)) {
            json_t *d = json_object_get(dst, key);
            if (!d) {
                json_object_set_new(dst, key, d = json_object());
            }
            merge_counts(d, v);
        } else {
            stats_count(dst, key, (uint64_t)json_integer_value(v));
        }
    }
}

static int
merge_pseudonyms(json_t *dst, json_t *src, struct err *err)
{
    const char *field, *pseudonym;
    json_t *set, *digest;

    json_object_foreach(src, field, set)
    {
        json_t *d = json_object_get(dst, field);
        if (!d) {
            json_object_set_new(dst, field, d = json_object());
        }
        json_object_foreach(set, pseudonym, digest)
        {
            json_t *have = json_object_get(d, pseudonym);
            if (have && json_is_string(have) && json_is_string(digest) &&
                !json_equal(have, digest)) {
                return err_set(err, ERR_VERIFY,
                               "field '%s': two different IDs map to pseudonym %s; use a new key",
                               field, pseudonym);
            }
            if (!have || json_is_null(have)) {
                json_object_set(d, pseudonym, digest);
            }
        }
    }
    return 0;
}

int
run_stats_merge(struct run_stats *dst, const struct run_stats *src, struct err *err)
{
    dst->records_in += src->records_in;
    dst->records_out += src->records_out;
    dst->skipped += src->skipped;
    dst->quarantined += src->quarantined;
    dst->dropped += src->dropped;
    dst->blank += src->blank;
    dst->bytes_in += src->bytes_in;
    dst->bytes_out += src->bytes_out;
    dst->detections += src->detections;
    dst->records_with_warnings += src->records_with_warnings;
    merge_counts(dst->by_entity, src->by_entity);
    merge_counts(dst->by_rule, src->by_rule);
    merge_counts(dst->by_field, src->by_field);
    merge_counts(dst->fields, src->fields);
    merge_counts(dst->warnings, src->warnings);
    for (size_t i = 0; i < json_array_size(src->errors); i++) {
        if (json_array_size(dst->errors) < MAX_ERRORS) {
            json_array_append(dst->errors, json_array_get(src->errors, i));
        }
    }
    json_array_extend(dst->outputs, src->outputs);
    return merge_pseudonyms(dst->pseudonyms, src->pseudonyms, err);
}

int
run_stats_note_pseudonym(struct run_stats *s, const char *field, const char *pseudonym,
                         const unsigned char *raw, size_t raw_len, struct err *err)
{
    unsigned char md[32];
    char hex[65];
    static const char digits[] = "0123456789abcdef";
    json_t *set = json_object_get(s->pseudonyms, field), *have;

    if (!EVP_Digest(raw, raw_len, md, NULL, EVP_sha256(), NULL)) {
        return err_set(err, ERR_DEP, "SHA-256 failed");
    }
    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
    secure_wipe(md, sizeof(md));
    if (!set) {
        json_object_set_new(s->pseudonyms, field, set = json_object());
    }
    have = json_object_get(set, pseudonym);
    if (have && strcmp(json_string_value(have), hex) != 0) {
        return err_set(err, ERR_VERIFY,
                       "two different IDs map to pseudonym %s; scrub again with a new key",
                       pseudonym);
    }
    if (!have) {
        json_object_set_new(set, pseudonym, json_string(hex));
    }
    secure_wipe(hex, sizeof(hex));
    return 0;
}

void
run_stats_error(struct run_stats *s, const char *input, uint64_t line, const char *kind,
                const char *action, const char *message)
{
    if (json_array_size(s->errors) >= MAX_ERRORS) {
        return;
    }
    json_array_append_new(s->errors, json_pack("{s:s, s:I, s:s, s:s, s:s}", "input", input, "line",
                                               (json_int_t)line, "kind", kind, "action", action,
                                               "message", message));
}

static json_t *
sorted_copy(json_t *obj)
{
    /* jansson keeps insertion order; sort keys so shard order does not change the file. */
    size_t n = json_object_size(obj), i = 0;
    const char **keys = xcalloc(n ? n : 1, sizeof(*keys));
    const char *key;
    json_t *v, *out = json_object();

    json_object_foreach(obj, key, v)
    {
        keys[i++] = key;
    }
    for (size_t a = 1; a < n; a++) {
        for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
            const char *t = keys[b];
            keys[b] = keys[b - 1];
            keys[b - 1] = t;
        }
    }
    for (i = 0; i < n; i++) {
        v = json_object_get(obj, keys[i]);
        json_object_set_new(out, keys[i], json_is_object(v) ? sorted_copy(v) : json_copy(v));
    }
    free((void *)keys);
    return out;
}

static json_t *
pseudonym_summary(json_t *pseudonyms)
{
    json_t *out = json_object();
    const char *field;
    json_t *set;

    json_object_foreach(pseudonyms, field, set)
    {
        json_t *sorted = sorted_copy(set), *values = json_array();
        const char *p;
        json_t *ignored;
        json_object_foreach(sorted, p, ignored)
        {
            json_array_append_new(values, json_string(p));
        }
        json_object_set_new(out, field,
                            json_pack("{s:I, s:o}", "distinct", (json_int_t)json_object_size(set),
                                      "values", values));
        json_decref(sorted);
    }
    return out;
}

json_t *
run_stats_to_json(const struct run_stats *s, const struct run_meta *meta)
{
    json_t *summary = pseudonym_summary(s->pseudonyms);
    json_t *pseudonyms = sorted_copy(summary);
    json_t *root;

    json_decref(summary);
    root = json_pack(
        "{s:s, s:s, s:s, s:o, s:O,"
        " s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I}, s:o,"
        " s:{s:I, s:o, s:o, s:o}, s:o, s:{s:o, s:I, s:o}, s:O}",
        "format", STATS_FORMAT, "veil_version", VEIL_VERSION, "rules_digest", meta->rules_digest,
        "id_key_id", meta->key_id[0] ? json_string(meta->key_id) : json_null(), "outputs",
        s->outputs, "records", "in", (json_int_t)s->records_in, "out", (json_int_t)s->records_out,
        "skipped", (json_int_t)s->skipped, "quarantined", (json_int_t)s->quarantined, "dropped",
        (json_int_t)s->dropped, "blank", (json_int_t)s->blank, "bytes", "in",
        (json_int_t)s->bytes_in, "out", (json_int_t)s->bytes_out, "fields", sorted_copy(s->fields),
        "detections", "total", (json_int_t)s->detections, "by_entity", sorted_copy(s->by_entity),
        "by_rule", sorted_copy(s->by_rule), "by_field", sorted_copy(s->by_field), "pseudonyms",
        pseudonyms, "content_warnings", "field",
        meta->warnings_field[0] ? json_string(meta->warnings_field) : json_null(),
        "records_with_any", (json_int_t)s->records_with_warnings, "by_category",
        sorted_copy(s->warnings), "errors", s->errors);
    if (root) {
        json_object_set_new(
            root, "detection",
            json_pack("{sb}", "redact_fictional_phones", meta->redact_fictional_phones));
        if (meta->redaction[0]) {
            json_object_set_new(root, "redaction", json_loads(meta->redaction, 0, NULL));
        }
    }
    return root;
}

/* Keep the canonical redaction JSON text (owned, freed here; NULL or too long: not recorded). */
static void
keep_redaction(struct run_meta *meta, char *text)
{
    if (text && strlen(text) < sizeof(meta->redaction)) {
        memcpy(meta->redaction, text, strlen(text) + 1);
    }
    free(text);
}

void
run_meta_from_opts(struct run_meta *meta, const struct scrub_opts *opts)
{
    struct err ignored;

    memset(meta, 0, sizeof(*meta));
    if (opts->rules) {
        scrub_rules_digest(opts->rules, meta->rules_digest);
    }
    meta->redact_fictional_phones = opts->engine.redact_fictional_phones;
    keep_redaction(meta, scrub_redaction_json(&opts->engine));
    if (opts->id_key && scrub_key_id(opts->id_key, opts->id_key_len, meta->key_id, &ignored) < 0) {
        meta->key_id[0] = '\0';
    }
    if (!opts->no_warnings && opts->warnings_field) {
        snprintf(meta->warnings_field, sizeof(meta->warnings_field), "%s", opts->warnings_field);
    }
}

static const char *
str_or_empty(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : "";
}

static uint64_t
get_count(json_t *root, const char *group, const char *key)
{
    json_t *v = json_object_get(json_object_get(root, group), key);
    return json_is_integer(v) && json_integer_value(v) > 0 ? (uint64_t)json_integer_value(v) : 0;
}

static void
copy_map(json_t *dst, json_t *src)
{
    if (json_is_object(src)) {
        merge_counts(dst, src);
    }
}

int
run_stats_from_json(struct run_stats *s, struct run_meta *meta, json_t *root, const char *path,
                    struct err *err)
{
    json_t *det = json_object_get(root, "detections");
    json_t *cw = json_object_get(root, "content_warnings");
    json_t *ps = json_object_get(root, "pseudonyms");
    const char *field;
    json_t *entry, *v;
    size_t i;

    if (!json_is_object(root) || !json_is_string(json_object_get(root, "format")) ||
        strcmp(json_string_value(json_object_get(root, "format")), STATS_FORMAT) != 0) {
        return err_set(err, ERR_PARSE, "%s: not a veil stats file (format %s expected)", path,
                       STATS_FORMAT);
    }
    memset(meta, 0, sizeof(*meta));
    snprintf(meta->rules_digest, sizeof(meta->rules_digest), "%s",
             str_or_empty(json_object_get(root, "rules_digest")));
    snprintf(meta->key_id, sizeof(meta->key_id), "%s",
             str_or_empty(json_object_get(root, "id_key_id")));
    snprintf(meta->warnings_field, sizeof(meta->warnings_field), "%s",
             str_or_empty(json_object_get(cw, "field")));
    meta->redact_fictional_phones = json_is_true(
        json_object_get(json_object_get(root, "detection"), "redact_fictional_phones"));
    if (json_is_object(json_object_get(root, "redaction"))) {
        keep_redaction(
            meta, json_dumps(json_object_get(root, "redaction"), JSON_COMPACT | JSON_SORT_KEYS));
    }
    s->records_in = get_count(root, "records", "in");
    s->records_out = get_count(root, "records", "out");
    s->skipped = get_count(root, "records", "skipped");
    s->quarantined = get_count(root, "records", "quarantined");
    s->dropped = get_count(root, "records", "dropped");
    s->blank = get_count(root, "records", "blank");
    s->bytes_in = get_count(root, "bytes", "in");
    s->bytes_out = get_count(root, "bytes", "out");
    s->detections = get_count(root, "detections", "total");
    s->records_with_warnings = get_count(root, "content_warnings", "records_with_any");
    copy_map(s->by_entity, json_object_get(det, "by_entity"));
    copy_map(s->by_rule, json_object_get(det, "by_rule"));
    copy_map(s->by_field, json_object_get(det, "by_field"));
    copy_map(s->fields, json_object_get(root, "fields"));
    copy_map(s->warnings, json_object_get(cw, "by_category"));
    json_object_foreach(ps, field, entry)
    {
        json_t *set = json_object();
        json_array_foreach(json_object_get(entry, "values"), i, v)
        {
            if (json_is_string(v)) {
                json_object_set_new(set, json_string_value(v), json_null());
            }
        }
        json_object_set_new(s->pseudonyms, field, set);
    }
    if (json_is_array(json_object_get(root, "errors"))) {
        json_array_extend(s->errors, json_object_get(root, "errors"));
    }
    if (json_is_array(json_object_get(root, "outputs"))) {
        json_array_extend(s->outputs, json_object_get(root, "outputs"));
    }
    return 0;
}

int
run_stats_write(const struct run_stats *s, const struct run_meta *meta, const char *path,
                struct err *err)
{
    json_t *root = run_stats_to_json(s, meta);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    struct outfile *f = NULL;
    int rc = -1;

    if (!text) {
        err_set(err, ERR_DEP, "%s: cannot serialise stats", path);
        goto out;
    }
    if (outfile_open(path, 0644, &f, err) < 0 || outfile_write(f, text, strlen(text), err) < 0 ||
        outfile_write(f, "\n", 1, err) < 0 || outfile_commit(f, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    outfile_free(f);
    free(text);
    json_decref(root);
    return rc;
}

static int
same_meta(const struct run_meta *a, const struct run_meta *b, const char *path, struct err *err)
{
    if (strcmp(a->rules_digest, b->rules_digest) != 0) {
        return err_set(err, ERR_VERIFY,
                       "%s: scrubbed with different rules (digest %.12s, not %.12s)", path,
                       b->rules_digest, a->rules_digest);
    }
    if (a->redact_fictional_phones != b->redact_fictional_phones) {
        return err_set(err, ERR_VERIFY,
                       "%s: scrubbed with different detection options (reserved fictional phone "
                       "numbers %s, not %s)",
                       path, b->redact_fictional_phones ? "redacted" : "left",
                       a->redact_fictional_phones ? "redacted" : "left");
    }
    /* A shard made by a veil that did not record it is given the benefit of the doubt. */
    if (a->redaction[0] && b->redaction[0] && strcmp(a->redaction, b->redaction) != 0) {
        return err_set(err, ERR_VERIFY,
                       "%s: scrubbed with different redaction options (%s, not %s)", path,
                       b->redaction, a->redaction);
    }
    if (strcmp(a->key_id, b->key_id) != 0) {
        return err_set(err, ERR_VERIFY, "%s: pseudonymised with a different ID key (%s, not %s)",
                       path, b->key_id[0] ? b->key_id : "none", a->key_id[0] ? a->key_id : "none");
    }
    return 0;
}

int
scrub_stats_merge(const char *const *paths, size_t n, const char *out_path, struct err *err)
{
    struct run_stats total, one;
    struct run_meta meta, other;
    int rc = -1;

    run_stats_init(&total);
    memset(&meta, 0, sizeof(meta));
    for (size_t i = 0; i < n; i++) {
        json_error_t je;
        json_t *root = json_load_file(paths[i], 0, &je);
        if (!root) {
            err_set(err, ERR_PARSE, "%s:%d: cannot read stats: %s", paths[i], je.line, je.text);
            goto out;
        }
        run_stats_init(&one);
        int bad = run_stats_from_json(&one, &other, root, paths[i], err) < 0 ||
                  (i > 0 && same_meta(&meta, &other, paths[i], err) < 0) ||
                  run_stats_merge(&total, &one, err) < 0;
        run_stats_release(&one);
        json_decref(root);
        if (bad) {
            goto out;
        }
        if (i == 0) {
            meta = other;
        }
    }
    rc = run_stats_write(&total, &meta, out_path, err);
out:
    run_stats_release(&total);
    return rc;
}
