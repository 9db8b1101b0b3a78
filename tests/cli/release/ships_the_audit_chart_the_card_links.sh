. "$CASE_DIR/fixture.inc"
printf '{"format":"veil-audit/1","records":2,"leak":{"overall":{"n":1,"tp":1,"fn":0,"recall":1.0,"recall_ci95":[0.2,1.0],"precision":1.0,"precision_ci95":[0.2,1.0]}}}\n' > score.json
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' > chart.svg
"$VEIL" -q release --name testset --data train.jsonl --stats stats.json --card-meta card.yaml \
    --warnings "$ROOT/rules/warnings" --audit score.json --audit-svg chart.svg \
    --key keys/veil.sec -o testset.tar.zst >/dev/null
"$VEIL" -q verify testset.tar.zst --pub keys/veil.pub --extract x >/dev/null
cmp chart.svg x/testset/audit.svg
grep -q '](audit.svg)' x/testset/README.md
grep -q '"path": "audit.svg"' x/testset/MANIFEST.json
