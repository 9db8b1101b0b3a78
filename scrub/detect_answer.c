/*
 * Values given as the answer to a question: "Assistant: What is your passport number?\n\n
 * Human: 533201874". The question names the value as a form's label does, and no cue word
 * stands beside the value itself. So the words the rules list for their table columns
 * (label_cells.c), found in a question that ends a line, make the start of the next non-blank
 * line a candidate of those rules, if it has the rule's column_cell shape, as a "key: value"
 * field would be (detect_fields.c).
 *
 * - The question is the sentence before a '?' ('？', '؟') with at most a short remark after it
 *   on its line ("What's your DL number? It's for the rental."), and asks for someone's own
 *   value ("your", "his", "su", "Ihre"...): "When was Lincoln born?" asks for history. Its
 *   words are looked up as up to four consecutive words, the longest first. A weak column word
 *   ("pin", "code", "name") counts only right after a determiner ("your pin", "the code"):
 *   "your zip code" asks for no password.
 * - A request that ends a line names its answer the same way ("Please provide your Document No.
 *   (passport).", "I would need the MR# to continue."): its line back to the speaker, with a verb
 *   that asks for a value (provide, give, send, need...) instead of a possessive, and a
 *   determiner right before the column words ("to address issues like:" asks for none).
 * - A reply that opens a numbered list ("1) Providing...") gives no value.
 * - The answer skips a speaker ("Human:", "A:", "Ann:") and the words that open a reply ("it's",
 *   "sure,", "yes", "my number is"), and runs to the end of its clause or line, or to a word
 *   that starts a remark ("from", "issued", "thanks").
 * - Only answers with a digit in their first two words are read: a name or word answers a
 *   question as often with a refusal ("none of your business") as with a value, the person
 *   rules read names, and "I believe he lives at 1 Elm Rd" is prose around a value.
 */
#include "scrub/engine_internal.h"

#include <string.h>

#include "common/err.h"

#include "common/banned.h"

#define QUESTION_MAX       200 /* bytes of a question read back from its '?' */
#define QUESTION_TAIL      80  /* bytes of a remark allowed after the '?' on its line */
#define QUESTION_WORDS     4   /* consecutive words looked up as one column word */
#define ANSWER_GAP_LINES   3   /* blank lines allowed between the question and the answer */
#define SPEAKER_MAX        24  /* bytes of a speaker's name before its ':' */
#define ANSWER_DIGIT_WORDS 2   /* words of an answer that must hold its first digit */
/* bytes of a reply's line (speaker and opening words included) that must hold a digit */
#define ANSWER_DIGIT_REACH 96

static bool
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Bytes of a word: letters and digits of any script, apostrophes, '_', '-'. */
static bool
is_word_byte(unsigned char c)
{
    return c >= 0x80 || is_ascii_letter(c) || is_digit(c) || c == '\'' || c == '_' || c == '-';
}

/* The length of the question mark at text[i] ('?', '？', '؟'), or 0. */
static size_t
question_mark_at(const unsigned char *text, size_t len, size_t i)
{
    if (text[i] == '?') {
        return 1;
    }
    if (text[i] == 0xEF && i + 2 < len && text[i + 1] == 0xBC && text[i + 2] == 0x9F) {
        return 3;
    }
    if (text[i] == 0xD8 && i + 1 < len && text[i + 1] == 0x9F) {
        return 2;
    }
    return 0;
}

/*
 * A word that makes a question ask for someone's own value: "your passport number", "su número",
 * "Ihre Passnummer". "When was Lincoln born?" asks for history, not for a value to redact.
 */
static bool
is_owner_word(const unsigned char *s, size_t n)
{
    static const char *const words[] = {
        "your",  "yours",  "ur",     "my",     "his",    "her",     "their", "our",    "ihre",
        "ihr",   "ihren",  "dein",   "deine",  "deinen", "sein",    "seine", "seinen", "votre",
        "vos",   "ton",    "ta",     "tes",    "son",    "sa",      "tu",    "tus",    "su",
        "sus",   "tuo",    "tua",    "suo",    "sua",    "seu",     "teu",   "je",     "jouw",
        "uw",    "zijn",   "haar",   "twoj",   "twoje",  "twojego", "jej",   "jego",   "ihres",
        "ihrer", "deines", "deiner", "seines", "seiner", "nostro",  "vostro"};
    /* twój, ваш, ваша, твой, его */
    static const char *const more[] = {
        "tw\xc3\xb3j", "\xd0\xb2\xd0\xb0\xd1\x88", "\xd0\xb2\xd0\xb0\xd1\x88\xd0\xb0",
        "\xd1\x82\xd0\xb2\xd0\xbe\xd0\xb9", "\xd0\xb5\xd0\xb3\xd0\xbe"};

    return label_is_word(s, n, words, sizeof(words) / sizeof(*words)) ||
           label_is_word(s, n, more, sizeof(more) / sizeof(*more));
}

/* A verb that asks the reader for a value: "Please provide your ...", "I would need the MR#". */
static bool
is_request_verb(const unsigned char *s, size_t n)
{
    static const char *const words[] = {
        "provide", "give",     "send",    "enter",   "share",       "tell",    "type",
        "confirm", "need",     "require", "verify",  "state",       "include", "spell",
        "input",   "submit",   "geben",   "nennen",  "senden",      "angeben", "brauche",
        "fournir", "indiquer", "donner",  "envoyer", "proporcione", "indique", "necesito",
        "dame",    "informe",  "envie",   "preciso", "fornisca",    "indichi", "podaj"};
    /* benötige, envíe, forneça */
    static const char *const more[] = {"ben\xc3\xb6tige",
                                       "env\xc3\xad"
                                       "e",
                                       "forne\xc3\xa7"
                                       "a"};

    return label_is_word(s, n, words, sizeof(words) / sizeof(*words)) ||
           label_is_word(s, n, more, sizeof(more) / sizeof(*more));
}

/* A determiner before a weak column word: "your pin", "the code". */
static bool
is_determiner(const unsigned char *s, size_t n)
{
    return is_owner_word(s, n) || (n == 3 && !strncmp((const char *)s, "the", 3));
}

/*
 * Past an elided article or preposition glued to the word text[s, e) ("l'immatriculation",
 * "d'identité", "dell'auto", "all'indirizzo"), or s: the word is what a column lists.
 */
static size_t
past_elision(const unsigned char *text, size_t s, size_t e)
{
    static const char *const elided[] = {"l",   "d",    "n",    "qu",   "dell",
                                         "all", "dall", "nell", "sull", "un"};
    size_t a = s;

    while (a < e && a - s < 5 && text[a] != '\'') {
        a++;
    }
    if (a < e && text[a] == '\'' && e - a > 2 &&
        label_is_word(text + s, a - s, elided, sizeof(elided) / sizeof(*elided))) {
        return a + 1;
    }
    return s;
}

/* The words of text[qs, qe) as [start, end) pairs, at most cap of them (the last ones kept). */
static size_t
question_words(const unsigned char *text, size_t qs, size_t qe, size_t (*w)[2], size_t cap)
{
    size_t n = 0;

    for (size_t i = qs; i < qe;) {
        if (!is_word_byte(text[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < qe && is_word_byte(text[i])) {
            i++;
        }
        s = past_elision(text, s, i);
        if (n == cap) {
            memmove(w, w + 1, (cap - 1) * sizeof(*w));
            n--;
        }
        w[n][0] = s;
        w[n][1] = i;
        n++;
    }
    return n;
}

/* Adds rule to nm unless it is there already (or nm is full). */
static void
names_add(struct label_names *nm, uint32_t rule)
{
    for (size_t k = 0; k < nm->n; k++) {
        if (nm->rule[k] == rule) {
            return;
        }
    }
    if (nm->n < LABEL_RULES_MAX) {
        nm->rule[nm->n] = rule;
        nm->kind[nm->n] = COLUMN_STRONG;
        nm->n++;
    }
}

/*
 * The rules the question (or request) text[qs, qe) names by their column words, into asked: a
 * question must ask for someone's own value, a request must have a verb that asks for one.
 */
static int
question_names(struct scrub_engine *e, const unsigned char *text, size_t qs, size_t qe,
               bool request, struct label_names *asked, struct err *err)
{
    size_t w[32][2];
    size_t n = question_words(text, qs, qe, w, sizeof(w) / sizeof(*w));
    struct label_names nm;

    asked->n = 0;
    bool owned = false;
    for (size_t i = 0; i < n && !owned; i++) {
        owned = request ? is_request_verb(text + w[i][0], w[i][1] - w[i][0])
                        : is_owner_word(text + w[i][0], w[i][1] - w[i][0]);
    }
    for (size_t i = 0; i < n && owned;) {
        size_t took = 0;
        for (size_t k = n - i < QUESTION_WORDS ? n - i : QUESTION_WORDS; k > 0 && !took; k--) {
            if (label_lookup(e, text + w[i][0], w[i + k - 1][1] - w[i][0], &nm, err) < 0) {
                return -1;
            }
            bool determined = i > 0 && is_determiner(text + w[i - 1][0], w[i - 1][1] - w[i - 1][0]);
            for (size_t r = 0; r < nm.n; r++) {
                /* a request's words need their determiner too: "to address issues" */
                if ((nm.kind[r] == COLUMN_STRONG && (determined || !request)) ||
                    (nm.kind[r] == COLUMN_WEAK && determined)) {
                    names_add(asked, nm.rule[r]);
                    took = k;
                }
            }
        }
        i += took ? took : 1;
    }
    return 0;
}

/* Past the speaker of a line ("Human: ", "A: ", "Ann Lee: ") at i, or i. */
static size_t
skip_speaker(const unsigned char *text, size_t len, size_t i)
{
    size_t j = i;

    while (j < len && j - i <= SPEAKER_MAX &&
           (is_word_byte(text[j]) || (text[j] == ' ' && j > i && is_word_byte(text[j - 1])))) {
        j++;
    }
    if (j > i && j < len && text[j] == ':' && j + 1 < len && is_blank(text[j + 1])) {
        return j + 1;
    }
    return i;
}

static size_t
skip_blanks_and_marks(const unsigned char *text, size_t end, size_t i)
{
    while (i < end && (is_blank(text[i]) || text[i] == ',' || text[i] == ':' || text[i] == '!' ||
                       text[i] == '-' || text[i] == '.')) {
        i++;
    }
    return i;
}

/* The end of the word at i (i if none starts there). */
static size_t
word_end(const unsigned char *text, size_t end, size_t i)
{
    while (i < end && is_word_byte(text[i])) {
        i++;
    }
    return i;
}

/*
 * Past the words that open a reply at i ("sure, it's", "yes", "my number is", "that would be"),
 * or i. A reply that only repeats the question's words before a value ("my passport number is
 * X") ends at its verb.
 */
static size_t
skip_reply_opening(const unsigned char *text, size_t end, size_t i)
{
    static const char *const openers[] = {
        "it's",   "its",    "it",        "is",    "was",  "sure",   "yes",        "yeah",
        "yep",    "yup",    "ok",        "okay",  "of",   "course", "here",       "you",
        "go",     "that's", "that",      "would", "be",   "mine",   "mine's",     "hers",
        "his",    "theirs", "i",         "think", "um",   "uh",     "umm",        "hmm",
        "well",   "so",     "si",        "oui",   "ja",   "tak",    "da",         "evet",
        "claro",  "c'est",  "es",        "ist",   "jest", "the",    "number",     "no",
        "bien",   "certo",  "klar",      "sie",   "er",   "lautet", "natuurlijk", "zeker",
        "het",    "jasne",  "to",        "sim",   "ecco", "est",    "ce",         "cela",
        "seguro", "sicher", "certamente"};
    /* it’s, that’s, sí, sûr, è, é, natürlich, oczywiście, c’est, sì, voilà */
    static const char *const more[] = {"it\xe2\x80\x99s",
                                       "that\xe2\x80\x99s",
                                       "s\xc3\xad",
                                       "s\xc3\xbbr",
                                       "\xc3\xa8",
                                       "\xc3\xa9",
                                       "nat\xc3\xbcrlich",
                                       "oczywi\xc5\x9b"
                                       "cie",
                                       "c\xe2\x80\x99"
                                       "est",
                                       "s\xc3\xac",
                                       "voil\xc3\xa0"};
    static const char *const owners[] = {"my", "his", "her", "their", "our", "the"};

    for (int round = 0; round < 6; round++) {
        i = skip_blanks_and_marks(text, end, i);
        size_t we = word_end(text, end, i);
        if (we == i) {
            break;
        }
        if (label_is_word(text + i, we - i, openers, sizeof(openers) / sizeof(*openers)) ||
            label_is_word(text + i, we - i, more, sizeof(more) / sizeof(*more))) {
            i = we;
            continue;
        }
        if (!label_is_word(text + i, we - i, owners, sizeof(owners) / sizeof(*owners))) {
            break;
        }
        /* "my <up to four words> is|was|:" */
        size_t j = we;
        bool verb = false;
        for (int k = 0; k < 5 && !verb; k++) {
            while (j < end && is_blank(text[j])) {
                j++;
            }
            if (j < end && (text[j] == ':' || text[j] == '=')) {
                j++;
                verb = true;
                break;
            }
            size_t ke = word_end(text, end, j);
            if (ke == j) {
                break;
            }
            verb = (ke - j == 2 && (text[j] | 0x20) == 'i' && (text[j + 1] | 0x20) == 's') ||
                   (ke - j == 3 && !strncmp((const char *)text + j, "was", 3));
            j = ke;
        }
        if (!verb) {
            break;
        }
        i = j;
    }
    return skip_blanks_and_marks(text, end, i);
}

/* Whether a remark starts at the word text[i, we): the value before it is over. */
static bool
starts_remark(const unsigned char *text, size_t i, size_t we)
{
    static const char *const words[] = {
        "from",  "in",   "and",     "but",   "issued", "expires", "expiring", "expired", "exp",
        "which", "that", "for",     "of",    "is",     "was",     "please",   "thanks",  "thank",
        "if",    "so",   "because", "valid", "i",      "you",     "it",       "ok",      "okay",
        "right", "why",  "can",     "will",  "do",     "don't",   "lol",      "haha",    "btw"};

    return label_is_word(text + i, we - i, words, sizeof(words) / sizeof(*words));
}

/* The value of the reply at i, into [*vs, *ve): false when there is none worth reading. */
static bool
answer_value(const unsigned char *text, size_t len, size_t i, size_t *vs, size_t *ve)
{
    /* most replies hold no digit near their start: nothing to read, before the line's end is
     * looked for (a turn is often one long line) or any word is looked up */
    size_t d = i;
    while (d < len && d - i < ANSWER_DIGIT_REACH && text[d] != '\n' && !is_digit(text[d])) {
        d++;
    }
    if (d >= len || !is_digit(text[d])) {
        return false;
    }
    size_t line_end = d;
    while (line_end < len && text[line_end] != '\n') {
        line_end++;
    }
    size_t s = skip_reply_opening(text, line_end, skip_speaker(text, len, i));
    if (s < line_end && is_digit(text[s])) {
        size_t k = s + 1 < line_end && is_digit(text[s + 1]) ? s + 2 : s + 1;
        if (k + 1 < line_end && (text[k] == '.' || text[k] == ')') && is_blank(text[k + 1])) {
            return false; /* "1) Providing the players...": a list's first item */
        }
    }
    size_t j = s, stop = s + LABEL_VALUE_MAX < line_end ? s + LABEL_VALUE_MAX : line_end;
    bool digit = false;
    int words = 0;
    while (j < stop) {
        unsigned char c = text[j];
        if ((c == '.' || c == ',' || c == ';' || c == '!' || c == '?') &&
            (j + 1 >= line_end || is_blank(text[j + 1]))) {
            break;
        }
        if (is_blank(c) && j > s) {
            size_t k = j;
            while (k < stop && is_blank(text[k])) {
                k++;
            }
            size_t we = word_end(text, stop, k);
            if (we > k && starts_remark(text, k, we) && (we >= stop || !is_word_byte(text[we]))) {
                break;
            }
        }
        if (is_blank(c) && j > s && !is_blank(text[j - 1]) && ++words >= ANSWER_DIGIT_WORDS &&
            !digit) {
            return false; /* "I believe he lives at 1 Elm Rd": prose, not the value itself */
        }
        digit = digit || is_digit(c);
        j++;
    }
    while (j > s && is_blank(text[j - 1])) {
        j--;
    }
    *vs = s;
    *ve = j;
    return digit && j > s;
}

/* The start of the next non-blank line after the line end at nl, or 0 when there is none near. */
static size_t
next_line(const unsigned char *text, size_t len, size_t nl)
{
    size_t i = nl;

    for (int blank_lines = 0; i < len && text[i] == '\n' && blank_lines <= ANSWER_GAP_LINES;
         blank_lines++) {
        i++;
        while (i < len && is_blank(text[i])) {
            i++;
        }
    }
    return i < len && text[i] != '\n' ? i : 0;
}

/* The reply text[vs, ve), under the rules the question or request text[qs, qe) names. */
static int
take_answer(struct scrub_engine *e, const unsigned char *text, size_t qs, size_t qe, size_t vs,
            size_t ve, bool request, struct err *err)
{
    struct label_names asked;

    if (question_names(e, text, qs, qe, request, &asked, err) < 0) {
        return -1;
    }
    /* the question names its answer as a header names a cell */
    return asked.n ? label_take(e, &asked, false, text, vs, ve, CUE_NONE, err) : 0;
}

/* The answer to the question ending at q (its mark mlen bytes long), if it names rules. */
static int
read_answer(struct scrub_engine *e, const unsigned char *text, size_t len, size_t q, size_t mlen,
            struct err *err)
{
    size_t i = q + mlen, qs = q, vs, ve;

    /* the rest of the question's line: a short remark, then the answer on a later line */
    while (i < len && text[i] != '\n' && i - q <= QUESTION_TAIL && text[i] != '?' &&
           (text[i] < 0xD8 || !question_mark_at(text, len, i))) {
        i++;
    }
    if (i >= len || text[i] != '\n' || !(i = next_line(text, len, i)) ||
        !answer_value(text, len, i, &vs, &ve)) {
        return 0;
    }
    /* the question: back to its sentence's or line's start, or a speaker's ':' */
    while (qs > 0 && q - qs < QUESTION_MAX && text[qs - 1] != '\n' && text[qs - 1] != '.' &&
           text[qs - 1] != '!' && text[qs - 1] != '?' && text[qs - 1] != ':') {
        qs--;
    }
    return take_answer(e, text, qs, q, vs, ve, false, err);
}

/*
 * The answer to a request that ends the line at nl ("Please provide your Document No.
 * (passport).", "I would need the MR# to continue."): the line back to its speaker, a question's
 * line excepted (read_answer reads those).
 */
static int
read_request(struct scrub_engine *e, const unsigned char *text, size_t len, size_t nl,
             struct err *err)
{
    size_t qe = nl, qs, i, vs, ve;

    while (qe > 0 && (is_blank(text[qe - 1]) || text[qe - 1] == '.' || text[qe - 1] == ':')) {
        qe--;
    }
    if (qe == 0 || text[qe - 1] == '\n' || text[qe - 1] == '?' || !(i = next_line(text, len, nl)) ||
        !answer_value(text, len, i, &vs, &ve)) {
        return 0;
    }
    qs = qe;
    while (qs > 0 && qe - qs < QUESTION_MAX && text[qs - 1] != '\n' &&
           !(text[qs - 1] == ':' && qs < qe && is_blank(text[qs]))) {
        qs--;
    }
    return take_answer(e, text, qs, qe, vs, ve, true, err);
}

int
detect_answers(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err)
{
    if (!e->rules->columns.n) {
        return 0; /* no rule has column words */
    }
    /* each question mark by memchr: a text has few */
    static const unsigned char marks[] = {'?', 0xEF, 0xD8};
    size_t n_marks = subject_plain_ascii(e, text, len) ? 1 : sizeof(marks);
    for (size_t k = 0; k < n_marks; k++) {
        const unsigned char *p = text, *end = text + len;
        while (p < end && (p = memchr(p, marks[k], (size_t)(end - p))) != NULL) {
            size_t i = (size_t)(p - text), mlen = question_mark_at(text, len, i);
            if (mlen && read_answer(e, text, len, i, mlen, err) < 0) {
                return -1;
            }
            p++;
        }
    }
    /* each line end, for a request before it */
    for (const unsigned char *p = text, *end = text + len;
         p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
        if (read_request(e, text, len, (size_t)(p - text), err) < 0) {
            return -1;
        }
    }
    return 0;
}
