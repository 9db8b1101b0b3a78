#ifndef VEIL_RELEASE_ARCHIVE_VERIFY_INTERNAL_H
#define VEIL_RELEASE_ARCHIVE_VERIFY_INTERNAL_H

/* The streaming content check behind release_verify (the signature is checked before it). */

#include <stddef.h>
#include <stdint.h>

#include "release/release_internal.h"

struct err;

struct archive_check_opts {
    uint64_t max_total;      /* uncompressed bytes allowed in all */
    const char *extract_tmp; /* write files under this existing private directory, or NULL */
};

struct archive_check_result {
    char *name;            /* the release directory; owned */
    char *manifest_key_id; /* public_key_id from the manifest, or NULL; owned */
    char manifest_sha256[65];
    size_t files;
    uint64_t bytes;
};

/* ERR_VERIFY names the offending entry; ERR_IO for extraction failures. */
int archive_check(const char *path, const struct archive_check_opts *opts,
                  struct archive_check_result *res, struct err *err);
void archive_check_result_release(struct archive_check_result *res);

#endif
