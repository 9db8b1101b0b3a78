/*
 * What the engine tests share: a pack written from a YAML string, and findings rendered as
 * "ENTITY:start-end" so a test compares one string. Include after <cmocka.h>.
 */
#ifndef VEIL_TEST_SCRUB_HELPERS_H
#define VEIL_TEST_SCRUB_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "scrub/scrub.h"

/* Write yaml to a fresh temporary pack file (path: 64 bytes); the caller unlinks it. */
static __attribute__((unused)) void
temp_pack(const char *yaml, char path[64])
{
    int fd;
    FILE *f;

    (void)snprintf(path, 64, "/tmp/veil-pack-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(fputs(yaml, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Load yaml as a pack into *rs: scrub_rules_load's result, err set on failure. */
static __attribute__((unused)) int
load_yaml_into(const char *yaml, struct scrub_rules **rs, struct err *err)
{
    char path[64];
    int rc;

    temp_pack(yaml, path);
    rc = scrub_rules_load(rs, path, err);
    unlink(path);
    return rc;
}

/* The rules of yaml; the test fails if they do not load. */
static __attribute__((unused)) struct scrub_rules *
load_yaml(const char *yaml)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    if (load_yaml_into(yaml, &rs, &err) < 0) {
        fail_msg("load failed: %s", err.msg);
    }
    return rs;
}

/* Detect in text; findings rendered as "ENTITY:start-end" joined by spaces. */
static __attribute__((unused)) void
detect_str(struct scrub_engine *e, const char *text, char *out, size_t cap)
{
    struct scrub_findings f;
    struct err err = {ERR_NONE, ""};
    size_t used = 0;

    scrub_findings_init(&f);
    if (scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err) < 0) {
        fail_msg("detect failed: %s", err.msg);
    }
    out[0] = '\0';
    for (size_t i = 0; i < f.n; i++) {
        int w = snprintf(out + used, cap - used, "%s%s:%zu-%zu", i ? " " : "", f.v[i].entity,
                         f.v[i].start, f.v[i].end);
        assert_true(w > 0 && (size_t)w < cap - used);
        used += (size_t)w;
    }
    scrub_findings_release(&f);
}

/* The findings of a fresh engine on text, as detect_str renders them, must be want. */
static __attribute__((unused)) void
assert_detect(const struct scrub_rules *rs, const char *text, const char *want)
{
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    char got[1024];

    assert_non_null(e);
    detect_str(e, text, got, sizeof(got));
    assert_string_equal(got, want);
    scrub_engine_free(e);
}

#endif
