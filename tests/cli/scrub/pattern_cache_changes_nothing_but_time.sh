set -e
# The compiled-pattern cache only saves time: a cold run (which writes it), a warm run (which
# reads it), a run without it and a run over a damaged cache file all write the same output.
export VEIL_CACHE_DIR="$PWD/cache"
in="$ROOT/examples/red_team_attempts.jsonl"
"$VEIL" -q scrub -o cold.jsonl "$in"
set -- cache/*.cache
test -f "$1"
"$VEIL" -q scrub -o warm.jsonl "$in"
VEIL_CACHE_DIR=off "$VEIL" -q scrub -o none.jsonl "$in"
printf 'garbage' | dd of="$1" bs=1 seek=4096 conv=notrunc 2>/dev/null
"$VEIL" -q scrub -o damaged.jsonl "$in"
cmp cold.jsonl warm.jsonl
cmp cold.jsonl none.jsonl
cmp cold.jsonl damaged.jsonl
test "$(ls cache | wc -l)" -eq 1
