#ifndef VEIL_FDIO_H
#define VEIL_FDIO_H

#include <stddef.h>
#include <sys/types.h>

struct err;

/* read(2), retried on EINTR. Returns the bytes read (0 at end of file), or -1 with err naming path.
 */
ssize_t fd_read(int fd, void *buf, size_t cap, const char *path, struct err *err);

#endif
