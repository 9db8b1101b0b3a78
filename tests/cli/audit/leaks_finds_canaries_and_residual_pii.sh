printf 'planted.canary.77@example.org\n' > canaries.txt
mkdir -p rel/data
printf '%s\n' '{"transcript": "reach me at PLANTED.canary.77@example.org"}' | gzip > rel/data/a.jsonl.gz
"$VEIL" audit leaks --release rel --canaries canaries.txt \
    --rules "$ROOT/tests/fixtures/audit/pack.yaml" --json leaks.json >out.txt
code=$?
cat out.txt
test $code -eq 1 || exit 1
grep -q '"findings": 2' leaks.json || exit 1
grep -q '"canary": 1' leaks.json || exit 1
grep -q '"residual": 1' leaks.json || exit 1
! grep -qi 'planted' leaks.json out.txt
