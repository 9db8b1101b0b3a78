/*
 * What the trigger-index tests share (test_literals, test_pack_cache): two scans compared id by
 * id. Include after <cmocka.h>.
 */
#ifndef VEIL_TEST_TRIGGER_HELPERS_H
#define VEIL_TEST_TRIGGER_HELPERS_H

#include <stdint.h>

#include "scrub/literals_internal.h"

/* a and b recorded the same positions, in the same order, for each of the n_ids ids. */
static __attribute__((unused)) void
assert_same_positions(const struct trigger_positions *a, const struct trigger_positions *b,
                      uint32_t n_ids)
{
    for (uint32_t id = 0; id < n_ids; id++) {
        uint32_t x = a->list[id].first, y = b->list[id].first;
        assert_int_equal(a->list[id].count, b->list[id].count);
        for (; x != TRIGGER_NONE && y != TRIGGER_NONE; x = a->v[x].next, y = b->v[y].next) {
            assert_int_equal(a->v[x].start, b->v[y].start);
        }
        assert_int_equal(x, y);
    }
}

#endif
