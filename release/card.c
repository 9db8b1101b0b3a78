/*
 * The data card: README.md (Hugging Face front matter, content-warning banner, datasheet) and
 * CONTENT_WARNING.md, from card.yaml plus the stats and audit reports. Load and validate
 * everything first, then render; nothing here reads the clock or the environment, so the same
 * inputs always give the same bytes.
 */
#include "release/release.h"

#include "common/err.h"
#include "common/outfile.h"
#include "release/card_internal.h"

#include "common/banned.h"

int
release_card_render(const struct release_card_opts *opts, struct buf *readme, struct buf *warning,
                    struct err *err)
{
    struct card_metadata meta;
    struct card_facts facts;
    int rc = -1;

    if (!opts->meta) {
        return err_set(err, ERR_USAGE, "card: no card metadata file (--meta card.yaml)");
    }
    if (card_metadata_load(opts->meta, &meta, err) < 0) {
        return -1;
    }
    if (card_facts_load(opts, &facts, err) < 0) {
        card_metadata_release(&meta);
        return -1;
    }
    if ((readme && (card_front_matter(&meta, &facts, readme, err) < 0 ||
                    card_body(&meta, &facts, readme, err) < 0)) ||
        (warning && card_content_warning(&meta, &facts, warning, err) < 0)) {
        goto out;
    }
    rc = 0;
out:
    card_facts_release(&facts);
    card_metadata_release(&meta);
    return rc;
}

static int
write_file(const char *path, const struct buf *text, struct err *err)
{
    struct outfile *f = NULL;
    int rc = -1;

    if (outfile_open(path, 0644, &f, err) < 0 || outfile_write(f, text->data, text->len, err) < 0 ||
        outfile_commit(f, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    outfile_free(f);
    return rc;
}

int
release_card_write(const struct release_card_opts *opts, const char *readme_path,
                   const char *warning_path, struct err *err)
{
    struct buf readme, warning;
    int rc = -1;

    buf_init(&readme, (size_t)64 << 20);
    buf_init(&warning, (size_t)64 << 20);
    if (release_card_render(opts, &readme, warning_path ? &warning : NULL, err) < 0 ||
        write_file(readme_path, &readme, err) < 0 ||
        (warning_path && write_file(warning_path, &warning, err) < 0)) {
        goto out;
    }
    rc = 0;
out:
    buf_release(&readme);
    buf_release(&warning);
    return rc;
}
