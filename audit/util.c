#include "audit/audit_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/outfile.h"

#include "common/banned.h"

bool
audit_line_is_blank(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] != ' ' && p[i] != '\t') {
            return false;
        }
    }
    return true;
}

int
audit_write_file(const char *path, const void *p, size_t n, struct err *err)
{
    struct outfile *f = NULL;
    int rc = -1;

    if (outfile_open(path, 0644, &f, err) < 0) {
        return -1;
    }
    if (outfile_write(f, p, n, err) < 0 || outfile_commit(f, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    outfile_free(f);
    return rc;
}

int
audit_write_json(const char *path, const struct json_t *root, struct err *err)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    struct buf b;
    int rc = -1;

    buf_init(&b, BUF_NO_MAX);
    if (!text) {
        return err_set(err, ERR_DEP, "%s: cannot encode JSON", path);
    }
    if (buf_append_str(&b, text, err) < 0 || buf_putc(&b, '\n', err) < 0 ||
        audit_write_file(path, b.data, b.len, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    buf_release(&b);
    free(text);
    return rc;
}
