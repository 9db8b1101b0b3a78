printf '{"text":"ok"}\n{"text":"caf\351"}\n' > in.jsonl
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl in.jsonl 2> err.txt
test $? -eq 2 && grep -q 'in.jsonl:2: record 2' err.txt
