{ printf '{"text":"short"}\n{"text":"'; head -c 5000 /dev/zero | tr '\0' 'a'; printf '"}\n{"text":"ok"}\n'; } > in.jsonl
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings --max-record 4K -o out.jsonl in.jsonl 2> err.txt
test $? -eq 2 || exit 1
grep -q 'in.jsonl:2: record 2 is longer than the limit of 4096 bytes' err.txt || exit 1
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings --max-record 4K --on-error skip -o out.jsonl in.jsonl 2> err.txt || exit 1
grep -q '3 records in, 2 out, 1 skipped' err.txt
