#ifndef VEIL_FUZZ_CARD_H
#define VEIL_FUZZ_CARD_H

/* The card invariants two fuzz targets share (fuzz_cardmeta, fuzz_stats). */

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "release/release.h"

/*
 * Render the card of meta and one stats file twice: it gives the same bytes both times, or it is
 * refused with a reason; anything else aborts. 0 with the first rendering in *readme (the caller
 * releases it), or -1 when refused.
 */
static int
card_render_checked(const char *meta, const char *stats, struct buf *readme)
{
    const char *stats_list[] = {stats};
    struct release_card_opts opts;
    struct buf again;
    struct err err;
    int rc = -1;

    memset(&opts, 0, sizeof(opts));
    opts.meta = meta;
    opts.stats = stats_list;
    opts.n_stats = 1;
    buf_init(readme, BUF_NO_MAX);
    buf_init(&again, BUF_NO_MAX);
    err_clear(&err);
    if (release_card_render(&opts, readme, NULL, &err) == 0) {
        if (release_card_render(&opts, &again, NULL, &err) != 0 || readme->len != again.len ||
            memcmp(readme->data, again.data, readme->len) != 0) {
            abort();
        }
        rc = 0;
    } else if (err.msg[0] == '\0') {
        abort();
    }
    buf_release(&again);
    return rc;
}

#endif
