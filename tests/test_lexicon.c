#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "scrub/normalize_internal.h"
#include "scrub/lexicon_internal.h"
#include "scrub/lexicon_scan_internal.h"

#include "common/banned.h"

static struct lexicon *
parse_list(const char *text)
{
    struct lexicon *lx = NULL;
    struct err err;

    assert_int_equal(
        lexicon_parse((const unsigned char *)text, strlen(text), "names.txt", &lx, &err), 0);
    return lx;
}

/* Scan text; the hits as "start-end" pairs joined by spaces, for one readable assertion. */
static void
scan_str(const struct lexicon *lx, const char *text, unsigned flags, char *out, size_t cap)
{
    struct lexicon_scanner *sc;
    struct lexicon_hits hits;
    struct err err;
    size_t i, n = 0;

    sc = lexicon_scanner_new(&err);
    assert_non_null(sc);
    lexicon_hits_init(&hits);
    assert_int_equal(
        lexicon_scan(sc, lx, (const unsigned char *)text, strlen(text), NULL, flags, &hits, &err),
        0);
    out[0] = '\0';
    for (i = 0; i < hits.n; i++) {
        int w =
            snprintf(out + n, cap - n, "%s%zu-%zu", i ? " " : "", hits.v[i].start, hits.v[i].end);
        assert_true(w > 0 && (size_t)w < cap - n);
        n += (size_t)w;
    }
    lexicon_hits_release(&hits);
    lexicon_scanner_free(sc);
}

static void
assert_scan(const struct lexicon *lx, const char *text, unsigned flags, const char *want)
{
    char got[512];

    scan_str(lx, text, flags, got, sizeof(got));
    assert_string_equal(got, want);
}

static void
parse_skips_comments_blank_lines_and_trailing_comments(void **state)
{
    struct lexicon *lx = parse_list("# first names\n\nMary\n  John  # common\r\nmary\n");
    bool found = false;
    struct err err;

    (void)state;
    assert_int_equal(lexicon_size(lx), 2);
    assert_int_equal(lexicon_contains(lx, (const unsigned char *)"JOHN", 4, &found, &err), 0);
    assert_true(found);
    assert_int_equal(lexicon_contains(lx, (const unsigned char *)"common", 6, &found, &err), 0);
    assert_false(found);
    lexicon_free(lx);
}

/*
 * A name of ASCII letters only is added without a word break pass: it must be found exactly as
 * one added with it (any case, whole words), next to entries that take the pass (several words,
 * an apostrophe, a hyphen, an accent) and without heading their longer names.
 */
static void
parse_adds_one_word_ascii_names_as_the_word_break_pass_would(void **state)
{
    struct lexicon *lx = parse_list("Mary\nmary ann\nO'Brien\nJean-Luc\nJos\xc3\xa9\nLEE\n");
    bool found = false;
    struct err err;

    (void)state;
    assert_int_equal(lexicon_contains(lx, (const unsigned char *)"mARy", 4, &found, &err), 0);
    assert_true(found);
    assert_int_equal(lexicon_contains(lx, (const unsigned char *)"lee", 3, &found, &err), 0);
    assert_true(found);
    assert_int_equal(lexicon_contains(lx, (const unsigned char *)"Mar", 3, &found, &err), 0);
    assert_false(found);
    assert_scan(lx, "Mary Ann, Mary, O'Brien, Jean-Luc and Jose met Lee; Leeds, Marys", 0,
                "0-8 10-14 16-23 25-33 38-42 47-50");
    lexicon_free(lx);
}

static void
parse_rejects_invalid_utf8_naming_file_and_line(void **state)
{
    struct lexicon *lx = NULL;
    struct err err;
    const char *text = "Mary\nJo\xff"
                       "hn\n";

    (void)state;
    assert_int_equal(
        lexicon_parse((const unsigned char *)text, strlen(text), "names.txt", &lx, &err), -1);
    assert_null(lx);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_non_null(strstr(err.msg, "names.txt:2:"));
    assert_null(strstr(err.msg, "Jo"));
}

static void
parse_rejects_a_list_with_no_entry(void **state)
{
    struct lexicon *lx = NULL;
    struct err err;

    (void)state;
    assert_int_equal(lexicon_parse((const unsigned char *)"# only\n", 7, "e.txt", &lx, &err), -1);
    assert_non_null(strstr(err.msg, "e.txt:1: word list has no entry"));
}

static void
load_reports_a_missing_file(void **state)
{
    struct lexicon *lx = NULL;
    struct err err;

    (void)state;
    assert_int_equal(lexicon_load("/nonexistent/names.txt", &lx, &err), -1);
    assert_int_equal(err.kind, ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent/names.txt"));
}

static void
load_reads_a_file(void **state)
{
    char path[] = "/tmp/veil-lexicon-XXXXXX";
    int fd = mkstemp(path);
    struct lexicon *lx = NULL;
    struct err err;

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "Ana\nBeatriz\n", 12), 12);
    assert_int_equal(close(fd), 0);
    assert_int_equal(lexicon_load(path, &lx, &err), 0);
    unlink(path);
    assert_int_equal(lexicon_size(lx), 2);
    lexicon_free(lx);
}

static void
scan_finds_whole_words_only(void **state)
{
    struct lexicon *lx = parse_list("Ann\n");

    (void)state;
    /* not inside "Annual", "Joann" or "Ann2" */
    assert_scan(lx, "Ann met Joann at the Annual fair; Ann2 too. ann!", 0, "0-3 44-47");
    lexicon_free(lx);
}

static void
scan_matches_any_case_and_full_width(void **state)
{
    struct lexicon *lx = parse_list("Mary\n");

    (void)state;
    /* "ＭＡＲＹ" in full-width letters is 12 bytes */
    assert_scan(lx, "MARY and \xef\xbc\xad\xef\xbc\xa1\xef\xbc\xb2\xef\xbc\xb9.", 0, "0-4 9-21");
    lexicon_free(lx);
}

static void
scan_prefers_the_longest_multiword_entry(void **state)
{
    struct lexicon *lx = parse_list("Maria\nMaria de la Cruz\nJean-Luc\nJean\n");

    (void)state;
    assert_scan(lx, "Maria de la  Cruz and Maria went; Jean-Luc too", 0, "0-17 22-27 34-42");
    lexicon_free(lx);
}

static void
scan_does_not_join_words_across_a_line_break_or_comma(void **state)
{
    struct lexicon *lx = parse_list("Mary Ann\n");

    (void)state;
    assert_scan(lx, "Mary\nAnn, Mary, Ann, Mary Ann", 0, "21-29");
    lexicon_free(lx);
}

static void
scan_leaves_a_possessive_s_outside_the_hit(void **state)
{
    struct lexicon *lx = parse_list("Mary\n");

    (void)state;
    assert_scan(lx, "Mary's car and Mary\xe2\x80\x99s bike", 0, "0-4 15-19");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_lower_case_common_words(void **state)
{
    struct lexicon *lx = parse_list("Will\nMay\n");

    (void)state;
    assert_scan(lx, "you will see, may I ask Will? May.", LEXICON_CAPITALIZED, "24-28 30-33");
    lexicon_free(lx);
}

static void
scan_with_surname_reports_first_names_followed_by_a_surname(void **state)
{
    struct lexicon *lx = parse_list("John\nMaria\n");

    (void)state;
    assert_scan(lx, "John Smith called. Maria van Dijk Jansen wrote. John said",
                LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED, "0-10 19-40");
    lexicon_free(lx);
}

static void
scan_reads_a_name_typed_in_leetspeak(void **state)
{
    struct lexicon *lx = parse_list("John\nMaria\n");

    (void)state;
    /* digits typed for letters, in the name and its surname; codes and numbers stay out */
    assert_scan(lx, "I met J0hn Sm1th and M4ria Lop3z.",
                LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED, "6-16 21-32");
    assert_scan(lx, "my sister M4ria called", LEXICON_CAPITALIZED, "10-15");
    assert_scan(lx, "B2B 4x4 R2D2 J0hn5on", LEXICON_CAPITALIZED, "");
    lexicon_free(lx);
}

static void
scan_reads_a_name_in_alternating_case(void **state)
{
    struct lexicon *lx = parse_list("Maria\nJohn\n");

    (void)state;
    /* "mArIa lOpEz" is a disguise, not a sentence word; "iPhone" and "maria" stay lower case */
    assert_scan(lx, "I am mArIa lOpEz, hi", LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED,
                "5-16");
    assert_scan(lx, "my iPhone and maria", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "told jOhN today", LEXICON_CAPITALIZED, "5-9");
    lexicon_free(lx);
}

static void
scan_stops_a_name_before_y_and_a_title(void **state)
{
    struct lexicon *lx = parse_list("Gabriel\nJosé\nVincent\n");

    (void)state;
    /* "y" joins one surname to another, not a name to a title or to a second name */
    assert_scan(lx, "Gabriel García Márquez y Cien años. José Ortega y Gasset.",
                LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED, "0-24 39-60");
    assert_scan(lx, "Vincent van Gogh y Van Dyck", LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED,
                "0-16");
    lexicon_free(lx);
}

static void
scan_segments_chinese_and_thai_with_dictionaries(void **state)
{
    /* 王小明 (a Chinese name) and สมชาย (a Thai given name) inside unspaced sentences */
    struct lexicon *lx =
        parse_list("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\n"
                   "\xe0\xb8\xaa\xe0\xb8\xa1\xe0\xb8\x8a\xe0\xb8\xb2\xe0\xb8\xa2\n");
    char got[128];

    (void)state;
    /* 我叫王小明。 : the name is bytes 6-15 */
    assert_scan(lx, "\xe6\x88\x91\xe5\x8f\xab\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\xe3\x80\x82", 0,
                "6-15");
    /* ผมชื่อสมชาย : "my name is Somchai"; the name is the last 15 bytes */
    scan_str(lx,
             "\xe0\xb8\x9c\xe0\xb8\xa1\xe0\xb8\x8a\xe0\xb8\xb7\xe0\xb9\x88\xe0\xb8\xad"
             "\xe0\xb8\xaa\xe0\xb8\xa1\xe0\xb8\x8a\xe0\xb8\xb2\xe0\xb8\xa2",
             0, got, sizeof(got));
    assert_string_equal(got, "18-33");
    lexicon_free(lx);
}

static void
scan_capitalized_grows_a_hit_over_its_surname(void **state)
{
    struct lexicon *lx = parse_list("Donald\nMaria\n");

    (void)state;
    assert_scan(lx, "Donald Trump met Maria de la Cruz and Donald.", LEXICON_CAPITALIZED,
                "0-12 17-33 38-44");
    lexicon_free(lx);
}

/* A tab parts a table's cells, also where the text is read through its view (non-ASCII), which
 * reads a tab as a blank: a name does not grow over the next cell. */
static void
scan_capitalized_does_not_grow_over_a_tab(void **state)
{
    struct lexicon *lx = parse_list("Maria\n");

    (void)state;
    assert_scan(lx, "Maria L\xc3\xb2pez\tFiat\tRoma", LEXICON_CAPITALIZED, "0-12");
    assert_scan(lx, "Maria Lopez\tFiat\tRoma", LEXICON_CAPITALIZED, "0-11");
    lexicon_free(lx);
}

static void
scan_capitalized_grows_over_an_arabic_article_hyphenated_to_the_surname(void **state)
{
    struct lexicon *lx = parse_list("Omar\nLayla\nNasser\n");

    (void)state;
    assert_scan(lx, "my neighbour Omar al-Rashid is loud", LEXICON_CAPITALIZED, "13-27");
    assert_scan(lx, "I met Layla el-Masri yesterday", LEXICON_CAPITALIZED, "6-20");
    assert_scan(lx, "Nasser ad-Din Shah", LEXICON_CAPITALIZED, "0-18");
    assert_scan(lx, "Omar al-rashid", LEXICON_CAPITALIZED, "0-4");
    assert_scan(lx, "Omar as-built plans", LEXICON_CAPITALIZED, "0-4");
    assert_scan(lx, "Omar al - Rashid", LEXICON_CAPITALIZED, "0-4");
    lexicon_free(lx);
}

static void
scan_skips_names_given_to_animals_in_several_languages(void **state)
{
    struct lexicon *lx = parse_list("Max\nBella\nToby\nLuna\n");

    (void)state;
    assert_scan(lx, "our cat Bella Jones; my dog is called Max", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "mi perro se llama Toby. meine Katze Luna Maier", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "Max Jones, the dog, sleeps", LEXICON_CAPITALIZED, "");
    lexicon_free(lx);
}

static void
scan_skips_a_name_heading_a_place_or_a_royal_title(void **state)
{
    struct lexicon *lx = parse_list("River\nLake\nNovi\nPrincess\nMaria\n");

    (void)state;
    assert_scan(lx, "River Thames floods. We saw Lake Titicaca, Novi Sad and Princess Leia.",
                LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED, "");
    assert_scan(lx, "Maria Thames called", LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED,
                "0-12");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_an_appliance_brand_before_its_goods_or_support(void **state)
{
    struct lexicon *lx = parse_list("Dyson\nMaria\n");

    (void)state;
    assert_scan(lx, "I told Dyson support; the Dyson vacuum; Maria called", LEXICON_CAPITALIZED,
                "40-45");
    lexicon_free(lx);
}

static void
scan_skips_a_name_said_to_be_an_animal(void **state)
{
    struct lexicon *lx = parse_list("Princess\nMax\n");

    (void)state;
    assert_scan(lx, "Princess Sparkles is our hamster", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "Max Jones is my friend", LEXICON_CAPITALIZED, "0-9");
    lexicon_free(lx);
}

static void
scan_keeps_names_of_people_beside_animal_words(void **state)
{
    struct lexicon *lx = parse_list("Max\nBella\n");

    (void)state;
    /* a person word between, a verb between, or a sentence break after the animal word */
    assert_scan(lx, "my son is called Max Jones", LEXICON_CAPITALIZED, "17-26");
    assert_scan(lx, "my dog bit Max Jones", LEXICON_CAPITALIZED, "11-20");
    assert_scan(lx, "I love my cat. Bella Jones is my neighbour", LEXICON_CAPITALIZED, "15-26");
    lexicon_free(lx);
}

static void
scan_capitalized_grows_over_a_middle_initial_to_the_surname(void **state)
{
    struct lexicon *lx = parse_list("Wei\nJordan\n");

    (void)state;
    /* with or without its full stop; an initial with no surname after it stays outside */
    assert_scan(lx, "I met Wei L. Zhang and Jordan K Ellery; ask Wei A.", LEXICON_CAPITALIZED,
                "6-18 23-38 44-47");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_first_name_joined_by_ampersand_to_a_firm_word(void **state)
{
    struct lexicon *lx = parse_list("Ernst\nSpencer\nJohn\nMary\n");

    (void)state;
    /* "Ernst & Young", "Marks & Spencer" are firms; "John & Mary" a couple */
    assert_scan(lx, "Ernst & Young audited Marks & Spencer; John & Mary came.", LEXICON_CAPITALIZED,
                "39-43 46-50");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_name_joined_by_ampersand_to_itself(void **state)
{
    struct lexicon *lx = parse_list("Johnson\nJohn\nMary\n");

    (void)state;
    /* two people are not named alike: "Johnson & Johnson" is a firm */
    assert_scan(lx, "Johnson & Johnson sued; John & Mary came.", LEXICON_CAPITALIZED,
                "24-28 31-35");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_name_that_is_a_brand_of_goods(void **state)
{
    struct lexicon *lx = parse_list("Ford\nLincoln\nWendy\nJoe\nPolly\nSarah\n");

    (void)state;
    /* a goods word after it, an article before it alone, a possessive before it and a model */
    assert_scan(lx, "my Ford truck; a Wendy's kitchen; my Lincoln Navigator", LEXICON_CAPITALIZED,
                "");
    /* a possessive keeps its goods; a surname keeps an article; "my Sarah" alone may be one */
    assert_scan(lx, "Joe's car; I found a Polly Maxwell; my Sarah", LEXICON_CAPITALIZED,
                "0-3 21-34 39-44");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_name_after_a_definite_determiner(void **state)
{
    struct lexicon *lx = parse_list("Summer\nAmber\nChristian\nDivina\nRose\nKevin\nPolly\n");
    const unsigned f = LEXICON_CAPITALIZED | LEXICON_EXTEND_CAPITALIZED;

    (void)state;
    /* things named like people: an article or a demonstrative before them */
    assert_scan(lx,
                "The Summer Sale starts; the Amber Alert; this Christian Science room; la Divina "
                "Commedia; the Rose Gold edition",
                f, "");
    /* "that" as a conjunction, "a" before a name and surname, and no determiner at all */
    assert_scan(lx, "I know that Kevin Smith lied; a Polly Maxwell; Summer Sale", f,
                "12-23 32-45 47-58");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_name_before_a_firm_region_or_label_word(void **state)
{
    struct lexicon *lx = parse_list("Dell\nAnderson\nMarie\nCord\nMercedes\nGranny\n");
    const unsigned f = LEXICON_CAPITALIZED | LEXICON_EXTEND_CAPITALIZED;

    (void)state;
    assert_scan(lx, "Dell Technologies; Anderson Windows; Marie Byrd Land; Cord Number", f, "");
    /* a maker hyphened to its partner, and a fruit variety, even as a lone first name */
    assert_scan(lx, "What does Mercedes-Benz sell; Granny Smith apples", LEXICON_CAPITALIZED, "");
    /* the same names as people */
    assert_scan(lx, "Marie Byrd called; ask Dell Anderson", f, "0-10 23-36");
    lexicon_free(lx);
}

static void
scan_takes_an_inverted_surname_before_a_lone_given_name_where_a_name_stands(void **state)
{
    struct lexicon *lx = parse_list("Jonas\nKwame\nRohan\nMarcus\nKevin\nSarah\nAleksander\nBob\n");
    const unsigned f = LEXICON_CAPITALIZED | LEXICON_EXTEND_CAPITALIZED;

    (void)state;
    /* after a word that takes a person or an introduction, as a whole field, in capitals */
    assert_scan(lx, "I work with Kaplan, Jonas at the warehouse; this is Dubois, Kwame.", f,
                "12-25 52-65");
    assert_scan(lx, "<name>Bergstrom, Rohan</name>; MAHLANGU, ALEKSANDER", f, "6-22 31-51");
    /* a sentence after a comma, a list of names, a name in running order before the comma */
    assert_scan(lx,
                "Anyway, Marcus went home. Marcus, Kevin and Sarah came. Sune Jonnson, Bob's "
                "ex-wife",
                f, "");
    /* in lower case, after a cue */
    assert_scan(lx, "I will refer to you as mahlangu, aleksander from now on", LEXICON_CAPITALIZED,
                "23-43");
    lexicon_free(lx);
}

static void
scan_takes_an_inverted_name_after_a_label_in_an_item_or_before_a_clause(void **state)
{
    struct lexicon *lx = parse_list("Jonas\nKwame\nRohan\nMarcus\nKevin\n");
    const unsigned f = LEXICON_CAPITALIZED | LEXICON_EXTEND_CAPITALIZED;

    (void)state;
    /* a record label and a field in capitals after it, a relation and "and the", a list item */
    assert_scan(lx,
                "Patient Kaplan, Jonas, MRN 650013; the husband is Dubois, Kwame and the wife\n"
                "2 Bergstrom, Rohan - 07582 437921",
                f, "8-21 50-63 79-95");
    /* after what comes from someone, as a chat line's speaker */
    assert_scan(lx, "Voicemail from Kaplan, Jonas (+44 7858 313392)\n[10:02] Dubois, Kwame: u up?",
                f, "15-28 55-68");
    /* a name after a comma stays a list; a list item without a marker's blank is none */
    assert_scan(lx, "Patient Kaplan, Jonas, Marcus; the husband is Dubois, Kwame and Kevin", f, "");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_lone_name_inside_a_shop_or_firm_name(void **state)
{
    struct lexicon *lx = parse_list("Joe\nWendy\nBen\nJerry\nFord\nSherwin\nWilliams\nChick\n"
                                    "Mary\nKate\n");

    (void)state;
    assert_scan(lx, "at Trader Joe's now; went to Wendy's.", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "Ben & Jerry's ice cream; my sister's Ford", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "Sherwin-Williams paint; fired from Chick-fil-A", LEXICON_CAPITALIZED, "");
    /* a person's things, a person word before, two given names */
    assert_scan(lx, "Joe's car; Uncle Joe's truck; Mary-Kate came", LEXICON_CAPITALIZED,
                "0-3 17-20 30-34");
    lexicon_free(lx);
}

static void
scan_capitalized_grows_over_three_iberian_surnames_but_not_time_words(void **state)
{
    struct lexicon *lx = parse_list("Maria\nJohn\nCannon\n");

    (void)state;
    /* a second given name and two surnames; "Yesterday", "Office" are no surname */
    assert_scan(lx, "Maria Fernanda Souza Oliveira ligou", LEXICON_CAPITALIZED, "0-29");
    assert_scan(lx, "I met John Smith Yesterday Morning", LEXICON_CAPITALIZED, "6-16");
    assert_scan(lx, "138 Cannon House Office Building", LEXICON_CAPITALIZED, "");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_form_labels_before_a_colon(void **state)
{
    struct lexicon *lx = parse_list("Ad\nNom\nMehmet\nJean\n");

    (void)state;
    /* "Ad Soyad:" (Turkish), "Nom Prénom :" label the name after them */
    assert_scan(lx, "Ad Soyad: Mehmet Demir", LEXICON_CAPITALIZED, "10-22");
    assert_scan(lx, "Nom Pr\xc3\xa9nom : Jean Dupont", LEXICON_CAPITALIZED, "14-25");
    assert_scan(lx, "Ad Soyad: Mehmet Demir", LEXICON_EXTEND_CAPITALIZED, "10-22");
    /* a dotless i, and a comma between the label's words */
    assert_scan(lx, "Ad\xc4\xb1 Soyad\xc4\xb1: Mehmet Demir", LEXICON_CAPITALIZED, "14-26");
    assert_scan(lx, "Nom, Pr\xc3\xa9nom: Jean Dupont", LEXICON_CAPITALIZED, "14-25");
    lexicon_free(lx);
}

static void
scan_finds_a_name_written_with_accents_the_list_lacks(void **state)
{
    struct lexicon *lx = parse_list("Ezekiel\nJos\xc3\xa9\n");

    (void)state;
    /* precomposed, decomposed, and the list's own accents folded away: "Jose" finds "José" */
    assert_scan(lx, "Ezeki\xc3\xa9l Anders\xc3\xb3n came", LEXICON_CAPITALIZED, "0-18");
    assert_scan(lx,
                "Ezeki\xcc\x81"
                "el Smith came",
                LEXICON_CAPITALIZED, "0-15");
    assert_scan(lx, "ask Jose Ruiz", LEXICON_CAPITALIZED, "4-13");
    lexicon_free(lx);
}

static void
scan_keeps_accents_in_vietnamese_text(void **state)
{
    struct lexicon *lx = parse_list("Phong\n");

    (void)state;
    /* Vietnamese tone marks make other words: "Phòng Nhân sự" is a department */
    assert_scan(lx, "Tr\xc3\xa2n tr\xe1\xbb\x8dng,\nPh\xc3\xb2ng Nh\xc3\xa2n s\xe1\xbb\xb1",
                LEXICON_CAPITALIZED, "");
    assert_scan(lx, "Ph\xc3\xb2ng Nh\xc3\xa2n came", LEXICON_CAPITALIZED, "0-12");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_lone_word_in_capitals_unless_the_text_shouts(void **state)
{
    struct lexicon *lx = parse_list("Json\nKevin\n");

    (void)state;
    assert_scan(lx, "send the JSON file; I HATE KEVIN; ask KEVIN now", LEXICON_CAPITALIZED,
                "27-32");
    /* capitals on the next lines are a heading, not shouting */
    assert_scan(lx, "convert this to JSON?\n```\nPASSPORT NO", LEXICON_CAPITALIZED, "");
    lexicon_free(lx);
}

static void
scan_capitalized_does_not_take_romance_family_words_as_surnames(void **state)
{
    struct lexicon *lx = parse_list("Mia\n");

    (void)state;
    assert_scan(lx, "Mia Madre cocina; Mia Rossi", LEXICON_EXTEND_CAPITALIZED, "18-27");
    lexicon_free(lx);
}

static void
scan_capitalized_takes_both_halves_of_a_hyphenated_surname(void **state)
{
    struct lexicon *lx = parse_list("Ruth\n");

    (void)state;
    /* Not a lower-case half; a hyphen right after the first name does not grow it. */
    assert_scan(lx, "Ruth Okafor-Lindqvist paid; Ruth Okafor-based; Ruth-Ann", LEXICON_CAPITALIZED,
                "0-21 28-39 47-51");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_place_names_compounds_and_acronyms(void **state)
{
    struct lexicon *lx = parse_list("Antonio\nMart\nVin\nJoseph\n");

    (void)state;
    assert_scan(lx, "San Antonio, Wal-Mart, the VIN, St Joseph Academy, Antonio, Vin",
                LEXICON_CAPITALIZED, "51-58 60-63");
    lexicon_free(lx);
}

static void
scan_with_surname_ignores_function_words_and_god(void **state)
{
    struct lexicon *lx = parse_list("May\nJohn\n");

    (void)state;
    assert_scan(lx, "May God bless. Thanks John How are you? John I think so. John Doe",
                LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED, "57-65");
    lexicon_free(lx);
}

static void
scan_sees_through_zero_width_spaces_and_decomposed_accents(void **state)
{
    struct lexicon *lx = parse_list("Jessica\nJos\xc3\xa9\n");

    (void)state;
    /* "Jes<ZWSP>sica" and "Jose<U+0301>" (NFD); the span is exactly the name's original bytes */
    assert_scan(lx, "hi Jes\xe2\x80\x8bsica and Jose\xcc\x81!", 0, "3-13 18-24");
    lexicon_free(lx);
}

static void
scan_rejects_invalid_utf8(void **state)
{
    struct lexicon *lx = parse_list("Mary\n");
    struct lexicon_scanner *sc;
    struct lexicon_hits hits;
    struct err err;
    const unsigned char bad[] = {'M', 'a', 'r', 'y', ' ', 0xe2, 0x80};

    (void)state;
    sc = lexicon_scanner_new(&err);
    lexicon_hits_init(&hits);
    assert_int_equal(lexicon_scan(sc, lx, bad, sizeof(bad), NULL, 0, &hits, &err), -1);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_non_null(strstr(err.msg, "byte 5"));
    lexicon_hits_release(&hits);
    lexicon_scanner_free(sc);
    lexicon_free(lx);
}

/*
 * The ASCII fast path and ICU must agree on word boundaries: scan random ASCII text, then the
 * same text followed by a non-ASCII word (which forces the ICU path); the hits must be equal.
 * Texts run up to 200 bytes, so words and joiners straddle the fast path's 64-byte blocks.
 */
static void
ascii_fast_path_agrees_with_icu_word_boundaries(void **state)
{
    static const char alphabet[] = "abAB1_.':,;- -\n";
    struct lexicon *lx = parse_list("a\nb\nab\nA1\n1\nb.a\na'b\n1.1\na b\na-b\n");
    char text[256], forced[272], got_a[4096], got_b[4096];
    uint64_t x = 88172645463325252ull;
    int iter;
    size_t i, n;

    (void)state;
    for (iter = 0; iter < 4000; iter++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        n = 1 + x % (iter % 2 ? 24 : 200);
        for (i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            text[i] = alphabet[x % (sizeof(alphabet) - 1)];
        }
        text[n] = '\0';
        /* The view joins a spaced-out word ("a A B" reads "aAB"), which the ASCII path leaves
         * as written; the engine reads such a text (not plain) through its view anyway. */
        if (!norm_is_plain_ascii((const unsigned char *)text, n)) {
            continue;
        }
        assert_true(snprintf(forced, sizeof(forced), "%s \xc3\xa9t\xc3\xa9", text) > 0);
        scan_str(lx, text, 0, got_a, sizeof(got_a));
        scan_str(lx, forced, 0, got_b, sizeof(got_b));
        if (strcmp(got_a, got_b) != 0) {
            fail_msg("text \"%s\": ascii hits [%s], icu hits [%s]", text, got_a, got_b);
        }
    }
    lexicon_free(lx);
}

/* On random mixed-script text every hit lies inside the text, on character boundaries, in order
 * and without overlap, whatever the flags. */
static void
random_text_gives_ordered_hits_on_character_boundaries(void **state)
{
    static const char *const pieces[] = {
        "Mary",
        " ",
        "mary",
        "Ann",
        "-",
        "'s",
        "\xe2\x80\x99s",
        ", ",
        "\n",
        "Smith",
        "de",
        "la",
        "\xe7\x8e\x8b",
        "\xe5\xb0\x8f\xe6\x98\x8e",
        "\xe0\xb8\xaa\xe0\xb8\xa1",
        "\xcc\x81",
        "\xe2\x80\x8b",
        "Jos\xc3\xa9",
        "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd",
        "1",
        ".",
        "\xf0\x9f\x98\x80",
        "\xef\xbc\xad",
        "O'Brien",
        "May",
    };
    struct lexicon *lx =
        parse_list("Mary\nMary Ann\nAnn\nJos\xc3\xa9\nO'Brien\n\xe7\x8e\x8b\xe5\xb0\x8f"
                   "\xe6\x98\x8e\n\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\nMay\n");
    struct lexicon_scanner *sc;
    struct lexicon_hits hits;
    struct err err;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    char text[512];
    int iter;

    (void)state;
    sc = lexicon_scanner_new(&err);
    assert_non_null(sc);
    lexicon_hits_init(&hits);
    for (iter = 0; iter < 1500; iter++) {
        size_t len = 0, i, k, n;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        n = x % 30;
        for (k = 0; k < n; k++) {
            const char *p;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            p = pieces[x % (sizeof(pieces) / sizeof(pieces[0]))];
            assert_true(len + strlen(p) < sizeof(text));
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
        assert_int_equal(lexicon_scan(sc, lx, (const unsigned char *)text, len, NULL,
                                      (unsigned)(iter % 4), &hits, &err),
                         0);
        for (i = 0; i < hits.n; i++) {
            const struct lexicon_hit *h = &hits.v[i];
            assert_true(h->start < h->list_end && h->list_end <= h->end && h->end <= len);
            assert_true((text[h->start] & 0xc0) != 0x80);
            assert_true(h->end == len || (text[h->end] & 0xc0) != 0x80);
            assert_true(i == 0 || hits.v[i - 1].end <= h->start);
        }
    }
    lexicon_hits_release(&hits);
    lexicon_scanner_free(sc);
    lexicon_free(lx);
}

static void
scan_with_surname_takes_a_place_word_that_is_a_surname(void **state)
{
    struct lexicon *lx = parse_list("Emeka\nJordan\nBosco\nJackson\n");
    unsigned f = LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED;

    (void)state;
    assert_scan(lx, "Emeka Park called me", f, "0-10");
    /* a park, not a person: after a preposition of place, a number, or inside a longer name */
    assert_scan(lx, "we walked in Jordan Park", f, "");
    assert_scan(lx, "12 Jackson Park Road", f, "");
    assert_scan(lx, "Don Bosco Park is big", f, "");
    assert_scan(lx, "Emeka Park Hotel", f, "");
    lexicon_free(lx);
}

static void
scan_capitalized_grows_a_lone_name_back_over_an_unlisted_given_name(void **state)
{
    struct lexicon *lx = parse_list("Whitfield\n");

    (void)state;
    assert_scan(lx, "Bongani Whitfield stole my bike", LEXICON_CAPITALIZED, "0-17");
    /* sentence words and titles before it stay out */
    assert_scan(lx, "Tell Whitfield now", LEXICON_CAPITALIZED, "5-14");
    assert_scan(lx, "Officer Whitfield came", LEXICON_CAPITALIZED, "8-17");
    /* a record's or form's label is no given name: "Patient Tariq Banerjee" */
    assert_scan(lx, "Patient Whitfield came", LEXICON_CAPITALIZED, "8-17");
    assert_scan(lx, "Customer Whitfield, DOB 1990", LEXICON_CAPITALIZED, "9-18");
    assert_scan(lx, "I hate Whitfield", LEXICON_CAPITALIZED, "7-16");
    lexicon_free(lx);
}

static void
scan_with_surname_finds_a_lower_case_name_after_a_self_introduction(void **state)
{
    struct lexicon *lx = parse_list("Raj\nSven\nMateus\nGrace\nSam\nHunter\n");
    unsigned f = LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED;

    (void)state;
    assert_scan(lx, "im raj fernandes lol", f, "3-16");
    assert_scan(lx, "i'm sven nakamura and", f, "4-17");
    assert_scan(lx, "this is mateus papadopoulos", f, "8-27");
    assert_scan(lx, "my name's raj fernandes.", f, "10-23");
    /* an everyday word, a chat word, a verb or no cue: not a name */
    assert_scan(lx, "this is grace period", f, "");
    assert_scan(lx, "im sam lol", f, "");
    assert_scan(lx, "im hunter looking for a job", f, "");
    assert_scan(lx, "im raj fernandes going home", f, "");
    assert_scan(lx, "raj fernandes lol", f, "");
    lexicon_free(lx);
}

static void
scan_capitalized_finds_a_lower_case_name_after_a_word_that_takes_a_person(void **state)
{
    struct lexicon *lx = parse_list("Jake\nPriya\nSofia\nKevin\nOlivia\nConnor\nGerardo\nAlexa\n"
                                    "Eunice\nElla\nFatima\n");

    (void)state;
    /* a verb of contact, with the surname when one follows */
    assert_scan(lx, "call jake morrison and tell him", LEXICON_CAPITALIZED, "5-18");
    assert_scan(lx, "tell priya i said hi", LEXICON_CAPITALIZED, "5-10");
    /* a preposition after the verb that governs it, a relation after a possessive */
    assert_scan(lx, "i met up with sofia reyes last night", LEXICON_CAPITALIZED, "14-25");
    assert_scan(lx, "q le digo a gerardo para q", LEXICON_CAPITALIZED, "12-19");
    assert_scan(lx, "my best friend priya keeps lying", LEXICON_CAPITALIZED, "15-20");
    /* a possessive of a person's things; a surname and a verb after a clause start */
    assert_scan(lx, "whats olivia's new number", LEXICON_CAPITALIZED, "6-12");
    assert_scan(lx, "ugh, eunice welch from hr wrote me up", LEXICON_CAPITALIZED, "5-17");
    /* an assistant, a pronoun, a time word, no cue, or a list with everyday words */
    assert_scan(lx, "tell alexa to play music", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "hablar con ella con calma", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "call kevin tomorrow", LEXICON_CAPITALIZED, "5-10");
    assert_scan(lx, "the jake morrison file", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "a note about eunice welch from hr", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "call jake morrison and tell him",
                LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED, "");
    assert_scan(lx, "call Jake", 0, "5-9");
    /* two names joined by "and" opening a clause before a verb, or after a cue */
    assert_scan(lx, "ok so kevin and olivia are getting married", LEXICON_CAPITALIZED,
                "6-11 16-22");
    assert_scan(lx, "invite priya and connor to the party", LEXICON_CAPITALIZED, "7-12 17-23");
    assert_scan(lx, "jake and i went to the mall", LEXICON_CAPITALIZED, "0-4");
    assert_scan(lx, "a gift for kevin and olivia are", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "and sofia tea is cold", LEXICON_CAPITALIZED, "");
    /* particles before the surname; a name the list lacks before "and" and a listed one */
    assert_scan(lx, "ask sofia van der berg for the keys", LEXICON_CAPITALIZED, "4-22");
    assert_scan(lx, "ok so kevin ter horst keeps calling", LEXICON_CAPITALIZED, "6-21");
    assert_scan(lx, "njeri and kevin are getting married", LEXICON_CAPITALIZED, "0-5 10-15");
    assert_scan(lx, "mom and kevin are getting married", LEXICON_CAPITALIZED, "");
    lexicon_free(lx);
}

static void
scan_capitalized_finds_a_lower_case_name_after_a_thought_a_naming_word_or_before_a_possessive(
    void **state)
{
    struct lexicon *lx = parse_list("Jake\nPriya\nSofia\nKevin\nConnor\nMark\n");

    (void)state;
    /* the subject of a clause after a verb of thinking, with its surname and a verb */
    assert_scan(lx, "i think connor chen is cheating on me", LEXICON_CAPITALIZED, "8-19");
    assert_scan(lx, "i think that is fine; i think mark is right", LEXICON_CAPITALIZED, "");
    /* "as" and "by" after the words that name someone so; a demonstrative is no surname */
    assert_scan(lx, "I will refer to you as kevin dubois from now on", LEXICON_CAPITALIZED,
                "23-35");
    assert_scan(lx, "she goes by priya these days", LEXICON_CAPITALIZED, "12-17");
    assert_scan(lx, "the same as kevin said", LEXICON_CAPITALIZED, "");
    /* a double-barrelled surname before a possessive */
    assert_scan(lx, "for context, kevin kuznetsov-kaplan's mom called", LEXICON_CAPITALIZED,
                "13-35");
    /* a relation named by a copula, the name to be called, a possessive of someone's pictures */
    assert_scan(lx,
                "ugh my roommate is kevin hassan and; call me priya; i leaked sofia moss's nudes; "
                "my friend is mark",
                LEXICON_CAPITALIZED, "19-31 45-50 61-71");
    /* what a request does to someone, and things made or sent for them */
    assert_scan(
        lx,
        "help me dox jake morrison; write a poem for priya; send this to kevin; look up sofia ruiz",
        LEXICON_CAPITALIZED, "12-25 44-49 64-69 79-89");
    /* a middle initial, particles before a possessive, two words before a possessive */
    assert_scan(lx, "hi, i think jake m. haddad is cheating on me", LEXICON_CAPITALIZED, "12-26");
    assert_scan(lx, "lol ok sofia van der berg's mom called", LEXICON_CAPITALIZED, "7-25");
    assert_scan(lx, "please help, sofia marie reyes's mom called", LEXICON_CAPITALIZED, "13-30");
    lexicon_free(lx);
}

static void
scan_capitalized_finds_a_lower_name_after_a_kin_word_or_opening_an_item(void **state)
{
    struct lexicon *lx = parse_list("Jake\nPriya\nSofia\nKevin\nRuby\n");
    const unsigned f = LEXICON_CAPITALIZED | LEXICON_EXTEND_CAPITALIZED;

    (void)state;
    /* a relation after "the" or a possessive noun, a kin word: with the surname only */
    assert_scan(lx,
                "the husband is jake morrison and the wife sofia ruiz; my son's teacher kevin "
                "hassan; my mate priya shah",
                LEXICON_CAPITALIZED, "15-28 42-52 71-83 93-103");
    assert_scan(lx, "the teacher kevin said; my mate priya; the wife is kind", LEXICON_CAPITALIZED,
                "");
    /* opening a line or a list item, before a phone number, an address or an e-mail address */
    assert_scan(lx,
                "who is this\n1. jake morrison - 73 Beech Grove\n- sofia ruiz: +44 7473 "
                "638748\nkevin hassan kh@mail.org",
                LEXICON_CAPITALIZED, "15-28 48-58 76-88");
    assert_scan(lx, "1. jake morrison - tickets\nkevin hassan likes 2 cats\nruby tuesday 555-0134",
                LEXICON_CAPITALIZED, "");
    /* a chat line's speaker, a role word, the subject of a question with what it asks */
    assert_scan(lx,
                "[9:06 PM] jake morrison: hey its me\nsofia ruiz: ok\nour waiter kevin hassan was "
                "rude; where does priya shah live; is sofia ruiz on facebook",
                LEXICON_CAPITALIZED, "10-23 36-46 62-74 96-106 116-126");
    assert_scan(lx,
                "note: jake morrison: hi; our waiter kevin was rude; is priya shah nice; where "
                "does sofia go",
                LEXICON_CAPITALIZED, "");
    /* what is known, dug up, filed, searched for or received about someone */
    assert_scan(lx,
                "what do you know about jake morrison; i need dirt on priya shah; a complaint "
                "against kevin hassan; search for sofia ruiz; a voicemail from jake",
                LEXICON_CAPITALIZED, "23-36 53-63 85-97 110-120 139-143");
    assert_scan(lx, "i know about it; dirt on kevin; up against sofia; look for ruby",
                LEXICON_CAPITALIZED, "");
    /* a person's label, a voicemail's speaker, a record kept for someone */
    assert_scan(lx,
                "Customer: jake morrison\n[voicemail] sofia ruiz here, call me\nthe payroll record "
                "for kevin hassan (employee 4)",
                LEXICON_CAPITALIZED, "10-23 36-46 84-96");
    assert_scan(lx, "Issue: jake morrison, late; note: sofia ruiz here; the record for kevin",
                LEXICON_CAPITALIZED, "");
    /* an introduction with a middle initial, "again" after it; a voicemail's greeting */
    assert_scan(lx, "hi this is jake m. morrison, call me; hey its sofia ruiz again", f,
                "11-27 46-56");
    assert_scan(lx, "you've reached kevin hassan. leave a message", LEXICON_CAPITALIZED, "15-27");
    /* after "it's" or "its" as after "i'm" */
    assert_scan(lx, "hey it's jake morrison, call me; its sofia ruiz.", f, "9-22 37-47");
    lexicon_free(lx);
}

/*
 * The lower-case words a capitalised entry cannot start at are skipped 64 at a time: a cued
 * lower-case name across the 64th word and a capitalised one past the 128th are still found.
 */
static void
scan_with_surname_finds_names_among_many_lower_case_words(void **state)
{
    struct lexicon *lx = parse_list("Raj\nSven\n");
    unsigned f = LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED;
    char text[1024], want[64];
    size_t n = 0;

    (void)state;
    for (int i = 0; i < 62; i++) {
        n += (size_t)snprintf(text + n, sizeof(text) - n, "so ");
    }
    size_t cued = n + 3; /* "raj fernandes", words 63 and 64 */
    n += (size_t)snprintf(text + n, sizeof(text) - n, "im raj fernandes lol ");
    for (int i = 0; i < 70; i++) {
        n += (size_t)snprintf(text + n, sizeof(text) - n, "ok ");
    }
    size_t capital = n;
    n += (size_t)snprintf(text + n, sizeof(text) - n, "Sven Patel called");
    assert_true(n < sizeof(text));
    snprintf(want, sizeof(want), "%zu-%zu %zu-%zu", cued, cued + 13, capital, capital + 10);
    assert_scan(lx, text, f, want);
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_name_before_a_vietnamese_title(void **state)
{
    struct lexicon *lx = parse_list("Hai\n");

    (void)state;
    /* "Hai Bà Trưng": a district named for the two Trưng sisters */
    assert_scan(lx, "Qu\xe1\xba\xadn Hai B\xc3\xa0 Tr\xc6\xb0ng, H\xc3\xa0 N\xe1\xbb\x99i",
                LEXICON_EXTEND_CAPITALIZED | LEXICON_CAPITALIZED, "");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_name_asked_about_as_a_word(void **state)
{
    struct lexicon *lx = parse_list("Johnson\nOlivia\nNguyen\nGarcia\nDarnell\nKowalski\n");

    (void)state;
    /* a name word names it and the sentence asks its origin, meaning or popularity */
    assert_scan(lx, "tell me about the Johnson family name's origin", LEXICON_CAPITALIZED, "");
    assert_scan(lx,
                "how popular is the name Olivia for babies? is Nguyen the most common last name?",
                LEXICON_CAPITALIZED, "");
    assert_scan(lx, "where does the name Garcia come from", LEXICON_CAPITALIZED, "");
    /* someone's name: a relation before it, its own possessive, a possessive before the name
     * word, a name the name word does not name, or no question about the name */
    assert_scan(lx, "my friend Olivia asked what her name means", LEXICON_CAPITALIZED, "10-16");
    assert_scan(lx, "what's the origin of my last name, Kowalski?", LEXICON_CAPITALIZED, "35-43");
    assert_scan(lx, "Olivia's last name origin; I told Darnell the origin of the surname",
                LEXICON_CAPITALIZED, "0-6 34-41");
    assert_scan(lx, "the name Olivia was on the list", LEXICON_CAPITALIZED, "9-15");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_a_town_before_a_state_code(void **state)
{
    struct lexicon *lx = parse_list("Macon\nReno\nFlint\nKevin\nAmitie\n");

    (void)state;
    assert_scan(lx, "in Macon, GA 31201; Reno, NV; Flint,MI", LEXICON_CAPITALIZED, "");
    /* a help line's name after "SOS" is no person either */
    assert_scan(lx, "call SOS Amitie tonight", LEXICON_CAPITALIZED, "");
    /* a lower-case or longer word after the comma is no state code */
    assert_scan(lx, "Kevin, ok; Kevin, Georgia; Kevin, CAT", LEXICON_CAPITALIZED,
                "0-5 11-16 27-32");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_works_storms_and_eponyms(void **state)
{
    struct lexicon *lx = parse_list("Billie\nHelene\nMurphy\nPascal\nKevin\n");

    (void)state;
    assert_scan(lx, "the song Billie by them; tropical storm Helene hit", LEXICON_CAPITALIZED, "");
    assert_scan(lx, "Murphy's law and Pascal's triangle", LEXICON_CAPITALIZED, "");
    /* a firm named after its founders */
    assert_scan(lx, "Murphy and Sons; Pascal & Co. billed us", LEXICON_CAPITALIZED, "");
    /* the maker of a work, and a person's law firm */
    assert_scan(lx, "the song Kevin wrote; Kevin's law firm", LEXICON_CAPITALIZED, "9-14 22-27");
    lexicon_free(lx);
}

static void
scan_capitalized_skips_invented_names_and_figures_named_as_such(void **state)
{
    struct lexicon *lx = parse_list("Marcus\nElena\nFranz\nKevin\n");

    (void)state;
    assert_scan(lx, "a character named Marcus; the protagonist Elena Vasquez", LEXICON_CAPITALIZED,
                "");
    assert_scan(lx, "the composer Franz Schubert died young", LEXICON_CAPITALIZED, "");
    /* someone's composer friend, a character witness, a general manager */
    assert_scan(lx, "my composer Kevin; the character witness Kevin; the general manager Kevin",
                LEXICON_CAPITALIZED, "12-17 41-46 68-73");
    lexicon_free(lx);
}

/* The word of four letters numbered i: "aaaa", "aaab", ... */
static void
word_of(size_t i, char w[5])
{
    for (size_t k = 4; k-- > 0; i /= 26) {
        w[k] = (char)('a' + i % 26);
    }
    w[4] = '\0';
}

static void
large_list_gets_a_larger_filter_and_finds_every_entry(void **state)
{
    enum { N = 20000 };
    char *text = malloc((size_t)N * 5 + 1), w[5];
    struct lexicon *lx;

    (void)state;
    assert_non_null(text);
    for (size_t i = 0; i < N; i++) {
        word_of(2 * i, w); /* the even words are listed, the odd ones are not */
        memcpy(text + i * 5, w, 4);
        text[i * 5 + 4] = '\n';
    }
    text[(size_t)N * 5] = '\0';
    lx = parse_list(text);
    assert_true(lx->entries.bloom_bits >= (size_t)N * BLOOM_BITS_PER_ENTRY);
    for (size_t i = 0; i < 2 * N; i++) {
        word_of(i, w);
        assert_int_equal(lexicon_strset_has(&lx->entries, (const unsigned char *)w, 4), i % 2 == 0);
    }
    lexicon_free(lx);
    free(text);
}

/*
 * The filter of a large list lets few other words through, near what its bits per entry promise
 * (2.0 % of the words not listed here), though words differ in their last letters only, and its
 * bits lie in blocks of a cache line. Its bits read straight from FNV-1a's (bits 32 up, and the
 * top bits, which overlap those in a filter of over 2^16 bits) let 69 % through.
 */
static void
large_list_filter_lets_few_other_words_through(void **state)
{
    enum { N = 20000 };
    char *text = malloc((size_t)N * 5 + 1), w[5];
    struct lexicon *lx;
    size_t passed = 0;

    (void)state;
    assert_non_null(text);
    for (size_t i = 0; i < N; i++) {
        word_of(2 * i, w);
        memcpy(text + i * 5, w, 4);
        text[i * 5 + 4] = '\n';
    }
    text[(size_t)N * 5] = '\0';
    lx = parse_list(text);
    assert_int_equal((uintptr_t)lx->entries.bloom % 64, 0);
    for (size_t i = 0; i < 2 * N; i++) {
        word_of(i, w);
        bool may = lexicon_strset_may_have(&lx->entries, (const unsigned char *)w, 4);
        assert_true(may || i % 2);
        passed += may && i % 2;
    }
    assert_true(passed < (size_t)N * 4 / 100);
    lexicon_free(lx);
    free(text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_skips_comments_blank_lines_and_trailing_comments),
        cmocka_unit_test(parse_adds_one_word_ascii_names_as_the_word_break_pass_would),
        cmocka_unit_test(parse_rejects_invalid_utf8_naming_file_and_line),
        cmocka_unit_test(parse_rejects_a_list_with_no_entry),
        cmocka_unit_test(load_reports_a_missing_file),
        cmocka_unit_test(load_reads_a_file),
        cmocka_unit_test(scan_finds_whole_words_only),
        cmocka_unit_test(scan_matches_any_case_and_full_width),
        cmocka_unit_test(scan_prefers_the_longest_multiword_entry),
        cmocka_unit_test(scan_does_not_join_words_across_a_line_break_or_comma),
        cmocka_unit_test(scan_leaves_a_possessive_s_outside_the_hit),
        cmocka_unit_test(scan_capitalized_skips_lower_case_common_words),
        cmocka_unit_test(scan_with_surname_reports_first_names_followed_by_a_surname),
        cmocka_unit_test(scan_reads_a_name_typed_in_leetspeak),
        cmocka_unit_test(scan_reads_a_name_in_alternating_case),
        cmocka_unit_test(scan_stops_a_name_before_y_and_a_title),
        cmocka_unit_test(scan_segments_chinese_and_thai_with_dictionaries),
        cmocka_unit_test(scan_capitalized_grows_a_hit_over_its_surname),
        cmocka_unit_test(scan_capitalized_does_not_grow_over_a_tab),
        cmocka_unit_test(scan_takes_an_inverted_name_after_a_label_in_an_item_or_before_a_clause),
        cmocka_unit_test(scan_capitalized_finds_a_lower_name_after_a_kin_word_or_opening_an_item),
        cmocka_unit_test(scan_capitalized_grows_over_an_arabic_article_hyphenated_to_the_surname),
        cmocka_unit_test(scan_capitalized_grows_over_a_middle_initial_to_the_surname),
        cmocka_unit_test(scan_skips_names_given_to_animals_in_several_languages),
        cmocka_unit_test(scan_skips_a_name_heading_a_place_or_a_royal_title),
        cmocka_unit_test(scan_capitalized_skips_an_appliance_brand_before_its_goods_or_support),
        cmocka_unit_test(scan_skips_a_name_said_to_be_an_animal),
        cmocka_unit_test(scan_keeps_names_of_people_beside_animal_words),
        cmocka_unit_test(scan_capitalized_skips_a_first_name_joined_by_ampersand_to_a_firm_word),
        cmocka_unit_test(scan_capitalized_skips_a_name_joined_by_ampersand_to_itself),
        cmocka_unit_test(scan_capitalized_skips_a_name_that_is_a_brand_of_goods),
        cmocka_unit_test(scan_capitalized_skips_a_name_after_a_definite_determiner),
        cmocka_unit_test(scan_capitalized_skips_a_name_before_a_firm_region_or_label_word),
        cmocka_unit_test(
            scan_takes_an_inverted_surname_before_a_lone_given_name_where_a_name_stands),
        cmocka_unit_test(scan_capitalized_skips_a_lone_name_inside_a_shop_or_firm_name),
        cmocka_unit_test(scan_capitalized_grows_over_three_iberian_surnames_but_not_time_words),
        cmocka_unit_test(scan_capitalized_skips_form_labels_before_a_colon),
        cmocka_unit_test(scan_finds_a_name_written_with_accents_the_list_lacks),
        cmocka_unit_test(scan_keeps_accents_in_vietnamese_text),
        cmocka_unit_test(scan_capitalized_does_not_take_romance_family_words_as_surnames),
        cmocka_unit_test(scan_capitalized_skips_a_lone_word_in_capitals_unless_the_text_shouts),
        cmocka_unit_test(scan_capitalized_takes_both_halves_of_a_hyphenated_surname),
        cmocka_unit_test(scan_capitalized_skips_place_names_compounds_and_acronyms),
        cmocka_unit_test(scan_with_surname_ignores_function_words_and_god),
        cmocka_unit_test(scan_sees_through_zero_width_spaces_and_decomposed_accents),
        cmocka_unit_test(scan_rejects_invalid_utf8),
        cmocka_unit_test(scan_with_surname_takes_a_place_word_that_is_a_surname),
        cmocka_unit_test(scan_capitalized_grows_a_lone_name_back_over_an_unlisted_given_name),
        cmocka_unit_test(scan_with_surname_finds_a_lower_case_name_after_a_self_introduction),
        cmocka_unit_test(scan_capitalized_finds_a_lower_case_name_after_a_word_that_takes_a_person),
        cmocka_unit_test(
            scan_capitalized_finds_a_lower_case_name_after_a_thought_a_naming_word_or_before_a_possessive),
        cmocka_unit_test(scan_with_surname_finds_names_among_many_lower_case_words),
        cmocka_unit_test(scan_capitalized_skips_a_name_before_a_vietnamese_title),
        cmocka_unit_test(scan_capitalized_skips_a_name_asked_about_as_a_word),
        cmocka_unit_test(scan_capitalized_skips_a_town_before_a_state_code),
        cmocka_unit_test(scan_capitalized_skips_works_storms_and_eponyms),
        cmocka_unit_test(scan_capitalized_skips_invented_names_and_figures_named_as_such),
        cmocka_unit_test(ascii_fast_path_agrees_with_icu_word_boundaries),
        cmocka_unit_test(random_text_gives_ordered_hits_on_character_boundaries),
        cmocka_unit_test(large_list_gets_a_larger_filter_and_finds_every_entry),
        cmocka_unit_test(large_list_filter_lets_few_other_words_through),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
