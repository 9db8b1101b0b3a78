/*
 * The `lexicon:` key: a word list beside the pack, loaded once and shared by every engine. And
 * `allow_list_file:`, a list of allowed strings beside the pack, one copy for every rule that
 * names it instead of one per pack file.
 */
#include "scrub/rules_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/lexicon_internal.h"

#include "common/banned.h"

#define LEXICON_MAX_BYTES ((size_t)64 << 20)

static char *
resolve_path(const char *dir, const char *path)
{
    size_t n;
    char *full;

    if (path[0] == '/') {
        return xstrdup(path);
    }
    n = size_add(size_add(strlen(dir), strlen(path)), 2);
    full = xmalloc(n);
    (void)snprintf(full, n, "%s/%s", dir, path);
    return full;
}

/*
 * Read the file path (relative to dir) that rule `rule` of pack file `file` names at line into
 * bytes, and add its bytes to the pack digest. *full gets the resolved path (the caller frees it).
 */
static int
read_named(const char *file, const char *rule, const char *dir, const char *path, size_t line,
           const char *what, EVP_MD_CTX *digest, struct buf *bytes, char **full, struct err *err)
{
    *full = resolve_path(dir, path);
    buf_init(bytes, LEXICON_MAX_BYTES);
    if (buf_grow(bytes, 1, err) < 0 || rules_read_file(*full, what, bytes, err) < 0) {
        return err_prefix(err, "%s:%zu: rule '%s'", file, line, rule);
    }
    if (EVP_DigestUpdate(digest, bytes->data, bytes->len) != 1) {
        return err_set(err, ERR_DEP, "%s: SHA-256 update failed", *full);
    }
    return 0;
}

static int
read_beside_pack(const struct rule *r, const char *dir, const char *path, size_t line,
                 const char *what, EVP_MD_CTX *digest, struct buf *bytes, char **full,
                 struct err *err)
{
    return read_named(r->file, r->name, dir, path, line, what, digest, bytes, full, err);
}

int
rules_attach_lexicon(struct rule *r, const char *dir, const char *path, size_t line,
                     EVP_MD_CTX *digest, struct err *err)
{
    struct buf bytes;
    char *full = NULL;
    int rc = -1;

    if (read_beside_pack(r, dir, path, line, "lexicon", digest, &bytes, &full, err) < 0) {
        goto out;
    }
    if (lexicon_parse(bytes.data, bytes.len, full, &r->lexicon, err) < 0) {
        err_prefix(err, "%s:%zu: rule '%s'", r->file, line, r->name);
        goto out;
    }
    r->lexicon_path = full;
    full = NULL;
    rc = 0;
out:
    free(full);
    buf_release(&bytes);
    return rc;
}

/* Append the line [p, end) to lines, trimmed; blank lines and '#' comments are skipped. */
static void
add_line(struct string_list *lines, const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t')) {
        p++;
    }
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) {
        end--;
    }
    if (p == end || *p == '#') {
        return;
    }
    string_list_push(lines, p, (size_t)(end - p));
}

/* Append the lines of bytes to lines, as add_line keeps them. */
static void
add_lines(struct string_list *lines, const struct buf *bytes)
{
    const char *p = (const char *)bytes->data, *end = p + bytes->len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        add_line(lines, p, nl ? nl : end);
        p = nl ? nl + 1 : end;
    }
}

int
rules_read_words_file(struct scrub_rules *rs, const char *file, const char *rule, const char *dir,
                      const char *path, size_t line, struct string_list *words, struct err *err)
{
    struct buf bytes;
    char *full = NULL;
    int rc = read_named(file, rule, dir, path, line, "word list", rs->digest, &bytes, &full, err);

    if (rc == 0) {
        add_lines(words, &bytes);
    }
    free(full);
    buf_release(&bytes);
    return rc;
}

void
rules_forget_allow_file(struct scrub_rules *rs)
{
    free(rs->allow_file_path);
    rs->allow_file_path = NULL;
    rs->allow_file_lines = NULL;
}

void
rules_free_allow_files(struct scrub_rules *rs)
{
    rules_forget_allow_file(rs);
    for (size_t i = 0; i < rs->n_allow_files; i++) {
        string_list_release(rs->allow_files[i]);
        free(rs->allow_files[i]);
    }
    free(rs->allow_files);
    rs->allow_files = NULL;
    rs->n_allow_files = 0;
}

/* Read, digest and split the file at full into rs's cache, unless it is the one cached. */
static int
cache_allow_file(struct scrub_rules *rs, const struct rule *r, const char *dir, const char *path,
                 size_t line, struct err *err)
{
    struct buf bytes;
    char *full = NULL;
    int rc = -1;

    if (read_beside_pack(r, dir, path, line, "allow list", rs->digest, &bytes, &full, err) < 0) {
        goto out;
    }
    rules_forget_allow_file(rs);
    struct string_list *lines = xcalloc(1, sizeof(*lines));
    add_lines(lines, &bytes);
    allow_list_sort(lines); /* once for every rule that reads the file */
    rs->allow_files =
        xrealloc(rs->allow_files, size_mul(rs->n_allow_files + 1, sizeof(*rs->allow_files)));
    rs->allow_files[rs->n_allow_files++] = lines;
    rs->allow_file_lines = lines;
    rs->allow_file_path = full;
    full = NULL;
    rc = 0;
out:
    free(full);
    buf_release(&bytes);
    return rc;
}

int
rules_attach_allow_file(struct scrub_rules *rs, struct rule *r, const char *dir, const char *path,
                        size_t line, struct err *err)
{
    char *full = resolve_path(dir, path);
    bool cached = rs->allow_file_path && strcmp(rs->allow_file_path, full) == 0;

    free(full);
    if (!cached && cache_allow_file(rs, r, dir, path, line, err) < 0) {
        return -1;
    }
    r->allow_file = rs->allow_file_lines;
    return 0;
}
