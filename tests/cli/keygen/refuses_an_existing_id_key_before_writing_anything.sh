mkdir k
echo keep > k/id.key
"$VEIL" keygen --out k
code=$?
test ! -e k/veil.sec || exit 9
test ! -e k/veil.pub || exit 8
test "$(cat k/id.key)" = keep || exit 7
exit $code
