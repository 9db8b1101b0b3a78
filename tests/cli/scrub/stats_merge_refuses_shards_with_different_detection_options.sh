# Shards of one release are scrubbed alike: a shard that redacted the reserved fictional phone
# numbers and one that left them do not merge into one stats file.
pack="$ROOT/tests/fixtures/pipeline/pack.yaml"
in="$ROOT/examples/red_team_attempts.jsonl"
"$VEIL" -q scrub --rules "$pack" --stats a.json -o /dev/null "$in" || exit 1
"$VEIL" -q scrub --rules "$pack" --redact-fictional-phones --stats b.json -o /dev/null "$in" || exit 1
"$VEIL" -q scrub --rules "$pack" --stats c.json -o /dev/null "$in" || exit 1
"$VEIL" stats merge a.json c.json > m.json || exit 1
"$VEIL" stats merge a.json b.json > m.json 2> err.txt
test $? -eq 1 && grep -q 'different detection options (reserved fictional phone numbers redacted, not left)' err.txt
