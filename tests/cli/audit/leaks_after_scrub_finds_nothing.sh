# End to end: scrub pseudonymises worker IDs and removes a planted e-mail canary; the scan of
# the result is clean, and of the raw input is not.
printf '%s\n' '{"worker": "rt-worker-8812", "transcript": "mail canary.zq41@example.org please"}' \
    '{"worker": "rt-worker-0007", "transcript": "nothing to see"}' > raw.jsonl
printf 'canary.zq41@example.org\n' > canaries.txt
"$VEIL" keygen --out keys >/dev/null 2>&1 || exit 1
mkdir -p rel/data
"$VEIL" scrub --rules "$ROOT/tests/fixtures/audit/pack.yaml" --no-warnings \
    --hash-field worker --id-key keys/id.key -o rel/data/part.jsonl.zst raw.jsonl 2>/dev/null \
    || exit 1
"$VEIL" audit leaks --raw raw.jsonl --hash-field worker --id-key keys/id.key --release rel \
    --canaries canaries.txt --rules "$ROOT/tests/fixtures/audit/pack.yaml" || exit 1
mkdir -p unscrubbed/data && cp raw.jsonl unscrubbed/data/
"$VEIL" audit leaks --raw raw.jsonl --hash-field worker --release unscrubbed \
    --canaries canaries.txt --rules "$ROOT/tests/fixtures/audit/pack.yaml" > found.txt
test $? -eq 1 || exit 1
test "$(grep -c ': raw_id: ' found.txt)" -eq 2 || exit 1
grep -q ': canary: ' found.txt && grep -q ': residual: EMAIL' found.txt
