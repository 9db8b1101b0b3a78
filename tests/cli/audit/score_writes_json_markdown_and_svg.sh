"$VEIL" audit score --gold "$ROOT/tests/fixtures/audit/gold.jsonl" \
    --rules "$ROOT/tests/fixtures/audit/pack.yaml" \
    --json audit.json --markdown audit.md --svg audit.svg >/dev/null || exit 1
grep -q '"leak": {' audit.json || exit 1
grep -q '"recall_ci95": \[' audit.json || exit 1
grep -q '^## How matches are counted' audit.md || exit 1
head -c 40 audit.svg | grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' || exit 1
tail -n 1 audit.svg | grep -q '^</svg>$'
