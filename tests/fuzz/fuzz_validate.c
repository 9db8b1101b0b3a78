/*
 * Validators read candidate bytes straight from records: run every one of them on the input,
 * whole and as each prefix cut at a separator, and check that the answer is deterministic.
 * ASan/UBSan catch any read outside the candidate or overflow in the checksum arithmetic.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scrub/validate_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy, so a read past the end is a heap overflow ASan reports. */
    unsigned char *copy = malloc(size ? size : 1);

    if (copy == NULL) {
        return 0;
    }
    if (size) {
        memcpy(copy, data, size);
    }
    for (const struct validator *v = validator_table(); v->name != NULL; v++) {
        bool first = v->check(copy, size);
        assert(first == v->check(copy, size));
        for (size_t cut = 0; cut < size && cut < 128; cut++) {
            if (copy[cut] == ' ' || copy[cut] == '-' || copy[cut] == '.') {
                (void)v->check(copy, cut);
            }
        }
    }
    free(copy);
    return 0;
}
