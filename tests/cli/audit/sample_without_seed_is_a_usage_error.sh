printf '{"t": "x"}\n' > raw.jsonl
"$VEIL" audit sample --n 3 raw.jsonl -o s.jsonl 2>err.txt
code=$?
cat err.txt >&2
test $code -eq 2 && grep -q 'needs --n and --seed' err.txt
