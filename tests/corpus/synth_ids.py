"""Synthetic identifiers with valid check digits, for the annotated corpus and test vectors.

Every generator is written from the issuing scheme's published algorithm (no fake-data
library); each takes a random.Random so the corpus is reproducible. These are independent of
scrub/validate*.c on purpose: the C validators are tested against numbers made here.
"""

import hashlib
import random

DIGITS = "0123456789"


def rdigits(rng, n):
    return "".join(rng.choice(DIGITS) for _ in range(n))


# ---- Luhn / payment cards ----

def luhn_check_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return str((10 - total % 10) % 10)


def luhn_valid(num):
    return luhn_check_digit(num[:-1]) == num[-1]


CARD_PREFIXES = [("4", 16), ("51", 16), ("53", 16), ("55", 16), ("2221", 16), ("2720", 16),
                 ("34", 15), ("37", 15), ("6011", 16), ("65", 16), ("35", 16), ("36", 14),
                 ("4", 13), ("62", 19)]


def credit_card(rng):
    prefix, length = rng.choice(CARD_PREFIXES)
    body = prefix + rdigits(rng, length - len(prefix) - 1)
    return body + luhn_check_digit(body)


def format_card(rng, num):
    style = rng.randrange(4)
    if style == 0 or len(num) not in (15, 16):
        return num
    sep = " " if style == 1 else "-"
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    if style == 3:
        return " ".join(num[i:i + 4] for i in range(0, 16, 4))
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


# ---- IBAN ----

IBAN_FORMATS = {  # country: (length, BBAN kind: n=digits, a=upper letters, c=alnum)
    "DE": "18n", "GB": "4a14n", "FR": "10n11c2n", "ES": "20n", "IT": "1a10n12c", "NL": "4a10n",
    "BE": "12n", "CH": "5n12c", "AT": "16n", "PL": "24n", "SE": "20n", "IE": "4a14n",
    "PT": "21n", "NO": "11n", "DK": "14n", "FI": "14n",
}


def _bban(rng, spec):
    out = []
    num = ""
    for ch in spec:
        if ch.isdigit():
            num += ch
            continue
        n = int(num)
        num = ""
        pool = {"n": DIGITS, "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                "c": DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}[ch]
        out.append("".join(rng.choice(pool) for _ in range(n)))
    return "".join(out)


def iban_check(cc, bban):
    rearranged = bban + cc + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return "%02d" % (98 - int(numeric) % 97)


def iban(rng, cc=None):
    cc = cc or rng.choice(sorted(IBAN_FORMATS))
    bban = _bban(rng, IBAN_FORMATS[cc])
    return cc + iban_check(cc, bban) + bban


def format_iban(rng, value):
    if rng.random() < 0.5:
        return value
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


# ---- US SSN ----

def us_ssn(rng):
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            break
    return "%03d%02d%04d" % (area, rng.randrange(1, 100), rng.randrange(1, 10000))


# ---- Verhoeff ----

V_D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
       [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
       [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
       [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
V_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
       [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
       [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
V_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_check_digit(body):
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = V_D[c][V_P[(i + 1) % 8][int(ch)]]
    return str(V_INV[c])


def aadhaar(rng):
    body = rng.choice("23456789") + rdigits(rng, 10)
    return body + verhoeff_check_digit(body)


# ---- national IDs ----

def uk_nino(rng):
    first = rng.choice([c for c in "ABCEGHJKLMNOPRSTWXYZ"])
    while True:
        second = rng.choice([c for c in "ABCEGHJKLMNPRSTWXYZ"])
        if first + second not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    return first + second + rdigits(rng, 6) + rng.choice("ABCD")


def uk_nhs(rng):
    while True:
        body = rdigits(rng, 9)
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return body + str(check)


def ca_sin(rng):
    body = rng.choice("1234567") + rdigits(rng, 7)
    return body + luhn_check_digit(body)


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni(rng):
    body = rdigits(rng, 8)
    return body + DNI_LETTERS[int(body) % 23]


def es_nie(rng):
    prefix = rng.choice("XYZ")
    body = rdigits(rng, 7)
    return prefix + body + DNI_LETTERS[int(str("XYZ".index(prefix)) + body) % 23]


CF_ODD = {}
for _i, _v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
                         16, 10, 22, 25, 24, 23]):
    CF_ODD[chr(ord("A") + _i)] = _v
    if _i < 10:
        CF_ODD[str(_i)] = _v


def cf_check_char(body15):
    total = 0
    for i, ch in enumerate(body15):
        if i % 2 == 0:
            total += CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - ord("A")
    return chr(ord("A") + total % 26)


def it_codice_fiscale(rng):
    cons = "BCDFGHJKLMNPQRSTVWXYZ"
    letters = "".join(rng.choice(cons) for _ in range(6))
    year = "%02d" % rng.randrange(100)
    month = rng.choice("ABCDEHLMPRST")
    day = rng.randrange(1, 29) + (40 if rng.random() < 0.5 else 0)
    place = rng.choice("ABCDEFGHILM") + "%03d" % rng.randrange(1, 1000)
    body = letters + year + month + "%02d" % day + place
    return body + cf_check_char(body)


def fr_nir(rng):
    sex = rng.choice("12")
    year = "%02d" % rng.randrange(100)
    month = "%02d" % rng.randrange(1, 13)
    dept = rng.choice(["75", "13", "69", "2A", "2B", "33", "59", "%02d" % rng.randrange(1, 96)])
    commune = "%03d" % rng.randrange(1, 990)
    order = "%03d" % rng.randrange(1, 1000)
    body = sex + year + month + dept + commune + order
    numeric = body.replace("2A", "19").replace("2B", "18")
    return body + "%02d" % (97 - int(numeric) % 97)


def de_tax_check(body10):
    product = 10
    for ch in body10:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def de_tax_id(rng):
    # ten digits: one digit twice, eight others once, one digit absent; no leading zero
    while True:
        digits = list(DIGITS)
        rng.shuffle(digits)
        twice = digits[0]
        body = digits[1:9] + [twice, twice]
        rng.shuffle(body)
        if body[0] != "0":
            b = "".join(body)
            return b + de_tax_check(b)


def pl_pesel(rng):
    year = rng.randrange(1930, 2015)
    month = rng.randrange(1, 13) + (20 if year >= 2000 else 0)
    day = rng.randrange(1, 29)
    body = "%02d%02d%02d" % (year % 100, month, day) + rdigits(rng, 4)
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return body + str((10 - sum(int(d) * w[i] for i, d in enumerate(body)) % 10) % 10)


def nl_bsn(rng):
    while True:
        body = rng.choice("123456789") + rdigits(rng, 7)
        s = sum(int(d) * (9 - i) for i, d in enumerate(body))
        check = s % 11
        if check < 10:
            return body + str(check)


def in_pan(rng):
    up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return ("".join(rng.choice(up) for _ in range(3)) + rng.choice("PCHFATBLJG") +
            rng.choice(up) + rdigits(rng, 4) + rng.choice(up))


def br_cpf(rng):
    while True:
        d = [int(x) for x in rdigits(rng, 9)]
        if len(set(d)) > 1:
            break
    for k in (9, 10):
        s = sum(d[i] * (k + 1 - i) for i in range(k))
        d.append((s * 10) % 11 % 10)
    return "".join(map(str, d))


def cn_resident_id(rng):
    region = rng.choice(["110105", "310104", "440305", "510107", "330106", "420102"])
    birth = "%04d%02d%02d" % (rng.randrange(1940, 2010), rng.randrange(1, 13), rng.randrange(1, 29))
    body = region + birth + rdigits(rng, 3)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w[i] for i, c in enumerate(body)) % 11]


def kr_rrn(rng):
    year = rng.randrange(1950, 2015)
    g = rng.choice("12") if year < 2000 else rng.choice("34")
    body = "%02d%02d%02d" % (year % 100, rng.randrange(1, 13), rng.randrange(1, 29)) + g + \
        rdigits(rng, 5)
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    return body + str((11 - sum(int(c) * w[i] for i, c in enumerate(body)) % 11) % 10)


def jp_my_number(rng):
    body = rdigits(rng, 11)
    s = 0
    for n in range(1, 12):
        q = n + 1 if n <= 6 else n - 5
        s += int(body[11 - n]) * q
    r = s % 11
    return body + str(0 if r <= 1 else 11 - r)


def au_tfn(rng):
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        body = rdigits(rng, 8)
        for last in DIGITS:
            cand = body + last
            if sum(int(c) * w[i] for i, c in enumerate(cand)) % 11 == 0:
                return cand


def au_medicare(rng):
    body = rng.choice("23456") + rdigits(rng, 7)
    w = [1, 3, 7, 9, 1, 3, 7, 9]
    check = sum(int(c) * w[i] for i, c in enumerate(body)) % 10
    return body + str(check) + rng.choice("123456789")


def sg_nric(rng):
    prefix = rng.choice("STFG")
    body = rdigits(rng, 7)
    s = sum(int(c) * w for c, w in zip(body, [2, 7, 6, 5, 4, 3, 2]))
    if prefix in "TG":
        s += 4
    table = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    return prefix + body + table[s % 11]


# ---- crypto wallets ----

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(raw):
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    zeros = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * zeros + out


def btc_base58(rng):
    version = rng.choice([b"\x00", b"\x05"])
    payload = version + bytes(rng.randrange(256) for _ in range(20))
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + check)


def ltc_base58(rng):
    payload = rng.choice([b"\x30", b"\x32"]) + bytes(rng.randrange(256) for _ in range(20))
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + check)


BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def btc_bech32(rng):
    hrp = "bc"
    witver = rng.choice([0, 0, 1])
    plen = 32 if witver == 1 else rng.choice([20, 32])
    prog = bytes(rng.randrange(256) for _ in range(plen))
    acc, bits, data = 0, 0, [witver]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    const = 1 if witver == 0 else 0x2bc830a3
    exp = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod(exp + data + [0] * 6) ^ const
    data += [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH[d] for d in data)


_KECCAK_RC = [0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
              0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
              0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
              0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
              0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
              0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008]
_M64 = (1 << 64) - 1


def _rot(x, n):
    return ((x << n) | (x >> (64 - n))) & _M64 if n else x


def _keccak_f(a):
    # a[x][y], straight from the FIPS 202 step mappings
    offsets = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61],
               [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
    for rc in _KECCAK_RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rot(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rot(a[x][y], offsets[x][y])
        a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)]
             for x in range(5)]
        a[0][0] ^= rc
    return a


def keccak256(msg, pad=0x01):
    """Keccak-256 (pad 0x01, as Ethereum uses) or SHA3-256 (pad 0x06) of a short message."""
    rate = 136
    assert len(msg) < rate
    block = bytearray(msg) + bytearray(rate - len(msg))
    block[len(msg)] ^= pad
    block[rate - 1] ^= 0x80
    a = [[0] * 5 for _ in range(5)]
    for i in range(rate // 8):
        a[i % 5][i // 5] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
    a = _keccak_f(a)
    out = b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def eip55(hex40):
    low = hex40.lower()
    h = keccak256(low.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c
                          for i, c in enumerate(low))


def eth_address(rng, checksummed=True):
    hex40 = "".join(rng.choice("0123456789abcdef") for _ in range(40))
    return eip55(hex40) if checksummed else "0x" + hex40


# ---- phones ----

def nanp_number(rng):
    while True:
        npa = rng.choice("23456789") + rng.choice("012345678") + rng.choice(DIGITS)
        if npa[1:] != "11":
            break
    while True:
        nxx = rng.choice("23456789") + rdigits(rng, 2)
        if nxx[1:] != "11" and nxx != "555":
            break
    return npa, nxx, rdigits(rng, 4)


def mx_curp(rng):
    up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    cons = "BCDFGHJKLMNPQRSTVWXYZ"
    return (rng.choice(up) + rng.choice("AEIOU") + rng.choice(up) + rng.choice(up) +
            "%02d%02d%02d" % (rng.randrange(100), rng.randint(1, 12), rng.randint(1, 28)) +
            rng.choice("HM") + rng.choice(["DF", "JC", "NL", "PL", "YN"]) +
            "".join(rng.choice(cons) for _ in range(3)) + rng.choice(DIGITS + up) + rng.choice(DIGITS))


def cl_rut(rng):
    body = str(rng.randint(5_000_000, 25_999_999))
    total, factor = 0, 2
    for ch in reversed(body):
        total += int(ch) * factor
        factor = 2 if factor == 7 else factor + 1
    check = 11 - total % 11
    dv = {11: "0", 10: "K"}.get(check, str(check))
    return "%s.%s.%s-%s" % (body[:-6], body[-6:-3], body[-3:], dv)


def hk_hkid(rng):
    letter = rng.choice("ABCDEGHKMPRTVYZ")
    digits = rdigits(rng, 6)
    total = 36 * 9 + (ord(letter) - 55) * 8 + sum(int(c) * (7 - i) for i, c in enumerate(digits))
    check = (11 - total % 11) % 11
    return "%s%s(%s)" % (letter, digits, "A" if check == 10 else str(check))
