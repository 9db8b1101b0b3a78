/* veil keygen: the ID-hashing key (id.key) and the minisign-format signing key pair. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/fileset.h"
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
    "  veil.sec is unencrypted unless --password-file is given (then scrypt, as minisign)\n"
    "  --force replaces those files when they are regular files; a symbolic link (or a\n"
    "  directory, device or FIFO) at one of those paths is refused, never replaced or written\n"
    "  through\n";

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

/*
 * The three files as one set: fileset_write() makes them appear together, so a run killed at any
 * moment leaves either no keys or all of them, and a rerun is never blocked by half a set.
 */
enum { KEY_ID, KEY_PUB, KEY_SEC, KEY_FILES };

static int
make_keys(const struct keygen_opts *o, struct fileset_file files[KEY_FILES],
          struct sign_pubkey *pub, int *encrypted, struct err *err)
{
    unsigned char id_key[32];
    char id_text[2 * KEYFILE_MAX + 1];
    struct buf pub_text, sec_text;
    char *password = NULL;
    int rc = -1;

    buf_init(&pub_text, BUF_NO_MAX);
    buf_init(&sec_text, BUF_NO_MAX);
    /* Checked before the (maybe slow, scrypt) key generation; fileset_write checks again. */
    if (fileset_refuse_existing(o->dir, files, KEY_FILES, o->force, err) < 0 ||
        (o->password_file && sign_password_read(o->password_file, &password, err) < 0) ||
        sign_random(id_key, sizeof(id_key), err) < 0 ||
        sign_keypair_new(password, NULL, &pub_text, &sec_text, pub, err) < 0) {
        goto out;
    }
    files[KEY_ID].data = id_text;
    files[KEY_ID].len = keyfile_format(id_key, sizeof(id_key), id_text);
    files[KEY_PUB].data = pub_text.data;
    files[KEY_PUB].len = pub_text.len;
    files[KEY_SEC].data = sec_text.data;
    files[KEY_SEC].len = sec_text.len;
    rc = fileset_write(o->dir, files, KEY_FILES, o->force, err);
    *encrypted = password != NULL;
out:
    secure_wipe(id_key, sizeof(id_key));
    secure_wipe(id_text, sizeof(id_text));
    if (sec_text.data) {
        secure_wipe(sec_text.data, sec_text.len);
    }
    buf_release(&sec_text);
    buf_release(&pub_text);
    sign_password_free(password);
    return rc;
}

int
cmd_keygen(int argc, char **argv)
{
    struct keygen_opts o = {0};
    struct fileset_file files[KEY_FILES] = {
        [KEY_ID] = {"id.key", NULL, 0, 0600},
        [KEY_PUB] = {"veil.pub", NULL, 0, 0644},
        [KEY_SEC] = {"veil.sec", NULL, 0, 0600},
    };
    struct sign_pubkey pub;
    char id[SIGN_KEY_ID_LEN + 1], id_short[SIGN_KEY_ID_LEN + 1];
    struct err err;
    int encrypted = 0, rc = parse_opts(argc, argv, &o);

    if (rc >= 0) {
        return rc;
    }
    err_clear(&err);
    if (make_keys(&o, files, &pub, &encrypted, &err) < 0) {
        log_error("%s", err.msg);
        return err_exit_code(&err);
    }
    sign_key_id(&pub, id);
    sign_key_id_short(&pub, id_short);
    printf(
        "public key: %s/veil.pub\nkey id: %s (minisign 0.11 shows %s)\nsecret key: %s/veil.sec%s\n"
        "id key: %s/id.key\n",
        o.dir, id, id_short, o.dir,
        encrypted ? " (password-protected)" : " (unencrypted: keep it offline)", o.dir);
    return CLI_EXIT_OK;
}
