. "$CASE_DIR/fixture.inc"
set +e
printf '{"format":"veil-audit/1","records":10,"leak":{"overall":{"n":10,"tp":9,"fn":1,"recall":0.9,"recall_ci95":[0.6,0.98],"precision":null,"precision_ci95":[0,1]}}}\n' > score.json
"$VEIL" release --name testset --data train.jsonl --stats stats.json --card-meta card.yaml \
    --audit score.json --min-recall 0.9 --key keys/veil.sec -o testset.tar.zst
code=$?
test ! -e testset.tar.zst || exit 9
"$VEIL" -q release --name testset --data train.jsonl --stats stats.json --card-meta card.yaml \
    --audit score.json --min-recall 0.9 --force --key keys/veil.sec -o testset.tar.zst >/dev/null || exit 8
tar xf testset.tar.zst
grep -q '"recall_ci95"' testset/MANIFEST.json || exit 7
exit $code
