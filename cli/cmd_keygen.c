/* veil keygen: create the ID-hashing key (id.key). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cli/cli.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/keyfile.h"
#include "common/log.h"
#include "common/banned.h"

static int
fill_random(unsigned char *p, size_t n, struct err *err)
{
    while (n) {
        ssize_t r = getrandom(p, n, 0);
        if (r <= 0) {
            return err_set(err, ERR_IO, "getrandom failed");
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int
cmd_keygen(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL;
    int force = 0, c, rc = CLI_EXIT_USAGE;
    unsigned char key[32];
    struct buf path;
    struct err err;

    err_clear(&err);
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            dir = optarg;
            break;
        case 'f':
            force = 1;
            break;
        case 'h':
            printf("usage: veil keygen --out DIR [--force]\n");
            return CLI_EXIT_OK;
        default:
            return CLI_EXIT_USAGE;
        }
    }
    if (!dir || optind != argc) {
        fprintf(stderr, "usage: veil keygen --out DIR [--force]\n");
        return CLI_EXIT_USAGE;
    }
    buf_init(&path, BUF_NO_MAX);
    if (buf_printf(&path, &err, "%s/id.key", dir) < 0 || fill_random(key, sizeof(key), &err) < 0 ||
        keyfile_write((const char *)path.data, key, sizeof(key), force, &err) < 0) {
        log_error("%s", err.msg);
        rc = err_exit_code(&err);
        goto out;
    }
    rc = CLI_EXIT_OK;
out:
    secure_wipe(key, sizeof(key));
    buf_release(&path);
    return rc;
}
