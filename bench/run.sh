#!/bin/sh
# veil's throughput benchmark (make bench). Builds its inputs from the real red-team dialogue in
# ../shared/data (never copied into the repo), measures veil against cat, a JSON-only pass of
# veil itself and the ripgrep reference in the same run, alternating, median of REPS runs, and
# writes bench/out/results.json and bench/RESULTS.md.
#   VEIL=build/veil sh bench/run.sh            # x10 (~32 MB), 5 repetitions
#   SCALES="1 10 100" REPS=5 sh bench/run.sh   # the x100 run on request
set -eu
VEIL=${VEIL:-build/veil}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VEIL=$(cd "$(dirname "$VEIL")" && pwd)/$(basename "$VEIL")
DATA=${DATA:-$ROOT/../shared/data/hh-rlhf-harmless-base-test.jsonl.gz}
REPS=${REPS:-5}
export VEIL REPS
SCALES=${SCALES:-1 10}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
export VEIL_RULES="$ROOT/rules/default" VEIL_WARNINGS="$ROOT/rules/warnings"

[ -f "$DATA" ] || { echo "bench: $DATA not found (set DATA=...)" >&2; exit 2; }
# ripgrep (the reference), GNU time (peak RSS) and bc (arithmetic) come from Debian.
if ! command -v rg >/dev/null || [ ! -x /usr/bin/time ] || ! command -v bc >/dev/null; then
    echo "bench: installing ripgrep, time and bc" >&2
    apt-get install -y -qq ripgrep time bc >/dev/null
fi

. "$ROOT/bench/inputs.sh"
make_inputs "$OUT" "$DATA" "$SCALES"

# One timed run of a command on a file (output discarded): appends "seconds rss_kib" to t.NAME.
run_once() { # name file cmd...
    name=$1; file=$2; shift 2
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$OUT/rss" "$@" < "$file" > /dev/null 2>"$OUT/err" || {
        echo "bench: $name failed:" >&2; cat "$OUT/err" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc -l) $(tail -n 1 "$OUT/rss")" >> "$OUT/t.$name"
}

# "name median_seconds max_rss_kib min_seconds" from the runs recorded for name.
summary() {
    sort -g "$OUT/t.$1" | awk -v n="$1" '{t[NR]=$1; if ($2 > r) r=$2} END {print n, t[int((NR+1)/2)], r, t[1]}'
}

# veil_j1 and veil_j2 start with the compiled-pattern cache warm, as every run after the first
# does (this one warms it); veil_j1_cold compiles the packs as a first run does.
"$VEIL" -q scrub -j1 < "$ROOT/examples/red_team_attempts.jsonl" > /dev/null

empty_pack=$ROOT/bench/empty-pack.yaml
run_set() { # label file
    label=$1; file=$2
    for c in cat rg json veil_j1 veil_j2 veil_j1_cold; do : > "$OUT/t.$c"; done
    # Alternate the contenders inside each round so that drift on the machine hits them alike.
    r=0
    while [ $r -lt "$REPS" ]; do
        run_once cat "$file" cat
        # rg exits 1 when nothing matched (the non-ASCII input): that is not a failure.
        run_once rg "$file" sh -c 'sh "$1" /dev/stdin; [ $? -le 1 ]' rg "$ROOT/../shared/bench/rg-reference.sh"
        run_once json "$file" "$VEIL" -q scrub --rules "$empty_pack" --no-warnings -j1
        run_once veil_j1 "$file" "$VEIL" -q scrub -j1
        run_once veil_j2 "$file" "$VEIL" -q scrub -j2
        run_once veil_j1_cold "$file" env VEIL_CACHE_DIR=off "$VEIL" -q scrub -j1
        r=$((r + 1))
    done
    for c in cat rg json veil_j1 veil_j2 veil_j1_cold; do summary $c; done > "$OUT/$label.tsv"
}

for s in $SCALES; do run_set "real_x$s" "$OUT/real_x$s.jsonl"; done
run_set pii_dense "$OUT/pii_dense.jsonl"
run_set non_ascii "$OUT/non_ascii.jsonl"
run_set one_record "$OUT/one_record.jsonl"

# Two comparisons on the x10 file, each alternated with its own baseline in the same rounds (a
# separate loop would compare against a machine in another state):
#  - the cost per rule: the default pack plus 100 literal-anchored rules, against the default
#    pack on the same CPU (both pinned: see the last item);
#  - two independent -j1 processes at once: what this machine gives two streams of this work
#    (vCPUs that share a core or its caches slow each other down), to read -j2/-j1 against;
#  - -j1 pinned to the first and to the second CPU: virtual CPUs can run the same work at
#    different speeds, and an unpinned -j1 lands on either;
#  - the non-ASCII input at -j1 on the first CPU, for the non-ASCII/ASCII ratio on one CPU.
sh "$ROOT/bench/extra-rules.sh" 100 > "$OUT/extra-rules.yaml"
pin0=""
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then pin0="taskset -c 0"; fi
for c in veil_j1_base veil_j1_plus100 veil_j1_pair veil_j1_cpu0 veil_j1_cpu1 veil_j1_na_cpu0; do
    : > "$OUT/t.$c"
done
r=0
while [ $r -lt "$REPS" ]; do
    run_once veil_j1_base "$OUT/real_x10.jsonl" "$VEIL" -q scrub -j1
    run_once veil_j1_plus100 "$OUT/real_x10.jsonl" $pin0 "$VEIL" -q scrub -j1 \
        --rules "$ROOT/rules/default" --rules "$OUT/extra-rules.yaml"
    run_once veil_j1_pair "$OUT/real_x10.jsonl" sh -c \
        '"$1" -q scrub -j1 < "$2" > /dev/null & "$1" -q scrub -j1 < "$2" > /dev/null; wait' \
        pair "$VEIL" "$OUT/real_x10.jsonl"
    run_once veil_j1_cpu0 "$OUT/real_x10.jsonl" $pin0 "$VEIL" -q scrub -j1
    run_once veil_j1_na_cpu0 "$OUT/non_ascii.jsonl" $pin0 "$VEIL" -q scrub -j1
    if [ -n "$pin0" ]; then
        run_once veil_j1_cpu1 "$OUT/real_x10.jsonl" taskset -c 1 "$VEIL" -q scrub -j1
    fi
    r=$((r + 1))
done
for c in veil_j1_base veil_j1_plus100 veil_j1_pair veil_j1_cpu0 veil_j1_cpu1 veil_j1_na_cpu0; do
    [ -s "$OUT/t.$c" ] && summary $c
done > "$OUT/extra.tsv"

# Peak memory with one record of just under 64 MiB, at -j2 (one run: it takes about 30 s).
: > "$OUT/t.long_line_j2"
run_once long_line_j2 "$OUT/long_line.jsonl" "$VEIL" -q scrub -j2
summary long_line_j2 > "$OUT/long_line.tsv"

sh "$ROOT/bench/report.sh" "$OUT" "$SCALES"
