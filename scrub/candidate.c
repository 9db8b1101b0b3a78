/*
 * Judging one candidate, with Presidio's semantics: the pattern's score, a validator that can
 * veto it (or, when it is a real checksum, raise it to 1.0) and the allow list. A candidate
 * below min_score that context could lift is decided later, in context.c.
 */
#include "scrub/engine_internal.h"

#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "scrub/validate_internal.h"

#include "common/banned.h"

void
candidates_push(struct candidates *c, size_t start, size_t end, double score, const struct rule *r,
                bool needs_context)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? size_mul(c->cap, 2) : 64;
        c->v = xrealloc(c->v, size_mul(c->cap, sizeof(*c->v)));
    }
    c->v[c->n].start = start;
    c->v[c->n].end = end;
    c->v[c->n].score = score;
    c->v[c->n].rule = r;
    c->v[c->n].needs_context = needs_context;
    c->n++;
}

static bool
is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Equal to an entry, or ending in it right after a non-alphanumeric byte ("x@example.com"). */
static bool
allowed(const struct rule *r, const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < r->allow.n; i++) {
        const char *a = r->allow.v[i];
        size_t n = strlen(a);
        if (n > len) {
            continue;
        }
        if (strncasecmp((const char *)s + len - n, a, n) != 0) {
            continue;
        }
        if (n == len || !is_alnum(s[len - n - 1])) {
            return true;
        }
    }
    return false;
}

/* North American fictional numbers 555-0100..555-0199 (the range reserved for fiction). */
static bool
fictional_phone(const unsigned char *s, size_t len)
{
    char d[32];
    size_t n = 0;

    for (size_t i = 0; i < len && n < sizeof(d); i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            d[n++] = (char)s[i];
        }
    }
    return n >= 7 && !memcmp(d + n - 7, "55501", 5);
}

static bool
is_phone_entity(const char *entity)
{
    return !strcmp(entity, "PHONE") || !strcmp(entity, "PHONE_NUMBER");
}

enum verdict
candidate_judge(const struct scrub_engine *e, const struct rule *r, const unsigned char *p,
                size_t len, double base, bool bypass_validator, double *score)
{
    *score = base;
    if (!bypass_validator && r->validator) {
        if (!r->validator->check(p, len)) {
            return VERDICT_DROP;
        }
        if (r->validator->checksum && *score < 1.0) {
            *score = 1.0;
        }
    }
    if (r->allow.n && allowed(r, p, len)) {
        return VERDICT_DROP;
    }
    if (e->opts.allow_fictional_phones && is_phone_entity(r->entity) && fictional_phone(p, len)) {
        return VERDICT_DROP;
    }
    if (*score >= r->min_score) {
        return VERDICT_KEEP;
    }
    /* Context can still lift it; that is decided once every strong candidate is known. */
    return r->context_re && *score + r->context_boost >= r->min_score ? VERDICT_CONTEXT
                                                                      : VERDICT_DROP;
}
