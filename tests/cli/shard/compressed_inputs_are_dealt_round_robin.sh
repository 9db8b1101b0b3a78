# A compressed stream cannot be entered in the middle, so with --shard K/N whole compressed files
# are dealt out: input i (0-based) goes to shard i mod N + 1. For N = 1..7 over five compressed
# inputs (gzip, zstd, xz), shard K's output is exactly the single run's records of its files, in
# input order; shards that get no file still write their (empty) output, so a release can insist
# on every shard being present.
set -eu
. "$CASE_DIR/common.inc"
make_key
# Five inputs of 8 records each, so file i holds records 8i+1..8i+8 of the single run.
i=0
set --
for z in gz zst xz gz zst; do
    sed -n "$((8 * i + 1)),$((8 * i + 8))p" "$SAMPLE" >"in$i.jsonl"
    case $z in
    gz) gzip -n "in$i.jsonl" ;;
    zst) zstd -q --rm "in$i.jsonl" ;;
    xz) xz "in$i.jsonl" ;;
    esac
    set -- "$@" "in$i.jsonl.$z"
    i=$((i + 1))
done
# shellcheck disable=SC2046 # scrub_opts is a list of words
"$VEIL" -q scrub $(scrub_opts) -o single.jsonl "$@"
[ "$(wc -l <single.jsonl)" -eq 40 ] || { echo "single run: expected 40 records"; exit 1; }

n=1
while [ "$n" -le 7 ]; do
    k=1
    : >all.jsonl
    while [ "$k" -le "$n" ]; do
        # shellcheck disable=SC2046
        "$VEIL" -q scrub $(scrub_opts) --shard "$k/$n" \
            --output-pattern "part-{shard}-of-{count}.jsonl" "$@"
        got=$(printf 'part-%05d-of-%05d.jsonl' $((k - 1)) "$n")
        : >want.jsonl
        i=$((k - 1))
        while [ "$i" -lt 5 ]; do
            sed -n "$((8 * i + 1)),$((8 * i + 8))p" single.jsonl >>want.jsonl
            i=$((i + n))
        done
        cmp want.jsonl "$got" || { echo "N=$n: shard $k does not hold its files' records"; exit 1; }
        cat "$got" >>all.jsonl
        k=$((k + 1))
    done
    # Every record exactly once over all shards.
    sort single.jsonl >a
    sort all.jsonl >b
    cmp a b || { echo "N=$n: the shards together are not the input"; exit 1; }
    n=$((n + 1))
done
