# Fail closed: a scan that could not read the release, or found nothing to read, is not a pass.
mkdir -p rel/data rel/docs
i=0
while [ $i -lt 200 ]; do printf '{"t": "record %d with some text to compress"}\n' $i; i=$((i + 1)); done \
    > rel/data/part.jsonl
printf 'card\n' > rel/docs/README.md
tar --zstd -cf rel.tar.zst -C rel data docs || exit 1
head -c 300 rel.tar.zst > cut.tar.zst
"$VEIL" audit leaks --release cut.tar.zst --no-residual 2>err.txt
test $? -eq 2 || exit 1
cat err.txt >&2
tar --zstd -cf docs.tar.zst -C rel docs || exit 1
"$VEIL" audit leaks --release docs.tar.zst --no-residual 2>err2.txt
test $? -eq 2 || exit 1
grep -q 'no \*.jsonl data files in the release: nothing to scan' err2.txt
