set -e
mkdir -p k && "$VEIL" keygen --out k >/dev/null
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings \
    --hash-field red_team_member_id --id-key k/id.key -o out.jsonl "$ROOT/examples/red_team_attempts.jsonl"
test "$(wc -l < out.jsonl)" -eq 40
# Every ID is a pseudonym, and none of the raw IDs (1000..1012) appears anywhere.
test "$(grep -c '"red_team_member_id": *"w_[0-9a-f]\{16\}"' out.jsonl)" -eq 40
for id in $(seq 1000 1012); do ! grep -q "\b$id\b" out.jsonl || exit 1; done
