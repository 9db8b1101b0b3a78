# A read-only file system, as the parent of a new key directory or as the key directory itself:
# keygen names the path and the reason, exits 2 and writes nothing anywhere.
mkdir ro
if ! mount -t tmpfs -o ro tmpfs ro 2> /dev/null; then
    echo "cannot mount a tmpfs here (needs root)" >&2
    exit 0
fi
trap 'umount ro' EXIT
"$VEIL" keygen --out ro/keys > out.txt 2> err.txt
test $? -eq 2 || exit 1
grep -qx "veil: error: ro/keys: cannot create directory: Read-only file system" err.txt || exit 1
"$VEIL" keygen --out ro > out.txt 2> err.txt
test $? -eq 2 || exit 1
grep -qx "veil: error: ro/id.key: cannot create: Read-only file system" err.txt || exit 1
test ! -s out.txt || exit 1
test "$(ls -A | grep -v '^\.\(out\|err\)$' | tr '\n' ' ')" = "err.txt out.txt ro " || { ls -la >&2; exit 1; }
