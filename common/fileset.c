/* Key sets that appear whole or not at all: built in a temporary directory, renamed as one. */
#include "common/fileset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

enum dir_state { DIR_MISSING, DIR_EMPTY, DIR_IN_USE };

/*
 * The temporary files and staging directory of the set being written, for
 * fileset_remove_temporaries() to remove from a signal handler (secrets must not outlive an
 * interrupted run). A global for the reason outfile.c's is: a handler can reach nothing else.
 * Paths that were renamed away are simply gone when it runs.
 */
#define MAX_LIVE 8
static char *volatile live_paths[MAX_LIVE];
static char *volatile live_dir;

static void
track(char *path)
{
    for (size_t i = 0; i < MAX_LIVE; i++) {
        if (!live_paths[i]) {
            live_paths[i] = path;
            return;
        }
    }
}

/* A template whose mkstemp/mkdtemp failed may now name someone else's file: forget it. */
static void
untrack(const char *path)
{
    for (size_t i = 0; i < MAX_LIVE; i++) {
        if (live_paths[i] == path) {
            live_paths[i] = NULL;
        }
    }
}

static void
untrack_all(void)
{
    for (size_t i = 0; i < MAX_LIVE; i++) {
        live_paths[i] = NULL;
    }
    live_dir = NULL;
}

void
fileset_remove_temporaries(void)
{
    for (size_t i = 0; i < MAX_LIVE; i++) {
        char *p = live_paths[i];
        if (p) {
            unlink(p);
        }
    }
    if (live_dir) {
        rmdir(live_dir);
    }
}

/* a + b + c as a new string (caller frees). */
static char *
concat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = xmalloc(size_add(size_add(size_add(la, lb), lc), 1));

    memcpy(p, a, la);
    memcpy(p + la, b, lb);
    memcpy(p + la + lb, c, lc + 1);
    return p;
}

/* What a file that is not a regular one is, for the message refusing it. */
static const char *
kind_of(mode_t mode)
{
    if (S_ISLNK(mode)) {
        return "a symbolic link";
    }
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    return "a device, FIFO or socket";
}

/*
 * Even with force only a regular file is replaced. Renaming over a symbolic link would replace the
 * link (a veil.pub linked to where it is published would silently stop being updated), and writing
 * through it would put a secret key wherever someone pointed it: neither is what the user asked
 * for, so the link is left for them to remove. A path lstat fails on (mostly: nothing is there)
 * is left to the write, which fails on it the same way or creates it.
 */
static int
refuse_path(const char *path, int force, struct err *err)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        return err_set(err, ERR_USAGE,
                       "%s: is %s, not a regular file: refusing to overwrite it, even with --force",
                       path, kind_of(st.st_mode));
    }
    if (!force) {
        return err_set(err, ERR_USAGE, "%s: already exists (use --force to overwrite)", path);
    }
    return 0;
}

int
fileset_refuse_existing(const char *dir, const struct fileset_file *files, size_t n, int force,
                        struct err *err)
{
    for (size_t i = 0; i < n; i++) {
        char *path = concat3(dir, "/", files[i].name);
        int rc = refuse_path(path, force, err);
        free(path);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

/* Missing, an empty directory (which a directory can be renamed onto), or anything else. */
static int
dir_state(const char *dir, enum dir_state *state, struct err *err)
{
    struct stat st;
    struct dirent *de;
    DIR *d;

    if (lstat(dir, &st) != 0) {
        if (errno != ENOENT) {
            return err_set(err, ERR_IO, "%s: cannot stat: %s", dir, strerror(errno));
        }
        *state = DIR_MISSING;
        return 0;
    }
    /* A symlink is written through: renaming onto it would replace the link itself. */
    if (S_ISLNK(st.st_mode) && stat(dir, &st) != 0) {
        return err_set(err, ERR_IO, "%s: cannot stat: %s", dir, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return err_set(err, ERR_USAGE, "%s: not a directory", dir);
    }
    *state = DIR_IN_USE;
    if (S_ISLNK(st.st_mode)) {
        return 0;
    }
    if (!(d = opendir(dir))) {
        return err_set(err, ERR_IO, "%s: cannot read directory: %s", dir, strerror(errno));
    }
    *state = DIR_EMPTY;
    errno = 0;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            *state = DIR_IN_USE;
            break;
        }
    }
    if (!de && errno != 0) {
        int e = errno;
        closedir(d);
        return err_set(err, ERR_IO, "%s: cannot read directory: %s", dir, strerror(e));
    }
    closedir(d);
    return 0;
}

/* Write f to fd (opened on path) and fsync; on failure path is removed. Errors name shown. */
static int
write_fd(int fd, const char *path, const char *shown, const struct fileset_file *f, struct err *err)
{
    const unsigned char *p = f->data;
    size_t left = f->len;
    int e;

    if (fchmod(fd, (mode_t)f->mode) != 0) {
        goto fail;
    }
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            goto fail;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0) {
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return 0;
fail:
    e = errno ? errno : EIO;
    if (fd >= 0) {
        close(fd);
    }
    unlink(path);
    return err_set(err, ERR_IO, "%s: write failed: %s", shown, strerror(e));
}

/* Durability of a rename; a failure here loses nothing that is not already lost. */
static void
sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* dir without trailing slashes, and where its temporary sibling and parent are. */
struct dir_names {
    char *dir;     /* "a/keys" for "a/keys/" */
    char *parent;  /* "a", or "." */
    char *staging; /* "a/.keys.tmp.XXXXXX" */
};

static void
dir_names_init(struct dir_names *dn, const char *dir)
{
    static const char suffix[] = ".tmp.XXXXXX";
    size_t len = strlen(dir), head, base_len;
    const char *slash;

    while (len > 1 && dir[len - 1] == '/') {
        len--;
    }
    dn->dir = xmalloc(size_add(len, 1));
    memcpy(dn->dir, dir, len);
    dn->dir[len] = '\0';
    slash = strrchr(dn->dir, '/');
    head = slash ? (size_t)(slash - dn->dir) + 1 : 0; /* "a/" of "a/keys" */
    base_len = len - head;
    dn->parent = concat3(slash ? dn->dir : ".", "", "");
    if (slash) {
        dn->parent[head > 1 ? head - 1 : 1] = '\0'; /* "a", or "/" for "/keys" */
    }
    dn->staging = xmalloc(size_add(head + 1 + base_len, sizeof(suffix)));
    memcpy(dn->staging, dn->dir, head);
    dn->staging[head] = '.';
    memcpy(dn->staging + head + 1, dn->dir + head, base_len);
    memcpy(dn->staging + head + 1 + base_len, suffix, sizeof(suffix));
}

static void
dir_names_release(struct dir_names *dn)
{
    free(dn->dir);
    free(dn->parent);
    free(dn->staging);
}

static void
remove_staged(const char *staging, const struct fileset_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *path = concat3(staging, "/", files[i].name);
        unlink(path);
        free(path);
    }
    rmdir(staging);
}

static int
write_staged(const struct dir_names *dn, char **paths, const struct fileset_file *files, size_t n,
             struct err *err)
{
    for (size_t i = 0; i < n; i++) {
        char *shown = concat3(dn->dir, "/", files[i].name);
        int fd = open(paths[i], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        int rc = fd < 0 ? err_set(err, ERR_IO, "%s: cannot create: %s", shown, strerror(errno))
                        : write_fd(fd, paths[i], shown, &files[i], err);
        free(shown);
        if (rc < 0) {
            return -1;
        }
    }
    sync_dir(dn->staging);
    return 0;
}

/*
 * The whole set in a new directory renamed onto dir (missing or empty). *fallback is set when
 * that cannot work here (an empty dir that is a mount point, or whose parent is read-only) and
 * the files should be written one by one instead.
 */
static int
write_as_directory(const char *dir, enum dir_state state, const struct fileset_file *files,
                   size_t n, bool *fallback, struct err *err)
{
    struct dir_names dn;
    char **paths = xcalloc(n, sizeof(*paths));
    int rc = -1;

    *fallback = false;
    dir_names_init(&dn, dir);
    /* Tracked before it exists: a signal right after mkdtemp must find it (removing a name
     * that does not exist yet is harmless). */
    live_dir = dn.staging;
    if (!mkdtemp(dn.staging)) {
        live_dir = NULL;
        *fallback = state == DIR_EMPTY;
        err_set(err, ERR_IO, "%s: cannot create directory: %s", dn.dir, strerror(errno));
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        paths[i] = concat3(dn.staging, "/", files[i].name);
        track(paths[i]);
    }
    if (write_staged(&dn, paths, files, n, err) < 0) {
        remove_staged(dn.staging, files, n);
        goto out;
    }
    if (rename(dn.staging, dn.dir) != 0) {
        int e = errno;
        remove_staged(dn.staging, files, n);
        *fallback = state == DIR_EMPTY;
        err_set(err, ERR_IO, "%s: cannot rename into place: %s", dn.dir, strerror(e));
        goto out;
    }
    sync_dir(dn.parent);
    rc = 0;
out:
    untrack_all();
    for (size_t i = 0; i < n; i++) {
        free(paths[i]);
    }
    free(paths);
    dir_names_release(&dn);
    return rc;
}

/*
 * Publish tmp at path: without force never over an existing file (link fails on one). With force,
 * fileset_refuse_existing has refused anything at path but a regular file. Neither link nor rename
 * follows a symbolic link at path, so one planted since that check is at worst replaced: the set
 * is never written through it.
 */
static int
publish(const char *tmp, const char *path, int force, struct err *err)
{
    if (!force && link(tmp, path) == 0) {
        unlink(tmp);
        return 0;
    }
    if (!force && errno == EEXIST) {
        return err_set(err, ERR_USAGE, "%s: already exists (use --force to overwrite)", path);
    }
    /* No hard links on this file system (vfat): fileset_refuse_existing already checked. */
    if (rename(tmp, path) != 0) {
        return err_set(err, ERR_IO, "%s: cannot rename into place: %s", path, strerror(errno));
    }
    return 0;
}

static int
write_one_by_one(const char *dir, const struct fileset_file *files, size_t n, int force,
                 struct err *err)
{
    char **tmp = xcalloc(n, sizeof(*tmp));
    size_t written = 0, published = 0;
    int rc = -1;

    for (; written < n; written++) {
        char *shown = concat3(dir, "/", files[written].name);
        char *base = concat3(".", files[written].name, ".tmp.XXXXXX");
        int fd, wrc;

        tmp[written] = concat3(dir, "/", base);
        free(base);
        track(tmp[written]); /* before it exists, as in write_as_directory */
        fd = mkstemp(tmp[written]);
        if (fd < 0) {
            untrack(tmp[written]);
        }
        wrc = fd < 0 ? err_set(err, ERR_IO, "%s: cannot create: %s", shown, strerror(errno))
                     : write_fd(fd, tmp[written], shown, &files[written], err);
        free(shown);
        if (wrc < 0) {
            goto out;
        }
    }
    for (; published < n; published++) {
        char *path = concat3(dir, "/", files[published].name);
        int prc = publish(tmp[published], path, force, err);
        free(path);
        if (prc < 0) {
            goto out;
        }
    }
    sync_dir(dir);
    rc = 0;
out:
    for (size_t i = published; i < written; i++) {
        unlink(tmp[i]);
    }
    untrack_all();
    for (size_t i = 0; i < n; i++) {
        free(tmp[i]);
    }
    free(tmp);
    return rc;
}

int
fileset_write(const char *dir, const struct fileset_file *files, size_t n, int force,
              struct err *err)
{
    enum dir_state state;
    bool fallback = false;

    if (fileset_refuse_existing(dir, files, n, force, err) < 0 || dir_state(dir, &state, err) < 0) {
        return -1;
    }
    if (state != DIR_IN_USE) {
        if (write_as_directory(dir, state, files, n, &fallback, err) == 0) {
            return 0;
        }
        if (!fallback) {
            return -1;
        }
        err_clear(err);
    }
    return write_one_by_one(dir, files, n, force, err);
}
