i=1
while [ $i -le 30 ]; do
    printf '{"id": %d, "model_type": "m%d", "transcript": "line %d"}\n' $i $((i % 3)) $i
    i=$((i + 1))
done > raw.jsonl
"$VEIL" audit sample --n 6 --seed 42 --stratify model_type --field transcript raw.jsonl \
    -o a.jsonl --exclude-from rest.jsonl || exit 1
"$VEIL" audit sample --n 6 --seed 42 --stratify model_type --field transcript raw.jsonl \
    -o b.jsonl || exit 1
cmp -s a.jsonl b.jsonl || exit 1
test "$(wc -l < a.jsonl)" -eq 6 || exit 1
test "$(wc -l < rest.jsonl)" -eq 24 || exit 1
grep -q '"spans":\[\]' a.jsonl || exit 1
# two of each stratum, and no record both drawn and left for tuning
test "$(grep -c '"stratum":"m0"' a.jsonl)" -eq 2 || exit 1
for id in $(sed 's/.*"id":"\([0-9]*\):.*/\1/' a.jsonl); do
    ! grep -q "^{\"id\": $id," rest.jsonl || exit 1
done
# the worksheet is valid gold as it stands
"$VEIL" audit score --gold a.jsonl --rules "$ROOT/tests/fixtures/audit/pack.yaml" >/dev/null
