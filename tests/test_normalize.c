#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/normalize_internal.h"

#include "common/banned.h"

/* First occurrence of needle in hay, or NULL (memmem is a GNU extension). */
static const unsigned char *
find_bytes(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle), i;

    for (i = 0; m <= n && i <= n - m; i++) {
        if (memcmp(hay + i, needle, m) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

/* Build the view of a C string and check its text. */
static void
assert_view(const char *in, unsigned flags, const char *want)
{
    struct norm_view v;
    struct err err;

    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, (const unsigned char *)in, strlen(in), flags, &err), 0);
    assert_string_equal((const char *)v.text.data, want);
    assert_int_equal(v.map[v.text.len], strlen(in));
    norm_view_release(&v);
}

/* The view of in's view is in's view (the view is idempotent on in). */
static void
assert_view_of_view_is_the_view(const char *in)
{
    struct norm_view v, w;
    struct err err;

    norm_view_init(&v);
    norm_view_init(&w);
    assert_int_equal(norm_view_build(&v, (const unsigned char *)in, strlen(in), 0, &err), 0);
    assert_int_equal(norm_view_build(&w, v.text.data, v.text.len, 0, &err), 0);
    assert_int_equal(w.text.len, v.text.len);
    assert_memory_equal(w.text.data, v.text.data, v.text.len);
    norm_view_release(&v);
    norm_view_release(&w);
}

/* The original span of the first occurrence of needle in the view of in. */
static void
view_find(const char *in, unsigned flags, const char *needle, size_t *s, size_t *e)
{
    struct norm_view v;
    struct err err;
    const unsigned char *hit;

    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, (const unsigned char *)in, strlen(in), flags, &err), 0);
    hit = find_bytes(v.text.data, v.text.len, needle);
    assert_non_null(hit);
    norm_view_span(&v, (size_t)(hit - v.text.data), (size_t)(hit - v.text.data) + strlen(needle), s,
                   e);
    norm_view_release(&v);
}

static void
another_scripts_separator_between_digits_reads_as_its_ascii(void **state)
{
    size_t s, e;

    (void)state;
    /* Syriac full stop, Vai full stop, Arabic date separator, Syriac colon (ICU skeletons) */
    assert_view("inet 10\xdc\x81"
                "20\xdc\x81"
                "3\xdc\x81"
                "41/24",
                0, "inet 10.20.3.41/24");
    assert_view("172\xea\x98\x8e"
                "31\xea\x98\x8e"
                "9\xea\x98\x8e"
                "2",
                0, "172.31.9.2");
    assert_view("born 14\xd8\x8d"
                "03\xd8\x8d"
                "1987",
                0, "born 14/03/1987");
    assert_view("fe80\xdc\x83\xdc\x83"
                "1",
                0, "fe80::1");
    /* the separator's span is its own bytes */
    view_find("ip 10\xdc\x81"
              "2",
              0, "10.2", &s, &e);
    assert_int_equal(s, 3);
    assert_int_equal(e, 8);
    /* not between digits: a sentence's full stop in its script stays */
    assert_view("end\xdc\x81 next 4\xdc\x81", 0, "end\xdc\x81 next 4\xdc\x81");
    assert_view("\xe1\x8d\xa2 1\xe1\x8d\xa2", 0, "\xe1\x8d\xa2 1\xe1\x8d\xa2");
}

static void
generic_marks_left_after_any_letter_are_dropped(void **state)
{
    (void)state;
    /* Cyrillic letters each with a half tilde (U+FE22): "дата" */
    assert_view("\xd0\xb4\xef\xb8\xa2\xd0\xb0\xef\xb8\xa2\xd1\x82\xef\xb8\xa2\xd0\xb0\xef\xb8\xa2",
                0, "\xd0\xb4\xd0\xb0\xd1\x82\xd0\xb0");
    /* Zalgo over an accented letter: "n" + U+0344, "é" + U+0308 U+0301 -> "ne" */
    assert_view("n\xcd\x84\xc3\xa9\xcc\x88\xcc\x81 le", 0, "ne le");
    /* what a mark kept apart composes: Hangul L + U+0325 + V reads as the syllable "휘" */
    assert_view("\xe1\x84\x92\xcc\xa5\xe1\x85\xb1", 0, "\xed\x9c\x98");
    /* spelling stays: precomposed and NFD accents, Vietnamese, Hebrew points, Arabic harakat */
    assert_view("caf\xc3\xa9 ne\xcc\x81 le", 0, "caf\xc3\xa9 n\xc3\xa9 le");
    assert_view("Vie\xcc\xa3\xcc\x82t", 0, "Vi\xe1\xbb\x87t");
    assert_view("\xd7\xa9\xd6\xb8\xd7\x9c\xd7\x95\xd6\xb9\xd7\x9d", 0,
                "\xd7\xa9\xd6\xb8\xd7\x9c\xd7\x95\xd6\xb9\xd7\x9d");
    assert_view("\xd9\x85\xd9\x8e\xd8\xb1", 0, "\xd9\x85\xd9\x8e\xd8\xb1");
}

static void
view_reads_a_word_marked_on_every_letter_as_its_ascii_letters(void **state)
{
    size_t s, e;

    (void)state;
    /* "d́áŕḱf́óx́_99": precomposed where Unicode has the letter (á, ŕ, ó), combining elsewhere */
    assert_view("my user d\xcc\x81\xc3\xa1\xc5\x95k\xcc\x81"
                "f\xcc\x81\xc3\xb3x\xcc\x81_99",
                0, "my user darkfox_99");
    /* each letter's span covers its marks */
    view_find("id \xc3\xa1\xc3\xa9\xc3\xad!", 0, "aei", &s, &e);
    assert_int_equal(s, 3);
    assert_int_equal(e, 9);
    /* words only some letters of carry marks stay as written: José, São, řešíš, Nguyễn */
    assert_view("Jos\xc3\xa9 S\xc3\xa3o", 0, "Jos\xc3\xa9 S\xc3\xa3o");
    assert_view("\xc5\x99"
                "e\xc5\xa1\xc3\xad\xc5\xa1",
                0,
                "\xc5\x99"
                "e\xc5\xa1\xc3\xad\xc5\xa1");
    assert_view("Nguy\xe1\xbb\x85n", 0, "Nguy\xe1\xbb\x85n");
    /* two marked letters are not a word of three */
    assert_view("\xc3\xa0 \xc3\xa9\xc3\xa9", 0, "\xc3\xa0 \xc3\xa9\xc3\xa9");
}

static void
view_maps_fullwidth_digits_and_at_sign_to_ascii(void **state)
{
    (void)state;
    assert_view("\xef\xbc\x95\xef\xbc\x95\xef\xbc\x95 \xef\xbd\x8a\xef\xbc\xa0x.com", 0,
                "555 j@x.com");
}

static void
view_maps_arabic_indic_and_devanagari_digits_to_ascii(void **state)
{
    (void)state;
    /* ٠١٢ and ३४५ */
    assert_view("\xd9\xa0\xd9\xa1\xd9\xa2-\xe0\xa5\xa9\xe0\xa5\xaa\xe0\xa5\xab", 0, "012-345");
}

static void
view_removes_zero_width_soft_hyphen_bom_and_bidi_controls(void **state)
{
    (void)state;
    assert_view("a\xe2\x80\x8b"
                "b\xc2\xad"
                "c\xef\xbb\xbf"
                "d\xe2\x80\xad"
                "e\xe2\x80\x8d"
                "f\xe2\x81\xa0g",
                0, "abcdefg");
}

static void
view_reads_a_right_to_left_override_run_in_the_order_it_is_seen(void **state)
{
    size_t s = 0, e = 0;
    const char *in = "mail \xe2\x80\xae"
                     "moc.liamg@nhoj\xe2\x80\xac ok";

    (void)state;
    assert_view(in, 0, "mail john@gmail.com ok");
    /* the run ends at the end of the paragraph, and reversed text covers the whole run */
    assert_view("DOB \xe2\x80\xae"
                "7891/30/41\nnext",
                0, "DOB 14/03/1987\nnext");
    /* ... and the override and its closing U+202C, which are the value's disguise */
    view_find(in, 0, "gmail", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 25);
    /* a run that is not ASCII once normalised stays in its order: Hebrew is drawn so anyway */
    assert_view("\xe2\x80\xae\xd7\xa9\xd7\x9c ab", 0, "\xd7\xa9\xd7\x9c ab");
    /* one override inside another's run, and a run that never closes, are read once */
    assert_view("\xe2\x80\xae"
                "cb\xe2\x80\xae"
                "a",
                0, "abc");
}

static void
view_reads_the_marked_letters_of_a_disguised_token_as_ascii_letters(void **state)
{
    (void)state;
    /* an overlay or enclosing mark somewhere in a key or handle: its accented letters too */
    assert_view("key \xc3\x80KI\xcc\xb5"
                "AZ\xe2\x83\x9dVQL\xe1\xba\xb8"
                "EH ok",
                0, "key AKIAZVQLEEH ok");
    assert_view("user Sa\xcc\xb2ntin_\xe1\xb8\xb2uhlma\xe2\x83\x9dn8\xcc\xb5"
                "3",
                0, "user Santin_Kuhlman83");
    /* accents alone, and a token of another script, stay */
    assert_view("M\xc3\xbcller2 Jos\xc3\xa9 \xc3\x89L\xc3\x89GANT", 0,
                "M\xc3\xbcller2 Jos\xc3\xa9 \xc3\x89L\xc3\x89GANT");
    assert_view_of_view_is_the_view("k \xc3\x80KI\xcc\xb5"
                                    "A2 \xd0\xb4\xcc\xb5"
                                    "x");
}

static void
view_reads_framed_letters_and_small_capitals_as_ascii_letters(void **state)
{
    (void)state;
    /* circled letters keep their case; one-case forms start a word upper case */
    assert_view("\xe2\x92\xbf\xe2\x93\x9e\xe2\x93\x97\xe2\x93\x9d", 0, "John");
    assert_view("\xf0\x9f\x84\xbc\xf0\x9f\x84\xb0\xf0\x9f\x85\x81\xf0\x9f\x84\xb8"
                "\xf0\x9f\x84\xb0",
                0, "Maria");                                            /* squared */
    assert_view("\xf0\x9f\x85\x99\xf0\x9f\x85\x9e", 0, "Jo");           /* negative circled */
    assert_view("\xf0\x9f\x85\xb9\xf0\x9f\x85\xbe", 0, "Jo");           /* negative squared */
    assert_view("\xe2\x92\xa5\xe2\x92\xaa", 0, "Jo");                   /* parenthesised */
    assert_view("\xe1\xb4\x8a\xe1\xb4\x8f\xca\x9c\xc9\xb4", 0, "John"); /* small caps */
    assert_view("\xf0\x9f\x84\xb2"
                "01\xf0\x9f\x85\x87"
                "00",
                0, "C01X00");
    assert_view("\xe1\xb4\x8a\xe1\xb4\x8f\xca\x9c\xc9\xb4", NORM_CASEFOLD, "john");
    /* in a word with a digit, a code: upper case all through (ɢʙ69 reads GB69) */
    assert_view("\xc9\xa2\xca\x99"
                "69 \xe1\xb4\x9b\xca\x80"
                "0",
                0, "GB69 TR0");
    /* regional indicators alone are letters; two side by side are a flag */
    assert_view("\xf0\x9f\x87\xa9\xe2\x80\x8b\xf0\x9f\x87\xa6", 0, "Da");
    assert_view("\xf0\x9f\x87\xba\xf0\x9f\x87\xb8 b", 0, "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8 b");
}

static void
view_reads_separator_lookalikes_as_ascii_separators(void **state)
{
    (void)state;
    assert_view("14\xe2\x81\x84"
                "03\xe2\x88\x95"
                "1987",
                0, "14/03/1987");
    assert_view("536\xe2\x9e\x96"
                "22\xe2\x81\x83"
                "1947",
                0, "536-22-1947");
    assert_view("fe80\xea\x9e\x89\xea\x9e\x89"
                "1\xe2\x88\xb6"
                "2\xcb\x90"
                "3",
                0, "fe80::1:2:3");
    /* NFKC spells a vulgar fraction with U+2044 */
    assert_view("\xc2\xbd", 0, "1/2");
}

static void
view_drops_underline_and_strike_through_marks_on_any_script(void **state)
{
    size_t s = 0, e = 0;
    /* パ̲ス̲ワ̲ー̲ド̲ (low line on katakana), J̶o̶ (long stroke overlay) */
    const char *in = "\xe3\x83\x91\xcc\xb2\xe3\x82\xb9\xcc\xb2: J\xcc\xb6o\xcc\xb6";

    (void)state;
    assert_view(in, 0, "\xe3\x83\x91\xe3\x82\xb9: Jo");
    view_find(in, 0, "Jo", &s, &e);
    assert_int_equal(e, strlen(in)); /* the last mark is inside the span */
    /* an accent stays: it is part of the letter */
    assert_view("\xe3\x83\x8f\xe3\x82\x9a", 0, "\xe3\x83\x91");
    assert_view("\xcc\xb2x", 0, "x"); /* a mark on nothing reads as nothing */
}

static void
view_reads_tatweel_inside_a_word_as_nothing(void **state)
{
    (void)state;
    /* محمـــد reads محمد; the mark of the Hijri year (هـ) stays */
    assert_view("\xd9\x85\xd8\xad\xd9\x85\xd9\x80\xd9\x80\xd9\x80\xd8\xaf", 0,
                "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf");
    assert_view("1402 \xd9\x87\xd9\x80 x", 0, "1402 \xd9\x87\xd9\x80 x");
    /* the braille blank is drawn as nothing */
    assert_view("ab\xe2\xa0\x80"
                "cd",
                0, "abcd");
}

static void
view_folds_unicode_spaces_and_tabs_to_space(void **state)
{
    (void)state;
    /* NBSP, ideographic space, thin space, tab; newline is kept */
    assert_view("1\xc2\xa0"
                "2\xe3\x80\x80"
                "3\xe2\x80\x89"
                "4\t5\n6",
                0, "1 2 3 4 5\n6");
}

static void
view_folds_dashes_and_minus_sign_to_hyphen(void **state)
{
    (void)state;
    /* en dash, em dash, minus sign, hyphen, fullwidth hyphen-minus */
    assert_view("1\xe2\x80\x93"
                "2\xe2\x80\x94"
                "3\xe2\x88\x92"
                "4\xe2\x80\x90"
                "5\xef\xbc\x8d"
                "6",
                0, "1-2-3-4-5-6");
}

static void
view_reads_symbols_between_value_groups_as_one_space(void **state)
{
    size_t s, e;
    /* U+1F525 fire, U+2B50 star, U+1F539 small blue diamond + U+FE0F, U+2605 black star */
    const char *fire = "\xf0\x9f\x94\xa5", *star = "\xe2\xad\x90";
    char in[128];

    (void)state;
    snprintf(in, sizeof(in), "ssn 688%s77%s3305", fire, fire);
    assert_view(in, 0, "ssn 688 77 3305");
    /* a run of symbols, with the variation selector of an emoji sequence, is one separator */
    snprintf(in, sizeof(in),
             "4164%s%s4542\xf0\x9f\x94\xb9\xef\xb8\x8f"
             "0214",
             star, star);
    assert_view(in, 0, "4164 4542 0214");
    view_find(in, 0, "4542 0214", &s, &e);
    assert_int_equal(s, 10);
    assert_int_equal(e, 25); /* the space covers the diamond and its selector */
    /* between single spaces it reads as nothing, and its span joins the space before it */
    snprintf(in, sizeof(in), "call 218 %s 463 %s%s 4375", fire, star, star);
    assert_view(in, 0, "call 218 463 4375");
    view_find(in, 0, "218 463 4375", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, strlen(in));
    /* a postal mark labels the postcode after it: it stays, even right after a word */
    assert_view("\xe4\xbd\x8f\xe6\x89\x80\xe3\x81\xaf\xe3\x80\x92"
                "150-0002", /* 住所は〒150-0002 */
                0,
                "\xe4\xbd\x8f\xe6\x89\x80\xe3\x81\xaf\xe3\x80\x92"
                "150-0002");
    /* right before or after an '@' it reads as nothing, its span joining the character before */
    snprintf(in, sizeof(in), "mail jane.doe%s@example.com or bo@%s%sx.io", fire, star, star);
    assert_view(in, 0, "mail jane.doe@example.com or bo@x.io");
    view_find(in, 0, "jane.doe@example.com", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 29);
    snprintf(in, sizeof(in), "thanks %s @team", fire);
    assert_view(in, 0, "thanks @team");
    /* an address typed one character at a time keeps its separators beside the '@' */
    snprintf(in, sizeof(in), "j%so%se%s@%sx%s.%si%so", fire, fire, fire, fire, fire, fire, fire);
    assert_view(in, 0, "joe@x.io");
    /* beside more space, or at either end, a symbol is read as itself */
    snprintf(in, sizeof(in), "%sI love pizza  %s and \xe2\x98\x85", fire, fire);
    assert_view(in, 0, in);
    /* ASCII "^" and "`" are modifier symbols too, but stay as written */
    assert_view("2^10 and `x` \xc3\xa9", 0, "2^10 and `x` \xc3\xa9");
}

static void
view_reads_a_middle_dot_between_digits_as_a_separator(void **state)
{
    size_t s, e;
    /* U+00B7 middle dot, U+2022 bullet */
    const char *in = "here: +\xc2\xb7"
                     "6\xc2\xb7"
                     "5\xc2\xb7"
                     "9\xe2\x80\xa2"
                     "4 ok";

    (void)state;
    assert_view(in, 0, "here: +6.5.9.4 ok");
    /* an ideographic full stop or Arabic decimal separator between digits; any of them
     * between the letters of a word with an '@', and only there */
    assert_view("81\xe3\x80\x82"
                "2\xd9\xab"
                "69",
                0, "81.2.69");
    assert_view("jane\xe3\x80\x82"
                "doe@mail\xe2\x80\xa7"
                "com",
                0, "jane.doe@mail.com");
    assert_view("ab\xe3\x80\x82"
                "cd ef@g",
                0,
                "ab\xe3\x80\x82"
                "cd ef@g");
    view_find(in, 0, "+6.5.9.4", &s, &e);
    assert_int_equal(s, 6);
    assert_int_equal(e, strlen(in) - 3); /* the dot after the plus sign is inside the span */
    /* beside a letter or at a list's start it is text, as written */
    assert_view("col\xc2\xb7legi, \xe2\x80\xa2 1 item, 5\xc2\xb7x", 0,
                "col\xc2\xb7legi, \xe2\x80\xa2 1 item, 5\xc2\xb7x");
}

static void
view_joins_spaced_out_words(void **state)
{
    size_t s, e;
    const char *in = "name: B o n g a n i   K a u r, mail j o e @ x . c o m";

    (void)state;
    assert_view(in, 0, "name: Bongani Kaur, mail joe@x.com");
    view_find(in, 0, "Bongani Kaur", &s, &e);
    assert_int_equal(s, 6);
    assert_int_equal(e, 29); /* the spaces inside and between the words are covered */
    /* fewer than three letters, or a unit that is part of a word, is left as written */
    assert_view("pick 1 2 3 or a b or x y zz", 0, "pick 1 2 3 or a b or x y zz");
    /* an ASCII text holding a spaced word is not plain: detection reads its view */
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
    assert_true(norm_is_plain_ascii((const unsigned char *)"a b or 1 2 3", 12));
    /* digits spaced out with their separators: six digits and a separator at least */
    assert_view("DOB 1 4 / 0 3 / 1 9 8 7 ok", 0, "DOB 14/03/1987 ok");
    assert_view("ip 8 1 . 2 . 6 9 . 1 4 2", 0, "ip 81.2.69.142");
    assert_view("f e 8 0 : : 1 f f : 2", 0, "fe80::1ff:2");
    assert_view("count 1 . 2 . 3 . 4 and 3 / 4", 0, "count 1 . 2 . 3 . 4 and 3 / 4");
    /* a colon after a spaced word is a colon, not a unit */
    assert_view("N a m e : J o e", 0, "Name : Joe");
    /* wider gaps: the value's separators are units between blanks of two spaces or a line */
    assert_view("born 1  9  9  0  -  0  7  -  2  2 ok", 0, "born 1990-07-22 ok");
    assert_view("v6 2  0  0  1  :  4  8  6  0  :  :  8  8", 0, "v6 2001:4860::88");
    assert_view("DOB 1\n4\n/\n0\n3\n/\n1\n9\n8\n7", 0, "DOB 14/03/1987");
    assert_view("J\no\nh\nn", 0, "John");
    /* a spaced sentence: the short words between spaced words join too */
    assert_view("m y   n a m e   i s   J o e", 0, "my name is Joe");
    assert_view("born M a r   1 4   1 9 8 7 ok", 0, "born Mar 14 1987 ok");
    assert_view("a   b and 1 1 1", 0, "a   b and 1 1 1");
    /* digits alone one to a line are a list */
    assert_view("1\n2\n3\n4\n5\n6\n7\n8", 0, "1\n2\n3\n4\n5\n6\n7\n8");
}

static void
view_joins_spaced_out_letters_of_other_scripts(void **state)
{
    size_t s, e;
    const char *in = "name: \xc3\x91 u s t a   O y e l a r a n!";

    (void)state;
    /* a cased letter of another script is a unit: a run starts at it, holds it, or is only them */
    assert_view(in, 0, "name: \xc3\x91usta Oyelaran!");
    view_find(in, 0, "\xc3\x91usta Oyelaran", &s, &e);
    assert_int_equal(s, 6);
    assert_int_equal(e, strlen(in) - 1);
    assert_view("J o s \xc3\xa9   M \xc3\xbc l l e r", 0, "Jos\xc3\xa9 M\xc3\xbcller");
    assert_view("\xd0\x97 \xd0\xbe \xd1\x8f, ok", 0, "\xd0\x97\xd0\xbe\xd1\x8f, ok");
    assert_view("j o s \xc3\xa9 @ g m x . d e", 0, "jos\xc3\xa9@gmx.de");
    /* words run together split where a capital starts, whatever the script */
    assert_view("\xd0\x97 \xd0\xbe \xd1\x8f \xd0\x9f \xd0\xb5 \xd1\x82 \xd1\x8f", 0,
                "\xd0\x97\xd0\xbe\xd1\x8f \xd0\x9f\xd0\xb5\xd1\x82\xd1\x8f");
    /* a letter inside a word is no unit; a script without case (Han) and two letters stay */
    assert_view("M\xc3\xbcller a b \xc3\xa9t\xc3\xa9", 0, "M\xc3\xbcller a b \xc3\xa9t\xc3\xa9");
    assert_view("\xe6\x88\x91 \xe7\x88\xb1 \xe4\xbd\xa0", 0,
                "\xe6\x88\x91 \xe7\x88\xb1 \xe4\xbd\xa0");
    assert_view("\xd0\xb2 \xd0\xb8 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", 0,
                "\xd0\xb2 \xd0\xb8 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0");
}

static void
view_joins_value_typed_with_a_repeated_separator(void **state)
{
    size_t s, e;
    const char *in = "call 6_4_6_6_9_7_0_6_3_0 now";

    (void)state;
    assert_view(in, 0, "call 6466970630 now");
    view_find(in, 0, "6466970630", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 24); /* the separators inside are covered */
    assert_view("+~2~7~8~0~5~2~9~1", 0, "+27805291");
    assert_view("A-B-3-4-5-6-7", 0, "AB34567");
    assert_view("iban N  L  3  4  I  T  T  I  2!", 0, "iban NL34ITTI2!");
    assert_view("I . L . 2 . 6 . 2 . 5 . 3", 0, "IL26253");
    /* a '+' written apart from the digits leads them */
    assert_view("tel + 4 . 4 . 7 . 9 . 1 . 1 . 1", 0, "tel +4479111");
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
}

static void
view_joins_a_value_typed_between_interpuncts_or_bars(void **state)
{
    size_t s, e;
    const char *in = "born 1\xc2\xb7"
                     "9\xc2\xb7"
                     "6\xc2\xb7"
                     "1\xc2\xb7"
                     "0\xc2\xb7"
                     "6\xc2\xb7"
                     "2\xc2\xb7"
                     "8 ok";

    (void)state;
    assert_view(in, 0, "born 19610628 ok");
    view_find(in, 0, "19610628", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, strlen(in) - 3);
    /* bullets around the marks of a value, spaced interpuncts, bars, a full stop after it */
    assert_view("to b\xe2\x80\xa2"
                "c\xe2\x80\xa2"
                "1\xe2\x80\xa2"
                "q\xe2\x80\xa2"
                "8\xe2\x80\xa2"
                "t\xe2\x80\xa2"
                "x.",
                0, "to bc1q8tx.");
    assert_view("SSN 8 \xc2\xb7 2 \xc2\xb7 9 \xc2\xb7 9 \xc2\xb7 4 \xc2\xb7 9 \xc2\xb7 7", 0,
                "SSN 8299497");
    assert_view("IG @|e|l|s|a|_|o|f|f. ok", 0, "IG @elsa_off. ok");
    assert_view("card 4|5|3|9|1|4|8|8|0|3 ok", 0, "card 4539148803 ok");
    /* fewer than seven units, groups of more than one, a table's spaced cells stay */
    assert_view("a|b|c x\xc2\xb7y 192\xc2\xb7"
                "168\xc2\xb7"
                "1\xc2\xb7"
                "1",
                0, "a|b|c x\xc2\xb7y 192.168.1.1");
    assert_view("| 1 | 2 | 3 | 4 | 5 | 6 | 7 |", 0, "| 1 | 2 | 3 | 4 | 5 | 6 | 7 |");
    assert_view_of_view_is_the_view("x 1|2|3|4|5|6|7|8 a\xc2\xb7"
                                    "b\xc2\xb7"
                                    "c");
}

static void
view_joins_a_word_typed_apart_with_dots_or_dashes(void **state)
{
    (void)state;
    assert_view("O.l.i.v.i.a B.e.n.n.e.t.t", 0, "Olivia Bennett");
    assert_view("Regards, L-u-k-a-s W-e-b-e-r", 0, "Regards, Lukas Weber");
    /* three letters or fewer, and mixed runs, stay */
    assert_view("U.S.A. e.g. a-b-c", 0, "U.S.A. e.g. a-b-c");
}

static void
view_leaves_short_or_mixed_separated_runs_as_written(void **state)
{
    const char *decoys[] = {
        "v1.2.3 and 10.0.0.1 and a_b_c",       /* fewer than seven units */
        "| a | b | c | d | e | f | g |",       /* a table row */
        "| 1 | 2 | 3 | 4 | 5 | 6 | 7 |",       /* ...of numbers */
        "(a|b|c)",                             /* an alternation of fewer than seven */
        "1, 2, 3, 4, 5, 6, 7, 8",              /* a list */
        "6_4_6_6 9_7_0",                       /* the separator changes */
        "ab_6_4_6_6_9_7_0_6",                  /* the first unit is part of a word */
        "6_4_6_6_9_7_07_3",                    /* a unit is two digits */
        "7.1.3.8.6.1.8.8.0.4 +/2/7/8/0/5/2/9", /* digits one '.', '-' or '/' apart */
    };

    (void)state;
    for (size_t k = 0; k < sizeof(decoys) / sizeof(decoys[0]); k++) {
        assert_view(decoys[k], 0, decoys[k]);
        assert_true(norm_is_plain_ascii((const unsigned char *)decoys[k], strlen(decoys[k])));
    }
}

static void
view_reads_string_literals_joined_by_an_operator_as_one(void **state)
{
    size_t s, e;
    const char *in = "card \"4111\" + \"1111\" +\"1111\"";

    (void)state;
    assert_view(in, 0, "card \"411111111111\"");
    view_find(in, 0, "411111111111", &s, &e);
    assert_int_equal(s, 6);
    assert_int_equal(e, 27); /* from the first digit to the last, outer quotes excluded */
    assert_view("'0788' + '6996'", 0, "'07886996'");
    assert_view("\"jane\" . \"@x.io\" || \"a\"..\"b\"", 0, "\"jane@x.ioab\"");
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
    /* not between two literals: as written */
    assert_view("\"yes\" or \"no\", x + \"y\", \"a\" + b, don't + 'q", 0,
                "\"yes\" or \"no\", x + \"y\", \"a\" + b, don't + 'q");
}

static void
view_joins_a_value_wrapped_onto_a_quoted_line(void **state)
{
    (void)state;
    assert_view("mail jane@exam\n> ple.com ok", 0, "mail jane@example.com ok");
    assert_view("call (813) 8\n> 87-1214", 0, "call (813) 887-1214");
    assert_view("key ghp_MJFr4\n>sEr6", 0, "key ghp_MJFr4sEr6");
    /* prose broken onto a quoted line, or a quoted block, stays as written */
    assert_view("as follows\n> item one", 0, "as follows\n> item one");
    assert_view("> line 1\n> line 2", 0, "> line 1\n> line 2");
    assert_true(norm_is_plain_ascii((const unsigned char *)"as follows\n> item", 17));
}

static void
view_joins_a_line_continued_by_a_backslash_or_a_hyphen(void **state)
{
    size_t s, e;
    const char *in = "ssn 806-4 \\\n8-6628 ok";

    (void)state;
    /* a backslash at a line's end: the blanks before it, it and the break read as nothing */
    assert_view(in, 0, "ssn 806-48-6628 ok");
    view_find(in, 0, "806-48-6628", &s, &e);
    assert_int_equal(s, 4);
    assert_int_equal(e, strlen(in) - 3); /* the continuation inside is covered */
    assert_view("me katherine_fl \\\r\nores@gmx.net", 0, "me katherine_flores@gmx.net");
    /* a hyphen where a value wraps, a blank either side of it */
    assert_view("IBAN RO40 BTRL F7T2-\n HDMO 3WZ5", 0, "IBAN RO40 BTRL F7T2 HDMO 3WZ5");
    assert_view("mail fairbanks.t@-\nfastmail.com", 0, "mail fairbanks.t@fastmail.com");
    assert_view("Matilda -\nHolcombe, Goh S-\nhu Fen", 0, "Matilda Holcombe, Goh Shu Fen");
    assert_false(norm_is_plain_ascii((const unsigned char *)"Goh S-\nhu", 10));
    /* code continued on an indented line (a LaTeX "\\\\" too, whose escape the view reads as one
     * backslash), a heading's underline, a list's bullet and "--" stay */
    assert_view("docker run \\\n  -p 80:80", 0, "docker run \\\n  -p 80:80");
    assert_view("x &= y \\\\\n  z", 0, "x &= y \\\n  z");
    assert_view("IBAN DE62 3704 0044-\n 0532", 0, "IBAN DE62 3704 0044 0532");
    /* between two digits the hyphen is the number's own: its break goes */
    assert_view("call 823-\n2134, PESEL 440514-\n01359", 0, "call 823-2134, PESEL 440514-01359");
    assert_view("call 415-\n555-0134", 0, "call 415-555-0134");
    assert_view("Title\n-----\nText -\n- item --\nend", 0, "Title\n-----\nText -\n- item --\nend");
    assert_true(norm_is_plain_ascii((const unsigned char *)"Title\n---\nx -\n- y", 17));
}

static void
view_reads_markup_inside_a_value_as_nothing(void **state)
{
    size_t s, e;
    const char *in = "call 415-5<span>55-26</span>71 now";

    (void)state;
    assert_view(in, 0, "call 415-555-2671 now");
    view_find(in, 0, "415-555-2671", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 30); /* the tags inside the value are part of its span */
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
    assert_view("4081-4283<b></b>-7289", 0, "4081-4283-7289");
    assert_view("156-5<!-- -->8-8005", 0, "156-58-8005");
    assert_view("ana<b>.</b>souza@x.io", 0, "ana.souza@x.io");
    assert_view("1488<B></B> 0343", 0, "1488 0343");
    /* beside white space it reads as nothing; between words, and for a line break, as a space */
    assert_view("my name is <b>Ana</b> ok", 0, "my name is Ana ok");
    assert_view("Name:<br>Ana", 0, "Name: Ana");
    assert_view("ssn<br/>531-24-1001", 0, "ssn 531-24-1001");
    assert_view("a<br />b", 0, "a b");
    /* an element with nothing in it and a word-break opportunity are inside the word */
    assert_view("mac 3C:22:FB<b></b>:7A:91:0E", 0, "mac 3C:22:FB:7A:91:0E");
    assert_view("pw: Tulip<wbr>!2291", 0, "pw: Tulip!2291");
    assert_view("x</b><i>y", 0, "xy");
    /* styling attributes go with their tag */
    assert_view("pw: <span class=\"x\">U9Ueh&&4uQ</span>.", 0, "pw: U9Ueh&&4uQ.");
    assert_view("id:<td style='color: red' id=\"c1\">ab123</td>", 0, "id: ab123");
    /* tags with other attributes (the closing tag goes), an 'a' tag, a value with '@' or '>',
     * other elements, comments with words and non-tags stay as written */
    assert_view("<a href=\"mailto:ana@x.io\">ana</a>", 0, "<a href=\"mailto:ana@x.io\">ana");
    assert_view("<a class=\"x\">ana</a>", 0, "<a class=\"x\">ana");
    assert_view("<span title=\"ana@x.io\">a</span>", 0, "<span title=\"ana@x.io\">a");
    assert_view("<span class=\"ana@x.io\">a</span>", 0, "<span class=\"ana@x.io\">a");
    assert_view("<script>x</script> 4<!-- ssn -->1 if a<b and c>d List<String>", 0,
                "<script>x</script> 4<!-- ssn -->1 if a<b and c>d List<String>");
    assert_view_of_view_is_the_view("x<b><<b>b>y <b><b>c</b></b> 1<i></i>2<br>3");
}

/*
 * Each unit repeated over 64 KiB: the scan's work (as work() counts it) stays within three steps
 * per byte, and the whole view builds.
 */
static void
assert_scan_linear(const char *const *units, size_t n_units,
                   size_t (*work)(const unsigned char *, size_t))
{
    enum { LEN = 64 * 1024 };
    static unsigned char text[LEN];
    struct norm_view v;
    struct err err;

    norm_view_init(&v);
    for (size_t u = 0; u < n_units; u++) {
        size_t n = strlen(units[u]), len = LEN - LEN % n; /* whole units: valid UTF-8 */
        for (size_t i = 0; i < len; i++) {
            text[i] = (unsigned char)units[u][i % n];
        }
        size_t steps = work(text, len);
        if (steps > 3 * len) {
            fail_msg("unit '%s': %zu steps on %zu bytes", units[u], steps, len);
        }
        assert_int_equal(norm_view_build(&v, text, len, 0, &err), 0);
    }
    norm_view_release(&v);
}

/*
 * The scan for digit words among digits stays linear on long adversarial texts: its work (bytes
 * stepped back plus tokens read, each of bounded cost) is at most three per byte, counted rather
 * than timed. A scan that stepped back over text already read was quadratic on "1.1.1.".
 */
static void
number_run_scan_is_linear_on_long_texts(void **state)
{
    static const char *const units[] = {
        "1.1.",         "1 ",
        "1, ",          "1-",
        "1 . ",         "x 1 ",
        "one ",         "one two 1 x ",
        "oneone 1 ",    "1 2 3 4 5 6 x ",
        "\xc3\xa9 1 ",  "seven 7 ",
        "1/one/",       "one dash 1 ",
        "dash 1 dash ", "1 dash dash 2 ",
        "one slash ",   "one dash two slash ",
        "one\n",        "dash slash ",
        "one two dot ", "4six ",
        "73two 2 ",     "1one1one1 ",
        "(4six) ",      "1234 one5 ",
        "x7one ",       "one1 two2 \n",
    };

    (void)state;
    assert_scan_linear(units, sizeof(units) / sizeof(units[0]), norm_number_run_work);
}

/*
 * Digit words with marks on some of their letters, three digits at least in the run, read
 * without the marks; the span of a folded word covers its marked letters. A digit word as
 * written ("zéro") stays, and so do marked words outside a number ("José", "sìx and sèven").
 */
static void
marked_digit_words_in_a_number_read_without_their_marks(void **state)
{
    size_t s, e;
    /* "ssn ṣeven onẹ sìx six five thrée five seven six." */
    const char *ssn = "ssn \xe1\xb9\xa3"
                      "even on\xe1\xba\xb9 s\xc3\xacx six five thr\xc3\xa9"
                      "e five seven six.";

    (void)state;
    assert_view(ssn, 0, "ssn seven one six six five three five seven six.");
    view_find(ssn, 0, "seven one", &s, &e);
    assert_int_equal(s, 4);
    assert_int_equal(e, 4 + strlen("\xe1\xb9\xa3"
                                   "even on\xe1\xba\xb9"));
    assert_view_of_view_is_the_view(ssn);
    /* "call fouṛ nine ẹight dạsh zero twò, 1 5": a separator word, digits, a comma; then the
     * words among digits read as the number */
    assert_view("call fou\xe1\xb9\x9b nine \xe1\xba\xb9ight d\xe1\xba\xa1sh zero tw\xc3\xb2, 1 5",
                0, "call 4980215");
    /* "zéro six trois sìx": zéro is French as written */
    assert_view("z\xc3\xa9ro six trois s\xc3\xacx", 0, "z\xc3\xa9ro six trois six");
    /* "José dos tres cuatro", "sìx and sèven", "ẹight", "sìx5 sèven" */
    assert_view("Jos\xc3\xa9 dos tres cuatro", 0, "Jos\xc3\xa9 dos tres cuatro");
    assert_view("s\xc3\xacx and s\xc3\xa8ven", 0, "s\xc3\xacx and s\xc3\xa8ven");
    assert_view("\xe1\xba\xb9ight", 0, "\xe1\xba\xb9ight");
    assert_view("s\xc3\xacx5 s\xc3\xa8ven", 0, "s\xc3\xacx5 s\xc3\xa8ven");
}

/* The scan for marked digit words reads each byte a bounded number of times. */
static void
marked_digit_words_scan_is_linear_on_long_texts(void **state)
{
    static const char *const units[] = {
        "s\xc3\xacx ",
        "one ",
        "1 ",
        "s\xc3\xacx one x ",
        "one two s\xc3\xacxy ",
        "1, ",
        "\xc3\xa9 ",
        "one-",
        "s\xc3\xacx-",
        "dash ",
        "d\xe1\xba\xa1sh ",
        "one two three ",
    };

    (void)state;
    assert_scan_linear(units, sizeof(units) / sizeof(units[0]), norm_marked_words_work);
}

/*
 * An e-mail address spelled out with marks on some letters reads without them: the local part
 * (its dots too), the "at" alone or in brackets, the domain's labels and its said dots; the span
 * of a folded letter covers it. A marked word with no address around it stays ("José at home.
 * Then": a full stop and a blank end a sentence; "Jürgen át der Brücke . de": one label).
 */
static void
marked_address_reads_without_its_marks(void **state)
{
    size_t s, e;
    /* "taŕịqgömez36 aṭ fastmail DOT fm" */
    const char *tariq = "ta\xc5\x95\xe1\xbb\x8bqg\xc3\xb6mez36 a\xe1\xb9\xad fastmail DOT fm";

    (void)state;
    assert_view(tariq, 0, "tariqgomez36 at fastmail DOT fm");
    view_find(tariq, 0, "at fastmail", &s, &e);
    assert_int_equal(s, strlen("ta\xc5\x95\xe1\xbb\x8bqg\xc3\xb6mez36 "));
    assert_view_of_view_is_the_view(tariq);
    /* "gary_gonzäléź [ạt] btinternet dot com" */
    assert_view("gary_gonz\xc3\xa4l\xc3\xa9\xc5\xba [\xe1\xba\xa1t] btinternet dot com", 0,
                "gary_gonzalez [at] btinternet dot com");
    /* "williams[dot]williạm82 ÁT protonmail[döt]com" */
    assert_view("williams[dot]willi\xe1\xba\xa1m82 \xc3\x81T protonmail[d\xc3\xb6t]com", 0,
                "williams[dot]william82 AT protonmail[dot]com");
    /* "novak DOṬ christopher97(at)icloud . com": a said dot in the local part */
    assert_view("novak DO\xe1\xb9\xac christopher97(at)icloud . com", 0,
                "novak DOT christopher97(at)icloud . com");
    assert_view("Jos\xc3\xa9 at home. Then", 0, "Jos\xc3\xa9 at home. Then");
    assert_view("J\xc3\xbcrgen \xc3\xa1t der Br\xc3\xbc"
                "cke . de",
                0,
                "J\xc3\xbcrgen \xc3\xa1t der Br\xc3\xbc"
                "cke . de");
}

/* Many marked addresses in one long text: each is read, and the view of the view is the view. */
static void
marked_addresses_in_a_long_text_are_all_read(void **state)
{
    enum { COPIES = 3000 };
    /* "ńovak at mail . com " */
    static const char unit[] = "\xc5\x84ovak at mail . com ";
    size_t n = strlen(unit);
    char *text = malloc(COPIES * n + 1), *want = malloc(COPIES * (n - 1) + 1);
    struct norm_view v;
    struct err err;

    (void)state;
    assert_non_null(text);
    assert_non_null(want);
    for (size_t k = 0; k < COPIES; k++) {
        memcpy(text + k * n, unit, n);
        memcpy(want + k * (n - 1), "novak at mail . com ", n - 1);
    }
    text[COPIES * n] = '\0';
    want[COPIES * (n - 1)] = '\0';
    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, (const unsigned char *)text, COPIES * n, 0, &err), 0);
    assert_string_equal((const char *)v.text.data, want);
    norm_view_release(&v);
    assert_view_of_view_is_the_view(text);
    free(text);
    free(want);
}

/*
 * An invisible character typed as a unit between two equal separators reads with one of them,
 * so the value typed apart reads on ("R y a <ZWSP> n", "7 - <ZWNJ> - 3", "+.4.<LRM>.4"); the kept
 * separator's span covers the invisible character and the dropped separator. Separators that
 * differ either side, a double space typed as such and a separator at the end stay.
 */
static void
invisible_unit_between_equal_separators_reads_as_one_separator(void **state)
{
    size_t s, e;
    const char *ryan = "call R y a \xe2\x80\x8b n   C a m p b e l l now";

    (void)state;
    assert_view(ryan, 0, "call Ryan Campbell now");
    view_find(ryan, 0, "Ryan", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, strlen("call R y a \xe2\x80\x8b n"));
    assert_view_of_view_is_the_view(ryan);
    assert_view("SSN 7 - \xe2\x80\x8c - 3 - 3 - 4 - 4 - 5 - 6 - 7 - 8", 0, "SSN 733445678");
    assert_view("+.4.\xe2\x80\x8e.4.7.3.0.1.\xe2\x80\x8e.5.9.5", 0, "+.4.4.7.3.0.1.5.9.5");
    assert_view("a  b and a \xe2\x80\x8b b", 0, "a  b and a b");
    assert_view("1.\xe2\x80\x8b"
                "2 and x.\xe2\x80\x8b.",
                0, "1.2 and x..");
}

/*
 * A number typed apart with letters for digits is one token only once the spaced join reads it,
 * so its letters are read after the join too; spaced words stay words ("l o o k   a t   O l l i
 * e" reads "look at Ollie").
 */
static void
letters_for_digits_read_after_a_spaced_join(void **state)
{
    (void)state;
    assert_view("card 2 - 2 - 2 - 1 - O - 2 - 3 - l - 9 - 9 - 8 - 5 - 9 - 2 - 4 - l ok", 0,
                "card 2221023199859241 ok");
    assert_view("call + - 4 - 4 - 7 - O - 7 - 9 - l - l - 2 - 3", 0, "call +4470791123");
    assert_view("l o o k   a t   O l l i e", 0, "look at Ollie");
    assert_view_of_view_is_the_view(
        "card 2 - 2 - 2 - 1 - O - 2 - 3 - l - 9 - 9 - 8 - 5 - 9 - 2 - 4 - l ok");
}

/*
 * A name typed apart with look-alike letters of another script is a mixed-script token only once
 * the spaced join reads it, so the look-alikes are folded after the join too; a name typed apart
 * wholly in Cyrillic stays Cyrillic.
 */
static void
lookalikes_in_a_spaced_name_fold_after_the_join(void **state)
{
    /* "call A а r o n   Р е t e r s o n now" (а, Р, е Cyrillic) */
    const char *aaron = "call A \xd0\xb0 r o n   \xd0\xa0 \xd0\xb5 t e r s o n now";

    (void)state;
    assert_view(aaron, NORM_CONFUSABLES, "call Aaron Peterson now");
    /* "З о я   П е т р о в а" */
    assert_view(
        "\xd0\x97 \xd0\xbe \xd1\x8f   \xd0\x9f \xd0\xb5 \xd1\x82 \xd1\x80 \xd0\xbe \xd0\xb2 "
        "\xd0\xb0",
        NORM_CONFUSABLES,
        "\xd0\x97\xd0\xbe\xd1\x8f \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2\xd0\xb0");
}

/*
 * With a separator of one mark, the value's own marks typed as units between its characters are
 * read too ("4.0.6.-.6.8.-.1.2.1.2" is an SSN, "1.6.2...1.9.0" an address); digits alone one
 * mark apart stay for the digit rules.
 */
static void
value_marks_typed_as_units_between_one_mark_separators_are_read(void **state)
{
    (void)state;
    assert_view("SSN 4.0.6.-.6.8.-.1.2.1.2 ok", 0, "SSN 406-68-1212 ok");
    assert_view("SSN 0-5-9---1-0---0-1-6-2", 0, "SSN 059-10-0162");
    assert_view("ip 1.6.2...1.9.0...1.9.1...7.0 x", 0, "ip 162.190.191.70 x");
    assert_view("v 1.2.3.4.5.6.7 and 1-2-3-4-5-6-7-8", 0, "v 1.2.3.4.5.6.7 and 1-2-3-4-5-6-7-8");
    assert_view_of_view_is_the_view("SSN 4.0.6.-.6.8.-.1.2.1.2 ok");
}

/* The scan for letters typed for digits reads each byte a bounded number of times. */
static void
letter_digits_scan_is_linear_on_long_texts(void **state)
{
    static const char *const units[] = {
        "1.",     "l1.", "1O-", "O",     "1l",   "11111111.l", "1 ",   "a1.",
        "l.1.l.", "1..", "1 l", "+l 1 ", "(1) ", "AB1 ",       "1 I ", "+l (1",
    };

    (void)state;
    assert_scan_linear(units, sizeof(units) / sizeof(units[0]), norm_letter_digits_work);
}

/* The scan for numbers broken across lines reads each byte a bounded number of times. */
static void
broken_number_scan_is_linear_on_long_texts(void **state)
{
    static const char *const units[] = {
        "1.\n",
        "1.1.\n",
        "\n",
        " \n \n",
        "1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.\n",
        "1.1\n.1",
        "a:b:\n",
        "12/\r\n3/",
        "x 1234\n5678 ",
        "12 34\n56-78 ",
    };

    (void)state;
    assert_scan_linear(units, sizeof(units) / sizeof(units[0]), norm_broken_number_work);
}

static void
view_joins_a_number_broken_across_lines(void **state)
{
    (void)state;
    assert_view("DOB: 14/03/\n1987", 0, "DOB: 14/03/1987");
    assert_view("my ip is 185.220. \r\n101.47, ok", 0, "my ip is 185.220.101.47, ok");
    assert_view("from 2a02:810d\n:4b3f::5", 0, "from 2a02:810d:4b3f::5");
    assert_false(norm_is_plain_ascii((const unsigned char *)"DOB 1.2.\n3", 10));
    /* a list, one separator before the break, a blank line, words and letters stay */
    assert_view("1.\n2.\n3.", 0, "1.\n2.\n3.");
    assert_view("see 3.\n4 apples", 0, "see 3.\n4 apples");
    assert_view("14/03/\n\n1987", 0, "14/03/\n\n1987");
    assert_view("date:\n12:30", 0, "date:\n12:30");
    assert_view("14/03/\nx1987", 0, "14/03/\nx1987");
    /* a rule line under a heading is not part of the number below it */
    assert_view("Card\n----\n4406425926088205", 0, "Card\n----\n4406425926088205");
    assert_view("x --\n4406-4259", 0, "x --\n4406-4259");
    /* a list's next bullet is no half of the number that ends the line above */
    assert_view("A, 570-670-2284\n- Kenji", 0, "A, 570-670-2284\n- Kenji");
    assert_view("A, 570-670-2284\n-\nB", 0, "A, 570-670-2284\n-\nB");
    /* a line separator and NEL end a line too */
    assert_view("ip 185.220.\xe2\x80\xa8"
                "101.47",
                0, "ip 185.220.101.47");
    assert_view("a\xc2\x85"
                "b",
                0, "a\nb");
    assert_true(norm_is_plain_ascii((const unsigned char *)"1.\n2.\n3.", 8));
}

/* The scan for values broken across lines reads each byte a bounded number of times. */
static void
broken_value_scan_is_linear_on_long_texts(void **state)
{
    static const char *const units[] = {
        "ab1\n",       "1234\n", "x: ab\n",    "a1\na1\n", "\n",          "1-2-3-4-5\n",
        "a.b.c.d.e\n", "a1\r\n", "12 34\n56 ", "@a\nb@",   "ab1cd2ef3\n", "x=y\nz1\n",
    };

    (void)state;
    assert_scan_linear(units, sizeof(units) / sizeof(units[0]), norm_broken_value_work);
}

static void
view_joins_a_value_broken_across_lines(void **state)
{
    struct norm_view v;
    struct err err;
    size_t s, e;
    const char *in = "key: c9FNvCMs\nxf4!76wc.";

    (void)state;
    /* a key, a user name, a link, an address and a plate cut where they wrap */
    assert_view(in, 0, "key: c9FNvCMsxf4!76wc.");
    assert_view("pw: Toei@4\r\n226Soc; x", 0, "pw: Toei@4226Soc; x");
    assert_view("user name=whita\nker627", 0, "user name=whitaker627");
    assert_view("handle: garrett\n.nguyen", 0, "handle: garrett.nguyen");
    assert_view("my password is Somme\nr2023!", 0, "my password is Sommer2023!");
    assert_view("see https://twitte\nr.com/lilcody08 x", 0, "see https://twitter.com/lilcody08 x");
    assert_view("mail dwayne.delacroix\n@outlook.com", 0, "mail dwayne.delacroix@outlook.com");
    assert_view("secret = SG.hKQDDRQX.y2MrhlsL\nCNaXO86rNcP0 x", 0,
                "secret = SG.hKQDDRQX.y2MrhlsLCNaXO86rNcP0 x");
    assert_view("plate (MU08\nBSF)", 0, "plate (MU08BSF)");
    assert_false(norm_is_plain_ascii((const unsigned char *)"user name=whita\nker627", 23));
    assert_view_of_view_is_the_view("user name=whita\nker627");
    /* the value found in the view covers the break in the text */
    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, (const unsigned char *)in, strlen(in), 0, &err), 0);
    norm_view_span(&v, 5, 21, &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 22);
    norm_view_release(&v);
    /* words, a cue and its value, a list, numbers, the next line's label, an address or link
     * of its own or whole before the break, a bullet, an option, a call and prose after a word
     * with a digit stay */
    const char *const kept[] = {
        "I like to eat\npizza2 every day",
        "password is\nabc123",
        "call me\n555-1234",
        "Passwords: abc123\nqwerty1\nletmein2",
        "top: 123456\n3. abc",
        "Assistant: IBAN\nDE81 2062 7909",
        "totals 45260181\n59083012",
        "a@b.com\nc@d.com",
        "mail a@b.org\nend/",
        "write to jo.lee@mail.co.uk\nthanks!",
        "mob 3162704094\naiko.suzuki@example.com",
        "T 087 889 7007\nramiro1980@example.io",
        "MRN: E307287805\nDOB: 7.11.1956",
        "DB_PASS=gcq!eLh7iEo&fCw\nAPI_TOKEN=AIzab",
        "FN:Kristin\nTEL;TYPE=cell:(02) 3020 2894",
        "QC E7S 9R0\nTEL +1-517-586-1644",
        "Passport No. K4829104\nDL# D1234567",
        "acct 88213X\nSSN# 123-45-6789",
        "Card\n----\n4406-4259",
        "x: A-B-C\n561803297",
        "ip=96.121.198.141\n4cc0rd7 folder",
        "key=xoxb-0507-Ebc3uZ7Y\nD.O.X\n7 April",
        "words at the end\n- a bullet1",
        "docker login -u\nlina_k -p x",
        "import os.path\nos.path.join(a, b)",
        "key: v2-release-build\nnotes3 follow below",
        "see https://a.example/x\nhttps://b.example/y",
        "done.\nNext2 step",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
        /* a key on a line of keys names the next line: a header, not a value's first half */
        "github_token\nghp_R7kd2Vq9LmX4pT8nW3bZ6yH1cF5sJ0aE2uG7",
        "  API-KEY\nsk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "slack_bot_token bank_iban\nxoxb-1342-RLqtBTCQb2",
    };
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_view(kept[i], 0, kept[i]);
    }
}

static void
view_reads_a_line_break_between_two_digits_of_a_number(void **state)
{
    (void)state;
    /* after a label: as nothing in a number without separators, as its one separator */
    assert_view("my acct # is 909556\n251842 and", 0, "my acct # is 909556251842 and");
    assert_view("ID -> A412\r\n4786", 0, "ID -> A4124786");
    assert_view("SSN: 726\n81-7127.", 0, "SSN: 726-81-7127.");
    assert_view("card = \"4831\n1602-3081-7859\"", 0, "card = \"4831-1602-3081-7859\"");
    assert_false(norm_is_plain_ascii((const unsigned char *)"is 909556\n251842", 17));
    /* two numbers of a list, groups a space apart, a date, short numbers, a word or a blank at
     * the break, more letters than digits, a value that ends its line before a word stay */
    assert_view("totals 45260181\n59083012", 0, "totals 45260181\n59083012");
    assert_view("1234\n5678\n9012", 0, "1234\n5678\n9012");
    assert_view("the results: 415 555\n2134", 0, "the results: 415 555\n2134");
    assert_view("born: Jul 24\n1977", 0, "born: Jul 24\n1977");
    assert_view("at: 10\n20 people", 0, "at: 10\n20 people");
    assert_view("ip: 96.121.198.141\n4bc0de7 x", 0, "ip: 96.121.198.141\n4bc0de7 x");
    assert_view("call: 555-1234\nThanks", 0, "call: 555-1234\nThanks");
    assert_view("is 909556 \n251842 ok", 0, "is 909556 \n251842 ok");
    assert_view("is 909556\n\n251842 ok", 0, "is 909556\n\n251842 ok");
    assert_view_of_view_is_the_view("SSN: 726\n81-7127.");
}

static void
view_reads_a_cue_word_in_leetspeak_slipped_or_typed_apart(void **state)
{
    size_t s, e;

    (void)state;
    assert_true(norm_cue_masks_consistent());
    /* leetspeak, with a letter left */
    assert_view("here is the g4m3r74g: x_1", 0, "here is the gamertag: x_1");
    assert_view("4cc0un7 numb3r=0007752070", 0, "account number=0007752070");
    assert_view("the u$3rn4m3 on file", 0, "the username on file");
    view_find("4cc0un7 numb3r=1", 0, "number", &s, &e);
    assert_int_equal(s, 8);
    assert_int_equal(e, 14);
    /* a slip: two letters swapped, a letter doubled, a double letter single; the case kept */
    assert_view("my checking accoutn is 1", 0, "my checking account is 1");
    assert_view("my DOBB is 1", 0, "my DOB is 1");
    assert_view("Passpotr - 1", 0, "Passport - 1");
    assert_view("home adress: 1", 0, "home address: 1");
    /* cue words typed apart, which the view joins, read apart */
    assert_view("b a n k a c c o u n t: 1", 0, "bank account: 1");
    assert_view("d.a.t.e.o.f.b.i.r.t.h: 1", 0, "date of birth: 1");
    assert_view("h-o-s-p-i-t-a-l-n-u-m-b-e-r: 1", 0, "hospital number: 1");
    assert_view("d r i v e r s l i c # 1", 0, "drivers lic # 1");
    /* a short cue word as an acronym */
    assert_view("my S.S.N.: 1", 0, "my SSN: 1");
    assert_view("S. S. N. 1", 0, "SSN 1");
    assert_view("D-O-B=1", 0, "DOB=1");
    assert_view("the p.i.n is 1", 0, "the pin is 1");
    assert_view("the U.S.A. and S.S.R. and S.S-N.", 0, "the U.S.A. and S.S.R. and S.S-N.");
    assert_false(norm_is_plain_ascii((const unsigned char *)"S.S.N. 1", 8));
    assert_false(norm_is_plain_ascii((const unsigned char *)"p4ssw0rd: x", 11));
    /* a value after a colon or "is", other words, digits that stand for no letter, a word glued
     * to an address or a path, and a word of one cue typed apart stay */
    assert_view("password: P4ssw0rd", 0, "password: P4ssw0rd");
    assert_view("my pass is P4ssw0rd", 0, "my pass is P4ssw0rd");
    /* a plate after its name, whose letters and digits read as a cue word by chance */
    assert_view("plate MA11 LJZ", 0, "plate MA11 LJZ");
    assert_view("Reg  PA55 KXR and tags CE11 ABC", 0, "Reg  PA55 KXR and tags CE11 ABC");
    assert_view("replate m41l", 0, "replate mail");
    assert_view("http -a alice:pa55word x", 0, "http -a alice:pa55word x");
    assert_view("Human: 4cc0un7 numb3r=1", 0, "Human: account number=1");
    assert_view("dr1v3r$ l1c # and the $$# is 1", 0, "drivers lic # and the SS# is 1");
    assert_view("mean data v2 mp3 h264 l33t 2nd", 0, "mean data v2 mp3 h264 l33t 2nd");
    assert_view("tell Mali coed", 0, "tell Mali coed");
    assert_view("mail jane@4cc0un7.io and /n4m3/x", 0, "mail jane@4cc0un7.io and /n4m3/x");
    assert_view("p a s s w o r d", 0, "password");
    assert_true(norm_is_plain_ascii((const unsigned char *)"the name and date", 17));
    assert_view_of_view_is_the_view("b a n k a c c o u n t 4cc0un7 accoutn: 1");
}

static void
view_drops_emphasis_typed_inside_a_value(void **state)
{
    (void)state;
    assert_view("card 453**9 1**488 0343 6467 ok", 0, "card 4539 1488 0343 6467 ok");
    assert_view("call 212**-67**-4420", 0, "call 212-67-4420");
    assert_view("ip 81.**2.6**9.142", 0, "ip 81.2.69.142");
    assert_view("my name is Pri**ya **Raman", 0, "my name is Priya Raman");
    assert_view("user kof**i_m**ensah88", 0, "user kofi_mensah88");
    assert_view("DOB 03/**14/**1988", 0, "DOB 03/14/1988");
    assert_view("the **API key**: abc", 0, "the API key: abc");
    assert_false(norm_is_plain_ascii((const unsigned char *)"call 212**-67**-4420", 20));
    assert_view_of_view_is_the_view("card 453**9 1**488 0343 6467 ok");
    /* a lone "**", emphasis around words, three stars and a pair on two lines stay */
    const char *const kept[] = {
        "x**2 is x squared",
        "**bold** text",
        "a***b c***d",
        "12**\n**34",
    };
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_view(kept[i], 0, kept[i]);
        assert_true(norm_is_plain_ascii((const unsigned char *)kept[i], strlen(kept[i])));
    }
}

static void
view_joins_a_spaced_identifier_and_a_spaced_password(void **state)
{
    (void)state;
    assert_view("passport K 4 8 2 9 1 0 4 ok", 0, "passport K4829104 ok");
    assert_view("DL S 5 3 0 4 1 2 9 8 8", 0, "DL S530412988");
    assert_view("pw T u l i p ! 2 2 9 1", 0, "pw Tulip!2291");
    /* words run together read apart where a capitalised word starts */
    assert_view("name P r i y a R a m a n ok", 0, "name Priya Raman ok");
    assert_view("at 4 1 8 B i r c h w o o d L a n e", 0, "at 418 Birchwood Lane");
    assert_view("key x K 9 p Q r 2 a", 0, "key xK9pQr2a");
    assert_view("J O H N and k o f i _ m e n s a h 8 8", 0, "JOHN and kofi_mensah88");
    assert_view_of_view_is_the_view("name P r i y a R a m a n ok");
    assert_false(norm_is_plain_ascii((const unsigned char *)"id K 4 8 2 9 1 0 4", 18));
    /* short runs, a small letter, letters after the digits, a symbol before three letters stay */
    const char *const kept[] = {
        "A 1 2 3", "a 1 2 3 4 5 6 7", "X 1 2 3 4 5 6 A", "ABC 1 2 3 4 5 6", "! a b",
    };
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_view(kept[i], 0, kept[i]);
    }
}

static void
view_reads_a_number_regrouped_with_other_separators(void **state)
{
    (void)state;
    /* '_', '/' and " . " between a number's groups read as '-' */
    assert_view("number - +1_305_785_4399 and", 0, "number - +1-305-785-4399 and");
    assert_view("SSN: 419_73_0609.", 0, "SSN: 419-73-0609.");
    assert_view("text me at=517/770/8404", 0, "text me at=517-770-8404");
    assert_view("MRN 880/667/508.", 0, "MRN 880-667-508.");
    assert_view("IBAN=DE64/3031/9677/9585/9322/01", 0, "IBAN=DE64-3031-9677-9585-9322-01");
    assert_view("DL D1234_56789_01234 and D1234/56789/01234", 0,
                "DL D1234-56789-01234 and D1234-56789-01234");
    assert_view("mac a4_83_e7_12_9c_5d, DOB 1991_07_22", 0,
                "mac a4-83-e7-12-9c-5d, DOB 1991-07-22");
    assert_view("tel 06/12/34/56/78", 0, "tel 06-12-34-56-78");
    assert_view("IBAN GB85 . UNDM . 2271 . 1861 . 0635 . 68", 0,
                "IBAN GB85-UNDM-2271-1861-0635-68");
    assert_false(norm_is_plain_ascii((const unsigned char *)"ssn 419_73_0609", 15));
    assert_view_of_view_is_the_view("number +1_305_785_4399");
    /* dates, fractions, two groups, identifiers, paths, a run going on, short groups stay */
    const char *const kept[] = {
        "date 12/25/2024 and 2024/12/25",
        "ratio 16/9 and 1/2/3",
        "file IMG_2024_0101_123456.jpg",
        "snake_case_name 1_2_3",
        "path /home/123/456/7890",
        "see a.b/123/456/7890",
        "ab 123_456_7890_",
        "v 1 . 2 . 3",
        "id 123_456",
        "x 12_ab_cd_ef",
        "v 2024_01_15_log",
        "AB12_34_56",
        "scores 16/12/34/56/78",
        "ABC1234_567_890",
        "it was 385 . 32 . 7225",
        "limits 120/80/1000 per day",
        "meine Steuernummer ist 21/815/08150",
    };
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_view(kept[i], 0, kept[i]);
        assert_true(norm_is_plain_ascii((const unsigned char *)kept[i], strlen(kept[i])));
    }
}

static void
view_reads_look_alike_letters_typed_for_digits_in_a_number(void **state)
{
    (void)state;
    /* Cyrillic Ze and O in a date and an IP address */
    assert_view("DOB \xd0\x97\xd0\x9e/12/1968", NORM_CONFUSABLES, "DOB 30/12/1968");
    assert_view("ip 62.21\xd0\x9e.18.4\xd0\x9e", NORM_CONFUSABLES, "ip 62.210.18.40");
    /* a Cyrillic word, a short number and a run of four letters stay */
    assert_view("\xd0\x9e\xd0\x9e\xd0\x9e 2024", NORM_CONFUSABLES, "\xd0\x9e\xd0\x9e\xd0\x9e 2024");
    assert_view("\xd0\x97\xd0\x9e/12", NORM_CONFUSABLES, "\xd0\x97\xd0\x9e/12");
    assert_view("\xd0\x9e\xd0\x9e\xd0\x9e\xd0\x9e-2024", NORM_CONFUSABLES,
                "\xd0\x9e\xd0\x9e\xd0\x9e\xd0\x9e-2024");
}

static void
view_joins_spaced_digits_before_a_full_stop_and_reads_symbols_stably(void **state)
{
    const char *in = "x \xf0\x9f\x98\x92\t\xe2\x80\xac\xef\xbc\xa1 y";

    (void)state;
    assert_view("born 0 3 . 1 1 . 1 9 9 2.", 0, "born 03.11.1992.");
    assert_view("born 0 3 . 1 1 . 1 9 9 2, ok", 0, "born 03.11.1992, ok");
    /* a symbol between a space and a tab read past an invisible reads the same in the view of
     * the view */
    assert_view_of_view_is_the_view(in);
}

static void
view_keeps_a_roman_month_and_reads_more_separator_look_alikes(void **state)
{
    (void)state;
    assert_view("born 14.III.1987", 0, "born 14.III.1987");
    assert_view("born 4.I.1987", 0, "born 4.I.1987");
    /* Lisu tone mya ti, Canadian final middle dot, vertical kana repeat mark, Lisu mya jeu */
    assert_view("77\xea\x93\xb8"
                "88\xea\x93\xb8"
                "55\xe1\x90\xa7"
                "242",
                0, "77.88.55.242");
    assert_view("14\xe3\x80\xb3"
                "03\xe3\x80\xb3"
                "1987",
                0, "14/03/1987");
    assert_view("fe80\xea\x93\xbd\xea\x93\xbd"
                "1",
                0, "fe80::1");
}

/*
 * A number in groups whose letters for digits no group shows alone (a group as many letters as
 * digits, more than four characters, a country code or an IBAN's capitals before it) reads as
 * digits over the whole run: ten digits at least, letters no more than half of them.
 */
static void
view_reads_letters_typed_for_digits_across_a_run_of_groups(void **state)
{
    size_t s, e;

    (void)state;
    assert_view("my digits is +l 343 35O 74l8 ok", 0, "my digits is +1 343 350 7418 ok");
    view_find("my digits is +l 343 35O 74l8 ok", 0, "+1 343 350 7418", &s, &e);
    assert_int_equal(s, 13);
    assert_int_equal(e, 28);
    assert_view("x: 92876 O44l4\n", 0, "x: 92876 04414\n");
    assert_view("x +l (988) 935-l763 lol", 0, "x +1 (988) 935-1763 lol");
    assert_view("contact (99l) 495-8644 or O7985 674 672", 0,
                "contact (991) 495-8644 or 07985 674 672");
    assert_view("me: O745O94l894. my", 0, "me: 07450941894. my");
    assert_view("it: DK68 l387 3775 O489 l7. Also", 0, "it: DK68 1387 3775 0489 17. Also");
    assert_view("it: CHO8 9O89 954l 7723 4l39 4", 0, "it: CH08 9089 9541 7723 4139 4");
    assert_view("BR567l523O8Ol786425l39O49l2CD x", 0, "BR5671523080178642513904912CD x");
    assert_false(norm_is_plain_ascii((const unsigned char *)"call O7985 674 672", 18));
    assert_view_of_view_is_the_view("it: CHO8 9O89 954l 7723 4l39 4 +l 343 35O 74l8");
    /* a letter token inside, too many letters, too few digits, a word glued, Roman numerals */
    const char *const stay[] = {
        "call 555 1234 I think lol", "Ol 2 lOl 1234567",     "lOl 10 lO",
        "abcO7985 674 672",          "14.III.1987 and 1234", "room 1O1 ok",
    };
    for (size_t k = 0; k < sizeof(stay) / sizeof(stay[0]); k++) {
        assert_view(stay[k], 0, stay[k]);
    }
}

static void
view_reads_letters_typed_for_digits_in_a_number(void **state)
{
    (void)state;
    assert_view("my IP is 81.2.69.l42.", 0, "my IP is 81.2.69.142.");
    assert_view("DOB l4/O3/l987, SSN 4l2-67-33O9", 0, "DOB 14/03/1987, SSN 412-67-3309");
    assert_false(norm_is_plain_ascii((const unsigned char *)"ip 81.2.69.l42", 14));
    /* short numbers, words, a number glued to letters and as many letters as digits stay */
    assert_view("COVID-19 O2 l0 I-405 OL-1O0 lOl 1O.ll.l9", 0,
                "COVID-19 O2 l0 I-405 OL-1O0 lOl 1O.ll.l9");
    assert_view("v1.0.l2 x81.2.69.l42 81.2.69.l42x", 0, "v1.0.l2 x81.2.69.l42 81.2.69.l42x");
    assert_true(norm_is_plain_ascii((const unsigned char *)"COVID-19 O2 l0", 14));
    /* a number in groups one space apart: a group beside a group of digits */
    assert_view("SIN 634 l85 771, 26O 335 179", 0, "SIN 634 185 771, 260 335 179");
    assert_view("card 4539 l488 0343 6467", 0, "card 4539 1488 0343 6467");
    /* a lone group, one with as many letters as digits, or beside a word or a long number */
    assert_view("O2 12 lO 34 x l85 go 20l9 12345 lOl 55", 0,
                "O2 12 lO 34 x l85 go 20l9 12345 lOl 55");
}

/* A group separator no number uses, typed between a value's groups, reads as nothing. */
static void
view_reads_odd_group_separators_as_nothing(void **state)
{
    size_t s, e;
    const char *in = "card 518|379|870|128|535|2 ok";

    (void)state;
    assert_view(in, 0, "card 5183798701285352 ok");
    view_find(in, 0, "5183798701285352", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 26);
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
    assert_view("iban PL|05|69|94|32|81|48|37|89|68|14|68|51|32 ok", 0,
                "iban PL05699432814837896814685132 ok");
    assert_view("ssn 531~24~1001.", 0, "ssn 531241001.");
    assert_view("call 415^555^2671 now", 0, "call 4155552671 now");
    assert_view("id 5183#7987#0128#5352", 0, "id 5183798701285352");
    /* words, hashtags, short numbers, a group too long, other value bytes beside: stay */
    assert_view("a|b|c|d and go #1 #2", 0, "a|b|c|d and go #1 #2");
    assert_view("tags #a1#b2#c3#d4 x", 0, "tags #a1#b2#c3#d4 x");
    assert_view("v 1|2|3 and 12345|678|901", 0, "v 1|2|3 and 12345|678|901");
    assert_view("x 1.2|3|4|5678 y/12|34|56|78", 0, "x 1.2|3|4|5678 y/12|34|56|78");
    assert_view_of_view_is_the_view("card 518|379|870|128|535|2 ok, ssn 531~24~1001.");
}

/* Words in leetspeak read as their letters, two of them near each other at least. */
static void
view_reads_leet_words_in_pairs(void **state)
{
    size_t s, e;
    const char *in = "name Hann4 Nic N0g4 . use it";

    (void)state;
    assert_view(in, 0, "name Hanna Nic Noga . use it");
    view_find(in, 0, "Noga", &s, &e);
    assert_int_equal(s, 15);
    assert_int_equal(e, 19);
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
    assert_view("5543 B34c0n Ro4d, Aus71n, TX", 0, "5543 Beacon Road, Austin, TX");
    assert_view("mail 45hl3y.qu1nlan@0utl00k.c0m ok", 0, "mail ashley.quinlan@outlook.com ok");
    assert_view("Kry5t41 9reer", 0, "Krystal Greer");
    assert_view("P13r5ilv10 Matt14-Sum4n", 0, "Piersilvio Mattia-Suman");
    /* one word alone, a secret after its cue, codes, hashes, keys, ordinals and times stay */
    assert_view("my name is Hann4 ok", 0, "my name is Hann4 ok");
    assert_view("my password is B34c0n Ro4d", 0, "my password is B34c0n Ro4d");
    assert_view("pw: Adm1n99 and tulip7", 0, "pw: Adm1n99 and tulip7");
    assert_view("hash a1b3c5 d7e9f1", 0, "hash a1b3c5 d7e9f1");
    assert_view("key sk-ant-api03-abc1d3ef-xyz9", 0, "key sk-ant-api03-abc1d3ef-xyz9");
    assert_view("plates KX19RTY AB12CDE", 0, "plates KX19RTY AB12CDE");
    assert_view("on the 4th and 5th at 10am", 0, "on the 4th and 5th at 10am");
    assert_view("ids X1uy1ng and W4NG 4829104", 0, "ids X1uy1ng and W4NG 4829104");
    assert_view("Hann4 far away from here N0g4", 0, "Hann4 far away from here N0g4");
    assert_view_of_view_is_the_view("5543 B34c0n Ro4d, Aus71n, 7X 78704");
    assert_view_of_view_is_the_view("0ne tw0 thr33 f0ur f1ve s1x 7 and 0n3 tw0");
}

/* The scan for words in leetspeak reads each byte a bounded number of times. */
static void
leet_scan_is_linear_on_long_texts(void **state)
{
    static const char *const units[] = {
        "a1b ", "Hann4 x y ", "ab.c0@", "password B34c0n ", "x@y.", "10am ", "a ", "@", "-A-",
    };

    (void)state;
    assert_scan_linear(units, sizeof(units) / sizeof(units[0]), norm_leet_work);
}

static void
view_reads_digit_words_among_digits_as_digits(void **state)
{
    size_t s, e;
    const char *in = "card 4 six one eight nine five zero 5!";

    (void)state;
    assert_view(in, 0, "card 46189505!");
    view_find(in, 0, "46189505", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 37); /* from the first token to the last */
    assert_view("call four, one, five, 3, two, seven, six", 0, "call 4153276");
    assert_view("two-zero-six-2-0-5-0", 0, "2062050");
    assert_view("Zwei 3 vier 5 sechs 7 acht", 0, "2345678");
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
    /* words alone, digits alone, short runs and prose stay as written */
    assert_view("one two three four five six seven", 0, "one two three four five six seven");
    assert_view("1 2 3 4 5 6 7", 0, "1 2 3 4 5 6 7");
    assert_view("i have 2 cats, one dog, 3 fish and two birds", 0,
                "i have 2 cats, one dog, 3 fish and two birds");
    assert_true(norm_is_plain_ascii((const unsigned char *)"one 2 three 4 five 6", 20));
    /* a separator said as a word between the tokens reads as its mark when the others are
     * blanks, and is dropped with them otherwise */
    assert_view("ssn one eight two dash one three dash six 0 two three", 0, "ssn 182-13-6023");
    assert_view("ph three zero one dot nine 2 five Dot zero seven eight six", 0, "ph 301.925.0786");
    assert_view("DOB zero 5 slash 1 five slash two zero zero one", 0, "DOB 05/15/2001");
    assert_view("born one nine eight 4 - zero one - one seven", 0, "born 1984-01-17");
    assert_view("1 two 3 four . five 6 . 7", 0, "1234.56.7");
    assert_view("four 5 six-7 eight 9 - zero", 0, "4567890");
    assert_view("six 0 one one, nine six nine five - three three four nine dash nine 7", 0,
                "60119695334997");
    assert_false(norm_is_plain_ascii((const unsigned char *)"x one dash 2 three 4 five 6 7", 29));
    /* words alone grouped by separator words, in small letters or capitals, from six tokens */
    assert_view("DOB: one zero slash one two slash six zero - ok", 0, "DOB: 10/12/60 - ok");
    assert_view("ONE ZERO SLASH ONE TWO SLASH SIX ZERO", 0, "10/12/60");
    const char *said = "born one zero slash one two slash six zero";
    assert_false(norm_is_plain_ascii((const unsigned char *)said, strlen(said)));
    assert_view("One Zero Slash One Two Slash Six Zero", 0,
                "One Zero Slash One Two Slash Six Zero");
    assert_view("one two slash three four slash five six", 0,
                "one two slash three four slash five six");
    assert_view("one dash two slash three", 0, "one dash two slash three");
    assert_view_of_view_is_the_view("DOB: one zero slash one two slash six zero - ok");
    /* a number wraps once, at one line break: a list of lines stays */
    assert_view("ssn eight nine seven\r\n6 one, zero zero eight six", 0, "ssn 897610086");
    assert_view("x one\n2 three\n4 five 6 seven", 0, "x one\n2 three\n4 five 6 seven");
    assert_view("1\none\n2\ntwo\n3\nthree\n4", 0, "1\none\n2\ntwo\n3\nthree\n4");
    assert_view("four six\n\n1 eight nine five zero 5", 0, "four six\n\n1 eight nine five zero 5");
    /* after an identifier's prefix of one or two capitals, six tokens, words alone too */
    assert_view("passport K four eight two nine one zero four ok", 0, "passport K4829104 ok");
    assert_view("MRN MR six four seven six six 4 seven", 0, "MRN MR 6476647");
    assert_view("NINO: EX zero seven two two seven one C", 0, "NINO: EX 072271 C");
    assert_false(
        norm_is_plain_ascii((const unsigned char *)"id K four eight two nine one zero", 33));
    /* counting, the pronoun "I", five tokens and three capitals stay */
    assert_view("Plan B one two three four five six", 0, "Plan B one two three four five six");
    assert_view("I one two three four five six", 0, "I one two three four five six");
    assert_view("ID K four eight two nine one", 0, "ID K four eight two nine one");
    assert_view("ABC four eight two nine one zero", 0, "ABC four eight two nine one zero");
    /* a separator word with nothing on a side, or in prose, stays */
    assert_view("one dash two dash 3", 0, "one dash two dash 3");
    assert_view("a dash of salt 1 2 3 4 5 6 7", 0, "a dash of salt 1 2 3 4 5 6 7");
    assert_view("one two dashboard 3 4 five 6", 0, "one two dashboard 3 4 five 6");
    assert_view_of_view_is_the_view("ssn one eight two dash one three dash six 0 two three");
}

/*
 * Digit words glued to digits ("73two", "4seven", "416five") make a run of groups a number read
 * out: it reads as its digits, each covering its piece (and one mark alone between all its
 * tokens, "415-823-0134"); groups without a glued word, a short
 * run, words that glue no digit word ("10am", "2nd", "mp3") and a two-letter word ("2do") stay.
 */
static void
view_reads_digit_words_glued_to_digits(void **state)
{
    size_t s, e;
    const char *in = "card: 6291 73two 2 7five seven 3 4336\nok";

    (void)state;
    assert_view(in, 0, "card: 6291732275734336\nok");
    view_find(in, 0, "6291732275734336", &s, &e);
    assert_int_equal(s, 6);
    assert_int_equal(e, 37);
    view_find(in, 0, "73227", &s, &e);
    assert_int_equal(s, 11); /* "73two 2 7": the '7' of "7five" ends it */
    assert_int_equal(e, 20);
    assert_false(norm_is_plain_ascii((const unsigned char *)in, strlen(in)));
    assert_view("this: seven 09 55six  6864 lol", 0, "this: 7095566864 lol");
    assert_view("x +one  (4seven 9) 904-416five", 0, "x +14799044165");
    assert_view("four eight 9one  3zero 69 71four one  9seven 70", 0, "4891306971419770");
    /* one '-', '.' or '/' alone between every two tokens stays; mixed with blanks it goes */
    assert_view("call 4one5-823-0134 now", 0, "call 415-823-0134 now");
    assert_view("58three -6zero 3-six 5five 7", 0, "5836036557");
    assert_view_of_view_is_the_view("card: 6291 73two 2 7five seven 3 4336");
    /* no glued word, too few digits, words that are no digit words, a short word */
    const char *const stay[] = {
        "call 6291 7322 7573 4336 one",
        "at 10am and 2nd floor 1234 5678 one",
        "mp3 4567 one 2 34",
        "4seven 9 one",
        "el 2do piso 1234 5678",
        "abc73two 1 2 3 4 5",
        "73two 2 7five12345 1",
    };
    for (size_t k = 0; k < sizeof(stay) / sizeof(stay[0]); k++) {
        assert_view(stay[k], 0, stay[k]);
        assert_true(norm_is_plain_ascii((const unsigned char *)stay[k], strlen(stay[k])));
    }
}

static void
view_folds_curly_apostrophe_to_ascii(void **state)
{
    (void)state;
    assert_view("I\xe2\x80\x99m \xe2\x80\x9cJo\xe2\x80\x9d", 0, "I'm \"Jo\"");
}

static void
view_composes_nfd_name_and_span_covers_the_combining_mark(void **state)
{
    size_t s, e;
    /* "José" written with U+0301 COMBINING ACUTE ACCENT */
    const char *in = "hi Jose\xcc\x81 bye";

    (void)state;
    assert_view(in, 0, "hi Jos\xc3\xa9 bye");
    view_find(in, 0, "Jos\xc3\xa9", &s, &e);
    assert_int_equal(s, 3);
    assert_int_equal(e, 9);
}

static void
view_drops_marks_that_cannot_compose_with_an_ascii_character(void **state)
{
    size_t s, e;
    /* "w" + U+0303 has no precomposed form; a digit with U+0332 LOW LINE; keycap "1" + U+FE0F +
     * U+20E3 (an enclosing mark) */
    const char *in = "gulgow\xcc\x83ski 7\xcc\xb2"
                     "5\xcc\xb2 1\xef\xb8\x8f\xe2\x83\xa3";

    (void)state;
    assert_view(in, 0, "gulgowski 75 1");
    view_find(in, 0, "gulgowski", &s, &e);
    assert_int_equal(s, 0);
    assert_int_equal(e, 11); /* the tilde belongs to the "w" */
    view_find(in, 0, "75", &s, &e);
    assert_int_equal(s, 12);
    assert_int_equal(e, 18);
    /* a mark that composes still does: "n" + tilde is "ñ" */
    assert_view("man\xcc\x83"
                "ana",
                0,
                "ma\xc3\xb1"
                "ana");
}

static void
view_span_of_expanded_ligature_covers_the_whole_ligature(void **state)
{
    size_t s, e;
    /* U+FB01 LATIN SMALL LIGATURE FI expands to "fi" */
    const char *in = "x \xef\xac\x81le y";

    (void)state;
    assert_view(in, 0, "x file y");
    view_find(in, 0, "i", &s, &e);
    assert_int_equal(s, 2);
    assert_int_equal(e, 5);
}

static void
view_span_excludes_invisible_characters_around_the_match(void **state)
{
    size_t s, e;
    const char *in = "a \xe2\x80\x8bjo\xe2\x80\x8bhn\xe2\x80\x8b b";

    (void)state;
    view_find(in, 0, "john", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 12);
}

static void
view_casefold_lowercases_every_script(void **state)
{
    (void)state;
    assert_view("JOHN \xd0\x98\xd0\x92\xd0\x90\xd0\x9d Stra\xc3\x9f"
                "e",
                NORM_CASEFOLD, "john \xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd strasse");
}

static void
view_confusables_fold_cyrillic_lookalikes_inside_email(void **state)
{
    size_t s, e;
    /* "jоhn@gmаil.com" with Cyrillic о (U+043E) and а (U+0430) */
    const char *in = "mail j\xd0\xbehn@gm\xd0\xb0il.com now";

    (void)state;
    assert_view(in, NORM_CONFUSABLES, "mail john@gmail.com now");
    view_find(in, NORM_CONFUSABLES, "john@gmail.com", &s, &e);
    assert_int_equal(s, 5);
    assert_int_equal(e, 21);
}

static void
view_confusables_map_the_plain_words_after_a_folded_letter_to_their_own_bytes(void **state)
{
    size_t s, e;
    /* a look-alike folded early shifts every plain token after it (moved as one piece), over
     * more than one 16-byte step and a line break, up to the next token to fold */
    const char *in = "j\xd0\xbehn wrote this long plain sentence\nthen g\xd0\xb0il again ok";

    (void)state;
    assert_view(in, NORM_CONFUSABLES, "john wrote this long plain sentence\nthen gail again ok");
    view_find(in, NORM_CONFUSABLES, "sentence\nthen", &s, &e);
    assert_int_equal(s, 28);
    assert_int_equal(e, 41);
    view_find(in, NORM_CONFUSABLES, "gail again ok", &s, &e);
    assert_int_equal(s, 42);
    assert_int_equal(e, 56);
}

static void
view_confusables_leave_ascii_and_real_cyrillic_words_readable(void **state)
{
    (void)state;
    /* ASCII m and 1 are never skeletonised; "Иван родился" has no Latin letter to mix with */
    assert_view("m1l \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd "
                "\xd1\x80\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbb\xd1\x81\xd1\x8f",
                NORM_CONFUSABLES,
                "m1l \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd "
                "\xd1\x80\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbb\xd1\x81\xd1\x8f");
}

static void
view_confusables_fold_only_toward_a_runs_latin_majority(void **state)
{
    (void)state;
    /* a Cyrillic word joined to a Latin acronym keeps its letters: "ID-картка", "PDF-файл" */
    assert_view("ID-\xd0\xba\xd0\xb0\xd1\x80\xd1\x82\xd0\xba\xd0\xb0 ok", NORM_CONFUSABLES,
                "ID-\xd0\xba\xd0\xb0\xd1\x80\xd1\x82\xd0\xba\xd0\xb0 ok");
    assert_view("PDF-\xd1\x84\xd0\xb0\xd0\xb9\xd0\xbb", NORM_CONFUSABLES,
                "PDF-\xd1\x84\xd0\xb0\xd0\xb9\xd0\xbb");
    /* "раураl.соm": look-alikes outnumber the Latin letters but nothing votes against them */
    assert_view("\xd1\x80\xd0\xb0\xd1\x83\xd1\x80\xd0\xb0l.\xd1\x81\xd0\xbem", NORM_CONFUSABLES,
                "paypal.com");
    /* a run of look-alikes alone ("со") follows its token, which votes Latin */
    assert_view("jane@mail.\xd1\x81\xd0\xbe", NORM_CONFUSABLES, "jane@mail.co");
    /* the Latin letters of a mixed word outvote one Cyrillic letter without a look-alike */
    assert_view("j\xd0\xbehn\xd0\xb6", NORM_CONFUSABLES, "john\xd0\xb6");
}

static void
view_confusables_fold_a_word_of_lookalikes_alone_among_latin_words(void **state)
{
    (void)state;
    /* "ЅЅΝ" mixes Cyrillic and Greek, which no language spells: it reads "SSN" anywhere */
    assert_view("\xd0\x85\xd0\x85\xce\x9d: 531", NORM_CONFUSABLES, "SSN: 531");
    /* "ѕос ѕес" is Cyrillic alone, but among Latin words with none of another script */
    assert_view("my \xd1\x95\xd0\xbe\xd1\x81 \xd1\x95\xd0\xb5\xd1\x81 no: 531", NORM_CONFUSABLES,
                "my soc sec no: 531");
    assert_view("| item | \xd1\x80\xd0\xb0\xd1\x95\xd1\x95 |", NORM_CONFUSABLES, "| item | pass |");
    /* a Russian word of look-alikes beside a Russian word, or with no word beside it, stays */
    assert_view("\xd0\xbd\xd0\xbe\xd0\xbc\xd0\xb5\xd1\x80 \xd1\x81\xd0\xbe\xd1\x80 ok",
                NORM_CONFUSABLES,
                "\xd0\xbd\xd0\xbe\xd0\xbc\xd0\xb5\xd1\x80 \xd1\x81\xd0\xbe\xd1\x80 ok");
    assert_view("\xd1\x81\xd0\xbe\xd1\x80", NORM_CONFUSABLES, "\xd1\x81\xd0\xbe\xd1\x80");
    /* a word of two scripts beside it reads Latin, from either side */
    assert_view("\xd1\x95\xd0\xbe\xd1\x81 \xd0\x85\xd0\x85\xce\x9d", NORM_CONFUSABLES, "soc SSN");
    /* one letter alone ("с" is a Russian word) stays */
    assert_view("hi \xd1\x81 ok", NORM_CONFUSABLES, "hi \xd1\x81 ok");
    /* an identifier's prefix of look-alike capitals before its digits, among Latin words */
    assert_view("passport \xd0\x9a"
                "4829104 ok",
                NORM_CONFUSABLES, "passport K4829104 ok");
    assert_view("ID \xd0\xa0\xd0\xa2-448812 ok", NORM_CONFUSABLES, "ID PT-448812 ok");
    /* beside a Russian word, with letters after the digits (a Russian plate) it stays */
    assert_view("\xd0\xbd\xd0\xbe\xd0\xbc\xd0\xb5\xd1\x80 \xd0\x9a"
                "4829104",
                NORM_CONFUSABLES,
                "\xd0\xbd\xd0\xbe\xd0\xbc\xd0\xb5\xd1\x80 \xd0\x9a"
                "4829104");
    assert_view("plate \xd0\x90"
                "123\xd0\x92\xd0\xa1"
                "77 ok",
                NORM_CONFUSABLES,
                "plate \xd0\x90"
                "123\xd0\x92\xd0\xa1"
                "77 ok");
}

static void
view_rejects_invalid_utf8_naming_the_offset(void **state)
{
    struct norm_view v;
    struct err err;
    const unsigned char bad[] = {'a', 0xc3, 0xa9, 'b', 0xff, 'c', 0xe2};

    (void)state;
    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, bad, sizeof(bad), 0, &err), -1);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_non_null(strstr(err.msg, "byte 4"));
    norm_view_release(&v);
}

/* The original span of every view byte of the character at view offset i is [s, e). */
static void
assert_char_span(const char *in, unsigned flags, size_t i, size_t s, size_t e)
{
    struct norm_view v;
    struct err err;

    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, (const unsigned char *)in, strlen(in), flags, &err), 0);
    assert_true(i < v.text.len);
    assert_int_equal(v.map[i], s);
    assert_int_equal(v.map_end[i], e);
    norm_view_release(&v);
}

static void
view_decodes_numeric_character_references_with_span_over_the_reference(void **state)
{
    size_t s, e;
    /* decimal, hex in either case, leading zeros */
    const char *in = "tel 212&#45;736&#x2D;&#X2d;0&#0000057;";

    (void)state;
    for (unsigned flags = 0; flags <= (NORM_CASEFOLD | NORM_CONFUSABLES); flags++) {
        assert_view(in, flags, "tel 212-736--09");
    }
    view_find(in, 0, "212-736--09", &s, &e);
    assert_int_equal(s, 4);
    assert_int_equal(e, strlen(in));
    assert_char_span(in, 0, 7, 7, 12);   /* the first '-' is "&#45;" */
    assert_char_span(in, 0, 11, 15, 21); /* the second is "&#x2D;" */
    assert_char_span(in, 0, 14, 28, 38); /* the '9' is "&#0000057;" */
}

static void
view_decodes_percent_escapes_of_printable_ascii(void **state)
{
    size_t s, e;
    const char *in = "mailto:jo%2Bnews%40web.org?x=%41";

    (void)state;
    assert_view(in, 0, "mailto:jo+news@web.org?x=A");
    view_find(in, 0, "jo+news@web.org", &s, &e);
    assert_int_equal(s, 7);
    assert_int_equal(e, 26); /* "%40" and "%2B" are covered whole */
    assert_view("tel%3A%2b1%20415%2D555%2e0134%5F", 0, "tel:+1 415-555.0134_");
    /* a value escaped whole, digits included */
    assert_view("key %73%6B%2Dab ip 24%2E10%2E%342%2E118", 0, "key sk-ab ip 24.10.42.118");
    /* a '%' that starts no such escape stays: percentages, a cut escape, control and
     * non-ASCII bytes */
    assert_view("50% off, %4, 100%, %0A%C3%A9", 0, "50% off, %4, 100%, %0A%C3%A9");
    assert_false(norm_is_plain_ascii((const unsigned char *)"a%40b", 5));
    assert_false(norm_is_plain_ascii((const unsigned char *)"50% and %41", 11));
    assert_true(norm_is_plain_ascii((const unsigned char *)"50% and %0A", 11));
}

static void
view_decodes_named_references_for_punctuation_space_and_at_sign(void **state)
{
    size_t s, e;
    const char *in = "to ann&period;lee&commat;web&period;org";

    (void)state;
    assert_view(in, NORM_CONFUSABLES, "to ann.lee@web.org");
    view_find(in, NORM_CONFUSABLES, "ann.lee@web.org", &s, &e);
    assert_int_equal(s, 3);
    assert_int_equal(e, strlen(in));
    assert_view("&lpar;20&rpar;&nbsp;7&hyphen;8&dash;9&ndash;1&mdash;2&minus;3&plus;4", 0,
                "(20) 7-8-9-1-2-3+4");
    assert_view("&amp;&lt;&gt;&quot;&apos;&num;&sol;&lowbar;&excl;&quest;&equals;&colon;&semi;"
                "&comma;",
                0, "&<>\"'#/_!?=:;,");
    /* a decoded character reads as if written: NBSP as a space, ZWJ and soft hyphen not at all */
    assert_view("1&nbsp;2&zwj;3&shy;4&rsquo;5", 0, "1 234'5");
}

static void
view_runs_decoded_characters_through_nfkc_and_the_folds(void **state)
{
    (void)state;
    /* full-width 1, Arabic-Indic 2, en dash, zero-width space, NBSP */
    assert_view("&#xFF11;&#x0662;&#8211;&#x200B;3&#160;4", 0, "12-3 4");
    assert_char_span("&#xFF11;&#x0662;&#8211;&#x200B;3&#160;4", 0, 0, 0, 8);
    /* a decoded letter composes with a combining mark written after it */
    assert_view("Jos&#101;\xcc\x81 &#65;&#x301;", 0, "Jos\xc3\xa9 \xc3\x81");
    assert_char_span("Jos&#101;\xcc\x81", 0, 3, 3, 11);
    /* and a decoded capital is case folded */
    assert_view("&#65;&#x42;C", NORM_CASEFOLD, "abc");
}

static void
view_decodes_backslash_escapes_typed_in_text(void **state)
{
    (void)state;
    assert_view("tel \\u0034\\u0031\\x35-\\x30", 0, "tel 415-0");
    /* the span of a decoded digit is its whole escape */
    assert_char_span("tel \\u0034\\x31", 0, 4, 4, 10);
    assert_char_span("tel \\u0034\\x31", 0, 5, 10, 14);
    /* \u spells a character beyond ASCII too, which then goes through NFKC: full-width 1 */
    assert_view("\\uFF11\\u00e9", 0, "1\xc3\xa9");
    assert_false(norm_is_plain_ascii((const unsigned char *)"a \\x41", 6));
}

static void
view_reads_json_string_escapes_typed_in_text(void **state)
{
    (void)state;
    assert_view("{\\\"ssn\\\": \\\"531-24-1001\\\"}", 0, "{\"ssn\": \"531-24-1001\"}");
    assert_view("it\\'s a\\/b c\\\\d", 0, "it's a/b c\\d");
    assert_view("Priya Raman\\nDOB: 03/14/1988", 0, "Priya Raman\nDOB: 03/14/1988");
    /* \\r and \\t read as the characters do where they are typed (a tab as a space) */
    assert_view("1988\\r\\n\\tPhone", 0, "1988\r\n Phone");
    /* the quote's span is its whole escape */
    assert_char_span("a\\\"b", 0, 1, 1, 3);
    assert_false(norm_is_plain_ascii((const unsigned char *)"a \\\"b\\\"", 7));
}

static void
view_leaves_backslash_sequences_that_spell_no_printable_character(void **state)
{
    static const char *const kept[] = {
        "C:\\users\\xavier",
        "\\u004",
        "\\u0000",
        "\\x1f",
        "\\x7f",
        "\\xe9",
        "\\uD800",
        "\\u0085",
        "\\x4",
        "\\",
        "\\u",
        "\\xg1",
        "\\U0041",
        /* a path's backslash before a lower-case letter is no line break or tab */
        "C:\\Users\\nadia",
        "\\temp\\report",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_view(kept[i], 0, kept[i]);
        assert_true(norm_is_plain_ascii((const unsigned char *)kept[i], strlen(kept[i])));
    }
}

static void
view_decodes_quoted_printable_address_characters_between_words(void **state)
{
    (void)state;
    assert_view("jane=40mail=2Ecom a=5Fb c=2Dd e=2Bf", 0, "jane@mail.com a_b c-d e+f");
    assert_char_span("jane=40mail", 0, 4, 4, 7);
    /* not at a word's edge, not lower-case hex, not other characters */
    static const char *const kept[] = {"x=40",  "=40x",  "x=40 y", "a=2e5",
                                       "a=3Db", "a=41b", "a= 40b"};
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_view(kept[i], 0, kept[i]);
        assert_true(norm_is_plain_ascii((const unsigned char *)kept[i], strlen(kept[i])));
    }
}

static void
view_reads_parenthesised_circled_and_full_stop_digits_as_digits(void **state)
{
    (void)state;
    /* ⑸⑼⑵ (NFKC: "(5)(9)(2)"), ⒈⒉ (NFKC: "1.2."), ①⓪, ❶ and ⓵ (no NFKC form), ⑩ and ⒇ */
    assert_view("\xe2\x91\xb8\xe2\x91\xbc\xe2\x91\xb5", 0, "592");
    assert_view("\xe2\x92\x88\xe2\x92\x89", 0, "12");
    assert_view("\xe2\x91\xa0\xe2\x93\xaa \xe2\x9d\xb6\xe2\x93\xb5", 0, "10 11");
    assert_view("\xe2\x91\xa9 \xe2\x92\x87", 0, "10 20");
    /* both digits of ⑩ cover it; a combining mark after ⑸ joins it */
    assert_char_span("a\xe2\x91\xa9", 0, 2, 1, 4);
    assert_char_span("\xe2\x91\xb8\xcc\x81", 0, 0, 0, 5);
    /* circled letters and superscripts are left to NFKC: ⓐ reads "a", ² reads "2" */
    assert_view("\xe2\x93\x90\xc2\xb2", 0, "a2");
}

static void
view_reads_numeric_references_128_to_159_as_windows_1252(void **state)
{
    (void)state;
    /* en dash, em dash, right single quote: what the bytes 0x96, 0x97 and 0x92 were */
    assert_view("1&#150;2&#151;3&#146;", 0, "1-2-3'");
}

static void
view_leaves_malformed_and_unknown_references_as_written(void **state)
{
    static const char *const kept[] = {
        "AT&T",     "Q&A",        "R&D;",
        "& amp;",   "&amp",       "&#45",
        "&#;",      "&#x;",       "&#xg;",
        "&#0;",     "&#x0;",      "&#xD800;",
        "&#xDFFF;", "&#x110000;", "&#99999999999999999999;",
        "&#-45;",   "&# 45;",     "&foo;",
        "&AmP;",    "&copy;",     "&nbsp ;",
        "&;",       "&&&",        "&NonBreakingSpaceX;",
        "&",        "&#",         "&#x",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_view(kept[i], 0, kept[i]);
        assert_true(norm_is_plain_ascii((const unsigned char *)kept[i], strlen(kept[i])));
    }
}

static void
plain_ascii_is_false_for_a_character_reference_at_any_position(void **state)
{
    char s[48];

    (void)state;
    for (size_t at = 0; at + 5 <= sizeof(s); at++) {
        memset(s, 'a', sizeof(s));
        if (at > 0) {
            s[at - 1] = '&'; /* a lone '&' before it does not end the search */
        }
        memcpy(s + at, "&gt;", 4);
        assert_false(norm_is_plain_ascii((const unsigned char *)s, at + 4));
        assert_false(norm_is_plain_ascii((const unsigned char *)s, sizeof(s)));
        memcpy(s + at, "&gt ", 4);
        assert_true(norm_is_plain_ascii((const unsigned char *)s, sizeof(s)));
    }
}

static void
view_reads_a_reference_the_view_spells_and_stays_idempotent(void **state)
{
    size_t s, e;
    /* "&amp;#64;" spells "&#64;"; so do a full-width ampersand, and "&" before an encoded '#' */
    const char *in = "a&amp;#64;b &#xFF06;#64;c &&#35;64;d";

    (void)state;
    assert_view(in, 0, "a@b @c @d");
    view_find(in, 0, "a@b", &s, &e);
    assert_int_equal(s, 0);
    assert_int_equal(e, 11);
    assert_char_span(in, 0, 1, 1, 10);
    assert_view_of_view_is_the_view(in);
}

static void
view_of_text_with_references_reports_invalid_utf8_at_its_own_offset(void **state)
{
    struct norm_view v;
    struct err err;
    const unsigned char bad[] = {'&', '#', '5', '2', ';', ' ', 0xc3, 0xa9, 0xff, 'c'};

    (void)state;
    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, bad, sizeof(bad), 0, &err), -1);
    assert_int_equal(err.kind, ERR_PARSE);
    assert_non_null(strstr(err.msg, "byte 8"));
    norm_view_release(&v);
}

static void
plain_ascii_scan_finds_high_byte_or_tab_at_any_position(void **state)
{
    unsigned char s[40];
    size_t len, pos;

    (void)state;
    for (len = 0; len <= sizeof(s); len++) {
        memset(s, 'a', sizeof(s));
        assert_true(norm_is_plain_ascii(s, len));
        for (pos = 0; pos < len; pos++) {
            s[pos] = 0xc3;
            assert_false(norm_is_plain_ascii(s, len));
            s[pos] = '\t';
            assert_false(norm_is_plain_ascii(s, len));
            s[pos] = '\n';
            assert_true(norm_is_plain_ascii(s, len));
            s[pos] = 'a';
        }
    }
}

static void
view_of_plain_ascii_is_identity_with_exact_map(void **state)
{
    struct norm_view v;
    struct err err;
    const char *in = "call 555-0100 or mail a@b.org";
    size_t i;

    (void)state;
    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, (const unsigned char *)in, strlen(in), 0, &err), 0);
    assert_memory_equal(v.text.data, in, strlen(in));
    for (i = 0; i < v.text.len; i++) {
        assert_int_equal(v.map[i], i);
        assert_int_equal(v.map_end[i], i + 1);
    }
    norm_view_release(&v);
}

/*
 * In text that is not all ASCII, every ASCII byte still maps to itself, tabs read as spaces, and
 * (with NORM_CASEFOLD) capitals as lower case, wherever the non-ASCII character falls: before,
 * inside or after a 16-byte block, or right after a tab.
 */
static void
view_of_mixed_text_maps_each_ascii_byte_to_itself(void **state)
{
    static const char filler[] = "Ab\tcD efG\thij KLM\tnop QRS tuv\tWXY z01 234\t56789";
    struct norm_view v;
    struct err err;
    char in[128], want[128];

    (void)state;
    norm_view_init(&v);
    for (unsigned flags = 0; flags <= NORM_CASEFOLD; flags += NORM_CASEFOLD) {
        for (size_t k = 0; k < 40; k++) {
            /* k ASCII bytes, "\xc3\xa9" (stable in NFKC and its case fold), 8 more */
            size_t n = 0;
            memcpy(in, filler, k);
            n = k;
            memcpy(in + n, "\xc3\xa9", 2);
            n += 2;
            memcpy(in + n, filler + k, 8);
            n += 8;
            for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)in[i];
                want[i] = c == '\t'                       ? ' '
                          : flags && c >= 'A' && c <= 'Z' ? (char)(c + 32)
                                                          : (char)c;
            }
            assert_int_equal(norm_view_build(&v, (const unsigned char *)in, n, flags, &err), 0);
            assert_int_equal(v.text.len, n);
            assert_memory_equal(v.text.data, want, n);
            for (size_t i = 0; i < n; i++) {
                if (i == k || i == k + 1) {
                    continue; /* the two bytes of the e-acute map to the character */
                }
                assert_int_equal(v.map[i], i);
                assert_int_equal(v.map_end[i], i + 1);
            }
        }
    }
    norm_view_release(&v);
}

static void
view_is_reusable_across_builds(void **state)
{
    struct norm_view v;
    struct err err;
    const char *a = "\xef\xbc\x91\xef\xbc\x92 long enough text to grow the buffers";
    const char *b = "\xd9\xa3";

    (void)state;
    norm_view_init(&v);
    assert_int_equal(
        norm_view_build(&v, (const unsigned char *)a, strlen(a), NORM_CONFUSABLES, &err), 0);
    assert_int_equal(
        norm_view_build(&v, (const unsigned char *)b, strlen(b), NORM_CONFUSABLES, &err), 0);
    assert_string_equal((const char *)v.text.data, "3");
    assert_int_equal(v.map[0], 0);
    assert_int_equal(v.map_end[0], 2);
    norm_view_release(&v);
}

static void
view_bounds_a_run_of_combining_marks(void **state)
{
    struct norm_view v;
    struct err err;
    unsigned char s[2 + 2 * 5000];
    size_t i;

    (void)state;
    s[0] = 0xd7; /* Hebrew alef, with its own script's points: the view keeps them */
    s[1] = 0x90;
    for (i = 0; i < 5000; i++) {
        s[2 + 2 * i] = 0xd6; /* alternate U+05B0 and U+05B4 (different combining classes) */
        s[3 + 2 * i] = (i & 1) ? 0xb0 : 0xb4;
    }
    norm_view_init(&v);
    assert_int_equal(norm_view_build(&v, s, sizeof(s), 0, &err), 0);
    assert_true(v.text.len >= sizeof(s) - 2);
    for (i = 1; i <= v.text.len; i++) {
        assert_true(v.map[i] >= v.map[i - 1]);
    }
    norm_view_release(&v);
}

/* ---- property: a planted value maps back to exactly its bytes ---- */

static uint64_t
rnd(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Context pieces: none contains '@' or '+', and none starts with a combining mark. */
static const char *const context_pieces[] = {
    "hello",
    " ",
    "Caf\xc3\xa9",                                  /* precomposed é */
    "Cafe\xcc\x81",                                 /* e + combining acute */
    "n\xcc\x83\xcc\xa3",                            /* n + two combining marks */
    "\xef\xbd\x81\xef\xbd\x82",                     /* fullwidth ab */
    "\xef\xbc\x91\xef\xbc\x92",                     /* fullwidth 12 */
    "\xe2\x80\x8b",                                 /* ZWSP */
    "\xc2\xad",                                     /* soft hyphen */
    "\xe2\x80\x8f",                                 /* RLM */
    "\xef\xbb\xbf",                                 /* BOM */
    "\xf0\x9f\x98\x80",                             /* emoji */
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", /* woman + ZWJ + laptop */
    "\xe4\xbd\xa0\xe5\xa5\xbd",                     /* CJK */
    "\xed\x95\x9c\xea\xb5\xad",                     /* Hangul syllables */
    "\xe1\x84\x92\xe1\x85\xa1",                     /* conjoining jamo (compose to a syllable) */
    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",     /* Arabic */
    "\xef\xac\x81",                                 /* fi ligature */
    "\xc2\xa0",                                     /* NBSP */
    "\xe2\x80\x94",                                 /* em dash */
    "\n",
    "\t",
    "&amp;",
    "AT&T",
    "&#233;", /* é as a reference */
    "&nbsp;",
};

struct planted {
    const char *orig; /* as written in the text */
    const char *view; /* as it appears in the view */
};

static const struct planted planted_values[] = {
    {"jane.doe@example.com", "jane.doe@example.com"},
    {"\xef\xbd\x8a\xef\xbd\x81ne\xef\xbc\xa0x.org", "jane@x.org"},
    {"ja\xe2\x80\x8bne\xc2\xad@x\xe2\x80\x8c.org", "jane@x.org"},
    {"+\xd9\xa4\xd9\xa4 \xd9\xa7\xd9\xa9\xd9\xa1\xd9\xa1", "+44 7911"},
    {"+\xef\xbc\x94\xef\xbc\x94\xe2\x80\x93\xef\xbc\x97\xef\xbc\x99", "+44-79"},
    {"Jose\xcc\x81@mail.es", "Jos\xc3\xa9@mail.es"},
    {"jane&#46;doe&#64;x&period;org", "jane.doe@x.org"},
    {"&#43;44&#x20;7&#57;11", "+44 7911"},
};

/* Separators allowed right next to the value: none can merge into its first or last cluster. */
static const char *const separators[] = {" ", "\xe2\x80\x8b", "\xc2\xa0", "\n", ""};

static void
append(char *buf, size_t *len, size_t cap, const char *s)
{
    size_t n = strlen(s);

    assert_true(*len + n < cap);
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

static void
append_context(char *buf, size_t *len, size_t cap, uint64_t *seed)
{
    size_t n = rnd(seed) % 12, k;
    size_t npieces = sizeof(context_pieces) / sizeof(context_pieces[0]);

    for (k = 0; k < n; k++) {
        append(buf, len, cap, context_pieces[rnd(seed) % npieces]);
    }
}

static void
planted_value_maps_back_to_exactly_its_bytes(void **state)
{
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    size_t nsep = sizeof(separators) / sizeof(separators[0]);
    size_t nval = sizeof(planted_values) / sizeof(planted_values[0]);
    struct norm_view v;
    struct err err;
    char buf[1024];
    int iter;

    (void)state;
    norm_view_init(&v);
    for (iter = 0; iter < 3000; iter++) {
        const struct planted *p = &planted_values[rnd(&seed) % nval];
        unsigned flags = (unsigned)(rnd(&seed) % 2) ? NORM_CONFUSABLES : 0;
        size_t len = 0, at, s, e, i;
        const unsigned char *hit;

        buf[0] = '\0';
        append_context(buf, &len, sizeof(buf), &seed);
        append(buf, &len, sizeof(buf), separators[rnd(&seed) % nsep]);
        at = len;
        append(buf, &len, sizeof(buf), p->orig);
        append(buf, &len, sizeof(buf), separators[rnd(&seed) % nsep]);
        append_context(buf, &len, sizeof(buf), &seed);

        assert_int_equal(norm_view_build(&v, (const unsigned char *)buf, len, flags, &err), 0);
        hit = find_bytes(v.text.data, v.text.len, p->view);
        assert_non_null(hit);
        norm_view_span(&v, (size_t)(hit - v.text.data),
                       (size_t)(hit - v.text.data) + strlen(p->view), &s, &e);
        assert_int_equal(s, at);
        assert_int_equal(e, at + strlen(p->orig));
        for (i = 1; i <= v.text.len; i++) {
            assert_true(v.map[i] >= v.map[i - 1]);
            assert_true(v.map_end[i - 1] <= len);
        }
    }
    norm_view_release(&v);
}

/*
 * Any valid UTF-8 builds, under every flag combination, into a view whose map is monotonic and
 * inside the original; the view is itself valid UTF-8 and normalising it again changes nothing.
 */
static void
random_code_points_build_a_consistent_view(void **state)
{
    static const uint32_t ranges[][2] = {
        {0x20, 0x7e},       {0x09, 0x0d},       {0xa0, 0x24f},      {0x300, 0x36f},
        {0x370, 0x52f},     {0x600, 0x6ff},     {0x900, 0x97f},     {0xe00, 0xe7f},
        {0x1100, 0x11ff},   {0x2000, 0x206f},   {0x3000, 0x30ff},   {0x4e00, 0x4fff},
        {0xac00, 0xad00},   {0xfb00, 0xfb4f},   {0xfe00, 0xfe0f},   {0xff00, 0xffef},
        {0x1d400, 0x1d4ff}, {0x1f300, 0x1f6ff}, {0xe0000, 0xe007f}, {0xfdd0, 0xfdef},
    };
    uint64_t seed = 0x2545f4914f6cdd1dull;
    struct norm_view v, w;
    struct err err;
    unsigned char buf[400];
    int iter;

    (void)state;
    norm_view_init(&v);
    norm_view_init(&w);
    for (iter = 0; iter < 2000; iter++) {
        size_t len = 0, i;
        unsigned flags = (unsigned)(iter % 4);
        while (len + 4 < sizeof(buf) && rnd(&seed) % 64 != 0) {
            const uint32_t *r = ranges[rnd(&seed) % (sizeof(ranges) / sizeof(ranges[0]))];
            uint32_t c = r[0] + (uint32_t)(rnd(&seed) % (r[1] - r[0] + 1));
            if (c < 0x80) {
                buf[len++] = (unsigned char)c;
            } else if (c < 0x800) {
                buf[len++] = (unsigned char)(0xc0 | (c >> 6));
                buf[len++] = (unsigned char)(0x80 | (c & 0x3f));
            } else if (c < 0x10000) {
                buf[len++] = (unsigned char)(0xe0 | (c >> 12));
                buf[len++] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (unsigned char)(0x80 | (c & 0x3f));
            } else {
                buf[len++] = (unsigned char)(0xf0 | (c >> 18));
                buf[len++] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
                buf[len++] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (unsigned char)(0x80 | (c & 0x3f));
            }
        }
        assert_int_equal(norm_view_build(&v, buf, len, flags, &err), 0);
        assert_int_equal(v.map[v.text.len], len);
        for (i = 0; i < v.text.len; i++) {
            assert_true(v.map[i] < v.map_end[i]);
            assert_true(v.map_end[i] <= len);
            assert_true(v.map[i + 1] >= v.map[i]);
        }
        assert_int_equal(norm_view_build(&w, v.text.data, v.text.len, flags, &err), 0);
        assert_int_equal(w.text.len, v.text.len);
        assert_memory_equal(w.text.data, v.text.data, v.text.len);
    }
    norm_view_release(&v);
    norm_view_release(&w);
}

/* Pieces of text that make, break and nest character references when strung together. */
static const char *const reference_pieces[] = {
    "&",
    "#",
    "x",
    "amp;",
    "&#",
    "4",
    "5",
    ";",
    "&#64;",
    "&amp;",
    "&#x26;",
    "&lt;",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "&#150;",
    "e",
    "D",
    " ",
    "&#x301;",
    "\xcc\x81",
    "&#xFF11;",
    "&#x200B;",
    "\xef\xbc\x86", /* full-width ampersand */
    "\xe2\x80\x8b", /* ZWSP */
    "\xd0\xb0",     /* Cyrillic a */
    "\\",
    "\\u",
    "u0040",
    "\\x40",
    "=",
    "=40",
    "=2E",
    "%",
    "%40",
    "\xe2\x91\xb8", /* parenthesised 5 */
    "\xe2\x9d\xb6", /* dingbat circled 1 */
};

/*
 * Strings of those pieces build, under every flag combination, into a view whose map is
 * monotonic, inside the original and never empty for a character; the view of the view is the
 * view.
 */
static void
reference_soup_builds_a_consistent_idempotent_view(void **state)
{
    uint64_t seed = 0x853c49e6748fea9bull;
    size_t npieces = sizeof(reference_pieces) / sizeof(reference_pieces[0]);
    struct norm_view v, w;
    struct err err;
    char buf[256];

    (void)state;
    norm_view_init(&v);
    norm_view_init(&w);
    for (int iter = 0; iter < 4000; iter++) {
        unsigned flags = (unsigned)(iter % 4);
        size_t len = 0;
        buf[0] = '\0';
        for (size_t n = rnd(&seed) % 24; n > 0; n--) {
            append(buf, &len, sizeof(buf), reference_pieces[rnd(&seed) % npieces]);
        }
        assert_int_equal(norm_view_build(&v, (const unsigned char *)buf, len, flags, &err), 0);
        assert_int_equal(v.map[v.text.len], len);
        for (size_t i = 0; i < v.text.len; i++) {
            assert_true(v.map[i] < v.map_end[i]);
            assert_true(v.map_end[i] <= len);
            assert_true(v.map[i + 1] >= v.map[i]);
        }
        assert_int_equal(norm_view_build(&w, v.text.data, v.text.len, flags, &err), 0);
        assert_int_equal(w.text.len, v.text.len);
        assert_memory_equal(w.text.data, v.text.data, v.text.len);
    }
    norm_view_release(&v);
    norm_view_release(&w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(view_maps_fullwidth_digits_and_at_sign_to_ascii),
        cmocka_unit_test(view_reads_a_word_marked_on_every_letter_as_its_ascii_letters),
        cmocka_unit_test(view_maps_arabic_indic_and_devanagari_digits_to_ascii),
        cmocka_unit_test(view_removes_zero_width_soft_hyphen_bom_and_bidi_controls),
        cmocka_unit_test(view_reads_a_right_to_left_override_run_in_the_order_it_is_seen),
        cmocka_unit_test(letter_digits_scan_is_linear_on_long_texts),
        cmocka_unit_test(view_reads_letters_typed_for_digits_in_a_number),
        cmocka_unit_test(broken_number_scan_is_linear_on_long_texts),
        cmocka_unit_test(view_joins_a_number_broken_across_lines),
        cmocka_unit_test(view_reads_a_line_break_between_two_digits_of_a_number),
        cmocka_unit_test(view_joins_a_value_broken_across_lines),
        cmocka_unit_test(broken_value_scan_is_linear_on_long_texts),
        cmocka_unit_test(view_reads_a_cue_word_in_leetspeak_slipped_or_typed_apart),
        cmocka_unit_test(view_reads_a_number_regrouped_with_other_separators),
        cmocka_unit_test(view_joins_a_spaced_identifier_and_a_spaced_password),
        cmocka_unit_test(view_drops_emphasis_typed_inside_a_value),
        cmocka_unit_test(view_reads_look_alike_letters_typed_for_digits_in_a_number),
        cmocka_unit_test(view_keeps_a_roman_month_and_reads_more_separator_look_alikes),
        cmocka_unit_test(view_joins_spaced_digits_before_a_full_stop_and_reads_symbols_stably),
        cmocka_unit_test(view_joins_a_value_typed_between_interpuncts_or_bars),
        cmocka_unit_test(view_joins_a_word_typed_apart_with_dots_or_dashes),
        cmocka_unit_test(view_reads_the_marked_letters_of_a_disguised_token_as_ascii_letters),
        cmocka_unit_test(view_reads_framed_letters_and_small_capitals_as_ascii_letters),
        cmocka_unit_test(view_reads_separator_lookalikes_as_ascii_separators),
        cmocka_unit_test(view_reads_tatweel_inside_a_word_as_nothing),
        cmocka_unit_test(view_drops_underline_and_strike_through_marks_on_any_script),
        cmocka_unit_test(view_folds_unicode_spaces_and_tabs_to_space),
        cmocka_unit_test(view_folds_dashes_and_minus_sign_to_hyphen),
        cmocka_unit_test(view_reads_symbols_between_value_groups_as_one_space),
        cmocka_unit_test(view_reads_a_middle_dot_between_digits_as_a_separator),
        cmocka_unit_test(view_joins_spaced_out_words),
        cmocka_unit_test(view_joins_spaced_out_letters_of_other_scripts),
        cmocka_unit_test(view_joins_value_typed_with_a_repeated_separator),
        cmocka_unit_test(view_leaves_short_or_mixed_separated_runs_as_written),
        cmocka_unit_test(view_reads_string_literals_joined_by_an_operator_as_one),
        cmocka_unit_test(view_joins_a_value_wrapped_onto_a_quoted_line),
        cmocka_unit_test(view_joins_a_line_continued_by_a_backslash_or_a_hyphen),
        cmocka_unit_test(view_reads_markup_inside_a_value_as_nothing),
        cmocka_unit_test(view_reads_digit_words_among_digits_as_digits),
        cmocka_unit_test(view_reads_digit_words_glued_to_digits),
        cmocka_unit_test(view_reads_letters_typed_for_digits_across_a_run_of_groups),
        cmocka_unit_test(view_reads_leet_words_in_pairs),
        cmocka_unit_test(view_reads_odd_group_separators_as_nothing),
        cmocka_unit_test(leet_scan_is_linear_on_long_texts),
        cmocka_unit_test(number_run_scan_is_linear_on_long_texts),
        cmocka_unit_test(view_folds_curly_apostrophe_to_ascii),
        cmocka_unit_test(view_composes_nfd_name_and_span_covers_the_combining_mark),
        cmocka_unit_test(view_drops_marks_that_cannot_compose_with_an_ascii_character),
        cmocka_unit_test(view_span_of_expanded_ligature_covers_the_whole_ligature),
        cmocka_unit_test(view_span_excludes_invisible_characters_around_the_match),
        cmocka_unit_test(view_casefold_lowercases_every_script),
        cmocka_unit_test(view_confusables_fold_cyrillic_lookalikes_inside_email),
        cmocka_unit_test(
            view_confusables_map_the_plain_words_after_a_folded_letter_to_their_own_bytes),
        cmocka_unit_test(view_confusables_leave_ascii_and_real_cyrillic_words_readable),
        cmocka_unit_test(view_confusables_fold_only_toward_a_runs_latin_majority),
        cmocka_unit_test(view_confusables_fold_a_word_of_lookalikes_alone_among_latin_words),
        cmocka_unit_test(view_rejects_invalid_utf8_naming_the_offset),
        cmocka_unit_test(view_decodes_numeric_character_references_with_span_over_the_reference),
        cmocka_unit_test(view_decodes_percent_escapes_of_printable_ascii),
        cmocka_unit_test(view_decodes_named_references_for_punctuation_space_and_at_sign),
        cmocka_unit_test(view_runs_decoded_characters_through_nfkc_and_the_folds),
        cmocka_unit_test(view_decodes_backslash_escapes_typed_in_text),
        cmocka_unit_test(view_reads_json_string_escapes_typed_in_text),
        cmocka_unit_test(view_leaves_backslash_sequences_that_spell_no_printable_character),
        cmocka_unit_test(view_decodes_quoted_printable_address_characters_between_words),
        cmocka_unit_test(view_reads_parenthesised_circled_and_full_stop_digits_as_digits),
        cmocka_unit_test(view_reads_numeric_references_128_to_159_as_windows_1252),
        cmocka_unit_test(view_leaves_malformed_and_unknown_references_as_written),
        cmocka_unit_test(plain_ascii_is_false_for_a_character_reference_at_any_position),
        cmocka_unit_test(view_reads_a_reference_the_view_spells_and_stays_idempotent),
        cmocka_unit_test(view_of_text_with_references_reports_invalid_utf8_at_its_own_offset),
        cmocka_unit_test(plain_ascii_scan_finds_high_byte_or_tab_at_any_position),
        cmocka_unit_test(view_of_plain_ascii_is_identity_with_exact_map),
        cmocka_unit_test(view_of_mixed_text_maps_each_ascii_byte_to_itself),
        cmocka_unit_test(view_is_reusable_across_builds),
        cmocka_unit_test(view_bounds_a_run_of_combining_marks),
        cmocka_unit_test(another_scripts_separator_between_digits_reads_as_its_ascii),
        cmocka_unit_test(generic_marks_left_after_any_letter_are_dropped),
        cmocka_unit_test(marked_digit_words_in_a_number_read_without_their_marks),
        cmocka_unit_test(marked_digit_words_scan_is_linear_on_long_texts),
        cmocka_unit_test(marked_address_reads_without_its_marks),
        cmocka_unit_test(marked_addresses_in_a_long_text_are_all_read),
        cmocka_unit_test(invisible_unit_between_equal_separators_reads_as_one_separator),
        cmocka_unit_test(letters_for_digits_read_after_a_spaced_join),
        cmocka_unit_test(lookalikes_in_a_spaced_name_fold_after_the_join),
        cmocka_unit_test(value_marks_typed_as_units_between_one_mark_separators_are_read),
        cmocka_unit_test(planted_value_maps_back_to_exactly_its_bytes),
        cmocka_unit_test(random_code_points_build_a_consistent_view),
        cmocka_unit_test(reference_soup_builds_a_consistent_idempotent_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
