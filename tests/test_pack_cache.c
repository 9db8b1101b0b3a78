/*
 * The compiled-pattern cache (scrub/pack_cache.c): a load through it, cold or warm, gives the
 * same rule set as a load without it, and a damaged, foreign or unwritable cache only costs time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "scrub/literals_internal.h"
#include "tests/test_trigger_helpers.h"
#include "scrub/pack_cache_internal.h"
#include "scrub/rules_internal.h" /* white-box: patterns, codes and gates */
#include "scrub/scrub.h"

#include "common/banned.h"

static const char *const packs[] = {"rules/default", "rules/warnings"};

struct fixture {
    char dir[64];
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    (void)snprintf(f->dir, sizeof(f->dir), "/tmp/veil-cache-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    assert_int_equal(setenv("VEIL_CACHE_DIR", f->dir, 1), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *de;

    while (d && (de = readdir(d)) != NULL) {
        char path[512];
        if (de->d_name[0] != '.') {
            (void)snprintf(path, sizeof(path), "%s/%s", f->dir, de->d_name);
            (void)unlink(path);
        }
    }
    if (d) {
        (void)closedir(d);
    }
    (void)rmdir(f->dir);
    (void)unsetenv("VEIL_CACHE_DIR");
    free(f);
    return 0;
}

static struct scrub_rules *
load_packs(size_t n)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    if (scrub_rules_load_many(&rs, packs + 2 - n, n, 1, &err) < 0) {
        fail_msg("load failed: %s", err.msg);
    }
    return rs;
}

/* Every shipped pack: what the equality and damage tests compare. */
static struct scrub_rules *
load(void)
{
    return load_packs(2);
}

/* The content-warnings pack alone: enough for the tests of where the file goes and when it is
 * written, at a fraction of the cost (under the sanitizers a cold load of every pack takes
 * seconds). */
static struct scrub_rules *
load_small(void)
{
    return load_packs(1);
}

/* The one cache file in dir (its path into out), or false when there is none. */
static bool
cache_file(const char *dir, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len > 6 && !strcmp(de->d_name + len - 6, ".cache")) {
            (void)snprintf(out, cap, "%s/%s", dir, de->d_name);
            n++;
        }
    }
    (void)closedir(d);
    assert_true(n <= 1);
    return n == 1;
}

static void
assert_sets_equal(const struct literal_set *a, const struct literal_set *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->v[i], b->v[i]);
    }
}

static void
assert_gates_equal(const struct gate *a, const struct gate *b)
{
    assert_memory_equal(&a->runs, &b->runs, sizeof(a->runs));
    assert_int_equal(a->trigger, b->trigger);
    assert_int_equal(a->trigger2, b->trigger2);
    assert_int_equal(a->trigger_anchor, b->trigger_anchor);
    assert_int_equal(a->anchor_kind, b->anchor_kind);
    assert_memory_equal(&a->pre, &b->pre, sizeof(a->pre));
    assert_memory_equal(&a->pre_ascii, &b->pre_ascii, sizeof(a->pre_ascii));
    assert_sets_equal(&a->lits, &b->lits);
    assert_sets_equal(&a->lits2, &b->lits2);
    assert_sets_equal(&a->anchor, &b->anchor);
    assert_memory_equal(&a->anchor_lead, &b->anchor_lead, sizeof(a->anchor_lead));
    assert_int_equal(a->n_anchor_bytes, b->n_anchor_bytes);
    assert_memory_equal(a->anchor_bytes, b->anchor_bytes, a->n_anchor_bytes);
    assert_int_equal(a->anchor_digits, b->anchor_digits);
    assert_int_equal(a->n_anchor_others, b->n_anchor_others);
    assert_memory_equal(a->anchor_others, b->anchor_others, a->n_anchor_others);
    assert_int_equal(a->left_word_first, b->left_word_first);
    assert_int_equal(a->left_other_first, b->left_other_first);
    assert_int_equal(a->left, b->left);
}

/*
 * code serialised after a round trip through PCRE2's serialisation: a decoded code differs from
 * a compiled one only in owning a copy of the character tables (a flag), which this evens out.
 */
static uint8_t *
normalised_bytes(const pcre2_code *code, PCRE2_SIZE *n)
{
    uint8_t *bytes = NULL, *again = NULL;
    pcre2_code *decoded = NULL;

    assert_int_equal(pcre2_serialize_encode(&code, 1, &bytes, n, NULL), 1);
    assert_int_equal(pcre2_serialize_decode(&decoded, 1, bytes, NULL), 1);
    pcre2_serialize_free(bytes);
    const pcre2_code *round_trip = decoded;
    assert_int_equal(pcre2_serialize_encode(&round_trip, 1, &again, n, NULL), 1);
    pcre2_code_free(decoded);
    return again;
}

/* The same compiled regex (or both absent). */
static void
assert_codes_equal(const pcre2_code *a, const pcre2_code *b)
{
    uint8_t *x, *y;
    PCRE2_SIZE nx = 0, ny = 0;

    assert_int_equal(a == NULL, b == NULL);
    if (!a) {
        return;
    }
    x = normalised_bytes(a, &nx);
    y = normalised_bytes(b, &ny);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    pcre2_serialize_free(x);
    pcre2_serialize_free(y);
}

static void
assert_rule_sets_equal(const struct scrub_rules *a, const struct scrub_rules *b)
{
    assert_int_equal(a->n_rules, b->n_rules);
    for (size_t i = 0; i < a->n_rules; i++) {
        const struct rule *ra = &a->rules[i], *rb = &b->rules[i];
        assert_string_equal(ra->name, rb->name);
        assert_codes_equal(ra->context_re, rb->context_re);
        assert_codes_equal(ra->column_cell, rb->column_cell);
        assert_int_equal(ra->n_patterns, rb->n_patterns);
        for (size_t k = 0; k < ra->n_patterns; k++) {
            const struct rule_pattern *pa = &ra->patterns[k], *pb = &rb->patterns[k];
            assert_codes_equal(pa->code, pb->code);
            assert_codes_equal(pa->code_ascii, pb->code_ascii);
            assert_codes_equal(pa->requires, pb->requires);
            assert_codes_equal(pa->requires_ascii, pb->requires_ascii);
            assert_int_equal(pa->pii_group, pb->pii_group);
            assert_gates_equal(&pa->gate, &pb->gate);
            assert_gates_equal(&pa->requires_gate, &pb->requires_gate);
        }
    }
    assert_int_equal(a->n_not_clauses, b->n_not_clauses);
    for (size_t i = 0; i < a->n_not_clauses; i++) {
        assert_codes_equal(a->not_clauses[i]->re, b->not_clauses[i]->re);
    }
    assert_codes_equal(a->placeholder_re, b->placeholder_re);
    assert_int_equal(a->n_warnings, b->n_warnings);
    for (size_t i = 0; i < a->n_warnings; i++) {
        const struct warning_category *wa = &a->warnings[i], *wb = &b->warnings[i];
        assert_codes_equal(wa->terms_re, wb->terms_re);
        assert_codes_equal(wa->terms_ascii, wb->terms_ascii);
        assert_gates_equal(&wa->terms_gate, &wb->terms_gate);
        assert_int_equal(wa->n_patterns, wb->n_patterns);
        for (size_t k = 0; k < wa->n_patterns; k++) {
            assert_codes_equal(wa->patterns[k], wb->patterns[k]);
            assert_codes_equal(wa->patterns_ascii[k], wb->patterns_ascii[k]);
            assert_gates_equal(&wa->gates[k], &wb->gates[k]);
        }
    }
}

/* Findings and warning categories of every line of the corpora, as one string per set. */
static char *
scrub_corpora(const struct scrub_rules *rs)
{
    static const char *const files[] = {
        "tests/corpus/structured.jsonl", "tests/corpus/unicode.jsonl",
        "tests/corpus/multilingual.jsonl", "examples/red_team_attempts.jsonl"};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    size_t cap = 1 << 20, used = 0;
    char *out = malloc(cap), line[65536];

    assert_non_null(e);
    assert_non_null(out);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        FILE *f = fopen(files[i], "r");
        assert_non_null(f);
        while (fgets(line, sizeof(line), f)) {
            struct scrub_findings fs;
            uint64_t cats = 0;
            scrub_findings_init(&fs);
            assert_int_equal(
                scrub_engine_detect(e, (const unsigned char *)line, strlen(line), &fs, &err), 0);
            assert_int_equal(
                scrub_engine_warnings(e, (const unsigned char *)line, strlen(line), &cats, &err),
                0);
            for (size_t k = 0; k < fs.n; k++) {
                if (cap - used < 256) {
                    cap *= 2;
                    out = realloc(out, cap);
                    assert_non_null(out);
                }
                used += (size_t)snprintf(out + used, cap - used, "%s:%zu-%zu ", fs.v[k].entity,
                                         fs.v[k].start, fs.v[k].end);
            }
            if (cap - used < 64) {
                cap *= 2;
                out = realloc(out, cap);
                assert_non_null(out);
            }
            used += (size_t)snprintf(out + used, cap - used, "w%llx\n", (unsigned long long)cats);
            scrub_findings_release(&fs);
        }
        (void)fclose(f);
    }
    scrub_engine_free(e);
    return out;
}

/* Cold (compiles and writes the file), warm (reads it) and without a cache: the same rule set. */
static void
warm_and_cold_loads_give_the_same_rule_set_as_no_cache(void **state)
{
    struct fixture *f = *state;
    char path[512];
    struct scrub_rules *cold, *warm, *none;
    char *a, *b, *c;

    cold = load();
    assert_true(cache_file(f->dir, path, sizeof(path)));
    warm = load();
    assert_int_equal(setenv("VEIL_CACHE_DIR", "off", 1), 0);
    none = load();
    assert_rule_sets_equal(none, cold);
    assert_rule_sets_equal(none, warm);
    a = scrub_corpora(none);
    b = scrub_corpora(cold);
    c = scrub_corpora(warm);
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    free(a);
    free(b);
    free(c);
    scrub_rules_free(cold);
    scrub_rules_free(warm);
    scrub_rules_free(none);
}

/* A warm load that compiles nothing leaves the file as it was (no rewrite per run). */
static void
a_warm_load_does_not_rewrite_the_file(void **state)
{
    struct fixture *f = *state;
    char path[512];
    struct stat before, after;

    scrub_rules_free(load_small());
    assert_true(cache_file(f->dir, path, sizeof(path)));
    assert_int_equal(stat(path, &before), 0);
    scrub_rules_free(load_small());
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
}

static void
corrupt(const char *path, long at, bool truncate_there)
{
    FILE *fp = fopen(path, "r+b");
    int c;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, at, at < 0 ? SEEK_END : SEEK_SET), 0);
    if (truncate_there) {
        assert_int_equal(ftruncate(fileno(fp), ftell(fp)), 0);
    } else {
        long pos = ftell(fp);
        c = fgetc(fp);
        assert_int_equal(fseek(fp, pos, SEEK_SET), 0);
        assert_int_equal(fputc(c ^ 0x40, fp), c ^ 0x40);
    }
    assert_int_equal(fclose(fp), 0);
}

/* A flipped byte in an entry or in the digest, or a cut: ignored, then rewritten. */
static void
a_damaged_cache_file_is_ignored_and_rewritten(void **state)
{
    struct fixture *f = *state;
    static const struct {
        long at;
        bool cut;
    } damage[] = {{100000, false}, {-5, false}, {200000, true}};
    char path[512];
    struct scrub_rules *none, *rs;

    assert_int_equal(setenv("VEIL_CACHE_DIR", "off", 1), 0);
    none = load();
    assert_int_equal(setenv("VEIL_CACHE_DIR", f->dir, 1), 0);
    scrub_rules_free(load());
    assert_true(cache_file(f->dir, path, sizeof(path)));
    for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
        struct stat before, after;
        corrupt(path, damage[i].at, damage[i].cut);
        assert_int_equal(stat(path, &before), 0);
        rs = load();
        assert_rule_sets_equal(none, rs);
        scrub_rules_free(rs);
        assert_int_equal(stat(path, &after), 0);
        assert_int_not_equal(before.st_ino, after.st_ino); /* compiled again, written again */
    }
    scrub_rules_free(none);
}

/* The trigger scans of a and b mark the same ids and list the same positions on texts. */
static void
assert_same_trigger_scans(const struct scrub_rules *a, const struct scrub_rules *b)
{
    static const char *const texts[] = {
        "Call me at 415-555-0134 or mail jane.doe@example.org, I live at 12 Elm Street.",
        "Меня зовут Иван, мой телефон +7 912 345 67 89; né le 21.06.1988 à Paris",
        "kill myself, no reason to live; my SSN is 523-41-7788 and my IBAN DE89 3704 0044"};
    size_t n = trigger_index_ids(a->triggers);
    uint8_t *ha = calloc(n + 1, 1), *hb = calloc(n + 1, 1);
    struct trigger_positions pa, pb;

    assert_int_equal(trigger_index_ids(b->triggers), n);
    assert_non_null(ha);
    assert_non_null(hb);
    trigger_positions_init(&pa, n);
    trigger_positions_init(&pb, n);
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        const unsigned char *text = (const unsigned char *)texts[i];
        size_t len = strlen(texts[i]);
        memset(ha, 0, n + 1);
        memset(hb, 0, n + 1);
        trigger_scan(a->triggers, text, len, i == 0, ha, &pa);
        trigger_scan(b->triggers, text, len, i == 0, hb, &pb);
        assert_memory_equal(ha, hb, n);
        assert_same_positions(&pa, &pb, (uint32_t)n);
    }
    trigger_positions_release(&pa);
    trigger_positions_release(&pb);
    free(ha);
    free(hb);
}

/* A warm load reads the trigger index back from the cache instead of building it: same scans. */
static void
a_warm_load_reads_the_trigger_index_back_instead_of_building_it(void **state)
{
    struct fixture *f = *state;
    struct scrub_rules *cold, *warm, *none;

    cold = load_small();
    warm = load_small();
    assert_int_equal(setenv("VEIL_CACHE_DIR", "off", 1), 0);
    none = load_small();
    assert_int_equal(setenv("VEIL_CACHE_DIR", f->dir, 1), 0);
    assert_false(trigger_index_read_back(cold->triggers));
    assert_true(trigger_index_read_back(warm->triggers));
    assert_false(trigger_index_read_back(none->triggers));
    assert_same_trigger_scans(none, cold);
    assert_same_trigger_scans(none, warm);
    scrub_rules_free(cold);
    scrub_rules_free(warm);
    scrub_rules_free(none);
}

/* Checksum the cache file at path again (its 8-byte trailer), after a change made on purpose. */
static void
resum(const char *path)
{
    FILE *fp = fopen(path, "r+b");
    unsigned char *data, trailer[8];
    long size;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    size = ftell(fp);
    assert_true(size > 8);
    data = malloc((size_t)size);
    assert_non_null(data);
    assert_int_equal(fseek(fp, 0, SEEK_SET), 0);
    assert_int_equal(fread(data, 1, (size_t)size, fp), (size_t)size);
    blob_put_u64(trailer, pack_checksum(data, (size_t)size - 8));
    assert_int_equal(fseek(fp, size - 8, SEEK_SET), 0);
    assert_int_equal(fwrite(trailer, 1, 8, fp), 8);
    assert_int_equal(fclose(fp), 0);
    free(data);
}

/* Where the trigger index's entry begins in the file at path (its magic), or -1. */
static long
trigger_entry_at(const char *path)
{
    static const char magic[] = "veil-trigger-index-1\n";
    FILE *fp = fopen(path, "rb");
    size_t n = 0, cap = 1 << 20, k;
    unsigned char *data = malloc(cap);
    long at = -1;

    assert_non_null(fp);
    assert_non_null(data);
    while ((k = fread(data + n, 1, cap - n, fp)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            data = realloc(data, cap);
            assert_non_null(data);
        }
    }
    assert_int_equal(fclose(fp), 0);
    for (size_t i = 0; i + sizeof(magic) - 1 <= n && at < 0; i++) {
        if (!memcmp(data + i, magic, sizeof(magic) - 1)) {
            at = (long)i;
        }
    }
    free(data);
    return at;
}

/*
 * A trigger index entry in a file whose digest checks out but that does not read back (here:
 * made for another number of ids) is not used: the index is built, as without a cache, and
 * replaces the entry, which the next load reads back.
 */
static void
a_trigger_entry_that_does_not_read_back_is_built_again_and_replaced(void **state)
{
    struct fixture *f = *state;
    char path[512];
    struct scrub_rules *none, *rs;
    struct stat before, after;
    long at;

    assert_int_equal(setenv("VEIL_CACHE_DIR", "off", 1), 0);
    none = load_small();
    assert_int_equal(setenv("VEIL_CACHE_DIR", f->dir, 1), 0);
    scrub_rules_free(load_small());
    assert_true(cache_file(f->dir, path, sizeof(path)));
    at = trigger_entry_at(path);
    assert_true(at > 0);
    corrupt(path, at + (long)sizeof("veil-trigger-index-1\n") - 1, false); /* its number of ids */
    resum(path);
    assert_int_equal(stat(path, &before), 0);
    rs = load_small();
    assert_false(trigger_index_read_back(rs->triggers));
    assert_same_trigger_scans(none, rs);
    scrub_rules_free(rs);
    assert_int_equal(stat(path, &after), 0);
    assert_int_not_equal(before.st_ino, after.st_ino); /* written again */
    rs = load_small();
    assert_true(trigger_index_read_back(rs->triggers));
    assert_same_trigger_scans(none, rs);
    scrub_rules_free(rs);
    scrub_rules_free(none);
}

/*
 * The executable is known to the cache by its build id (no 2.5 MB read and hashed at every
 * start): the one its file's GNU build-id note holds.
 */
static void
the_executable_is_known_by_its_build_id(void **state)
{
    unsigned char id[PACK_CACHE_BUILD_ID_MAX], *data;
    size_t n = pack_cache_build_id(id), size = 0, k;
    FILE *fp = fopen("/proc/self/exe", "rb");
    bool found = false;
    (void)state;

    assert_true(n >= 16);
    assert_non_null(fp);
    data = malloc(64 << 20);
    assert_non_null(data);
    while ((k = fread(data + size, 1, (64 << 20) - size, fp)) > 0) {
        size += k;
    }
    assert_int_equal(fclose(fp), 0);
    /* the note: name size 4, descriptor size n, type 3 (NT_GNU_BUILD_ID), "GNU" */
    unsigned char head[16] = {4, 0, 0, 0, (unsigned char)n, 0, 0, 0, 3, 0, 0, 0, 'G', 'N', 'U', 0};
    for (size_t i = 0; i + sizeof(head) + n <= size && !found; i++) {
        found = !memcmp(data + i, head, sizeof(head)) && !memcmp(data + i + sizeof(head), id, n);
    }
    assert_true(found);
    free(data);
}

/*
 * The file's checksum is XXH64 with seed 0: the reference library's values (libxxhash 0.8.1) for
 * bytes (7i + 3) mod 256 of every length that takes another path (short tails of 1, 4 and 8
 * bytes, one stripe and more), fed whole and in pieces that split the stripes.
 */
static void
the_file_checksum_is_xxh64(void **state)
{
    static const struct {
        size_t n;
        uint64_t sum;
    } want[] = {
        {0, 0xef46db3751d8e999ull},   {1, 0x1f25c8d0bc1f4bb6ull},   {3, 0x31d2363f52e564c9ull},
        {4, 0x9bb64b7d66ee9fdaull},   {7, 0x9a7b149959ce60d8ull},   {8, 0xdab99d95c6f90092ull},
        {11, 0x7a52cc9457cf1a1full},  {31, 0xa2aa5f33cc4a6119ull},  {32, 0x23c3c17ef790fd97ull},
        {33, 0x50a7cfc7ba588784ull},  {63, 0x5e3e54b431c7493cull},  {64, 0x0eb64b3ef6eeb01full},
        {100, 0xa61f8d4c170fe531ull}, {1000, 0x5f235fa033f1a3fbull}};
    unsigned char data[1000];
    (void)state;

    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (unsigned char)((i * 7 + 3) % 256);
    }
    assert_int_equal(pack_checksum("abc", 3), 0x44bc2cf5ad770999ull);
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        struct pack_checksum sum;
        assert_int_equal(pack_checksum(data, want[k].n), want[k].sum);
        pack_checksum_init(&sum);
        for (size_t at = 0, step = 1; at < want[k].n; at += step, step = step % 13 + 5) {
            pack_checksum_update(&sum, data + at, want[k].n - at < step ? want[k].n - at : step);
        }
        assert_int_equal(pack_checksum_final(&sum), want[k].sum);
    }
}

/* "off" and an empty value turn it off; a directory that cannot be made is no error. */
static void
no_cache_when_off_or_when_the_directory_cannot_be_made(void **state)
{
    struct fixture *f = *state;
    char path[700], blocker[600];
    FILE *fp;

    assert_int_equal(setenv("VEIL_CACHE_DIR", "off", 1), 0);
    scrub_rules_free(load_small());
    assert_int_equal(setenv("VEIL_CACHE_DIR", "", 1), 0);
    scrub_rules_free(load_small());
    assert_false(cache_file(f->dir, path, sizeof(path)));
    /* a file where the directory should be */
    (void)snprintf(blocker, sizeof(blocker), "%s/blocker", f->dir);
    fp = fopen(blocker, "w");
    assert_non_null(fp);
    assert_int_equal(fclose(fp), 0);
    (void)snprintf(path, sizeof(path), "%s/sub", blocker);
    assert_int_equal(setenv("VEIL_CACHE_DIR", path, 1), 0);
    scrub_rules_free(load_small());
    assert_false(cache_file(f->dir, path, sizeof(path)));
}

/* Unset, the library keeps no cache; the veil command's default is ~/.cache/veil. */
static void
the_default_is_no_cache_until_asked_then_the_home_cache(void **state)
{
    struct fixture *f = *state;
    char path[700];
    const char *home = getenv("HOME"), *xdg = getenv("XDG_CACHE_HOME");
    char *saved_home = home ? strdup(home) : NULL, *saved_xdg = xdg ? strdup(xdg) : NULL;
    struct stat st;

    assert_int_equal(unsetenv("VEIL_CACHE_DIR"), 0);
    assert_int_equal(unsetenv("XDG_CACHE_HOME"), 0);
    assert_int_equal(setenv("HOME", f->dir, 1), 0);
    scrub_rules_free(load_small());
    (void)snprintf(path, sizeof(path), "%s/.cache/veil", f->dir);
    assert_int_not_equal(stat(path, &st), 0);
    scrub_rules_cache_by_default(true);
    scrub_rules_free(load_small());
    scrub_rules_cache_by_default(false);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    char file[800];
    assert_true(cache_file(path, file, sizeof(file)));
    assert_int_equal(unlink(file), 0);
    assert_int_equal(rmdir(path), 0);
    (void)snprintf(path, sizeof(path), "%s/.cache", f->dir);
    assert_int_equal(rmdir(path), 0);
    if (saved_home) {
        assert_int_equal(setenv("HOME", saved_home, 1), 0);
    }
    if (saved_xdg) {
        assert_int_equal(setenv("XDG_CACHE_HOME", saved_xdg, 1), 0);
    }
    free(saved_home);
    free(saved_xdg);
}

/* A gate's literals read back from the cache are one allocation; growing or deduplicating such a
 * set gives each literal its own first, so the set stays whole and frees cleanly (ASan). */
static void
a_pooled_literal_set_reads_grows_and_frees_like_any_other(void **state)
{
    const unsigned char *src[] = {(const unsigned char *)"alphaXX", (const unsigned char *)"beta",
                                  (const unsigned char *)"beta"};
    const size_t lens[] = {5, 4, 4};
    struct literal_set s;

    (void)state;
    literal_set_pool(&s, 3, src, lens);
    assert_true(s.pooled);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0], "alpha");
    assert_string_equal(s.v[2], "beta");
    literal_set_append(&s, "gamma");
    assert_false(s.pooled);
    literal_set_unique(&s);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0], "alpha");
    assert_string_equal(s.v[1], "beta");
    assert_string_equal(s.v[2], "gamma");
    literal_set_release(&s);
    literal_set_pool(&s, 0, NULL, NULL);
    assert_int_equal(s.n, 0);
    literal_set_release(&s);
    assert_null(s.v);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(warm_and_cold_loads_give_the_same_rule_set_as_no_cache,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_warm_load_does_not_rewrite_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(a_damaged_cache_file_is_ignored_and_rewritten, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            a_warm_load_reads_the_trigger_index_back_instead_of_building_it, setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_trigger_entry_that_does_not_read_back_is_built_again_and_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(no_cache_when_off_or_when_the_directory_cannot_be_made,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_default_is_no_cache_until_asked_then_the_home_cache,
                                        setup, teardown),
        cmocka_unit_test(a_pooled_literal_set_reads_grows_and_frees_like_any_other),
        cmocka_unit_test(the_executable_is_known_by_its_build_id),
        cmocka_unit_test(the_file_checksum_is_xxh64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
