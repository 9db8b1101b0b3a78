# A 1 GiB record is refused with a LIMIT error naming it, and memory stays bounded.
case "$VEIL" in */san/*) echo "ASan reserves more address space than ulimit -v allows" >&2;
    ulimit -v unlimited ;; *) ulimit -v 524288 ;; esac
{ printf '{"text":"'; head -c 1073741824 /dev/zero | tr '\0' a; printf '"}\n{"text":"after"}\n'; } |
    "$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings --on-error skip - > out.jsonl 2> err.txt
code=$?
cat err.txt >&2
test $code -eq 0 || exit 1
grep -q -- '-:1: record 1 is longer than the limit of 268435456 bytes' err.txt || exit 1
test "$(cat out.jsonl)" = '{"text":"after"}'
