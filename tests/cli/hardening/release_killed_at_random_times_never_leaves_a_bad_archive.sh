# SIGKILL at 10 moments: the archive path holds nothing, or an archive that verifies.
. "$ROOT/tests/cli/release/fixture.inc"
for i in $(seq 1 10); do
    "$VEIL" -q release --name testset --data train.jsonl --stats stats.json --card-meta card.yaml \
        --warnings "$ROOT/rules/warnings" --key keys/veil.sec --source-date-epoch 1700000000 \
        -o out.tar.zst > /dev/null 2>&1 &
    pid=$!
    sleep "0.0$(( (i * 29) % 10 ))"
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    if [ -e out.tar.zst ] && [ -e out.tar.zst.minisig ]; then
        "$VEIL" -q verify out.tar.zst --pub keys/veil.pub > /dev/null
    fi
    rm -f out.tar.zst out.tar.zst.minisig testset.SHA256 .out.tar.zst.tmp.* .out.tar.zst.minisig.tmp.* .testset.SHA256.tmp.*
done
