/* veil stats merge A.json B.json ... : combine the stats of sharded scrub runs. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/banned.h"
#include "common/err.h"
#include "common/log.h"
#include "scrub/scrub.h"

static const char usage_text[] =
    "usage: veil stats merge [-o OUT.json] STATS.json...\n"
    "  Sums the stats of shards scrubbed with the same rules and ID key; distinct pseudonym\n"
    "  counts stay exact. Refuses shards whose rules digest, key id,\n"
    "  detection or redaction options differ.\n";

int
cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = "-";
    struct err err;
    int c;

    err_clear(&err);
    if (argc < 2 || strcmp(argv[1], "merge") != 0) {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        }
        fputs(usage_text, stderr);
        return CLI_EXIT_USAGE;
    }
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "o:h", longopts, NULL)) != -1) {
        if (c == 'o') {
            out = optarg;
        } else if (c == 'h') {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        } else {
            fputs(usage_text, stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind >= argc - 1) {
        fputs(usage_text, stderr);
        return CLI_EXIT_USAGE;
    }
    if (scrub_stats_merge((const char *const *)(argv + 1 + optind), (size_t)(argc - 1 - optind),
                          out, &err) < 0) {
        log_error("%s", err.msg);
        return err_exit_code(&err);
    }
    return CLI_EXIT_OK;
}
