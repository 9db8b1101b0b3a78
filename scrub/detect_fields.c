/*
 * Values given as fields: "Kullanıcı adı: kartal_77" on a form line, "dob=1979-04-02" in a
 * query string or a log line, "\"birth_date\": \"1815-12-10\"" in JSON, "password = x" in a
 * config file, "<DriversLic>AC675986</DriversLic>" in XML, "[EIN] 61-3837677" in a bracketed
 * form. A key that a rule's column words name (label_cells.c; the same words as table headers,
 * in every language the pack lists) makes the whole value a candidate of that rule, if it has
 * the rule's column_cell shape. So each header word is a form label too, without a regex per
 * entity and language.
 *
 * A key is read back from its ':' (also '：') or '=': a quoted string, or the words before it
 * (a token before '='), starting at a line, after a bullet, or after a separator ('|', ';',
 * ',', tab, brackets, sentence end; before '=' any blank, in a line of pairs); an XML
 * element's name is the key of its text when the element closes on the same line; a key in
 * square brackets opens a line or follows a blank. The value runs to the end of its line, or of
 * its quotes, or (after '=' or a quoted key) to the next separator, or (after a key in square
 * brackets) to the next one ("[EIN] 61-3837677  [MRN] 01571722"); a '|', tab or ';' also ends
 * it. After a bare '=' a value printed in groups ("plate=AB12 CDE; colour=red") is also read
 * with its following groups of capitals and digits. A key in brackets after its value, ending
 * its line, labels the value before it on that line ("7ABC123 (licence plate)", "4810293847
 * (konto)"). A "Key:" ending its line labels the next line, if that is no field of its own. A
 * weak word ("name") counts only when the text has a field a rule names strongly or a companion
 * ("Name: Ada\nAge: 36"). Keys that are dialogue speakers ("User:", "Customer:") are not read.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define FIELD_KEY_MAX    48  /* bytes of a key read back from its separator */
#define FIELD_PAIR_BACK  256 /* bytes looked back for an earlier key=value pair on a line */
#define FIELD_LEADER_MIN 4   /* dots of a form's leader between key and value */
/* bytes of a value looked at: past LABEL_VALUE_MAX (and its trailing blanks) none is judged */
#define FIELD_VALUE_SCAN (LABEL_VALUE_MAX + 64)
#define GROUPS_MAX       8 /* groups after the first of a value printed in groups */

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* Bytes of a key word: letters and digits of any script, '_', '-', '.', apostrophes. */
static bool
is_key_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '.' || c == '\'';
}

/* Where a key may start: after one of these (or at the start of the text). */
static bool
opens_key(unsigned char c)
{
    return c == '\n' || c == '\r' || c == '|' || c == ';' || c == ',' || c == '\t' || c == '{' ||
           c == '(' || c == '[' || c == ']' || c == '?' || c == '&' || c == '!' || c == '>' ||
           c == '*' || c == '-' || c == '+' || c == '#';
}

/* Dialogue speakers and roles a transcript writes as "X: ...": never keys of a field. */
static bool
is_speaker(const unsigned char *s, size_t n)
{
    static const char *const words[] = {"user",   "human",    "assistant", "ai",      "bot",
                                        "system", "customer", "client",    "patient", "student",
                                        "agent",  "member",   "person",    "contact", "who",
                                        "me",     "you",      "employee",  "guest"};

    return label_is_word(s, n, words, sizeof(words) / sizeof(*words));
}

/*
 * Whether the token at i, a blank before it, and the '=' at sep are one of a line's key=value
 * pairs: its value is quoted, as a log line writes them ("INFO user.update ein=\"61-3180705\""),
 * or another pair comes before it on the line ("dob=November 28, 1975 ein=20-9387848"). A word
 * set to a value in a sentence ("set EMAIL=user@example.com in the config") is none.
 */
static bool
pair_after_blank(const unsigned char *text, size_t len, size_t i, size_t sep)
{
    if (sep + 1 < len && (text[sep + 1] == '"' || text[sep + 1] == '\'')) {
        return true;
    }
    for (size_t j = i; j > 0 && i - j < FIELD_PAIR_BACK && text[j - 1] != '\n'; j--) {
        if (text[j - 1] == '=') {
            return true;
        }
    }
    return false;
}

/* The key before the separator at sep, into [*ks, *ke): false when there is none. */
static bool
key_before(const unsigned char *text, size_t len, size_t sep, bool equals, bool *quoted, size_t *ks,
           size_t *ke)
{
    size_t j = sep;

    while (j > 0 && sep - j < 2 && is_blank(text[j - 1])) {
        j--;
    }
    *quoted = j > 0 && (text[j - 1] == '"' || text[j - 1] == '\'');
    if (*quoted) {
        unsigned char q = text[j - 1];
        size_t end = j - 1, i = end;
        while (i > 0 && end - i <= FIELD_KEY_MAX && text[i - 1] != q && text[i - 1] != '\n') {
            i--;
        }
        if (i == 0 || text[i - 1] != q || end - i > FIELD_KEY_MAX) {
            return false;
        }
        /* JSON inside a JSON string writes its quotes escaped: "{\"dob\":\"...\"}" */
        end -= end > i && text[end - 1] == '\\';
        *ks = i;
        *ke = end;
        return end > i;
    }
    while (j > 0 && sep - j < 6 && (text[j - 1] == '*' || text[j - 1] == '`')) {
        j--; /* Markdown emphasis around a key: "**DOB**:" */
    }
    size_t end = j, i = j;
    /* a token before '='; words (single blanks between) before ':' */
    while (i > 0 && end - i <= FIELD_KEY_MAX &&
           (is_key_byte(text[i - 1]) ||
            (!equals && text[i - 1] == ' ' && i > 1 && is_key_byte(text[i - 2])))) {
        i--;
    }
    if (end == i || end - i > FIELD_KEY_MAX) {
        return false;
    }
    size_t key_start = i;
    while (i > 0 && key_start - i < 3 && (text[i - 1] == '*' || text[i - 1] == '`')) {
        i--;
    }
    /* "Sure. Password: x": a sentence's end opens a key too */
    if (i > 0 && !opens_key(text[i - 1]) &&
        !(is_blank(text[i - 1]) && i > 1 &&
          (opens_key(text[i - 2]) || text[i - 2] == '.' || text[i - 2] == ':' ||
           is_blank(text[i - 2]) || (equals && pair_after_blank(text, len, i, sep))))) {
        return false;
    }
    i = key_start;
    while (i < end && (text[i] == '-' || text[i] == '.' || text[i] == '\'')) {
        i++; /* a bullet or quote, not the key */
    }
    *ks = i;
    *ke = end;
    return end > i;
}

/* Whether a key and its ':' follow at i ("Ada Byron, Phone: 555": the name ends at the comma). */
static bool
key_follows(const unsigned char *text, size_t len, size_t i)
{
    size_t j = i;

    while (j < len && is_blank(text[j])) {
        j++;
    }
    size_t k = j;
    while (k < len && k - j <= FIELD_KEY_MAX &&
           (is_key_byte(text[k]) || (text[k] == ' ' && k + 1 < len && is_key_byte(text[k + 1])))) {
        k++;
    }
    return k > j && k < len && (text[k] == ':' || text[k] == '=');
}

/*
 * The value after the separator ending at from, into [*vs, *ve): false when empty. After a
 * bracketed key ("[EIN] 61-3837677  [MRN] 01571722") the next bracketed key ends it too.
 */
static bool
value_after(const unsigned char *text, size_t len, size_t from, bool to_separator, bool bracketed,
            size_t *vs, size_t *ve)
{
    size_t i = from;

    while (i < len && is_blank(text[i])) {
        i++;
    }
    if (i + 1 < len && text[i] == '\\' && (text[i + 1] == '"' || text[i + 1] == '\'')) {
        /* a value in escaped quotes, as JSON inside a JSON string writes it: \"1G14P41N...\" */
        unsigned char q = text[i + 1];
        size_t j = i + 2, stop = i + 2 + FIELD_VALUE_SCAN < len ? i + 2 + FIELD_VALUE_SCAN : len;
        while (j + 1 < stop && !(text[j] == '\\' && text[j + 1] == q) && text[j] != '\n') {
            j++;
        }
        if (j + 1 >= stop || text[j] != '\\' || text[j + 1] != q) {
            return false;
        }
        *vs = i + 2;
        *ve = j;
        return j > i + 2;
    }
    if (i < len && (text[i] == '"' || text[i] == '\'')) {
        unsigned char q = text[i];
        size_t j = ++i, stop = i + FIELD_VALUE_SCAN < len ? i + FIELD_VALUE_SCAN : len;
        while (j < stop && text[j] != q && text[j] != '\n') {
            j += text[j] == '\\' && j + 1 < len ? 2 : 1;
        }
        if (j >= stop || text[j] != q) {
            return false;
        }
        *vs = i;
        *ve = j;
        return j > i;
    }
    size_t j = i, stop = i + FIELD_VALUE_SCAN < len ? i + FIELD_VALUE_SCAN : len;
    while (j < stop && text[j] != '\n' && text[j] != '\r' && text[j] != '|' && text[j] != '\t' &&
           text[j] != ';' && !(text[j] == ',' && key_follows(text, len, j + 1)) &&
           !(bracketed && text[j] == '[' && (j == i || is_blank(text[j - 1]))) &&
           !(to_separator && (text[j] == '&' || text[j] == ',' || text[j] == ' ' ||
                              text[j] == '}' || text[j] == ']' || text[j] == ')'))) {
        j++;
    }
    if (j == stop && stop < len) {
        return false; /* longer than any value judged: and a long line stays linear */
    }
    while (j > i && (is_blank(text[j - 1]) || text[j - 1] == '.' || text[j - 1] == ',' ||
                     text[j - 1] == '!' || text[j - 1] == '?')) {
        j--;
    }
    *vs = i;
    *ve = j;
    return j > i;
}

/* A group of a value printed in groups: capitals, digits and '-', '.', '/' inside. */
static bool
is_group_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '/';
}

/*
 * The end of the groups that follow a token value ending at ve, each one blank on and made of
 * capitals and digits ("AB12 CDE", "S-CF 185", "0049 1500 05 1234567892"), or ve: after '=' the
 * token alone is the value, and a value printed in groups would be cut at its first blank.
 */
static size_t
grouped_end(const unsigned char *text, size_t len, size_t vs, size_t ve)
{
    size_t end = ve;

    for (int groups = 0; groups < GROUPS_MAX && end < len && text[end] == ' ' && end + 1 < len &&
                         is_group_byte(text[end + 1]) && end - vs < LABEL_VALUE_MAX;
         groups++) {
        size_t j = end + 1;
        while (j < len && is_group_byte(text[j])) {
            j++;
        }
        if (j < len && !(is_blank(text[j]) || text[j] == ';' || text[j] == '&' || text[j] == ',' ||
                         text[j] == '\n' || text[j] == '\r' || text[j] == '|' || text[j] == '}' ||
                         text[j] == ']' || text[j] == ')')) {
            break; /* "AB12 CDE's", "x=1 A+B": not one more group */
        }
        end = j;
    }
    while (end > ve && (text[end - 1] == '.' || text[end - 1] == '-' || text[end - 1] == '/')) {
        end--;
    }
    return end;
}

/*
 * The value of a "Key:" that ends its line, on the next one ("Kentekennummer:\nRR-660-K", a
 * form printed as a column): one line break with blanks around it, never a blank line, and not
 * when the next line is another field ("Name:\nEmail: ..."). Into [*vs, *ve).
 */
static bool
value_on_next_line(const unsigned char *text, size_t len, size_t from, size_t *vs, size_t *ve)
{
    size_t i = from;

    while (i < len && is_blank(text[i])) {
        i++;
    }
    if (i < len && text[i] == '\r') {
        i++;
    }
    if (i >= len || text[i] != '\n') {
        return false;
    }
    i++;
    while (i < len && is_blank(text[i])) {
        i++;
    }
    if (i >= len || text[i] == '\n' || text[i] == '\r') {
        return false;
    }
    /* "Email: ...", "Colour:": a label of its own, not this one's value */
    for (size_t j = i; j < len && j - i <= 32 && text[j] != '\n'; j++) {
        if (text[j] == ':' ||
            (text[j] == 0xEF && j + 2 < len && text[j + 1] == 0xBC && text[j + 2] == 0x9A)) {
            return false;
        }
    }
    return value_after(text, len, i, false, false, vs, ve);
}

/*
 * The rules a field's key text[ks, ke) names, into nm: a key that names some rule is a label
 * ("Drivers Lic:" names a value: it is none; its qualifier may be: "Ana SSN:"), and only the
 * rules whose words label fields (column_fields) and companion words stay.
 */
static int
field_key_names(struct scrub_engine *e, const unsigned char *text, size_t ks, size_t ke,
                struct label_names *nm, struct err *err)
{
    size_t kept = 0;

    if (label_lookup(e, text + ks, ke - ks, nm, err) < 0) {
        return -1;
    }
    if (nm->n) {
        spans_push(&e->labels, ks + nm->from, ke);
    }
    for (size_t k = 0; k < nm->n; k++) {
        if (e->rules->rules[nm->rule[k]].column_fields || nm->kind[k] == COLUMN_COMPANION) {
            nm->rule[kept] = nm->rule[k];
            nm->kind[kept++] = nm->kind[k];
        }
    }
    nm->n = kept;
    return 0;
}

static void
fields_push(struct label_fields *f, size_t s, size_t e, size_t key, const struct label_names *nm)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? size_mul(f->cap, 2) : 16;
        f->v = xrealloc(f->v, size_mul(f->cap, sizeof(*f->v)));
    }
    f->v[f->n].s = s;
    f->v[f->n].e = e;
    f->v[f->n].key = key;
    f->v[f->n].nm = *nm;
    f->n++;
}

/*
 * An XML element's name as the key and its text as the value, when sep is the '>' that ends
 * "<DriversLic>" (attributes after the name allowed) and "</DriversLic>" closes the text on
 * the same line: into [*ks, *ke) and [*vs, *ve).
 */
static bool
xml_element(const unsigned char *text, size_t len, size_t sep, size_t *ks, size_t *ke, size_t *vs,
            size_t *ve)
{
    size_t open = sep;

    while (open > 0 && sep - open <= FIELD_KEY_MAX && text[open - 1] != '<' &&
           text[open - 1] != '>' && text[open - 1] != '\n') {
        open--;
    }
    if (open == 0 || text[open - 1] != '<' || open == sep || !is_key_byte(text[open]) ||
        text[open] == '-' || text[open] == '.') {
        return false;
    }
    size_t name_end = open;
    while (name_end < sep && is_key_byte(text[name_end]) && text[name_end] != '\'') {
        name_end++;
    }
    if (name_end < sep && !is_blank(text[name_end])) {
        return false; /* "<a/b>", "<x=1>": no element name */
    }
    size_t i = sep + 1, stop = i + FIELD_VALUE_SCAN < len ? i + FIELD_VALUE_SCAN : len;
    while (i < stop && text[i] != '<' && text[i] != '\n') {
        i++;
    }
    size_t name_len = name_end - open;
    if (i + 2 + name_len >= len || text[i] != '<' || text[i + 1] != '/' ||
        memcmp(text + i + 2, text + open, name_len) != 0 || text[i + 2 + name_len] != '>') {
        return false;
    }
    *ks = open;
    *ke = name_end;
    *vs = sep + 1;
    *ve = i;
    return i > sep + 1;
}

/*
 * A bracketed key, when sep is the ']' that ends "[EIN]" at the start of a line or after a
 * blank, and a blank (or ': ') follows it: the words inside into [*ks, *ke), and where its value
 * starts into *from. A Markdown link ("[EIN](https://...)"), a checkbox followed by no blank
 * and an index ("a[0]") are none; "[1] see below" and "[x] done" name no rule.
 */
static bool
bracket_key(const unsigned char *text, size_t len, size_t sep, size_t *ks, size_t *ke, size_t *from)
{
    size_t open = sep, i = sep + 1;

    while (open > 0 && sep - open <= FIELD_KEY_MAX && text[open - 1] != '[' &&
           text[open - 1] != ']' && text[open - 1] != '\n') {
        open--;
    }
    if (open == 0 || text[open - 1] != '[' || sep - open > FIELD_KEY_MAX ||
        (open > 1 && !is_blank(text[open - 2]) && text[open - 2] != '\n' &&
         text[open - 2] != '\r')) {
        return false;
    }
    if (i < len && text[i] == ':') {
        i++; /* "[EIN]: 61-3837677" */
    }
    if (i >= len || !is_blank(text[i])) {
        return false;
    }
    *ks = open;
    *ke = sep;
    while (*ks < *ke && is_blank(text[*ks])) {
        (*ks)++;
    }
    while (*ke > *ks && is_blank(text[*ke - 1])) {
        (*ke)--;
    }
    *from = i;
    return *ke > *ks;
}

/* Whether one of veil's placeholders ("[DATE_OF_BIRTH]") starts at i: it is no bracketed key. */
static bool
placeholder_at(const struct scrub_engine *e, size_t i)
{
    size_t lo = 0, hi = e->placeholders.n; /* found left to right: sorted by start */

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->placeholders.v[mid][0] < i) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < e->placeholders.n && e->placeholders.v[lo][0] == i;
}

/* The field whose separator is at sep (n bytes long), if its key names a rule. */
static int
read_field(struct scrub_engine *e, struct label_fields *f, const unsigned char *text, size_t len,
           size_t sep, size_t n, struct err *err)
{
    bool equals = text[sep] == '=', quoted = false, xml = text[sep] == '>';
    bool bracketed = text[sep] == ']';
    size_t ks, ke, vs = 0, ve = 0, from = sep + n;
    struct label_names nm;

    if (xml) {
        if (!xml_element(text, len, sep, &ks, &ke, &vs, &ve)) {
            return 0;
        }
    } else if (bracketed) {
        if (!bracket_key(text, len, sep, &ks, &ke, &from) || placeholder_at(e, ks - 1)) {
            return 0;
        }
    } else if (!key_before(text, len, sep, equals, &quoted, &ks, &ke) ||
               is_speaker(text + ks, ke - ks)) {
        return 0;
    }
    if (field_key_names(e, text, ks, ke, &nm, err) < 0) {
        return -1;
    }
    if (nm.n &&
        (xml || value_after(text, len, from, equals || quoted, bracketed, &vs, &ve) ||
         (!equals && !quoted && !bracketed && value_on_next_line(text, len, from, &vs, &ve)))) {
        fields_push(f, vs, ve, ks, &nm);
        size_t ge = equals && !quoted && !xml ? grouped_end(text, len, vs, ve) : ve;
        if (ge > ve) {
            fields_push(f, vs, ge, ks, &nm); /* judged whole too: the token may be one group */
        }
    }
    return 0;
}

/*
 * The field whose key is in the brackets opening at open, after its value on the same line
 * ("Ann Lee\n7ABC123 (licence plate)", "4810293847 (Kontonummer)"): the key must name a rule
 * and close its line (a '.', ',' or ';' may follow), the value is the rest of the line before
 * the brackets, from its start or a separator; the rule's cell shape must take all of it.
 */
static int
read_bracketed_key(struct scrub_engine *e, struct label_fields *f, const unsigned char *text,
                   size_t len, size_t open, struct err *err)
{
    size_t close = open + 1;
    struct label_names nm;

    while (close < len && close - open <= FIELD_KEY_MAX && text[close] != ')' &&
           text[close] != '(' && text[close] != '\n') {
        close++;
    }
    if (close >= len || text[close] != ')' || close == open + 1) {
        return 0;
    }
    size_t after = close + 1;
    while (after < len && (is_blank(text[after]) || text[after] == '.' || text[after] == ',' ||
                           text[after] == ';')) {
        after++;
    }
    if (after < len && text[after] != '\n' && text[after] != '\r') {
        return 0; /* "4810293847 (acct) and more": prose goes on */
    }
    size_t ve = open;
    while (ve > 0 && is_blank(text[ve - 1])) {
        ve--;
    }
    size_t vs = ve;
    while (vs > 0 && ve - vs <= LABEL_VALUE_MAX && text[vs - 1] != '\n' && text[vs - 1] != '\r' &&
           text[vs - 1] != '|' && text[vs - 1] != '\t' && text[vs - 1] != ';' &&
           text[vs - 1] != ':' && text[vs - 1] != '=' && text[vs - 1] != '>' &&
           text[vs - 1] != ',') {
        vs--;
    }
    while (vs < ve && (is_blank(text[vs]) || text[vs] == '-' || text[vs] == '*')) {
        vs++; /* a bullet */
    }
    if (vs == ve || ve - vs > LABEL_VALUE_MAX) {
        return 0;
    }
    size_t ks = open + 1, ke = close;
    while (ks < ke && is_blank(text[ks])) {
        ks++;
    }
    while (ke > ks && is_blank(text[ke - 1])) {
        ke--;
    }
    if (ke == ks) {
        return 0;
    }
    if (field_key_names(e, text, ks, ke, &nm, err) < 0) {
        return -1;
    }
    if (nm.n) {
        fields_push(f, vs, ve, ks, &nm);
    }
    return 0;
}

int
detect_fields(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    struct label_fields *f = &e->fields;
    size_t support = 0;

    f->n = 0;
    if (!e->rules->columns.fields) {
        return 0; /* no rule's words label fields: not worth a pass over the text */
    }
    /* each separator byte by memchr: most of a text is neither */
    static const unsigned char seps[] = {':', '=', 0xEF, '>', ']'};
    for (size_t k = 0; k < sizeof(seps); k++) {
        const unsigned char *p = text, *end = text + len;
        while (p < end && (p = memchr(p, seps[k], (size_t)(end - p))) != NULL) {
            size_t i = (size_t)(p - text);
            size_t n = seps[k] != 0xEF                                             ? 1
                       : i + 2 < len && text[i + 1] == 0xBC && text[i + 2] == 0x9A ? 3
                                                                                   : 0;
            if (n && i > 0 && read_field(e, f, text, len, i, n, err) < 0) {
                return -1;
            }
            p++;
        }
    }
    /* a printed form's dot leaders between key and value ("Homepage ........ www.x.org"); four
     * dots at least, so an ellipsis in prose ("I was thinking... maybe") is none */
    for (const unsigned char *p = text, *end = text + len;
         p < end && (p = memchr(p, '.', (size_t)(end - p))) != NULL;) {
        size_t i = (size_t)(p - text), n = 0;
        while (i + n < len && text[i + n] == '.') {
            n++;
        }
        if (n >= FIELD_LEADER_MIN && i > 0 && read_field(e, f, text, len, i, n, err) < 0) {
            return -1;
        }
        p += n;
    }
    for (const unsigned char *p = text, *end = text + len;
         p < end && (p = memchr(p, '(', (size_t)(end - p))) != NULL; p++) {
        if (read_bracketed_key(e, f, text, len, (size_t)(p - text), err) < 0) {
            return -1;
        }
    }
    for (size_t k = 0; k < f->n; k++) {
        support += label_supports(&f->v[k].nm);
        for (size_t j = 0; j < f->n; j++) {
            label_drop_vetoed(&f->v[k].nm, &f->v[j].nm);
        }
    }
    for (size_t k = 0; k < f->n; k++) {
        bool weak_ok = support > (size_t)label_supports(&f->v[k].nm);
        if (label_take(e, &f->v[k].nm, weak_ok, text, f->v[k].s, f->v[k].e, f->v[k].key, err) < 0) {
            return -1;
        }
    }
    return 0;
}
