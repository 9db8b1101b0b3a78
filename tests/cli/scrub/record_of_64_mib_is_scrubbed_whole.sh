set -e
# One 64 MiB record with an email at its very end: no fixed-size buffer may cut it short.
{ printf '{"text":"'; head -c 67108864 /dev/zero | tr '\0' 'a'; printf ' tail@example.org"}\n'; } > big.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl big.jsonl
test "$(wc -c < out.jsonl)" -eq $((67108864 + 20))
tail -c 20 out.jsonl | grep -q ' \[EMAIL\]"}'
