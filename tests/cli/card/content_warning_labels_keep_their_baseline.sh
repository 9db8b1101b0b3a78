# The warnings pack against the 331 hand-labelled red-team records (tests/warnings): micro
# precision and recall over all categories must not fall below the committed baseline. Skips
# (and passes) when the shared data set is not present.
set -eu
out=$(sh "$ROOT/tests/warnings/measure.sh")
case $out in *skipped*) echo ok; exit 0 ;; esac
echo "$out" | awk '
    /^all:/ { all = 1 }
    all && /\(micro\)/ {
        p = $6 + 0; r = $7 + 0
        if (p < 0.70 || r < 0.78) { printf "below baseline: precision %s recall %s\n", $6, $7; exit 1 }
        print "ok"; found = 1
    }
    END { if (!found) { print "no micro line"; exit 1 } }'
