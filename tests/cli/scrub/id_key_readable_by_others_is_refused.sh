mkdir -p k && "$VEIL" keygen --out k >/dev/null || exit 1
chmod 644 k/id.key
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --hash-field x --id-key k/id.key -o out.jsonl "$ROOT/examples/red_team_attempts.jsonl" 2> err.txt
test $? -eq 2 && grep -q 'id.key: key is readable by others' err.txt
