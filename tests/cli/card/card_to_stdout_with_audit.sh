# '-o -' writes the card to standard output; an audit report adds recall with its interval.
"$VEIL" -q scrub --stats stats.json -o out.jsonl "$ROOT/examples/red_team_attempts.jsonl"
"$VEIL" -q audit score --gold "$ROOT/examples/gold.jsonl" --json audit.json >/dev/null
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats stats.json --audit audit.json -o - >card.md
head -1 card.md
n=$(jq '.leak.overall.n' audit.json)
tp=$(jq '.leak.overall.tp' audit.json)
grep -c "^| Leak recall (nothing survives) | .* | $tp of $n |$" card.md
