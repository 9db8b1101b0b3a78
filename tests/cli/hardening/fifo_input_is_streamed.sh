set -e
mkfifo pipe
cat "$ROOT/examples/red_team_attempts.jsonl" > pipe &
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl pipe
wait
test "$(wc -l < out.jsonl)" -eq 40
