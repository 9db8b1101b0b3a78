/*
 * The compiled-pattern cache. Compiling a pattern (PCRE2 four times: as written and factored,
 * with and without UCP) and analysing its gate is most of what a load costs (0.2 s for the
 * default packs), and every run repeats it for the same patterns. The cache keeps the result of
 * each (source, options) pair: PCRE2's serialised codes and the gate as gate_build leaves it.
 *
 * One file per executable in the cache directory, named after a digest of the things a result
 * depends on besides its source: the veil executable's build id, or its own bytes (so any change
 * to the analyser or the compile invalidates it), the PCRE2 and ICU versions, and the layout of a
 * gate. A file is read whole and checked against the checksum at its end (XXH64,
 * pack_checksum.c) before any entry is used; an unreadable, damaged or foreign file is ignored,
 * and the patterns compile as without a cache.
 * A load that compiled anything writes the file anew (a temporary file renamed over it), with
 * the entries it read and those it made; so concurrent runs each leave a whole file, and the
 * last one to finish wins. The directory keeps the few most recent files.
 *
 * VEIL_CACHE_DIR names the directory ("" or "off": no cache); without it, the veil command
 * (scrub_rules_cache_by_default) uses $XDG_CACHE_HOME/veil or ~/.cache/veil, and other programs
 * linking the engine, such as the unit tests, use none. A cache only saves time: a run gives the
 * same output with it, without it, and with a damaged one (tests/test_pack_cache.c).
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "scrub/pack_cache_internal.h"
#include "scrub/rules_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <unicode/uversion.h>

#include "common/err.h"
#include "common/outfile.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define CACHE_MAGIC      "veil-pattern-cache-2\n"
#define CACHE_MAGIC_LEN  (sizeof(CACHE_MAGIC) - 1)
#define CACHE_KEY_LEN    PACK_CACHE_KEY_LEN
#define CACHE_SUM_LEN    8
#define CACHE_FILES_KEPT 16
/* A file larger than this is not read. */
#define CACHE_BYTES_MAX ((size_t)64 << 20)
/* A file is written with the entries this load used or made first, then others while it stays
 * under this (about four sets the size of the default packs): least recently used go first. */
#define CACHE_BYTES_KEPT ((size_t)16 << 20)

struct cache_entry {
    unsigned char key[CACHE_KEY_LEN];
    const unsigned char *blob; /* into the file read, or owned */
    size_t len;
    unsigned char *owned; /* blob, when this load added it */
    bool used;            /* by this load */
};

struct pack_cache {
    char *dir, *path;
    void *map; /* the file as read (mapped), or NULL */
    size_t map_len;
    struct cache_entry *entries;
    size_t n, cap;
    size_t *slots; /* open addressing over entries, index + 1 (0: empty) */
    size_t n_slots;
    size_t added;
    pthread_mutex_t mu; /* jobs look up and add from the compile helpers */
};

/* ---- the key and the environment ---- */

static void
sha256(const void *a, size_t na, const void *b, size_t nb, unsigned char out[CACHE_KEY_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int n = 0;

    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
        EVP_DigestUpdate(ctx, a, na) != 1 || EVP_DigestUpdate(ctx, b, nb) != 1 ||
        EVP_DigestFinal_ex(ctx, out, &n) != 1) {
        memset(out, 0, CACHE_KEY_LEN); /* all-zero: matches no file's digest */
    }
    EVP_MD_CTX_free(ctx);
}

struct build_id {
    unsigned char v[PACK_CACHE_BUILD_ID_MAX];
    size_t n;
};

/* The NT_GNU_BUILD_ID note among the notes of [p, end), aligned to align bytes. */
static bool
note_build_id(const unsigned char *p, const unsigned char *end, size_t align, struct build_id *id)
{
    while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
        ElfW(Nhdr) nh;
        memcpy(&nh, p, sizeof(nh));
        size_t name = (nh.n_namesz + align - 1) & ~(align - 1);
        size_t desc = (nh.n_descsz + align - 1) & ~(align - 1);
        p += sizeof(nh);
        if (name > (size_t)(end - p) || desc > (size_t)(end - p) - name) {
            return false;
        }
        if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && !memcmp(p, "GNU", 4) &&
            nh.n_descsz >= 16 && nh.n_descsz <= sizeof(id->v)) {
            memcpy(id->v, p + name, nh.n_descsz);
            id->n = nh.n_descsz;
            return true;
        }
        p += name + desc;
    }
    return false;
}

/* dl_iterate_phdr visits the executable first: its notes, then stop. */
static int
executable_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct build_id *id = arg;

    (void)size;
    for (size_t i = 0; i < info->dlpi_phnum && !id->n; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_NOTE) {
            const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
            (void)note_build_id(p, p + ph->p_memsz, ph->p_align == 8 ? 8 : 4, id);
        }
    }
    return 1;
}

size_t
pack_cache_build_id(unsigned char out[PACK_CACHE_BUILD_ID_MAX])
{
    struct build_id id = {{0}, 0};

    (void)dl_iterate_phdr(executable_build_id, &id);
    memcpy(out, id.v, id.n);
    return id.n;
}

/*
 * The executable's part of the digest: its build id, a digest the linker made of its bytes (so
 * any change to the analyser or the compile gives another), with its size; or, with no build
 * id, its bytes (2.5 MB hashed at every start: a millisecond).
 */
static bool
digest_executable(EVP_MD_CTX *ctx)
{
    unsigned char id[PACK_CACHE_BUILD_ID_MAX];
    size_t id_len = pack_cache_build_id(id);
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    struct stat st;
    bool ok = fd >= 0 && fstat(fd, &st) == 0;

    if (ok && id_len) {
        uint64_t size = (uint64_t)st.st_size;
        ok = EVP_DigestUpdate(ctx, "build-id", sizeof("build-id")) == 1 &&
             EVP_DigestUpdate(ctx, id, id_len) == 1 &&
             EVP_DigestUpdate(ctx, &size, sizeof(size)) == 1;
        (void)close(fd);
        return ok;
    }
    while (ok) {
        unsigned char chunk[65536];
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        ok = EVP_DigestUpdate(ctx, chunk, (size_t)n) == 1;
    }
    if (fd >= 0) {
        (void)close(fd);
    }
    return ok;
}

/* The digest of what a cached result depends on besides its source; false if unknown. */
static bool
compute_environment_digest(unsigned char out[CACHE_KEY_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    char pcre[64] = "";
    UVersionInfo icu;
    char icu_text[U_MAX_VERSION_STRING_LENGTH];
    size_t gate_size = sizeof(struct gate);
    unsigned int n_out = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
              EVP_DigestUpdate(ctx, CACHE_MAGIC, CACHE_MAGIC_LEN) == 1 && digest_executable(ctx);

    (void)pcre2_config(PCRE2_CONFIG_VERSION, pcre);
    u_getVersion(icu);
    u_versionToString(icu, icu_text);
    ok = ok && EVP_DigestUpdate(ctx, pcre, strlen(pcre) + 1) == 1 &&
         EVP_DigestUpdate(ctx, icu_text, strlen(icu_text) + 1) == 1 &&
         EVP_DigestUpdate(ctx, &gate_size, sizeof(gate_size)) == 1 &&
         EVP_DigestFinal_ex(ctx, out, &n_out) == 1 && n_out == CACHE_KEY_LEN;
    EVP_MD_CTX_free(ctx);
    return ok;
}

static pthread_once_t environment_once = PTHREAD_ONCE_INIT;
static unsigned char environment[CACHE_KEY_LEN];
static bool environment_known;

static void
environment_init(void)
{
    environment_known = compute_environment_digest(environment);
}

/* The same, read (2 MB of executable hashed) once per process, not once per load. */
static bool
environment_digest(unsigned char out[CACHE_KEY_LEN])
{
    (void)pthread_once(&environment_once, environment_init);
    memcpy(out, environment, CACHE_KEY_LEN);
    return environment_known;
}

static void
entry_key(const char *src, uint32_t options, unsigned char out[CACHE_KEY_LEN])
{
    unsigned char opt[4] = {(unsigned char)options, (unsigned char)(options >> 8),
                            (unsigned char)(options >> 16), (unsigned char)(options >> 24)};

    sha256(opt, sizeof(opt), src, strlen(src), out);
}

/* ---- the table ---- */

static size_t
slot_of(const struct pack_cache *c, const unsigned char *key)
{
    size_t h;

    memcpy(&h, key, sizeof(h));
    return h & (c->n_slots - 1);
}

static struct cache_entry *
lookup(const struct pack_cache *c, const unsigned char *key)
{
    if (!c->n_slots) {
        return NULL;
    }
    for (size_t i = slot_of(c, key);; i = (i + 1) & (c->n_slots - 1)) {
        if (!c->slots[i]) {
            return NULL;
        }
        struct cache_entry *e = &c->entries[c->slots[i] - 1];
        if (!memcmp(e->key, key, CACHE_KEY_LEN)) {
            return e;
        }
    }
}

static void
rehash(struct pack_cache *c)
{
    free(c->slots);
    c->n_slots = 64;
    while (c->n_slots < 2 * (c->n + 1)) {
        c->n_slots *= 2;
    }
    c->slots = xcalloc(c->n_slots, sizeof(*c->slots));
    for (size_t k = 0; k < c->n; k++) {
        size_t i = slot_of(c, c->entries[k].key);
        while (c->slots[i]) {
            i = (i + 1) & (c->n_slots - 1);
        }
        c->slots[i] = k + 1;
    }
}

/* Add an entry unless its key is there; the cache takes owned (blob itself, or NULL). */
static void
insert(struct pack_cache *c, const unsigned char *key, const unsigned char *blob, size_t len,
       unsigned char *owned)
{
    if (lookup(c, key)) {
        free(owned);
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->entries = xrealloc(c->entries, size_mul(c->cap, sizeof(*c->entries)));
    }
    struct cache_entry *e = &c->entries[c->n++];
    memcpy(e->key, key, CACHE_KEY_LEN);
    e->blob = blob;
    e->len = len;
    e->owned = owned;
    e->used = owned != NULL;
    if (2 * c->n > c->n_slots) {
        rehash(c);
    } else {
        size_t i = slot_of(c, key);
        while (c->slots[i]) {
            i = (i + 1) & (c->n_slots - 1);
        }
        c->slots[i] = c->n;
    }
}

/* ---- the file: magic, then per entry key, length (8 bytes LE) and blob, then a SHA-256 ---- */

/* Map c->path; its entries join the table when the whole file checks out. */
static void
read_file(struct pack_cache *c)
{
    int fd = open(c->path, O_RDONLY | O_CLOEXEC);
    const unsigned char *data;
    struct stat st;
    size_t pos = CACHE_MAGIC_LEN, end;
    void *map;

    if (fd < 0) {
        return;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        (uint64_t)st.st_size > CACHE_BYTES_MAX ||
        (size_t)st.st_size < CACHE_MAGIC_LEN + CACHE_SUM_LEN) {
        (void)close(fd);
        return;
    }
    /* private and read-only: a file rewritten meanwhile is renamed over, never written into */
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    (void)close(fd);
    if (map == MAP_FAILED) {
        return;
    }
    c->map = map;
    c->map_len = (size_t)st.st_size;
    data = map;
    end = c->map_len - CACHE_SUM_LEN;
    if (memcmp(data, CACHE_MAGIC, CACHE_MAGIC_LEN) != 0 ||
        pack_checksum(data, end) != blob_get_u64(data + end)) {
        return;
    }
    while (pos + CACHE_KEY_LEN + 8 <= end) {
        const unsigned char *key = data + pos;
        uint64_t len = blob_get_u64(key + CACHE_KEY_LEN);
        pos += CACHE_KEY_LEN + 8;
        if (len > end - pos) {
            break; /* cannot happen in a file whose checksum holds, but costs nothing */
        }
        insert(c, key, data + pos, (size_t)len, NULL);
        pos += (size_t)len;
    }
}

/* Keep the CACHE_FILES_KEPT most recently written cache files of the directory. */
static void
prune(const char *dir)
{
    DIR *d = opendir(dir);
    struct {
        char name[64];
        time_t mtime;
    } files[64];
    size_t n = 0;
    struct dirent *de;

    if (!d) {
        return;
    }
    while ((de = readdir(d)) != NULL && n < sizeof(files) / sizeof(files[0])) {
        size_t len = strlen(de->d_name);
        struct stat st;
        char path[4096];
        if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path) ||
            lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        /* the temporary file of a run killed while writing (".NAME.cache.tmp.XXXXXX") */
        if (de->d_name[0] == '.' && strstr(de->d_name, ".cache.tmp.") &&
            st.st_mtime < time(NULL) - 3600) {
            (void)unlink(path);
            continue;
        }
        if (len < 7 || len >= sizeof(files[0].name) || strcmp(de->d_name + len - 6, ".cache")) {
            continue;
        }
        memcpy(files[n].name, de->d_name, len + 1);
        files[n++].mtime = st.st_mtime;
    }
    (void)closedir(d);
    while (n > CACHE_FILES_KEPT) {
        size_t oldest = 0;
        char path[4096];
        for (size_t i = 1; i < n; i++) {
            oldest = files[i].mtime < files[oldest].mtime ? i : oldest;
        }
        if (snprintf(path, sizeof(path), "%s/%s", dir, files[oldest].name) < (int)sizeof(path)) {
            (void)unlink(path);
        }
        files[oldest] = files[--n];
    }
}

/* mkdir -p with mode 0700 for what it creates. */
static int
make_dirs(const char *dir)
{
    char *p = xstrdup(dir);
    int rc = 0;

    for (char *s = p + 1; rc == 0; s++) {
        if (*s == '/' || *s == '\0') {
            char was = *s;
            *s = '\0';
            if (mkdir(p, 0700) != 0 && errno != EEXIST) {
                rc = -1;
            }
            *s = was;
            if (!was) {
                break;
            }
        }
    }
    free(p);
    return rc;
}

/* Write entry e (key, length, blob) to f and into the checksum. */
static bool
write_entry(struct outfile *f, struct pack_checksum *sum, const struct cache_entry *e)
{
    unsigned char head[CACHE_KEY_LEN + 8];
    struct err ignored;

    memcpy(head, e->key, CACHE_KEY_LEN);
    blob_put_u64(head + CACHE_KEY_LEN, e->len);
    pack_checksum_update(sum, head, sizeof(head));
    pack_checksum_update(sum, e->blob, e->len);
    return outfile_write(f, head, sizeof(head), &ignored) == 0 &&
           outfile_write(f, e->blob, e->len, &ignored) == 0;
}

/* Through a temporary file renamed into place (outfile.c): readers see the old or the new. */
static void
write_file(struct pack_cache *c)
{
    struct pack_checksum sum;
    unsigned char trailer[CACHE_SUM_LEN];
    size_t total = CACHE_MAGIC_LEN + CACHE_SUM_LEN;
    struct outfile *f = NULL;
    struct err ignored;
    bool ok;

    pack_checksum_init(&sum);
    pack_checksum_update(&sum, CACHE_MAGIC, CACHE_MAGIC_LEN);
    ok = make_dirs(c->dir) == 0 && outfile_open(c->path, 0600, &f, &ignored) == 0 &&
         outfile_write(f, CACHE_MAGIC, CACHE_MAGIC_LEN, &ignored) == 0;
    /* this load's entries first, then the others in the order they were (most recent first) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; ok && i < c->n; i++) {
            const struct cache_entry *e = &c->entries[i];
            size_t size = CACHE_KEY_LEN + 8 + e->len;
            if (e->used != (pass == 0) || (pass == 1 && total + size > CACHE_BYTES_KEPT)) {
                continue;
            }
            ok = write_entry(f, &sum, e);
            total += size;
        }
    }
    blob_put_u64(trailer, pack_checksum_final(&sum));
    ok = ok && outfile_write(f, trailer, sizeof(trailer), &ignored) == 0 &&
         outfile_commit(f, &ignored) == 0;
    outfile_free(f); /* removes the temporary file unless committed */
    if (ok) {
        prune(c->dir);
    }
}

/* ---- opening and closing ---- */

static bool cache_by_default;

void
scrub_rules_cache_by_default(bool on)
{
    cache_by_default = on;
}

static char *
cache_dir(void)
{
    const char *dir = getenv("VEIL_CACHE_DIR"), *base;
    size_t n;
    char *out;

    if (dir) {
        return *dir && strcmp(dir, "off") ? xstrdup(dir) : NULL;
    }
    if (!cache_by_default) {
        return NULL;
    }
    if ((base = getenv("XDG_CACHE_HOME")) != NULL && *base == '/') {
        n = strlen(base) + sizeof("/veil");
        out = xmalloc(n);
        (void)snprintf(out, n, "%s/veil", base);
        return out;
    }
    if ((base = getenv("HOME")) != NULL && *base == '/') {
        n = strlen(base) + sizeof("/.cache/veil");
        out = xmalloc(n);
        (void)snprintf(out, n, "%s/.cache/veil", base);
        return out;
    }
    return NULL;
}

struct pack_cache *
pack_cache_open(void)
{
    char *dir = cache_dir();
    unsigned char env[CACHE_KEY_LEN];
    struct pack_cache *c;
    size_t n;

    if (!dir || !environment_digest(env)) {
        free(dir);
        return NULL;
    }
    n = strlen(dir) + 2 * 16 + sizeof("/.cache");
    char *path = xmalloc(n);
    (void)snprintf(path, n, "%s/", dir);
    for (size_t i = 0; i < 16; i++) {
        (void)snprintf(path + strlen(path), 3, "%02x", env[i]);
    }
    memcpy(path + strlen(path), ".cache", sizeof(".cache"));
    c = pack_cache_open_file(path);
    free(path);
    free(c->dir);
    c->dir = dir;
    return c;
}

struct pack_cache *
pack_cache_open_file(const char *path)
{
    struct pack_cache *c = xcalloc(1, sizeof(*c));
    const char *slash = strrchr(path, '/');

    c->path = xstrdup(path);
    c->dir = slash ? xstrdup(path) : xstrdup(".");
    if (slash) {
        c->dir[slash - path] = '\0';
    }
    pthread_mutex_init(&c->mu, NULL);
    read_file(c);
    return c;
}

size_t
pack_cache_entries(const struct pack_cache *c)
{
    return c ? c->n : 0;
}

void
pack_cache_close(struct pack_cache *c)
{
    if (!c) {
        return;
    }
    if (c->added) {
        write_file(c);
    }
    for (size_t i = 0; i < c->n; i++) {
        free(c->entries[i].owned);
    }
    free(c->entries);
    free(c->slots);
    if (c->map) {
        (void)munmap(c->map, c->map_len);
    }
    pthread_mutex_destroy(&c->mu);
    free(c->dir);
    free(c->path);
    free(c);
}

/* ---- entries ---- */

bool
pack_cache_get(struct pack_cache *c, const char *src, uint32_t options, const unsigned char **blob,
               size_t *len)
{
    unsigned char key[CACHE_KEY_LEN];

    entry_key(src, options, key);
    return pack_cache_get_keyed(c, key, blob, len);
}

void
pack_cache_put(struct pack_cache *c, const char *src, uint32_t options, unsigned char *blob,
               size_t len)
{
    unsigned char key[CACHE_KEY_LEN];

    entry_key(src, options, key);
    pthread_mutex_lock(&c->mu);
    if (!lookup(c, key)) {
        c->added++;
    }
    insert(c, key, blob, len, blob); /* another job's, compiled meanwhile, stays */
    pthread_mutex_unlock(&c->mu);
}

bool
pack_cache_key_of(const char *kind, const void *a, size_t na, const void *b, size_t nb,
                  unsigned char key[PACK_CACHE_KEY_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int n = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
              EVP_DigestUpdate(ctx, kind, strlen(kind) + 1) == 1 &&
              EVP_DigestUpdate(ctx, a, na) == 1 && EVP_DigestUpdate(ctx, b, nb) == 1 &&
              EVP_DigestFinal_ex(ctx, key, &n) == 1 && n == PACK_CACHE_KEY_LEN;

    EVP_MD_CTX_free(ctx);
    return ok;
}

bool
pack_cache_get_keyed(struct pack_cache *c, const unsigned char key[PACK_CACHE_KEY_LEN],
                     const unsigned char **blob, size_t *len)
{
    pthread_mutex_lock(&c->mu);
    struct cache_entry *e = lookup(c, key);
    if (e) {
        /* the entries array may grow under other jobs; a blob never moves or changes */
        *blob = e->blob;
        *len = e->len;
        e->used = true;
    }
    pthread_mutex_unlock(&c->mu);
    return e != NULL;
}

void
pack_cache_put_keyed(struct pack_cache *c, const unsigned char key[PACK_CACHE_KEY_LEN],
                     unsigned char *blob, size_t len)
{
    pthread_mutex_lock(&c->mu);
    struct cache_entry *e = lookup(c, key);
    if (e) {
        /* an entry that did not read back: this one replaces it in the file written */
        free(e->owned);
        e->blob = e->owned = blob;
        e->len = len;
        e->used = true;
    } else {
        insert(c, key, blob, len, blob);
    }
    c->added++;
    pthread_mutex_unlock(&c->mu);
}
