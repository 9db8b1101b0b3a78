"$VEIL" audit --help | grep -q 'sample' || exit 1
"$VEIL" audit sample --help | grep -q -- '--exclude-from' || exit 1
"$VEIL" audit score --help | grep -q -- '--min-recall' || exit 1
"$VEIL" audit leaks --help | grep -q -- '--canaries' || exit 1
"$VEIL" audit frobnicate 2>/dev/null
test $? -eq 2
