#!/bin/sh
# One CLI case (see run.sh): runs SCRIPT in a fresh directory and writes RESULTS/<case>.report,
# "pass" or "fail" on its first line and, for a failure, what to print after it.
set -u
script=$1
results=$2
case_name=${script#"$ROOT"/tests/cli/}
case_name=${case_name%.sh}
base=${script%.sh}
report="$results/$(echo "$case_name" | tr / :).report"
work=$(mktemp -d)
CASE_DIR=$(dirname "$script")
export CASE_DIR
(cd "$work" && sh "$script" >"$work/.out" 2>"$work/.err")
code=$?
want=0
[ -f "$base.exit" ] && want=$(cat "$base.exit")
why=""
diffs=""
if [ "$code" != "$want" ]; then
    why="exit $code, expected $want"
elif [ -f "$base.stdout" ] && ! cmp -s "$base.stdout" "$work/.out"; then
    why="stdout differs"
    diffs=$(diff "$base.stdout" "$work/.out" | head -20)
elif [ -f "$base.stderr" ] && ! cmp -s "$base.stderr" "$work/.err"; then
    why="stderr differs"
    diffs=$(diff "$base.stderr" "$work/.err" | head -20)
fi
if [ -z "$why" ]; then
    echo pass >"$report"
else
    {
        echo fail
        [ -n "$diffs" ] && printf '%s\n' "$diffs"
        echo "FAIL $case_name: $why"
        sed 's/^/    stderr: /' "$work/.err" | head -20
    } >"$report"
fi
rm -rf "$work"
