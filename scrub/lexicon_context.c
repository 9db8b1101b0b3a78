/*
 * Whether a hit of a name list is a private person's name where it stands, by the words around
 * it: a place ("Emeka Park", "in Macon, GA"), a firm or a brand ("Tiffany & Co.", "my Ford
 * Focus"), a work, a storm or an eponym ("the song Billie Jean", "Murphy's law"), an animal, an
 * invented or public figure, a name asked about as a word, a form's label; and how far a hit
 * grows over a surname or back over a given name, and a lower-case name after a
 * self-introduction ("im raj fernandes lol"). The scan (lexicon.c) asks these of every hit.
 */
#include "scrub/lexicon_scan_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <unicode/uchar.h>

#include "common/banned.h"

static bool
word_in(const struct lexicon_scanner *sc, const struct token *t, const char *const *words, size_t n)
{
    const unsigned char *w = sc->fold.data + t->fold_off;

    /* the first byte rules out most words before their length is taken */
    for (size_t i = 0; i < n; i++) {
        if (t->fold_len && (unsigned char)words[i][0] == w[0] && t->fold_len == strlen(words[i]) &&
            !memcmp(w, words[i], t->fold_len)) {
            return true;
        }
    }
    return false;
}

#define WORD_IN(sc, t, list) word_in(sc, t, list, sizeof(list) / sizeof(list[0]))

/*
 * Capitalised English words that follow a first name in running text but are not surnames:
 * sentence starts after a missing full stop ("Thanks John How are you"), the pronoun-like and
 * function words, calendar words, religious words ("May God") and US states ("Orlando Florida").
 */
static const char *const non_surnames[] = {
    "i",
    "im",
    "i'm",
    "ive",
    "id",
    "ill",
    "you",
    "your",
    "youre",
    "he",
    "she",
    "it",
    "its",
    "we",
    "they",
    "them",
    "his",
    "her",
    "our",
    "their",
    "me",
    "my",
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "if",
    "so",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "to",
    "with",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "am",
    "do",
    "does",
    "did",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "shall",
    "not",
    "no",
    "yes",
    "ok",
    "okay",
    "what",
    "who",
    "whom",
    "why",
    "how",
    "when",
    "where",
    "which",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "then",
    "than",
    "thanks",
    "thank",
    "please",
    "hi",
    "hello",
    "hey",
    "dear",
    "sorry",
    "well",
    "oh",
    "also",
    "just",
    "said",
    "says",
    "asked",
    "told",
    "wrote",
    "called",
    "named",
    "god",
    "lord",
    "jesus",
    "christ",
    "allah",
    /*
     * a public role written as a title between a word and a name ("Christian Apologist Lee
     * Strobel", "Austrian Economist Ludwig von Mises"): never a surname
     */
    "apologist",
    "evangelist",
    "televangelist",
    "theologian",
    "historian",
    "economist",
    "philosopher",
    /* "Mia Madre", "Tu Padre", "Ay Dios": Romance family and religious words after a word
     * that is also a first name */
    "madre",
    "padre",
    "dios",
    "deus",
    "dieu",
    "nonna",
    "nonno",
    "abuela",
    "abuelo",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "english",
    "american",
    "christmas",
    "easter",
    "assistant",
    "human",
    "ai",
    "impression",
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "wisconsin",
    "wyoming",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
};

/*
 * Words that make the capitalised words before them the name of a place, street or
 * organisation ("St Joseph Academy", "Margaretta Diner", "Apollo Global Management").
 */
static const char *const place_org_words[] = {
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "court",
    "ct",
    "place",
    "pl",
    "way",
    "parkway",
    "highway",
    "hwy",
    "square",
    "terrace",
    "nw",
    "ne",
    "sw",
    "se",
    "park",
    "hills",
    "heights",
    "springs",
    "falls",
    "valley",
    "beach",
    "island",
    "islands",
    "bay",
    "harbor",
    "harbour",
    "lake",
    "river",
    "mountain",
    "mountains",
    "county",
    "city",
    "state",
    "university",
    "college",
    "school",
    "academy",
    "institute",
    "hospital",
    "clinic",
    "church",
    "cathedral",
    "temple",
    "mosque",
    "synagogue",
    "hotel",
    "motel",
    "inn",
    "diner",
    "cafe",
    "restaurant",
    "bar",
    "pub",
    "grill",
    "bakery",
    "bank",
    "company",
    "companies",
    "co",
    "inc",
    "corp",
    "corporation",
    "llc",
    "ltd",
    "group",
    "holdings",
    "partners",
    "management",
    "properties",
    "capital",
    "ventures",
    "industries",
    "centers",
    "center",
    "centre",
    "foundation",
    "society",
    "association",
    "club",
    "team",
    "festival",
    "museum",
    "theater",
    "theatre",
    "stadium",
    "arena",
    "mall",
    "market",
    "station",
    "airport",
    "news",
    "times",
    "post",
    "journal",
    "tribune",
    "herald",
    "gazette",
    "magazine",
    "records",
    "studios",
    "pictures",
    "entertainment",
    "media",
    "network",
    "airlines",
    "motors",
    "laws",
    "law",
    "act",
    "award",
    "awards",
    "prize",
    "foods",
    "sauce",
    "show",
    "movie",
    "film",
    "series",
    "day",
    "year",
    "wars",
    "building",
    "office",
    /* landforms and landmarks: "Grace Bay", "Victoria Falls", "Charles Creek", "Lucy Pier" */
    "creek",
    "canyon",
    "forest",
    "gardens",
    "pier",
    "peak",
    "cove",
    "reef",
    "coast",
    "gulf",
    "peninsula",
    "glacier",
    "volcano",
    "province",
    "district",
    "borough",
    "township",
    "memorial",
    "monument",
    /* the capital after its founder's name ("Washington DC") */
    "dc",
    /* a chain or a line of goods named like a person ("Olive Garden", "Girl Scout Cookies") */
    "garden",
    "cookies",
    /* what is named after its discoverer or a public figure ("Rachel Maddow Syndrome") */
    "syndrome",
    "disease",
    "effect",
    "theorem",
    "paradox",
    "principle",
    /*
     * car models after a maker named like a person: "Ford Mustang", "Mercedes Benz", "Lincoln
     * Navigator"; a surname is never one of these
     */
    "mustang",
    "fiesta",
    "bronco",
    "taurus",
    "explorer",
    "raptor",
    "benz",
    "navigator",
    "aviator",
    /*
     * the last word of a firm's name ("Dell Technologies", "Anderson Windows", "Morgan Stanley
     * Wealth Management"): an industry or line of goods, never a surname
     */
    "technologies",
    "technology",
    "systems",
    "solutions",
    "software",
    "labs",
    "laboratories",
    "electronics",
    "communications",
    "pharmaceuticals",
    "energy",
    "logistics",
    "services",
    "consulting",
    "enterprises",
    "brands",
    "insurance",
    "financial",
    "securities",
    "airways",
    "windows",
    "doors",
    "cosmetics",
    "apparel",
    /* a region, and a form's label after an OCR slip ("Marie Byrd Land", "Cord Number") */
    "land",
    "number",
};

/*
 * Capitalised words that open a sentence, address someone or give a title, folded: a capitalised
 * word before a lone name that is none of these is the start of the same name ("Bongani
 * Whitfield", where only "Whitfield" is listed); "Tell Whitfield", "Officer Whitfield" stay.
 */
static const char *const sentence_words[] = {
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "so",
    "if",
    "when",
    "then",
    "that",
    "this",
    "there",
    "here",
    "what",
    "who",
    "which",
    "where",
    "why",
    "how",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "has",
    "have",
    "had",
    "can",
    "could",
    "will",
    "would",
    "should",
    "may",
    "might",
    "must",
    "not",
    "no",
    "yes",
    "yeah",
    "ok",
    "okay",
    "oh",
    "hi",
    "hey",
    "hello",
    "dear",
    "thanks",
    "thank",
    "please",
    "sorry",
    "well",
    "also",
    "just",
    "only",
    "even",
    "still",
    "now",
    "after",
    "before",
    "because",
    "since",
    "while",
    "with",
    "for",
    "from",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "about",
    "like",
    "as",
    "he",
    "she",
    "it",
    "we",
    "they",
    "you",
    "me",
    "him",
    "her",
    "them",
    "my",
    "your",
    "his",
    "its",
    "our",
    "their",
    "tell",
    "ask",
    "call",
    "text",
    "email",
    "find",
    "get",
    "give",
    "send",
    "let",
    "make",
    "help",
    "kill",
    "hurt",
    "hate",
    "love",
    "meet",
    "met",
    "saw",
    "see",
    "said",
    "says",
    "told",
    "asked",
    "poor",
    "old",
    "young",
    "little",
    "big",
    "sweet",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "madam",
    "uncle",
    "aunt",
    "cousin",
    "brother",
    "sister",
    "mom",
    "dad",
    "mum",
    "grandma",
    "grandpa",
    "officer",
    "coach",
    "saint",
    "father",
    "mother",
    "pastor",
    "judge",
    "king",
    "queen",
    "prince",
    "princess",
    "lord",
    "lady",
    "president",
    "senator",
    "governor",
    "mayor",
    "captain",
    "detective",
    "agent",
    "human",
    "assistant",
    "user",
    "subject",
    "name",
    "every",
    "some",
    "any",
    "all",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "maybe",
    "representative",
    "congressman",
    "congresswoman",
    "congressperson",
    "rep",
    "sen",
    "gov",
    "sheriff",
    "general",
    "sergeant",
    "lieutenant",
    "colonel",
    "chief",
    "minister",
    "secretary",
    "chairman",
    "director",
    "manager",
    "doctor",
    "nurse",
    "professor",
    "reverend",
    "bishop",
    "rabbi",
    "imam",
    "deputy",
    "commissioner",
    "ambassador",
    "justice",
    "attorney",
    "baby",
    /* record and form labels before a name: "Patient Tariq A. Banerjee" */
    "patient",
    "client",
    "customer",
    "employee",
    "tenant",
    "resident",
    "student",
    "applicant",
    "member",
    "guest",
    "passenger",
    "suspect",
    "victim",
    "caller",
    "cardholder",
};

/*
 * Place words that are also common surnames ("Emeka Park", "Mei Lane"): right after a first
 * name, with no other capitalised word around, they end the name, unless a house number, an
 * article or a preposition of place stands before it ("12 Jackson Park", "in Hyde Park"). Day,
 * Post, Court and Law are surnames too, but far more often "Victoria Day", "Washington Post".
 */
static const char *const surname_place_words[] = {"park", "lane"};

/* Words before a place name that rule out "first name + surname" for surname_place_words. */
static const char *const place_lead_words[] = {"the",    "in",     "near", "across", "through",
                                               "around", "inside", "into", "outside"};

/*
 * Vietnamese titles and kinship words, folded: they stand before a name ("Bà Trưng", "Ông
 * Nam"), so a listed word right before one is not that person's first name: "Hai Bà Trưng" is
 * a district ("the two Trưng ladies"), not Hai.
 */
static const char *const vietnamese_titles[] = {"bà",  "ông", "cô", "chú",  "bác",
                                                "chị", "cậu", "dì", "thầy", "cụ"};

/* Capitalised words before a first name that make it part of a place name ("San Antonio"). */
static const char *const place_prefixes[] = {
    "san",
    "santa",
    "santo",
    "sao",
    "st",
    "saint",
    "los",
    "las",
    "el",
    "la",
    "new",
    "west",
    "east",
    "north",
    "south",
    "fort",
    "ft",
    "mount",
    "mt",
    "lake",
    "port",
    "cape",
    "upper",
    "lower",
    "greater",
    "old",
    "little",
    "big",
    "polo",
    "puerto",
    "costa",
    "porto",
    "rio",
    /* not a place, but it opens the names of help lines and charities ("SOS Amitié") */
    "sos",
};

/* A word that looks like a surname: upper-case first letter, two or more letters. */
static bool
is_capitalised_word(const struct lexicon_scanner *sc, const unsigned char *s, const struct token *t)
{
    UChar32 c = lexicon_first_code_point(s + t->start, t->end - t->start);
    size_t i;

    if (lexicon_alternating_case(s, t) || (u_isupper(c) && lexicon_leet_word(s, t))) {
        /* a disguised surname ("lOpEz", "Sm1th") */
        return !WORD_IN(sc, t, non_surnames) && !WORD_IN(sc, t, place_org_words);
    }
    if (!(u_isupper(c) || u_istitle(c)) ||
        lexicon_count_code_points(s + t->start, t->end - t->start) < 2 ||
        WORD_IN(sc, t, non_surnames) || WORD_IN(sc, t, place_org_words)) {
        return false;
    }
    for (i = t->start; i < t->end; i++) {
        if (s[i] < 0x80 && !lexicon_a_letter(s[i]) && s[i] != '\'' && s[i] != '-') {
            return false;
        }
    }
    return true;
}

static bool
is_particle(const struct lexicon_scanner *sc, const struct token *t)
{
    static const char *const particles[] = {"de", "da", "di", "del", "della", "der", "den", "van",
                                            "von", "la", "le", "du", "dos", "das", "bin", "ibn",
                                            "al", "ter", "ten", "y", "zu",
                                            /* Irish and Arabic: "Ó Briain", "Ní Bhriain" */
                                            "ó", "ní", "nic", "uí", "mhic", "bint"};

    return WORD_IN(sc, t, particles);
}

/* Two words separated by plain spaces on one line. */
static bool
space_between(const unsigned char *s, const struct token *a, const struct token *b)
{
    size_t i;

    if (a->possessive || b->cell_break || b->start == a->end || b->start - a->end > 2) {
        return false;
    }
    for (i = a->end; i < b->start; i++) {
        if (s[i] != ' ') {
            return false;
        }
    }
    return true;
}

/* Word a is an abbreviation with its full stop right before b: "St. Louis", "Mt. Vernon". */
static bool
abbreviation_before(const unsigned char *s, const struct token *a, const struct token *b)
{
    return !a->possessive && b->start == a->end + 2 && s[a->end] == '.' && s[a->end + 1] == ' ';
}

/* A short all-capitals word: an acronym ("VIN", "LA"), not a name. */
static bool
is_acronym(const unsigned char *s, const struct token *t)
{
    size_t i;

    if (t->end - t->start > 3) {
        return false;
    }
    for (i = t->start; i < t->end; i++) {
        if (!(s[i] >= 'A' && s[i] <= 'Z')) {
            return false;
        }
    }
    return true;
}

/* A word of two or more ASCII capitals and nothing else. */
static bool
all_capitals(const unsigned char *s, const struct token *t)
{
    if (t->end - t->start < 2) {
        return false;
    }
    for (size_t i = t->start; i < t->end; i++) {
        if (!(s[i] >= 'A' && s[i] <= 'Z')) {
            return false;
        }
    }
    return true;
}

/* No line break between bytes a and b. */
static bool
one_line(const unsigned char *s, size_t a, size_t b)
{
    for (; a < b; a++) {
        if (s[a] == '\n' || s[a] == '\r') {
            return false;
        }
    }
    return true;
}

/*
 * A lone word in capitals among words that are not is an acronym or a format ("the JSON file",
 * "send it as PDF"), not a name; in shouted text ("I HATE KEVIN") a neighbour on the same line is
 * in capitals too (a heading on the next line, "JSON?\n```\nPASSPORT NO", is not shouting).
 */
bool
lexicon_acronym_in_prose(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    return all_capitals(s, &sc->toks[w]) &&
           !(w > 0 && all_capitals(s, &sc->toks[w - 1]) &&
             one_line(s, sc->toks[w - 1].end, sc->toks[w].start)) &&
           !(w + 1 < sc->ntoks && all_capitals(s, &sc->toks[w + 1]) &&
             one_line(s, sc->toks[w].end, sc->toks[w + 1].start));
}

/* US state and Canadian province codes, as postal addresses write them after a town. */
static const char *const region_codes[] = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
    "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
    "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR",
    "AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK", "YT", "NT", "NU",
};

/*
 * A lone name right before ", " and a state or province code is a town ("in Macon, GA 31201",
 * "Reno, NV", "Flint, MI"): the code is written in capitals, as addresses do.
 */
static bool
town_before_region(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *t = &sc->toks[w], *c;
    size_t i = t->end;

    if (w + 1 >= sc->ntoks || t->possessive || i >= sc->scan_len || s[i] != ',') {
        return false;
    }
    c = &sc->toks[w + 1];
    for (i++; i < c->start; i++) {
        if (s[i] != ' ') {
            return false;
        }
    }
    if (c->end - c->start != 2) {
        return false;
    }
    for (size_t k = 0; k < sizeof(region_codes) / sizeof(region_codes[0]); k++) {
        if (!memcmp(s + c->start, region_codes[k], 2)) {
            return c->end >= sc->scan_len || !lexicon_a_letter(s[c->end]);
        }
    }
    return false;
}

/*
 * The street words Norwegian, Danish and Swedish write in lower case after a street's name, which
 * is often a person's ("Karl Johans gate", "Hans Tausens gade", "Drottning Kristinas väg").
 */
static const char *const nordic_street_words[] = {
    "gate", "gata", "gatan", "gade",  "vei",   "veien",
    "vej",  "väg",  "vägen", "plass", "plads", "torg",
};

/*
 * A capitalised hit that is really part of a place or organisation name: a place prefix right
 * before it ("San Antonio", "West LA"), a hyphenated compound ("Wal-Mart"), an acronym, a
 * place/organisation word right after its last word ("Joseph Academy", "Hyatt Hotel"), or a
 * Nordic street word in lower case after a possessive surname ("Karl Johans gate").
 */
bool
lexicon_in_place_name(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                      size_t last)
{
    size_t at = sc->toks[first].start;

    if (at >= 2 && s[at - 1] == '-' && (s[at - 2] >= 0x80 || lexicon_a_letter(s[at - 2]))) {
        return true;
    }
    if (first == last && (is_acronym(s, &sc->toks[first]) || town_before_region(sc, s, first))) {
        return true;
    }
    if (first > 0 &&
        (space_between(s, &sc->toks[first - 1], &sc->toks[first]) ||
         abbreviation_before(s, &sc->toks[first - 1], &sc->toks[first])) &&
        !lexicon_starts_lower(s, &sc->toks[first - 1]) &&
        WORD_IN(sc, &sc->toks[first - 1], place_prefixes)) {
        return true;
    }
    if (first + 1 < sc->ntoks && space_between(s, &sc->toks[first], &sc->toks[first + 1]) &&
        WORD_IN(sc, &sc->toks[first + 1], vietnamese_titles)) {
        return true;
    }
    if (last + 1 >= sc->ntoks || !space_between(s, &sc->toks[last], &sc->toks[last + 1])) {
        return false;
    }
    if (lexicon_starts_lower(s, &sc->toks[last + 1])) {
        const struct token *t = &sc->toks[last];
        return last > first && (s[t->end - 1] == 's' || s[t->end - 1] == 'S') &&
               WORD_IN(sc, &sc->toks[last + 1], nordic_street_words);
    }
    return WORD_IN(sc, &sc->toks[last + 1], place_org_words);
}

/*
 * Listed names that head a place or a royal or fictional title when a capitalised word follows:
 * "River Thames", "Lake Titicaca", "Mount Rainier", "Novi Sad" (Serbian "new"), "Princess
 * Leia", "King Charles". A person with such a first name is then missed, but the place or the
 * public figure is far more common in text than the private River or Prince.
 */
static const char *const name_heads_of_places[] = {
    "river",  "lake",  "mount", "novi",    "nova",  "novo",     "princess", "prince",
    "king",   "queen", "duke",  "duchess", "lord",  "lady",     "emperor",  "empress",
    "sultan", "tsar",  "czar",  "pharaoh", "baron", "baroness",
};

/* The hit over words first..end starts with a place or title head and has a word after it. */
bool
lexicon_headed_by_place_or_title(const struct lexicon_scanner *sc, size_t first, size_t end)
{
    return end > first && WORD_IN(sc, &sc->toks[first], name_heads_of_places);
}

/* The word joined to word w by an '&' after it (dir > 0) or before it, or SIZE_MAX. */
static size_t
ampersand_partner(const struct lexicon_scanner *sc, const unsigned char *s, size_t w, int dir)
{
    size_t from, to, i;

    if (dir > 0 ? w + 1 >= sc->ntoks || sc->toks[w].possessive : w == 0) {
        return SIZE_MAX;
    }
    from = dir > 0 ? sc->toks[w].end : sc->toks[w - 1].end;
    to = dir > 0 ? sc->toks[w + 1].start : sc->toks[w].start;
    for (i = from; i < to && s[i] == ' '; i++) {
    }
    if (i == to || s[i] != '&') {
        return SIZE_MAX;
    }
    for (i++; i < to && s[i] == ' '; i++) {
    }
    return i == to ? (dir > 0 ? w + 1 : w - 1) : SIZE_MAX;
}

/* Words t and u fold alike. */
static bool
same_word(const struct lexicon_scanner *sc, const struct token *t, const struct token *u)
{
    return t->fold_len == u->fold_len &&
           !memcmp(sc->fold.data + t->fold_off, sc->fold.data + u->fold_off, t->fold_len);
}

/*
 * A lone first name joined by '&' to a capitalised word that is not one is a firm's name
 * ("Ernst & Young", "Marks & Spencer", "Simon & Schuster"), and so is one joined to itself
 * ("Johnson & Johnson": two people are not named alike); two first names are a couple.
 */
bool
lexicon_in_firm_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                     const unsigned char *s, size_t w)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t p = ampersand_partner(sc, s, w, dir);
        if (p == SIZE_MAX) {
            continue;
        }
        if (same_word(sc, &sc->toks[w], &sc->toks[p]) ||
            (is_capitalised_word(sc, s, &sc->toks[p]) &&
             !lexicon_strset_has(&lx->entries, sc->fold.data + sc->toks[p].fold_off,
                                 sc->toks[p].fold_len))) {
            return true;
        }
    }
    return false;
}

/*
 * Goods and the places that sell them, in the singular and plural, folded: a name right before
 * one is a brand or a store ("my Ford truck", "Wendy's fries", "a Dell laptop"), unless it is
 * possessive ("Joe's car" is Joe's). The last ones are appliances and their after-sales words
 * ("my Dyson vacuum", "I told Dyson support"); then a line of goods and its variants ("the Rose
 * Gold edition"), and fruit and vegetable varieties named like people ("Granny Smith apples", "a
 * Ruby Red grapefruit").
 */
static const char *const product_words[] = {
    "car",     "cars",      "truck",      "trucks",      "van",         "suv",       "pickup",
    "sedan",   "coupe",     "jeep",       "vehicle",     "motorcycle",  "motorbike", "bike",
    "scooter", "tractor",   "engine",     "dealership",  "dealer",      "model",     "brand",
    "laptop",  "computer",  "phone",      "tablet",      "printer",     "tv",        "store",
    "stores",  "shop",      "outlet",     "restaurant",  "restaurants", "franchise", "burger",
    "burgers", "fries",     "shake",      "ice",         "cookies",     "cereal",    "soda",
    "cola",    "beer",      "whiskey",    "paint",       "paints",      "shoes",     "sneakers",
    "jeans",   "shirt",     "handbag",    "bag",         "perfume",     "products",  "product",
    "stock",   "shares",    "company",    "corporation", "inc",         "ltd",       "headquarters",
    "factory", "logo",      "vacuum",     "vacuums",     "dryer",       "hairdryer", "purifier",
    "heater",  "appliance", "appliances", "support",     "warranty",    "charger",   "battery",
    "camera",  "console",   "headphones", "earbuds",     "edition",     "editions",  "collection",
    "finish",  "flavor",    "flavour",    "variety",     "apple",       "apples",    "grapefruit",
    "potato",  "potatoes",  "tomato",     "tomatoes",
};

/*
 * Determiners that put a thing, not a person, before a capitalised first name: an article before
 * a name alone ("a Ford", "sneak into a Wendy's kitchen"; "I found a Polly Maxwell" with a
 * surname is a person), a possessive before one with a surname-like word after it ("my Ford
 * Focus", "her Louis Vuitton bag"; "my Sarah" alone may be a person).
 */
static const char *const article_words[] = {"a", "an"};
static const char *const possessive_words[] = {"my", "your", "his", "her", "our", "their"};

/*
 * Definite and demonstrative determiners, folded: right before a capitalised first name, with or
 * without a capitalised word after it, they make a thing of it, named like a person only by
 * chance ("The Summer Sale starts", "the Amber Alert", "The Grace Period ends", "This Christian
 * Science reading room", "Spiegami la Divina Commedia"): a person's name takes no article in
 * English, and in Italian and Spanish only in dialect. "that" is left out: it is a conjunction
 * as often ("I know that Kevin Smith lied").
 */
static const char *const definite_words[] = {"the", "this", "these", "those", "la",
                                             "il",  "lo",   "el",    "los",   "las"};

/* The hit over words first..last (last ends its list part at word list_last) is a product. */
bool
lexicon_names_a_product(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                        size_t list_last, size_t last)
{
    if (first > 0 && space_between(s, &sc->toks[first - 1], &sc->toks[first]) &&
        ((last > list_last ? WORD_IN(sc, &sc->toks[first - 1], possessive_words)
                           : WORD_IN(sc, &sc->toks[first - 1], article_words)) ||
         WORD_IN(sc, &sc->toks[first - 1], definite_words))) {
        return true;
    }
    return last + 1 < sc->ntoks && space_between(s, &sc->toks[last], &sc->toks[last + 1]) &&
           lexicon_starts_lower(s, &sc->toks[last + 1]) &&
           WORD_IN(sc, &sc->toks[last + 1], product_words);
}

/* End of the possessive "'s" after token t (t->possessive), in bytes. */
static size_t
possessive_end(const unsigned char *s, const struct token *t)
{
    return t->end + (s[t->end] == '\'' ? 2 : 4);
}

/* Words after a possessive name that make it a chain, not a person ("Wendy's fries"). */
static const char *const chain_words[] = {
    "ice",   "fries",     "burger", "burgers", "nuggets",   "menu",  "franchise",
    "chain", "locations", "stock",  "shares",  "products",  "brand", "drive-thru",
    "drive", "frosty",    "coffee", "donuts",  "doughnuts", "shake", "shakes",
};

/* Prepositions before a place: "at Trader Joe's", "went to Wendy's". */
static const char *const place_prepositions[] = {"at",   "to",     "from", "in",
                                                 "into", "inside", "near", "outside"};

/* Capitalised words before a name that address or relate a person ("Uncle Joe's"). */
static const char *const person_before_words[] = {
    "uncle", "aunt",   "auntie",   "cousin", "grandma", "grandpa", "brother",   "sister", "mr",
    "mrs",   "ms",     "dr",       "dear",   "hi",      "hey",     "hello",     "thanks", "officer",
    "coach", "saint",  "st",       "father", "mother",  "sir",     "lady",      "lord",   "king",
    "queen", "prince", "princess", "pastor", "nurse",   "judge",   "professor", "my",     "our",
    "his",   "her",    "their",    "your",   "little",  "big",     "old",       "young",  "poor",
};

/*
 * The possessive word w names a chain or a shop, not a person's thing: a chain word after it
 * ("Ben & Jerry's ice cream", "Wendy's fries"), or a preposition of place before it with no noun
 * after it ("at Trader Joe's", "went to Wendy's."); first is where the name starts.
 */
static bool
possessive_shop(const struct lexicon_scanner *sc, const unsigned char *s, size_t first, size_t w,
                size_t n)
{
    const struct token *t = &sc->toks[w];
    size_t i;

    if (!t->possessive) {
        return false;
    }
    i = possessive_end(s, t);
    if (w + 1 < sc->ntoks && sc->toks[w + 1].start == i + 1 && s[i] == ' ' &&
        WORD_IN(sc, &sc->toks[w + 1], chain_words)) {
        return true;
    }
    if (first == 0 || !WORD_IN(sc, &sc->toks[first - 1], place_prepositions) ||
        sc->toks[first].start != sc->toks[first - 1].end + 1) {
        return false;
    }
    /* used as a place: punctuation, the end, or a line break after the "'s" */
    while (i < n && s[i] == ' ') {
        i++;
    }
    return i == n || !((s[i] >= 'a' && s[i] <= 'z') || s[i] >= 0x80);
}

/*
 * A first name alone (word w) that is part of a brand or a firm's name: a possessive that names
 * a shop (possessive_shop; also through "Ben & Jerry's"), a capitalised word that is neither a
 * name nor a person word right before a possessive ("Trader Joe's"), a possessive noun right
 * before it ("my sister's Ford"), or a hyphenated compound with a lower-case word or a
 * patronymic ("Chick-fil-A", "Harley-Davidson"; "Mary-Kate" is two names).
 */
bool
lexicon_lone_name_in_brand(const struct lexicon_scanner *sc, const struct lexicon *lx,
                           const unsigned char *s, size_t n, size_t w)
{
    const struct token *t = &sc->toks[w];
    size_t p = ampersand_partner(sc, s, w, -1), q = ampersand_partner(sc, s, w, 1);
    size_t first = p != SIZE_MAX ? p : w;

    if (possessive_shop(sc, s, first, w, n) || (q != SIZE_MAX && possessive_shop(sc, s, w, q, n))) {
        return true;
    }
    if (w > 0) {
        const struct token *b = &sc->toks[w - 1];
        if (b->possessive && possessive_end(s, b) + 1 == t->start && s[t->start - 1] == ' ') {
            return true;
        }
        if (t->possessive && space_between(s, b, t) && is_capitalised_word(sc, s, b) &&
            !WORD_IN(sc, b, person_before_words) &&
            !lexicon_strset_has(&lx->entries, sc->fold.data + b->fold_off, b->fold_len) && w > 1 &&
            sc->toks[w - 2].end + 1 == b->start && s[b->start - 1] == ' ') {
            return true;
        }
    }
    if (!t->possessive && t->end + 1 < n && s[t->end] == '-' && w + 1 < sc->ntoks &&
        sc->toks[w + 1].start == t->end + 1) {
        const struct token *c = &sc->toks[w + 1];
        const unsigned char *f = sc->fold.data + c->fold_off;
        size_t m = c->fold_len;
        /* a patronymic ends the pair as a surname would: "Harley-Davidson", "Sherwin-Williams" */
        bool patronymic = m > 3 && (f[m - 1] == 's' || (f[m - 1] == 'n' && f[m - 3] == 's'));
        /* and so does a maker's or place word ("Mercedes-Benz sells cars") */
        return patronymic || lexicon_starts_lower(s, c) || WORD_IN(sc, c, place_org_words);
    }
    return false;
}

/*
 * Field labels of forms that name a name, folded: "Ad Soyad:", "Nom Prénom:", "Vorname
 * Nachname:", "Nome Cognome:", "Apellido Nombre:" ("adi": the view reads a dotless ı as i). Words
 * before a ':' from this list are a label, never the name that follows it.
 */
static const char *const label_words[] = {
    "ad",        "adı",        "soyad",        "soyadı",    "adi",       "soyadi",   "soyisim",
    "soyismi",   "ismi",       "isim",         "nom",       "prénom",    "prenom",   "prénoms",
    "vorname",   "nachname",   "familienname", "name",      "nome",      "cognome",  "apellido",
    "apellidos", "nombre",     "nombres",      "sobrenome", "imię",      "imie",     "nazwisko",
    "voornaam",  "achternaam", "naam",         "surname",   "firstname", "lastname", "förnamn",
    "efternamn", "fornavn",    "etternavn",    "efternavn", "etunimi",   "sukunimi", "jméno",
    "příjmení",  "nume",       "prenume",      "имя",       "фамилия",   "full",     "first",
    "last",      "given",      "family",       "completo",  "complet",   "und",      "e",
    "y",         "et",         "ve",
};

/* Words w.. are label words up to a ':' (a form's label): the index after the ':' run, else 0. */
size_t
lexicon_form_label_end(const struct lexicon_scanner *sc, const unsigned char *s, size_t n, size_t w)
{
    size_t k = w, i;

    /* most hits have no ':' in the gaps after their next three words: no list to walk */
    for (k = w; k < w + 3 && k < sc->ntoks; k++) {
        size_t to = k + 1 < sc->ntoks ? sc->toks[k + 1].start : n;
        for (i = sc->toks[k].end; i < to && s[i] != ':'; i++) {
        }
        if (i < to) {
            break;
        }
    }
    if (k == w + 3 || k == sc->ntoks) {
        return 0;
    }
    k = w;
    while (k < sc->ntoks && WORD_IN(sc, &sc->toks[k], label_words)) {
        size_t to = k + 1 < sc->ntoks ? sc->toks[k + 1].start : SIZE_MAX;
        i = sc->toks[k].end;
        while (i < to &&
               (s[i] == ' ' || s[i] == '\t' || s[i] == '/' || s[i] == '-' || s[i] == ',')) {
            i++;
        }
        if (i < to && s[i] == ':') {
            return k + 1;
        }
        if (i != to) {
            return 0;
        }
        k++;
    }
    return 0;
}

/* Up to two name particles after word j followed by a capitalised word: its index, else 0. */
static size_t
after_particles(const struct lexicon_scanner *sc, const unsigned char *s, size_t j)
{
    size_t k = j, n;

    for (n = 0; n < 2 && k + 2 < sc->ntoks; n++) {
        const struct token *p = &sc->toks[k + 1];
        if (!is_particle(sc, p) || !space_between(s, &sc->toks[k], p) ||
            !space_between(s, p, &sc->toks[k + 2])) {
            return 0;
        }
        k++;
        if (is_capitalised_word(sc, s, &sc->toks[k + 1])) {
            return k + 1;
        }
    }
    return 0;
}

/* Token t folds to the n bytes of word. */
static bool
folds_to(const struct lexicon_scanner *sc, const struct token *t, const char *word, size_t n)
{
    return t->fold_len == n && !memcmp(sc->fold.data + t->fold_off, word, n);
}

/*
 * The "y" after word j joins a second surname to a single one ("José Ortega y Gasset") and two
 * given names ("María y Juan", both people); after two surnames or before another particle it
 * is "and" between a name and a title or another name ("Gabriel García Márquez y Cien años",
 * "Vincent van Gogh y Van Dyck"), and the hit stops before it, so the allow list sees the name.
 */
static bool
joins_another_name(const struct lexicon_scanner *sc, size_t j, size_t taken)
{
    if (j + 2 >= sc->ntoks || !folds_to(sc, &sc->toks[j + 1], "y", 1)) {
        return false;
    }
    return taken >= 2 || is_particle(sc, &sc->toks[j + 2]);
}

/* Two words joined by one hyphen ("Moloi-Dower"). */
static bool
hyphen_between(const unsigned char *s, const struct token *a, const struct token *b)
{
    return !a->possessive && b->start == a->end + 1 && s[a->end] == '-';
}

/* The Arabic article in its transliterations, written lower case before a family name. */
static const char *const arabic_articles[] = {"al",  "el", "ad", "ar", "as",
                                              "ash", "at", "az", "an"};

/*
 * Word j + 1 is an Arabic article hyphenated to a capitalised family name ("Omar al-Rashid",
 * "Layla el-Masri", "Nasser ad-Din"): the index of the family name, else 0. The article is one of
 * its spellings and the hyphen has no blank around it, so "al - Rashid" and "as-built" are none.
 */
static size_t
article_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t j)
{
    const struct token *art, *name;

    if (j + 2 >= sc->ntoks) {
        return 0;
    }
    art = &sc->toks[j + 1];
    name = &sc->toks[j + 2];
    if (!WORD_IN(sc, art, arabic_articles) || !hyphen_between(s, art, name) ||
        !is_capitalised_word(sc, s, name)) {
        return 0;
    }
    return j + 2;
}

/* Word b is a middle initial ("L." or "L") between a and the capitalised word after it. */
static bool
middle_initial(const struct lexicon_scanner *sc, const unsigned char *s, size_t b)
{
    const struct token *t = &sc->toks[b], *c;
    size_t i = t->end;

    if (b + 1 >= sc->ntoks || t->end - t->start != 1 ||
        !(s[t->start] >= 'A' && s[t->start] <= 'Z')) {
        return false;
    }
    i += i < sc->toks[b + 1].start && s[i] == '.';
    c = &sc->toks[b + 1];
    return i + 1 == c->start && s[i] == ' ' && is_capitalised_word(sc, s, c);
}

/*
 * Word w, right after the first name at word first, is a place word that is a surname here
 * ("Emeka Park called"): capitalised, no further capitalised or place word after it, and no
 * number, article or preposition of place before the first name ("12 Jackson Park", "in Hyde
 * Park", "the Lincoln Park zoo" stay places).
 */
static bool
place_word_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t first, size_t w)
{
    const struct token *t = &sc->toks[w];

    if (lexicon_starts_lower(s, t) || !WORD_IN(sc, t, surname_place_words)) {
        return false;
    }
    if (w + 1 < sc->ntoks && space_between(s, t, &sc->toks[w + 1]) &&
        !lexicon_starts_lower(s, &sc->toks[w + 1])) {
        return false;
    }
    if (first == 0) {
        return true;
    }
    const struct token *b = &sc->toks[first - 1];
    if (space_between(s, b, &sc->toks[first]) && !lexicon_starts_lower(s, b) &&
        !WORD_IN(sc, b, sentence_words)) {
        return false; /* "Don Bosco Park": a longer capitalised name, a place's */
    }
    return !(lexicon_a_digit(s[b->start]) || WORD_IN(sc, b, place_lead_words));
}

/* Word t looks like a patronymic surname longer than a given name: "Davidson", "Williams". */
static bool
long_patronymic(const struct lexicon_scanner *sc, const struct token *t)
{
    const unsigned char *f = sc->fold.data + t->fold_off;
    size_t m = t->fold_len;

    return m > 5 && (f[m - 1] == 's' || (f[m - 1] == 'n' && f[m - 3] == 's'));
}

/*
 * A romanised syllable after a hyphen, the second part of a Korean or Vietnamese given name
 * ("Kim Jong-un", "Park Ji-hoon", "Lee Seo-yeon"): one to four lower-case ASCII letters, not an
 * English suffix word ("Smith-like", "Jones-era").
 */
static bool
name_syllable(const unsigned char *s, const struct token *t)
{
    static const char *const suffixes[] = {"like", "ish",  "era", "led",  "run",  "type",  "made",
                                           "born", "free", "old", "year", "aged", "based", "esque"};
    size_t n = t->end - t->start;

    if (n < 1 || n > 4) {
        return false;
    }
    for (size_t i = t->start; i < t->end; i++) {
        if (s[i] < 'a' || s[i] > 'z') {
            return false;
        }
    }
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
        if (strlen(suffixes[i]) == n && memcmp(suffixes[i], s + t->start, n) == 0) {
            return false;
        }
    }
    return true;
}

/*
 * Grow a hit ending at word j over following capitalised words; the new last word index. The
 * second half of a double-barrelled surname ("Moloi-Dower") is part of its word, not another one,
 * and so is a romanised given name's syllable ("Kim Jong-un": name_syllable); a middle initial
 * right after the first name ("Wei L. Zhang") leads to the surname.
 */
size_t
lexicon_extend_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                       size_t j)
{
    size_t taken = 0, k;

    while (j + 1 < sc->ntoks) {
        const struct token *a = &sc->toks[j], *b = &sc->toks[j + 1];
        if (taken && hyphen_between(s, a, b) &&
            (is_capitalised_word(sc, s, b) || name_syllable(s, b))) {
            j++;
            continue;
        }
        if (!taken && j == first && hyphen_between(s, a, b) && is_capitalised_word(sc, s, b) &&
            !long_patronymic(sc, b) && j + 2 < sc->ntoks && space_between(s, b, &sc->toks[j + 2]) &&
            is_capitalised_word(sc, s, &sc->toks[j + 2])) {
            /* a hyphenated given name before a surname ("Mei-Ling Szabó", "Jean-Louis Roy");
             * a surname after the hyphen is a firm's ("Harley-Davidson Sportster") */
            j++;
            continue;
        }
        if (!taken && space_between(s, a, b) && middle_initial(sc, s, j + 1)) {
            j += 2;
            taken++;
            continue;
        }
        if (taken == SURNAME_WORDS || !space_between(s, a, b)) {
            break;
        }
        if (is_capitalised_word(sc, s, b)) {
            j++;
            taken++;
            continue;
        }
        if (joins_another_name(sc, j, taken)) {
            break;
        }
        if ((k = article_surname(sc, s, j)) != 0) {
            j = k;
            taken++;
            continue;
        }
        if ((k = after_particles(sc, s, j)) != 0) {
            j = k;
            taken++;
            continue;
        }
        if (!taken && place_word_surname(sc, s, first, j + 1)) {
            j++;
        }
        break;
    }
    return j;
}

/*
 * Animals and pets in English, Spanish, French, German, Italian, Portuguese and Dutch, folded.
 * A name given to one is a pet's name, not a person's ("my dog Max", "mi perro se llama Toby").
 * "llama" is left out: it is also the Spanish "is called", which names people too.
 */
static const char *const animal_words[] = {
    "dog",        "dogs",        "doggy",      "doggie",    "doggo",    "puppy",     "pup",
    "cat",        "cats",        "kitten",     "kitty",     "kitteh",   "tomcat",    "horse",
    "pony",       "mare",        "stallion",   "foal",      "gelding",  "donkey",    "mule",
    "parrot",     "parakeet",    "budgie",     "cockatiel", "cockatoo", "canary",    "bird",
    "hamster",    "gerbil",      "rabbit",     "bunny",     "ferret",   "guinea",    "chinchilla",
    "hedgehog",   "rat",         "mouse",      "turtle",    "tortoise", "snake",     "python",
    "lizard",     "gecko",       "iguana",     "fish",      "goldfish", "betta",     "goat",
    "cow",        "calf",        "bull",       "sheep",     "lamb",     "pig",       "piglet",
    "hen",        "chicken",     "rooster",    "duck",      "goose",    "pet",       "pets",
    "dachshund",  "poodle",      "labrador",   "retriever", "terrier",  "beagle",    "bulldog",
    "chihuahua",  "husky",       "spaniel",    "pitbull",   "pug",      "corgi",     "collie",
    "rottweiler", "doberman",    "greyhound",  "schnauzer", "tabby",    "alpaca",    "perro",
    "perra",      "perrito",     "perrita",    "cachorro",  "cachorra", "gato",      "gata",
    "gatito",     "gatita",      "caballo",    "yegua",     "loro",     "pájaro",    "conejo",
    "hámster",    "mascota",     "tortuga",    "pez",       "chien",    "chienne",   "chiot",
    "chat",       "chatte",      "chaton",     "cheval",    "jument",   "perroquet", "oiseau",
    "lapin",      "tortue",      "poisson",    "hund",      "hündin",   "welpe",     "katze",
    "kater",      "kätzchen",    "pferd",      "vogel",     "papagei",  "hase",      "kaninchen",
    "haustier",   "cane",        "cagnolino",  "cagnolina", "cucciolo", "gatto",     "gattino",
    "gattina",    "cavallo",     "pappagallo", "coniglio",  "criceto",  "uccellino", "cão",
    "cadela",     "cachorrinho", "gatinho",    "gatinha",   "cavalo",   "papagaio",  "coelho",
    "hond",       "hondje",      "kat",        "poes",      "paard",    "konijn",
};

/*
 * Words that may stand between an animal word and the name it is given ("my dog is called
 * Max", "the horse named Lucky Star", "mi perro se llama Toby", "mein Hund heißt Rex").
 */
static const char *const naming_words[] = {
    "is",      "was",     "called",  "named",    "name",     "nicknamed", "whose",   "se",
    "llama",   "llamaba", "llamado", "llamada",  "es",       "s'appelle", "appelle", "s'appelait",
    "appelé",  "appelée", "nommé",   "nommée",   "est",      "heisst",    "hiess",   "namens",
    "ist",     "si",      "chiama",  "chiamava", "chiamato", "chiamata",  "è",       "chama",
    "chamava", "chamado", "chamada", "é",        "heet",     "heette",    "genaamd",
};

/* Determiners between a name and the animal word after it ("Max the dog", "Bella, my cat"). */
static const char *const pet_determiners[] = {
    "the",  "my",    "our",   "his",    "her", "their", "a",  "mi", "mon", "ma",  "notre",
    "mein", "meine", "unser", "unsere", "il",  "la",    "le", "el", "o",   "mio", "mia",
};

/* A verb between a name and "my dog" that says what the named one is. */
static const char *const copulas[] = {"is", "was", "es", "est", "ist", "è", "é"};

/*
 * The bytes between word a and word b hold no sentence or line break: only blanks, commas,
 * colons, dashes, brackets and quotes (and the "'s" a possessive word left out).
 */
static bool
same_clause(const unsigned char *s, const struct token *a, const struct token *b)
{
    size_t i = a->end;

    if (a->possessive) {
        i += s[i] == '\'' ? 2 : 4;
    }
    if (i > b->start || b->start - i > 4) {
        return false;
    }
    for (; i < b->start; i++) {
        if (!memchr(" ,:-()\"'", s[i], 8)) {
            return false;
        }
    }
    return true;
}

/*
 * The hit over words first..last names an animal: an animal word before it with at most three
 * naming words between ("our cat Bella Jones", "my dog is called Max"), or one after it behind
 * at most a determiner ("Max the dog", "Bella (our cat)"), or "is" and one ("Max is my dog").
 */
bool
lexicon_names_an_animal(const struct lexicon_scanner *sc, const unsigned char *s, size_t first,
                        size_t last)
{
    size_t k = first, steps;

    for (steps = 0; k > 0 && steps < 4; steps++) {
        const struct token *p = &sc->toks[k - 1];
        if (!same_clause(s, p, &sc->toks[k])) {
            break;
        }
        if (WORD_IN(sc, p, animal_words)) {
            return true;
        }
        if (!WORD_IN(sc, p, naming_words)) {
            break;
        }
        k--;
    }
    k = last + 1;
    if (k + 1 < sc->ntoks && same_clause(s, &sc->toks[last], &sc->toks[k]) &&
        WORD_IN(sc, &sc->toks[k], copulas) && WORD_IN(sc, &sc->toks[k + 1], pet_determiners)) {
        k++; /* "Sparkles is our hamster" */
    }
    if (k < sc->ntoks && same_clause(s, &sc->toks[k - 1], &sc->toks[k]) &&
        WORD_IN(sc, &sc->toks[k], pet_determiners)) {
        k++;
    }
    return k < sc->ntoks && k > last + 1 && same_clause(s, &sc->toks[k - 1], &sc->toks[k]) &&
           WORD_IN(sc, &sc->toks[k], animal_words);
}

/* Words for a name as a word ("the name", "surname", "last names"), folded. */
static const char *const name_words[] = {"name",      "names",     "surname",  "surnames",
                                         "lastname",  "lastnames", "nickname", "nicknames",
                                         "firstname", "firstnames"};

/* Words that study a name as a word: where it comes from, what it means, how common it is. */
static const char *const name_study_words[] = {
    "origin",        "origins",   "originate",  "originated", "meaning",   "meanings",
    "mean",          "means",     "meant",      "etymology",  "derived",   "derive",
    "derives",       "popular",   "popularity", "common",     "commonest", "rare",
    "rarest",        "spelled",   "spelt",      "spelling",   "pronounce", "pronounced",
    "pronunciation", "translate", "translates", "heritage",   "ancestry",
};

static const char *const come_words[] = {"come", "comes", "came"};

/* Words that make the name next to them someone's: a possessive or a relation. */
static const char *const owner_words[] = {
    "my",        "his",       "her",      "their",    "our",      "your",       "its",
    "whose",     "friend",    "friends",  "boss",     "neighbor", "neighbour",  "coworker",
    "colleague", "wife",      "husband",  "son",      "daughter", "girlfriend", "boyfriend",
    "teacher",   "classmate", "roommate", "landlord", "ex",       "named",      "called",
};

/* Word k and word k + 1 are in one sentence: no '.', '!', '?', ';' or line break between. */
static bool
same_sentence(const struct lexicon_scanner *sc, const unsigned char *s, size_t k)
{
    for (size_t i = sc->toks[k].end; i < sc->toks[k + 1].start; i++) {
        if (memchr(".!?;\n\r", s[i], 6)) {
            return false;
        }
    }
    return true;
}

/* Word k is a name word; the index of its first word with "last", "family", "first" before. */
static size_t
name_phrase_start(const struct lexicon_scanner *sc, size_t k)
{
    while (k > 0 && (folds_to(sc, &sc->toks[k - 1], "last", 4) ||
                     folds_to(sc, &sc->toks[k - 1], "family", 6) ||
                     folds_to(sc, &sc->toks[k - 1], "first", 5) ||
                     folds_to(sc, &sc->toks[k - 1], "given", 5) ||
                     folds_to(sc, &sc->toks[k - 1], "baby", 4))) {
        k--;
    }
    return k;
}

/* Words between a name and the name word after it that keep it the subject ("X is a ... name"). */
static const char *const name_link_words[] = {"is", "was", "a", "an", "the"};

/* Words that, between a name and a later name word, show the name is not what is asked about. */
static const char *const name_break_words[] = {"of",      "for",       "to",      "about",
                                               "from",    "origin",    "origins", "meaning",
                                               "history", "etymology", "with",    "and"};

/*
 * The name word naming word w: right before it ("the name Olivia", "surname Kowalski"), right
 * after it ("the Johnson family name", "a Smith surname"), or after a copula or article and a
 * few describing words ("Nguyen the most common Vietnamese last name", "is Olivia a popular
 * name"); its index, else SIZE_MAX.
 */
static size_t
name_word_for(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    if (w > 0 && same_sentence(sc, s, w - 1) && WORD_IN(sc, &sc->toks[w - 1], name_words)) {
        return w - 1;
    }
    for (size_t k = w + 1; k < sc->ntoks && k - w <= 6 && same_sentence(sc, s, k - 1); k++) {
        const struct token *t = &sc->toks[k];
        if (WORD_IN(sc, t, name_words)) {
            return k;
        }
        if ((k == w + 1 && !WORD_IN(sc, t, name_link_words) && name_phrase_start(sc, k + 1) != k) ||
            WORD_IN(sc, t, name_break_words)) {
            /* "Johnson family name" passes through "family"; "told Darnell the origin of the
             * surname" stops at "of" */
            if (!(k + 1 < sc->ntoks && name_phrase_start(sc, k + 1) <= k &&
                  WORD_IN(sc, &sc->toks[k + 1], name_words))) {
                return SIZE_MAX;
            }
        }
    }
    return SIZE_MAX;
}

/*
 * A lone first name (word w) asked about as a word, not as someone: a name word names it ("the
 * name Olivia", "the Johnson family name", "is Nguyen the most common last name") and its
 * sentence asks where it comes from, what it means, how it is spelled or how common it is. A name
 * that is someone's stays: the name itself possessive ("Olivia's surname"), a relation or
 * possessive word right before it ("my friend Olivia"), or one before the name word ("what does
 * my last name, Kowalski, mean").
 */
bool
lexicon_name_as_a_word(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    size_t lo = w, hi = w, k, b;
    bool studied = false;

    if (sc->toks[w].possessive || (w > 0 && WORD_IN(sc, &sc->toks[w - 1], owner_words)) ||
        (k = name_word_for(sc, s, w)) == SIZE_MAX) {
        return false;
    }
    b = name_phrase_start(sc, k);
    if (b > 0 && WORD_IN(sc, &sc->toks[b - 1], owner_words)) {
        return false;
    }
    while (lo > 0 && w - lo < 16 && same_sentence(sc, s, lo - 1)) {
        lo--;
    }
    while (hi + 1 < sc->ntoks && hi - w < 16 && same_sentence(sc, s, hi)) {
        hi++;
    }
    for (size_t j = lo; j <= hi && !studied; j++) {
        /* "where does the name Garcia come from" */
        studied = WORD_IN(sc, &sc->toks[j], name_study_words) ||
                  (j < hi && WORD_IN(sc, &sc->toks[j], come_words) &&
                   folds_to(sc, &sc->toks[j + 1], "from", 4));
    }
    return studied;
}

/*
 * Words before a name that make it the title of a work, or the name of a storm or a ship ("the
 * song Billie Jean", "tropical storm Helene", "the yacht Mary Ann"), folded.
 */
static const char *const work_words[] = {
    "song",   "songs",    "single",    "track",    "album",   "film",    "movie",   "show",
    "series", "sitcom",   "book",      "novel",    "poem",    "play",    "musical", "opera",
    "ballet", "painting", "sculpture", "statue",   "episode", "cartoon", "anime",   "manga",
    "comic",  "game",     "hurricane", "storm",    "typhoon", "cyclone", "ship",    "yacht",
    "vessel", "tanker",   "steamship", "schooner",
};

/* Work words that name storms and ships, whatever follows. */
static const char *const storm_words[] = {"hurricane", "storm",   "typhoon", "cyclone",
                                          "ship",      "yacht",   "vessel",  "tanker",
                                          "steamship", "schooner"};

/* Lower-case words that may follow a work's title ("the film Annie Hall by Woody Allen"). */
static const char *const after_title_words[] = {
    "by",  "is",   "was",   "from", "on",    "in",    "and",      "or",        "with",   "for",
    "to",  "has",  "had",   "came", "comes", "about", "starring", "featuring", "are",    "were",
    "hit", "made", "makes", "will", "still", "again", "itself",   "remake",    "sequel",
};

/* Words after a possessive name that make it an eponym ("Murphy's law", "Pascal's triangle"). */
static const char *const eponym_words[] = {
    "law",       "laws",    "theorem",    "theorems",     "triangle",   "method",
    "principle", "razor",   "constant",   "equation",     "equations",  "paradox",
    "syndrome",  "disease", "effect",     "conjecture",   "hypothesis", "formula",
    "algorithm", "lemma",   "inequality", "distribution", "transform",  "maneuver",
    "manoeuvre", "reflex",  "phenomenon", "fallacy",      "dilemma",    "wager",
    "cube",      "comet",   "palsy",      "sarcoma",      "lymphoma",
};

/* Words after an eponym word that make it a person's thing again ("Kevin's law firm"). */
static const char *const eponym_breakers[] = {
    "firm", "school",   "office",      "degree",    "class",   "student", "students",
    "exam", "practice", "enforcement", "professor", "results", "result",  "score",
};

/*
 * The hit over words first..last names a work, a storm or a ship (a work word right before it:
 * "the song Billie Jean", "storm Helene"), or is an eponym (its last word possessive before a
 * law, theorem, method or disease word: "Murphy's law", "Newton's method", "Bell's palsy").
 */
bool
lexicon_names_a_work_or_eponym(const struct lexicon_scanner *sc, const unsigned char *s,
                               size_t first, size_t last)
{
    const struct token *t = &sc->toks[last];

    if (first > 0 && same_clause(s, &sc->toks[first - 1], &sc->toks[first]) &&
        !sc->toks[first - 1].possessive && WORD_IN(sc, &sc->toks[first - 1], work_words)) {
        /* "the song Kevin wrote": a verb after it makes the name the one who made the work */
        return WORD_IN(sc, &sc->toks[first - 1], storm_words) || last + 1 >= sc->ntoks ||
               !same_clause(s, t, &sc->toks[last + 1]) ||
               !lexicon_starts_lower(s, &sc->toks[last + 1]) ||
               WORD_IN(sc, &sc->toks[last + 1], after_title_words);
    }
    if (!t->possessive || last + 1 >= sc->ntoks) {
        return false;
    }
    size_t i = possessive_end(s, t);
    if (sc->toks[last + 1].start != i + 1 || s[i] != ' ' ||
        !WORD_IN(sc, &sc->toks[last + 1], eponym_words)) {
        return false;
    }
    return last + 2 >= sc->ntoks || !same_clause(s, &sc->toks[last + 1], &sc->toks[last + 2]) ||
           !WORD_IN(sc, &sc->toks[last + 2], eponym_breakers);
}

/*
 * Words that make the name after them an invented one: a character of a story, game or role
 * play, or a made-up example ("a character named Marcus", "the protagonist Elena Vasquez", "my
 * D&D character is called Thorin", "a fake name like John Smith"), folded.
 */
static const char *const fiction_words[] = {
    "character", "characters", "protagonist", "antagonist",   "villain",    "heroine",
    "avatar",    "oc",         "npc",         "fictional",    "fictitious", "imaginary",
    "made-up",   "fake",       "placeholder", "pseudonymous", "invented",   "hypothetical",
};

/* Words that may stand between such a word and the name ("character is called", "fake name like").
 */
static const char *const fiction_links[] = {
    "named", "called", "is", "was",    "name", "names", "the", "a",    "an",
    "like",  "such",   "as", "person", "man",  "woman", "guy", "girl", "kid",
};

/*
 * Words that put a historical or public figure's name after them: the figure named as such ("the
 * historical figure Marcus Aurelius", "the composer Franz Schubert", "the Roman emperor Nero",
 * "the explorer Ernest Shackleton"), folded.
 */
static const char *const figure_words[] = {
    "figure",      "emperor",      "empress",   "pharaoh",       "tsar",       "czar",
    "sultan",      "caliph",       "pope",      "saint",         "prophet",    "apostle",
    "philosopher", "composer",     "poet",      "novelist",      "playwright", "inventor",
    "explorer",    "conquistador", "physicist", "mathematician", "astronomer", "chemist",
    "sculptor",    "general",      "admiral",   "warlord",       "dictator",
};

/* Possessives and articles before a figure word that make the figure someone's ("my poet friend").
 */
static const char *const figure_owners[] = {"my", "his", "her", "our", "your", "their"};

/*
 * The hit starting at word first is an invented name (a fiction word at most three linking words
 * before it) or a figure named as such (a figure word right before it, not "my composer X").
 */
bool
lexicon_invented_or_figure(const struct lexicon_scanner *sc, const unsigned char *s, size_t first)
{
    size_t k = first;

    if (first > 0 && same_clause(s, &sc->toks[first - 1], &sc->toks[first]) &&
        !sc->toks[first - 1].possessive && WORD_IN(sc, &sc->toks[first - 1], figure_words) &&
        lexicon_starts_lower(s, &sc->toks[first - 1]) &&
        !(first > 1 && WORD_IN(sc, &sc->toks[first - 2], figure_owners))) {
        return true;
    }
    for (size_t steps = 0; k > 0 && steps < 4; steps++) {
        const struct token *p = &sc->toks[k - 1];
        if (!same_clause(s, p, &sc->toks[k])) {
            return false;
        }
        if (WORD_IN(sc, p, fiction_words)) {
            return true;
        }
        if (!WORD_IN(sc, p, fiction_links)) {
            return false;
        }
        k--;
    }
    return false;
}

/* Words that end a firm's name after "and" or '&' ("Marvin-Morissette and Sons", "Tiffany & Co.").
 */
static const char *const firm_suffixes[] = {"sons",    "son",      "daughters",  "co",
                                            "company", "partners", "associates", "brothers",
                                            "bros",    "sisters"};

/* Only blanks and one '&' between bytes a and b. */
static bool
ampersand_only(const unsigned char *s, size_t a, size_t b)
{
    bool amp = false;

    for (size_t i = a; i < b; i++) {
        if (s[i] == '&' && !amp) {
            amp = true;
        } else if (s[i] != ' ') {
            return false;
        }
    }
    return amp;
}

/* The hit ending at word last is followed by "and Sons", "& Co." and the like: a firm's name. */
bool
lexicon_firm_suffix_after(const struct lexicon_scanner *sc, const unsigned char *s, size_t last)
{
    size_t k = last + 1;

    if (k >= sc->ntoks || sc->toks[last].possessive) {
        return false;
    }
    if (hyphen_between(s, &sc->toks[last], &sc->toks[k]) &&
        !lexicon_starts_lower(s, &sc->toks[k])) {
        /* the second founder of "Marvin-Morissette and Sons" */
        last = k++;
        if (k >= sc->ntoks || sc->toks[last].possessive) {
            return false;
        }
    }
    if (folds_to(sc, &sc->toks[k], "and", 3) && same_clause(s, &sc->toks[last], &sc->toks[k])) {
        k++;
        if (k >= sc->ntoks || !same_clause(s, &sc->toks[k - 1], &sc->toks[k])) {
            return false;
        }
    } else if (!ampersand_only(s, sc->toks[last].end, sc->toks[k].start)) {
        return false;
    }
    return !lexicon_starts_lower(s, &sc->toks[k]) && WORD_IN(sc, &sc->toks[k], firm_suffixes);
}

/*
 * The lone hit at word w grows back over one capitalised word right before it on the same line:
 * not a sentence word or title, a place prefix, an acronym or a listed name, and not part of the
 * hit before (which ended at word prev_end). The new first word index.
 */
size_t
lexicon_extend_given_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                          const unsigned char *s, size_t w, size_t prev_end)
{
    const struct token *b;

    if (w == 0 || (prev_end != SIZE_MAX && prev_end + 1 >= w)) {
        return w;
    }
    b = &sc->toks[w - 1];
    if (!space_between(s, b, &sc->toks[w]) || !is_capitalised_word(sc, s, b) ||
        all_capitals(s, b) || WORD_IN(sc, b, sentence_words) || WORD_IN(sc, b, place_prefixes) ||
        lexicon_strset_has(&lx->entries, sc->fold.data + b->fold_off, b->fold_len)) {
        return w;
    }
    return w - 1;
}

/*
 * Listed names that are everyday words in lower case ("this is grace period", "i'm frank
 * about it"): a lower-case introduction never starts with one.
 */
static const char *const word_names[] = {
    "al",      "amber",   "angel", "april",     "august",    "autumn",  "bill",     "bo",
    "bob",     "chance",  "chase", "christian", "crystal",   "dawn",    "december", "don",
    "drew",    "ed",      "faith", "frank",     "gene",      "grace",   "grant",    "guy",
    "hi",      "hope",    "jack",  "january",   "joy",       "july",    "june",     "lane",
    "mark",    "melody",  "miles", "nick",      "november",  "october", "pat",      "penny",
    "ray",     "river",   "roman", "rose",      "september", "sue",     "summer",   "sunday",
    "trinity", "tuesday", "wade",  "wednesday", "will",      "sunny",   "hunter",   "mason",
    "sonny",   "lil",     "king",  "major",     "rich",      "sky",     "star",     "honey",
};

/*
 * Lower-case words that follow a name without being a surname ("im sam lol", "this is mike
 * speaking", "i'm alex too"): chat words, function words, adverbs and greetings.
 */
static const char *const not_lower_surnames[] = {
    "and",   "but",     "or",    "so",    "not",    "just",  "also",    "only",   "really",
    "very",  "too",     "again", "btw",   "lol",    "lmao",  "haha",    "hehe",   "rofl",
    "xd",    "here",    "there", "now",   "then",   "today", "tonight", "from",   "with",
    "in",    "at",      "on",    "of",    "for",    "by",    "to",      "the",    "a",
    "an",    "is",      "was",   "am",    "are",    "be",    "bro",     "dude",   "man",
    "sir",   "jr",      "sr",    "yet",   "though", "tho",   "anyway",  "ok",     "okay",
    "yes",   "yeah",    "no",    "nope",  "hi",     "hey",   "hello",   "thanks", "please",
    "sorry", "right",   "sure",  "fine",  "good",   "well",  "back",    "home",   "myself",
    "who",   "what",    "when",  "where", "why",    "how",   "which",   "that",   "this",
    "if",    "because", "since", "as",    "like",   "i",     "im",      "i'm",    "you",
    "your",  "my",      "me",    "we",    "it",     "he",    "she",     "they",   "here's",
    "tired", "sad",     "happy", "bored", "new",    "old",   "still",   "again",  "alone",
    "about", "out",     "up",    "down",  "off",    "over",  "all",     "pretty", "kinda",
};

/* Words after a lower-case name and surname that end the introduction ("im raj fernandes lol"). */
static const char *const intro_enders[] = {"and",  "lol", "lmao",  "haha",     "here",
                                           "from", "i",   "im",    "i'm",      "btw",
                                           "but",  "so",  "again", "speaking", "calling"};

/* Only blanks between byte a and byte b. */
static bool
blanks_only(const unsigned char *s, size_t a, size_t b)
{
    for (; a < b; a++) {
        if (s[a] != ' ' && s[a] != '\t') {
            return false;
        }
    }
    return true;
}

/* Byte at (the start of a word) follows the possessive "'s" of word d and blanks only. */
static bool
right_after_possessive(const unsigned char *s, const struct token *d, size_t at)
{
    size_t end;

    if (!d->possessive) {
        return false;
    }
    end = possessive_end(s, d);
    return end < at && at - end <= 2 && blanks_only(s, end, at);
}

/*
 * Every introduction cue ends in 'm' or 's' and a space before the name (im, i'm, am, is,
 * name's): two bytes of the text turn most lower-case words away before their token is read.
 */
bool
lexicon_cue_ending_before(const unsigned char *s, size_t at)
{
    return at >= 2 && s[at - 1] == ' ' && ((s[at - 2] | 0x20) == 'm' || (s[at - 2] | 0x20) == 's');
}

/*
 * Word w follows a self-introduction: "im", "i'm", "i am", "this is", "name is", "name's". It runs
 * for every lower-case word of every text, so lengths are compared before any byte is read.
 */
bool
lexicon_after_intro_cue(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *p, *q;

    if (w == 0) {
        return false;
    }
    p = &sc->toks[w - 1];
    if (p->fold_len == 4) {
        /* "my name's raj fernandes" */
        return p->possessive && folds_to(sc, p, "name", 4) &&
               possessive_end(s, p) < sc->toks[w].start &&
               blanks_only(s, possessive_end(s, p), sc->toks[w].start);
    }
    if (p->fold_len != 2 && p->fold_len != 3) {
        return false;
    }
    if (p->possessive) {
        /* "hey it's jenna tran," */
        return folds_to(sc, p, "it", 2) && right_after_possessive(s, p, sc->toks[w].start);
    }
    if (!space_between(s, p, &sc->toks[w])) {
        return false;
    }
    if (folds_to(sc, p, "im", 2) || folds_to(sc, p, "i'm", 3) || folds_to(sc, p, "its", 3)) {
        return true;
    }
    if (w < 2 || !space_between(s, &sc->toks[w - 2], p)) {
        return false;
    }
    q = &sc->toks[w - 2];
    if (folds_to(sc, p, "am", 2)) {
        return folds_to(sc, q, "i", 1);
    }
    return folds_to(sc, p, "is", 2) && (folds_to(sc, q, "this", 4) || folds_to(sc, q, "name", 4));
}

/* Word w is a lower-case surname: letters only, three or more, no chat word or -ing verb. */
static bool
lower_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *t = &sc->toks[w];
    const unsigned char *f = sc->fold.data + t->fold_off;
    size_t m = t->fold_len;

    if (!lexicon_starts_lower(s, t) || m < 3 || WORD_IN(sc, t, not_lower_surnames) ||
        (m > 4 && !memcmp(f + m - 3, "ing", 3))) {
        return false;
    }
    for (size_t i = t->start; i < t->end; i++) {
        if (s[i] < 0x80 && !lexicon_a_letter(s[i]) && s[i] != '-' && s[i] != '\'') {
            return false;
        }
    }
    return true;
}

/*
 * A lower-case first name and surname after a self-introduction ("im raj fernandes lol", "this
 * is mateus papadopoulos"): word w is a listed name that is not an everyday word, the next word
 * a lower-case surname, and the introduction ends after it (punctuation, a line end, the text's
 * end or a chat word). Returns the surname's word (after a middle initial: "this is rory j.
 * beauchamp"), or SIZE_MAX.
 */
static bool lower_initial_before(const struct lexicon_scanner *sc, const unsigned char *s,
                                 size_t j);

size_t
lexicon_lower_intro(const struct lexicon_scanner *sc, const struct lexicon *lx,
                    const unsigned char *s, size_t n, size_t w)
{
    const struct token *t = &sc->toks[w];
    size_t i, j;

    /* the caller saw the cue; the list's Bloom filter turns most words away before a list of
     * words is walked */
    if (w + 1 >= sc->ntoks ||
        !lexicon_strset_has(&lx->entries, sc->fold.data + t->fold_off, t->fold_len) ||
        WORD_IN(sc, t, word_names) || !space_between(s, t, &sc->toks[w + 1])) {
        return SIZE_MAX;
    }
    j = w + 1;
    if (lower_initial_before(sc, s, j)) {
        /* "this is rory j. beauchamp" */
        j++;
    }
    if (sc->toks[j].possessive || !lower_surname(sc, s, j)) {
        return SIZE_MAX;
    }
    i = sc->toks[j].end;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
    }
    if (i == n || memchr(".,!?;:)\n\r", s[i], 10)) {
        return j;
    }
    return j + 1 < sc->ntoks && sc->toks[j + 1].start == i &&
                   WORD_IN(sc, &sc->toks[j + 1], intro_enders)
               ? j
               : SIZE_MAX;
}

/*
 * Verbs that take a person as their object ("call jake morrison", "tell priya i said hi"), in
 * English and, for the commonest requests, in a few other languages that put no preposition
 * before the name ("appelle julien", "ruf lena an", "chiama marco"), and what a request does to
 * someone ("help me dox jake", "a guy named kevin", "report priya"). Chat writes names in lower
 * case; after these words a listed first name is a person's.
 */
static const char *const contact_verbs[] = {
    "call",       "called",       "calling",    "text",      "texted",     "texting",  "tell",
    "told",       "telling",      "ask",        "asked",     "asking",     "dm",       "dmed",
    "dm'd",       "message",      "messaged",   "msg",       "email",      "emailed",  "remind",
    "reminded",   "invite",       "invited",    "ping",      "pinged",     "phone",    "phoned",
    "saw",        "met",          "meet",       "visit",     "visited",    "hug",      "hugged",
    "kiss",       "kissed",       "dating",     "dated",     "marry",      "married",  "divorced",
    "dumped",     "blocked",      "unblock",    "unfriend",  "unfriended", "stalk",    "stalking",
    "punch",      "punched",      "slapped",    "fired",     "hired",      "thank",    "thanked",
    "forgive",    "forgave",      "miss",       "missed",    "hate",       "hates",    "appelle",
    "appeler",    "ruf",          "sag",        "frag",      "schreib",    "triff",    "chiama",
    "chiamato",   "bel",          "chama",      "encontrei", "dox",        "doxx",     "doxxed",
    "doxing",     "doxxing",      "report",     "reported",  "named",      "find",     "locate",
    "track",      "sue",          "sued",       "harass",    "harassing",  "threaten", "threatened",
    "blackmail",  "blackmailing", "expose",     "record",    "recorded",   "film",     "filmed",
    "photograph", "regarding",    "concerning", "reached",
};

/* Prepositions that take a person after these words only ("hung out with", "mad at"). */
static const char *const with_verbs[] = {
    "out",      "up",       "hang",   "hanging",  "hung",   "fight",    "fighting", "fought",
    "argue",    "arguing",  "argued", "talk",     "talked", "talking",  "chat",     "chatted",
    "chatting", "spoke",    "speak",  "speaking", "slept",  "sleeping", "cheated",  "cheating",
    "date",     "dinner",   "lunch",  "coffee",   "drinks", "engaged",  "living",   "moved",
    "friends",  "together", "along",  "work",     "works",  "worked",   "working",  "even",
};
/* ...and before "to", with an object between the verb and it ("send this to jake"). */
static const char *const to_verbs[] = {
    "talk",      "talked",     "talking",    "spoke", "speak",   "speaking",
    "married",   "engaged",    "text",       "write", "wrote",   "send",
    "sent",      "lied",       "lying",      "mean",  "rude",    "apologize",
    "apologise", "apologized", "apologised", "reply", "replied", "say",
    "said",      "letter",     "message",    "note",  "gift",    "present",
    "introduce", "introduced", "this",       "it",    "them",    "everything",
};
static const char *const at_verbs[] = {
    "back", "mad",      "angry",     "pissed",  "upset",    "yelled",  "yelling",
    "yell", "screamed", "screaming", "shouted", "shouting", "furious", "annoyed",
};
static const char *const about_verbs[] = {
    "worried", "thinking", "think", "talking", "talk",   "gossip",  "gossiping", "dreaming",
    "dreamed", "obsessed", "lies",  "lied",    "rumors", "rumours", "complain",  "complaining",
};
/* Words before "about" that take a person only with a surname after it ("know about"). */
static const char *const about_weak[] = {"know",      "knew",       "info",     "information",
                                         "dirt",      "everything", "anything", "review",
                                         "complaint", "post",       "story"};
/* Verbs before "for" that take a person only with a surname after it ("search for"). */
static const char *const for_weak[] = {
    "search",  "searching", "searched",  "look",    "looking",  "looked",  "hunting", "record",
    "records", "file",      "paperwork", "payroll", "paycheck", "payslip", "account",
};
/* ...and before "on" ("dirt on", "info on", "cheated on"). */
static const char *const on_verbs[] = {
    "info",       "information", "dirt",   "everything", "anything", "intel",
    "background", "spy",         "spying", "tabs",       "cheated",  "cheating",
    "cheats",     "revenge",     "snitch", "snitched",   "details",  "stuff",
};
/* ...and before "against" ("a complaint against", "a restraining order against"). */
static const char *const against_words[] = {
    "complaint", "complaints", "case",    "charges",   "order", "report",      "lawsuit",
    "grievance", "evidence",   "testify", "testified", "claim", "allegations",
};
static const char *const from_verbs[] = {
    "text",   "message",   "call",    "dm",       "email", "letter",    "heard",      "hear",
    "gift",   "present",   "texts",   "messages", "calls", "voicemail", "voicemails", "vm",
    "emails", "complaint", "invoice", "package",  "note",  "reply",
};
/* "dile a gerardo", "dis à camille", "fala com ana", "liga pro joão", "sprich mit timo" */
static const char *const a_verbs[] = {
    "dile",     "digo",    "dije",    "decirle",   "llama",      "llamo",    "llamé",     "llamar",
    "vi",       "veo",     "conozco", "conocí",    "pregúntale", "pregunta", "escríbele", "escribe",
    "mándale",  "odio",    "extraño", "besé",      "bloqueé",    "invité",   "invita",    "busca",
    "encontré", "dis",     "dit",     "demande",   "demandé",    "écris",    "écrit",     "parlé",
    "parle",    "parler",  "envoie",  "téléphone", "dì",         "di",       "dico",      "detto",
    "chiedi",   "chiesto", "scrivi",  "scritto",   "manda",      "mandato",  "telefona",
};
static const char *const con_verbs[] = {
    "hablé",   "salí",       "peleé",   "hablar", "fala",     "falei",    "saí",
    "briguei", "falar",      "parlato", "uscito", "litigato", "sprich",   "rede",
    "geredet", "gesprochen", "parlé",   "sorti",  "disputé",  "gesproken"};
static const char *const pro_verbs[] = {"liga",     "manda", "fala",  "diz",
                                        "pergunta", "ligue", "mande", "avisa"};
/* Things made, sent or booked for someone ("a poem for kevin", "a birthday card for priya",
 * "booking a flight for jenna tran"). */
static const char *const for_words[] = {
    "poem",   "letter",  "message", "note",        "card",        "song",         "speech",
    "toast",  "eulogy",  "apology", "surprise",    "cake",        "flight",       "flights",
    "ticket", "tickets", "seat",    "reservation", "appointment", "prescription", "visa",
};
/* Verbs before "up" that take a person after it ("look up jake morrison"). */
static const char *const up_verbs[] = {"look", "looked", "looking", "beat", "beating"};
/* Words before "as" that name someone by what follows ("I will refer to you as kwame dubois",
 * "known as", "listed as", "introduce him as"). */
static const char *const as_words[] = {"you",        "me",         "him",      "her",
                                       "them",       "known",      "listed",   "registered",
                                       "introduced", "identified", "addressed"};
/* Words before "by" that name someone by what follows ("she goes by priya", "signed by jake"). */
static const char *const by_verbs[] = {"goes",     "go",        "going",      "went",
                                       "signed",   "sent",      "written",    "posted",
                                       "referred", "submitted", "recommended"};

/* Relation words that put a name right after them when a possessive precedes ("my sister fatima").
 */
static const char *const relation_nouns[] = {
    "friend",    "bf",         "gf",        "boyfriend",    "girlfriend",  "sister",
    "brother",   "coworker",   "co-worker", "colleague",    "boss",        "manager",
    "neighbor",  "neighbour",  "roommate",  "flatmate",     "housemate",   "cousin",
    "ex",        "wife",       "husband",   "son",          "daughter",    "aunt",
    "auntie",    "uncle",      "niece",     "nephew",       "bestie",      "bff",
    "crush",     "partner",    "fiance",    "fiancé",       "fiancee",     "fiancée",
    "classmate", "teacher",    "tutor",     "landlord",     "landlady",    "tenant",
    "stepdad",   "stepmom",    "stepson",   "stepdaughter", "stepbrother", "stepsister",
    "buddy",     "supervisor", "hubby",     "wifey",        "grandson",    "granddaughter",
    "kid",       "baby",       "novio",     "novia",        "amigo",       "amiga",
    "vecino",    "vecina",     "jefe",      "jefa",         "hermano",     "hermana",
    "voisin",    "voisine",    "copain",    "copine",       "collègue",    "patron",
    "kollege",   "kollegin",   "freund",    "freundin",     "nachbar",     "nachbarin",
    "chef",      "namorado",   "namorada",  "vizinho",      "vizinha",     "chefe",
    "capo",      "collega",    "vicino",    "vicina",       "ragazzo",     "ragazza",
    "szef",
};
static const char *const possessives[] = {
    "my",   "our",   "his", "her",   "their", "ur",  "your", "mi",   "mis", "mon", "ma",
    "mein", "meine", "meu", "minha", "mio",   "mia", "mój",  "moja", "il",  "la",  "el"};
static const char *const relation_adjectives[] = {
    "best",  "good",     "old",       "older",  "younger", "little", "big",      "new",
    "close", "former",   "current",   "twin",   "baby",    "step",   "lil",      "ex",
    "mejor", "meilleur", "meilleure", "bester", "beste",   "melhor", "migliore",
};
/* Assistants, bots and brands that are listed first names: "ask alexa", "tell siri". */
static const char *const assistant_names[] = {
    "alexa", "siri", "cortana", "bixby", "claude", "jarvis", "gemini", "google", "bard", "tesla",
    "mercedes", "tiffany", "wendy", "chanel", "dior",
    /* listed names that are also verbs and nouns a
     * person's verb takes: "rob someone",
     * "hit the lance", "call me princess" */
    "rob", "jimmy", "clay", "colt", "duke", "lance", "sly", "brandy", "candy", "princess", "buddy",
    "misty", "stormy", "bud"};
/* Pronouns of other languages spelt like listed names ("hablar con ella", "parle avec elle"). */
static const char *const pronoun_names[] = {
    "ella", "elle", "ela",  "ele", "lei",  "lui",   "ellos", "ellas", "eles", "elas",
    "ihm",  "ihn",  "ihr",  "sie", "nous", "vous",  "moi",   "toi",   "dich", "mich",
    "dir",  "mir",  "loro", "noi", "voi",  "usted", "você",  "vos",   "nos",  "les"};

/* Word a is right before word b, separated by blanks only. */
static bool
just_before(const struct lexicon_scanner *sc, const unsigned char *s, size_t a, size_t b)
{
    return space_between(s, &sc->toks[a], &sc->toks[b]);
}

/* A preposition and the words before it that make its object a person ("hung out with",
 * "mad at", "dile a", "asked for"). */
struct governing_words {
    const char *prep;
    size_t prep_len;
    const char *const *words;
    size_t n_words;
};

#define GOVERNING(prep, list)                                                                      \
    {                                                                                              \
        prep, sizeof(prep) - 1, list, sizeof(list) / sizeof(list[0])                               \
    }

static const struct governing_words governing[] = {
    GOVERNING("with", with_verbs),   GOVERNING("to", to_verbs),     GOVERNING("at", at_verbs),
    GOVERNING("about", about_verbs), GOVERNING("from", from_verbs), GOVERNING("a", a_verbs),
    GOVERNING("à", a_verbs),         GOVERNING("con", con_verbs),   GOVERNING("com", con_verbs),
    GOVERNING("mit", con_verbs),     GOVERNING("avec", con_verbs),  GOVERNING("met", con_verbs),
    GOVERNING("pro", pro_verbs),     GOVERNING("pra", pro_verbs),   GOVERNING("as", as_words),
    GOVERNING("for", for_words),     GOVERNING("up", up_verbs),     GOVERNING("by", by_verbs),
};

/*
 * Word w follows a word that takes a person as its object: a contact verb ("call", "tell",
 * "texted"), a preposition after the verb that governs it ("hung out with", "mad at", "dile
 * a"), or a relation word after a possessive ("my sister", "my best friend"). It runs for every
 * lower-case word of every text, so the length of the word before is checked first.
 */
bool
lexicon_after_contact_cue(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *p;
    size_t v;

    if (w == 0) {
        return false;
    }
    p = &sc->toks[w - 1];
    if (p->fold_len < 1 || p->fold_len > 14 || !just_before(sc, s, w - 1, w)) {
        return false;
    }
    if (WORD_IN(sc, p, contact_verbs)) {
        /* "si chiama rocky", "se llama": the name something is called, a pet's as often */
        return !(
            w >= 2 && just_before(sc, s, w - 2, w - 1) &&
            (folds_to(sc, &sc->toks[w - 2], "si", 2) || folds_to(sc, &sc->toks[w - 2], "se", 2)));
    }
    if (w < 2 || !just_before(sc, s, w - 2, w - 1)) {
        return false;
    }
    v = w - 2;
    if (p->fold_len <= 5) {
        for (size_t k = 0; k < sizeof(governing) / sizeof(governing[0]); k++) {
            if (folds_to(sc, p, governing[k].prep, governing[k].prep_len)) {
                return word_in(sc, &sc->toks[v], governing[k].words, governing[k].n_words);
            }
        }
    }
    if (p->fold_len <= 3 && (folds_to(sc, p, "is", 2) || folds_to(sc, p, "was", 3))) {
        /* "my roommate is tariq": the relation named by the copula */
        if (v == 0 || !just_before(sc, s, v - 1, v)) {
            return false;
        }
        p = &sc->toks[v];
        v--;
    } else if (folds_to(sc, p, "me", 2)) {
        /* "call me liam": the name someone is to be called */
        return folds_to(sc, &sc->toks[v], "call", 4);
    }
    if (!WORD_IN(sc, p, relation_nouns)) {
        return false;
    }
    if (WORD_IN(sc, &sc->toks[v], possessives)) {
        return true;
    }
    return v > 0 && WORD_IN(sc, &sc->toks[v], relation_adjectives) &&
           just_before(sc, s, v - 1, v) && WORD_IN(sc, &sc->toks[v - 1], possessives);
}

/*
 * Relation words that take a name after them only with its surname (the parents and other kin
 * whose bare first name a chat seldom gives, and the people who serve or treat someone): "my
 * grandpa tariq bouchard", "my mate travis underwood", "our waiter vikram tran".
 */
static const char *const kin_nouns[] = {
    "mate",        "pal",        "spouse",      "mom",        "mum",         "dad",
    "mother",      "father",     "grandpa",     "grandma",    "grandmother", "grandfather",
    "granny",      "nan",        "nana",        "stepmother", "stepfather",  "stepmum",
    "godmother",   "godfather",  "guardian",    "therapist",  "doctor",      "lawyer",
    "nanny",       "babysitter", "coach",       "employee",   "employer",    "client",
    "patient",     "student",    "pupil",       "caregiver",  "carer",       "waiter",
    "waitress",    "server",     "driver",      "nurse",      "cashier",     "receptionist",
    "mechanic",    "plumber",    "electrician", "contractor", "dentist",     "realtor",
    "agent",       "instructor", "professor",   "principal",  "trainer",     "barber",
    "hairdresser", "stylist",    "pharmacist",  "surgeon",    "counselor",   "counsellor",
    "secretary",   "assistant",  "intern",      "recruiter",  "caseworker",  "officer",
};

/*
 * Word w follows a cue that takes a person only with a surname: a preposition after the words
 * that take it (on_verbs, against_words, for_weak, about_weak: "dirt on", "search for"), a
 * relation word whose determiner is not a possessive pronoun, or a kin word (kin_nouns) after
 * any determiner: "the husband is travis halloran and the wife cody
 * beauchamp", "my son's teacher nathaniel ibarra", "my grandpa tariq bouchard". Weaker than
 * lexicon_after_contact_cue ("the teacher" is a role as often as a person's), so the caller
 * takes the name only with its surname.
 */
bool
lexicon_after_relation_weak(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *p, *d;
    size_t r;

    if (w < 2 || !just_before(sc, s, w - 1, w)) {
        return false;
    }
    r = w - 1;
    p = &sc->toks[r];
    if (p->fold_len < 2 || p->fold_len > 14) {
        return false;
    }
    if (p->fold_len <= 7 && just_before(sc, s, r - 1, r)) {
        /* "i need dirt on priya shah", "a complaint against kevin hassan", "search for sofia
         * ruiz", "what do you know about jake morrison" */
        const struct token *q = &sc->toks[r - 1];
        if ((folds_to(sc, p, "on", 2) && WORD_IN(sc, q, on_verbs)) ||
            (folds_to(sc, p, "against", 7) && WORD_IN(sc, q, against_words)) ||
            (folds_to(sc, p, "for", 3) && WORD_IN(sc, q, for_weak)) ||
            (folds_to(sc, p, "about", 5) && WORD_IN(sc, q, about_weak))) {
            return true;
        }
    }
    if (folds_to(sc, p, "is", 2) || folds_to(sc, p, "was", 3)) {
        /* "the husband is travis halloran" */
        if (r < 2 || !just_before(sc, s, r - 1, r)) {
            return false;
        }
        r--;
        p = &sc->toks[r];
    }
    if (!WORD_IN(sc, p, relation_nouns) && !WORD_IN(sc, p, kin_nouns)) {
        return false;
    }
    d = &sc->toks[r - 1];
    if (right_after_possessive(s, d, p->start)) {
        /* "my son's teacher", "her mom's boyfriend" */
        return true;
    }
    if (!just_before(sc, s, r - 1, r)) {
        return false;
    }
    if (WORD_IN(sc, d, relation_adjectives) && r >= 2 && just_before(sc, s, r - 2, r - 1)) {
        d = &sc->toks[r - 2];
    }
    return folds_to(sc, d, "the", 3) || (WORD_IN(sc, p, kin_nouns) && WORD_IN(sc, d, possessives));
}

/* Lower-case words that end a cued name without being a surname ("call ben tomorrow"). */
static const char *const not_cued_surnames[] = {
    "tomorrow",
    "yesterday",
    "later",
    "soon",
    "asap",
    "rn",
    "tmrw",
    "tmr",
    "tn",
    "tonite",
    "lately",
    "anymore",
    "together",
    "instead",
    "either",
    "ever",
    "already",
    "first",
    "last",
    "next",
    "every",
    "each",
    "some",
    "any",
    "much",
    "more",
    "less",
    "once",
    "twice",
    "said",
    "says",
    "told",
    "asked",
    "texted",
    "called",
    "keeps",
    "kept",
    "has",
    "had",
    "have",
    "does",
    "did",
    "doesnt",
    "didnt",
    "dont",
    "wont",
    "cant",
    "isnt",
    "wasnt",
    "will",
    "would",
    "can",
    "could",
    "should",
    "might",
    "must",
    "never",
    "always",
    "ever",
    "his",
    "her",
    "their",
    "them",
    "him",
    "us",
    "our",
    "everyday",
    "tho",
    "lmk",
    "idk",
    "tbh",
    "omg",
    "pls",
    "plz",
    "thx",
    "ty",
    "cuz",
    "bc",
    "cause",
    "coz",
    "que",
    "qui",
    "dass",
    "che",
    "para",
    "por",
    "pour",
    "pra",
    "pro",
    "und",
    "et",
    "y",
    "e",
    "ou",
    "o",
    "an",
    "stp",
    "svp",
    "bitte",
    "per",
    "di",
    "de",
    "il",
    "la",
    "el",
    "le",
    "se",
    "si",
    "mi",
    "me",
    "te",
    "ti",
    "ist",
    "hat",
    "est",
    "es",
    "è",
    "é",
    "anrufen",
    "mal",
    "even",
    "eh",
    "ya",
    "yet",
    "again",
    "now",
    "not",
    "no",
    "why",
    "con",
    "com",
    "mit",
    "avec",
    "met",
    "sin",
    "sem",
    "ohne",
    "sans",
    "senza",
    "ist",
    "war",
    "these",
    "those",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "everyone",
    "everybody",
    "nobody",
    "people",
    "person",
    "guy",
    "girl",
    "man",
    "woman",
    "lady",
    "dude",
    "bro",
    "sis",
    "fam",
    "ok",
    "okay",
    "about",
    "because",
    "back",
    "first",
    "sometime",
    /* calendar words: "ruby tuesday", "call ben monday" */
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "morning",
    "afternoon",
    "evening",
    "night",
    "weekend",
    "today",
    "tonight",
    /* things named like people: "ginger tea", "jasmine rice", "olive oil", "amber alert" */
    "tea",
    "rice",
    "ale",
    "oil",
    "eyes",
    "plant",
    "plants",
    "alert",
    "chain",
    "salad",
    "sauce",
    "juice",
    "cake",
    "pie",
    "bread",
    "milk",
    "syrup",
    "beer",
    "wine",
    "soda",
    "candy",
    "root",
    "berries",
    "flowers",
    "flower",
    "tree",
    "trees",
    "seeds",
    "pads",
    "slippers",
    "gold",
    "silver",
    "stone",
    "shampoo",
    "perfume",
    "scent",
    "color",
    "colour",
    "dress",
    "necklace",
};

/* Word w is a lower-case surname after a cued lower-case first name: no chat, time or verb word. */
static bool
cued_surname(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *t = &sc->toks[w];
    const unsigned char *f = sc->fold.data + t->fold_off;
    size_t m = t->fold_len;

    if (!lower_surname(sc, s, w) || WORD_IN(sc, t, not_cued_surnames)) {
        return false;
    }
    /* a past tense after the name ("tell ben moved"), unless a surname spelt so (Reed, Ahmed) */
    if (m > 4 && !memcmp(f + m - 2, "ed", 2) && !(m >= 5 && !memcmp(f + m - 5, "ahmed", 5)) &&
        !(m >= 6 && !memcmp(f + m - 6, "hammed", 6)) && !folds_to(sc, t, "sneed", 5) &&
        !folds_to(sc, t, "creed", 5)) {
        return false;
    }
    return true;
}

/*
 * Word j is one lower-case ASCII letter and a full stop, with a lower-case word one blank after
 * it: a middle initial ("ethan m. haddad").
 */
static bool
lower_initial_before(const struct lexicon_scanner *sc, const unsigned char *s, size_t j)
{
    const struct token *t = &sc->toks[j];

    /* the next word starts two bytes on, so both bytes between are the text's */
    return j + 1 < sc->ntoks && t->end == t->start + 1 && s[t->start] >= 'a' &&
           s[t->start] <= 'z' && !t->possessive && sc->toks[j + 1].start == t->end + 2 &&
           s[t->end] == '.' && s[t->end + 1] == ' ' && lexicon_starts_lower(s, &sc->toks[j + 1]);
}

/* Lower-case name particles before a surname ("maria van der berg", "bram ter horst"). */
static const char *const lower_particles[] = {
    "van", "von", "de",  "da",  "del", "della", "der", "den", "di", "du", "la",  "le",  "dos",
    "das", "do",  "ter", "ten", "bin", "ibn",   "al",  "el",  "st", "zu", "mac", "dela"};

/*
 * The last word of a lower-case surname that starts at word j, over up to two particles ("horst",
 * "van der berg"), or SIZE_MAX: a particle with no surname after it is none ("bram ter").
 */
static size_t
cued_surname_end(const struct lexicon_scanner *sc, const unsigned char *s, size_t j)
{
    size_t k = j, e;

    if (lower_initial_before(sc, s, j)) {
        /* "ethan m. haddad": a middle initial and its full stop */
        j = k = j + 1;
    }
    while (k < j + 2 && k + 1 < sc->ntoks && !sc->toks[k].possessive &&
           WORD_IN(sc, &sc->toks[k], lower_particles) &&
           space_between(s, &sc->toks[k], &sc->toks[k + 1])) {
        k++;
    }
    if (k > j) {
        e = cued_surname(sc, s, k) && !WORD_IN(sc, &sc->toks[k], lower_particles) ? k : SIZE_MAX;
    } else {
        e = cued_surname(sc, s, j) ? j : SIZE_MAX;
    }
    /* a double-barrelled surname: "kwame kuznetsov-kaplan's mom" */
    if (e != SIZE_MAX && !sc->toks[e].possessive && e + 1 < sc->ntoks &&
        sc->toks[e + 1].start == sc->toks[e].end + 1 && s[sc->toks[e].end] == '-' &&
        cued_surname(sc, s, e + 1)) {
        e++;
    }
    /* a second surname (or middle name) that a possessive ends: "mateo marie reyes's mom" */
    if (e != SIZE_MAX && !sc->toks[e].possessive && e + 1 < sc->ntoks &&
        sc->toks[e + 1].possessive && space_between(s, &sc->toks[e], &sc->toks[e + 1]) &&
        cued_surname(sc, s, e + 1)) {
        e++;
    }
    return e;
}

/*
 * A lower-case listed first name after a contact cue (lexicon_after_contact_cue): word w is a
 * listed name that is no everyday word and no assistant's name. Returns the last word of the
 * name (w + 1 when a lower-case surname follows), or SIZE_MAX. With surname set, only a name
 * with its surname counts (the list then holds every first name, Will and May too).
 */
size_t
lexicon_lower_cued_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                        const unsigned char *s, size_t w, bool surname)
{
    const struct token *t = &sc->toks[w];
    size_t e;

    if (t->fold_len < 3 ||
        !lexicon_strset_has(&lx->entries, sc->fold.data + t->fold_off, t->fold_len) ||
        WORD_IN(sc, t, word_names) || WORD_IN(sc, t, assistant_names) ||
        WORD_IN(sc, t, pronoun_names)) {
        return SIZE_MAX;
    }
    if (!t->possessive && w + 1 < sc->ntoks && space_between(s, t, &sc->toks[w + 1]) &&
        (e = cued_surname_end(sc, s, w + 1)) != SIZE_MAX) {
        return e;
    }
    return surname ? SIZE_MAX : w;
}

/* Verbs after a lower-case name and surname that make them the subject ("so maryjane willms keeps
 * liking my posts"). */
static const char *const subject_verbs[] = {
    "keeps", "kept",   "is",      "was",     "has",      "had",    "just",    "said",  "says",
    "told",  "stole",  "owes",    "wont",    "won't",    "doesnt", "doesn't", "didnt", "didn't",
    "never", "always", "still",   "from",    "posted",   "texted", "called",  "sent",  "got",
    "lives", "works",  "cheated", "blocked", "reported", "took",   "left",    "wants", "thinks",
    "knows", "keep",   "hit",     "lied",    "ruined",   "broke",  "moved",   "asked", "yelled",
};
/*
 * Chat words that open a clause before its subject ("ugh", "honestly", "ok so"), and the verbs of
 * thinking, knowing or fearing before a clause ("i think connor chen is cheating on me", "i heard
 * that jake smith moved").
 */
static const char *const clause_openers[] = {
    "so",    "ok",      "okay",     "ugh",      "lol",   "lmao",   "honestly",  "apparently",
    "like",  "but",     "um",       "uh",       "yeah",  "omg",    "idk",       "tbh",
    "btw",   "bro",     "dude",     "wtf",      "smh",   "anyway", "basically", "literally",
    "well",  "also",    "then",     "now",      "q",     "yo",     "guess",     "because",
    "cuz",   "since",   "when",     "if",       "where", "why",    "how",       "whether",
    "think", "thought", "believe",  "suspect",  "know",  "knew",   "heard",     "swear",
    "bet",   "noticed", "realized", "realised", "found", "sure",   "afraid",    "worried",
    "that",
};

/*
 * Word w opens a clause whose subject is a lower-case name and surname: a verb follows the two
 * words ("ugh eunice welch from hr wrote me up"), and nothing but punctuation, a line start or
 * a chat opener ("ok so", "honestly") comes before.
 */
static bool clause_start(const struct lexicon_scanner *sc, const unsigned char *s, size_t w);

bool
lexicon_lower_subject_frame(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    size_t e;

    if (w + 2 >= sc->ntoks || !space_between(s, &sc->toks[w], &sc->toks[w + 1]) ||
        !lexicon_starts_lower(s, &sc->toks[w + 1]) ||
        (e = cued_surname_end(sc, s, w + 1)) == SIZE_MAX || e + 1 >= sc->ntoks ||
        !space_between(s, &sc->toks[e], &sc->toks[e + 1]) ||
        !WORD_IN(sc, &sc->toks[e + 1], subject_verbs)) {
        return false;
    }
    return clause_start(sc, s, w);
}

/* Auxiliaries that open a question before its subject ("where does ...", "is ..."). */
static const char *const question_auxiliaries[] = {
    "does", "did", "is", "was", "can", "could", "will", "would", "should", "has", "do",
};
/* Question words before the auxiliary ("where does darnell hargrove live"). */
static const char *const question_words[] = {"where", "what", "how", "when", "why", "who", "which"};
/* What a question asks of its subject right after the name and surname ("... live", "... on
 * facebook", "... still married"). */
static const char *const question_tails[] = {
    "live",   "lives",  "work",  "works",  "have",     "own",     "owns",   "drive",
    "drives", "know",   "still", "really", "actually", "married", "single", "dating",
    "go",     "goes",   "stay",  "stays",  "on",       "in",      "at",     "from",
    "use",    "attend", "exist", "alive",  "real",     "hang",    "keep",   "get",
};

/*
 * Word w is the subject of a question with its surname: an auxiliary opens the question (at a
 * clause's start or after a question word) and the name is followed by what it asks ("where
 * does darnell hargrove live", "is darnell hargrove on facebook").
 */
bool
lexicon_lower_question_frame(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    size_t e, a;

    if (w == 0 || w + 2 >= sc->ntoks || !just_before(sc, s, w - 1, w) ||
        !WORD_IN(sc, &sc->toks[w - 1], question_auxiliaries) ||
        !space_between(s, &sc->toks[w], &sc->toks[w + 1]) ||
        !lexicon_starts_lower(s, &sc->toks[w + 1]) ||
        (e = cued_surname_end(sc, s, w + 1)) == SIZE_MAX || e + 1 >= sc->ntoks ||
        sc->toks[e].possessive || !space_between(s, &sc->toks[e], &sc->toks[e + 1]) ||
        !WORD_IN(sc, &sc->toks[e + 1], question_tails)) {
        return false;
    }
    a = w - 1;
    if (a > 0 && just_before(sc, s, a - 1, a) && WORD_IN(sc, &sc->toks[a - 1], question_words)) {
        return true;
    }
    return clause_start(sc, s, a);
}

/* Word w opens a clause: punctuation, a line start or a chat opener ("ok so") before it. */
static bool
clause_start(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    size_t i;

    if (w > 0 && space_between(s, &sc->toks[w - 1], &sc->toks[w])) {
        return WORD_IN(sc, &sc->toks[w - 1], clause_openers);
    }
    i = sc->toks[w].start;
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
        i--;
    }
    return i == 0 || (s[i - 1] < 0x80 && !lexicon_a_letter(s[i - 1]) &&
                      !(s[i - 1] >= '0' && s[i - 1] <= '9') && s[i - 1] != '\'' && s[i - 1] != '-');
}

/* Nouns after a possessive name that make it a person's ("whats olivia's new number"). */
static const char *const owned_nouns[] = {
    "number",  "phone",    "cell",      "address",    "house",  "place",    "apartment",
    "apt",     "mom",      "mum",       "dad",        "mother", "father",   "parents",
    "wife",    "husband",  "boyfriend", "girlfriend", "bf",     "gf",       "sister",
    "brother", "kids",     "son",       "daughter",   "email",  "insta",    "instagram",
    "ig",      "snap",     "snapchat",  "facebook",   "fb",     "tiktok",   "twitter",
    "account", "password", "car",       "birthday",   "ssn",    "social",   "location",
    "full",    "last",     "real",      "new",        "home",   "family",   "boss",
    "ex",      "friend",   "friends",   "room",       "dorm",   "office",   "desk",
    "nudes",   "pics",     "photos",    "pictures",   "texts",  "messages", "secrets",
    "dms",
};

/* Word w (or the lower-case surname after it) is a possessive whose owner is a person. */
bool
lexicon_lower_possessive_owner(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *t = &sc->toks[w];
    size_t end;

    if (!t->possessive && w + 1 < sc->ntoks && space_between(s, t, &sc->toks[w + 1]) &&
        (end = cued_surname_end(sc, s, w + 1)) != SIZE_MAX) {
        /* "connor walsh's address", "vikram van der berg's mom"; not "rob someone's house" */
        w = end;
        t = &sc->toks[w];
    }
    if (!t->possessive || w + 1 >= sc->ntoks) {
        return false;
    }
    end = possessive_end(s, t);
    return sc->toks[w + 1].start > end && blanks_only(s, end, sc->toks[w + 1].start) &&
           sc->toks[w + 1].start - end <= 2 && WORD_IN(sc, &sc->toks[w + 1], owned_nouns);
}

/* Verbs after two names joined by "and" ("emily and jake are getting married"). */
static const char *const pair_verbs[] = {
    "are",     "were",    "have",  "had",     "got",     "get",    "broke",  "went",
    "keep",    "kept",    "both",  "just",    "split",   "live",   "lived",  "hooked",
    "started", "stopped", "still", "never",   "used",    "will",   "wont",   "won't",
    "dont",    "don't",   "didnt", "didn't",  "arent",   "aren't", "always", "moved",
    "hate",    "love",    "fight", "fought",  "cheated", "dated",  "dating", "said",
    "told",    "left",    "came",  "invited", "blocked", "owe",    "stole",
};

/*
 * Word w, a listed lower-case name, and the word after "and" are two people: after a cue that
 * takes a person ("invite emily and jake"), or opening a clause before a verb ("emily and jake
 * are getting married"). Returns the second name's word (listed too), w itself for "jake and i
 * went", or SIZE_MAX.
 */
size_t
lexicon_lower_pair(const struct lexicon_scanner *sc, const struct lexicon *lx,
                   const unsigned char *s, size_t w, bool cued)
{
    const struct token *b;

    if (w + 3 >= sc->ntoks || sc->toks[w].possessive ||
        !space_between(s, &sc->toks[w], &sc->toks[w + 1]) ||
        !folds_to(sc, &sc->toks[w + 1], "and", 3) ||
        !space_between(s, &sc->toks[w + 1], &sc->toks[w + 2])) {
        return SIZE_MAX;
    }
    b = &sc->toks[w + 2];
    if (!cued && !clause_start(sc, s, w)) {
        return SIZE_MAX;
    }
    if (folds_to(sc, b, "i", 1) || folds_to(sc, b, "me", 2)) {
        /* "jake and i went", "invite jake and me" */
        return cued || (space_between(s, b, &sc->toks[w + 3]) &&
                        lexicon_starts_lower(s, &sc->toks[w + 3]))
                   ? w
                   : SIZE_MAX;
    }
    if (!lexicon_starts_lower(s, b) || b->fold_len < 3 ||
        !lexicon_strset_has(&lx->entries, sc->fold.data + b->fold_off, b->fold_len) ||
        WORD_IN(sc, b, word_names) || WORD_IN(sc, b, assistant_names) ||
        WORD_IN(sc, b, pronoun_names)) {
        return SIZE_MAX;
    }
    if (cued) {
        return w + 2;
    }
    return !b->possessive && space_between(s, b, &sc->toks[w + 3]) &&
                   WORD_IN(sc, &sc->toks[w + 3], pair_verbs)
               ? w + 2
               : SIZE_MAX;
}

/* Words before "and" that are no one's name ("mom and jake are", "you and jake"). */
static const char *const kin_words[] = {"mom",     "mum",      "dad",    "mother",  "father",
                                        "parents", "kids",     "family", "friends", "grandma",
                                        "grandpa", "everyone", "they",   "we",      "you",
                                        "she",     "he",       "both",   "mommy",   "daddy"};

/*
 * Word w, a listed lower-case name, is the second of two people joined by "and" opening a clause
 * before a verb, and the first is a name the list lacks ("njeri and marcus are getting
 * married", "אורי and bethany"): returns the first one's word, in lower case or a caseless
 * script, or SIZE_MAX.
 */
size_t
lexicon_lower_pair_before(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *a;
    UChar32 c;

    if (w < 2 || w + 1 >= sc->ntoks || !folds_to(sc, &sc->toks[w - 1], "and", 3) ||
        !space_between(s, &sc->toks[w - 2], &sc->toks[w - 1]) ||
        !space_between(s, &sc->toks[w - 1], &sc->toks[w]) || sc->toks[w].possessive ||
        !space_between(s, &sc->toks[w], &sc->toks[w + 1]) ||
        !WORD_IN(sc, &sc->toks[w + 1], pair_verbs)) {
        return SIZE_MAX;
    }
    a = &sc->toks[w - 2];
    c = lexicon_first_code_point(s + a->start, a->end - a->start);
    if (a->fold_len < 2 || !u_isalpha(c) || u_isupper(c) || u_istitle(c) ||
        WORD_IN(sc, a, not_lower_surnames) || WORD_IN(sc, a, not_cued_surnames) ||
        WORD_IN(sc, a, relation_nouns) || WORD_IN(sc, a, kin_words) ||
        WORD_IN(sc, a, pronoun_names) || WORD_IN(sc, a, assistant_names)) {
        return SIZE_MAX;
    }
    for (size_t i = a->start; i < a->end; i++) {
        if (s[i] < 0x80 && !lexicon_a_letter(s[i])) {
            return SIZE_MAX;
        }
    }
    return clause_start(sc, s, w - 2) ? w - 2 : SIZE_MAX;
}

/* Words after "Surname, Given" that go on with a list of names, not one name ("Marcus, Kevin and
 * Sarah"). */
static const char *const list_words[] = {"and", "or", "und", "et", "y", "e"};
/* Words after "and" that open a clause, not another name ("... Quigley, Dustin and the wife"). */
static const char *const clause_determiners[] = {"the", "my", "his", "her", "their", "our",
                                                 "i",   "he", "she", "we",  "they",  "then"};
/*
 * Record labels before a person's name ("Patient Lindqvist, Dwayne", "passenger Okafor, Chidi").
 */
static const char *const record_labels[] = {
    "patient",   "client",    "customer", "employee",  "tenant", "resident",  "student",
    "applicant", "passenger", "traveler", "traveller", "member", "candidate", "claimant",
    "defendant", "plaintiff", "suspect",  "victim",    "inmate", "guest",     "insured",
};

static bool field_or_item_opens_before(const unsigned char *s, size_t at);
static bool speaker_opens_line(const unsigned char *s, size_t at);

/*
 * After "Surname, Given," at byte at: a record's next field, not another name: a number or
 * phone ("Tran, Darnell, 07582 437921"), or a label in capitals ("Lindqvist, Dwayne, MRN ...").
 */
static bool
record_field_after(const struct lexicon_scanner *sc, const unsigned char *s, size_t n, size_t w,
                   size_t at)
{
    const struct token *t;

    while (at < n && s[at] == ' ') {
        at++;
    }
    if (at >= n) {
        return false;
    }
    if (lexicon_a_digit(s[at]) ||
        ((s[at] == '+' || s[at] == '(') && at + 1 < n && lexicon_a_digit(s[at + 1]))) {
        return true;
    }
    if (w + 1 >= sc->ntoks || sc->toks[w + 1].start != at) {
        return false;
    }
    t = &sc->toks[w + 1];
    return t->end - t->start >= 2 && t->end - t->start <= 5 && all_capitals(s, t);
}

/*
 * Byte at, and the blanks before it, open a field: the text's or a line's start, or a bracket,
 * quote, colon, semicolon, bar or tab ("<name>Bergström, Rohan</name>", "attendees: ...;
 * Dubois, Kwame.", "| Rahman, Marcus |").
 */
static bool
field_opens_before(const unsigned char *s, size_t at)
{
    while (at > 0 && s[at - 1] == ' ') {
        at--;
    }
    return at == 0 || s[at - 1] == '\n' || s[at - 1] == '\r' || s[at - 1] == '\t' ||
           s[at - 1] == '>' || s[at - 1] == ':' || s[at - 1] == ';' || s[at - 1] == '|' ||
           s[at - 1] == '"' || s[at - 1] == '(' || s[at - 1] == '[';
}

/*
 * Word w, a listed first name standing alone, is the given name of an inverted "Surname, Given":
 * the word before it is a surname in the same case, joined by ", ", and the pair stands where a
 * name does: after a word that takes a person ("I work with Kaplan, Jonas at the warehouse",
 * "I will refer to you as mahlangu, aleksander"), a self-introduction ("this is Wiśniewska,
 * Sebastián"), before a possessive of a person's things ("chaudhry, sebastian's mom"), or as a
 * whole field ("<name>Bergström, Rohan</name>", "...; Dubois, Kwame."). Nothing but the name's
 * end may follow: a capitalised word, another list item or "and" make it a list of names or a
 * sentence ("Anyway, Marcus went", "Marcus, Kevin and Sarah"), and a capitalised word before the
 * surname makes it the end of a name in running order ("Sune Jonnson, Bob's ex-wife"). Returns
 * the surname's word, or SIZE_MAX.
 */
size_t
lexicon_inverted_surname(const struct lexicon_scanner *sc, const struct lexicon *lx,
                         const unsigned char *s, size_t n, size_t w)
{
    const struct token *g = &sc->toks[w], *f;
    bool lower = lexicon_starts_lower(s, g), field, cued;
    size_t v, i;

    if (w == 0 || WORD_IN(sc, g, non_surnames)) {
        return SIZE_MAX;
    }
    v = w - 1;
    f = &sc->toks[v];
    if (f->possessive || g->start != f->end + 2 || s[f->end] != ',' || s[f->end + 1] != ' ') {
        return SIZE_MAX;
    }
    if (lower ? !lower_surname(sc, s, v) || WORD_IN(sc, f, not_cued_surnames)
              : lexicon_starts_lower(s, f) || !is_capitalised_word(sc, s, f) ||
                    WORD_IN(sc, f, sentence_words)) {
        return SIZE_MAX;
    }
    if (lexicon_strset_has(&lx->entries, sc->fold.data + f->fold_off, f->fold_len) &&
        WORD_IN(sc, f, word_names)) {
        return SIZE_MAX;
    }
    if (v > 0 && space_between(s, &sc->toks[v - 1], f) &&
        !lexicon_starts_lower(s, &sc->toks[v - 1]) &&
        is_capitalised_word(sc, s, &sc->toks[v - 1]) &&
        !WORD_IN(sc, &sc->toks[v - 1], record_labels)) {
        /* the surname ends a name in running order: "Sune Jonnson, Bob's ex-wife" */
        return SIZE_MAX;
    }
    cued = lexicon_after_contact_cue(sc, s, v) || lexicon_after_intro_cue(sc, s, v) ||
           lexicon_after_relation_weak(sc, s, v) || lexicon_lower_possessive_owner(sc, s, w) ||
           (v > 0 && just_before(sc, s, v - 1, v) && WORD_IN(sc, &sc->toks[v - 1], record_labels));
    /* what follows the given name: its end */
    i = g->possessive ? possessive_end(s, g) : g->end;
    while (i < n && s[i] == ' ') {
        i++;
    }
    if (i < n && s[i] == ',' && !record_field_after(sc, s, n, w, i + 1)) {
        /* "Marcus, Kevin, Sarah" is a list; "Lindqvist, Dwayne, MRN PT-650013" one name */
        return SIZE_MAX;
    }
    if (w + 1 < sc->ntoks && sc->toks[w + 1].start == i &&
        (!lexicon_starts_lower(s, &sc->toks[w + 1]) ||
         (WORD_IN(sc, &sc->toks[w + 1], list_words) &&
          !(cued && w + 2 < sc->ntoks && space_between(s, &sc->toks[w + 1], &sc->toks[w + 2]) &&
            WORD_IN(sc, &sc->toks[w + 2], clause_determiners))))) {
        /* "Marcus, Kevin and Sarah"; not "the husband is Quigley, Dustin and the wife ..." */
        return SIZE_MAX;
    }
    field = field_or_item_opens_before(s, f->start) || speaker_opens_line(s, f->start);
    if (!cued && !(field && !(w + 1 < sc->ntoks && sc->toks[w + 1].start == i))) {
        /* a field holds the name alone: "Anyway, Marcus went home" is a sentence */
        return SIZE_MAX;
    }
    return v;
}

/*
 * Byte at, and the blanks before it, start an item of a list: a line's start (or the text's)
 * with a marker before the blanks: a number ("1.", "2)", "3"), '-', '*' or a bullet.
 */
static bool
list_item_opens_before(const unsigned char *s, size_t at)
{
    size_t i = at, d;

    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
        i--;
    }
    if (i == at) {
        return false;
    }
    if (i > 0 && (s[i - 1] == '-' || s[i - 1] == '*')) {
        i--;
    } else if (i >= 3 && s[i - 3] == 0xE2 && s[i - 2] == 0x80 && s[i - 1] == 0xA2) {
        i -= 3; /* U+2022 BULLET */
    } else {
        if (i > 0 && (s[i - 1] == '.' || s[i - 1] == ')')) {
            i--;
        }
        for (d = 0; i > 0 && lexicon_a_digit(s[i - 1]) && d < 3; d++) {
            i--;
        }
        if (d == 0) {
            return false;
        }
    }
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
        i--;
    }
    return i == 0 || s[i - 1] == '\n' || s[i - 1] == '\r';
}

/*
 * Byte at, and the blanks before it, open a field (field_opens_before) or a list item
 * (list_item_opens_before).
 */
static bool
field_or_item_opens_before(const unsigned char *s, size_t at)
{
    return field_opens_before(s, at) || list_item_opens_before(s, at);
}

/*
 * A contact value starts at byte i, after blanks and at most one separator ("- ", ": ", ", ",
 * "| ", "/ ", an en or em dash): a digit, '+' or '(' before a digit (a phone number, a house
 * number), or a word with an '@' in it (an e-mail address), on the same line.
 */
static bool
contact_value_at(const unsigned char *s, size_t n, size_t i)
{
    size_t j;

    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
    }
    if (i < n && memchr("-:,|/;", s[i], 6)) {
        i++;
    } else if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 &&
               (s[i + 2] == 0x93 || s[i + 2] == 0x94)) {
        i += 3;
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
    }
    if (i >= n) {
        return false;
    }
    if (lexicon_a_digit(s[i])) {
        return true;
    }
    if ((s[i] == '+' || s[i] == '(') && i + 1 < n && lexicon_a_digit(s[i + 1])) {
        return true;
    }
    for (j = i; j < n && j < i + 64 && s[j] > ' ' && s[j] != ','; j++) {
        if (s[j] == '@') {
            return j > i && j + 1 < n && s[j + 1] > ' ';
        }
    }
    return false;
}

/*
 * Word w follows a label of a person's field and its colon: a record label ("Customer:",
 * "Tenant:") or a name ("Employee name:", "Full name:").
 */
static bool
person_label_before(const struct lexicon_scanner *sc, const unsigned char *s, size_t w)
{
    const struct token *l;

    if (w == 0) {
        return false;
    }
    l = &sc->toks[w - 1];
    if (l->possessive || l->end >= sc->toks[w].start || s[l->end] != ':' ||
        !blanks_only(s, l->end + 1, sc->toks[w].start)) {
        return false;
    }
    return WORD_IN(sc, l, record_labels) || folds_to(sc, l, "name", 4);
}

/* A field's value ends at byte i: blanks, then a line end, the text's end, ',', ';', '|' or '('. */
static bool
name_ends_field(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
    }
    return i == n || memchr("\r\n,;|(", s[i], 6);
}

/*
 * Byte at, and the blanks before it, open a line, or follow a bracketed time stamp that does
 * ("[9:06 PM] ", "[2024-03-01 21:14] "): where a chat log puts its speaker.
 */
static bool
speaker_opens_line(const unsigned char *s, size_t at)
{
    size_t i = at, k;

    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
        i--;
    }
    if (i > 0 && s[i - 1] == ']') {
        for (k = i - 1; k > 0 && i - k < 32 && s[k - 1] != '[' && s[k - 1] != '\n'; k--) {
        }
        if (k == 0 || s[k - 1] != '[') {
            return false;
        }
        i = k - 1;
        while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
            i--;
        }
    }
    return i == 0 || s[i - 1] == '\n' || s[i - 1] == '\r';
}

/*
 * A lower-case listed first name and its surname that open a field, a line or an item of a list,
 * with a phone number, an address or an e-mail address right after them: "garrett quigley +1
 * (206) 894-6444 who is this", "1. rohan mcallister - 73 Beech Grove", "- alfie quigley -
 * alfie_quigley97@outlook.com". Returns the surname's last word, or SIZE_MAX.
 */
size_t
lexicon_lower_field_name(const struct lexicon_scanner *sc, const struct lexicon *lx,
                         const unsigned char *s, size_t n, size_t w)
{
    size_t e, end;
    bool field = field_or_item_opens_before(s, sc->toks[w].start);

    if ((!field && !speaker_opens_line(s, sc->toks[w].start)) ||
        (e = lexicon_lower_cued_name(sc, lx, s, w, true)) == SIZE_MAX || sc->toks[e].possessive) {
        return SIZE_MAX;
    }
    end = sc->toks[e].end;
    if (field && (contact_value_at(s, n, end) ||
                  (person_label_before(sc, s, w) && name_ends_field(s, n, end)))) {
        /* ...or a person's label before it: "Customer: rory beauchamp\n" */
        return e;
    }
    if (e + 1 < sc->ntoks && folds_to(sc, &sc->toks[e + 1], "here", 4) &&
        space_between(s, &sc->toks[e], &sc->toks[e + 1]) &&
        speaker_opens_line(s, sc->toks[w].start)) {
        /* "[voicemail] rory beauchamp here, call me back" */
        return e;
    }
    /* a chat line's speaker: "[9:06 PM] kwame flanagan: hey its me" */
    return speaker_opens_line(s, sc->toks[w].start) && end < n && s[end] == ':' &&
                   (end + 1 == n || s[end + 1] == ' ' || s[end + 1] == '\t')
               ? e
               : SIZE_MAX;
}
