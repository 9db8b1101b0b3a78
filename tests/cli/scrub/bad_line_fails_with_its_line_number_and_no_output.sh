printf '{"text":"ok"}\n{"text":"ok"}\n{"text": tru\n{"text":"ok"}\n' > bad.jsonl
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl bad.jsonl 2> err.txt
code=$?
cat err.txt >&2
test $code -eq 2 || exit 1
grep -q 'bad.jsonl:3: record 3: invalid JSON' err.txt || exit 1
test ! -e out.jsonl || exit 1
test -z "$(ls -A | grep tmp)" || exit 1
