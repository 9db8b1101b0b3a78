. "$CASE_DIR/fixture.inc"
set +e
printf '{"a":1}\n{"a":1}\n{"b": secret-ish\n' > bad.jsonl
"$VEIL" release --name testset --data bad.jsonl --allow-unscrubbed --card-meta card.yaml \
    --key keys/veil.sec -o testset.tar.zst
