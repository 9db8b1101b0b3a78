/*
 * The scorer: gold spans against predicted spans under three matching rules. Matching ignores
 * the type label on purpose: a value redacted under the wrong label is still gone from the
 * release, so it counts as caught, and the mix-up is listed in the confusion table instead.
 */
#include "audit/audit.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "common/xalloc.h"

#include "common/banned.h"

struct type_counts {
    char *name;
    struct audit_counts rule[AUDIT_RULE_COUNT];
};

struct audit_scorer {
    uint64_t records;
    struct audit_counts overall[AUDIT_RULE_COUNT];
    struct type_counts *types;
    size_t n_types;
    struct audit_confusion *confusion;
    size_t n_confusion;
    struct audit_miss *misses; /* every leak miss, in input order */
    size_t n_misses, cap_misses;
};

struct audit_scorer *
audit_scorer_new(void)
{
    return xcalloc(1, sizeof(struct audit_scorer));
}

void
audit_scorer_free(struct audit_scorer *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->n_types; i++) {
        free(s->types[i].name);
    }
    for (size_t i = 0; i < s->n_confusion; i++) {
        free(s->confusion[i].gold_type);
        free(s->confusion[i].predicted_type);
    }
    for (size_t i = 0; i < s->n_misses; i++) {
        free(s->misses[i].record_id);
        free(s->misses[i].type);
    }
    free(s->types);
    free(s->confusion);
    free(s->misses);
    free(s);
}

/* The handful of entity types makes a linear table simpler than a hash and just as fast. */
static struct audit_counts *
type_rules(struct audit_scorer *s, const char *name)
{
    for (size_t i = 0; i < s->n_types; i++) {
        if (!strcmp(s->types[i].name, name)) {
            return s->types[i].rule;
        }
    }
    s->types = xrealloc(s->types, size_mul(s->n_types + 1, sizeof(*s->types)));
    memset(&s->types[s->n_types], 0, sizeof(*s->types));
    s->types[s->n_types].name = xstrdup(name);
    return s->types[s->n_types++].rule;
}

static void
count_confusion(struct audit_scorer *s, const char *gold, const char *pred)
{
    for (size_t i = 0; i < s->n_confusion; i++) {
        if (!strcmp(s->confusion[i].gold_type, gold) &&
            !strcmp(s->confusion[i].predicted_type, pred)) {
            s->confusion[i].count++;
            return;
        }
    }
    s->confusion = xrealloc(s->confusion, size_mul(s->n_confusion + 1, sizeof(*s->confusion)));
    s->confusion[s->n_confusion].gold_type = xstrdup(gold);
    s->confusion[s->n_confusion].predicted_type = xstrdup(pred);
    s->confusion[s->n_confusion].count = 1;
    s->n_confusion++;
}

static bool
overlaps(size_t s1, size_t e1, size_t s2, size_t e2)
{
    return s1 < e2 && s2 < e1;
}

static bool
in_kept(const struct audit_range *kept, size_t n_kept, size_t off)
{
    size_t lo = 0, hi = n_kept;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (off < kept[mid].start) {
            hi = mid;
        } else if (off >= kept[mid].end) {
            lo = mid + 1;
        } else {
            return true;
        }
    }
    return false;
}

static void
record_miss(struct audit_scorer *s, const struct audit_gold_record *gold,
            const struct audit_gold_span *g, size_t alnum, size_t survived, bool touched)
{
    if (s->n_misses == s->cap_misses) {
        s->cap_misses = s->cap_misses ? s->cap_misses * 2 : 16;
        s->misses = xrealloc(s->misses, size_mul(s->cap_misses, sizeof(*s->misses)));
    }
    struct audit_miss *m = &s->misses[s->n_misses++];
    m->record_id = xstrdup(gold->id);
    m->line = gold->line;
    m->type = xstrdup(g->type);
    m->start = g->start;
    m->end = g->end;
    m->chars = utf8_count(gold->text + g->start, g->end - g->start);
    m->alnum = alnum;
    m->survived = survived;
    m->touched = touched;
}

static void
score_gold_span(struct audit_scorer *s, const struct audit_gold_record *gold,
                const struct audit_gold_span *g, const struct audit_span *pred, size_t n_pred,
                const struct audit_range *kept, size_t n_kept)
{
    struct audit_counts *t = type_rules(s, g->type);
    bool hit[AUDIT_RULE_COUNT] = {false, false, false};
    size_t alnum = 0, survived = 0;

    for (size_t p = 0; p < n_pred; p++) {
        if (pred[p].start == g->start && pred[p].end == g->end) {
            hit[AUDIT_RULE_EXACT] = true;
        }
        if (overlaps(pred[p].start, pred[p].end, g->start, g->end)) {
            hit[AUDIT_RULE_OVERLAP] = true;
        }
    }
    /* Each other label once per gold span, however many pieces carried it. */
    for (size_t p = 0; p < n_pred; p++) {
        bool first = true;
        if (!overlaps(pred[p].start, pred[p].end, g->start, g->end) ||
            !strcmp(pred[p].type, g->type)) {
            continue;
        }
        for (size_t q = 0; q < p; q++) {
            if (overlaps(pred[q].start, pred[q].end, g->start, g->end) &&
                !strcmp(pred[q].type, pred[p].type)) {
                first = false;
            }
        }
        if (first) {
            count_confusion(s, g->type, pred[p].type);
        }
    }
    for (size_t i = g->start; i < g->end;) {
        size_t at = i;
        if (audit_is_alnum(utf8_next(gold->text, g->end, &i))) {
            alnum++;
            survived += in_kept(kept, n_kept, at) ? 1 : 0;
        }
    }
    hit[AUDIT_RULE_LEAK] = survived == 0;
    for (int r = 0; r < AUDIT_RULE_COUNT; r++) {
        t[r].n++;
        s->overall[r].n++;
        if (hit[r]) {
            t[r].tp++;
            s->overall[r].tp++;
        } else {
            t[r].fn++;
            s->overall[r].fn++;
        }
    }
    if (!hit[AUDIT_RULE_LEAK]) {
        record_miss(s, gold, g, alnum, survived, hit[AUDIT_RULE_OVERLAP]);
    }
}

/* A prediction is a false positive when it matches no gold span of any type. */
static void
score_prediction(struct audit_scorer *s, const struct audit_gold_record *gold,
                 const struct audit_span *p)
{
    struct audit_counts *t = type_rules(s, p->type);
    bool exact = false, overlap = false;

    for (size_t i = 0; i < gold->n_spans; i++) {
        const struct audit_gold_span *g = &gold->spans[i];
        exact = exact || (g->start == p->start && g->end == p->end);
        overlap = overlap || overlaps(g->start, g->end, p->start, p->end);
    }
    /* The leak rule judges gold spans; a prediction is useful to it when it overlaps one. */
    bool ok[AUDIT_RULE_COUNT] = {exact, overlap, overlap};
    for (int r = 0; r < AUDIT_RULE_COUNT; r++) {
        t[r].predicted++;
        s->overall[r].predicted++;
        if (!ok[r]) {
            t[r].fp++;
            s->overall[r].fp++;
        }
    }
}

void
audit_scorer_add(struct audit_scorer *s, const struct audit_gold_record *gold,
                 const struct audit_span *pred, size_t n_pred, const struct audit_range *kept,
                 size_t n_kept)
{
    s->records++;
    for (size_t i = 0; i < gold->n_spans; i++) {
        score_gold_span(s, gold, &gold->spans[i], pred, n_pred, kept, n_kept);
    }
    for (size_t p = 0; p < n_pred; p++) {
        score_prediction(s, gold, &pred[p]);
    }
}

static int
by_type_name(const void *a, const void *b)
{
    return strcmp(((const struct audit_type_metrics *)a)->type,
                  ((const struct audit_type_metrics *)b)->type);
}

static int
by_count_desc(const void *a, const void *b)
{
    const struct audit_confusion *x = a, *y = b;
    if (x->count != y->count) {
        return x->count > y->count ? -1 : 1;
    }
    int g = strcmp(x->gold_type, y->gold_type);
    return g ? g : strcmp(x->predicted_type, y->predicted_type);
}

/* Worst first: untouched values, then those with most characters left, then input order. */
static int
by_severity(const void *a, const void *b)
{
    const struct audit_miss *x = a, *y = b;
    if (x->touched != y->touched) {
        return x->touched ? 1 : -1;
    }
    if (x->survived != y->survived) {
        return x->survived > y->survived ? -1 : 1;
    }
    if (x->line != y->line) {
        return x->line < y->line ? -1 : 1;
    }
    return x->start < y->start ? -1 : x->start > y->start;
}

static void
copy_misses(const struct audit_scorer *s, struct audit_report *r)
{
    size_t n = s->n_misses;
    struct audit_miss *all = xcalloc(n ? n : 1, sizeof(*all));

    if (n) {
        memcpy(all, s->misses, n * sizeof(*all));
    }
    qsort(all, n, sizeof(*all), by_severity);
    r->n_missed = n;
    r->n_misses = n < AUDIT_WORST_MISSES ? n : AUDIT_WORST_MISSES;
    r->misses = xcalloc(r->n_misses ? r->n_misses : 1, sizeof(*r->misses));
    for (size_t i = 0; i < r->n_misses; i++) {
        r->misses[i] = all[i];
        r->misses[i].record_id = xstrdup(all[i].record_id);
        r->misses[i].type = xstrdup(all[i].type);
    }
    free(all);
}

void
audit_scorer_report(const struct audit_scorer *s, struct audit_report *r)
{
    memset(r, 0, sizeof(*r));
    r->records = s->records;
    for (int k = 0; k < AUDIT_RULE_COUNT; k++) {
        audit_metrics_from_counts(&s->overall[k], &r->overall[k]);
    }
    r->n_types = s->n_types;
    r->types = xcalloc(s->n_types ? s->n_types : 1, sizeof(*r->types));
    for (size_t i = 0; i < s->n_types; i++) {
        r->types[i].type = xstrdup(s->types[i].name);
        for (int k = 0; k < AUDIT_RULE_COUNT; k++) {
            audit_metrics_from_counts(&s->types[i].rule[k], &r->types[i].rule[k]);
        }
    }
    qsort(r->types, r->n_types, sizeof(*r->types), by_type_name);
    r->n_confusion = s->n_confusion;
    r->confusion = xcalloc(s->n_confusion ? s->n_confusion : 1, sizeof(*r->confusion));
    for (size_t i = 0; i < s->n_confusion; i++) {
        r->confusion[i] = s->confusion[i];
        r->confusion[i].gold_type = xstrdup(s->confusion[i].gold_type);
        r->confusion[i].predicted_type = xstrdup(s->confusion[i].predicted_type);
    }
    qsort(r->confusion, r->n_confusion, sizeof(*r->confusion), by_count_desc);
    copy_misses(s, r);
}

void
audit_report_release(struct audit_report *r)
{
    for (size_t i = 0; i < r->n_types; i++) {
        free(r->types[i].type);
    }
    for (size_t i = 0; i < r->n_confusion; i++) {
        free(r->confusion[i].gold_type);
        free(r->confusion[i].predicted_type);
    }
    for (size_t i = 0; i < r->n_misses; i++) {
        free(r->misses[i].record_id);
        free(r->misses[i].type);
    }
    free(r->types);
    free(r->confusion);
    free(r->misses);
    free(r->redaction);
    memset(r, 0, sizeof(*r));
}
