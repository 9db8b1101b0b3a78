/*
 * One record of `veil scrub`: scan, pseudonymise the hashed fields, detect in every selected
 * string, then redact each string (with the values the record repeats elsewhere, echo.c), label
 * content warnings, and write the record back with only the changed values re-encoded. Pure
 * per-record work, so workers can run it in parallel.
 */
#define _GNU_SOURCE /* memmem */
#include "scrub/pipeline_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/keyfile.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define MIN_ID_IN_TEXT 4 /* shorter raw IDs are not searched for inside other fields */
/* Scratch buffers that grew past this (a long string) are freed once it is done. */
#define SCRATCH_KEEP ((size_t)1 << 20)
/* A string literal this long is decoded where it lies in the line, and escaped back once read,
 * instead of decoded into a copy: a record of tens of megabytes is then held once, not twice,
 * while it is read. Escapes json_escape would not write are noted in a journal of at most a
 * quarter of the literal's size; a literal that needs more is decoded into a copy. */
#define IN_PLACE_MIN SCRATCH_KEEP
/* In a line this long, unchanged runs of at least SPAN_MIN bytes go out as spans of the line,
 * not copied (struct scrub_output). */
#define LONG_LINE SCRATCH_KEEP
#define SPAN_MIN  ((size_t)4 << 10)

/* A replacement of line bytes [start, end) by arena bytes [off, off + len). */
struct edit {
    size_t start, end, off, len;
};

struct hashed_id {
    size_t raw_off, raw_len; /* the raw value in rs->ids_arena, kept for this record only */
    const char *path;
    char pseudonym[SCRUB_PSEUDONYM_LEN + 1];
};

/*
 * What a record adds to the stats, applied only once the record is written or dropped, so a
 * record that fails half-way (and is skipped or quarantined) counts nowhere but there. The
 * strings point into the rules or the scan, which outlive the record.
 */
struct tally {
    const char *entity, *rule, *path; /* a detection; rule NULL for a raw ID found in text */
};

struct field_tally {
    const char *path;
    size_t len;
};

/* A string's findings, kept from detection (first pass) to redaction (second pass). */
struct found {
    size_t value; /* index in the scan */
    struct scrub_finding *v;
    size_t n;
};

struct walk {
    struct record_scrubber *rs;
    const char *input;
    uint64_t line;
    unsigned char *p; /* the line: a long string is decoded in it while it is read (string_text) */
    struct hashed_id *ids;
    size_t n_ids, cap_ids;
    struct edit *edits;
    size_t n_edits, cap_edits;
    struct edit *pieces; /* of the string being scrubbed: decoded spans, rs->text bytes */
    size_t n_pieces, cap_pieces;
    bool drop;
    struct buf *spans_out;
    size_t n_spans;
    const char *path; /* of the value being processed */
    struct tally *tally;
    size_t n_tally, cap_tally;
    struct field_tally *fields;
    size_t n_fields, cap_fields;
    struct found *found;
    size_t n_found, cap_found, next_found;
};

static void
add_tally(struct walk *w, const char *entity, const char *rule)
{
    if (w->n_tally == w->cap_tally) {
        w->cap_tally = w->cap_tally ? 2 * w->cap_tally : 16;
        w->tally = xrealloc(w->tally, size_mul(w->cap_tally, sizeof(*w->tally)));
    }
    w->tally[w->n_tally++] = (struct tally){entity, rule, w->path};
}

static void
add_field_tally(struct walk *w, size_t len)
{
    if (w->n_fields == w->cap_fields) {
        w->cap_fields = w->cap_fields ? 2 * w->cap_fields : 16;
        w->fields = xrealloc(w->fields, size_mul(w->cap_fields, sizeof(*w->fields)));
    }
    w->fields[w->n_fields++] = (struct field_tally){w->path, len};
}

/* Raw IDs must not linger in memory after their record. */
static void
secure_wipe_buf(struct buf *b)
{
    if (b->data) {
        secure_wipe(b->data, b->len);
    }
}

int
record_scrubber_init(struct record_scrubber *rs, const struct scrub_opts *opts,
                     struct run_stats *stats, struct err *err)
{
    memset(rs, 0, sizeof(*rs));
    rs->opts = opts;
    rs->stats = stats;
    scrub_findings_init(&rs->findings);
    buf_init(&rs->text, BUF_NO_MAX);
    buf_init(&rs->decoded, BUF_NO_MAX);
    buf_init(&rs->journal, BUF_NO_MAX);
    buf_init(&rs->arena, BUF_NO_MAX);
    buf_init(&rs->ids_arena, BUF_NO_MAX);
    echo_set_init(&rs->echoes);
    json_scan_init(&rs->scan);
    rs->engine = scrub_engine_new(opts->rules, &opts->engine, err);
    return rs->engine ? 0 : -1;
}

void
record_scrubber_release(struct record_scrubber *rs)
{
    scrub_engine_free(rs->engine);
    scrub_findings_release(&rs->findings);
    buf_release(&rs->text);
    buf_release(&rs->decoded);
    buf_release(&rs->journal);
    buf_release(&rs->arena);
    secure_wipe_buf(&rs->ids_arena);
    buf_release(&rs->ids_arena);
    echo_set_release(&rs->echoes);
    json_scan_release(&rs->scan);
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
labels_warnings(const struct scrub_opts *o)
{
    return !o->no_warnings && o->warnings_field;
}

static bool
is_scrubbed(const struct scrub_opts *o, const char *path)
{
    if (path_in(path, o->keep, o->n_keep) || is_hashed(o, path)) {
        return false;
    }
    if (labels_warnings(o) && path_under(path, o->warnings_field)) {
        return false; /* replaced by this run's labels */
    }
    return o->n_fields == 0 || path_in(path, o->fields, o->n_fields);
}

static int
fail(struct walk *w, struct err *err, const char *what)
{
    return err_prefix(err, "%s:%" PRIu64 ": record %" PRIu64 " field '%s': %s", w->input, w->line,
                      w->line, w->path, what);
}

static void
push_edit(struct edit **v, size_t *n, size_t *cap, struct edit e)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *v = xrealloc(*v, size_mul(*cap, sizeof(**v)));
    }
    (*v)[(*n)++] = e;
}

/* An edit of the line whose replacement bytes were just appended to the arena from off. */
static int
add_edit(struct walk *w, size_t start, size_t end, size_t off)
{
    push_edit(&w->edits, &w->n_edits, &w->cap_edits,
              (struct edit){.start = start, .end = end, .off = off, .len = w->rs->arena.len - off});
    return 0;
}

/* Replace a hashed field's value by its pseudonym; keep the raw value for this record. */
static int
hash_value(struct walk *w, const struct json_value *v, struct err *err)
{
    struct record_scrubber *rs = w->rs;
    const struct scrub_opts *o = rs->opts;
    const unsigned char *raw = w->p + v->start;
    size_t len = v->end - v->start;

    if (v->kind == JV_LITERAL && raw[0] == 'n') {
        return 0; /* null stays null */
    }
    if (v->kind == JV_STRING) {
        raw++;
        len -= 2;
        if (v->escaped) {
            buf_reset(&rs->decoded);
            if (json_unescape(raw, len, &rs->decoded, err) < 0) {
                return fail(w, err, "cannot pseudonymise");
            }
            raw = rs->decoded.data;
            len = rs->decoded.len;
        }
    } else if (v->kind != JV_NUMBER || !v->integer) {
        err_set(err, ERR_PARSE, "a hashed field must hold a string or an integer");
        return fail(w, err, "cannot pseudonymise");
    }
    if (w->n_ids == w->cap_ids) {
        w->cap_ids = w->cap_ids ? 2 * w->cap_ids : 4;
        w->ids = xrealloc(w->ids, size_mul(w->cap_ids, sizeof(*w->ids)));
    }
    struct hashed_id *id = &w->ids[w->n_ids];
    if (scrub_pseudonym_id(o->id_key, o->id_key_len, raw, len, id->pseudonym, err) < 0) {
        return fail(w, err, "cannot pseudonymise");
    }
    id->path = w->path;
    id->raw_off = rs->ids_arena.len;
    id->raw_len = len;
    buf_append(&rs->ids_arena, raw, len, err);
    w->n_ids++;
    size_t off = rs->arena.len;
    if (buf_printf(&rs->arena, err, "\"%s\"", id->pseudonym) < 0) {
        return -1;
    }
    return add_edit(w, v->start, v->end, off);
}

static bool
is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           c >= 0x80;
}

/* Whether [at, end) overlaps one of the findings (sorted and disjoint). */
static bool
overlaps_finding(const struct scrub_findings *f, size_t at, size_t end)
{
    size_t lo = 0, hi = f->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->v[mid].end <= at) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < f->n && f->v[lo].start < end;
}

/* A raw ID's occurrence in the string: which ID, where. */
struct raw_hit {
    size_t start, end, id;
};

static int
by_hit_start(const void *a, const void *b)
{
    const struct raw_hit *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Replacement bytes for decoded [start, end), kept as a piece unless they equal those bytes. */
static int
add_piece(struct walk *w, const unsigned char *text, size_t start, size_t end, size_t off)
{
    struct buf *b = &w->rs->text;
    size_t n = b->len - off;

    if (n == end - start && memcmp(b->data + off, text + start, n) == 0) {
        b->len = off;
        return 0;
    }
    push_edit(&w->pieces, &w->n_pieces, &w->cap_pieces,
              (struct edit){.start = start, .end = end, .off = off, .len = n});
    return 0;
}

/*
 * A worker's raw ID typed into a text field of the same record is replaced by its pseudonym
 * too, so no raw ID survives anywhere in the output. Whole tokens only, and not where a finding
 * already replaces the bytes; where occurrences of two IDs overlap, the earlier one wins.
 */
static int
raw_id_pieces(struct walk *w, const unsigned char *text, size_t len, const struct scrub_findings *f,
              struct err *err)
{
    struct raw_hit *hits = NULL;
    size_t n = 0, cap = 0, taken_end = 0;
    int rc = 0;

    for (size_t i = 0; i < w->n_ids; i++) {
        const struct hashed_id *id = &w->ids[i];
        const unsigned char *raw = w->rs->ids_arena.data + id->raw_off;
        size_t from = 0;
        if (id->raw_len < MIN_ID_IN_TEXT) {
            continue;
        }
        while (from + id->raw_len <= len) {
            const unsigned char *hit = memmem(text + from, len - from, raw, id->raw_len);
            if (!hit) {
                break;
            }
            size_t at = (size_t)(hit - text), end = at + id->raw_len;
            bool bounded = (at == 0 || !is_word_byte(text[at - 1])) &&
                           (end == len || !is_word_byte(text[end]));
            if (!bounded || overlaps_finding(f, at, end)) {
                from = at + 1;
                continue;
            }
            if (n == cap) {
                cap = cap ? 2 * cap : 8;
                hits = xrealloc(hits, size_mul(cap, sizeof(*hits)));
            }
            hits[n++] = (struct raw_hit){at, end, i};
            from = end;
        }
    }
    if (n > 1) {
        qsort(hits, n, sizeof(*hits), by_hit_start);
    }
    for (size_t k = 0; k < n && rc == 0; k++) {
        if (hits[k].start < taken_end) {
            continue;
        }
        size_t off = w->rs->text.len;
        rc = buf_append_str(&w->rs->text, w->ids[hits[k].id].pseudonym, err) < 0
                 ? -1
                 : add_piece(w, text, hits[k].start, hits[k].end, off);
        taken_end = hits[k].end;
        add_tally(w, "WORKER_ID", NULL);
    }
    free(hits);
    return rc;
}

static int
note_spans(struct walk *w, const struct scrub_findings *f, struct err *err)
{
    struct buf *out = w->spans_out;

    for (size_t i = 0; i < f->n; i++) {
        const struct scrub_finding *s = &f->v[i];
        add_tally(w, s->entity, s->rule);
        if (!out) {
            continue;
        }
        json_t *span = json_pack("{s:s, s:I, s:I, s:s, s:s, s:f}", "field", w->path, "start",
                                 (json_int_t)s->start, "end", (json_int_t)s->end, "entity",
                                 s->entity, "rule", s->rule, "score", s->score);
        if (s->subtype) {
            json_object_set_new(span, "subtype", json_string(s->subtype));
        }
        int rc =
            (w->n_spans++ && buf_putc(out, ',', err) < 0) ? -1 : json_write_value(span, out, err);
        json_decref(span);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

static void
count_field(struct run_stats *stats, const char *path, size_t len)
{
    json_t *field = json_object_get(stats->fields, path);
    if (!field) {
        field = json_pack("{s:I, s:I}", "strings", (json_int_t)0, "bytes", (json_int_t)0);
        json_object_set_new(stats->fields, path, field);
    }
    stats_count(field, "strings", 1);
    stats_count(field, "bytes", len);
}

static int
by_start(const void *a, const void *b)
{
    const struct edit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Each finding's replacement (its operator's output for its bytes alone) as a piece. */
static int
finding_pieces(struct walk *w, const unsigned char *text, const struct scrub_findings *f,
               struct err *err)
{
    for (size_t i = 0; i < f->n; i++) {
        struct scrub_finding one = f->v[i];
        struct scrub_findings single = {&one, 1, 1};
        size_t off = w->rs->text.len;
        bool drop = false;
        one.start = 0;
        one.end = f->v[i].end - f->v[i].start;
        if (scrub_engine_redact(w->rs->engine, text + f->v[i].start, one.end, &single, &w->rs->text,
                                &drop, err) < 0 ||
            add_piece(w, text, f->v[i].start, f->v[i].end, off) < 0) {
            return -1;
        }
        w->drop |= drop;
    }
    return 0;
}

/*
 * The pieces become edits of the line's own bytes, so the output copies everything else of the
 * string as it was written (escapes included) and no whole copy of a long string is made: the
 * decoded offsets are mapped into the literal. Returns 1, with no edit added, when a piece ends
 * inside the bytes of one escape.
 */
static int
pieces_to_edits(struct walk *w, const struct json_value *v, struct err *err)
{
    const unsigned char *lit = w->p + v->start + 1;
    size_t n = 2 * w->n_pieces, *dec = xmalloc(size_mul(n, 2 * sizeof(*dec))), *esc = dec + n;
    int rc = 0;

    for (size_t i = 0; i < w->n_pieces; i++) {
        dec[2 * i] = w->pieces[i].start;
        dec[2 * i + 1] = w->pieces[i].end;
    }
    if (v->escaped) {
        rc = json_escaped_offsets(lit, v->end - v->start - 2, dec, n, esc, err);
    } else {
        memcpy(esc, dec, n * sizeof(*dec));
    }
    for (size_t i = 0; i < w->n_pieces && rc == 0; i++) {
        const struct edit *p = &w->pieces[i];
        size_t off = w->rs->arena.len;
        rc = json_escape_body(&w->rs->arena, w->rs->text.data + p->off, p->len, err) < 0
                 ? -1
                 : add_edit(w, v->start + 1 + esc[2 * i], v->start + 1 + esc[2 * i + 1], off);
    }
    free(dec);
    return rc;
}

/* The string redacted whole and re-encoded as one edit (a piece ends inside an escape). */
static int
string_edit(struct walk *w, const struct json_value *v, const unsigned char *text, size_t len,
            struct err *err)
{
    struct buf red;
    size_t pos = 0, off = w->rs->arena.len;
    int rc = -1;

    buf_init(&red, BUF_NO_MAX);
    for (size_t i = 0; i < w->n_pieces; i++) {
        const struct edit *p = &w->pieces[i];
        if (buf_append(&red, text + pos, p->start - pos, err) < 0 ||
            buf_append(&red, w->rs->text.data + p->off, p->len, err) < 0) {
            goto out;
        }
        pos = p->end;
    }
    if (buf_append(&red, text + pos, len - pos, err) == 0 &&
        json_escape(&w->rs->arena, red.data, red.len, err) == 0) {
        rc = add_edit(w, v->start, v->end, off);
    }
out:
    buf_release(&red);
    return rc;
}

/*
 * The string's text: as written when it holds no escapes; decoded where it lies when it is long
 * (*in_place: string_restore must write it back before the line is read as written again); else
 * decoded into rs->decoded.
 */
static int
string_text(struct walk *w, const struct json_value *v, const unsigned char **text, size_t *len,
            bool *in_place, struct err *err)
{
    struct record_scrubber *rs = w->rs;
    unsigned char *lit = w->p + v->start + 1;
    size_t dec_len;

    *text = lit;
    *len = v->end - v->start - 2;
    *in_place = v->escaped && *len >= IN_PLACE_MIN &&
                json_unescape_in_place(lit, *len, &rs->journal, *len / 4, &dec_len) == 0;
    if (*in_place) {
        *len = dec_len;
    } else if (v->escaped) {
        buf_reset(&rs->decoded);
        if (json_unescape(*text, *len, &rs->decoded, err) < 0) {
            return fail(w, err, "bad escape");
        }
        *text = rs->decoded.data;
        *len = rs->decoded.len;
    }
    return 0;
}

/* The literal of a string string_text decoded in place (len bytes) written back as it was. */
static void
string_restore(struct walk *w, const struct json_value *v, size_t len, bool in_place)
{
    if (in_place) {
        json_escape_in_place(w->p + v->start + 1, len, v->end - v->start - 2, &w->rs->journal);
    }
}

/* First pass: content warnings and detection; findings are kept and their values noted. */
static int
detect_text(struct walk *w, size_t index, const unsigned char *text, size_t len, struct err *err)
{
    struct record_scrubber *rs = w->rs;

    add_field_tally(w, len);
    if (labels_warnings(rs->opts)) {
        uint64_t cats = 0;
        if (scrub_engine_warnings_except(rs->engine, text, len, rs->warnings, &cats, err) < 0) {
            return fail(w, err, "content-warning check failed");
        }
        rs->warnings |= cats;
    }
    if (scrub_engine_detect(rs->engine, text, len, &rs->findings, err) < 0) {
        return fail(w, err, "detection failed");
    }
    if (rs->findings.n == 0) {
        return 0;
    }
    if (w->n_found == w->cap_found) {
        w->cap_found = w->cap_found ? 2 * w->cap_found : 8;
        w->found = xrealloc(w->found, size_mul(w->cap_found, sizeof(*w->found)));
    }
    struct found *kept = &w->found[w->n_found++];
    kept->value = index;
    kept->n = rs->findings.n;
    kept->v = xmalloc(size_mul(kept->n, sizeof(*kept->v)));
    memcpy(kept->v, rs->findings.v, kept->n * sizeof(*kept->v));
    if (echo_collect(&rs->echoes, text, &rs->findings, err) < 0) {
        return fail(w, err, "detection failed");
    }
    return 0;
}

static int
detect_string(struct walk *w, size_t index, const struct json_value *v, struct err *err)
{
    const unsigned char *text;
    size_t len;
    bool in_place;
    int rc;

    if (string_text(w, v, &text, &len, &in_place, err) < 0) {
        return -1;
    }
    rc = detect_text(w, index, text, len, err);
    string_restore(w, v, len, in_place);
    return rc;
}

/*
 * The string's findings (kept from the first pass), the record's repeated values and raw IDs
 * become pieces of text: returns 1 when some replacement differs from what it replaces.
 */
static int
redaction_pieces(struct walk *w, const struct found *kept, const unsigned char *text, size_t len,
                 struct err *err)
{
    struct record_scrubber *rs = w->rs;

    rs->findings.n = 0;
    if (kept) {
        if (rs->findings.cap < kept->n) {
            rs->findings.cap = kept->n;
            rs->findings.v = xrealloc(rs->findings.v, size_mul(kept->n, sizeof(*kept->v)));
        }
        memcpy(rs->findings.v, kept->v, kept->n * sizeof(*kept->v));
        rs->findings.n = kept->n;
    }
    if (rs->echoes.n) {
        echo_extend(&rs->echoes, text, len, &rs->findings);
    }
    if (rs->findings.n == 0 && w->n_ids == 0) {
        return 0;
    }
    buf_reset(&rs->text);
    w->n_pieces = 0;
    if (note_spans(w, &rs->findings, err) < 0 || finding_pieces(w, text, &rs->findings, err) < 0 ||
        raw_id_pieces(w, text, len, &rs->findings, err) < 0) {
        return fail(w, err, "redaction failed");
    }
    if (w->n_pieces > 1) {
        qsort(w->pieces, w->n_pieces, sizeof(*w->pieces), by_start);
    }
    return w->n_pieces > 0; /* 0: every replacement equals what it replaces */
}

/* Second pass: the string's pieces become edits of the line. */
static int
redact_string(struct walk *w, size_t index, const struct json_value *v, struct err *err)
{
    struct record_scrubber *rs = w->rs;
    const struct found *kept = NULL;
    const unsigned char *text;
    size_t len;
    bool in_place;
    int rc;

    if (w->next_found < w->n_found && w->found[w->next_found].value == index) {
        kept = &w->found[w->next_found++];
    }
    if (!kept && rs->echoes.n == 0 && w->n_ids == 0) {
        return 0;
    }
    if (string_text(w, v, &text, &len, &in_place, err) < 0) {
        return -1;
    }
    rc = redaction_pieces(w, kept, text, len, err);
    string_restore(w, v, len, in_place); /* the edits are made on the literal as written */
    if (rc <= 0) {
        return rc;
    }
    rc = pieces_to_edits(w, v, err);
    if (rc > 0 && in_place) { /* a piece ends inside a character an escape decodes to */
        buf_reset(&rs->decoded);
        rc = json_unescape(w->p + v->start + 1, v->end - v->start - 2, &rs->decoded, err) < 0 ? -1
                                                                                              : 1;
        text = rs->decoded.data;
    }
    if (rc > 0) {
        rc = string_edit(w, v, text, len, err);
    }
    if (rc < 0) {
        return fail(w, err, "redaction failed");
    }
    /* The decoded copy of a long string is not needed to write the record: let it go now. */
    buf_shrink(&rs->decoded, SCRATCH_KEEP);
    buf_shrink(&rs->text, SCRATCH_KEEP);
    return 0;
}

/* The content-warning labels replace an existing top-level field, or are appended. */
static int
label_warnings(struct walk *w, struct err *err)
{
    struct record_scrubber *rs = w->rs;
    const struct scrub_opts *o = rs->opts;
    const struct json_scan *scan = &rs->scan;
    size_t off = rs->arena.len, start = scan->top_close, end = scan->top_close;
    int any = 0;

    for (size_t i = 0; i < scan->n; i++) {
        const struct json_value *v = &scan->v[i];
        if (v->depth == 1 && strcmp(json_value_path(scan, v), o->warnings_field) == 0) {
            start = v->start;
            end = v->end;
        }
    }
    if (start == scan->top_close) {
        if (!scan->top_empty) {
            buf_putc(&rs->arena, ',', err);
        }
        if (json_escape(&rs->arena, (const unsigned char *)o->warnings_field,
                        strlen(o->warnings_field), err) < 0 ||
            buf_putc(&rs->arena, ':', err) < 0) {
            return -1;
        }
    }
    buf_putc(&rs->arena, '[', err);
    for (size_t i = 0; i < scrub_rules_warning_count(o->rules) && i < 64; i++) {
        if (rs->warnings & ((uint64_t)1 << i)) {
            const char *name = scrub_rules_warning_name(o->rules, i);
            if ((any++ && buf_putc(&rs->arena, ',', err) < 0) ||
                json_escape(&rs->arena, (const unsigned char *)name, strlen(name), err) < 0) {
                return -1;
            }
        }
    }
    buf_putc(&rs->arena, ']', err);
    return add_edit(w, start, end, off);
}

/* The record is written (or dropped): its counts join the stats. */
static int
apply_tallies(struct walk *w, struct err *err)
{
    struct record_scrubber *rs = w->rs;
    struct run_stats *st = rs->stats;

    for (size_t i = 0; i < w->n_ids; i++) {
        const struct hashed_id *id = &w->ids[i];
        if (run_stats_note_pseudonym(st, id->path, id->pseudonym, rs->ids_arena.data + id->raw_off,
                                     id->raw_len, err) < 0) {
            w->path = id->path;
            return fail(w, err, "cannot pseudonymise");
        }
    }
    for (size_t i = 0; i < w->n_tally; i++) {
        const struct tally *t = &w->tally[i];
        stats_count(st->by_entity, t->entity, 1);
        if (t->rule) {
            stats_count(st->by_rule, t->rule, 1);
            stats_count(st->by_field, t->path, 1);
            st->detections++;
        }
    }
    for (size_t i = 0; i < w->n_fields; i++) {
        count_field(st, w->fields[i].path, w->fields[i].len);
    }
    if (labels_warnings(rs->opts) && !w->drop) {
        for (size_t i = 0; i < scrub_rules_warning_count(rs->opts->rules) && i < 64; i++) {
            if (rs->warnings & ((uint64_t)1 << i)) {
                stats_count(st->warnings, scrub_rules_warning_name(rs->opts->rules, i), 1);
            }
        }
        st->records_with_warnings += rs->warnings != 0;
    }
    return 0;
}

/* Line bytes p[0..n) as they were: copied, or in a long line a span of it when the run is long. */
static int
keep_run(struct scrub_output *out, const unsigned char *p, size_t n, bool long_line,
         struct err *err)
{
    if (long_line && n >= SPAN_MIN) {
        scrub_output_span(out, p, n);
        return 0;
    }
    return buf_append(&out->buf, p, n, err);
}

static int
assemble(struct walk *w, size_t len, struct scrub_output *out, struct err *err)
{
    const bool long_line = len >= LONG_LINE;
    size_t at = 0, total = len + 1;

    if (w->n_edits > 1) { /* edits is NULL when there are none, and qsort wants a pointer */
        qsort(w->edits, w->n_edits, sizeof(*w->edits), by_start);
    }
    /* One allocation of the record's size: growing step by step copies a long one each time,
     * and briefly holds the old copy beside the new. A long line's runs are not copied. */
    for (size_t i = 0; i < w->n_edits && !long_line; i++) {
        total = total + w->edits[i].len - (w->edits[i].end - w->edits[i].start);
    }
    if (!long_line && buf_grow(&out->buf, total, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < w->n_edits; i++) {
        const struct edit *e = &w->edits[i];
        if (keep_run(out, w->p + at, e->start - at, long_line, err) < 0 ||
            buf_append(&out->buf, w->rs->arena.data + e->off, e->len, err) < 0) {
            return -1;
        }
        at = e->end;
    }
    if (keep_run(out, w->p + at, len - at, long_line, err) < 0) {
        return -1;
    }
    return buf_putc(&out->buf, '\n', err);
}

static int
process_values(struct walk *w, struct err *err)
{
    const struct json_scan *scan = &w->rs->scan;
    const struct scrub_opts *o = w->rs->opts;

    /* Hashed IDs first, so that a raw ID typed into any text of the record is known. */
    for (size_t i = 0; o->n_hash_fields && i < scan->n; i++) {
        const struct json_value *v = &scan->v[i];
        w->path = json_value_path(scan, v);
        if (v->depth > 0 && v->kind != JV_ARRAY && is_hashed(o, w->path) &&
            hash_value(w, v, err) < 0) {
            return -1;
        }
    }
    /* Detect in every string before redacting any, so a value found in one field is known in
       all the others (echo.c). */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < scan->n; i++) {
            const struct json_value *v = &scan->v[i];
            if (v->kind != JV_STRING) {
                continue;
            }
            w->path = json_value_path(scan, v);
            if (is_scrubbed(o, w->path) &&
                (pass == 0 ? detect_string(w, i, v, err) : redact_string(w, i, v, err)) < 0) {
                return -1;
            }
        }
    }
    w->path = "";
    return labels_warnings(o) ? label_warnings(w, err) : 0;
}

static bool
is_blank(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] != ' ' && p[i] != '\t') {
            return false;
        }
    }
    return true;
}

int
record_scrub_line(struct record_scrubber *rs, const char *input, uint64_t line, unsigned char *p,
                  size_t len, struct scrub_output *out, struct buf *spans_out,
                  enum record_outcome *outcome, struct err *err)
{
    struct walk w = {
        .rs = rs, .input = input, .line = line, .p = p, .spans_out = spans_out, .path = ""};
    const struct scrub_output out_mark = *out;
    size_t spans_mark = spans_out ? spans_out->len : 0;
    int rc = -1;

    *outcome = RECORD_KEPT;
    if (is_blank(p, len)) {
        *outcome = RECORD_BLANK;
        return 0;
    }
    if (json_scan_record(&rs->scan, p, len, err) < 0) {
        return err_prefix(err, "%s:%" PRIu64 ": record %" PRIu64, input, line, line);
    }
    rs->warnings = 0;
    buf_reset(&rs->arena);
    buf_reset(&rs->ids_arena);
    if (spans_out) {
        buf_append_str(spans_out, "{\"input\":", err);
        json_escape(spans_out, (const unsigned char *)input, strlen(input), err);
        buf_printf(spans_out, err, ",\"line\":%" PRIu64 ",\"spans\":[", line);
    }
    if (process_values(&w, err) < 0) {
        goto out;
    }
    if (w.drop) {
        *outcome = RECORD_DROPPED;
        if (spans_out) {
            buf_truncate(spans_out, spans_mark);
        }
        rc = apply_tallies(&w, err);
        goto out;
    }
    if (assemble(&w, len, out, err) < 0 || apply_tallies(&w, err) < 0) {
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
        buf_truncate(&out->buf, out_mark.buf.len);
        out->n = out_mark.n;
        out->flushed = out_mark.flushed;
        if (spans_out) {
            buf_truncate(spans_out, spans_mark);
        }
    }
    secure_wipe_buf(&rs->ids_arena);
    echo_set_reset(&rs->echoes);
    for (size_t i = 0; i < w.n_found; i++) {
        free(w.found[i].v);
    }
    free(w.found);
    buf_shrink(&rs->arena, SCRATCH_KEEP);
    buf_shrink(&rs->decoded, SCRATCH_KEEP);
    buf_shrink(&rs->journal, SCRATCH_KEEP);
    buf_shrink(&rs->text, SCRATCH_KEEP);
    free(w.ids);
    free(w.edits);
    free(w.pieces);
    free(w.tally);
    free(w.fields);
    return rc;
}
