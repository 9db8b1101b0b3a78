/*
 * Factoring a rule's alternations (scrub/regex_factor.c) parses regex sources from rule packs.
 * Input: one option byte (bit 0 caseless, bit 1 UCP, bit 2 extended), a pattern, a newline, then
 * subject text. Whenever the pattern compiles as written, it compiles as the engine compiles it
 * (rules_compile_factored: factored, unless PCRE2 would plan other shortcuts for that form) and
 * finds the same matches, every capture included, from the start and from each match's end.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scrub/rules_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pcre2_code *
compile(const char *src, uint32_t options)
{
    int code;
    PCRE2_SIZE offset;

    return pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code, &offset, NULL);
}

static void
same_matches(const pcre2_code *a, const pcre2_code *b, const unsigned char *s, size_t len)
{
    pcre2_match_data *ma = pcre2_match_data_create_from_pattern(a, NULL);
    pcre2_match_data *mb = pcre2_match_data_create_from_pattern(b, NULL);
    pcre2_match_context *ctx = pcre2_match_context_create(NULL);
    size_t pos = 0;

    pcre2_set_match_limit(ctx, 20000);
    pcre2_set_depth_limit(ctx, 2000);
    while (pos <= len) {
        int ra = pcre2_match(a, s, len, pos, 0, ma, ctx);
        int rb = pcre2_match(b, s, len, pos, 0, mb, ctx);
        if (ra == PCRE2_ERROR_MATCHLIMIT || rb == PCRE2_ERROR_MATCHLIMIT ||
            ra == PCRE2_ERROR_DEPTHLIMIT || rb == PCRE2_ERROR_DEPTHLIMIT) {
            break; /* the two may run out of budget at different points */
        }
        assert(ra == rb);
        if (ra <= 0) {
            break;
        }
        PCRE2_SIZE *oa = pcre2_get_ovector_pointer(ma), *ob = pcre2_get_ovector_pointer(mb);
        for (int k = 0; k < 2 * ra; k++) {
            assert(oa[k] == ob[k]);
        }
        pos = oa[1] > pos ? oa[1] : pos + 1;
        while (pos < len && (s[pos] & 0xC0) == 0x80) {
            pos++;
        }
    }
    pcre2_match_context_free(ctx);
    pcre2_match_data_free(ma);
    pcre2_match_data_free(mb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096) {
        return 0;
    }
    uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (data[0] & 1 ? PCRE2_CASELESS : 0) |
                       (data[0] & 2 ? PCRE2_UCP : 0) | (data[0] & 4 ? PCRE2_EXTENDED : 0);
    const uint8_t *nl = memchr(data + 1, '\n', size - 1);
    size_t plen = nl ? (size_t)(nl - data - 1) : size - 1;
    char *src = malloc(plen + 1);

    if (!src) {
        return 0;
    }
    memcpy(src, data + 1, plen);
    src[plen] = '\0';
    pcre2_code *a = strlen(src) == plen ? compile(src, options) : NULL;
    if (a) {
        int code;
        PCRE2_SIZE offset;
        pcre2_code *b = rules_compile_factored(src, options, &code, &offset);
        assert(b != NULL);
        const unsigned char *subject = nl ? nl + 1 : (const unsigned char *)"";
        size_t len = nl ? size - plen - 2 : 0;
        same_matches(a, b, subject, len);
        same_matches(a, b, (const unsigned char *)src, plen);
        pcre2_code_free(b);
        pcre2_code_free(a);
    }
    free(src);
    return 0;
}
