/*
 * Judging one candidate, with Presidio's semantics: the pattern's score, a validator that can
 * veto it (or, when it is a real checksum, raise it to 1.0), the allow list, and context words
 * near it that add context_boost. The candidate stays when its score reaches min_score.
 */
#include "scrub/engine_internal.h"

#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "scrub/validate_internal.h"
#include "common/banned.h"

void
candidates_push(struct candidates *c, size_t start, size_t end, double score,
                const struct rule *r)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? size_mul(c->cap, 2) : 64;
        c->v = xrealloc(c->v, size_mul(c->cap, sizeof(*c->v)));
    }
    c->v[c->n].start = start;
    c->v[c->n].end = end;
    c->v[c->n].score = score;
    c->v[c->n].rule = r;
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

static size_t
char_start(const unsigned char *s, size_t len, size_t i)
{
    while (i < len && i > 0 && (s[i] & 0xC0) == 0x80) {
        i++;
    }
    return i;
}

/* A context word within the window before [s, end) or after it (the candidate itself excluded). */
static int
context_near(struct scrub_engine *e, const struct rule *r, const struct subject *sub, size_t s,
             size_t end, bool *found, struct err *err)
{
    size_t before = s > r->context_window ? s - r->context_window : 0;
    size_t after = end + r->context_window < sub->len ? end + r->context_window : sub->len;
    int rc;

    *found = false;
    before = char_start(sub->p, s, before);
    after = char_start(sub->p, sub->len, after);
    rc = engine_match(e, r->context_re, sub->p, s, before, r->name, err);
    if (rc != 0) {
        *found = rc > 0;
        return rc < 0 ? -1 : 0;
    }
    rc = engine_match(e, r->context_re, sub->p, after, end, r->name, err);
    *found = rc > 0;
    return rc < 0 ? -1 : 0;
}

static bool
is_phone_entity(const char *entity)
{
    return !strcmp(entity, "PHONE") || !strcmp(entity, "PHONE_NUMBER");
}

int
candidate_judge(struct scrub_engine *e, const struct rule *r, const struct subject *sub,
                size_t s, size_t end, double base, bool bypass_validator, double *score,
                bool *keep, struct err *err)
{
    const unsigned char *p = sub->p + s;
    size_t len = end - s;

    *keep = false;
    *score = base;
    if (!bypass_validator && r->validator) {
        if (!r->validator->check(p, len)) {
            return 0;
        }
        if (r->validator->checksum && *score < 1.0) {
            *score = 1.0;
        }
    }
    if (r->allow.n && allowed(r, p, len)) {
        return 0;
    }
    if (e->opts.allow_fictional_phones && is_phone_entity(r->entity) && fictional_phone(p, len)) {
        return 0;
    }
    /* Context only matters when it can change the verdict, so strong candidates skip the search. */
    if (*score < r->min_score && r->context_re) {
        bool found;
        if (context_near(e, r, sub, s, end, &found, err) < 0) {
            return -1;
        }
        if (found) {
            *score = *score + r->context_boost > 1.0 ? 1.0 : *score + r->context_boost;
        }
    }
    *keep = *score >= r->min_score;
    return 0;
}
