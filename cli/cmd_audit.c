/* Placeholder until the audit work lands; replaced by its owner. */
#include <stdio.h>

#include "cli/cli.h"
#include "common/banned.h"

int
cmd_audit(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("veil audit: not available in this build yet\n", stderr);
    return CLI_EXIT_INTERNAL;
}
