/* Releasing rule-set parts; every function here accepts a zeroed or partly built struct. */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "scrub/lexicon_internal.h"

#include "common/banned.h"

void
string_list_push(struct string_list *l, const char *s, size_t len)
{
    char *copy = xmalloc(size_add(len, 1));

    memcpy(copy, s, len);
    copy[len] = '\0';
    /* Room for 1, 2, 4, 8... entries: the array grows when n reaches a power of two (a pack
     * pushes some 30,000 strings one at a time), so lists must be grown only here. */
    if ((l->n & (l->n - 1)) == 0) {
        l->v = xrealloc(l->v, size_mul(l->n ? 2 * l->n : 1, sizeof(*l->v)));
    }
    l->v[l->n++] = copy;
}

void
string_list_release(struct string_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i]);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void
rule_release(struct rule *r)
{
    free(r->name);
    free(r->entity);
    free(r->subtype);
    string_list_release(&r->languages);
    for (size_t i = 0; i < r->n_patterns; i++) {
        free(r->patterns[i].name);
        free(r->patterns[i].source);
        free(r->patterns[i].requires_source);
        free(r->patterns[i].ungated);
        gate_release(&r->patterns[i].gate);
        gate_release(&r->patterns[i].requires_gate);
        pcre2_code_free(r->patterns[i].code);
        pcre2_code_free(r->patterns[i].code_ascii);
        pcre2_code_free(r->patterns[i].requires);
        pcre2_code_free(r->patterns[i].requires_ascii);
    }
    free(r->patterns);
    string_list_release(&r->context);
    pcre2_code_free(r->context_re);
    free(r->nots); /* the clauses are the rule set's */
    string_list_release(&r->context_entities);
    string_list_release(&r->allow);
    string_list_release(&r->deny);
    lexicon_free(r->lexicon);
    free(r->lexicon_path);
    string_list_release(&r->requires);
    string_list_release(&r->column_headers);
    string_list_release(&r->column_headers_weak);
    string_list_release(&r->column_companions);
    string_list_release(&r->column_vetoes);
    pcre2_code_free(r->column_cell);
    string_list_release(&r->tests_match);
    string_list_release(&r->tests_finding);
    string_list_release(&r->tests_no_match);
    memset(r, 0, sizeof(*r));
}

void
warning_category_release(struct warning_category *w)
{
    free(w->name);
    free(w->description);
    pcre2_code_free(w->terms_re);
    pcre2_code_free(w->terms_ascii);
    gate_release(&w->terms_gate);
    for (size_t i = 0; i < w->n_patterns; i++) {
        pcre2_code_free(w->patterns[i]);
        pcre2_code_free(w->patterns_ascii[i]);
        gate_release(&w->gates[i]);
        free(w->sources[i]);
    }
    free(w->patterns);
    free(w->patterns_ascii);
    free(w->gates);
    free(w->briefs);
    free(w->sources);
    string_list_release(&w->terms);
    string_list_release(&w->tests_match);
    string_list_release(&w->tests_no_match);
    memset(w, 0, sizeof(*w));
}

void
scrub_rules_free(struct scrub_rules *rs)
{
    if (!rs) {
        return;
    }
    for (size_t i = 0; i < rs->n_rules; i++) {
        rule_release(&rs->rules[i]);
    }
    free(rs->rules);
    for (size_t i = 0; i < rs->n_warnings; i++) {
        warning_category_release(&rs->warnings[i]);
    }
    free(rs->warnings);
    rules_free_allow_files(rs);
    for (size_t i = 0; i < rs->n_not_clauses; i++) {
        pcre2_code_free(rs->not_clauses[i]->re);
        pcre2_code_free(rs->not_clauses[i]->between);
        string_list_release(&rs->not_clauses[i]->names);
        string_list_release(&rs->not_clauses[i]->entities);
        free(rs->not_clauses[i]);
    }
    free(rs->not_clauses);
    term_matcher_free(rs->term_matcher);
    for (size_t i = 0; i < rs->n_files; i++) {
        free(rs->files[i]);
    }
    free(rs->files);
    EVP_MD_CTX_free(rs->digest);
    pcre2_code_free(rs->placeholder_re);
    trigger_index_free(rs->triggers);
    trigger_index_free(rs->triggers_orig);
    free(rs->briefs);
    free(rs->rule_briefs);
    pattern_dispatch_release(&rs->dispatch);
    jit_table_free(rs->jit);
    column_index_release(&rs->columns);
    free(rs);
}
