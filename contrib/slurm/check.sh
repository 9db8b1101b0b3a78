#!/bin/sh
# check.sh - `make check-slurm`: the Slurm recipe on a real single-node cluster (Debian's
# slurm-wlm and munge; installed when missing). Needs root and VEIL (the binary under test).
#
# 1. Scrubs the shipped sample, replicated to about 2 MB, as a 4-task array through submit.sh,
#    with the dependent release job; kills one shard's veil step while it is writing, and checks
#    that Slurm re-runs it, that nothing partial is left in between, and that the re-run writes
#    the same bytes as the shard scrubbed outside Slurm.
# 2. The joined shards equal a single-process `veil scrub` byte for byte, the merged stats equal
#    its stats, and `veil verify` accepts the release.
# 3. A shard that fails for good gets the release job cancelled; the release job run by hand
#    over a shard directory with a file missing refuses.
# The cluster is torn down on every exit. Last line: "slurm: N passed, M failed".
set -u
[ -n "${VEIL:-}" ] || { echo "check.sh: set VEIL to the veil binary" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/../.." && pwd)
VEIL=$(cd "$(dirname "$VEIL")" && pwd)/$(basename "$VEIL")
work=$(mktemp -d /tmp/veil-slurm-check.XXXXXX)
chmod 755 "$work" # munged wants every directory above its socket searchable by all
VEIL_SLURM_DIR=$work/cluster
export VEIL VEIL_SLURM_DIR
pass=0
fail=0
t_start=$(date +%s)

ok() {
    pass=$((pass + 1))
    echo "ok   $*"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL $*"
}
check() { # check DESCRIPTION COMMAND...
    what=$1
    shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
elapsed() { echo "$(($(date +%s) - t_start)) s"; }

finish() {
    trap - EXIT INT TERM
    bash "$here/cluster.sh" down || bad "cluster teardown"
    if [ "$fail" -gt 0 ]; then
        for f in "$work"/out*/logs/*.out "$VEIL_SLURM_DIR"/log/slurmctld.log; do
            [ -s "$f" ] || continue
            echo "----- tail $f"
            tail -n 15 "$f"
        done
        echo "(work directory kept: $work)"
    else
        rm -rf "$work"
    fi
    echo "slurm: $pass passed, $fail failed ($(elapsed))"
    [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
    exit $?
}
trap finish EXIT
trap 'bad "interrupted"; exit 1' INT TERM

[ "$(id -u)" = 0 ] || { bad "must run as root: the single-node cluster runs its daemons as root"; exit 1; }
bash "$here/cluster.sh" install || { bad "install slurm-wlm and munge"; exit 1; }
ok "slurm-wlm and munge installed ($(elapsed))"
bash "$here/cluster.sh" up || { bad "bring up munged, slurmctld and slurmd"; exit 1; }
eval "$(bash "$here/cluster.sh" env)"
ok "single-node cluster up ($(elapsed))"

# job_state JOB: the state scontrol reports for a job or array task, e.g. COMPLETED.
job_state() {
    scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p' | head -n1
}
# wait_gone JOB... : until none of the jobs is queued or running (at most 150 s).
wait_gone() {
    i=0
    while [ -n "$(squeue -h -j "$(echo "$@" | tr ' ' ',')" 2>/dev/null)" ]; do
        i=$((i + 1))
        [ "$i" -lt 600 ] || return 1
        sleep 0.25
    done
}
# completed_runs ARRAY_JOB: the array's runs that ended COMPLETED with exit 0, from the
# job-completion log (unlike scontrol, it keeps every run, the requeued ones too).
completed_runs() {
    grep "ArrayJobId=$1 " "$VEIL_SLURM_DIR/log/jobcomp.txt" 2>/dev/null |
        grep -c 'JobState=COMPLETED .*ExitCode=0:0'
}
strip_outputs() {
    sed -e '/^  "outputs": \[\],$/d' -e '/^  "outputs": \[$/,/^  \],$/d' "$1"
}

# The data: the shipped sample replicated to about 10 MB, and the keys every job shares.
# Each copy gets its own worker IDs, so the shards differ and the pseudonym lists are long.
# A shard must take long enough to write (a few hundred ms) for step 1 to catch one mid-run.
cd "$work" || exit 1
awk -v copies=400 '{ line[NR] = $0 }
    END {
        for (c = 0; c < copies; c++) {
            for (i = 1; i <= NR; i++) {
                l = line[i]
                sub(/"red_team_member_id": [0-9]+/, "\"red_team_member_id\": " (930000000 + c * 100 + i), l)
                print l
            }
        }
    }' "$ROOT/examples/red_team_attempts.jsonl" >attacks.jsonl
"$VEIL" -q keygen --out keys >/dev/null || { bad "veil keygen"; exit 1; }
# One copy of the rule packs for every job, so that all shards have the same rules digest (the
# merge refuses shards that differ) even if the checkout changes while the jobs run.
cp -r "$ROOT/rules" "$work/rules"
opts="--id-key $work/keys/id.key --hash-field red_team_member_id --rules $work/rules/default
    --warnings=$work/rules/warnings"
# shellcheck disable=SC2086
"$VEIL" -q scrub $opts --stats single.stats.json -o single.jsonl attacks.jsonl ||
    { bad "single-process veil scrub"; exit 1; }
ok "single-process scrub of $(wc -c <attacks.jsonl) bytes ($(elapsed))"

submit() { # submit OUT_DIR SHARDS [submit.sh options] INPUT
    out=$1 n=$2
    shift 2
    sh "$here/submit.sh" --shards "$n" --name attacks --out "$out" --veil "$VEIL" \
        --id-key "$work/keys/id.key" --hash-field red_team_member_id \
        --rules "$work/rules/default" --scrub-arg "--warnings=$work/rules/warnings" \
        --sign-key "$work/keys/veil.sec" --pub-key "$work/keys/veil.pub" \
        --card-meta "$ROOT/examples/card.yaml" --canaries "$ROOT/examples/canaries.txt" "$@"
}

# 1. Four shards and the release; shard 00003 is killed mid-run.
ids=$(submit "$work/out" 4 --gold "$ROOT/examples/gold.jsonl" --min-recall 0.5 \
    "$work/attacks.jsonl") || { bad "submit.sh"; exit 1; }
set -- $ids
array=$1 release=$2
ok "submitted scrub array $array and release job $release ($(elapsed))"
shards=$work/out/shards
victim=attacks-00003-of-00004
i=0
until [ -n "$(find "$shards" -name ".$victim.jsonl.zst.tmp.*" 2>/dev/null)" ]; do
    i=$((i + 1))
    if [ "$i" -gt 6000 ] || [ -f "$shards/$victim.jsonl.zst" ]; then
        bad "caught shard 00003 while it was writing (it finished first or never started)"
        exit 1
    fi
    sleep 0.01
done
scancel --signal=KILL "${array}_3.0"
ok "killed the veil step of task ${array}_3 mid-run ($(elapsed))"
# Requeued: PENDING again, or on its way there in one of Slurm's REQUEUE* states. Until then
# the killed task is COMPLETING while Slurm ends its processes (KillWait, cluster.sh), which a
# loaded machine stretches: up to 60 s.
requeued() {
    case $(job_state "$1") in PENDING | REQUEUE*) return 0 ;; esac
    return 1
}
i=0
until requeued "${array}_3"; do
    i=$((i + 1))
    [ "$i" -lt 1200 ] || {
        bad "task ${array}_3 requeued after the kill (state '$(job_state "${array}_3")')"
        exit 1
    }
    sleep 0.05
done
ok "Slurm requeued task ${array}_3"
t_requeue=$(date +%s)
left=$(find "$shards" -name "*$victim*")
check "nothing of the killed shard is left while it waits for its retry${left:+ (found $left)}" \
    test -z "$left"
i=0
while [ "$(job_state "${array}_3")" = PENDING ] && [ "$i" -lt 1200 ]; do
    i=$((i + 1))
    sleep 0.1
done
echo "     (the retry of ${array}_3 started $(($(date +%s) - t_requeue)) s after the requeue)"
wait_gone "$array" "$release" || { bad "jobs finished within 150 s"; exit 1; }
ok "array and release job finished ($(elapsed))"

check "4 array tasks COMPLETED with exit 0 (got $(completed_runs "$array"))" \
    test "$(completed_runs "$array")" -eq 4
check "task ${array}_3 ran twice (Restarts=1)" \
    sh -c "scontrol -o show job ${array}_3 | grep -q ' Restarts=1 '"
check "release job $release COMPLETED" test "$(job_state "$release")" = COMPLETED
# shellcheck disable=SC2086
"$VEIL" -q scrub $opts --shard 4/4 -o "$work/victim.jsonl.zst" attacks.jsonl
check "the re-run shard has the bytes of the same shard scrubbed outside Slurm" \
    cmp "$work/victim.jsonl.zst" "$shards/$victim.jsonl.zst"
zstd -q -dc "$shards"/attacks-0000[0-3]-of-00004.jsonl.zst >joined.jsonl
check "the 4 shards joined are byte-identical to the single-process scrub" \
    cmp single.jsonl joined.jsonl
strip_outputs single.stats.json >want.json
strip_outputs "$work/out/attacks.stats.json" >got.json 2>/dev/null
check "the merged shard stats equal the single-process stats" cmp want.json got.json
check "veil verify accepts the release built from the shards" \
    "$VEIL" -q verify "$work/out/attacks.tar.zst" --pub "$work/keys/veil.pub" --extract "$work/x" \
    >verify.txt
for f in README.md MANIFEST.json SHA256SUMS; do
    check "the release's $f lists the 4 shards" \
        test "$(grep -o 'data/attacks-0000[0-3]-of-00004\.jsonl\.zst' "$work/x/attacks/$f" 2>/dev/null |
            sort -u | wc -l)" -eq 4
done

# 2. A shard that fails for good (a broken record, no retries): the release job is cancelled.
{
    cat "$ROOT/examples/red_team_attempts.jsonl"
    printf '{"transcript": "broken\n'
    cat "$ROOT/examples/red_team_attempts.jsonl"
} >broken.jsonl
ids=$(submit "$work/out2" 2 --max-retries 0 "$work/broken.jsonl") || { bad "submit.sh"; exit 1; }
set -- $ids
wait_gone "$1" "$2" || { bad "failing array finished within 150 s"; exit 1; }
check "a shard that fails for good cancels the release job (state $(job_state "$2"))" \
    test "$(job_state "$2")" = CANCELLED
check "the failed shard left no file, the good one both" \
    test "$(find "$work/out2/shards" -type f | wc -l)" -eq 2
check "no release was built without every shard" test ! -e "$work/out2/attacks.tar.zst"

# 3. The release job by hand over a shard directory with one file gone: refused, exit 2.
mkdir -p "$work/out3/logs"
cp -r "$shards" "$work/out3/shards"
rm "$work/out3/shards/attacks-00002-of-00004.stats.json"
job=$(VEIL_OUT_DIR=$work/out3 VEIL_NAME=attacks VEIL_SHARDS=4 VEIL_SIGN_KEY=$work/keys/veil.sec \
    VEIL_PUB_KEY=$work/keys/veil.pub VEIL_CARD_META=$ROOT/examples/card.yaml \
    sbatch --parsable --output="$work/out3/logs/release-%j.out" "$here/release.sbatch" \
    "$work/attacks.jsonl")
job=${job%%;*}
wait_gone "$job" || { bad "release job finished within 150 s"; exit 1; }
check "the release job refuses a missing shard file (exit 2)" \
    sh -c "grep 'JobId=$job ' '$VEIL_SLURM_DIR/log/jobcomp.txt' | grep -q 'ExitCode=2:0'"
check "it names the missing file" \
    grep -q "missing shard file .*attacks-00002-of-00004.stats.json" "$work/out3/logs/release-$job.out"
check "and builds nothing" test ! -e "$work/out3/attacks.tar.zst"

# 4. Re-running one shard by hand from the settings submit.sh saved, and an array numbered from 1
#    without VEIL_SHARDS (N from the array, shard = task - SLURM_ARRAY_TASK_MIN).
cp "$shards/attacks-00002-of-00004.jsonl.zst" "$work/saved-00002.jsonl.zst"
rm "$shards/attacks-00002-of-00004.jsonl.zst" "$shards/attacks-00002-of-00004.stats.json"
rerun=$(. "$work/out/logs/settings.env" &&
    sbatch --parsable --array=2 --output="$work/out/logs/rerun-%A_%a.out" \
        "$here/scrub-array.sbatch" "$work/attacks.jsonl")
rerun=${rerun%%;*}
from1=$(VEIL_NAME=sample VEIL_OUT_DIR=$work/out4 VEIL_ID_KEY=$work/keys/id.key \
    VEIL_HASH_FIELDS=red_team_member_id \
    VEIL_SCRUB_ARGS="--rules $work/rules/default --warnings=$work/rules/warnings" \
    VEIL_SHARDS='' VEIL_SHARD_BASE='' \
    sbatch --parsable --array=1-3 --output="$work/out/logs/from1-%A_%a.out" \
    "$here/scrub-array.sbatch" "$ROOT/examples/red_team_attempts.jsonl")
from1=${from1%%;*}
wait_gone "$rerun" "$from1" || { bad "re-run and 1-based arrays finished within 150 s"; exit 1; }
check "shard 00002 re-run by hand from settings.env has the same bytes" \
    cmp "$work/saved-00002.jsonl.zst" "$shards/attacks-00002-of-00004.jsonl.zst"
for k in 1 2 3; do
    # shellcheck disable=SC2086
    "$VEIL" -q scrub --id-key "$work/keys/id.key" --hash-field red_team_member_id \
        --rules "$work/rules/default" --warnings="$work/rules/warnings" --shard "$k/3" \
        -o "$work/from1-$k.jsonl.zst" \
        "$ROOT/examples/red_team_attempts.jsonl"
    f=$(printf 'sample-%05d-of-00003.jsonl.zst' $((k - 1)))
    check "array task $k of --array=1-3 wrote shard $k/3 as $f" \
        cmp "$work/from1-$k.jsonl.zst" "$work/out4/shards/$f"
done
