# scancel or a timeout sends SIGTERM: the run dies by it and leaves no temporary file behind.
for i in $(seq 1 400); do cat "$ROOT/examples/red_team_attempts.jsonl"; done > in.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl.xz \
    --stats s.json in.jsonl &
pid=$!
# Wait until the temporary output exists, then interrupt.
for i in $(seq 1 100); do ls -A | grep -q '\.tmp\.' && break; sleep 0.05; done
kill -TERM $pid
wait $pid
code=$?
test $code -eq 143 || { echo "exit $code" >&2; exit 1; }
test ! -e out.jsonl.xz || exit 1
test -z "$(ls -A | grep '\.tmp\.')" || { ls -A >&2; exit 1; }
