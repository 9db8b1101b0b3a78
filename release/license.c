/*
 * LICENSE from the card's `license` (an SPDX id, lower case on the Hub). Full texts: MIT inline
 * (it is short and has no canonical file on Debian), Apache-2.0 / CC0-1.0 / MPL-2.0 / GPL from
 * Debian's /usr/share/common-licenses (base-files, present on every Debian system). Creative
 * Commons 4.0 licences are long legal codes without a Debian copy: their LICENSE names the
 * licence and its canonical legal code URL, which is CC's own recommended notice.
 */
#include "release/release_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"

#include "common/banned.h"

#define COMMON_LICENSES "/usr/share/common-licenses/"

static const char mit_text[] =
    "MIT License\n"
    "\n"
    "Copyright (c) the dataset authors\n"
    "\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
    "of this software and associated documentation files (the \"Software\"), to deal\n"
    "in the Software without restriction, including without limitation the rights\n"
    "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
    "copies of the Software, and to permit persons to whom the Software is\n"
    "furnished to do so, subject to the following conditions:\n"
    "\n"
    "The above copyright notice and this permission notice shall be included in all\n"
    "copies or substantial portions of the Software.\n"
    "\n"
    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
    "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
    "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
    "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
    "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
    "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
    "SOFTWARE.\n";

static const struct {
    const char *id;
    const char *title;
    const char *file; /* under COMMON_LICENSES, or NULL */
    const char *url;  /* canonical legal code when there is no local text */
} known[] = {
    {"apache-2.0", "Apache License 2.0", "Apache-2.0", NULL},
    {"cc0-1.0", "CC0 1.0 Universal", "CC0-1.0", NULL},
    {"mpl-2.0", "Mozilla Public License 2.0", "MPL-2.0", NULL},
    {"gpl-3.0", "GNU General Public License v3.0", "GPL-3", NULL},
    {"lgpl-3.0", "GNU Lesser General Public License v3.0", "LGPL-3", NULL},
    {"cc-by-4.0", "Creative Commons Attribution 4.0 International", NULL,
     "https://creativecommons.org/licenses/by/4.0/legalcode"},
    {"cc-by-sa-4.0", "Creative Commons Attribution-ShareAlike 4.0 International", NULL,
     "https://creativecommons.org/licenses/by-sa/4.0/legalcode"},
    {"cc-by-nc-4.0", "Creative Commons Attribution-NonCommercial 4.0 International", NULL,
     "https://creativecommons.org/licenses/by-nc/4.0/legalcode"},
    {"cc-by-nc-sa-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
     NULL, "https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode"},
};

static int
append_file(const char *name, struct buf *out, struct err *err)
{
    char path[256];
    FILE *fp;
    char chunk[8192];
    size_t n;
    int rc = 0;

    snprintf(path, sizeof(path), "%s%s", COMMON_LICENSES, name);
    fp = fopen(path, "rb");
    if (!fp) {
        return err_set(err, ERR_IO, "%s: cannot open licence text: %s", path, strerror(errno));
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (buf_append(out, chunk, n, err) < 0) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(fp)) {
        rc = err_set(err, ERR_IO, "%s: read failed", path);
    }
    fclose(fp);
    return rc;
}

static int
custom_text(const struct card_meta *meta, const char *origin, struct buf *out, struct err *err)
{
    if (!meta->license_details && !meta->license_link) {
        return err_set(err, ERR_USAGE,
                       "%s: licence '%s' has no bundled text: add license_link or "
                       "license_details to the card metadata",
                       origin, meta->license);
    }
    if (buf_printf(out, err, "%s\n\n", meta->license_name ? meta->license_name : meta->license) <
        0) {
        return -1;
    }
    if (meta->license_details && buf_printf(out, err, "%s\n\n", meta->license_details) < 0) {
        return -1;
    }
    if (meta->license_link && buf_printf(out, err, "Full text: %s\n", meta->license_link) < 0) {
        return -1;
    }
    return 0;
}

int
license_text(const struct card_meta *meta, const char *origin, struct buf *out, struct err *err)
{
    if (!meta->license) {
        return err_set(err, ERR_USAGE, "%s: card metadata has no 'license'", origin);
    }
    if (strcasecmp(meta->license, "mit") == 0) {
        return buf_append_str(out, mit_text, err);
    }
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcasecmp(meta->license, known[i].id) != 0) {
            continue;
        }
        if (known[i].file) {
            return append_file(known[i].file, out, err);
        }
        return buf_printf(out, err,
                          "This dataset is licensed under the %s licence (SPDX: %s).\n\n"
                          "The full legal code is at %s\n",
                          known[i].title, known[i].id, known[i].url);
    }
    return custom_text(meta, origin, out, err);
}
