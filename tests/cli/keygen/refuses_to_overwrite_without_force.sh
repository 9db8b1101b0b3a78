"$VEIL" keygen --out k >/dev/null || exit 9
cp k/veil.sec before
"$VEIL" keygen --out k
code=$?
cmp -s before k/veil.sec || exit 8
"$VEIL" keygen --out k --force >/dev/null || exit 7
cmp -s before k/veil.sec && exit 6
exit $code
