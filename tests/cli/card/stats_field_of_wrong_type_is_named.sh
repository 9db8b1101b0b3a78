# A stats file whose count is not a number is refused with the field's dotted name.
"$VEIL" -q scrub --stats stats.json -o out.jsonl "$ROOT/examples/red_team_attempts.jsonl"
jq '.records.out = "forty"' stats.json >bad.json
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats bad.json -o README.md
