/*
 * Content warnings: the banner at the top of README.md, the per-category table, and
 * CONTENT_WARNING.md. Category descriptions come from the warnings pack; no text from the data
 * is ever reproduced.
 */
#include "release/card_internal.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

static json_t *
warnings_of(const struct card_facts *f)
{
    return json_object_get(f->merged, "content_warnings");
}

static bool
none_classified(const struct card_facts *f)
{
    return f->n_unclassified == json_array_size(f->stats);
}

static const char *
description_of(const struct card_facts *f, const char *name)
{
    for (size_t i = 0; i < f->n_categories; i++) {
        if (strcmp(f->categories[i].name, name) == 0) {
            return f->categories[i].description;
        }
    }
    return NULL;
}

/* Stats categories plus any pack category with no hits (a 0 shows it was looked for). */
static json_t *
category_counts(const struct card_facts *f)
{
    json_t *counts = json_deep_copy(json_object_get(warnings_of(f), "by_category"));

    if (!counts) {
        counts = json_object();
    }
    for (size_t i = 0; i < f->n_categories; i++) {
        if (!json_object_get(counts, f->categories[i].name)) {
            json_object_set_new(counts, f->categories[i].name, json_integer(0));
        }
    }
    return counts;
}

static int
banner_flagged(const struct card_facts *f, struct buf *out, struct err *err)
{
    json_t *counts = json_object_get(warnings_of(f), "by_category");
    json_int_t any = card_int(warnings_of(f), "records_with_any"), total = card_records(f);
    size_t n = 0, shown = 0;
    const char **keys = card_keys_by_count(counts, &n);
    int rc = -1;

    if (buf_append_str(out, "> veil's content-warning classifier flagged ", err) < 0 ||
        card_fmt_int(out, any, err) < 0 || buf_append_str(out, " of ", err) < 0 ||
        card_fmt_int(out, total, err) < 0 || buf_append_str(out, " records (", err) < 0 ||
        card_fmt_share(out, any, total, err) < 0 || buf_append_str(out, ")", err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_int_t c = card_int(counts, keys[i]);
        if (c == 0) {
            continue;
        }
        if (buf_append_str(out, shown++ ? ", " : ": ", err) < 0 ||
            card_fmt_cell(out, keys[i], err) < 0 || buf_append_str(out, " (", err) < 0 ||
            card_fmt_int(out, c, err) < 0 || buf_append_str(out, ")", err) < 0) {
            goto out;
        }
    }
    if (buf_append_str(out, ".", err) < 0) {
        goto out;
    }
    if (f->n_unclassified &&
        buf_printf(out, err,
                   " %zu of %zu stats files come from runs without classification "
                   "(`--no-warnings`); their records are not counted here.",
                   f->n_unclassified, json_array_size(f->stats)) < 0) {
        goto out;
    }
    rc = 0;
out:
    free(keys);
    return rc;
}

int
card_warning_banner(const struct card_facts *f, bool in_warning_file, struct buf *out,
                    struct err *err)
{
    if (buf_append_str(out,
                       "> **Content warning:** this dataset contains material that may be "
                       "offensive, violent or upsetting, kept on purpose for research.\n>\n",
                       err) < 0) {
        return -1;
    }
    if (none_classified(f)) {
        if (buf_append_str(out,
                           "> The records were not classified into content-warning categories "
                           "(`veil scrub --no-warnings`): assume any record may hold any kind "
                           "of harmful text.",
                           err) < 0) {
            return -1;
        }
    } else if (banner_flagged(f, out, err) < 0) {
        return -1;
    }
    return buf_printf(out, err,
                      " Labels are automatic and miss some records, so an unlabelled record is "
                      "not a safe one.\n>\n> Read %s before viewing the data, and engage with "
                      "it only within your own risk tolerance.\n\n",
                      in_warning_file ? "this file" : "CONTENT_WARNING.md");
}

static int
table_row(const struct card_facts *f, json_t *counts, const char *name, bool with_desc,
          struct buf *out, struct err *err)
{
    json_int_t c = card_int(counts, name);
    const char *desc = description_of(f, name);

    if (buf_append_str(out, "| ", err) < 0 || card_fmt_code(out, name, err) < 0 ||
        buf_append_str(out, " | ", err) < 0 || card_fmt_int(out, c, err) < 0 ||
        buf_append_str(out, " | ", err) < 0 || card_fmt_share(out, c, card_records(f), err) < 0) {
        return -1;
    }
    if (with_desc &&
        (buf_append_str(out, " | ", err) < 0 ||
         card_fmt_cell(out, desc ? desc : "(not in the warnings pack given)", err) < 0)) {
        return -1;
    }
    return buf_append_str(out, " |\n", err);
}

int
card_warning_table(const struct card_facts *f, bool with_desc, struct buf *out, struct err *err)
{
    json_t *counts;
    const char **keys = NULL;
    size_t n = 0;
    int rc = -1;

    with_desc = with_desc && f->n_categories > 0;
    if (none_classified(f)) {
        return buf_append_str(out,
                              "No content-warning classification was run on these "
                              "records.\n\n",
                              err);
    }
    counts = category_counts(f);
    keys = card_keys_by_count(counts, &n);
    if (buf_append_str(out,
                       with_desc ? "| Category | Records | Share of records | What it covers |\n"
                                   "|---|---:|---:|---|\n"
                                 : "| Category | Records | Share of records |\n|---|---:|---:|\n",
                       err) < 0) {
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (table_row(f, counts, keys[i], with_desc, out, err) < 0) {
            goto out;
        }
    }
    if (buf_append_str(out, "\nRecords with at least one warning: ", err) < 0 ||
        card_fmt_int(out, card_int(warnings_of(f), "records_with_any"), err) < 0 ||
        buf_append_str(out, " of ", err) < 0 || card_fmt_int(out, card_records(f), err) < 0 ||
        buf_append_str(out, " (", err) < 0 ||
        card_fmt_share(out, card_int(warnings_of(f), "records_with_any"), card_records(f), err) <
            0 ||
        buf_append_str(out, "). Each record lists its categories in the field ", err) < 0 ||
        card_fmt_code(out, f->warnings_field ? f->warnings_field : "content_warnings", err) < 0 ||
        buf_append_str(out, ".\n\n", err) < 0) {
        goto out;
    }
    rc = 0;
out:
    free(keys);
    json_decref(counts);
    return rc;
}

static int
category_sections(const struct card_facts *f, struct buf *out, struct err *err)
{
    if (f->n_categories == 0) {
        return buf_append_str(out,
                              "The category descriptions were not available when this "
                              "file was made (no warnings pack was given).\n",
                              err);
    }
    if (buf_append_str(out,
                       "What each category covers, as defined by the warnings pack. No "
                       "example of harmful text is reproduced here.\n\n",
                       err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < f->n_categories; i++) {
        const char *d = f->categories[i].description;
        if (buf_append_str(out, "### ", err) < 0 ||
            card_fmt_cell(out, f->categories[i].name, err) < 0 ||
            buf_append_str(out, "\n\n", err) < 0 ||
            card_fmt_prose(out, d ? d : "(no description in the pack)", err) < 0) {
            return -1;
        }
    }
    return 0;
}

int
card_content_warning(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
                     struct err *err)
{
    if (buf_append_str(out, "# Content warning: ", err) < 0 ||
        card_fmt_cell(out, m->pretty_name, err) < 0 || buf_append_str(out, "\n\n", err) < 0 ||
        card_warning_banner(f, true, out, err) < 0 ||
        buf_append_str(out, "## What the records contain\n\n", err) < 0 ||
        card_warning_table(f, false, out, err) < 0 ||
        buf_append_str(out,
                       "## How the labels were made\n\n"
                       "`veil scrub` matched each record against a content-warning pack: word "
                       "lists and patterns per category, in several languages, with word "
                       "boundaries and inflections. A record is labelled with every category "
                       "it matched. Automatic labels miss some records and flag some harmless "
                       "ones; treat an empty list as \"not detected\", never as \"safe\". The "
                       "rule packs used have these SHA-256 digests:",
                       err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < f->digests.n; i++) {
        if (buf_append_str(out, i ? ", " : " ", err) < 0 ||
            card_fmt_code(out, f->digests.v[i], err) < 0) {
            return -1;
        }
    }
    return buf_append_str(out, ".\n\n## Categories\n\n", err) < 0 ||
                   category_sections(f, out, err) < 0
               ? -1
               : 0;
}
