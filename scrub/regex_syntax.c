/*
 * Pieces of regex syntax that more than one reader of pattern sources needs (regex_factor.c,
 * regex_left.c, regex_right.c, lint.c), read the way PCRE2 reads them, so that they agree with it
 * and with each other on where a construct ends.
 */
#include "scrub/rules_internal.h"

#include <string.h>

#include "common/banned.h"

/*
 * Past "[:name:]" (or [.x.], [=x=]) at s[j] inside a class, or past the '[' alone when PCRE2
 * would not read one there: its own rule (check_posix_syntax).
 */
static size_t
posix_class_end(const char *s, size_t n, size_t j)
{
    char term = s[j + 1];

    for (size_t k = j + 2; k < n; k++) {
        if (s[k] == '\\' && k + 1 < n && (s[k + 1] == ']' || s[k + 1] == '\\')) {
            k++;
        } else if ((s[k] == '[' && k + 1 < n && s[k + 1] == term) || s[k] == ']') {
            return j + 1;
        } else if (s[k] == term && k + 1 < n && s[k + 1] == ']') {
            return k + 2;
        }
    }
    return j + 1;
}

size_t
regex_class_end(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;

    if (j < n && s[j] == '^') {
        j++;
    }
    if (j < n && s[j] == ']') {
        j++; /* a ']' first is a member */
    }
    while (j < n && s[j] != ']') {
        if (s[j] == '\\') {
            if (j + 1 < n && (s[j + 1] == 'Q' || s[j + 1] == 'E')) {
                return 0; /* quoting: not followed here */
            }
            j += 2; /* no escape holds a ']' of its own */
        } else if (s[j] == '[' && j + 1 < n && strchr(":.=", s[j + 1])) {
            j = posix_class_end(s, n, j);
        } else {
            j++;
        }
    }
    return j < n ? j + 1 : 0;
}

size_t
regex_escape_end(const char *s, size_t i)
{
    i++;
    if (!s[i]) {
        return i;
    }
    char c = s[i++];
    if (strchr("pPxogkN", c) && (s[i] == '{' || s[i] == '<' || s[i] == '\'')) {
        char close = s[i] == '{' ? '}' : s[i] == '<' ? '>' : '\'';
        const char *end = strchr(s + i + 1, close);
        return end ? (size_t)(end - s) + 1 : strlen(s);
    }
    return i;
}

size_t
regex_group_end(const char *s, size_t i, bool *alternation)
{
    int depth = 0;

    *alternation = false;
    while (s[i]) {
        if (s[i] == '\\') {
            i = regex_escape_end(s, i);
        } else if (s[i] == '[') {
            i = regex_class_end(s, strlen(s), i);
            if (!i) {
                return 0;
            }
        } else if (s[i] == '(') {
            depth++;
            i++;
        } else if (s[i] == ')') {
            if (depth == 0) {
                return i;
            }
            depth--;
            i++;
        } else {
            *alternation |= s[i] == '|' && depth == 0;
            i++;
        }
    }
    return depth == 0 ? i : 0;
}
