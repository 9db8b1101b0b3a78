/*
 * Cue words in disguise, read as the word: the last step of the view (normalize.c).
 *
 * A red-teamer hides the word that names a value as well as the value: "p4ssw0rd:", "u$3rn4m3",
 * "4cc0un7 numb3r" (leetspeak), "accoutn number", "passpotr", "DOBB", "adress" (a slip of the
 * keys), "b a n k a c c o u n t", "d.a.t.e.o.f.b.i.r.t.h" (typed apart, which the view joins to
 * one word). Rules and context words are written for the plain word, so the view reads these as
 * the words of a short list of cue words (CUES), and nothing else:
 *   - leetspeak: a word with a letter and a digit or sign typed for a letter (0 o, 1 i or l,
 *     3 e, 4 a, 5 s, 7 t, $ s, @ a) that reads as a cue word; not right after a colon, '=' or
 *     "is", where a password such as "P4ssw0rd" is the value, not its cue;
 *   - a slip: a word of letters alone, four at least, that is a cue word of four letters or more
 *     with two neighbouring letters swapped ("accoutn", "brith"), a letter doubled ("DOBB") or a
 *     doubled letter single ("acount", "adress");
 *   - a word typed apart one letter at a time that the view joined, and that is two to four cue
 *     words run together ("bankaccount", "dateofbirth"): the words are read apart;
 *   - a short cue word as an acronym, a '.' or '-' after each letter ("S.S.N.", "D-O-B").
 * A word it reads covers its whole original span. Every word it writes is a cue word, which it
 * leaves alone, so the view of the view is the view.
 */
#include "scrub/normalize_internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

/*
 * The cue words, lower case, with their lengths and letter sets (bit c - 'a' for each letter
 * c; test_normalize checks both). PARTS also join others in a word typed apart ("dateofbirth").
 */
struct cue {
    const char *word;
    size_t len;
    uint32_t set;
};

static const struct cue CUES[] = {
    {"account", 7, 0x0186005},  {"acct", 4, 0x0080005},        {"address", 7, 0x0060019},
    {"api", 3, 0x0008101},      {"bank", 4, 0x0002403},        {"birth", 5, 0x00a0182},
    {"birthday", 8, 0x10a018b}, {"born", 4, 0x0026002},        {"card", 4, 0x002000d},
    {"cell", 4, 0x0000814},     {"code", 4, 0x000401c},        {"contact", 7, 0x0086005},
    {"credit", 6, 0x00a011c},   {"date", 4, 0x0080019},        {"debit", 5, 0x008011a},
    {"dob", 3, 0x000400a},      {"driver", 6, 0x0220118},      {"email", 5, 0x0001911},
    {"gamertag", 8, 0x00a1051}, {"handle", 6, 0x0002899},      {"holder", 6, 0x0024898},
    {"home", 4, 0x0005090},     {"iban", 4, 0x0002103},        {"insurance", 9, 0x0162115},
    {"key", 3, 0x1000410},      {"lic", 3, 0x0000904},         {"licence", 7, 0x0002914},
    {"license", 7, 0x0042914},  {"login", 5, 0x0006940},       {"mail", 4, 0x0001901},
    {"medical", 7, 0x000191d},  {"member", 6, 0x0021012},      {"mobile", 6, 0x0005912},
    {"name", 4, 0x0003011},     {"national", 8, 0x0086901},    {"number", 6, 0x0123012},
    {"passcode", 8, 0x004c01d}, {"passphrase", 10, 0x0068091}, {"passport", 8, 0x00ec001},
    {"passwd", 6, 0x0448009},   {"password", 8, 0x046c009},    {"patient", 7, 0x008a111},
    {"phone", 5, 0x000e090},    {"pin", 3, 0x000a100},         {"plate", 5, 0x0088811},
    {"policy", 6, 0x100c904},   {"record", 6, 0x002401c},      {"routing", 7, 0x01a6140},
    {"secret", 6, 0x00e0014},   {"security", 8, 0x11e0114},    {"social", 6, 0x0044905},
    {"ssn", 3, 0x0042000},      {"street", 6, 0x00e0010},      {"surname", 7, 0x0163011},
    {"tag", 3, 0x0080041},      {"tel", 3, 0x0080810},         {"telephone", 9, 0x008e890},
    {"token", 5, 0x0086410},    {"user", 4, 0x0160010},        {"username", 8, 0x0163011},
    {"visa", 4, 0x0240101},     {"wallet", 6, 0x0480811},      {"whatsapp", 8, 0x04c8081},
};

static const char *const PARTS[] = {"drivers", "file", "full", "holder", "hospital", "id", "my",
                                    "no",      "num",  "of",   "on",     "sec",      "soc"};

#define N_CUES  (sizeof(CUES) / sizeof(CUES[0]))
#define N_PARTS (sizeof(PARTS) / sizeof(PARTS[0]))

/*
 * The letter sets of the cue words (bit c - 'a' for each letter c), in order: a slip keeps its
 * word's letters, so a word whose set is none of these is no slip, found by a binary search
 * instead of comparing it with every cue word. test_normalize checks the list against CUES.
 */
/* clang-format off */
#define CUE_MASK_LIST(X, a) \
    X(0x0000814, a) X(0x0000904, a) X(0x0001901, a) X(0x0001911, a) X(0x000191d, a) \
    X(0x0002103, a) X(0x0002403, a) X(0x0002899, a) X(0x0002914, a) X(0x0003011, a) \
    X(0x000400a, a) X(0x000401c, a) X(0x0005090, a) X(0x0005912, a) X(0x0006940, a) \
    X(0x0008101, a) X(0x000a100, a) X(0x000e090, a) X(0x002000d, a) X(0x0021012, a) \
    X(0x002401c, a) X(0x0024898, a) X(0x0026002, a) X(0x0042000, a) X(0x0042914, a) \
    X(0x0044905, a) X(0x004c01d, a) X(0x0060019, a) X(0x0068091, a) X(0x0080005, a) \
    X(0x0080019, a) X(0x0080041, a) X(0x008011a, a) X(0x0080810, a) X(0x0086005, a) \
    X(0x0086410, a) X(0x0086901, a) X(0x0088811, a) X(0x008a111, a) X(0x008e890, a) \
    X(0x00a011c, a) X(0x00a0182, a) X(0x00a1051, a) X(0x00e0010, a) X(0x00e0014, a) \
    X(0x00ec001, a) X(0x0123012, a) X(0x0160010, a) X(0x0162115, a) X(0x0163011, a) \
    X(0x0186005, a) X(0x01a6140, a) X(0x0220118, a) X(0x0240101, a) X(0x0448009, a) \
    X(0x046c009, a) X(0x0480811, a) X(0x04c8081, a) X(0x1000410, a) X(0x100c904, a) \
    X(0x10a018b, a) X(0x11e0114, a)
/* clang-format on */

#define MASK_ITEM(m, a) m,
static const uint32_t CUE_MASKS[] = {CUE_MASK_LIST(MASK_ITEM, 0)};
#undef MASK_ITEM

#define N_CUE_MASKS (sizeof(CUE_MASKS) / sizeof(CUE_MASKS[0]))

/*
 * Most words of a text are looked up, and few have a cue word's set: a Bloom filter of the
 * sets (one bit of 1,024 each, at a multiplicative hash) turns away about 94 % of the others
 * before the binary search. It is built from CUE_MASK_LIST at compile time.
 */
#define CUE_HASH(m)        ((uint32_t)((uint32_t)(m)*0x9E3779B1u) >> 22)
#define BLOOM_BIT(m, word) | (CUE_HASH(m) / 64 == (word) ? (uint64_t)1 << (CUE_HASH(m) % 64) : 0)
#define BLOOM_WORD(word)   (0 CUE_MASK_LIST(BLOOM_BIT, word))

static const uint64_t CUE_BLOOM[16] = {
    BLOOM_WORD(0),  BLOOM_WORD(1),  BLOOM_WORD(2),  BLOOM_WORD(3),  BLOOM_WORD(4),  BLOOM_WORD(5),
    BLOOM_WORD(6),  BLOOM_WORD(7),  BLOOM_WORD(8),  BLOOM_WORD(9),  BLOOM_WORD(10), BLOOM_WORD(11),
    BLOOM_WORD(12), BLOOM_WORD(13), BLOOM_WORD(14), BLOOM_WORD(15),
};

#undef BLOOM_WORD
#undef BLOOM_BIT

/* The letter set of the lower-case letters w[0, n). */
static uint32_t
letter_set(const char *w, size_t n)
{
    uint32_t m = 0;

    for (size_t i = 0; i < n; i++) {
        m |= 1u << (w[i] - 'a');
    }
    return m;
}

/* Whether m may be a cue word's letter set: most words are turned away here, inlined. */
static inline bool
maybe_cue_letter_set(uint32_t m)
{
    uint32_t h = CUE_HASH(m);

    return CUE_BLOOM[h / 64] >> (h % 64) & 1;
}

static bool
cue_letter_set(uint32_t m)
{
    size_t lo = 0, hi = N_CUE_MASKS;

    if (!maybe_cue_letter_set(m)) {
        return false;
    }

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (CUE_MASKS[mid] < m) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < N_CUE_MASKS && CUE_MASKS[lo] == m;
}

/* The longest word looked at, and the fewest letters a slip is read in. */
#define CUE_WORD_MAX 24
#define SLIP_MIN     4

static bool
letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The letter a leetspeak character stands for (the first of two for '1'), or 0. */
static char
leet_letter(unsigned char c, bool second)
{
    switch (c) {
    case '0':
        return 'o';
    case '1':
        return second ? 'l' : 'i';
    case '3':
        return 'e';
    case '4':
    case '@':
        return 'a';
    case '5':
    case '$':
        return 's';
    case '7':
        return 't';
    default:
        return 0;
    }
}

static bool
word_byte(unsigned char c)
{
    return letter(c) || (c >= '0' && c <= '9') || c == '$' || c == '@';
}

/* The cue word equal to the lower-case w[0, n), or NULL. */
static const char *
cue_word(const char *w, size_t n)
{
    for (size_t k = 0; k < N_CUES; k++) {
        if (CUES[k].len == n && CUES[k].word[0] == w[0] && memcmp(CUES[k].word, w, n) == 0) {
            return CUES[k].word;
        }
    }
    return NULL;
}

static bool
part_word(const char *w, size_t n)
{
    for (size_t k = 0; k < N_PARTS; k++) {
        if (strlen(PARTS[k]) == n && memcmp(PARTS[k], w, n) == 0) {
            return true;
        }
    }
    return cue_word(w, n) != NULL;
}

/* Words one slip from a cue word that are words themselves: "tell" is no "tel". */
static const char *const NOT_SLIPS[] = {"tell", "coed", "mali", "vias"};

/* The cue word that w (lower case letters) is a slip of (see above), or NULL. */
static const char *
slip_of(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof(NOT_SLIPS) / sizeof(NOT_SLIPS[0]); k++) {
        if (strlen(NOT_SLIPS[k]) == n && memcmp(NOT_SLIPS[k], w, n) == 0) {
            return NULL;
        }
    }
    uint32_t set = letter_set(w, n);

    if (n < SLIP_MIN || !cue_letter_set(set) || cue_word(w, n)) {
        return NULL;
    }
    for (size_t k = 0; k < N_CUES; k++) {
        const char *c = CUES[k].word;
        size_t m = CUES[k].len, i = 0;
        if (CUES[k].set != set || m < SLIP_MIN - 1 || (m != n && m + 1 != n && m != n + 1)) {
            continue;
        }
        while (i < n && i < m && w[i] == c[i]) {
            i++;
        }
        if (m == n) {
            /* two neighbours swapped, the rest equal */
            if (m >= SLIP_MIN && i + 1 < n && w[i] == c[i + 1] && w[i + 1] == c[i] &&
                memcmp(w + i + 2, c + i + 2, n - i - 2) == 0) {
                return c;
            }
        } else if (n == m + 1) {
            /* a letter doubled: w[i] repeats the letter before it */
            if (i > 0 && w[i] == w[i - 1] && memcmp(w + i + 1, c + i, m - i) == 0) {
                return c;
            }
        } else if (m >= SLIP_MIN && i > 0 && c[i] == c[i - 1] &&
                   memcmp(w + i, c + i + 1, m - i - 1) == 0) {
            return c; /* a doubled letter typed once */
        }
    }
    return NULL;
}

/* The cue word the leetspeak word w[0, n) reads as (see above), or NULL. */
static const char *
leet_of(const unsigned char *w, size_t n)
{
    char low[CUE_WORD_MAX];
    size_t ones = 0, letters = 0, signs = 0;

    if (n < 3 || n > CUE_WORD_MAX) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        ones += w[i] == '1';
        letters += letter(w[i]);
        signs += !letter(w[i]);
        if (!letter(w[i]) && !leet_letter(w[i], false)) {
            return NULL;
        }
    }
    if (letters == 0 || signs == 0 || ones > 3) {
        return NULL;
    }
    /* each '1' as 'i' or 'l': at most eight readings */
    for (unsigned pick = 0; pick < (1u << ones); pick++) {
        unsigned bit = 0;
        for (size_t i = 0; i < n; i++) {
            if (letter(w[i])) {
                low[i] = (char)(w[i] | 0x20);
            } else {
                low[i] = leet_letter(w[i], w[i] == '1' && ((pick >> bit++) & 1));
            }
        }
        const char *c = cue_word(low, n);
        if (c) {
            return c;
        }
    }
    return NULL;
}

/*
 * The cue words the joined word w (lower case letters) splits into, two to four of them
 * (PARTS count), written with spaces into out (room for 2n bytes); its length, or 0.
 */
static size_t
split_words(const char *w, size_t n, char *out)
{
    /* best[i]: fewest words for w[0, i), from[i]: where the last of them starts */
    unsigned char best[CUE_WORD_MAX + 1], from[CUE_WORD_MAX + 1];
    size_t o = 0, cuts[CUE_WORD_MAX], k = 0;

    if (n > CUE_WORD_MAX) {
        return 0;
    }
    memset(best, 0xff, sizeof(best));
    best[0] = 0;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (best[j] != 0xff && best[j] + 1 < best[i] && part_word(w + j, i - j)) {
                best[i] = (unsigned char)(best[j] + 1);
                from[i] = (unsigned char)j;
            }
        }
    }
    if (best[n] < 2 || best[n] > 4) {
        return 0;
    }
    for (size_t i = n; i > 0; i = from[i]) {
        cuts[k++] = from[i];
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t c = 0; c < k; c++) {
            if (cuts[c] == i && i > 0) {
                out[o++] = ' ';
            }
        }
        out[o++] = w[i];
    }
    return o;
}

/* Whether the word ending at t[k] (letters back from k, over blanks) names a secret or a cue. */
static bool
cue_before(const unsigned char *t, size_t k)
{
    static const char *const SECRET_WORDS[] = {"pass", "pw", "pwd", "pword", "mdp"};
    char low[CUE_WORD_MAX];
    size_t e, b;

    while (k > 0 && t[k - 1] == ' ') {
        k--;
    }
    e = k;
    while (k > 0 && e - k < CUE_WORD_MAX && letter(t[k - 1])) {
        k--;
    }
    b = k;
    if (b == e || (b > 0 && letter(t[b - 1]))) {
        return false;
    }
    for (size_t i = b; i < e; i++) {
        low[i - b] = (char)(t[i] | 0x20);
    }
    for (size_t i = 0; i < sizeof(SECRET_WORDS) / sizeof(SECRET_WORDS[0]); i++) {
        if (strlen(SECRET_WORDS[i]) == e - b && memcmp(SECRET_WORDS[i], low, e - b) == 0) {
            return true;
        }
    }
    return cue_word(low, e - b) != NULL;
}

/*
 * Whether the word ending at t[k] (over blanks) names a vehicle's plate: "plate", "tag", "reg"
 * and "rego" (plurals too). The word after it is the plate, whose letters and digits read as
 * a cue word in leetspeak by chance: a British plate's area letters and age ("MA11 LJZ",
 * "PA55 KXR", "CE11 ABC") are "MAIL", "PASS", "CELL".
 */
static bool
plate_word_before(const unsigned char *t, size_t k)
{
    static const char *const PLATE_WORDS[] = {"plate", "plates", "tag", "tags", "reg", "rego"};
    char low[6];
    size_t e, b;

    while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t')) {
        k--;
    }
    e = k;
    while (k > 0 && letter(t[k - 1]) && e - k < sizeof(low) + 1) {
        k--;
    }
    b = k;
    if (b == e || e - b > sizeof(low) || (b > 0 && letter(t[b - 1]))) {
        return false;
    }
    for (size_t i = b; i < e; i++) {
        low[i - b] = (char)(t[i] | 0x20);
    }
    for (size_t i = 0; i < sizeof(PLATE_WORDS) / sizeof(PLATE_WORDS[0]); i++) {
        if (strlen(PLATE_WORDS[i]) == e - b && memcmp(PLATE_WORDS[i], low, e - b) == 0) {
            return true;
        }
    }
    return false;
}

/*
 * Whether the word at t[s] is a value's place: glued to a ':' or '=' ("alice:pa55word"), after
 * a cue word and a colon, '=', '>' or "is" ("password: P4ssw0rd", "my pin is 4sd1"), not
 * after a speaker's label ("Human: 4cc0un7"), or right after a plate's name ("plate MA11 LJZ").
 */
static bool
value_place(const unsigned char *t, size_t s)
{
    size_t k = s;

    /* glued to its key ("alice:pa55word", "pwd=P4ss"): a value whatever the key is */
    if (s > 0 && (t[s - 1] == ':' || t[s - 1] == '=')) {
        return true;
    }
    if (s > 0 && (t[s - 1] == ' ' || t[s - 1] == '\t') && plate_word_before(t, s)) {
        return true;
    }
    while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '"' || t[k - 1] == '\'')) {
        k--;
    }
    if (k > 0 && (t[k - 1] == ':' || t[k - 1] == '=' || t[k - 1] == '>')) {
        while (k > 0 &&
               (t[k - 1] == ':' || t[k - 1] == '=' || t[k - 1] == '>' || t[k - 1] == '-')) {
            k--;
        }
        return cue_before(t, k);
    }
    if (k >= 2 && k < s && t[k - 2] == 'i' && t[k - 1] == 's' && (k == 2 || t[k - 3] == ' ')) {
        return cue_before(t, k - 2);
    }
    return false;
}

/*
 * What the word t[s, e) reads as, written to out (room for 2 * CUE_WORD_MAX bytes) in the
 * word's case; its length, or 0 when it stays. spaced: the word was typed apart.
 */
static size_t
read_word(const unsigned char *t, size_t s, size_t e, bool spaced, char *out)
{
    size_t n = e - s, letters = 0, upper = 0;
    char low[CUE_WORD_MAX];
    const char *c = NULL;
    size_t m = 0;

    if (n < 3 || n > CUE_WORD_MAX) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        letters += letter(t[s + i]);
        upper += t[s + i] >= 'A' && t[s + i] <= 'Z';
        low[i] = (char)(letter(t[s + i]) ? t[s + i] | 0x20 : t[s + i]);
    }
    if (letters < n) {
        c = value_place(t, s) ? NULL : leet_of(t + s, n);
        /* a plural's s typed as '$' or '5' too ("dr1v3r$") */
        if (!c && n > 3 && (t[e - 1] == '$' || t[e - 1] == '5' || (t[e - 1] | 0x20) == 's') &&
            !value_place(t, s) && (c = leet_of(t + s, n - 1)) != NULL) {
            m = strlen(c);
            memcpy(out, c, m);
            out[m++] = 's';
            c = NULL;
        }
    } else if (cue_letter_set(letter_set(low, n)) ? !cue_word(low, n) : spaced) {
        c = slip_of(low, n);
        if (!c && spaced && !cue_word(low, n)) {
            m = split_words(low, n, out);
        }
    }
    if (c) {
        m = strlen(c);
        memcpy(out, c, m);
    }
    /* the word's case: all capitals stay capitals, a capital first stays first */
    for (size_t i = 0; i < m; i++) {
        if (out[i] != ' ' &&
            (upper == letters || (i == 0 && upper && t[s] >= 'A' && t[s] <= 'Z'))) {
            out[i] = (char)(out[i] & ~0x20);
        }
    }
    return m;
}

/* Whether a word starts at t[i]: not glued to an address, a path or a number before it. */
static bool
word_starts(const unsigned char *t, size_t i)
{
    return i == 0 || !(word_byte(t[i - 1]) || t[i - 1] == '.' || t[i - 1] == '/' ||
                       t[i - 1] == '_' || t[i - 1] == '-' || t[i - 1] >= 0x80);
}

/* Whether the word ending at t[e] ends its token: no '@', '.', '/', '_' or '-' joins it to
 * more of a word after it. */
static bool
word_ends(const unsigned char *t, size_t n, size_t e)
{
    return e == n || e + 1 == n || t[e] >= 0x80 ||
           !((t[e] == '.' || t[e] == '/' || t[e] == '_' || t[e] == '-') && word_byte(t[e + 1]));
}

/*
 * Byte classes for the scan, as bits: a letter's own bit (c - 'a', either case), LEET_BIT for
 * a digit or sign typed for a letter, DIGIT_BIT for another digit, 0 for a byte that ends a
 * word. A word's classes OR-ed together tell all next_word needs.
 */
#define LEET_BIT    (1u << 26)
#define DIGIT_BIT   (1u << 27)
#define LETTER_BITS ((1u << 26) - 1)
#define L(c)        [c] = 1u << ((c) - 'a'), [(c) - 'a' + 'A'] = 1u << ((c) - 'a')

static const uint32_t BYTE_BITS[256] = {
    L('a'),
    L('b'),
    L('c'),
    L('d'),
    L('e'),
    L('f'),
    L('g'),
    L('h'),
    L('i'),
    L('j'),
    L('k'),
    L('l'),
    L('m'),
    L('n'),
    L('o'),
    L('p'),
    L('q'),
    L('r'),
    L('s'),
    L('t'),
    L('u'),
    L('v'),
    L('w'),
    L('x'),
    L('y'),
    L('z'),
    ['0'] = LEET_BIT,
    ['1'] = LEET_BIT,
    ['3'] = LEET_BIT,
    ['4'] = LEET_BIT,
    ['5'] = LEET_BIT,
    ['7'] = LEET_BIT,
    ['$'] = LEET_BIT,
    ['@'] = LEET_BIT,
    ['2'] = DIGIT_BIT,
    ['6'] = DIGIT_BIT,
    ['8'] = DIGIT_BIT,
    ['9'] = DIGIT_BIT,
};

#undef L

/* The fewest letters of a word typed apart that split_words looks at ("dateofbirth"). */
#define SPLIT_MIN 6

/* Whether t[p] is a letter standing alone: no letter, digit or sign of a word right after it. */
static bool
lone_letter(const unsigned char *t, size_t n, size_t p)
{
    return p < n && letter(t[p]) && (p + 1 == n || !word_byte(t[p + 1]));
}

/*
 * A cue word written as an acronym at t[i] ("S.S.N.", "S. S. N.", "D-O-B", "p.i.n"): two to four
 * letters standing alone, the same '.' or '-' after each but the last (a '.' may have a space
 * after it), spelling a cue word. Its span ends past the last letter and a '.' after it; the
 * word goes to out, NUL-terminated, in capitals when the letters were. Returns the span's end,
 * or i.
 */
static size_t
acronym_at(const unsigned char *t, size_t n, size_t i, char *out)
{
    char low[4];
    size_t count = 0, upper = 0, p = i, end = i;
    unsigned char sep = 0;

    while (count < 4 && lone_letter(t, n, p)) {
        low[count++] = (char)(t[p] | 0x20);
        upper += t[p] <= 'Z';
        end = p + 1;
        if (p + 1 < n && (t[p + 1] == '.' || t[p + 1] == '-') && (!sep || t[p + 1] == sep)) {
            size_t q = p + 2;
            if (t[p + 1] == '.') {
                end = p + 2; /* the full stop after a letter is the acronym's */
                q += q < n && t[q] == ' ';
            }
            if (count < 4 && lone_letter(t, n, q)) {
                sep = t[p + 1];
                p = q;
                continue;
            }
        }
        break;
    }
    const char *c = count >= 2 && sep ? cue_word(low, count) : NULL;
    if (!c) {
        return i;
    }
    for (size_t k = 0; k <= count; k++) {
        out[k] = (char)(k < count && upper == count ? c[k] & ~0x20 : c[k]);
    }
    return end;
}

/*
 * Whether the view's word t[s, e) was typed apart: its original is about twice the word
 * ("b a n k", "d.o.b").
 */
static bool
typed_apart(const struct norm_view *v, size_t s, size_t e)
{
    return v->map_end[e - 1] - v->map[s] >= 2 * (e - s) - 1;
}

/*
 * The next word of t[0, n) from *i that may read as something (read_word decides), told
 * cheaply in one pass: most words are letters whose set is no cue word's, or hold a digit
 * that stands for no letter. With split (the view t is), a word of letters alone of
 * SPLIT_MIN or more that was typed apart is returned too. [*s, *e) is the word; false at the
 * end of t. t[stop] ends a word (BYTE_BITS 0, stop <= n), so a word starting before it needs
 * no bound test; 0 when no such byte is known.
 */
static bool
next_word(const unsigned char *t, size_t n, size_t stop, size_t *i, size_t *s, size_t *e,
          const struct norm_view *split, char *acronym)
{
    size_t k = *i;

    acronym[0] = '\0';

    while (k < n) {
        uint32_t b, bits = 0;
        while (k < n && BYTE_BITS[t[k]] == 0) {
            k++;
        }
        size_t start = k;
        if (k < stop) {
            /* t[stop] ends this word: no bound to test byte by byte */
            while ((b = BYTE_BITS[t[k]]) != 0) {
                bits |= b;
                k++;
            }
        } else {
            while (k < n && (b = BYTE_BITS[t[k]]) != 0) {
                bits |= b;
                k++;
            }
        }
        size_t len = k - start;
        uint32_t set = bits & LETTER_BITS;
        /* "$$#": the SSN's "SS#" with signs for its letters */
        if (len == 2 && t[start] == '$' && t[start + 1] == '$' && k < n && t[k] == '#' &&
            word_starts(t, start)) {
            memcpy(acronym, "SS", 3);
            *s = start;
            *e = k;
            *i = k;
            return true;
        }
        if (len == 1 && set && word_starts(t, start)) {
            size_t end = acronym_at(t, n, start, acronym);
            if (end > start) {
                *s = start;
                *e = end;
                *i = end;
                return true;
            }
        }
        if (len < 3 || len > CUE_WORD_MAX || (bits & DIGIT_BIT) || set == 0) {
            continue;
        }
        bool letters_only = !(bits & LEET_BIT);
        bool only_split = letters_only && !(maybe_cue_letter_set(set) && cue_letter_set(set));
        if ((only_split && !(split && len >= SPLIT_MIN && typed_apart(split, start, k))) ||
            !word_starts(t, start) || !word_ends(t, n, k)) {
            continue;
        }
        *s = start;
        *e = k;
        *i = k;
        return true;
    }
    *i = n;
    return false;
}

bool
norm_has_cue_words(const unsigned char *t, size_t n)
{
    char out[2 * CUE_WORD_MAX];
    size_t i = 0, s, e, stop = n;

    /* the last byte that ends a word (see next_word); t[n] may not be ours to read */
    while (stop > 0 && BYTE_BITS[t[stop - 1]] != 0) {
        stop--;
    }
    stop = stop ? stop - 1 : 0;
    while (next_word(t, n, stop, &i, &s, &e, NULL, out)) {
        if (out[0] || read_word(t, s, e, false, out) > 0) {
            return true;
        }
    }
    return false;
}

/* Append t[from, to) of v with its map to the new view text, growing it as needed. */
struct rewrite {
    unsigned char *text;
    size_t *map, *map_end, len, cap;
};

static void
rewrite_room(struct rewrite *w, size_t extra)
{
    if (w->len + extra + 1 <= w->cap) {
        return;
    }
    while (w->len + extra + 1 > w->cap) {
        w->cap = 2 * w->cap + 2 * CUE_WORD_MAX;
    }
    w->text = xrealloc(w->text, w->cap);
    w->map = xrealloc(w->map, w->cap * sizeof(*w->map));
    w->map_end = xrealloc(w->map_end, w->cap * sizeof(*w->map_end));
}

static void
rewrite_copy(struct rewrite *w, const struct norm_view *v, size_t from, size_t to)
{
    rewrite_room(w, to - from);
    memcpy(w->text + w->len, v->text.data + from, to - from);
    memcpy(w->map + w->len, v->map + from, (to - from) * sizeof(*w->map));
    memcpy(w->map_end + w->len, v->map_end + from, (to - from) * sizeof(*w->map_end));
    w->len += to - from;
}

void
norm_read_cue_words(struct norm_view *v, unsigned flags)
{
    const unsigned char *t = v->text.data;
    size_t n = v->text.len, i = 0, s, e, copied = 0;
    struct rewrite w = {NULL, NULL, NULL, 0, 0};
    char out[2 * CUE_WORD_MAX];

    /* the view's text ends in a NUL (a buffer's), which ends a word (see next_word) */
    size_t stop = t && t[n] == '\0' ? n : 0;

    while (next_word(t, n, stop, &i, &s, &e, v, out)) {
        /* a word only a split could read was typed apart (next_word) */
        size_t m = out[0] ? strlen(out) : read_word(t, s, e, typed_apart(v, s, e), out);
        if (m == 0) {
            continue;
        }
        if (!w.text) {
            w.cap = n + n / 4 + 2 * CUE_WORD_MAX + 1;
            w.text = xmalloc(w.cap);
            w.map = xmalloc(w.cap * sizeof(*w.map));
            w.map_end = xmalloc(w.cap * sizeof(*w.map_end));
        }
        rewrite_copy(&w, v, copied, s);
        rewrite_room(&w, m);
        for (size_t k = 0; k < m; k++) {
            char c = out[k];
            w.text[w.len] =
                (unsigned char)((flags & NORM_CASEFOLD) && c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            w.map[w.len] = v->map[s];
            w.map_end[w.len++] = v->map_end[e - 1];
        }
        copied = e;
    }
    if (!w.text) {
        return;
    }
    rewrite_copy(&w, v, copied, n);
    /* the map's last entry (the original length) is set by the caller */
    norm_view_replace(v, w.text, w.len, w.map, w.map_end, w.cap);
}

bool
norm_cue_masks_consistent(void)
{
    for (size_t k = 0; k < N_CUES; k++) {
        size_t n = strlen(CUES[k].word);
        if (n != CUES[k].len || letter_set(CUES[k].word, n) != CUES[k].set ||
            !cue_letter_set(CUES[k].set)) {
            return false;
        }
    }
    for (size_t k = 0; k < N_CUE_MASKS; k++) {
        bool used = false;
        for (size_t w = 0; w < N_CUES; w++) {
            used = used || CUES[w].set == CUE_MASKS[k];
        }
        if (!used || (k > 0 && CUE_MASKS[k - 1] >= CUE_MASKS[k])) {
            return false;
        }
    }
    return true;
}
