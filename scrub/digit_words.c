/*
 * Digit words, for the view's mixed number runs ("4 six one eight ...") and for validators of
 * numbers read out as words ("four five three two, zero one ...").
 */
#include "scrub/digit_words_internal.h"

#include <string.h>

#include "common/banned.h"

#define DIGIT_WORD_MAX 12 /* bytes: "четыре" is 12 */

static const struct {
    const char *word;
    char digit;
} digit_words[] = {
    {"zero", '0'},
    {"oh", '0'},
    {"one", '1'},
    {"two", '2'},
    {"three", '3'},
    {"four", '4'},
    {"five", '5'},
    {"six", '6'},
    {"seven", '7'},
    {"eight", '8'},
    {"nine", '9'},
    {"cero", '0'},
    {"uno", '1'},
    {"dos", '2'},
    {"tres", '3'},
    {"cuatro", '4'},
    {"cinco", '5'},
    {"seis", '6'},
    {"siete", '7'},
    {"ocho", '8'},
    {"nueve", '9'},
    {"z\xc3\xa9ro", '0'},
    {"un", '1'},
    {"deux", '2'},
    {"trois", '3'},
    {"quatre", '4'},
    {"cinq", '5'},
    {"sept", '7'},
    {"huit", '8'},
    {"neuf", '9'},
    {"null", '0'},
    {"eins", '1'},
    {"zwei", '2'},
    {"drei", '3'},
    {"vier", '4'},
    {"f\xc3\xbcnf", '5'},
    {"sechs", '6'},
    {"sieben", '7'},
    {"acht", '8'},
    {"neun", '9'},
    {"due", '2'},
    {"tre", '3'},
    {"quattro", '4'},
    {"cinque", '5'},
    {"sei", '6'},
    {"sette", '7'},
    {"otto", '8'},
    {"nove", '9'},
    {"um", '1'},
    {"dois", '2'},
    {"tr\xc3\xaas", '3'},
    {"sete", '7'},
    {"oito", '8'},
    {"quatro", '4'},
    /* Russian, as the pack's digit_word fragment lists it: ноль нуль один одна два две три
     * четыре пять шесть семь восемь девять */
    {"\xd0\xbd\xd0\xbe\xd0\xbb\xd1\x8c", '0'},
    {"\xd0\xbd\xd1\x83\xd0\xbb\xd1\x8c", '0'},
    {"\xd0\xbe\xd0\xb4\xd0\xb8\xd0\xbd", '1'},
    {"\xd0\xbe\xd0\xb4\xd0\xbd\xd0\xb0", '1'},
    {"\xd0\xb4\xd0\xb2\xd0\xb0", '2'},
    {"\xd0\xb4\xd0\xb2\xd0\xb5", '2'},
    {"\xd1\x82\xd1\x80\xd0\xb8", '3'},
    {"\xd1\x87\xd0\xb5\xd1\x82\xd1\x8b\xd1\x80\xd0\xb5", '4'},
    {"\xd0\xbf\xd1\x8f\xd1\x82\xd1\x8c", '5'},
    {"\xd1\x88\xd0\xb5\xd1\x81\xd1\x82\xd1\x8c", '6'},
    {"\xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c", '7'},
    {"\xd0\xb2\xd0\xbe\xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c", '8'},
    {"\xd0\xb4\xd0\xb5\xd0\xb2\xd1\x8f\xd1\x82\xd1\x8c", '9'},
};

char
digit_word(const unsigned char *s, size_t len)
{
    if (len < 2 || len > DIGIT_WORD_MAX) {
        return 0;
    }
    /* the first letter is compared first: most words differ there, before their length is
     * measured (the view asks about every word of a number run) */
    unsigned char first = s[0] < 0x80 ? (unsigned char)(s[0] | 0x20) : s[0];
    for (size_t k = 0; k < sizeof(digit_words) / sizeof(digit_words[0]); k++) {
        const char *w = digit_words[k].word;
        size_t x = 0;
        if ((unsigned char)w[0] != first || strlen(w) != len) {
            continue;
        }
        /* ASCII letters fold to lower case; the bytes of an accented letter compare as they are */
        while (x < len &&
               (s[x] < 0x80 ? (unsigned char)(s[x] | 0x20) : s[x]) == (unsigned char)w[x]) {
            x++;
        }
        if (x == len) {
            return digit_words[k].digit;
        }
    }
    return 0;
}
