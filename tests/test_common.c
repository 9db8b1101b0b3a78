/* common/: bounded buffers, atomic output files, the JSONL reader and writer, key files. */
/* clang-format off: older cmocka needs these before <cmocka.h> */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/keyfile.h"
#include "common/log.h"
#include "common/outfile.h"
#include "common/record.h"

static char dir[64];

static int
setup(void **state)
{
    (void)state;
    log_init("test", LOG_QUIET);
    snprintf(dir, sizeof(dir), "/tmp/veil-common-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd);
}

static void
path_in_dir(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static void
buf_refuses_to_grow_past_its_maximum_and_keeps_content(void **state)
{
    struct buf b;
    struct err err;
    (void)state;

    buf_init(&b, 8);
    assert_int_equal(buf_append(&b, "12345", 5, &err), 0);
    assert_int_equal(buf_append(&b, "6789", 4, &err), -1);
    assert_int_equal(err.kind, ERR_LIMIT);
    assert_int_equal(b.len, 5);
    assert_string_equal((char *)b.data, "12345");
    buf_release(&b);
}

static void
buf_shrink_frees_only_storage_larger_than_it_keeps(void **state)
{
    struct buf b;
    struct err err;
    static char big[5000];
    (void)state;

    buf_init(&b, 8000);
    assert_int_equal(buf_append(&b, "small", 5, &err), 0);
    unsigned char *kept = b.data;
    buf_shrink(&b, 4096);
    assert_ptr_equal(b.data, kept); /* small storage is reused, emptied */
    assert_int_equal(b.len, 0);
    assert_string_equal((char *)b.data, "");
    memset(big, 'x', sizeof(big));
    assert_int_equal(buf_append(&b, big, sizeof(big), &err), 0);
    buf_shrink(&b, 4096);
    assert_null(b.data); /* a long record's storage is freed */
    assert_int_equal(b.len + b.cap, 0);
    assert_int_equal(b.max, 8000); /* and the buffer keeps its limit */
    assert_int_equal(buf_append(&b, big, sizeof(big), &err), 0);
    assert_int_equal(buf_append(&b, big, sizeof(big), &err), -1);
    buf_release(&b);
}

static void
err_prefix_keeps_the_original_message(void **state)
{
    struct err err;
    (void)state;

    err_set(&err, ERR_PARSE, "bad value");
    err_prefix(&err, "in.jsonl:%d", 7);
    assert_string_equal(err.msg, "in.jsonl:7: bad value");
    assert_int_equal(err_exit_code(&err), 2);
}

static void
outfile_appears_only_on_commit(void **state)
{
    char path[128];
    struct outfile *f;
    struct err err;
    (void)state;

    path_in_dir(path, sizeof(path), "atomic.txt");
    assert_int_equal(outfile_open(path, 0644, &f, &err), 0);
    assert_int_equal(outfile_write(f, "abc", 3, &err), 0);
    assert_int_equal(access(path, F_OK), -1);
    outfile_free(f); /* not committed: nothing at the path, temp file gone */
    assert_int_equal(access(path, F_OK), -1);

    assert_int_equal(outfile_open(path, 0644, &f, &err), 0);
    assert_int_equal(outfile_write(f, "abc", 3, &err), 0);
    assert_int_equal(outfile_commit(f, &err), 0);
    outfile_free(f);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(system("ls -a /tmp/veil-common-* | grep -q '\\.tmp\\.' && exit 1 || exit 0"),
                     0);
}

/* The digest a writer reports is that of the bytes on disk, compressed ones included. */
static void
writer_digest_is_the_sha256_of_the_file_on_disk(void **state)
{
    static const char *const names[] = {"d.jsonl", "d.jsonl.gz", "d.jsonl.zst", "d.jsonl.xz"};
    (void)state;

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[128], cmd[256], expect[65] = "", hex[65];
        struct record_writer *w;
        struct err err;
        uint64_t size = 0;
        struct stat st;
        FILE *p;

        path_in_dir(path, sizeof(path), names[i]);
        assert_int_equal(record_writer_open(path, &w, &err), 0);
        for (int k = 0; k < 2000; k++) {
            assert_int_equal(record_writer_write(w, "{\"text\": \"some line\"}\n", 21, &err), 0);
        }
        assert_int_equal(record_writer_commit(w, &err), 0);
        assert_int_equal(record_writer_sha256(w, hex, &size, &err), 0);
        record_writer_free(w);
        snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
        assert_non_null(p = popen(cmd, "r"));
        assert_non_null(fgets(expect, sizeof(expect), p));
        pclose(p);
        assert_string_equal(hex, expect);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(size, (uint64_t)st.st_size);
    }
}

static void
write_then_read(const char *name, const char *content, size_t max, int expect_lines)
{
    char path[128];
    struct record_writer *w;
    struct record_reader *r;
    struct span line;
    struct err err;
    int n = 0, rc;

    path_in_dir(path, sizeof(path), name);
    assert_int_equal(record_writer_open(path, &w, &err), 0);
    assert_int_equal(record_writer_write(w, content, strlen(content), &err), 0);
    assert_int_equal(record_writer_commit(w, &err), 0);
    record_writer_free(w);
    assert_int_equal(record_reader_open(path, max, &r, &err), 0);
    while ((rc = record_reader_next(r, &line, &err)) == 1) {
        n++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, expect_lines);
    record_reader_free(r);
}

static void
reader_reads_plain_gzip_zstd_and_xz_alike(void **state)
{
    (void)state;
    write_then_read("a.jsonl", "{\"a\":1}\n{\"a\":2}\r\n{\"a\":3}", 1024, 3);
    write_then_read("a.jsonl.gz", "{\"a\":1}\n{\"a\":2}\n", 1024, 2);
    write_then_read("a.jsonl.zst", "{\"a\":1}\n{\"a\":2}\n", 1024, 2);
    write_then_read("a.jsonl.xz", "{\"a\":1}\n{\"a\":2}\n", 1024, 2);
    write_then_read("empty.jsonl", "", 1024, 0);
}

static void
reader_detects_compression_by_content_not_name(void **state)
{
    char src[128], dst[128];
    (void)state;

    write_then_read("b.jsonl.gz", "{\"a\":1}\n", 1024, 1);
    path_in_dir(src, sizeof(src), "b.jsonl.gz");
    path_in_dir(dst, sizeof(dst), "b-renamed.jsonl");
    assert_int_equal(rename(src, dst), 0);

    struct record_reader *r;
    struct span line;
    struct err err;
    assert_int_equal(record_reader_open(dst, 1024, &r, &err), 0);
    assert_int_equal(record_reader_next(r, &line, &err), 1);
    assert_int_equal(line.len, 7);
    assert_memory_equal(line.p, "{\"a\":1}", 7);
    record_reader_free(r);
}

static void
reader_reports_an_oversized_record_by_line_and_resumes(void **state)
{
    char path[128];
    struct record_writer *w;
    struct record_reader *r;
    struct span line;
    struct err err;
    char *big = malloc(200001);
    (void)state;

    memset(big, 'x', 200000);
    big[200000] = '\0';
    path_in_dir(path, sizeof(path), "big.jsonl");
    assert_int_equal(record_writer_open(path, &w, &err), 0);
    assert_int_equal(record_writer_write(w, "short\n", 6, &err), 0);
    assert_int_equal(record_writer_write(w, big, 200000, &err), 0);
    assert_int_equal(record_writer_write(w, "\nafter\n", 7, &err), 0);
    assert_int_equal(record_writer_commit(w, &err), 0);
    record_writer_free(w);
    free(big);

    assert_int_equal(record_reader_open(path, 1000, &r, &err), 0);
    assert_int_equal(record_reader_next(r, &line, &err), 1);
    assert_int_equal(record_reader_next(r, &line, &err), -1);
    assert_int_equal(err.kind, ERR_LIMIT);
    assert_non_null(strstr(err.msg, "big.jsonl:2: record 2"));
    assert_int_equal(record_reader_next(r, &line, &err), 1);
    assert_int_equal(record_reader_line(r), 3);
    assert_memory_equal(line.p, "after", 5);
    assert_int_equal(record_reader_next(r, &line, &err), 0);
    record_reader_free(r);
}

/*
 * A line longer than the reader's block is held in the reader's own storage, which it hands
 * over (the buffer receives the very bytes, '\r' before the newline left out) instead of a copy;
 * a line still inside the block is only a view and is not handed over. Reading goes on as before.
 */
static void
reader_hands_over_a_long_line_without_copying_it(void **state)
{
    char path[128];
    struct record_writer *w;
    struct record_reader *r;
    struct span line;
    struct buf into;
    struct err err;
    const size_t n = 3 << 20;
    char *big = malloc(n);
    (void)state;

    memset(big, 'x', n);
    path_in_dir(path, sizeof(path), "long.jsonl");
    assert_int_equal(record_writer_open(path, &w, &err), 0);
    assert_int_equal(record_writer_write(w, "short\n", 6, &err), 0);
    assert_int_equal(record_writer_write(w, big, n, &err), 0);
    assert_int_equal(record_writer_write(w, "\r\nafter\n", 8, &err), 0);
    assert_int_equal(record_writer_commit(w, &err), 0);
    record_writer_free(w);

    buf_init(&into, BUF_NO_MAX);
    assert_int_equal(record_reader_open(path, 8 << 20, &r, &err), 0);
    assert_int_equal(record_reader_next(r, &line, &err), 1);
    assert_false(record_reader_take_line(r, &line, &into));
    assert_int_equal(record_reader_next(r, &line, &err), 1);
    const unsigned char *held = line.p;
    assert_true(record_reader_take_line(r, &line, &into));
    assert_ptr_equal(into.data, held);
    assert_int_equal(into.len, n);
    assert_memory_equal(into.data, big, n);
    assert_int_equal(record_reader_next(r, &line, &err), 1);
    assert_int_equal(line.len, 5);
    assert_memory_equal(line.p, "after", 5);
    assert_int_equal(record_reader_next(r, &line, &err), 0);
    record_reader_free(r);
    buf_release(&into);
    free(big);
}

static void
reader_reports_truncated_compression(void **state)
{
    char path[128], cmd[300];
    struct record_reader *r;
    struct span line;
    struct err err;
    int rc = 0;
    (void)state;

    path_in_dir(path, sizeof(path), "trunc.jsonl.gz");
    snprintf(cmd, sizeof(cmd), "seq 1 20000 | sed 's/.*/{\"n\":&}/' | gzip -c | head -c 20000 > %s",
             path);
    assert_int_equal(system(cmd), 0);
    /* Depending on where the stream ends, libarchive notices at open or while reading. */
    if (record_reader_open(path, 1024, &r, &err) == 0) {
        while ((rc = record_reader_next(r, &line, &err)) == 1) {
        }
        record_reader_free(r);
    } else {
        rc = -1;
    }
    assert_int_equal(rc, -1);
    assert_int_equal(err.kind, ERR_IO);
    assert_non_null(strstr(err.msg, "trunc.jsonl.gz"));
}

static void
shards_of_a_plain_file_cover_every_line_once_in_order(void **state)
{
    char path[128];
    FILE *fp;
    struct err err;
    (void)state;

    char pad[301];
    memset(pad, 'x', 300);
    pad[300] = '\0';
    path_in_dir(path, sizeof(path), "shard.jsonl");
    fp = fopen(path, "w");
    assert_non_null(fp);
    for (int i = 0; i < 101; i++) {
        /* Lines of very different lengths, so boundaries fall everywhere. */
        fprintf(fp, "{\"n\":%d,\"pad\":\"%.*s\"}\n", i, (i * 37) % 300, pad);
    }
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(record_input_is_compressed(path, &err), 0);
    for (unsigned n = 1; n <= 7; n++) {
        int next = 0;
        for (unsigned k = 1; k <= n; k++) {
            struct record_reader *r;
            struct span line;
            int rc;
            assert_int_equal(record_reader_open_shard(path, 4096, k, n, &r, &err), 0);
            while ((rc = record_reader_next(r, &line, &err)) == 1) {
                char want[32];
                int len = snprintf(want, sizeof(want), "{\"n\":%d,", next++);
                assert_memory_equal(line.p, want, (size_t)len);
            }
            assert_int_equal(rc, 0);
            record_reader_free(r);
        }
        assert_int_equal(next, 101);
    }
}

static void
keyfile_round_trips_and_refuses_loose_permissions(void **state)
{
    char path[128];
    unsigned char key[32], back[KEYFILE_MAX];
    size_t len;
    struct err err;
    (void)state;

    for (int i = 0; i < 32; i++) {
        key[i] = (unsigned char)(i * 7);
    }
    path_in_dir(path, sizeof(path), "id.key");
    assert_int_equal(keyfile_write(path, key, 32, 0, &err), 0);
    assert_int_equal(keyfile_write(path, key, 32, 0, &err), -1); /* O_EXCL */
    assert_int_equal(keyfile_read(path, back, &len, &err), 0);
    assert_int_equal(len, 32);
    assert_memory_equal(key, back, 32);
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(keyfile_read(path, back, &len, &err), -1);
    assert_non_null(strstr(err.msg, "readable by others"));
}

static void
keyfile_refuses_short_and_malformed_keys(void **state)
{
    char path[128];
    unsigned char back[KEYFILE_MAX];
    size_t len;
    struct err err;
    (void)state;

    path_in_dir(path, sizeof(path), "short.key");
    assert_int_equal(secret_file_write(path, "abcd\n", 5, 0, &err), 0);
    assert_int_equal(keyfile_read(path, back, &len, &err), -1);
    assert_int_equal(err.kind, ERR_PARSE);
    path_in_dir(path, sizeof(path), "bad.key");
    assert_int_equal(secret_file_write(path, "zz112233445566778899aabbccddeeff\n", 33, 0, &err), 0);
    assert_int_equal(keyfile_read(path, back, &len, &err), -1);
    assert_non_null(strstr(err.msg, "not hex"));
}

/* A secret is never written through a symbolic link, even with force: the link's target stays. */
static void
secret_file_refuses_a_symbolic_link_even_with_force(void **state)
{
    char path[128], target[128];
    unsigned char back[KEYFILE_MAX], key[32] = {1, 2, 3};
    size_t len;
    struct err err;
    (void)state;

    path_in_dir(target, sizeof(target), "target.key");
    path_in_dir(path, sizeof(path), "link.key");
    assert_int_equal(keyfile_write(target, key, 32, 0, &err), 0);
    assert_int_equal(symlink(target, path), 0);
    for (int force = 0; force <= 1; force++) {
        assert_int_equal(secret_file_write(path, "00\n", 3, force, &err), -1);
    }
    assert_non_null(strstr(err.msg, "symbolic link"));
    assert_int_equal(keyfile_read(target, back, &len, &err), 0);
    assert_memory_equal(back, key, 32);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_refuses_to_grow_past_its_maximum_and_keeps_content),
        cmocka_unit_test(buf_shrink_frees_only_storage_larger_than_it_keeps),
        cmocka_unit_test(err_prefix_keeps_the_original_message),
        cmocka_unit_test(outfile_appears_only_on_commit),
        cmocka_unit_test(writer_digest_is_the_sha256_of_the_file_on_disk),
        cmocka_unit_test(reader_reads_plain_gzip_zstd_and_xz_alike),
        cmocka_unit_test(reader_detects_compression_by_content_not_name),
        cmocka_unit_test(reader_reports_an_oversized_record_by_line_and_resumes),
        cmocka_unit_test(reader_hands_over_a_long_line_without_copying_it),
        cmocka_unit_test(reader_reports_truncated_compression),
        cmocka_unit_test(shards_of_a_plain_file_cover_every_line_once_in_order),
        cmocka_unit_test(keyfile_round_trips_and_refuses_loose_permissions),
        cmocka_unit_test(keyfile_refuses_short_and_malformed_keys),
        cmocka_unit_test(secret_file_refuses_a_symbolic_link_even_with_force),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
