/*
 * Cryptocurrency address checks: Base58Check (SHA-256d checksum via OpenSSL) for Bitcoin and
 * the coins that share it (Litecoin, Dogecoin, Tron), bech32/bech32m segwit addresses (BIP
 * 173/350) for Bitcoin and Litecoin, and Ethereum EIP-55 mixed-case checksums.
 *
 * EIP-55 needs Keccak-256 with the original Keccak padding, which OpenSSL 3.0 does not expose
 * (its SHA3-256 pads differently; KECCAK-256 arrived in 3.2), so the Keccak-f[1600]
 * permutation is written out here from the FIPS 202 description.
 */
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>

#include "scrub/validate_checks_internal.h"

#include "common/banned.h"

/*
 * An address pasted across a line break or split in two by a space ("0x5aAeb6...9A0 9f3366...")
 * is one value: drop ASCII white space before checking. *s and *len are replaced by the
 * squeezed copy in buf when there was any; false when it does not fit.
 */
static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static bool
squeeze_space(const unsigned char **s, size_t *len, unsigned char *buf, size_t cap)
{
    size_t k = 0, i = 0;

    while (i < *len && !is_space((*s)[i])) {
        i++;
    }
    if (i == *len) {
        return true;
    }
    for (i = 0; i < *len; i++) {
        if (is_space((*s)[i])) {
            continue;
        }
        if (k == cap) {
            return false;
        }
        buf[k++] = (*s)[i];
    }
    *s = buf;
    *len = k;
    return true;
}

/* ---- Base58Check ---- */

static int
base58_value(unsigned char c)
{
    static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const char *p = c != 0 ? strchr(alphabet, c) : NULL;

    return p != NULL ? (int)(p - alphabet) : -1;
}

/* Decode base58 into out (big-endian, exactly *n bytes with the leading-zero bytes). */
static bool
base58_decode(const unsigned char *s, size_t len, unsigned char *out, size_t cap, size_t *n)
{
    unsigned char num[64] = {0}; /* little-endian accumulator */
    size_t used = 0, zeros = 0;

    while (zeros < len && s[zeros] == '1') {
        zeros++;
    }
    for (size_t i = 0; i < len; i++) {
        int v = base58_value(s[i]);
        if (v < 0) {
            return false;
        }
        unsigned carry = (unsigned)v;
        for (size_t k = 0; k < used; k++) {
            carry += (unsigned)num[k] * 58;
            num[k] = (unsigned char)(carry & 0xff);
            carry >>= 8;
        }
        while (carry != 0) {
            if (used == sizeof(num)) {
                return false;
            }
            num[used++] = (unsigned char)(carry & 0xff);
            carry >>= 8;
        }
    }
    if (zeros + used > cap) {
        return false;
    }
    memset(out, 0, zeros);
    for (size_t k = 0; k < used; k++) {
        out[zeros + k] = num[used - 1 - k];
    }
    *n = zeros + used;
    return true;
}

/*
 * Base58Check addresses (Bitcoin P2PKH 0x00, P2SH 0x05, their testnet forms 0x6f/0xc4, and the
 * same scheme's Litecoin 0x30/0x32, Dogecoin 0x1e/0x16 and Tron 0x41) and WIF private keys
 * (0x80/0xef): the last four bytes are the first four of SHA-256(SHA-256(payload)).
 */
bool
validate_btc_base58check(const unsigned char *s, size_t len)
{
    unsigned char sq[128], raw[64], h1[EVP_MAX_MD_SIZE], h2[EVP_MAX_MD_SIZE];
    unsigned int hl = 0;
    size_t n;

    if (!squeeze_space(&s, &len, sq, sizeof(sq))) {
        return false;
    }
    if (len < 25 || len > 52 || !base58_decode(s, len, raw, sizeof(raw), &n)) {
        return false;
    }
    if (n == 25) {
        if (memchr("\x00\x05\x6f\xc4\x30\x32\x1e\x16\x41", raw[0], 9) == NULL) {
            return false;
        }
    } else if (n == 37 || n == 38) {
        if ((raw[0] != 0x80 && raw[0] != 0xef) || (n == 38 && raw[33] != 0x01)) {
            return false;
        }
    } else {
        return false;
    }
    if (EVP_Digest(raw, n - 4, h1, &hl, EVP_sha256(), NULL) != 1 ||
        EVP_Digest(h1, hl, h2, &hl, EVP_sha256(), NULL) != 1) {
        return false;
    }
    return memcmp(h2, raw + n - 4, 4) == 0;
}

/* ---- bech32 / bech32m ---- */

static uint32_t
bech32_polymod(const unsigned char *v, size_t n)
{
    static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint32_t chk = 1;

    for (size_t i = 0; i < n; i++) {
        uint32_t top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v[i];
        for (unsigned b = 0; b < 5; b++) {
            if ((top >> b) & 1) {
                chk ^= gen[b];
            }
        }
    }
    return chk;
}

/* Regroup 5-bit values into bytes; fails on non-zero padding or a leftover of 5+ bits. */
static bool
five_to_eight(const unsigned char *in, size_t n, unsigned char *out, size_t cap, size_t *out_n)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        acc = ((acc << 5) | in[i]) & 0xfff;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            if (k == cap) {
                return false;
            }
            out[k++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    if (bits >= 5 || ((acc << (8 - bits)) & 0xff) != 0) {
        return false;
    }
    *out_n = k;
    return true;
}

/*
 * The human-readable part of a segwit address: Bitcoin mainnet "bc", testnet "tb", Litecoin
 * "ltc", compared without case. Its length (2 or 3), or 0 for any other prefix or when the '1'
 * separator does not follow it.
 */
static size_t
segwit_hrp_len(const unsigned char *s, size_t len)
{
    static const char *const hrps[] = {"bc", "tb", "ltc"};

    for (size_t h = 0; h < sizeof(hrps) / sizeof(hrps[0]); h++) {
        size_t n = strlen(hrps[h]), i = 0;
        while (i < n && i < len && (s[i] | 0x20) == (unsigned char)hrps[h][i]) {
            i++;
        }
        if (i == n && len > n && s[n] == '1') {
            return n;
        }
    }
    return 0;
}

/*
 * Segwit addresses for Bitcoin mainnet (bc), testnet (tb) and Litecoin (ltc): one case
 * throughout, witness version 0 with a bech32 checksum and a 20- or 32-byte program, versions
 * 1-16 with bech32m. The checksum covers the prefix, so a Bitcoin address with its prefix
 * changed fails.
 */
bool
validate_btc_bech32(const unsigned char *s, size_t len)
{
    static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    unsigned char sq[128], v[128], prog[64];
    size_t hrp, nd, np, k = 0;
    bool lower = false, upper = false;
    uint32_t want;

    if (!squeeze_space(&s, &len, sq, sizeof(sq))) {
        return false;
    }
    if (len < 14 || len > 90) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        lower = lower || (s[i] >= 'a' && s[i] <= 'z');
        upper = upper || (s[i] >= 'A' && s[i] <= 'Z');
    }
    if (lower && upper) {
        return false;
    }
    hrp = segwit_hrp_len(s, len);
    if (hrp == 0) {
        return false;
    }
    /* Expanded HRP: high bits, a zero, low bits. */
    for (size_t i = 0; i < hrp; i++) {
        v[k++] = (unsigned char)((s[i] | 0x20) >> 5);
    }
    v[k++] = 0;
    for (size_t i = 0; i < hrp; i++) {
        v[k++] = (unsigned char)((s[i] | 0x20) & 31);
    }
    nd = len - hrp - 1;
    for (size_t i = hrp + 1; i < len; i++) {
        const char *p = strchr(charset, s[i] | 0x20);
        if (s[i] == 0 || p == NULL || k == sizeof(v)) {
            return false;
        }
        v[k++] = (unsigned char)(p - charset);
    }
    if (nd < 7) {
        return false;
    }
    unsigned char witver = v[2 * hrp + 1];
    want = witver == 0 ? 1u : 0x2bc830a3u;
    if (witver > 16 || bech32_polymod(v, k) != want) {
        return false;
    }
    if (!five_to_eight(v + 2 * hrp + 2, nd - 1 - 6, prog, sizeof(prog), &np)) {
        return false;
    }
    if (np < 2 || np > 40) {
        return false;
    }
    return witver != 0 || np == 20 || np == 32;
}

/* ---- EIP-55 ---- */

static uint64_t
rotl64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> ((64 - n) & 63));
}

static void
keccak_f1600(uint64_t st[25])
{
    static const uint64_t rc[24] = {
        0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
        0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
        0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
        0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
        0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
        0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
    };
    static const unsigned rotc[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                      27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
    static const unsigned piln[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                      15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};
    uint64_t bc[5], t;

    for (unsigned round = 0; round < 24; round++) {
        /* theta */
        for (unsigned i = 0; i < 5; i++) {
            bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
        }
        for (unsigned i = 0; i < 5; i++) {
            t = bc[(i + 4) % 5] ^ rotl64(bc[(i + 1) % 5], 1);
            for (unsigned j = 0; j < 25; j += 5) {
                st[j + i] ^= t;
            }
        }
        /* rho and pi */
        t = st[1];
        for (unsigned i = 0; i < 24; i++) {
            unsigned j = piln[i];
            uint64_t keep = st[j];
            st[j] = rotl64(t, rotc[i]);
            t = keep;
        }
        /* chi */
        for (unsigned j = 0; j < 25; j += 5) {
            for (unsigned i = 0; i < 5; i++) {
                bc[i] = st[j + i];
            }
            for (unsigned i = 0; i < 5; i++) {
                st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
            }
        }
        /* iota */
        st[0] ^= rc[round];
    }
}

/* Keccak-256 (rate 136, pad 0x01..0x80) of a message shorter than one block. */
static void
keccak256_short(const unsigned char *msg, size_t n, unsigned char out[32])
{
    unsigned char block[136] = {0};
    uint64_t st[25] = {0};

    memcpy(block, msg, n);
    block[n] ^= 0x01;
    block[135] ^= 0x80;
    for (size_t i = 0; i < 17; i++) {
        uint64_t lane = 0;
        for (unsigned b = 0; b < 8; b++) {
            lane |= (uint64_t)block[i * 8 + b] << (8 * b);
        }
        st[i] ^= lane;
    }
    keccak_f1600(st);
    for (size_t i = 0; i < 32; i++) {
        out[i] = (unsigned char)(st[i / 8] >> (8 * (i % 8)));
    }
}

/*
 * "0x" + 40 hex digits. All-lower or all-upper addresses carry no checksum and pass as
 * plausible; a mixed-case address must match EIP-55: a letter is upper-case exactly when the
 * matching nibble of Keccak-256(lower-case hex) is 8 or more. The zero address is nobody's.
 */
bool
validate_eth_eip55(const unsigned char *s, size_t len)
{
    unsigned char sq[128], low[40], hash[32];
    bool has_lower = false, has_upper = false, zero = true;

    if (!squeeze_space(&s, &len, sq, sizeof(sq))) {
        return false;
    }
    if (len != 42 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
        return false;
    }
    for (size_t i = 0; i < 40; i++) {
        unsigned char c = s[2 + i];
        if (c >= 'A' && c <= 'F') {
            has_upper = true;
            c = (unsigned char)(c + 32);
        } else if (c >= 'a' && c <= 'f') {
            has_lower = true;
        } else if (c < '0' || c > '9') {
            return false;
        }
        zero = zero && c == '0';
        low[i] = c;
    }
    if (zero) {
        return false;
    }
    if (!(has_lower && has_upper)) {
        return true;
    }
    keccak256_short(low, sizeof(low), hash);
    for (size_t i = 0; i < 40; i++) {
        unsigned nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0xf;
        unsigned char c = s[2 + i];
        if (c >= 'a' && c <= 'f' && nibble >= 8) {
            return false;
        }
        if (c >= 'A' && c <= 'F' && nibble < 8) {
            return false;
        }
    }
    return true;
}
