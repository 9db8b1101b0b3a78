#!/bin/sh
# End-to-end CLI tests: tests/cli/<command>/<case>.sh, each run by sh in a fresh temporary
# directory with VEIL (the binary), ROOT (the repository) and CASE_DIR set. Expectations sit
# beside the script: <case>.exit (default 0), and optionally <case>.stdout / <case>.stderr,
# compared byte for byte. Usage: VEIL=build/veil sh tests/cli/run.sh [filter]
# Cases are independent, so they run VEIL_TEST_JOBS at a time (default: one per CPU); the
# report lists them in name order whatever order they finish in.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VEIL=$(cd "$(dirname "$VEIL")" && pwd)/$(basename "$VEIL")
export ROOT VEIL
# A binary built inside the repository finds its packs beside itself, which the cases rely on
# (and so test); one built elsewhere (make BUILD=/tmp/x) is pointed at the repository's packs.
case $VEIL in
"$ROOT"/*) ;;
*)
    VEIL_RULES=${VEIL_RULES:-$ROOT/rules/default}
    VEIL_WARNINGS=${VEIL_WARNINGS:-$ROOT/rules/warnings}
    export VEIL_RULES VEIL_WARNINGS
    ;;
esac
jobs=${VEIL_TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

for script in "$ROOT"/tests/cli/*/*.sh; do
    case_name=${script#"$ROOT"/tests/cli/}
    case_name=${case_name%.sh}
    if [ $# -gt 0 ] && ! echo "$case_name" | grep -q -- "$1"; then continue; fi
    printf '%s\n' "$script"
done | xargs -P "$jobs" -I '{}' sh "$ROOT/tests/cli/run_case.sh" '{}' "$results"

pass=0
fail=0
for report in "$results"/*.report; do
    [ -e "$report" ] || continue
    if [ "$(head -n 1 "$report")" = "pass" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        tail -n +2 "$report"
    fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
