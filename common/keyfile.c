#include "common/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/banned.h"
#include "common/err.h"

void
secure_wipe(void *p, size_t n)
{
    explicit_bzero(p, n);
}

static int
hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static int
decode_hex(const char *path, const unsigned char *text, size_t n, unsigned char *key, size_t *len,
           struct err *err)
{
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' ')) {
        n--;
    }
    if (n % 2 != 0) {
        return err_set(err, ERR_PARSE, "%s: malformed key: odd number of hex digits", path);
    }
    if (n / 2 < 16 || n / 2 > KEYFILE_MAX) {
        return err_set(err, ERR_PARSE, "%s: key must be 16 to %d bytes, found %zu", path,
                       KEYFILE_MAX, n / 2);
    }
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) {
            return err_set(err, ERR_PARSE, "%s: malformed key: not hex at byte %zu", path,
                           hi < 0 ? i : i + 1);
        }
        key[i / 2] = (unsigned char)(hi << 4 | lo);
    }
    *len = n / 2;
    return 0;
}

int
keyfile_read(const char *path, unsigned char *key, size_t *len, struct err *err)
{
    unsigned char text[2 * KEYFILE_MAX + 8];
    struct stat st;
    ssize_t n;
    int fd, rc = -1;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return err_set(err, ERR_IO, "%s: cannot open key: %s", path, strerror(errno));
    }
    if (fstat(fd, &st) != 0) {
        err_set(err, ERR_IO, "%s: cannot stat key: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        err_set(err, ERR_PARSE, "%s: key is not a regular file", path);
        goto out;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        err_set(err, ERR_USAGE, "%s: key is readable by others (mode %03o); chmod 600 it", path,
                (unsigned)(st.st_mode & 0777));
        goto out;
    }
    n = read(fd, text, sizeof(text));
    if (n < 0) {
        err_set(err, ERR_IO, "%s: cannot read key: %s", path, strerror(errno));
        goto out;
    }
    if ((size_t)n == sizeof(text)) {
        err_set(err, ERR_PARSE, "%s: key file is too long", path);
        goto out;
    }
    rc = decode_hex(path, text, (size_t)n, key, len, err);
out:
    secure_wipe(text, sizeof(text));
    close(fd);
    return rc;
}

int
secret_file_write(const char *path, const void *data, size_t n, int force, struct err *err)
{
    /* Never through a symbolic link: --force would truncate, and chmod, whatever it names. */
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (force ? O_TRUNC : O_EXCL);
    int fd = open(path, flags, 0600);
    const unsigned char *p = data;

    if (fd < 0) {
        if (errno == EEXIST) {
            return err_set(err, ERR_USAGE, "%s: already exists (use --force to overwrite)", path);
        }
        if (errno == ELOOP) {
            return err_set(err, ERR_USAGE,
                           "%s: is a symbolic link; a secret is not written through one", path);
        }
        return err_set(err, ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    }
    if (force && fchmod(fd, 0600) != 0) {
        close(fd);
        return err_set(err, ERR_IO, "%s: cannot chmod: %s", path, strerror(errno));
    }
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return err_set(err, ERR_IO, "%s: write failed: %s", path, strerror(e));
        }
        p += w;
        n -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(path);
        return err_set(err, ERR_IO, "%s: write failed: %s", path, strerror(errno));
    }
    return 0;
}

size_t
keyfile_format(const unsigned char *key, size_t len, char text[2 * KEYFILE_MAX + 1])
{
    static const char digits[] = "0123456789abcdef";

    if (len > KEYFILE_MAX) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        text[2 * i] = digits[key[i] >> 4];
        text[2 * i + 1] = digits[key[i] & 15];
    }
    text[2 * len] = '\n';
    return 2 * len + 1;
}

int
keyfile_write(const char *path, const unsigned char *key, size_t len, int force, struct err *err)
{
    char text[2 * KEYFILE_MAX + 1];
    size_t n = keyfile_format(key, len, text);
    int rc;

    if (n == 0) {
        return err_set(err, ERR_USAGE, "%s: key too long", path);
    }
    rc = secret_file_write(path, text, n, force, err);
    secure_wipe(text, sizeof(text));
    return rc;
}
