/*
 * A pass over the view: an invisible character typed as a unit of its own between two equal
 * separators is read with one of them. A value typed apart one character at a time has the
 * same separator after every unit; a zero-width space, a direction mark or a soft hyphen typed
 * as one more unit ("+.4.‎.4.7", "7 - ‌ - 3", "R y a ​ n", "G o m e ؜ z") leaves the
 * separator twice once the view drops it ("+.4..4.7", "7 -  - 3", "Rya  n"), which reads as the end
 * of the run, or as the gap between two words. The view keeps the first separator and drops the
 * second, whose bytes join the span of the invisible character between: nothing of the original
 * is left out of a span over the value.
 *
 * A separator is one to four bytes of ' ', '.', '-', '_', '/' and '~'; the two either side of a
 * place where the view dropped something (map[k] > map_end[k - 1]) must be byte for byte the
 * same. Each place is looked at once, and what is read either side is bounded, so the pass is
 * linear.
 */
#include "scrub/normalize_steps_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#include "common/banned.h"

#define EMPTY_SEP_MAX 4

/* The separator bytes, as a table: the test runs for every byte of a view. */
static const bool sep_table[256] = {
    [' '] = true, ['.'] = true, ['-'] = true, ['_'] = true, ['/'] = true, ['~'] = true};

static inline bool
sep_byte(unsigned char c)
{
    return sep_table[c];
}

/*
 * The length of the separator that ends at t[k - 1] and of the one that starts at t[k], when
 * they are equal and the view dropped something between them; 0 otherwise.
 */
static size_t
doubled_separator(const unsigned char *t, size_t n, const size_t *map, const size_t *map_end,
                  size_t k)
{
    size_t left = 0, right = 0;

    if (k == 0 || k >= n || !sep_byte(t[k - 1]) || !sep_byte(t[k]) || map[k] <= map_end[k - 1]) {
        return 0;
    }
    while (left < k && left <= EMPTY_SEP_MAX && sep_byte(t[k - 1 - left])) {
        left++;
    }
    while (k + right < n && right <= EMPTY_SEP_MAX && sep_byte(t[k + right])) {
        right++;
    }
    /* a unit either side: the separators stand between two characters of the value */
    if (left != right || left > EMPTY_SEP_MAX || left == k || k + right == n ||
        memcmp(t + k - left, t + k, left) != 0) {
        return 0;
    }
    return right;
}

bool
norm_has_empty_unit(const struct norm_view *v)
{
    const unsigned char *t = v->text.data;
    size_t n = v->text.len;

    /* two separator bytes in a row are rare: only they are looked at further */
    for (size_t k = 1; k < n; k++) {
        if (sep_table[t[k]] && sep_table[t[k - 1]] &&
            doubled_separator(t, n, v->map, v->map_end, k)) {
            return true;
        }
    }
    return false;
}

void
norm_drop_empty_units(struct norm_view *v)
{
    unsigned char *t = v->text.data;
    size_t n = v->text.len, w = 0, i = 0, count = 0, cap = 0, *drops = NULL;

    /* found first, on the view as it is: each test reads back over bytes the rewrite moves */
    for (size_t k = 1; k < n; k++) {
        size_t m = doubled_separator(t, n, v->map, v->map_end, k);
        if (m > 0) {
            if (count + 2 > cap) {
                cap = cap ? 2 * cap : 8;
                drops = xrealloc(drops, cap * sizeof(*drops));
            }
            drops[count++] = k;
            drops[count++] = m;
            k += m - 1;
        }
    }
    for (size_t d = 0; d < count; d += 2) {
        while (i < drops[d]) {
            norm_view_move(v, w++, i++);
        }
        /* the first separator's last byte covers the invisible character and the second */
        v->map_end[w - 1] = v->map_end[i + drops[d + 1] - 1];
        i += drops[d + 1];
    }
    while (i < n) {
        norm_view_move(v, w++, i++);
    }
    free(drops);
    v->text.len = w;
    t[w] = '\0';
}
