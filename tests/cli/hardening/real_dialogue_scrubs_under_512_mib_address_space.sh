data="$ROOT/../shared/data/hh-rlhf-harmless-base-test.jsonl.gz"
case "$VEIL" in */san/*) exit 0 ;; esac # ASan needs terabytes of address space
if [ ! -f "$data" ]; then data="$ROOT/examples/red_team_attempts.jsonl"; fi
ulimit -v 524288
"$VEIL" -q scrub -j2 -o out.jsonl.gz "$data" || exit 1
test "$(zcat out.jsonl.gz | wc -l)" -eq "$(zcat -f "$data" | wc -l)"
