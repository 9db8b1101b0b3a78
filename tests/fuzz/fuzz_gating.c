/*
 * Fuzz the shortcuts of the engine with the shipped packs: trigger gates, anchor windows (with
 * their blank-run bounds), shared views and scans. For any valid UTF-8 text an engine that
 * skips nothing (no_prefilter) must find exactly the same spans with the same rules and give
 * the same content warnings; invalid UTF-8 must fail with ERR_PARSE in both. The fast engine
 * also detects each text twice in a row, with the same result (its caches of the last text).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/scrub.h"

#include "common/banned.h"

/* run from the repository root */
#define FUZZ_PACKS                                                                                 \
    {                                                                                              \
        "rules/default", "rules/warnings"                                                          \
    }

static struct scrub_rules *rules;
static struct scrub_engine *fast, *full;

static void
setup(void)
{
    static const char *const packs[] = FUZZ_PACKS;
    struct scrub_engine_opts everything = {0};
    struct err err = {ERR_NONE, ""};

    for (size_t i = 0; i < sizeof(packs) / sizeof(packs[0]); i++) {
        if (scrub_rules_load(&rules, packs[i], &err) < 0) {
            abort();
        }
    }
    everything.no_prefilter = true;
    fast = scrub_engine_new(rules, NULL, &err);
    full = scrub_engine_new(rules, &everything, &err);
    if (!fast || !full) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
same_findings(const struct scrub_findings *a, const struct scrub_findings *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end ||
            a->v[i].rule != b->v[i].rule) {
            return false;
        }
    }
    return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scrub_findings a, b;
    struct err ea = {ERR_NONE, ""}, eb = {ERR_NONE, ""};
    uint64_t wa = 0, wb = 0;
    int ra, rb;

    if (!rules) {
        setup();
    }
    scrub_findings_init(&a);
    scrub_findings_init(&b);
    /* Twice in a row: the engines keep the last text's subject and scans for the next call. */
    ra = scrub_engine_detect(fast, data, size, &a, &ea);
    if (ra == 0 && (scrub_engine_detect(fast, data, size, &b, &ea) < 0 || !same_findings(&a, &b))) {
        abort();
    }
    rb = scrub_engine_detect(full, data, size, &b, &eb);
    /* Both fail alike (invalid UTF-8; a regex budget may run out in the full engine alone). */
    if ((ra < 0) != (rb < 0) && !(rb < 0 && eb.kind == ERR_LIMIT)) {
        abort();
    }
    if (ra == 0 && rb == 0) {
        if (!same_findings(&a, &b)) {
            abort();
        }
        if (scrub_engine_warnings(fast, data, size, &wa, &ea) < 0 ||
            scrub_engine_warnings(full, data, size, &wb, &eb) < 0 || wa != wb) {
            if (!(ea.kind == ERR_LIMIT || eb.kind == ERR_LIMIT)) {
                abort();
            }
        }
    }
    scrub_findings_release(&a);
    scrub_findings_release(&b);
    return 0;
}
