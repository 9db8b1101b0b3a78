/*
 * The normalised view (see normalize_internal.h): the ICU objects a view caches, the offset
 * map, and norm_view_build, which runs the steps in their order. Character references first
 * (normalize_escapes.c), then the text one cluster at a time (ASCII runs copied, the rest
 * through normalize_clusters.c; a right-to-left override run read in the order it is seen,
 * here, since it reorders clusters), look-alike letters (normalize_lookalikes.c), and last the
 * passes over the finished view (see normalize_steps_internal.h). The order and the map are
 * what the steps share, so they are read in one place.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

void
norm_view_init(struct norm_view *v)
{
    memset(v, 0, sizeof(*v));
    buf_init(&v->text, BUF_NO_MAX);
}

void
norm_view_release(struct norm_view *v)
{
    struct norm_icu *icu = NULL;

    if (!v) {
        return;
    }
    icu = v->icu;
    if (icu) {
        if (icu->spoof) {
            uspoof_close(icu->spoof);
        }
        free(icu->conf_bmp);
        free(icu->in16);
        free(icu->out16);
        norm_view_release(&icu->decoded);
        norm_view_release(&icu->previous);
        free(icu);
    }
    buf_release(&v->text);
    free(v->map);
    free(v->map_end);
    memset(v, 0, sizeof(*v));
}

int
norm_is_ascii(const unsigned char *s, size_t len)
{
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) {
            return 0;
        }
    }
    for (; i < len; i++) {
        if (s[i] >= 0x80) {
            return 0;
        }
    }
    return 1;
}

/* True when every byte of s is < 0x80 and none is a tab. */
static bool
ascii_without_tab(const unsigned char *s, size_t len)
{
    const uint64_t high = 0x8080808080808080ull;
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t tabs = 0x0909090909090909ull;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w, t;
        memcpy(&w, s + i, 8);
        if (w & high) {
            return false;
        }
        /* a byte equal to '\t' becomes a zero byte in t; the classic has-zero-byte test */
        t = w ^ tabs;
        if ((t - ones) & ~t & high) {
            return false;
        }
    }
    for (; i < len; i++) {
        if (s[i] >= 0x80 || s[i] == '\t') {
            return false;
        }
    }
    return true;
}

int
norm_is_plain_ascii(const unsigned char *s, size_t len)
{
    return ascii_without_tab(s, len) && !norm_has_reference(s, len) &&
           !norm_has_spaced_run(s, len) && !norm_has_joint(s, len) &&
           !norm_has_interpunct_run(s, len) && !norm_has_number_run(s, len) &&
           !norm_has_letter_digits(s, len) && !norm_has_broken_number(s, len) &&
           !norm_has_broken_value(s, len) && !norm_has_cue_words(s, len) &&
           !norm_has_regrouped_number(s, len) && !norm_has_inner_stars(s, len) &&
           !norm_has_leet_words(s, len);
}

int
norm_icu_fail(struct err *err, const char *what, UErrorCode status)
{
    return err_set(err, ERR_DEP, "normalise: %s: %s", what, u_errorName(status));
}

static int
icu_get(struct norm_view *v, unsigned flags, struct norm_icu **out, struct err *err)
{
    struct norm_icu *icu = v->icu;
    UErrorCode status = U_ZERO_ERROR;

    if (!icu) {
        icu = xcalloc(1, sizeof(*icu));
        v->icu = icu;
        norm_view_init(&icu->decoded);
        norm_view_init(&icu->previous);
        icu->nfkc = unorm2_getNFKCInstance(&status);
        if (U_FAILURE(status)) {
            return norm_icu_fail(err, "NFKC data", status);
        }
        icu->nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
        if (U_FAILURE(status)) {
            return norm_icu_fail(err, "NFKC_Casefold data", status);
        }
    }
    if ((flags & NORM_CONFUSABLES) && !icu->spoof) {
        icu->spoof = uspoof_open(&status);
        if (U_FAILURE(status)) {
            icu->spoof = NULL;
            return norm_icu_fail(err, "confusables data", status);
        }
        icu->conf_bmp = xcalloc(65536, 1);
    }
    *out = icu;
    return 0;
}

static int
build_identity(struct norm_view *v, const unsigned char *s, size_t len, struct err *err)
{
    norm_map_reserve(v, len);
    norm_map_identity(v, 0, 0, len);
    return buf_append(&v->text, s, len, err);
}

/*
 * Emit the ASCII bytes s[from, to), each its own cluster (a tab becomes a space), in one
 * go: most of a non-ASCII text is ASCII between its few curly quotes.
 */
static int
emit_ascii_run(struct norm_view *v, const unsigned char *s, size_t from, size_t to, unsigned flags,
               struct err *err)
{
    size_t at = v->text.len, n = to - from;

    norm_map_reserve(v, n);
    if (buf_append(&v->text, s + from, n, err) < 0) {
        return -1;
    }
    unsigned char *t = v->text.data + at;
    if (flags & NORM_CASEFOLD) {
        for (size_t k = 0; k < n; k++) {
            t[k] = t[k] == '\t'                 ? ' '
                   : t[k] >= 'A' && t[k] <= 'Z' ? (unsigned char)(t[k] + 32)
                                                : t[k];
        }
    } else {
        for (unsigned char *tab = memchr(t, '\t', n); tab;
             tab = memchr(tab + 1, '\t', n - (size_t)(tab + 1 - t))) {
            *tab = ' ';
        }
    }
    norm_map_identity(v, at, from, n);
    return 0;
}

size_t
norm_invalid_utf8_at(const unsigned char *s, size_t len)
{
    size_t i = norm_first_non_ascii(s, 0, len);

    while (i < len) {
        UChar32 c;
        int32_t k = 0;
        int32_t n = (int32_t)(len - i < 4 ? len - i : 4);
        U8_NEXT(s + i, k, n, c);
        if (c < 0) {
            return i;
        }
        i = norm_first_non_ascii(s, i + (size_t)k, len);
    }
    return len;
}

/*
 * v was built from the text inner is the view of: map each of its spans through inner's map to
 * the original, so a character covers every original byte its inner characters came from.
 */
static void
compose_map(struct norm_view *v, const struct norm_view *inner)
{
    for (size_t i = 0; i < v->text.len; i++) {
        v->map[i] = inner->map[v->map[i]];
        v->map_end[i] = inner->map_end[v->map_end[i] - 1];
    }
}

/*
 * Right-to-left override (U+202E): the characters after it, up to the closing U+202C, an
 * isolate's U+2069 or the end of the paragraph, are drawn from right to left, so
 * "\u202emoc.liamg@nhoj" is seen as "john@gmail.com". The view reads such a run in the order it
 * is seen when the run is ASCII once normalised (letters of a right-to-left script are drawn
 * that way anyway, and reordering anything else could change what NFKC makes of it). Every
 * byte of the run then covers the whole run, so the map stays in order.
 * The end of the run that starts at s[i] (just after the override).
 */
static size_t
override_run_end(const unsigned char *s, size_t len, size_t i)
{
    for (; i < len; i++) {
        if (s[i] == '\n' || s[i] == '\r') {
            break;
        }
        /* U+202C pop directional formatting, U+2069 pop directional isolate, U+2029 */
        if (s[i] == 0xE2 && i + 2 < len &&
            ((s[i + 1] == 0x80 && (s[i + 2] == 0xAC || s[i + 2] == 0xA9)) ||
             (s[i + 1] == 0x81 && s[i + 2] == 0xA9))) {
            break;
        }
    }
    return i;
}

static bool
override_at(const unsigned char *s, size_t len, size_t i)
{
    return s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0xAE;
}

/*
 * The end in s of the closer at s[end] that ends an override run (U+202C or U+2069), or end when
 * the run ends otherwise.
 */
static size_t
override_closer_end(const unsigned char *s, size_t len, size_t end)
{
    if (end + 2 < len && s[end] == 0xE2 &&
        ((s[end + 1] == 0x80 && s[end + 2] == 0xAC) ||
         (s[end + 1] == 0x81 && s[end + 2] == 0xA9))) {
        return end + 3;
    }
    return end;
}

/*
 * Reverse the view from byte from to its end when all of it is ASCII (see override_run_end).
 * Every byte of the run then covers the override at s[lo] and the run up to s[hi] (past its
 * closer): the disguise is the value's, and a value redacted without it leaves the marks that
 * flip whatever follows.
 */
static void
reverse_override_run(struct norm_view *v, size_t from, size_t lo, size_t hi)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len;

    if (n - from < 2 || !norm_is_ascii(t + from, n - from)) {
        return;
    }
    size_t first = lo, last = hi > v->map_end[n - 1] ? hi : v->map_end[n - 1];
    for (size_t a = from, b = n - 1; a < b; a++, b--) {
        unsigned char c = t[a];
        t[a] = t[b];
        t[b] = c;
    }
    for (size_t k = from; k < n; k++) {
        v->map[k] = first;
        v->map_end[k] = last;
    }
}

/* Build the view of s without its character references (see norm_view_build). */
static int
build_clusters(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
               struct err *err)
{
    struct norm_icu *icu = NULL;
    const UNormalizer2 *nf = NULL;
    size_t i = 0;

    if (!(flags & NORM_CASEFOLD) && ascii_without_tab(s, len)) {
        return build_identity(v, s, len, err);
    }
    if (icu_get(v, flags, &icu, err) < 0) {
        return -1;
    }
    nf = (flags & NORM_CASEFOLD) ? icu->nfkc_cf : icu->nfkc;
    v->symbols_as_written = 0;
    v->marked_lo = v->marked_hi = 0;
    v->disguised_lo = v->disguised_hi = 0;
    /* an override run being read: its end in s and where its view starts; override_read is
     * past the runs already scanned for their end, so each byte is scanned once */
    size_t override_end = 0, override_view = SIZE_MAX, override_read = 0, override_lo = 0;
    while (i < len) {
        if (override_view != SIZE_MAX && i >= override_end) {
            reverse_override_run(v, override_view, override_lo,
                                 override_closer_end(s, len, override_end));
            override_view = SIZE_MAX;
        }
        if (override_view == SIZE_MAX && i >= override_read && override_at(s, len, i)) {
            override_end = override_read = override_run_end(s, len, i + 3);
            override_view = v->text.len;
            override_lo = i;
        }
        /* an ASCII byte followed by ASCII (or the end) is a cluster of its own, stable in NFKC;
         * the one before a non-ASCII byte starts that byte's cluster */
        size_t f = norm_first_non_ascii(s, i, len);
        size_t j = f == len ? len : f > i ? f - 1 : i;
        if (override_view != SIZE_MAX && j > override_end && override_end > i) {
            j = override_end;
        }
        if (j > i) {
            if (emit_ascii_run(v, s, i, j, flags, err) < 0) {
                return -1;
            }
            i = j;
        } else if (norm_emit_cluster(v, icu, nf, s, len, &i, err) < 0) {
            return -1;
        }
    }
    if (override_view != SIZE_MAX) {
        reverse_override_run(v, override_view, override_lo, override_end);
    }
    if ((flags & NORM_CONFUSABLES) && v->text.len) {
        norm_fold_confusables(v, icu, flags);
    }
    return 0;
}

/*
 * One round of the view: character references decoded first, so the character they stand for
 * goes through NFKC and the folds as if it had been written ("&#xFF11;" reads "1").
 */
static int
build_round(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
            struct err *err)
{
    struct norm_icu *icu = NULL;
    size_t bad;

    buf_reset(&v->text);
    if (!norm_has_reference(s, len)) {
        return build_clusters(v, s, len, flags, err);
    }
    /* the decoded copy's offsets are not the text's: name the byte as it was written */
    if ((bad = norm_invalid_utf8_at(s, len)) < len) {
        return err_set(err, ERR_PARSE, "invalid UTF-8 at byte %zu", bad);
    }
    if (icu_get(v, flags, &icu, err) < 0 ||
        norm_decode_references(&icu->decoded, s, len, err) < 0 ||
        build_clusters(v, icu->decoded.text.data, icu->decoded.text.len, flags, err) < 0) {
        return -1;
    }
    compose_map(v, &icu->decoded);
    return 0;
}

static void
swap_views(struct norm_view *a, struct norm_view *b)
{
    struct norm_view t = *a;

    a->text = b->text;
    a->map = b->map;
    a->map_end = b->map_end;
    a->map_cap = b->map_cap;
    b->text = t.text;
    b->map = t.map;
    b->map_end = t.map_end;
    b->map_cap = t.map_cap;
}

/*
 * Rounds of decoding: a view can spell a reference its text did not ("&amp;#64;" reads "&#64;",
 * and so does a full-width ampersand before "#64;"). Reading it too keeps the view of a view
 * equal to the view; the bound keeps "&amp;amp;amp;..." linear.
 */
#define MAX_REFERENCE_ROUNDS 4

void
norm_view_replace(struct norm_view *v, unsigned char *text, size_t len, size_t *map,
                  size_t *map_end, size_t cap)
{
    buf_reset(&v->text);
    (void)buf_append(&v->text, text, len, NULL);
    free(text);
    free(v->map);
    free(v->map_end);
    v->map = map;
    v->map_end = map_end;
    v->map_cap = cap;
}

int
norm_view_build(struct norm_view *v, const unsigned char *s, size_t len, unsigned flags,
                struct err *err)
{
    int rc = -1;

    v->dropped_invisible = false;
    if (build_round(v, s, len, flags, err) < 0) {
        goto out;
    }
    for (int round = 1;
         round < MAX_REFERENCE_ROUNDS && norm_has_reference(v->text.data, v->text.len); round++) {
        struct norm_icu *icu = NULL;
        if (icu_get(v, flags, &icu, err) < 0) {
            goto out;
        }
        swap_views(v, &icu->previous);
        if (build_round(v, icu->previous.text.data, icu->previous.text.len, flags, err) < 0) {
            goto out;
        }
        compose_map(v, &icu->previous);
    }
    if (v->dropped_invisible && norm_has_empty_unit(v)) {
        norm_drop_empty_units(v);
    }
    if (norm_has_tatweel(v->text.data, v->text.len)) {
        norm_drop_tatweels(v);
    }
    if (norm_has_broken_number(v->text.data, v->text.len)) {
        norm_join_broken_numbers(v);
    }
    if (norm_has_broken_value(v->text.data, v->text.len)) {
        norm_join_broken_values(v);
    }
    if (norm_has_joint(v->text.data, v->text.len)) {
        norm_drop_joints(v);
    }
    if (norm_has_inner_stars(v->text.data, v->text.len)) {
        norm_drop_inner_stars(v);
    }
    if (norm_has_interpunct_run(v->text.data, v->text.len)) {
        norm_join_interpunct_runs(v);
    }
    if (norm_has_marked_address(v->text.data, v->text.len)) {
        norm_read_marked_addresses(v);
    }
    if (norm_has_marked_number_words(v->text.data, v->text.len)) {
        norm_read_marked_number_words(v);
    }
    if (norm_has_number_run(v->text.data, v->text.len)) {
        norm_read_number_runs(v);
    }
    if (norm_has_digit_dot(v->text.data, v->text.len)) {
        norm_fold_digit_dots(v);
    }
    if (norm_has_regrouped_number(v->text.data, v->text.len)) {
        norm_read_regrouped_numbers(v);
    }
    if (norm_has_letter_digits(v->text.data, v->text.len)) {
        size_t work = 0;
        norm_letter_digits_scan(v->text.data, v->text.len, v, &work);
    }
    if (norm_has_spaced_run(v->text.data, v->text.len) ||
        norm_has_spaced_letter_run(v->text.data, v->text.len)) {
        norm_join_spaced_runs(v);
        /* a name typed apart with look-alikes of another script ("A а r o n") is one token,
         * a mixed-script one, only now */
        if ((flags & NORM_CONFUSABLES) &&
            norm_first_non_ascii(v->text.data, 0, v->text.len) < v->text.len) {
            struct norm_icu *icu = NULL;
            if (icu_get(v, flags, &icu, err) < 0) {
                goto out;
            }
            norm_fold_confusables(v, icu, flags);
        }
        /* a number typed apart with letters for digits ("2 - 2 - 2 - l - O - 2 ...") is one
         * token only now */
        if (norm_has_letter_digits(v->text.data, v->text.len)) {
            size_t work = 0;
            norm_letter_digits_scan(v->text.data, v->text.len, v, &work);
        }
    }
    if (norm_has_leet_words(v->text.data, v->text.len)) {
        norm_read_leet_words(v);
    }
    norm_read_cue_words(v, flags);
    rc = 0;
out:
    if (rc < 0) {
        buf_reset(&v->text);
    }
    norm_map_reserve(v, 0);
    v->map[v->text.len] = len;
    v->map_end[v->text.len] = len;
    return rc;
}

void
norm_view_span(const struct norm_view *v, size_t start, size_t end, size_t *orig_start,
               size_t *orig_end)
{
    if (start > v->text.len) {
        start = v->text.len;
    }
    if (end > v->text.len) {
        end = v->text.len;
    }
    *orig_start = v->map[start];
    *orig_end = end > start ? v->map_end[end - 1] : v->map[start];
}

size_t
norm_view_offset(const struct norm_view *v, size_t orig)
{
    size_t lo = 0, hi = v->text.len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->map[mid] < orig) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}
