: > gold.jsonl
"$VEIL" audit score --gold gold.jsonl --rules "$ROOT/tests/fixtures/audit/pack.yaml" 2>err.txt
code=$?
cat err.txt >&2
test $code -eq 2 && grep -q 'gold.jsonl: no gold records to score' err.txt
