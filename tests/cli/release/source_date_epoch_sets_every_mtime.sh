. "$CASE_DIR/fixture.inc"
make_release_env() {
    "$VEIL" -q release --name testset --data train.jsonl --stats stats.json \
        --card-meta card.yaml --warnings "$ROOT/rules/warnings" --key keys/veil.sec -o "$1" >/dev/null
}
SOURCE_DATE_EPOCH=1234567890 make_release_env a.tar.zst
test "$(TZ=UTC tar -tvf a.tar.zst | awk '{print $4, $5}' | sort -u)" = "2009-02-13 23:31"
tar xf a.tar.zst
grep -q '"source_date_epoch": 1234567890' testset/MANIFEST.json
# the option wins over the environment
SOURCE_DATE_EPOCH=1234567890 "$VEIL" -q release --name testset --data train.jsonl --stats stats.json \
    --card-meta card.yaml --warnings "$ROOT/rules/warnings" --key keys/veil.sec \
    --source-date-epoch 1700000000 -o b.tar.zst >/dev/null
test "$(TZ=UTC tar -tvf b.tar.zst | awk '{print $4}' | sort -u)" = "2023-11-14"
