#ifndef VEIL_CARD_INTERNAL_H
#define VEIL_CARD_INTERNAL_H

/*
 * The data card's pieces, shared by release/card*.c (the public entry points are in
 * release/release.h, "data card" section):
 *   card_metadata.c  card.yaml -> struct card_metadata (what only a person can say)
 *   card_facts.c     stats and audit JSON -> struct card_facts (every number the card prints)
 *   card_front.c     the Hugging Face YAML front matter
 *   card_body.c      the datasheet sections of README.md
 *   card_tables.c    the generated tables (records, fields, redactions, pseudonyms, audit)
 *   card_warning.c   the content-warning banner, its table and CONTENT_WARNING.md
 *   card_format.c    number, Markdown and YAML formatting
 */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"
#include "release/release.h"

struct err;

/* A list of owned strings. */
struct card_list {
    char **v;
    size_t n;
};

/*
 * card.yaml. Strings are owned, NULL when absent; required keys are never NULL after a
 * successful load. Single-line keys hold no newline; text keys may hold Markdown.
 */
struct card_metadata {
    char *pretty_name, *license, *license_name, *license_link, *description, *curated_by;
    char *citation, *homepage, *repository, *paper, *contact, *funded_by, *shared_by;
    char *card_authors;
    /* datasheet prose (Gebru et al.): optional, rendered as written */
    char *motivation, *composition, *collection_process, *annotation_process, *preprocessing;
    char *uses, *out_of_scope_uses, *bias_risks_limitations, *distribution, *maintenance;
    struct card_list language, task_categories, task_ids, tags, source_datasets;
    struct card_list annotations_creators, language_creators;
};

/* Reads and validates card.yaml; errors name the file, the line and the key. */
int card_metadata_load(const char *path, struct card_metadata *m, struct err *err);
void card_metadata_release(struct card_metadata *m);

/* One data file the stats vouch for, as it will sit beside the card. */
struct card_output {
    char *path;  /* data_dir + "/" + basename; owned */
    char *split; /* "train", "validation" or "test"; owned */
    json_int_t records, bytes;
    char sha256[65];
};

/*
 * Everything numeric the card prints, validated on load so that rendering cannot meet a
 * missing or mistyped value. merged sums the stats files (release/inputs.c rules); the JSON
 * objects are owned references.
 */
struct card_facts {
    json_t *stats;  /* array of the stats objects */
    json_t *merged; /* summed counts, pseudonyms united */
    json_t *audit;  /* the `veil audit score` report, or NULL */
    json_t *leaks;  /* the `veil audit leaks` report, or NULL */
    const char *audit_path, *leaks_path, *audit_svg;
    struct card_output *outputs; /* sorted by path */
    size_t n_outputs;
    struct card_list digests, versions, key_ids; /* distinct values, sorted */
    const char *warnings_field; /* borrowed from stats; NULL when never classified */
    size_t n_unclassified;      /* stats files without content_warnings */
    const struct release_card_category *categories;
    size_t n_categories;
};

int card_facts_load(const struct release_card_opts *opts, struct card_facts *f, struct err *err);
void card_facts_release(struct card_facts *f);

/* An integer the loader has checked; 0 when absent. */
json_int_t card_int(json_t *obj, const char *key);
/* Records in the release (records.out summed). */
json_int_t card_records(const struct card_facts *f);
/* Object keys sorted by descending integer value, then by name; caller frees the array. */
const char **card_keys_by_count(json_t *obj, size_t *n);
/* Object keys sorted by name; caller frees the array. */
const char **card_keys_sorted(json_t *obj, size_t *n);

int card_front_matter(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
                      struct err *err);
int card_body(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
              struct err *err);

int card_table_records(const struct card_facts *f, struct buf *out, struct err *err);
int card_table_fields(const struct card_facts *f, struct buf *out, struct err *err);
int card_table_scrub(const struct card_facts *f, struct buf *out, struct err *err);
int card_table_redactions(const struct card_facts *f, struct buf *out, struct err *err);
int card_section_pseudonyms(const struct card_facts *f, struct buf *out, struct err *err);
int card_section_audit(const struct card_facts *f, struct buf *out, struct err *err);
int card_table_provenance(const struct card_facts *f, struct buf *out, struct err *err);
/* Provenance rows: the scrub's redaction operators, and the audit's when they differ. */
int card_rows_redaction(const struct card_facts *f, struct buf *out, struct err *err);

/* The blockquote banner that opens README.md and (in_warning_file) CONTENT_WARNING.md. */
int card_warning_banner(const struct card_facts *f, bool in_warning_file, struct buf *out,
                        struct err *err);
/* Per-category counts, with the pack's descriptions when known and with_desc. */
int card_warning_table(const struct card_facts *f, bool with_desc, struct buf *out,
                       struct err *err);
int card_content_warning(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
                         struct err *err);

/* "1234" */
int card_fmt_int(struct buf *out, json_int_t v, struct err *err);
/* 100 * num / den with one decimal and "%", or "n/a" when den is 0. */
int card_fmt_share(struct buf *out, json_int_t num, json_int_t den, struct err *err);
/* A ratio in [0, 1] as a percentage with one decimal, or "n/a" for JSON null. */
int card_fmt_ratio(struct buf *out, json_t *ratio, struct err *err);
/* A Markdown table cell: '|' escaped, newlines as spaces. */
int card_fmt_cell(struct buf *out, const char *s, struct err *err);
/* `code` in Markdown; backticks in s are doubled out with a wider fence. */
int card_fmt_code(struct buf *out, const char *s, struct err *err);
/* A YAML double-quoted scalar (JSON string syntax, which YAML 1.1 accepts). */
int card_fmt_yaml_string(struct buf *out, const char *s, struct err *err);
/* A prose section: the text with one trailing newline, then a blank line. */
int card_fmt_prose(struct buf *out, const char *text, struct err *err);

#endif
