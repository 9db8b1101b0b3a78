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

int
card_fmt_yaml_string(struct buf *out, const char *s, struct err *err)
{
    json_t *str = json_string(s);
    char *text = str ? json_dumps(str, JSON_ENCODE_ANY) : NULL;
    int rc;

    json_decref(str);
    if (!text) {
        return err_set(err, ERR_PARSE, "card: a metadata value is not valid UTF-8");
    }
    rc = buf_append_str(out, text, err);
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
