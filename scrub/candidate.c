/*
 * Judging one candidate, with Presidio's semantics: the pattern's score, a validator that can
 * veto it (or, when it is a real checksum, raise it to 1.0) and the allow list. A candidate
 * below min_score that context could lift is decided later, in context.c.
 */
#include "scrub/engine_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "scrub/validate_internal.h"

#include "common/banned.h"

void
candidates_push(struct candidates *c, size_t start, size_t end, double score, const struct rule *r,
                bool needs_context, size_t lead, bool labelled)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? size_mul(c->cap, 2) : 64;
        c->v = xrealloc(c->v, size_mul(c->cap, sizeof(*c->v)));
    }
    c->v[c->n].start = start;
    c->v[c->n].end = end;
    c->v[c->n].score = score;
    c->v[c->n].rule = r;
    c->v[c->n].needs_context = needs_context;
    c->v[c->n].lead = lead;
    c->v[c->n].labelled = labelled;
    c->n++;
}

static bool
is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char
ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* The order of a sorted allow list: by length, then bytes with ASCII case ignored. */
static int
allow_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
    if (an != bn) {
        return an < bn ? -1 : 1;
    }
    for (size_t i = 0; i < an; i++) {
        unsigned char x = ascii_lower(a[i]), y = ascii_lower(b[i]);
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

static int
allow_qsort_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;

    return allow_cmp((const unsigned char *)x, strlen(x), (const unsigned char *)y, strlen(y));
}

void
allow_list_sort(struct string_list *allow)
{
    if (allow->n > 1) {
        qsort(allow->v, allow->n, sizeof(*allow->v), allow_qsort_cmp);
    }
}

/* Whether the sorted list holds s[0, n), ASCII case ignored. */
static bool
allow_has(const struct string_list *allow, const unsigned char *s, size_t n)
{
    size_t lo = 0, hi = allow->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *a = allow->v[mid];
        int c = allow_cmp((const unsigned char *)a, strlen(a), s, n);
        if (c == 0) {
            return true;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return false;
}

/*
 * Equal to an entry, or ending in it right after a non-alphanumeric byte ("x@example.com"):
 * each such ending is looked up in the sorted list.
 */
static bool
rule_allow_has(const struct rule *r, const unsigned char *s, size_t n)
{
    return allow_has(&r->allow, s, n) || (r->allow_file && allow_has(r->allow_file, s, n));
}

static bool
has_allow_list(const struct rule *r)
{
    return r->allow.n || (r->allow_file && r->allow_file->n);
}

/*
 * The length of s without a generational suffix at its end (" Jr.", ", Sr", " III"), or len when
 * it has none: "Martin Luther King Jr." is the listed "Martin Luther King".
 */
static size_t
without_generation(const unsigned char *s, size_t len)
{
    static const char *const suffixes[] = {"Jr.", "Jr", "Sr.", "Sr", "Jnr",
                                           "Snr", "II", "III", "IV"};

    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        size_t n = strlen(suffixes[i]), k;
        if (len <= n + 1 || memcmp(s + len - n, suffixes[i], n) || s[len - n - 1] != ' ') {
            continue;
        }
        k = len - n - 1;
        if (s[k - 1] == ',') {
            k--;
        }
        return k;
    }
    return len;
}

/*
 * Whether s, or its end from a word's start on, is listed ("Mr. Obama" ends in "Obama"), with or
 * without a generational suffix ("Martin Luther King Jr."). A word's start follows a byte that is
 * no letter or digit, but not a hyphen inside a word: the end of "Durand-Gandhi" is a hyphenated
 * surname, not the public figure's.
 */
static bool
allowed(const struct rule *r, const unsigned char *s, size_t len)
{
    size_t k;

    for (size_t at = 0; at <= len; at++) {
        bool word_start = at == 0 || (!is_alnum(s[at - 1]) &&
                                      !(s[at - 1] == '-' && at >= 2 && is_alnum(s[at - 2])));
        if (word_start && rule_allow_has(r, s + at, len - at)) {
            return true;
        }
    }
    k = without_generation(s, len);
    return k < len && allowed(r, s, k);
}

/* The longest name a spelling slip is looked up for, in bytes. */
#define SLIP_MAX 64

/*
 * Whether a name of two words or more, each of three letters or more (ASCII letters, blanks, '.',
 * '-' and apostrophes), is a listed one with the commonest slip of its spelling: a doubled letter
 * written once or a single one twice ("Hilary Clinton", "Phillip Roth" for "Philip Roth"), or its
 * final 's' or 'e' left off ("Ryan Reynold", "Ray Charle"). Only a slip that keeps the name's
 * sound: a letter changed ("Tom Banks" for "Tom Hanks") is another person's name.
 */
static bool
allowed_with_slip(const struct rule *r, const unsigned char *s, size_t len)
{
    unsigned char v[SLIP_MAX + 1];
    size_t words = 0, run = 0, shortest = SIZE_MAX;

    if (len < 7 || len >= SLIP_MAX) {
        return false;
    }
    for (size_t i = 0; i <= len; i++) {
        if (i < len && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) {
            run++;
            continue;
        }
        if (i < len && s[i] != ' ' && s[i] != '.' && s[i] != '-' && s[i] != '\'') {
            return false;
        }
        if (run) {
            words++;
            shortest = run < shortest ? run : shortest;
        }
        run = 0;
    }
    if (words < 2 || shortest < 3) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        bool letter = (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
        /* a letter written twice: the name with it once */
        if (letter && i + 1 < len && (s[i] | 0x20) == (s[i + 1] | 0x20)) {
            memcpy(v, s, i);
            memcpy(v + i, s + i + 1, len - i - 1);
            if (rule_allow_has(r, v, len - 1)) {
                return true;
            }
        }
        /* a letter written once where it is doubled: not at a word's start */
        if (letter && i > 0 && s[i - 1] != ' ' &&
            (i + 1 == len || (s[i + 1] | 0x20) != (s[i] | 0x20))) {
            memcpy(v, s, i + 1);
            memcpy(v + i + 1, s + i, len - i);
            if (rule_allow_has(r, v, len + 1)) {
                return true;
            }
        }
    }
    memcpy(v, s, len);
    v[len] = 's';
    if (rule_allow_has(r, v, len + 1)) {
        return true;
    }
    v[len] = 'e';
    return rule_allow_has(r, v, len + 1);
}

/* Whether text[i] is a byte of a word: an ASCII letter or digit, or part of a non-ASCII letter. */
static bool
word_byte(unsigned char c)
{
    return is_alnum(c) || c >= 0x80;
}

/* The start of the capitalised word that ends a blank before p, or p when there is none. */
static size_t
capitalised_word_before(const unsigned char *text, size_t p)
{
    size_t q;

    if (p < 2 || text[p - 1] != ' ') {
        return p;
    }
    q = p - 1;
    while (q > 0 && word_byte(text[q - 1])) {
        q--;
    }
    return q < p - 1 && text[q] >= 'A' && text[q] <= 'Z' ? q : p;
}

/* The end of the capitalised word that starts a blank after p, or p when there is none. */
static size_t
capitalised_word_after(const unsigned char *text, size_t len, size_t p)
{
    size_t q = p + 1;

    if (q >= len || text[p] != ' ' || !(text[q] >= 'A' && text[q] <= 'Z')) {
        return p;
    }
    while (q < len && word_byte(text[q])) {
        q++;
    }
    return q;
}

/*
 * Whether text[s, e) with up to two capitalised words before it and up to two after it, a blank
 * apart, is a name on r's allow list (with at least one of them: s to e alone was judged).
 */
static bool
allowed_with_neighbours(const struct rule *r, const unsigned char *text, size_t len, size_t s,
                        size_t e)
{
    size_t lo[3] = {s, s, s}, hi[3] = {e, e, e};

    for (int k = 1; k < 3; k++) {
        lo[k] = capitalised_word_before(text, lo[k - 1]);
        hi[k] = capitalised_word_after(text, len, hi[k - 1]);
    }
    for (int b = 0; b < 3; b++) {
        for (int a = 0; a < 3; a++) {
            if ((a || b) && (b == 0 || lo[b] < lo[b - 1]) && (a == 0 || hi[a] > hi[a - 1]) &&
                rule_allow_has(r, text + lo[b], hi[a] - lo[b])) {
                return true;
            }
        }
    }
    return false;
}

bool
candidate_part_of_allowed_name(const struct rule *r, const unsigned char *text, size_t len,
                               size_t start, size_t end)
{
    size_t n = end - start;

    if (!has_allow_list(r) || n < 2) {
        return false;
    }
    for (size_t p = 0; p + n <= len; p++) {
        const unsigned char *hit = memchr(text + p, text[start], len - n - p + 1);
        if (!hit) {
            break;
        }
        p = (size_t)(hit - text);
        if (!memcmp(hit, text + start, n) && (p == 0 || !word_byte(text[p - 1])) &&
            (p + n == len || !word_byte(text[p + n])) &&
            allowed_with_neighbours(r, text, len, p, p + n)) {
            return true;
        }
    }
    return false;
}

bool
candidate_allowed_in_view(const struct rule *r, const struct norm_view *v, size_t start, size_t end)
{
    if (!has_allow_list(r) || !v->text.len) {
        return false;
    }
    size_t vs = norm_view_offset(v, start), ve = norm_view_offset(v, end);
    return ve > vs && allowed(r, v->text.data + vs, ve - vs);
}

/*
 * A validated value (a card, an IBAN, an SSN) or a phone number with its separators removed, as
 * its validator reads it: a published test number or a public hotline is one in any layout
 * ("4242.4242.4242.4242", "(800) 222-1222"), and the lists keep each number's compact form, or
 * a compact prefix and '*' for a block of numbers that all belong to one public body.
 */
static bool
allowed_compact(const struct rule *r, const unsigned char *s, size_t len)
{
    unsigned char compact[64];
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (is_alnum(s[i])) {
            if (n == sizeof(compact)) {
                return false;
            }
            compact[n++] = s[i];
        }
    }
    if (!n || n >= len) {
        return false;
    }
    if (rule_allow_has(r, compact, n)) {
        return true;
    }
    /* an entry ending in '*' allows every value that starts with it ("1202225*": the House of
     * Representatives' offices); each prefix of four or more characters is looked up so */
    for (size_t k = n - 1; k >= 4; k--) {
        unsigned char saved = compact[k];
        compact[k] = '*';
        bool hit = rule_allow_has(r, compact, k + 1);
        compact[k] = saved;
        if (hit) {
            return true;
        }
    }
    return false;
}

/*
 * The area code 555, which North America does not assign ("(555) 555-2671" is a film's
 * number), written as its own group: "(555)", "555-", "+1 555 ". Digits alone do not say it:
 * Mexico City's "55 5685 0939" starts with the same three digits.
 */
static bool
written_area_555(const unsigned char *s, size_t len)
{
    size_t i = 0;

    if (i < len && s[i] == '+') {
        i++;
    }
    if (i + 1 < len && s[i] == '1' && !(s[i + 1] >= '0' && s[i + 1] <= '9')) {
        for (i++; i < len && (s[i] == ' ' || s[i] == '-' || s[i] == '.'); i++) {
        }
    }
    if (i < len && s[i] == '(') {
        i++;
    }
    return i + 3 < len && !memcmp(s + i, "555", 3) && !(s[i + 3] >= '0' && s[i + 3] <= '9');
}

/*
 * A North American number no subscriber can have: exchange 555 in any area code (555-0100..0199
 * is reserved for fiction, and NANPA assigns no other 555 line to a subscriber: the rest serve
 * public information services such as 555-1212), as seven digits (555-0134, 555-2994), ten whose
 * area code starts 2-9 (415-555-0134), or eleven after the country code 1 (+1 415 555 0134); or
 * any number in the unassigned area code 555. On hh-rlhf 13 of 24 phone findings were such
 * numbers, made up as a person's ("(512) 555-2994", "555-1234"). A '+'
 * with another country code, or a trunk 0, is a number of another plan whose last digits only look
 * alike (+354 555 0134 is a real Reykjavik line, 020 7555 0134 a London one), so it stays PII.
 */
static bool
fictional_phone(const unsigned char *s, size_t len)
{
    char d[16];
    size_t n = 0;
    bool plus = false;

    for (size_t i = 0; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (n == sizeof(d)) {
                return false;
            }
            d[n++] = (char)s[i];
        }
        plus = plus || s[i] == '+';
    }
    const char *local = NULL;
    if (n == 7 && !plus) {
        local = d;
    } else if (n == 10 && !plus && d[0] >= '2') {
        local = d + 3;
    } else if (n == 11 && d[0] == '1' && d[1] >= '2') {
        local = d + 4;
    }
    if (!local) {
        return false;
    }
    return !memcmp(local, "555", 3) || (local != d && written_area_555(s, len));
}

/* Seven or more digits, all the same ("(000) 000-0000", "999-999-9999"): a form's placeholder. */
static bool
placeholder_phone(const unsigned char *s, size_t len)
{
    size_t n = 0;
    unsigned char first = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (n++ == 0) {
                first = s[i];
            } else if (s[i] != first) {
                return false;
            }
        }
    }
    return n >= 7;
}

static bool
is_phone_entity(const char *entity)
{
    return !strcmp(entity, "PHONE") || !strcmp(entity, "PHONE_NUMBER");
}

enum verdict
candidate_judge(const struct scrub_engine *e, const struct rule *r, const unsigned char *p,
                size_t len, double base, bool bypass_validator, double *score)
{
    *score = base;
    if (!bypass_validator && r->validator) {
        if (!r->validator->check(p, len)) {
            return VERDICT_DROP;
        }
        if (r->validator->checksum && *score < 1.0) {
            *score = 1.0;
        }
    }
    if (has_allow_list(r) &&
        (allowed(r, p, len) ||
         ((r->validator || is_phone_entity(r->entity)) && allowed_compact(r, p, len)) ||
         (!strcmp(r->entity, "PERSON") && allowed_with_slip(r, p, len)))) {
        return VERDICT_ALLOWED;
    }
    if (!e->opts.redact_fictional_phones && is_phone_entity(r->entity) && fictional_phone(p, len)) {
        return VERDICT_DROP;
    }
    if (is_phone_entity(r->entity) && placeholder_phone(p, len)) {
        return VERDICT_DROP;
    }
    if (*score >= r->min_score) {
        return VERDICT_KEEP;
    }
    /* Context can still lift it; that is decided once every strong candidate is known. */
    return (r->context_re || r->context_entities.n) && *score + r->context_boost >= r->min_score
               ? VERDICT_CONTEXT
               : VERDICT_DROP;
}
