/*
 * Held-out samples for annotation. Each record gets a sort key, the first 8 bytes of
 * SHA-256("veil-audit-sample/v1" || seed || line number), and each stratum keeps the n records
 * with the smallest keys: a uniform sample without replacement, in one pass, reproducible from
 * (input, seed) alone and independent of memory or thread count.
 */
#include "audit/audit.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "common/err.h"
#include "common/record.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define MISSING_STRATUM "(missing)"

struct pick {
    uint64_t key, line;
    unsigned char *text; /* the raw line */
    size_t len;
};

/* One stratum: how many records it had and its n smallest-key records, sorted by key. */
struct stratum {
    char *name;
    uint64_t count;
    struct pick *keep;
    size_t n_keep;
    uint64_t quota;
};

struct sampler {
    const struct audit_sample_opts *o;
    struct stratum *strata;
    size_t n_strata;
};

static int
sort_key(uint64_t seed, uint64_t line, uint64_t *key, struct err *err)
{
    unsigned char msg[21 + 16], md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    memcpy(msg, "veil-audit-sample/v1", 21); /* with its NUL, as a separator */
    for (int i = 0; i < 8; i++) {
        msg[21 + i] = (unsigned char)(seed >> (8 * i));
        msg[29 + i] = (unsigned char)(line >> (8 * i));
    }
    if (EVP_Digest(msg, sizeof(msg), md, &md_len, EVP_sha256(), NULL) != 1) {
        return err_set(err, ERR_DEP, "SHA-256 failed");
    }
    *key = 0;
    for (int i = 0; i < 8; i++) {
        *key = (*key << 8) | md[i];
    }
    return 0;
}

static struct stratum *
stratum_for(struct sampler *s, const char *name)
{
    for (size_t i = 0; i < s->n_strata; i++) {
        if (!strcmp(s->strata[i].name, name)) {
            return &s->strata[i];
        }
    }
    s->strata = xrealloc(s->strata, size_mul(s->n_strata + 1, sizeof(*s->strata)));
    struct stratum *st = &s->strata[s->n_strata++];
    memset(st, 0, sizeof(*st));
    st->name = xstrdup(name);
    st->keep = xcalloc(s->o->n ? s->o->n : 1, sizeof(*st->keep));
    return st;
}

/*
 * Every record is parsed, sampled or not, so that a malformed line is an error whatever the
 * seed. The stratum is the field's value as compact JSON (strings unquoted); "" without
 * --stratify.
 */
static int
stratum_name(const struct audit_sample_opts *o, uint64_t line, const struct span *text, char **name,
             struct err *err)
{
    json_t *root;

    if (json_parse_record(o->input, line, text->p, text->len, 0, &root, err) < 0) {
        return -1;
    }
    const json_t *v = o->stratify ? json_path_get(root, o->stratify) : NULL;
    if (!o->stratify) {
        *name = xstrdup("");
    } else if (!v || json_is_null(v)) {
        *name = xstrdup(MISSING_STRATUM);
    } else if (json_is_string(v)) {
        *name = xstrdup(json_string_value(v));
    } else {
        char *dumped = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        *name = xstrdup(dumped ? dumped : "?");
        free(dumped);
    }
    json_decref(root);
    return 0;
}

/* Bottom-n by key: insert in order, drop the largest once full. */
static void
offer(struct sampler *s, struct stratum *st, uint64_t key, uint64_t line, const struct span *text)
{
    size_t n = s->o->n;
    size_t at = st->n_keep;

    st->count++;
    if (n == 0 || (st->n_keep == n && key >= st->keep[n - 1].key)) {
        return;
    }
    while (at > 0 && st->keep[at - 1].key > key) {
        at--;
    }
    if (st->n_keep == n) {
        free(st->keep[n - 1].text);
        st->n_keep--;
    }
    memmove(&st->keep[at + 1], &st->keep[at], (st->n_keep - at) * sizeof(*st->keep));
    st->keep[at].key = key;
    st->keep[at].line = line;
    st->keep[at].text = xmemdup(text->p, text->len + 1);
    st->keep[at].len = text->len;
    st->n_keep++;
}

static int
draw(struct sampler *s, struct audit_sample_summary *sum, struct err *err)
{
    struct record_reader *rd = NULL;
    struct span line;
    int more;

    if (record_reader_open(s->o->input, s->o->max_record, &rd, err) < 0) {
        return -1;
    }
    while ((more = record_reader_next(rd, &line, err)) > 0) {
        uint64_t ln = record_reader_line(rd), key = 0;
        char *name = NULL;
        if (audit_line_is_blank(line.p, line.len)) {
            continue;
        }
        if (sort_key(s->o->seed, ln, &key, err) < 0 ||
            stratum_name(s->o, ln, &line, &name, err) < 0) {
            more = -1;
            break;
        }
        offer(s, stratum_for(s, name), key, ln, &line);
        free(name);
        sum->records++;
    }
    record_reader_free(rd);
    return more < 0 ? -1 : 0;
}

/* Proportional allocation by largest remainder; ties go to the larger, then earlier, stratum. */
static void
allocate(struct sampler *s, uint64_t total)
{
    uint64_t n = s->o->n < total ? s->o->n : total, given = 0;

    for (size_t i = 0; i < s->n_strata; i++) {
        s->strata[i].quota =
            total ? (uint64_t)((double)n * (double)s->strata[i].count / (double)total) : 0;
        if (s->strata[i].quota > s->strata[i].n_keep) {
            s->strata[i].quota = s->strata[i].n_keep;
        }
        given += s->strata[i].quota;
    }
    while (given < n) {
        size_t best = SIZE_MAX;
        double best_rem = -1.0;
        for (size_t i = 0; i < s->n_strata; i++) {
            const struct stratum *st = &s->strata[i];
            double rem = (double)n * (double)st->count / (double)total - (double)st->quota;
            if (st->quota < st->n_keep && rem > best_rem) {
                best = i;
                best_rem = rem;
            }
        }
        if (best == SIZE_MAX) {
            break;
        }
        s->strata[best].quota++;
        given++;
    }
}

struct chosen {
    const struct pick *pick;
    const char *stratum;
};

static int
by_line(const void *a, const void *b)
{
    uint64_t x = ((const struct chosen *)a)->pick->line, y = ((const struct chosen *)b)->pick->line;
    return x < y ? -1 : x > y;
}

struct sheet {
    const struct audit_sample_opts *o;
    struct record_writer *w;
    const struct chosen *c;
    const char *id_base;
    uint64_t lines;
};

static int
sheet_line(struct sheet *sh, const char *field, const json_t *text, struct err *err)
{
    json_t *source = json_pack("{sI ss}", "line", (json_int_t)sh->c->pick->line, "field", field);
    char *id = NULL, *dumped = NULL;
    int rc = -1;

    if (sh->o->stratify) {
        json_object_set_new(source, "stratum", json_string(sh->c->stratum));
    }
    size_t id_len = strlen(sh->id_base) + strlen(field) + 2;
    id = xmalloc(id_len);
    snprintf(id, id_len, "%s:%s", sh->id_base, field);
    json_t *line = json_pack("{ss so sO s[]}", "id", id, "source", source, "text", text, "spans");
    if (!line || !(dumped = json_dumps(line, JSON_COMPACT))) {
        err_set(err, ERR_DEP, "%s: cannot encode worksheet line", sh->o->output);
        json_decref(line);
        goto out;
    }
    json_decref(line);
    if (record_writer_write(sh->w, dumped, strlen(dumped), err) < 0 ||
        record_writer_write(sh->w, "\n", 1, err) < 0) {
        goto out;
    }
    sh->lines++;
    rc = 0;
out:
    free(dumped);
    free(id);
    return rc;
}

static int
sheet_string(void *ctx, const char *path, const unsigned char *s, size_t len, enum json_text kind,
             struct err *err)
{
    struct sheet *sh = ctx;
    if (kind != JSON_TEXT_STRING || len == 0) {
        return 0;
    }
    /* Re-wrap as a jansson string so NULs and escapes survive exactly. */
    json_t *text = json_stringn((const char *)s, len);
    int rc = sheet_line(sh, path, text, err);
    json_decref(text);
    return rc;
}

/* The record's own id when it has one, else its line number. */
static char *
id_base(const json_t *root, uint64_t line)
{
    const json_t *id = json_object_get(root, "id");
    char buf[32];

    if (json_is_string(id)) {
        return xstrdup(json_string_value(id));
    }
    if (json_is_integer(id)) {
        snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(id));
    } else {
        snprintf(buf, sizeof(buf), "line-%llu", (unsigned long long)line);
    }
    return xstrdup(buf);
}

static int
write_record(struct sheet *sh, struct err *err)
{
    const struct pick *p = sh->c->pick;
    json_t *root;
    char *base;
    int rc = 0;

    if (json_parse_record(sh->o->input, p->line, p->text, p->len, 0, &root, err) < 0) {
        return -1;
    }
    base = id_base(root, p->line);
    sh->id_base = base;
    if (sh->o->n_fields == 0) {
        rc = json_each_string(root, sheet_string, sh, err);
    }
    for (size_t f = 0; rc == 0 && f < sh->o->n_fields; f++) {
        json_t *v = json_path_get(root, sh->o->fields[f]);
        if (json_is_string(v) && json_string_length(v) > 0) {
            rc = sheet_line(sh, sh->o->fields[f], v, err);
        }
    }
    free(base);
    json_decref(root);
    return rc;
}

static int
write_sheet(const struct audit_sample_opts *o, const struct chosen *c, size_t n, uint64_t *lines,
            struct err *err)
{
    struct sheet sh = {.o = o};
    int rc = -1;

    if (record_writer_open(o->output, &sh.w, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        sh.c = &c[i];
        if (write_record(&sh, err) < 0) {
            goto out;
        }
    }
    if (record_writer_commit(sh.w, err) < 0) {
        goto out;
    }
    *lines = sh.lines;
    rc = 0;
out:
    record_writer_free(sh.w);
    return rc;
}

static bool
is_chosen(const struct chosen *c, size_t n, uint64_t line)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].pick->line == line) {
            return true;
        }
        if (c[mid].pick->line < line) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return false;
}

/* Second pass: every record not sampled, byte for byte, for tuning rules without peeking. */
static int
write_complement(const struct audit_sample_opts *o, const struct chosen *c, size_t n,
                 struct err *err)
{
    struct record_reader *rd = NULL;
    struct record_writer *w = NULL;
    struct span line;
    int rc = -1, more;

    if (record_reader_open(o->input, o->max_record, &rd, err) < 0 ||
        record_writer_open(o->complement, &w, err) < 0) {
        goto out;
    }
    while ((more = record_reader_next(rd, &line, err)) > 0) {
        if (audit_line_is_blank(line.p, line.len) || is_chosen(c, n, record_reader_line(rd))) {
            continue;
        }
        if (record_writer_write(w, line.p, line.len, err) < 0 ||
            record_writer_write(w, "\n", 1, err) < 0) {
            goto out;
        }
    }
    if (more < 0 || record_writer_commit(w, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    record_writer_free(w);
    record_reader_free(rd);
    return rc;
}

int
audit_sample(const struct audit_sample_opts *opts, struct audit_sample_summary *sum,
             struct err *err)
{
    struct audit_sample_opts o = *opts;
    struct sampler s = {.o = &o};
    struct chosen *c = NULL;
    size_t n_chosen = 0;
    int rc = -1;

    memset(sum, 0, sizeof(*sum));
    if (!o.max_record) {
        o.max_record = RECORD_DEFAULT_MAX;
    }
    if (o.complement && !strcmp(o.input, "-")) {
        return err_set(err, ERR_USAGE, "the complement needs a second pass: input must be a file");
    }
    if (draw(&s, sum, err) < 0) {
        goto out;
    }
    allocate(&s, sum->records);
    for (size_t i = 0; i < s.n_strata; i++) {
        n_chosen += (size_t)s.strata[i].quota;
    }
    c = xcalloc(n_chosen ? n_chosen : 1, sizeof(*c));
    n_chosen = 0;
    for (size_t i = 0; i < s.n_strata; i++) {
        for (uint64_t k = 0; k < s.strata[i].quota; k++) {
            c[n_chosen].pick = &s.strata[i].keep[k];
            c[n_chosen++].stratum = s.strata[i].name;
        }
    }
    if (n_chosen > 1) {
        qsort(c, n_chosen, sizeof(*c), by_line);
    }
    if (write_sheet(&o, c, n_chosen, &sum->worksheet_lines, err) < 0 ||
        (o.complement && write_complement(&o, c, n_chosen, err) < 0)) {
        goto out;
    }
    sum->sampled = n_chosen;
    sum->strata = s.n_strata;
    rc = 0;
out:
    for (size_t i = 0; i < s.n_strata; i++) {
        for (size_t k = 0; k < s.strata[i].n_keep; k++) {
            free(s.strata[i].keep[k].text);
        }
        free(s.strata[i].keep);
        free(s.strata[i].name);
    }
    free(s.strata);
    free(c);
    return rc;
}
