printf '%s\n' '{"id": 1, "text": "mail jane@x.io", "spans": []}' \
    '{"id": 2, "text": "mail jane@x.io", "spans": [{"type": "EMAIL", "start": 5, "end": 14, "value": "joan@x.io"}]}' \
    > gold.jsonl
"$VEIL" audit score --gold gold.jsonl --rules "$ROOT/tests/fixtures/audit/pack.yaml" \
    --json audit.json 2>err.txt
code=$?
cat err.txt >&2
test $code -eq 2 || exit 1
grep -q "gold.jsonl:2: record 2 field 'spans\[0\].value': differs from the text" err.txt || exit 1
! grep -q 'jane\|joan' err.txt || exit 1
test ! -e audit.json
