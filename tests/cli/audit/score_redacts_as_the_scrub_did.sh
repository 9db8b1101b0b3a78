# An audit measures the release's redaction, not only its detection: a scrub whose mask kept the
# last four digits left them in the text, and the audit's leak rule must count them. So score
# takes the scrub's --operator, --mask-char and --mask-keep; the audit JSON and the stats file
# record them; the card names them and flags an audit that redacted otherwise; and `stats merge`
# refuses shards redacted differently.
set -e
printf '%s\n' '{"id": "p1", "text": "call me at 415-823-2671 please", "spans": [{"type": "PHONE", "start": 11, "end": 23}]}' \
  '{"id": "e1", "text": "mail ana.souza@gmail.com now", "spans": [{"type": "EMAIL", "start": 5, "end": 24}]}' > gold.jsonl
"$VEIL" -q audit score --gold gold.jsonl --json default.json >/dev/null
test "$(jq '.leak.overall.tp' default.json)" = 2
test "$(jq -c '.redaction.operators' default.json)" = '{}'
"$VEIL" -q audit score --operator PHONE=mask --gold gold.jsonl --json masked.json >/dev/null
test "$(jq '.leak.overall.tp' masked.json)" = 1
test "$(jq '.overlap.overall.tp' masked.json)" = 2
test "$(jq -r '.redaction.operators.PHONE' masked.json)" = mask
test "$(jq '.redaction.mask_keep' masked.json)" = 4
# a mask that keeps nothing leaks nothing
"$VEIL" -q audit score --operator PHONE=mask --mask-keep 0 --gold gold.jsonl --json none.json >/dev/null
test "$(jq '.leak.overall.tp' none.json)" = 2
test "$(jq '.redaction.mask_keep' none.json)" = 0
# the stats file records the scrub's redaction; the card names it and flags another audit's
"$VEIL" -q scrub --operator PHONE=mask --stats stats.json -o out.jsonl \
    "$ROOT/examples/red_team_attempts.jsonl"
test "$(jq -r '.redaction.operators.PHONE' stats.json)" = mask
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats stats.json --audit default.json -o - >card.md
grep -q '^| Redaction operators | `PHONE`: mask; other entities: each rule.s operator; masks keep the last 4 characters (mask character `\*`) |$' card.md
grep -q '^| \*\*Audit redaction options\*\* | differ from the scrub.s' card.md
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats stats.json --audit masked.json -o - >card2.md
grep -q '^| Redaction operators | `PHONE`: mask' card2.md
if grep -q 'Audit redaction options' card2.md; then exit 1; fi
# shards redacted differently do not merge
"$VEIL" -q scrub --stats plain.json -o out2.jsonl "$ROOT/examples/red_team_attempts.jsonl"
if "$VEIL" stats merge -o merged.json stats.json plain.json 2>merge.err; then exit 1; fi
grep -q 'different redaction options' merge.err
