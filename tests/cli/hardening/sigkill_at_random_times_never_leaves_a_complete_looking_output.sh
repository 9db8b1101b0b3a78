# 20 SIGKILLs at random moments: the output path never holds a file, and a rerun is correct.
set -e
for i in $(seq 1 200); do cat "$ROOT/examples/red_team_attempts.jsonl"; done > in.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o want.jsonl.zst in.jsonl
for i in $(seq 1 20); do
    "$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl.zst in.jsonl &
    pid=$!
    sleep "0.0$(( (i * 37) % 10 ))"
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    if [ -e out.jsonl.zst ]; then
        # Only a run that finished before the kill may leave it, and then it must be complete.
        cmp out.jsonl.zst want.jsonl.zst
        rm out.jsonl.zst
    fi
done
rm -f .out.jsonl.zst.tmp.*
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl.zst in.jsonl
cmp out.jsonl.zst want.jsonl.zst
