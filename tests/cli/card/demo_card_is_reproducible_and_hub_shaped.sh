# Scrub the shipped sample, write its card twice: the bytes match, the front matter opens with
# the Hub keys, and every number in the card is the stats file's.
set -eu
"$VEIL" -q keygen --out keys >/dev/null
"$VEIL" -q scrub --hash-field red_team_member_id --id-key keys/id.key --stats stats.json \
    -o attempts.jsonl.zst "$ROOT/examples/red_team_attempts.jsonl"
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats stats.json \
    --content-warning CONTENT_WARNING.md -o README.md
"$VEIL" card --meta "$ROOT/examples/card.yaml" --stats stats.json \
    --content-warning again-cw.md -o again.md
cmp README.md again.md
cmp CONTENT_WARNING.md again-cw.md
sed -n '1,3p' README.md
grep -c '^- "not-for-all-audiences"$' README.md
grep '^    path: ' README.md
records=$(jq '.records.out' stats.json)
grep -q "^- \*\*Size:\*\* $records records in 1 data file$" README.md
flagged=$(jq '.content_warnings.records_with_any' stats.json)
grep -q "flagged $flagged of $records records" CONTENT_WARNING.md
distinct=$(jq '.pseudonyms.red_team_member_id.distinct' stats.json)
grep -q "^| \`red_team_member_id\` | $distinct | " README.md
jq -r '.detections.by_entity | to_entries[] | "| `\(.key)` | \(.value) |"' stats.json |
    while read -r row; do grep -qF "$row" README.md; done
echo ok
