/*
 * Subjects: the text a pattern runs over (the original, or its normalised view), with the byte
 * set, trigger scan and view that gating and windowed searches need. Detection, its stable
 * re-run and the content warnings all look at the same text, so the view and the trigger scan
 * are kept per engine and reused while the text is byte-for-byte the same.
 */
#include "scrub/engine_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

/* True when the cache holds exactly these bytes; otherwise it takes them. */
static bool
same_text(struct buf *key, bool *valid, const unsigned char *s, size_t len)
{
    struct err ignored;

    if (*valid && key->len == len && (len == 0 || memcmp(key->data, s, len) == 0)) {
        return true;
    }
    buf_reset(key);
    *valid = buf_append(key, s, len, &ignored) == 0;
    return false;
}

/*
 * Byte classes for measure: 1 a blank (space, tab), 2 a word byte, 4 a byte that may belong to
 * white space, "\\s" with Unicode: ASCII white space, and the lead bytes (0xC2, 0xE1-0xE3) and
 * continuation bytes of U+0085, U+00A0, U+1680, U+180E, U+2000-U+200A, U+2028, U+2029, U+202F,
 * U+205F and U+3000; 8 a hex digit, 16 a digit (non-ASCII bytes are both: "\\d" matches other
 * scripts' digits) (see struct subject).
 */
enum { BYTE_BLANK = 1, BYTE_WORD = 2, BYTE_SPACE = 4, BYTE_HEX = 8, BYTE_DIGIT = 16 };
/* clang-format off: one row per 16 bytes */
static const unsigned char BYTE_CLASSES[256] = {
    /* 0x00 */ 0,  0,  0,  0,  0,  0,  0,  0,  0,  5,  4,  4,  4,  4,  0,  0,
    /* 0x10 */ 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* 0x20 */ 5,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* 0x30 */ 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 0,  0,  0,  0,  0,  0,
    /* 0x40 */ 0,  10, 10, 10, 10, 10, 10, 2,  2,  2,  2,  2,  2,  2,  2,  2,
    /* 0x50 */ 2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  0,  0,  0,  0,  2,
    /* 0x60 */ 0,  10, 10, 10, 10, 10, 10, 2,  2,  2,  2,  2,  2,  2,  2,  2,
    /* 0x70 */ 2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  0,  0,  0,  0,  0,
    /* 0x80 */ 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    /* 0x90 */ 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    /* 0xA0 */ 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    /* 0xB0 */ 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    /* 0xC0 */ 26, 26, 30, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    /* 0xD0 */ 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    /* 0xE0 */ 26, 30, 30, 30, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    /* 0xF0 */ 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
};
/* clang-format on */

/* The kinds of runs measured, in the order of their BYTE_CLASSES bits. */
enum { RUN_BLANK, RUN_WORD, RUN_SPACE, RUN_HEX, RUN_DIGIT, RUN_KINDS };

#if defined(__SSE2__)
/* Bit i of kinds[r]: byte i of p[0..n) (n <= 64) is of kind r; sixteen bytes a step. */
static void
classify_block(const unsigned char *p, size_t n, uint64_t kinds[RUN_KINDS])
{
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    const __m128i lo_ctl = _mm_set1_epi8('\t'), hi_ctl = _mm_set1_epi8('\r' + 1);
    const __m128i lo_0 = _mm_set1_epi8('0' - 1), hi_9 = _mm_set1_epi8('9' + 1);
    const __m128i lo_a = _mm_set1_epi8('a' - 1), hi_z = _mm_set1_epi8('z' + 1),
                  hi_f = _mm_set1_epi8('f' + 1), case_bit = _mm_set1_epi8(0x20);
    const __m128i under = _mm_set1_epi8('_');
    /* bytes >= 0x80 compare as negative: 0x80-0xBF (continuation) below (char)0xC0 */
    const __m128i lead_c0 = _mm_set1_epi8((char)0xC0), lead_c2 = _mm_set1_epi8((char)0xC2),
                  lo_e1 = _mm_set1_epi8((char)0xE0), hi_e3 = _mm_set1_epi8((char)0xE4);
    size_t k = 0;

    memset(kinds, 0, RUN_KINDS * sizeof(*kinds));
    for (; k + 16 <= n; k += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
        __m128i l = _mm_or_si128(b, case_bit);
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, lo_0), _mm_cmplt_epi8(b, hi_9));
        __m128i from_a = _mm_cmpgt_epi8(l, lo_a);
        __m128i letter = _mm_and_si128(from_a, _mm_cmplt_epi8(l, hi_z));
        __m128i hex_letter = _mm_and_si128(from_a, _mm_cmplt_epi8(l, hi_f));
        __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(b, space), _mm_cmpeq_epi8(b, tab));
        __m128i ctl = _mm_and_si128(_mm_cmpgt_epi8(b, lo_ctl), _mm_cmplt_epi8(b, hi_ctl));
        __m128i wide_space =
            _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(b, lead_c0), _mm_cmpeq_epi8(b, lead_c2)),
                         _mm_and_si128(_mm_cmpgt_epi8(b, lo_e1), _mm_cmplt_epi8(b, hi_e3)));
        uint64_t high = (uint16_t)_mm_movemask_epi8(b);
        uint64_t digits = (uint16_t)_mm_movemask_epi8(digit);
        kinds[RUN_BLANK] |= (uint64_t)(uint16_t)_mm_movemask_epi8(blank) << k;
        kinds[RUN_WORD] |= ((uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(
                                _mm_or_si128(letter, digit), _mm_cmpeq_epi8(b, under))) |
                            high)
                           << k;
        kinds[RUN_SPACE] |= (uint64_t)(uint16_t)_mm_movemask_epi8(
                                _mm_or_si128(_mm_or_si128(blank, ctl), wide_space))
                            << k;
        kinds[RUN_HEX] |= ((uint64_t)(uint16_t)_mm_movemask_epi8(hex_letter) | digits | high) << k;
        kinds[RUN_DIGIT] |= (digits | high) << k;
    }
    for (; k < n; k++) {
        unsigned c = BYTE_CLASSES[p[k]];
        for (size_t r = 0; r < RUN_KINDS; r++) {
            kinds[r] |= (uint64_t)((c >> r) & 1) << k;
        }
    }
}

/* Fold the n bits of block m into a run count: *run is the run still open before the block,
 * *longest the longest so far. */
static void
runs_of_block(uint64_t m, size_t n, size_t *run, size_t *longest)
{
    uint64_t all = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;

    if (m == all) {
        *run += n;
        *longest = *run > *longest ? *run : *longest;
        return;
    }
    size_t head = (size_t)__builtin_ctzll(~m), inside = 0;
    *longest = *run + head > *longest ? *run + head : *longest;
    /* each step shortens every run by one: as many steps as the block's longest run */
    for (uint64_t x = m; x; x &= x >> 1) {
        inside++;
    }
    *longest = inside > *longest ? inside : *longest;
    *run = n == 64 ? (size_t)__builtin_clzll(~m) : 0;
}

/*
 * The five kinds' runs, 64 bytes a block: a mask of each kind's bytes, its longest run of ones
 * inside the block, and the runs that cross from block to block.
 */
static void
measure_runs(const unsigned char *p, size_t len, unsigned char seen[256], size_t runs[RUN_KINDS])
{
    size_t open[RUN_KINDS] = {0};

    memset(runs, 0, RUN_KINDS * sizeof(*runs));
    for (size_t base = 0; base < len; base += 64) {
        size_t n = len - base < 64 ? len - base : 64;
        uint64_t kinds[RUN_KINDS];
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            memcpy(&w, p + base + i, 8);
            /* written out: GCC at -O2 keeps a loop over the eight bytes */
            seen[w & 0xFF] = 1;
            seen[(w >> 8) & 0xFF] = 1;
            seen[(w >> 16) & 0xFF] = 1;
            seen[(w >> 24) & 0xFF] = 1;
            seen[(w >> 32) & 0xFF] = 1;
            seen[(w >> 40) & 0xFF] = 1;
            seen[(w >> 48) & 0xFF] = 1;
            seen[w >> 56] = 1;
        }
        for (; i < n; i++) {
            seen[p[base + i]] = 1;
        }
        classify_block(p + base, n, kinds);
        for (size_t r = 0; r < RUN_KINDS; r++) {
            runs_of_block(kinds[r], n, &open[r], &runs[r]);
        }
    }
}
#else
static void
measure_runs(const unsigned char *p, size_t len, unsigned char seen[256], size_t runs[RUN_KINDS])
{
    size_t count[RUN_KINDS] = {0};

    memset(runs, 0, RUN_KINDS * sizeof(*runs));
    for (size_t i = 0; i < len; i++) {
        unsigned k = BYTE_CLASSES[p[i]];
        seen[p[i]] = 1;
        /* branch-free: words and blanks alternate too often to predict */
        for (size_t r = 0; r < RUN_KINDS; r++) {
            count[r] = (count[r] + 1) & (0 - (size_t)((k >> r) & 1));
            runs[r] = count[r] > runs[r] ? count[r] : runs[r];
        }
    }
}
#endif

/*
 * One pass over a subject for what the gates check: the set of bytes it contains, the longest
 * run of spaces and tabs (what one "[ \\t]+" can span in this text), of bytes that may be white
 * space (one "\\s+"), of word bytes (ASCII letters, digits, '_' and any non-ASCII byte), of hex
 * digits (what "[A-F0-9]{12}" needs) and of digits.
 */
static void
measure(struct subject *sub)
{
    unsigned char seen[256];
    size_t runs[RUN_KINDS];

    memset(seen, 0, sizeof(seen));
    measure_runs(sub->p, sub->len, seen, runs);
    sub->blank_run = runs[RUN_BLANK];
    sub->word_run = runs[RUN_WORD];
    sub->space_run = runs[RUN_SPACE];
    sub->hex_run = runs[RUN_HEX];
    sub->digit_run = runs[RUN_DIGIT];
    byte_set_from_table(seen, &sub->present);
}

size_t
subject_width_bytes(struct literal_lead width, const unsigned char *text, size_t len)
{
    unsigned char seen[256];
    size_t runs[RUN_KINDS];
    struct byte_set present;

    memset(seen, 0, sizeof(seen));
    measure_runs(text, len, seen, runs);
    byte_set_from_table(seen, &present);
    return literals_lead_bytes(width, byte_set_ascii(&present) ? 1 : LITERALS_CHAR_BYTES_MAX,
                               runs[RUN_BLANK], runs[RUN_SPACE], runs[RUN_WORD]);
}

static void
subject_init(struct subject *sub, const unsigned char *p, size_t len, struct scan_state *scan)
{
    sub->p = p;
    sub->len = len;
    sub->view = NULL;
    sub->scan = scan;
    sub->scanned = false;
    measure(sub);
    sub->ascii = byte_set_ascii(&sub->present);
    sub->measured = true;
}

void
subject_text(struct scrub_engine *e, const unsigned char *text, size_t len, struct subject *sub)
{
    /* The same text again (detection after the warnings): its byte set and runs are known. */
    if (same_text(&e->text_key, &e->text_valid, text, len)) {
        if (!e->text_sub.measured) {
            subject_init(&e->text_sub, text, len, &e->scan_text);
        }
        *sub = e->text_sub;
        sub->p = text;
        sub->scanned = false;
        return;
    }
    subject_init(sub, text, len, &e->scan_text);
    e->text_sub = *sub;
}

/* The view's test reads the text a dozen ways (about 5,500 instructions for an hh-rlhf text);
 * comparing it with the last one asked about is one pass. */
bool
subject_plain_ascii(struct scrub_engine *e, const unsigned char *text, size_t len)
{
    if (!same_text(&e->plain_key, &e->plain_valid, text, len)) {
        e->plain = norm_is_plain_ascii(text, len) != 0;
    }
    return e->plain;
}

void
subject_text_lazy(struct scrub_engine *e, const unsigned char *text, size_t len,
                  struct subject *sub)
{
    if (same_text(&e->text_key, &e->text_valid, text, len)) {
        *sub = e->text_sub;
        sub->p = text;
        sub->scanned = false;
        return;
    }
    memset(sub, 0, sizeof(*sub));
    sub->p = text;
    sub->len = len;
    sub->scan = &e->scan_text;
    sub->ascii = norm_is_ascii(text, len);
    e->text_sub = *sub; /* the key now names this text: the cached subject must be its own */
}

int
subject_view(struct scrub_engine *e, const unsigned char *text, size_t len, struct subject *sub,
             struct err *err)
{
    if (same_text(&e->view_key, &e->view_valid, text, len)) {
        *sub = e->view_sub;
        sub->scanned = false;
        return 0;
    }
    if (norm_view_build(&e->view, text, len, NORM_CONFUSABLES, err) < 0) {
        e->view_valid = false;
        return -1;
    }
    subject_init(sub, e->view.text.data ? e->view.text.data : (const unsigned char *)"",
                 e->view.text.len, &e->scan_view);
    sub->view = &e->view;
    e->view_sub = *sub;
    return 0;
}

/* The trigger scan of a subject: once per distinct text, on first use. */
static int
scan_triggers(const struct scrub_rules *rs, struct subject *sub, struct err *err)
{
    struct scan_state *st = sub->scan;

    if (sub->scanned) {
        return 0;
    }
    if (!same_text(&st->key, &st->valid, sub->p, sub->len)) {
        memset(st->hit, 0, trigger_index_ids(rs->triggers));
        st->counted = false;
        st->folded_valid = false;
        anchor_finds_clear(&st->finds);
        if (sub->ascii) {
            /* The ASCII automaton reads upper case and tabs as the fold makes them. */
            st->aligned = true;
            trigger_scan(rs->triggers, sub->p, sub->len, true, st->hit, &st->pos);
        } else {
            if (literals_fold_aligned(sub->p, sub->len, &st->folded, &st->aligned, err) < 0) {
                st->valid = false;
                return -1;
            }
            st->folded_valid = true;
            /* An original that is not ASCII is not plain either: only the patterns that read
             * it as written ask for its scan (most such texts have a view only for a curly
             * apostrophe; scanned for every literal, they cost as much again as their views). */
            trigger_scan(st->original ? rs->triggers_orig : rs->triggers, st->folded.data,
                         st->folded.len, false, st->hit, st->aligned ? &st->pos : NULL);
        }
    }
    sub->scanned = true;
    return 0;
}

int
subject_scan(const struct scrub_rules *rs, struct subject *sub, struct err *err)
{
    if (!sub->measured) {
        measure(sub);
        sub->measured = true;
    }
    return scan_triggers(rs, sub, err);
}

void
scan_state_init(struct scan_state *st, size_t n_ids)
{
    buf_init(&st->key, BUF_NO_MAX);
    buf_init(&st->folded, BUF_NO_MAX);
    st->folded_valid = false;
    /* whole chunks of 16: visit_listed reads the ids sixteen at a time */
    st->hit = xcalloc((n_ids + 1 + 15) / 16 * 16, 1);
    trigger_positions_init(&st->pos, n_ids);
    memset(&st->finds, 0, sizeof(st->finds));
    st->valid = st->aligned = st->counted = st->original = false;
}

void
scan_state_release(struct scan_state *st)
{
    buf_release(&st->key);
    buf_release(&st->folded);
    free(st->hit);
    trigger_positions_release(&st->pos);
    anchor_finds_release(&st->finds);
}

/*
 * A window costs one PCRE2 call, a full search one attempt per position, which is cheaper per
 * position: past one anchor hit in SEARCH_HITS_PER_BYTE bytes (a one-letter anchor in ordinary
 * text) the full search wins.
 */
#define SEARCH_HITS_PER_BYTE 8
#define SEARCH_HITS_MIN      8

/* The folded copy of the subject's text (an ASCII text is folded only when this asks). */
static const struct buf *
folded_text(const struct subject *sub)
{
    struct scan_state *st = sub->scan;
    struct err ignored;

    if (!st->folded_valid) {
        /* ASCII text folds byte for byte into an unbounded buffer: this cannot fail. */
        (void)literals_fold_aligned(sub->p, sub->len, &st->folded, &st->aligned, &ignored);
        st->folded_valid = true;
    }
    return &st->folded;
}

static bool
present_byte(const struct subject *sub, unsigned char c)
{
    return sub->present.bits[c / 64] >> (c % 64) & 1;
}

/*
 * Whether the folded bytes[0..n) are found as they are in the subject itself: an ASCII text
 * folds only capitals (to their lower case) and tabs (to spaces), so where none of the bytes is
 * a letter whose capital the text holds, nor a space in a text with a tab, a byte of the text is
 * one of them exactly when its fold is. The text then need not be folded to find them.
 */
static bool
found_unfolded(const struct subject *sub, const unsigned char *bytes, size_t n)
{
    if (!sub->ascii || !sub->measured) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char b = bytes[i];
        if ((b >= 'a' && b <= 'z' && present_byte(sub, (unsigned char)(b - 32))) ||
            (b == ' ' && present_byte(sub, '\t'))) {
            return false;
        }
    }
    return true;
}

/*
 * How many of the folded text's bytes are one of bytes[0..n). An ASCII text is counted as it
 * is, its capitals counted as their lower case and its tabs as spaces: what its fold holds,
 * without folding it.
 */
static size_t
count_bytes(const struct subject *sub, const unsigned char *bytes, size_t n)
{
    struct scan_state *st = sub->scan;
    size_t count = 0;

    if (!st->counted) {
        memset(st->byte_count, 0, sizeof(st->byte_count));
        if (sub->ascii) {
            for (size_t i = 0; i < sub->len; i++) {
                st->byte_count[sub->p[i]]++;
            }
            for (int c = 'A'; c <= 'Z'; c++) {
                st->byte_count[c + 32] += st->byte_count[c];
                st->byte_count[c] = 0;
            }
            st->byte_count[' '] += st->byte_count['\t'];
            st->byte_count['\t'] = 0;
        } else {
            (void)folded_text(sub);
            for (size_t i = 0; i < st->folded.len; i++) {
                st->byte_count[st->folded.data[i]]++;
            }
        }
        st->counted = true;
    }
    for (size_t i = 0; i < n; i++) {
        count += st->byte_count[bytes[i]];
    }
    return count;
}

/*
 * From this length on, a gate whose anchor the scan does not list finds the anchor's literals
 * itself (anchor_find.c): a pass of about a nanosecond a byte against a search of the whole text
 * that most such patterns pay in a long text, since their literals occur somewhere in it.
 */
#define SEARCH_FIND_MIN_LEN (16 * 1024)

/* Whether the search of a gate with no listed anchor can window on positions it finds. */
static bool
find_anchors(struct search *s, const struct gate *g, const struct subject *sub, size_t max_hits)
{
    if (sub->len < SEARCH_FIND_MIN_LEN || g->anchor.n == 0 || sub->len > UINT32_MAX ||
        literals_lead_bytes(g->anchor_lead, LITERALS_CHAR_BYTES_MAX, 0, 0, 0) == SIZE_MAX) {
        return false;
    }
    const struct buf *folded = folded_text(sub);
    const struct anchor_found *f =
        anchor_finds_get(&sub->scan->finds, &g->anchor, folded->data, folded->len, max_hits);
    if (!f) {
        return false;
    }
    s->found = true;
    s->found_off = f->off;
    s->found_n = f->n;
    s->found_next = 0;
    return true;
}

void
search_start(struct search *s, const struct gate *g, const pcre2_code *code, const char *name,
             const struct subject *sub, bool everything)
{
    int32_t id = g->trigger_anchor;
    size_t max_hits = sub->len / SEARCH_HITS_PER_BYTE + SEARCH_HITS_MIN;

    s->code = code;
    s->name = name;
    s->windowed = false;
    s->by_byte = false;
    s->found = false;
    s->anchors = 0;
    if (everything || !sub->scanned || !sub->scan->aligned) {
        return;
    }
    if (g->anchor_kind == ANCHOR_NONE) {
        if (!find_anchors(s, g, sub, max_hits)) {
            return;
        }
        id = -1;
    }
    if (id >= 0 && sub->scan->pos.overflow) {
        return;
    }
    size_t hits = s->found ? s->found_n : id >= 0 ? sub->scan->pos.list[id].count : 0;
    if (g->anchor_kind == ANCHOR_BY_BYTE) {
        hits += count_bytes(sub, g->anchor_bytes, g->n_anchor_bytes);
        s->by_byte = true;
        s->next_byte = 0;
        s->single = g->n_anchor_bytes == 1 ? g->anchor_bytes[0] : -1;
        memset(s->member, 0, sizeof(s->member));
        for (size_t i = 0; i < g->n_anchor_bytes; i++) {
            s->member[g->anchor_bytes[i]] = true;
        }
        s->gate = g;
        s->byte_hit = SIZE_MAX - 1; /* not looked for yet */
        s->unfolded = found_unfolded(sub, g->anchor_bytes, g->n_anchor_bytes);
    }
    if (hits > max_hits) {
        return;
    }
    s->windowed = true;
    s->anchors = hits;
    s->have_window = false;
    s->lead = literals_lead_bytes(g->anchor_lead, sub->ascii ? 1 : LITERALS_CHAR_BYTES_MAX,
                                  sub->blank_run, sub->space_run, sub->word_run);
    if (s->lead == SIZE_MAX) {
        s->windowed = false;
        return;
    }
    /* g->left holds for a listed anchor's literals alone */
    s->left = s->lead == 0 && !s->found ? g->left : LEFT_ANY;
    if (g->anchor_after_non_word) {
        s->left = LEFT_NOT_WORD; /* whatever the lead: the anchor itself follows no word byte */
    }
    s->next_hit = id < 0 ? TRIGGER_NONE : sub->scan->pos.list[id].first;
    s->right = false;
    if (g->right) {
        s->right_most = literals_lead_bytes(g->right_most, sub->ascii ? 1 : LITERALS_CHAR_BYTES_MAX,
                                            sub->blank_run, sub->space_run, sub->word_run);
        s->right_least = g->right_least;
        s->right_first = g->right_first;
        s->right = s->right_most != SIZE_MAX;
    }
}

/*
 * The first of the search's bytes in [p, end), or end. Sixteen bytes at a time: the digits (most
 * such anchors are "[0-9]") as one range, the other bytes one comparison each.
 */
static const unsigned char *
find_member(const struct search *s, const unsigned char *p, const unsigned char *end)
{
#if defined(__SSE2__)
    const __m128i zero_digit = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    for (; end - p >= 16; p += 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i any = _mm_setzero_si128();
        if (s->gate->anchor_digits) {
            /* c - '0' <= 9, unsigned: a digit */
            __m128i d = _mm_sub_epi8(c, zero_digit);
            any = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
        }
        for (size_t i = 0; i < s->gate->n_anchor_others; i++) {
            any = _mm_or_si128(any,
                               _mm_cmpeq_epi8(c, _mm_set1_epi8((char)s->gate->anchor_others[i])));
        }
        int mask = _mm_movemask_epi8(any);
        if (mask) {
            return p + __builtin_ctz((unsigned)mask);
        }
    }
#endif
    while (p < end && !s->member[*p]) {
        p++;
    }
    return p;
}

/* The next occurrence of one of the anchor's bytes at or after s->next_byte, or SIZE_MAX. */
static size_t
next_byte_hit(struct search *s, const struct subject *sub)
{
    const struct buf *folded = s->unfolded ? NULL : folded_text(sub);
    const unsigned char *text = folded ? folded->data : sub->p;
    const size_t len = folded ? folded->len : sub->len;
    const unsigned char *p = text + s->next_byte, *end = text + len;

    if (s->next_byte >= len) {
        return SIZE_MAX;
    }
    if (s->single >= 0) {
        p = memchr(p, s->single, (size_t)(end - p));
    } else {
        p = find_member(s, p, end);
    }
    return p && p < end ? (size_t)(p - text) : SIZE_MAX;
}

/*
 * The start of the next anchor occurrence, in ascending order (the scan's list merged with the
 * one-byte literals' occurrences), or SIZE_MAX; take_anchor moves past it.
 */
static size_t
peek_anchor(struct search *s, const struct subject *sub)
{
    if (s->found) {
        return s->found_next < s->found_n ? sub->scan->finds.v[s->found_off + s->found_next]
                                          : SIZE_MAX;
    }
    size_t listed = s->next_hit == TRIGGER_NONE ? SIZE_MAX : sub->scan->pos.v[s->next_hit].start;

    if (s->by_byte && s->byte_hit == SIZE_MAX - 1) {
        s->byte_hit = next_byte_hit(s, sub);
    }
    return s->by_byte && s->byte_hit < listed ? s->byte_hit : listed;
}

static void
take_anchor(struct search *s, const struct subject *sub, size_t start)
{
    if (s->found) {
        s->found_next++;
    } else if (s->by_byte && s->byte_hit == start) {
        s->next_byte = start + 1;
        s->byte_hit = SIZE_MAX - 1;
    } else {
        s->next_hit = sub->scan->pos.v[s->next_hit].next;
    }
}

/*
 * Whether the window [lo, hi] of start positions leaves room for the value: a match starting
 * at m has its `pii` group start in [m + least, m + most] on a byte of the group's first set.
 */
static bool
right_allows(const struct search *s, const struct subject *sub)
{
    if (!s->right) {
        return true;
    }
    size_t from = s->lo + s->right_least, to = s->hi + s->right_most;
    if (to < s->hi || to >= sub->len) {
        to = sub->len - 1; /* the group holds a character: it starts before the end */
    }
    for (size_t i = from; i <= to && i < sub->len; i++) {
        unsigned char c = sub->p[i];
        if (s->right_first[c / 64] >> (c % 64) & 1) {
            return true;
        }
    }
    return false;
}

/* Whether a match may start at an anchor at start, given the byte before it. */
static bool
left_allows(const struct search *s, const struct subject *sub, size_t start)
{
    if (s->left == LEFT_ANY || start == 0) {
        return true;
    }
    unsigned char c = sub->p[start - 1];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return !(letter || (s->left == LEFT_NOT_WORD && ((c >= '0' && c <= '9') || c == '_')));
}

int
search_next(struct scrub_engine *e, struct search *s, const struct subject *sub, size_t pos,
            struct err *err)
{
    if (!s->windowed) {
        return engine_match(e, s->code, sub->p, sub->len, pos, s->name, err);
    }
    for (;;) {
        if (!s->have_window) {
            size_t start = peek_anchor(s, sub);
            while (start != SIZE_MAX && !left_allows(s, sub, start)) {
                take_anchor(s, sub, start); /* inside a word: no match starts there */
                start = peek_anchor(s, sub);
            }
            if (start == SIZE_MAX) {
                return 0;
            }
            take_anchor(s, sub, start);
            /* A match starts at most lead bytes before its anchor: the window of this hit,
             * merged with those that overlap or touch it. */
            s->lo = start > s->lead ? start - s->lead : 0;
            /* PCRE2 must start on a character (PCRE2_NO_UTF_CHECK): back up to one. */
            while (s->lo > 0 && (sub->p[s->lo] & 0xC0) == 0x80) {
                s->lo--;
            }
            s->hi = start;
            while ((start = peek_anchor(s, sub)) != SIZE_MAX &&
                   (start > s->lead ? start - s->lead : 0) <= s->hi + 1) {
                s->hi = start;
                take_anchor(s, sub, start);
            }
            if (!right_allows(s, sub)) {
                continue; /* no byte where the value could start can start it */
            }
            s->have_window = true;
        }
        if (s->hi >= pos) {
            /* A match keeps the window: the next search may start in it again. */
            int rc = engine_match_upto(e, s->code, sub->p, sub->len, s->lo > pos ? s->lo : pos,
                                       s->hi, s->name, err);
            if (rc != 0) {
                return rc;
            }
        }
        s->have_window = false;
    }
}

int
gate_open(const struct scrub_rules *rs, const struct gate *g, int32_t declared, struct subject *sub,
          bool everything, bool *open, struct err *err)
{
    if (!sub->measured) {
        measure(sub);
        sub->measured = true;
    }
    *open = true;
    if (everything) {
        return 0;
    }
    /* The runs, then the literals: they close most gates, from the gate's first cache line. */
    if (gate_surely_closed(g, declared, sub)) {
        *open = false;
        return 0;
    }
    /* The bytes before the literals when the text is not scanned yet: a pattern on the text
     * itself (not the view) of a text that is not plain may be the only one to ask for its
     * scan, and the byte set (known) often closes it. */
    *open = prefilter_pass(sub->ascii ? &g->pre_ascii : &g->pre, &sub->present);
    if (*open && !sub->scanned &&
        (g->trigger >= 0 || g->trigger2 >= 0 || g->trigger_anchor >= 0 || declared >= 0 ||
         g->anchor_kind == ANCHOR_BY_BYTE)) {
        if (scan_triggers(rs, sub, err) < 0) {
            return -1;
        }
        *open = !gate_surely_closed(g, declared, sub);
    }
    return 0;
}
