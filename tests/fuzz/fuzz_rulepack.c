/*
 * Fuzz the rule-pack loader on arbitrary bytes: load must either succeed or fail with a message
 * that names the file; a loaded pack must list, lint and run on a sample text without crashing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "scrub/scrub.h"

#include "common/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
exercise(const struct scrub_rules *rules)
{
    static const char sample[] = "mail jane@mail.org, call +1 415 555 0100, my name is Ann";
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rules, NULL, &err);
    struct scrub_findings f;
    FILE *sink = fopen("/dev/null", "w");
    size_t count;
    uint64_t mask;

    if (!e || !sink) {
        abort();
    }
    scrub_findings_init(&f);
    (void)scrub_engine_detect(e, (const unsigned char *)sample, sizeof(sample) - 1, &f, &err);
    (void)scrub_engine_warnings(e, (const unsigned char *)sample, sizeof(sample) - 1, &mask, &err);
    (void)scrub_rules_list(rules, sink, &err);
    (void)scrub_rules_lint(rules, sink, &count, &err);
    fclose(sink);
    scrub_findings_release(&f);
    scrub_engine_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/veil-fuzz-pack-XXXXXX";
    struct scrub_rules *rules = NULL;
    struct err err = {ERR_NONE, ""};
    int fd = mkstemp(path);

    if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) != 0) {
        abort();
    }
    if (scrub_rules_load(&rules, path, &err) == 0) {
        exercise(rules);
    } else if (strncmp(err.msg, path, strlen(path)) != 0 || rules) {
        abort(); /* every load error names the pack file */
    }
    scrub_rules_free(rules);
    unlink(path);
    return 0;
}
