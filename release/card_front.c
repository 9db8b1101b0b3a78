/*
 * The Hugging Face front matter: the YAML block the Hub reads for search, licence, size and
 * the data viewer. Keys in a fixed order and every string double-quoted, so the block is
 * byte-stable and no value can change the YAML's structure.
 */
#include "release/card_internal.h"

#include <stdbool.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

/* The Hub's buckets; the upper bound of each is exclusive. */
static const char *
size_category(json_int_t n)
{
    static const struct {
        json_int_t below;
        const char *name;
    } sizes[] = {{1000LL, "n<1K"},
                 {10000LL, "1K<n<10K"},
                 {100000LL, "10K<n<100K"},
                 {1000000LL, "100K<n<1M"},
                 {10000000LL, "1M<n<10M"},
                 {100000000LL, "10M<n<100M"},
                 {1000000000LL, "100M<n<1B"},
                 {10000000000LL, "1B<n<10B"},
                 {100000000000LL, "10B<n<100B"},
                 {1000000000000LL, "100B<n<1T"}};

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (n < sizes[i].below) {
            return sizes[i].name;
        }
    }
    return "n>1T";
}

static int
scalar(struct buf *out, const char *key, const char *value, struct err *err)
{
    if (!value) {
        return 0;
    }
    if (buf_printf(out, err, "%s: ", key) < 0 || card_fmt_yaml_string(out, value, err) < 0) {
        return -1;
    }
    return buf_putc(out, '\n', err);
}

static int
list(struct buf *out, const char *key, const struct card_list *l, const char *first,
     struct err *err)
{
    if (l->n == 0 && !first) {
        return 0;
    }
    if (buf_printf(out, err, "%s:\n", key) < 0) {
        return -1;
    }
    if (first && (buf_append_str(out, "- ", err) < 0 || card_fmt_yaml_string(out, first, err) < 0 ||
                  buf_putc(out, '\n', err) < 0)) {
        return -1;
    }
    for (size_t i = 0; i < l->n; i++) {
        if (first && strcmp(l->v[i], first) == 0) {
            continue;
        }
        if (buf_append_str(out, "- ", err) < 0 || card_fmt_yaml_string(out, l->v[i], err) < 0 ||
            buf_putc(out, '\n', err) < 0) {
            return -1;
        }
    }
    return 0;
}

/* One split's files: a lone path as a scalar, several as a list (both are Hub syntax). */
static int
split_entry(const struct card_facts *f, const char *split, struct buf *out, struct err *err)
{
    size_t n = 0;

    for (size_t i = 0; i < f->n_outputs; i++) {
        n += strcmp(f->outputs[i].split, split) == 0;
    }
    if (n == 0) {
        return 0;
    }
    if (buf_append_str(out, "  - split: ", err) < 0 || card_fmt_yaml_string(out, split, err) < 0 ||
        buf_append_str(out, n == 1 ? "\n    path: " : "\n    path:\n", err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < f->n_outputs; i++) {
        if (strcmp(f->outputs[i].split, split) != 0) {
            continue;
        }
        if ((n > 1 && buf_append_str(out, "    - ", err) < 0) ||
            card_fmt_yaml_string(out, f->outputs[i].path, err) < 0 ||
            buf_putc(out, '\n', err) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
configs(const struct card_facts *f, struct buf *out, struct err *err)
{
    static const char *const splits[] = {"train", "validation", "test"};

    if (f->n_outputs == 0) {
        return 0;
    }
    if (buf_append_str(out, "configs:\n- config_name: \"default\"\n  data_files:\n", err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
        if (split_entry(f, splits[i], out, err) < 0) {
            return -1;
        }
    }
    return 0;
}

int
card_front_matter(const struct card_metadata *m, const struct card_facts *f, struct buf *out,
                  struct err *err)
{
    const struct card_list none = {NULL, 0};
    const char *size = size_category(card_records(f));
    const struct card_list sizes = {(char **)(void *)&size, 1};

    if (buf_append_str(out, "---\n", err) < 0 ||
        scalar(out, "pretty_name", m->pretty_name, err) < 0 ||
        scalar(out, "license", m->license, err) < 0 ||
        scalar(out, "license_name", m->license_name, err) < 0 ||
        scalar(out, "license_link", m->license_link, err) < 0 ||
        list(out, "language", &m->language, NULL, err) < 0 ||
        scalar(out, "multilinguality", m->language.n > 1 ? "multilingual" : "monolingual", err) <
            0 ||
        list(out, "size_categories", &sizes, NULL, err) < 0 ||
        list(out, "task_categories", &m->task_categories, NULL, err) < 0 ||
        list(out, "task_ids", &m->task_ids, NULL, err) < 0 ||
        list(out, "annotations_creators", &m->annotations_creators, NULL, err) < 0 ||
        list(out, "language_creators", &m->language_creators, NULL, err) < 0 ||
        list(out, "source_datasets", &m->source_datasets, NULL, err) < 0 ||
        list(out, "tags", m->tags.n ? &m->tags : &none, "not-for-all-audiences", err) < 0 ||
        configs(f, out, err) < 0 || buf_append_str(out, "---\n", err) < 0) {
        return -1;
    }
    return 0;
}
