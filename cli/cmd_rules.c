/* veil rules list|test|lint [PACK...]: inspect rule packs (default: the PII and warnings packs). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/err.h"
#include "scrub/scrub.h"

#include "common/banned.h"

enum rules_action { RULES_LIST, RULES_TEST, RULES_LINT };

static int
usage(FILE *out)
{
    fprintf(out,
            "usage: veil rules list [PACK...]   one line per rule: name, entity, languages, "
            "validator\n"
            "       veil rules test [PACK...]   run every rule's embedded examples\n"
            "       veil rules lint [PACK...]   flag patterns prone to catastrophic backtracking\n"
            "\n"
            "PACK is a rule-pack YAML file or a directory of them (loaded in name order);\n"
            "without one, the default PII pack and the content-warnings pack are used\n"
            "($VEIL_RULES, $VEIL_WARNINGS, ./rules/..., then the installed packs).\n"
            "exit: 0 ok, 1 a test failed or lint found a problem, 2 a pack does not load\n");
    return out == stdout ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

static int
parse_action(const char *s, enum rules_action *a)
{
    if (!strcmp(s, "list")) {
        *a = RULES_LIST;
    } else if (!strcmp(s, "test")) {
        *a = RULES_TEST;
    } else if (!strcmp(s, "lint")) {
        *a = RULES_LINT;
    } else {
        return -1;
    }
    return 0;
}

static int
load_packs(char **packs, int n, struct scrub_rules **rules, struct err *err)
{
    const char *defaults[] = {cli_default_rules(), cli_default_warnings()};

    if (n > 0) {
        return scrub_rules_load_many(rules, (const char *const *)packs, (size_t)n, 1, err);
    }
    /* The warnings pack is optional: an install without it still lists and tests PII rules. */
    return scrub_rules_load_many(rules, defaults, access(defaults[1], R_OK) == 0 ? 2 : 1, 1, err);
}

static int
run(enum rules_action action, const struct scrub_rules *rules, struct err *err)
{
    size_t count = 0;

    switch (action) {
    case RULES_LIST:
        return scrub_rules_list(rules, stdout, err) < 0 ? -1 : CLI_EXIT_OK;
    case RULES_TEST:
        if (scrub_rules_test(rules, stdout, &count, err) < 0) {
            return -1;
        }
        return count ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
    case RULES_LINT:
        if (scrub_rules_lint(rules, stdout, &count, err) < 0) {
            return -1;
        }
        printf("lint: %zu rules, %zu warnings\n", scrub_rules_count(rules), count);
        return count ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
    }
    return -1;
}

int
cmd_rules(int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    struct scrub_rules *rules = NULL;
    struct err err = {ERR_NONE, ""};
    enum rules_action action;
    int c, rc;

    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        if (c == 'h') {
            return usage(stdout);
        }
        return usage(stderr);
    }
    if (optind >= argc || parse_action(argv[optind], &action) < 0) {
        if (optind < argc) {
            fprintf(stderr, "veil rules: unknown action '%s'\n", argv[optind]);
        }
        return usage(stderr);
    }
    optind++;
    if (optind < argc && (!strcmp(argv[optind], "--help") || !strcmp(argv[optind], "-h"))) {
        return usage(stdout);
    }
    if (load_packs(argv + optind, argc - optind, &rules, &err) < 0) {
        fprintf(stderr, "veil rules: %s\n", err.msg);
        return err_exit_code(&err);
    }
    rc = run(action, rules, &err);
    if (rc < 0) {
        fprintf(stderr, "veil rules: %s\n", err.msg);
        rc = err_exit_code(&err);
    }
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
        fprintf(stderr, "veil rules: cannot write to standard output\n");
        rc = CLI_EXIT_INTERNAL;
    }
    scrub_rules_free(rules);
    return rc;
}
