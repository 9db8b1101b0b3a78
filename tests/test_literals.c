/* Literal triggers: which literals every match must contain, and the index that finds them. */
/* clang-format off: older cmocka needs these before <cmocka.h> */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/record.h"
#include "scrub/json_scan_internal.h"
#include "scrub/literals_internal.h"
#include "scrub/rules_internal.h"
#include "scrub/scrub.h"
#include "tests/test_trigger_helpers.h"

static bool
has(const struct literal_set *s, const char *lit)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], lit) == 0) {
            return true;
        }
    }
    return false;
}

static void
required_literals_come_from_every_branch(void **state)
{
    struct literal_set s;
    (void)state;

    assert_true(literals_required("(?i)\\b(?:my name is|call me)\\s+(?<pii>\\p{Lu}\\w+)", &s));
    assert_int_equal(s.n, 2);
    assert_true(has(&s, "my name is"));
    assert_true(has(&s, "call me"));
    literal_set_release(&s);

    assert_true(literals_required("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", &s));
    assert_int_equal(s.n, 1);
    assert_true(has(&s, "@"));
    literal_set_release(&s);
}

/* Literal runs go through groups that match one of a few strings, and tabs read as spaces. */
static void
runs_continue_through_groups_of_literal_alternatives(void **state)
{
    struct literal_set a, b;
    (void)state;

    assert_int_equal(
        literals_required2("\\w+[ \\t]+(?:at|arroba)[ \\t]+(?:gmail|yahoo)\\.com", &a, &b), 2);
    assert_true(has(&a, " gmail.com") && has(&a, " yahoo.com"));
    /* not the redundant "gmail"; " at " goes on with more blanks or the domain's first letter */
    assert_true(has(&b, " at g") && has(&b, " at y") && has(&b, " at  ") && has(&b, " arroba g"));
    literal_set_release(&a);
    literal_set_release(&b);
    /* a class of a few plain characters is alternatives too; ranges and escapes like \\d not */
    assert_int_equal(literals_required2("x[-.]y[a-z]", &a, &b), 1);
    assert_true(has(&a, "x-y") && has(&a, "x.y"));
    literal_set_release(&a);
    literal_set_release(&b);
    assert_int_equal(literals_required2("q[\\dx]yz", &a, &b), 2);
    assert_true(has(&a, "yz") && !has(&a, "xyz"));
    literal_set_release(&a);
    literal_set_release(&b);
    assert_int_equal(literals_required2("(?:a|b)(?:c|d)x+", &a, &b), 1);
    assert_true(has(&a, "acx") && has(&a, "adx") && has(&a, "bcx") && has(&a, "bdx"));
    literal_set_release(&a);
    literal_set_release(&b);
    /* an optional character or small class goes on with and without it: "d.o.b", "dob" */
    assert_int_equal(literals_required2("\\bd\\.?o\\.?b\\b", &a, &b), 1);
    assert_true(has(&a, "dob") && has(&a, "d.ob") && has(&a, "do.b") && has(&a, "d.o.b"));
    assert_false(has(&a, "d"));
    literal_set_release(&a);
    literal_set_release(&b);
    assert_int_equal(literals_required2("no[ \\t]?[.:]?\\d+", &a, &b), 1);
    assert_true(has(&a, "no") && has(&a, "no ") && has(&a, "no.") && has(&a, "no :"));
    literal_set_release(&a);
    literal_set_release(&b);
}

/*
 * A cue list of a hundred words (a salutation list, honorifics of many languages) is one exact
 * set too: the blank after it stays in its literals, so "hi" of the list is "hi ", which "this"
 * and "which" do not open.
 */
static void
runs_continue_through_a_hundred_word_alternation(void **state)
{
    struct buf re;
    struct err err;
    struct literal_set a, b;
    (void)state;

    buf_init(&re, BUF_NO_MAX);
    assert_int_equal(buf_append_str(&re, "(?i:hi", &err), 0);
    for (int i = 0; i < 99; i++) {
        char word[16];
        snprintf(word, sizeof(word), "|w%02dq", i);
        assert_int_equal(buf_append_str(&re, word, &err), 0);
    }
    assert_int_equal(buf_append_str(&re, ")[ \\t]+\\p{Lu}", &err), 0);
    assert_int_equal(buf_append(&re, (const unsigned char *)"", 1, &err), 0);
    assert_int_equal(literals_required2((const char *)re.data, &a, &b), 1);
    assert_int_equal(a.n, 100);
    assert_true(has(&a, "hi ") && has(&a, "w42q "));
    assert_false(has(&a, "hi"));
    literal_set_release(&a);
    literal_set_release(&b);
    buf_release(&re);
}

static struct literal_runs
runs_of(const char *re)
{
    struct literal_set a, b, c;
    struct literal_lead lead;
    struct literal_runs runs;

    literals_analyse(re, &a, &b, &c, &lead, &runs);
    literal_set_release(&a);
    literal_set_release(&b);
    literal_set_release(&c);
    return runs;
}

static size_t
word_run_of(const char *re)
{
    return runs_of(re).word;
}

/* A run of atoms that match only word characters is a length every match needs. */
static void
word_runs_count_consecutive_word_atoms(void **state)
{
    (void)state;

    assert_int_equal(word_run_of("(?<![\\w:.-])[0-9A-Fa-f]{12}(?![\\w:-])"), 12);
    assert_int_equal(word_run_of("(?i)[A-Z]{6}[0-9LMN]{2}[A-Z]"), 9);
    assert_int_equal(word_run_of("\\d{3}-\\d{4}"), 4); /* '-' ends a run */
    assert_int_equal(word_run_of("ab|abcd"), 2);       /* the shorter branch */
    assert_int_equal(word_run_of("[0-z]{9}"), 0);      /* the range holds ':' to '@' */
    assert_int_equal(word_run_of("(?:\\d{5})?x"), 1);  /* an optional group adds nothing */
    assert_int_equal(word_run_of("\\d\\b\\d"), 2);     /* assertions consume nothing */
}

/* Runs of atoms that match only hex digits, or only digits, are lengths every match needs too. */
static void
hex_and_digit_runs_count_consecutive_atoms_of_their_kind(void **state)
{
    struct literal_runs r;
    (void)state;

    r = runs_of("(?<![\\w:.-])[0-9A-Fa-f]{12}(?![\\w:-])");
    assert_int_equal(r.hex, 12);
    assert_int_equal(r.digit, 0);
    r = runs_of("\\d{3}-\\d{4}");
    assert_int_equal(r.digit, 4);
    assert_int_equal(r.hex, 4);
    /* literal characters count: "0x" then 40 hex digits; "d" is a hex digit, "x" is not */
    r = runs_of("(?i)\\b0x[0-9a-f]{40}\\b");
    assert_int_equal(r.hex, 40);
    assert_int_equal(r.word, 42);
    assert_int_equal(runs_of("ad[\\da-f]{2}").hex, 4);
    assert_int_equal(runs_of("[0-9]{2}[0-9 ]{3}[0-9]").digit, 2); /* a class with a space */
    assert_int_equal(runs_of("[0-F]{9}").hex, 0);                 /* ':' to '@' */
    assert_int_equal(runs_of("[a-z]{9}").hex, 0);
    assert_int_equal(runs_of("\\w{9}").digit, 0);
    r = runs_of("\\d{6}|[a-f]{8}");
    assert_int_equal(r.digit, 0); /* the shorter of the branches, each kind on its own */
    assert_int_equal(r.hex, 6);
    assert_int_equal(runs_of("(?:\\d{4}[ -]?){3}\\d{4}").digit, 4);
    assert_int_equal(runs_of("x(?:\\d{9})y").digit, 9); /* a required group's run */
}

static void
two_independent_requirements_are_both_kept(void **state)
{
    struct literal_set a, b;
    (void)state;

    /* A spelled-out e-mail needs "at" and "dot"; each alone is a common word. */
    assert_int_equal(literals_required2("\\w+\\s+at\\s+\\w+\\s+dot\\s+com", &a, &b), 2);
    assert_true(has(&a, "dot") || has(&b, "dot"));
    assert_true(has(&a, " com") || has(&b, " com") || has(&a, "com") || has(&b, "com"));
    literal_set_release(&a);
    literal_set_release(&b);
    /* Across branches: the unions of the firsts and of the seconds. */
    assert_int_equal(literals_required2("foo\\d+bar|quux\\d+zork", &a, &b), 2);
    assert_int_equal(a.n + b.n, 4);
    literal_set_release(&a);
    literal_set_release(&b);
    /* A branch with one requirement leaves only the first. */
    assert_int_equal(literals_required2("foo\\d+bar|quux", &a, &b), 1);
    literal_set_release(&a);
    literal_set_release(&b);
}

static void
optional_parts_and_unknown_constructs_give_no_trigger(void **state)
{
    struct literal_set s;
    (void)state;

    assert_false(literals_required("\\d{3}-?\\d{4}|\\(\\d+\\)", &s)); /* a branch needs none */
    assert_false(literals_required("(?:abc)?\\d+", &s));
    assert_true(literals_required("(ab)\\1", &s)); /* the group is required, the copy unknown */
    assert_true(has(&s, "ab"));
    literal_set_release(&s);
    assert_false(literals_required("(?(DEFINE)(?<x>abc)?)(?&x)?", &s));
    assert_false(literals_required("\\cA", &s));
}

/*
 * A call (?&name) reads as the body of the group it calls, so the cue words a pattern keeps in a
 * (?(DEFINE)...) part gate it as if written in place; a call that cannot be read so (recursive,
 * a name defined twice, (?x) not in force alike where the group is defined and where it is
 * called) stays unknown content, as before.
 */
static void
a_called_group_requires_its_literals(void **state)
{
    struct literal_set s;
    (void)state;

    assert_true(literals_required("(?(DEFINE)(?<x>abc))(?&x)", &s));
    assert_int_equal(s.n, 1);
    assert_true(has(&s, "abc"));
    literal_set_release(&s);
    assert_true(literals_required(
        "(?x) ^ (?&cue) [ \\t]+ \\d+ # the number\n(?(DEFINE) (?<cue> phone | fax ) )", &s));
    assert_int_equal(s.n, 2);
    assert_true(has(&s, "phone ")); /* [ \\t] reads as ' ' */
    assert_true(has(&s, "fax "));
    literal_set_release(&s);
    /* a call inside a call, and a call of a group that calls itself: read once, not forever */
    assert_true(literals_required("(?(DEFINE)(?<a>x(?&b))(?<b>yz))(?&a)", &s));
    assert_true(has(&s, "xyz"));
    literal_set_release(&s);
    assert_true(literals_required("(?(DEFINE)(?<r>q(?&r)?w))(?&r)", &s));
    for (size_t i = 0; i < s.n; i++) {
        assert_true(strcmp(s.v[i], "q") == 0 || strcmp(s.v[i], "w") == 0 ||
                    strcmp(s.v[i], "qw") == 0);
    }
    literal_set_release(&s);
    /* (?x) only where the group is defined: its body reads otherwise at the call */
    assert_false(literals_required("(?&c)(?(DEFINE)(?x:(?<c> p h o n e )))", &s));
    /* two groups of one name: which one a call runs is not read */
    assert_false(literals_required("(?|(?<n>ab)|(?<n>cd))?(?&n)", &s));
}

static void
extended_mode_ignores_white_space_and_comments(void **state)
{
    struct literal_set s;
    (void)state;

    assert_true(literals_required("(?x) foo \\ bar  # a comment with words\n  [0-9]+", &s));
    assert_int_equal(s.n, 1);
    assert_true(has(&s, "foo bar"));
    literal_set_release(&s);
}

static void
literals_are_case_folded_like_the_text(void **state)
{
    struct literal_set s;
    struct buf folded;
    struct err err;
    (void)state;

    assert_true(literals_required("Straße|ÉCOLE|AKIA[0-9A-Z]{16}", &s));
    assert_true(has(&s, "straße"));
    assert_true(has(&s, "école"));
    assert_true(has(&s, "akia"));
    literal_set_release(&s);
    buf_init(&folded, BUF_NO_MAX);
    assert_int_equal(literals_fold((const unsigned char *)"STRAẞE École \u212a", 19, &folded, &err),
                     0);
    assert_string_equal((char *)folded.data, "straße école k");
    buf_release(&folded);
}

/*
 * ASCII is folded eight bytes at a time: every ASCII byte, at every offset in a word and around
 * a character that is not ASCII, folds as it does alone (a capital to its lower case, a tab to a
 * space, anything else to itself).
 */
static void
fold_of_ascii_runs_is_the_fold_of_each_byte(void **state)
{
    unsigned char text[3 * 128 + 2];
    char want[sizeof(text) + 1];
    struct buf folded;
    struct err err;
    bool aligned;
    (void)state;

    buf_init(&folded, BUF_NO_MAX);
    for (size_t shift = 0; shift < 8; shift++) {
        size_t n = 0;
        for (size_t k = 0; k < 3 * 128; k++) {
            unsigned char c = (unsigned char)((k * 37 + shift) % 128);
            if (k == 128 + shift) {
                text[n] = 0xC3, want[n++] = (char)0xC3; /* 'É' folds to 'é' */
                text[n] = 0x89, want[n++] = (char)0xA9;
            }
            text[n] = c;
            want[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c == '\t' ? ' ' : c);
        }
        assert_int_equal(
            literals_fold_aligned(text + shift % 2, n - shift % 2, &folded, &aligned, &err), 0);
        assert_true(aligned);
        assert_int_equal(folded.len, n - shift % 2);
        assert_memory_equal(folded.data, want + shift % 2, n - shift % 2);
    }
    buf_release(&folded);
}

static void
index_marks_exactly_the_patterns_whose_literals_occur(void **state)
{
    struct literal_set a = {0}, b = {0};
    struct trigger_index *t = trigger_index_new(3);
    uint8_t hit[3] = {0};
    struct err err;
    (void)state;

    assert_true(literals_required("he|she", &a));
    assert_true(literals_required("hers|akia", &b));
    trigger_index_add(t, 0, &a);
    trigger_index_add(t, 2, &b);
    assert_int_equal(trigger_index_build(t, &err), 0);
    trigger_scan(t, (const unsigned char *)"ushers", 6, false, hit, NULL);
    assert_int_equal(hit[0], 1);
    assert_int_equal(hit[1], 0);
    assert_int_equal(hit[2], 1);
    memset(hit, 0, sizeof(hit));
    trigger_scan(t, (const unsigned char *)"xyz", 3, false, hit, NULL);
    assert_int_equal(hit[0] + hit[1] + hit[2], 0);
    literal_set_release(&a);
    literal_set_release(&b);
    trigger_index_free(t);
}

/* Id 0: 60,000 six-byte literals ("w00000".."w59999"), too many states for 16-bit entries; id 1:
 * "zq". */
static void
big_and_small_sets(struct literal_set *big, struct literal_set *small)
{
    char lit[16];

    for (int i = 0; i < 60000; i++) {
        snprintf(lit, sizeof(lit), "w%05d", i);
        literal_set_append(big, lit);
    }
    literal_set_add(small, "zq");
}

/*
 * An index too big for 16-bit states (here 66,670) uses 32-bit ones and finds the same:
 * presence, positions wanted, and literals that are not there.
 */
static void
index_with_more_states_than_16_bits_hold_marks_the_same(void **state)
{
    struct literal_set big = {0}, small = {0};
    struct trigger_index *t = trigger_index_new(2);
    struct trigger_positions pos;
    uint8_t hit[2] = {0};
    size_t entry = 0;
    struct err err;
    (void)state;

    big_and_small_sets(&big, &small);
    trigger_index_want_positions(t, 1);
    trigger_index_add(t, 0, &big);
    trigger_index_add(t, 1, &small);
    assert_int_equal(trigger_index_build(t, &err), 0);
    assert_int_equal(trigger_index_states(t, &entry), 66670);
    assert_int_equal(entry, 4);
    trigger_positions_init(&pos, 2);
    trigger_scan(t, (const unsigned char *)"a zq w59999 zq", 14, false, hit, &pos);
    assert_int_equal(hit[0], 1);
    assert_int_equal(hit[1], 1);
    assert_int_equal(pos.list[1].count, 2);
    assert_int_equal(pos.v[pos.list[1].first].start, 2);
    memset(hit, 0, sizeof(hit));
    trigger_scan(t, (const unsigned char *)"w6000 w4 zz", 11, false, hit, &pos);
    assert_int_equal(hit[0] + hit[1], 0);
    trigger_positions_release(&pos);
    literal_set_release(&big);
    literal_set_release(&small);
    trigger_index_free(t);
}

/* Literals "w00000" to "w58970" make 65,526 states: with "q w" and "zqqqqqq", 65,536. */
#define NUMBERED_LITERALS 58971

/*
 * The numbered literals (id 0, positions wanted), "zqq...q" of 1 + tail bytes (id 1, presence)
 * and "q w" (id 2, positions wanted, a state numbered before the last of id 0's).
 */
static struct trigger_index *
numbered_index(size_t tail, size_t *states, size_t *entry)
{
    struct literal_set w = {0}, z = {0}, q = {0};
    struct trigger_index *t = trigger_index_new(3);
    struct err err;
    char lit[24];

    for (int i = 0; i < NUMBERED_LITERALS; i++) {
        snprintf(lit, sizeof(lit), "w%05d", i);
        literal_set_append(&w, lit);
    }
    memset(lit, 'q', sizeof(lit));
    lit[0] = 'z';
    lit[1 + tail] = '\0';
    literal_set_add(&z, lit);
    literal_set_add(&q, "q w");
    trigger_index_want_positions(t, 0);
    trigger_index_want_positions(t, 2);
    trigger_index_add(t, 0, &w);
    trigger_index_add(t, 1, &z);
    trigger_index_add(t, 2, &q);
    assert_int_equal(trigger_index_build(t, &err), 0);
    *states = trigger_index_states(t, entry);
    literal_set_release(&w);
    literal_set_release(&z);
    literal_set_release(&q);
    return t;
}

/* Every start of a numbered literal in text: a 'w' and five digits below NUMBERED_LITERALS. */
static size_t
numbered_starts(const char *text, size_t len, size_t *out)
{
    size_t n = 0;

    for (size_t p = 0; p + 6 <= len; p++) {
        long v = 0;
        size_t d = 1;
        for (; d < 6 && text[p + d] >= '0' && text[p + d] <= '9'; d++) {
            v = v * 10 + (text[p + d] - '0');
        }
        if (text[p] == 'w' && d == 6 && v < NUMBERED_LITERALS) {
            out[n++] = p;
        }
    }
    return n;
}

/* The first occurrence of needle in hay, or NULL (memmem is a GNU extension). */
static const char *
find(const char *hay, size_t n, const char *needle, size_t m)
{
    for (size_t p = 0; p + m <= n; p++) {
        if (!memcmp(hay + p, needle, m)) {
            return hay + p;
        }
    }
    return NULL;
}

/* id's list is want[0..n), forward and, as a late hit is inserted, back from the last. */
static void
assert_positions(const struct trigger_positions *pos, uint32_t id, const size_t *want, size_t n)
{
    uint32_t at = pos->list[id].first;

    assert_int_equal(pos->list[id].count, n);
    for (size_t k = 0; k < n; k++, at = pos->v[at].next) {
        assert_int_equal(pos->v[at].start, want[k]);
    }
    assert_int_equal(at, TRIGGER_NONE);
    at = pos->list[id].last;
    for (size_t k = n; k > 0; k--, at = pos->v[at].prev) {
        assert_int_equal(pos->v[at].start, want[k - 1]);
    }
    assert_int_equal(at, TRIGGER_NONE);
}

/*
 * 65,536 states, the most 16-bit entries number, and one more, which takes 32-bit ones: both
 * find what a naive search finds, on random texts short (one stream) and long (four), in the
 * states numbered last (the highest, 65,535, is one of id 0's) as in the others.
 */
static void
sixteen_bit_entries_number_up_to_65536_states(void **state)
{
    static const char *const units[] = {"w", "w", "0", "1", "2", "3", "4", "5",       "6",
                                        "7", "8", "9", "z", "q", "q", " ", "\xc3\xa9"};
    struct trigger_index *t[2];
    struct trigger_positions pos[2];
    size_t states[2], entry[2];
    static char text[2100], lit[16];
    static size_t want[2100];
    uint32_t seed = 11;
    (void)state;

    for (int k = 0; k < 2; k++) {
        t[k] = numbered_index(6 + (size_t)k, &states[k], &entry[k]);
        trigger_positions_init(&pos[k], 3);
    }
    assert_int_equal(states[0], 65536);
    assert_int_equal(entry[0], 2);
    assert_int_equal(states[1], 65537);
    assert_int_equal(entry[1], 4);
    for (int round = 0; round < 300; round++) {
        size_t len = 0, max;
        seed = seed * 1103515245u + 12345u;
        max = (seed >> 16) % 2000;
        while (len < max) {
            seed = seed * 1103515245u + 12345u;
            const char *u = units[(seed >> 16) % (sizeof(units) / sizeof(units[0]))];
            memcpy(text + len, u, strlen(u));
            len += strlen(u);
        }
        for (int k = 0; k < 2; k++) {
            uint8_t hit[3] = {0};
            size_t n = numbered_starts(text, len, want);
            memset(lit, 'q', 7 + (size_t)k);
            lit[0] = 'z';
            trigger_scan(t[k], (const unsigned char *)text, len, false, hit, &pos[k]);
            assert_int_equal(hit[0], n > 0);
            assert_positions(&pos[k], 0, want, n);
            assert_int_equal(hit[1], find(text, len, lit, 7 + (size_t)k) != NULL);
            n = 0;
            for (const char *at = text; (at = find(at, len - (size_t)(at - text), "q w", 3));
                 at++) {
                want[n++] = (size_t)(at - text);
            }
            assert_int_equal(hit[2], n > 0);
            assert_positions(&pos[k], 2, want, n);
        }
    }
    /* Every numbered literal once: every state is reached, 65,535 included. */
    char *all = malloc(7 * NUMBERED_LITERALS + 1);
    assert_non_null(all);
    for (int i = 0; i < NUMBERED_LITERALS; i++) {
        /* the modulo tells the compiler the number has five digits (i < 65,536 anyway) */
        snprintf(all + 7 * i, 8, "w%05u ", (unsigned)i % 100000u);
    }
    for (int k = 0; k < 2; k++) {
        uint8_t hit[3] = {0};
        trigger_scan(t[k], (const unsigned char *)all, 7 * NUMBERED_LITERALS, false, hit, &pos[k]);
        assert_int_equal(hit[0] + hit[1] + hit[2], 1);
        assert_int_equal(pos[k].list[0].count, NUMBERED_LITERALS);
        assert_int_equal(pos[k].v[pos[k].list[0].last].start, 7 * (NUMBERED_LITERALS - 1));
        trigger_positions_release(&pos[k]);
        trigger_index_free(t[k]);
    }
    free(all);
}

/* Every start of one of set's literals in text, ascending (one per literal occurrence). */
static size_t
naive_starts(const struct literal_set *set, const char *text, size_t len, size_t *out)
{
    size_t n = 0;

    for (size_t p = 0; p < len; p++) {
        for (size_t i = 0; i < set->n; i++) {
            size_t l = strlen(set->v[i]);
            if (p + l <= len && !memcmp(text + p, set->v[i], l)) {
                out[n++] = p;
            }
        }
    }
    return n;
}

/*
 * On random texts, short and long, every id is marked exactly when one of its literals occurs,
 * and the positions listed are every start of its literals, in order (overlapping literals of
 * one id, and literals that are suffixes of others, included). ASCII texts are scanned both by
 * the automaton of the ASCII literals and by the whole one, other texts by the whole one.
 */
static void
check_scans_list_every_occurrence_in_order(unsigned threads)
{
    static const char *const sets[][3] = {{"ab", "abc", "ba"},
                                          {"cc a",
                                           "\xc3\xa9"
                                           "a",
                                           NULL},
                                          {"aaaa", "c", "b\xc3\xa9"}};
    static const char *const units[] = {"a", "a", "b", "b", "c", " ", "\xc3\xa9"};
    struct literal_set lit[3] = {{0}};
    struct trigger_index *t = trigger_index_new(3);
    struct trigger_positions pos;
    struct err err;
    static char text[3000];
    static size_t want[3 * 3000];
    uint32_t seed = 7;

    for (size_t id = 0; id < 3; id++) {
        for (size_t k = 0; k < 3 && sets[id][k]; k++) {
            literal_set_add(&lit[id], sets[id][k]);
        }
        if (id != 1) {
            trigger_index_want_positions(t, id);
        }
        trigger_index_add(t, id, &lit[id]);
    }
    assert_int_equal(trigger_index_build_on(t, threads, &err), 0);
    trigger_positions_init(&pos, 3);
    for (int round = 0; round < 600; round++) {
        bool ascii = round % 3 != 0;
        seed = seed * 1103515245u + 12345u;
        size_t len = 0, max = (seed >> 16) % (sizeof(text) - 2);
        while (len < max) {
            seed = seed * 1103515245u + 12345u;
            const char *u = units[(seed >> 16) % (ascii ? 6 : 7)];
            memcpy(text + len, u, strlen(u));
            len += strlen(u);
        }
        for (int whole = 0; whole <= ascii; whole++) {
            uint8_t hit[3] = {0};
            trigger_scan(t, (const unsigned char *)text, len, ascii && !whole, hit, &pos);
            assert_false(pos.overflow);
            for (size_t id = 0; id < 3; id++) {
                size_t n = naive_starts(&lit[id], text, len, want);
                assert_int_equal(hit[id], n > 0);
                if (id == 1) {
                    continue;
                }
                assert_int_equal(pos.list[id].count, n);
                uint32_t at = pos.list[id].first;
                for (size_t k = 0; k < n; k++, at = pos.v[at].next) {
                    assert_int_equal(pos.v[at].start, want[k]);
                }
                /* Back from the last, as a late hit is inserted: the same list reversed. */
                at = pos.list[id].last;
                for (size_t k = n; k > 0; k--, at = pos.v[at].prev) {
                    assert_int_equal(pos.v[at].start, want[k - 1]);
                }
                assert_int_equal(at, TRIGGER_NONE);
            }
        }
    }
    trigger_positions_release(&pos);
    for (size_t id = 0; id < 3; id++) {
        literal_set_release(&lit[id]);
    }
    trigger_index_free(t);
}

/*
 * A long text is scanned as four streams, each from the root a literal's length before its
 * quarter: a 16-byte literal at every offset of texts of 256 bytes and more (every length
 * modulo 4, and one whose quarters span several blocks of steps) is found once, at its start,
 * across each quarter's edge included, and listed in order among a short literal's hits.
 */
static void
four_streams_find_a_literal_across_every_quarter_edge(void **state)
{
    static const size_t lengths[] = {256, 257, 258, 259, 300, 1101};
    static char text[1200];
    struct literal_set lit[2] = {{0}};
    struct trigger_index *t = trigger_index_new(2);
    struct trigger_positions pos;
    struct err err;
    (void)state;

    literal_set_add(&lit[0], "zyxwvutsrqponmlk");
    literal_set_add(&lit[1], "xa");
    for (size_t id = 0; id < 2; id++) {
        trigger_index_want_positions(t, id);
        trigger_index_add(t, id, &lit[id]);
    }
    assert_int_equal(trigger_index_build(t, &err), 0);
    trigger_positions_init(&pos, 2);
    for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
        size_t len = lengths[l];
        for (size_t at = 0; at + 16 <= len; at++) {
            uint8_t hit[2] = {0};
            size_t want[2][1200], n[2];
            for (size_t i = 0; i < len; i++) {
                text[i] = i % 7 == 3 ? 'x' : i % 7 == 4 ? 'a' : 'b'; /* "xa" every 7 bytes */
            }
            memcpy(text + at, lit[0].v[0], 16);
            trigger_scan(t, (const unsigned char *)text, len, true, hit, &pos);
            for (size_t id = 0; id < 2; id++) {
                n[id] = naive_starts(&lit[id], text, len, want[id]);
                assert_int_equal(hit[id], n[id] > 0);
                assert_int_equal(pos.list[id].count, n[id]);
                uint32_t k = pos.list[id].first;
                for (size_t i = 0; i < n[id]; i++, k = pos.v[k].next) {
                    assert_int_equal(pos.v[k].start, want[id][i]);
                }
                assert_int_equal(k, TRIGGER_NONE);
            }
            assert_int_equal(n[0], 1);
        }
    }
    trigger_positions_release(&pos);
    literal_set_release(&lit[0]);
    literal_set_release(&lit[1]);
    trigger_index_free(t);
}

/* With a thread to spare, the automaton for non-ASCII text is built on it: scans wait for it. */
static void
scans_list_every_occurrence_when_built_in_the_background(void **state)
{
    (void)state;
    check_scans_list_every_occurrence_in_order(2);
}

/* Without one, the first scan of a non-ASCII text builds it; ASCII texts never need it. */
static void
scans_list_every_occurrence_when_built_by_the_first_scan_needing_it(void **state)
{
    (void)state;
    check_scans_list_every_occurrence_in_order(1);
}

struct first_scan {
    const struct trigger_index *t;
    uint8_t hit[2];
};

static void *
scan_once(void *arg)
{
    struct first_scan *f = arg;
    static const char text[] = "caf\xc3\xa9 au lait";

    trigger_scan(f->t, (const unsigned char *)text, sizeof(text) - 1, false, f->hit, NULL);
    return NULL;
}

/* Threads whose first non-ASCII texts arrive together: one builds the automaton, all see it. */
static void
concurrent_first_scans_share_one_lazy_build(void **state)
{
    struct literal_set a = {0}, b = {0};
    struct trigger_index *t = trigger_index_new(2);
    struct first_scan f[4];
    pthread_t th[4];
    struct err err;
    (void)state;

    literal_set_add(&a, "caf\xc3\xa9");
    literal_set_add(&b, "lait");
    trigger_index_add(t, 0, &a);
    trigger_index_add(t, 1, &b);
    assert_int_equal(trigger_index_build_on(t, 1, &err), 0);
    for (int i = 0; i < 4; i++) {
        f[i] = (struct first_scan){t, {0, 0}};
        assert_int_equal(pthread_create(&th[i], NULL, scan_once, &f[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(f[i].hit[0], 1);
        assert_int_equal(f[i].hit[1], 1);
    }
    literal_set_release(&a);
    literal_set_release(&b);
    trigger_index_free(t);
}

/* Append units chosen at random (seed) to text until it holds at least max bytes. */
static size_t
random_text(char *text, size_t max, const char *const *units, size_t n_units, uint32_t *seed)
{
    size_t len = 0;

    while (len < max) {
        *seed = *seed * 1103515245u + 12345u;
        const char *u = units[(*seed >> 16) % n_units];
        memcpy(text + len, u, strlen(u));
        len += strlen(u);
    }
    return len;
}

/*
 * Literals with a byte >= 0x80 have an automaton of their own, run only near such bytes (as four
 * streams where they are dense): on random texts of ASCII runs long and short between multi-byte
 * characters, every id (literals of one id in both automata, their hits interleaved; a 16-byte
 * literal whose only high bytes are at its end) is marked exactly when one of its literals
 * occurs, and the positions listed are every start, in order, at the text's start and end and
 * where windows overlap included.
 */
static void
non_ascii_text_finds_every_literal_as_a_naive_search_does(void **state)
{
    static const char *const sets[][4] = {
        {"ab", "a\xc3\xa9",
         "\xc3\xa9"
         "b",
         "b a"},
        {"\xd0\xb6\xd0\xb6", "x\xd0\xb6", "\xc3\xa9 \xd0\xb6 a", "bb"},
        {"\xc3\xa9\xc3\xa9\xc3\xa9", "xb", NULL, NULL},
        {"xxxxxxxxxxxxxx\xc3\xa9", "xa", NULL, NULL}};
    static const char *const units[] = {
        "a", "b", " ", "x", "\xc3\xa9", "\xd0\xb6", "\xc3\xa9", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    static const char *const fixed[] = {"\xc3\xa9"
                                        "b a\xc3\xa9",
                                        "a\xc3\xa9", "\xd0\xb6\xd0\xb6",
                                        "xxxxxxxxxxxxxx\xc3\xa9"
                                        "ab"
                                        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\xc3\xa9"
                                        "b"};
    struct literal_set lit[4] = {{0}};
    struct trigger_index *t = trigger_index_new(4);
    struct trigger_positions pos;
    struct err err;
    static char text[4000];
    static size_t want[4 * 4000];
    uint32_t seed = 5;
    (void)state;

    for (size_t id = 0; id < 4; id++) {
        for (size_t k = 0; k < 4 && sets[id][k]; k++) {
            literal_set_add(&lit[id], sets[id][k]);
        }
        if (id != 2) {
            trigger_index_want_positions(t, id);
        }
        trigger_index_add(t, id, &lit[id]);
    }
    assert_int_equal(trigger_index_build(t, &err), 0);
    trigger_positions_init(&pos, 4);
    for (size_t round = 0; round < 800; round++) {
        uint8_t hit[4] = {0};
        size_t len;
        if (round < sizeof(fixed) / sizeof(fixed[0])) {
            len = strlen(fixed[round]);
            memcpy(text, fixed[round], len);
        } else if (round % 3 != 2) {
            /* the long ASCII run in every other text, to part the windows */
            seed = seed * 1103515245u + 12345u;
            size_t n_units = round % 3 ? 7 : 8, max = (seed >> 16) % (sizeof(text) - 64);
            len = random_text(text, max, units, n_units, &seed);
        } else {
            /* long ASCII runs, one character between them */
            seed = seed * 1103515245u + 12345u;
            size_t max = (seed >> 16) % (sizeof(text) / 2 - 64);
            len = random_text(text, max, units, 4, &seed);
            memcpy(text + len, "\xd0\xb6", 2);
            len += 2;
            len += random_text(text + len, max, units, 4, &seed);
        }
        trigger_scan(t, (const unsigned char *)text, len, false, hit, &pos);
        assert_false(pos.overflow);
        for (size_t id = 0; id < 4; id++) {
            size_t n = naive_starts(&lit[id], text, len, want);
            assert_int_equal(hit[id], n > 0);
            if (id != 2) {
                assert_positions(&pos, (uint32_t)id, want, n);
            }
        }
    }
    trigger_positions_release(&pos);
    for (size_t id = 0; id < 4; id++) {
        literal_set_release(&lit[id]);
    }
    trigger_index_free(t);
}

/*
 * A literal looked for in non-ASCII text only is found anywhere in it, far from any byte >= 0x80
 * too, with its position; ASCII text does not report it.
 */
static void
literal_for_non_ascii_text_only_is_found_far_from_any_high_byte(void **state)
{
    struct literal_set only = {0}, any = {0};
    struct trigger_index *t = trigger_index_new(2);
    struct trigger_positions pos;
    struct err err;
    char text[200];
    (void)state;

    literal_set_add(&only, "secret");
    literal_set_add(&any, "caf\xc3\xa9");
    trigger_index_want_positions(t, 0);
    trigger_index_add_non_ascii(t, 0, &only);
    trigger_index_add(t, 1, &any);
    assert_int_equal(trigger_index_build(t, &err), 0);
    trigger_positions_init(&pos, 2);
    memset(text, ' ', sizeof(text));
    memcpy(text, "secret", 6);
    memcpy(text + sizeof(text) - 5, "caf\xc3\xa9", 5);
    for (int ascii = 0; ascii <= 1; ascii++) {
        uint8_t hit[2] = {0};
        /* as ASCII text: the same bytes without the last character */
        size_t len = ascii ? sizeof(text) - 2 : sizeof(text);
        trigger_scan(t, (const unsigned char *)text, len, ascii, hit, &pos);
        assert_int_equal(hit[0], !ascii);
        assert_int_equal(hit[1], !ascii);
        assert_int_equal(pos.list[0].count, !ascii);
        if (!ascii) {
            assert_int_equal(pos.v[pos.list[0].first].start, 0);
        }
    }
    trigger_positions_release(&pos);
    literal_set_release(&only);
    literal_set_release(&any);
    trigger_index_free(t);
}

/* ASCII text scans the same as written as folded: the automaton reads "A" as "a", a tab as " ". */
static void
ascii_text_scans_the_same_unfolded_as_folded(void **state)
{
    static const char *const sets[][3] = {{"ab c", "cab", NULL}, {"b", "zz", "a  b"}};
    static const char *const units[] = {"a", "A", "b", "B", " ", "\t", "c", "C", "z", "Z"};
    struct literal_set lit[2] = {{0}};
    struct trigger_index *t = trigger_index_new(2);
    struct trigger_positions raw_pos, folded_pos;
    struct buf folded;
    struct err err;
    char text[600];
    uint32_t seed = 11;
    (void)state;

    for (size_t id = 0; id < 2; id++) {
        for (size_t k = 0; k < 3 && sets[id][k]; k++) {
            literal_set_add(&lit[id], sets[id][k]);
        }
        trigger_index_want_positions(t, id);
        trigger_index_add(t, id, &lit[id]);
    }
    assert_int_equal(trigger_index_build(t, &err), 0);
    trigger_positions_init(&raw_pos, 2);
    trigger_positions_init(&folded_pos, 2);
    buf_init(&folded, BUF_NO_MAX);
    for (int round = 0; round < 400; round++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        size_t max = (seed >> 16) % (sizeof(text) - 1);
        while (len < max) {
            seed = seed * 1103515245u + 12345u;
            text[len++] = units[(seed >> 16) % 10][0];
        }
        uint8_t raw_hit[2] = {0}, folded_hit[2] = {0};
        assert_int_equal(literals_fold((const unsigned char *)text, len, &folded, &err), 0);
        trigger_scan(t, (const unsigned char *)text, len, true, raw_hit, &raw_pos);
        trigger_scan(t, folded.data, folded.len, true, folded_hit, &folded_pos);
        for (size_t id = 0; id < 2; id++) {
            assert_int_equal(raw_hit[id], folded_hit[id]);
            assert_int_equal(raw_pos.list[id].count, folded_pos.list[id].count);
            for (uint32_t a = raw_pos.list[id].first, b = folded_pos.list[id].first;
                 a != TRIGGER_NONE; a = raw_pos.v[a].next, b = folded_pos.v[b].next) {
                assert_int_equal(raw_pos.v[a].start, folded_pos.v[b].start);
            }
        }
    }
    buf_release(&folded);
    trigger_positions_release(&raw_pos);
    trigger_positions_release(&folded_pos);
    for (size_t id = 0; id < 2; id++) {
        literal_set_release(&lit[id]);
    }
    trigger_index_free(t);
}

/* The anchor's lead (bytes, runs of blanks, runs of word characters). */
static struct literal_lead
anchor_lead(const char *re, struct literal_set *anchor)
{
    struct literal_set a, b;
    struct literal_lead lead;
    struct literal_runs runs;

    literals_analyse(re, &a, &b, anchor, &lead, &runs);
    literal_set_release(&a);
    literal_set_release(&b);
    return lead;
}

/* The anchor's lead in bytes of non-ASCII text (4 a character); *blanks gets how many runs of
 * spaces and tabs it adds. */
static size_t
anchor_blanks(const char *re, struct literal_set *anchor, size_t *blanks)
{
    struct literal_lead lead = anchor_lead(re, anchor);

    *blanks = lead.blanks;
    return lead.words || lead.spaces ? LITERALS_NO_LEAD - 1
                                     : literals_lead_bytes(lead, LITERALS_CHAR_BYTES_MAX, 0, 0, 0);
}

static size_t
anchor_of(const char *re, struct literal_set *anchor)
{
    size_t blanks;
    size_t bytes = anchor_blanks(re, anchor, &blanks);

    return blanks ? LITERALS_NO_LEAD - 1 : bytes; /* only the byte-bounded cases call this */
}

/* The anchor's lead bounds how far before its literal a match can start, in bytes (4 a char). */
/* A literal that is a very common word ("the", "you", "about") loses to a rarer one of three
 * bytes or more, but still beats a shorter one. */
static void
common_words_make_poor_anchors(void **state)
{
    struct literal_set a;

    (void)state;
    (void)anchor_lead("(?:regards|all[ \\t]+the[ \\t]+best)[ \\t]*,", &a);
    /* (each followed by what may come next: a blank or the comma) */
    assert_true(has(&a, " best,") && has(&a, " best ") && has(&a, "regards,"));
    assert_false(has(&a, " the "));
    literal_set_release(&a);
    (void)anchor_lead("\\byou[ \\t]+x", &a);
    assert_true(has(&a, "you x") && has(&a, "you  "));
    literal_set_release(&a);
    /* the list is English's hundred most common words: "about" and "people" are in it */
    (void)anchor_lead("\\b(?:locate|find[ \\t]+out[ \\t]+about)[ \\t]+x", &a);
    assert_true(has(&a, "find o") && has(&a, "locate "));
    assert_false(has(&a, " about"));
    literal_set_release(&a);
    (void)anchor_lead("\\b(?:people|folks)[ \\t]+(?:hate|despise)[ \\t]", &a);
    assert_true(has(&a, " hate ") && has(&a, " despise "));
    literal_set_release(&a);
}

/*
 * A literal goes on with the characters one of which follows it wherever it was offered: "hi"
 * then "[ \\t]*[,!.]?[ \\t]+" requires "hi ", "hi,", "hi!" or "hi.", far rarer than "hi" ("his",
 * "high"). The sets chosen are those the literals alone would give; a literal that anything may
 * follow somewhere (a class like \\d, \\p{Lu}, the end of the match) stays as it is.
 */
static void
literals_go_on_with_the_characters_that_follow_them(void **state)
{
    struct literal_set a, b;

    (void)state;
    assert_int_equal(literals_required2("\\b(?:hi|hello)[ \\t]*[,!.]?[ \\t]+\\p{Lu}", &a, &b), 2);
    assert_int_equal(a.n, 8);
    assert_true(has(&a, "hi ") && has(&a, "hi,") && has(&a, "hi!") && has(&a, "hi.") &&
                has(&a, "hello ") && has(&a, "hello.") && !has(&a, "hi"));
    literal_set_release(&a);
    literal_set_release(&b);
    /* a group of branches: its first characters, a blank, a CR or a line break */
    assert_int_equal(
        literals_required2("my[ \\t]+(?:friend|boss)(?:[ \\t]+|[ \\t]*\\r?\\n)\\p{Lu}", &a, &b), 2);
    assert_true(has(&a, " friend ") && has(&a, " friend\r") && has(&a, " friend\n") &&
                has(&a, " boss ") && !has(&a, " friend"));
    assert_true(has(&b, "my f") && has(&b, "my b") && has(&b, "my  ") && !has(&b, "my "));
    literal_set_release(&a);
    literal_set_release(&b);
    /* a repeated group: another of its turns, or what comes after */
    assert_int_equal(literals_required2("(?:kitten,?)+x", &a, &b), 2);
    assert_true(has(&a, "kittenk") && has(&a, "kittenx") && has(&a, "kitten,k") &&
                has(&a, "kitten,x") && a.n == 4);
    literal_set_release(&a);
    literal_set_release(&b);
    /* followed by anything in one place: it stays, there and wherever else it is offered */
    assert_int_equal(literals_required2("(?:kitten[ \\t]+\\p{Lu}|kitten\\d)", &a, &b), 1);
    assert_true(has(&a, "kitten") && has(&a, "kitten ") && a.n == 2);
    literal_set_release(&a);
    assert_int_equal(literals_required2("xx|kitten", &a, &b), 1);
    assert_true(has(&a, "kitten") && has(&a, "xx") && a.n == 2);
    literal_set_release(&a);
}

/*
 * What a positive look-ahead or look-behind requires is in the text too: it gates the pattern
 * where it filters better than what the pattern's own items require (a digit-word run before
 * its cue, gated on a blank, is gated on the cue instead); a negative one requires nothing.
 */
static void
positive_look_arounds_require_their_literals(void **state)
{
    struct literal_set a, b;

    (void)state;
    assert_int_equal(literals_required2("(?:one|two)(?:[ \\t]+(?:one|two)){3,}"
                                        "(?=[ \\t]+(?:is[ \\t]+)?(?:my[ \\t]+)?(?:bsn|nino)\\b)",
                                        &a, &b),
                     2);
    assert_true(has(&a, "bsn") && has(&a, "nino") && a.n == 2);
    literal_set_release(&a);
    literal_set_release(&b);
    assert_int_equal(literals_required2("(?<=(?:cpf|dni)[ \\t]*:[ \\t]*)\\d+", &a, &b), 2);
    assert_true(has(&a, "cpf:") && has(&a, "dni:") && has(&a, "cpf "));
    literal_set_release(&a);
    literal_set_release(&b);
    /* a negative one, or one no better than the items' own set, adds nothing */
    assert_int_equal(literals_required2("(?!(?:cpf|dni)[ \\t]*:)\\d+", &a, &b), 0);
    assert_int_equal(
        literals_required2("my[ \\t]+(?:friend|boss)[ \\t]+(?=[ \\t]*(?:is|has))\\p{Lu}", &a, &b),
        2);
    assert_false(has(&a, "is") || has(&b, "is"));
    literal_set_release(&a);
    literal_set_release(&b);
}

/* What the byte before a match must not be, read off the assertions a regex starts with. */
/*
 * An anchor far into a match still has a left context: what every match has right before the
 * anchor's literal ("\\s+" or "\\b" before a word), through optional items, alternatives and
 * repetitions, and nothing when some match may have a word character there.
 */
static void
anchor_left_context_holds_wherever_the_anchor_lies(void **state)
{
    static const struct {
        const char *re;
        bool want;
    } cases[] = {
        {"how\\s+(?:\\w+\\s+){0,3}(?:rob|con)\\b", true},
        {"(?m)^[ \\t]*(?:(?i:human|user)[ \\t]*:[ \\t]*)?(?:dear|hi)[ \\t]+\\p{Lu}", true},
        {"\\w+\\s*\\b(?:hi|hello)[,!]", true},
        {"(?:\\s+|-)(?:hi|hello)x", true},
        {"\\b(?:x\\s)+(?:hi|hello)", true},
        {"[:=|] *(?:name|user)", true},
        /* a match may have a word character right before the literal */
        {"how(?:\\w+\\s+){0,3}(?:rob|con)\\b", false},
        {"(?:\\w+\\s+){0,3}(?:rob|con)\\b", false},
        {"x(?:ab|cd)?(?:hi|hello)", false},
        {"\\b(?:[ \\t]*|x)(?:hi|hello)", false},
        {"\\w+\\s*\\b(?:hi|-hello)", false},
        {"[^a](?:hi|hello)", false},
        {"[a-c;](?:hi|hello)", false},
        {"\\b[0-9]{3}-x", false},
        {"\\b(?:my|his)[ \\t]+name", false},
        {"(?i)[\xc5\xbf;]{1,3}(?:hi|hello)", false}, /* U+017F long s matches 's' caselessly */
        {"(?i)[,;]{1,3}(?:hi|hello)", true},
        {"(?:\\d\\s?){1,4}(?:hi|hello)", false},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct literal_set a, b, anchor;
        struct literal_lead lead;
        struct literal_runs runs;
        bool left;
        literals_analyse_left(cases[i].re, &a, &b, &anchor, &lead, &left, &runs);
        if (anchor.n == 0 || left != cases[i].want) {
            fail_msg("%s: %zu anchors, left %d, expected %d", cases[i].re, anchor.n, (int)left,
                     (int)cases[i].want);
        }
        literal_set_release(&a);
        literal_set_release(&b);
        literal_set_release(&anchor);
    }
}

static void
left_context_comes_from_the_assertions_every_match_starts_with(void **state)
{
    static const struct {
        const char *re;
        uint32_t options;
        bool word_first;
        enum left_context want;
    } cases[] = {
        {"(?<![\\p{L}])(?:mr|ms)\\.? x", 0, true, LEFT_NOT_LETTER},
        {"(?<![\\w])one", 0, true, LEFT_NOT_WORD},
        {"(?<![A-Za-z0-9_.-])x", 0, true, LEFT_NOT_WORD},
        {"(?<![A-Za-z])x", 0, true, LEFT_NOT_LETTER},
        {"(?<![a-z])x", 0, true, LEFT_ANY},
        {"(?<![a-z])x", PCRE2_CASELESS, true, LEFT_NOT_LETTER},
        {"(?i)(?<![a-z])x", 0, true, LEFT_NOT_LETTER},
        {"(?<![0-9])x", 0, true, LEFT_ANY},
        {"(?<![^\\w])x", 0, true, LEFT_ANY},
        {"\\bher ", 0, true, LEFT_NOT_WORD},
        {"\\b her", 0, false, LEFT_ANY},
        {"(?i:\\b(?:my|her)[ \t]+)\\p{Lu}", 0, true, LEFT_NOT_WORD},
        {"(?=\\p{Lu})(?<![\\p{L}])x", 0, true, LEFT_NOT_LETTER},
        {"(?<![\\w])(?<pii>x)", 0, true, LEFT_NOT_WORD},
        /* not every match goes through the assertion */
        {"(?<![\\w])one|two", 0, true, LEFT_ANY},
        {"(?:(?<![\\w])one|two)", 0, true, LEFT_ANY},
        {"(?:(?<![\\w]))?one", 0, true, LEFT_ANY},
        {"(?<![\\w])?one", 0, true, LEFT_ANY},
        {"\\b?one", 0, true, LEFT_ANY},
        {"(?<![\\w])one", PCRE2_EXTENDED, true, LEFT_ANY},
        {"x(?<![\\w])one", 0, true, LEFT_ANY},
        {"(one)(?<![\\w])", 0, true, LEFT_ANY},
        /* a leading (?x): white space between items is skipped, a quantifier after it counts */
        {"(?x)\n  (?<![\\p{L}\\p{M}])\n  (?i:hola|oi)", 0, true, LEFT_NOT_LETTER},
        {"(?x) \\b (?:hola|oi)", 0, true, LEFT_NOT_WORD},
        {"(?x) (?<![\\w]) one", 0, true, LEFT_NOT_WORD},
        {"(?x) (?<![\\w]) ? one", 0, true, LEFT_ANY},
        {"(?x) \\b ? one", 0, true, LEFT_ANY},
        {"(?x) (?<![\\w]) one # a (comment\n | two", 0, true, LEFT_ANY},
        {"(?x) (?<![\\w]) one | two", 0, true, LEFT_ANY},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum left_context got =
            regex_left_context(cases[i].re, cases[i].options, cases[i].word_first);
        if (got != cases[i].want) {
            fail_msg("%s: %d, expected %d", cases[i].re, (int)got, (int)cases[i].want);
        }
    }
}

static void
anchor_lead_bounds_the_bytes_before_the_literal(void **state)
{
    struct literal_set s;
    (void)state;

    assert_int_equal(anchor_of("(?i)\\b(?:my name is|call me)\\s+(?<pii>\\p{Lu}\\w+)", &s), 0);
    assert_true(has(&s, "my name is") && has(&s, "call me"));
    literal_set_release(&s);
    assert_int_equal(anchor_of("x{2,3}abc", &s), 8); /* the last x starts the literal "xabc" */
    literal_set_release(&s);
    assert_int_equal(anchor_of("(?:ab|c{0,2}de)xyz", &s), 16);
    assert_true(has(&s, "xyz"));
    literal_set_release(&s);
    assert_int_equal(anchor_of("(?<![\\w])\\d{3}-\\d{4} ext", &s), 32);
    literal_set_release(&s);
    /* The shorter literal at a known distance is the anchor, not the longer one after .+ */
    assert_int_equal(anchor_of("\\bmon.+voisin(?:e)?", &s), 0);
    assert_true(has(&s, "mon"));
    literal_set_release(&s);
    /* An optional group either matched (its own anchor comes first) or consumed nothing. */
    assert_int_equal(anchor_of("(?:home.+)?(?:address|number)\\s+of", &s), 0);
    assert_true(has(&s, "home") && has(&s, "address") && has(&s, "number"));
    literal_set_release(&s);
    /* ...or, when it has a bound, the literal after it anchors on its own */
    struct literal_lead lead = anchor_lead("(?:home\\s+)?(?:address|number)\\s+of", &s);
    assert_true(!has(&s, "home") && has(&s, "address") && has(&s, "number"));
    assert_int_equal(lead.chars, 4);
    assert_int_equal(lead.spaces, 1);
    literal_set_release(&s);
    assert_int_equal(anchor_of("(?:a|)bc", &s), 4); /* an optional part without an anchor */
    literal_set_release(&s);
    /* \R may take CR LF: two characters before the literal, not one */
    assert_int_equal(anchor_of("\\d\\Rxyz", &s), 12);
    assert_true(has(&s, "xyz"));
    literal_set_release(&s);
    /* the patterns of windowed_search_finds_what_a_full_search_finds (test_scrub_engine.c) */
    assert_int_equal(anchor_of("x{0,3}key\\s?=\\s?\\d+", &s), 12);
    literal_set_release(&s);
    assert_int_equal(anchor_of("(?i)(?<![\\w])(?:mon|name is)\\s+(?<pii>\\p{Lu}\\p{Ll}+)", &s), 0);
    literal_set_release(&s);
    /* "-?zz" is "-zz" or "zz", right after the two digits */
    assert_int_equal(anchor_of("(?:ab){1,3}zz|\\d{2}-?zz", &s), 8);
    assert_true(has(&s, "-zz") && has(&s, "zz"));
    literal_set_release(&s);
    assert_int_equal(anchor_of("(?i)\\bk\\w{0,2}y", &s), 0);
    literal_set_release(&s);
    assert_int_equal(anchor_of("(?:ab\\s+)?(?:xx)*name\\s+is", &s), 0);
    /* "xx" is followed by more of them or "name" */
    assert_true(has(&s, "ab") && has(&s, "xxx") && has(&s, "xxn") && has(&s, "name"));
    literal_set_release(&s);
    /*
     * A branch anchored later (" morning", after "good" and blanks) would give every literal
     * its lead; its first word is as good an anchor there, and with it every literal starts
     * the match, where the left context can rule "hi" in "this" out without a search.
     */
    assert_int_equal(
        anchor_of("(?i:\\b(?:hi|hello|good[ \\t]+(?:morning|night))[ \\t]+)\\p{Lu}\\w+", &s), 0);
    assert_true(has(&s, "hi ") && has(&s, "hello ") && has(&s, "good m") && !has(&s, " morning"));
    literal_set_release(&s);
    /* ...nor when they hold more very common words ("i " in "I think" for "i am") */
    lead = anchor_lead("(?i:\\b(?:i'm|i[ \\t]+am|im)[ \\t]+)\\p{Lu}", &s);
    assert_true(has(&s, " am ") && !has(&s, "i "));
    literal_set_release(&s);
    /* ...nor when the lead-0 literals filter worse than the later ones */
    lead = anchor_lead("(?:my|our|the)[ \\t]+(?:pw|password)[ \\t]+is", &s);
    assert_true(has(&s, " pw i") && has(&s, " password i") && !has(&s, "my"));
    assert_int_equal(lead.chars, 3);
    literal_set_release(&s);
}

/* "[ \\t]+" is unbounded, but in a given text no longer than its longest run of blanks. */
static void
blank_runs_count_as_the_longest_run_in_the_text(void **state)
{
    struct literal_set s;
    size_t blanks;
    (void)state;

    /* " vizinho" (not "o") anchors: "o" and "meu" (4 bytes a char) and two blank runs before it */
    assert_int_equal(anchor_blanks("\\b(?:o[ \\t]+meu|meu)[ \\t]+(?:vizinho|vizinha)", &s, &blanks),
                     16);
    assert_int_equal(blanks, 2);
    assert_true(has(&s, " vizinho") && has(&s, " vizinha"));
    literal_set_release(&s);
    assert_int_equal(anchor_blanks("(?:x[ \\t]*){3}yz", &s, &blanks), 12);
    assert_int_equal(blanks, 3);
    literal_set_release(&s);
    assert_int_equal(anchor_blanks("x[ \\t]{2,3}abc", &s, &blanks), 6); /* " abc" after x and 2 */
    assert_int_equal(blanks, 0);
    literal_set_release(&s);
    /* \\s also matches line breaks and Unicode spaces: not a blank run (see the next test) */
    assert_int_equal(anchor_lead("x\\s+abc", &s).blanks, 0);
    literal_set_release(&s);
}

/* "\\s+" is unbounded, but in a given text no longer than its longest run of white-space bytes. */
static void
space_runs_count_as_the_longest_white_space_run_in_the_text(void **state)
{
    struct literal_set s;
    struct literal_lead lead;
    (void)state;

    lead = anchor_lead("x\\s+abc", &s);
    assert_true(has(&s, "abc") && !has(&s, "x"));
    assert_int_equal(lead.chars, 1);
    assert_int_equal(lead.spaces, 1);
    assert_int_equal(lead.blanks, 0);
    literal_set_release(&s);
    /* classes of white space only, and \\h and \\v, are runs too; "[\\s.]" is not */
    /* w11 of windowed_search_finds_what_a_full_search_finds (test_scrub_engine.c) */
    lead = anchor_lead("(?i)(?<![\\w])x[\\s]*\\h?\\s+(?:ab\\s+)?name", &s);
    assert_true(has(&s, "name") && !has(&s, "x"));
    assert_int_equal(lead.spaces, 3);
    literal_set_release(&s);
    lead = anchor_lead("\\bmon[\\s\\t]*\\h+[ \\n]+\\v{1,2}voisin", &s);
    assert_true(has(&s, "voisin"));
    assert_int_equal(lead.spaces, 3);
    assert_int_equal(lead.chars, 5); /* "mon" and the two of \\v{1,2} */
    literal_set_release(&s);
    assert_int_equal(anchor_lead("\\bmon[\\s.]+voisin", &s).bytes, 0);
    assert_true(has(&s, "mon") && !has(&s, "voisin"));
    literal_set_release(&s);
    /* a negated class is not white space */
    lead = anchor_lead("\\bmon[^\\s]+voisin", &s);
    assert_true(has(&s, "mon"));
    literal_set_release(&s);
}

static void
no_anchor_when_the_start_is_unbounded_or_search_dependent(void **state)
{
    struct literal_set s;
    (void)state;

    assert_int_equal(anchor_of("[\\w.]+@example", &s),
                     LITERALS_NO_LEAD); /* '.' is not a word byte */
    assert_int_equal(s.n, 0);
    assert_int_equal(anchor_of("\\Gabc", &s), LITERALS_NO_LEAD);
    assert_int_equal(anchor_of("(*SKIP)abc", &s), LITERALS_NO_LEAD);
    assert_int_equal(anchor_of("(.)\\1xyz", &s), LITERALS_NO_LEAD); /* a back reference's width */
    assert_int_equal(anchor_of("\\X{2}xyz", &s), LITERALS_NO_LEAD);
    assert_int_equal(anchor_of("abc|[^x]+def", &s), LITERALS_NO_LEAD); /* one branch unbounded */
}

/* Whether the byte prefilter read from src needs exactly the bytes of one set, those of want. */
static bool
source_needs_only(const char *src, const char *want)
{
    struct prefilter pre = {0};
    struct byte_set w = {{0}};

    prefilter_add_source(&pre, src, false, false);
    for (const char *c = want; *c; c++) {
        w.bits[(unsigned char)*c / 64] |= (uint64_t)1 << ((unsigned char)*c % 64);
    }
    return *want ? pre.n_need == 1 && !memcmp(&pre.need[0], &w, sizeof(w)) : pre.n_need == 0;
}

/*
 * A branch that never matches requires nothing: "skip this and search on", X(*SKIP)(*FAIL)|Y,
 * requires what Y does, literals and bytes (e8f5bd3's e-mail patterns lost their gate to such
 * a branch). (*SKIP) still rules out an anchor, as the search start decides what it skips;
 * (*FAIL) alone does not. (*ACCEPT) ends a match early: nothing after it is required.
 */
static void
branches_that_never_match_require_nothing(void **state)
{
    static const char skip[] =
        "(?:(?i:\\b[a-z]{2,8}://[^\\s:@]{0,64}:[^\\s@]{3,64}@)(*SKIP)(*FAIL))|";
    char re[256];
    struct literal_set s;
    (void)state;

    (void)snprintf(re, sizeof(re), "%s\\b[a-z.]{1,64}@mail\\.org", skip);
    assert_true(literals_required(re, &s));
    assert_int_equal(s.n, 1);
    assert_true(has(&s, "@mail.org"));
    literal_set_release(&s);
    assert_int_equal(anchor_of(re, &s), LITERALS_NO_LEAD);
    assert_int_equal(s.n, 0);
    assert_int_equal(anchor_of("x(*FAIL)|abc", &s), 0);
    assert_true(s.n == 1 && has(&s, "abc"));
    literal_set_release(&s);
    assert_true(literals_required("(?:x(?!)|y(*F))|abc", &s));
    assert_true(s.n == 1 && has(&s, "abc"));
    literal_set_release(&s);
    /* optional, or in a negative look-ahead, a failure fails nothing */
    assert_true(literals_required("(?:xyz(*FAIL))?abc|(?!q(*FAIL))def", &s));
    assert_true(s.n == 2 && has(&s, "abc") && has(&s, "def"));
    literal_set_release(&s);
    assert_false(literals_required("a(*ACCEPT)bcd", &s));
    assert_false(literals_required("abc(*FAIL)", &s)); /* never matches: left to the regex */
    /* the bytes too: '@' is in every match */
    (void)snprintf(re, sizeof(re), "%s[a-z]+@[a-z]+", skip);
    assert_true(source_needs_only(re, "@"));
    assert_true(source_needs_only("x|[a-z]+@[a-z]+", ""));
    assert_true(source_needs_only("(?:x(*FAIL)|y)|[a-z]+@[a-z]+", ""));
    assert_true(source_needs_only("a(*ACCEPT)@", ""));
}

/* Whether the byte prefilter read from src for subjects of kind any needs a byte >= 0x80. */
static bool
source_needs_beyond_ascii(const char *src, bool any)
{
    struct prefilter pre = {0};

    prefilter_add_source(&pre, src, false, any);
    for (size_t i = 0; i < pre.n_need; i++) {
        const uint64_t *b = pre.need[i].bits;
        if (!b[0] && !b[1] && b[2] == ~(uint64_t)0 && b[3] == ~(uint64_t)0) {
            return true;
        }
    }
    return false;
}

/*
 * What a look-ahead or look-behind requires is in the text too, and a property no ASCII
 * character has ("\\p{Han}", alone or a class of such) needs a byte >= 0x80: an ASCII text
 * closes the gate. A negative look-around, or a class or property an ASCII character can match,
 * requires nothing; nor does any of this on text that is not ASCII.
 */
static void
look_arounds_and_scripts_require_their_bytes(void **state)
{
    (void)state;

    assert_true(source_needs_only("(?<=#)\\w+", "#"));
    assert_true(source_needs_only("(?=\\w*@)\\w+", "@"));
    assert_true(source_needs_only("(?!\\w*@)\\w+", ""));
    assert_true(source_needs_only("(?<!#)\\w+", ""));
    assert_true(source_needs_only("(?:(?=\\w*@))?\\w+", ""));
    assert_true(source_needs_beyond_ascii(
        "(?i)(?<=[\\p{Cyrillic}\\p{Greek}\\p{Han}])(?:['\xe2\x80\x99]s|[ \\t]is)", false));
    assert_true(source_needs_beyond_ascii("\\p{Hangul}{2,4}", false));
    assert_true(source_needs_beyond_ascii("x\\p{Arabic}+", false));
    assert_false(source_needs_beyond_ascii("x\\p{Arabic}+", true));
    assert_false(source_needs_beyond_ascii("x\\p{L}+", false));
    assert_false(source_needs_beyond_ascii("x\\P{Han}", false));
    assert_false(source_needs_beyond_ascii("x[^\\p{Han}]", false));
    assert_false(source_needs_beyond_ascii("x[\\p{Han}a]", false));
    assert_false(source_needs_beyond_ascii("x[\\p{Han}\\-]", false));
    assert_false(source_needs_beyond_ascii("x\\p{Han}?", false));
    assert_false(source_needs_beyond_ascii("(?!\\p{Han})x", false));
}

/*
 * A required class of ASCII digits anchors a pattern that requires no literal, at the width of
 * what comes before it; "\\d" (other scripts' digits too), an optional class, a class with
 * letters and a look-ahead do not.
 */
static void
digit_classes_anchor_patterns_without_literals(void **state)
{
    struct literal_set s;
    (void)state;

    assert_int_equal(anchor_of("(?<![\\w])[0-9]{9}(?![\\w])", &s), 0);
    assert_int_equal(s.n, 10);
    assert_true(has(&s, "0") && has(&s, "9"));
    literal_set_release(&s);
    struct literal_lead lead = anchor_lead("[A-Za-z]{2} ?[2-9][0-9]{2}", &s);
    assert_int_equal(s.n, 10);
    assert_int_equal(lead.chars, 2);
    assert_int_equal(lead.bytes, 1);
    literal_set_release(&s);
    /* after an optional group of no bound, that group's anchor joins the digits at lead 0 */
    assert_int_equal(anchor_of("(?:apt.+ )?[0-9]{1,4}", &s), 0);
    assert_true(has(&s, "apt") && has(&s, "5"));
    literal_set_release(&s);
    /* a literal filters better: it stays the anchor */
    assert_int_equal(anchor_of("[0-9]{3}abc", &s), 12);
    assert_true(has(&s, "abc") && !has(&s, "3"));
    literal_set_release(&s);
    static const char *const none[] = {"\\d{9}", "[0-9]?\\w+", "[0-9A-F]{4}", "(?=[0-9]{3})\\w+",
                                       "[^0-9]{3}"};
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        assert_int_equal(anchor_of(none[i], &s), LITERALS_NO_LEAD);
        assert_int_equal(s.n, 0);
    }
}

/*
 * A look-around requires nothing of the text, so a plain one (words, alternations, \\b) is
 * skipped without parsing; one with anything else is still read, so that what it holds (\\G, a
 * verb, syntax the analyser does not know) still rules the pattern out.
 */
static void
look_arounds_add_nothing_but_can_still_rule_a_pattern_out(void **state)
{
    struct literal_set with, without;
    static const char *const plain[] = {"(?!(?:The|And|Ça)\\b)", "(?<!\\w)",
                                        "(?=(?:a|b(?:c|d))\\s)", "(?<![\\w])"};
    (void)state;

    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        char re[128];
        (void)snprintf(re, sizeof(re), "%s\\p{Lu}\\w+ (?:smith|jones)", plain[i]);
        size_t n_with = anchor_of(re, &with);
        size_t n_without = anchor_of("\\p{Lu}\\w+ (?:smith|jones)", &without);
        assert_int_equal(n_with, n_without);
        assert_int_equal(with.n, 2);
        assert_true(has(&with, " smith") && has(&with, " jones"));
        literal_set_release(&with);
        literal_set_release(&without);
    }
    assert_int_equal(anchor_of("(?!(?:a|\\G))xyz", &with), LITERALS_NO_LEAD);
    assert_int_equal(anchor_of("(?!(?:a|(*SKIP)b))xyz", &with), LITERALS_NO_LEAD);
    assert_false(literals_required("(?!(?:a|\\c))xyz", &with)); /* \\c: not understood */
    assert_false(literals_required("(?!(?:a|b)xyz", &with));    /* never closed */
}

/* "\\p{Ll}+" is unbounded, but in a given text no longer than its longest run of word bytes. */
static void
word_runs_count_as_the_longest_word_run_in_the_text(void **state)
{
    struct literal_set s;
    struct literal_lead lead;
    (void)state;

    /* a capital (4 bytes), one run of word characters, "'s" (8), the last blank of a run */
    lead = anchor_lead("\\p{Lu}\\p{Ll}+'s[ \\t]+home", &s);
    assert_int_equal(literals_lead_bytes(lead, LITERALS_CHAR_BYTES_MAX, 0, 0, 0), 12);
    assert_int_equal(lead.words, 1);
    assert_int_equal(lead.blanks, 1);
    assert_true(has(&s, " home"));
    literal_set_release(&s);
    lead = anchor_lead("(?:\\w+[ \\t]+){0,2}\\d+ main", &s);
    assert_int_equal(lead.words, 3);
    assert_int_equal(lead.blanks, 2);
    literal_set_release(&s);
    lead = anchor_lead("[a-z_0-9\\p{L}\\p{M}]*@x", &s);
    assert_int_equal(lead.bytes, 0);
    assert_int_equal(lead.words, 1);
    literal_set_release(&s);
    /* a property with ASCII punctuation in it ("\\p{P}") is not a word class */
    assert_int_equal(anchor_lead("\\p{P}+@x", &s).bytes, LITERALS_NO_LEAD);
    literal_set_release(&s);
}

/* Where set's literals start in text (at most 8), as one positional trigger id records them. */
static size_t
positions_of(const struct literal_set *set, const char *text, size_t *starts)
{
    struct trigger_index *t = trigger_index_new(1);
    struct trigger_positions pos;
    uint8_t hit = 0;
    struct err err;
    size_t n = 0;

    trigger_index_want_positions(t, 0);
    trigger_index_add(t, 0, set);
    assert_int_equal(trigger_index_build(t, &err), 0);
    trigger_positions_init(&pos, 1);
    trigger_scan(t, (const unsigned char *)text, strlen(text), false, &hit, &pos);
    for (uint32_t k = pos.list[0].first; k != TRIGGER_NONE && n < 8; k = pos.v[k].next) {
        starts[n++] = pos.v[k].start;
    }
    trigger_positions_release(&pos);
    trigger_index_free(t);
    return n;
}

static void
positions_list_every_occurrence_in_text_order(void **state)
{
    struct literal_set a = {0};
    size_t starts[8];
    (void)state;

    assert_true(literals_required("cat|horse", &a));
    assert_int_equal(positions_of(&a, "horse, cat, horse", starts), 3);
    assert_int_equal(starts[0], 0);
    assert_int_equal(starts[1], 7);
    assert_int_equal(starts[2], 12);
    literal_set_release(&a);

    /* "c" ends (at 3) before "abcd" (at 4) but starts after it: the list is by start */
    literal_set_add(&a, "abcd");
    literal_set_add(&a, "c");
    assert_int_equal(positions_of(&a, "xabcdc", starts), 3);
    assert_int_equal(starts[0], 1);
    assert_int_equal(starts[1], 3);
    assert_int_equal(starts[2], 5);
    literal_set_release(&a);
}

/* Every match of the pattern contains one of its literals, whatever the subject. */
static void
trigger_is_present_in_every_match(void **state)
{
    static const struct {
        const char *re, *text;
    } cases[] = {
        {"(?i)\\bje\\s+m['’]appelle\\s+(\\p{Lu}\\p{Ll}+)", "JE M’APPELLE Zoé"},
        {"(?i)date\\s+of\\s+birth:?\\s*\\d+", "Date Of Birth 12"},
        {"x+yz", "xxxyz"},
        {"(?:ab|cd){2,}ef", "abcdef"},
        {"\\Qa.b\\E\\d", "a.b7"},
        {"(?<=\\$)\\d+(?=USD)", "$12USD"},
        {"gr(?:a|e)y", "grey"},
        {"(?i)ǅemal", "ǆemal"},
    };
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    struct buf folded;
    struct err err;
    (void)state;

    buf_init(&folded, BUF_NO_MAX);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)cases[i].re, PCRE2_ZERO_TERMINATED,
                                         PCRE2_UTF | PCRE2_UCP, &ec, &eo, NULL);
        struct literal_set s;
        assert_non_null(code);
        assert_true(pcre2_match(code, (PCRE2_SPTR)cases[i].text, strlen(cases[i].text), 0, 0, md,
                                NULL) > 0);
        if (literals_required(cases[i].re, &s)) {
            struct trigger_index *t = trigger_index_new(1);
            uint8_t hit = 0;
            trigger_index_add(t, 0, &s);
            assert_int_equal(trigger_index_build(t, &err), 0);
            assert_int_equal(literals_fold((const unsigned char *)cases[i].text,
                                           strlen(cases[i].text), &folded, &err),
                             0);
            trigger_scan(t, folded.data, folded.len, false, &hit, NULL);
            if (!hit) {
                fail_msg("case %zu: no literal of /%s/ found in its match", i, cases[i].re);
            }
            trigger_index_free(t);
            literal_set_release(&s);
        }
        pcre2_code_free(code);
    }
    buf_release(&folded);
    pcre2_match_data_free(md);
}

/* ---- the index as bytes (literals_store.c) ---- */

#define STORED_IDS 6

/*
 * The calls of a small load, noted in r or made on t: literals of both automata in one id, one
 * id for non-ASCII text only, ids with positions (one asked for after its literals were added,
 * as a set reused as an anchor is), a literal longer than the 16 bytes indexed.
 */
static void
stored_calls(struct trigger_recipe *r, struct trigger_index *t)
{
    static const char *const sets[STORED_IDS][4] = {
        {"ab", "a\xc3\xa9", "b a", NULL},
        {"\xd0\xb6\xd0\xb6", "x\xd0\xb6", "bb", NULL},
        {"\xc3\xa9\xc3\xa9\xc3\xa9", "xb", NULL, NULL},
        {"xxxxxxxxxxxxxx\xc3\xa9", "xa", "xxxxxxxxxxxxxxxxxxxxxxb", NULL},
        {"ba", "\xc3\xa9x", NULL, NULL},
        {"a b", NULL, NULL, NULL}};

    for (size_t id = 0; id < STORED_IDS; id++) {
        struct literal_set set = {0};
        for (size_t k = 0; k < 4 && sets[id][k]; k++) {
            literal_set_add(&set, sets[id][k]);
        }
        if (id == 0 || id == 3) {
            r ? trigger_recipe_want_positions(r, id) : trigger_index_want_positions(t, id);
        }
        if (id == 4) {
            r ? trigger_recipe_add_non_ascii(r, id, &set)
              : trigger_index_add_non_ascii(t, id, &set);
        } else {
            r ? trigger_recipe_add(r, id, &set) : trigger_index_add(t, id, &set);
        }
        if (id == 5) {
            r ? trigger_recipe_want_positions(r, id) : trigger_index_want_positions(t, id);
        }
        literal_set_release(&set);
    }
}

static struct trigger_recipe *
stored_recipe(void)
{
    struct trigger_recipe *r = trigger_recipe_new();

    stored_calls(r, NULL);
    return r;
}

static struct trigger_index *
built_from(const struct trigger_recipe *r, size_t n_ids)
{
    struct trigger_index *t = trigger_index_new(n_ids);
    struct err err;

    trigger_recipe_replay(r, t);
    assert_int_equal(trigger_index_build(t, &err), 0);
    return t;
}

/* What t's encoding reads back as (threads for trigger_index_start), or NULL. */
static struct trigger_index *
read_back(const struct trigger_index *t, size_t n_ids, unsigned threads)
{
    struct buf b;
    struct trigger_index *back;

    buf_init(&b, BUF_NO_MAX);
    trigger_index_encode(t, &b);
    back = trigger_index_decode(n_ids, b.data, b.len);
    buf_release(&b);
    if (back) {
        trigger_index_start(back, threads);
    }
    return back;
}

/* Both indexes mark the same ids and list the same positions, in the same order, for text. */
static void
assert_same_scans(const struct trigger_index *a, const struct trigger_index *b, size_t n_ids,
                  const char *text, size_t len)
{
    uint8_t hit_a[64] = {0}, hit_b[64] = {0};
    struct trigger_positions pa, pb;
    bool ascii = true;

    assert_true(n_ids <= sizeof(hit_a));
    for (size_t i = 0; i < len; i++) {
        ascii &= (unsigned char)text[i] < 0x80;
    }
    trigger_positions_init(&pa, n_ids);
    trigger_positions_init(&pb, n_ids);
    for (int as_ascii = 0; as_ascii <= (int)ascii; as_ascii++) {
        memset(hit_a, 0, sizeof(hit_a));
        memset(hit_b, 0, sizeof(hit_b));
        trigger_scan(a, (const unsigned char *)text, len, as_ascii, hit_a, &pa);
        trigger_scan(b, (const unsigned char *)text, len, as_ascii, hit_b, &pb);
        assert_memory_equal(hit_a, hit_b, sizeof(hit_a));
        assert_int_equal(pa.overflow, pb.overflow);
        assert_same_positions(&pa, &pb, (uint32_t)n_ids);
    }
    trigger_positions_release(&pa);
    trigger_positions_release(&pb);
}

/* Random texts of ASCII and multi-byte units, short and long, and a few fixed ones. */
static void
assert_same_on_random_texts(const struct trigger_index *a, const struct trigger_index *b,
                            size_t n_ids, size_t rounds)
{
    static const char *const units[] = {
        "a", "b", " ", "x", "\xc3\xa9", "\xd0\xb6", "B", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    static char text[3000];
    uint32_t seed = 11;

    for (size_t round = 0; round < rounds; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t max = (seed >> 16) % (sizeof(text) - 64);
        /* every other text ASCII only, scanned by the automaton for ASCII text too */
        size_t len = random_text(text, max, units, round % 2 ? 4 : 8, &seed);
        assert_same_scans(a, b, n_ids, text, len);
    }
}

/*
 * An index written as bytes and read back scans as the one built: the same ids marked and
 * positions listed, on ASCII and other text, its tables for non-ASCII text filled by the first
 * scan needing them or on a thread of their own.
 */
static void
an_index_read_back_scans_as_the_one_built(void **state)
{
    struct trigger_recipe *r = stored_recipe();
    struct trigger_index *built = built_from(r, STORED_IDS);
    struct trigger_index *back = read_back(built, STORED_IDS, 1);
    struct trigger_index *back_threaded = read_back(built, STORED_IDS, 2);
    size_t entry_built = 0, entry_back = 0;
    (void)state;

    assert_non_null(back);
    assert_non_null(back_threaded);
    assert_false(trigger_index_read_back(built));
    assert_true(trigger_index_read_back(back));
    assert_int_equal(trigger_index_ids(back), STORED_IDS);
    assert_same_on_random_texts(built, back, STORED_IDS, 300);
    assert_same_on_random_texts(built, back_threaded, STORED_IDS, 50);
    assert_int_equal(trigger_index_states(back, &entry_back),
                     trigger_index_states(built, &entry_built));
    assert_int_equal(entry_back, entry_built);
    trigger_index_free(back_threaded);
    trigger_index_free(back);
    trigger_index_free(built);
    trigger_recipe_free(r);
}

/* A recipe's calls, replayed, build the index the calls themselves build; equal calls, equal bytes.
 */
static void
a_recipe_replayed_builds_what_its_calls_build(void **state)
{
    struct trigger_recipe *r = stored_recipe(), *again = stored_recipe();
    struct trigger_index *replayed = built_from(r, STORED_IDS),
                         *direct = trigger_index_new(STORED_IDS);
    const unsigned char *a, *b;
    size_t na, nb;
    struct err err;
    (void)state;

    stored_calls(NULL, direct);
    assert_int_equal(trigger_index_build(direct, &err), 0);
    assert_same_on_random_texts(direct, replayed, STORED_IDS, 100);
    a = trigger_recipe_bytes(r, &na);
    b = trigger_recipe_bytes(again, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    trigger_recipe_want_positions(again, 1);
    (void)trigger_recipe_bytes(again, &nb);
    assert_int_not_equal(na, nb);
    trigger_index_free(direct);
    trigger_index_free(replayed);
    trigger_recipe_free(again);
    trigger_recipe_free(r);
}

/*
 * More states than 16-bit entries number: read back with 32-bit entries, scanning the same.
 */
static void
an_index_of_32_bit_entries_reads_back_the_same(void **state)
{
    struct trigger_recipe *r = trigger_recipe_new();
    struct literal_set big = {0}, small = {0};
    struct trigger_index *built, *back;
    size_t entry = 0;
    (void)state;

    big_and_small_sets(&big, &small);
    trigger_recipe_want_positions(r, 1);
    trigger_recipe_add(r, 0, &big);
    trigger_recipe_add(r, 1, &small);
    built = built_from(r, 2);
    back = read_back(built, 2, 1);
    assert_non_null(back);
    assert_int_equal(trigger_index_states(back, &entry), 66670);
    assert_int_equal(entry, 4);
    assert_same_scans(built, back, 2, "a zq w59999 zq w6000 w4 zz w12345", 33);
    literal_set_release(&big);
    literal_set_release(&small);
    trigger_index_free(back);
    trigger_index_free(built);
    trigger_recipe_free(r);
}

/*
 * Bytes that are not a whole, consistent index are refused: every cut, a byte more, another
 * number of ids. A byte changed anywhere is refused or reads back as an index that scans
 * without a read or write outside its tables (the sanitizers check that).
 */
static void
a_damaged_stored_index_is_refused_or_stays_in_bounds(void **state)
{
    struct trigger_recipe *r = stored_recipe();
    struct trigger_index *built = built_from(r, STORED_IDS), *back;
    static const unsigned char flips[] = {0x01, 0x80, 0xFF};
    static const char *const texts[] = {"b a xb ab a b xxxxxxxxxxxxxxxxxxxxxxb ba",
                                        "\xc3\xa9x a\xc3\xa9 \xd0\xb6\xd0\xb6 x\xd0\xb6 bb"};
    struct buf b;
    size_t refused = 0;
    (void)state;

    buf_init(&b, BUF_NO_MAX);
    trigger_index_encode(built, &b);
    for (size_t n = 0; n < b.len; n++) {
        assert_null(trigger_index_decode(STORED_IDS, b.data, n));
    }
    assert_null(trigger_index_decode(STORED_IDS + 1, b.data, b.len));
    assert_null(trigger_index_decode(STORED_IDS - 1, b.data, b.len));
    assert_int_equal(buf_putc(&b, 0, NULL), 0);
    assert_null(trigger_index_decode(STORED_IDS, b.data, b.len));
    b.len--;
    for (size_t i = 0; i < b.len; i++) {
        for (size_t f = 0; f < sizeof(flips); f++) {
            b.data[i] ^= flips[f];
            back = trigger_index_decode(STORED_IDS, b.data, b.len);
            b.data[i] ^= flips[f];
            if (!back) {
                refused++;
                continue;
            }
            trigger_index_start(back, 1);
            for (size_t k = 0; k < 2; k++) {
                uint8_t hit[STORED_IDS] = {0};
                struct trigger_positions pos;
                trigger_positions_init(&pos, STORED_IDS);
                trigger_scan(back, (const unsigned char *)texts[k], strlen(texts[k]), k == 0, hit,
                             &pos);
                trigger_positions_release(&pos);
            }
            trigger_index_free(back);
        }
    }
    /* most changes break a count, a number's range or the tree */
    assert_true(refused > b.len);
    back = trigger_index_decode(STORED_IDS, b.data, b.len);
    assert_non_null(back);
    trigger_index_free(back);
    buf_release(&b);
    trigger_index_free(built);
    trigger_recipe_free(r);
}

static bool
same_findings(const struct scrub_findings *a, const struct scrub_findings *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (size_t k = 0; k < a->n; k++) {
        if (a->v[k].start != b->v[k].start || a->v[k].end != b->v[k].end ||
            strcmp(a->v[k].rule, b->v[k].rule) != 0) {
            return false;
        }
    }
    return true;
}

/*
 * Under the sanitizers only every RECORD_STRIDE-th record of each corpus is compared: they check
 * the memory of the trigger scans and of both engines on a quarter of every corpus, several
 * times slower than the plain build, which compares every record (findings do not depend on the
 * build).
 */
#if defined(__SANITIZE_ADDRESS__)
#define RECORD_STRIDE 4
#else
#define RECORD_STRIDE 1
#endif

/* With the shipped packs, skipping by trigger changes no finding and no warning on the corpora. */
static void
triggers_change_nothing_on_the_shipped_packs_and_corpora(void **state)
{
    static const char *const corpora[] = {"tests/corpus/structured.jsonl",
                                          "tests/corpus/unicode.jsonl",
                                          "tests/corpus/multilingual.jsonl"};
    struct scrub_rules *rs = NULL;
    struct scrub_engine_opts with = {0}, without = {0};
    struct scrub_findings fa, fb;
    struct json_scan sc;
    struct buf text;
    struct err err;
    (void)state;

    assert_int_equal(scrub_rules_load(&rs, "rules/default", &err), 0);
    assert_int_equal(scrub_rules_load(&rs, "rules/warnings", &err), 0);
    without.no_prefilter = true;
    struct scrub_engine *ea = scrub_engine_new(rs, &with, &err);
    struct scrub_engine *eb = scrub_engine_new(rs, &without, &err);
    scrub_findings_init(&fa);
    scrub_findings_init(&fb);
    json_scan_init(&sc);
    buf_init(&text, BUF_NO_MAX);
    for (size_t c = 0; c < sizeof(corpora) / sizeof(corpora[0]); c++) {
        struct record_reader *r;
        struct span line;
        assert_int_equal(record_reader_open(corpora[c], 1 << 24, &r, &err), 0);
        while (record_reader_next(r, &line, &err) == 1) {
            if (record_reader_line(r) % RECORD_STRIDE != 0) {
                continue;
            }
            assert_int_equal(json_scan_record(&sc, line.p, line.len, &err), 0);
            for (size_t i = 0; i < sc.n; i++) {
                uint64_t wa = 0, wb = 0;
                if (sc.v[i].kind != JV_STRING) {
                    continue;
                }
                buf_reset(&text);
                assert_int_equal(json_unescape(line.p + sc.v[i].start + 1,
                                               sc.v[i].end - sc.v[i].start - 2, &text, &err),
                                 0);
                assert_int_equal(scrub_engine_detect(ea, text.data, text.len, &fa, &err), 0);
                assert_int_equal(scrub_engine_detect(eb, text.data, text.len, &fb, &err), 0);
                if (!same_findings(&fa, &fb)) {
                    fail_msg("%s:%llu: triggers changed the findings", corpora[c],
                             (unsigned long long)record_reader_line(r));
                }
                assert_int_equal(scrub_engine_warnings(ea, text.data, text.len, &wa, &err), 0);
                assert_int_equal(scrub_engine_warnings(eb, text.data, text.len, &wb, &err), 0);
                assert_true(wa == wb);
            }
        }
        record_reader_free(r);
    }
    buf_release(&text);
    json_scan_release(&sc);
    scrub_findings_release(&fa);
    scrub_findings_release(&fb);
    scrub_engine_free(ea);
    scrub_engine_free(eb);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(required_literals_come_from_every_branch),
        cmocka_unit_test(two_independent_requirements_are_both_kept),
        cmocka_unit_test(runs_continue_through_groups_of_literal_alternatives),
        cmocka_unit_test(runs_continue_through_a_hundred_word_alternation),
        cmocka_unit_test(word_runs_count_consecutive_word_atoms),
        cmocka_unit_test(hex_and_digit_runs_count_consecutive_atoms_of_their_kind),
        cmocka_unit_test(optional_parts_and_unknown_constructs_give_no_trigger),
        cmocka_unit_test(a_called_group_requires_its_literals),
        cmocka_unit_test(extended_mode_ignores_white_space_and_comments),
        cmocka_unit_test(literals_are_case_folded_like_the_text),
        cmocka_unit_test(fold_of_ascii_runs_is_the_fold_of_each_byte),
        cmocka_unit_test(index_marks_exactly_the_patterns_whose_literals_occur),
        cmocka_unit_test(four_streams_find_a_literal_across_every_quarter_edge),
        cmocka_unit_test(scans_list_every_occurrence_when_built_in_the_background),
        cmocka_unit_test(scans_list_every_occurrence_when_built_by_the_first_scan_needing_it),
        cmocka_unit_test(concurrent_first_scans_share_one_lazy_build),
        cmocka_unit_test(non_ascii_text_finds_every_literal_as_a_naive_search_does),
        cmocka_unit_test(literal_for_non_ascii_text_only_is_found_far_from_any_high_byte),
        cmocka_unit_test(ascii_text_scans_the_same_unfolded_as_folded),
        cmocka_unit_test(an_index_read_back_scans_as_the_one_built),
        cmocka_unit_test(a_recipe_replayed_builds_what_its_calls_build),
        cmocka_unit_test(an_index_of_32_bit_entries_reads_back_the_same),
        cmocka_unit_test(a_damaged_stored_index_is_refused_or_stays_in_bounds),
        cmocka_unit_test(index_with_more_states_than_16_bits_hold_marks_the_same),
        cmocka_unit_test(sixteen_bit_entries_number_up_to_65536_states),
        cmocka_unit_test(anchor_lead_bounds_the_bytes_before_the_literal),
        cmocka_unit_test(no_anchor_when_the_start_is_unbounded_or_search_dependent),
        cmocka_unit_test(branches_that_never_match_require_nothing),
        cmocka_unit_test(look_arounds_and_scripts_require_their_bytes),
        cmocka_unit_test(digit_classes_anchor_patterns_without_literals),
        cmocka_unit_test(look_arounds_add_nothing_but_can_still_rule_a_pattern_out),
        cmocka_unit_test(word_runs_count_as_the_longest_word_run_in_the_text),
        cmocka_unit_test(blank_runs_count_as_the_longest_run_in_the_text),
        cmocka_unit_test(space_runs_count_as_the_longest_white_space_run_in_the_text),
        cmocka_unit_test(positions_list_every_occurrence_in_text_order),
        cmocka_unit_test(trigger_is_present_in_every_match),
        cmocka_unit_test(left_context_comes_from_the_assertions_every_match_starts_with),
        cmocka_unit_test(anchor_left_context_holds_wherever_the_anchor_lies),
        cmocka_unit_test(common_words_make_poor_anchors),
        cmocka_unit_test(literals_go_on_with_the_characters_that_follow_them),
        cmocka_unit_test(positive_look_arounds_require_their_literals),
        cmocka_unit_test(triggers_change_nothing_on_the_shipped_packs_and_corpora),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
