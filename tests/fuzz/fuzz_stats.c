/*
 * A stats file (written by `veil scrub --stats`; read back by `veil stats merge`, `veil card` and
 * `veil release`, which a user may hand an edited or damaged one) on arbitrary bytes.
 * Invariants: merge accepts it or says why; a merged file merges again to the same bytes (the
 * writer's form is canonical); a file merges with itself; a card renders from it, the same bytes
 * twice, or is refused with a reason.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "release/release.h"
#include "tests/fuzz/fuzz_card.h"
#include "tests/fuzz/fuzz_temp.h"
#include "scrub/scrub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char meta_text[] = "pretty_name: Fuzzed\nlicense: mit\nlanguage: [en]\n"
                                "task_categories: [text-generation]\ndescription: fuzzed stats\n"
                                "curated_by: fuzz\ncitation: \"@misc{fuzz, title = {Fuzzed}}\"\n";

/* The whole file at path; aborts when it cannot be read. */
static struct buf
slurp(const char *path)
{
    struct buf b;
    char chunk[4096];
    size_t n;
    FILE *fp = fopen(path, "rb");
    struct err err;

    if (!fp) {
        abort();
    }
    buf_init(&b, BUF_NO_MAX);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (buf_append(&b, chunk, n, &err) < 0) {
            abort();
        }
    }
    fclose(fp);
    return b;
}

/* Merge the given files into out; a refusal must say why. */
static int
merge(const char *const *paths, size_t n, const char *out)
{
    struct err err;

    err_clear(&err);
    if (scrub_stats_merge(paths, n, out, &err) == 0) {
        return 0;
    }
    if (err.msg[0] == '\0') {
        abort();
    }
    return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[] = "/tmp/veil_fuzz_stats_in.XXXXXX";
    char meta[] = "/tmp/veil_fuzz_stats_meta.XXXXXX";
    char once[] = "/tmp/veil_fuzz_stats_once.XXXXXX";
    char twice[] = "/tmp/veil_fuzz_stats_twice.XXXXXX";
    char both[] = "/tmp/veil_fuzz_stats_both.XXXXXX";

    write_temp(in, data, size);
    write_temp(meta, meta_text, strlen(meta_text));
    write_temp(once, "", 0);
    write_temp(twice, "", 0);
    write_temp(both, "", 0);
    const char *alone[] = {in}, *again[] = {once}, *pair[] = {in, in};
    if (merge(alone, 1, once) == 0) {
        if (merge(again, 1, twice) != 0) {
            abort();
        }
        struct buf a = slurp(once), b = slurp(twice);
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
            abort();
        }
        buf_release(&a);
        buf_release(&b);
        /* merging with itself may only fail on a sum too large to hold */
        struct err err;
        err_clear(&err);
        if (scrub_stats_merge(pair, 2, both, &err) != 0 && err.kind != ERR_LIMIT &&
            err.kind != ERR_PARSE) {
            abort();
        }
    }
    struct buf card;
    (void)card_render_checked(meta, in, &card);
    buf_release(&card);
    unlink(in);
    unlink(meta);
    unlink(once);
    unlink(twice);
    unlink(both);
    return 0;
}
