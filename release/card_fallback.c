/*
 * A minimal data card, so that release works before the full card generator (release/card.c)
 * lands: Hub front matter (pretty_name, license, the not-for-all-audiences tag), what is in the
 * release, and a content warning listing the flagged categories. Replaced by card.c.
 */
#include "release/release_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

/* A YAML-safe scalar: a JSON string is a valid YAML double-quoted scalar. */
static int
yaml_scalar(struct buf *out, const char *key, const char *value, struct err *err)
{
    json_t *s = json_string(value);
    char *text = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
    int rc;

    json_decref(s);
    if (!text) {
        return err_set(err, ERR_PARSE, "card metadata: '%s' is not valid UTF-8", key);
    }
    rc = buf_printf(out, err, "%s: %s\n", key, text);
    free(text);
    return rc;
}

static int64_t
total_records(const struct release_files *files)
{
    int64_t n = 0;

    for (size_t i = 0; i < files->n; i++) {
        if (files->v[i].records > 0) {
            n += files->v[i].records;
        }
    }
    return n;
}

static int
write_readme(const char *name, const struct card_meta *meta, const struct release_files *files,
             struct buf *out, struct err *err)
{
    const char *title = meta->pretty_name ? meta->pretty_name : name;

    if (buf_append_str(out, "---\n", err) < 0 || yaml_scalar(out, "pretty_name", title, err) < 0 ||
        yaml_scalar(out, "license", meta->license, err) < 0 ||
        buf_append_str(out, "tags:\n- not-for-all-audiences\n---\n\n", err) < 0 ||
        buf_printf(out, err, "# Dataset Card for %s\n\n", title) < 0 ||
        buf_printf(out, err,
                   "**Content warning:** read CONTENT_WARNING.md before the data.\n\n"
                   "This release holds %lld records in the files under `data/`, scrubbed of "
                   "personal data with veil %s. MANIFEST.json lists every file with its size "
                   "and SHA-256; verify the release with `veil verify` or `minisign -V`.\n",
                   (long long)total_records(files), VEIL_VERSION) < 0) {
        return -1;
    }
    return 0;
}

static int
write_warning(json_t *stats, struct buf *out, struct err *err)
{
    json_t *by = json_object_get(json_object_get(stats, "content_warnings"), "by_category");
    const char *key;
    json_t *v;

    if (buf_append_str(out,
                       "# Content warning\n\n"
                       "The data contain content that may be offensive or upsetting: red-team "
                       "conversations written to provoke harmful output. Please engage with the "
                       "data only in accordance with your own personal risk tolerance. The data "
                       "are intended for research that makes models less harmful.\n",
                       err) < 0) {
        return -1;
    }
    if (json_object_size(by) == 0) {
        return 0;
    }
    if (buf_append_str(out, "\nRecords flagged by category:\n\n", err) < 0) {
        return -1;
    }
    /* the manifest's stats are dumped with sorted keys; the card follows jansson's order */
    json_object_foreach(by, key, v)
    {
        if (buf_printf(out, err, "- %s: %lld\n", key, (long long)json_integer_value(v)) < 0) {
            return -1;
        }
    }
    return 0;
}

int
card_fallback(const char *name, const struct card_meta *meta, json_t *merged_stats,
              const struct release_files *files, struct buf *readme, struct buf *warning,
              struct err *err)
{
    if (write_readme(name, meta, files, readme, err) < 0 ||
        write_warning(merged_stats, warning, err) < 0) {
        return -1;
    }
    return 0;
}
