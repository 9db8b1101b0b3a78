/*
 * Required-literal analysis of PCRE2 patterns: the literals one of which every match holds,
 * which the trigger index (trigger_index.c) looks for. See literals_internal.h. The analyser
 * reads the pattern source as PCRE2 does (groups, classes, escapes, quantifiers, (?x) white
 * space and comments); any construct it does not know makes the whole pattern "always run", so
 * a wrong guess can cost speed but never a detection.
 */
#include "scrub/literals_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utypes.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define MAX_PARSE_DEPTH 64
/* Subroutine calls read as their group's body: at most this deep, and this many per pattern. */
#define CALL_DEPTH_MAX      8
#define CALL_EXPANSIONS_MAX 64

/* ---- literal sets ---- */

void
literal_set_release(struct literal_set *s)
{
    for (size_t i = 0; i < s->n && !s->pooled; i++) {
        free(s->v[i]);
    }
    free(s->v);
    s->v = NULL;
    s->n = 0;
    s->cap = 0;
    s->pooled = false;
}

void
literal_set_pool(struct literal_set *s, size_t n, const unsigned char *const *src,
                 const size_t *lens)
{
    size_t bytes = size_mul(n ? n : 1, sizeof(*s->v));

    for (size_t i = 0; i < n; i++) {
        bytes = size_add(bytes, size_add(lens[i], 1));
    }
    memset(s, 0, sizeof(*s));
    s->v = xmalloc(bytes);
    s->pooled = true;
    char *at = (char *)(s->v + (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        memcpy(at, src[i], lens[i]);
        at[lens[i]] = '\0';
        s->v[i] = at;
        at += lens[i] + 1;
    }
    s->n = n;
}

/* Give a pooled set's literals allocations of their own, so that it may grow or shrink. */
static void
unpool(struct literal_set *s)
{
    if (!s->pooled) {
        return;
    }
    char **v = xmalloc(size_mul(s->n ? s->n : 1, sizeof(*v)));
    for (size_t i = 0; i < s->n; i++) {
        v[i] = xstrdup(s->v[i]);
    }
    free(s->v);
    s->v = v;
    s->cap = 0;
    s->pooled = false;
}

void
literal_set_append(struct literal_set *s, const char *lit)
{
    unpool(s);
    /* doubling: the analyser builds sets of up to thousands of literals one by one */
    if (s->n >= s->cap) {
        s->cap = s->n < 4 ? 8 : size_mul(s->n, 2);
        s->v = xrealloc(s->v, size_mul(s->cap, sizeof(*s->v)));
    }
    s->v[s->n++] = xstrdup(lit);
}

void
literal_set_add(struct literal_set *s, const char *lit)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], lit) == 0) {
            return;
        }
    }
    literal_set_append(s, lit);
}

/* Append from's literals to to (no duplicate check: see literal_set_unique), leaving from empty. */
static void
set_move(struct literal_set *to, struct literal_set *from)
{
    if (!from->n) {
        return;
    }
    unpool(to);
    unpool(from);
    to->v = xrealloc(to->v, size_mul(size_add(to->n, from->n), sizeof(*to->v)));
    memcpy(to->v + to->n, from->v, size_mul(from->n, sizeof(*from->v)));
    to->n += from->n;
    to->cap = to->n;
    free(from->v);
    from->v = NULL;
    from->n = 0;
    from->cap = 0;
}

/* Add every string of from to to. */
static void
set_union(struct literal_set *to, const struct literal_set *from)
{
    for (size_t i = 0; i < from->n; i++) {
        literal_set_add(to, from->v[i]);
    }
}

static int
by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort and drop duplicates: unions of big alternations stay linear-ish, not quadratic. */
void
literal_set_unique(struct literal_set *s)
{
    size_t k = 0;

    if (s->n < 2) {
        return;
    }
    unpool(s);
    qsort(s->v, s->n, sizeof(*s->v), by_string);
    for (size_t i = 0; i < s->n; i++) {
        if (k && strcmp(s->v[k - 1], s->v[i]) == 0) {
            free(s->v[i]);
        } else {
            s->v[k++] = s->v[i];
        }
    }
    s->n = k;
}

static size_t
set_min_len(const struct literal_set *s)
{
    size_t m = (size_t)-1;
    for (size_t i = 0; i < s->n; i++) {
        size_t n = strlen(s->v[i]);
        m = n < m ? n : m;
    }
    return s->n ? m : 0;
}

/*
 * What a match has before a position, as far as an anchor's left context needs to know: nothing
 * known; a boundary ("\\b": when the next character is an ASCII word character, the one before is
 * not); or no ASCII word character ([A-Za-z0-9_]) at all before it, or the start of the text. An
 * anchor literal whose every occurrence in a match has one of these (the second only for a
 * literal that starts with a word character) needs no search where a word byte precedes it: "hi"
 * in "this" for "\\b(?:hi|hello)", "con" in "second" for "\\s+(?:rob|con|lie)".
 */
enum before { BEFORE_ANY, BEFORE_BOUNDARY, BEFORE_NOT_WORD };

/* Either of a and b holds: the weaker of the two. */
static enum before
before_either(enum before a, enum before b)
{
    return a < b ? a : b;
}

/*
 * Requirements: ok when every match contains one of set, and also (when second.n > 0) one of
 * second. Two independent requirements filter far better than one when each is a common word
 * ("at" and "dot" in a spelled-out e-mail).
 */
struct req {
    bool ok;
    struct literal_set set;
    struct literal_set second;
    struct literal_set anchor;       /* the best requirement whose literal has a bounded lead... */
    struct literal_lead anchor_lead; /* ...the most a match consumes before that literal */
    bool anchor_left; /* ...and no ASCII word byte is right before it in any match (see before) */
    struct literal_set anchor0; /* the best one whose literal starts every match (lead 0) */
    struct literal_lead width;  /* the most a match of the whole expression can consume */
    struct literal_set exact;   /* when exact_ok: every match is one of these strings (raw bytes) */
    bool exact_ok;
    struct literal_runs runs; /* every match has this many characters of a kind in a row */
    /* No match passes through it: it ends in (*FAIL), (*F) or (?!), as the branch before a
     * (*SKIP)(*FAIL) does ("skip this and search on"). An alternation leaves such a branch out
     * of what it requires: whatever matched went through another branch. */
    bool never;
    enum before end; /* what the character before the end of a match is (see enum before) */
    /* When first_ok: every match that consumes anything starts with one of first's characters
     * (raw, as runs are); nullable: a match may consume nothing. */
    struct literal_set first;
    bool first_ok, nullable;
    /* Literals offered inside (folded) that end where a match does, and characters one of which
     * may follow them inside (when the group repeats, say): the enclosing items tell the rest. */
    struct literal_set end_keys, end_next;
    /* A positive look-ahead or look-behind: its set and second are in the text, somewhere. */
    bool asserted;
};

/* Byte counts saturate at LEAD_UNBOUNDED ("no bound known"). */
#define LEAD_UNBOUNDED LITERALS_NO_LEAD

static size_t
sat_add(size_t a, size_t b)
{
    return a > LEAD_UNBOUNDED - b ? LEAD_UNBOUNDED : a + b;
}

static size_t
sat_mul(size_t a, long times)
{
    if (times < 0) {
        return a ? LEAD_UNBOUNDED : 0;
    }
    return a && (size_t)times > LEAD_UNBOUNDED / a ? LEAD_UNBOUNDED : a * (size_t)times;
}

/*
 * Extents are bytes + chars * C + blanks * R + spaces * S + words * W (struct literal_lead): in
 * a given text a character is at most C bytes (1 in ASCII text), one "[ \t]+" spans at most R
 * bytes, one "\s+" at most S and one run of word characters ("\p{Ll}+") at most W.
 */
static const struct literal_lead NO_BOUND = {LEAD_UNBOUNDED, 0, 0, 0, 0};
static const struct literal_lead ZERO = {0, 0, 0, 0, 0};
static const struct literal_lead ONE_BYTE = {1, 0, 0, 0, 0};
static const struct literal_lead ONE_CHAR = {0, 1, 0, 0, 0};
static const struct literal_lead ONE_BLANK_RUN = {0, 0, 1, 0, 0};
static const struct literal_lead ONE_SPACE_RUN = {0, 0, 0, 1, 0};
static const struct literal_lead ONE_WORD_RUN = {0, 0, 0, 0, 1};

size_t
literals_lead_bytes(struct literal_lead a, size_t c, size_t r, size_t s, size_t w)
{
    size_t parts[4][2] = {{a.chars, c}, {a.blanks, r}, {a.spaces, s}, {a.words, w}};
    size_t total = a.bytes;

    for (size_t i = 0; i < 4 && total != SIZE_MAX; i++) {
        size_t n = parts[i][0], run = parts[i][1];
        total = n && run && n > (SIZE_MAX - total) / run ? SIZE_MAX : total + n * run;
    }
    return total;
}

static bool
unbounded(struct literal_lead a)
{
    return a.bytes == LEAD_UNBOUNDED || a.chars == LEAD_UNBOUNDED || a.blanks == LEAD_UNBOUNDED ||
           a.spaces == LEAD_UNBOUNDED || a.words == LEAD_UNBOUNDED;
}

static struct literal_lead
ext_add(struct literal_lead a, struct literal_lead b)
{
    if (unbounded(a) || unbounded(b)) {
        return NO_BOUND;
    }
    struct literal_lead r = {sat_add(a.bytes, b.bytes), sat_add(a.chars, b.chars),
                             sat_add(a.blanks, b.blanks), sat_add(a.spaces, b.spaces),
                             sat_add(a.words, b.words)};
    return unbounded(r) ? NO_BOUND : r;
}

static struct literal_lead
ext_mul(struct literal_lead a, long times)
{
    if (unbounded(a)) {
        return (a.bytes || a.chars || a.blanks || a.spaces || a.words) && times != 0 ? NO_BOUND
                                                                                     : ZERO;
    }
    struct literal_lead r = {sat_mul(a.bytes, times), sat_mul(a.chars, times),
                             sat_mul(a.blanks, times), sat_mul(a.spaces, times),
                             sat_mul(a.words, times)};
    return unbounded(r) ? NO_BOUND : r;
}

/* An upper bound of both (both grow with R, S and W, so the larger of each part will do). */
static struct literal_lead
ext_max(struct literal_lead a, struct literal_lead b)
{
    if (unbounded(a) || unbounded(b)) {
        return NO_BOUND;
    }
    struct literal_lead r = {
        a.bytes > b.bytes ? a.bytes : b.bytes, a.chars > b.chars ? a.chars : b.chars,
        a.blanks > b.blanks ? a.blanks : b.blanks, a.spaces > b.spaces ? a.spaces : b.spaces,
        a.words > b.words ? a.words : b.words};
    return r;
}

static void
req_release(struct req *r)
{
    literal_set_release(&r->set);
    literal_set_release(&r->second);
    literal_set_release(&r->anchor);
    literal_set_release(&r->anchor0);
    literal_set_release(&r->exact);
    literal_set_release(&r->first);
    literal_set_release(&r->end_keys);
    literal_set_release(&r->end_next);
    r->ok = false;
    r->exact_ok = false;
    r->first_ok = false;
}

/*
 * Words so frequent in dialogue that a literal made of one of them (with the spaces around it)
 * occurs in almost every text: "all the best" is better anchored on " best" than on " the ".
 * The 100 most common words of English (the Oxford English Corpus list), with "is", "are" and
 * "was" (its "be"), in strcmp order for a binary search. Only the choice between sets changes;
 * any of them is a sound requirement.
 */
static const char *const common_words[] = {
    "a",    "about", "after", "all",     "also",  "an",   "and",   "any",   "are",   "as",
    "at",   "back",  "be",    "because", "but",   "by",   "can",   "come",  "could", "day",
    "do",   "even",  "first", "for",     "from",  "get",  "give",  "go",    "good",  "have",
    "he",   "her",   "him",   "his",     "how",   "i",    "if",    "in",    "into",  "is",
    "it",   "its",   "just",  "know",    "like",  "look", "make",  "me",    "most",  "my",
    "new",  "no",    "not",   "now",     "of",    "on",   "one",   "only",  "or",    "other",
    "our",  "out",   "over",  "people",  "say",   "see",  "she",   "so",    "some",  "take",
    "than", "that",  "the",   "their",   "them",  "then", "there", "these", "they",  "think",
    "this", "time",  "to",    "two",     "up",    "us",   "use",   "want",  "was",   "way",
    "we",   "well",  "what",  "when",    "which", "who",  "will",  "with",  "work",  "would",
    "year", "you",   "your"};

/* The longest of them ("because"). */
#define COMMON_WORD_MAX 7

/* Common words this short ("i", "am", "the") hit everywhere, inside other words too. */
#define SHORT_WORD_MAX 3

/* Whether lit is one of the common words (of at most max_word letters), spaces around it. */
static bool
common_literal(const char *lit, size_t max_word)
{
    size_t start = strspn(lit, " "), len = strlen(lit);

    while (len > start && lit[len - 1] == ' ') {
        len--;
    }
    if (len - start > max_word || len - start > COMMON_WORD_MAX) {
        return false;
    }
    /* The analyser asks this of every set it weighs: a binary search of the sorted list. */
    char word[COMMON_WORD_MAX + 1];
    const char *key = word;
    memcpy(word, lit + start, len - start);
    word[len - start] = '\0';
    return bsearch(&key, common_words, sizeof(common_words) / sizeof(common_words[0]),
                   sizeof(common_words[0]), by_string) != NULL;
}

static size_t
common_literals(const struct literal_set *set, size_t max_word)
{
    size_t n = 0;

    for (size_t i = 0; i < set->n; i++) {
        n += common_literal(set->v[i], max_word);
    }
    return n;
}

bool
literal_set_has_common_word(const struct literal_set *set, size_t max_word)
{
    return common_literals(set, max_word) > 0;
}

static bool
has_common_literal(const struct literal_set *set)
{
    return common_literals(set, SIZE_MAX) > 0;
}

/* How well a set filters: its shortest literal's length, or at most 2 with a very common word. */
static size_t
quality(const struct literal_set *set)
{
    size_t len = set_min_len(set);
    return has_common_literal(set) && len > 2 ? 2 : len;
}

/*
 * How often a folded byte occurs in dialogue, per thousand bytes, roughly: a space one byte in
 * six, letters by their frequency in English, a digit or a symbol rarely. Only its order
 * matters.
 */
static unsigned
byte_frequency(unsigned char c)
{
    /* a..z */
    static const unsigned char letters[26] = {65, 12, 22, 34, 100, 18, 16, 48, 56, 1,  6, 32, 19,
                                              54, 60, 15, 1,  46,  50, 72, 22, 8,  19, 1, 16, 1};

    if (c == ' ') {
        return 180;
    }
    if (c >= 'a' && c <= 'z') {
        return letters[c - 'a'];
    }
    return c == '.' || c == ',' || c == '\n' ? 10 : c == '\'' ? 5 : 2;
}

/* The summed frequency of a set's one-byte literals (each longer one as a rare byte). */
static unsigned
set_frequency(const struct literal_set *set)
{
    unsigned sum = 0;

    for (size_t i = 0; i < set->n; i++) {
        sum += set->v[i][0] && !set->v[i][1] ? byte_frequency((unsigned char)set->v[i][0]) : 1;
    }
    return sum;
}

/*
 * x filters better than y: a better quality, then a longer shortest literal, then fewer. Sets
 * with a one-byte literal, which anchor by byte (a window around each occurrence, or the whole
 * text where they are dense), compare by how often their bytes occur instead: the ten digits
 * of "[A-Z] [A-Z] [0-9] [0-9]" are a far better anchor than its one space.
 */
static bool
better(const struct literal_set *x, const struct literal_set *y)
{
    size_t qa = quality(x), qb = quality(y), a = set_min_len(x), b = set_min_len(y);
    if (qa == qb && a == 1 && b == 1) {
        unsigned fx = set_frequency(x), fy = set_frequency(y);
        return fx < fy || (fx == fy && x->n < y->n);
    }
    return qa > qb || (qa == qb && (a > b || (a == b && x->n < y->n)));
}

static void
take_set(struct literal_set *to, struct literal_set *from)
{
    literal_set_release(to);
    *to = *from;
    from->v = NULL;
    from->n = 0;
    from->cap = 0;
    from->pooled = false;
}

static void
copy_set(struct literal_set *to, const struct literal_set *from)
{
    literal_set_release(to);
    for (size_t i = 0; i < from->n; i++) {
        literal_set_append(to, from->v[i]);
    }
    literal_set_unique(to);
}

static bool
lead_zero(struct literal_lead a)
{
    return !a.bytes && !a.chars && !a.blanks && !a.spaces && !a.words;
}

/* A requirement whose literal starts every match may become the lead-0 anchor. */
static void
offer_anchor0(struct req *best, const struct literal_set *cand)
{
    if (cand->n && (!best->anchor0.n || better(cand, &best->anchor0))) {
        copy_set(&best->anchor0, cand);
    }
}

/* A requirement whose literal starts at most lead bytes into the match may become the anchor. */
static void
offer_anchor(struct req *best, const struct literal_set *cand, struct literal_lead lead, bool left)
{
    if (cand->n && lead_zero(lead)) {
        offer_anchor0(best, cand);
    }
    if (cand->n == 0 || unbounded(lead) || (best->anchor.n && !better(cand, &best->anchor))) {
        return;
    }
    literal_set_release(&best->anchor);
    for (size_t i = 0; i < cand->n; i++) {
        literal_set_append(&best->anchor, cand->v[i]);
    }
    literal_set_unique(&best->anchor);
    best->anchor_lead = lead;
    best->anchor_left = left;
}

/* True when every literal of by contains one of x: requiring x then adds nothing to by. */
static bool
implied(const struct literal_set *x, const struct literal_set *by)
{
    for (size_t i = 0; i < by->n; i++) {
        bool found = false;
        for (size_t k = 0; k < x->n && !found; k++) {
            found = strstr(by->v[i], x->v[k]) != NULL;
        }
        if (!found) {
            return false;
        }
    }
    return by->n > 0;
}

/*
 * Offer a requirement of a sequence (taken or freed): keep the two best that are independent
 * (" gmail.com" makes "gmail" redundant), and the best anchor.
 */
static void
offer(struct req *best, struct literal_set *cand, struct literal_lead lead, bool left)
{
    offer_anchor(best, cand, lead, left);
    if (cand->n == 0 || (best->ok && implied(cand, &best->set))) {
        literal_set_release(cand);
    } else if (!best->ok) {
        take_set(&best->set, cand);
        best->ok = true;
    } else if (better(cand, &best->set)) {
        if (implied(&best->set, cand)) {
            literal_set_release(&best->set); /* the old best adds nothing to cand */
        } else {
            take_set(&best->second, &best->set);
        }
        take_set(&best->set, cand);
        if (best->second.n && implied(&best->second, &best->set)) {
            literal_set_release(&best->second);
        }
    } else if (best->second.n == 0 || better(cand, &best->second)) {
        take_set(&best->second, cand);
    } else {
        literal_set_release(cand);
    }
}

/* A required group, preceded by at most before bytes, offers its requirements to the sequence. */
static void
req_consider(struct req *best, struct req *cand, struct literal_lead before)
{
    /* An anchor holds without a required literal set: a digit class anchors alone. */
    offer_anchor(best, &cand->anchor, ext_add(before, cand->anchor_lead), cand->anchor_left);
    if (lead_zero(before)) {
        offer_anchor0(best, &cand->anchor0);
    }
    if (cand->ok) {
        offer(best, &cand->set, NO_BOUND, false);
        offer(best, &cand->second, NO_BOUND, false);
    }
    req_release(cand);
}

/* ---- case folding ---- */

static void put_codepoint(struct buf *b, unsigned long cp);

/* Decode one UTF-8 character at s (valid input); returns its length. */
static size_t
utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xc0 || n > avail) {
        *cp = 0xfffd;
        return 1;
    }
    *cp = c & (0x7f >> n);
    for (size_t i = 1; i < n; i++) {
        *cp = *cp << 6 | (s[i] & 0x3f);
    }
    return n;
}

/*
 * Simple (one-to-one) Unicode case folding, the folding PCRE2's caseless matching uses: 'K',
 * 'k' and U+212A KELVIN SIGN all become 'k', while 'ß' stays 'ß' as PCRE2 does not match "ss".
 */
int
literals_fold(const unsigned char *text, size_t len, struct buf *out, struct err *err)
{
    bool aligned;

    return literals_fold_aligned(text, len, out, &aligned, err);
}

/*
 * Eight ASCII bytes folded at once: capitals lowered, tabs made spaces. No byte has its high bit
 * set, so adding a constant to each never carries into the next: a byte is a capital exactly
 * when adding 0x80 - 'A' sets its high bit and adding 0x80 - 'Z' - 1 does not, and a tab exactly
 * when its exclusive or with '\t' is 0.
 */
static uint64_t
fold_ascii_word(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    const uint64_t upper = ((w + ones * (0x80 - 'A')) ^ (w + ones * (0x80 - 'Z' - 1))) & high;
    const uint64_t t = w ^ (ones * '\t');
    const uint64_t tab = ~(((t & ~high) + ~high) | t) & high;

    return (w | upper >> 2) ^ (tab >> 7) * ('\t' ^ ' ');
}

int
literals_fold_aligned(const unsigned char *text, size_t len, struct buf *out, bool *aligned,
                      struct err *err)
{
    size_t i = 0;

    *aligned = true;
    buf_reset(out);
    if (buf_grow(out, len, err) < 0) {
        return -1;
    }
    while (i < len) {
        unsigned char c = text[i];
        if (c < 0x80) {
            /* a run of ASCII, eight bytes at a time; a tab reads as a space, so "[ \\t]" is the
             * literal ' ' (see parse_sequence) */
            size_t j = i;
            uint64_t w;
            while (j + 8 <= len &&
                   (memcpy(&w, text + j, sizeof(w)), !(w & 0x8080808080808080ull))) {
                j += 8;
            }
            while (j < len && text[j] < 0x80) {
                j++;
            }
            if (buf_grow(out, j - i, err) < 0) {
                return -1;
            }
            unsigned char *d = out->data + out->len;
            size_t k = i;
            for (; k + 8 <= j; k += 8, d += 8) {
                memcpy(&w, text + k, sizeof(w));
                w = fold_ascii_word(w);
                memcpy(d, &w, sizeof(w));
            }
            for (; k < j; k++) {
                unsigned char a = text[k];
                *d++ = a >= 'A' && a <= 'Z' ? (unsigned char)(a + 32) : a == '\t' ? ' ' : a;
            }
            out->len += j - i;
            out->data[out->len] = '\0';
            i = j;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp), before = out->len;
        put_codepoint(out, (unsigned long)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT));
        *aligned &= out->len - before == n;
        i += n;
    }
    return 0;
}

/* ---- the pattern analyser ---- */

struct parser {
    const char *s;
    size_t pos, len;
    bool extended;       /* (?x) in effect */
    bool failed;         /* something not understood: no trigger */
    bool unbounded_atom; /* the atom just parsed has no width bound (\\X, a back reference) */
    bool two_char_atom;  /* the atom just parsed may take two characters (\\R: CR LF) */
    bool start_bound;    /* \\G or a (*VERB): matches depend on where the search starts */
    enum before left_in; /* before the group about to be read (its branches start there) */
    int depth;
    /* (?&name) calls read as their group's body (expand_call): whether this pattern's calls
     * may be (0 not known yet), the bodies being read (no recursion) and how many were read */
    int calls;
    size_t expanding[CALL_DEPTH_MAX];
    size_t n_expanding, expansions;
    struct ext_map *map; /* what follows the literals offered (NULL: not asked) */
};

enum atom { ATOM_LITERAL, ATOM_ZERO_WIDTH, ATOM_OTHER, ATOM_GROUP, ATOM_END };

static void parse_alternation(struct parser *p, struct req *out);

static void
skip_extended(struct parser *p)
{
    while (p->extended && p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            p->pos++;
        } else if (c == '#') {
            while (p->pos < p->len && p->s[p->pos] != '\n') {
                p->pos++;
            }
        } else {
            return;
        }
    }
}

static void
put_codepoint(struct buf *b, unsigned long cp)
{
    struct err ignored;
    unsigned char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xc0 | cp >> 6);
        u[1] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xe0 | cp >> 12);
        u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        u[2] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        u[0] = (unsigned char)(0xf0 | cp >> 18);
        u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
        u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        u[3] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    buf_append(b, u, n, &ignored);
}

/* Skip a character class starting at '['. */
static void
skip_class(struct parser *p)
{
    p->pos++;
    if (p->pos < p->len && p->s[p->pos] == '^') {
        p->pos++;
    }
    if (p->pos < p->len && p->s[p->pos] == ']') {
        p->pos++;
    }
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == '\\') {
            p->pos += 2;
        } else if (c == '[' && p->pos + 1 < p->len && p->s[p->pos + 1] == ':') {
            const char *end = strstr(p->s + p->pos + 2, ":]");
            if (!end) {
                p->failed = true;
                return;
            }
            p->pos = (size_t)(end - p->s) + 2;
        } else if (c == ']') {
            p->pos++;
            return;
        } else {
            p->pos++;
        }
    }
    p->failed = true;
}

/* Skip a balanced group from its '(' (for constructs whose content does not matter). */
static void
skip_group(struct parser *p)
{
    int level = 0;
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == '\\') {
            p->pos += 2;
            continue;
        }
        if (c == '[') {
            skip_class(p);
            continue;
        }
        p->pos++;
        if (c == '(') {
            level++;
        } else if (c == ')' && --level == 0) {
            return;
        }
    }
    p->failed = true;
}

/*
 * Where a look-around whose body starts at p->pos ends (the index of its ')'), when the body is
 * only literal characters, alternations, (?: groups and \b, \w, \s, \d escapes: then nothing
 * in it can make the analysis fail or depend on where a search starts, and what it requires is
 * dropped anyway, so it need not be parsed. The PERSON patterns' look-aheads of 300 excluded
 * words were most of the analyser's time. 0 for any other body: it is parsed.
 */
static size_t
plain_lookaround_end(const struct parser *p)
{
    int nested = 0;

    for (size_t i = p->pos; i < p->len; i++) {
        unsigned char c = (unsigned char)p->s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c >= 0x80 || c == '|' || c == '_' || c == '\'' || c == '-' || c == ',' ||
            (c == ' ' && !p->extended)) {
            continue;
        }
        if (c == '\\' && i + 1 < p->len && strchr("bBwWsSdD", p->s[i + 1]) && p->s[i + 1]) {
            i++;
            continue;
        }
        if (c == '(' && i + 2 < p->len && p->s[i + 1] == '?' && p->s[i + 2] == ':' &&
            p->depth + nested + 1 <= MAX_PARSE_DEPTH) {
            nested++;
            i += 2;
            continue;
        }
        if (c == ')') {
            if (nested-- == 0) {
                return i;
            }
            continue;
        }
        return 0;
    }
    return 0;
}

static bool
is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* An escape after '\\'; literal bytes go to lit. */
static enum atom
parse_escape(struct parser *p, struct buf *lit)
{
    char c;

    p->pos++; /* the backslash */
    if (p->pos >= p->len) {
        p->failed = true;
        return ATOM_END;
    }
    c = p->s[p->pos++];
    switch (c) {
    case 'G':
        p->start_bound = true;
        return ATOM_ZERO_WIDTH;
    case 'b':
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
    case 'K':
        return ATOM_ZERO_WIDTH;
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
    case 'h':
    case 'H':
    case 'v':
    case 'V':
    case 'N':
    case 'C':
        return ATOM_OTHER;
    case 'R':
        p->two_char_atom = true;
        return ATOM_OTHER;
    case 'X':
        p->unbounded_atom = true;
        return ATOM_OTHER;
    case 'p':
    case 'P':
        if (p->pos < p->len && p->s[p->pos] == '{') {
            const char *end = memchr(p->s + p->pos, '}', p->len - p->pos);
            if (!end) {
                p->failed = true;
                return ATOM_END;
            }
            p->pos = (size_t)(end - p->s) + 1;
        } else {
            p->pos++;
        }
        return ATOM_OTHER;
    case 'Q': {
        const char *end = strstr(p->s + p->pos, "\\E");
        size_t stop = end ? (size_t)(end - p->s) : p->len;
        struct err ignored;
        buf_append(lit, p->s + p->pos, stop - p->pos, &ignored);
        p->pos = end ? stop + 2 : stop;
        return ATOM_LITERAL;
    }
    case 'E':
        return ATOM_ZERO_WIDTH;
    case 'x': {
        unsigned long cp = 0;
        if (p->pos < p->len && p->s[p->pos] == '{') {
            p->pos++;
            while (p->pos < p->len && is_hex(p->s[p->pos])) {
                cp =
                    cp * 16 + (unsigned long)(p->s[p->pos] <= '9' ? p->s[p->pos] - '0'
                                                                  : (p->s[p->pos] | 32) - 'a' + 10);
                p->pos++;
            }
            if (p->pos >= p->len || p->s[p->pos] != '}' || cp > 0x10ffff) {
                p->failed = true;
                return ATOM_END;
            }
            p->pos++;
        } else {
            for (int i = 0; i < 2 && p->pos < p->len && is_hex(p->s[p->pos]); i++) {
                cp =
                    cp * 16 + (unsigned long)(p->s[p->pos] <= '9' ? p->s[p->pos] - '0'
                                                                  : (p->s[p->pos] | 32) - 'a' + 10);
                p->pos++;
            }
        }
        put_codepoint(lit, cp);
        return ATOM_LITERAL;
    }
    case 'n':
        put_codepoint(lit, '\n');
        return ATOM_LITERAL;
    case 't':
        put_codepoint(lit, '\t');
        return ATOM_LITERAL;
    case 'r':
        put_codepoint(lit, '\r');
        return ATOM_LITERAL;
    case 'f':
        put_codepoint(lit, '\f');
        return ATOM_LITERAL;
    default:
        break;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        /* Back references (\1, \g, \k), octal, control escapes: consume unknown text. */
        if (c == 'g' || c == 'k') {
            if (p->pos < p->len && strchr("{<'", p->s[p->pos])) {
                char close = p->s[p->pos] == '{' ? '}' : p->s[p->pos] == '<' ? '>' : '\'';
                const char *end = memchr(p->s + p->pos, close, p->len - p->pos);
                if (!end) {
                    p->failed = true;
                    return ATOM_END;
                }
                p->pos = (size_t)(end - p->s) + 1;
            } else {
                while (p->pos < p->len &&
                       (p->s[p->pos] == '-' || (p->s[p->pos] >= '0' && p->s[p->pos] <= '9'))) {
                    p->pos++;
                }
            }
            p->unbounded_atom = true;
            return ATOM_OTHER;
        }
        if (c >= '1' && c <= '9') {
            p->unbounded_atom = true;
            return ATOM_OTHER;
        }
        p->failed = true; /* \c, \o, \0, \e, \a ...: rare in packs; do not guess */
        return ATOM_END;
    }
    put_codepoint(lit, (unsigned char)c); /* an escaped punctuation character */
    return ATOM_LITERAL;
}

/* One literal character (a whole UTF-8 sequence) into lit. */
static void
take_char(struct parser *p, struct buf *lit)
{
    struct err ignored;
    size_t start = p->pos++;
    while (p->pos < p->len && ((unsigned char)p->s[p->pos] & 0xc0) == 0x80) {
        p->pos++;
    }
    buf_append(lit, p->s + start, p->pos - start, &ignored);
}

/*
 * A quantifier after an atom: -1 when none, else its minimum count. *max is the most repetitions
 * (1 without a quantifier, -1 for no limit).
 */
static long
parse_quantifier(struct parser *p, long *max)
{
    long min = -1;

    *max = 1;
    skip_extended(p);
    if (p->pos >= p->len) {
        return -1;
    }
    switch (p->s[p->pos]) {
    case '*':
        min = 0;
        *max = -1;
        p->pos++;
        break;
    case '?':
        min = 0;
        p->pos++;
        break;
    case '+':
        min = 1;
        *max = -1;
        p->pos++;
        break;
    case '{': {
        size_t q = p->pos + 1;
        long n = 0;
        bool digits = false;
        while (q < p->len && p->s[q] >= '0' && p->s[q] <= '9') {
            n = n * 10 + (p->s[q++] - '0');
            digits = true;
            if (n > 100000) {
                n = 100000;
            }
        }
        if (!digits) {
            return -1; /* a literal '{' */
        }
        long top = n;
        if (q < p->len && p->s[q] == ',') {
            q++;
            top = q < p->len && p->s[q] >= '0' && p->s[q] <= '9' ? 0 : -1;
            while (q < p->len && p->s[q] >= '0' && p->s[q] <= '9') {
                top = top * 10 + (p->s[q++] - '0');
                if (top > 100000) {
                    top = -1; /* PCRE2 caps counts at 65535 anyway */
                    break;
                }
            }
            while (q < p->len && p->s[q] >= '0' && p->s[q] <= '9') {
                q++;
            }
        }
        if (q >= p->len || p->s[q] != '}') {
            return -1;
        }
        p->pos = q + 1;
        min = n;
        *max = top;
        break;
    }
    default:
        return -1;
    }
    if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '?')) {
        p->pos++; /* possessive or lazy */
    }
    return min;
}

/* Option letters of (?imsx-imsx) or (?imsx-imsx:...); updates extended. */
static void
parse_flags(struct parser *p, bool *extended)
{
    bool on = true;
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == '-') {
            on = false;
        } else if (c == 'x') {
            *extended = on;
        } else if (c == '^') {
            *extended = false;
        } else if (!strchr("imsnJUxX", c)) {
            return;
        }
        p->pos++;
    }
}

/*
 * Whether (?x) is in force in the same way all through src: set by a leading option group and
 * never changed, or never set. Only then is a group's body read the same at a call as where it
 * is defined (white space and '#' comments).
 */
static bool
uniform_extended(const char *src, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++) {
        if (src[i] == '\\') {
            i++;
            continue;
        }
        if (src[i] != '(' || src[i + 1] != '?') {
            continue;
        }
        size_t k = i + 2;
        bool x = false;
        while (k < len && strchr("imnsxJU-^", src[k])) {
            x |= src[k] == 'x' || src[k] == '^';
            k++;
        }
        if (x && !(i == 0 && k < len && src[k] == ')' && !memchr(src + 2, '-', k - 2) &&
                   !memchr(src + 2, '^', k - 2))) {
            return false;
        }
    }
    return true;
}

/* Where the body of the one group named name[0..n) starts in src, or 0 (none, or several). */
static size_t
named_group_body(const char *src, size_t len, const char *name, size_t n)
{
    size_t found = 0;

    for (size_t i = 0; i + n + 4 <= len; i++) {
        if (src[i] == '\\') {
            i++;
            continue;
        }
        bool angle = src[i] == '(' && src[i + 1] == '?' && src[i + 2] == '<';
        bool other =
            src[i] == '(' && src[i + 1] == '?' &&
            (src[i + 2] == '\'' || (src[i + 2] == 'P' && i + 3 < len && src[i + 3] == '<'));
        if (other && !memcmp(src + i + (src[i + 2] == 'P' ? 4 : 3), name, n)) {
            return 0; /* another spelling of a definition: not read */
        }
        if (angle && !memcmp(src + i + 3, name, n) && src[i + 3 + n] == '>') {
            if (found) {
                return 0; /* (?| or (?J groups of one name: which one runs is not known here */
            }
            found = i + 4 + n;
        }
    }
    return found;
}

/*
 * A call (?&name) at p->pos (on the '&'), read as the body of the group it calls, as if written
 * there: PCRE2 matches a called group as the group itself (option settings aside: see
 * uniform_extended; a caseless setting changes nothing here, as literals are folded). False,
 * with nothing consumed, when it cannot be read so: a recursive call, a name defined twice or
 * not at all, too deep or too many calls, or a body the analyser does not read.
 */
static bool
expand_call(struct parser *p, struct req *out)
{
    size_t at = p->pos + 1, end = at;

    while (end < p->len && (isalnum((unsigned char)p->s[end]) || p->s[end] == '_')) {
        end++;
    }
    if (end == at || end >= p->len || p->s[end] != ')' || p->n_expanding >= CALL_DEPTH_MAX ||
        p->expansions >= CALL_EXPANSIONS_MAX) {
        return false;
    }
    if (p->calls == 0) {
        p->calls = uniform_extended(p->s, p->len) ? 1 : -1;
    }
    size_t body = p->calls > 0 ? named_group_body(p->s, p->len, p->s + at, end - at) : 0;
    if (!body) {
        return false;
    }
    for (size_t i = 0; i < p->n_expanding; i++) {
        if (p->expanding[i] == body) {
            return false; /* recursion */
        }
    }
    struct parser saved = *p;
    struct req r = {0};
    p->expanding[p->n_expanding++] = body;
    p->expansions++;
    p->pos = body;
    parse_alternation(p, &r);
    if (p->failed || p->pos >= p->len || p->s[p->pos] != ')') {
        size_t expansions = p->expansions;
        req_release(&r);
        *p = saved;
        p->expansions = expansions;
        return false;
    }
    size_t expansions = p->expansions;
    bool start_bound = p->start_bound, unbounded = p->unbounded_atom, two = p->two_char_atom;
    *p = saved;
    p->expansions = expansions;
    p->start_bound = start_bound;
    p->unbounded_atom = unbounded;
    p->two_char_atom = two;
    p->pos = end + 1;
    *out = r;
    return true;
}

/* Whether the verb whose name starts at p->s[at] (after "(*") is name, alone or with ":arg". */
static bool
verb_is(const struct parser *p, size_t at, const char *name)
{
    size_t n = strlen(name);
    return at + n < p->len && !strncmp(p->s + at, name, n) &&
           (p->s[at + n] == ')' || p->s[at + n] == ':');
}

static void settle_bad(struct ext_map *m, struct literal_set *keys);

/* A group from its '('; *zero_width when it consumes nothing (lookaround, comment, option). */
static void
parse_group(struct parser *p, struct req *out, bool *zero_width)
{
    bool saved = p->extended;

    *zero_width = false;
    out->ok = false;
    if (++p->depth > MAX_PARSE_DEPTH) {
        p->failed = true;
        return;
    }
    p->pos++;
    if (p->pos < p->len && p->s[p->pos] == '*') {
        /* (*VERB) or (*atomic: ...): skip, consuming nothing we rely on. (*FAIL) only fails,
         * wherever the search started; the others make a match depend on that (*SKIP), or end
         * it before the rest of the pattern (*ACCEPT), which nothing here models. */
        size_t verb = p->pos + 1;
        p->pos--;
        skip_group(p);
        *zero_width = true;
        if (verb_is(p, verb, "FAIL") || verb_is(p, verb, "F")) {
            out->never = true;
        } else if (verb_is(p, verb, "ACCEPT")) {
            p->failed = true;
        } else {
            p->start_bound = true;
        }
        p->depth--;
        return;
    }
    if (p->pos < p->len && p->s[p->pos] == '?') {
        p->pos++;
        char c = p->pos < p->len ? p->s[p->pos] : '\0';
        if (c == '#') {
            const char *end = memchr(p->s + p->pos, ')', p->len - p->pos);
            p->pos = end ? (size_t)(end - p->s) + 1 : p->len;
            p->failed |= !end;
            *zero_width = true;
            p->depth--;
            return;
        }
        bool look = c == '=' || c == '!' ||
                    (c == '<' && p->pos + 1 < p->len &&
                     (p->s[p->pos + 1] == '=' || p->s[p->pos + 1] == '!'));
        if (look) {
            /* "(?!)" fails wherever it is tried */
            out->never = c == '!' && p->pos + 1 < p->len && p->s[p->pos + 1] == ')';
            bool positive = c == '=' || (c == '<' && p->s[p->pos + 1] == '=');
            p->pos += c == '<' ? 2 : 1;
            size_t end = plain_lookaround_end(p);
            if (end) {
                p->pos = end;
            } else {
                /* What a positive assertion requires is in the text too, though not where the
                 * match is: its sets gate the pattern (not its anchors). Its literals are at the
                 * end of what it reads, which anything may follow. */
                struct req held = {0};
                parse_alternation(p, &held);
                if (positive && held.ok && !held.never) {
                    settle_bad(p->map, &held.end_keys); /* its literals may be chosen */
                    out->ok = true;
                    out->asserted = true;
                    out->set = held.set;
                    out->second = held.second;
                    held.set = held.second = (struct literal_set){0};
                }
                req_release(&held);
            }
            *zero_width = true;
        } else if (c == ':' || c == '|' || c == '>') {
            p->pos++;
            parse_alternation(p, out);
        } else if (c == '<' || c == '\'' ||
                   (c == 'P' && p->pos + 1 < p->len && p->s[p->pos + 1] == '<')) {
            char close = c == '\'' ? '\'' : '>';
            const char *end = memchr(p->s + p->pos + 1, close, p->len - p->pos - 1);
            if (!end) {
                p->failed = true;
                return;
            }
            p->pos = (size_t)(end - p->s) + 1;
            parse_alternation(p, out);
        } else if (c == '&' && expand_call(p, out)) {
            p->extended = saved;
            p->depth--;
            return;
        } else if (c == '(' || c == '&' || c == 'R' || c == 'P' || c == '+' ||
                   (c >= '0' && c <= '9') ||
                   (c == '-' && p->pos + 1 < p->len && p->s[p->pos + 1] >= '0' &&
                    p->s[p->pos + 1] <= '9')) {
            /* Conditionals, DEFINE, recursion and subroutine calls: content unknown here. */
            p->pos -= 2;
            skip_group(p);
            out->width = NO_BOUND;
            p->extended = saved;
            p->depth--;
            return;
        } else {
            bool ext = p->extended;
            parse_flags(p, &ext);
            if (p->pos < p->len && p->s[p->pos] == ')') {
                /* (?x) etc.: applies to the rest of the enclosing group. */
                p->pos++;
                p->extended = ext;
                *zero_width = true;
                p->depth--;
                return;
            }
            if (p->pos >= p->len || p->s[p->pos] != ':') {
                p->failed = true;
                return;
            }
            p->pos++;
            p->extended = ext;
            parse_alternation(p, out);
        }
    } else {
        parse_alternation(p, out);
    }
    p->extended = saved;
    if (p->pos >= p->len || p->s[p->pos] != ')') {
        p->failed = true;
        return;
    }
    p->pos++;
    p->depth--;
}

/*
 * Optional items before a literal: an optional group that has an anchor either matched (and the
 * first such group's anchor sits at a bounded distance: only the widths of the required items
 * before it count) or was skipped (and consumed nothing). So "any optional group's anchor, or
 * the literal" anchors the sequence even when the optional groups have no width bound, as in
 * "(?:home[ \t]+)?address".
 */
struct optionals {
    struct literal_set set;   /* anchors of the optional groups so far */
    struct literal_lead lead; /* the most before any of them */
    bool left;                /* each of those anchors has its left context (req.anchor_left) */
};

/* Offer cand (at lead_without bytes when no optional group matched) joined with the optionals. */
static void
offer_with_optionals(struct req *best, const struct literal_set *cand,
                     struct literal_lead lead_without, const struct optionals *opt, bool left)
{
    struct req joined = {0};

    if (!opt->set.n || !cand->n || unbounded(lead_without)) {
        return;
    }
    for (size_t i = 0; i < opt->set.n; i++) {
        literal_set_append(&joined.anchor, opt->set.v[i]);
    }
    for (size_t i = 0; i < cand->n; i++) {
        literal_set_append(&joined.anchor, cand->v[i]);
    }
    literal_set_unique(&joined.anchor);
    offer_anchor(best, &joined.anchor, ext_max(lead_without, opt->lead), left && opt->left);
    req_release(&joined);
}

/* At most this many strings in a run or an exact set (cross products grow fast). */
#define RUN_SET_MAX 128

/*
 * A literal run: the strings (raw, not yet folded) one of which every match has at this point,
 * built from literal characters and from groups whose every match is one of a few strings, so
 * "[ \\t]+(?:at|arroba)[ \\t]+" requires " at " or " arroba ", not merely "at".
 */
struct run {
    struct literal_set v;
    bool active;        /* v holds the run so far (otherwise there is no run) */
    enum before before; /* what a match has before the run's first character */
};

/* Append bytes to every string of the run (starting it if needed). */
static void
run_append(struct run *r, const unsigned char *bytes, size_t n)
{
    if (!r->active) {
        literal_set_release(&r->v);
        literal_set_add(&r->v, "");
        r->active = true;
    }
    /* in place: a run grows a character at a time (as a C string: it ends at a NUL byte) */
    for (size_t i = 0; i < r->v.n; i++) {
        size_t old = strlen(r->v.v[i]);
        r->v.v[i] = xrealloc(r->v.v[i], size_add(size_add(old, n), 1));
        memcpy(r->v.v[i] + old, bytes, n);
        r->v.v[i][old + n] = '\0';
    }
}

/* The run followed by one of set: true when the product is small enough to keep. */
static bool
run_product(struct run *r, const struct literal_set *set)
{
    struct literal_set next = {0};
    struct buf b;
    struct err ignored;

    if (!r->active) {
        literal_set_release(&r->v);
        for (size_t i = 0; i < set->n; i++) {
            literal_set_add(&r->v, set->v[i]);
        }
        r->active = true;
        return true;
    }
    if (set->n == 0 || r->v.n > RUN_SET_MAX / set->n) {
        return false;
    }
    buf_init(&b, BUF_NO_MAX);
    for (size_t i = 0; i < r->v.n; i++) {
        for (size_t k = 0; k < set->n; k++) {
            buf_reset(&b);
            buf_append_str(&b, r->v.v[i], &ignored);
            buf_append_str(&b, set->v[k], &ignored);
            literal_set_add(&next, b.data ? (const char *)b.data : "");
        }
    }
    buf_release(&b);
    literal_set_release(&r->v);
    r->v = next;
    return true;
}

/* Whether every literal of set starts with an ASCII word character (they are case-folded). */
static bool
starts_with_word_chars(const struct literal_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        char c = set->v[i][0];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return set->n > 0;
}

struct pending;
static void pending_add(struct pending *pd, const struct literal_set *keys,
                        const struct literal_set *next);

static void
flush_run(struct run *run, struct literal_lead lead, struct literal_lead lead_without,
          const struct optionals *opt, struct req *best, struct pending *pd)
{
    if (run->active) {
        struct literal_set cand = {0};
        struct buf folded;
        struct err ignored;
        bool all = true;
        buf_init(&folded, BUF_NO_MAX);
        for (size_t i = 0; i < run->v.n && all; i++) {
            all = literals_fold((const unsigned char *)run->v.v[i], strlen(run->v.v[i]), &folded,
                                &ignored) == 0 &&
                  folded.len > 0;
            if (all) {
                literal_set_add(&cand, (const char *)folded.data);
            }
        }
        buf_release(&folded);
        if (!all) {
            literal_set_release(&cand); /* an empty string: no requirement */
        }
        pending_add(pd, &cand, NULL); /* what follows is for the next items to tell */
        bool left = run->before == BEFORE_NOT_WORD ||
                    (run->before == BEFORE_BOUNDARY && starts_with_word_chars(&cand));
        offer_with_optionals(best, &cand, lead_without, opt, left);
        offer(best, &cand, lead, left);
    }
    literal_set_release(&run->v);
    run->active = false;
}

/* Add the bytes of lit to out as one string. */
static void
add_bytes(struct literal_set *out, const struct buf *lit)
{
    struct run r = {{0}, false, BEFORE_ANY};

    run_append(&r, lit->data, lit->len);
    literal_set_add(out, r.v.v[0]);
    literal_set_release(&r.v);
}

/* At most this many first characters of a group are kept (beyond, none are). */
#define FIRST_CHARS_MAX 16

/*
 * The characters one of which a match of the item just read starts with (into out), when they
 * are known: a literal's first character, a class of a few plain characters, or a group whose
 * branches all start so. Whether the item may match nothing is its caller's to tell.
 */
static bool
item_first(enum atom kind, const struct buf *lit, const struct literal_set *chars,
           const struct req *group, struct literal_set *out)
{
    if (kind == ATOM_LITERAL && lit->len && lit->data[0]) {
        char one[5] = {0};
        size_t n = 1;
        while (n < lit->len && (lit->data[n] & 0xC0) == 0x80) {
            n++;
        }
        if (n > 4) {
            return false;
        }
        memcpy(one, lit->data, n);
        literal_set_add(out, one);
        return true;
    }
    if (kind == ATOM_OTHER && chars->n) {
        set_union(out, chars);
        return true;
    }
    if (kind == ATOM_GROUP && group->first_ok) {
        set_union(out, &group->first);
        return true;
    }
    return false;
}

/*
 * What follows the literals the analysis offers. The sets a pattern requires are chosen as they
 * always were; then each literal in them stands for the strings it goes on with, when every
 * place a run offered it is followed by one of a few known characters: "hi" then
 * "[ \t]*[,!.]?[ \t]+" requires "hi ", "hi,", "hi!" or "hi." (rarer than "hi", which "his" and
 * "high" hold), a relation word then "[ \t]*,?(?:[ \t]+|[ \t]*\r?\n...)" itself and a blank, a
 * comma or a line break. A literal is bad when some place it was offered from may be followed by
 * anything (or by too many characters): it then stands for itself. One-byte literals are found
 * by byte, and are left so.
 */
struct ext_entry {
    char *key; /* folded */
    struct literal_set ext;
    bool bad;
};

struct ext_map {
    struct ext_entry *v;
    size_t n, cap;
};

/* Literals offered (folded) whose place ends here, and characters that may follow them so far. */
struct pending {
    struct literal_set keys, next;
};

static void
ext_map_add(struct ext_map *m, const char *key, bool bad, struct literal_set *ext)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 16;
        m->v = xrealloc(m->v, size_mul(m->cap, sizeof(*m->v)));
    }
    m->v[m->n++] = (struct ext_entry){xstrdup(key), *ext, bad};
    *ext = (struct literal_set){0};
}

/*
 * The pending literals are followed by one of pd->next's characters, or, when known is false,
 * by anything: record that, and none is pending any longer.
 */
static void
pending_settle(struct pending *pd, struct ext_map *m, bool known)
{
    struct buf b, folded;
    struct err ignored;

    known = known && pd->next.n && pd->next.n <= FIRST_CHARS_MAX;
    literal_set_unique(&pd->keys);
    buf_init(&b, BUF_NO_MAX);
    buf_init(&folded, BUF_NO_MAX);
    for (size_t i = 0; i < pd->keys.n && m; i++) {
        struct literal_set ext = {0};
        bool bad = !known;
        for (size_t k = 0; k < pd->next.n && !bad; k++) {
            bad = literals_fold((const unsigned char *)pd->next.v[k], strlen(pd->next.v[k]),
                                &folded, &ignored) != 0 ||
                  !folded.len;
            if (!bad) {
                buf_reset(&b);
                buf_append_str(&b, pd->keys.v[i], &ignored);
                buf_append(&b, folded.data, folded.len, &ignored);
                literal_set_append(&ext, (const char *)b.data);
            }
        }
        if (bad) {
            literal_set_release(&ext);
        }
        ext_map_add(m, pd->keys.v[i], bad, &ext);
    }
    buf_release(&b);
    buf_release(&folded);
    literal_set_release(&pd->keys);
    literal_set_release(&pd->next);
}

/* Literals (folded) that anything may follow: record that (keys is left empty). */
static void
settle_bad(struct ext_map *m, struct literal_set *keys)
{
    struct pending last = {*keys, {0}};

    *keys = (struct literal_set){0};
    pending_settle(&last, m, false);
}

/*
 * An item that consumes text comes after the pending literals: it starts with one of first's
 * characters (known) and may match nothing (nullable), in which case what follows it decides.
 */
static void
pending_item(struct pending *pd, struct ext_map *m, bool known, bool nullable,
             const struct literal_set *first)
{
    if (!pd->keys.n) {
        literal_set_release(&pd->next);
        return;
    }
    if (known) {
        set_union(&pd->next, first);
    }
    if (!known || !nullable) {
        pending_settle(pd, m, known);
    }
}

/* Add keys (folded, two bytes or more) to pd, followed by one of next or by what comes later. */
static void
pending_add(struct pending *pd, const struct literal_set *keys, const struct literal_set *next)
{
    bool any = false;

    for (size_t i = 0; i < keys->n; i++) {
        if (strlen(keys->v[i]) >= 2) {
            literal_set_append(&pd->keys, keys->v[i]); /* made unique when settled */
            any = true;
        }
    }
    if (any && next) {
        set_union(&pd->next, next);
    }
}

/* The exact strings of a sequence so far: a product, given up past RUN_SET_MAX. */
static void
exact_product(struct literal_set *exact, bool *ok, const struct literal_set *set)
{
    struct run r = {*exact, true, BEFORE_ANY};

    if (*ok && !run_product(&r, set)) {
        *ok = false;
    }
    *exact = r.v;
}

static bool
ascii_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int
char_kind(char c)
{
    return c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : c >= '0' && c <= '9' ? 3 : 0;
}

/*
 * Unicode properties whose characters are word bytes: ASCII letters and digits, or characters
 * encoded only with bytes >= 0x80. src[0, *n) starts with "\\p{"; *n gets the escape's length.
 */
static bool
word_property(const char *src, size_t avail, size_t *n)
{
    static const char *const names[] = {"L", "Ll", "Lu", "Lt", "Lm", "Lo",
                                        "M", "Mn", "Mc", "N",  "Nd"};
    const char *close;

    if (avail < 5 || strncmp(src, "\\p{", 3) != 0 || !(close = memchr(src, '}', avail))) {
        return false;
    }
    *n = (size_t)(close - src) + 1;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strlen(names[i]) == *n - 4 && !strncmp(src + 3, names[i], *n - 4)) {
            return true;
        }
    }
    return false;
}

static bool
hex_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool
digit_char(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Does the atom src[0, n) match only characters ok accepts: one of the escapes ("dw": \d and
 * \w), a letter or digit property when props (word_property), or a class of such characters,
 * escapes, properties and ranges ("[A-F0-9]", "[\d_]")? Their caseless or Unicode matches are
 * non-ASCII, which the callers of literals_analyse count as matching too (struct literal_runs).
 */
static bool
atom_within(const char *src, size_t n, bool (*ok)(char), const char *escapes, bool props)
{
    size_t len;

    if (n == 2 && src[0] == '\\') {
        return src[1] && strchr(escapes, src[1]);
    }
    if (src[0] == '\\') {
        return props && word_property(src, n, &len) && len == n;
    }
    if (n < 3 || src[0] != '[' || src[1] == '^' || src[n - 1] != ']') {
        return false;
    }
    for (size_t i = 1; i < n - 1; i++) {
        if (src[i] == '\\' && i + 1 < n - 1 && src[i + 1] && strchr(escapes, src[i + 1])) {
            i++;
        } else if (props && src[i] == '\\' && word_property(src + i, n - 1 - i, &len)) {
            i += len - 1;
        } else if (src[i] == '-' && i > 1 && i + 1 < n - 1) {
            /* a range: both ends already checked or next, and of one kind (not "0-z") */
            if (!char_kind(src[i - 1]) || char_kind(src[i - 1]) != char_kind(src[i + 1])) {
                return false;
            }
        } else if (!ok(src[i])) {
            return false;
        }
    }
    return true;
}

/* Word characters: \d, \w, a word character, a letter or digit property, or a class of them. */
static bool
atom_is_word(const char *src, size_t n)
{
    return n == 1 ? ascii_word(src[0]) : atom_within(src, n, ascii_word, "dw", true);
}

/* An atom repeated at least times: a run of its kind goes on (in), or ends. */
static void
runs_step(size_t *now, size_t *best, bool in, size_t times)
{
    *now = in ? sat_add(*now, times) : 0;
    *best = *now > *best ? *now : *best;
}

static struct literal_runs
runs_max(struct literal_runs a, struct literal_runs b)
{
    return (struct literal_runs){a.word > b.word ? a.word : b.word, a.hex > b.hex ? a.hex : b.hex,
                                 a.digit > b.digit ? a.digit : b.digit};
}

static struct literal_runs
runs_min(struct literal_runs a, struct literal_runs b)
{
    return (struct literal_runs){a.word < b.word ? a.word : b.word, a.hex < b.hex ? a.hex : b.hex,
                                 a.digit < b.digit ? a.digit : b.digit};
}

/* White-space escapes, inside a class or out: \s, \h, \v (vertical space in a class too), ... */
static bool
space_escape(char c)
{
    return c == 's' || c == 'h' || c == 'v' || c == 't' || c == 'n' || c == 'r' || c == 'f';
}

/*
 * Does the atom src[0, n) match only white space: \s, \h, \v, or a class of white-space escapes
 * and ASCII blanks ("[\s\t]", "[ \t\n]")? Every character it matches is made of the bytes S
 * counts (struct literal_lead), so a run of them spans at most S bytes.
 */
static bool
atom_is_space(const char *src, size_t n)
{
    if (n == 2 && src[0] == '\\') {
        return space_escape(src[1]);
    }
    if (n < 3 || src[0] != '[' || src[1] == '^' || src[n - 1] != ']') {
        return false;
    }
    for (size_t i = 1; i < n - 1; i++) {
        if (src[i] == '\\' && i + 1 < n - 1 && space_escape(src[i + 1])) {
            i++;
        } else if (src[i] != ' ' && src[i] != '\t' && src[i] != '\n' && src[i] != '\r') {
            return false;
        }
    }
    return true;
}

/* Classes of up to this many plain characters become literal alternatives. */
#define CLASS_CHARS_MAX 8

/*
 * The characters of a class like "['’]" or "[-.]" (src[0, n) from '[' to ']'), when it lists at
 * most CLASS_CHARS_MAX plain characters: no negation, range, property or class escape. Leaves
 * out empty otherwise. Case does not matter here: literals are folded before use.
 */
static void
class_chars(const char *src, size_t n, struct literal_set *out)
{
    size_t i = 1;

    if (n < 3 || src[1] == '^') {
        return;
    }
    while (i < n - 1) {
        char one[5] = {0};
        size_t len = 1;
        if (src[i] == '\\') {
            char e = i + 2 < n ? src[i + 1] : '\0';
            bool alnum = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9');
            /* escaped punctuation is itself; of the letters only \t \n \r \f are plain */
            if (!e || (alnum && !strchr("tnrf", e))) {
                literal_set_release(out);
                return;
            }
            one[0] = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 'f' ? '\f' : e;
            i += 2;
        } else {
            if (src[i] == '[' || (src[i] == '-' && i != 1 && i != n - 2)) {
                literal_set_release(out); /* a POSIX class or a range */
                return;
            }
            while (i + len < n - 1 && ((unsigned char)src[i + len] & 0xC0) == 0x80) {
                len++;
            }
            if (len > 4) {
                literal_set_release(out);
                return;
            }
            memcpy(one, src + i, len);
            i += len;
        }
        literal_set_add(out, one);
        if (out->n > CLASS_CHARS_MAX) {
            literal_set_release(out);
            return;
        }
    }
}

/*
 * A required class of ASCII digits ("[0-9]{1,6}", not "\\d", which matches other scripts'
 * digits too) anchors the match on any digit: a one-byte anchor (found by byte, rules_triggers.c)
 * for a pattern that has no better one, so "12 Main Street" is searched near its digits rather
 * than from every capital. It is no presence requirement: the digit run gate answers that.
 */
static void
offer_digit_anchor(struct req *best, struct literal_lead lead, struct literal_lead lead_without,
                   const struct optionals *opt, enum before before)
{
    bool left = before != BEFORE_ANY; /* a digit is a word character */
    struct literal_set digits = {0};

    for (char d = '0'; d <= '9'; d++) {
        char one[2] = {d, '\0'};
        literal_set_append(&digits, one);
    }
    offer_with_optionals(best, &digits, lead_without, opt, left);
    offer_anchor(best, &digits, lead, left);
    literal_set_release(&digits);
}

/*
 * Whether the character c[0..n) (UTF-8) of a pattern, matched with or without case, is never an
 * ASCII word character: ASCII punctuation and spaces, and characters beyond ASCII but the two
 * that match ASCII letters without case (U+017F long s, U+212A Kelvin sign).
 */
static bool
char_not_word(const unsigned char *c, size_t n)
{
    if (n == 0) {
        return false;
    }
    if (c[0] < 0x80) {
        return n == 1 && !ascii_word((char)c[0]);
    }
    return !(n == 2 && c[0] == 0xC5 && c[1] == 0xBF) &&
           !(n == 3 && c[0] == 0xE2 && c[1] == 0x84 && c[2] == 0xAA);
}

/* The last character of lit: its first byte's offset. */
static size_t
last_char(const struct buf *lit)
{
    size_t i = lit->len;
    while (i > 0 && (lit->data[i - 1] & 0xC0) == 0x80) {
        i--;
    }
    return i > 0 ? i - 1 : 0;
}

/*
 * Whether the class src[0..n) ("[...]") matches no ASCII word character: no negation, range,
 * POSIX class or escape but of white space, \W and punctuation, and no member that
 * char_not_word refuses.
 */
static bool
class_not_word(const char *src, size_t n)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 1;

    if (n < 3 || s[0] != '[' || s[n - 1] != ']' || s[1] == '^') {
        return false;
    }
    while (i < n - 1) {
        if (s[i] == '\\') {
            unsigned char e = s[i + 1];
            if (i + 2 > n - 1 || (ascii_word((char)e) && !strchr("shvntrfW", e))) {
                return false;
            }
            i += 2;
        } else if ((s[i] == '-' && i > 1 && i + 1 < n - 1) || (s[i] == '[' && s[i + 1] == ':')) {
            return false;
        } else {
            size_t k = 1;
            while (i + k < n - 1 && (s[i + k] & 0xC0) == 0x80) {
                k++;
            }
            if (!char_not_word(s + i, k)) {
                return false;
            }
            i += k;
        }
    }
    return true;
}

/*
 * What a match has right before the next item once an atom (not a group) was matched at least
 * once: no ASCII word character when the atom matches none.
 */
static enum before
atom_leaves(const char *src, size_t n, enum atom kind, const struct buf *lit, bool blank)
{
    if (blank) {
        return BEFORE_NOT_WORD;
    }
    if (kind == ATOM_LITERAL) {
        size_t at = last_char(lit);
        return lit->len && char_not_word(lit->data + at, lit->len - at) ? BEFORE_NOT_WORD
                                                                        : BEFORE_ANY;
    }
    if (n >= 2 && src[0] == '\\' && strchr("shvRW", src[1]) && n == 2) {
        return BEFORE_NOT_WORD;
    }
    if (src[0] == '[' && class_not_word(src, n)) {
        return BEFORE_NOT_WORD;
    }
    return BEFORE_ANY;
}

/* One branch: the best requirement among its items. */
static void
parse_sequence(struct parser *p, struct req *out)
{
    struct run run = {{0}, false, BEFORE_ANY};
    struct buf lit;
    struct req best = {0};
    struct literal_set exact = {0}; /* the exact strings of the items so far, while exact_ok */
    bool exact_ok = true;
    struct literal_runs runs_now = {0, 0, 0}, runs_best = {0, 0, 0}; /* the current, the longest */
    struct literal_lead width = ZERO;    /* the most the items so far can consume */
    struct literal_lead run_lead = ZERO; /* width before the current literal run */
    struct literal_lead bare = ZERO; /* width when every optional group with an anchor is skipped */
    struct literal_lead run_bare = ZERO; /* that width before the current literal run */
    struct optionals opt = {{0}, ZERO, true};
    bool never = false;             /* a required item never matches, nor does the sequence */
    enum before state = p->left_in; /* what a match has before the next item */
    /* literals offered whose place ends before the current item, and those that end after it */
    struct pending pend = {{0}, {0}}, post = {{0}, {0}};
    /* the first characters of the sequence: known so far (fs_ok), no item so far must consume */
    struct literal_set fs = {0};
    bool fs_ok = true, fs_open = true;
    /* what positive look-arounds require (see the end) */
    struct req asserted = {0};

    buf_init(&lit, BUF_NO_MAX);
    literal_set_add(&exact, "");
    while (!p->failed) {
        struct req group = {0};
        bool zero = false;
        enum atom kind;
        /* a caseless or class atom may match any code point: one character, not one byte */
        struct literal_lead atom_width = ONE_CHAR, before = width, before_bare = bare;
        struct literal_set chars = {0}; /* a class of a few plain characters: each of them */
        bool blank = false;             /* the atom matches only a space or a tab */
        size_t atom_start;

        skip_extended(p);
        if (p->pos >= p->len || p->s[p->pos] == '|' || p->s[p->pos] == ')') {
            break;
        }
        atom_start = p->pos;
        buf_reset(&lit);
        char c = p->s[p->pos];
        enum before before_state = state;
        if (c == '(') {
            p->left_in = state;
            parse_group(p, &group, &zero);
            kind = zero ? ATOM_ZERO_WIDTH : ATOM_GROUP;
        } else if (c == '[') {
            skip_class(p);
            kind = ATOM_OTHER;
            blank = (p->pos - atom_start == 5 && (!memcmp(p->s + atom_start, "[ \\t]", 5) ||
                                                  !memcmp(p->s + atom_start, "[\\t ]", 5)));
            if (!blank && !p->failed) {
                class_chars(p->s + atom_start, p->pos - atom_start, &chars);
            }
        } else if (c == '\\') {
            kind = parse_escape(p, &lit);
        } else if (c == '.') {
            p->pos++;
            kind = ATOM_OTHER;
        } else if (c == '^' || c == '$') {
            p->pos++;
            kind = ATOM_ZERO_WIDTH;
        } else {
            take_char(p, &lit);
            kind = ATOM_LITERAL;
        }
        if (p->failed || kind == ATOM_END) {
            req_release(&group);
            break;
        }
        long max;
        size_t atom_len = p->pos - atom_start;
        long quantified = parse_quantifier(p, &max);
        long min = kind == ATOM_ZERO_WIDTH ? -1 : quantified;
        never |= group.never && quantified != 0;
        blank |=
            kind == ATOM_LITERAL && lit.len == 1 && (lit.data[0] == ' ' || lit.data[0] == '\t');
        if (blank) {
            /* Folded text has tabs as spaces, so any blank is the literal ' ': "[ \\t]+at[ \\t]+"
             * requires " at ", far rarer than "at". */
            kind = ATOM_LITERAL;
            buf_reset(&lit);
            buf_putc(&lit, ' ', NULL);
        }
        enum before leaves = atom_leaves(p->s + atom_start, atom_len, kind, &lit, blank);
        /* what the item starts with, and whether it may match nothing */
        struct literal_set first_chars = {0};
        bool known =
            kind != ATOM_ZERO_WIDTH && item_first(kind, &lit, &chars, &group, &first_chars);
        bool nullable = min == 0 || (kind == ATOM_GROUP && group.nullable);
        if (kind != ATOM_ZERO_WIDTH && fs_open) {
            fs_ok = fs_ok && known;
            fs_open = known && nullable;
            if (known) {
                set_union(&fs, &first_chars);
            }
        }
        if (kind == ATOM_GROUP) {
            /* literals that end where the group does: more of it may follow, then the rest */
            if (max != 1 && !group.first_ok) {
                struct pending inner = {group.end_keys, {0}};
                group.end_keys = (struct literal_set){0};
                pending_settle(&inner, p->map, false);
            } else if (group.end_keys.n) {
                pending_add(&post, &group.end_keys, &group.end_next);
                if (max != 1) {
                    set_union(&post.next, &group.first);
                }
            }
        }
        if (kind == ATOM_ZERO_WIDTH) {
            /* consumes nothing: what is before the next item is what was before this one */
            if (atom_len == 2 && !memcmp(p->s + atom_start, "\\b", 2) && quantified < 0 &&
                state != BEFORE_NOT_WORD) {
                state = BEFORE_BOUNDARY;
            } else if (atom_len == 1 && p->s[atom_start] == '^') {
                state = BEFORE_NOT_WORD; /* the text's start, or a line's */
            }
        } else if (kind == ATOM_GROUP) {
            /* Repeated, the group's branches start after its own end too: where that is weaker,
             * its anchors' left context does not hold past the first time. */
            if (max != 1 && group.end < before_state) {
                group.anchor_left = false;
                group.end = BEFORE_ANY;
            }
            state = min == 0 ? before_either(before_state, group.end) : group.end;
        } else {
            state = min == 0 ? before_either(before_state, leaves) : leaves;
        }
        if (kind == ATOM_ZERO_WIDTH) {
            /* consumes nothing: its neighbours stay adjacent */
        } else if (kind == ATOM_GROUP) {
            runs_now = (struct literal_runs){0, 0, 0};
            if (min != 0) {
                runs_best = runs_max(runs_best, group.runs);
            }
        } else {
            bool other = kind == ATOM_OTHER, one = kind == ATOM_LITERAL && !blank && lit.len == 1;
            const char *a = p->s + atom_start;
            size_t times = min < 0 ? 1 : (size_t)min;
            char ch = one ? (char)lit.data[0] : '\0';
            runs_step(&runs_now.word, &runs_best.word,
                      other ? atom_is_word(a, atom_len) : one && ascii_word(ch), times);
            runs_step(&runs_now.hex, &runs_best.hex,
                      other ? atom_within(a, atom_len, hex_char, "d", false) : one && hex_char(ch),
                      times);
            runs_step(&runs_now.digit, &runs_best.digit,
                      other ? atom_within(a, atom_len, digit_char, "d", false)
                            : one && digit_char(ch),
                      times);
        }
        struct literal_lead span; /* the most the atom and its quantifier consume */
        /* "\s+": one run of white space, at most S bytes */
        bool space_atom =
            kind == ATOM_OTHER && !blank && atom_is_space(p->s + atom_start, atom_len);
        /* "\p{Ll}+", "\w*": one run of word characters, at most W bytes */
        bool word_atom =
            (kind == ATOM_OTHER && atom_is_word(p->s + atom_start, atom_len)) ||
            (kind == ATOM_LITERAL && !blank && lit.len == 1 && ascii_word((char)lit.data[0]));
        if (kind == ATOM_ZERO_WIDTH) {
            atom_width = ZERO;
        } else if (kind == ATOM_GROUP) {
            atom_width = group.width;
        } else if (blank) {
            atom_width = ONE_BYTE;
        } else if (kind == ATOM_LITERAL) {
            atom_width = ext_mul(ONE_CHAR, (long)lit.len);
        } else if (p->unbounded_atom) {
            atom_width = NO_BOUND;
        } else if (p->two_char_atom) {
            atom_width = ext_mul(ONE_CHAR, 2);
        }
        p->unbounded_atom = false;
        p->two_char_atom = false;
        if (blank && max < 0) {
            span = ONE_BLANK_RUN;
        } else if (space_atom && max < 0) {
            span = ONE_SPACE_RUN;
        } else if (word_atom && max < 0) {
            span = ONE_WORD_RUN;
        } else {
            span = ext_mul(atom_width, max);
        }
        width = ext_add(width, span);
        if (kind == ATOM_GROUP && min == 0 && group.anchor.n) {
            struct literal_lead lead = ext_add(before_bare, group.anchor_lead);
            for (size_t i = 0; i < group.anchor.n; i++) {
                literal_set_add(&opt.set, group.anchor.v[i]);
            }
            opt.lead = ext_max(lead, opt.lead);
            opt.left = opt.left && group.anchor_left;
        } else {
            bare = ext_add(bare, span);
        }
        /* "\\.?", "[./-]?": the run or exact set goes on with and without the atom */
        struct literal_set optional = {0};
        if (min == 0 && max == 1 && (kind == ATOM_LITERAL || (kind == ATOM_OTHER && chars.n))) {
            literal_set_add(&optional, "");
            if (kind == ATOM_LITERAL) {
                add_bytes(&optional, &lit);
            }
            for (size_t i = 0; i < chars.n; i++) {
                literal_set_add(&optional, chars.v[i]);
            }
        }
        /* Exact strings survive literal characters and exact groups, without quantifiers. */
        if (optional.n) {
            exact_product(&exact, &exact_ok, &optional);
        } else if (kind == ATOM_LITERAL && min < 0) {
            struct literal_set one = {0};
            add_bytes(&one, &lit);
            exact_product(&exact, &exact_ok, &one);
            literal_set_release(&one);
        } else if (kind == ATOM_GROUP && min < 0 && group.exact_ok) {
            exact_product(&exact, &exact_ok, &group.exact);
        } else if (kind == ATOM_OTHER && min < 0 && chars.n) {
            exact_product(&exact, &exact_ok, &chars);
        } else if (kind != ATOM_ZERO_WIDTH) {
            exact_ok = false;
        }
        if (!run.active) {
            run_lead = before;
            run_bare = before_bare;
            run.before = before_state;
        }
        if (optional.n) {
            if (!run_product(&run, &optional)) {
                flush_run(&run, run_lead, run_bare, &opt, &best, &pend);
            }
            literal_set_release(&optional);
            literal_set_release(&chars);
            pending_item(&pend, p->map, known, true, &first_chars);
            literal_set_release(&first_chars);
            continue;
        }
        switch (kind) {
        case ATOM_LITERAL:
            if (min == 0) {
                flush_run(&run, run_lead, run_bare, &opt, &best, &pend);
            } else if (min > 0) {
                run_append(&run, lit.data, lit.len);
                /* after the first repetition: more of them (when they may be), then the rest */
                flush_run(&run, run_lead, run_bare, &opt, &best, &post);
                if (max != 1 && post.keys.n) {
                    set_union(&post.next, &first_chars);
                }
                /* the last repetition starts the next run (a run of blanks ends within R) */
                struct literal_lead last = blank && max < 0 ? ONE_BLANK_RUN
                                           : word_atom && max < 0
                                               ? ONE_WORD_RUN
                                               : ext_mul(atom_width, max < 0 ? -1 : max - 1);
                run_lead = ext_add(before, last);
                run_bare = ext_add(before_bare, last);
                run.before = before_either(before_state, leaves);
                run_append(&run, lit.data, lit.len);
            } else {
                run_append(&run, lit.data, lit.len);
            }
            break;
        case ATOM_ZERO_WIDTH:
            if (group.asserted && quantified < 0) {
                offer(&asserted, &group.set, NO_BOUND, false);
                offer(&asserted, &group.second, NO_BOUND, false);
            }
            req_release(&group);
            break;
        case ATOM_GROUP:
            if (min < 0 && group.exact_ok && group.exact.n) {
                /* "(?:at|arroba)" continues the run with each of its strings */
                if (!run_product(&run, &group.exact)) {
                    flush_run(&run, run_lead, run_bare, &opt, &best, &pend);
                    run_lead = before;
                    run_bare = before_bare;
                    run.before = before_state;
                    run_product(&run, &group.exact);
                }
            } else {
                flush_run(&run, run_lead, run_bare, &opt, &best, &pend);
            }
            if (min == 0) {
                req_release(&group);
            } else {
                offer_with_optionals(&best, &group.anchor, ext_add(before_bare, group.anchor_lead),
                                     &opt, group.anchor_left);
                req_consider(&best, &group, before);
            }
            break;
        default:
            if (min < 0 && chars.n) {
                /* "['’]s" continues the run as "'s" or "’s" */
                if (!run_product(&run, &chars)) {
                    flush_run(&run, run_lead, run_bare, &opt, &best, &pend);
                    run_lead = before;
                    run_bare = before_bare;
                    run.before = before_state;
                    run_product(&run, &chars);
                }
            } else {
                flush_run(&run, run_lead, run_bare, &opt, &best, &pend);
            }
            if (min != 0 && kind == ATOM_OTHER &&
                atom_within(p->s + atom_start, atom_len, digit_char, "", false)) {
                offer_digit_anchor(&best, before, before_bare, &opt, before_state);
            }
        }
        literal_set_release(&chars);
        if (kind != ATOM_ZERO_WIDTH) {
            pending_item(&pend, p->map, known, nullable, &first_chars);
        }
        pending_add(&pend, &post.keys, &post.next);
        literal_set_release(&post.keys);
        literal_set_release(&post.next);
        literal_set_release(&first_chars);
    }
    flush_run(&run, run_lead, run_bare, &opt, &best, &pend);
    /*
     * A look-around's requirement is taken only where it filters better than what the items
     * themselves require ("(?=[ \t]+(?:is|has|...))" after a relation word would push out the
     * rarer relation words): the national ID number read out as words before its cue
     * ("(?=...(?:national[ \t]+id|bsn|...))") is then gated on the cue, not on a blank.
     */
    for (int k = 0; k < 2; k++) {
        struct literal_set *cand = k ? &asserted.second : &asserted.set;
        if (cand->n && (!best.ok || !best.second.n || quality(cand) > quality(&best.second))) {
            offer(&best, cand, NO_BOUND, false);
        }
    }
    req_release(&asserted);
    best.end_keys = pend.keys;
    best.end_next = pend.next;
    literal_set_release(&post.keys);
    literal_set_release(&post.next);
    best.first = fs;
    best.first_ok = fs_ok && fs.n <= FIRST_CHARS_MAX;
    best.nullable = fs_open;
    if (!best.first_ok) {
        literal_set_release(&best.first);
    }
    literal_set_release(&opt.set);
    buf_release(&lit);
    best.never = never;
    best.end = state;
    best.width = width;
    best.runs = runs_best;
    best.exact = exact;
    best.exact_ok = exact_ok;
    if (!exact_ok) {
        literal_set_release(&best.exact);
    }
    *out = best;
}

static void
parse_alternation(struct parser *p, struct req *out)
{
    struct req all = {.ok = true,
                      .exact_ok = true,
                      .anchor_left = true,
                      .end = BEFORE_NOT_WORD,
                      .first_ok = true};
    enum before in = p->left_in; /* every branch starts there */
    bool seconds = true;         /* every branch so far has a second requirement */
    bool anchors = true;         /* every branch so far has an anchor */
    bool anchors0 = true;        /* and a lead-0 one */
    bool first = true;
    bool never = true; /* every branch so far never matches */

    for (;;) {
        struct req branch = {0};
        p->left_in = in;
        parse_sequence(p, &branch);
        if (branch.never) {
            /* no match goes through it: it requires nothing of a match */
            req_release(&branch);
            if (p->failed || p->pos >= p->len || p->s[p->pos] != '|') {
                break;
            }
            p->pos++;
            continue;
        }
        never = false;
        if (!branch.ok) {
            all.ok = false;
        }
        all.width = ext_max(all.width, branch.width);
        all.runs = first ? branch.runs : runs_min(all.runs, branch.runs);
        first = false;
        anchors &= branch.anchor.n > 0;
        all.anchor_lead = ext_max(all.anchor_lead, branch.anchor_lead);
        all.anchor_left = all.anchor_left && branch.anchor_left;
        all.end = before_either(all.end, branch.end);
        all.first_ok &= branch.first_ok && all.first.n + branch.first.n <= FIRST_CHARS_MAX;
        if (all.first_ok) {
            set_move(&all.first, &branch.first);
        }
        all.nullable |= branch.nullable;
        set_move(&all.end_keys, &branch.end_keys);
        set_move(&all.end_next, &branch.end_next);
        all.exact_ok &= branch.exact_ok && all.exact.n + branch.exact.n <= RUN_SET_MAX;
        if (all.exact_ok) {
            set_move(&all.exact, &branch.exact);
        }
        if (anchors) {
            set_move(&all.anchor, &branch.anchor);
        }
        anchors0 &= branch.anchor0.n > 0;
        if (anchors0) {
            set_move(&all.anchor0, &branch.anchor0);
        }
        seconds &= branch.second.n > 0;
        /* Whichever branch matched guarantees its own first and second requirements, so the
         * unions of the firsts and of the seconds are both required. */
        if (all.ok) {
            set_move(&all.set, &branch.set);
        }
        if (all.ok && seconds) {
            set_move(&all.second, &branch.second);
        }
        req_release(&branch);
        if (p->failed || p->pos >= p->len || p->s[p->pos] != '|') {
            break;
        }
        p->pos++;
    }
    if (never) {
        /* no branch matches: nothing to require, and a sequence holding it never matches */
        all.ok = false;
        anchors = anchors0 = seconds = false;
        all.never = true;
        all.first_ok = false;
    }
    if (!all.first_ok) {
        literal_set_release(&all.first);
    }
    if (!all.ok) {
        /* no required literal set; the anchors, which do not depend on one, stay */
        literal_set_release(&all.set);
        literal_set_release(&all.second);
        literal_set_release(&all.exact);
        all.exact_ok = false;
    }
    if (!seconds) {
        literal_set_release(&all.second);
    }
    if (!anchors) {
        literal_set_release(&all.anchor);
    }
    if (!anchors0) {
        literal_set_release(&all.anchor0);
    }
    if (!all.exact_ok) {
        literal_set_release(&all.exact);
    }
    literal_set_unique(&all.set);
    literal_set_unique(&all.second);
    literal_set_unique(&all.anchor);
    literal_set_unique(&all.anchor0);
    literal_set_unique(&all.exact);
    literal_set_unique(&all.first);
    literal_set_unique(&all.end_keys);
    literal_set_unique(&all.end_next);
    *out = all;
}

static int
by_entry_key(const void *a, const void *b)
{
    return strcmp(((const struct ext_entry *)a)->key, ((const struct ext_entry *)b)->key);
}

/* Sort the map and merge the entries of each literal: bad if one is, else their union. */
static void
ext_finish(struct ext_map *m)
{
    size_t out = 0;

    if (m->n) {
        qsort(m->v, m->n, sizeof(*m->v), by_entry_key);
    }
    for (size_t i = 0; i < m->n;) {
        struct ext_entry e = m->v[i];
        size_t j = i + 1;
        for (; j < m->n && !strcmp(m->v[j].key, e.key); j++) {
            e.bad |= m->v[j].bad;
            set_move(&e.ext, &m->v[j].ext);
            free(m->v[j].key);
        }
        literal_set_unique(&e.ext);
        m->v[out++] = e;
        i = j;
    }
    m->n = out;
}

static void
ext_release(struct ext_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].key);
        literal_set_release(&m->v[i].ext);
    }
    free(m->v);
    *m = (struct ext_map){0};
}

/* The most literals a set grows to by literals_extend (beyond, it keeps its own). */
#define EXT_SET_MAX 512

/* Each literal of set whose followers the map knows stands for those strings instead. */
static void
literals_extend(struct literal_set *set, const struct ext_map *m)
{
    struct literal_set out = {0};
    bool any = false;

    for (size_t i = 0; i < set->n; i++) {
        struct ext_entry key = {.key = set->v[i]};
        const struct ext_entry *e =
            m->n ? bsearch(&key, m->v, m->n, sizeof(*m->v), by_entry_key) : NULL;
        if (e && !e->bad && e->ext.n) {
            for (size_t k = 0; k < e->ext.n; k++) {
                literal_set_append(&out, e->ext.v[k]);
            }
            any = true;
        } else {
            literal_set_append(&out, set->v[i]);
        }
    }
    literal_set_unique(&out);
    if (!any || out.n > EXT_SET_MAX) {
        literal_set_release(&out);
        return;
    }
    literal_set_release(set);
    *set = out;
}

size_t
literals_analyse(const char *src, struct literal_set *first, struct literal_set *second,
                 struct literal_set *anchor, struct literal_lead *lead, struct literal_runs *runs)
{
    bool left;

    return literals_analyse_left(src, first, second, anchor, lead, &left, runs);
}

size_t
literals_analyse_left(const char *src, struct literal_set *first, struct literal_set *second,
                      struct literal_set *anchor, struct literal_lead *lead, bool *anchor_left,
                      struct literal_runs *runs)
{
    struct ext_map map = {0};
    struct parser p = {.s = src, .len = strlen(src), .map = &map};
    struct req r = {0};

    memset(first, 0, sizeof(*first));
    memset(second, 0, sizeof(*second));
    memset(anchor, 0, sizeof(*anchor));
    *lead = NO_BOUND;
    *anchor_left = false;
    /* Leading (*UTF)-style verbs and option settings are handled by the group parser. */
    parse_alternation(&p, &r);
    /* (a pattern that never matches is left to its regex: it is no case worth modelling) */
    p.failed |= r.never;
    *runs = p.failed || p.pos != p.len ? (struct literal_runs){0, 0, 0} : r.runs;
    if (p.failed || p.pos != p.len) {
        req_release(&r);
        ext_release(&map);
        return 0;
    }
    /* what ends a match may be followed by anything */
    struct pending last = {r.end_keys, {0}};
    r.end_keys = (struct literal_set){0};
    pending_settle(&last, &map, false);
    if (r.ok && r.set.n) {
        *first = r.set;
        *second = r.second;
    } else {
        literal_set_release(&r.set); /* no literal is required, but there may be an anchor */
        literal_set_release(&r.second);
    }
    literal_set_release(&r.exact);
    /*
     * A lead-0 anchor no worse than the best one (nor with more very common short words: "i "
     * for "i am" hits at every "I think") wins: its windows start at the hit, where the
     * regex's leading assertion can rule most hits out without a search ("hi" in "this" for a
     * greeting whose "good morning" branch alone anchors later, on " morning").
     */
    if (r.anchor0.n && r.anchor.n && !lead_zero(r.anchor_lead) && !better(&r.anchor, &r.anchor0) &&
        common_literals(&r.anchor0, SHORT_WORD_MAX) <= common_literals(&r.anchor, SHORT_WORD_MAX)) {
        take_set(&r.anchor, &r.anchor0);
        r.anchor_lead = ZERO;
        r.anchor_left = false; /* a lead of 0: the regex's leading assertions say (regex_left.c) */
    }
    literal_set_release(&r.anchor0);
    if (!p.start_bound && r.anchor.n) {
        *anchor = r.anchor;
        *lead = r.anchor_lead;
        *anchor_left = r.anchor_left;
    } else {
        literal_set_release(&r.anchor);
    }
    ext_finish(&map);
    literals_extend(first, &map);
    literals_extend(second, &map);
    literals_extend(anchor, &map);
    ext_release(&map);
    literal_set_release(&r.first);
    literal_set_release(&r.end_next);
    return first->n == 0 ? 0 : second->n ? 2 : 1;
}

struct literal_lead
literals_width(const char *src)
{
    struct parser p = {.s = src, .len = strlen(src)};
    struct req r = {0};

    parse_alternation(&p, &r);
    struct literal_lead width = p.failed || p.pos != p.len || r.never ? NO_BOUND : r.width;
    req_release(&r);
    return width;
}

size_t
literals_required2(const char *src, struct literal_set *first, struct literal_set *second)
{
    struct literal_set anchor;
    struct literal_lead lead;
    struct literal_runs runs;
    size_t n = literals_analyse(src, first, second, &anchor, &lead, &runs);

    literal_set_release(&anchor);
    return n;
}

bool
literals_required(const char *src, struct literal_set *out)
{
    struct literal_set second;
    bool found = literals_required2(src, out, &second) > 0;

    literal_set_release(&second);
    return found;
}
