#ifndef VEIL_VALIDATE_INTERNAL_H
#define VEIL_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Named candidate checks used by rule packs (`validator: luhn`). A check sees the candidate's
 * bytes as matched (separators, Unicode digits already folded to ASCII by the caller when the
 * rule matched on the normalised view) and returns true when the candidate is plausible.
 * `checksum` says whether a pass is strong evidence (a real check digit) or only plausibility.
 */
struct validator {
    const char *name;
    bool (*check)(const unsigned char *s, size_t len);
    bool checksum;
};

/* The validator with this name, or NULL. */
const struct validator *validator_find(const char *name);
/* All validators, terminated by an entry with name == NULL. */
const struct validator *validator_table(void);

#endif
