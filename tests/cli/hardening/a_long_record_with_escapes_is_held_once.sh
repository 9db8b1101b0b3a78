# A record of 32 MiB whose text has escapes on every line (\n, and \u2019 and \/, which veil
# would write otherwise) is held once while it is scrubbed:
# it was held two or three times over (read and copied into the batch, decoded, written out),
# and now needs less than half its size again of address space beyond what a one-line record
# needs (the line is decoded where it lies and its unchanged runs are written from it).
case "$VEIL" in */san/*) echo "ASan reserves more address space than ulimit -v allows" >&2;
    exit 0 ;; esac
pack="$ROOT/tests/fixtures/pipeline/pack.yaml"
scrub() { "$VEIL" -q scrub --rules "$pack" --no-warnings -j1 -o out.jsonl "$1"; }
printf '{"text":"a tail@example.org"}\n' > small.jsonl
base=16384 # KiB of address space the one-line record needs, found in steps of 4 MiB
while ! (ulimit -v $base; scrub small.jsonl 2>/dev/null); do
    base=$((base + 4096))
    [ $base -lt 2097152 ] || exit 1
done
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\u2019s a\\/b\\n' > lines
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19; do cat lines lines > twice; mv twice lines; done
{ printf '{"text":"'; cat lines; printf ' tail@example.org"}\n'; } > long.jsonl
size=$(($(wc -c < long.jsonl) / 1024))
(ulimit -v $((base + size * 3 / 2)); scrub long.jsonl) || exit 1
test "$(wc -c < out.jsonl)" -eq $(($(wc -c < long.jsonl) - 9)) || exit 1 # the address, as [EMAIL]
tail -c 13 out.jsonl | grep -q '\[EMAIL\]"}'
