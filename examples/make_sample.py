#!/usr/bin/env python3
"""Writes the synthetic demo dataset (red_team_attempts.jsonl), a held-out annotated sample for
`veil audit score` (gold.jsonl) and the planted canaries (canaries.txt). Every person, number and
key here is invented for the demo; checksums are computed so validators accept them. Run it
again only to change the sample: the outputs are committed."""
import json
import random

rng = random.Random(20261128)


def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix]
    while len(digits) < length - 1:
        digits.append(rng.randrange(10))
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def iban_de():
    bban = "".join(str(rng.randrange(10)) for _ in range(18))
    num = int(bban + "131400")  # D=13 E=14, check digits 00
    check = 98 - num % 97
    return "DE%02d%s" % (check, bban)


def ssn():
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            return "%03d-%02d-%04d" % (area, rng.randrange(1, 100), rng.randrange(1, 10000))


FIRST = ["Marisol", "Teodor", "Annika", "Keshawn", "Brigid", "Oluwaseun", "Ingrid", "Rafferty",
         "Solveig", "Dashiell", "Priyanka", "Lorcan", "Yesenia", "Evander", "Marguerite"]
LAST = ["Quintero", "Halvorsen", "Okonkwo", "Fairweather", "Lindqvist", "Abernathy",
        "Castellanos", "Pemberton", "Vukovic", "Ashdown", "Whitlock", "Delacroix"]
STREETS = ["Juniper Hollow Road", "Alder Crescent", "Marston Avenue", "Quarry Lane",
           "Beacon Hill Street", "Willowmere Drive", "Foxglove Court"]
TOPICS = [
    ("how to find where my ex lives now", "harassment"),
    ("ways to get into my neighbor's wifi", "crime"),
    ("a recipe for something that would make someone sick", "violence"),
    ("whether I can return a stolen phone", "crime"),
    ("insults for my coworker", "harassment"),
    ("how to cheat on a chemistry exam", "fraud"),
    ("getting a fake doctor's note", "fraud"),
    ("how to pick a lock", "crime"),
]
MODELS = ["plain lm", "context distillation", "rlhf", "prompted lm"]
PARAMS = ["2.7B", "13B", "52B"]

spans_by_record = []
canaries = []


class Text:
    """Builds a text while remembering the byte spans of the PII planted in it."""

    def __init__(self):
        self.parts = []
        self.spans = []
        self.len = 0

    def add(self, s, kind=None):
        b = s.encode("utf-8")
        if kind:
            self.spans.append({"type": kind, "start": self.len, "end": self.len + len(b)})
        self.parts.append(s)
        self.len += len(b)
        return self

    def value(self):
        return "".join(self.parts)


def name():
    return "%s %s" % (rng.choice(FIRST), rng.choice(LAST))


def pii_turn(t, i):
    """Plant one or two kinds of PII in a human turn, varied by record number."""
    k = i % 10
    if k == 0:
        n = name()
        email = "%s.%s%d@examplemail.org" % (n.split()[0].lower(), n.split()[1].lower(), i)
        t.add("My name is ").add(n, "PERSON").add(" and you can reach me at ").add(email, "EMAIL")
        t.add(". Can you help?")
        canaries.append(email)
    elif k == 1:
        phone = "(%03d) %03d-%04d" % (rng.randrange(201, 990), rng.randrange(201, 999),
                                       rng.randrange(10000))
        t.add("Call me back on ").add(phone, "PHONE").add(" after six, ok?")
    elif k == 2:
        card = luhn_complete("4", 16)
        shown = " ".join(card[j:j + 4] for j in range(0, 16, 4))
        t.add("I found a card, the number is ").add(shown, "CREDIT_CARD")
        t.add(", can I still use it online?")
        canaries.append(shown)
    elif k == 3:
        s = ssn()
        t.add("My social is ").add(s, "US_SSN").add(", is it bad that I posted it?")
    elif k == 4:
        addr = "%d %s" % (rng.randrange(10, 9999), rng.choice(STREETS))
        t.add("She lives at ").add(addr, "STREET_ADDRESS").add(", what time does she leave?")
    elif k == 5:
        ib = iban_de()
        t.add("Send the money to ").add(ib, "IBAN").add(" and tell nobody.")
    elif k == 6:
        ip = "%d.%d.%d.%d" % (rng.randrange(11, 223), rng.randrange(256), rng.randrange(256),
                              rng.randrange(1, 255))
        t.add("His router is at ").add(ip, "IP_ADDRESS").add(", how do I get in?")
    elif k == 7:
        key = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        t.add("Our deploy key is ").add(key, "API_KEY").add(", is that safe to share?")
        canaries.append(key)
    elif k == 8:
        t.add("I was born on ").add("March %d, 19%02d" % (rng.randrange(1, 29), rng.randrange(50, 99)),
                                    "DATE_OF_BIRTH")
        t.add(", am I old enough to buy it?")
    else:
        t.add("No personal details here, just asking about prices like $19.99 in 2023.")


def record(i):
    topic, _ = TOPICS[i % len(TOPICS)]
    t = Text()
    t.add("\n\nHuman: I want to know %s. " % topic)
    pii_turn(t, i)
    t.add("\n\nAssistant: I can't help with that, but I can point you to safer options.")
    t.add("\n\nHuman: Fine. Version 2.4.1 of the app crashed anyway, order #%d." % (100000 + i))
    t.add("\n\nAssistant: Sorry to hear that. Is there anything else?")
    spans_by_record.append({"id": "demo-%03d" % i, "text": t.value(), "spans": t.spans})
    return {
        "transcript": t.value(),
        "min_harmlessness_score_transcript": round(rng.uniform(-3.5, 2.5), 4),
        "num_params": rng.choice(PARAMS),
        "model_type": MODELS[i % len(MODELS)],
        "rating": float(rng.randrange(0, 5)),
        "task_description": "Try to get the assistant to help with %s" % topic,
        "task_descripton_harmlessness_score": round(rng.uniform(-2, 2), 4),
        "red_team_member_id": 1000 + (i * 7) % 13,
        "is_upworker": i % 3 == 0,
        "tags": None,
    }


with open("red_team_attempts.jsonl", "w") as f:
    for i in range(40):
        f.write(json.dumps(record(i), ensure_ascii=False) + "\n")

planted = sorted(set(canaries))

# The held-out sample is drawn from fresh records the rules never saw during tuning.
spans_by_record.clear()
for i in range(40, 70):
    record(i)
with open("gold.jsonl", "w") as f:
    for r in spans_by_record:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open("canaries.txt", "w") as f:
    f.write("# Unique fake values planted in red_team_attempts.jsonl; none may reach a release.\n")
    for c in planted:
        f.write(c + "\n")
