#include "common/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

struct outfile {
    char *path;
    char *tmp_path; /* NULL for stdout */
    FILE *fp;
    int committed;
    EVP_MD_CTX *sha; /* SHA-256 of every byte written, so nothing is read back to hash it */
    uint64_t size;
};

/*
 * The temporary files of outfiles not yet committed, for outfile_remove_temporaries() to unlink
 * from a signal handler. A global because a handler can reach nothing else (git's tempfile.c
 * does the same); only the thread that opens outfiles changes it.
 */
#define MAX_LIVE 16
static char *volatile live_tmp[MAX_LIVE];

static void
track_tmp(char *p)
{
    for (size_t i = 0; i < MAX_LIVE; i++) {
        if (!live_tmp[i]) {
            live_tmp[i] = p;
            return;
        }
    }
}

static void
untrack_tmp(const char *p)
{
    for (size_t i = 0; i < MAX_LIVE; i++) {
        if (live_tmp[i] == p) {
            live_tmp[i] = NULL;
        }
    }
}

void
outfile_remove_temporaries(void)
{
    for (size_t i = 0; i < MAX_LIVE; i++) {
        char *p = live_tmp[i];
        if (p) {
            unlink(p);
        }
    }
}

static char *
temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    struct buf b;
    struct err err;

    buf_init(&b, BUF_NO_MAX);
    if (slash) {
        buf_append(&b, path, (size_t)(slash - path + 1), &err);
        buf_printf(&b, &err, ".%s.tmp.XXXXXX", slash + 1);
    } else {
        buf_printf(&b, &err, ".%s.tmp.XXXXXX", path);
    }
    return (char *)buf_detach(&b, NULL);
}

/*
 * A device, FIFO or socket (/dev/null, a named pipe), and a symbolic link (/dev/stdout, a link to
 * a file elsewhere) are written where they are: renaming a temporary file over the path would
 * replace the node or the link itself (as root, /dev/stdout became a plain file). Returns 1 when f
 * was opened in place, 0 when path is a regular file or does not exist, -1 on error (err set, f
 * freed).
 */
static int
open_in_place(struct outfile *f, const char *path, struct err *err)
{
    struct stat st;

    if (lstat(path, &st) != 0 || S_ISREG(st.st_mode)) {
        return 0;
    }
    f->fp = fopen(path, "wb");
    if (!f->fp) {
        err_set(err, ERR_IO, "%s: cannot open output file: %s", path, strerror(errno));
        outfile_free(f);
        return -1;
    }
    return 1;
}

int
outfile_open(const char *path, unsigned mode, struct outfile **out, struct err *err)
{
    struct outfile *f = xcalloc(1, sizeof(*f));
    int fd, in_place;

    f->path = xstrdup(path);
    f->sha = EVP_MD_CTX_new();
    if (!f->sha || EVP_DigestInit_ex(f->sha, EVP_sha256(), NULL) != 1) {
        err_set(err, ERR_DEP, "%s: SHA-256 unavailable", path);
        outfile_free(f);
        return -1;
    }
    if (strcmp(path, "-") == 0) {
        f->fp = stdout;
        *out = f;
        return 0;
    }
    in_place = open_in_place(f, path, err);
    if (in_place != 0) {
        *out = in_place > 0 ? f : NULL;
        return in_place > 0 ? 0 : -1;
    }
    f->tmp_path = temp_name_for(path);
    /* Registered before it exists: a signal right after mkstemp must find it (removing a name
     * that does not exist yet is harmless; a failed template may name another's file). */
    track_tmp(f->tmp_path);
    fd = mkstemp(f->tmp_path);
    if (fd < 0) {
        untrack_tmp(f->tmp_path);
        err_set(err, ERR_IO, "%s: cannot create output file: %s", path, strerror(errno));
        free(f->tmp_path);
        f->tmp_path = NULL;
        outfile_free(f);
        return -1;
    }
    if (fchmod(fd, (mode_t)mode) < 0 || !(f->fp = fdopen(fd, "wb"))) {
        err_set(err, ERR_IO, "%s: cannot open output file: %s", path, strerror(errno));
        close(fd);
        outfile_free(f);
        return -1;
    }
    *out = f;
    return 0;
}

int
outfile_write(struct outfile *f, const void *p, size_t n, struct err *err)
{
    if (n && fwrite(p, 1, n, f->fp) != n) {
        return err_set(err, ERR_IO, "%s: write failed: %s", f->path, strerror(errno));
    }
    if (n && EVP_DigestUpdate(f->sha, p, n) != 1) {
        return err_set(err, ERR_DEP, "%s: SHA-256 update failed", f->path);
    }
    f->size += n;
    return 0;
}

int
outfile_sha256(struct outfile *f, char hex[65], uint64_t *size, struct err *err)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (EVP_DigestFinal_ex(f->sha, md, &n) != 1 || n != 32) {
        return err_set(err, ERR_DEP, "%s: SHA-256 failed", f->path);
    }
    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
    *size = f->size;
    return 0;
}

int
outfile_commit(struct outfile *f, struct err *err)
{
    if (fflush(f->fp) != 0) {
        return err_set(err, ERR_IO, "%s: write failed: %s", f->path, strerror(errno));
    }
    if (!f->tmp_path) {
        if (ferror(f->fp)) {
            return err_set(err, ERR_IO, "%s: write failed", f->path);
        }
        f->committed = 1;
        return 0;
    }
    if (fsync(fileno(f->fp)) != 0) {
        return err_set(err, ERR_IO, "%s: fsync failed: %s", f->path, strerror(errno));
    }
    if (fclose(f->fp) != 0) {
        f->fp = NULL;
        return err_set(err, ERR_IO, "%s: close failed: %s", f->path, strerror(errno));
    }
    f->fp = NULL;
    untrack_tmp(f->tmp_path);
    if (rename(f->tmp_path, f->path) != 0) {
        return err_set(err, ERR_IO, "%s: cannot rename into place: %s", f->path, strerror(errno));
    }
    f->committed = 1;
    return 0;
}

void
outfile_free(struct outfile *f)
{
    if (!f) {
        return;
    }
    if (f->fp && f->fp != stdout) {
        fclose(f->fp);
    }
    if (f->tmp_path) {
        untrack_tmp(f->tmp_path);
    }
    if (f->tmp_path && !f->committed) {
        unlink(f->tmp_path);
    }
    free(f->tmp_path);
    free(f->path);
    EVP_MD_CTX_free(f->sha);
    free(f);
}

const char *
outfile_path(const struct outfile *f)
{
    return f->path;
}
