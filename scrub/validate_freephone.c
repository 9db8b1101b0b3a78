/*
 * not_freephone: accepts a phone number unless it is a freephone (toll-free) number, which the
 * called party pays for and which companies and public services publish, not people. Used with
 * `failing:` so a context_not clause drops only such a number ("Call Comcast at 1-888-216-2489",
 * "the Chase customer service line at 0800 639 2718"): a person's own number near the same words
 * stays.
 */
#include "scrub/validate_checks_internal.h"

#include <string.h>

#include "common/banned.h"

/* Whether the n digits of d start with p. */
static bool
starts(const char *d, size_t n, const char *p)
{
    size_t k = strlen(p);

    return n >= k && memcmp(d, p, k) == 0;
}

/* A NANP toll-free area code (800, 833, 844, 855, 866, 877, 888) at d. */
static bool
nanp_toll_free(const char *d)
{
    return d[0] == '8' && (d[1] == d[2] ? d[1] >= '3' && d[1] <= '8' : d[1] == '0' && d[2] == '0');
}

/*
 * The digits of s, the leading '+' or "00" of an international form dropped with it. Other
 * bytes than digits, blanks, '+', '(', ')', '-', '.' and '/' make it no phone number here.
 */
static bool
digits_of(const unsigned char *s, size_t len, char *d, size_t cap, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (*n == cap) {
                return false;
            }
            d[(*n)++] = (char)s[i];
        } else if (!strchr(" \t+()-./", s[i])) {
            return false;
        }
    }
    if (*n > 2 && d[0] == '0' && d[1] == '0') {
        memmove(d, d + 2, *n - 2);
        *n -= 2;
    }
    return true;
}

bool
check_not_freephone(const unsigned char *s, size_t len)
{
    char d[VALIDATE_MAX_CHARS];
    size_t n;

    if (!digits_of(s, len, d, sizeof(d), &n)) {
        return true;
    }
    /* North America: [1] 8XX NXX XXXX */
    if ((n == 10 && nanp_toll_free(d)) || (n == 11 && d[0] == '1' && nanp_toll_free(d + 1))) {
        return false;
    }
    /* 0800 / 0808 (the UK, Germany, France, the Netherlands, Brazil, Argentina...), the UK's
     * with its country code, Australia's and India's 1800, and the international 800 (UIFN) */
    if ((starts(d, n, "0800") || starts(d, n, "0808") || starts(d, n, "44800") ||
         starts(d, n, "44808") || starts(d, n, "1800") || starts(d, n, "800")) &&
        n >= 9 && n <= 13) {
        return false;
    }
    return true;
}
