/* veil keygen: the ID-hashing key (id.key) and the minisign-format signing key pair. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/keyfile.h"
#include "common/log.h"
#include "release/sign.h"

#include "common/banned.h"

struct keygen_opts {
    const char *dir;
    const char *password_file;
    int force;
};

static const char usage_text[] =
    "usage: veil keygen --out DIR [--password-file FILE] [--force]\n"
    "  writes DIR/id.key (ID-hashing key), DIR/veil.pub and DIR/veil.sec (minisign key pair);\n"
    "  veil.sec is unencrypted unless --password-file is given (then scrypt, as minisign)\n";

static int
parse_opts(int argc, char **argv, struct keygen_opts *o)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"password-file", required_argument, NULL, 'p'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "o:p:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->dir = optarg;
            break;
        case 'p':
            o->password_file = optarg;
            break;
        case 'f':
            o->force = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        default:
            fputs(usage_text, stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (!o->dir || optind != argc) {
        fputs(usage_text, stderr);
        return CLI_EXIT_USAGE;
    }
    return -1;
}

/* The key directory is created private; an existing one is used as it is. */
static int
make_key_dir(const char *dir, struct err *err)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        return err_set(err, ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
    }
    return 0;
}

/* Checked before anything is written, so a refusal never leaves half a set of keys. */
static int
refuse_existing_id_key(const char *path, int force, struct err *err)
{
    if (!force && access(path, F_OK) == 0) {
        return err_set(err, ERR_USAGE, "%s: already exists (use --force to overwrite)", path);
    }
    return 0;
}

static int
write_id_key(const char *path, int force, struct err *err)
{
    unsigned char key[32];
    int rc;

    if (sign_random(key, sizeof(key), err) < 0) {
        return -1;
    }
    rc = keyfile_write(path, key, sizeof(key), force, err);
    secure_wipe(key, sizeof(key));
    return rc;
}

int
cmd_keygen(int argc, char **argv)
{
    struct keygen_opts o = {0};
    struct buf id_path, pub_path, sec_path;
    struct sign_pubkey pub;
    char id[SIGN_KEY_ID_LEN + 1], id_short[SIGN_KEY_ID_LEN + 1];
    char *password = NULL;
    struct err err;
    int rc = parse_opts(argc, argv, &o);

    if (rc >= 0) {
        return rc;
    }
    err_clear(&err);
    buf_init(&id_path, BUF_NO_MAX);
    buf_init(&pub_path, BUF_NO_MAX);
    buf_init(&sec_path, BUF_NO_MAX);
    if (make_key_dir(o.dir, &err) < 0 || buf_printf(&id_path, &err, "%s/id.key", o.dir) < 0 ||
        buf_printf(&pub_path, &err, "%s/veil.pub", o.dir) < 0 ||
        buf_printf(&sec_path, &err, "%s/veil.sec", o.dir) < 0 ||
        refuse_existing_id_key((const char *)id_path.data, o.force, &err) < 0 ||
        (o.password_file && sign_password_read(o.password_file, &password, &err) < 0) ||
        sign_keygen((const char *)pub_path.data, (const char *)sec_path.data, password, NULL,
                    o.force, &pub, &err) < 0 ||
        write_id_key((const char *)id_path.data, o.force, &err) < 0) {
        log_error("%s", err.msg);
        rc = err_exit_code(&err);
        goto out;
    }
    sign_key_id(&pub, id);
    sign_key_id_short(&pub, id_short);
    printf("public key: %s\nkey id: %s (minisign 0.11 shows %s)\nsecret key: %s%s\nid key: %s\n",
           (const char *)pub_path.data, id, id_short, (const char *)sec_path.data,
           password ? " (password-protected)" : " (unencrypted: keep it offline)",
           (const char *)id_path.data);
    rc = CLI_EXIT_OK;
out:
    sign_password_free(password);
    buf_release(&id_path);
    buf_release(&pub_path);
    buf_release(&sec_path);
    return rc;
}
