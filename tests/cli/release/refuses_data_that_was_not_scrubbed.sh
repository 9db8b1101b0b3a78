. "$CASE_DIR/fixture.inc"
set +e
printf '{"text":"raw"}\n' > raw.jsonl
"$VEIL" release --name testset --data raw.jsonl --stats stats.json --card-meta card.yaml \
    --key keys/veil.sec -o testset.tar.zst
code=$?
test ! -e testset.tar.zst || exit 9
exit $code
