set -e
mkdir -p a && "$VEIL" keygen --out a >/dev/null
mkdir -p b && "$VEIL" keygen --out b >/dev/null
run() { "$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings \
    --hash-field red_team_member_id --id-key "$1" -o "$2" "$ROOT/examples/red_team_attempts.jsonl"; }
run a/id.key one.jsonl
run a/id.key two.jsonl
run b/id.key other.jsonl
cmp one.jsonl two.jsonl
! cmp -s one.jsonl other.jsonl
