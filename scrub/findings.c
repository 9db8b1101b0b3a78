/* The growable findings list. */
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "scrub/scrub.h"

#include "common/banned.h"

void
scrub_findings_init(struct scrub_findings *f)
{
    memset(f, 0, sizeof(*f));
}

void
scrub_findings_release(struct scrub_findings *f)
{
    free(f->v);
    memset(f, 0, sizeof(*f));
}
