#include "common/fdio.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"

#include "common/banned.h"

ssize_t
fd_read(int fd, void *buf, size_t cap, const char *path, struct err *err)
{
    for (;;) {
        ssize_t r = read(fd, buf, cap);
        if (r >= 0) {
            return r;
        }
        if (errno != EINTR) {
            err_set(err, ERR_IO, "%s: read failed: %s", path, strerror(errno));
            return -1;
        }
    }
}
