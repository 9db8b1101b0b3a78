#ifndef VEIL_RELEASE_INTERNAL_H
#define VEIL_RELEASE_INTERNAL_H

/*
 * Shared between the files of release/: the file list of a release, its manifest and checksum
 * list, the reproducible tar writer, input checks, licence texts and card metadata.
 */

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

struct err;

#define RELEASE_MANIFEST        "MANIFEST.json"
#define RELEASE_SUMS            "SHA256SUMS"
#define RELEASE_MANIFEST_FORMAT "veil-manifest/1"
/* Text members (card, manifest, sums) are held in memory; beyond this they are refused. */
#define RELEASE_TEXT_MAX ((size_t)64 << 20)

/* One file of the release, relative to NAME/ (e.g. "data/train.jsonl.zst"). */
struct release_file {
    char *path;          /* path inside NAME/; owned */
    char *source;        /* file on disk, or NULL when data holds the bytes; owned */
    unsigned char *data; /* in-memory content, or NULL; owned */
    uint64_t size;
    char sha256[65]; /* lowercase hex */
    int64_t records; /* JSONL records, or -1 for non-data files */
};

struct release_files {
    struct release_file *v;
    size_t n, cap;
};

void release_files_release(struct release_files *files);
struct release_file *release_files_add(struct release_files *files, const char *path);
void release_files_sort(struct release_files *files);
/* Sets data/size/sha256 of f from memory (takes ownership of data). */
int release_file_set_data(struct release_file *f, unsigned char *data, size_t len, struct err *err);

/* A path segment is safe when it is [A-Za-z0-9._-]+ and not "." or ".." or dot-leading. */
int release_name_ok(const char *name);
/*
 * A relative path of safe segments separated by single '/': what a release may contain, so
 * that no checksum line ever needs coreutils' backslash escaping and no message can carry
 * terminal control bytes.
 */
int release_path_ok(const char *path);

/* ---- inputs.c: data files, stats and audit reports ---- */

/*
 * Checks that every data file is readable valid JSONL (each line a JSON object), records its
 * size, SHA-256, record count and mtime (newest into *newest_mtime), and adds it as data/<base>.
 */
int inputs_add_data(struct release_files *files, const char *const *paths, size_t n,
                    int64_t *newest_mtime, struct err *err);
/* Loads stats files; returns an array of the parsed JSON objects (owned, decref each). */
int inputs_load_stats(const char *const *paths, size_t n, json_t **out, struct err *err);
/*
 * Refuses a data file no stats file lists in outputs[].sha256 (unless allow), and a stats output
 * that is not released under the name scrub gave it (the card describes every output).
 */
int inputs_check_scrubbed(const struct release_files *files, const char *const *data_paths,
                          const char *const *stats_paths, json_t *stats, int allow,
                          struct err *err);
/* Merged totals of the stats (integers summed, pseudonym sets united); new reference. */
json_t *inputs_merge_stats(json_t *stats);
/* Distinct rules_digest values of the stats files; new reference (array of strings). */
json_t *inputs_rules_digests(json_t *stats);
/*
 * Loads audit reports and applies the gates (min_recall on leak.overall.recall_ci95[0]; any
 * leak finding) unless force. *summary gets {"score": ..., "leaks": ...} (new reference).
 */
int inputs_check_audit(const char *const *paths, size_t n, double min_recall, int force,
                       json_t **summary, struct err *err);

/* ---- manifest.c and sums.c ---- */

struct manifest_info {
    const char *name;
    const char *key_id;
    int64_t epoch;
    json_t *stats;         /* borrowed; may be NULL */
    json_t *audit;         /* borrowed; may be NULL */
    json_t *rules_digests; /* borrowed; may be NULL */
    const char *packer; /* libarchive and compressor versions: the archive bytes depend on them */
};

/* Deterministic MANIFEST.json (sorted keys, 2-space indent, final newline) into out. */
int manifest_write(const struct manifest_info *info, const struct release_files *files,
                   struct buf *out, struct err *err);

/* A parsed manifest: its name and files (path, size, sha256; no data). */
struct manifest {
    char *name;
    char *key_id; /* may be NULL */
    struct release_files files;
};
/* Parses and validates MANIFEST.json text; origin names it in messages. */
int manifest_parse(const char *origin, const char *text, size_t len, struct manifest *m,
                   struct err *err);
void manifest_release(struct manifest *m);
const struct release_file *manifest_find(const struct manifest *m, const char *path);

/* `sha256sum -c` lines ("<hex>  <path>\n") for files, sorted by path. */
int sums_write(const struct release_files *files, struct buf *out, struct err *err);
/* Parses SHA256SUMS text strictly into files (path and sha256 only). */
int sums_parse(const char *origin, const char *text, size_t len, struct release_files *files,
               struct err *err);

/* ---- archive_write.c: the reproducible tar ---- */

enum tar_compression { TAR_ZSTD, TAR_GZIP, TAR_XZ };
/* Appends "libarchive 3.6.2 zlib/... liblzma/... libzstd/...": what compressed bytes depend on. */
int tar_packer_version(struct buf *out, struct err *err);
/* From the output name's extension; -1 with ERR_USAGE for anything else. */
int tar_compression_for(const char *path, enum tar_compression *out, struct err *err);

struct tar_writer;
int tar_writer_open(const char *path, enum tar_compression c, int64_t mtime,
                    struct tar_writer **out, struct err *err);
int tar_writer_dir(struct tar_writer *w, const char *path, struct err *err);
/* Writes f under prefix/; for on-disk files re-hashes while copying and fails on any change. */
int tar_writer_file(struct tar_writer *w, const char *prefix, const struct release_file *f,
                    struct err *err);
/* Finishes the archive (still at a temporary path); gives its SHA-256 and BLAKE2b-512. */
int tar_writer_finish(struct tar_writer *w, unsigned char sha256[32], unsigned char b2[64],
                      struct err *err);
/* Renames the finished archive into place. */
int tar_writer_commit(struct tar_writer *w, struct err *err);
void tar_writer_free(struct tar_writer *w);

/* ---- license.c and card_meta.c ---- */

/* The card metadata fields LICENSE needs (strings owned; NULL when absent). */
struct card_meta {
    char *pretty_name;
    char *license;
    char *license_name;
    char *license_link;
    char *license_details;
};
int card_meta_load(const char *path, struct card_meta *meta, struct err *err);
void card_meta_release(struct card_meta *meta);

/* The LICENSE text for the metadata; ERR_USAGE when nothing describes the licence. */
int license_text(const struct card_meta *meta, const char *origin, struct buf *out,
                 struct err *err);

#endif
