/*
 * Values in tables, found by what their column is called rather than by their shape: in a CSV,
 * TSV, semicolon or Markdown table whose header names a column "username", "Geburtsdatum" or
 * "電話", every cell under that header is a candidate of the rule that lists the word (as
 * Google DLP and Presidio's structured analysis read field names). A two-column table whose
 * first column holds such words ("| Name | Ada Byron |", "password,hunter22") is read row by
 * row instead. Candidates then go through the rule's validator, allow list and scores as any
 * other, so a card column still needs a valid Luhn digit.
 *
 * A table is a header line and the lines right after it that split into the same number of
 * cells with the header's separator (tab, '|', ';' or ',', in that order of preference);
 * a Markdown rule line (|---|:--:|) after the header is skipped. Prose with commas rarely
 * gives two lines of equal cell counts whose first line holds a header word, and a header
 * cell longer than a few words is never looked up.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define TABLE_ROWS_MAX   64  /* rows read at a time (a longer table is read in turns) */
#define COLUMNS_MAX      32  /* cells of a line read as a table row */
#define COLUMN_RULES_MAX 4   /* rules one header cell may name */
#define HEADER_CELL_MAX  64  /* bytes of a header cell worth looking up */
#define VALUE_CELL_MAX   256 /* bytes of a cell worth judging: a longer one is prose */

struct row {
    size_t start, end; /* the line, without its line break */
    size_t n;
    size_t s[COLUMNS_MAX], e[COLUMNS_MAX];
};

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static size_t
line_end(const unsigned char *text, size_t len, size_t from)
{
    const unsigned char *nl = memchr(text + from, '\n', len - from);
    size_t end = nl ? (size_t)(nl - text) : len;

    return end > from && text[end - 1] == '\r' ? end - 1 : end;
}

/* The separator a header line uses, or 0 when it has none. */
static unsigned char
line_separator(const unsigned char *text, size_t start, size_t end)
{
    static const unsigned char order[] = {'\t', '|', ';', ','};

    for (size_t k = 0; k < sizeof(order); k++) {
        if (memchr(text + start, order[k], end - start)) {
            return order[k];
        }
    }
    return 0;
}

/*
 * Split [start, end) at sep into r; false when it has more than COLUMNS_MAX cells. A ',' or ';'
 * inside double quotes does not split (RFC 4180); a '|' table's outer pipes open no cell.
 */
static bool
split_row(const unsigned char *text, size_t start, size_t end, unsigned char sep, struct row *r)
{
    size_t i = start, cell = start;
    bool quoted = false;

    r->start = start;
    r->end = end;
    r->n = 0;
    if (sep == '|') {
        while (i < end && is_blank(text[i])) {
            i++;
        }
        if (i < end && text[i] == '|') {
            cell = ++i;
        } else {
            i = start;
        }
        while (end > i && is_blank(text[end - 1])) {
            end--;
        }
        if (end > i && text[end - 1] == '|') {
            end--;
        }
    }
    for (; i <= end; i++) {
        if (i < end && text[i] == '"' && sep != '|' && sep != '\t') {
            quoted = !quoted;
            continue;
        }
        if (i == end || (text[i] == sep && !quoted)) {
            if (r->n == COLUMNS_MAX) {
                return false;
            }
            r->s[r->n] = cell;
            r->e[r->n] = i;
            r->n++;
            cell = i + 1;
        }
    }
    return true;
}

static size_t
count_byte(const unsigned char *text, size_t start, size_t end, unsigned char c)
{
    size_t n = 0;
    const unsigned char *p = text + start, *stop = text + end;

    while (p < stop && (p = memchr(p, c, (size_t)(stop - p)))) {
        n++;
        p++;
    }
    return n;
}

/*
 * Whether the lines [a, a_end) and [b, b_end) may split into as many cells at sep: the same
 * count of sep, unless quotes (which can hide one) or a '|' border (which opens none) differ.
 * Most prose lines with a comma fail here, at memchr's speed, before any byte loop.
 */
static bool
may_align(const unsigned char *text, size_t a, size_t a_end, size_t b, size_t b_end,
          unsigned char sep)
{
    if (sep == '|' || ((sep == ',' || sep == ';') &&
                       (memchr(text + a, '"', a_end - a) || memchr(text + b, '"', b_end - b)))) {
        return memchr(text + b, sep, b_end - b) != NULL;
    }
    return count_byte(text, a, a_end, sep) == count_byte(text, b, b_end, sep);
}

/* A Markdown rule line: every cell dashes with optional colons ("---", ":--:"). */
static bool
is_rule_row(const unsigned char *text, const struct row *r)
{
    for (size_t k = 0; k < r->n; k++) {
        size_t dashes = 0;
        for (size_t i = r->s[k]; i < r->e[k]; i++) {
            unsigned char c = text[i];
            if (c == '-') {
                dashes++;
            } else if (c != ':' && !is_blank(c)) {
                return false;
            }
        }
        if (!dashes) {
            return false;
        }
    }
    return true;
}

/* A table read by its header cols: the cells of rows[0, n) under named columns. */
/*
 * Where the cells of rows[0, n) meet, for resolve.c: no finding runs over a tab, a '|' or an HTML
 * table's tags ("</td><td>"). A ',' or ';' may be inside a value a writer did not quote ("12 Main
 * St, Springfield"), so those tables keep theirs.
 */
static void
push_cell_gaps(struct scrub_engine *e, const unsigned char *text, const struct row *rows, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        for (size_t k = 1; k < rows[r].n; k++) {
            size_t gs = rows[r].e[k - 1], ge = rows[r].s[k];
            if (memchr(text + gs, '\t', ge - gs) || memchr(text + gs, '|', ge - gs) ||
                memchr(text + gs, '<', ge - gs)) {
                spans_push(&e->cell_gaps, gs, ge);
            }
        }
    }
}

static int
read_by_header(struct scrub_engine *e, const unsigned char *text, struct label_names *cols,
               size_t n_cols, const struct row *rows, size_t n, struct err *err)
{
    size_t support = 0;

    push_cell_gaps(e, text, rows, n);
    label_apply_vetoes(cols, n_cols);
    for (size_t k = 0; k < n_cols; k++) {
        support += label_supports(&cols[k]);
    }
    for (size_t r = 0; r < n; r++) {
        for (size_t k = 0; k < n_cols; k++) {
            /* a weak word counts beside another column that is strong or a companion */
            bool weak_ok = support > (size_t)label_supports(&cols[k]);
            if (cols[k].n && label_take(e, &cols[k], weak_ok, text, rows[r].s[k], rows[r].e[k],
                                        CUE_NONE, err) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

/*
 * A two-column table read row by row, when most of its first cells (the header's included),
 * and two at least, are header words: the second cell of each row whose first names a rule.
 * head is what the header's first cell names; *done tells whether the table was read so.
 */
static int
read_by_rows(struct scrub_engine *e, const unsigned char *text, const struct label_names *head,
             const struct row *rows, size_t n, bool *done, struct err *err)
{
    struct label_names first[TABLE_ROWS_MAX];
    size_t labelled = 0, support = 0;

    *done = false;
    if (rows[0].n != 2) {
        return 0;
    }
    for (size_t r = 0; r < n; r++) {
        if (r == 0) {
            first[0] = *head;
        } else if (label_lookup(e, text + rows[r].s[0], rows[r].e[0] - rows[r].s[0], &first[r],
                                err) < 0) {
            return -1;
        }
        labelled += first[r].n > 0;
        support += label_supports(&first[r]);
    }
    if (labelled < 2 || labelled * 2 <= n) {
        return 0;
    }
    *done = true;
    label_apply_vetoes(first, n);
    push_cell_gaps(e, text, rows, n);
    for (size_t r = 0; r < n; r++) {
        if (first[r].n) {
            spans_push(&e->labels, rows[r].s[0] + first[r].from, rows[r].e[0]);
        }
        if (label_take(e, &first[r], support > (size_t)label_supports(&first[r]), text,
                       rows[r].s[1], rows[r].e[1], rows[r].s[0], err) < 0) {
            return -1;
        }
    }
    return 0;
}

static size_t
after_line(const unsigned char *text, size_t len, size_t end)
{
    return end < len && text[end] == '\r' ? end + 2 : end + 1;
}

/*
 * The rows after a header of n_cells cells split at sep, from *at on, into rows (max at most):
 * how many, with *at moved past them. A Markdown rule line first (first) is skipped.
 */
static size_t
gather(const unsigned char *text, size_t len, size_t *at, unsigned char sep, size_t n_cells,
       bool first, struct row *rows, size_t max)
{
    size_t n = 0;

    while (*at < len && n < max) {
        size_t end = line_end(text, len, *at);
        if (!split_row(text, *at, end, sep, &rows[n]) || rows[n].n != n_cells) {
            break;
        }
        *at = after_line(text, len, end);
        if (!(first && is_rule_row(text, &rows[n]))) {
            n++;
        }
        first = false;
    }
    return n;
}

/*
 * The table whose header line is [start, end), if it is one: its rows read, *next past them.
 * A line that names no column, or has no row under it, is left at once (*next: the next line).
 */
static int
read_table(struct scrub_engine *e, const unsigned char *text, size_t len, size_t start, size_t end,
           size_t *next, struct err *err)
{
    struct row head, rows[TABLE_ROWS_MAX];
    struct label_names cols[COLUMNS_MAX];
    unsigned char sep = line_separator(text, start, end);
    size_t at = *next, n;
    bool any = false;

    if (!sep || at >= len) {
        return 0;
    }
    /* the next line must split alike before any cell is looked up */
    {
        struct row probe;
        size_t pe = line_end(text, len, at);
        if (!may_align(text, start, end, at, pe, sep) || !split_row(text, start, end, sep, &head) ||
            head.n < 2 || !split_row(text, at, pe, sep, &probe) || probe.n != head.n) {
            return 0;
        }
    }
    for (size_t k = 0; k < head.n; k++) {
        if (label_lookup(e, text + head.s[k], head.e[k] - head.s[k], &cols[k], err) < 0) {
            return -1;
        }
        any |= cols[k].n > 0;
    }
    if (!any) {
        return 0;
    }
    rows[0] = head;
    n = 1 + gather(text, len, &at, sep, head.n, true, rows + 1, TABLE_ROWS_MAX - 1);
    bool by_rows;
    if (read_by_rows(e, text, &cols[0], rows, n, &by_rows, err) < 0) {
        return -1;
    }
    if (!by_rows) {
        for (size_t k = 0; k < head.n; k++) {
            /* a cell naming no column may be a value ("| Name | Ada |"); a header's
             * qualifier is part of it ("| Netherlands national ID |") */
            if (cols[k].n) {
                spans_push(&e->labels, head.s[k], head.e[k]);
            }
        }
        /* the header names columns for every row below it, however many */
        for (size_t from = 1;;) {
            if (read_by_header(e, text, cols, head.n, rows + from, n - from, err) < 0) {
                return -1;
            }
            if (n < TABLE_ROWS_MAX) {
                break;
            }
            n = gather(text, len, &at, sep, head.n, false, rows, TABLE_ROWS_MAX);
            from = 0;
            if (!n) {
                break;
            }
        }
    }
    *next = at;
    return 0;
}

/*
 * Where a table's header starts on the line [start, end): after a dialogue turn's speaker
 * ("Human: | Full name | Phone |", "User: name,email"), whose label would otherwise be the
 * header's first cell, so that no column is found; else at start.
 */
static size_t
header_start(const unsigned char *text, size_t start, size_t end)
{
    static const char *const speakers[] = {"human", "assistant", "user", "ai", "bot", "system"};
    size_t i = start, w;

    while (i < end && is_blank(text[i])) {
        i++;
    }
    for (w = i; i < end && i - w <= 9 && ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z');
         i++) {
    }
    if (!label_is_word(text + w, i - w, speakers, sizeof(speakers) / sizeof(*speakers)) ||
        i >= end || text[i] != ':') {
        return start;
    }
    for (i++; i < end && is_blank(text[i]); i++) {
    }
    return i < end ? i : start;
}

/*
 * HTML tables ("<tr><th>DOB</th>...</tr><tr><td>1979-04-02</td>...</tr>"), as a page or a
 * mail client exports them: a row is a <tr> element, its cells the <th> and <td> elements in it,
 * and the first row of a table names the columns as a text table's header line does. A cell's
 * value is its text after the tags that open it, up to the next tag. A row of another cell count
 * ends the table.
 */
#define HTML_ROW_MAX 8192 /* bytes of one <tr> element read */

/* Whether text[i..] is the tag name word (ASCII, any case) after '<' or "</": no letter next. */
static bool
tag_at(const unsigned char *text, size_t len, size_t i, const char *word)
{
    size_t n = strlen(word);

    if (i + n >= len) {
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        if ((text[i + k] | 0x20) != word[k]) {
            return false;
        }
    }
    return text[i + n] == '>' || text[i + n] == ' ' || text[i + n] == '\t' || text[i + n] == '\n' ||
           text[i + n] == '\r';
}

/* The next '<' that opens tag (or its end tag when closing) in [from, end): its offset, or end. */
static size_t
next_tag(const unsigned char *text, size_t end, size_t from, const char *tag, bool closing)
{
    while (from < end) {
        const unsigned char *lt = memchr(text + from, '<', end - from);
        if (!lt) {
            return end;
        }
        size_t i = (size_t)(lt - text);
        if (closing ? i + 1 < end && text[i + 1] == '/' && tag_at(text, end, i + 2, tag)
                    : tag_at(text, end, i + 1, tag)) {
            return i;
        }
        from = i + 1;
    }
    return end;
}

/* Past the '>' that ends the tag opening at lt, within end: its offset, or end. */
static size_t
past_tag(const unsigned char *text, size_t end, size_t lt)
{
    const unsigned char *gt = memchr(text + lt, '>', end - lt);

    return gt ? (size_t)(gt - text) + 1 : end;
}

/*
 * The <tr> element opening at lt split into r, its cells' text trimmed of blanks and line
 * breaks; false when it is no row of cells. *next: past its </tr> (or where it stops).
 */
static bool
html_row(const unsigned char *text, size_t len, size_t lt, struct row *r, size_t *next)
{
    size_t end = len - lt > HTML_ROW_MAX ? lt + HTML_ROW_MAX : len;
    size_t close = next_tag(text, end, lt + 1, "tr", true);
    size_t i = past_tag(text, end, lt);

    *next = close < end ? past_tag(text, len, close) : i;
    r->start = lt;
    r->end = close;
    r->n = 0;
    if (close >= end) {
        return false;
    }
    while (i < close) {
        size_t th = next_tag(text, close, i, "th", false);
        size_t td = next_tag(text, close, i, "td", false);
        size_t open = th < td ? th : td;
        if (open >= close || r->n == COLUMNS_MAX) {
            break;
        }
        size_t s = past_tag(text, close, open);
        /* the tags that open the cell's text ("<td><b>Ada</b>") */
        while (s < close && text[s] == '<' && !(s + 1 < close && text[s + 1] == '/')) {
            s = past_tag(text, close, s);
        }
        const unsigned char *lt2 = s < close ? memchr(text + s, '<', close - s) : NULL;
        size_t e = lt2 ? (size_t)(lt2 - text) : close;
        while (s < e && (is_blank(text[s]) || text[s] == '\n')) {
            s++;
        }
        while (e > s && (is_blank(text[e - 1]) || text[e - 1] == '\n')) {
            e--;
        }
        r->s[r->n] = s;
        r->e[r->n] = e;
        r->n++;
        i = e;
    }
    return r->n >= 2;
}

/* The next "<tr" (any case) at or after at: the '<' offset, or len. */
static size_t
next_row(const unsigned char *text, size_t len, size_t at)
{
    return next_tag(text, len, at, "tr", false);
}

/* The <tr> rows of n_cells cells right after *at (blanks between), into rows: how many. */
static size_t
html_gather(const unsigned char *text, size_t len, size_t *at, size_t n_cells, struct row *rows,
            size_t max)
{
    size_t n = 0;

    while (n < max) {
        size_t i = *at, row_next;
        while (i < len && (is_blank(text[i]) || text[i] == '\n')) {
            i++;
        }
        if (i >= len || text[i] != '<' || !tag_at(text, len, i + 1, "tr") ||
            !html_row(text, len, i, &rows[n], &row_next) || rows[n].n != n_cells) {
            break;
        }
        n++;
        *at = row_next;
    }
    return n;
}

/* The HTML table whose first row opens at lt: its rows read under its first row's cells. */
static int
read_html_table(struct scrub_engine *e, const unsigned char *text, size_t len, size_t lt,
                size_t *next, struct err *err)
{
    struct row rows[TABLE_ROWS_MAX];
    struct label_names cols[COLUMNS_MAX];
    size_t n, at;
    bool any = false, by_rows;

    if (!html_row(text, len, lt, &rows[0], next)) {
        return 0;
    }
    for (size_t k = 0; k < rows[0].n; k++) {
        if (label_lookup(e, text + rows[0].s[k], rows[0].e[k] - rows[0].s[k], &cols[k], err) < 0) {
            return -1;
        }
        any |= cols[k].n > 0;
    }
    if (!any) {
        return 0;
    }
    at = *next;
    n = 1 + html_gather(text, len, &at, rows[0].n, rows + 1, TABLE_ROWS_MAX - 1);
    *next = at;
    if (n < 2) {
        return 0;
    }
    if (read_by_rows(e, text, &cols[0], rows, n, &by_rows, err) < 0) {
        return -1;
    }
    if (by_rows) {
        return 0;
    }
    for (size_t k = 0; k < rows[0].n; k++) {
        if (cols[k].n) {
            spans_push(&e->labels, rows[0].s[k], rows[0].e[k]);
        }
    }
    /* the first row names columns for every row below it, however many */
    for (;;) {
        if (read_by_header(e, text, cols, rows[0].n, rows + 1, n - 1, err) < 0) {
            return -1;
        }
        if (n < TABLE_ROWS_MAX) {
            break;
        }
        n = 1 + html_gather(text, len, &at, rows[0].n, rows + 1, TABLE_ROWS_MAX - 1);
        *next = at;
        if (n < 2) {
            break;
        }
    }
    return 0;
}

int
detect_html_tables(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    if (!e->rules->columns.n) {
        return 0;
    }
    for (size_t at = next_row(text, len, 0); at < len; at = next_row(text, len, at)) {
        size_t next;
        if (read_html_table(e, text, len, at, &next, err) < 0) {
            return -1;
        }
        at = next > at ? next : at + 1;
    }
    return 0;
}

int
detect_columns(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    size_t at = 0;

    if (!e->rules->columns.n || !memchr(text, '\n', len)) {
        return 0;
    }
    while (at < len) {
        size_t end = line_end(text, len, at);
        size_t next = after_line(text, len, end);
        if (read_table(e, text, len, header_start(text, at, end), end, &next, err) < 0) {
            return -1;
        }
        at = next;
    }
    return 0;
}
