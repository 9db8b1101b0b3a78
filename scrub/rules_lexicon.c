/* The `lexicon:` key: a word list beside the pack, loaded once and shared by every engine. */
#include "scrub/rules_internal.h"

#include <errno.h>
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

static int
read_all(const char *path, const char *pack, size_t line, const char *rule, struct buf *b,
         struct err *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char chunk[65536];
    size_t n;
    int rc = -1;

    if (!f) {
        return err_set(err, ERR_IO, "%s:%zu: rule '%s': cannot open lexicon '%s': %s", pack, line,
                       rule, path, strerror(errno));
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (buf_append(b, chunk, n, err) < 0) {
            err_set(err, ERR_LIMIT, "%s:%zu: rule '%s': lexicon '%s' larger than %zu bytes", pack,
                    line, rule, path, LEXICON_MAX_BYTES);
            goto out;
        }
    }
    if (ferror(f)) {
        err_set(err, ERR_IO, "%s:%zu: rule '%s': cannot read lexicon '%s'", pack, line, rule,
                path);
        goto out;
    }
    rc = 0;
out:
    fclose(f);
    return rc;
}

int
rules_attach_lexicon(struct rule *r, const char *dir, const char *path, size_t line,
                     EVP_MD_CTX *digest, struct err *err)
{
    struct buf bytes;
    char *full = resolve_path(dir, path);
    int rc = -1;

    buf_init(&bytes, LEXICON_MAX_BYTES);
    if (buf_grow(&bytes, 1, err) < 0 || read_all(full, r->file, line, r->name, &bytes, err) < 0) {
        goto out;
    }
    if (EVP_DigestUpdate(digest, bytes.data, bytes.len) != 1) {
        err_set(err, ERR_DEP, "%s: SHA-256 update failed", full);
        goto out;
    }
    if (lexicon_parse(bytes.data, bytes.len, full,
                      &r->lexicon, err) < 0) {
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
