/*
 * The rule set's trigger index: every gate's required literals (and every rule's declared
 * `prefilter:` words) in one Aho-Corasick automaton, so one pass over a text tells which
 * patterns can possibly match it. Rebuilt after each successful load.
 */
#include "scrub/pack_cache_internal.h"
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "scrub/validate_internal.h"

#include "common/banned.h"

/*
 * A one-byte literal ("s", " ") occurs in nearly every text and at nearly every position: as a
 * presence requirement it filters nothing the byte prefilter does not already check, and would
 * make the scan report most bytes, so such sets are left out (anchors: see add_gate).
 */
#define TRIGGER_MIN_LITERAL 2
/*
 * Literals of up to this many bytes ("as", "mr") occur every few dozen bytes of prose, unless
 * one of their bytes is a letter English seldom writes ("oz", "iz": a surname's ending).
 */
#define DENSE_LITERAL_MAX 2
#define RARE_LETTERS      "jqxz"
/*
 * A presence set holding a common word this short (the top-level domains' "in", "is", "it";
 * " for", "the ") is in nearly every text: it closes almost no gate, but its states made the
 * scan stop at a tenth of all bytes. Such a set is indexed only when another gate lists its
 * positions anyway. Any two-byte literal was too broad: "ip" and "dl" close gates that matter.
 */
#define PRESENCE_COMMON_WORD_MAX 3

/* Whether two sets hold the same literals (both are kept sorted and unique). */
static bool
same_set(const struct literal_set *a, const struct literal_set *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->v[i], b->v[i]) != 0) {
            return false;
        }
    }
    return true;
}

/*
 * The sets given an id so far in one walk. Gates often need the same literals (a pattern and its
 * prefilter_regex, two patterns of a rule): identical sets share one id, so the scan reports and
 * lists each literal once however many gates read it.
 */
struct set_ids {
    struct set_id {
        /* Its own array of the gate's literals, which outlive the walk: the strings are not
         * copied (a load walks some 37,000 literals twice). */
        struct literal_set set;
        bool non_ascii;
        int32_t id;
        uint64_t hash; /* set_hash */
    } * v;
    size_t n, cap;
    /* Open addressing over v (index + 1, 0: empty), by hash: a load asks for some 3,000 sets
     * among 1,300, which a search of v compared one by one. */
    uint32_t *slots;
    size_t n_slots;
};

static void
set_ids_release(struct set_ids *ids)
{
    for (size_t i = 0; i < ids->n; i++) {
        free(ids->v[i].set.v); /* the strings are the gates' */
    }
    free(ids->v);
    free(ids->slots);
}

/* FNV-1a over the literals, each with its NUL, after whether the set is for non-ASCII text. */
static uint64_t
set_hash(const struct literal_set *set, bool non_ascii)
{
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)non_ascii;

    for (size_t i = 0; i < set->n; i++) {
        const unsigned char *s = (const unsigned char *)set->v[i];
        do {
            h = (h ^ *s) * 0x100000001b3ull;
        } while (*s++);
    }
    return h;
}

/* The entry of ids holding set (for the same kind of text), or NULL. */
static const struct set_id *
find_set(const struct set_ids *ids, const struct literal_set *set, bool non_ascii, uint64_t hash)
{
    for (size_t i = ids->n_slots ? hash & (ids->n_slots - 1) : 0; ids->n_slots && ids->slots[i];
         i = (i + 1) & (ids->n_slots - 1)) {
        const struct set_id *e = &ids->v[ids->slots[i] - 1];
        if (e->hash == hash && e->non_ascii == non_ascii && same_set(&e->set, set)) {
            return e;
        }
    }
    return NULL;
}

static void
slot_in(struct set_ids *ids, size_t k)
{
    size_t i = ids->v[k].hash & (ids->n_slots - 1);

    while (ids->slots[i]) {
        i = (i + 1) & (ids->n_slots - 1);
    }
    ids->slots[i] = (uint32_t)(k + 1);
}

/* Slot the entry just added (the last), the table kept at most half full. */
static void
slot_added(struct set_ids *ids)
{
    if (2 * ids->n > ids->n_slots) {
        free(ids->slots);
        ids->n_slots = ids->n_slots ? 2 * ids->n_slots : 1024;
        ids->slots = xcalloc(ids->n_slots, sizeof(*ids->slots));
        for (size_t k = 0; k + 1 < ids->n; k++) {
            slot_in(ids, k);
        }
    }
    slot_in(ids, ids->n - 1);
}

static int
by_borrowed_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* literal_set_unique for a set whose strings it does not own: duplicates are dropped, not freed. */
static void
sort_unique_borrowed(struct literal_set *s)
{
    size_t k = 0;

    if (s->n < 2) {
        return;
    }
    qsort(s->v, s->n, sizeof(*s->v), by_borrowed_string);
    for (size_t i = 0; i < s->n; i++) {
        if (!k || strcmp(s->v[k - 1], s->v[i]) != 0) {
            s->v[k++] = s->v[i];
        }
    }
    s->n = k;
}

static bool
has_min_len(const struct literal_set *set, size_t bytes)
{
    for (size_t i = 0; i < set->n; i++) {
        if (strlen(set->v[i]) < bytes) {
            return false;
        }
    }
    return true;
}

static bool
worth_indexing(const struct literal_set *set, bool positions)
{
    for (size_t i = 0; i < set->n && !positions; i++) {
        if (strlen(set->v[i]) < TRIGGER_MIN_LITERAL) {
            return false;
        }
    }
    return set->n > 0 && (positions || !literal_set_has_common_word(set, PRESENCE_COMMON_WORD_MAX));
}

static void
add_set(struct trigger_recipe *t, struct set_ids *ids, const struct literal_set *set,
        bool positions, bool non_ascii, int32_t *id, int32_t *next)
{
    uint64_t hash;
    const struct set_id *found;

    if (set->n == 0) {
        *id = -1;
        return;
    }
    hash = set_hash(set, non_ascii);
    found = find_set(ids, set, non_ascii, hash);
    if (!worth_indexing(set, positions) && !(found && has_min_len(set, TRIGGER_MIN_LITERAL))) {
        *id = -1;
        return;
    }
    if (found) {
        *id = found->id;
        if (t && positions) {
            trigger_recipe_want_positions(t, (size_t)*id);
        }
        return;
    }
    *id = (*next)++;
    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? size_mul(ids->cap, 2) : 256;
        ids->v = xrealloc(ids->v, size_mul(ids->cap, sizeof(*ids->v)));
    }
    struct set_id *added = &ids->v[ids->n++];
    added->set = (struct literal_set){.v = xmalloc(size_mul(set->n, sizeof(*set->v))), .n = set->n};
    memcpy(added->set.v, set->v, size_mul(set->n, sizeof(*set->v)));
    added->non_ascii = non_ascii;
    added->id = *id;
    added->hash = hash;
    slot_added(ids);
    if (t) {
        if (positions) {
            trigger_recipe_want_positions(t, (size_t)*id);
        }
        if (non_ascii) {
            trigger_recipe_add_non_ascii(t, (size_t)*id, set);
        } else {
            trigger_recipe_add(t, (size_t)*id, set);
        }
    }
}

/* Whether every literal of set starts with an ASCII word byte (literals are case-folded). */
static bool
starts_with_word_bytes(const struct literal_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        unsigned char c = (unsigned char)set->v[i][0];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return set->n > 0;
}

static bool
has_literal_shorter_than(const struct literal_set *set, size_t bytes)
{
    for (size_t i = 0; i < set->n; i++) {
        if (strlen(set->v[i]) < bytes) {
            return true;
        }
    }
    return false;
}

/* Whether set has a literal the scan would list (not found by byte) that occurs densely. */
static bool
has_dense_listed_literal(const struct literal_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        size_t n = strlen(set->v[i]);
        if (n >= TRIGGER_MIN_LITERAL && n <= DENSE_LITERAL_MAX &&
            strcspn(set->v[i], RARE_LETTERS) == n) {
            return true;
        }
    }
    return false;
}

static bool
has_short_literal(const struct literal_set *set)
{
    return has_literal_shorter_than(set, TRIGGER_MIN_LITERAL);
}

/*
 * A window longer than this covers most texts of a dialogue corpus: searching windows would cost
 * as much as searching the text whole, so positions are not worth recording.
 */
#define ANCHOR_MAX_LEAD 1024

static void
add_gate(struct trigger_recipe *t, struct set_ids *ids, struct gate *g, bool non_ascii,
         bool dense_ok, bool windows_ok, int32_t *next)
{
    bool windows =
        windows_ok && g->anchor.n > 0 &&
        literals_lead_bytes(g->anchor_lead, LITERALS_CHAR_BYTES_MAX, 0, 0, 0) <= ANCHOR_MAX_LEAD &&
        (dense_ok || !has_dense_listed_literal(&g->anchor));
    bool is_lits = same_set(&g->anchor, &g->lits), is_lits2 = same_set(&g->anchor, &g->lits2);
    /* the anchor's literals of two bytes or more: its own array, the anchor's strings */
    struct literal_set longer = {0};

    g->anchor_kind = ANCHOR_NONE;
    g->n_anchor_bytes = 0;
    g->left = LEFT_ANY;
    /* A listed anchor's hits also say it is present: a presence set equal to it is not added. */
    bool listed = windows && !has_short_literal(&g->anchor);
    if (listed && is_lits) {
        g->trigger = -1;
    } else {
        add_set(t, ids, &g->lits, false, non_ascii, &g->trigger, next);
    }
    if (listed && is_lits2) {
        g->trigger2 = -1;
    } else {
        add_set(t, ids, &g->lits2, false, non_ascii, &g->trigger2, next);
    }
    if (!windows) {
        /* Still a presence requirement, unless it repeats one. */
        if (is_lits || is_lits2) {
            g->trigger_anchor = -1;
        } else {
            add_set(t, ids, &g->anchor, false, non_ascii, &g->trigger_anchor, next);
        }
        return;
    }
    /*
     * A one-byte literal (" ", "a") would make the scan record a position at most bytes of
     * every text, for a search that then usually finds the hits too dense to window. Those
     * literals are found on demand instead (search_start looks for their bytes in the folded
     * text); the anchor's longer literals are still listed by the scan.
     */
    for (size_t i = 0; i < g->anchor.n; i++) {
        if (strlen(g->anchor.v[i]) < TRIGGER_MIN_LITERAL) {
            if (g->n_anchor_bytes == GATE_ANCHOR_BYTES_MAX) {
                /* too many to look for cheaply: no windows (the presence sets still gate) */
                free(longer.v);
                g->trigger_anchor = -1;
                return;
            }
            g->anchor_bytes[g->n_anchor_bytes++] = (unsigned char)g->anchor.v[i][0];
        } else {
            if (!longer.v) {
                longer.v = xmalloc(size_mul(g->anchor.n, sizeof(*longer.v)));
            }
            longer.v[longer.n++] = g->anchor.v[i];
        }
    }
    g->anchor_digits = true;
    for (unsigned char d = '0'; d <= '9'; d++) {
        g->anchor_digits &= memchr(g->anchor_bytes, d, g->n_anchor_bytes) != NULL;
    }
    g->n_anchor_others = 0;
    for (size_t i = 0; i < g->n_anchor_bytes; i++) {
        unsigned char b = g->anchor_bytes[i];
        if (!(g->anchor_digits && b >= '0' && b <= '9')) {
            g->anchor_others[g->n_anchor_others++] = b;
        }
    }
    sort_unique_borrowed(&longer);
    add_set(t, ids, &longer, true, non_ascii, &g->trigger_anchor, next);
    free(longer.v);
    g->anchor_kind = listed ? ANCHOR_LISTED : ANCHOR_BY_BYTE;
    g->left = starts_with_word_bytes(&g->anchor) ? g->left_word_first : g->left_other_first;
}

static int
add_declared(struct trigger_recipe *t, struct rule *r, int32_t *next, struct err *err)
{
    struct buf folded;
    int rc = 0;

    if (r->requires.n == 0) {
        r->requires_trigger = -1;
        return 0;
    }
    r->requires_trigger = (*next)++;
    if (!t) {
        return 0;
    }
    buf_init(&folded, BUF_NO_MAX);
    for (size_t i = 0; i < r->requires.n && rc == 0; i++) {
        struct literal_set one = {0};
        char *lit;
        rc = literals_fold((const unsigned char *)r->requires.v[i], strlen(r->requires.v[i]),
                           &folded, err);
        if (rc == 0 && folded.len) {
            lit = (char *)folded.data;
            one.v = &lit;
            one.n = 1;
            trigger_recipe_add(t, (size_t)r->requires_trigger, &one);
        }
    }
    buf_release(&folded);
    return rc;
}

/*
 * Whether r keeps a candidate only beside a finding of one of its context_entities: no context
 * words, no deny list, no checksum validator (which lifts a score to 1), and every base score
 * below min_score.
 */
static bool
after_entities(const struct rule *r)
{
    if (!r->context_entities.n || r->context_re || r->deny.n ||
        (r->validator && r->validator->checksum) ||
        (r->lexicon && r->lexicon_score >= r->min_score)) {
        return false;
    }
    for (size_t p = 0; p < r->n_patterns; p++) {
        if (r->patterns[p].is_deny || r->patterns[p].score >= r->min_score) {
            return false;
        }
    }
    return true;
}

/* Assigns ids in a fixed order (rules, their patterns, warnings) and notes the index's calls. */
static int
walk_gates_with(struct scrub_rules *rs, struct trigger_recipe *t, struct set_ids *ids, int32_t *n,
                struct err *err)
{
    *n = 0;
    for (size_t i = 0; i < rs->n_rules; i++) {
        struct rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->n_patterns; k++) {
            /* Behind a prefilter_regex a pattern rarely runs; so does a prefilter wanting one
             * match. Neither is worth listing every two-letter anchor of every text for. */
            bool prefiltered = r->patterns[k].requires != NULL;
            /* A rule kept only beside another entity's finding runs in few texts (run_rules):
             * the positions of its anchor, listed in every text, would go unread in most. ("is"
             * and "this" of person_pointer_beside_contact were a twelfth of hh-rlhf's hits.) */
            bool windows_ok = !after_entities(r);
            add_gate(t, ids, &r->patterns[k].gate, false, !prefiltered, windows_ok, n);
            if (prefiltered) {
                add_gate(t, ids, &r->patterns[k].requires_gate, false, false, windows_ok, n);
            }
        }
        if (add_declared(t, r, n, err) < 0) {
            return -1;
        }
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        if (rs->warnings[i].terms_re) {
            /* On ASCII text the term matcher answers for these terms instead. */
            add_gate(t, ids, &rs->warnings[i].terms_gate, rs->warnings[i].terms_by_matcher, true,
                     true, n);
        }
        for (size_t k = 0; k < rs->warnings[i].n_patterns; k++) {
            add_gate(t, ids, &rs->warnings[i].gates[k], false, true, true, n);
        }
    }
    return 0;
}

static int
walk_gates(struct scrub_rules *rs, struct trigger_recipe *t, int32_t *n, struct err *err)
{
    struct set_ids ids = {0};
    int rc = walk_gates_with(rs, t, &ids, n, err);

    set_ids_release(&ids);
    return rc;
}

/* The rule_brief of every rule and the gate_brief of every pattern, once trigger ids are known. */
static void
build_briefs(struct scrub_rules *rs)
{
    size_t n = 0, k = 0;

    for (size_t i = 0; i < rs->n_rules; i++) {
        n += rs->rules[i].n_patterns;
    }
    free(rs->briefs);
    free(rs->rule_briefs);
    rs->briefs = xcalloc(n + 1, sizeof(*rs->briefs));
    rs->rule_briefs = xcalloc(rs->n_rules + 1, sizeof(*rs->rule_briefs));
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        rs->rule_briefs[i] = (struct rule_brief){r->patterns, (uint32_t)r->n_patterns,
                                                 r->lexicon != NULL, after_entities(r)};
        for (size_t p = 0; p < r->n_patterns; p++, k++) {
            const struct rule_pattern *pat = &r->patterns[p];
            rs->briefs[k] = gate_brief_of(&pat->gate, pat->use_view, r->requires_trigger);
            rs->briefs[k].requires =
                (uint8_t)((pat->requires ? BRIEF_REQUIRES : 0) | (pat->led ? BRIEF_LED : 0));
        }
    }
    for (size_t i = 0; i < rs->n_warnings; i++) {
        struct warning_category *w = &rs->warnings[i];
        free(w->briefs);
        w->briefs = xcalloc(w->n_patterns + 1, sizeof(*w->briefs));
        for (size_t p = 0; p < w->n_patterns; p++) {
            w->briefs[p] = gate_brief_of(&w->gates[p], false, -1);
        }
    }
}

void
pattern_dispatch_release(struct pattern_dispatch *d)
{
    free(d->always);
    free(d->on_view);
    free(d->first);
    free(d->listed);
    free(d->rule_at);
    free(d->rule_of);
    free(d->lexicon_rules);
    free(d->after_rules);
    free(d->text_rules);
    for (size_t r = 0; r < RUN_LEVEL_KINDS; r++) {
        free(d->runs[r].least);
        free(d->runs[r].closed);
    }
    memset(d, 0, sizeof(*d));
}

/*
 * The id a pattern is listed under: the rule's declared literals first (chosen by the pack's
 * author as rare), then the pattern's own literals, its anchor's, its second set's. -1: none.
 */
static int32_t
dispatch_key(const struct gate_brief *b)
{
    return b->declared >= 0  ? b->declared
           : b->trigger >= 0 ? b->trigger
           : b->anchor >= 0  ? b->anchor
                             : b->trigger2;
}

/* The run a brief needs, of a kind (RUN_LEVEL_*). */
static uint16_t
brief_run(const struct gate_brief *b, size_t kind)
{
    return kind == RUN_LEVEL_WORD ? b->word : kind == RUN_LEVEL_HEX ? b->hex : b->digit;
}

/*
 * The levels of one kind of run over the n patterns: each distinct length a pattern needs, and
 * the patterns that need that length or more. A length is flagged in a table up to the longest,
 * so the levels come out ascending without a sort.
 */
static void
build_run_levels(struct pattern_dispatch *d, const struct gate_brief *briefs, size_t kind)
{
    struct run_levels *l = &d->runs[kind];
    size_t most = 0;

    for (size_t k = 0; k < d->n_patterns; k++) {
        most = brief_run(&briefs[k], kind) > most ? brief_run(&briefs[k], kind) : most;
    }
    uint8_t *needed = xcalloc(most + 1, 1);
    for (size_t k = 0; k < d->n_patterns; k++) {
        needed[brief_run(&briefs[k], kind)] = 1;
    }
    l->n = 0;
    for (size_t len = 1; len <= most; len++) {
        l->n += needed[len];
    }
    l->least = xcalloc(l->n + 1, sizeof(*l->least));
    l->closed = xcalloc(size_mul(l->n + 1, d->words + 1), sizeof(*l->closed));
    for (size_t len = 1, i = 0; len <= most; len++) {
        if (needed[len]) {
            l->least[i++] = (uint16_t)len;
        }
    }
    free(needed);
    for (size_t k = 0; k < d->n_patterns; k++) {
        uint16_t need = brief_run(&briefs[k], kind);
        /* every level up to the pattern's own closes it */
        for (size_t i = 0; i < l->n && l->least[i] <= need; i++) {
            l->closed[i * d->words + k / 64] |= (uint64_t)1 << (k % 64);
        }
    }
}

/* The pattern dispatch of rs, from its gate briefs (build_briefs first). */
static void
build_dispatch(struct scrub_rules *rs)
{
    struct pattern_dispatch *d = &rs->dispatch;
    size_t n = 0, n_ids = trigger_index_ids(rs->triggers);

    pattern_dispatch_release(d);
    for (size_t i = 0; i < rs->n_rules; i++) {
        n += rs->rules[i].n_patterns;
    }
    d->n_patterns = n;
    d->words = (n + 63) / 64;
    d->n_ids = n_ids;
    d->always = xcalloc(d->words + 1, sizeof(*d->always));
    d->on_view = xcalloc(d->words + 1, sizeof(*d->on_view));
    d->first = xcalloc(n_ids + 2, sizeof(*d->first));
    d->listed = xcalloc(n + 1, sizeof(*d->listed));
    d->rule_at = xcalloc(rs->n_rules + 1, sizeof(*d->rule_at));
    d->rule_of = xcalloc(n + 1, sizeof(*d->rule_of));
    d->rule_words = (rs->n_rules + 63) / 64;
    d->lexicon_rules = xcalloc(d->rule_words + 1, sizeof(*d->lexicon_rules));
    d->after_rules = xcalloc(d->rule_words + 1, sizeof(*d->after_rules));
    d->text_rules = xcalloc(d->rule_words + 1, sizeof(*d->text_rules));
    for (size_t i = 0, k = 0; i < rs->n_rules; k += rs->rules[i++].n_patterns) {
        d->rule_at[i] = (uint32_t)k;
        for (size_t p = 0; p < rs->rules[i].n_patterns; p++) {
            d->rule_of[k + p] = (uint32_t)i;
        }
        if (rs->rule_briefs[i].lexicon) {
            d->lexicon_rules[i / 64] |= (uint64_t)1 << (i % 64);
        }
        if (rs->rule_briefs[i].after_entities) {
            d->after_rules[i / 64] |= (uint64_t)1 << (i % 64);
        }
    }
    /* a counting sort of the patterns by key: counts, then starts, then places */
    for (size_t k = 0; k < n; k++) {
        int32_t key = dispatch_key(&rs->briefs[k]);
        if (rs->briefs[k].use_view) {
            d->on_view[k / 64] |= (uint64_t)1 << (k % 64);
        }
        uint32_t rule = d->rule_of[k];
        if (!rs->briefs[k].use_view) {
            d->text_rules[rule / 64] |= (uint64_t)1 << (rule % 64);
        }
        if (key < 0) {
            d->always[k / 64] |= (uint64_t)1 << (k % 64);
        } else {
            d->first[(size_t)key + 1]++;
        }
    }
    for (size_t id = 0; id < n_ids; id++) {
        d->first[id + 1] += d->first[id];
    }
    uint32_t *fill = xcalloc(n_ids + 1, sizeof(*fill));
    for (size_t k = 0; k < n; k++) {
        int32_t key = dispatch_key(&rs->briefs[k]);
        if (key >= 0) {
            d->listed[d->first[key] + fill[key]++] = (uint32_t)k;
        }
    }
    free(fill);
    for (size_t kind = 0; kind < RUN_LEVEL_KINDS; kind++) {
        build_run_levels(d, rs->briefs, kind);
    }
}

/* The kind of the index's cache entries: the format (literals_store.c) is version 1. */
#define TRIGGER_CACHE_KIND "trigger-index-1"

/*
 * The index the recipe r describes, read back from the cache c (NULL: none) when an earlier load
 * built the same (*read_back: then not started yet), else built and kept there. Its key is the
 * recipe and the number of ids; the cache file itself belongs to this executable (pack_cache.c).
 */
static struct trigger_index *
triggers_of(const struct trigger_recipe *r, size_t n_ids, struct pack_cache *c, unsigned threads,
            bool *read_back, struct err *err)
{
    unsigned char key[PACK_CACHE_KEY_LEN];
    uint64_t ids = n_ids;
    size_t recipe_len, len;
    const unsigned char *recipe = trigger_recipe_bytes(r, &recipe_len), *blob;
    struct trigger_index *t;
    bool keyed =
        c && pack_cache_key_of(TRIGGER_CACHE_KIND, &ids, sizeof(ids), recipe, recipe_len, key);

    *read_back = false;
    if (keyed && pack_cache_get_keyed(c, key, &blob, &len) &&
        (t = trigger_index_decode(n_ids, blob, len)) != NULL) {
        *read_back = true;
        return t;
    }
    t = trigger_index_new(n_ids);
    trigger_recipe_replay(r, t);
    if (trigger_index_build_on(t, threads, err) < 0) {
        trigger_index_free(t);
        return NULL;
    }
    if (keyed) {
        struct buf b;
        unsigned char *bytes;
        buf_init(&b, BUF_NO_MAX);
        trigger_index_encode(t, &b);
        bytes = buf_detach(&b, &len);
        pack_cache_put_keyed(c, key, bytes, len); /* takes the bytes */
    }
    return t;
}

/*
 * The ids the original of a text that is not plain ASCII is scanned for: those of the gates (and
 * prefilter gates) of the patterns that read a text as written, and of their rules' declared
 * prefilters. Nothing else reads that scan: the other patterns of such a text and the content
 * warnings read its view (detect.c, warnings.c), and a plain ASCII text is scanned for every id.
 */
static uint8_t *
original_ids(const struct scrub_rules *rs, size_t n_ids)
{
    uint8_t *keep = xcalloc(n_ids + 1, 1);

    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->n_patterns; k++) {
            const struct rule_pattern *p = &r->patterns[k];
            const struct gate *g[2] = {&p->gate, p->requires ? &p->requires_gate : NULL};
            if (p->use_view) {
                continue;
            }
            for (size_t j = 0; j < 2 && g[j]; j++) {
                const int32_t id[3] = {g[j]->trigger, g[j]->trigger2, g[j]->trigger_anchor};
                for (size_t m = 0; m < 3; m++) {
                    if (id[m] >= 0) {
                        keep[id[m]] = 1;
                    }
                }
            }
            if (r->requires_trigger >= 0) {
                keep[r->requires_trigger] = 1;
            }
        }
    }
    return keep;
}

/*
 * A slot for each prefilter_regex that more than one pattern has with the same options (rule 89's
 * three speaker patterns, a phone rule's two forms): the engine answers it once per subject.
 */
static void
build_requires_shared(struct scrub_rules *rs)
{
    rs->n_requires_shared = 0;
    for (size_t i = 0; i < rs->n_rules; i++) {
        for (size_t k = 0; k < rs->rules[i].n_patterns; k++) {
            rs->rules[i].patterns[k].requires_shared = REQUIRES_SHARED_NONE;
        }
    }
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->n_patterns; k++) {
            struct rule_pattern *p = &r->patterns[k];
            if (!p->requires_source || p->requires_shared != REQUIRES_SHARED_NONE) {
                continue;
            }
            /* the later patterns with the same prefilter take this one's slot */
            for (size_t j = i; j < rs->n_rules; j++) {
                const struct rule *q = &rs->rules[j];
                if (rule_regex_options(q) != rule_regex_options(r)) {
                    continue;
                }
                for (size_t m = j == i ? k + 1 : 0; m < q->n_patterns; m++) {
                    struct rule_pattern *o = &q->patterns[m];
                    if (o->requires_source && !strcmp(o->requires_source, p->requires_source)) {
                        if (p->requires_shared == REQUIRES_SHARED_NONE) {
                            p->requires_shared = (uint32_t)rs->n_requires_shared++;
                        }
                        o->requires_shared = p->requires_shared;
                    }
                }
            }
        }
    }
}

int
rules_build_triggers_cached(struct scrub_rules *rs, struct pack_cache *c, unsigned threads,
                            struct err *err)
{
    struct trigger_recipe *r = trigger_recipe_new();
    struct trigger_index *t = NULL, *orig = NULL;
    bool t_back = false, orig_back = false;
    int32_t n;

    term_matcher_free(rs->term_matcher);
    rs->term_matcher = term_matcher_build(rs);
    if (walk_gates(rs, r, &n, err) == 0) {
        uint8_t *keep = original_ids(rs, (size_t)n);
        struct trigger_recipe *only = trigger_recipe_only(r, keep);
        t = triggers_of(r, (size_t)n, c, threads, &t_back, err);
        orig = t ? triggers_of(only, (size_t)n, c, threads, &orig_back, err) : NULL;
        trigger_recipe_free(only);
        free(keep);
    }
    /* An index read back fills its tables once c is closed: the file's pages and the tables are
     * not in memory at once. */
    pack_cache_close(c);
    trigger_recipe_free(r);
    if (!t || !orig) {
        trigger_index_free(t);
        return -1;
    }
    if (t_back) {
        trigger_index_start(t, threads);
    }
    if (orig_back) {
        trigger_index_start(orig, threads);
    }
    trigger_index_free(rs->triggers);
    trigger_index_free(rs->triggers_orig);
    rs->triggers = t;
    rs->triggers_orig = orig;
    build_briefs(rs);
    build_dispatch(rs);
    build_requires_shared(rs);
    return 0;
}

int
rules_build_triggers(struct scrub_rules *rs, unsigned threads, struct err *err)
{
    return rules_build_triggers_cached(rs, NULL, threads, err);
}

/* The bytes and runs of a typical text (gate_opens_everywhere): what three in four texts of
 * hh-rlhf hold (x3: every letter but j, q, x and z in more than 80 % of texts, space, line break
 * and ':' in all, '?' 94 %, '.' 93 %, ',' 87 %, an apostrophe as written or curly 86 %; 3 in 4
 * have a run of 10 word characters and of 3 hex digits; 85 % no ASCII digit). */
static const char typical_bytes[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ \n.,?':";
#define TYPICAL_WORD_RUN  10
#define TYPICAL_HEX_RUN   3
#define TYPICAL_DIGIT_RUN 0

/* Whether set holds a literal of a typical text's punctuation and blanks alone (": ", ", ",
 * "\n"): one such is in nearly every text ("Human: " in every hh-rlhf turn). */
static bool
has_typical_literal(const struct literal_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        const char *s = set->v[i];
        while (*s && strchr(typical_bytes, *s) && !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')) {
            s++;
        }
        if (!*s) {
            return true;
        }
    }
    return false;
}

/* Whether trigger id (of literals set) closes a gate on a typical text. */
static bool
closes(int32_t id, const struct literal_set *set)
{
    return id >= 0 && !has_typical_literal(set);
}

bool
gate_opens_everywhere(const struct gate *g)
{
    unsigned char seen[256] = {0};
    struct byte_set present;

    if (closes(g->trigger, &g->lits) || closes(g->trigger2, &g->lits2) ||
        (g->anchor_kind != ANCHOR_BY_BYTE && closes(g->trigger_anchor, &g->anchor)) ||
        g->runs.word > TYPICAL_WORD_RUN || g->runs.hex > TYPICAL_HEX_RUN ||
        g->runs.digit > TYPICAL_DIGIT_RUN) {
        return false;
    }
    for (const char *c = typical_bytes; *c; c++) {
        seen[(unsigned char)*c] = 1;
    }
    byte_set_from_table(seen, &present);
    if (!prefilter_pass(&g->pre_ascii, &present)) {
        return false;
    }
    /* Windows around one-byte anchors (found by byte) are tried wherever those bytes occur. */
    for (size_t i = 0; g->anchor_kind == ANCHOR_BY_BYTE && i < g->n_anchor_bytes; i++) {
        if (seen[g->anchor_bytes[i]]) {
            return true;
        }
    }
    return g->anchor_kind != ANCHOR_BY_BYTE;
}

enum gate_reach
rules_pattern_reach(const struct rule *r, const struct rule_pattern *p)
{
    if (r->requires_trigger >= 0 || after_entities(r) || !gate_opens_everywhere(&p->gate)) {
        return GATE_REACH_GATED;
    }
    if (!p->requires) {
        return GATE_REACH_EVERYWHERE;
    }
    return gate_opens_everywhere(&p->requires_gate) ? GATE_REACH_PREFILTER : GATE_REACH_GATED;
}
