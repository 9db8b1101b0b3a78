set -e
printf '{"text":"ok"}\n"just a string"\n{"text":"a@b.org"}\n' > in.jsonl
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings --on-error skip \
    --stats s.json -o out.jsonl in.jsonl 2> err.txt
grep -q 'in.jsonl:2: record 2: not a JSON object (skipped)' err.txt
grep -q '3 records in, 2 out, 1 skipped' err.txt
grep -q '"skipped": 1' s.json
test "$(wc -l < out.jsonl)" -eq 2
