/*
 * From candidates to findings. Three steps:
 *   1. veil's own placeholders ("[EMAIL]", "[PERSON_3fa91c2e]") are never PII, so candidates are
 *      trimmed off them: re-scrubbing scrubbed text changes nothing;
 *   2. overlapping candidates form one finding labelled by the longest (then highest-scoring)
 *      one, or by one that covers another and that a nearer label names (a table cell's header,
 *      a field's key, a pattern's cue), spanning their union, so no detected byte is left out;
 *   3. pieces of one value that touch, or are split by one space, '-' or '.', are merged when they
 *      have the same entity ("John" + "Smith").
 */
#include "scrub/engine_internal.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

void
spans_push(struct spans *sp, size_t s, size_t e)
{
    if (sp->n == sp->cap) {
        sp->cap = sp->cap ? size_mul(sp->cap, 2) : 16;
        sp->v = xrealloc(sp->v, size_mul(sp->cap, sizeof(*sp->v)));
    }
    sp->v[sp->n][0] = s;
    sp->v[sp->n][1] = e;
    sp->n++;
}

int
find_placeholders(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    size_t pos = 0;

    e->placeholders.n = 0;
    if (!memchr(text, '[', len)) {
        return 0;
    }
    while (pos < len) {
        PCRE2_SIZE *ov;
        int rc = engine_match(e, e->rules->placeholder_re, text, len, pos, "placeholder", err);
        if (rc <= 0) {
            return rc;
        }
        ov = pcre2_get_ovector_pointer(e->md);
        spans_push(&e->placeholders, ov[0], ov[1]);
        pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    return 0;
}

/* Trim c off every placeholder; false when nothing of it is left. */
static bool
trim_placeholders(const struct spans *ph, struct candidate *c)
{
    for (size_t i = 0; i < ph->n && c->end > c->start; i++) {
        size_t ps = ph->v[i][0], pe = ph->v[i][1];
        if (c->end <= ps || c->start >= pe) {
            continue;
        }
        if (c->start >= ps && c->end <= pe) {
            return false;
        }
        if (c->start >= ps) {
            c->start = pe;
        } else if (c->end <= pe) {
            c->end = ps;
        }
        /* A placeholder strictly inside a candidate stays covered by it. */
    }
    return c->end > c->start;
}

/*
 * Whether the character at text[i] (n bytes: 1 or 2) is part of a word of a script written with
 * spaces: an ASCII letter or digit, a Latin, Greek or Cyrillic letter, or a combining mark. CJK
 * and Thai are left out: a word there does not end before the next one.
 */
static bool
word_char_at(const unsigned char *text, size_t len, size_t i, size_t *n)
{
    unsigned char c = text[i];

    *n = 1;
    if (c < 0x80) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    }
    if (c < 0xC3 || c > 0xD3 || i + 1 >= len || (text[i + 1] & 0xC0) != 0x80) {
        return false;
    }
    unsigned cp = (unsigned)(c & 0x1F) << 6 | (text[i + 1] & 0x3F);
    *n = 2;
    return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp != 0x37E && cp != 0x387 && cp != 0x482 &&
           (cp <= 0x24F || cp >= 0x300);
}

/*
 * A name ends where its word does: a pattern that stops inside one ("Clar" of "Clar4", "JoNa"
 * of "JoNaS") would leave the rest of the name in the release.
 */
static void
grow_name_to_word(const unsigned char *text, size_t len, struct candidate *c)
{
    size_t n;

    if (strcmp(c->rule->entity, "PERSON") != 0 || c->end == c->start) {
        return;
    }
    size_t last = c->end - 1;
    while (last > c->start && (text[last] & 0xC0) == 0x80) {
        last--;
    }
    if (!word_char_at(text, len, last, &n)) {
        return; /* it ends on punctuation: a word boundary already */
    }
    while (c->end < len && word_char_at(text, len, c->end, &n)) {
        c->end += n;
    }
}

/*
 * The code point starting at text[i] and its length, or a length of 0 (invalid UTF-8, or the end).
 */
static size_t
code_point_at(const unsigned char *t, size_t len, size_t i, UChar32 *cp)
{
    int32_t at = 0, n = (int32_t)(len - i < 4 ? len - i : 4);

    if (i >= len) {
        return 0;
    }
    U8_NEXT(t + i, at, n, *cp);
    return *cp < 0 ? 0 : (size_t)at;
}

/* A letter alone, with the marks on it: the bytes it takes at text[i], or 0. */
static size_t
letter_unit_at(const unsigned char *t, size_t len, size_t i)
{
    UChar32 cp;
    size_t n = code_point_at(t, len, i, &cp), at;

    if (n == 0 || !u_isalpha(cp)) {
        return 0;
    }
    for (at = i + n; (n = code_point_at(t, len, at, &cp)) > 0 && (U_GET_GC_MASK(cp) & U_GC_M_MASK);
         at += n) {
    }
    return at - i;
}

/* The start of the letter whose unit (the letter and its marks) ends at text[end - 1], or end. */
static size_t
letter_unit_before(const unsigned char *t, size_t len, size_t end)
{
    size_t s = end;

    while (s > 0) {
        s--;
        while (s > 0 && (t[s] & 0xC0) == 0x80) {
            s--;
        }
        UChar32 cp;
        if (code_point_at(t, len, s, &cp) == 0) {
            return end;
        }
        if (!(U_GET_GC_MASK(cp) & U_GC_M_MASK)) {
            return u_isalpha(cp) ? s : end;
        }
    }
    return end;
}

/*
 * A name spelled one letter at a time ("L a r r a ñ a g a", "M·a·r·í·a") is read by the view only
 * while its letters are ASCII, so a finding there can stop at the first other letter and leave
 * the rest of the word in the release. A PERSON finding that ends in two lone letters with one
 * separator between them grows over the lone letters that follow with that same separator.
 */
static void
grow_spaced_name(const unsigned char *text, size_t len, struct candidate *c)
{
    size_t last, sep, prev, n;

    if (strcmp(c->rule->entity, "PERSON") != 0 || c->end == c->start) {
        return;
    }
    last = letter_unit_before(text, len, c->end);
    if (last == c->end || last <= c->start) {
        return;
    }
    sep = last - 1;
    while (sep > c->start && (text[sep] & 0xC0) == 0x80) {
        sep--;
    }
    UChar32 sp, x;
    size_t sl = code_point_at(text, len, sep, &sp);
    if (sl == 0 || sep + sl != last || u_isalnum(sp) || u_iscntrl(sp) ||
        (U_GET_GC_MASK(sp) & U_GC_M_MASK) || (prev = letter_unit_before(text, len, sep)) == sep ||
        prev < c->start || (prev > 0 && letter_unit_before(text, len, prev) != prev)) {
        return; /* not "x y" at the end, each letter alone */
    }
    while (c->end + sl < len && memcmp(text + c->end, text + sep, sl) == 0 &&
           (n = letter_unit_at(text, len, c->end + sl)) > 0) {
        size_t after = c->end + sl + n;
        if (code_point_at(text, len, after, &x) > 0 &&
            (u_isalnum(x) || (U_GET_GC_MASK(x) & U_GC_M_MASK))) {
            break; /* the next word is a whole word, not another lone letter */
        }
        c->end = after;
    }
}

/*
 * The length of the invisible character starting at text[i], or 0: a default-ignorable code
 * point (zero-width space, joiners, word joiner, byte-order mark, soft hyphen, bidi controls,
 * variation selectors, tag characters, Hangul and Mongolian fillers) or another format
 * character. With marks, a combining mark counts too: it belongs to the letter before it.
 */
static size_t
invisible_at(const unsigned char *t, size_t len, size_t i, bool marks)
{
    UChar32 cp;
    int32_t at = 0, n = (int32_t)(len - i < 4 ? len - i : 4);

    if (t[i] < 0x80) {
        return 0; /* the common case: no ASCII character is invisible */
    }
    U8_NEXT(t + i, at, n, cp);
    if (cp < 0) {
        return 0;
    }
    if (u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
        u_charType(cp) == U_FORMAT_CHAR || (marks && (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0)) {
        return (size_t)at;
    }
    return 0;
}

/* The start of the character that ends at text[end - 1]. */
static size_t
char_start_before(const unsigned char *t, size_t end)
{
    size_t s = end - 1;

    while (s > 0 && end - s < 4 && (t[s] & 0xC0) == 0x80) {
        s--;
    }
    return s;
}

/*
 * A finding takes the invisible characters right before and after it, and the combining marks
 * after it: the view drops them, so a value found through it ends at its last visible
 * character, and one typed with a zero-width space, a tag character or a variation selector at
 * either end ("\u200bMaria Lopez", "Maria Lopez\U000E0041") or a mark on its last letter would
 * leave that character outside the redaction.
 */
static void
grow_over_invisibles(const unsigned char *text, size_t len, struct candidate *c)
{
    size_t n;

    while (c->end < len && (n = invisible_at(text, len, c->end, true)) > 0) {
        c->end += n;
    }
    while (c->start > 0) {
        size_t s = char_start_before(text, c->start);
        if (invisible_at(text, len, s, false) != c->start - s) {
            break;
        }
        c->start = s;
    }
}

/*
 * Whether a candidate runs from one table cell over a separator into the next: a pattern whose
 * blanks took a tab ("691 779 714\t480-861948-927" under two columns). Such a span is no one
 * value, and each cell is judged under its own column. The gaps are disjoint and in text order
 * (tables are read top to bottom), so only the first gap that starts after the candidate can
 * be the one it crosses: a binary search, as a text may hold a table of many thousand cells.
 */
static bool
crosses_cell_gap(const struct spans *gaps, const struct candidate *c)
{
    size_t lo = 0, hi = gaps->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gaps->v[mid][0] <= c->start) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < gaps->n && c->end > gaps->v[lo][1];
}

static int
by_start(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;

    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    if (x->end != y->end) {
        return x->end > y->end ? -1 : 1;
    }
    if (x->score != y->score) {
        return x->score > y->score ? -1 : 1;
    }
    return 0;
}

#define CUE_TIGHT 24 /* bytes from a cue's start to its value: "taxpayer reference is " */

/* Whether text[from, to) holds a digit: another value lies between a cue and the next one. */
static bool
digit_between(const unsigned char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (text[i] >= '0' && text[i] <= '9') {
            return true;
        }
    }
    return false;
}

/* Whether text[from, to) is a number: digits and separators, no letter of any script. */
static bool
digits_only(const unsigned char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z') {
            return false;
        }
        if (text[i] >= 0x80) {
            return false;
        }
    }
    return true;
}

/* Where c's evidence starts: a checksum that confirmed it (score 1.0) is its own, at its start. */
static size_t
evidence_at(const struct candidate *c)
{
    return c->score >= 1.0 && c->lead == CUE_NONE ? c->start : c->lead;
}

/*
 * Whether x's span holds y's and nearer evidence names x. A label (a header, a field's key)
 * beats a shape and a cue that starts before it; a checksum counts as evidence at the value
 * itself (a card number under "pan" stays a card). A cue beats another cue that is farther off
 * past another value ("DL# F489745038, Pass. No 20KP67757"), but not one that only says more
 * ("National Insurance number" over its "Insurance number"). It beats a shape only over a bare
 * number, and only when it ends right before it: on its line, at most CUE_TIGHT bytes from its
 * start to the value ("tax ID 7991279597" is no phone). A number's digits say little about what
 * it numbers; a letter in the value does (the layout of a National Insurance number says more
 * than the cue "insurance number", an e-mail address more than "password:"), and a cue on the
 * line above may head another column.
 */
static bool
named_nearer(const struct candidate *x, const struct candidate *y, const unsigned char *text)
{
    size_t ex = evidence_at(x), ey = evidence_at(y);

    if (x->start > y->start || x->end < y->end || ex == CUE_NONE) {
        return false;
    }
    if (x->labelled) {
        return ey == CUE_NONE || ex > ey;
    }
    if (ey == CUE_NONE) {
        return x->start - ex <= CUE_TIGHT && !memchr(text + ex, '\n', x->start - ex) &&
               digits_only(text, y->start, y->end);
    }
    return !y->labelled && ex > ey && digit_between(text, ey, ex);
}

/*
 * Whether a takes the entity of a cluster from b. A candidate of another entity that covers the
 * other and is named by nearer evidence decides, whatever the scores: it is one value read two
 * ways (an NHS number in a column headed "NHS No." is no phone number for its shape). A shorter
 * one inside (a cued name inside an e-mail address) does not.
 * Otherwise the longer one, then the higher score, decides.
 */
static bool
beats(const struct candidate *a, const struct candidate *b, const unsigned char *text)
{
    size_t la = a->end - a->start, lb = b->end - b->start;

    if (strcmp(a->rule->entity, b->rule->entity) != 0) {
        if (named_nearer(a, b, text)) {
            return true;
        }
        if (named_nearer(b, a, text)) {
            return false;
        }
    }
    if (la != lb) {
        return la > lb;
    }
    return a->score > b->score;
}

static void
findings_push(struct scrub_findings *out, const struct candidate *w, size_t start, size_t end)
{
    struct scrub_finding *f;

    if (out->n == out->cap) {
        out->cap = out->cap ? size_mul(out->cap, 2) : 16;
        out->v = xrealloc(out->v, size_mul(out->cap, sizeof(*out->v)));
    }
    f = &out->v[out->n++];
    f->entity = w->rule->entity;
    f->subtype = w->rule->subtype;
    f->rule = w->rule->name;
    f->start = start;
    f->end = end;
    f->score = w->score;
}

/* The length of a quote mark or bracket at p (ASCII, curly quotes, guillemets), or 0. */
static size_t
quote_at(const unsigned char *p, size_t n)
{
    static const char *const marks[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98",
                                        "\xe2\x80\x99", "\xc2\xab",     "\xc2\xbb"};
    if (n >= 1 && (*p == '"' || *p == '\'' || *p == '(' || *p == ')')) {
        return 1;
    }
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        size_t k = strlen(marks[i]);
        if (n >= k && memcmp(p, marks[i], k) == 0) {
            return k;
        }
    }
    return 0;
}

/* A name's nickname in quotes or brackets between its parts: 'Oluwunmi "Sully" Nader'. */
static bool
nickname_joint(const unsigned char *gap, size_t n)
{
    size_t q;
    if (n >= 2 && gap[0] == ' ' && (q = quote_at(gap + 1, n - 1)) == n - 1) {
        return true; /* ' "' before the nickname */
    }
    return n >= 2 && gap[n - 1] == ' ' && quote_at(gap, n - 1) == n - 1; /* '" ' after it */
}

bool
finding_continues(const struct scrub_finding *prev, const char *entity, size_t start,
                  const unsigned char *text)
{
    if (strcmp(prev->entity, entity) != 0 || start < prev->end) {
        return false;
    }
    if (start == prev->end) {
        return true;
    }
    if (start == prev->end + 1) {
        return text[prev->end] == ' ' || text[prev->end] == '-' || text[prev->end] == '.';
    }
    return start - prev->end <= 4 && strcmp(entity, "PERSON") == 0 &&
           nickname_joint(text + prev->end, start - prev->end);
}

/* Emit one cluster, merging it into the previous finding when it is another piece of it. */
static void
emit(struct scrub_findings *out, const struct candidate *w, size_t start, size_t end,
     const unsigned char *text)
{
    struct scrub_finding *prev = out->n ? &out->v[out->n - 1] : NULL;

    if (prev && finding_continues(prev, w->rule->entity, start, text)) {
        prev->end = end;
        if (w->score > prev->score) {
            prev->score = w->score;
        }
        return;
    }
    findings_push(out, w, start, end);
}

/*
 * Whether a candidate is a piece of a value that another entity's allow list dropped: inside it
 * and shorter (or, with whole, the same bytes too). The whole value may still be a value of the
 * candidate's own entity (an allow list says only what its own entity's value is not: a passport
 * specimen's digits can be a tax number); a decoy the text calls invalid is no one's (whole).
 */
static bool
inside_sample(const struct candidates *samples, const struct candidate *c, bool whole)
{
    for (size_t i = 0; i < samples->n; i++) {
        const struct candidate *s = &samples->v[i];
        if (s->start <= c->start && c->end <= s->end &&
            (whole || c->end - c->start < s->end - s->start) &&
            strcmp(s->rule->entity, c->rule->entity) != 0) {
            return true;
        }
    }
    return false;
}

int
resolve_findings(struct scrub_engine *e, const unsigned char *text, size_t len,
                 struct scrub_findings *out, struct err *err)
{
    struct candidates *c = &e->cands;
    size_t kept = 0, cs = 0, ce = 0;
    const struct candidate *winner = NULL;

    (void)err;
    if (!c->n) {
        return 0;
    }
    for (size_t i = 0; i < c->n; i++) {
        if ((!e->placeholders.n || trim_placeholders(&e->placeholders, &c->v[i])) &&
            !crosses_cell_gap(&e->cell_gaps, &c->v[i]) &&
            (!e->samples.n || !inside_sample(&e->samples, &c->v[i], false)) &&
            (!e->decoys.n || !inside_sample(&e->decoys, &c->v[i], true))) {
            grow_name_to_word(text, len, &c->v[i]);
            grow_spaced_name(text, len, &c->v[i]);
            grow_over_invisibles(text, len, &c->v[i]);
            c->v[kept++] = c->v[i];
        }
    }
    c->n = kept;
    qsort(c->v, c->n, sizeof(*c->v), by_start);
    for (size_t i = 0; i < c->n; i++) {
        const struct candidate *x = &c->v[i];
        if (winner && x->start < ce) {
            ce = x->end > ce ? x->end : ce;
            winner = beats(x, winner, text) ? x : winner;
            continue;
        }
        if (winner) {
            emit(out, winner, cs, ce, text);
        }
        winner = x;
        cs = x->start;
        ce = x->end;
    }
    if (winner) {
        emit(out, winner, cs, ce, text);
    }
    return 0;
}
