#ifndef VEIL_SCRUB_H
#define VEIL_SCRUB_H

/*
 * The detection and redaction engine, and the record pipeline built on it.
 *
 *   rules   = scrub_rules_load("rules/default")      a compiled rule pack (read-only, shareable)
 *   engine  = scrub_engine_new(rules, &opts)         per-thread matching state
 *   scrub_engine_detect(engine, text)  -> findings   byte spans into the original UTF-8
 *   scrub_engine_redact(engine, text, findings) -> redacted text
 *   scrub_run(&opts)                                 JSONL in -> scrubbed JSONL out + stats
 *
 * All offsets are byte offsets into the original UTF-8 text. No function here prints; errors are
 * returned in struct err and never contain the matched text.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/buf.h"

struct err;

/* ---- rule packs ---- */

struct scrub_rules;

/*
 * Load a pack: a YAML file, or a directory whose *.yaml files are loaded in name order. Several
 * calls may add packs to one rule set (pass *rules == NULL the first time). Errors name the file,
 * line and rule.
 */
int scrub_rules_load(struct scrub_rules **rules, const char *path, struct err *err);
/* Load several packs at once, each as scrub_rules_load would, compiling their patterns on up to
 * threads threads (most of the start-up time). All or none of the packs are added. */
int scrub_rules_load_many(struct scrub_rules **rules, const char *const *paths, size_t n,
                          unsigned threads, struct err *err);
/*
 * Keep compiled patterns between runs in ~/.cache/veil (pack_cache.c) even when VEIL_CACHE_DIR
 * is not set. The veil command turns this on; a library user gets no files unless it does (or
 * sets VEIL_CACHE_DIR). Call before loading, from one thread.
 */
void scrub_rules_cache_by_default(bool on);
void scrub_rules_free(struct scrub_rules *rules);
size_t scrub_rules_count(const struct scrub_rules *rules);
/* SHA-256 (hex, 64 chars + NUL) over the canonical content of every loaded pack. */
void scrub_rules_digest(const struct scrub_rules *rules, char hex[65]);
/* Print one line per rule (id, entity, languages, validator) to out. */
int scrub_rules_list(const struct scrub_rules *rules, FILE *out, struct err *err);
/*
 * Run every rule's embedded `tests:` examples; print each failure to out. *failures is the count.
 * Returns 0 when the run itself worked (even with failures).
 */
int scrub_rules_test(const struct scrub_rules *rules, FILE *out, size_t *failures, struct err *err);
/* Flag patterns prone to catastrophic backtracking; *warnings is the count. */
int scrub_rules_lint(const struct scrub_rules *rules, FILE *out, size_t *warnings, struct err *err);

/* Content-warning categories defined by the loaded packs (0..n-1), and their names. */
size_t scrub_rules_warning_count(const struct scrub_rules *rules);
const char *scrub_rules_warning_name(const struct scrub_rules *rules, size_t i);
const char *scrub_rules_warning_description(const struct scrub_rules *rules, size_t i);

/* ---- operators ---- */

enum scrub_operator {
    SCRUB_OP_DEFAULT = 0, /* whatever the rule or pack says; replace if nothing does */
    SCRUB_OP_REPLACE,     /* typed placeholder: "[EMAIL]" */
    SCRUB_OP_MASK,        /* keep the last N characters, mask the rest */
    SCRUB_OP_PSEUDONYM,   /* "[PERSON_3fa91c2e]": keyed HMAC of the normalised value */
    SCRUB_OP_REDACT,      /* remove */
    SCRUB_OP_DROP_RECORD, /* drop the whole record (counted, never silent) */
};

/* "replace", "mask", ... -> enum; -1 when unknown. */
int scrub_operator_parse(const char *name, enum scrub_operator *op);
const char *scrub_operator_name(enum scrub_operator op);

/*
 * The redaction a run applies, as canonical JSON text (caller frees), e.g.
 * {"mask_char":"*","mask_keep":4,"operators":{"PHONE":"mask"}}: the per-entity overrides (the
 * first of an entity wins, as in redaction) and the effective mask settings. Stats files and
 * audits record it, so that a card can tell whether an audit measured the release's redaction
 * (a mask that keeps characters leaves them in the text). NULL when out of memory.
 */
struct scrub_engine_opts;
char *scrub_redaction_json(const struct scrub_engine_opts *opts);

struct scrub_operator_override {
    const char *entity; /* "EMAIL"; borrowed */
    enum scrub_operator op;
};

/* ---- the engine ---- */

/* A detected span. entity/subtype/rule point into the rule set and live as long as it. */
struct scrub_finding {
    const char *entity;  /* "EMAIL", "NATIONAL_ID", ... */
    const char *subtype; /* "UK_NINO" for NATIONAL_ID, else NULL */
    const char *rule;    /* rule name in its pack */
    size_t start, end;   /* byte span [start, end) in the original text */
    double score;
};

/* A growable list of findings; invariant after detect: sorted by start, non-overlapping. */
struct scrub_findings {
    struct scrub_finding *v;
    size_t n, cap;
};

void scrub_findings_init(struct scrub_findings *f);
void scrub_findings_release(struct scrub_findings *f);

/* Detection reads a long text a window of this many bytes at a time, plus an eighth either side. */
#define SCRUB_WINDOW_BYTES ((size_t)128 << 10)

struct scrub_engine_opts {
    const unsigned char *pseudonym_key; /* for SCRUB_OP_PSEUDONYM; borrowed, may be NULL */
    size_t pseudonym_key_len;
    const struct scrub_operator_override *overrides; /* per-entity operators; borrowed */
    size_t n_overrides;
    unsigned mask_keep;      /* characters kept by SCRUB_OP_MASK (4 when 0 and not mask_keep_set) */
    bool mask_keep_set;      /* mask_keep was asked for: 0 then masks every character */
    unsigned char mask_char; /* default '*' when 0 */
    /* Redact the numbers North America reserves for fiction (555-0100..0199) too; by default
     * they are not PII: no line can be assigned one. */
    bool redact_fictional_phones;
    bool no_prefilter; /* run every pattern on every text (tests prove prefilters change nothing) */
    /* Texts longer than this many bytes (0: SCRUB_WINDOW_BYTES) are detected in overlapping
     * windows of it (window.c); tests make it small. */
    size_t window_bytes;
    /* Count every regex call's time into this profile (NULL: off, the default). Borrowed; one
     * engine at a time may fill it. */
    struct scrub_profile *profile;
};

struct scrub_engine;

/* rules must outlive the engine. One engine per thread. Returns NULL only with err set. */
struct scrub_engine *scrub_engine_new(const struct scrub_rules *rules,
                                      const struct scrub_engine_opts *opts, struct err *err);
void scrub_engine_free(struct scrub_engine *e);

/*
 * Detect PII in text (valid UTF-8). Findings are appended to out (after it is emptied).
 * A PCRE2 resource limit hit is an ERR_LIMIT error: the caller must not release the text.
 */
int scrub_engine_detect(struct scrub_engine *e, const unsigned char *text, size_t len,
                        struct scrub_findings *out, struct err *err);

/*
 * Write text with every finding replaced by its operator's output into out (appended).
 * *drop_record is set when a finding's operator is SCRUB_OP_DROP_RECORD.
 */
int scrub_engine_redact(struct scrub_engine *e, const unsigned char *text, size_t len,
                        const struct scrub_findings *findings, struct buf *out, bool *drop_record,
                        struct err *err);

/* Content-warning categories present in text: bit i set for category i (at most 64). */
int scrub_engine_warnings(struct scrub_engine *e, const unsigned char *text, size_t len,
                          uint64_t *categories, struct err *err);

/*
 * The same, without looking again for the categories in known (found earlier in the same record,
 * whose labels are the union over its strings): they are left out of *categories.
 */
int scrub_engine_warnings_except(struct scrub_engine *e, const unsigned char *text, size_t len,
                                 uint64_t known, uint64_t *categories, struct err *err);

/* ---- profiling (veil rules profile) ---- */

/* Per-pattern PCRE2 calls, matches and time of a run, for a rule set that outlives it. */
struct scrub_profile;

/* An empty profile of every regex in rules. Free with scrub_profile_free (NULL is fine). */
struct scrub_profile *scrub_profile_new(const struct scrub_rules *rules);
void scrub_profile_free(struct scrub_profile *p);
/* Count one text of len bytes given to detection. */
void scrub_profile_text(struct scrub_profile *p, size_t len);
/*
 * Print the totals (wall_ns is the run's wall time, measured by the caller) and, for PII and
 * content-warning patterns apart, the top rows by time to out.
 */
int scrub_profile_print(const struct scrub_profile *p, FILE *out, size_t top, uint64_t wall_ns,
                        struct err *err);
/* Every row, by time, and the totals as JSON at path. */
int scrub_profile_write_json(const struct scrub_profile *p, const char *path, uint64_t wall_ns,
                             struct err *err);

/* ---- keyed pseudonyms for worker IDs ---- */

#define SCRUB_ID_KEY_MIN    16
#define SCRUB_PSEUDONYM_LEN 18 /* "w_" + 16 hex */

/*
 * out = "w_" + first 16 hex digits of HMAC-SHA256(key, "rt-worker-id/v1\0" || id), where id is
 * the value with surrounding white space trimmed. out must hold SCRUB_PSEUDONYM_LEN + 1 bytes.
 */
int scrub_pseudonym_id(const unsigned char *key, size_t key_len, const unsigned char *id,
                       size_t id_len, char *out, struct err *err);

/* The key's public fingerprint: first 8 bytes of HMAC-SHA256(key, "key-id") as hex (17 bytes). */
int scrub_key_id(const unsigned char *key, size_t key_len, char out[17], struct err *err);

/* ---- the record pipeline (veil scrub) ---- */

enum scrub_on_error { SCRUB_ON_ERROR_FAIL = 0, SCRUB_ON_ERROR_SKIP, SCRUB_ON_ERROR_QUARANTINE };

struct scrub_opts {
    const char *const *inputs; /* paths; "-" is stdin */
    size_t n_inputs;
    const char *output;     /* path; "-" is stdout */
    const char *quarantine; /* with SCRUB_ON_ERROR_QUARANTINE */
    const char *stats_path; /* JSON stats, or NULL */
    const char *spans_path; /* per-record spans (no raw values), or NULL */
    enum scrub_on_error on_error;
    const char *const *fields; /* dotted paths to scrub; none means every string */
    size_t n_fields;
    const char *const *keep; /* dotted paths never scrubbed */
    size_t n_keep;
    const char *const *hash_fields; /* fields replaced by keyed pseudonyms */
    size_t n_hash_fields;
    const unsigned char *id_key; /* key for hash_fields (and pseudonym operator) */
    size_t id_key_len;
    const char *warnings_field; /* "content_warnings" by default; NULL with no_warnings */
    bool no_warnings;
    size_t max_record;                 /* bytes; RECORD_DEFAULT_MAX when 0 */
    unsigned jobs;                     /* worker threads; 1 when 0 */
    unsigned shard_index, shard_count; /* --shard K/N (1-based K); 0/0 for all */
    const struct scrub_rules *rules;
    struct scrub_engine_opts engine;
};

/* Summary of a run (the stats file has the full detail). */
struct scrub_summary {
    uint64_t records_in, records_out, skipped, quarantined, dropped;
    uint64_t bytes_in, bytes_out, detections;
};

/* Scrub every input into the output. On failure nothing appears at the output path. */
int scrub_run(const struct scrub_opts *opts, struct scrub_summary *summary, struct err *err);

/* Merge stats files written by scrub_run (shards) into one, written to out_path ("-" stdout). */
int scrub_stats_merge(const char *const *paths, size_t n, const char *out_path, struct err *err);

#endif
