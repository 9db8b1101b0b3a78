/*
 * scrub_rules_test: every rule's embedded examples run through a real engine over the whole rule
 * set, as `veil scrub` would see them. A `match` example must yield a finding of the rule's
 * entity (from any rule: packs may split an entity over several rules), a `no_match` example must
 * yield none. Content-warning examples work the same way for their category.
 */
#include "scrub/engine_internal.h"

#include <stdio.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

struct tally {
    size_t passed, failed;
    FILE *out;
};

static int
report(struct tally *t, bool ok, const char *file, size_t line, const char *rule, const char *kind,
       size_t idx, const char *detail, struct err *err)
{
    if (ok) {
        t->passed++;
        return 0;
    }
    t->failed++;
    if (fprintf(t->out, "%s:%zu: rule '%s': %s example %zu: %s\n", file, line, rule, kind, idx + 1,
                detail) < 0) {
        return err_set(err, ERR_IO, "cannot write the test report");
    }
    return 0;
}

/*
 * Whether text yields a finding of entity; with a non-empty want, one whose text is exactly want
 * (else detail names the findings of the entity there were).
 */
/*
 * Whether text yields a finding of entity; with a non-empty want, one whose text is exactly want.
 * When not, detail says what was found instead.
 */
static int
has_entity(struct scrub_engine *e, const char *text, const char *entity, const char *want,
           struct scrub_findings *f, bool *found, char *detail, size_t cap, struct err *err)
{
    size_t used = 0, n = want ? strlen(want) : 0;
    char list[300] = "";

    *found = false;
    if (scrub_engine_detect(e, (const unsigned char *)text, strlen(text), f, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < f->n && !*found; i++) {
        const struct scrub_finding *x = &f->v[i];
        if (strcmp(x->entity, entity)) {
            continue;
        }
        if (!n || (x->end - x->start == n && !memcmp(text + x->start, want, n))) {
            *found = true;
        } else if (used < sizeof(list)) {
            int w = snprintf(list + used, sizeof(list) - used, "%s'%.*s'", used ? ", " : "",
                             (int)(x->end - x->start), text + x->start);
            used += w > 0 ? (size_t)w : 0;
        }
    }
    if (used) {
        (void)snprintf(detail, cap, "%s found as %s, not '%.200s'", entity, list, want);
    } else {
        (void)snprintf(detail, cap, "no %s found", entity);
    }
    return 0;
}

/*
 * Whether p's declared prefilter_regex holds on s: it finds a match wherever p does, and, for a
 * match example of a pattern with a prefilter_lead, within that lead of p's first match.
 */
static int
prefilter_holds(struct scrub_engine *e, const struct rule *r, const struct rule_pattern *p,
                const unsigned char *s, size_t len, bool want, bool *holds, struct err *err)
{
    int rc = engine_match(e, p->code, s, len, 0, r->name, err);
    if (rc > 0) {
        size_t ms = pcre2_get_ovector_pointer(e->md)[0];
        rc = p->led && want
                 ? engine_match_upto(e, p->requires, s, len, ms,
                                     led_chars_on(s, len, ms, p->prefilter_lead), r->name, err)
                 : engine_match(e, p->requires, s, len, 0, r->name, err);
        *holds = rc > 0;
    }
    return rc < 0 ? -1 : 0;
}

/*
 * A declared prefilter_regex is a promise that skipping the pattern where it finds nothing loses
 * no match: each example (and its normalised view, where the pattern runs on that) checks it.
 */
static int
test_prefilters(struct scrub_engine *e, const struct rule *r, const char *text, bool want,
                size_t idx, struct tally *t, struct err *err)
{
    size_t len = strlen(text);

    for (size_t k = 0; k < r->n_patterns; k++) {
        const struct rule_pattern *p = &r->patterns[k];
        struct err local = {ERR_NONE, ""};
        struct subject view;
        bool holds = true;
        char detail[600];
        if (!p->requires) {
            continue;
        }
        int rc = prefilter_holds(e, r, p, (const unsigned char *)text, len, want, &holds, &local);
        if (rc == 0 && holds && p->use_view) {
            rc = subject_view(e, (const unsigned char *)text, len, &view, &local);
            if (rc == 0) {
                rc = prefilter_holds(e, r, p, view.p, view.len, want, &holds, &local);
            }
        }
        if (rc < 0) {
            (void)snprintf(detail, sizeof(detail), "pattern '%s': %s", p->name, local.msg);
        } else if (p->led && want) {
            (void)snprintf(detail, sizeof(detail),
                           "pattern '%s' matches but its prefilter_regex does not within its "
                           "prefilter_lead of %zu characters",
                           p->name, p->prefilter_lead);
        } else {
            (void)snprintf(detail, sizeof(detail),
                           "pattern '%s' matches but its prefilter_regex does not", p->name);
        }
        if (report(t, rc == 0 && holds, r->file, r->line, r->name, want ? "match" : "no_match", idx,
                   detail, err) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
test_rule(struct scrub_engine *e, const struct rule *r, struct scrub_findings *f, struct tally *t,
          struct err *err)
{
    for (size_t i = 0; i < r->tests_match.n + r->tests_no_match.n; i++) {
        bool want = i < r->tests_match.n;
        size_t idx = want ? i : i - r->tests_match.n;
        const char *text = want ? r->tests_match.v[idx] : r->tests_no_match.v[idx];
        const char *extent = want && idx < r->tests_finding.n ? r->tests_finding.v[idx] : NULL;
        struct err local = {ERR_NONE, ""};
        bool found;
        char detail[600];
        if (has_entity(e, text, r->entity, extent, f, &found, detail, sizeof(detail), &local) < 0) {
            (void)snprintf(detail, sizeof(detail), "detection failed: %s", local.msg);
            found = !want;
        } else if (!want) {
            (void)snprintf(detail, sizeof(detail), "%s found", r->entity);
        }
        if (report(t, found == want, r->file, r->line, r->name, want ? "match" : "no_match", idx,
                   detail, err) < 0 ||
            test_prefilters(e, r, text, want, idx, t, err) < 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * A pattern that runs on every text costs on every text (e8f5bd3's e-mail patterns lost their
 * gate to a (*SKIP)(*FAIL) branch and took a third of the run unnoticed): each must say why with
 * `ungated:`, and a pattern that says so must in fact have no gate, so the word stays true.
 */
static int
test_gates(const struct rule *r, struct tally *t, struct err *err)
{
    for (size_t k = 0; r->enabled && k < r->n_patterns; k++) {
        const struct rule_pattern *p = &r->patterns[k];
        enum gate_reach reach = p->is_deny ? GATE_REACH_GATED : rules_pattern_reach(r, p);
        const char *what = NULL;
        if (reach == GATE_REACH_EVERYWHERE && !p->ungated) {
            what = "has no gate: it runs on every text (no literal, anchor, rare byte or run every "
                   "match needs, no prefilter); give it one (rules/README.md, Speed) or say why "
                   "with 'ungated:'";
        } else if (reach == GATE_REACH_PREFILTER && !p->ungated) {
            what = "has a prefilter_regex with no gate: the prefilter runs on every text; give it "
                   "a literal or a rarer byte, or say why with 'ungated:'";
        } else if (reach == GATE_REACH_GATED && p->ungated) {
            what = "says 'ungated:' but has a gate: drop the key";
        }
        if (!what) {
            continue;
        }
        t->failed++;
        if (fprintf(t->out, "%s:%zu: rule '%s': pattern '%s' %s\n", r->file, p->line, r->name,
                    p->name, what) < 0) {
            return err_set(err, ERR_IO, "cannot write the test report");
        }
    }
    return 0;
}

static int
test_warning(struct scrub_engine *e, size_t cat, const struct warning_category *w, struct tally *t,
             struct err *err)
{
    for (size_t k = 0; k < w->n_patterns; k++) {
        if (!gate_opens_everywhere(&w->gates[k])) {
            continue;
        }
        t->failed++;
        if (fprintf(t->out,
                    "%s:%zu: category '%s': pattern %zu has no gate: it runs on every text; give "
                    "it a literal or a rarer byte every match needs\n",
                    w->file, w->line, w->name, k + 1) < 0) {
            return err_set(err, ERR_IO, "cannot write the test report");
        }
    }
    for (size_t i = 0; i < w->tests_match.n + w->tests_no_match.n; i++) {
        bool want = i < w->tests_match.n;
        size_t idx = want ? i : i - w->tests_match.n;
        const char *text = want ? w->tests_match.v[idx] : w->tests_no_match.v[idx];
        struct err local = {ERR_NONE, ""};
        uint64_t mask = 0;
        bool found;
        char detail[600];
        if (scrub_engine_warnings(e, (const unsigned char *)text, strlen(text), &mask, &local) <
            0) {
            (void)snprintf(detail, sizeof(detail), "detection failed: %s", local.msg);
            found = !want;
        } else {
            found = (mask >> cat) & 1u;
            (void)snprintf(detail, sizeof(detail),
                           want ? "category not flagged" : "category flagged");
        }
        if (report(t, found == want, w->file, w->line, w->name, want ? "match" : "no_match", idx,
                   detail, err) < 0) {
            return -1;
        }
    }
    return 0;
}

int
scrub_rules_test(const struct scrub_rules *rules, FILE *out, size_t *failures, struct err *err)
{
    struct scrub_engine *e = scrub_engine_new(rules, NULL, err);
    struct scrub_findings f;
    struct tally t = {0, 0, out};
    int rc = -1;

    *failures = 0;
    scrub_findings_init(&f);
    if (!e) {
        goto out;
    }
    for (size_t i = 0; i < rules->n_rules; i++) {
        if (test_rule(e, &rules->rules[i], &f, &t, err) < 0 ||
            test_gates(&rules->rules[i], &t, err) < 0) {
            goto out;
        }
    }
    for (size_t i = 0; i < rules->n_warnings; i++) {
        if (test_warning(e, i, &rules->warnings[i], &t, err) < 0) {
            goto out;
        }
    }
    if (fprintf(out, "rules: %zu passed, %zu failed\n", t.passed, t.failed) < 0) {
        err_set(err, ERR_IO, "cannot write the test report");
        goto out;
    }
    *failures = t.failed;
    rc = 0;
out:
    scrub_findings_release(&f);
    scrub_engine_free(e);
    return rc;
}
