/* veil rules list|test|lint [PACK...]: inspect rule packs (default: the PII and warnings packs);
 * veil rules profile [--rules PACK]... INPUT...: where a pack spends its regex time. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/err.h"
#include "common/xalloc.h"
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
            "       veil rules profile [--rules PACK]... [--top N] [--json FILE] INPUT.jsonl...\n"
            "                                   scrub the inputs (no output) and rank every\n"
            "                                   pattern by its PCRE2 time, calls and matches\n"
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
load_packs(const char *const *packs, size_t n, struct scrub_rules **rules, struct err *err)
{
    const char *defaults[] = {cli_default_rules(), cli_default_warnings()};

    if (n > 0) {
        return scrub_rules_load_many(rules, packs, n, 1, err);
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

/* What `rules profile` was asked for. */
struct profile_cli {
    struct cli_list packs, inputs;
    size_t top;
    const char *json;
};

static int
parse_profile(struct profile_cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"rules", required_argument, NULL, 'r'},
                                             {"top", required_argument, NULL, 'n'},
                                             {"json", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int opt;

    c->top = 30;
    optind = 0; /* glibc: start over (cmd_rules has scanned its own options) */
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        char *end = NULL;
        switch (opt) {
        case 'r':
            cli_list_add(&c->packs, optarg);
            break;
        case 'n':
            c->top = (size_t)strtoul(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-') {
                fprintf(stderr, "veil rules profile: --top: '%s' is not a number\n", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'o':
            c->json = optarg;
            break;
        case 'h':
            return usage(stdout);
        default:
            return usage(stderr);
        }
    }
    for (int i = optind; i < argc; i++) {
        cli_list_add(&c->inputs, argv[i]);
    }
    if (!c->inputs.n) {
        fprintf(stderr, "veil rules profile: no input\n");
        return usage(stderr);
    }
    return -1;
}

/* Scrub every input at -j1 into /dev/null with the profile on (one engine fills it). */
static int
profile_run(const struct profile_cli *c, const struct scrub_rules *rules,
            struct scrub_profile *prof, uint64_t *wall_ns, struct err *err)
{
    struct scrub_opts o = {0};
    struct scrub_summary summary;
    struct timespec t0, t1;

    o.inputs = c->inputs.v;
    o.n_inputs = c->inputs.n;
    o.output = "/dev/null";
    o.warnings_field = "content_warnings";
    o.jobs = 1;
    o.rules = rules;
    o.engine.profile = prof;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (scrub_run(&o, &summary, err) < 0) {
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *wall_ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t)t1.tv_nsec -
               (uint64_t)t0.tv_nsec;
    return 0;
}

static int
cmd_profile(int argc, char **argv)
{
    struct profile_cli c = {0};
    struct scrub_rules *rules = NULL;
    struct scrub_profile *prof = NULL;
    struct err err = {ERR_NONE, ""};
    uint64_t wall_ns = 0;
    int rc = parse_profile(&c, argc, argv);

    if (rc >= 0) {
        goto out;
    }
    rc = CLI_EXIT_OK;
    if (load_packs(c.packs.v, c.packs.n, &rules, &err) < 0) {
        goto fail;
    }
    prof = scrub_profile_new(rules);
    if (profile_run(&c, rules, prof, &wall_ns, &err) < 0 ||
        scrub_profile_print(prof, stdout, c.top, wall_ns, &err) < 0 ||
        (c.json && scrub_profile_write_json(prof, c.json, wall_ns, &err) < 0)) {
        goto fail;
    }
    goto out;
fail:
    fprintf(stderr, "veil rules profile: %s\n", err.msg);
    rc = err_exit_code(&err);
out:
    scrub_profile_free(prof);
    scrub_rules_free(rules);
    free(c.packs.v);
    free(c.inputs.v);
    return rc;
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
    if (optind < argc && !strcmp(argv[optind], "profile")) {
        return cmd_profile(argc - optind, argv + optind);
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
    if (load_packs((const char *const *)(argv + optind), (size_t)(argc - optind), &rules, &err) <
        0) {
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
