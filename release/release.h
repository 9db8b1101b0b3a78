#ifndef VEIL_RELEASE_H
#define VEIL_RELEASE_H

/*
 * Building a release (data card, manifest, checksums, reproducible archive, signatures) and
 * verifying one. Signing primitives are in release/sign.h.
 */

#include <stddef.h>
#include <stdint.h>

struct err;

/* ---- data card (release/card.c; owned by the card engineer) ---- */

/* ---- end of data card section ---- */

#endif
