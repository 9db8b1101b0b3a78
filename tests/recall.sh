#!/bin/sh
# Recall regression check (make check-recall): score the default pack against every annotated
# split named in tests/corpus/baseline.json with `veil audit score`, and fail when any entity
# type's leak recall falls below its committed floor, or when a negatives split (look-alikes,
# no gold spans) gets more false positives than its committed ceiling.
#
# baseline.json:
#   {"leak_recall": {"<split>": {"<TYPE>": floor, ...}, ...},
#    "negatives":   {"<split>": {"max_fp": N}, ...}}
# where <split> is tests/corpus/<split>.jsonl. POSIX sh + awk + the veil binary only (CI has no
# jq or python); tests/recall_flatten.awk turns the JSON into "path<TAB>value" lines.
#
# Usage: VEIL=build/veil sh tests/recall.sh      exit 0 pass, 1 regression, 2 setup error
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${VEIL:?set VEIL to the veil binary}"
RULES=${RULES:-$ROOT/rules/default}
BASELINE=${BASELINE:-$ROOT/tests/corpus/baseline.json}
FLAT="awk -f $ROOT/tests/recall_flatten.awk"
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$BASELINE" ] || { echo "recall: $BASELINE: missing" >&2; exit 2; }
$FLAT "$BASELINE" >"$work/baseline" || exit 2

# score SPLIT -> $work/SPLIT.flat; exits 2 when the scorer cannot run
score() {
    gold=$ROOT/tests/corpus/$1.jsonl
    [ -f "$gold" ] || { echo "recall: $gold: missing" >&2; exit 2; }
    if ! "$VEIL" audit score --gold "$gold" --rules "$RULES" --json "$work/$1.json" \
        >"$work/$1.out" 2>"$work/$1.err"; then
        echo "recall: veil audit score failed on $gold:" >&2
        cat "$work/$1.err" >&2
        exit 2
    fi
    $FLAT "$work/$1.json" >"$work/$1.flat" || exit 2
}

# value PATH FILE: the flattened value at PATH, empty when absent
value() {
    awk -F '\t' -v p="$1" '$1 == p { print $2; exit }' "$2"
}

failed=0
splits=$(sed -n 's/^leak_recall\.\([^.]*\)\..*/\1/p' "$work/baseline" | sort -u)
for split in $splits; do
    score "$split"
    echo "== $split ($(value records "$work/$split.flat") records)"
    printf '  %-18s %8s %8s %8s\n' type recall floor n
    sed -n "s/^leak_recall\\.$split\\.\\([^.	]*\\)	\\(.*\\)/\\1 \\2/p" "$work/baseline" |
        while read -r type floor; do
            got=$(value "leak.per_type.$type.recall" "$work/$split.flat")
            n=$(value "leak.per_type.$type.n" "$work/$split.flat")
            verdict=ok
            if [ -z "$got" ]; then
                got=-
                verdict="FAIL (no gold spans of this type)"
            elif awk -v g="$got" -v f="$floor" 'BEGIN { exit !(g + 0 < f + 0) }'; then
                verdict="FAIL (below floor)"
            fi
            printf '  %-18s %8s %8s %8s  %s\n' "$type" "$got" "$floor" "${n:--}" "$verdict"
            case $verdict in FAIL*) echo x >>"$work/failures" ;; esac
        done
done

negs=$(sed -n 's/^negatives\.\([^.]*\)\.max_fp	.*/\1/p' "$work/baseline" | sort -u)
for split in $negs; do
    score "$split"
    max=$(value "negatives.$split.max_fp" "$work/baseline")
    fp=$(value "leak.overall.fp" "$work/$split.flat")
    echo "== $split ($(value records "$work/$split.flat") look-alike records)"
    sed -n 's/^leak\.per_type\.\([^.]*\)\.fp	\([1-9][0-9]*\)$/  false positives: \1 \2/p' \
        "$work/$split.flat"
    if awk -v g="${fp:-0}" -v m="$max" 'BEGIN { exit !(g + 0 > m + 0) }'; then
        echo "  FAIL: $fp false positives, ceiling $max"
        echo x >>"$work/failures"
    else
        echo "  ok: ${fp:-0} false positives, ceiling $max"
    fi
done

if [ -s "$work/failures" ]; then
    echo "recall: $(wc -l <"$work/failures" | tr -d ' ') regression(s) against $BASELINE" >&2
    failed=1
fi
exit $failed
