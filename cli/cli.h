#ifndef VEIL_CLI_H
#define VEIL_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "scrub/scrub.h"

/*
 * One function per subcommand, each in cli/cmd_<name>.c. A cmd_* parses its options, validates
 * them, calls its module and maps the result to an exit code (see cli_exit_*); it holds no logic.
 */

#define CLI_EXIT_OK       0
#define CLI_EXIT_NEGATIVE 1 /* verification failed, leaks found, recall below threshold */
#define CLI_EXIT_USAGE    2 /* usage or input error */
#define CLI_EXIT_INTERNAL 3 /* a library or internal failure */

int cmd_keygen(int argc, char **argv);
int cmd_scrub(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_card(int argc, char **argv);

/* Default rule-pack directory: $VEIL_RULES, else ./rules/default if present, else the install. */
const char *cli_default_rules(void);
/* The same for the content-warnings pack. */
const char *cli_default_warnings(void);

/* A list option takes one or more values: "--data a b c" as well as "--data a --data b". */
struct cli_list {
    const char **v; /* borrowed from argv; the array is owned (free it) */
    size_t n;
};

void cli_list_add(struct cli_list *l, const char *s);

struct option;

/*
 * getopt_long over argv where plain arguments after a list option continue that list
 * (optstring must start with '+'). apply handles each option and points *current at the list
 * the option fills, or NULL. Returns -1 when parsing went through, CLI_EXIT_OK after printing
 * usage for --help, CLI_EXIT_USAGE (usage on stderr) on a bad option or stray argument.
 */
int cli_parse_list_options(int argc, char **argv, const char *cmd, const char *optstring,
                           const struct option *longopts, const char *usage,
                           int (*apply)(void *ctx, int opt, struct cli_list **current), void *ctx);

/* On SIGINT, SIGTERM or SIGHUP remove every unfinished output's temporary file, then die. */
void cli_cleanup_on_signals(void);

/* Split "a,b,c" into a NULL-terminated array appended to *list (*n counts); strings are owned. */
void cli_split_list(const char *arg, char ***list, size_t *n);
void cli_free_list(char **list, size_t n);

/*
 * The redaction options (cli/redaction_options.c): --operator E=OP (repeatable; the first for an
 * entity wins), --mask-char C, --mask-keep N. scrub and audit score take the same ones.
 */
struct cli_redaction {
    struct scrub_operator_override overrides[32]; /* entities owned */
    size_t n;
    unsigned mask_keep;
    bool mask_keep_set;
    unsigned char mask_char;
};

/* getopt codes of the three options, apart from every command's own (which start at 256) */
enum cli_redaction_opt {
    CLI_REDACTION_OPERATOR = 0x1000,
    CLI_REDACTION_MASK_CHAR,
    CLI_REDACTION_MASK_KEEP,
};

struct err;
int cli_redaction_option(struct cli_redaction *r, enum cli_redaction_opt opt, const char *arg,
                         struct err *err);
/* Point eo at r's operators (borrowed: r must outlive the engine) and mask settings. */
void cli_redaction_apply(const struct cli_redaction *r, struct scrub_engine_opts *eo);
void cli_redaction_release(struct cli_redaction *r);

#endif
