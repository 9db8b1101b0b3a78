set -e
for i in $(seq 1 200); do cat "$ROOT/examples/red_team_attempts.jsonl"; done > in.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings in.jsonl 2> err.txt | head -1 > first.jsonl
test "$(wc -l < first.jsonl)" -eq 1
grep -q '"transcript"' first.jsonl
# Killed by SIGPIPE like cat; nothing half-written reaches stderr.
test ! -s err.txt
