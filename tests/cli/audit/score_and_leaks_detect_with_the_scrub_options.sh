# An audit measures the scrub that made the release, so it takes that scrub's detection options:
# a release scrubbed with --redact-fictional-phones is scored and scanned with them too. The
# audit JSON and the stats file record the option, and the card flags an audit made otherwise.
set -e
printf '%s\n' '{"id": "f1", "text": "my number is 415-555-0134 ok", "spans": [{"type": "PHONE", "start": 13, "end": 25}]}' \
  '{"id": "f2", "text": "or call 415-823-2134 later", "spans": [{"type": "PHONE", "start": 8, "end": 20}]}' > gold.jsonl
"$VEIL" -q audit score --gold gold.jsonl --json default.json >/dev/null
test "$(jq '.leak.overall.tp' default.json)" = 1
test "$(jq '.detection.redact_fictional_phones' default.json)" = false
"$VEIL" -q audit score --redact-fictional-phones --gold gold.jsonl --json strict.json >/dev/null
test "$(jq '.leak.overall.tp' strict.json)" = 2
test "$(jq '.detection.redact_fictional_phones' strict.json)" = true
# the residual scan of a release: a reserved number left in it is residual PII only when asked
mkdir rel
printf '%s\n' '{"text":"my number is 415-555-0134 ok"}' > rel/data.jsonl
"$VEIL" -q audit leaks --release rel >/dev/null
if "$VEIL" -q audit leaks --redact-fictional-phones --release rel >leaks.txt; then exit 1; fi
grep -q 'residual' leaks.txt
# the stats file records the option; the card names it and flags an audit that differs
"$VEIL" -q scrub --redact-fictional-phones --stats stats.json -o out.jsonl \
    "$ROOT/examples/red_team_attempts.jsonl"
test "$(jq '.detection.redact_fictional_phones' stats.json)" = true
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats stats.json --audit default.json -o - >card.md
grep -q '^| Fictional phone numbers (exchange 555) | redacted |$' card.md
grep -q '^| \*\*Audit detection options\*\* | differ from the scrub.s: the audit left reserved' card.md
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats stats.json --audit strict.json -o - >card2.md
if grep -q 'Audit detection options' card2.md; then exit 1; fi
