/* Where a rule pack spends its regex time: per-pattern counters behind engine_match_upto. */
#include "scrub/profile_internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

uint64_t
profile_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static size_t
slot_of(const struct scrub_profile *p, const pcre2_code *code)
{
    /* Codes are heap blocks: the low bits carry no information. */
    uint64_t h = ((uint64_t)(uintptr_t)code >> 4) * 0x9E3779B97F4A7C15u;
    size_t i = (size_t)(h >> 32) & (p->n_slots - 1);

    while (p->slots[i].code && p->slots[i].code != code) {
        i = (i + 1) & (p->n_slots - 1);
    }
    return i;
}

size_t
profile_add_row(struct scrub_profile *p, const struct profile_row *r)
{
    if (p->n_rows == p->cap) {
        p->cap = p->cap ? size_mul(p->cap, 2) : 64;
        p->rows = xrealloc(p->rows, size_mul(p->cap, sizeof(*p->rows)));
    }
    p->rows[p->n_rows] = *r;
    p->rows[p->n_rows].calls = p->rows[p->n_rows].matches = p->rows[p->n_rows].ns = 0;
    p->rows[p->n_rows].jit_ns = 0;
    return p->n_rows++;
}

void
profile_map(struct scrub_profile *p, const pcre2_code *code, size_t row)
{
    if (!code) {
        return;
    }
    size_t i = slot_of(p, code);
    p->slots[i].code = code;
    p->slots[i].row = (uint32_t)row;
}

struct profile_row *
profile_row_of(struct scrub_profile *p, const pcre2_code *code)
{
    size_t i = slot_of(p, code);
    return p->slots[i].code ? &p->rows[p->slots[i].row] : &p->other;
}

void
profile_count(struct scrub_profile *p, const pcre2_code *code, uint64_t ns, bool matched)
{
    struct profile_row *r = profile_row_of(p, code);

    r->calls++;
    r->matches += matched;
    r->ns += ns;
}

void
profile_count_jit(struct scrub_profile *p, const pcre2_code *code, uint64_t ns)
{
    profile_row_of(p, code)->jit_ns += ns;
}

/* How many codes a rule set holds at most (the slot table's size). */
static size_t
count_codes(const struct scrub_rules *rs)
{
    size_t n = 1; /* the placeholder regex */

    for (size_t i = 0; i < rs->n_rules; i++) {
        n += 1 + 4 * rs->rules[i].n_patterns;
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        n += 2 + 2 * rs->warnings[i].n_patterns;
    }
    return n + 2 * rs->n_not_clauses;
}

static void
add_pair(struct scrub_profile *p, const struct profile_row *r, const pcre2_code *a,
         const pcre2_code *b)
{
    size_t row = profile_add_row(p, r);
    profile_map(p, a, row);
    profile_map(p, b, row);
}

static void
add_rule(struct scrub_profile *p, const struct rule *r)
{
    for (size_t j = 0; j < r->n_patterns; j++) {
        const struct rule_pattern *pat = &r->patterns[j];
        struct profile_row row = {r->name, pat->name, j, r->file, pat->line, false, 0, 0, 0, 0};
        add_pair(p, &row, pat->code, pat->code_ascii);
        if (pat->requires) {
            row.pattern = "prefilter_regex";
            add_pair(p, &row, pat->requires, pat->requires_ascii);
        }
    }
    if (r->context_re) {
        struct profile_row row = {r->name, "context", 0, r->file, r->line, false, 0, 0, 0, 0};
        add_pair(p, &row, r->context_re, NULL);
    }
    for (size_t k = 0; k < r->n_nots; k++) {
        struct profile_row row = {r->name, "context_not", k, r->file, r->line, false, 0, 0, 0, 0};
        if (!r->nots[k]->entities.n) { /* a shared clause has one row (scrub_profile_new) */
            add_pair(p, &row, r->nots[k]->re, r->nots[k]->between);
        }
    }
}

static void
add_category(struct scrub_profile *p, const struct warning_category *w)
{
    struct profile_row row = {w->name, "terms", 0, w->file, w->line, true, 0, 0, 0, 0};

    if (w->terms_re || w->terms_ascii) {
        add_pair(p, &row, w->terms_re, w->terms_ascii);
    }
    row.pattern = "pattern";
    for (size_t j = 0; j < w->n_patterns; j++) {
        row.index = j;
        add_pair(p, &row, w->patterns[j], w->patterns_ascii ? w->patterns_ascii[j] : NULL);
    }
}

struct scrub_profile *
scrub_profile_new(const struct scrub_rules *rules)
{
    struct scrub_profile *p = xcalloc(1, sizeof(*p));
    size_t want = size_mul(count_codes(rules), 2);

    p->n_slots = 64;
    while (p->n_slots < want) {
        p->n_slots = size_mul(p->n_slots, 2);
    }
    p->slots = xcalloc(p->n_slots, sizeof(*p->slots));
    for (size_t i = 0; i < rules->n_rules; i++) {
        add_rule(p, &rules->rules[i]);
    }
    for (size_t i = 0; i < rules->n_not_clauses; i++) {
        struct profile_row row = {"(pack)", "context_not_shared", i, NULL, 0, false, 0, 0, 0, 0};
        if (rules->not_clauses[i]->entities.n) {
            add_pair(p, &row, rules->not_clauses[i]->re, rules->not_clauses[i]->between);
        }
    }
    for (size_t i = 0; i < rules->n_warnings; i++) {
        add_category(p, &rules->warnings[i]);
    }
    struct profile_row ph = {"(veil)", "placeholder", 0, NULL, 0, false, 0, 0, 0, 0};
    add_pair(p, &ph, rules->placeholder_re, NULL);
    p->other = (struct profile_row){"(unknown)", "regex", 0, NULL, 0, false, 0, 0, 0, 0};
    return p;
}

void
scrub_profile_free(struct scrub_profile *p)
{
    if (!p) {
        return;
    }
    free(p->rows);
    free(p->slots);
    free(p);
}

void
scrub_profile_text(struct scrub_profile *p, size_t len)
{
    p->texts++;
    p->bytes += len;
}

/* qsort has no context argument: sort (ns, calls, index) keys instead of indices. */
struct order_key {
    uint64_t ns, calls;
    size_t i;
};

static int
by_time(const void *a, const void *b)
{
    const struct order_key *x = a, *y = b;

    if (x->ns != y->ns) {
        return x->ns > y->ns ? -1 : 1;
    }
    if (x->calls != y->calls) {
        return x->calls > y->calls ? -1 : 1;
    }
    return x->i < y->i ? -1 : x->i > y->i;
}

size_t *
profile_order(const struct scrub_profile *p)
{
    struct order_key *k = xcalloc(p->n_rows ? p->n_rows : 1, sizeof(*k));
    size_t *order = xcalloc(p->n_rows ? p->n_rows : 1, sizeof(*order));

    for (size_t i = 0; i < p->n_rows; i++) {
        k[i] = (struct order_key){p->rows[i].ns, p->rows[i].calls, i};
    }
    qsort(k, p->n_rows, sizeof(*k), by_time);
    for (size_t i = 0; i < p->n_rows; i++) {
        order[i] = k[i].i;
    }
    free(k);
    return order;
}

/* Total calls, matches and time of the rows of one kind (warning or not). */
static struct profile_row
sum_rows(const struct scrub_profile *p, bool warning)
{
    struct profile_row s = {0};

    for (size_t i = 0; i < p->n_rows; i++) {
        if (p->rows[i].warning == warning) {
            s.calls += p->rows[i].calls;
            s.matches += p->rows[i].matches;
            s.ns += p->rows[i].ns;
        }
    }
    return s;
}

static double
percent(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void
print_row(FILE *out, const struct profile_row *r, uint64_t regex_ns)
{
    char what[160];

    snprintf(what, sizeof(what), "%s#%zu %s", r->rule, r->index, r->pattern);
    fprintf(out, "%10.2f %6.1f %10llu %9llu  %-44s ", (double)r->ns / 1e6, percent(r->ns, regex_ns),
            (unsigned long long)r->calls, (unsigned long long)r->matches, what);
    if (r->file) {
        fprintf(out, "%s:%zu\n", r->file, r->line);
    } else {
        fprintf(out, "(built in)\n");
    }
}

/* The top rows of one kind, in order. */
static void
print_table(FILE *out, const struct scrub_profile *p, const size_t *order, bool warning, size_t top,
            uint64_t regex_ns)
{
    struct profile_row s = sum_rows(p, warning);
    size_t n = 0, shown = 0;

    for (size_t i = 0; i < p->n_rows; i++) {
        n += p->rows[i].warning == warning;
    }
    if (!n) {
        return; /* a pack without content-warning categories */
    }
    fprintf(out, "\n%s: %zu regexes, %llu calls, %llu matches, %.2f ms (%.1f %% of regex time)%s\n",
            warning ? "content-warning patterns" : "PII patterns", n, (unsigned long long)s.calls,
            (unsigned long long)s.matches, (double)s.ns / 1e6, percent(s.ns, regex_ns),
            n > top ? ", top by time:" : ", by time:");
    fprintf(out, "%10s %6s %10s %9s  %-44s %s\n", "time ms", "share", "calls", "matches",
            "rule#index pattern", "file:line");
    for (size_t i = 0; i < p->n_rows && shown < top; i++) {
        const struct profile_row *r = &p->rows[order[i]];
        if (r->warning == warning && r->calls) {
            print_row(out, r, regex_ns);
            shown++;
        }
    }
}

static uint64_t
regex_total(const struct scrub_profile *p)
{
    uint64_t ns = p->other.ns;

    for (size_t i = 0; i < p->n_rows; i++) {
        ns += p->rows[i].ns;
    }
    return ns;
}

static uint64_t
jit_total(const struct scrub_profile *p, size_t *compiled)
{
    uint64_t ns = p->other.jit_ns;

    *compiled = 0;
    for (size_t i = 0; i < p->n_rows; i++) {
        ns += p->rows[i].jit_ns;
        *compiled += p->rows[i].calls > 0;
    }
    return ns;
}

int
scrub_profile_print(const struct scrub_profile *p, FILE *out, size_t top, uint64_t wall_ns,
                    struct err *err)
{
    uint64_t regex_ns = regex_total(p);
    size_t *order = profile_order(p);

    fprintf(out, "profile: %llu texts, %llu bytes, wall %.3f s, regex %.3f s (%.1f %% of wall)\n",
            (unsigned long long)p->texts, (unsigned long long)p->bytes, (double)wall_ns / 1e9,
            (double)regex_ns / 1e9, percent(regex_ns, wall_ns));
    size_t compiled;
    uint64_t jit_ns = jit_total(p, &compiled);
    /* Profiled regexes are JIT-compiled before their first call, so match times leave it out. */
    fprintf(out, "JIT compilation: %.3f s for the %zu regexes called (not in the times below)\n",
            (double)jit_ns / 1e9, compiled);
    fprintf(out, "columns: time in PCRE2, share of all regex time, PCRE2 match calls, matches\n");
    print_table(out, p, order, false, top, regex_ns);
    print_table(out, p, order, true, top, regex_ns);
    if (p->other.calls) {
        fprintf(out, "\nother regexes:\n");
        print_row(out, &p->other, regex_ns);
    }
    free(order);
    if (ferror(out)) {
        return err_set(err, ERR_IO, "cannot write the profile");
    }
    return 0;
}

static json_t *
row_json(const struct profile_row *r, uint64_t regex_ns)
{
    return json_pack("{s:s, s:s, s:I, s:s?, s:I, s:s, s:I, s:I, s:I, s:f, s:I}", "rule", r->rule,
                     "pattern", r->pattern, "index", (json_int_t)r->index, "file", r->file, "line",
                     (json_int_t)r->line, "kind", r->warning ? "warning" : "pii", "calls",
                     (json_int_t)r->calls, "matches", (json_int_t)r->matches, "ns",
                     (json_int_t)r->ns, "share", percent(r->ns, regex_ns) / 100.0, "jit_ns",
                     (json_int_t)r->jit_ns);
}

int
scrub_profile_write_json(const struct scrub_profile *p, const char *path, uint64_t wall_ns,
                         struct err *err)
{
    uint64_t regex_ns = regex_total(p);
    size_t *order = profile_order(p);
    json_t *rows = json_array();
    int rc = -1;

    for (size_t i = 0; i < p->n_rows; i++) {
        json_array_append_new(rows, row_json(&p->rows[order[i]], regex_ns));
    }
    if (p->other.calls) {
        json_array_append_new(rows, row_json(&p->other, regex_ns));
    }
    json_t *doc = json_pack("{s:I, s:I, s:I, s:I, s:f, s:o}", "texts", (json_int_t)p->texts,
                            "bytes", (json_int_t)p->bytes, "wall_ns", (json_int_t)wall_ns,
                            "regex_ns", (json_int_t)regex_ns, "regex_share",
                            percent(regex_ns, wall_ns) / 100.0, "patterns", rows);
    if (!doc) {
        err_set(err, ERR_DEP, "%s: cannot build the profile JSON", path);
        goto out;
    }
    if (json_dump_file(doc, path, JSON_INDENT(1)) != 0) {
        err_set(err, ERR_IO, "%s: cannot write the profile: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    json_decref(doc);
    free(order);
    return rc;
}
