#ifndef VEIL_PIPELINE_INTERNAL_H
#define VEIL_PIPELINE_INTERNAL_H

/* Internals of `veil scrub`: per-record scrubbing, stats accumulation, JSON output. */

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/buf.h"
#include "scrub/echo_internal.h"
#include "scrub/json_scan_internal.h"
#include "scrub/scrub.h"

struct err;

/*
 * Counters of one run (or one worker). Maps are jansson objects: name -> integer, so that the
 * same code accumulates, merges shards and writes the stats file.
 */
struct run_stats {
    uint64_t records_in, records_out, skipped, quarantined, dropped, blank;
    uint64_t bytes_in, bytes_out, detections, records_with_warnings;
    json_t *by_entity, *by_rule, *by_field; /* detections */
    json_t *fields;                         /* path -> {"strings": n, "bytes": n} */
    json_t *pseudonyms;                     /* field -> {pseudonym: full HMAC hex} */
    json_t *warnings;                       /* category -> records */
    json_t *errors;                         /* [{input, line, kind, action, message}] */
    json_t *outputs;                        /* [{path, sha256, bytes, records}] */
};

void run_stats_init(struct run_stats *s);
void run_stats_release(struct run_stats *s);
void stats_count(json_t *map, const char *key, uint64_t n);
/* Adds src into dst. Fails (ERR_VERIFY) when two IDs collide on one pseudonym. */
int run_stats_merge(struct run_stats *dst, const struct run_stats *src, struct err *err);
/*
 * Count a pseudonym of field; fails (ERR_VERIFY) when a different raw ID already produced it.
 * Only a digest of the raw ID is kept in memory, and it is never written.
 */
int run_stats_note_pseudonym(struct run_stats *s, const char *field, const char *pseudonym,
                             const unsigned char *raw, size_t raw_len, struct err *err);
/* What a stats file says about how the run was configured; must agree across merged shards. */
struct run_meta {
    char rules_digest[65];
    char key_id[17];
    char warnings_field[128];
    bool redact_fictional_phones; /* the detection option the run had */
    char redaction[4096];         /* scrub_redaction_json of the run; "" when not recorded */
};

void run_meta_from_opts(struct run_meta *meta, const struct scrub_opts *opts);
/* The stats file's JSON; caller frees. */
json_t *run_stats_to_json(const struct run_stats *s, const struct run_meta *meta);
/* Write the stats file atomically ("-" is stdout). */
int run_stats_write(const struct run_stats *s, const struct run_meta *meta, const char *path,
                    struct err *err);
/* Parse a stats file back (for `veil stats merge`); s must be initialised. */
int run_stats_from_json(struct run_stats *s, struct run_meta *meta, json_t *root, const char *path,
                        struct err *err);
/* Record one error; keeps at most the first 1000. */
void run_stats_error(struct run_stats *s, const char *input, uint64_t line, const char *kind,
                     const char *action, const char *message);

/* Compact JSON of v appended to out; keys in insertion order, reals in shortest round-trip. */
int json_write_value(json_t *v, struct buf *out, struct err *err);

/* Per-thread state for scrubbing records. */
struct record_scrubber {
    const struct scrub_opts *opts;
    struct scrub_engine *engine;
    struct scrub_findings findings;
    struct buf text;        /* replacement bytes of the string being scrubbed */
    struct buf decoded;     /* an escaped string's content */
    struct buf journal;     /* how a string decoded in place spells its escapes */
    struct buf arena;       /* replacement bytes of this record's edits */
    struct buf ids_arena;   /* raw hashed IDs of this record; wiped after each record */
    struct echo_set echoes; /* values found in this record; wiped after each record */
    struct json_scan scan;
    uint64_t warnings;
    struct run_stats *stats;
    void *pool; /* the worker pool this scrubber belongs to */
};

int record_scrubber_init(struct record_scrubber *rs, const struct scrub_opts *opts,
                         struct run_stats *stats, struct err *err);
void record_scrubber_release(struct record_scrubber *rs);

enum record_outcome { RECORD_KEPT, RECORD_DROPPED, RECORD_BLANK };

/*
 * Scrubbed records on their way out: their bytes in buf, except that the unchanged runs of a long
 * line are not copied but listed as spans of the line, which its holder keeps until the output is
 * written (a record of tens of megabytes is not held a second time). With no pieces, buf is the
 * whole output; with some, the output is the pieces in order, then buf's bytes from flushed on.
 */
struct output_piece {
    const unsigned char *line; /* NULL: buf's bytes [off, off + len) */
    size_t off, len;
};

struct scrub_output {
    struct buf buf;
    struct output_piece *v;
    size_t n, cap, flushed;
};

void scrub_output_init(struct scrub_output *o);
/* Empty again; buf's storage is freed when it grew past keep bytes. */
void scrub_output_reset(struct scrub_output *o, size_t keep);
void scrub_output_release(struct scrub_output *o);
/* Append p[0..len) (a span of a line its holder keeps until the output is written). */
void scrub_output_span(struct scrub_output *o, const unsigned char *p, size_t len);
/* The output's length in bytes. */
size_t scrub_output_len(const struct scrub_output *o);
/* Write the output in order with write(arg, p, n), which returns -1 on failure. */
int scrub_output_write(const struct scrub_output *o,
                       int (*write)(void *arg, const void *p, size_t n, struct err *err), void *arg,
                       struct err *err);

/*
 * Scrub one JSONL line into out (with its newline; a long line's unchanged runs as spans of p).
 * Returns -1 with err naming input:line for a bad record (the caller applies --on-error); *outcome
 * says whether the record was kept. When spans_out is non-NULL the record's spans line is appended
 * to it. A long string is decoded where it lies in p while it is read; p holds the line as given
 * again when this returns.
 */
int record_scrub_line(struct record_scrubber *rs, const char *input, uint64_t line,
                      unsigned char *p, size_t len, struct scrub_output *out, struct buf *spans_out,
                      enum record_outcome *outcome, struct err *err);

#endif
