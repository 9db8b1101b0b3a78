# For N = 1..7, scrubbing shards 1..N of a plain file and concatenating their outputs in shard
# order gives exactly the bytes of one unsharded run: every record once, in order, with the same
# pseudonyms. Every shard boundary of the input cuts a record in two (see make_sharding_input).
set -eu
. "$CASE_DIR/common.inc"
make_key
make_sharding_input in.jsonl
# shellcheck disable=SC2046 # scrub_opts is a list of words
"$VEIL" -q scrub $(scrub_opts) -o single.jsonl in.jsonl
records=$(wc -l <single.jsonl)
[ "$records" -gt 150 ] || { echo "single run wrote only $records records"; exit 1; }

# N = 3 writes zstd: frames concatenate, so its shards decompress to the single run too.
n=1
while [ "$n" -le 7 ]; do
    ext=jsonl
    [ "$n" -ne 3 ] || ext=jsonl.zst
    k=1
    while [ "$k" -le "$n" ]; do
        # shellcheck disable=SC2046
        "$VEIL" -q scrub $(scrub_opts) --shard "$k/$n" \
            --output-pattern "part-{shard}-of-{count}.$ext" in.jsonl
        k=$((k + 1))
    done
    files=$(ls part-*-of-0000"$n".$ext | wc -l)
    [ "$files" -eq "$n" ] || { echo "N=$n: $files output files, expected $n"; exit 1; }
    # The shell sorts the zero-padded names into shard order.
    if [ "$ext" = jsonl ]; then
        cat part-*-of-0000"$n".jsonl >joined.jsonl
    else
        zstd -q -dc part-*-of-0000"$n".jsonl.zst >joined.jsonl
    fi
    cmp single.jsonl joined.jsonl || { echo "N=$n: joined shards differ from the single run"; exit 1; }
    n=$((n + 1))
done

# The names follow the Hugging Face convention: 0-based shard, 5 digits, "-of-" the count.
[ -f part-00000-of-00001.jsonl ] && [ -f part-00006-of-00007.jsonl ] || { ls part-*; exit 1; }
