# The shipped sample, scrubbed with the shipped pack, must scan clean with that pack: no raw
# worker ID, none of the planted canaries, no residual detection. Every canary was planted.
"$VEIL" keygen --out keys >/dev/null 2>&1 || exit 1
mkdir -p rel/data
"$VEIL" scrub --rules "$ROOT/rules/default" --no-warnings --hash-field red_team_member_id \
    --id-key keys/id.key -o rel/data/attempts.jsonl.gz "$ROOT/examples/red_team_attempts.jsonl" \
    2>/dev/null || exit 1
"$VEIL" audit leaks --rules "$ROOT/rules/default" --raw "$ROOT/examples/red_team_attempts.jsonl" \
    --hash-field red_team_member_id --id-key keys/id.key --canaries "$ROOT/examples/canaries.txt" \
    --release rel --json leaks.json 2>err.txt
code=$?
cat err.txt >&2
test $code -eq 0 || exit 1
grep -q '"canaries_missing_from_raw": \[\]' leaks.json || exit 1
! grep -q 'not in the raw input' err.txt
