# The fixture gold against the fixture pack: a person nobody detects is the worst miss, printed
# by type and length only.
"$VEIL" audit score --gold "$ROOT/tests/fixtures/audit/gold.jsonl" \
    --rules "$ROOT/tests/fixtures/audit/pack.yaml"
