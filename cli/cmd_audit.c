/* veil audit sample|score|leaks: options -> audit/ -> exit code (1 = recall too low or leaks). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "common/err.h"
#include "common/keyfile.h"
#include "common/log.h"
#include "scrub/scrub.h"

#include "common/banned.h"

static const char audit_usage[] =
    "usage: veil audit <sample|score|leaks> [options]   ('veil audit <sub> --help' for each)\n"
    "  sample  draw a reproducible held-out sample of raw records as an annotation worksheet\n"
    "  score   scrub a labelled (gold) corpus and measure recall and precision with intervals\n"
    "  leaks   scan a release for raw worker IDs, planted canaries and residual PII\n";

static const char sample_usage[] =
    "usage: veil audit sample --n N --seed S [options] IN.jsonl -o SAMPLE.jsonl\n"
    "  -n, --n N              records to draw (uniformly, without replacement)\n"
    "      --seed S           any integer; the same input and seed give the same sample\n"
    "      --stratify FIELD   draw proportionally per value of this (dotted) field\n"
    "      --field F          text field to put on the worksheet (repeatable or a,b;\n"
    "                         default every string of the record)\n"
    "      --exclude-from OUT also write every record NOT drawn to OUT, the only records\n"
    "                         rules may be tuned on (needs IN to be a file)\n"
    "  -o, --output FILE      the worksheet: gold-format lines with empty \"spans\" (default -)\n";

static const char score_usage[] =
    "usage: veil audit score --gold GOLD.jsonl [options]\n"
    "      --gold FILE        labelled records: {\"id\", \"text\", \"spans\": [{\"type\", "
    "\"start\","
    " \"end\"}]}\n"
    "                         with UTF-8 byte offsets (\"value\" optional, checked when present)\n"
    "      --rules PACK       rule pack file or directory (repeatable; default the shipped pack)\n"
    "      --json FILE        the audit as JSON (read by recall checks, manifest and card)\n"
    "      --markdown FILE    the audit as Markdown tables, with how each rule counts\n"
    "      --svg FILE         per-type leak recall bars with 95% interval whiskers\n"
    "      --min-recall R     exit 1 when the lower 95% bound of overall leak recall is below R\n"
    "      --redact-fictional-phones  detect as 'veil scrub --redact-fictional-phones' does\n"
    "                         (audit with the options the release was scrubbed with)\n"
    "      --operator E=OP    redact entity E as 'veil scrub --operator E=OP' did\n"
    "      --mask-char C      the scrub's mask character (default *)\n"
    "      --mask-keep N      characters the scrub's mask kept (default 4): kept characters\n"
    "                         survive into the text, and the leak rule counts them\n";

static const char leaks_usage[] =
    "usage: veil audit leaks --release ARCHIVE|DIR [options] [--raw] RAW.jsonl...\n"
    "      --release PATH     the release: .tar(.gz|.zst|.xz) or its extracted directory;\n"
    "                         every *.jsonl(.gz|.zst|.xz) in it is scanned\n"
    "      --raw FILE         raw input: where the worker IDs are read, and where every canary\n"
    "                         must have been planted (repeatable; also positional)\n"
    "      --hash-field F     worker-ID field of the raw records (repeatable or a,b)\n"
    "      --id-key FILE      the ID key: findings name an ID by its pseudonym\n"
    "      --canaries FILE    planted fake PII, one string a line ('#' comments)\n"
    "      --rules PACK       pack for the residual scan (repeatable; default the shipped pack)\n"
    "      --no-residual      skip the residual PII scan\n"
    "      --redact-fictional-phones  residual scan as 'veil scrub --redact-fictional-phones'\n"
    "      --json FILE        findings as JSON (for the manifest and card)\n"
    "exit: 0 no finding, 1 findings, 2 usage or input error\n";

enum {
    OPT_SEED = 256,
    OPT_STRATIFY,
    OPT_FIELD,
    OPT_EXCLUDE_FROM,
    OPT_GOLD,
    OPT_RULES,
    OPT_JSON,
    OPT_MARKDOWN,
    OPT_SVG,
    OPT_MIN_RECALL,
    OPT_RAW,
    OPT_RELEASE,
    OPT_HASH_FIELD,
    OPT_ID_KEY,
    OPT_CANARIES,
    OPT_NO_RESIDUAL,
    OPT_FICTIONAL,
};

/* Parses every option of every subcommand; getopt_long gets only the subcommand's table. */
struct audit_cli {
    const char *output, *stratify, *exclude_from, *gold, *json, *markdown, *svg, *release;
    const char *id_key, *canaries;
    char **fields, **rules, **raw, **hash_fields;
    size_t n_fields, n_rules, n_raw, n_hash_fields;
    unsigned long long n, seed;
    double min_recall;
    int have_n, have_seed, have_min_recall, no_residual, redact_fictional_phones;
    struct cli_redaction redaction; /* score: how the release's scrub redacted */
    struct scrub_rules *loaded;
};

static void
audit_cli_release(struct audit_cli *c)
{
    cli_free_list(c->fields, c->n_fields);
    cli_free_list(c->rules, c->n_rules);
    cli_redaction_release(&c->redaction);
    cli_free_list(c->raw, c->n_raw);
    cli_free_list(c->hash_fields, c->n_hash_fields);
    scrub_rules_free(c->loaded);
}

static int
parse_u64(const char *opt, const char *arg, unsigned long long *out, struct err *err)
{
    char *end;
    errno = 0;
    *out = strtoull(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-') {
        return err_set(err, ERR_USAGE, "%s wants a non-negative integer, got '%s'", opt, arg);
    }
    return 0;
}

static int
parse_option(struct audit_cli *c, int opt, const char *arg, struct err *err)
{
    char *end;

    switch (opt) {
    case 'o':
        c->output = arg;
        return 0;
    case 'n':
        c->have_n = 1;
        return parse_u64("--n", arg, &c->n, err);
    case OPT_SEED:
        c->have_seed = 1;
        return parse_u64("--seed", arg, &c->seed, err);
    case OPT_STRATIFY:
        c->stratify = arg;
        return 0;
    case OPT_FIELD:
        cli_split_list(arg, &c->fields, &c->n_fields);
        return 0;
    case OPT_EXCLUDE_FROM:
        c->exclude_from = arg;
        return 0;
    case OPT_GOLD:
        c->gold = arg;
        return 0;
    case OPT_RULES:
        cli_split_list(arg, &c->rules, &c->n_rules);
        return 0;
    case OPT_JSON:
        c->json = arg;
        return 0;
    case OPT_MARKDOWN:
        c->markdown = arg;
        return 0;
    case OPT_SVG:
        c->svg = arg;
        return 0;
    case OPT_MIN_RECALL:
        errno = 0;
        c->min_recall = strtod(arg, &end);
        c->have_min_recall = 1;
        if (errno || end == arg || *end || !(c->min_recall >= 0.0 && c->min_recall <= 1.0)) {
            return err_set(err, ERR_USAGE, "--min-recall wants a number in [0, 1], got '%s'", arg);
        }
        return 0;
    case OPT_RAW:
        cli_split_list(arg, &c->raw, &c->n_raw);
        return 0;
    case OPT_RELEASE:
        c->release = arg;
        return 0;
    case OPT_HASH_FIELD:
        cli_split_list(arg, &c->hash_fields, &c->n_hash_fields);
        return 0;
    case OPT_ID_KEY:
        c->id_key = arg;
        return 0;
    case OPT_CANARIES:
        c->canaries = arg;
        return 0;
    case OPT_NO_RESIDUAL:
        c->no_residual = 1;
        return 0;
    case OPT_FICTIONAL:
        c->redact_fictional_phones = 1;
        return 0;
    case CLI_REDACTION_OPERATOR:
    case CLI_REDACTION_MASK_CHAR:
    case CLI_REDACTION_MASK_KEEP:
        return cli_redaction_option(&c->redaction, (enum cli_redaction_opt)opt, arg, err);
    default:
        return err_set(err, ERR_USAGE, "unexpected option");
    }
}

/* Returns 1 after --help, 0 when parsed, -1 on a usage error (message in err or printed). */
static int
parse_args(struct audit_cli *c, int argc, char **argv, const char *shortopts,
           const struct option *longopts, const char *usage, struct err *err)
{
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return 1;
        }
        if (opt == '?') {
            fputs(usage, stderr);
            return -1;
        }
        if (parse_option(c, opt, optarg, err) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
load_rules(struct audit_cli *c, struct err *err)
{
    if (c->n_rules == 0) {
        cli_split_list(cli_default_rules(), &c->rules, &c->n_rules);
    }
    return scrub_rules_load_many(&c->loaded, (const char *const *)c->rules, c->n_rules, 1, err);
}

/* ---- sample ---- */

static const struct option sample_opts[] = {
    {"n", required_argument, NULL, 'n'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"stratify", required_argument, NULL, OPT_STRATIFY},
    {"field", required_argument, NULL, OPT_FIELD},
    {"exclude-from", required_argument, NULL, OPT_EXCLUDE_FROM},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int
run_sample(struct audit_cli *c, int argc, char **argv, struct err *err)
{
    struct audit_sample_opts o = {0};
    struct audit_sample_summary sum;

    if (!c->have_n || !c->have_seed) {
        return err_set(err, ERR_USAGE, "audit sample needs --n and --seed (see --help)");
    }
    if (optind != argc - 1) {
        return err_set(err, ERR_USAGE, "audit sample takes exactly one input file");
    }
    o.input = argv[optind];
    o.output = c->output ? c->output : "-";
    o.complement = c->exclude_from;
    o.n = c->n;
    o.seed = c->seed;
    o.stratify = c->stratify;
    o.fields = (const char *const *)c->fields;
    o.n_fields = c->n_fields;
    if (audit_sample(&o, &sum, err) < 0) {
        return -1;
    }
    if (log_get_level() >= LOG_WARN) {
        fprintf(stderr,
                "veil audit sample: %llu of %llu records (%zu strata), %llu worksheet lines\n",
                (unsigned long long)sum.sampled, (unsigned long long)sum.records, sum.strata,
                (unsigned long long)sum.worksheet_lines);
    }
    return CLI_EXIT_OK;
}

/* ---- score ---- */

static const struct option score_opts[] = {
    {"gold", required_argument, NULL, OPT_GOLD},
    {"rules", required_argument, NULL, OPT_RULES},
    {"json", required_argument, NULL, OPT_JSON},
    {"markdown", required_argument, NULL, OPT_MARKDOWN},
    {"svg", required_argument, NULL, OPT_SVG},
    {"min-recall", required_argument, NULL, OPT_MIN_RECALL},
    {"redact-fictional-phones", no_argument, NULL, OPT_FICTIONAL},
    {"operator", required_argument, NULL, CLI_REDACTION_OPERATOR},
    {"mask-char", required_argument, NULL, CLI_REDACTION_MASK_CHAR},
    {"mask-keep", required_argument, NULL, CLI_REDACTION_MASK_KEEP},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int
write_reports(const struct audit_cli *c, const struct audit_report *r, struct err *err)
{
    if (audit_report_print(r, stdout, err) < 0 ||
        (c->json && audit_report_write_json(r, c->json, err) < 0) ||
        (c->markdown && audit_report_write_markdown(r, c->markdown, err) < 0) ||
        (c->svg && audit_report_write_svg(r, c->svg, err) < 0)) {
        return -1;
    }
    return 0;
}

static int
run_score(struct audit_cli *c, int argc, char **argv, struct err *err)
{
    struct audit_report r = {0};
    struct audit_score_opts o = {0};
    int rc = -1;

    (void)argv;
    if (!c->gold) {
        return err_set(err, ERR_USAGE, "audit score needs --gold FILE (see --help)");
    }
    if (optind != argc) {
        return err_set(err, ERR_USAGE, "audit score takes no positional arguments");
    }
    if (load_rules(c, err) < 0) {
        return -1;
    }
    o.gold_path = c->gold;
    o.rules = c->loaded;
    o.redact_fictional_phones = c->redact_fictional_phones != 0;
    o.overrides = c->redaction.overrides;
    o.n_overrides = c->redaction.n;
    o.mask_keep = c->redaction.mask_keep;
    o.mask_keep_set = c->redaction.mask_keep_set;
    o.mask_char = c->redaction.mask_char;
    if (audit_score_run(&o, &r, err) < 0 || write_reports(c, &r, err) < 0) {
        goto out;
    }
    rc = CLI_EXIT_OK;
    /* The gate is the interval's lower bound: a small lucky audit must not pass. */
    double lo = r.overall[AUDIT_RULE_LEAK].recall_ci[0];
    if (c->have_min_recall && lo < c->min_recall) {
        fprintf(stderr,
                "veil audit score: leak recall lower 95%% bound %.4f is below --min-recall %.4f "
                "(%llu of %llu gold spans caught)\n",
                lo, c->min_recall, (unsigned long long)r.overall[AUDIT_RULE_LEAK].c.tp,
                (unsigned long long)r.overall[AUDIT_RULE_LEAK].c.n);
        rc = CLI_EXIT_NEGATIVE;
    }
out:
    audit_report_release(&r);
    return rc;
}

/* ---- leaks ---- */

static const struct option leaks_opts[] = {
    {"release", required_argument, NULL, OPT_RELEASE},
    {"raw", required_argument, NULL, OPT_RAW},
    {"hash-field", required_argument, NULL, OPT_HASH_FIELD},
    {"id-key", required_argument, NULL, OPT_ID_KEY},
    {"canaries", required_argument, NULL, OPT_CANARIES},
    {"rules", required_argument, NULL, OPT_RULES},
    {"no-residual", no_argument, NULL, OPT_NO_RESIDUAL},
    {"redact-fictional-phones", no_argument, NULL, OPT_FICTIONAL},
    {"json", required_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void
print_leaks(const struct audit_leak_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct audit_leak *it = &r->items[i];
        printf("%s:%llu: field '%s': %s: %s\n", it->file, (unsigned long long)it->record, it->field,
               audit_leak_kind_name(it->kind), it->detail);
    }
    fprintf(stderr,
            "veil audit leaks: %zu finding%s (raw_id %llu, canary %llu, residual %llu) in %llu "
            "files, %llu records, %llu strings; %llu raw IDs and %llu canaries looked for\n",
            r->n, r->n == 1 ? "" : "s", (unsigned long long)r->by_kind[AUDIT_LEAK_RAW_ID],
            (unsigned long long)r->by_kind[AUDIT_LEAK_CANARY],
            (unsigned long long)r->by_kind[AUDIT_LEAK_RESIDUAL], (unsigned long long)r->files,
            (unsigned long long)r->records, (unsigned long long)r->strings,
            (unsigned long long)r->raw_ids, (unsigned long long)r->canaries);
    for (size_t i = 0; i < r->n_unplanted; i++) {
        log_warn("canary on line %llu of the canaries file is not in the raw input: it tests "
                 "nothing",
                 (unsigned long long)r->unplanted[i]);
    }
    if (r->short_ids_skipped) {
        log_warn("%llu raw IDs shorter than %d bytes were not looked for",
                 (unsigned long long)r->short_ids_skipped, AUDIT_MIN_NEEDLE);
    }
}

static int
check_leak_args(const struct audit_cli *c, struct err *err)
{
    if (!c->release) {
        return err_set(err, ERR_USAGE, "audit leaks needs --release ARCHIVE|DIR (see --help)");
    }
    if (c->n_hash_fields && !c->n_raw) {
        return err_set(err, ERR_USAGE, "--hash-field needs the raw inputs (--raw FILE)");
    }
    if (c->n_raw && !c->n_hash_fields && !c->canaries) {
        return err_set(err, ERR_USAGE,
                       "--raw is read for --hash-field values and --canaries: give either");
    }
    if (c->id_key && !c->n_hash_fields) {
        return err_set(err, ERR_USAGE, "--id-key is only used with --hash-field");
    }
    return 0;
}

static int
run_leaks(struct audit_cli *c, int argc, char **argv, struct err *err)
{
    struct audit_leaks_opts o = {0};
    struct audit_leak_report r;
    unsigned char key[KEYFILE_MAX];
    size_t key_len = 0;
    int rc = -1;

    for (int i = optind; i < argc; i++) {
        cli_split_list(argv[i], &c->raw, &c->n_raw);
    }
    audit_leak_report_init(&r);
    if (check_leak_args(c, err) < 0 ||
        (c->id_key && keyfile_read(c->id_key, key, &key_len, err) < 0) ||
        (!c->no_residual && load_rules(c, err) < 0)) {
        goto out;
    }
    o.raw = (const char *const *)c->raw;
    o.n_raw = c->n_raw;
    o.release = c->release;
    o.hash_fields = (const char *const *)c->hash_fields;
    o.n_hash_fields = c->n_hash_fields;
    o.id_key = c->id_key ? key : NULL;
    o.id_key_len = key_len;
    o.canaries = c->canaries;
    o.rules = c->no_residual ? NULL : c->loaded;
    o.redact_fictional_phones = c->redact_fictional_phones != 0;
    if (audit_leaks_scan(&o, &r, err) < 0 ||
        (c->json && audit_leak_report_write_json(&r, c->json, err) < 0)) {
        goto out;
    }
    print_leaks(&r);
    if (fflush(stdout) != 0) {
        err_set(err, ERR_IO, "cannot write to stdout: %s", strerror(errno));
        goto out;
    }
    rc = r.n ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
out:
    secure_wipe(key, sizeof(key));
    audit_leak_report_release(&r);
    return rc;
}

/* ---- dispatch ---- */

static const struct sub {
    const char *name;
    const char *shortopts;
    const struct option *opts;
    const char *usage;
    int (*run)(struct audit_cli *c, int argc, char **argv, struct err *err);
} subs[] = {
    {"sample", "n:o:h", sample_opts, sample_usage, run_sample},
    {"score", "h", score_opts, score_usage, run_score},
    {"leaks", "h", leaks_opts, leaks_usage, run_leaks},
};

int
cmd_audit(int argc, char **argv)
{
    struct audit_cli c = {0};
    struct err err;
    int rc = CLI_EXIT_USAGE;

    err_clear(&err);
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(audit_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
        if (strcmp(argv[1], subs[i].name) != 0) {
            continue;
        }
        int parsed = parse_args(&c, argc - 1, argv + 1, subs[i].shortopts, subs[i].opts,
                                subs[i].usage, &err);
        if (parsed == 0) {
            rc = subs[i].run(&c, argc - 1, argv + 1, &err);
        } else if (parsed > 0) {
            rc = CLI_EXIT_OK;
        }
        if (rc < 0 || (parsed < 0 && err.kind != ERR_NONE)) {
            log_error("%s", err.msg);
            rc = err_exit_code(&err);
        }
        audit_cli_release(&c);
        return rc;
    }
    fprintf(stderr, "veil audit: unknown subcommand '%s'\n%s", argv[1], audit_usage);
    return CLI_EXIT_USAGE;
}
