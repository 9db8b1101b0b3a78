/* veil card: parse options, load the warnings pack's category names, write the data card. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "release/release.h"
#include "scrub/scrub.h"

#include "common/banned.h"

static const char usage_text[] =
    "usage: veil card --meta card.yaml --stats STATS.json... [--audit AUDIT.json...]\n"
    "                 [--audit-svg FILE] [--content-warning OUT] [--warnings PACK]\n"
    "                 [--data-dir DIR] -o README.md\n"
    "  --meta FILE             what only a person can say (see examples/card.yaml)\n"
    "  --stats FILE...         `veil scrub --stats` files; every number comes from them\n"
    "  --audit FILE...         `veil audit score --json` and/or `veil audit leaks --json`\n"
    "  --audit-svg FILE        the audit chart, linked from the card as given\n"
    "  --content-warning OUT   also write CONTENT_WARNING.md to OUT\n"
    "  --warnings PACK         the content-warnings pack, for category descriptions\n"
    "                          (default the shipped one)\n"
    "  --data-dir DIR          where the data files sit beside the card (default data)\n"
    "  -o, --output FILE       README.md to write ('-' for stdout)\n";

struct card_cli {
    struct release_card_opts o;
    struct cli_list stats, audit;
    const char *output, *content_warning, *warnings;
};

static int
apply_option(void *ctx, int opt, struct cli_list **current)
{
    struct card_cli *c = ctx; /* cli_parse_list_options hands it back untyped */

    *current = NULL;
    switch (opt) {
    case 'm':
        c->o.meta = optarg;
        return 0;
    case 's':
        cli_list_add(&c->stats, optarg);
        *current = &c->stats;
        return 0;
    case 'a':
        cli_list_add(&c->audit, optarg);
        *current = &c->audit;
        return 0;
    case 'g':
        c->o.audit_svg = optarg;
        return 0;
    case 'c':
        c->content_warning = optarg;
        return 0;
    case 'w':
        c->warnings = optarg;
        return 0;
    case 'd':
        c->o.data_dir = optarg;
        return 0;
    case 'o':
        c->output = optarg;
        return 0;
    default:
        return -1;
    }
}

/* Returns an exit code when parsing ends the command (help, error), else -1. */
static int
parse_opts(int argc, char **argv, struct card_cli *c)
{
    static const struct option longopts[] = {
        {"meta", required_argument, NULL, 'm'},
        {"stats", required_argument, NULL, 's'},
        {"audit", required_argument, NULL, 'a'},
        {"audit-svg", required_argument, NULL, 'g'},
        {"content-warning", required_argument, NULL, 'c'},
        {"warnings", required_argument, NULL, 'w'},
        {"data-dir", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int rc = cli_parse_list_options(argc, argv, "card", "+m:s:a:g:c:w:d:o:h", longopts, usage_text,
                                    apply_option, c);
    if (rc != -1) {
        return rc;
    }
    if (!c->o.meta || c->stats.n == 0 || !c->output) {
        fprintf(stderr, "veil card: %s is required\n%s",
                !c->o.meta        ? "--meta"
                : c->stats.n == 0 ? "--stats"
                                  : "-o",
                usage_text);
        return CLI_EXIT_USAGE;
    }
    return -1;
}

/* The pack's categories, borrowed from rules (which must outlive the returned array). */
static struct release_card_category *
categories_of(const struct scrub_rules *rules, size_t *n)
{
    struct release_card_category *v;

    *n = scrub_rules_warning_count(rules);
    v = xcalloc(*n ? *n : 1, sizeof(*v));
    for (size_t i = 0; i < *n; i++) {
        v[i].name = scrub_rules_warning_name(rules, i);
        v[i].description = scrub_rules_warning_description(rules, i);
    }
    return v;
}

int
cmd_card(int argc, char **argv)
{
    struct card_cli c;
    struct scrub_rules *rules = NULL;
    struct release_card_category *cats = NULL;
    struct err err;
    int rc;

    memset(&c, 0, sizeof(c));
    err_clear(&err);
    rc = parse_opts(argc, argv, &c);
    if (rc >= 0) {
        goto out;
    }
    if (scrub_rules_load(&rules, c.warnings ? c.warnings : cli_default_warnings(), &err) < 0) {
        log_error("warnings pack: %s", err.msg);
        rc = err_exit_code(&err);
        goto out;
    }
    cats = categories_of(rules, &c.o.n_categories);
    c.o.categories = cats;
    c.o.stats = c.stats.v;
    c.o.n_stats = c.stats.n;
    c.o.audit = c.audit.v;
    c.o.n_audit = c.audit.n;
    if (release_card_write(&c.o, c.output, c.content_warning, &err) < 0) {
        log_error("%s", err.msg);
        rc = err_exit_code(&err);
        goto out;
    }
    log_info("card written to %s%s%s", c.output, c.content_warning ? ", content warning to " : "",
             c.content_warning ? c.content_warning : "");
    rc = CLI_EXIT_OK;
out:
    free(cats);
    scrub_rules_free(rules);
    free(c.stats.v);
    free(c.audit.v);
    return rc;
}
