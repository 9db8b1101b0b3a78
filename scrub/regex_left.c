/*
 * What every match of a regex requires of the byte before it, read off the assertions the regex
 * starts with: "(?<![\p{L}])" rules out an ASCII letter there, "(?<![\w])" any ASCII word byte,
 * and "\b" does too when the match starts with a word byte. An anchor found at the very start of
 * a match (a lead of 0) inside "items" or "other" then needs no PCRE2 call: title_latin's "ms"
 * and relation_name's "her " were tried tens of thousands of times per 3 MB for nothing.
 *
 * Only assertions every match passes through count: none after a top-level '|', in a group with
 * a '|' of its own, or in an optional group; a quantified or negated one counts for nothing.
 * Anything unusual (a construct not listed) ends the reading; what was read so far stands,
 * since it held for every match. A pattern that turns extended mode on with a leading "(?x)" is
 * read with its white space skipped, unless it holds a '#' anywhere (a comment could hide a
 * parenthesis from the check for a top-level '|').
 */
#include "scrub/rules_internal.h"

#include <stdbool.h>
#include <string.h>

#include "common/banned.h"

/* Past the class at s[i] ('['), or 0 if it does not end. */
static size_t
skip_class(const char *s, size_t i)
{
    return regex_class_end(s, strlen(s), i);
}

static bool
quantifier(char c)
{
    return c && strchr("?*+{", c) != NULL;
}

/* What a negative look-behind class (its text without the brackets) rules out before it. */
static enum left_context
class_rules_out(const char *c, size_t n, bool caseless)
{
    char body[256];

    if (n == 0 || n >= sizeof(body) || c[0] == '^') {
        return LEFT_ANY;
    }
    memcpy(body, c, n);
    body[n] = '\0';
    if (strstr(body, "\\w")) {
        return LEFT_NOT_WORD;
    }
    bool lower = strstr(body, "a-z") != NULL, upper = strstr(body, "A-Z") != NULL;
    bool letters = strstr(body, "\\p{L}") || (lower && upper) || (caseless && (lower || upper));
    if (!letters) {
        return LEFT_ANY;
    }
    return strstr(body, "0-9") && strchr(body, '_') ? LEFT_NOT_WORD : LEFT_NOT_LETTER;
}

static enum left_context
stronger(enum left_context a, enum left_context b)
{
    return a > b ? a : b;
}

/* Past the white space at s[i] (extended mode). */
static size_t
skip_space(const char *s, size_t i)
{
    while (s[i] && strchr(" \t\n\r\v\f", s[i])) {
        i++;
    }
    return i;
}

enum left_context
regex_left_context(const char *s, uint32_t options, bool word_first)
{
    enum left_context left = LEFT_ANY;
    bool caseless = (options & PCRE2_CASELESS) != 0, alternation;
    /* "(?x)" first: white space between items is no item (no comment may hide a parenthesis) */
    bool extended = !strncmp(s, "(?x)", 4) && !strchr(s, '#');
    size_t i = extended ? 4 : 0;

    if (options & (PCRE2_EXTENDED | PCRE2_EXTENDED_MORE | PCRE2_LITERAL)) {
        return LEFT_ANY;
    }
    if (!regex_group_end(s, 0, &alternation) || alternation) {
        return LEFT_ANY;
    }
    for (;;) {
        if (extended) {
            i = skip_space(s, i);
        }
        if (!strncmp(s + i, "(?<![", 5)) {
            size_t end = skip_class(s, i + 4);
            if (!end || s[end] != ')') {
                return left;
            }
            if (!quantifier(s[extended ? skip_space(s, end + 1) : end + 1])) {
                left = stronger(left, class_rules_out(s + i + 5, end - 1 - (i + 5), caseless));
            }
            i = end + 1;
        } else if (!strncmp(s + i, "\\b", 2)) {
            if (word_first && !quantifier(s[extended ? skip_space(s, i + 2) : i + 2])) {
                left = stronger(left, LEFT_NOT_WORD);
            }
            i += 2;
        } else if (!strncmp(s + i, "(?=", 3) || !strncmp(s + i, "(?!", 3) ||
                   !strncmp(s + i, "(?<=", 4)) {
            size_t end = regex_group_end(s, i + 3 + (s[i + 2] == '<'), &alternation);
            if (!end) {
                return left;
            }
            i = end + 1; /* a look-ahead consumes nothing: the next item starts the match too */
        } else if (s[i] == '(' && s[i + 1] == '?' && s[i + 2] != '<' && s[i + 2] != '\'' &&
                   s[i + 2] != 'P' && s[i + 2] != '#' && s[i + 2] != '(' && s[i + 2] != '|') {
            /* (?i) for what follows, or a group (?:...), (?>...), (?i:...) entered when every
             * match goes through its start. */
            size_t j = i + 2;
            bool on = true, inner = caseless;
            while (s[j] && strchr("imsnUJ-^", s[j])) {
                if (s[j] == '-') {
                    on = false;
                } else if (s[j] == '^') {
                    inner = false;
                } else if (s[j] == 'i') {
                    inner = on;
                }
                j++;
            }
            if (s[j] == ')') {
                caseless = inner;
                i = j + 1;
                continue;
            }
            if (s[j] != ':' && s[j] != '>') {
                return left;
            }
            size_t end = regex_group_end(s, j + 1, &alternation);
            if (!end || alternation || quantifier(s[extended ? skip_space(s, end + 1) : end + 1])) {
                return left;
            }
            caseless = inner; /* only read inside it: the match starts there */
            i = j + 1;
        } else {
            return left;
        }
    }
}
