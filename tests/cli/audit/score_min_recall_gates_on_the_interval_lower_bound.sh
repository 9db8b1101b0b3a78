# Leak recall is 4/7 = 0.571 with a Wilson lower bound of 0.250: 0.3 fails, 0.2 passes.
gold="$ROOT/tests/fixtures/audit/gold.jsonl"
pack="$ROOT/tests/fixtures/audit/pack.yaml"
"$VEIL" audit score --gold "$gold" --rules "$pack" --min-recall 0.3 >/dev/null 2>err.txt
test $? -eq 1 || exit 1
grep -q 'lower 95% bound 0.2505 is below --min-recall 0.3000 (4 of 7 gold spans caught)' err.txt \
    || exit 1
"$VEIL" audit score --gold "$gold" --rules "$pack" --min-recall 0.2 >/dev/null || exit 1
"$VEIL" audit score --gold "$gold" --rules "$pack" --min-recall 1.5 >/dev/null 2>&1
test $? -eq 2
