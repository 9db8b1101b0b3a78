set -e
"$VEIL" -q scrub --no-warnings --stats s.json -o out.jsonl "$ROOT/examples/red_team_attempts.jsonl"
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats s.json -o README.md
grep -q 'not classified into content-warning categories' README.md
