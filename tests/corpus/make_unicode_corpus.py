#!/usr/bin/env python3
"""Build the Unicode and multilingual recall splits:

  unicode.jsonl       EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN and PERSON written with full-width
                      or non-ASCII digits, invisible characters (ZWSP, soft hyphen, ZWJ, word
                      joiner, BOM, bidi marks) inside the value, Unicode spaces and dashes as
                      separators, Cyrillic look-alike letters inside e-mails, decomposed (NFD)
                      accented names, and spelled-out e-mails ("jane dot doe at gmail dot com").
  unicode_stress.jsonl  long adversarial runs (no gold spans): each must finish within the
                      engine's regex budget; recall.sh scores it as a negatives split.
  multilingual.jsonl  PERSON, PHONE, DATE_OF_BIRTH, STREET_ADDRESS and EMAIL in French, Spanish,
                      German, Italian, Portuguese, Dutch, Polish, Russian, Turkish, Arabic, Hindi,
                      Japanese, Chinese and Korean phrasing (and English PERSON phrasing).

Usage: python3 tests/corpus/make_unicode_corpus.py [--seed N] [--out DIR]

Records use the audit gold format, one JSON object per line:
  {"id": "...", "text": "...", "spans": [{"type": "EMAIL", "start": B, "end": E}]}
with UTF-8 *byte* offsets into the text as written (a span covers the invisible characters inside
a value, never those around it). Values are synthesised here: card numbers pass Luhn, IBANs pass
ISO 7064 mod 97, SSNs avoid the never-issued ranges. Person names are a short hand-written list of
common names per language (no fake-data library, no dataset text). Every phrasing is a template
below; several phrasings per language are deliberately ones no rule names word for word, so the
split measures generalisation, not recall of the rules' own examples.
CI does not run this script (python3 is only on developer machines); the output is committed.
"""

import argparse
import json
import os
import random
import unicodedata

# ---- value synthesis ----

def luhn_complete(prefix, length, rng):
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def card(rng):
    kind = rng.choice(["visa", "visa", "mc", "amex"])
    if kind == "visa":
        n = luhn_complete("4", 16, rng)
    elif kind == "mc":
        n = luhn_complete(str(rng.randint(51, 55)), 16, rng)
    else:
        n = luhn_complete(rng.choice(["34", "37"]), 15, rng)
    if len(n) == 15:
        groups = [n[:4], n[4:10], n[10:]]
    else:
        groups = [n[i:i + 4] for i in range(0, 16, 4)]
    return rng.choice([" ", "-"]).join(groups) if rng.random() < 0.8 else n


IBAN_BBAN = {
    "DE": lambda r: digits(r, 18),
    "GB": lambda r: letters(r, 4) + digits(r, 14),
    "FR": lambda r: digits(r, 10) + alnum(r, 11) + digits(r, 2),
    "ES": lambda r: digits(r, 20),
    "IT": lambda r: letters(r, 1) + digits(r, 10) + alnum(r, 12),
    "NL": lambda r: letters(r, 4) + digits(r, 10),
    "PL": lambda r: digits(r, 24),
    "BE": lambda r: digits(r, 12),
}


def digits(r, n):
    return "".join(str(r.randrange(10)) for _ in range(n))


def letters(r, n):
    return "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


def alnum(r, n):
    return "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(n))


def iban(rng):
    cc = rng.choice(sorted(IBAN_BBAN))
    bban = IBAN_BBAN[cc](rng)
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    check = 98 - int(num) % 97
    s = "%s%02d%s" % (cc, check, bban)
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if rng.random() < 0.7 else s


def ssn(rng):
    while True:
        a = rng.randint(1, 899)
        if a != 666:
            break
    return "%03d-%02d-%04d" % (a, rng.randint(1, 99), rng.randint(1, 9999))


def nanp(rng):
    area = "%d%d%d" % (rng.randint(2, 9), rng.randint(0, 8), rng.randint(0, 9))
    exch = "%d%d%d" % (rng.randint(2, 9), rng.randint(0, 9), rng.randint(0, 9))
    if area[1:] == "11" or exch[1:] == "11":
        return nanp(rng)
    line = "%04d" % rng.randint(0, 9999)
    return rng.choice(["(%s) %s-%s", "%s-%s-%s", "%s.%s.%s", "+1 %s %s %s"]) % (area, exch, line)


def phone(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return nanp(rng)
    if kind == 1:
        return "+44 7%s %s" % (digits(rng, 3), digits(rng, 6))
    if kind == 2:
        return "+49 30 %s" % digits(rng, 8)
    if kind == 3:
        return "+33 6 %s %s %s %s" % tuple(digits(rng, 2) for _ in range(4))
    return "+91 %d%s %s" % (rng.randint(6, 9), digits(rng, 4), digits(rng, 5))


EN_FIRST = ["James", "Maria", "Robert", "Jennifer", "Michael", "Linda", "David", "Patricia",
            "Daniel", "Jessica", "Kevin", "Ashley", "Brian", "Nicole", "Tyrone", "Keisha",
            "Priya", "Ahmed", "Wei", "Carlos", "Megan", "Derek", "Olivia", "Marcus"]
EN_LAST = ["Smith", "Johnson", "Garcia", "Nguyen", "Patel", "Okafor", "Kowalczyk", "Brennan",
           "Holloway", "Whitaker", "Delgado", "Fitzgerald", "Yamamoto", "Abernathy", "Lindqvist",
           "Castellano", "Pruitt", "Hargrove", "Oyelaran", "McAllister"]
DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "protonmail.com",
           "example.org", "acme-corp.io", "web.de", "orange.fr", "libero.it"]


def email_parts(rng):
    f, l = rng.choice(EN_FIRST).lower(), rng.choice(EN_LAST).lower()
    local = rng.choice(["%s.%s" % (f, l), "%s%s%d" % (f[0], l, rng.randint(1, 99)), "%s_%s" % (f, l),
                        "%s%d" % (f, rng.randint(10, 1999))])
    return local, rng.choice(DOMAINS)


def email(rng):
    local, dom = email_parts(rng)
    return local + "@" + dom


# ---- Unicode disguises ----

INVISIBLES = ["\u200b", "\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f"]
DIGIT_BASES = [0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50]
LOOKALIKE = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441",
             "x": "\u0445", "y": "\u0443", "i": "\u0456"}
SPACES = ["\u00a0", "\u2009", "\u202f", "\u3000", "\u2007"]
DASHES = ["\u2010", "\u2011", "\u2013", "\u2212", "\uff0d"]


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def other_digits(s, rng):
    base = rng.choice(DIGIT_BASES)
    return "".join(chr(base + int(c)) if c.isdigit() else c for c in s)


def invisible_inside(s, rng):
    """Insert 1-3 invisible characters strictly inside s."""
    chars = list(s)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(1, len(chars) - 1)
        chars.insert(pos, rng.choice(INVISIBLES))
    return "".join(chars)


def unicode_separators(s, rng):
    sp, da = rng.choice(SPACES), rng.choice(DASHES)
    return s.replace(" ", sp).replace("-", da)


def cyrillic_lookalikes(s, rng):
    out = []
    for c in s:
        if c in LOOKALIKE and rng.random() < 0.35:
            out.append(LOOKALIKE[c])
        else:
            out.append(c)
    return "".join(out)


def spelled_email(rng):
    local, dom = email_parts(rng)
    at = rng.choice([" at ", " [at] ", " (at) ", " AT ", " {at} "])
    dot = rng.choice([" dot ", " [dot] ", " (dot) ", " DOT "])
    local = local.replace(".", dot if rng.random() < 0.5 else ".")
    return local + at + dom.replace(".", dot)


DISGUISES = {
    "digits": ["fullwidth", "other_digits", "invisible", "separators", "fullwidth+invisible"],
    "EMAIL": ["fullwidth", "invisible", "lookalike", "spelled", "lookalike+invisible"],
}


def disguise(typ, value, rng):
    kinds = DISGUISES["EMAIL"] if typ == "EMAIL" else DISGUISES["digits"]
    kind = rng.choice(kinds)
    if kind == "spelled":
        return spelled_email(rng), kind
    v = value
    for k in kind.split("+"):
        if k == "fullwidth":
            v = fullwidth(v) if typ == "EMAIL" else "".join(
                chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in v)
        elif k == "other_digits":
            v = other_digits(v, rng)
        elif k == "invisible":
            v = invisible_inside(v, rng)
        elif k == "separators":
            v = unicode_separators(v, rng)
        elif k == "lookalike":
            v = cyrillic_lookalikes(v, rng)
    return v, kind


NFD_NAMES = ["José Martínez", "Zoë Brontë", "François Müller", "Renée Dubois", "Ángela Núñez",
             "Søren Kierkegård", "Mónica Peña", "Jürgen Köhler", "Inês Conceição", "Chloé Lefèvre",
             "Björn Åström", "Dalibor Dvořák", "Andrés Ibáñez", "Noémie Gagné", "Gökhan Yıldız"]

UNICODE_TEMPLATES = {
    "EMAIL": ["Human: my email is {v}, can you find my password?", "send the files to {v} tonight",
              "Human: who owns the address {v}?", "Contact: {v}", "write me at {v} thanks",
              "Assistant: I can't share that. Human: fine, reach me on {v}"],
    "PHONE": ["Human: call me on {v} after 6", "my number is {v}", "Text {v} and ask for the package",
              "Human: whose phone is {v}?", "Tel: {v}"],
    "CREDIT_CARD": ["Human: my card number is {v}, is it stolen?", "use card {v} exp 09/27",
                    "Visa {v} cvv 123", "Human: can you check {v} for me"],
    "IBAN": ["Human: transfer it to IBAN {v} please", "my account: {v}", "IBAN {v} (Sparkasse)",
             "pay into {v} by Friday"],
    "US_SSN": ["Human: my SSN is {v}", "social security number {v}, is that safe to share?",
               "SSN: {v}", "Human: here is his social {v}"],
    "PERSON": ["Human: my name is {v} and I need a lawyer", "Hi, I'm {v}.", "Dear Mr. {last}, thanks",
               "Can you find where {v} lives?", "Name: {v}"],
}

GENERATORS = {"EMAIL": email, "PHONE": phone, "CREDIT_CARD": card, "IBAN": iban, "US_SSN": ssn}


class Record:
    def __init__(self, rid):
        self.rid, self.parts, self.spans, self.len = rid, [], [], 0

    def add(self, s, typ=None):
        b = len(s.encode("utf-8"))
        if typ:
            self.spans.append({"type": typ, "start": self.len, "end": self.len + b})
        self.parts.append(s)
        self.len += b

    def fill(self, template, typ, value, **extra):
        """Fill a template whose {v} (or {last}) is the annotated value."""
        key = "{last}" if "{last}" in template else "{v}"
        head, tail = template.split(key, 1)
        self.add(head.format(**extra))
        self.add(value, typ)
        self.add(tail.format(**extra))

    def json(self):
        return {"id": self.rid, "text": "".join(self.parts), "spans": self.spans}


def unicode_records(rng, n):
    out = []
    types = ["EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "US_SSN", "PERSON"]
    for i in range(n):
        typ = types[i % len(types)]
        r = Record("unicode-%04d" % i)
        tpl = rng.choice(UNICODE_TEMPLATES[typ])
        if typ == "PERSON":
            name = rng.choice(NFD_NAMES)
            if "{last}" in tpl:
                value = unicodedata.normalize("NFD", name.split()[-1])
            else:
                value = unicodedata.normalize("NFD", name)
                if rng.random() < 0.3:
                    value = invisible_inside(value, rng)
        else:
            value, _ = disguise(typ, GENERATORS[typ](rng), rng)
        r.fill(tpl, typ, value)
        out.append(r.json())
    return out


# ---- multilingual ----

NAMES = {
    "en": (["Jessica", "Marcus", "Hannah", "Trevor", "Latoya", "Connor", "Brianna", "Dwayne"],
           ["Whitfield", "Okonkwo", "Brennan", "Castillo", "Harrington", "Vasquez", "Lindgren", "Pryor"]),
    "fr": (["Aurélie", "Mathieu", "Camille", "Julien", "Océane", "Thibault", "Élodie", "Benoît"],
           ["Dubois", "Lefèvre", "Moreau", "Girard", "Fontaine", "Rousseau", "Chevalier", "Mercier"]),
    "es": (["Javier", "Lucía", "Alejandro", "Carmen", "Sergio", "Paula", "Mateo", "Valentina"],
           ["Ortega", "Ruiz", "Navarro", "Jiménez", "Castro", "Morales", "Herrera", "Vidal"]),
    "de": (["Jürgen", "Lena", "Tobias", "Katharina", "Maximilian", "Anja", "Florian", "Sabine"],
           ["Weiß", "Vogel", "Schneider", "Krüger", "Hoffmann", "Bauer", "Lehmann", "Schäfer"]),
    "it": (["Giuseppe", "Chiara", "Alessandro", "Francesca", "Lorenzo", "Giulia", "Matteo", "Elena"],
           ["Russo", "Bianchi", "Esposito", "Ferrari", "Romano", "Colombo", "Ricci", "Marino"]),
    "pt": (["João", "Beatriz", "Tiago", "Mariana", "Rafael", "Inês", "Gonçalo", "Larissa"],
           ["Silva", "Santos", "Ferreira", "Oliveira", "Costa", "Rodrigues", "Almeida", "Carvalho"]),
    "nl": (["Sanne", "Daan", "Femke", "Bram", "Lotte", "Joris", "Eline", "Thijs"],
           ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]),
    "pl": (["Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Krzysztof", "Joanna", "Paweł"],
           ["Wiśniewska", "Kowalski", "Nowak", "Wójcik", "Kamiński", "Lewandowska", "Zieliński", "Szymańska"]),
    "ru": (["Дмитрий", "Ольга", "Сергей", "Наталья", "Алексей", "Екатерина", "Иван", "Татьяна"],
           ["Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Новиков", "Морозова"]),
    "tr": (["Ayşe", "Mehmet", "Zeynep", "Mustafa", "Elif", "Emre", "Fatma", "Burak"],
           ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk"]),
    "ar": (["أحمد", "فاطمة", "محمد", "مريم", "خالد", "نور", "يوسف", "ليلى"],
           ["المصري", "العلي", "الحسن", "الشامي", "النجار", "الخطيب", "السيد", "القاسم"]),
    "hi": (["राहुल", "प्रिया", "अमित", "सुनीता", "विकास", "पूजा", "अर्जुन", "नेहा"],
           ["शर्मा", "वर्मा", "गुप्ता", "सिंह", "पटेल", "यादव", "मिश्रा", "जोशी"]),
    "ja": (["太郎", "花子", "健太", "由美", "翔", "さくら", "大輔", "美咲"],
           ["田中", "佐藤", "鈴木", "高橋", "渡辺", "伊藤", "山本", "中村"]),
    "zh": (["小明", "丽华", "建国", "晓燕", "志强", "婷婷", "伟", "静"],
           ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"]),
    "ko": (["민수", "지영", "서연", "준호", "하은", "도윤", "수빈", "예린"],
           ["김", "이", "박", "최", "정", "강", "조", "윤"]),
}

# {full} = first + last (in the language's order), {first}, {last}. One value per template.
PERSON_TEMPLATES = {
    "en": ["Human: My name is {full} and I need help with my taxes", "Hi, I'm {full}, nice to meet you",
           "Can you find the home address of {full}?", "my neighbor {first} keeps stealing my mail",
           "Human: Do you know where {full} works?", "Dear Ms. {last}, thank you for your letter",
           "I want to get back at {full} for what she did", "Is {full} on Facebook?",
           "Best regards,\n{full}", "they call me {first}"],
    "fr": ["Bonjour, je m'appelle {full}.", "Mon nom est {full}", "Madame {last} habite au troisième",
           "Il s'appelle {full} et il travaille ici", "Je cherche l'adresse de {full}",
           "C'est {full} qui m'a appelé hier", "Monsieur {last} est absent"],
    "es": ["Hola, me llamo {full}", "Mi nombre es {full}", "La señora {last} vive en Sevilla",
           "Soy {full}, el vecino del quinto", "¿Dónde vive {full}?", "Mi amiga {first} no contesta",
           "El señor {last} llamó"],
    "de": ["Hallo, ich heiße {full}", "Mein Name ist {full}", "Frau {last} wohnt im dritten Stock",
           "Herr {last} hat angerufen", "Wo wohnt {full}?", "Er heißt {full} und arbeitet bei uns"],
    "it": ["Ciao, mi chiamo {full}", "Il mio nome è {full}", "La signora {last} abita qui",
           "Sono {full}, il nuovo vicino", "Dove abita {full}?", "Il signor {last} ha chiamato"],
    "pt": ["Olá, meu nome é {full}", "Eu me chamo {full}", "A senhora {last} mora no segundo andar",
           "Eu sou o {full}", "Onde mora {full}?", "O senhor {last} ligou ontem"],
    "nl": ["Hallo, mijn naam is {full}", "Ik heet {full}", "Mevrouw {last} woont hier",
           "Meneer {last} belde gisteren", "Waar woont {full}?", "Hij heet {full}"],
    "pl": ["Dzień dobry, nazywam się {full}", "Mam na imię {first}", "Pani {last} mieszka obok",
           "Gdzie mieszka {full}?", "On nazywa się {full}"],
    "ru": ["Здравствуйте, меня зовут {full}", "Моё имя {full}", "Где живёт {full}?",
           "Его зовут {full}", "госпожа {last} звонила"],
    "tr": ["Merhaba, benim adım {full}", "Adım {full}", "Sayın {full}, teşekkürler",
           "{full} nerede oturuyor?", "Onun adı {full}"],
    "ar": ["مرحبا، اسمي {full}", "اسمي {first}", "أين يسكن {full}؟", "السيد {full} اتصل"],
    "hi": ["नमस्ते, मेरा नाम {full} है", "उसका नाम {first} है", "श्रीमती {full} यहाँ रहती हैं",
           "{full} कहाँ रहता है?"],
    "ja": ["私の名前は{full}です。", "はじめまして、{full}と申します。", "{last}さんに電話してください",
           "彼女の名前は{full}です", "{full}さんはどこに住んでいますか？"],
    "zh": ["你好，我叫{full}。", "我的名字是{full}，今年三十岁", "请联系{last}先生", "她叫{full}",
           "{full}住在哪里？"],
    "ko": ["안녕하세요, 제 이름은 {full}입니다.", "저는 {full}입니다", "{full} 씨에게 전화하세요",
           "그의 이름은 {full}이에요", "{full} 씨는 어디에 살아요?"],
}


def person_value(lang, rng):
    firsts, lasts = NAMES[lang]
    f, l = rng.choice(firsts), rng.choice(lasts)
    if lang in ("ja", "zh", "ko"):
        full = l + f
    elif lang == "hu":
        full = l + " " + f
    else:
        full = f + " " + l
    return f, l, full


def fill_person(r, tpl, f, l, full):
    for key, value in (("{full}", full), ("{first}", f), ("{last}", l)):
        if key in tpl:
            head, tail = tpl.split(key, 1)
            r.add(head)
            r.add(value, "PERSON")
            r.add(tail)
            return


PHONES = {
    "fr": ("Appelle-moi au {v}", lambda r: "06 %s %s %s %s" % tuple(digits(r, 2) for _ in range(4))),
    "es": ("Mi móvil es {v}", lambda r: "6%s %s %s" % (digits(r, 2), digits(r, 3), digits(r, 3))),
    "de": ("Meine Handynummer ist {v}", lambda r: "0151 %s" % digits(r, 8)),
    "it": ("Il mio cellulare è {v}", lambda r: "3%s %s %s" % (digits(r, 2), digits(r, 3), digits(r, 4))),
    "pt": ("Meu celular é {v}", lambda r: "(11) 9%s-%s" % (digits(r, 4), digits(r, 4))),
    "nl": ("Mijn nummer is {v}", lambda r: "06-%s" % digits(r, 8)),
    "pl": ("Mój numer telefonu to {v}", lambda r: "5%s %s %s" % (digits(r, 2), digits(r, 3), digits(r, 3))),
    "ru": ("Мой телефон {v}", lambda r: "+7 9%s %s-%s-%s" % (digits(r, 2), digits(r, 3), digits(r, 2), digits(r, 2))),
    "tr": ("Telefon numaram {v}", lambda r: "0532 %s %s %s" % (digits(r, 3), digits(r, 2), digits(r, 2))),
    "ar": ("رقم هاتفي {v}", lambda r: "+971 50 %s %s" % (digits(r, 3), digits(r, 4))),
    "hi": ("मेरा मोबाइल नंबर {v} है", lambda r: "9%s %s" % (digits(r, 4), digits(r, 5))),
    "ja": ("電話番号は{v}です", lambda r: "090-%s-%s" % (digits(r, 4), digits(r, 4))),
    "zh": ("我的手机号是{v}", lambda r: "13%d %s %s" % (r.randint(0, 9), digits(r, 4), digits(r, 4))),
    "ko": ("제 전화번호는 {v}입니다", lambda r: "010-%s-%s" % (digits(r, 4), digits(r, 4))),
}

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
    "tr": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"],
    "hi": ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"],
}


def dob_record(lang, r, rng):
    y, m, d = rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)
    numeric = "%02d.%02d.%d" % (d, m, y)
    slash = "%02d/%02d/%d" % (d, m, y)
    forms = {
        "fr": [("Je suis née le {v} à Lyon", "%d %s %d" % (d, MONTHS["fr"][m - 1], y)), ("date de naissance : {v}", slash)],
        "es": [("Nací el {v}", "%d de %s de %d" % (d, MONTHS["es"][m - 1], y)), ("fecha de nacimiento: {v}", slash)],
        "de": [("Ich bin am {v} geboren", numeric), ("geboren am {v} in Köln", numeric), ("Geburtsdatum: {v}", numeric)],
        "it": [("Sono nato il {v}", "%d %s %d" % (d, MONTHS["it"][m - 1], y)), ("data di nascita: {v}", slash)],
        "pt": [("Nasci em {v}", slash), ("data de nascimento: {v}", "%d de %s de %d" % (d, MONTHS["pt"][m - 1], y))],
        "nl": [("Ik ben geboren op {v}", "%02d-%02d-%d" % (d, m, y)), ("geboortedatum: {v}", "%02d-%02d-%d" % (d, m, y))],
        "pl": [("Urodziłam się {v}", "%d %s %d roku" % (d, MONTHS["pl"][m - 1], y)), ("data urodzenia: {v}", numeric)],
        "ru": [("Я родился {v}", "%d %s %d года" % (d, MONTHS["ru"][m - 1], y)), ("дата рождения: {v}", numeric)],
        "tr": [("{v} doğumluyum", numeric), ("Doğum tarihim {v}", "%d %s %d" % (d, MONTHS["tr"][m - 1], y))],
        "ar": [("ولدت في {v}", slash), ("تاريخ الميلاد: {v}", "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in slash))],
        "hi": [("मेरा जन्म {v} को हुआ था", "%d %s %d" % (d, MONTHS["hi"][m - 1], y)), ("जन्म तिथि: {v}", slash)],
        "ja": [("私は{v}生まれです", "%d年%d月%d日" % (y, m, d)), ("生年月日：{v}", "%d年%d月%d日" % (y, m, d))],
        "zh": [("我出生于{v}", "%d年%d月%d日" % (y, m, d)), ("出生日期：{v}", "%d年%d月%d日" % (y, m, d))],
        "ko": [("생년월일: {v}", "%d년 %d월 %d일" % (y, m, d)), ("저는 {v}에 태어났어요", "%d년 %d월 %d일" % (y, m, d))],
    }
    tpl, value = rng.choice(forms[lang])
    head, tail = tpl.split("{v}", 1)
    r.add(head)
    r.add(value, "DATE_OF_BIRTH")
    r.add(tail)


def address_value(lang, rng):
    n = rng.randint(1, 180)
    if lang == "de":
        return "Wohnadresse: {v}", "%s %d, %05d %s" % (rng.choice(["Hauptstraße", "Berliner Str.", "Am Markt", "Lindenweg"]), n, rng.randint(10000, 99999), rng.choice(["Berlin", "Köln", "München"]))
    if lang == "fr":
        return "J'habite au {v}", "%d rue %s, %05d %s" % (n, rng.choice(["de la Paix", "Victor Hugo", "des Lilas"]), rng.randint(10000, 95999), rng.choice(["Paris", "Lyon", "Nantes"]))
    if lang == "es":
        return "Mi dirección es {v}", "Calle %s %d, %dº %s, %05d %s" % (rng.choice(["Mayor", "de Alcalá", "Real"]), n, rng.randint(1, 9), rng.choice("ABCD"), rng.randint(10000, 52999), rng.choice(["Madrid", "Sevilla"]))
    if lang == "it":
        return "Abito in {v}", "Via %s %d, %05d %s" % (rng.choice(["Roma", "Garibaldi", "Giuseppe Verdi"]), n, rng.randint(10000, 98999), rng.choice(["Milano", "Torino"]))
    if lang == "pt":
        return "Moro na {v}", "Rua %s, %d, %04d-%03d %s" % (rng.choice(["Augusta", "das Flores", "do Carmo"]), n, rng.randint(1000, 9999), rng.randint(0, 999), rng.choice(["Lisboa", "Porto"]))
    if lang == "nl":
        return "Mijn adres is {v}", "%s %d, %04d %s %s" % (rng.choice(["Kerkstraat", "Van Baerlestraat", "Dorpsweg"]), n, rng.randint(1000, 9999), letters(rng, 2), rng.choice(["Amsterdam", "Utrecht"]))
    return "Mieszkam przy {v}", "ul. %s %d/%d, %02d-%03d %s" % (rng.choice(["Marszałkowska", "Długa", "Kwiatowa"]), n, rng.randint(1, 40), rng.randint(0, 99), rng.randint(0, 999), rng.choice(["Warszawa", "Kraków"]))


def multilingual_records(rng, per_lang):
    out = []
    i = 0
    for lang in sorted(PERSON_TEMPLATES):
        for k in range(per_lang):
            r = Record("multilingual-%s-%03d" % (lang, k))
            f, l, full = person_value(lang, rng)
            tpl = PERSON_TEMPLATES[lang][k % len(PERSON_TEMPLATES[lang])]
            fill_person(r, tpl, f, l, full)
            out.append(r.json())
            i += 1
        if lang in PHONES:
            for k in range(per_lang // 3):
                r = Record("multilingual-%s-phone-%02d" % (lang, k))
                tpl, gen = PHONES[lang]
                r.fill(tpl, "PHONE", gen(rng))
                out.append(r.json())
            for k in range(per_lang // 3):
                r = Record("multilingual-%s-dob-%02d" % (lang, k))
                dob_record(lang, r, rng)
                out.append(r.json())
        if lang in ("de", "fr", "es", "it", "pt", "nl", "pl"):
            for k in range(per_lang // 3):
                r = Record("multilingual-%s-address-%02d" % (lang, k))
                tpl, value = address_value(lang, rng)
                r.fill(tpl, "STREET_ADDRESS", value)
                out.append(r.json())
    return out


def stress_records():
    """Long adversarial runs for the normalised view and the obfuscation rules: each must finish
    within the engine's regex budget (a blow-up is an ERR_LIMIT that fails the audit)."""
    n = 3000
    texts = {
        "spelled-dots": "john " + "dot a " * n + "at gmail",
        "word-ats": "a at " * n,
        "bracket-ats": "x [at] " * n,
        "spaced-digits": " ".join("5" for _ in range(n)),
        "dashed-digits": "-".join("1" for _ in range(n)),
        "digit-words": " ".join(["five"] * n),
        "capitalised-words": "my name is " + " ".join(["Abc"] * n) + ".",
        "zero-width": "\u200b".join("a" for _ in range(n)),
        "combining-marks": "a" + "\u0301" * n,
        "born-on": "born on " * n,
        "han-cue": "我叫" * n,
        "hangul-honorific": "씨" * n + "김" * n,
        "full-width": "\uff11\uff12 " * n,
        "lookalike-run": "\u0430" * n + "@gmail.com",
    }
    return [{"id": "unicode-stress-" + k, "text": v, "spans": []} for k, v in texts.items()]


def write(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    write(os.path.join(a.out, "unicode.jsonl"), unicode_records(rng, 360))
    write(os.path.join(a.out, "multilingual.jsonl"), multilingual_records(rng, 12))
    write(os.path.join(a.out, "unicode_stress.jsonl"), stress_records())


if __name__ == "__main__":
    main()
