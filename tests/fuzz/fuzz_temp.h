#ifndef VEIL_FUZZ_TEMP_H
#define VEIL_FUZZ_TEMP_H

/* A fuzz target's input (or a fixed companion file) written to a fresh temporary file. */

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Create the file named by the mkstemp template path (rewritten in place) holding p[0, n). */
static void
write_temp(char *path, const void *p, size_t n)
{
    int fd = mkstemp(path);
    FILE *fp;

    if (fd < 0 || !(fp = fdopen(fd, "wb"))) {
        abort();
    }
    if (fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
        abort();
    }
}

#endif
