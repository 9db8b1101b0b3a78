#ifndef VEIL_FILESET_H
#define VEIL_FILESET_H

#include <stddef.h>

struct err;

/*
 * A few small files that only make sense together (a key set: id.key, veil.pub, veil.sec), written
 * so that a crash never leaves half a set that would block a rerun, nor a file that looks complete
 * and is not.
 */
struct fileset_file {
    const char *name; /* a plain file name, no '/' */
    const void *data; /* borrowed; the caller wipes secrets */
    size_t len;
    unsigned mode; /* 0600 for secrets, 0644 for public files */
};

/*
 * Refuse (ERR_USAGE) when a file of the set already exists in dir, naming the first one found.
 * force allows replacing a regular file only: a symbolic link (to anything, or dangling), a
 * directory, a device, FIFO or socket is refused even then, and left untouched. fileset_write()
 * checks this too; call it first when making the data is costly.
 */
int fileset_refuse_existing(const char *dir, const struct fileset_file *files, size_t n, int force,
                            struct err *err);

/*
 * Write every file into dir, each fsynced. When dir is missing or empty, the set is built in a
 * private temporary directory beside it (".DIR.tmp.XXXXXX", mode 0700) and renamed onto dir in one
 * step: a crash leaves either no dir (an empty dir stays empty) or the whole set. When dir already
 * holds other files, or is a mount point, each file goes to a temporary file in dir and is renamed
 * into place: every file at its path is complete, but a crash between two renames may leave part
 * of the set. On failure nothing of the set is left behind. Errors: ERR_USAGE (exists, or not a
 * regular file: see fileset_refuse_existing), ERR_IO.
 */
int fileset_write(const char *dir, const struct fileset_file *files, size_t n, int force,
                  struct err *err);

/*
 * Remove the temporary files and directory of a fileset_write() in progress. Async-signal-safe:
 * for the SIGINT/SIGTERM handler, so an interrupted keygen leaves no secret behind.
 */
void fileset_remove_temporaries(void);

#endif
