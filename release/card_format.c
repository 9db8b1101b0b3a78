/* Formatting for the card: numbers, Markdown cells and code, YAML scalars. */
#include "release/card_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"

#include "common/banned.h"

int
card_fmt_int(struct buf *out, json_int_t v, struct err *err)
{
    return buf_printf(out, err, "%lld", (long long)v);
}

int
card_fmt_share(struct buf *out, json_int_t num, json_int_t den, struct err *err)
{
    if (den <= 0) {
        return buf_append_str(out, "n/a", err);
    }
    return buf_printf(out, err, "%.1f%%", 100.0 * (double)num / (double)den);
}

int
card_fmt_ratio(struct buf *out, json_t *ratio, struct err *err)
{
    if (!json_is_number(ratio)) {
        return buf_append_str(out, "n/a", err);
    }
    return buf_printf(out, err, "%.1f%%", 100.0 * json_number_value(ratio));
}

int
card_fmt_cell(struct buf *out, const char *s, struct err *err)
{
    for (; *s; s++) {
        int rc;
        if (*s == '|') {
            rc = buf_append_str(out, "\\|", err);
        } else if (*s == '\n' || *s == '\r' || *s == '\t') {
            rc = buf_putc(out, ' ', err);
        } else {
            rc = buf_putc(out, (unsigned char)*s, err);
        }
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

/* CommonMark: a code span's fence must be longer than any run of backticks inside it. */
int
card_fmt_code(struct buf *out, const char *s, struct err *err)
{
    size_t longest = 0, run = 0;
    int pad = s[0] == '`' || (s[0] && s[strlen(s) - 1] == '`');

    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    for (size_t i = 0; i <= longest; i++) {
        if (buf_putc(out, '`', err) < 0) {
            return -1;
        }
    }
    if ((pad && buf_putc(out, ' ', err) < 0) || card_fmt_cell(out, s, err) < 0 ||
        (pad && buf_putc(out, ' ', err) < 0)) {
        return -1;
    }
    for (size_t i = 0; i <= longest; i++) {
        if (buf_putc(out, '`', err) < 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * The UTF-8 length of a character YAML will not take raw in a quoted scalar, at p, or 0: DEL and
 * the C1 controls (the reader refuses them), U+2028/U+2029 (line breaks: folded into a space),
 * U+FEFF (a byte-order mark) and the non-characters U+FFFE/U+FFFF. JSON leaves them raw.
 */
static size_t
yaml_unsafe_len(const unsigned char *p, unsigned *cp)
{
    if (p[0] == 0x7F) {
        *cp = 0x7F;
        return 1;
    }
    if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
        *cp = p[1];
        return 2;
    }
    if ((p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) ||
        (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ||
        (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))) {
        *cp = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3Fu);
        return 3;
    }
    return 0;
}

int
card_fmt_yaml_string(struct buf *out, const char *s, struct err *err)
{
    json_t *str = json_string(s);
    char *text = str ? json_dumps(str, JSON_ENCODE_ANY) : NULL;
    const unsigned char *p = (const unsigned char *)text;
    int rc = 0;

    json_decref(str);
    if (!text) {
        return err_set(err, ERR_PARSE, "card: a metadata value is not valid UTF-8");
    }
    /* JSON's double-quoted string is YAML's, once these are escaped too (the text is NUL-ended
     * valid UTF-8, so the look-ahead stays inside it). */
    while (*p && rc == 0) {
        unsigned cp;
        size_t n = yaml_unsafe_len(p, &cp);
        size_t run = 0;
        if (n) {
            rc = buf_printf(out, err, "\\u%04X", cp);
            p += n;
            continue;
        }
        while (p[run] && !yaml_unsafe_len(p + run, &cp)) {
            run++;
        }
        rc = buf_append(out, p, run, err);
        p += run;
    }
    free(text);
    return rc;
}

int
card_fmt_prose(struct buf *out, const char *text, struct err *err)
{
    size_t len = strlen(text);

    while (len && (text[len - 1] == '\n' || text[len - 1] == ' ')) {
        len--;
    }
    if (buf_append(out, text, len, err) < 0) {
        return -1;
    }
    return buf_append_str(out, "\n\n", err);
}
