# --shard splits files by byte range, so it refuses stdin, and K must be from 1 to N.
"$VEIL" scrub --shard 1/2 <"$ROOT/examples/red_team_attempts.jsonl"
echo "exit $?"
for bad in 0/2 3/2 2 1/0 x/2; do
    "$VEIL" scrub --shard "$bad" "$ROOT/examples/red_team_attempts.jsonl"
    echo "exit $?"
done
