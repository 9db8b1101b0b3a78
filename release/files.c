/* The file list of a release: paths relative to NAME/, with size and SHA-256. */
#include "release/release_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "release/crypto_internal.h"

#include "common/banned.h"

void
release_files_release(struct release_files *files)
{
    for (size_t i = 0; i < files->n; i++) {
        free(files->v[i].path);
        free(files->v[i].source);
        free(files->v[i].data);
    }
    free(files->v);
    memset(files, 0, sizeof(*files));
}

struct release_file *
release_files_add(struct release_files *files, const char *path)
{
    struct release_file *f;

    if (files->n == files->cap) {
        files->cap = files->cap ? size_mul(files->cap, 2) : 16;
        files->v = xrealloc(files->v, size_mul(files->cap, sizeof(*files->v)));
    }
    f = &files->v[files->n++];
    memset(f, 0, sizeof(*f));
    f->path = xstrdup(path);
    f->records = -1;
    return f;
}

static int
by_path(const void *a, const void *b)
{
    const struct release_file *x = a, *y = b;
    return strcmp(x->path, y->path);
}

void
release_files_sort(struct release_files *files)
{
    if (files->n > 1) {
        qsort(files->v, files->n, sizeof(*files->v), by_path);
    }
}

int
release_file_set_data(struct release_file *f, unsigned char *data, size_t len, struct err *err)
{
    unsigned char md[SHA256_BYTES];

    free(f->data);
    f->data = data;
    f->size = len;
    if (sha256_mem(data ? (const void *)data : "", len, md, err) < 0) {
        return -1;
    }
    hex_encode(md, sizeof(md), f->sha256);
    return 0;
}

int
release_name_ok(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n > 200 || name[0] == '.') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-')) {
            return 0;
        }
    }
    return 1;
}
