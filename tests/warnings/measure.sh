#!/bin/sh
# Precision and recall of the content-warning pack against the hand labels in labels.tsv.
# Usage: VEIL=build/veil sh tests/warnings/measure.sh [PACK]   (PACK defaults to rules/warnings)
# The labelled records are read by line number from the shared red-team test set; nothing from
# it is copied into the repository (the extracted lines live in a temporary directory).
# Prints one table for the development part, one for the held-out part and one for all.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VEIL=${VEIL:-$ROOT/build/veil}
PACK=${1:-$ROOT/rules/warnings}
# The shared data sits beside the repository (../shared/data); VEIL_HH_DATA overrides.
DATA=${VEIL_HH_DATA:-$ROOT/../shared/data/hh-rlhf-harmless-base-test.jsonl.gz}
[ -r "$DATA" ] || [ -n "${VEIL_HH_DATA:-}" ] || DATA=/work/shared/data/hh-rlhf-harmless-base-test.jsonl.gz
LABELS=$ROOT/tests/warnings/labels.tsv

if [ ! -r "$DATA" ]; then
    echo "measure.sh: skipped: labelled data set not found at $DATA (set VEIL_HH_DATA)"
    exit 0
fi
if [ ! -x "$VEIL" ]; then
    echo "measure.sh: $VEIL is not built (make, or set VEIL)" >&2
    exit 2
fi
command -v jq >/dev/null || { echo "measure.sh: needs jq" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# The labelled line numbers, in file order, and those lines of the data set.
grep -v '^#' "$LABELS" | cut -f1 >"$work/lines"
zcat "$DATA" | awk 'NR == FNR { want[$1] = 1; next } (FNR in want)' "$work/lines" - \
    >"$work/records.jsonl"
if [ "$(wc -l <"$work/records.jsonl")" -ne "$(wc -l <"$work/lines")" ]; then
    echo "measure.sh: $DATA has fewer lines than labels.tsv expects" >&2
    exit 2
fi

"$VEIL" -q scrub --warnings "$PACK" --rules "$ROOT/rules/default" -o "$work/out.jsonl" \
    "$work/records.jsonl"
jq -r '.content_warnings | join(",")' "$work/out.jsonl" | paste "$work/lines" - >"$work/pred"

# Sample index i = (line - 1) / 7; every third sample (i % 3 == 2) is held out from tuning.
grep -v '^#' "$LABELS" | awk -F'\t' '
    NR == FNR { pred[$1] = $2; next }
    {
        line = $1; split($2, g, ","); split(pred[line], p, ",")
        part = (int((line - 1) / 7) % 3 == 2) ? "held-out" : "dev"
        delete gold; delete got
        for (k in g) if (g[k] != "") { gold[g[k]] = 1; cats[g[k]] = 1 }
        for (k in p) if (p[k] != "") { got[p[k]] = 1; cats[p[k]] = 1 }
        n[part]++; n["all"]++
        for (c in cats) {
            for (q = 0; q < 2; q++) {
                s = q ? "all" : part
                if ((c in gold) && (c in got)) tp[s, c]++
                else if (c in got) fp[s, c]++
                else if (c in gold) fn[s, c]++
            }
        }
    }
    function ratio(a, b) { return b ? sprintf("%.2f", a / b) : " n/a" }
    END {
        nc = 0
        for (c in cats) names[++nc] = c
        for (i = 2; i <= nc; i++) for (j = i; j > 1 && names[j] < names[j-1]; j--) {
            t = names[j]; names[j] = names[j-1]; names[j-1] = t
        }
        split("dev held-out all", parts, " ")
        for (pi = 1; pi <= 3; pi++) {
            s = parts[pi]; TP = FP = FN = 0
            printf "%s: %d records\n", s, n[s]
            printf "  %-13s %5s %4s %4s %4s %9s %6s\n", "category", "gold", "tp", "fp", "fn", \
                "precision", "recall"
            for (i = 1; i <= nc; i++) {
                c = names[i]; a = tp[s, c] + 0; b = fp[s, c] + 0; d = fn[s, c] + 0
                TP += a; FP += b; FN += d
                printf "  %-13s %5d %4d %4d %4d %9s %6s\n", c, a + d, a, b, d, ratio(a, a + b), \
                    ratio(a, a + d)
            }
            printf "  %-13s %5d %4d %4d %4d %9s %6s\n\n", "(micro)", TP + FN, TP, FP, FN, \
                ratio(TP, TP + FP), ratio(TP, TP + FN)
        }
    }' "$work/pred" -
