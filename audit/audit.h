#ifndef VEIL_AUDIT_H
#define VEIL_AUDIT_H

/*
 * Measuring a release: redaction recall over a labelled ("gold") corpus with Wilson intervals,
 * reproducible held-out samples for annotation, and a leak scan of a finished release.
 *
 *   audit_sample(&opts)                      raw JSONL -> annotation worksheet (gold shape)
 *   audit_score_run(&opts, &report)          gold JSONL -> scrub -> struct audit_report
 *   audit_report_write_{json,markdown,svg}   the report for people and for other tools
 *   audit_leaks_scan(&opts, &leaks)          release -> raw IDs, canaries, residual PII
 *
 * Offsets are UTF-8 byte offsets. Nothing here prints except to the streams it is handed, and no
 * message or report ever contains a PII value: values are described by type and length.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct err;
struct scrub_rules;
struct scrub_operator_override;

/* ---- gold annotations ---- */

/* One labelled span: bytes [start, end) of the record text. type is owned by the record. */
struct audit_gold_span {
    char *type;
    size_t start, end;
};

/*
 * One gold line: {"id": ..., "text": "...", "spans": [{"type", "start", "end", "value"?}]}.
 * Invariants after audit_gold_parse: text is valid UTF-8 (it may hold NULs: use len), every
 * span is non-empty, inside the text and on character boundaries, and spans are sorted by start;
 * two spans of one type never overlap. id is the JSON id printed compactly (or "line N").
 */
struct audit_gold_record {
    char *id;
    unsigned char *text;
    size_t len;
    struct audit_gold_span *spans;
    size_t n_spans;
    uint64_t line;
};

/*
 * Parse and validate one line of a gold file. Errors are ERR_PARSE and read
 * "path:line: record N field 'spans[2].end': ..." without echoing text or values.
 * On success rec owns its memory (audit_gold_record_release frees it).
 */
int audit_gold_parse(const char *path, uint64_t line, const unsigned char *json, size_t len,
                     struct audit_gold_record *rec, struct err *err);
void audit_gold_record_release(struct audit_gold_record *rec);

/* ---- scoring ---- */

enum audit_rule {
    AUDIT_RULE_EXACT = 0, /* a prediction with the same start and end */
    AUDIT_RULE_OVERLAP,   /* a prediction sharing at least one byte */
    AUDIT_RULE_LEAK,      /* no alphanumeric character of the span survives the scrub */
    AUDIT_RULE_COUNT,
};

const char *audit_rule_name(enum audit_rule rule);

/* A predicted (or any typed) span; type is borrowed. */
struct audit_span {
    const char *type;
    size_t start, end;
};

/* A byte range [start, end) of the original text that appears unchanged in the scrubbed text. */
struct audit_range {
    size_t start, end;
};

/*
 * Counts for one rule and one type (or overall). n gold spans of which tp were caught and fn
 * missed (tp + fn == n); predicted spans of which fp matched no gold span of any type.
 */
struct audit_counts {
    uint64_t n, tp, fn, predicted, fp;
};

/*
 * Metrics from counts. recall = tp / n, precision = (predicted - fp) / predicted, each with a
 * Wilson 95 % interval; f2 = 5PR / (4P + R). A ratio with a zero denominator is NAN and its
 * interval is [0, 1] (nothing was observed); f2 is NAN when either ratio is.
 */
struct audit_metrics {
    struct audit_counts c;
    double recall, recall_ci[2];
    double precision, precision_ci[2];
    double f2;
};

/* Wilson score interval at 95 % for k successes in n trials; [0, 1] when n is 0. */
void audit_wilson95(uint64_t k, uint64_t n, double *lo, double *hi);
void audit_metrics_from_counts(const struct audit_counts *c, struct audit_metrics *m);

#define AUDIT_WORST_MISSES 20

struct audit_type_metrics {
    char *type;
    struct audit_metrics rule[AUDIT_RULE_COUNT];
};

/* Gold spans of type gold_type that a prediction of another type overlapped. */
struct audit_confusion {
    char *gold_type, *predicted_type;
    uint64_t count;
};

/*
 * A gold span missed under the leak rule. Never holds the value: only its type, where it is,
 * how long it is (chars, UTF-8 characters) and how many of its alnum characters survived.
 * touched: some prediction overlapped it (a partial redaction) rather than none.
 */
struct audit_miss {
    char *record_id;
    uint64_t line;
    char *type;
    size_t start, end, chars, alnum, survived;
    bool touched;
};

/*
 * The result of scoring. types are sorted by name and include every gold type and every
 * predicted type. misses holds at most AUDIT_WORST_MISSES, worst first (untouched before
 * partial, then most characters surviving); n_missed counts them all.
 */
struct audit_report {
    uint64_t records;
    struct audit_metrics overall[AUDIT_RULE_COUNT];
    struct audit_type_metrics *types;
    size_t n_types;
    struct audit_confusion *confusion;
    size_t n_confusion;
    struct audit_miss *misses;
    size_t n_misses;
    uint64_t n_missed;
    char rules_digest[65];        /* empty when the report was not made with a rule set */
    bool redact_fictional_phones; /* the detection option it was made with */
    char *redaction; /* scrub_redaction_json of its redaction (owned); NULL without rules */
};

void audit_report_release(struct audit_report *r);

/* Accumulates records; opaque because it holds growing tables. */
struct audit_scorer;

struct audit_scorer *audit_scorer_new(void);
void audit_scorer_free(struct audit_scorer *s);
/*
 * Score one record: its gold spans, the predicted spans (any order) and the ranges of the
 * original text that survive into the scrubbed text (sorted, non-overlapping).
 */
void audit_scorer_add(struct audit_scorer *s, const struct audit_gold_record *gold,
                      const struct audit_span *pred, size_t n_pred, const struct audit_range *kept,
                      size_t n_kept);
/* Fill report (which the caller releases) from everything added so far. */
void audit_scorer_report(const struct audit_scorer *s, struct audit_report *report);

struct audit_score_opts {
    const char *gold_path;
    const struct scrub_rules *rules;
    size_t max_record; /* bytes; RECORD_DEFAULT_MAX when 0 */
    /* Detect as `veil scrub --redact-fictional-phones` does: an audit measures the scrub that
     * made the release, so it takes the detection options that scrub had. */
    bool redact_fictional_phones;
    /* Redact as the scrub did (its --operator, --mask-char, --mask-keep): characters a mask
     * keeps survive into the text, and the leak rule counts them. Borrowed. */
    const struct scrub_operator_override *overrides;
    size_t n_overrides;
    unsigned mask_keep;
    bool mask_keep_set;
    unsigned char mask_char;
};

/* Scrub every gold text with rules and score it. Gold errors name the file and record. */
int audit_score_run(const struct audit_score_opts *opts, struct audit_report *report,
                    struct err *err);

/* Writers; each file appears only when complete. "-" is stdout. */
int audit_report_write_json(const struct audit_report *r, const char *path, struct err *err);
int audit_report_write_markdown(const struct audit_report *r, const char *path, struct err *err);
int audit_report_write_svg(const struct audit_report *r, const char *path, struct err *err);
/* A short human summary (overall and per-type leak recall, worst misses) to out. */
int audit_report_print(const struct audit_report *r, FILE *out, struct err *err);

/* ---- held-out samples ---- */

struct audit_sample_opts {
    const char *input;      /* raw JSONL (any compression); a file, since --complement re-reads */
    const char *output;     /* the worksheet; "-" is stdout */
    const char *complement; /* every record not sampled, as is; NULL for none */
    uint64_t n, seed;
    const char *stratify;      /* dotted field path, or NULL */
    const char *const *fields; /* dotted text fields to put on the worksheet; none: every string */
    size_t n_fields;
    size_t max_record; /* bytes; RECORD_DEFAULT_MAX when 0 */
};

struct audit_sample_summary {
    uint64_t records, sampled, worksheet_lines;
    size_t strata;
};

/*
 * Draw n records uniformly without replacement in one pass (each record's sort key is a hash of
 * seed and line number, the n smallest are kept), proportionally per stratum when asked, and
 * write one worksheet line per text field: {"id", "source", "text", "spans": []}.
 */
int audit_sample(const struct audit_sample_opts *opts, struct audit_sample_summary *summary,
                 struct err *err);

/* ---- leak scan of a release ---- */

enum audit_leak_kind {
    AUDIT_LEAK_RAW_ID = 0,
    AUDIT_LEAK_CANARY,
    AUDIT_LEAK_RESIDUAL,
    AUDIT_LEAK_KIND_COUNT,
};

const char *audit_leak_kind_name(enum audit_leak_kind kind);

/* One finding; detail describes the match by kind, length and offset, never by value. */
struct audit_leak {
    char *file; /* path inside the release */
    uint64_t record;
    char *field; /* dotted path of the value, plus " (key)" or " (number)" for those */
    enum audit_leak_kind kind;
    char *detail;
};

struct audit_leaks_opts {
    const char *const *raw; /* raw JSONL inputs: worker IDs, and where canaries were planted */
    size_t n_raw;
    const char *release; /* archive (.tar, .tar.gz, .tar.zst, .tar.xz) or extracted directory */
    const char *const *hash_fields; /* dotted paths of worker-ID fields in the raw records */
    size_t n_hash_fields;
    const unsigned char *id_key; /* optional: names an ID in findings by its pseudonym */
    size_t id_key_len;
    const char *canaries;            /* one canary a line; NULL for none */
    const struct scrub_rules *rules; /* residual detection; NULL to skip it */
    size_t max_record;               /* bytes; RECORD_DEFAULT_MAX when 0 */
    bool redact_fictional_phones;    /* residual detection as the release's scrub had it */
};

struct audit_leak_report {
    struct audit_leak *items;
    size_t n, cap;
    uint64_t by_kind[AUDIT_LEAK_KIND_COUNT];
    uint64_t files, records, strings;
    uint64_t raw_ids, canaries, short_ids_skipped;
    /*
     * With both raw inputs and canaries, the canaries are looked for in the raw input too: one
     * that is not there was never planted and proves nothing. unplanted holds the lines (in the
     * canaries file) of those.
     */
    bool raw_scanned_for_canaries;
    uint64_t *unplanted;
    size_t n_unplanted;
};

/*
 * The minimum length of a raw ID or canary worth scanning for; shorter ones match anywhere.
 * Strings, object keys and integers are scanned for IDs and canaries; strings for residual PII.
 */
#define AUDIT_MIN_NEEDLE 4

void audit_leak_report_init(struct audit_leak_report *r);
void audit_leak_report_release(struct audit_leak_report *r);
/* Scan; findings are not errors (check r->n). Errors: unreadable inputs, bad JSON, no data. */
int audit_leaks_scan(const struct audit_leaks_opts *opts, struct audit_leak_report *r,
                     struct err *err);
/* {"findings": N, "by_kind": {...}, "items": [{"file","record","field","kind","detail"}]} */
int audit_leak_report_write_json(const struct audit_leak_report *r, const char *path,
                                 struct err *err);

#endif
