/* SHA256SUMS in coreutils' format: "<64 hex>  <path>\n", sorted, checkable by `sha256sum -c`. */
#include "release/release_internal.h"

#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

static int
is_hex64(const char *p)
{
    for (int i = 0; i < 64; i++) {
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) {
            return 0;
        }
    }
    return 1;
}

int
release_path_ok(const char *path)
{
    char seg[256];
    const char *p = path;

    if (!*p) {
        return 0;
    }
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || len >= sizeof(seg)) {
            return 0;
        }
        memcpy(seg, p, len);
        seg[len] = '\0';
        if (!release_name_ok(seg)) {
            return 0;
        }
        p += len + (slash ? 1 : 0);
        if (slash && !*p) {
            return 0;
        }
    }
    return 1;
}

int
sums_write(const struct release_files *files, struct buf *out, struct err *err)
{
    for (size_t i = 0; i < files->n; i++) {
        if (!release_path_ok(files->v[i].path)) {
            return err_set(err, ERR_USAGE, "'%s': path not allowed in a checksum list",
                           files->v[i].path);
        }
        if (buf_printf(out, err, "%s  %s\n", files->v[i].sha256, files->v[i].path) < 0) {
            return -1;
        }
    }
    return 0;
}

int
sums_parse(const char *origin, const char *text, size_t len, struct release_files *files,
           struct err *err)
{
    size_t start = 0, line = 0;
    char path[4096];

    if (memchr(text, '\0', len)) {
        return err_set(err, ERR_VERIFY, "%s: contains a NUL byte", origin);
    }
    if (len && text[len - 1] != '\n') {
        return err_set(err, ERR_VERIFY, "%s: last line has no newline", origin);
    }
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t n = (size_t)(nl - (text + start));
        const char *l = text + start;
        struct release_file *f;

        line++;
        if (n < 67 || n - 66 >= sizeof(path) || !is_hex64(l) || l[64] != ' ' || l[65] != ' ') {
            return err_set(err, ERR_VERIFY, "%s:%zu: malformed checksum line", origin, line);
        }
        memcpy(path, l + 66, n - 66);
        path[n - 66] = '\0';
        if (!release_path_ok(path)) {
            return err_set(err, ERR_VERIFY, "%s:%zu: unsafe path in checksum line", origin, line);
        }
        if (files->n && strcmp(files->v[files->n - 1].path, path) >= 0) {
            return err_set(err, ERR_VERIFY, "%s:%zu: '%s' is duplicated or out of order", origin,
                           line, path);
        }
        f = release_files_add(files, path);
        memcpy(f->sha256, l, 64);
        f->sha256[64] = '\0';
        start += n + 1;
    }
    return 0;
}
