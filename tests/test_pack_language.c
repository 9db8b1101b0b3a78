/*
 * The pack language's sharing and checking keys: fragments and word lists (pack_fragments.c),
 * context_not and its clauses, and match examples that name their finding (rules_test.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "scrub/rules_internal.h" /* white-box: the expanded source of a pattern */
#include "scrub/scrub.h"
#include "tests/test_scrub_helpers.h"

#include "common/banned.h"

/* Load must fail; the message with each temp path replaced by "PACK" must be want. */
static void
assert_load_error(const char *yaml, const char *want)
{
    char path[64], msg[600];
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    size_t n, used = 0;

    temp_pack(yaml, path);
    assert_int_equal(scrub_rules_load(&rs, path, &err), -1);
    assert_null(rs);
    unlink(path);
    n = strlen(path);
    assert_memory_equal(err.msg, path, n);
    for (const char *p = err.msg; *p && used + 5 < sizeof(msg);) {
        if (!strncmp(p, path, n)) {
            memcpy(msg + used, "PACK", 4);
            used += 4;
            p += n;
        } else {
            msg[used++] = *p++;
        }
    }
    msg[used] = '\0';
    assert_string_equal(msg, want);
}

/* A directory pack of two files, loaded; the test fails if it does not load. */
static int
load_two(const char *first, const char *second, struct scrub_rules **rs, struct err *err)
{
    char dir[] = "/tmp/veil-packdir-XXXXXX", a[64], b[64];
    FILE *f;
    int rc;

    assert_non_null(mkdtemp(dir));
    (void)snprintf(a, sizeof(a), "%s/10-a.yaml", dir);
    (void)snprintf(b, sizeof(b), "%s/20-b.yaml", dir);
    assert_non_null(f = fopen(a, "w"));
    assert_true(fputs(first, f) >= 0 && fclose(f) == 0);
    assert_non_null(f = fopen(b, "w"));
    assert_true(fputs(second, f) >= 0 && fclose(f) == 0);
    rc = scrub_rules_load(rs, dir, err);
    unlink(a);
    unlink(b);
    rmdir(dir);
    return rc;
}

static const char *
source_of(const struct scrub_rules *rs, const char *rule, size_t k)
{
    for (size_t i = 0; i < rs->n_rules; i++) {
        if (!strcmp(rs->rules[i].name, rule)) {
            return rs->rules[i].patterns[k].source;
        }
    }
    fail_msg("no rule '%s'", rule);
    return NULL;
}

/* ---- fragments ---- */

static void
fragment_is_expanded_in_a_pattern_as_a_group(void **state)
{
    struct scrub_rules *rs = load_yaml("fragments:\n"
                                       "  word: '[A-Z][a-z]{1,20}'\n"
                                       "  name: '(?&&word) (?&&word)'\n"
                                       "  ahead: '(?!Mr )'\n"
                                       "recognizers:\n"
                                       "  - name: called\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns:\n"
                                       "      - name: p\n"
                                       "        regex: 'call (?&&ahead)(?<pii>(?&&name)){1,2}\\b'\n"
                                       "        score: 0.9\n");

    (void)state;
    /* A fragment that is one group already goes in as written; any other inside (?:...). */
    assert_string_equal(
        source_of(rs, "called", 0),
        "call (?!Mr )(?<pii>(?:(?:[A-Z][a-z]{1,20}) (?:[A-Z][a-z]{1,20}))){1,2}\\b");
    assert_detect(rs, "please call Ana Souza now", "PERSON:12-21");
    assert_detect(rs, "please call Mr Souza now", "");
    scrub_rules_free(rs);
}

static void
fragment_reference_in_a_class_or_an_escape_is_left_alone(void **state)
{
    struct scrub_rules *rs = load_yaml("fragments:\n"
                                       "  d: '[0-9]'\n"
                                       "recognizers:\n"
                                       "  - name: r\n"
                                       "    supported_entity: ID\n"
                                       "    patterns:\n"
                                       "      - name: p\n"
                                       "        regex: '[(?&&d)]x\\(?&&d\\)\\Q(?&&d)\\E(?&&d)'\n"
                                       "        score: 0.9\n");

    (void)state;
    assert_string_equal(source_of(rs, "r", 0), "[(?&&d)]x\\(?&&d\\)\\Q(?&&d)\\E(?:[0-9])");
    scrub_rules_free(rs);
}

static void
fragment_of_an_earlier_file_of_the_pack_is_visible(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    (void)state;
    assert_int_equal(load_two("fragments:\n  num: '[0-9]{4}'\n",
                              "recognizers:\n"
                              "  - name: pin\n"
                              "    supported_entity: PIN\n"
                              "    patterns:\n"
                              "      - {name: p, regex: 'pin (?<pii>(?&&num))', score: 0.9}\n",
                              &rs, &err),
                     0);
    assert_detect(rs, "my pin 1234", "PIN:7-11");
    scrub_rules_free(rs);
}

static void
fragment_of_a_later_file_or_another_pack_is_unknown(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    const char *user = "recognizers:\n"
                       "  - name: pin\n"
                       "    supported_entity: PIN\n"
                       "    patterns:\n"
                       "      - {name: p, regex: 'pin (?&&num)', score: 0.9}\n";

    (void)state;
    assert_int_equal(load_two(user, "fragments:\n  num: '[0-9]{4}'\n", &rs, &err), -1);
    assert_non_null(strstr(err.msg, "/10-a.yaml:5: rule 'pin': key 'patterns.regex': unknown "
                                    "fragment 'num' at offset 4"));
    assert_null(rs);
    rs = load_yaml("fragments:\n  num: '[0-9]{4}'\n");
    err.kind = ERR_NONE;
    assert_int_equal(load_yaml_into(user, &rs, &err), -1);
    assert_non_null(strstr(err.msg, "unknown fragment 'num'"));
    scrub_rules_free(rs);
}

static void
fragment_errors_name_file_line_and_rule(void **state)
{
    (void)state;
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns:\n"
                      "      - {name: p, regex: 'x(?&&nope)', score: 0.9}\n",
                      "PACK:5: rule 'r': key 'patterns.regex': unknown fragment 'nope' at offset 1 "
                      "(fragments come from this file and the files of its pack loaded before it)");
    assert_load_error(
        "recognizers:\n"
        "  - name: r\n"
        "    supported_entity: ID\n"
        "    patterns:\n"
        "      - {name: p, regex: 'x', prefilter_regex: '(?&&bad name)', score: 0.9}\n",
        "PACK:5: rule 'r': key 'patterns.prefilter_regex': expected a fragment name "
        "and ')' after '(?&&' at offset 0");
    assert_load_error("fragments:\n  a: 'x'\n  a: 'y'\n",
                      "PACK:3: fragment 'a': already defined at PACK:2");
    assert_load_error("fragments:\n  9a: 'x'\n",
                      "PACK:2: key 'fragments': '9a': a name is up to 64 letters, digits and '_', "
                      "not starting with a digit");
    assert_load_error("fragments:\n  b: '(?&&a)'\n  a: 'x'\n",
                      "PACK:2: rule '(pack)': key 'fragments': unknown fragment 'a' at offset 0 "
                      "(fragments come from this file and the files of its pack loaded before it)");
    assert_load_error("fragments: [x]\n",
                      "PACK:1: key 'fragments': expected a mapping of names to regexes");
}

static void
fragment_in_a_content_warning_pattern_is_expanded(void **state)
{
    struct scrub_rules *rs = load_yaml("fragments:\n"
                                       "  hurt: '(?:hurt|harm)'\n"
                                       "content_warnings:\n"
                                       "  - category: violence\n"
                                       "    patterns: ['\\b(?&&hurt) (?:him|her)\\b']\n"
                                       "    tests: {match: ['I will harm her'], no_match: ['her "
                                       "harmony']}\n");
    size_t failures = 1;
    struct err err = {ERR_NONE, ""};
    FILE *out = fopen("/dev/null", "w");

    (void)state;
    assert_non_null(out);
    assert_string_equal(rs->warnings[0].sources[0], "\\b(?:hurt|harm) (?:him|her)\\b");
    assert_int_equal(scrub_rules_test(rs, out, &failures, &err), 0);
    assert_int_equal(failures, 0);
    assert_int_equal(fclose(out), 0);
    scrub_rules_free(rs);
}

/* ---- context_not ---- */

static const char *born_pack = "recognizers:\n"
                               "  - name: born\n"
                               "    supported_entity: DATE_OF_BIRTH\n"
                               "    patterns:\n"
                               "      - name: p\n"
                               "        regex: 'born on (?<pii>[0-9]{4}-[0-9]{2}-[0-9]{2})'\n"
                               "        score: 0.9\n"
                               "    context_not: [startup, company]\n"
                               "    context_not_window: [24, 0]\n"
                               "  - name: weak\n"
                               "    supported_entity: NUMBER\n"
                               "    patterns: [{name: p, regex: '\\b[0-9]{6}\\b', score: 0.3}]\n"
                               "    context: [account]\n"
                               "    context_not: [order]\n";

static void
context_not_word_before_a_strong_candidate_drops_it(void **state)
{
    struct scrub_rules *rs = load_yaml(born_pack);

    (void)state;
    assert_detect(rs, "I was born on 1990-05-12.", "DATE_OF_BIRTH:14-24");
    assert_detect(rs, "the startup was born on 2011-03-03.", "");
    assert_detect(rs, "Our Startups were born on 2011-03-03.", "");
    /* farther than the window before, or after it (its window after is 0) */
    assert_detect(rs, "the startup founder who was born on 1990-05-12", "DATE_OF_BIRTH:36-46");
    assert_detect(rs, "she was born on 1990-05-12, then founded a company", "DATE_OF_BIRTH:16-26");
    scrub_rules_free(rs);
}

static void
context_not_word_beats_a_context_word(void **state)
{
    struct scrub_rules *rs = load_yaml(born_pack);

    (void)state;
    assert_detect(rs, "account 123456", "NUMBER:8-14");
    assert_detect(rs, "account order 123456", "");
    assert_detect(rs, "account 123456 order", "");
    scrub_rules_free(rs);
}

static void
context_not_word_in_disguise_counts_as_the_word(void **state)
{
    struct scrub_rules *rs = load_yaml(born_pack);

    (void)state;
    assert_detect(rs, "the ｓｔａｒｔｕｐ was born on 2011-03-03.", "");
    assert_detect(rs, "the start\u200bup was born on 2011-03-03.", "");
    assert_detect(rs, "the ｓｔａｒ was born on 2011-03-03.", "DATE_OF_BIRTH:29-39");
    scrub_rules_free(rs);
}

static void
context_not_window_is_a_number_or_a_pair(void **state)
{
    (void)state;
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    context_not: [y]\n"
                      "    context_not_window: [1, 2, 3]\n",
                      "PACK:6: rule 'r': key 'context_not_window': expected a whole number or "
                      "[before, after]");
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    context_not_window: 5000\n",
                      "PACK:5: rule 'r': key 'context_not_window': expected a whole number from 0 "
                      "to 4096");
}

/* ---- word lists and more than one context_not clause ---- */

static const char *lists_pack =
    "word_lists:\n"
    "  samples: [e.g., for example, sample]\n"
    "  placeholders: [Jan Kowalski, Mario Rossi]\n"
    "  roles: [actress, singer]\n"
    "  people: ['(?&&placeholders)', John Doe]\n"
    "context_not_shared:\n"
    "  - entities: [PERSON]\n"
    "    words: ['(?&&samples)']\n"
    "    window: [4, 0]\n"
    "    gap: true\n"
    "recognizers:\n"
    "  - name: name\n"
    "    supported_entity: PERSON\n"
    "    patterns: [{name: p, regex: '\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+', score: 0.9}]\n"
    "    context_not: ['(?&&roles)']\n"
    "    context_not_gap: true\n"
    "    context_not_window: [2, 0]\n"
    "    context_not_more:\n"
    "      - words: [example, przykład]\n"
    "        window: 40\n"
    "        names: ['(?&&people)']\n"
    "  - name: card\n"
    "    supported_entity: CARD\n"
    "    patterns: [{name: p, regex: '\\b[0-9]{4}\\b', score: 0.9}]\n"
    "    allow_list: ['(?&&placeholders)', '1234']\n";

static void
context_not_clauses_each_have_their_words_and_window(void **state)
{
    struct scrub_rules *rs = load_yaml(lists_pack);

    (void)state;
    assert_detect(rs, "I met Anna Nowak.", "PERSON:6-16");
    /* the rule's own clause (a word list, gap 2 before) */
    assert_detect(rs, "the actress Anna Nowak", "");
    assert_detect(rs, "the actress who met Anna Nowak", "PERSON:20-30");
    /* the pack's shared clause for PERSON (gap 4 before) */
    assert_detect(rs, "e.g. Anna Nowak", "");
    assert_detect(rs, "for example Anna Nowak", "");
    assert_detect(rs, "an example is Anna Nowak", "PERSON:14-24");
    /* the clause for the listed names only, 40 bytes either side, words not whole */
    assert_detect(rs, "in the example it says Jan Kowalski", "");
    assert_detect(rs, "Mario Rossi, in the examples", "");
    assert_detect(rs, "W przykładzie jest John Doe.", "");
    assert_detect(rs, "in the example it says Anna Nowak", "PERSON:23-33");
    assert_detect(rs, "my neighbour Jan Kowalski", "PERSON:13-25");
    /* a shared clause is for the entities it names; allow lists take word lists too */
    assert_detect(rs, "e.g. 4321", "CARD:5-9");
    assert_detect(rs, "card 1234 or 4321", "CARD:13-17");
    scrub_rules_free(rs);
}

/*
 * A clause reads its words from a file beside the pack (`words_file`), and with `between` its
 * word counts only when the gap is what that regex matches whole: "Ada Byron was born on ..."
 * drops the date, "Ada Byron's fan, my aunt, was born on ..." keeps it. `between` without `gap`
 * and a missing file are load errors.
 */
static void
words_file_and_between_limit_what_a_clause_stands_across(void **state)
{
    char list[] = "/tmp/veil-words-XXXXXX";
    int fd = mkstemp(list);
    char yaml[1024];
    struct scrub_rules *rs;

    (void)state;
    assert_true(fd >= 0);
    const char *lines = "# famous people\n\nAda Byron\n  Alan Turing \r\n";
    assert_true(write(fd, lines, strlen(lines)) == (ssize_t)strlen(lines));
    assert_int_equal(close(fd), 0);
    (void)snprintf(yaml, sizeof(yaml),
                   "context_not_shared:\n"
                   "  - entities: [DATE]\n"
                   "    words_file: %s\n"
                   "    window: [40, 0]\n"
                   "    gap: true\n"
                   "    between: '(?:[ ,(]|was|born|on)*'\n"
                   "recognizers:\n"
                   "  - name: date\n"
                   "    supported_entity: DATE\n"
                   "    patterns: [{name: p, regex: '[0-9]{4}-[0-9]{2}-[0-9]{2}', score: 0.9}]\n",
                   list);
    rs = load_yaml(yaml);
    assert_detect(rs, "Ada Byron was born on 1990-12-10", "");
    assert_detect(rs, "Alan Turing (born 1992-06-23)", "");
    assert_detect(rs, "Ada Byron's fan, my aunt, was born on 1990-12-10", "DATE:38-48");
    assert_detect(rs, "Grace Hopper was born on 1990-12-10", "DATE:25-35");
    assert_detect(rs, "born on 1990-12-10, like Ada Byron", "DATE:8-18");
    scrub_rules_free(rs);

    (void)snprintf(yaml, sizeof(yaml),
                   "recognizers:\n"
                   "  - name: date\n"
                   "    supported_entity: DATE\n"
                   "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                   "    context_not_more:\n"
                   "      - words_file: %s\n"
                   "        between: 'was'\n",
                   list);
    assert_load_error(yaml, "PACK:7: rule 'date': key 'context_not_more.between': only a clause "
                            "with 'gap: true' measures a gap");
    unlink(list);
    assert_load_error("recognizers:\n"
                      "  - name: date\n"
                      "    supported_entity: DATE\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    context_not_more:\n"
                      "      - words_file: /nonexistent/veil-words.txt\n",
                      "PACK:6: rule 'date': /nonexistent/veil-words.txt: cannot open word list: "
                      "No such file or directory");
}

/*
 * A clause with `failing` drops only a candidate its check rejects: a Luhn-failing number near
 * "invalid" goes, a valid one stays; another entity's candidate over the dropped number goes too.
 * An unknown check is a load error.
 */
static void
failing_clause_drops_only_values_its_check_rejects(void **state)
{
    struct scrub_rules *rs =
        load_yaml("recognizers:\n"
                  "  - name: id\n"
                  "    supported_entity: ID\n"
                  "    patterns: [{name: p, regex: 'id (?<pii>[0-9]{9})', score: 0.9}]\n"
                  "    context_not_more: [{words: [invalid], window: 32, failing: ca_sin}]\n"
                  "  - name: num\n"
                  "    supported_entity: NUM\n"
                  "    patterns: [{name: p, regex: '\\b[0-9]{9}\\b', score: 0.6}]\n");

    (void)state;
    assert_detect(rs, "id 046454287 is invalid", "");
    assert_detect(rs, "id 046454286 is invalid", "ID:3-12");
    assert_detect(rs, "id 046454287 is mine", "ID:3-12");
    assert_detect(rs, "046454287 is invalid", "NUM:0-9");
    scrub_rules_free(rs);
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    context_not_more: [{words: [a], failing: nope}]\n",
                      "PACK:5: rule 'r': key 'context_not_more.failing': unknown validator 'nope'");
}

static void
word_lists_are_shared_by_the_files_loaded_after(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    (void)state;
    assert_int_equal(load_two("word_lists:\n"
                              "  samples: [sample]\n"
                              "context_not_shared:\n"
                              "  - {entities: [ID], words: ['(?&&samples)'], window: 8}\n",
                              "recognizers:\n"
                              "  - name: id\n"
                              "    supported_entity: ID\n"
                              "    patterns: [{name: p, regex: '\\b[0-9]{6}\\b', score: 0.9}]\n"
                              "    context: ['(?&&samples)']\n",
                              &rs, &err),
                     0);
    assert_detect(rs, "id 123456", "ID:3-9");
    assert_detect(rs, "sample 123456", "");
    assert_int_equal(rs->n_not_clauses, 1); /* one clause for every rule of the entity */
    scrub_rules_free(rs);
}

static void
allow_list_shared_reaches_every_rule_of_its_entities(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    (void)state;
    assert_int_equal(
        load_two("word_lists:\n"
                 "  samples: ['123-45-6789', '123 45 6789']\n"
                 "allow_list_shared:\n"
                 "  - {entities: [SSN, ID], values: ['(?&&samples)', '000-00-0001']}\n",
                 "recognizers:\n"
                 "  - name: ssn\n"
                 "    supported_entity: SSN\n"
                 "    patterns: [{name: p, regex: 'ssn (?<pii>[0-9]{3}[ -][0-9]{2}[ -][0-9]{4})', "
                 "score: 0.9}]\n"
                 "  - name: ssn_column\n"
                 "    supported_entity: SSN\n"
                 "    column_headers: [ssn]\n"
                 "    column_fields: true\n"
                 "    allow_list: ['999-99-9999']\n"
                 "  - name: other\n"
                 "    supported_entity: OTHER\n"
                 "    patterns: [{name: p, regex: '\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b', "
                 "score: 0.9}]\n",
                 &rs, &err),
        0);
    assert_detect(rs, "ssn 531 24 1001", "SSN:4-15");
    assert_detect(rs, "ssn 123 45 6789", "");
    /* another entity's rule does not get them */
    assert_detect(rs, "ssn 000-00-0001", "OTHER:4-15");
    /* beside a rule's own allow list, and in a column */
    assert_detect(rs, "name,ssn\nAna,999-99-9999\nBo,123-45-6789\nCy,531-24-1001\n",
                  "OTHER:13-24 OTHER:28-39 SSN:43-54");
    scrub_rules_free(rs);
}

static void
word_list_errors_name_the_place(void **state)
{
    (void)state;
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    context_not: ['(?&&nope)']\n",
                      "PACK:5: rule 'r': key 'context_not': unknown word list '(?&&nope)' (word "
                      "lists come from this file and the files of its pack loaded before it)");
    assert_load_error("word_lists:\n"
                      "  w: [a]\n"
                      "recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x(?&&w)', score: 0.9}]\n",
                      "PACK:6: rule 'r': key 'patterns.regex': 'w' at offset 1 is a word list, "
                      "not a fragment");
    assert_load_error("fragments:\n"
                      "  w: 'a'\n"
                      "word_lists:\n"
                      "  w: [a]\n",
                      "PACK:4: word list 'w': already a fragment at PACK:2");
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    context_not_more:\n"
                      "      - {window: 3}\n",
                      "PACK:6: rule 'r': key 'context_not_more': a clause needs 'words' or "
                      "'words_file'");
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    context_not_more:\n"
                      "      - {words: [a], windw: 3}\n",
                      "PACK:6: rule 'r': unknown key 'context_not_more.windw'");
    assert_load_error("allow_list_shared:\n"
                      "  - {entities: [X]}\n",
                      "PACK:2: key 'allow_list_shared': expected a list of {entities, values}");
    assert_load_error("context_not_shared:\n"
                      "  - {words: [a]}\n",
                      "PACK:2: rule '(pack)': key 'context_not_shared': a clause needs "
                      "'entities'");
}

/* ---- match examples with their finding ---- */

/* scrub_rules_test's report on yaml (its path written PACK_FILE), and its failure count. */
static size_t
rules_test_report(const char *yaml, char *out, size_t cap)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};
    char path[64], raw[2048];
    size_t failures = 0, n, used = 0, plen;
    FILE *f = tmpfile();

    assert_non_null(f);
    temp_pack(yaml, path);
    plen = strlen(path);
    if (scrub_rules_load(&rs, path, &err) < 0) {
        fail_msg("load failed: %s", err.msg);
    }
    unlink(path);
    assert_int_equal(scrub_rules_test(rs, f, &failures, &err), 0);
    rewind(f);
    n = fread(raw, 1, sizeof(raw) - 1, f);
    raw[n] = '\0';
    for (const char *p = raw; *p && used + 10 < cap;) {
        if (!strncmp(p, path, plen)) {
            memcpy(out + used, "PACK_FILE", 9);
            used += 9;
            p += plen;
        } else {
            out[used++] = *p++;
        }
    }
    out[used] = '\0';
    assert_int_equal(fclose(f), 0);
    scrub_rules_free(rs);
    return failures;
}

static void
match_example_with_a_finding_fails_on_another_extent(void **state)
{
    char out[2048];

    (void)state;
    assert_int_equal(
        rules_test_report("recognizers:\n"
                          "  - name: called\n"
                          "    supported_entity: PERSON\n"
                          "    patterns:\n"
                          "      - {name: p, regex: 'call (?<pii>[A-Z][a-z]+(?: [A-Z][a-z]+)?)', "
                          "score: 0.9}\n"
                          "    tests:\n"
                          "      match:\n"
                          "        - call Ana now\n"
                          "        - {text: 'call Ana Souza now', finding: 'Ana Souza'}\n"
                          "        - {text: 'call Ana souza now', finding: 'Ana souza'}\n"
                          "        - {text: 'call ana souza now', finding: 'ana'}\n"
                          "      no_match: ['call ana']\n",
                          out, sizeof(out)),
        2);
    assert_string_equal(out, "PACK_FILE:2: rule 'called': match example 3: PERSON found as 'Ana', "
                             "not 'Ana souza'\n"
                             "PACK_FILE:2: rule 'called': match example 4: no PERSON found\n"
                             "rules: 3 passed, 2 failed\n");
}

static void
match_example_finding_must_be_in_its_text(void **state)
{
    (void)state;
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    tests: {match: [{text: 'abc', finding: 'zz'}]}\n",
                      "PACK:5: rule 'r': key 'tests.match': finding 'zz' is not in its text");
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: ID\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9}]\n"
                      "    tests: {match: [{text: 'abc'}]}\n",
                      "PACK:5: rule 'r': key 'tests.match': expected a string or {text, finding}");
    assert_load_error("content_warnings:\n"
                      "  - category: c\n"
                      "    terms: [x]\n"
                      "    tests: {match: [{text: 'x', finding: 'x'}]}\n",
                      "PACK:4: rule 'c': key 'tests.match': expected a list of strings");
}

/* ---- rules test: a pattern run on every text ---- */

/* scrub_rules_test's report on a rule whose pattern needs only what most texts have, its pattern
 * given the extra keys. */
static size_t
gate_report(const char *extra, char *out, size_t cap)
{
    char yaml[1024];

    (void)snprintf(yaml, sizeof(yaml),
                   "recognizers:\n"
                   "  - name: inverted\n"
                   "    supported_entity: PERSON\n"
                   "    patterns:\n"
                   "      - name: p\n"
                   "        regex: '\\b[A-Z][a-z]+,[ \\t]+[A-Z][a-z]+\\b'\n"
                   "        score: 0.9\n"
                   "%s"
                   "    tests:\n"
                   "      match: ['Smith, Anna']\n"
                   "      no_match: ['smith, anna']\n",
                   extra);
    return rules_test_report(yaml, out, cap);
}

static void
rules_test_fails_a_pattern_with_no_gate(void **state)
{
    char out[2048];

    (void)state;
    /* Capitals, letters, a comma and a blank: the bytes of most texts, and no literal. */
    assert_int_equal(gate_report("", out, sizeof(out)), 1);
    assert_string_equal(out, "PACK_FILE:6: rule 'inverted': pattern 'p' has no gate: it runs on "
                             "every text (no literal, anchor, rare byte or run every match needs, "
                             "no prefilter); give it one (rules/README.md, Speed) or say why with "
                             "'ungated:'\n"
                             "rules: 2 passed, 1 failed\n");
    /* A prefilter with a literal gates it. */
    assert_int_equal(gate_report("        prefilter_regex: 'Smith'\n", out, sizeof(out)), 0);
    /* A prefilter that any prose meets does not. */
    assert_int_equal(gate_report("        prefilter_regex: '[a-z],'\n", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "pattern 'p' has a prefilter_regex with no gate"));
    /* Said so, it passes; said so of a gated pattern, it fails. */
    assert_int_equal(gate_report("        ungated: 'a test'\n", out, sizeof(out)), 0);
    assert_int_equal(gate_report("        prefilter_regex: 'Smith'\n        ungated: 'a test'\n",
                                 out, sizeof(out)),
                     1);
    assert_non_null(strstr(out, "pattern 'p' says 'ungated:' but has a gate: drop the key"));
    /* A digit, a rare byte, a literal, a long run or a declared word is a gate; so is the '@'
     * after e8f5bd3's skip branch, which now requires nothing. */
    assert_int_equal(
        rules_test_report("recognizers:\n"
                          "  - name: r\n"
                          "    supported_entity: X\n"
                          "    patterns:\n"
                          "      - {name: digit, regex: '[a-z]+[0-9]', score: 0.9}\n"
                          "      - {name: hash, regex: '[a-z]+#', score: 0.9}\n"
                          "      - {name: word, regex: '(?:[a-z]+ )?zork', score: 0.9}\n"
                          "      - {name: run, regex: '[a-z]{11}', score: 0.9}\n"
                          "      - name: skip\n"
                          "        regex: '(?:(?i:\\b[a-z]{2,8}://[^\\s:@]{0,64}:"
                          "[^\\s@]{3,64}@)(*SKIP)(*FAIL))|\\b[a-z.]{1,64}@[a-z.]{3,64}'\n"
                          "        score: 0.9\n"
                          "  - name: declared\n"
                          "    supported_entity: X\n"
                          "    prefilter: [zork]\n"
                          "    patterns: [{name: any, regex: '[a-z]+', score: 0.9}]\n",
                          out, sizeof(out)),
        0);
    /* A run of ten letters, a comma, a one-byte anchor on a full stop: what most texts have. */
    assert_int_equal(rules_test_report("recognizers:\n"
                                       "  - name: r\n"
                                       "    supported_entity: X\n"
                                       "    patterns:\n"
                                       "      - {name: run, regex: '[a-z]{10}', score: 0.9}\n"
                                       "      - {name: comma, regex: '[A-Z][a-z]+,', score: 0.9}\n"
                                       "content_warnings:\n"
                                       "  - category: c\n"
                                       "    patterns: ['[a-z]+[.?]']\n",
                                       out, sizeof(out)),
                     3);
    assert_non_null(strstr(out, "pattern 'run' has no gate"));
    assert_non_null(strstr(out, "pattern 'comma' has no gate"));
    assert_non_null(strstr(out, "category 'c': pattern 1 has no gate"));
    assert_load_error("recognizers:\n"
                      "  - name: r\n"
                      "    supported_entity: X\n"
                      "    patterns: [{name: p, regex: 'x', score: 0.9, ungated: ''}]\n",
                      "PACK:4: rule 'r': key 'patterns.ungated': say why the pattern runs on "
                      "every text");
}

/* ---- lint: runs read again from every position ---- */

/* scrub_rules_lint's report on one pattern, and its warning count. */
static size_t
lint_one(const char *regex, char *out, size_t cap)
{
    char yaml[1024];
    struct scrub_rules *rs;
    struct err err = {ERR_NONE, ""};
    size_t warnings = 0, n;
    FILE *f = tmpfile();

    (void)snprintf(yaml, sizeof(yaml),
                   "recognizers:\n  - name: r\n    supported_entity: X\n    flags: [normalized]\n"
                   "    patterns: [{name: p, regex: '%s', score: 0.9}]\n",
                   regex);
    rs = load_yaml(yaml);
    assert_non_null(f);
    assert_int_equal(scrub_rules_lint(rs, f, &warnings, &err), 0);
    rewind(f);
    n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    assert_int_equal(fclose(f), 0);
    scrub_rules_free(rs);
    return warnings;
}

static void
lint_flags_an_unbounded_run_every_position_reads_again(void **state)
{
    char out[2048];
    static const char *const flagged[] = {
        "\\p{Arabic}{2,}[ ]+street",                           /* at the start */
        "[ \\t]*address:",                                     /* blanks before a cue */
        "(?:Mr[ ]+)?[ \\t]*\\p{Lu}\\p{Ll}+",                   /* after something optional */
        "(?!(?:[^\\s]+[ \\t]+){0,2}bank)\\p{Lu}\\p{Ll}{1,20}", /* in a look-ahead at the start */
        "(?<![A-Za-z])(?=[A-Z -]*[0-9])[A-Z0-9 -]{4,9}",       /* the look-behind leaves ' ' out */
        "(?:x|\\w+)@",                                         /* in one branch */
    };
    static const char *const clean[] = {
        "\\p{Arabic}{2,30}[ ]+street",               /* bounded */
        "(?<!\\p{Arabic})\\p{Arabic}{2,}[ ]+street", /* cannot start inside its run */
        "(?<![\\p{L}0-9_])\\p{Georgian}+ street",    /* a look-behind covering the run */
        "\\b[a-z]+ing\\b",                           /* at a word start only */
        "(?<=[,;|])[ \\t]*x",                        /* only after a separator */
        "(?m)^[ \\t]*x",                             /* anchored */
        "name:[ \\t]*\\p{Lu}\\p{Ll}+",               /* after a fixed cue */
        "(?!221\\s*b)[0-9]{1,5}",                    /* the run follows a fixed atom */
    };

    (void)state;
    for (size_t i = 0; i < sizeof(flagged) / sizeof(flagged[0]); i++) {
        if (lint_one(flagged[i], out, sizeof(out)) != 1 || !strstr(out, "unbounded run")) {
            fail_msg("not flagged: %s\n%s", flagged[i], out);
        }
    }
    for (size_t i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
        if (lint_one(clean[i], out, sizeof(out)) != 0) {
            fail_msg("flagged: %s\n%s", clean[i], out);
        }
    }
    assert_int_equal(lint_one("(?<pii>x)(?:[ ]*y)", out, sizeof(out)), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fragment_is_expanded_in_a_pattern_as_a_group),
        cmocka_unit_test(fragment_reference_in_a_class_or_an_escape_is_left_alone),
        cmocka_unit_test(fragment_of_an_earlier_file_of_the_pack_is_visible),
        cmocka_unit_test(fragment_of_a_later_file_or_another_pack_is_unknown),
        cmocka_unit_test(fragment_errors_name_file_line_and_rule),
        cmocka_unit_test(fragment_in_a_content_warning_pattern_is_expanded),
        cmocka_unit_test(context_not_word_before_a_strong_candidate_drops_it),
        cmocka_unit_test(context_not_word_beats_a_context_word),
        cmocka_unit_test(context_not_word_in_disguise_counts_as_the_word),
        cmocka_unit_test(context_not_window_is_a_number_or_a_pair),
        cmocka_unit_test(context_not_clauses_each_have_their_words_and_window),
        cmocka_unit_test(words_file_and_between_limit_what_a_clause_stands_across),
        cmocka_unit_test(failing_clause_drops_only_values_its_check_rejects),
        cmocka_unit_test(word_lists_are_shared_by_the_files_loaded_after),
        cmocka_unit_test(allow_list_shared_reaches_every_rule_of_its_entities),
        cmocka_unit_test(word_list_errors_name_the_place),
        cmocka_unit_test(match_example_with_a_finding_fails_on_another_extent),
        cmocka_unit_test(match_example_finding_must_be_in_its_text),
        cmocka_unit_test(rules_test_fails_a_pattern_with_no_gate),
        cmocka_unit_test(lint_flags_an_unbounded_run_every_position_reads_again),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
