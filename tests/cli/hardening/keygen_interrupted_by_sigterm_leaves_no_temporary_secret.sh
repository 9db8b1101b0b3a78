# SIGTERM or SIGHUP at 12 random moments of keygen, into a new directory or one that holds other
# files: no temporary file or directory (which may hold a secret key) is left anywhere, and a new
# key directory either holds the whole set or does not exist.
set -u
start=$(date +%s%N)
"$VEIL" keygen --out probe > /dev/null || exit 9
span=$((($(date +%s%N) - start) / 1000)) # microseconds
rm -rf probe
for i in $(seq 1 12); do
    rm -rf k
    sig=TERM
    if [ $((i % 2)) -eq 0 ]; then
        sig=HUP
    fi
    if [ $((i % 3)) -eq 0 ]; then
        mkdir k && echo notes > k/README # a directory in use: keys go in one by one
    fi
    us=$(($(od -An -N4 -tu4 /dev/urandom) % span))
    "$VEIL" keygen --out k > /dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
    kill -$sig $pid 2>/dev/null
    wait $pid 2>/dev/null
    left=$( (ls -A; ls -A k 2> /dev/null) | grep '\.tmp\.' || true)
    if [ -n "$left" ]; then
        echo "SIG$sig $i at ${us}us left $left" >&2
        exit 1
    fi
    if [ $((i % 3)) -ne 0 ] && [ -e k ] && [ "$(ls -A k | tr '\n' ' ')" != "id.key veil.pub veil.sec " ]; then
        echo "SIG$sig $i at ${us}us left half a set" >&2
        ls -la k >&2
        exit 1
    fi
done
