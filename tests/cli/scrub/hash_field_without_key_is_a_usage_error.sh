"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --hash-field x "$ROOT/examples/red_team_attempts.jsonl" > /dev/null 2> err.txt
test $? -eq 2 && grep -q -- '--hash-field needs --id-key' err.txt
