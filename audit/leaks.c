/*
 * The leak scan of a finished release: raw worker IDs (read from the raw inputs), planted
 * canaries, and PII the rule pack still detects. A finding is described by kind, length and
 * offset, never by value, so the report itself can be shared.
 */
#include "audit/audit.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/record.h"
#include "common/xalloc.h"
#include "scrub/scrub.h"

#include "common/banned.h"

/* What is known about a raw ID without keeping its value anywhere but the needle set. */
struct id_info {
    size_t field;                            /* index into opts->hash_fields */
    char pseudonym[SCRUB_PSEUDONYM_LEN + 1]; /* empty without a key */
};

struct scan {
    const struct audit_leaks_opts *opts;
    struct audit_leak_report *r;
    struct needles *ids, *canaries;
    struct id_info *id_info;
    uint64_t *canary_line; /* line of each canary in the canaries file */
    bool *canary_planted;  /* seen in the raw input */
    struct scrub_engine *engine;
    struct scrub_findings findings;
    /* the string being scanned */
    const char *file, *field;
    uint64_t record;
    enum json_text kind;
};

const char *
audit_leak_kind_name(enum audit_leak_kind kind)
{
    switch (kind) {
    case AUDIT_LEAK_RAW_ID:
        return "raw_id";
    case AUDIT_LEAK_CANARY:
        return "canary";
    case AUDIT_LEAK_RESIDUAL:
        return "residual";
    default:
        return "?";
    }
}

void
audit_leak_report_init(struct audit_leak_report *r)
{
    memset(r, 0, sizeof(*r));
}

void
audit_leak_report_release(struct audit_leak_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].file);
        free(r->items[i].field);
        free(r->items[i].detail);
    }
    free(r->items);
    free(r->unplanted);
    memset(r, 0, sizeof(*r));
}

struct masking {
    struct buf *b;
    const struct needles *n;
};

static int
mask_match(void *ctx, size_t needle, size_t off)
{
    struct masking *m = ctx;
    size_t len;

    needles_get(m->n, needle, &len);
    memset(m->b->data + off, '*', len);
    return 0;
}

/*
 * The field path is built from the record's own keys, and a key can be a leaked ID or canary
 * itself: those bytes are masked, so that the report never carries what it found.
 */
static void
mask_path(const struct scan *s, struct buf *path)
{
    struct masking ids = {path, s->ids}, canaries = {path, s->canaries};

    needles_scan(s->ids, path->data, path->len, mask_match, &ids);
    needles_scan(s->canaries, path->data, path->len, mask_match, &canaries);
}

static int add_finding(struct scan *s, enum audit_leak_kind kind, struct err *err, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));

static int
add_finding(struct scan *s, enum audit_leak_kind kind, struct err *err, const char *fmt, ...)
{
    struct audit_leak_report *r = s->r;
    struct buf field;
    char detail[320]; /* a short description: names, lengths and offsets only */
    va_list ap;

    buf_init(&field, BUF_NO_MAX);
    if (buf_append_str(&field, s->field, err) < 0) {
        return -1;
    }
    mask_path(s, &field);
    if (buf_append_str(&field,
                       s->kind == JSON_TEXT_KEY      ? " (key)"
                       : s->kind == JSON_TEXT_NUMBER ? " (number)"
                                                     : "",
                       err) < 0) {
        buf_release(&field);
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->items = xrealloc(r->items, size_mul(r->cap, sizeof(*r->items)));
    }
    struct audit_leak *it = &r->items[r->n++];
    it->file = xstrdup(s->file);
    it->record = s->record;
    it->field = (char *)buf_detach(&field, NULL);
    it->kind = kind;
    it->detail = xstrdup(detail);
    r->by_kind[kind]++;
    return 0;
}

/* ---- what to look for ---- */

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A worker ID as the pseudonymiser sees it: surrounding white space trimmed. */
static void
trim(const unsigned char **p, size_t *len)
{
    while (*len && is_space((*p)[0])) {
        (*p)++;
        (*len)--;
    }
    while (*len && is_space((*p)[*len - 1])) {
        (*len)--;
    }
}

static int
add_raw_id(struct scan *s, size_t field, const unsigned char *p, size_t len, struct err *err)
{
    trim(&p, &len);
    if (len < AUDIT_MIN_NEEDLE) {
        s->r->short_ids_skipped += len > 0;
        return 0;
    }
    size_t before = needles_count(s->ids);
    size_t idx = needles_add(s->ids, p, len);
    if (idx < before) {
        return 0;
    }
    s->id_info = xrealloc(s->id_info, size_mul(idx + 1, sizeof(*s->id_info)));
    s->id_info[idx].field = field;
    s->id_info[idx].pseudonym[0] = '\0';
    if (s->opts->id_key && scrub_pseudonym_id(s->opts->id_key, s->opts->id_key_len, p, len,
                                              s->id_info[idx].pseudonym, err) < 0) {
        return -1;
    }
    return 0;
}

static int
planted(void *ctx, size_t needle, size_t off)
{
    struct scan *s = ctx;
    (void)off;
    s->canary_planted[needle] = true;
    return 0;
}

static int
look_for_canaries(void *ctx, const char *path, const unsigned char *p, size_t len,
                  enum json_text kind, struct err *err)
{
    (void)path;
    (void)kind;
    (void)err;
    return needles_scan(((struct scan *)ctx)->canaries, p, len, planted, ctx);
}

static int
raw_ids_of(struct scan *s, const json_t *root, struct err *err)
{
    for (size_t f = 0; f < s->opts->n_hash_fields; f++) {
        const json_t *v = json_path_get(root, s->opts->hash_fields[f]);
        char num[32];
        if (json_is_string(v)) {
            if (add_raw_id(s, f, (const unsigned char *)json_string_value(v), json_string_length(v),
                           err) < 0) {
                return -1;
            }
        } else if (json_is_integer(v)) {
            int n = snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
            if (add_raw_id(s, f, (const unsigned char *)num, (size_t)n, err) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

/* One raw record: collect its worker IDs, and note which canaries were planted in it. */
static int
raw_line(struct scan *s, const char *path, uint64_t line, const struct span *text, struct err *err)
{
    json_t *root;
    int rc;

    if (json_parse_record(path, line, text->p, text->len, 0, &root, err) < 0) {
        return -1;
    }
    rc = raw_ids_of(s, root, err);
    if (rc == 0 && needles_count(s->canaries)) {
        rc = json_each_string(root, look_for_canaries, s, err);
    }
    json_decref(root);
    return rc;
}

/* A canary missing from the raw input tests nothing: the report lists it. */
static void
note_unplanted(struct scan *s)
{
    struct audit_leak_report *r = s->r;

    r->raw_scanned_for_canaries = true;
    r->unplanted = xcalloc(r->canaries ? r->canaries : 1, sizeof(*r->unplanted));
    for (size_t i = 0; i < r->canaries; i++) {
        if (!s->canary_planted[i]) {
            r->unplanted[r->n_unplanted++] = s->canary_line[i];
        }
    }
}

static int
load_raw(struct scan *s, struct err *err)
{
    for (size_t i = 0; i < s->opts->n_raw; i++) {
        struct record_reader *rd = NULL;
        struct span line;
        int rc;

        if (record_reader_open(s->opts->raw[i], s->opts->max_record, &rd, err) < 0) {
            return -1;
        }
        while ((rc = record_reader_next(rd, &line, err)) > 0) {
            if (!audit_line_is_blank(line.p, line.len) &&
                raw_line(s, s->opts->raw[i], record_reader_line(rd), &line, err) < 0) {
                rc = -1;
                break;
            }
        }
        record_reader_free(rd);
        if (rc < 0) {
            return -1;
        }
    }
    s->r->raw_ids = needles_count(s->ids);
    if (s->opts->n_raw && s->r->canaries) {
        note_unplanted(s);
    }
    return 0;
}

static int
load_canaries(struct scan *s, struct err *err)
{
    struct record_reader *rd = NULL;
    struct span line;
    int rc;

    if (record_reader_open(s->opts->canaries, 1 << 16, &rd, err) < 0) {
        return -1;
    }
    while ((rc = record_reader_next(rd, &line, err)) > 0) {
        const unsigned char *p = line.p;
        size_t len = line.len;
        trim(&p, &len);
        if (len == 0 || p[0] == '#') {
            continue;
        }
        if (len < AUDIT_MIN_NEEDLE) {
            rc = err_set(
                err, ERR_PARSE, "%s:%llu: canary is shorter than %d bytes: it would match anywhere",
                s->opts->canaries, (unsigned long long)record_reader_line(rd), AUDIT_MIN_NEEDLE);
            break;
        }
        size_t before = needles_count(s->canaries);
        size_t idx = needles_add(s->canaries, p, len);
        if (idx == before) {
            s->canary_line = xrealloc(s->canary_line, size_mul(idx + 1, sizeof(uint64_t)));
            s->canary_line[idx] = record_reader_line(rd);
            s->canary_planted = xrealloc(s->canary_planted, size_mul(idx + 1, sizeof(bool)));
            s->canary_planted[idx] = false;
        }
    }
    record_reader_free(rd);
    if (rc < 0) {
        return -1;
    }
    s->r->canaries = needles_count(s->canaries);
    if (s->r->canaries == 0) {
        return err_set(err, ERR_PARSE, "%s: no canaries in the file", s->opts->canaries);
    }
    return 0;
}

/* ---- scanning the release ---- */

struct hit {
    struct scan *s;
    const unsigned char *text;
    size_t len;
    struct err *err;
};

static bool
ascii_alnum(unsigned char c)
{
    return c < 0x80 && audit_is_alnum(c);
}

/*
 * IDs are often short numbers ("1042"); inside a longer token ("#104213", "a1042b") they are a
 * different value, so an ID counts only where it is not glued to letters or digits.
 */
static bool
stands_alone(const struct hit *h, const unsigned char *needle, size_t off, size_t len)
{
    if (off > 0 && ascii_alnum(needle[0]) && ascii_alnum(h->text[off - 1])) {
        return false;
    }
    return !(off + len < h->len && ascii_alnum(needle[len - 1]) && ascii_alnum(h->text[off + len]));
}

static int
id_found(void *ctx, size_t needle, size_t off)
{
    struct hit *h = ctx;
    struct scan *s = h->s;
    const struct id_info *info = &s->id_info[needle];
    size_t len;

    const unsigned char *id = needles_get(s->ids, needle, &len);
    if (!stands_alone(h, id, off, len)) {
        return 0;
    }
    return add_finding(s, AUDIT_LEAK_RAW_ID, h->err,
                       "raw value of hash field '%s' (%zu bytes%s%s) at byte %zu",
                       s->opts->hash_fields[info->field], len,
                       info->pseudonym[0] ? ", pseudonym " : "", info->pseudonym, off);
}

static int
canary_found(void *ctx, size_t needle, size_t off)
{
    struct hit *h = ctx;
    size_t len;

    needles_get(h->s->canaries, needle, &len);
    return add_finding(h->s, AUDIT_LEAK_CANARY, h->err,
                       "canary from line %llu of the canaries file (%zu bytes) at byte %zu",
                       (unsigned long long)h->s->canary_line[needle], len, off);
}

static int
residual(struct scan *s, const unsigned char *p, size_t len, struct err *err)
{
    struct err derr;

    if (scrub_engine_detect(s->engine, p, len, &s->findings, &derr) < 0) {
        if (derr.kind != ERR_LIMIT) {
            *err = derr;
            return -1;
        }
        /* Fail closed: text that could not be checked counts as a finding, not a pass. */
        return add_finding(s, AUDIT_LEAK_RESIDUAL, err,
                           "detection hit a resource limit: the text could not be checked");
    }
    for (size_t i = 0; i < s->findings.n; i++) {
        const struct scrub_finding *f = &s->findings.v[i];
        if (add_finding(s, AUDIT_LEAK_RESIDUAL, err, "%s detected by rule '%s' at bytes %zu-%zu",
                        f->entity, f->rule, f->start, f->end) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
scan_string(void *ctx, const char *path, const unsigned char *p, size_t len, enum json_text kind,
            struct err *err)
{
    struct scan *s = ctx;
    struct hit h = {s, p, len, err};

    s->field = path;
    s->kind = kind;
    s->r->strings += kind == JSON_TEXT_STRING;
    if (needles_scan(s->ids, p, len, id_found, &h) < 0 ||
        needles_scan(s->canaries, p, len, canary_found, &h) < 0) {
        return -1;
    }
    /*
     * Keys are the schema and numbers are scores and counts: PII rules would only misfire on
     * them, but a raw ID left in an unhashed numeric field is caught above.
     */
    return kind != JSON_TEXT_STRING || !s->engine ? 0 : residual(s, p, len, err);
}

static int
scan_line(void *ctx, const char *file, uint64_t line, const unsigned char *p, size_t len,
          struct err *err)
{
    struct scan *s = ctx;
    json_t *root;
    int rc;

    if (audit_line_is_blank(p, len)) {
        return 0;
    }
    if (json_parse_record(file, line, p, len, 0, &root, err) < 0) {
        return -1;
    }
    s->file = file;
    s->record = line;
    s->r->records++;
    rc = json_each_string(root, scan_string, s, err);
    json_decref(root);
    return rc;
}

int
audit_leaks_scan(const struct audit_leaks_opts *opts, struct audit_leak_report *r, struct err *err)
{
    struct audit_leaks_opts o = *opts;
    struct scan s = {.opts = &o, .r = r};
    struct scrub_engine_opts eo = {.redact_fictional_phones = opts->redact_fictional_phones};
    int rc = -1;

    if (!o.max_record) {
        o.max_record = RECORD_DEFAULT_MAX;
    }
    s.ids = needles_new();
    s.canaries = needles_new();
    scrub_findings_init(&s.findings);
    if ((o.canaries && load_canaries(&s, err) < 0) || load_raw(&s, err) < 0) {
        goto out;
    }
    if (o.rules && !(s.engine = scrub_engine_new(o.rules, &eo, err))) {
        goto out;
    }
    if (release_each_line(o.release, o.max_record, scan_line, &s, &r->files, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    scrub_findings_release(&s.findings);
    scrub_engine_free(s.engine);
    needles_free(s.ids);
    needles_free(s.canaries);
    free(s.id_info);
    free(s.canary_line);
    free(s.canary_planted);
    return rc;
}

int
audit_leak_report_write_json(const struct audit_leak_report *r, const char *path, struct err *err)
{
    json_t *by_kind = json_object();
    json_t *items = json_array();
    int rc;

    for (int k = 0; k < AUDIT_LEAK_KIND_COUNT; k++) {
        json_object_set_new(by_kind, audit_leak_kind_name((enum audit_leak_kind)k),
                            json_integer((json_int_t)r->by_kind[k]));
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct audit_leak *it = &r->items[i];
        json_array_append_new(items,
                              json_pack("{ss sI ss ss ss}", "file", it->file, "record",
                                        (json_int_t)it->record, "field", it->field, "kind",
                                        audit_leak_kind_name(it->kind), "detail", it->detail));
    }
    json_t *root =
        json_pack("{ss sI so so s{sI sI sI sI sI sI}}", "format", "veil-leaks/1", "findings",
                  (json_int_t)r->n, "by_kind", by_kind, "items", items, "scanned", "files",
                  (json_int_t)r->files, "records", (json_int_t)r->records, "strings",
                  (json_int_t)r->strings, "raw_ids", (json_int_t)r->raw_ids, "canaries",
                  (json_int_t)r->canaries, "short_ids_skipped", (json_int_t)r->short_ids_skipped);
    if (!root) {
        return err_set(err, ERR_DEP, "%s: cannot build the leak report JSON", path);
    }
    if (r->raw_scanned_for_canaries) {
        json_t *lines = json_array();
        for (size_t i = 0; i < r->n_unplanted; i++) {
            json_array_append_new(lines, json_integer((json_int_t)r->unplanted[i]));
        }
        json_object_set_new(json_object_get(root, "scanned"), "canaries_missing_from_raw", lines);
    }
    rc = audit_write_json(path, root, err);
    json_decref(root);
    return rc;
}
