#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/banned.h"
#include "common/fileset.h"
#include "common/outfile.h"
#include "common/xalloc.h"

/*
 * A pack next to the binary's source tree (build/veil or build/san/veil run from anywhere), so a
 * freshly built veil finds the repository's packs without being installed.
 */
static const char *
beside_binary(const char *rel, char *out, size_t cap)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    static const char *const ups[] = {"/..", "/../..", "/../../.."};

    if (n <= 0) {
        return NULL;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) {
        return NULL;
    }
    *slash = '\0';
    for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
        int len = snprintf(out, cap, "%s%s/%s", exe, ups[i], rel);
        if (len > 0 && (size_t)len < cap && access(out, R_OK) == 0) {
            return out;
        }
    }
    return NULL;
}

static const char *
find_pack(const char *env, const char *rel, const char *installed, char *scratch, size_t cap)
{
    const char *v = getenv(env);
    if (v && *v) {
        return v;
    }
    if (access(rel, R_OK) == 0) {
        return rel;
    }
    v = beside_binary(rel, scratch, cap);
    return v ? v : installed;
}

const char *
cli_default_rules(void)
{
    static char path[4096]; /* set once per process by the single CLI thread */
    return find_pack("VEIL_RULES", "rules/default", VEIL_DATADIR "/rules/default", path,
                     sizeof(path));
}

const char *
cli_default_warnings(void)
{
    static char path[4096];
    return find_pack("VEIL_WARNINGS", "rules/warnings", VEIL_DATADIR "/rules/warnings", path,
                     sizeof(path));
}

void
cli_split_list(const char *arg, char ***list, size_t *n)
{
    const char *p = arg;

    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len) {
            *list = xrealloc(*list, size_mul(size_add(*n, 2), sizeof(**list)));
            (*list)[*n] = xmalloc(len + 1);
            memcpy((*list)[*n], p, len);
            (*list)[*n][len] = '\0';
            (*n)++;
            (*list)[*n] = NULL;
        }
        p += len + (comma ? 1 : 0);
    }
}

void
cli_free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i]);
    }
    free(list);
}

static void
on_fatal_signal(int sig)
{
    outfile_remove_temporaries();
    fileset_remove_temporaries();
    raise(sig); /* delivered with the default action once the handler returns */
}

void
cli_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

void
cli_list_add(struct cli_list *l, const char *s)
{
    l->v = xrealloc(l->v, size_mul(size_add(l->n, 1), sizeof(*l->v)));
    l->v[l->n++] = s;
}

int
cli_parse_list_options(int argc, char **argv, const char *cmd, const char *optstring,
                       const struct option *longopts, const char *usage,
                       int (*apply)(void *ctx, int opt, struct cli_list **current), void *ctx)
{
    struct cli_list *current = NULL;

    optind = 1;
    for (;;) {
        int opt = getopt_long(argc, argv, optstring, longopts, NULL);
        if (opt == -1) {
            if (optind >= argc) {
                return -1;
            }
            if (!current) {
                fprintf(stderr, "veil %s: unexpected argument '%s'\n", cmd, argv[optind]);
                return CLI_EXIT_USAGE;
            }
            cli_list_add(current, argv[optind++]);
            continue;
        }
        if (opt == 'h') {
            fputs(usage, stdout);
            return CLI_EXIT_OK;
        }
        if (apply(ctx, opt, &current) < 0) {
            fputs(usage, stderr);
            return CLI_EXIT_USAGE;
        }
    }
}
