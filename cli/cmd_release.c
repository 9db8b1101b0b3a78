/* Placeholder until the release work lands; replaced by its owner. */
#include <stdio.h>

#include "cli/cli.h"
#include "common/banned.h"

int
cmd_release(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("veil release: not available in this build yet\n", stderr);
    return CLI_EXIT_INTERNAL;
}
