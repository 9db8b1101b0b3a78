# A 256 KiB tmpfs: scrub must fail with a clear message and leave no partial output.
mkdir small
if ! mount -t tmpfs -o size=256k tmpfs small 2>/dev/null; then
    echo "cannot mount a tmpfs here (needs root): testing /dev/full instead" >&2
    "$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o /dev/full "$ROOT/examples/red_team_attempts.jsonl" 2> err.txt
    code=$?
    cat err.txt >&2
    test $code -eq 2 && grep -q 'No space left on device' err.txt
    exit
fi
trap 'umount small' EXIT
for i in $(seq 1 40); do cat "$ROOT/examples/red_team_attempts.jsonl"; done > in.jsonl
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o small/out.jsonl in.jsonl 2> err.txt
code=$?
cat err.txt >&2
test $code -eq 2 || exit 1
grep -q 'small/out.jsonl: write failed: No space left on device' err.txt || exit 1
test -z "$(ls -A small)" || { ls -la small >&2; exit 1; }
