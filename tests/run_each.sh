#!/bin/sh
# Runs test programs JOBS at a time and reports them in the order given, each one's output whole.
# Usage: sh tests/run_each.sh JOBS 'WRAPPER' PROGRAM...
# WRAPPER is a command put before each program ('env VEIL_NO_JIT=1 valgrind -q', or '' for none).
# Exit status 1 when any program failed, naming them.
set -u
jobs=$1
wrapper=$2
shift 2
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
i=0
for prog in "$@"; do
    i=$((i + 1))
    printf '%s %s\n' "$i" "$prog"
done | xargs -P "$jobs" -L 1 sh -c '
    # $1: log directory, $2: wrapper (split into words on purpose), $3: number, $4: program
    if ${2:-env} "$4" >"$1/$3.log" 2>&1; then : >"$1/$3.ok"; fi' sh "$logs" "$wrapper"
failed=""
i=0
for prog in "$@"; do
    i=$((i + 1))
    echo "== $wrapper${wrapper:+ }$prog"
    cat "$logs/$i.log"
    [ -e "$logs/$i.ok" ] || failed="$failed $prog"
done
if [ -n "$failed" ]; then
    echo "failed:$failed"
    exit 1
fi
