/*
 * Validators: each is fed numbers computed by its published algorithm (tests/corpus/synth_ids.py
 * made the synthetic ones independently of the C code), published specimen numbers, and
 * near-misses that must fail (wrong check digit, forbidden prefixes, impossible dates).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "scrub/validate_internal.h"

#include "common/banned.h"

static bool
run(const char *name, const char *value)
{
    const struct validator *v = validator_find(name);

    assert_non_null(v);
    return v->check((const unsigned char *)value, strlen(value));
}

static void
expect_all(const char *name, const char *const *values, bool want)
{
    for (size_t i = 0; values[i] != NULL; i++) {
        if (run(name, values[i]) != want) {
            fail_msg("%s(\"%s\") should be %s", name, values[i], want ? "true" : "false");
        }
    }
}

#define ACCEPTS(name, ...)                                                                         \
    do {                                                                                           \
        static const char *const v_[] = {__VA_ARGS__, NULL};                                       \
        expect_all(name, v_, true);                                                                \
    } while (0)
#define REJECTS(name, ...)                                                                         \
    do {                                                                                           \
        static const char *const v_[] = {__VA_ARGS__, NULL};                                       \
        expect_all(name, v_, false);                                                               \
    } while (0)

static void
validator_table_names_every_documented_check(void **state)
{
    static const char *const names[] = {
        "luhn",
        "luhn_words",
        "phone_words",
        "luhn_spoken",
        "phone_spoken",
        "not_freephone",
        "us_ssn_spoken",
        "iban",
        "us_ssn",
        "ipv4",
        "ipv6",
        "phone",
        "phone_labelled",
        "btc_base58check",
        "btc_bech32",
        "eth_eip55",
        "verhoeff",
        "date",
        "uk_nino",
        "uk_nhs",
        "ca_sin",
        "es_dni",
        "es_nie",
        "it_codice_fiscale",
        "fr_nir",
        "de_tax_id",
        "pl_pesel",
        "nl_bsn",
        "in_aadhaar",
        "in_pan",
        "br_cpf",
        "cn_resident_id",
        "kr_rrn",
        "jp_my_number",
        "au_tfn",
        "au_medicare",
        "sg_nric",
        "tr_tckn",
        "pt_nif",
        "ae_emirates_id",
        "ru_snils",
        "se_personnummer",
        "gr_amka",
        "cz_rodne_cislo",
        "ua_rnokpp",
        "vn_cccd",
        "id_nik",
        "ro_cnp",
        "fi_hetu",
        "dk_cpr",
        "dk_cpr_mod11",
        "no_fnr",
        "hu_taj",
        "th_id",
        "il_id",
        "sa_id",
        "nz_ird",
        "ie_ppsn",
        "za_id",
        "ir_national_code",
        "my_mykad",
        "eg_national_id",
        "rs_jmbg",
        "hr_oib",
        "bg_egn",
        "lt_asmens_kodas",
        "ch_ahv",
        "be_nrn",
        "at_svnr",
        "tw_id",
        "lv_personas_kods",
        "mrz_check",
        "us_mbi",
        "de_kvnr",
        "de_svnr",
        "mac",
        "entropy",
        "encoded_secret",
        "not_placeholder",
    };
    size_t n = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_non_null(validator_find(names[i]));
    }
    for (const struct validator *v = validator_table(); v->name != NULL; v++) {
        n++;
    }
    assert_int_equal(n, sizeof(names) / sizeof(names[0]));
    assert_null(validator_find("no_such_check"));
}

static void
luhn_accepts_cards_with_separators_and_rejects_wrong_check_digit(void **state)
{
    (void)state;
    ACCEPTS("luhn", "4111 1111 1111 1111", "4242-4242-4242-4242", "378282246310005",
            "5555555555554444", "344515474284355", "5381 4497 6608 5655", "5178836550620480");
    REJECTS("luhn", "4111111111111112", "5381449766085656", "0000000000000000", "1234567",
            "4111 1111 1111 1111 1111", "4111x1111");
}

static void
luhn_and_iban_read_digits_through_underscores_and_line_breaks(void **state)
{
    (void)state;
    ACCEPTS("luhn", "5381_4497_6608_5655", "5381 4497\n6608 5655", "53814497\r\n66085655",
            "5381/4497/6608/5655");
    REJECTS("luhn", "5381_4497_6608_5656", "5381 4497\n6608 5656", "5381;4497;6608;5655");
    ACCEPTS("iban", "GB82-WEST-1234-5698-7654-32", "DE89_3704_0044_0532_0130_00");
    REJECTS("iban", "GB82-WEST-1234-5698-7654-31");
}

static void
luhn_words_reads_digit_words_of_six_languages_then_checks_the_card(void **state)
{
    (void)state;
    ACCEPTS(
        "luhn_words",
        "four five three two, zero one five one, one two eight three, zero three six six",
        "Six Zero One One One Two Three Four Five Six Seven Eight Nine Zero One Nine",
        "cuatro cinco tres nueve uno cuatro ocho ocho cero tres cuatro tres seis cuatro seis siete",
        "quatre cinq trois neuf un quatre huit huit z\xc3\xa9ro trois quatre trois six quatre six "
        "sept",
        "vier f\xc3\xbcnf drei neun eins vier acht acht null drei vier drei sechs vier sechs "
        "sieben",
        "four five three two 0151 1283 zero three six six",
        /* a mark said as a word between groups; Portuguese "quatro"; Russian */
        "four five three two dash zero one five one-dash-one two eight three, hyphen, zero three "
        "six six",
        "quatro cinco tr\xc3\xaas dois zero um cinco um um dois oito tr\xc3\xaas zero tr\xc3\xaas "
        "seis "
        "seis",
        "\xd1\x87\xd0\xb5\xd1\x82\xd1\x8b\xd1\x80\xd0\xb5 \xd0\xbf\xd1\x8f\xd1\x82\xd1\x8c "
        "\xd1\x82\xd1\x80\xd0\xb8 \xd0\xb4\xd0\xb2\xd0\xb0 \xd0\xbd\xd0\xbe\xd0\xbb\xd1\x8c "
        "\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbd \xd0\xbf\xd1\x8f\xd1\x82\xd1\x8c "
        "\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbd \xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbd "
        "\xd0\xb4\xd0\xb2\xd0\xb0 "
        "\xd0\xb2\xd0\xbe\xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c \xd1\x82\xd1\x80\xd0\xb8 "
        "\xd0\xbd\xd0\xbe\xd0\xbb\xd1\x8c \xd1\x82\xd1\x80\xd0\xb8 "
        "\xd1\x88\xd0\xb5\xd1\x81\xd1\x82\xd1\x8c "
        "\xd1\x88\xd0\xb5\xd1\x81\xd1\x82\xd1\x8c");
    /* one digit off; a word that is no digit; seven digits; one digit repeated */
    REJECTS("luhn_words",
            "four five three two, zero one five one, one two eight three, zero three six seven",
            "four five three two zero one five one one two eight three zero three six dog",
            "four five three two dash zero one five one dash one two eight three dash zero three "
            "six seven",
            "four five three two zero one five",
            "zero zero zero zero zero zero zero zero zero zero zero zero zero");
}

static void
phone_words_reads_digit_words_of_many_languages_and_refuses_counting(void **state)
{
    (void)state;
    /* "plus" first; Russian, Afrikaans, Swahili, Tagalog, Finnish, Romanian, Hindi, Turkish;
     * digits and words of two languages mixed */
    ACCEPTS(
        "phone_words", "plus one four one five eight two three two one three four",
        "plus \xd0\xb4\xd0\xb5\xd0\xb2\xd1\x8f\xd1\x82\xd1\x8c \xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbd "
        "\xd0\xb4\xd0\xb5\xd0\xb2\xd1\x8f\xd1\x82\xd1\x8c \xd0\xbd\xd0\xbe\xd0\xbb\xd1\x8c "
        "\xd1\x88\xd0\xb5\xd1\x81\xd1\x82\xd1\x8c \xd0\xb4\xd0\xb5\xd0\xb2\xd1\x8f\xd1\x82\xd1\x8c "
        "\xd1\x82\xd1\x80\xd0\xb8 \xd1\x88\xd0\xb5\xd1\x81\xd1\x82\xd1\x8c "
        "\xd0\xb2\xd0\xbe\xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c \xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c "
        "\xd0\xb4\xd0\xb2\xd0\xb0 \xd0\xbf\xd1\x8f\xd1\x82\xd1\x8c",
        "ses een vier een twee twee drie sewe twee agt drie",
        "sifuri saba mbili nane tano tatu nne moja sita tisa",
        "isa apat isa anim lima isa anim pito siyam walo",
        "nolla nelj\xc3\xa4 kaksi seitsem\xc3\xa4n yhdeks\xc3\xa4n viisi kolme kahdeksan yksi "
        "kuusi",
        "zero \xc8\x99"
        "apte doi patru opt nou\xc4\x83 unu trei cinci",
        "\xe0\xa4\xb6\xe0\xa5\x82\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xaf \xe0\xa4\xa8\xe0\xa5\x8c "
        "\xe0\xa4\x86\xe0\xa4\xa0 \xe0\xa4\x8f\xe0\xa4\x95 \xe0\xa4\xb8\xe0\xa4\xbe\xe0\xa4\xa4 "
        "\xe0\xa4\x9b\xe0\xa4\xb9 \xe0\xa4\xa6\xe0\xa5\x8b "
        "\xe0\xa4\xaa\xe0\xa4\xbe\xe0\xa4\x81\xe0\xa4\x9a \xe0\xa4\x9a\xe0\xa4\xbe\xe0\xa4\xb0 "
        "\xe0\xa4\xa4\xe0\xa5\x80\xe0\xa4\xa8",
        "s\xc4\xb1"
        "f\xc4\xb1r be\xc5\x9f \xc3\xbc\xc3\xa7 iki d\xc3\xb6rt yedi sekiz dokuz bir alt\xc4\xb1",
        "0 nove 1 2 zero 4 cinque");
    /* a count up or down of six or more, one digit repeated, six digits, sixteen, a word that is
     * no digit, "plus" after the first digit */
    REJECTS("phone_words",
            "\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbd, \xd0\xb4\xd0\xb2\xd0\xb0, \xd1\x82\xd1\x80\xd0\xb8, "
            "\xd1\x87\xd0\xb5\xd1\x82\xd1\x8b\xd1\x80\xd0\xb5, \xd0\xbf\xd1\x8f\xd1\x82\xd1\x8c, "
            "\xd1\x88\xd0\xb5\xd1\x81\xd1\x82\xd1\x8c, \xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c",
            "uno dos tres cuatro cinco seis siete", "nine eight seven six five four three",
            "sifuri sifuri sifuri sifuri sifuri sifuri sifuri", "een twee drie vier vijf zes",
            "plus one four one five eight two three two one three four five six seven eight",
            "four five three dog two one three six", "one plus four one five eight two three two");
}

static void
phone_words_reads_double_and_triple_as_the_next_digit_repeated(void **state)
{
    (void)state;
    /* 0755321 89: seven digits only once "double" says five twice; 0777 5555 21 */
    ACCEPTS("phone_words", "oh seven double five three two one eight nine",
            "zero triple seven, five five five five, two one", "double 5 four one eight two three");
    /* "double" last or before a word that is no digit; "double six" making a count of six;
     * "double" twice over one digit */
    REJECTS("phone_words", "oh seven five three two one eight nine double",
            "oh seven double dash five three two one eight", "one two three four five double six",
            "oh seven double double five three two one");
}

static void
spoken_checks_read_pairs_doubles_and_oh_then_check_the_number(void **state)
{
    (void)state;
    ACCEPTS("phone_spoken", "four twelve, five fifty eight, thirty nine twenty",
            "oh seven seven double nine three four five six seven eight",
            "six one seven, four twenty-two, ninety one oh four",
            "eight hundred five five five twenty one thirty");
    ACCEPTS("us_ssn_spoken", "five thirty six twenty two eighty one forty nine",
            "four twelve fifty five eight three nine two");
    ACCEPTS("luhn_spoken",
            "forty five thirty two, fifteen twelve, eighty three oh three, sixty six forty eight");
    /* no pair word (the digit-word rules' own); nine digits for a phone; a word that is no
     * number; an SSN area 9xx, eight digits; a card one digit off; "double" before no digit */
    REJECTS("phone_spoken", "four one two five five eight three nine two oh",
            "four twelve fifty five eight three nine two",
            "four twelve fifty five eight three nine dogs", "double double four twelve five");
    REJECTS("us_ssn_spoken", "nine twelve twenty two eighty one forty nine",
            "five thirty six twenty two eighty one four");
    REJECTS("luhn_spoken",
            "forty five thirty two, fifteen twelve, eighty three oh three, sixty six forty seven");
}

static void
iban_checks_mod97_and_country_length(void **state)
{
    (void)state;
    ACCEPTS("iban", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "NL64JGRE9932157116",
            "GB34TJUD57718835795111", "SE8144325688557652373556");
    /* wrong check, wrong length for GB, unknown country, lower-case letters folded */
    REJECTS("iban", "GB82WEST12345698765431", "GB82WEST1234569876543", "QQ82WEST12345698765432",
            "DE8937040044053201300");
}

static void
us_ssn_rejects_never_issued_areas_groups_and_serials(void **state)
{
    (void)state;
    ACCEPTS("us_ssn", "123-45-6789", "852766253", "218 20 7237", "761-73-2091");
    REJECTS("us_ssn", "000-12-3456", "666-12-3456", "901-12-3456", "123-00-4567", "123-45-0000",
            "12-345-678", "1234567890");
}

static void
ipv4_requires_four_octets_up_to_255_without_leading_zeros(void **state)
{
    (void)state;
    ACCEPTS("ipv4", "192.168.1.1", "8.8.8.8", "10.0.0.254", "255.255.255.0");
    REJECTS("ipv4", "256.1.1.1", "1.02.3.4", "1.2.3", "1.2.3.4.5", "1..2.3", "a.b.c.d");
}

static void
ipv6_accepts_compressed_forms_but_not_scope_operators(void **state)
{
    (void)state;
    ACCEPTS("ipv6", "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    REJECTS("ipv6", "::", "::1", "a::b", "std::vector", "2001:db8:::1", "12:34",
            "40:cc:a8:5f:0f:54:f3:04");
}

static void
mac_accepts_one_separator_throughout_cisco_or_bare_hex(void **state)
{
    (void)state;
    ACCEPTS("mac", "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e", "001A2B3C4D5E",
            "98 CD 59 53 5D C6");
    REJECTS("mac", "00:1A:2B-3C:4D:5E", "98 CD:59 53 5D C6", "ff:ff:ff:ff:ff:ff",
            "00:00:00:00:00:00", "00:1A:2B:3C:4D", "0G:1A:2B:3C:4D:5E", "000000000000",
            "001A2B3C4D5");
}

static void
phone_accepts_nanp_and_international_numbers(void **state)
{
    (void)state;
    ACCEPTS("phone", "+1 (415) 555-2671", "(212) 456-7890", "+44 20 7946 0958",
            "+44 (0)20 7946 0958", "020 7946 0958", "07911 123456", "+49 30 12345678",
            "+33 6 12 34 56 78", "+91 98765 43210", "1-800-555-0199", "0044 20 7946 0958",
            "212.456.7890", "555.123.4567", "030 901820", "(123)456-7890x1234",
            "001-234-567-8901x123", "+1-234-567-8901 ext. 55");
}

static void
not_freephone_rejects_toll_free_numbers_only(void **state)
{
    (void)state;
    REJECTS("not_freephone", "1-888-216-2489", "1 (877) 352-7210", "(866) 952-1030",
            "+1 833 235 5962", "8002221222", "0800 639 2718", "+44 808 157 0192", "1800 011 046",
            "00800 1234 5678");
    ACCEPTS("not_freephone", "(415) 555-2671", "+1 212 456 7890", "07911 123456",
            "+44 20 7946 0958", "(889) 123-4567", "1-880-555-0123", "0801 234 5678", "ext 800");
}

static void
phone_labelled_takes_national_numbers_without_a_trunk_prefix(void **state)
{
    (void)state;
    /* DK, NO, SG, HK: eight digits; PE, CL mobiles: nine; unseparated or in blank groups */
    ACCEPTS("phone_labelled", "39524132", "8201 3102", "925 841 941", "33 97 76 70",
            "+1 (415) 555-2671", "020 7946 0958");
    REJECTS("phone", "39524132", "8201 3102", "925 841 941");
    /* a date, a year range, a dotted date, seven or ten digits the plain check refuses */
    REJECTS("phone_labelled", "20240101", "19870314", "2010-2015", "14.03.1987", "1234 5678",
            "0000 0000", "1234567", "2222 2222");
}

static void
phone_reads_url_encoded_plus_and_space(void **state)
{
    (void)state;
    ACCEPTS("phone", "%2B14155552671", "%2b44%207911%20123456", "%2B49-30-12345678");
    /* "%2B" only as the leading plus; a bare "%2B" run is not a number */
    REJECTS("phone", "%2B999 1234 5678", "415%2B5552671", "%2B1 212 456 789", "%2B%2B14155552671");
}

static void
phone_rejects_impossible_area_codes_and_unassigned_country_codes(void **state)
{
    (void)state;
    REJECTS("phone", "123-456-7890", "112-456-7890", "411-456-7890", "(011) 45", "+999 1234 5678",
            "0000000000", "2024", "+44 20", "12345678901234567", "+1 212 456 789");
}

static void
phone_reads_one_line_break_as_a_separator(void **state)
{
    (void)state;
    ACCEPTS("phone", "(415) 555-\n0134", "212-456-\r\n    7890", "+49 30\n12345678", "555-\r0134");
    /* one blank line is one break: a value split across lines as it was pasted */
    ACCEPTS("phone", "212-456-\r\n\r\n7890", "+61 495 4\n\n53 996", "(415) 555-\n \t\n0134");
    /* two breaks with anything between are two lines, two blank lines are no join, and a break
       does not lift the digit-count checks */
    REJECTS("phone", "415\n555\n0134", "212-456-\n\n\n7890", "415 555\n0\n\n134", "+1\n2",
            "123-\n456-7890", "+1\n\n2");
}

static void
btc_base58check_verifies_double_sha256_checksum(void **state)
{
    (void)state;
    ACCEPTS("btc_base58check", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "37mYNHoyU84yFr58X2gXsUoK6r1oT6VEVW",
            "18GCAeeASwFR2XkoNrB9eTUSDTZL5fDubw", "LKDyUEtTR1HXamkiEphisSiBJu6o3ZPE34",
            "D5ERdEN1gsouFSs7zsq7VYJxyWP6dP28H1");
    REJECTS("btc_base58check", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0", "1111111111111111111111111",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNL");
}

static void
btc_bech32_verifies_bech32_and_bech32m_checksums(void **state)
{
    (void)state;
    ACCEPTS("btc_bech32", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "bc1qf9p37yv0n9d50z9kg849vhcmta8d87swggpsum");
    /* wrong checksum, mixed case, v0 with a bech32m checksum, other network */
    REJECTS("btc_bech32", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7KV8F3T4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
            "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
}

static void
eth_eip55_verifies_mixed_case_checksum_via_keccak(void **state)
{
    (void)state;
    /* The EIP-55 specification's own examples, plus generated ones. */
    ACCEPTS(
        "eth_eip55", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "0xd6577F6B5ddEb69eF26632B5356d6d0489bC0fe8",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED");
    REJECTS(
        "eth_eip55", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        "0x5aAeb6053f3E94C9b9A09f33669435E7Ef1BeAed", "0x0000000000000000000000000000000000000000",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg");
}

static void
crypto_checks_ignore_a_space_or_line_break_inside_the_address(void **state)
{
    (void)state;
    ACCEPTS("eth_eip55", "0x5aAeb6053F3E94C9b9A0 9f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79\nCe92cE3Ea74c37c5d359");
    REJECTS("eth_eip55", "0x5aAeb6053F3E94C9b9A0 9f33669435E7Ef1BeAeD",
            "0x5aAeb6053F3E94C9b9A0;9f33669435E7Ef1BeAed");
    ACCEPTS("btc_base58check", "1A1zP1eP5QGefi2DMP TfTL5SLmv7DivfNa",
            "3J98t1WpEZ73CNmQvi\r\necrnyiWrnqRhWNLy");
    REJECTS("btc_base58check", "1A1zP1eP5QGefi2DMP TfTL5SLmv7DivfNb");
    ACCEPTS("btc_bech32", "bc1qw508d6qejxtdg4y5r3 zarvary0c5xw7kv8f3t4");
    REJECTS("btc_bech32", "bc1qw508d6qejxtdg4y5r3 zarvary0c5xw7kv8f3t5");
}

static void
verhoeff_catches_single_digit_changes(void **state)
{
    (void)state;
    ACCEPTS("verhoeff", "2363", "236", "739182761166");
    REJECTS("verhoeff", "2364", "2336", "739182761167");
}

static void
date_accepts_real_calendar_dates_in_common_orders(void **state)
{
    (void)state;
    ACCEPTS("date", "1985-03-14", "14/03/1985", "03/14/1985", "March 14, 1985",
            "14th of March 1985", "Feb 29, 1996", "12.03.85", "March 14", "14 mars 1985",
            "3. Mai 1990", "1990年3月14日", "March 1985");
}

static void
date_accepts_roman_months_weekdays_ordinals_and_compact_digits(void **state)
{
    (void)state;
    ACCEPTS("date", "2.IV.1979", "14-XI-1962", "3 vii 1985", "Monday, April 2, 1979",
            "Fri, 03 Jan 1992", "August the 5th, 1971", "1er mai 1980", "April 2 '79", "19850314",
            "14031985", "03141985");
}

static void
date_rejects_bad_roman_months_and_compact_digits(void **state)
{
    (void)state;
    REJECTS("date", "2.XIII.1979", "IV.2.1979", "2.IV.1785", "Flight IV 1985", "19851314",
            "12345678", "31021990", "Funday, April 2, 1979");
}

static void
date_rejects_impossible_days_months_and_years(void **state)
{
    (void)state;
    REJECTS("date", "Feb 29, 1997", "31/04/1990", "13/13/1990", "2024-13-01", "1.2.3", "14/03/1785",
            "Flight 14, 1985", "12345", "March 1785", "March 123");
}

static void
entropy_accepts_machine_made_secrets_and_rejects_words(void **state)
{
    (void)state;
    ACCEPTS("entropy", "aK9x2Lm7Qp4Zr8Tw", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "9f86d081884c7d659a2feaa0c55ad015");
    REJECTS("entropy", "passwordpassword", "correcthorsebatterystaple", "hunter2",
            "aaaaaaaaaaaaaaaaaaaa1", "has a space in it ok", "card_keys_sorted", "$VEIL_ID_KEY",
            "keys/veil.sec", "--password-file", "writes_secret_key_with_mode_0600");
}

static void
encoded_secret_rejects_base64_of_a_sentence(void **state)
{
    (void)state;
    /* "liam:qwerty!2024", "Chicken:Tender24", random bytes; base64url too; sentences that hold a
     * credential: "my password is hunter", "the pin is four two", "door code one nine" */
    ACCEPTS("encoded_secret", "bGlhbTpxd2VydHkhMjAyNA==", "Q2hpY2tlbjpUZW5kZXIyNA",
            "Zk3mQ9xW4rT7vB1nL5pZ3a", "c2VjcmV0LXRva2VuLTk5OA", "bXkgcGFzc3dvcmQgaXMgaHVudGVy",
            "dGhlIHBpbiBpcyBmb3VyIHR3bw==", "ZG9vciBjb2RlIG9uZSBuaW5l");
    /* "Hello world", "How do I pick a lock?", "the quick brown fox" (base64url, unpadded) */
    REJECTS("encoded_secret", "SGVsbG8gd29ybGQ=", "SG93IGRvIEkgcGljayBhIGxvY2s/",
            "dGhlIHF1aWNrIGJyb3duIGZveA", "hunter2");
}

static void
not_placeholder_rejects_a_run_of_filler(void **state)
{
    (void)state;
    ACCEPTS("not_placeholder", "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "-----BEGIN RSA PRIVATE KEY-----",
            "AAAAAAAAAAAABAAAA");
    REJECTS(
        "not_placeholder", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk-XXXXXXXXXXXXXXXX",
        "AKIA0000000000000000", "sk_test_********abcd",
        /* jwt.io's sample token, whole or its claims alone, under any header */
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwia"
        "WF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWV9");
    ACCEPTS("not_placeholder", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
                               "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
}

static void
uk_nino_enforces_prefix_and_suffix_rules(void **state)
{
    (void)state;
    ACCEPTS("uk_nino", "AB 12 34 56 C", "QQ123456C", "EN881399D", "YY797309A", "EM170753");
    REJECTS("uk_nino", "DA123456C", "AO123456C", "GB123456A", "ZZ123456A", "AB123456E", "AB12345C",
            "A1234567C");
}

static void
uk_nhs_checks_mod11_digit(void **state)
{
    (void)state;
    ACCEPTS("uk_nhs", "943 476 5919", "4556815185", "844-729-4056");
    REJECTS("uk_nhs", "943 476 5918", "4556815186", "0000000000", "94347659");
}

static void
ca_sin_checks_luhn_over_nine_digits(void **state)
{
    (void)state;
    ACCEPTS("ca_sin", "046 454 286", "489-768-465", "578809329");
    REJECTS("ca_sin", "046 454 287", "846 454 281", "48976846");
}

static void
es_dni_and_nie_check_the_mod23_letter(void **state)
{
    (void)state;
    ACCEPTS("es_dni", "12345678Z", "73177848-J", "64887663V");
    REJECTS("es_dni", "12345678A", "1234567Z", "X1234567L");
    ACCEPTS("es_nie", "X1234567L", "Y5347787W", "Z-8472671-M");
    REJECTS("es_nie", "X1234567A", "A1234567L", "12345678Z");
}

static void
it_codice_fiscale_checks_the_control_letter_and_omocodia(void **state)
{
    (void)state;
    /* RSSMRA85T10A56NH: the omocodic form of RSSMRA85T10A562S (2 -> N), check recomputed */
    ACCEPTS("it_codice_fiscale", "RSSMRA85T10A562S", "ZLTPFJ95L45A095Z", "BSXWDY25D04I980E",
            "RSSMRA85T10A56NH");
    REJECTS("it_codice_fiscale", "RSSMRA85T10A562T", "RSSMRA85Z10A562S", "RSSMRA85T10A562",
            "1SSMRA85T10A562S");
}

static void
fr_nir_checks_key_including_corsica(void **state)
{
    (void)state;
    ACCEPTS("fr_nir", "2 55 08 14 168 025 38", "169046998261305", "1 84 12 76 451 089 46");
    REJECTS("fr_nir", "2 55 08 14 168 025 39", "5 55 08 14 168 025 38", "2550814168025");
}

static void
fr_nir_reads_corsican_departments_as_19_and_18(void **state)
{
    char nir[16] = "18502"
                   "2A"
                   "12345678";

    (void)state;
    /* 1 85 02 2A 123 456 + key: 97 - (1850219123456 mod 97) */
    unsigned long long n = 1850219123456ULL;
    unsigned key = (unsigned)(97 - n % 97);
    nir[13] = (char)('0' + key / 10);
    nir[14] = (char)('0' + key % 10);
    nir[15] = '\0';
    assert_true(run("fr_nir", nir));
    nir[6] = 'B';
    assert_false(run("fr_nir", nir));
}

static void
de_tax_id_checks_iso7064_and_digit_repetition(void **state)
{
    (void)state;
    ACCEPTS("de_tax_id", "86095742719", "95180746520", "12608043599", "87432591466");
    /* wrong check, leading zero, no repeated digit, two repeated digits */
    REJECTS("de_tax_id", "86095742718", "06095742719", "12345678903", "11223456789");
}

static void
pl_pesel_checks_weights_and_birth_date(void **state)
{
    (void)state;
    ACCEPTS("pl_pesel", "44051401359", "79051486169", "69031224775");
    REJECTS("pl_pesel", "44051401358", "44133101352", "4405140135");
}

static void
nl_bsn_passes_the_eleven_proof(void **state)
{
    (void)state;
    ACCEPTS("nl_bsn", "111222333", "818841333", "5893.94.940");
    REJECTS("nl_bsn", "111222334", "123456789", "000000000");
}

static void
in_aadhaar_checks_verhoeff_and_first_digit(void **state)
{
    (void)state;
    ACCEPTS("in_aadhaar", "2341 2341 2346", "739182761166", "8033-0428-4513");
    REJECTS("in_aadhaar", "1341 2341 2346", "2341 2341 2347", "0391 8276 1166");
}

static void
in_pan_checks_format_and_holder_type(void **state)
{
    (void)state;
    ACCEPTS("in_pan", "ABCPE1234F", "YINPB1304D", "SCJTF4410N");
    REJECTS("in_pan", "ABCXE1234F", "abcpe1234f", "ABCPE12345", "ABCP1234F");
}

static void
br_cpf_checks_both_mod11_digits(void **state)
{
    (void)state;
    ACCEPTS("br_cpf", "111.444.777-35", "18955799020", "659.397.615-69");
    REJECTS("br_cpf", "111.444.777-36", "111.444.777-45", "111.111.111-11", "1114447773");
}

static void
cn_resident_id_checks_mod11_2_and_birth_date(void **state)
{
    (void)state;
    ACCEPTS("cn_resident_id", "11010519491231002X", "420102198205241469", "440305194209113806");
    REJECTS("cn_resident_id", "110105194912310021", "110105194913310026", "11010519491231002");
}

static void
kr_rrn_checks_birth_date_and_check_digit(void **state)
{
    (void)state;
    ACCEPTS("kr_rrn", "661021-2406927", "9507132363220", "530526-2230047");
    REJECTS("kr_rrn", "661021-2406928", "661321-2406927", "800101-1234567");
}

static void
jp_my_number_checks_weighted_mod11(void **state)
{
    (void)state;
    ACCEPTS("jp_my_number", "123456789018", "8764 5291 2808", "845850037035");
    REJECTS("jp_my_number", "123456789019", "876452912809", "12345678901");
}

static void
au_tfn_checks_weighted_sum(void **state)
{
    (void)state;
    ACCEPTS("au_tfn", "123 456 782", "778794321", "627-058-606");
    REJECTS("au_tfn", "123 456 789", "778794322", "1234567");
}

static void
au_medicare_checks_digit_nine_and_issue_number(void **state)
{
    (void)state;
    ACCEPTS("au_medicare", "2123 45670 1", "2839490637", "6828 11268 6");
    REJECTS("au_medicare", "2123 45671 1", "1123 45670 1", "2123 45670 0", "212345670");
}

static void
sg_nric_uses_the_series_check_table(void **state)
{
    (void)state;
    ACCEPTS("sg_nric", "S1234567D", "T1234567J", "F5263097P", "G5828025P", "T2018051F");
    REJECTS("sg_nric", "S1234567A", "A1234567D", "S123456D", "F5263097Q");
}

static void
tr_tckn_checks_both_check_digits_and_leading_digit(void **state)
{
    (void)state;
    ACCEPTS("tr_tckn", "10000000146", "17291716060", "62601815964", "183 016 613 32");
    /* tenth or eleventh digit changed, a leading zero (check digits right), too short */
    REJECTS("tr_tckn", "10000000156", "17291716050", "62601815965", "02601815946", "1000000014");
}

static void
pt_nif_checks_mod11_digit_and_issued_prefixes(void **state)
{
    (void)state;
    ACCEPTS("pt_nif", "501964843", "181 948 214", "455797544", "993231942", "299351815");
    /* check or body digit changed; prefixes 0, 41 and 93 (never issued) with right checks */
    REJECTS("pt_nif", "501964842", "181948224", "045797544", "415797543", "933231946", "50196484");
}

static void
ae_emirates_id_checks_prefix_birth_year_and_luhn(void **state)
{
    (void)state;
    ACCEPTS("ae_emirates_id", "784-1980-1862527-1", "784200160189559", "784 1972 5979711 2");
    /* check or serial digit changed; not 784 or born 1850, each with a passing Luhn digit */
    REJECTS("ae_emirates_id", "784-1980-1862527-2", "784-1980-1862537-1", "785-1980-1862527-0",
            "784-1850-1862527-8", "78419801862527");
}

static void
ru_snils_checks_mod101_control_number(void **state)
{
    (void)state;
    ACCEPTS("ru_snils", "112-233-445 95", "46507529198", "703-423-667 66",
            /* weighted sums 100, 101 and 202 all give control number 00 */
            "001-326-679 00", "001-508-816 00", "006-996-683 00", "001-239-570 99");
    REJECTS("ru_snils", "112-233-445 96", "112-233-455 95", "703-423-667 67", "001-326-679 01",
            "112-233-445 9");
}

static void
ru_snils_accepts_early_numbers_that_have_no_control_number(void **state)
{
    (void)state;
    ACCEPTS("ru_snils", "001-001-998 00", "000-123-456 17");
    REJECTS("ru_snils", "001-001-999 00", "000-000-000 00");
}

static void
se_personnummer_checks_luhn_and_birth_date_in_both_forms(void **state)
{
    (void)state;
    /* Skatteverket's specimen, a leap day, the 100+ '+' form, the century written out */
    ACCEPTS("se_personnummer", "121212-1212", "811218-9876", "040229-1231", "121212+1212",
            "19811218-9876", "198112189876", "4302010071");
    /* check or body digit changed */
    REJECTS("se_personnummer", "811218-9875", "811228-9876", "121212-1213");
    /* right Luhn digit but 29 Feb 2003, month 13, day 32; century 17; wrong length */
    REJECTS("se_personnummer", "030229-1232", "811318-9875", "811232-9878", "17811218-9876",
            "811218-987", "811218/9876x");
}

static void
se_personnummer_accepts_coordination_numbers_with_day_plus_60(void **state)
{
    (void)state;
    ACCEPTS("se_personnummer", "500471-2344");
    REJECTS("se_personnummer", "500471-2345", "500492-2340");
}

static void
gr_amka_checks_luhn_and_birth_date(void **state)
{
    (void)state;
    ACCEPTS("gr_amka", "15038512347", "29020411111", "01126998762");
    /* check or body digit changed */
    REJECTS("gr_amka", "15038512348", "15038522347", "01126998761");
    /* right Luhn digit but 29 Feb 2003, day 32, month 13; ten digits */
    REJECTS("gr_amka", "29020311113", "32048512340", "15138512346", "1503851234");
}

static void
cz_rodne_cislo_checks_mod11_and_month_offsets(void **state)
{
    (void)state;
    /* a man, a woman (+50), a man born 2004 with +20, a nine-digit number from before 1954 */
    ACCEPTS("cz_rodne_cislo", "855312/1236", "010101/0019", "042510/3217", "736028/1115",
            "8553121236", "430115/123");
    /* remainder 10 was written 0 only up to 1985 */
    ACCEPTS("cz_rodne_cislo", "800512/1070");
    REJECTS("cz_rodne_cislo", "955101/2340");
    /* check or body digit changed */
    REJECTS("cz_rodne_cislo", "855312/1237", "855312/1336", "010101/0018");
    /* divisible by 11 but +20 before 2004, 30 February; nine digits after 1953 or with +20 */
    REJECTS("cz_rodne_cislo", "992510/1230", "550230/1233", "540101/123", "042510/321");
}

static void
ua_rnokpp_checks_weighted_mod11_digit(void **state)
{
    (void)state;
    ACCEPTS("ua_rnokpp", "3124501233", "2840012343", "4412309871");
    /* check or body digit changed; a zero birth date with the right check; nine digits */
    REJECTS("ua_rnokpp", "3124501234", "3124511233", "4412309872", "0000012343", "312450123");
}

static void
vn_cccd_checks_province_code_and_century_digit(void **state)
{
    (void)state;
    ACCEPTS("vn_cccd", "079205123456", "001190654321", "096 0 88 000123");
    /* province 003 and 097 do not exist; century digit 4; eleven digits */
    REJECTS("vn_cccd", "003190654321", "097190654321", "079405123456", "07920512345");
}

static void
id_nik_checks_area_codes_birth_date_and_serial(void **state)
{
    (void)state;
    /* a woman (day + 40) in Jakarta, a man in Balikpapan */
    ACCEPTS("id_nik", "3174015708850003", "6471020102990012", "32.73.01.620287.5269");
    /* province 20, regency 00, serial 0000, day 32, day 72 (32 + 40), 30 February */
    REJECTS("id_nik", "2074015708850003", "3100015708850003", "3174015708850000",
            "3174013208850003", "3174017208850003", "3174013002850003", "317401570885000");
}

static void
ro_cnp_checks_weighted_mod11_birth_date_and_county(void **state)
{
    (void)state;
    /* men and women of three centuries, a resident (7), a leap day in 2000, remainder 10 as 1 */
    ACCEPTS("ro_cnp", "1850312120128", "2791231404566", "5010129200348", "7850715460116",
            "6000229400010", "1850312120031");
    /* check or body digit changed */
    REJECTS("ro_cnp", "1850312120129", "1850312121128", "2791231404567");
    /* month 22, first digit 0, county 00 with a right check digit, county 60, wrong length */
    REJECTS("ro_cnp", "6002294000078", "0850312120121", "1850312001235", "1850312601233",
            "185031212012");
}

static void
fi_hetu_checks_mod31_character_and_century_sign(void **state)
{
    (void)state;
    /* '-' 1900s, '+' 1800s, 'A' 2000s, the 2023 signs Y (1900s) and B (2000s), temporary 900 */
    ACCEPTS("fi_hetu", "131052-308T", "311299+9008", "150320A1237", "010594Y202E", "290204B4562",
            "131052-308t");
    /* check character or a digit changed */
    REJECTS("fi_hetu", "131052-308U", "131053-308T", "150320A1238");
    /* 29 February 1900 (no leap year), month 13, individual 001, unknown sign, no sign */
    REJECTS("fi_hetu", "290200-1234", "131352-308T", "010101-0012", "131052G308T", "131052308T0");
}

static void
dk_cpr_checks_birth_date_with_century_digit(void **state)
{
    (void)state;
    /* passing mod 11 or not: since 2007 the date is all that is fixed */
    ACCEPTS("dk_cpr", "070761-1006", "2412901005", "070761-1007", "290200-4001");
    /* 29 February 1900 (digit 0-3 means the 1900s), 31 April, month 13, wrong length */
    REJECTS("dk_cpr", "290200-1234", "310461-1006", "071361-1006", "070761-100");
    ACCEPTS("dk_cpr_mod11", "070761-1006", "2412901005", "290200-4001", "010158-1004",
            "150637-1003");
    /* one digit changed breaks mod 11; a good sum with an impossible date */
    REJECTS("dk_cpr_mod11", "070761-1007", "070762-1006", "2412901006", "320761-1006");
}

static void
no_fnr_checks_both_check_digits_and_birth_date(void **state)
{
    (void)state;
    /* 1900s, 1800s (500-749 from year 54), 2000s, a D-number (day+40), an H-number (month+40) */
    ACCEPTS("no_fnr", "01019010046", "15056510033", "29020410777", "41018510772", "01457010032");
    /* first or second check digit changed, a body digit changed */
    REJECTS("no_fnr", "01019010056", "01019010047", "01019011046");
}

static void
no_fnr_rejects_impossible_dates_whatever_the_checks(void **state)
{
    char d[12] = "3002901";
    static const unsigned w1[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    static const unsigned w2[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    (void)state;
    /* 30 February 1990 with both check digits computed here the published way */
    for (int ind = 0; ind < 100; ind++) {
        unsigned s1 = 0, s2 = 0;

        d[7] = (char)('0' + ind / 10);
        d[8] = (char)('0' + ind % 10);
        for (size_t i = 0; i < 9; i++) {
            s1 += w1[i] * (unsigned)(d[i] - '0');
        }
        if ((11 - s1 % 11) % 11 == 10) {
            continue;
        }
        d[9] = (char)('0' + (11 - s1 % 11) % 11);
        for (size_t i = 0; i < 10; i++) {
            s2 += w2[i] * (unsigned)(d[i] - '0');
        }
        if ((11 - s2 % 11) % 11 == 10) {
            continue;
        }
        d[10] = (char)('0' + (11 - s2 % 11) % 11);
        d[11] = '\0';
        assert_false(run("no_fnr", d));
    }
}

static void
hu_taj_checks_alternating_3_7_weights(void **state)
{
    (void)state;
    ACCEPTS("hu_taj", "037514297", "123456788", "987 654 322");
    REJECTS("hu_taj", "037514298", "037524297", "12345678", "1234567888");
}

static void
rs_jmbg_checks_mod11_digit_and_birth_date(void **state)
{
    (void)state;
    ACCEPTS("rs_jmbg", "0101990450006", "2404985983250", "0611992757611", "2404985 98 325 0");
    /* a wrong check digit, a 31 February, a 13th month */
    REJECTS("rs_jmbg", "0101990450007", "3102985983250", "2413985983250", "010199045000");
}

static void
hr_oib_checks_iso7064_mod11_10(void **state)
{
    (void)state;
    ACCEPTS("hr_oib", "69435151530", "94577403194");
    REJECTS("hr_oib", "69435151531", "94577403195", "6943515153", "694351515300");
}

static void
bg_egn_checks_weighted_digit_and_century_month(void **state)
{
    (void)state;
    /* born 1975, 1880 (month + 20) and 2005 (month + 40) */
    ACCEPTS("bg_egn", "7523169263", "8032056031", "7552010005");
    REJECTS("bg_egn", "7523169264", "7513329263", "752316926");
}

static void
us_mbi_follows_the_cms_character_layout(void **state)
{
    (void)state;
    ACCEPTS("us_mbi", "1EG4-TE5-MK73", "1EG4TE5MK73", "9AA0-AA0-AA00", "2AC9 CD3 EF45");
    /* O and I are never letters of an MBI, a letter never stands where a digit goes */
    REJECTS("us_mbi", "0EG4-TE5-MK73", "1OG4-TE5-MK73", "1EG4-TE5-MK7A", "1EGA-TE5-MK73",
            "1EG4-TE5-MK7", "1EG4-TE5-MK733", "1EG4-5T5-MK73");
}

static void
de_kvnr_checks_the_letter_and_nine_digits(void **state)
{
    (void)state;
    ACCEPTS("de_kvnr", "A123456780", "a123456780", "Z987654321");
    REJECTS("de_kvnr", "A123456781", "1123456780", "A12345678", "A1234567800", "AB23456780");
}

static void
de_svnr_checks_birth_date_letter_and_check_digit(void **state)
{
    (void)state;
    ACCEPTS("de_svnr", "15 070649 C 103", "15070649C103", "15070649c103");
    /* a wrong check digit, month 13, day 00, a digit where the letter goes */
    REJECTS("de_svnr", "15 070649 C 104", "15 071349 C 103", "15 000649 C 103", "15 070649 1 103",
            "15 070649 C 10");
}

static void
lt_asmens_kodas_checks_both_weight_rounds_and_birth_date(void **state)
{
    (void)state;
    ACCEPTS("lt_asmens_kodas", "33309240064", "38703181745", "40802119939");
    /* a wrong check digit, a century digit 7, a 13th month */
    REJECTS("lt_asmens_kodas", "33309240065", "73309240064", "33313240064", "3330924006");
}

static void
ch_ahv_checks_country_prefix_and_ean13_digit(void **state)
{
    (void)state;
    ACCEPTS("ch_ahv", "756.9217.0769.85", "7561234567897", "756 1234 5678 97");
    /* a wrong check digit, another country's prefix, a digit short */
    REJECTS("ch_ahv", "756.9217.0769.84", "757.1234.5678.97", "756.9217.0769.8");
}

static void
be_nrn_checks_mod97_before_and_after_2000(void **state)
{
    (void)state;
    /* born 1985; born 2001 (the check runs over 2010101001) and 1901 (over 010101001) */
    ACCEPTS("be_nrn", "85.07.30-033.28", "01.01.01-001.26", "01.01.01-001.94");
    /* a wrong check, a 13th month, a 32nd day */
    REJECTS("be_nrn", "85.07.30-033.29", "85.13.30-033.28", "85.07.32-033.28");
}

static void
at_svnr_checks_weighted_mod11_digit(void **state)
{
    (void)state;
    ACCEPTS("at_svnr", "1237 010180", "4560150785", "1237010180");
    /* a wrong check digit, a serial below 100 */
    REJECTS("at_svnr", "1238 010180", "0237 010180", "123701018");
}

static void
tw_id_checks_letter_code_and_weighted_sum(void **state)
{
    (void)state;
    ACCEPTS("tw_id", "A123456789", "F131104093", "a123456789");
    /* a wrong check digit, a sex digit 3, a digit where the letter goes */
    REJECTS("tw_id", "A123456788", "A323456789", "1123456789");
}

static void
lv_personas_kods_checks_date_century_and_mod11_digit(void **state)
{
    (void)state;
    ACCEPTS("lv_personas_kods", "040782-10971", "100451-13711", "04078210971");
    /* a wrong check digit, a 13th month, a century digit 3 */
    REJECTS("lv_personas_kods", "040782-10972", "041382-10971", "040782-30971");
}

static void
mrz_check_weighs_7_3_1_over_the_document_number(void **state)
{
    (void)state;
    /* ICAO 9303's specimen passport, and a number padded with '<' */
    ACCEPTS("mrz_check", "L898902C36", "D231458907", "AB2134<<<5");
    /* a wrong digit, padding before the end, separators are not MRZ characters */
    REJECTS("mrz_check", "L898902C37", "AB<2134<<5", "L898-902C36");
}

static void
th_id_checks_mod11_digit_and_person_type(void **state)
{
    (void)state;
    ACCEPTS("th_id", "1101700123456", "3100500678905", "8-8002-00012-34-5");
    REJECTS("th_id", "1101700123457", "1101800123456");
    /* type 0 and 9 are not issued */
    REJECTS("th_id", "0101700123450", "9101700123451");
}

static void
il_id_checks_luhn_over_nine_digits(void **state)
{
    (void)state;
    /* leading zeros written or dropped */
    ACCEPTS("il_id", "038456125", "314159260", "000123455", "123455", "31415926-0");
    REJECTS("il_id", "038456126", "038456215", "0000", "3141592600");
}

static void
sa_id_checks_luhn_and_citizen_or_resident_digit(void **state)
{
    (void)state;
    ACCEPTS("sa_id", "1087654321", "2098765437", "1122334459");
    REJECTS("sa_id", "1087654322", "2098765447", "108765432");
    /* Luhn-valid, but the first digit is neither 1 (citizen) nor 2 (Iqama) */
    REJECTS("sa_id", "3087654320");
}

static void
nz_ird_checks_both_weight_sets_and_range(void **state)
{
    (void)state;
    /* eight and nine digits; 40000025 needs the second weight set */
    ACCEPTS("nz_ird", "49091850", "136-780-956", "100000016", "35028390", "40000025");
    REJECTS("nz_ird", "49091851", "49091860", "136780957", "40000024");
    /* at or above 150,000,000, below 10,000,000 */
    REJECTS("nz_ird", "150000008", "09091850");
}

static void
ie_ppsn_checks_mod23_letter_with_second_letter(void **state)
{
    (void)state;
    /* old format, old format with W, the 2013 format with A and H counted in the check */
    ACCEPTS("ie_ppsn", "1234567T", "8765432S", "5551234TW", "2468135NA", "3141592VH", "1234567t");
    REJECTS("ie_ppsn", "1234567U", "1234568T", "2468135NH", "2468135AA", "1234567TZ", "123456T");
}

static void
za_id_checks_luhn_birth_date_and_citizenship_digit(void **state)
{
    (void)state;
    ACCEPTS("za_id", "8504155123089", "9901010000180", "770825 5001 18 3");
    REJECTS("za_id", "8504155123088", "8504165123089");
    /* 29 February 2001, month 13, citizenship digit 2 */
    REJECTS("za_id", "0102294123181", "8513155123083", "8504155123287");
}

static void
ir_national_code_checks_weighted_mod11_digit(void **state)
{
    (void)state;
    /* r = 2 gives 9; r = 0 and r = 1 give themselves. */
    ACCEPTS("ir_national_code", "0499370899", "0010350829", "001-035082-9", "1111111121",
            "1234567830");
    REJECTS("ir_national_code", "0499370898", "0499370989", "1111111111", "049937089",
            "1234567831");
}

static void
my_mykad_checks_birth_date_and_place_of_birth_code(void **state)
{
    (void)state;
    ACCEPTS("my_mykad", "850615-14-5123", "000229105555", "991231-71-0001");
    /* 30 February, month 13, and place codes 00, 17, 70 and 95 are never issued. */
    REJECTS("my_mykad", "850230-14-5123", "851315-14-5123", "850615-00-5123", "850615-17-5123",
            "850615-70-5123", "850615-95-5123", "85061514512");
}

static void
eg_national_id_checks_century_birth_date_and_governorate(void **state)
{
    (void)state;
    ACCEPTS("eg_national_id", "29001011234567", "30402290101234", "28512318800011");
    /* century 1, 29 February 2001, governorate 05 and 36, and 13 digits */
    REJECTS("eg_national_id", "19001011234567", "30102290101234", "29001010534567",
            "29001013634567", "2900101123456");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validator_table_names_every_documented_check),
        cmocka_unit_test(not_freephone_rejects_toll_free_numbers_only),
        cmocka_unit_test(luhn_accepts_cards_with_separators_and_rejects_wrong_check_digit),
        cmocka_unit_test(luhn_and_iban_read_digits_through_underscores_and_line_breaks),
        cmocka_unit_test(luhn_words_reads_digit_words_of_six_languages_then_checks_the_card),
        cmocka_unit_test(phone_words_reads_digit_words_of_many_languages_and_refuses_counting),
        cmocka_unit_test(phone_words_reads_double_and_triple_as_the_next_digit_repeated),
        cmocka_unit_test(spoken_checks_read_pairs_doubles_and_oh_then_check_the_number),
        cmocka_unit_test(iban_checks_mod97_and_country_length),
        cmocka_unit_test(us_ssn_rejects_never_issued_areas_groups_and_serials),
        cmocka_unit_test(ipv4_requires_four_octets_up_to_255_without_leading_zeros),
        cmocka_unit_test(ipv6_accepts_compressed_forms_but_not_scope_operators),
        cmocka_unit_test(mac_accepts_one_separator_throughout_cisco_or_bare_hex),
        cmocka_unit_test(phone_accepts_nanp_and_international_numbers),
        cmocka_unit_test(phone_labelled_takes_national_numbers_without_a_trunk_prefix),
        cmocka_unit_test(phone_reads_url_encoded_plus_and_space),
        cmocka_unit_test(phone_rejects_impossible_area_codes_and_unassigned_country_codes),
        cmocka_unit_test(phone_reads_one_line_break_as_a_separator),
        cmocka_unit_test(btc_base58check_verifies_double_sha256_checksum),
        cmocka_unit_test(btc_bech32_verifies_bech32_and_bech32m_checksums),
        cmocka_unit_test(eth_eip55_verifies_mixed_case_checksum_via_keccak),
        cmocka_unit_test(crypto_checks_ignore_a_space_or_line_break_inside_the_address),
        cmocka_unit_test(verhoeff_catches_single_digit_changes),
        cmocka_unit_test(date_accepts_real_calendar_dates_in_common_orders),
        cmocka_unit_test(date_rejects_impossible_days_months_and_years),
        cmocka_unit_test(date_accepts_roman_months_weekdays_ordinals_and_compact_digits),
        cmocka_unit_test(date_rejects_bad_roman_months_and_compact_digits),
        cmocka_unit_test(entropy_accepts_machine_made_secrets_and_rejects_words),
        cmocka_unit_test(encoded_secret_rejects_base64_of_a_sentence),
        cmocka_unit_test(not_placeholder_rejects_a_run_of_filler),
        cmocka_unit_test(uk_nino_enforces_prefix_and_suffix_rules),
        cmocka_unit_test(uk_nhs_checks_mod11_digit),
        cmocka_unit_test(ca_sin_checks_luhn_over_nine_digits),
        cmocka_unit_test(es_dni_and_nie_check_the_mod23_letter),
        cmocka_unit_test(it_codice_fiscale_checks_the_control_letter_and_omocodia),
        cmocka_unit_test(fr_nir_checks_key_including_corsica),
        cmocka_unit_test(fr_nir_reads_corsican_departments_as_19_and_18),
        cmocka_unit_test(de_tax_id_checks_iso7064_and_digit_repetition),
        cmocka_unit_test(pl_pesel_checks_weights_and_birth_date),
        cmocka_unit_test(nl_bsn_passes_the_eleven_proof),
        cmocka_unit_test(in_aadhaar_checks_verhoeff_and_first_digit),
        cmocka_unit_test(in_pan_checks_format_and_holder_type),
        cmocka_unit_test(br_cpf_checks_both_mod11_digits),
        cmocka_unit_test(cn_resident_id_checks_mod11_2_and_birth_date),
        cmocka_unit_test(kr_rrn_checks_birth_date_and_check_digit),
        cmocka_unit_test(jp_my_number_checks_weighted_mod11),
        cmocka_unit_test(au_tfn_checks_weighted_sum),
        cmocka_unit_test(au_medicare_checks_digit_nine_and_issue_number),
        cmocka_unit_test(sg_nric_uses_the_series_check_table),
        cmocka_unit_test(tr_tckn_checks_both_check_digits_and_leading_digit),
        cmocka_unit_test(pt_nif_checks_mod11_digit_and_issued_prefixes),
        cmocka_unit_test(ae_emirates_id_checks_prefix_birth_year_and_luhn),
        cmocka_unit_test(ru_snils_checks_mod101_control_number),
        cmocka_unit_test(ru_snils_accepts_early_numbers_that_have_no_control_number),
        cmocka_unit_test(se_personnummer_checks_luhn_and_birth_date_in_both_forms),
        cmocka_unit_test(se_personnummer_accepts_coordination_numbers_with_day_plus_60),
        cmocka_unit_test(gr_amka_checks_luhn_and_birth_date),
        cmocka_unit_test(cz_rodne_cislo_checks_mod11_and_month_offsets),
        cmocka_unit_test(ua_rnokpp_checks_weighted_mod11_digit),
        cmocka_unit_test(vn_cccd_checks_province_code_and_century_digit),
        cmocka_unit_test(id_nik_checks_area_codes_birth_date_and_serial),
        cmocka_unit_test(ro_cnp_checks_weighted_mod11_birth_date_and_county),
        cmocka_unit_test(fi_hetu_checks_mod31_character_and_century_sign),
        cmocka_unit_test(dk_cpr_checks_birth_date_with_century_digit),
        cmocka_unit_test(no_fnr_checks_both_check_digits_and_birth_date),
        cmocka_unit_test(no_fnr_rejects_impossible_dates_whatever_the_checks),
        cmocka_unit_test(hu_taj_checks_alternating_3_7_weights),
        cmocka_unit_test(rs_jmbg_checks_mod11_digit_and_birth_date),
        cmocka_unit_test(hr_oib_checks_iso7064_mod11_10),
        cmocka_unit_test(bg_egn_checks_weighted_digit_and_century_month),
        cmocka_unit_test(lt_asmens_kodas_checks_both_weight_rounds_and_birth_date),
        cmocka_unit_test(ch_ahv_checks_country_prefix_and_ean13_digit),
        cmocka_unit_test(be_nrn_checks_mod97_before_and_after_2000),
        cmocka_unit_test(at_svnr_checks_weighted_mod11_digit),
        cmocka_unit_test(tw_id_checks_letter_code_and_weighted_sum),
        cmocka_unit_test(lv_personas_kods_checks_date_century_and_mod11_digit),
        cmocka_unit_test(mrz_check_weighs_7_3_1_over_the_document_number),
        cmocka_unit_test(us_mbi_follows_the_cms_character_layout),
        cmocka_unit_test(de_kvnr_checks_the_letter_and_nine_digits),
        cmocka_unit_test(de_svnr_checks_birth_date_letter_and_check_digit),
        cmocka_unit_test(th_id_checks_mod11_digit_and_person_type),
        cmocka_unit_test(il_id_checks_luhn_over_nine_digits),
        cmocka_unit_test(sa_id_checks_luhn_and_citizen_or_resident_digit),
        cmocka_unit_test(nz_ird_checks_both_weight_sets_and_range),
        cmocka_unit_test(ie_ppsn_checks_mod23_letter_with_second_letter),
        cmocka_unit_test(za_id_checks_luhn_birth_date_and_citizenship_digit),
        cmocka_unit_test(ir_national_code_checks_weighted_mod11_digit),
        cmocka_unit_test(my_mykad_checks_birth_date_and_place_of_birth_code),
        cmocka_unit_test(eg_national_id_checks_century_birth_date_and_governorate),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
