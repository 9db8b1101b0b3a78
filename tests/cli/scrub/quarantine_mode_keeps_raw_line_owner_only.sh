set -e
printf '{"text":"ok"}\n{"text":"secret a@b.org" \n{"text":"x"}\n' > in.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings \
    --on-error quarantine --quarantine q.jsonl -o out.jsonl in.jsonl
test "$(cat q.jsonl)" = '{"text":"secret a@b.org" '
test "$(stat -c %a q.jsonl)" = 600
test "$(wc -l < out.jsonl)" -eq 2
