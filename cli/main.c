#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"
#include "scrub/scrub.h"
#include "common/banned.h"
#include "common/log.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"keygen", cmd_keygen, "create the signing key pair and the ID-hashing key"},
    {"scrub", cmd_scrub, "detect and redact PII in JSONL records, pseudonymise worker IDs"},
    {"audit", cmd_audit, "measure redaction recall, draw review samples, scan for leaks"},
    {"release", cmd_release, "build the data card, manifest and signed reproducible archive"},
    {"verify", cmd_verify, "check a release archive's signature and every file's checksum"},
    {"card", cmd_card, "write the dataset card from metadata, stats and audit"},
    {"rules", cmd_rules, "list, test and lint rule packs"},
    {"stats", cmd_stats, "merge the stats files of sharded scrub runs"},
};

static int
usage(FILE *out)
{
    fprintf(out, "usage: veil [-v|-q] <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
    }
    fprintf(out, "\n'veil <command> --help' describes a command; 'man veil' has the details.\n"
                 "exit: 0 ok, 1 negative verdict, 2 usage or input error, 3 internal error\n");
    return out == stdout ? 0 : 2;
}

int
main(int argc, char **argv)
{
    enum log_level level = LOG_WARN;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
            level = level < LOG_DEBUG ? level + 1 : LOG_DEBUG;
        } else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            level = LOG_ERROR;
        } else if (!strcmp(argv[i], "--version")) {
            printf("veil %s\n", VEIL_VERSION);
            return 0;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            return usage(stdout);
        } else {
            fprintf(stderr, "veil: unknown option '%s'\n", argv[i]);
            return usage(stderr);
        }
    }
    log_init("veil", level);
    cli_cleanup_on_signals();
    scrub_rules_cache_by_default(true);
#ifdef __GLIBC__
    /*
     * Loading the packs JIT-compiles hundreds of patterns, each freeing its scratch; glibc's
     * default would hand the heap top back to the kernel after every one and fault it in again
     * (4000 brk calls, half the start-up time). Keep freed memory for reuse instead.
     */
    (void)mallopt(M_TRIM_THRESHOLD, 256 << 20);
    (void)mallopt(M_TOP_PAD, 16 << 20);
#endif
    if (i == argc) {
        return usage(stderr);
    }
    for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
        if (!strcmp(argv[i], commands[c].name)) {
            return commands[c].fn(argc - i, argv + i);
        }
    }
    fprintf(stderr, "veil: unknown command '%s'\n", argv[i]);
    return usage(stderr);
}
