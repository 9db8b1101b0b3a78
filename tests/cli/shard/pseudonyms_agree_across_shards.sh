# The same worker ID and the same e-mail address get the same pseudonym whichever shard their
# record lands in, as long as every shard uses the same key file; a shard scrubbed with another
# key or another rule pack cannot be merged into the release's stats.
set -eu
. "$CASE_DIR/common.inc"
make_key
{
    printf '{"transcript":"first, write to jane.roe@example.org","red_team_member_id":4242}\n'
    cat "$SAMPLE"
    printf '{"transcript":"last, again jane.roe@example.org","red_team_member_id":4242}\n'
} >in.jsonl
for k in 1 2; do
    # shellcheck disable=SC2046 # scrub_opts is a list of words
    "$VEIL" -q scrub $(scrub_opts) --shard "$k/2" --output-pattern "p-{shard}.jsonl" \
        --stats "p-{shard}.json" in.jsonl
done
head -n 1 p-00000.jsonl | grep -q '"first' || { echo "first record is not in shard 1"; exit 1; }
tail -n 1 p-00001.jsonl | grep -q '"last' || { echo "last record is not in shard 2"; exit 1; }
first=$(head -n 1 p-00000.jsonl)
last=$(tail -n 1 p-00001.jsonl)
id1=$(echo "$first" | grep -o '"w_[0-9a-f]\{16\}"')
id2=$(echo "$last" | grep -o '"w_[0-9a-f]\{16\}"')
mail1=$(echo "$first" | grep -o '\[EMAIL_[0-9a-f]*\]')
mail2=$(echo "$last" | grep -o '\[EMAIL_[0-9a-f]*\]')
[ -n "$id1" ] && [ "$id1" = "$id2" ] || { echo "worker pseudonyms differ: '$id1' '$id2'"; exit 1; }
[ -n "$mail1" ] && [ "$mail1" = "$mail2" ] || { echo "e-mail pseudonyms differ"; exit 1; }
# The raw ID counts only free-standing: four digits turn up by chance in the pseudonyms' hex.
! grep -qE 'jane\.roe@example\.org|(^|[^0-9A-Za-z])4242([^0-9A-Za-z]|$)' p-00000.jsonl p-00001.jsonl || exit 1

# The same shard under another key: other pseudonyms, and the merge refuses the mix.
mkdir other
"$VEIL" keygen --out other >/dev/null
# shellcheck disable=SC2046
"$VEIL" -q scrub $(scrub_opts | sed 's#keys/id.key#other/id.key#') --shard 2/2 \
    --stats q.json -o q.jsonl in.jsonl
id3=$(tail -n 1 q.jsonl | grep -o '"w_[0-9a-f]\{16\}"')
[ -n "$id3" ] && [ "$id3" != "$id1" ] || { echo "another key gave the same pseudonym"; exit 1; }
if "$VEIL" stats merge -o m.json p-00000.json q.json 2>err.txt; then
    echo "stats merge accepted shards with different keys"
    exit 1
fi
grep -q 'different ID key' err.txt
[ ! -e m.json ]

# The same shard under another rule pack: the rules digests differ, so the merge refuses too.
printf 'recognizers:\n  - name: only_phone\n    supported_entity: PHONE\n    patterns:\n      - name: p\n        regex: '"'"'\\(\\d{3}\\) \\d{3}-\\d{4}'"'"'\n        score: 0.8\n' >phone.yaml
"$VEIL" -q scrub --rules phone.yaml --no-warnings --hash-field red_team_member_id \
    --id-key keys/id.key --shard 2/2 --stats r.json -o r.jsonl in.jsonl
if "$VEIL" stats merge -o m.json p-00000.json r.json 2>err.txt; then
    echo "stats merge accepted shards with different rules"
    exit 1
fi
grep -q 'scrubbed with different rules' err.txt
[ ! -e m.json ]
