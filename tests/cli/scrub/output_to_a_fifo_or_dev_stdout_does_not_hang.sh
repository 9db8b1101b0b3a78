set -e
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o /dev/stdout \
    "$ROOT/examples/red_team_attempts.jsonl" | wc -l > n.txt
test "$(cat n.txt)" -eq 40
mkfifo out.fifo
cat out.fifo > got.jsonl &
timeout 60 "$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings \
    --stats s.json -o out.fifo "$ROOT/examples/red_team_attempts.jsonl"
wait
test "$(wc -l < got.jsonl)" -eq 40
grep -q '"outputs": \[\]' s.json
