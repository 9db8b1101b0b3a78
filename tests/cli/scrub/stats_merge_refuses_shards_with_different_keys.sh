mkdir -p a && "$VEIL" keygen --out a >/dev/null && mkdir -p b && "$VEIL" keygen --out b >/dev/null || exit 1
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --hash-field red_team_member_id --id-key a/id.key --stats a.json -o /dev/null "$ROOT/examples/red_team_attempts.jsonl" || exit 1
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --hash-field red_team_member_id --id-key b/id.key --stats b.json -o /dev/null "$ROOT/examples/red_team_attempts.jsonl" || exit 1
"$VEIL" stats merge a.json b.json > m.json 2> err.txt
test $? -eq 1 && grep -q 'pseudonymised with a different ID key' err.txt
