# SIGKILL keygen at 20 random moments within one run's duration: the key directory is then missing
# (or still empty), and a rerun makes a key set; or it holds all three keys, each complete and
# valid (the ID key hashes, the pair signs and verifies with minisign). Never half a set.
set -u
echo '{"id":"worker-7","text":"hello"}' > in.jsonl
echo data > f
check_set() {
    test "$(ls -A "$1" | tr '\n' ' ')" = "id.key veil.pub veil.sec " || return 1
    test "$(wc -c < "$1/id.key")" -eq 65 && grep -qx '[0-9a-f]\{64\}' "$1/id.key" || return 2
    "$VEIL" -q scrub --hash-field id --id-key "$1/id.key" -o out.jsonl in.jsonl || return 3
    grep -q '"id":"w_[0-9a-f]\{16\}"' out.jsonl || return 4
    rm -f f.minisig
    minisign -S -s "$1/veil.sec" -m f > /dev/null && minisign -Vq -p "$1/veil.pub" -m f || return 5
}
start=$(date +%s%N)
"$VEIL" keygen --out probe > /dev/null || exit 9
span=$((($(date +%s%N) - start) / 1000)) # microseconds
check_set probe || exit 8
killed=0
for i in $(seq 1 20); do
    rm -rf k .k.tmp.*
    if [ $((i % 2)) -eq 0 ]; then
        mkdir k # half the runs go into an existing empty directory
    fi
    us=$(($(od -An -N4 -tu4 /dev/urandom) % span))
    "$VEIL" keygen --out k > /dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    for t in .k.tmp.*; do # what a kill leaves beside k is private
        if [ -e "$t" ] && [ "$(stat -c %a "$t")" != 700 ]; then
            echo "kill $i: $t is not private" >&2
            exit 1
        fi
    done
    if [ -n "$(ls -A k 2> /dev/null)" ]; then
        check_set k || { echo "kill $i at ${us}us left a bad key set ($?)" >&2; ls -la k >&2; exit 1; }
    else
        killed=$((killed + 1))
        "$VEIL" keygen --out k > /dev/null || { echo "rerun after kill $i failed" >&2; exit 1; }
        check_set k || { echo "rerun after kill $i made a bad key set ($?)" >&2; exit 1; }
    fi
done
echo "$killed of 20 runs killed before their keys appeared (one run: ${span}us)"
