/*
 * Release archives on arbitrary bytes, through the content check verify runs after the
 * signature (no extraction, a 1 MiB content limit). Invariants: an accepted archive holds a
 * manifest and checksum list (so at least two files) under a safe release name and never more
 * content than the limit; a rejection always says why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "release/archive_verify_internal.h"
#include "tests/fuzz/fuzz_temp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LIMIT ((uint64_t)1 << 20)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/veil_fuzz_archive.XXXXXX";
    struct archive_check_opts opts = {LIMIT, NULL};
    struct archive_check_result res;
    struct err err;

    write_temp(path, data, size);
    err_clear(&err);
    if (archive_check(path, &opts, &res, &err) == 0) {
        if (res.files < 2 || !release_name_ok(res.name) || res.bytes > LIMIT) {
            abort();
        }
        archive_check_result_release(&res);
    } else if (err.msg[0] == '\0') {
        abort();
    }
    unlink(path);
    return 0;
}
