/* Small UTF-8 helpers for scoring; ICU stays in scrub/ (house style), so this is table-driven. */
#include "audit/audit_internal.h"

#include "common/banned.h"

bool
utf8_is_boundary(const unsigned char *s, size_t len, size_t off)
{
    return off == 0 || off >= len || (s[off] & 0xC0) != 0x80;
}

uint32_t
utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char b = s[*i];
    size_t need;
    uint32_t cp;

    if (b < 0x80) {
        (*i)++;
        return b;
    }
    if ((b & 0xE0) == 0xC0) {
        need = 1;
        cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
        need = 2;
        cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
        need = 3;
        cp = b & 0x07u;
    } else {
        (*i)++;
        return 0xFFFD;
    }
    if (*i + need >= len) {
        (*i)++;
        return 0xFFFD;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((s[*i + k] & 0xC0) != 0x80) {
            (*i)++;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[*i + k] & 0x3Fu);
    }
    *i += need + 1;
    return cp;
}

size_t
utf8_count(const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        utf8_next(s, len, &i);
        n++;
    }
    return n;
}

/* Blocks of spaces, punctuation, symbols, marks and emoji: [first, last] code points. */
static const uint32_t not_alnum[][2] = {
    {0x0080, 0x00A9},   {0x00AB, 0x00B1},   {0x00B4, 0x00B4}, {0x00B6, 0x00B8}, {0x00BB, 0x00BB},
    {0x00BF, 0x00BF},   {0x00D7, 0x00D7},   {0x00F7, 0x00F7}, {0x0300, 0x036F}, {0x2000, 0x206F},
    {0x20A0, 0x20FF},   {0x2190, 0x245F},   {0x2500, 0x2775}, {0x2794, 0x2BFF}, {0x2E00, 0x2E7F},
    {0x3000, 0x3004},   {0x3008, 0x3020},   {0x3030, 0x303F}, {0xFE00, 0xFE6F}, {0xFEFF, 0xFEFF},
    {0xFF01, 0xFF0F},   {0xFF1A, 0xFF20},   {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF},
    {0x1F000, 0x1FAFF}, {0xE0000, 0xE0FFF},
};

bool
audit_is_alnum(uint32_t cp)
{
    if (cp < 0x80) {
        return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
    }
    for (size_t i = 0; i < sizeof(not_alnum) / sizeof(not_alnum[0]); i++) {
        if (cp >= not_alnum[i][0] && cp <= not_alnum[i][1]) {
            return false;
        }
    }
    return true;
}
