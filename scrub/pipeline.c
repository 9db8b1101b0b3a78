/*
 * `veil scrub`: stream records from the inputs in batches, scrub each batch (on worker threads
 * when jobs > 1), and write the batches in input order, so the output is byte-identical to a
 * single-threaded run. At most 2 * jobs batches are in flight, which bounds memory.
 */
#include "scrub/scrub.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/banned.h"
#include "common/err.h"
#include "common/log.h"
#include "common/outfile.h"
#include "common/record.h"
#include "common/xalloc.h"
#include "scrub/pipeline_internal.h"

#define BATCH_BYTES   ((size_t)1 << 18)
#define BATCH_RECORDS 2048
#define MAX_JOBS      64
/* A batch's buffers that grew past this (a long record) are freed when the batch is written. */
#define BATCH_KEEP (4 * BATCH_BYTES)
/*
 * While the batches in flight hold this many bytes of input, no new one is read: a few records
 * of tens of megabytes are then scrubbed one after another, not side by side, and memory stays
 * bounded by one such record. Such a record is held about once: the batch takes the reader's
 * storage of it, a long string is decoded where it lies (record_scrub.c), and its unchanged runs
 * are written from it (struct scrub_output); only a string with more escapes json_escape would
 * not write than its journal holds (a quarter of its size) is still decoded into a copy.
 */
#define IN_FLIGHT_BYTES ((size_t)32 << 20)

struct batch {
    const char *input;
    struct buf raw; /* the lines, back to back */
    size_t *offs, *lens;
    uint64_t *lines;
    size_t n, cap;
    struct scrub_output out;
    struct buf spans, quarantine;
    struct run_stats stats;
    int failed;
    struct err err;
    int done;
};

struct sinks {
    struct record_writer *out;
    struct outfile *spans, *quarantine;
};

static void
batch_init(struct batch *b)
{
    memset(b, 0, sizeof(*b));
    buf_init(&b->raw, BUF_NO_MAX);
    scrub_output_init(&b->out);
    buf_init(&b->spans, BUF_NO_MAX);
    buf_init(&b->quarantine, BUF_NO_MAX);
    run_stats_init(&b->stats);
}

static void
batch_reset(struct batch *b)
{
    buf_shrink(&b->raw, BATCH_KEEP);
    scrub_output_reset(&b->out, BATCH_KEEP);
    buf_shrink(&b->spans, BATCH_KEEP);
    buf_shrink(&b->quarantine, BATCH_KEEP);
    run_stats_release(&b->stats);
    run_stats_init(&b->stats);
    b->n = 0;
    b->failed = 0;
    b->done = 0;
    err_clear(&b->err);
}

static void
batch_release(struct batch *b)
{
    buf_release(&b->raw);
    scrub_output_release(&b->out);
    buf_release(&b->spans);
    buf_release(&b->quarantine);
    run_stats_release(&b->stats);
    free(b->offs);
    free(b->lens);
    free(b->lines);
}

/* Adds the line just read; a long first line of the batch is taken from the reader, not copied. */
static void
batch_add(struct batch *b, struct record_reader *r, const struct span *line, uint64_t line_no,
          struct err *err)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->offs = xrealloc(b->offs, size_mul(b->cap, sizeof(*b->offs)));
        b->lens = xrealloc(b->lens, size_mul(b->cap, sizeof(*b->lens)));
        b->lines = xrealloc(b->lines, size_mul(b->cap, sizeof(*b->lines)));
    }
    b->offs[b->n] = b->raw.len;
    b->lens[b->n] = line->len;
    b->lines[b->n] = line_no;
    b->n++;
    if (line->len >= BATCH_BYTES && record_reader_take_line(r, line, &b->raw)) {
        return;
    }
    buf_append(&b->raw, line->p, line->len, err); /* unbounded buffer: cannot fail */
}

/* Applies --on-error to a bad record; returns -1 when the run must stop. */
static int
bad_record(const struct scrub_opts *o, struct run_stats *stats, struct buf *quarantine,
           const char *input, uint64_t line, const unsigned char *p, size_t len, int have_bytes,
           const struct err *why, struct err *err)
{
    const char *kind = why->kind == ERR_LIMIT ? "limit" : "parse";

    if (o->on_error == SCRUB_ON_ERROR_FAIL) {
        *err = *why;
        return -1;
    }
    if (o->on_error == SCRUB_ON_ERROR_QUARANTINE && have_bytes) {
        buf_append(quarantine, p, len, err);
        buf_putc(quarantine, '\n', err);
        stats->quarantined++;
        run_stats_error(stats, input, line, kind, "quarantined", why->msg);
        log_warn("%s (quarantined)", why->msg);
        return 0;
    }
    /* Skipped: --on-error skip, or a record too long to hold for the quarantine file. */
    stats->skipped++;
    run_stats_error(stats, input, line, kind, "skipped", why->msg);
    log_warn("%s (skipped)", why->msg);
    return 0;
}

static void
scrub_batch(struct record_scrubber *rs, struct batch *b)
{
    const struct scrub_opts *o = rs->opts;
    struct err why;

    rs->stats = &b->stats;
    for (size_t i = 0; i < b->n; i++) {
        unsigned char *p = b->raw.data + b->offs[i];
        enum record_outcome outcome;
        int rc = record_scrub_line(rs, b->input, b->lines[i], p, b->lens[i], &b->out,
                                   o->spans_path ? &b->spans : NULL, &outcome, &why);
        if (rc == 0 && outcome == RECORD_BLANK) {
            b->stats.blank++;
            continue;
        }
        b->stats.records_in++;
        b->stats.bytes_in += b->lens[i] + 1;
        if (rc < 0) {
            if (bad_record(o, &b->stats, &b->quarantine, b->input, b->lines[i], p, b->lens[i], 1,
                           &why, &b->err) < 0) {
                b->failed = 1;
                return;
            }
        } else if (outcome == RECORD_DROPPED) {
            b->stats.dropped++;
        } else {
            b->stats.records_out++;
        }
    }
}

/* ---- ordered worker pool ---- */

struct pool {
    const struct scrub_opts *opts;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    struct batch *slots; /* ring of nslots batches */
    size_t nslots;
    uint64_t head, tail, next_work; /* head: next to write; tail: next to fill */
    int stop;
    pthread_t *threads;
    struct record_scrubber *scrubbers;
    unsigned nthreads;
};

static void *
worker_main(void *arg)
{
    struct record_scrubber *rs = arg;
    struct pool *p = (struct pool *)rs->pool;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_work == p->tail) {
            pthread_cond_wait(&p->work_cv, &p->mu);
        }
        if (p->next_work == p->tail) {
            break;
        }
        struct batch *b = &p->slots[p->next_work++ % p->nslots];
        pthread_mutex_unlock(&p->mu);
        scrub_batch(rs, b);
        pthread_mutex_lock(&p->mu);
        b->done = 1;
        pthread_cond_broadcast(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static int
write_records(void *writer, const void *p, size_t n, struct err *err)
{
    return record_writer_write(writer, p, n, err);
}

static int
write_batch(struct sinks *s, struct batch *b, struct run_stats *total, struct err *err)
{
    if (b->failed) {
        *err = b->err;
        return -1;
    }
    if (scrub_output_write(&b->out, write_records, s->out, err) < 0 ||
        (s->spans && outfile_write(s->spans, b->spans.data, b->spans.len, err) < 0) ||
        (s->quarantine &&
         outfile_write(s->quarantine, b->quarantine.data, b->quarantine.len, err) < 0)) {
        return -1;
    }
    b->stats.bytes_out += scrub_output_len(&b->out);
    return run_stats_merge(total, &b->stats, err);
}

struct reading {
    struct record_reader *r;
    const char *input;
    uint64_t records_seen;
};

/* Fill b from the reader; returns 1 when b has records, 0 at end of input, -1 on error. */
static int
fill_batch(struct reading *rd, const struct scrub_opts *o, struct batch *b, struct run_stats *total,
           struct err *err)
{
    struct span line;
    struct err why;

    b->input = rd->input;
    while (b->n < BATCH_RECORDS && b->raw.len < BATCH_BYTES) {
        int rc = record_reader_next(rd->r, &line, &why);
        if (rc == 0) {
            break;
        }
        if (rc < 0 && why.kind != ERR_LIMIT) {
            *err = why;
            return -1;
        }
        if (rc < 0) {
            total->records_in++;
            if (bad_record(o, total, NULL, rd->input, record_reader_line(rd->r), NULL, 0, 0, &why,
                           err) < 0) {
                return -1;
            }
            continue;
        }
        batch_add(b, rd->r, &line, record_reader_line(rd->r), err);
        record_reader_drop_line(rd->r); /* copied: a long record is not held twice */
    }
    return b->n > 0;
}

static int
pool_start(struct pool *p, const struct scrub_opts *o, unsigned jobs, struct err *err)
{
    memset(p, 0, sizeof(*p));
    p->opts = o;
    p->nthreads = jobs > 1 ? jobs : 0;
    p->nslots = jobs > 1 ? 2 * (size_t)jobs : 1;
    p->slots = xcalloc(p->nslots, sizeof(*p->slots));
    for (size_t i = 0; i < p->nslots; i++) {
        batch_init(&p->slots[i]);
    }
    p->scrubbers = xcalloc(p->nthreads ? p->nthreads : 1, sizeof(*p->scrubbers));
    for (unsigned i = 0; i < (p->nthreads ? p->nthreads : 1); i++) {
        if (record_scrubber_init(&p->scrubbers[i], o, NULL, err) < 0) {
            return -1;
        }
        p->scrubbers[i].pool = p;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    p->threads = xcalloc(p->nthreads ? p->nthreads : 1, sizeof(*p->threads));
    for (unsigned i = 0; i < p->nthreads; i++) {
        if (pthread_create(&p->threads[i], NULL, worker_main, &p->scrubbers[i]) != 0) {
            p->nthreads = i;
            return err_set(err, ERR_DEP, "cannot start worker thread %u", i);
        }
    }
    return 0;
}

static void
pool_stop(struct pool *p)
{
    if (!p->slots) {
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    p->tail = p->next_work; /* abandon queued batches */
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->nthreads; i++) {
        pthread_join(p->threads[i], NULL);
    }
    for (unsigned i = 0; i < (p->nthreads ? p->nthreads : 1); i++) {
        record_scrubber_release(&p->scrubbers[i]);
    }
    for (size_t i = 0; i < p->nslots; i++) {
        batch_release(&p->slots[i]);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    free(p->slots);
    free(p->scrubbers);
    free(p->threads);
}

/* Write the oldest batch once it is done. */
static int
pool_write_head(struct pool *p, struct sinks *s, struct run_stats *total, struct err *err)
{
    struct batch *b = &p->slots[p->head % p->nslots];

    pthread_mutex_lock(&p->mu);
    while (!b->done) {
        pthread_cond_wait(&p->done_cv, &p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    if (write_batch(s, b, total, err) < 0) {
        return -1;
    }
    batch_reset(b);
    p->head++;
    return 0;
}

/* Input bytes held by the batches read and not yet written. */
static size_t
in_flight(struct pool *p)
{
    size_t bytes = 0;

    for (uint64_t i = p->head; i < p->tail; i++) {
        bytes += p->slots[i % p->nslots].raw.len; /* set before the batch was handed out */
    }
    return bytes;
}

static int
scrub_input(struct pool *p, struct reading *rd, struct sinks *s, struct run_stats *total,
            struct err *err)
{
    for (;;) {
        while (p->tail > p->head &&
               (p->tail - p->head == p->nslots || in_flight(p) >= IN_FLIGHT_BYTES)) {
            if (pool_write_head(p, s, total, err) < 0) {
                return -1;
            }
        }
        struct batch *b = &p->slots[p->tail % p->nslots];
        int rc = fill_batch(rd, p->opts, b, total, err);
        if (rc <= 0) {
            return rc;
        }
        if (p->nthreads == 0) {
            scrub_batch(&p->scrubbers[0], b);
            b->done = 1;
            p->tail++;
            continue;
        }
        pthread_mutex_lock(&p->mu);
        p->tail++;
        pthread_cond_signal(&p->work_cv);
        pthread_mutex_unlock(&p->mu);
    }
}

static int
open_sinks(const struct scrub_opts *o, struct sinks *s, struct err *err)
{
    memset(s, 0, sizeof(*s));
    if (record_writer_open(o->output, &s->out, err) < 0) {
        return -1;
    }
    if (o->spans_path && outfile_open(o->spans_path, 0644, &s->spans, err) < 0) {
        return -1;
    }
    /* The quarantine holds raw, unscrubbed records: owner-only. */
    if (o->on_error == SCRUB_ON_ERROR_QUARANTINE &&
        outfile_open(o->quarantine, 0600, &s->quarantine, err) < 0) {
        return -1;
    }
    return 0;
}

static int
commit_sinks(const struct scrub_opts *o, struct sinks *s, struct run_stats *total, struct err *err)
{
    char hex[65];
    uint64_t size;

    if (record_writer_commit(s->out, err) < 0 || (s->spans && outfile_commit(s->spans, err) < 0) ||
        (s->quarantine && outfile_commit(s->quarantine, err) < 0)) {
        return -1;
    }
    /* Only a regular file is recorded (not a FIFO, /dev/stdout or /dev/null). */
    struct stat st;
    if (strcmp(o->output, "-") != 0 && stat(o->output, &st) == 0 && S_ISREG(st.st_mode)) {
        if (record_writer_sha256(s->out, hex, &size, err) < 0) {
            return -1;
        }
        json_array_append_new(total->outputs, json_pack("{s:s, s:s, s:I, s:I}", "path", o->output,
                                                        "sha256", hex, "bytes", (json_int_t)size,
                                                        "records", (json_int_t)total->records_out));
    }
    return 0;
}

static void
sinks_free(struct sinks *s)
{
    record_writer_free(s->out);
    outfile_free(s->spans);
    outfile_free(s->quarantine);
}

static int
check_opts(const struct scrub_opts *o, struct err *err)
{
    if (o->n_hash_fields && !o->id_key) {
        return err_set(err, ERR_USAGE, "--hash-field needs --id-key");
    }
    if (o->on_error == SCRUB_ON_ERROR_QUARANTINE && !o->quarantine) {
        return err_set(err, ERR_USAGE, "--on-error quarantine needs --quarantine FILE");
    }
    if (o->jobs > MAX_JOBS) {
        return err_set(err, ERR_USAGE, "at most %d jobs", MAX_JOBS);
    }
    if (!o->rules) {
        return err_set(err, ERR_USAGE, "no rules loaded");
    }
    if (o->shard_count > 1 && (o->shard_index < 1 || o->shard_index > o->shard_count)) {
        return err_set(err, ERR_USAGE, "--shard %u/%u: K must be from 1 to N", o->shard_index,
                       o->shard_count);
    }
    return 0;
}

/*
 * Opens input i for this run. With --shard K/N a plain file is read from its K-th byte range; a
 * compressed file cannot be entered in the middle, so whole compressed files are dealt out
 * round-robin (input i goes to shard i mod N + 1) and *skip is set for the others.
 */
static int
open_input(const struct scrub_opts *o, size_t i, struct record_reader **r, int *skip,
           struct err *err)
{
    size_t max = o->max_record ? o->max_record : RECORD_DEFAULT_MAX;
    unsigned k = o->shard_index, n = o->shard_count;
    int compressed;

    *skip = 0;
    if (n <= 1) {
        return record_reader_open(o->inputs[i], max, r, err);
    }
    if (strcmp(o->inputs[i], "-") == 0) {
        return err_set(err, ERR_USAGE, "--shard needs input files, not stdin");
    }
    compressed = record_input_is_compressed(o->inputs[i], err);
    if (compressed < 0) {
        return -1;
    }
    if (compressed) {
        *skip = (unsigned)(i % n) + 1 != k;
        return *skip ? 0 : record_reader_open(o->inputs[i], max, r, err);
    }
    return record_reader_open_shard(o->inputs[i], max, k, n, r, err);
}

static void
summarise(const struct run_stats *t, struct scrub_summary *s)
{
    s->records_in = t->records_in;
    s->records_out = t->records_out;
    s->skipped = t->skipped;
    s->quarantined = t->quarantined;
    s->dropped = t->dropped;
    s->bytes_in = t->bytes_in;
    s->bytes_out = t->bytes_out;
    s->detections = t->detections;
}

int
scrub_run(const struct scrub_opts *o, struct scrub_summary *summary, struct err *err)
{
    struct run_stats total;
    struct run_meta meta;
    struct sinks sinks = {0};
    struct pool pool = {0};
    char **labels = xcalloc(o->n_inputs ? o->n_inputs : 1, sizeof(*labels));
    int rc = -1;

    run_stats_init(&total);
    if (check_opts(o, err) < 0 || pool_start(&pool, o, o->jobs, err) < 0 ||
        open_sinks(o, &sinks, err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < o->n_inputs; i++) {
        struct reading rd = {.input = o->inputs[i]};
        int skip = 0;
        if (open_input(o, i, &rd.r, &skip, err) < 0) {
            goto out;
        }
        if (skip) {
            continue;
        }
        /* Batches still in flight name their input after the reader is gone. */
        labels[i] = xstrdup(record_reader_path(rd.r));
        rd.input = labels[i];
        int bad = scrub_input(&pool, &rd, &sinks, &total, err) < 0;
        record_reader_free(rd.r);
        if (bad) {
            goto out;
        }
    }
    while (pool.head < pool.tail) {
        if (pool_write_head(&pool, &sinks, &total, err) < 0) {
            goto out;
        }
    }
    if (commit_sinks(o, &sinks, &total, err) < 0) {
        goto out;
    }
    run_meta_from_opts(&meta, o);
    if (o->stats_path && run_stats_write(&total, &meta, o->stats_path, err) < 0) {
        goto out;
    }
    summarise(&total, summary);
    rc = 0;
out:
    pool_stop(&pool);
    sinks_free(&sinks);
    run_stats_release(&total);
    for (size_t i = 0; i < o->n_inputs; i++) {
        free(labels[i]);
    }
    free(labels);
    return rc;
}
