set -e
cat "$ROOT/examples/red_team_attempts.jsonl" | "$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings > out.jsonl
test "$(wc -l < out.jsonl)" -eq 40
! grep -q '@examplemail.org' out.jsonl
