# On a 4 KiB tmpfs only one key file fits: keygen fails with ENOSPC, exits 2, and leaves no key,
# no directory and no temporary file, whether the key directory is new or is the mount itself.
mkdir small
if ! mount -t tmpfs -o size=4k tmpfs small 2> /dev/null; then
    echo "cannot mount a tmpfs here (needs root)" >&2
    exit 0
fi
trap 'umount small' EXIT
for out in small/keys small; do
    "$VEIL" keygen --out $out > out.txt 2> err.txt
    code=$?
    cat err.txt >&2
    test $code -eq 2 || exit 1
    grep -q "^veil: error: $out/[a-z.]*: write failed: No space left on device$" err.txt || exit 1
    test ! -s out.txt || exit 1
    test -z "$(ls -A small)" || { ls -la small >&2; exit 1; }
    test "$(ls -A | grep -v '^\.\(out\|err\)$' | tr '\n' ' ')" = "err.txt out.txt small " || { ls -la >&2; exit 1; }
done
