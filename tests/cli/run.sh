#!/bin/sh
# End-to-end CLI tests: tests/cli/<command>/<case>.sh, each run by sh in a fresh temporary
# directory with VEIL (the binary), ROOT (the repository) and CASE_DIR set. Expectations sit
# beside the script: <case>.exit (default 0), and optionally <case>.stdout / <case>.stderr,
# compared byte for byte. Usage: VEIL=build/veil sh tests/cli/run.sh [filter]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VEIL=$(cd "$(dirname "$VEIL")" && pwd)/$(basename "$VEIL")
export ROOT VEIL
pass=0
fail=0
for script in "$ROOT"/tests/cli/*/*.sh; do
    case_name=${script#"$ROOT"/tests/cli/}
    case_name=${case_name%.sh}
    if [ $# -gt 0 ] && ! echo "$case_name" | grep -q -- "$1"; then continue; fi
    base=${script%.sh}
    work=$(mktemp -d)
    CASE_DIR=$(dirname "$script")
    export CASE_DIR
    (cd "$work" && sh "$script" >"$work/.out" 2>"$work/.err")
    code=$?
    want=0
    [ -f "$base.exit" ] && want=$(cat "$base.exit")
    ok=1
    why=""
    if [ "$code" != "$want" ]; then ok=0; why="exit $code, expected $want"; fi
    if [ $ok = 1 ] && [ -f "$base.stdout" ] && ! cmp -s "$base.stdout" "$work/.out"; then
        ok=0; why="stdout differs"; diff "$base.stdout" "$work/.out" | head -20
    fi
    if [ $ok = 1 ] && [ -f "$base.stderr" ] && ! cmp -s "$base.stderr" "$work/.err"; then
        ok=0; why="stderr differs"; diff "$base.stderr" "$work/.err" | head -20
    fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $case_name: $why"
        sed 's/^/    stderr: /' "$work/.err" | head -20
    fi
    rm -rf "$work"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
