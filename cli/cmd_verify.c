/* veil verify: check a release's signature and contents; exit 0 only when everything matches. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/err.h"
#include "common/log.h"
#include "release/release.h"

#include "common/banned.h"

static const char usage_text[] =
    "usage: veil verify ARCHIVE --pub veil.pub [--sig ARCHIVE.minisig] [--extract DIR]\n"
    "                   [--max-bytes N]\n"
    "  proves the archive is intact and signed by the holder of the key; it does not prove\n"
    "  that the redaction inside it is complete\n";

static int
parse_opts(int argc, char **argv, struct verify_opts *o)
{
    static const struct option longopts[] = {
        {"pub", required_argument, NULL, 'p'},     {"sig", required_argument, NULL, 'x'},
        {"extract", required_argument, NULL, 'e'}, {"max-bytes", required_argument, NULL, 'M'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    char *end;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "p:x:e:M:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            o->pubkey = optarg;
            break;
        case 'x':
            o->sig = optarg;
            break;
        case 'e':
            o->extract_dir = optarg;
            break;
        case 'M':
            o->max_total = strtoull(optarg, &end, 10);
            if (!*optarg || *end || o->max_total == 0) {
                fprintf(stderr, "veil verify: --max-bytes '%s': expected a positive integer\n",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        default:
            fputs(usage_text, stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || !o->pubkey) {
        fputs(usage_text, stderr);
        return CLI_EXIT_USAGE;
    }
    o->archive = argv[optind];
    return -1;
}

int
cmd_verify(int argc, char **argv)
{
    struct verify_opts o;
    struct verify_result r;
    struct err err;
    int rc;

    memset(&o, 0, sizeof(o));
    err_clear(&err);
    rc = parse_opts(argc, argv, &o);
    if (rc >= 0) {
        return rc;
    }
    if (release_verify(&o, &r, &err) < 0) {
        log_error("verification FAILED: %s", err.msg);
        return err_exit_code(&err);
    }
    printf("verified: %s\nrelease: %s/ (%zu files, %llu bytes)\nsigned by key id: %s\n"
           "trusted comment: %s\n",
           o.archive, r.name, r.files, (unsigned long long)r.bytes, r.key_id, r.trusted_comment);
    if (o.extract_dir) {
        printf("extracted to: %s/%s\n", o.extract_dir, r.name);
    }
    verify_result_release(&r);
    return CLI_EXIT_OK;
}
