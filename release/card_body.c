/*
 * README.md after the front matter: the Hub template's title and details, the content-warning
 * banner, then the seven datasheet sections (Gebru et al.: motivation, composition,
 * collection, preprocessing, uses, distribution, maintenance) with the generated tables in the
 * sections they answer, and the citation.
 */
#include "release/card_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

/* A curator's text, or a visible gap naming the key that would fill it. */
static int
prose_or_gap(struct buf *out, const char *text, const char *key, struct err *err)
{
    if (text) {
        return card_fmt_prose(out, text, err);
    }
    return buf_printf(out, err, "_Not described by the curators (card.yaml key `%s`)._\n\n", key);
}

static int
bullet(struct buf *out, const char *label, const char *value, struct err *err)
{
    if (!value) {
        return 0;
    }
    if (buf_printf(out, err, "- **%s:** ", label) < 0 || card_fmt_cell(out, value, err) < 0) {
        return -1;
    }
    return buf_putc(out, '\n', err);
}

static int
bullet_list(struct buf *out, const char *label, const struct card_list *l, struct err *err)
{
    if (l->n == 0) {
        return 0;
    }
    if (buf_printf(out, err, "- **%s:** ", label) < 0) {
        return -1;
    }
    for (size_t i = 0; i < l->n; i++) {
        if (buf_append_str(out, i ? ", " : "", err) < 0 || card_fmt_cell(out, l->v[i], err) < 0) {
            return -1;
        }
    }
    return buf_putc(out, '\n', err);
}

static int
details(const struct card_metadata *m, const struct card_facts *f, struct buf *out, struct err *err)
{
    if (buf_append_str(out, "## Dataset Details\n\n### Dataset Description\n\n", err) < 0 ||
        card_fmt_prose(out, m->description, err) < 0 ||
        bullet(out, "Curated by", m->curated_by, err) < 0 ||
        bullet(out, "Funded by", m->funded_by, err) < 0 ||
        bullet(out, "Shared by", m->shared_by, err) < 0 ||
        bullet_list(out, "Language(s)", &m->language, err) < 0 ||
        bullet(out, "License", m->license_name ? m->license_name : m->license, err) < 0 ||
        buf_append_str(out, "- **Size:** ", err) < 0 ||
        card_fmt_int(out, card_records(f), err) < 0 ||
        buf_printf(out, err, " records in %zu data file%s\n\n", f->n_outputs,
                   f->n_outputs == 1 ? "" : "s") < 0) {
        return -1;
    }
    if (!m->homepage && !m->repository && !m->paper && m->source_datasets.n == 0) {
        return 0;
    }
    if (buf_append_str(out, "### Dataset Sources\n\n", err) < 0 ||
        bullet(out, "Homepage", m->homepage, err) < 0 ||
        bullet(out, "Repository", m->repository, err) < 0 ||
        bullet(out, "Paper", m->paper, err) < 0 ||
        bullet_list(out, "Source datasets", &m->source_datasets, err) < 0) {
        return -1;
    }
    return buf_putc(out, '\n', err);
}

static int
composition(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
            struct err *err)
{
    if (buf_append_str(out, "## Composition\n\n", err) < 0 ||
        prose_or_gap(out, m->composition, "composition", err) < 0 ||
        buf_append_str(out, "### Data files\n\n", err) < 0 || card_table_records(f, out, err) < 0 ||
        buf_append_str(out, "### Fields\n\n", err) < 0 || card_table_fields(f, out, err) < 0 ||
        buf_append_str(out, "### Offensive content\n\n", err) < 0 ||
        card_warning_table(f, true, out, err) < 0 ||
        buf_append_str(out, "### Personal information\n\n", err) < 0 ||
        card_table_redactions(f, out, err) < 0) {
        return -1;
    }
    return 0;
}

static int
collection(const struct card_metadata *m, struct buf *out, struct err *err)
{
    if (buf_append_str(out, "## Collection Process\n\n", err) < 0 ||
        prose_or_gap(out, m->collection_process, "collection_process", err) < 0) {
        return -1;
    }
    if (m->annotation_process && (buf_append_str(out, "### Annotation process\n\n", err) < 0 ||
                                  card_fmt_prose(out, m->annotation_process, err) < 0)) {
        return -1;
    }
    return 0;
}

static int
preprocessing(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
              struct err *err)
{
    if (buf_append_str(out, "## Preprocessing and Cleaning\n\n", err) < 0 ||
        (m->preprocessing && card_fmt_prose(out, m->preprocessing, err) < 0) ||
        buf_printf(out, err,
                   "Every record went through `veil scrub`, which detects personal data with a "
                   "rule pack (patterns, checksums, context words and name lists) and redacts "
                   "each span, by default with a typed placeholder such as `[EMAIL]`%s.\n\n",
                   f->n_unclassified == json_array_size(f->stats)
                       ? ""
                       : ", and labels each record with content warnings") < 0 ||
        card_table_scrub(f, out, err) < 0 ||
        buf_append_str(out, "### Worker pseudonyms\n\n", err) < 0 ||
        card_section_pseudonyms(f, out, err) < 0 ||
        buf_append_str(out, "### Redaction audit\n\n", err) < 0 ||
        card_section_audit(f, out, err) < 0) {
        return -1;
    }
    return 0;
}

static int
uses(const struct card_metadata *m, struct buf *out, struct err *err)
{
    if (buf_append_str(out, "## Uses\n\n", err) < 0 ||
        prose_or_gap(out, m->uses, "uses", err) < 0 ||
        buf_append_str(out, "### Out-of-Scope Use\n\n", err) < 0 ||
        prose_or_gap(out, m->out_of_scope_uses, "out_of_scope_uses", err) < 0 ||
        buf_append_str(out, "### Bias, Risks, and Limitations\n\n", err) < 0 ||
        (m->bias_risks_limitations && card_fmt_prose(out, m->bias_risks_limitations, err) < 0) ||
        buf_append_str(out,
                       "Automatic scrubbing and labelling are imperfect: some personal "
                       "data may remain (see the redaction audit above for the measured "
                       "recall) and content-warning labels miss some harmful records.\n\n",
                       err) < 0) {
        return -1;
    }
    return 0;
}

static int
distribution(const struct card_metadata *m, struct buf *out, struct err *err)
{
    if (buf_append_str(out, "## Distribution\n\n", err) < 0 ||
        (m->distribution && card_fmt_prose(out, m->distribution, err) < 0) ||
        buf_append_str(out, "Licence: ", err) < 0 || card_fmt_code(out, m->license, err) < 0 ||
        (m->license_name &&
         (buf_append_str(out, " (", err) < 0 || card_fmt_cell(out, m->license_name, err) < 0 ||
          buf_append_str(out, ")", err) < 0)) ||
        (m->license_link &&
         (buf_append_str(out, ", ", err) < 0 || card_fmt_cell(out, m->license_link, err) < 0)) ||
        buf_append_str(out,
                       ". The data files are listed above with their SHA-256; a release "
                       "built by `veil release` also carries MANIFEST.json and SHA256SUMS, "
                       "signed with minisign, and `veil verify` checks all of them.\n\n",
                       err) < 0) {
        return -1;
    }
    return 0;
}

static int
maintenance(const struct card_metadata *m, struct buf *out, struct err *err)
{
    if (buf_append_str(out, "## Maintenance\n\n", err) < 0 ||
        prose_or_gap(out, m->maintenance, "maintenance", err) < 0 ||
        (m->contact &&
         (buf_append_str(out, "Contact: ", err) < 0 || card_fmt_cell(out, m->contact, err) < 0 ||
          buf_append_str(out, "\n\n", err) < 0))) {
        return -1;
    }
    return 0;
}

/* A fence longer than any run of backticks in the citation, so it cannot end the block. */
static int
citation(const struct card_metadata *m, struct buf *out, struct err *err)
{
    size_t longest = 0, run = 0, fence;

    for (const char *p = m->citation; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    fence = longest >= 3 ? longest + 1 : 3;
    if (buf_append_str(out, "## Citation\n\n", err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < fence; i++) {
        if (buf_putc(out, '`', err) < 0) {
            return -1;
        }
    }
    if (buf_append_str(out, "bibtex\n", err) < 0 || card_fmt_prose(out, m->citation, err) < 0) {
        return -1;
    }
    out->len--; /* card_fmt_prose ends with a blank line; the fence follows directly */
    out->data[out->len] = '\0';
    for (size_t i = 0; i < fence; i++) {
        if (buf_putc(out, '`', err) < 0) {
            return -1;
        }
    }
    return buf_append_str(out, "\n\n", err);
}

int
card_body(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
          struct err *err)
{
    if (buf_printf(out, err,
                   "\n<!-- Generated by veil %s from card metadata, stats and audit reports. "
                   "Regenerate it with `veil card` rather than editing it. -->\n\n"
                   "# Dataset Card for ",
                   VEIL_VERSION) < 0 ||
        card_fmt_cell(out, m->pretty_name, err) < 0 || buf_append_str(out, "\n\n", err) < 0 ||
        card_warning_banner(f, false, out, err) < 0 || details(m, f, out, err) < 0 ||
        buf_append_str(out, "## Motivation\n\n", err) < 0 ||
        prose_or_gap(out, m->motivation, "motivation", err) < 0 ||
        composition(m, f, out, err) < 0 || collection(m, out, err) < 0 ||
        preprocessing(m, f, out, err) < 0 || uses(m, out, err) < 0 ||
        distribution(m, out, err) < 0 || maintenance(m, out, err) < 0 ||
        citation(m, out, err) < 0 || buf_append_str(out, "## Card Provenance\n\n", err) < 0 ||
        card_table_provenance(f, out, err) < 0) {
        return -1;
    }
    if (m->card_authors && (buf_append_str(out, "## Dataset Card Authors\n\n", err) < 0 ||
                            card_fmt_prose(out, m->card_authors, err) < 0)) {
        return -1;
    }
    /* one final newline, not a blank line */
    while (out->len > 1 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n') {
        out->len--;
    }
    out->data[out->len] = '\0';
    return 0;
}
