#!/bin/sh
# submit.sh - scrub a corpus as a Slurm job array of N shards, then release it as one dataset.
# Submits scrub-array.sbatch as --array=0-(N-1) and release.sbatch with
# --dependency=afterok:<array> --kill-on-invalid-dep=yes, so the release runs only when every
# shard succeeded, and is cancelled (not left pending forever) when a shard fails for good.
# Prints the two job IDs, "ARRAY_ID RELEASE_ID". See doc/scaling-out.md.
usage() {
    cat <<'EOF'
usage: submit.sh --shards N --name NAME --out DIR --sign-key SEC --pub-key PUB --card-meta YAML
                 [options] INPUT...
  --shards N          number of shards (array tasks)
  --name NAME         dataset name: shard files are NAME-00003-of-00016.jsonl.zst
  --out DIR           output directory, on a filesystem every node shares
  --id-key FILE       ID key (veil keygen), read by every shard: it must be the same file
  --hash-field F      fields to pseudonymise (comma-separated or repeated)
  --rules PACK        rule pack(s), comma-separated; the same for every shard and the audit
  --sign-key FILE     minisign secret key for the release
  --pub-key FILE      its public key, to verify the release once built
  --card-meta FILE    dataset card metadata
  --gold FILE         labelled sample for the recall audit (optional); --min-recall R [0.8]
  --canaries FILE     planted canaries for the leak audit (optional)
  --scrub-arg ARG     one more `veil scrub` option (repeatable; no spaces inside)
  --release-arg ARG   one more `veil release` option (repeatable; no spaces inside)
  --sbatch-arg ARG    one more sbatch option for both jobs, e.g. --partition=cpu (repeatable)
  --max-running M     run at most M shards at once (--array=0-(N-1)%M)
  --max-retries R     how often a failed shard is requeued [2]
  --veil PATH         the veil binary [veil on PATH]
EOF
}
set -u
die() {
    echo "submit.sh: $*" >&2
    exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
shards='' name='' out='' max_running='' sbatch_args=''
VEIL_SCRUB_ARGS='' VEIL_RELEASE_ARGS='' VEIL_HASH_FIELDS=''
while [ $# -gt 0 ]; do
    case $1 in
    --help | -h) usage; exit 0 ;;
    --) shift; break ;;
    -*) [ $# -ge 2 ] || die "$1 needs a value" ;;
    *) break ;;
    esac
    case $1 in
    --shards) shards=$2 ;;
    --name) name=$2 ;;
    --out) out=$2 ;;
    --id-key) VEIL_ID_KEY=$2 ;;
    --hash-field) VEIL_HASH_FIELDS=${VEIL_HASH_FIELDS:+$VEIL_HASH_FIELDS,}$2 ;;
    --rules) VEIL_RULES=$2 ;;
    --sign-key) VEIL_SIGN_KEY=$2 ;;
    --pub-key) VEIL_PUB_KEY=$2 ;;
    --card-meta) VEIL_CARD_META=$2 ;;
    --gold) VEIL_GOLD=$2 ;;
    --min-recall) VEIL_MIN_RECALL=$2 ;;
    --canaries) VEIL_CANARIES=$2 ;;
    --scrub-arg) VEIL_SCRUB_ARGS="$VEIL_SCRUB_ARGS $2" ;;
    --release-arg) VEIL_RELEASE_ARGS="$VEIL_RELEASE_ARGS $2" ;;
    --sbatch-arg) sbatch_args="$sbatch_args $2" ;;
    --max-running) max_running=$2 ;;
    --max-retries) VEIL_MAX_RETRIES=$2 ;;
    --veil) VEIL=$2 ;;
    *) usage >&2; die "unknown option $1" ;;
    esac
    shift 2
done
[ $# -gt 0 ] || { usage >&2; die "no input files"; }
[ -n "$shards" ] || die "--shards is required"
[ -n "$name" ] || die "--name is required"
[ -n "$out" ] || die "--out is required"
[ -n "${VEIL_SIGN_KEY:-}" ] || die "--sign-key is required"
[ -n "${VEIL_PUB_KEY:-}" ] || die "--pub-key is required"
[ -n "${VEIL_CARD_META:-}" ] || die "--card-meta is required"
case $shards in '' | *[!0-9]*) die "--shards wants a number, got '$shards'" ;; esac
[ "$shards" -ge 1 ] && [ "$shards" -le 100000 ] || die "--shards must be from 1 to 100000"
case $name in *[!A-Za-z0-9._-]*) die "--name may hold only letters, digits and . _ -" ;; esac
case $out in *' '*) die "--out must not contain spaces" ;; esac
for f in "$@"; do [ -r "$f" ] || die "$f: cannot read input"; done
[ -z "${VEIL_RULES:-}" ] || VEIL_SCRUB_ARGS="--rules $VEIL_RULES $VEIL_SCRUB_ARGS"
mkdir -p "$out/logs" || die "cannot create $out/logs"

# The jobs read their settings from the environment, which sbatch exports (--export=ALL).
VEIL_NAME=$name VEIL_OUT_DIR=$out VEIL_SHARDS=$shards VEIL_SHARD_BASE=0
export VEIL_NAME VEIL_OUT_DIR VEIL_SHARDS VEIL_SHARD_BASE VEIL_SCRUB_ARGS VEIL_RELEASE_ARGS \
    VEIL_HASH_FIELDS VEIL VEIL_ID_KEY VEIL_RULES VEIL_SIGN_KEY VEIL_PUB_KEY VEIL_CARD_META \
    VEIL_GOLD VEIL_MIN_RECALL VEIL_CANARIES VEIL_MAX_RETRIES

# The same settings as a file to source, for re-running shards or the release job by hand.
val=''
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
for v in VEIL_NAME VEIL_OUT_DIR VEIL_SHARDS VEIL_SHARD_BASE VEIL_SCRUB_ARGS VEIL_RELEASE_ARGS \
    VEIL_HASH_FIELDS VEIL VEIL_ID_KEY VEIL_RULES VEIL_SIGN_KEY VEIL_PUB_KEY VEIL_CARD_META \
    VEIL_GOLD VEIL_MIN_RECALL VEIL_CANARIES VEIL_MAX_RETRIES; do
    eval "val=\${$v:-}"
    echo "export $v=$(quote "$val")"
done >"$out/logs/settings.env" || die "cannot write $out/logs/settings.env"

array=0-$((shards - 1))${max_running:+%$max_running}
# shellcheck disable=SC2086 # sbatch_args is a list of options
scrub=$(sbatch --parsable --array="$array" --output="$out/logs/scrub-%A_%a.out" $sbatch_args \
    "$here/scrub-array.sbatch" "$@") || die "sbatch of the scrub array failed"
scrub=${scrub%%;*}
# shellcheck disable=SC2086
release=$(sbatch --parsable --dependency="afterok:$scrub" --kill-on-invalid-dep=yes \
    --output="$out/logs/release-%j.out" $sbatch_args "$here/release.sbatch" "$@") || {
    scancel "$scrub"
    die "sbatch of the release job failed; cancelled the scrub array $scrub"
}
release=${release%%;*}
echo "$scrub $release"
