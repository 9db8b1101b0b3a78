# Leak recall is 2/5 = 0.4 with a Wilson lower bound of 0.118: 0.3 fails, 0.1 passes.
gold="$ROOT/tests/fixtures/audit/gold.jsonl"
pack="$ROOT/tests/fixtures/audit/pack.yaml"
"$VEIL" audit score --gold "$gold" --rules "$pack" --min-recall 0.3 >/dev/null 2>err.txt
test $? -eq 1 || exit 1
grep -q 'lower 95% bound 0.1176 is below --min-recall 0.3000 (2 of 5 gold spans caught)' err.txt \
    || exit 1
"$VEIL" audit score --gold "$gold" --rules "$pack" --min-recall 0.1 >/dev/null || exit 1
"$VEIL" audit score --gold "$gold" --rules "$pack" --min-recall 1.5 >/dev/null 2>&1
test $? -eq 2
