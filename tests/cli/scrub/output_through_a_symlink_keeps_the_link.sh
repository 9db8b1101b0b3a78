set -e
# -o through a symbolic link writes the file it points to and leaves the link a link
# (renaming a temporary file over the path would replace the link, as it once did /dev/stdout)
mkdir real
: > real/target.jsonl
ln -s real/target.jsonl out.jsonl
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --no-warnings -o out.jsonl \
    "$ROOT/examples/red_team_attempts.jsonl"
test -L out.jsonl
test "$(wc -l < real/target.jsonl)" -eq 40
