# An emoji or other symbol typed between the groups of a value reads as a separator: the value
# is found, and its redaction covers the symbols, also when spaces surround them. Text with no
# value in it is left as written.
set -e
printf '%s\n' \
  '{"text":"my ssn is 523\ud83d\udd2541\ud83d\udd257788 ok"}' \
  '{"text":"card 4532\u2b500151\u2b501283\u2b500366 thanks"}' \
  '{"text":"iban DE62\ud83d\udd383704\ud83d\udd380044\ud83d\udd380532\ud83d\udd380137\ud83d\udd3877"}' \
  '{"text":"call me 218 \ud83d\udcde 463 \ud83d\udcde 4375 <- phone"}' \
  '{"text":"pizza \ud83c\udf55 and 3\u26055 stars"}' > in.jsonl
"$VEIL" -q scrub --no-warnings in.jsonl > out.jsonl
grep -q '"my ssn is \[US_SSN\] ok"' out.jsonl
grep -q '"card \[CREDIT_CARD\] thanks"' out.jsonl
grep -q '"iban \[IBAN\]"' out.jsonl
grep -q '"call me \[PHONE\] <- phone"' out.jsonl
grep -qF '"pizza \ud83c\udf55 and 3\u26055 stars"' out.jsonl
