/* The detection and redaction engine through its public API (scrub/scrub.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/engine_internal.h" /* white-box: the subject cache */
#include "scrub/rules_internal.h"  /* white-box: the JIT state of a loaded pattern */
#include "scrub/scrub.h"
#include "tests/test_scrub_helpers.h"

#include "common/banned.h"

#define FIXTURES "tests/fixtures/engine/"

/* Load must fail; returns the message with the temp path replaced by "PACK". */
static void
load_error(const char *yaml, char *msg, size_t cap, enum err_kind *kind)
{
    char path[64];
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    size_t n;

    temp_pack(yaml, path);
    assert_int_equal(scrub_rules_load(&rs, path, &err), -1);
    assert_null(rs);
    unlink(path);
    n = strlen(path);
    assert_memory_equal(err.msg, path, n);
    (void)snprintf(msg, cap, "PACK%s", err.msg + n);
    *kind = err.kind;
}

/* detect + redact with opts; returns a malloc'd string. */
static char *
scrub_str(const struct scrub_rules *rs, const struct scrub_engine_opts *opts, const char *text,
          bool *drop)
{
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, opts, &err);
    struct scrub_findings f;
    struct buf out;
    bool dropped = false;

    assert_non_null(e);
    scrub_findings_init(&f);
    buf_init(&out, BUF_NO_MAX);
    if (scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err) < 0 ||
        scrub_engine_redact(e, (const unsigned char *)text, strlen(text), &f, &out, &dropped,
                            &err) < 0) {
        fail_msg("scrub failed: %s", err.msg);
    }
    if (drop) {
        *drop = dropped;
    }
    assert_non_null(buf_putc(&out, '\0', &err) == 0 ? out.data : NULL);
    scrub_findings_release(&f);
    scrub_engine_free(e);
    return (char *)buf_detach(&out, NULL);
}

static void
assert_scrub(const struct scrub_rules *rs, const struct scrub_engine_opts *opts, const char *text,
             const char *want)
{
    char *got = scrub_str(rs, opts, text, NULL);

    assert_string_equal(got, want);
    free(got);
}

static struct scrub_rules *
load_fixture(const char *name)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    if (scrub_rules_load(&rs, name, &err) < 0) {
        fail_msg("load %s failed: %s", name, err.msg);
    }
    return rs;
}

/* ---- loader ---- */

static void
loader_names_file_line_rule_and_offset_for_a_bad_regex(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n"
               "  - name: broken\n"
               "    supported_entity: X\n"
               "    patterns:\n"
               "      - name: p\n"
               "        regex: 'ab(c'\n"
               "        score: 0.5\n",
               msg, sizeof(msg), &kind);
    assert_int_equal(kind, ERR_PARSE);
    assert_string_equal(msg, "PACK:6: rule 'broken': pattern does not compile: missing closing "
                             "parenthesis at offset 4");
}

static void
loader_names_the_line_of_invalid_yaml(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n  - name: a\n    patterns: [unclosed\n", msg, sizeof(msg), &kind);
    assert_int_equal(kind, ERR_PARSE);
    assert_non_null(strstr(msg, "PACK:4: invalid YAML: "));
}

static void
loader_rejects_an_unknown_key_naming_rule_and_line(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n"
               "  - name: typo\n"
               "    supported_entity: X\n"
               "    contxt: [a]\n"
               "    patterns: [{name: p, regex: 'x', score: 0.5}]\n",
               msg, sizeof(msg), &kind);
    assert_string_equal(msg, "PACK:4: rule 'typo': unknown key 'contxt'");
}

static void
loader_rejects_an_unknown_validator(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n"
               "  - name: v\n"
               "    supported_entity: X\n"
               "    validator: luhnn\n"
               "    patterns: [{name: p, regex: 'x', score: 0.5}]\n",
               msg, sizeof(msg), &kind);
    assert_string_equal(msg, "PACK:4: rule 'v': unknown validator 'luhnn'");
}

static void
loader_rejects_a_score_out_of_range(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n"
               "  - name: s\n"
               "    supported_entity: X\n"
               "    patterns: [{name: p, regex: 'x', score: 1.5}]\n",
               msg, sizeof(msg), &kind);
    assert_string_equal(msg, "PACK:4: rule 's': key 'patterns.score': expected a number from 0 "
                             "to 1");
}

static void
loader_rejects_a_duplicate_rule_name(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n"
               "  - {name: d, supported_entity: X, deny_list: [a]}\n"
               "  - {name: d, supported_entity: Y, deny_list: [b]}\n",
               msg, sizeof(msg), &kind);
    assert_non_null(strstr(msg, "PACK:3: rule 'd': name already used by "));
}

static void
presidio_recognizer_file_loads_unchanged(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "presidio.yaml");

    (void)state;
    assert_int_equal(scrub_rules_count(rs), 2);
    /* Deny lists are case-insensitive whole words, as in Presidio; "Dr." keeps its dot. */
    assert_detect(rs, "ask Dr. Smith or mrs. Jones; Drive on", "TITLE:4-7 TITLE:17-21");
    scrub_rules_free(rs);
}

static void
directory_loads_packs_in_name_order_and_loads_accumulate(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    char one[65], two[65];

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, FIXTURES "dir", &err), 0);
    assert_int_equal(scrub_rules_count(rs), 2);
    scrub_rules_digest(rs, one);
    assert_int_equal(scrub_rules_load(&rs, FIXTURES "presidio.yaml", &err), 0);
    assert_int_equal(scrub_rules_count(rs), 4);
    scrub_rules_digest(rs, two);
    assert_int_equal(strlen(one), 64);
    assert_string_not_equal(one, two);
    assert_detect(rs, "mail a@b.org from 10.0.0.1 to Mr. X",
                  "EMAIL:5-12 IP_ADDRESS:18-26 "
                  "TITLE:30-33");
    scrub_rules_free(rs);
}

static void
failed_load_leaves_the_rule_set_unchanged(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "dir");
    struct err err = {ERR_NONE, ""};
    char before[65], after[65], path[64];

    (void)state;
    scrub_rules_digest(rs, before);
    temp_pack("recognizers:\n  - {name: z, supported_entity: Z, deny_list: [z]}\n"
              "  - {name: bad, supported_entity: Y, patterns: [{name: p, regex: '(', "
              "score: 1}]}\n",
              path);
    assert_int_equal(scrub_rules_load(&rs, path, &err), -1);
    unlink(path);
    assert_non_null(rs);
    assert_int_equal(scrub_rules_count(rs), 2);
    scrub_rules_digest(rs, after);
    assert_string_equal(before, after);
    scrub_rules_free(rs);
}

/*
 * Several packs loaded at once, compiled on threads, make the same rule set as packs loaded one
 * by one (digest, findings, warnings), and a bad pack among them adds none of them.
 */
static void
packs_loaded_together_on_threads_equal_packs_loaded_one_by_one(void **state)
{
    static const char *const paths[] = {FIXTURES "dir", FIXTURES "presidio.yaml", "rules/warnings"};
    static const char *const texts[] = {"write to jane.doe@mail.org, card 4111 1111 1111 1111",
                                        "how do I steal a car and kill the driver",
                                        "\xe2\x80\x9c"
                                        "Alice\xe2\x80\x9d said no"};
    struct scrub_rules *one = NULL, *many = NULL;
    struct err err = {ERR_NONE, ""};
    char a[65], b[65], good[64], bad[64];
    const char *with_bad[] = {good, bad};

    (void)state;
    for (size_t i = 0; i < 3; i++) {
        if (scrub_rules_load(&one, paths[i], &err) < 0) {
            fail_msg("%s: %s", paths[i], err.msg);
        }
    }
    assert_int_equal(scrub_rules_load_many(&many, paths, 3, 4, &err), 0);
    scrub_rules_digest(one, a);
    scrub_rules_digest(many, b);
    assert_string_equal(a, b);
    for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        struct scrub_engine *x = scrub_engine_new(one, NULL, &err);
        struct scrub_engine *y = scrub_engine_new(many, NULL, &err);
        char fx[512], fy[512];
        uint64_t wx = 0, wy = 0;
        detect_str(x, texts[t], fx, sizeof(fx));
        detect_str(y, texts[t], fy, sizeof(fy));
        assert_string_equal(fx, fy);
        assert_int_equal(
            scrub_engine_warnings(x, (const unsigned char *)texts[t], strlen(texts[t]), &wx, &err),
            0);
        assert_int_equal(
            scrub_engine_warnings(y, (const unsigned char *)texts[t], strlen(texts[t]), &wy, &err),
            0);
        assert_int_equal(wx, wy);
        scrub_engine_free(x);
        scrub_engine_free(y);
    }
    temp_pack("recognizers:\n  - {name: fine, supported_entity: Z, deny_list: [zz]}\n", good);
    temp_pack("recognizers:\n  - {name: bad, supported_entity: Y, patterns: [{name: p, regex: "
              "'(', score: 1}]}\n",
              bad);
    size_t before = scrub_rules_count(many);
    assert_int_equal(scrub_rules_load_many(&many, with_bad, 2, 2, &err), -1);
    unlink(good);
    unlink(bad);
    assert_int_equal(scrub_rules_count(many), before);
    scrub_rules_digest(many, b);
    assert_string_equal(a, b);
    scrub_rules_free(one);
    scrub_rules_free(many);
}

static size_t
jit_size_of(const pcre2_code *code)
{
    size_t size = 0;

    (void)pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size);
    return size;
}

/*
 * A pattern runs in PCRE2's interpreter until that has cost it about what compiling it would
 * (jit_after_ns), then as JIT code, with the same answers; a search over a long subject compiles
 * it at once; one that never runs is never compiled.
 */
static void
patterns_are_jit_compiled_once_worth_it_with_the_same_answers(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: mail\n"
                                       "    supported_entity: EMAIL\n"
                                       "    patterns: [{name: p, regex: '\\w+@\\w+\\.org', "
                                       "score: 1}]\n"
                                       "  - name: ticket\n"
                                       "    supported_entity: TICKET\n"
                                       "    patterns: [{name: p, regex: 'TK-\\d{6}', score: 1}]\n"
                                       "  - name: code\n"
                                       "    supported_entity: CODE\n"
                                       "    patterns: [{name: p, regex: 'QX\\d{4}', score: 1}]\n");
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    const struct rule_pattern *mail = &rs->rules[0].patterns[0];
    const struct rule_pattern *ticket = &rs->rules[1].patterns[0];
    const struct rule_pattern *code = &rs->rules[2].patterns[0];
    bool jit = !getenv("VEIL_NO_JIT");
    char got[128];
    char long_text[2 * JIT_INTERPRET_SPAN_MAX];
    size_t calls = 0;

    (void)state;
    assert_non_null(e);
    do {
        detect_str(e, "write to a@b.org or c@d.org", got, sizeof(got));
        assert_string_equal(got, "EMAIL:9-16 EMAIL:20-27");
        if (calls++ == 0) {
            /* interpreted so far, unless its first call already cost what compiling it does
             * (a slow machine or a sanitizer build) */
            assert_true(jit_size_of(mail->code_ascii) == 0 ||
                        jit_interpreted_ns(rs->jit, mail->code_ascii) >=
                            jit_after_ns(rs->jit, mail->code_ascii));
        }
    } while (jit && jit_size_of(mail->code_ascii) == 0 && calls < 10000000);
    assert_true(!jit || jit_size_of(mail->code_ascii) > 0);
    assert_int_equal(jit_size_of(ticket->code_ascii), 0); /* its prefilter ("TK-") never passed */
    assert_int_equal(jit_size_of(ticket->code), 0);
    detect_str(e, "ticket TK-123456", got, sizeof(got));
    assert_string_equal(got, "TICKET:7-16");
    memset(long_text, '.', sizeof(long_text));
    memcpy(long_text + JIT_INTERPRET_SPAN_MAX, "QX1234", 6);
    assert_int_equal(engine_match(e, code->code_ascii, (const unsigned char *)long_text,
                                  sizeof(long_text), 0, "code", &err),
                     1);
    assert_true(!jit || jit_size_of(code->code_ascii) > 0); /* one long search */
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

/*
 * A regex is interpreted for about as long as compiling it would take, judged from its size: a
 * short one is compiled after a fraction of JIT_AFTER_INTERPRETED_NS, a long alternation later,
 * and none later than JIT_AFTER_INTERPRETED_NS.
 */
static void
a_regex_is_interpreted_no_longer_than_compiling_it_costs(void **state)
{
    static const char *const words[] = {"alpha",   "bravo", "charlie", "delta", "echo",
                                        "foxtrot", "golf",  "hotel",   "india", "juliet"};
    char pack[8192];
    size_t n = 0;

    (void)state;
    if (getenv("VEIL_NO_JIT") && *getenv("VEIL_NO_JIT") && strcmp(getenv("VEIL_NO_JIT"), "0")) {
        skip(); /* no JIT table: nothing is ever compiled */
    }
    n += (size_t)snprintf(pack + n, sizeof(pack) - n,
                          "recognizers:\n"
                          "  - name: short\n"
                          "    supported_entity: CODE\n"
                          "    patterns: [{name: p, regex: 'QX\\d{4}', score: 1}]\n"
                          "  - name: long\n"
                          "    supported_entity: WORD\n"
                          "    patterns: [{name: p, regex: '\\b(?:");
    for (size_t i = 0; i < 200; i++) {
        n +=
            (size_t)snprintf(pack + n, sizeof(pack) - n, "%s%s%zu", i ? "|" : "", words[i % 10], i);
    }
    n += (size_t)snprintf(pack + n, sizeof(pack) - n, ")\\b', score: 1}]\n");
    assert_true(n < sizeof(pack));
    struct scrub_rules *rs = load_yaml(pack);
    uint64_t short_ns = jit_after_ns(rs->jit, rs->rules[0].patterns[0].code_ascii);
    uint64_t long_ns = jit_after_ns(rs->jit, rs->rules[1].patterns[0].code_ascii);

    assert_true(short_ns > 0);
    assert_true(short_ns < JIT_AFTER_INTERPRETED_NS / 4);
    assert_true(long_ns > short_ns);
    assert_true(long_ns <= JIT_AFTER_INTERPRETED_NS);
    scrub_rules_free(rs);
}

/*
 * With patterns compiled on helper threads, a load still stops at the first error in pack order:
 * a bad regex in a rule before a malformed rule is the error reported, as on one thread, and a
 * disabled rule is compiled (and checked) before it is dropped.
 */
static void
threaded_load_reports_the_first_error_in_pack_order(void **state)
{
    static const char *const packs[] = {
        "recognizers:\n"
        "  - {name: fine, supported_entity: A, patterns: [{name: p, regex: 'a+b', score: 1}]}\n"
        "  - {name: broken, supported_entity: B, patterns: [{name: p, regex: 'x(', score: 1}]}\n"
        "  - {name: later, supported_entity: C, bogus_key: 1, deny_list: [zz]}\n",
        "recognizers:\n"
        "  - {name: off, supported_entity: D, enabled: false,\n"
        "     patterns: [{name: p, regex: 'ok', score: 1}, {name: q, regex: '[', score: 1}]}\n",
        "recognizers:\n"
        "  - {name: off, supported_entity: D, enabled: false, deny_list: [x, y],\n"
        "     patterns: [{name: p, regex: 'ok', score: 1}]}\n"
        "  - {name: on, supported_entity: E, patterns: [{name: p, regex: 'e\\d', score: 1}]}\n",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(packs) / sizeof(packs[0]); i++) {
        char path[64], one_msg[sizeof(((struct err *)0)->msg)];
        const char *const list[] = {path};
        struct scrub_rules *one = NULL, *two = NULL;
        struct err err = {ERR_NONE, ""};
        int rc_one, rc_two;

        temp_pack(packs[i], path);
        rc_one = scrub_rules_load_many(&one, list, 1, 1, &err);
        memcpy(one_msg, err.msg, sizeof(one_msg));
        err_clear(&err);
        rc_two = scrub_rules_load_many(&two, list, 1, 3, &err);
        unlink(path);
        assert_int_equal(rc_one, rc_two);
        assert_string_equal(one_msg, err.msg);
        if (i == 0) {
            assert_non_null(strstr(err.msg, "rule 'broken': pattern does not compile"));
        } else if (i == 1) {
            assert_non_null(strstr(err.msg, "rule 'off': pattern does not compile"));
        } else {
            assert_int_equal(rc_two, 0);
            assert_int_equal(scrub_rules_count(two), 1);
        }
        scrub_rules_free(one);
        scrub_rules_free(two);
    }
}

/* ---- scoring ---- */

static const char weak_number_pack[] = "recognizers:\n"
                                       "  - name: acct\n"
                                       "    supported_entity: ACCOUNT\n"
                                       "    patterns: [{name: nine, regex: '\\b\\d{9}\\b', "
                                       "score: 0.3}]\n"
                                       "    context: [account]\n"
                                       "    context_window: 24\n";

static void
context_word_near_a_weak_candidate_keeps_it(void **state)
{
    struct scrub_rules *rs = load_yaml(weak_number_pack);

    (void)state;
    assert_detect(rs, "Accounts: 123456789", "ACCOUNT:10-19");
    assert_detect(rs, "123456789 is my account", "ACCOUNT:0-9");
    scrub_rules_free(rs);
}

static void
weak_candidate_without_context_is_dropped(void **state)
{
    struct scrub_rules *rs = load_yaml(weak_number_pack);

    (void)state;
    assert_detect(rs, "the number 123456789 appeared", "");
    /* Context farther away than context_window does not count. */
    assert_detect(rs, "account ........................... 123456789", "");
    scrub_rules_free(rs);
}

static void
a_finding_ends_where_its_word_and_invisible_marks_end(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: cap\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: word, regex: '\\b[A-Z][a-z]+', "
                                       "score: 0.9}]\n");

    (void)state;
    /* leetspeak and odd case stay inside the finding; punctuation ends it */
    assert_detect(rs, "hi Clar4 ok", "PERSON:3-8");
    assert_detect(rs, "hi JoNaS ok", "PERSON:3-8");
    assert_detect(rs, "hi Ana, ok", "PERSON:3-6");
    /* invisible characters at either end go with it: a zero-width space, a bidi embedding */
    assert_detect(rs,
                  "hi \xe2\x80\x8b"
                  "Ana ok",
                  "PERSON:3-9");
    assert_detect(rs,
                  "hi \xe2\x80\xab"
                  "Ana\xe2\x80\xac ok",
                  "PERSON:3-12");
    scrub_rules_free(rs);
}

static void
context_word_in_disguise_counts_as_the_word(void **state)
{
    struct scrub_rules *rs = load_yaml(weak_number_pack);

    (void)state;
    /* full-width, a zero-width space inside, a Cyrillic 'а': the view reads "account" */
    assert_detect(rs,
                  "\xef\xbd\x81"
                  "ccount 123456789",
                  "ACCOUNT:10-19");
    assert_detect(rs,
                  "acc\xe2\x80\x8b"
                  "ount 123456789",
                  "ACCOUNT:11-20");
    assert_detect(rs,
                  "\xd0\xb0"
                  "ccount: 123456789",
                  "ACCOUNT:10-19");
    /* a context word followed by a digit is another word */
    assert_detect(rs, "account2 123456789", "");
    scrub_rules_free(rs);
}

static void
context_word_typed_as_leetspeak_or_an_acronym_counts(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: ssn\n"
                                       "    supported_entity: US_SSN\n"
                                       "    patterns: [{name: nine, regex: '\\b\\d{9}\\b', "
                                       "score: 0.3}]\n"
                                       "    context: [ssn, social, soc sec]\n"
                                       "    context_window: 24\n");

    (void)state;
    /* digits and signs for letters, a letter left among them */
    assert_detect(rs, "my 55N: 531241001", "US_SSN:8-17");
    assert_detect(rs, "the 50c1al 531241001", "US_SSN:11-20");
    assert_detect(rs, "my 50c 5ec: 531241001", "US_SSN:12-21");
    assert_detect(rs, "my 55n2 531241001", "");
    /* an acronym of two to four letters with a dot or hyphen after each */
    assert_detect(rs, "S.S.N.: 531241001", "US_SSN:8-17");
    assert_detect(rs, "S. S. N. 531241001", "US_SSN:9-18");
    assert_detect(rs, "531241001 (S-S-N)", "US_SSN:0-9");
    assert_detect(rs, "S.S.R. 531241001", "");
    scrub_rules_free(rs);
}

static void
context_window_counts_a_disguised_letter_as_one_byte(void **state)
{
    struct scrub_rules *rs = load_yaml(weak_number_pack);

    (void)state;
    /* mathematical bold "account" (28 bytes) and 16 bytes to the number: as near as it reads */
    assert_detect(rs,
                  "\xf0\x9d\x90\x9a\xf0\x9d\x90\x9c\xf0\x9d\x90\x9c\xf0\x9d\x90\xa8"
                  "\xf0\x9d\x90\xae\xf0\x9d\x90\xa7\xf0\x9d\x90\xad of the firm is 123456789",
                  "ACCOUNT:44-53");
    /* a curly quote costs its three bytes: 25 bytes from the word, though 23 once read */
    assert_detect(rs, "account\xe2\x80\x99s data sits at 123456789", "");
    scrub_rules_free(rs);
}

static void
context_window_does_not_count_other_findings(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: acct\n"
                                       "    supported_entity: ACCOUNT\n"
                                       "    patterns: [{name: nine, regex: '\\b\\d{9}\\b', "
                                       "score: 0.3}]\n"
                                       "    context: [account]\n"
                                       "    context_window: 10\n"
                                       "  - name: email\n"
                                       "    supported_entity: EMAIL\n"
                                       "    patterns: [{name: e, regex: '\\S+@\\S+\\.com', "
                                       "score: 0.9}]\n");
    char *once, *twice;

    (void)state;
    /* The e-mail between the word and the number counts as nothing, before and after. */
    assert_detect(rs, "account a.long.address@example.com 123456789", "EMAIL:8-34 ACCOUNT:35-44");
    once = scrub_str(rs, NULL, "account a.long.address@example.com 123456789; 987654321", NULL);
    assert_string_equal(once, "account [EMAIL] [ACCOUNT]; [ACCOUNT]");
    twice = scrub_str(rs, NULL, once, NULL);
    assert_string_equal(once, twice);
    free(once);
    free(twice);
    /* A context word inside another finding does not count. */
    assert_detect(rs, "x account@example.com 123456789", "EMAIL:2-21");
    scrub_rules_free(rs);
}

/* The findings of a fresh engine on text (of entity, unless NULL). */
static size_t
count_findings(const struct scrub_rules *rs, const char *text, const char *entity)
{
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_findings f;
    size_t n = 0;

    assert_non_null(e);
    scrub_findings_init(&f);
    assert_int_equal(scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err),
                     0);
    for (size_t i = 0; i < f.n; i++) {
        n += !entity || !strcmp(f.v[i].entity, entity);
    }
    scrub_findings_release(&f);
    scrub_engine_free(e);
    return n;
}

/*
 * The window steps over findings however many stand end to end, in the text and in its view
 * (a non-ASCII text), and the search for a context word steps over them too rather than reading
 * them: a cue before thousands of e-mail addresses counts, one inside them does not.
 */
static void
context_search_steps_over_findings_end_to_end(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: acct\n"
                                       "    supported_entity: ACCOUNT\n"
                                       "    patterns: [{name: nine, regex: '\\b\\d{9}\\b', "
                                       "score: 0.3}]\n"
                                       "    context: [account]\n"
                                       "    context_window: 10\n"
                                       "  - name: email\n"
                                       "    supported_entity: EMAIL\n"
                                       "    patterns: [{name: e, regex: '[a-z0-9.]+@[a-z]+\\.com', "
                                       "score: 0.9}]\n");
    static const char *const heads[] = {"account", "x account@example.com", "caf\xc3\xa9 account",
                                        "caf\xc3\xa9 x account@example.com"};
    size_t cap = 128 * 1024;
    char *text = xmalloc(cap);

    (void)state;
    for (size_t h = 0; h < 4; h++) {
        size_t used = (size_t)snprintf(text, cap, "%s", heads[h]);
        for (size_t i = 0; i < 3000; i++) {
            used += (size_t)snprintf(text + used, cap - used, " u%zu@example.com", i);
        }
        used += (size_t)snprintf(text + used, cap - used, " 123456789");
        assert_true(used < cap);
        /* the number only when the cue stands before the e-mails, not inside one */
        assert_int_equal(count_findings(rs, text, "ACCOUNT"), h % 2 == 0);
    }
    free(text);
    scrub_rules_free(rs);
}

static const char public_role_pack[] = "recognizers:\n"
                                       "  - name: two_words\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: w, regex: '\\b[A-Z][a-z]+ "
                                       "[A-Z][a-z]+\\b', score: 0.8}]\n"
                                       "    context_not: [actress, news anchor, ', the ceo', "
                                       "\"'s album\", king]\n"
                                       "    context_not_gap: true\n"
                                       "    context_not_window: [2, 0]\n"
                                       "  - name: title\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: t, regex: '(?<=Mr\\. )[A-Z][a-z]+', "
                                       "score: 0.8}]\n";

static void
context_not_word_next_to_a_candidate_drops_it(void **state)
{
    struct scrub_rules *rs = load_yaml(public_role_pack);

    (void)state;
    assert_detect(rs, "the actress Ann Lee", "");
    assert_detect(rs, "CNN news  anchor Ann Lee", ""); /* a phrase: any blanks between */
    assert_detect(rs, "ask Ann Lee, the CEO of it", "");
    assert_detect(rs, "Ann Lee's album", "");
    assert_detect(rs, "ACTRESS Ann Lee", ""); /* any case */
    scrub_rules_free(rs);
}

static void
context_not_gap_counts_the_gap_and_whole_words_only(void **state)
{
    struct scrub_rules *rs = load_yaml(public_role_pack);

    (void)state;
    /* more than the window's 2 bytes between the word and the name */
    assert_detect(rs, "an actress named Ann Lee", "PERSON:17-24");
    /* after the name, the word must start right after it (a window of 0) */
    assert_detect(rs, "Ann Lee is an actress", "PERSON:0-7");
    assert_detect(rs, "Ann Lee is the CEO", "PERSON:0-7");
    /* whole words: "kingdom" is not "king" */
    assert_detect(rs, "the kingdom Ann Lee", "PERSON:12-19");
    /* the word on another line or in another cell is not near: a CSV row's last cell */
    assert_detect(rs, "king\nAnn Lee", "PERSON:5-12");
    assert_detect(rs, "king\tAnn Lee", "PERSON:5-12");
    assert_detect(rs, "king|Ann Lee", "PERSON:5-12");
    assert_detect(rs, "king Ann Lee", "");
    scrub_rules_free(rs);
}

/*
 * The search for a gap clause's word before a candidate starts only a word's widest match back
 * from where the word may end, measured on the stretch searched: a word as wide as its blank
 * runs, its '*' ending or its caseless non-ASCII letters make it still drops the candidate.
 */
static void
context_not_gap_finds_a_word_at_its_widest(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: two_words\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: w, regex: '\\b[A-Z][a-z]+ "
                                       "[A-Z][a-z]+\\b', score: 0.8}]\n"
                                       "    context_not: [news anchor, sing*, king]\n"
                                       "    context_not_gap: true\n"
                                       "    context_not_window: [2, 0]\n");

    (void)state;
    assert_detect(rs, "news                                  anchor Ann Lee", "");
    assert_detect(rs, "singersongwriterextraordinaireofthecentury Ann Lee", "");
    assert_detect(rs, "the \xe2\x84\xaaING Ann Lee", ""); /* KELVIN SIGN, a 'k' caseless */
    /* wider than NOT_WORD_MAX back: the search never reached it, and still does not */
    assert_detect(rs,
                  "news                                                                        "
                  "                               anchor Ann Lee",
                  "PERSON:114-121");
    scrub_rules_free(rs);
}

/*
 * The width of a word list read from its words is never less than literals_width reads from its
 * regex, whatever the runs of the text.
 */
static void
a_word_list_width_bounds_its_regex_width(void **state)
{
    static const char *const lists[][4] = {
        {"actress", "news anchor", ", the ceo", "'s album"},
        {"sing*", "king", "life and  work of", "x"},
        {"\xc3\xa9"
         "crivain",
         "pr\xc3\xa9sident*", "a.b", "(c)"},
    };

    (void)state;
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        struct string_list words = {NULL, 0};
        for (size_t i = 0; i < 4; i++) {
            string_list_push(&words, lists[l][i], strlen(lists[l][i]));
        }
        char *src = rules_words_regex(&words, true);
        struct literal_lead parsed = literals_width(src), listed = rules_words_width(&words, true);
        assert_true(parsed.bytes != LITERALS_NO_LEAD);
        for (size_t c = 1; c <= LITERALS_CHAR_BYTES_MAX; c += 3) {
            for (size_t run = 0; run < 40; run += 13) {
                assert_true(literals_lead_bytes(listed, c, run, run + 1, run + 2) >=
                            literals_lead_bytes(parsed, c, run, run + 1, run + 2));
            }
        }
        free(src);
        string_list_release(&words);
    }
}

/* The bytes a match of a given width spans in a stretch, from that stretch's runs. */
static void
a_width_in_bytes_comes_from_the_runs_of_the_stretch(void **state)
{
    const struct literal_lead w = {3, 2, 1, 1, 1}; /* 3 bytes, 2 chars, a run of each kind */
    const char *ascii = "ab  cd\t\t\tefgh ij";     /* blanks 3, spaces 3, words 4 */

    (void)state;
    assert_int_equal(subject_width_bytes(w, (const unsigned char *)ascii, strlen(ascii)),
                     3 + 2 + 3 + 3 + 4);
    /* a byte >= 0x80: a character is up to four bytes; it is a word byte, and a continuation
     * byte may be white space */
    assert_int_equal(subject_width_bytes(w, (const unsigned char *)"ab \xc3\xa9", 5),
                     3 + 2 * LITERALS_CHAR_BYTES_MAX + 1 + 1 + 2);
    const struct literal_lead none = {LITERALS_NO_LEAD, 0, 0, 0, 0};
    assert_int_equal(subject_width_bytes(none, (const unsigned char *)"ab", 2), SIZE_MAX);
}

static void
a_name_dropped_by_context_not_gap_goes_where_it_recurs(void **state)
{
    struct scrub_rules *rs = load_yaml(public_role_pack);

    (void)state;
    /* the same name, and its last word alone (another rule's), in the same text */
    assert_detect(rs, "actress Ann Lee. Where does Ann Lee live? ask Mr. Lee", "");
    /* another name stays */
    assert_detect(rs, "actress Ann Lee met Bob Ray", "PERSON:20-27");

    scrub_rules_free(rs);
}

static void
a_longer_name_ending_in_a_dropped_one_goes_too(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: after_role\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: r, regex: '(?<=actress )[A-Z][a-z]+"
                                       "(?: [A-Z][a-z]+)?', score: 0.8}]\n"
                                       "    context_not: [actress]\n"
                                       "    context_not_gap: true\n"
                                       "    context_not_window: [2, 0]\n"
                                       "  - name: after_say\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: s, regex: '(?<=say )[A-Z][a-z]+ "
                                       "[A-Z][a-z]+ [A-Z][a-z]+', score: 0.8}]\n");

    (void)state;
    /* "Which Cameron Diaz" after "actress Cameron Diaz" */
    assert_detect(rs, "actress Ann Lee. say Zed Ann Lee", "");
    /* not after a one-word name: "Zed Mae Lee" is someone else than "actress Lee" */
    assert_detect(rs, "actress Lee. say Zed Mae Lee", "PERSON:17-28");
    scrub_rules_free(rs);
}

static void
a_generational_suffix_is_the_names_before_a_public_role(void **state)
{
    struct scrub_rules *rs = load_yaml(public_role_pack);

    (void)state;
    assert_detect(rs, "ask Ann Lee, Jr., the CEO of it", "");
    assert_detect(rs, "ask Ann Lee, III., the CEO of it", "");
    assert_detect(rs, "ask Ann Lee Sr, the CEO of it", "");
    /* a suffix with nothing public after it, or a word that only starts like one, stays */
    assert_detect(rs, "ask Ann Lee, Jr., the cook", "PERSON:4-11");
    assert_detect(rs, "ask Ann Lee, Juniper, the CEO", "PERSON:4-11");
    scrub_rules_free(rs);
}

static void
a_dropped_public_name_goes_where_its_first_word_recurs(void **state)
{
    struct scrub_rules *rs = load_yaml(public_role_pack);

    (void)state;
    /* "Pete" of a search link after "Congress person Pete Sessions" */
    assert_detect(rs, "actress Ann Lee. Where does Mr. Ann live?", "");
    assert_detect(rs, "actress Ann Lee. Where does Mr. Bob live?", "PERSON:32-35");
    scrub_rules_free(rs);
}

static const char public_list_pack[] =
    "recognizers:\n"
    "  - name: two_words\n"
    "    supported_entity: PERSON\n"
    "    patterns: [{name: w, regex: '\\b[A-Z][a-z]+ "
    "[A-Z][a-z]+\\b', score: 0.8}]\n"
    "    allow_list: [Hillary Clinton, Ryan Reynolds, Post Malone,"
    " Mandy Lee, Hans Christian Andersen]\n"
    "  - name: one_word\n"
    "    supported_entity: PERSON\n"
    "    patterns: [{name: o, regex: '(?<=(?:saw|met) )[A-Z][a-z]+\\b', "
    "score: 0.8}]\n"
    "    allow_list: [Hillary Clinton, Ryan Reynolds, Post Malone,"
    " Mandy Lee, Hans Christian Andersen]\n";

static void
a_listed_name_with_a_spelling_slip_is_the_listed_name(void **state)
{
    struct scrub_rules *rs = load_yaml(public_list_pack);

    (void)state;
    assert_detect(rs, "why did Hilary Clinton win", "");   /* a doubled letter once */
    assert_detect(rs, "why did Hillary Clintton win", ""); /* a single one twice */
    assert_detect(rs, "mail Ryan Reynold now", "");        /* the last 's' left off */
    /* a letter changed, or another letter left off, is another person's name */
    assert_detect(rs, "why did Hillary Clifton win", "PERSON:8-23");
    assert_detect(rs, "mail Ryan Reynols now", "PERSON:5-17");
    assert_detect(rs, "mail Ryan Eeynolds now", "PERSON:5-18");
    /* a word of fewer than three letters is too short to tell a slip from another name */
    assert_detect(rs, "mail Mandy Le now", "PERSON:5-13");
    scrub_rules_free(rs);
}

static void
part_of_a_listed_name_the_text_writes_whole_is_no_name(void **state)
{
    struct scrub_rules *rs = load_yaml(public_list_pack);

    (void)state;
    /* "Hillary" where the text names "Hillary Clinton", and "Malone" after "Post" */
    assert_detect(rs, "on Hillary Clinton, I saw Hillary there", "");
    assert_detect(rs, "the rapper Post Malone, I met Malone", "");
    /* two words of a listed name of three ("Hans Christian" of "Hans Christian Andersen") */
    assert_detect(rs, "a tale by Hans Christian Andersen", "");
    assert_detect(rs, "a tale by Hans Christian Berg", "PERSON:10-24");
    /* the word alone, or beside another surname, is someone's */
    assert_detect(rs, "I saw Hillary there", "PERSON:6-13");
    assert_detect(rs, "on Hillary Swank, I saw Hillary there", "PERSON:3-16 PERSON:24-31");
    scrub_rules_free(rs);
}

/*
 * A part's verdict is found once per text for each rule and spelling (finding it reads the
 * whole text) and every repeat shares it: thousands of repeats, or of distinct names, get the
 * verdict each would get alone.
 */
static void
every_repeat_of_a_name_shares_its_verdict_on_being_part_of_a_listed_name(void **state)
{
    struct scrub_rules *rs = load_yaml(public_list_pack);
    size_t cap = 64 * 1024, used;
    char *text = xmalloc(cap);

    (void)state;
    assert_detect(rs, "I saw Hillary, I met Hillary, on Hillary Clinton, I saw Hillary", "");
    assert_detect(rs, "I saw Mandy, I met Mandy, I saw Mandy",
                  "PERSON:6-11 PERSON:19-24 PERSON:32-37");
    used = (size_t)snprintf(text, cap, "on Hillary Clinton.");
    for (size_t i = 0; i < 3000; i++) {
        used += (size_t)snprintf(text + used, cap - used, " I saw Hillary.");
    }
    assert_true(used < cap);
    assert_int_equal(count_findings(rs, text, NULL), 0);
    used = 0;
    for (size_t i = 0; i < 2000; i++) { /* 2,000 distinct names: "Baaa", "Baab", ... */
        used += (size_t)snprintf(text + used, cap - used, " I saw B%c%c%c.", 'a' + (int)(i / 676),
                                 'a' + (int)(i / 26 % 26), 'a' + (int)(i % 26));
    }
    assert_true(used < cap);
    assert_int_equal(count_findings(rs, text, NULL), 2000);
    free(text);
    scrub_rules_free(rs);
}

static const char name_by_phone_pack[] = "recognizers:\n"
                                         "  - name: two_words\n"
                                         "    supported_entity: PERSON\n"
                                         "    patterns: [{name: w, regex: '\\b[A-Z][a-z]+ "
                                         "[A-Z][a-z]+\\b', score: 0.3}]\n"
                                         "    context_entities: [PHONE, STREET_ADDRESS]\n"
                                         "    context_window: 20\n"
                                         "  - name: phone\n"
                                         "    supported_entity: PHONE\n"
                                         "    patterns: [{name: p, regex: '\\+\\d[\\d ]{8,}"
                                         "\\d', score: 0.9}]\n"
                                         "  - name: email\n"
                                         "    supported_entity: EMAIL\n"
                                         "    patterns: [{name: e, regex: '\\S+@\\S+\\.com', "
                                         "score: 0.9}]\n";

static void
name_next_to_a_context_entity_is_kept(void **state)
{
    struct scrub_rules *rs = load_yaml(name_by_phone_pack);

    (void)state;
    assert_detect(rs, "| Ada Byron | +44 20 7946 0000 |", "PERSON:2-11 PHONE:14-30");
    assert_detect(rs, "+44 20 7946 0000, Ada Byron", "PHONE:0-16 PERSON:18-27");
    scrub_rules_free(rs);
}

static void
the_same_name_without_a_context_entity_is_dropped(void **state)
{
    struct scrub_rules *rs = load_yaml(name_by_phone_pack);

    (void)state;
    assert_detect(rs, "| Ada Byron | nothing here |", "");
    /* EMAIL is not among the rule's context_entities. */
    assert_detect(rs, "| Ada Byron | ada@example.com |", "EMAIL:14-29");
    /* A phone beyond context_window does not count. */
    assert_detect(rs, "Ada Byron .......................... +44 20 7946 0000", "PHONE:37-53");
    scrub_rules_free(rs);
}

/* The name rule keeps a name only beside a phone; the phone rule is weak until "tel" is near. */
static const char name_by_weak_phone_pack[] = "recognizers:\n"
                                              "  - name: two_words\n"
                                              "    supported_entity: PERSON\n"
                                              "    patterns: [{name: w, regex: '\\b[A-Z][a-z]+ "
                                              "[A-Z][a-z]+\\b', score: 0.3}]\n"
                                              "    context_entities: [PHONE]\n"
                                              "  - name: weak_phone\n"
                                              "    supported_entity: PHONE\n"
                                              "    patterns: [{name: p, regex: '\\d{4} \\d{4}', "
                                              "score: 0.3}]\n"
                                              "    context: [tel]\n"
                                              "  - name: checked\n"
                                              "    supported_entity: PERSON\n"
                                              "    patterns: [{name: c, regex: 'x', score: 0.3}]\n"
                                              "    context_entities: [PHONE]\n"
                                              "    context: [name]\n";

static void
rules_kept_only_beside_an_entity_run_last_and_only_when_one_is_found(void **state)
{
    struct scrub_rules *rs = load_yaml(name_by_weak_phone_pack);

    (void)state;
    /* the classification: only a rule with nothing but its context entities to lift it */
    assert_true(rs->rule_briefs[0].after_entities);
    assert_false(rs->rule_briefs[1].after_entities);
    assert_false(rs->rule_briefs[2].after_entities); /* context words can lift it too */
    /* a weak phone that its context word lifts still counts for the name beside it */
    assert_detect(rs, "| Ada Byron | tel 7946 0000 |", "PERSON:2-11 PHONE:18-27");
    assert_detect(rs, "| Ada Byron | 7946 0000 |", "");
    scrub_rules_free(rs);
}

static void
context_entity_on_another_line_does_not_count(void **state)
{
    struct scrub_rules *rs = load_yaml(name_by_phone_pack);

    (void)state;
    assert_detect(rs, "Ada Byron\n+44 20 7946 0000", "PHONE:10-26");
    assert_detect(rs, "+44 20 7946 0000\r\nAda Byron", "PHONE:0-16");
    /* the other line breaks the view reads: NEL, LINE and PARAGRAPH SEPARATOR */
    assert_detect(rs, "Ada Byron\xc2\x85+44 20 7946 0000", "PHONE:11-27");
    assert_detect(rs, "Ada Byron\xe2\x80\xa8+44 20 7946 0000", "PHONE:12-28");
    assert_detect(rs,
                  "+44 20 7946 0000\xe2\x80\xa9"
                  "Ada Byron",
                  "PHONE:0-16");
    scrub_rules_free(rs);
}

static void
context_entity_placeholder_counts_as_its_finding(void **state)
{
    struct scrub_rules *rs = load_yaml(name_by_phone_pack);
    char *once, *twice;

    (void)state;
    assert_detect(rs, "| Ada Byron | [PHONE] |", "PERSON:2-11");
    assert_detect(rs, "| Ada Byron | [PHONE_3fa91c2e] |", "PERSON:2-11");
    assert_detect(rs, "| Ada Byron | [EMAIL] |", "");
    once = scrub_str(rs, NULL, "Ada Byron +44 20 7946 0000\nBea Lowe", NULL);
    assert_string_equal(once, "[PERSON] [PHONE]\nBea Lowe");
    twice = scrub_str(rs, NULL, once, NULL);
    assert_string_equal(once, twice);
    free(once);
    free(twice);
    scrub_rules_free(rs);
}

static void
context_entities_must_be_entity_names(void **state)
{
    char msg[600];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n"
               "  - name: w\n"
               "    supported_entity: PERSON\n"
               "    patterns: [{name: w, regex: 'x', score: 0.3}]\n"
               "    context_entities: [PHONE, 'e-mail']\n",
               msg, sizeof(msg), &kind);
    assert_int_equal(kind, ERR_PARSE);
    assert_string_equal(msg, "PACK:5: rule 'w': key 'context_entities': 'e-mail' is not an entity "
                             "name (letters, digits and '_' starting with a letter)");
}

static void
checksum_validator_confirms_and_rejects_candidates(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");

    (void)state;
    assert_detect(rs, "pay 4111 1111 1111 1111 now", "CREDIT_CARD:4-23");
    assert_detect(rs, "pay 4111 1111 1111 1112 now", "");
    scrub_rules_free(rs);
}

static void
allow_list_entry_suppresses_a_candidate(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");

    (void)state;
    assert_detect(rs, "x@example.invalid and y@mail.org", "EMAIL:22-32");
    scrub_rules_free(rs);
}

/*
 * A value a validator accepts is also compared with its separators removed: a published test
 * number on the allow list is an example in any layout; a value of the same shape is not.
 */
static void
allow_list_matches_a_validated_value_in_any_layout(void **state)
{
    struct scrub_rules *rs =
        load_yaml("recognizers:\n"
                  "  - name: card\n"
                  "    supported_entity: CREDIT_CARD\n"
                  "    patterns: [{name: p, regex: '\\b\\d{4}(?:[ ._/-]?\\d{4}){3}\\b', "
                  "score: 0.9}]\n"
                  "    validator: luhn\n"
                  "    allow_list: ['4242424242424242']\n"
                  "  - name: tag\n"
                  "    supported_entity: TAG\n"
                  "    patterns: [{name: p, regex: '<(?<pii>[^>]+)>', score: 0.9}]\n"
                  "    allow_list: [ab]\n");

    (void)state;
    assert_detect(rs, "4242 4242 4242 4242, 4242.4242.4242.4242, 4242_4242_4242_4242", "");
    assert_detect(rs, "4539 1488 0343 6467", "CREDIT_CARD:0-19");
    assert_detect(rs, "<a-b>", "TAG:1-4"); /* no validator: exact entries only */
    scrub_rules_free(rs);
}

/*
 * A value an allow list drops takes the candidates of other entities inside it along: the tail of
 * a documented sample IBAN is no phone number. The same digits elsewhere, or a candidate of the
 * sample's own entity from a rule without the entry, stay.
 */
static void
candidates_inside_an_allowed_value_of_another_entity_are_dropped(void **state)
{
    struct scrub_rules *rs = load_yaml(
        "recognizers:\n"
        "  - name: iban\n"
        "    supported_entity: IBAN\n"
        "    patterns: [{name: p, regex: '\\bNL\\d\\d(?: ?[A-Z0-9]{4}){3}(?: ?\\d{2})?\\b', "
        "score: 0.9}]\n"
        "    allow_list: ['NL91 ABNA 0417 1643 00']\n"
        "  - name: phone\n"
        "    supported_entity: PHONE\n"
        "    patterns: [{name: p, regex: '\\b0\\d{3} \\d{4} \\d{2}\\b', score: 0.9}]\n"
        "  - name: any_iban\n"
        "    supported_entity: IBAN\n"
        "    patterns: [{name: p, regex: 'ABNA \\d{4}', score: 0.9}]\n");

    (void)state;
    assert_detect(rs, "sample: NL91 ABNA 0417 1643 00.", "IBAN:13-22");
    assert_detect(rs, "call 0417 1643 00", "PHONE:5-17");
    assert_detect(rs, "NL91 ABNA 0417 1643 01", "IBAN:0-22");
    scrub_rules_free(rs);
}

/*
 * An allow-list entry suppresses a value equal to it or ending in it right after a byte that is
 * not a letter or digit, ASCII case ignored (other bytes compare exactly), whatever the order
 * and lengths of the entries.
 */
static void
allow_list_matches_values_and_their_endings_ignoring_ascii_case(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: tag\n"
                                       "    supported_entity: TAG\n"
                                       "    patterns: [{name: p, regex: '<(?<pii>[^>]+)>', "
                                       "score: 0.9}]\n"
                                       "    allow_list: [zz top, Zoe, a, \"\xc3\x89mile\", "
                                       "b@x.org, ann lee, Zoey]\n");

    (void)state;
    assert_detect(rs, "<ZOE>", "");
    assert_detect(rs, "<zoey>", "");
    assert_detect(rs, "<mr. zoe>", "");
    assert_detect(rs, "<xZoe>", "TAG:1-5");
    assert_detect(rs, "<Zoe x>", "TAG:1-6");
    assert_detect(rs, "<\xc3\x89MILE>", "");
    assert_detect(rs, "<\xc3\xa9mile>", "TAG:1-7"); /* not the same letter to strncasecmp */
    assert_detect(rs, "<A>", "");
    /* an ending after a hyphen inside a word is part of a compound ("Durand-Gandhi") */
    assert_detect(rs, "<b-a>", "TAG:1-4");
    assert_detect(rs, "<b -a>", "");
    assert_detect(rs, "<ba>", "TAG:1-3");
    assert_detect(rs, "<mail B@X.ORG>", "");
    assert_detect(rs, "<ANN  LEE>", "TAG:1-9");
    assert_detect(rs, "<ZZ TOP>", "");
    /* a generational suffix after a listed name ("Martin Luther King Jr."), not before it */
    assert_detect(rs, "<Ann Lee Jr.>", "");
    assert_detect(rs, "<ann lee, Sr>", "");
    assert_detect(rs, "<Zoe III>", "");
    assert_detect(rs, "<Jr. Zoe x>", "TAG:1-10");
    assert_detect(rs, "<Zoe Jrx>", "TAG:1-8");
    scrub_rules_free(rs);
}

/* ---- overlaps and spans ---- */

static void
overlapping_candidates_resolve_to_the_longest_span(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: short\n"
                                       "    supported_entity: SHORT\n"
                                       "    patterns: [{name: p, regex: 'AB12', score: 0.9}]\n"
                                       "  - name: long\n"
                                       "    supported_entity: LONG\n"
                                       "    patterns: [{name: p, regex: 'AB12CD34', score: 0.6}]\n"
                                       "  - name: tail\n"
                                       "    supported_entity: TAIL\n"
                                       "    patterns: [{name: p, regex: 'CD34EF', score: 0.9}]\n");

    (void)state;
    /* LONG wins the cluster; TAIL's extra bytes are kept inside the finding, never exposed. */
    assert_detect(rs, "id AB12CD34EF.", "LONG:3-13");
    assert_detect(rs, "id AB12 and AB12CD34", "SHORT:3-7 LONG:12-20");
    scrub_rules_free(rs);
}

/* A type conflict over one value goes to the label or cue nearest to it, not to the score. */
static void
the_nearest_label_decides_a_type_conflict(void **state)
{
    struct scrub_rules *rs = load_yaml(
        "recognizers:\n"
        "  - name: licence\n"
        "    supported_entity: DRIVER_LICENSE\n"
        "    patterns: [{name: p, regex: 'DL# [A-Z0-9]{10}, [A-Za-z. ]+ (?<pii>[A-Z0-9]{9})',"
        " score: 0.9}]\n"
        "  - name: passport\n"
        "    supported_entity: PASSPORT\n"
        "    patterns: [{name: p, regex: 'Pass\\. No (?<pii>[A-Z0-9]{9})', score: 0.6}]\n"
        "  - name: phone\n"
        "    supported_entity: PHONE\n"
        "    patterns: [{name: p, regex: '\\b[0-9]{3} [0-9]{3} [0-9]{4}\\b', score: 0.9}]\n"
        "  - name: nhs\n"
        "    supported_entity: MEDICAL_ID\n"
        "    column_headers: [nhs no]\n"
        "    column_cell: '[0-9 ]{10,12}'\n"
        "    score: 0.5\n"
        "  - name: mail\n"
        "    supported_entity: EMAIL\n"
        "    patterns: [{name: p, regex: '[a-z.]+@[a-z]+\\.com', score: 0.9}]\n"
        "  - name: cued\n"
        "    supported_entity: PERSON\n"
        "    patterns: [{name: p, regex: 'mail (?<pii>[a-z]+)', score: 0.9}]\n");

    (void)state;
    /* the passport's own label, 9 bytes before it, beats the licence cue 27 bytes before */
    assert_detect(rs, "DL# F489745038, Pass. No 20KP67757", "PASSPORT:25-34");
    /* a column header beats a shape, and a shape alone still decides by score */
    assert_detect(rs, "name,nhs no\nAda,415 186 7511\n", "MEDICAL_ID:16-28");
    assert_detect(rs, "call 415 186 7511", "PHONE:5-17");
    /* a cued candidate inside a longer one of another entity does not take it over */
    assert_detect(rs, "mail ann.lee@x.com", "EMAIL:5-18");
    scrub_rules_free(rs);
}

/*
 * A cue right before a bare number names it better than the number's shape: "tax ID 415 186
 * 7511" is a tax number, not a phone. Not a cue on the line above (it may head another column
 * or value), nor one farther off, nor over a value whose letters say what it is.
 */
static void
a_cue_right_before_a_bare_number_beats_its_shape(void **state)
{
    struct scrub_rules *rs = load_yaml(
        "recognizers:\n"
        "  - name: tax\n"
        "    supported_entity: TAX_ID\n"
        "    patterns: [{name: p, regex: 'tax ID[^0-9]{0,40}(?<pii>[0-9]{3} ?[0-9]{3} ?[0-9]{4})',"
        " score: 0.55}]\n"
        "  - name: phone\n"
        "    supported_entity: PHONE\n"
        "    patterns: [{name: p, regex: '\\b[0-9]{3} ?[0-9]{3} ?[0-9]{4}\\b', score: 0.9}]\n"
        "  - name: mail\n"
        "    supported_entity: EMAIL\n"
        "    patterns: [{name: p, regex: '[a-z.]+@[a-z]+\\.com', score: 0.9}]\n"
        "  - name: password\n"
        "    supported_entity: API_KEY\n"
        "    patterns: [{name: p, regex: 'password: (?<pii>\\S+)', score: 0.5}]\n");

    (void)state;
    assert_detect(rs, "tax ID 415 186 7511", "TAX_ID:7-19");
    assert_detect(rs, "my tax ID is 4151867511.", "TAX_ID:13-23");
    assert_detect(rs, "tax ID\n415 186 7511", "PHONE:7-19");
    assert_detect(rs, "tax ID, as the office wrote it down, 415 186 7511", "PHONE:37-49");
    assert_detect(rs, "password: ann.lee@x.com", "EMAIL:10-23");
    scrub_rules_free(rs);
}

/* A header cell or a field's key that names a rule is a label: never a value itself. */
static void
a_label_is_no_value(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: person\n"
                                       "    supported_entity: PERSON\n"
                                       "    deny_list: [Drivers Lic, Ada Byron]\n"
                                       "  - name: licence\n"
                                       "    supported_entity: DRIVER_LICENSE\n"
                                       "    column_headers: [drivers lic]\n"
                                       "    column_cell: '[0-9]{9}'\n"
                                       "    column_fields: true\n");

    (void)state;
    assert_detect(rs, "Drivers Lic: 570979802", "DRIVER_LICENSE:13-22");
    assert_detect(rs, "name,Drivers Lic\nAda Byron,570979802\n",
                  "PERSON:17-26 DRIVER_LICENSE:27-36");
    /* the same words where they label nothing are judged as ever */
    assert_detect(rs, "ask Drivers Lic about it", "PERSON:4-15");
    scrub_rules_free(rs);
}

static void
adjacent_pieces_of_one_entity_are_merged(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: first\n"
                                       "    supported_entity: PERSON\n"
                                       "    deny_list: [Ada]\n"
                                       "  - name: last\n"
                                       "    supported_entity: PERSON\n"
                                       "    deny_list: [Lovelace]\n");

    (void)state;
    assert_detect(rs, "by Ada Lovelace.", "PERSON:3-15");
    assert_detect(rs, "Ada, then Lovelace", "PERSON:0-3 PERSON:10-18");
    scrub_rules_free(rs);
}

/* A nickname in quotes or brackets between a name's parts is part of the name. */
static void
name_pieces_around_a_quoted_nickname_are_one_name(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: parts\n"
                                       "    supported_entity: PERSON\n"
                                       "    deny_list: [Ada, Byron, Lovelace]\n"
                                       "  - name: mail\n"
                                       "    supported_entity: EMAIL\n"
                                       "    deny_list: [a@b.org, c@d.org]\n");

    (void)state;
    assert_detect(rs, "Ada \"Byron\" Lovelace", "PERSON:0-20");
    assert_detect(rs,
                  "Ada \xe2\x80\x9c"
                  "Byron\xe2\x80\x9d Lovelace",
                  "PERSON:0-24");
    assert_detect(rs, "Ada (Byron) Lovelace", "PERSON:0-20");
    assert_detect(rs, "\"Ada\" \"Lovelace\"", "PERSON:1-4 PERSON:7-15");
    assert_detect(rs, "a@b.org \"c@d.org\"", "EMAIL:0-7 EMAIL:9-16");
    scrub_rules_free(rs);
}

static void
named_group_pii_limits_the_finding_to_the_group(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");

    (void)state;
    assert_detect(rs, "Hi, my name is Alice Walker.", "PERSON:15-27");
    assert_scrub(rs, NULL, "Hi, my name is Alice Walker.", "Hi, my name is [PERSON].");
    scrub_rules_free(rs);
}

static void
digits_in_other_scripts_match_on_the_normalised_view(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");
    /* Full-width digits, then ASCII digits split by zero-width spaces. */
    const char *wide = "card \xef\xbc\x94\xef\xbc\x91\xef\xbc\x91\xef\xbc\x91 1111 1111 1111 ok";
    const char *zw = "card 4111\xe2\x80\x8b"
                     "1111\xe2\x80\x8b"
                     "1111\xe2\x80\x8b"
                     "1111 ok";

    (void)state;
    assert_scrub(rs, NULL, wide, "card [CREDIT_CARD] ok");
    assert_scrub(rs, NULL, zw, "card [CREDIT_CARD] ok");
    scrub_rules_free(rs);
}

static void
character_references_in_ascii_text_are_read_as_their_characters(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");
    const char *mail = "write to jane&#46;doe&#64;mail&period;org today";
    char *once, *twice;

    (void)state;
    /* the finding covers every reference, so redaction leaves none of the value behind */
    assert_detect(rs, mail, "EMAIL:9-41");
    assert_scrub(rs, NULL, mail, "write to [EMAIL] today");
    assert_scrub(rs, NULL, "card &#52;111&#32;1111&#x20;1111&nbsp;1111 ok",
                 "card [CREDIT_CARD] ok");
    /* an ampersand that starts no reference, or one that stands for itself, finds nothing */
    assert_detect(rs, "AT&T and Q&amp;A, R&D; &lt;b&gt; &#38; 5 &amp; 6", "");
    once =
        scrub_str(rs, NULL, "mail jane&#64;mail.org &amp;#64; card &#52;111 1111 1111 1111", NULL);
    twice = scrub_str(rs, NULL, once, NULL);
    assert_string_equal(once, "mail [EMAIL] &amp;#64; card [CREDIT_CARD]");
    assert_string_equal(twice, once);
    free(once);
    free(twice);
    scrub_rules_free(rs);
}

static void
lexicon_rule_finds_capitalised_names_only(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "lexicon.yaml");

    (void)state;
    assert_detect(rs, "then Alice met Zo\xc3\xab", "PERSON:5-10 PERSON:15-19");
    assert_detect(rs, "alice and malice", "");
    scrub_rules_free(rs);
}

static void
prefilter_never_hides_caseless_or_unicode_matches(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: key\n"
                                       "    supported_entity: KEY\n"
                                       "    flags: [case_insensitive]\n"
                                       "    patterns: [{name: p, regex: 'akia[0-9a-z]{4}', "
                                       "score: 0.9}]\n"
                                       "  - name: inline\n"
                                       "    supported_entity: INLINE\n"
                                       "    patterns: [{name: p, regex: '(?i)token-\\d+', "
                                       "score: 0.9}]\n"
                                       "  - name: greek\n"
                                       "    supported_entity: GREEK\n"
                                       "    patterns: [{name: p, regex: '(?i)\xce\xb1\\d{3}', "
                                       "score: 0.9}]\n"
                                       "  - name: dob\n"
                                       "    supported_entity: DOB\n"
                                       "    flags: [case_insensitive]\n"
                                       "    patterns: [{name: p, regex: '(?:born on|date of "
                                       "birth) \\d+', score: 0.9}]\n"
                                       "  - name: color\n"
                                       "    supported_entity: COLOR\n"
                                       "    patterns: [{name: p, regex: 'colou?r-\\d', "
                                       "score: 0.9}]\n"
                                       "  - name: kelvin\n"
                                       "    supported_entity: KELVIN\n"
                                       "    patterns: [{name: p, regex: '(?i)kelvin!', "
                                       "score: 0.9}]\n"
                                       "  - name: optional_start\n"
                                       "    supported_entity: OPT\n"
                                       "    patterns: [{name: p, regex: '(?:#)?zz\\d', "
                                       "score: 0.9}]\n");

    (void)state;
    assert_detect(rs, "AKIAAB12", "KEY:0-8");
    assert_detect(rs, "x TOKEN-42", "INLINE:2-10");
    assert_detect(rs,
                  "\xce\x91"
                  "123",
                  "GREEK:0-5");
    assert_detect(rs, "zz9", "OPT:0-3");
    /* Literal gates: case, optional parts, alternatives, and a Kelvin sign matching 'k'. */
    assert_detect(rs, "DATE OF BIRTH 12", "DOB:0-16");
    assert_detect(rs, "born   on 3", "");
    assert_detect(rs, "Born on 3", "DOB:0-9");
    assert_detect(rs, "color-1, colour-2", "COLOR:0-7 COLOR:9-17");
    assert_detect(rs,
                  "\xe2\x84\xaa"
                  "elvin! \xe2\x80\x9cq\xe2\x80\x9d",
                  "KELVIN:0-9");
    /* And the same rules are skipped, with no finding, when the text cannot match. */
    assert_detect(rs, "nothing to see", "");
    scrub_rules_free(rs);
}

static void
declared_prefilter_words_gate_the_rule(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: pw\n"
                                       "    supported_entity: SECRET\n"
                                       "    prefilter: [Password]\n"
                                       "    patterns: [{name: p, regex: '(?i)pass(?:word|code) is "
                                       "(?<pii>\\S+)', score: 0.9}]\n");

    (void)state;
    assert_detect(rs, "my PASSWORD is hunter2", "SECRET:15-22");
    /* The pattern would match, but the author declared that "password" must occur. */
    assert_detect(rs, "my passcode is hunter2", "");
    scrub_rules_free(rs);
}

/*
 * The original of a text that is not plain ASCII is scanned for the literals of the patterns
 * that read it as written alone (scrub_rules.triggers_orig): those patterns still find what they
 * find, whether their gate needs their own literal, their rule's declared words or their
 * prefilter_regex's literal, while a pattern that reads the view finds its literal in the view.
 */
static void
originals_are_scanned_for_the_literals_of_patterns_that_read_them(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: cue\n"
                                       "    supported_entity: CUE\n"
                                       "    flags: [raw]\n"
                                       "    patterns: [{name: p, regex: 'zqx-cue (?<pii>[a-z]+)', "
                                       "score: 0.9}]\n"
                                       "  - name: declared\n"
                                       "    supported_entity: DECLARED\n"
                                       "    flags: [raw]\n"
                                       "    prefilter: [Wqyd]\n"
                                       "    patterns: [{name: p, regex: '(?i)wqy[a-z]+', "
                                       "score: 0.9}]\n"
                                       "  - name: prefiltered\n"
                                       "    supported_entity: PREFILTERED\n"
                                       "    flags: [raw]\n"
                                       "    patterns: [{name: p, regex: '(?:blorp|flarn) "
                                       "(?<pii>[a-z]+)', prefilter_regex: 'flarn [a-z]', "
                                       "score: 0.9}]\n"
                                       "  - name: viewed\n"
                                       "    supported_entity: VIEWED\n"
                                       "    flags: [normalized]\n"
                                       "    patterns: [{name: p, regex: 'vkj-cue (?<pii>[a-z]+)', "
                                       "score: 0.9}]\n");
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    const char *text = "it\xe2\x80\x99s zqx-cue abc, wqydef, flarn ghi, blorp xyz, vkj-cue jkl";
    char got[1024];

    (void)state;
    assert_non_null(e);
    detect_str(e, text, got, sizeof(got));
    assert_string_equal(got, "CUE:15-18 DECLARED:20-26 PREFILTERED:34-37 PREFILTERED:45-48 "
                             "VIEWED:58-61");
    /* The original's scan found the raw patterns' literals, not the viewed pattern's. */
    const struct gate *cue = &rs->rules[0].patterns[0].gate,
                      *viewed = &rs->rules[3].patterns[0].gate;
    /* (each is listed: its anchor's positions are recorded) */
    assert_true(cue->trigger_anchor >= 0 && viewed->trigger_anchor >= 0);
    assert_true(e->scan_text.valid && e->scan_text.original);
    assert_true(e->scan_text.hit[cue->trigger_anchor]);
    assert_false(e->scan_text.hit[viewed->trigger_anchor]);
    /* Without the prefilter_regex's literal the pattern does not run: "blorp" is no "flarn". */
    detect_str(e, "it\xe2\x80\x99s blorp xyz", got, sizeof(got));
    assert_string_equal(got, "");
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

/*
 * Searching only the windows before an anchor literal finds exactly what a full search finds:
 * random texts over the patterns' own words (overlapping windows, adjacent matches, anchors at
 * the edges, folded non-ASCII letters) give the same findings as the exhaustive engine. That
 * these patterns do get windows is checked in test_literals.c.
 */
/*
 * The rule loop closes gates on their packed briefs (rules_triggers.c): for every pattern of the
 * shipped packs, and random runs and trigger hits, a brief closes exactly when its gate does.
 */
static void
gate_briefs_close_exactly_when_their_gates_do(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    struct scan_state scan;
    uint32_t seed = 7;

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    assert_int_equal(scrub_rules_load(&rs, "rules/warnings", &err), 0);
    size_t n_ids = trigger_index_ids(rs->triggers);
    scan_state_init(&scan, n_ids);
    for (int round = 0; round < 400; round++) {
        struct subject sub = {0};
        sub.measured = true;
        sub.scanned = round % 8 != 0;
        sub.scan = &scan;
        seed = seed * 1103515245u + 12345u;
        sub.word_run = (seed >> 16) % 24;
        sub.hex_run = sub.word_run ? (seed >> 8) % (sub.word_run + 1) : 0;
        sub.digit_run = sub.hex_run ? (seed >> 4) % (sub.hex_run + 1) : 0;
        for (size_t id = 0; id < n_ids; id++) {
            seed = seed * 1103515245u + 12345u;
            scan.hit[id] = (seed >> 16) % 4 != 0; /* most present: more gates reach the ids */
        }
        size_t k = 0;
        for (size_t i = 0; i < rs->n_rules; i++) {
            const struct rule *r = &rs->rules[i];
            assert_int_equal(rs->rule_briefs[i].n_patterns, r->n_patterns);
            assert_ptr_equal(rs->rule_briefs[i].patterns, r->patterns);
            assert_int_equal(rs->rule_briefs[i].lexicon, r->lexicon != NULL);
            for (size_t p = 0; p < r->n_patterns; p++, k++) {
                assert_int_equal(rs->briefs[k].use_view, r->patterns[p].use_view);
                assert_int_equal(rs->briefs[k].declared, r->requires_trigger);
                assert_int_equal(rs->briefs[k].requires & BRIEF_REQUIRES,
                                 r->patterns[p].requires ? BRIEF_REQUIRES : 0);
                assert_int_equal(rs->briefs[k].requires & BRIEF_LED,
                                 r->patterns[p].led ? BRIEF_LED : 0);
                assert_int_equal(
                    brief_surely_closed(&rs->briefs[k], &sub),
                    gate_surely_closed(&r->patterns[p].gate, r->requires_trigger, &sub));
            }
        }
        for (size_t i = 0; i < rs->n_warnings; i++) {
            const struct warning_category *w = &rs->warnings[i];
            for (size_t p = 0; p < w->n_patterns; p++) {
                assert_int_equal(brief_surely_closed(&w->briefs[p], &sub),
                                 gate_surely_closed(&w->gates[p], -1, &sub));
            }
        }
    }
    scan_state_release(&scan);
    scrub_rules_free(rs);
}

/*
 * The rule loop drops, before it reads a brief, the patterns whose briefs need a longer run than
 * the text has (drop_short_runs, from the dispatch's run levels): for every pattern of the
 * shipped packs and random runs, a pattern is dropped exactly when its brief's runs close it,
 * and a mask keeps the patterns outside it.
 */
static void
short_runs_drop_exactly_the_patterns_their_briefs_close(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    uint32_t seed = 11;

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    const struct pattern_dispatch *d = &rs->dispatch;
    uint64_t *visit = calloc(d->words + 1, sizeof(*visit));
    uint64_t *mask = calloc(d->words + 1, sizeof(*mask));
    assert_non_null(visit);
    assert_non_null(mask);
    size_t dropped = 0, kept = 0;
    for (int round = 0; round < 300; round++) {
        struct subject sub = {0};
        sub.measured = true;
        seed = seed * 1103515245u + 12345u;
        sub.word_run = round == 0 ? 0 : (seed >> 16) % 40;
        sub.hex_run = sub.word_run ? (seed >> 8) % (sub.word_run + 1) : 0;
        sub.digit_run = sub.hex_run ? (seed >> 4) % (sub.hex_run + 1) : 0;
        for (size_t w = 0; w < d->words; w++) {
            seed = seed * 1103515245u + 12345u;
            mask[w] = ((uint64_t)seed << 32) | (seed * 2654435761u);
        }
        bool masked = round % 2;
        memset(visit, 0xff, d->words * sizeof(*visit));
        drop_short_runs(d, &sub, visit, masked ? mask : NULL);
        for (size_t k = 0; k < d->n_patterns; k++) {
            const struct gate_brief *b = &rs->briefs[k];
            bool closes =
                b->word > sub.word_run || b->hex > sub.hex_run || b->digit > sub.digit_run;
            bool in_mask = !masked || (mask[k / 64] >> (k % 64) & 1);
            bool visited = visit[k / 64] >> (k % 64) & 1;
            assert_int_equal(visited, !(closes && in_mask));
            dropped += !visited;
            kept += visited;
        }
    }
    /* both happen: a text without digits drops the many patterns that need some */
    assert_true(dropped > 0 && kept > 0);
    /* an unmeasured subject drops nothing (its runs are not known) */
    struct subject unmeasured = {0};
    memset(visit, 0xff, d->words * sizeof(*visit));
    drop_short_runs(d, &unmeasured, visit, NULL);
    for (size_t w = 0; w < d->words; w++) {
        assert_true(visit[w] == ~(uint64_t)0);
    }
    free(visit);
    free(mask);
    scrub_rules_free(rs);
}

static void
windowed_search_finds_what_a_full_search_finds(void **state)
{
    /* words of the random texts ("\xd9\xa3\xd9\xa4": Arabic-Indic 3 and 4, which \d matches) */
    static const char *const words[] = {"ab",
                                        "abab",
                                        "x",
                                        "xx",
                                        "key",
                                        "KEY",
                                        "Key",
                                        "=",
                                        " ",
                                        "  ",
                                        "7",
                                        "42",
                                        "mon",
                                        "Mon",
                                        "ami",
                                        "\xc3\x89ric",
                                        "\xc3\xa9",
                                        "\xe2\x80\x99",
                                        "\xe2\x84\xaa",
                                        "zz",
                                        "-",
                                        "name",
                                        "is",
                                        "Bob",
                                        "ab ",
                                        "name is",
                                        "key=",
                                        "mon ",
                                        "\t",
                                        "x  ",
                                        "  key",
                                        "'s",
                                        "\xe2\x80\x99s",
                                        "\n",
                                        "\r\n",
                                        "\xc2\xa0",
                                        "\xe3\x80\x80",
                                        "\t\n \xc2\xa0 \xe2\x80\x83",
                                        "X \t\n\r\n \t",
                                        "items",
                                        "Ms",
                                        "Mr. ",
                                        "ms ",
                                        "her ",
                                        "other",
                                        "His",
                                        "this",
                                        "Smith",
                                        "one",
                                        "someone",
                                        "_",
                                        "9",
                                        "xone",
                                        "123",
                                        "12/",
                                        "2024",
                                        "Mr",
                                        "AB",
                                        "(12)",
                                        "\xd9\xa3\xd9\xa4"};
    struct scrub_rules *rs = load_yaml(
        "recognizers:\n"
        "  - name: w1\n"
        "    supported_entity: A\n"
        "    patterns: [{name: p, regex: 'x{0,3}key\\s?=\\s?\\d+', score: 0.9}]\n"
        "  - name: w2\n"
        "    supported_entity: B\n"
        "    patterns: [{name: p, regex: '(?i)(?<![\\w])(?:mon|name "
        "is)\\s+(?<pii>\\p{Lu}\\p{Ll}+)', "
        "score: 0.9}]\n"
        "  - name: w3\n"
        "    supported_entity: C\n"
        "    patterns: [{name: p, regex: '(?:ab){1,3}zz|\\d{2}-?zz', score: 0.9}]\n"
        "  - name: w4\n"
        "    supported_entity: D\n"
        "    patterns: [{name: p, regex: '(?i)\\bk\\w{0,2}y', score: 0.9}]\n"
        "  - name: w5\n"
        "    supported_entity: E\n"
        "    patterns: [{name: p, regex: '(?:ab\\s+)?(?:xx)*name\\s+is', score: 0.9}]\n"
        "  - name: w6\n"
        "    supported_entity: F\n"
        "    patterns: [{name: p, regex: '(?:x[ \\t]*){2}[ \\t]+key', score: 0.9}]\n"
        "  - name: w7\n"
        "    supported_entity: G\n"
        "    patterns: [{name: p, regex: '(?<![\\w])[0-9a-f]{6}(?![\\w])', score: 0.9}]\n"
        /* anchors with one-byte literals: found from the text's bytes, merged with the list */
        "  - name: w8\n"
        "    supported_entity: H\n"
        "    patterns: [{name: p, regex: '\\d{0,2}(?:=|ami)x?\\d', score: 0.9}]\n"
        "  - name: w9\n"
        "    supported_entity: I\n"
        "    patterns: [{name: p, regex: 'x{0,2}-\\d', score: 0.9}]\n"
        /* a lead of runs of word characters: at most the text's longest such run each */
        "  - name: w10\n"
        "    supported_entity: J\n"
        "    patterns: [{name: p, regex: \"\\\\p{Lu}\\\\p{Ll}+(?:'s|\xe2\x80\x99s)[ \\t]*(?:\\\\w+ "
        ")?key\", "
        "score: 0.9}]\n"
        /* a lead of characters and of white-space runs (line breaks, Unicode spaces) */
        "  - name: w11\n"
        "    supported_entity: K\n"
        "    patterns: [{name: p, regex: '(?i)(?<![\\w])x[\\s]*\\h?\\s+(?:ab\\s+)?name', score: "
        "0.9}]\n"
        /* a lead of characters: one byte each in ASCII text, up to four in other text */
        "  - name: w12\n"
        "    supported_entity: L\n"
        "    patterns: [{name: p, regex: '\\S{2}zz', score: 0.9}]\n"
        /* anchors at a match's start after an assertion on the byte before it */
        "  - name: w13\n"
        "    supported_entity: M\n"
        "    patterns: [{name: p, regex: '(?<![\\p{L}])(?i:mr|ms|mrs)\\.?[ \\t]+\\p{Lu}\\p{Ll}+', "
        "score: 0.9}]\n"
        "  - name: w14\n"
        "    supported_entity: N\n"
        "    patterns: [{name: p, regex: '(?i:\\b(?:her|his|my)[ \\t]+)\\p{Lu}\\p{Ll}*', score: "
        "0.9}]\n"
        "  - name: w15\n"
        "    supported_entity: O\n"
        "    patterns: [{name: p, regex: '(?i)(?<![\\w])one(?:[ \\t]*(?:one|9))+', score: 0.9}]\n"
        "  - name: w16\n"
        "    supported_entity: P\n"
        "    patterns: [{name: p, regex: '(?<![\\w])one\\w|xone', score: 0.9}]\n"
        /* anchored on a class of ASCII digits alone: at lead 0, after letters, after optional
         * groups, and in a branch beside a literal */
        "  - name: w17\n"
        "    supported_entity: Q\n"
        "    patterns: [{name: p, regex: '(?<![\\w])[0-9]{3}(?:-[0-9]{2})?', score: 0.9}]\n"
        "  - name: w18\n"
        "    supported_entity: R\n"
        "    patterns: [{name: p, regex: '(?:Mr\\.?\\s*)?[A-Z]{1,2}\\s?[1-9][0-9]?', score: "
        "0.9}]\n"
        "  - name: w19\n"
        "    supported_entity: S\n"
        "    patterns: [{name: p, regex: '(?:key[ \\t]+|[0-9]{2}/)?[2-9][0-9]{1,3}(?![0-9])|ami', "
        "score: 0.9}]\n"
        "  - name: w20\n"
        "    supported_entity: T\n"
        "    patterns: [{name: p, regex: '(?<![\\w])\\d{2}(?:/[0-9])?', score: 0.9}]\n"
        /* digits and other bytes: "(" and "=" are looked for beside the range */
        "  - name: w21\n"
        "    supported_entity: U\n"
        "    patterns: [{name: p, regex: '(?:\\([0-9]{2}\\)|=[0-9]|[2-9][0-9]-)[0-9]', score: "
        "0.9}]\n"
        "  - name: w22\n"
        "    supported_entity: V\n"
        "    patterns: [{name: p, regex: '(?:\\(.+\\) )?[2-9][0-9]{2}', score: 0.9}]\n");
    struct scrub_engine_opts exhaustive = {0};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *fast = scrub_engine_new(rs, NULL, &err);
    struct scrub_engine *slow;
    uint32_t seed = 12345;

    (void)state;
    exhaustive.no_prefilter = true;
    slow = scrub_engine_new(rs, &exhaustive, &err);
    for (int round = 0; round < 3000; round++) {
        char text[512], a[2048], b[2048];
        size_t len = 0, n;
        seed = seed * 1103515245u + 12345u;
        n = 1 + (seed >> 16) % 24;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = words[(seed >> 16) % (sizeof(words) / sizeof(words[0]))];
            size_t wl = strlen(w);
            if (len + wl + 1 >= sizeof(text)) {
                break;
            }
            memcpy(text + len, w, wl);
            len += wl;
        }
        text[len] = '\0';
        detect_str(fast, text, a, sizeof(a));
        detect_str(slow, text, b, sizeof(b));
        if (strcmp(a, b) != 0) {
            fail_msg("text \"%s\": windowed \"%s\", full \"%s\"", text, a, b);
        }
    }
    scrub_engine_free(fast);
    scrub_engine_free(slow);
    scrub_rules_free(rs);
}

/*
 * The engine keeps the last text's subject (byte set, runs) for the next call on the same text.
 * Non-ASCII text taken twice in a row, after other text, must get its own (detect reads it
 * without measuring it first): a pattern that runs on the text itself finds "café" each time,
 * and the cached subject describes "café" and not the text before it.
 */
static void
same_non_ascii_text_twice_is_measured_as_itself(void **state)
{
    struct scrub_rules *rs =
        load_yaml("recognizers:\n"
                  "  - name: cafe\n"
                  "    supported_entity: CAFE\n"
                  "    patterns: [{name: p, regex: 'caf\xc3\xa9', score: 0.9}]\n");
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    char out[256];

    (void)state;
    assert_false(rs->rules[0].patterns[0].use_view);
    detect_str(e, "hello there", out, sizeof(out));
    assert_string_equal(out, "");
    for (int round = 0; round < 3; round++) {
        detect_str(e, "un caf\xc3\xa9 noir", out, sizeof(out));
        assert_string_equal(out, "CAFE:3-8");
    }
    const unsigned char *b = (const unsigned char *)"\xc3\xa7"
                                                    "a va";
    struct subject sub;
    subject_text(e, (const unsigned char *)"hello", 5, &sub);
    for (int round = 0; round < 2; round++) {
        subject_text_lazy(e, b, 5, &sub);
        assert_int_equal(sub.len, 5);
        assert_false(sub.ascii);
    }
    subject_text(e, b, 5, &sub);
    assert_true(sub.measured);
    assert_false(sub.ascii);
    assert_int_equal(sub.word_run, 3); /* "ça" counts its two non-ASCII bytes and 'a' */
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

/*
 * A run longer than the run counters hold (32767) still reads as long enough: a pattern that
 * needs 33,000 hex digits in a row, or a word run before its anchor, still matches.
 */
static void
runs_longer_than_the_counters_still_open_gates(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: long_hex\n"
                                       "    supported_entity: HEX\n"
                                       "    patterns: [{name: p, regex: 'x[0-9a-f]{33000}y', "
                                       "score: 0.9}]\n"
                                       "  - name: long_word\n"
                                       "    supported_entity: WORD\n"
                                       "    patterns: [{name: p, regex: '\\bq\\w+ zz', score: "
                                       "0.9}]\n");
    size_t n = 1 + 33000 + 1 + 1 + 1 + 40000 + 3;
    char *text = malloc(n + 1);
    char want[64];

    (void)state;
    assert_non_null(text);
    text[0] = 'x';
    memset(text + 1, 'a', 33000);
    memcpy(text + 33001, "y q", 3);
    memset(text + 33004, '7', 40000);
    memcpy(text + 73004, " zz", 3);
    text[n] = '\0';
    snprintf(want, sizeof(want), "HEX:0-33002 WORD:33003-%zu", n);
    assert_detect(rs, text, want);
    free(text);
    scrub_rules_free(rs);
}

static void
prefilter_skips_do_not_change_results(void **state)
{
    static const char *const packs[] = {FIXTURES "basic.yaml", FIXTURES "fuzz.yaml", FIXTURES "dir",
                                        FIXTURES "presidio.yaml"};
    static const char *const texts[] = {
        "write to jane.doe@mail.org today, or JANE@MAIL.ORG",
        "card 4111 1111 1111 1111 and 4111-1111-1111-1111; acct 123456789 account",
        "Hello, my name is Alice Walker. MY NAME IS Bob",
        "ask Dr. Who, prof. X or MRS. Y about zip code 12345",
        "id \xef\xbc\xa9\xef\xbc\xa4-\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94 "
        "and 4111\xe2\x80\x8b"
        "1111\xe2\x80\x8b"
        "1111\xe2\x80\x8b"
        "1111",
        "\xe2\x80\x9cquoted\xe2\x80\x9d jane\xef\xbc\xa0mail.org 10.0.0.1 "
        "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7\xd9\xa8\xd9\xa9",
        "nothing at all here",
        "",
    };
    struct scrub_engine_opts exhaustive = {0};

    (void)state;
    exhaustive.no_prefilter = true;
    for (size_t p = 0; p < sizeof(packs) / sizeof(packs[0]); p++) {
        struct scrub_rules *rs = load_fixture(packs[p]);
        struct err err = {ERR_NONE, ""};
        struct scrub_engine *fast = scrub_engine_new(rs, NULL, &err);
        struct scrub_engine *slow = scrub_engine_new(rs, &exhaustive, &err);
        for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
            char a[1024], b[1024];
            detect_str(fast, texts[t], a, sizeof(a));
            detect_str(slow, texts[t], b, sizeof(b));
            assert_string_equal(a, b);
        }
        scrub_engine_free(fast);
        scrub_engine_free(slow);
        scrub_rules_free(rs);
    }
}

/* ---- operators ---- */

static const char operator_pack[] = "recognizers:\n"
                                    "  - name: email\n"
                                    "    supported_entity: EMAIL\n"
                                    "    patterns: [{name: p, regex: '[a-z.]+@[a-z.]+\\.[a-z]+', "
                                    "score: 0.9}]\n"
                                    "  - name: person\n"
                                    "    supported_entity: PERSON\n"
                                    "    patterns: [{name: p, regex: 'my name is (?<pii>\\S+)', "
                                    "score: 0.9}]\n"
                                    "    flags: [case_insensitive]\n"
                                    "    operator: pseudonym\n"
                                    "  - name: card\n"
                                    "    supported_entity: CARD\n"
                                    "    patterns: [{name: p, regex: '\\d{4}-\\d{4}', "
                                    "score: 0.9}]\n"
                                    "    operator: mask\n"
                                    "  - name: secret\n"
                                    "    supported_entity: SECRET\n"
                                    "    deny_list: [hunter2]\n"
                                    "    operator: redact\n"
                                    "  - name: minor\n"
                                    "    supported_entity: MINOR_DATA\n"
                                    "    deny_list: [dropme]\n"
                                    "    operator: drop-record\n";

static const unsigned char test_key[32] = "0123456789abcdef0123456789abcdef";

static void
replace_operator_writes_a_typed_placeholder(void **state)
{
    struct scrub_rules *rs = load_yaml(operator_pack);

    (void)state;
    assert_scrub(rs, NULL, "mail jo@ex.org!", "mail [EMAIL]!");
    scrub_rules_free(rs);
}

static void
mask_operator_keeps_the_last_characters_not_bytes(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: word\n"
                                       "    supported_entity: WORD\n"
                                       "    patterns: [{name: p, regex: 'z\\S+', score: 0.9}]\n"
                                       "    operator: mask\n");
    struct scrub_engine_opts opts = {0};

    (void)state;
    /* "zébrâ" has 5 characters in 7 bytes: one masked, four kept. */
    assert_scrub(rs, NULL,
                 "a z\xc3\xa9"
                 "br\xc3\xa2 b",
                 "a *\xc3\xa9"
                 "br\xc3\xa2 b");
    opts.mask_keep = 2;
    opts.mask_char = '#';
    assert_scrub(rs, &opts,
                 "a z\xc3\xa9"
                 "br\xc3\xa2 b",
                 "a ###r\xc3\xa2 b");
    /* A value no longer than the kept part is masked completely. */
    assert_scrub(rs, NULL, "zab", "***");
    scrub_rules_free(rs);
}

static void
pseudonym_operator_is_keyed_and_ignores_case_and_spaces(void **state)
{
    struct scrub_rules *rs = load_yaml(operator_pack);
    struct scrub_engine_opts opts = {0};
    unsigned char other[32];
    char *a, *b, *c;

    (void)state;
    opts.pseudonym_key = test_key;
    opts.pseudonym_key_len = sizeof(test_key);
    a = scrub_str(rs, &opts, "my name is Mallory", NULL);
    b = scrub_str(rs, &opts, "MY NAME IS MALLORY", NULL);
    assert_int_equal(strlen(a), strlen("my name is [PERSON_12345678]"));
    assert_memory_equal(a, "my name is [PERSON_", 19);
    assert_string_equal(a + 11, b + 11);
    memcpy(other, test_key, sizeof(other));
    other[0] ^= 1;
    opts.pseudonym_key = other;
    c = scrub_str(rs, &opts, "my name is Mallory", NULL);
    assert_string_not_equal(a, c);
    free(a);
    free(b);
    free(c);
    scrub_rules_free(rs);
}

static void
pseudonym_operator_without_a_key_is_an_error(void **state)
{
    struct scrub_rules *rs = load_yaml(operator_pack);
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_findings f;
    struct buf out;
    const char *text = "my name is Mallory";

    (void)state;
    scrub_findings_init(&f);
    buf_init(&out, BUF_NO_MAX);
    assert_int_equal(scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err),
                     0);
    assert_int_equal(
        scrub_engine_redact(e, (const unsigned char *)text, strlen(text), &f, &out, NULL, &err),
        -1);
    assert_int_equal(err.kind, ERR_USAGE);
    assert_null(strstr(err.msg, "Mallory"));
    buf_release(&out);
    scrub_findings_release(&f);
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

static void
redact_operator_removes_the_value(void **state)
{
    struct scrub_rules *rs = load_yaml(operator_pack);

    (void)state;
    assert_scrub(rs, NULL, "pw: hunter2.", "pw: .");
    scrub_rules_free(rs);
}

static void
drop_record_operator_flags_the_record(void **state)
{
    struct scrub_rules *rs = load_yaml(operator_pack);
    bool drop = false;
    char *out;

    (void)state;
    out = scrub_str(rs, NULL, "please dropme now", &drop);
    assert_true(drop);
    assert_string_equal(out, "please [MINOR_DATA] now");
    free(out);
    out = scrub_str(rs, NULL, "keep me", &drop);
    assert_false(drop);
    free(out);
    scrub_rules_free(rs);
}

static void
entity_override_beats_the_rule_operator(void **state)
{
    struct scrub_rules *rs = load_yaml(operator_pack);
    struct scrub_operator_override ov[] = {{"CARD", SCRUB_OP_REPLACE}, {"EMAIL", SCRUB_OP_REDACT}};
    struct scrub_engine_opts opts = {0};

    (void)state;
    assert_scrub(rs, NULL, "card 1234-5678", "card *****5678");
    opts.overrides = ov;
    opts.n_overrides = 2;
    assert_scrub(rs, &opts, "card 1234-5678 jo@ex.org", "card [CARD] ");
    scrub_rules_free(rs);
}

static void
scrubbing_scrubbed_text_changes_nothing(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");
    struct scrub_rules *ops = load_yaml(operator_pack);
    struct scrub_engine_opts opts = {0};
    const char *text = "Mail jane@mail.org, my name is Alice Walker, card 4111 1111 1111 1111, "
                       "my account is 123456789.";
    char *once, *twice;

    (void)state;
    once = scrub_str(rs, NULL, text, NULL);
    twice = scrub_str(rs, NULL, once, NULL);
    assert_string_equal(once, twice);
    free(once);
    free(twice);
    opts.pseudonym_key = test_key;
    opts.pseudonym_key_len = sizeof(test_key);
    once = scrub_str(ops, &opts, "my name is 12345678 and my name is Bob", NULL);
    twice = scrub_str(ops, &opts, once, NULL);
    assert_string_equal(once, twice);
    free(once);
    free(twice);
    scrub_rules_free(rs);
    scrub_rules_free(ops);
}

/* ---- threads ---- */

struct worker {
    const struct scrub_rules *rules;
    size_t mismatches;
};

static void *
detect_many(void *arg)
{
    struct worker *w = arg;
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(w->rules, NULL, &err);
    char got[256];

    for (int i = 0; e && i < 300; i++) {
        detect_str(e, i % 2 ? "mail a@b.org, card 4111 1111 1111 1111" : "my account is 123456789",
                   got, sizeof(got));
        if (strcmp(got, i % 2 ? "EMAIL:5-12 CREDIT_CARD:19-38" : "ACCOUNT:14-23") != 0) {
            w->mismatches++;
        }
    }
    scrub_engine_free(e);
    return NULL;
}

static void
engines_on_threads_share_one_rule_set(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");
    struct worker w[3] = {{rs, 0}, {rs, 0}, {rs, 0}};
    pthread_t t[3];

    (void)state;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, detect_many, &w[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].mismatches, 0);
    }
    scrub_rules_free(rs);
}

/* ---- failure modes ---- */

static void
catastrophic_backtracking_is_a_limit_error_not_a_miss(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: evil\n"
                                       "    supported_entity: EVIL\n"
                                       "    patterns: [{name: p, regex: '(a+)+b', score: 0.9}]\n");
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_findings f;
    char text[64];

    (void)state;
    memset(text, 'a', 40);
    memcpy(text + 40, "c b", 4);
    scrub_findings_init(&f);
    assert_int_equal(scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err),
                     -1);
    assert_int_equal(err.kind, ERR_LIMIT);
    assert_non_null(strstr(err.msg, "rule 'evil'"));
    scrub_findings_release(&f);
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

static void
allow_list_file_lines_are_allowed_like_allow_list_entries(void **state)
{
    char list[] = "/tmp/veil-allow-XXXXXX";
    int fd = mkstemp(list);
    char yaml[512];
    struct scrub_rules *rs;

    (void)state;
    assert_true(fd >= 0);
    const char *lines = "# famous people\n\nAda Byron\n  Alan Turing \r\n";
    assert_true(write(fd, lines, strlen(lines)) == (ssize_t)strlen(lines));
    assert_int_equal(close(fd), 0);
    (void)snprintf(yaml, sizeof(yaml),
                   "recognizers:\n"
                   "  - name: two_words\n"
                   "    supported_entity: PERSON\n"
                   "    patterns: [{name: w, regex: '[A-Z][a-z]+ [A-Z][a-z]+', score: 0.9}]\n"
                   "    allow_list_file: %s\n"
                   "    allow_list: [Grace Hopper]\n",
                   list);
    rs = load_yaml(yaml);
    assert_detect(rs, "Ada Byron met Alan Turing and Grace Hopper and Kim Ode", "PERSON:47-54");
    scrub_rules_free(rs);
    unlink(list);
}

static void
a_missing_allow_list_file_is_a_load_error_naming_the_rule(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error("recognizers:\n"
               "  - name: two_words\n"
               "    supported_entity: PERSON\n"
               "    patterns: [{name: w, regex: 'x', score: 0.9}]\n"
               "    allow_list_file: /nonexistent/veil-allow.txt\n",
               msg, sizeof(msg), &kind);
    assert_non_null(strstr(msg, "rule 'two_words'"));
    assert_non_null(strstr(msg, "/nonexistent/veil-allow.txt"));
    assert_int_equal(kind, ERR_IO);
}

/* The rule keeps nothing without a phone beside it, so it does not even run without one. */
static void
a_rule_kept_only_beside_an_entity_does_not_run_in_a_text_without_one(void **state)
{
    struct scrub_rules *rs =
        load_yaml("recognizers:\n"
                  "  - name: evil\n"
                  "    supported_entity: PERSON\n"
                  "    patterns: [{name: p, regex: '(a+)+b', score: 0.3}]\n"
                  "    context_entities: [PHONE]\n"
                  "  - name: phone\n"
                  "    supported_entity: PHONE\n"
                  "    patterns: [{name: p, regex: '\\+\\d{9}', score: 0.9}]\n");
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_findings f;
    char text[80];

    (void)state;
    memset(text, 'a', 40);
    memcpy(text + 40, "c b", 4);
    scrub_findings_init(&f);
    assert_int_equal(scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err),
                     0);
    assert_int_equal(f.n, 0);
    memcpy(text + 43, " +442079460", 12);
    assert_int_equal(scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err),
                     -1);
    assert_int_equal(err.kind, ERR_LIMIT); /* with a phone, it runs */
    scrub_findings_release(&f);
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

static void
invalid_utf8_is_a_parse_error_naming_the_offset(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "basic.yaml");
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_findings f;
    const char *text = "ok \xc3\x28 bad";

    (void)state;
    scrub_findings_init(&f);
    assert_int_equal(scrub_engine_detect(e, (const unsigned char *)text, strlen(text), &f, &err),
                     -1);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_string_equal(err.msg, "invalid UTF-8 at byte 3");
    /* after ASCII runs of every length around the eight bytes read at a time, and at the end */
    static const char *const bad[] = {"\xc3\x28", "\xe2\x80", "\xed\xa0\x80", "\x80", "\xf5"};
    for (size_t k = 0; k < 20; k++) {
        for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
            char buf[64], want[48];
            memset(buf, 'a', k);
            (void)snprintf(buf + k, sizeof(buf) - k, "\xc3\xa9%s%s", bad[b], b % 2 ? "" : "tail");
            (void)snprintf(want, sizeof(want), "invalid UTF-8 at byte %zu", k + 2);
            assert_int_equal(
                scrub_engine_detect(e, (const unsigned char *)buf, strlen(buf), &f, &err), -1);
            assert_string_equal(err.msg, want);
        }
        char ok[64];
        memset(ok, 'a', k);
        (void)snprintf(ok + k, sizeof(ok) - k, "\xc3\xa9 abcdefghijklmnop \xe2\x80\x99");
        assert_int_equal(scrub_engine_detect(e, (const unsigned char *)ok, strlen(ok), &f, &err),
                         0);
    }
    scrub_findings_release(&f);
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

/* ---- warnings, tests, lint ---- */

/* The categories an engine with opts (NULL: the defaults) finds in text. */
static uint64_t
warnings_with(const struct scrub_rules *rs, const char *text, const struct scrub_engine_opts *opts)
{
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, opts, &err);
    uint64_t mask = 0;

    assert_int_equal(
        scrub_engine_warnings(e, (const unsigned char *)text, strlen(text), &mask, &err), 0);
    scrub_engine_free(e);
    return mask;
}

static uint64_t
warnings_of(const struct scrub_rules *rs, const char *text)
{
    return warnings_with(rs, text, NULL);
}

/* The categories an engine that skips nothing (no_prefilter) finds in text. */
static uint64_t
warnings_exhaustive(const struct scrub_rules *rs, const char *text)
{
    struct scrub_engine_opts all = {.no_prefilter = true};

    return warnings_with(rs, text, &all);
}

/* Each of texts gets the same categories with the shortcuts as without. */
static void
warnings_equal_exhaustive(const struct scrub_rules *rs, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t fast = warnings_of(rs, texts[i]), all = warnings_exhaustive(rs, texts[i]);
        if (fast != all) {
            fail_msg("\"%s\": %llu with shortcuts, %llu without", texts[i],
                     (unsigned long long)fast, (unsigned long long)all);
        }
    }
}

/*
 * "a good criminal" requires "a" plus the first byte of the white space after it, of any kind,
 * and is anchored on "good".
 */
static void
warning_term_with_a_one_letter_first_word_matches_across_any_white_space(void **state)
{
    static const char *const texts[] = {"be a good criminal",
                                        "A good criminal",
                                        "a\tgood criminal",
                                        "a\ngood criminal",
                                        "a  good   criminal",
                                        "a\xc2\xa0good criminal",
                                        "a\xe3\x80\x80good criminal",
                                        "a\xe2\x80\x83good criminal",
                                        "a\xc2\x85good criminal",
                                        "a\xe1\x9a\x80good criminal",
                                        "a\xe2\x80\xa8good criminal",
                                        "ba good criminal",
                                        "a good criminals",
                                        "a goodcriminal",
                                        "a",
                                        "good criminal"};
    struct scrub_rules *rs = load_yaml("content_warnings:\n"
                                       "  - category: crime\n"
                                       "    terms: [a good criminal, heist*]\n");

    (void)state;
    warnings_equal_exhaustive(rs, texts, sizeof(texts) / sizeof(texts[0]));
    assert_int_equal(warnings_of(rs, "a\xc2\xa0good criminal"), 1);
    assert_int_equal(warnings_of(rs, "a\xc2\x85good criminal"), 1); /* NEL is white space too */
    assert_int_equal(warnings_of(rs, "ba good criminal"), 0);
    scrub_rules_free(rs);
}

/*
 * A term whose first word is short ("no reason to live") is anchored on a later word, which
 * starts a few characters and white-space runs into the hit: runs of any length and kind, and
 * characters longer in the text than in the term (the Kelvin sign for 'k'), stay inside the
 * window.
 */
static void
warning_term_anchored_on_a_later_word_matches_across_any_white_space(void **state)
{
    static const char *const texts[] = {"there is no reason to live",
                                        "NO  REASON\tTO LIVE",
                                        "no\n\n\treason to\r\nlive",
                                        "no\xe3\x80\x80\xe3\x80\x80reason to live",
                                        "no\xc2\xa0\xe2\x80\x83 reason to live",
                                        "\xe2\x80\x9cyo mama\xe2\x80\x9d",
                                        "yo\xc2\xa0\xc2\xa0\n mama",
                                        "xyo mama",
                                        "yo mamas",
                                        "o\xe2\x84\xaa   kill",
                                        "ok\xe2\x80\xa8kill",
                                        "ok kil",
                                        "\xc3\xb1 kill",
                                        "x \xc3\x91\n\nkill",
                                        "mama",
                                        "reason to live"};
    struct scrub_rules *rs = load_yaml("content_warnings:\n"
                                       "  - category: harassment\n"
                                       "    terms: [no reason to live, yo mama, ok kill, "
                                       "\xc3\xb1 kill]\n");

    (void)state;
    warnings_equal_exhaustive(rs, texts, sizeof(texts) / sizeof(texts[0]));
    assert_int_equal(warnings_of(rs, "no\n\n\treason to\r\nlive"), 1);
    assert_int_equal(warnings_of(rs, "yo\xc2\xa0\xc2\xa0\n mama"), 1);
    assert_int_equal(warnings_of(rs, "xyo mama"), 0);
    assert_int_equal(warnings_of(rs, "x \xc3\x91\n\nkill"), 1);
    scrub_rules_free(rs);
}

/*
 * On ASCII text a trie answers for the terms (warnings_terms.c): spaces in a term against runs of
 * every ASCII white space, terms that start or end with a space or punctuation, word prefixes,
 * digits and underscores next to a term, capitals, terms with non-ASCII letters (they cannot
 * match ASCII text) and with the Kelvin sign, which PCRE2 matches to 'k' (that category keeps
 * its regex), and min_hits 2 (regex too). Each text is compared with the engine that runs every
 * regex everywhere.
 */
static void
warning_term_matcher_agrees_with_the_regex_on_ascii_text(void **state)
{
    static const char *const texts[] = {"no reason to live",
                                        "no  reason\tto\nlive",
                                        "no\vreason\fto\rlive",
                                        "noreason to live",
                                        "no reason to lives",
                                        "xno reason to live",
                                        "_no reason to live",
                                        "no reason to live_",
                                        "NO REASON TO LIVE",
                                        "stabbed him",
                                        "stab_bed",
                                        "kill9",
                                        "9kill",
                                        "a kill.",
                                        "(kill)",
                                        "anti-semite",
                                        "anti-semit",
                                        "anti semit",
                                        "x-anti-semit",
                                        "re: kill",
                                        "re:  kill",
                                        "re:kill",
                                        "re:",
                                        "end  ",
                                        "end ",
                                        "end x",
                                        "end  x",
                                        "end\t\tx",
                                        " lead",
                                        "  lead",
                                        "xlead",
                                        "x lead",
                                        "kelvin",
                                        "KELVIN",
                                        "kelvins",
                                        "elvin",
                                        "dope dope",
                                        "dope",
                                        "cr\xc3\xa8me",
                                        "creme brulee",
                                        "",
                                        " ",
                                        "k",
                                        "no\x1creason to live",
                                        "no\x01reason to live",
                                        "end\x1c",
                                        "killkill kill"};
    struct scrub_rules *rs = load_yaml(
        "content_warnings:\n"
        "  - category: one\n"
        "    terms: ['no reason to live', 'stab*', kill, anti-semit, 're: kill', 'end ',\n"
        "            ' lead', 'cr\xc3\xa8me']\n"
        "  - category: kelvin\n"
        "    terms: ['\xe2\x84\xaa"
        "elvin']\n"
        "  - category: twice\n"
        "    terms: [dope]\n"
        "    min_hits: 2\n"
        "  - category: three\n"
        "    terms: [kill*, 'creme brulee']\n");

    (void)state;
    assert_true(rs->warnings[0].terms_by_matcher);
    assert_false(rs->warnings[1].terms_by_matcher); /* the Kelvin sign matches 'k' */
    assert_false(rs->warnings[2].terms_by_matcher); /* min_hits 2 */
    assert_true(rs->warnings[3].terms_by_matcher);
    warnings_equal_exhaustive(rs, texts, sizeof(texts) / sizeof(texts[0]));
    assert_int_equal(warnings_of(rs, "no\vreason\fto\rlive"), 1);
    assert_int_equal(warnings_of(rs, "end x"), 0);
    assert_int_equal(warnings_of(rs, "end  x"), 1);
    assert_int_equal(warnings_of(rs, "KELVIN"), 2);
    assert_int_equal(warnings_of(rs, "killkill kill"), 9);
    scrub_rules_free(rs);
}

/* Terms too many for the matcher's 16-bit table (32,768 nodes): every category keeps its regex. */
static void
warning_terms_past_the_matcher_size_keep_their_regex(void **state)
{
    struct buf yaml;
    uint32_t seed = 5;

    (void)state;
    buf_init(&yaml, BUF_NO_MAX);
    (void)buf_append_str(&yaml, "content_warnings:\n", NULL);
    for (int c = 0; c < 5; c++) {
        char head[64];
        snprintf(head, sizeof(head), "  - category: c%d\n    terms: [zebra%d", c, c);
        (void)buf_append_str(&yaml, head, NULL);
        for (int t = 0; t < 700; t++) {
            char term[16];
            for (int k = 0; k < 12; k++) {
                seed = seed * 1103515245u + 12345u;
                term[k] = (char)('a' + (seed >> 16) % 26);
            }
            term[12] = '\0';
            (void)buf_append_str(&yaml, ", ", NULL);
            (void)buf_append_str(&yaml, term, NULL);
        }
        (void)buf_append_str(&yaml, "]\n", NULL);
    }
    struct scrub_rules *rs = load_yaml((const char *)yaml.data);
    assert_null(rs->term_matcher);
    for (size_t c = 0; c < 5; c++) {
        assert_false(rs->warnings[c].terms_by_matcher);
    }
    assert_int_equal(warnings_of(rs, "a zebra3"), 8);
    assert_int_equal(warnings_of(rs, "a zebra3s"), 0);
    scrub_rules_free(rs);
    buf_release(&yaml);
}

/*
 * Terms of more distinct bytes than a trie row has bits for (64 classes, class 0 being the bytes
 * no term has): here 26 letters, 10 digits and 28 punctuation marks. No trie is built, every
 * category keeps its regex, and the answers are the regex's.
 */
static void
warning_terms_of_more_bytes_than_a_trie_row_holds_keep_their_regex(void **state)
{
    static const char *const texts[] = {"x a%b y",
                                        "a~b",
                                        "a~",
                                        "a~ b",
                                        "A{B",
                                        "a{bc",
                                        "abcdefghijklmnopqrstuvwxyz",
                                        "d0123456789x",
                                        "the d0123456789 end",
                                        ""};
    struct scrub_rules *rs = load_yaml(
        "content_warnings:\n"
        "  - category: marks\n"
        "    terms: ['a!b', 'a#b', 'a$b', 'a%b', 'a&b', 'a(b', 'a)b', 'a+b', 'a,b', 'a-b', 'a.b',\n"
        "            'a/b', 'a:b', 'a;b', 'a<b', 'a=b', 'a>b', 'a?b', 'a@b', 'a[b', 'a]b', 'a^b',\n"
        "            'a_b', 'a`b', 'a{b', 'a|b', 'a}b', 'a~b']\n"
        "  - category: letters\n"
        "    terms: [abcdefghijklmnopqrstuvwxyz, d0123456789]\n");

    (void)state;
    assert_null(rs->term_matcher);
    assert_false(rs->warnings[0].terms_by_matcher);
    assert_false(rs->warnings[1].terms_by_matcher);
    warnings_equal_exhaustive(rs, texts, sizeof(texts) / sizeof(texts[0]));
    assert_int_equal(warnings_of(rs, "x a%b y"), 1);
    assert_int_equal(warnings_of(rs, "A{B"), 1);
    assert_int_equal(warnings_of(rs, "a{bc"), 0);
    assert_int_equal(warnings_of(rs, "the d0123456789 end"), 2);
    scrub_rules_free(rs);
}

/*
 * text: fewer than max_pieces pieces drawn at random (a linear congruential generator on *seed),
 * as many as fit in cap bytes with the terminating NUL.
 */
static void
random_pieces(char *text, size_t cap, const char *const *pieces, size_t n_pieces,
              unsigned max_pieces, uint32_t *seed)
{
    size_t len = 0;

    *seed = *seed * 1103515245u + 12345u;
    for (unsigned k = (*seed >> 16) % max_pieces; k > 0; k--) {
        *seed = *seed * 1103515245u + 12345u;
        const char *p = pieces[(*seed >> 16) % n_pieces];
        if (len + strlen(p) + 1 < cap) {
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
    }
    text[len] = '\0';
}

/*
 * Random ASCII text made of term pieces, white space and punctuation: trie and regex agree. Terms
 * of one to three characters, ending at the text's end or not, check the three-byte filter of
 * word starts (first3).
 */
static void
warning_term_matcher_agrees_with_the_regex_on_random_ascii_text(void **state)
{
    static const char *const pieces[] = {"no",   "reason", "to", "live", "kill", "stab", "bed",
                                         "anti", "semit",  "re", "end",  "lead", "x",    "y",
                                         "a",    "b",      "_",  "9",    " ",    "  ",   "\t",
                                         "\n",   "\r\n",   "-",  ":",    "."};
    struct scrub_rules *rs = load_yaml(
        "content_warnings:\n"
        "  - category: one\n"
        "    terms: ['no reason to live', 'stab*', kill, anti-semit, 're: kill', 'end ']\n"
        "  - category: two\n"
        "    terms: ['  lead', 'a b', bed, 're:', 'to-live', 'b ']\n"
        "  - category: three\n"
        "    terms: ['a\tb', 'kill me']\n"
        "  - category: four\n"
        "    terms: ['a  b']\n"
        "  - category: five\n"
        "    terms: ['x  y', 'x-y', 'y  ']\n"
        "  - category: six\n"
        "    terms: [y, 'b:', '9 a', 'to*']\n");
    uint32_t seed = 11;
    char text[200];

    (void)state;
    assert_true(rs->warnings[0].terms_by_matcher && rs->warnings[1].terms_by_matcher);
    assert_false(rs->warnings[2].terms_by_matcher); /* a tab in a term */
    assert_false(rs->warnings[3].terms_by_matcher); /* "a" then two spaces, where two has one */
    assert_true(rs->warnings[4].terms_by_matcher && rs->warnings[5].terms_by_matcher);
    for (int round = 0; round < 4000; round++) {
        random_pieces(text, sizeof(text), pieces, sizeof(pieces) / sizeof(pieces[0]), 12, &seed);
        const char *one[] = {text};
        warnings_equal_exhaustive(rs, one, 1);
    }
    scrub_rules_free(rs);
}

/*
 * A walk of the term trie starts three bytes into a word when no term ends sooner (after3), and
 * four walks share the table, each taking the next word start as soon as its own dies. Long
 * random texts, dense with word starts and with terms ending before, at and after the third
 * byte, a space among the first three bytes, and texts cut short: trie and regex agree.
 */
static void
warning_term_walks_started_three_bytes_in_agree_with_the_regex(void **state)
{
    static const char *const pieces[] = {"ab",  "abc", "abcd", "abcde", "a",    "b",    "c",
                                         "x",   "xy",  "xyz",  "k",     "kil",  "kill", "killer",
                                         "a b", "ab ", " ",    "  ",    "\t",   "\n",   "-",
                                         ".",   "_",   "9",    "no",    "noon", "o",    "on"};
    struct scrub_rules *rs = load_yaml("content_warnings:\n"
                                       "  - category: one\n"
                                       "    terms: [a, ab, 'abcd*', kill]\n"
                                       "  - category: two\n"
                                       "    terms: ['a b c', 'ab  x', 'x y']\n"
                                       "  - category: three\n"
                                       "    terms: ['xyz', 'killer*', 'no on']\n"
                                       "  - category: four\n"
                                       "    terms: ['abcde', 'noon', 'o n']\n");
    uint32_t seed = 23;
    char text[400];

    (void)state;
    for (size_t c = 0; c < 4; c++) {
        assert_true(rs->warnings[c].terms_by_matcher);
    }
    for (int round = 0; round < 3000; round++) {
        random_pieces(text, sizeof(text), pieces, sizeof(pieces) / sizeof(pieces[0]), 120, &seed);
        const char *one[] = {text};
        warnings_equal_exhaustive(rs, one, 1);
    }
    scrub_rules_free(rs);
}

/*
 * The shipped pack's trie, with its three-byte table (after3) and walks resumed from it: every
 * term of every category, as written, capitalised, run into a word on either side and between
 * white space and punctuation, gets the same categories from the trie as from the regexes.
 */
static void
warning_terms_of_the_shipped_pack_agree_with_the_regex_in_the_trie(void **state)
{
    static const char *const forms[][2] = {{"", ""},  {"x ", ".\t"}, {"_", ""},
                                           {"", "s"}, {"\n", "9"},   {"(", ")"}};
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    struct scrub_engine_opts all = {.no_prefilter = true};
    char text[256];

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, "rules/warnings", &err), 0);
    assert_non_null(rs->term_matcher);
    struct scrub_engine *fast = scrub_engine_new(rs, NULL, &err);
    struct scrub_engine *slow = scrub_engine_new(rs, &all, &err);
    for (size_t i = 0; i < rs->n_warnings; i++) {
        const struct warning_category *w = &rs->warnings[i];
        for (size_t t = 0; t < w->terms.n; t++) {
            for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
                int n =
                    snprintf(text, sizeof(text), "%s%s%s", forms[f][0], w->terms.v[t], forms[f][1]);
                assert_true(n > 0 && (size_t)n < sizeof(text));
                if (f == 1) {
                    text[2] = (char)(text[2] >= 'a' && text[2] <= 'z' ? text[2] - 32 : text[2]);
                }
                uint64_t a = 0, b = 0;
                assert_int_equal(
                    scrub_engine_warnings(fast, (const unsigned char *)text, (size_t)n, &a, &err),
                    0);
                assert_int_equal(
                    scrub_engine_warnings(slow, (const unsigned char *)text, (size_t)n, &b, &err),
                    0);
                if (a != b) {
                    fail_msg("\"%s\": %llu with the trie, %llu from the regexes", text,
                             (unsigned long long)a, (unsigned long long)b);
                }
            }
        }
    }
    scrub_engine_free(fast);
    scrub_engine_free(slow);
    scrub_rules_free(rs);
}

static void
warning_terms_match_whole_words_prefixes_and_min_hits(void **state)
{
    struct scrub_rules *rs = load_yaml("content_warnings:\n"
                                       "  - category: violence\n"
                                       "    terms: [kill, stab*]\n"
                                       "  - category: drugs\n"
                                       "    terms: [heroin, cocaine]\n"
                                       "    patterns: ['\\bcook(?:ing)? meth\\b']\n"
                                       "    min_hits: 2\n");

    (void)state;
    assert_int_equal(scrub_rules_warning_count(rs), 2);
    assert_string_equal(scrub_rules_warning_name(rs, 1), "drugs");
    assert_int_equal(warnings_of(rs, "I will KILL it"), 1);
    assert_int_equal(warnings_of(rs, "stabbing"), 1);
    assert_int_equal(warnings_of(rs, "skill and killer whales"), 0);
    assert_int_equal(warnings_of(rs, "heroin, heroin, heroin"), 0);
    assert_int_equal(warnings_of(rs, "heroin and cooking meth"), 2);
    assert_int_equal(warnings_of(rs, "k\xe2\x80\x8bill"), 1);
    scrub_rules_free(rs);
}

/* Categories already found in a record are not looked for again in its next strings. */
static void
warnings_except_skips_known_categories_and_finds_the_rest(void **state)
{
    struct scrub_rules *rs = load_yaml("content_warnings:\n"
                                       "  - category: violence\n"
                                       "    terms: [kill]\n"
                                       "  - category: drugs\n"
                                       "    terms: [heroin]\n");
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    const unsigned char *text = (const unsigned char *)"kill for heroin";
    size_t len = strlen((const char *)text);
    uint64_t mask = 99;

    (void)state;
    assert_int_equal(scrub_engine_warnings_except(e, text, len, 0, &mask, &err), 0);
    assert_int_equal(mask, 3);
    assert_int_equal(scrub_engine_warnings_except(e, text, len, 1, &mask, &err), 0);
    assert_int_equal(mask, 2);
    assert_int_equal(scrub_engine_warnings_except(e, text, len, 2, &mask, &err), 0);
    assert_int_equal(mask, 1);
    assert_int_equal(scrub_engine_warnings_except(e, text, len, 3, &mask, &err), 0);
    assert_int_equal(mask, 0);
    /* Bits beyond the pack's categories do not stop the search. */
    assert_int_equal(scrub_engine_warnings_except(e, text, len, ~(uint64_t)3, &mask, &err), 0);
    assert_int_equal(mask, 3);
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

/* What `veil rules test` prints for rs (caller frees); *failures gets the failure count. */
static char *
rules_test_report(const struct scrub_rules *rs, size_t *failures)
{
    struct err err = {ERR_NONE, ""};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    assert_int_equal(scrub_rules_test(rs, out, failures, &err), 0);
    assert_int_equal(fclose(out), 0);
    return text;
}

static void
rules_test_counts_failing_examples(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "failing.yaml");
    size_t failures = 0;
    char *text;

    (void)state;
    text = rules_test_report(rs, &failures);
    assert_int_equal(failures, 2);
    assert_non_null(strstr(text, "rule 'digits': match example 2: no NUMBER found"));
    assert_non_null(strstr(text, "rule 'digits': no_match example 1: NUMBER found"));
    assert_non_null(strstr(text, "rules: 1 passed, 2 failed\n"));
    free(text);
    scrub_rules_free(rs);
}

/* A pack whose pattern declares a cheaper regex it only runs after: "code" before the digits. */
#define PREFILTER_REGEX_PACK(pre)                                                                  \
    "recognizers:\n"                                                                               \
    "  - name: codes\n"                                                                            \
    "    supported_entity: CODE\n"                                                                 \
    "    patterns:\n"                                                                              \
    "      - name: p\n"                                                                            \
    "        regex: '(?i)(?:code[ \\t]*)?\\d{4}'\n"                                                \
    "        prefilter_regex: '" pre "'\n"                                                         \
    "        score: 0.8\n"                                                                         \
    "    tests:\n"                                                                                 \
    "      match: ['CODE 1234']\n"

static void
prefilter_regex_skips_a_pattern_where_it_finds_nothing(void **state)
{
    struct scrub_rules *rs = load_yaml(PREFILTER_REGEX_PACK("code"));
    struct scrub_engine_opts exhaustive = {.no_prefilter = true};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_engine *all = scrub_engine_new(rs, &exhaustive, &err);
    char out[256];

    (void)state;
    /* the prefilter gets the rule's flags, not the (?i) written inside the pattern */
    detect_str(e, "my code 1234", out, sizeof(out));
    assert_string_equal(out, "CODE:3-12");
    detect_str(e, "pin 1234", out, sizeof(out));
    assert_string_equal(out, "");
    /* it is a promise the pack makes: an engine that skips nothing still runs the pattern */
    detect_str(all, "pin 1234", out, sizeof(out));
    assert_string_equal(out, "CODE:4-8");
    scrub_engine_free(e);
    scrub_engine_free(all);
    scrub_rules_free(rs);
}

/*
 * A prefilter_regex is searched only near its own literals (in windows when they are rare, over
 * the whole text when not): on random texts the pattern must run exactly when the prefilter
 * regex, run over the whole text by PCRE2 itself, finds a match.
 */
static void
prefilter_regex_searched_near_its_literals_decides_as_a_whole_text_search(void **state)
{
    static const char *const pieces[] = {"secret", "hidden", "ab",   "x", "7",  " ",
                                         "1234",   "code",   "abcd", "-", "\n", "s3cret"};
    const char *pre = "[a-z]{2,3}(?:secret|hidden)[0-9]";
    struct scrub_rules *rs = load_yaml(PREFILTER_REGEX_PACK("[a-z]{2,3}(?:secret|hidden)[0-9]"));
    struct scrub_engine_opts exhaustive = {.no_prefilter = true};
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    struct scrub_engine *all = scrub_engine_new(rs, &exhaustive, &err);
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pre, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                   &code, &offset, NULL);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    uint64_t x = 0x2545f4914f6cdd1dull;
    char text[2048], got[4096], want[4096];
    size_t windowed = 0;

    (void)state;
    assert_non_null(re);
    /* the prefilter's literals anchor windows reaching three letters back */
    assert_int_equal(rs->rules[0].patterns[0].requires_gate.anchor_kind, ANCHOR_LISTED);
    for (int iter = 0; iter < 3000; iter++) {
        size_t len = 0, n;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        n = x % (iter % 3 ? 40 : 300);
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* mostly filler, so the literals are rare in long texts and windows are used */
            const char *p = pieces[x % 397 < 12 ? x % 397 : 2 + x % 3];
            assert_true(len + strlen(p) < sizeof(text));
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
        text[len] = '\0';
        size_t anchors = 0;
        for (const char *a = text; (a = strstr(a, "secret")) != NULL; a++) {
            anchors++;
        }
        for (const char *a = text; (a = strstr(a, "hidden")) != NULL; a++) {
            anchors++;
        }
        windowed += anchors > 0 && anchors <= len / 128; /* rare enough to be windowed */
        detect_str(e, text, got, sizeof(got));
        if (pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, NULL) >= 0) {
            detect_str(all, text, want, sizeof(want));
        } else {
            want[0] = '\0';
        }
        if (strcmp(got, want) != 0) {
            fail_msg("text \"%s\": got [%s], want [%s]", text, got, want);
        }
    }
    assert_true(windowed > 100);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    scrub_engine_free(e);
    scrub_engine_free(all);
    scrub_rules_free(rs);
}

/* Gates needing the same literals share one trigger id: the scan finds and lists them once. */
static void
identical_literal_sets_share_one_trigger_id(void **state)
{
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: zebras\n"
                                       "    supported_entity: ZEBRA\n"
                                       "    patterns:\n"
                                       "      - name: numbered\n"
                                       "        regex: 'zebra-[0-9]{3}'\n"
                                       "        prefilter_regex: 'zebra-[0-9]'\n"
                                       "        score: 0.8\n"
                                       "      - name: lettered\n"
                                       "        regex: 'zebra-[a-z]{3}'\n"
                                       "        score: 0.8\n");
    const struct rule *r = &rs->rules[0];

    (void)state;
    assert_true(r->patterns[0].gate.trigger_anchor >= 0);
    assert_int_equal(r->patterns[1].gate.trigger_anchor, r->patterns[0].gate.trigger_anchor);
    assert_int_equal(r->patterns[0].requires_gate.trigger_anchor,
                     r->patterns[0].gate.trigger_anchor);
    assert_detect(rs, "a zebra-123 and a zebra-abc", "ZEBRA:2-11 ZEBRA:18-27");
    assert_detect(rs, "only zebra-xyz here", "ZEBRA:5-14");
    scrub_rules_free(rs);
}

/*
 * Behind a prefilter_regex, a pattern's two-letter anchors ("ab", "cd": every few dozen bytes of
 * prose) are not listed by the scan: the pattern runs over the whole text, and only where the
 * prefilter matched. Without one they are listed and searched in windows.
 */
static void
prefiltered_pattern_does_not_list_two_letter_anchors(void **state)
{
#define TWO_LETTER_PACK(pre)                                                                       \
    "recognizers:\n"                                                                               \
    "  - name: codes\n"                                                                            \
    "    supported_entity: CODE\n"                                                                 \
    "    patterns:\n"                                                                              \
    "      - name: p\n"                                                                            \
    "        regex: '[0-9]{3}(?:ab|cd)'\n" pre "        score: 0.8\n"
    struct scrub_rules *plain = load_yaml(TWO_LETTER_PACK(""));
    struct scrub_rules *pre =
        load_yaml(TWO_LETTER_PACK("        prefilter_regex: '[0-9](?:ab|cd)'\n"));

    (void)state;
    assert_int_equal(plain->rules[0].patterns[0].gate.anchor_kind, ANCHOR_LISTED);
    assert_int_equal(pre->rules[0].patterns[0].gate.anchor_kind, ANCHOR_NONE);
    assert_int_equal(pre->rules[0].patterns[0].requires_gate.anchor_kind, ANCHOR_NONE);
    /* the literals still gate: a text without them is skipped, one with them is searched */
    assert_detect(pre, "cab 123 abc", "");
    assert_detect(pre, "cab 123ab and 456cd", "CODE:4-9 CODE:14-19");
    assert_detect(plain, "cab 123ab and 456cd", "CODE:4-9 CODE:14-19");
    scrub_rules_free(plain);
    scrub_rules_free(pre);
#undef TWO_LETTER_PACK
}

/*
 * Two-letter anchors with a letter English seldom writes ("oz", "ez": a surname's ending) are
 * rare in prose: behind a prefilter_regex they are listed and the prefilter searched in windows
 * before them, with the matches a whole-text search finds.
 */
static void
prefiltered_pattern_lists_two_letter_anchors_with_a_rare_letter(void **state)
{
    struct scrub_rules *rs =
        load_yaml("recognizers:\n"
                  "  - name: surnames\n"
                  "    supported_entity: PERSON\n"
                  "    patterns:\n"
                  "      - name: p\n"
                  "        regex: '\\b[A-Z][a-z]+ [A-Z][a-z]*(?:oz|ez)\\b'\n"
                  "        prefilter_regex: '[A-Z][a-z]* [A-Z][a-z]*(?:oz|ez)\\b'\n"
                  "        score: 0.8\n");

    (void)state;
    assert_int_equal(rs->rules[0].patterns[0].requires_gate.anchor_kind, ANCHOR_LISTED);
    assert_detect(rs, "a size of the Ozone", "");
    assert_detect(rs, "met Ana Lopez and Juan Munoz today", "PERSON:4-13 PERSON:18-28");
    scrub_rules_free(rs);
}

/*
 * The inline shortcut that skips a gate without calling gate_open closes only gates gate_open
 * closes, on the shipped packs, and closes most of them once a text is measured and scanned.
 */
static void
gate_shortcut_closes_only_what_gate_open_closes(void **state)
{
    static const char *const texts[] = {
        "Human: how do I find out about my neighbor's address? Assistant: I can't help.",
        "Call me at 555-123-4567 or mail jo@example.com, card 4111 1111 1111 1111.",
        "Ich hei\xc3\x9f"
        "e Anna M\xc3\xbcller, wohnhaft Hauptstra\xc3\x9f"
        "e 5, 10115 Berlin.",
        "I hate those people, they should all be kicked out of the country.",
        "ok",
    };
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    size_t shortcut = 0, gates = 0;

    (void)state;
    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    assert_int_equal(scrub_rules_load(&rs, "rules/warnings", &err), 0);
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    assert_non_null(e);
    for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        struct subject sub;
        subject_text(e, (const unsigned char *)texts[t], strlen(texts[t]), &sub);
        /* before anything measured or scanned this text, then after */
        for (int pass = 0; pass < 2; pass++) {
            size_t n = 0, n_patterns = 0;
            for (size_t i = 0; i < rs->n_rules; i++) {
                n_patterns += rs->rules[i].n_patterns;
            }
            bool *surely = calloc(n_patterns + 1, sizeof(*surely)); /* the pack keeps growing */
            assert_non_null(surely);
            for (size_t i = 0; i < rs->n_rules; i++) {
                const struct rule *r = &rs->rules[i];
                for (size_t k = 0; k < r->n_patterns; k++, n++) {
                    assert_true(n < n_patterns);
                    surely[n] = gate_surely_closed(&r->patterns[k].gate, r->requires_trigger, &sub);
                }
            }
            n = 0;
            for (size_t i = 0; i < rs->n_rules; i++) {
                const struct rule *r = &rs->rules[i];
                for (size_t k = 0; k < r->n_patterns; k++, n++) {
                    bool open;
                    assert_int_equal(gate_open(rs, &r->patterns[k].gate, r->requires_trigger, &sub,
                                               false, &open, &err),
                                     0);
                    if (surely[n] && open) {
                        fail_msg("text %zu: the shortcut closed rule '%s' pattern %zu, gate_open "
                                 "opens it",
                                 t, r->name, k);
                    }
                    gates += pass == 1;
                    shortcut += pass == 1 && surely[n];
                }
            }
            free(surely);
        }
    }
    assert_true(2 * shortcut > gates); /* it is worth having */
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

/* The longest run of bytes in s[0..n) for which in() holds. */
static size_t
longest_run(const unsigned char *s, size_t n, bool (*in)(unsigned char))
{
    size_t best = 0, cur = 0;

    for (size_t i = 0; i < n; i++) {
        cur = in(s[i]) ? cur + 1 : 0;
        best = cur > best ? cur : best;
    }
    return best;
}

static bool
is_blank_byte(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static bool
is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c >= 0x80;
}

/* ASCII white space and the bytes of the Unicode spaces' UTF-8 (lead bytes C2, E1-E3). */
static bool
is_space_byte(unsigned char c)
{
    return (c >= 9 && c <= 13) || c == ' ' || (c >= 0x80 && c <= 0xBF) || c == 0xC2 ||
           (c >= 0xE1 && c <= 0xE3);
}

static bool
is_hex_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') || c >= 0x80;
}

static bool
is_digit_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * A subject's longest runs (what gates and windows read) are those of a byte-by-byte count, on
 * random text whose runs cross the measure's 64-byte blocks and fill whole blocks.
 */
static void
subject_runs_are_the_longest_runs_of_each_kind(void **state)
{
    static const char *const pieces[] = {"a",
                                         "Z",
                                         "_",
                                         "7",
                                         "f",
                                         " ",
                                         "\t",
                                         "\n",
                                         "\r",
                                         "-",
                                         ".",
                                         "\xc2\xa0",
                                         "\xe2\x80\x83",
                                         "\xc3\xa9",
                                         "\xf0\x9f\x98\x80",
                                         "\x0b",
                                         "\xe3\x80\x80"};
    struct scrub_rules *rs = load_yaml(PREFILTER_REGEX_PACK("code"));
    struct err err = {ERR_NONE, ""};
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    uint64_t x = 0x853c49e6748fea9bull;
    unsigned char text[1024];

    (void)state;
    for (int iter = 0; iter < 2000; iter++) {
        size_t len = 0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t pieces_n = x % 300;
        for (size_t k = 0; k < pieces_n; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            const char *p = pieces[x % (sizeof(pieces) / sizeof(pieces[0]))];
            size_t repeat = x % 7 == 0 ? 1 + (x >> 8) % 150 : 1; /* long runs, now and then */
            for (size_t r = 0; r < repeat && len + strlen(p) <= sizeof(text); r++) {
                memcpy(text + len, p, strlen(p));
                len += strlen(p);
            }
        }
        struct subject sub;
        subject_text(e, text, len, &sub);
        assert_int_equal(sub.blank_run, longest_run(text, len, is_blank_byte));
        assert_int_equal(sub.word_run, longest_run(text, len, is_word_byte));
        assert_int_equal(sub.space_run, longest_run(text, len, is_space_byte));
        assert_int_equal(sub.hex_run, longest_run(text, len, is_hex_byte));
        assert_int_equal(sub.digit_run, longest_run(text, len, is_digit_byte));
    }
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

static void
rules_test_fails_a_prefilter_regex_that_misses_a_match(void **state)
{
    struct scrub_rules *rs = load_yaml(PREFILTER_REGEX_PACK("code"));
    size_t failures = 0;
    char *text;

    (void)state;
    /* case-sensitive "code" misses "CODE 1234", which the pattern matches */
    text = rules_test_report(rs, &failures);
    assert_int_equal(failures, 2);
    assert_non_null(strstr(text, "rule 'codes': match example 1: pattern 'p' matches but its "
                                 "prefilter_regex does not"));
    free(text);
    scrub_rules_free(rs);

    rs = load_yaml(PREFILTER_REGEX_PACK("(?i)code"));
    text = rules_test_report(rs, &failures);
    assert_int_equal(failures, 0);
    free(text);
    scrub_rules_free(rs);
}

static void
loader_names_the_line_of_a_bad_prefilter_regex(void **state)
{
    char msg[512];
    enum err_kind kind;

    (void)state;
    load_error(PREFILTER_REGEX_PACK("co(de"), msg, sizeof(msg), &kind);
    assert_int_equal(kind, ERR_PARSE);
    assert_non_null(strstr(msg, "PACK:7: rule 'codes': prefilter_regex does not compile: "));
}

static void
lint_flags_backtracking_shapes_and_passes_clean_patterns(void **state)
{
    struct scrub_rules *rs = load_fixture(FIXTURES "lint.yaml");
    struct err err = {ERR_NONE, ""};
    char *text = NULL;
    size_t len = 0, warnings = 0;
    FILE *out = open_memstream(&text, &len);

    (void)state;
    assert_int_equal(scrub_rules_lint(rs, out, &warnings, &err), 0);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(warnings, 4);
    assert_non_null(strstr(text, "rule 'nested': nested quantifier"));
    assert_non_null(strstr(text, "rule 'nested_star': nested quantifier"));
    assert_non_null(strstr(text, "rule 'overlapping_alternation': repeated alternation"));
    assert_non_null(strstr(text, "rule 'both_ends': unanchored .* at both ends"));
    assert_null(strstr(text, "'clean'"));
    /* a cue literal read on the original of non-ASCII text costs a second trigger scan: noted */
    assert_non_null(strstr(text, "rule 'reads_original': note: reads the original"));
    assert_null(strstr(text, "'reads_view'"));
    assert_null(strstr(text, "'reads_raw'"));
    free(text);
    scrub_rules_free(rs);
}

/* label_is_word: a whole word of the list, its ASCII letters without case, nothing longer or
 * shorter (it compares up to each word's NUL instead of measuring the word first). */
static void
label_is_word_matches_whole_words_without_case(void **state)
{
    static const char *const words[] = {"ist", "is", "n\xc2\xba", "grand total", ""};
    static const char *const no_empty[] = {"was", "es"};
    const size_t n_words = sizeof(words) / sizeof(*words);
    (void)state;

    assert_true(label_is_word((const unsigned char *)"IS", 2, words, n_words));
    assert_true(label_is_word((const unsigned char *)"Ist", 3, words, n_words));
    assert_true(label_is_word((const unsigned char *)"N\xc2\xba", 3, words, n_words));
    assert_true(label_is_word((const unsigned char *)"Grand Total", 11, words, n_words));
    assert_true(label_is_word((const unsigned char *)"", 0, words, n_words));
    /* a prefix of a word, a word with more after it, a UTF-8 byte that differs */
    assert_false(label_is_word((const unsigned char *)"i", 1, words, n_words));
    assert_false(label_is_word((const unsigned char *)"isn", 3, words, n_words));
    assert_false(label_is_word((const unsigned char *)"ists", 4, words, n_words));
    assert_false(label_is_word((const unsigned char *)"n\xc2\xb0", 3, words, n_words));
    assert_false(label_is_word((const unsigned char *)"grand", 5, words, n_words));
    /* bytes past n are not the word's: "wasp" read as its first three bytes is "was" */
    assert_true(label_is_word((const unsigned char *)"wasp", 3, no_empty, 2));
    assert_false(label_is_word((const unsigned char *)"", 0, no_empty, 2));
    assert_false(label_is_word((const unsigned char *)"e", 1, no_empty, 2));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(label_is_word_matches_whole_words_without_case),
        cmocka_unit_test(loader_names_file_line_rule_and_offset_for_a_bad_regex),
        cmocka_unit_test(loader_names_the_line_of_invalid_yaml),
        cmocka_unit_test(loader_names_the_line_of_a_bad_prefilter_regex),
        cmocka_unit_test(prefilter_regex_skips_a_pattern_where_it_finds_nothing),
        cmocka_unit_test(prefilter_regex_searched_near_its_literals_decides_as_a_whole_text_search),
        cmocka_unit_test(identical_literal_sets_share_one_trigger_id),
        cmocka_unit_test(prefiltered_pattern_does_not_list_two_letter_anchors),
        cmocka_unit_test(prefiltered_pattern_lists_two_letter_anchors_with_a_rare_letter),
        cmocka_unit_test(gate_shortcut_closes_only_what_gate_open_closes),
        cmocka_unit_test(subject_runs_are_the_longest_runs_of_each_kind),
        cmocka_unit_test(rules_test_fails_a_prefilter_regex_that_misses_a_match),
        cmocka_unit_test(loader_rejects_an_unknown_key_naming_rule_and_line),
        cmocka_unit_test(loader_rejects_an_unknown_validator),
        cmocka_unit_test(loader_rejects_a_score_out_of_range),
        cmocka_unit_test(loader_rejects_a_duplicate_rule_name),
        cmocka_unit_test(presidio_recognizer_file_loads_unchanged),
        cmocka_unit_test(directory_loads_packs_in_name_order_and_loads_accumulate),
        cmocka_unit_test(failed_load_leaves_the_rule_set_unchanged),
        cmocka_unit_test(packs_loaded_together_on_threads_equal_packs_loaded_one_by_one),
        cmocka_unit_test(patterns_are_jit_compiled_once_worth_it_with_the_same_answers),
        cmocka_unit_test(a_regex_is_interpreted_no_longer_than_compiling_it_costs),
        cmocka_unit_test(threaded_load_reports_the_first_error_in_pack_order),
        cmocka_unit_test(context_word_near_a_weak_candidate_keeps_it),
        cmocka_unit_test(context_word_in_disguise_counts_as_the_word),
        cmocka_unit_test(context_word_typed_as_leetspeak_or_an_acronym_counts),
        cmocka_unit_test(context_window_counts_a_disguised_letter_as_one_byte),
        cmocka_unit_test(a_finding_ends_where_its_word_and_invisible_marks_end),
        cmocka_unit_test(weak_candidate_without_context_is_dropped),
        cmocka_unit_test(context_window_does_not_count_other_findings),
        cmocka_unit_test(context_search_steps_over_findings_end_to_end),
        cmocka_unit_test(context_not_word_next_to_a_candidate_drops_it),
        cmocka_unit_test(context_not_gap_counts_the_gap_and_whole_words_only),
        cmocka_unit_test(context_not_gap_finds_a_word_at_its_widest),
        cmocka_unit_test(a_width_in_bytes_comes_from_the_runs_of_the_stretch),
        cmocka_unit_test(a_word_list_width_bounds_its_regex_width),
        cmocka_unit_test(a_name_dropped_by_context_not_gap_goes_where_it_recurs),
        cmocka_unit_test(a_longer_name_ending_in_a_dropped_one_goes_too),
        cmocka_unit_test(a_generational_suffix_is_the_names_before_a_public_role),
        cmocka_unit_test(a_dropped_public_name_goes_where_its_first_word_recurs),
        cmocka_unit_test(a_listed_name_with_a_spelling_slip_is_the_listed_name),
        cmocka_unit_test(part_of_a_listed_name_the_text_writes_whole_is_no_name),
        cmocka_unit_test(every_repeat_of_a_name_shares_its_verdict_on_being_part_of_a_listed_name),
        cmocka_unit_test(name_next_to_a_context_entity_is_kept),
        cmocka_unit_test(the_same_name_without_a_context_entity_is_dropped),
        cmocka_unit_test(context_entity_on_another_line_does_not_count),
        cmocka_unit_test(context_entity_placeholder_counts_as_its_finding),
        cmocka_unit_test(rules_kept_only_beside_an_entity_run_last_and_only_when_one_is_found),
        cmocka_unit_test(a_rule_kept_only_beside_an_entity_does_not_run_in_a_text_without_one),
        cmocka_unit_test(allow_list_file_lines_are_allowed_like_allow_list_entries),
        cmocka_unit_test(a_missing_allow_list_file_is_a_load_error_naming_the_rule),
        cmocka_unit_test(context_entities_must_be_entity_names),
        cmocka_unit_test(checksum_validator_confirms_and_rejects_candidates),
        cmocka_unit_test(allow_list_entry_suppresses_a_candidate),
        cmocka_unit_test(allow_list_matches_values_and_their_endings_ignoring_ascii_case),
        cmocka_unit_test(allow_list_matches_a_validated_value_in_any_layout),
        cmocka_unit_test(candidates_inside_an_allowed_value_of_another_entity_are_dropped),
        cmocka_unit_test(overlapping_candidates_resolve_to_the_longest_span),
        cmocka_unit_test(the_nearest_label_decides_a_type_conflict),
        cmocka_unit_test(a_cue_right_before_a_bare_number_beats_its_shape),
        cmocka_unit_test(a_label_is_no_value),
        cmocka_unit_test(adjacent_pieces_of_one_entity_are_merged),
        cmocka_unit_test(name_pieces_around_a_quoted_nickname_are_one_name),
        cmocka_unit_test(named_group_pii_limits_the_finding_to_the_group),
        cmocka_unit_test(digits_in_other_scripts_match_on_the_normalised_view),
        cmocka_unit_test(character_references_in_ascii_text_are_read_as_their_characters),
        cmocka_unit_test(lexicon_rule_finds_capitalised_names_only),
        cmocka_unit_test(prefilter_never_hides_caseless_or_unicode_matches),
        cmocka_unit_test(runs_longer_than_the_counters_still_open_gates),
        cmocka_unit_test(same_non_ascii_text_twice_is_measured_as_itself),
        cmocka_unit_test(prefilter_skips_do_not_change_results),
        cmocka_unit_test(gate_briefs_close_exactly_when_their_gates_do),
        cmocka_unit_test(short_runs_drop_exactly_the_patterns_their_briefs_close),
        cmocka_unit_test(windowed_search_finds_what_a_full_search_finds),
        cmocka_unit_test(declared_prefilter_words_gate_the_rule),
        cmocka_unit_test(originals_are_scanned_for_the_literals_of_patterns_that_read_them),
        cmocka_unit_test(replace_operator_writes_a_typed_placeholder),
        cmocka_unit_test(mask_operator_keeps_the_last_characters_not_bytes),
        cmocka_unit_test(pseudonym_operator_is_keyed_and_ignores_case_and_spaces),
        cmocka_unit_test(pseudonym_operator_without_a_key_is_an_error),
        cmocka_unit_test(redact_operator_removes_the_value),
        cmocka_unit_test(drop_record_operator_flags_the_record),
        cmocka_unit_test(entity_override_beats_the_rule_operator),
        cmocka_unit_test(scrubbing_scrubbed_text_changes_nothing),
        cmocka_unit_test(engines_on_threads_share_one_rule_set),
        cmocka_unit_test(catastrophic_backtracking_is_a_limit_error_not_a_miss),
        cmocka_unit_test(invalid_utf8_is_a_parse_error_naming_the_offset),
        cmocka_unit_test(warning_terms_match_whole_words_prefixes_and_min_hits),
        cmocka_unit_test(warning_term_matcher_agrees_with_the_regex_on_ascii_text),
        cmocka_unit_test(warning_terms_of_more_bytes_than_a_trie_row_holds_keep_their_regex),
        cmocka_unit_test(warning_term_matcher_agrees_with_the_regex_on_random_ascii_text),
        cmocka_unit_test(warning_term_walks_started_three_bytes_in_agree_with_the_regex),
        cmocka_unit_test(warning_terms_of_the_shipped_pack_agree_with_the_regex_in_the_trie),
        cmocka_unit_test(warning_terms_past_the_matcher_size_keep_their_regex),
        cmocka_unit_test(warning_term_with_a_one_letter_first_word_matches_across_any_white_space),
        cmocka_unit_test(warning_term_anchored_on_a_later_word_matches_across_any_white_space),
        cmocka_unit_test(warnings_except_skips_known_categories_and_finds_the_rest),
        cmocka_unit_test(rules_test_counts_failing_examples),
        cmocka_unit_test(lint_flags_backtracking_shapes_and_passes_clean_patterns),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
