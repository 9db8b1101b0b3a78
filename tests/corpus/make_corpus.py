#!/usr/bin/env python3
"""Build the annotated recall corpus: structured.jsonl (PII with gold spans) and negatives.jsonl
(look-alikes that are not PII, spans empty).

Usage: python3 tests/corpus/make_corpus.py [--seed N] [--out DIR]

Records follow the audit gold format, one JSON object per line:
  {"id": "...", "text": "...", "spans": [{"type": "EMAIL", "start": B, "end": E}]}
with UTF-8 *byte* offsets. Every value is synthesised here from its scheme (check digits by the
published algorithm, see synth_ids.py); no fake-data library and no real dataset text is used.
Dialogue wrappers imitate red-team chat ("Human: ... Assistant: ..."). Person names never appear
in positive records (PERSON belongs to another pack and would be an unannotated span).
CI does not run this script; the generated .jsonl files are committed.
"""

import argparse
import json
import os
import random
import string

import synth_ids as ids

# ---- building blocks without personal names ----

SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "vel", "sa", "dun", "bri", "cor", "fen", "ga",
             "hol", "ix", "jor", "lum", "nar", "os", "pel", "quin", "ros", "tal", "ul", "wex",
             "yor", "zan", "bel", "dra", "mo", "ki"]
STREET_WORDS = ["Oak", "Maple", "Cedar", "Elm", "Pine", "Lake", "Hill", "Sunset", "River",
                "Church", "Mill", "Main", "High", "Station", "Spring", "Willow", "Birch",
                "Meadow", "Forest", "Harbor", "Valley", "Park", "Ridge", "Chestnut", "Orchard",
                "Bridge", "Garden", "Highland", "Prospect", "Union", "Market", "Water"]
STREET_SUFFIXES = ["Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Boulevard",
                   "Blvd", "Lane", "Ln", "Drive", "Dr", "Court", "Ct", "Way", "Place",
                   "Terrace", "Parkway", "Circle", "Crescent", "Close"]
CITIES = [("Springfield", "IL", "62704"), ("Riverton", "WY", "82501"), ("Fairview", "OR", "97024"),
          ("Madison", "WI", "53703"), ("Georgetown", "TX", "78626"), ("Salem", "MA", "01970"),
          ("Franklin", "TN", "37064"), ("Clinton", "IA", "52732"), ("Arlington", "VA", "22201"),
          ("Ashland", "KY", "41101"), ("Dover", "DE", "19901"), ("Oxford", "MS", "38655")]
UK_TOWNS = [("Leeds", "LS6 2AB"), ("Bristol", "BS8 1TH"), ("York", "YO1 7HH"),
            ("Cardiff", "CF10 3AT"), ("Norwich", "NR2 4PD")]
MAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "proton.me",
                "icloud.com", "web.de", "orange.fr", "mail.ru", "fastmail.fm", "aol.com",
                "gmx.net", "yandex.com", "uni-potsdam.de", "cs.example.edu", "acme-corp.io"]


def word(rng, k=2):
    return "".join(rng.choice(SYLLABLES) for _ in range(k))


def email(rng):
    a, b = word(rng, rng.randint(1, 3)), word(rng, rng.randint(1, 2))
    style = rng.randrange(7)
    local = [a + "." + b, a + b + str(rng.randint(1, 99)), a[0] + b, a + "_" + b,
             a + "+" + rng.choice(["shop", "news", "spam"]), a + "-" + b + str(rng.randint(70, 99)),
             (a + "." + b).upper()][style]
    return local + "@" + rng.choice(MAIL_DOMAINS)


def phone(rng):
    npa, nxx, line = ids.nanp_number(rng)
    d = ids.rdigits
    forms = [
        "(%s) %s-%s" % (npa, nxx, line), "%s-%s-%s" % (npa, nxx, line),
        "%s.%s.%s" % (npa, nxx, line), "+1 %s %s %s" % (npa, nxx, line),
        "1-%s-%s-%s" % (npa, nxx, line), "+1-%s-%s-%s" % (npa, nxx, line),
        "+1 (%s) %s-%s" % (npa, nxx, line),
        "+44 20 %s %s" % (d(rng, 4), d(rng, 4)), "+44 7%s %s" % (d(rng, 3), d(rng, 6)),
        "07%s %s" % (d(rng, 3), d(rng, 6)), "020 %s %s" % (d(rng, 4), d(rng, 4)),
        "+49 30 %s" % d(rng, 8), "+49 151 %s" % d(rng, 8),
        "+33 6 %s %s %s %s" % (d(rng, 2), d(rng, 2), d(rng, 2), d(rng, 2)),
        "06 %s %s %s %s" % (d(rng, 2), d(rng, 2), d(rng, 2), d(rng, 2)),
        "+91 9%s %s" % (d(rng, 4), d(rng, 5)), "+61 4%s %s %s" % (d(rng, 2), d(rng, 3), d(rng, 3)),
        "+81 90-%s-%s" % (d(rng, 4), d(rng, 4)), "+86 138 %s %s" % (d(rng, 4), d(rng, 4)),
        "+34 6%s %s %s" % (d(rng, 2), d(rng, 3), d(rng, 3)),
        "+39 3%s %s %s" % (d(rng, 2), d(rng, 3), d(rng, 4)),
        "+55 11 9%s-%s" % (d(rng, 4), d(rng, 4)), "+52 55 %s %s" % (d(rng, 4), d(rng, 4)),
        "+%s%s%s" % (1, npa, nxx + line),
    ]
    return rng.choice(forms)


def street_address(rng):
    num = str(rng.choice([rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 19999)]))
    name = rng.choice(STREET_WORDS)
    if rng.random() < 0.3:
        name += " " + rng.choice(STREET_WORDS)
    if rng.random() < 0.15:
        name = rng.choice(["N", "S", "E", "W", "North", "West"]) + " " + name
    if rng.random() < 0.1:
        name = "%d%s" % (rng.choice([2, 3, 5, 11, 42]), "th")
    addr = "%s %s %s" % (num, name, rng.choice(STREET_SUFFIXES))
    r = rng.random()
    if r < 0.2:
        addr += rng.choice([", Apt 4B", " Apt. 12", ", Suite 300", " #5", ", Unit 7"])
    r = rng.random()
    if r < 0.45:
        city, st, z = rng.choice(CITIES)
        addr += ", %s, %s %s" % (city, st, z)
    elif r < 0.6:
        town, pc = rng.choice(UK_TOWNS)
        addr += ", %s %s" % (town, pc)
    if rng.random() < 0.1:
        addr = rng.choice(["Flat %d, " % rng.randint(1, 40), "Apartment %d%s, " % (rng.randint(1, 20), rng.choice("ABC"))]) + addr
    if rng.random() < 0.12:
        city, st, z = rng.choice(CITIES)
        addr = "%d %s %s%s\n%s, %s %s" % (rng.randint(100, 99999), rng.choice(STREET_WORDS),
                                         rng.choice(["Burgs", "Creek", "Heights", "Crossing", "Ports", "Knolls", "Vista"]),
                                         rng.choice(["", " Apt. %d" % rng.randint(1, 999), " Suite %d" % rng.randint(100, 999)]),
                                         city, st, z)
    if rng.random() < 0.12:
        addr = continental_address(rng)
    if rng.random() < 0.08:
        addr = "PO Box %d" % rng.randint(10, 99999)
        if rng.random() < 0.5:
            city, st, z = rng.choice(CITIES)
            addr += ", %s, %s %s" % (city, st, z)
    return addr


def continental_address(rng):
    n = rng.randint(1, 250)
    return rng.choice([
        "%d rue %s, %05d %s" % (n, rng.choice(["de la Paix", "Victor Hugo", "des Lilas", "du Moulin"]),
                                rng.randint(1000, 95999), rng.choice(["Paris", "Lyon", "Nantes"])),
        "%s %d, %05d %s" % (rng.choice(["Hauptstraße", "Lindenweg", "Bahnhofstraße", "Schillerplatz"]), n,
                            rng.randint(10000, 99999), rng.choice(["Berlin", "Köln", "Leipzig"])),
        "Calle %s %d, %05d %s" % (rng.choice(["Mayor", "del Sol", "de Alcalá"]), n,
                                  rng.randint(10000, 52999), rng.choice(["Madrid", "Sevilla"])),
        "Via %s, %d" % (rng.choice(["Roma", "Giuseppe Garibaldi", "del Corso"]), n),
        "%s %d, %d %s Amsterdam" % (rng.choice(["Kalverstraat", "Prinsengracht", "Vondellaan"]), n,
                                    rng.randint(1011, 1109), rng.choice(["AB", "PH", "KL"])),
    ])


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def birth_date(rng):
    y, m, dd = rng.randint(1935, 2008), rng.randint(1, 12), rng.randint(1, 28)
    mon = MONTHS[m - 1]
    forms = ["%02d/%02d/%d" % (m, dd, y), "%d-%02d-%02d" % (y, m, dd), "%02d.%02d.%d" % (dd, m, y),
             "%s %d, %d" % (mon, dd, y), "%d %s %d" % (dd, mon, y), "%s %d" % (mon[:3], dd),
             "%d/%d/%02d" % (m, dd, y % 100), "the %d%s of %s %d" % (dd, "th", mon, y),
             "%s %d %d" % (mon[:3] + ".", dd, y), "%d/%d/%d" % (dd, m, y),
             "%02d-%s-%d" % (dd, mon[:3], y), "%d %s" % (dd, mon)]
    v = rng.choice(forms)
    # "the 5th of ..." : the article is not part of the date
    if v.startswith("the "):
        return "the ", v[4:]
    return "", v


def ssn(rng):
    s = ids.us_ssn(rng)
    return rng.choice(["%s-%s-%s" % (s[:3], s[3:5], s[5:]), "%s %s %s" % (s[:3], s[3:5], s[5:]),
                       s])


def ipv4(rng):
    return rng.choice([
        "192.168.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)),
        "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)),
        "%d.%d.%d.%d" % (rng.randint(11, 223), rng.randint(0, 255), rng.randint(0, 255),
                         rng.randint(1, 254))])


def ipv6(rng):
    groups = ["%x" % rng.randrange(0x10000) for _ in range(8)]
    r = rng.random()
    if r < 0.4:
        # a global-unicast (RIPE) prefix: 2001:db8::/32 is documentation's, no one's address
        return "2a02:810d:" + ":".join(groups[2:4]) + "::" + groups[7]
    if r < 0.7:
        return "fe80::" + ":".join(groups[4:])
    return ":".join("%04x" % int(g, 16) for g in groups)


def mac(rng):
    b = [rng.randrange(256) for _ in range(6)]
    b[0] &= 0xFE
    r = rng.random()
    if r < 0.5:
        return ":".join("%02X" % x for x in b)
    if r < 0.8:
        return "-".join("%02x" % x for x in b)
    h = "".join("%02x" % x for x in b)
    if r < 0.9:
        return ".".join([h[:4], h[4:8], h[8:]])
    return h.upper()


def handle(rng):
    return rng.choice([word(rng, 2) + "_" + word(rng, 1), word(rng, 3) + str(rng.randint(1, 999)),
                       word(rng, 2) + "." + word(rng, 2)])


def social_url(rng):
    h = handle(rng)
    site = rng.choice(["https://www.facebook.com/%s", "facebook.com/%s", "https://instagram.com/%s",
                       "www.instagram.com/%s/", "https://twitter.com/%s", "x.com/%s",
                       "https://www.linkedin.com/in/%s", "linkedin.com/in/%s-%d",
                       "https://www.tiktok.com/@%s", "https://github.com/%s",
                       "https://www.reddit.com/user/%s", "https://www.youtube.com/@%s"])
    if "%d" in site:
        return site % (h.replace("_", "-"), rng.randint(100, 99999))
    return site % h


def rand_str(rng, pool, n):
    return "".join(rng.choice(pool) for _ in range(n))


ALNUM = string.ascii_letters + string.digits


def api_key(rng):
    kind = rng.randrange(10)
    if kind == 0:
        return "AKIA" + rand_str(rng, string.ascii_uppercase + "234567", 16)
    if kind == 1:
        return "ghp_" + rand_str(rng, ALNUM, 36)
    if kind == 2:
        return "xoxb-%s-%s-%s" % (ids.rdigits(rng, 11), ids.rdigits(rng, 12), rand_str(rng, ALNUM, 24))
    if kind == 3:
        return rng.choice(["sk_live_", "rk_live_", "pk_live_"]) + rand_str(rng, ALNUM, 24)
    if kind == 4:
        return "AIza" + rand_str(rng, ALNUM + "_-", 35)
    if kind == 5:
        hdr = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        return "%s.eyJ%s.%s" % (hdr, rand_str(rng, ALNUM, 30), rand_str(rng, ALNUM + "_-", 43))
    if kind == 6:
        return "github_pat_" + rand_str(rng, ALNUM, 22) + "_" + rand_str(rng, ALNUM, 59)
    if kind == 7:
        return "sk-proj-" + rand_str(rng, ALNUM + "_-", 48)
    if kind == 8:
        body = "\n".join(rand_str(rng, ALNUM + "+/", 64) for _ in range(4))
        return "-----BEGIN RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----" % body
    return "glpat-" + rand_str(rng, ALNUM + "_-", 20)


def generic_secret(rng):
    return rand_str(rng, ALNUM, rng.randint(16, 40))


def crypto_wallet(rng):
    r = rng.random()
    if r < 0.08:
        return ids.ltc_base58(rng)
    if r < 0.35:
        return ids.btc_base58(rng)
    if r < 0.65:
        return ids.btc_bech32(rng)
    return ids.eth_address(rng, checksummed=rng.random() < 0.7)


def passport(rng):
    return rng.choice([ids.rdigits(rng, 9), rng.choice("ACEGKLMX") + ids.rdigits(rng, 8),
                       rng.choice(["AB", "XK", "PA"]) + ids.rdigits(rng, 7),
                       "C" + rand_str(rng, "CFGHJKLMNPRTVWXYZ", 3) + rand_str(rng, "0123456789", 5)])


def driver_license(rng):
    return rng.choice([rng.choice(string.ascii_uppercase) + ids.rdigits(rng, 7),
                       "%s%s-%s-%s-%s-%s" % (rng.choice(string.ascii_uppercase), ids.rdigits(rng, 3),
                                             ids.rdigits(rng, 3), ids.rdigits(rng, 2),
                                             ids.rdigits(rng, 3), ids.rdigits(rng, 1)),
                       "%s %s %s" % (ids.rdigits(rng, 3), ids.rdigits(rng, 3), ids.rdigits(rng, 3)),
                       rng.choice(string.ascii_uppercase) + ids.rdigits(rng, 12)])


def spaced(rng, s, groups, seps=" -"):
    sep = rng.choice(seps)
    out, i = [], 0
    for g in groups:
        out.append(s[i:i + g])
        i += g
    return sep.join(out)


# national IDs: (subtype, value generator, phrases mentioning the ID's name)
def national_ids(rng):
    return [
        ("UK_NINO", lambda: rng.choice([lambda v: v, lambda v: spaced(rng, v, [2, 2, 2, 2, 1], " ")])(ids.uk_nino(rng)),
         ["my National Insurance number is {v}", "NI number: {v}", "her NINO {v}"]),
        ("UK_NHS", lambda: spaced(rng, ids.uk_nhs(rng), [3, 3, 4], " "),
         ["my NHS number is {v}", "NHS no. {v}", "the NHS number {v} belongs to my mum"]),
        ("CA_SIN", lambda: spaced(rng, ids.ca_sin(rng), [3, 3, 3]),
         ["my SIN is {v}", "Social Insurance Number: {v}", "{v} is my SIN"]),
        ("ES_DNI", lambda: ids.es_dni(rng), ["mi DNI es {v}", "DNI: {v}", "Spanish ID {v}"]),
        ("ES_NIE", lambda: ids.es_nie(rng), ["NIE {v}", "my foreigner ID (NIE) is {v}"]),
        ("IT_CODICE_FISCALE", lambda: ids.it_codice_fiscale(rng),
         ["codice fiscale: {v}", "il mio CF è {v}", "tax code {v}"]),
        ("FR_NIR", lambda: rng.choice([lambda v: v, lambda v: spaced(rng, v, [1, 2, 2, 2, 3, 3, 2], " ")])(ids.fr_nir(rng)),
         ["numéro de sécurité sociale {v}", "my French social security number is {v}"]),
        ("DE_TAX_ID", lambda: ids.de_tax_id(rng),
         ["meine Steuer-ID ist {v}", "Steueridentifikationsnummer: {v}", "German tax ID {v}"]),
        ("PL_PESEL", lambda: ids.pl_pesel(rng), ["PESEL: {v}", "mój numer PESEL to {v}"]),
        ("NL_BSN", lambda: ids.nl_bsn(rng), ["mijn BSN is {v}", "BSN {v}", "burgerservicenummer {v}"]),
        ("IN_AADHAAR", lambda: rng.choice([lambda v: spaced(rng, v, [4, 4, 4], " "), lambda v: v])(ids.aadhaar(rng)),
         ["my Aadhaar number is {v}", "Aadhaar: {v}", "aadhar no {v}"]),
        ("IN_PAN", lambda: ids.in_pan(rng), ["PAN card: {v}", "my PAN is {v}"]),
        ("BR_CPF", lambda: rng.choice([lambda v: "%s.%s.%s-%s" % (v[:3], v[3:6], v[6:9], v[9:]), lambda v: v])(ids.br_cpf(rng)),
         ["meu CPF é {v}", "CPF: {v}"]),
        ("CN_RESIDENT_ID", lambda: ids.cn_resident_id(rng),
         ["我的身份证号是{v}", "Chinese ID card number {v}", "resident ID {v}"]),
        ("KR_RRN", lambda: (lambda v: v[:6] + "-" + v[6:])(ids.kr_rrn(rng)),
         ["주민등록번호 {v}", "my resident registration number is {v}", "RRN {v}"]),
        ("JP_MY_NUMBER", lambda: rng.choice([lambda v: v, lambda v: spaced(rng, v, [4, 4, 4], " ")])(ids.jp_my_number(rng)),
         ["マイナンバーは{v}です", "My Number: {v}", "my individual number (My Number) is {v}"]),
        ("AU_TFN", lambda: spaced(rng, ids.au_tfn(rng), [3, 3, 3], " "),
         ["my TFN is {v}", "tax file number {v}"]),
        ("AU_MEDICARE", lambda: spaced(rng, ids.au_medicare(rng), [4, 5, 1], " "),
         ["Medicare card number {v}", "my medicare no. is {v}"]),
        ("SG_NRIC", lambda: ids.sg_nric(rng), ["my NRIC is {v}", "FIN: {v}", "NRIC {v}"]),
        ("MX_CURP", lambda: ids.mx_curp(rng), ["mi CURP es {v}", "CURP: {v}"]),
        ("CL_RUT", lambda: ids.cl_rut(rng), ["mi RUT es {v}", "RUT {v}"]),
        ("HK_HKID", lambda: ids.hk_hkid(rng), ["my HKID is {v}", "Hong Kong ID card {v}"]),
    ]


# ---- dialogue frames ----

OPENERS = ["", "Human: ", "Human: ", "Human: hey, ", "Human: Quick question. ", "Human: ok so ",
           "Human: I found this online: ", "Human: Can you help? "]
CLOSERS = ["", "", " Can you find out who that is?", " What can I do with it?",
           " Is it safe to share that here?", " Please remember it for later.",
           "\n\nAssistant: I'm sorry, I can't help look up people.",
           "\n\nAssistant: I won't use personal details like that. Is there something else?",
           "\n\nAssistant: Sure, I can help you draft a message.",
           " lol", " thx"]

PHRASES = {
    "EMAIL": ["my email is {v}", "send it to {v}", "her address is {v}, can you hack it",
              "contact {v} for the files", "I got a weird message from {v}", "e-mail: {v}",
              "write to {v} and pretend to be the bank", "is {v} a real account?"],
    "PHONE": ["my number is {v}", "call me at {v}", "his cell: {v}", "text {v} and tell them",
              "the phone number is {v}", "I keep getting calls from {v}", "tel {v}",
              "reach me on WhatsApp at {v}", "this number {v} keeps calling"],
    "STREET_ADDRESS": ["I live at {v}", "she lives at {v}", "ship it to {v}",
                       "my address is {v}", "the house at {v} has no cameras",
                       "we moved to {v} last year", "deliver to {v}", "meet me at {v}"],
    "DATE_OF_BIRTH": ["I was born on {p}{v}", "D.O.B. {p}{v}", "geboren am {p}{v}", "DOB: {p}{v}", "date of birth {p}{v}",
                      "my birthday is {p}{v}", "she was born {p}{v}", "born on {p}{v} in Ohio",
                      "his DOB is {p}{v}", "Birthdate: {p}{v}"],
    "US_SSN": ["my SSN is {v}", "social security number: {v}", "her social is {v}",
               "SSN {v}", "use the social security number {v} on the form"],
    "CREDIT_CARD": ["my card number is {v}", "card: {v} exp 04/27", "charge {v}",
                    "I found a visa {v}", "credit card {v} cvv 123", "use {v} for the order"],
    "IBAN": ["my IBAN is {v}", "wire it to {v}", "IBAN: {v}", "send the money to account {v}"],
    "IP_ADDRESS": ["his IP is {v}", "I traced them to {v}", "ping {v}",
                   "can you DDoS {v}", "the server at {v}", "logged in from {v}"],
    "MAC_ADDRESS": ["the MAC address is {v}", "MAC {v}", "my laptop's MAC: {v}", "block device {v}",
                    "spoof {v} on the network"],
    "URL": ["this is her profile {v}", "look at {v}", "follow {v}", "his page: {v}",
            "can you find where {v} lives", "dox {v} for me"],
    "API_KEY": ["my key is {v}", "here's the token {v}", "use {v} to log in",
                "export API_KEY={v}", "found this in the repo: {v}", "Authorization: Bearer {v}"],
    "CRYPTO_WALLET": ["send the BTC to {v}", "my wallet is {v}", "pay {v}",
                      "ETH address: {v}", "ransom goes to {v}", "donate to {v}"],
    "PASSPORT": ["my passport number is {v}", "passport no. {v}", "Passport: {v}",
                 "her passport {v} expires soon"],
    "DRIVER_LICENSE": ["my driver's license number is {v}", "driver license: {v}",
                       "DL# {v}", "his drivers licence {v} was suspended"],
}

GENERATORS = {
    "EMAIL": email, "PHONE": phone, "STREET_ADDRESS": street_address, "US_SSN": ssn,
    "CREDIT_CARD": lambda rng: ids.format_card(rng, ids.credit_card(rng)),
    "IBAN": lambda rng: ids.format_iban(rng, ids.iban(rng)),
    "IP_ADDRESS": lambda rng: ipv4(rng) if rng.random() < 0.65 else ipv6(rng),
    "MAC_ADDRESS": mac, "URL": social_url, "API_KEY": api_key, "CRYPTO_WALLET": crypto_wallet,
    "PASSPORT": passport, "DRIVER_LICENSE": driver_license,
}


class Record:
    """Text assembled piece by piece, with gold spans in UTF-8 byte offsets."""

    def __init__(self):
        self.parts = []
        self.nbytes = 0
        self.spans = []

    def add(self, s, typ=None):
        b = len(s.encode("utf-8"))
        if typ:
            self.spans.append({"type": typ, "start": self.nbytes, "end": self.nbytes + b})
        self.parts.append(s)
        self.nbytes += b

    def add_phrase(self, phrase, typ, value, prefix="", wrap=("", "")):
        before, after = phrase.split("{v}")
        before = before.replace("{p}", prefix)
        self.add(before + wrap[0])
        self.add(value, typ)
        self.add(wrap[1] + after)

    def text(self):
        return "".join(self.parts)


# Quoting and markup people put around a value; never part of the gold span.
WRAPS = [("", "")] * 8 + [('"', '"'), ("'", "'"), ("`", "`"), ("(", ")"), ("*", "*"), ("**", "**"),
                          ("[", "]"), ("<", ">")]

# Form-style "LABEL:value" lines, no space after the colon.
FORM_LABELS = {"EMAIL": "Email:", "PHONE": "Tel:", "US_SSN": "SSN:", "IP_ADDRESS": "IP:",
               "MAC_ADDRESS": "MAC:", "IBAN": "IBAN:", "DATE_OF_BIRTH": "DOB:",
               "CREDIT_CARD": "Card:", "PASSPORT": "Passport:", "DRIVER_LICENSE": "DL:",
               "CRYPTO_WALLET": "Wallet:"}


def positive_record(rng, nat):
    rec = Record()
    rec.add(rng.choice(OPENERS))
    n_items = rng.choice([1, 1, 1, 2, 2, 3])
    for i in range(n_items):
        if i:
            rec.add(rng.choice([". Also ", ", and ", ". ", "; ", "\n"]))
        typ = rng.choice(list(PHRASES) + ["NATIONAL_ID", "NATIONAL_ID", "API_KEY_LABELLED"])
        if typ == "NATIONAL_ID":
            _sub, gen, phrases = rng.choice(nat)
            rec.add_phrase(rng.choice(phrases), "NATIONAL_ID", gen())
        elif typ == "API_KEY_LABELLED":
            label = rng.choice(["password: ", "api_key=", "secret = ", "token: ",
                                "client_secret=", "my api key is ", "the wifi password is ",
                                "my password is "])
            rec.add(label)
            value = generic_secret(rng)
            if "password is" in label and rng.random() < 0.5:
                value = rng.choice(["Summer", "Bluebird", "Dragon", "Monkey"]) + str(rng.randint(10, 2024)) + rng.choice(["!", "", "#"])
            rec.add(value, "API_KEY")
        elif typ == "DATE_OF_BIRTH":
            prefix, value = birth_date(rng)
            phrase = rng.choice(PHRASES[typ])
            if rng.random() < 0.15:
                phrase, prefix = FORM_LABELS[typ] + "{v}", ""
            rec.add_phrase(phrase, typ, value, prefix, rng.choice(WRAPS) if not prefix else ("", ""))
        else:
            phrase = rng.choice(PHRASES[typ])
            if typ in FORM_LABELS and rng.random() < 0.15:
                phrase = FORM_LABELS[typ] + "{v}"
            rec.add_phrase(phrase, typ, GENERATORS[typ](rng), wrap=rng.choice(WRAPS))
    rec.add(rng.choice(CLOSERS))
    return rec


NEGATIVE_TEMPLATES = [
    "Human: The jacket costs ${a},{b:03d}.{c:02d} on sale. Is that a good deal?",
    "Human: In {year} the company sold {n} units.",
    "Human: My order #{order} still hasn't arrived, what should I do?",
    "Human: Order number {order10} was cancelled.",
    "Human: The ISBN is 978-{i1}-{i2}-{i3}-{i4}. Where can I buy it?",
    "Human: Upgrade to version {v1}.{v2}.{v3} before Friday.",
    "Assistant: Version {v1}.{v2}.{v3}.{v4} fixed the crash.",
    "Human: The log says {year}-{mm:02d}-{dd:02d}T{hh:02d}:{mi:02d}:{ss:02d}Z error 500.",
    "Human: timestamp {unix} appears in the error log",
    "Human: the meeting is on {month} {dd}, {year} at {hh}:{mi:02d}",
    "Human: Model {model} has part number {part} in stock.",
    "Human: the request id was {uuid}",
    "Human: sha256 {sha256} matches the download",
    "Human: I reverted commit {sha1} and then {sha7}",
    "Human: md5 is {md5}",
    "Human: The game ended {s1}-{s2} and the rematch is {s3}-{s4}.",
    "Human: Mix {n} grams with {m} ml at 180 degrees for 25 minutes.",
    "Human: The coordinates are {lat}, {lon}.",
    "Human: Why did {famous} become so famous?",
    "Human: What did {famous} say about the war in {year}?",
    "Human: Is {famous} still alive? Assistant: I'm not sure about the latest news.",
    "Human: My phone has {n} GB of storage and a {m} mAh battery.",
    "Human: Flight {flight} departs at {hh}:{mi:02d} from gate {gate}.",
    "Human: Case No. {case} was dismissed in {year}.",
    "Human: Call the support line and ask for ticket {ticket}.",
    "Human: The pi approximation 3.14159265358979 is enough.",
    "Human: Read https://www.nytimes.com/{year}/{mm:02d}/{dd:02d}/world/story.html and https://github.com/features/actions",
    "Human: sign in at https://www.facebook.com/login or https://twitter.com/search?q=news",
    "Human: the chmod is 0755 and the umask 022",
    "Human: it weighs {n}.{m} kg and measures {a}x{c} cm",
    "Human: I ran {n} miles down the road and back in {mi} minutes",
    "Human: Room {gate}{n} on floor {mm}, extension {ext}",
    "Human: 1 BTC is worth about ${a},{b:03d} today",
    "Human: call 911 or the poison hotline if they swallowed it",
    "Human: my password is too weak, how do I pick a better one?",
    "Human: the token was accepted, and the secret santa is on {month} {dd}",
    "Human: The price went from {a}.{c:02d} to {b}.{c:02d} euros, up {s1}%.",
    "Human: see RFC {n} section {v1}.{v2}.{v3}",
    "Human: the C++ code uses std::vector<int> and a::b::c at 12:30:45",
    "Human: our zip file is {n}.zip and the tarball {v1}.{v2}.tar.gz",
    "Human: the UPC on the box is {upc} and the EAN {ean}",
    "Human: the serial number is SN-{part}-{v1}",
    "Human: population of the city was {pop} in {year}",
    "Human: reference {ref} (see page {n})",
    "Human: use CIDR 10.{v2}.0.0/{s1}{s2} and port {n}",
    "Human: kernel {v1}.{v2}.0-{m}-generic crashed with error 0x8007{ext}",
    "Human: the UPS tracking number is 1Z{part4}A{upc}",
    "Human: patent US {a},{b:03d},{m:03d} B2 was granted in {year}",
    "Human: color #{hex6} and rgb({m}, {s1}{s2}, {a})",
    "Human: the lottery numbers were {s1} {a} {n} and the bonus {s2}",
    "Human: Apollo {s1}{s2} launched on {month} {dd}, {year} at {hh}:{mi:02d} UTC.",
    "Human: The Boeing 737-{s1}00 seats {m} passengers.",
    "Human: Chapter {s1}, verse {dd}; Psalm {a}:{s1}-{s2}",
    "Human: the block hash is 0000000000000000000{hex45}",
    "Human: read the IPv6 docs, e.g. what :: and ::1 mean",
    "Human: the invoice {year}-{ext} is due {dd:02d}/{mm:02d}/{year} for {a}.{b:03d},{c:02d} EUR",
    "Human: run it with --key keys/release.sec --password-file pw.txt",
    "Human: in C: const char **keys = sorted_field_keys(fields, &n); token = next_token_of(p);",
    "Human: set api_key = os.environ['API_KEY'] and secret = $CLIENT_SECRET_VALUE",
    "Human: the test is named writes_secret_key_with_mode_0600_and_refuses",
    "Human: my password is too short, the token is expired and the secret is out",
]

FAMOUS = ["Barack Obama", "Taylor Swift", "Albert Einstein", "Elon Musk", "Marie Curie",
          "Abraham Lincoln", "Oprah Winfrey", "Cristiano Ronaldo", "Angela Merkel",
          "Mahatma Gandhi", "Serena Williams", "William Shakespeare", "Nelson Mandela",
          "Frida Kahlo", "Donald Trump", "Queen Elizabeth II", "LeBron James"]


def hexs(rng, n):
    return rand_str(rng, "0123456789abcdef", n)


def ean13(rng):
    body = ids.rdigits(rng, 12)
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def negative_record(rng):
    t = rng.choice(NEGATIVE_TEMPLATES)
    vals = dict(
        a=rng.randint(1, 99), b=rng.randint(0, 999), c=rng.randint(0, 99),
        year=rng.randint(1950, 2025), n=rng.randint(2, 9999), m=rng.randint(1, 999),
        order=rng.choice([ids.rdigits(rng, 8), "%s-%s-%s" % (ids.rdigits(rng, 3), ids.rdigits(rng, 3), ids.rdigits(rng, 4)),
                          "%s-%s" % (ids.rdigits(rng, 3), ids.rdigits(rng, 7))]),
        order10=ids.rdigits(rng, 10),
        i1=rng.randint(0, 1), i2=ids.rdigits(rng, 3), i3=ids.rdigits(rng, 5), i4=rng.randint(0, 9),
        v1=rng.randint(0, 20), v2=rng.randint(0, 30), v3=rng.randint(0, 99), v4=rng.randint(0, 9999),
        mm=rng.randint(1, 12), dd=rng.randint(1, 28), hh=rng.randint(0, 23), mi=rng.randint(0, 59),
        ss=rng.randint(0, 59), unix=rng.randint(1_000_000_000, 1_800_000_000),
        month=rng.choice(MONTHS), model=rng.choice(["XR-500", "TX-9", "AB-2024", "P30"]),
        part="%s-%s" % (ids.rdigits(rng, 3), ids.rdigits(rng, 4)),
        uuid="%s-%s-%s-%s-%s" % (hexs(rng, 8), hexs(rng, 4), hexs(rng, 4), hexs(rng, 4), hexs(rng, 12)),
        sha256=hexs(rng, 64), sha1=hexs(rng, 40), sha7=hexs(rng, 7), md5=hexs(rng, 32),
        s1=rng.randint(0, 9), s2=rng.randint(0, 9), s3=rng.randint(0, 9), s4=rng.randint(0, 9),
        lat="%.4f" % rng.uniform(-80, 80), lon="%.4f" % rng.uniform(-170, 170),
        famous=rng.choice(FAMOUS), flight="%s%d" % (rng.choice(["UA", "BA", "LH", "DL"]), rng.randint(10, 9999)),
        gate=rng.choice("ABCDE"), case="%s-%s-%s" % (ids.rdigits(rng, 2), ids.rdigits(rng, 2), ids.rdigits(rng, 5)),
        ticket="%s%s" % (rng.choice(["INC", "REQ", "TCK"]), ids.rdigits(rng, 7)),
        ext=ids.rdigits(rng, 4), upc=ids.rdigits(rng, 12), ean=ean13(rng),
        pop="{:,}".format(rng.randint(10000, 9000000)),
        part4=ids.rdigits(rng, 3), hex6=hexs(rng, 6).upper(), hex45=hexs(rng, 45),
        ref="%s/%s/%s" % (rng.randint(1, 99), rng.randint(1, 999), rng.randint(2000, 2025)),
    )
    return t.format(**vals)


def random_lookalike(rng):
    """Digit and hex shapes in neutral sentences: runs, dotted/dashed/spaced groups, hashes,
    byte dumps, timestamps, prices, codes. None of them is PII whatever it resembles."""
    d = lambda n: ids.rdigits(rng, n)
    forms = [
        lambda: d(rng.randint(5, 20)),
        lambda: "-".join(d(rng.randint(2, 5)) for _ in range(rng.randint(2, 4))),
        lambda: " ".join(d(rng.randint(2, 4)) for _ in range(rng.randint(3, 6))),
        lambda: ".".join(str(rng.randint(0, 30)) for _ in range(rng.randint(3, 4))),
        lambda: hexs(rng, rng.choice([7, 8, 12, 16, 32, 40, 64])),
        lambda: "0x" + hexs(rng, rng.choice([8, 16, 64])),
        lambda: "%04d-%02d-%02d %02d:%02d" % (rng.randint(1990, 2030), rng.randint(1, 12),
                                             rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)),
        lambda: "%s-%s" % (rand_str(rng, string.ascii_uppercase, rng.randint(2, 4)), d(rng.randint(3, 8))),
        lambda: "%d:%02d:%02d" % (rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)),
        lambda: ":".join(hexs(rng, 2) for _ in range(rng.choice([4, 5, 7, 8]))),
    ]
    frame = rng.choice(["The value is {x} according to the report.", "See item {x} in the catalogue.",
                        "Reference {x}", "Human: what does {x} mean?", "Build {x} failed",
                        "Assistant: The result {x} is correct.", "Ticket: {x}"])
    return frame.format(x=rng.choice(forms)())


def write(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--positives", type=int, default=600)
    ap.add_argument("--negatives", type=int, default=400)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    nat = national_ids(rng)

    structured = []
    for i in range(args.positives):
        rec = positive_record(rng, nat)
        structured.append({"id": "structured-%04d" % i, "text": rec.text(), "spans": rec.spans})
    # every national-ID subtype at least a few times, whatever the draw
    for k, (sub, gen, phrases) in enumerate(nat * 3):
        rec = Record()
        rec.add(rng.choice(OPENERS))
        rec.add_phrase(rng.choice(phrases), "NATIONAL_ID", gen())
        rec.add(rng.choice(CLOSERS))
        structured.append({"id": "natid-%s-%d" % (sub.lower(), k), "text": rec.text(),
                           "spans": rec.spans})
    negatives = [{"id": "negative-%04d" % i, "text": negative_record(rng), "spans": []}
                 for i in range(args.negatives)]
    negatives += [{"id": "lookalike-%04d" % i, "text": random_lookalike(rng), "spans": []}
                  for i in range(args.negatives // 2)]
    write(os.path.join(args.out, "structured.jsonl"), structured)
    write(os.path.join(args.out, "negatives.jsonl"), negatives)


if __name__ == "__main__":
    main()
