# A shard that fails (here: a broken record in its byte range) exits non-zero and leaves neither
# its output, nor its stats, nor a temporary file behind, so a release can never pick up a partial
# shard; the other shards are unaffected.
set -eu
. "$CASE_DIR/common.inc"
make_key
{
    cat "$SAMPLE"
    printf '{"transcript": "broken, call (600) 569-8985\n'
    cat "$SAMPLE"
} >in.jsonl
before=$(ls -A)
status=0
for k in 1 2 3; do
    # shellcheck disable=SC2046 # scrub_opts is a list of words
    "$VEIL" -q scrub $(scrub_opts) --shard "$k/3" --output-pattern "o-{shard}-of-{count}.jsonl" \
        --stats "o-{shard}-of-{count}.json" in.jsonl 2>"err-$k.txt" || status=$((status + k))
done
[ "$status" -eq 2 ] || { echo "expected only shard 2 to fail, got status sum $status"; exit 1; }
[ -f o-00000-of-00003.jsonl ] && [ -f o-00002-of-00003.jsonl ] || { echo "good shards missing"; exit 1; }
[ ! -e o-00001-of-00003.jsonl ] && [ ! -e o-00001-of-00003.json ] || { echo "partial shard left"; exit 1; }
after=$(ls -A | grep -v '^o-0000[02]-of-00003\.json' | grep -v '^err-[123]\.txt$')
[ "$before" = "$after" ] || { echo "left behind: $after"; exit 1; }
# The error names the shard, the record and what failed, never the record's text; the line
# counts from the byte the shard starts at, so that byte and line find the broken record.
msg=$(grep -o 'in.jsonl\[shard 2/3 from byte [0-9]*\]:[0-9]*: record [0-9]*: invalid JSON' err-2.txt)
byte=$(echo "$msg" | sed 's/.*from byte \([0-9]*\)\]:\([0-9]*\):.*/\1/')
line=$(echo "$msg" | sed 's/.*from byte \([0-9]*\)\]:\([0-9]*\):.*/\2/')
tail -c +$((byte + 1)) in.jsonl | sed -n "${line}p" | grep -q '^{"transcript": "broken' || {
    echo "byte $byte, line $line is not the broken record"; exit 1; }
! grep -q '569-8985' err-2.txt
