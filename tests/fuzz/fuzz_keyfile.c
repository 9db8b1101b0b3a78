/*
 * The ID-key file reader on arbitrary bytes: it must accept only 16 to 64 bytes of hex (with an
 * optional line end) and never read past what it was given.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/keyfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/veil-fuzz-key-XXXXXX";
    unsigned char key[KEYFILE_MAX];
    size_t len = 0;
    struct err err;
    int fd = mkstemp(path);

    if (fd < 0) {
        return 0;
    }
    if (fchmod(fd, 0600) != 0 || write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    if (keyfile_read(path, key, &len, &err) == 0) {
        /* Accepted: the bytes must have been hex of a valid length. */
        if (len < 16 || len > KEYFILE_MAX || size < 2 * len) {
            abort();
        }
        for (size_t i = 0; i < 2 * len; i++) {
            if (!strchr("0123456789abcdefABCDEF", data[i]) || data[i] == '\0') {
                abort();
            }
        }
    }
    unlink(path);
    return 0;
}
