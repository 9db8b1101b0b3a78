/* veil release: parse options, call release_build, print what was written. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "release/release.h"
#include "release/sign.h"
#include "scrub/scrub.h"

#include "common/banned.h"

static const char usage_text[] =
    "usage: veil release --name NAME --data FILE... --card-meta card.yaml [--stats STATS.json...]\n"
    "                    [--audit AUDIT.json...] [--leaks LEAKS.json] --key veil.sec "
    "[--password-file FILE]\n"
    "                    -o NAME.tar.zst|.tar.gz|.tar.xz [--source-date-epoch N]\n"
    "                    [--min-recall R] [--allow-unscrubbed] [--force] [--warnings PACK]\n"
    "                    [--audit-svg audit.svg]\n";

struct release_cli {
    struct release_opts o;
    struct cli_list data, stats, audit;
    const char *password_file;
    const char *warnings; /* content-warnings pack, for the card's category descriptions */
    struct release_card_category *categories; /* owned; names borrowed from the pack */
};

static int
parse_number(const char *opt, const char *arg, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(arg, &end);

    if (!*arg || *end || v < lo || v > hi) {
        fprintf(stderr, "veil release: %s '%s': expected a number from %g to %g\n", opt, arg, lo,
                hi);
        return -1;
    }
    *out = v;
    return 0;
}

static int
apply_option(void *ctx, int opt, struct cli_list **current)
{
    struct release_cli *c = ctx; /* cli_parse_list_options hands it back untyped */

    double v;

    *current = NULL;
    switch (opt) {
    case 'n':
        c->o.name = optarg;
        return 0;
    case 'd':
        cli_list_add(&c->data, optarg);
        *current = &c->data;
        return 0;
    case 's':
        cli_list_add(&c->stats, optarg);
        *current = &c->stats;
        return 0;
    case 'a':
        cli_list_add(&c->audit, optarg);
        *current = &c->audit;
        return 0;
    case 'm':
        c->o.card_meta = optarg;
        return 0;
    case 'g':
        c->o.audit_svg = optarg;
        return 0;
    case 'k':
        c->o.seckey = optarg;
        return 0;
    case 'p':
        c->password_file = optarg;
        return 0;
    case 'o':
        c->o.output = optarg;
        return 0;
    case 'e':
        if (parse_number("--source-date-epoch", optarg, 0, 253402300799.0, &v) < 0) {
            return -1;
        }
        c->o.source_date_epoch = (int64_t)v;
        return 0;
    case 'r':
        return parse_number("--min-recall", optarg, 0, 1, &c->o.min_recall);
    case 'U':
        c->o.allow_unscrubbed = 1;
        return 0;
    case 'w':
        c->warnings = optarg;
        return 0;
    case 'F':
        c->o.force = 1;
        return 0;
    default:
        return -1;
    }
}

static int
parse_opts(int argc, char **argv, struct release_cli *c)
{
    static const struct option longopts[] = {
        {"name", required_argument, NULL, 'n'},
        {"data", required_argument, NULL, 'd'},
        {"stats", required_argument, NULL, 's'},
        {"audit", required_argument, NULL, 'a'},
        {"leaks", required_argument, NULL, 'a'}, /* a leak report is an audit report too */
        {"audit-svg", required_argument, NULL, 'g'},
        {"card-meta", required_argument, NULL, 'm'},
        {"key", required_argument, NULL, 'k'},
        {"password-file", required_argument, NULL, 'p'},
        {"output", required_argument, NULL, 'o'},
        {"source-date-epoch", required_argument, NULL, 'e'},
        {"min-recall", required_argument, NULL, 'r'},
        {"allow-unscrubbed", no_argument, NULL, 'U'},
        {"force", no_argument, NULL, 'F'},
        {"warnings", required_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int rc = cli_parse_list_options(argc, argv, "release", "+n:d:s:a:m:g:k:p:o:e:r:w:UFh", longopts,
                                    usage_text, apply_option, c);
    if (rc != -1) {
        return rc;
    }
    return -1;
}

/*
 * The warnings pack's categories, borrowed from *rules. Without --warnings a missing default
 * pack only costs the card its category descriptions, so it is a warning, not a refusal.
 */
static int
load_categories(struct release_cli *c, struct scrub_rules **rules)
{
    struct release_card_category *v;
    struct err err;
    size_t n;

    if (scrub_rules_load(rules, c->warnings ? c->warnings : cli_default_warnings(), &err) < 0) {
        if (c->warnings) {
            log_error("warnings pack: %s", err.msg);
            return err_exit_code(&err);
        }
        log_warn("warnings pack: %s (the card will list categories without descriptions)", err.msg);
        return -1;
    }
    n = scrub_rules_warning_count(*rules);
    v = xcalloc(n ? n : 1, sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        v[i].name = scrub_rules_warning_name(*rules, i);
        v[i].description = scrub_rules_warning_description(*rules, i);
    }
    c->categories = v;
    c->o.categories = v;
    c->o.n_categories = n;
    return -1;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org) when --source-date-epoch was not given. */
static int
epoch_from_environment(struct release_opts *o)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    double v;

    if (o->source_date_epoch >= 0 || !env || !*env) {
        return 0;
    }
    if (parse_number("SOURCE_DATE_EPOCH", env, 0, 253402300799.0, &v) < 0) {
        return -1;
    }
    o->source_date_epoch = (int64_t)v;
    return 0;
}

int
cmd_release(int argc, char **argv)
{
    struct release_cli c;
    struct release_result r;
    struct err err;
    struct scrub_rules *rules = NULL;
    char *password = NULL;
    int rc;

    memset(&c, 0, sizeof(c));
    c.o.source_date_epoch = -1;
    c.o.min_recall = -1;
    err_clear(&err);
    rc = parse_opts(argc, argv, &c);
    if (rc >= 0) {
        goto out;
    }
    if (epoch_from_environment(&c.o) < 0) {
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    c.o.data = c.data.v;
    c.o.n_data = c.data.n;
    c.o.stats = c.stats.v;
    c.o.n_stats = c.stats.n;
    c.o.audit = c.audit.v;
    c.o.n_audit = c.audit.n;
    if (c.password_file && sign_password_read(c.password_file, &password, &err) < 0) {
        log_error("%s", err.msg);
        rc = err_exit_code(&err);
        goto out;
    }
    c.o.password = password;
    rc = load_categories(&c, &rules);
    if (rc >= 0) {
        goto out;
    }
    if (release_build(&c.o, &r, &err) < 0) {
        log_error("release refused: %s", err.msg);
        rc = err_exit_code(&err);
        goto out;
    }
    printf("archive: %s\nsha256: %s\nsignature: %s\nsignify checksum: %s\nkey id: %s\n"
           "files: %zu\nmanifest sha256: %s\n",
           c.o.output, r.archive_sha256, r.sig_path, r.sums_path, r.key_id, r.files,
           r.manifest_sha256);
    rc = CLI_EXIT_OK;
out:
    sign_password_free(password);
    free(c.categories);
    scrub_rules_free(rules);
    free(c.data.v);
    free(c.stats.v);
    free(c.audit.v);
    return rc;
}
