set -e
gzip -c "$ROOT/examples/red_team_attempts.jsonl" > in.jsonl.gz
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl.zst in.jsonl.gz
zstd -q -t out.jsonl.zst
test "$(zstd -dc out.jsonl.zst | wc -l)" -eq 40
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl.xz out.jsonl.zst
test "$(xz -dc out.jsonl.xz | wc -l)" -eq 40
# A second run gives byte-identical compressed output (no timestamps in headers).
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o again.jsonl.zst in.jsonl.gz
cmp out.jsonl.zst again.jsonl.zst
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o a.jsonl.gz in.jsonl.gz
sleep 1
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o b.jsonl.gz in.jsonl.gz
cmp a.jsonl.gz b.jsonl.gz
