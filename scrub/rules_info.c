/* Read-only questions about a loaded rule set: counts, digest, listing, category names. */
#include "scrub/rules_internal.h"

#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "scrub/validate_internal.h"

#include "common/banned.h"

size_t
scrub_rules_count(const struct scrub_rules *rules)
{
    return rules ? rules->n_rules : 0;
}

void
scrub_rules_digest(const struct scrub_rules *rules, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX *copy = EVP_MD_CTX_new();

    memset(hex, '0', 64);
    hex[64] = '\0';
    /* Finalising a copy keeps the running state usable for later loads. */
    if (!rules || !copy || EVP_MD_CTX_copy_ex(copy, rules->digest) != 1 ||
        EVP_DigestFinal_ex(copy, md, &n) != 1 || n != 32) {
        EVP_MD_CTX_free(copy);
        return;
    }
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    EVP_MD_CTX_free(copy);
}

static void
join(const struct string_list *l, char *out, size_t cap, const char *none)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < l->n && used < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i ? "," : "", l->v[i]);
        if (n < 0) {
            break;
        }
        used += (size_t)n;
    }
    if (!l->n) {
        (void)snprintf(out, cap, "%s", none);
    }
}

int
scrub_rules_list(const struct scrub_rules *rules, FILE *out, struct err *err)
{
    char langs[256];

    for (size_t i = 0; i < rules->n_rules; i++) {
        const struct rule *r = &rules->rules[i];
        join(&r->languages, langs, sizeof(langs), "any");
        if (fprintf(out, "%s\t%s%s%s\t%s\t%s%s%s\n", r->name, r->entity, r->subtype ? "/" : "",
                    r->subtype ? r->subtype : "", langs, r->validator ? r->validator->name : "-",
                    r->lexicon_path ? "\tlexicon=" : "",
                    r->lexicon_path ? r->lexicon_path : "") < 0) {
            return err_set(err, ERR_IO, "cannot write the rule list");
        }
    }
    for (size_t i = 0; i < rules->n_warnings; i++) {
        const struct warning_category *w = &rules->warnings[i];
        if (fprintf(out, "%s\tCONTENT_WARNING\tany\tmin_hits=%zu\n", w->name, w->min_hits) < 0) {
            return err_set(err, ERR_IO, "cannot write the rule list");
        }
    }
    return 0;
}

size_t
scrub_rules_warning_count(const struct scrub_rules *rules)
{
    return rules ? rules->n_warnings : 0;
}

const char *
scrub_rules_warning_name(const struct scrub_rules *rules, size_t i)
{
    return rules && i < rules->n_warnings ? rules->warnings[i].name : NULL;
}

const char *
scrub_rules_warning_description(const struct scrub_rules *rules, size_t i)
{
    if (!rules || i >= rules->n_warnings) {
        return NULL;
    }
    return rules->warnings[i].description ? rules->warnings[i].description : "";
}
