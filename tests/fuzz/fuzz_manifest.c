/*
 * MANIFEST.json and SHA256SUMS as verify reads them from an archive, on arbitrary bytes.
 * Invariants: a parsed manifest's files are strictly sorted and each is found by manifest_find;
 * a checksum list that parses is canonical, so writing it back gives the input bytes exactly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "release/release_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_manifest(const uint8_t *data, size_t size)
{
    struct manifest m;
    struct err err;

    if (manifest_parse("MANIFEST.json", (const char *)data, size, &m, &err) < 0) {
        if (err.msg[0] == '\0') {
            abort();
        }
        return;
    }
    for (size_t i = 0; i < m.files.n; i++) {
        if ((i > 0 && strcmp(m.files.v[i - 1].path, m.files.v[i].path) >= 0) ||
            manifest_find(&m, m.files.v[i].path) != &m.files.v[i]) {
            abort();
        }
    }
    if (!release_name_ok(m.name)) {
        abort();
    }
    manifest_release(&m);
}

static void
check_sums(const uint8_t *data, size_t size)
{
    struct release_files files = {0};
    struct buf again;
    struct err err;

    buf_init(&again, BUF_NO_MAX);
    if (sums_parse("SHA256SUMS", (const char *)data, size, &files, &err) == 0) {
        if (sums_write(&files, &again, &err) < 0 || again.len != size ||
            (size && memcmp(again.data, data, size) != 0)) {
            abort();
        }
    }
    buf_release(&again);
    release_files_release(&files);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_manifest(data, size);
    check_sums(data, size);
    return 0;
}
