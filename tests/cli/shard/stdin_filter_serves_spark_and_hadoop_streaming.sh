# What Spark's RDD.pipe and Hadoop Streaming do with `veil scrub`: split the input into line-aligned
# partitions, pipe each through the command (stdin -> stdout) in a working directory that holds a
# copy of the shipped key file, and keep the outputs in partition order. The wrapper below is the
# one doc/scaling-out.md gives; Spark and Hadoop themselves are not installable here, so this case
# runs the same filter the way they would.
set -eu
. "$CASE_DIR/common.inc"
make_key
make_sharding_input in.jsonl
# shellcheck disable=SC2046 # scrub_opts is a list of words
"$VEIL" -q scrub $(scrub_opts) -o single.jsonl in.jsonl

# stdin -> stdout is the same as file -> file.
# shellcheck disable=SC2046
"$VEIL" -q scrub $(scrub_opts) <in.jsonl >piped.jsonl
cmp single.jsonl piped.jsonl

# Cluster file distribution does not promise mode 0600, and veil refuses a key others can read.
mkdir executor
cp keys/id.key executor/id.key
chmod 644 executor/id.key
if "$VEIL" -q scrub --id-key executor/id.key --hash-field red_team_member_id <in.jsonl >/dev/null \
    2>err.txt; then
    echo "a world-readable key was accepted"
    exit 1
fi
grep -q 'readable by others' err.txt

# The wrapper from doc/scaling-out.md: a private copy of the key for each task.
cat >executor/veil-filter.sh <<'WRAPPER'
#!/bin/sh
# veil scrub as a stdin -> stdout filter, with a private copy of the key shipped as ./id.key.
key=$(mktemp) || exit 2
trap 'rm -f "$key"' EXIT
cat id.key >"$key" || exit 2
veil -q scrub --id-key "$key" --hash-field red_team_member_id --operator EMAIL=pseudonym "$@"
WRAPPER
chmod 755 executor/veil-filter.sh
PATH=$(dirname "$VEIL"):$PATH
mkdir tmp
TMPDIR=$PWD/tmp
export PATH TMPDIR

for parts in 3 7; do
    rm -f part.* out.*
    split -n "l/$parts" -a 2 in.jsonl part.
    for p in part.*; do
        (cd executor && ./veil-filter.sh --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" \
            --no-warnings) <"$p" >"out.${p#part.}"
    done
    cat out.* >joined.jsonl
    cmp single.jsonl joined.jsonl || { echo "$parts partitions: output differs"; exit 1; }
done
# No private key copy is left behind.
[ -z "$(ls -A tmp)" ] || { echo "key copies left: $(ls -A tmp)"; exit 1; }
