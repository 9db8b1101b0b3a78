/*
 * More national numbers, each with its issuer's published check: Swiss AHV/AVS (EAN-13), Belgian
 * national register number (mod 97), Austrian social insurance number (weighted mod 11),
 * Taiwanese national ID (letter code and weighted mod 10), Latvian personal code (weighted mod
 * 11), and the ICAO 9303 check digit of a machine-readable zone's document number (7-3-1). Like
 * validate_national.c, each takes the candidate as matched, separators included.
 */
#include <string.h>

#include "scrub/validate_checks_internal.h"

#include "common/banned.h"

static unsigned
digit(char c)
{
    return (unsigned)(c - '0');
}

/* The candidate's letters and digits, exactly want of them, all digits, not one repeated. */
static bool
digits_of(const unsigned char *s, size_t len, char *d, size_t want)
{
    size_t n;

    return validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) && n == want &&
           validate_all_digits(d, n) && !validate_all_same(d, n);
}

/* Swiss AHV/AVS number 756.XXXX.XXXX.XC: 756 (the country), nine digits, an EAN-13 check digit. */
bool
validate_ch_ahv(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;

    if (!digits_of(s, len, d, 13) || memcmp(d, "756", 3) != 0) {
        return false;
    }
    for (size_t i = 0; i < 12; i++) {
        sum += digit(d[i]) * (i % 2 ? 3 : 1);
    }
    return (10 - sum % 10) % 10 == digit(d[12]);
}

/*
 * Belgian national register number YY.MM.DD-SSS.CC: CC = 97 - (YYMMDDSSS mod 97), or, for births
 * from 2000, the same over 2YYMMDDSSS. The month may be 0 (date unknown) and is raised by 20 or
 * 40 in the register's bis numbers.
 */
bool
validate_be_nrn(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    unsigned long long body = 0;
    unsigned month, check;

    if (!digits_of(s, len, d, 11)) {
        return false;
    }
    month = digit(d[2]) * 10 + digit(d[3]);
    if (month % 20 > 12 || month > 52 || digit(d[4]) * 10 + digit(d[5]) > 31) {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        body = body * 10 + digit(d[i]);
    }
    check = digit(d[9]) * 10 + digit(d[10]);
    return 97 - body % 97 == check || 97 - (2000000000ull + body) % 97 == check;
}

/*
 * Austrian social insurance number SSSC DDMMYY: a serial from 100, a check digit, the birth date
 * (a day or month the register did not know is written above its range, so only the digits are
 * checked). C = (3,7,9,-,5,8,4,2,1,6) weighted sum mod 11; serials giving 10 are not issued.
 */
bool
validate_at_svnr(const unsigned char *s, size_t len)
{
    static const unsigned w[10] = {3, 7, 9, 0, 5, 8, 4, 2, 1, 6};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;

    if (!digits_of(s, len, d, 10) || d[0] == '0') {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        sum += w[i] * digit(d[i]);
    }
    return sum % 11 != 10 && sum % 11 == digit(d[3]);
}

/*
 * Taiwanese national ID (and resident certificate) A123456789: a letter for the place of first
 * registration, 1/2 (or 8/9 for residents) for the sex, seven digits and a check digit. The
 * letter's two-digit code weighs 1 and 9, the digits 8..1 and 1; the sum is a multiple of 10.
 */
bool
validate_tw_id(const unsigned char *s, size_t len)
{
    /* A..Z: the codes the household registration gives each letter (I, O, W, Z out of order) */
    static const unsigned char code[26] = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                           22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33};
    static const unsigned w[9] = {8, 7, 6, 5, 4, 3, 2, 1, 1};
    char d[VALIDATE_MAX_CHARS];
    size_t n;
    unsigned sum;

    if (!validate_compact(s, len, d, VALIDATE_MAX_CHARS, &n) || n != 10 || d[0] < 'A' ||
        d[0] > 'Z' || !validate_all_digits(d + 1, 9) || !strchr("1289", d[1])) {
        return false;
    }
    sum = code[d[0] - 'A'] / 10u + code[d[0] - 'A'] % 10u * 9u;
    for (size_t i = 0; i < 9; i++) {
        sum += w[i] * digit(d[i + 1]);
    }
    return sum % 10 == 0;
}

/*
 * Latvian personal code DDMMYY-CNNNN (C the century: 0 for the 1800s, 1 for the 1900s, 2 from
 * 2000): the check digit is (1101 - (1,6,3,7,9,10,5,8,4,2) weighted sum) mod 11, a remainder of
 * 10 being written 0. Codes issued since July 2017 start with 32 and carry no date; they are
 * held to the same check.
 */
bool
validate_lv_personas_kods(const unsigned char *s, size_t len)
{
    static const unsigned w[10] = {1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    char d[VALIDATE_MAX_CHARS];
    unsigned sum = 0;

    if (!digits_of(s, len, d, 11)) {
        return false;
    }
    if (memcmp(d, "32", 2) != 0) {
        int day = (int)(digit(d[0]) * 10 + digit(d[1]));
        int month = (int)(digit(d[2]) * 10 + digit(d[3]));
        int year = (int)(digit(d[4]) * 10 + digit(d[5]));
        if (d[6] > '2' ||
            !validate_calendar_date(1800 + (int)digit(d[6]) * 100 + year, month, day)) {
            return false;
        }
    }
    for (size_t i = 0; i < 10; i++) {
        sum += w[i] * digit(d[i]);
    }
    return (1101 - sum) % 11 % 10 == digit(d[10]);
}

/*
 * The document number of a passport's or ID card's machine-readable zone and its check digit
 * (ICAO 9303): up to nine characters padded with '<', then the digit. Digits count as
 * themselves, A..Z as 10..35, '<' as 0, weighted 7, 3, 1 in turn; the sum mod 10 is the check.
 */
bool
validate_mrz_check(const unsigned char *s, size_t len)
{
    static const unsigned w[3] = {7, 3, 1};
    unsigned sum = 0;
    size_t letters = 0;

    if (len != 10 || s[0] == '<' || s[9] < '0' || s[9] > '9') {
        return false;
    }
    for (size_t i = 0; i < 9; i++) {
        unsigned v;
        if (s[i] >= '0' && s[i] <= '9') {
            v = (unsigned)(s[i] - '0');
        } else if (s[i] >= 'A' && s[i] <= 'Z') {
            v = (unsigned)(s[i] - 'A') + 10;
            letters++;
        } else if (s[i] == '<' && (i == 8 || s[i + 1] == '<')) {
            v = 0; /* padding: only at the end */
        } else {
            return false;
        }
        sum += v * w[i % 3];
    }
    return letters < 9 && sum % 10 == (unsigned)(s[9] - '0');
}
