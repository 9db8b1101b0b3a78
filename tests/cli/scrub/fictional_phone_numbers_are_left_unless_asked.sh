# North America reserves 555-0100..555-0199 for fiction, assigns no other 555 line to a
# subscriber (the rest serve public information services) and no area code 555: no person's line
# can have one, so by default such a number is not PII and stays as written, in every North
# American form. A number of
# another plan whose last digits only look alike is a real line and is redacted: after a '+'
# with another country code (+354 555 0134 is Reykjavik) or behind a trunk 0 (London). The
# conservative --redact-fictional-phones redacts the reserved numbers too.
set -e
printf '%s\n' \
  '{"text":"call me at 415-555-0134 tonight"}' \
  '{"text":"call me at +1 (212) 555-0199 tonight"}' \
  '{"text":"my number is 555-0123 ok"}' \
  '{"text":"in the film he calls (555) 555-2671"}' \
  '{"text":"call me at 415-555-2134 tonight"}' \
  '{"text":"call me at 415-823-4567 tonight"}' \
  '{"text":"ring me on +354 555 0134 tonight"}' \
  '{"text":"ring me on 020 7555 0134 tonight"}' > in.jsonl
"$VEIL" -q scrub --no-warnings in.jsonl > out.jsonl
grep -q '"call me at 415-555-0134 tonight"' out.jsonl
grep -q '"call me at +1 (212) 555-0199 tonight"' out.jsonl
grep -q '"my number is 555-0123 ok"' out.jsonl
grep -q '"in the film he calls (555) 555-2671"' out.jsonl
grep -q '"call me at 415-555-2134 tonight"' out.jsonl
grep -q '"call me at \[PHONE\] tonight"' out.jsonl
test "$(grep -c '"ring me on \[PHONE\] tonight"' out.jsonl)" = 2
"$VEIL" -q scrub --no-warnings --redact-fictional-phones in.jsonl > strict.jsonl
test "$(grep -c '\[PHONE\]' strict.jsonl)" = 8
# the old flag, now the default, is still accepted
"$VEIL" -q scrub --no-warnings --allow-fictional-phones in.jsonl | cmp - out.jsonl
