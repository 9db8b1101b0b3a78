#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/banned.h"
#include "common/xalloc.h"

static const char *
find_pack(const char *env, const char *local, const char *installed)
{
    const char *v = getenv(env);
    if (v && *v) {
        return v;
    }
    if (access(local, R_OK) == 0) {
        return local;
    }
    return installed;
}

const char *
cli_default_rules(void)
{
    return find_pack("VEIL_RULES", "rules/default", VEIL_DATADIR "/rules/default");
}

const char *
cli_default_warnings(void)
{
    return find_pack("VEIL_WARNINGS", "rules/warnings", VEIL_DATADIR "/rules/warnings");
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
