# `veil stats merge` over the shards' stats gives the stats of one unsharded run, everything but
# the list of output files: counts, per-field and per-rule detections, and the distinct
# pseudonyms, which stay exact because each shard lists the pseudonyms it saw.
set -eu
. "$CASE_DIR/common.inc"
make_key
make_sharding_input in.jsonl
# shellcheck disable=SC2046 # scrub_opts is a list of words
"$VEIL" -q scrub $(scrub_opts) --stats single.json -o single.jsonl in.jsonl
strip_outputs single.json >want.json
grep -q '"distinct": [1-9]' want.json || { echo "no pseudonyms counted"; exit 1; }
grep -q '"blank": 1' want.json || { echo "the blank line was not counted"; exit 1; }

for n in 3 7; do
    k=1
    while [ "$k" -le "$n" ]; do
        # shellcheck disable=SC2046
        "$VEIL" -q scrub $(scrub_opts) --shard "$k/$n" --stats "s-{shard}-of-{count}.json" \
            --output-pattern "o-{shard}-of-{count}.jsonl" in.jsonl
        k=$((k + 1))
    done
    "$VEIL" stats merge -o "merged-$n.json" s-*-of-0000"$n".json
    strip_outputs "merged-$n.json" >got.json
    diff want.json got.json || { echo "N=$n: merged stats differ from the single run"; exit 1; }
    # The outputs list names every shard file, with its own records.
    outputs=$(grep -c '"path": "o-0000[0-9]-of-0000'"$n"'.jsonl"' "merged-$n.json")
    [ "$outputs" -eq "$n" ] || { echo "N=$n: $outputs shard outputs listed"; exit 1; }
done
