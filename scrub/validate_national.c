/*
 * Checks for national identity and tax numbers. Each follows the issuing authority's published
 * format and check-digit scheme; where a number has no check digit (UK NINO, Indian PAN) the
 * check enforces the allocation rules instead. All take the candidate as matched, separators
 * included.
 */
#include <string.h>

#include "scrub/validate_checks_internal.h"

#include "common/banned.h"

static unsigned
dv(char c)
{
    return (unsigned)(c - '0');
}

static bool
is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool
is_num(char c)
{
    return c >= '0' && c <= '9';
}

/* Compact s and require exactly want characters, all digits, not one digit repeated. */
static bool
digits_exact(const unsigned char *s, size_t len, char *d, size_t want)
{
    size_t n;

    if (!validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) || n != want) {
        return false;
    }
    return validate_all_digits(d, n) && !validate_all_same(d, n);
}

/* Two digits as a number. */
static int
two(const char *d)
{
    return (int)(dv(d[0]) * 10 + dv(d[1]));
}

/*
 * UK National Insurance number: two prefix letters, six digits, an optional suffix A-D.
 * HMRC never allocates D F I Q U V as first letter, D F I O Q U V as second, nor the prefixes
 * BG GB KN NK NT TN ZZ. QQ is accepted because HMRC's own specimen (QQ 12 34 56 C) is what
 * people paste when they share "their" number in examples and tests.
 */
bool
validate_uk_nino(const unsigned char *s, size_t len)
{
    static const char *const bad_prefix[] = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
    char c[VALIDATE_MAX_CHARS];
    size_t n;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || (n != 8 && n != 9)) {
        return false;
    }
    if (!is_upper(c[0]) || !is_upper(c[1]) || !validate_all_digits(c + 2, 6)) {
        return false;
    }
    if (n == 9 && (c[8] < 'A' || c[8] > 'D')) {
        return false;
    }
    if (c[0] == 'Q' && c[1] == 'Q') {
        return true;
    }
    if (strchr("DFIQUV", c[0]) != NULL || strchr("DFIOQUV", c[1]) != NULL) {
        return false;
    }
    for (size_t i = 0; i < sizeof(bad_prefix) / sizeof(bad_prefix[0]); i++) {
        if (memcmp(c, bad_prefix[i], 2) == 0) {
            return false;
        }
    }
    return true;
}

/* NHS number: ten digits, weights 10..2 mod 11; a check value of 10 is never issued. */
bool
validate_uk_nhs(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0, check;

    if (!digits_exact(s, len, d, 10)) {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        sum += dv(d[i]) * (unsigned)(10 - i);
    }
    check = 11 - sum % 11;
    if (check == 11) {
        check = 0;
    }
    return check != 10 && check == dv(d[9]);
}

/*
 * Canadian SIN: nine digits, Luhn. 8 is not used as first digit; 0 is kept because the
 * government's own specimen (046 454 286) starts with it and is what people paste.
 */
bool
validate_ca_sin(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];

    if (!digits_exact(s, len, d, 9) || d[0] == '8') {
        return false;
    }
    return validate_luhn_digits(d, 9);
}

static const char dni_letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";

/* Eight digits mod 23 selects the control letter. */
static bool
dni_letter_ok(const char *digits8, char letter)
{
    unsigned long v = 0;

    for (size_t i = 0; i < 8; i++) {
        v = v * 10 + dv(digits8[i]);
    }
    return dni_letters[v % 23] == letter;
}

/* Spanish DNI: eight digits and the mod-23 control letter. */
bool
validate_es_dni(const unsigned char *s, size_t len)
{
    char c[VALIDATE_MAX_CHARS];
    size_t n;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 9) {
        return false;
    }
    if (!validate_all_digits(c, 8) || !is_upper(c[8]) || validate_all_same(c, 8)) {
        return false;
    }
    return dni_letter_ok(c, c[8]);
}

/* Spanish NIE: X/Y/Z (read as 0/1/2), seven digits and the DNI control letter. */
bool
validate_es_nie(const unsigned char *s, size_t len)
{
    char c[VALIDATE_MAX_CHARS];
    size_t n;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 9) {
        return false;
    }
    if ((c[0] != 'X' && c[0] != 'Y' && c[0] != 'Z') || !validate_all_digits(c + 1, 7) ||
        !is_upper(c[8])) {
        return false;
    }
    c[0] = (char)('0' + (c[0] - 'X'));
    return dni_letter_ok(c, c[8]);
}

/*
 * Italian codice fiscale: 16 characters, surname/name letters, birth year, month letter, day
 * (+40 for women), place code, check letter. Digits may be replaced by LMNPQRSTUV (omocodia).
 */
bool
validate_it_codice_fiscale(const unsigned char *s, size_t len)
{
    static const unsigned char odd[36] = {
        1, 0, 5, 7,  9,  13, 15, 17, 19, 21,                    /* 0-9 */
        1, 0, 5, 7,  9,  13, 15, 17, 19, 21, 2,  4, 18, 20, 11, /* A-O */
        3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,                /* P-Z */
    };
    static const char digit_pos[] = {6, 7, 9, 10, 12, 13, 14};
    char c[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned sum = 0;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 16) {
        return false;
    }
    for (size_t i = 0; i < 16; i++) {
        bool digit_slot = memchr(digit_pos, (int)i, sizeof(digit_pos)) != NULL;
        if (digit_slot ? !(is_num(c[i]) || strchr("LMNPQRSTUV", c[i]) != NULL) : !is_upper(c[i])) {
            return false;
        }
    }
    if (strchr("ABCDEHLMPRST", c[8]) == NULL) {
        return false;
    }
    for (size_t i = 0; i < 15; i++) {
        unsigned idx = is_num(c[i]) ? dv(c[i]) : (unsigned)(c[i] - 'A') + 10;
        unsigned val = is_num(c[i]) ? dv(c[i]) : (unsigned)(c[i] - 'A');
        sum += (i % 2 == 0) ? odd[idx] : val;
    }
    return c[15] == (char)('A' + sum % 26);
}

/*
 * French NIR (social security number): 13 digits and a two-digit key 97 - (n mod 97). Corsican
 * departments 2A/2B count as 19/18 for the key.
 */
bool
validate_fr_nir(const unsigned char *s, size_t len)
{
    char c[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned long long v = 0;
    int month;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 15) {
        return false;
    }
    if (c[5] == '2' && (c[6] == 'A' || c[6] == 'B')) {
        c[5] = '1';
        c[6] = c[6] == 'A' ? '9' : '8';
    }
    if (!validate_all_digits(c, 15) || strchr("123478", c[0]) == NULL) {
        return false;
    }
    month = two(c + 3);
    if (!((month >= 1 && month <= 12) || month >= 20)) {
        return false;
    }
    for (size_t i = 0; i < 13; i++) {
        v = v * 10 + dv(c[i]);
    }
    return (unsigned long long)two(c + 13) == 97 - v % 97;
}

/*
 * German tax ID (Steuerliche Identifikationsnummer): 11 digits, no leading zero; among the
 * first ten, exactly one digit appears two or three times (three never in a row) and the rest
 * at most once; the last digit is ISO 7064 MOD 11,10.
 */
bool
validate_de_tax_id(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned counts[10] = {0};
    unsigned repeated = 0, product = 10, check;

    if (!digits_exact(s, len, d, 11) || d[0] == '0') {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        counts[dv(d[i])]++;
    }
    for (size_t k = 0; k < 10; k++) {
        if (counts[k] > 3) {
            return false;
        }
        if (counts[k] >= 2) {
            repeated++;
            if (counts[k] == 3) {
                for (size_t i = 0; i + 2 < 10; i++) {
                    if (dv(d[i]) == k && d[i + 1] == d[i] && d[i + 2] == d[i]) {
                        return false;
                    }
                }
            }
        }
    }
    if (repeated != 1) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        unsigned sum = (dv(d[i]) + product) % 10;
        if (sum == 0) {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    check = 11 - product;
    if (check == 10) {
        check = 0;
    }
    return check == dv(d[10]);
}

/* Polish PESEL: YYMMDD (month offset by century) + serial + weighted mod-10 check digit. */
bool
validate_pl_pesel(const unsigned char *s, size_t len)
{
    static const unsigned w[10] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;
    int month, year;

    if (!digits_exact(s, len, d, 11)) {
        return false;
    }
    month = two(d + 2);
    year = two(d);
    year += month > 80 ? 1800 : month > 60 ? 2200 : month > 40 ? 2100 : month > 20 ? 2000 : 1900;
    if (!validate_calendar_date(year, month % 20, two(d + 4))) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        sum += dv(d[i]) * w[i];
    }
    return (10 - sum % 10) % 10 == dv(d[10]);
}

/* Dutch BSN: nine digits passing the "11-proof" (weights 9..2 and -1). */
bool
validate_nl_bsn(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    long sum = 0;

    if (!digits_exact(s, len, d, 9)) {
        return false;
    }
    for (size_t i = 0; i < 8; i++) {
        sum += (long)dv(d[i]) * (long)(9 - i);
    }
    sum -= (long)dv(d[8]);
    return sum % 11 == 0;
}

/* Aadhaar: twelve digits, Verhoeff check, never starting with 0 or 1. */
bool
validate_in_aadhaar(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];

    if (!digits_exact(s, len, d, 12) || d[0] == '0' || d[0] == '1') {
        return false;
    }
    return validate_verhoeff_digits(d, 12);
}

/* Indian PAN: AAAAA9999A where the fourth letter is the holder type (P for a person, ...). */
bool
validate_in_pan(const unsigned char *s, size_t len)
{
    char c[VALIDATE_MAX_CHARS];
    size_t n;

    /* Case matters: a PAN is printed upper-case, lower-case runs are words. */
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= 'a' && s[i] <= 'z') {
            return false;
        }
    }
    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 10) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        bool want_digit = i >= 5 && i <= 8;
        if (want_digit ? !is_num(c[i]) : !is_upper(c[i])) {
            return false;
        }
    }
    return strchr("ABCFGHJLPT", c[3]) != NULL && !validate_all_same(c + 5, 4);
}

/* Brazilian CPF: nine digits and two mod-11 check digits; repeated digits are invalid. */
bool
validate_br_cpf(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];

    if (!digits_exact(s, len, d, 11)) {
        return false;
    }
    for (size_t k = 9; k <= 10; k++) {
        unsigned sum = 0;
        for (size_t i = 0; i < k; i++) {
            sum += dv(d[i]) * (unsigned)(k + 1 - i);
        }
        if ((sum * 10) % 11 % 10 != dv(d[k])) {
            return false;
        }
    }
    return true;
}

/*
 * Chinese resident identity number: 6-digit region, YYYYMMDD birth date, 3-digit sequence and
 * an ISO 7064 MOD 11-2 check character (X for 10).
 */
bool
validate_cn_resident_id(const unsigned char *s, size_t len)
{
    static const unsigned w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    char c[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned sum = 0;
    int year;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 18) {
        return false;
    }
    if (!validate_all_digits(c, 17) || (!is_num(c[17]) && c[17] != 'X') || c[0] == '0') {
        return false;
    }
    year = two(c + 6) * 100 + two(c + 8);
    if (year < 1900 || year > 2099 || !validate_calendar_date(year, two(c + 10), two(c + 12))) {
        return false;
    }
    for (size_t i = 0; i < 17; i++) {
        sum += dv(c[i]) * w[i];
    }
    return check[sum % 11] == c[17];
}

/*
 * Korean resident registration number: YYMMDD, a gender/century digit, and a weighted mod-11
 * check digit (numbers issued before the 2020 randomisation; later ones have no check).
 */
bool
validate_kr_rrn(const unsigned char *s, size_t len)
{
    static const unsigned w[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
    static const int century[10] = {1800, 1900, 1900, 2000, 2000, 1900, 1900, 2000, 2000, 1800};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;

    if (!digits_exact(s, len, d, 13)) {
        return false;
    }
    if (!validate_calendar_date(century[dv(d[6])] + two(d), two(d + 2), two(d + 4))) {
        return false;
    }
    for (size_t i = 0; i < 12; i++) {
        sum += dv(d[i]) * w[i];
    }
    return (11 - sum % 11) % 10 == dv(d[12]);
}

/* Japanese My Number (individual number): eleven digits and a weighted mod-11 check digit. */
bool
validate_jp_my_number(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0, r;

    if (!digits_exact(s, len, d, 12)) {
        return false;
    }
    for (unsigned k = 1; k <= 11; k++) {
        unsigned q = k <= 6 ? k + 1 : k - 5;
        sum += dv(d[11 - k]) * q;
    }
    r = sum % 11;
    return (r <= 1 ? 0 : 11 - r) == dv(d[11]);
}

/* Australian tax file number: nine (or older eight) digits, weighted sum divisible by 11. */
bool
validate_au_tfn(const unsigned char *s, size_t len)
{
    static const unsigned w9[9] = {1, 4, 3, 7, 5, 8, 6, 9, 10};
    static const unsigned w8[8] = {10, 7, 8, 4, 6, 3, 5, 1};
    char d[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned sum = 0;

    if (!validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) || (n != 8 && n != 9) ||
        !validate_all_digits(d, n) || validate_all_same(d, n)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        sum += dv(d[i]) * (n == 9 ? w9[i] : w8[i]);
    }
    return sum % 11 == 0;
}

/*
 * Australian Medicare card number: first digit 2-6, a weighted check digit in position nine,
 * an issue number (1-9) and an optional individual reference number.
 */
bool
validate_au_medicare(const unsigned char *s, size_t len)
{
    static const unsigned w[8] = {1, 3, 7, 9, 1, 3, 7, 9};
    char d[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned sum = 0;

    if (!validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) || (n != 10 && n != 11) ||
        !validate_all_digits(d, n)) {
        return false;
    }
    if (d[0] < '2' || d[0] > '6' || d[9] == '0') {
        return false;
    }
    for (size_t i = 0; i < 8; i++) {
        sum += dv(d[i]) * w[i];
    }
    return sum % 10 == dv(d[8]);
}

/*
 * Singapore NRIC/FIN: S/T (citizens), F/G (foreigners) or M (since 2022), seven digits and a
 * check letter from the series' table.
 */
bool
validate_sg_nric(const unsigned char *s, size_t len)
{
    static const unsigned w[7] = {2, 7, 6, 5, 4, 3, 2};
    char c[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned sum = 0;
    const char *table;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || n != 9) {
        return false;
    }
    if (strchr("STFGM", c[0]) == NULL || !validate_all_digits(c + 1, 7) || !is_upper(c[8])) {
        return false;
    }
    for (size_t i = 0; i < 7; i++) {
        sum += dv(c[1 + i]) * w[i];
    }
    if (c[0] == 'T' || c[0] == 'G') {
        sum += 4;
    } else if (c[0] == 'M') {
        sum += 3;
    }
    table = (c[0] == 'S' || c[0] == 'T') ? "JZIHGFEDCBA"
            : c[0] == 'M'                ? "XWUTRQPNJLK"
                                         : "XWUTRQPNMLK";
    return table[sum % 11] == c[8];
}

/*
 * Turkish T.C. Kimlik No: eleven digits, no leading zero. The tenth digit is seven times the
 * sum of the odd-placed first nine minus the sum of the even-placed ones, mod 10; the eleventh
 * is the sum of the first ten, mod 10 (Nüfus ve Vatandaşlık İşleri).
 */
bool
validate_tr_tckn(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned odd = 0, even = 0, first10;

    if (!digits_exact(s, len, d, 11) || d[0] == '0') {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        if (i % 2 == 0) {
            odd += dv(d[i]);
        } else {
            even += dv(d[i]);
        }
    }
    /* 7 * odd - even; even is at most 4 * 9, so adding 40 keeps it unsigned, same mod 10. */
    if ((7 * odd + 40 - even) % 10 != dv(d[9])) {
        return false;
    }
    first10 = odd + even + dv(d[9]);
    return first10 % 10 == dv(d[10]);
}

/*
 * Portuguese NIF (número de identificação fiscal): nine digits, weights 9..2 and a mod-11
 * check digit (11 - sum mod 11, 10 and 11 written 0). The first digits say who holds it, per
 * the Autoridade Tributária: 1-3 people, 45 non-resident people, 5 companies, 6 public
 * bodies, 70-79 estates and funds, 8 sole traders, 90/91/98/99 condominiums and
 * non-residents; other prefixes are not issued.
 */
bool
validate_pt_nif(const unsigned char *s, size_t len)
{
    static const char *const two_digit[] = {"45", "70", "71", "72", "74", "75",
                                            "77", "79", "90", "91", "98", "99"};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;
    bool prefix_ok;

    if (!digits_exact(s, len, d, 9)) {
        return false;
    }
    prefix_ok = strchr("123568", d[0]) != NULL;
    for (size_t i = 0; !prefix_ok && i < sizeof(two_digit) / sizeof(two_digit[0]); i++) {
        prefix_ok = memcmp(d, two_digit[i], 2) == 0;
    }
    if (!prefix_ok) {
        return false;
    }
    for (size_t i = 0; i < 8; i++) {
        sum += dv(d[i]) * (unsigned)(9 - i);
    }
    return (11 - sum % 11) % 11 % 10 == dv(d[8]);
}

/*
 * UAE Emirates ID: 784 (the country's ISO 3166 code), the holder's birth year, a seven-digit
 * serial and a Luhn check digit over all fifteen.
 */
bool
validate_ae_emirates_id(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    int year;

    if (!digits_exact(s, len, d, 15) || memcmp(d, "784", 3) != 0) {
        return false;
    }
    year = two(d + 3) * 100 + two(d + 5);
    if (year < 1900 || year > 2099) {
        return false;
    }
    return validate_luhn_digits(d, 15);
}

/*
 * Russian SNILS (insurance account number): nine digits and a two-digit control number, the
 * sum of the digits weighted 9..1 taken mod 101, with 100 written 00 (Pension Fund of Russia).
 * The rule defines no control number for the first numbers issued, up to 001-001-998, so
 * those pass on their format alone.
 */
bool
validate_ru_snils(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned long number = 0;
    unsigned sum = 0;

    if (!digits_exact(s, len, d, 11)) {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        number = number * 10 + dv(d[i]);
        sum += dv(d[i]) * (unsigned)(9 - i);
    }
    if (number <= 1001998) {
        return true;
    }
    return sum % 101 % 100 == (unsigned)two(d + 9);
}

/*
 * Swedish personnummer: YYMMDD-NNNC, or YYYYMMDDNNNC with the century written out, where C is
 * a Luhn check over the ten digits YYMMDDNNN (Skatteverket, SKV 704). The short form's
 * separator becomes '+' in the year the holder turns 100. A samordningsnummer (coordination
 * number, for people not registered in Sweden) adds 60 to the day and passes too.
 */
bool
validate_se_personnummer(const unsigned char *s, size_t len)
{
    unsigned char plain[VALIDATE_MAX_CHARS];
    char d[VALIDATE_MAX_CHARS];
    size_t n;
    int year, day;

    if (len > sizeof(plain)) {
        return false;
    }
    /* '+' is not one of validate_compact's separators; here it is only a century marker. */
    for (size_t i = 0; i < len; i++) {
        plain[i] = s[i] == '+' ? '-' : s[i];
    }
    if (!validate_compact(plain, len, d, VALIDATE_MAX_CHARS, &n) || (n != 10 && n != 12) ||
        !validate_all_digits(d, n) || validate_all_same(d, n)) {
        return false;
    }
    if (n == 12) {
        if (two(d) < 18 || two(d) > 20) {
            return false;
        }
        year = two(d) * 100 + two(d + 2);
    } else {
        /* The century is implied by the holder's age; 19YY and 20YY share their leap years. */
        year = 2000 + two(d);
    }
    day = two(d + n - 6);
    if (day > 60) {
        day -= 60;
    }
    if (!validate_calendar_date(year, two(d + n - 8), day)) {
        return false;
    }
    return validate_luhn_digits(d + n - 10, 10);
}

/*
 * Greek AMKA (social security registration number): the holder's birth date DDMMYY, four
 * digits and a Luhn check digit over all eleven (HDIKA, Ministry of Labour).
 */
bool
validate_gr_amka(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];

    if (!digits_exact(s, len, d, 11)) {
        return false;
    }
    if (!validate_calendar_date(2000 + two(d + 4), two(d + 2), two(d))) {
        return false;
    }
    return validate_luhn_digits(d, 11);
}

/*
 * Czech and Slovak rodné číslo (birth number), YYMMDD/SSS[C] (Act 133/2000 Coll. and the
 * 1977 decree before it). Women's months are 50 higher; since 2004 a month may also be 20
 * (men) or 70 (women) higher when a day's serials run out. Numbers issued before 1954 have
 * nine digits and no check; later ones have ten and are divisible by 11, except that until
 * 1985 a remainder of 10 on the first nine digits was written as check digit 0.
 */
bool
validate_cz_rodne_cislo(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;
    int yy, month, year;
    unsigned rem = 0;
    bool extra;

    if (!validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) || (n != 9 && n != 10) ||
        !validate_all_digits(d, n) || validate_all_same(d, n)) {
        return false;
    }
    yy = two(d);
    month = two(d + 2);
    extra = (month > 20 && month <= 32) || month > 70;
    month = month > 70 ? month - 70 : month > 50 ? month - 50 : month > 20 ? month - 20 : month;
    if (n == 9) {
        if (yy >= 54 || extra) {
            return false;
        }
        year = 1900 + yy;
    } else {
        year = yy >= 54 ? 1900 + yy : 2000 + yy;
        if (extra && year < 2004) {
            return false;
        }
    }
    if (!validate_calendar_date(year, month, two(d + 4))) {
        return false;
    }
    if (n == 9) {
        return true;
    }
    for (size_t i = 0; i < 9; i++) {
        rem = (rem * 10 + dv(d[i])) % 11;
    }
    if (rem == 10) {
        return year <= 1985 && d[9] == '0';
    }
    return rem == dv(d[9]);
}

/*
 * Ukrainian RNOKPP (taxpayer registration card number, formerly the ІПН/DRFO code): ten
 * digits, the first five the birth date as days since 31 December 1899, then a serial whose
 * last digit is even for women, and a check digit: the first nine weighted -1 5 7 9 4 6 10 5
 * 7, summed, mod 11, mod 10 (State Tax Service).
 */
bool
validate_ua_rnokpp(const unsigned char *s, size_t len)
{
    static const int w[9] = {-1, 5, 7, 9, 4, 6, 10, 5, 7};
    char d[VALIDATE_MAX_CHARS];
    int sum = 0;

    if (!digits_exact(s, len, d, 10) || memcmp(d, "00000", 5) == 0) {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        sum += w[i] * (int)dv(d[i]);
    }
    /* sum is at least -9, so adding 11 keeps the remainder non-negative. */
    return (unsigned)((sum + 11) % 11 % 10) == dv(d[9]);
}

/*
 * Vietnamese CCCD / personal identification number (Circular 07/2016/TT-BCA): a province code
 * of birth registration, a digit for sex and century (0/1 men/women born 1900-1999, 2/3 born
 * 2000-2099), the last two digits of the birth year and six random digits. There is no check
 * digit, so this only checks the province code and the century digit.
 */
bool
validate_vn_cccd(const unsigned char *s, size_t len)
{
    /* The 63 province codes, as in the General Statistics Office's administrative list. */
    static const char provinces[] = "001 002 004 006 008 010 011 012 014 015 017 019 020 022 "
                                    "024 025 026 027 030 031 033 034 035 036 037 038 040 042 "
                                    "044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
                                    "067 068 070 072 074 075 077 079 080 082 083 084 086 087 "
                                    "089 091 092 093 094 095 096 ";
    char d[VALIDATE_MAX_CHARS];
    bool known = false;

    if (!digits_exact(s, len, d, 12) || d[3] < '0' || d[3] > '3') {
        return false;
    }
    for (size_t i = 0; !known && i + 3 < sizeof(provinces); i += 4) {
        known = memcmp(provinces + i, d, 3) == 0;
    }
    return known;
}

/*
 * Indonesian NIK (Nomor Induk Kependudukan, Law 24/2013): province, regency and district
 * codes (two digits each, as in the Ministry of Home Affairs' area codes), the birth date
 * DDMMYY with 40 added to a woman's day, and a four-digit serial from 0001. There is no check
 * digit.
 */
bool
validate_id_nik(const unsigned char *s, size_t len)
{
    static const char provinces[] = "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 "
                                    "61 62 63 64 65 71 72 73 74 75 76 81 82 91 92 93 94 95 96 ";
    char d[VALIDATE_MAX_CHARS];
    bool known = false;
    int day;

    if (!digits_exact(s, len, d, 16)) {
        return false;
    }
    for (size_t i = 0; !known && i + 2 < sizeof(provinces); i += 3) {
        known = memcmp(provinces + i, d, 2) == 0;
    }
    if (!known || two(d + 2) == 0 || two(d + 4) == 0 || memcmp(d + 12, "0000", 4) == 0) {
        return false;
    }
    day = two(d + 6);
    if (day > 40) {
        day -= 40;
    }
    return validate_calendar_date(2000 + two(d + 10), two(d + 8), day);
}

/*
 * Romanian CNP (cod numeric personal, Law 119/1996 and its implementing rules): a digit for
 * sex and century (1/2 born 1900-1999, 3/4 1800-1899, 5/6 2000-2099, 7/8 residents, 9
 * foreigners), the birth date YYMMDD, a county code (01-52, 70 for numbers issued abroad), a
 * serial and a check digit: the first twelve weighted 2 7 9 1 4 6 3 5 8 2 7 9, summed, mod
 * 11, with 10 written as 1.
 */
bool
validate_ro_cnp(const unsigned char *s, size_t len)
{
    static const unsigned w[12] = {2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9};
    static const int century[10] = {0, 1900, 1900, 1800, 1800, 2000, 2000, 0, 0, 0};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;
    int county, yy, month, day;

    if (!digits_exact(s, len, d, 13) || d[0] == '0') {
        return false;
    }
    yy = two(d + 1);
    month = two(d + 3);
    day = two(d + 5);
    /* residents' and foreigners' codes do not say the century; accept either. */
    if (century[dv(d[0])] != 0 ? !validate_calendar_date(century[dv(d[0])] + yy, month, day)
                               : !validate_calendar_date(1900 + yy, month, day) &&
                                     !validate_calendar_date(2000 + yy, month, day)) {
        return false;
    }
    county = two(d + 7);
    if ((county < 1 || county > 52) && county != 70) {
        return false;
    }
    for (size_t i = 0; i < 12; i++) {
        sum += w[i] * dv(d[i]);
    }
    sum %= 11;
    return (sum == 10 ? 1 : sum) == dv(d[12]);
}

/*
 * Finnish henkilötunnus (HETU, Population Information Act 661/2009 and the Digital and
 * Population Data Services Agency's format): DDMMYY, a century sign ('+' 1800s; '-' or, since
 * 2023, Y X W V U for the 1900s; A or, since 2023, B C D E F for the 2000s), an individual
 * number 002-999 and a check character: the nine digits DDMMYYNNN as one number mod 31,
 * indexed into 0-9 A-Y without G I O Q Z.
 */
bool
validate_fi_hetu(const unsigned char *s, size_t len)
{
    static const char check[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";
    char c[12];
    unsigned long v = 0;
    int year;

    if (len != 11) {
        return false;
    }
    for (size_t i = 0; i < 11; i++) {
        c[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : (char)s[i];
    }
    if (!validate_all_digits(c, 6) || !validate_all_digits(c + 7, 3)) {
        return false;
    }
    if (c[6] == '\0') {
        return false;
    }
    if (c[6] == '+') {
        year = 1800;
    } else if (c[6] == '-' || strchr("YXWVU", c[6]) != NULL) {
        year = 1900;
    } else if (strchr("ABCDEF", c[6]) != NULL) {
        year = 2000;
    } else {
        return false;
    }
    if (!validate_calendar_date(year + two(c + 4), two(c + 2), two(c))) {
        return false;
    }
    if (memcmp(c + 7, "002", 3) < 0) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        if (i != 6) {
            v = v * 10 + dv(c[i]);
        }
    }
    return check[v % 31] == c[10];
}

/*
 * Danish CPR-nummer's birth date: DDMMYY and the seventh digit, which with the year gives the
 * century (CPR office, "Personnummeret i CPR"): 0-3 the 1900s; 4 and 9 the 2000s up to 36 and
 * the 1900s from 37; 5-8 the 2000s up to 57 and the 1800s from 58.
 */
static bool
dk_cpr_date_ok(const char *d)
{
    int yy = two(d + 4), year;

    if (d[6] <= '3') {
        year = 1900;
    } else if (d[6] == '4' || d[6] == '9') {
        year = yy <= 36 ? 2000 : 1900;
    } else {
        year = yy <= 57 ? 2000 : 1800;
    }
    return validate_calendar_date(year + yy, two(d + 2), two(d));
}

/*
 * Danish CPR-nummer, DDMMYY-SSSS: the birth date and its century digit. Since 2007 numbers no
 * longer have to pass the old modulus-11 test, so this checks the date only.
 */
bool
validate_dk_cpr(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];

    return digits_exact(s, len, d, 10) && dk_cpr_date_ok(d);
}

/*
 * Danish CPR-nummer issued with the modulus-11 test (all numbers before 2007, most since): the
 * date as for dk_cpr and the ten digits weighted 4 3 2 7 6 5 4 3 2 1 summing to a multiple of
 * 11. Used where a number stands without its name.
 */
bool
validate_dk_cpr_mod11(const unsigned char *s, size_t len)
{
    static const unsigned w[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;

    if (!digits_exact(s, len, d, 10) || !dk_cpr_date_ok(d)) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        sum += w[i] * dv(d[i]);
    }
    return sum % 11 == 0;
}

/* 11 minus the weighted sum mod 11, as a digit, or -1 where it would be 10. */
static int
mod11_complement(const char *d, const unsigned *w, size_t n)
{
    unsigned sum = 0;

    for (size_t i = 0; i < n; i++) {
        sum += w[i] * dv(d[i]);
    }
    sum = (11 - sum % 11) % 11;
    return sum == 10 ? -1 : (int)sum;
}

/*
 * Norwegian fødselsnummer (Skatteetaten, Folkeregisteret): DDMMYY, an individual number whose
 * range gives the century (000-499 the 1900s; 500-749 the 1800s from year 54; 500-999 the
 * 2000s up to year 39; 900-999 the 1900s from year 40) and two check digits, each 11 minus a
 * weighted sum mod 11 (3 7 6 1 8 9 4 5 2, then 5 4 3 2 7 6 5 4 3 2); a number whose check would
 * be 10 is never issued. D-numbers add 40 to the day, H-numbers 40 to the month.
 */
bool
validate_no_fnr(const unsigned char *s, size_t len)
{
    static const unsigned w1[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    static const unsigned w2[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    char d[VALIDATE_MAX_CHARS];
    int day, month, yy, ind, year;

    if (!digits_exact(s, len, d, 11)) {
        return false;
    }
    day = two(d);
    month = two(d + 2);
    yy = two(d + 4);
    ind = (int)(dv(d[6]) * 100 + dv(d[7]) * 10 + dv(d[8]));
    day = day > 40 ? day - 40 : day;
    month = month > 40 ? month - 40 : month;
    if (ind < 500) {
        year = 1900 + yy;
    } else if (ind < 750 && yy >= 54) {
        year = 1800 + yy;
    } else if (yy < 40) {
        year = 2000 + yy;
    } else if (ind >= 900) {
        year = 1900 + yy;
    } else {
        return false;
    }
    if (!validate_calendar_date(year, month, day)) {
        return false;
    }
    return mod11_complement(d, w1, 9) == (int)dv(d[9]) &&
           mod11_complement(d, w2, 10) == (int)dv(d[10]);
}

/*
 * Hungarian TAJ-szám (social insurance number, NEAK): nine digits, the ninth the sum of the
 * first eight weighted alternately 3 and 7, mod 10.
 */
bool
validate_hu_taj(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;

    if (!digits_exact(s, len, d, 9)) {
        return false;
    }
    for (size_t i = 0; i < 8; i++) {
        sum += (i % 2 == 0 ? 3 : 7) * dv(d[i]);
    }
    return sum % 10 == dv(d[8]);
}

/*
 * Thai national ID (เลขประจำตัวประชาชน, Department of Provincial Administration): thirteen
 * digits, the first a person type 1-8, the last 11 minus the first twelve weighted 13 down to
 * 2 mod 11, mod 10.
 */
bool
validate_th_id(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;

    if (!digits_exact(s, len, d, 13) || d[0] == '0' || d[0] == '9') {
        return false;
    }
    for (size_t i = 0; i < 12; i++) {
        sum += (unsigned)(13 - i) * dv(d[i]);
    }
    return (11 - sum % 11) % 10 == dv(d[12]);
}

/*
 * Israeli Teudat Zehut (ID number, Population and Immigration Authority): nine digits (shorter
 * ones are written without their leading zeros) whose last is a Luhn check.
 */
bool
validate_il_id(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    if (!validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) || n < 5 || n > 9 ||
        !validate_all_digits(d, n) || validate_all_same(d, n)) {
        return false;
    }
    return validate_luhn_digits(d, n);
}

/*
 * Saudi national ID (citizens, first digit 1) and Iqama (residents, first digit 2), Ministry of
 * Interior: ten digits whose last is a Luhn check.
 */
bool
validate_sa_id(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];

    if (!digits_exact(s, len, d, 10) || (d[0] != '1' && d[0] != '2')) {
        return false;
    }
    return validate_luhn_digits(d, 10);
}

/*
 * New Zealand IRD number (Inland Revenue, "Resident withholding tax / IRD number validation"):
 * eight or nine digits between 10,000,000 and 150,000,000. The base, padded to eight digits,
 * is weighted 3 2 7 6 5 4 3 2; the check is 11 minus the sum mod 11, and when that is 10 the
 * weights 7 4 3 2 5 2 7 6 are used instead (10 again: never issued).
 */
bool
validate_nz_ird(const unsigned char *s, size_t len)
{
    static const unsigned w1[8] = {3, 2, 7, 6, 5, 4, 3, 2};
    static const unsigned w2[8] = {7, 4, 3, 2, 5, 2, 7, 6};
    char d[VALIDATE_MAX_CHARS];
    char base[8];
    size_t n;
    int check;

    if (!validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) || (n != 8 && n != 9) ||
        !validate_all_digits(d, n)) {
        return false;
    }
    if ((n == 8 && d[0] == '0') || (n == 9 && d[0] != '0' && d[0] != '1') ||
        (n == 9 && d[0] == '1' && d[1] >= '5')) {
        return false;
    }
    memset(base, '0', sizeof(base));
    memcpy(base + 9 - n, d, n - 1);
    if (memcmp(base, "01000000", 8) < 0) {
        return false;
    }
    check = mod11_complement(base, w1, 8);
    if (check < 0) {
        check = mod11_complement(base, w2, 8);
    }
    return check >= 0 && check == (int)dv(d[n - 1]);
}

/*
 * Irish PPS number (Department of Social Protection): seven digits, a check letter and, since
 * 2013, an optional second letter (A or H; older numbers may end in W, T or X). The check is
 * the digits weighted 8 down to 2 plus 9 times the second letter's value (A=1 ... H=8; W, T,
 * X and none count 0), mod 23, as a letter where 0 is W and 1-22 are A-V.
 */
bool
validate_ie_ppsn(const unsigned char *s, size_t len)
{
    static const char letters[] = "WABCDEFGHIJKLMNOPQRSTUV";
    char c[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned sum = 0;

    if (!validate_compact(s, len, c, VALIDATE_MAX_CHARS, &n) || (n != 8 && n != 9) ||
        !validate_all_digits(c, 7) || validate_all_same(c, 7) || c[7] < 'A' || c[7] > 'W') {
        return false;
    }
    if (n == 9 && strchr("AHWTX", c[8]) == NULL) {
        return false;
    }
    for (size_t i = 0; i < 7; i++) {
        sum += (unsigned)(8 - i) * dv(c[i]);
    }
    if (n == 9 && (c[8] == 'A' || c[8] == 'H')) {
        sum += 9 * (unsigned)(c[8] - 'A' + 1);
    }
    return letters[sum % 23] == c[7];
}

/*
 * South African ID number (Identification Act 68 of 1997, Department of Home Affairs):
 * YYMMDD, a four-digit serial (0000-4999 women, 5000-9999 men), a citizenship digit (0
 * citizen, 1 permanent resident), a digit formerly for race (now 8 or 9) and a Luhn check.
 */
bool
validate_za_id(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];

    if (!digits_exact(s, len, d, 13) || (d[10] != '0' && d[10] != '1')) {
        return false;
    }
    /* 19YY and 20YY share their leap years except 1900, which no living holder has. */
    if (!validate_calendar_date(2000 + two(d), two(d + 2), two(d + 4))) {
        return false;
    }
    return validate_luhn_digits(d, 13);
}

/*
 * Iranian national code (کد ملی, National Organization for Civil Registration): ten digits,
 * the last a check on the first nine weighted 10 down to 2: with r their sum mod 11, the
 * check is r when r < 2 and 11 - r otherwise.
 */
bool
validate_ir_national_code(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;
    unsigned r;

    if (!digits_exact(s, len, d, 10)) {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        sum += (unsigned)(10 - i) * dv(d[i]);
    }
    r = sum % 11;
    return dv(d[9]) == (r < 2 ? r : 11 - r);
}

/*
 * Malaysian MyKad number (National Registration Department): YYMMDD birth date, a two-digit
 * place-of-birth code (01-16 and 21-59 for the states, 60-68, 71-72, 74-79 and 82-93 for
 * countries and regions abroad, 98-99 stateless or unknown) and four serial digits. There is
 * no check digit, so the date and the code are all it can refuse.
 */
bool
validate_my_mykad(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    int pb;

    if (!digits_exact(s, len, d, 12)) {
        return false;
    }
    /* 19YY and 20YY share their leap years except 1900, which no living holder has. */
    if (!validate_calendar_date(2000 + two(d), two(d + 2), two(d + 4))) {
        return false;
    }
    pb = two(d + 6);
    return (pb >= 1 && pb <= 16) || (pb >= 21 && pb <= 68) || pb == 71 || pb == 72 ||
           (pb >= 74 && pb <= 79) || (pb >= 82 && pb <= 93) || pb >= 98;
}

/*
 * Egyptian national ID (الرقم القومي, Civil Status Organization): a century digit (2 for
 * 1900-1999, 3 for 2000-2099), YYMMDD birth date, a two-digit governorate of birth (01-04,
 * 11-19, 21-29, 31-35, 88 abroad), a four-digit serial whose last digit is odd for men, and
 * a check digit whose algorithm is not published, so it is not tested.
 */
bool
validate_eg_national_id(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    int gov;

    if (!digits_exact(s, len, d, 14) || (d[0] != '2' && d[0] != '3')) {
        return false;
    }
    if (!validate_calendar_date((d[0] == '2' ? 1900 : 2000) + two(d + 1), two(d + 3), two(d + 5))) {
        return false;
    }
    gov = two(d + 7);
    return (gov >= 1 && gov <= 4) || (gov >= 11 && gov <= 19) || (gov >= 21 && gov <= 29) ||
           (gov >= 31 && gov <= 35) || gov == 88;
}

/*
 * JMBG (jedinstveni matični broj građana; EMBG in North Macedonia, EMŠO in Slovenia): DDMMYYY,
 * a two-digit register area, a three-digit serial and a check digit, 11 minus the first twelve
 * weighted 7 6 5 4 3 2 7 6 5 4 3 2 mod 11, written 0 where that is 10 or 11. YYY drops the
 * millennium: 9xx is the 1900s, 0xx the 2000s.
 */
bool
validate_rs_jmbg(const unsigned char *s, size_t len)
{
    static const unsigned w[12] = {7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0, check;
    int yyy;

    if (!digits_exact(s, len, d, 13)) {
        return false;
    }
    yyy = (int)(dv(d[4]) * 100 + dv(d[5]) * 10 + dv(d[6]));
    if (!validate_calendar_date(yyy >= 800 ? 1000 + yyy : 2000 + yyy, two(d + 2), two(d))) {
        return false;
    }
    for (size_t i = 0; i < 12; i++) {
        sum += w[i] * dv(d[i]);
    }
    check = 11 - sum % 11;
    return (check > 9 ? 0 : check) == dv(d[12]);
}

/*
 * Croatian OIB (osobni identifikacijski broj, Porezna uprava): eleven digits, the last an ISO
 * 7064 MOD 11,10 check over the first ten. There is no birth date in it.
 */
bool
validate_hr_oib(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned a = 10, check;

    if (!digits_exact(s, len, d, 11)) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        a = (a + dv(d[i])) % 10;
        a = (a == 0 ? 10 : a) * 2 % 11;
    }
    check = 11 - a;
    return (check == 10 ? 0 : check) == dv(d[10]);
}

/*
 * Bulgarian EGN (единен граждански номер, GRAO): YYMMDD, where the month carries +20 for the
 * 1800s and +40 for the 2000s, a three-digit region and sequence, and a check digit: the first
 * nine weighted 2 4 8 5 10 9 7 3 6 mod 11, 0 where that is 10.
 */
bool
validate_bg_egn(const unsigned char *s, size_t len)
{
    static const unsigned w[9] = {2, 4, 8, 5, 10, 9, 7, 3, 6};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;
    int month, year;

    if (!digits_exact(s, len, d, 10)) {
        return false;
    }
    month = two(d + 2);
    year = two(d);
    if (month > 40) {
        month -= 40;
        year += 2000;
    } else if (month > 20) {
        month -= 20;
        year += 1800;
    } else {
        year += 1900;
    }
    if (!validate_calendar_date(year, month, two(d + 4))) {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        sum += w[i] * dv(d[i]);
    }
    sum %= 11;
    return (sum == 10 ? 0 : sum) == dv(d[9]);
}

/*
 * Lithuanian asmens kodas (Gyventojų registras; the Estonian isikukood has the same layout):
 * a sex-and-century digit 1-6 (1-2 the 1800s, 3-4 the 1900s, 5-6 the 2000s), YYMMDD, a
 * three-digit serial and a check digit: the first ten weighted 1 2 3 4 5 6 7 8 9 1 mod 11; where
 * that is 10, weighted 3 4 5 6 7 8 9 1 2 3 mod 11 instead, and 0 where that is 10 again.
 */
bool
validate_lt_asmens_kodas(const unsigned char *s, size_t len)
{
    static const unsigned w1[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1};
    static const unsigned w2[10] = {3, 4, 5, 6, 7, 8, 9, 1, 2, 3};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;
    int g;

    if (!digits_exact(s, len, d, 11)) {
        return false;
    }
    g = (int)dv(d[0]);
    if (g < 1 || g > 6 ||
        !validate_calendar_date(1800 + (g - 1) / 2 * 100 + two(d + 1), two(d + 3), two(d + 5))) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        sum += w1[i] * dv(d[i]);
    }
    if (sum % 11 == 10) {
        sum = 0;
        for (size_t i = 0; i < 10; i++) {
            sum += w2[i] * dv(d[i]);
        }
    }
    sum %= 11;
    return (sum == 10 ? 0 : sum) == dv(d[10]);
}
