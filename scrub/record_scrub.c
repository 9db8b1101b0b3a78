/*
 * One record of `veil scrub`: parse, pseudonymise the hashed fields, scrub every selected string,
 * label content warnings, serialise. Pure per-record work, so workers can run it in parallel.
 */
#define _GNU_SOURCE /* memmem */
#include "scrub/pipeline_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/banned.h"
#include "common/err.h"
#include "common/xalloc.h"

#define MAX_DEPTH      64
#define MIN_ID_IN_TEXT 4 /* shorter raw IDs are not searched for inside other fields */

struct hashed_id {
    char *raw; /* the raw value, kept only while this record is processed */
    size_t len;
    char pseudonym[SCRUB_PSEUDONYM_LEN + 1];
};

struct walk {
    struct record_scrubber *rs;
    const char *input;
    uint64_t line;
    struct hashed_id *ids;
    size_t n_ids, cap_ids;
    bool drop;
    struct buf *spans_out;
    size_t n_spans;
};

int
record_scrubber_init(struct record_scrubber *rs, const struct scrub_opts *opts,
                     struct run_stats *stats, struct err *err)
{
    memset(rs, 0, sizeof(*rs));
    rs->opts = opts;
    rs->stats = stats;
    scrub_findings_init(&rs->findings);
    buf_init(&rs->text, BUF_NO_MAX);
    buf_init(&rs->path, BUF_NO_MAX);
    rs->engine = scrub_engine_new(opts->rules, &opts->engine, err);
    return rs->engine ? 0 : -1;
}

void
record_scrubber_release(struct record_scrubber *rs)
{
    scrub_engine_free(rs->engine);
    scrub_findings_release(&rs->findings);
    buf_release(&rs->text);
    buf_release(&rs->path);
}

/* path equals prefix, or lies below it ("a.b" under "a"). */
static bool
path_under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '.');
}

static bool
path_in(const char *path, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (path_under(path, list[i])) {
            return true;
        }
    }
    return false;
}

static bool
is_hashed(const struct scrub_opts *o, const char *path)
{
    for (size_t i = 0; i < o->n_hash_fields; i++) {
        if (strcmp(path, o->hash_fields[i]) == 0) {
            return true;
        }
    }
    return false;
}

static bool
is_scrubbed(const struct scrub_opts *o, const char *path)
{
    if (path_in(path, o->keep, o->n_keep) || is_hashed(o, path)) {
        return false;
    }
    return o->n_fields == 0 || path_in(path, o->fields, o->n_fields);
}

static const char *
cur_path(const struct walk *w)
{
    return w->rs->path.len ? (const char *)w->rs->path.data : "";
}

static int
fail(struct walk *w, struct err *err, const char *what)
{
    return err_prefix(err, "%s:%" PRIu64 ": record %" PRIu64 " field '%s': %s", w->input, w->line,
                      w->line, cur_path(w), what);
}

/* The pseudonym that replaces a hashed field's value; the raw value is kept for this record. */
static int
hash_value(struct walk *w, const json_t *v, json_t **replacement, struct err *err)
{
    const struct scrub_opts *o = w->rs->opts;
    char number[32];
    const char *raw;
    size_t len;

    *replacement = NULL;
    if (json_is_null(v)) {
        return 0;
    }
    if (json_is_string(v)) {
        raw = json_string_value(v);
        len = json_string_length(v);
    } else if (json_is_integer(v)) {
        snprintf(number, sizeof(number), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        raw = number;
        len = strlen(number);
    } else {
        err_set(err, ERR_PARSE, "a hashed field must hold a string or an integer");
        return fail(w, err, "cannot pseudonymise");
    }
    if (w->n_ids == w->cap_ids) {
        w->cap_ids = w->cap_ids ? 2 * w->cap_ids : 4;
        w->ids = xrealloc(w->ids, size_mul(w->cap_ids, sizeof(*w->ids)));
    }
    struct hashed_id *id = &w->ids[w->n_ids];
    if (scrub_pseudonym_id(o->id_key, o->id_key_len, (const unsigned char *)raw, len, id->pseudonym,
                           err) < 0) {
        return fail(w, err, "cannot pseudonymise");
    }
    if (run_stats_note_pseudonym(w->rs->stats, cur_path(w), id->pseudonym,
                                 (const unsigned char *)raw, len, err) < 0) {
        return fail(w, err, "cannot pseudonymise");
    }
    id->raw = xmemdup(raw, len);
    id->len = len;
    w->n_ids++;
    *replacement = json_string(id->pseudonym);
    return 0;
}

static bool
is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           c >= 0x80;
}

/*
 * A worker's raw ID typed into a text field of the same record is replaced by its pseudonym
 * too, so no raw ID survives anywhere in the output. Whole tokens only.
 */
static int
replace_raw_ids(struct walk *w, struct buf *text, struct err *err)
{
    for (size_t i = 0; i < w->n_ids; i++) {
        const struct hashed_id *id = &w->ids[i];
        size_t from = 0;
        if (id->len < MIN_ID_IN_TEXT) {
            continue;
        }
        while (from + id->len <= text->len) {
            unsigned char *hit = memmem(text->data + from, text->len - from, id->raw, id->len);
            if (!hit) {
                break;
            }
            size_t at = (size_t)(hit - text->data), end = at + id->len;
            bool bounded = (at == 0 || !is_word_byte(text->data[at - 1])) &&
                           (end == text->len || !is_word_byte(text->data[end]));
            if (!bounded) {
                from = at + 1;
                continue;
            }
            struct buf next;
            buf_init(&next, BUF_NO_MAX);
            if (buf_append(&next, text->data, at, err) < 0 ||
                buf_append_str(&next, id->pseudonym, err) < 0 ||
                buf_append(&next, text->data + end, text->len - end, err) < 0) {
                buf_release(&next);
                return -1;
            }
            from = at + strlen(id->pseudonym);
            buf_release(text);
            *text = next;
            stats_count(w->rs->stats->by_entity, "WORKER_ID", 1);
        }
    }
    return 0;
}

static int
note_spans(struct walk *w, const struct scrub_findings *f, struct err *err)
{
    struct buf *out = w->spans_out;

    for (size_t i = 0; i < f->n; i++) {
        const struct scrub_finding *s = &f->v[i];
        stats_count(w->rs->stats->by_entity, s->entity, 1);
        stats_count(w->rs->stats->by_rule, s->rule, 1);
        stats_count(w->rs->stats->by_field, cur_path(w), 1);
        w->rs->stats->detections++;
        if (!out) {
            continue;
        }
        json_t *span = json_pack("{s:s, s:I, s:I, s:s, s:s, s:f}", "field", cur_path(w), "start",
                                 (json_int_t)s->start, "end", (json_int_t)s->end, "entity",
                                 s->entity, "rule", s->rule, "score", s->score);
        if (s->subtype) {
            json_object_set_new(span, "subtype", json_string(s->subtype));
        }
        int rc = (w->n_spans++ ? buf_putc(out, ',', err) : 0) < 0
                     ? -1
                     : json_write_value(span, out, err);
        json_decref(span);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

static int
scrub_string(struct walk *w, json_t *v, struct err *err)
{
    struct record_scrubber *rs = w->rs;
    const unsigned char *text = (const unsigned char *)json_string_value(v);
    size_t len = json_string_length(v);
    bool drop = false;
    json_t *field;

    field = json_object_get(rs->stats->fields, cur_path(w));
    if (!field) {
        field = json_pack("{s:I, s:I}", "strings", (json_int_t)0, "bytes", (json_int_t)0);
        json_object_set_new(rs->stats->fields, cur_path(w), field);
    }
    stats_count(field, "strings", 1);
    stats_count(field, "bytes", len);
    if (!rs->opts->no_warnings) {
        uint64_t cats = 0;
        if (scrub_engine_warnings(rs->engine, text, len, &cats, err) < 0) {
            return fail(w, err, "content-warning check failed");
        }
        rs->warnings |= cats;
    }
    if (scrub_engine_detect(rs->engine, text, len, &rs->findings, err) < 0) {
        return fail(w, err, "detection failed");
    }
    if (rs->findings.n == 0 && w->n_ids == 0) {
        return 0;
    }
    buf_reset(&rs->text);
    if (rs->findings.n == 0) {
        if (buf_append(&rs->text, text, len, err) < 0) {
            return fail(w, err, "redaction failed");
        }
    } else if (note_spans(w, &rs->findings, err) < 0 ||
               scrub_engine_redact(rs->engine, text, len, &rs->findings, &rs->text, &drop, err) <
                   0) {
        return fail(w, err, "redaction failed");
    }
    w->drop |= drop;
    if (replace_raw_ids(w, &rs->text, err) < 0) {
        return fail(w, err, "redaction failed");
    }
    if (rs->text.len != len || memcmp(rs->text.data, text, len) != 0) {
        json_string_setn_nocheck(v, (const char *)rs->text.data, rs->text.len);
    }
    return 0;
}

static void
path_push(struct buf *path, const char *key, size_t *saved)
{
    struct err ignored;
    *saved = path->len;
    if (path->len) {
        buf_putc(path, '.', &ignored);
    }
    buf_append_str(path, key, &ignored);
}

static void
path_pop(struct buf *path, size_t saved)
{
    buf_truncate(path, saved);
}

enum pass { PASS_HASH, PASS_SCRUB };

static int walk_value(struct walk *w, json_t *v, enum pass pass, int depth, json_t **replacement,
                      struct err *err);

static int
walk_children(struct walk *w, json_t *v, enum pass pass, int depth, struct err *err)
{
    json_t *replacement;

    if (json_is_object(v)) {
        const char *key;
        json_t *item;
        json_object_foreach(v, key, item)
        {
            size_t saved;
            path_push(&w->rs->path, key, &saved);
            int rc = walk_value(w, item, pass, depth + 1, &replacement, err);
            if (rc == 0 && replacement) {
                json_object_set_new(v, key, replacement);
            }
            path_pop(&w->rs->path, saved);
            if (rc < 0) {
                return -1;
            }
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (walk_value(w, json_array_get(v, i), pass, depth + 1, &replacement, err) < 0) {
                return -1;
            }
            if (replacement) {
                json_array_set_new(v, i, replacement);
            }
        }
    }
    return 0;
}

static int
walk_value(struct walk *w, json_t *v, enum pass pass, int depth, json_t **replacement,
           struct err *err)
{
    const struct scrub_opts *o = w->rs->opts;
    const char *path = cur_path(w);

    *replacement = NULL;
    if (depth > MAX_DEPTH) {
        err_set(err, ERR_LIMIT, "nested deeper than %d levels", MAX_DEPTH);
        return fail(w, err, "record rejected");
    }
    if (pass == PASS_HASH && depth > 0 && is_hashed(o, path)) {
        if (json_is_array(v)) {
            return walk_children(w, v, pass, depth, err);
        }
        return hash_value(w, v, replacement, err);
    }
    if (json_is_object(v) || json_is_array(v)) {
        return walk_children(w, v, pass, depth, err);
    }
    if (pass == PASS_SCRUB && json_is_string(v) && is_scrubbed(o, path)) {
        return scrub_string(w, v, err);
    }
    return 0;
}

/* jansson's message can quote the input near the error; keep only the part before " near ". */
static void
parse_error(const json_error_t *je, char *out, size_t cap)
{
    const char *near = strstr(je->text, " near ");
    int n = near ? (int)(near - je->text) : (int)strlen(je->text);
    snprintf(out, cap, "invalid JSON at byte %d: %.*s", je->position, n, je->text);
}

static int
add_warnings(struct walk *w, json_t *root, struct err *err)
{
    const struct scrub_opts *o = w->rs->opts;
    const struct scrub_rules *rules = o->rules;
    json_t *labels = json_array();

    for (size_t i = 0; i < scrub_rules_warning_count(rules) && i < 64; i++) {
        if (w->rs->warnings & ((uint64_t)1 << i)) {
            const char *name = scrub_rules_warning_name(rules, i);
            json_array_append_new(labels, json_string(name));
            stats_count(w->rs->stats->warnings, name, 1);
        }
    }
    if (json_array_size(labels)) {
        w->rs->stats->records_with_warnings++;
    }
    if (json_object_set_new(root, o->warnings_field, labels) != 0) {
        return err_set(err, ERR_PARSE, "cannot add field '%s'", o->warnings_field);
    }
    return 0;
}

static void
walk_release(struct walk *w)
{
    for (size_t i = 0; i < w->n_ids; i++) {
        free(w->ids[i].raw);
    }
    free(w->ids);
}

int
record_scrub_line(struct record_scrubber *rs, const char *input, uint64_t line,
                  const unsigned char *p, size_t len, struct buf *out, struct buf *spans_out,
                  enum record_outcome *outcome, struct err *err)
{
    struct walk w = {.rs = rs, .input = input, .line = line, .spans_out = spans_out};
    size_t out_mark = out->len, spans_mark = spans_out ? spans_out->len : 0;
    json_error_t je;
    json_t *root, *unused;
    int rc = -1;

    *outcome = RECORD_KEPT;
    size_t i = 0;
    while (i < len && (p[i] == ' ' || p[i] == '\t')) {
        i++;
    }
    if (i == len) {
        *outcome = RECORD_BLANK;
        return 0;
    }
    root = json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
    if (!root) {
        char msg[256];
        parse_error(&je, msg, sizeof(msg));
        return err_set(err, ERR_PARSE, "%s:%" PRIu64 ": record %" PRIu64 ": %s", input, line, line,
                       msg);
    }
    if (!json_is_object(root)) {
        err_set(err, ERR_PARSE, "%s:%" PRIu64 ": record %" PRIu64 ": not a JSON object", input,
                line, line);
        goto out;
    }
    rs->warnings = 0;
    buf_reset(&rs->path);
    if (spans_out && buf_printf(spans_out, err, "{\"input\":") < 0) {
        goto out;
    }
    if (spans_out) {
        json_t *name = json_string(input);
        int bad = json_write_value(name, spans_out, err) < 0 ||
                  buf_printf(spans_out, err, ",\"line\":%" PRIu64 ",\"spans\":[", line) < 0;
        json_decref(name);
        if (bad) {
            goto out;
        }
    }
    if (walk_value(&w, root, PASS_HASH, 0, &unused, err) < 0 ||
        walk_value(&w, root, PASS_SCRUB, 0, &unused, err) < 0) {
        goto out;
    }
    if (w.drop) {
        *outcome = RECORD_DROPPED;
        if (spans_out) {
            buf_truncate(spans_out, spans_mark);
        }
        rc = 0;
        goto out;
    }
    if (!rs->opts->no_warnings && rs->opts->warnings_field && add_warnings(&w, root, err) < 0) {
        goto out;
    }
    if (json_write_value(root, out, err) < 0 || buf_putc(out, '\n', err) < 0) {
        goto out;
    }
    if (spans_out) {
        if (w.n_spans == 0) {
            buf_truncate(spans_out, spans_mark);
        } else if (buf_append_str(spans_out, "]}\n", err) < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    if (rc < 0) {
        buf_truncate(out, out_mark);
        if (spans_out) {
            buf_truncate(spans_out, spans_mark);
        }
    }
    walk_release(&w);
    json_decref(root);
    return rc;
}
