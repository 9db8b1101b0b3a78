# The archive does not fit on a 64 KiB tmpfs: release fails with ENOSPC and leaves no output.
. "$ROOT/tests/cli/release/fixture.inc"
set +e
head -c 400000 /dev/urandom | base64 -w 0 | sed 's/.*/{"id":"w_0123456789abcdef","text":"&"}/' > train.jsonl
sum=$(sha256sum train.jsonl | cut -c1-64)
size=$(wc -c < train.jsonl)
sed -i "s/\"sha256\":\"[0-9a-f]*\",\"bytes\":[0-9]*,\"records\":2/\"sha256\":\"$sum\",\"bytes\":$size,\"records\":1/" stats.json
mkdir small
if ! mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
    echo "cannot mount a tmpfs here (needs root)" >&2
    exit 0
fi
trap 'umount small' EXIT
"$VEIL" release --name testset --data train.jsonl --stats stats.json --card-meta card.yaml \
    --warnings "$ROOT/rules/warnings" --key keys/veil.sec --source-date-epoch 1700000000 \
    -o small/testset.tar.zst > out.txt 2> err.txt
code=$?
cat err.txt >&2
test $code -ne 0 || exit 1
grep -q 'No space left on device' err.txt || exit 1
test -z "$(ls -A small)" || { ls -la small >&2; exit 1; }
