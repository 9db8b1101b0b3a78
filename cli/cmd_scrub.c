/* veil scrub: options -> struct scrub_opts -> scrub_run -> exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/banned.h"
#include "common/err.h"
#include "common/keyfile.h"
#include "common/log.h"
#include "common/record.h"
#include "common/xalloc.h"
#include "scrub/scrub.h"

static const char usage_text[] =
    "usage: veil scrub [options] [INPUT.jsonl[.gz|.zst|.xz] ...]   (no input or '-': stdin)\n"
    "  -o, --output FILE        scrubbed JSONL; compression from the extension (default stdout)\n"
    "      --rules PACK         rule pack file or directory (repeatable; default the shipped "
    "pack)\n"
    "      --warnings PACK      content-warning pack (default the shipped one)\n"
    "      --no-warnings        do not add content-warning labels\n"
    "      --warnings-field F   name of the label field (default content_warnings)\n"
    "      --fields a,b.c       scrub only these fields (default every string)\n"
    "      --keep PATH          never scrub this field (repeatable)\n"
    "      --hash-field F       replace F by a keyed pseudonym w_<16 hex> (repeatable)\n"
    "      --id-key FILE        key for --hash-field and the pseudonym operator (veil keygen)\n"
    "      --operator E=OP      operator for entity E: replace|mask|pseudonym|redact|drop-record\n"
    "      --mask-char C        mask character (default *)\n"
    "      --mask-keep N        characters kept by mask (default 4)\n"
    "      --redact-fictional-phones  redact 555-XXXX numbers too (by default left:\n"
    "                           no subscriber has one, they reach no one)\n"
    "      --on-error MODE      fail (default) | skip | quarantine\n"
    "      --quarantine FILE    where bad records go with --on-error quarantine (mode 0600)\n"
    "      --stats FILE         write run statistics as JSON\n"
    "      --spans FILE         write detected spans per record (offsets, never values)\n"
    "      --max-record SIZE    longest record accepted, e.g. 64M (default 256M)\n"
    "  -j, --jobs N             worker threads (default 1); output is identical for any N\n"
    "      --shard K/N          scrub only shard K of N: a byte range of each plain input, or\n"
    "                           whole compressed inputs dealt round-robin\n"
    "      --output-pattern P   output path with {shard} and {count} (5 digits, 0-based shard,\n"
    "                           as in attacks-{shard}-of-{count}.jsonl.zst); {shard} also works\n"
    "                           in --stats, --spans and --quarantine paths\n";

enum {
    OPT_RULES = 256,
    OPT_WARNINGS,
    OPT_NO_WARNINGS,
    OPT_WARNINGS_FIELD,
    OPT_FIELDS,
    OPT_KEEP,
    OPT_HASH_FIELD,
    OPT_ID_KEY,
    OPT_FICTIONAL,
    OPT_ALLOW_FICTIONAL,
    OPT_ON_ERROR,
    OPT_QUARANTINE,
    OPT_STATS,
    OPT_SPANS,
    OPT_MAX_RECORD,
    OPT_SHARD,
    OPT_OUTPUT_PATTERN,
};

static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"rules", required_argument, NULL, OPT_RULES},
    {"warnings", required_argument, NULL, OPT_WARNINGS},
    {"no-warnings", no_argument, NULL, OPT_NO_WARNINGS},
    {"warnings-field", required_argument, NULL, OPT_WARNINGS_FIELD},
    {"fields", required_argument, NULL, OPT_FIELDS},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"hash-field", required_argument, NULL, OPT_HASH_FIELD},
    {"id-key", required_argument, NULL, OPT_ID_KEY},
    {"operator", required_argument, NULL, CLI_REDACTION_OPERATOR},
    {"mask-char", required_argument, NULL, CLI_REDACTION_MASK_CHAR},
    {"mask-keep", required_argument, NULL, CLI_REDACTION_MASK_KEEP},
    {"redact-fictional-phones", no_argument, NULL, OPT_FICTIONAL},
    /* the default since session 19; still accepted so scripts that name it keep working */
    {"allow-fictional-phones", no_argument, NULL, OPT_ALLOW_FICTIONAL},
    {"on-error", required_argument, NULL, OPT_ON_ERROR},
    {"quarantine", required_argument, NULL, OPT_QUARANTINE},
    {"stats", required_argument, NULL, OPT_STATS},
    {"spans", required_argument, NULL, OPT_SPANS},
    {"max-record", required_argument, NULL, OPT_MAX_RECORD},
    {"jobs", required_argument, NULL, 'j'},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"output-pattern", required_argument, NULL, OPT_OUTPUT_PATTERN},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct scrub_cli {
    struct scrub_opts opts;
    char **rules, **warnings, **fields, **keep, **hash;
    size_t n_rules, n_warnings, n_fields, n_keep, n_hash;
    struct cli_redaction redaction;
    const char *id_key_path;
    unsigned char key[KEYFILE_MAX];
    size_t key_len;
    struct scrub_rules *loaded;
    char *paths[4]; /* shard-expanded output paths */
};

/* "64M" -> bytes; 0 on error. */
static size_t
parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    int shift = 0;

    switch (*end) {
    case 'K':
    case 'k':
        shift = 10;
        end++;
        break;
    case 'M':
    case 'm':
        shift = 20;
        end++;
        break;
    case 'G':
    case 'g':
        shift = 30;
        end++;
        break;
    default:
        break;
    }
    if (*end || end == s || v == 0 || v > (1ULL << (62 - shift))) {
        return 0;
    }
    return (size_t)(v << shift);
}

static int
parse_on_error(const char *arg, enum scrub_on_error *mode, struct err *err)
{
    if (!strcmp(arg, "fail")) {
        *mode = SCRUB_ON_ERROR_FAIL;
    } else if (!strcmp(arg, "skip")) {
        *mode = SCRUB_ON_ERROR_SKIP;
    } else if (!strcmp(arg, "quarantine")) {
        *mode = SCRUB_ON_ERROR_QUARANTINE;
    } else {
        return err_set(err, ERR_USAGE, "--on-error: '%s' is not fail, skip or quarantine", arg);
    }
    return 0;
}

static int
parse_option(struct scrub_cli *c, int opt, const char *arg, struct err *err)
{
    struct scrub_opts *o = &c->opts;

    switch (opt) {
    case 'o':
        o->output = arg;
        return 0;
    case 'j': {
        char *end;
        long n = strtol(arg, &end, 10);
        if (*end || n < 1 || n > 64) {
            return err_set(err, ERR_USAGE, "--jobs: '%s' is not a number from 1 to 64", arg);
        }
        o->jobs = (unsigned)n;
        return 0;
    }
    case OPT_RULES:
        cli_split_list(arg, &c->rules, &c->n_rules);
        return 0;
    case OPT_WARNINGS:
        cli_split_list(arg, &c->warnings, &c->n_warnings);
        return 0;
    case OPT_NO_WARNINGS:
        o->no_warnings = true;
        return 0;
    case OPT_WARNINGS_FIELD:
        o->warnings_field = arg;
        return 0;
    case OPT_FIELDS:
        cli_split_list(arg, &c->fields, &c->n_fields);
        return 0;
    case OPT_KEEP:
        cli_split_list(arg, &c->keep, &c->n_keep);
        return 0;
    case OPT_HASH_FIELD:
        cli_split_list(arg, &c->hash, &c->n_hash);
        return 0;
    case OPT_ID_KEY:
        c->id_key_path = arg;
        return 0;
    case CLI_REDACTION_OPERATOR:
    case CLI_REDACTION_MASK_CHAR:
    case CLI_REDACTION_MASK_KEEP:
        return cli_redaction_option(&c->redaction, (enum cli_redaction_opt)opt, arg, err);
    case OPT_FICTIONAL:
        o->engine.redact_fictional_phones = true;
        return 0;
    case OPT_ALLOW_FICTIONAL:
        o->engine.redact_fictional_phones = false;
        return 0;
    case OPT_ON_ERROR:
        return parse_on_error(arg, &o->on_error, err);
    case OPT_QUARANTINE:
        o->quarantine = arg;
        return 0;
    case OPT_STATS:
        o->stats_path = arg;
        return 0;
    case OPT_SPANS:
        o->spans_path = arg;
        return 0;
    case OPT_SHARD: {
        char *end, *end2;
        unsigned long k = strtoul(arg, &end, 10), n = *end == '/' ? strtoul(end + 1, &end2, 10) : 0;
        if (*end != '/' || *end2 || k < 1 || n < 1 || k > n || n > 100000) {
            return err_set(err, ERR_USAGE, "--shard wants K/N with 1 <= K <= N, got '%s'", arg);
        }
        o->shard_index = (unsigned)k;
        o->shard_count = (unsigned)n;
        return 0;
    }
    case OPT_OUTPUT_PATTERN:
        o->output = arg;
        return 0;
    case OPT_MAX_RECORD:
        o->max_record = parse_size(arg);
        return o->max_record ? 0 : err_set(err, ERR_USAGE, "--max-record: bad size '%s'", arg);
    default:
        return err_set(err, ERR_USAGE, "unknown option (see 'veil scrub --help')");
    }
}

/*
 * Load the rule packs (and the warnings pack, which may be absent when it is the default) as
 * one set, compiled on as many threads as the scrub will use.
 */
static int
load_rules(struct scrub_cli *c, struct err *err)
{
    const char **paths;
    size_t n = 0;
    int rc;

    if (c->n_rules == 0) {
        cli_split_list(cli_default_rules(), &c->rules, &c->n_rules);
    }
    if (!c->opts.no_warnings && c->n_warnings == 0 && access(cli_default_warnings(), R_OK) == 0) {
        cli_split_list(cli_default_warnings(), &c->warnings, &c->n_warnings);
    }
    paths = xcalloc(c->n_rules + c->n_warnings + 1, sizeof(*paths));
    for (size_t i = 0; i < c->n_rules; i++) {
        paths[n++] = c->rules[i];
    }
    for (size_t i = 0; !c->opts.no_warnings && i < c->n_warnings; i++) {
        paths[n++] = c->warnings[i];
    }
    rc = scrub_rules_load_many(&c->loaded, paths, n, c->opts.jobs ? c->opts.jobs : 1, err);
    free(paths);
    c->opts.rules = c->loaded;
    return rc;
}

/* Replace {shard} and {count} (0-based shard index, zero-padded to 5 digits) in a path. */
static char *
expand_shard(const char *path, unsigned k, unsigned n)
{
    size_t cap = strlen(path) + 64, len = 0;
    char *out = xmalloc(cap);

    for (const char *p = path; *p; p++) {
        const char *ph = !strncmp(p, "{shard}", 7)   ? "{shard}"
                         : !strncmp(p, "{count}", 7) ? "{count}"
                                                     : NULL;
        if (ph) {
            len += (size_t)snprintf(out + len, cap - len, "%05u", ph[1] == 's' ? k - 1 : n);
            p += 6;
        } else {
            out[len++] = *p;
        }
        if (len + 16 >= cap) {
            cap *= 2;
            out = xrealloc(out, cap);
        }
    }
    out[len] = '\0';
    return out;
}

static void
expand_shard_paths(struct scrub_cli *c)
{
    struct scrub_opts *o = &c->opts;
    const char **paths[4] = {&o->output, &o->stats_path, &o->spans_path, &o->quarantine};
    unsigned k = o->shard_count ? o->shard_index : 1, n = o->shard_count ? o->shard_count : 1;

    for (size_t i = 0; i < 4; i++) {
        if (*paths[i] && strstr(*paths[i], "{")) {
            c->paths[i] = expand_shard(*paths[i], k, n);
            *paths[i] = c->paths[i];
        }
    }
}

static int
prepare(struct scrub_cli *c, int argc, char **argv, struct err *err)
{
    struct scrub_opts *o = &c->opts;

    expand_shard_paths(c);
    o->inputs = (const char *const *)(argc > optind ? argv + optind : NULL);
    o->n_inputs = argc > optind ? (size_t)(argc - optind) : 0;
    if (o->n_inputs == 0) {
        static const char *const stdin_only[] = {"-"};
        o->inputs = stdin_only;
        o->n_inputs = 1;
    }
    o->fields = (const char *const *)c->fields;
    o->n_fields = c->n_fields;
    o->keep = (const char *const *)c->keep;
    o->n_keep = c->n_keep;
    o->hash_fields = (const char *const *)c->hash;
    o->n_hash_fields = c->n_hash;
    cli_redaction_apply(&c->redaction, &o->engine);
    if (c->id_key_path) {
        if (keyfile_read(c->id_key_path, c->key, &c->key_len, err) < 0) {
            return -1;
        }
        o->id_key = c->key;
        o->id_key_len = c->key_len;
        o->engine.pseudonym_key = c->key;
        o->engine.pseudonym_key_len = c->key_len;
    }
    if (o->quarantine && o->on_error != SCRUB_ON_ERROR_QUARANTINE) {
        return err_set(err, ERR_USAGE, "--quarantine needs --on-error quarantine");
    }
    return load_rules(c, err);
}

static void
scrub_cli_release(struct scrub_cli *c)
{
    cli_free_list(c->rules, c->n_rules);
    cli_free_list(c->warnings, c->n_warnings);
    cli_free_list(c->fields, c->n_fields);
    cli_free_list(c->keep, c->n_keep);
    cli_free_list(c->hash, c->n_hash);
    cli_redaction_release(&c->redaction);
    scrub_rules_free(c->loaded);
    for (size_t i = 0; i < 4; i++) {
        free(c->paths[i]);
    }
    secure_wipe(c->key, sizeof(c->key));
}

static void
print_summary(const struct scrub_opts *o, const struct scrub_summary *s)
{
    if (log_get_level() < LOG_WARN) {
        return;
    }
    fprintf(stderr,
            "veil scrub: %llu records in, %llu out, %llu skipped, %llu quarantined, %llu dropped;"
            " %llu detections%s%s\n",
            (unsigned long long)s->records_in, (unsigned long long)s->records_out,
            (unsigned long long)s->skipped, (unsigned long long)s->quarantined,
            (unsigned long long)s->dropped, (unsigned long long)s->detections,
            strcmp(o->output, "-") ? " -> " : "", strcmp(o->output, "-") ? o->output : "");
}

int
cmd_scrub(int argc, char **argv)
{
    struct scrub_cli c = {0};
    struct scrub_summary summary = {0};
    struct err err;
    int opt, rc = CLI_EXIT_USAGE;

    err_clear(&err);
    c.opts.output = "-";
    c.opts.warnings_field = "content_warnings";
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage_text, stdout);
            rc = CLI_EXIT_OK;
            goto out;
        }
        if (opt == '?' || parse_option(&c, opt, optarg, &err) < 0) {
            if (opt == '?') {
                fputs(usage_text, stderr);
            }
            goto fail;
        }
    }
    if (prepare(&c, argc, argv, &err) < 0 || scrub_run(&c.opts, &summary, &err) < 0) {
        goto fail;
    }
    print_summary(&c.opts, &summary);
    rc = CLI_EXIT_OK;
    goto out;
fail:
    if (err.kind != ERR_NONE) {
        log_error("%s", err.msg);
        rc = err_exit_code(&err);
    }
out:
    scrub_cli_release(&c);
    return rc;
}
