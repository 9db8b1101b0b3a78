#ifndef VEIL_RELEASE_H
#define VEIL_RELEASE_H

/*
 * Building a release (data card, manifest, checksums, reproducible archive, signatures) and
 * verifying one. Signing primitives are in release/sign.h.
 */

#include <stddef.h>
#include <stdint.h>

struct err;
struct release_card_category;

/*
 * Building a release: `NAME/{README.md, CONTENT_WARNING.md, LICENSE, data/..., MANIFEST.json,
 * SHA256SUMS}` packed into a byte-reproducible tar (.tar.zst, .tar.gz or .tar.xz), signed in
 * minisign format (ARCHIVE.minisig), plus NAME.SHA256 (a BSD-tag checksum of the archive with an
 * embedded legacy signature, for `signify -C`). Every refusal is an error naming the input and
 * the reason: ERR_USAGE for a policy refusal (unscrubbed input, failed audit), ERR_PARSE for bad
 * input, ERR_IO/ERR_DEP otherwise. Nothing appears at the output paths unless all succeed.
 */
struct release_opts {
    const char *name;        /* top-level directory; [A-Za-z0-9._-], no leading dot */
    const char *const *data; /* JSONL data files (plain or compressed) */
    size_t n_data;
    const char *card_meta;    /* card metadata YAML, or NULL */
    const char *audit_svg;    /* `veil audit score --svg` chart, shipped as NAME/audit.svg */
    const char *const *stats; /* `veil scrub --stats` files */
    size_t n_stats;
    const char *const *audit; /* `veil audit score --json` / `veil audit leaks` reports */
    size_t n_audit;
    const char *seckey;        /* minisign secret key */
    const char *password;      /* for an encrypted secret key, or NULL */
    const char *output;        /* NAME.tar.zst, .tar.gz or .tar.xz */
    int64_t source_date_epoch; /* archive mtimes and manifest time; < 0: newest input mtime */
    double min_recall;         /* gate on leak.overall.recall_ci95[0]; < 0: no gate */
    int allow_unscrubbed;      /* accept data files no stats file vouches for */
    /* content-warning categories for the card (see the data card section), or NULL */
    const struct release_card_category *categories;
    size_t n_categories;
    int force; /* release despite a failed audit gate */
};

/* What a release produced, for the CLI to print. */
struct release_result {
    char archive_sha256[65];
    char manifest_sha256[65];
    char key_id[17];
    size_t files; /* regular files in the archive */
    char sig_path[4096];
    char sums_path[4096];
};

int release_build(const struct release_opts *opts, struct release_result *result, struct err *err);

/*
 * Verifying a release: the signature first (ARCHIVE.minisig unless sig is given), then every
 * archive entry streamed and checked against MANIFEST.json and SHA256SUMS. Failures are
 * ERR_VERIFY with a message naming the entry. With extract_dir, files are written to a temporary
 * directory inside it and renamed to extract_dir/NAME only after every check passed.
 */
struct verify_opts {
    const char *archive;
    const char *sig;         /* NULL: archive + ".minisig" */
    const char *pubkey;      /* minisign public key file */
    const char *extract_dir; /* or NULL */
    uint64_t max_total;      /* uncompressed bytes allowed in all; 0: VERIFY_DEFAULT_MAX_TOTAL */
};

#define VERIFY_DEFAULT_MAX_TOTAL ((uint64_t)64 << 30)

struct verify_result {
    char key_id[17];
    char name[256];
    char *trusted_comment; /* owned; free with verify_result_release */
    size_t files;
    uint64_t bytes;
    int prehashed;
};

int release_verify(const struct verify_opts *opts, struct verify_result *result, struct err *err);
void verify_result_release(struct verify_result *result);

/* ---- data card (release/card.c; owned by the card engineer) ---- */

struct buf;

/* A category of the content-warnings pack: scrub_rules_warning_name() and _description(). */
struct release_card_category {
    const char *name;        /* borrowed */
    const char *description; /* borrowed; may be NULL */
};

/*
 * Inputs of the data card. Every number in the card comes from the stats and audit files; the
 * metadata YAML holds only what a person must say (examples/card.yaml shows every key). Data
 * files are named data_dir/<basename of the stats outputs[].path>, the layout `veil release`
 * uses. audit holds `veil audit score --json` and/or `veil audit leaks --json` reports (at
 * most one of each kind), told apart by their "format".
 */
struct release_card_opts {
    const char *meta;         /* card.yaml */
    const char *const *stats; /* `veil scrub --stats` files, >= 1 */
    size_t n_stats;
    const char *const *audit; /* audit reports, or NULL */
    size_t n_audit;
    const char *audit_svg;                          /* chart as linked from README.md, or NULL */
    const struct release_card_category *categories; /* the warnings pack, or NULL */
    size_t n_categories;
    const char *data_dir; /* NULL: "data" */
};

/*
 * Renders README.md (Hub front matter, content-warning banner, datasheet sections and tables)
 * into readme and CONTENT_WARNING.md into warning; either may be NULL; text is appended. The
 * output is byte-identical for identical inputs (no clock, no environment). Errors name the
 * input, line and key: ERR_USAGE for a missing file or required key, ERR_PARSE otherwise.
 */
int release_card_render(const struct release_card_opts *opts, struct buf *readme,
                        struct buf *warning, struct err *err);
/* The same, written to files that appear only when complete; warning_path may be NULL. */
int release_card_write(const struct release_card_opts *opts, const char *readme_path,
                       const char *warning_path, struct err *err);

/* ---- end of data card section ---- */

#endif
