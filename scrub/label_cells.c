/*
 * Header words naming a value: what a table header cell (detect_columns.c) or a field's key
 * (detect_fields.c) names among the rules' column words, and the candidate a value under it
 * makes (trimmed, not an empty marker, of the rule's column_cell shape, then judged as any).
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define LABEL_MAX       64 /* bytes of a header or key worth looking up */
#define QUALIFIER_WORDS 2  /* leading words a header may put before a rule's words */

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The rules that the folded key e->column_key names among v[0, nv) from i on, into out. */
static void
names_from(struct scrub_engine *e, const struct column_label *v, size_t nv, size_t i,
           struct label_names *out)
{
    out->n = 0;
    for (; i < nv && out->n < LABEL_RULES_MAX &&
           !strncmp(v[i].key, (const char *)e->column_key.data, e->column_key.len) &&
           v[i].key[e->column_key.len] == '\0';
         i++) {
        out->rule[out->n] = v[i].rule;
        out->kind[out->n] = v[i].kind;
        out->n++;
    }
}

/* The rules the folded key e->column_key names, into out. */
static void
names_of_key(struct scrub_engine *e, struct label_names *out)
{
    const struct column_index *ix = &e->rules->columns;

    names_from(e, ix->v, ix->n, column_lookup(ix, e->column_key.data, e->column_key.len), out);
}

/*
 * The rules the key s[0, n) names as a scanned form misreads it ("Potlent ID", "Blrthdate",
 * "_DO8"): its column_key folded as OCR confuses letters (column_ocr_fold) against the words
 * folded alike. Only a key of five bytes or more, or one with a digit among its letters: a
 * short everyday word would fold onto a label ("Data" onto "date").
 */
static int
misread_lookup(struct scrub_engine *e, const unsigned char *s, size_t n, struct label_names *out,
               struct err *err)
{
    const struct column_index *ix = &e->rules->columns;
    bool digit = false, letter = false;

    out->n = 0;
    out->from = 0; /* the whole key names: a qualified lookup before may have left its start */
    if (column_key(s, n, &e->column_key, err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < e->column_key.len; i++) {
        unsigned char c = e->column_key.data[i];
        digit |= c >= '0' && c <= '9';
        letter |= c >= 'a' && c <= 'z';
    }
    if ((e->column_key.len < 5 && !(digit && letter)) || !column_ocr_fold(&e->column_key)) {
        return 0;
    }
    names_from(e, ix->ocr, ix->n_ocr, column_lookup_ocr(ix, e->column_key.data, e->column_key.len),
               out);
    return 0;
}

/*
 * A header with one or two qualifying words before the words a rule lists ("Illinois driver's
 * license number", "UT DL", "ma_dl", "Primary email", "Patient SSN"): the rules the rest names
 * strongly.
 * A weak word after a qualifier ("Product name") names nothing, and a function word is no
 * qualifier ("the plate: B12 vitamins", "their email: ...").
 */
static const char *const function_words[] = {"the", "a",     "an",  "my",   "your", "his",
                                             "her", "their", "our", "its",  "this", "that",
                                             "no",  "not",   "any", "some", "what", "which"};

/*
 * Qualifiers that say the value is no one's or not this kind of thing: a sample ("sample ssn",
 * "placeholder email", "test card number") or another kind of address or number ("MAC
 * address", "IP address", "wallet address", "order number"). The header names nothing.
 */
static const char *const unnaming_qualifiers[] = {
    "sample",  "example",   "test",     "dummy",    "fake",    "placeholder", "demo",     "mock",
    "random",  "invalid",   "mac",      "ip",       "ipv4",    "ipv6",        "web",      "wallet",
    "btc",     "bitcoin",   "eth",      "crypto",   "server",  "host",        "memory",   "network",
    "order",   "invoice",   "model",    "version",  "product", "tracking",    "serial",   "ticket",
    "flight",  "room",      "item",     "part",     "sku",     "reference",   "ref",      "hotline",
    "support", "toll-free", "tollfree", "helpline", "router",  "gateway",     "contract", "token",
};

/* Between the words of a header: "Home phone", "home_phone", "home-phone". */
static bool
splits_words(unsigned char c)
{
    return is_blank(c) || c == '_' || c == '-';
}

void
label_keep_strong(struct label_names *nm)
{
    size_t kept = 0;

    for (size_t k = 0; k < nm->n; k++) {
        if (nm->kind[k] == COLUMN_STRONG) {
            nm->rule[kept] = nm->rule[k];
            nm->kind[kept++] = nm->kind[k];
        }
    }
    nm->n = kept;
}

static int
qualified_lookup(struct scrub_engine *e, const unsigned char *s, size_t n, struct label_names *out,
                 struct err *err)
{
    size_t i = 0;

    while (i < n && splits_words(s[i])) {
        i++;
    }
    for (int dropped = 0; dropped < QUALIFIER_WORDS && !out->n; dropped++) {
        size_t w = i;
        while (i < n && !splits_words(s[i])) {
            i++;
        }
        if (label_is_word(s + w, i - w, function_words,
                          sizeof(function_words) / sizeof(*function_words)) ||
            label_is_word(s + w, i - w, unnaming_qualifiers,
                          sizeof(unnaming_qualifiers) / sizeof(*unnaming_qualifiers))) {
            break; /* "the plate: B12 vitamins" is prose, "MAC address" no street's */
        }
        while (i < n && splits_words(s[i])) {
            i++;
        }
        if (n - i < 2) {
            break;
        }
        if (column_key(s + i, n - i, &e->column_key, err) < 0) {
            return -1;
        }
        names_of_key(e, out);
        out->from = i;
        label_keep_strong(out);
        out->from = i;
    }
    return 0;
}

/* The words a form writes for "number" before or after a label: "N° de compte", "Pasaporte nº". */
static const char *const number_markers[] = {
    "no",   "no.", "n\xc2\xba", "n\xc2\xb0", "n",      "n.",     "nr",         "nr.",        "num",
    "num.", "nro", "nro.",      "#",         "number", "nummer", "n\xc3\xbam", "n\xc3\xbam."};

/* A vehicle a plate or VIN label says it is of ("Targa auto", "Matrícula del vehículo"). */
static const char *const vehicle_words[] = {"auto",
                                            "car",
                                            "carro",
                                            "coche",
                                            "veicolo",
                                            "vehiculo",
                                            "vehicle",
                                            "veiculo",
                                            "voiture",
                                            "vehicule",
                                            "fahrzeug",
                                            "fahrzeugs",
                                            "wagen",
                                            "pojazdu",
                                            "samochodu",
                                            "auta",
                                            "ve\xc3\xad"
                                            "culo",
                                            "veh\xc3\xad"
                                            "culo",
                                            "v\xc3\xa9hicule"};

/* The words that join such a vehicle or a number word to the label: "del", "do", "de"... */
static const char *const linking_words[] = {"del",   "do",  "da",  "de",   "du",  "della",
                                            "dello", "van", "het", "of",   "the", "des",
                                            "la",    "le",  "il",  "dell", "di"};

static bool
is_in(const unsigned char *s, size_t a, size_t b, const char *const *words, size_t n_words)
{
    return label_is_word(s + a, b - a, words, n_words);
}

#define IS_MARKER(s, w, k)                                                                         \
    is_in(s, w[k][0], w[k][1], number_markers, sizeof(number_markers) / sizeof(*number_markers))
#define IS_VEHICLE(s, w, k)                                                                        \
    is_in(s, w[k][0], w[k][1], vehicle_words, sizeof(vehicle_words) / sizeof(*vehicle_words))
#define IS_LINKING(s, w, k)                                                                        \
    is_in(s, w[k][0], w[k][1], linking_words, sizeof(linking_words) / sizeof(*linking_words))

/*
 * A label with its number word before or after it ("no_compte", "N° de châssis", "Pasaporte
 * nº", "kto_nr") or the vehicle it belongs to after it ("Targa auto", "Matrícula del vehículo",
 * "kenteken_auto"): the rules the rest names strongly, as a qualifier's rest would.
 */
static int
trimmed_lookup(struct scrub_engine *e, const unsigned char *s, size_t n, struct label_names *out,
               struct err *err)
{
    size_t w[8][2], nw = 0, i = 0;

    /* the quotes, emphasis and colon a header cell or key may be wrapped in */
    while (n && (is_blank(s[n - 1]) || s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == '*' ||
                 s[n - 1] == '`' || s[n - 1] == ':')) {
        n--;
    }
    while (i < n && (is_blank(s[i]) || s[i] == '"' || s[i] == '\'' || s[i] == '*' || s[i] == '`')) {
        i++;
    }
    while (i < n && nw < sizeof(w) / sizeof(*w)) {
        while (i < n && splits_words(s[i])) {
            i++;
        }
        if (i == n) {
            break;
        }
        w[nw][0] = i;
        while (i < n && !splits_words(s[i])) {
            i++;
        }
        w[nw++][1] = i;
    }
    if (i < n || nw < 2) {
        return 0;
    }
    size_t a = 0, b = nw;
    if (IS_MARKER(s, w, a)) {
        a++;
        if (b - a >= 2 && IS_LINKING(s, w, a)) {
            a++;
        }
    }
    if (b - a >= 2 && IS_MARKER(s, w, b - 1)) {
        b--;
    } else if (b - a >= 2 && IS_VEHICLE(s, w, b - 1)) {
        b--;
        while (b - a >= 2 && IS_LINKING(s, w, b - 1)) {
            b--;
        }
    }
    if ((a == 0 && b == nw) || a >= b) {
        return 0;
    }
    size_t from = w[a][0], to = w[b - 1][1];
    if (column_key(s + from, to - from, &e->column_key, err) < 0) {
        return -1;
    }
    names_of_key(e, out);
    out->from = 0;
    if (!out->n && qualified_lookup(e, s + from, to - from, out, err) < 0) {
        return -1;
    }
    label_keep_strong(out);
    out->from += from;
    return 0;
}

static bool
is_ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/*
 * A label as OCR or a keyboard wrote it with 0 for o and 1 for l ("Tab1ica", "passep0rt",
 * "C0mpte", "Acct n0."): into out, each 0 or 1 inside a word of letters read as the letter;
 * false when there is none.
 */
static bool
ocr_letters(const unsigned char *s, size_t n, unsigned char *out)
{
    bool swapped = false;

    for (size_t i = 0; i < n; i++) {
        out[i] = s[i];
        if ((s[i] == '0' || s[i] == '1') && i > 0 && is_ascii_letter(s[i - 1]) &&
            (i + 1 >= n || !(s[i + 1] >= '0' && s[i + 1] <= '9'))) {
            out[i] = s[i] == '0' ? 'o' : 'l';
            swapped = true;
        }
    }
    return swapped;
}

/*
 * The rules the cell s[0, n) names as a header, into out (out->n == 0: none). A non-ASCII cell
 * that names none as written is read as the view reads it too, so a header in disguise
 * ("pаssword" with a Cyrillic a, full-width "ｐａｓｓｗｏｒｄ", "pass<ZWSP>word") names its column.
 */
int
label_lookup(struct scrub_engine *e, const unsigned char *s, size_t n, struct label_names *out,
             struct err *err)
{
    out->n = 0;
    out->from = 0;
    if (n > LABEL_MAX) {
        return 0;
    }
    if (column_key(s, n, &e->column_key, err) < 0) {
        return -1;
    }
    names_of_key(e, out);
    if (out->n) {
        return 0;
    }
    if (!norm_is_ascii(s, n)) {
        if (norm_view_build(&e->label_view, s, n, NORM_CONFUSABLES, err) < 0 ||
            column_key(e->label_view.text.data, e->label_view.text.len, &e->column_key, err) < 0) {
            return -1;
        }
        names_of_key(e, out);
        if (out->n) {
            return 0;
        }
    }
    if (qualified_lookup(e, s, n, out, err) < 0 ||
        (!out->n && trimmed_lookup(e, s, n, out, err) < 0)) {
        return -1;
    }
    unsigned char read[LABEL_MAX];
    if (!out->n && ocr_letters(s, n, read)) {
        return label_lookup(e, read, n, out, err); /* read has no 0 or 1 left: once */
    }
    return out->n ? 0 : misread_lookup(e, s, n, out, err);
}

static bool
names_kind(const struct label_names *nm, enum column_kind kind)
{
    for (size_t i = 0; i < nm->n; i++) {
        if (nm->kind[i] == kind) {
            return true;
        }
    }
    return false;
}

bool
label_is_word(const unsigned char *s, size_t n, const char *const *words, size_t n_words)
{
    if (!n) {
        for (size_t k = 0; k < n_words; k++) {
            if (!words[k][0]) {
                return true;
            }
        }
        return false;
    }
    /* as bytes: a signed char never equals a byte of UTF-8 ("twój", "итого", "合计") */
    const unsigned char first = s[0] | 0x20;

    /* each word compared up to its NUL, not measured first, and most only by their first byte:
     * a strlen of every word of a list at every call was 1.8 % of a record's instructions */
    for (size_t k = 0; k < n_words; k++) {
        const unsigned char *w = (const unsigned char *)words[k];
        size_t i = 1;

        if ((w[0] | 0x20) != first || !w[0]) {
            continue;
        }
        while (i < n && w[i] && (s[i] | 0x20) == (w[i] | 0x20)) {
            i++;
        }
        if (i == n && !w[n]) {
            return true;
        }
    }
    return false;
}

/* A cell that holds no value: "-", "n/a", "none", "???", "***", an ellipsis, zeros... */
static bool
is_empty_marker(const unsigned char *s, size_t n)
{
    static const char *const words[] = {
        "n/a", "na",  "none",     "null",       "nil",         "unknown",
        "tbd", "tba", "redacted", "[redacted]", "<redacted>",  "xxx",
        "xx",  "x",   "empty",    "blank",      "\xE2\x80\xA6"};
    bool punct_only = true, zeros_only = true;

    /* "000-00-0000", "0000 0000": a form's blank filled with zeros */
    for (size_t i = 0; i < n && (punct_only || zeros_only); i++) {
        unsigned char c = s[i];
        bool alnum =
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
        punct_only = punct_only && !alnum;
        zeros_only = zeros_only && (!alnum || c == '0');
    }
    return punct_only || zeros_only || label_is_word(s, n, words, sizeof(words) / sizeof(*words));
}

/* A summary row's label ("Total", "Subtotal:", "Summe", "合计") under a column: not a value. */
static bool
is_summary_label(const unsigned char *s, size_t n)
{
    static const char *const words[] = {"total",
                                        "totals",
                                        "subtotal",
                                        "sub-total",
                                        "grand total",
                                        "sum",
                                        "average",
                                        "avg",
                                        "mean",
                                        "overall",
                                        "gesamt",
                                        "insgesamt",
                                        "summe",
                                        "totale",
                                        "somme",
                                        "suma",
                                        "soma",
                                        "totaal",
                                        "razem",
                                        "celkem",
                                        "toplam",
                                        "yhteens\xc3\xa4",
                                        "\xd0\xb8\xd1\x82\xd0\xbe\xd0\xb3\xd0\xbe",
                                        "\xd0\xb2\xd1\x81\xd0\xb5\xd0\xb3\xd0\xbe",
                                        "\xd0\x98\xd1\x82\xd0\xbe\xd0\xb3\xd0\xbe",
                                        "\xe5\x90\x88\xe8\xae\xa1",
                                        "\xe5\x90\x88\xe8\xa8\x88",
                                        "\xe6\x80\xbb\xe8\xae\xa1",
                                        "\xe5\xb0\x8f\xe8\xae\xa1",
                                        "\xec\xb4\x9d\xea\xb3\x84",
                                        "\xed\x95\xa9\xea\xb3\x84"};

    while (n && (s[n - 1] == ':' || s[n - 1] == ' ')) {
        n--;
    }
    return label_is_word(s, n, words, sizeof(words) / sizeof(*words));
}

/*
 * A value OCR read with the letter O for a zero ("9652792O", "85-8O-84", "WX 9O551"): into out,
 * each capital O beside a digit read as 0; false when there is none. The cell's shape and its
 * validator judge that reading; the finding is the value as written.
 */
static bool
ocr_zeros(const unsigned char *s, size_t n, unsigned char *out)
{
    bool swapped = false;

    for (size_t i = 0; i < n; i++) {
        out[i] = s[i];
        if (s[i] == 'O' && ((i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') ||
                            (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9'))) {
            out[i] = '0';
            swapped = true;
        }
    }
    return swapped;
}

/* One cell as a candidate of rule i: trimmed, not an empty marker, its shape if the rule asks. */
static int
take_cell(struct scrub_engine *e, uint32_t i, const unsigned char *text, size_t s, size_t end,
          size_t lead, struct err *err)
{
    const struct rule *r = &e->rules->rules[i];
    double score;

    while (s < end && (is_blank(text[s]) || text[s] == '"' || text[s] == '*' || text[s] == '`')) {
        s++;
    }
    while (end > s && (is_blank(text[end - 1]) || text[end - 1] == '"' || text[end - 1] == '*' ||
                       text[end - 1] == '`' ||
                       /* a scanned line's tail: "A4976109 ~", "Dec 10 1981 |", "01/16/2001 ." */
                       ((text[end - 1] == '~' || text[end - 1] == '|' || text[end - 1] == '.') &&
                        end - 1 > s && is_blank(text[end - 2])))) {
        end--;
    }
    if (end == s || end - s > LABEL_VALUE_MAX || is_empty_marker(text + s, end - s) ||
        is_summary_label(text + s, end - s)) {
        return 0;
    }
    const unsigned char *cell = text + s;
    unsigned char read[LABEL_VALUE_MAX];
    if (r->column_cell) {
        int rc = engine_match(e, r->column_cell, text, end, s, r->name, err);
        if (rc == 0 && ocr_zeros(text + s, end - s, read)) {
            rc = engine_match(e, r->column_cell, read, end - s, 0, r->name, err);
            cell = read;
        }
        if (rc <= 0) {
            return rc;
        }
    }
    enum verdict v = candidate_judge(e, r, cell, end - s, r->lexicon_score, false, &score);
    if (v == VERDICT_ALLOWED) {
        candidates_push(&e->samples, s, end, score, r, false, CUE_NONE, true);
    } else if (v != VERDICT_DROP) {
        candidates_push(&e->cands, s, end, score, r, v == VERDICT_CONTEXT,
                        lead == CUE_NONE ? s : lead, true);
    }
    return 0;
}

/* The cell under a column naming rules nm: strong names always, weak ones if allowed. */
int
label_take(struct scrub_engine *e, const struct label_names *nm, bool weak_ok,
           const unsigned char *text, size_t s, size_t end, size_t lead, struct err *err)
{
    for (size_t k = 0; k < nm->n; k++) {
        if ((nm->kind[k] == COLUMN_STRONG || (nm->kind[k] == COLUMN_WEAK && weak_ok)) &&
            take_cell(e, nm->rule[k], text, s, end, lead, err) < 0) {
            return -1;
        }
    }
    return 0;
}

void
label_drop_vetoed(struct label_names *nm, const struct label_names *other)
{
    size_t kept = 0;

    for (size_t k = 0; k < nm->n; k++) {
        bool vetoed = false;
        for (size_t j = 0; j < other->n && !vetoed; j++) {
            vetoed = nm->kind[k] == COLUMN_WEAK && other->kind[j] == COLUMN_VETO &&
                     other->rule[j] == nm->rule[k];
        }
        if (!vetoed) {
            nm->rule[kept] = nm->rule[k];
            nm->kind[kept++] = nm->kind[k];
        }
    }
    nm->n = kept;
}

void
label_apply_vetoes(struct label_names *cols, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        for (size_t j = 0; j < n; j++) {
            label_drop_vetoed(&cols[k], &cols[j]);
        }
    }
}

bool
label_supports(const struct label_names *nm)
{
    return names_kind(nm, COLUMN_STRONG) || names_kind(nm, COLUMN_COMPANION);
}
