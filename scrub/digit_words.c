/*
 * Digit words, for the view's mixed number runs ("4 six one eight ...") and for validators of
 * numbers read out as words ("four five three two, zero one ...").
 */
#include "scrub/digit_words_internal.h"

#include <string.h>

#include "common/banned.h"

#define DIGIT_WORD_MAX 16 /* bytes: "शून्य" is 15 */

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
    /* Dutch and Afrikaans: nul een één twee drie vijf zes zeven negen vyf ses sewe agt nege */
    {"nul", '0'},
    {"een", '1'},
    {"\xc3\xa9\xc3\xa9n", '1'},
    {"twee", '2'},
    {"drie", '3'},
    {"vijf", '5'},
    {"zes", '6'},
    {"zeven", '7'},
    {"negen", '9'},
    {"vyf", '5'},
    {"ses", '6'},
    {"sewe", '7'},
    {"agt", '8'},
    {"nege", '9'},
    /* Swahili: sifuri moja mbili tatu nne tano sita saba nane tisa */
    {"sifuri", '0'},
    {"moja", '1'},
    {"mbili", '2'},
    {"tatu", '3'},
    {"nne", '4'},
    {"tano", '5'},
    {"sita", '6'},
    {"saba", '7'},
    {"nane", '8'},
    {"tisa", '9'},
    /* Tagalog: sero isa dalawa tatlo apat lima anim pito walo siyam */
    {"sero", '0'},
    {"isa", '1'},
    {"dalawa", '2'},
    {"tatlo", '3'},
    {"apat", '4'},
    {"lima", '5'},
    {"anim", '6'},
    {"pito", '7'},
    {"walo", '8'},
    {"siyam", '9'},
    /* Finnish: nolla yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän */
    {"nolla", '0'},
    {"yksi", '1'},
    {"kaksi", '2'},
    {"kolme", '3'},
    {"nelj\xc3\xa4", '4'},
    {"viisi", '5'},
    {"kuusi", '6'},
    {"seitsem\xc3\xa4n", '7'},
    {"kahdeksan", '8'},
    {"yhdeks\xc3\xa4n", '9'},
    /* Romanian (with and without the comma below): unu doi trei patru cinci șase şase sase șapte
     * şapte sapte opt nouă noua */
    {"unu", '1'},
    {"doi", '2'},
    {"trei", '3'},
    {"patru", '4'},
    {"cinci", '5'},
    {"\xc8\x99"
     "ase",
     '6'},
    {"\xc5\x9f"
     "ase",
     '6'},
    {"sase", '6'},
    {"\xc8\x99"
     "apte",
     '7'},
    {"\xc5\x9f"
     "apte",
     '7'},
    {"sapte", '7'},
    {"opt", '8'},
    {"nou\xc4\x83", '9'},
    {"noua", '9'},
    /* Polish: jeden dwa trzy cztery pięć sześć siedem osiem dziewięć */
    {"jeden", '1'},
    {"dwa", '2'},
    {"trzy", '3'},
    {"cztery", '4'},
    {"pi\xc4\x99\xc4\x87", '5'},
    {"sze\xc5\x9b\xc4\x87", '6'},
    {"siedem", '7'},
    {"osiem", '8'},
    {"dziewi\xc4\x99\xc4\x87", '9'},
    /* Turkish: sıfır bir iki üç dört beş altı yedi sekiz dokuz */
    {"s\xc4\xb1"
     "f\xc4\xb1r",
     '0'},
    {"bir", '1'},
    {"iki", '2'},
    {"\xc3\xbc\xc3\xa7", '3'},
    {"d\xc3\xb6rt", '4'},
    {"be\xc5\x9f", '5'},
    {"alt\xc4\xb1", '6'},
    {"yedi", '7'},
    {"sekiz", '8'},
    {"dokuz", '9'},
    /* Indonesian and Malay: nol kosong satu dua tiga empat enam tujuh delapan lapan sembilan */
    {"nol", '0'},
    {"kosong", '0'},
    {"satu", '1'},
    {"dua", '2'},
    {"tiga", '3'},
    {"empat", '4'},
    {"enam", '6'},
    {"tujuh", '7'},
    {"delapan", '8'},
    {"lapan", '8'},
    {"sembilan", '9'},
    /* Swedish, Norwegian and Danish (not "en", "to", "fire", "ni": English words): noll ett två
     * fyra fem seks sju syv åtta åtte otte nio */
    {"noll", '0'},
    {"ett", '1'},
    {"tv\xc3\xa5", '2'},
    {"fyra", '4'},
    {"fem", '5'},
    {"seks", '6'},
    {"sju", '7'},
    {"syv", '7'},
    {"\xc3\xa5tta", '8'},
    {"\xc3\xa5tte", '8'},
    {"otte", '8'},
    {"nio", '9'},
    /* Hindi: शून्य एक दो तीन चार पाँच पांच छह छः सात आठ नौ */
    {"\xe0\xa4\xb6\xe0\xa5\x82\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xaf", '0'},
    {"\xe0\xa4\x8f\xe0\xa4\x95", '1'},
    {"\xe0\xa4\xa6\xe0\xa5\x8b", '2'},
    {"\xe0\xa4\xa4\xe0\xa5\x80\xe0\xa4\xa8", '3'},
    {"\xe0\xa4\x9a\xe0\xa4\xbe\xe0\xa4\xb0", '4'},
    {"\xe0\xa4\xaa\xe0\xa4\xbe\xe0\xa4\x81\xe0\xa4\x9a", '5'},
    {"\xe0\xa4\xaa\xe0\xa4\xbe\xe0\xa4\x82\xe0\xa4\x9a", '5'},
    {"\xe0\xa4\x9b\xe0\xa4\xb9", '6'},
    {"\xe0\xa4\x9b\xe0\xa4\x83", '6'},
    {"\xe0\xa4\xb8\xe0\xa4\xbe\xe0\xa4\xa4", '7'},
    {"\xe0\xa4\x86\xe0\xa4\xa0", '8'},
    {"\xe0\xa4\xa8\xe0\xa5\x8c", '9'},
    /* Greek: μηδέν ένα δύο τρία τέσσερα πέντε έξι επτά εφτά οκτώ οχτώ εννέα εννιά */
    {"\xce\xbc\xce\xb7\xce\xb4\xce\xad\xce\xbd", '0'},
    {"\xce\xad\xce\xbd\xce\xb1", '1'},
    {"\xce\xb4\xcf\x8d\xce\xbf", '2'},
    {"\xcf\x84\xcf\x81\xce\xaf\xce\xb1", '3'},
    {"\xcf\x84\xce\xad\xcf\x83\xcf\x83\xce\xb5\xcf\x81\xce\xb1", '4'},
    {"\xcf\x80\xce\xad\xce\xbd\xcf\x84\xce\xb5", '5'},
    {"\xce\xad\xce\xbe\xce\xb9", '6'},
    {"\xce\xb5\xcf\x80\xcf\x84\xce\xac", '7'},
    {"\xce\xb5\xcf\x86\xcf\x84\xce\xac", '7'},
    {"\xce\xbf\xce\xba\xcf\x84\xcf\x8e", '8'},
    {"\xce\xbf\xcf\x87\xcf\x84\xcf\x8e", '8'},
    {"\xce\xb5\xce\xbd\xce\xbd\xce\xad\xce\xb1", '9'},
    {"\xce\xb5\xce\xbd\xce\xbd\xce\xb9\xce\xac", '9'},
    /* Arabic: صفر واحد اثنان اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة */
    {"\xd8\xb5\xd9\x81\xd8\xb1", '0'},
    {"\xd9\x88\xd8\xa7\xd8\xad\xd8\xaf", '1'},
    {"\xd8\xa7\xd8\xab\xd9\x86\xd8\xa7\xd9\x86", '2'},
    {"\xd8\xa7\xd8\xab\xd9\x86\xd9\x8a\xd9\x86", '2'},
    {"\xd8\xab\xd9\x84\xd8\xa7\xd8\xab\xd8\xa9", '3'},
    {"\xd8\xa3\xd8\xb1\xd8\xa8\xd8\xb9\xd8\xa9", '4'},
    {"\xd8\xae\xd9\x85\xd8\xb3\xd8\xa9", '5'},
    {"\xd8\xb3\xd8\xaa\xd8\xa9", '6'},
    {"\xd8\xb3\xd8\xa8\xd8\xb9\xd8\xa9", '7'},
    {"\xd8\xab\xd9\x85\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9", '8'},
    {"\xd8\xaa\xd8\xb3\xd8\xb9\xd8\xa9", '9'},
    /* Ukrainian (the words Russian does not share): чотири шість сім вісім */
    {"\xd1\x87\xd0\xbe\xd1\x82\xd0\xb8\xd1\x80\xd0\xb8", '4'},
    {"\xd1\x88\xd1\x96\xd1\x81\xd1\x82\xd1\x8c", '6'},
    {"\xd1\x81\xd1\x96\xd0\xbc", '7'},
    {"\xd0\xb2\xd1\x96\xd1\x81\xd1\x96\xd0\xbc", '8'},
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
