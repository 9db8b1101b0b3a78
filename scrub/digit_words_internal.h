#ifndef VEIL_DIGIT_WORDS_INTERNAL_H
#define VEIL_DIGIT_WORDS_INTERNAL_H

#include <stddef.h>

/*
 * The digit a word stands for when a number is read out ("six", "cero", "zéro", "fünf", "oito"
 * in English, Spanish, French, German, Italian, Portuguese, Russian; "oh" for 0; and "een",
 * "sifuri", "isa", "yksi", "unu", "jeden", "bir", "satu", "ett", "एक", "ένα", "واحد" in Dutch,
 * Afrikaans, Swahili, Tagalog, Finnish, Romanian, Polish, Turkish, Indonesian, Malay, the
 * Scandinavian languages, Hindi, Greek, Arabic, Ukrainian), or 0 when the len bytes at s are
 * not one. ASCII letters in any case; the accented letters as written in UTF-8.
 * The view (normalize_number_words.c) and the validators that read spelled numbers share this one
 * table.
 */
char digit_word(const unsigned char *s, size_t len);

#endif
