# A raw worker ID copied into a text field of a released record is found inside a .tar.zst,
# in a plain member and in a gzip-compressed one.
printf '%s\n' '{"worker": "rt-worker-8812", "transcript": "hi"}' '{"worker": "rt-worker-0007"}' > raw.jsonl
mkdir -p rel/data
printf '%s\n' '{"worker": "w_1111111111111111", "transcript": "fine"}' \
    '{"worker": "w_2222222222222222", "transcript": "as RT-WORKER-8812 said"}' > rel/data/part.jsonl
printf '%s\n' '{"turns": ["ok", "ask rt-worker-0007"]}' | gzip > rel/data/part2.jsonl.gz
tar --zstd -cf rel.tar.zst -C rel data || exit 1
"$VEIL" audit leaks --raw raw.jsonl --hash-field worker --release rel.tar.zst --no-residual \
    --json leaks.json >out.txt
code=$?
LC_ALL=C sort out.txt # tar stores members in directory order
exit $code
