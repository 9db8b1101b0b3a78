# A value copied from a URL, its punctuation percent-escaped ("%40" for '@', "%2B" '+', "%20" a
# space, "%2D" '-'), or escaped whole to hide it ("%34" for '4'), is found like the value
# itself, and the redaction covers the escapes. Text without a value stays as written.
set -e
printf '%s\n' \
  '{"text":"ssn 523%2D41%2D7788 ok"}' \
  '{"text":"see https://x.example/pay?iban=DE62%203704%200044%200532%200137%2077&a=1"}' \
  '{"text":"write to yolanda%2Bnews%40hotmail.co.uk today"}' \
  '{"text":"my ip is 24%2E10%2E%342%2E118 ok"}' \
  '{"text":"it is 50% off and %41%42"}' > in.jsonl
"$VEIL" -q scrub --no-warnings in.jsonl > out.jsonl
grep -q '"ssn \[US_SSN\] ok"' out.jsonl
grep -q 'iban=\[IBAN\]&a=1' out.jsonl
grep -q '"write to \[EMAIL\] today"' out.jsonl
grep -q '"my ip is \[IP_ADDRESS\] ok"' out.jsonl
grep -q '"it is 50% off and %41%42"' out.jsonl
