set -e
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$ROOT/examples/red_team_attempts.jsonl"; done > in.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -j1 -o one.jsonl --stats one.json in.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -j2 -o two.jsonl --stats two.json in.jsonl
cmp one.jsonl two.jsonl
grep -v '"path"' one.json > a; grep -v '"path"' two.json > b; cmp a b
